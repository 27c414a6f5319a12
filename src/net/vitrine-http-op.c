/* vitrine-http-op.c: one request's attempts, from the first to the answer
 *
 * Every attempt builds a fresh SoupMessage from the VitrineHttpRequest
 * (streamed bodies reopen their files), runs under a child GCancellable of
 * the caller's, and has a deadline GSource that is pushed back whenever the
 * attempt makes progress (connected, headers written, body data written,
 * reply headers, reply data), but never past the end of the whole request's
 * deadline. When it fires the child is cancelled and the attempt ends as
 * VITRINE_HTTP_ERROR_TIMEOUT (vitrine-http-retry.c): a server that trickles
 * a byte now and then cannot hold a request forever.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vitrine-http-private.h"

#define MAX_REDIRECTS            10
#define DEFAULT_DEADLINE_S       (5 * 60)
#define DEFAULT_LONG_DEADLINE_S  (60 * 60)           /* downloads, streamed file bodies */
#define MAX_REPLY_SIZE           (32 * 1024 * 1024)  /* a reply read into memory */
#define READ_CHUNK               (64 * 1024)
#define MAX_LOGGED_BODY          2048

/* {{{ The op */

void
vitrine_http_op_end_attempt (VitrineHttpOp *op)
{
  vitrine_http_clear_source (&op->deadline);
  if (op->cancelled_id != 0)
    {
      g_cancellable_disconnect (op->cancellable, op->cancelled_id);
      op->cancelled_id = 0;
    }
  if (op->msg != NULL)
    {
      g_signal_handlers_disconnect_by_data (op->msg, op);
      g_clear_object (&op->msg);
    }
  if (op->reply_stream != NULL)
    {
      if (!g_input_stream_is_closed (op->reply_stream) &&
          !g_input_stream_has_pending (op->reply_stream))
        g_input_stream_close_async (op->reply_stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&op->reply_stream);
    }
  g_clear_object (&op->attempt_cancellable);
  g_clear_pointer (&op->buffer, g_byte_array_unref);
  g_clear_pointer (&op->chunk, g_bytes_unref);
  op->timed_out = FALSE;
}

void
vitrine_http_op_free (gpointer data)
{
  VitrineHttpOp *op = data;

  vitrine_http_op_end_attempt (op);
  vitrine_http_clear_source (&op->wait_source);
  vitrine_http_clear_source (&op->wait_cancel_source);
  g_clear_object (&op->request);
  g_clear_object (&op->cancellable);
  g_free (op->url);
  g_free (op->method);
  g_clear_pointer (&op->sizes, g_array_unref);
  g_clear_object (&op->dest);
  g_clear_object (&op->part_file);
  g_clear_object (&op->out);
  g_clear_error (&op->pending_error);
  g_free (op);
}

/* Seconds the whole request may take (vitrine_http_request_set_deadline()). */
static guint
request_deadline_s (VitrineHttpOpKind   kind,
                    VitrineHttpRequest *request)
{
  gboolean is_long = kind == VITRINE_HTTP_OP_DOWNLOAD ||
                     request->body_kind == VITRINE_HTTP_BODY_FILE ||
                     request->body_kind == VITRINE_HTTP_BODY_FORM;

  if (request->deadline_s > 0)
    return request->deadline_s;
  return MAX (is_long ? DEFAULT_LONG_DEADLINE_S : DEFAULT_DEADLINE_S, request->timeout_s);
}

VitrineHttpOp *
vitrine_http_op_new (VitrineHttpOpKind   kind,
                     VitrineHttp        *http,
                     VitrineHttpRequest *request,
                     GCancellable       *cancellable)
{
  VitrineHttpOp *op = g_new0 (VitrineHttpOp, 1);

  op->kind = kind;
  op->http = http;
  op->request = g_object_ref (request);
  op->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  op->url = g_strdup (request->url);
  op->method = g_strdup (request->method);
  op->keep_body = TRUE;
  op->keep_secrets = TRUE;
  op->idempotent = vitrine_http_request_is_idempotent (request);
  op->max_attempts = request->max_attempts;
  op->deadline_s = request_deadline_s (kind, request);
  op->ends_at = g_get_monotonic_time () + (gint64) op->deadline_s * G_USEC_PER_SEC;
  op->total = -1;
  return op;
}

