/* test-provider-vidgen.c: VidGen against its loopback fake, through the job monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>

#include "vitrine-fake-vidgen.h"
#include "vitrine-provider-vidgen.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"
#include "vitrine-test-web.h"

static const char * const one_video[] = { "Video", NULL };

/* The fixture's photos as files, with its music. */
static VitrineJob *
new_job (VitrineTestRemote *t)
{
  VitrineJob *job = vitrine_job_new ("vidgen");
  g_autofree char *photo1 = g_build_filename (t->dir, "photos", "photo-1.jpg", NULL);
  g_autofree char *photo2 = g_build_filename (t->dir, "photos", "photo-2.jpg", NULL);
  const char *photos[] = { photo1, photo2, NULL };

  vitrine_job_set_name (job, "12 rue Exemple");
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_music (job, t->music);
  vitrine_job_set_output_dir (job, t->out_dir);
  return job;
}

static void
one_job (VitrineTestRemote *t,
         VitrineJob        *job)
{
  g_assert_cmpuint (t->vidgen->created, ==, 1);
}

const VitrineTestProvider vitrine_test_provider = {
  .id = "vidgen", .n_photos = 2, .labels = one_video, .new_job = new_job, .charged = one_job,
  .one_active_job = TRUE,
};

VITRINE_TEST (complete_job, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  vitrine_job_set_option (job, VITRINE_JOB_OPTION_COVER, "1");
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpstr (t->vidgen->server->last_key, ==, VITRINE_FAKE_VIDGEN_KEY);
  g_assert_cmpstr (t->vidgen->image_type, ==, "image/jpeg");
  g_assert_cmpstr (t->vidgen->audio_type, ==, "audio/wav");
  g_assert_cmpstr (t->vidgen->audio_name, ==, "music.wav");
  g_assert_false (t->vidgen->webhook_sent);
  g_assert_cmpuint (t->vidgen->created, ==, 1);
  g_assert_true (g_str_has_prefix (vitrine_job_get_option (job, VITRINE_JOB_OPTION_SHARE_URL),
                                   "https://vidgen.example/share/"));
  g_assert_true (g_str_has_suffix (vitrine_job_get_poll_url (job), "/api/status/clx00000001abcd1234efgh"));
  g_assert_cmpstr (vitrine_job_get_status_text (job), ==, "COMPLETED");
}

static GdkPixbuf *
pixbuf_from_bytes (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (bytes);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, bytes, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* The mean luma of a quarter of @pixbuf (@right, @bottom: which one). */
static double
quarter_luma (GdkPixbuf *pixbuf,
              gboolean   right,
              gboolean   bottom)
{
  int w = gdk_pixbuf_get_width (pixbuf) / 2, h = gdk_pixbuf_get_height (pixbuf) / 2;
  int n = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  double sum = 0;

  for (int y = bottom ? h : 0; y < (bottom ? 2 * h : h); y++)
    for (int x = right ? w : 0; x < (right ? 2 * w : w); x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + (gsize) x * n;

        sum += 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
      }
  return sum / ((double) w * h);
}

/* VidGen's one image is the cover with the listing's address and price
 * drawn on it (top left, as the local video's opening card); the rest of
 * the photo is left as it was. */
VITRINE_TEST (cover_with_listing, NULL)
{
  g_autoptr(VitrineJob) plain = new_job (t);
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineListing) listing = vitrine_listing_new ();
  g_autoptr(GdkPixbuf) before = NULL;
  g_autoptr(GdkPixbuf) after = NULL;

  vitrine_test_remote_run (t, plain, 60);
  before = pixbuf_from_bytes (t->vidgen->image);

  listing->address = g_strdup ("12 rue Exemple, Lyon");
  listing->price = g_strdup ("€ 450,000");
  vitrine_job_set_listing (job, listing);
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  after = pixbuf_from_bytes (t->vidgen->image);
  g_assert_cmpstr (t->vidgen->image_type, ==, "image/jpeg");

  g_assert_cmpint (gdk_pixbuf_get_width (after), ==, gdk_pixbuf_get_width (before));
  g_assert_cmpint (gdk_pixbuf_get_height (after), ==, gdk_pixbuf_get_height (before));
  g_test_message ("top left luma %.1f → %.1f, bottom right %.1f → %.1f",
                  quarter_luma (before, FALSE, FALSE), quarter_luma (after, FALSE, FALSE),
                  quarter_luma (before, TRUE, TRUE), quarter_luma (after, TRUE, TRUE));
  g_assert_cmpfloat (fabs (quarter_luma (after, FALSE, FALSE) - quarter_luma (before, FALSE, FALSE)),
                     >, 8);
  g_assert_cmpfloat (fabs (quarter_luma (after, TRUE, TRUE) - quarter_luma (before, TRUE, TRUE)),
                     <, 3);
}

