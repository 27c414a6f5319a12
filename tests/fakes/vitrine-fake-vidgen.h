/* vitrine-fake-vidgen.h: a loopback VidGen that follows VidGen's reference
 *
 * X-API-Key on every /api request (GET /health needs none). POST /api/jobs
 * takes multipart "image" (image/jpeg|png|webp) and "audio" (mp3, wav,
 * m4a, ogg by their MIME types), each at most 50 MB (else 413 / 415), an
 * optional https "webhookUrl", and refuses with 409 while another job of
 * the key is PENDING or PROCESSING. GET /api/status/{id} walks PENDING,
 * PROCESSING (30, 70), COMPLETED (or FAILED), one step a poll; POST
 * /api/jobs/{id}/cancel works while PENDING (409 after). GET /api/jobs is
 * newest first, cursor-paginated, filtered by status. Every /api answer
 * carries RateLimit-Limit, -Remaining and -Reset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-fake-server.h"

G_BEGIN_DECLS

#define VITRINE_FAKE_VIDGEN_KEY "vg-test-5f4e3d2c1b0a"
#define VITRINE_FAKE_VIDGEN_MAX_FILE (50 * 1024 * 1024)

typedef struct {
  char   *id;
  char   *status;        /* PENDING… */
  guint   polls;
  gint64  created;       /* Unix seconds, on the server's clock */
  gint64  updated;       /* its last change of status, likewise */
  guint   seq;
  gboolean foreign;      /* made by someone else: never moves unless told */
} VitrineFakeVidgenJob;

/* Freed with vitrine_fake_free(). */
typedef struct {
  VitrineFakeServer *server;        /* its key, last key, jobs (id → VitrineFakeVidgenJob) */
  guint              created;       /* jobs made through POST */
  guint              conflicts;     /* 409s for "one job at a time" */
  guint              lists;         /* GET /api/jobs */
  guint              max_active;    /* the most PENDING + PROCESSING seen at once */
  gboolean           hold;          /* new jobs stay PENDING until this is cleared */
  gboolean           stall;         /* jobs stay PROCESSING until this is cleared */
  gboolean           fail;          /* jobs end FAILED */
  guint              lose_answers;  /* the next N jobs are made, then the connection reset */
  guint              drop_posts;    /* the next N POSTs reset the connection, no job made */
  gint64             clock_skew_s;  /* the server's clock is this far ahead (its Date, its times) */
  guint              fail_answers;  /* the next N jobs are made, then answered 500 */
  char              *image_type;    /* the last upload's parts */
  char              *audio_type;
  char              *audio_name;
  gsize              image_size;
  GBytes            *image;         /* the last upload's image */
  gsize              audio_size;
  gboolean           webhook_sent;
  guint              answer_delay_ms; /* the answer to POST /api/jobs leaves this late */
  guint              cancels;       /* POSTs to a cancel path */
  guint              cancels_no_id; /* of them, to a cancel path with no known job id */
} VitrineFakeVidgen;

VitrineFakeVidgen    *vitrine_fake_vidgen_new      (const char        *video);
/* Adds a job that was not made through POST (an earlier one, or one of
 * another client), created @age_s seconds ago, in @status. */
VitrineFakeVidgenJob *vitrine_fake_vidgen_add_job  (VitrineFakeVidgen *self,
                                                    const char        *status,
                                                    gint64             age_s);
/* Jobs PENDING or PROCESSING now. */
guint                 vitrine_fake_vidgen_active   (VitrineFakeVidgen *self);

G_END_DECLS
