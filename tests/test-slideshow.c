/* test-slideshow.c: the local renderer, on photos made at test time
 *
 * Each render is checked from the outside: GstDiscoverer for the streams,
 * and the frames and samples decoded back (qtdemux ! avdec_h264 / avdec_aac)
 * for what the video shows and plays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/pbutils/pbutils.h>

#include "vitrine-frame.h"
#include "vitrine-background.h"
#include "vitrine-slideshow.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-threads.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->dir = vitrine_test_make_tmpdir ();
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  vitrine_test_rmtree (fx->dir);
  g_free (fx->dir);
}

/* Rendering ---------------------------------------------------------------- */

typedef struct {
  gboolean done;
  GError *error;
  double last_progress;
  guint n_progress;
  gboolean progress_off_main;
  gboolean progress_backwards;
  GCancellable *cancel_at;   /* cancelled once progress passes cancel_after */
  double cancel_after;
  gint64 cancelled_at;
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

static void
progress_cb (VitrineSlideshow *show,
             GParamSpec       *pspec,
             Render           *r)
{
  double p = vitrine_slideshow_get_progress (show);

  if (!g_main_context_is_owner (g_main_context_default ()))
    r->progress_off_main = TRUE;
  if (p < r->last_progress)
    r->progress_backwards = TRUE;
  r->last_progress = p;
  r->n_progress++;

  if (r->cancel_at != NULL && p >= r->cancel_after && r->cancelled_at == 0)
    {
      r->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (r->cancel_at);
    }
}

/* Runs the main loop until the render ends; returns its error, if any. */
static GError *
render (VitrineSlideshow *show,
        const char       *output,
        Render           *r)
{
  Render local = { 0 };
  gulong id;
  gint64 deadline = g_get_monotonic_time () + 240 * G_USEC_PER_SEC;

  if (r == NULL)
    r = &local;

  id = g_signal_connect (show, "notify::progress", G_CALLBACK (progress_cb), r);
  vitrine_slideshow_render_async (show, output, r->cancel_at, render_done_cb, r);
  while (!r->done)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_signal_handler_disconnect (show, id);

  return g_steal_pointer (&r->error);
}

static VitrineSlideshow *
new_show (const char * const *photos,
          guint               width,
          guint               height,
          double              spp)
{
  VitrineSlideshow *show = vitrine_slideshow_new ();

  vitrine_slideshow_set_photos (show, photos);
  vitrine_slideshow_set_size (show, width, height);
  vitrine_slideshow_set_seconds_per_photo (show, spp);
  return show;
}

/* Only the files made by the test are left in @dir (no output, no temp). */
static void
assert_dir_holds_only (const char         *dir,
                       const char * const *names)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    {
      if (!g_strv_contains (names, name))
        g_error ("%s was left in %s", name, dir);
    }
}

/* Inspecting the output ---------------------------------------------------- */

typedef struct {
  double duration;
  int width, height;
  char *video_caps;
  char *audio_caps;
  int n_audio;
} Probe;

static void
probe_clear (Probe *p)
{
  g_free (p->video_caps);
  g_free (p->audio_caps);
}

static void
probe (const char *path,
       Probe      *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstDiscoverer) disco = gst_discoverer_new (30 * GST_SECOND, &error);
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autofree char *uri = gst_filename_to_uri (path, NULL);
  GList *videos, *audios;

  g_assert_no_error (error);
  info = gst_discoverer_discover_uri (disco, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);

  memset (p, 0, sizeof *p);
  p->duration = gst_discoverer_info_get_duration (info) / (double) GST_SECOND;

  videos = gst_discoverer_info_get_video_streams (info);
  g_assert_cmpuint (g_list_length (videos), ==, 1);
  {
    GstDiscovererVideoInfo *v = videos->data;
    g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (GST_DISCOVERER_STREAM_INFO (v));

    p->width = gst_discoverer_video_info_get_width (v);
    p->height = gst_discoverer_video_info_get_height (v);
    p->video_caps = gst_caps_to_string (caps);
  }
  gst_discoverer_stream_info_list_free (videos);

  audios = gst_discoverer_info_get_audio_streams (info);
  p->n_audio = g_list_length (audios);
  if (audios != NULL)
    {
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (audios->data);

      p->audio_caps = gst_caps_to_string (caps);
    }
  gst_discoverer_stream_info_list_free (audios);
}

static void
assert_mp4 (const char *path,
            int         width,
            int         height,
            double      duration)
{
  Probe p;
  const char *encoder = vitrine_slideshow_find_encoder ();

  probe (path, &p);
  g_test_message ("%s: %dx%d, %.3f s, %s; %s", path, p.width, p.height, p.duration,
                  p.video_caps, p.audio_caps);
  g_assert_cmpint (p.width, ==, width);
  g_assert_cmpint (p.height, ==, height);
  g_assert_cmpfloat_with_epsilon (p.duration, duration, 0.5);
  g_assert_nonnull (strstr (p.video_caps, "video/x-h264"));
  if (g_strcmp0 (encoder, "openh264enc") != 0)
    g_assert_nonnull (strstr (p.video_caps, "profile=(string)high"));
  g_assert_cmpint (p.n_audio, ==, 1);
  g_assert_nonnull (strstr (p.audio_caps, "audio/mpeg"));
  g_assert_nonnull (strstr (p.audio_caps, "mpegversion=(int)4"));
  probe_clear (&p);
}

/* The top-level boxes of the file, in order: 'moov' must come before 'mdat'. */
static void
assert_faststart (const char *path)
{
  g_autofree char *data = NULL;
  gsize len, pos = 0;
  gssize moov = -1, mdat = -1;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  while (pos + 8 <= len)
    {
      const guint8 *b = (const guint8 *) data + pos;
      guint64 size = ((guint64) b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];

      if (memcmp (b + 4, "moov", 4) == 0)
        moov = pos;
      else if (memcmp (b + 4, "mdat", 4) == 0)
        mdat = pos;
      if (size == 1 && pos + 16 <= len)
        size = GUINT64_FROM_BE (*(const guint64 *) (b + 8));
      if (size < 8)
        break;
      pos += size;
    }
  g_assert_cmpint (moov, >=, 0);
  g_assert_cmpint (mdat, >=, 0);
  g_assert_cmpint (moov, <, mdat);
}

