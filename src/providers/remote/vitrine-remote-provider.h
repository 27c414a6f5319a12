/* vitrine-remote-provider.h: what every cloud provider does the same way
 *
 * VitrineRemoteProvider is an abstract VitrineProvider. A cloud provider
 * (Vikit, IACrea, and the next ones) subclasses it, fills in its class
 * (id, name, default address, capabilities, which inputs it takes) and
 * writes only what is its own: the request body, the reading of its replies,
 * its extra checks and its price. Everything else is here, once:
 *
 * - the API key, from the keyring (vitrine-secrets; $VITRINE_<ID>_API_KEY
 *   overrides). None: VITRINE_PROVIDER_ERROR_AUTH, "Add your <Provider> API
 *   key in Preferences.";
 * - the job's photos (and music, logo, outro files) made into URLs the
 *   provider can fetch: http(s) URLs pass through, local files are prepared
 *   (vitrine-photo-prep) and uploaded to the media host (PREPARING, then
 *   UPLOADING with progress);
 * - the paid POST: the job gets its idempotency key and leaves QUEUED before
 *   the request is sent (the store saves both on notify), and the POST is
 *   never repeated by the HTTP layer. An answer that is lost (reset, timeout)
 *   or unreadable ends the job INTERRUPTED ("…check your provider account
 *   before retrying"): it may have started, and been charged. A refusal that
 *   surely started nothing (429, 503) puts the job back in QUEUED, so that
 *   the monitor sends it again later;
 * - polling: the provider's state mapped onto the unified one (never back
 *   from PROCESSING to SUBMITTED), its own words kept as status text,
 *   progress as given, a client timeout, transient faults reported as
 *   VITRINE_PROVIDER_ERROR_BUSY so that the monitor backs off;
 * - every output video downloaded (DOWNLOADING with progress, streamed to a
 *   temporary file and renamed) into the job's output folder, labelled,
 *   then COMPLETED.
 *
 * Environment, for scripts and tests: $VITRINE_<ID>_URL (the base address),
 * $VITRINE_<ID>_API_KEY, $VITRINE_<ID>_POLL_MS (milliseconds between polls)
 * and $VITRINE_<ID>_TIMEOUT_MINUTES (the client timeout; may be fractional).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-http.h"
#include "vitrine-job-store.h"
#include "vitrine-provider.h"
#include "vitrine-remote-reply.h"

G_BEGIN_DECLS

/* In output_ratios: the output is in the ratio the job asked for. */
#define VITRINE_REMOTE_JOB_RATIO "job"

/* The inputs besides photos that a provider takes (validate refuses the
 * others rather than drop them silently). */
typedef enum /*< flags >*/ {
  VITRINE_REMOTE_INPUT_MUSIC       = 1 << 0,  /* the job's music, as a URL */
  VITRINE_REMOTE_INPUT_LOGO        = 1 << 1,
  VITRINE_REMOTE_INPUT_OUTRO       = 1 << 2,
  VITRINE_REMOTE_INPUT_DESCRIPTION = 1 << 3,
} VitrineRemoteInputs;

/* The job's inputs as the provider gets them: URLs (needs_urls) or local
 * prepared files (providers that upload themselves); and the API key, for
 * a provider that wants it in the body. */
typedef struct {
  GPtrArray  *photos;  /* char *, in the job's order */
  char       *music;
  char       *logo;
  char       *outro;
  const char *api_key;
  char       *music_type;  /* the MIME type of a music file (sends_files), or NULL */
} VitrineRemoteMedia;

typedef struct _VitrineRemoteProvider VitrineRemoteProvider;

/* A call about one of the provider's jobs (recover, cancel): @task (source
 * object @self, the job as its task data, the caller's cancellable) is
 * resolved with a boolean. */
typedef void (*VitrineRemoteJobCall) (VitrineRemoteProvider *self,
                                      GTask                 *task,
                                      const char            *api_key);

/* What makes one cloud provider: a static const table in its file, handed
 * to VITRINE_DEFINE_REMOTE_PROVIDER. Everything not set takes the cloud
 * defaults: photos as URLs, network needed, at least one photo and no
 * maximum, paid, no cancel, 16:9 only, no test mode, polls every 3 s, no
 * client timeout. */
