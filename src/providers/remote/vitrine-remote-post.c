/* vitrine-remote-post.c: the paid POST and the default start
 *
 * The paid POST, what a lost or refused answer to it means, the default
 * start (one POST, its answer applied) and the helpers of the providers
 * whose start is several POSTs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "vitrine-remote-private.h"
#include "vitrine-secrets.h"

/* How long the POST may wait for its answer: uploads are done, but a
 * provider may fetch the photos before it answers. */
#define POST_TIMEOUT_S 120

/* A step of an idempotent start answered with a 5xx (after the HTTP
 * layer's own retries) or a 4xx that does not fault the request: the job
 * goes back to QUEUED with the reason as its attention, keys and step ids
 * kept. A 5xx, or a 409 (the IETF Idempotency-Key draft's answer to a key
 * whose first request is still being processed), is tried again with
 * backoff (BUSY); any other waits for the agent (ATTENTION: Follow Again
 * or vitrine-cli wait). */
static GError *
pause_start (VitrineRemoteProvider *self,
             VitrineJob            *job,
             const GError          *cause)
{
  const char *name = INFO (self)->display_name;
  guint status = vitrine_http_error_get_status (cause);
  gboolean again = status >= 500 || status == 409;
  g_autofree char *reason = NULL;

  if (again)
    reason = g_strdup_printf (_("%s could not take the next step of the video (%s). Vitrine "
                                "tries again; what was already made is kept and not paid "
                                "again."), name, cause->message);
  else
    reason = g_strdup_printf (_("%s refused the next step of the video (%s). What was already "
                                "made is kept and not paid again: choose Follow Again to go "
                                "on from there."), name, cause->message);
  /* Refused: the step did not start; a 5xx or a 409 may have. */
  if (!again)
    vitrine_job_set_option (job, VITRINE_JOB_OPTION_START_POSTED, NULL);
  vitrine_job_pause (job, reason);
  if (again)
    return vitrine_remote_busy_error (self, cause);
  return g_error_new_literal (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_ATTENTION, reason);
}

/* Back to QUEUED, nothing started (@busy says why): sent again after the
 * monitor's backoff. Without idempotency keys, that POST is dated anew:
 * a lost answer to it is looked for around its own time, not this one's. */
static void
requeue_unsent (VitrineRemoteProvider *self,
                VitrineJob            *job,
                const GError          *busy)
{
  if (!INFO (self)->idempotent)
    vitrine_job_set_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT, NULL);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_START_POSTED, NULL);
  vitrine_job_set_status_text (job, busy->message);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);
}

/* What a failed paid POST means. Returns the error to report, or NULL when
 * the job was ended here. */
