/* vitrine-test-remote.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>

#include "vitrine-config.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"

void
vitrine_test_remote_init_env (void)
{
  /* The monitor's offline pause must not depend on whether this machine
   * has a default route. */
  g_setenv ("GIO_USE_NETWORK_MONITOR", "base", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gst_init (NULL, NULL);
}

void
vitrine_test_remote_setup (VitrineTestRemote *t,
                           guint              n_photos)
{
  g_autofree char *photos = NULL;
  g_autofree char *logo = NULL;
  g_autofree char *outro = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;

  memset (t, 0, sizeof *t);
  t->dir = vitrine_test_make_tmpdir ();
  t->out_dir = g_build_filename (t->dir, "out", NULL);
  photos = g_build_filename (t->dir, "photos", NULL);
  g_assert_cmpint (g_mkdir_with_parents (photos, 0755), ==, 0);
  t->video = vitrine_fake_make_mp4 (t->dir);

  t->files = vitrine_fake_server_new ();
  vitrine_fake_server_serve_dir (t->files, "/photos", photos);
  url = vitrine_fake_server_get_url (t->files);
  t->photo_urls = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_photos; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%u.jpg", i + 1);
      g_autofree char *path = vitrine_test_make_jpeg (photos, name, 640, 400, 1, i + 1);

      g_ptr_array_add (t->photo_urls, g_strdup_printf ("%s/photos/%s", url, name));
    }
  g_ptr_array_add (t->photo_urls, NULL);
  logo = vitrine_test_make_png (photos, "logo.png", 128, 64, 7);
  outro = vitrine_test_make_jpeg (photos, "outro.jpg", 640, 360, 1, 9);
  t->logo_url = g_strdup_printf ("%s/photos/logo.png", url);
  t->outro_url = g_strdup_printf ("%s/photos/outro.jpg", url);

  db = g_build_filename (t->dir, "jobs.db", NULL);
  t->store = vitrine_job_store_new_for_path (db, &error);
  g_assert_no_error (error);

  t->states = g_array_new (FALSE, FALSE, sizeof (VitrineJobState));
  t->vikit = vitrine_fake_vikit_new (t->video);
  t->iacrea = vitrine_fake_iacrea_new (t->video);
  t->aixpose = vitrine_fake_aixpose_new (t->video);
  t->vidgen = vitrine_fake_vidgen_new (t->video);
  t->music = vitrine_test_make_wav (t->dir, "music.wav", 2, 0.3);
  vitrine_test_remote_set_env ("vikit", vitrine_fake_server_get_url (t->vikit->server),
                               VITRINE_TEST_VIKIT_KEY);
  vitrine_test_remote_set_env ("iacrea", vitrine_fake_server_get_url (t->iacrea->server),
                               VITRINE_TEST_IACREA_KEY);
  vitrine_test_remote_set_env ("aixpose", vitrine_fake_server_get_url (t->aixpose->server),
                               VITRINE_FAKE_AIXPOSE_KEY);
  vitrine_test_remote_set_env ("vidgen", vitrine_fake_server_get_url (t->vidgen->server),
                               VITRINE_FAKE_VIDGEN_KEY);
}

void
vitrine_test_remote_teardown (VitrineTestRemote *t)
{
  g_clear_object (&t->store);
  g_clear_pointer (&t->vikit, vitrine_fake_free);
  g_clear_pointer (&t->iacrea, vitrine_fake_free);
  g_clear_pointer (&t->aixpose, vitrine_fake_free);
  g_clear_pointer (&t->vidgen, vitrine_fake_free);
  g_clear_pointer (&t->music, g_free);
  g_clear_pointer (&t->states, g_array_unref);
  g_clear_pointer (&t->files, vitrine_fake_server_free);
  g_clear_pointer (&t->photo_urls, g_ptr_array_unref);
  vitrine_test_rmtree (t->dir);
  g_free (t->dir);
  g_free (t->out_dir);
  g_free (t->video);
  g_free (t->logo_url);
  g_free (t->outro_url);
}

VitrineJob *
vitrine_test_remote_new_job (VitrineTestRemote *t,
                             const char        *provider_id)
{
  VitrineJob *job = vitrine_job_new (provider_id);

  vitrine_job_set_name (job, "12 rue Exemple");
  vitrine_job_set_photos (job, (const char * const *) t->photo_urls->pdata);
  vitrine_job_set_output_dir (job, t->out_dir);
  return job;
}

