/* vitrine-remote-private.h: what the steps of VitrineRemoteProvider share
 *
 * The class is split by step, one file each, all under this header:
 *
 *   vitrine-remote-provider.c  the class, its VitrineProvider vfuncs, settings,
 *                              credits, the errors every step reports, the key
 *   vitrine-remote-validate.c  the checks before any network traffic
 *   vitrine-remote-submit.c    photos prepared, files uploaded, then the start
 *   vitrine-remote-post.c      the paid POST, the default start, its answer
 *   vitrine-remote-slot.c      other jobs in the store; one job at a time
 *   vitrine-remote-recover.c   a start whose answer was lost; cancel
 *   vitrine-remote-poll.c      polls, the client timeout
 *   vitrine-remote-download.c  the videos downloaded; uploads cleaned up
 *   vitrine-remote-get.c       GETs for the window (catalogues, balances)
 *
 * A submit, poll, recover or cancel is one GTask whose task data
 * (VitrineRemoteOp) carries the job through its steps. Nothing here is for
 * the providers' own folders: they use vitrine-remote-provider.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-remote-provider.h"

G_BEGIN_DECLS

typedef struct {
  double      credits_left;
  gboolean    has_credits;
  GHashTable *bad_replies;    /* job id → consecutive unreadable polls */
  GHashTable *drivers;        /* VitrineJob * → its VitrineJobDriver * (unowned: it
                               * takes itself back before it goes) */
} VitrineRemoteProviderPrivate;

#define GET_CLASS(self) VITRINE_REMOTE_PROVIDER_GET_CLASS (self)
#define INFO(self) (GET_CLASS (self)->info)

/* One submit or poll in progress. */
typedef struct {
  VitrineJob          *job;
  char                *api_key;
  VitrineRemoteMedia   media;
  VitrineRemoteStatus  status;
  GPtrArray           *pending;   /* char ** slots of media still to upload */
  guint                index;     /* the upload or download under way */
  void               (*next) (GTask *task);  /* the step after the key lookup */
  char                *path;      /* the download under way */
} VitrineRemoteOp;

#define TASK_OP(task) ((VitrineRemoteOp *) g_task_get_task_data (task))
#define TASK_SELF(task) VITRINE_REMOTE_PROVIDER (g_task_get_source_object (task))

/* vitrine-remote-provider.c */
VitrineRemoteProviderPrivate *vitrine_remote_provider_get_priv (VitrineRemoteProvider *self);
void      vitrine_remote_media_clear        (VitrineRemoteMedia     *media);
void      vitrine_remote_op_free            (VitrineRemoteOp        *op);
/* A GTask (source object @self) whose task data is a new op for @job. */
GTask    *vitrine_remote_op_new             (VitrineRemoteProvider  *self,
                                             VitrineJob             *job,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data,
                                             gpointer                source_tag);
