/* vitrine-fake-iacrea.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-fake-iacrea.h"

#define API_PATH "/api/video-editor/generate/video/auto"

/* What the polls of one generation answer, in turn; the last repeats. */
static const char * const walk[] = {
  "GENERATING_VIDEO", "PENDING", "GENERATING_VIDEO", "START_RENDERING_VIDEO", "RENDERING_VIDEO", "DONE",
};

static void
reply_message (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autofree char *body = g_strdup_printf ("{\"statusCode\": %u, \"message\": \"%s\"}", status, message);

  vitrine_fake_reply_json (msg, status, body);
}

static gboolean
key_ok (VitrineFakeIacrea *self,
        SoupServerMessage *msg)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "x-api-key");

  if (g_strcmp0 (key, self->server->api_key) == 0)
    return TRUE;
  reply_message (msg, 401, "Unauthorized");
  return FALSE;
}

/* The reference's body; returns what is wrong (a 400), or NULL. */
static const char *
check_body (JsonObject *body,
            GPtrArray  *urls)
{
  JsonNode *images = json_object_get_member (body, "image_urls");
  JsonNode *colors = json_object_get_member (body, "colors");
  JsonNode *display_logo = json_object_get_member (body, "displayLogo");
  const char *description = vitrine_remote_get_string (body, "description");
  const char *format = vitrine_remote_get_string (body, "format");
  const char *logo = vitrine_remote_get_string (body, "logoUrl");

  if (images == NULL || !JSON_NODE_HOLDS_ARRAY (images) ||
      json_array_get_length (json_node_get_array (images)) < 1)
    return "image_urls must contain at least 1 elements";
  for (guint i = 0; i < json_array_get_length (json_node_get_array (images)); i++)
    {
      JsonNode *image = json_array_get_element (json_node_get_array (images), i);

      if (!JSON_NODE_HOLDS_VALUE (image) || json_node_get_value_type (image) != G_TYPE_STRING ||
          !g_str_has_prefix (json_node_get_string (image), "http"))
        return "each value in image_urls must be a URL address";
      g_ptr_array_add (urls, g_strdup (json_node_get_string (image)));
    }
  if (description == NULL || g_utf8_strlen (description, -1) < 10)
    return "description must be longer than or equal to 10 characters";
  if (json_object_has_member (body, "format") &&
      g_strv_contains ((const char * const[]) { "landscape", "portrait", "square", NULL },
                       format != NULL ? format : "") == FALSE)
    return "format must be one of the following values: landscape, portrait, square";
  if (colors != NULL && (!JSON_NODE_HOLDS_ARRAY (colors) ||
                         json_array_get_length (json_node_get_array (colors)) != 2))
    return "colors must contain 2 elements";
  if (display_logo != NULL && (!JSON_NODE_HOLDS_VALUE (display_logo) ||
                               json_node_get_value_type (display_logo) != G_TYPE_BOOLEAN))
    return "displayLogo must be a boolean value";
  if (display_logo != NULL && json_node_get_boolean (display_logo))
    {
      if (logo == NULL)
        return "logoUrl is required when displayLogo is true";
      g_ptr_array_add (urls, g_strdup (logo));
    }
  return NULL;
}

/* 201 with the id of a new generation and the credits it took. */
static void
reply_created (VitrineFakeIacrea *self,
               SoupServerMessage *msg)
{
  g_autofree char *id = vitrine_fake_server_add_job (self->server, "auto", GUINT_TO_POINTER (0));
  g_autofree char *body = NULL;

  self->credits_total -= 5;
  self->credits_used += 5;
  body = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"PENDING\", \"generatedContent\": "
                          "[{\"id\": \"c1\", \"status\": \"PENDING\"}], \"analysis\": {}, "
                          "\"creditsTotal\": %g, \"creditsUsed\": %g}",
                          id, self->credits_total, self->credits_used);
  vitrine_fake_reply_json (msg, 201, body);
}

static void
fetched_cb (SoupServerMessage *msg,
            const char        *failed_url,
            gpointer           user_data)
{
  if (failed_url == NULL)
    reply_created (user_data, msg);
  else
    {
      /* "400 — Validation error … invalid URL" */
      g_autofree char *message = g_strdup_printf ("Could not fetch %s", failed_url);

      reply_message (msg, 400, message);
    }
}

