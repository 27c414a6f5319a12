/* vitrine-fake-server.h: what the loopback fakes of the cloud providers share
 *
 * A SoupServer on 127.0.0.1 in the test process, with faults that a test
 * queues for the next request of a kind (the POST that starts a video, a
 * poll, a download), a fetch of the media URLs a request names (a real
 * provider downloads the photos: an unreachable one must fail), files
 * served from a folder (the test's photos) and a real MP4 to serve as the
 * result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vitrine-remote-reply.h"   /* vitrine_remote_get_string() for request members */

G_BEGIN_DECLS

typedef enum {
  VITRINE_FAKE_ON_POST,
  VITRINE_FAKE_ON_POLL,
  VITRINE_FAKE_ON_DOWNLOAD,
  VITRINE_FAKE_N_TARGETS,
} VitrineFakeTarget;

typedef enum {
  VITRINE_FAKE_FAULT_STATUS,       /* this status, with @body (JSON) when given */
  VITRINE_FAKE_FAULT_RETRY_AFTER,  /* 429 with Retry-After: @status seconds (0: 1) */
  VITRINE_FAKE_FAULT_HANG,         /* no answer, ever */
  VITRINE_FAKE_FAULT_RESET,        /* the connection closed without an answer */
  VITRINE_FAKE_FAULT_TRUNCATED,    /* 200 with a JSON body cut in the middle */
  VITRINE_FAKE_FAULT_BODY,         /* 200 with @body (a provider's own error reply) */
  VITRINE_FAKE_FAULT_CUT,          /* 200 announcing the whole video, half of it sent, then closed */
  VITRINE_FAKE_FAULT_DELAY,        /* answered as usual, @status ms late once its media are fetched (a slow start) */
} VitrineFakeFault;

typedef struct _VitrineFakeServerPrivate VitrineFakeServerPrivate;

typedef struct {
  /* A provider's fake (vitrine_fake_server_new_provider) */
  char                     *api_key;       /* the key it accepts */
  JsonNode                 *last_request;  /* the body of the last POST it read */
  char                     *last_key;      /* the key that POST carried */
  GHashTable               *jobs;          /* id → the fake's record of a video */

  VitrineFakeServerPrivate *priv;
} VitrineFakeServer;

/* A plain server (photos). */
VitrineFakeServer *vitrine_fake_server_new          (void);
/* A provider's: it accepts @api_key, serves @video for every result and
 * keeps its videos in jobs, freed with @job_free. */
VitrineFakeServer *vitrine_fake_server_new_provider (const char         *api_key,
                                                     const char         *video,
                                                     GDestroyNotify      job_free);
/* A provider's fake: a struct of @size bytes whose first member is its
 * VitrineFakeServer *, made by vitrine_fake_server_new_provider(); freed
 * with vitrine_fake_free(). */
gpointer           vitrine_fake_new                 (gsize               size,
                                                     const char         *api_key,
                                                     const char         *video,
                                                     GDestroyNotify      job_free);
void               vitrine_fake_free                (gpointer            fake);

/* Adds @job to jobs under a new id, "<prefix>-<n>", and returns the id. */
char              *vitrine_fake_server_add_job      (VitrineFakeServer  *self,
                                                     const char         *prefix,
                                                     gpointer            job);
/* Keeps @request (the body of a POST) as last_request, and the key it
 * carried as last_key. */
void               vitrine_fake_server_keep_request (VitrineFakeServer  *self,
                                                     JsonNode           *request,
                                                     const char         *key);
/* @cleanup (@data) runs first when the server is freed: what a provider's
 * fake keeps beside it. */
void               vitrine_fake_server_on_free      (VitrineFakeServer  *self,
                                                     GDestroyNotify      cleanup,
                                                     gpointer            data);
void               vitrine_fake_server_free         (VitrineFakeServer  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineFakeServer, vitrine_fake_server_free)

