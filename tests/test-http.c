/* test-http.c: the shared HTTP layer against a loopback SoupServer with faults
 *
 * Every fault of the table has its row: what the client ends with, how many
 * requests the server saw, and how long it took. Only 127.0.0.1 is used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "vitrine-http.h"
#include "vitrine-test-web.h"
#include "vitrine-json.h"
#include "vitrine-media-host.h"
#include "vitrine-remote-reply.h"
#include "vitrine-provider.h"
#include "vitrine-test-photos.h"

#define CHILD_SERVER_ENV "VITRINE_TEST_HTTP_CHILD_SERVER"

/* {{{ The fake server */

typedef struct {
  char   *method;
  char   *path;
  char   *idempotency_key;
  char   *user_agent;
  char   *content_type;
  gint64  content_length;   /* the header, -1 when absent */
  GBytes *body;
} Seen;

typedef struct {
  char   *name;
  char   *filename;
  char   *content_type;
  GBytes *body;
} SeenPart;

typedef struct {
  SoupServer *server;
  SoupServer *late_server;  /* the refused-then-listening row */
  char       *base;
  GHashTable *hits;         /* path → count */
  GPtrArray  *seen;         /* of Seen */
  GPtrArray  *parts;        /* of SeenPart: the last multipart body */
  char       *dir;
  guint       queued;       /* messages the session queued */
  gulong      queued_id;
  gulong      unqueued_id;
  guint16     late_port;
  SoupServer *other_server; /* another origin (another port), for redirects */
  char       *other_base;
  GPtrArray  *trickles;     /* of GSource: /trickle answers in progress */
} Fixture;

static void
seen_free (gpointer data)
{
  Seen *seen = data;

  g_free (seen->method);
  g_free (seen->path);
  g_free (seen->idempotency_key);
  g_free (seen->user_agent);
  g_free (seen->content_type);
  g_clear_pointer (&seen->body, g_bytes_unref);
  g_free (seen);
}

static void
seen_part_free (gpointer data)
{
  SeenPart *part = data;

  g_free (part->name);
  g_free (part->filename);
  g_free (part->content_type);
  g_clear_pointer (&part->body, g_bytes_unref);
  g_free (part);
}

static guint
hits (Fixture    *f,
      const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->hits, path));
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *body)
{
  reply (msg, status, "application/json", body);
}

static void
parse_multipart (Fixture           *f,
                 SoupServerMessage *msg,
                 GBytes            *body)
{
  g_autoptr(SoupMultipart) multipart = NULL;

  g_ptr_array_set_size (f->parts, 0);
  multipart = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), body);
  if (multipart == NULL)
    return;
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *headers = NULL;
      GBytes *part_body = NULL;
      g_autoptr(GHashTable) params = NULL;
      SeenPart *part;

      if (!soup_multipart_get_part (multipart, i, &headers, &part_body))
        continue;
      part = g_new0 (SeenPart, 1);
      if (soup_message_headers_get_content_disposition (headers, NULL, &params))
        {
          part->name = g_strdup (g_hash_table_lookup (params, "name"));
          part->filename = g_strdup (g_hash_table_lookup (params, "filename"));
        }
      part->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
      part->body = g_bytes_ref (part_body);
      g_ptr_array_add (f->parts, part);
    }
}

static gboolean
trickle_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            " ", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static void
trickle_finished_cb (SoupServerMessage *msg,
                     GSource           *source)
{
  g_source_destroy (source);
}

/* A 200 whose body never ends: a space every 0.3 s, the connection alive
 * all along (what an inactivity timeout alone never catches). */
