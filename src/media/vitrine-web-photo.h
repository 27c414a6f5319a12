/* vitrine-web-photo.h: a photo from the web, copied into the cache (no GTK)
 *
 * A photo dragged from a web browser arrives as its address. For the local
 * renderer and the providers that upload files, it is downloaded once into
 * g_get_user_cache_dir()/vitrine/web/, under a name made from a hash of the
 * address (so the same address is the same file across runs), and checked:
 * https only (http to a loopback address is allowed, as everywhere in the
 * HTTP layer, for tests), at most VITRINE_WEB_PHOTO_MAX_SIZE bytes (refused
 * at once when the Content-Length says more, stopped when the body passes
 * it), an image/… content type, and a file the image reader can read.
 *
 * It lives in src/media rather than src/net: it knows what a photo is (the
 * image reader), and uses the HTTP layer below it for the transfer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VITRINE_WEB_PHOTO_MAX_SIZE ((goffset) 50 * 1024 * 1024)

/* Each error's message is a short reason for a person, fit for a photo's
 * cell ("Too large (over 50 MB)"). */
#define VITRINE_WEB_PHOTO_ERROR (vitrine_web_photo_error_quark ())
typedef enum {
  VITRINE_WEB_PHOTO_ERROR_INSECURE,     /* not https (nor loopback http), or sent on to http */
  VITRINE_WEB_PHOTO_ERROR_TOO_LARGE,    /* over VITRINE_WEB_PHOTO_MAX_SIZE */
  VITRINE_WEB_PHOTO_ERROR_NOT_AN_IMAGE, /* the server says it is something else (text/html…) */
  VITRINE_WEB_PHOTO_ERROR_UNREADABLE,   /* the file cannot be read as a photo */
  VITRINE_WEB_PHOTO_ERROR_STATUS,       /* the server answered 4xx/5xx */
  VITRINE_WEB_PHOTO_ERROR_NETWORK,      /* could not reach it, timed out, a local write failed */
} VitrineWebPhotoError;
GQuark    vitrine_web_photo_error_quark       (void);

/* Whether @text is an address this fetcher is for: http:// or https://
 * (http is refused later, with its reason, unless it is loopback). */
gboolean  vitrine_web_photo_is_web_address    (const char               *text);

/* Where @url's copy goes (the file may not exist). */
char     *vitrine_web_photo_dup_cache_path    (const char               *url);

/* @received bytes so far, of @total (-1: the server did not say). */
typedef void (*VitrineWebPhotoProgress) (goffset  received,
                                         goffset  total,
                                         gpointer user_data);

/* Downloads @url into the cache and checks it; an earlier copy that still
 * reads is used as it is (assumption: an address names one photo).
 * @progress is called on the main thread until the callback runs, never
 * after; @progress_data is released with @progress_destroy then. On an
 * error or a cancel no file is left behind. Main thread only. */
void      vitrine_web_photo_fetch_async       (const char               *url,
                                               VitrineWebPhotoProgress   progress,
                                               gpointer                  progress_data,
                                               GDestroyNotify            progress_destroy,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data);
/* The path of the local copy. */
char     *vitrine_web_photo_fetch_finish      (GAsyncResult             *result,
                                               GError                  **error);

G_END_DECLS
