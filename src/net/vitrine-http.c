/* vitrine-http.c: the one HTTP layer (session, retries, redaction, JSON)
 *
 * One request runs as a GTask whose data is an Op. Every attempt builds a
 * fresh SoupMessage from the VitrineHttpRequest (streamed bodies reopen
 * their files), runs under a child GCancellable of the caller's, and has a
 * deadline GSource that is pushed back whenever the attempt makes progress
 * (connected, headers written, body data written, reply headers, reply
 * data). When it fires the child is cancelled and the attempt ends as
 * VITRINE_HTTP_ERROR_TIMEOUT.
 *
 * An attempt that fails is classified (RetryClass): some faults are never
 * retried, some only for idempotent requests (the server may have seen the
 * request), and a refused connection or an unresolved name may be retried
 * for every method (nothing was sent). Waits between attempts come from
 * vitrine_job_monitor_backoff() with Retry-After / RateLimit-Reset as floor,
 * and end at once when the caller cancels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vitrine-concat-input-stream.h"
#include "vitrine-http.h"
#include "vitrine-job-monitor.h"

#define DEFAULT_TIMEOUT_S     30
#define DEFAULT_MAX_ATTEMPTS  4
#define RETRY_BASE_MS         500
#define MAX_HINT_MS           (60 * 1000)        /* a longer Retry-After is the caller's business */
#define MAX_REDIRECTS         10
#define MAX_REPLY_SIZE        (32 * 1024 * 1024) /* a reply read into memory */
#define READ_CHUNK            (64 * 1024)
#define MAX_LOGGED_BODY       2048
#define MAX_SERVER_MESSAGE    500
#define REDACTED              "[REDACTED]"

G_DEFINE_QUARK (vitrine-http-error-quark, vitrine_http_error)

guint
vitrine_http_error_get_status (const GError *error)
{
  if (error != NULL && error->domain == VITRINE_HTTP_ERROR &&
      error->code >= 100 && error->code <= 599)
    return error->code;
  return 0;
}

/* {{{ Redaction */

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
register_secret_name (GPtrArray   **names,
                      const char   *name)
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

/* "a|b|c", each escaped for a regex. */
static void
append_alternatives (GString            *pattern,
                     const char * const *names,
                     GPtrArray          *extra)
{
  gboolean first = TRUE;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *escaped = g_regex_escape_string (names[i], -1);

      g_string_append_printf (pattern, "%s%s", first ? "" : "|", escaped);
      first = FALSE;
    }
  for (guint i = 0; extra != NULL && i < extra->len; i++)
    {
      g_autofree char *escaped = g_regex_escape_string (g_ptr_array_index (extra, i), -1);

      g_string_append_printf (pattern, "%s%s", first ? "" : "|", escaped);
      first = FALSE;
    }
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

static gboolean
http_debug_enabled (void)
{
  return !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
}

/* A copy of @node where the members named in @secrets (or known as secret)
 * hold "[REDACTED]", at any depth. */
static void
redact_json_node (JsonNode           *node,
                  const char * const *secrets)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *name = l->data;

          if (name_in_strv (secrets, name) || name_in_strv (secret_member_names, name))
            json_object_set_string_member (object, name, REDACTED);
          else
            redact_json_node (json_object_get_member (object, name), secrets);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        redact_json_node (json_array_get_element (array, i), secrets);
    }
}

/* At most @max bytes of @text, cut on a character. */
static char *
shorten (const char *text,
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

/* }}} */

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

static char *
url_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (_("the server"));
  return g_strdup (g_uri_get_host (uri));
}

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

/* }}} */

/* {{{ VitrineHttpRequest */

typedef enum {
  BODY_NONE,
  BODY_BYTES,
  BODY_FILE,
  BODY_FORM,
} BodyKind;

typedef struct {
  char     *name;
  char     *value;
  gboolean  secret;
} Header;

typedef struct {
  char *name;
  char *value;          /* a field, or */
  char *path;           /* a file */
  char *filename;
  char *content_type;
} FormPart;

struct _VitrineHttpRequest
{
  GObject    parent_instance;

  char      *method;
  char      *url;
  GArray    *headers;      /* of Header */
  int        idempotent;   /* -1: from the method and headers */
  guint      timeout_s;
  guint      max_attempts;

  BodyKind   body_kind;
  char      *content_type;
  GBytes    *body;         /* BODY_BYTES (JSON too) */
  char      *log_body;     /* what a log may show of it */
  char      *path;         /* BODY_FILE */
  GPtrArray *form;         /* BODY_FORM: of FormPart */
  char      *boundary;
};

G_DEFINE_FINAL_TYPE (VitrineHttpRequest, vitrine_http_request, G_TYPE_OBJECT)

static void
header_clear (gpointer data)
{
  Header *header = data;

  g_free (header->name);
  g_free (header->value);
}

static void
form_part_free (gpointer data)
{
  FormPart *part = data;

  g_free (part->name);
  g_free (part->value);
  g_free (part->path);
  g_free (part->filename);
  g_free (part->content_type);
  g_free (part);
}

static void
vitrine_http_request_finalize (GObject *object)
{
  VitrineHttpRequest *self = VITRINE_HTTP_REQUEST (object);

  g_free (self->method);
  g_free (self->url);
  g_clear_pointer (&self->headers, g_array_unref);
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->log_body);
  g_free (self->path);
  g_clear_pointer (&self->form, g_ptr_array_unref);
  g_free (self->boundary);

  G_OBJECT_CLASS (vitrine_http_request_parent_class)->finalize (object);
}