static void
start_trickle (Fixture           *f,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);
  GSource *source = g_timeout_source_new (300);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (out, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (out, "application/json", NULL);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            "[", 1);
  g_source_set_callback (source, trickle_cb, g_object_ref (msg), g_object_unref);
  g_source_attach (source, NULL);
  g_ptr_array_add (f->trickles, source);
  g_signal_connect (msg, "finished", G_CALLBACK (trickle_finished_cb), source);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  guint count = hits (f, path) + 1;
  Seen *seen = g_new0 (Seen, 1);

  g_hash_table_insert (f->hits, g_strdup (path), GUINT_TO_POINTER (count));
  seen->method = g_strdup (soup_server_message_get_method (msg));
  seen->path = g_strdup (path);
  seen->idempotency_key = g_strdup (soup_message_headers_get_one (headers, "Idempotency-Key"));
  seen->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  seen->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  seen->content_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                         ? soup_message_headers_get_content_length (headers) : -1;
  seen->body = g_bytes_ref (body);
  g_ptr_array_add (f->seen, seen);

  if (g_str_equal (path, "/ok") || g_str_equal (path, "/record"))
    reply_json (msg, 200, "{\"ok\": true}");
  else if (g_str_equal (path, "/flaky"))
    {
      if (count == 1)
        reply (msg, 500, "text/plain", "oops");
      else
        reply_json (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/always500"))
    reply (msg, 500, "text/html", "<html>boom</html>");
  else if (g_str_equal (path, "/busy"))
    {
      if (count == 1)
        {
          soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                       "Retry-After", "1");
          reply_json (msg, 429, "{\"error\": \"Slow down\"}");
        }
      else
        reply_json (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/ratelimit"))
    {
      if (count == 1)
        {
          SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);

          soup_message_headers_append (out, "RateLimit-Limit", "10");
          soup_message_headers_append (out, "RateLimit-Remaining", "0");
          soup_message_headers_append (out, "RateLimit-Reset", "1");
          reply_json (msg, 429, "{\"error\": \"Rate limit\"}");
        }
      else
        reply_json (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/quota-500"))
    {
      /* A server error under a rate limit far from spent (VidGen sends
       * the RateLimit-* headers on every answer). */
      SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);

      soup_message_headers_append (out, "RateLimit-Limit", "600");
      soup_message_headers_append (out, "RateLimit-Remaining", "598");
      soup_message_headers_append (out, "RateLimit-Reset", "60");
      if (count == 1)
        reply_json (msg, 500, "{\"error\": \"Server error\"}");
      else
        reply_json (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/retry-date"))
    {
      if (count == 1)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 2);
          g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

          soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                       "Retry-After", date);
          reply (msg, 503, "text/plain", "maintenance");
        }
      else
        reply_json (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/slow-retry"))
    {
      soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                   "Retry-After", "10");
      reply (msg, 503, "text/plain", "later");
    }
  else if (g_str_equal (path, "/hang"))
    soup_server_message_pause (msg);
  else if (g_str_equal (path, "/truncated"))
    reply_json (msg, 200, "{\"photos\": [1, 2");
  else if (g_str_equal (path, "/not-json"))
    reply (msg, 200, "text/html", "<html><body>Welcome</body></html>");
  else if (g_str_equal (path, "/empty"))
    reply_json (msg, 200, "");
  else if (g_str_equal (path, "/e401"))
    reply_json (msg, 401, "{\"error\": \"Invalid API key\"}");
  else if (g_str_equal (path, "/e404"))
    reply_json (msg, 404, "{\"error\": {\"code\": \"not_found\", \"message\": \"No such job\"}}");
  else if (g_str_equal (path, "/e400"))
    reply_json (msg, 400, "{\"message\": \"Description too short\"}");
  else if (g_str_equal (path, "/e422"))
    reply_json (msg, 422, "{\"Error\": \"Insufficient credits\"}");
  else if (g_str_equal (path, "/e403"))
    reply (msg, 403, "text/html", "<html>Forbidden</html>");
  else if (g_str_equal (path, "/e400-nest"))
    reply_json (msg, 400, "{\"statusCode\": 400, \"message\": [\"image_urls must not be empty\","
                          " \"description must be longer\"], \"error\": \"Bad Request\"}");
  else if (g_str_equal (path, "/e403-s3"))
    reply (msg, 403, "application/xml", "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch"
                                        "</Code><Message>The signature does not match</Message></Error>");
  else if (g_str_equal (path, "/echo-400"))
    {
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  else if (g_str_equal (path, "/redirect-out"))
    {
      soup_server_message_set_redirect (msg, 302, "http://example.com/x");
    }
  else if (g_str_equal (path, "/echo"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  else if (g_str_equal (path, "/redirect-307-same"))
    soup_server_message_set_redirect (msg, 307, "/echo");
  else if (g_str_equal (path, "/redirect-307-other") || g_str_equal (path, "/redirect-303-other"))
    {
      g_autofree char *location = g_strconcat (f->other_base, "/echo", NULL);

      soup_server_message_set_redirect (msg, g_str_has_prefix (path, "/redirect-307") ? 307 : 303,
                                        location);
    }
  else if (g_str_equal (path, "/503-once"))
    {
      if (count == 1)
        {
          soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                       "Retry-After", "1");
          reply_json (msg, 503, "{\"error\": \"Busy, try again\"}");
        }
      else
        reply_json (msg, 200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/trickle"))
    start_trickle (f, msg);
  else if (g_str_equal (path, "/redirect-in"))
    {
      soup_server_message_set_redirect (msg, 302, "/ok");
    }
  else if (g_str_equal (path, "/upload"))
    {
      g_autofree char *json = NULL;

      parse_multipart (f, msg, body);
      json = g_strdup_printf ("{\"parts\": %u}", f->parts->len);
      reply_json (msg, 200, json);
    }
  else if (g_str_equal (path, "/file"))
    {
      g_autofree char *data = g_malloc (1024 * 1024);

      for (guint i = 0; i < 1024 * 1024; i++)
        data[i] = (char) (i * 7 + i / 1000);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "video/mp4", SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&data), 1024 * 1024);
    }
  else if (g_str_equal (path, "/stall"))
    {
      /* 64 KB of an announced 1 MB, then nothing: the server pauses itself
       * when it runs out of body to write. */
      g_autofree char *data = g_malloc0 (64 * 1024);
      SoupMessageHeaders *out = soup_server_message_get_response_headers (msg);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_content_length (out, 1024 * 1024);
      soup_message_headers_set_content_type (out, "video/mp4", NULL);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                                data, 64 * 1024);
    }
  else
    reply (msg, 404, "text/plain", "no such path");
}

static SoupServer *
start_server (Fixture  *f,
              guint16   port,
              GError  **error)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  soup_server_add_handler (server, NULL, server_cb, f, NULL);
  if (!soup_server_listen (server, address, 0, error))
    return NULL;
  return g_steal_pointer (&server);
}

static void
queued_cb (SoupSession *session,
           SoupMessage *msg,
           Fixture     *f)
{
  f->queued++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  SoupSession *session = vitrine_http_get_session (vitrine_http_get_default ());

  f->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->seen = g_ptr_array_new_with_free_func (seen_free);
  f->parts = g_ptr_array_new_with_free_func (seen_part_free);
  f->trickles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  f->dir = vitrine_test_make_tmpdir ();
  f->server = start_server (f, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  f->queued_id = g_signal_connect (session, "request-queued", G_CALLBACK (queued_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  SoupSession *session = vitrine_http_get_session (vitrine_http_get_default ());

  g_clear_signal_handler (&f->queued_id, session);
  g_clear_signal_handler (&f->unqueued_id, session);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  if (f->late_server != NULL)
    soup_server_disconnect (f->late_server);
  g_clear_object (&f->late_server);
  for (guint i = 0; i < f->trickles->len; i++)
    g_source_destroy (g_ptr_array_index (f->trickles, i));
  g_ptr_array_unref (f->trickles);
  if (f->other_server != NULL)
    soup_server_disconnect (f->other_server);
  g_clear_object (&f->other_server);
  g_free (f->other_base);
  /* Let the session see the closed connections. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  vitrine_test_rmtree (f->dir);
  g_free (f->dir);
  g_free (f->base);
  g_ptr_array_unref (f->seen);
  g_ptr_array_unref (f->parts);
  g_hash_table_unref (f->hits);
}

static char *
url (Fixture    *f,
     const char *path)
{
  return g_strconcat (f->base, path, NULL);
}

/* }}} */

/* {{{ Running a request */

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static JsonNode *
send_json (VitrineHttpRequest  *request,
           GCancellable        *cancellable,
           guint               *status,
           double              *seconds,
           GError             **error)
{
  VitrineHttp *http = vitrine_http_get_default ();
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  JsonNode *node;

  vitrine_http_send_async (http, request, cancellable, got_result_cb, &result);
  wait_for (&result);
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  node = vitrine_http_send_json_finish (http, result, status, error);
  return node;
}

static gboolean
download (VitrineHttpRequest   *request,
          const char           *path,
          VitrineHttpProgress   progress,
          gpointer              progress_data,
          GCancellable         *cancellable,
          double               *seconds,
          GError              **error)
{
  VitrineHttp *http = vitrine_http_get_default ();
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  vitrine_http_download_async (http, request, path, progress, progress_data, cancellable,
                               got_result_cb, &result);
  wait_for (&result);
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  return vitrine_http_download_finish (http, result, error);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
make_random_file (const char *dir,
                  const char *name,
                  gsize       size,
                  guint32     seed)
{
  g_autofree char *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = (char) g_rand_int_range (rand, 0, 256);
  /* Bytes that look like multipart syntax must survive too. */
  if (size > 64)
    memcpy (data + 10, "\r\n--vitrine-\r\n\r\n", 16);
  return vitrine_test_make_file (dir, name, data, size);
}

/* }}} */

/* {{{ Pure functions */

static void
test_check_url (void)
{
  static const struct {
    const char *url;
    gboolean    ok;
  } rows[] = {
    { "https://api.example.com/v1/jobs", TRUE },
    { "HTTPS://API.EXAMPLE.COM/", TRUE },
    { "http://127.0.0.1:8080/x", TRUE },
    { "http://127.1.2.3/", TRUE },
    { "http://[::1]:9000/health", TRUE },
    { "http://localhost/", TRUE },
    { "http://LocalHost:3000/", TRUE },
    { "http://example.com/", FALSE },
    { "http://10.0.0.1/", FALSE },
    { "http://localhost.example.com/", FALSE },
    { "http://127.0.0.1.evil.example/", FALSE },
    { "http://127.0.0.1@evil.example/", FALSE },
    { "http://[::ffff:8.8.8.8]/", FALSE },
    { "ftp://example.com/file", FALSE },
    { "file:///etc/passwd", FALSE },
    { "not a url", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = vitrine_http_check_url (rows[i].url, &error);

      g_test_message ("%s -> %s", rows[i].url, error ? error->message : "ok");
      g_assert_cmpint (ok, ==, rows[i].ok);
      if (ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE);
          g_assert_cmpstr (error->message, !=, "");
        }
    }
}

static void
test_redact_text (void)
{
  static const struct {
    const char *text;
    const char *secret;
  } rows[] = {
    { "x-api-key: abc123secret", "abc123secret" },
    { "X-API-Key: abc123secret", "abc123secret" },
    { "Authorization: Bearer eyJhbGciOi.secret.sig", "eyJhbGciOi" },
    { "{\"vikit_api_key\": \"vk_live_secret\", \"photos\": []}", "vk_live_secret" },
    { "{\"api_key\":\"k-secret\"}", "k-secret" },
    { "https://bucket.s3.amazonaws.com/a.mp4?X-Amz-Algorithm=AWS4&X-Amz-Credential=AKIA%2Fsecret"
      "&X-Amz-Signature=deadbeefsecret&X-Amz-Security-Token=tok-secret", "secret" },
    { "https://cdn.example.com/v.mp4?Expires=1&Signature=sig-secret&Key-Pair-Id=K1", "sig-secret" },
    { "https://api.example.com/x?token=tok-secret&page=2", "tok-secret" },
    { "https://api.example.com/x?key=k-secret", "k-secret" },
    { "https://user:pa55-secret@example.com/", "pa55-secret" },
    { "sent with Bearer sk-live-secret", "sk-live-secret" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *redacted = vitrine_http_redact (rows[i].text);

      g_test_message ("%s -> %s", rows[i].text, redacted);
      g_assert_null (strstr (redacted, rows[i].secret));
      g_assert_nonnull (strstr (redacted, "[REDACTED]"));
    }

  /* What is not secret stays readable. */
  {
    g_autofree char *redacted =
      vitrine_http_redact ("GET https://api.example.com/jobs/42?page=2&X-Amz-Expires=60");

    g_assert_cmpstr (redacted, ==, "GET https://api.example.com/jobs/42?page=2&X-Amz-Expires=60");
  }
  {
    g_autofree char *redacted = vitrine_http_redact ("https://x.example/?X-Amz-Signature=abc&a=1");

    g_assert_cmpstr (redacted, ==, "https://x.example/?X-Amz-Signature=[REDACTED]&a=1");
  }
  g_assert_null (vitrine_http_redact (NULL));
}

static void
test_redact_registered_names (void)
{
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", "https://x.example/");
  g_autoptr(JsonNode) body = json_from_string ("{\"listing_secret_code\": \"abc\"}", NULL);
  const char * const secrets[] = { "listing_secret_code", NULL };
  g_autofree char *header = NULL;
  g_autofree char *json = NULL;

  vitrine_http_request_add_secret_header (request, "X-Vendor-Signature", "vendor-secret");
  vitrine_http_request_set_json_body (request, body, secrets);

  header = vitrine_http_redact ("X-Vendor-Signature: vendor-secret");
  g_assert_cmpstr (header, ==, "X-Vendor-Signature: [REDACTED]");
  json = vitrine_http_redact ("{\"listing_secret_code\":\"abc-secret\",\"n\":1}");
  g_assert_cmpstr (json, ==, "{\"listing_secret_code\":\"[REDACTED]\",\"n\":1}");
}

static void
test_json_helpers (void)
{
  g_autoptr(JsonNode) node =
    json_from_string ("{\"id\": \"job-1\", \"n\": 3, \"d\": 4.0, \"half\": 2.5, \"list\": [1],"
                      " \"nothing\": null, \"text_n\": \"5\"}", NULL);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  g_assert_cmpstr (vitrine_json_require_string (object, "id", &error), ==, "job-1");
  g_assert_no_error (error);
  g_assert_null (vitrine_json_require_string (object, "n", &error));
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY);
  g_assert_nonnull (strstr (error->message, "n"));
  g_clear_error (&error);
  g_assert_null (vitrine_json_require_string (object, "missing", &error));
  g_assert_nonnull (strstr (error->message, "missing"));
  g_clear_error (&error);

  g_assert_true (vitrine_json_require_int (object, "n", &value, &error));
  g_assert_cmpint (value, ==, 3);
  g_assert_true (vitrine_json_require_int (object, "d", &value, &error));
  g_assert_cmpint (value, ==, 4);
  g_assert_no_error (error);
  g_assert_false (vitrine_json_require_int (object, "half", &value, &error));
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY);
  g_clear_error (&error);
  g_assert_false (vitrine_json_require_int (object, "text_n", &value, &error));
  g_clear_error (&error);

  g_assert_nonnull (vitrine_json_require_array (object, "list", &error));
  g_assert_null (vitrine_json_require_array (object, "id", &error));
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY);
  g_clear_error (&error);

  g_assert_null (vitrine_json_get_string (object, "nothing"));
  g_assert_null (vitrine_json_get_string (object, "n"));
  g_assert_cmpstr (vitrine_json_get_string (object, "id"), ==, "job-1");
  g_assert_cmpint (vitrine_json_get_int (object, "n", -1), ==, 3);
  g_assert_cmpint (vitrine_json_get_int (object, "nothing", -1), ==, -1);
  g_assert_cmpint (vitrine_json_get_int (object, "id", 7), ==, 7);
  g_assert_null (vitrine_json_get_string (NULL, "id"));
}

static void
test_transient (void)
{
  static const struct {
    int      code;
    gboolean transient;
  } rows[] = {
    { VITRINE_HTTP_ERROR_NETWORK, TRUE },
    { VITRINE_HTTP_ERROR_UNREACHABLE, TRUE },
    { VITRINE_HTTP_ERROR_TIMEOUT, TRUE },
    { 429, TRUE },
    { 500, TRUE },
    { 503, TRUE },
    { VITRINE_HTTP_ERROR_INSECURE, FALSE },
    { VITRINE_HTTP_ERROR_BAD_REPLY, FALSE },
    { VITRINE_HTTP_ERROR_TLS, FALSE },
    { 400, FALSE },
    { 401, FALSE },
    { 404, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = g_error_new (VITRINE_HTTP_ERROR, rows[i].code, "x");

      g_assert_cmpint (vitrine_error_is_transient (error), ==, rows[i].transient);
      g_assert_cmpuint (vitrine_http_error_get_status (error), ==,
                        rows[i].code >= 100 ? (guint) rows[i].code : 0);
    }
}

static void
test_idempotence (void)
{
  g_autoptr(VitrineHttpRequest) get = vitrine_http_request_new ("get", "https://x.example/");
  g_autoptr(VitrineHttpRequest) put = vitrine_http_request_new ("PUT", "https://x.example/");
  g_autoptr(VitrineHttpRequest) post = vitrine_http_request_new ("POST", "https://x.example/");
  g_autoptr(VitrineHttpRequest) keyed = vitrine_http_request_new ("POST", "https://x.example/");
  g_autoptr(VitrineHttpRequest) marked = vitrine_http_request_new ("POST", "https://x.example/");

  vitrine_http_request_add_header (keyed, "idempotency-key", "k1");
  vitrine_http_request_set_idempotent (marked, TRUE);

  g_assert_cmpstr (vitrine_http_request_get_method (get), ==, "GET");
  g_assert_true (vitrine_http_request_is_idempotent (get));
  g_assert_true (vitrine_http_request_is_idempotent (put));
  g_assert_false (vitrine_http_request_is_idempotent (post));
  g_assert_true (vitrine_http_request_is_idempotent (keyed));
  g_assert_true (vitrine_http_request_is_idempotent (marked));
}

/* }}} */

/* {{{ Retries */

static void
test_get_500_once (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *u = url (f, "/flaky");
  VitrineHttpRequest *request = vitrine_http_request_new ("GET", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  node = send_json (request, NULL, &status, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (hits (f, "/flaky"), ==, 2);
  g_assert_cmpuint (f->queued, ==, 2);

  /* Nothing kept a reference once the request ended. */
  g_assert_finalize_object (request);
}

static void
test_post_500_not_retried (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *u = url (f, "/always500");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", u);
  g_autoptr(JsonNode) body = json_from_string ("{\"photos\": [\"a\"]}", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  vitrine_http_request_set_json_body (request, body, NULL);
  node = send_json (request, NULL, &status, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, VITRINE_HTTP_ERROR, 500);
  g_assert_cmpuint (status, ==, 500);
  g_assert_cmpuint (vitrine_http_error_get_status (error), ==, 500);
  g_assert_cmpstr (error->message, ==, "The server answered 500 (Internal Server Error).");
  g_assert_cmpuint (hits (f, "/always500"), ==, 1);
}

static void
test_post_idempotency_key (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *u = url (f, "/flaky");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", u);
  g_autoptr(JsonNode) body = json_from_string ("{\"name\": \"listing 4812\"}", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  vitrine_http_request_add_header (request, "Idempotency-Key", "listing-4812-v1");
  vitrine_http_request_set_json_body (request, body, NULL);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits (f, "/flaky"), ==, 2);
  g_assert_cmpuint (f->seen->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      Seen *seen = g_ptr_array_index (f->seen, i);

      g_assert_cmpstr (seen->method, ==, "POST");
      g_assert_cmpstr (seen->idempotency_key, ==, "listing-4812-v1");
      g_assert_cmpmem (g_bytes_get_data (seen->body, NULL), g_bytes_get_size (seen->body),
                       "{\"name\":\"listing 4812\"}", strlen ("{\"name\":\"listing 4812\"}"));
    }
}

static void
test_post_marked_idempotent (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *u = url (f, "/flaky");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  vitrine_http_request_set_idempotent (request, TRUE);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits (f, "/flaky"), ==, 2);
}

static void
test_get_gives_up (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *u = url (f, "/always500");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  vitrine_http_request_set_max_attempts (request, 3);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_error (error, VITRINE_HTTP_ERROR, 500);
  g_assert_cmpuint (hits (f, "/always500"), ==, 3);
}

/* GETs @path, which fails once and then answers: how long it took. */
static double
get_after_one_retry (Fixture    *f,
                     const char *path)
{
  g_autofree char *u = url (f, path);
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  node = send_json (request, NULL, NULL, &seconds, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_test_message ("%s: success after %.2f s", path, seconds);
  g_assert_cmpuint (hits (f, path), ==, 2);
  return seconds;
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  double seconds = get_after_one_retry (f, data);

  g_assert_cmpfloat (seconds, >=, 0.95);
  g_assert_cmpfloat (seconds, <, 5);
}

/* RateLimit-Reset says when the quota comes back: a wait only once it is
 * spent. A 500 with quota left is retried with the usual backoff, not at
 * the end of the minute. */
static void
test_ratelimit_not_spent (Fixture       *f,
                          gconstpointer  data)
{
  g_assert_cmpfloat (get_after_one_retry (f, "/quota-500"), <, 10);
}

static void
test_post_429_not_retried (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *u = url (f, "/busy");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  node = send_json (request, NULL, NULL, &seconds, &error);
  g_assert_error (error, VITRINE_HTTP_ERROR, 429);
  g_assert_cmpstr (error->message, ==, "Slow down");
  g_assert_cmpfloat (seconds, <, 0.9);
  g_assert_cmpuint (hits (f, "/busy"), ==, 1);
}

/* No POST without an Idempotency-Key is sent again after a 503 (or any
 * answer but a refused connection): the server may have acted on it. The
 * same 503 to a keyed POST or to a GET is retried after its Retry-After. */
static void
test_post_503_not_retried (Fixture       *f,
                           gconstpointer  data)
{
  const struct {
    const char *method;
    const char *key;
    guint       sent;
  } rows[] = {
    { "POST", NULL, 1 },
    { "POST", "job-7-start", 2 },
    { "GET", NULL, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *u = url (f, "/503-once");
      g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new (rows[i].method, u);
      g_autoptr(JsonNode) body = json_from_string ("{\"photos\": [\"a\"]}", NULL);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      guint status = 0;

      g_hash_table_remove (f->hits, "/503-once");
      if (g_str_equal (rows[i].method, "POST"))
        vitrine_http_request_set_json_body (request, body, NULL);
      if (rows[i].key != NULL)
        vitrine_http_request_add_header (request, "Idempotency-Key", rows[i].key);
      node = send_json (request, NULL, &status, NULL, &error);
      if (rows[i].sent == 1)
        {
          g_assert_error (error, VITRINE_HTTP_ERROR, 503);
          g_assert_cmpstr (error->message, ==, "Busy, try again");
        }
      else
        g_assert_no_error (error);
      g_assert_cmpuint (hits (f, "/503-once"), ==, rows[i].sent);
    }
}

/* }}} */

/* {{{ Timeouts, resets, refusals */

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  const char *method = data;
  gboolean idempotent = g_str_equal (method, "GET");
  g_autofree char *u = url (f, "/hang");
  VitrineHttpRequest *request = vitrine_http_request_new (method, u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  vitrine_http_request_set_timeout (request, 1);
  vitrine_http_request_set_max_attempts (request, 2);
  node = send_json (request, NULL, NULL, &seconds, &error);
  g_test_message ("%s: %s after %.2f s", method, error ? error->message : "?", seconds);
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TIMEOUT);
  if (idempotent)
    {
      /* 1 s, a wait of 0.375–0.625 s, 1 s */
      g_assert_cmpuint (hits (f, "/hang"), ==, 2);
      g_assert_cmpfloat (seconds, >=, 2.0);
      g_assert_cmpfloat (seconds, <, 4.5);
    }
  else
    {
      g_assert_cmpuint (hits (f, "/hang"), ==, 1);
      g_assert_cmpfloat (seconds, >=, 0.95);
      g_assert_cmpfloat (seconds, <, 3.0);
    }
  g_assert_true (vitrine_error_is_transient (error));

  /* Nothing kept a reference once the request ended. */
  g_assert_finalize_object (request);
}

/* A server that reads a request and resets the connection. */
typedef struct {
  GSocketConnection *connection;
  char               buffer[4096];
  GString           *request;
} ResetClient;

static void
reset_client_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ResetClient *client = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n > 0)
    g_string_append_len (client->request, client->buffer, n);
  if (n > 0 && strstr (client->request->str, "\r\n\r\n") == NULL)
    {
      g_input_stream_read_async (G_INPUT_STREAM (object), client->buffer, sizeof client->buffer,
                                 G_PRIORITY_DEFAULT, NULL, reset_client_read_cb, client);
      return;
    }

  {
    GSocket *socket = g_socket_connection_get_socket (client->connection);
    struct linger linger = { 1, 0 };   /* close with RST */

    setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);
  }
  g_object_unref (client->connection);
  g_string_free (client->request, TRUE);
  g_free (client);
}

static gboolean
reset_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   guint             *connections)
{
  ResetClient *client = g_new0 (ResetClient, 1);

  (*connections)++;
  client->connection = g_object_ref (connection);
  client->request = g_string_new (NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                             client->buffer, sizeof client->buffer, G_PRIORITY_DEFAULT, NULL,
                             reset_client_read_cb, client);
  return TRUE;
}

static void
test_reset (Fixture       *f,
            gconstpointer  data)
{
  const char *method = data;
  gboolean idempotent = g_str_equal (method, "GET");
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *u = NULL;
  guint connections = 0;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (reset_incoming_cb), &connections);
  g_socket_service_start (service);

  u = g_strdup_printf ("http://127.0.0.1:%u/reset",
                       g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  request = vitrine_http_request_new (method, u);
  vitrine_http_request_set_max_attempts (request, 3);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_test_message ("%s: %s", method, error ? error->message : "?");
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_NETWORK);
  g_assert_cmpuint (connections, ==, idempotent ? 3 : 1);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
unqueued_start_server_cb (SoupSession *session,
                          SoupMessage *msg,
                          Fixture     *f)
{
  g_autoptr(GError) error = NULL;

  if (f->late_server != NULL)
    return;
  f->late_server = start_server (f, f->late_port, &error);
  g_assert_no_error (error);
}

/* A POST whose connection was refused never reached the server: it is
 * tried again, and gets through once the server listens. */
static void
test_refused_post_retried (Fixture       *f,
                           gconstpointer  data)
{
  SoupSession *session = vitrine_http_get_session (vitrine_http_get_default ());
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *u = NULL;

  f->late_port = vitrine_test_web_closed_port ();
  u = g_strdup_printf ("http://127.0.0.1:%u/record", f->late_port);
  request = vitrine_http_request_new ("POST", u);
  vitrine_http_request_set_max_attempts (request, 2);
  f->unqueued_id = g_signal_connect (session, "request-unqueued",
                                     G_CALLBACK (unqueued_start_server_cb), f);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (f->queued, ==, 2);
  g_assert_cmpuint (hits (f, "/record"), ==, 1);
}

/* Without a server at all the refusal ends as an error that says nothing
 * was sent (a paid POST so refused is not an answer lost). */
static void
test_refused_post_gives_up (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *u = NULL;

  u = g_strdup_printf ("http://127.0.0.1:%u/record", vitrine_test_web_closed_port ());
  request = vitrine_http_request_new ("POST", u);
  vitrine_http_request_set_max_attempts (request, 2);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_test_message ("%s", error ? error->message : "?");
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_cmpuint (f->queued, ==, 2);
}

/* }}} */

/* {{{ Replies */

static void
test_bad_reply (Fixture       *f,
                gconstpointer  data)
{
  const char *path = data;
  g_autofree char *u = url (f, path);
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  node = send_json (request, NULL, &status, NULL, &error);
  g_test_message ("%s: %s", path, error ? error->message : "?");
  g_assert_null (node);
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (hits (f, path), ==, 1);
  g_assert_false (vitrine_error_is_transient (error));
}

static void
test_status_messages (Fixture       *f,
                      gconstpointer  data)
{
  /* A service's own error format is read by the reader its provider sets
   * (Vikit's "Error" member, S3's XML); without it, the generic sentence. */
  const struct {
    const char             *path;
    guint                   status;
    const char             *message;
    VitrineHttpErrorReader  reader;
  } rows[] = {
    { "/e401", 401, "Invalid API key", NULL },
    { "/e404", 404, "No such job", NULL },
    { "/e400", 400, "Description too short", NULL },
    { "/e422", 422, "Insufficient credits", vitrine_vikit_replies.read_error },
    { "/e422", 422, "The server answered 422 (Unprocessable Entity).", NULL },
    { "/e403", 403, "The server answered 403 (Forbidden).", NULL },
    { "/e400-nest", 400, "image_urls must not be empty; description must be longer", NULL },
    { "/e403-s3", 403, "The signature does not match (SignatureDoesNotMatch)",
      vitrine_media_host_read_error },
    { "/e403-s3", 403, "The server answered 403 (Forbidden).", NULL },
    { "/e401", 401, "Invalid API key", vitrine_media_host_read_error },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *u = url (f, rows[i].path);
      g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      guint status = 0;

      g_hash_table_remove (f->hits, rows[i].path);
      vitrine_http_request_set_error_reader (request, rows[i].reader);
      node = send_json (request, NULL, &status, NULL, &error);
      g_assert_error (error, VITRINE_HTTP_ERROR, (int) rows[i].status);
      g_assert_cmpstr (error->message, ==, rows[i].message);
      g_assert_cmpuint (status, ==, rows[i].status);
      g_assert_cmpuint (vitrine_http_error_get_status (error), ==, rows[i].status);
      g_assert_cmpuint (hits (f, rows[i].path), ==, 1);   /* a 4xx is never retried */
      g_assert_false (vitrine_error_is_transient (error));
    }
}

/* A reply that quotes the request's key (an error that names it, say)
 * brings it nowhere: the key of a secret header or a secret JSON member
 * is "[REDACTED]" in what the reply gives, error messages included. It
 * reached the job's error, the store and the screen. */
static void
test_reply_secrets (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const secret_members[] = { "vikit_api_key", NULL };
  g_autofree char *u400 = url (f, "/echo-400");
  g_autofree char *u200 = url (f, "/echo");
  g_autoptr(VitrineHttpRequest) refused = vitrine_http_request_new ("POST", u400);
  g_autoptr(VitrineHttpRequest) echoed = vitrine_http_request_new ("POST", u200);
  g_autoptr(JsonNode) body = json_from_string ("{\"vikit_api_key\": \"vk-live-0123456789\","
                                               " \"error\": \"key vk-live-0123456789 is suspended\"}",
                                               NULL);
  g_autoptr(JsonNode) quoted = json_from_string ("{\"note\": \"token tok-abcdef123456 seen\"}", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  vitrine_http_request_set_json_body (refused, body, secret_members);
  node = send_json (refused, NULL, NULL, NULL, &error);
  g_assert_error (error, VITRINE_HTTP_ERROR, 400);
  g_assert_null (strstr (error->message, "vk-live-0123456789"));
  g_assert_cmpstr (error->message, ==, "key " VITRINE_HTTP_REDACTED " is suspended");

  vitrine_http_request_add_secret_header (echoed, "Authorization", "Bearer tok-abcdef123456");
  vitrine_http_request_set_json_body (echoed, quoted, NULL);
  node = send_json (echoed, NULL, NULL, NULL, NULL);
  g_assert_nonnull (node);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "note"), ==,
                   "token " VITRINE_HTTP_REDACTED " seen");
}

static void
test_user_agent (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *u = url (f, "/record");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  Seen *seen;

  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  seen = g_ptr_array_index (f->seen, 0);
  g_assert_cmpstr (seen->user_agent, ==, "Vitrine/" PACKAGE_VERSION);
}

/* }}} */

/* {{{ Security */

static void
test_insecure_url (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  request = vitrine_http_request_new ("GET", "http://example.com/jobs");
  node = send_json (request, NULL, NULL, &seconds, &error);
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "example.com"));
  g_assert_cmpuint (f->queued, ==, 0);
  g_assert_cmpfloat (seconds, <, 0.5);
}

static void
test_insecure_redirect (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *u = url (f, "/redirect-out");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  vitrine_http_request_add_secret_header (request, "x-api-key", "redirect-secret");
  node = send_json (request, NULL, NULL, NULL, &error);
  g_test_message ("%s", error ? error->message : "?");
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE);
  g_assert_cmpuint (hits (f, "/redirect-out"), ==, 1);
  g_assert_cmpuint (f->queued, ==, 1);   /* nothing was sent to example.com */
}

static void
start_other_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  f->other_server = start_server (f, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->other_server);
  f->other_base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

/* Vikit sends its key in the JSON body: a 307 to another origin (here
 * another port) would carry it there. Refused, with a clear error;
 * nothing reaches the other server. */
static void
test_redirect_body_other_origin (Fixture       *f,
                                 gconstpointer  data)
{
  static const char * const secrets[] = { "vikit_api_key", NULL };
  g_autofree char *u = url (f, "/redirect-307-other");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", u);
  g_autoptr(JsonNode) body =
    json_from_string ("{\"vikit_api_key\": \"test-key-not-real\", \"photos\": [\"a\"]}", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  start_other_server (f);
  vitrine_http_request_set_json_body (request, body, secrets);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_test_message ("%s", error ? error->message : "?");
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "another server"));
  g_assert_false (vitrine_error_is_transient (error));
  g_assert_cmpuint (hits (f, "/redirect-307-other"), ==, 1);
  g_assert_cmpuint (hits (f, "/echo"), ==, 0);
  g_assert_cmpuint (f->queued, ==, 1);
}

