/* vitrine-render-audio.c: the soundtrack, looped, faded and brought to -14 LUFS
 *
 * The music is decoded for the whole video first (looped or trimmed, faded
 * in and out), so that its loudness can be measured as it will be heard
 * (EBU R128 with libebur128): a gain brings it to -14 LUFS integrated,
 * and a look-ahead limiter keeps its true peak at or under -1 dBTP. The
 * limiter's ceiling is on samples, so it is lowered until the true peak
 * (4× oversampled, as libebur128 measures it) is under the target; the gain
 * is then corrected for what the limiter took, a few times over. The
 * target leaves room for the AAC encoder, whose output peaks a little
 * higher than its input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <ebur128.h>
#include <math.h>
#include <string.h>

#include <gst/app/gstappsrc.h>

#include "vitrine-background.h"
#include "vitrine-music.h"
#include "vitrine-slideshow-private.h"

#define AUDIO_BLOCK 1024             /* stereo frames a buffer */
#define MUSIC_FADE_OUT 2.0           /* seconds */
#define MUSIC_FADE_IN 0.05
#define TARGET_LUFS -14.0
#define TARGET_TRUE_PEAK_DB -1.6     /* -1 dBTP, less the AAC encoder’s overshoot */
#define LOWPASS_HZ 15000.0           /* what AAC at 160 kbit/s keeps anyway */
#define LOOKAHEAD 240                /* 5 ms: the limiter's attack */
#define RELEASE_SECONDS 0.15

static double
db_to_gain (double db)
{
  return pow (10.0, db / 20.0);
}

