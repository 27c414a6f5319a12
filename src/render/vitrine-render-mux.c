/* vitrine-render-mux.c: the encoding pipeline and the routing of packets
 *
 * One pipeline holds every encoder and every muxer. Each encoder ends in
 * an appsink whose packets are handed to the muxers of its outputs: the
 * body's to all of them, each end card's to its own output only, with its
 * timestamps moved back to follow the body. An end card starts on a forced
 * IDR frame and x264's GOPs are closed, so nothing in it refers to another
 * variant's frames. The audio is encoded once and given to every muxer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>

#include "vitrine-music.h"
#include "vitrine-slideshow-private.h"

/* voaacenc first: its plugin is one small library and loads in a few ms.
 * avenc_aac comes with GStreamer's libav plugin, about 80 libraries that
 * take 120–300 ms to load; meanwhile the dynamic loader's lock is held, and
 * the window's main thread waits on it as soon as it starts a thread (GTK
 * loading an icon did, for 180 ms, right after Create: tests/bench/compare).
 * Both at 160 kbit/s, LC-AAC. */
static const char * const audio_encoders[] = { "voaacenc", "avenc_aac", "fdkaacenc" };

static const char *
find_audio_encoder (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (audio_encoders); i++)
    if (vitrine_render_has_element (audio_encoders[i]))
      return audio_encoders[i];
  return NULL;
}

/* x264's threads for one of @n_streams encoders running at once: its own
 * choice (1.5 a core) for one; for several, the cores shared out between
 * them. Each frame thread holds frames of its own (1080p: about 80 MB an
 * encoder on two cores), and encoders side by side keep the cores busy
 * without them: six outputs took 815 MB with three encoders on x264's own
 * choice, about 600 MB with one thread each, in the same time. */
int
vitrine_render_encoder_threads (int n_streams)
{
  if (n_streams <= 1)
    return 0;
  return MAX (1, (int) g_get_num_processors () / n_streams);
}

static char *
video_encoder_desc (RenderJob *job,
                    int        width,
                    int        height)
{
  if (g_str_equal (job->encoder, "x264enc"))
    /* pass=qual is x264's CRF, as ffmpeg's -crf 23; x264enc would also cap
     * it with a VBV at its "bitrate" (2 Mbit/s), which no buffer size turns
     * off; I420 before it, or it picks 4:4:4. No B-frames: x264 codes them
     * from two pictures at a coarser step, and under a steady pan the
     * photo's detail shimmered from frame to frame with them. A landscape
     * photo crossing a 9:16 frame (20 px a frame) wobbled by 0.24-0.44
     * px/frame^2 as encoded, 0.08-0.16 without them; files grow by a third
     * (9:16) to four fifths (16:9, the slow zoom B-frames coded best), in
     * less time and memory (no B-frame choice, fewer frames held). */
    return g_strdup_printf ("video/x-raw,format=I420 ! x264enc speed-preset=veryfast bframes=0 "
                            "pass=qual quantizer=23 vbv-buf-capacity=0 key-int-max=250 threads=%d ! "
                            "video/x-h264,profile=high",
                            vitrine_render_encoder_threads (job->n_streams));
  if (g_str_equal (job->encoder, "openh264enc"))
    return g_strdup_printf ("video/x-raw,format=I420 ! openh264enc bitrate=%d "
                            "complexity=high ! video/x-h264",
                            (int) MIN (G_MAXINT, (double) width * height * FPS * 0.12));
  return g_strdup_printf ("videoconvert ! %s ! video/x-h264,profile=high", job->encoder);
}

/* Pushes @sample into @src, its timestamps moved back by @shift. */
static void
push_shifted (GstElement   *src,
              GstSample    *sample,
              GstClockTime  shift)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  g_autoptr(GstBuffer) copy = NULL;
  g_autoptr(GstSample) moved = NULL;

  if (shift == 0)
    {
      gst_app_src_push_sample (GST_APP_SRC (src), sample);
      return;
    }
  copy = gst_buffer_copy (buffer);
  if (GST_BUFFER_PTS_IS_VALID (copy))
    GST_BUFFER_PTS (copy) -= MIN (shift, GST_BUFFER_PTS (copy));
  if (GST_BUFFER_DTS_IS_VALID (copy))
    GST_BUFFER_DTS (copy) -= MIN (shift, GST_BUFFER_DTS (copy));
  moved = gst_sample_new (copy, gst_sample_get_caps (sample), gst_sample_get_segment (sample), NULL);
  gst_app_src_push_sample (GST_APP_SRC (src), moved);
}