static void
create_generation (VitrineFakeIacrea *self,
                   SoupServerMessage *msg)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "x-api-key");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  const char *problem;

  if (vitrine_fake_server_fault (self->server, VITRINE_FAKE_ON_POST, msg))
    return;
  /* What came, kept before it is judged. */
  if ((root = vitrine_fake_request_json (msg)) != NULL)
    vitrine_fake_server_keep_request (self->server, root, key);
  if (!key_ok (self, msg))
    return;
  if (!vitrine_fake_request_is_json (msg))
    {
      reply_message (msg, 400, "Content-Type must be application/json");
      return;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_message (msg, 400, "Invalid JSON");
      return;
    }
  if ((problem = check_body (json_node_get_object (root), urls)) != NULL)
    {
      reply_message (msg, 400, problem);
      return;
    }
  vitrine_fake_server_fetch (self->server, msg, urls, fetched_cb, self);
}

static void
poll_generation (VitrineFakeIacrea *self,
                 SoupServerMessage *msg,
                 const char        *id)
{
  gpointer polls;
  const char *status;
  g_autofree char *body = NULL;
  guint step;

  if (vitrine_fake_server_fault (self->server, VITRINE_FAKE_ON_POLL, msg) || !key_ok (self, msg))
    return;
  if (!g_hash_table_lookup_extended (self->server->jobs, id, NULL, &polls))
    {
      reply_message (msg, 404, "Generation not found");
      return;
    }
  step = MIN (GPOINTER_TO_UINT (polls), G_N_ELEMENTS (walk) - 1);
  g_hash_table_insert (self->server->jobs, g_strdup (id), GUINT_TO_POINTER (step + 1));
  status = walk[step];

  if (g_str_equal (status, "DONE") && self->fail)
    body = g_strdup ("{\"status\": \"ERROR\", \"error\": \"Clip generation failed for image 2\"}");
  else if (g_str_equal (status, "DONE"))
    body = g_strdup_printf ("{\"status\": \"DONE\", \"url\": \"%s/videos/%s.mp4\", "
                            "\"generatedContent\": [], \"creditsTotal\": %g, \"creditsUsed\": %g}",
                            vitrine_fake_server_get_url (self->server), id, self->credits_total,
                            self->credits_used);
  else if (g_str_equal (status, "START_RENDERING_VIDEO"))
    body = g_strdup ("{\"status\": \"START_RENDERING_VIDEO\", \"progress\": 0}");
  else if (g_str_equal (status, "RENDERING_VIDEO"))
    body = g_strdup ("{\"status\": \"RENDERING_VIDEO\", \"progress\": 42.5}");
  else if (g_str_equal (status, "GENERATING_VIDEO"))
    body = g_strdup_printf ("{\"status\": \"GENERATING_VIDEO\", \"generatedContent\": [], "
                            "\"creditsTotal\": %g, \"creditsUsed\": %g}",
                            self->credits_total, self->credits_used);
  else
    body = g_strdup_printf ("{\"status\": \"%s\"}", status);
  vitrine_fake_reply_json (msg, 200, body);
}

static void
api_route (VitrineFakeIacrea *self,
           SoupServerMessage *msg,
           const char        *path)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "POST") && g_str_equal (path, API_PATH))
    create_generation (self, msg);
  else if (g_str_equal (method, "GET") && g_str_has_prefix (path, API_PATH "/"))
    poll_generation (self, msg, path + strlen (API_PATH "/"));
  else
    reply_message (msg, 404, "Cannot handle this route");
}

VitrineFakeIacrea *
vitrine_fake_iacrea_new (const char *video)
{
  /* A generation is the number of polls it has had: nothing to free. */
  VitrineFakeIacrea *self = vitrine_fake_new (sizeof *self, VITRINE_FAKE_IACREA_KEY, video, NULL);

  vitrine_fake_server_route (self->server, "/api", (VitrineFakeRoute) api_route, self);
  self->credits_total = 100;
  return self;
}