static GError *
settle_post_error (VitrineRemoteProvider *self,
                   VitrineJob            *job,
                   GError                *error)
{
  const char *name = INFO (self)->display_name;
  guint status = vitrine_http_error_get_status (error);
  g_autofree char *message = NULL;

  if (vitrine_remote_is_cancelled (error))
    return error;

  if (status == 401 || status == 403)
    {
      g_error_free (error);
      return vitrine_remote_refused_key_error (self, job);
    }
  if ((status == 429 || status == 503) && !INFO (self)->idempotent && !INFO (self)->one_active_job)
    {
      /* Busy, says the answer; but without an Idempotency-Key nor a rule
       * that makes a duplicate impossible, nothing proves the video was
       * not started (a proxy may answer 503 for a server that went on), so
       * it is never sent again by itself: a Retry is the agent's choice,
       * made after a look at the account. FAILED is the state the window
       * and vitrine-cli offer Retry for. */
      message = g_strdup_printf (_("%s was busy and did not confirm the video. Vitrine does "
                                   "not send it again by itself, so it is never paid twice. "
                                   "Check your account with %s, then Retry."), name, name);
      g_error_free (error);
      vitrine_job_fail (job, message);
      return NULL;
    }
  if (INFO (self)->one_active_job && status >= 500 && INFO (self)->recover != NULL)
    /* The VidGen reference says to retry a 500 with backoff, but a server
     * may fail after it wrote the job down: sent again, the video would
     * meet that job's 409, wait for it to end and be paid twice, the first
     * one never fetched. The caller looks for it in the provider's list
     * first and sends it again only when it is not there (send_lost). */
    return error;
  if (status == 429 || status == 503 ||
      (INFO (self)->idempotent && (status == 408 || status == 425)) ||
      (INFO (self)->one_active_job && status >= 500))
    {
      /* Refused before anything started, and sending it again cannot make
       * a second video (the provider replays a key it has seen, or refuses
       * a second active job): back to QUEUED, so the monitor sends it again
       * after its backoff. A 5xx from a provider with one active job per
       * key and no list to look in too: a duplicate can only meet its 409
       * (which queues). */
      GError *busy = vitrine_remote_busy_error (self, error);

      g_error_free (error);
      requeue_unsent (self, job, busy);
      return busy;
    }
  if (INFO (self)->idempotent && status >= 400 && status != 400 && status != 422)
    {
      /* A provider that replays a key it has seen: nothing is lost by
       * asking again, so the job is never failed for it (issue 9). The
       * steps already made keep their ids and keys; the start resumes from
       * the one refused. 400 and 422 say the request itself is wrong. */
      GError *paused = pause_start (self, job, error);

      g_error_free (error);
      return paused;
    }
  if (status >= 400 && status < 500)
    message = g_strdup_printf (_("%s refused the video: %s"), name, error->message);
  else if (status >= 500)
    message = g_strdup_printf (_("%s failed to start the video (%s). Check your provider "
                                 "account before retrying."), name, error->message);
  else if (g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE) ||
           g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TLS) ||
           g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_UNREACHABLE) ||
           error->domain == G_IO_ERROR)
    /* Refused before sending (an address, a certificate, a local file). */
    message = g_strdup_printf (_("Could not send the video to %s: %s"), name, error->message);
  else
    {
      /* Reset, timeout, an unreadable answer: it may have arrived. */
      GError *busy = NULL;

      if (INFO (self)->recover != NULL)
        {
          /* The caller looks for what it made (see post_async). */
          busy = g_error_new (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_PROTOCOL, "%s",
                              error->message);
          g_error_free (error);
          return busy;
        }
      vitrine_remote_provider_lost_answer (self, job, error, &busy);
      g_error_free (error);
      return busy;
    }

  g_error_free (error);
  vitrine_job_fail (job, message);
  return NULL;
}

gboolean
vitrine_remote_provider_lost_answer (VitrineRemoteProvider  *self,
                                     VitrineJob             *job,
                                     const GError           *cause,
                                     GError                **error)
{
  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), FALSE);

  if (INFO (self)->idempotent)
    {
      /* The provider replays a POST it has seen: the start resumes from
       * the last step confirmed, with the same keys. */
      GError *busy = vitrine_remote_busy_error (self, cause);

      vitrine_job_set_status_text (job, busy->message);
      vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);
      g_propagate_error (error, busy);
      return FALSE;
    }
  vitrine_remote_interrupt_job (self, job, cause->message);
  return TRUE;
}

/* Vikit-style refusal for want of credits: nothing started, nothing
 * charged. Only an https page is offered (and kept) to buy more. */
