/* vitrine-render-frames.c: photos, motion and the frames of each stream
 *
 * Each photo is decoded once for every output (PhotoCache: the first
 * stream to need it decodes it, at a size that covers the largest crop any
 * stream needs; each stream scales its own copy from that and lets go).
 * A stream's thread then draws every frame as a sub-pixel warp of one
 * picture or two blended (vitrine-frame.c), with the opening card, the
 * captions and the corner logo blended over it, and after the body the end
 * card of each of its outputs, each starting a closed GOP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>

#include <glib/gi18n.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>

#include "vitrine-background.h"
#include "vitrine-card.h"
#include "vitrine-image.h"
#include "vitrine-slideshow-private.h"

#define BLUR_ZOOM 1.06               /* --fit blur: a slow zoom into the whole photo */
/* A photo of the other orientation travels along its long side so that all
 * of it is seen; past this many frame lengths of travel (a panorama: more
 * than 2.25:1 in 9:16) the move would be a whip, too fast to watch, and
 * the photo is shown whole on a blurred background instead, as --fit blur. */
#define PAN_MAX_LENGTHS 3.0
/* ... and it travels at most this many of the frame's short sides a second,
 * in whole pixels a frame (5 in a 1080-wide 9:16 video: 150 px a second).
 * Covering the frame, a 16:10 photo would cross a 9:16 one at 18 px a
 * frame in a 3 s slot: a whip that hides the room, under captions and
 * cards that stay still; the motion jitter tests/bench/listing measures
 * (one affine fit of the whole frame, still text and all, between two
 * frames) read 1.8 px/frame² for it against a target of 0.25. Where
 * covering the frame would take it faster than this, the photo is drawn
 * smaller instead, its long side just long enough for the travel, on its
 * blurred self: the whole photo is still seen in its slot, and more of the
 * room at once. Drawn at the frame's scale and moved by whole pixels, each
 * frame is the last one shifted: the photo's detail is sampled alike in
 * every frame and the encoder predicts it exactly (at 5.4 px a frame the
 * jitter read 0.12-0.25 in 9:16, at 5 it reads 0.01-0.06). A slot long
 * enough (12 s for a 16:10 photo in 9:16, 9 s for a 4:3 one) covers the
 * frame as before, and so does a photo that would leave bands of blur
 * thinner than a twentieth of the frame: they would look like a fault. */
#define PAN_SPEED 0.15
#define PAN_MIN_BAND 0.9   /* the photo across at least this much of the frame: cover it */

