/* vitrine-fake-vikit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-fake-vikit.h"

typedef struct {
  char  *name;
  guint  polls;
  guint  cost;       /* credits taken (0 in test mode) */
} Generation;

/* A POST waiting for its photos to be fetched. */
typedef struct {
  VitrineFakeVikit *self;
  char             *name;
  guint             cost;
} Pending;

static void
generation_free (Generation *generation)
{
  g_free (generation->name);
  g_free (generation);
}

static void
reply_error (SoupServerMessage *msg,
             const char        *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Error");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  vitrine_fake_reply_json (msg, 200, body);
}

/* The reference's field table; returns what is wrong, or NULL. */
static const char *
check_request (JsonObject *request,
               GPtrArray  *urls)
{
  const char *optional[] = { "music_url", "ending_media_url", "logo_url", "notify_email" };
  JsonNode *images = json_object_get_member (request, "images");
  const char *name = vitrine_remote_get_string (request, "name");
  const char *ratio = vitrine_remote_get_string (request, "target_ratio");
  const char *test_mode = vitrine_remote_get_string (request, "test_mode");

  if (name == NULL || *name == '\0')
    return "name is required";
  if (images == NULL || !JSON_NODE_HOLDS_ARRAY (images) ||
      json_array_get_length (json_node_get_array (images)) == 0)
    return "images is required";
  for (guint i = 0; i < json_array_get_length (json_node_get_array (images)); i++)
    {
      JsonNode *image = json_array_get_element (json_node_get_array (images), i);

      if (!JSON_NODE_HOLDS_VALUE (image) || json_node_get_value_type (image) != G_TYPE_STRING)
        return "images must be strings";
      g_ptr_array_add (urls, g_strdup (json_node_get_string (image)));
    }
  for (guint i = 0; i < G_N_ELEMENTS (optional); i++)
    {
      const char *value = vitrine_remote_get_string (request, optional[i]);

      if (json_object_has_member (request, optional[i]) && value == NULL)
        return "optional fields must be strings";
      /* Media on this machine is fetched too; the catalogue's tracks are
       * on Google's storage, out of reach here, and trusted. */
      if (value != NULL && i < 3 && g_str_has_prefix (value, "http://127.0.0.1"))
        g_ptr_array_add (urls, g_strdup (value));
    }
  if (json_object_has_member (request, "target_ratio") &&
      g_strcmp0 (ratio, "16:9") != 0 && g_strcmp0 (ratio, "9:16") != 0)
    return "target_ratio must be \"16:9\" or \"9:16\"";
  if (json_object_has_member (request, "test_mode") &&
      g_strcmp0 (test_mode, "TRUE") != 0 && g_strcmp0 (test_mode, "FALSE") != 0)
    return "test_mode must be \"TRUE\" or \"FALSE\"";
  return NULL;
}

static void
fetched_cb (SoupServerMessage *msg,
            const char        *failed_url,
            gpointer           user_data)
{
  Pending *pending = user_data;
  VitrineFakeVikit *self = pending->self;
  Generation *generation;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;

  if (failed_url != NULL)
    {
      /* A generation failure: nothing is taken. */
      g_autofree char *text = g_strdup_printf ("Could not download image %s", failed_url);

      reply_error (msg, text);
    }
  else
    {
      generation = g_new0 (Generation, 1);
      generation->name = g_steal_pointer (&pending->name);
      generation->cost = pending->cost;
      self->credits -= pending->cost;
      self->charged += pending->cost;
      id = vitrine_fake_server_add_job (self->server, "v", generation);
      body = g_strdup_printf ("{\"Generation_id\": \"%s\", \"Result_url\": \"%s/get/%s\"}", id,
                              self->result_base != NULL ? self->result_base
                                                        : vitrine_fake_server_get_url (self->server),
                              id);
      vitrine_fake_reply_json (msg, 200, body);
    }
  g_free (pending->name);
  g_free (pending);
}

