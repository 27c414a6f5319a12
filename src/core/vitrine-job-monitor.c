/* vitrine-job-monitor.c: the one place with timers, backoff and the offline pause
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-backoff.h"
#include "vitrine-job-monitor.h"
#include "vitrine-provider.h"

#define TAKEOVER_INTERVAL_S 2

struct _VitrineJobMonitor
{
  GObject          parent_instance;

  VitrineJobStore *store;
  GHashTable      *tracked;   /* job id → Tracked */
  char            *only_id;   /* drive this job only, when set */
  guint            n_cancels; /* provider cancels not answered yet */
  GNetworkMonitor *network;
  guint            takeover_id;
  gulong           items_changed_id;
  gulong           lease_lost_id;
  gulong           network_changed_id;
};

static void vitrine_job_monitor_driver_init (VitrineJobDriverInterface *iface);

/* The monitor is the driver its providers reach the store through. */
G_DEFINE_FINAL_TYPE_WITH_CODE (VitrineJobMonitor, vitrine_job_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VITRINE_TYPE_JOB_DRIVER,
                                                      vitrine_job_monitor_driver_init))

static VitrineJobStore *
vitrine_job_monitor_driver_get_store (VitrineJobDriver *driver)
{
  return VITRINE_JOB_MONITOR (driver)->store;
}

static void
vitrine_job_monitor_driver_init (VitrineJobDriverInterface *iface)
{
  iface->get_store = vitrine_job_monitor_driver_get_store;
}

/* What the monitor knows of one unfinished job. */
typedef struct {
  VitrineJobMonitor *monitor;   /* unowned: the monitor owns this */
  VitrineJob        *job;
  VitrineProvider   *provider;
  GCancellable      *cancellable;
  guint              timeout_id;
  guint              attempt;   /* consecutive transient failures */
  gulong             state_id;
  gboolean           in_flight;
  gboolean           paused;    /* waiting for the network */
  gboolean           cancelling; /* this process asked the provider to cancel */
  gboolean           cancel_pending; /* cancel once the start's answer gives an id */
  gboolean           held;      /* waits for a person (VITRINE_PROVIDER_ERROR_ATTENTION) */
  gulong             options_id;
} Tracked;

/* A job and the monitor that started something for it: what a callback
 * needs. The monitor is held weakly (it may go first); the cancel of a
 * provider holds it strongly (see is_busy). */
typedef struct {
  GWeakRef             monitor;
  VitrineJob          *job;
  VitrineProviderStep  step;   /* what was started */
} JobRef;

static JobRef *
job_ref_new (VitrineJobMonitor   *monitor,
             VitrineJob          *job,
             VitrineProviderStep  step)
{
  JobRef *ref = g_new0 (JobRef, 1);

  g_weak_ref_init (&ref->monitor, monitor);
  ref->job = g_object_ref (job);
  ref->step = step;
  return ref;
}

static void
job_ref_free (JobRef *ref)
{
  g_weak_ref_clear (&ref->monitor);
  g_object_unref (ref->job);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JobRef, job_ref_free)

static void vitrine_job_monitor_schedule (Tracked *tracked,
                                          guint    delay_ms);

static void
tracked_free (Tracked *tracked)
{
  vitrine_provider_drive (tracked->provider, tracked->job, NULL);
  if (tracked->monitor->store != NULL)
    vitrine_job_store_release (tracked->monitor->store, tracked->job);
  g_cancellable_cancel (tracked->cancellable);
  g_clear_handle_id (&tracked->timeout_id, g_source_remove);
  g_clear_signal_handler (&tracked->state_id, tracked->job);
  g_clear_signal_handler (&tracked->options_id, tracked->job);
  g_clear_object (&tracked->cancellable);
  g_clear_object (&tracked->job);
  g_free (tracked);
}

/* Stops driving @job; when it has ended, its provider lets go of what it
 * keeps for it (the copies of its photos on the media host). */
static void
vitrine_job_monitor_untrack (VitrineJobMonitor *self,
                             VitrineJob        *job)
{
  Tracked *tracked = g_hash_table_lookup (self->tracked, vitrine_job_get_id (job));

  if (tracked != NULL && vitrine_job_is_finished (job))
    vitrine_provider_job_ended (tracked->provider, job);
  g_hash_table_remove (self->tracked, vitrine_job_get_id (job));
}

