/* vitrine-media-host.c: the agent's own S3-compatible bucket (no GTK)
 *
 * Signing. Every request carries an AWS Signature Version 4 made here with
 * GChecksum (SHA-256) and GHmac; no SDK. A PUT signs the SHA-256 of the file
 * in x-amz-content-sha256 rather than UNSIGNED-PAYLOAD: the hash is computed
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
 * Records. Before each PUT, the key goes into the job's cache folder
 * (media-host.json, written in a worker thread under a lock), so that an
 * upload cut short by a crash still leaves a trace to delete:
 *   { "prefix": "vitrine/<hex>", "ended": <unix time or 0>,
 *     "objects": [ { "endpoint": …, "bucket": …, "key": …, "uploaded": <unix> } ] }
 * The endpoint and bucket are kept per object: a job retried after the
 * settings changed may have objects in two buckets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vitrine-cancel-link.h"
#include "vitrine-media-host.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vitrine-config.h"
#include "vitrine-http.h"
#include "vitrine-photo-prep.h"
#include "vitrine-secrets.h"

G_DEFINE_QUARK (vitrine-media-host-error-quark, vitrine_media_host_error)

#define RECORD_NAME      "media-host.json"
#define MAX_IN_FLIGHT    4
#define DEFAULT_REGION   "us-east-1"
#define DEFAULT_URL_HOURS 24
#define TEST_BODY        "Vitrine media host test\n"

/* {{{ SigV4 */

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* AWS's UriEncode(): everything but A-Za-z0-9-_.~ (and '/' in paths) as %XX. */
static char *
uri_encode (const char *s,
            gboolean    keep_slash)
{
  GString *out = g_string_sized_new (strlen (s) + 8);

  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      if (is_unreserved (*p) || (keep_slash && *p == '/'))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
  return g_string_free (out, FALSE);
}

/* The decoded form of an encoded URL component; S3 takes '+' literally. */
static char *
uri_decode (const char *s,
            gssize      len)
{
  const char *end = len < 0 ? NULL : s + len;
  char *decoded = g_uri_unescape_segment (s, end, NULL);

  return decoded != NULL ? decoded : g_strndup (s, len < 0 ? strlen (s) : (gsize) len);
}

static char *
sha256_hex (const char *data,
            gssize      len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data,
                                      len < 0 ? strlen (data) : (gsize) len);
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_len,
             const char   *data,
             guint8        out[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);
  gsize len = 32;

  g_hmac_update (hmac, (const guchar *) data, strlen (data));
  g_hmac_get_digest (hmac, out, &len);
}

/* hex(HMAC(signing key, string to sign)), the signing key derived from the
 * secret as SigV4 says; every intermediate key is wiped. */
static char *
sigv4_signature (const char *secret_key,
                 const char *date,
                 const char *region,
                 const char *string_to_sign)
{
  g_autofree char *k_secret = g_strconcat ("AWS4", secret_key, NULL);
  guint8 k_date[32], k_region[32], k_service[32], k_signing[32], sig[32];
  GString *hex = g_string_sized_new (64);

  hmac_sha256 ((const guint8 *) k_secret, strlen (k_secret), date, k_date);
  hmac_sha256 (k_date, 32, region, k_region);
  hmac_sha256 (k_region, 32, "s3", k_service);
  hmac_sha256 (k_service, 32, "aws4_request", k_signing);
  hmac_sha256 (k_signing, 32, string_to_sign, sig);
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", sig[i]);

  memset (k_secret, 0, strlen (k_secret));
  memset (k_date, 0, sizeof k_date);
  memset (k_region, 0, sizeof k_region);
  memset (k_service, 0, sizeof k_service);
  memset (k_signing, 0, sizeof k_signing);

  return g_string_free (hex, FALSE);
}

/* The Host header libsoup sends for @uri: the port only when not the
 * scheme's default, IPv6 literals in brackets. */
static char *
host_header (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  const char *scheme = g_uri_get_scheme (uri);
  int port = g_uri_get_port (uri);
  gboolean ipv6 = strchr (host, ':') != NULL;
  gboolean default_port = port < 0 ||
                          (g_ascii_strcasecmp (scheme, "https") == 0 && port == 443) ||
                          (g_ascii_strcasecmp (scheme, "http") == 0 && port == 80);

  if (default_port)
    return g_strdup_printf (ipv6 ? "[%s]" : "%s", host);
  return g_strdup_printf (ipv6 ? "[%s]:%d" : "%s:%d", host, port);
}

static GUri *
parse_url (const char *url)
{
  return g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
}

static char *
canonical_uri (GUri *uri)
{
  const char *path = g_uri_get_path (uri);
  g_autofree char *decoded = NULL;

  if (path == NULL || *path == '\0')
    return g_strdup ("/");
  decoded = uri_decode (path, -1);
  return uri_encode (decoded, TRUE);
}

typedef struct {
  char *name;
  char *value;
} Pair;

static void
pair_clear (gpointer data)
{
  Pair *p = data;

  g_free (p->name);
  g_free (p->value);
}

static int
pair_compare (gconstpointer a,
              gconstpointer b)
{
  const Pair *pa = a, *pb = b;
  int c = strcmp (pa->name, pb->name);

  return c != 0 ? c : strcmp (pa->value, pb->value);
}