typedef struct {
  int width, height;
  GPtrArray *frames; /* RGB, width * 3 a row */
} Frames;

static void
frames_free (Frames *f)
{
  g_ptr_array_unref (f->frames);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Frames, frames_free)

static GstElement *
decode_pipeline (const char *path,
                 const char *desc)
{
  g_autoptr(GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);
  GstElement *src;

  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (src, "location", path, NULL);
  gst_object_unref (src);
  return pipeline;
}

static Frames *
decode_video (const char *path)
{
  GstElement *pipeline = decode_pipeline (path,
    "filesrc name=src ! qtdemux ! h264parse ! avdec_h264 ! videoconvert ! "
    "video/x-raw,format=RGB ! appsink name=sink sync=false");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  Frames *f = g_new0 (Frames, 1);
  GstSample *sample;

  f->frames = g_ptr_array_new_with_free_func (g_free);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))))
    {
      GstVideoInfo info;
      GstVideoFrame vf;
      guint8 *rgb;

      gst_video_info_from_caps (&info, gst_sample_get_caps (sample));
      f->width = info.width;
      f->height = info.height;
      g_assert_true (gst_video_frame_map (&vf, &info, gst_sample_get_buffer (sample), GST_MAP_READ));
      rgb = g_malloc ((gsize) f->width * f->height * 3);
      for (int y = 0; y < f->height; y++)
        memcpy (rgb + (gsize) y * f->width * 3,
                (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&vf, 0) + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&vf, 0),
                f->width * 3);
      gst_video_frame_unmap (&vf);
      g_ptr_array_add (f->frames, rgb);
      gst_sample_unref (sample);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);

  return f;
}

/* Mono, 48 kHz. */
static GArray *
decode_audio (const char *path)
{
  GstElement *pipeline = decode_pipeline (path,
    "filesrc name=src ! qtdemux ! aacparse ! avdec_aac ! audioconvert ! audioresample ! "
    "audio/x-raw,format=F32LE,channels=1,rate=48000,layout=interleaved ! appsink name=sink sync=false");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (float));
  GstSample *sample;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))))
    {
      GstMapInfo map;

      gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ);
      g_array_append_vals (samples, map.data, map.size / sizeof (float));
      gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
      gst_sample_unref (sample);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);

  return samples;
}

static double
rms (GArray *samples,
     double  from,
     double  to)
{
  gsize a = (gsize) (from * 48000), b = MIN ((gsize) (to * 48000), samples->len);
  double sum = 0;

  g_assert_cmpuint (a, <, b);
  for (gsize i = a; i < b; i++)
    {
      float v = g_array_index (samples, float, i);

      sum += v * v;
    }
  return sqrt (sum / (b - a));
}

/* Mean of channel @c (0–2) over a rectangle in fractions of the frame. */
static double
frame_mean (const Frames *f,
            guint         index,
            int           c,
            double        fx0,
            double        fy0,
            double        fx1,
            double        fy1)
{
  const guint8 *rgb;
  int x0 = (int) (fx0 * f->width), x1 = (int) (fx1 * f->width);
  int y0 = (int) (fy0 * f->height), y1 = (int) (fy1 * f->height);
  double sum = 0;

  g_assert_cmpuint (index, <, f->frames->len);
  rgb = f->frames->pdata[index];
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      sum += rgb[((gsize) y * f->width + x) * 3 + c];
  return sum / MAX (1, (x1 - x0) * (y1 - y0));
}

/* Red minus blue over a part of a frame. */
static double
redness (const Frames *f,
         guint         index,
         double        fx0,
         double        fy0,
         double        fx1,
         double        fy1)
{
  return frame_mean (f, index, 0, fx0, fy0, fx1, fy1) - frame_mean (f, index, 2, fx0, fy0, fx1, fy1);
}

/* Motion between two frames --------------------------------------------------
 *
 * A global zoom + translation, x' = x + a (x - cx) + tx (the same for y),
 * fitted by Lucas-Kanade on blurred luma, iterated. Returns the motion at
 * the frame's left/right edge and centre, in pixels. */

static float *
blurred_luma (const Frames *f,
              guint         index)
{
  int w = f->width, h = f->height;
  const guint8 *rgb = f->frames->pdata[index];
  g_autofree float *tmp = g_new (float, (gsize) w * h);
  float *out = g_new (float, (gsize) w * h);

  for (gsize i = 0; i < (gsize) w * h; i++)
    out[i] = 0.299f * rgb[i * 3] + 0.587f * rgb[i * 3 + 1] + 0.114f * rgb[i * 3 + 2];

  /* 5-tap box, twice, each way */
  for (int pass = 0; pass < 2; pass++)
    {
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            float s = 0;

            for (int k = -2; k <= 2; k++)
              s += out[(gsize) y * w + CLAMP (x + k, 0, w - 1)];
            tmp[(gsize) y * w + x] = s / 5;
          }
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            float s = 0;

            for (int k = -2; k <= 2; k++)
              s += tmp[(gsize) CLAMP (y + k, 0, h - 1) * w + x];
            out[(gsize) y * w + x] = s / 5;
          }
    }
  return out;
}

static float
sample_bilinear (const float *img,
                 int          w,
                 int          h,
                 double       x,
                 double       y)
{
  int x0, y0;
  double fx, fy;

  x = CLAMP (x, 0, w - 1.001);
  y = CLAMP (y, 0, h - 1.001);
  x0 = (int) x;
  y0 = (int) y;
  fx = x - x0;
  fy = y - y0;
  return (float) ((img[(gsize) y0 * w + x0] * (1 - fx) + img[(gsize) y0 * w + x0 + 1] * fx) * (1 - fy) +
                  (img[(gsize) (y0 + 1) * w + x0] * (1 - fx) + img[(gsize) (y0 + 1) * w + x0 + 1] * fx) * fy);
}

typedef struct {
  double a, tx, ty;
} Motion;

