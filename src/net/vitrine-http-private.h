/* vitrine-http-private.h: VitrineHttp's files share this
 *
 * VitrineHttp is split by concern: the session and the public calls
 * (vitrine-http.c), one request's attempts (vitrine-http-op.c), the end of
 * an attempt and the retry rule (vitrine-http-retry.c), downloads into a
 * file (vitrine-http-download.c), and a failed reply's status as an error
 * (vitrine-http-status.c). One request runs as a GTask whose data is a
 * VitrineHttpOp.
 *
 * Only src/net includes this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-http.h"
#include "vitrine-http-request-private.h"

G_BEGIN_DECLS

struct _VitrineHttp
{
  GObject      parent_instance;

  SoupSession *session;
  GThread     *thread;
  GHashTable  *clock_offsets;   /* server origin → its clock less ours, in seconds */
};

typedef enum {
  VITRINE_HTTP_OP_SEND,
  VITRINE_HTTP_OP_DOWNLOAD,
} VitrineHttpOpKind;

typedef enum {
  VITRINE_HTTP_RETRY_NEVER,            /* TLS, 4xx, a reply we cannot read, a local error */
  VITRINE_HTTP_RETRY_IF_IDEMPOTENT,    /* 5xx, 429, reset, timeout: the server may have acted */
  VITRINE_HTTP_RETRY_NOT_SENT,         /* refused, unresolved: nothing reached the server */
} VitrineHttpRetry;

typedef struct {
  GBytes *body;
  guint   status;
} VitrineHttpReply;

typedef struct {
  VitrineHttpOpKind   kind;
  VitrineHttp         *http;                 /* unowned: the task holds it */
  VitrineHttpRequest  *request;
  GCancellable        *cancellable;          /* the caller's, may be NULL */
  char                *url;                  /* after redirects */
  char                *method;
  gboolean            keep_body;             /* no longer after a 303 */
  gboolean            keep_secrets;          /* no longer after a redirect to another origin */
  gboolean            idempotent;
  guint               attempt;
  guint               max_attempts;
  guint               redirects;
  guint               deadline_s;            /* the whole request's, see set_deadline */
  gint64              ends_at;               /* monotonic time it is over */
  GArray              *sizes;                /* of goffset: the request's files */

  /* The attempt in flight */
  SoupMessage         *msg;
  GCancellable        *attempt_cancellable;
  gulong              cancelled_id;
  GSource             *deadline;
  gboolean            timed_out;
  gboolean            past_end;              /* timed out at ends_at */
  gint64              started;
  GInputStream        *reply_stream;
  GByteArray          *buffer;
  guint               status;

  /* Downloads */
  GFile               *dest;
  GFile               *part_file;
  GOutputStream       *out;
  gboolean            part_created;
  GBytes              *chunk;
  goffset             received;
  goffset             total;
  VitrineHttpProgress progress;
  gpointer            progress_data;

  /* Between attempts */
  GSource             *wait_source;
  GSource             *wait_cancel_source;
  GError              *pending_error;
  VitrineHttpRetry    pending_retry;
  guint               pending_hint_ms;
} VitrineHttpOp;

static inline gboolean
vitrine_http_debug_enabled (void)
{
  return !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
}

/* Destroys and drops *@source, if any. */
static inline void
vitrine_http_clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* vitrine-http.c */
char          *vitrine_http_url_host          (const char         *url);
void           vitrine_http_reply_free        (gpointer            data);
/* Learns the clock of @url's server from the Date of its answer. */
void           vitrine_http_note_date         (VitrineHttp        *self,
                                               const char         *url,
                                               SoupMessageHeaders *headers);

/* vitrine-http-op.c */
VitrineHttpOp *vitrine_http_op_new            (VitrineHttpOpKind   kind,
                                               VitrineHttp        *http,
                                               VitrineHttpRequest *request,
                                               GCancellable       *cancellable);
void           vitrine_http_op_free           (gpointer            data);
/* Checks the URL, learns the files' sizes (off the main thread), then sends. */
void           vitrine_http_op_begin          (GTask              *task);
/* Sends the message of the current attempt (or redirect). */
void           vitrine_http_op_start_message  (GTask              *task);
void           vitrine_http_op_end_attempt    (VitrineHttpOp      *op);
/* Reads the reply's next chunk into op->chunk: into op->buffer when there
 * is one, else on into the download's file. */
void           vitrine_http_op_read_next      (GTask              *task);
/* Pushes the attempt's deadline back: it made progress. */
void           vitrine_http_op_touch          (VitrineHttpOp      *op);
double         vitrine_http_op_elapsed_ms     (VitrineHttpOp      *op);

/* vitrine-http-retry.c */
/* Ends the attempt with @error (taken): retried after a wait as @retry and
 * the request's rules allow, else the task returns it. A download's
 * partial file goes first. */
void           vitrine_http_op_fail           (GTask              *task,
                                               GError             *error,
                                               VitrineHttpRetry    retry,
                                               guint               hint_ms);
/* The same for a GIO or libsoup error of the attempt in flight, classified
 * (@local: the download's own file, not the network). Takes @error. */
void           vitrine_http_op_fail_io        (GTask              *task,
                                               GError             *error,
                                               gboolean            local);
/* Ends the request: the task returns @error (taken) and drops the
 * reference the op's callbacks held. */
void           vitrine_http_op_return_error   (GTask              *task,
                                               GError             *error);

/* vitrine-http-download.c */
/* A 2xx answer to a download: its body goes into the partial file. */
void           vitrine_http_op_download_begin      (GTask              *task);
/* The error when a body of @size bytes is past the request's limit, or NULL. */
GError        *vitrine_http_op_download_size_error (VitrineHttpOp      *op,
                                                    goffset             size);
/* Writes op->chunk to the file, then reads on. */
void           vitrine_http_op_download_write      (GTask              *task);
/* The body has ended: checks its length, then renames the file over the
 * destination. */
void           vitrine_http_op_download_complete   (GTask              *task);

/* vitrine-http-status.c */
/* The error for a failed reply: the server's own message (read by
 * @reader, else from the common JSON forms) or a sentence naming the status. */
GError        *vitrine_http_status_error      (guint                   status,
                                               const char             *reason,
                                               GBytes                 *body,
                                               VitrineHttpErrorReader  reader);
/* Keeps @ms (the server's Retry-After) in @error, of VITRINE_HTTP_ERROR. */
void           vitrine_http_error_set_retry_after (GError             *error,
                                                   guint               ms);
/* Milliseconds the server asked us to wait (Retry-After, RateLimit-Reset), or 0. */
guint          vitrine_http_retry_hint_ms     (SoupMessageHeaders     *headers);

G_END_DECLS