static inline guint32
mix32 (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

static inline double
smoothstep (double x)
{
  x = CLAMP (x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

static void
set_bad_input_from (GError **error,
                    GError  *image_error)
{
  g_set_error_literal (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT,
                       image_error->message);
}

/* Motion ------------------------------------------------------------------- */

static void
cover_size (const VitrinePicture *pic,
            int                   width,
            int                   height,
            double               *cw,
            double               *ch)
{
  if ((double) pic->width * height > (double) pic->height * width)
    {
      *ch = pic->height;
      *cw = (double) pic->height * width / height;
    }
  else
    {
      *cw = pic->width;
      *ch = (double) pic->width * height / width;
    }
}

/* A Ken Burns move of its own for each slot: zooming in and out in turn,
 * panning in one of eight directions; a photo much taller or wider than
 * the frame pans along its long side, so that more of it is seen. */
void
vitrine_render_plan_motion (Slot     *slot,
                            int       index,
                            int       width,
                            int       height,
                            gboolean  along_long_axis)
{
  static const int dirs[8][2] = {
    { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 }, { 1, 1 }, { -1, -1 }, { 1, -1 }, { -1, 1 },
  };
  guint32 h = mix32 ((guint32) index * 0x9e3779b9u + 0x632be5abu);
  gboolean zoom_in = index % 2 == 0;
  double cw, ch, room_x, room_y, amp_x, amp_y;
  int dx, dy;

  if (slot->is_outro)
    {
      slot->z0 = slot->z1 = 1.0;
      slot->ax0 = slot->ax1 = slot->ay0 = slot->ay1 = 0.5;
      return;
    }

  cover_size (slot->pic, width, height, &cw, &ch);
  if (along_long_axis)
    {
      /* a photo of the other orientation: no zoom, and the crop travels
       * from one end of the long side to the other, so that all of it is
       * seen during the slot */
      gboolean tall = slot->pic->height - ch > slot->pic->width - cw;
      double from = (h >> 8) & 1 ? 1.0 : 0.0;

      slot->z0 = slot->z1 = 1.0;
      slot->ax0 = slot->ax1 = slot->ay0 = slot->ay1 = 0.5;
      if (tall)
        {
          slot->ay0 = from;
          slot->ay1 = 1.0 - from;
        }
      else
        {
          slot->ax0 = from;
          slot->ax1 = 1.0 - from;
        }
      return;
    }
  slot->z0 = zoom_in ? 1.0 : ZOOM;
  slot->z1 = zoom_in ? ZOOM : 1.0;

  /* room around the smallest crop */
  room_x = slot->pic->width - cw / ZOOM;
  room_y = slot->pic->height - ch / ZOOM;

  dx = dirs[h % 8][0];
  dy = dirs[h % 8][1];
  if (room_y > 0.3 * ch)
    {
      dx = 0;
      dy = (h >> 8) & 1 ? 1 : -1;
    }
  else if (room_x > 0.3 * cw)
    {
      dx = (h >> 8) & 1 ? 1 : -1;
      dy = 0;
    }

  /* travel: up to 60% of the room, at most 40% of the frame */
  amp_x = room_x > 1 ? MIN (0.3, 0.2 * cw / room_x) : 0;
  amp_y = room_y > 1 ? MIN (0.3, 0.2 * ch / room_y) : 0;
  slot->ax0 = 0.5 - dx * amp_x;
  slot->ax1 = 0.5 + dx * amp_x;
  slot->ay0 = 0.5 - dy * amp_y;
  slot->ay1 = 0.5 + dy * amp_y;
}

/* The crop at @t: its size follows the zoom, its centre moves in a straight
 * line at constant speed between where the anchors put it at either end.
 * The room for the centre grows or shrinks with the zoom like an
 * exponential, so a line between two valid ends stays valid in between. */
void
vitrine_render_slot_rect (const Slot  *slot,
                          int          width,
                          int          height,
                          double       t,
                          VitrineRect *rect)
{
  double span = slot->visible_to - slot->visible_from;
  double p = span > 0 ? CLAMP ((t - slot->visible_from) / span, 0.0, 1.0) : 0.0;
  double pw = slot->pic->width, ph = slot->pic->height;
  double cw, ch, w0, h0, w1, h1, cx0, cy0, cx1, cy1;

  cover_size (slot->pic, width, height, &cw, &ch);
  w0 = cw / slot->z0;
  h0 = ch / slot->z0;
  w1 = cw / slot->z1;
  h1 = ch / slot->z1;
  cx0 = w0 / 2 + slot->ax0 * (pw - w0);
  cy0 = h0 / 2 + slot->ay0 * (ph - h0);
  cx1 = w1 / 2 + slot->ax1 * (pw - w1);
  cy1 = h1 / 2 + slot->ay1 * (ph - h1);

  rect->w = w0 * pow (w1 / w0, p);
  rect->h = h0 * pow (h1 / h0, p);
  rect->x = cx0 + (cx1 - cx0) * p - rect->w / 2;
  rect->y = cy0 + (cy1 - cy0) * p - rect->h / 2;
}


/* Photos, decoded once --------------------------------------------------- */

typedef enum { PHOTO_EMPTY, PHOTO_LOADING, PHOTO_READY, PHOTO_GONE } PhotoState;

typedef struct {
  PhotoState state;
  GdkPixbuf *pixbuf;
  GError *error;
  int pending;  /* streams that have not taken it yet */
} Photo;

struct _PhotoCache {
  GMutex lock;
  GCond cond;
  int min_width, min_height;
  int n_photos;
  Photo *photos;
};

PhotoCache *
vitrine_photo_cache_new (int n_photos,
                         int n_users,
                         int min_width,
                         int min_height)
{
  PhotoCache *cache = g_new0 (PhotoCache, 1);

  g_mutex_init (&cache->lock);
  g_cond_init (&cache->cond);
  cache->min_width = min_width;
  cache->min_height = min_height;
  cache->n_photos = n_photos;
  cache->photos = g_new0 (Photo, n_photos);
  for (int i = 0; i < n_photos; i++)
    cache->photos[i].pending = n_users;
  return cache;
}

void
vitrine_photo_cache_free (PhotoCache *cache)
{
  if (cache == NULL)
    return;
  for (int i = 0; i < cache->n_photos; i++)
    {
      g_clear_object (&cache->photos[i].pixbuf);
      g_clear_error (&cache->photos[i].error);
    }
  g_free (cache->photos);
  g_mutex_clear (&cache->lock);
  g_cond_clear (&cache->cond);
  g_free (cache);
}

/* Photo @index for one stream (each stream takes each photo once): decoded
 * by the first to ask, then shared; freed when the last has taken it. */
static GdkPixbuf *
photo_cache_take (PhotoCache  *cache,
                  int          index,
                  const char  *path,
                  GError     **error)
{
  Photo *photo = &cache->photos[index];
  GdkPixbuf *pixbuf = NULL;

  g_mutex_lock (&cache->lock);
  while (photo->state == PHOTO_LOADING)
    g_cond_wait (&cache->cond, &cache->lock);
  if (photo->state == PHOTO_EMPTY)
    {
      GdkPixbuf *loaded;
      GError *local_error = NULL;

      photo->state = PHOTO_LOADING;
      g_mutex_unlock (&cache->lock);
      loaded = vitrine_image_load_covering (path, cache->min_width, cache->min_height, &local_error);
      g_mutex_lock (&cache->lock);
      photo->pixbuf = loaded;
      photo->error = local_error;
      photo->state = PHOTO_READY;
      g_cond_broadcast (&cache->cond);
    }
  if (photo->pixbuf != NULL)
    pixbuf = g_object_ref (photo->pixbuf);
  else if (photo->error != NULL)
    set_bad_input_from (error, photo->error);
  if (--photo->pending <= 0)
    {
      g_clear_object (&photo->pixbuf);
      photo->state = PHOTO_GONE;
    }
  g_mutex_unlock (&cache->lock);
  return pixbuf;
}

/* Where compose_fitted() puts an image of @iw x @ih in @width x @height. */
static void
fitted_rect (int     iw,
             int     ih,
             int     width,
             int     height,
             double  centre_y,
             int    *x,
             int    *y,
             int    *fw,
             int    *fh)
{
  double s = MIN ((double) width / iw, (double) height / ih);

  *fw = CLAMP ((int) (iw * s + 0.5), 1, width);
  *fh = CLAMP ((int) (ih * s + 0.5), 1, height);
  *x = (width - *fw) / 2;
  *y = CLAMP ((int) (centre_y * height) - *fh / 2, 0, height - *fh);
}

/* The whole image fitted inside @width x @height, its middle at @centre_y
 * of the height where there is room, over a blurred, darkened copy of
 * itself that fills the rest (the outro, --fit blur, a slow pan). */
static VitrinePicture *
compose_fitted (GdkPixbuf *image,
                int        width,
                int        height,
                double     centre_y)
{
  int fx, fy, fw, fh;
  g_autoptr(GdkPixbuf) fg = NULL;
  g_autoptr(GdkPixbuf) canvas = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);

  fitted_rect (gdk_pixbuf_get_width (image), gdk_pixbuf_get_height (image), width, height, centre_y,
               &fx, &fy, &fw, &fh);
  fg = gdk_pixbuf_scale_simple (image, fw, fh, GDK_INTERP_BILINEAR);
  if (canvas == NULL || fg == NULL)
    return NULL;
  if (fw < width || fh < height)
    {
      /* a tiny copy blown up is a cheap blur */
      int tw = MAX (4, width / 32), th = MAX (4, height / 32);
      g_autoptr(GdkPixbuf) tiny = gdk_pixbuf_scale_simple (fg, tw, th, GDK_INTERP_HYPER);
      double cs = MAX ((double) width / tw, (double) height / th);
      guint8 *px = gdk_pixbuf_get_pixels (canvas);
      int stride = gdk_pixbuf_get_rowstride (canvas);

      gdk_pixbuf_scale (tiny, canvas, 0, 0, width, height,
                        (width - tw * cs) / 2, (height - th * cs) / 2, cs, cs,
                        GDK_INTERP_BILINEAR);
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width * 3; x++)
          px[(gsize) y * stride + x] = px[(gsize) y * stride + x] * 140 / 255;
    }
  gdk_pixbuf_copy_area (fg, 0, 0, fw, fh, canvas, fx, fy);
  return vitrine_picture_new_from_pixbuf (canvas);
}

/* The middle of what the text may cover (vitrine-card.c's safe area: in
 * 9:16, above the phone app's description), as a fraction of the height. */
static double
safe_middle (const Stream *stream)
{
  VitrineBox safe;

  vitrine_card_safe_area (stream->width, stream->height, &safe);
  return (safe.y + safe.h / 2) / stream->height;
}

static gboolean
other_orientation (int pw,
                   int ph,
                   int width,
                   int height)
{
  return width != height && pw != ph && (pw > ph) != (width > height);
}

/* Whether a photo of @pw x @ph, covering the frame's short side, would
 * travel more than PAN_MAX_LENGTHS frame lengths along its long one. */
static gboolean
too_long_to_pan (double pw,
                 double ph,
                 int    width,
                 int    height)
{
  double lengths = width > height ? (ph * width / pw - height) / height
                                  : (pw * height / ph - width) / width;

  return lengths > PAN_MAX_LENGTHS;
}

/* The size of the picture a photo of @pw x @ph of the other orientation
 * travels in a @width x @height frame during @span seconds: the frame's
 * size but for the long side, @pw x @ph fitted into it whole; covering the
 * frame (0 x 0) where that is slow enough already. */
void
vitrine_render_pan_size (int     pw,
                         int     ph,
                         int     width,
                         int     height,
                         double  span,
                         int    *out_w,
                         int    *out_h)
{
  int minor = MIN (width, height), major = MAX (width, height);
  int step = MAX (1, (int) floor (PAN_SPEED * minor / FPS));   /* whole pixels a frame */
  int along = minor + 2 * (int) round (step * MAX (span, 0.0) * FPS / 2);
  double across = (double) along * MIN (pw, ph) / MAX (pw, ph);

  *out_w = *out_h = 0;
  if (across >= major * PAN_MIN_BAND)
    return;
  *out_w = width > height ? width : along;
  *out_h = width > height ? along : height;
}

/* The stream's own picture of a photo: a little more than its largest crop. */
static VitrinePicture *
cover_picture (GdkPixbuf *pixbuf,
               int        width,
               int        height)
{
  int pw = gdk_pixbuf_get_width (pixbuf), ph = gdk_pixbuf_get_height (pixbuf);
  double s = MAX (ceil (width * ZOOM) / pw, ceil (height * ZOOM) / ph);
  g_autoptr(GdkPixbuf) scaled = NULL;

  if (s > 0.97)
    return vitrine_picture_new_from_pixbuf (pixbuf);
  scaled = gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int) ceil (pw * s)), MAX (1, (int) ceil (ph * s)),
                                    GDK_INTERP_BILINEAR);
  return scaled ? vitrine_picture_new_from_pixbuf (scaled) : NULL;
}

