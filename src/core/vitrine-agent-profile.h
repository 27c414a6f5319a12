/* vitrine-agent-profile.h: the saved Agent page (GSettings + copied images)
 *
 * The text fields and brand colours are GSettings keys ("agent-name",
 * "agent-agency", "agent-phone", "agent-email", "agent-photo",
 * "agent-logo", "agent-brand-bg", "agent-brand-fg"). The headshot and the
 * logo are copied into $XDG_DATA_HOME/vitrine/agent/ under a name made from
 * their content, and the keys hold the copies' paths: moving or deleting
 * the originals breaks nothing, and a job made with an earlier image keeps
 * it (copies are never overwritten).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-agent.h"

G_BEGIN_DECLS

/* The saved profile; an empty VitrineAgent when @settings is NULL. */
VitrineAgent *vitrine_agent_profile_load       (GSettings           *settings);
/* Copies @agent's images (when they are not copies already) and writes
 * every key; a NULL field clears its key. */
gboolean      vitrine_agent_profile_save       (GSettings           *settings,
                                                const VitrineAgent  *agent,
                                                GError             **error);
/* The folder the images are copied into. */
char         *vitrine_agent_profile_dir        (void);
/* Copies @path into that folder; returns the copy's path (the same path
 * when it already is a copy). */
char         *vitrine_agent_profile_copy_image (const char          *path,
                                                const char          *kind,
                                                GError             **error);

G_END_DECLS
