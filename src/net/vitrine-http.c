/* vitrine-http.c: the session, and the calls every caller makes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vitrine-http-private.h"

/* What an error of the domain carries besides its code: how long the
 * server asked us to wait (Retry-After, RateLimit-Reset), so that the hint
 * reaches whoever tries again (the monitor's backoff), not only the HTTP
 * layer's own attempts. */
typedef struct {
  guint retry_after_ms;
} VitrineHttpErrorPrivate;

static void
vitrine_http_error_private_init (VitrineHttpErrorPrivate *priv)
{
}

static void
vitrine_http_error_private_copy (const VitrineHttpErrorPrivate *src,
                                 VitrineHttpErrorPrivate       *dest)
{
  dest->retry_after_ms = src->retry_after_ms;
}

static void
vitrine_http_error_private_clear (VitrineHttpErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (VitrineHttpError, vitrine_http_error)

guint
vitrine_http_error_get_retry_after (const GError *error)
{
  VitrineHttpErrorPrivate *priv;

  if (error == NULL || error->domain != VITRINE_HTTP_ERROR ||
      (priv = vitrine_http_error_get_private (error)) == NULL)
    return 0;
  return priv->retry_after_ms;
}

void
vitrine_http_error_set_retry_after (GError *error,
                                    guint   ms)
{
  VitrineHttpErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == VITRINE_HTTP_ERROR);

  if ((priv = vitrine_http_error_get_private (error)) != NULL)
    priv->retry_after_ms = ms;
}

guint
vitrine_http_error_get_status (const GError *error)
{
  if (error != NULL && error->domain == VITRINE_HTTP_ERROR &&
      error->code >= 100 && error->code <= 599)
    return error->code;
  return 0;
}

/* {{{ URLs */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
vitrine_http_check_url (const char  *url,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url != NULL)
    uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0')
    {
      g_autofree char *shown = vitrine_http_redact (url ? url : "");

      g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE,
                   _("“%s” is not a web address."), shown);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_loopback (host))
        return TRUE;
      g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE,
                   _("Vitrine only talks to %s over a secure connection (an https:// address)."),
                   host);
      return FALSE;
    }

  g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE,
               _("Vitrine cannot use “%s:” addresses; it needs an https:// address."), scheme);
  return FALSE;
}

char *
vitrine_http_url_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (_("the server"));
  return g_strdup (g_uri_get_host (uri));
}

/* }}} */

/* {{{ The servers' clocks */

/* The scheme, host and port of @url, or NULL. */
static char *
url_origin (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri),
                          g_uri_get_port (uri));
}

void
vitrine_http_note_date (VitrineHttp        *self,
                        const char         *url,
                        SoupMessageHeaders *headers)
{
  const char *date = soup_message_headers_get_one (headers, "Date");
  g_autoptr(GDateTime) time = date != NULL ? soup_date_time_new_from_http_string (date) : NULL;
  char *origin;

  if (time == NULL || (origin = url_origin (url)) == NULL)
    return;
  g_hash_table_insert (self->clock_offsets, origin,
                       GINT_TO_POINTER ((int) (g_date_time_to_unix (time) -
                                               g_get_real_time () / G_USEC_PER_SEC)));
}

gboolean
vitrine_http_get_clock_offset (VitrineHttp *self,
                               const char  *url,
                               gint64      *offset_s)
{
  g_autofree char *origin = url_origin (url);
  gpointer offset;

  g_return_val_if_fail (VITRINE_IS_HTTP (self), FALSE);

  if (origin == NULL || !g_hash_table_lookup_extended (self->clock_offsets, origin, NULL, &offset))
    return FALSE;
  *offset_s = GPOINTER_TO_INT (offset);
  return TRUE;
}

/* }}} */

/* {{{ VitrineHttp */

G_DEFINE_FINAL_TYPE (VitrineHttp, vitrine_http, G_TYPE_OBJECT)

static void
vitrine_http_finalize (GObject *object)
{
  VitrineHttp *self = VITRINE_HTTP (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->clock_offsets, g_hash_table_unref);

  G_OBJECT_CLASS (vitrine_http_parent_class)->finalize (object);
}

