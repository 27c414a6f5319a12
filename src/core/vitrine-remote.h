/* vitrine-remote.h: what every cloud provider does the same way
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
#include "vitrine-provider.h"
#include "vitrine-remote-reply.h"

G_BEGIN_DECLS

/* Job options the remote layer writes, for the window and vitrine-cli. */
/* Why the job ended, when a person can do something about it:
 * "auth" (open Preferences on the provider's key row) or "credits". */
#define VITRINE_JOB_OPTION_ERROR_KIND   "error-kind"
/* An https page where more credits can be bought (Vikit). */
#define VITRINE_JOB_OPTION_TOP_UP_URL   "top_up_url"
/* The last balance the provider reported, and what this job used. */
#define VITRINE_JOB_OPTION_CREDITS_LEFT "credits_remaining"
#define VITRINE_JOB_OPTION_CREDITS_USED "credits_used"
/* When the POST left, in Unix seconds (the client timeout counts from it). */
#define VITRINE_JOB_OPTION_SUBMITTED_AT "submitted-at"

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
} VitrineRemoteMedia;

typedef struct _VitrineRemoteProvider VitrineRemoteProvider;

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
  gboolean             crop_photos;      /* prepare photos cropped to the job's ratio */
  /* Photos travel as prepared files in the provider's own upload (its
   * send_async, multipart) instead of URLs from the media host. */
  gboolean             sends_files;
  guint                poll_interval_ms;
  const char          *timeout_key;      /* an "i" setting in minutes, or NULL */
  guint                timeout_minutes;  /* when there is no setting; 0: none */
  /* What a person reads when the provider says the video failed: a
   * translatable format with one %s, the provider's reason. */
  const char          *failure_format;
  /* The labels of the outputs in the provider's order (N_() strings,
   * NULL-terminated); NULL: "Video". */
  const char * const  *output_labels;

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

/* Whether @value is an http(s) URL rather than a local path. */
gboolean  vitrine_remote_is_url                    (const char            *value);

/* The setting "<id>-test-mode" when there is one, else TRUE: a provider
 * with a test mode uses it until the agent turns it off. */
gboolean  vitrine_remote_default_test_mode         (const char            *provider_id);

G_END_DECLS
