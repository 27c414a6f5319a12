/* vitrine-fake-vidgen.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-fake-vidgen.h"

#define RATE_LIMIT 600

static const char * const image_types[] = { "image/jpeg", "image/png", "image/webp", NULL };
static const char * const audio_types[] = {
  "audio/mpeg", "audio/mp3", "audio/wav", "audio/x-wav", "audio/wave", "audio/mp4", "audio/x-m4a",
  "audio/m4a", "audio/ogg", NULL
};

static void
job_free (VitrineFakeVidgenJob *job)
{
  g_free (job->id);
  g_free (job->status);
  g_free (job);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  g_autofree char *body = g_strdup_printf ("{\"error\": \"%s\"}", message);

  vitrine_fake_reply_json (msg, status, body);
}

static gboolean
is_active (VitrineFakeVidgenJob *job)
{
  return g_str_equal (job->status, "PENDING") || g_str_equal (job->status, "PROCESSING");
}

guint
vitrine_fake_vidgen_active (VitrineFakeVidgen *self)
{
  GHashTableIter iter;
  VitrineFakeVidgenJob *job;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->server->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    n += is_active (job);
  return n;
}

static gint64
server_now (VitrineFakeVidgen *self)
{
  return g_get_real_time () / G_USEC_PER_SEC + self->clock_skew_s;
}

static void
set_status (VitrineFakeVidgen    *self,
            VitrineFakeVidgenJob *job,
            const char           *status)
{
  g_free (job->status);
  job->status = g_strdup (status);
  job->updated = server_now (self);
}

static VitrineFakeVidgenJob *
new_job (VitrineFakeVidgen *self,
         const char        *status,
         gint64             age_s)
{
  VitrineFakeVidgenJob *job = g_new0 (VitrineFakeVidgenJob, 1);
  guint seq = g_hash_table_size (self->server->jobs) + 1;

  job->seq = seq;
  job->id = g_strdup_printf ("clx%08u%s", seq, "abcd1234efgh");
  job->status = g_strdup (status);
  job->created = job->updated = server_now (self) - age_s;
  g_hash_table_insert (self->server->jobs, g_strdup (job->id), job);
  self->max_active = MAX (self->max_active, vitrine_fake_vidgen_active (self));
  return job;
}

VitrineFakeVidgenJob *
vitrine_fake_vidgen_add_job (VitrineFakeVidgen *self,
                             const char        *status,
                             gint64             age_s)
{
  VitrineFakeVidgenJob *job = new_job (self, status, age_s);

  job->foreign = TRUE;
  return job;
}

static char *
iso_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.000Z");
}

static void
add_status (VitrineFakeVidgen    *self,
            JsonBuilder          *builder,
            VitrineFakeVidgenJob *job,
            const char           *id_member)
{
  g_autofree char *created = iso_time (job->created);
  g_autofree char *updated = iso_time (job->updated);
  gboolean done = g_str_equal (job->status, "COMPLETED");

  json_builder_set_member_name (builder, id_member);
  json_builder_add_string_value (builder, job->id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, job->status);
  if (g_str_equal (job->status, "PROCESSING"))
    {
      json_builder_set_member_name (builder, "progress");
      json_builder_add_int_value (builder, job->polls <= 1 ? 30 : 70);
    }
  json_builder_set_member_name (builder, "outputVideo");
  if (done)
    {
      g_autofree char *url = g_strdup_printf ("%s/videos/%s.mp4",
                                              vitrine_fake_server_get_url (self->server), job->id);
      json_builder_add_string_value (builder, url);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "outputShareLink");
  if (done)
    {
      g_autofree char *url = g_strdup_printf ("https://vidgen.example/share/%s", job->id);
      json_builder_add_string_value (builder, url);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "errorMessage");
  if (g_str_equal (job->status, "FAILED"))
    json_builder_add_string_value (builder, "The audio track could not be decoded");
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "createdAt");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "updatedAt");
  json_builder_add_string_value (builder, updated);
}

static void
reply_builder (SoupServerMessage *msg,
               guint              status,
               JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *body = json_to_string (root, FALSE);

  vitrine_fake_reply_json (msg, status, body);
}

static gboolean
key_ok (VitrineFakeVidgen *self,
        SoupServerMessage *msg)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "X-API-Key");

  g_free (self->server->last_key);
  self->server->last_key = g_strdup (key);
  if (key == NULL)
    reply_error (msg, 401, "Missing X-API-Key header");
  else if (!g_str_equal (key, self->server->api_key))
    reply_error (msg, 401, "API key not recognized or has been deactivated");
  else
    return TRUE;
  return FALSE;
}

static void
submit (VitrineFakeVidgen *self,
        SoupServerMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (msg), NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SoupMultipart) form = NULL;
  GBytes *image = NULL;
  GBytes *audio = NULL;
  VitrineFakeVidgenJob *job;
  g_autofree char *body = NULL;

  if (vitrine_fake_server_fault (self->server, VITRINE_FAKE_ON_POST, msg) || !key_ok (self, msg))
    return;
  if (g_strcmp0 (type, "multipart/form-data") != 0)
    {
      reply_error (msg, 400, "Expected multipart/form-data");
      return;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  form = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), bytes);
  for (int i = 0; form != NULL && i < soup_multipart_get_length (form); i++)
    {
      SoupMessageHeaders *headers;
      GBytes *part;
      g_autoptr(GHashTable) params = NULL;
      const char *name;
      const char *part_type;

      if (!soup_multipart_get_part (form, i, &headers, &part) ||
          !soup_message_headers_get_content_disposition (headers, NULL, &params))
        continue;
      name = g_hash_table_lookup (params, "name");
      part_type = soup_message_headers_get_content_type (headers, NULL);
      if (g_strcmp0 (name, "webhookUrl") == 0)
        {
          g_autofree char *url = g_strndup (g_bytes_get_data (part, NULL), g_bytes_get_size (part));

          self->webhook_sent = TRUE;
          if (!g_str_has_prefix (url, "https://"))
            {
              reply_error (msg, 400, "webhookUrl must start with https://");
              return;
            }
          continue;
        }
      if (g_strcmp0 (name, "image") != 0 && g_strcmp0 (name, "audio") != 0)
        continue;
      if (g_bytes_get_size (part) > VITRINE_FAKE_VIDGEN_MAX_FILE)
        {
          reply_error (msg, 413, "Uploaded file exceeded 50 MB");
          return;
        }
      if (g_str_equal (name, "image"))
        {
          g_free (self->image_type);
          self->image_type = g_strdup (part_type);
          self->image_size = g_bytes_get_size (part);
          g_clear_pointer (&self->image, g_bytes_unref);
          self->image = g_bytes_ref (part);
          if (!g_strv_contains (image_types, part_type != NULL ? part_type : ""))
            {
              reply_error (msg, 415, "Uploaded file's MIME type isn't supported");
              return;
            }
          image = part;
        }
      else
        {
          g_free (self->audio_type);
          self->audio_type = g_strdup (part_type);
          self->audio_size = g_bytes_get_size (part);
          g_free (self->audio_name);
          self->audio_name = g_hash_table_contains (params, "filename") ?
                             g_strdup (g_hash_table_lookup (params, "filename")) : NULL;
          if (!g_strv_contains (audio_types, part_type != NULL ? part_type : ""))
            {
              reply_error (msg, 415, "Uploaded file's MIME type isn't supported");
              return;
            }
          audio = part;
        }
    }
  if (image == NULL || audio == NULL || g_bytes_get_size (image) == 0 || g_bytes_get_size (audio) == 0)
    {
      reply_error (msg, 400, image == NULL ? "image is required" : "audio is required");
      return;
    }
  if (vitrine_fake_vidgen_active (self) > 0)
    {
      self->conflicts++;
      reply_error (msg, 409, "You already have an active job");
      return;
    }

  if (self->drop_posts > 0)
    {
      self->drop_posts--;
      vitrine_fake_reset_connection (msg);
      return;
    }
  job = new_job (self, "PENDING", 0);
  self->created++;
  if (self->lose_answers > 0)
    {
      self->lose_answers--;
      vitrine_fake_reset_connection (msg);
      return;
    }
  if (self->fail_answers > 0)
    {
      /* A server that fails once the job is written down. */
      self->fail_answers--;
      reply_error (msg, 500, "Server error");
      return;
    }
  body = g_strdup_printf ("{\"message\": \"Job created\", \"jobId\": \"%s\"}", job->id);
  vitrine_fake_reply_json (msg, 201, body);
  if (self->answer_delay_ms > 0)
    vitrine_fake_answer_late (msg, self->answer_delay_ms);
}

