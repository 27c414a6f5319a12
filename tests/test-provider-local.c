/* test-provider-local.c: "This computer" through the monitor, to a real MP4
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "vitrine-job-monitor.h"
#include "vitrine-provider.h"
#include "vitrine-test-photos.h"

typedef struct {
  char              *dir;
  char              *out_dir;
  char              *photos[5];
  VitrineJobStore   *store;
  VitrineJobMonitor *monitor;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = vitrine_test_make_tmpdir ();
  f->out_dir = g_build_filename (f->dir, "out", NULL);
  f->photos[0] = vitrine_test_make_jpeg (f->dir, "living.jpg", 1600, 1000, 1, 1);
  f->photos[1] = vitrine_test_make_jpeg (f->dir, "kitchen.jpg", 1200, 1600, 6, 2);
  f->photos[2] = vitrine_test_make_png (f->dir, "garden.png", 900, 900, 3);
  f->photos[3] = vitrine_test_make_jpeg (f->dir, "bath.jpg", 1400, 1000, 1, 4);
  f->photos[4] = NULL;
  f->store = vitrine_job_store_new_in_memory ();
  f->monitor = vitrine_job_monitor_new (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->monitor);
  g_assert_finalize_object (f->store);
  vitrine_test_rmtree (f->dir);
  for (guint i = 0; f->photos[i] != NULL; i++)
    g_free (f->photos[i]);
  g_free (f->out_dir);
  g_free (f->dir);
}

static VitrineJob *
make_job (Fixture    *f,
          const char *name,
          guint       n_photos,
          double      seconds)
{
  VitrineJob *job = vitrine_job_new ("local");
  g_autofree char **photos = g_new0 (char *, n_photos + 1);

  memcpy (photos, f->photos, n_photos * sizeof (char *));
  vitrine_job_set_name (job, name);
  vitrine_job_set_photos (job, (const char * const *) photos);
  vitrine_job_set_ratio (job, VITRINE_RATIO_1_1);
  vitrine_job_set_seconds_per_photo (job, seconds);
  vitrine_job_set_output_dir (job, f->out_dir);
  return job;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (VitrineJob *job,
            gboolean  (*done) (VitrineJob *job),
            guint       timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, timeout_cb, &timed_out);

  while (!done (job) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
record_progress (VitrineJob *job,
                 GParamSpec *pspec,
                 GArray     *values)
{
  guint p = vitrine_job_get_progress (job);

  g_array_append_val (values, p);
}

static void
record_waiting (VitrineJob *job,
                GParamSpec *pspec,
                gboolean   *waited)
{
  const char *text = vitrine_job_get_status_text (job);

  *waited |= text != NULL && strstr (text, "Waiting") != NULL;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* The length of the video at @path, in seconds. */
static double
media_seconds (const char *path)
{
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (30 * GST_SECOND, NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GstDiscovererInfo) info = gst_discoverer_discover_uri (discoverer, uri, NULL);

  g_assert_nonnull (info);
  g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);
  return gst_discoverer_info_get_duration (info) / (double) GST_SECOND;
}

