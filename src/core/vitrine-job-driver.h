/* vitrine-job-driver.h: what drives a job, as a provider sees it
 *
 * The process that drives a job (the job monitor) hands itself to the
 * job's provider as a VitrineJobDriver when it starts driving the job, and
 * takes it back when it stops (vitrine_provider_drive()). Through it, and
 * only through it, a provider reaches the job's store: the other jobs of
 * the store (one active job per key), the state read again and the durable
 * "about to POST" write before a paid POST.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-job-store.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_JOB_DRIVER (vitrine_job_driver_get_type ())
G_DECLARE_INTERFACE (VitrineJobDriver, vitrine_job_driver, VITRINE, JOB_DRIVER, GObject)

struct _VitrineJobDriverInterface
{
  GTypeInterface parent_iface;

  VitrineJobStore *(*get_store) (VitrineJobDriver *self);
};

/* The store of the jobs this driver drives. */
VitrineJobStore *vitrine_job_driver_get_store (VitrineJobDriver *self);

G_END_DECLS
