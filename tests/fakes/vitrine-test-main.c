/* vitrine-test-main.c: main() of the provider test programs, and the tests
 * every cloud provider must pass
 *
 * A program (tests/test-provider-<id>.c) defines vitrine_test_provider and
 * its own tests with VITRINE_TEST; this file adds the shared ones (the
 * faults of the HTTP exchange, the refusals, the client timeout) against the
 * same fakes, and runs them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "vitrine-config.h"
#include "vitrine-remote-provider.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"

#define MAX_TESTS 64

static struct {
  char             *name;
  gconstpointer     data;
  GTestFixtureFunc  func;
} tests[MAX_TESTS];
static guint n_tests;

void
vitrine_test_register (const char       *name,
                       gconstpointer     data,
                       GTestFixtureFunc  func)
{
  g_assert (n_tests < MAX_TESTS);
  tests[n_tests].name = g_strdelimit (g_strdup (name), "_", '-');
  tests[n_tests].data = data;
  tests[n_tests].func = func;
  n_tests++;
}

static void
fixture_setup (VitrineTestRemote *t,
               gconstpointer      data)
{
  vitrine_test_remote_setup (t, vitrine_test_provider.n_photos);
  const char *id = vitrine_test_provider.id;

  t->fake = g_str_equal (id, "vikit") ? t->vikit->server :
            g_str_equal (id, "aixpose") ? t->aixpose->server :
            g_str_equal (id, "vidgen") ? t->vidgen->server : t->iacrea->server;
}

static void
fixture_teardown (VitrineTestRemote *t,
                  gconstpointer      data)
{
  vitrine_test_remote_teardown (t);
}

static guint
posts (VitrineTestRemote *t)
{
  return vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_POST);
}

/* Faults of the exchange ------------------------------------------------------ */

typedef struct {
  const char        *name;
  VitrineFakeTarget  target;
  VitrineFakeFault   fault;
  guint              status;
  guint              count;
  guint              extra;   /* the POSTs the job takes besides its own */
} Fault;

/* What every provider meets on the way and gets over: the job completes,
 * charged once. */
static const Fault survivable[] = {
  /* Polls and downloads are repeated (HTTP layer, then monitor backoff). */
  { "poll-500-once", VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_STATUS, 500, 1, 0 },
  { "poll-429-retry-after", VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_RETRY_AFTER, 0, 1, 0 },
  { "poll-connection-reset", VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_RESET, 0, 1, 0 },
  { "poll-truncated-json", VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_TRUNCATED, 0, 2, 0 },
  { "download-500-once", VITRINE_FAKE_ON_DOWNLOAD, VITRINE_FAKE_FAULT_STATUS, 500, 1, 0 },
};

/* A busy answer (429, 503) to the paid POST. Where a duplicate is
 * impossible (idempotency keys, one active job per key) it is sent again
 * after the backoff and the job completes (test_survives); elsewhere it is
 * never sent again by itself (test_busy_not_sent_again). */
static const Fault busy[] = {
  { "post-429", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_RETRY_AFTER, 0, 1, 1 },
  { "post-503", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS, 503, 1, 1 },
};

/* A video URL that is not ready (404) or a download cut short, more often
 * than the HTTP layer retries by itself: the job pauses, then completes. */
static const Fault download_pauses[] = {
  { "download-404-then-file", VITRINE_FAKE_ON_DOWNLOAD, VITRINE_FAKE_FAULT_STATUS, 404, 1, 0 },
  { "download-cut", VITRINE_FAKE_ON_DOWNLOAD, VITRINE_FAKE_FAULT_CUT, 0, 4, 0 },
};

/* With idempotency keys, a POST whose answer was lost or that failed once
 * is asked again: the provider replays it (resumes). */
static const Fault replayed[] = {
  { "post-500-once", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS, 500, 1, 1 },
  { "post-connection-reset", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_RESET, 0, 1, 1 },
  { "post-truncated-json", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_TRUNCATED, 0, 1, 1 },
};

/* The answer to the paid POST is lost: it may have started and been
 * charged, so it is never sent again. */
static const Fault lost[] = {
  { "post-connection-reset", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_RESET, 0, 1, 1 },
  { "post-truncated-json", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_TRUNCATED, 0, 1, 1 },
};

static void
inject (VitrineTestRemote *t,
        const Fault       *row)
{
  vitrine_fake_server_inject (t->fake, row->target, row->fault, row->status, NULL, row->count);
}

