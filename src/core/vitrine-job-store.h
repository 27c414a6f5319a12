/* vitrine-job-store.h: every job of this user, in SQLite, as a GListModel (newest first)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-job.h"

G_BEGIN_DECLS

#define VITRINE_STORE_ERROR (vitrine_store_error_quark ())
typedef enum {
  VITRINE_STORE_ERROR_FAILED,
  VITRINE_STORE_ERROR_NOT_FOUND,
  VITRINE_STORE_ERROR_BUSY,      /* locked by another process for too long */
  VITRINE_STORE_ERROR_CORRUPT,   /* the file is damaged (moved aside at start) */
  VITRINE_STORE_ERROR_LEASE_LOST, /* another process drives the job now */
} VitrineStoreError;
GQuark vitrine_store_error_quark (void);

#define VITRINE_TYPE_JOB_STORE (vitrine_job_store_get_type ())
G_DECLARE_FINAL_TYPE (VitrineJobStore, vitrine_job_store, VITRINE, JOB_STORE, GObject)

/* The user's store: $XDG_DATA_HOME/vitrine/jobs.db. Never fails: a corrupt
 * file is moved aside (jobs.db.corrupt-<timestamp>) and a new one started; a
 * folder that cannot be written gives a store in memory. Either way
 * vitrine_job_store_get_problem() says what happened, for a person. */
VitrineJobStore *vitrine_job_store_new_default   (void);
/* A store in the SQLite file @path (created with its folder when missing). */
VitrineJobStore *vitrine_job_store_new_for_path  (const char      *path,
                                                  GError         **error);
/* A store kept in memory only (tests). */
VitrineJobStore *vitrine_job_store_new_in_memory (void);
char            *vitrine_job_store_default_path  (void);

const char      *vitrine_job_store_get_path      (VitrineJobStore *self);
const char      *vitrine_job_store_get_problem   (VitrineJobStore *self);

/* Adds @job at the top (newest first) and saves it. */
void             vitrine_job_store_add           (VitrineJobStore *self,
                                                  VitrineJob      *job);
void             vitrine_job_store_remove        (VitrineJobStore *self,
                                                  VitrineJob      *job);
VitrineJob      *vitrine_job_store_lookup        (VitrineJobStore *self,
                                                  const char      *id);
/* Jobs are saved on every change; this saves now and says if it failed
 * (called before a paid request, so its idempotency key is on disk first). */
gboolean         vitrine_job_store_save          (VitrineJobStore *self,
                                                  VitrineJob      *job,
                                                  GError         **error);
/* Whether copies of photos the document portal lent are still being made
 * for jobs just added (vitrine-photo-keep.h): the copies' paths reach the
 * jobs, and the file, on this thread's main context, so a process that
 * hands its jobs to another and leaves iterates it until this is FALSE. */
gboolean         vitrine_job_store_is_keeping    (VitrineJobStore *self);
/* Saves now what a locked file kept in memory (another process held it
 * past the usual wait), waiting up to 5 s for the lock: before a process
 * hands its jobs to another and leaves, and when the store closes. FALSE
 * when a change is still not on disk (vitrine_job_store_get_problem()). */
gboolean         vitrine_job_store_flush         (VitrineJobStore *self);
/* Reads what other processes changed (also done by a timeout every second). */
void             vitrine_job_store_refresh       (VitrineJobStore *self);

/* One driver per job: a lease (a random token of this store, refreshed by
 * a heartbeat) that another process takes over once it is stale, or at once
 * when its owner is seen dead in the same pid namespace. TRUE when this
 * store holds it. A holder that finds its lease taken emits ::lease-lost. */
gboolean         vitrine_job_store_acquire       (VitrineJobStore *self,
                                                  VitrineJob      *job);
void             vitrine_job_store_release       (VitrineJobStore *self,
                                                  VitrineJob      *job);
/* Whether a process drives @job now: this store or another live one holds
 * its lease. FALSE only when the file says nobody does (its driver died,
 * or was stopped past the lease); TRUE while the file cannot be read. */
gboolean         vitrine_job_store_is_driven     (VitrineJobStore *self,
                                                  VitrineJob      *job);

/* The moment before a paid POST of @job (every one of them): the row is
 * read again, and the POST refused when the job was cancelled or ended
 * (G_IO_ERROR_CANCELLED, the job updated from the row), when another
 * process holds the lease (VITRINE_STORE_ERROR_LEASE_LOST) or when the job
 * was removed (VITRINE_STORE_ERROR_NOT_FOUND). Else the job's idempotency
 * key and its "about to POST" mark (VITRINE_JOB_OPTION_SUBMITTED_AT, kept
 * from the first POST) are committed with synchronous=FULL, the lease
 * renewed. While the file is locked by another process it waits (the POST
 * with it) until the write is done or @cancellable is cancelled. */
void             vitrine_job_store_guard_post_async  (VitrineJobStore     *self,
                                                      VitrineJob          *job,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean         vitrine_job_store_guard_post_finish (VitrineJobStore     *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