static void
fail_for_credits (VitrineRemoteProvider    *self,
                  VitrineJob               *job,
                  const VitrineRemoteStart *start)
{
  const VitrineRemoteProviderInfo *info = INFO (self);
  g_autoptr(GUri) top_up = start->top_up_url != NULL ?
                           g_uri_parse (start->top_up_url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autofree char *left = start->has_credits ? g_strdup_printf ("%g", start->credits_left)
                                             : g_strdup (_("too few"));
  guint needed = info->credits_per_photo * vitrine_job_get_n_photos (job);
  g_autoptr(GString) message = g_string_new (NULL);

  /* TRANSLATORS: "Not enough Vikit credits: 1 left." */
  g_string_printf (message, _("Not enough %s credits: %s left."), info->display_name, left);
  if (needed > 0)
    {
      g_string_append_c (message, ' ');
      g_string_append_printf (message, ngettext ("This video needs %u credit.",
                                                 "This video needs %u credits.", needed), needed);
    }
  g_string_append_c (message, ' ');
  g_string_append (message, _("No video was started and nothing was charged."));
  if (top_up != NULL && g_strcmp0 (g_uri_get_scheme (top_up), "https") == 0)
    {
      vitrine_job_set_option (job, VITRINE_JOB_OPTION_TOP_UP_URL, start->top_up_url);
      g_string_append_c (message, ' ');
      g_string_append_printf (message, _("Buy more at %s"), start->top_up_url);
    }
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ERROR_KIND, "credits");
  vitrine_job_fail (job, message->str);
}

gboolean
vitrine_remote_provider_apply_start (VitrineRemoteProvider     *self,
                                     VitrineJob                *job,
                                     const VitrineRemoteStart  *start,
                                     GError                   **error)
{
  g_autofree char *message = NULL;
  g_autoptr(GError) refused = NULL;

  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), FALSE);

  switch (start->outcome)
    {
    case VITRINE_REMOTE_STARTED:
      vitrine_job_set_remote_id (job, start->remote_id);
      if (start->poll_url != NULL && vitrine_http_check_url (start->poll_url, &refused))
        vitrine_job_set_poll_url (job, start->poll_url);
      else
        {
          /* The documented address (Vikit's GET /get/{generation_id}) on
           * the provider's own base URL; also when the answer names one
           * that is not https (nor loopback): the job is paid, and its
           * video is not thrown away for a bad address. */
          g_autofree char *base_url = vitrine_remote_provider_dup_base_url (self);
          g_autofree char *escaped = g_uri_escape_string (start->remote_id, NULL, FALSE);
          g_autofree char *poll_url = g_strconcat (base_url, INFO (self)->poll_path, "/",
                                                   escaped, NULL);

          if (refused != NULL)
            g_debug ("%s named an address Vitrine will not use (%s); following %s instead",
                     INFO (self)->display_name, refused->message, poll_url);
          vitrine_job_set_poll_url (job, poll_url);
        }
      if (start->has_credits)
        vitrine_remote_provider_set_credits (self, job, start->status_text, start->credits_left,
                                             start->credits_used);
      else
        vitrine_job_set_status_text (job, start->status_text);
      return TRUE;

    case VITRINE_REMOTE_REFUSED_KEY:
      /* Said in a 200, as Vikit does. */
      g_propagate_error (error, vitrine_remote_refused_key_error (self, job));
      return FALSE;

    case VITRINE_REMOTE_REFUSED_CREDITS:
      fail_for_credits (self, job, start);
      return TRUE;

    case VITRINE_REMOTE_REFUSED:
    default:
      message = vitrine_remote_provider_describe_failure (self, start->error);
      vitrine_job_fail (job, message);
      return TRUE;
    }
}

/* The paid POST --------------------------------------------------------------- */

/* Seconds the POST may wait for its answer: POST_TIMEOUT_S, or for a
 * provider whose start answers slowly (IACrea analyses the listing before
 * it answers) its start_timeout_minutes, never beyond its client timeout. */
static guint
post_timeout (VitrineRemoteProvider *self)
{
  double seconds = INFO (self)->start_timeout_minutes * 60.0;
  double client = vitrine_remote_provider_get_timeout (self);

  if (seconds <= 0)
    return POST_TIMEOUT_S;
  if (client > 0)
    seconds = MIN (seconds, client);
  return (guint) MAX (ceil (seconds), 1);
}

/* One paid POST under way. */
typedef struct {
  VitrineJob         *job;
  VitrineHttpRequest *request;
} Post;