static Motion
estimate_motion (const Frames *f,
                 guint         i,
                 guint         j)
{
  g_autofree float *A = blurred_luma (f, i);
  g_autofree float *B = blurred_luma (f, j);
  int w = f->width, h = f->height, margin = 12;
  double cx = w / 2.0, cy = h / 2.0;
  Motion m = { 0, 0, 0 };

  for (int iter = 0; iter < 4; iter++)
    {
      double N[3][3] = { { 0 } }, r[3] = { 0 }, det, sol[3];

      for (int y = margin; y < h - margin; y++)
        for (int x = margin; x < w - margin; x++)
          {
            /* A moved by the motion so far, against B */
            double dx = m.a * (x - cx) + m.tx, dy = m.a * (y - cy) + m.ty;
            double aw = sample_bilinear (A, w, h, x - dx, y - dy);
            double ix = (sample_bilinear (A, w, h, x - dx + 1, y - dy) -
                         sample_bilinear (A, w, h, x - dx - 1, y - dy)) / 2;
            double iy = (sample_bilinear (A, w, h, x - dx, y - dy + 1) -
                         sample_bilinear (A, w, h, x - dx, y - dy - 1)) / 2;
            double it = B[(gsize) y * w + x] - aw;
            double row[3] = { ix * (x - cx) + iy * (y - cy), ix, iy };

            for (int p = 0; p < 3; p++)
              {
                for (int q = 0; q < 3; q++)
                  N[p][q] += row[p] * row[q];
                r[p] -= row[p] * it;
              }
          }

      /* B(x) ~ A(x - d): grad(A).d = A - B, so d solves N d = r */
      det = N[0][0] * (N[1][1] * N[2][2] - N[1][2] * N[2][1]) -
            N[0][1] * (N[1][0] * N[2][2] - N[1][2] * N[2][0]) +
            N[0][2] * (N[1][0] * N[2][1] - N[1][1] * N[2][0]);
      g_assert_cmpfloat (fabs (det), >, 1e-9);
      for (int c = 0; c < 3; c++)
        {
          double M[3][3];

          memcpy (M, N, sizeof M);
          for (int k = 0; k < 3; k++)
            M[k][c] = r[k];
          sol[c] = (M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) -
                    M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
                    M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0])) / det;
        }
      m.a += sol[0];
      m.tx += sol[1];
      m.ty += sol[2];
    }

  return m;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Tests -------------------------------------------------------------------- */

static void
test_encoder (void)
{
  const char *encoder = vitrine_slideshow_find_encoder ();

  g_assert_nonnull (encoder);
  g_test_message ("encoder: %s", encoder);
}

/* One render at full size: 2 photos x 1 s at 1920x1080. */
static void
test_full_size (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *a = vitrine_test_make_jpeg (fx->dir, "a.jpg", 2400, 1600, 1, 0);
  g_autofree char *b = vitrine_test_make_jpeg (fx->dir, "b.jpg", 2400, 1600, 6, 1);
  const char *photos[] = { a, b, NULL };
  g_autofree char *out = g_build_filename (fx->dir, "full.mp4", NULL);
  g_autoptr(VitrineSlideshow) show = new_show (photos, 1920, 1080, 1.0);
  g_autoptr(GError) error = NULL;
  Render r = { 0 };

  g_assert_null (vitrine_slideshow_get_encoder_name (show));
  g_assert_cmpfloat (vitrine_slideshow_get_duration (show), ==, 2.0);

  error = render (show, out, &r);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_slideshow_get_encoder_name (show), ==, vitrine_slideshow_find_encoder ());

  /* progress on the main thread, forwards, to the end */
  g_assert_false (r.progress_off_main);
  g_assert_false (r.progress_backwards);
  g_assert_cmpuint (r.n_progress, >=, 2);
  g_assert_cmpfloat (vitrine_slideshow_get_progress (show), ==, 1.0);

  assert_mp4 (out, 1920, 1080, 2.0);
  assert_faststart (out);
  {
    const char *left[] = { "a.jpg", "b.jpg", "full.mp4", NULL };

    assert_dir_holds_only (fx->dir, left);
  }

  g_assert_finalize_object (g_steal_pointer (&show));
}

/* Photos x seconds (+ one slot for the outro); other shapes of output. */
static void
test_duration (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *a = vitrine_test_make_jpeg (fx->dir, "a.jpg", 800, 600, 1, 0);
  g_autofree char *b = vitrine_test_make_jpeg (fx->dir, "b.jpg", 600, 800, 1, 1);
  g_autofree char *c = vitrine_test_make_png (fx->dir, "c.png", 700, 700, 2);
  const char *photos[] = { a, b, c, NULL };

  {
    g_autofree char *out = g_build_filename (fx->dir, "plain.mp4", NULL);
    g_autoptr(VitrineSlideshow) show = new_show (photos, 320, 180, 1.5);
    g_autoptr(GError) error = NULL;

    g_assert_cmpfloat (vitrine_slideshow_get_duration (show), ==, 4.5);
    error = render (show, out, NULL);
    g_assert_no_error (error);
    assert_mp4 (out, 320, 180, 4.5);
    assert_faststart (out);
  }

  {
    g_autofree char *out = g_build_filename (fx->dir, "outro.mp4", NULL);
    g_autoptr(VitrineSlideshow) show = new_show (photos, 180, 320, 1.0);
    g_autoptr(GError) error = NULL;

    vitrine_slideshow_set_outro (show, a);
    g_assert_cmpfloat (vitrine_slideshow_get_duration (show), ==, 4.0);
    error = render (show, out, NULL);
    g_assert_no_error (error);
    assert_mp4 (out, 180, 320, 4.0);
  }

  {
    g_autofree char *out = g_build_filename (fx->dir, "square.mp4", NULL);
    g_autoptr(VitrineSlideshow) show = new_show (photos, 240, 240, 0.5);
    g_autoptr(GError) error = NULL;

    error = render (show, out, NULL);
    g_assert_no_error (error);
    assert_mp4 (out, 240, 240, 1.5);
  }
}

/* Inside one photo the picture moves every frame, by about the same amount:
 * no frame repeated and then a jump (what whole-pixel placement does). */
