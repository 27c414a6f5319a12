/* vitrine-aixpose-reply.c: AIXpose's replies, after the provider's reference
 *
 * The reference shows the requests and reads only "id" from their answers
 * (project.id, picture.id); a picture object (in its webhook example) has
 * "id", "project_id", "status" and "public_url". It says nothing of the
 * video object, the catalogues or the balance. Assumptions, made once here:
 * - a video is {"id", "project_id", "status", "progress"?, "public_url"?,
 *   "error"?: {"message"}}, with the statuses of a picture: "queued",
 *   "processing", "completed", "failed";
 * - an enhancement request answers with the new pictures: an array of
 *   picture objects, or an object listing them under "data", "pictures" or
 *   "variants" (or one picture object);
 * - GET /v1/projects/{id}/pictures lists picture objects the same way
 *   (under "data", "pictures" or "items"), each with its "status";
 * - a catalogue is an array, or an object with it under "data", "items",
 *   "actions" or "aspect_ratios"; an entry is a string or an object named by
 *   "id" (else "key", "value", "slug" or "name");
 * - the balance is a number under "balance" (else "credits", "available" or
 *   "remaining"), at the top or under "data".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-remote-reply.h"

static const char *
read_video_id (JsonObject  *reply,
               GError     **error)
{
  return vitrine_remote_require_string (reply, "id", error);
}

/* POST /v1/videos: the video object. Refusals come as 4xx with {"error":
 * {"code", "message"}} (the HTTP layer's business). */
static gboolean
read_start (JsonObject          *reply,
            VitrineRemoteStart  *start,
            GError             **error)
{
  const char *id = read_video_id (reply, error);

  if (id == NULL)
    return FALSE;
  start->remote_id = g_strdup (id);
  start->status_text = g_strdup (vitrine_remote_get_string (reply, "status"));
  return TRUE;
}

/* A failed video's or picture's reason: "error" as {"message"} or a
 * string; NULL when it gives none. */
static char *
read_failure (JsonObject *reply)
{
  JsonNode *failure = json_object_get_member (reply, "error");

  if (failure != NULL && JSON_NODE_HOLDS_OBJECT (failure))
    return g_strdup (vitrine_remote_get_string (json_node_get_object (failure), "message"));
  return g_strdup (vitrine_remote_get_string (reply, "error"));
}

/* A video's or a picture's "status": "processing", and any status added
 * later, still running. */
static const VitrineRemoteWord status_words[] = {
  { "queued", VITRINE_JOB_STATE_SUBMITTED },
  { "completed", VITRINE_JOB_STATE_COMPLETED },
  { "failed", VITRINE_JOB_STATE_FAILED },
  { NULL }
};

/* GET /v1/videos/{id}: queued → SUBMITTED, processing → PROCESSING,
 * completed (with public_url) → COMPLETED, failed → FAILED. */
static gboolean
read_status (JsonObject           *reply,
             VitrineRemoteStatus  *status,
             GError              **error)
{
  if (status->state == VITRINE_JOB_STATE_FAILED)
    status->error = read_failure (reply);
  return TRUE;
}

const VitrineRemoteReplies vitrine_aixpose_replies = {
  .read_start = read_start, .read_status = read_status,
  .status_words = status_words, .video_member = "public_url",
};

static JsonObject *
as_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

char *
vitrine_aixpose_parse_id (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(JsonNode) root = vitrine_remote_parse_json (data, length, error);
  JsonObject *object;
  const char *id;

  if (root == NULL)
    return NULL;
  if (!(object = as_object (root)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The reply is not a JSON object");
      return NULL;
    }
  id = vitrine_remote_require_string (object, "id", error);
  return g_strdup (id);
}

/* The array at @root, or under one of @members of the object at @root (or
 * of its "data" object). */
static JsonArray *
find_array (JsonNode           *root,
            const char * const *members)
{
  JsonObject *object = as_object (root);
  JsonObject *data;

  if (JSON_NODE_HOLDS_ARRAY (root))
    return json_node_get_array (root);
  for (guint pass = 0; pass < 2 && object != NULL; pass++)
    {
      for (guint i = 0; members[i] != NULL; i++)
        {
          JsonNode *node = json_object_get_member (object, members[i]);

          if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
            return json_node_get_array (node);
        }
      data = as_object (json_object_get_member (object, "data"));
      object = data;
    }
  return NULL;
}

/* The list in the reply @data (as find_array finds it under @members), or
 * NULL and G_IO_ERROR_INVALID_DATA saying it lists no @what. *@root keeps
 * the parsed reply, which holds the list. */
static JsonArray *
parse_list (const char          *data,
            gsize                length,
            const char * const  *members,
            const char          *what,
            JsonNode           **root,
            GError             **error)
{
  JsonArray *array;

  if (!(*root = vitrine_remote_parse_json (data, length, error)))
    return NULL;
  if (!(array = find_array (*root, members)))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The reply lists no %s", what);
  return array;
}

char *
vitrine_aixpose_parse_variant (const char  *data,
                               gsize        length,
                               GError     **error)
{
  static const char * const members[] = { "data", "pictures", "variants", NULL };
  g_autoptr(JsonNode) root = vitrine_remote_parse_json (data, length, error);
  JsonArray *array;

  if (root == NULL)
    return NULL;
  array = find_array (root, members);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *picture = as_object (json_array_get_element (array, i));
      const char *id = picture != NULL ? vitrine_remote_get_string (picture, "id") : NULL;

      if (id != NULL && *id != '\0')
        return g_strdup (id);
    }
  if (array == NULL && as_object (root) != NULL)
    {
      const char *id = vitrine_remote_get_string (as_object (root), "id");

      if (id != NULL && *id != '\0')
        return g_strdup (id);
    }
  return NULL;
}

