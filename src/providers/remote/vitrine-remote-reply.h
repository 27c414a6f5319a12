/* vitrine-remote-reply.h: what a cloud provider's replies say, in Vitrine's terms
 *
 * Reading a reply is a pure function from bytes to a struct: no job, no
 * network, no GObject, so that it can be fuzzed (tests/fuzz/) and so that
 * VitrineRemoteProvider applies any provider's reply the same way. The bytes are
 * made a JSON object here; each provider then reads its object with two
 * small readers (vitrine-vikit-reply.c, vitrine-iacrea-reply.c…), published
 * as a VitrineRemoteReplies table.
 *
 * A reply that cannot be read (not JSON, cut short, a required member
 * missing or of the wrong type) is a G_IO_ERROR_INVALID_DATA naming what is
 * wrong; the caller decides what that means (a lost answer to a paid POST,
 * or a poll worth repeating).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vitrine-types.h"

G_BEGIN_DECLS

typedef enum {
  VITRINE_REMOTE_STARTED,          /* an id (and maybe the address to poll) */
  VITRINE_REMOTE_REFUSED_KEY,      /* the API key is unknown */
  VITRINE_REMOTE_REFUSED_CREDITS,  /* not enough credits: nothing started, nothing charged */
  VITRINE_REMOTE_REFUSED,          /* any other refusal or failure, in @error */
} VitrineRemoteOutcome;

/* The answer to the request that starts a video. */
typedef struct {
  VitrineRemoteOutcome  outcome;
  char                 *remote_id;
  char                 *poll_url;      /* NULL: the provider's base address + poll path + id */
  char                 *status_text;   /* the provider's own words ("PENDING") */
  char                 *error;         /* a refusal's text, as sent */
  gboolean              has_credits;   /* the reply gave a credit balance */
  double                credits_left;
  double                credits_used;
  char                 *top_up_url;    /* where to buy credits, as sent: check it before use */
} VitrineRemoteStart;

/* One poll reply. */
typedef struct {
  VitrineJobState  state;        /* SUBMITTED, PROCESSING, COMPLETED, FAILED or CANCELLED */
  int              progress;     /* 0–100, or -1 when the reply gives none */
  char            *status_text;  /* the provider's own words ("Processing_video") */
  char            *error;        /* FAILED: the provider's reason, as sent (may be NULL) */
  GPtrArray       *videos;       /* COMPLETED: the result URLs, in the provider's order */
  gboolean         has_credits;  /* the reply gave a credit balance */
  double           credits_left;
  double           credits_used;
  char            *share_url;    /* a page to share the video, as sent (VidGen's outputShareLink) */
} VitrineRemoteStatus;

void         vitrine_remote_start_clear    (VitrineRemoteStart  *start);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VitrineRemoteStart, vitrine_remote_start_clear)
void         vitrine_remote_status_init    (VitrineRemoteStatus *status);
void         vitrine_remote_status_clear   (VitrineRemoteStatus *status);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VitrineRemoteStatus, vitrine_remote_status_clear)

/* How a provider's status words map onto the unified states. */
typedef struct {
  const char      *word;
  VitrineJobState  state;
} VitrineRemoteWord;

/* The state @word stands for in @words, NULL-terminated: PROCESSING (still
 * running) for a word not listed, or none. */
VitrineJobState vitrine_remote_word_to_state (const VitrineRemoteWord *words,
                                              const char              *word);

/* The part of a status reply every provider shares: the word in "status"
 * (kept as the status text) mapped through @words, NULL-terminated (a word
 * not listed means still running: PROCESSING), "progress" when given, and
 * for a COMPLETED job the video at @video_member (required). */
gboolean     vitrine_remote_read_status_words (JsonObject              *reply,
                                               const VitrineRemoteWord *words,
                                               const char              *video_member,
                                               VitrineRemoteStatus     *status,
                                               GError                 **error);

/* A provider's readers: each fills its struct from the reply object, or
 * fails with G_IO_ERROR_INVALID_DATA. read_start finds @start's outcome
 * VITRINE_REMOTE_STARTED and changes it only for a refusal. */
typedef struct {
  gboolean (*read_start)  (JsonObject          *reply,
                           VitrineRemoteStart  *start,
                           GError             **error);
  /* With @status_words, called after vitrine_remote_read_status_words()
   * (with @status_words and @video_member) for what the provider adds
   * (may be NULL); without, it reads the whole reply. */
  gboolean (*read_status) (JsonObject          *reply,
                           VitrineRemoteStatus *status,
                           GError             **error);
  /* The provider's own error format in the body of a 4xx/5xx: the
   * message, or NULL. Set on its requests as their VitrineHttpErrorReader
   * (vitrine_http_request_set_error_reader()); NULL: the common JSON forms
   * only. */
  char    *(*read_error)  (GBytes              *body);
  const VitrineRemoteWord *status_words;
  const char              *video_member;
} VitrineRemoteReplies;