static void
pairs_add (GArray     *pairs,
           const char *name,
           const char *value)
{
  Pair p = { g_strdup (name), g_strdup (value) };

  g_array_append_val (pairs, p);
}

/* The query of @uri as encoded (name, value) pairs. */
static GArray *
query_pairs (GUri *uri)
{
  GArray *pairs = g_array_new (FALSE, TRUE, sizeof (Pair));
  const char *query = g_uri_get_query (uri);
  g_auto(GStrv) parts = NULL;

  g_array_set_clear_func (pairs, pair_clear);
  if (query == NULL || *query == '\0')
    return pairs;

  parts = g_strsplit (query, "&", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      Pair p;

      if (parts[i][0] == '\0')
        continue;
      name = uri_decode (parts[i], eq ? eq - parts[i] : -1);
      value = eq ? uri_decode (eq + 1, -1) : g_strdup ("");
      p.name = uri_encode (name, FALSE);
      p.value = uri_encode (value, FALSE);
      g_array_append_val (pairs, p);
    }
  return pairs;
}

static char *
pairs_join (GArray *pairs)
{
  GString *out = g_string_new (NULL);

  g_array_sort (pairs, pair_compare);
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *p = &g_array_index (pairs, Pair, i);

      g_string_append_printf (out, "%s%s=%s", i ? "&" : "", p->name, p->value);
    }
  return g_string_free (out, FALSE);
}

/* Header values: trimmed, inner runs of spaces made one. */
static char *
canonical_header_value (const char *value)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t')
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

/* Fills the canonical request of @method @uri with @headers (lowercase
 * name → value pairs), returns the string to sign. */
static char *
string_to_sign (const char *method,
                GUri       *uri,
                const char *canonical_query,
                GArray     *headers,
                const char *payload_sha256,
                const char *amz_date,
                const char *scope,
                char      **signed_headers)
{
  g_autofree char *path = canonical_uri (uri);
  g_autofree char *request_hash = NULL;
  GString *canonical = g_string_new (NULL);
  GString *names = g_string_new (NULL);

  g_array_sort (headers, pair_compare);
  g_string_append_printf (canonical, "%s\n%s\n%s\n", method, path, canonical_query);
  for (guint i = 0; i < headers->len; i++)
    {
      Pair *h = &g_array_index (headers, Pair, i);

      g_string_append_printf (canonical, "%s:%s\n", h->name, h->value);
      g_string_append_printf (names, "%s%s", i ? ";" : "", h->name);
    }
  g_string_append_printf (canonical, "\n%s\n%s", names->str, payload_sha256);

  request_hash = sha256_hex (canonical->str, canonical->len);
  g_string_free (canonical, TRUE);
  *signed_headers = g_string_free (names, FALSE);

  return g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope, request_hash);
}

char *
vitrine_s3_amz_date_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y%m%dT%H%M%SZ");
}

char *
vitrine_s3_sign_request (const char         *method,
                         const char         *url,
                         const char * const *extra_headers,
                         const char         *payload_sha256,
                         const char         *amz_date,
                         const char         *region,
                         const char         *access_key,
                         const char         *secret_key)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GArray) headers = NULL;
  g_autoptr(GArray) query = NULL;
  g_autofree char *date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *canonical_query = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (method != NULL && url != NULL, NULL);
  g_return_val_if_fail (payload_sha256 != NULL && amz_date != NULL && strlen (amz_date) >= 8, NULL);
  g_return_val_if_fail (region != NULL && access_key != NULL && secret_key != NULL, NULL);

  if (!(uri = parse_url (url)) || g_uri_get_host (uri) == NULL)
    return NULL;

  host = host_header (uri);
  headers = g_array_new (FALSE, TRUE, sizeof (Pair));
  g_array_set_clear_func (headers, pair_clear);
  pairs_add (headers, "host", host);
  pairs_add (headers, "x-amz-content-sha256", payload_sha256);
  pairs_add (headers, "x-amz-date", amz_date);
  for (guint i = 0; extra_headers != NULL && extra_headers[i] != NULL && extra_headers[i + 1] != NULL;
       i += 2)
    {
      Pair p = { g_ascii_strdown (extra_headers[i], -1), canonical_header_value (extra_headers[i + 1]) };

      g_array_append_val (headers, p);
    }

  query = query_pairs (uri);
  canonical_query = pairs_join (query);
  date = g_strndup (amz_date, 8);
  scope = g_strdup_printf ("%s/%s/s3/aws4_request", date, region);
  to_sign = string_to_sign (method, uri, canonical_query, headers, payload_sha256, amz_date, scope,
                            &signed_headers);
  signature = sigv4_signature (secret_key, date, region, to_sign);

  return g_strdup_printf ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          access_key, scope, signed_headers, signature);
}

