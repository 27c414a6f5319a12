/* vitrine-vidgen-reply.c: VidGen's replies, after the provider's reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-remote-reply.h"

/* POST /api/jobs: {"message": "Job created", "jobId"}. Refusals come as
 * 4xx with {"error"} (the HTTP layer's business). */
static gboolean
read_start (JsonObject          *reply,
            VitrineRemoteStart  *start,
            GError             **error)
{
  const char *id = vitrine_remote_require_string (reply, "jobId", error);

  if (id == NULL)
    return FALSE;
  start->remote_id = g_strdup (id);
  start->status_text = g_strdup ("PENDING");
  return TRUE;
}

/* GET /api/status/{jobId}, and each job of GET /api/jobs: PENDING →
 * SUBMITTED, PROCESSING (progress) → PROCESSING, COMPLETED (outputVideo;
 * outputShareLink kept) → COMPLETED, FAILED (errorMessage) → FAILED,
 * CANCELLED → CANCELLED. */
static gboolean
read_status (JsonObject           *reply,
             VitrineRemoteStatus  *status,
             GError              **error)
{
  status->share_url = g_strdup (vitrine_remote_get_string (reply, "outputShareLink"));
  if (status->state == VITRINE_JOB_STATE_FAILED)
    status->error = g_strdup (vitrine_remote_get_string (reply, "errorMessage"));
  return TRUE;
}

/* PROCESSING, and any status added later: still running. */
static const VitrineRemoteWord status_words[] = {
  { "PENDING", VITRINE_JOB_STATE_SUBMITTED },
  { "COMPLETED", VITRINE_JOB_STATE_COMPLETED },
  { "FAILED", VITRINE_JOB_STATE_FAILED },
  { "CANCELLED", VITRINE_JOB_STATE_CANCELLED },
  { NULL }
};

const VitrineRemoteReplies vitrine_vidgen_replies = {
  .read_start = read_start, .read_status = read_status,
  .status_words = status_words, .video_member = "outputVideo",
};

/* {"jobs": [{"id", "status", …, "createdAt"}], "pagination": {"limit",
 * "nextCursor", "hasNextPage"}}. A job that cannot be read is left out. */
gboolean
vitrine_vidgen_parse_page (const char  *data,
                           gsize        length,
                           GPtrArray   *jobs,
                           char       **next_cursor,
                           GError     **error)
{
  g_autoptr(JsonNode) root = vitrine_remote_parse_json (data, length, error);
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  JsonObject *pagination = NULL;
  const char *cursor;

  *next_cursor = NULL;
  if (root == NULL)
    return FALSE;
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  node = object != NULL ? json_object_get_member (object, "jobs") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The reply has no “jobs”");
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      VitrineRemoteListedJob *job;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !(id = vitrine_remote_get_string (json_node_get_object (element), "id")) || *id == '\0')
        continue;
      job = g_new0 (VitrineRemoteListedJob, 1);
      vitrine_remote_status_init (&job->status);
      if (!vitrine_remote_read_status (&vitrine_vidgen_replies, json_node_get_object (element),
                                       &job->status, NULL))
        {
          vitrine_remote_listed_job_free (job);
          continue;
        }
      job->id = g_strdup (id);
      job->created = vitrine_remote_parse_time (
        vitrine_remote_get_string (json_node_get_object (element), "createdAt"));
      job->updated = vitrine_remote_parse_time (
        vitrine_remote_get_string (json_node_get_object (element), "updatedAt"));
      g_ptr_array_add (jobs, job);
    }

  node = json_object_get_member (object, "pagination");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    pagination = json_node_get_object (node);
  cursor = pagination != NULL ? vitrine_remote_get_string (pagination, "nextCursor") : NULL;
  node = pagination != NULL ? json_object_get_member (pagination, "hasNextPage") : NULL;
  /* The last page says so; a cursor alone is not enough to go on. */
  if (cursor != NULL && *cursor != '\0' && node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node))
    *next_cursor = g_strdup (cursor);
  return TRUE;
}