/* Integrated loudness (LUFS) and true peak (dBTP) of @data. */
static gboolean
measure (const float *data,
         gsize        frames,
         double      *lufs,
         double      *true_peak_db)
{
  ebur128_state *st = ebur128_init (VITRINE_MUSIC_CHANNELS, VITRINE_MUSIC_RATE,
                                    EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
  double peak = 0, p;

  if (st == NULL)
    return FALSE;
  ebur128_add_frames_float (st, data, frames);
  ebur128_loudness_global (st, lufs);
  for (guint c = 0; c < VITRINE_MUSIC_CHANNELS; c++)
    if (ebur128_true_peak (st, c, &p) == EBUR128_SUCCESS)
      peak = MAX (peak, p);
  ebur128_destroy (&st);
  *true_peak_db = peak > 0 ? 20 * log10 (peak) : -HUGE_VAL;
  return isfinite (*lufs);
}

/* The gain of each frame so that @gain × its peak stays under @ceiling:
 * the minimum over a window around it, then averaged over the same window
 * (so the gain is down before a peak arrives and never above what any
 * sample in reach needs), then released slowly. Offline: the whole
 * soundtrack is known. */
static void
limiter_gains (const float *data,
               gsize        frames,
               double       gain,
               double       ceiling,
               float       *out)
{
  g_autofree float *need = g_new (float, frames);
  g_autofree gsize *queue = g_new (gsize, frames);
  double release = 1.0 / (RELEASE_SECONDS * VITRINE_MUSIC_RATE), sum = 0, r = 1;
  gsize head = 0, tail = 0;

  for (gsize i = 0; i < frames; i++)
    {
      double peak = MAX (fabsf (data[2 * i]), fabsf (data[2 * i + 1])) * gain;

      need[i] = peak > ceiling ? (float) (ceiling / peak) : 1.0f;
    }
  /* sliding minimum over [i - L, i + L] (a monotonic queue) */
  for (gsize j = 0; j < frames + LOOKAHEAD; j++)
    {
      if (j < frames)
        {
          while (tail > head && need[queue[tail - 1]] >= need[j])
            tail--;
          queue[tail++] = j;
        }
      if (j >= LOOKAHEAD)
        {
          gsize i = j - LOOKAHEAD;

          while (queue[head] + LOOKAHEAD < i)
            head++;
          out[i] = need[queue[head]];
        }
    }
  /* moving average over the same window, then the release */
  for (gsize i = 0; i < MIN (frames, (gsize) LOOKAHEAD); i++)
    sum += out[i];
  memcpy (need, out, frames * sizeof (float));
  for (gsize i = 0; i < frames; i++)
    {
      double mean;

      if (i + LOOKAHEAD < frames)
        sum += need[i + LOOKAHEAD];
      if (i > LOOKAHEAD)
        sum -= need[i - LOOKAHEAD - 1];
      mean = sum / (double) (MIN (frames - 1, i + LOOKAHEAD) - (i > LOOKAHEAD ? i - LOOKAHEAD : 0) + 1);
      r = MIN (mean, r + (1 - r) * release);
      out[i] = (float) r;
    }
}

static void
apply (const float *in,
       gsize        frames,
       double       gain,
       double       ceiling,
       float       *gains,
       float       *out)
{
  limiter_gains (in, frames, gain, ceiling, gains);
  for (gsize i = 0; i < frames; i++)
    {
      out[2 * i] = (float) (in[2 * i] * gain * gains[i]);
      out[2 * i + 1] = (float) (in[2 * i + 1] * gain * gains[i]);
    }
}

/* A 4th-order Butterworth low-pass (two biquads) over each channel: the
 * AAC encoder drops what is above it anyway, and a peak measured without
 * it would not be the peak that comes out of the decoder. */
static void
lowpass (float *data,
         gsize  frames)
{
  const double q[2] = { 0.54119610, 1.30656296 };
  double w0 = 2 * G_PI * LOWPASS_HZ / VITRINE_MUSIC_RATE, cw = cos (w0), sw = sin (w0);

  for (int stage = 0; stage < 2; stage++)
    {
      double alpha = sw / (2 * q[stage]), a0 = 1 + alpha;
      double b0 = (1 - cw) / 2 / a0, b1 = (1 - cw) / a0, b2 = b0;
      double a1 = -2 * cw / a0, a2 = (1 - alpha) / a0;

      for (int c = 0; c < VITRINE_MUSIC_CHANNELS; c++)
        {
          double x1 = 0, x2 = 0, y1 = 0, y2 = 0;

          for (gsize i = 0; i < frames; i++)
            {
              double x = data[i * VITRINE_MUSIC_CHANNELS + c];
              double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;

              x2 = x1;
              x1 = x;
              y2 = y1;
              y1 = y;
              data[i * VITRINE_MUSIC_CHANNELS + c] = (float) y;
            }
        }
    }
}

void
vitrine_render_normalize (float *data,
                          gsize  frames)
{
  g_autofree float *in = NULL;
  g_autofree float *gains = NULL;
  double lufs, peak_db, gain_db, ceiling_db = TARGET_TRUE_PEAK_DB;

  if (frames == 0)
    return;
  lowpass (data, frames);
  if (!measure (data, frames, &lufs, &peak_db))
    return; /* silence stays silent */
  in = g_memdup2 (data, frames * 2 * sizeof (float));
  gains = g_new (float, frames);
  gain_db = TARGET_LUFS - lufs;
  for (int round = 0; round < 6; round++)
    {
      apply (in, frames, db_to_gain (gain_db), db_to_gain (ceiling_db), gains, data);
      if (!measure (data, frames, &lufs, &peak_db))
        return;
      g_debug ("Loudness: gain %+.2f dB, ceiling %.2f dB → %.2f LUFS, %.2f dBTP",
               gain_db, ceiling_db, lufs, peak_db);
      if (fabs (lufs - TARGET_LUFS) < 0.3 && peak_db <= TARGET_TRUE_PEAK_DB + 0.05)
        return;
      if (peak_db > TARGET_TRUE_PEAK_DB)
        ceiling_db -= peak_db - TARGET_TRUE_PEAK_DB + 0.1;
      gain_db += TARGET_LUFS - lufs;
    }
}

/* The music for the whole soundtrack, faded in and out. */
static float *
make_soundtrack (RenderJob  *job,
                 GError    **error)
{
  g_autoptr(VitrineMusic) music = vitrine_music_open (job->music, &job->stop, error);
  g_autofree float *data = NULL;
  const double rate = VITRINE_MUSIC_RATE;
  double fade_out = MIN (MUSIC_FADE_OUT, job->n_samples / rate / 2) * rate;
  double fade_in = MUSIC_FADE_IN * rate;

  if (music == NULL)
    return NULL;
  data = g_try_new (float, job->n_samples * VITRINE_MUSIC_CHANNELS);
  if (data == NULL)
    {
      g_set_error_literal (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_FAILED,
                           "Not enough memory for the soundtrack");
      return NULL;
    }
  if (!vitrine_music_read (music, data, job->n_samples, error))
    return NULL;
  for (guint64 i = 0; i < job->n_samples; i++)
    {
      double s = (double) i, left = (double) job->n_samples - s, gain = 1.0;

      if (left < fade_out)
        gain = (left / fade_out) * (left / fade_out);
      if (s < fade_in)
        gain *= s / fade_in;
      data[2 * i] *= (float) gain;
      data[2 * i + 1] *= (float) gain;
    }
  vitrine_render_normalize (data, job->n_samples);
  return g_steal_pointer (&data);
}

gpointer
vitrine_render_audio_thread (gpointer user_data)
{
  RenderJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree float *soundtrack = NULL;
  guint64 pos = 0;

  vitrine_background_lower_priority ();

  if (job->music && !(soundtrack = make_soundtrack (job, &error)))
    goto out;

  while (pos < job->n_samples)
    {
      guint64 n = MIN ((guint64) AUDIO_BLOCK, job->n_samples - pos);
      gsize size = n * sizeof (float) * VITRINE_MUSIC_CHANNELS;
      GstBuffer *buffer;

      if (g_atomic_int_get (&job->stop))
        goto out;
      if (soundtrack != NULL)
        buffer = gst_buffer_new_memdup (soundtrack + pos * VITRINE_MUSIC_CHANNELS, size);
      else
        {
          buffer = gst_buffer_new_allocate (NULL, size, NULL);
          gst_buffer_memset (buffer, 0, 0, size);
          GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_GAP);
        }
      GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (pos, GST_SECOND, VITRINE_MUSIC_RATE);
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (pos + n, GST_SECOND, VITRINE_MUSIC_RATE) -
                                     GST_BUFFER_PTS (buffer);
      GST_BUFFER_OFFSET (buffer) = pos;
      GST_BUFFER_OFFSET_END (buffer) = pos + n;
      if (gst_app_src_push_buffer (GST_APP_SRC (job->asrc), buffer) != GST_FLOW_OK)
        goto out;
      pos += n;
    }
  gst_app_src_end_of_stream (GST_APP_SRC (job->asrc));

out:
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_atomic_int_get (&job->stop))
    vitrine_render_post_error (job, g_steal_pointer (&error));
  return NULL;
}
