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

GtkWidget  *vitrine_job_row_new               (void);
VitrineJob *vitrine_job_row_get_job           (VitrineJobRow *self);
void        vitrine_job_row_set_job           (VitrineJobRow *self,
                                               VitrineJob    *job);
gboolean    vitrine_job_row_get_video_missing (VitrineJobRow *self);
void        vitrine_job_row_wake              (VitrineJobRow *self);
void        vitrine_job_row_check_video       (VitrineJobRow *self);

/* Shared with the preview and the notifications. */
char       *vitrine_job_row_format_date       (gint64         created);
char       *vitrine_job_row_format_length     (double         seconds);
double      vitrine_job_row_get_length        (VitrineJob    *job);
/* An output as the preview's switcher names it: "16:9 · Branded",
 * "9:16 · MLS unbranded", or its own label ("Video @index + 1"). */
char       *vitrine_job_row_dup_output_label  (const VitrineJobOutput *output,
                                               guint                   index);
/* The labels of a list of output labels (a GtkStringList: replaced, never
 * changed, so set once bound), shortened with "…" when @ellipsize. */
GtkListItemFactory *vitrine_job_row_new_output_label_factory (gboolean ellipsize);
/* The outputs of a job that made several, in one line ("16:9, 9:16 ·
 * branded and MLS unbranded"); NULL for one or none. */
char       *vitrine_job_row_dup_outputs_summary (VitrineJob  *job);

/* Rows made, thumbnails asked for and decoded, so far (the benchmark). */
void        vitrine_job_row_get_stats         (guint         *rows,
                                               guint         *requested,
                                               guint         *decoded);

G_END_DECLS
