/* vitrine-http-status.c: a failed reply's status as an error for a person
 *
 * The server's own words when it gave some, in the common JSON forms, or
 * in a service's own format read by the request's error reader (Vikit's
 * "Error" member, S3's XML: each with its provider); else a sentence
 * naming the status. And the error of a member a reply must have.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vitrine-http-private.h"
#include "vitrine-json.h"

#define MAX_SERVER_MESSAGE    500

/* "message" may be a string or, as NestJS answers a 400, an array of them. */
static char *
json_message (JsonObject *object,
              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  g_autoptr(GStrvBuilder) parts = NULL;
  g_auto(GStrv) strv = NULL;
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return *json_node_get_string (node) ? g_strdup (json_node_get_string (node)) : NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  parts = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (parts, json_node_get_string (item));
    }
  strv = g_strv_builder_end (parts);
  return strv[0] != NULL ? g_strjoinv ("; ", strv) : NULL;
}

/* The server's own words for a failed request, for a person: {"error":
 * {"message"}}, or the longer of "message" and "error". */
static char *
server_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *message = NULL;
  g_autofree char *error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *error_node;
  gsize len = 0;
  const char *data;

  if (body == NULL || g_bytes_get_size (body) == 0)
    return NULL;
  data = g_bytes_get_data (body, &len);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  error_node = json_object_get_member (object, "error");
  if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
    message = json_message (json_node_get_object (error_node), "message");
  if (message == NULL)
    {
      /* {"statusCode": 400, "message": […], "error": "Bad Request"}: the
       * longer one is the explanation, the other the reason phrase. */
      message = json_message (object, "message");
      error = json_message (object, "error");
      if (error != NULL && (message == NULL || strlen (error) > strlen (message)))
        {
          g_free (message);
          message = g_steal_pointer (&error);
        }
    }
  return g_steal_pointer (&message);
}

GError *
vitrine_http_status_error (guint                   status,
                           const char             *reason,
                           GBytes                 *body,
                           VitrineHttpErrorReader  reader)
{
  g_autofree char *message = NULL;
  const char *phrase;

  if (reader != NULL && body != NULL && g_bytes_get_size (body) > 0)
    message = reader (body);
  if (message == NULL)
    message = server_message (body);
  if (message != NULL)
    {
      g_autofree char *shown = vitrine_http_shorten (message, -1, MAX_SERVER_MESSAGE);

      return g_error_new_literal (VITRINE_HTTP_ERROR, status, shown);
    }

  phrase = soup_status_get_phrase (status);
  if (phrase == NULL || *phrase == '\0')
    phrase = reason;
  if (phrase != NULL && *phrase != '\0')
    return g_error_new (VITRINE_HTTP_ERROR, status, _("The server answered %u (%s)."),
                        status, phrase);
  return g_error_new (VITRINE_HTTP_ERROR, status, _("The server answered %u."), status);
}

/* RateLimit-Remaining says requests are left. */
static gboolean
quota_left (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "RateLimit-Remaining");
  g_autofree char *stripped = value != NULL ? g_strstrip (g_strdup (value)) : NULL;

  return stripped != NULL && g_ascii_string_to_unsigned (stripped, 10, 1, G_MAXUINT64, NULL, NULL);
}

guint
vitrine_http_retry_hint_ms (SoupMessageHeaders *headers)
{
  const char *value;
  gint64 hint_ms = 0;
  guint64 seconds;

  value = soup_message_headers_get_one (headers, "Retry-After");
  if (value != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (value));

      if (g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXUINT32, &seconds, NULL))
        hint_ms = MAX (hint_ms, (gint64) seconds * 1000);
      else
        {
          g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (stripped);
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          if (date != NULL)
            hint_ms = MAX (hint_ms, g_date_time_difference (date, now) / 1000);
        }
    }

  /* When the quota comes back: a wait only once it is spent (or when the
   * answer does not say what is left). VidGen sends these headers on every
   * answer, and a 500 with quota left is tried again with the usual
   * backoff, as its reference asks, not at the end of the minute. */
  value = soup_message_headers_get_one (headers, "RateLimit-Reset");
  if (value != NULL && !quota_left (headers))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (value));

      if (g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXINT64 / 1000, &seconds, NULL))
        {
          /* Seconds from now; a few APIs send a Unix time instead. */
          if (seconds > 365 * 24 * 3600)
            seconds = MAX ((gint64) seconds - g_get_real_time () / G_USEC_PER_SEC, 0);
          hint_ms = MAX (hint_ms, (gint64) seconds * 1000);
        }
    }

  return (guint) CLAMP (hint_ms, 0, G_MAXUINT);
}

/* {{{ Required members of a reply */

static GError *
missing_member (const char *format,
                const char *member)
{
  return g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY, format, member);
}

const char *
vitrine_json_require_string (JsonObject  *object,
                             const char  *member,
                             GError     **error)
{
  const char *value = vitrine_json_get_string (object, member);

  if (value == NULL)
    g_propagate_error (error, missing_member (_("The server’s reply has no text “%s”."), member));
  return value;
}

gboolean
vitrine_json_require_int (JsonObject  *object,
                          const char  *member,
                          gint64      *value,
                          GError     **error)
{
  gint64 result = 0;

  if (!vitrine_json_lookup_int (object, member, &result))
    {
      g_propagate_error (error, missing_member (_("The server’s reply has no number “%s”."),
                                                member));
      return FALSE;
    }
  if (value != NULL)
    *value = result;
  return TRUE;
}

JsonArray *
vitrine_json_require_array (JsonObject  *object,
                            const char  *member,
                            GError     **error)
{
  JsonArray *array = vitrine_json_get_array (object, member);

  if (array == NULL)
    g_propagate_error (error, missing_member (_("The server’s reply has no list “%s”."), member));
  return array;
}

/* }}} */
