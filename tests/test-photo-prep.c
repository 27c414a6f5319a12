/* test-photo-prep.c: photos made ready to leave the machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <utime.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <jpeglib.h>
#include <libexif/exif-data.h>

#include "vitrine-background.h"
#include "vitrine-image.h"
#include "vitrine-photo-prep.h"
#include "vitrine-test-loop.h"
#include "vitrine-test-photos.h"

typedef struct {
  char *dir;
  char *job_dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->dir = vitrine_test_make_tmpdir ();
  fx->job_dir = g_build_filename (fx->dir, "job", NULL);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  vitrine_test_rmtree (fx->dir);
  g_free (fx->dir);
  g_free (fx->job_dir);
}

/* Helpers ---------------------------------------------------------------------- */

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

static VitrinePhotoPrepOptions
options_for (VitrinePhotoCrop crop,
             guint            long_edge)
{
  VitrinePhotoPrepOptions opts;

  vitrine_photo_prep_options_init (&opts);
  opts.crop = crop;
  if (long_edge > 0)
    opts.long_edge = long_edge;
  return opts;
}

/* Prepares one photo through the async API, on the main loop. */
static char *
prepare (const char                    *path,
         const char                    *job_dir,
         guint                          index,
         double                         offset_x,
         double                         offset_y,
         const VitrinePhotoPrepOptions *opts,
         GError                       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vitrine_photo_prep_async (path, job_dir, index, offset_x, offset_y, opts, NULL,
                            store_result_cb, &result);
  return vitrine_photo_prep_finish (wait_for (&result), error);
}

static GdkPixbuf *
load_raw (const char *path)
{
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file (path, &error);

  g_assert_no_error (error);
  return pixbuf;
}

static void
assert_size (const char *path,
             int         width,
             int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = load_raw (path);

  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
}

/* Mean absolute difference per channel of two pictures of one size. */
static double
mean_abs_diff (GdkPixbuf *a,
               GdkPixbuf *b)
{
  int w = gdk_pixbuf_get_width (a), h = gdk_pixbuf_get_height (a);
  int na = gdk_pixbuf_get_n_channels (a), nb = gdk_pixbuf_get_n_channels (b);
  int sa = gdk_pixbuf_get_rowstride (a), sb = gdk_pixbuf_get_rowstride (b);
  const guint8 *pa = gdk_pixbuf_read_pixels (a), *pb = gdk_pixbuf_read_pixels (b);
  double sum = 0;

  g_assert_cmpint (w, ==, gdk_pixbuf_get_width (b));
  g_assert_cmpint (h, ==, gdk_pixbuf_get_height (b));
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        sum += ABS ((int) pa[(gsize) y * sa + x * na + c] - (int) pb[(gsize) y * sb + x * nb + c]);

  return sum / ((double) w * h * 3);
}

static int
luma_at (GdkPixbuf *pixbuf,
         int        x,
         int        y)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
                    (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);

  return (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000;
}

/* The first dark column on row @y, or -1. */
static int
first_dark_column (GdkPixbuf *pixbuf,
                   int        y)
{
  for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++)
    if (luma_at (pixbuf, x, y) < 128)
      return x;
  return -1;
}

static int
first_dark_row (GdkPixbuf *pixbuf,
                int        x)
{
  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    if (luma_at (pixbuf, x, y) < 128)
      return y;
  return -1;
}

/* Writes @pixbuf as a JPEG with the given markers (each a marker code and a
 * GBytes payload; NULL-terminated list of pairs). */
static char *
write_jpeg (const char *dir,
            const char *name,
            GdkPixbuf  *pixbuf,
            ...)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  int stride = gdk_pixbuf_get_rowstride (pixbuf), n = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  g_autofree guint8 *row = g_malloc ((gsize) gdk_pixbuf_get_width (pixbuf) * 3);
  va_list ap;
  FILE *fp;
  int marker;

  fp = g_fopen (path, "wb");
  g_assert_nonnull (fp);
  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_stdio_dest (&cinfo, fp);
  cinfo.image_width = gdk_pixbuf_get_width (pixbuf);
  cinfo.image_height = gdk_pixbuf_get_height (pixbuf);
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 95, TRUE);
  jpeg_start_compress (&cinfo, TRUE);

  va_start (ap, pixbuf);
  while ((marker = va_arg (ap, int)) != 0)
    {
      GBytes *payload = va_arg (ap, GBytes *);
      gsize len;
      const guint8 *data = g_bytes_get_data (payload, &len);

      jpeg_write_marker (&cinfo, marker, data, len);
    }
  va_end (ap);

  while (cinfo.next_scanline < cinfo.image_height)
    {
      const guint8 *s = px + (gsize) cinfo.next_scanline * stride;
      JSAMPROW r = row;

      for (guint x = 0; x < cinfo.image_width; x++)
        memcpy (row + x * 3, s + x * n, 3);
      jpeg_write_scanlines (&cinfo, &r, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  g_assert_cmpint (fclose (fp), ==, 0);

  return g_steal_pointer (&path);
}

/* White, with a dark vertical band at columns [bx, bx + 20) and a dark
 * horizontal band at rows [by, by + 20). */
static GdkPixbuf *
make_bands (int width,
            int height,
            int bx,
            int by)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *px = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = px + (gsize) y * stride + x * 3;
        gboolean dark = (x >= bx && x < bx + 20) || (y >= by && y < by + 20);

        p[0] = p[1] = p[2] = dark ? 10 : 245;
      }
  return pixbuf;
}

