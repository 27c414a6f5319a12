/* vitrine-media-host.c: the agent's own S3-compatible bucket (no GTK)
 *
 * Signing. Every request carries an AWS Signature Version 4
 * (vitrine-sigv4.c). A PUT signs the SHA-256 of the file in
 * x-amz-content-sha256 rather than UNSIGNED-PAYLOAD: the hash is computed
 * in a worker thread while the file is read once from the page cache (a
 * prepared photo is ~0.5 MB, a few ms), and in exchange the service checks
 * the body it received against the signature (AWS answers
 * XAmzContentSHA256Mismatch to a body cut or changed on the way) and the few
 * S3-compatible services that refuse UNSIGNED-PAYLOAD accept it. The body
 * itself is still streamed from the file by the HTTP layer, never held whole.
 * Presigned GET URLs sign the host only, with UNSIGNED-PAYLOAD, as S3 wants.
 *
 * Addresses. Virtual-host style (https://bucket.endpoint/key) unless the
 * setting asks for path style (https://endpoint/bucket/key), or the endpoint
 * is an IP address or localhost, or the bucket name has a dot (its host
 * name would not match the service's wildcard certificate).
 *
 * Errors. S3 answers in XML ("<Code>SignatureDoesNotMatch</Code>
 * <Message>…"): its reader is set on every request, and the codes become
 * sentences a person can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vitrine-config.h"
#include "vitrine-media-host-private.h"
#include "vitrine-secrets.h"

G_DEFINE_QUARK (vitrine-media-host-error-quark, vitrine_media_host_error)

#define DEFAULT_REGION   "us-east-1"
#define DEFAULT_URL_HOURS 24
#define TEST_BODY        "Vitrine media host test\n"

/* {{{ The object */

G_DEFINE_FINAL_TYPE (VitrineMediaHost, vitrine_media_host, G_TYPE_OBJECT)

static void
vitrine_media_host_finalize (GObject *object)
{
  VitrineMediaHost *self = VITRINE_MEDIA_HOST (object);

  g_free (self->endpoint);
  g_free (self->scheme);
  g_free (self->authority);
  g_free (self->base_path);
  g_free (self->region);
  g_free (self->bucket);
  g_free (self->access_key);
  if (self->secret_key != NULL)
    {
      memset (self->secret_key, 0, strlen (self->secret_key));
      g_free (self->secret_key);
    }

  G_OBJECT_CLASS (vitrine_media_host_parent_class)->finalize (object);
}

static void
vitrine_media_host_class_init (VitrineMediaHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vitrine_media_host_finalize;
}

static void
vitrine_media_host_init (VitrineMediaHost *self)
{
  self->url_hours = DEFAULT_URL_HOURS;
}

static gboolean
host_is_ip_or_local (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  return address != NULL || g_ascii_strcasecmp (host, "localhost") == 0;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* Says what the settings lack; the secret key only when it was looked for
 * (@secret_read). */
static gboolean
check_complete (const char  *endpoint,
                const char  *bucket,
                const char  *access_key,
                const char  *secret_key,
                gboolean     secret_read,
                GError     **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *list = NULL;

  if (is_empty (endpoint))
    g_ptr_array_add (missing, _("an endpoint"));
  if (is_empty (bucket))
    g_ptr_array_add (missing, _("a bucket"));
  if (is_empty (access_key))
    g_ptr_array_add (missing, _("an access key"));
  if (secret_read && is_empty (secret_key))
    g_ptr_array_add (missing, _("a secret key"));
  if (missing->len == 0)
    return TRUE;
  g_ptr_array_add (missing, NULL);
  list = g_strjoinv (", ", (char **) missing->pdata);
  g_set_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED,
               _("The media host is not set up: it needs %s (Preferences, Media host)."), list);
  return FALSE;
}

