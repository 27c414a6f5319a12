/* test-job-monitor.c: the state flow a monitor drives, against a scripted provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-backoff.h"
#include "vitrine-job-monitor.h"
#include "vitrine-provider.h"

/* A provider whose every answer the test scripts. */
#define TEST_TYPE_PROVIDER (test_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestProvider, test_provider, TEST, PROVIDER, GObject)

struct _TestProvider
{
  GObject  parent_instance;
  guint    submits;
  guint    polls;
  guint    cancels;
  guint    transient_polls;   /* this many polls fail with a network error first */
  gboolean fatal_poll;        /* a poll fails for good */
  gboolean busy_submit;       /* the first submit answers 409 */
  gboolean remote_failure;    /* the provider says the job failed */
  gboolean no_cancel;         /* it has no cancel call (as a paid job's provider may not) */
  gint64   last_poll_time;
  gint64   longest_gap;
  VitrineJobStore *driver_store;   /* reached through the driver handed over */
  guint    driven;                 /* jobs handed over and not taken back */
  gboolean driven_at_submit;       /* the driver was there when the job was submitted */
};

static void test_provider_iface_init (VitrineProviderInterface *iface);
G_DEFINE_FINAL_TYPE_WITH_CODE (TestProvider, test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VITRINE_TYPE_PROVIDER, test_provider_iface_init))

static const char *
test_provider_get_id (VitrineProvider *provider)
{
  return "test";
}

static const VitrineProviderCapabilities *
test_provider_get_capabilities (VitrineProvider *provider)
{
  static const VitrineProviderCapabilities caps[] = {
    { .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16,
      .max_photos = 3, .min_photos = 1, .can_cancel = TRUE },
    { .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16,
      .max_photos = 3, .min_photos = 1, .can_cancel = FALSE },
  };
  return &caps[TEST_PROVIDER (provider)->no_cancel];
}

static guint
test_provider_get_poll_interval (VitrineProvider *provider,
                                 VitrineJob      *job)
{
  return 10;
}

/* The monitor hands itself over as the job's driver, and takes itself back. */
static void
test_provider_drive (VitrineProvider  *provider,
                     VitrineJob       *job,
                     VitrineJobDriver *driver)
{
  TestProvider *self = TEST_PROVIDER (provider);

  if (driver != NULL)
    {
      self->driven++;
      self->driver_store = vitrine_job_driver_get_store (driver);
    }
  else
    self->driven--;
}

static void
test_provider_submit_async (VitrineProvider     *provider,
                            VitrineJob          *job,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  TEST_PROVIDER (provider)->driven_at_submit = TEST_PROVIDER (provider)->driven > 0;
  TestProvider *self = TEST_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  if (++self->submits == 1 && self->busy_submit)
    {
      g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_BUSY,
                               "You already have an active job");
      return;
    }
  vitrine_job_set_remote_id (job, "remote-1");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_SUBMITTED);
  g_task_return_boolean (task, TRUE);
}

static void
test_provider_poll_async (VitrineProvider     *provider,
                          VitrineJob          *job,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  TestProvider *self = TEST_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  gint64 now = g_get_monotonic_time ();

  if (self->last_poll_time != 0)
    self->longest_gap = MAX (self->longest_gap, now - self->last_poll_time);
  self->last_poll_time = now;
  self->polls++;

  if (self->transient_polls > 0)
    {
      self->transient_polls--;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "Connection reset");
      return;
    }
  if (self->fatal_poll)
    {
      g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_AUTH,
                               "Your API key was refused");
      return;
    }
  if (self->remote_failure)
    {
      vitrine_job_set_status_text (job, "Error");
      vitrine_job_fail (job, "Generation failed; credits were refunded");
    }
  else if (vitrine_job_get_progress (job) >= 75)
    {
      vitrine_job_add_output (job, "Video", "http://127.0.0.1/v.mp4", "/tmp/v.mp4");
      vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
    }
  else
    {
      vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
      vitrine_job_set_status_text (job, "Processing_video");
      vitrine_job_set_progress (job, vitrine_job_get_progress (job) + 25);
    }
  g_task_return_boolean (task, TRUE);
}

static void
test_provider_cancel_async (VitrineProvider     *provider,
                            VitrineJob          *job,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  TestProvider *self = TEST_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->cancels++;
  vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
  g_task_return_boolean (task, TRUE);
}