double
vitrine_http_op_elapsed_ms (VitrineHttpOp *op)
{
  return (g_get_monotonic_time () - op->started) / 1000.0;
}

/* {{{ Deadline: pushed back on every sign of progress */

static gboolean
deadline_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs deadline_funcs = {
  .dispatch = deadline_dispatch,
};

static gboolean
op_deadline_cb (gpointer user_data)
{
  VitrineHttpOp *op = user_data;

  op->timed_out = TRUE;
  op->past_end = g_get_monotonic_time () >= op->ends_at;
  g_cancellable_cancel (op->attempt_cancellable);
  g_source_set_ready_time (op->deadline, -1);
  return G_SOURCE_CONTINUE;
}

void
vitrine_http_op_touch (VitrineHttpOp *op)
{
  gint64 idle_end;

  if (op->deadline == NULL || op->timed_out)
    return;
  idle_end = g_get_monotonic_time () + op->request->timeout_s * G_USEC_PER_SEC;
  g_source_set_ready_time (op->deadline, MIN (idle_end, op->ends_at));
}

static void
op_progress_cb (VitrineHttpOp *op)
{
  vitrine_http_op_touch (op);
}

static void
op_cancelled_cb (GCancellable *cancellable,
                 GCancellable *attempt_cancellable)
{
  g_cancellable_cancel (attempt_cancellable);
}

/* }}} */

/* {{{ Logs */

static void
op_log_request (VitrineHttpOp *op)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *redacted = NULL;

  if (!vitrine_http_debug_enabled ())
    return;

  text = g_string_new (NULL);
  g_string_append_printf (text, "HTTP > %s %s (attempt %u/%u%s)", op->method, op->url,
                          op->attempt, op->max_attempts, op->idempotent ? "" : ", not idempotent");
  vitrine_http_request_describe (op->request, text, op->keep_secrets, op->keep_body, op->sizes);
  redacted = vitrine_http_redact (text->str);
  g_debug ("%s", redacted);
}

static void
op_log_reply (VitrineHttpOp *op)
{
  g_autofree char *url = NULL;

  if (!vitrine_http_debug_enabled ())
    return;
  url = vitrine_http_redact (op->url);
  g_debug ("HTTP < %u %s %s (%.0f ms)", op->status, op->method, url,
           vitrine_http_op_elapsed_ms (op));
}

/* }}} */

/* {{{ Reading a reply */

/* The whole reply is in op->buffer. */
static void
op_reply_complete (GTask *task)
{
  VitrineHttpOp *op = g_task_get_task_data (task);
  g_autoptr(GBytes) received = g_byte_array_free_to_bytes (g_steal_pointer (&op->buffer));
  g_autoptr(GBytes) body = vitrine_http_redact_values (received, op->request->secrets);

  if (SOUP_STATUS_IS_SUCCESSFUL (op->status) && op->kind == VITRINE_HTTP_OP_SEND)
    {
      VitrineHttpReply *reply = g_new0 (VitrineHttpReply, 1);

      reply->body = g_steal_pointer (&body);
      reply->status = op->status;
      vitrine_http_op_end_attempt (op);
      g_task_return_pointer (task, reply, vitrine_http_reply_free);
      g_object_unref (task);
      return;
    }
  else
    {
      VitrineHttpRetry retry = VITRINE_HTTP_RETRY_NEVER;
      guint hint_ms = 0;
      GError *error;

      if (op->status == 429 || SOUP_STATUS_IS_SERVER_ERROR (op->status))
        {
          retry = VITRINE_HTTP_RETRY_IF_IDEMPOTENT;
          hint_ms = vitrine_http_retry_hint_ms (soup_message_get_response_headers (op->msg));
        }
      error = vitrine_http_status_error (op->status, soup_message_get_reason_phrase (op->msg), body,
                                         op->request->error_reader);
      /* The hint goes with the error: a caller that tries again later (a
       * POST this layer does not repeat, a wait beyond its own) honours it. */
      vitrine_http_error_set_retry_after (error, hint_ms);
      if (vitrine_http_debug_enabled () && g_bytes_get_size (body) > 0)
        {
          g_autofree char *text = vitrine_http_shorten (g_bytes_get_data (body, NULL),
                                                        g_bytes_get_size (body), MAX_LOGGED_BODY);
          g_autofree char *redacted = vitrine_http_redact (text);

          g_debug ("HTTP < %u body: %s", op->status, redacted);
        }
      vitrine_http_op_fail (task, error, retry, hint_ms);
    }
}

