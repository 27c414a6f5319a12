/* vitrine-remote-reply.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vitrine-json.h"
#include "vitrine-remote-reply.h"

void
vitrine_remote_start_clear (VitrineRemoteStart *start)
{
  g_clear_pointer (&start->remote_id, g_free);
  g_clear_pointer (&start->poll_url, g_free);
  g_clear_pointer (&start->status_text, g_free);
  g_clear_pointer (&start->error, g_free);
  g_clear_pointer (&start->top_up_url, g_free);
}

void
vitrine_remote_status_init (VitrineRemoteStatus *status)
{
  memset (status, 0, sizeof *status);
  status->state = VITRINE_JOB_STATE_PROCESSING;
  status->progress = -1;
  status->videos = g_ptr_array_new_with_free_func (g_free);
}

void
vitrine_remote_status_clear (VitrineRemoteStatus *status)
{
  g_clear_pointer (&status->status_text, g_free);
  g_clear_pointer (&status->error, g_free);
  g_clear_pointer (&status->videos, g_ptr_array_unref);
  g_clear_pointer (&status->share_url, g_free);
}

void
vitrine_remote_listed_job_free (VitrineRemoteListedJob *job)
{
  g_free (job->id);
  vitrine_remote_status_clear (&job->status);
  g_free (job);
}

JsonNode *
vitrine_remote_parse_json (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  /* json-glib wants valid UTF-8 and no NUL inside: say so plainly rather
   * than let it warn. */
  if (data == NULL || length == 0 || memchr (data, '\0', length) != NULL ||
      !g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The reply is empty or not text");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The reply is not JSON: %s",
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The reply is empty");
      return NULL;
    }
  return json_node_ref (root);
}

/* @data as a JSON object, or NULL. */
static JsonObject *
parse_object (const char  *data,
              gsize        length,
              GError     **error)
{
  g_autoptr(JsonNode) root = vitrine_remote_parse_json (data, length, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The reply is not a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

gint64
vitrine_remote_parse_time (const char *text)
{
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return time != NULL ? g_date_time_to_unix (time) : 0;
}

gboolean
vitrine_remote_parse_start (const VitrineRemoteReplies  *replies,
                            const char                  *data,
                            gsize                        length,
                            VitrineRemoteStart          *start,
                            GError                     **error)
{
  g_autoptr(JsonObject) object = parse_object (data, length, error);

  memset (start, 0, sizeof *start);
  start->outcome = VITRINE_REMOTE_STARTED;
  if (object == NULL)
    return FALSE;
  if (replies->read_start (object, start, error))
    return TRUE;
  vitrine_remote_start_clear (start);
  return FALSE;
}

gboolean
vitrine_remote_parse_status (const VitrineRemoteReplies  *replies,
                             const char                  *data,
                             gsize                        length,
                             VitrineRemoteStatus         *status,
                             GError                     **error)
{
  g_autoptr(JsonObject) object = parse_object (data, length, error);

  return object != NULL && vitrine_remote_read_status (replies, object, status, error);
}

gboolean
vitrine_remote_read_status (const VitrineRemoteReplies  *replies,
                            JsonObject                  *reply,
                            VitrineRemoteStatus         *status,
                            GError                     **error)
{
  if (replies->status_words != NULL &&
      !vitrine_remote_read_status_words (reply, replies->status_words, replies->video_member,
                                         status, error))
    return FALSE;
  return replies->read_status == NULL || replies->read_status (reply, status, error);
}

/* The shared getters (vitrine-json.h), under the names the readers use. */
const char *
vitrine_remote_get_string (JsonObject *object,
                           const char *member)
{
  return vitrine_json_get_string (object, member);
}

gboolean
vitrine_remote_get_number (JsonObject *object,
                           const char *member,
                           double     *value)
{
  return vitrine_json_get_number (object, member, value);
}

const char *
vitrine_remote_require_string (JsonObject  *object,
                               const char  *member,
                               GError     **error)
{
  const char *value = vitrine_remote_get_string (object, member);

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The reply has no “%s”", member);
      return NULL;
    }
  return value;
}

int
vitrine_remote_get_progress (JsonObject *object,
                             const char *member)
{
  double value;

  if (!vitrine_remote_get_number (object, member, &value))
    return -1;
  return (int) CLAMP (value, 0.0, 100.0);
}

VitrineJobState
vitrine_remote_word_to_state (const VitrineRemoteWord *words,
                              const char              *word)
{
  for (guint i = 0; word != NULL && words[i].word != NULL; i++)
    {
      if (g_str_equal (word, words[i].word))
        return words[i].state;
    }
  return VITRINE_JOB_STATE_PROCESSING;
}

gboolean
vitrine_remote_read_status_words (JsonObject              *reply,
                                  const VitrineRemoteWord *words,
                                  const char              *video_member,
                                  VitrineRemoteStatus     *status,
                                  GError                 **error)
{
  const char *text = vitrine_remote_require_string (reply, "status", error);
  VitrineJobState state;
  const char *video;

  if (text == NULL)
    return FALSE;
  state = vitrine_remote_word_to_state (words, text);
  /* A "done" without its video is an unreadable reply, not a finished job. */
  if (state == VITRINE_JOB_STATE_COMPLETED)
    {
      if (!(video = vitrine_remote_require_string (reply, video_member, error)))
        return FALSE;
      g_ptr_array_add (status->videos, g_strdup (video));
    }
  status->state = state;
  status->status_text = g_strdup (text);
  status->progress = vitrine_remote_get_progress (reply, "progress");
  return TRUE;
}

gboolean
vitrine_remote_collect_urls (JsonObject  *object,
                             const char  *member,
                             GPtrArray   *out,
                             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  guint n = array != NULL ? json_array_get_length (array) : 0;
  guint found = 0;

  for (guint i = 0; i < n; i++)
    {
      node = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0')
        {
          /* A null or malformed entry is skipped, its place kept (NULL) so
           * that the others keep their labels; never a failed job. */
          g_debug ("Element %u of “%s” is not an address: skipped", i, member);
          g_ptr_array_add (out, NULL);
          continue;
        }
      g_ptr_array_add (out, g_strdup (json_node_get_string (node)));
      found++;
    }
  if (found == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The reply lists no “%s”", member);
      return FALSE;
    }
  return TRUE;
}
