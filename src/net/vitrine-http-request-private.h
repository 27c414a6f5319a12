/* vitrine-http-request-private.h: what the HTTP layer reads of a request
 *
 * Only src/net includes this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-concat-input-stream.h"
#include "vitrine-http-request.h"

G_BEGIN_DECLS

typedef enum {
  VITRINE_HTTP_BODY_NONE,
  VITRINE_HTTP_BODY_BYTES,
  VITRINE_HTTP_BODY_FILE,
  VITRINE_HTTP_BODY_FORM,
} VitrineHttpBodyKind;

typedef struct {
  char     *name;
  char     *value;
  gboolean  secret;
} VitrineHttpHeader;

typedef struct {
  char *name;
  char *value;          /* a field, or */
  char *path;           /* a file */
  char *filename;
  char *content_type;
} VitrineHttpFormPart;

struct _VitrineHttpRequest
{
  GObject                 parent_instance;

  char                   *method;
  char                   *url;
  GArray                 *headers;      /* of VitrineHttpHeader */
  int                     idempotent;   /* -1: from the method and headers */
  guint                   timeout_s;
  guint                   deadline_s;   /* 0: the default for its kind */
  guint                   max_attempts;
  VitrineHttpErrorReader  error_reader;
  char                   *reply_type_prefix;  /* downloads: NULL, or "image/" */
  goffset                 max_reply_bytes;    /* downloads: 0, or the most a body may be */
  VitrineHttpByteProgress byte_progress;
  gpointer                byte_progress_data;

  VitrineHttpBodyKind     body_kind;
  char                   *content_type;
  GBytes                 *body;         /* BYTES (JSON too) */
  char                   *log_body;     /* what a log may show of it */
  char                   *path;         /* FILE */
  GPtrArray              *form;         /* FORM: of VitrineHttpFormPart */
  char                   *boundary;
  GPtrArray              *secrets;      /* its secret values, kept out of its replies */
};

/* The files whose sizes the body needs, in order. */
GPtrArray                *vitrine_http_request_dup_paths   (VitrineHttpRequest *self);
/* The body of one attempt, its files at @sizes (as many as dup_paths). */
VitrineConcatInputStream *vitrine_http_request_open_body   (VitrineHttpRequest *self,
                                                            GArray             *sizes);
/* What a log shows of the request's headers and body (no secrets), as
 * lines to append after the request line. */
void                      vitrine_http_request_describe    (VitrineHttpRequest *self,
                                                            GString            *text,
                                                            gboolean            with_secrets,
                                                            gboolean            with_body,
                                                            GArray             *sizes);

G_END_DECLS
