/* vitrine-job-driver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-job-driver.h"

G_DEFINE_INTERFACE (VitrineJobDriver, vitrine_job_driver, G_TYPE_OBJECT)

static void
vitrine_job_driver_default_init (VitrineJobDriverInterface *iface)
{
}

/**
 * vitrine_job_driver_get_store:
 *
 * Returns: (transfer none): the store of the jobs @self drives.
 */
VitrineJobStore *
vitrine_job_driver_get_store (VitrineJobDriver *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB_DRIVER (self), NULL);
  return VITRINE_JOB_DRIVER_GET_IFACE (self)->get_store (self);
}
