/* test-image.c: probing and loading photos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "vitrine-image.h"
#include "vitrine-test-photos.h"

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

/* Mean of channel @c over a rectangle given in fractions of the picture. */
static double
mean_channel (GdkPixbuf *pixbuf,
              int        c,
              double     fx0,
              double     fy0,
              double     fx1,
              double     fy1)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  int x0 = (int) (fx0 * w), x1 = (int) (fx1 * w), y0 = (int) (fy0 * h), y1 = (int) (fy1 * h);
  double sum = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      sum += px[(gsize) y * stride + (gsize) x * n + c];

  return sum / MAX (1, (x1 - x0) * (y1 - y0));
}

/* @path probes as @width x @height, without error. */
static void
assert_probe_size (const char *path,
                   int         width,
                   int         height)
{
  g_autoptr(GError) error = NULL;
  int w = 0, h = 0;

  g_assert_true (vitrine_image_probe (path, &w, &h, &error));
  g_assert_no_error (error);
  g_assert_cmpint (w, ==, width);
  g_assert_cmpint (h, ==, height);
}

static void
test_probe_sizes (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *png = vitrine_test_make_png (fx->dir, "p.png", 100, 70, 3);

  for (int o = 1; o <= 8; o++)
    {
      g_autofree char *name = g_strdup_printf ("o%d.jpg", o);
      g_autofree char *path = vitrine_test_make_jpeg (fx->dir, name, 64, 48, o, o);

      /* orientations 5 to 8 turn it a quarter */
      if (o >= 5)
        assert_probe_size (path, 48, 64);
      else
        assert_probe_size (path, 64, 48);
    }
  assert_probe_size (png, 100, 70);
}

static void
check_load (const char *path,
            int         min_w,
            int         min_h,
            int         want_w,
            int         want_h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = vitrine_image_load_covering (path, min_w, min_h, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pixbuf);
  g_assert_false (gdk_pixbuf_get_has_alpha (pixbuf));
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, want_w);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, want_h);
}

static void
test_load_covering_sizes (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *big = vitrine_test_make_jpeg (fx->dir, "big.jpg", 4032, 3024, 1, 1);
  g_autofree char *turned = vitrine_test_make_jpeg (fx->dir, "turned.jpg", 4032, 3024, 6, 2);
  g_autofree char *png = vitrine_test_make_png (fx->dir, "p.png", 800, 600, 3);

  /* a thumbnail: the short side decides */
  check_load (big, 256, 256, 341, 256);
  /* the renderer's 16:9 frame at 115% zoom: the width decides */
  check_load (big, 2208, 1242, 2208, 1656);
  /* covering, never scaled up */
  check_load (big, 5000, 100, 4032, 3024);
  check_load (big, 0, 0, 1, 1);
  /* orientation 6: shown as 3024 x 4032 */
  check_load (turned, 256, 256, 256, 341);
  check_load (turned, 1080, 1920, 1440, 1920);
  /* gdk-pixbuf formats too */
  check_load (png, 200, 200, 267, 200);
  check_load (png, 1000, 1000, 800, 600);
}

/* The stored picture is red on top, blue below, brighter on the left;
 * each orientation must move those where EXIF says. */
