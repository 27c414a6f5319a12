/* vitrine-music.c: the soundtrack, decoded and looped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vitrine-music.h"
#include "vitrine-render-pool.h"
#include "vitrine-slideshow.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>

#define PREROLL_TIMEOUT_S 30

struct _VitrineMusic {
  char *name;           /* for messages */
  const gint *stop;
  GstElement *pipeline;
  GstElement *convert;
  GstElement *sink;
  GstBus *bus;
  gint have_audio;      /* atomic */

  GstSample *sample;
  GstBuffer *buffer;
  GstMapInfo map;
  gsize offset;         /* bytes of map already read */
  guint64 frames_this_pass;
};

static void
set_bad_input (GError             **error,
               const VitrineMusic  *music,
               const char          *reason)
{
  g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT,
               "%s: %s", music->name, reason);
}

static gboolean
check_stop (const VitrineMusic  *music,
            GError             **error)
{
  if (music->stop != NULL && g_atomic_int_get (music->stop))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return FALSE;
    }
  return TRUE;
}

/* An ERROR message of the pipeline, as a person can read it. */
static void
set_error_from_message (GError             **error,
                        const VitrineMusic  *music,
                        GstMessage          *msg)
{
  g_autoptr(GError) gerror = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *reason = NULL;

  gst_message_parse_error (msg, &gerror, &debug);
  g_debug ("Music %s: %s (%s)", music->name, gerror->message, debug ? debug : "");

  if (g_error_matches (gerror, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND) ||
      g_error_matches (gerror, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE))
    reason = g_strdup (_("not a sound file"));
  else if (g_error_matches (gerror, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN) ||
           g_error_matches (gerror, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    reason = g_strdup (_("this kind of sound file cannot be played on this computer"));
  else
    reason = g_strdup_printf (_("cannot be played (%s)"), gerror->message);

  set_bad_input (error, music, reason);
}

static void
on_pad_added (GstElement   *decodebin,
              GstPad       *pad,
              VitrineMusic *music)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_has_prefix (name, "audio/") && !g_atomic_int_get (&music->have_audio))
    {
      g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (music->convert, "sink");

      if (gst_pad_link (pad, sinkpad) == GST_PAD_LINK_OK)
        g_atomic_int_set (&music->have_audio, 1);
    }
  else
    {
      /* cover art, a second audio stream…: swallowed */
      GstElement *fakesink = gst_element_factory_make ("fakesink", NULL);
      g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (fakesink, "sink");

      g_object_set (fakesink, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (music->pipeline), fakesink);
      gst_element_sync_state_with_parent (fakesink);
      gst_pad_link (pad, sinkpad);
    }
}

static void
on_no_more_pads (GstElement   *decodebin,
                 VitrineMusic *music)
{
  if (!g_atomic_int_get (&music->have_audio))
    gst_element_post_message (music->pipeline,
                              gst_message_new_application (GST_OBJECT (music->pipeline),
                                                           gst_structure_new_empty ("vitrine-no-audio")));
}

GstCaps *
vitrine_music_caps (void)
{
  return gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, "F32LE",
                              "layout", G_TYPE_STRING, "interleaved",
                              "rate", G_TYPE_INT, VITRINE_MUSIC_RATE,
                              "channels", G_TYPE_INT, VITRINE_MUSIC_CHANNELS,
                              "channel-mask", GST_TYPE_BITMASK, (guint64) 0x3,
                              NULL);
}

VitrineMusic *
vitrine_music_open (const char  *path,
                    const gint  *stop,
                    GError     **error)
{
  g_autoptr(VitrineMusic) music = g_new0 (VitrineMusic, 1);
  g_autofree char *base = g_path_get_basename (path);
  GstElement *src, *decodebin, *resample, *filter;
  g_autoptr(GstCaps) caps = NULL;
  GstStateChangeReturn ret;
  gint64 deadline;
  GStatBuf st;

  music->name = g_filename_display_name (base);
  music->stop = stop;

  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;
      g_autofree char *reason = g_strdup_printf (_("cannot be opened (%s)"), g_strerror (errsv));

      set_bad_input (error, music, reason);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      set_bad_input (error, music, _("is a folder, not a sound file"));
      return NULL;
    }
  if (st.st_size == 0)
    {
      set_bad_input (error, music, _("the file is empty"));
      return NULL;
    }

  music->pipeline = gst_pipeline_new ("vitrine-music");
  src = gst_element_factory_make ("filesrc", NULL);
  decodebin = gst_element_factory_make ("decodebin", NULL);
  music->convert = gst_element_factory_make ("audioconvert", NULL);
  resample = gst_element_factory_make ("audioresample", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  music->sink = gst_element_factory_make ("appsink", NULL);
  if (!src || !decodebin || !music->convert || !resample || !filter || !music->sink)
    {
      g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_NO_ENCODER,
                   _("GStreamer's audio decoding elements are missing"));
      g_clear_object (&src);
      g_clear_object (&decodebin);
      g_clear_object (&music->convert);
      g_clear_object (&resample);
      g_clear_object (&filter);
      g_clear_object (&music->sink);
      return NULL;
    }

  caps = vitrine_music_caps ();
  g_object_set (src, "location", path, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (music->sink, "sync", FALSE, "max-buffers", 8, "drop", FALSE, NULL);

  gst_bin_add_many (GST_BIN (music->pipeline), src, decodebin, music->convert, resample, filter,
                    music->sink, NULL);
  gst_element_link (src, decodebin);
  gst_element_link_many (music->convert, resample, filter, music->sink, NULL);
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_pad_added), music);
  g_signal_connect (decodebin, "no-more-pads", G_CALLBACK (on_no_more_pads), music);

  music->bus = gst_element_get_bus (music->pipeline);
  /* decodebin's streaming threads (its multiqueue's) yield to the window
   * as the render's own do */
  vitrine_render_pool_use (music->pipeline);

  ret = gst_element_set_state (music->pipeline, GST_STATE_PAUSED);
  deadline = g_get_monotonic_time () + PREROLL_TIMEOUT_S * G_USEC_PER_SEC;
  while (ret != GST_STATE_CHANGE_SUCCESS && ret != GST_STATE_CHANGE_NO_PREROLL)
    {
      g_autoptr(GstMessage) msg = NULL;

      if (!check_stop (music, error))
        return NULL;

      msg = gst_bus_timed_pop_filtered (music->bus, 100 * GST_MSECOND,
                                        GST_MESSAGE_ERROR | GST_MESSAGE_ASYNC_DONE |
                                        GST_MESSAGE_APPLICATION);
      if (msg == NULL)
        {
          if (g_get_monotonic_time () > deadline)
            {
              set_bad_input (error, music, _("cannot be played (it took too long to open)"));
              return NULL;
            }
          continue;
        }

      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
        {
          set_error_from_message (error, music, msg);
          return NULL;
        }
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_APPLICATION)
        {
          set_bad_input (error, music, _("has no sound"));
          return NULL;
        }
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ASYNC_DONE &&
          GST_MESSAGE_SRC (msg) == GST_OBJECT (music->pipeline))
        break;
    }

  if (!g_atomic_int_get (&music->have_audio))
    {
      set_bad_input (error, music, _("has no sound"));
      return NULL;
    }

  if (gst_element_set_state (music->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      set_bad_input (error, music, _("cannot be played"));
      return NULL;
    }

  return g_steal_pointer (&music);
}

