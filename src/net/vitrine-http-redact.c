/* vitrine-http-redact.c: secrets out of every log line
 *
 * Known names (headers, JSON members, query parameters) and the names
 * requests register (vitrine_http_request_add_secret_header(), the secret
 * members of a JSON body) become a few case-blind regular expressions,
 * built again when a name is added. Thread-safe: logs come from anywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vitrine-http-redact.h"

#define REDACTED VITRINE_HTTP_REDACTED

/* Names whose values never reach a log, whatever the request. Compared
 * without regard to case. */
static const char * const secret_header_names[] = {
  "Authorization", "Proxy-Authorization", "X-API-Key", "Api-Key", "X-Auth-Token",
  "X-Amz-Security-Token", "X-Goog-Api-Key", "Cookie", "Set-Cookie", NULL
};
static const char * const secret_member_names[] = {
  "vikit_api_key", "api_key", "apikey", "apiKey", "access_token", "refresh_token",
  "id_token", "client_secret", "password", "secret", "token", "webhook_secret", NULL
};
static const char * const secret_query_names[] = {
  "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token", "X-Goog-Signature",
  "X-Goog-Credential", "Signature", "sig", "token", "access_token", "key", "api_key",
  "apikey", "password", NULL
};

static GMutex     redact_lock;
static GPtrArray *extra_header_names;  /* added with add_secret_header */
static GPtrArray *extra_member_names;  /* added with set_json_body */
static GPtrArray *redact_regexes;      /* of GRegex, built on demand */
static const char * const redact_replacements[] = {
  "\\1\\2" REDACTED,                   /* Header: value */
  "\\1\"" REDACTED "\"",               /* "member": value */
  "\\1\\2=" REDACTED,                  /* ?name=value */
  "\\1" REDACTED,                      /* Bearer xyz */
  "\\1" REDACTED "@",                  /* scheme://user:password@ */
};

static gboolean
name_in (GPtrArray  *names,
         const char *name)
{
  for (guint i = 0; names != NULL && i < names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
name_in_strv (const char * const *names,
              const char         *name)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
register_secret_name (GPtrArray  **names,
                      const char  *name)
{
  g_mutex_lock (&redact_lock);
  if (*names == NULL)
    *names = g_ptr_array_new_with_free_func (g_free);
  if (!name_in (*names, name))
    {
      g_ptr_array_add (*names, g_strdup (name));
      g_clear_pointer (&redact_regexes, g_ptr_array_unref);
    }
  g_mutex_unlock (&redact_lock);
}

/* @name, escaped for a regex, after a "|" unless it comes @first. */
static void
append_alternative (GString    *pattern,
                    const char *name,
                    gboolean   *first)
{
  g_autofree char *escaped = g_regex_escape_string (name, -1);

  g_string_append_printf (pattern, "%s%s", *first ? "" : "|", escaped);
  *first = FALSE;
}

/* "a|b|c", each escaped for a regex. */
static void
append_alternatives (GString            *pattern,
                     const char * const *names,
                     GPtrArray          *extra)
{
  gboolean first = TRUE;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    append_alternative (pattern, names[i], &first);
  for (guint i = 0; extra != NULL && i < extra->len; i++)
    append_alternative (pattern, g_ptr_array_index (extra, i), &first);
}

static GRegex *
compile_redact_regex (GString *pattern)
{
  g_autoptr(GError) error = NULL;
  GRegex *regex;

  regex = g_regex_new (pattern->str, G_REGEX_CASELESS | G_REGEX_MULTILINE, 0, &error);
  if (regex == NULL)
    g_critical ("Bad redaction pattern %s: %s", pattern->str, error->message);
  return regex;
}

/* Called with redact_lock held. */
static GPtrArray *
ensure_redact_regexes (void)
{
  g_autoptr(GString) pattern = NULL;

  if (redact_regexes != NULL)
    return redact_regexes;

  redact_regexes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);

  /* A header line: "x-api-key: value" (the rest of the line goes). */
  pattern = g_string_new ("(^|[\\s,;{(\\[])((?:");
  append_alternatives (pattern, secret_header_names, extra_header_names);
  g_string_append (pattern, ")[ \\t]*:[ \\t]*)(?!\\s)[^\\r\\n]+");
  g_ptr_array_add (redact_regexes, compile_redact_regex (pattern));

  /* A JSON member, secret by its own name or as a header name. */
  g_string_assign (pattern, "(\"(?:");
  append_alternatives (pattern, secret_member_names, extra_member_names);
  g_string_append (pattern, "|");
  append_alternatives (pattern, secret_header_names, extra_header_names);
  g_string_append (pattern, ")\"\\s*:\\s*)(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)");
  g_ptr_array_add (redact_regexes, compile_redact_regex (pattern));

  /* A query or form value. */
  g_string_assign (pattern, "(^|[?&;\\s])(");
  append_alternatives (pattern, secret_query_names, extra_member_names);
  g_string_append (pattern, ")=[^&#\\s\"'<>]*");
  g_ptr_array_add (redact_regexes, compile_redact_regex (pattern));

  /* Credentials after an auth scheme, wherever they are. */
  g_string_assign (pattern, "(\\bBearer\\s+)(?!\\[REDACTED\\])[A-Za-z0-9._~+/=-]+");
  g_ptr_array_add (redact_regexes, compile_redact_regex (pattern));

  /* User and password in a URL. */
  g_string_assign (pattern, "(\\b[a-z][a-z0-9+.-]*://)[^/\\s@\"']+@");
  g_ptr_array_add (redact_regexes, compile_redact_regex (pattern));

  return redact_regexes;
}

char *
vitrine_http_redact (const char *text)
{
  char *result;

  if (text == NULL)
    return NULL;

  result = g_strdup (text);
  g_mutex_lock (&redact_lock);
  ensure_redact_regexes ();
  for (guint i = 0; i < redact_regexes->len; i++)
    {
      GRegex *regex = g_ptr_array_index (redact_regexes, i);
      char *replaced;

      if (regex == NULL)
        continue;
      replaced = g_regex_replace (regex, result, -1, 0, redact_replacements[i], 0, NULL);
      if (replaced != NULL)
        {
          g_free (result);
          result = replaced;
        }
    }
  g_mutex_unlock (&redact_lock);

  return result;
}

/* Makes the members of @node named in @secrets (or known as secret) hold
 * "[REDACTED]", at any depth; the string values they held go to @values. */
static void
redact_json_node (JsonNode           *node,
                  const char * const *secrets,
                  GPtrArray          *values)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;

          if (name_in_strv (secrets, name) || name_in_strv (secret_member_names, name))
            {
              const char *value = json_object_get_string_member_with_default (object, name, NULL);

              if (value != NULL)
                g_ptr_array_add (values, g_strdup (value));
              json_object_set_string_member (object, name, REDACTED);
            }
          else
            redact_json_node (json_object_get_member (object, name), secrets, values);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        redact_json_node (json_array_get_element (array, i), secrets, values);
    }
}