static void
test_motion (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *a = vitrine_test_make_jpeg (fx->dir, "a.jpg", 1600, 1000, 1, 4);
  g_autofree char *b = vitrine_test_make_jpeg (fx->dir, "b.jpg", 1600, 1000, 1, 5);
  const char *photos[] = { a, b, NULL };
  g_autofree char *out = g_build_filename (fx->dir, "motion.mp4", NULL);
  g_autoptr(VitrineSlideshow) show = new_show (photos, 480, 270, 3.0);
  g_autoptr(GError) error = NULL;
  g_autoptr(Frames) frames = NULL;
  g_autoptr(GArray) speeds = g_array_new (FALSE, FALSE, sizeof (double));
  Motion prev = { 0 };
  double median, max_change = 0, min_speed = G_MAXDOUBLE;

  error = render (show, out, NULL);
  g_assert_no_error (error);
  frames = decode_video (out);
  g_assert_cmpuint (frames->frames->len, ==, 180);

  /* each photo, away from the crossfade (frames 78–101) */
  for (int photo = 0; photo < 2; photo++)
    {
      int from = photo == 0 ? 2 : 104, to = photo == 0 ? 76 : 178;

      g_array_set_size (speeds, 0);
      for (int i = from; i < to; i++)
        {
          Motion m = estimate_motion (frames, i, i + 1);
          /* displacement at the left and right edges */
          double el = hypot (m.tx - m.a * frames->width / 2, m.ty);
          double er = hypot (m.tx + m.a * frames->width / 2, m.ty);
          double speed = MAX (el, er);

          if (i > from)
            {
              double change = MAX (fabs (m.a - prev.a) * frames->width / 2,
                                   hypot (m.tx - prev.tx, m.ty - prev.ty));

              max_change = MAX (max_change, change);
            }
          g_test_message ("photo %d frame %d: zoom %+.5f/frame, shift %+.3f %+.3f px, edges %.3f %.3f",
                          photo, i, m.a, m.tx, m.ty, el, er);
          min_speed = MIN (min_speed, speed);
          g_array_append_val (speeds, speed);
          prev = m;
        }

      g_array_sort (speeds, compare_doubles);
      median = g_array_index (speeds, double, speeds->len / 2);
      g_test_message ("photo %d: median %.3f px/frame, min %.3f, largest change %.3f",
                      photo, median, min_speed, max_change);

      /* it moves, visibly but gently */
      g_assert_cmpfloat (median, >, 0.15);
      g_assert_cmpfloat (median, <, 4.0);
      /* every frame moves: no repeats */
      g_assert_cmpfloat (min_speed, >, 0.4 * median);
      /* and by about as much as the one before: no jumps */
      g_assert_cmpfloat (max_change, <, 0.35 * median + 0.05);
      max_change = 0;
      min_speed = G_MAXDOUBLE;
    }
}

/* Half way through the crossfade the picture is half of each photo. */
static void
test_crossfade (Fixture       *fx,
                gconstpointer  data)
{
  /* seed 0: red over blue; seed 1: green over yellow */
  g_autofree char *a = vitrine_test_make_jpeg (fx->dir, "a.jpg", 640, 360, 1, 0);
  g_autofree char *b = vitrine_test_make_jpeg (fx->dir, "b.jpg", 640, 360, 1, 1);
  const char *photos[] = { a, b, NULL };
  g_autofree char *out = g_build_filename (fx->dir, "fade.mp4", NULL);
  g_autoptr(VitrineSlideshow) show = new_show (photos, 320, 180, 1.0);
  g_autoptr(GError) error = NULL;
  g_autoptr(Frames) frames = NULL;

  error = render (show, out, NULL);
  g_assert_no_error (error);
  frames = decode_video (out);
  g_assert_cmpuint (frames->frames->len, ==, 60);

  /* the fade lasts 0.25 s around t = 1 s: frames 27–33, half way at 30 */
  for (int c = 0; c < 3; c++)
    {
      double before = frame_mean (frames, 22, c, 0, 0, 1, 1);
      double after = frame_mean (frames, 38, c, 0, 0, 1, 1);
      double mid = frame_mean (frames, 30, c, 0, 0, 1, 1);
      double early = frame_mean (frames, 28, c, 0, 0, 1, 1);
      double late = frame_mean (frames, 32, c, 0, 0, 1, 1);

      g_test_message ("channel %d: %.1f … %.1f %.1f %.1f … %.1f", c, before, early, mid, late, after);
      if (fabs (after - before) < 40)
        continue;
      /* half way, within 15% of the gap */
      g_assert_cmpfloat (fabs (mid - (before + after) / 2), <, 0.15 * fabs (after - before));
      /* and going the right way */
      g_assert_cmpfloat ((late - early) * (after - before), >, 0);
      g_assert_cmpfloat (fabs (early - before), <, fabs (mid - before));
    }
  /* the green channel must have been one of the checked ones */
  g_assert_cmpfloat (fabs (frame_mean (frames, 38, 1, 0, 0, 1, 1) - frame_mean (frames, 22, 1, 0, 0, 1, 1)), >, 40);
}

/* Stored red over blue; EXIF says how it is shown. */
static void
test_orientation (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *o3 = vitrine_test_make_jpeg (fx->dir, "o3.jpg", 640, 480, 3, 0);
  g_autofree char *o6 = vitrine_test_make_jpeg (fx->dir, "o6.jpg", 640, 480, 6, 0);
  g_autofree char *o8 = vitrine_test_make_jpeg (fx->dir, "o8.jpg", 640, 480, 8, 0);
  g_autofree char *o1 = vitrine_test_make_jpeg (fx->dir, "o1.jpg", 640, 480, 1, 0);
  const char *photos[] = { o3, o6, o8, o1, NULL };
  g_autofree char *out = g_build_filename (fx->dir, "turned.mp4", NULL);
  g_autoptr(VitrineSlideshow) show = new_show (photos, 320, 180, 1.0);
  g_autoptr(GError) error = NULL;
  g_autoptr(Frames) frames = NULL;
  /* a frame well inside each slot */
  int at[] = { 0, 45, 75, 105 };

  error = render (show, out, NULL);
  g_assert_no_error (error);
  frames = decode_video (out);
  g_assert_cmpuint (frames->frames->len, ==, 120);

  for (int k = 0; k < 4; k++)
    g_test_message ("photo %d: top %.0f bottom %.0f left %.0f right %.0f", k,
                    redness (frames, at[k], 0, 0, 1, 0.3), redness (frames, at[k], 0, 0.7, 1, 1),
                    redness (frames, at[k], 0, 0, 0.3, 1), redness (frames, at[k], 0.7, 0, 1, 1));

  /* 3 (180°): blue on top; the very first frame already */
  g_assert_cmpfloat (redness (frames, 0, 0, 0, 1, 0.3), <, -80);
  g_assert_cmpfloat (redness (frames, 0, 0, 0.7, 1, 1), >, 80);
  /* 6 (90° clockwise): the stored top is on the right */
  g_assert_cmpfloat (redness (frames, 45, 0.7, 0, 1, 1), >, 80);
  g_assert_cmpfloat (redness (frames, 45, 0, 0, 0.3, 1), <, -80);
  /* 8 (90° anticlockwise): on the left */
  g_assert_cmpfloat (redness (frames, 75, 0, 0, 0.3, 1), >, 80);
  g_assert_cmpfloat (redness (frames, 75, 0.7, 0, 1, 1), <, -80);
  /* 1: as stored */
  g_assert_cmpfloat (redness (frames, 105, 0, 0, 1, 0.3), >, 80);
  g_assert_cmpfloat (redness (frames, 105, 0, 0.7, 1, 1), <, -80);

  /* the portrait photos fill the frame: no letterbox bars at the sides */
  for (int k = 1; k <= 2; k++)
    for (int c = 0; c < 3; c++)
      {
        double l = frame_mean (frames, at[k], c, 0, 0, 0.03, 1);
        double r = frame_mean (frames, at[k], c, 0.97, 0, 1, 1);

        g_assert_cmpfloat (MAX (l, r), >, 25);
      }
}

