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

/* A VitrineJobDriver: each provider is handed the monitor for the jobs it
 * drives (vitrine_provider_drive()).
 *
 * From creation on, every unfinished job in @store (and every one added
 * later) is submitted, polled at its provider's interval and backed off on
 * transient errors, until it is finished. */
VitrineJobMonitor *vitrine_job_monitor_new        (VitrineJobStore   *store);
/* Drives @job only (vitrine-cli render and wait: one process, one job). */
VitrineJobMonitor *vitrine_job_monitor_new_for_job (VitrineJobStore  *store,
                                                   VitrineJob       *job);

/* Whether cancelling @job stops it (and its charge): its paid request has
 * not left yet, or its provider has a cancel call. When FALSE, ask the agent
 * and stop following it instead (vitrine_job_set_followed()). */
gboolean           vitrine_job_monitor_can_stop   (VitrineJobMonitor *self,
                                                   VitrineJob        *job);
/* Whether @job may leave the list now. A paid job whose request has left
 * and that has not ended may not: its video may still be made and charged,
 * and removing it would throw away what brings it (its remote id). The
 * decision (issue 9): removal is refused until it ends (Cancel first, or
 * wait for its video); Stop Waiting keeps it, as not followed. */
gboolean           vitrine_job_monitor_can_remove (VitrineJobMonitor *self,
                                                   VitrineJob        *job);
/* Cancels @job: before its paid request left, everything stops and the
 * job ends CANCELLED; after it, the provider is asked (its cancel call,
 * once the start's answer gave an id), and ends it CANCELLED or refuses
 * (VITRINE_JOB_OPTION_CANCEL_REFUSED says why; the job goes on). A job
 * another process drives is asked through the store (cancel-requested).
 * A job whose provider cannot stop it is left as it is. */
void               vitrine_job_monitor_cancel_job (VitrineJobMonitor *self,
                                                   VitrineJob        *job);
/* Follow Again, and vitrine-cli wait: a job paused for attention or no
 * longer followed is followed and tried again now. */
void               vitrine_job_monitor_follow_job (VitrineJobMonitor *self,
                                                   VitrineJob        *job);
/* Retry of a paid job that ended FAILED or INTERRUPTED while its result may
 * still come (the provider's id, or result URLs recorded, and the provider
 * never said the video failed): the same job is reopened and followed — it
 * polls and downloads, it never submits again. FALSE when there is nothing
 * to resume: the caller makes a new job (vitrine_job_new_retry()). */
gboolean           vitrine_job_monitor_resume_job (VitrineJobMonitor *self,
                                                   VitrineJob        *job);
/* TRUE while a cancel is being carried out: wait before exiting. */
gboolean           vitrine_job_monitor_is_busy    (VitrineJobMonitor *self);
/* The job this process has sent to a paid provider, whose answer is still
 * awaited and could not be looked for if the process stopped now (no
 * recover: IACrea and Vikit), or NULL. */
VitrineJob        *vitrine_job_monitor_awaits_start (VitrineJobMonitor *self);

G_END_DECLS
