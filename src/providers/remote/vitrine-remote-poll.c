/* vitrine-remote-poll.c: polls and the client timeout
 *
 * A poll: key (when polls need one) → GET the poll URL → the state applied
 * → on completion every video downloaded (vitrine-remote-download.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "vitrine-remote-private.h"

#define POLL_TIMEOUT_S 30
/* Unreadable status replies in a row before the job is given up. */
#define MAX_BAD_REPLIES 5

static char *
format_minutes (double seconds)
{
  return g_strdup_printf ("%g", seconds / 60.0);
}

/* Seconds since the POST left, or -1 when it never did. */
static double
seconds_since_submit (VitrineJob *job)
{
  const char *at = vitrine_job_get_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT);

  if (at == NULL)
    return -1;
  return g_get_real_time () / (double) G_USEC_PER_SEC - g_ascii_strtod (at, NULL);
}

static gboolean
deadline_passed (VitrineRemoteProvider *self,
                 VitrineJob            *job)
{
  double timeout = vitrine_remote_provider_get_timeout (self);

  return timeout > 0 && seconds_since_submit (job) > timeout;
}

/* Past the client timeout, a job the provider accepted is never ended:
 * its video may still come, and may be paid already (the money rules of
 * DESIGN.md). It is paused with this reason, for a person, and polled on
 * with backoff; @detail (may be NULL) is the last fault seen. */
static char *
dup_overdue (VitrineRemoteProvider *self,
             const char            *detail)
{
  g_autofree char *minutes = format_minutes (vitrine_remote_provider_get_timeout (self));

  if (detail != NULL)
    return g_strdup_printf (_("%s took longer than %s minutes. Vitrine keeps waiting for the "
                              "video, which is not lost (last error: %s)."),
                            INFO (self)->display_name, minutes, detail);
  return g_strdup_printf (_("%s took longer than %s minutes. Vitrine keeps waiting for the "
                            "video, which is not lost."), INFO (self)->display_name, minutes);
}

/* The provider said COMPLETED and the videos' addresses are on the job
 * (DOWNLOADING, a download paused): they are fetched, whatever a later
 * poll says. A 404 or FAILED then (the job gone from its list, a key
 * changed for another account's) does not throw a made, paid video away.
 * TRUE when the download took @task. */
static gboolean
download_recorded (GTask *task)
{
  VitrineRemoteOp *op = TASK_OP (task);
  GPtrArray *outputs = vitrine_job_get_outputs (op->job);

  if (vitrine_job_get_state (op->job) != VITRINE_JOB_STATE_DOWNLOADING || outputs->len == 0)
    return FALSE;
  for (guint i = 0; i < outputs->len; i++)
    {
      if (((VitrineJobOutput *) g_ptr_array_index (outputs, i))->url == NULL)
        return FALSE;
    }
  g_debug ("Job %s: the provider no longer says it is done; its videos are fetched from the "
           "addresses it gave", vitrine_job_get_id (op->job));
  op->index = 0;
  vitrine_remote_download_next (task);
  return TRUE;
}

/* What a failed poll means: the job ended here (NULL), or an error for the
 * monitor (BUSY: try later). */
static GError *
settle_poll_error (VitrineRemoteProvider *self,
                   VitrineJob            *job,
                   GError                *error)
{
  const char *name = INFO (self)->display_name;
  guint status = vitrine_http_error_get_status (error);
  g_autofree char *message = NULL;
  GError *busy;

  if (vitrine_remote_is_cancelled (error))
    return error;

  if (status == 401 || status == 403)
    {
      /* The provider accepted this job: a refused key only pauses it, and
       * it is tried again with backoff (a key can come back). Checked
       * before the client timeout: a job waiting for its key is not one
       * that takes too long (an assumption; the references are silent). */
      g_error_free (error);
      return vitrine_remote_pause_for_key (self, job, NULL);
    }
  if (deadline_passed (self, job) || g_error_matches (error, VITRINE_HTTP_ERROR,
                                                       VITRINE_HTTP_ERROR_TIMEOUT))
    {
      /* No answer in time (a stalled poll), or past the client timeout:
       * paused with the reason, tried again with backoff. */
      g_autofree char *reason = deadline_passed (self, job) ? dup_overdue (self, error->message)
                                                            : g_strdup (error->message);

      vitrine_job_set_attention (job, reason);
      busy = vitrine_remote_busy_error (self, error);
      g_error_free (error);
      return busy;
    }
  if (status == 404 || status == 410)
    {
      message = g_strdup_printf (_("%s no longer knows this video: %s"), name, error->message);
      vitrine_job_set_option (job, VITRINE_JOB_OPTION_REMOTE_ENDED, "not-found");
    }
  else if (status >= 400 && status < 500 && status != 408 && status != 425 && status != 429)
    message = g_strdup_printf (_("%s refused to say how the video is going: %s"), name,
                               error->message);
  else if (g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE) ||
           g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TLS))
    message = g_strdup_printf (_("Could not reach %s: %s"), name, error->message);

  if (message != NULL)
    {
      g_error_free (error);
      vitrine_job_fail (job, message);
      return NULL;
    }

  /* A network fault, a 5xx or 429 the HTTP layer gave up on, a reply cut
   * short: polling is safe to repeat. */
  busy = vitrine_remote_busy_error (self, error);
  g_error_free (error);
  return busy;
}

