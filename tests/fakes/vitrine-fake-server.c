/* vitrine-fake-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "vitrine-fake-server.h"

typedef struct {
  VitrineFakeFault  fault;
  guint             status;
  char             *body;
  guint             count;
} Fault;

struct _VitrineFakeServerPrivate
{
  SoupServer  *server;
  SoupSession *session;
  char        *url;
  GQueue       faults[VITRINE_FAKE_N_TARGETS];
  guint        counts[VITRINE_FAKE_N_TARGETS];
  GArray      *times[VITRINE_FAKE_N_TARGETS];  /* gint64, monotonic µs of each request */
  GPtrArray   *hanging;   /* SoupServerMessage, paused for ever */
  GPtrArray   *fetched;
  char        *files_prefix;
  char        *files_dir;
  char        *video;
  guint        delay_ms;  /* VITRINE_FAKE_FAULT_DELAY: the next fetching answer is late */
  GDestroyNotify cleanup;
  gpointer       cleanup_data;
};

static void
fault_free (Fault *fault)
{
  g_free (fault->body);
  g_free (fault);
}

VitrineFakeServer *
vitrine_fake_server_new (void)
{
  VitrineFakeServer *self = g_new0 (VitrineFakeServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->priv = g_new0 (VitrineFakeServerPrivate, 1);
  self->priv->server = soup_server_new (NULL, NULL);
  g_assert_true (soup_server_listen_local (self->priv->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->priv->server);
  self->priv->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->priv->session = soup_session_new ();
  self->priv->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < VITRINE_FAKE_N_TARGETS; i++)
    self->priv->times[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->priv->fetched = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < VITRINE_FAKE_N_TARGETS; i++)
    g_queue_init (&self->priv->faults[i]);
  return self;
}

void
vitrine_fake_server_on_free (VitrineFakeServer *self,
                             GDestroyNotify     cleanup,
                             gpointer           data)
{
  self->priv->cleanup = cleanup;
  self->priv->cleanup_data = data;
}

void
vitrine_fake_server_free (VitrineFakeServer *self)
{
  if (self->priv->cleanup != NULL)
    self->priv->cleanup (self->priv->cleanup_data);
  /* Hung requests get an answer, so that nothing waits on them. */
  for (guint i = 0; i < self->priv->hanging->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (self->priv->hanging, i);

      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_unref (self->priv->hanging);
  soup_server_disconnect (self->priv->server);
  g_clear_object (&self->priv->server);
  g_clear_object (&self->priv->session);
  for (guint i = 0; i < VITRINE_FAKE_N_TARGETS; i++)
    g_queue_clear_full (&self->priv->faults[i], (GDestroyNotify) fault_free);
  g_ptr_array_unref (self->priv->fetched);
  for (guint i = 0; i < VITRINE_FAKE_N_TARGETS; i++)
    g_array_unref (self->priv->times[i]);
  g_free (self->priv->files_prefix);
  g_free (self->priv->files_dir);
  g_free (self->priv->video);
  g_free (self->priv->url);
  g_free (self->priv);
  g_clear_pointer (&self->last_request, json_node_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_free (self->api_key);
  g_free (self->last_key);
  g_free (self);
}

VitrineFakeServer *
vitrine_fake_server_new_provider (const char     *api_key,
                                  const char     *video,
                                  GDestroyNotify  job_free)
{
  VitrineFakeServer *self = vitrine_fake_server_new ();

  self->api_key = g_strdup (api_key);
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, job_free);
  vitrine_fake_server_serve_video (self, video);
  return self;
}

char *
vitrine_fake_server_add_job (VitrineFakeServer *self,
                             const char        *prefix,
                             gpointer           job)
{
  char *id = g_strdup_printf ("%s-%u", prefix, g_hash_table_size (self->jobs) + 1);

  g_hash_table_insert (self->jobs, g_strdup (id), job);
  return id;
}

void
vitrine_fake_server_keep_request (VitrineFakeServer *self,
                                  JsonNode          *request,
                                  const char        *key)
{
  char *kept = g_strdup (key);  /* before the free: @key may be the kept one */

  g_clear_pointer (&self->last_request, json_node_unref);
  self->last_request = json_node_ref (request);
  g_free (self->last_key);
  self->last_key = kept;
}

gpointer
vitrine_fake_new (gsize           size,
                  const char     *api_key,
                  const char     *video,
                  GDestroyNotify  job_free)
{
  VitrineFakeServer **fake = g_malloc0 (size);

  *fake = vitrine_fake_server_new_provider (api_key, video, job_free);
  return fake;
}

void
vitrine_fake_free (gpointer fake)
{
  vitrine_fake_server_free (*(VitrineFakeServer **) fake);
  g_free (fake);
}

const char *
vitrine_fake_server_get_url (VitrineFakeServer *self)
{
  return self->priv->url;
}

typedef struct {
  VitrineFakeRoute route;
  gpointer         fake;
} Route;

static void
route_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Route *route = user_data;

  route->route (route->fake, msg, path);
}

void
vitrine_fake_server_route (VitrineFakeServer *self,
                           const char        *prefix,
                           VitrineFakeRoute   route,
                           gpointer           fake)
{
  Route *data = g_new (Route, 1);

  data->route = route;
  data->fake = fake;
  soup_server_add_handler (self->priv->server, prefix, route_handler, data, g_free);
}
void
vitrine_fake_server_inject (VitrineFakeServer *self,
                            VitrineFakeTarget  target,
                            VitrineFakeFault   kind,
                            guint              status,
                            const char        *body,
                            guint              count)
{
  Fault *fault = g_new0 (Fault, 1);

  fault->fault = kind;
  fault->status = status;
  fault->body = g_strdup (body);
  fault->count = MAX (count, 1);
  g_queue_push_tail (&self->priv->faults[target], fault);
}

void
vitrine_fake_server_clear_faults (VitrineFakeServer *self,
                                  VitrineFakeTarget  target)
{
  g_queue_clear_full (&self->priv->faults[target], (GDestroyNotify) fault_free);
}

guint
vitrine_fake_server_count (VitrineFakeServer *self,
                           VitrineFakeTarget  target)
{
  return self->priv->counts[target];
}

gint64
vitrine_fake_server_time (VitrineFakeServer *self,
                          VitrineFakeTarget  target,
                          guint              index)
{
  g_assert_cmpuint (index, <, self->priv->times[target]->len);
  return g_array_index (self->priv->times[target], gint64, index);
}

void
vitrine_fake_reply_json (SoupServerMessage *msg,
                         guint              status,
                         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

void
vitrine_fake_reset_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

/* The response line and headers of the whole video, half its bytes, and
 * the connection closed: a download cut short. */
static void
cut_connection (VitrineFakeServer *self,
                SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autofree char *data = NULL;
  g_autofree char *head = NULL;
  gsize length = 0;

  if (stream == NULL || !g_file_get_contents (self->priv->video, &data, &length, NULL))
    return;
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", length);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head), NULL,
                             NULL, NULL);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), data, MIN (length / 2, 16384),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static gboolean
unpause_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  /* Unless the client went away meanwhile (it gave up waiting). */
  if (g_object_get_data (G_OBJECT (msg), "vitrine-gone") == NULL)
    soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
message_gone_cb (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "vitrine-gone", GINT_TO_POINTER (1));
}

