/* test-cli-submit.c: vitrine-cli submit, run as a person would, against the fakes
 *
 * The fakes run in this process; vitrine-cli runs as a child, so the main
 * loop here keeps turning while it works.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include "vitrine-fake-iacrea.h"
#include "vitrine-fake-vikit.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"

typedef struct {
  VitrineTestRemote  t;
  char              *data_dir;
  int                status;
  char              *out;
  char              *err;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  vitrine_test_remote_setup (&f->t, 2);
  f->data_dir = g_build_filename (f->t.dir, "data", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->t.out_dir, 0755), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->data_dir);
  g_free (f->out);
  g_free (f->err);
  vitrine_test_remote_teardown (&f->t);
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &f->out, &f->err, &error);
  g_assert_no_error (error);
  f->status = g_subprocess_get_if_exited (G_SUBPROCESS (object))
              ? g_subprocess_get_exit_status (G_SUBPROCESS (object)) : -1;
}

/* Starts vitrine-cli with @args (NULL-terminated); f->status is set once
 * it has ended, and f->out and f->err with it. */
static GSubprocess *
start_cli (Fixture            *f,
           const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *proc;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  f->status = G_MININT;
  g_ptr_array_add (argv, (gpointer) g_getenv ("VITRINE_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->data_dir, TRUE);
  /* $VITRINE_VIKIT_URL and the others: the fixture's, inherited. */
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicated_cb, f);
  return proc;
}

/* Waits for the vitrine-cli start_cli() started; returns its status. */
static int
wait_cli (Fixture     *f,
          GSubprocess *proc)
{
  while (f->status == G_MININT)
    g_main_context_iteration (NULL, TRUE);
  if (g_test_verbose ())
    g_printerr ("exit %d\nstdout: %s\nstderr: %s\n", f->status, f->out, f->err);
  g_object_unref (proc);
  return f->status;
}

/* Runs vitrine-cli with the NULL-terminated arguments; returns its status. */
static int
run_cli (Fixture *f,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, f);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return wait_cli (f, start_cli (f, (const char * const *) args->pdata));
}

#define PHOTO(i) ((const char *) g_ptr_array_index (f->t.photo_urls, i))

static void
assert_err (Fixture    *f,
            const char *expected)
{
  if (strstr (f->err, expected) == NULL)
    g_error ("“%s” not in “%s”", expected, f->err);
}

/* Each step is named on a line of its own as it starts, in this order,
 * even one that makes no progress of its own (nothing went to stderr
 * until "Making the video 50%"). */
static void
assert_steps (Fixture           *f,
              const char * const *steps)
{
  const char *at = f->err;

  for (guint i = 0; steps[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s 0%%\n", steps[i]);
      const char *found = strstr (at, line);

      if (found == NULL || (found != f->err && found[-1] != '\n'))
        g_error ("“%s” not a line after the steps before it in “%s”", line, f->err);
      at = found + strlen (line);
    }
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char *options[] = { "--provider", "--name", "--ratio", "--music", "--logo", "--outro",
                            "--test-mode", "--live", "--email", "--description", "--colors",
                            "--font", "--yes", "--detach", "PHOTO_OR_URL" };

  g_assert_cmpint (run_cli (f, "submit", "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_assert_nonnull (strstr (f->out, options[i]));
  /* The usage line names the command and its inputs once. */
  {
    g_auto(GStrv) lines = g_strsplit (f->out, "\n", 3);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_true (g_str_has_prefix (g_strstrip (lines[1]), "vitrine-cli submit "));
    g_assert_nonnull (strstr (lines[1], "PHOTO_OR_URL"));
    g_assert_null (strstr (strstr (lines[1], "PHOTO_OR_URL") + 1, "PHOTO_OR_URL"));
  }
  g_assert_cmpint (run_cli (f, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "submit"));
}

static void
test_bad_arguments (Fixture       *f,
                    gconstpointer  data)
{
  g_assert_cmpint (run_cli (f, "submit", PHOTO (0), NULL), ==, 2);
  assert_err (f, "--provider");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "", PHOTO (0), NULL), ==, 2);
  assert_err (f, "--provider must be");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "local", PHOTO (0), NULL), ==, 2);
  /* alone, this computer is `render` (it was refused without a word of it) */
  assert_err (f, "“local” alone is what “vitrine-cli render” makes");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", NULL), ==, 2);
  assert_err (f, "no photos");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--test-mode", "--live", PHOTO (0), NULL), ==, 2);
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--ratio", "1:1", PHOTO (0), NULL), ==, 2);
  assert_err (f, "1:1");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--music", "Techno", PHOTO (0), NULL), ==, 2);
  assert_err (f, "Aube dorée");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "/nonexistent/a.jpg", NULL), ==, 2);
  assert_err (f, "/nonexistent/a.jpg");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "iacrea", "--email", "a@b.example", PHOTO (0), NULL), ==, 2);
  assert_err (f, "--email");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "iacrea", "--yes", "--description", "Short", PHOTO (0), NULL), ==, 2);
  assert_err (f, "description");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "iacrea", "--test-mode", "--description",
                            "A bright flat near the park", PHOTO (0), NULL), ==, 2);
  assert_err (f, "test mode");

  /* Nothing reached a provider. */
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST), ==, 0);
  g_assert_cmpuint (vitrine_fake_server_count (f->t.iacrea->server, VITRINE_FAKE_ON_POST), ==, 0);
}