typedef struct {
  int marker;        /* 0xE0 … 0xEF, 0xFE */
  gsize length;
  gboolean jfif;
} Segment;

/* The markers before the first SOS of a JPEG file. */
static GArray *
read_segments (const char *path)
{
  g_autofree char *data = NULL;
  gsize len, i = 2;
  GArray *segments = g_array_new (FALSE, TRUE, sizeof (Segment));

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 4);
  g_assert_cmpuint ((guint8) data[0], ==, 0xff);
  g_assert_cmpuint ((guint8) data[1], ==, 0xd8);

  while (i + 4 <= len)
    {
      guint8 marker;
      gsize seglen;

      g_assert_cmpuint ((guint8) data[i], ==, 0xff);
      marker = data[i + 1];
      if (marker == 0xda) /* SOS: the pixels start */
        break;
      seglen = ((guint8) data[i + 2] << 8) | (guint8) data[i + 3];
      if ((marker >= 0xe0 && marker <= 0xef) || marker == 0xfe)
        {
          Segment s = { marker, seglen, marker == 0xe0 && seglen >= 7 && memcmp (data + i + 4, "JFIF", 5) == 0 };

          g_array_append_val (segments, s);
        }
      i += 2 + seglen;
    }

  return segments;
}

/* An EXIF block with a camera name, an orientation and a GPS position. */
static GBytes *
make_exif_with_gps (void)
{
  ExifData *ed = exif_data_new ();
  ExifMem *mem = exif_mem_new_default ();
  ExifByteOrder order = EXIF_BYTE_ORDER_INTEL;
  unsigned char *buf = NULL;
  unsigned int len = 0;
  ExifEntry *e;
  GBytes *bytes;
  static const struct { ExifTag tag; ExifFormat format; int n; } gps[] = {
    { EXIF_TAG_GPS_LATITUDE_REF, EXIF_FORMAT_ASCII, 2 },
    { EXIF_TAG_GPS_LATITUDE, EXIF_FORMAT_RATIONAL, 3 },
    { EXIF_TAG_GPS_LONGITUDE_REF, EXIF_FORMAT_ASCII, 2 },
    { EXIF_TAG_GPS_LONGITUDE, EXIF_FORMAT_RATIONAL, 3 },
  };

  exif_data_set_option (ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_set_data_type (ed, EXIF_DATA_TYPE_COMPRESSED);
  exif_data_set_byte_order (ed, order);
  exif_data_fix (ed);

  e = exif_entry_new ();
  exif_content_add_entry (ed->ifd[EXIF_IFD_0], e);
  exif_entry_initialize (e, EXIF_TAG_ORIENTATION);
  exif_set_short (e->data, order, 1);
  exif_entry_unref (e);

  for (guint i = 0; i < G_N_ELEMENTS (gps); i++)
    {
      gsize size = exif_format_get_size (gps[i].format) * gps[i].n;

      e = exif_entry_new_mem (mem);
      e->tag = gps[i].tag;
      e->format = gps[i].format;
      e->components = gps[i].n;
      e->size = size;
      e->data = exif_mem_alloc (mem, size);
      if (gps[i].format == EXIF_FORMAT_ASCII)
        memcpy (e->data, gps[i].tag == EXIF_TAG_GPS_LATITUDE_REF ? "N" : "E", 2);
      else
        for (int k = 0; k < 3; k++)
          exif_set_rational (e->data + 8 * k, order, (ExifRational) { (k + 1) * 7, 1 });
      exif_content_add_entry (ed->ifd[EXIF_IFD_GPS], e);
      exif_entry_unref (e);
    }

  exif_data_save_data (ed, &buf, &len);
  g_assert_nonnull (buf);
  bytes = g_bytes_new (buf, len);
  free (buf);
  exif_mem_unref (mem);
  exif_data_unref (ed);

  return bytes;
}

static gboolean
has_gps (const char *path)
{
  ExifData *ed = exif_data_new_from_file (path);
  gboolean found;

  if (ed == NULL)
    return FALSE;
  found = exif_content_get_entry (ed->ifd[EXIF_IFD_GPS], EXIF_TAG_GPS_LATITUDE) != NULL;
  exif_data_unref (ed);
  return found;
}

/* Tests ---------------------------------------------------------------------------- */

static void
test_geometry (void)
{
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_NONE, 2560);
  VitrinePhotoRect crop;
  int w, h;

  /* a phone photo, no crop: scaled to the long edge */
  vitrine_photo_prep_get_geometry (4032, 3024, &opts, 0.5, 0.5, &crop, &w, &h);
  g_assert_cmpint (crop.x, ==, 0);
  g_assert_cmpint (crop.width, ==, 4032);
  g_assert_cmpint (w, ==, 2560);
  g_assert_cmpint (h, ==, 1920);

  /* 16:9 of a 4:3 photo: full width, the band moves vertically */
  opts.crop = VITRINE_PHOTO_CROP_16_9;
  vitrine_photo_prep_get_geometry (4032, 3024, &opts, 0.5, 0.0, &crop, &w, &h);
  g_assert_cmpint (crop.width, ==, 4032);
  g_assert_cmpint (crop.height, ==, 2268);
  g_assert_cmpint (crop.y, ==, 0);
  g_assert_cmpint (w, ==, 2560);
  g_assert_cmpint (h, ==, 1440);
  vitrine_photo_prep_get_geometry (4032, 3024, &opts, 0.5, 1.0, &crop, NULL, NULL);
  g_assert_cmpint (crop.y, ==, 3024 - 2268);
  vitrine_photo_prep_get_geometry (4032, 3024, &opts, 0.5, 0.5, &crop, NULL, NULL);
  g_assert_cmpint (crop.y, ==, 378);

  /* 9:16 of a landscape photo: full height, the band moves horizontally */
  opts.crop = VITRINE_PHOTO_CROP_9_16;
  vitrine_photo_prep_get_geometry (4032, 3024, &opts, 0.25, 0.5, &crop, &w, &h);
  g_assert_cmpint (crop.height, ==, 3024);
  g_assert_cmpint (crop.width, ==, 1701);
  g_assert_cmpint (crop.x, ==, 583);  /* (4032 - 1701) / 4 = 582.75 */
  g_assert_cmpint (crop.y, ==, 0);
  g_assert_cmpint (h, ==, 2560);
  g_assert_cmpint (w, ==, 1440);

  /* 1:1 of a portrait photo */
  opts.crop = VITRINE_PHOTO_CROP_1_1;
  vitrine_photo_prep_get_geometry (3024, 4032, &opts, 0.5, 1.0, &crop, &w, &h);
  g_assert_cmpint (crop.width, ==, 3024);
  g_assert_cmpint (crop.height, ==, 3024);
  g_assert_cmpint (crop.y, ==, 1008);
  g_assert_cmpint (w, ==, 2560);
  g_assert_cmpint (h, ==, 2560);

  /* never scaled up; offsets out of range are clamped */
  opts.crop = VITRINE_PHOTO_CROP_16_9;
  vitrine_photo_prep_get_geometry (800, 800, &opts, 7.0, -3.0, &crop, &w, &h);
  g_assert_cmpint (crop.x, ==, 0);
  g_assert_cmpint (crop.y, ==, 0);
  g_assert_cmpint (w, ==, 800);
  g_assert_cmpint (h, ==, 450);
  vitrine_photo_prep_get_geometry (800, 800, &opts, 0.5, NAN, &crop, &w, &h);
  g_assert_cmpint (crop.y, ==, 175);
}

