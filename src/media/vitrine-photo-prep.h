/* vitrine-photo-prep.h: photos made ready to leave the machine (no GTK)
 *
 * Before a photo is uploaded it is prepared in a worker thread: its EXIF
 * orientation applied, optionally cropped to the video's ratio (at an offset
 * the agent may shift), scaled down to a long edge (never up), and re-encoded
 * as a plain JFIF JPEG without any metadata (no EXIF, XMP, ICC or GPS). The
 * result goes into the job's cache folder under a name that is a function of
 * the source file (path, size, mtime) and of the options, so that a second
 * run of the same job reuses it.
 *
 * At most as many photos as there are cores are prepared at once, whatever
 * the number of callers; results and progress come back on the thread-default
 * main context of the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-job.h"

G_BEGIN_DECLS

/* Errors of the decoder come as VITRINE_IMAGE_ERROR ("kitchen.jpg: the image
 * is damaged…"); this domain is for what happens after. */
#define VITRINE_PHOTO_PREP_ERROR (vitrine_photo_prep_error_quark ())
typedef enum {
  VITRINE_PHOTO_PREP_ERROR_WRITE,   /* the prepared file could not be written (disk full…) */
  VITRINE_PHOTO_PREP_ERROR_INVALID, /* an option out of range, a relative path… */
} VitrinePhotoPrepError;
GQuark vitrine_photo_prep_error_quark (void);

typedef enum {
  VITRINE_PHOTO_CROP_NONE,  /* for providers that crop themselves */
  VITRINE_PHOTO_CROP_16_9,
  VITRINE_PHOTO_CROP_9_16,
  VITRINE_PHOTO_CROP_1_1,
} VitrinePhotoCrop;

/* "none", "16:9", "9:16", "1:1". */
const char       *vitrine_photo_crop_to_string   (VitrinePhotoCrop  crop);
gboolean          vitrine_photo_crop_from_string (const char       *str,
                                                  VitrinePhotoCrop *crop);
VitrinePhotoCrop  vitrine_photo_crop_from_ratio  (VitrineRatio      ratio);

#define VITRINE_PHOTO_PREP_DEFAULT_LONG_EDGE 2560
#define VITRINE_PHOTO_PREP_DEFAULT_QUALITY   88

typedef struct {
  int x, y, width, height;
} VitrinePhotoRect;

typedef struct {
  VitrinePhotoCrop crop;
  guint            long_edge;   /* the longest edge of the result, at most; never scaled up */
  guint            quality;     /* JPEG quality, 1–100 */
  gboolean         progressive;
} VitrinePhotoPrepOptions;

/* No crop, the long edge of the setting "prepare-long-edge" (2560 when the
 * schema is not installed), quality 88, baseline. */
void      vitrine_photo_prep_options_init (VitrinePhotoPrepOptions       *options);

/* The size of the result for a photo shown as @width x @height (EXIF
 * orientation applied), and the crop in those coordinates. @offset_x and
 * @offset_y (0–1; 0.5 centres) place the crop where the photo has room to
 * spare. Pure arithmetic, for the window's preview and for tests. */
void      vitrine_photo_prep_get_geometry (int                            width,
                                           int                            height,
                                           const VitrinePhotoPrepOptions *options,
                                           double                         offset_x,
                                           double                         offset_y,
                                           VitrinePhotoRect              *crop,
                                           int                           *out_width,
                                           int                           *out_height);

/* $XDG_CACHE_HOME/vitrine/jobs/@job_id (not created). */
char     *vitrine_photo_prep_dup_job_dir  (const char                    *job_id);

/* The file name the result of @path gets in a job folder: "<index>-<hash>.jpg",
 * the hash covering the path, size and mtime of the source and the options.
 * Blocking (stats @path). */
char     *vitrine_photo_prep_dup_name     (const char                    *path,
                                           guint                          index,
                                           double                         offset_x,
                                           double                         offset_y,
                                           const VitrinePhotoPrepOptions *options,
                                           GError                       **error);

/* Blocking: prepares @path into @dest (written beside it under a temporary
 * name, then renamed). For worker threads, vitrine-cli and benchmarks. */
gboolean  vitrine_photo_prep_file         (const char                    *path,
                                           const char                    *dest,
                                           double                         offset_x,
                                           double                         offset_y,
                                           const VitrinePhotoPrepOptions *options,
                                           GCancellable                  *cancellable,
                                           GError                       **error);

/* Prepares one photo into @job_dir (created when missing) in the pool;
 * returns the path of the prepared file. A result already in @job_dir is
 * reused without decoding anything. */
void      vitrine_photo_prep_async        (const char                    *path,
                                           const char                    *job_dir,
                                           guint                          index,
                                           double                         offset_x,
                                           double                         offset_y,
                                           const VitrinePhotoPrepOptions *options,
                                           GCancellable                  *cancellable,
                                           GAsyncReadyCallback            callback,
                                           gpointer                       user_data);
char     *vitrine_photo_prep_finish       (GAsyncResult                  *result,
                                           GError                       **error);

/* Called on the caller's main context each time one more photo is ready
 * (@done of @total; @total counts the local photos only). */
typedef void (*VitrinePhotoPrepProgressFunc) (guint    done,
                                              guint    total,
                                              gpointer user_data);

/* Where a batch reports its progress: @func with @data, which @destroy
 * (may be NULL) releases once the batch has ended. */
typedef struct {
  VitrinePhotoPrepProgressFunc func;
  gpointer                     data;
  GDestroyNotify               destroy;
} VitrinePhotoPrepProgress;

/* Prepares every photo of @photos (local paths or file:// URIs) into
 * @job_dir, in the pool. @offsets holds an x, y pair per photo (NULL: all
 * centred). http(s):// URLs are not touched: they come back as they are.
 * Returns one path or URL per photo, in order. The first photo that fails
 * stops the others; its error names the file. @progress may be NULL. */
void      vitrine_photo_prep_batch_async  (const char * const             *photos,
                                           const double                   *offsets,
                                           const char                     *job_dir,
                                           const VitrinePhotoPrepOptions  *options,
                                           const VitrinePhotoPrepProgress *progress,
                                           GCancellable                   *cancellable,
                                           GAsyncReadyCallback             callback,
                                           gpointer                        user_data);
GStrv     vitrine_photo_prep_batch_finish (GAsyncResult                   *result,
                                           GError                        **error);

/* The job's crop offset of photo @index, kept among the job's options
 * ("crop-offset-<index>" = "x,y", 0–1 each) so that a resumed job prepares
 * the same pictures. Missing or unreadable: 0.5, 0.5. */
void      vitrine_photo_prep_get_crop_offset (VitrineJob *job,
                                              guint       index,
                                              double     *offset_x,
                                              double     *offset_y);
void      vitrine_photo_prep_set_crop_offset (VitrineJob *job,
                                              guint       index,
                                              double      offset_x,
                                              double      offset_y);

/* vitrine_photo_prep_batch_async() on the photos of @job, with the job's
 * crop offsets, into vitrine_photo_prep_dup_job_dir (job id). */
void      vitrine_photo_prep_job_async    (VitrineJob                     *job,
                                           const VitrinePhotoPrepOptions  *options,
                                           const VitrinePhotoPrepProgress *progress,
                                           GCancellable                   *cancellable,
                                           GAsyncReadyCallback             callback,
                                           gpointer                        user_data);
GStrv     vitrine_photo_prep_job_finish   (GAsyncResult                   *result,
                                           GError                        **error);

G_END_DECLS
