/* test-resume.c: jobs survive a process killed at any moment
 *
 * vitrine-cli renders are killed with SIGKILL at random points; a restart
 * (vitrine-cli wait) then finishes every job, with exactly one row each and a
 * playable video.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <sys/wait.h>

#include <math.h>

#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <json-glib/json-glib.h>

#include "vitrine-test-photos.h"

#define N_KILLED 3

static JsonArray *
list_jobs (void)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  int status;

  out = vitrine_test_run_cli (&status, "list", "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static void
assert_playable (const char *path,
                 double      seconds)
{
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (30 * GST_SECOND, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  info = gst_discoverer_discover_uri (discoverer, uri, NULL);
  g_assert_nonnull (info);
  g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);
  g_assert_cmpfloat (fabs (gst_discoverer_info_get_duration (info) / (double) GST_SECOND - seconds),
                     <=, 0.5);
}

static void
test_killed_renders_resume (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *videos = g_build_filename (dir, "videos", NULL);
  g_autofree char *p1 = vitrine_test_make_jpeg (dir, "a.jpg", 1600, 1200, 1, 1);
  g_autofree char *p2 = vitrine_test_make_jpeg (dir, "b.jpg", 1200, 1600, 6, 2);
  g_autofree char *p3 = vitrine_test_make_jpeg (dir, "c.jpg", 1800, 1000, 1, 3);
  g_autoptr(JsonArray) jobs = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint n_files = 0;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_assert_cmpint (g_mkdir_with_parents (videos, 0755), ==, 0);

  for (guint i = 0; i < N_KILLED; i++)
    {
      g_autofree char *out = g_strdup_printf ("%s/listing-%u.mp4", videos, i);
      const char *argv[] = { g_getenv ("VITRINE_CLI"), "render", "--ratio", "1:1",
                             "--seconds-per-photo", "2", "-o", out, p1, p2, p3, NULL };
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      guint delay_ms = g_test_rand_int_range (900, 2500);

      proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
      g_assert_no_error (error);
      g_usleep (delay_ms * 1000);
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, &error);
      g_assert_no_error (error);
      if (g_test_verbose ())
        g_printerr ("killed render %u after %u ms\n", i, delay_ms);
    }

  /* The restart: each unfinished job is finished, none is duplicated. */
  jobs = list_jobs ();
  g_assert_cmpuint (json_array_get_length (jobs), ==, N_KILLED);
  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);
      const char *id = json_object_get_string_member (job, "id");
      g_autofree char *out = NULL;
      int status;

      out = vitrine_test_run_cli (&status, "wait", id, NULL);
      g_assert_cmpint (status, ==, 0);
    }

  g_clear_pointer (&jobs, json_array_unref);
  jobs = list_jobs ();
  g_assert_cmpuint (json_array_get_length (jobs), ==, N_KILLED);
  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);
      JsonArray *outputs = json_object_get_array_member (job, "outputs");
      const char *path;

      g_assert_cmpstr (json_object_get_string_member (job, "state"), ==, "completed");
      g_assert_cmpuint (json_array_get_length (outputs), ==, 1);
      path = json_object_get_string_member (json_array_get_object_element (outputs, 0), "path");
      assert_playable (path, 6.0);
    }

  /* Exactly the three videos: no partial file of a killed render is left. */
  d = g_dir_open (videos, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_test_verbose ())
        g_printerr ("left: %s\n", name);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, N_KILLED);

  vitrine_test_rmtree (dir);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/resume/killed-renders-resume", test_killed_renders_resume);
  return g_test_run ();
}