/* Ends the job with @error unless it is a cancel (which never reaches a person). */
static void
vitrine_job_monitor_fail (Tracked      *tracked,
                          const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("Job %s failed: %s", vitrine_job_get_id (tracked->job), error->message);
  if (!vitrine_job_is_finished (tracked->job))
    vitrine_job_fail (tracked->job, error->message);
}

/* A Retry-After longer than this is taken as this: a server's date far
 * off (or a clock gone wrong) never parks a paid job for days. */
#define MAX_RETRY_AFTER_MS (60 * 60 * 1000)

/* After a transient fault: try again later, further apart each time, and
 * never sooner than the provider asked (Retry-After, RateLimit-Reset). */
static void
vitrine_job_monitor_back_off (Tracked      *tracked,
                              const GError *error)
{
  guint base = vitrine_provider_get_poll_interval (tracked->provider, tracked->job);
  guint hint = MIN (vitrine_error_get_retry_after (error), MAX_RETRY_AFTER_MS);
  guint delay = vitrine_backoff_delay (base, ++tracked->attempt, hint);

  g_debug ("Job %s: %s; retrying in %u ms", vitrine_job_get_id (tracked->job),
           error->message, delay);
  vitrine_job_monitor_schedule (tracked, delay);
}

static Tracked *
vitrine_job_monitor_lookup (VitrineJobMonitor *self,
                            VitrineJob        *job)
{
  Tracked *tracked = g_hash_table_lookup (self->tracked, vitrine_job_get_id (job));

  return tracked != NULL && tracked->job == job ? tracked : NULL;
}

static void vitrine_job_monitor_request_cancel (VitrineJobMonitor *self,
                                                VitrineProvider   *provider,
                                                VitrineJob        *job);

/* A cancel asked while the start was on its way (VidGen: no cancel without
 * the provider's id): carried out once its answer is in. */
static void
vitrine_job_monitor_cancel_after_start (Tracked *tracked)
{
  VitrineJob *job = tracked->job;

  tracked->cancel_pending = FALSE;
  if (vitrine_job_is_finished (job))
    return;
  if (vitrine_job_get_remote_id (job) != NULL)
    {
      tracked->cancelling = TRUE;
      vitrine_job_monitor_request_cancel (tracked->monitor, tracked->provider, job);
    }
  else if (!vitrine_job_is_sent (job))
    vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
}

/* The paid start of @tracked's job is on its way: in flight, the POST
 * marked, no id yet. */
static gboolean
tracked_awaits_start (Tracked *tracked)
{
  return tracked->in_flight && vitrine_provider_get_capabilities (tracked->provider)->is_paid &&
         vitrine_job_get_remote_id (tracked->job) == NULL &&
         vitrine_job_get_option (tracked->job, VITRINE_JOB_OPTION_SUBMITTED_AT) != NULL &&
         !vitrine_job_is_finished (tracked->job);
}