static void
test_paid_needs_yes (Fixture       *f,
                     gconstpointer  data)
{
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--live", PHOTO (0), PHOTO (1), NULL), ==, 2);
  g_assert_nonnull (strstr (f->out, "1.00 €"));
  assert_err (f, "--yes");
  /* With --json, stdout is JSON lines only (the estimate was on it). */
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--live", "--json", PHOTO (0), PHOTO (1),
                            NULL), ==, 2);
  g_assert_cmpstr (f->out, ==, "");
  assert_err (f, "1.00 €");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "iacrea", "--description",
                            "A bright flat near the park", PHOTO (0), NULL), ==, 2);
  assert_err (f, "--yes");
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST), ==, 0);
  g_assert_cmpuint (vitrine_fake_server_count (f->t.iacrea->server, VITRINE_FAKE_ON_POST), ==, 0);
}

static void
assert_videos (const char *out,
               guint       n)
{
  g_auto(GStrv) lines = g_strsplit (g_strstrip ((char *) out), "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_true (vitrine_fake_is_playable_mp4 (lines[i]));
}

static void
test_vikit_test_mode_by_default (Fixture       *f,
                                 gconstpointer  data)
{
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--name", "Villa Les Pins",
                            "--ratio", "9:16", "--music", "Bulle de rêve",
                            "--logo", f->t.logo_url, "--outro", f->t.outro_url,
                            "--email", "agent@example.com", "--output-dir", f->t.out_dir,
                            PHOTO (0), PHOTO (1), NULL), ==, 0);
  assert_videos (f->out, 4);
  assert_steps (f, (const char *[]) { "Preparing photos", "Submitted", "Making the video",
                                      "Downloading", NULL });
  g_assert_nonnull (strstr (f->out, "Villa Les Pins - Vertical.mp4"));
  g_assert_cmpstr (json_node_get_string (vitrine_fake_json_member (f->t.vikit->server->last_request, "test_mode")), ==, "TRUE");
  g_assert_cmpstr (json_node_get_string (vitrine_fake_json_member (f->t.vikit->server->last_request, "music_url")), ==,
                   "https://storage.googleapis.com/real-estate-musics/bulle_de_reve.mp3");
  g_assert_cmpuint (f->t.vikit->charged, ==, 0);
}

static void
test_vikit_paid (Fixture       *f,
                 gconstpointer  data)
{
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--live", "--yes",
                            "--output-dir", f->t.out_dir, PHOTO (0), PHOTO (1), NULL), ==, 0);
  assert_videos (f->out, 4);
  g_assert_cmpuint (f->t.vikit->charged, ==, 2);
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST), ==, 1);
}