VitrineMediaHost *
vitrine_media_host_new (const char  *endpoint,
                        const char  *region,
                        const char  *bucket,
                        gboolean     path_style,
                        const char  *access_key,
                        const char  *secret_key,
                        GError     **error)
{
  g_autoptr(VitrineMediaHost) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  const char *scheme;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_complete (endpoint, bucket, access_key, secret_key, TRUE, error))
    return NULL;
  if (strpbrk (bucket, "/?#%@: \t") != NULL)
    {
      g_set_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED,
                   _("“%s” is not a bucket name: a bucket name is made of letters, digits, dots and "
                     "hyphens."), bucket);
      return NULL;
    }

  url = strstr (endpoint, "://") != NULL ? g_strdup (endpoint) : g_strconcat ("https://", endpoint, NULL);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, &local_error);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED,
                   _("The media host endpoint “%s” is not an address such as https://s3.example.com."),
                   endpoint);
      return NULL;
    }
  if (!vitrine_http_check_url (url, &local_error))
    {
      g_set_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_INSECURE,
                   "%s", local_error->message);
      return NULL;
    }

  self = g_object_new (VITRINE_TYPE_MEDIA_HOST, NULL);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  self->scheme = g_strdup (scheme);
  {
    g_autoptr(GUri) normal = g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL, host,
                                          g_uri_get_port (uri), "/", NULL, NULL);

    self->authority = vitrine_sigv4_host_header (normal);
  }
  path = g_strdup (g_uri_get_path (uri));
  g_strchomp (path);
  while (*path != '\0' && path[strlen (path) - 1] == '/')
    path[strlen (path) - 1] = '\0';
  self->base_path = g_steal_pointer (&path);
  self->endpoint = g_strdup_printf ("%s://%s%s", scheme, self->authority, self->base_path);
  self->region = g_strdup (region != NULL && *region != '\0' ? region : DEFAULT_REGION);
  self->bucket = g_strdup (bucket);
  self->access_key = g_strdup (access_key);
  self->secret_key = g_strdup (secret_key);
  self->path_style = path_style || host_is_ip_or_local (host) || strchr (bucket, '.') != NULL;

  return g_steal_pointer (&self);
}

const char *
vitrine_media_host_get_endpoint (VitrineMediaHost *self)
{
  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), NULL);
  return self->endpoint;
}

const char *
vitrine_media_host_get_region (VitrineMediaHost *self)
{
  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), NULL);
  return self->region;
}

const char *
vitrine_media_host_get_bucket (VitrineMediaHost *self)
{
  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), NULL);
  return self->bucket;
}

gboolean
vitrine_media_host_get_path_style (VitrineMediaHost *self)
{
  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), FALSE);
  return self->path_style;
}

const char *
vitrine_media_host_get_access_key (VitrineMediaHost *self)
{
  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), NULL);
  return self->access_key;
}

guint
vitrine_media_host_get_url_hours (VitrineMediaHost *self)
{
  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), 0);
  return self->url_hours;
}

void
vitrine_media_host_set_url_hours (VitrineMediaHost *self,
                                  guint             hours)
{
  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));

  self->url_hours = CLAMP (hours, 1, VITRINE_MEDIA_HOST_MAX_URL_SECONDS / 3600);
}

guint
vitrine_media_host_get_keep_days (VitrineMediaHost *self)
{
  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), 0);
  return self->keep_days;
}

void
vitrine_media_host_set_keep_days (VitrineMediaHost *self,
                                  guint             days)
{
  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));

  self->keep_days = MIN (days, 3650);
}

char *
vitrine_media_host_dup_object_url (VitrineMediaHost *self,
                                   const char       *key)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  path = vitrine_sigv4_uri_encode (key, TRUE);
  if (self->path_style)
    return g_strdup_printf ("%s://%s%s/%s/%s", self->scheme, self->authority, self->base_path,
                            self->bucket, path);
  return g_strdup_printf ("%s://%s.%s%s/%s", self->scheme, self->bucket, self->authority,
                          self->base_path, path);
}

char *
vitrine_media_host_presign_get (VitrineMediaHost *self,
                                const char       *key,
                                guint             seconds)
{
  g_autofree char *url = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  url = vitrine_media_host_dup_object_url (self, key);
  now = vitrine_sigv4_amz_date_now ();
  return vitrine_sigv4_presign_url (&(VitrineSigv4Signer) { self->region, self->access_key,
                                                            self->secret_key, now },
                                    "GET", url, MIN (seconds, VITRINE_MEDIA_HOST_MAX_URL_SECONDS));
}

VitrineHttpRequest *
vitrine_media_host_signed_request (VitrineMediaHost *self,
                                   const char       *method,
                                   const char       *key,
                                   const char       *payload_sha256)
{
  g_autofree char *url = NULL;
  g_autofree char *now = vitrine_sigv4_amz_date_now ();
  g_autofree char *authorization = NULL;
  VitrineHttpRequest *request;

  url = vitrine_media_host_dup_object_url (self, key);
  authorization = vitrine_sigv4_sign_request (&(VitrineSigv4Signer) { self->region, self->access_key,
                                                                      self->secret_key, now },
                                              method, url, NULL, payload_sha256);
  request = vitrine_http_request_new (method, url);
  vitrine_http_request_add_header (request, "x-amz-date", now);
  vitrine_http_request_add_header (request, "x-amz-content-sha256", payload_sha256);
  vitrine_http_request_add_secret_header (request, "Authorization", authorization);
  vitrine_http_request_set_error_reader (request, vitrine_media_host_read_error);
  memset (authorization, 0, strlen (authorization));

  return request;
}

/* }}} */

/* {{{ Settings */