/* What follows a submit or a poll, once the provider has answered. */
static void
vitrine_job_monitor_step_done (JobRef       *ref,
                               gboolean      ok,
                               const GError *error,
                               gboolean      was_submit)
{
  g_autoptr(VitrineJobMonitor) self = g_weak_ref_get (&ref->monitor);
  VitrineJob *job = ref->job;
  Tracked *tracked;

  if (self == NULL || !(tracked = vitrine_job_monitor_lookup (self, job)))
    return; /* untracked meanwhile (cancelled, removed, finished) */

  tracked->in_flight = FALSE;
  if (!vitrine_job_get_followed (job))
    {
      /* Stop Waiting while its paid start was on its way: the answer (the
       * provider's id) is kept on the job, then it is left alone. */
      vitrine_job_monitor_untrack (self, job);
      return;
    }
  if (g_error_matches (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_LEASE_LOST))
    {
      /* The guard of a paid POST found another process driving the job. */
      g_debug ("Job %s: %s", vitrine_job_get_id (job), error->message);
      vitrine_job_monitor_untrack (self, job);
      return;
    }
  if (tracked->cancel_pending)
    {
      vitrine_job_monitor_cancel_after_start (tracked);
      /* A cancel that ended the job has untracked it (and freed @tracked)
       * through its state's notify: nothing more to do. */
      if (vitrine_job_monitor_lookup (self, job) == NULL)
        return;
    }
  /* A submit is retried only while the job is still QUEUED: a provider that
   * may have sent a paid request moves the job on (SUBMITTED, INTERRUPTED)
   * before it reports, so nothing is ever posted twice from here. */
  if (!ok && g_error_matches (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_ATTENTION))
    {
      /* Paused until a person acts (vitrine_job_monitor_follow_job). */
      g_debug ("Job %s waits: %s", vitrine_job_get_id (job), error->message);
      tracked->held = TRUE;
      vitrine_job_set_option (job, VITRINE_JOB_OPTION_HELD, "1");
    }
  else if (!ok && vitrine_error_is_transient (error) &&
      (!was_submit || vitrine_job_get_state (job) == VITRINE_JOB_STATE_QUEUED))
    vitrine_job_monitor_back_off (tracked, error);
  else if (!ok)
    vitrine_job_monitor_fail (tracked, error);
  else
    {
      tracked->attempt = 0;
      if (!vitrine_job_is_finished (job))
        vitrine_job_monitor_schedule (tracked,
                                      vitrine_provider_get_poll_interval (tracked->provider, job));
    }

  if (vitrine_job_is_finished (job))
    vitrine_job_monitor_untrack (self, job);
}

/* A submit, a poll or a recovery has answered. A recovery is like a
 * submit: retried later only if it put the job back in QUEUED. */
static void
vitrine_job_monitor_step_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(JobRef) ref = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = vitrine_provider_step_finish (VITRINE_PROVIDER (object), ref->step, result, &error);

  vitrine_job_monitor_step_done (ref, ok, error, ref->step != VITRINE_PROVIDER_STEP_POLL);
}

/* Starts @step of @tracked's job; its answer comes to step_cb. */
static void
vitrine_job_monitor_start_step (Tracked             *tracked,
                                VitrineProviderStep  step)
{
  tracked->in_flight = TRUE;
  vitrine_provider_step_async (tracked->provider, step, tracked->job, tracked->cancellable,
                               vitrine_job_monitor_step_cb,
                               job_ref_new (tracked->monitor, tracked->job, step));
}

static gboolean
vitrine_job_monitor_network_ok (VitrineJobMonitor *self,
                                Tracked           *tracked)
{
  return !vitrine_provider_get_capabilities (tracked->provider)->needs_network ||
         g_network_monitor_get_network_available (self->network);
}

/* A paid job stopped on its way to the provider, with no answer (no remote
 * id): the program stopped, or another one drove it until it stopped.
 * Without the "about to POST" mark (on disk before any POST leaves) the
 * POST never left: the job starts again from QUEUED, with the same key.
 * With it, the request may have been charged: never post it again blindly.
 * A provider that can look for what it made (a replayed POST, its job
 * list) recovers it; else the job is INTERRUPTED. TRUE when that was done
 * here. */
static gboolean
vitrine_job_monitor_resume_unanswered (Tracked *tracked)
{
  VitrineJob *job = tracked->job;

  if (vitrine_job_get_state (job) == VITRINE_JOB_STATE_QUEUED ||
      vitrine_job_get_remote_id (job) != NULL ||
      !vitrine_provider_get_capabilities (tracked->provider)->is_paid)
    return FALSE;

  if (vitrine_job_get_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT) == NULL)
    {
      vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);
      return FALSE;
    }
  if (vitrine_provider_has_step (tracked->provider, VITRINE_PROVIDER_STEP_RECOVER))
    {
      vitrine_job_monitor_start_step (tracked, VITRINE_PROVIDER_STEP_RECOVER);
      return TRUE;
    }
  vitrine_job_set_error_message (job, _("Vitrine stopped while the job was being sent. "
                                        "Check your provider account before retrying."));
  vitrine_job_set_state (job, VITRINE_JOB_STATE_INTERRUPTED);
  return TRUE;
}

