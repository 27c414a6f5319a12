/* vitrine-media-host-delete.c: a job's objects out of the bucket, and the sweep
 *
 * The objects due are collected from the records in a worker thread,
 * deleted from the main thread a few at a time, and what was deleted is
 * forgotten in a worker thread again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vitrine-config.h"
#include "vitrine-media-host-private.h"

/* {{{ Deleting objects (main thread) */

typedef struct {
  GPtrArray *doomed;       /* of VitrineMediaHostDoomed, to delete */
  GPtrArray *deleted;      /* of VitrineMediaHostDoomed (borrowed from doomed) */
  guint next;
  guint in_flight;
  GError *error;
  char *endpoint;
  char *bucket;
} Deletion;

static void
deletion_free (Deletion *del)
{
  g_clear_pointer (&del->deleted, g_ptr_array_unref);
  g_clear_pointer (&del->doomed, g_ptr_array_unref);
  g_clear_error (&del->error);
  g_free (del->endpoint);
  g_free (del->bucket);
  g_free (del);
}

static void deletion_pump (GTask *task);

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Deletion *del = task_data;
  GError *error = NULL;

  if (!vitrine_media_host_records_forget (del->deleted, del->endpoint, del->bucket, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (del->error != NULL)
    g_task_return_error (task, g_steal_pointer (&del->error));
  else
    g_task_return_int (task, del->deleted->len);
}

typedef struct {
  GTask *task;
  VitrineMediaHostDoomed *doomed;
} DeleteCall;

static void
delete_object_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DeleteCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Deletion *del = g_task_get_task_data (task);
  VitrineMediaHost *self = g_task_get_source_object (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  body = vitrine_http_send_finish (VITRINE_HTTP (object), result, &status, &error);
  /* 404: already gone (DELETE of a missing key is 204 on S3 itself) */
  if (body != NULL || (status == 404 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_debug ("media host: deleted %s", call->doomed->key);
      g_ptr_array_add (del->deleted, call->doomed);
    }
  else if (del->error == NULL)
    del->error = vitrine_media_host_map_error (self, error);

  g_free (call);
  del->in_flight--;
  deletion_pump (task);
}

static void
deletion_pump (GTask *task)
{
  Deletion *del = g_task_get_task_data (task);
  VitrineMediaHost *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  while (del->error == NULL && !g_cancellable_is_cancelled (cancellable) &&
         del->in_flight < VITRINE_MEDIA_HOST_MAX_IN_FLIGHT && del->next < del->doomed->len)
    {
      DeleteCall *call = g_new0 (DeleteCall, 1);
      g_autoptr(VitrineHttpRequest) request = NULL;
      g_autofree char *empty = vitrine_sigv4_sha256_hex ("", 0);

      call->task = g_object_ref (task);
      call->doomed = g_ptr_array_index (del->doomed, del->next++);
      request = vitrine_media_host_signed_request (self, "DELETE", call->doomed->key, empty);
      del->in_flight++;
      vitrine_http_send_async (vitrine_http_get_default (), request, cancellable,
                               delete_object_cb, call);
    }

  if (del->in_flight > 0)
    return;

  /* all done, failed or cancelled: what was deleted is forgotten either way */
  if (del->error == NULL && del->next < del->doomed->len)
    del->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
  g_task_run_in_thread (task, forget_thread);
}

/* Deletes @doomed and forgets what was deleted; returns the count. */
static void
delete_objects_async (VitrineMediaHost    *self,
                      GPtrArray           *doomed,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Deletion *del = g_new0 (Deletion, 1);

  g_task_set_source_tag (task, delete_objects_async);
  del->doomed = g_ptr_array_ref (doomed);
  del->deleted = g_ptr_array_new ();
  del->endpoint = g_strdup (self->endpoint);
  del->bucket = g_strdup (self->bucket);
  g_task_set_task_data (task, del, (GDestroyNotify) deletion_free);
  deletion_pump (task);
}

/* Hands the count (or the error) of @result, a task counting objects
 * (delete_objects_async(), vitrine_media_host_sweep_async()), on to
 * @user_data's task. */
static void
relay_count_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gssize count = g_task_propagate_int (G_TASK (result), &error);

  if (count < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, count);
}

/* }}} */

/* {{{ Deleting a job's objects, sweeping */

typedef struct {
  char *job_id;
  char *endpoint;
  char *bucket;
  gint64 keep_seconds;    /* -1: everything of this host, now */
  gint64 link_seconds;
  gboolean mark_ended;    /* delete_job_async with keep-days > 0 */
} Collect;

static void
collect_free (Collect *c)
{
  g_free (c->job_id);
  g_free (c->endpoint);
  g_free (c->bucket);
  g_free (c);
}

/* Worker: the due objects of one job (job_id set) or of every job. */
static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Collect *c = task_data;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GError *error = NULL;

  if (c->mark_ended)
    {
      if (!vitrine_media_host_records_end_job (c->job_id, now, &error))
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  g_task_return_pointer (task,
                         vitrine_media_host_records_collect (c->job_id, c->endpoint, c->bucket, now,
                                                             c->keep_seconds, c->link_seconds),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
collected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineMediaHost *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) doomed = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!(doomed = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (doomed->len == 0)
    {
      g_task_return_int (task, 0);
      return;
    }
  g_debug ("media host: deleting %u objects", doomed->len);
  cancellable = g_task_get_cancellable (task);
  delete_objects_async (self, doomed, cancellable, relay_count_cb, g_steal_pointer (&task));
}

static void
collect_async (VitrineMediaHost    *self,
               gpointer             source_tag,
               Collect             *c,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) worker = NULL;

  g_task_set_source_tag (task, source_tag);
  c->endpoint = g_strdup (self->endpoint);
  c->bucket = g_strdup (self->bucket);
  worker = g_task_new (NULL, cancellable, collected_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, c, (GDestroyNotify) collect_free);
  g_task_run_in_thread (worker, collect_thread);
}

void
vitrine_media_host_delete_job_async (VitrineMediaHost    *self,
                                     const char          *job_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Collect *c;

  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));
  g_return_if_fail (job_id != NULL && *job_id != '\0' && strchr (job_id, '/') == NULL);

  c = g_new0 (Collect, 1);
  c->job_id = g_strdup (job_id);
  c->mark_ended = self->keep_days > 0;
  collect_async (self, vitrine_media_host_delete_job_async, c, cancellable, callback, user_data);
}

