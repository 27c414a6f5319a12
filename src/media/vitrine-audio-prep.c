/* vitrine-audio-prep.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "vitrine-audio-prep.h"
#include "vitrine-background.h"

#define SNIFF_SIZE 4096
/* About 128 kb/s: an hour of music stays under 60 MB. */
#define VORBIS_QUALITY 0.4

/* The types providers name, the names shared-mime-info gives them, and the
 * extensions a file of the type has. */
static const struct {
  const char *type;
  const char *aliases[6];
  const char *extensions[4];
} known_types[] = {
  { "audio/mpeg", { "audio/mpeg", "audio/mp3", "audio/x-mp3", "audio/x-mpeg", NULL }, { ".mp3", NULL } },
  { "audio/wav", { "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", NULL }, { ".wav", NULL } },
  { "audio/mp4", { "audio/mp4", "audio/x-m4a", "audio/m4a", NULL }, { ".m4a", NULL } },
  { "audio/ogg", { "audio/ogg", "audio/x-vorbis+ogg", "audio/x-opus+ogg", "application/ogg",
                   "audio/x-ogg", NULL }, { ".ogg", ".oga", ".opus", NULL } },
};

const char *
vitrine_audio_prep_get_type (const char         *path,
                             const char * const *accepted)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_autofree char *guess = NULL;
  g_autofree char *mime = NULL;
  guchar data[SNIFF_SIZE];
  gsize size = 0;

  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), data, sizeof data, &size, NULL, NULL))
    return NULL;
  guess = g_content_type_guess (path, data, size, NULL);
  mime = g_content_type_get_mime_type (guess);

  for (guint i = 0; i < G_N_ELEMENTS (known_types); i++)
    {
      gboolean content = FALSE;
      gboolean name = FALSE;

      for (guint j = 0; known_types[i].aliases[j] != NULL; j++)
        content |= g_strcmp0 (mime, known_types[i].aliases[j]) == 0;
      for (guint j = 0; known_types[i].extensions[j] != NULL; j++)
        name |= g_str_has_suffix (lower, known_types[i].extensions[j]);
      /* A FLAC named .mp3 is not an MP3, and a server may judge by either. */
      if (content && name && g_strv_contains (accepted, known_types[i].type))
        return known_types[i].type;
    }
  return NULL;
}

typedef struct {
  char  *path;
  char  *dir;
  GStrv   accepted;
  guint64 max_size;
  char   *type;   /* the result's */
} Prep;

static void
prep_free (Prep *prep)
{
  g_free (prep->path);
  g_free (prep->dir);
  g_strfreev (prep->accepted);
  g_free (prep->type);
  g_free (prep);
}

/* "<dir>/music-<hash>.ogg", the hash covering the source's path, size and
 * modification time. */
static char *
converted_path (const char  *path,
                const char  *dir,
                GError     **error)
{
  GStatBuf st;
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", path,
                   g_strerror (saved_errno));
      return NULL;
    }
  key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT, path, (gint64) st.st_size,
                         (gint64) st.st_mtime);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);
  name = g_strdup_printf ("music-%.16s.ogg", hash);
  return g_build_filename (dir, name, NULL);
}

/* A conversion whose position has not moved for this long has stalled:
 * it is made again (see transcode_once()). */
#define STALL_US (10 * G_USEC_PER_SEC)
#define MAX_ATTEMPTS 3

/* Decodes @path and writes it to @dest as Ogg Vorbis; *@stalled when it
 * stopped moving. Blocking (a worker). */