/* One step of a job: submit it if it was never sent, else poll it. */
static gboolean
vitrine_job_monitor_step (gpointer user_data)
{
  Tracked *tracked = user_data;
  VitrineJobMonitor *self = tracked->monitor;
  VitrineJob *job = tracked->job;
  g_autoptr(GError) error = NULL;

  tracked->timeout_id = 0;
  if (tracked->in_flight || tracked->held || vitrine_job_is_finished (job))
    return G_SOURCE_REMOVE;

  if (!vitrine_job_monitor_network_ok (self, tracked))
    {
      g_debug ("Job %s waits for the network", vitrine_job_get_id (job));
      tracked->paused = TRUE;
      return G_SOURCE_REMOVE;
    }
  tracked->paused = FALSE;

  if (vitrine_job_monitor_resume_unanswered (tracked))
    return G_SOURCE_REMOVE;

  if (vitrine_job_get_state (job) != VITRINE_JOB_STATE_QUEUED)
    vitrine_job_monitor_start_step (tracked, VITRINE_PROVIDER_STEP_POLL);
  else if (vitrine_provider_validate (tracked->provider, job, &error))
    vitrine_job_monitor_start_step (tracked, VITRINE_PROVIDER_STEP_SUBMIT);
  else
    vitrine_job_monitor_fail (tracked, error);

  return G_SOURCE_REMOVE;
}

static void
vitrine_job_monitor_schedule (Tracked *tracked,
                              guint    delay_ms)
{
  g_clear_handle_id (&tracked->timeout_id, g_source_remove);
  /* Default priority: an animation that redraws every frame must not keep
   * a job from starting (an idle would wait behind it forever). */
  if (delay_ms == 0)
    tracked->timeout_id = g_idle_add_full (G_PRIORITY_DEFAULT, vitrine_job_monitor_step, tracked, NULL);
  else
    tracked->timeout_id = g_timeout_add (delay_ms, vitrine_job_monitor_step, tracked);
  g_source_set_name_by_id (tracked->timeout_id, "[vitrine] job step");
}

typedef struct {
  VitrineJobMonitor *monitor;
  VitrineJob        *job;
} CancelData;

static void vitrine_job_monitor_cancel_cb (GObject      *object,
                                           GAsyncResult *result,
                                           gpointer      user_data);

/* Asks the provider to stop @job; counted until it answers (see is_busy). */
static void
vitrine_job_monitor_request_cancel (VitrineJobMonitor *self,
                                    VitrineProvider   *provider,
                                    VitrineJob        *job)
{
  CancelData *data = g_new0 (CancelData, 1);

  data->monitor = g_object_ref (self);
  data->job = g_object_ref (job);
  self->n_cancels++;
  vitrine_provider_step_async (provider, VITRINE_PROVIDER_STEP_CANCEL, job, NULL,
                               vitrine_job_monitor_cancel_cb, data);
}

static void
vitrine_job_monitor_state_changed_cb (VitrineJob *job,
                                      GParamSpec *pspec,
                                      Tracked    *tracked)
{
  if (!vitrine_job_is_finished (job))
    return;

  /* Ended before its paid request left (vitrine-cli cancel while the photos
   * are prepared or uploaded): stop everything now. */
  if (!vitrine_job_is_sent (job))
    g_cancellable_cancel (tracked->cancellable);

  /* Cancelled from elsewhere (vitrine-cli cancel, through the store) while
   * this process drives it: stop the render or tell the provider. */
  if (vitrine_job_get_state (job) == VITRINE_JOB_STATE_CANCELLED && !tracked->cancelling &&
      vitrine_provider_can_cancel (tracked->provider))
    {
      tracked->cancelling = TRUE;
      vitrine_job_monitor_request_cancel (tracked->monitor, tracked->provider, job);
    }
  if (!tracked->in_flight)
    vitrine_job_monitor_untrack (tracked->monitor, job);
}

static void vitrine_job_monitor_options_changed_cb (VitrineJob *job,
                                                    GParamSpec *pspec,
                                                    Tracked    *tracked);

