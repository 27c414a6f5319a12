/* vitrine-test-photos.c: inputs made at test time (no fixture files)
 *
 * The pictures are made to be measured, not looked at:
 *
 *  - the top half (as stored) has one base colour and the bottom half
 *    another, with a hard edge between them; for seed % 4 == 0 they are red
 *    over blue, so a test can tell how a reader oriented the picture;
 *  - the left edge (as stored) is brighter than the right one (a luma ramp),
 *    so a quarter turn can be told from its mirror;
 *  - a grid of thin lines, diagonal stripes and seeded discs and boxes give
 *    texture at every scale, so that motion between frames can be estimated.
 *
 * The texture only modulates brightness by a few tens of levels, so the mean
 * colour of each half stays close to its base colour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vitrine-test-photos.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <jpeglib.h>

typedef struct {
  guint8 top[3];
  guint8 bottom[3];
} Palette;

/* seed % G_N_ELEMENTS (palettes) picks the base colours */
static const Palette palettes[] = {
  { { 200, 40, 40 }, { 40, 60, 200 } },   /* red over blue */
  { { 40, 170, 60 }, { 210, 200, 50 } },  /* green over yellow */
  { { 40, 180, 190 }, { 220, 130, 40 } }, /* cyan over orange */
  { { 150, 150, 150 }, { 90, 60, 130 } }, /* grey over purple */
};

typedef struct {
  double cx, cy, r; /* disc when r > 0 */
  double x0, y0, x1, y1; /* box otherwise */
  int delta;
} Shape;

static inline guint8
clamp_u8 (int v)
{
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/* Fills @rgb (@width x @height, rowstride @stride, 3 bytes a pixel). */
static void
draw_picture (guint8 *rgb,
              int     width,
              int     height,
              int     stride,
              guint   seed)
{
  const Palette *pal = &palettes[seed % G_N_ELEMENTS (palettes)];
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed * 7919u + 17u);
  int n_shapes = 24;
  Shape shapes[24];
  int grid = MAX (8, MIN (width, height) / 12);
  int line = MAX (1, grid / 16);
  double scale = MIN (width, height);

  for (int i = 0; i < n_shapes; i++)
    {
      Shape *s = &shapes[i];

      memset (s, 0, sizeof *s);
      s->delta = g_rand_int_range (rand, 25, 60) * (g_rand_boolean (rand) ? 1 : -1);
      if (g_rand_boolean (rand))
        {
          s->cx = g_rand_double (rand) * width;
          s->cy = g_rand_double (rand) * height;
          s->r = (0.03 + 0.10 * g_rand_double (rand)) * scale;
        }
      else
        {
          double w = (0.05 + 0.2 * g_rand_double (rand)) * scale;
          double h = (0.05 + 0.2 * g_rand_double (rand)) * scale;

          s->x0 = g_rand_double (rand) * (width - w);
          s->y0 = g_rand_double (rand) * (height - h);
          s->x1 = s->x0 + w;
          s->y1 = s->y0 + h;
        }
    }

  /* one row of brightness offsets at a time: O(width + shapes) a row */
  g_autofree int *row = g_new (int, width);

  for (int y = 0; y < height; y++)
    {
      guint8 *p = rgb + (gsize) y * stride;
      const guint8 *base = y < height / 2 ? pal->top : pal->bottom;
      gboolean hline = (y % grid) < line;
      int period = MAX (2, grid / 4);

      for (int x = 0; x < width; x++)
        {
          /* luma ramp: +30 on the left edge, -30 on the right one */
          int d = 30 - (60 * x) / MAX (1, width - 1);

          /* diagonal stripes and a grid of dark lines */
          if (((x + y) / period) & 1)
            d += 12;
          if (hline || (x % grid) < line)
            d -= 45;
          row[x] = d;
        }

      for (int i = 0; i < n_shapes; i++)
        {
          const Shape *s = &shapes[i];
          int from, to;

          if (s->r > 0)
            {
              double dy = y + 0.5 - s->cy, half;

              if (fabs (dy) > s->r)
                continue;
              half = sqrt (s->r * s->r - dy * dy);
              from = (int) ceil (s->cx - half);
              to = (int) floor (s->cx + half);
            }
          else
            {
              if (y < s->y0 || y >= s->y1)
                continue;
              from = (int) ceil (s->x0);
              to = (int) ceil (s->x1) - 1;
            }
          from = MAX (from, 0);
          to = MIN (to, width - 1);
          for (int x = from; x <= to; x++)
            row[x] += s->delta;
        }

      for (int x = 0; x < width; x++, p += 3)
        {
          p[0] = clamp_u8 (base[0] + row[x]);
          p[1] = clamp_u8 (base[1] + row[x]);
          p[2] = clamp_u8 (base[2] + row[x]);
        }
    }
}

