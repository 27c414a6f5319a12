/* test-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-job.h"
#include "vitrine-job-store.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_progress_notifies_once (void)
{
  VitrineJob *job = vitrine_job_new ("local");
  guint count = 0;

  g_signal_connect (job, "notify::progress", G_CALLBACK (count_notify), &count);
  vitrine_job_set_progress (job, 10);
  vitrine_job_set_progress (job, 10);
  g_assert_cmpuint (count, ==, 1);
  vitrine_job_set_progress (job, 500);
  g_assert_cmpuint (vitrine_job_get_progress (job), ==, 100);
  g_assert_cmpuint (count, ==, 2);
  g_assert_finalize_object (job);
}

static void
test_defaults (void)
{
  VitrineJob *job = vitrine_job_new ("local");
  VitrineJob *other = vitrine_job_new ("local");

  g_assert_cmpstr (vitrine_job_get_provider_id (job), ==, "local");
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_QUEUED);
  g_assert_cmpint (vitrine_job_get_ratio (job), ==, VITRINE_RATIO_16_9);
  g_assert_cmpfloat (vitrine_job_get_seconds_per_photo (job), ==, 4.0);
  g_assert_cmpuint (vitrine_job_get_n_photos (job), ==, 0);
  g_assert_nonnull (vitrine_job_get_photos (job));
  g_assert_true (g_uuid_string_is_valid (vitrine_job_get_id (job)));
  g_assert_cmpstr (vitrine_job_get_id (job), !=, vitrine_job_get_id (other));
  g_assert_cmpint (vitrine_job_get_created (job), >, 1700000000);
  g_assert_null (vitrine_job_get_idempotency_key (job));
  g_assert_finalize_object (job);
  g_assert_finalize_object (other);
}

static void
test_state_flow (void)
{
  VitrineJob *job = vitrine_job_new ("local");
  guint count = 0;

  g_signal_connect (job, "notify::state", G_CALLBACK (count_notify), &count);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  g_assert_cmpuint (count, ==, 1);
  g_assert_false (vitrine_job_is_finished (job));
  vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
  g_assert_true (vitrine_job_is_finished (job));
  g_assert_cmpuint (vitrine_job_get_progress (job), ==, 100);

  /* Finished states are final: a late failure, a stale state or a cancel
   * changes nothing; only an explicit reopen (Retry, Follow Again) does. */
  vitrine_job_fail (job, "Disk full");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_null (vitrine_job_get_error_message (job));
  g_assert_cmpuint (count, ==, 2);
  vitrine_job_reopen (job, VITRINE_JOB_STATE_DOWNLOADING);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_DOWNLOADING);

  vitrine_job_fail (job, "Disk full");
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_cmpstr (vitrine_job_get_error_message (job), ==, "Disk full");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_finalize_object (job);
}

/* INTERRUPTED is finished (nothing drives it) but not final: a provider
 * that finds what the lost POST made moves it on. */
static void
test_interrupted_is_not_final (void)
{
  g_autoptr(VitrineJob) job = vitrine_job_new ("vikit");

  vitrine_job_set_state (job, VITRINE_JOB_STATE_INTERRUPTED);
  g_assert_true (vitrine_job_is_finished (job));
  g_assert_false (vitrine_job_is_final (job));
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_PROCESSING);
}

static void
test_inputs_and_retry (void)
{
  const char * const photos[] = { "/a.jpg", "/b.jpg", NULL };
  VitrineJob *job = vitrine_job_new ("local");
  VitrineJob *retry;
  const char *key;

  vitrine_job_set_name (job, "12 rue Exemple");
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_music (job, "/m.ogg");
  vitrine_job_set_ratio (job, VITRINE_RATIO_9_16);
  vitrine_job_set_seconds_per_photo (job, 2.5);
  vitrine_job_set_option (job, "notify_email", "a@example.com");
  vitrine_job_set_remote_id (job, "r-1");
  vitrine_job_add_output (job, "Video", NULL, "/out.mp4");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_FAILED);
  key = vitrine_job_ensure_idempotency_key (job);
  g_assert_true (g_uuid_string_is_valid (key));
  g_assert_true (key == vitrine_job_ensure_idempotency_key (job));
  g_assert_cmpstr (vitrine_job_get_first_output_path (job), ==, "/out.mp4");

  retry = vitrine_job_new_retry (job);
  g_assert_cmpstr (vitrine_job_get_id (retry), !=, vitrine_job_get_id (job));
  g_assert_cmpstr (vitrine_job_get_name (retry), ==, "12 rue Exemple");
  g_assert_true (g_strv_equal (vitrine_job_get_photos (retry), photos));
  g_assert_cmpstr (vitrine_job_get_music (retry), ==, "/m.ogg");
  g_assert_cmpint (vitrine_job_get_ratio (retry), ==, VITRINE_RATIO_9_16);
  g_assert_cmpfloat (vitrine_job_get_seconds_per_photo (retry), ==, 2.5);
  g_assert_cmpstr (vitrine_job_get_option (retry, "notify_email"), ==, "a@example.com");
  /* Never the remote side, outputs or key of the first one. */
  g_assert_null (vitrine_job_get_remote_id (retry));
  g_assert_null (vitrine_job_get_idempotency_key (retry));
  g_assert_cmpuint (vitrine_job_get_outputs (retry)->len, ==, 0);
  g_assert_cmpint (vitrine_job_get_state (retry), ==, VITRINE_JOB_STATE_QUEUED);

  g_assert_finalize_object (retry);
  g_assert_finalize_object (job);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *last_position)
{
  *last_position = position;
}

static void
test_store_newest_first (void)
{
  VitrineJobStore *store = vitrine_job_store_new_in_memory ();
  g_autoptr(VitrineJob) first = vitrine_job_new ("local");
  g_autoptr(VitrineJob) second = vitrine_job_new ("local");
  g_autoptr(VitrineJob) item = NULL;
  guint position = G_MAXUINT;

  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &position);
  vitrine_job_store_add (store, first);
  vitrine_job_store_add (store, second);
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  item = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_true (item == second);
  g_assert_true (vitrine_job_store_lookup (store, vitrine_job_get_id (first)) == first);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 2));

  vitrine_job_store_remove (store, second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_null (vitrine_job_store_lookup (store, vitrine_job_get_id (second)));
  g_assert_finalize_object (store);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/job/progress-notifies-once", test_progress_notifies_once);
  g_test_add_func ("/core/job/defaults", test_defaults);
  g_test_add_func ("/core/job/state-flow", test_state_flow);
  g_test_add_func ("/core/job/interrupted-is-not-final", test_interrupted_is_not_final);
  g_test_add_func ("/core/job/inputs-and-retry", test_inputs_and_retry);
  g_test_add_func ("/core/job-store/newest-first", test_store_newest_first);
  return g_test_run ();
}