/* Music looped to the length, faded out over the last 2 s; silence without. */
static void
test_audio (Fixture       *fx,
            gconstpointer  data)
{
  g_autofree char *a = vitrine_test_make_jpeg (fx->dir, "a.jpg", 400, 300, 1, 0);
  g_autofree char *wav = vitrine_test_make_wav (fx->dir, "music.wav", 1.2, 0.5);
  const char *photos[] = { a, a, a, a, a, NULL };

  {
    g_autofree char *out = g_build_filename (fx->dir, "music.mp4", NULL);
    g_autoptr(VitrineSlideshow) show = new_show (photos, 320, 180, 1.0);
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) samples = NULL;
    double first, looped, last;

    vitrine_slideshow_set_music (show, wav);
    error = render (show, out, NULL);
    g_assert_no_error (error);
    assert_mp4 (out, 320, 180, 5.0);

    samples = decode_audio (out);
    g_assert_cmpfloat_with_epsilon (samples->len / 48000.0, 5.0, 0.1);
    first = rms (samples, 0.3, 1.0);
    looped = rms (samples, 1.5, 2.5);  /* the music is 1.2 s long */
    last = rms (samples, 4.5, 5.0);
    g_test_message ("RMS: %.4f at first, %.4f looped, %.4f in the last 0.5 s", first, looped, last);
    /* the music is brought to -14 LUFS: this tone at 0.5 comes out near 0.09 RMS */
    g_assert_cmpfloat (first, >, 0.05);
    g_assert_cmpfloat (looped, >, 0.8 * first);
    g_assert_cmpfloat (last, <, 0.15 * first);
  }

  {
    g_autofree char *out = g_build_filename (fx->dir, "silent.mp4", NULL);
    g_autoptr(VitrineSlideshow) show = new_show (photos, 320, 180, 0.5);
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) samples = NULL;

    error = render (show, out, NULL);
    g_assert_no_error (error);
    assert_mp4 (out, 320, 180, 2.5);
    samples = decode_audio (out);
    g_assert_cmpfloat_with_epsilon (samples->len / 48000.0, 2.5, 0.1);
    g_assert_cmpfloat (rms (samples, 0, 2.5), <, 1e-3);
  }
}

/* The title on the first photo and the logo in a corner change those parts
 * of the frame, and nothing else. */
static void
test_overlays (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *a = vitrine_test_make_jpeg (fx->dir, "a.jpg", 800, 450, 1, 3);
  g_autofree char *logo = vitrine_test_make_png (fx->dir, "logo.png", 200, 100, 1);
  const char *photos[] = { a, a, NULL };
  g_autofree char *plain_out = g_build_filename (fx->dir, "plain.mp4", NULL);
  g_autofree char *dressed_out = g_build_filename (fx->dir, "dressed.mp4", NULL);
  g_autoptr(VitrineSlideshow) plain = new_show (photos, 480, 270, 1.0);
  g_autoptr(VitrineSlideshow) dressed = new_show (photos, 480, 270, 1.0);
  g_autoptr(GError) error = NULL;
  g_autoptr(Frames) pf = NULL;
  g_autoptr(Frames) df = NULL;
  double d_title, d_logo, d_middle, d_title_later;

  vitrine_slideshow_set_title (dressed, "Maison de ville — 5 pièces");
  vitrine_slideshow_set_logo (dressed, logo);
  error = render (plain, plain_out, NULL);
  g_assert_no_error (error);
  error = render (dressed, dressed_out, NULL);
  g_assert_no_error (error);
  pf = decode_video (plain_out);
  df = decode_video (dressed_out);

#define DIFF(i, x0, y0, x1, y1) \
  (fabs (frame_mean (df, i, 1, x0, y0, x1, y1) - frame_mean (pf, i, 1, x0, y0, x1, y1)) + \
   fabs (frame_mean (df, i, 0, x0, y0, x1, y1) - frame_mean (pf, i, 0, x0, y0, x1, y1)))
  d_title = DIFF (0, 0.06, 0.86, 0.4, 0.92);
  d_logo = DIFF (0, 0.9, 0.05, 0.97, 0.12);
  d_middle = DIFF (0, 0.3, 0.3, 0.7, 0.6);
  d_title_later = DIFF (45, 0.06, 0.86, 0.4, 0.92);
  g_test_message ("differences: title %.1f, logo %.1f, middle %.1f, title on the 2nd photo %.1f",
                  d_title, d_logo, d_middle, d_title_later);
  g_assert_cmpfloat (d_title, >, 10);
  g_assert_cmpfloat (d_logo, >, 20);
  g_assert_cmpfloat (d_middle, <, 3);
  /* the title is gone by the second photo; the logo stays */
  g_assert_cmpfloat (d_title_later, <, 3);
  g_assert_cmpfloat (DIFF (45, 0.9, 0.05, 0.97, 0.12), >, 20);
#undef DIFF
}