/* On the same origin a 307 keeps the method and the body, and is followed. */
static void
test_redirect_body_same_origin (Fixture       *f,
                                gconstpointer  data)
{
  static const char *text = "{\"vikit_api_key\":\"test-key-not-real\",\"photos\":[\"a\"]}";
  g_autofree char *u = url (f, "/redirect-307-same");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", u);
  g_autoptr(JsonNode) body = json_from_string (text, NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *echoed = NULL;
  Seen *seen;

  vitrine_http_request_set_json_body (request, body, NULL);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits (f, "/echo"), ==, 1);
  seen = g_ptr_array_index (f->seen, f->seen->len - 1);
  g_assert_cmpstr (seen->method, ==, "POST");
  g_assert_cmpmem (g_bytes_get_data (seen->body, NULL), g_bytes_get_size (seen->body),
                   text, strlen (text));
  /* the echo of the key does not come back (test_reply_secrets) */
  echoed = json_to_string (node, FALSE);
  g_assert_cmpstr (echoed, ==, "{\"vikit_api_key\":\"" VITRINE_HTTP_REDACTED "\",\"photos\":[\"a\"]}");
}

/* Without a body to carry, a redirect elsewhere is still followed: a GET,
 * or a POST answered 303 (which goes on as a GET, without its body). */
