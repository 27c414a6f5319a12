/* vitrine-media-host-private.h: VitrineMediaHost's files share this
 *
 * VitrineMediaHost is split by concern: the object, its settings, its
 * errors and the connection test (vitrine-media-host.c), the records of
 * what each job uploaded (vitrine-media-host-records.c, worker threads),
 * uploads (vitrine-media-host-upload.c), and deletions: a job's objects,
 * the sweep (vitrine-media-host-delete.c). Signing is vitrine-sigv4.c.
 *
 * Only src/net includes this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-http.h"
#include "vitrine-media-host.h"
#include "vitrine-sigv4.h"

G_BEGIN_DECLS

#define VITRINE_MEDIA_HOST_MAX_IN_FLIGHT 4

struct _VitrineMediaHost
{
  GObject parent_instance;

  char *endpoint;    /* scheme://host[:port][/prefix], normalized */
  char *scheme;
  char *authority;   /* host[:port] as in a URL */
  char *base_path;   /* "" or "/prefix" */
  char *region;
  char *bucket;
  char *access_key;
  char *secret_key;  /* wiped in finalize; never a property */
  gboolean path_style;
  guint url_hours;
  guint keep_days;
};

/* vitrine-media-host.c */
/* A request for @key, signed with header authentication; S3's errors read. */
VitrineHttpRequest *vitrine_media_host_signed_request   (VitrineMediaHost   *self,
                                                         const char         *method,
                                                         const char         *key,
                                                         const char         *payload_sha256);
/* @error (from the HTTP layer) as something a person can act on. */
GError             *vitrine_media_host_map_error        (VitrineMediaHost   *self,
                                                         const GError       *error);

/* vitrine-media-host-records.c (worker threads) */
/* An object to delete: which job's record it is in, and its key. */
typedef struct {
  char *job_id;
  char *key;
} VitrineMediaHostDoomed;

void                vitrine_media_host_doomed_free      (gpointer            data);
/* 32 random hex digits, from getrandom(). */
char               *vitrine_media_host_random_hex       (void);
char               *vitrine_media_host_record_path      (const char         *job_id);
/* Notes @name (under the job's random prefix) in the record at @path as
 * about to be uploaded; returns its key. */
char               *vitrine_media_host_records_add      (const char         *path,
                                                         const char         *endpoint,
                                                         const char         *bucket,
                                                         const char         *name,
                                                         GError            **error);
/* Marks the job's record (if any) as ended at @now. */
gboolean            vitrine_media_host_records_end_job  (const char         *job_id,
                                                         gint64              now,
                                                         GError            **error);
/* The objects of this endpoint and bucket due at @now (of
 * VitrineMediaHostDoomed): every one of @job_id's, or with @job_id NULL
 * those of every job that ended more than @keep_seconds ago (or, never
 * ended, whose links expired: @link_seconds). */
GPtrArray          *vitrine_media_host_records_collect  (const char         *job_id,
                                                         const char         *endpoint,
                                                         const char         *bucket,
                                                         gint64              now,
                                                         gint64              keep_seconds,
                                                         gint64              link_seconds);
/* Removes @deleted (of VitrineMediaHostDoomed) from the records. */
gboolean            vitrine_media_host_records_forget   (GPtrArray          *deleted,
                                                         const char         *endpoint,
                                                         const char         *bucket,
                                                         GError            **error);

G_END_DECLS