static void
test_survives (VitrineTestRemote *t,
               gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  inject (t, data);
  vitrine_test_remote_run (t, job, 90);
  vitrine_test_remote_assert_outputs (job, vitrine_test_provider.labels);
  g_assert_cmpuint (posts (t), ==, MAX (vitrine_test_provider.posts, 1) +
                                   ((const Fault *) data)->extra);
  if (vitrine_test_provider.charged != NULL)
    vitrine_test_provider.charged (t, job);
}

static void
test_lost_answer (VitrineTestRemote *t,
                  gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  inject (t, data);
  vitrine_test_remote_run (t, job, 60);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_INTERRUPTED);
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job),
                            "check your provider account before retrying"));
  /* Nothing sends it again, however long one waits. */
  vitrine_test_remote_spin (300);
  g_assert_cmpuint (posts (t), ==, 1);
  g_assert_cmpuint (vitrine_job_get_outputs (job)->len, ==, 0);
}

/* Issue 9: a provider without Idempotency-Key nor one active job per key
 * answers the paid POST 429 or 503: exactly one POST, however long one
 * waits (past any backoff), and the job ends with what to do. */
static void
test_busy_not_sent_again (VitrineTestRemote *t,
                          gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  inject (t, data);
  vitrine_test_remote_run_to_failure (t, job, "does not send it again by itself");
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "then Retry"));
  vitrine_test_remote_spin (2500);
  g_assert_cmpuint (posts (t), ==, 1);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
}

/* Refusals -------------------------------------------------------------------- */

/* A reply the provider answers with, and what the person reads. */
typedef struct {
  const char        *name;
  VitrineFakeTarget  target;
  guint              status;
  const char        *body;
  const char        *expected;
  gboolean           auth;    /* the window opens Preferences on the key */
  gboolean           blind;   /* only where POSTs carry no idempotency key */
} Refusal;

static const Refusal refusals[] = {
  { "post-400-message", VITRINE_FAKE_ON_POST, 400,
    "{\"statusCode\": 400, \"message\": \"image_urls.0 must be a URL address\"}",
    "image_urls.0 must be a URL address", FALSE },
  /* A 5xx answer to the paid POST: not sent again, the account is worth a look. */
  { "post-500", VITRINE_FAKE_ON_POST, 500, "{\"message\": \"Internal error\"}",
    "provider account", FALSE, TRUE },
  { "post-401", VITRINE_FAKE_ON_POST, 401, "{\"message\": \"Unauthorized\"}", "Preferences", TRUE },
  /* A 401 while polling a job the provider accepted only pauses it
   * (issue 9): see test_poll_401_paused. */
  { "poll-404", VITRINE_FAKE_ON_POLL, 404, "{\"statusCode\": 404, \"message\": \"Generation not found\"}",
    "Generation not found", FALSE },
};

static void
test_refused (VitrineTestRemote *t,
              gconstpointer      data)
{
  const Refusal *row = data;
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  vitrine_fake_server_inject (t->fake, row->target, VITRINE_FAKE_FAULT_STATUS, row->status,
                              row->body, 1);
  vitrine_test_remote_run_to_failure (t, job, row->expected);
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_ERROR_KIND), ==,
                   row->auth ? "auth" : NULL);
  vitrine_test_remote_spin (200);
  /* A refused POST is the last; a refused poll comes after all of them. */
  g_assert_cmpuint (posts (t), ==, row->target == VITRINE_FAKE_ON_POST ? 1 :
                                   MAX (vitrine_test_provider.posts, 1));
}

/* Pauses (issue 9) ------------------------------------------------------------- */

/* What a job went through: the first reason it was paused for, and
 * whether its result URLs were recorded by then. */
typedef struct {
  char     *attention;
  gboolean  urls_recorded;
  gboolean  remote_id_kept;
} Pauses;

static void
pauses_cb (VitrineJob *job,
           GParamSpec *pspec,
           Pauses     *pauses)
{
  GPtrArray *outputs = vitrine_job_get_outputs (job);

  if (pauses->attention != NULL || vitrine_job_get_attention (job) == NULL)
    return;
  pauses->attention = g_strdup (vitrine_job_get_attention (job));
  pauses->remote_id_kept = vitrine_job_get_remote_id (job) != NULL;
  pauses->urls_recorded = outputs->len > 0;
  for (guint i = 0; i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      pauses->urls_recorded &= output->url != NULL && output->path == NULL;
    }
}

