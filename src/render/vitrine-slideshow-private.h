/* vitrine-slideshow-private.h: what the renderer's files share
 *
 * One render (RenderJob) makes every output it was asked for:
 *
 *   photos ──decoded once (PhotoCache)──┬─ stream 16:9 ─ appsrc ! x264enc ! h264parse ! appsink ─┐
 *                                       ├─ stream 9:16 ─ …                                       │
 *                                       └─ stream 1:1  ─ …                                       │
 *   music ─ loudness ─ appsrc ! avenc_aac ! aacparse ! appsink (encoded once) ──────────────────┤
 *                                                                                                ▼
 *            per output: appsrc (video) + appsrc (audio) ! mp4mux ! filesink   (vitrine-render-mux.c)
 *
 * A stream is one encoder: the body (the photos, with the opening card and
 * captions) once, then the end card of each of its outputs in turn, each
 * starting on a forced IDR frame (a closed GOP). Every output of the stream
 * gets the body's packets, then only its own end, moved back in time to
 * follow the body: branded and unbranded share the encoding of everything
 * but their end card.
 *
 * What is shared, and what is not:
 *   - decoded once for every output: each photo (PhotoCache, at the size
 *     that covers the largest crop of any ratio); each stream then scales
 *     its own copy from it (a ratio's crop is its own);
 *   - drawn and encoded once a ratio, for branded and unbranded alike: the
 *     body — the photos' motion, the crossfades, the opening card (address,
 *     price, facts: all allowed in an MLS video) and the captions. Nothing
 *     of the agent is drawn in the body: the agent's name, headshot,
 *     agency, phone, e-mail, logo, the web address and its QR code are on
 *     the branded end card only;
 *   - drawn and encoded once per output: its end card (a closed GOP of its
 *     own), the agent's or the MLS one;
 *   - encoded once for every output: the soundtrack (AAC), cut to each
 *     output's length by its muxer;
 *   - not shared: the plain slideshow's corner logo ("logo", not the
 *     agent's) is drawn over every photo of a branded video and never in
 *     an unbranded one, so with a corner logo the unbranded outputs of a
 *     size get a stream, and a body encoding, of their own (plan_streams()).
 *
 * vitrine-slideshow.c      the GObject, the job on the main thread, teardown
 * vitrine-render-frames.c  photos, motion, frame buffers, the streams' threads
 * vitrine-card.c           text and cards (opening, captions, end cards, QR)
 * vitrine-render-audio.c   the soundtrack: looped, faded, -14 LUFS / -1 dBTP
 * vitrine-render-mux.c     the pipeline and the routing of encoded packets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "vitrine-agent.h"
#include "vitrine-frame.h"
#include "vitrine-listing.h"
#include "vitrine-slideshow.h"
#include "vitrine-types.h"

G_BEGIN_DECLS

#define FPS 30
#define ZOOM 1.15                    /* Ken Burns: from 1.0 to this, or back */
#define END_SECONDS 5.0              /* the end card (the issue allows 6 s) */
#define END_FADE 0.5                 /* the last photo fades into the end card */
#define MAX_OUTPUTS 6

typedef struct _RenderJob RenderJob;
typedef struct _PhotoCache PhotoCache;

/* One photo (or the outro) and its motion, in one stream. */
typedef struct {
  char *path;
  int photo;          /* its index in the cache; -1 for the outro */
  gboolean is_outro;
  VitrinePicture *pic;
  GError *error;
  /* zoom from z0 to z1 (log-linear); the crop's position as a fraction of
   * the room left around it, from a0 to a1 */
  double z0, z1, ax0, ax1, ay0, ay1;
  double visible_from, visible_to; /* seconds */
} Slot;

/* One output file. */
typedef struct {
  VitrineVariant variant;
  int width, height;
  char *path, *tmp_path, *mdat_path;
  int tmp_fd;               /* tmp_path, held open and locked while it is written */
  gint64 end_frames;        /* of its end card; 0 for none */
  GstClockTime duration;    /* body + end card */
  GstElement *vsrc, *asrc;  /* into its muxer */
} Output;

