/* vitrine-vikit-reply.c: Vikit's replies, after the provider's reference
 *
 * Every answer is HTTP 200: refusals and failures carry an "Error" member
 * instead of the usual fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-remote-reply.h"

/* The start of the message for an API key Vikit does not know (the reference
 * cuts the rest: "There is not such Vikit API Key registered..."). */
#define BAD_KEY_PREFIX "There is not such Vikit API Key"
#define NO_CREDITS_PREFIX "Insufficient credits"

/* {"Generation_id": …, "Result_url": …}, or {"Error": …} (with
 * "credits_remaining" and "top_up_url" when credits are short). */
static gboolean
read_start (JsonObject          *reply,
            VitrineRemoteStart  *start,
            GError             **error)
{
  const char *text = vitrine_remote_get_string (reply, "Error");

  if (json_object_has_member (reply, "Error"))
    {
      start->error = g_strdup (text != NULL ? text : "");
      if (g_str_has_prefix (start->error, BAD_KEY_PREFIX))
        start->outcome = VITRINE_REMOTE_REFUSED_KEY;
      else if (g_str_has_prefix (start->error, NO_CREDITS_PREFIX))
        start->outcome = VITRINE_REMOTE_REFUSED_CREDITS;
      else
        start->outcome = VITRINE_REMOTE_REFUSED;
      start->has_credits = vitrine_remote_get_number (reply, "credits_remaining",
                                                      &start->credits_left);
      start->top_up_url = g_strdup (vitrine_remote_get_string (reply, "top_up_url"));
      return TRUE;
    }

  if (!(text = vitrine_remote_require_string (reply, "Generation_id", error)))
    return FALSE;
  start->remote_id = g_strdup (text);
  if (!(text = vitrine_remote_require_string (reply, "Result_url", error)))
    return FALSE;
  start->poll_url = g_strdup (text);
  return TRUE;
}

/* GET Result_url: "Starting job" → SUBMITTED, "Processing_video" →
 * PROCESSING, "Completed" (with "videos") → COMPLETED, "Error" → FAILED. */
static gboolean
read_status (JsonObject           *reply,
             VitrineRemoteStatus  *status,
             GError              **error)
{
  const char *state;

  /* The reference's error table says every failure is an "Error" member,
   * a generation failure included: a status reply may carry one too. */
  if (json_object_has_member (reply, "Error"))
    {
      status->state = VITRINE_JOB_STATE_FAILED;
      status->status_text = g_strdup ("Error");
      status->error = g_strdup (vitrine_remote_get_string (reply, "Error"));
      return TRUE;
    }

  if (!(state = vitrine_remote_require_string (reply, "state", error)))
    return FALSE;
  status->status_text = g_strdup (state);
  status->progress = vitrine_remote_get_progress (reply, "progress");

  if (g_str_equal (state, "Starting job"))
    status->state = VITRINE_JOB_STATE_SUBMITTED;
  else if (g_str_equal (state, "Completed"))
    {
      /* "Only present once state is Completed", in the documented order. */
      if (!vitrine_remote_collect_urls (reply, "videos", status->videos, error))
        return FALSE;
      status->state = VITRINE_JOB_STATE_COMPLETED;
    }
  else if (g_str_equal (state, "Error"))
    {
      status->state = VITRINE_JOB_STATE_FAILED;
      status->error = g_strdup (vitrine_remote_get_string (reply, "error"));
    }
  else
    {
      /* "Processing_video", and (an assumption: the reference lists four
       * states only) any state it may add later: still running. */
      status->state = VITRINE_JOB_STATE_PROCESSING;
    }
  return TRUE;
}

/* The message of a refusal that came with a status other than 200: its
 * "Error" member. The reference says every error is an HTTP 200; a proxy
 * or a later version of the service may not keep to it. */
static char *
read_error (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;
  const char *text;

  if (!json_parser_load_from_data (parser, data, len, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  text = vitrine_remote_get_string (json_node_get_object (root), "Error");
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

const VitrineRemoteReplies vitrine_vikit_replies = { read_start, read_status, read_error };