/* A status reply's object read by @replies (see read_status). */
gboolean     vitrine_remote_read_status    (const VitrineRemoteReplies *replies,
                                            JsonObject                 *reply,
                                            VitrineRemoteStatus        *status,
                                            GError                    **error);

/* Each after its provider's reference. */
extern const VitrineRemoteReplies vitrine_vikit_replies;
extern const VitrineRemoteReplies vitrine_iacrea_replies;
extern const VitrineRemoteReplies vitrine_aixpose_replies;
extern const VitrineRemoteReplies vitrine_vidgen_replies;

/* AIXpose's other replies (vitrine-aixpose-reply.c). */
/* A project or a picture: its "id". */
char        *vitrine_aixpose_parse_id       (const char          *data,
                                             gsize                length,
                                             GError             **error);
/* An enhancement request's answer: the id of the first new picture, or
 * NULL (no error) when it lists none. */
char        *vitrine_aixpose_parse_variant  (const char          *data,
                                             gsize                length,
                                             GError             **error);
/* GET /v1/projects/{id}/pictures: the project's pictures
 * (VitrineRemoteListedJob *, added to @pictures), each with its state
 * (SUBMITTED, PROCESSING, COMPLETED or FAILED, with its reason). */
gboolean     vitrine_aixpose_parse_pictures (const char          *data,
                                             gsize                length,
                                             GPtrArray           *pictures,
                                             GError             **error);
/* A catalogue (GET /v1/catalog/actions, /v1/catalog/aspect-ratios): the
 * ids of its entries, in order; @labels (may be NULL) receives the name of
 * each entry that has one, by id. */
GStrv        vitrine_aixpose_parse_catalog  (const char          *data,
                                             gsize                length,
                                             GHashTable          *labels,
                                             GError             **error);
/* GET /v1/credits/balance. */
gboolean     vitrine_aixpose_parse_balance  (const char          *data,
                                             gsize                length,
                                             double              *balance,
                                             GError             **error);

/* A job as a provider's job list gives it. */
typedef struct {
  char                *id;
  gint64               created;   /* Unix seconds, 0 when unknown */
  gint64               updated;   /* Unix seconds, 0 when unknown */
  VitrineRemoteStatus  status;
} VitrineRemoteListedJob;

void         vitrine_remote_listed_job_free (VitrineRemoteListedJob *job);

/* One page of VidGen's GET /api/jobs: its jobs (VitrineRemoteListedJob *,
 * added to @jobs), the cursor of the next page, or NULL when it is the
 * last (vitrine-vidgen-reply.c). */
gboolean     vitrine_vidgen_parse_page      (const char          *data,
                                             gsize                length,
                                             GPtrArray           *jobs,
                                             char               **next_cursor,
                                             GError             **error);

/* The answer to the start request, @length bytes at @data. @start is
 * zeroed first, and holds nothing on failure. */
gboolean     vitrine_remote_parse_start    (const VitrineRemoteReplies *replies,
                                            const char                 *data,
                                            gsize                       length,
                                            VitrineRemoteStart         *start,
                                            GError                    **error);
/* A poll reply. @status is initialised first; clear it whatever the result. */
gboolean     vitrine_remote_parse_status   (const VitrineRemoteReplies *replies,
                                            const char                 *data,
                                            gsize                       length,
                                            VitrineRemoteStatus        *status,
                                            GError                    **error);

/* For the readers. */
/* @data as JSON, whatever its root, or NULL with G_IO_ERROR_INVALID_DATA. */
JsonNode    *vitrine_remote_parse_json     (const char          *data,
                                            gsize                length,
                                            GError             **error);
/* An ISO 8601 time ("2026-05-07T12:34:56.000Z") as Unix seconds, or 0. */
gint64       vitrine_remote_parse_time     (const char          *text);
/* Optional members: NULL / FALSE when absent, null or of another type. */
const char  *vitrine_remote_get_string     (JsonObject          *object,
                                            const char          *member);
gboolean     vitrine_remote_get_number     (JsonObject          *object,
                                            const char          *member,
                                            double              *value);
/* A string member that must be there and not empty. */
const char  *vitrine_remote_require_string (JsonObject          *object,
                                            const char          *member,
                                            GError             **error);
/* A progress member (a number, possibly fractional or out of range) as 0–100,
 * or -1 when absent. */
int          vitrine_remote_get_progress   (JsonObject          *object,
                                            const char          *member);
/* Adds each element of the array member @member to @out, NULL in the
 * place of one that is not a non-empty string (skipped, the others keep
 * their positions); FALSE (with @error) when it holds no address at all. */
gboolean     vitrine_remote_collect_urls   (JsonObject          *object,
                                            const char          *member,
                                            GPtrArray           *out,
                                            GError             **error);

G_END_DECLS
