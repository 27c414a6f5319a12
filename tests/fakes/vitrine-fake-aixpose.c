/* vitrine-fake-aixpose.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-fake-aixpose.h"

static const char * const catalog_actions[] = {
  "interior-style-japandi", "interior-decoration-medium", "exterior-sky-blue", NULL
};

/* A creation's answer, and the request it answered (a replay must be the
 * same bytes). */
typedef struct {
  char   *path;
  guint   status;
  char   *body;
  char   *request_type;
  GBytes *request_body;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->path);
  g_free (answer->body);
  g_free (answer->request_type);
  g_bytes_unref (answer->request_body);
  g_free (answer);
}

/* A picture: uploaded (completed at once), or an enhanced variant, made in
 * the background. */
typedef struct {
  char     *project;
  gboolean  enhanced;
  gboolean  failed;
  guint     listed;    /* the listings that showed it */
} Picture;

static void
picture_free (Picture *picture)
{
  g_free (picture->project);
  g_free (picture);
}

/* The id in @path between @prefix and @suffix ("/v1/projects/", "/pictures"),
 * or NULL. libsoup hands the path decoded: an id with a '/' still reads
 * whole, and one with a '?' only when it was escaped (else the '?' starts
 * the query). */
static char *
path_id (const char *path,
         const char *prefix,
         const char *suffix)
{
  gsize len = strlen (path);

  if (!g_str_has_prefix (path, prefix) || !g_str_has_suffix (path, suffix) ||
      len <= strlen (prefix) + strlen (suffix))
    return NULL;
  return g_strndup (path + strlen (prefix), len - strlen (prefix) - strlen (suffix));
}

/* An id of @kind ("prj"…), with a '/' and a '?' in it when asked. */
static char *
make_id (VitrineFakeAixpose *self,
         const char         *kind,
         guint               n)
{
  if (self->odd_ids)
    return g_strdup_printf ("%s/%u?v=1", kind, n);
  return g_strdup_printf ("%s_%u", kind, n);
}

static const char *
request_type (SoupServerMessage *msg)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                       "Content-Type");
}

static GBytes *
request_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autofree char *body = g_strdup_printf ("{\"error\": {\"code\": \"%s\", \"message\": \"%s\"}}",
                                           code, message);

  vitrine_fake_reply_json (msg, status, body);
}

static const char *
header (SoupServerMessage *msg,
        const char        *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg), name);
}

static gboolean
key_ok (VitrineFakeAixpose *self,
        SoupServerMessage  *msg)
{
  const char *auth = header (msg, "Authorization");
  const char *key = auth != NULL && g_str_has_prefix (auth, "Bearer ") ? auth + 7 : NULL;

  g_free (self->server->last_key);
  self->server->last_key = g_strdup (key);
  if (g_strcmp0 (key, self->server->api_key) == 0)
    return TRUE;
  reply_error (msg, 401, "unauthorized", "Invalid API key");
  return FALSE;
}

/* Answers a creation: kept for replays under its key, and (lose_answers)
 * lost on the way back. */
static void
answer (VitrineFakeAixpose *self,
        SoupServerMessage  *msg,
        const char         *kind,
        guint               status,
        const char         *body)
{
  /* A message paused for a fetch cannot lose its connection here. */
  gboolean paused = g_object_get_data (G_OBJECT (msg), "fetching") != NULL;
  const char *key = header (msg, "Idempotency-Key");
  Answer *kept = g_new0 (Answer, 1);

  kept->path = g_strdup (g_uri_get_path (soup_server_message_get_uri (msg)));
  kept->status = status;
  kept->body = g_strdup (body);
  kept->request_type = g_strdup (request_type (msg));
  kept->request_body = request_body (msg);
  g_hash_table_insert (self->answers, g_strdup (key), kept);
  if (self->after_create != NULL)
    self->after_create (self, kind, self->after_create_data);
  if (self->lose_answers > 0 && !paused)
    {
      self->lose_answers--;
      vitrine_fake_reset_connection (msg);
      return;
    }
  vitrine_fake_reply_json (msg, status, body);
}