char *
vitrine_s3_presign_url (const char *method,
                        const char *url,
                        guint       seconds,
                        const char *amz_date,
                        const char *region,
                        const char *access_key,
                        const char *secret_key)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GArray) headers = NULL;
  g_autoptr(GArray) query = NULL;
  g_autofree char *date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *canonical_query = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (method != NULL && url != NULL, NULL);
  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= 8, NULL);
  g_return_val_if_fail (region != NULL && access_key != NULL && secret_key != NULL, NULL);

  if (!(uri = parse_url (url)) || g_uri_get_host (uri) == NULL)
    return NULL;

  date = g_strndup (amz_date, 8);
  scope = g_strdup_printf ("%s/%s/s3/aws4_request", date, region);
  credential = g_strdup_printf ("%s/%s", access_key, scope);
  expires = g_strdup_printf ("%u", CLAMP (seconds, 1, VITRINE_MEDIA_HOST_MAX_URL_SECONDS));

  query = query_pairs (uri);
  {
    const char *params[] = {
      "X-Amz-Algorithm", "AWS4-HMAC-SHA256",
      "X-Amz-Credential", credential,
      "X-Amz-Date", amz_date,
      "X-Amz-Expires", expires,
      "X-Amz-SignedHeaders", "host",
    };

    for (guint i = 0; i < G_N_ELEMENTS (params); i += 2)
      {
        Pair p = { uri_encode (params[i], FALSE), uri_encode (params[i + 1], FALSE) };

        g_array_append_val (query, p);
      }
  }
  canonical_query = pairs_join (query);

  host = host_header (uri);
  headers = g_array_new (FALSE, TRUE, sizeof (Pair));
  g_array_set_clear_func (headers, pair_clear);
  pairs_add (headers, "host", host);
  to_sign = string_to_sign (method, uri, canonical_query, headers, "UNSIGNED-PAYLOAD", amz_date, scope,
                            &signed_headers);
  signature = sigv4_signature (secret_key, date, region, to_sign);
  path = canonical_uri (uri);

  return g_strdup_printf ("%s://%s%s?%s&X-Amz-Signature=%s", g_uri_get_scheme (uri), host, path,
                          canonical_query, signature);
}

/* }}} */

/* {{{ The object */

struct _VitrineMediaHost
{
  GObject parent_instance;

  char *endpoint;    /* scheme://host[:port][/prefix], normalized */
  char *scheme;
  char *authority;   /* host[:port] as in a URL */
  char *base_path;   /* "" or "/prefix" */
  char *region;
  char *bucket;
  char *access_key;
  char *secret_key;  /* wiped in finalize; never a property */
  gboolean path_style;
  guint url_hours;
  guint keep_days;
};

G_DEFINE_FINAL_TYPE (VitrineMediaHost, vitrine_media_host, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_REGION,
  PROP_BUCKET,
  PROP_PATH_STYLE,
  PROP_ACCESS_KEY,
  PROP_URL_HOURS,
  PROP_KEEP_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
vitrine_media_host_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VitrineMediaHost *self = VITRINE_MEDIA_HOST (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT: g_value_set_string (value, self->endpoint); break;
    case PROP_REGION: g_value_set_string (value, self->region); break;
    case PROP_BUCKET: g_value_set_string (value, self->bucket); break;
    case PROP_PATH_STYLE: g_value_set_boolean (value, self->path_style); break;
    case PROP_ACCESS_KEY: g_value_set_string (value, self->access_key); break;
    case PROP_URL_HOURS: g_value_set_uint (value, self->url_hours); break;
    case PROP_KEEP_DAYS: g_value_set_uint (value, self->keep_days); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_media_host_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VitrineMediaHost *self = VITRINE_MEDIA_HOST (object);

  switch (prop_id)
    {
    case PROP_URL_HOURS: vitrine_media_host_set_url_hours (self, g_value_get_uint (value)); break;
    case PROP_KEEP_DAYS: vitrine_media_host_set_keep_days (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_media_host_class_init (VitrineMediaHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vitrine_media_host_finalize;
  object_class->get_property = vitrine_media_host_get_property;
  object_class->set_property = vitrine_media_host_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUCKET] =
    g_param_spec_string ("bucket", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH_STYLE] =
    g_param_spec_boolean ("path-style", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCESS_KEY] =
    g_param_spec_string ("access-key", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL_HOURS] =
    g_param_spec_uint ("url-hours", NULL, NULL, 1, VITRINE_MEDIA_HOST_MAX_URL_SECONDS / 3600,
                       DEFAULT_URL_HOURS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEEP_DAYS] =
    g_param_spec_uint ("keep-days", NULL, NULL, 0, 3650, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  const char *scheme;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (endpoint == NULL || *endpoint == '\0')
    g_ptr_array_add (missing, _("an endpoint"));
  if (bucket == NULL || *bucket == '\0')
    g_ptr_array_add (missing, _("a bucket"));
  if (access_key == NULL || *access_key == '\0')
    g_ptr_array_add (missing, _("an access key"));
  if (secret_key == NULL || *secret_key == '\0')
    g_ptr_array_add (missing, _("a secret key"));
  if (missing->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (missing, NULL);
      list = g_strjoinv (", ", (char **) missing->pdata);
      g_set_error (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED,
                   _("The media host is not set up: it needs %s (Preferences, Media host)."), list);
      return NULL;
    }
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

    self->authority = host_header (normal);
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

  hours = CLAMP (hours, 1, VITRINE_MEDIA_HOST_MAX_URL_SECONDS / 3600);
  if (self->url_hours == hours)
    return;
  self->url_hours = hours;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL_HOURS]);
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

  days = MIN (days, 3650);
  if (self->keep_days == days)
    return;
  self->keep_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_DAYS]);
}

