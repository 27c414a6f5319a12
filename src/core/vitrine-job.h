/* vitrine-job.h: the one job model shared by the window, the CLI and the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-types.h"
#include "vitrine-enums.h"
#include "vitrine-agent.h"
#include "vitrine-listing.h"

G_BEGIN_DECLS

/* One result file of a job: a label ("Video", "Vertical"…), the remote URL
 * it came from (or NULL) and the local path it was saved to (or NULL);
 * where known, its ratio ("16:9") and variant ("branded", "unbranded"). */
typedef struct {
  char *label;
  char *url;
  char *path;
  char *ratio;
  char *variant;
} VitrineJobOutput;

/* Its members, for the code that treats them alike (vitrine-string-record.h). */
extern const VitrineStringMember vitrine_job_output_members[];

#define VITRINE_TYPE_JOB (vitrine_job_get_type ())
G_DECLARE_FINAL_TYPE (VitrineJob, vitrine_job, VITRINE, JOB, GObject)

VitrineJob         *vitrine_job_new                  (const char         *provider_id);
VitrineJob         *vitrine_job_new_retry            (VitrineJob         *job);
/* The name of a listing the agent did not name: "Listing 23 November
 * 2025", today's date in the user's language. */
char               *vitrine_job_make_default_name    (void);

const char         *vitrine_job_get_id               (VitrineJob         *self);
const char         *vitrine_job_get_provider_id      (VitrineJob         *self);

/* The jobs made from one Create for several providers (Compare) share a
 * group: a random id, NULL for a job made alone. */
const char         *vitrine_job_get_group            (VitrineJob         *self);
void                vitrine_job_set_group            (VitrineJob         *self,
                                                      const char         *group);

/* Inputs */
const char         *vitrine_job_get_name             (VitrineJob         *self);
void                vitrine_job_set_name             (VitrineJob         *self,
                                                      const char         *name);
const char * const *vitrine_job_get_photos           (VitrineJob         *self);
void                vitrine_job_set_photos           (VitrineJob         *self,
                                                      const char * const *photos);
guint               vitrine_job_get_n_photos         (VitrineJob         *self);
const char         *vitrine_job_get_music            (VitrineJob         *self);
void                vitrine_job_set_music            (VitrineJob         *self,
                                                      const char         *music);
const char         *vitrine_job_get_logo             (VitrineJob         *self);
void                vitrine_job_set_logo             (VitrineJob         *self,
                                                      const char         *logo);
const char         *vitrine_job_get_outro            (VitrineJob         *self);
void                vitrine_job_set_outro            (VitrineJob         *self,
                                                      const char         *outro);
const char         *vitrine_job_get_title            (VitrineJob         *self);
void                vitrine_job_set_title            (VitrineJob         *self,
                                                      const char         *title);
const char         *vitrine_job_get_description      (VitrineJob         *self);
void                vitrine_job_set_description      (VitrineJob         *self,
                                                      const char         *description);
VitrineRatio        vitrine_job_get_ratio            (VitrineJob         *self);
void                vitrine_job_set_ratio            (VitrineJob         *self,
                                                      VitrineRatio        ratio);
double              vitrine_job_get_seconds_per_photo (VitrineJob        *self);
void                vitrine_job_set_seconds_per_photo (VitrineJob        *self,
                                                      double              seconds);
gboolean            vitrine_job_get_test_mode        (VitrineJob         *self);
void                vitrine_job_set_test_mode        (VitrineJob         *self,
                                                      gboolean            test_mode);
const char         *vitrine_job_get_output_dir       (VitrineJob         *self);
void                vitrine_job_set_output_dir       (VitrineJob         *self,
                                                      const char         *output_dir);
/* The listing (address, price, facts, link); never NULL, fields may be. */
const VitrineListing *vitrine_job_get_listing        (VitrineJob         *self);
void                vitrine_job_set_listing          (VitrineJob         *self,
                                                      const VitrineListing *listing);
/* The agent's details at the time of the job; never NULL, fields may be. */
const VitrineAgent *vitrine_job_get_agent            (VitrineJob         *self);
void                vitrine_job_set_agent            (VitrineJob         *self,
                                                      const VitrineAgent *agent);
