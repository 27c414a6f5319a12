/* vitrine-job-row.h: one job in the status list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vitrine-job.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_JOB_ROW (vitrine_job_row_get_type ())
G_DECLARE_FINAL_TYPE (VitrineJobRow, vitrine_job_row, VITRINE, JOB_ROW, GtkWidget)

GtkWidget  *vitrine_job_row_new     (void);
VitrineJob *vitrine_job_row_get_job (VitrineJobRow *self);
void        vitrine_job_row_set_job (VitrineJobRow *self,
                                     VitrineJob    *job);

G_END_DECLS