typedef struct {
  const char          *id;               /* "vikit": key, settings and environment names */
  const char          *display_name;     /* "Vikit" (a name: not translated) */
  const char          *default_url;      /* https://…, the documented base address */
  VitrineRatioFlags    ratios;
  gboolean             supports_test_mode;
  VitrineRemoteInputs  inputs;
  /* Photos travel as prepared files in the provider's own upload (its
   * send_async, multipart) instead of URLs from the media host. */
  gboolean             sends_files;
  guint                poll_interval_ms;
  const char          *timeout_key;      /* an "i" setting in minutes, or NULL */
  guint                timeout_minutes;  /* when there is no setting; 0: none */
  /* How long the start POST may wait for its answer, in minutes, when it
   * is slow by nature (never beyond the client timeout); 0: 120 s. */
  guint                start_timeout_minutes;
  /* What a person reads when the provider says the video failed: a
   * translatable format with one %s, the provider's reason. */
  const char          *failure_format;
  /* The labels of the outputs in the provider's order (N_() strings,
   * NULL-terminated); NULL: "Video". */
  const char * const  *output_labels;
  /* The ratio of each output in the same order ("16:9"…, or
   * VITRINE_REMOTE_JOB_RATIO: the one the job asked for), so that the
   * preview opens the one in the job's ratio first; NULL: unknown. */
  const char * const  *output_ratios;

  /* The start: a JSON POST to the base address + @submit_path, whose
   * members named in @secret_members never reach a log; its answer and the
   * polls read by @replies. The poll address is the one the answer gives,
   * else the base address + @poll_path + "/" + the id. */
  const char                 *submit_path;
  const char * const         *secret_members;
  const char                 *poll_path;
  const VitrineRemoteReplies *replies;
  /* Credits a photo costs, for the message when credits are short (0:
   * unknown). */
  guint                       credits_per_photo;

  /* Checks of its own, after the common ones (no network). */
  gboolean             (*validate)       (VitrineRemoteProvider     *self,
                                          VitrineJob                *job,
                                          GError                   **error);
  char                *(*estimate_cost)  (VitrineRemoteProvider     *self,
                                          VitrineJob                *job);
  /* Optional: the price in euros, when the cost is money. */
  gboolean             (*estimate_price) (VitrineRemoteProvider     *self,
                                          VitrineJob                *job,
                                          double                    *euros);
  /* The URL of a music the provider knows by name (a catalogue track), or
   * NULL: the job's music is then a URL or a file. */
  char                *(*resolve_music)  (VitrineRemoteProvider     *self,
                                          const char                *music);
  /* The members of the start request's JSON object. */
  void                 (*build_body)     (JsonBuilder               *builder,
                                          VitrineJob                *job,
                                          const VitrineRemoteMedia  *media);
  /* Adds the key to a request (a header); NULL when it travels in the body
   * and polls need none. */
  void                 (*add_auth)       (VitrineHttpRequest        *request,
                                          const char                *api_key);
  /* Providers whose start is more than one POST (a project, then pictures,
   * then the video) set this pair; by default the JSON POST above is sent
   * and its answer applied. Called with the job's idempotency key made and
   * the job out of QUEUED; it sets the remote id and poll URL, or ends the
   * job; FALSE only with an error. */
  void                 (*send_async)     (VitrineRemoteProvider     *self,
                                          VitrineJob                *job,
                                          const VitrineRemoteMedia  *media,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
  gboolean             (*send_finish)    (VitrineRemoteProvider     *self,
                                          GAsyncResult              *result,
                                          GError                   **error);

  /* The start request's body when it is not JSON (a multipart upload):
   * fills @request instead of build_body. */
  void                 (*build_request)  (VitrineHttpRequest        *request,
                                          VitrineJob                *job,
                                          const VitrineRemoteMedia  *media);

  /* Every POST carries an Idempotency-Key made from the job's own and the
   * step ("<key>-project", "<key>-picture-3") and the provider replays a POST it
   * has seen. So a POST whose answer is lost (reset, timeout, cut short) is
   * safe to send again: the HTTP layer retries it, and if that fails too
   * the job goes back to QUEUED and its start resumes later from the last
   * step confirmed (vitrine_remote_job_get_step()). Never INTERRUPTED. */
  gboolean             idempotent;
  /* Inputs that must reach the provider as URLs (the media host) although
   * the photos travel as files (sends_files). */
  VitrineRemoteInputs  url_inputs;
  /* The audio types the provider takes when the music travels as a file
   * (sends_files, music not in url_inputs): MIME types, NULL-terminated.
   * Other music is transcoded first (vitrine-audio-prep). */
  const char * const  *audio_types;
  /* Files larger than this (bytes) are refused before the upload; 0: no
   * limit. */
  guint64              max_file_size;
  /* The provider uses one photo only: the job option "cover" (an index,
   * 0 by default; VITRINE_JOB_OPTION_COVER), which must be a file. */
  gboolean             cover_only;

  /* One job at a time per key: a 409 to the start means another job is
   * running. The job goes back to QUEUED ("Waiting for your previous
   * <Provider> job") and waits, without new POSTs, until Vitrine's own
   * running job of this provider ends (seen in the job store, so other
   * vitrine-cli processes count) or, when the running job is none of
   * Vitrine's, until @check_idle says the account has none (asked at most
   * every 30 s, $VITRINE_<ID>_IDLE_CHECK_MS); then it reports
   * VITRINE_PROVIDER_ERROR_BUSY and the monitor sends it again. */
  gboolean             one_active_job;
  /* Resolves a GTask (source object @self) with TRUE when the account runs
   * no job, FALSE when it does. */
  void                 (*check_idle)     (VitrineRemoteProvider     *self,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
  /* A provider without idempotency keys that can still find what a lost
   * start made (its job list): sets the job's remote id and poll URL when it
   * finds it, and leaves it as it is otherwise (it is then INTERRUPTED). */
  VitrineRemoteJobCall recover;
  /* Cancels the provider's job (capabilities.can_cancel): ends the job
   * CANCELLED, or fails with a message for a person (too late). */
  VitrineRemoteJobCall cancel;
} VitrineRemoteProviderInfo;

#define VITRINE_TYPE_REMOTE_PROVIDER (vitrine_remote_provider_get_type ())
G_DECLARE_DERIVABLE_TYPE (VitrineRemoteProvider, vitrine_remote_provider,
                          VITRINE, REMOTE_PROVIDER, GObject)

struct _VitrineRemoteProviderClass
{
  GObjectClass                     parent_class;

  const VitrineRemoteProviderInfo *info;
  VitrineProviderCapabilities      capabilities;

  gpointer padding[8];
};

/* Sets up @klass from @info (the subclass's class_init). */
void      vitrine_remote_provider_class_install    (VitrineRemoteProviderClass      *klass,
                                                    const VitrineRemoteProviderInfo *info);

/* Defines the type TypeName (a final subclass of VitrineRemoteProvider made
 * from @info) and its constructor type_name_new(), which the header
 * declares with G_DECLARE_FINAL_TYPE. */
#define VITRINE_DEFINE_REMOTE_PROVIDER(TypeName, type_name, info)                       \
  struct _##TypeName { VitrineRemoteProvider parent_instance; };                         \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, VITRINE_TYPE_REMOTE_PROVIDER)                \
  static void type_name##_class_init (TypeName##Class *klass)                            \
  { vitrine_remote_provider_class_install (VITRINE_REMOTE_PROVIDER_CLASS (klass), info); } \
  static void type_name##_init (TypeName *self) { }                                      \
  VitrineProvider *type_name##_new (void)                                                \
  { return g_object_new (type_name##_get_type (), NULL); }

/* The base address: $VITRINE_<ID>_URL, the setting "<id>-url", else the
 * class's default; without a trailing slash. */
char     *vitrine_remote_provider_dup_base_url     (VitrineRemoteProvider *self);
/* The client timeout in seconds, 0 for none. */
double    vitrine_remote_provider_get_timeout      (VitrineRemoteProvider *self);
/* Whether @job (or the provider itself, when @job is NULL) has a known
 * credit balance; @left receives it. */
gboolean  vitrine_remote_provider_get_credits_left (VitrineRemoteProvider *self,
                                                    VitrineJob            *job,
                                                    double                *left);
/* Records a balance the provider reported: job options, the provider's
 * last known balance, and the status text ("PENDING — 5 credits used, 95
 * left"). */
void      vitrine_remote_provider_set_credits      (VitrineRemoteProvider *self,
                                                    VitrineJob            *job,
                                                    const char            *status_text,
                                                    double                 left,
                                                    double                 used);

/* What a person reads when the provider says the video failed (@reason,
 * the provider's words, may be NULL): the table's failure_format. */
char     *vitrine_remote_provider_describe_failure (VitrineRemoteProvider *self,
                                                    const char            *reason);

/* Applies the answer to the start request to @job: its remote id and poll
 * URL, credits and status text; or ends it (credits short, a refusal);
 * FALSE with VITRINE_PROVIDER_ERROR_AUTH for a key the provider does not
 * know. For providers with their own send_async. */
gboolean  vitrine_remote_provider_apply_start      (VitrineRemoteProvider     *self,
                                                    VitrineJob                *job,
                                                    const VitrineRemoteStart  *start,
                                                    GError                   **error);

/* Sends @request as a paid POST (never repeated) and hands back the body;
 * what a lost or refused answer means for @job is settled here (see the top
 * of this file): NULL with no error means @job was ended (INTERRUPTED or
 * FAILED); a refusal that surely started nothing puts it back in QUEUED
 * and reports VITRINE_PROVIDER_ERROR_BUSY. */
void      vitrine_remote_provider_post_async       (VitrineRemoteProvider *self,
                                                    VitrineJob            *job,
                                                    VitrineHttpRequest    *request,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
GBytes   *vitrine_remote_provider_post_finish      (VitrineRemoteProvider *self,
                                                    GAsyncResult          *result,
                                                    GError               **error);

/* For providers whose start is several POSTs (send_async) -------------- */

/* Ends the start's @task (drops it): with @error (taken), or TRUE when
 * there is none (the job was started, ended or put back in QUEUED). */
void      vitrine_remote_provider_return_start     (GTask                 *task,
                                                    GError                *error);

/* A request to the base address + @path with the provider's key (add_auth)
 * and, for idempotent providers, the Idempotency-Key "<job key>-@step".
 * @api_key: the one handed to send_async in the media. */
VitrineHttpRequest *vitrine_remote_provider_new_request (VitrineRemoteProvider *self,
                                                         const char            *method,
                                                         const char            *path,
                                                         const char            *api_key,
                                                         VitrineJob            *job,
                                                         const char            *step);
/* Reads an answer to the start request (@body) with the provider's replies
 * and applies it (vitrine_remote_provider_apply_start). One that cannot be
 * read is a lost answer: QUEUED again for idempotent providers (with a
 * BUSY error), INTERRUPTED for the others. FALSE only with an error. */
gboolean  vitrine_remote_provider_take_start       (VitrineRemoteProvider  *self,
                                                    VitrineJob             *job,
                                                    GBytes                 *body,
                                                    GError                **error);
/* What an answer to a POST that was lost or cannot be read means: for
 * idempotent providers the job goes back to QUEUED and FALSE comes with a
 * BUSY error; for the others it ends INTERRUPTED (TRUE). */
gboolean  vitrine_remote_provider_lost_answer      (VitrineRemoteProvider  *self,
                                                    VitrineJob             *job,
                                                    const GError           *cause,
                                                    GError                **error);

/* The ids each step of a multi-POST start got ("project", "picture-3"),
 * kept among the job's options as they arrive (the store saves on notify),
 * so that a start resumed after a crash goes on from the last one
 * confirmed. They belong to the job's steps key (VITRINE_JOB_OPTION_STEPS_KEY,
 * its idempotency key when the first step left), which a Retry keeps: the
 * copy goes on from the last step confirmed with the same keys. */
const char *vitrine_remote_job_get_step            (VitrineJob            *job,
                                                    const char            *step);
void        vitrine_remote_job_set_step            (VitrineJob            *job,
                                                    const char            *step,
                                                    const char            *id);
/* The Idempotency-Key of @step: "<steps key>-<step>" (the steps key made
 * when there is none yet). */
char       *vitrine_remote_job_step_key            (VitrineJob            *job,
                                                    const char            *step);

/* For the window and vitrine-cli ------------------------------------------ */

/* GETs the base address + @path (a query may follow) with the API key when
 * @with_key (from the keyring, or $VITRINE_<ID>_API_KEY), and hands back the
 * body for the provider's reader. A missing or refused key is
 * VITRINE_PROVIDER_ERROR_AUTH ("Add your … API key in Preferences."), an
 * address not set VITRINE_PROVIDER_ERROR_INVALID_INPUT; other errors come
 * from the HTTP layer with the server's own message. */
void      vitrine_remote_provider_get_async        (VitrineRemoteProvider *self,
                                                    const char            *path,
                                                    gboolean               with_key,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
GBytes   *vitrine_remote_provider_get_finish       (VitrineRemoteProvider  *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);

/* The store of the driver that handed @job to @self (vitrine_provider_drive():
 * so that a provider sees the other jobs, those of other processes
 * included), or NULL while nothing drives it. */
VitrineJobStore *vitrine_remote_job_get_store      (VitrineRemoteProvider *self,
                                                    VitrineJob            *job);
/* The job of @provider_id in @store (may be NULL) whose remote id is
 * @remote_id, other than @except (may be NULL); NULL when there is none. */
VitrineJob      *vitrine_remote_find_job           (VitrineJobStore       *store,
                                                    const char            *provider_id,
                                                    const char            *remote_id,
                                                    VitrineJob            *except);

/* Keeps @left as the provider's last known balance (no job). */
void      vitrine_remote_provider_remember_credits (VitrineRemoteProvider *self,
                                                    double                 left);

G_END_DECLS
