/* vitrine-image.c: reading photos, off the main thread (no GTK)
 *
 * JPEGs go straight through libjpeg(-turbo): the header says how large the
 * picture is and which way up (EXIF, read with libexif), the decoder scales
 * by the smallest DCT factor whose output still covers what was asked, and
 * an area filter brings the result to the exact size while the scanlines
 * stream out of the decoder. The EXIF orientation is applied last, on the
 * small picture. Other formats go through gdk-pixbuf.
 *
 * Nothing here uses global state: each call owns its decoder, so any number
 * of threads may load photos at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vitrine-image.h"
#include "vitrine-jpeg-error.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <libexif/exif-data.h>

G_DEFINE_QUARK (vitrine-image-error-quark, vitrine_image_error)

typedef enum {
  FORMAT_UNKNOWN,
  FORMAT_JPEG,
  FORMAT_PNG,
  FORMAT_GIF,
  FORMAT_BMP,
  FORMAT_TIFF,
  FORMAT_WEBP,
  FORMAT_HEIF,
  FORMAT_AVIF,
  FORMAT_OTHER_IMAGE, /* a content type image/…, left to gdk-pixbuf */
} ImageFormat;

static const char *
format_name (ImageFormat format)
{
  switch (format)
    {
    case FORMAT_JPEG: return "JPEG";
    case FORMAT_PNG: return "PNG";
    case FORMAT_GIF: return "GIF";
    case FORMAT_BMP: return "BMP";
    case FORMAT_TIFF: return "TIFF";
    case FORMAT_WEBP: return "WebP";
    case FORMAT_HEIF: return "HEIF";
    case FORMAT_AVIF: return "AVIF";
    case FORMAT_OTHER_IMAGE:
    case FORMAT_UNKNOWN:
    default: return "image";
    }
}

/* "kitchen.jpg: " in front of every message, so that a list of errors can
 * be read without knowing which file each one is about. */
static void
set_error (GError    **error,
           const char *path,
           int         code,
           const char *reason)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_filename_display_name (base);

  g_set_error (error, VITRINE_IMAGE_ERROR, code, "%s: %s", name, reason);
}