static void
test_redirect_no_body_other_origin (Fixture       *f,
                                    gconstpointer  data)
{
  static const struct {
    const char *method;
    const char *path;
  } rows[] = {
    { "GET", "/redirect-307-other" },
    { "POST", "/redirect-303-other" },
  };

  start_other_server (f);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *u = url (f, rows[i].path);
      g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new (rows[i].method, u);
      g_autoptr(JsonNode) body = json_from_string ("{\"photos\": [\"a\"]}", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      VitrineHttp *http = vitrine_http_get_default ();
      Seen *seen;

      if (g_str_equal (rows[i].method, "POST"))
        vitrine_http_request_set_json_body (request, body, NULL);
      vitrine_http_send_async (http, request, NULL, got_result_cb, &result);
      reply = vitrine_http_send_finish (http, wait_for (&result), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hits (f, "/echo"), ==, i + 1);
      seen = g_ptr_array_index (f->seen, f->seen->len - 1);
      g_assert_cmpstr (seen->method, ==, "GET");
      g_assert_cmpuint (g_bytes_get_size (seen->body), ==, 0);
    }
}

static void
test_redirect_followed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *u = url (f, "/redirect-in");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
  g_assert_cmpuint (hits (f, "/redirect-in"), ==, 1);
  g_assert_cmpuint (hits (f, "/ok"), ==, 1);
}

