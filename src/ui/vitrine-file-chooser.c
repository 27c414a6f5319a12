/* vitrine-file-chooser.c: what the agent chose in a file chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-file-chooser.h"

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