static void
status (VitrineFakeVidgen *self,
        SoupServerMessage *msg,
        const char        *id)
{
  VitrineFakeVidgenJob *job;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (vitrine_fake_server_fault (self->server, VITRINE_FAKE_ON_POLL, msg) || !key_ok (self, msg))
    return;
  if (!(job = g_hash_table_lookup (self->server->jobs, id)))
    {
      reply_error (msg, 404, "Job not found");
      return;
    }
  json_builder_begin_object (builder);
  add_status (self, builder, job, "jobId");
  json_builder_end_object (builder);
  reply_builder (msg, 200, builder);

  /* The next poll sees the next step. */
  if (job->foreign || (self->hold && g_str_equal (job->status, "PENDING")) ||
      (self->stall && g_str_equal (job->status, "PROCESSING")) || !is_active (job))
    return;
  job->polls++;
  set_status (self, job, job->polls < 3 ? "PROCESSING" : self->fail ? "FAILED" : "COMPLETED");
}

static void
cancel (VitrineFakeVidgen *self,
        SoupServerMessage *msg,
        const char        *id)
{
  VitrineFakeVidgenJob *job;

  self->cancels++;
  if (!key_ok (self, msg))
    return;
  if (!(job = g_hash_table_lookup (self->server->jobs, id)))
    {
      self->cancels_no_id++;
      reply_error (msg, 404, "Job not found");
      return;
    }
  if (!g_str_equal (job->status, "PENDING"))
    {
      reply_error (msg, 409, "Job is not in a cancellable state");
      return;
    }
  set_status (self, job, "CANCELLED");
  vitrine_fake_reply_json (msg, 200, "{\"success\": true, \"message\": \"Job cancelled successfully\"}");
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const VitrineFakeVidgenJob *x = *(VitrineFakeVidgenJob **) a;
  const VitrineFakeVidgenJob *y = *(VitrineFakeVidgenJob **) b;

  if (x->created != y->created)
    return x->created < y->created ? 1 : -1;
  return x->seq < y->seq ? 1 : -1;
}