static void
test_tls_self_signed (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert_path = g_build_filename (f->dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (f->dir, "key.pem", NULL);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *u = NULL;
  double seconds = 0;
  int wait_status = 0;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend (glib-networking)");
      return;
    }
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  {
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-keyout", key_path, "-out", cert_path, "-days", "2", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", NULL
    };

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &wait_status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (wait_status, NULL))
      {
        g_test_skip ("openssl could not make a certificate");
        return;
      }
  }

  cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (server, NULL, server_cb, f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  u = g_strdup_printf ("https://127.0.0.1:%d/ok", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  request = vitrine_http_request_new ("GET", u);
  node = send_json (request, NULL, NULL, &seconds, &error);
  g_test_message ("%s", error ? error->message : "?");
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TLS);
  g_assert_cmpuint (hits (f, "/ok"), ==, 0);
  g_assert_cmpuint (f->queued, ==, 1);     /* not retried */
  g_assert_false (vitrine_error_is_transient (error));

  soup_server_disconnect (server);
}

/* }}} */

/* {{{ Bodies */

static void
test_multipart (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *u = url (f, "/upload");
  g_autofree char *photo = make_random_file (f->dir, "kitchen.jpg", 300 * 1024 + 7, 1);
  g_autofree char *audio = make_random_file (f->dir, "music.wav", 40 * 1024, 2);
  g_autofree char *empty = vitrine_test_make_file (f->dir, "empty.txt", "", 0);
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_data = NULL;
  g_autofree char *audio_data = NULL;
  gsize photo_len, audio_len;
  Seen *seen;
  SeenPart *part;

  vitrine_http_request_add_form_field (request, "title", "Kitchen, 4812 Elm St.");
  vitrine_http_request_add_form_file (request, "image", photo, "photo-1.jpg", "image/jpeg");
  vitrine_http_request_add_form_field (request, "webhookUrl", "");
  vitrine_http_request_add_form_file (request, "audio", audio, NULL, "audio/wav");
  vitrine_http_request_add_form_file (request, "notes", empty, "notes.txt", NULL);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "parts"), ==, 5);

  seen = g_ptr_array_index (f->seen, 0);
  g_assert_cmpint (seen->content_length, ==, (gint64) g_bytes_get_size (seen->body));
  g_assert_true (g_str_has_prefix (seen->content_type, "multipart/form-data"));

  g_assert_true (g_file_get_contents (photo, &photo_data, &photo_len, NULL));
  g_assert_true (g_file_get_contents (audio, &audio_data, &audio_len, NULL));

  part = g_ptr_array_index (f->parts, 0);
  g_assert_cmpstr (part->name, ==, "title");
  g_assert_null (part->filename);
  g_assert_cmpmem (g_bytes_get_data (part->body, NULL), g_bytes_get_size (part->body),
                   "Kitchen, 4812 Elm St.", strlen ("Kitchen, 4812 Elm St."));

  part = g_ptr_array_index (f->parts, 1);
  g_assert_cmpstr (part->name, ==, "image");
  g_assert_cmpstr (part->filename, ==, "photo-1.jpg");
  g_assert_cmpstr (part->content_type, ==, "image/jpeg");
  g_assert_cmpmem (g_bytes_get_data (part->body, NULL), g_bytes_get_size (part->body),
                   photo_data, photo_len);

  part = g_ptr_array_index (f->parts, 2);
  g_assert_cmpstr (part->name, ==, "webhookUrl");
  g_assert_cmpuint (g_bytes_get_size (part->body), ==, 0);

  part = g_ptr_array_index (f->parts, 3);
  g_assert_cmpstr (part->name, ==, "audio");
  g_assert_cmpstr (part->filename, ==, "music.wav");
  g_assert_cmpstr (part->content_type, ==, "audio/wav");
  g_assert_cmpmem (g_bytes_get_data (part->body, NULL), g_bytes_get_size (part->body),
                   audio_data, audio_len);

  part = g_ptr_array_index (f->parts, 4);
  g_assert_cmpstr (part->filename, ==, "notes.txt");
  g_assert_cmpstr (part->content_type, ==, "application/octet-stream");
  g_assert_cmpuint (g_bytes_get_size (part->body), ==, 0);
}