static void
test_crop_strings (void)
{
  VitrinePhotoCrop crop = VITRINE_PHOTO_CROP_NONE;

  g_assert_true (vitrine_photo_crop_from_string ("9:16", &crop));
  g_assert_cmpint (crop, ==, VITRINE_PHOTO_CROP_9_16);
  g_assert_true (vitrine_photo_crop_from_string ("none", &crop));
  g_assert_cmpint (crop, ==, VITRINE_PHOTO_CROP_NONE);
  g_assert_false (vitrine_photo_crop_from_string ("4:3", &crop));
  g_assert_cmpstr (vitrine_photo_crop_to_string (VITRINE_PHOTO_CROP_1_1), ==, "1:1");
  g_assert_cmpint (vitrine_photo_crop_from_ratio (VITRINE_RATIO_9_16), ==, VITRINE_PHOTO_CROP_9_16);
}

static void
test_default_options (void)
{
  VitrinePhotoPrepOptions opts;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.vitrine.Vitrine");

  vitrine_photo_prep_options_init (&opts);
  g_assert_cmpint (opts.crop, ==, VITRINE_PHOTO_CROP_NONE);
  g_assert_cmpuint (opts.long_edge, ==, 2560);
  g_assert_cmpuint (opts.quality, ==, 88);
  g_assert_false (opts.progressive);

  g_settings_set_int (settings, "prepare-long-edge", 1920);
  vitrine_photo_prep_options_init (&opts);
  g_assert_cmpuint (opts.long_edge, ==, 1920);
  g_settings_reset (settings, "prepare-long-edge");
}