static void
test_load_orientation (Fixture       *fx,
                       gconstpointer  data)
{
  for (int o = 1; o <= 8; o++)
    {
      g_autofree char *name = g_strdup_printf ("o%d.jpg", o);
      g_autofree char *path = vitrine_test_make_jpeg (fx->dir, name, 400, 300, o, 0);
      g_autoptr(GError) error = NULL;
      int width = 0, height = 0;
      g_autoptr(GdkPixbuf) pb = vitrine_image_load_covering_full (path, 100, 100, &width, &height,
                                                                  &error);
      double top, bottom, left, right;
      gboolean red_top, red_bottom, red_left, red_right;

      g_assert_no_error (error);
      /* The photo's own size, as shown (the thumbnail's small-photo check) */
      g_assert_cmpint (width, ==, o >= 5 ? 300 : 400);
      g_assert_cmpint (height, ==, o >= 5 ? 400 : 300);
      /* red minus blue of each half */
      top = mean_channel (pb, 0, 0, 0, 1, 0.5) - mean_channel (pb, 2, 0, 0, 1, 0.5);
      bottom = mean_channel (pb, 0, 0, 0.5, 1, 1) - mean_channel (pb, 2, 0, 0.5, 1, 1);
      left = mean_channel (pb, 0, 0, 0, 0.5, 1) - mean_channel (pb, 2, 0, 0, 0.5, 1);
      right = mean_channel (pb, 0, 0.5, 0, 1, 1) - mean_channel (pb, 2, 0.5, 0, 1, 1);
      red_top = top > 100 && bottom < -100;
      red_bottom = bottom > 100 && top < -100;
      red_left = left > 100 && right < -100;
      red_right = right > 100 && left < -100;

      g_test_message ("orientation %d: %dx%d top %.0f bottom %.0f left %.0f right %.0f", o,
                      gdk_pixbuf_get_width (pb), gdk_pixbuf_get_height (pb), top, bottom, left, right);
      switch (o)
        {
        case 1: case 2: g_assert_true (red_top); break;
        case 3: case 4: g_assert_true (red_bottom); break;
        case 5: case 8: g_assert_true (red_left); break;
        case 6: case 7: g_assert_true (red_right); break;
        }

      /* the brighter stored-left edge tells a turn from its mirror */
      {
        double g_l = mean_channel (pb, 1, 0, 0, 0.1, 1), g_r = mean_channel (pb, 1, 0.9, 0, 1, 1);
        double g_t = mean_channel (pb, 1, 0, 0, 1, 0.1), g_b = mean_channel (pb, 1, 0, 0.9, 1, 1);

        switch (o)
          {
          case 1: case 4: g_assert_cmpfloat (g_l, >, g_r + 20); break;
          case 2: case 3: g_assert_cmpfloat (g_r, >, g_l + 20); break;
          case 5: case 6: g_assert_cmpfloat (g_t, >, g_b + 20); break;
          case 7: case 8: g_assert_cmpfloat (g_b, >, g_t + 20); break;
          }
      }
    }
}

/* The DCT-scaled, area-filtered result matches a careful reference (full
 * decode, then gdk-pixbuf's HYPER filter): no nearest-neighbour shortcut. */
static void
test_load_quality (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path = vitrine_test_make_jpeg (fx->dir, "q.jpg", 1600, 1200, 1, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) full = gdk_pixbuf_new_from_file (path, &error);
  g_autoptr(GdkPixbuf) ours = NULL;
  g_autoptr(GdkPixbuf) ref = NULL;
  const guint8 *a, *b;
  int w, h, sa, sb;
  double diff = 0;

  g_assert_no_error (error);
  ours = vitrine_image_load_covering (path, 300, 300, &error);
  g_assert_no_error (error);
  w = gdk_pixbuf_get_width (ours);
  h = gdk_pixbuf_get_height (ours);
  g_assert_cmpint (w, ==, 400);
  g_assert_cmpint (h, ==, 300);
  ref = gdk_pixbuf_scale_simple (full, w, h, GDK_INTERP_HYPER);

  a = gdk_pixbuf_read_pixels (ours);
  b = gdk_pixbuf_read_pixels (ref);
  sa = gdk_pixbuf_get_rowstride (ours);
  sb = gdk_pixbuf_get_rowstride (ref);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w * 3; x++)
      diff += ABS ((int) a[(gsize) y * sa + x] - (int) b[(gsize) y * sb + x]);
  diff /= (double) w * h * 3;

  g_test_message ("mean difference from the reference: %.2f", diff);
  g_assert_cmpfloat (diff, <, 4.0);
}

static void
test_load_alpha (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "clear.png", NULL);
  g_autoptr(GdkPixbuf) src = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 64, 64);
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (src, 0x00000000); /* transparent black */
  g_assert_true (gdk_pixbuf_save (src, path, "png", &error, NULL));
  loaded = vitrine_image_load_covering (path, 32, 32, &error);
  g_assert_no_error (error);
  g_assert_false (gdk_pixbuf_get_has_alpha (loaded));
  g_assert_cmpint (gdk_pixbuf_get_width (loaded), ==, 32);
  /* flattened on white */
  g_assert_cmpfloat (mean_channel (loaded, 0, 0, 0, 1, 1), >, 254.0);
}

/* A picture red on its left half, blue on its right. */
static GdkPixbuf *
two_halves (int width,
            int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GdkPixbuf) right = NULL;

  gdk_pixbuf_fill (pixbuf, 0xe02020ff);
  right = gdk_pixbuf_new_subpixbuf (pixbuf, width / 2, 0, width - width / 2, height);
  gdk_pixbuf_fill (right, 0x2020e0ff);
  return pixbuf;
}

