/* vitrine-photo-prep.c: photos made ready to leave the machine (no GTK)
 *
 * One photo: vitrine_image_load_covering() decodes it once with its EXIF
 * orientation applied, the JPEG decoder scaling by the smallest DCT factor
 * that still covers what the crop needs and an area filter bringing that to
 * the exact size; the crop is then a window into that picture, and its rows
 * go straight to libjpeg-turbo's encoder. The encoder is told to write a
 * JFIF header and nothing else: no marker of the source (EXIF, XMP, ICC,
 * GPS, comments) is ever copied, because none is ever read into the output.
 *
 * The pool: g_task_run_in_thread() uses GLib's shared pool, which grows on
 * demand, so a batch of 200 photos would start 200 decoders at once and
 * fight over memory and caches, and it runs them at the window's priority.
 * The photos go to the background threads instead (vitrine-background.c):
 * one a core, behind the window; the others wait in their queue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vitrine-background.h"
#include "vitrine-batch.h"
#include "vitrine-photo-prep.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <jpeglib.h>

#include "vitrine-config.h"
#include "vitrine-image.h"
#include "vitrine-jpeg-error.h"

G_DEFINE_QUARK (vitrine-photo-prep-error-quark, vitrine_photo_prep_error)

/* Bump when the output for the same source and options changes, so that
 * old cached results are not reused. */
#define PREP_VERSION "1"
#define CROP_OFFSET_KEY "crop-offset-%u"

/* Crops ------------------------------------------------------------------- */

const char *
vitrine_photo_crop_to_string (VitrinePhotoCrop crop)
{
  switch (crop)
    {
    case VITRINE_PHOTO_CROP_16_9: return "16:9";
    case VITRINE_PHOTO_CROP_9_16: return "9:16";
    case VITRINE_PHOTO_CROP_1_1: return "1:1";
    case VITRINE_PHOTO_CROP_NONE:
    default: return "none";
    }
}

gboolean
vitrine_photo_crop_from_string (const char       *str,
                                VitrinePhotoCrop *crop)
{
  static const VitrinePhotoCrop all[] = { VITRINE_PHOTO_CROP_NONE, VITRINE_PHOTO_CROP_16_9,
                                          VITRINE_PHOTO_CROP_9_16, VITRINE_PHOTO_CROP_1_1 };

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (all); i++)
    if (g_str_equal (str, vitrine_photo_crop_to_string (all[i])))
      {
        *crop = all[i];
        return TRUE;
      }
  return FALSE;
}

VitrinePhotoCrop
vitrine_photo_crop_from_ratio (VitrineRatio ratio)
{
  switch (ratio)
    {
    case VITRINE_RATIO_9_16: return VITRINE_PHOTO_CROP_9_16;
    case VITRINE_RATIO_1_1: return VITRINE_PHOTO_CROP_1_1;
    case VITRINE_RATIO_16_9:
    default: return VITRINE_PHOTO_CROP_16_9;
    }
}

/* Options and geometry ------------------------------------------------------ */

void
vitrine_photo_prep_options_init (VitrinePhotoPrepOptions *options)
{
  GSettings *settings = vitrine_config_get_settings ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->crop = VITRINE_PHOTO_CROP_NONE;
  options->long_edge = VITRINE_PHOTO_PREP_DEFAULT_LONG_EDGE;
  options->quality = VITRINE_PHOTO_PREP_DEFAULT_QUALITY;
  options->progressive = FALSE;

  if (settings != NULL)
    g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema != NULL && g_settings_schema_has_key (schema, "prepare-long-edge"))
    {
      int edge = g_settings_get_int (settings, "prepare-long-edge");

      if (edge > 0)
        options->long_edge = edge;
    }
}

