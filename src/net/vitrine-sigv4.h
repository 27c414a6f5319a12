/* vitrine-sigv4.h: AWS Signature Version 4 for S3-compatible services
 *
 * Made here with GChecksum (SHA-256) and GHmac; no SDK. Used by the media
 * host, exposed for tests and other S3 callers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The longest a presigned URL may live: 7 days. */
#define VITRINE_SIGV4_MAX_EXPIRES (7 * 24 * 3600)

/* Who signs, for which region, and when ("YYYYMMDDTHHMMSSZ"). */
typedef struct {
  const char *region;
  const char *access_key;
  const char *secret_key;
  const char *amz_date;
} VitrineSigv4Signer;

/* The Authorization header value of a request to @url signed with the
 * headers host, x-amz-content-sha256 and x-amz-date (plus @extra_headers,
 * NULL or name/value pairs ending in NULL, names in any case).
 * @payload_sha256: hex, or "UNSIGNED-PAYLOAD". */
char *vitrine_sigv4_sign_request (const VitrineSigv4Signer *signer,
                                  const char               *method,
                                  const char               *url,
                                  const char * const       *extra_headers,
                                  const char               *payload_sha256);
/* @url with the query-string signature of a @method valid @seconds (at
 * most VITRINE_SIGV4_MAX_EXPIRES) from the signer's date (only the host
 * header signed, payload UNSIGNED-PAYLOAD). */
char *vitrine_sigv4_presign_url   (const VitrineSigv4Signer *signer,
                                   const char               *method,
                                   const char               *url,
                                   guint                     seconds);
/* "YYYYMMDDTHHMMSSZ" for now (UTC). */
char *vitrine_sigv4_amz_date_now  (void);

/* AWS's UriEncode(): everything but A-Za-z0-9-_.~ (and '/' when
 * @keep_slash) as %XX. */
char *vitrine_sigv4_uri_encode    (const char         *s,
                                   gboolean            keep_slash);
/* The Host header libsoup sends for @uri: the port only when not the
 * scheme's default, IPv6 literals in brackets. */
char *vitrine_sigv4_host_header   (GUri               *uri);
/* The lowercase hex SHA-256 of @len bytes of @data (-1: a string). */
char *vitrine_sigv4_sha256_hex    (const char         *data,
                                   gssize              len);

G_END_DECLS