/* @msg (paused; its reference taken) is unpaused @ms later. */
static void
unpause_later (SoupServerMessage *msg,
               guint              ms)
{
  g_autoptr(GSource) source = g_timeout_source_new (ms);

  g_signal_connect (msg, "disconnected", G_CALLBACK (message_gone_cb), NULL);
  g_signal_connect (msg, "finished", G_CALLBACK (message_gone_cb), NULL);
  /* on the server's context, which may be a thread's of its own */
  g_source_set_callback (source, unpause_cb, msg, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
}

void
vitrine_fake_answer_late (SoupServerMessage *msg,
                          guint              ms)
{
  soup_server_message_pause (msg);
  unpause_later (g_object_ref (msg), ms);
}

gboolean
vitrine_fake_server_fault (VitrineFakeServer *self,
                           VitrineFakeTarget  target,
                           SoupServerMessage *msg)
{
  Fault *fault = g_queue_peek_head (&self->priv->faults[target]);
  static const char truncated[] = "{\"Generation_id\": \"v-trunc\", \"id\": \"trunc\", \"sta";

  gint64 now = g_get_monotonic_time ();

  self->priv->counts[target]++;
  g_array_append_val (self->priv->times[target], now);
  if (fault == NULL)
    return FALSE;
  if (fault->fault == VITRINE_FAKE_FAULT_DELAY)
    {
      /* The handler answers as usual, once it has fetched the media; the
       * answer leaves later (fetch_end). */
      self->priv->delay_ms = fault->status;
      if (--fault->count == 0)
        fault_free (g_queue_pop_head (&self->priv->faults[target]));
      return FALSE;
    }

  switch (fault->fault)
    {
    case VITRINE_FAKE_FAULT_STATUS:
      vitrine_fake_reply_json (msg, fault->status, fault->body);
      break;
    case VITRINE_FAKE_FAULT_RETRY_AFTER:
      {
        g_autofree char *seconds = g_strdup_printf ("%u", MAX (fault->status, 1));

        vitrine_fake_reply_json (msg, 429, "{\"message\": \"Too many requests\"}");
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", seconds);
      }
      break;
    case VITRINE_FAKE_FAULT_HANG:
      soup_server_message_pause (msg);
      g_ptr_array_add (self->priv->hanging, g_object_ref (msg));
      break;
    case VITRINE_FAKE_FAULT_RESET:
      vitrine_fake_reset_connection (msg);
      break;
    case VITRINE_FAKE_FAULT_TRUNCATED:
      vitrine_fake_reply_json (msg, 200, truncated);
      break;
    case VITRINE_FAKE_FAULT_CUT:
      cut_connection (self, msg);
      break;
    case VITRINE_FAKE_FAULT_BODY:
    default:
      vitrine_fake_reply_json (msg, 200, fault->body);
      break;
    }

  if (--fault->count == 0)
    fault_free (g_queue_pop_head (&self->priv->faults[target]));
  return TRUE;
}

JsonNode *
vitrine_fake_request_json (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (length == 0 || !json_parser_load_from_data (parser, data, length, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

gboolean
vitrine_fake_request_is_json (SoupServerMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (msg), NULL);

  return g_strcmp0 (type, "application/json") == 0;
}

JsonNode *
vitrine_fake_json_member (JsonNode   *root,
                          const char *member)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_get_member (json_node_get_object (root), member);
}

/* Fetching --------------------------------------------------------------------- */

typedef struct {
  VitrineFakeServer  *self;
  SoupServerMessage  *msg;
  GPtrArray          *urls;
  guint               next;
  guint               delay_ms;
  VitrineFakeFetched  done;
  gpointer            user_data;
} Fetch;

static void fetch_next (Fetch *fetch);

static void
fetch_end (Fetch      *fetch,
           const char *failed_url)
{
  fetch->done (fetch->msg, failed_url, fetch->user_data);
  /* Paused since the fetch began: unpaused now, or later. */
  if (fetch->delay_ms > 0)
    unpause_later (g_steal_pointer (&fetch->msg), fetch->delay_ms);
  else
    {
      soup_server_message_unpause (fetch->msg);
      g_object_unref (fetch->msg);
    }
  g_ptr_array_unref (fetch->urls);
  g_free (fetch);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  const char *url = g_ptr_array_index (fetch->urls, fetch->next - 1);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0 || message == NULL ||
      soup_message_get_status (message) != SOUP_STATUS_OK)
    fetch_end (fetch, url);
  else
    fetch_next (fetch);
}

static void
fetch_next (Fetch *fetch)
{
  g_autoptr(SoupMessage) message = NULL;
  const char *url;

  if (fetch->next == fetch->urls->len)
    {
      fetch_end (fetch, NULL);
      return;
    }
  url = g_ptr_array_index (fetch->urls, fetch->next++);
  g_ptr_array_add (fetch->self->priv->fetched, g_strdup (url));
  message = soup_message_new ("GET", url);
  if (message == NULL)
    {
      fetch_end (fetch, url);
      return;
    }
  soup_session_send_and_read_async (fetch->self->priv->session, message, G_PRIORITY_DEFAULT, NULL,
                                    fetch_cb, fetch);
}

void
vitrine_fake_server_fetch (VitrineFakeServer  *self,
                           SoupServerMessage  *msg,
                           GPtrArray          *urls,
                           VitrineFakeFetched  done,
                           gpointer            user_data)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->self = self;
  fetch->msg = g_object_ref (msg);
  fetch->urls = g_ptr_array_ref (urls);
  fetch->done = done;
  fetch->user_data = user_data;
  fetch->delay_ms = self->priv->delay_ms;
  self->priv->delay_ms = 0;
  soup_server_message_pause (msg);
  fetch_next (fetch);
}