/* Opens @path and tells what it holds from its first bytes. */
static FILE *
open_and_sniff (const char   *path,
                ImageFormat  *format,
                GError      **error)
{
  guint8 head[64];
  gsize n;
  FILE *fp;
  int fd;
  GStatBuf st;

  if (!(fp = g_fopen (path, "rbe")))
    {
      int errsv = errno;
      g_autofree char *reason = g_strdup_printf (_("cannot be opened (%s)"), g_strerror (errsv));

      set_error (error, path, VITRINE_IMAGE_ERROR_NOT_AN_IMAGE, reason);
      return NULL;
    }

  fd = fileno (fp);
  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      set_error (error, path, VITRINE_IMAGE_ERROR_NOT_AN_IMAGE, _("is a folder, not an image"));
      fclose (fp);
      return NULL;
    }

  n = fread (head, 1, sizeof head, fp);
  if (n == 0)
    {
      set_error (error, path, VITRINE_IMAGE_ERROR_EMPTY, _("the file is empty"));
      fclose (fp);
      return NULL;
    }

  *format = FORMAT_UNKNOWN;
  if (n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
    *format = FORMAT_JPEG;
  else if (n >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    *format = FORMAT_PNG;
  else if (n >= 6 && (memcmp (head, "GIF87a", 6) == 0 || memcmp (head, "GIF89a", 6) == 0))
    *format = FORMAT_GIF;
  else if (n >= 14 && head[0] == 'B' && head[1] == 'M')
    *format = FORMAT_BMP;
  else if (n >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    *format = FORMAT_TIFF;
  else if (n >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0)
    *format = FORMAT_WEBP;
  else if (n >= 12 && memcmp (head + 4, "ftyp", 4) == 0)
    {
      static const char *heif_brands[] = { "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1" };
      const char *brand = (const char *) head + 8;

      if (memcmp (brand, "avif", 4) == 0 || memcmp (brand, "avis", 4) == 0)
        *format = FORMAT_AVIF;
      for (guint i = 0; i < G_N_ELEMENTS (heif_brands) && *format == FORMAT_UNKNOWN; i++)
        if (memcmp (brand, heif_brands[i], 4) == 0)
          *format = FORMAT_HEIF;
    }

  if (*format == FORMAT_UNKNOWN)
    {
      /* Only the data decides: a text file named kitchen.jpg is a text file. */
      g_autofree char *type = g_content_type_guess (NULL, head, n, NULL);
      g_autofree char *mime = g_content_type_get_mime_type (type);

      if (mime != NULL && g_str_has_prefix (mime, "image/"))
        *format = FORMAT_OTHER_IMAGE;
      else
        {
          set_error (error, path, VITRINE_IMAGE_ERROR_NOT_AN_IMAGE, _("not an image"));
          fclose (fp);
          return NULL;
        }
    }

  rewind (fp);
  return fp;
}

static gboolean
check_size (const char  *path,
            guint64      width,
            guint64      height,
            GError     **error)
{
  if (width == 0 || height == 0)
    {
      set_error (error, path, VITRINE_IMAGE_ERROR_CORRUPT, _("the image has no pixels"));
      return FALSE;
    }

  if (width * height > VITRINE_IMAGE_MAX_PIXELS)
    {
      g_autofree char *reason =
        g_strdup_printf (_("the image is too large (%llu × %llu pixels; at most %u megapixels)"),
                         (unsigned long long) width, (unsigned long long) height,
                         VITRINE_IMAGE_MAX_PIXELS / 1000000u);

      set_error (error, path, VITRINE_IMAGE_ERROR_TOO_LARGE, reason);
      return FALSE;
    }

  return TRUE;
}

/* The size as shown, and as stored, covering @min_width x @min_height with
 * the aspect kept, never larger than the picture. */
static void
covering_size (int  width,
               int  height,
               int  min_width,
               int  min_height,
               int *out_width,
               int *out_height)
{
  double s = MAX ((double) MAX (min_width, 1) / width, (double) MAX (min_height, 1) / height);

  if (s >= 1.0)
    {
      *out_width = width;
      *out_height = height;
      return;
    }

  *out_width = CLAMP ((int) floor (width * s + 0.5), 1, width);
  *out_height = CLAMP ((int) floor (height * s + 0.5), 1, height);
}

static inline gboolean
orientation_transposes (int orientation)
{
  return orientation >= 5 && orientation <= 8;
}

/* A pixbuf for a result: large ones are mapped from the kernel, so that
 * freeing them returns the memory at once instead of leaving holes in the
 * heap (the renderer loads a photo of several megabytes every few seconds
 * for minutes). */
#define BIG_PIXBUF (1024 * 1024)

static void
unmap_pixels (guchar   *pixels,
              gpointer  size)
{
  munmap (pixels, GPOINTER_TO_SIZE (size));
}

static GdkPixbuf *
new_rgb_pixbuf (int width,
                int height)
{
  int stride = (width * 3 + 3) & ~3;
  gsize size = (gsize) stride * height;
  void *pixels;

  if (width <= 0 || height <= 0 || (guint64) stride * height > G_MAXINT)
    return NULL;
  if (size < BIG_PIXBUF)
    return gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);

  pixels = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pixels == MAP_FAILED)
    return NULL;
  return gdk_pixbuf_new_from_data (pixels, GDK_COLORSPACE_RGB, FALSE, 8, width, height, stride,
                                   unmap_pixels, GSIZE_TO_POINTER (size));
}

/* Area filter -------------------------------------------------------------- */

/* Shrinks a picture fed one row at a time: each output pixel is the mean of
 * the input area it covers, fractional edges weighted by their coverage. */