static void
release_sample (VitrineMusic *music)
{
  if (music->buffer != NULL)
    gst_buffer_unmap (music->buffer, &music->map);
  music->buffer = NULL;
  g_clear_pointer (&music->sample, gst_sample_unref);
  music->offset = 0;
}

/* Gets the next block of samples, looping at the end. */
static gboolean
pull (VitrineMusic  *music,
      GError       **error)
{
  int loops_without_data = 0;

  for (;;)
    {
      g_autoptr(GstMessage) msg = NULL;
      GstSample *sample;

      if (!check_stop (music, error))
        return FALSE;

      sample = gst_app_sink_try_pull_sample (GST_APP_SINK (music->sink), 100 * GST_MSECOND);
      if (sample != NULL)
        {
          GstBuffer *buffer = gst_sample_get_buffer (sample);

          if (buffer == NULL || !gst_buffer_map (buffer, &music->map, GST_MAP_READ) ||
              music->map.size < sizeof (float) * VITRINE_MUSIC_CHANNELS)
            {
              if (buffer != NULL && music->map.memory != NULL)
                gst_buffer_unmap (buffer, &music->map);
              memset (&music->map, 0, sizeof music->map);
              gst_sample_unref (sample);
              continue;
            }
          music->sample = sample;
          music->buffer = buffer;
          music->offset = 0;
          music->frames_this_pass += music->map.size / (sizeof (float) * VITRINE_MUSIC_CHANNELS);
          return TRUE;
        }

      if ((msg = gst_bus_pop_filtered (music->bus, GST_MESSAGE_ERROR)))
        {
          set_error_from_message (error, music, msg);
          return FALSE;
        }

      if (gst_app_sink_is_eos (GST_APP_SINK (music->sink)))
        {
          if (music->frames_this_pass == 0 && ++loops_without_data > 2)
            {
              set_bad_input (error, music, _("has no sound"));
              return FALSE;
            }
          music->frames_this_pass = 0;

          /* back to the start */
          if (!gst_element_seek_simple (music->pipeline, GST_FORMAT_TIME,
                                        GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, 0))
            {
              g_debug ("Music %s cannot seek: reopening it to loop", music->name);
              gst_element_set_state (music->pipeline, GST_STATE_READY);
              gst_element_set_state (music->pipeline, GST_STATE_PLAYING);
            }
        }
    }
}

gboolean
vitrine_music_read (VitrineMusic  *music,
                    float         *data,
                    gsize          frames,
                    GError       **error)
{
  const gsize frame_size = sizeof (float) * VITRINE_MUSIC_CHANNELS;

  while (frames > 0)
    {
      gsize avail, n;

      if (music->sample == NULL && !pull (music, error))
        return FALSE;

      avail = (music->map.size - music->offset) / frame_size;
      n = MIN (avail, frames);
      memcpy (data, music->map.data + music->offset, n * frame_size);
      data += n * VITRINE_MUSIC_CHANNELS;
      frames -= n;
      music->offset += n * frame_size;
      if ((music->map.size - music->offset) < frame_size)
        release_sample (music);
    }

  return TRUE;
}

void
vitrine_music_free (VitrineMusic *music)
{
  if (music == NULL)
    return;

  release_sample (music);
  if (music->pipeline != NULL)
    {
      gst_element_set_state (music->pipeline, GST_STATE_NULL);
      gst_clear_object (&music->pipeline);
    }
  gst_clear_object (&music->bus);
  g_free (music->name);
  g_free (music);
}