static void
vitrine_job_monitor_track (VitrineJobMonitor *self,
                           VitrineJob        *job)
{
  g_autoptr(GError) error = NULL;
  VitrineProvider *provider;
  Tracked *tracked;

  if (vitrine_job_is_finished (job) || !vitrine_job_get_followed (job) ||
      (self->only_id != NULL && !g_str_equal (self->only_id, vitrine_job_get_id (job))) ||
      g_hash_table_contains (self->tracked, vitrine_job_get_id (job)))
    return;

  provider = vitrine_provider_lookup_for_job (job, &error);
  if (provider == NULL)
    {
      vitrine_job_fail (job, error->message);
      return;
    }

  /* Another process drives it: leave it, and look again later (takeover). */
  if (!vitrine_job_store_acquire (self->store, job))
    return;

  tracked = g_new0 (Tracked, 1);
  tracked->monitor = self;
  tracked->job = g_object_ref (job);
  tracked->provider = provider;
  tracked->cancellable = g_cancellable_new ();
  tracked->state_id = g_signal_connect (job, "notify::state",
                                        G_CALLBACK (vitrine_job_monitor_state_changed_cb),
                                        tracked);
  tracked->options_id = g_signal_connect (job, "notify::options",
                                          G_CALLBACK (vitrine_job_monitor_options_changed_cb),
                                          tracked);
  g_hash_table_insert (self->tracked, g_strdup (vitrine_job_get_id (job)), tracked);
  /* The provider reaches the store through this monitor while it drives the job. */
  vitrine_provider_drive (provider, job, VITRINE_JOB_DRIVER (self));
  /* Paused for the agent before a restart: it still waits for them. */
  tracked->held = vitrine_job_get_option (job, VITRINE_JOB_OPTION_HELD) != NULL &&
                  vitrine_job_get_attention (job) != NULL;
  if (!tracked->held)
    vitrine_job_monitor_schedule (tracked, 0);
  /* Asked while no process drove it. */
  if (vitrine_job_get_cancel_requested (job))
    vitrine_job_monitor_cancel_job (self, job);
}

static void
vitrine_job_monitor_items_changed_cb (VitrineJobMonitor *self,
                                      guint              position,
                                      guint              removed,
                                      guint              added,
                                      GListModel        *model)
{
  GHashTableIter iter;
  Tracked *tracked;

  /* Forget jobs that left the store. */
  if (removed > 0)
    {
      g_hash_table_iter_init (&iter, self->tracked);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tracked))
        {
          if (vitrine_job_store_lookup (self->store, vitrine_job_get_id (tracked->job)) == NULL)
            g_hash_table_iter_remove (&iter);
        }
    }

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (model, i);

      vitrine_job_monitor_track (self, job);
    }
}

static void
vitrine_job_monitor_network_changed_cb (VitrineJobMonitor *self,
                                        gboolean           available,
                                        GNetworkMonitor   *network)
{
  GHashTableIter iter;
  Tracked *tracked;

  if (!available)
    return;
  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tracked))
    {
      if (tracked->paused)
        vitrine_job_monitor_schedule (tracked, 0);
    }
}

/* Another process took the lease of a job this one drives (this one was
 * stopped past its expiry): stop driving it; the takeover timer tries
 * again should that process go away in turn. */
static void
vitrine_job_monitor_lease_lost_cb (VitrineJobMonitor *self,
                                   VitrineJob        *job,
                                   VitrineJobStore   *store)
{
  vitrine_job_monitor_untrack (self, job);
}

/* Jobs whose driver (another process) went away are taken over. */
static gboolean
vitrine_job_monitor_takeover_cb (gpointer data)
{
  VitrineJobMonitor *self = data;
  GListModel *model = G_LIST_MODEL (self->store);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (model, i);

      if (!vitrine_job_is_finished (job))
        vitrine_job_monitor_track (self, job);
    }
  return G_SOURCE_CONTINUE;
}

static void
vitrine_job_monitor_dispose (GObject *object)
{
  VitrineJobMonitor *self = (VitrineJobMonitor *) object;

  g_clear_handle_id (&self->takeover_id, g_source_remove);
  g_clear_signal_handler (&self->items_changed_id, self->store);
  g_clear_signal_handler (&self->lease_lost_id, self->store);
  g_clear_signal_handler (&self->network_changed_id, self->network);
  if (self->tracked != NULL)
    g_hash_table_remove_all (self->tracked);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vitrine_job_monitor_parent_class)->dispose (object);
}

static void
vitrine_job_monitor_finalize (GObject *object)
{
  VitrineJobMonitor *self = (VitrineJobMonitor *) object;

  g_hash_table_unref (self->tracked);
  g_free (self->only_id);
  G_OBJECT_CLASS (vitrine_job_monitor_parent_class)->finalize (object);
}