static void
vitrine_http_class_init (VitrineHttpClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_http_finalize;
}

static void
vitrine_http_init (VitrineHttp *self)
{
  /* Timeouts are per request (see the deadline below), so the session's
   * own socket timeout is off; no accept-certificate handler exists, so a
   * certificate the system does not trust fails the request. */
  self->session = soup_session_new_with_options ("user-agent", "Vitrine/" PACKAGE_VERSION,
                                                 "timeout", 0,
                                                 "idle-timeout", 60,
                                                 "accept-language-auto", TRUE,
                                                 NULL);
  self->thread = g_thread_self ();
  self->clock_offsets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

VitrineHttp *
vitrine_http_get_default (void)
{
  static VitrineHttp *instance;

  if (instance == NULL)
    instance = g_object_new (VITRINE_TYPE_HTTP, NULL);
  g_return_val_if_fail (instance->thread == g_thread_self (), instance);
  return instance;
}

SoupSession *
vitrine_http_get_session (VitrineHttp *self)
{
  g_return_val_if_fail (VITRINE_IS_HTTP (self), NULL);

  return self->session;
}

/* }}} */

void
vitrine_http_reply_free (gpointer data)
{
  VitrineHttpReply *reply = data;

  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply);
}

/* {{{ Sending */

void
vitrine_http_send_async (VitrineHttp         *self,
                         VitrineHttpRequest  *request,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VITRINE_IS_HTTP (self));
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (request));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_http_send_async);
  g_task_set_task_data (task,
                        vitrine_http_op_new (VITRINE_HTTP_OP_SEND, self, request, cancellable),
                        vitrine_http_op_free);
  vitrine_http_op_begin (task);
}

GBytes *
vitrine_http_send_finish (VitrineHttp   *self,
                          GAsyncResult  *result,
                          guint         *status,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  VitrineHttpReply *reply;
  GBytes *body;

  g_return_val_if_fail (VITRINE_IS_HTTP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vitrine_http_send_async, NULL);

  reply = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (reply == NULL)
    {
      if (status != NULL)
        *status = vitrine_http_error_get_status (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (status != NULL)
    *status = reply->status;
  body = g_steal_pointer (&reply->body);
  vitrine_http_reply_free (reply);
  return body;
}

JsonNode *
vitrine_http_send_json_finish (VitrineHttp   *self,
                               GAsyncResult  *result,
                               guint         *status,
                               GError       **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *data;
  gsize len;

  body = vitrine_http_send_finish (self, result, status, error);
  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &len);
  if (len == 0)
    {
      g_set_error_literal (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                           _("The server sent an empty reply."));
      return NULL;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &parse_error) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                   _("The server sent a reply Vitrine could not read (%s)."),
                   parse_error ? parse_error->message : _("no JSON"));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

void
vitrine_http_download_async (VitrineHttp         *self,
                             VitrineHttpRequest  *request,
                             const char          *path,
                             VitrineHttpProgress  progress,
                             gpointer             progress_data,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *part_name = NULL;
  g_autofree char *part_path = NULL;
  GTask *task;
  VitrineHttpOp *op;

  g_return_if_fail (VITRINE_IS_HTTP (self));
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (request));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_http_download_async);
  /* Each path checks the cancellable itself: a rename that happened stays a success. */
  g_task_set_check_cancellable (task, FALSE);

  op = vitrine_http_op_new (VITRINE_HTTP_OP_DOWNLOAD, self, request, cancellable);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  part_name = g_strdup_printf (".%s.part", base);
  part_path = g_build_filename (dir, part_name, NULL);
  op->dest = g_file_new_for_path (path);
  op->part_file = g_file_new_for_path (part_path);
  op->progress = progress;
  op->progress_data = progress_data;
  g_task_set_task_data (task, op, vitrine_http_op_free);

  vitrine_http_op_begin (task);
}

gboolean
vitrine_http_download_finish (VitrineHttp   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (VITRINE_IS_HTTP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