/* Runs @job to its end with a fault queued, and checks it was paused
 * (never failed), charged once, and completed. */
static void
run_paused (VitrineTestRemote *t,
            VitrineJob        *job,
            Pauses            *pauses)
{
  g_signal_connect (job, "notify::options", G_CALLBACK (pauses_cb), pauses);
  vitrine_test_remote_run (t, job, 90);
  g_signal_handlers_disconnect_by_func (job, pauses_cb, pauses);
  vitrine_test_remote_assert_outputs (job, vitrine_test_provider.labels);
  g_assert_null (vitrine_job_get_attention (job));
  g_assert_nonnull (pauses->attention);
  g_assert_true (pauses->remote_id_kept);
  g_assert_cmpuint (posts (t), ==, MAX (vitrine_test_provider.posts, 1));
  for (guint i = 0; i < t->states->len; i++)
    g_assert_cmpint (g_array_index (t->states, VitrineJobState, i), !=, VITRINE_JOB_STATE_FAILED);
}

/* The key is refused for three polls, then comes back: the job pauses
 * ("… refused the key — check it in Preferences"), keeps its remote id,
 * is tried again with backoff and completes, charged once. */
static void
test_poll_401_paused (VitrineTestRemote *t,
                      gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);
  Pauses pauses = { 0 };

  vitrine_fake_server_inject (t->fake, VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_STATUS, 401,
                              "{\"message\": \"Unauthorized\"}", 3);
  run_paused (t, job, &pauses);
  g_assert_nonnull (strstr (pauses.attention, "refused the key — check it in Preferences"));
  g_clear_pointer (&pauses.attention, g_free);
}

/* A video URL that answers 404 once (a CDN not ready yet), or whose
 * download is cut short: the job pauses with its result URLs recorded, is
 * tried again, and completes; nothing is posted again. */
static void
test_download_paused (VitrineTestRemote *t,
                      gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);
  const Fault *row = data;
  Pauses pauses = { 0 };

  vitrine_fake_server_inject (t->fake, VITRINE_FAKE_ON_DOWNLOAD, row->fault, row->status,
                              "{\"message\": \"Not Found\"}", row->count);
  run_paused (t, job, &pauses);
  g_assert_true (pauses.urls_recorded);
  g_assert_nonnull (strstr (pauses.attention, "could not be downloaded yet"));
  g_clear_pointer (&pauses.attention, g_free);
}

static void
count_notify (guint *changes)
{
  (*changes)++;
}

/* The output folder cannot be made (a file stands in its way): the job
 * waits for the agent, also after a restart, nothing posted again; Follow
 * Again (as vitrine-cli wait does) once the folder can be made brings the
 * videos. */
static void
test_download_folder_unwritable (VitrineTestRemote *t,
                                 gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autofree char *blocker = g_build_filename (t->dir, "blocker", NULL);
  g_autofree char *out = g_build_filename (blocker, "videos", NULL);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));
  vitrine_job_set_output_dir (job, out);
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  while (vitrine_job_get_attention (job) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (vitrine_job_get_attention (job), "cannot be created"));
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_DOWNLOADING);
  /* It waits for the agent: no more polls, downloads or POSTs. */
  {
    guint polls = vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_POLL);

    vitrine_test_remote_spin (1500);
    g_assert_cmpuint (vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_POLL), ==, polls);
    g_assert_false (vitrine_job_is_finished (job));
  }
  /* It still waits after a restart: the hold is saved with the job. */
  {
    g_autofree char *path = g_strdup (vitrine_job_store_get_path (t->store));
    g_autofree char *id = g_strdup (vitrine_job_get_id (job));
    g_autoptr(GError) error = NULL;
    guint requests = vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_POLL) +
                     vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_DOWNLOAD);
    gulong handler;
    guint changes = 0;

    g_clear_object (&monitor);
    g_clear_object (&job);
    g_assert_finalize_object (t->store);
    t->store = vitrine_job_store_new_for_path (path, &error);
    g_assert_no_error (error);
    job = g_object_ref (vitrine_job_store_lookup (t->store, id));
    handler = g_signal_connect_swapped (job, "notify", G_CALLBACK (count_notify), &changes);
    monitor = vitrine_job_monitor_new_for_job (t->store, job);
    vitrine_test_remote_spin (1500);
    g_signal_handler_disconnect (job, handler);
    g_assert_cmpuint (vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_POLL) +
                      vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_DOWNLOAD), ==, requests);
    g_assert_cmpuint (changes, ==, 0);
    g_assert_nonnull (strstr (vitrine_job_get_attention (job), "cannot be created"));
  }
  g_assert_cmpint (g_unlink (blocker), ==, 0);
  vitrine_job_monitor_follow_job (monitor, job);
  while (!vitrine_job_is_finished (job) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  vitrine_test_remote_assert_outputs (job, vitrine_test_provider.labels);
  g_assert_cmpuint (posts (t), ==, MAX (vitrine_test_provider.posts, 1));
}