/* How a slot shows its photo in a stream's frames. */
typedef struct {
  int pic_w, pic_h;   /* the picture drawn from it: the photo fitted whole
                       * on its blurred self (compose_fitted()); 0 x 0:
                       * the photo covering the frame (cover_picture()) */
  double centre_y;    /* the photo's middle in that picture, of its height */
  gboolean along;     /* travels along its long side */
  gboolean blur;      /* a slow zoom into the whole picture (--fit blur) */
} Fit;

/* How @slot of @stream shows a photo of @pw x @ph. */
static void
plan_fit (const Stream *stream,
          const Slot   *slot,
          int           pw,
          int           ph,
          Fit          *fit)
{
  int w = stream->width, h = stream->height;
  gboolean other = other_orientation (pw, ph, w, h);

  *fit = (Fit) { 0, 0, 0.5, FALSE, FALSE };
  if (slot->is_outro)
    {
      fit->pic_w = w;
      fit->pic_h = h;
    }
  else if (other && (stream->job->fit == VITRINE_FIT_BLUR || too_long_to_pan (pw, ph, w, h)))
    {
      fit->pic_w = (int) (w * BLUR_ZOOM) & ~1;
      fit->pic_h = (int) (h * BLUR_ZOOM) & ~1;
      fit->blur = TRUE;
    }
  else if ((fit->along = other))
    {
      vitrine_render_pan_size (pw, ph, w, h, slot->visible_to - slot->visible_from,
                               &fit->pic_w, &fit->pic_h);
      /* in 9:16, the photo in the middle of what the phone app leaves
       * seen, its caption under it (vitrine-card.c's safe area) */
      fit->centre_y = safe_middle (stream);
    }
}

