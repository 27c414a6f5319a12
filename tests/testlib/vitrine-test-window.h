/* vitrine-test-window.h: conditions on the window, for the UI tests
 *
 * Header only: the UI tests link GTK, the rest of testlib does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vitrine-window.h"

G_BEGIN_DECLS

/* GStreamer is done with the preview's file: it plays, or it said why not.
 * Wait for it before the window goes, or its threads outlive the test. */
static inline gboolean
vitrine_test_preview_settled (gpointer window)
{
  GtkMediaStream *stream = vitrine_window_get_preview_stream (window);

  return stream != NULL &&
         (gtk_media_stream_get_error (stream) != NULL || gtk_media_stream_is_prepared (stream));
}

/* The check of the row titled @title under @widget (Compare Providers). */
static inline GtkCheckButton *
vitrine_test_find_row_check (GtkWidget  *widget,
                             const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = vitrine_test_find_row_check (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

G_END_DECLS
