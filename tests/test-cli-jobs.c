/* test-cli-jobs.c: vitrine-cli list, show, wait, cancel and render --detach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include <json-glib/json-glib.h>

#include "vitrine-job-store.h"
#include "vitrine-test-photos.h"

typedef struct {
  char *dir;
  char *videos;
  char *photos[3];
} Fixture;

static JsonNode *
cli_json (const char *first,
          ...)
{
  g_autofree char *out = NULL;
  const char *args[4] = { NULL };
  va_list ap;
  int status;
  guint n = 0;

  va_start (ap, first);
  for (const char *a = first; a != NULL && n < 3; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  out = vitrine_test_run_cli (&status, args[0], args[1], args[2], args[3], NULL);
  g_assert_cmpint (status, ==, 0);
  return json_from_string (out, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *data_home = NULL;

  f->dir = vitrine_test_make_tmpdir ();
  data_home = g_build_filename (f->dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  f->videos = g_build_filename (f->dir, "videos", NULL);
  g_mkdir_with_parents (f->videos, 0755);
  f->photos[0] = vitrine_test_make_jpeg (f->dir, "a.jpg", 1200, 900, 1, 1);
  f->photos[1] = vitrine_test_make_jpeg (f->dir, "b.jpg", 900, 1200, 1, 2);
  f->photos[2] = NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vitrine_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->videos);
  g_free (f->photos[0]);
  g_free (f->photos[1]);
}

static char *
detach (Fixture    *f,
        const char *name,
        const char *seconds)
{
  g_autofree char *out_path = g_strdup_printf ("%s/%s.mp4", f->videos, name);
  gint64 start = g_get_monotonic_time ();
  char *out;
  int status;

  out = vitrine_test_run_cli (&status, "render", "--detach", "--ratio", "1:1", "--seconds-per-photo", seconds,
             "-o", out_path, f->photos[0], f->photos[1], NULL);
  g_assert_cmpint (status, ==, 0);
  g_strstrip (out);
  g_assert_true (g_uuid_string_is_valid (out));
  /* It returns at once: the render goes on in the background. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  return out;
}

static void
assert_job_json (JsonObject *job)
{
  const char *fields[] = { "id", "provider", "name", "state", "progress", "status_text", "error",
                           "outputs", "remote_id", "created", "updated" };
  g_autoptr(GDateTime) created = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_true (json_object_has_member (job, fields[i]));
  g_assert_cmpstr (json_object_get_string_member (job, "provider"), ==, "local");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (job, "outputs")));
  created = g_date_time_new_from_iso8601 (json_object_get_string_member (job, "created"), NULL);
  g_assert_nonnull (created);
  g_assert_cmpint (json_object_get_int_member (job, "progress"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (job, "progress"), <=, 100);
}

static void
test_detach_show_wait_list (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *first = detach (f, "first", "1");
  g_autofree char *second = NULL;
  g_autofree char *out = NULL;
  g_autofree char *prefix = g_strndup (first, 8);
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *job;
  JsonArray *outputs;
  int status;

  shown = cli_json ("show", first, "--json", NULL);
  job = json_node_get_object (shown);
  assert_job_json (job);
  g_assert_cmpstr (json_object_get_string_member (job, "id"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (job, "name"), ==, "first");

  out = vitrine_test_run_cli (&status, "wait", prefix, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_suffix (g_strstrip (out), "first.mp4"));
  /* in capitals too (it was not found) */
  {
    g_autofree char *upper = g_ascii_strup (prefix, -1);
    g_autoptr(JsonNode) again = cli_json ("show", upper, "--json", NULL);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again), "id"), ==, first);
  }
  g_clear_pointer (&shown, json_node_unref);
  shown = cli_json ("show", first, "--json", NULL);
  job = json_node_get_object (shown);
  g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (job, "progress"), ==, 100);
  g_assert_true (json_object_get_null_member (job, "error"));
  outputs = json_object_get_array_member (job, "outputs");
  g_assert_cmpuint (json_array_get_length (outputs), ==, 1);
  g_assert_true (g_file_test (json_object_get_string_member (json_array_get_object_element (outputs, 0),
                                                             "path"), G_FILE_TEST_IS_REGULAR));

  /* list: newest first. */
  g_usleep (1100 * 1000);
  second = detach (f, "second", "1");
  list = cli_json ("list", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  job = json_array_get_object_element (json_node_get_array (list), 0);
  assert_job_json (job);
  g_assert_cmpstr (json_object_get_string_member (job, "id"), ==, second);
  /* --quiet leaves out the progress, not the result (it printed nothing). */
  g_clear_pointer (&out, g_free);
  out = vitrine_test_run_cli (&status, "wait", "--quiet", second, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_suffix (g_strstrip (out), "second.mp4"));
  g_assert_cmpstr (vitrine_test_cli_stderr (), ==, "");

  /* A human listing too, and unknown ids. */
  g_clear_pointer (&out, g_free);
  out = vitrine_test_run_cli (&status, "list", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, prefix));
  g_clear_pointer (&out, g_free);
  out = vitrine_test_run_cli (&status, "show", "no-such-job", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (vitrine_test_cli_stderr (), "no job "));
  g_assert_nonnull (strstr (vitrine_test_cli_stderr (), "no-such-job"));
  /* A prefix of several ids names them (it said "no job" as for none). */
  {
    g_autoptr(VitrineJobStore) store = vitrine_job_store_new_default ();
    g_autoptr(VitrineJob) a = g_object_new (VITRINE_TYPE_JOB, "id", "abcd1111-0000-4000-8000-000000000001",
                                            "provider-id", "local", NULL);
    g_autoptr(VitrineJob) b = g_object_new (VITRINE_TYPE_JOB, "id", "abcd2222-0000-4000-8000-000000000002",
                                            "provider-id", "local", NULL);

    vitrine_job_set_state (a, VITRINE_JOB_STATE_CANCELLED);
    vitrine_job_set_state (b, VITRINE_JOB_STATE_FAILED);
    /* A line break in a name or an error does not split its line. */
    vitrine_job_set_name (b, "Villa\nsea view\tsouth");
    vitrine_job_set_error_message (b, "The provider said:\nno credits left");
    vitrine_job_store_add (store, a);
    vitrine_job_store_add (store, b);
    g_clear_pointer (&out, g_free);
    out = vitrine_test_run_cli (&status, "list", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "  Villa sea view south\n"));
    g_assert_null (strstr (out, "\nsea view"));
    g_clear_pointer (&out, g_free);
    out = vitrine_test_run_cli (&status, "show", "abcd2", NULL);
    g_assert_nonnull (strstr (out, "The provider said: no credits left\n"));
    g_clear_pointer (&out, g_free);
    out = vitrine_test_run_cli (&status, "show", "abcd", NULL);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (vitrine_test_cli_stderr (), "starts the ids of 2 jobs"));
    g_assert_nonnull (strstr (vitrine_test_cli_stderr (), "abcd1111"));
    g_assert_nonnull (strstr (vitrine_test_cli_stderr (), "abcd2222"));
    g_clear_pointer (&out, g_free);
    out = vitrine_test_run_cli (&status, "show", "abcd2", NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_null (strstr (vitrine_test_cli_stderr (), "not running"));
  }
  /* A job left unfinished by a process that ended: list and show say on
   * stderr that nothing runs it and how to resume it; while a process
   * holds its lease (here, this test's store) they do not. */
  {
    g_autoptr(VitrineJobStore) store = vitrine_job_store_new_default ();
    g_autoptr(VitrineJob) c = g_object_new (VITRINE_TYPE_JOB, "id", "dead3333-0000-4000-8000-000000000003",
                                            "provider-id", "local", NULL);
    const char *hint = "job dead3333 is not running (the program that ran it has ended): "
                       "“vitrine-cli wait dead3333”";

    vitrine_job_set_state (c, VITRINE_JOB_STATE_PROCESSING);
    vitrine_job_store_add (store, c);
    vitrine_job_store_flush (store);
    for (int held = 0; held < 2; held++)
      {
        if (held)
          g_assert_true (vitrine_job_store_acquire (store, c));
        g_clear_pointer (&out, g_free);
        out = vitrine_test_run_cli (&status, "list", NULL);
        g_assert_cmpint (status, ==, 0);
        g_assert_true ((strstr (vitrine_test_cli_stderr (), hint) == NULL) == held);
        g_assert_null (strstr (out, "not running"));
        g_clear_pointer (&out, g_free);
        out = vitrine_test_run_cli (&status, "show", "dead", NULL);
        g_assert_cmpint (status, ==, 0);
        g_assert_true ((strstr (vitrine_test_cli_stderr (), hint) == NULL) == held);
      }
    vitrine_job_store_release (store, c);
    vitrine_job_store_remove (store, c);
  }
  g_clear_pointer (&out, g_free);
  out = vitrine_test_run_cli (&status, "wait", NULL);
  g_assert_cmpint (status, ==, 2);
}