/* "http://127.0.0.1:PORT", no trailing slash. */
const char        *vitrine_fake_server_get_url      (VitrineFakeServer  *self);
/* Answers the requests whose path starts with @prefix: @route (@fake, the
 * message, its path). */
typedef void (*VitrineFakeRoute) (gpointer           fake,
                                  SoupServerMessage *msg,
                                  const char        *path);
void               vitrine_fake_server_route        (VitrineFakeServer  *self,
                                                     const char         *prefix,
                                                     VitrineFakeRoute    route,
                                                     gpointer            fake);

/* Queues a fault for the next @count requests of @target. */
void               vitrine_fake_server_inject       (VitrineFakeServer  *self,
                                                     VitrineFakeTarget   target,
                                                     VitrineFakeFault    fault,
                                                     guint               status,
                                                     const char         *body,
                                                     guint               count);
/* Drops the faults still queued for @target. */
void               vitrine_fake_server_clear_faults (VitrineFakeServer  *self,
                                                     VitrineFakeTarget   target);
/* Counts a request of @target and answers it with its queued fault, if
 * any: TRUE when it did (the handler then does nothing more). */
gboolean           vitrine_fake_server_fault        (VitrineFakeServer  *self,
                                                     VitrineFakeTarget   target,
                                                     SoupServerMessage  *msg);
/* Requests of @target seen (faulty ones included). */
guint              vitrine_fake_server_count        (VitrineFakeServer  *self,
                                                     VitrineFakeTarget   target);
/* When request @index (from 0) of @target came, monotonic µs. */
gint64             vitrine_fake_server_time         (VitrineFakeServer  *self,
                                                     VitrineFakeTarget   target,
                                                     guint              index);

/* The answer already set on @msg leaves @ms milliseconds later (a slow
 * server), unless the client went away meanwhile. */
void               vitrine_fake_answer_late         (SoupServerMessage  *msg,
                                                     guint               ms);
/* No answer at all: the connection closed, as by a server that goes down
 * mid-request. */
void               vitrine_fake_reset_connection    (SoupServerMessage  *msg);
/* Answers @msg with @status and @body as JSON. */
void               vitrine_fake_reply_json          (SoupServerMessage  *msg,
                                                     guint               status,
                                                     const char         *body);
/* The request's body as JSON, or NULL. */
JsonNode          *vitrine_fake_request_json        (SoupServerMessage  *msg);
gboolean           vitrine_fake_request_is_json     (SoupServerMessage  *msg);
/* A member of the object @root (may be NULL), or NULL. */
JsonNode          *vitrine_fake_json_member         (JsonNode           *root,
                                                     const char         *member);

/* Pauses @msg, fetches every URL of @urls (in order) and calls @done with
 * NULL when all came back 200 with a body, else with the first that did
 * not; @msg is unpaused after @done. */
typedef void (*VitrineFakeFetched) (SoupServerMessage *msg,
                                    const char        *failed_url,
                                    gpointer           user_data);
void               vitrine_fake_server_fetch        (VitrineFakeServer  *self,
                                                     SoupServerMessage  *msg,
                                                     GPtrArray          *urls,
                                                     VitrineFakeFetched  done,
                                                     gpointer            user_data);
/* URLs fetched so far (every attempt), in order. */
GPtrArray         *vitrine_fake_server_get_fetched  (VitrineFakeServer  *self);

/* Serves the files of @dir under @prefix ("/photos"), and @video for any
 * path under "/videos/" (counted as downloads). */
void               vitrine_fake_server_serve_dir    (VitrineFakeServer  *self,
                                                     const char         *prefix,
                                                     const char         *dir);
void               vitrine_fake_server_serve_video  (VitrineFakeServer  *self,
                                                     const char         *video);

/* A small real H.264 MP4 (1 s, 320x240) written to @dir; rendered once a
 * process. */
char              *vitrine_fake_make_mp4            (const char         *dir);
/* Whether @path is an MP4 that GStreamer demuxes and decodes to the end. */
gboolean           vitrine_fake_is_playable_mp4     (const char         *path);

G_END_DECLS
