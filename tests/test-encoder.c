/* test-encoder.c: which H.264 encoder the renderer picks, and how it sets it
 *
 * With x264enc installed (Debian's gstreamer1.0-plugins-ugly, or the module
 * the Flatpak builds), the renderer picks it with the settings of the
 * Debian build: preset veryfast, CRF 23, High profile, no B-frames. x264
 * writes the settings it used into the stream (an SEI message: "x264 -
 * core … options: … crf=23.0 …"), so the test reads them from the file,
 * not from our own pipeline string. Then x264enc is taken out of the GStreamer registry, as
 * in a runtime without it: the renderer falls back to openh264enc and the
 * file still plays to its last frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "vitrine-slideshow.h"
#include "vitrine-test-photos.h"

#define WIDTH 640
#define HEIGHT 360
#define FPS 30

typedef struct {
  gboolean  done;
  GError   *error;
} Render;

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Render *r = user_data;

  vitrine_slideshow_render_finish (VITRINE_SLIDESHOW (object), result, &r->error);
  r->done = TRUE;
}

/* Two photos, one second each, at 640x360: returns the MP4's path. */
static char *
render_two_photos (const char *dir)
{
  g_autofree char *a = vitrine_test_make_jpeg (dir, "a.jpg", 1200, 800, 1, 0);
  g_autofree char *b = vitrine_test_make_jpeg (dir, "b.jpg", 1200, 800, 1, 1);
  const char *photos[] = { a, b, NULL };
  g_autofree char *out = g_build_filename (dir, "tour.mp4", NULL);
  g_autoptr(VitrineSlideshow) show = vitrine_slideshow_new ();
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  Render r = { 0 };

  vitrine_slideshow_set_photos (show, photos);
  vitrine_slideshow_set_size (show, WIDTH, HEIGHT);
  vitrine_slideshow_set_seconds_per_photo (show, 1.0);
  vitrine_slideshow_render_async (show, out, NULL, render_done_cb, &r);
  while (!r.done)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_no_error (r.error);
  g_assert_cmpstr (vitrine_slideshow_get_encoder_name (show), ==, vitrine_slideshow_find_encoder ());
  return g_steal_pointer (&out);
}

/* The video stream's caps, as a player sees them. */
static char *
video_caps (const char *path)
{
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (30 * GST_SECOND, NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  GList *videos;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GError) error = NULL;

  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  videos = gst_discoverer_info_get_video_streams (info);
  g_assert_nonnull (videos);
  caps = gst_discoverer_stream_info_get_caps (videos->data);
  gst_discoverer_stream_info_list_free (videos);
  return gst_caps_to_string (caps);
}

/* Decodes every frame (qtdemux ! avdec_h264), as a player would. */
static guint
count_decoded_frames (const char *path)
{
  g_autofree char *desc =
    g_strdup_printf ("filesrc location=\"%s\" ! qtdemux ! h264parse ! avdec_h264 ! "
                     "fakesink name=sink signal-handoffs=false sync=false", path);
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, NULL);
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = NULL;
  guint64 rendered = 0;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  {
    g_autoptr(GstStructure) stats = NULL;

    g_object_get (sink, "stats", &stats, NULL);
    g_assert_true (gst_structure_get_uint64 (stats, "rendered", &rendered));
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return (guint) rendered;
}

/* x264's own record of its settings, or NULL when x264 did not write it. */
static char *
x264_settings (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;
  const char *start, *end;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  start = memmem (data, len, "x264 - core", strlen ("x264 - core"));
  if (start == NULL)
    return NULL;
  end = memchr (start, '\0', len - (start - data));
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* The AAC encoder that loads fastest is picked (voaacenc, a small plugin):
 * GStreamer's libav plugin, with its 80 libraries, is never loaded by a
 * render; its loading held the dynamic loader's lock long enough to stall
 * the window. Runs first: later tests decode with libav. */
static void
test_light_audio_encoder (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GstPlugin) libav = NULL;

  if (!gst_registry_check_feature_version (gst_registry_get (), "voaacenc", 1, 0, 0))
    {
      g_test_skip ("voaacenc is not installed");
      return;
    }
  dir = vitrine_test_make_tmpdir ();
  out = render_two_photos (dir);
  libav = gst_registry_find_plugin (gst_registry_get (), "libav");
  g_assert_true (libav == NULL || !gst_plugin_is_loaded (libav));
  vitrine_test_rmtree (dir);
}