static void
normalize_options (const VitrinePhotoPrepOptions *in,
                   VitrinePhotoPrepOptions       *out)
{
  if (in == NULL)
    vitrine_photo_prep_options_init (out);
  else
    *out = *in;
  if (out->long_edge == 0)
    out->long_edge = VITRINE_PHOTO_PREP_DEFAULT_LONG_EDGE;
  if (out->quality == 0)
    out->quality = VITRINE_PHOTO_PREP_DEFAULT_QUALITY;
  out->quality = MIN (out->quality, 100);
  out->progressive = !!out->progressive;
  if (out->crop > VITRINE_PHOTO_CROP_1_1)
    out->crop = VITRINE_PHOTO_CROP_NONE;
}

static double
normalize_offset (double offset)
{
  if (isnan (offset))
    return 0.5;
  return CLAMP (offset, 0.0, 1.0);
}

void
vitrine_photo_prep_get_geometry (int                            width,
                                 int                            height,
                                 const VitrinePhotoPrepOptions *options,
                                 double                         offset_x,
                                 double                         offset_y,
                                 VitrinePhotoRect              *crop,
                                 int                           *out_width,
                                 int                           *out_height)
{
  VitrinePhotoPrepOptions opts;
  int rw = 0, rh = 0, cw, ch, ow, oh, longest;

  g_return_if_fail (width > 0 && height > 0);

  normalize_options (options, &opts);
  switch (opts.crop)
    {
    case VITRINE_PHOTO_CROP_16_9: rw = 16; rh = 9; break;
    case VITRINE_PHOTO_CROP_9_16: rw = 9; rh = 16; break;
    case VITRINE_PHOTO_CROP_1_1: rw = 1; rh = 1; break;
    case VITRINE_PHOTO_CROP_NONE:
    default: break;
    }

  cw = width;
  ch = height;
  if (rw > 0)
    {
      /* the largest rectangle of that ratio inside the photo */
      if ((gint64) width * rh > (gint64) height * rw)
        cw = CLAMP ((int) floor ((double) height * rw / rh + 0.5), 1, width);
      else
        ch = CLAMP ((int) floor ((double) width * rh / rw + 0.5), 1, height);
    }

  longest = MAX (cw, ch);
  if ((guint) longest > opts.long_edge)
    {
      double s = (double) opts.long_edge / longest;

      ow = CLAMP ((int) floor (cw * s + 0.5), 1, cw);
      oh = CLAMP ((int) floor (ch * s + 0.5), 1, ch);
    }
  else
    {
      ow = cw;
      oh = ch;
    }

  if (crop != NULL)
    {
      crop->x = (int) floor ((width - cw) * normalize_offset (offset_x) + 0.5);
      crop->y = (int) floor ((height - ch) * normalize_offset (offset_y) + 0.5);
      crop->width = cw;
      crop->height = ch;
    }
  if (out_width != NULL)
    *out_width = ow;
  if (out_height != NULL)
    *out_height = oh;
}

/* Names ----------------------------------------------------------------------- */

char *
vitrine_photo_prep_dup_job_dir (const char *job_id)
{
  g_return_val_if_fail (job_id != NULL && *job_id != '\0', NULL);
  g_return_val_if_fail (strchr (job_id, '/') == NULL, NULL);

  return g_build_filename (g_get_user_cache_dir (), "vitrine", "jobs", job_id, NULL);
}

/* A local path for @photo (a path or a file:// URI), absolute. */
static char *
local_path (const char  *photo,
            GError     **error)
{
  if (g_ascii_strncasecmp (photo, "file:", 5) == 0)
    {
      char *path = g_filename_from_uri (photo, NULL, error);

      return path;
    }
  return g_canonicalize_filename (photo, NULL);
}