static void
test_iacrea (Fixture       *f,
             gconstpointer  data)
{
  JsonNode *request;

  g_assert_cmpint (run_cli (f, "submit", "--provider", "iacrea", "--yes", "--ratio", "1:1",
                            "--description", "Maison de ville avec jardin, proche du centre.",
                            "--colors", "#000000,#ffffff", "--font", "Inter",
                            "--music", "upbeat-01", "--logo", f->t.logo_url,
                            "--output-dir", f->t.out_dir, PHOTO (0), PHOTO (1), NULL), ==, 0);
  assert_videos (f->out, 1);
  request = f->t.iacrea->server->last_request;
  g_assert_cmpstr (json_node_get_string (vitrine_fake_json_member (request, "format")), ==, "square");
  g_assert_cmpstr (json_node_get_string (vitrine_fake_json_member (request, "music")), ==, "upbeat-01");
  g_assert_cmpstr (json_node_get_string (vitrine_fake_json_member (request, "font")), ==, "Inter");
  g_assert_true (json_node_get_boolean (vitrine_fake_json_member (request, "displayLogo")));
}

static void
test_failure_exit_1 (Fixture       *f,
                     gconstpointer  data)
{
  f->t.vikit->fail_generation = TRUE;
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--output-dir", f->t.out_dir,
                            PHOTO (0), NULL), ==, 1);
  assert_err (f, "refunded");
}

static void
test_detach (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = NULL;
  gint64 deadline;

  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--detach",
                            "--output-dir", f->t.out_dir, PHOTO (0), NULL), ==, 0);
  id = g_strstrip (g_strdup (f->out));
  g_assert_cmpuint (strlen (id), ==, 36);

  /* The background process drives it to the end. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  do
    {
      vitrine_test_remote_spin (200);
      g_assert_cmpint (run_cli (f, "show", "--json", id, NULL), ==, 0);
    }
  while (strstr (f->out, "\"completed\"") == NULL && strstr (f->out, "\"failed\"") == NULL &&
         g_get_monotonic_time () < deadline);
  g_assert_nonnull (strstr (f->out, "\"completed\""));
  g_assert_nonnull (strstr (f->out, "\"vikit\""));
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* The JSON objects of f->out, one a line (submit --json). */
static GPtrArray *
json_lines (Fixture *f)
{
  g_auto(GStrv) lines = g_strsplit (g_strstrip (f->out), "\n", -1);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = json_from_string (lines[i], &error);

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_ptr_array_add (objects, node);
    }
  return objects;
}

static const char *
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_string_member_with_default (json_node_get_object (node), name, NULL);
}

/* Whether job @id is in @state, as `show --json` gives it. */
static gboolean
job_in_state (Fixture    *f,
              const char *id,
              const char *state)
{
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpint (run_cli (f, "show", "--json", id, NULL), ==, 0);
  node = json_from_string (f->out, NULL);
  g_assert_nonnull (node);
  return g_strcmp0 (member (node, "state"), state) == 0;
}

/* The loudest sample of @path's sound, in dB (ffmpeg's volumedetect):
 * about -91 for silence. */
static double
max_volume_db (const char *path)
{
  const char *argv[] = { "ffmpeg", "-nostats", "-i", path, "-af", "volumedetect", "-f", "null", "-",
                         NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *found;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                               &err, NULL, &error));
  g_assert_no_error (error);
  found = strstr (err, "max_volume: ");
  g_assert_nonnull (found);
  return g_ascii_strtod (found + strlen ("max_volume: "), NULL);
}

/* A paid Vikit submit (--json), long in the making, once its POST has
 * reached the fake. */
static GSubprocess *
start_paid_submit (Fixture *f)
{
  const char *args[] = { "submit", "--provider", "vikit", "--live", "--yes", "--json",
                         "--output-dir", f->t.out_dir, PHOTO (0), NULL };
  GSubprocess *proc;

  f->t.vikit->steps = 100;
  proc = start_cli (f, args);
  while (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST) == 0)
    g_main_context_iteration (NULL, TRUE);
  return proc;
}

/* Ctrl+C on a paid job that has left does not throw it away: it goes on
 * in a background process (exit 130), is charged once, and its video
 * arrives. */