/* A photo the document portal lent ($XDG_RUNTIME_DIR/doc/<id>/<name>):
 * the job handed to the background has the job's own copy of it before
 * vitrine-cli returns, so the render ends well even when the portal's file
 * is gone at once. */
static void
test_detach_portal_photo (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *runtime = g_build_filename (f->dir, "run", NULL);
  g_autofree char *doc = g_build_filename (runtime, "doc", NULL);
  g_autofree char *lent = g_build_filename (doc, "1a2b3c4d", NULL);
  g_autofree char *photo = NULL;
  g_autofree char *out_path = g_build_filename (f->videos, "portal.mp4", NULL);
  g_autofree char *db = g_build_filename (f->dir, "data", "vitrine", "jobs.db", NULL);
  g_autofree char *old_runtime = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *kept_dir = NULL;
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *kept;
  int status;

  g_assert_cmpint (g_mkdir_with_parents (lent, 0700), ==, 0);
  photo = vitrine_test_make_jpeg (lent, "Séjour.jpg", 1200, 900, 1, 3);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  id = vitrine_test_run_cli (&status, "render", "--detach", "--ratio", "1:1", "--seconds-per-photo", "1",
                             "-o", out_path, photo, f->photos[0], NULL);
  if (old_runtime != NULL)
    g_setenv ("XDG_RUNTIME_DIR", old_runtime, TRUE);
  else
    g_unsetenv ("XDG_RUNTIME_DIR");
  g_assert_cmpint (status, ==, 0);
  g_strstrip (id);
  vitrine_test_rmtree (doc);

  store = vitrine_job_store_new_for_path (db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vitrine_job_store_lookup (store, id));
  kept = vitrine_job_get_photos (vitrine_job_store_lookup (store, id))[0];
  /* vitrine_photo_keep_dup_dir() in the CLI's environment. */
  kept_dir = g_build_filename (f->dir, "data", "vitrine", "photos", id, NULL);
  g_assert_true (g_str_has_prefix (kept, kept_dir));
  g_assert_true (g_str_has_suffix (kept, "/00-Séjour.jpg"));
  g_assert_cmpstr (vitrine_job_get_photos (vitrine_job_store_lookup (store, id))[1], ==, f->photos[0]);

  out = vitrine_test_run_cli (&status, "wait", id, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (out_path, G_FILE_TEST_IS_REGULAR));
}