char *
vitrine_photo_prep_dup_name (const char                    *path,
                             guint                          index,
                             double                         offset_x,
                             double                         offset_y,
                             const VitrinePhotoPrepOptions *options,
                             GError                       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GChecksum) sum = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *abs_path = NULL;
  g_autofree char *key = NULL;
  VitrinePhotoPrepOptions opts;
  const char *hex;

  g_return_val_if_fail (path != NULL, NULL);

  normalize_options (options, &opts);
  abs_path = g_canonicalize_filename (path, NULL);
  file = g_file_new_for_path (abs_path);
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_autofree char *base = g_path_get_basename (abs_path);
      g_autofree char *name = g_filename_display_name (base);

      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s", name, local_error->message);
      return NULL;
    }

  /* the crop offsets only matter when there is a crop */
  if (opts.crop == VITRINE_PHOTO_CROP_NONE)
    offset_x = offset_y = 0.5;
  key = g_strdup_printf ("vitrine-photo-prep " PREP_VERSION "\n%s\n%" G_GINT64_FORMAT "\n%" G_GUINT64_FORMAT
                         ".%06u\n%s\n%.4f\n%.4f\n%u\n%u\n%d\n",
                         abs_path, (gint64) g_file_info_get_size (info),
                         g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                         g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC),
                         vitrine_photo_crop_to_string (opts.crop),
                         normalize_offset (offset_x), normalize_offset (offset_y),
                         opts.long_edge, opts.quality, opts.progressive);
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) key, -1);
  hex = g_checksum_get_string (sum);

  return g_strdup_printf ("%03u-%.16s.jpg", index, hex);
}

/* Encoding -------------------------------------------------------------------- */

static void
encode_output_message_cb (j_common_ptr cinfo)
{
  /* libjpeg's warnings go to stderr by default; an encoder has none that matter */
}

/* Writes @width x @height RGB pixels as a JFIF JPEG with no other marker. */
static gboolean
encode_jpeg (FILE                          *fp,
             const guint8                  *pixels,
             gsize                          stride,
             int                            width,
             int                            height,
             const VitrinePhotoPrepOptions *options,
             char                          *message,
             gsize                          message_size)
{
  struct jpeg_compress_struct cinfo;
  VitrineJpegError err;
  JSAMPROW rows[16];

  memset (&cinfo, 0, sizeof cinfo);
  cinfo.err = vitrine_jpeg_error_init (&err);
  err.pub.output_message = encode_output_message_cb;
  if (setjmp (err.jump))
    {
      g_strlcpy (message, err.message, message_size);
      jpeg_destroy_compress (&cinfo);
      return FALSE;
    }

  jpeg_create_compress (&cinfo);
  jpeg_stdio_dest (&cinfo, fp);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);                      /* YCbCr 4:2:0, JFIF */
  jpeg_set_quality (&cinfo, options->quality, TRUE);
  cinfo.dct_method = JDCT_ISLOW;
  cinfo.optimize_coding = TRUE;                    /* a few % smaller, for little time */
  cinfo.write_JFIF_header = TRUE;
  cinfo.write_Adobe_marker = FALSE;
  cinfo.density_unit = 1;
  cinfo.X_density = cinfo.Y_density = 72;
  if (options->progressive)
    jpeg_simple_progression (&cinfo);

  jpeg_start_compress (&cinfo, TRUE);
  /* no jpeg_write_marker(): nothing but the JFIF APP0 */
  while (cinfo.next_scanline < cinfo.image_height)
    {
      guint n = MIN (G_N_ELEMENTS (rows), cinfo.image_height - cinfo.next_scanline);

      for (guint i = 0; i < n; i++)
        rows[i] = (JSAMPROW) (pixels + (gsize) (cinfo.next_scanline + i) * stride);
      jpeg_write_scanlines (&cinfo, rows, n);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);

  return TRUE;
}

static void
set_write_error (GError    **error,
                 const char *dest,
                 const char *reason)
{
  g_autofree char *name = g_filename_display_name (dest);

  g_set_error (error, VITRINE_PHOTO_PREP_ERROR, VITRINE_PHOTO_PREP_ERROR_WRITE,
               _("Cannot write the prepared photo %s: %s"), name, reason);
}