/* Runs @call on @job; its answer (a boolean) comes to @callback. */
void      vitrine_remote_call_job           (VitrineRemoteProvider  *self,
                                             VitrineRemoteJobCall    call,
                                             VitrineJob             *job,
                                             const char             *api_key,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
/* Defines @name, a VitrineProvider async vfunc (submit, recover, cancel)
 * whose task (source tag @name) looks the API key up, then goes on with
 * @next. */
#define VITRINE_REMOTE_KEYED_ASYNC(name, next)                                          \
  void                                                                                 \
  name (VitrineProvider     *provider,                                                 \
        VitrineJob          *job,                                                      \
        GCancellable        *cancellable,                                              \
        GAsyncReadyCallback  callback,                                                 \
        gpointer             user_data)                                                \
  {                                                                                    \
    vitrine_remote_with_key (vitrine_remote_op_new (VITRINE_REMOTE_PROVIDER (provider), \
                                                    job, cancellable, callback,        \
                                                    user_data, name), next);           \
  }

/* Looks the API key up (into the op), then goes on with @next. */
void      vitrine_remote_with_key           (GTask                  *task,
                                             void                  (*next) (GTask *task));
/* The key of a vitrine_secrets_lookup_async(), or NULL with the error to
 * report ("Add your … API key in Preferences."). */
char     *vitrine_remote_lookup_key_finish  (VitrineRemoteProvider  *self,
                                             VitrineJob             *job,
                                             GAsyncResult           *result,
                                             GError                **error);
/* A number from $VITRINE_<ID>_<SUFFIX>, or -1. */
double    vitrine_remote_env_number         (VitrineRemoteProvider  *self,
                                             const char             *suffix);
gboolean  vitrine_remote_is_cancelled       (const GError           *error);
/* A fault worth another try later: the monitor backs off on BUSY. */
GError   *vitrine_remote_busy_error         (VitrineRemoteProvider  *self,
                                             const GError           *cause);
/* When *@error is worth another try (a network fault, a timeout, 408,
 * 429 or 5xx), replaces it with vitrine_remote_busy_error()'s and returns
 * TRUE. */
gboolean  vitrine_remote_make_busy          (VitrineRemoteProvider  *self,
                                             GError                **error);
/* "<Provider> refused the API key. Check it in Preferences." (AUTH). */
GError   *vitrine_remote_refused_key_error  (VitrineRemoteProvider  *self,
                                             VitrineJob             *job);
/* A job the provider accepted whose key is refused (@cause NULL) or
 * missing (@cause): paused as needing attention, its remote id kept; the
 * BUSY error to report (the monitor tries again with backoff). */
GError   *vitrine_remote_pause_for_key      (VitrineRemoteProvider  *self,
                                             VitrineJob             *job,
                                             const GError           *cause);
/* Ends @job INTERRUPTED: a paid POST whose answer is lost. */
void      vitrine_remote_interrupt_job      (VitrineRemoteProvider  *self,
                                             VitrineJob             *job,
                                             const char             *detail);

/* vitrine-remote-validate.c */
/* The job option "cover", 0 when missing or unreadable. */
guint     vitrine_remote_cover_index        (VitrineJob             *job);
gboolean  vitrine_remote_provider_validate  (VitrineProvider        *provider,
                                             VitrineJob             *job,
                                             GError                **error);

/* vitrine-remote-submit.c */
/* The submit from its first step (PREPARING), the key looked up. */
void      vitrine_remote_submit_prepare     (GTask                  *task);
gboolean  vitrine_remote_provider_uploads_files (VitrineProvider  *provider,
                                                VitrineJob       *job);
void      vitrine_remote_provider_submit_async (VitrineProvider     *provider,
                                                VitrineJob          *job,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* vitrine-remote-post.c */
/* The provider's own start when it has one (several POSTs), else the
 * single POST of the default start. */
void      vitrine_remote_send_async         (VitrineRemoteProvider     *self,
                                             VitrineJob                *job,
                                             const VitrineRemoteMedia  *media,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data);
gboolean  vitrine_remote_send_finish        (VitrineRemoteProvider     *self,
                                             GAsyncResult              *result,
                                             GError                   **error);

/* The last look before a paid POST leaves (every paid POST goes through
 * vitrine_remote_provider_post_async(), which calls this right before the
 * request is sent): fails with G_IO_ERROR_CANCELLED when the submit was
 * cancelled or the job ended meanwhile. Checks that must hold the POST
 * (the lease, a durable write) belong here. */
void      vitrine_remote_before_post_async  (VitrineRemoteProvider     *self,
                                             VitrineJob                *job,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data);
gboolean  vitrine_remote_before_post_finish (VitrineRemoteProvider     *self,
                                             GAsyncResult              *result,
                                             GError                   **error);

/* vitrine-remote-slot.c */
/* Whether another job of @job's provider holds the provider's one slot. */
gboolean  vitrine_remote_own_job_running    (VitrineRemoteProvider  *self,
                                             VitrineJob             *job);
/* @job waits for the provider's one slot (one_active_job); @task is
 * returned when it is free. */
void      vitrine_remote_slot_wait          (VitrineRemoteProvider  *self,
                                             VitrineJob             *job,
                                             GTask                  *task);

/* vitrine-remote-recover.c */
/* A start whose answer was lost, the key looked up. */
void      vitrine_remote_recover_start      (GTask                  *task);
void      vitrine_remote_provider_recover_async (VitrineProvider     *provider,
                                                 VitrineJob          *job,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
void      vitrine_remote_provider_cancel_async  (VitrineProvider     *provider,
                                                 VitrineJob          *job,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

/* vitrine-remote-poll.c */
void      vitrine_remote_provider_poll_async (VitrineProvider     *provider,
                                              VitrineJob          *job,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* vitrine-remote-download.c */
/* Records the result URLs of a completed job as its outputs (before any
 * byte is fetched; NULL entries skipped, the others keep their labels). */
void      vitrine_remote_record_outputs     (VitrineRemoteProvider  *self,
                                             VitrineJob             *job,
                                             GPtrArray              *videos);
/* Downloads the job's outputs not yet saved, from op->index on, then
 * COMPLETED; a failure pauses the job (it never fails it). */
void      vitrine_remote_download_next      (GTask                  *task);
/* A job that uploaded files and has ended leaves them to the media host's
 * rule (deleted now, or after keep-days). */
void      vitrine_remote_cleanup_uploads    (VitrineJob             *job);
gboolean  vitrine_remote_cleanups_pending   (void);

G_END_DECLS