static void
vitrine_http_request_class_init (VitrineHttpRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_http_request_finalize;
}

static void
vitrine_http_request_init (VitrineHttpRequest *self)
{
  self->headers = g_array_new (FALSE, TRUE, sizeof (Header));
  g_array_set_clear_func (self->headers, header_clear);
  self->idempotent = -1;
  self->timeout_s = DEFAULT_TIMEOUT_S;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
}

VitrineHttpRequest *
vitrine_http_request_new (const char *method,
                          const char *url)
{
  VitrineHttpRequest *self;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (VITRINE_TYPE_HTTP_REQUEST, NULL);
  self->method = g_ascii_strup (method, -1);
  self->url = g_strdup (url);
  return self;
}

const char *
vitrine_http_request_get_method (VitrineHttpRequest *self)
{
  g_return_val_if_fail (VITRINE_IS_HTTP_REQUEST (self), NULL);

  return self->method;
}

const char *
vitrine_http_request_get_url (VitrineHttpRequest *self)
{
  g_return_val_if_fail (VITRINE_IS_HTTP_REQUEST (self), NULL);

  return self->url;
}

static void
vitrine_http_request_append_header (VitrineHttpRequest *self,
                                    const char         *name,
                                    const char         *value,
                                    gboolean            secret)
{
  Header header;

  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (name != NULL && *name != '\0' && strpbrk (name, ":\r\n \t") == NULL);
  g_return_if_fail (value != NULL && strpbrk (value, "\r\n") == NULL);

  header.name = g_strdup (name);
  header.value = g_strdup (value);
  header.secret = secret || name_in_strv (secret_header_names, name);
  g_array_append_val (self->headers, header);
}

void
vitrine_http_request_add_header (VitrineHttpRequest *self,
                                 const char         *name,
                                 const char         *value)
{
  vitrine_http_request_append_header (self, name, value, FALSE);
}

void
vitrine_http_request_add_secret_header (VitrineHttpRequest *self,
                                        const char         *name,
                                        const char         *value)
{
  g_return_if_fail (name != NULL);

  register_secret_name (&extra_header_names, name);
  vitrine_http_request_append_header (self, name, value, TRUE);
}

void
vitrine_http_request_set_idempotent (VitrineHttpRequest *self,
                                     gboolean            idempotent)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));

  self->idempotent = !!idempotent;
}

gboolean
vitrine_http_request_is_idempotent (VitrineHttpRequest *self)
{
  static const char * const idempotent_methods[] = {
    "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", NULL
  };

  g_return_val_if_fail (VITRINE_IS_HTTP_REQUEST (self), FALSE);

  if (self->idempotent >= 0)
    return self->idempotent;
  if (g_strv_contains (idempotent_methods, self->method))
    return TRUE;
  for (guint i = 0; i < self->headers->len; i++)
    if (g_ascii_strcasecmp (g_array_index (self->headers, Header, i).name, "Idempotency-Key") == 0)
      return TRUE;
  return FALSE;
}

void
vitrine_http_request_set_timeout (VitrineHttpRequest *self,
                                  guint               seconds)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (seconds > 0);

  self->timeout_s = seconds;
}

void
vitrine_http_request_set_max_attempts (VitrineHttpRequest *self,
                                       guint               attempts)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (attempts > 0);

  self->max_attempts = attempts;
}

static void
vitrine_http_request_clear_body (VitrineHttpRequest *self)
{
  self->body_kind = BODY_NONE;
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->log_body, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->form, g_ptr_array_unref);
  g_clear_pointer (&self->boundary, g_free);
}

void
vitrine_http_request_set_json_body (VitrineHttpRequest *self,
                                    JsonNode           *body,
                                    const char * const *secret_members)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *logged_text = NULL;
  char *text;

  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (body != NULL);

  for (guint i = 0; secret_members != NULL && secret_members[i] != NULL; i++)
    register_secret_name (&extra_member_names, secret_members[i]);

  vitrine_http_request_clear_body (self);
  self->body_kind = BODY_BYTES;
  self->content_type = g_strdup ("application/json");
  text = json_to_string (body, FALSE);
  self->body = g_bytes_new_take (text, strlen (text));

  /* A mutable copy (@body may be sealed) whose secrets are replaced. */
  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, text, -1, NULL) && json_parser_get_root (parser))
    {
      redact_json_node (json_parser_get_root (parser), secret_members);
      logged_text = json_to_string (json_parser_get_root (parser), FALSE);
      self->log_body = shorten (logged_text, -1, MAX_LOGGED_BODY);
    }
  else
    self->log_body = g_strdup ("(JSON)");
}

void
vitrine_http_request_set_bytes_body (VitrineHttpRequest *self,
                                     const char         *content_type,
                                     GBytes             *body)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (body != NULL);

  vitrine_http_request_clear_body (self);
  self->body_kind = BODY_BYTES;
  self->content_type = g_strdup (content_type ? content_type : "application/octet-stream");
  self->body = g_bytes_ref (body);
  self->log_body = g_strdup_printf ("(%" G_GSIZE_FORMAT " bytes of %s)",
                                    g_bytes_get_size (body), self->content_type);
}

