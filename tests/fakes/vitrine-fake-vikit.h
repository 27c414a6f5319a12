/* vitrine-fake-vikit.h: a loopback Vikit that follows Vikit's reference
 *
 * POST / with the JSON of the reference (the key in "vikit_api_key"): every
 * photo URL is fetched; a paid request ("test_mode": "FALSE") costs one
 * credit a photo. GET /get/{id}: "Starting job", "Processing_video" (…),
 * then "Completed" with four videos in the documented order, or "Error".
 * Every answer is HTTP 200; refusals carry "Error".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-fake-server.h"

G_BEGIN_DECLS

#define VITRINE_FAKE_VIKIT_KEY "vk-test-0123456789abcdef"

/* Freed with vitrine_fake_free(). */
typedef struct {
  VitrineFakeServer *server;           /* its key, last request and generations */
  double             credits;          /* the balance; paid photos are taken from it */
  const char        *top_up_url;       /* sent with "Insufficient credits" */
  guint              charged;          /* credits taken so far (refunds deducted) */
  guint              steps;            /* polls until the end (default 3) */
  gboolean           fail_generation;  /* the end is "Error" instead of "Completed" */
  const char        *result_base;      /* Result_url's base (default: the fake's URL) */
  gboolean           null_video;       /* the second entry of "videos" is null */
} VitrineFakeVikit;

/* Accepts VITRINE_FAKE_VIKIT_KEY; serves @video for every result. */
VitrineFakeVikit *vitrine_fake_vikit_new (const char *video);

G_END_DECLS