typedef struct {
  int in_width, in_height;
  int out_width, out_height;
  int channels;

  /* horizontal: for output column j, weights of input columns first[j] … */
  int *first;
  int *count;
  float *weights; /* max_taps per column */
  int max_taps;

  double fy;      /* input rows per output row */
  int in_row;     /* the next input row */
  int out_row;    /* the output row being accumulated */
  float *hrow;    /* the current input row, resampled horizontally */
  float *acc;     /* the output row being accumulated */

  guint8 *dest;
  gsize dest_stride;
} Shrinker;

static void
shrinker_init (Shrinker *s,
               int       in_width,
               int       in_height,
               int       out_width,
               int       out_height,
               int       channels,
               guint8   *dest,
               gsize     dest_stride)
{
  double fx = (double) in_width / out_width;

  memset (s, 0, sizeof *s);
  s->in_width = in_width;
  s->in_height = in_height;
  s->out_width = out_width;
  s->out_height = out_height;
  s->channels = channels;
  s->dest = dest;
  s->dest_stride = dest_stride;
  s->fy = (double) in_height / out_height;

  s->max_taps = (int) ceil (fx) + 1;
  s->first = g_new (int, out_width);
  s->count = g_new (int, out_width);
  s->weights = g_new0 (float, (gsize) out_width * s->max_taps);
  for (int j = 0; j < out_width; j++)
    {
      double x0 = j * fx, x1 = MIN ((j + 1) * fx, in_width);
      int i0 = (int) floor (x0), i1 = MIN ((int) ceil (x1), in_width);
      float *w = s->weights + (gsize) j * s->max_taps;

      s->first[j] = i0;
      s->count[j] = MIN (i1 - i0, s->max_taps);
      for (int k = 0; k < s->count[j]; k++)
        {
          double a = MAX (x0, i0 + k), b = MIN (x1, i0 + k + 1);

          w[k] = (float) (MAX (b - a, 0.0) / fx);
        }
    }

  s->hrow = g_new (float, (gsize) out_width * channels);
  s->acc = g_new0 (float, (gsize) out_width * channels);
}

static void
shrinker_clear (Shrinker *s)
{
  g_clear_pointer (&s->first, g_free);
  g_clear_pointer (&s->count, g_free);
  g_clear_pointer (&s->weights, g_free);
  g_clear_pointer (&s->hrow, g_free);
  g_clear_pointer (&s->acc, g_free);
}

static void
shrinker_emit (Shrinker *s)
{
  guint8 *out = s->dest + (gsize) s->out_row * s->dest_stride;
  int n = s->out_width * s->channels;

  for (int i = 0; i < n; i++)
    {
      int v = (int) (s->acc[i] + 0.5f);

      out[i] = (guint8) CLAMP (v, 0, 255);
      s->acc[i] = 0.0f;
    }
  s->out_row++;
}

