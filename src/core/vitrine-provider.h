/* vitrine-provider.h: what every video provider implements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-job.h"
#include "vitrine-job-driver.h"
#include "vitrine-provider-declaration.h"

G_BEGIN_DECLS

#define VITRINE_PROVIDER_ERROR (vitrine_provider_error_quark ())
typedef enum {
  VITRINE_PROVIDER_ERROR_INVALID_INPUT, /* validate() refused; the message is for a person */
  VITRINE_PROVIDER_ERROR_AUTH,
  VITRINE_PROVIDER_ERROR_BUSY,          /* 409/429 or a transient fault: try later */
  VITRINE_PROVIDER_ERROR_REMOTE_FAILED,
  VITRINE_PROVIDER_ERROR_PROTOCOL,      /* a reply we could not read */
  VITRINE_PROVIDER_ERROR_NOT_FOUND,
  /* The job is paused until a person acts (a full disk, a folder that
   * cannot be written): its attention says what to do; Follow Again or
   * vitrine-cli wait resumes it. Not transient, never a failure. */
  VITRINE_PROVIDER_ERROR_ATTENTION,
} VitrineProviderError;
GQuark vitrine_provider_error_quark (void);

typedef struct {
  VitrineRatioFlags ratios;          /* the ratios it can make */
  guint             max_photos;      /* 0: no limit */
  guint             min_photos;
  gboolean          needs_urls;      /* photos travel as public URLs (media host) */
  gboolean          needs_network;   /* paused while offline */
  gboolean          supports_test_mode;
  gboolean          can_cancel;
  gboolean          is_paid;         /* a submit costs money: confirm first */
  gboolean          can_recover;     /* a start whose answer was lost is looked for (recover_async) */
  gboolean          several_outputs; /* every ratio asked and MLS-unbranded copies in one job */
  gboolean          length_from_photos; /* the video lasts photos × seconds per photo */
} VitrineProviderCapabilities;

#define VITRINE_TYPE_PROVIDER (vitrine_provider_get_type ())
G_DECLARE_INTERFACE (VitrineProvider, vitrine_provider, VITRINE, PROVIDER, GObject)

/* What a provider does to a job, each step asynchronous and with the same
 * arguments: submit it, poll it, ask the provider to stop it
 * (capabilities.can_cancel), look for what a start whose answer was lost
 * made (capabilities.can_recover). */
typedef enum {
  VITRINE_PROVIDER_STEP_SUBMIT,
  VITRINE_PROVIDER_STEP_POLL,
  VITRINE_PROVIDER_STEP_CANCEL,
  VITRINE_PROVIDER_STEP_RECOVER,
} VitrineProviderStep;