void
vitrine_http_request_set_file_body (VitrineHttpRequest *self,
                                    const char         *content_type,
                                    const char         *path)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (path != NULL);

  vitrine_http_request_clear_body (self);
  self->body_kind = BODY_FILE;
  self->content_type = g_strdup (content_type ? content_type : "application/octet-stream");
  self->path = g_strdup (path);
}

static void
vitrine_http_request_ensure_form (VitrineHttpRequest *self)
{
  if (self->body_kind == BODY_FORM)
    return;

  vitrine_http_request_clear_body (self);
  self->body_kind = BODY_FORM;
  self->form = g_ptr_array_new_with_free_func (form_part_free);
  self->boundary = g_strdup_printf ("vitrine-%08x%08x%08x%08x",
                                    g_random_int (), g_random_int (),
                                    g_random_int (), g_random_int ());
  self->content_type = g_strdup_printf ("multipart/form-data; boundary=%s", self->boundary);
}

void
vitrine_http_request_add_form_field (VitrineHttpRequest *self,
                                     const char         *name,
                                     const char         *value)
{
  FormPart *part;

  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  vitrine_http_request_ensure_form (self);
  part = g_new0 (FormPart, 1);
  part->name = g_strdup (name);
  part->value = g_strdup (value);
  g_ptr_array_add (self->form, part);
}

void
vitrine_http_request_add_form_file (VitrineHttpRequest *self,
                                    const char         *name,
                                    const char         *path,
                                    const char         *filename,
                                    const char         *content_type)
{
  FormPart *part;

  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (path != NULL);

  vitrine_http_request_ensure_form (self);
  part = g_new0 (FormPart, 1);
  part->name = g_strdup (name);
  part->path = g_strdup (path);
  part->filename = filename ? g_strdup (filename) : g_path_get_basename (path);
  part->content_type = g_strdup (content_type ? content_type : "application/octet-stream");
  g_ptr_array_add (self->form, part);
}

/* The files whose sizes the body needs, in order. */
static GPtrArray *
vitrine_http_request_dup_paths (VitrineHttpRequest *self)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  if (self->body_kind == BODY_FILE)
    g_ptr_array_add (paths, g_strdup (self->path));
  for (guint i = 0; self->body_kind == BODY_FORM && i < self->form->len; i++)
    {
      FormPart *part = g_ptr_array_index (self->form, i);

      if (part->path != NULL)
        g_ptr_array_add (paths, g_strdup (part->path));
    }
  return paths;
}

/* A quoted-string parameter of Content-Disposition, as browsers write it. */
static void
append_disposition_param (GString    *out,
                          const char *param,
                          const char *value)
{
  g_string_append_printf (out, "; %s=\"", param);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append (out, "%22");
      else if (*p == '\r')
        g_string_append (out, "%0D");
      else if (*p == '\n')
        g_string_append (out, "%0A");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* The body of one attempt, its files at @sizes (as many as dup_paths). */
static VitrineConcatInputStream *
vitrine_http_request_open_form (VitrineHttpRequest *self,
                                GArray             *sizes)
{
  g_autoptr(VitrineConcatInputStream) stream = vitrine_concat_input_stream_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  guint file_index = 0;

  for (guint i = 0; i < self->form->len; i++)
    {
      FormPart *part = g_ptr_array_index (self->form, i);

      g_string_append_printf (text, "--%s\r\nContent-Disposition: form-data", self->boundary);
      append_disposition_param (text, "name", part->name);
      if (part->path != NULL)
        {
          g_autoptr(GFile) file = g_file_new_for_path (part->path);

          append_disposition_param (text, "filename", part->filename);
          g_string_append_printf (text, "\r\nContent-Type: %s\r\n\r\n", part->content_type);
          vitrine_concat_input_stream_add_text (stream, text->str);
          g_string_truncate (text, 0);
          vitrine_concat_input_stream_add_file (stream, file,
                                                g_array_index (sizes, goffset, file_index++));
          g_string_append (text, "\r\n");
        }
      else
        {
          g_string_append_printf (text, "\r\n\r\n%s\r\n", part->value);
        }
    }
  g_string_append_printf (text, "--%s--\r\n", self->boundary);
  vitrine_concat_input_stream_add_text (stream, text->str);

  return g_steal_pointer (&stream);
}

/* }}} */

/* {{{ VitrineHttp */

struct _VitrineHttp
{
  GObject      parent_instance;

  SoupSession *session;
  GThread     *thread;
};

G_DEFINE_FINAL_TYPE (VitrineHttp, vitrine_http, G_TYPE_OBJECT)

static void
vitrine_http_finalize (GObject *object)
{
  VitrineHttp *self = VITRINE_HTTP (object);

  g_clear_object (&self->session);

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

/* {{{ One request: Op */

typedef enum {
  OP_SEND,
  OP_DOWNLOAD,
} OpKind;

typedef enum {
  RETRY_NEVER,            /* TLS, 4xx, a reply we cannot read, a local error */
  RETRY_IF_IDEMPOTENT,    /* 5xx, 429, reset, timeout: the server may have acted */
  RETRY_NOT_SENT,         /* refused, unresolved: nothing reached the server */
} RetryClass;

typedef struct {
  GBytes *body;
  guint   status;
} Reply;

typedef struct {
  OpKind              kind;
  VitrineHttp        *http;          /* unowned: the task holds it */
  VitrineHttpRequest *request;
  GCancellable       *cancellable;   /* the caller's, may be NULL */
  char               *url;           /* after redirects */
  char               *method;
  gboolean            keep_body;     /* no longer after a 303 */
  gboolean            keep_secrets;  /* no longer after a redirect to another origin */
  gboolean            idempotent;
  guint               attempt;
  guint               max_attempts;
  guint               redirects;
  GArray             *sizes;         /* of goffset: the request's files */

  /* The attempt in flight */
  SoupMessage        *msg;
  GCancellable       *attempt_cancellable;
  gulong              cancelled_id;
  GSource            *deadline;
  gboolean            timed_out;
  gint64              started;
  GInputStream        *reply_stream;
  GByteArray         *buffer;
  guint               status;

  /* Downloads */
  GFile              *dest;
  GFile              *part_file;
  GOutputStream      *out;
  gboolean            part_created;
  GBytes             *chunk;
  goffset             received;
  goffset             total;
  VitrineHttpProgress progress;
  gpointer            progress_data;

  /* Between attempts */
  GSource            *wait_source;
  GSource            *wait_cancel_source;
  GError             *pending_error;
  RetryClass          pending_retry;
  guint               pending_hint_ms;
} Op;

static void op_start_message (GTask *task);
static void op_fail_continue (GTask *task);

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply);
}