static void
shrinker_push_row (Shrinker     *s,
                   const guint8 *row)
{
  const int ch = s->channels;
  double y0, y1, boundary;

  if (s->out_row >= s->out_height)
    return;

  /* horizontal */
  if (s->out_width == s->in_width)
    {
      for (int i = 0; i < s->out_width * ch; i++)
        s->hrow[i] = row[i];
    }
  else if (ch == 3)
    {
      for (int j = 0; j < s->out_width; j++)
        {
          const guint8 *p = row + (gsize) s->first[j] * 3;
          const float *w = s->weights + (gsize) j * s->max_taps;
          float r = 0, g = 0, b = 0;

          for (int k = 0; k < s->count[j]; k++, p += 3)
            {
              r += w[k] * p[0];
              g += w[k] * p[1];
              b += w[k] * p[2];
            }
          s->hrow[j * 3] = r;
          s->hrow[j * 3 + 1] = g;
          s->hrow[j * 3 + 2] = b;
        }
    }
  else
    {
      for (int j = 0; j < s->out_width; j++)
        {
          const float *w = s->weights + (gsize) j * s->max_taps;

          for (int c = 0; c < ch; c++)
            {
              const guint8 *p = row + (gsize) s->first[j] * ch + c;
              float v = 0;

              for (int k = 0; k < s->count[j]; k++, p += ch)
                v += w[k] * *p;
              s->hrow[j * ch + c] = v;
            }
        }
    }

  /* vertical: this input row covers [y0, y1) in output rows; it straddles
   * at most one boundary since the picture only shrinks */
  y0 = s->in_row / s->fy;
  y1 = (s->in_row + 1) / s->fy;
  s->in_row++;
  boundary = s->out_row + 1;

  if (y1 < boundary - 1e-9 && s->in_row < s->in_height)
    {
      float w = (float) (y1 - y0);

      for (int i = 0; i < s->out_width * ch; i++)
        s->acc[i] += w * s->hrow[i];
    }
  else
    {
      float w0 = (float) (MIN (boundary, y1) - y0);
      float w1 = (float) MAX (y1 - boundary, 0.0);

      for (int i = 0; i < s->out_width * ch; i++)
        s->acc[i] += w0 * s->hrow[i];
      shrinker_emit (s);

      if (s->out_row < s->out_height && w1 > 1e-6f)
        for (int i = 0; i < s->out_width * ch; i++)
          s->acc[i] += w1 * s->hrow[i];

      /* the last row: whatever is left (rounding) */
      if (s->in_row == s->in_height && s->out_row < s->out_height)
        shrinker_emit (s);
    }
}

/* Orientation -------------------------------------------------------------- */

/* Returns @src turned as EXIF @orientation says (1 = as stored). */
static GdkPixbuf *
apply_orientation (GdkPixbuf *src,
                   int        orientation)
{
  int sw = gdk_pixbuf_get_width (src), sh = gdk_pixbuf_get_height (src);
  gboolean transpose = orientation_transposes (orientation);
  int dw = transpose ? sh : sw, dh = transpose ? sw : sh;
  int ss = gdk_pixbuf_get_rowstride (src);
  const guint8 *sp = gdk_pixbuf_read_pixels (src);
  GdkPixbuf *dest;
  guint8 *dp;
  int ds;

  if (orientation <= 1 || orientation > 8)
    return g_object_ref (src);

  dest = new_rgb_pixbuf (dw, dh);
  if (dest == NULL)
    return NULL;
  dp = gdk_pixbuf_get_pixels (dest);
  ds = gdk_pixbuf_get_rowstride (dest);

  for (int y = 0; y < dh; y++)
    {
      guint8 *d = dp + (gsize) y * ds;

      for (int x = 0; x < dw; x++, d += 3)
        {
          int sx, sy;
          const guint8 *s;

          /* where displayed pixel (x, y) is stored */
          switch (orientation)
            {
            case 2: sx = sw - 1 - x; sy = y; break;
            case 3: sx = sw - 1 - x; sy = sh - 1 - y; break;
            case 4: sx = x; sy = sh - 1 - y; break;
            case 5: sx = y; sy = x; break;
            case 6: sx = y; sy = sh - 1 - x; break;
            case 7: sx = sw - 1 - y; sy = sh - 1 - x; break;
            case 8: sx = sw - 1 - y; sy = x; break;
            default: sx = x; sy = y; break;
            }
          s = sp + (gsize) sy * ss + (gsize) sx * 3;
          d[0] = s[0];
          d[1] = s[1];
          d[2] = s[2];
        }
    }

  return dest;
}

/* JPEG --------------------------------------------------------------------- */

/* Warnings that mean the picture is cut or damaged become errors: the
 * decoder would otherwise fill the rest with grey and carry on. */