static JsonObject *
json_body (VitrineFakeAixpose *self,
           SoupServerMessage  *msg,
           JsonNode          **root)
{
  if (!vitrine_fake_request_is_json (msg) || !(*root = vitrine_fake_request_json (msg)) ||
      !JSON_NODE_HOLDS_OBJECT (*root))
    {
      reply_error (msg, 400, "invalid_body", "Expected a JSON object");
      return NULL;
    }
  vitrine_fake_server_keep_request (self->server, *root, self->server->last_key);
  return json_node_get_object (*root);
}

static void
create_project (VitrineFakeAixpose *self,
                SoupServerMessage  *msg)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = json_body (self, msg, &root);
  g_autofree char *reply = NULL;
  g_autofree char *id = NULL;
  static const char * const outputs[] = { "picture", "video", NULL };

  if (body == NULL)
    return;
  if (vitrine_remote_get_string (body, "name") == NULL)
    {
      reply_error (msg, 400, "invalid_request", "name is required");
      return;
    }
  if (!g_strv_contains (outputs, vitrine_remote_get_string (body, "output") ?: ""))
    {
      reply_error (msg, 400, "invalid_request", "output must be picture or video");
      return;
    }
  self->projects++;
  g_free (self->project_name);
  self->project_name = g_strdup (vitrine_remote_get_string (body, "name"));
  id = make_id (self, "prj", self->projects);
  g_hash_table_insert (self->server->jobs, g_strdup (id), GUINT_TO_POINTER (0));
  reply = g_strdup_printf ("{\"id\": \"%s\", \"name\": \"%s\", \"status\": \"active\"}",
                           id, vitrine_remote_get_string (body, "name"));
  answer (self, msg, "project", 201, reply);
}

static void
picture_made (VitrineFakeAixpose *self,
              SoupServerMessage  *msg,
              const char         *project)
{
  g_autofree char *id = make_id (self, "pic", ++self->pictures + self->enhancements);
  g_autofree char *reply = g_strdup_printf ("{\"id\": \"%s\", \"project_id\": \"%s\", "
                                            "\"status\": \"completed\", \"version\": 1}",
                                            id, project);
  Picture *picture = g_new0 (Picture, 1);

  picture->project = g_strdup (project);
  g_hash_table_insert (self->pictures_of, g_strdup (id), picture);
  answer (self, msg, "picture", 201, reply);
}

typedef struct {
  VitrineFakeAixpose *self;
  char               *project;
} Fetched;

static void
source_fetched_cb (SoupServerMessage *msg,
                   const char        *failed_url,
                   gpointer           user_data)
{
  Fetched *fetched = user_data;

  if (failed_url != NULL)
    reply_error (msg, 422, "source_unreachable", "The source URL could not be fetched");
  else
    picture_made (fetched->self, msg, fetched->project);
  g_free (fetched->project);
  g_free (fetched);
}

static void
create_picture (VitrineFakeAixpose *self,
                SoupServerMessage  *msg,
                const char         *project)
{
  static const char * const types[] = { "image/jpeg", "image/png", "image/webp", NULL };
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (msg), NULL);

  if (!g_hash_table_contains (self->server->jobs, project))
    {
      reply_error (msg, 404, "not_found", "Project not found");
      return;
    }
  if (g_strcmp0 (type, "multipart/form-data") == 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autoptr(SoupMultipart) form =
        soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), bytes);

      for (int i = 0; form != NULL && i < soup_multipart_get_length (form); i++)
        {
          SoupMessageHeaders *part_headers;
          GBytes *part;
          g_autoptr(GHashTable) params = NULL;

          if (!soup_multipart_get_part (form, i, &part_headers, &part) ||
              !soup_message_headers_get_content_disposition (part_headers, NULL, &params) ||
              g_strcmp0 (g_hash_table_lookup (params, "name"), "file") != 0)
            continue;
          if (!g_strv_contains (types, soup_message_headers_get_content_type (part_headers, NULL) ?: ""))
            {
              reply_error (msg, 415, "unsupported_media_type", "The file must be JPEG, PNG or WebP");
              return;
            }
          if (g_bytes_get_size (part) < 4 || memcmp (g_bytes_get_data (part, NULL), "\xff\xd8\xff", 3) != 0)
            {
              reply_error (msg, 400, "invalid_image", "The file is not the image it claims to be");
              return;
            }
          self->uploads++;
          picture_made (self, msg, project);
          return;
        }
      reply_error (msg, 400, "invalid_request", "A file part is required");
      return;
    }
  else
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *body = json_body (self, msg, &root);
      JsonNode *source = vitrine_fake_json_member (root, "source");
      const char *url;
      g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
      Fetched *fetched;

      if (body == NULL)
        return;
      if (source == NULL || !JSON_NODE_HOLDS_OBJECT (source) ||
          g_strcmp0 (vitrine_remote_get_string (json_node_get_object (source), "type"), "url") != 0 ||
          !(url = vitrine_remote_get_string (json_node_get_object (source), "url")))
        {
          reply_error (msg, 400, "invalid_request", "source.type must be url, with source.url");
          return;
        }
      g_ptr_array_add (urls, g_strdup (url));
      fetched = g_new0 (Fetched, 1);
      fetched->self = self;
      fetched->project = g_strdup (project);
      g_object_set_data (G_OBJECT (msg), "fetching", GINT_TO_POINTER (1));
      vitrine_fake_server_fetch (self->server, msg, urls, source_fetched_cb, fetched);
    }
}

