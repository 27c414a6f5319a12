/* vitrine-http-request.c: one HTTP request, described once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vitrine-http-redact.h"
#include "vitrine-http-request-private.h"

#define DEFAULT_TIMEOUT_S     30
#define DEFAULT_MAX_ATTEMPTS  4
#define MAX_LOGGED_BODY       2048

G_DEFINE_FINAL_TYPE (VitrineHttpRequest, vitrine_http_request, G_TYPE_OBJECT)

static void
header_clear (gpointer data)
{
  VitrineHttpHeader *header = data;

  g_free (header->name);
  g_free (header->value);
}

static void
form_part_free (gpointer data)
{
  VitrineHttpFormPart *part = data;

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
  g_clear_pointer (&self->secrets, g_ptr_array_unref);
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->log_body);
  g_free (self->path);
  g_clear_pointer (&self->form, g_ptr_array_unref);
  g_free (self->boundary);
  g_free (self->reply_type_prefix);

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
  self->headers = g_array_new (FALSE, TRUE, sizeof (VitrineHttpHeader));
  self->secrets = g_ptr_array_new_with_free_func (g_free);
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

static void
vitrine_http_request_append_header (VitrineHttpRequest *self,
                                    const char         *name,
                                    const char         *value,
                                    gboolean            secret)
{
  VitrineHttpHeader header;

  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (name != NULL && *name != '\0' && strpbrk (name, ":\r\n \t") == NULL);
  g_return_if_fail (value != NULL && strpbrk (value, "\r\n") == NULL);

  header.name = g_strdup (name);
  header.value = g_strdup (value);
  header.secret = secret || vitrine_http_redact_is_secret_header (name);
  g_array_append_val (self->headers, header);
  if (header.secret)
    {
      const char *token = strrchr (value, ' ');

      /* "Bearer KEY": the key alone, as a reply would quote it */
      g_ptr_array_add (self->secrets, g_strdup (token != NULL ? token + 1 : value));
    }
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

  vitrine_http_redact_add_header (name);
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
    {
      VitrineHttpHeader *header = &g_array_index (self->headers, VitrineHttpHeader, i);

      if (g_ascii_strcasecmp (header->name, "Idempotency-Key") == 0)
        return TRUE;
    }
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
vitrine_http_request_set_deadline (VitrineHttpRequest *self,
                                   guint               seconds)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (seconds > 0);

  self->deadline_s = seconds;
}

void
vitrine_http_request_set_error_reader (VitrineHttpRequest     *self,
                                       VitrineHttpErrorReader  reader)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));

  self->error_reader = reader;
}

void
vitrine_http_request_set_reply_limits (VitrineHttpRequest *self,
                                       const char         *type_prefix,
                                       goffset             max_bytes)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (max_bytes >= 0);

  g_free (self->reply_type_prefix);
  self->reply_type_prefix = g_strdup (type_prefix);
  self->max_reply_bytes = max_bytes;
}

void
vitrine_http_request_set_byte_progress (VitrineHttpRequest      *self,
                                        VitrineHttpByteProgress  progress,
                                        gpointer                 user_data)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));

  self->byte_progress = progress;
  self->byte_progress_data = user_data;
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
  self->body_kind = VITRINE_HTTP_BODY_NONE;
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
  char *text;

  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (body != NULL);

  vitrine_http_request_clear_body (self);
  self->body_kind = VITRINE_HTTP_BODY_BYTES;
  self->content_type = g_strdup ("application/json");
  text = json_to_string (body, FALSE);
  self->body = g_bytes_new_take (text, strlen (text));
  self->log_body = vitrine_http_redact_json (text, secret_members, MAX_LOGGED_BODY, self->secrets);
}

void
vitrine_http_request_set_bytes_body (VitrineHttpRequest *self,
                                     const char         *content_type,
                                     GBytes             *body)
{
  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (body != NULL);

  vitrine_http_request_clear_body (self);
  self->body_kind = VITRINE_HTTP_BODY_BYTES;
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
  self->body_kind = VITRINE_HTTP_BODY_FILE;
  self->content_type = g_strdup (content_type ? content_type : "application/octet-stream");
  self->path = g_strdup (path);
}

static void
vitrine_http_request_ensure_form (VitrineHttpRequest *self)
{
  if (self->body_kind == VITRINE_HTTP_BODY_FORM)
    return;

  vitrine_http_request_clear_body (self);
  self->body_kind = VITRINE_HTTP_BODY_FORM;
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
  VitrineHttpFormPart *part;

  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  vitrine_http_request_ensure_form (self);
  part = g_new0 (VitrineHttpFormPart, 1);
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
  VitrineHttpFormPart *part;

  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (path != NULL);

  vitrine_http_request_ensure_form (self);
  part = g_new0 (VitrineHttpFormPart, 1);
  part->name = g_strdup (name);
  part->path = g_strdup (path);
  part->filename = filename ? g_strdup (filename) : g_path_get_basename (path);
  part->content_type = g_strdup (content_type ? content_type : "application/octet-stream");
  g_ptr_array_add (self->form, part);
}