gboolean
vitrine_photo_prep_file (const char                    *path,
                         const char                    *dest,
                         double                         offset_x,
                         double                         offset_y,
                         const VitrinePhotoPrepOptions *options,
                         GCancellable                  *cancellable,
                         GError                       **error)
{
  VitrinePhotoPrepOptions opts;
  VitrinePhotoRect crop;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  char message[JMSG_LENGTH_MAX] = "";
  int width, height, ow, oh, need_w, need_h, lw, lh, x, y, fd;
  const guint8 *pixels;
  gsize stride;
  gboolean ok;
  FILE *fp;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalize_options (options, &opts);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!vitrine_image_probe (path, &width, &height, error))
    return FALSE;
  vitrine_photo_prep_get_geometry (width, height, &opts, offset_x, offset_y, &crop, &ow, &oh);

  /* decode the whole photo at the scale the crop needs: the decoder picks
   * its DCT factor and the area filter brings it to (at least) this size */
  need_w = CLAMP ((int) ceil ((double) width * ow / crop.width - 1e-6), 1, width);
  need_h = CLAMP ((int) ceil ((double) height * oh / crop.height - 1e-6), 1, height);
  if (!(pixbuf = vitrine_image_load_covering (path, need_w, need_h, error)))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  lw = gdk_pixbuf_get_width (pixbuf);
  lh = gdk_pixbuf_get_height (pixbuf);
  ow = MIN (ow, lw);
  oh = MIN (oh, lh);
  x = CLAMP ((int) floor ((double) crop.x * lw / width + 0.5), 0, lw - ow);
  y = CLAMP ((int) floor ((double) crop.y * lh / height + 0.5), 0, lh - oh);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * stride + (gsize) x * 3;

  g_debug ("prepare %s: %dx%d, crop %s %d,%d %dx%d, decoded at %dx%d, out %dx%d",
           path, width, height, vitrine_photo_crop_to_string (opts.crop),
           crop.x, crop.y, crop.width, crop.height, lw, lh, ow, oh);

  /* written beside @dest under a hidden temporary name, then renamed: a
   * result that exists is always complete */
  dir = g_path_get_dirname (dest);
  base = g_path_get_basename (dest);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      set_write_error (error, dest, g_strerror (errsv));
      return FALSE;
    }
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  if ((fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644)) < 0 || !(fp = fdopen (fd, "wb")))
    {
      int errsv = errno;

      if (fd >= 0)
        {
          close (fd);
          g_unlink (tmp);
        }
      set_write_error (error, dest, g_strerror (errsv));
      return FALSE;
    }

  ok = encode_jpeg (fp, pixels, stride, ow, oh, &opts, message, sizeof message);
  if (fflush (fp) != 0 && ok)
    {
      g_strlcpy (message, g_strerror (errno), sizeof message);
      ok = FALSE;
    }
  if (fclose (fp) != 0 && ok)
    {
      g_strlcpy (message, g_strerror (errno), sizeof message);
      ok = FALSE;
    }
  if (ok && g_rename (tmp, dest) != 0)
    {
      g_strlcpy (message, g_strerror (errno), sizeof message);
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      set_write_error (error, dest, message);
      return FALSE;
    }

  return TRUE;
}

/* One photo ------------------------------------------------------------------- */

typedef struct {
  char *path;
  char *job_dir;
  guint index;
  double offset_x;
  double offset_y;
  VitrinePhotoPrepOptions options;
} PrepData;

static void
prep_data_free (PrepData *data)
{
  g_free (data->path);
  g_free (data->job_dir);
  g_free (data);
}

/* Removes earlier results for the same index (other options, an edited
 * source) so that the folder holds one file per photo. */
static void
remove_stale (const char *job_dir,
              guint       index,
              const char *keep)
{
  g_autoptr(GDir) dir = g_dir_open (job_dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf ("%03u-", index);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".jpg") &&
          strlen (name) == strlen (keep) && !g_str_equal (name, keep))
        {
          g_autofree char *stale = g_build_filename (job_dir, name, NULL);

          g_unlink (stale);
        }
    }
}