static void
create_enhancement (VitrineFakeAixpose *self,
                    SoupServerMessage  *msg,
                    const char         *picture)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = json_body (self, msg, &root);
  JsonNode *instruction;
  JsonNode *actions;
  Picture *source = g_hash_table_lookup (self->pictures_of, picture);
  Picture *made;
  g_autofree char *id = NULL;
  g_autofree char *reply = NULL;

  if (body == NULL)
    return;
  if (source == NULL)
    {
      reply_error (msg, 404, "not_found", "Picture not found");
      return;
    }
  instruction = vitrine_fake_json_member (root, "instruction");
  actions = vitrine_fake_json_member (instruction, "actions");
  if (instruction == NULL ||
      g_strcmp0 (vitrine_remote_get_string (json_node_get_object (instruction), "source"), "preset") != 0 ||
      actions == NULL || !JSON_NODE_HOLDS_ARRAY (actions) ||
      json_array_get_length (json_node_get_array (actions)) == 0)
    {
      reply_error (msg, 400, "invalid_instruction", "instruction.source must be preset, with actions");
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (actions)); i++)
    {
      const char *action = json_array_get_string_element (json_node_get_array (actions), i);

      if (action == NULL || !g_strv_contains (catalog_actions, action))
        {
          reply_error (msg, 400, "invalid_action", "Unknown action");
          return;
        }
    }
  self->enhancements++;
  id = make_id (self, "pic", self->pictures + self->enhancements);
  made = g_new0 (Picture, 1);
  made->project = g_strdup (source->project);
  made->enhanced = TRUE;
  made->failed = self->fail_enhancement == self->enhancements;
  g_hash_table_insert (self->pictures_of, g_strdup (id), made);
  reply = g_strdup_printf ("[{\"id\": \"%s\", \"project_id\": \"%s\", \"status\": \"processing\", "
                           "\"version\": 1, \"subversion\": 1}]", id, source->project);
  answer (self, msg, "enhancement", 201, reply);
}

static void
create_video (VitrineFakeAixpose *self,
              SoupServerMessage  *msg)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = json_body (self, msg, &root);
  const char *project;
  JsonNode *ids;
  g_autofree char *id = NULL;
  g_autofree char *reply = NULL;

  if (body == NULL)
    return;
  project = vitrine_remote_get_string (body, "project_id");
  ids = vitrine_fake_json_member (root, "picture_ids");
  if (project == NULL || !g_hash_table_contains (self->server->jobs, project))
    {
      reply_error (msg, 404, "not_found", "Project not found");
      return;
    }
  if (ids == NULL || !JSON_NODE_HOLDS_ARRAY (ids) || json_array_get_length (json_node_get_array (ids)) == 0)
    {
      reply_error (msg, 400, "invalid_request", "picture_ids is required");
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (ids)); i++)
    {
      const char *picture_id = json_array_get_string_element (json_node_get_array (ids), i);
      Picture *picture = picture_id != NULL ? g_hash_table_lookup (self->pictures_of, picture_id)
                                            : NULL;

      if (picture == NULL || g_strcmp0 (picture->project, project) != 0)
        {
          reply_error (msg, 400, "invalid_request", "A picture is not in the project");
          return;
        }
      if (picture->enhanced && (picture->failed || picture->listed <= self->enhance_polls))
        {
          /* Still being made, or failed: the reel cannot use it. */
          reply_error (msg, 422, "picture_not_ready", "A picture is not completed");
          return;
        }
    }
  id = make_id (self, "vid", ++self->videos);
  g_hash_table_insert (self->server->jobs, g_strdup (id), GUINT_TO_POINTER (0));
  reply = g_strdup_printf ("{\"id\": \"%s\", \"project_id\": \"%s\", \"status\": \"queued\"}",
                           id, project);
  answer (self, msg, "video", 201, reply);
}

