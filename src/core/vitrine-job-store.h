/* vitrine-job-store.h: every job of this user, as a GListModel (newest first)
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
} VitrineStoreError;
GQuark vitrine_store_error_quark (void);

#define VITRINE_TYPE_JOB_STORE (vitrine_job_store_get_type ())
G_DECLARE_FINAL_TYPE (VitrineJobStore, vitrine_job_store, VITRINE, JOB_STORE, GObject)

/* A store kept in memory only (tests, and until the SQLite store lands). */
VitrineJobStore *vitrine_job_store_new_in_memory (void);

/* Adds @job at the top (newest first). */
void             vitrine_job_store_add           (VitrineJobStore *self,
                                                  VitrineJob      *job);
void             vitrine_job_store_remove        (VitrineJobStore *self,
                                                  VitrineJob      *job);
VitrineJob      *vitrine_job_store_lookup        (VitrineJobStore *self,
                                                  const char      *id);

G_END_DECLS