void
vitrine_http_request_set_form_boundary (VitrineHttpRequest *self,
                                        const char         *boundary)
{
  gsize len;

  g_return_if_fail (VITRINE_IS_HTTP_REQUEST (self));
  g_return_if_fail (self->body_kind == VITRINE_HTTP_BODY_FORM);
  g_return_if_fail (boundary != NULL);

  len = strlen (boundary);
  g_return_if_fail (len >= 1 && len <= 70);
  for (const char *c = boundary; *c != '\0'; c++)
    g_return_if_fail (g_ascii_isalnum (*c) || *c == '-' || *c == '_');

  g_free (self->boundary);
  self->boundary = g_strdup (boundary);
  g_free (self->content_type);
  self->content_type = g_strdup_printf ("multipart/form-data; boundary=%s", self->boundary);
}

GPtrArray *
vitrine_http_request_dup_paths (VitrineHttpRequest *self)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  if (self->body_kind == VITRINE_HTTP_BODY_FILE)
    g_ptr_array_add (paths, g_strdup (self->path));
  for (guint i = 0; self->body_kind == VITRINE_HTTP_BODY_FORM && i < self->form->len; i++)
    {
      VitrineHttpFormPart *part = g_ptr_array_index (self->form, i);

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

static VitrineConcatInputStream *
vitrine_http_request_open_form (VitrineHttpRequest *self,
                                GArray             *sizes)
{
  g_autoptr(VitrineConcatInputStream) stream = vitrine_concat_input_stream_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  guint file_index = 0;

  for (guint i = 0; i < self->form->len; i++)
    {
      VitrineHttpFormPart *part = g_ptr_array_index (self->form, i);

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

VitrineConcatInputStream *
vitrine_http_request_open_body (VitrineHttpRequest *self,
                                GArray             *sizes)
{
  g_autoptr(VitrineConcatInputStream) stream = NULL;
  g_autoptr(GFile) file = NULL;

  if (self->body_kind == VITRINE_HTTP_BODY_FORM)
    return vitrine_http_request_open_form (self, sizes);

  g_return_val_if_fail (self->body_kind == VITRINE_HTTP_BODY_FILE, NULL);
  stream = vitrine_concat_input_stream_new ();
  file = g_file_new_for_path (self->path);
  vitrine_concat_input_stream_add_file (stream, file, g_array_index (sizes, goffset, 0));
  return g_steal_pointer (&stream);
}

static void
describe_form (VitrineHttpRequest *self,
               GString            *text,
               GArray             *sizes)
{
  guint file_index = 0;

  g_string_append (text, "\n  multipart/form-data:");
  for (guint i = 0; i < self->form->len; i++)
    {
      VitrineHttpFormPart *part = g_ptr_array_index (self->form, i);

      if (part->path != NULL)
        g_string_append_printf (text, " %s=@%s (%" G_GOFFSET_FORMAT " bytes of %s)",
                                part->name, part->filename,
                                g_array_index (sizes, goffset, file_index++),
                                part->content_type);
      else
        g_string_append_printf (text, " %s=(%" G_GSIZE_FORMAT " bytes)",
                                part->name, strlen (part->value));
    }
}

void
vitrine_http_request_describe (VitrineHttpRequest *self,
                               GString            *text,
                               gboolean            with_secrets,
                               gboolean            with_body,
                               GArray             *sizes)
{
  for (guint i = 0; i < self->headers->len; i++)
    {
      VitrineHttpHeader *header = &g_array_index (self->headers, VitrineHttpHeader, i);

      if (header->secret && !with_secrets)
        continue;
      g_string_append_printf (text, "\n  %s: %s", header->name,
                              header->secret ? VITRINE_HTTP_REDACTED : header->value);
    }
  if (!with_body)
    return;
  if (self->body_kind == VITRINE_HTTP_BODY_BYTES)
    g_string_append_printf (text, "\n  %s", self->log_body);
  else if (self->body_kind == VITRINE_HTTP_BODY_FILE)
    g_string_append_printf (text, "\n  (file %s, %" G_GOFFSET_FORMAT " bytes of %s)",
                            self->path, g_array_index (sizes, goffset, 0), self->content_type);
  else if (self->body_kind == VITRINE_HTTP_BODY_FORM)
    describe_form (self, text, sizes);
}