static void
post_route (VitrineFakeAixpose *self,
            SoupServerMessage  *msg,
            const char         *path)
{
  const char *key = header (msg, "Idempotency-Key");
  Answer *kept;
  g_autofree char *project = path_id (path, "/v1/projects/", "/pictures");
  g_autofree char *picture = path_id (path, "/v1/pictures/", "/enhancements");

  if (vitrine_fake_server_fault (self->server, VITRINE_FAKE_ON_POST, msg) || !key_ok (self, msg))
    return;
  if (key == NULL || *key == '\0')
    {
      reply_error (msg, 400, "idempotency_key_required", "Idempotency-Key header is required");
      return;
    }
  g_ptr_array_add (self->keys, g_strdup (key));
  if ((kept = g_hash_table_lookup (self->answers, key)) != NULL)
    {
      g_autoptr(GBytes) body = request_body (msg);

      /* The same key with another request (path or bytes): refused as the
       * IETF Idempotency-Key draft says, 422, never replayed. */
      if (!g_str_equal (kept->path, path) || g_strcmp0 (kept->request_type, request_type (msg)) != 0 ||
          !g_bytes_equal (kept->request_body, body))
        {
          self->mismatches++;
          reply_error (msg, 422, "idempotency_key_reused", "This key was used for another request");
          return;
        }
      self->replays++;
      vitrine_fake_reply_json (msg, kept->status, kept->body);
      return;
    }

  if (g_str_equal (path, "/v1/projects"))
    create_project (self, msg);
  else if (project != NULL)
    create_picture (self, msg, project);
  else if (picture != NULL)
    create_enhancement (self, msg, picture);
  else if (g_str_equal (path, "/v1/videos"))
    create_video (self, msg);
  else
    reply_error (msg, 404, "not_found", "No such route");
}

static void
poll_video (VitrineFakeAixpose *self,
            SoupServerMessage  *msg,
            const char         *id)
{
  gpointer polls;
  g_autofree char *body = NULL;
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  if (vitrine_fake_server_fault (self->server, VITRINE_FAKE_ON_POLL, msg) || !key_ok (self, msg))
    return;
  if (!g_hash_table_lookup_extended (self->server->jobs, id, NULL, &polls) ||
      !g_str_has_prefix (id, "vid"))
    {
      reply_error (msg, 404, "not_found", "Video not found");
      return;
    }
  g_hash_table_insert (self->server->jobs, g_strdup (id), GUINT_TO_POINTER (GPOINTER_TO_UINT (polls) + 1));
  switch (GPOINTER_TO_UINT (polls))
    {
    case 0:
      body = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"queued\"}", id);
      break;
    case 1:
      body = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"processing\", \"progress\": 40}", id);
      break;
    default:
      if (self->fail)
        body = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"failed\", \"error\": "
                                "{\"code\": \"render_failed\", \"message\": \"Not enough approved "
                                "pictures\"}}", id);
      else
        body = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"completed\", \"progress\": 100, "
                                "\"public_url\": \"%s/videos/%s.mp4\"}", id,
                                vitrine_fake_server_get_url (self->server), escaped);
      break;
    }
  vitrine_fake_reply_json (msg, 200, body);
}

/* GET /v1/projects/{id}/pictures: an enhanced picture is "processing" in
 * the first enhance_polls listings that show it, then "completed" (or
 * "failed"). */
