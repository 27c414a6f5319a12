/* vitrine-http-retry.c: how an attempt ends, and whether another follows
 *
 * An attempt that fails is classified (VitrineHttpRetry): some faults are
 * never retried, some only for idempotent requests (the server may have
 * seen the request), and a refused connection or an unresolved name may be
 * retried for every method (nothing was sent). Waits between attempts come
 * from vitrine_backoff_delay() with Retry-After / RateLimit-Reset as floor,
 * and end at once when the caller cancels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-backoff.h"
#include "vitrine-http-private.h"

#define RETRY_BASE_MS         500
#define MAX_HINT_MS           (60 * 1000)        /* a longer Retry-After is the caller's business */

static void
op_log_failure (VitrineHttpOp *op,
                const GError  *error,
                const char    *what)
{
  g_autofree char *url = NULL;
  g_autofree char *message = NULL;

  if (!vitrine_http_debug_enabled ())
    return;
  url = vitrine_http_redact (op->url);
  message = vitrine_http_redact (error->message);
  g_debug ("HTTP ! %s %s, attempt %u/%u: %s (%s)", op->method, url, op->attempt,
           op->max_attempts, message, what);
}

void
vitrine_http_op_return_error (GTask  *task,
                              GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
op_wait_end (VitrineHttpOp *op)
{
  vitrine_http_clear_source (&op->wait_source);
  vitrine_http_clear_source (&op->wait_cancel_source);
}

static gboolean
op_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);

  op_wait_end (op);
  op->attempt++;
  vitrine_http_op_start_message (task);
  return G_SOURCE_REMOVE;
}

static gboolean
op_wait_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  op_wait_end (op);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  vitrine_http_op_return_error (task, error);
  return G_SOURCE_REMOVE;
}

/* Retries (after a wait) or returns the pending error. */
static void
op_fail_continue (GTask *task)
{
  VitrineHttpOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = g_steal_pointer (&op->pending_error);
  gboolean retry;
  guint delay;

  if (g_cancellable_is_cancelled (op->cancellable))
    {
      g_clear_error (&error);
      g_cancellable_set_error_if_cancelled (op->cancellable, &error);
      vitrine_http_op_return_error (task, g_steal_pointer (&error));
      return;
    }

  retry = op->attempt < op->max_attempts &&
          (op->pending_retry == VITRINE_HTTP_RETRY_NOT_SENT ||
           (op->pending_retry == VITRINE_HTTP_RETRY_IF_IDEMPOTENT && op->idempotent));
  if (retry && op->pending_hint_ms > MAX_HINT_MS)
    retry = FALSE;
  delay = retry ? vitrine_backoff_delay (RETRY_BASE_MS, op->attempt, op->pending_hint_ms) : 0;
  /* A wait that would end past the request's deadline is not started. */
  if (retry && g_get_monotonic_time () + (gint64) delay * 1000 >= op->ends_at)
    retry = FALSE;

  if (!retry)
    {
      op_log_failure (op, error, "giving up");
      vitrine_http_op_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    g_autofree char *what = g_strdup_printf ("retrying in %u ms", delay);
    op_log_failure (op, error, what);
  }

  /* The task's one reference goes to whichever source fires first; the
   * other is destroyed with it. */
  op->wait_source = g_timeout_source_new (delay);
  g_source_set_name (op->wait_source, "[vitrine] HTTP retry wait");
  g_source_set_callback (op->wait_source, op_wait_done_cb, task, NULL);
  g_source_attach (op->wait_source, g_task_get_context (task));
  if (op->cancellable != NULL)
    {
      op->wait_cancel_source = g_cancellable_source_new (op->cancellable);
      g_source_set_callback (op->wait_cancel_source, (GSourceFunc) op_wait_cancelled_cb, task,
                             NULL);
      g_source_attach (op->wait_cancel_source, g_task_get_context (task));
    }
}

static void
op_part_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_autofree char *message = vitrine_http_redact (error->message);

      g_debug ("Could not remove a partial download: %s", message);
    }
  op->part_created = FALSE;
  op_fail_continue (task);
}

static void
op_part_closed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  VitrineHttpOp *op = g_task_get_task_data (task);

  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, NULL);
  g_clear_object (&op->out);
  g_file_delete_async (op->part_file, G_PRIORITY_DEFAULT, NULL, op_part_deleted_cb, task);
}

