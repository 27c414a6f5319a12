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

/* A file name may hold at most this many bytes (most file systems allow
 * 255; the issue asks for 100, leaving room for the folder on the disks an
 * agent copies to). */
#define MAX_NAME_BYTES 100

/* @text made safe for every file system the agent might copy the video to
 * (FAT and NTFS included): no control characters, none of / \ : * ? " < >
 * |, no leading dot, no trailing dot or space. */
static char *
file_name_part (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *part = g_string_new (NULL);

  for (const char *c = valid; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar ch = g_utf8_get_char (c);

      if (g_unichar_iscntrl (ch))
        g_string_append_c (part, ' ');
      else if (ch < 0x80 && strchr ("/\\:*?\"<>|", (char) ch) != NULL)
        g_string_append_c (part, '-');
      else
        g_string_append_unichar (part, ch);
    }
  g_strstrip (part->str);
  g_string_set_size (part, strlen (part->str));
  while (part->len > 0 && part->str[0] == '.')
    g_string_erase (part, 0, 1);
  while (part->len > 0 && (part->str[part->len - 1] == '.' || part->str[part->len - 1] == ' '))
    g_string_truncate (part, part->len - 1);
  return g_string_free (part, FALSE);
}

/* @text cut to at most @max bytes, at a character boundary. */
static void
cut_to_bytes (char  *text,
              gsize  max)
{
  const char *end = text;

  while (*end != '\0' && (gsize) (g_utf8_next_char (end) - text) <= max)
    end = g_utf8_next_char (end);
  text[end - text] = '\0';
  g_strchomp (text);
}

/* "<dir>/<listing>.mp4" for a single video, "<dir>/<listing> - <label>.mp4"
 * for several; " (2)", " (3)"… when the name is taken on disk or by a
 * video being written in this process (vitrine_provider_output_taken). The listing's part is cut so that the whole name
 * stays within MAX_NAME_BYTES. */