/* The video has its image's shape: the cover goes cropped to the job's
 * ratio (it went whole, whatever the shape asked). */
VITRINE_TEST (cover_in_the_ratio, NULL)
{
  static const VitrineRatio ratios[] = { VITRINE_RATIO_9_16, VITRINE_RATIO_1_1, VITRINE_RATIO_16_9 };
  static const double shapes[] = { 9.0 / 16, 1.0, 16.0 / 9 };

  for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
    {
      g_autoptr(VitrineJob) job = new_job (t);
      g_autoptr(GdkPixbuf) image = NULL;

      vitrine_job_set_ratio (job, ratios[i]);
      vitrine_test_remote_run (t, job, 60);
      vitrine_test_remote_assert_outputs (job, one_video);
      image = pixbuf_from_bytes (t->vidgen->image);
      g_assert_cmpfloat_with_epsilon ((double) gdk_pixbuf_get_width (image) /
                                      gdk_pixbuf_get_height (image), shapes[i], 0.01);
    }
}

VITRINE_TEST (validate, NULL)
{
  VitrineProvider *provider = vitrine_provider_lookup ("vidgen");
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(GError) error = NULL;

  vitrine_job_set_music (job, NULL);
  g_assert_false (vitrine_provider_validate (provider, job, &error));
  g_assert_nonnull (strstr (error->message, "choose a music"));
  g_clear_error (&error);

  vitrine_job_set_music (job, "https://example.com/song.mp3");
  g_assert_false (vitrine_provider_validate (provider, job, &error));
  g_assert_nonnull (strstr (error->message, "as a file"));
  g_clear_error (&error);
  vitrine_job_set_music (job, t->music);

  vitrine_job_set_option (job, VITRINE_JOB_OPTION_COVER, "5");
  g_assert_false (vitrine_provider_validate (provider, job, &error));
  g_assert_nonnull (strstr (error->message, "cover"));
  /* No photo number: vitrine-cli counts from 0, the window from 1 (it said
   * "no photo number 6" to a --cover 5). */
  g_assert_null (strstr (error->message, "6"));
  g_assert_nonnull (strstr (error->message, "photos of the job"));
  g_clear_error (&error);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_COVER, NULL);

  g_unsetenv ("VITRINE_VIDGEN_URL");
  g_assert_false (vitrine_provider_validate (provider, job, &error));
  g_assert_cmpstr (error->message, ==, "Set your VidGen address in Preferences.");
}

