/* vitrine-file-chooser.h: what the agent chose in a file chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The local path chosen in @chooser when @response accepts it, else NULL.
 * A choice that has no local path (a network location) also gives NULL, and
 * sets *@not_local so the caller can say why. */
char *vitrine_file_chooser_get_path (GtkFileChooserNative *chooser,
                                     int                   response,
                                     gboolean             *not_local);

G_END_DECLS