static void
op_end_attempt (Op *op)
{
  if (op->deadline != NULL)
    {
      g_source_destroy (op->deadline);
      g_clear_pointer (&op->deadline, g_source_unref);
    }
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

static void
op_free (gpointer data)
{
  Op *op = data;

  op_end_attempt (op);
  if (op->wait_source != NULL)
    {
      g_source_destroy (op->wait_source);
      g_source_unref (op->wait_source);
    }
  if (op->wait_cancel_source != NULL)
    {
      g_source_destroy (op->wait_cancel_source);
      g_source_unref (op->wait_cancel_source);
    }
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

static Op *
op_new (OpKind              kind,
        VitrineHttp        *http,
        VitrineHttpRequest *request,
        GCancellable       *cancellable)
{
  Op *op = g_new0 (Op, 1);

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
  op->total = -1;
  return op;
}

static double
op_elapsed_ms (Op *op)
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
  Op *op = user_data;

  op->timed_out = TRUE;
  g_cancellable_cancel (op->attempt_cancellable);
  g_source_set_ready_time (op->deadline, -1);
  return G_SOURCE_CONTINUE;
}

static void
op_touch (Op *op)
{
  if (op->deadline != NULL && !op->timed_out)
    g_source_set_ready_time (op->deadline,
                             g_get_monotonic_time () + op->request->timeout_s * G_USEC_PER_SEC);
}

static void
op_progress_cb (Op *op)
{
  op_touch (op);
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
op_log_request (Op *op)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *redacted = NULL;
  VitrineHttpRequest *request = op->request;

  if (!http_debug_enabled ())
    return;

  text = g_string_new (NULL);
  g_string_append_printf (text, "HTTP > %s %s (attempt %u/%u%s)", op->method, op->url,
                          op->attempt, op->max_attempts, op->idempotent ? "" : ", not idempotent");
  for (guint i = 0; i < request->headers->len; i++)
    {
      Header *header = &g_array_index (request->headers, Header, i);

      if (header->secret && !op->keep_secrets)
        continue;
      g_string_append_printf (text, "\n  %s: %s", header->name,
                              header->secret ? REDACTED : header->value);
    }
  if (op->keep_body)
    {
      if (request->body_kind == BODY_BYTES)
        g_string_append_printf (text, "\n  %s", request->log_body);
      else if (request->body_kind == BODY_FILE)
        g_string_append_printf (text, "\n  (file %s, %" G_GOFFSET_FORMAT " bytes of %s)",
                                request->path, g_array_index (op->sizes, goffset, 0),
                                request->content_type);
      else if (request->body_kind == BODY_FORM)
        {
          guint file_index = 0;

          g_string_append (text, "\n  multipart/form-data:");
          for (guint i = 0; i < request->form->len; i++)
            {
              FormPart *part = g_ptr_array_index (request->form, i);

              if (part->path != NULL)
                g_string_append_printf (text, " %s=@%s (%" G_GOFFSET_FORMAT " bytes of %s)",
                                        part->name, part->filename,
                                        g_array_index (op->sizes, goffset, file_index++),
                                        part->content_type);
              else
                g_string_append_printf (text, " %s=(%" G_GSIZE_FORMAT " bytes)",
                                        part->name, strlen (part->value));
            }
        }
    }

  redacted = vitrine_http_redact (text->str);
  g_debug ("%s", redacted);
}

static void
op_log_reply (Op *op)
{
  g_autofree char *url = NULL;

  if (!http_debug_enabled ())
    return;
  url = vitrine_http_redact (op->url);
  g_debug ("HTTP < %u %s %s (%.0f ms)", op->status, op->method, url, op_elapsed_ms (op));
}

static void
op_log_failure (Op          *op,
                const GError *error,
                const char   *what)
{
  g_autofree char *url = NULL;
  g_autofree char *message = NULL;

  if (!http_debug_enabled ())
    return;
  url = vitrine_http_redact (op->url);
  message = vitrine_http_redact (error->message);
  g_debug ("HTTP ! %s %s, attempt %u/%u: %s (%s)", op->method, url, op->attempt,
           op->max_attempts, message, what);
}

/* }}} */

/* {{{ Errors */

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

/* S3 answers errors in XML: "<Code>SignatureDoesNotMatch</Code><Message>…". */
static char *
xml_element (const char *data,
             gsize       len,
             const char *name)
{
  g_autofree char *open = g_strdup_printf ("<%s>", name);
  g_autofree char *close = g_strdup_printf ("</%s>", name);
  const char *start = g_strstr_len (data, len, open);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (open);
  end = g_strstr_len (start, len - (start - data), close);
  return end != NULL && end > start ? g_strndup (start, end - start) : NULL;
}

/* The server's own words for a failed request, for a person: {"error":
 * {"message"}}, the longer of "message" and "error", "Error" (Vikit), or
 * S3's XML "Message (Code)". */
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

  if (len > 0 && data[0] == '<')
    {
      g_autofree char *code = xml_element (data, len, "Code");
      g_autofree char *text = xml_element (data, len, "Message");

      if (code == NULL)
        return NULL;
      message = text != NULL ? g_strdup_printf ("%s (%s)", text, code) : g_strdup (code);
      return shorten (message, -1, MAX_SERVER_MESSAGE);
    }

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
  if (message == NULL)
    message = json_message (object, "Error");
  if (message == NULL)
    return NULL;

  return shorten (message, -1, MAX_SERVER_MESSAGE);
}

