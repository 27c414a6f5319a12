/* vitrine-fake-iacrea.h: a loopback IACrea that follows IACrea's reference
 *
 * POST /api/video-editor/generate/video/auto (x-api-key, application/json,
 * the documented body; every image URL is fetched) → 201 with id, status,
 * credits. GET …/auto/{id} walks through GENERATING_VIDEO, PENDING (a
 * retried sequence), GENERATING_VIDEO, START_RENDERING_VIDEO,
 * RENDERING_VIDEO and DONE (or ERROR). 400 with a message, 401 and 404 as
 * documented.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-fake-server.h"

G_BEGIN_DECLS

#define VITRINE_FAKE_IACREA_KEY "ia-test-fedcba9876543210"

/* Freed with vitrine_fake_free(). */
typedef struct {
  VitrineFakeServer *server;          /* its key, last request and key, generations */
  double             credits_total;   /* what remains */
  double             credits_used;
  gboolean           fail;            /* the walk ends in ERROR */
} VitrineFakeIacrea;

/* Accepts VITRINE_FAKE_IACREA_KEY; serves @video as the result. */
VitrineFakeIacrea *vitrine_fake_iacrea_new (const char *video);

G_END_DECLS