static void
list_pictures (VitrineFakeAixpose *self,
               SoupServerMessage  *msg,
               const char         *project)
{
  g_autoptr(GString) body = g_string_new ("{\"data\": [");
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  self->listings++;
  if (!g_hash_table_contains (self->server->jobs, project))
    {
      reply_error (msg, 404, "not_found", "Project not found");
      return;
    }
  g_hash_table_iter_init (&iter, self->pictures_of);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Picture *picture = value;
      const char *status = !picture->enhanced || picture->listed >= self->enhance_polls ?
                           (picture->failed ? "failed" : "completed") : "processing";

      if (!g_str_equal (picture->project, project))
        continue;
      picture->listed++;
      g_string_append_printf (body, "%s{\"id\": \"%s\", \"project_id\": \"%s\", \"status\": \"%s\"",
                              first ? "" : ", ", (char *) key, project, status);
      if (g_str_equal (status, "completed"))
        g_string_append_printf (body, ", \"public_url\": \"%s/photos/%s.jpg\"",
                                vitrine_fake_server_get_url (self->server), (char *) key);
      else if (g_str_equal (status, "failed"))
        g_string_append (body, ", \"error\": {\"code\": \"enhancement_failed\", "
                               "\"message\": \"The picture could not be enhanced\"}");
      g_string_append_c (body, '}');
      first = FALSE;
    }
  g_string_append (body, "]}");
  vitrine_fake_reply_json (msg, 200, body->str);
}

static void
get_route (VitrineFakeAixpose *self,
           SoupServerMessage  *msg,
           const char         *path)
{
  g_autofree char *project = path_id (path, "/v1/projects/", "/pictures");

  if (g_str_has_prefix (path, "/v1/videos/"))
    {
      poll_video (self, msg, path + strlen ("/v1/videos/"));
      return;
    }
  if (!key_ok (self, msg))
    return;
  if (project != NULL)
    list_pictures (self, msg, project);
  else if (g_str_equal (path, "/v1/catalog/actions"))
    vitrine_fake_reply_json (msg, 200,
                             "{\"data\": [{\"id\": \"interior-style-japandi\", \"name\": \"Japandi\", "
                             "\"group\": \"interior-style\"}, {\"id\": \"interior-decoration-medium\", "
                             "\"name\": \"Medium decoration\", \"group\": \"interior-decoration\"}, "
                             "{\"id\": \"exterior-sky-blue\", \"name\": \"Blue sky\", \"group\": "
                             "\"exterior\"}]}");
  else if (g_str_equal (path, "/v1/catalog/aspect-ratios"))
    vitrine_fake_reply_json (msg, 200, "{\"data\": [\"16:9\", \"9:16\", \"1:1\", \"4:5\"]}");
  else if (g_str_equal (path, "/v1/credits/balance"))
    {
      g_autofree char *body = g_strdup_printf ("{\"balance\": %g, \"currency\": \"credits\"}",
                                               self->balance);

      vitrine_fake_reply_json (msg, 200, body);
    }
  else
    reply_error (msg, 404, "not_found", "No such route");
}

static void
api_route (VitrineFakeAixpose *self,
           SoupServerMessage  *msg,
           const char         *path)
{

  if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    post_route (self, msg, path);
  else if (g_str_equal (soup_server_message_get_method (msg), "GET"))
    get_route (self, msg, path);
  else
    reply_error (msg, 405, "method_not_allowed", "Method not allowed");
}

static void
cleanup (VitrineFakeAixpose *self)
{
  g_ptr_array_unref (self->keys);
  g_hash_table_unref (self->answers);
  g_hash_table_unref (self->pictures_of);
  g_free (self->project_name);
}

VitrineFakeAixpose *
vitrine_fake_aixpose_new (const char *video)
{
  VitrineFakeAixpose *self = vitrine_fake_new (sizeof *self, VITRINE_FAKE_AIXPOSE_KEY, video, NULL);

  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) answer_free);
  self->pictures_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) picture_free);
  self->balance = 120;
  self->enhance_polls = 1;
  vitrine_fake_server_route (self->server, "/v1", (VitrineFakeRoute) api_route, self);
  vitrine_fake_server_on_free (self->server, (GDestroyNotify) cleanup, self);
  return self;
}
