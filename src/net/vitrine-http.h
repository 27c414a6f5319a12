/* vitrine-http.h: the one HTTP layer every provider and the media host share
 *
 * One SoupSession for the process, used from the main thread only. A
 * request is described once (VitrineHttpRequest, vitrine-http-request.h)
 * and a fresh SoupMessage is built from it for every attempt, so retries
 * work for streamed bodies too.
 *
 * Rules it enforces for everyone (DESIGN.md "HTTP"):
 * - a User-Agent "Vitrine/VERSION", a connect/read timeout per request;
 * - non-loopback URLs must be https; a redirect to http is refused; TLS
 *   errors fail the request;
 * - retries with exponential backoff and jitter on network errors, 5xx and
 *   429 (honouring Retry-After and RateLimit-Reset) — but a request that may
 *   have reached the server and is not idempotent (a POST without an
 *   Idempotency-Key) is never retried blindly;
 * - API keys (secret headers, secret JSON members, presigned query strings)
 *   never reach a log, G_MESSAGES_DEBUG=all included (vitrine-http-redact.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vitrine-http-redact.h"
#include "vitrine-http-request.h"

G_BEGIN_DECLS

/* Codes below 100 are Vitrine's; 400–599 are the HTTP status itself. */
#define VITRINE_HTTP_ERROR (vitrine_http_error_quark ())
typedef enum {
  VITRINE_HTTP_ERROR_INSECURE = 1,   /* http:// to a non-loopback host, or a redirect to http */
  VITRINE_HTTP_ERROR_BAD_REPLY = 2,  /* not JSON, truncated, or a required field missing */
  VITRINE_HTTP_ERROR_TIMEOUT = 3,    /* no answer within the request's timeout */
  VITRINE_HTTP_ERROR_NETWORK = 4,    /* connection reset or closed…: the request may or may not have arrived */
  VITRINE_HTTP_ERROR_TLS = 5,        /* the server's certificate was refused, or TLS failed: never retried */
  VITRINE_HTTP_ERROR_TOO_LARGE = 6,  /* a download past the request's limit (set_reply_limits) */
  VITRINE_HTTP_ERROR_WRONG_TYPE = 7, /* a download of a type the request does not take */
  VITRINE_HTTP_ERROR_UNREACHABLE = 8, /* no connection made (refused, unreachable, DNS): nothing was sent */
  /* VITRINE_HTTP_ERROR_STATUS_xxx: the status code itself (400 … 599) */
} VitrineHttpError;
GQuark   vitrine_http_error_quark          (void);
/* The HTTP status an error carries, or 0. */
guint    vitrine_http_error_get_status     (const GError *error);
/* Milliseconds the server asked to wait before another try (Retry-After
 * or RateLimit-Reset of a 429 or 5xx), or 0. */
guint    vitrine_http_error_get_retry_after (const GError *error);

/* Is @url allowed: https, or http to a loopback address (127.0.0.0/8, ::1,
 * localhost)? The message says why not, for a person. */
gboolean            vitrine_http_check_url                 (const char          *url,
                                                            GError             **error);

#define VITRINE_TYPE_HTTP (vitrine_http_get_type ())
G_DECLARE_FINAL_TYPE (VitrineHttp, vitrine_http, VITRINE, HTTP, GObject)

/* The process's one instance (main thread). */
VitrineHttp        *vitrine_http_get_default               (void);
SoupSession        *vitrine_http_get_session               (VitrineHttp         *self);

/* Sends @request (retrying as its rules allow) and reads the whole body.
 * A 4xx/5xx that is not retried ends as a VITRINE_HTTP_ERROR with the status
 * as code and, as message, the server's own message when the body has one
 * (read by the request's error reader, else {"error": "…"},
 * {"error": {"message": "…"}}, {"message": "…"}), else a generic sentence
 * naming the status.
 * A 3xx is followed (up to 10 times) unless it leads to an address
 * vitrine_http_check_url() refuses, or from https to http. @status (may be
 * NULL) receives the final status, or the one an error carries, or 0. */
void                vitrine_http_send_async                (VitrineHttp         *self,
                                                            VitrineHttpRequest  *request,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GBytes             *vitrine_http_send_finish               (VitrineHttp         *self,
                                                            GAsyncResult        *result,
                                                            guint               *status,
                                                            GError             **error);
/* The same, with the body parsed as JSON (VITRINE_HTTP_ERROR_BAD_REPLY when
 * it is not, when it is cut short, or when it is empty). */
JsonNode           *vitrine_http_send_json_finish          (VitrineHttp         *self,
                                                            GAsyncResult        *result,
                                                            guint               *status,
                                                            GError             **error);

/* Downloads @request's URL to @path: streamed to a temporary file beside it
 * (".NAME.part"), renamed over @path when complete; on an error or a cancel
 * the temporary file is removed and @path is left as it was. Retries start
 * again from the first byte. A non-2xx status is an error as for
 * vitrine_http_send_async(). @progress (0–1) is called on the main thread
 * when the size is known (a Content-Length, no Content-Encoding). */
typedef void (*VitrineHttpProgress) (double progress, gpointer user_data);
void                vitrine_http_download_async            (VitrineHttp         *self,
                                                            VitrineHttpRequest  *request,
                                                            const char          *path,
                                                            VitrineHttpProgress  progress,
                                                            gpointer             progress_data,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean            vitrine_http_download_finish           (VitrineHttp         *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* How far the clock of @url's server (its scheme, host and port) is ahead
 * of this computer's (behind: negative), in seconds, as the Date of its
 * last answer said; FALSE when none has said it yet. For matching this
 * computer's times against the server's own (VidGen's createdAt). */
gboolean            vitrine_http_get_clock_offset          (VitrineHttp         *self,
                                                            const char          *url,
                                                            gint64              *offset_s);

/* Required members of a reply (see vitrine-json.h for the getters): a
 * missing or mistyped one is a VITRINE_HTTP_ERROR_BAD_REPLY naming it;
 * unknown members are ignored. An int may be written as a whole double
 * (4.0); @object may be NULL. */
const char         *vitrine_json_require_string            (JsonObject          *object,
                                                            const char          *member,
                                                            GError             **error);
gboolean            vitrine_json_require_int               (JsonObject          *object,
                                                            const char          *member,
                                                            gint64              *value,
                                                            GError             **error);
JsonArray          *vitrine_json_require_array             (JsonObject          *object,
                                                            const char          *member,
                                                            GError             **error);

G_END_DECLS
