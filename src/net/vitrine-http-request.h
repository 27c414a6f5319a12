/* vitrine-http-request.h: one HTTP request, described once
 *
 * A VitrineHttpRequest says what to send (method, address, headers, one
 * kind of body) and the rules of its sending (timeout, attempts, whether it
 * is safe to repeat, how to read the server's errors). VitrineHttp builds a
 * fresh SoupMessage from it for every attempt, so that retries work for
 * streamed bodies too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VITRINE_TYPE_HTTP_REQUEST (vitrine_http_request_get_type ())
G_DECLARE_FINAL_TYPE (VitrineHttpRequest, vitrine_http_request, VITRINE, HTTP_REQUEST, GObject)

VitrineHttpRequest *vitrine_http_request_new               (const char          *method,
                                                            const char          *url);
const char         *vitrine_http_request_get_method        (VitrineHttpRequest  *self);
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
/* Seconds the whole request may take, attempts and waits between them
 * included, however steadily the server trickles its answer; past it the
 * request ends with VITRINE_HTTP_ERROR_TIMEOUT and is not tried again.
 * Default: 5 minutes, or an hour for a download or a streamed file body
 * (assumptions: a poll or a JSON call that takes longer is stuck; a video
 * of a few hundred MB on a slow line is not), and never shorter than the
 * timeout above when it is not set. */
void                vitrine_http_request_set_deadline      (VitrineHttpRequest  *self,
                                                            guint                seconds);
/* How many attempts in all (default 4). A request that is not idempotent is
 * only tried again when it surely never reached the server (connection
 * refused, name not resolved); a 5xx, 429, reset or timeout ends it at once.
 * Waits grow from about 0.5 s (vitrine_backoff_delay()); Retry-After or
 * RateLimit-Reset is their floor, and one over a minute ends the request
 * with its status (the caller's own backoff takes over). */
void                vitrine_http_request_set_max_attempts  (VitrineHttpRequest  *self,
                                                            guint                attempts);

/* Reads a service's own error format out of the body of a failed reply
 * (4xx, 5xx): the server's message for a person, or NULL to fall back on
 * the common JSON forms. Set by the provider whose requests they are. */
typedef char *(*VitrineHttpErrorReader) (GBytes *body);
void                vitrine_http_request_set_error_reader  (VitrineHttpRequest     *self,
                                                            VitrineHttpErrorReader  reader);

/* Downloads (vitrine_http_download_async()) only: what the reply may be.
 * A 2xx reply whose Content-Type is given and starts neither with
 * @type_prefix ("image/") nor is application/octet-stream ends as
 * VITRINE_HTTP_ERROR_WRONG_TYPE (@type_prefix NULL: any type); one whose
 * Content-Length says more than @max_bytes, or whose body goes past it,
 * ends as VITRINE_HTTP_ERROR_TOO_LARGE (0: no limit). Neither is retried.
 * (Assumption: a server that does not say, or says octet-stream, is given
 * the benefit of the doubt; the caller looks at the file itself.) */
void                vitrine_http_request_set_reply_limits  (VitrineHttpRequest  *self,
                                                            const char          *type_prefix,
                                                            goffset              max_bytes);
/* Downloads only: called on the main thread with the bytes received so far
 * and the whole size (-1 when the reply does not say), at the start of the
 * body and after every chunk, whether or not the size is known. */
typedef void (*VitrineHttpByteProgress) (goffset  received,
                                         goffset  total,
                                         gpointer user_data);
void                vitrine_http_request_set_byte_progress (VitrineHttpRequest      *self,
                                                            VitrineHttpByteProgress  progress,
                                                            gpointer                 user_data);

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
/* The boundary of the form (1 to 70 letters, digits, '-' or '_'), instead of
 * a random one: a request sent again under the same Idempotency-Key must be
 * the same bytes. Call it once the form has its parts. */
void                vitrine_http_request_set_form_boundary (VitrineHttpRequest  *self,
                                                            const char          *boundary);

G_END_DECLS