/* One caption a photo, in the photos' order ("" or missing for none). */
const char * const *vitrine_job_get_captions         (VitrineJob         *self);
void                vitrine_job_set_captions         (VitrineJob         *self,
                                                      const char * const *captions);
/* The caption of photo @index (from 0), or NULL. */
const char         *vitrine_job_get_caption          (VitrineJob         *self,
                                                      guint               index);
/* Every ratio wanted; the "ratio" property is the first of them (16:9, 9:16,
 * 1:1 order). Setting "ratio" asks for that one alone. */
VitrineRatioFlags   vitrine_job_get_ratios           (VitrineJob         *self);
void                vitrine_job_set_ratios           (VitrineJob         *self,
                                                      VitrineRatioFlags   ratios);
/* Whether an MLS-unbranded copy of each ratio is wanted too. */
gboolean            vitrine_job_get_unbranded        (VitrineJob         *self);
void                vitrine_job_set_unbranded        (VitrineJob         *self,
                                                      gboolean            unbranded);
VitrineFit          vitrine_job_get_fit              (VitrineJob         *self);
void                vitrine_job_set_fit              (VitrineJob         *self,
                                                      VitrineFit          fit);

/* How many videos the job makes: its ratios, times two with unbranded. */
guint               vitrine_job_get_n_variants_wanted (VitrineJob        *self);
/* The file of @ratio and @variant when the job's video is asked for at
 * @path ("OUT.mp4"): @path itself when the job makes one video, else
 * "OUT-16x9.mp4", "OUT-9x16-unbranded.mp4"… beside it. */
char               *vitrine_job_dup_output_path      (VitrineJob         *self,
                                                      const char         *path,
                                                      VitrineRatio        ratio,
                                                      VitrineVariant      variant);

/* Where the local video goes, chosen once so that a restarted render
 * writes the same file (vitrine-cli -o sets it). */
#define VITRINE_JOB_OPTION_OUTPUT_PATH "output-path"
/* The "about to POST" mark: Unix seconds of the job's first paid POST, on
 * disk (synchronous=FULL) before that POST leaves, written by
 * vitrine_job_store_guard_post_async(). A job that has it and no remote id
 * may have been charged: it is never posted blindly again. */
#define VITRINE_JOB_OPTION_SUBMITTED_AT "submitted-at"
/* A start made of several POSTs (AIXpose's project, pictures, reel): set
 * before the one that starts the video leaves, and dropped when it is
 * refused. A job back in QUEUED with it may have been charged for its
 * video (vitrine_job_is_sent()); one paused before it may be cancelled. */
#define VITRINE_JOB_OPTION_START_POSTED "start-posted"
/* What the keys of a start in several POSTs are made from (see
 * vitrine_remote_job_get_step()). */
#define VITRINE_JOB_OPTION_STEPS_KEY    "steps-key"

/* Options a cloud provider writes, for the window and vitrine-cli. */
/* Why the job ended, when a person can do something about it:
 * "auth" (open Preferences on the provider's key row) or "credits". */
#define VITRINE_JOB_OPTION_ERROR_KIND   "error-kind"
/* An https page where more credits can be bought. */
#define VITRINE_JOB_OPTION_TOP_UP_URL   "top_up_url"
/* The last balance the provider reported, and what this job used. */
#define VITRINE_JOB_OPTION_CREDITS_LEFT "credits_remaining"
#define VITRINE_JOB_OPTION_CREDITS_USED "credits_used"
/* The photo of a provider that takes one (cover_only): its index, "0". */
#define VITRINE_JOB_OPTION_COVER        "cover"
/* The provider's page or link to share the finished video, when it gives one. */
#define VITRINE_JOB_OPTION_SHARE_URL    "share_url"

/* Photos from the web (dragged from a browser): the job's photos are what
 * its provider reads — the https address itself for a provider that
 * fetches photos (capabilities.needs_urls), else the copy in the cache
 * (g_get_user_cache_dir()/vitrine/web/, see vitrine-web-photo.h). Beside
 * them this option keeps where each came from: one address a line, in the
 * photos' order, an empty line for a photo from this computer; absent when
 * none came from the web. It is stored with the job's other options, so a
 * restart keeps it (and a cleared cache can be filled again from it). */