/* Poll ------------------------------------------------------------------------ */

static void
poll_apply (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  VitrineRemoteStatus *status = &op->status;
  VitrineJobState current = vitrine_job_get_state (op->job);

  /* The provider answers again: whatever paused the job is over, but a
   * job past the client timeout says so while it is waited for. */
  {
    g_autofree char *overdue = deadline_passed (self, op->job) &&
                               status->state != VITRINE_JOB_STATE_COMPLETED
                               ? dup_overdue (self, NULL) : NULL;

    vitrine_job_set_attention (op->job, overdue);
  }
  if (g_strcmp0 (vitrine_job_get_option (op->job, VITRINE_JOB_OPTION_ERROR_KIND), "auth") == 0)
    vitrine_job_set_option (op->job, VITRINE_JOB_OPTION_ERROR_KIND, NULL);
  if (status->has_credits)
    vitrine_remote_provider_set_credits (self, op->job, status->status_text,
                                         status->credits_left, status->credits_used);
  else if (status->status_text != NULL)
    vitrine_job_set_status_text (op->job, status->status_text);
  /* A cancel the provider refused (too late) goes on being said while the
   * job goes on, whichever process asked it; not once it has ended (a
   * finished video still said "cannot stop it now"). */
  if (vitrine_job_get_option (op->job, VITRINE_JOB_OPTION_CANCEL_REFUSED) != NULL &&
      !vitrine_job_state_is_final (status->state))
    vitrine_job_set_status_text (op->job,
                                 vitrine_job_get_option (op->job, VITRINE_JOB_OPTION_CANCEL_REFUSED));
  if (status->share_url != NULL && vitrine_is_web_url (status->share_url))
    vitrine_job_set_option (op->job, VITRINE_JOB_OPTION_SHARE_URL, status->share_url);

  switch (status->state)
    {
    case VITRINE_JOB_STATE_CANCELLED:
      /* Cancelled at the provider (from its dashboard, or by us). */
      vitrine_job_set_state (op->job, VITRINE_JOB_STATE_CANCELLED);
      g_task_return_boolean (task, TRUE);
      return;

    case VITRINE_JOB_STATE_FAILED:
      {
        g_autofree char *message = NULL;

        if (download_recorded (task))
          return;
        message = vitrine_remote_provider_describe_failure (self, status->error);
        vitrine_job_set_option (op->job, VITRINE_JOB_OPTION_REMOTE_ENDED, "failed");
        vitrine_job_fail (op->job, message);
        g_task_return_boolean (task, TRUE);
        return;
      }

    case VITRINE_JOB_STATE_COMPLETED:
      if (current != VITRINE_JOB_STATE_DOWNLOADING)
        vitrine_job_begin_step (op->job, VITRINE_JOB_STATE_DOWNLOADING);
      /* The result URLs are on disk before the first byte is fetched. */
      vitrine_remote_record_outputs (self, op->job, status->videos);
      op->index = 0;
      vitrine_remote_download_next (task);
      return;

    case VITRINE_JOB_STATE_SUBMITTED:
      /* Never back from PROCESSING (IACrea's PENDING after
       * GENERATING_VIDEO: it retries sequences, the job goes on). */
      if (current < VITRINE_JOB_STATE_SUBMITTED)
        vitrine_job_set_state (op->job, VITRINE_JOB_STATE_SUBMITTED);
      break;

    default:
      vitrine_job_set_state (op->job, VITRINE_JOB_STATE_PROCESSING);
      break;
    }

  if (status->progress >= 0)
    vitrine_job_set_progress (op->job, status->progress);
  g_task_return_boolean (task, TRUE);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = TASK_SELF (task);
  GHashTable *bad_replies = vitrine_remote_provider_get_priv (self)->bad_replies;
  VitrineRemoteOp *op = TASK_OP (task);
  const char *id = vitrine_job_get_id (op->job);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint bad;

  body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error);
  if (vitrine_job_is_finished (op->job))
    {
      /* Cancelled meanwhile: whatever the answer, the job stays ended. */
      g_clear_error (&error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (body == NULL)
    {
      guint status = vitrine_http_error_get_status (error);

      if ((status == 404 || status == 410) && download_recorded (task))
        {
          g_steal_pointer (&task);  /* the download has it */
          g_error_free (error);
          return;
        }
      if ((error = settle_poll_error (self, op->job, error)) != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  if (vitrine_remote_parse_status (INFO (self)->replies, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), &op->status, &error))
    {
      g_hash_table_remove (bad_replies, id);
      poll_apply (g_steal_pointer (&task));
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A reply cut short is worth another poll. One that keeps coming
   * unreadable (a captive portal's page, a proxy's) is said on the job, but
   * the job is paid for and its video may well be made: it is not failed,
   * it is asked again with backoff, and a readable answer clears it. */
  bad = GPOINTER_TO_UINT (g_hash_table_lookup (bad_replies, id)) + 1;
  g_hash_table_insert (bad_replies, g_strdup (id), GUINT_TO_POINTER (bad));
  if (bad >= MAX_BAD_REPLIES)
    {
      g_autofree char *reason =
        g_strdup_printf (_("Could not read the answers of %s (%s). Vitrine keeps asking; the "
                           "video is not lost."), INFO (self)->display_name, error->message);

      vitrine_job_set_attention (op->job, reason);
    }
  g_task_return_error (task, vitrine_remote_busy_error (self, error));
  g_error_free (error);
}

static void
poll_send (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  const char *url = vitrine_job_get_poll_url (op->job);
  g_autoptr(VitrineHttpRequest) request = NULL;
  double timeout = vitrine_remote_provider_get_timeout (self);

  if (url == NULL)
    {
      g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_PROTOCOL,
                               _("%s gave no address to follow the video."),
                               INFO (self)->display_name);
      return;
    }
  request = vitrine_http_request_new ("GET", url);
  vitrine_http_request_set_error_reader (request, INFO (self)->replies->read_error);
  if (INFO (self)->add_auth != NULL)
    INFO (self)->add_auth (request, op->api_key);
  if (timeout > 0 && !deadline_passed (self, op->job))
    {
      /* A poll that hangs must not outlive the client timeout by much:
       * the job is then paused with the reason (settle_poll_error). */
      double left = timeout - seconds_since_submit (op->job);

      vitrine_http_request_set_timeout (request, (guint) CLAMP (ceil (left), 1, POLL_TIMEOUT_S));
      if (left < 2 * POLL_TIMEOUT_S)
        vitrine_http_request_set_max_attempts (request, 1);
    }
  vitrine_http_send_async (vitrine_http_get_default (), request, g_task_get_cancellable (task),
                           poll_cb, task);
}

void
vitrine_remote_provider_poll_async (VitrineProvider     *provider,
                                    VitrineJob          *job,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);
  g_autoptr(GTask) task = vitrine_remote_op_new (self, job, cancellable, callback, user_data,
                                                 vitrine_remote_provider_poll_async);

  if (vitrine_job_get_remote_id (job) == NULL)
    {
      /* Stopped while preparing or uploading (no idempotency key yet):
       * nothing was sent, start again. With a key, the monitor has already
       * ended it INTERRUPTED; this is the same rule once more. */
      if (vitrine_job_get_idempotency_key (job) == NULL)
        vitrine_remote_with_key (g_steal_pointer (&task), vitrine_remote_submit_prepare);
      else if (GET_CLASS (self)->capabilities.can_recover)
        vitrine_remote_with_key (g_steal_pointer (&task), vitrine_remote_recover_start);
      else
        {
          vitrine_remote_interrupt_job (self, job, "no id was recorded");
          g_task_return_boolean (task, TRUE);
        }
      return;
    }

  if (INFO (self)->add_auth != NULL)
    vitrine_remote_with_key (g_steal_pointer (&task), poll_send);
  else
    poll_send (g_steal_pointer (&task));
}