/* GET /v1/projects/{id}/pictures: a list of picture objects (as
 * find_array finds it) whose "status" is that of a video; "failed" with an
 * "error" as a video's. Entries without an id are skipped. */
gboolean
vitrine_aixpose_parse_pictures (const char  *data,
                                gsize        length,
                                GPtrArray   *pictures,
                                GError     **error)
{
  static const char * const members[] = { "data", "pictures", "items", NULL };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  if (!(array = parse_list (data, length, members, "pictures", &root, error)))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = as_object (json_array_get_element (array, i));
      const char *id = object != NULL ? vitrine_remote_get_string (object, "id") : NULL;
      const char *status = object != NULL ? vitrine_remote_get_string (object, "status") : NULL;
      VitrineRemoteListedJob *picture;

      if (id == NULL || *id == '\0')
        continue;
      picture = g_new0 (VitrineRemoteListedJob, 1);
      picture->id = g_strdup (id);
      vitrine_remote_status_init (&picture->status);
      picture->status.state = vitrine_remote_word_to_state (status_words, status);
      picture->status.status_text = g_strdup (status);
      if (picture->status.state == VITRINE_JOB_STATE_FAILED)
        picture->status.error = read_failure (object);
      g_ptr_array_add (pictures, picture);
    }
  return TRUE;
}

GStrv
vitrine_aixpose_parse_catalog (const char  *data,
                               gsize        length,
                               GHashTable  *labels,
                               GError     **error)
{
  static const char * const members[] = { "data", "items", "actions", "aspect_ratios", NULL };
  static const char * const names[] = { "id", "key", "value", "slug", "name", NULL };
  /* what a person reads: the reference is silent; the usual words */
  static const char * const label_names[] = { "name", "label", "title", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (!(array = parse_list (data, length, members, "catalogue entries", &root, error)))
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      JsonObject *object = as_object (entry);
      const char *id = NULL;

      if (JSON_NODE_HOLDS_VALUE (entry) && json_node_get_value_type (entry) == G_TYPE_STRING)
        id = json_node_get_string (entry);
      for (guint j = 0; object != NULL && id == NULL && names[j] != NULL; j++)
        id = vitrine_remote_get_string (object, names[j]);
      if (id == NULL || *id == '\0')
        continue;
      g_strv_builder_add (builder, id);
      for (guint j = 0; object != NULL && labels != NULL && label_names[j] != NULL; j++)
        {
          const char *label = vitrine_remote_get_string (object, label_names[j]);

          if (label != NULL && *label != '\0')
            {
              g_hash_table_replace (labels, g_strdup (id), g_strdup (label));
              break;
            }
        }
    }
  return g_strv_builder_end (builder);
}

gboolean
vitrine_aixpose_parse_balance (const char  *data,
                               gsize        length,
                               double      *balance,
                               GError     **error)
{
  static const char * const names[] = { "balance", "credits", "available", "remaining", NULL };
  g_autoptr(JsonNode) root = vitrine_remote_parse_json (data, length, error);
  JsonObject *object;

  if (root == NULL)
    return FALSE;
  object = as_object (root);
  for (guint pass = 0; pass < 2 && object != NULL; pass++)
    {
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (vitrine_remote_get_number (object, names[i], balance))
            return TRUE;
        }
      object = as_object (json_object_get_member (object, "data"));
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The reply gives no balance");
  return FALSE;
}