static GstFlowReturn
stream_sample_cb (GstAppSink *sink,
                  gpointer    user_data)
{
  Stream *stream = user_data;
  RenderJob *job = stream->job;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer;
  guint64 rt;
  gint64 frame, start = job->body_frames;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  rt = gst_segment_to_running_time (gst_sample_get_segment (sample), GST_FORMAT_TIME,
                                    GST_BUFFER_PTS (buffer));
  frame = (gint64) gst_util_uint64_scale_round (rt, FPS, GST_SECOND);
  if (frame < job->body_frames)
    {
      for (int i = 0; i < stream->n_outputs; i++)
        push_shifted (stream->outputs[i]->vsrc, sample, 0);
      return GST_FLOW_OK;
    }
  for (int i = 0; i < stream->n_outputs; i++)
    {
      Output *output = stream->outputs[i];

      if (frame < start + output->end_frames)
        {
          push_shifted (output->vsrc, sample,
                        gst_util_uint64_scale (start - job->body_frames, GST_SECOND, FPS));
          break;
        }
      start += output->end_frames;
    }
  return GST_FLOW_OK;
}

static void
stream_eos_cb (GstAppSink *sink,
               gpointer    user_data)
{
  Stream *stream = user_data;

  for (int i = 0; i < stream->n_outputs; i++)
    gst_app_src_end_of_stream (GST_APP_SRC (stream->outputs[i]->vsrc));
}

static GstFlowReturn
audio_sample_cb (GstAppSink *sink,
                 gpointer    user_data)
{
  RenderJob *job = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer;
  guint64 rt;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  rt = gst_segment_to_running_time (gst_sample_get_segment (sample), GST_FORMAT_TIME,
                                    GST_BUFFER_PTS (buffer));
  /* an output shorter than the soundtrack (no end card) stops with its video */
  for (int i = 0; i < job->n_outputs; i++)
    if (rt < job->outputs[i].duration)
      push_shifted (job->outputs[i].asrc, sample, 0);
  return GST_FLOW_OK;
}

static void
audio_eos_cb (GstAppSink *sink,
              gpointer    user_data)
{
  RenderJob *job = user_data;

  for (int i = 0; i < job->n_outputs; i++)
    gst_app_src_end_of_stream (GST_APP_SRC (job->outputs[i].asrc));
}

static GString *
pipeline_desc (RenderJob  *job,
               const char *aenc)
{
  GString *desc = g_string_new (NULL);

  for (int s = 0; s < job->n_streams; s++)
    {
      g_autofree char *venc = video_encoder_desc (job, job->streams[s].width, job->streams[s].height);

      /* avc, as mp4mux takes it (h264parse converts what openh264 makes) */
      g_string_append_printf (desc, "appsrc name=vsrc%d ! %s ! h264parse ! "
                              "video/x-h264,stream-format=avc,alignment=au ! "
                              "appsink name=venc%d sync=false async=false ", s, venc, s);
    }
  g_string_append_printf (desc, "appsrc name=asrc ! audioconvert ! %s bitrate=160000 ! aacparse ! "
                          "appsink name=aenc sync=false async=false ", aenc);
  for (int o = 0; o < job->n_outputs; o++)
    g_string_append_printf (desc, "appsrc name=ov%d ! queue ! mux%d.video_0 "
                            "appsrc name=oa%d ! queue ! mux%d.audio_0 "
                            "mp4mux name=mux%d faststart=true ! filesink name=sink%d async=false ",
                            o, o, o, o, o, o);
  return desc;
}

static GstElement *
child (GstElement *pipeline,
       const char *format,
       int         index)
{
  g_autofree char *name = g_strdup_printf (format, index);

  return gst_bin_get_by_name (GST_BIN (pipeline), name);
}

static void
set_hardware_bitrate (RenderJob  *job,
                      GstElement *pipeline)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (pipeline));
  GValue item = G_VALUE_INIT;

  if (g_str_equal (job->encoder, "x264enc") || g_str_equal (job->encoder, "openh264enc"))
    return;
  /* hardware encoders: a bitrate in kbit/s where they take one */
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *e = g_value_get_object (&item);
      GstElementFactory *f = gst_element_get_factory (e);
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (e), "bitrate");

      if (f != NULL && g_str_equal (GST_OBJECT_NAME (f), job->encoder) && pspec != NULL &&
          G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_UINT)
        g_object_set (e, "bitrate", (guint) (1920 * 1080.0 * FPS * 0.12 / 1000), NULL);
      g_value_reset (&item);
    }
  g_value_unset (&item);
}