/* Made with GStreamer: audio VidGen does not take. */
static char *
make_audio (VitrineTestRemote *t,
            const char        *name,
            const char        *encoder)
{
  char *path = g_build_filename (t->dir, name, NULL);
  g_autofree char *description =
    g_strdup_printf ("audiotestsrc num-buffers=40 ! audioconvert ! %s ! filesink location=\"%s\"",
                     encoder, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_true (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS);
  return path;
}

/* 413 and 415 never happen for a file the agent can use: a FLAC (and an
 * AIFF) become Ogg, a 60 MB BMP a small JPEG. */
VITRINE_TEST (prepared_not_refused, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJob) second = NULL;
  g_autofree char *flac = make_audio (t, "music.flac", "flacenc");
  g_autofree char *aiff = make_audio (t, "music.aiff", "aiffmux");
  g_autofree char *bmp = g_build_filename (t->dir, "big.bmp", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 5000, 4000);
  g_autoptr(GError) error = NULL;
  const char *photos[] = { bmp, NULL };
  GStatBuf st;

  gdk_pixbuf_fill (pixbuf, 0x4080c0ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, bmp, "bmp", &error, NULL));
  g_assert_cmpint (g_stat (bmp, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, VITRINE_FAKE_VIDGEN_MAX_FILE);

  vitrine_job_set_photos (job, photos);
  vitrine_job_set_music (job, flac);
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpstr (t->vidgen->image_type, ==, "image/jpeg");
  g_assert_cmpuint (t->vidgen->image_size, <, 5 * 1000 * 1000);
  g_assert_cmpstr (t->vidgen->audio_type, ==, "audio/ogg");
  g_assert_true (g_str_has_suffix (t->vidgen->audio_name, ".ogg"));

  second = new_job (t);
  vitrine_job_set_music (second, aiff);
  vitrine_test_remote_run (t, second, 60);
  vitrine_test_remote_assert_outputs (second, one_video);
  g_assert_cmpstr (t->vidgen->audio_type, ==, "audio/ogg");
}

/* A WAV over VidGen's 50 MB, a type it takes, goes as Ogg Vorbis (it went
 * as it was, and the job failed "even after Vitrine made it smaller"). */