/* The progress vitrine-cli printed for the making of the video (lines
 * "Making the video N%") never goes back. */
static void
assert_making_never_back (const char *log)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  guint last = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint progress;

      if (sscanf (lines[i], "Making the video %u%%", &progress) != 1)
        continue;
      if (progress < last)
        g_error ("the progress went back from %u%% to %u%%:\n%s", last, progress, log);
      last = progress;
    }
}

/* Issue 9: the disk fills during the download. vitrine-cli wait drives the
 * job onto a 16 KiB tmpfs of its own (a private mount namespace): the job
 * pauses for the agent, saying the video could not be saved, and nothing is
 * fetched or posted while it waits. Once there is room (the tmpfs grown), a
 * second vitrine-cli wait, the Follow Again of the command line, resumes it:
 * both exit 0 with the videos, the provider saw one POST. */
static void
test_download_disk_full (VitrineTestRemote *t,
                         gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(GSubprocess) sh = NULL;
  g_autofree char *small = g_build_filename (t->dir, "small", NULL);
  g_autofree char *kept = g_build_filename (t->dir, "kept", NULL);
  g_autofree char *paused = g_build_filename (t->dir, "paused", NULL);
  g_autofree char *go = g_build_filename (t->dir, "go", NULL);
  g_autofree char *log = g_build_filename (t->dir, "first.log", NULL);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *first_err = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint downloads;
  int status = -1;

  if (g_getenv ("VITRINE_CLI") == NULL || !vitrine_test_can_mount_tmpfs ())
    {
      g_test_skip ("needs VITRINE_CLI and a private mount namespace (unshare -rm)");
      return;
    }
  g_assert_cmpint (g_mkdir (small, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (kept, 0755), ==, 0);
  vitrine_job_set_output_dir (job, small);
  store = vitrine_test_remote_cli_store (t);
  vitrine_job_store_add (store, job);

  /* The videos live on the tmpfs only as long as the namespace: they are
   * copied out for the checks below. */
  script = g_strdup_printf (
    "cd '%s' || exit 90\n"
    "mount -t tmpfs -o size=16k none small || exit 91\n"
    "\"$VITRINE_CLI\" wait %s 2>first.log & first=$!\n"
    "i=0; until grep -q 'could not be saved' first.log; do\n"
    "  sleep 0.1; i=$((i+1)); [ $i -lt 400 ] || { kill $first; exit 92; }\n"
    "done\n"
    "echo \"paused with:$(ls -A small)\"; touch paused\n"
    "i=0; until [ -e go ]; do sleep 0.1; i=$((i+1)); [ $i -lt 400 ] || exit 93; done\n"
    "mount -o remount,size=64m small || exit 94\n"
    "\"$VITRINE_CLI\" wait --quiet %s; again=$?\n"
    "wait $first; first_status=$?\n"
    "cp small/*.mp4 kept/\n"
    "echo \"again:$again first:$first_status\"\n",
    t->dir, vitrine_job_get_id (job), vitrine_job_get_id (job));
  sh = vitrine_test_remote_unshared_spawn (t, script);

  while (!g_file_test (paused, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    vitrine_test_remote_spin (100);
  if (!g_file_test (paused, G_FILE_TEST_EXISTS) && g_file_get_contents (log, &first_err, NULL, NULL))
    g_error ("the job did not pause; vitrine-cli wait said: %s", first_err);
  /* It waits for the agent: nothing more is fetched. */
  downloads = vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_DOWNLOAD);
  vitrine_test_remote_spin (1500);
  g_assert_cmpuint (vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_DOWNLOAD), ==, downloads);
  vitrine_job_store_refresh (store);
  g_assert_nonnull (strstr (vitrine_job_get_attention (job), "could not be saved"));
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_DOWNLOADING);
  g_assert_true (g_file_set_contents (go, "", 0, NULL));

  out = vitrine_test_remote_communicate (sh, &status, &err);
  g_assert_true (g_file_get_contents (log, &first_err, NULL, NULL));
  if (g_test_verbose () || status != 0)
    g_printerr ("status %d\nout: %s\nerr: %s\nfirst wait: %s\n", status, out, err, first_err);
  g_assert_cmpint (status, ==, 0);
  /* The partial file was not left behind for the agent to trip over. */
  g_assert_nonnull (strstr (out, "paused with:\n"));
  g_assert_nonnull (strstr (out, "again:0 first:0"));
  g_assert_nonnull (strstr (first_err, "No space left"));
  assert_making_never_back (first_err);

  vitrine_job_store_refresh (store);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_null (vitrine_job_get_attention (job));
  for (guint i = 0; vitrine_test_provider.labels[i] != NULL; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (vitrine_job_get_outputs (job), i);
      g_autofree char *base = g_path_get_basename (output->path);
      g_autofree char *copy = g_build_filename (kept, base, NULL);

      g_assert_true (vitrine_fake_is_playable_mp4 (copy));
    }
  g_assert_cmpuint (posts (t), ==, MAX (vitrine_test_provider.posts, 1));
}