static char *
prep_run (PrepData      *data,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  GStatBuf st;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!(name = vitrine_photo_prep_dup_name (data->path, data->index, data->offset_x,
                                            data->offset_y, &data->options, error)))
    return NULL;

  dest = g_build_filename (data->job_dir, name, NULL);
  if (g_stat (dest, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0)
    {
      g_debug ("prepare %s: reusing %s", data->path, name);
      return g_steal_pointer (&dest);
    }

  if (!vitrine_photo_prep_file (data->path, dest, data->offset_x, data->offset_y,
                                &data->options, cancellable, error))
    return NULL;
  remove_stale (data->job_dir, data->index, name);

  return g_steal_pointer (&dest);
}

static void
prep_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  char *dest = prep_run (task_data, cancellable, &error);

  if (dest == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dest, g_free);
}

void
vitrine_photo_prep_async (const char                    *path,
                          const char                    *job_dir,
                          guint                          index,
                          double                         offset_x,
                          double                         offset_y,
                          const VitrinePhotoPrepOptions *options,
                          GCancellable                  *cancellable,
                          GAsyncReadyCallback            callback,
                          gpointer                       user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  PrepData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (job_dir != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_photo_prep_async);
  g_task_set_name (task, "vitrine_photo_prep_async");

  data = g_new0 (PrepData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) prep_data_free);
  if (!(data->path = local_path (path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->job_dir = g_canonicalize_filename (job_dir, NULL);
  data->index = index;
  data->offset_x = normalize_offset (offset_x);
  data->offset_y = normalize_offset (offset_y);
  normalize_options (options, &data->options);

  vitrine_background_run (task, prep_thread);
}

char *
vitrine_photo_prep_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vitrine_photo_prep_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A batch ----------------------------------------------------------------------- */

typedef struct {
  VitrineBatch batch;
  guint pending;
  VitrinePhotoPrepProgress progress;
} Batch;

static void
batch_free (Batch *batch)
{
  vitrine_batch_clear (&batch->batch);
  if (batch->progress.destroy != NULL)
    batch->progress.destroy (batch->progress.data);
  g_free (batch);
}

typedef struct {
  GTask *task;   /* the batch's */
  guint index;
} BatchItem;

static void
batch_photo_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BatchItem *item = user_data;
  g_autoptr(GTask) task = item->task;
  Batch *batch = g_task_get_task_data (task);
  GError *error = NULL;
  char *dest;
  guint index = item->index;

  g_free (item);
  dest = vitrine_photo_prep_finish (result, &error);
  batch->pending--;

  if (dest == NULL)
    vitrine_batch_fail (&batch->batch, error);
  else if (vitrine_batch_take (&batch->batch, index, dest) && batch->progress.func != NULL)
    batch->progress.func (batch->batch.done, batch->batch.total, batch->progress.data);

  if (batch->pending == 0)
    vitrine_batch_return (&batch->batch, task);
}

void
vitrine_photo_prep_batch_async (const char * const             *photos,
                                const double                   *offsets,
                                const char                     *job_dir,
                                const VitrinePhotoPrepOptions  *options,
                                const VitrinePhotoPrepProgress *progress,
                                GCancellable                   *cancellable,
                                GAsyncReadyCallback             callback,
                                gpointer                        user_data)
{
  g_autoptr(GTask) task = NULL;
  VitrinePhotoPrepOptions opts;
  Batch *batch;

  g_return_if_fail (photos != NULL);
  g_return_if_fail (job_dir != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  normalize_options (options, &opts);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_photo_prep_batch_async);
  g_task_set_name (task, "vitrine_photo_prep_batch_async");

  batch = g_new0 (Batch, 1);
  vitrine_batch_init (&batch->batch, photos, cancellable);
  if (progress != NULL)
    batch->progress = *progress;
  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);

  batch->pending = batch->batch.total;
  if (batch->pending == 0)
    {
      vitrine_batch_return (&batch->batch, task);
      return;
    }
  for (guint i = 0; photos[i] != NULL; i++)
    {
      BatchItem *item;

      if (batch->batch.results[i] != NULL)
        continue;
      item = g_new0 (BatchItem, 1);
      item->task = g_object_ref (task);
      item->index = i;
      vitrine_photo_prep_async (photos[i], job_dir, i,
                                offsets ? offsets[2 * i] : 0.5, offsets ? offsets[2 * i + 1] : 0.5,
                                &opts, batch->batch.cancellable, batch_photo_cb, item);
    }
}

