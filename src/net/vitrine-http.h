/* vitrine-http.h: the one HTTP layer every provider and the media host share
 *
 * One SoupSession for the process, used from the main thread only. A
 * request is described once (VitrineHttpRequest) and a fresh SoupMessage is
 * built from it for every attempt, so retries work for streamed bodies too.
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
 *   never reach a log, G_MESSAGES_DEBUG=all included.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Codes below 100 are Vitrine's; 400–599 are the HTTP status itself. */
#define VITRINE_HTTP_ERROR (vitrine_http_error_quark ())
typedef enum {
  VITRINE_HTTP_ERROR_INSECURE = 1,   /* http:// to a non-loopback host, or a redirect to http */
  VITRINE_HTTP_ERROR_BAD_REPLY = 2,  /* not JSON, truncated, or a required field missing */
  VITRINE_HTTP_ERROR_TIMEOUT = 3,    /* no answer within the request's timeout */
  VITRINE_HTTP_ERROR_NETWORK = 4,    /* connection refused/reset, DNS…: the request may or may not have arrived */
  VITRINE_HTTP_ERROR_TLS = 5,        /* the server's certificate was refused, or TLS failed: never retried */
  /* VITRINE_HTTP_ERROR_STATUS_xxx: the status code itself (400 … 599) */
} VitrineHttpError;
GQuark   vitrine_http_error_quark          (void);
/* The HTTP status an error carries, or 0. */
guint    vitrine_http_error_get_status     (const GError *error);

#define VITRINE_TYPE_HTTP_REQUEST (vitrine_http_request_get_type ())
G_DECLARE_FINAL_TYPE (VitrineHttpRequest, vitrine_http_request, VITRINE, HTTP_REQUEST, GObject)

VitrineHttpRequest *vitrine_http_request_new               (const char          *method,
                                                            const char          *url);
const char         *vitrine_http_request_get_method        (VitrineHttpRequest  *self);
const char         *vitrine_http_request_get_url           (VitrineHttpRequest  *self);
void                vitrine_http_request_add_header        (VitrineHttpRequest  *self,
                                                            const char          *name,
                                                            const char          *value);
/* A header whose value is never logged (x-api-key, Authorization…). Its
 * name joins the names vitrine_http_redact() knows for the whole process,
 * and it is not sent on when a redirect leads to another origin. */
void                vitrine_http_request_add_secret_header (VitrineHttpRequest  *self,
                                                            const char          *name,
                                                            const char          *value);
/* Marks the request safe to repeat (GET/HEAD/PUT/DELETE are by default; a
 * POST becomes so when it carries an Idempotency-Key header). */
void                vitrine_http_request_set_idempotent    (VitrineHttpRequest  *self,
                                                            gboolean             idempotent);
gboolean            vitrine_http_request_is_idempotent     (VitrineHttpRequest  *self);
/* Seconds without progress (connecting, sending, waiting for or reading
 * the reply) after which an attempt gives up with
 * VITRINE_HTTP_ERROR_TIMEOUT (default 30). */
void                vitrine_http_request_set_timeout       (VitrineHttpRequest  *self,
                                                            guint                seconds);
/* How many attempts in all (default 4). A request that is not idempotent is
 * only tried again when it surely never reached the server (connection
 * refused, name not resolved); a 5xx, 429, reset or timeout ends it at once.
 * Waits grow from about 0.5 s (vitrine_job_monitor_backoff()); Retry-After
 * or RateLimit-Reset is their floor, and one over a minute ends the request
 * with its status (the caller's own backoff takes over). */
void                vitrine_http_request_set_max_attempts  (VitrineHttpRequest  *self,
                                                            guint                attempts);

/* Bodies (one kind per request). */
/* JSON; the members named in @secret_members (NULL-terminated, may be NULL)
 * are replaced by "[REDACTED]" in any log (Vikit sends its key in the body);
 * their names join the names vitrine_http_redact() knows. */
void                vitrine_http_request_set_json_body     (VitrineHttpRequest  *self,
                                                            JsonNode            *body,
                                                            const char * const  *secret_members);
void                vitrine_http_request_set_bytes_body    (VitrineHttpRequest  *self,
                                                            const char          *content_type,
                                                            GBytes              *body);
/* The file's bytes, streamed (never loaded whole), with its Content-Length.
 * Files are looked at when the request is sent: a missing one fails it
 * with the G_IO_ERROR from GIO, before any traffic. */
void                vitrine_http_request_set_file_body     (VitrineHttpRequest  *self,
                                                            const char          *content_type,
                                                            const char          *path);
/* multipart/form-data, streamed from the files, with an exact Content-Length.
 * Parts go in the order they are added; @content_type NULL means
 * application/octet-stream. */
void                vitrine_http_request_add_form_field    (VitrineHttpRequest  *self,
                                                            const char          *name,
                                                            const char          *value);
void                vitrine_http_request_add_form_file     (VitrineHttpRequest  *self,
                                                            const char          *name,
                                                            const char          *path,
                                                            const char          *filename,
                                                            const char          *content_type);

/* Is @url allowed: https, or http to a loopback address (127.0.0.0/8, ::1,
 * localhost)? The message says why not, for a person. */
gboolean            vitrine_http_check_url                 (const char          *url,
                                                            GError             **error);
/* @text with secrets (keys in the known header names, JSON members,
 * X-Amz-Signature / X-Amz-Credential / token query values) replaced. */
char               *vitrine_http_redact                    (const char          *text);

#define VITRINE_TYPE_HTTP (vitrine_http_get_type ())
G_DECLARE_FINAL_TYPE (VitrineHttp, vitrine_http, VITRINE, HTTP, GObject)

/* The process's one instance (main thread). */
VitrineHttp        *vitrine_http_get_default               (void);
SoupSession        *vitrine_http_get_session               (VitrineHttp         *self);

/* Sends @request (retrying as its rules allow) and reads the whole body.
 * A 4xx/5xx that is not retried ends as a VITRINE_HTTP_ERROR with the status
 * as code and, as message, the server's own message when the body has one
 * ({"error": "…"}, {"error": {"message": "…"}}, {"message": "…"},
 * {"Error": "…"}), else a generic sentence naming the status.
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

/* JSON helpers for typed reply structs: a missing or mistyped required member
 * is a VITRINE_HTTP_ERROR_BAD_REPLY naming it; unknown members are ignored.
 * An int may be written as a whole double (4.0); @object may be NULL. */
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
/* Optional members: NULL / @fallback when absent, null or of another type. */
const char         *vitrine_json_get_string                (JsonObject          *object,
                                                            const char          *member);
gint64              vitrine_json_get_int                   (JsonObject          *object,
                                                            const char          *member,
                                                            gint64               fallback);

G_END_DECLS