#define VITRINE_JOB_OPTION_PHOTO_SOURCES "photo-sources"
/* The web address photo @index (from 0) came from, or NULL. */
char               *vitrine_job_dup_photo_source     (VitrineJob         *self,
                                                      guint               index);

/* Provider-specific inputs (notify_email, colors, cover…), by key. */
const char         *vitrine_job_get_option           (VitrineJob         *self,
                                                      const char         *key);
void                vitrine_job_set_option           (VitrineJob         *self,
                                                      const char         *key,
                                                      const char         *value);
GHashTable         *vitrine_job_get_options          (VitrineJob         *self);

/* A job the provider accepted never ends for a fault while its result may
 * still come (the money rules of DESIGN.md): it pauses instead.
 * Attention: why it waits (a refused key, a video URL that fails, a full
 * disk), for a person, or NULL; it keeps being tried unless the reason
 * waits for the agent (VITRINE_PROVIDER_ERROR_ATTENTION).
 * Followed: FALSE once the agent chose to stop waiting for a video the
 * provider cannot stop (no driver polls it) until Follow Again.
 * Cancel requested: asked from another process; the job's driver carries
 * it out (stops it, or says why it cannot).
 * All three are kept among the options, so the store saves them. */
#define VITRINE_JOB_OPTION_ATTENTION        "attention"
#define VITRINE_JOB_OPTION_NOT_FOLLOWED     "not-followed"
#define VITRINE_JOB_OPTION_CANCEL_REQUESTED "cancel-requested"
/* Why the provider refused the last cancel (too late), for a person. */
#define VITRINE_JOB_OPTION_CANCEL_REFUSED   "cancel-refused"
/* A cancel request is a token of its own (cancel-requested); the driver
 * that carried it out (or was refused) clears it and records the token as
 * answered, so that the requester knows its own request was answered and a
 * stale copy never brings back a request already carried out (see
 * vitrine_job_merge()). */
#define VITRINE_JOB_OPTION_CANCEL_ANSWERED  "cancel-answered"
/* The same for Follow Again / vitrine-cli wait asked from another process
 * than the driver (a pause cleared there). */
#define VITRINE_JOB_OPTION_FOLLOW_REQUESTED "follow-requested"
#define VITRINE_JOB_OPTION_FOLLOW_ANSWERED  "follow-answered"
/* Set while the reason in "attention" waits for the agent (a full disk, a
 * folder that cannot be written, a failed enhancement to decide on): a
 * restart keeps it waiting; Follow Again or vitrine-cli wait clears it. */
#define VITRINE_JOB_OPTION_HELD             "held"
/* Set when the provider itself said the video failed or no longer
 * exists: nothing more will come of its remote id, so a Retry makes a new
 * job (vitrine_job_monitor_resume_job()). */
#define VITRINE_JOB_OPTION_REMOTE_ENDED     "remote-ended"
const char         *vitrine_job_get_attention        (VitrineJob         *self);
void                vitrine_job_set_attention        (VitrineJob         *self,
                                                      const char         *reason);
gboolean            vitrine_job_get_followed         (VitrineJob         *self);
void                vitrine_job_set_followed         (VitrineJob         *self,
                                                      gboolean            followed);
gboolean            vitrine_job_get_cancel_requested (VitrineJob         *self);
gboolean            vitrine_job_get_follow_requested (VitrineJob         *self);
/* As vitrine_job_set_cancel_requested(), for a follow. */
void                vitrine_job_set_follow_requested (VitrineJob         *self,
                                                      gboolean            requested);
/* Whether the request @token (the value of cancel-requested when it was
 * asked) has been answered by the job's driver. */
gboolean            vitrine_job_cancel_answered      (VitrineJob         *self,
                                                      const char         *token);
void                vitrine_job_set_cancel_requested (VitrineJob         *self,
                                                      gboolean            requested);
/* Whether a paid request may have left: the job has its remote id, or its
 * idempotency key and is out of QUEUED; a start in several steps
 * (STEPS_KEY) once its video's step has left (START_POSTED; see
 * vitrine-remote-provider.h), in QUEUED too after a pause: before, a
 * cancel stops what is still to come, the reel with it (a cancel while
 * AIXpose made the enhancements was refused, and the reel ordered anyway). */
