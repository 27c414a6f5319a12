/* vitrine-media-host-upload.c: a job's files into the bucket
 *
 * A few files at a time: each is hashed and recorded in a worker thread,
 * then PUT from the main thread, streamed from its file; its presigned GET
 * URL is the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vitrine-background.h"
#include "vitrine-batch.h"
#include "vitrine-media-host-private.h"

typedef struct {
  VitrineMediaHost *self;   /* for the error messages; the task holds it */
  GPtrArray *files;         /* of char * */
  GPtrArray *names;         /* of char * (NULL for URLs) */
  char *record;             /* path of the job's record */
  char *endpoint;
  char *bucket;
  VitrineBatch batch;       /* a result per file: its presigned GET URL */
  guint next;
  guint in_flight;
  guint64 bytes;
  VitrineMediaHostProgress progress;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
} Upload;

static void
upload_free (Upload *up)
{
  vitrine_batch_clear (&up->batch);
  g_ptr_array_unref (up->files);
  g_ptr_array_unref (up->names);
  g_free (up->record);
  g_free (up->endpoint);
  g_free (up->bucket);
  if (up->progress_destroy != NULL)
    up->progress_destroy (up->progress_data);
  g_free (up);
}

/* One file: hashed and recorded in a worker, then PUT from the main thread. */
typedef struct {
  GTask *upload;    /* the whole upload's task */
  guint index;
  char *path;
  char *name;
  char *record;
  char *endpoint;
  char *bucket;
  /* filled by the worker */
  char *key;
  char *sha256;
  char *content_type;
  guint64 size;
} FileUpload;

static void
file_upload_free (FileUpload *fu)
{
  g_clear_object (&fu->upload);
  g_free (fu->path);
  g_free (fu->name);
  g_free (fu->record);
  g_free (fu->endpoint);
  g_free (fu->bucket);
  g_free (fu->key);
  g_free (fu->sha256);
  g_free (fu->content_type);
  g_free (fu);
}

/* "<index>.<ext>" from the file's own extension (lower case, short). */
static char *
default_name (guint       index,
              const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *ext = NULL;

  if (dot == NULL || dot == base || strlen (dot + 1) == 0 || strlen (dot + 1) > 5)
    return g_strdup_printf ("%u", index);
  for (const char *p = dot + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return g_strdup_printf ("%u", index);
  ext = g_ascii_strdown (dot + 1, -1);
  return g_strdup_printf ("%u.%s", index, ext);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FileUpload *fu = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (fu->path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  g_autofree char *type = NULL;
  GError *error = NULL;
  gboolean first = TRUE;
  gssize n;

  if (!(stream = g_file_read (file, cancellable, &error)))
    {
      g_autofree char *name = g_filename_display_basename (fu->path);

      g_task_return_new_error (task, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_FAILED,
                               _("%s cannot be uploaded: %s"), name, error->message);
      g_error_free (error);
      return;
    }
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 64 * 1024, cancellable,
                                   &error)) > 0)
    {
      if (first)
        {
          type = g_content_type_guess (fu->path, buffer, n, NULL);
          first = FALSE;
        }
      g_checksum_update (sum, buffer, n);
      fu->size += n;
    }
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  if (type == NULL)
    type = g_content_type_guess (fu->path, NULL, 0, NULL);
  fu->content_type = g_content_type_get_mime_type (type);
  if (fu->content_type == NULL)
    fu->content_type = g_strdup ("application/octet-stream");
  fu->sha256 = g_strdup (g_checksum_get_string (sum));

  if (!(fu->key = vitrine_media_host_records_add (fu->record, fu->endpoint, fu->bucket, fu->name, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void upload_pump (GTask *task);

static void
upload_file_done (GTask  *task,
                  GError *error)
{
  Upload *up = g_task_get_task_data (task);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    vitrine_batch_fail (&up->batch, vitrine_media_host_map_error (up->self, error));
  up->in_flight--;
  upload_pump (task);
}

static void
put_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  FileUpload *fu = user_data;
  g_autoptr(GTask) task = g_object_ref (fu->upload);
  Upload *up = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error);
  if (body != NULL)
    {
      g_debug ("media host: uploaded %s (%" G_GUINT64_FORMAT " bytes, %s)", fu->key, fu->size,
               fu->content_type);
      char *url = vitrine_media_host_presign_get (up->self, fu->key, up->self->url_hours * 3600);

      up->bytes += fu->size;
      if (vitrine_batch_take (&up->batch, fu->index, url) && up->progress != NULL)
        up->progress (up->batch.done, up->batch.total, up->bytes, up->progress_data);
    }
  file_upload_free (fu);
  upload_file_done (task, error);
}

static void
hashed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  FileUpload *fu = g_task_get_task_data (G_TASK (result));
  g_autoptr(GTask) task = g_object_ref (fu->upload);
  Upload *up = g_task_get_task_data (task);
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_cancellable_set_error_if_cancelled (up->batch.cancellable, &error))
    {
      file_upload_free (fu);
      upload_file_done (task, error);
      return;
    }

  /* the FileUpload goes on to the PUT, which frees it */
  request = vitrine_media_host_signed_request (up->self, "PUT", fu->key, fu->sha256);
  vitrine_http_request_set_file_body (request, fu->content_type, fu->path);
  vitrine_http_send_async (vitrine_http_get_default (), request, up->batch.cancellable, put_cb, fu);
}

