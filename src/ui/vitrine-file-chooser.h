/* vitrine-file-chooser.h: what the agent chose in a file chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A modal chooser over @widget's window (none while it has no window),
 * with "_Cancel" and @accept_label; when @filter_name is not NULL, a filter
 * of that name over the @n_mime_types of @mime_types. */
GtkFileChooserNative *vitrine_file_chooser_new      (GtkWidget            *widget,
                                                     const char           *title,
                                                     GtkFileChooserAction  action,
                                                     const char           *accept_label,
                                                     const char           *filter_name,
                                                     const char * const   *mime_types,
                                                     gsize                 n_mime_types);

/* Destroys the dialog in *@chooser, if any, and drops it (sets NULL). */
void                  vitrine_file_chooser_clear    (GtkFileChooserNative **chooser);

/* The local path chosen in @chooser when @response accepts it, else NULL.
 * A choice that has no local path (a network location) also gives NULL, and
 * sets *@not_local so the caller can say why. */
char                 *vitrine_file_chooser_get_path (GtkFileChooserNative *chooser,
                                                     int                   response,
                                                     gboolean             *not_local);
/* On @response, the local path chosen in @chooser (if any) goes into
 * @settings' string @key. FALSE when the choice has no local path (a
 * network location), for the caller to say so. */
gboolean              vitrine_file_chooser_store_path (GtkFileChooserNative *chooser,
                                                       int                   response,
                                                       GSettings            *settings,
                                                       const char           *key);

G_END_DECLS
