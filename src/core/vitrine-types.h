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

/* How a photo whose orientation differs from the video's is shown: the
 * motion travels along its long axis, or the whole photo sits on a
 * blurred copy of itself. */
typedef enum {
  VITRINE_FIT_PAN,
  VITRINE_FIT_BLUR,
} VitrineFit;

/* Branded: the agent's end card; unbranded (MLS): no agent, no link. */
typedef enum {
  VITRINE_VARIANT_BRANDED,
  VITRINE_VARIANT_UNBRANDED,
} VitrineVariant;

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

/* "16x9": the ratio in a file name. */
const char  *vitrine_ratio_to_tag            (VitrineRatio    ratio);
/* "16:9,1:1" (any order, no repeats) to flags; FALSE on an unknown ratio. */
gboolean     vitrine_ratio_flags_from_string (const char     *str,
                                              VitrineRatioFlags *flags);
/* The ratios of @flags in output order (16:9, 9:16, 1:1); returns how many. */
guint        vitrine_ratio_flags_list        (VitrineRatioFlags flags,
                                              VitrineRatio    ratios[3]);

const char  *vitrine_fit_to_string           (VitrineFit      fit);
gboolean     vitrine_fit_from_string         (const char     *str,
                                              VitrineFit     *fit);
const char  *vitrine_variant_to_string       (VitrineVariant  variant);
gboolean     vitrine_variant_from_string     (const char     *str,
                                              VitrineVariant *variant);

char        *vitrine_default_output_dir      (void);
char        *vitrine_dup_display_folder      (const char     *folder);

/* Whether @value is an http(s) address rather than a local path. */
gboolean     vitrine_is_web_url              (const char     *value);

G_END_DECLS