char *
vitrine_media_host_dup_object_url (VitrineMediaHost *self,
                                   const char       *key)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (VITRINE_IS_MEDIA_HOST (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  path = uri_encode (key, TRUE);
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
  now = vitrine_s3_amz_date_now ();
  return vitrine_s3_presign_url ("GET", url, MIN (seconds, VITRINE_MEDIA_HOST_MAX_URL_SECONDS), now,
                                 self->region, self->access_key, self->secret_key);
}

/* A request for @key, signed with header authentication. */
static VitrineHttpRequest *
signed_request (VitrineMediaHost *self,
                const char       *method,
                const char       *key,
                const char       *payload_sha256)
{
  g_autofree char *url = NULL;
  g_autofree char *now = vitrine_s3_amz_date_now ();
  g_autofree char *authorization = NULL;
  VitrineHttpRequest *request;

  url = vitrine_media_host_dup_object_url (self, key);
  authorization = vitrine_s3_sign_request (method, url, NULL, payload_sha256, now, self->region,
                                           self->access_key, self->secret_key);
  request = vitrine_http_request_new (method, url);
  vitrine_http_request_add_header (request, "x-amz-date", now);
  vitrine_http_request_add_header (request, "x-amz-content-sha256", payload_sha256);
  vitrine_http_request_add_secret_header (request, "Authorization", authorization);
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

  g_task_set_source_tag (task, vitrine_media_host_new_from_settings_async);
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

/* @error (from the HTTP layer) as something a person can act on. */
static GError *
map_error (VitrineMediaHost *self,
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

/* {{{ Records (worker threads) */

static GMutex record_lock;

static char *
record_path (const char *job_id)
{
  g_autofree char *dir = vitrine_photo_prep_dup_job_dir (job_id);

  return g_build_filename (dir, RECORD_NAME, NULL);
}

static char *
jobs_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "vitrine", "jobs", NULL);
}

/* The record at @path, or an empty one. Called with record_lock held. */
static JsonObject *
record_load (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *record;

  if (json_parser_load_from_file (parser, path, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    record = json_object_ref (json_node_get_object (root));
  else
    record = json_object_new ();

  if (!json_object_has_member (record, "objects") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (record, "objects")))
    json_object_set_array_member (record, "objects", json_array_new ());
  return record;
}

/* Called with record_lock held. An empty record is removed. */
static gboolean
record_save (const char  *path,
             JsonObject  *record,
             GError     **error)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  JsonArray *objects = json_object_get_array_member (record, "objects");

  if (json_array_get_length (objects) == 0)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", path,
                       g_strerror (errsv));
          return FALSE;
        }
      return TRUE;
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", dir,
                   g_strerror (errsv));
      return FALSE;
    }
  root = json_node_init_object (json_node_alloc (), record);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static char *
random_hex_128 (void)
{
  guint8 bytes[16];
  GString *hex = g_string_sized_new (32);
  gsize got = 0;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("getrandom() failed: %s", g_strerror (errno));
      got += n;
    }
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

static gboolean
object_is_ours (JsonObject *object,
                const char *endpoint,
                const char *bucket)
{
  return g_strcmp0 (json_object_get_string_member_with_default (object, "endpoint", NULL), endpoint) == 0 &&
         g_strcmp0 (json_object_get_string_member_with_default (object, "bucket", NULL), bucket) == 0;
}

/* Notes @name (under the job's random prefix) as about to be uploaded;
 * returns its key. */
static char *
record_add (const char  *path,
            const char  *endpoint,
            const char  *bucket,
            const char  *name,
            GError     **error)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autofree char *key = NULL;
  JsonArray *objects;
  const char *prefix;
  gboolean found = FALSE;
  gboolean ok;

  g_mutex_lock (&record_lock);
  record = record_load (path);
  prefix = json_object_get_string_member_with_default (record, "prefix", NULL);
  if (prefix == NULL || !g_str_has_prefix (prefix, "vitrine/"))
    {
      g_autofree char *hex = random_hex_128 ();
      g_autofree char *fresh = g_strconcat ("vitrine/", hex, NULL);

      json_object_set_string_member (record, "prefix", fresh);
      prefix = json_object_get_string_member (record, "prefix");
    }
  key = g_strdup_printf ("%s/%s", prefix, name);
  /* a job that runs again is not over */
  json_object_set_int_member (record, "ended", 0);

  objects = json_object_get_array_member (record, "objects");
  for (guint i = 0; i < json_array_get_length (objects) && !found; i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      if (object_is_ours (object, endpoint, bucket) &&
          g_strcmp0 (json_object_get_string_member_with_default (object, "key", NULL), key) == 0)
        {
          json_object_set_int_member (object, "uploaded", g_get_real_time () / G_USEC_PER_SEC);
          found = TRUE;
        }
    }
  if (!found)
    {
      entry = json_object_new ();
      json_object_set_string_member (entry, "endpoint", endpoint);
      json_object_set_string_member (entry, "bucket", bucket);
      json_object_set_string_member (entry, "key", key);
      json_object_set_int_member (entry, "uploaded", g_get_real_time () / G_USEC_PER_SEC);
      json_array_add_object_element (objects, g_steal_pointer (&entry));
    }
  ok = record_save (path, record, error);
  g_mutex_unlock (&record_lock);

  return ok ? g_steal_pointer (&key) : NULL;
}