/* The error when @more bytes take the reply past its limit, or NULL. */
static GError *
op_reply_size_error (VitrineHttpOp *op,
                     gsize          more)
{
  g_autofree char *host = NULL;

  if (op->buffer == NULL)
    return vitrine_http_op_download_size_error (op, op->received + more);
  if (op->buffer->len + more <= MAX_REPLY_SIZE)
    return NULL;
  host = vitrine_http_url_host (op->url);
  return g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                      _("%s sent a reply larger than %u MB."), host,
                      MAX_REPLY_SIZE / (1024 * 1024));
}

/* One loop reads every reply: into op->buffer, or (a download's 2xx) on
 * into the download's file. */
static void
op_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);
  gboolean to_file = op->buffer == NULL;
  GError *error = NULL;
  gsize size;

  op->chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (op->chunk == NULL)
    {
      vitrine_http_op_fail_io (task, error, FALSE);
      return;
    }
  size = g_bytes_get_size (op->chunk);
  if (size == 0)
    {
      g_clear_pointer (&op->chunk, g_bytes_unref);
      if (to_file)
        vitrine_http_op_download_complete (task);
      else
        op_reply_complete (task);
      return;
    }
  /* Stopped as soon as the body passes the limit, whatever it announced. */
  if ((error = op_reply_size_error (op, size)))
    {
      vitrine_http_op_fail (task, error, VITRINE_HTTP_RETRY_NEVER, 0);
      return;
    }
  vitrine_http_op_touch (op);
  if (to_file)
    {
      vitrine_http_op_download_write (task);
      return;
    }
  g_byte_array_append (op->buffer, g_bytes_get_data (op->chunk, NULL), size);
  g_clear_pointer (&op->chunk, g_bytes_unref);
  vitrine_http_op_read_next (task);
}

void
vitrine_http_op_read_next (GTask *task)
{
  VitrineHttpOp *op = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (op->reply_stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   op->attempt_cancellable, op_read_cb, task);
}

/* }}} */

/* {{{ Sending */

static int
uri_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         uri_port (a) == uri_port (b);
}

/* A 303, or a 301/302 after a POST, is followed with a GET and no body. */
static gboolean
redirect_drops_body (VitrineHttpOp *op)
{
  return (op->status == 303 && g_strcmp0 (op->method, "HEAD") != 0) ||
         ((op->status == 301 || op->status == 302) && g_strcmp0 (op->method, "POST") == 0);
}

/* Why the redirect from @base to @target is not followed, or NULL. Besides
 * an address vitrine_http_check_url() refuses and https to http, a request
 * whose body would go on to another origin is refused: Vikit sends its key
 * in the JSON body, and only the secret headers are dropped on the way.
 * (A 303 to elsewhere, which drops the body, is followed.) */
static GError *
redirect_refusal (VitrineHttpOp *op,
                  GUri          *base,
                  GUri          *target)
{
  g_autofree char *target_url = g_uri_to_string (target);
  g_autofree char *host = vitrine_http_url_host (op->url);
  g_autofree char *target_host = vitrine_http_url_host (target_url);
  gboolean downgrade = g_ascii_strcasecmp (g_uri_get_scheme (base), "https") == 0 &&
                       g_ascii_strcasecmp (g_uri_get_scheme (target), "https") != 0;

  if (downgrade || !vitrine_http_check_url (target_url, NULL))
    return g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE,
                        _("%s sent Vitrine on to %s without a secure connection; "
                          "Vitrine did not follow."), host, target_host);
  if (!same_origin (base, target) && op->keep_body &&
      op->request->body_kind != VITRINE_HTTP_BODY_NONE && !redirect_drops_body (op))
    return g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE,
                        _("%s sent Vitrine on to another server, %s, with the request; Vitrine "
                          "did not follow, so that what it sends (an API key included) goes "
                          "nowhere else."), host, target_host);
  if (op->redirects >= MAX_REDIRECTS)
    return g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                        _("%s redirected too many times."), host);
  return NULL;
}