gboolean
vitrine_media_host_delete_job_finish (VitrineMediaHost  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_int (G_TASK (result), error) >= 0;
}

void
vitrine_media_host_sweep_async (VitrineMediaHost    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Collect *c;

  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));

  c = g_new0 (Collect, 1);
  c->keep_seconds = (gint64) self->keep_days * 24 * 3600;
  c->link_seconds = (gint64) self->url_hours * 3600;
  collect_async (self, vitrine_media_host_sweep_async, c, cancellable, callback, user_data);
}

guint
vitrine_media_host_sweep_finish (VitrineMediaHost  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  count = g_task_propagate_int (G_TASK (result), error);
  return count < 0 ? 0 : (guint) count;
}

static void
sweep_host_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(VitrineMediaHost) host = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  host = vitrine_media_host_new_from_settings_finish (result, &error);
  if (host == NULL && g_error_matches (error, VITRINE_MEDIA_HOST_ERROR,
                                       VITRINE_MEDIA_HOST_ERROR_NOT_CONFIGURED))
    {
      g_error_free (error);
      g_task_return_int (task, 0);
      return;
    }
  if (host == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  vitrine_media_host_sweep_async (host, cancellable, relay_count_cb, g_steal_pointer (&task));
}

void
vitrine_media_host_sweep_from_settings_async (GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *endpoint = vitrine_config_get_string ("s3", "ENDPOINT", "media-host-endpoint",
                                                         NULL);

  g_task_set_source_tag (task, vitrine_media_host_sweep_from_settings_async);
  /* No endpoint: nothing was ever uploaded, and the keyring is left alone. */
  if (endpoint == NULL || *endpoint == '\0')
    {
      g_task_return_int (task, 0);
      g_object_unref (task);
      return;
    }
  vitrine_media_host_new_from_settings_async (cancellable, sweep_host_cb, task);
}

guint
vitrine_media_host_sweep_from_settings_finish (GAsyncResult  *result,
                                               GError       **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  count = g_task_propagate_int (G_TASK (result), error);
  return count < 0 ? 0 : (guint) count;
}