/* The shortest secret value looked for in a reply: shorter ones would
 * match ordinary text. */
#define MIN_SECRET_LEN 8

GBytes *
vitrine_http_redact_values (GBytes    *data,
                            GPtrArray *values)
{
  g_autoptr(GString) text = NULL;
  guint replaced = 0;

  if (g_bytes_get_size (data) == 0)
    return g_bytes_ref (data);
  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);
      gsize length = strlen (value);

      if (length < MIN_SECRET_LEN)
        continue;
      if (text == NULL)
        {
          if (g_strstr_len (g_bytes_get_data (data, NULL), g_bytes_get_size (data), value) == NULL)
            continue;
          text = g_string_new_len (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
        }
      replaced += g_string_replace (text, value, REDACTED, 0);
    }
  if (replaced == 0)
    return g_bytes_ref (data);
  return g_string_free_to_bytes (g_steal_pointer (&text));
}

char *
vitrine_http_shorten (const char *text,
                      gssize      len,
                      gsize       max)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);
  const char *end;

  if (strlen (valid) <= max)
    return g_steal_pointer (&valid);
  end = g_utf8_find_prev_char (valid, valid + max);
  return g_strdup_printf ("%.*s…", (int) (end - valid), valid);
}

void
vitrine_http_redact_add_header (const char *name)
{
  register_secret_name (&extra_header_names, name);
}

void
vitrine_http_redact_add_member (const char *name)
{
  register_secret_name (&extra_member_names, name);
}

gboolean
vitrine_http_redact_is_secret_header (const char *name)
{
  return name_in_strv (secret_header_names, name);
}

char *
vitrine_http_redact_json (const char         *json,
                          const char * const *secret_members,
                          gsize               max,
                          GPtrArray          *values)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *logged_text = NULL;

  for (guint i = 0; secret_members != NULL && secret_members[i] != NULL; i++)
    vitrine_http_redact_add_member (secret_members[i]);

  /* A mutable copy (the caller's node may be sealed) whose secrets are replaced. */
  if (!json_parser_load_from_data (parser, json, -1, NULL) || json_parser_get_root (parser) == NULL)
    return g_strdup ("(JSON)");
  redact_json_node (json_parser_get_root (parser), secret_members, values);
  logged_text = json_to_string (json_parser_get_root (parser), FALSE);
  return vitrine_http_shorten (logged_text, -1, max);
}
