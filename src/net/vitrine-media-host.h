/* vitrine-media-host.h: the agent's own S3-compatible bucket (no GTK)
 *
 * Providers that fetch photos by URL get them from a bucket the agent owns
 * (AWS S3, Cloudflare R2, GCS interoperability, MinIO, Scaleway…): each
 * file is uploaded with a SigV4-signed PUT under an unguessable key
 * (vitrine/<128-bit random hex>/<name>) and handed on as a presigned GET
 * URL, so the bucket can stay private. What a job uploaded is recorded in
 * its cache folder (media-host.json) so that it can be deleted when the job
 * ends, or later by a sweep when the agent keeps files for some days.
 *
 * Settings: $VITRINE_S3_ENDPOINT, _REGION, _BUCKET, _ACCESS_KEY,
 * _PATH_STYLE (1/0) over the GSettings keys media-host-endpoint, -region,
 * -bucket, -access-key, -path-style; the secret key only from the keyring
 * (vitrine-secrets id "s3", or $VITRINE_S3_SECRET_KEY). media-host-url-hours
 * and media-host-keep-days (or $VITRINE_S3_URL_HOURS, _KEEP_DAYS) set the
 * lifetime of links and of objects.
 *
 * Main thread only, like the HTTP layer it uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-sigv4.h"

G_BEGIN_DECLS

#define VITRINE_MEDIA_HOST_ERROR (vitrine_media_host_error_quark ())
typedef enum {
  VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED, /* endpoint, bucket, access or secret key missing */
  VITRINE_MEDIA_HOST_ERROR_INSECURE,       /* http:// to a host that is not this computer */
  VITRINE_MEDIA_HOST_ERROR_REFUSED,        /* 403: wrong secret, unknown key, no permission */
  VITRINE_MEDIA_HOST_ERROR_NO_BUCKET,      /* 404 NoSuchBucket */
  VITRINE_MEDIA_HOST_ERROR_UNREACHABLE,    /* DNS, refused connection, timeout, TLS */
  VITRINE_MEDIA_HOST_ERROR_FAILED,         /* anything else the service said */
} VitrineMediaHostError;
GQuark vitrine_media_host_error_quark (void);

/* The longest a SigV4 presigned URL may live: 7 days. */
#define VITRINE_MEDIA_HOST_MAX_URL_SECONDS VITRINE_SIGV4_MAX_EXPIRES

#define VITRINE_TYPE_MEDIA_HOST (vitrine_media_host_get_type ())
G_DECLARE_FINAL_TYPE (VitrineMediaHost, vitrine_media_host, VITRINE, MEDIA_HOST, GObject)

/* @endpoint: "https://host[:port][/prefix]" (a bare host means https);
 * @region NULL or "" means us-east-1. Fails with VITRINE_MEDIA_HOST_ERROR
 * NOT_CONFIGURED or INSECURE, with a message for a person. */
VitrineMediaHost *vitrine_media_host_new             (const char           *endpoint,
                                                      const char           *region,
                                                      const char           *bucket,
                                                      gboolean              path_style,
                                                      const char           *access_key,
                                                      const char           *secret_key,
                                                      GError              **error);