GStrv
vitrine_photo_prep_batch_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vitrine_photo_prep_batch_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A job --------------------------------------------------------------------------- */

void
vitrine_photo_prep_get_crop_offset (VitrineJob *job,
                                    guint       index,
                                    double     *offset_x,
                                    double     *offset_y)
{
  g_autofree char *key = g_strdup_printf (CROP_OFFSET_KEY, index);
  const char *value;
  double x = 0.5, y = 0.5;

  g_return_if_fail (VITRINE_IS_JOB (job));

  value = vitrine_job_get_option (job, key);
  if (value != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (value, ",", 3);
      char *end_x = NULL, *end_y = NULL;
      double px, py;

      if (g_strv_length (parts) == 2)
        {
          px = g_ascii_strtod (parts[0], &end_x);
          py = g_ascii_strtod (parts[1], &end_y);
          if (end_x != parts[0] && *end_x == '\0' && end_y != parts[1] && *end_y == '\0')
            {
              x = normalize_offset (px);
              y = normalize_offset (py);
            }
        }
    }

  if (offset_x != NULL)
    *offset_x = x;
  if (offset_y != NULL)
    *offset_y = y;
}

void
vitrine_photo_prep_set_crop_offset (VitrineJob *job,
                                    guint       index,
                                    double      offset_x,
                                    double      offset_y)
{
  g_autofree char *key = g_strdup_printf (CROP_OFFSET_KEY, index);
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *value = NULL;

  g_return_if_fail (VITRINE_IS_JOB (job));

  g_ascii_formatd (x, sizeof x, "%.4f", normalize_offset (offset_x));
  g_ascii_formatd (y, sizeof y, "%.4f", normalize_offset (offset_y));
  value = g_strdup_printf ("%s,%s", x, y);
  vitrine_job_set_option (job, key, value);
}

void
vitrine_photo_prep_job_async (VitrineJob                     *job,
                              const VitrinePhotoPrepOptions  *options,
                              const VitrinePhotoPrepProgress *progress,
                              GCancellable                   *cancellable,
                              GAsyncReadyCallback             callback,
                              gpointer                        user_data)
{
  g_autofree char *job_dir = NULL;
  g_autofree double *offsets = NULL;
  const char * const *photos;
  guint n;

  g_return_if_fail (VITRINE_IS_JOB (job));

  photos = vitrine_job_get_photos (job);
  n = photos != NULL ? g_strv_length ((char **) photos) : 0;
  offsets = g_new (double, 2 * MAX (n, 1));
  for (guint i = 0; i < n; i++)
    vitrine_photo_prep_get_crop_offset (job, i, &offsets[2 * i], &offsets[2 * i + 1]);
  job_dir = vitrine_photo_prep_dup_job_dir (vitrine_job_get_id (job));

  vitrine_photo_prep_batch_async (photos != NULL ? photos : (const char * const[]) { NULL },
                                  offsets, job_dir, options,
                                  progress, cancellable, callback, user_data);
}

GStrv
vitrine_photo_prep_job_finish (GAsyncResult  *result,
                               GError       **error)
{
  return vitrine_photo_prep_batch_finish (result, error);
}