char *
vitrine_test_remote_missing_url (VitrineTestRemote *t)
{
  return g_strdup_printf ("%s/photos/missing.jpg", vitrine_fake_server_get_url (t->files));
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
state_cb (VitrineJob        *job,
          GParamSpec        *pspec,
          VitrineTestRemote *t)
{
  VitrineJobState state = vitrine_job_get_state (job);

  g_array_append_val (t->states, state);
}

/* What a watcher of the job sees at each change of progress: within one
 * step the progress never goes back (a step that starts again from 0 is a
 * new step and says so first). vitrine-cli prints these. */
typedef struct {
  VitrineJobState state;
  guint           progress;
} Step;

static void
progress_cb (VitrineJob *job,
             GParamSpec *pspec,
             Step       *last)
{
  VitrineJobState state = vitrine_job_get_state (job);
  guint progress = vitrine_job_get_progress (job);

  if (state == last->state && progress < last->progress)
    g_error ("%s went back from %u%% to %u%%", vitrine_job_state_to_string (state),
             last->progress, progress);
  last->state = state;
  last->progress = progress;
}

void
vitrine_test_remote_run (VitrineTestRemote *t,
                         VitrineJob        *job,
                         guint              timeout_s)
{
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  gboolean timed_out = FALSE;
  Step last = { vitrine_job_get_state (job), vitrine_job_get_progress (job) };
  guint id;

  g_array_set_size (t->states, 0);
  g_signal_connect (job, "notify::state", G_CALLBACK (state_cb), t);
  g_signal_connect (job, "notify::progress", G_CALLBACK (progress_cb), &last);
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  id = g_timeout_add_seconds (timeout_s, timeout_cb, &timed_out);
  while (!vitrine_job_is_finished (job) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_signal_handlers_disconnect_by_func (job, state_cb, t);
  g_signal_handlers_disconnect_by_func (job, progress_cb, &last);
  if (g_test_verbose ())
    g_printerr ("job %s: %s, %s\n", vitrine_job_get_id (job),
                vitrine_job_state_to_string (vitrine_job_get_state (job)),
                vitrine_job_get_error_message (job) ? vitrine_job_get_error_message (job) : "");
  g_assert_false (timed_out);
}

void
vitrine_test_remote_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
vitrine_test_remote_set_env (const char *provider_id,
                             const char *url,
                             const char *api_key)
{
  g_autofree char *url_name = vitrine_config_env_name (provider_id, "URL");
  g_autofree char *key_name = vitrine_config_env_name (provider_id, "API_KEY");
  g_autofree char *poll_name = vitrine_config_env_name (provider_id, "POLL_MS");
  g_autofree char *timeout_name = vitrine_config_env_name (provider_id, "TIMEOUT_MINUTES");

  g_setenv (url_name, url, TRUE);
  if (api_key != NULL)
    g_setenv (key_name, api_key, TRUE);
  else
    g_unsetenv (key_name);
  g_setenv (poll_name, "30", TRUE);
  g_unsetenv (timeout_name);
}

void
vitrine_test_remote_assert_outputs (VitrineJob         *job,
                                    const char * const *labels)
{
  GPtrArray *outputs = vitrine_job_get_outputs (job);

  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpuint (outputs->len, ==, g_strv_length ((char **) labels));
  for (guint i = 0; i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      g_assert_cmpstr (output->label, ==, labels[i]);
      g_assert_nonnull (output->url);
      g_assert_nonnull (output->path);
      g_assert_true (g_str_has_suffix (output->path, ".mp4"));
      g_assert_true (vitrine_fake_is_playable_mp4 (output->path));
    }
}

void
vitrine_test_remote_run_to_failure (VitrineTestRemote *t,
                                    VitrineJob        *job,
                                    const char        *expected)
{
  vitrine_test_remote_run (t, job, 60);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  if (strstr (vitrine_job_get_error_message (job), expected) == NULL)
    g_error ("“%s” not in “%s”", expected, vitrine_job_get_error_message (job));
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Starts @argv with @t's data folder as XDG_DATA_HOME, its output and
 * error output piped. */
static GSubprocess *
spawn_argv (VitrineTestRemote  *t,
            const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_build_filename (t->dir, "data", NULL);
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

GSubprocess *
vitrine_test_remote_cli_spawn (VitrineTestRemote  *t,
                               const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("VITRINE_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return spawn_argv (t, (const char * const *) argv->pdata);
}

GSubprocess *
vitrine_test_remote_unshared_spawn (VitrineTestRemote *t,
                                    const char        *script)
{
  const char *argv[] = { "unshare", "-rm", "sh", "-c", script, NULL };

  return spawn_argv (t, argv);
}

char *
vitrine_test_remote_communicate (GSubprocess  *process,
                                 int          *status,
                                 char        **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;
  GAsyncResult *result = NULL;
  char *out = NULL;

  /* The fake answers from this main loop: keep it turning. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_communicate_utf8_finish (process, result, &out, &err_text, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  if (err != NULL)
    *err = g_steal_pointer (&err_text);
  return g_strstrip (out);
}

char *
vitrine_test_remote_cli (VitrineTestRemote  *t,
                         const char * const *args,
                         int                *status,
                         char              **err)
{
  g_autoptr(GSubprocess) cli = vitrine_test_remote_cli_spawn (t, args);

  return vitrine_test_remote_communicate (cli, status, err);
}

VitrineJobStore *
vitrine_test_remote_cli_store (VitrineTestRemote *t)
{
  g_autofree char *db = g_build_filename (t->dir, "data", "vitrine", "jobs.db", NULL);
  g_autoptr(GError) error = NULL;
  VitrineJobStore *store = vitrine_job_store_new_for_path (db, &error);

  g_assert_no_error (error);
  return store;
}

void
vitrine_test_remote_run_until (VitrineJob      *job,
                               VitrineJobState  state)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (vitrine_job_get_state (job) != state && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (vitrine_job_get_state (job), ==, state);
}
