/* vitrine-test-window.h: conditions on the window, for the UI tests
 *
 * Header only: the UI tests link GTK, the rest of testlib does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vitrine-window.h"

G_BEGIN_DECLS

/* GStreamer is done with the preview's file: it plays, or it said why not.
 * Wait for it before the window goes, or its threads outlive the test. */
static inline gboolean
vitrine_test_preview_settled (gpointer window)
{
  GtkMediaStream *stream = gtk_video_get_media_stream (vitrine_window_get_preview (window));

  return stream != NULL &&
         (gtk_media_stream_get_error (stream) != NULL || gtk_media_stream_is_prepared (stream));
}

G_END_DECLS
