/* vitrine-remote-recover.c: a start whose answer was lost; cancel
 *
 * Recovery of a start whose answer was lost (the program stopped, or the
 * answer never came), and the provider's cancel call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-remote-private.h"

/* Recover and cancel ----------------------------------------------------------- */

static void
recovered_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  VitrineRemoteOp *op = TASK_OP (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The list could not be read: the job stays as it is, the monitor
       * looks again after its backoff. */
      vitrine_remote_make_busy (self, &error);
      g_task_return_error (task, error);
      return;
    }
  if (vitrine_job_get_remote_id (op->job) == NULL)
    vitrine_remote_interrupt_job (self, op->job,
                                  _("no job of this start was found in the provider’s list"));
  else
    vitrine_job_begin_step (op->job, VITRINE_JOB_STATE_SUBMITTED);
  g_task_return_boolean (task, TRUE);
}

/* A start whose answer was lost (the program stopped, or the answer never
 * came): resumed with the same keys (idempotent), started again when it
 * never left, or looked for in the provider's list. */
void
vitrine_remote_recover_start (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);

  if (INFO (self)->idempotent ||
      vitrine_job_get_option (op->job, VITRINE_JOB_OPTION_SUBMITTED_AT) == NULL)
    vitrine_remote_submit_prepare (task);
  else if (INFO (self)->recover != NULL)
    vitrine_remote_call_job (self, INFO (self)->recover, op->job, op->api_key,
                             g_task_get_cancellable (task), recovered_cb, task);
  else
    {
      vitrine_remote_interrupt_job (self, op->job, "no id was recorded");
      g_task_return_boolean (task, TRUE);
    }
}

/* The key looked up, then the lost start looked for. */
VITRINE_REMOTE_KEYED_ASYNC (vitrine_remote_provider_recover_async, vitrine_remote_recover_start)

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
cancel_send (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);

  if (vitrine_job_get_remote_id (op->job) == NULL)
    {
      /* Nothing is ever posted to a cancel path without the provider's id
       * (the monitor waits for the start's answer first). */
      g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_BUSY,
                               _("%s has not said the job’s id yet"), INFO (self)->display_name);
      return;
    }
  vitrine_remote_call_job (self, INFO (self)->cancel, op->job, op->api_key,
                           g_task_get_cancellable (task), cancelled_cb, task);
}

/* The key looked up, then the cancel sent. */
VITRINE_REMOTE_KEYED_ASYNC (vitrine_remote_provider_cancel_async, cancel_send)
