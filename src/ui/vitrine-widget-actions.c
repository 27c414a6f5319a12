/* vitrine-widget-actions.c: a widget class's actions, installed from a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-widget-actions.h"

void
vitrine_widget_class_install_actions (GtkWidgetClass            *widget_class,
                                      const VitrineWidgetAction *actions,
                                      gsize                      n_actions)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));

  for (gsize i = 0; i < n_actions; i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, actions[i].parameter_type,
                                     actions[i].activate);
}