static void
create_route (VitrineFakeVikit  *self,
              SoupServerMessage *msg,
              const char        *path)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  JsonObject *request;
  const char *problem;
  Pending *pending;
  guint n_images;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST") || !g_str_equal (path, "/"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  if (vitrine_fake_server_fault (self->server, VITRINE_FAKE_ON_POST, msg))
    return;
  if (!vitrine_fake_request_is_json (msg) || !(root = vitrine_fake_request_json (msg)) ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_error (msg, "The request must be a JSON object (Content-Type: application/json)");
      return;
    }
  request = json_node_get_object (root);
  vitrine_fake_server_keep_request (self->server, root,
                                    vitrine_remote_get_string (request, "vikit_api_key"));

  if (g_strcmp0 (vitrine_remote_get_string (request, "vikit_api_key"), self->server->api_key) != 0)
    {
      reply_error (msg, "There is not such Vikit API Key registered in our database");
      return;
    }
  if ((problem = check_request (request, urls)) != NULL)
    {
      reply_error (msg, problem);
      return;
    }

  n_images = json_array_get_length (json_object_get_array_member (request, "images"));
  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->name = g_strdup (vitrine_remote_get_string (request, "name"));
  pending->cost = g_strcmp0 (vitrine_remote_get_string (request, "test_mode"), "TRUE") == 0
                  ? 0 : n_images;
  if (pending->cost > self->credits)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"Error\": \"Insufficient credits\", \"credits_remaining\": %g, "
                         "\"top_up_url\": \"%s\"}", self->credits,
                         self->top_up_url != NULL ? self->top_up_url : "");

      vitrine_fake_reply_json (msg, 200, body);
      g_free (pending->name);
      g_free (pending);
      return;
    }
  vitrine_fake_server_fetch (self->server, msg, urls, fetched_cb, pending);
}

static char *
video_url (VitrineFakeVikit *self,
           const char       *file)
{
  g_autofree char *escaped = g_uri_escape_string (file, NULL, FALSE);

  return g_strdup_printf ("\"%s/videos/%s\"", vitrine_fake_server_get_url (self->server), escaped);
}

static void
status_route (VitrineFakeVikit  *self,
              SoupServerMessage *msg,
              const char        *path)
{
  const char *id = path + strlen ("/get/");
  Generation *generation;
  g_autofree char *body = NULL;

  if (vitrine_fake_server_fault (self->server, VITRINE_FAKE_ON_POLL, msg))
    return;
  if (!g_str_has_prefix (path, "/get/") ||
      !(generation = g_hash_table_lookup (self->server->jobs, id)))
    {
      reply_error (msg, "Unknown generation");
      return;
    }

  generation->polls++;
  if (generation->polls == 1)
    body = g_strdup_printf ("{\"state\": \"Starting job\", \"progress\": 0, \"name\": \"%s\", "
                            "\"timestamp\": 1783150376.29}", id);
  else if (generation->polls < self->steps)
    body = g_strdup_printf ("{\"state\": \"Processing_video\", \"progress\": %u, "
                            "\"quality_tier\": 1}", generation->polls * 100 / (self->steps + 1));
  else if (self->fail_generation)
    {
      /* Refunded by the time "Error" shows. */
      self->credits += generation->cost;
      self->charged -= generation->cost;
      generation->cost = 0;
      body = g_strdup ("{\"state\": \"Error\", \"progress\": 40, "
                       "\"error\": \"Rendering failed on photo 2\"}");
    }
  else
    {
      g_autofree char *main_video = g_strdup_printf ("%s_%s.mp4", generation->name, id);
      g_autofree char *first = g_strdup_printf ("%s_1_%s.mp4", generation->name, id);
      g_autofree char *second = g_strdup_printf ("%s_2_%s.mp4", generation->name, id);
      g_autofree char *vertical = g_strdup_printf ("%s_%s_vertical.mp4", generation->name, id);
      g_autofree char *v0 = video_url (self, main_video);
      g_autofree char *v1 = video_url (self, first);
      g_autofree char *v2 = video_url (self, second);
      g_autofree char *v3 = video_url (self, vertical);

      body = g_strdup_printf ("{\"state\": \"Completed\", \"progress\": 100, \"quality_tier\": 1, "
                              "\"arrayOfImages\": [], \"videos\": [%s, %s, %s, %s]}",
                              v0, self->null_video ? "null" : v1, v2, v3);
    }
  vitrine_fake_reply_json (msg, 200, body);
}

VitrineFakeVikit *
vitrine_fake_vikit_new (const char *video)
{
  VitrineFakeVikit *self = vitrine_fake_new (sizeof *self, VITRINE_FAKE_VIKIT_KEY, video,
                                             (GDestroyNotify) generation_free);

  self->credits = 100;
  self->steps = 3;
  vitrine_fake_server_route (self->server, "/", (VitrineFakeRoute) create_route, self);
  vitrine_fake_server_route (self->server, "/get", (VitrineFakeRoute) status_route, self);
  return self;
}