/* Issue 9: a paid job whose download failed (it ended FAILED, its result
 * URLs recorded, as older versions left it) is followed again by Retry:
 * no new POST, the videos downloaded. */
static void
test_retry_resumes (VitrineTestRemote *t,
                    gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint sent;

  vitrine_fake_server_inject (t->fake, VITRINE_FAKE_ON_DOWNLOAD, VITRINE_FAKE_FAULT_STATUS, 404,
                              "{\"message\": \"Not Found\"}", 1000);
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  while (vitrine_job_get_attention (job) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_DOWNLOADING);
  vitrine_job_fail (job, "The video could not be downloaded");
  g_assert_nonnull (vitrine_job_get_remote_id (job));
  sent = posts (t);
  vitrine_fake_server_clear_faults (t->fake, VITRINE_FAKE_ON_DOWNLOAD);

  g_assert_true (vitrine_job_monitor_resume_job (monitor, job));
  while (!vitrine_job_is_finished (job) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  vitrine_test_remote_assert_outputs (job, vitrine_test_provider.labels);
  g_assert_null (vitrine_job_get_error_message (job));
  g_assert_cmpuint (posts (t), ==, sent);
  g_assert_cmpuint (posts (t), ==, MAX (vitrine_test_provider.posts, 1));
  /* A finished one makes a new video: nothing to resume. */
  g_assert_false (vitrine_job_monitor_resume_job (monitor, job));
}

/* A listing name of 300 bytes makes file names of at most 100, cut at a
 * character boundary, with none of the characters other file systems
 * refuse. */
static void
test_file_name_capped (VitrineTestRemote *t,
                       gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);
  g_autoptr(GString) name = g_string_new (".Villa: “Les Pins” <sea/view>? ");
  GPtrArray *outputs;

  while (name->len < 300)
    g_string_append (name, "été à Nîmes ");
  vitrine_job_set_name (job, name->str);
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, vitrine_test_provider.labels);
  outputs = vitrine_job_get_outputs (job);
  for (guint i = 0; i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);
      g_autofree char *base = g_path_get_basename (output->path);

      g_assert_cmpuint (strlen (base), <=, 100);
      g_assert_true (g_utf8_validate (base, -1, NULL));
      g_assert_null (strpbrk (base, "\\:*?\"<>|"));
      g_assert_false (base[0] == '.');
      g_assert_true (g_str_has_prefix (base, "Villa- “Les Pins” -sea-view"));
    }
}

/* A key the provider does not know: refused, nothing charged. */
static void
test_unknown_key (VitrineTestRemote *t,
                  gconstpointer      data)
{
  g_autofree char *name = vitrine_config_env_name (vitrine_test_provider.id, "API_KEY");
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  g_setenv (name, "not-the-key", TRUE);
  vitrine_test_remote_run_to_failure (t, job, "Check it in Preferences");
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_ERROR_KIND), ==, "auth");
  g_assert_cmpstr (t->fake->last_key, ==, "not-the-key");
  g_assert_cmpuint (posts (t), ==, 1);
}

