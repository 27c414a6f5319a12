/* vitrine-test-notifications.h: a notification server on the test's private bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the last Notify call carried. */
typedef struct {
  guint  n;
  guint  last_id;
  char  *title;
  char  *body;
  char  *actions;   /* "key,label,key,label" */
} VitrineTestNotified;

/* Owns org.freedesktop.Notifications on @connection (GLib's fallback for
 * GNotification, and GIO warns when nobody listens) and records each
 * notification in @record (may be NULL). Returns once the name is owned. */
void vitrine_test_start_notification_server (GDBusConnection     *connection,
                                             VitrineTestNotified *record);
void vitrine_test_notified_clear            (VitrineTestNotified *record);

G_END_DECLS