static void
list (VitrineFakeVidgen *self,
      SoupServerMessage *msg)
{
  GHashTable *query = soup_server_message_get_uri (msg) != NULL ?
                      soup_form_decode (g_uri_get_query (soup_server_message_get_uri (msg)) ?: "") : NULL;
  const char *filter = query != NULL ? g_hash_table_lookup (query, "status") : NULL;
  const char *cursor = query != NULL ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *limit_str = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  guint64 limit = 20;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GHashTableIter iter;
  VitrineFakeVidgenJob *job;
  guint start = 0;
  guint end;

  self->lists++;
  if (!key_ok (self, msg))
    goto out;
  if (limit_str != NULL &&
      (!g_ascii_string_to_unsigned (limit_str, 10, 1, 100, &limit, NULL)))
    {
      reply_error (msg, 400, "limit must be between 1 and 100");
      goto out;
    }
  g_hash_table_iter_init (&iter, self->server->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    if (filter == NULL || g_str_equal (job->status, filter))
      g_ptr_array_add (all, job);
  g_ptr_array_sort (all, newest_first);
  if (cursor != NULL)
    {
      for (start = 0; start < all->len; start++)
        if (g_str_equal (((VitrineFakeVidgenJob *) g_ptr_array_index (all, start))->id, cursor))
          break;
      if (start == all->len)
        {
          reply_error (msg, 400, "Invalid cursor");
          goto out;
        }
    }
  end = MIN (all->len, start + limit);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "jobs");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      json_builder_begin_object (builder);
      add_status (self, builder, g_ptr_array_index (all, i), "id");
      json_builder_set_member_name (builder, "retries");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "webhookUrl");
      json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "pagination");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, limit);
  json_builder_set_member_name (builder, "nextCursor");
  if (end < all->len)
    json_builder_add_string_value (builder, ((VitrineFakeVidgenJob *) g_ptr_array_index (all, end))->id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "hasNextPage");
  json_builder_add_boolean_value (builder, end < all->len);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  reply_builder (msg, 200, builder);