static void
test_orientation (Fixture       *fx,
                  gconstpointer  data)
{
  static const struct { int orientation; GdkPixbufRotation rotation; gboolean transposed; } cases[] = {
    { 6, GDK_PIXBUF_ROTATE_CLOCKWISE, TRUE },
    { 3, GDK_PIXBUF_ROTATE_UPSIDEDOWN, FALSE },
    { 8, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE, TRUE },
  };
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_NONE, 2560);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("turned-%d.jpg", cases[i].orientation);
      g_autofree char *src = vitrine_test_make_jpeg (fx->dir, name, 640, 480, cases[i].orientation, 0);
      g_autoptr(GError) error = NULL;
      g_autofree char *out = prepare (src, fx->job_dir, i, 0.5, 0.5, &opts, &error);
      g_autoptr(GdkPixbuf) stored = NULL;
      g_autoptr(GdkPixbuf) expected = NULL;
      g_autoptr(GdkPixbuf) wrong = NULL;
      g_autoptr(GdkPixbuf) got = NULL;

      g_assert_no_error (error);
      got = load_raw (out);
      g_assert_cmpint (gdk_pixbuf_get_width (got), ==, cases[i].transposed ? 480 : 640);
      g_assert_cmpint (gdk_pixbuf_get_height (got), ==, cases[i].transposed ? 640 : 480);

      /* the stored pixels, turned by hand, are what comes out */
      stored = load_raw (src);
      expected = gdk_pixbuf_rotate_simple (stored, cases[i].rotation);
      g_assert_cmpfloat (mean_abs_diff (got, expected), <, 4.0);
      /* and the opposite turn is far from it */
      if (cases[i].transposed)
        {
          wrong = gdk_pixbuf_rotate_simple (expected, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
          g_assert_cmpfloat (mean_abs_diff (got, wrong), >, 20.0);
        }
      else
        g_assert_cmpfloat (mean_abs_diff (got, stored), >, 20.0);
    }
}

static void
test_crop_offsets (Fixture       *fx,
                   gconstpointer  data)
{
  /* 1200x900, a vertical band at x = 500 and a horizontal one at y = 300 */
  g_autoptr(GdkPixbuf) bands = make_bands (1200, 900, 500, 300);
  g_autofree char *src = write_jpeg (fx->dir, "bands.jpg", bands, 0);
  static const struct {
    VitrinePhotoCrop crop;
    guint long_edge;
    double ox, oy;
    int width, height;
    int band_x; /* where the vertical band starts in the result, or -1 */
    int band_y;
  } cases[] = {
    /* 1:1 → 900x900: 300 px of room horizontally */
    { VITRINE_PHOTO_CROP_1_1, 2560, 0.0, 0.5, 900, 900, 500, 300 },
    { VITRINE_PHOTO_CROP_1_1, 2560, 1.0, 0.5, 900, 900, 200, 300 },
    { VITRINE_PHOTO_CROP_1_1, 2560, 0.5, 0.5, 900, 900, 350, 300 },
    /* 16:9 → 1200x675: 225 px of room vertically */
    { VITRINE_PHOTO_CROP_16_9, 2560, 0.5, 0.0, 1200, 675, 500, 300 },
    { VITRINE_PHOTO_CROP_16_9, 2560, 0.5, 1.0, 1200, 675, 500, 75 },
    { VITRINE_PHOTO_CROP_16_9, 2560, 0.5, 0.5, 1200, 675, 500, 187 },
    /* 9:16 → 506x900: 694 px of room; 0.25 → x = 174 */
    { VITRINE_PHOTO_CROP_9_16, 2560, 0.25, 0.5, 506, 900, 326, 300 },
    /* scaled: 1:1 at offset 0 to a long edge of 450 → everything halved */
    { VITRINE_PHOTO_CROP_1_1, 450, 0.0, 0.0, 450, 450, 250, 150 },
    { VITRINE_PHOTO_CROP_16_9, 600, 0.5, 1.0, 600, 338, 250, 38 },
    /* no crop */
    { VITRINE_PHOTO_CROP_NONE, 2560, 0.0, 0.0, 1200, 900, 500, 300 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VitrinePhotoPrepOptions opts = options_for (cases[i].crop, cases[i].long_edge);
      g_autoptr(GError) error = NULL;
      g_autofree char *out = prepare (src, fx->job_dir, i, cases[i].ox, cases[i].oy, &opts, &error);
      g_autoptr(GdkPixbuf) got = NULL;
      int bx, by;

      g_assert_no_error (error);
      got = load_raw (out);
      g_test_message ("case %u: %s at %.2f,%.2f, long edge %u → %dx%d", i,
                      vitrine_photo_crop_to_string (cases[i].crop), cases[i].ox, cases[i].oy,
                      cases[i].long_edge, gdk_pixbuf_get_width (got), gdk_pixbuf_get_height (got));
      g_assert_cmpint (gdk_pixbuf_get_width (got), ==, cases[i].width);
      g_assert_cmpint (gdk_pixbuf_get_height (got), ==, cases[i].height);

      /* measured on a row and a column away from the other band */
      bx = first_dark_column (got, cases[i].band_y > cases[i].height / 2 ? 5 : cases[i].height - 5);
      by = first_dark_row (got, cases[i].band_x > cases[i].width / 2 ? 5 : cases[i].width - 5);
      g_assert_cmpint (ABS (bx - cases[i].band_x), <=, 1);
      g_assert_cmpint (ABS (by - cases[i].band_y), <=, 1);
    }
}

static void
test_long_edge (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *landscape = vitrine_test_make_jpeg (fx->dir, "wide.jpg", 3000, 2000, 0, 1);
  g_autofree char *portrait = vitrine_test_make_jpeg (fx->dir, "tall.jpg", 4032, 3024, 6, 2);
  g_autofree char *small = vitrine_test_make_jpeg (fx->dir, "small.jpg", 800, 600, 0, 3);
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_NONE, 1000);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

  a = prepare (landscape, fx->job_dir, 0, 0.5, 0.5, &opts, &error);
  g_assert_no_error (error);
  assert_size (a, 1000, 667);

  /* stored 4032x3024, shown 3024x4032 */
  opts.long_edge = 2560;
  b = prepare (portrait, fx->job_dir, 1, 0.5, 0.5, &opts, &error);
  g_assert_no_error (error);
  assert_size (b, 1920, 2560);

  /* never scaled up, crop or not */
  c = prepare (small, fx->job_dir, 2, 0.5, 0.5, &opts, &error);
  g_assert_no_error (error);
  assert_size (c, 800, 600);
  opts.crop = VITRINE_PHOTO_CROP_16_9;
  d = prepare (small, fx->job_dir, 3, 0.5, 0.5, &opts, &error);
  g_assert_no_error (error);
  assert_size (d, 800, 450);
}