static gboolean
test_provider_finish (VitrineProvider  *provider,
                      GAsyncResult     *result,
                      GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_provider_iface_init (VitrineProviderInterface *iface)
{
  iface->get_id = test_provider_get_id;
  iface->get_display_name = test_provider_get_id;
  iface->get_capabilities = test_provider_get_capabilities;
  iface->get_poll_interval = test_provider_get_poll_interval;
  iface->submit_async = test_provider_submit_async;
  iface->submit_finish = test_provider_finish;
  iface->poll_async = test_provider_poll_async;
  iface->poll_finish = test_provider_finish;
  iface->cancel_async = test_provider_cancel_async;
  iface->cancel_finish = test_provider_finish;
  iface->drive = test_provider_drive;
}

static void test_provider_class_init (TestProviderClass *klass) { }
static void test_provider_init (TestProvider *self) { }

typedef struct {
  TestProvider      *provider;
  VitrineJobStore   *store;
  VitrineJobMonitor *monitor;
  GArray            *states;
} Fixture;

static void
record_state (VitrineJob *job,
              GParamSpec *pspec,
              GArray     *states)
{
  VitrineJobState state = vitrine_job_get_state (job);

  g_array_append_val (states, state);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->provider = g_object_new (TEST_TYPE_PROVIDER, NULL);
  vitrine_provider_register (VITRINE_PROVIDER (f->provider));
  f->store = vitrine_job_store_new_in_memory ();
  f->monitor = vitrine_job_monitor_new (f->store);
  f->states = g_array_new (FALSE, FALSE, sizeof (VitrineJobState));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->monitor);
  g_assert_finalize_object (f->store);
  g_object_unref (f->provider); /* the registry keeps one reference */
  g_array_unref (f->states);
}

static VitrineJob *
add_job (Fixture *f)
{
  const char * const photos[] = { "/p1.jpg", "/p2.jpg", NULL };
  VitrineJob *job = vitrine_job_new ("test");

  vitrine_job_set_photos (job, photos);
  g_signal_connect (job, "notify::state", G_CALLBACK (record_state), f->states);
  vitrine_job_store_add (f->store, job);
  return job;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_finished (VitrineJob *job,
               guint       timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!vitrine_job_is_finished (job) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
test_flow_to_completed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VitrineJob) job = add_job (f);
  const VitrineJobState expected[] = {
    VITRINE_JOB_STATE_SUBMITTED, VITRINE_JOB_STATE_PROCESSING, VITRINE_JOB_STATE_COMPLETED,
  };

  wait_finished (job, 5000);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpuint (f->provider->submits, ==, 1);
  g_assert_cmpuint (f->provider->polls, ==, 4);
  g_assert_cmpuint (f->states->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (f->states, VitrineJobState, i), ==, expected[i]);
  g_assert_cmpuint (vitrine_job_get_progress (job), ==, 100);
  g_assert_cmpstr (vitrine_job_get_first_output_path (job), ==, "/tmp/v.mp4");
  /* Issue 9: the provider reached the store through the driver handed to
   * it (no global lookup), and it was taken back once the job ended. */
  g_assert_true (f->provider->driven_at_submit);
  g_assert_true (f->provider->driver_store == f->store);
  for (guint i = 0; i < 100 && f->provider->driven > 0; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->provider->driven, ==, 0);
}

static void
test_transient_errors_back_off (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(VitrineJob) job = NULL;

  f->provider->transient_polls = 2;
  job = add_job (f);
  wait_finished (job, 10000);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpuint (f->provider->submits, ==, 1);
  g_assert_cmpuint (f->provider->polls, ==, 6);
  /* The second retry waited about 2 × 500 ms (the floor), ±25 %. */
  g_assert_cmpint (f->provider->longest_gap, >=, 700 * 1000);
}

static void
test_fatal_error_fails (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VitrineJob) job = NULL;

  f->provider->fatal_poll = TRUE;
  job = add_job (f);
  wait_finished (job, 5000);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_cmpstr (vitrine_job_get_error_message (job), ==, "Your API key was refused");
  g_assert_cmpuint (f->provider->polls, ==, 1);
}

static void
test_remote_failure (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VitrineJob) job = NULL;

  f->provider->remote_failure = TRUE;
  job = add_job (f);
  wait_finished (job, 5000);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_cmpstr (vitrine_job_get_status_text (job), ==, "Error");
  g_assert_cmpuint (f->provider->polls, ==, 1);
}

static void
test_busy_submit_waits (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VitrineJob) job = NULL;

  f->provider->busy_submit = TRUE;
  job = add_job (f);
  wait_finished (job, 10000);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpuint (f->provider->submits, ==, 2);
}