GPtrArray *
vitrine_fake_server_get_fetched (VitrineFakeServer *self)
{
  return self->priv->fetched;
}

/* Files ------------------------------------------------------------------------ */

static void
serve_file (SoupServerMessage *msg,
            const char        *path,
            const char        *content_type)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;

  if (file == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  bytes = g_mapped_file_get_bytes (file);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         content_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

static void
files_route (VitrineFakeServer *self,
             SoupServerMessage *msg,
             const char        *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *file = g_build_filename (self->priv->files_dir, name, NULL);

  serve_file (msg, file, g_str_has_suffix (name, ".png") ? "image/png" : "image/jpeg");
}

static void
video_route (VitrineFakeServer *self,
             SoupServerMessage *msg,
             const char        *path)
{
  if (vitrine_fake_server_fault (self, VITRINE_FAKE_ON_DOWNLOAD, msg))
    return;
  serve_file (msg, self->priv->video, "video/mp4");
}

void
vitrine_fake_server_serve_dir (VitrineFakeServer *self,
                               const char        *prefix,
                               const char        *dir)
{
  self->priv->files_prefix = g_strdup (prefix);
  self->priv->files_dir = g_strdup (dir);
  vitrine_fake_server_route (self, prefix, (VitrineFakeRoute) files_route, self);
}

void
vitrine_fake_server_serve_video (VitrineFakeServer *self,
                                 const char        *video)
{
  self->priv->video = g_strdup (video);
  vitrine_fake_server_route (self, "/videos", (VitrineFakeRoute) video_route, self);
}

/* Videos ----------------------------------------------------------------------- */

/* Runs @description to its end; FALSE on an error. Blocking: test set-up. */
static gboolean
run_pipeline (const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  if (pipeline == NULL)
    return FALSE;
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS;
}

char *
vitrine_fake_make_mp4 (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "result.mp4", NULL);
  g_autofree char *description = NULL;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  description = g_strdup_printf ("videotestsrc num-buffers=30 ! "
                                 "video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! "
                                 "x264enc speed-preset=ultrafast ! video/x-h264,profile=high ! "
                                 "h264parse ! mp4mux faststart=true ! filesink location=\"%s\"",
                                 path);
  g_assert_true (run_pipeline (description));
  return g_steal_pointer (&path);
}

gboolean
vitrine_fake_is_playable_mp4 (const char *path)
{
  g_autofree char *description = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  GList *video;
  gboolean ok;

  if (uri == NULL || discoverer == NULL ||
      !(info = gst_discoverer_discover_uri (discoverer, uri, NULL)) ||
      gst_discoverer_info_get_result (info) != GST_DISCOVERER_OK ||
      gst_discoverer_info_get_duration (info) == 0)
    return FALSE;
  video = gst_discoverer_info_get_video_streams (info);
  ok = video != NULL;
  gst_discoverer_stream_info_list_free (video);
  if (!ok)
    return FALSE;

  description = g_strdup_printf ("filesrc location=\"%s\" ! qtdemux ! h264parse ! "
                                 "avdec_h264 ! fakesink", path);
  return run_pipeline (description);
}