static void
jpeg_emit_message_cb (j_common_ptr cinfo,
                      int          msg_level)
{
  VitrineJpegError *err = (VitrineJpegError *) cinfo->err;

  if (msg_level != -1)
    return;

  switch (cinfo->err->msg_code)
    {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_MUST_RESYNC:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_BOGUS_PROGRESSION:
    case JWRN_NOT_SEQUENTIAL:
      cinfo->err->format_message (cinfo, err->message);
      longjmp (err->jump, 1);
      break;

    default:
      cinfo->err->num_warnings++;
      break;
    }
}

static int
read_exif_orientation (j_decompress_ptr cinfo)
{
  for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next)
    {
      ExifData *ed;
      ExifEntry *entry;
      int orientation = 1;

      if (m->marker != JPEG_APP0 + 1 || m->data_length < 14 || memcmp (m->data, "Exif\0\0", 6) != 0)
        continue;

      if (!(ed = exif_data_new ()))
        return 1;
      /* only reading one tag: no fixing up, no maker notes */
      exif_data_unset_option (ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
      exif_data_set_option (ed, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE);
      exif_data_load_data (ed, m->data, m->data_length);

      entry = exif_content_get_entry (ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
      if (entry != NULL && entry->format == EXIF_FORMAT_SHORT && entry->components >= 1 &&
          entry->data != NULL && entry->size >= 2)
        orientation = exif_get_short (entry->data, exif_data_get_byte_order (ed));
      exif_data_unref (ed);

      return (orientation >= 1 && orientation <= 8) ? orientation : 1;
    }

  return 1;
}

typedef struct {
  struct jpeg_decompress_struct cinfo;
  VitrineJpegError err;
  FILE *fp;
  int orientation;
} JpegReader;

static void
jpeg_reader_init (JpegReader *r,
                  FILE       *fp)
{
  memset (r, 0, sizeof *r);
  r->fp = fp;
  r->cinfo.err = vitrine_jpeg_error_init (&r->err);
  r->err.pub.emit_message = jpeg_emit_message_cb;
  jpeg_create_decompress (&r->cinfo);
  jpeg_stdio_src (&r->cinfo, fp);
  jpeg_save_markers (&r->cinfo, JPEG_APP0 + 1, 0xffff);
}

static void
jpeg_reader_clear (JpegReader *r)
{
  jpeg_destroy_decompress (&r->cinfo);
  g_clear_pointer (&r->fp, fclose);
}

static void
set_corrupt_error (GError    **error,
                   const char *path,
                   const char *detail)
{
  g_autofree char *reason = g_strdup_printf (_("the image is damaged or incomplete (%s)"), detail);

  set_error (error, path, VITRINE_IMAGE_ERROR_CORRUPT, reason);
}

/* Reads the header; fills the stored size and the orientation. */
static gboolean
jpeg_read_head (JpegReader *r,
                const char *path,
                GError    **error)
{
  if (setjmp (r->err.jump))
    {
      set_corrupt_error (error, path, r->err.message);
      return FALSE;
    }

  jpeg_read_header (&r->cinfo, TRUE);
  r->orientation = read_exif_orientation (&r->cinfo);

  return check_size (path, r->cinfo.image_width, r->cinfo.image_height, error);
}

/* CMYK as Adobe writes it (inverted) to RGB, in place. */
static void
cmyk_to_rgb (guint8  *row,
             int      width,
             gboolean inverted)
{
  guint8 *d = row;
  const guint8 *s = row;

  for (int x = 0; x < width; x++, s += 4, d += 3)
    {
      int c = s[0], m = s[1], y = s[2], k = s[3];

      if (!inverted)
        {
          c = 255 - c;
          m = 255 - m;
          y = 255 - y;
          k = 255 - k;
        }
      d[0] = (c * k + 127) / 255;
      d[1] = (m * k + 127) / 255;
      d[2] = (y * k + 127) / 255;
    }
}

/* Everything that changes after setjmp() lives behind one pointer that
 * does not, so a longjmp() out of the decoder cannot lose any of it. */
typedef struct {
  JpegReader r;
  Shrinker shrink;
  GdkPixbuf *stored;
  guint8 **rows;
  int n_rows;
} JpegLoad;

static void
jpeg_load_free (JpegLoad *ld)
{
  if (ld->rows != NULL)
    {
      for (int i = 0; i < ld->n_rows; i++)
        g_free (ld->rows[i]);
      g_free (ld->rows);
    }
  shrinker_clear (&ld->shrink);
  g_clear_object (&ld->stored);
  jpeg_reader_clear (&ld->r);
  g_free (ld);
}

static GdkPixbuf *
jpeg_load_covering (FILE       *fp,
                    const char *path,
                    int         min_width,
                    int         min_height,
                    int        *width,
                    int        *height,
                    GError    **error)
{
  JpegLoad *const ld = g_new0 (JpegLoad, 1);
  j_decompress_ptr cinfo = &ld->r.cinfo;
  GdkPixbuf *result = NULL;
  int disp_w, disp_h, out_w, out_h, tw, th;
  gboolean transpose, cmyk;

  jpeg_reader_init (&ld->r, fp);
  if (!jpeg_read_head (&ld->r, path, error))
    goto out;

  if (setjmp (ld->r.err.jump))
    {
      set_corrupt_error (error, path, ld->r.err.message);
      goto out;
    }

  transpose = orientation_transposes (ld->r.orientation);
  disp_w = transpose ? cinfo->image_height : cinfo->image_width;
  disp_h = transpose ? cinfo->image_width : cinfo->image_height;
  *width = disp_w;
  *height = disp_h;
  covering_size (disp_w, disp_h, min_width, min_height, &out_w, &out_h);
  /* the same, as stored */
  tw = transpose ? out_h : out_w;
  th = transpose ? out_w : out_h;

  /* the smallest DCT scale whose output still covers tw x th */
  cinfo->scale_denom = 8;
  for (int num = 1; num <= 8; num++)
    {
      cinfo->scale_num = num;
      jpeg_calc_output_dimensions (cinfo);
      if ((int) cinfo->output_width >= tw && (int) cinfo->output_height >= th)
        break;
    }

  cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
  cinfo->out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  cinfo->dct_method = JDCT_ISLOW;

  jpeg_start_decompress (cinfo);

  tw = MIN (tw, (int) cinfo->output_width);
  th = MIN (th, (int) cinfo->output_height);
  ld->stored = new_rgb_pixbuf (tw, th);
  if (ld->stored == NULL)
    {
      set_error (error, path, VITRINE_IMAGE_ERROR_TOO_LARGE, _("not enough memory to load the image"));
      goto out;
    }
  shrinker_init (&ld->shrink, cinfo->output_width, cinfo->output_height, tw, th, 3,
                 gdk_pixbuf_get_pixels (ld->stored), gdk_pixbuf_get_rowstride (ld->stored));

  ld->rows = g_new0 (guint8 *, cinfo->rec_outbuf_height);
  ld->n_rows = cinfo->rec_outbuf_height;
  for (int i = 0; i < ld->n_rows; i++)
    ld->rows[i] = g_malloc ((gsize) cinfo->output_width * 4);

  while (cinfo->output_scanline < cinfo->output_height)
    {
      int got = jpeg_read_scanlines (cinfo, ld->rows, ld->n_rows);

      for (int i = 0; i < got; i++)
        {
          if (cmyk)
            cmyk_to_rgb (ld->rows[i], cinfo->output_width, cinfo->saw_Adobe_marker);
          shrinker_push_row (&ld->shrink, ld->rows[i]);
        }
    }
  jpeg_finish_decompress (cinfo);

  result = apply_orientation (ld->stored, ld->r.orientation);
  if (result == NULL)
    set_error (error, path, VITRINE_IMAGE_ERROR_TOO_LARGE, _("not enough memory to load the image"));

out:
  jpeg_load_free (ld);

  return result;
}

/* gdk-pixbuf --------------------------------------------------------------- */

static gboolean
pixbuf_probe (const char  *path,
              ImageFormat  format,
              int         *width,
              int         *height,
              GError     **error)
{
  if (!gdk_pixbuf_get_file_info (path, width, height))
    {
      g_autofree char *reason = NULL;

      if (format == FORMAT_OTHER_IMAGE)
        reason = g_strdup (_("this kind of image is not supported"));
      else
        reason = g_strdup_printf (_("%s images are not supported on this computer"),
                                  format_name (format));
      set_error (error, path, VITRINE_IMAGE_ERROR_UNSUPPORTED, reason);
      return FALSE;
    }

  return check_size (path, *width, *height, error);
}

static GdkPixbuf *
pixbuf_load_covering (const char  *path,
                      ImageFormat  format,
                      int          min_width,
                      int          min_height,
                      int         *width,
                      int         *height,
                      GError     **error)
{
  g_autoptr(GdkPixbuf) full = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *result;
  Shrinker shrink;
  int w, h, out_w, out_h, ch, stride;
  const guint8 *pixels;
  g_autofree guint8 *flat = NULL;

  if (!pixbuf_probe (path, format, &w, &h, error))
    return NULL;

  if (!(full = gdk_pixbuf_new_from_file (path, &local_error)))
    {
      if (g_error_matches (local_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE))
        set_error (error, path, VITRINE_IMAGE_ERROR_UNSUPPORTED,
                   _("this kind of image is not supported"));
      else if (g_error_matches (local_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY))
        set_error (error, path, VITRINE_IMAGE_ERROR_TOO_LARGE, _("not enough memory to load the image"));
      else
        set_corrupt_error (error, path, local_error->message);
      return NULL;
    }

  /* TIFF (and some PNG) loaders report an orientation of their own */
  oriented = gdk_pixbuf_apply_embedded_orientation (full);
  if (oriented == NULL)
    oriented = g_object_ref (full);
  g_clear_object (&full);

  w = *width = gdk_pixbuf_get_width (oriented);
  h = *height = gdk_pixbuf_get_height (oriented);
  ch = gdk_pixbuf_get_n_channels (oriented);
  stride = gdk_pixbuf_get_rowstride (oriented);
  pixels = gdk_pixbuf_read_pixels (oriented);
  covering_size (w, h, min_width, min_height, &out_w, &out_h);

  if (!(result = new_rgb_pixbuf (out_w, out_h)))
    {
      set_error (error, path, VITRINE_IMAGE_ERROR_TOO_LARGE, _("not enough memory to load the image"));
      return NULL;
    }

  shrinker_init (&shrink, w, h, out_w, out_h, 3,
                 gdk_pixbuf_get_pixels (result), gdk_pixbuf_get_rowstride (result));
  flat = g_malloc ((gsize) w * 3);
  for (int y = 0; y < h; y++)
    {
      const guint8 *s = pixels + (gsize) y * stride;
      guint8 *d = flat;

      if (ch == 4)
        {
          /* alpha flattened on white */
          for (int x = 0; x < w; x++, s += 4, d += 3)
            {
              int a = s[3];

              d[0] = (s[0] * a + 255 * (255 - a) + 127) / 255;
              d[1] = (s[1] * a + 255 * (255 - a) + 127) / 255;
              d[2] = (s[2] * a + 255 * (255 - a) + 127) / 255;
            }
          shrinker_push_row (&shrink, flat);
        }
      else
        shrinker_push_row (&shrink, s);
    }
  shrinker_clear (&shrink);

  return result;
}

/* Public ------------------------------------------------------------------- */

gboolean
vitrine_image_probe (const char  *path,
                     int         *width,
                     int         *height,
                     GError     **error)
{
  ImageFormat format;
  FILE *fp;
  int w = 0, h = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(fp = open_and_sniff (path, &format, error)))
    return FALSE;

  if (format == FORMAT_JPEG)
    {
      JpegReader r;
      gboolean ok;

      jpeg_reader_init (&r, fp);
      ok = jpeg_read_head (&r, path, error);
      if (ok)
        {
          gboolean transpose = orientation_transposes (r.orientation);

          w = transpose ? r.cinfo.image_height : r.cinfo.image_width;
          h = transpose ? r.cinfo.image_width : r.cinfo.image_height;
        }
      jpeg_reader_clear (&r);
      if (!ok)
        return FALSE;
    }
  else
    {
      fclose (fp);
      if (!pixbuf_probe (path, format, &w, &h, error))
        return FALSE;
    }

  if (width)
    *width = w;
  if (height)
    *height = h;

  return TRUE;
}