static void
post_free (Post *post)
{
  g_clear_object (&post->job);
  g_clear_object (&post->request);
  g_free (post);
}

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = g_task_get_source_object (task);
  VitrineJob *job = ((Post *) g_task_get_task_data (task))->job;
  GError *error = NULL;
  GBytes *body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error);

  if (body != NULL)
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
  else if (vitrine_http_error_get_status (error) == 409 && INFO (self)->one_active_job)
    {
      /* "One job at a time": nothing started; wait for the slot. */
      g_debug ("%s is busy: %s", INFO (self)->display_name, error->message);
      g_error_free (error);
      vitrine_remote_slot_wait (self, job, g_steal_pointer (&task));
    }
  else if ((error = settle_post_error (self, job, error)) != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
before_post_guarded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (vitrine_job_store_guard_post_finish (VITRINE_JOB_STORE (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vitrine_remote_before_post_async (VitrineRemoteProvider *self,
                                  VitrineJob            *job,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  VitrineJobStore *store;

  g_task_set_source_tag (task, vitrine_remote_before_post_async);
  if (g_task_return_error_if_cancelled (task))
    return;
  /* The job's state read again, now: a cancel written by another process
   * (vitrine-cli cancel while the window uploads) reaches this copy. */
  if ((store = vitrine_remote_job_get_store (self, job)) != NULL)
    vitrine_job_store_refresh (store);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (vitrine_job_get_cancel_requested (job) && !vitrine_job_is_finished (job))
    {
      /* Asked from another process while this one prepared the request:
       * nothing has left, so nothing is charged. */
      vitrine_job_set_cancel_requested (job, FALSE);
      vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
    }
  if (vitrine_job_is_finished (job))
    {
      /* Ended (cancelled) while its inputs were prepared or uploaded. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The job ended before its request was sent");
      return;
    }
  if ((store = vitrine_remote_job_get_store (self, job)) == NULL)
    {
      /* A job kept in no store: nothing to read again or make durable. */
      vitrine_job_mark_posting (job);
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* The job's row read again (a cancel from another process, the lease),
   * its key and "about to POST" mark committed durably; a locked file holds
   * the POST until they are. */
  vitrine_job_store_guard_post_async (store, job, cancellable, before_post_guarded_cb,
                                      g_steal_pointer (&task));
}

gboolean
vitrine_remote_before_post_finish (VitrineRemoteProvider  *self,
                                   GAsyncResult           *result,
                                   GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
post_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  Post *post = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!vitrine_remote_before_post_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  vitrine_http_send_async (vitrine_http_get_default (), post->request, cancellable, post_cb,
                           g_steal_pointer (&task));
}

void
vitrine_remote_provider_post_async (VitrineRemoteProvider *self,
                                    VitrineJob            *job,
                                    VitrineHttpRequest    *request,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  GTask *task;
  Post *post;

  g_return_if_fail (VITRINE_IS_REMOTE_PROVIDER (self));
  g_return_if_fail (VITRINE_IS_JOB (job));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_remote_provider_post_async);
  post = g_new0 (Post, 1);
  post->job = g_object_ref (job);
  post->request = g_object_ref (request);
  g_task_set_task_data (task, post, (GDestroyNotify) post_free);
  /* Without idempotency keys (Vikit, IACrea, VidGen) the HTTP layer must
   * not send this again unless it surely never arrived (connection
   * refused); with them (AIXpose) it may: the provider replays. */
  if (!INFO (self)->idempotent)
    vitrine_http_request_set_idempotent (request, FALSE);
  vitrine_http_request_set_timeout (request, post_timeout (self));
  vitrine_remote_before_post_async (self, job, cancellable, post_checked_cb, task);
}

GBytes *
vitrine_remote_provider_post_finish (VitrineRemoteProvider  *self,
                                     GAsyncResult           *result,
                                     GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The default start: one POST, its answer applied. */
typedef struct {
  VitrineJob *job;
  char       *api_key;   /* for a recover after a lost answer */
  GError     *lost;      /* why the answer was lost */
} Send;

static void
send_free (Send *send)
{
  g_clear_object (&send->job);
  g_clear_pointer (&send->api_key, vitrine_secrets_free);
  g_clear_error (&send->lost);
  g_free (send);
}

static void
lost_recovered_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && vitrine_remote_is_cancelled (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (vitrine_job_get_remote_id (send->job) == NULL)
    {
      if (error == NULL && vitrine_http_error_get_status (send->lost) >= 500)
        {
          /* A server error, and the list has no such job: nothing started;
           * sent again after the monitor's backoff, as the reference asks. */
          GError *busy = vitrine_remote_busy_error (self, send->lost);

          requeue_unsent (self, send->job, busy);
          g_task_return_error (task, busy);
          return;
        }
      vitrine_remote_interrupt_job (self, send->job, send->lost->message);
    }
  g_task_return_boolean (task, TRUE);
}

void
vitrine_remote_provider_return_start (GTask  *task,
                                      GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* The answer to the start is lost: the provider looks for what it made in
 * its own list, else the job is INTERRUPTED (or QUEUED again, idempotent,
 * or after a server error the list shows came before anything was made). */
static void
send_lost (GTask  *task,
           GError *cause)
{
  VitrineRemoteProvider *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  GError *error = NULL;

  send->lost = cause;
  if (INFO (self)->recover != NULL && !INFO (self)->idempotent)
    {
      vitrine_remote_call_job (self, INFO (self)->recover, send->job, send->api_key,
                               g_task_get_cancellable (task), lost_recovered_cb, task);
      return;
    }
  vitrine_remote_provider_lost_answer (self, send->job, cause, &error);
  vitrine_remote_provider_return_start (task, error);
}

static void
real_send_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  Send *send = g_task_get_task_data (task);
  g_auto(VitrineRemoteStart) start = { 0 };
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  if (!(body = vitrine_remote_provider_post_finish (self, result, &error)))
    {
      /* Lost, or a server error that may have come after the job was
       * made (see settle_post_error). */
      if (g_error_matches (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_PROTOCOL) ||
          vitrine_http_error_get_status (error) >= 500)
        send_lost (task, error);
      else
        vitrine_remote_provider_return_start (task, error);
      return;
    }

  if (!vitrine_remote_parse_start (INFO (self)->replies, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), &start, &error))
    {
      /* It arrived, and may have started: the answer is as good as lost. */
      send_lost (task, error);
      return;
    }
  vitrine_remote_provider_apply_start (self, send->job, &start, &error);
  vitrine_remote_provider_return_start (task, error);
}

static void
vitrine_remote_provider_real_send_async (VitrineRemoteProvider    *self,
                                         VitrineJob               *job,
                                         const VitrineRemoteMedia *media,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  const VitrineRemoteProviderInfo *info = INFO (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(VitrineHttpRequest) request =
    vitrine_remote_provider_new_request (self, "POST", info->submit_path, media->api_key, job,
                                         "start");
  Send *send = g_new0 (Send, 1);

  g_task_set_source_tag (task, vitrine_remote_provider_real_send_async);
  send->job = g_object_ref (job);
  send->api_key = g_strdup (media->api_key);
  g_task_set_task_data (task, send, (GDestroyNotify) send_free);
  if (info->build_request != NULL)
    info->build_request (request, job, media);
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;

      json_builder_begin_object (builder);
      info->build_body (builder, job, media);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      vitrine_http_request_set_json_body (request, body, info->secret_members);
    }
  vitrine_remote_provider_post_async (self, job, request, cancellable, real_send_cb,
                                      g_steal_pointer (&task));
}


/* The provider's own start when it has one (several POSTs), else the
 * single POST above. */
void
vitrine_remote_send_async (VitrineRemoteProvider    *self,
                           VitrineJob               *job,
                           const VitrineRemoteMedia *media,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  if (INFO (self)->send_async != NULL)
    INFO (self)->send_async (self, job, media, cancellable, callback, user_data);
  else
    vitrine_remote_provider_real_send_async (self, job, media, cancellable, callback, user_data);
}

gboolean
vitrine_remote_send_finish (VitrineRemoteProvider  *self,
                            GAsyncResult           *result,
                            GError                **error)
{
  if (INFO (self)->send_finish != NULL)
    return INFO (self)->send_finish (self, result, error);
  /* The default send's task */
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Multi-POST starts ------------------------------------------------------- */

VitrineHttpRequest *
vitrine_remote_provider_new_request (VitrineRemoteProvider *self,
                                     const char            *method,
                                     const char            *path,
                                     const char            *api_key,
                                     VitrineJob            *job,
                                     const char            *step)
{
  g_autofree char *base_url = NULL;
  g_autofree char *url = NULL;
  VitrineHttpRequest *request;

  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), NULL);

  base_url = vitrine_remote_provider_dup_base_url (self);
  url = g_strconcat (base_url != NULL ? base_url : "", path, NULL);
  request = vitrine_http_request_new (method, url);
  vitrine_http_request_set_error_reader (request, INFO (self)->replies->read_error);
  if (INFO (self)->add_auth != NULL && api_key != NULL)
    INFO (self)->add_auth (request, api_key);
  if (INFO (self)->idempotent && step != NULL)
    {
      /* The same key for the same step of the same job, whoever sends it
       * and however often: the provider replays. */
      g_autofree char *key = vitrine_remote_job_step_key (job, step);

      vitrine_http_request_add_header (request, "Idempotency-Key", key);
    }
  return request;
}

gboolean
vitrine_remote_provider_take_start (VitrineRemoteProvider  *self,
                                    VitrineJob             *job,
                                    GBytes                 *body,
                                    GError                **error)
{
  g_auto(VitrineRemoteStart) start = { 0 };
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), FALSE);

  if (!vitrine_remote_parse_start (INFO (self)->replies, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), &start, &local_error))
    return vitrine_remote_provider_lost_answer (self, job, local_error, error);
  return vitrine_remote_provider_apply_start (self, job, &start, error);
}