static gboolean
settings_has_key (GSettings  *settings,
                  const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return FALSE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

static gboolean
config_get_boolean (const char *suffix,
                    const char *key)
{
  g_autofree char *name = vitrine_config_env_name ("s3", suffix);
  const char *env = g_getenv (name);
  GSettings *settings = vitrine_config_get_settings ();

  if (env != NULL && *env != '\0')
    return g_ascii_strcasecmp (env, "1") == 0 || g_ascii_strcasecmp (env, "true") == 0 ||
           g_ascii_strcasecmp (env, "yes") == 0;
  return settings_has_key (settings, key) && g_settings_get_boolean (settings, key);
}

static guint
config_get_uint (const char *suffix,
                 const char *key,
                 guint       fallback)
{
  g_autofree char *name = vitrine_config_env_name ("s3", suffix);
  const char *env = g_getenv (name);
  GSettings *settings = vitrine_config_get_settings ();
  guint64 value;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 0, G_MAXUINT, &value, NULL))
    return (guint) value;
  if (settings_has_key (settings, key))
    return (guint) MAX (g_settings_get_int (settings, key), 0);
  return fallback;
}

static void
new_from_settings_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = vitrine_config_get_string ("s3", "ENDPOINT", "media-host-endpoint", NULL);
  g_autofree char *region = vitrine_config_get_string ("s3", "REGION", "media-host-region", DEFAULT_REGION);
  g_autofree char *bucket = vitrine_config_get_string ("s3", "BUCKET", "media-host-bucket", NULL);
  g_autofree char *access_key = vitrine_config_get_string ("s3", "ACCESS_KEY", "media-host-access-key", NULL);
  char *secret = vitrine_secrets_lookup_finish (result, &error);
  VitrineMediaHost *self;

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self = vitrine_media_host_new (endpoint, region, bucket,
                                 config_get_boolean ("PATH_STYLE", "media-host-path-style"),
                                 access_key, secret, &error);
  if (secret != NULL)
    vitrine_secrets_free (secret);
  if (self == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  vitrine_media_host_set_url_hours (self, config_get_uint ("URL_HOURS", "media-host-url-hours",
                                                           DEFAULT_URL_HOURS));
  vitrine_media_host_set_keep_days (self, config_get_uint ("KEEP_DAYS", "media-host-keep-days", 0));
  g_task_return_pointer (task, self, g_object_unref);
}

