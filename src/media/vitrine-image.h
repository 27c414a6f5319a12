/* vitrine-image.h: reading photos, off the main thread (no GTK)
 *
 * Used by the thumbnail loader of the window and by the local renderer.
 * Every function here may block: call them from a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

#define VITRINE_IMAGE_ERROR (vitrine_image_error_quark ())
typedef enum {
  VITRINE_IMAGE_ERROR_EMPTY,        /* a 0-byte file */
  VITRINE_IMAGE_ERROR_NOT_AN_IMAGE, /* a PDF, a text file… */
  VITRINE_IMAGE_ERROR_CORRUPT,      /* an image format, but unreadable */
  VITRINE_IMAGE_ERROR_TOO_LARGE,    /* more pixels than VITRINE_IMAGE_MAX_PIXELS */
  VITRINE_IMAGE_ERROR_UNSUPPORTED,  /* an image, in a format no installed loader reads (WebP, HEIF…) */
} VitrineImageError;
GQuark vitrine_image_error_quark (void);

/* Larger images are refused with a message (a 40000x30000 scan would need
 * gigabytes to decode). */
#define VITRINE_IMAGE_MAX_PIXELS (150u * 1000u * 1000u)

/* Reads only the header: the size as displayed (EXIF orientation applied).
 * Fails with VITRINE_IMAGE_ERROR for an empty, non-image or too large file. */
gboolean   vitrine_image_probe             (const char  *path,
                                            int         *width,
                                            int         *height,
                                            GError     **error);

/* Decodes @path once, with its EXIF orientation applied, scaled down so that
 * it still covers @min_width x @min_height (both edges at least that large,
 * aspect kept; never scaled up). JPEGs are scaled inside the decoder (DCT
 * scaling), so a thumbnail of a 12 MP photo costs a fraction of a full
 * decode. Returns an RGB pixbuf without alpha (alpha is flattened on white). */
GdkPixbuf *vitrine_image_load_covering     (const char  *path,
                                            int          min_width,
                                            int          min_height,
                                            GError     **error);
/* The same, and the image's own size as displayed in @width and @height
 * (optional), read on the way: a thumbnail that must also know it. */
GdkPixbuf *vitrine_image_load_covering_full (const char  *path,
                                             int          min_width,
                                             int          min_height,
                                             int         *width,
                                             int         *height,
                                             GError     **error);

/* Reads the whole of @path at its smallest size (a JPEG at an eighth, in
 * the decoder), so that a truncated or damaged photo is found before any
 * work starts, as vitrine_image_probe() finds the others. */
gboolean   vitrine_image_check             (const char  *path,
                                            GError     **error);

gboolean   vitrine_image_is_supported_name (const char  *path_or_uri);

/* What to tell the agent of a photo of @width x @height that a 1080p
 * video must enlarge so much it looks blurred (a thumbnail dragged from a
 * web page), or NULL when it is large enough. */
char      *vitrine_image_describe_small    (int          width,
                                            int          height);

G_END_DECLS