static void
test_render_completes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VitrineJob) job = make_job (f, "12 rue Exemple", 2, 1.0);
  g_autoptr(VitrineJob) twin = make_job (f, "12 rue Exemple", 2, 1.0);
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *path;

  gboolean twin_waited = FALSE;

  g_signal_connect (job, "notify::progress", G_CALLBACK (record_progress), progress);
  g_signal_connect (twin, "notify::status-text", G_CALLBACK (record_waiting), &twin_waited);
  vitrine_job_store_add (f->store, job);
  vitrine_job_store_add (f->store, twin);
  wait_until (job, vitrine_job_is_finished, 180);
  wait_until (twin, vitrine_job_is_finished, 180);

  g_assert_cmpstr (vitrine_job_get_error_message (job), ==, NULL);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpint (vitrine_job_get_state (twin), ==, VITRINE_JOB_STATE_COMPLETED);
  /* The status says what made it, no longer the step under way. */
  g_assert_true (g_str_has_prefix (vitrine_job_get_status_text (job), "Made with "));
  g_assert_nonnull (strstr (vitrine_job_get_status_text (job), "enc in "));
  /* One render at a time: the second waited for the first. */
  g_assert_true (twin_waited);

  /* Progress moved through intermediate values before 100. */
  g_assert_cmpuint (progress->len, >=, 2);
  g_assert_cmpuint (g_array_index (progress, guint, progress->len - 1), ==, 100);

  /* Two jobs of the same name never overwrite each other. */
  path = vitrine_job_get_first_output_path (job);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_prefix (path, f->out_dir));
  g_assert_cmpstr (path, !=, vitrine_job_get_first_output_path (twin));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (vitrine_job_get_first_output_path (twin), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files (f->out_dir), ==, 2);

  /* Nor a name another provider of this process is writing (a download of
   * the same listing's video): it is passed over, "(2)" and on. */
  {
    g_autoptr(VitrineJob) third = make_job (f, "Villa", 2, 1.0);
    g_autofree char *claimed = g_build_filename (f->out_dir, "Villa.mp4", NULL);
    g_autofree char *next = g_build_filename (f->out_dir, "Villa (2).mp4", NULL);

    vitrine_provider_claim_output (claimed);
    vitrine_job_store_add (f->store, third);
    wait_until (third, vitrine_job_is_finished, 180);
    vitrine_provider_release_output (claimed);
    g_assert_cmpint (vitrine_job_get_state (third), ==, VITRINE_JOB_STATE_COMPLETED);
    g_assert_cmpstr (vitrine_job_get_first_output_path (third), ==, next);
    g_assert_false (vitrine_provider_output_taken (claimed));
    g_assert_true (vitrine_provider_output_taken (next));
  }

  g_assert_cmpfloat (fabs (media_seconds (path) - 2.0), <=, 0.5);
  /* the length the job list shows: no listing, no agent, no end card */
  g_assert_cmpfloat (vitrine_provider_estimate_length (vitrine_provider_lookup ("local"), job), ==, 2.0);
}

/* A job of two ratios, branded and unbranded: four files from one render,
 * each labelled with its ratio and variant, and a name that another job
 * of the same listing does not take. */
static void
test_labelled_outputs (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(VitrineJob) job = make_job (f, "12 rue Exemple", 2, 0.5);
  VitrineListing listing = { "12 rue Exemple", "€ 450,000", NULL, "https://example.com/12" };
  const char *want[][2] = { { "16:9", "branded" }, { "16:9", "unbranded" },
                            { "1:1", "branded" }, { "1:1", "unbranded" } };
  const char *tags[] = { "-16x9.mp4", "-16x9-unbranded.mp4", "-1x1.mp4", "-1x1-unbranded.mp4" };
  GPtrArray *outputs;

  vitrine_job_set_ratios (job, VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_1_1);
  vitrine_job_set_unbranded (job, TRUE);
  vitrine_job_set_listing (job, &listing);
  vitrine_job_store_add (f->store, job);
  wait_until (job, vitrine_job_is_finished, 300);

  g_assert_cmpstr (vitrine_job_get_error_message (job), ==, NULL);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  outputs = vitrine_job_get_outputs (job);
  g_assert_cmpuint (outputs->len, ==, 4);
  for (guint i = 0; i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      g_assert_cmpstr (output->ratio, ==, want[i][0]);
      g_assert_cmpstr (output->variant, ==, want[i][1]);
      g_assert_true (g_str_has_suffix (output->path, tags[i]));
      g_assert_true (g_file_test (output->path, G_FILE_TEST_IS_REGULAR));
      g_assert_nonnull (strstr (output->label, want[i][0]));
    }
  g_assert_cmpuint (count_files (f->out_dir), ==, 4);
  /* the length the job list shows is the branded video's, end card and
   * all (it once showed the photos' 1 s of a 6 s video) */
  g_assert_cmpfloat (vitrine_provider_estimate_length (vitrine_provider_lookup ("local"), job), ==, 6.0);
  g_assert_cmpfloat (fabs (media_seconds (((VitrineJobOutput *) g_ptr_array_index (outputs, 0))->path) - 6.0),
                     <=, 0.1);
}

