/* vitrine-row-error.c: what is wrong with a row's value, said under it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-row-error.h"

void
vitrine_row_error_show (GtkWidget  *row,
                        GtkLabel   *label,
                        const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (row));
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}