static char *
output_path_for (VitrineJob *job,
                 const char *dir,
                 const char *label,
                 guint       n)
{
  g_autofree char *stem = vitrine_provider_dup_file_stem (job);
  g_autofree char *listing = file_name_part (stem);
  g_autofree char *label_part = file_name_part (label);

  if (*listing == '\0')
    {
      g_free (listing);
      listing = g_strdup (_("Listing"));
    }

  for (guint copy = 1; ; copy++)
    {
      g_autofree char *copy_part = copy == 1 ? g_strdup ("") : g_strdup_printf (" (%u)", copy);
      g_autofree char *suffix = g_strdup_printf ("%s%s%s.mp4", n == 1 ? "" : " - ",
                                                 n == 1 ? "" : label_part, copy_part);
      g_autofree char *name = NULL;
      char *path;

      cut_to_bytes (listing, MAX_NAME_BYTES - MIN (strlen (suffix), MAX_NAME_BYTES / 2));
      name = g_strconcat (listing, suffix, NULL);
      path = g_build_filename (dir, name, NULL);
      if (!vitrine_provider_output_taken (path))
        return path;
      g_free (path);
    }
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

/* The output of @job labelled @label, or -1. */
static int
find_output (VitrineJob *job,
             const char *label)
{
  GPtrArray *outputs = vitrine_job_get_outputs (job);

  for (guint i = 0; i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      if (g_strcmp0 (output->label, label) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
output_is_done (VitrineJobOutput *output)
{
  return output->path != NULL && g_file_test (output->path, G_FILE_TEST_IS_REGULAR);
}

void
vitrine_remote_record_outputs (VitrineRemoteProvider *self,
                               VitrineJob            *job,
                               GPtrArray             *videos)
{
  const char * const *ratios = INFO (self)->output_ratios;
  guint n_ratios = ratios != NULL ? g_strv_length ((char **) ratios) : 0;
  guint skipped = 0;

  for (guint i = 0; i < videos->len; i++)
    {
      const char *url = g_ptr_array_index (videos, i);
      g_autofree char *label = NULL;
      const char *ratio;
      int index;

      if (url == NULL)
        {
          /* Skipped by the reply's reader; the others keep their labels. */
          skipped++;
          continue;
        }
      label = output_label (self, i, videos->len);
      ratio = i < n_ratios ? ratios[i] : NULL;
      if (g_strcmp0 (ratio, VITRINE_REMOTE_JOB_RATIO) == 0)
        ratio = vitrine_ratio_to_string (vitrine_job_get_ratio (job));
      if ((index = find_output (job, label)) < 0)
        vitrine_job_add_output_full (job, label, url, NULL, ratio, NULL);
      else if (!output_is_done (g_ptr_array_index (vitrine_job_get_outputs (job), index)))
        /* A fresh address from the provider (a signed URL may expire). */
        vitrine_job_update_output (job, index, url, NULL);
    }
  if (skipped > 0)
    {
      g_autofree char *note =
        g_strdup_printf (ngettext ("%s sent %u video without an address; it was skipped.",
                                   "%s sent %u videos without an address; they were skipped.",
                                   skipped), INFO (self)->display_name, skipped);

      vitrine_job_set_status_text (job, note);
    }
}

static void
download_progress_cb (double   fraction,
                      gpointer user_data)
{
  VitrineRemoteOp *op = TASK_OP (G_TASK (user_data));
  guint n = MAX (vitrine_job_get_outputs (op->job)->len, 1);
  double done = op->index + CLAMP (fraction, 0.0, 1.0);
  guint progress = (guint) ((done * 100.0) / n);

  /* A download tried again starts from its first byte, but the bar stays
   * where it was until the new attempt passes it: it never goes back. */
  vitrine_job_set_progress (op->job, MAX (progress, vitrine_job_get_progress (op->job)));
}

/* Whether @error is the computer's own (the folder, the disk) rather than
 * the network's or the provider's: the agent must act. */
static gboolean
is_local_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME) ||
         error->domain == G_FILE_ERROR;
}

/* A download that failed never ends a job whose video exists: it pauses
 * with @reason. A fault of the computer (a full disk, a folder that cannot
 * be written) waits for the agent (ATTENTION: Follow Again or vitrine-cli
 * wait); any other (a 404 from a CDN not ready yet, a 403, a 5xx, a cut
 * connection) is tried again with backoff (BUSY). */
static GError *
pause_download (VitrineRemoteProvider *self,
                VitrineJob            *job,
                const GError          *cause,
                const char            *reason)
{
  vitrine_job_set_attention (job, reason);
  if (is_local_error (cause))
    return g_error_new_literal (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_ATTENTION, reason);
  return vitrine_remote_busy_error (self, cause);
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  VitrineJobOutput *output = g_ptr_array_index (vitrine_job_get_outputs (op->job), op->index);
  g_autoptr(GError) error = NULL;

  vitrine_provider_release_output (op->path);
  if (!vitrine_http_download_finish (VITRINE_HTTP (object), result, &error))
    {
      g_autofree char *reason = NULL;

      if (vitrine_remote_is_cancelled (error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* The job stays DOWNLOADING, its result URLs recorded: it goes on
       * where it stopped (finished files are kept). */
      if (is_local_error (error))
        reason = g_strdup_printf (_("The video “%s” made by %s could not be saved: %s. Make "
                                    "room or choose another folder, then choose Follow Again."),
                                  output->label, INFO (self)->display_name, error->message);
      else
        reason = g_strdup_printf (_("The video “%s” made by %s could not be downloaded yet "
                                    "(%s); Vitrine tries again."),
                                  output->label, INFO (self)->display_name, error->message);
      g_task_return_error (task, pause_download (self, op->job, error, reason));
      return;
    }

  vitrine_job_update_output (op->job, op->index, output->url, op->path);
  op->index++;
  vitrine_remote_download_next (g_steal_pointer (&task));
}

void
vitrine_remote_download_next (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  GPtrArray *outputs = vitrine_job_get_outputs (op->job);
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  VitrineJobOutput *output;

  while (op->index < outputs->len && output_is_done (g_ptr_array_index (outputs, op->index)))
    op->index++;
  if (op->index == outputs->len)
    {
      vitrine_job_set_attention (op->job, NULL);
      vitrine_job_set_state (op->job, VITRINE_JOB_STATE_COMPLETED);
      g_task_return_boolean (task, TRUE);
      return;
    }

  output = g_ptr_array_index (outputs, op->index);
  dir = output_dir_for (op->job);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *reason =
        g_strdup_printf (_("The folder “%s” cannot be created (%s): choose another folder, then "
                           "choose Follow Again."), dir, g_strerror (saved_errno));

      error = g_error_new_literal (G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                                   g_strerror (saved_errno));
      g_task_return_error (task, pause_download (self, op->job, error, reason));
      return;
    }
  g_free (op->path);
  op->path = output_path_for (op->job, dir, output->label, outputs->len);
  vitrine_provider_claim_output (op->path);

  request = vitrine_http_request_new ("GET", output->url);
  vitrine_http_download_async (vitrine_http_get_default (), request, op->path,
                               download_progress_cb, task, g_task_get_cancellable (task),
                               download_cb, task);
}

/* Deletions of ended jobs' copies still on their way (vitrine-cli waits
 * for them before it exits: they were cut off, and nothing was deleted). */
static guint n_cleanups;

static void
cleanup_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vitrine_media_host_delete_job_finish (VITRINE_MEDIA_HOST (object), result, &error))
    g_debug ("Uploaded files not deleted: %s", error->message);
  n_cleanups--;
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
  else
    n_cleanups--;
}

gboolean
vitrine_remote_cleanups_pending (void)
{
  return n_cleanups > 0;
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
    uploaded |= !vitrine_is_web_url (photos[i]);
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    uploaded |= extras[i] != NULL && g_path_is_absolute (extras[i]);
  if (!uploaded)
    return;
  n_cleanups++;
  vitrine_media_host_new_from_settings_async (NULL, cleanup_host_cb,
                                              g_strdup (vitrine_job_get_id (job)));
}