static void
test_strips_metadata (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GdkPixbuf) bands = make_bands (640, 480, 100, 100);
  g_autoptr(GBytes) exif = make_exif_with_gps ();
  g_autoptr(GBytes) xmp = g_bytes_new_static ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>", 42);
  g_autoptr(GBytes) icc = g_bytes_new_static ("ICC_PROFILE\0\1\1fakeprofile", 25);
  g_autoptr(GBytes) comment = g_bytes_new_static ("taken at 12 Rue Example", 23);
  g_autofree char *src = write_jpeg (fx->dir, "gps.jpg", bands,
                                     JPEG_APP0 + 1, exif, JPEG_APP0 + 1, xmp,
                                     JPEG_APP0 + 2, icc, JPEG_COM, comment, 0);
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_NONE, 2560);
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  /* the source really carries a GPS position and the other blocks */
  g_assert_true (has_gps (src));
  before = read_segments (src);
  g_assert_cmpuint (before->len, >=, 5);

  for (int progressive = 0; progressive <= 1; progressive++)
    {
      opts.progressive = progressive;
      g_clear_pointer (&out, g_free);
      out = prepare (src, fx->job_dir, progressive, 0.5, 0.5, &opts, &error);
      g_assert_no_error (error);

      /* nothing but the JFIF APP0: no APP1 (EXIF, XMP), APP2 (ICC), COM */
      g_clear_pointer (&after, g_array_unref);
      after = read_segments (out);
      g_assert_cmpuint (after->len, ==, 1);
      g_assert_cmpint (g_array_index (after, Segment, 0).marker, ==, 0xe0);
      g_assert_true (g_array_index (after, Segment, 0).jfif);
      g_assert_false (has_gps (out));

      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (out, &contents, &len, NULL));
      g_assert_null (g_strstr_len (contents, len, "Exif"));
      g_assert_null (g_strstr_len (contents, len, "Rue Example"));
      g_assert_null (g_strstr_len (contents, len, "ICC_PROFILE"));
    }
}

static void
test_cache_reuse (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *src = vitrine_test_make_jpeg (fx->dir, "kitchen.jpg", 1600, 1200, 0, 5);
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_16_9, 1000);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *again = NULL, *shifted = NULL, *edited = NULL;
  g_autofree char *expected_dir = NULL;
  g_autofree char *base = NULL;
  GStatBuf st1, st2;
  struct utimbuf times;

  first = prepare (src, fx->job_dir, 4, 0.5, 0.5, &opts, &error);
  g_assert_no_error (error);
  expected_dir = g_path_get_dirname (first);
  g_assert_cmpstr (expected_dir, ==, fx->job_dir);
  base = g_path_get_basename (first);
  g_assert_true (g_str_has_prefix (base, "004-"));
  g_assert_true (g_str_has_suffix (base, ".jpg"));
  g_assert_cmpint (g_stat (first, &st1), ==, 0);

  /* a second run reuses the file as it is: same name, same inode */
  g_usleep (20000);
  again = prepare (src, fx->job_dir, 4, 0.5, 0.5, &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpint (g_stat (again, &st2), ==, 0);
  g_assert_cmpuint (st1.st_ino, ==, st2.st_ino);
  g_assert_cmpint (st1.st_mtime, ==, st2.st_mtime);

  /* the same name comes from the blocking helper */
  {
    g_autofree char *name = vitrine_photo_prep_dup_name (src, 4, 0.5, 0.5, &opts, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, base);
  }

  /* another offset is another picture; the old one is gone */
  shifted = prepare (src, fx->job_dir, 4, 0.5, 0.0, &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shifted, !=, first);
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));

  /* an edited source (new mtime) is prepared again */
  times.actime = times.modtime = st1.st_mtime - 3600;
  g_assert_cmpint (g_utime (src, &times), ==, 0);
  edited = prepare (src, fx->job_dir, 4, 0.5, 0.0, &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (edited, !=, shifted);
  g_assert_true (g_file_test (edited, G_FILE_TEST_EXISTS));

  /* no temporary file left behind */
  {
    g_autoptr(GDir) dir = g_dir_open (fx->job_dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_assert_false (name[0] == '.');
        n++;
      }
    g_assert_cmpuint (n, ==, 1);
  }
}