/* An object to delete: which job's record it is in, and its key. */
typedef struct {
  char *job_id;
  char *key;
} Doomed;

static void
doomed_free (gpointer data)
{
  Doomed *d = data;

  g_free (d->job_id);
  g_free (d->key);
  g_free (d);
}

static Doomed *
doomed_new (const char *job_id,
            const char *key)
{
  Doomed *d = g_new0 (Doomed, 1);

  d->job_id = g_strdup (job_id);
  d->key = g_strdup (key);
  return d;
}

/* Adds to @doomed the objects of one record that are due at @now
 * (keep_days < 0: all of this host's). Called with record_lock held. */
static void
record_collect (const char *job_id,
                JsonObject *record,
                const char *endpoint,
                const char *bucket,
                gint64      now,
                gint64      keep_seconds,
                gint64      link_seconds,
                GPtrArray  *doomed)
{
  JsonArray *objects = json_object_get_array_member (record, "objects");
  gint64 ended = json_object_get_int_member_with_default (record, "ended", 0);

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);
      const char *key = json_object_get_string_member_with_default (object, "key", NULL);
      gint64 uploaded = json_object_get_int_member_with_default (object, "uploaded", 0);
      gboolean due;

      if (key == NULL || !object_is_ours (object, endpoint, bucket))
        continue;
      if (keep_seconds < 0)
        due = TRUE;
      else if (ended > 0)
        due = now >= ended + keep_seconds;
      else /* never ended (a crash): once no link to it works any more */
        due = now >= uploaded + MAX (keep_seconds, link_seconds);
      if (due)
        g_ptr_array_add (doomed, doomed_new (job_id, key));
    }
}

/* Removes @deleted (of Doomed) from the records. */
static gboolean
records_forget (GPtrArray  *deleted,
                const char *endpoint,
                const char *bucket,
                GError    **error)
{
  g_autoptr(GHashTable) by_job = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_hash_table_unref);
  GHashTableIter iter;
  gpointer job_id, keys;
  gboolean ok = TRUE;

  for (guint i = 0; i < deleted->len; i++)
    {
      Doomed *d = g_ptr_array_index (deleted, i);
      GHashTable *set = g_hash_table_lookup (by_job, d->job_id);

      if (set == NULL)
        {
          set = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (by_job, d->job_id, set);
        }
      g_hash_table_add (set, d->key);
    }

  g_mutex_lock (&record_lock);
  g_hash_table_iter_init (&iter, by_job);
  while (g_hash_table_iter_next (&iter, &job_id, &keys))
    {
      g_autofree char *path = record_path (job_id);
      g_autoptr(JsonObject) record = record_load (path);
      JsonArray *objects = json_object_get_array_member (record, "objects");

      for (guint i = json_array_get_length (objects); i-- > 0;)
        {
          JsonObject *object = json_array_get_object_element (objects, i);
          const char *key = json_object_get_string_member_with_default (object, "key", NULL);

          if (key != NULL && object_is_ours (object, endpoint, bucket) &&
              g_hash_table_contains (keys, key))
            json_array_remove_element (objects, i);
        }
      if (!record_save (path, record, ok ? error : NULL))
        ok = FALSE;
    }
  g_mutex_unlock (&record_lock);

  return ok;
}

/* }}} */

/* {{{ Deleting objects (main thread) */

typedef struct {
  GPtrArray *doomed;       /* of Doomed, to delete */
  GPtrArray *deleted;      /* of Doomed (borrowed from doomed) */
  guint next;
  guint in_flight;
  GError *error;
  char *endpoint;
  char *bucket;
} Deletion;

static void
deletion_free (Deletion *del)
{
  g_clear_pointer (&del->deleted, g_ptr_array_unref);
  g_clear_pointer (&del->doomed, g_ptr_array_unref);
  g_clear_error (&del->error);
  g_free (del->endpoint);
  g_free (del->bucket);
  g_free (del);
}