/* The Location of a 3xx against the request's address, or NULL. */
static GUri *
redirect_target (VitrineHttpOp *op,
                 GUri          *base)
{
  const char *location;

  location = soup_message_headers_get_one (soup_message_get_response_headers (op->msg),
                                           "Location");
  if (location == NULL || base == NULL)
    return NULL;
  return g_uri_parse_relative (base, location, SOUP_HTTP_URI_FLAGS, NULL);
}

/* Follows a 3xx with a Location, or ends the request; FALSE when the
 * reply is no redirect to follow (it is then read as any other). */
static gboolean
op_follow_redirect (GTask *task)
{
  VitrineHttpOp *op = g_task_get_task_data (task);
  g_autoptr(GUri) base = g_uri_parse (op->url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr(GUri) target = NULL;
  g_autofree char *target_url = NULL;
  g_autofree char *logged = NULL;
  GError *error;

  if (op->status != 301 && op->status != 302 && op->status != 303 &&
      op->status != 307 && op->status != 308)
    return FALSE;
  if (soup_message_headers_get_one (soup_message_get_response_headers (op->msg),
                                    "Location") == NULL)
    return FALSE;

  if (!(target = redirect_target (op, base)))
    {
      g_autofree char *host = vitrine_http_url_host (op->url);

      error = g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                           _("%s redirected to an address Vitrine could not read."), host);
      vitrine_http_op_fail (task, error, VITRINE_HTTP_RETRY_NEVER, 0);
      return TRUE;
    }

  target_url = g_uri_to_string (target);
  logged = vitrine_http_redact (target_url);
  if ((error = redirect_refusal (op, base, target)))
    {
      g_debug ("HTTP ! %s refused a redirect to %s", op->method, logged);
      vitrine_http_op_fail (task, error, VITRINE_HTTP_RETRY_NEVER, 0);
      return TRUE;
    }

  g_debug ("HTTP > %u: following to %s", op->status, logged);
  op->redirects++;
  if (!same_origin (base, target))
    op->keep_secrets = FALSE;
  if (redirect_drops_body (op))
    {
      g_free (op->method);
      op->method = g_strdup ("GET");
      op->keep_body = FALSE;
    }
  g_free (op->url);
  op->url = g_steal_pointer (&target_url);

  vitrine_http_op_end_attempt (op);
  vitrine_http_op_start_message (task);
  return TRUE;
}

static void
op_send_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->reply_stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (op->reply_stream == NULL)
    {
      vitrine_http_op_fail_io (task, error, FALSE);
      return;
    }
  op->status = soup_message_get_status (op->msg);
  vitrine_http_note_date (op->http, op->url, soup_message_get_response_headers (op->msg));
  vitrine_http_op_touch (op);
  op_log_reply (op);

  if (SOUP_STATUS_IS_REDIRECTION (op->status) && op_follow_redirect (task))
    return;

  if (op->kind == VITRINE_HTTP_OP_DOWNLOAD && SOUP_STATUS_IS_SUCCESSFUL (op->status))
    {
      vitrine_http_op_download_begin (task);
      return;
    }

  op->buffer = g_byte_array_new ();
  vitrine_http_op_read_next (task);
}

static SoupMessage *
op_build_message (VitrineHttpOp  *op,
                  GError        **error)
{
  VitrineHttpRequest *request = op->request;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  if (!(uri = g_uri_parse (op->url, SOUP_HTTP_URI_FLAGS, error)))
    return NULL;
  msg = soup_message_new_from_uri (op->method, uri);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  for (guint i = 0; i < request->headers->len; i++)
    {
      VitrineHttpHeader *header = &g_array_index (request->headers, VitrineHttpHeader, i);

      if (!header->secret || op->keep_secrets)
        soup_message_headers_append (headers, header->name, header->value);
    }

  if (!op->keep_body)
    return g_steal_pointer (&msg);

  if (request->body_kind == VITRINE_HTTP_BODY_BYTES)
    soup_message_set_request_body_from_bytes (msg, request->content_type, request->body);
  else if (request->body_kind != VITRINE_HTTP_BODY_NONE)
    {
      g_autoptr(VitrineConcatInputStream) stream = NULL;

      stream = vitrine_http_request_open_body (request, op->sizes);
      soup_message_set_request_body (msg, request->content_type, G_INPUT_STREAM (stream),
                                     vitrine_concat_input_stream_get_size (stream));
    }

  return g_steal_pointer (&msg);
}