static void
test_interrupted_goes_on (Fixture       *f,
                          gconstpointer  data)
{
  GSubprocess *proc = start_paid_submit (f);
  g_autofree char *id = NULL;
  const char *at;
  gint64 deadline;

  vitrine_test_remote_spin (500);   /* its answer read, and polled */
  g_subprocess_send_signal (proc, SIGINT);
  g_assert_cmpint (wait_cli (f, proc), ==, 130);
  assert_err (f, "goes on in the background (vitrine-cli wait ");
  at = strstr (f->err, "vitrine-cli wait ") + strlen ("vitrine-cli wait ");
  id = g_strndup (at, strcspn (at, ")"));
  /* --json prints it as it was left */
  g_assert_nonnull (strstr (f->out, id));

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!job_in_state (f, id, "completed") && g_get_monotonic_time () < deadline)
    vitrine_test_remote_spin (200);
  g_assert_true (job_in_state (f, id, "completed"));
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST), ==, 1);
  g_assert_cmpuint (f->t.vikit->charged, ==, 1);
}

/* Ctrl+C on a paid job that waits for the agent (its key refused) leaves
 * it waiting: no background process follows it, which would make the
 * agent's choice (Follow Again) for them. */
static void
test_interrupted_attention (Fixture       *f,
                            gconstpointer  data)
{
  GSubprocess *proc = start_paid_submit (f);
  g_autoptr(JsonNode) node = NULL;
  Fixture shown = { 0 };
  const char *id;

  vitrine_fake_server_inject (f->t.vikit->server, VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_STATUS,
                              401, NULL, 1000);
  /* Until it is paused for the agent (asked by another vitrine-cli). */
  shown.data_dir = f->data_dir;
  for (guint i = 0; i < 300 && node == NULL; i++)
    {
      g_autoptr(JsonNode) list = NULL;
      JsonObject *job;

      vitrine_test_remote_spin (100);
      g_assert_cmpint (run_cli (&shown, "list", "--json", NULL), ==, 0);
      list = json_from_string (shown.out, NULL);
      job = json_array_get_object_element (json_node_get_array (list), 0);
      if (!json_object_get_null_member (job, "attention"))
        node = json_node_ref (json_array_get_element (json_node_get_array (list), 0));
    }
  g_assert_nonnull (node);
  id = member (node, "id");
  g_subprocess_send_signal (proc, SIGINT);
  g_assert_cmpint (wait_cli (f, proc), ==, 130);
  assert_err (f, "needs your attention");
  g_assert_null (strstr (f->err, "goes on in the background"));
  g_assert_nonnull (strstr (f->out, id));
  g_free (shown.out);
  g_free (shown.err);
}

/* A photo on this computer for a provider that fetches from the web,
 * with no media host set up: that is what is said, even where the keyring
 * cannot be reached (a terminal without a session bus: its error hid the
 * cause). */
static void
test_media_host_not_set_up (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *photo = vitrine_test_make_jpeg (f->t.dir, "here.jpg", 800, 600, 1, 1);
  g_autofree char *bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  g_unsetenv ("VITRINE_S3_ENDPOINT");
  g_unsetenv ("VITRINE_S3_SECRET_KEY");
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--output-dir", f->t.out_dir, photo,
                            NULL), ==, 1);
  if (bus != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  assert_err (f, "The media host is not set up: it needs an endpoint");
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST), ==, 0);
}

/* Issue 12: one submit for several providers (the local one among them)
 * makes one job each, in one group that `list` and `show` print too. */
