/* bench-prepare.c: photos prepared and uploaded, timed
 *
 *   bench-prepare [--long-edge N] [--crop none|16:9|9:16|1:1] PHOTO…
 *
 * Starts the S3 test peer (tests/s3), then, on the main loop as the app
 * does it: prepares every photo into a fresh job folder
 * (vitrine_photo_prep_batch_async), uploads the results
 * (vitrine_media_host_upload_async), fetches one presigned URL back, deletes
 * the job's objects, and prepares the photos once more (the cache). Prints
 * one line:
 *
 *   photos=10 in_bytes=… out_bytes=… prep_s=… upload_s=… cached_s=… stall_ms=… main_cpu_ms=… workers=2
 *
 * prep_s: from the call until the last photo is written. stall_ms: the worst
 * lateness of a 10 ms repeating timeout while preparing, uploading, deleting
 * and preparing again (how long the main loop was kept from running).
 * main_cpu_ms: the CPU time the main thread itself spent while preparing. tests/bench/prepare runs this three times
 * beside djpeg | cjpeg.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "vitrine-media-host.h"
#include "vitrine-photo-prep.h"
#include "vitrine-test-s3.h"

#define PROBE_MS 10

static gint64 last_probe;
static gint64 worst_stall;
static gboolean measuring;

static gboolean
probe_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (measuring && last_probe != 0)
    {
      gint64 stall = now - last_probe - PROBE_MS * 1000;

      worst_stall = MAX (worst_stall, stall);
      if (stall > 30000 && g_getenv ("BENCH_VERBOSE"))
        g_printerr ("stall %.1f ms at %.3f s\n", stall / 1e3, now / 1e6);
    }
  last_probe = now;
  return G_SOURCE_CONTINUE;
}

static void
measure (gboolean on)
{
  measuring = on;
  last_probe = 0;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

/* CPU time of the calling thread, in ms. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static GStrv
prepare (const char * const            *photos,
         const char                    *job_dir,
         const VitrinePhotoPrepOptions *opts)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GStrv out;

  vitrine_photo_prep_batch_async (photos, NULL, job_dir, opts, NULL, NULL,
                                  store_result_cb, &result);
  out = vitrine_photo_prep_batch_finish (wait_for (&result), &error);
  if (out == NULL)
    g_error ("prepare: %s", error->message);
  return out;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_auto(GStrv) prepared = NULL;
  g_auto(GStrv) again = NULL;
  g_auto(GStrv) urls = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  g_autofree char *job_dir = NULL;
  g_autofree char *crop = NULL;
  VitrinePhotoPrepOptions opts;
  VitrineTestS3 *s3;
  int long_edge = 0;
  guint64 in_bytes = 0, out_bytes = 0;
  gint64 t0, t1, t2, t3, t4;
  double cpu0, cpu1;
  GOptionEntry entries[] = {
    { "long-edge", 0, 0, G_OPTION_ARG_INT, &long_edge, "Longest edge (default: the setting, 2560)", "N" },
    { "crop", 0, 0, G_OPTION_ARG_STRING, &crop, "Crop: none (default), 16:9, 9:16, 1:1", "RATIO" },
    { NULL }
  };

  context = g_option_context_new ("PHOTO…");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2)
    {
      g_printerr ("%s\n", error ? error->message : "bench-prepare: no photos");
      return 2;
    }

  vitrine_photo_prep_options_init (&opts);
  if (long_edge > 0)
    opts.long_edge = long_edge;
  if (crop != NULL && !vitrine_photo_crop_from_string (crop, &opts.crop))
    {
      g_printerr ("bench-prepare: unknown crop %s\n", crop);
      return 2;
    }

  if (!(s3 = vitrine_test_s3_start (NULL, NULL, &error)))
    {
      g_printerr ("bench-prepare: %s\n", error->message);
      return 1;
    }
  host = vitrine_media_host_new (vitrine_test_s3_get_endpoint (s3), NULL, VITRINE_TEST_S3_BUCKET, TRUE,
                                 "S3RVER", "S3RVER", &error);
  g_assert_no_error (error);
  job_dir = vitrine_photo_prep_dup_job_dir (job_id);

  g_timeout_add (PROBE_MS, probe_cb, NULL);
  /* let the probe settle */
  for (gint64 until = g_get_monotonic_time () + 100000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, TRUE);

  measure (TRUE);
  cpu0 = thread_cpu_ms ();
  t0 = g_get_monotonic_time ();
  prepared = prepare ((const char * const *) argv + 1, job_dir, &opts);
  t1 = g_get_monotonic_time ();
  cpu1 = thread_cpu_ms ();

  vitrine_media_host_upload_async (host, job_id, (const char * const *) prepared, NULL,
                                   NULL, NULL, NULL, NULL, store_result_cb, &result);
  urls = vitrine_media_host_upload_finish (host, wait_for (&result), &error);
  if (urls == NULL)
    g_error ("upload: %s", error->message);
  t2 = g_get_monotonic_time ();

  /* a provider fetches the first link: same bytes (blocking: not measured) */
  measure (FALSE);
  session = soup_session_new ();
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", urls[0]);
    g_autoptr(GBytes) body = NULL;
    g_autofree char *contents = NULL;
    gsize len;

    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (prepared[0], &contents, &len, NULL));
    if (soup_message_get_status (msg) != 200 || g_bytes_get_size (body) != len ||
        memcmp (g_bytes_get_data (body, NULL), contents, len) != 0)
      g_error ("the presigned URL did not give the uploaded bytes back");
  }

  measure (TRUE);
  g_clear_object (&result);
  vitrine_media_host_delete_job_async (host, job_id, NULL, store_result_cb, &result);
  if (!vitrine_media_host_delete_job_finish (host, wait_for (&result), &error))
    g_error ("delete: %s", error->message);
  t3 = g_get_monotonic_time ();

  /* the same job again: everything comes from the cache */
  again = prepare ((const char * const *) argv + 1, job_dir, &opts);
  t4 = g_get_monotonic_time ();

  for (int i = 1; i < argc; i++)
    in_bytes += file_size (argv[i]);
  for (guint i = 0; prepared[i] != NULL; i++)
    {
      out_bytes += file_size (prepared[i]);
      g_assert_cmpstr (prepared[i], ==, again[i]);
    }

  g_print ("photos=%d in_bytes=%" G_GUINT64_FORMAT " out_bytes=%" G_GUINT64_FORMAT
           " prep_s=%.3f upload_s=%.3f cached_s=%.3f stall_ms=%.1f main_cpu_ms=%.1f workers=%u\n",
           argc - 1, in_bytes, out_bytes, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t4 - t3) / 1e6,
           worst_stall / 1e3, cpu1 - cpu0, g_get_num_processors ());

  for (guint i = 0; prepared[i] != NULL; i++)
    g_remove (prepared[i]);
  g_rmdir (job_dir);
  vitrine_test_s3_stop (s3);
  return 0;
}
