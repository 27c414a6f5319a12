/* vitrine-widget-actions.h: a widget class's actions, installed from a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One gtk_widget_class_install_action() call: @parameter_type is a
 * GVariant type string, or NULL for an action without a parameter. */
typedef struct
{
  const char                  *name;
  const char                  *parameter_type;
  GtkWidgetActionActivateFunc  activate;
} VitrineWidgetAction;

/* Installs the @n_actions actions of @actions on @widget_class, in order. */
void vitrine_widget_class_install_actions (GtkWidgetClass            *widget_class,
                                           const VitrineWidgetAction *actions,
                                           gsize                      n_actions);

G_END_DECLS
