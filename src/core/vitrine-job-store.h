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
/* Reads what other processes changed (also done by a timeout every second). */
void             vitrine_job_store_refresh       (VitrineJobStore *self);

/* One driver per job: a lease (owner pid + heartbeat) that another process
 * takes over once the owner is gone. TRUE when this process holds it. */
gboolean         vitrine_job_store_acquire       (VitrineJobStore *self,
                                                  VitrineJob      *job);
void             vitrine_job_store_release       (VitrineJobStore *self,
                                                  VitrineJob      *job);

G_END_DECLS