static void
test_cancel_detached (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = detach (f, "long", "20");
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(GDir) d = NULL;
  int status;

  /* Let the background driver start rendering. */
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(JsonNode) node = cli_json ("show", id, "--json", NULL);

      if (json_object_get_int_member (json_node_get_object (node), "progress") > 0)
        break;
      g_usleep (100 * 1000);
    }
  out = vitrine_test_run_cli (&status, "cancel", id, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "cancelled");

  shown = cli_json ("show", id, "--json", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "state"), ==, "cancelled");

  /* The background render stops and leaves nothing (within a few seconds). */
  for (guint i = 0; i < 100; i++)
    {
      g_clear_pointer (&d, g_dir_close);
      d = g_dir_open (f->videos, 0, NULL);
      if (g_dir_read_name (d) == NULL)
        break;
      g_usleep (100 * 1000);
    }
  g_clear_pointer (&d, g_dir_close);
  d = g_dir_open (f->videos, 0, NULL);
  g_assert_null (g_dir_read_name (d));

  g_clear_pointer (&out, g_free);
  out = vitrine_test_run_cli (&status, "cancel", id, NULL);
  g_assert_cmpint (status, ==, 1);  /* already ended */

  /* 2: no such job (a wrong id is a usage error, not a failed cancel). */
  g_clear_pointer (&out, g_free);
  out = vitrine_test_run_cli (&status, "cancel", "no-such-job", NULL);
  g_assert_cmpint (status, ==, 2);
}