/* From the environment over GSettings, the secret from the keyring. */
void              vitrine_media_host_new_from_settings_async  (GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
VitrineMediaHost *vitrine_media_host_new_from_settings_finish (GAsyncResult        *result,
                                                               GError             **error);

const char       *vitrine_media_host_get_endpoint    (VitrineMediaHost     *self);
const char       *vitrine_media_host_get_region      (VitrineMediaHost     *self);
const char       *vitrine_media_host_get_bucket      (VitrineMediaHost     *self);
gboolean          vitrine_media_host_get_path_style  (VitrineMediaHost     *self);
const char       *vitrine_media_host_get_access_key  (VitrineMediaHost     *self);
/* Lifetime of the presigned URLs, in hours (1–168; default 24). */
guint             vitrine_media_host_get_url_hours   (VitrineMediaHost     *self);
void              vitrine_media_host_set_url_hours   (VitrineMediaHost     *self,
                                                      guint                 hours);
/* Days to keep a job's objects after it ends (0: delete them at once). */
guint             vitrine_media_host_get_keep_days   (VitrineMediaHost     *self);
void              vitrine_media_host_set_keep_days   (VitrineMediaHost     *self,
                                                      guint                 days);

/* The address of @key in the bucket (path- or virtual-host style), unsigned. */
char             *vitrine_media_host_dup_object_url  (VitrineMediaHost     *self,
                                                      const char           *key);
/* A presigned GET URL for @key, valid @seconds (at most 7 days) from now. */
char             *vitrine_media_host_presign_get     (VitrineMediaHost     *self,
                                                      const char           *key,
                                                      guint                 seconds);

/* Checks endpoint, bucket and keys with a small PUT and DELETE of
 * vitrine/.vitrine-test-<random>. Errors are for a person: "The bucket
 * refused the key (SignatureDoesNotMatch)…", "There is no bucket named…",
 * "Cannot reach…". */
void              vitrine_media_host_test_async      (VitrineMediaHost     *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          vitrine_media_host_test_finish     (VitrineMediaHost     *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Called on the main thread after each file: @done of @total, bytes sent. */
typedef void (*VitrineMediaHostProgress) (guint    done,
                                          guint    total,
                                          guint64  bytes,
                                          gpointer user_data);

/* Uploads @files for job @job_id (a few at a time, each streamed from its
 * file) and returns one presigned GET URL per file, in order. https:// URLs
 * pass through untouched. An object is named @names[i] when @names is given
 * (e.g. "music.mp3"), else "<i>.<extension of the file>"; its content type
 * is guessed from the file. Every key is recorded in the job's cache folder
 * before its PUT, so vitrine_media_host_delete_job_async() finds it. */
void              vitrine_media_host_upload_async    (VitrineMediaHost        *self,
                                                      const char              *job_id,
                                                      const char * const      *files,
                                                      const char * const      *names,
                                                      VitrineMediaHostProgress progress,
                                                      gpointer                 progress_data,
                                                      GDestroyNotify           progress_destroy,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
GStrv             vitrine_media_host_upload_finish   (VitrineMediaHost        *self,
                                                      GAsyncResult            *result,
                                                      GError                 **error);

/* The job has ended: with keep-days 0 its recorded objects are deleted now
 * (and the record with them); otherwise the record is marked with the end
 * time and a later sweep deletes them. A missing record is no error. */
void              vitrine_media_host_delete_job_async  (VitrineMediaHost     *self,
                                                        const char           *job_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean          vitrine_media_host_delete_job_finish (VitrineMediaHost     *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Deletes, for every job recorded in the cache that used this bucket, the
 * objects that are due: the job ended more than keep-days ago, or its links
 * expired long ago (a job that never ended). Returns how many objects were
 * deleted. */
void              vitrine_media_host_sweep_async     (VitrineMediaHost     *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
guint             vitrine_media_host_sweep_finish    (VitrineMediaHost     *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* The start-up sweep: the media host of the settings (as
 * vitrine_media_host_new_from_settings_async()), when one is set up,
 * sweeps as vitrine_media_host_sweep_async() does. A media host that is not
 * set up is no error: nothing to sweep, 0. */
void              vitrine_media_host_sweep_from_settings_async  (GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
guint             vitrine_media_host_sweep_from_settings_finish (GAsyncResult        *result,
                                                                 GError             **error);

/* S3's own error format (an XML <Error> with its <Code> and <Message>)
 * read out of a failed reply: "Message (Code)", or NULL. Every request of
 * the media host reads its errors with it (vitrine_http_request_set_error_reader()). */
char             *vitrine_media_host_read_error      (GBytes               *body);

G_END_DECLS