static void
test_corrupt (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *good = vitrine_test_make_jpeg (fx->dir, "good.jpg", 800, 600, 0, 1);
  g_autofree char *contents = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *text = vitrine_test_make_file (fx->dir, "notes.jpg", "a text file", 11);
  g_autofree char *missing = g_build_filename (fx->dir, "missing.jpg", NULL);
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_NONE, 2560);
  gsize len;

  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
  truncated = vitrine_test_make_file (fx->dir, "broken living room.jpg", contents, len / 2);

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *out = prepare (truncated, fx->job_dir, 0, 0.5, 0.5, &opts, &error);

    g_assert_null (out);
    g_assert_error (error, VITRINE_IMAGE_ERROR, VITRINE_IMAGE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "broken living room.jpg"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *out = prepare (text, fx->job_dir, 1, 0.5, 0.5, &opts, &error);

    g_assert_null (out);
    g_assert_error (error, VITRINE_IMAGE_ERROR, VITRINE_IMAGE_ERROR_NOT_AN_IMAGE);
    g_assert_nonnull (strstr (error->message, "notes.jpg"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *out = prepare (missing, fx->job_dir, 2, 0.5, 0.5, &opts, &error);

    g_assert_null (out);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "missing.jpg"));
  }

  /* nothing half-written is left behind */
  {
    g_autoptr(GDir) dir = g_dir_open (fx->job_dir, 0, NULL);

    g_assert_true (dir == NULL || g_dir_read_name (dir) == NULL);
  }
}

typedef struct {
  GThread *main_thread;
  guint calls;
  guint last_done;
  guint total;
  gboolean destroyed;
} Progress;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_true (g_thread_self () == p->main_thread);
  g_assert_cmpuint (done, ==, p->last_done + 1);
  p->calls++;
  p->last_done = done;
  p->total = total;
}

static void
progress_destroy (gpointer user_data)
{
  ((Progress *) user_data)->destroyed = TRUE;
}

static void
test_batch_progress (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_1_1, 600);
  Progress progress = { g_thread_self (), 0, 0, 0, FALSE };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) out = NULL;
  const char *url = "https://example.com/listing/pool.jpg?size=large";
  g_autofree char *uri = NULL;
  double offsets[] = { 0.5, 0.5, 0, 0, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.2, 0.8, 0.2, 0.8 };

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("room-%u.jpg", i);

      g_ptr_array_add (photos, vitrine_test_make_jpeg (fx->dir, name, 1200 + 40 * i, 900, 0, i));
    }
  g_ptr_array_insert (photos, 2, g_strdup (url));
  /* a file:// URI is a local photo too */
  uri = g_filename_to_uri (g_ptr_array_index (photos, 5), NULL, NULL);
  g_ptr_array_add (photos, g_strdup (uri));
  g_ptr_array_add (photos, NULL);

  vitrine_photo_prep_batch_async ((const char * const *) photos->pdata, offsets, fx->job_dir, &opts,
                                  &(VitrinePhotoPrepProgress) { progress_cb, &progress,
                                                                progress_destroy },
                                  NULL, store_result_cb, &result);
  out = vitrine_photo_prep_batch_finish (wait_for (&result), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_strv_length (out), ==, 7);
  g_assert_cmpuint (progress.calls, ==, 6);
  g_assert_cmpuint (progress.total, ==, 6);
  g_assert_cmpuint (progress.last_done, ==, 6);
  g_clear_object (&result);
  g_assert_true (progress.destroyed);

  g_assert_cmpstr (out[2], ==, url);
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *base = NULL;
      g_autofree char *prefix = g_strdup_printf ("%03u-", i);

      if (i == 2)
        continue;
      g_assert_true (g_str_has_prefix (out[i], fx->job_dir));
      base = g_path_get_basename (out[i]);
      g_assert_true (g_str_has_prefix (base, prefix));
      assert_size (out[i], 600, 600);
    }
  /* the same source, once as a path and once as a URI, gives one file */
  {
    g_autofree char *a = g_path_get_basename (out[5]);
    g_autofree char *b = g_path_get_basename (out[6]);

    g_assert_cmpstr (a + 4, ==, b + 4);
  }
}

static void
test_batch_error (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_NONE, 800);
  Progress progress = { g_thread_self (), 0, 0, 0, FALSE };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) out = NULL;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("room-%u.jpg", i);

      if (i == 3)
        g_ptr_array_add (photos, vitrine_test_make_file (fx->dir, "garden.jpg", NULL, 0));
      else
        g_ptr_array_add (photos, vitrine_test_make_jpeg (fx->dir, name, 2000, 1500, 0, i));
    }
  g_ptr_array_add (photos, NULL);

  vitrine_photo_prep_batch_async ((const char * const *) photos->pdata, NULL, fx->job_dir, &opts,
                                  &(VitrinePhotoPrepProgress) { progress_cb, &progress },
                                  NULL, store_result_cb, &result);
  out = vitrine_photo_prep_batch_finish (wait_for (&result), &error);
  g_assert_null (out);
  g_assert_error (error, VITRINE_IMAGE_ERROR, VITRINE_IMAGE_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "garden.jpg"));
  g_assert_cmpuint (progress.calls, <, 6);
}