/* Where the photo of @pw x @ph, drawn as @fit says, shows in its slot's
 * frames when it does not cover them (VitrineBand). Blur and the outro:
 * the frame sees the whole picture, zooming (blur) into its middle to
 * 1/BLUR_ZOOM of it, so that the photo is smallest at the start and
 * largest at the end. The pan: across the photo's long side the picture
 * is the frame's size, and along it the photo fills the picture; the crop
 * moves along it only, so the photo stays put across the frame and covers
 * its whole length, as mapping a crop of the picture's middle gives too. */
static gboolean
fit_band (const Fit   *fit,
          int          pw,
          int          ph,
          int          width,
          int          height,
          VitrineBand *band)
{
  int x, y, fw, fh;

  if (fit->pic_w == 0)
    return FALSE;
  fitted_rect (pw, ph, fit->pic_w, fit->pic_h, fit->centre_y, &x, &y, &fw, &fh);
  for (int i = 0; i < 2; i++)
    {
      double zoom = i == 1 && fit->blur ? BLUR_ZOOM : 1.0;
      double sx = zoom * width / fit->pic_w, sy = zoom * height / fit->pic_h;
      double x0 = CLAMP (width / 2.0 + (x - fit->pic_w / 2.0) * sx, 0, width);
      double x1 = CLAMP (width / 2.0 + (x + fw - fit->pic_w / 2.0) * sx, 0, width);
      double y0 = CLAMP (height / 2.0 + (y - fit->pic_h / 2.0) * sy, 0, height);
      double y1 = CLAMP (height / 2.0 + (y + fh - fit->pic_h / 2.0) * sy, 0, height);
      VitrineBox *box = i == 0 ? &band->inner : &band->outer;

      *box = (VitrineBox) { x0, y0, x1 - x0, y1 - y0, FALSE, FALSE };
    }
  return TRUE;
}

static gboolean
load_slot (Stream  *stream,
           Slot    *slot,
           int      index,
           GError **error)
{
  RenderJob *job = stream->job;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) local_error = NULL;
  Fit fit;

  /* Decoded large enough to cover the frame (at 1 x 1 it came out a
   * pixel, drawn as one flat colour). */
  if (slot->is_outro)
    pixbuf = vitrine_image_load_covering (slot->path, stream->width, stream->height, &local_error);
  else
    pixbuf = photo_cache_take (job->cache, slot->photo, slot->path, &local_error);
  if (pixbuf == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  plan_fit (stream, slot, gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf), &fit);
  slot->pic = fit.pic_w > 0 ? compose_fitted (pixbuf, fit.pic_w, fit.pic_h, fit.centre_y)
                            : cover_picture (pixbuf, stream->width, stream->height);
  if (slot->pic == NULL)
    {
      g_autofree char *name = vitrine_render_display_name (slot->path);

      g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT, "%s: %s", name,
                   _("not enough memory"));
      return FALSE;
    }
  vitrine_render_plan_motion (slot, index, stream->width, stream->height, fit.along);
  if (fit.blur)
    {
      slot->z0 = 1.0;
      slot->z1 = BLUR_ZOOM;
      slot->ax0 = slot->ax1 = slot->ay0 = slot->ay1 = 0.5;
    }
  return TRUE;
}

