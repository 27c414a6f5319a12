/* vitrine-job-monitor.h: drives every unfinished job of a store with GLib timeouts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-job-store.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_JOB_MONITOR (vitrine_job_monitor_get_type ())
G_DECLARE_FINAL_TYPE (VitrineJobMonitor, vitrine_job_monitor, VITRINE, JOB_MONITOR, GObject)

/* From creation on, every unfinished job in @store (and every one added
 * later) is submitted, polled at its provider's interval and backed off on
 * transient errors, until it is finished. */
VitrineJobMonitor *vitrine_job_monitor_new        (VitrineJobStore   *store);
/* Drives @job only (vitrine-cli render and wait: one process, one job). */
VitrineJobMonitor *vitrine_job_monitor_new_for_job (VitrineJobStore  *store,
                                                   VitrineJob       *job);
VitrineJobStore   *vitrine_job_monitor_get_store  (VitrineJobMonitor *self);

/* Cancels @job: its in-flight request or render is stopped, the provider is
 * told where it can be, and the job ends CANCELLED. */
void               vitrine_job_monitor_cancel_job (VitrineJobMonitor *self,
                                                   VitrineJob        *job);

/* TRUE while a cancel is being carried out: wait before exiting. */
gboolean           vitrine_job_monitor_is_busy    (VitrineJobMonitor *self);

G_END_DECLS