static GError *
status_error (guint       status,
              const char *reason,
              GBytes     *body)
{
  g_autofree char *message = server_message (body);
  const char *phrase;

  if (message != NULL)
    return g_error_new_literal (VITRINE_HTTP_ERROR, status, message);

  phrase = soup_status_get_phrase (status);
  if (phrase == NULL || *phrase == '\0')
    phrase = reason;
  if (phrase != NULL && *phrase != '\0')
    return g_error_new (VITRINE_HTTP_ERROR, status, _("The server answered %u (%s)."),
                        status, phrase);
  return g_error_new (VITRINE_HTTP_ERROR, status, _("The server answered %u."), status);
}

/* Milliseconds the server asked us to wait, or 0. */
static guint
retry_hint_ms (SoupMessageHeaders *headers)
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

  value = soup_message_headers_get_one (headers, "RateLimit-Reset");
  if (value != NULL)
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

/* }}} */

/* {{{ Ending an attempt */

/* Retries (after a wait) or returns the pending error. */
static gboolean
op_wait_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data);

static void
op_wait_end (Op *op)
{
  if (op->wait_source != NULL)
    {
      g_source_destroy (op->wait_source);
      g_clear_pointer (&op->wait_source, g_source_unref);
    }
  if (op->wait_cancel_source != NULL)
    {
      g_source_destroy (op->wait_cancel_source);
      g_clear_pointer (&op->wait_cancel_source, g_source_unref);
    }
}

static gboolean
op_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);

  op_wait_end (op);
  op->attempt++;
  op_start_message (task);
  return G_SOURCE_REMOVE;
}

static gboolean
op_wait_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op_wait_end (op);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  g_task_return_error (task, error);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
op_fail_continue (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = g_steal_pointer (&op->pending_error);
  gboolean retry;
  guint delay;

  if (g_cancellable_is_cancelled (op->cancellable))
    {
      g_clear_error (&error);
      g_cancellable_set_error_if_cancelled (op->cancellable, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  retry = op->attempt < op->max_attempts &&
          (op->pending_retry == RETRY_NOT_SENT ||
           (op->pending_retry == RETRY_IF_IDEMPOTENT && op->idempotent));
  if (retry && op->pending_hint_ms > MAX_HINT_MS)
    retry = FALSE;

  if (!retry)
    {
      op_log_failure (op, error, "giving up");
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  delay = vitrine_job_monitor_backoff (RETRY_BASE_MS, op->attempt, op->pending_hint_ms);
  {
    g_autofree char *what = g_strdup_printf ("retrying in %u ms", delay);
    op_log_failure (op, error, what);
  }

  /* The task's one reference goes to whichever source fires first; the
   * other is destroyed with it. */
  op->wait_source = g_timeout_source_new (delay);
  g_source_set_name (op->wait_source, "[vitrine] HTTP retry wait");
  g_source_set_callback (op->wait_source, op_wait_done_cb, task, NULL);
  g_source_attach (op->wait_source, g_task_get_context (task));
  if (op->cancellable != NULL)
    {
      op->wait_cancel_source = g_cancellable_source_new (op->cancellable);
      g_source_set_callback (op->wait_cancel_source, (GSourceFunc) op_wait_cancelled_cb, task,
                             NULL);
      g_source_attach (op->wait_cancel_source, g_task_get_context (task));
    }
}

static void
op_part_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_autofree char *message = vitrine_http_redact (error->message);

      g_debug ("Could not remove a partial download: %s", message);
    }
  op->part_created = FALSE;
  op_fail_continue (task);
}

static void
op_part_closed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);

  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, NULL);
  g_clear_object (&op->out);
  g_file_delete_async (op->part_file, G_PRIORITY_DEFAULT, NULL, op_part_deleted_cb, task);
}