out:
  g_clear_pointer (&query, g_hash_table_unref);
}

static void
api_route (VitrineFakeVidgen *self,
           SoupServerMessage *msg,
           const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  static guint requests;
  g_autofree char *remaining = g_strdup_printf ("%u", RATE_LIMIT - (++requests % RATE_LIMIT));
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (method, "POST") && g_str_equal (path, "/api/jobs"))
    submit (self, msg);
  else if (g_str_equal (method, "GET") && g_str_equal (path, "/api/jobs"))
    list (self, msg);
  else if (g_str_equal (method, "GET") && g_str_has_prefix (path, "/api/status/"))
    status (self, msg, path + strlen ("/api/status/"));
  else if (g_str_equal (method, "POST") && g_str_has_prefix (path, "/api/jobs/") &&
           g_str_has_suffix (path, "/cancel"))
    {
      g_autofree char *id = g_strndup (path + strlen ("/api/jobs/"),
                                       strlen (path) - strlen ("/api/jobs/") - strlen ("/cancel"));

      cancel (self, msg, id);
    }
  else
    reply_error (msg, 404, "Not found");

  /* Its Date from its own clock, as its times. */
  if (self->clock_skew_s != 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (server_now (self));
      g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

      soup_message_headers_replace (headers, "Date", date);
    }

  /* On every answer, as VidGen's, injected server errors included (with
   * quota left, RateLimit-Reset is no wait); but an injected 429 stands for
   * itself (its own Retry-After), not for this quota, never spent here. */
  if (soup_server_message_get_status (msg) != 429)
    {
      soup_message_headers_replace (headers, "RateLimit-Limit", "600");
      soup_message_headers_replace (headers, "RateLimit-Remaining", remaining);
      soup_message_headers_replace (headers, "RateLimit-Reset", "60");
    }
}

static void
health_route (VitrineFakeVidgen *self,
              SoupServerMessage *msg,
              const char        *path)
{
  vitrine_fake_reply_json (msg, 200, "{\"status\": \"ok\"}");
}

static void
cleanup (VitrineFakeVidgen *self)
{
  g_free (self->image_type);
  g_free (self->audio_type);
  g_free (self->audio_name);
  g_clear_pointer (&self->image, g_bytes_unref);
}

VitrineFakeVidgen *
vitrine_fake_vidgen_new (const char *video)
{
  VitrineFakeVidgen *self = vitrine_fake_new (sizeof *self, VITRINE_FAKE_VIDGEN_KEY, video,
                                              (GDestroyNotify) job_free);

  vitrine_fake_server_route (self->server, "/api", (VitrineFakeRoute) api_route, self);
  vitrine_fake_server_route (self->server, "/health", (VitrineFakeRoute) health_route, self);
  vitrine_fake_server_on_free (self->server, (GDestroyNotify) cleanup, self);
  return self;
}