/* Cancel mid-render: quick, CANCELLED, nothing left. */
static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = g_build_filename (fx->dir, "cancelled.mp4", NULL);
  g_autoptr(VitrineSlideshow) show = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Render r = { 0 };
  double took;

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%02d.jpg", i);

      g_ptr_array_add (photos, vitrine_test_make_jpeg (fx->dir, name, 1280, 720, 1, i));
      g_ptr_array_add (names, g_steal_pointer (&name));
    }
  g_ptr_array_add (photos, NULL);
  g_ptr_array_add (names, NULL);

  show = new_show ((const char * const *) photos->pdata, 1280, 720, 3.0);
  r.cancel_at = cancellable;
  r.cancel_after = 0.05;
  error = render (show, out, &r);
  took = (g_get_monotonic_time () - r.cancelled_at) / 1e6;
  g_test_message ("cancelled at %.0f%%, ended %.2f s later", r.last_progress * 100, took);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (r.cancelled_at, >, 0);
  /* Cancelled, it ends within a few tenths of a second on a quiet machine;
   * uncancelled, it would go on to make a 60-second video. 10 s tells the
   * two apart and leaves room for a machine busy with other work, which
   * the render's threads (niced) yield to: 2 s was once not enough. */
  g_assert_cmpfloat (took, <, 10.0);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_dir_holds_only (fx->dir, (const char * const *) names->pdata);

  /* and it can render again afterwards */
  {
    const char *two[] = { photos->pdata[0], photos->pdata[1], NULL };
    g_autoptr(GError) again = NULL;

    vitrine_slideshow_set_photos (show, two);
    vitrine_slideshow_set_size (show, 320, 180);
    vitrine_slideshow_set_seconds_per_photo (show, 0.5);
    again = render (show, out, NULL);
    g_assert_no_error (again);
    g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  }
}

/* Who builds the pipeline: GStreamer's "element-new" hook counts the
 * elements made on the main thread and elsewhere. */
typedef GstTracer TestTracer;
typedef GstTracerClass TestTracerClass;

G_DEFINE_TYPE (TestTracer, test_tracer, GST_TYPE_TRACER)

static void
test_tracer_class_init (TestTracerClass *klass)
{
}

static void
test_tracer_init (TestTracer *tracer)
{
}

static GThread *main_thread;
static gint elements_on_main, elements_elsewhere, elements_not_niced;
static int niced_at;  /* the nice value of a background thread */

static void
element_new_cb (GObject      *tracer,
                GstClockTime  ts,
                GstElement   *element)
{
  g_atomic_int_inc (g_thread_self () == main_thread ? &elements_on_main : &elements_elsewhere);
  /* Linux: the calling thread's own */
  if (g_thread_self () != main_thread && getpriority (PRIO_PROCESS, 0) != niced_at)
    g_atomic_int_inc (&elements_not_niced);
}

/* One small photo, half a second at 320x180, to @name in the test's folder. */
static VitrineSlideshow *
new_small_show (Fixture     *fx,
                const char  *name,
                char       **out)
{
  g_autofree char *a = vitrine_test_make_jpeg (fx->dir, "a.jpg", 640, 480, 1, 0);
  const char *photos[] = { a, NULL };

  *out = g_build_filename (fx->dir, name, NULL);
  return new_show (photos, 320, 180, 0.5);
}

static void
wait_render (Render *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The pipeline is built in a thread: GStreamer's first use loads its
 * plugins, too long for the window's main loop (issue 12). The render
 * returns before it is built, and still makes its video. */
static void
test_built_off_main (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(VitrineSlideshow) show = new_small_show (fx, "off-main.mp4", &out);
  g_autoptr(GstTracer) tracer = g_object_new (test_tracer_get_type (), NULL);
  Render r = { 0 };

  main_thread = g_thread_self ();
  niced_at = MIN (getpriority (PRIO_PROCESS, 0) + VITRINE_BACKGROUND_NICENESS, 19);
  gst_tracing_register_hook (tracer, "element-new", G_CALLBACK (element_new_cb));

  vitrine_slideshow_render_async (show, out, NULL, render_done_cb, &r);
  g_assert_null (vitrine_slideshow_get_encoder_name (show));
  wait_render (&r);

  g_assert_no_error (r.error);
  g_assert_nonnull (vitrine_slideshow_get_encoder_name (show));
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_atomic_int_get (&elements_elsewhere), >, 0);
  g_assert_cmpint (g_atomic_int_get (&elements_on_main), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&elements_not_niced), ==, 0);
}

/* A render's threads (its own, and GStreamer's streaming threads, where
 * x264 encodes) yield to the window's: niced, the main thread not. */
static void
test_threads_niced (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = g_build_filename (fx->dir, "niced.mp4", NULL);
  g_autofree char *wav = vitrine_test_make_wav (fx->dir, "music.wav", 4.0, 0.5);
  g_autoptr(VitrineSlideshow) show = NULL;
  g_autoptr(GHashTable) started = NULL;
  int main_nice = getpriority (PRIO_PROCESS, 0);
  int niced = MIN (main_nice + VITRINE_BACKGROUND_NICENESS, 19);
  const char *streaming = NULL;  /* a streaming thread's name */
  VitrineTestThreadWatch *watch;
  Render r = { 0 };
  GHashTableIter iter;
  gpointer value;

  for (int i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("n%d.jpg", i);

      g_ptr_array_add (photos, vitrine_test_make_jpeg (fx->dir, name, 1280, 720, 1, i));
    }
  g_ptr_array_add (photos, NULL);
  show = new_show ((const char * const *) photos->pdata, 640, 360, 1.0);
  vitrine_slideshow_set_music (show, wav);  /* decoded in a pipeline of its own */
  watch = vitrine_test_thread_watch_start ();
  vitrine_slideshow_render_async (show, out, NULL, render_done_cb, &r);
  wait_render (&r);
  started = vitrine_test_thread_watch_stop (watch);

  g_assert_no_error (r.error);
  g_test_message ("%u threads started", g_hash_table_size (started));
  g_hash_table_iter_init (&iter, started);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      VitrineTestThread *t = value;

      /* GLib's shared pool, where GIO and gst_element_call_async() run
       * short jobs (that the pipeline is built in a background thread,
       * built-off-main checks) */
      if (g_str_has_prefix (t->name, "pool-"))
        g_hash_table_iter_remove (&iter);
      else if (t->nice != niced)
        g_test_message ("not niced as it should be: %s, %d", t->name, t->nice);
      if (strstr (t->name, ":src") != NULL)
        streaming = t->name;
    }
  g_hash_table_iter_init (&iter, started);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    /* niced once: threads started by a render thread are not niced again */
    g_assert_cmpint (((VitrineTestThread *) value)->nice, ==, niced);
  g_assert_nonnull (streaming);
  g_assert_cmpint (getpriority (PRIO_PROCESS, 0), ==, main_nice);
}