typedef void     (*VitrineProviderStepAsync)  (VitrineProvider     *self,
                                               VitrineJob          *job,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
typedef gboolean (*VitrineProviderStepFinish) (VitrineProvider     *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Submit and poll run on the main thread and update the job in place
 * (state, progress, status text, remote id, outputs). They report through
 * the GError only what went wrong on the way (a network fault, a reply that
 * could not be read): a job the provider says failed is set FAILED on the job
 * and the call succeeds. */
struct _VitrineProviderInterface
{
  GTypeInterface parent_iface;

  const char                        *(*get_id)            (VitrineProvider     *self);
  const char                        *(*get_display_name)  (VitrineProvider     *self);
  const VitrineProviderCapabilities *(*get_capabilities)  (VitrineProvider     *self);
  char                              *(*estimate_cost)     (VitrineProvider     *self,
                                                           VitrineJob          *job);
  guint                              (*get_poll_interval) (VitrineProvider     *self,
                                                           VitrineJob          *job);
  gboolean                           (*validate)          (VitrineProvider     *self,
                                                           VitrineJob          *job,
                                                           GError             **error);
  /* The steps (see VitrineProviderStep); cancel and recover are optional.
   * A finish left unset reads the step's answer as a GTask of the
   * provider's resolved with a boolean. */
  VitrineProviderStepAsync           submit_async;
  VitrineProviderStepFinish          submit_finish;
  VitrineProviderStepAsync           poll_async;
  VitrineProviderStepFinish          poll_finish;
  VitrineProviderStepAsync           cancel_async;
  VitrineProviderStepFinish          cancel_finish;
  /* Optional (with capabilities.can_recover): the program stopped after a
   * start had left (the job out of QUEUED, its idempotency key stored) and
   * before its answer came. Instead of INTERRUPTED, the provider looks for
   * what the start made and goes on from there (a replayed POST, a job found
   * in the provider's list); it ends the job INTERRUPTED itself when it
   * cannot tell. The same contract as submit. */
  VitrineProviderStepAsync           recover_async;
  VitrineProviderStepFinish          recover_finish;
  /* Optional: the price of @job in euros, when what it costs is money
   * (FALSE: credits, a job of an allowance, or not known). The sum of
   * several jobs' costs (Compare) adds these up. */
  gboolean                           (*estimate_price)    (VitrineProvider     *self,
                                                           VitrineJob          *job,
                                                           double              *euros);
  /* Optional: how long @job's video (the branded one) lasts, in seconds,
   * where the job sets it (this computer: the photos at their seconds
   * each, then the end card); 0 where the provider decides. */
  double                             (*estimate_length)   (VitrineProvider     *self,
                                                           VitrineJob          *job);
  /* Optional: whether sending @job puts files of this computer on the
   * agent's media host, which must then be set up before it is sent.
   * Unless the provider says: with capabilities.needs_urls, a photo of
   * this computer does. */
  gboolean                           (*uploads_files)     (VitrineProvider     *self,
                                                           VitrineJob          *job);
  /* Optional: @job has ended (COMPLETED, FAILED, CANCELLED or INTERRUPTED);
   * the provider lets go of what it keeps for it elsewhere (the copies of
   * its photos on the media host). Called by the monitor that saw the end,
   * on the main thread; the work goes on in the background. */
  void                               (*job_ended)         (VitrineProvider     *self,
                                                           VitrineJob          *job);
  /* Optional: whether what job_ended started is still going on (the
   * copies being deleted): a process does not exit before it is over. */
  gboolean                           (*is_busy)           (VitrineProvider     *self);
  /* Optional: @driver (the job monitor) drives @job from now on, or, when
   * NULL, no longer does. The provider reaches the job's store through it
   * (and nothing else) while it submits, polls, recovers or cancels @job. */
  void                               (*drive)             (VitrineProvider     *self,
                                                           VitrineJob          *job,
                                                           VitrineJobDriver    *driver);
};

const char                        *vitrine_provider_get_id            (VitrineProvider     *self);
const char                        *vitrine_provider_get_display_name  (VitrineProvider     *self);
const VitrineProviderCapabilities *vitrine_provider_get_capabilities  (VitrineProvider     *self);
char                              *vitrine_provider_estimate_cost     (VitrineProvider     *self,
                                                                       VitrineJob          *job);
gboolean                           vitrine_provider_estimate_price    (VitrineProvider     *self,
                                                                       VitrineJob          *job,
                                                                       double              *euros);
double                             vitrine_provider_estimate_length   (VitrineProvider     *self,
                                                                       VitrineJob          *job);
gboolean                           vitrine_provider_uploads_files     (VitrineProvider     *self,
                                                                       VitrineJob          *job);
guint                              vitrine_provider_get_poll_interval (VitrineProvider     *self,
                                                                       VitrineJob          *job);
gboolean                           vitrine_provider_validate          (VitrineProvider     *self,
                                                                       VitrineJob          *job,
                                                                       GError             **error);
/* Whether @self has @step: submit and poll always, cancel and recover
 * when the provider implements them and its capabilities allow them. */
gboolean                           vitrine_provider_has_step          (VitrineProvider     *self,
                                                                       VitrineProviderStep  step);
gboolean                           vitrine_provider_can_cancel        (VitrineProvider     *self);
void                               vitrine_provider_step_async        (VitrineProvider     *self,
                                                                       VitrineProviderStep  step,
                                                                       VitrineJob          *job,
                                                                       GCancellable        *cancellable,
                                                                       GAsyncReadyCallback  callback,
                                                                       gpointer             user_data);
gboolean                           vitrine_provider_step_finish       (VitrineProvider     *self,
                                                                       VitrineProviderStep  step,
                                                                       GAsyncResult        *result,
                                                                       GError             **error);
void                               vitrine_provider_job_ended         (VitrineProvider     *self,
                                                                       VitrineJob          *job);
void                               vitrine_provider_drive             (VitrineProvider     *self,
                                                                       VitrineJob          *job,
                                                                       VitrineJobDriver    *driver);

gboolean                           vitrine_provider_supports_ratio    (VitrineProvider     *self,
                                                                       VitrineRatio         ratio);

/* The providers of this process, by id, in the order they were declared
 * (src/providers/vitrine-providers.c lists the built-in ones, "local"
 * first). */
void                               vitrine_provider_register          (VitrineProvider     *provider);
/* What @self declared: never NULL (an empty declaration when nothing was). */
const VitrineProviderDeclaration  *vitrine_provider_get_declaration   (VitrineProvider     *self);
/* A cloud provider: it needs the network (capabilities.needs_network). */
gboolean                           vitrine_provider_is_cloud          (VitrineProvider     *self);
VitrineProvider                   *vitrine_provider_lookup            (const char          *id);
/* The provider of @job; NULL, with @error set (VITRINE_PROVIDER_ERROR_NOT_FOUND,
 * a sentence for a person), when this build does not know it. */
VitrineProvider                   *vitrine_provider_lookup_for_job    (VitrineJob          *job,
                                                                       GError             **error);
/* The name of @job's provider for a person, or its id when this build
 * does not know it. */
const char                        *vitrine_provider_name_for_job      (VitrineJob          *job);
GListModel                        *vitrine_provider_list              (void);
/* Whether a provider still carries out work for ended jobs. */
gboolean                           vitrine_provider_any_busy          (void);
/* The first provider registered: this computer (the default of every new
 * job, free and offline, and the renderer of `vitrine-cli render`). */
VitrineProvider                   *vitrine_provider_get_default       (void);

/* What @job's files are named after: its listing name (NULL when it has
 * none), followed by its provider's name when the job is one of a
 * comparison (it has a group), so that the group's videos, saved in one
 * folder, never take each other's names ("12 rue Exemple - VidGen"). */
char                              *vitrine_provider_dup_file_stem     (VitrineJob          *job);
/* The video files being written in this process, whichever provider
 * writes them: a name is taken when a file has it or a job claimed it, so
 * that two jobs of one listing (a local render, a download) never pick
 * the same name and the one ending last replaces the other's video. */
gboolean                           vitrine_provider_output_taken      (const char          *path);
void                               vitrine_provider_claim_output      (const char          *path);
void                               vitrine_provider_release_output    (const char          *path);

gboolean                           vitrine_error_is_transient         (const GError        *error);
/* Milliseconds the provider asked to wait before another try (its
 * Retry-After or RateLimit-Reset, carried by an HTTP error or by the BUSY
 * error made of it), or 0: the monitor's backoff takes it as its floor. */
guint                              vitrine_error_get_retry_after      (const GError        *error);
void                               vitrine_provider_error_set_retry_after (GError          *error,
                                                                       guint                ms);

G_END_DECLS
