/* vitrine-job-json.h: jobs as JSON (vitrine-cli --json, and the store's columns)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vitrine-job.h"

G_BEGIN_DECLS

/* The job object of the README ("JSON for scripts"): id, provider, group, name,
 * state, progress, status_text, error, outputs [{label, url, path}],
 * remote_id, created, updated (ISO 8601). */
JsonNode *vitrine_job_to_json          (VitrineJob  *job);

/* The inputs of a job (photos, music, ratio, options…), and back. */
JsonNode *vitrine_job_inputs_to_json   (VitrineJob  *job);
void      vitrine_job_inputs_from_json (VitrineJob  *job,
                                        JsonNode    *node);

JsonNode *vitrine_job_outputs_to_json  (VitrineJob  *job);
void      vitrine_job_outputs_from_json (VitrineJob *job,
                                        JsonNode    *node);

char     *vitrine_json_to_string       (JsonNode    *node,
                                        gboolean     pretty);
char     *vitrine_time_to_iso8601      (gint64       unix_seconds);

G_END_DECLS