static void deletion_pump (GTask *task);

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Deletion *del = task_data;
  GError *error = NULL;

  if (!records_forget (del->deleted, del->endpoint, del->bucket, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (del->error != NULL)
    g_task_return_error (task, g_steal_pointer (&del->error));
  else
    g_task_return_int (task, del->deleted->len);
}

typedef struct {
  GTask *task;
  Doomed *doomed;
} DeleteCall;

static void
delete_object_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DeleteCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Deletion *del = g_task_get_task_data (task);
  VitrineMediaHost *self = g_task_get_source_object (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  body = vitrine_http_send_finish (VITRINE_HTTP (object), result, &status, &error);
  /* 404: already gone (DELETE of a missing key is 204 on S3 itself) */
  if (body != NULL || (status == 404 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_debug ("media host: deleted %s", call->doomed->key);
      g_ptr_array_add (del->deleted, call->doomed);
    }
  else if (del->error == NULL)
    del->error = map_error (self, error);

  g_free (call);
  del->in_flight--;
  deletion_pump (task);
}

static void
deletion_pump (GTask *task)
{
  Deletion *del = g_task_get_task_data (task);
  VitrineMediaHost *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  while (del->error == NULL && !g_cancellable_is_cancelled (cancellable) &&
         del->in_flight < MAX_IN_FLIGHT && del->next < del->doomed->len)
    {
      DeleteCall *call = g_new0 (DeleteCall, 1);
      g_autoptr(VitrineHttpRequest) request = NULL;
      g_autofree char *empty = sha256_hex ("", 0);

      call->task = g_object_ref (task);
      call->doomed = g_ptr_array_index (del->doomed, del->next++);
      request = signed_request (self, "DELETE", call->doomed->key, empty);
      del->in_flight++;
      vitrine_http_send_async (vitrine_http_get_default (), request, cancellable,
                               delete_object_cb, call);
    }

  if (del->in_flight > 0)
    return;

  /* all done, failed or cancelled: what was deleted is forgotten either way */
  if (del->error == NULL && del->next < del->doomed->len)
    del->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
  g_task_run_in_thread (task, forget_thread);
}

/* Deletes @doomed and forgets what was deleted; returns the count. */
static void
delete_objects_async (VitrineMediaHost    *self,
                      GPtrArray           *doomed,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Deletion *del = g_new0 (Deletion, 1);

  g_task_set_source_tag (task, delete_objects_async);
  del->doomed = g_ptr_array_ref (doomed);
  del->deleted = g_ptr_array_new ();
  del->endpoint = g_strdup (self->endpoint);
  del->bucket = g_strdup (self->bucket);
  g_task_set_task_data (task, del, (GDestroyNotify) deletion_free);
  deletion_pump (task);
}

static gssize
delete_objects_finish (VitrineMediaHost  *self,
                       GAsyncResult      *result,
                       GError           **error)
{
  return g_task_propagate_int (G_TASK (result), error);
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
    g_task_return_error (task, map_error (self, error));
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
  g_autofree char *empty = sha256_hex ("", 0);
  GCancellable *cancellable;

  body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error);
  if (body == NULL)
    {
      g_task_return_error (task, map_error (self, error));
      return;
    }
  request = signed_request (self, "DELETE", g_task_get_task_data (task), empty);
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
  g_autofree char *hex = random_hex_128 ();
  g_autofree char *sha = sha256_hex (TEST_BODY, -1);
  char *key;

  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_media_host_test_async);
  key = g_strdup_printf ("vitrine/.vitrine-test-%s", hex);
  g_task_set_task_data (task, key, g_free);

  g_debug ("media host: testing %s, bucket %s", self->endpoint, self->bucket);
  request = signed_request (self, "PUT", key, sha);
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

/* {{{ Upload */

typedef struct {
  VitrineMediaHost *self;   /* for the error messages; the task holds it */
  GPtrArray *files;         /* of char * */
  GPtrArray *names;         /* of char * (NULL for URLs) */
  char *record;             /* path of the job's record */
  char *endpoint;
  char *bucket;
  GStrv results;
  guint next;
  guint in_flight;
  guint total;              /* local files */
  guint done;
  guint64 bytes;
  GError *error;
  GCancellable *cancellable; /* ours: cancelled by the caller's or by a failure */
  VitrineCancelLink outer;      /* the caller's cancellable, linked to ours */
  VitrineMediaHostProgress progress;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
} Upload;

static void
upload_free (Upload *up)
{
  vitrine_cancel_link_clear (&up->outer);
  g_clear_object (&up->cancellable);
  g_ptr_array_unref (up->files);
  g_ptr_array_unref (up->names);
  g_free (up->record);
  g_free (up->endpoint);
  g_free (up->bucket);
  g_strfreev (up->results);
  g_clear_error (&up->error);
  if (up->progress_destroy != NULL)
    up->progress_destroy (up->progress_data);
  g_free (up);
}

/* One file: hashed and recorded in a worker, then PUT from the main thread. */
typedef struct {
  GTask *upload;    /* the whole upload's task */
  guint index;
  char *path;
  char *name;
  char *record;
  char *endpoint;
  char *bucket;
  /* filled by the worker */
  char *key;
  char *sha256;
  char *content_type;
  guint64 size;
} FileUpload;

static void
file_upload_free (FileUpload *fu)
{
  g_clear_object (&fu->upload);
  g_free (fu->path);
  g_free (fu->name);
  g_free (fu->record);
  g_free (fu->endpoint);
  g_free (fu->bucket);
  g_free (fu->key);
  g_free (fu->sha256);
  g_free (fu->content_type);
  g_free (fu);
}

static gboolean
is_remote_url (const char *file)
{
  return g_ascii_strncasecmp (file, "https://", 8) == 0 ||
         g_ascii_strncasecmp (file, "http://", 7) == 0;
}

/* "<index>.<ext>" from the file's own extension (lower case, short). */
static char *
default_name (guint       index,
              const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *ext = NULL;

  if (dot == NULL || dot == base || strlen (dot + 1) == 0 || strlen (dot + 1) > 5)
    return g_strdup_printf ("%u", index);
  for (const char *p = dot + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return g_strdup_printf ("%u", index);
  ext = g_ascii_strdown (dot + 1, -1);
  return g_strdup_printf ("%u.%s", index, ext);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FileUpload *fu = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (fu->path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  g_autofree char *type = NULL;
  GError *error = NULL;
  gboolean first = TRUE;
  gssize n;

  if (!(stream = g_file_read (file, cancellable, &error)))
    {
      g_autofree char *name = g_filename_display_basename (fu->path);

      g_task_return_new_error (task, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_FAILED,
                               _("%s cannot be uploaded: %s"), name, error->message);
      g_error_free (error);
      return;
    }
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 64 * 1024, cancellable,
                                   &error)) > 0)
    {
      if (first)
        {
          type = g_content_type_guess (fu->path, buffer, n, NULL);
          first = FALSE;
        }
      g_checksum_update (sum, buffer, n);
      fu->size += n;
    }
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  if (type == NULL)
    type = g_content_type_guess (fu->path, NULL, 0, NULL);
  fu->content_type = g_content_type_get_mime_type (type);
  if (fu->content_type == NULL)
    fu->content_type = g_strdup ("application/octet-stream");
  fu->sha256 = g_strdup (g_checksum_get_string (sum));

  if (!(fu->key = record_add (fu->record, fu->endpoint, fu->bucket, fu->name, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void upload_pump (GTask *task);

static void
upload_file_done (GTask  *task,
                  GError *error)
{
  Upload *up = g_task_get_task_data (task);

  if (error != NULL && up->error == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      up->error = map_error (up->self, error);
      g_cancellable_cancel (up->cancellable);
    }
  up->in_flight--;
  upload_pump (task);
}

static void
put_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  FileUpload *fu = user_data;
  g_autoptr(GTask) task = g_object_ref (fu->upload);
  Upload *up = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error);
  if (body != NULL)
    {
      g_debug ("media host: uploaded %s (%" G_GUINT64_FORMAT " bytes, %s)", fu->key, fu->size,
               fu->content_type);
      up->results[fu->index] = vitrine_media_host_presign_get (up->self, fu->key,
                                                               up->self->url_hours * 3600);
      up->done++;
      up->bytes += fu->size;
      if (up->error == NULL && up->progress != NULL)
        up->progress (up->done, up->total, up->bytes, up->progress_data);
    }
  file_upload_free (fu);
  upload_file_done (task, error);
}

static void
hashed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  FileUpload *fu = g_task_get_task_data (G_TASK (result));
  g_autoptr(GTask) task = g_object_ref (fu->upload);
  Upload *up = g_task_get_task_data (task);
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_cancellable_set_error_if_cancelled (up->cancellable, &error))
    {
      file_upload_free (fu);
      upload_file_done (task, error);
      return;
    }

  /* the FileUpload goes on to the PUT, which frees it */
  request = signed_request (up->self, "PUT", fu->key, fu->sha256);
  vitrine_http_request_set_file_body (request, fu->content_type, fu->path);
  vitrine_http_send_async (vitrine_http_get_default (), request, up->cancellable, put_cb, fu);
}