/* Ends the attempt with @error (taken); a download's partial file goes first. */
static void
op_fail (GTask      *task,
         GError     *error,
         RetryClass  retry,
         guint       hint_ms)
{
  Op *op = g_task_get_task_data (task);

  g_clear_error (&op->pending_error);
  op->pending_error = error;
  op->pending_retry = retry;
  op->pending_hint_ms = hint_ms;
  op_end_attempt (op);

  if (op->out != NULL)
    g_output_stream_close_async (op->out, G_PRIORITY_DEFAULT, NULL, op_part_closed_cb, task);
  else if (op->part_created)
    g_file_delete_async (op->part_file, G_PRIORITY_DEFAULT, NULL, op_part_deleted_cb, task);
  else
    op_fail_continue (task);
}

/* A GIO or libsoup error of the attempt in flight (@local: the download's
 * own file, not the network). Takes @error. */
static void
op_fail_io (GTask    *task,
            GError   *error,
            gboolean  local)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *host = url_host (op->url);
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (op->timed_out && !g_cancellable_is_cancelled (op->cancellable))
        {
          mapped = g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TIMEOUT,
                                ngettext ("%s did not answer within %u second.",
                                          "%s did not answer within %u seconds.",
                                          op->request->timeout_s),
                                host, op->request->timeout_s);
          g_error_free (error);
          op_fail (task, mapped, RETRY_IF_IDEMPOTENT, 0);
        }
      else
        op_fail (task, error, RETRY_NEVER, 0);
      return;
    }

  if (local)
    {
      op_fail (task, error, RETRY_NEVER, 0);
      return;
    }

  if (error->domain == G_TLS_ERROR)
    {
      mapped = g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TLS,
                            _("The secure connection to %s failed: %s"), host, error->message);
      g_error_free (error);
      op_fail (task, mapped, RETRY_NEVER, 0);
    }
  else if (error->domain == SOUP_SESSION_ERROR)
    {
      mapped = g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                            _("%s sent a reply Vitrine could not read: %s"), host, error->message);
      g_error_free (error);
      op_fail (task, mapped, RETRY_NEVER, 0);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      mapped = g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TIMEOUT,
                            _("%s did not answer in time: %s"), host, error->message);
      g_error_free (error);
      op_fail (task, mapped, RETRY_IF_IDEMPOTENT, 0);
    }
  else
    {
      gboolean not_sent = error->domain == G_RESOLVER_ERROR ||
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);

      mapped = g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_NETWORK,
                            _("Could not reach %s: %s"), host, error->message);
      g_error_free (error);
      op_fail (task, mapped, not_sent ? RETRY_NOT_SENT : RETRY_IF_IDEMPOTENT, 0);
    }
}

/* The whole reply is in op->buffer. */
static void
op_reply_complete (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&op->buffer));

  if (SOUP_STATUS_IS_SUCCESSFUL (op->status) && op->kind == OP_SEND)
    {
      Reply *reply = g_new0 (Reply, 1);

      reply->body = g_steal_pointer (&body);
      reply->status = op->status;
      op_end_attempt (op);
      g_task_return_pointer (task, reply, reply_free);
      g_object_unref (task);
      return;
    }
  else
    {
      RetryClass retry = RETRY_NEVER;
      guint hint_ms = 0;
      GError *error;

      if (op->status == 429 || SOUP_STATUS_IS_SERVER_ERROR (op->status))
        {
          retry = RETRY_IF_IDEMPOTENT;
          hint_ms = retry_hint_ms (soup_message_get_response_headers (op->msg));
        }
      error = status_error (op->status, soup_message_get_reason_phrase (op->msg), body);
      if (http_debug_enabled () && g_bytes_get_size (body) > 0)
        {
          g_autofree char *text = shorten (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                           MAX_LOGGED_BODY);
          g_autofree char *redacted = vitrine_http_redact (text);

          g_debug ("HTTP < %u body: %s", op->status, redacted);
        }
      op_fail (task, error, retry, hint_ms);
    }
}

/* }}} */

/* {{{ Reading a reply into memory */

static void
op_read_next (GTask *task);

static void
op_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      op_fail_io (task, error, FALSE);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      op_reply_complete (task);
      return;
    }
  if (op->buffer->len + g_bytes_get_size (bytes) > MAX_REPLY_SIZE)
    {
      g_autofree char *host = url_host (op->url);

      op_fail (task,
               g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                            _("%s sent a reply larger than %u MB."), host,
                            MAX_REPLY_SIZE / (1024 * 1024)),
               RETRY_NEVER, 0);
      return;
    }
  g_byte_array_append (op->buffer, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  op_touch (op);
  op_read_next (task);
}

static void
op_read_next (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (op->reply_stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   op->attempt_cancellable, op_read_cb, task);
}

/* }}} */

/* {{{ Downloading a reply into a file */

static void op_download_read_next (GTask *task);

static void
op_download_moved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_move_finish (G_FILE (object), result, &error))
    {
      op_fail (task, error, RETRY_NEVER, 0);
      return;
    }
  op->part_created = FALSE;
  op_end_attempt (op);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
op_download_closed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      op_fail_io (task, error, TRUE);
      return;
    }
  g_clear_object (&op->out);

  /* Past this point the download is whole: a cancel no longer undoes it. */
  if (g_cancellable_is_cancelled (op->cancellable))
    {
      op_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled"),
               RETRY_NEVER, 0);
      return;
    }
  g_file_move_async (op->part_file, op->dest, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     NULL, NULL, NULL, op_download_moved_cb, task);
}