static void
upload_pump (GTask *task)
{
  Upload *up = g_task_get_task_data (task);

  while (!vitrine_batch_is_stopped (&up->batch) &&
         up->in_flight < VITRINE_MEDIA_HOST_MAX_IN_FLIGHT && up->next < up->files->len)
    {
      guint i = up->next++;
      const char *file = g_ptr_array_index (up->files, i);
      g_autoptr(GTask) hash = NULL;
      FileUpload *fu;

      if (up->batch.results[i] != NULL)
        continue; /* already in results */

      fu = g_new0 (FileUpload, 1);
      fu->upload = g_object_ref (task);
      fu->index = i;
      fu->path = g_strdup (file);
      fu->name = g_strdup (g_ptr_array_index (up->names, i));
      fu->record = g_strdup (up->record);
      fu->endpoint = g_strdup (up->endpoint);
      fu->bucket = g_strdup (up->bucket);

      hash = g_task_new (NULL, up->batch.cancellable, hashed_cb, NULL);
      g_task_set_source_tag (hash, hash_thread);
      /* no destroy notify: hashed_cb hands @fu on to the PUT or frees it */
      g_task_set_task_data (hash, fu, NULL);
      up->in_flight++;
      vitrine_background_run (hash, hash_thread);
    }

  if (up->in_flight == 0)
    vitrine_batch_return (&up->batch, task);
}

void
vitrine_media_host_upload_async (VitrineMediaHost         *self,
                                 const char               *job_id,
                                 const char * const       *files,
                                 const char * const       *names,
                                 VitrineMediaHostProgress  progress,
                                 gpointer                  progress_data,
                                 GDestroyNotify            progress_destroy,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  Upload *up;
  guint n;

  g_return_if_fail (VITRINE_IS_MEDIA_HOST (self));
  g_return_if_fail (job_id != NULL && *job_id != '\0' && strchr (job_id, '/') == NULL);
  g_return_if_fail (files != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_media_host_upload_async);

  n = g_strv_length ((char **) files);
  up = g_new0 (Upload, 1);
  up->self = self;
  up->files = g_ptr_array_new_with_free_func (g_free);
  up->names = g_ptr_array_new_with_free_func (g_free);
  up->record = vitrine_media_host_record_path (job_id);
  up->endpoint = g_strdup (self->endpoint);
  up->bucket = g_strdup (self->bucket);
  up->progress = progress;
  up->progress_data = progress_data;
  up->progress_destroy = progress_destroy;
  vitrine_batch_init (&up->batch, files, cancellable);
  g_task_set_task_data (task, up, (GDestroyNotify) upload_free);

  for (guint i = 0; i < n; i++)
    {
      if (up->batch.results[i] != NULL)
        {
          g_ptr_array_add (up->files, g_strdup (files[i]));
          g_ptr_array_add (up->names, NULL);
          continue;
        }
      if (g_ascii_strncasecmp (files[i], "file:", 5) == 0)
        g_ptr_array_add (up->files, g_filename_from_uri (files[i], NULL, NULL));
      else
        g_ptr_array_add (up->files, g_canonicalize_filename (files[i], NULL));
      if (g_ptr_array_index (up->files, i) == NULL)
        {
          g_task_return_new_error (task, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_FAILED,
                                   _("%s is not a local file."), files[i]);
          return;
        }
      if (names != NULL && names[i] != NULL && *names[i] != '\0')
        g_ptr_array_add (up->names, g_strdup (names[i]));
      else
        g_ptr_array_add (up->names, default_name (i, g_ptr_array_index (up->files, i)));
    }

  upload_pump (task);
}

GStrv
vitrine_media_host_upload_finish (VitrineMediaHost  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
