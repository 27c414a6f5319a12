/* vitrine-file-chooser.c: what the agent chose in a file chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-file-chooser.h"

GtkFileChooserNative *
vitrine_file_chooser_new (GtkWidget            *widget,
                          const char           *title,
                          GtkFileChooserAction  action,
                          const char           *accept_label,
                          const char           *filter_name,
                          const char * const   *mime_types,
                          gsize                 n_mime_types)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (filter_name != NULL)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, filter_name);
      for (gsize i = 0; i < n_mime_types; i++)
        gtk_file_filter_add_mime_type (filter, mime_types[i]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  return chooser;
}

void
vitrine_file_chooser_clear (GtkFileChooserNative **chooser)
{
  g_return_if_fail (chooser != NULL);

  if (*chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (*chooser));
  g_clear_object (chooser);
}

char *
vitrine_file_chooser_get_path (GtkFileChooserNative *chooser,
                               int                   response,
                               gboolean             *not_local)
{
  g_autoptr(GFile) file = NULL;
  char *path;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (chooser), NULL);

  if (not_local != NULL)
    *not_local = FALSE;
  if (response != GTK_RESPONSE_ACCEPT ||
      !(file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    return NULL;
  path = g_file_get_path (file);
  if (path == NULL && not_local != NULL)
    *not_local = TRUE;
  return path;
}

gboolean
vitrine_file_chooser_store_path (GtkFileChooserNative *chooser,
                                 int                   response,
                                 GSettings            *settings,
                                 const char           *key)
{
  gboolean not_local;
  g_autofree char *path = vitrine_file_chooser_get_path (chooser, response, &not_local);

  g_return_val_if_fail (G_IS_SETTINGS (settings), TRUE);

  if (path != NULL)
    g_settings_set_string (settings, key, path);
  return !not_local;
}
