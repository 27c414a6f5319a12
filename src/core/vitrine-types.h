/* vitrine-types.h: the enums every layer shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VitrineJobState:
 * The unified state of a job, whatever the provider (DESIGN.md, "The job").
 */
typedef enum {
  VITRINE_JOB_STATE_QUEUED,
  VITRINE_JOB_STATE_PREPARING,
  VITRINE_JOB_STATE_UPLOADING,
  VITRINE_JOB_STATE_SUBMITTED,
  VITRINE_JOB_STATE_PROCESSING,
  VITRINE_JOB_STATE_DOWNLOADING,
  VITRINE_JOB_STATE_COMPLETED,
  VITRINE_JOB_STATE_FAILED,
  VITRINE_JOB_STATE_CANCELLED,
  VITRINE_JOB_STATE_INTERRUPTED,
} VitrineJobState;

typedef enum {
  VITRINE_RATIO_16_9,
  VITRINE_RATIO_9_16,
  VITRINE_RATIO_1_1,
} VitrineRatio;

typedef enum /*< flags >*/ {
  VITRINE_RATIO_FLAG_16_9 = 1 << VITRINE_RATIO_16_9,
  VITRINE_RATIO_FLAG_9_16 = 1 << VITRINE_RATIO_9_16,
  VITRINE_RATIO_FLAG_1_1  = 1 << VITRINE_RATIO_1_1,
} VitrineRatioFlags;

gboolean     vitrine_job_state_is_finished   (VitrineJobState state);
/* COMPLETED, FAILED, CANCELLED: only an explicit Retry or Follow Again
 * leaves them (vitrine_job_reopen()). INTERRUPTED is finished, not final. */
gboolean     vitrine_job_state_is_final      (VitrineJobState state);
const char  *vitrine_job_state_to_string     (VitrineJobState state);
gboolean     vitrine_job_state_from_string   (const char     *str,
                                              VitrineJobState *state);
const char  *vitrine_job_state_get_label     (VitrineJobState state);

const char  *vitrine_ratio_to_string         (VitrineRatio    ratio);
gboolean     vitrine_ratio_from_string       (const char     *str,
                                              VitrineRatio   *ratio);
void         vitrine_ratio_get_size          (VitrineRatio    ratio,
                                              guint          *width,
                                              guint          *height);

char        *vitrine_default_output_dir      (void);

G_END_DECLS