/* Frame buffers ------------------------------------------------------------
 *
 * Frames are mapped from the kernel and recycled through a free list. The
 * encoder holds each buffer a dozen frames or more (x264's lookahead
 * and threads) before it lets it go, but x264 copies a picture
 * into frames of its own as it takes it in: with x264, a frame's memory is
 * recycled as soon as the next one goes by (below), so a stream keeps about
 * three frames in use, always resident, and draws into warm memory. */

typedef struct {
  GMutex lock;
  GSList *free;
  gsize size;      /* whole huge pages */
  gsize frame_size;
} FramePool;

typedef struct {
  FramePool *pool;
  guint8 *data;
  gboolean recycled;  /* data already back in the pool (under its lock) */
} FrameMem;

static G_DEFINE_QUARK (vitrine-frame-mem, frame_mem)

#define HUGE_PAGE (2 * 1024 * 1024)

/* A frame in whole 2 MB pages, aligned, with transparent huge pages asked
 * for: fewer page faults and TLB misses when it is drawn into. */
static guint8 *
frame_map (gsize size)
{
  guint8 *m = mmap (NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 *aligned;

  if (m == MAP_FAILED)
    return NULL;

  aligned = (guint8 *) (((guintptr) m + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  if (aligned > m)
    munmap (m, aligned - m);
  if (aligned + size < m + size + HUGE_PAGE)
    munmap (aligned + size, (m + size + HUGE_PAGE) - (aligned + size));
#ifdef MADV_HUGEPAGE
  madvise (aligned, size, MADV_HUGEPAGE);
#endif

  return aligned;
}

static void
frame_pool_clear (FramePool *pool)
{
  for (GSList *l = pool->free; l; l = l->next)
    munmap (l->data, pool->size);
  g_slist_free (pool->free);
  g_mutex_clear (&pool->lock);
}

static FramePool *
frame_pool_new (gsize frame_size)
{
  FramePool *pool = g_atomic_rc_box_new0 (FramePool);

  g_mutex_init (&pool->lock);
  pool->frame_size = frame_size;
  pool->size = (frame_size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
  return pool;
}

static void
frame_pool_unref (FramePool *pool)
{
  g_atomic_rc_box_release_full (pool, (GDestroyNotify) frame_pool_clear);
}

/* Puts @mem's data back in the free list, once. */
static void
frame_mem_recycle (FrameMem *mem)
{
  FramePool *pool = mem->pool;

  g_mutex_lock (&pool->lock);
  if (!mem->recycled)
    pool->free = g_slist_prepend (pool->free, mem->data);
  mem->recycled = TRUE;
  g_mutex_unlock (&pool->lock);
}

static void
frame_mem_release (gpointer user_data)
{
  FrameMem *mem = user_data;
  FramePool *pool = mem->pool;

  frame_mem_recycle (mem);
  frame_pool_unref (pool);
  g_free (mem);
}

static GstBuffer *
frame_pool_acquire (FramePool  *pool,
                    guint8    **data)
{
  FrameMem *mem;
  GstBuffer *buffer;
  guint8 *p = NULL;

  g_mutex_lock (&pool->lock);
  if (pool->free != NULL)
    {
      p = pool->free->data;
      pool->free = g_slist_delete_link (pool->free, pool->free);
    }
  g_mutex_unlock (&pool->lock);

  if (p == NULL && !(p = frame_map (pool->size)))
    return NULL;

  mem = g_new (FrameMem, 1);
  mem->pool = g_atomic_rc_box_acquire (pool);
  mem->data = p;
  mem->recycled = FALSE;
  buffer = gst_buffer_new_wrapped_full (0, p, pool->size, 0, pool->frame_size, mem, frame_mem_release);
  gst_mini_object_set_qdata (GST_MINI_OBJECT (buffer), frame_mem_quark (), mem, NULL);
  *data = p;

  return buffer;
}

/* x264 copies each picture into frames of its own as it takes it in
 * (x264_encoder_encode), but x264enc keeps the buffer, mapped and unread,
 * until the frame comes out of the encoder fifteen frames later: 45 MB of
 * 1080p nobody will read. The appsrc pushes into x264enc in the thread of
 * this probe, with no queue between them, so when the next buffer goes by
 * the previous one has been taken in: its memory goes back to the pool to
 * draw a later frame into (x264enc only unmaps and unrefs it later). */
typedef struct {
  GstBuffer *previous;
} RecycleProbe;

static void
recycle_probe_free (gpointer user_data)
{
  RecycleProbe *rp = user_data;

  gst_clear_buffer (&rp->previous);
  g_free (rp);
}

static GstPadProbeReturn
recycle_copied_cb (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  RecycleProbe *rp = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (rp->previous != NULL)
    {
      FrameMem *mem = gst_mini_object_get_qdata (GST_MINI_OBJECT (rp->previous), frame_mem_quark ());

      if (mem != NULL)
        frame_mem_recycle (mem);
      gst_clear_buffer (&rp->previous);
    }
  if (buffer != NULL && gst_mini_object_get_qdata (GST_MINI_OBJECT (buffer), frame_mem_quark ()))
    rp->previous = gst_buffer_ref (buffer);

  return GST_PAD_PROBE_OK;
}


/* The stream's thread ------------------------------------------------------ */

typedef struct {
  Stream *stream;
  Slot *slot;
  int index;
} AheadData;

static gpointer
ahead_thread_func (gpointer user_data)
{
  AheadData *data = user_data;

  load_slot (data->stream, data->slot, data->index, &data->slot->error);
  g_free (data);
  return NULL;
}

/* Which slots show at frame @f: @a, and @b blended in at @mix / 256. */
static void
timeline_at (const RenderJob *job,
             gint64           f,
             int             *a,
             int             *b,
             int             *mix)
{
  double t = (double) f / FPS;
  int k = MIN ((int) floor (t / job->spp), job->n_slots - 1);
  double u = t - k * job->spp, half = job->fade / 2;

  *a = k;
  *b = -1;
  *mix = 0;

  if (k > 0 && u < half)
    {
      *a = k - 1;
      *b = k;
      *mix = (int) lround ((u + half) / job->fade * 256);
    }
  else if (k < job->n_slots - 1 && u >= job->spp - half)
    {
      *b = k + 1;
      *mix = (int) lround ((u - (job->spp - half)) / job->fade * 256);
    }
  *mix = CLAMP (*mix, 0, 256);
}

/* What a stream draws over its photos. */
typedef struct {
  VitrineOverlay *opening;
  VitrineOverlay *title;    /* a title alone, as the plain slideshow had it */
  VitrineOverlay *logo;
  VitrineOverlay **captions;
} Dressing;

static void
dressing_clear (Dressing *d,
                int       n_slots)
{
  g_clear_pointer (&d->opening, vitrine_overlay_free);
  g_clear_pointer (&d->title, vitrine_overlay_free);
  g_clear_pointer (&d->logo, vitrine_overlay_free);
  for (int i = 0; d->captions != NULL && i < n_slots; i++)
    g_clear_pointer (&d->captions[i], vitrine_overlay_free);
  g_clear_pointer (&d->captions, g_free);
}

/* Where the photo of slot @index shows in @stream's frames, in @band,
 * when it does not cover them; NULL where it does, or where its header
 * cannot be read (decoding it will say why).
 *
 * The overlays over a photo drawn as a band smaller than the frame stand
 * wholly inside the band or wholly off it (vitrine-card.c's
 * panel_moves()); they are drawn once a stream, before any photo is
 * decoded, and stay still in the frames: the band is worked out here
 * from the photo's size in its header (its decoded copy has the same
 * shape), with the same plan_fit() that load_slot() follows, over its
 * whole slot. Nothing is added to the drawing of a frame. */
static const VitrineBand *
slot_band (const Stream *stream,
           int           index,
           VitrineBand  *band)
{
  const Slot *slot = &stream->slots[index];
  int pw, ph;
  Fit fit;

  if (!vitrine_image_probe (slot->path, &pw, &ph, NULL))
    return NULL;
  plan_fit (stream, slot, pw, ph, &fit);
  return fit_band (&fit, pw, ph, stream->width, stream->height, band) ? band : NULL;
}

static gboolean
dressing_init (Dressing  *d,
               Stream    *stream,
               GError   **error)
{
  RenderJob *job = stream->job;
  int w = stream->width, h = stream->height;
  gboolean listed = !vitrine_listing_is_empty (job->listing) &&
                    (job->listing->address || job->listing->price || job->listing->facts);
  VitrineBand first_band, band;
  const VitrineBand *first = NULL;

  if (stream->logo && job->logo && !(d->logo = vitrine_card_logo (job->logo, w, h, NULL, error)))
    return FALSE;
  if (listed || job->title != NULL)
    first = slot_band (stream, 0, &first_band);
  /* the opening card shows whichever of the address, price and facts the
   * listing has (a price alone is shown); a listing with only a web
   * address has none, on purpose: the body is shared with the unbranded
   * video, which shows no web address or QR code, and the branded end card
   * carries the link as a QR code */
  if (listed)
    d->opening = vitrine_card_opening (job->title, job->listing, d->logo != NULL, first,
                                       w, h, NULL);
  else if (job->title != NULL)
    d->title = vitrine_card_title (job->title, first, w, h, NULL);
  d->captions = g_new0 (VitrineOverlay *, job->n_slots);
  for (int i = 0; job->captions != NULL && i < job->n_slots && job->captions[i] != NULL; i++)
    {
      if (job->captions[i][0] == '\0')
        continue;
      /* the first photo's caption goes to the top when a plain title is in
       * the lower left (an opening card is at the top: it stays below) */
      d->captions[i] = vitrine_card_caption (job->captions[i], i == 0 && d->title != NULL,
                                             slot_band (stream, i, &band), w, h, NULL);
    }
  return TRUE;
}

/* How much of the opening card (or the plain title) shows at @t, from 0 to
 * 256: whole from the start, it goes with its photo as the first caption
 * does, in the crossfade's middle. It went before the crossfade, over the
 * photo's last moving frames, and the affine fit of the jitter bench
 * followed the fade (0.23 px/frame² in that slot, 0.02-0.06 in the rest). */
int
vitrine_render_opening_opacity (const RenderJob *job,
                                double           t)
{
  double end = job->n_slots > 1 ? job->spp : job->duration;

  return (int) (256 * smoothstep ((end - t) / MIN (0.4, end / 4)));
}

/* A caption shows during its photo's slot, fading in and out with it:
 * it comes in as its photo takes over the crossfade (its middle) and goes
 * as the next one does, so it stays whole for all but 0.8 s of the slot
 * (2.2 s of 3 s; after the crossfade it had 1.45 s, short for a caption
 * of a few words), the captions of two photos never show together, and
 * the picture under the motion changes only where it changes anyway. */
int
vitrine_render_caption_opacity (const RenderJob *job,
                                int              slot,
                                double           t)
{
  double from = slot * job->spp, to = (slot + 1) * job->spp;
  double ramp = MIN (0.4, (to - from) / 4);

  if (slot == job->n_slots - 1)
    to = job->duration;
  return (int) (256 * smoothstep ((t - from) / ramp) * smoothstep ((to - t) / ramp));
}

static void
dress_frame (const Dressing  *d,
             const RenderJob *job,
             double           t,
             int              a,
             int              b,
             VitrineFrame    *frame)
{
  const VitrineOverlay *first = d->opening ? d->opening : d->title;

  if (first != NULL)
    vitrine_overlay_blend (first, frame, vitrine_render_opening_opacity (job, t));
  for (int k = a; k <= MAX (a, b); k++)
    if (d->captions[k] != NULL)
      vitrine_overlay_blend (d->captions[k], frame, vitrine_render_caption_opacity (job, k, t));
  if (d->logo != NULL)
    vitrine_overlay_blend (d->logo, frame, 230);
}

typedef struct {
  Stream *stream;
  FramePool *pool;
  GstVideoInfo info;
  VitrineWarp *warp;
  gint64 f;               /* the stream's next frame */
} Drawer;

/* Draws one frame of @a (and @b blended in) and pushes it. */
static gboolean
push_frame (Drawer          *dr,
            const Dressing  *dressing,
            const VitrinePicture *pa,
            const VitrineRect *ra,
            const VitrinePicture *pb,
            const VitrineRect *rb,
            int              mix,
            double           t,
            int              a,
            int              b,
            GError         **error)
{
  Stream *stream = dr->stream;
  GstBuffer *buffer;
  guint8 *data = NULL;
  VitrineFrame frame;

  if (!(buffer = frame_pool_acquire (dr->pool, &data)))
    {
      g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_FAILED,
                   _("Not enough memory for a video frame"));
      return FALSE;
    }
  frame.width = stream->width;
  frame.height = stream->height;
  for (int p = 0; p < 3; p++)
    {
      frame.planes[p] = data + GST_VIDEO_INFO_PLANE_OFFSET (&dr->info, p);
      frame.strides[p] = GST_VIDEO_INFO_PLANE_STRIDE (&dr->info, p);
    }
  vitrine_warp_draw (dr->warp, pa, ra, pb, rb, mix, &frame);
  if (dressing != NULL)
    dress_frame (dressing, stream->job, t, a, b, &frame);

  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (dr->f, GST_SECOND, FPS);
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (dr->f + 1, GST_SECOND, FPS) -
                                 GST_BUFFER_PTS (buffer);
  if (gst_app_src_push_buffer (GST_APP_SRC (stream->src), buffer) != GST_FLOW_OK)
    return FALSE;
  dr->f++;
  g_atomic_int_inc (&stream->job->frames_done);
  return TRUE;
}

/* Makes sure slots @a to @last are decoded (joining the helper thread when
 * it has one of them) and starts decoding the next while @a shows alone. */
static gboolean
ensure_slots (Stream   *stream,
              int       a,
              int       last,
              gboolean  alone,
              GThread **ahead,
              int      *ahead_index,
              GError  **error)
{
  RenderJob *job = stream->job;

  for (int k = a; k <= last; k++)
    {
      Slot *slot = &stream->slots[k];

      if (k == *ahead_index)
        {
          g_thread_join (*ahead);
          *ahead = NULL;
          *ahead_index = -1;
          if (slot->error)
            {
              g_propagate_error (error, g_steal_pointer (&slot->error));
              return FALSE;
            }
        }
      if (slot->pic == NULL && !load_slot (stream, slot, k, error))
        return FALSE;
    }
  if (alone && *ahead == NULL && a + 1 < job->n_slots && stream->slots[a + 1].pic == NULL)
    {
      AheadData *ad = g_new0 (AheadData, 1);

      ad->stream = stream;
      ad->slot = &stream->slots[a + 1];
      ad->index = a + 1;
      *ahead_index = a + 1;
      *ahead = g_thread_new ("vitrine-decode", ahead_thread_func, ad);
    }
  return TRUE;
}

static gboolean
draw_body (Drawer          *dr,
           const Dressing  *dressing,
           GError         **error)
{
  Stream *stream = dr->stream;
  RenderJob *job = stream->job;
  GThread *ahead = NULL;
  int ahead_index = -1, first_held = 0;
  gboolean ok = TRUE;

  for (gint64 f = 0; ok && f < job->body_frames; f++)
    {
      VitrineRect ra, rb;
      double t = (double) f / FPS;
      int a, b, mix;

      if (g_atomic_int_get (&job->stop))
        {
          ok = FALSE;
          break;
        }
      timeline_at (job, f, &a, &b, &mix);
      /* let go of what has been shown */
      for (; first_held < a; first_held++)
        g_clear_pointer (&stream->slots[first_held].pic, vitrine_picture_free);
      if (!(ok = ensure_slots (stream, a, b >= 0 ? b : a, b < 0, &ahead, &ahead_index, error)))
        break;
      vitrine_render_slot_rect (&stream->slots[a], stream->width, stream->height, t, &ra);
      if (b >= 0)
        vitrine_render_slot_rect (&stream->slots[b], stream->width, stream->height, t, &rb);
      ok = push_frame (dr, dressing, stream->slots[a].pic, &ra, b >= 0 ? stream->slots[b].pic : NULL,
                       b >= 0 ? &rb : NULL, mix, t, a, b, error);
    }
  if (ahead != NULL)
    g_thread_join (ahead);
  return ok;
}

/* The force-key-unit events that start each end card on an IDR frame,
 * sent just before its first frame from the appsrc's streaming thread. */
typedef struct {
  GstClockTime keys[MAX_OUTPUTS];
  int n_keys;
} KeyProbe;

static GstPadProbeReturn
force_keys_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  KeyProbe *kp = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  for (int i = 0; buffer != NULL && i < kp->n_keys; i++)
    {
      if (GST_BUFFER_PTS (buffer) == kp->keys[i])
        gst_pad_push_event (pad, gst_video_event_new_downstream_force_key_unit (
                              GST_BUFFER_PTS (buffer), GST_BUFFER_PTS (buffer),
                              GST_BUFFER_PTS (buffer), TRUE, i + 1));
    }
  return GST_PAD_PROBE_OK;
}

void
vitrine_render_add_probes (Stream *stream)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (stream->src, "src");
  KeyProbe *kp = g_new0 (KeyProbe, 1);
  gint64 f = stream->job->body_frames;

  for (int i = 0; i < stream->n_outputs; i++)
    {
      if (stream->outputs[i]->end_frames == 0)
        continue;
      kp->keys[kp->n_keys++] = gst_util_uint64_scale (f, GST_SECOND, FPS);
      f += stream->outputs[i]->end_frames;
    }
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, force_keys_cb, kp, g_free);
  if (g_str_equal (stream->job->encoder, "x264enc"))
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, recycle_copied_cb,
                       g_new0 (RecycleProbe, 1), recycle_probe_free);
}

