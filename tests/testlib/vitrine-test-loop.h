/* vitrine-test-loop.h: iterating the main context until something happens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*VitrineTestCondition) (gpointer data);

/* Iterates the default main context until @condition (@data) holds or
 * @timeout_s seconds passed; returns the last answer of @condition. A 20 ms
 * timer keeps the loop turning when nothing else wakes it. */
gboolean vitrine_test_wait_for (VitrineTestCondition condition,
                                gpointer             data,
                                guint                timeout_s);

/* A GAsyncReadyCallback that keeps a reference to the result in
 * *(GAsyncResult **) @user_data, and the wait for it (fails the test after
 * @timeout_s). */
void     vitrine_test_result_cb       (GObject       *object,
                                       GAsyncResult  *result,
                                       gpointer       user_data);
void     vitrine_test_wait_for_result (GAsyncResult **result,
                                       guint          timeout_s);

G_END_DECLS