/* Cancelled while the pipeline is being built: nothing is left. */
static void
test_cancel_while_built (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(VitrineSlideshow) show = new_small_show (fx, "cancelled.mp4", &out);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Render r = { 0 };

  vitrine_slideshow_render_async (show, out, cancellable, render_done_cb, &r);
  g_cancellable_cancel (cancellable);
  wait_render (&r);

  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  {
    const char *left[] = { "a.jpg", NULL };

    assert_dir_holds_only (fx->dir, left);
  }
}

static void
assert_bad_input (Fixture            *fx,
                  const char * const *photos,
                  const char         *music,
                  const char         *logo,
                  const char         *name)
{
  g_autofree char *out = g_build_filename (fx->dir, "bad.mp4", NULL);
  g_autoptr(VitrineSlideshow) show = new_show (photos, 320, 180, 1.0);
  g_autoptr(GError) error = NULL;

  vitrine_slideshow_set_music (show, music);
  vitrine_slideshow_set_logo (show, logo);
  error = render (show, out, NULL);
  g_assert_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_bad_input (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *good = vitrine_test_make_jpeg (fx->dir, "good.jpg", 640, 480, 1, 0);
  g_autofree char *empty = vitrine_test_make_file (fx->dir, "empty.jpg", NULL, 0);
  g_autofree char *text = vitrine_test_make_file (fx->dir, "kitchen.jpg", "not a photo at all\n", 19);
  g_autofree char *big = vitrine_test_make_jpeg (fx->dir, "big.jpg", 1600, 1200, 1, 2);
  g_autofree char *contents = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *bad_music = vitrine_test_make_file (fx->dir, "song.mp3", "la la la, not music\n", 20);
  g_autofree char *empty_music = vitrine_test_make_file (fx->dir, "silence.ogg", NULL, 0);
  g_autofree char *wav = vitrine_test_make_wav (fx->dir, "ok.wav", 1.0, 0.3);
  gsize len;

  g_assert_true (g_file_get_contents (big, &contents, &len, NULL));
  cut = vitrine_test_make_file (fx->dir, "cut.jpg", contents, len / 2);

  {
    const char *p[] = { good, empty, NULL };
    assert_bad_input (fx, p, NULL, NULL, "empty.jpg");
  }
  {
    const char *p[] = { text, good, NULL };
    assert_bad_input (fx, p, NULL, NULL, "kitchen.jpg");
  }
  {
    /* found when it is decoded, after the first photo was encoded */
    const char *p[] = { good, cut, good, NULL };
    assert_bad_input (fx, p, NULL, NULL, "cut.jpg");
  }
  {
    const char *p[] = { good, NULL };
    assert_bad_input (fx, p, bad_music, NULL, "song.mp3");
    assert_bad_input (fx, p, empty_music, NULL, "silence.ogg");
    assert_bad_input (fx, p, wav, text, "kitchen.jpg");
    /* a photo is not music */
    assert_bad_input (fx, p, good, NULL, "good.jpg");
  }
  {
    g_autoptr(VitrineSlideshow) show = vitrine_slideshow_new ();
    g_autofree char *out = g_build_filename (fx->dir, "none.mp4", NULL);
    g_autoptr(GError) error = render (show, out, NULL);

    g_assert_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT);
  }
  {
    const char *left[] = { "good.jpg", "empty.jpg", "kitchen.jpg", "big.jpg", "cut.jpg", "song.mp3",
                           "silence.ogg", "ok.wav", NULL };

    assert_dir_holds_only (fx->dir, left);
  }
}

static void
test_unwritable (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *good = vitrine_test_make_jpeg (fx->dir, "good.jpg", 640, 480, 1, 0);
  g_autofree char *file = vitrine_test_make_file (fx->dir, "file", "x", 1);
  const char *photos[] = { good, NULL };

  {
    /* a folder that is a file */
    g_autofree char *out = g_build_filename (file, "out.mp4", NULL);
    g_autoptr(VitrineSlideshow) show = new_show (photos, 320, 180, 1.0);
    g_autoptr(GError) error = render (show, out, NULL);

    g_assert_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_WRITE);
    g_test_message ("%s", error->message);
  }
  {
    /* a folder that does not exist */
    g_autofree char *out = g_build_filename (fx->dir, "nowhere", "out.mp4", NULL);
    g_autoptr(VitrineSlideshow) show = new_show (photos, 320, 180, 1.0);
    g_autoptr(GError) error = render (show, out, NULL);

    g_assert_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_WRITE);
  }
  if (geteuid () != 0)
    {
      /* a read-only folder (root writes anywhere, so only for others) */
      g_autofree char *ro = g_build_filename (fx->dir, "ro", NULL);
      g_autofree char *out = g_build_filename (ro, "out.mp4", NULL);
      g_autoptr(VitrineSlideshow) show = new_show (photos, 320, 180, 1.0);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir (ro, 0500), ==, 0);
      error = render (show, out, NULL);
      g_chmod (ro, 0700);
      g_assert_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_WRITE);
    }
}

/* The warp itself ------------------------------------------------------------ */

static VitrinePicture *
ramp_picture (int w,
              int h)
{
  VitrinePicture *pic = vitrine_picture_new (w, h);

  for (int p = 0; p < 3; p++)
    for (int y = 0; y < pic->heights[p]; y++)
      for (int x = 0; x < pic->widths[p]; x++)
        pic->planes[p][(gsize) y * pic->strides[p] + x] =
          (guint8) ((p == 0 ? 4 * x + y : 128 + ((x * 7 + y * 3) % 60)) & 0xff);
  vitrine_picture_pad (pic);
  return pic;
}

typedef struct {
  VitrineFrame frame;
  guint8 *data;
} OwnedFrame;

