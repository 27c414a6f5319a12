/* vitrine-agent-page.h: the Agent page of Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The page's two images. */
typedef enum {
  VITRINE_AGENT_IMAGE_PHOTO,   /* the headshot */
  VITRINE_AGENT_IMAGE_LOGO,
} VitrineAgentImage;

#define VITRINE_TYPE_AGENT_PAGE (vitrine_agent_page_get_type ())
G_DECLARE_FINAL_TYPE (VitrineAgentPage, vitrine_agent_page, VITRINE, AGENT_PAGE,
                      AdwPreferencesPage)

GtkWidget *vitrine_agent_page_new       (void);

/* What choosing @path in the image's file chooser does: the file is read
 * whole (a damaged one is refused) and copied into the app's data folder
 * (vitrine-agent-profile.h), off the main thread, and the profile points
 * at the copy. */
void       vitrine_agent_page_set_image_async  (VitrineAgentPage     *self,
                                                VitrineAgentImage     image,
                                                const char           *path,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean   vitrine_agent_page_set_image_finish (VitrineAgentPage     *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