VITRINE_TEST (large_wav_converted, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autofree char *wav = vitrine_test_make_wav (t->dir, "long.wav", 300, 0.3);
  GStatBuf st;

  g_assert_cmpint (g_stat (wav, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, VITRINE_FAKE_VIDGEN_MAX_FILE);
  vitrine_job_set_music (job, wav);
  vitrine_test_remote_run (t, job, 120);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpstr (t->vidgen->audio_type, ==, "audio/ogg");
  g_assert_cmpuint (t->vidgen->audio_size, <, VITRINE_FAKE_VIDGEN_MAX_FILE / 4);
}

/* If VidGen still refuses a file, the agent reads why. */
VITRINE_TEST (too_large_message, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  vitrine_fake_server_inject (t->vidgen->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS,
                              413, "{\"error\": \"Uploaded file exceeded 50 MB\"}", 1);
  vitrine_test_remote_run_to_failure (t, job, "Uploaded file exceeded 50 MB");
}

static void
waiting_cb (VitrineJob *job,
            GParamSpec *pspec,
            guint      *waits)
{
  if (g_strcmp0 (vitrine_job_get_status_text (job), "Waiting for your previous VidGen job") == 0)
    (*waits)++;
}

/* Three jobs in a row: one at a time, each after the other, none lost. */
VITRINE_TEST (three_in_a_row, NULL)
{
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  VitrineJob *jobs[3];
  guint waits = 0;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean done = FALSE;

  for (guint i = 0; i < 3; i++)
    {
      jobs[i] = new_job (t);
      g_signal_connect (jobs[i], "notify::status-text", G_CALLBACK (waiting_cb), &waits);
      vitrine_job_store_add (t->store, jobs[i]);
    }
  monitor = vitrine_job_monitor_new (t->store);
  while (!done && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      done = TRUE;
      for (guint i = 0; i < 3; i++)
        done &= vitrine_job_is_finished (jobs[i]);
    }
  for (guint i = 0; i < 3; i++)
    {
      vitrine_test_remote_assert_outputs (jobs[i], one_video);
      g_signal_handlers_disconnect_by_data (jobs[i], &waits);
      g_object_unref (jobs[i]);
    }
  g_assert_cmpuint (t->vidgen->created, ==, 3);
  g_assert_cmpuint (t->vidgen->max_active, ==, 1);
  g_assert_cmpuint (waits, >=, 2);
}

/* Someone else's job holds the slot: the account is asked until it is
 * free, then the job goes. */
VITRINE_TEST (foreign_job_waited_for, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  VitrineFakeVidgenJob *foreign = vitrine_fake_vidgen_add_job (t->vidgen, "PROCESSING", 30);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_setenv ("VITRINE_VIDGEN_IDLE_CHECK_MS", "200", TRUE);
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  while (t->vidgen->conflicts == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  vitrine_test_remote_spin (500);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_QUEUED);
  g_assert_cmpstr (vitrine_job_get_status_text (job), ==, "Waiting for your previous VidGen job");
  /* Asked at most every IDLE_CHECK_MS, no new POST meanwhile. */
  g_assert_cmpuint (t->vidgen->conflicts, ==, 1);
  g_assert_cmpuint (t->vidgen->lists, >=, 2);

  g_free (foreign->status);
  foreign->status = g_strdup ("COMPLETED");
  while (!vitrine_job_is_finished (job) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_unsetenv ("VITRINE_VIDGEN_IDLE_CHECK_MS");
}

VITRINE_TEST (cancel_while_pending, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  VitrineFakeVidgenJob *remote;

  t->vidgen->hold = TRUE;
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_SUBMITTED);
  vitrine_job_monitor_cancel_job (monitor, job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_CANCELLED);
  while (vitrine_job_monitor_is_busy (monitor))
    g_main_context_iteration (NULL, TRUE);
  remote = g_hash_table_lookup (t->vidgen->server->jobs, vitrine_job_get_remote_id (job));
  g_assert_cmpstr (remote->status, ==, "CANCELLED");
}

VITRINE_TEST (cancel_refused_while_processing, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;

  t->vidgen->stall = TRUE;
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_PROCESSING);
  vitrine_job_monitor_cancel_job (monitor, job);
  while (vitrine_job_monitor_is_busy (monitor))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_prefix (vitrine_job_get_status_text (job),
                                  "The job has already started; VidGen cannot stop it now"));
  g_assert_false (vitrine_job_is_finished (job));
  /* The job goes on to its end. */
  t->vidgen->stall = FALSE;
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_COMPLETED);
  vitrine_test_remote_assert_outputs (job, one_video);
  /* Ended, it says VidGen's word again (it still said it could not stop). */
  g_assert_cmpstr (vitrine_job_get_status_text (job), ==, "COMPLETED");
}

/* The answer to the POST is lost, but VidGen made the job: found in its
 * list, followed, never posted twice. */