static void
vitrine_job_monitor_class_init (VitrineJobMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_job_monitor_dispose;
  object_class->finalize = vitrine_job_monitor_finalize;
}

static void
vitrine_job_monitor_init (VitrineJobMonitor *self)
{
  self->tracked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) tracked_free);
}

/**
 * vitrine_job_monitor_new:
 *
 * Returns: (transfer full): a monitor driving the jobs of @store.
 */
VitrineJobMonitor *
vitrine_job_monitor_new (VitrineJobStore *store)
{
  return vitrine_job_monitor_new_for_job (store, NULL);
}

/**
 * vitrine_job_monitor_new_for_job:
 * @job: (nullable): the one job to drive; %NULL for all
 *
 * Returns: (transfer full): a monitor driving @job of @store.
 */
VitrineJobMonitor *
vitrine_job_monitor_new_for_job (VitrineJobStore *store,
                                 VitrineJob      *job)
{
  VitrineJobMonitor *self;
  guint n;

  g_return_val_if_fail (VITRINE_IS_JOB_STORE (store), NULL);
  g_return_val_if_fail (job == NULL || VITRINE_IS_JOB (job), NULL);

  self = g_object_new (VITRINE_TYPE_JOB_MONITOR, NULL);
  self->only_id = job != NULL ? g_strdup (vitrine_job_get_id (job)) : NULL;
  self->store = g_object_ref (store);
  self->network = g_network_monitor_get_default ();
  self->items_changed_id =
    g_signal_connect_object (store, "items-changed",
                             G_CALLBACK (vitrine_job_monitor_items_changed_cb),
                             self, G_CONNECT_SWAPPED);
  self->lease_lost_id =
    g_signal_connect_object (store, "lease-lost",
                             G_CALLBACK (vitrine_job_monitor_lease_lost_cb),
                             self, G_CONNECT_SWAPPED);
  self->network_changed_id =
    g_signal_connect_object (self->network, "network-changed",
                             G_CALLBACK (vitrine_job_monitor_network_changed_cb),
                             self, G_CONNECT_SWAPPED);

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  vitrine_job_monitor_items_changed_cb (self, 0, 0, n, G_LIST_MODEL (store));
  self->takeover_id = g_timeout_add_seconds (TAKEOVER_INTERVAL_S, vitrine_job_monitor_takeover_cb, self);
  g_source_set_name_by_id (self->takeover_id, "[vitrine] job takeover");
  return self;
}

/* Says why a cancel asked of the job cannot stop it, where the job shows
 * (the status list, vitrine-cli cancel and wait); the job goes on. */
static void
refuse_cancel (VitrineJob *job,
               const char *why)
{
  g_autofree char *refused = g_strdup_printf (_("%s. Vitrine keeps following the job."), why);

  vitrine_job_set_status_text (job, why);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_CANCEL_REFUSED, refused);
}

static void
vitrine_job_monitor_cancel_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  CancelData *data = user_data;
  g_autoptr(VitrineJobMonitor) self = data->monitor;
  g_autoptr(VitrineJob) job = data->job;
  g_autoptr(GError) error = NULL;
  Tracked *tracked;

  g_free (data);
  self->n_cancels--;

  /* Still cancelling while the answer is written: the request it answers
   * must not start another cancel meanwhile (options_changed_cb). */
  if (!vitrine_provider_step_finish (VITRINE_PROVIDER (object), VITRINE_PROVIDER_STEP_CANCEL,
                                     result, &error))
    {
      /* Too late to cancel (the provider already started): the job goes on,
       * followed as before, and says so (to vitrine-cli cancel too). */
      g_debug ("Cancel of %s refused: %s", vitrine_job_get_id (job), error->message);
      refuse_cancel (job, error->message);
    }
  vitrine_job_set_cancel_requested (job, FALSE);
  if ((tracked = vitrine_job_monitor_lookup (self, job)) != NULL)
    tracked->cancelling = FALSE;
}

/* The provider of @job when its request has left, else NULL (nothing
 * sent can be stopped or removed freely). */
static VitrineProvider *
sent_provider (VitrineJobMonitor *self,
               VitrineJob        *job)
{
  g_return_val_if_fail (VITRINE_IS_JOB_MONITOR (self), NULL);
  g_return_val_if_fail (VITRINE_IS_JOB (job), NULL);

  if (!vitrine_job_is_sent (job))
    return NULL;
  return vitrine_provider_lookup (vitrine_job_get_provider_id (job));
}