static void
op_download_complete (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (op->total >= 0 && op->received != op->total)
    {
      op_fail_io (task,
                  g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               _("the reply stopped after %lld of %lld bytes"),
                               (long long) op->received, (long long) op->total),
                  FALSE);
      return;
    }
  if (op->progress != NULL)
    op->progress (1.0, op->progress_data);
  g_output_stream_close_async (op->out, G_PRIORITY_DEFAULT, op->attempt_cancellable,
                               op_download_closed_cb, task);
}

static void
op_download_wrote_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      op_fail_io (task, error, TRUE);
      return;
    }
  g_clear_pointer (&op->chunk, g_bytes_unref);
  op->received += written;
  if (op->progress != NULL && op->total > 0)
    op->progress (MIN (1.0, (double) op->received / op->total), op->progress_data);
  op_download_read_next (task);
}

static void
op_download_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (op->chunk == NULL)
    {
      op_fail_io (task, error, FALSE);
      return;
    }
  if (g_bytes_get_size (op->chunk) == 0)
    {
      g_clear_pointer (&op->chunk, g_bytes_unref);
      op_download_complete (task);
      return;
    }
  op_touch (op);
  g_output_stream_write_all_async (op->out,
                                   g_bytes_get_data (op->chunk, NULL),
                                   g_bytes_get_size (op->chunk),
                                   G_PRIORITY_DEFAULT, op->attempt_cancellable,
                                   op_download_wrote_cb, task);
}

static void
op_download_read_next (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (op->reply_stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   op->attempt_cancellable, op_download_read_cb, task);
}

static void
op_download_opened_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->out = G_OUTPUT_STREAM (g_file_replace_finish (G_FILE (object), result, &error));
  if (op->out == NULL)
    {
      op_fail_io (task, error, TRUE);
      return;
    }
  op_download_read_next (task);
}

static void
op_download_begin (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (op->msg);

  const char *coding = soup_message_headers_get_one (headers, "Content-Encoding");

  op->received = 0;
  op->total = -1;
  /* With a Content-Encoding (decoded by the session) the length is the
   * encoded one: no progress then, and libsoup checks the length itself. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (coding == NULL || g_ascii_strcasecmp (coding, "identity") == 0))
    op->total = soup_message_headers_get_content_length (headers);
  if (op->progress != NULL && op->total > 0)
    op->progress (0.0, op->progress_data);

  op->part_created = TRUE;
  g_file_replace_async (op->part_file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        G_PRIORITY_DEFAULT, op->attempt_cancellable,
                        op_download_opened_cb, task);
}

/* }}} */

/* {{{ Sending */

static gboolean
op_follow_redirect (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  const char *location;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;

  if (op->status != 301 && op->status != 302 && op->status != 303 &&
      op->status != 307 && op->status != 308)
    return FALSE;
  location = soup_message_headers_get_one (soup_message_get_response_headers (op->msg),
                                           "Location");
  if (location == NULL)
    return FALSE;

  host = url_host (op->url);
  base = g_uri_parse (op->url, SOUP_HTTP_URI_FLAGS, NULL);
  target = base ? g_uri_parse_relative (base, location, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  if (target == NULL)
    {
      op_fail (task,
               g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                            _("%s redirected to an address Vitrine could not read."), host),
               RETRY_NEVER, 0);
      return TRUE;
    }

  {
    g_autofree char *target_url = g_uri_to_string (target);
    g_autofree char *logged = vitrine_http_redact (target_url);
    gboolean downgrade = g_ascii_strcasecmp (g_uri_get_scheme (base), "https") == 0 &&
                         g_ascii_strcasecmp (g_uri_get_scheme (target), "https") != 0;

    if (downgrade || !vitrine_http_check_url (target_url, &error))
      {
        g_autofree char *target_host = url_host (target_url);

        g_debug ("HTTP ! %s refused a redirect to %s", op->method, logged);
        op_fail (task,
                 g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE,
                              _("%s sent Vitrine on to %s without a secure connection; "
                                "Vitrine did not follow."), host, target_host),
                 RETRY_NEVER, 0);
        return TRUE;
      }
    if (++op->redirects > MAX_REDIRECTS)
      {
        op_fail (task,
                 g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                              _("%s redirected too many times."), host),
                 RETRY_NEVER, 0);
        return TRUE;
      }

    g_debug ("HTTP > %u: following to %s", op->status, logged);
    if (!same_origin (base, target))
      op->keep_secrets = FALSE;
    if ((op->status == 303 && g_strcmp0 (op->method, "HEAD") != 0) ||
        ((op->status == 301 || op->status == 302) && g_strcmp0 (op->method, "POST") == 0))
      {
        g_free (op->method);
        op->method = g_strdup ("GET");
        op->keep_body = FALSE;
      }
    g_free (op->url);
    op->url = g_steal_pointer (&target_url);
  }

  op_end_attempt (op);
  op_start_message (task);
  return TRUE;
}

static void
op_send_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->reply_stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (op->reply_stream == NULL)
    {
      op_fail_io (task, error, FALSE);
      return;
    }
  op->status = soup_message_get_status (op->msg);
  op_touch (op);
  op_log_reply (op);

  if (SOUP_STATUS_IS_REDIRECTION (op->status) && op_follow_redirect (task))
    return;

  if (op->kind == OP_DOWNLOAD && SOUP_STATUS_IS_SUCCESSFUL (op->status))
    {
      op_download_begin (task);
      return;
    }

  op->buffer = g_byte_array_new ();
  op_read_next (task);
}

