/* vitrine-remote-download.c: the videos downloaded; uploads cleaned up
 *
 * Every output video downloaded (DOWNLOADING with progress, streamed to a
 * temporary file and renamed) into the job's output folder, labelled, then
 * COMPLETED; and the uploaded copies left to the media host's rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "vitrine-config.h"
#include "vitrine-media-host.h"
#include "vitrine-remote-private.h"

/* Downloads ------------------------------------------------------------------ */

static char *
output_dir_for (VitrineJob *job)
{
  const char *dir = vitrine_job_get_output_dir (job);

  return dir != NULL && *dir != '\0' ? g_strdup (dir) : vitrine_default_output_dir ();
}

static char *
file_name_part (const char *text)
{
  char *part = g_strdup (text != NULL ? text : "");

  g_strdelimit (g_strstrip (part), "/\\:*?\"<>|", '-');
  return part;
}

/* "<dir>/<listing>.mp4" for a single video, "<dir>/<listing> - <label>.mp4"
 * for several; " (2)", " (3)"… when the name is taken on disk or by a
 * download under way. */
static char *
output_path_for (VitrineRemoteProvider *self,
                 VitrineJob            *job,
                 const char            *dir,
                 const char            *label,
                 guint                  n)
{
  GHashTable *writing = vitrine_remote_provider_get_priv (self)->writing;
  g_autofree char *listing = file_name_part (vitrine_job_get_name (job));
  g_autofree char *label_part = file_name_part (label);
  g_autofree char *stem = NULL;

  if (*listing == '\0')
    {
      g_free (listing);
      listing = g_strdup (_("Listing"));
    }
  stem = n == 1 ? g_strdup (listing) : g_strdup_printf ("%s - %s", listing, label_part);

  for (guint copy = 1; ; copy++)
    {
      g_autofree char *name = copy == 1 ? g_strdup_printf ("%s.mp4", stem)
                                        : g_strdup_printf ("%s (%u).mp4", stem, copy);
      char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_hash_table_contains (writing, path))
        return path;
      g_free (path);
    }
}

static gboolean
already_downloaded (VitrineJob *job,
                    const char *url)
{
  GPtrArray *outputs = vitrine_job_get_outputs (job);

  for (guint i = 0; i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      if (g_strcmp0 (output->url, url) == 0 && output->path != NULL &&
          g_file_test (output->path, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  return FALSE;
}

static char *
output_label (VitrineRemoteProvider *self,
              guint                  index,
              guint                  n)
{
  const char * const *labels = INFO (self)->output_labels;

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      if (i == index)
        return g_strdup (_(labels[i]));
    }
  if (n == 1)
    return g_strdup (_("Video"));
  return g_strdup_printf (_("Video %u"), index + 1);
}

static void
download_progress_cb (double   fraction,
                      gpointer user_data)
{
  VitrineRemoteOp *op = TASK_OP (G_TASK (user_data));
  guint n = op->status.videos->len;
  double done = op->index + CLAMP (fraction, 0.0, 1.0);

  vitrine_job_set_progress (op->job, (guint) ((done * 100.0) / n));
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  const char *url = g_ptr_array_index (op->status.videos, op->index);
  g_autofree char *label = output_label (self, op->index, op->status.videos->len);
  GError *error = NULL;

  g_hash_table_remove (vitrine_remote_provider_get_priv (self)->writing, op->path);
  if (!vitrine_http_download_finish (VITRINE_HTTP (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (vitrine_remote_is_cancelled (error) || vitrine_remote_is_transient (error))
        {
          /* The job stays DOWNLOADING: the next poll starts again where
           * this one stopped (finished files are kept). */
          GError *busy = vitrine_remote_is_cancelled (error) ? error
                                                             : vitrine_remote_busy_error (self, error);

          if (busy != error)
            g_error_free (error);
          g_task_return_error (task, busy);
          return;
        }
      message = g_strdup_printf (_("Could not download the video “%s” made by %s: %s"), label,
                                 INFO (self)->display_name, error->message);
      g_error_free (error);
      vitrine_job_fail (op->job, message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  vitrine_job_add_output (op->job, label, url, op->path);
  op->index++;
  vitrine_remote_download_next (g_steal_pointer (&task));
}

void
vitrine_remote_download_next (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  GPtrArray *videos = op->status.videos;
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *label = NULL;

  while (op->index < videos->len &&
         already_downloaded (op->job, g_ptr_array_index (videos, op->index)))
    op->index++;
  if (op->index == videos->len)
    {
      vitrine_job_set_state (op->job, VITRINE_JOB_STATE_COMPLETED);
      g_task_return_boolean (task, TRUE);
      return;
    }

  dir = output_dir_for (op->job);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("Cannot create the folder “%s”: %s"), dir,
                                                  g_strerror (saved_errno));

      vitrine_job_fail (op->job, message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  label = output_label (self, op->index, videos->len);
  g_free (op->path);
  op->path = output_path_for (self, op->job, dir, label, videos->len);
  g_hash_table_add (vitrine_remote_provider_get_priv (self)->writing, g_strdup (op->path));

  request = vitrine_http_request_new ("GET", g_ptr_array_index (videos, op->index));
  vitrine_http_download_async (vitrine_http_get_default (), request, op->path,
                               download_progress_cb, task, g_task_get_cancellable (task),
                               download_cb, task);
}

static void
cleanup_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vitrine_media_host_delete_job_finish (VITRINE_MEDIA_HOST (object), result, &error))
    g_debug ("Uploaded files not deleted: %s", error->message);
}

static void
cleanup_host_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree char *job_id = user_data;
  g_autoptr(VitrineMediaHost) host = vitrine_media_host_new_from_settings_finish (result, NULL);

  if (host != NULL)
    vitrine_media_host_delete_job_async (host, job_id, NULL, cleanup_deleted_cb, NULL);
}

/* A job that uploaded files and has ended leaves them to the media host's
 * rule (deleted now, or after keep-days). */
void
vitrine_remote_cleanup_uploads (VitrineJob *job)
{
  const char * const *photos = vitrine_job_get_photos (job);
  const char *extras[] = { vitrine_job_get_music (job), vitrine_job_get_logo (job),
                           vitrine_job_get_outro (job) };
  gboolean uploaded = FALSE;

  for (guint i = 0; photos[i] != NULL; i++)
    uploaded |= !vitrine_remote_is_url (photos[i]);
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    uploaded |= extras[i] != NULL && g_path_is_absolute (extras[i]);
  if (uploaded)
    vitrine_media_host_new_from_settings_async (NULL, cleanup_host_cb,
                                                g_strdup (vitrine_job_get_id (job)));
}