static void
test_batch_cancel (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_NONE, 800);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) out = NULL;

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("room-%u.jpg", i);

      g_ptr_array_add (photos, vitrine_test_make_jpeg (fx->dir, name, 2000, 1500, 0, i));
    }
  g_ptr_array_add (photos, NULL);

  vitrine_photo_prep_batch_async ((const char * const *) photos->pdata, NULL, fx->job_dir, &opts,
                                  NULL, cancellable, store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  out = vitrine_photo_prep_batch_finish (wait_for (&result), &error);
  g_assert_null (out);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_job (Fixture       *fx,
          gconstpointer  data)
{
  g_autoptr(VitrineJob) job = vitrine_job_new ("vikit");
  g_autofree char *a = vitrine_test_make_jpeg (fx->dir, "a.jpg", 1200, 900, 0, 0);
  const char *photos[] = { a, a, NULL };
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_9_16, 2560);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_dir = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) out = NULL;
  double x, y;

  vitrine_job_set_photos (job, photos);
  vitrine_photo_prep_set_crop_offset (job, 1, 0.0, 0.25);
  vitrine_photo_prep_get_crop_offset (job, 1, &x, &y);
  g_assert_cmpfloat (x, ==, 0.0);
  g_assert_cmpfloat (y, ==, 0.25);
  vitrine_photo_prep_get_crop_offset (job, 0, &x, &y);
  g_assert_cmpfloat (x, ==, 0.5);
  g_assert_cmpfloat (y, ==, 0.5);
  vitrine_job_set_option (job, "crop-offset-0", "garbage");
  vitrine_photo_prep_get_crop_offset (job, 0, &x, &y);
  g_assert_cmpfloat (x, ==, 0.5);

  job_dir = vitrine_photo_prep_dup_job_dir (vitrine_job_get_id (job));
  expected = g_build_filename (g_get_user_cache_dir (), "vitrine", "jobs",
                               vitrine_job_get_id (job), NULL);
  g_assert_cmpstr (job_dir, ==, expected);

  vitrine_photo_prep_job_async (job, &opts, NULL, NULL, store_result_cb, &result);
  out = vitrine_photo_prep_job_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (out), ==, 2);
  g_assert_true (g_str_has_prefix (out[0], job_dir));
  assert_size (out[0], 506, 900);

  /* the second one was cut at its left edge, the first in the middle */
  {
    g_autoptr(GdkPixbuf) source = load_raw (a);
    g_autoptr(GdkPixbuf) left = gdk_pixbuf_new_subpixbuf (source, 0, 0, 506, 900);
    g_autoptr(GdkPixbuf) centre = gdk_pixbuf_new_subpixbuf (source, 347, 0, 506, 900);
    g_autoptr(GdkPixbuf) got0 = load_raw (out[0]);
    g_autoptr(GdkPixbuf) got1 = load_raw (out[1]);

    g_assert_cmpfloat (mean_abs_diff (got0, centre), <, 4.0);
    g_assert_cmpfloat (mean_abs_diff (got1, left), <, 4.0);
    g_assert_cmpfloat (mean_abs_diff (got1, centre), >, 10.0);
  }

  vitrine_test_rmtree (job_dir);
}

static void
test_many_at_once (Fixture       *fx,
                   gconstpointer  data)
{
  /* more single calls than workers: all finish, each with its own file */
  enum { N = 12 };
  g_autofree char *src = vitrine_test_make_jpeg (fx->dir, "hall.jpg", 1600, 1200, 0, 9);
  VitrinePhotoPrepOptions opts = options_for (VITRINE_PHOTO_CROP_16_9, 640);
  GAsyncResult *results[N] = { NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < N; i++)
    vitrine_photo_prep_async (src, fx->job_dir, i, i / (double) (N - 1), 0.5, &opts, NULL,
                              store_result_cb, &results[i]);
  for (guint i = 0; i < N; i++)
    {
      g_autoptr(GError) error = NULL;
      char *out = vitrine_photo_prep_finish (wait_for (&results[i]), &error);

      g_assert_no_error (error);
      g_assert_true (g_hash_table_add (seen, out));
      g_clear_object (&results[i]);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, N);
}

static void
record_nice_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_usleep (20 * 1000);  /* long enough for the tasks to need several threads */
  g_task_return_int (task, getpriority (PRIO_PROCESS, 0)); /* Linux: this thread's */
}

/* The nice value of each of @n tasks' threads, run by @run. */
static void
run_recording_nice (void        (*run) (GTask *, GTaskThreadFunc),
                    guint         n,
                    int          *nice)
{
  g_autofree GAsyncResult **results = g_new0 (GAsyncResult *, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, vitrine_test_result_cb, &results[i]);

      run (task, record_nice_thread);
    }
  for (guint i = 0; i < n; i++)
    {
      vitrine_test_wait_for_result (&results[i], 10);
      nice[i] = (int) g_task_propagate_int (G_TASK (results[i]), NULL);
      g_object_unref (results[i]);
    }
}

