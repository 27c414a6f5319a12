/* vitrine-fake-aixpose.h: a loopback AIXpose that follows AIXpose's reference
 *
 * Authorization: Bearer; every POST must carry an Idempotency-Key, and a
 * key seen before replays the first answer (no new object) when the request
 * is the same bytes (path, Content-Type, body), or is refused with 422 as
 * the IETF Idempotency-Key draft says (counted in mismatches). POST
 * /v1/projects (JSON), POST /v1/projects/{id}/pictures (multipart "file",
 * image/jpeg|png|webp, or JSON {"source": {"type": "url"}}, fetched), POST
 * /v1/pictures/{id}/enhancements (preset actions of the catalogue), POST
 * /v1/videos (the body Vitrine assumes; 422 "picture_not_ready" while an
 * enhanced picture is not completed) → GET /v1/videos/{id} walks
 * queued, processing, completed (or failed). An enhanced picture is made
 * in the background: GET /v1/projects/{id}/pictures lists it "processing"
 * (enhance_polls times), then "completed" or "failed". Ids in paths are
 * read escaped. GET /v1/catalog/actions,
 * /v1/catalog/aspect-ratios, /v1/credits/balance. Errors are {"error":
 * {"code", "message"}}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-fake-server.h"

G_BEGIN_DECLS

#define VITRINE_FAKE_AIXPOSE_KEY "aix_test_0123456789abcdef"

typedef struct _VitrineFakeAixpose VitrineFakeAixpose;

/* Called after an object was made and before its answer leaves (@kind:
 * "project", "picture", "enhancement", "video"). */
typedef void (*VitrineFakeAixposeHook) (VitrineFakeAixpose *fake,
                                        const char         *kind,
                                        gpointer            user_data);

/* Freed with vitrine_fake_free(). */
struct _VitrineFakeAixpose
{
  VitrineFakeServer      *server;        /* its key, last JSON request and key, videos */
  /* Objects made (replays not counted). */
  guint                   projects;
  guint                   pictures;
  guint                   enhancements;
  guint                   videos;
  guint                   replays;       /* POSTs answered from an earlier one */
  guint                   uploads;       /* pictures sent as multipart files */
  GPtrArray              *keys;          /* every Idempotency-Key, in order (char *) */
  GHashTable             *answers;       /* key → Answer */
  GHashTable             *pictures_of;   /* picture id → its record */
  guint                   mismatches;    /* keys replayed with another request */
  guint                   listings;      /* GET /v1/projects/{id}/pictures */
  guint                   enhance_polls; /* listings an enhancement shows "processing" (1) */
  guint                   fail_enhancement; /* the Nth enhancement made fails (0: none) */
  gboolean                odd_ids;       /* ids with '/' and '?' in them */
  char                   *project_name;  /* the "name" of the last project made */
  double                  balance;
  gboolean                fail;          /* videos end "failed" */
  guint                   lose_answers;  /* the next N creations are made, then the connection reset */
  VitrineFakeAixposeHook  after_create;
  gpointer                after_create_data;
};

VitrineFakeAixpose *vitrine_fake_aixpose_new (const char *video);

G_END_DECLS