/* Ctrl+C on a foreground render cancels it: exit 130, the job cancelled
 * and nothing left in the output folder (it left the temporary files and
 * a job "processing" that nothing drove). @data: 2 for a second Ctrl+C
 * right after the first, which quits without waiting for anything paid
 * but still lets the cancelled render remove its files (it left a hidden
 * partial file that no one would ever remove). */
static void
test_render_interrupted (Fixture       *f,
                         gconstpointer  data)
{
  guint n_signals = GPOINTER_TO_UINT (data);
  g_autofree char *out_path = g_build_filename (f->videos, "long.mp4", NULL);
  const char *argv[] = { g_getenv ("VITRINE_CLI"), "render", "--ratio", "1:1", "--seconds-per-photo",
                         "20", "-o", out_path, f->photos[0], f->photos[1], NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *err_path = g_build_filename (f->dir, "render.err", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(GDir) d = NULL;
  JsonObject *job = NULL;

  /* stderr to a file, read once it has ended (a pipe left unread could
   * fill up and hold the render) */
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  /* Once it renders (a loaded machine may take its time to start). */
  for (gint64 deadline = g_get_monotonic_time () + 180 * G_USEC_PER_SEC;
       g_get_monotonic_time () < deadline;)
    {
      g_autoptr(JsonNode) list = cli_json ("list", "--json", NULL);
      JsonArray *jobs = json_node_get_array (list);

      if (json_array_get_length (jobs) > 0 &&
          json_object_get_int_member (json_array_get_object_element (jobs, 0), "progress") > 0)
        {
          g_autofree char *id = g_strdup (json_object_get_string_member (
                                            json_array_get_object_element (jobs, 0), "id"));

          for (guint i = 0; i < n_signals; i++)
            {
              g_usleep (20 * 1000);
              g_subprocess_send_signal (proc, SIGINT);
            }
          g_assert_true (g_subprocess_wait (proc, NULL, &error));
          g_assert_no_error (error);
          g_assert_true (g_file_get_contents (err_path, &err, NULL, NULL));
          shown = cli_json ("show", id, "--json", NULL);
          job = json_node_get_object (shown);
          break;
        }
      g_usleep (100 * 1000);
    }
  g_assert_nonnull (job);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 130);
  g_assert_nonnull (strstr (err, "cancelled"));
  g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "cancelled");
  d = g_dir_open (f->videos, 0, NULL);
  g_assert_null (g_dir_read_name (d));
}

/* A damaged job list is said once, in vitrine-cli's words (GLib's
 * "vitrine-core-Message: <time>: …" said it a second time). */
static void
test_damaged_list_said_once (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "data", "vitrine", NULL);
  g_autofree char *db = g_build_filename (dir, "jobs.db", NULL);
  g_autofree char *out = NULL;
  const char *err;
  int status;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (db, "not a database", -1, NULL));
  out = vitrine_test_run_cli (&status, "list", NULL);
  g_assert_cmpint (status, ==, 0);
  err = vitrine_test_cli_stderr ();
  g_assert_nonnull (strstr (err, "vitrine-cli: The job list was damaged."));
  g_assert_null (strstr (err, "Message"));
  g_assert_null (strstr (strstr (err, "damaged") + 1, "damaged"));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/jobs/detach-show-wait-list", Fixture, NULL, fixture_setup,
              test_detach_show_wait_list, fixture_teardown);
  g_test_add ("/cli/jobs/detach-portal-photo", Fixture, NULL, fixture_setup,
              test_detach_portal_photo, fixture_teardown);
  g_test_add ("/cli/jobs/cancel-detached", Fixture, NULL, fixture_setup,
              test_cancel_detached, fixture_teardown);
  g_test_add ("/cli/jobs/damaged-list-said-once", Fixture, NULL, fixture_setup,
              test_damaged_list_said_once, fixture_teardown);
  g_test_add ("/cli/jobs/render-interrupted", Fixture, GUINT_TO_POINTER (1), fixture_setup,
              test_render_interrupted, fixture_teardown);
  g_test_add ("/cli/jobs/render-interrupted-twice", Fixture, GUINT_TO_POINTER (2), fixture_setup,
              test_render_interrupted, fixture_teardown);
  return g_test_run ();
}