/* Work such as preparing photos runs behind the window, and its threads are
 * never lent to GLib's pool (they could not be raised back). */
static void
test_background_niced (void)
{
  enum { N = 8 };
  int main_nice = getpriority (PRIO_PROCESS, 0);
  int nice[N];

  run_recording_nice (vitrine_background_run, N, nice);
  for (guint i = 0; i < N; i++)
    g_assert_cmpint (nice[i], ==, MIN (main_nice + VITRINE_BACKGROUND_NICENESS, 19));
  /* an idle thread of a shared (non-exclusive) GThreadPool goes back to
   * GLib's unused threads after half a second */
  g_usleep (G_USEC_PER_SEC);
  run_recording_nice (g_task_run_in_thread, N, nice);
  for (guint i = 0; i < N; i++)
    g_assert_cmpint (nice[i], ==, main_nice);
  g_assert_cmpint (getpriority (PRIO_PROCESS, 0), ==, main_nice);
}

/* The background threads, held until the test lets them go, one by one. */
static GMutex gate_lock;
static GCond gate_cond;
static guint n_held, n_released;
static GString *ran;   /* the tags of the tasks, in the order they ran */

static void
gate_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_mutex_lock (&gate_lock);
  n_held++;
  g_cond_broadcast (&gate_cond);
  while (n_released == 0)
    g_cond_wait (&gate_cond, &gate_lock);
  n_released--;
  g_mutex_unlock (&gate_lock);
  g_task_return_boolean (task, TRUE);
}

static void
gate_release (guint n)
{
  g_mutex_lock (&gate_lock);
  n_released += n;
  g_cond_broadcast (&gate_cond);
  g_mutex_unlock (&gate_lock);
}

static void
tag_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  g_string_append (ran, task_data);   /* one thread at a time here */
  g_task_return_boolean (task, TRUE);
}

/* What waits for a background thread goes by its task's priority, then in
 * order: a render's start and end do not wait behind a batch of photos. */
static void
test_background_priority (void)
{
  static const struct { const char *tag; int priority; } queued[] = {
    { "a", G_PRIORITY_DEFAULT }, { "b", G_PRIORITY_DEFAULT }, { "H", G_PRIORITY_HIGH },
    { "c", G_PRIORITY_DEFAULT }, { "l", G_PRIORITY_LOW },     { "I", G_PRIORITY_HIGH },
  };
  guint n_threads = MAX (1, g_get_num_processors ());
  guint n_tasks = n_threads + G_N_ELEMENTS (queued);
  g_autofree GAsyncResult **done = g_new0 (GAsyncResult *, n_tasks);

  ran = g_string_new (NULL);
  /* every background thread busy */
  for (guint i = 0; i < n_threads; i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, vitrine_test_result_cb, &done[i]);

      vitrine_background_run (task, gate_thread);
    }
  g_mutex_lock (&gate_lock);
  while (n_held < n_threads)
    g_cond_wait (&gate_cond, &gate_lock);
  g_mutex_unlock (&gate_lock);

  for (guint i = 0; i < G_N_ELEMENTS (queued); i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, vitrine_test_result_cb, &done[n_threads + i]);

      g_task_set_priority (task, queued[i].priority);
      g_task_set_task_data (task, (gpointer) queued[i].tag, NULL);
      vitrine_background_run (task, tag_thread);
    }
  /* one thread let go: the queued tasks run one after the other on it */
  gate_release (1);
  for (guint i = n_threads; i < n_tasks; i++)
    vitrine_test_wait_for_result (&done[i], 10);
  g_assert_cmpstr (ran->str, ==, "HIabcl");

  gate_release (n_threads - 1);
  for (guint i = 0; i < n_tasks; i++)
    {
      if (i < n_threads)
        vitrine_test_wait_for_result (&done[i], 10);
      g_object_unref (done[i]);
    }
  g_string_free (ran, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/photo-prep/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/core/photo-prep/geometry", test_geometry);
  g_test_add_func ("/core/photo-prep/crop-strings", test_crop_strings);
  g_test_add_func ("/core/photo-prep/default-options", test_default_options);
  ADD ("orientation", test_orientation);
  ADD ("crop-offsets", test_crop_offsets);
  ADD ("long-edge", test_long_edge);
  ADD ("strips-metadata", test_strips_metadata);
  ADD ("cache-reuse", test_cache_reuse);
  ADD ("corrupt", test_corrupt);
  ADD ("batch-progress", test_batch_progress);
  ADD ("batch-error", test_batch_error);
  ADD ("batch-cancel", test_batch_cancel);
  ADD ("job", test_job);
  ADD ("many-at-once", test_many_at_once);
  g_test_add_func ("/core/background/niced", test_background_niced);
  g_test_add_func ("/core/background/priority", test_background_priority);

  return g_test_run ();
}