static gboolean
is_rendering (VitrineJob *job)
{
  return vitrine_job_get_progress (job) > 5 || vitrine_job_is_finished (job);
}

static void
test_cancel_leaves_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(VitrineJob) job = make_job (f, "Cancelled", 4, 4.0);

  vitrine_job_store_add (f->store, job);
  wait_until (job, is_rendering, 120);
  g_assert_false (vitrine_job_is_finished (job));
  /* nothing but the progress while it works: the job list says "Making
   * the video (45 %)", not "Encoding with x264enc" */
  g_assert_null (vitrine_job_get_status_text (job));
  vitrine_job_monitor_cancel_job (f->monitor, job);
  wait_until (job, vitrine_job_is_finished, 30);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);
  g_assert_null (vitrine_job_get_first_output_path (job));
  g_assert_null (vitrine_job_get_status_text (job));

  /* The renderer may take a moment to stop and delete its temporary file. */
  for (guint i = 0; i < 100 && count_files (f->out_dir) > 0; i++)
    {
      gboolean done = FALSE;

      g_timeout_add (50, timeout_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (count_files (f->out_dir), ==, 0);

  /* The cancel is answered once the render has stopped. */
  while (vitrine_job_monitor_is_busy (f->monitor))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_bad_photo_fails_with_name (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(VitrineJob) job = make_job (f, "Bad", 2, 1.0);
  g_autofree char *bad = vitrine_test_make_file (f->dir, "notes.jpg", "not a photo\n", 12);
  const char *photos[] = { f->photos[0], bad, NULL };

  vitrine_job_set_photos (job, photos);
  vitrine_job_store_add (f->store, job);
  wait_until (job, vitrine_job_is_finished, 120);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "notes.jpg"));
  g_assert_cmpuint (count_files (f->out_dir), ==, 0);
}

static void
test_unwritable_folder (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VitrineJob) job = make_job (f, "Nowhere", 1, 1.0);
  g_autofree char *blocker = vitrine_test_make_file (f->dir, "a-file", "x", 1);
  g_autofree char *inside = g_build_filename (blocker, "videos", NULL);

  /* A folder that cannot be made (its parent is a file): root cannot either. */
  vitrine_job_set_output_dir (job, inside);
  vitrine_job_store_add (f->store, job);
  wait_until (job, vitrine_job_is_finished, 30);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "videos"));
}

static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  VitrineProvider *local = vitrine_provider_lookup ("local");
  g_autoptr(VitrineJob) job = make_job (f, "V", 2, 1.0);
  g_autoptr(VitrineJob) empty = vitrine_job_new ("local");
  const char *relative[] = { "photo.jpg", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (local);
  g_assert_cmpstr (vitrine_provider_get_display_name (local), ==, "This computer");
  g_assert_false (vitrine_provider_get_capabilities (local)->is_paid);
  g_assert_null (vitrine_provider_estimate_cost (local, job));
  g_assert_true (vitrine_provider_validate (local, job, &error));
  g_assert_false (vitrine_provider_validate (local, empty, &error));
  g_assert_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  vitrine_job_set_photos (job, relative);
  g_assert_false (vitrine_provider_validate (local, job, &error));
  g_assert_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT);
  for (VitrineRatio r = VITRINE_RATIO_16_9; r <= VITRINE_RATIO_1_1; r++)
    g_assert_true (vitrine_provider_supports_ratio (local, r));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/provider-local/validate", test_validate);
  ADD ("/core/provider-local/render-completes", test_render_completes);
  ADD ("/core/provider-local/cancel-leaves-nothing", test_cancel_leaves_nothing);
  ADD ("/core/provider-local/bad-photo-fails-with-name", test_bad_photo_fails_with_name);
  ADD ("/core/provider-local/unwritable-folder", test_unwritable_folder);
  ADD ("/core/provider-local/labelled-outputs", test_labelled_outputs);
#undef ADD
  return g_test_run ();
}