/* One encoder: a size's body, then the ends of its outputs. */
typedef struct {
  RenderJob *job;
  int width, height;
  gboolean logo;              /* draws the corner logo (never in an unbranded video) */
  Slot *slots;
  Output *outputs[MAX_OUTPUTS];
  int n_outputs;
  gint64 n_frames;            /* body and ends */
  GstElement *src;            /* appsrc into the encoder */
  GThread *thread;
} Stream;

struct _RenderJob {
  VitrineSlideshow *self;
  GTask *task;
  GMainContext *context;
  GCancellable *cancellable;
  gulong cancel_id;

  /* a snapshot of the settings */
  double spp, fade, duration;        /* duration: the body's */
  gint64 body_frames, total_frames;  /* total: all streams' */
  guint64 n_samples;                 /* the soundtrack's, for the longest output */
  int n_slots;
  char **paths;                      /* photos, then the outro */
  char **captions;
  gboolean has_outro;
  char *music, *title, *logo;
  VitrineListing *listing;
  VitrineAgent *agent;
  VitrineFit fit;
  const char *encoder;

  Output outputs[MAX_OUTPUTS];
  int n_outputs;
  Stream streams[MAX_OUTPUTS];
  int n_streams;
  PhotoCache *cache;

  GstElement *pipeline;
  GstElement *asrc;
  GstBus *bus;
  GThread *audio_thread;
  guint progress_id;

  gint stop;         /* atomic: workers end */
  gint cancelled;    /* atomic */
  gint frames_done;  /* atomic, all streams */
  gboolean finishing; /* main thread */
  GError *error;
};

/* vitrine-slideshow.c */
gboolean    vitrine_render_has_element     (const char  *name);
void        vitrine_render_post_error      (RenderJob   *job,
                                            GError      *error);
char       *vitrine_render_display_name    (const char  *path);

/* vitrine-render-frames.c */
PhotoCache *vitrine_photo_cache_new        (int          n_photos,
                                            int          n_users,
                                            int          min_width,
                                            int          min_height);
void        vitrine_photo_cache_free       (PhotoCache  *cache);
void        vitrine_render_pan_size        (int          pw,
                                            int          ph,
                                            int          width,
                                            int          height,
                                            double       span,
                                            int         *out_w,
                                            int         *out_h);
void        vitrine_render_plan_motion     (Slot        *slot,
                                            int          index,
                                            int          width,
                                            int          height,
                                            gboolean     along_long_axis);
void        vitrine_render_slot_rect       (const Slot  *slot,
                                            int          width,
                                            int          height,
                                            double       t,
                                            VitrineRect *rect);
/* How much of the opening card shows at @t, from 0 to 256. */
int         vitrine_render_opening_opacity (const RenderJob *job,
                                            double       t);
/* How much of photo @slot's caption shows at @t, from 0 to 256. */
int         vitrine_render_caption_opacity (const RenderJob *job,
                                            int          slot,
                                            double       t);
gpointer    vitrine_render_stream_thread   (gpointer     user_data);
/* Forces the end cards' key frames and recycles the frames x264 has
 * copied (see the .c); set on the stream's appsrc. */
void        vitrine_render_add_probes      (Stream      *stream);

/* vitrine-render-audio.c */
gpointer    vitrine_render_audio_thread    (gpointer     user_data);
/* Brings @data (@frames interleaved stereo frames at VITRINE_MUSIC_RATE) to
 * -14 LUFS integrated with a true peak of at most -1 dBTP. */
void        vitrine_render_normalize       (float       *data,
                                            gsize        frames);

/* vitrine-render-mux.c */
/* x264's "threads" with @n_streams encoders at once (0: its own choice). */
int         vitrine_render_encoder_threads (int          n_streams);
GstElement *vitrine_render_build_pipeline  (RenderJob   *job,
                                            GError     **error);

G_END_DECLS
