/* vitrine-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vitrine-application.h"
#include "vitrine-photo-grid.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_WINDOW (vitrine_window_get_type ())
G_DECLARE_FINAL_TYPE (VitrineWindow, vitrine_window, VITRINE, WINDOW, AdwApplicationWindow)

VitrineWindow    *vitrine_window_new            (VitrineApplication *application);

VitrinePhotoGrid *vitrine_window_get_photo_grid (VitrineWindow      *self);
/* The preview area's video: the widget (it takes the focus and Space), and
 * the stream of the shown job's output (NULL when none is shown). */
GtkWidget        *vitrine_window_get_preview    (VitrineWindow      *self);
GtkMediaStream   *vitrine_window_get_preview_stream (VitrineWindow  *self);
/* The job shown in the preview area, or NULL. */
VitrineJob       *vitrine_window_get_shown_job  (VitrineWindow      *self);
void              vitrine_window_show_job       (VitrineWindow      *self,
                                                 VitrineJob         *job);
/* Selects @job in the status list, scrolls to it and shows it. */
void              vitrine_window_select_job     (VitrineWindow      *self,
                                                 VitrineJob         *job);
/* What the preview shows: "empty", "status", "video" or "missing". */
const char       *vitrine_window_get_preview_page (VitrineWindow    *self);
void              vitrine_window_add_toast      (VitrineWindow      *self,
                                                 const char         *text);

G_END_DECLS