static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  const char * const providers[] = { "local", "vidgen" };
  const char * const files[] = { "Villa Les Pins - This computer.mp4", "Villa Les Pins - VidGen.mp4" };
  g_autofree char *photo1 = g_build_filename (f->t.dir, "photos", "photo-1.jpg", NULL);
  g_autofree char *photo2 = g_build_filename (f->t.dir, "photos", "photo-2.jpg", NULL);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(JsonNode) list = NULL;
  const char *group;

  g_assert_cmpint (run_cli (f, "submit", "--provider", "local,vidgen", "--json", "--yes",
                            "--name", "Villa Les Pins", "--music", f->t.music,
                            "--output-dir", f->t.out_dir, photo1, photo2, NULL), ==, 0);
  jobs = json_lines (f);
  g_assert_cmpuint (jobs->len, ==, 2);
  group = member (jobs->pdata[0], "group");
  g_assert_nonnull (group);
  g_assert_cmpuint (strlen (group), ==, 36);
  for (guint i = 0; i < jobs->len; i++)
    {
      g_assert_cmpstr (member (jobs->pdata[i], "provider"), ==, providers[i]);
      g_assert_cmpstr (member (jobs->pdata[i], "group"), ==, group);
      g_assert_cmpstr (member (jobs->pdata[i], "state"), ==, "completed");
      g_assert_cmpstr (member (jobs->pdata[i], "name"), ==, "Villa Les Pins");
      /* One folder, a file each: the provider's name tells them apart. */
      {
        g_autofree char *path = g_build_filename (f->t.out_dir, files[i], NULL);

        g_assert_true (vitrine_fake_is_playable_mp4 (path));
        /* --music is this computer's too (it had none: -91 dB). */
        if (i == 0)
          g_assert_cmpfloat (max_volume_db (path), >, -40);
      }
    }
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vidgen->server, VITRINE_FAKE_ON_POST), >=, 1);

  /* Another process, later: the group is in the store. */
  g_assert_cmpint (run_cli (f, "show", "--json", member (jobs->pdata[1], "id"), NULL), ==, 0);
  list = json_from_string (f->out, NULL);
  g_assert_cmpstr (member (list, "group"), ==, group);
  g_clear_pointer (&list, json_node_unref);
  g_assert_cmpint (run_cli (f, "list", "--json", NULL), ==, 0);
  list = json_from_string (f->out, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), i),
                                                    "group"), ==, group);
}

/* A job alone has no group; --json prints its object alone. */
static void
test_json_alone (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit", "--json",
                            "--output-dir", f->t.out_dir, PHOTO (0), NULL), ==, 0);
  jobs = json_lines (f);
  g_assert_cmpuint (jobs->len, ==, 1);
  g_assert_cmpstr (member (jobs->pdata[0], "provider"), ==, "vikit");
  g_assert_cmpstr (member (jobs->pdata[0], "state"), ==, "completed");
  g_assert_true (json_object_get_null_member (json_node_get_object (jobs->pdata[0]), "group"));
  /* Not named: named as the window names it, never null (the README's
   * "name" is a string). */
  g_assert_true (g_str_has_prefix (member (jobs->pdata[0], "name"), "Listing "));
}