static void
frame_init (OwnedFrame *f,
            int         w,
            int         h)
{
  int cw = (w + 1) / 2, ch = (h + 1) / 2;

  f->data = g_malloc0 ((gsize) w * h + 2 * (gsize) cw * ch);
  f->frame.width = w;
  f->frame.height = h;
  f->frame.planes[0] = f->data;
  f->frame.planes[1] = f->data + (gsize) w * h;
  f->frame.planes[2] = f->frame.planes[1] + (gsize) cw * ch;
  f->frame.strides[0] = w;
  f->frame.strides[1] = f->frame.strides[2] = cw;
}

/* The identity is an exact copy; a quarter-pixel shift moves a linear ramp
 * by exactly a quarter of its slope. */
static void
test_warp_subpixel (void)
{
  g_autoptr(VitrinePicture) pic = ramp_picture (64, 48);
  VitrineWarp *warp = vitrine_warp_new (64, 48);
  OwnedFrame f;
  VitrineRect id = { 0, 0, 64, 48 }, shifted = { 0.25, 0, 64, 48 };

  frame_init (&f, 64, 48);
  vitrine_warp_draw (warp, pic, &id, NULL, NULL, 0, &f.frame);
  for (int y = 0; y < 48; y++)
    g_assert_cmpmem (f.frame.planes[0] + y * 64, 64, pic->planes[0] + y * pic->strides[0], 64);

  vitrine_warp_draw (warp, pic, &shifted, NULL, NULL, 0, &f.frame);
  for (int y = 0; y < 48; y++)
    for (int x = 0; x < 60; x++)
      {
        int want = 4 * x + y + 1; /* 4 * 0.25 */

        if (want < 256 && 4 * (x + 1) + y < 256)
          g_assert_cmpint (f.frame.planes[0][y * 64 + x], ==, want);
      }

  vitrine_warp_free (warp);
  g_free (f.data);
}

/* SIMD and C give the same pixels, for zooms in and out and crossfades. */
static void
test_warp_paths_agree (void)
{
  g_autoptr(VitrinePicture) a = ramp_picture (411, 233);
  g_autoptr(VitrinePicture) b = ramp_picture (300, 301);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  VitrineWarp *fast = vitrine_warp_new (250, 140);
  VitrineWarp *slow = vitrine_warp_new (250, 140);
  OwnedFrame f1, f2;

  vitrine_warp_set_accelerated (slow, FALSE);
  if (!vitrine_warp_get_accelerated (fast))
    g_test_message ("no SIMD on this machine: C against C");
  frame_init (&f1, 250, 140);
  frame_init (&f2, 250, 140);

  for (int i = 0; i < 200; i++)
    {
      double zoom = g_rand_double_range (rand, 0.4, 2.5);
      VitrineRect ra = { g_rand_double_range (rand, -5, 150), g_rand_double_range (rand, -5, 90),
                         250 / zoom, 140 / zoom };
      VitrineRect rb = { g_rand_double_range (rand, 0, 50), g_rand_double_range (rand, 0, 100),
                         250 / zoom * 0.9, 140 / zoom * 0.9 };
      int mix = g_rand_int_range (rand, 0, 257);

      vitrine_warp_draw (fast, a, &ra, b, &rb, mix, &f1.frame);
      vitrine_warp_draw (slow, a, &ra, b, &rb, mix, &f2.frame);
      g_assert_cmpmem (f1.data, 250 * 140 + 2 * 125 * 70, f2.data, 250 * 140 + 2 * 125 * 70);
    }

  vitrine_warp_free (fast);
  vitrine_warp_free (slow);
  g_free (f1.data);
  g_free (f2.data);
}

static void
sweep_once_cb (VitrineSlideshow *show,
               GParamSpec       *pspec,
               const char       *out)
{
  static gboolean swept;
  double progress;

  g_object_get (show, "progress", &progress, NULL);
  if (swept || progress < 0.2)
    return;
  swept = TRUE;
  /* Another render of the same name starting now (another process's):
   * it sweeps what a killed one left, and must not take this one's. */
  vitrine_slideshow_remove_leftovers (out);
}

/* A render killed with its process leaves ".NAME.mp4.XXXXXX" and its
 * ".mdat"; the next render of that name removes them, but not those of a
 * render under way (it did: two renders to one -o, and the first failed
 * with "Cannot write": its file was gone). */
static void
test_leftovers (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fx->dir, "out.mp4", NULL);
  g_autofree char *dead = g_build_filename (fx->dir, ".out.mp4.ZZZZZZ", NULL);
  g_autofree char *dead_mdat = g_strconcat (dead, ".mdat", NULL);
  g_autofree char *p0 = vitrine_test_make_jpeg (fx->dir, "p0.jpg", 1280, 720, 1, 0);
  g_autofree char *p1 = vitrine_test_make_jpeg (fx->dir, "p1.jpg", 1280, 720, 1, 1);
  const char *photos[] = { p0, p1, NULL };
  const char *names[] = { "p0.jpg", "p1.jpg", "out.mp4", NULL };
  g_autoptr(VitrineSlideshow) show = new_show (photos, 640, 360, 2.0);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (dead, "x", 1, NULL));
  g_assert_true (g_file_set_contents (dead_mdat, "x", 1, NULL));
  g_signal_connect (show, "notify::progress", G_CALLBACK (sweep_once_cb), out);
  error = render (show, out, NULL);
  g_assert_no_error (error);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  assert_dir_holds_only (fx->dir, names);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/render/warp/subpixel", test_warp_subpixel);
  g_test_add_func ("/render/warp/paths-agree", test_warp_paths_agree);
  g_test_add_func ("/render/slideshow/encoder", test_encoder);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/render/slideshow/full-size", test_full_size);
  ADD ("/render/slideshow/duration", test_duration);
  ADD ("/render/slideshow/motion", test_motion);
  ADD ("/render/slideshow/crossfade", test_crossfade);
  ADD ("/render/slideshow/orientation", test_orientation);
  ADD ("/render/slideshow/audio", test_audio);
  ADD ("/render/slideshow/overlays", test_overlays);
  ADD ("/render/slideshow/cancel", test_cancel);
  ADD ("/render/slideshow/built-off-main", test_built_off_main);
  ADD ("/render/slideshow/cancel-while-built", test_cancel_while_built);
  ADD ("/render/slideshow/threads-niced", test_threads_niced);
  ADD ("/render/slideshow/bad-input", test_bad_input);
  ADD ("/render/slideshow/unwritable", test_unwritable);
  ADD ("/render/slideshow/leftovers", test_leftovers);
#undef ADD

  return g_test_run ();
}