static void
test_x264_settings (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *caps = NULL;

  if (!gst_registry_check_feature_version (gst_registry_get (), "x264enc", 1, 0, 0))
    {
      g_test_skip ("x264enc is not installed");
      return;
    }
  /* A hardware encoder comes first where one registers (DESIGN.md). */
  if (g_strcmp0 (vitrine_slideshow_find_encoder (), "x264enc") != 0)
    {
      g_test_skip ("a hardware encoder is picked before x264enc here");
      return;
    }

  dir = vitrine_test_make_tmpdir ();
  out = render_two_photos (dir);
  settings = x264_settings (out);
  g_assert_nonnull (settings);
  g_test_message ("%s", settings);
  /* CRF 23 (x264's rate control "crf"), and the veryfast preset's
   * signature: one reference, subme 2, hexagon search, lookahead 10. */
  g_assert_nonnull (strstr (settings, " rc=crf "));
  g_assert_nonnull (strstr (settings, " crf=23.0 "));
  g_assert_nonnull (strstr (settings, " ref=1 "));
  g_assert_nonnull (strstr (settings, " subme=2 "));
  g_assert_nonnull (strstr (settings, " me=hex "));
  g_assert_nonnull (strstr (settings, " rc_lookahead=10 "));
  /* No B-frames: with them, a steady pan shimmered from frame to frame
   * (vitrine-render-mux.c; tests/bench/listing measures it). */
  g_assert_nonnull (strstr (settings, " bframes=0 "));
  caps = video_caps (out);
  g_test_message ("%s", caps);
  g_assert_nonnull (strstr (caps, "profile=(string)high"));
  g_assert_nonnull (strstr (caps, "width=(int)640"));
  g_assert_cmpuint (count_decoded_frames (out), ==, 2 * FPS);

  vitrine_test_rmtree (dir);
}

static void
test_openh264_fallback (void)
{
  GstRegistry *registry = gst_registry_get ();
  GstPluginFeature *x264 = gst_registry_lookup_feature (registry, "x264enc");
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *caps = NULL;
  g_autofree char *settings = NULL;

  if (!gst_registry_check_feature_version (registry, "openh264enc", 1, 0, 0))
    {
      g_test_skip ("openh264enc is not installed");
      return;
    }
  /* What a runtime without x264 looks like to the renderer. */
  if (x264 != NULL)
    {
      gst_registry_remove_feature (registry, x264);
      gst_object_unref (x264);
    }
  g_assert_null (gst_element_factory_find ("x264enc"));
  if (g_strcmp0 (vitrine_slideshow_find_encoder (), "openh264enc") != 0)
    {
      g_test_skip ("a hardware encoder is picked before openh264enc here");
      return;
    }

  dir = vitrine_test_make_tmpdir ();
  out = render_two_photos (dir);
  settings = x264_settings (out);
  g_assert_null (settings);
  caps = video_caps (out);
  g_test_message ("%s", caps);
  g_assert_nonnull (strstr (caps, "video/x-h264"));
  g_assert_nonnull (strstr (caps, "width=(int)640"));
  /* Playable: every frame decodes, to the last. */
  g_assert_cmpuint (count_decoded_frames (out), ==, 2 * FPS);

  vitrine_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  /* The choice is the renderer's, not a forced one. */
  g_unsetenv ("VITRINE_ENCODER");

  /* In this order: the second takes x264enc out of the registry. */
  g_test_add_func ("/render/encoder/light-audio-encoder", test_light_audio_encoder);
  g_test_add_func ("/render/encoder/x264-settings", test_x264_settings);
  g_test_add_func ("/render/encoder/openh264-fallback", test_openh264_fallback);
  return g_test_run ();
}