gboolean
vitrine_job_monitor_can_stop (VitrineJobMonitor *self,
                              VitrineJob        *job)
{
  VitrineProvider *provider = sent_provider (self, job);

  return provider == NULL || vitrine_provider_can_cancel (provider);
}

gboolean
vitrine_job_monitor_can_remove (VitrineJobMonitor *self,
                                VitrineJob        *job)
{
  VitrineProvider *provider = sent_provider (self, job);

  return vitrine_job_is_finished (job) || provider == NULL ||
         !vitrine_provider_get_capabilities (provider)->is_paid;
}

void
vitrine_job_monitor_cancel_job (VitrineJobMonitor *self,
                                VitrineJob        *job)
{
  VitrineProvider *provider;
  Tracked *tracked;

  g_return_if_fail (VITRINE_IS_JOB_MONITOR (self));
  g_return_if_fail (VITRINE_IS_JOB (job));

  if (vitrine_job_is_finished (job))
    return;

  provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  tracked = vitrine_job_monitor_lookup (self, job);
  if (tracked == NULL && vitrine_job_is_sent (job))
    {
      /* Another process drives it and its request has left: that process
       * carries the cancel out (through the store), or says why not. */
      vitrine_job_set_cancel_requested (job, TRUE);
      return;
    }
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_CANCEL_REFUSED, NULL);
  /* The provider stops what it has: a paid job once its request left, a
   * free one (the local render) once it started. Before a paid request
   * leaves, stopping here is enough (below). */
  if (tracked != NULL && vitrine_provider_can_cancel (provider) &&
      vitrine_job_get_state (job) != VITRINE_JOB_STATE_QUEUED &&
      (vitrine_job_is_sent (job) || !vitrine_provider_get_capabilities (provider)->is_paid))
    {
      if (vitrine_job_get_remote_id (job) == NULL && tracked->in_flight)
        {
          /* The start is on its way: no cancel without the provider's id. */
          tracked->cancel_pending = TRUE;
          return;
        }
      tracked->cancelling = TRUE;
      /* The provider ends the job CANCELLED, or says why it cannot. */
      vitrine_job_monitor_request_cancel (self, provider, job);
      return;
    }
  if (vitrine_job_is_sent (job) && provider != NULL)
    {
      /* Nothing can stop the charge: the caller asks the agent first
       * (vitrine_job_monitor_can_stop()) and stops following it instead.
       * A request from a process that asked before it saw the request
       * leave (vitrine_job_store_cancel_too_late()) is answered here. */
      g_debug ("Job %s cannot be stopped", vitrine_job_get_id (job));
      if (vitrine_job_get_cancel_requested (job))
        {
          /* Translators: %s is the provider's name */
          g_autofree char *why = g_strdup_printf (_("%s cannot stop a video it has started; "
                                                    "it will still be charged"),
                                                  vitrine_provider_get_display_name (provider));

          refuse_cancel (job, why);
          vitrine_job_set_cancel_requested (job, FALSE);
        }
      return;
    }

  /* Nothing sent yet, or a job another process drives before its request
   * left (it sees the new state through the store): stop it now. */
  if (tracked != NULL)
    g_cancellable_cancel (tracked->cancellable);
  vitrine_job_monitor_untrack (self, job);
  vitrine_job_set_cancel_requested (job, FALSE);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
  if (provider != NULL && vitrine_job_is_finished (job))
    vitrine_provider_job_ended (provider, job);
}

void
vitrine_job_monitor_follow_job (VitrineJobMonitor *self,
                                VitrineJob        *job)
{
  Tracked *tracked;

  g_return_if_fail (VITRINE_IS_JOB_MONITOR (self));
  g_return_if_fail (VITRINE_IS_JOB (job));

  vitrine_job_set_option (job, VITRINE_JOB_OPTION_HELD, NULL);
  vitrine_job_set_attention (job, NULL);
  vitrine_job_set_followed (job, TRUE);
  if ((tracked = vitrine_job_monitor_lookup (self, job)) == NULL)
    {
      vitrine_job_monitor_track (self, job);
      /* Another process drives it: the request reaches it through the
       * store, as a token a lost write conflict never drops. */
      if (vitrine_job_monitor_lookup (self, job) == NULL && !vitrine_job_is_finished (job))
        vitrine_job_set_follow_requested (job, TRUE);
      return;
    }
  vitrine_job_set_follow_requested (job, FALSE);
  tracked->held = FALSE;
  tracked->attempt = 0;
  if (!tracked->in_flight)
    vitrine_job_monitor_schedule (tracked, 0);
}

