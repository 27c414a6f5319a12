/* vitrine-test-notifications.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-test-notifications.h"

static gboolean notification_server_ready;

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  static VitrineTestNotified scratch;
  VitrineTestNotified *record = user_data != NULL ? user_data : &scratch;

  if (g_str_equal (method_name, "Notify"))
    {
      const char *title, *body;
      g_autofree const char **actions = NULL;
      guint32 replaces;

      g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", NULL, &replaces, NULL, &title, &body,
                     &actions, NULL, NULL);
      record->n++;
      record->last_id = replaces ? replaces : record->n;
      g_free (record->title);
      g_free (record->body);
      g_free (record->actions);
      record->title = g_strdup (title);
      record->body = g_strdup (body);
      record->actions = g_strjoinv (",", (char **) actions);
      g_test_message ("notification %u: %s — %s [%s]", record->last_id, title, body,
                      record->actions);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", record->last_id));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
notifications_name_acquired_cb (GDBusConnection *connection,
                                const char      *name,
                                gpointer         user_data)
{
  notification_server_ready = TRUE;
}

void
vitrine_test_start_notification_server (GDBusConnection     *connection,
                                        VitrineTestNotified *record)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (info);
  g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, record, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (connection, "org.freedesktop.Notifications",
                                G_BUS_NAME_OWNER_FLAGS_NONE, notifications_name_acquired_cb,
                                NULL, NULL, NULL);
  while (!notification_server_ready && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (notification_server_ready);
}

void
vitrine_test_notified_clear (VitrineTestNotified *record)
{
  g_clear_pointer (&record->title, g_free);
  g_clear_pointer (&record->body, g_free);
  g_clear_pointer (&record->actions, g_free);
  record->n = record->last_id = 0;
}
