/* vitrine-remote-slot.c: the other jobs in the store; one job at a time per key
 *
 * The jobs of the store a provider looks at (its own other jobs, those of
 * other processes included), and the wait for a provider's one slot
 * (one_active_job in vitrine-remote-provider.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-remote-private.h"

/* one_active_job: how often the account is asked whether it still runs a
 * job that is not Vitrine's, and how often the job store is looked at. */
#define IDLE_CHECK_MS 30000
#define SLOT_TICK_MS 1000

/* Jobs in the store ------------------------------------------------------------ */

VitrineJobStore *
vitrine_remote_job_get_store (VitrineRemoteProvider *self,
                              VitrineJob            *job)
{
  /* The driver handed over with the job (vitrine_remote_provider_drive()). */
  VitrineJobDriver *driver = g_hash_table_lookup (vitrine_remote_provider_get_priv (self)->drivers,
                                                  job);

  return driver != NULL ? vitrine_job_driver_get_store (driver) : NULL;
}

VitrineJob *
vitrine_remote_find_job (VitrineJobStore *store,
                         const char      *provider_id,
                         const char      *remote_id,
                         VitrineJob      *except)
{
  guint n = store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (store)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (job != except && g_strcmp0 (vitrine_job_get_remote_id (job), remote_id) == 0 &&
          g_str_equal (vitrine_job_get_provider_id (job), provider_id))
        return job; /* the store keeps its reference */
    }
  return NULL;
}

/* One job at a time per key ------------------------------------------------------ */

/* Whether another job of @job's provider holds the provider's slot: sent
 * and not over (SUBMITTED, PROCESSING; DOWNLOADING means the provider is
 * done), or its POST on the way. The store refreshes the jobs other
 * processes drive every second. */
gboolean
vitrine_remote_own_job_running (VitrineRemoteProvider *self,
                                VitrineJob            *job)
{
  VitrineJobStore *store = vitrine_remote_job_get_store (self, job);
  guint n = store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (store)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineJob) other = g_list_model_get_item (G_LIST_MODEL (store), i);
      VitrineJobState state = vitrine_job_get_state (other);

      if (other == job ||
          !g_str_equal (vitrine_job_get_provider_id (other), vitrine_job_get_provider_id (job)))
        continue;
      if (state == VITRINE_JOB_STATE_SUBMITTED || state == VITRINE_JOB_STATE_PROCESSING ||
          (state == VITRINE_JOB_STATE_UPLOADING && vitrine_job_get_remote_id (other) == NULL &&
           vitrine_job_get_option (other, VITRINE_JOB_OPTION_SUBMITTED_AT) != NULL))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  GTask      *task;        /* the submit's or the POST's */
  VitrineJob *job;
  guint       tick_id;
  gint64      next_check;  /* monotonic µs: when the account may be asked again */
  gboolean    own_seen;    /* one of Vitrine's jobs held the slot */
  gboolean    checking;
  gboolean    done;
} SlotWait;

static void
slot_wait_unref (SlotWait *wait)
{
  if (wait->checking || !wait->done)
    return;
  g_clear_object (&wait->task);
  g_clear_object (&wait->job);
  g_free (wait);
}

/* Ends the wait: @error for the task, or BUSY (the monitor sends the job
 * again after its backoff). */
static void
slot_wait_end (SlotWait *wait,
               GError   *error)
{
  VitrineRemoteProvider *self = g_task_get_source_object (wait->task);

  g_clear_handle_id (&wait->tick_id, g_source_remove);
  wait->done = TRUE;
  if (error == NULL)
    error = g_error_new (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_BUSY,
                         _("%s is free again"), INFO (self)->display_name);
  g_task_return_error (wait->task, error);
  slot_wait_unref (wait);
}

static double
idle_check_ms (VitrineRemoteProvider *self)
{
  double ms = vitrine_remote_env_number (self, "IDLE_CHECK_MS");

  return ms >= 1 ? ms : IDLE_CHECK_MS;
}

static void
idle_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SlotWait *wait = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  g_autoptr(GError) error = NULL;
  gboolean idle = g_task_propagate_boolean (G_TASK (result), &error);

  wait->checking = FALSE;
  wait->next_check = g_get_monotonic_time () + idle_check_ms (self) * 1000;
  if (error != NULL)
    g_debug ("Could not ask %s whether it runs a job: %s", INFO (self)->display_name,
             error->message);
  if (wait->done)
    slot_wait_unref (wait);
  else if (idle)
    slot_wait_end (wait, NULL);
}

static gboolean
slot_tick_cb (gpointer data)
{
  SlotWait *wait = data;
  VitrineRemoteProvider *self = g_task_get_source_object (wait->task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (wait->task), &error))
    {
      wait->tick_id = 0;
      slot_wait_end (wait, error);
      return G_SOURCE_REMOVE;
    }
  if (vitrine_job_is_finished (wait->job))
    {
      /* Cancelled from elsewhere while it waited. */
      wait->tick_id = 0;
      slot_wait_end (wait, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                "The job ended while it waited"));
      return G_SOURCE_REMOVE;
    }

  if (vitrine_remote_own_job_running (self, wait->job))
    wait->own_seen = TRUE;
  else if (wait->own_seen)
    {
      /* Vitrine's previous job is over: its slot is free now. */
      wait->tick_id = 0;
      slot_wait_end (wait, NULL);
      return G_SOURCE_REMOVE;
    }

  /* Someone else's job, or ours seen stale: ask the account, not too often. */
  if (!wait->checking && g_get_monotonic_time () >= wait->next_check &&
      INFO (self)->check_idle != NULL)
    {
      wait->checking = TRUE;
      INFO (self)->check_idle (self, g_task_get_cancellable (wait->task), idle_checked_cb, wait);
    }
  return G_SOURCE_CONTINUE;
}

/* @job waits for the provider's one slot (see one_active_job); @task is
 * returned when it is free. */
void
vitrine_remote_slot_wait (VitrineRemoteProvider *self,
                          VitrineJob            *job,
                          GTask                 *task)
{
  SlotWait *wait = g_new0 (SlotWait, 1);
  g_autofree char *text = g_strdup_printf (_("Waiting for your previous %s job"),
                                           INFO (self)->display_name);
  guint interval = vitrine_provider_get_poll_interval (VITRINE_PROVIDER (self), job);
  guint tick = MIN (SLOT_TICK_MS, interval);

  /* Nothing was sent, or it was refused: not submitted. */
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT, NULL);
  vitrine_job_set_status_text (job, text);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);

  wait->task = task;
  wait->job = g_object_ref (job);
  /* The refusal (or the job seen running) was the latest look. */
  wait->next_check = g_get_monotonic_time () + idle_check_ms (self) * 1000;
  wait->tick_id = g_timeout_add (MAX (tick, 10), slot_tick_cb, wait);
  g_source_set_name_by_id (wait->tick_id, "[vitrine] provider slot wait");
}