gboolean            vitrine_job_is_sent              (VitrineJob         *self);

/* Remote side */
const char         *vitrine_job_get_remote_id        (VitrineJob         *self);
void                vitrine_job_set_remote_id        (VitrineJob         *self,
                                                      const char         *remote_id);
const char         *vitrine_job_get_poll_url         (VitrineJob         *self);
void                vitrine_job_set_poll_url         (VitrineJob         *self,
                                                      const char         *poll_url);
const char         *vitrine_job_get_idempotency_key  (VitrineJob         *self);
const char         *vitrine_job_ensure_idempotency_key (VitrineJob       *self);
void                vitrine_job_mark_posting         (VitrineJob         *self);

/* Progress */
VitrineJobState     vitrine_job_get_state            (VitrineJob         *self);
void                vitrine_job_set_state            (VitrineJob         *self,
                                                      VitrineJobState     state);
void                vitrine_job_reopen               (VitrineJob         *self,
                                                      VitrineJobState     state);
void                vitrine_job_begin_step           (VitrineJob         *self,
                                                      VitrineJobState     state);
gboolean            vitrine_job_is_finished          (VitrineJob         *self);
gboolean            vitrine_job_is_final             (VitrineJob         *self);
guint               vitrine_job_get_progress         (VitrineJob         *self);
void                vitrine_job_set_progress         (VitrineJob         *self,
                                                      guint               progress);
const char         *vitrine_job_get_status_text      (VitrineJob         *self);
void                vitrine_job_set_status_text      (VitrineJob         *self,
                                                      const char         *status_text);
const char         *vitrine_job_get_error_message    (VitrineJob         *self);
void                vitrine_job_set_error_message    (VitrineJob         *self,
                                                      const char         *error_message);
void                vitrine_job_fail                 (VitrineJob         *self,
                                                      const char         *error_message);
/* Back to QUEUED until a later try (BUSY) or the agent (ATTENTION) goes
 * on: @reason is both the job's attention and its status text. */
void                vitrine_job_pause                (VitrineJob         *self,
                                                      const char         *reason);

/* Outputs */
GPtrArray          *vitrine_job_get_outputs          (VitrineJob         *self);
void                vitrine_job_add_output           (VitrineJob         *self,
                                                      const char         *label,
                                                      const char         *url,
                                                      const char         *path);
/* An output labelled with its ratio and variant. */
void                vitrine_job_add_output_full      (VitrineJob         *self,
                                                      const char         *label,
                                                      const char         *url,
                                                      const char         *path,
                                                      const char         *ratio,
                                                      const char         *variant);
/* Changes the URL and path of output @index (a result URL recorded before
 * its download, then the file it was saved to). */
void                vitrine_job_update_output        (VitrineJob         *self,
                                                      guint               index,
                                                      const char         *url,
                                                      const char         *path);
void                vitrine_job_clear_outputs        (VitrineJob         *self);
/* The file the preview opens first: the first output in the job's ratio
 * (the vertical one of a 9:16 job), else the first file. */
const char         *vitrine_job_get_preview_path     (VitrineJob         *self);
const char         *vitrine_job_get_first_output_path (VitrineJob        *self);
const char         *vitrine_job_get_first_output_url (VitrineJob         *self);

/* A save of @self lost a compare-and-set to @newer (another process's
 * row). Money fields recorded on either side survive (remote id, poll URL,
 * key; outputs when only one side has some); the state, progress, texts,
 * options and outputs are @self's when @mine_wins, else @newer's. Returns
 * TRUE when @self still differs from @newer (it must be written again). */
gboolean            vitrine_job_merge                (VitrineJob         *self,
                                                      VitrineJob         *newer,
                                                      gboolean            mine_wins);

/* Times, as Unix seconds (UTC) */
gint64              vitrine_job_get_created          (VitrineJob         *self);
gint64              vitrine_job_get_updated          (VitrineJob         *self);
void                vitrine_job_set_updated          (VitrineJob         *self,
                                                      gint64              updated);

G_END_DECLS