static void
check_two_halves (const char *path)
{
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GError) error = NULL;

  assert_probe_size (path, 640, 400);
  loaded = vitrine_image_load_covering (path, 320, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (loaded), ==, 320);
  g_assert_cmpfloat (mean_channel (loaded, 0, 0.05, 0.1, 0.4, 0.9), >, 190);
  g_assert_cmpfloat (mean_channel (loaded, 2, 0.05, 0.1, 0.4, 0.9), <, 70);
  g_assert_cmpfloat (mean_channel (loaded, 2, 0.6, 0.1, 0.95, 0.9), >, 190);
  g_assert_cmpfloat (mean_channel (loaded, 0, 0.6, 0.1, 0.95, 0.9), <, 70);
}

/* What a web browser hands over (WebP) and what an iPhone takes (HEIC)
 * load, through the gdk-pixbuf loaders build-aux/deps.sh installs
 * (webp-pixbuf-loader, heif-gdk-pixbuf; the GNOME runtime has both). Both
 * used to be refused with "… images are not supported on this computer".
 * The HEIC is made with libheif's own heif-enc (libheif-examples). */
static void
test_load_web_formats (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *png = g_build_filename (fx->dir, "halves.png", NULL);
  g_autofree char *webp = g_build_filename (fx->dir, "halves.webp", NULL);
  g_autofree char *heic = g_build_filename (fx->dir, "halves.heic", NULL);
  g_autoptr(GdkPixbuf) src = two_halves (640, 400);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "heif-enc", "-q", "90", "-o", heic, png, NULL };
  int status = -1;

  g_assert_true (gdk_pixbuf_save (src, webp, "webp", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  check_two_halves (webp);

  g_assert_true (gdk_pixbuf_save (src, png, "png", &error, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  check_two_halves (heic);
}

static void
check_error (const char *path,
             int         code,
             gboolean    probe_too)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = vitrine_image_load_covering (path, 100, 100, &error);

  g_assert_null (pixbuf);
  g_assert_error (error, VITRINE_IMAGE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, base));

  if (probe_too)
    {
      g_clear_error (&error);
      g_assert_false (vitrine_image_probe (path, NULL, NULL, &error));
      g_assert_error (error, VITRINE_IMAGE_ERROR, code);
    }
}

static void
test_errors (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *empty = vitrine_test_make_file (fx->dir, "empty.jpg", "", 0);
  g_autofree char *text = vitrine_test_make_file (fx->dir, "kitchen.jpg", "just some text\n", 15);
  g_autofree char *pdf = vitrine_test_make_file (fx->dir, "flyer.png", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 15);
  g_autofree char *good = vitrine_test_make_jpeg (fx->dir, "good.jpg", 640, 480, 1, 1);
  g_autofree char *cut = vitrine_test_make_truncated (fx->dir, good, "cut.jpg", 0.6);
  g_autofree char *head_only = vitrine_test_make_truncated (fx->dir, good, "head.jpg", 0.05);
  g_autofree char *cut_png = NULL;
  g_autofree char *png = vitrine_test_make_png (fx->dir, "good.png", 300, 200, 1);
  g_autofree char *missing = g_build_filename (fx->dir, "missing.jpg", NULL);
  g_autoptr(GError) error = NULL;

  check_error (empty, VITRINE_IMAGE_ERROR_EMPTY, TRUE);
  check_error (text, VITRINE_IMAGE_ERROR_NOT_AN_IMAGE, TRUE);
  check_error (pdf, VITRINE_IMAGE_ERROR_NOT_AN_IMAGE, TRUE);
  check_error (missing, VITRINE_IMAGE_ERROR_NOT_AN_IMAGE, TRUE);
  check_error (fx->dir, VITRINE_IMAGE_ERROR_NOT_AN_IMAGE, TRUE);
  /* the header is whole, the picture is not: no grey half-image */
  check_error (cut, VITRINE_IMAGE_ERROR_CORRUPT, FALSE);
  check_error (head_only, VITRINE_IMAGE_ERROR_CORRUPT, FALSE);
  cut_png = vitrine_test_make_truncated (fx->dir, png, "cut.png", 0.5);
  check_error (cut_png, VITRINE_IMAGE_ERROR_CORRUPT, FALSE);

  /* and the intact one loads */
  g_assert_true (vitrine_image_probe (good, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A header that claims 20000 x 20000 is refused before anything is allocated. */
static void
test_too_large (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *good = vitrine_test_make_jpeg (fx->dir, "small.jpg", 64, 48, 1, 1);
  g_autofree char *contents = NULL;
  g_autofree char *huge = NULL;
  gsize len;
  gboolean patched = FALSE;

  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  for (gsize i = 2; i + 9 < len; i++)
    if ((guint8) contents[i] == 0xff && (guint8) contents[i + 1] == 0xc0)
      {
        /* SOF0: length(2) precision(1) height(2) width(2) */
        contents[i + 5] = (char) (20000 >> 8);
        contents[i + 6] = (char) (20000 & 0xff);
        contents[i + 7] = (char) (20000 >> 8);
        contents[i + 8] = (char) (20000 & 0xff);
        patched = TRUE;
        break;
      }
  g_assert_true (patched);
  huge = vitrine_test_make_file (fx->dir, "huge.jpg", contents, len);

  check_error (huge, VITRINE_IMAGE_ERROR_TOO_LARGE, TRUE);
}

static void
test_supported_name (void)
{
  const char *yes[] = { "a.jpg", "/x/y/B.JPEG", "c.png", "d.webp", "e.tif", "f.TIFF", "g.heic",
                        "h.heif", "file:///home/me/Photos/i.jpg", "https://ex.com/j.png?x=1", NULL };
  const char *no[] = { "a.txt", "b", "c.pdf", "d.mp4", "/x.jpg/y", "", ".", "https://ex.com/k.pdf?a.jpg",
                       NULL };

  for (int i = 0; yes[i]; i++)
    g_assert_true (vitrine_image_is_supported_name (yes[i]));
  for (int i = 0; no[i]; i++)
    g_assert_false (vitrine_image_is_supported_name (no[i]));
  g_assert_false (vitrine_image_is_supported_name (NULL));
}

typedef struct {
  char **paths;
  guint32 sums[8];
} ThreadData;

static guint32
checksum (GdkPixbuf *pb)
{
  const guint8 *px = gdk_pixbuf_read_pixels (pb);
  int w = gdk_pixbuf_get_width (pb) * 3, h = gdk_pixbuf_get_height (pb);
  int stride = gdk_pixbuf_get_rowstride (pb);
  guint32 sum = 2166136261u;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      sum = (sum ^ px[(gsize) y * stride + x]) * 16777619u;
  return sum;
}

static gpointer
load_all (gpointer user_data)
{
  ThreadData *td = user_data;

  for (int i = 0; i < 8; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pb = vitrine_image_load_covering (td->paths[i], 200, 200, &error);

      g_assert_no_error (error);
      td->sums[i] = checksum (pb);
    }
  return NULL;
}

/* Four threads at once get the same pictures as one alone. */
static void
test_threads (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  ThreadData alone = { 0 }, together[4];
  GThread *threads[4];

  for (int i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("t%d.jpg", i);

      g_ptr_array_add (paths, vitrine_test_make_jpeg (fx->dir, name, 1200 + 16 * i, 900, 1 + i % 8, i));
    }
  alone.paths = (char **) paths->pdata;
  load_all (&alone);

  for (int t = 0; t < 4; t++)
    {
      together[t].paths = (char **) paths->pdata;
      threads[t] = g_thread_new ("load", load_all, &together[t]);
    }
  for (int t = 0; t < 4; t++)
    {
      g_thread_join (threads[t]);
      for (int i = 0; i < 8; i++)
        g_assert_cmpuint (together[t].sums[i], ==, alone.sums[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/image/probe/sizes", Fixture, NULL, fixture_setup, test_probe_sizes, fixture_teardown);
  g_test_add ("/image/load/covering-sizes", Fixture, NULL, fixture_setup, test_load_covering_sizes,
              fixture_teardown);
  g_test_add ("/image/load/orientation", Fixture, NULL, fixture_setup, test_load_orientation,
              fixture_teardown);
  g_test_add ("/image/load/quality", Fixture, NULL, fixture_setup, test_load_quality, fixture_teardown);
  g_test_add ("/image/load/alpha", Fixture, NULL, fixture_setup, test_load_alpha, fixture_teardown);
  g_test_add ("/image/load/web-formats", Fixture, NULL, fixture_setup, test_load_web_formats,
              fixture_teardown);
  g_test_add ("/image/errors/bad-files", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/image/errors/too-large", Fixture, NULL, fixture_setup, test_too_large, fixture_teardown);
  g_test_add_func ("/image/supported-name", test_supported_name);
  g_test_add ("/image/load/threads", Fixture, NULL, fixture_setup, test_threads, fixture_teardown);

  return g_test_run ();
}
