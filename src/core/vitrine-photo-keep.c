/* vitrine-photo-keep.c: a job's own copy of the photos the document portal lent it
 *
 * collect what to copy (main thread: the job is not shared with threads) →
 * copy (worker thread; a partial copy removed) → replace the paths (main
 * thread, in the finish, only where the photo is still the one copied).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "vitrine-background.h"
#include "vitrine-photo-keep.h"

typedef struct {
  guint  index;
  char  *source;
  char  *dest;
  char  *kept;    /* dest, once copied */
} Copy;

typedef struct {
  GArray *copies; /* of Copy */
  char   *dir;
  GError *error;  /* the first copy that failed */
} Keep;

static void
copy_clear (gpointer data)
{
  Copy *copy = data;

  g_free (copy->source);
  g_free (copy->dest);
  g_free (copy->kept);
}

static void
keep_free (gpointer data)
{
  Keep *keep = data;

  g_array_unref (keep->copies);
  g_free (keep->dir);
  g_clear_error (&keep->error);
  g_free (keep);
}

static char *
keep_root (void)
{
  return g_build_filename (g_get_user_data_dir (), "vitrine", "photos", NULL);
}

char *
vitrine_photo_keep_dup_dir (const char *job_id)
{
  g_autofree char *root = keep_root ();

  g_return_val_if_fail (job_id != NULL && *job_id != '\0', NULL);
  g_return_val_if_fail (strchr (job_id, G_DIR_SEPARATOR) == NULL, NULL);

  return g_build_filename (root, job_id, NULL);
}

static gboolean
is_under (const char *path,
          const char *dir)
{
  gsize len = strlen (dir);

  return strncmp (path, dir, len) == 0 && path[len] == G_DIR_SEPARATOR;
}

/* The name the copy of @path takes, without its folder: a photo kept for
 * another job already starts with that job's "NN-", which is dropped. */
static char *
source_name (const char *path,
             const char *root)
{
  g_autofree char *name = g_path_get_basename (path);
  const char *dash = strchr (name, '-');

  if (is_under (path, root) && dash != NULL && dash[1] != '\0')
    return g_strdup (dash + 1);
  return g_steal_pointer (&name);
}

/* Whether @path must be copied for the job whose copies go in @own. The
 * portal is mounted at $XDG_RUNTIME_DIR/doc, and inside the sandbox at
 * /run/flatpak/doc as well; GTK hands out either. */
static gboolean
needs_copy (const char *path,
            const char *root,
            const char *own)
{
  g_autofree char *doc = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);

  if (!g_path_is_absolute (path) || is_under (path, own))
    return FALSE;
  return is_under (path, doc) || is_under (path, "/run/flatpak/doc") || is_under (path, root);
}

gboolean
vitrine_photo_keep_needed (VitrineJob *job)
{
  g_autofree char *root = keep_root ();
  g_autofree char *own = NULL;
  const char * const *photos;

  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);

  own = vitrine_photo_keep_dup_dir (vitrine_job_get_id (job));
  photos = vitrine_job_get_photos (job);
  for (guint i = 0; photos[i] != NULL; i++)
    if (needs_copy (photos[i], root, own))
      return TRUE;
  return FALSE;
}

static void
keep_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Keep *keep = task_data;
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (keep->dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "%s: %s", keep->dir, g_strerror (saved));
      return;
    }

  for (guint i = 0; i < keep->copies->len; i++)
    {
      Copy *copy = &g_array_index (keep->copies, Copy, i);
      g_autoptr(GFile) source = g_file_new_for_path (copy->source);
      g_autoptr(GFile) dest = g_file_new_for_path (copy->dest);

      if (g_file_copy (source, dest, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, &error))
        {
          copy->kept = g_strdup (copy->dest);
          continue;
        }
      g_unlink (copy->dest);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (keep->error == NULL)
        keep->error = g_steal_pointer (&error);
      g_clear_error (&error);
    }
  g_task_return_boolean (task, TRUE);
}

void
vitrine_photo_keep_async (VitrineJob          *job,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *root = keep_root ();
  const char * const *photos;
  Keep *keep;

  g_return_if_fail (VITRINE_IS_JOB (job));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (job, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_photo_keep_async);

  keep = g_new0 (Keep, 1);
  keep->copies = g_array_new (FALSE, TRUE, sizeof (Copy));
  g_array_set_clear_func (keep->copies, copy_clear);
  keep->dir = vitrine_photo_keep_dup_dir (vitrine_job_get_id (job));
  g_task_set_task_data (task, keep, keep_free);

  /* "NN-": the photo's index (from 0, as captions and crop offsets count),
   * so that two "IMG_0001.jpg" from two folders stay two files. */
  photos = vitrine_job_get_photos (job);
  for (guint i = 0; photos[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *file = NULL;
      Copy copy = { i, NULL, NULL, NULL };

      if (!needs_copy (photos[i], root, keep->dir))
        continue;
      name = source_name (photos[i], root);
      file = g_strdup_printf ("%02u-%s", i, name);
      copy.source = g_strdup (photos[i]);
      copy.dest = g_build_filename (keep->dir, file, NULL);
      g_array_append_val (keep->copies, copy);
    }

  if (keep->copies->len == 0)
    g_task_return_boolean (task, TRUE);
  else
    vitrine_background_run (task, keep_thread);
}

gboolean
vitrine_photo_keep_finish (VitrineJob    *job,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_auto(GStrv) photos = NULL;
  Keep *keep;

  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, job), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vitrine_photo_keep_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  keep = g_task_get_task_data (G_TASK (result));
  photos = g_strdupv ((char **) vitrine_job_get_photos (job));
  for (guint i = 0; i < keep->copies->len; i++)
    {
      Copy *copy = &g_array_index (keep->copies, Copy, i);

      /* The agent may have changed the photos while they were copied. */
      if (copy->kept != NULL && copy->index < g_strv_length (photos) &&
          g_strcmp0 (photos[copy->index], copy->source) == 0)
        {
          g_free (photos[copy->index]);
          photos[copy->index] = g_strdup (copy->kept);
        }
    }
  vitrine_job_set_photos (job, (const char * const *) photos);

  if (keep->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&keep->error));
      return FALSE;
    }
  return TRUE;
}

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *dir = task_data;
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  /* The folder holds the copies alone, no subfolder. */
  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  if (folder != NULL && g_rmdir (dir) != 0)
    g_debug ("%s not deleted: %s", dir, g_strerror (errno));
  g_task_return_boolean (task, TRUE);
}

void
vitrine_photo_keep_delete (const char *job_id)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (job_id != NULL && *job_id != '\0');

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, vitrine_photo_keep_delete);
  g_task_set_task_data (task, vitrine_photo_keep_dup_dir (job_id), g_free);
  g_task_run_in_thread (task, delete_thread);
}