char *
vitrine_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vitrine-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
vitrine_test_rmtree (const char *dir)
{
  GDir *d;
  const char *name;

  if (dir == NULL)
    return;

  if (!(d = g_dir_open (dir, 0, NULL)))
    {
      g_remove (dir);
      return;
    }

  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        vitrine_test_rmtree (path);
      else
        g_remove (path);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

/* "Exif\0\0" + a big-endian TIFF header + IFD0 with one entry, Orientation. */
static gsize
make_exif_app1 (guint8 *buf,
                int     orientation)
{
  static const guint8 head[] = {
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0, 42, 0, 0, 0, 8,  /* TIFF header, IFD0 at offset 8 */
    0, 1,                         /* one entry */
    0x01, 0x12, 0, 3, 0, 0, 0, 1, /* Orientation, SHORT, count 1 */
  };
  gsize n = sizeof head;

  memcpy (buf, head, n);
  buf[n++] = 0;
  buf[n++] = (guint8) orientation; /* the SHORT, left-justified in 4 bytes */
  buf[n++] = 0;
  buf[n++] = 0;
  buf[n++] = 0; /* no next IFD */
  buf[n++] = 0;
  buf[n++] = 0;
  buf[n++] = 0;
  return n;
}

char *
vitrine_test_make_jpeg (const char *dir,
                        const char *name,
                        int         width,
                        int         height,
                        int         exif_orientation,
                        guint       seed)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree guint8 *rgb = NULL;
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  FILE *fp;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  rgb = g_malloc ((gsize) width * height * 3);
  draw_picture (rgb, width, height, width * 3, seed);

  fp = g_fopen (path, "wb");
  if (fp == NULL)
    g_error ("Cannot write %s: %s", path, g_strerror (errno));

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_stdio_dest (&cinfo, fp);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 90, TRUE);
  jpeg_start_compress (&cinfo, TRUE);

  if (exif_orientation >= 1 && exif_orientation <= 8)
    {
      guint8 app1[64];
      gsize len = make_exif_app1 (app1, exif_orientation);

      jpeg_write_marker (&cinfo, JPEG_APP0 + 1, app1, len);
    }

  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = rgb + (gsize) cinfo.next_scanline * width * 3;

      jpeg_write_scanlines (&cinfo, &row, 1);
    }

  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  if (fclose (fp) != 0)
    g_error ("Cannot write %s: %s", path, g_strerror (errno));

  return g_steal_pointer (&path);
}

char *
vitrine_test_make_png (const char *dir,
                       const char *name,
                       int         width,
                       int         height,
                       guint       seed)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_assert_nonnull (pixbuf);
  draw_picture (gdk_pixbuf_get_pixels (pixbuf), width, height,
                gdk_pixbuf_get_rowstride (pixbuf), seed);
  gdk_pixbuf_save (pixbuf, path, "png", &error, "compression", "1", NULL);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static void
put_le16 (guint8 *p,
          guint16 v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put_le32 (guint8 *p,
          guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = v >> 24;
}

char *
vitrine_test_make_wav_samples (const char   *dir,
                               const char   *name,
                               const float  *samples,
                               gsize         frames)
{
  const guint rate = 44100, channels = 2;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  guint32 bytes = (guint32) frames * channels * 2;
  guint8 *p;

  data = g_malloc (44 + (gsize) bytes);
  memcpy (data, "RIFF", 4);
  put_le32 (data + 4, 36 + bytes);
  memcpy (data + 8, "WAVEfmt ", 8);
  put_le32 (data + 16, 16);
  put_le16 (data + 20, 1); /* PCM */
  put_le16 (data + 22, channels);
  put_le32 (data + 24, rate);
  put_le32 (data + 28, rate * channels * 2);
  put_le16 (data + 32, channels * 2);
  put_le16 (data + 34, 16);
  memcpy (data + 36, "data", 4);
  put_le32 (data + 40, bytes);

  p = data + 44;
  for (gsize i = 0; i < frames * channels; i++, p += 2)
    put_le16 (p, (guint16) (gint16) lrint (32767.0 * CLAMP (samples[i], -1.0f, 1.0f)));

  g_file_set_contents (path, (const char *) data, 44 + (gssize) bytes, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

char *
vitrine_test_make_wav (const char *dir,
                       const char *name,
                       double      seconds,
                       double      amplitude)
{
  const guint rate = 44100;
  gsize frames = (gsize) MAX (0.0, seconds * rate + 0.5);
  g_autofree float *samples = g_new (float, frames * 2);

  amplitude = CLAMP (amplitude, 0.0, 1.0);
  for (gsize i = 0; i < frames; i++)
    {
      double t = (double) i / rate;

      samples[2 * i] = (float) (amplitude * sin (2 * G_PI * 440.0 * t));
      samples[2 * i + 1] = (float) (amplitude * sin (2 * G_PI * 660.0 * t));
    }
  return vitrine_test_make_wav_samples (dir, name, samples, frames);
}

char *
vitrine_test_make_file (const char *dir,
                        const char *name,
                        const char *contents,
                        gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *zeros = NULL;
  g_autoptr(GError) error = NULL;

  if (contents == NULL)
    contents = zeros = g_malloc0 (MAX (size, 1));

  g_file_set_contents (path, contents, (gssize) size, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

char *
vitrine_test_make_truncated (const char *dir,
                             const char *src,
                             const char *name,
                             double      keep)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  return vitrine_test_make_file (dir, name, contents, (gsize) (len * keep));
}

static char *last_stderr;

const char *
vitrine_test_cli_stderr (void)
{
  return last_stderr != NULL ? last_stderr : "";
}

char *
vitrine_test_run_cli (int        *status,
                      const char *first,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("VITRINE_CLI"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (proc);
  if (*status != 0)
    g_test_message ("vitrine-cli %s: exit %d: %s", first, *status, err);
  g_free (last_stderr);
  last_stderr = g_steal_pointer (&err);
  return out;
}

gboolean
vitrine_test_can_mount_tmpfs (void)
{
  const char *argv[] = { "unshare", "-rm", "sh", "-c",
                         "mount -t tmpfs -o size=64k none /tmp", NULL };
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}