VITRINE_TEST (lost_answer_recovered, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  t->vidgen->lose_answers = 1;
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpuint (t->vidgen->created, ==, 1);
  g_assert_cmpuint (vitrine_fake_server_count (t->vidgen->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* ... on a server whose clock is five minutes behind ours: its createdAt
 * is read on its own clock (the Date of its answers). It was not found,
 * and the paid video was never fetched. */
VITRINE_TEST (lost_answer_skewed_clock, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  t->vidgen->clock_skew_s = -300;
  t->vidgen->lose_answers = 1;
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpuint (t->vidgen->created, ==, 1);
  g_assert_cmpuint (vitrine_fake_server_count (t->vidgen->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* The POST never made a job (the connection went down first); another
 * client's job, made and ended a little before, is not taken for ours
 * (it was, and its video saved as this listing's). */
VITRINE_TEST (lost_post_not_a_foreign_job, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  VitrineFakeVidgenJob *foreign = vitrine_fake_vidgen_add_job (t->vidgen, "COMPLETED", 20);

  foreign->updated = foreign->created + 10;
  t->vidgen->drop_posts = 1;
  vitrine_test_remote_run (t, job, 60);
  g_assert_cmpstr (vitrine_job_get_remote_id (job), !=, foreign->id);
  g_assert_cmpuint (t->vidgen->created, ==, 0);
  g_assert_cmpuint (vitrine_job_get_outputs (job)->len, ==, 0);
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint *n = user_data;

  g_assert_true (vitrine_provider_vidgen_import_finish (VITRINE_PROVIDER_VIDGEN (object), result, n,
                                                        &error));
  g_assert_no_error (error);
}

static guint
import (VitrineTestRemote *t)
{
  guint n = G_MAXUINT;

  vitrine_provider_vidgen_import_async (VITRINE_PROVIDER_VIDGEN (vitrine_provider_lookup ("vidgen")),
                                        t->store, NULL, imported_cb, &n);
  while (n == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  return n;
}

VITRINE_TEST (import_history_twice, NULL)
{
  GListModel *model = G_LIST_MODEL (t->store);
  g_autoptr(VitrineJob) newest = NULL;

  for (guint i = 0; i < 45; i++)
    vitrine_fake_vidgen_add_job (t->vidgen, i == 3 ? "FAILED" : "COMPLETED", 3600 * (45 - i));
  g_assert_cmpuint (import (t), ==, 45);
  g_assert_cmpuint (t->vidgen->lists, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 45);
  g_assert_cmpuint (import (t), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 45);

  /* Newest on top, with its video's address and its share link. */
  newest = g_list_model_get_item (model, 0);
  g_assert_cmpint (vitrine_job_get_state (newest), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpstr (vitrine_job_get_remote_id (newest), ==, "clx00000045abcd1234efgh");
  /* dated when VidGen made it, an hour ago (it was the import's time) */
  g_assert_cmpint (ABS (g_get_real_time () / G_USEC_PER_SEC - 3600 - vitrine_job_get_created (newest)), <, 120);
  g_assert_nonnull (vitrine_job_get_option (newest, VITRINE_JOB_OPTION_SHARE_URL));
  g_assert_true (g_str_has_suffix (((VitrineJobOutput *) g_ptr_array_index (
                                      vitrine_job_get_outputs (newest), 0))->url, ".mp4"));
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;

  if (vitrine_provider_vidgen_check_health_finish (VITRINE_PROVIDER_VIDGEN (object), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

VITRINE_TEST (health, NULL)
{
  VitrineProviderVidgen *provider = VITRINE_PROVIDER_VIDGEN (vitrine_provider_lookup ("vidgen"));
  g_autoptr(GError) error = NULL;

  g_unsetenv ("VITRINE_VIDGEN_API_KEY");   /* none needed */
  vitrine_provider_vidgen_check_health_async (provider, NULL, health_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (error->message, ==, "ok");
  g_clear_error (&error);

  g_unsetenv ("VITRINE_VIDGEN_URL");
  vitrine_provider_vidgen_check_health_async (provider, NULL, health_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (error->message, ==, "Set your VidGen address in Preferences.");
}

/* vitrine-cli: three submits in a row, each process detached; they share
 * the store, and VidGen sees one job at a time. Then an import adds
 * nothing new. */
static char *
run_cli (VitrineTestRemote  *t,
         const char * const *args)
{
  int status;
  char *out = vitrine_test_remote_cli (t, args, &status, NULL);

  g_assert_cmpint (status, ==, 0);
  return out;
}

VITRINE_TEST (cli_detached_queue, NULL)
{
  g_autofree char *photo = g_build_filename (t->dir, "photos", "photo-1.jpg", NULL);
  const char *submit[] = { "submit", "--provider", "vidgen", "--yes", "--detach", "--cover", "0",
                           "--music", t->music, photo, NULL };
  const char *import_args[] = { "import", "vidgen", NULL };
  g_autofree char *db = g_build_filename (t->dir, "data", "vitrine", "jobs.db", NULL);
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *imported = NULL;
  char *ids[3];
  gint64 deadline;
  gboolean done = FALSE;

  if (g_getenv ("VITRINE_CLI") == NULL)
    {
      g_test_skip ("VITRINE_CLI is not set");
      return;
    }
  for (guint i = 0; i < 3; i++)
    ids[i] = run_cli (t, submit);
  store = vitrine_job_store_new_for_path (db, &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!done && g_get_monotonic_time () < deadline)
    {
      vitrine_test_remote_spin (100);
      vitrine_job_store_refresh (store);
      done = TRUE;
      for (guint i = 0; i < 3; i++)
        {
          VitrineJob *job = vitrine_job_store_lookup (store, ids[i]);

          done &= job != NULL && vitrine_job_is_finished (job);
        }
    }
  for (guint i = 0; i < 3; i++)
    {
      vitrine_test_remote_assert_outputs (vitrine_job_store_lookup (store, ids[i]), one_video);
      g_free (ids[i]);
    }
  g_assert_cmpuint (t->vidgen->created, ==, 3);
  g_assert_cmpuint (t->vidgen->max_active, ==, 1);

  imported = run_cli (t, import_args);
  g_assert_cmpstr (imported, ==, "Imported 0 jobs from VidGen.");
}

/* Issue 9: a 500 to POST /api/jobs is sent again with backoff, as the
 * reference says; one job is made. */
VITRINE_TEST (post_500_retried, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  vitrine_fake_server_inject (t->vidgen->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS,
                              500, "{\"error\": \"Server error\"}", 1);
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpuint (vitrine_fake_server_count (t->vidgen->server, VITRINE_FAKE_ON_POST), ==, 2);
  g_assert_cmpuint (t->vidgen->created, ==, 1);
}

/* A 500 to POST /api/jobs from a server that had already written the job
 * down: sent again, it would meet that job's 409, wait for it to end, and
 * then be paid a second time while the first video was never fetched. The
 * job is looked for in the list first and followed: one POST, one job. */
VITRINE_TEST (post_500_after_create_followed, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  t->vidgen->fail_answers = 1;
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpuint (vitrine_fake_server_count (t->vidgen->server, VITRINE_FAKE_ON_POST), ==, 1);
  g_assert_cmpuint (t->vidgen->created, ==, 1);
  g_assert_cmpuint (t->vidgen->conflicts, ==, 0);
}

/* A server that refuses the connection was sent nothing: the job fails
 * plainly, nothing charged, not INTERRUPTED as if the answer were lost
 * ("may have started and been charged"). */
VITRINE_TEST (post_connection_refused, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autofree char *closed = g_strdup_printf ("http://127.0.0.1:%u", vitrine_test_web_closed_port ());

  g_setenv ("VITRINE_VIDGEN_URL", closed, TRUE);
  vitrine_test_remote_run_to_failure (t, job, "Could not send the video to VidGen");
  g_assert_null (strstr (vitrine_job_get_error_message (job), "charged"));
  g_assert_cmpuint (t->vidgen->created, ==, 0);
}

static gboolean
watch_attention_cb (gpointer data)
{
  VitrineJob *job = data;
  gboolean *seen = g_object_get_data (G_OBJECT (job), "seen");

  *seen |= vitrine_job_get_attention (job) != NULL;
  return G_SOURCE_CONTINUE;
}

/* Unreadable answers to the polls, again and again (a captive portal's
 * page): said on the job, which goes on being asked, and completes once
 * the answers can be read. It was failed at the fifth: a paid video given
 * up, its uploads deleted. */
VITRINE_TEST (poll_unreadable_not_failed, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  gboolean seen = FALSE;
  guint watch;

  g_object_set_data (G_OBJECT (job), "seen", &seen);
  watch = g_timeout_add (20, watch_attention_cb, job);
  vitrine_fake_server_inject (t->vidgen->server, VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_TRUNCATED,
                              0, NULL, 5);
  vitrine_test_remote_run (t, job, 90);
  g_source_remove (watch);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_true (seen);
  g_assert_null (vitrine_job_get_attention (job));
}

/* VidGen said COMPLETED, and the download did not go through; the next
 * poll answers 404 (the job gone from its list, or the key changed for
 * another account's): the video is fetched from the address recorded. It
 * was failed for good, a paid video thrown away. */
VITRINE_TEST (poll_404_after_completed_downloads, NULL)
{
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autoptr(VitrineJob) job = new_job (t);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  vitrine_fake_server_inject (t->vidgen->server, VITRINE_FAKE_ON_DOWNLOAD, VITRINE_FAKE_FAULT_STATUS,
                              500, NULL, 4);
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  while (vitrine_fake_server_count (t->vidgen->server, VITRINE_FAKE_ON_DOWNLOAD) == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  vitrine_fake_server_inject (t->vidgen->server, VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_STATUS,
                              404, "{\"error\": \"Job not found\"}", 1);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_COMPLETED);
  vitrine_test_remote_assert_outputs (job, one_video);
}

/* Issue 9: a 429 to POST /api/jobs with Retry-After: 2 is sent again no
 * sooner than the 2 s asked (the hint travels from the HTTP error to the
 * monitor's backoff), and not after a much longer wait; one job is made. */
VITRINE_TEST (post_429_retry_after_honoured, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  gint64 start = g_get_real_time () / G_USEC_PER_SEC;
  gint64 gap;

  vitrine_fake_server_inject (t->vidgen->server, VITRINE_FAKE_ON_POST,
                              VITRINE_FAKE_FAULT_RETRY_AFTER, 2, NULL, 1);
  vitrine_test_remote_run (t, job, 60);
  /* The POST that made the job is the one it is dated by (a lost answer
   * is looked for around that time), not the first, refused. */
  g_assert_cmpint (g_ascii_strtoll (vitrine_job_get_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT),
                                    NULL, 10), >=, start + 2);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpuint (vitrine_fake_server_count (t->vidgen->server, VITRINE_FAKE_ON_POST), ==, 2);
  gap = vitrine_fake_server_time (t->vidgen->server, VITRINE_FAKE_ON_POST, 1) -
        vitrine_fake_server_time (t->vidgen->server, VITRINE_FAKE_ON_POST, 0);
  if (g_test_verbose ())
    g_printerr ("second POST %" G_GINT64_FORMAT " ms after the first\n", gap / 1000);
  g_assert_cmpint (gap, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (gap, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (t->vidgen->created, ==, 1);
}

/* vitrine-cli cancel ID while this process drives the job (its own store
 * handle, as the window has): exit @expected_status; the cancel reaches
 * the driver through the store. */
static char *
cli_cancel (VitrineTestRemote *t,
            VitrineJob        *job,
            int                expected_status,
            char             **err)
{
  const char *args[] = { "cancel", vitrine_job_get_id (job), NULL };
  int status = -1;
  char *out = vitrine_test_remote_cli (t, args, &status, err);

  if (status != expected_status)
    g_error ("vitrine-cli cancel exited %d: %s %s", status, out, *err);
  return out;
}

/* Issue 9: vitrine-cli cancel from another process while VidGen still has
 * the job PENDING: exit 0; the driver stops it without downloading. */
VITRINE_TEST (cli_cancel_elsewhere, NULL)
{
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autoptr(VitrineJob) job = new_job (t);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  VitrineFakeVidgenJob *remote;

  if (g_getenv ("VITRINE_CLI") == NULL)
    {
      g_test_skip ("VITRINE_CLI is not set");
      return;
    }
  store = vitrine_test_remote_cli_store (t);
  t->vidgen->hold = TRUE;
  vitrine_job_store_add (store, job);
  monitor = vitrine_job_monitor_new_for_job (store, job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_SUBMITTED);
  out = cli_cancel (t, job, 0, &err);
  g_assert_cmpstr (out, ==, "cancelled");
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_CANCELLED);
  while (vitrine_job_monitor_is_busy (monitor))
    g_main_context_iteration (NULL, TRUE);
  remote = g_hash_table_lookup (t->vidgen->server->jobs, vitrine_job_get_remote_id (job));
  g_assert_cmpstr (remote->status, ==, "CANCELLED");
  t->vidgen->hold = FALSE;
  vitrine_test_remote_spin (300);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);
  g_assert_cmpuint (vitrine_fake_server_count (t->vidgen->server, VITRINE_FAKE_ON_DOWNLOAD), ==, 0);
  g_assert_cmpuint (vitrine_job_get_outputs (job)->len, ==, 0);
  g_assert_cmpuint (t->vidgen->cancels, ==, 1);
  g_assert_cmpuint (t->vidgen->cancels_no_id, ==, 0);
}

/* Issue 9: the same once VidGen is processing the job: 409, exit 1 with
 * the reason; the driver keeps following it, says so, and brings the
 * video. A second cancel is asked again (no stale refusal answers it). */
VITRINE_TEST (cli_cancel_elsewhere_refused, NULL)
{
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autoptr(VitrineJob) job = new_job (t);

  if (g_getenv ("VITRINE_CLI") == NULL)
    {
      g_test_skip ("VITRINE_CLI is not set");
      return;
    }
  store = vitrine_test_remote_cli_store (t);
  t->vidgen->stall = TRUE;
  vitrine_job_store_add (store, job);
  monitor = vitrine_job_monitor_new_for_job (store, job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_PROCESSING);
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *out = cli_cancel (t, job, 1, &err);

      g_assert_nonnull (strstr (err, "VidGen cannot stop it now"));
      g_assert_nonnull (strstr (err, "keeps following"));
      g_assert_cmpuint (t->vidgen->cancels, ==, i);
      g_assert_false (vitrine_job_is_finished (job));
      /* Said while it goes on, past the next polls. */
      vitrine_test_remote_spin (300);
      g_assert_cmpstr (vitrine_job_get_status_text (job), ==,
                       "The job has already started; VidGen cannot stop it now. "
                       "Vitrine keeps following the job.");
    }
  t->vidgen->stall = FALSE;
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_COMPLETED);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpuint (t->vidgen->cancels_no_id, ==, 0);
  g_assert_cmpuint (vitrine_fake_server_count (t->vidgen->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* Issue 9: Cancel while the POST is on its way (VidGen has made the job,
 * its answer is late): nothing is posted to a cancel path before the id
 * is known; once it is, the job is cancelled at VidGen, never downloaded. */
VITRINE_TEST (cancel_before_id_known, NULL)
{
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autoptr(VitrineJob) job = new_job (t);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  VitrineFakeVidgenJob *remote;

  t->vidgen->hold = TRUE;
  t->vidgen->answer_delay_ms = 1500;
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  while (t->vidgen->created == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (t->vidgen->created, ==, 1);
  g_assert_null (vitrine_job_get_remote_id (job));
  vitrine_job_monitor_cancel_job (monitor, job);
  vitrine_test_remote_spin (300);
  g_assert_cmpuint (t->vidgen->cancels, ==, 0);
  g_assert_false (vitrine_job_is_finished (job));
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_CANCELLED);
  while (vitrine_job_monitor_is_busy (monitor))
    g_main_context_iteration (NULL, TRUE);
  remote = g_hash_table_lookup (t->vidgen->server->jobs, vitrine_job_get_remote_id (job));
  g_assert_nonnull (remote);
  g_assert_cmpstr (remote->status, ==, "CANCELLED");
  g_assert_cmpuint (t->vidgen->cancels, ==, 1);
  g_assert_cmpuint (t->vidgen->cancels_no_id, ==, 0);
  g_assert_cmpuint (vitrine_fake_server_count (t->vidgen->server, VITRINE_FAKE_ON_DOWNLOAD), ==, 0);
}
