/* vitrine-sigv4.c: AWS Signature Version 4 for S3-compatible services
 *
 * A request is signed with header authentication (the Authorization
 * header over host, x-amz-content-sha256, x-amz-date and any extra
 * headers); a presigned URL carries its signature in the query and signs
 * the host only, with UNSIGNED-PAYLOAD, as S3 wants.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vitrine-sigv4.h"

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

char *
vitrine_sigv4_uri_encode (const char *s,
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

char *
vitrine_sigv4_sha256_hex (const char *data,
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

char *
vitrine_sigv4_host_header (GUri *uri)
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

/* @url parsed, or NULL when it is no URL with a host. */
static GUri *
parse_url (const char *url)
{
  GUri *uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);

  if (uri != NULL && g_uri_get_host (uri) == NULL)
    g_clear_pointer (&uri, g_uri_unref);
  return uri;
}

static char *
canonical_uri (GUri *uri)
{
  const char *path = g_uri_get_path (uri);
  g_autofree char *decoded = NULL;

  if (path == NULL || *path == '\0')
    return g_strdup ("/");
  decoded = uri_decode (path, -1);
  return vitrine_sigv4_uri_encode (decoded, TRUE);
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

static GArray *
pairs_new (void)
{
  GArray *pairs = g_array_new (FALSE, TRUE, sizeof (Pair));

  g_array_set_clear_func (pairs, pair_clear);
  return pairs;
}

static void
pairs_add (GArray     *pairs,
           const char *name,
           const char *value)
{
  Pair p = { g_strdup (name), g_strdup (value) };

  g_array_append_val (pairs, p);
}

/* Adds @name=@value, both URI-encoded. */
static void
pairs_add_encoded (GArray     *pairs,
                   const char *name,
                   const char *value)
{
  Pair p = { vitrine_sigv4_uri_encode (name, FALSE), vitrine_sigv4_uri_encode (value, FALSE) };

  g_array_append_val (pairs, p);
}

/* The query of @uri as encoded (name, value) pairs. */
static GArray *
query_pairs (GUri *uri)
{
  GArray *pairs = pairs_new ();
  const char *query = g_uri_get_query (uri);
  g_auto(GStrv) parts = NULL;

  if (query == NULL || *query == '\0')
    return pairs;

  parts = g_strsplit (query, "&", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (parts[i][0] == '\0')
        continue;
      name = uri_decode (parts[i], eq ? eq - parts[i] : -1);
      value = eq ? uri_decode (eq + 1, -1) : g_strdup ("");
      pairs_add_encoded (pairs, name, value);
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
string_to_sign (const char  *method,
                GUri        *uri,
                const char  *canonical_query,
                GArray      *headers,
                const char  *payload_sha256,
                const char  *amz_date,
                const char  *scope,
                char       **signed_headers)
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

  request_hash = vitrine_sigv4_sha256_hex (canonical->str, canonical->len);
  g_string_free (canonical, TRUE);
  *signed_headers = g_string_free (names, FALSE);

  return g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope, request_hash);
}

char *
vitrine_sigv4_amz_date_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y%m%dT%H%M%SZ");
}

/* The credential scope: "date/region/s3/aws4_request". */
static char *
credential_scope (const VitrineSigv4Signer *signer)
{
  g_autofree char *date = g_strndup (signer->amz_date, 8);

  return g_strdup_printf ("%s/%s/s3/aws4_request", date, signer->region);
}

/* The signature of @method @uri over @canonical_query and @headers
 * ("host" among them), in the signer's @scope (credential_scope()). */
static char *
sign (const VitrineSigv4Signer  *signer,
      const char                *scope,
      const char                *method,
      GUri                      *uri,
      const char                *canonical_query,
      GArray                    *headers,
      const char                *payload_sha256,
      char                     **signed_headers)
{
  g_autofree char *date = g_strndup (signer->amz_date, 8);
  g_autofree char *to_sign = string_to_sign (method, uri, canonical_query, headers, payload_sha256,
                                             signer->amz_date, scope, signed_headers);

  return sigv4_signature (signer->secret_key, date, signer->region, to_sign);
}