/* No key at all: nothing leaves the machine. */
static void
test_missing_key (VitrineTestRemote *t,
                  gconstpointer      data)
{
  g_autofree char *name = vitrine_config_env_name (vitrine_test_provider.id, "API_KEY");
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);
  VitrineProvider *provider = vitrine_provider_lookup (vitrine_test_provider.id);
  g_autofree char *expected = g_strdup_printf ("Add your %s API key in Preferences",
                                               vitrine_provider_get_display_name (provider));

  g_unsetenv (name);
  vitrine_test_remote_run_to_failure (t, job, expected);
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_ERROR_KIND), ==, "auth");
  g_assert_cmpuint (posts (t), ==, 0);
  g_assert_null (vitrine_job_get_idempotency_key (job));
}

/* Issue 9: a poll stalls past the client timeout: the job the provider
 * accepted pauses with the reason (never FAILED), is polled again with
 * backoff, and completes, charged once. */
static void
test_client_timeout (VitrineTestRemote *t,
                     gconstpointer      data)
{
  g_autofree char *name = vitrine_config_env_name (vitrine_test_provider.id, "TIMEOUT_MINUTES");
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);
  Pauses pauses = { 0 };

  /* 3 s instead of the provider's minutes. */
  g_setenv (name, "0.05", TRUE);
  vitrine_fake_server_inject (t->fake, VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_HANG, 0, NULL, 1);
  run_paused (t, job, &pauses);
  g_assert_nonnull (strstr (pauses.attention, "took longer than 0.05 minutes"));
  g_assert_nonnull (strstr (pauses.attention, "keeps waiting for the video"));
  g_clear_pointer (&pauses.attention, g_free);
}

static void
add (const char       *name,
     gconstpointer     data,
     GTestFixtureFunc  func)
{
  g_autofree char *path = g_strdup_printf ("/providers/%s/%s", vitrine_test_provider.id, name);

  g_test_add_vtable (path, sizeof (VitrineTestRemote), data, (GTestFixtureFunc) fixture_setup,
                     func, (GTestFixtureFunc) fixture_teardown);
}

int
main (int    argc,
      char **argv)
{
  vitrine_test_remote_init_env ();
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < n_tests; i++)
    add (tests[i].name, tests[i].data, tests[i].func);
  for (guint i = 0; i < G_N_ELEMENTS (survivable); i++)
    add (survivable[i].name, &survivable[i], (GTestFixtureFunc) test_survives);
  for (guint i = 0; i < G_N_ELEMENTS (busy); i++)
    {
      gboolean again = vitrine_test_provider.resumes || vitrine_test_provider.one_active_job;
      g_autofree char *name = g_strconcat (busy[i].name, again ? "-sent-again" : "-not-sent-again",
                                           NULL);

      add (name, &busy[i],
           again ? (GTestFixtureFunc) test_survives : (GTestFixtureFunc) test_busy_not_sent_again);
    }
  for (guint i = 0; !vitrine_test_provider.resumes && i < G_N_ELEMENTS (lost); i++)
    add (lost[i].name, &lost[i], (GTestFixtureFunc) test_lost_answer);
  for (guint i = 0; vitrine_test_provider.resumes && i < G_N_ELEMENTS (replayed); i++)
    add (replayed[i].name, &replayed[i], (GTestFixtureFunc) test_survives);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      if (!refusals[i].blind ||
          (!vitrine_test_provider.resumes && !vitrine_test_provider.one_active_job))
        add (refusals[i].name, &refusals[i], (GTestFixtureFunc) test_refused);
    }
  add ("poll-401-paused", NULL, (GTestFixtureFunc) test_poll_401_paused);
  for (guint i = 0; i < G_N_ELEMENTS (download_pauses); i++)
    add (download_pauses[i].name, &download_pauses[i], (GTestFixtureFunc) test_download_paused);
  add ("download-folder-unwritable", NULL, (GTestFixtureFunc) test_download_folder_unwritable);
  add ("download-disk-full", NULL, (GTestFixtureFunc) test_download_disk_full);
  add ("retry-resumes", NULL, (GTestFixtureFunc) test_retry_resumes);
  add ("file-name-capped", NULL, (GTestFixtureFunc) test_file_name_capped);
  add ("unknown-key", NULL, (GTestFixtureFunc) test_unknown_key);
  add ("missing-key", NULL, (GTestFixtureFunc) test_missing_key);
  add ("client-timeout", NULL, (GTestFixtureFunc) test_client_timeout);
  return g_test_run ();
}