/* A retried upload sends its files again, from the start. */
static void
test_multipart_retried (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *u = url (f, "/flaky");
  g_autofree char *photo = make_random_file (f->dir, "a.jpg", 100 * 1024, 3);
  VitrineHttpRequest *request = vitrine_http_request_new ("POST", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  Seen *first, *second;

  vitrine_http_request_add_header (request, "Idempotency-Key", "upload-1");
  vitrine_http_request_add_form_file (request, "image", photo, NULL, "image/jpeg");
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->seen->len, ==, 2);
  first = g_ptr_array_index (f->seen, 0);
  second = g_ptr_array_index (f->seen, 1);
  g_assert_cmpuint (g_bytes_get_size (first->body), >, 100 * 1024);
  g_assert_true (g_bytes_equal (first->body, second->body));
  g_assert_cmpint (second->content_length, ==, (gint64) g_bytes_get_size (second->body));

  /* Nothing kept a reference once the request ended. */
  g_assert_finalize_object (request);
}

static void
test_file_body (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *u = url (f, "/record");
  g_autofree char *path = make_random_file (f->dir, "video.bin", 2 * 1024 * 1024 + 3, 4);
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("PUT", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  Seen *seen;

  vitrine_http_request_set_file_body (request, "video/mp4", path);
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  seen = g_ptr_array_index (f->seen, 0);
  g_assert_cmpstr (seen->method, ==, "PUT");
  g_assert_cmpstr (seen->content_type, ==, "video/mp4");
  g_assert_cmpint (seen->content_length, ==, (gint64) len);
  g_assert_cmpmem (g_bytes_get_data (seen->body, NULL), g_bytes_get_size (seen->body),
                   contents, len);
}

static void
test_missing_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *u = url (f, "/record");
  g_autofree char *path = g_build_filename (f->dir, "gone.jpg", NULL);
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  vitrine_http_request_add_form_file (request, "image", path, NULL, "image/jpeg");
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (f->queued, ==, 0);
}

/* }}} */

/* {{{ Downloads */

typedef struct {
  double        last;
  guint         calls;
  gboolean      monotonic;
  GCancellable *cancel_on_progress;
} Progress;

static void
progress_cb (double   progress,
             gpointer user_data)
{
  Progress *p = user_data;

  if (progress < p->last)
    p->monotonic = FALSE;
  p->last = progress;
  p->calls++;
  if (p->cancel_on_progress != NULL && progress > 0 && progress < 1)
    g_cancellable_cancel (p->cancel_on_progress);
}

static void
test_download (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *u = url (f, "/file");
  g_autofree char *path = g_build_filename (f->dir, "out.mp4", NULL);
  g_autofree char *part = g_build_filename (f->dir, ".out.mp4.part", NULL);
  VitrineHttpRequest *request = vitrine_http_request_new ("GET", u);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  Progress progress = { .monotonic = TRUE };
  gsize len = 0;

  g_assert_true (download (request, path, progress_cb, &progress, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, 1024 * 1024);
  for (guint i = 0; i < len; i++)
    if (contents[i] != (char) (i * 7 + i / 1000))
      g_assert_not_reached ();
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (f->dir), ==, 1);
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_true (progress.monotonic);
  g_assert_cmpfloat (progress.last, ==, 1.0);

  /* Nothing kept a reference once the request ended. */
  g_assert_finalize_object (request);
}