static gboolean
transcode_once (const char    *path,
                const char    *dest,
                GCancellable  *cancellable,
                gboolean      *stalled,
                GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) parse_error = NULL;
  gboolean ok = FALSE;

  /* The queue keeps decodebin in push mode: pulling an AIFF through
   * typefind and aiffparse sometimes left both streaming threads paused
   * with the pipeline never reaching PLAYING (GStreamer 1.22; seen as a
   * conversion that never ended, about one run in ten under load). */
  pipeline = gst_parse_launch ("filesrc name=src ! queue ! decodebin ! audioconvert ! audioresample ! "
                               "vorbisenc name=enc ! oggmux ! filesink name=sink", &parse_error);
  if (pipeline == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot convert the music: %s (is gstreamer1.0-plugins-base installed?)"),
                   parse_error->message);
      return FALSE;
    }
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  encoder = gst_bin_get_by_name (GST_BIN (pipeline), "enc");
  g_object_set (src, "location", path, NULL);
  g_object_set (sink, "location", dest, NULL);
  g_object_set (encoder, "quality", VORBIS_QUALITY, NULL);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (gint64 position = -1, moved = g_get_monotonic_time ();;)
    {
      g_autoptr(GstMessage) message =
        gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      gint64 now_at = -1;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      if (message == NULL)
        {
          /* The queue below made it rarer; it still happens (a conversion
           * that never ended, a job left preparing). */
          if (gst_element_query_position (pipeline, GST_FORMAT_TIME, &now_at) && now_at != position)
            {
              position = now_at;
              moved = g_get_monotonic_time ();
            }
          else if (g_get_monotonic_time () - moved > STALL_US)
            {
              *stalled = TRUE;
              break;
            }
          continue;
        }
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        ok = TRUE;
      else
        {
          g_autoptr(GError) gst_error = NULL;
          g_autofree char *name = g_path_get_basename (path);

          gst_message_parse_error (message, &gst_error, NULL);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s” could not be converted to a type the provider takes: %s"), name,
                       gst_error->message);
        }
      break;
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

static gboolean
transcode (const char    *path,
           const char    *dest,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *name = g_path_get_basename (path);

  for (guint attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)
    {
      gboolean stalled = FALSE;
      gboolean ok = transcode_once (path, dest, cancellable, &stalled, error);

      if (!stalled)
        return ok;
      g_debug ("Converting %s stalled (attempt %u)", name, attempt);
      g_unlink (dest);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               _("“%s” could not be converted: the conversion stopped moving"), name);
  return FALSE;
}

static void
prep_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Prep *prep = task_data;
  const char *type = vitrine_audio_prep_get_type (prep->path, (const char * const *) prep->accepted);
  g_autofree char *dest = NULL;
  g_autofree char *part = NULL;
  GError *error = NULL;
  GStatBuf st;

  /* A 55 MB WAV went as it was, and was refused for its size. */
  if (type != NULL && (prep->max_size == 0 || g_stat (prep->path, &st) != 0 ||
                       (guint64) st.st_size <= prep->max_size))
    {
      prep->type = g_strdup (type);
      g_task_return_pointer (task, g_strdup (prep->path), g_free);
      return;
    }
  if (!g_strv_contains ((const char * const *) prep->accepted, "audio/ogg"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "The provider takes no type Vitrine can convert music to");
      return;
    }
  if (!(dest = converted_path (prep->path, prep->dir, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  prep->type = g_strdup ("audio/ogg");
  if (g_file_test (dest, G_FILE_TEST_IS_REGULAR))
    {
      /* Converted by an earlier run of this job. */
      g_task_return_pointer (task, g_steal_pointer (&dest), g_free);
      return;
    }
  if (g_mkdir_with_parents (prep->dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s",
                               prep->dir, g_strerror (saved_errno));
      return;
    }
  part = g_strconcat (dest, ".part", NULL);
  if (!transcode (prep->path, part, cancellable, &error))
    {
      g_unlink (part);
      g_task_return_error (task, error);
      return;
    }
  if (g_rename (part, dest) != 0)
    {
      int saved_errno = errno;

      g_unlink (part);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s",
                               dest, g_strerror (saved_errno));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&dest), g_free);
}

void
vitrine_audio_prep_async (const char          *path,
                          const char          *dir,
                          const char * const  *accepted,
                          guint64              max_size,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Prep *prep = g_new0 (Prep, 1);

  g_return_if_fail (path != NULL && dir != NULL && accepted != NULL);

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  prep->path = g_strdup (path);
  prep->dir = g_strdup (dir);
  prep->accepted = g_strdupv ((char **) accepted);
  prep->max_size = max_size;
  g_task_set_source_tag (task, vitrine_audio_prep_async);
  g_task_set_task_data (task, prep, (GDestroyNotify) prep_free);
  vitrine_background_run (task, prep_thread);
}

char *
vitrine_audio_prep_finish (GAsyncResult  *result,
                           char         **content_type,
                           GError       **error)
{
  Prep *prep;
  char *path;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  prep = g_task_get_task_data (G_TASK (result));
  path = g_task_propagate_pointer (G_TASK (result), error);
  if (path != NULL && content_type != NULL)
    *content_type = g_strdup (prep->type);
  return path;
}