void
vitrine_media_host_new_from_settings_async (GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *endpoint = vitrine_config_get_string ("s3", "ENDPOINT", "media-host-endpoint", NULL);
  g_autofree char *bucket = vitrine_config_get_string ("s3", "BUCKET", "media-host-bucket", NULL);
  g_autofree char *access_key = vitrine_config_get_string ("s3", "ACCESS_KEY", "media-host-access-key", NULL);
  GError *error = NULL;

  g_task_set_source_tag (task, vitrine_media_host_new_from_settings_async);
  /* Settings not filled in are said without asking the keyring: where it
   * cannot be reached (a terminal with no session bus), its error hid
   * what is missing. */
  if (!check_complete (endpoint, bucket, access_key, NULL, FALSE, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  vitrine_secrets_lookup_async ("s3", cancellable, new_from_settings_cb, task);
}

VitrineMediaHost *
vitrine_media_host_new_from_settings_finish (GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */

/* {{{ Errors */

/* The text of the first <@name> element in @data (S3's XML error body). */
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

char *
vitrine_media_host_read_error (GBytes *body)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;

  if (len == 0 || data[0] != '<' || !(code = xml_element (data, len, "Code")))
    return NULL;
  text = xml_element (data, len, "Message");
  return text != NULL ? g_strdup_printf ("%s (%s)", text, code) : g_steal_pointer (&code);
}

/* The S3 error code in @message, when the HTTP layer passed the service's
 * <Error><Code> on. */
static const char *
s3_code_in (const char *message)
{
  static const char * const codes[] = {
    "SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied", "NoSuchBucket",
    "RequestTimeTooSkewed", "AuthorizationHeaderMalformed", "PermanentRedirect",
    "InvalidBucketName", "AllAccessDisabled", "XAmzContentSHA256Mismatch", "BadDigest",
    "InvalidRequest", "AccountProblem", "InvalidAccessKey",
  };

  for (guint i = 0; message != NULL && i < G_N_ELEMENTS (codes); i++)
    if (strstr (message, codes[i]) != NULL)
      return codes[i];
  return NULL;
}

GError *
vitrine_media_host_map_error (VitrineMediaHost *self,
                              const GError     *error)
{
  guint status = vitrine_http_error_get_status (error);
  const char *code = s3_code_in (error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == VITRINE_MEDIA_HOST_ERROR)
    return g_error_copy (error);

  if (error->domain == VITRINE_HTTP_ERROR && status == 0)
    {
      if (error->code == VITRINE_HTTP_ERROR_INSECURE)
        return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_INSECURE,
                            "%s", error->message);
      return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_UNREACHABLE,
                          _("Cannot reach the media host %s: %s"), self->endpoint, error->message);
    }

  if (g_strcmp0 (code, "SignatureDoesNotMatch") == 0)
    return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_REFUSED,
                        _("The bucket refused the key (SignatureDoesNotMatch): check the secret key "
                          "that goes with the access key “%s”."), self->access_key);
  if (g_strcmp0 (code, "InvalidAccessKeyId") == 0 || g_strcmp0 (code, "InvalidAccessKey") == 0)
    return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_REFUSED,
                        _("The bucket refused the key (InvalidAccessKeyId): the service does not know "
                          "the access key “%s”."), self->access_key);
  if (g_strcmp0 (code, "RequestTimeTooSkewed") == 0)
    return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_REFUSED,
                        _("The bucket refused the request (RequestTimeTooSkewed): this computer’s "
                          "clock is wrong."));
  if (g_strcmp0 (code, "AccessDenied") == 0 || g_strcmp0 (code, "AllAccessDisabled") == 0 ||
      g_strcmp0 (code, "AccountProblem") == 0)
    return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_REFUSED,
                        _("The bucket refused the key (%s): the key “%s” may not write to the "
                          "bucket “%s”."), code, self->access_key, self->bucket);
  if (g_strcmp0 (code, "NoSuchBucket") == 0 || (status == 404 && code == NULL))
    return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NO_BUCKET,
                        _("There is no bucket named “%s” at %s (NoSuchBucket)."),
                        self->bucket, self->endpoint);
  if (g_strcmp0 (code, "PermanentRedirect") == 0 ||
      g_strcmp0 (code, "AuthorizationHeaderMalformed") == 0 || status == 301)
    return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_FAILED,
                        _("The bucket “%s” is not in the region “%s”, or not at this endpoint (%s)."),
                        self->bucket, self->region, code ? code : "301");
  if (status == 400 && code == NULL)
    /* what AWS says to a signature made for another region
     * (AuthorizationHeaderMalformed) when the code is not passed on */
    return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_FAILED,
                        _("The media host %s refused the request (400 Bad Request): check that the "
                          "bucket “%s” is in the region “%s”."),
                        self->endpoint, self->bucket, self->region);
  if (status == 403)
    return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_REFUSED,
                        _("The bucket refused the key (403 Forbidden): check the access key “%s”, "
                          "its secret key, and that it may write to the bucket “%s”."),
                        self->access_key, self->bucket);

  return g_error_new (VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_FAILED,
                      _("The media host %s failed: %s"), self->endpoint, error->message);
}

/* }}} */

/* {{{ Test */

static void
test_delete_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineMediaHost *self = g_task_get_source_object (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error);
  if (body == NULL)
    g_task_return_error (task, vitrine_media_host_map_error (self, error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
test_put_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineMediaHost *self = g_task_get_source_object (task);
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = vitrine_sigv4_sha256_hex ("", 0);
  GCancellable *cancellable;

  body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error);
  if (body == NULL)
    {
      g_task_return_error (task, vitrine_media_host_map_error (self, error));
      return;
    }
  request = vitrine_media_host_signed_request (self, "DELETE", g_task_get_task_data (task), empty);
  vitrine_http_request_set_max_attempts (request, 2);
  cancellable = g_task_get_cancellable (task);
  vitrine_http_send_async (vitrine_http_get_default (), request, cancellable, test_delete_cb,
                           g_steal_pointer (&task));
}

void
vitrine_media_host_test_async (VitrineMediaHost    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static (TEST_BODY, strlen (TEST_BODY));
  g_autofree char *hex = vitrine_media_host_random_hex ();
  g_autofree char *sha = vitrine_sigv4_sha256_hex (TEST_BODY, -1);
  char *key;

  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_media_host_test_async);
  key = g_strdup_printf ("vitrine/.vitrine-test-%s", hex);
  g_task_set_task_data (task, key, g_free);

  g_debug ("media host: testing %s, bucket %s", self->endpoint, self->bucket);
  request = vitrine_media_host_signed_request (self, "PUT", key, sha);
  vitrine_http_request_set_bytes_body (request, "text/plain", body);
  /* a person is waiting: one retry at most, a short timeout */
  vitrine_http_request_set_max_attempts (request, 2);
  vitrine_http_request_set_timeout (request, 15);
  vitrine_http_send_async (vitrine_http_get_default (), request, cancellable, test_put_cb,
                           g_steal_pointer (&task));
}

gboolean
vitrine_media_host_test_finish (VitrineMediaHost  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