static void
setup_stream (RenderJob  *job,
              Stream     *stream,
              int         index)
{
  g_autoptr(GstElement) sink = child (job->pipeline, "venc%d", index);
  g_autoptr(GstCaps) caps = NULL;
  GstAppSinkCallbacks callbacks = { stream_eos_cb, NULL, stream_sample_cb };
  GstVideoInfo info;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, stream->width, stream->height);
  GST_VIDEO_INFO_FPS_N (&info) = FPS;
  GST_VIDEO_INFO_FPS_D (&info) = 1;
  gst_video_colorimetry_from_string (&info.colorimetry, GST_VIDEO_COLORIMETRY_BT709);
  caps = gst_video_info_to_caps (&info);
  stream->src = child (job->pipeline, "vsrc%d", index);
  g_object_set (stream->src, "caps", caps, "format", GST_FORMAT_TIME, "is-live", FALSE,
                "do-timestamp", FALSE, "block", TRUE, "max-bytes", (guint64) info.size, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, stream, NULL);
  vitrine_render_add_probes (stream);
}

static void
setup_outputs (RenderJob *job)
{
  for (int o = 0; o < job->n_outputs; o++)
    {
      Output *output = &job->outputs[o];
      g_autoptr(GstElement) mux = child (job->pipeline, "mux%d", o);
      g_autoptr(GstElement) sink = child (job->pipeline, "sink%d", o);

      output->vsrc = child (job->pipeline, "ov%d", o);
      output->asrc = child (job->pipeline, "oa%d", o);
      /* unbounded: the encoders never wait for a muxer (what waits is
       * compressed, and mp4mux writes its data to a file as it goes) */
      g_object_set (output->vsrc, "format", GST_FORMAT_TIME, "max-bytes", (guint64) 0,
                    "handle-segment-change", TRUE, NULL);
      g_object_set (output->asrc, "format", GST_FORMAT_TIME, "max-bytes", (guint64) 0,
                    "handle-segment-change", TRUE, NULL);
      g_object_set (mux, "faststart-file", output->mdat_path, NULL);
      g_object_set (sink, "location", output->tmp_path, NULL);
    }
}

static void
setup_audio (RenderJob *job)
{
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (job->pipeline), "aenc");
  GstAppSinkCallbacks callbacks = { audio_eos_cb, NULL, audio_sample_cb };
  g_autoptr(GstCaps) caps = vitrine_music_caps ();

  job->asrc = gst_bin_get_by_name (GST_BIN (job->pipeline), "asrc");
  g_object_set (job->asrc, "caps", caps, "format", GST_FORMAT_TIME, "is-live", FALSE,
                "do-timestamp", FALSE, "block", TRUE, "max-bytes", (guint64) 64 * 1024, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, job, NULL);
}

GstElement *
vitrine_render_build_pipeline (RenderJob  *job,
                               GError    **error)
{
  const char *aenc = find_audio_encoder ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GString) desc = NULL;

  if (aenc == NULL || !vitrine_render_has_element ("mp4mux") ||
      !vitrine_render_has_element ("h264parse") || !vitrine_render_has_element ("aacparse") ||
      !vitrine_render_has_element ("appsrc") || !vitrine_render_has_element ("appsink"))
    {
      g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_NO_ENCODER,
                   _("An AAC encoder or the MP4 muxer is missing (install gstreamer1.0-libav "
                     "and gstreamer1.0-plugins-good)"));
      return NULL;
    }
  desc = pipeline_desc (job, aenc);
  job->pipeline = gst_parse_launch_full (desc->str, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (job->pipeline == NULL)
    {
      g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_NO_ENCODER,
                   _("The encoding pipeline cannot be built: %s"), parse_error->message);
      return NULL;
    }
  set_hardware_bitrate (job, job->pipeline);
  for (int s = 0; s < job->n_streams; s++)
    setup_stream (job, &job->streams[s], s);
  setup_outputs (job);
  setup_audio (job);
  return job->pipeline;
}