static void
test_download_error_status (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *u = url (f, "/e404");
  g_autofree char *path = g_build_filename (f->dir, "out.mp4", NULL);
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(GError) error = NULL;

  g_assert_false (download (request, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, VITRINE_HTTP_ERROR, 404);
  g_assert_cmpstr (error->message, ==, "No such job");
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

static void
test_download_stalled (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *u = url (f, "/stall");
  g_autofree char *path = g_build_filename (f->dir, "out.mp4", NULL);
  VitrineHttpRequest *request = vitrine_http_request_new ("GET", u);
  g_autoptr(GError) error = NULL;
  Progress progress = { .monotonic = TRUE };
  double seconds = 0;

  /* An older file of that name stays as it was. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  vitrine_http_request_set_timeout (request, 1);
  vitrine_http_request_set_max_attempts (request, 1);
  g_assert_false (download (request, path, progress_cb, &progress, NULL, &seconds, &error));
  g_test_message ("%s after %.2f s", error ? error->message : "?", seconds);
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TIMEOUT);
  g_assert_cmpfloat (progress.last, >, 0.0);
  g_assert_cmpfloat (progress.last, <, 0.5);
  g_assert_cmpfloat (seconds, <, 3.0);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "old");
  }

  /* Nothing kept a reference once the request ended. */
  g_assert_finalize_object (request);
}

/* A server that sends a byte every 0.3 s never trips the inactivity
 * timeout; the request's deadline ends it, and it is not tried again. */
static void
test_deadline_trickle (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *u = url (f, "/trickle");
  VitrineHttpRequest *request = vitrine_http_request_new ("GET", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  vitrine_http_request_set_timeout (request, 1);
  vitrine_http_request_set_deadline (request, 2);
  vitrine_http_request_set_max_attempts (request, 3);
  node = send_json (request, NULL, NULL, &seconds, &error);
  g_test_message ("%s after %.2f s", error ? error->message : "?", seconds);
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "within 2 seconds"));
  g_assert_cmpfloat (seconds, >=, 1.9);
  g_assert_cmpfloat (seconds, <, 3.5);
  g_assert_cmpuint (hits (f, "/trickle"), ==, 1);

  /* Nothing kept a reference once the request ended. */
  g_assert_finalize_object (request);
}

/* The same for a download: it ends, and leaves no file behind. */
static void
test_deadline_download (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *u = url (f, "/trickle");
  g_autofree char *path = g_build_filename (f->dir, "out.mp4", NULL);
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  vitrine_http_request_set_timeout (request, 1);
  vitrine_http_request_set_deadline (request, 2);
  g_assert_false (download (request, path, NULL, NULL, NULL, &seconds, &error));
  g_test_message ("%s after %.2f s", error ? error->message : "?", seconds);
  g_assert_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TIMEOUT);
  g_assert_cmpfloat (seconds, >=, 1.9);
  g_assert_cmpfloat (seconds, <, 3.5);
  g_assert_cmpuint (hits (f, "/trickle"), ==, 1);
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

/* No retry wait is started that would end past the deadline: after a 500
 * at once and a wait of about 0.5 s, the next wait (about 1 s) would. */
static void
test_deadline_stops_retries (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *u = url (f, "/always500");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  vitrine_http_request_set_timeout (request, 1);
  vitrine_http_request_set_deadline (request, 1);
  vitrine_http_request_set_max_attempts (request, 4);
  node = send_json (request, NULL, NULL, &seconds, &error);
  g_assert_error (error, VITRINE_HTTP_ERROR, 500);
  g_assert_cmpuint (hits (f, "/always500"), ==, 2);
  g_assert_cmpfloat (seconds, <, 1.0);
}

static void
test_download_cancelled (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *u = url (f, "/stall");
  g_autofree char *path = g_build_filename (f->dir, "out.mp4", NULL);
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Progress progress = { .monotonic = TRUE, .cancel_on_progress = cancellable };
  double seconds = 0;

  g_assert_false (download (request, path, progress_cb, &progress, cancellable, &seconds, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (seconds, <, 2.0);
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

/* }}} */

/* {{{ Cancellation */

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_during_backoff (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *u = url (f, "/slow-retry");
  VitrineHttpRequest *request = vitrine_http_request_new ("GET", u);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  /* The server asks for 10 s; the wait ends with the cancel. */
  g_timeout_add (300, cancel_cb, cancellable);
  node = send_json (request, cancellable, NULL, &seconds, &error);
  g_test_message ("cancelled after %.2f s", seconds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (seconds, >=, 0.25);
  g_assert_cmpfloat (seconds, <, 1.5);
  g_assert_cmpuint (hits (f, "/slow-retry"), ==, 1);

  /* Nothing kept a reference once the request ended. */
  g_assert_finalize_object (request);
}

static void
test_cancel_in_flight (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *u = url (f, "/hang");
  g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("GET", u);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 0;

  g_timeout_add (200, cancel_cb, cancellable);
  node = send_json (request, cancellable, NULL, &seconds, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (seconds, <, 1.5);
  g_assert_cmpuint (hits (f, "/hang"), ==, 1);
}

/* }}} */

/* {{{ Redaction in the logs */

static GString *captured_log;

static GLogWriterOutput
test_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (captured_log != NULL)
    {
      for (gsize i = 0; i < n_fields; i++)
        if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
          {
            if (fields[i].length < 0)
              g_string_append (captured_log, fields[i].value);
            else
              g_string_append_len (captured_log, fields[i].value, fields[i].length);
            g_string_append_c (captured_log, '\n');
          }
      if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
        return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
test_redaction_in_logs (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const secrets[] = {
    "hdr-s3cr3t", "xak-s3cr3t", "bearer-s3cr3t", "json-s3cr3t", "nested-s3cr3t",
    "sig-s3cr3t", "cred-s3cr3t", "tok-s3cr3t",
  };
  const char * const secret_members[] = { "vikit_api_key", "listing_token", NULL };
  g_autoptr(JsonNode) body = NULL;
  gboolean was_enabled = g_log_get_debug_enabled ();
  g_autofree char *log = NULL;
  const char *paths[] = { "/flaky", "/echo-400" };

  body = json_from_string ("{\"vikit_api_key\": \"json-s3cr3t\", \"title\": \"Visible title\","
                           " \"extra\": {\"listing_token\": \"nested-s3cr3t\"}}", NULL);

  captured_log = g_string_new (NULL);
  g_log_set_debug_enabled (TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *u = g_strdup_printf ("%s%s?X-Amz-Signature=sig-s3cr3t"
                                            "&X-Amz-Credential=cred-s3cr3t&token=tok-s3cr3t&page=2",
                                            f->base, paths[i]);
      g_autoptr(VitrineHttpRequest) request = vitrine_http_request_new ("POST", u);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      vitrine_http_request_set_idempotent (request, TRUE);
      vitrine_http_request_add_secret_header (request, "X-Vendor-Secret", "hdr-s3cr3t");
      vitrine_http_request_add_header (request, "x-api-key", "xak-s3cr3t");
      vitrine_http_request_add_header (request, "Authorization", "Bearer bearer-s3cr3t");
      vitrine_http_request_set_json_body (request, body, secret_members);
      node = send_json (request, NULL, NULL, NULL, &error);
      if (error != NULL)
        {
          g_autofree char *redacted = vitrine_http_redact (error->message);

          g_debug ("caller saw: %s", redacted);
        }
    }

  g_log_set_debug_enabled (was_enabled);
  log = g_string_free (g_steal_pointer (&captured_log), FALSE);
  g_test_message ("captured %" G_GSIZE_FORMAT " bytes of log", strlen (log));

  /* The server did get the secrets; the log did not. */
  {
    Seen *seen = g_ptr_array_index (f->seen, 0);

    g_assert_nonnull (g_strstr_len (g_bytes_get_data (seen->body, NULL),
                                    g_bytes_get_size (seen->body), "json-s3cr3t"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (log, secrets[i]) != NULL)
      {
        g_test_message ("%s", log);
        g_error ("“%s” reached the log", secrets[i]);
      }
  g_assert_nonnull (strstr (log, "[REDACTED]"));
  g_assert_nonnull (strstr (log, "HTTP > POST"));
  g_assert_nonnull (strstr (log, "HTTP < 500 POST"));
  g_assert_nonnull (strstr (log, "HTTP < 200 POST"));
  g_assert_nonnull (strstr (log, "Visible title"));
  g_assert_nonnull (strstr (log, "page=2"));
}

/* }}} */

/* {{{ Memory: a 40 MB upload */

static gboolean
child_stdin_cb (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  char buffer[64];

  if (read (fd, buffer, sizeof buffer) <= 0)
    {
      g_main_loop_quit (user_data);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
child_got_chunk_cb (SoupServerMessage *msg,
                    GBytes            *chunk,
                    gpointer           user_data)
{
  guint64 *received = g_object_get_data (G_OBJECT (msg), "received");

  *received += g_bytes_get_size (chunk);
}

static void
child_got_headers_cb (SoupServerMessage *msg,
                      gpointer           user_data)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
}

static void
child_request_started_cb (SoupServer        *server,
                          SoupServerMessage *msg,
                          gpointer           user_data)
{
  g_object_set_data_full (G_OBJECT (msg), "received", g_new0 (guint64, 1), g_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (child_got_headers_cb), NULL);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (child_got_chunk_cb), NULL);
}

static void
child_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  guint64 *received = g_object_get_data (G_OBJECT (msg), "received");
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *json = g_strdup_printf ("{\"received\": %" G_GUINT64_FORMAT ","
                                           " \"content_length\": %" G_GOFFSET_FORMAT "}",
                                           received ? *received : 0,
                                           soup_message_headers_get_content_length (headers));

  reply_json (msg, 200, json);
}

/* The test binary run again as a server that discards what it receives. */
static int
run_child_server (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  g_signal_connect (server, "request-started", G_CALLBACK (child_request_started_cb), NULL);
  soup_server_add_handler (server, NULL, child_handler_cb, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  g_print ("%d\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, child_stdin_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

static void
test_upload_memory (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *port_line = NULL;
  g_autofree char *u = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) child_out = NULL;
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const gsize size = 40 * 1024 * 1024;
  gint64 before, after;
  JsonObject *object;

  if (!g_test_subprocess ())
    {
      /* A fresh process, so that its peak RSS is this upload's. */
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, CHILD_SERVER_ENV, "1", TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, self_exe, NULL);
  g_assert_no_error (error);
  child_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  port_line = g_data_input_stream_read_line (child_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port_line);
  u = g_strdup_printf ("http://127.0.0.1:%s/upload", g_strstrip (port_line));

  /* The file is written a megabyte at a time. */
  dir = vitrine_test_make_tmpdir ();
  path = g_build_filename (dir, "big.jpg", NULL);
  {
    g_autofree char *block = g_malloc (1024 * 1024);
    FILE *out = fopen (path, "wb");

    g_assert_nonnull (out);
    for (gsize i = 0; i < size / (1024 * 1024); i++)
      {
        memset (block, (int) i, 1024 * 1024);
        g_assert_cmpuint (fwrite (block, 1, 1024 * 1024, out), ==, 1024 * 1024);
      }
    fclose (out);
  }

  /* Forget the peak so far, where the kernel allows it. */
  g_file_set_contents ("/proc/self/clear_refs", "5", -1, NULL);
  before = peak_rss_kb ();

  request = vitrine_http_request_new ("POST", u);
  vitrine_http_request_add_form_field (request, "title", "Big photo");
  vitrine_http_request_add_form_file (request, "image", path, NULL, "image/jpeg");
  node = send_json (request, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  after = peak_rss_kb ();

  object = json_node_get_object (node);
  g_test_message ("peak RSS %" G_GINT64_FORMAT " kB -> %" G_GINT64_FORMAT " kB; server got %"
                  G_GINT64_FORMAT " bytes", before, after,
                  json_object_get_int_member (object, "received"));
  g_assert_cmpint (json_object_get_int_member (object, "received"), >, (gint64) size);
  g_assert_cmpint (json_object_get_int_member (object, "received"), ==,
                   json_object_get_int_member (object, "content_length"));
  g_assert_cmpint (before, >, 0);
  g_assert_cmpint (after - before, <, 20 * 1024);

  g_output_stream_close (g_subprocess_get_stdin_pipe (child), NULL, NULL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  vitrine_test_rmtree (dir);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  if (g_getenv (CHILD_SERVER_ENV) != NULL)
    return run_child_server ();

  /* Loopback only, whatever the environment says about proxies. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");

  g_log_set_writer_func (test_log_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/core/http/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/core/http/check-url", test_check_url);
  g_test_add_func ("/core/http/redact/text", test_redact_text);
  g_test_add_func ("/core/http/redact/registered-names", test_redact_registered_names);
  g_test_add_func ("/core/http/json-helpers", test_json_helpers);
  g_test_add_func ("/core/http/transient", test_transient);
  g_test_add_func ("/core/http/idempotence", test_idempotence);

  ADD ("user-agent", test_user_agent, NULL);
  ADD ("retry/get-500-once", test_get_500_once, NULL);
  ADD ("retry/post-500-not-retried", test_post_500_not_retried, NULL);
  ADD ("retry/post-idempotency-key", test_post_idempotency_key, NULL);
  ADD ("retry/post-marked-idempotent", test_post_marked_idempotent, NULL);
  ADD ("retry/get-gives-up", test_get_gives_up, NULL);
  ADD ("retry/retry-after-seconds", test_retry_after, "/busy");
  ADD ("retry/retry-after-date", test_retry_after, "/retry-date");
  ADD ("retry/ratelimit-reset", test_retry_after, "/ratelimit");
  ADD ("retry/ratelimit-not-spent", test_ratelimit_not_spent, NULL);
  ADD ("retry/post-429-not-retried", test_post_429_not_retried, NULL);
  ADD ("retry/post-503-not-retried", test_post_503_not_retried, NULL);
  ADD ("timeout/get", test_timeout, "GET");
  ADD ("timeout/post", test_timeout, "POST");
  ADD ("reset/get", test_reset, "GET");
  ADD ("reset/post", test_reset, "POST");
  ADD ("refused/post-retried", test_refused_post_retried, NULL);
  ADD ("refused/post-gives-up", test_refused_post_gives_up, NULL);
  ADD ("bad-reply/truncated", test_bad_reply, "/truncated");
  ADD ("bad-reply/not-json", test_bad_reply, "/not-json");
  ADD ("bad-reply/empty", test_bad_reply, "/empty");
  ADD ("status-messages", test_status_messages, NULL);
  ADD ("reply-secrets", test_reply_secrets, NULL);
  ADD ("insecure/http-url", test_insecure_url, NULL);
  ADD ("insecure/redirect", test_insecure_redirect, NULL);
  ADD ("redirect/same-origin", test_redirect_followed, NULL);
  ADD ("redirect/body-other-origin", test_redirect_body_other_origin, NULL);
  ADD ("redirect/body-same-origin", test_redirect_body_same_origin, NULL);
  ADD ("redirect/no-body-other-origin", test_redirect_no_body_other_origin, NULL);
  ADD ("tls/self-signed", test_tls_self_signed, NULL);
  ADD ("body/multipart", test_multipart, NULL);
  ADD ("body/multipart-retried", test_multipart_retried, NULL);
  ADD ("body/file", test_file_body, NULL);
  ADD ("body/missing-file", test_missing_file, NULL);
  ADD ("download/complete", test_download, NULL);
  ADD ("download/error-status", test_download_error_status, NULL);
  ADD ("download/stalled", test_download_stalled, NULL);
  ADD ("download/cancelled", test_download_cancelled, NULL);
  ADD ("deadline/trickle", test_deadline_trickle, NULL);
  ADD ("deadline/download", test_deadline_download, NULL);
  ADD ("deadline/stops-retries", test_deadline_stops_retries, NULL);
  ADD ("cancel/during-backoff", test_cancel_during_backoff, NULL);
  ADD ("cancel/in-flight", test_cancel_in_flight, NULL);
  ADD ("redaction/logs", test_redaction_in_logs, NULL);
  g_test_add_func ("/core/http/memory/upload-40mb", test_upload_memory);

#undef ADD

  return g_test_run ();
}