static void
upload_pump (GTask *task)
{
  Upload *up = g_task_get_task_data (task);

  while (up->error == NULL && !g_cancellable_is_cancelled (up->cancellable) &&
         up->in_flight < MAX_IN_FLIGHT && up->next < up->files->len)
    {
      guint i = up->next++;
      const char *file = g_ptr_array_index (up->files, i);
      g_autoptr(GTask) hash = NULL;
      FileUpload *fu;

      if (is_remote_url (file))
        continue; /* already in results */

      fu = g_new0 (FileUpload, 1);
      fu->upload = g_object_ref (task);
      fu->index = i;
      fu->path = g_strdup (file);
      fu->name = g_strdup (g_ptr_array_index (up->names, i));
      fu->record = g_strdup (up->record);
      fu->endpoint = g_strdup (up->endpoint);
      fu->bucket = g_strdup (up->bucket);

      hash = g_task_new (NULL, up->cancellable, hashed_cb, NULL);
      g_task_set_source_tag (hash, hash_thread);
      /* no destroy notify: hashed_cb hands @fu on to the PUT or frees it */
      g_task_set_task_data (hash, fu, NULL);
      up->in_flight++;
      g_task_run_in_thread (hash, hash_thread);
    }

  if (up->in_flight > 0)
    return;

  if (up->error != NULL)
    g_task_return_error (task, g_steal_pointer (&up->error));
  else if (up->done < up->total)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
  else
    g_task_return_pointer (task, g_steal_pointer (&up->results), (GDestroyNotify) g_strfreev);
}

