/* test-resume-aixpose.c: an AIXpose start killed after any of its POSTs resumes
 *
 * The test is its own child: run with VITRINE_TEST_CHILD=<job id>, it drives
 * that job with the real AIXpose provider and the real SQLite store against
 * the fake the parent runs. The parent kills the child with SIGKILL right
 * after the fake made the object of the Nth POST (before the answer leaves),
 * for every N of the flow, starts a new child, and counts the objects: one
 * project, one picture per photo, one enhancement per picture, one video.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include <gst/gst.h>

#include "vitrine-fake-aixpose.h"
#include "vitrine-job-monitor.h"
#include "vitrine-job-store.h"
#include "vitrine-provider-aixpose.h"
#include "vitrine-test-photos.h"

#define N_PHOTOS 2
/* project, 2 × (picture, enhancement), video */
#define N_POSTS (1 + 2 * N_PHOTOS + 1)

static int
run_child (const char *job_id)
{
  g_autoptr(VitrineJobStore) store = vitrine_job_store_new_default ();
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  VitrineJob *job = vitrine_job_store_lookup (store, job_id);

  g_assert_nonnull (job);
  monitor = vitrine_job_monitor_new_for_job (store, job);
  while (!vitrine_job_is_finished (job))
    g_main_context_iteration (NULL, TRUE);
  return vitrine_job_get_state (job) == VITRINE_JOB_STATE_COMPLETED ? 0 : 3;
}

typedef struct {
  GSubprocess *child;
  guint        made;
  guint        kill_at;
} Crash;

static void
made_cb (VitrineFakeAixpose *fake,
         const char         *kind,
         gpointer            user_data)
{
  Crash *crash = user_data;

  if (++crash->made == crash->kill_at && crash->child != NULL)
    {
      /* Dead before the answer leaves. */
      g_subprocess_send_signal (crash->child, SIGKILL);
      g_subprocess_wait (crash->child, NULL, NULL);
    }
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* TRUE if the child ended on its own (the job completed). */
static gboolean
run_driver (Crash      *crash,
            const char *job_id)
{
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-resume-aixpose", NULL), NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gboolean exited;

  g_subprocess_launcher_setenv (launcher, "VITRINE_TEST_CHILD", job_id, TRUE);
  crash->child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (crash->child, NULL, exited_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  exited = g_subprocess_get_if_exited (crash->child);
  if (exited)
    g_assert_cmpint (g_subprocess_get_exit_status (crash->child), ==, 0);
  g_clear_object (&crash->child);
  return exited;
}

static void
test_killed_after_each_post (gconstpointer data)
{
  guint kill_at = GPOINTER_TO_UINT (data);
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *video = vitrine_fake_make_mp4 (dir);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *photo1 = vitrine_test_make_jpeg (dir, "a.jpg", 640, 400, 1, 1);
  g_autofree char *photo2 = vitrine_test_make_jpeg (dir, "b.jpg", 400, 640, 6, 2);
  const char *photos[] = { photo1, photo2, NULL };
  VitrineFakeAixpose *fake = vitrine_fake_aixpose_new (video);
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJob) job = vitrine_job_new ("aixpose");
  g_autofree char *id = NULL;
  Crash crash = { NULL, 0, kill_at };

  g_setenv ("VITRINE_AIXPOSE_URL", vitrine_fake_server_get_url (fake->server), TRUE);
  fake->after_create = made_cb;
  fake->after_create_data = &crash;

  store = vitrine_job_store_new_default ();
  vitrine_job_set_name (job, "Crash test");
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_output_dir (job, out);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE, "exterior-sky-blue");
  vitrine_job_store_add (store, job);
  id = g_strdup (vitrine_job_get_id (job));
  g_clear_object (&job);
  g_clear_object (&store);

  g_assert_false (run_driver (&crash, id));   /* killed after POST number kill_at */
  g_assert_cmpuint (crash.made, ==, kill_at);
  g_assert_true (run_driver (&crash, id));    /* resumed, to the end */

  /* Exactly one object per step: the in-flight POST was replayed. */
  g_assert_cmpuint (fake->projects, ==, 1);
  g_assert_cmpuint (fake->pictures, ==, N_PHOTOS);
  g_assert_cmpuint (fake->enhancements, ==, N_PHOTOS);
  g_assert_cmpuint (fake->videos, ==, 1);
  g_assert_cmpuint (fake->replays, ==, 1);
  g_assert_cmpuint (fake->mismatches, ==, 0);   /* the same bytes under each key */

  store = vitrine_job_store_new_default ();
  job = g_object_ref (vitrine_job_store_lookup (store, id));
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_true (vitrine_fake_is_playable_mp4 (vitrine_job_get_first_output_path (job)));

  g_clear_object (&job);
  g_clear_object (&store);
  vitrine_fake_free (fake);
  vitrine_test_rmtree (dir);
}

int
main (int    argc,
      char **argv)
{
  const char *child = g_getenv ("VITRINE_TEST_CHILD");
  g_autofree char *home = NULL;
  g_autofree char *data = NULL;
  int status;

  g_setenv ("GIO_USE_NETWORK_MONITOR", "base", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  if (child != NULL)
    return run_child (child);

  g_test_init (&argc, &argv, NULL);
  /* One store for the parent and its children, before anything (GStreamer
   * included) reads the user's folders. */
  home = vitrine_test_make_tmpdir ();
  data = g_build_filename (home, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gst_init (NULL, NULL);
  g_setenv ("VITRINE_AIXPOSE_API_KEY", VITRINE_FAKE_AIXPOSE_KEY, TRUE);
  g_setenv ("VITRINE_AIXPOSE_POLL_MS", "30", TRUE);
  for (guint n = 1; n <= N_POSTS; n++)
    {
      g_autofree char *path = g_strdup_printf ("/providers/aixpose/killed-after-post-%u", n);

      g_test_add_data_func (path, GUINT_TO_POINTER (n), test_killed_after_each_post);
    }
  status = g_test_run ();
  vitrine_test_rmtree (home);
  return status;
}
