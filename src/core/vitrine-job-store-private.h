/* vitrine-job-store-private.h: what the files of VitrineJobStore share
 *
 * vitrine-job-store.c keeps the rows (reading, writing, merging, other
 * processes' changes); vitrine-job-store-lease.c keeps the leases (one
 * driver per job) and the moment before a paid POST.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "vitrine-job-store.h"

G_BEGIN_DECLS

struct _VitrineJobStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *problem;    /* at start: a damaged file, an unusable folder */
  char       *save_error; /* while some change is not on disk */
  GPtrArray  *jobs;       /* newest first */
  GHashTable *revs;       /* id → last revision seen (gint64 in a pointer) */
  GHashTable *ended;      /* ids whose row, as last read or written, was final */
  gint64      max_rev;    /* every revision up to this one has been read */
  char       *token;      /* this store's lease token: random, never the pid */
  char       *pidns;      /* this process's pid namespace (NULL: unknown) */
  GHashTable *leases;     /* ids whose lease we hold */
  GHashTable *unsaved;    /* ids whose last change is not on disk yet */
  gint64      data_version;
  guint       refresh_id;
  guint       heartbeat_id;
  gboolean    applying;   /* loading a row: its notifies are not changes */
  guint       keeping;    /* photo copies being made (vitrine-photo-keep.h) */
};

/* A lease whose heartbeat is this old (seconds) is free to take. */
#define VITRINE_JOB_STORE_LEASE_STALE_S 12

/* The columns a job is read with (vitrine_job_store_apply_row()). */
#define VITRINE_JOB_STORE_COLUMNS "id, provider, name, inputs, remote_id, poll_url, idempotency_key, " \
                                  "state, progress, status_text, error, outputs, created, updated, rev, " \
                                  "job_group"
#define VITRINE_JOB_STORE_N_COLUMNS 16

gboolean    vitrine_job_store_set_sqlite_error (GError          **error,
                                                sqlite3          *db,
                                                int               rc,
                                                const char       *what);
void        vitrine_job_store_bind_text        (sqlite3_stmt     *stmt,
                                                int               index,
                                                const char       *text);
/* Prepares "SELECT @columns FROM jobs WHERE id = @id" in @stmt and takes
 * its first step: SQLITE_ROW, SQLITE_DONE (no such row) or the error. The
 * caller finalizes @stmt (NULL when it could not be prepared). */
int         vitrine_job_store_select_by_id     (VitrineJobStore  *self,
                                                const char       *columns,
                                                const char       *id,
                                                sqlite3_stmt    **stmt);
void        vitrine_job_store_apply_row        (VitrineJobStore  *self,
                                                VitrineJob       *job,
                                                sqlite3_stmt     *stmt);
gboolean    vitrine_job_store_try_write        (VitrineJobStore  *self,
                                                VitrineJob       *job,
                                                gboolean          merged,
                                                GError          **error);
gboolean    vitrine_job_store_merge_row        (VitrineJobStore  *self,
                                                VitrineJob       *job,
                                                sqlite3_stmt     *stmt,
                                                const char       *lease_token);
gboolean    vitrine_job_store_reload           (VitrineJobStore  *self,
                                                VitrineJob       *job);
gint64      vitrine_job_store_known_rev        (VitrineJobStore  *self,
                                                const char       *id);

void        vitrine_job_store_emit_lease_lost  (VitrineJobStore  *self,
                                                VitrineJob       *job);

void        vitrine_job_store_init_leases      (VitrineJobStore  *self);
void        vitrine_job_store_release_all      (VitrineJobStore  *self);

G_END_DECLS