GdkPixbuf *
vitrine_image_load_covering (const char  *path,
                             int          min_width,
                             int          min_height,
                             GError     **error)
{
  return vitrine_image_load_covering_full (path, min_width, min_height, NULL, NULL, error);
}

gboolean
vitrine_image_check (const char  *path,
                     GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  /* The probe first: a too large image is refused before it is decoded. */
  if (!vitrine_image_probe (path, NULL, NULL, error))
    return FALSE;
  pixbuf = vitrine_image_load_covering (path, 1, 1, error);
  return pixbuf != NULL;
}

GdkPixbuf *
vitrine_image_load_covering_full (const char  *path,
                                  int          min_width,
                                  int          min_height,
                                  int         *width,
                                  int         *height,
                                  GError     **error)
{
  GdkPixbuf *pixbuf;
  int w = 0, h = 0;
  ImageFormat format;
  FILE *fp;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(fp = open_and_sniff (path, &format, error)))
    return NULL;

  if (format == FORMAT_JPEG)
    pixbuf = jpeg_load_covering (fp, path, min_width, min_height, &w, &h, error);
  else
    {
      fclose (fp);
      pixbuf = pixbuf_load_covering (path, format, min_width, min_height, &w, &h, error);
    }
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
  return pixbuf;
}

/* Less than half a 1080p frame across (960 of 1920), or less than a third
 * of its height (360 of 1080): enlarged past twice, and three times, by
 * the video, it looks soft, then blurred. A choice, not a measure. */