/* The paid ones are confirmed once: each a line, and their total. */
static void
test_compare_cost_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit,iacrea", "--live",
                            "--description", "A bright flat near the park",
                            PHOTO (0), PHOTO (1), NULL), ==, 2);
  g_assert_nonnull (strstr (f->out, "Vikit: 1.00 € (2 photos × 0.50 €)\n"));
  g_assert_nonnull (strstr (f->out, "IACrea: IACrea credits\n"));
  g_assert_nonnull (strstr (f->out, "Total: 1.00 € + IACrea credits\n"));
  assert_err (f, "--yes");
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST), ==, 0);
  g_assert_cmpuint (vitrine_fake_server_count (f->t.iacrea->server, VITRINE_FAKE_ON_POST), ==, 0);

  /* With --yes, both are made, one POST each; with --detach the objects
   * come at once. */
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit,iacrea", "--live", "--yes", "--detach",
                            "--json", "--description", "A bright flat near the park",
                            "--output-dir", f->t.out_dir, PHOTO (0), PHOTO (1), NULL), ==, 0);
  jobs = json_lines (f);
  g_assert_cmpuint (jobs->len, ==, 2);
  /* Queued is no failure: nothing on stderr (it said "Queued" per job). */
  g_assert_null (strstr (f->err, "Queued"));
  g_assert_cmpstr (member (jobs->pdata[0], "group"), ==, member (jobs->pdata[1], "group"));
  g_assert_nonnull (member (jobs->pdata[0], "group"));
  for (guint i = 0; i < 2; i++)
    {
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      do
        {
          vitrine_test_remote_spin (200);
          g_assert_cmpint (run_cli (f, "show", "--json", member (jobs->pdata[i], "id"), NULL), ==, 0);
        }
      while (strstr (f->out, "\"completed\"") == NULL && strstr (f->out, "\"failed\"") == NULL &&
             g_get_monotonic_time () < deadline);
      g_assert_nonnull (strstr (f->out, "\"completed\""));
    }
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST), ==, 1);
  g_assert_cmpuint (vitrine_fake_server_count (f->t.iacrea->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* An unknown provider in the list, or one named twice: exit 2, nothing sent. */
static void
test_compare_bad_list (Fixture       *f,
                       gconstpointer  data)
{
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit,nope", "--yes", PHOTO (0), NULL), ==, 2);
  assert_err (f, "“nope”");
  assert_err (f, "local");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit,iacrea,vikit", "--yes",
                            "--description", "A bright flat near the park", PHOTO (0), NULL), ==, 2);
  assert_err (f, "“vikit” twice");
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit,", "--yes", PHOTO (0), NULL), ==, 2);
  /* A flag none of them reads is refused; one that some read goes to those. */
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit,aixpose", "--yes", "--cover", "1",
                            PHOTO (0), NULL), ==, 2);
  assert_err (f, "--cover");
  /* A job that cannot be made says whose it is. */
  g_assert_cmpint (run_cli (f, "submit", "--provider", "vikit,iacrea", "--yes", "--description", "Short",
                            PHOTO (0), NULL), ==, 2);
  assert_err (f, "IACrea: ");
  g_assert_cmpint (run_cli (f, "list", "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (f->out), ==, "[]");
  g_assert_cmpuint (vitrine_fake_server_count (f->t.vikit->server, VITRINE_FAKE_ON_POST), ==, 0);
  g_assert_cmpuint (vitrine_fake_server_count (f->t.iacrea->server, VITRINE_FAKE_ON_POST), ==, 0);
  g_assert_cmpuint (vitrine_fake_server_count (f->t.aixpose->server, VITRINE_FAKE_ON_POST), ==, 0);
}

/* An AIXpose enhancement not in its catalogue is bad input: exit 2 and
 * nothing sent (the project was made and the photos uploaded, then the
 * job failed); one from the catalogue passes. */
static void
test_enhance_from_catalogue (Fixture       *f,
                             gconstpointer  data)
{
  g_assert_cmpint (run_cli (f, "submit", "--provider", "aixpose", "--yes", "--enhance",
                            "exterior-sky-blue", "--enhance", "bogus-action", PHOTO (0), NULL), ==, 2);
  assert_err (f, "“bogus-action” is not in AIXpose’s catalogue");
  assert_err (f, "interior-style-japandi");
  g_assert_cmpuint (vitrine_fake_server_count (f->t.aixpose->server, VITRINE_FAKE_ON_POST), ==, 0);
  g_assert_cmpint (run_cli (f, "list", "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (f->out), ==, "[]");

  /* past the check, to the estimate (nothing sent without --yes) */
  g_assert_cmpint (run_cli (f, "submit", "--provider", "aixpose", "--enhance", "exterior-sky-blue",
                            PHOTO (0), NULL), ==, 2);
  g_assert_nonnull (strstr (f->out, "Cost: "));
  g_assert_cmpuint (vitrine_fake_server_count (f->t.aixpose->server, VITRINE_FAKE_ON_POST), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  const struct { const char *path; void (*func) (Fixture *, gconstpointer); } tests[] = {
    { "/providers/cli-submit/help", test_help },
    { "/providers/cli-submit/enhance-from-catalogue", test_enhance_from_catalogue },
    { "/providers/cli-submit/bad-arguments", test_bad_arguments },
    { "/providers/cli-submit/paid-needs-yes", test_paid_needs_yes },
    { "/providers/cli-submit/vikit-test-mode-by-default", test_vikit_test_mode_by_default },
    { "/providers/cli-submit/vikit-paid", test_vikit_paid },
    { "/providers/cli-submit/iacrea", test_iacrea },
    { "/providers/cli-submit/failure-exit-1", test_failure_exit_1 },
    { "/providers/cli-submit/detach", test_detach },
    { "/providers/cli-submit/media-host-not-set-up", test_media_host_not_set_up },
    { "/providers/cli-submit/interrupted-goes-on", test_interrupted_goes_on },
    { "/providers/cli-submit/interrupted-attention", test_interrupted_attention },
    { "/providers/cli-submit/compare", test_compare },
    { "/providers/cli-submit/json-alone", test_json_alone },
    { "/providers/cli-submit/compare-cost-once", test_compare_cost_once },
    { "/providers/cli-submit/compare-bad-list", test_compare_bad_list },
  };

  vitrine_test_remote_init_env ();
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, Fixture, NULL, fixture_setup, tests[i].func, fixture_teardown);
  return g_test_run ();
}