/* Ends the attempt with @error (taken); a download's partial file goes first. */
void
vitrine_http_op_fail (GTask            *task,
                      GError           *error,
                      VitrineHttpRetry  retry,
                      guint             hint_ms)
{
  VitrineHttpOp *op = g_task_get_task_data (task);

  g_clear_error (&op->pending_error);
  op->pending_error = error;
  op->pending_retry = retry;
  op->pending_hint_ms = hint_ms;
  vitrine_http_op_end_attempt (op);

  if (op->out != NULL)
    g_output_stream_close_async (op->out, G_PRIORITY_DEFAULT, NULL, op_part_closed_cb, task);
  else if (op->part_created)
    g_file_delete_async (op->part_file, G_PRIORITY_DEFAULT, NULL, op_part_deleted_cb, task);
  else
    op_fail_continue (task);
}

/* The attempt's deadline fired: no progress for the request's timeout, or
 * the whole request's deadline passed. */
static GError *
timeout_error (VitrineHttpOp *op,
               const char    *host)
{
  if (op->past_end)
    return g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TIMEOUT,
                        ngettext ("%s did not finish answering within %u second.",
                                  "%s did not finish answering within %u seconds.",
                                  op->deadline_s),
                        host, op->deadline_s);
  return g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TIMEOUT,
                      ngettext ("%s did not answer within %u second.",
                                "%s did not answer within %u seconds.",
                                op->request->timeout_s),
                      host, op->request->timeout_s);
}

/* A GIO or libsoup error of the attempt in flight (@local: the download's
 * own file, not the network). Takes @error. */
void
vitrine_http_op_fail_io (GTask    *task,
                         GError   *error,
                         gboolean  local)
{
  VitrineHttpOp *op = g_task_get_task_data (task);
  g_autofree char *host = vitrine_http_url_host (op->url);
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (op->timed_out && !g_cancellable_is_cancelled (op->cancellable))
        {
          g_error_free (error);
          vitrine_http_op_fail (task, timeout_error (op, host),
                                op->past_end ? VITRINE_HTTP_RETRY_NEVER
                                             : VITRINE_HTTP_RETRY_IF_IDEMPOTENT, 0);
        }
      else
        vitrine_http_op_fail (task, error, VITRINE_HTTP_RETRY_NEVER, 0);
      return;
    }

  if (local)
    {
      vitrine_http_op_fail (task, error, VITRINE_HTTP_RETRY_NEVER, 0);
      return;
    }

  if (error->domain == G_TLS_ERROR)
    {
      mapped = g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TLS,
                            _("The secure connection to %s failed: %s"), host, error->message);
      g_error_free (error);
      vitrine_http_op_fail (task, mapped, VITRINE_HTTP_RETRY_NEVER, 0);
    }
  else if (error->domain == SOUP_SESSION_ERROR)
    {
      mapped = g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                            _("%s sent a reply Vitrine could not read: %s"), host, error->message);
      g_error_free (error);
      vitrine_http_op_fail (task, mapped, VITRINE_HTTP_RETRY_NEVER, 0);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      mapped = g_error_new (VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TIMEOUT,
                            _("%s did not answer in time: %s"), host, error->message);
      g_error_free (error);
      vitrine_http_op_fail (task, mapped, VITRINE_HTTP_RETRY_IF_IDEMPOTENT, 0);
    }
  else
    {
      gboolean not_sent = error->domain == G_RESOLVER_ERROR ||
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);

      /* Not sent, it says so: a paid POST refused so is a plain failure
       * (nothing charged), not an answer lost. */
      mapped = g_error_new (VITRINE_HTTP_ERROR,
                            not_sent ? VITRINE_HTTP_ERROR_UNREACHABLE : VITRINE_HTTP_ERROR_NETWORK,
                            _("Could not reach %s: %s"), host, error->message);
      g_error_free (error);
      vitrine_http_op_fail (task, mapped,
                            not_sent ? VITRINE_HTTP_RETRY_NOT_SENT : VITRINE_HTTP_RETRY_IF_IDEMPOTENT,
                            0);
    }
}