#define SMALL_LONG_SIDE  960
#define SMALL_SHORT_SIDE 360

char *
vitrine_image_describe_small (int width,
                              int height)
{
  if (MAX (width, height) >= SMALL_LONG_SIDE && MIN (width, height) >= SMALL_SHORT_SIDE)
    return NULL;
  /* Translators: a photo too small for the video: "Only 400 × 300 pixels: …" */
  return g_strdup_printf (_("Only %d × %d pixels: it will look blurred in the video"),
                          width, height);
}

gboolean
vitrine_image_is_supported_name (const char *path_or_uri)
{
  static const char * const extensions[] = { "jpg", "jpeg", "jpe", "jfif", "png", "webp",
                                             "tif", "tiff", "heic", "heif" };
  static const char * const mime_types[] = { "image/jpeg", "image/png", "image/webp",
                                             "image/tiff", "image/heic", "image/heif" };
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  const char *slash, *dot, *end;

  if (path_or_uri == NULL || *path_or_uri == '\0')
    return FALSE;

  /* the last path component, without a URI's query or fragment */
  end = path_or_uri + strcspn (path_or_uri, strstr (path_or_uri, "://") ? "?#" : "");
  name = g_strndup (path_or_uri, end - path_or_uri);
  slash = strrchr (name, '/');
  dot = strrchr (slash ? slash + 1 : name, '.');
  if (dot == NULL || dot[1] == '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_ascii_strcasecmp (dot + 1, extensions[i]) == 0)
      return TRUE;

  type = g_content_type_guess (slash ? slash + 1 : name, NULL, 0, NULL);
  mime = g_content_type_get_mime_type (type);
  for (guint i = 0; mime != NULL && i < G_N_ELEMENTS (mime_types); i++)
    if (g_strcmp0 (mime, mime_types[i]) == 0)
      return TRUE;

  return FALSE;
}