static SoupMessage *
op_build_message (Op      *op,
                  GError **error)
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
      Header *header = &g_array_index (request->headers, Header, i);

      if (!header->secret || op->keep_secrets)
        soup_message_headers_append (headers, header->name, header->value);
    }

  if (!op->keep_body)
    return g_steal_pointer (&msg);

  switch (request->body_kind)
    {
    case BODY_NONE:
      break;

    case BODY_BYTES:
      soup_message_set_request_body_from_bytes (msg, request->content_type, request->body);
      break;

    case BODY_FILE:
      {
        g_autoptr(VitrineConcatInputStream) stream = vitrine_concat_input_stream_new ();
        g_autoptr(GFile) file = g_file_new_for_path (request->path);

        vitrine_concat_input_stream_add_file (stream, file, g_array_index (op->sizes, goffset, 0));
        soup_message_set_request_body (msg, request->content_type, G_INPUT_STREAM (stream),
                                       vitrine_concat_input_stream_get_size (stream));
      }
      break;

    case BODY_FORM:
      {
        g_autoptr(VitrineConcatInputStream) stream = NULL;

        stream = vitrine_http_request_open_form (request, op->sizes);
        soup_message_set_request_body (msg, request->content_type, G_INPUT_STREAM (stream),
                                       vitrine_concat_input_stream_get_size (stream));
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&msg);
}

/* Sends the message of the current attempt (or redirect). */
static void
op_start_message (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  VitrineHttp *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (op->cancellable, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (!vitrine_http_check_url (op->url, &error) ||
      !(op->msg = op_build_message (op, &error)))
    {
      op_fail (task, error, RETRY_NEVER, 0);
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
  op_touch (op);
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
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->sizes = g_task_propagate_pointer (G_TASK (result), &error);
  if (op->sizes == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  op->attempt = 1;
  op_start_message (task);
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
static void
op_begin (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GTask) sizes_task = NULL;
  GError *error = NULL;

  if (!vitrine_http_check_url (op->url, &error))
    {
      g_autofree char *url = vitrine_http_redact (op->url);

      g_debug ("HTTP ! %s %s refused: %s", op->method, url, error->message);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  paths = vitrine_http_request_dup_paths (op->request);
  if (paths->len == 0)
    {
      op->sizes = g_array_new (FALSE, FALSE, sizeof (goffset));
      op->attempt = 1;
      op_start_message (task);
      return;
    }

  sizes_task = g_task_new (NULL, op->cancellable, op_sizes_cb, task);
  g_task_set_source_tag (sizes_task, op_begin);
  g_task_set_task_data (sizes_task, g_steal_pointer (&paths), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (sizes_task, op_sizes_thread);
}

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
  g_task_set_task_data (task, op_new (OP_SEND, self, request, cancellable), op_free);
  op_begin (task);
}

GBytes *
vitrine_http_send_finish (VitrineHttp   *self,
                          GAsyncResult  *result,
                          guint         *status,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  Reply *reply;
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
  reply_free (reply);
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
  Op *op;

  g_return_if_fail (VITRINE_IS_HTTP (self));
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (request));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_http_download_async);
  /* Each path checks the cancellable itself: a rename that happened stays a success. */
  g_task_set_check_cancellable (task, FALSE);

  op = op_new (OP_DOWNLOAD, self, request, cancellable);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  part_name = g_strdup_printf (".%s.part", base);
  part_path = g_build_filename (dir, part_name, NULL);
  op->dest = g_file_new_for_path (path);
  op->part_file = g_file_new_for_path (part_path);
  op->progress = progress;
  op->progress_data = progress_data;
  g_task_set_task_data (task, op, op_free);

  op_begin (task);
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

/* }}} */

/* {{{ JSON helpers */

static JsonNode *
json_member (JsonObject *object,
             const char *member)
{
  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  return json_object_get_member (object, member);
}

static gboolean
json_node_to_int (JsonNode *node,
                  gint64   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d == (double) (gint64) d)
        {
          *value = (gint64) d;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
vitrine_json_require_string (JsonObject  *object,
                             const char  *member,
                             GError     **error)
{
  const char *value = vitrine_json_get_string (object, member);

  g_return_val_if_fail (member != NULL, NULL);

  if (value == NULL)
    g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                 _("The server’s reply has no text “%s”."), member);
  return value;
}

gboolean
vitrine_json_require_int (JsonObject  *object,
                          const char  *member,
                          gint64      *value,
                          GError     **error)
{
  gint64 result = 0;

  g_return_val_if_fail (member != NULL, FALSE);

  if (!json_node_to_int (json_member (object, member), &result))
    {
      g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                   _("The server’s reply has no number “%s”."), member);
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
  JsonNode *node;

  g_return_val_if_fail (member != NULL, NULL);

  node = json_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                   _("The server’s reply has no list “%s”."), member);
      return NULL;
    }
  return json_node_get_array (node);
}

const char *
vitrine_json_get_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (member != NULL, NULL);

  node = json_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
vitrine_json_get_int (JsonObject *object,
                      const char *member,
                      gint64      fallback)
{
  gint64 value;

  g_return_val_if_fail (member != NULL, fallback);

  if (json_node_to_int (json_member (object, member), &value))
    return value;
  return fallback;
}

/* }}} */
