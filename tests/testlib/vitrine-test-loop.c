/* vitrine-test-loop.c: iterating the main context until something happens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-test-loop.h"

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
vitrine_test_wait_for (VitrineTestCondition condition,
                       gpointer             data,
                       guint                timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, wake_up_cb, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
  return ok;
}

void
vitrine_test_result_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

void
vitrine_test_wait_for_result (GAsyncResult **result,
                              guint          timeout_s)
{
  g_assert_true (vitrine_test_wait_for (has_result, result, timeout_s));
}
