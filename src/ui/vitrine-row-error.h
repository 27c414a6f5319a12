/* vitrine-row-error.h: what is wrong with a row's value, said under it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @message in @label (under @row) and gives @row the "error" style;
 * a NULL @message hides the label and clears the style. */
void vitrine_row_error_show (GtkWidget  *row,
                             GtkLabel   *label,
                             const char *message);

G_END_DECLS
