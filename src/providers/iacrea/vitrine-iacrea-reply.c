/* vitrine-iacrea-reply.c: IACrea's replies, after the provider's reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-remote-reply.h"

/* "creditsTotal" (what remains, says the reference) and "creditsUsed" come
 * with the POST's answer, GENERATING_VIDEO and DONE. */
static gboolean
read_credits (JsonObject *reply,
              double     *left,
              double     *used)
{
  if (!vitrine_remote_get_number (reply, "creditsUsed", used))
    *used = 0;
  return vitrine_remote_get_number (reply, "creditsTotal", left);
}

/* 201: {"id", "status", "generatedContent", "analysis", "creditsTotal",
 * "creditsUsed"}. Errors come as 4xx (the HTTP layer's business). */
static gboolean
read_start (JsonObject          *reply,
            VitrineRemoteStart  *start,
            GError             **error)
{
  JsonNode *id = json_object_get_member (reply, "id");

  /* The reference types "id" as a string; a number is taken too (the same
   * id written otherwise), anything else is unreadable. */
  if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
    start->remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
  else if (vitrine_remote_require_string (reply, "id", error) != NULL)
    start->remote_id = g_strdup (json_node_get_string (id));
  else
    return FALSE;
  start->status_text = g_strdup (vitrine_remote_get_string (reply, "status"));
  start->has_credits = read_credits (reply, &start->credits_left, &start->credits_used);
  return TRUE;
}

/* GET …/auto/{id}: PENDING → SUBMITTED, GENERATING_VIDEO,
 * START_RENDERING_VIDEO and RENDERING_VIDEO → PROCESSING, DONE (with "url")
 * → COMPLETED, ERROR → FAILED. */
static gboolean
read_status (JsonObject           *reply,
             VitrineRemoteStatus  *status,
             GError              **error)
{
  status->has_credits = read_credits (reply, &status->credits_left, &status->credits_used);
  if (status->state == VITRINE_JOB_STATE_FAILED)
    {
      /* The reference names no field for the reason of an ERROR: an
       * assumption, "error" or else "message" when the server sends one. */
      const char *reason = vitrine_remote_get_string (reply, "error");

      status->error = g_strdup (reason != NULL ? reason : vitrine_remote_get_string (reply, "message"));
    }
  return TRUE;
}

/* PENDING is also what comes back while the server re-generates sequences
 * that failed (after GENERATING_VIDEO): the job is never moved back from
 * PROCESSING, polling just goes on. GENERATING_VIDEO, START_RENDERING_VIDEO
 * (progress 0), RENDERING_VIDEO (progress as given) and any status added
 * later mean still running. */
static const VitrineRemoteWord status_words[] = {
  { "PENDING", VITRINE_JOB_STATE_SUBMITTED },
  { "DONE", VITRINE_JOB_STATE_COMPLETED },
  { "ERROR", VITRINE_JOB_STATE_FAILED },
  { NULL }
};

const VitrineRemoteReplies vitrine_iacrea_replies = {
  .read_start = read_start, .read_status = read_status,
  .status_words = status_words, .video_member = "url",
};