static char *
step_option (const char *step)
{
  return g_strconcat ("step-", step, NULL);
}

/* The key the steps are made from: the job's idempotency key when the
 * first step leaves, kept among its options so that a Retry (a copy of the
 * job's inputs and options, with a key of its own) goes on with the same
 * steps. A job saved before it existed has its idempotency key. */
static const char *
steps_key (VitrineJob *job)
{
  const char *key = vitrine_job_get_option (job, VITRINE_JOB_OPTION_STEPS_KEY);

  return key != NULL ? key : vitrine_job_get_idempotency_key (job);
}

static const char *
ensure_steps_key (VitrineJob *job)
{
  if (vitrine_job_get_option (job, VITRINE_JOB_OPTION_STEPS_KEY) == NULL)
    vitrine_job_set_option (job, VITRINE_JOB_OPTION_STEPS_KEY,
                            vitrine_job_ensure_idempotency_key (job));
  return steps_key (job);
}

char *
vitrine_remote_job_step_key (VitrineJob *job,
                             const char *step)
{
  return g_strdup_printf ("%s-%s", ensure_steps_key (job), step);
}

const char *
vitrine_remote_job_get_step (VitrineJob *job,
                             const char *step)
{
  const char *key = steps_key (job);
  g_autofree char *name = step_option (step);
  const char *value = vitrine_job_get_option (job, name);
  gsize len = key != NULL ? strlen (key) : 0;

  if (key == NULL || value == NULL || strncmp (value, key, len) != 0 || value[len] != ':' ||
      value[len + 1] == '\0')
    return NULL;
  return value + len + 1;
}

void
vitrine_remote_job_set_step (VitrineJob *job,
                             const char *step,
                             const char *id)
{
  g_autofree char *name = step_option (step);
  g_autofree char *value = g_strconcat (ensure_steps_key (job), ":", id, NULL);

  vitrine_job_set_option (job, name, value);
}