/* Sends the message of the current attempt (or redirect). */
void
vitrine_http_op_start_message (GTask *task)
{
  VitrineHttpOp *op = g_task_get_task_data (task);
  VitrineHttp *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (op->cancellable, &error))
    {
      vitrine_http_op_return_error (task, error);
      return;
    }
  if (!vitrine_http_check_url (op->url, &error) ||
      !(op->msg = op_build_message (op, &error)))
    {
      vitrine_http_op_fail (task, error, VITRINE_HTTP_RETRY_NEVER, 0);
      return;
    }

  g_signal_connect_swapped (op->msg, "network-event", G_CALLBACK (op_progress_cb), op);
  g_signal_connect_swapped (op->msg, "wrote-headers", G_CALLBACK (op_progress_cb), op);
  g_signal_connect_swapped (op->msg, "wrote-body-data", G_CALLBACK (op_progress_cb), op);
  g_signal_connect_swapped (op->msg, "got-informational", G_CALLBACK (op_progress_cb), op);
  g_signal_connect_swapped (op->msg, "got-headers", G_CALLBACK (op_progress_cb), op);

  op->attempt_cancellable = g_cancellable_new ();
  if (op->cancellable != NULL)
    op->cancelled_id = g_cancellable_connect (op->cancellable, G_CALLBACK (op_cancelled_cb),
                                              g_object_ref (op->attempt_cancellable),
                                              g_object_unref);
  op->timed_out = FALSE;
  op->deadline = g_source_new (&deadline_funcs, sizeof (GSource));
  g_source_set_name (op->deadline, "[vitrine] HTTP timeout");
  g_source_set_callback (op->deadline, op_deadline_cb, op, NULL);
  vitrine_http_op_touch (op);
  g_source_attach (op->deadline, g_task_get_context (task));

  op->started = g_get_monotonic_time ();
  op_log_request (op);
  soup_session_send_async (self->session, op->msg, G_PRIORITY_DEFAULT, op->attempt_cancellable,
                           op_send_cb, task);
}

static void
op_sizes_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->sizes = g_task_propagate_pointer (G_TASK (result), &error);
  if (op->sizes == NULL)
    {
      vitrine_http_op_return_error (task, error);
      return;
    }
  op->attempt = 1;
  vitrine_http_op_start_message (task);
}

static void
op_sizes_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GPtrArray *paths = task_data;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (goffset));

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (paths, i));
      g_autoptr(GFileInfo) info = NULL;
      GError *error = NULL;
      goffset size;

      info = g_file_query_info (file,
                                G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                G_FILE_QUERY_INFO_NONE, cancellable, &error);
      if (info == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        {
          g_autofree char *name = g_file_get_basename (file);

          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                                   _("“%s” is not a file that can be sent."), name);
          return;
        }
      size = g_file_info_get_size (info);
      g_array_append_val (sizes, size);
    }

  g_task_return_pointer (task, g_steal_pointer (&sizes), (GDestroyNotify) g_array_unref);
}

/* Checks the URL, learns the files' sizes (off the main thread), then sends. */
void
vitrine_http_op_begin (GTask *task)
{
  VitrineHttpOp *op = g_task_get_task_data (task);
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GTask) sizes_task = NULL;
  GError *error = NULL;

  if (!vitrine_http_check_url (op->url, &error))
    {
      g_autofree char *url = vitrine_http_redact (op->url);

      g_debug ("HTTP ! %s %s refused: %s", op->method, url, error->message);
      vitrine_http_op_return_error (task, error);
      return;
    }

  paths = vitrine_http_request_dup_paths (op->request);
  if (paths->len == 0)
    {
      op->sizes = g_array_new (FALSE, FALSE, sizeof (goffset));
      op->attempt = 1;
      vitrine_http_op_start_message (task);
      return;
    }

  sizes_task = g_task_new (NULL, op->cancellable, op_sizes_cb, task);
  g_task_set_source_tag (sizes_task, vitrine_http_op_begin);
  g_task_set_task_data (sizes_task, g_steal_pointer (&paths), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (sizes_task, op_sizes_thread);
}