gboolean
vitrine_job_monitor_resume_job (VitrineJobMonitor *self,
                                VitrineJob        *job)
{
  VitrineProvider *provider;
  VitrineJobState state;
  GPtrArray *outputs;
  gboolean has_urls = FALSE;

  g_return_val_if_fail (VITRINE_IS_JOB_MONITOR (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);

  /* Only a paid job: a free one is simply made again. */
  provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  state = vitrine_job_get_state (job);
  if (provider == NULL || !vitrine_provider_get_capabilities (provider)->is_paid ||
      (state != VITRINE_JOB_STATE_FAILED && state != VITRINE_JOB_STATE_INTERRUPTED) ||
      vitrine_job_get_option (job, VITRINE_JOB_OPTION_REMOTE_ENDED) != NULL)
    return FALSE;
  outputs = vitrine_job_get_outputs (job);
  for (guint i = 0; i < outputs->len; i++)
    has_urls |= ((VitrineJobOutput *) g_ptr_array_index (outputs, i))->url != NULL;
  if (!has_urls && vitrine_job_get_remote_id (job) == NULL)
    return FALSE;

  /* Its result is at the provider, maybe paid already: poll it again (the
   * answer says whether to download), with the outputs already saved kept. */
  g_debug ("Job %s resumes from %s", vitrine_job_get_id (job), vitrine_job_state_to_string (state));
  vitrine_job_set_error_message (job, NULL);
  vitrine_job_reopen (job, has_urls ? VITRINE_JOB_STATE_DOWNLOADING
                                    : VITRINE_JOB_STATE_PROCESSING);
  vitrine_job_monitor_follow_job (self, job);
  return TRUE;
}

/* Options another process (or the window) changed: a job no longer
 * followed is left alone; a cancel asked elsewhere is carried out here; a
 * pause cleared elsewhere (Follow Again, vitrine-cli wait) resumes now. */
static void
vitrine_job_monitor_options_changed_cb (VitrineJob *job,
                                        GParamSpec *pspec,
                                        Tracked    *tracked)
{
  VitrineJobMonitor *self = tracked->monitor;

  if (!vitrine_job_get_followed (job))
    {
      /* Not before the answer of a paid start: cancelled on its way, it
       * would be lost, and the video made and paid for without an id to
       * follow it by (step_done lets go once it is in). */
      if (!tracked_awaits_start (tracked))
        vitrine_job_monitor_untrack (self, job);
      return;
    }
  if (vitrine_job_get_cancel_requested (job) && !tracked->cancelling && !tracked->cancel_pending)
    {
      vitrine_job_monitor_cancel_job (self, job);
      return;
    }
  if ((vitrine_job_get_attention (job) == NULL && tracked->held) ||
      vitrine_job_get_follow_requested (job))
    vitrine_job_monitor_follow_job (self, job);
}

/* Whether a cancel is still being carried out (a render stopping, a
 * request in flight), or what an end starts (the uploaded copies deleted,
 * vitrine-cli's jobs' too): a process should not exit before it is over. */
gboolean
vitrine_job_monitor_is_busy (VitrineJobMonitor *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB_MONITOR (self), FALSE);
  return self->n_cancels > 0 || vitrine_provider_any_busy ();
}

VitrineJob *
vitrine_job_monitor_awaits_start (VitrineJobMonitor *self)
{
  GHashTableIter iter;
  Tracked *tracked;

  g_return_val_if_fail (VITRINE_IS_JOB_MONITOR (self), NULL);

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tracked))
    {
      const VitrineProviderCapabilities *caps = vitrine_provider_get_capabilities (tracked->provider);

      if (tracked_awaits_start (tracked) && !caps->can_recover)
        return tracked->job;
    }
  return NULL;
}