/* Each output's end card, after the body: the last photo, still, fades
 * into it. */
static gboolean
draw_ends (Drawer  *dr,
           GError **error)
{
  Stream *stream = dr->stream;
  RenderJob *job = stream->job;
  const Slot *last = &stream->slots[job->n_slots - 1];
  VitrineRect rl, rc = { 0, 0, stream->width, stream->height };

  vitrine_render_slot_rect (last, stream->width, stream->height, job->duration, &rl);
  for (int i = 0; i < stream->n_outputs; i++)
    {
      Output *output = stream->outputs[i];
      g_autoptr(VitrinePicture) card = NULL;

      if (output->end_frames == 0)
        continue;
      if (!(card = vitrine_card_end (output->variant, job->listing, job->agent,
                                     stream->width, stream->height, NULL, error)))
        return FALSE;
      for (gint64 f = 0; f < output->end_frames; f++)
        {
          int mix = (int) lround (256 * smoothstep ((f + 1) / (END_FADE * FPS)));

          if (g_atomic_int_get (&job->stop) ||
              !push_frame (dr, NULL, last->pic, &rl, card, &rc, mix, 0, 0, 0, error))
            return FALSE;
        }
    }
  return TRUE;
}

gpointer
vitrine_render_stream_thread (gpointer user_data)
{
  Stream *stream = user_data;
  RenderJob *job = stream->job;
  g_autoptr(GError) error = NULL;
  Dressing dressing = { NULL };
  Drawer dr = { stream, NULL };
  gboolean complete = FALSE;

  vitrine_background_lower_priority ();

  if (!dressing_init (&dressing, stream, &error))
    goto out;
  gst_video_info_set_format (&dr.info, GST_VIDEO_FORMAT_I420, stream->width, stream->height);
  dr.pool = frame_pool_new (dr.info.size);
  dr.warp = vitrine_warp_new (stream->width, stream->height);
  g_debug ("Warp: %s", vitrine_warp_get_accelerated (dr.warp) ? "SSSE3" : "C");

  if (draw_body (&dr, &dressing, &error) && draw_ends (&dr, &error))
    {
      complete = TRUE;
      gst_app_src_end_of_stream (GST_APP_SRC (stream->src));
    }

out:
  for (int i = 0; i < job->n_slots; i++)
    {
      g_clear_pointer (&stream->slots[i].pic, vitrine_picture_free);
      g_clear_error (&stream->slots[i].error);
    }
  dressing_clear (&dressing, job->n_slots);
  vitrine_warp_free (dr.warp);
  if (dr.pool != NULL)
    frame_pool_unref (dr.pool);
  if (!complete && error == NULL && !g_atomic_int_get (&job->stop))
    g_set_error (&error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_FAILED,
                 _("The video encoder stopped"));
  if (error != NULL && !g_atomic_int_get (&job->stop))
    vitrine_render_post_error (job, g_steal_pointer (&error));
  return NULL;
}