void
vitrine_media_host_upload_async (VitrineMediaHost        *self,
                                 const char              *job_id,
                                 const char * const      *files,
                                 const char * const      *names,
                                 VitrineMediaHostProgress progress,
                                 gpointer                 progress_data,
                                 GDestroyNotify           progress_destroy,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Upload *up;
  guint n;

  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));
  g_return_if_fail (job_id != NULL && *job_id != '\0' && strchr (job_id, '/') == NULL);
  g_return_if_fail (files != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_media_host_upload_async);

  n = g_strv_length ((char **) files);
  up = g_new0 (Upload, 1);
  up->self = self;
  up->files = g_ptr_array_new_with_free_func (g_free);
  up->names = g_ptr_array_new_with_free_func (g_free);
  up->results = g_new0 (char *, n + 1);
  up->record = record_path (job_id);
  up->endpoint = g_strdup (self->endpoint);
  up->bucket = g_strdup (self->bucket);
  up->progress = progress;
  up->progress_data = progress_data;
  up->progress_destroy = progress_destroy;
  up->cancellable = g_cancellable_new ();
  vitrine_cancel_link_init (&up->outer, cancellable, up->cancellable);
  g_task_set_task_data (task, up, (GDestroyNotify) upload_free);

  for (guint i = 0; i < n; i++)
    {
      if (is_remote_url (files[i]))
        {
          up->results[i] = g_strdup (files[i]);
          g_ptr_array_add (up->files, g_strdup (files[i]));
          g_ptr_array_add (up->names, NULL);
          continue;
        }
      if (g_ascii_strncasecmp (files[i], "file:", 5) == 0)
        g_ptr_array_add (up->files, g_filename_from_uri (files[i], NULL, NULL));
      else
        g_ptr_array_add (up->files, g_canonicalize_filename (files[i], NULL));
      if (g_ptr_array_index (up->files, i) == NULL)
        {
          g_task_return_new_error (task, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_FAILED,
                                   _("%s is not a local file."), files[i]);
          return;
        }
      if (names != NULL && names[i] != NULL && *names[i] != '\0')
        g_ptr_array_add (up->names, g_strdup (names[i]));
      else
        g_ptr_array_add (up->names, default_name (i, g_ptr_array_index (up->files, i)));
      up->total++;
    }

  upload_pump (task);
}

GStrv
vitrine_media_host_upload_finish (VitrineMediaHost  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */

/* {{{ Deleting a job's objects, sweeping */

typedef struct {
  char *job_id;
  char *endpoint;
  char *bucket;
  gint64 keep_seconds;    /* -1: everything of this host, now */
  gint64 link_seconds;
  gboolean mark_ended;    /* delete_job_async with keep-days > 0 */
} Collect;

static void
collect_free (Collect *c)
{
  g_free (c->job_id);
  g_free (c->endpoint);
  g_free (c->bucket);
  g_free (c);
}

/* Worker: the due objects of one job (job_id set) or of every job. */
static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Collect *c = task_data;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (doomed_free);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GError *error = NULL;

  g_mutex_lock (&record_lock);
  if (c->job_id != NULL)
    {
      g_autofree char *path = record_path (c->job_id);
      g_autoptr(JsonObject) record = NULL;

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          record = record_load (path);
          if (c->mark_ended)
            {
              json_object_set_int_member (record, "ended", now);
              if (!record_save (path, record, &error))
                {
                  g_mutex_unlock (&record_lock);
                  g_task_return_error (task, error);
                  return;
                }
            }
          else
            record_collect (c->job_id, record, c->endpoint, c->bucket, now, -1, 0, doomed);
        }
    }
  else
    {
      g_autofree char *dir_path = jobs_dir ();
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, RECORD_NAME, NULL);
          g_autoptr(JsonObject) record = NULL;

          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
          record = record_load (path);
          record_collect (name, record, c->endpoint, c->bucket, now, c->keep_seconds,
                          c->link_seconds, doomed);
        }
    }
  g_mutex_unlock (&record_lock);

  g_task_return_pointer (task, g_steal_pointer (&doomed), (GDestroyNotify) g_ptr_array_unref);
}

static void
collected_deleted_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gssize count = delete_objects_finish (VITRINE_MEDIA_HOST (object), result, &error);

  if (count < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, count);
}

static void
collected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineMediaHost *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) doomed = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!(doomed = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (doomed->len == 0)
    {
      g_task_return_int (task, 0);
      return;
    }
  g_debug ("media host: deleting %u objects", doomed->len);
  cancellable = g_task_get_cancellable (task);
  delete_objects_async (self, doomed, cancellable, collected_deleted_cb, g_steal_pointer (&task));
}

static void
collect_async (VitrineMediaHost    *self,
               gpointer             source_tag,
               Collect             *c,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) worker = NULL;

  g_task_set_source_tag (task, source_tag);
  c->endpoint = g_strdup (self->endpoint);
  c->bucket = g_strdup (self->bucket);
  worker = g_task_new (NULL, cancellable, collected_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, c, (GDestroyNotify) collect_free);
  g_task_run_in_thread (worker, collect_thread);
}

void
vitrine_media_host_delete_job_async (VitrineMediaHost    *self,
                                     const char          *job_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Collect *c;

  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));
  g_return_if_fail (job_id != NULL && *job_id != '\0' && strchr (job_id, '/') == NULL);

  c = g_new0 (Collect, 1);
  c->job_id = g_strdup (job_id);
  c->mark_ended = self->keep_days > 0;
  collect_async (self, vitrine_media_host_delete_job_async, c, cancellable, callback, user_data);
}

gboolean
vitrine_media_host_delete_job_finish (VitrineMediaHost  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_int (G_TASK (result), error) >= 0;
}

void
vitrine_media_host_sweep_async (VitrineMediaHost    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Collect *c;

  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));

  c = g_new0 (Collect, 1);
  c->keep_seconds = (gint64) self->keep_days * 24 * 3600;
  c->link_seconds = (gint64) self->url_hours * 3600;
  collect_async (self, vitrine_media_host_sweep_async, c, cancellable, callback, user_data);
}

guint
vitrine_media_host_sweep_finish (VitrineMediaHost  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  count = g_task_propagate_int (G_TASK (result), error);
  return count < 0 ? 0 : (guint) count;
}

/* }}} */