static void
test_validate_refuses (Fixture       *f,
                       gconstpointer  data)
{
  const char * const photos[] = { "/1", "/2", "/3", "/4", NULL };
  g_autoptr(VitrineJob) job = vitrine_job_new ("test");
  g_autoptr(VitrineJob) square = vitrine_job_new ("test");
  g_autoptr(GError) error = NULL;

  g_assert_false (vitrine_provider_validate (VITRINE_PROVIDER (f->provider), job, &error));
  g_assert_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  vitrine_job_set_photos (square, photos + 2);
  vitrine_job_set_ratio (square, VITRINE_RATIO_1_1);
  g_assert_false (vitrine_provider_validate (VITRINE_PROVIDER (f->provider), square, &error));
  g_assert_nonnull (strstr (error->message, "1:1"));
  g_clear_error (&error);

  /* Through the monitor: too many photos, nothing is submitted. */
  vitrine_job_set_photos (job, photos);
  vitrine_job_store_add (f->store, job);
  wait_finished (job, 5000);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "3"));
  g_assert_cmpuint (f->provider->submits, ==, 0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VitrineJob) job = add_job (f);

  while (vitrine_job_get_state (job) != VITRINE_JOB_STATE_PROCESSING)
    g_main_context_iteration (NULL, TRUE);
  vitrine_job_monitor_cancel_job (f->monitor, job);
  wait_finished (job, 5000);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);
  g_assert_cmpuint (f->provider->cancels, ==, 1);

  /* No more polls after the cancel. */
  {
    guint polls = f->provider->polls;
    gboolean done = FALSE;

    g_timeout_add (100, timeout_cb, &done);
    while (!done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (f->provider->polls, ==, polls);
  }
}

/* A cancel asked from another process (through the store) of a job whose
 * provider cannot stop it once sent: the driver says so, and the job goes
 * on to its video. The window asks so when its copy had not yet seen the
 * request leave (test-post-guard's stale-cancel-after-post). */
static void
test_cancel_request_refused (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(VitrineJob) job = add_job (f);
  const char *refused;

  f->provider->no_cancel = TRUE;
  while (vitrine_job_get_state (job) != VITRINE_JOB_STATE_PROCESSING)
    g_main_context_iteration (NULL, TRUE);
  vitrine_job_set_cancel_requested (job, TRUE);
  g_assert_false (vitrine_job_get_cancel_requested (job));
  refused = vitrine_job_get_option (job, VITRINE_JOB_OPTION_CANCEL_REFUSED);
  g_assert_nonnull (refused);
  g_assert_nonnull (strstr (refused, "cannot stop"));
  g_assert_nonnull (strstr (vitrine_job_get_status_text (job), "charged"));

  wait_finished (job, 5000);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpuint (f->provider->cancels, ==, 0);
}

static void
test_unknown_provider (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VitrineJob) job = vitrine_job_new ("nonesuch");

  vitrine_job_store_add (f->store, job);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "nonesuch"));
}

static void
test_backoff (void)
{
  for (guint i = 0; i < 50; i++)
    {
      guint d1 = vitrine_backoff_delay (1000, 1, 0);
      guint d3 = vitrine_backoff_delay (1000, 3, 0);
      guint big = vitrine_backoff_delay (1000, 40, 0);
      guint hinted = vitrine_backoff_delay (1000, 1, 30000);

      g_assert_cmpuint (d1, >=, 750);
      g_assert_cmpuint (d1, <=, 1250);
      g_assert_cmpuint (d3, >=, 3000);
      g_assert_cmpuint (d3, <=, 5000);
      g_assert_cmpuint (big, <=, 5 * 60 * 1000 * 5 / 4);
      g_assert_cmpuint (hinted, >=, 30000);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/job-monitor/flow-to-completed", test_flow_to_completed);
  ADD ("/core/job-monitor/transient-errors-back-off", test_transient_errors_back_off);
  ADD ("/core/job-monitor/fatal-error-fails", test_fatal_error_fails);
  ADD ("/core/job-monitor/remote-failure", test_remote_failure);
  ADD ("/core/job-monitor/busy-submit-waits", test_busy_submit_waits);
  ADD ("/core/job-monitor/validate-refuses", test_validate_refuses);
  ADD ("/core/job-monitor/cancel", test_cancel);
  ADD ("/core/job-monitor/cancel-request-refused", test_cancel_request_refused);
  ADD ("/core/job-monitor/unknown-provider", test_unknown_provider);
#undef ADD
  g_test_add_func ("/core/job-monitor/backoff", test_backoff);
  return g_test_run ();
}