static gboolean
signer_is_valid (const VitrineSigv4Signer *signer)
{
  return signer != NULL && signer->region != NULL && signer->access_key != NULL &&
         signer->secret_key != NULL && signer->amz_date != NULL && strlen (signer->amz_date) >= 8;
}

/* The headers to sign, "host" first, and @uri's Host header. */
static GArray *
host_headers (GUri  *uri,
              char **host)
{
  GArray *headers = pairs_new ();

  *host = vitrine_sigv4_host_header (uri);
  pairs_add (headers, "host", *host);
  return headers;
}

char *
vitrine_sigv4_sign_request (const VitrineSigv4Signer *signer,
                            const char               *method,
                            const char               *url,
                            const char * const       *extra_headers,
                            const char               *payload_sha256)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GArray) headers = NULL;
  g_autoptr(GArray) query = NULL;
  g_autofree char *host = NULL;
  g_autofree char *canonical_query = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *scope = NULL;

  g_return_val_if_fail (signer_is_valid (signer), NULL);
  g_return_val_if_fail (method != NULL && url != NULL && payload_sha256 != NULL, NULL);

  if (!(uri = parse_url (url)))
    return NULL;

  headers = host_headers (uri, &host);
  pairs_add (headers, "x-amz-content-sha256", payload_sha256);
  pairs_add (headers, "x-amz-date", signer->amz_date);
  for (guint i = 0; extra_headers != NULL && extra_headers[i] != NULL && extra_headers[i + 1] != NULL;
       i += 2)
    {
      Pair p = { g_ascii_strdown (extra_headers[i], -1), canonical_header_value (extra_headers[i + 1]) };

      g_array_append_val (headers, p);
    }

  query = query_pairs (uri);
  canonical_query = pairs_join (query);
  scope = credential_scope (signer);
  signature = sign (signer, scope, method, uri, canonical_query, headers, payload_sha256,
                    &signed_headers);

  return g_strdup_printf ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          signer->access_key, scope, signed_headers, signature);
}

char *
vitrine_sigv4_presign_url (const VitrineSigv4Signer *signer,
                           const char               *method,
                           const char               *url,
                           guint                     seconds)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GArray) headers = NULL;
  g_autoptr(GArray) query = NULL;
  g_autofree char *host = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *canonical_query = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (signer_is_valid (signer), NULL);
  g_return_val_if_fail (method != NULL && url != NULL, NULL);

  if (!(uri = parse_url (url)))
    return NULL;

  scope = credential_scope (signer);
  credential = g_strdup_printf ("%s/%s", signer->access_key, scope);
  expires = g_strdup_printf ("%u", CLAMP (seconds, 1, VITRINE_SIGV4_MAX_EXPIRES));

  query = query_pairs (uri);
  {
    const char *params[] = {
      "X-Amz-Algorithm", "AWS4-HMAC-SHA256",
      "X-Amz-Credential", credential,
      "X-Amz-Date", signer->amz_date,
      "X-Amz-Expires", expires,
      "X-Amz-SignedHeaders", "host",
    };

    for (guint i = 0; i < G_N_ELEMENTS (params); i += 2)
      pairs_add_encoded (query, params[i], params[i + 1]);
  }
  canonical_query = pairs_join (query);

  headers = host_headers (uri, &host);
  signature = sign (signer, scope, method, uri, canonical_query, headers, "UNSIGNED-PAYLOAD",
                    &signed_headers);
  path = canonical_uri (uri);

  return g_strdup_printf ("%s://%s%s?%s&X-Amz-Signature=%s", g_uri_get_scheme (uri), host, path,
                          canonical_query, signature);
}
