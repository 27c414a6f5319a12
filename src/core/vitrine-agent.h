/* vitrine-agent.h: the agent's details as they were when a job was made
 *
 * A job keeps its own copy, so a later change of the Agent page does not
 * rewrite history; the images are paths under the app's data folder (see
 * vitrine-agent-profile.h), so moving the originals breaks nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vitrine-string-record.h"

G_BEGIN_DECLS

/* The branded end card's colours when the agent chose none. */
#define VITRINE_AGENT_DEFAULT_BG "#1b2a4a"
#define VITRINE_AGENT_DEFAULT_FG "#ffffff"

/* Every field may be NULL (not given). Colours are "#rrggbb". */
typedef struct {
  char *name;
  char *agency;
  char *phone;
  char *email;
  char *photo;     /* headshot, a local path */
  char *logo;      /* the agency's logo, a local path */
  char *brand_bg;  /* the end card's background */
  char *brand_fg;  /* its text */
} VitrineAgent;

/* Its members, for the code that treats them alike. */
extern const VitrineStringMember vitrine_agent_members[];

#define VITRINE_TYPE_AGENT (vitrine_agent_get_type ())
VITRINE_DECLARE_STRING_RECORD (VitrineAgent, vitrine_agent)

/* Fields set in @over replace those of @agent. */
void          vitrine_agent_merge     (VitrineAgent       *agent,
                                       const VitrineAgent *over);
/* An e-mail address the end card can print: empty, or a name, an @ and a
 * domain without spaces. */
gboolean      vitrine_agent_check_email (const char  *email,
                                         GError     **error);
/* Cheap checks: an e-mail address, colours that parse, images that exist
 * and are files. */
gboolean      vitrine_agent_validate  (const VitrineAgent *agent,
                                       GError            **error);

G_END_DECLS
