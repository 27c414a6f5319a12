/* vitrine-slideshow.c: the local GStreamer slideshow renderer
 *
 *   [video thread]  photo → vitrine_image_load_covering() once → I420 picture
 *                   → every frame: sub-pixel warp (+ crossfade, title, logo)
 *                   → appsrc ! x264enc ! h264parse ! queue ! mp4mux ! filesink
 *   [audio thread]  music → decodebin sub-pipeline (looped, trimmed, faded)
 *                   or silence → appsrc ! audioconvert ! avenc_aac ! aacparse ! queue ! mux
 *   [main thread]   bus watch, progress, cancel; teardown runs in a GTask thread
 *
 * Only the photo on screen and the next one are held decoded; the next is
 * decoded by a helper thread while the current one is being shown. The
 * output is written to a hidden file beside the target and renamed into
 * place when mp4mux has finished; on failure or cancel it is deleted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/statvfs.h>

#include "vitrine-slideshow.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <pango/pangocairo.h>

#include "vitrine-frame.h"
#include "vitrine-image.h"
#include "vitrine-music.h"

#define FPS 30
#define ZOOM 1.15                    /* Ken Burns: from 1.0 to this, or back */
#define AUDIO_BLOCK 1024             /* stereo frames a buffer */
#define MUSIC_FADE_OUT 2.0           /* seconds */
#define MUSIC_FADE_IN 0.05
#define MIN_SIDE 16
#define MAX_SIDE 8192

G_DEFINE_QUARK (vitrine-render-error-quark, vitrine_render_error)

/* Tried in this order; hardware elements only register when their device
 * is present. */
static const char * const video_encoders[] = {
  "vah264enc", "vah264lpenc", "vaapih264enc", "nvh264enc", "nvautogpuh264enc",
  "qsvh264enc", "amfh264enc", "v4l2h264enc",
  "x264enc",
  "openh264enc",
};
static const char * const audio_encoders[] = { "avenc_aac", "voaacenc", "fdkaacenc" };

typedef struct _RenderJob RenderJob;

struct _VitrineSlideshow {
  GObject parent_instance;

  char **photos;
  char *music;
  char *title;
  char *logo;
  char *outro;
  guint width;
  guint height;
  double seconds_per_photo;

  double progress;
  char *encoder_name;
  RenderJob *job; /* while rendering */
};

G_DEFINE_FINAL_TYPE (VitrineSlideshow, vitrine_slideshow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHOTOS,
  PROP_MUSIC,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_SECONDS_PER_PHOTO,
  PROP_TITLE,
  PROP_LOGO,
  PROP_OUTRO,
  PROP_DURATION,
  PROP_PROGRESS,
  PROP_ENCODER_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One photo (or the outro) and its motion. */
typedef struct {
  char *path;
  gboolean is_outro;
  VitrinePicture *pic;
  GError *error;
  /* zoom from z0 to z1 (log-linear); the crop's position as a fraction of
   * the room left around it, from a0 to a1 */
  double z0, z1, ax0, ax1, ay0, ay1;
  double visible_from, visible_to; /* seconds */
} Slot;

struct _RenderJob {
  VitrineSlideshow *self;
  GTask *task;
  GMainContext *context;
  GCancellable *cancellable;
  gulong cancel_id;

  /* a snapshot of the settings */
  int width, height;
  double spp, fade, duration;
  gint64 n_frames;
  guint64 n_samples;
  Slot *slots;
  int n_slots;
  char *music, *title, *logo;

  char *output_path, *tmp_path, *mdat_path;
  const char *encoder;

  GstElement *pipeline;
  GstElement *vsrc;
  GstElement *asrc;
  GstBus *bus;
  GThread *video_thread;
  GThread *audio_thread;
  guint progress_id;

  gint stop;         /* atomic: workers end */
  gint cancelled;    /* atomic */
  gint frames_done;  /* atomic */
  gboolean finishing; /* main thread */
  GError *error;
};

static void render_job_finish (RenderJob *job,
                               GError    *error);

/* Helpers ------------------------------------------------------------------ */

static char *
display_basename (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_filename_display_name (base);
}

static void
set_progress (VitrineSlideshow *self,
              double            progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static gboolean
has_element (const char *name)
{
  GstElementFactory *factory = gst_element_factory_find (name);

  if (factory == NULL)
    return FALSE;
  gst_object_unref (factory);
  return TRUE;
}

static void
ensure_gst (void)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
}

const char *
vitrine_slideshow_find_encoder (void)
{
  const char *forced = g_getenv ("VITRINE_ENCODER");

  ensure_gst ();

  /* VITRINE_ENCODER=openh264enc (say) picks one, for tests and comparisons */
  if (forced != NULL && *forced != '\0')
    {
      for (guint i = 0; i < G_N_ELEMENTS (video_encoders); i++)
        if (g_str_equal (forced, video_encoders[i]))
          return has_element (video_encoders[i]) ? video_encoders[i] : NULL;
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (video_encoders); i++)
    if (has_element (video_encoders[i]))
      return video_encoders[i];

  return NULL;
}

static const char *
find_audio_encoder (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (audio_encoders); i++)
    if (has_element (audio_encoders[i]))
      return audio_encoders[i];
  return NULL;
}

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

/* Pictures: photos, outro, title, logo ------------------------------------ */

/* The rectangle of the output's shape that covers the picture at zoom 1. */
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
static void
plan_motion (Slot *slot,
             int   index,
             int   width,
             int   height)
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
static void
slot_rect (const Slot  *slot,
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

static void
set_bad_input_from (GError     **error,
                    GError      *image_error)
{
  g_set_error_literal (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT,
                       image_error->message);
}

static void
set_bad_input (GError     **error,
               const char  *path,
               const char  *reason)
{
  g_autofree char *name = display_basename (path);

  g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT, "%s: %s", name, reason);
}

/* The outro: the whole image fitted inside the frame, over a blurred,
 * darkened copy of itself that fills the rest. */
static VitrinePicture *
make_outro (const char  *path,
            int          width,
            int          height,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) fg = NULL;
  g_autoptr(GdkPixbuf) canvas = NULL;
  int iw, ih, fw, fh;
  double s;

  if (!vitrine_image_probe (path, &iw, &ih, &local_error))
    {
      set_bad_input_from (error, local_error);
      return NULL;
    }

  s = MIN ((double) width / iw, (double) height / ih);
  fw = CLAMP ((int) (iw * s + 0.5), 1, width);
  fh = CLAMP ((int) (ih * s + 0.5), 1, height);

  if (!(loaded = vitrine_image_load_covering (path, fw, fh, &local_error)))
    {
      set_bad_input_from (error, local_error);
      return NULL;
    }
  if (gdk_pixbuf_get_width (loaded) != fw || gdk_pixbuf_get_height (loaded) != fh)
    fg = gdk_pixbuf_scale_simple (loaded, fw, fh, GDK_INTERP_BILINEAR);
  else
    fg = g_object_ref (loaded);

  canvas = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  if (canvas == NULL || fg == NULL)
    {
      set_bad_input (error, path, _("not enough memory"));
      return NULL;
    }

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

  gdk_pixbuf_copy_area (fg, 0, 0, fw, fh, canvas, (width - fw) / 2, (height - fh) / 2);

  return vitrine_picture_new_from_pixbuf (canvas);
}

static gboolean
load_slot (RenderJob  *job,
           Slot       *slot,
           int         index,
           GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  if (slot->is_outro)
    {
      slot->pic = make_outro (slot->path, job->width, job->height, error);
    }
  else
    {
      /* a little more than the largest crop: the frame at full zoom */
      pixbuf = vitrine_image_load_covering (slot->path, (int) ceil (job->width * ZOOM),
                                            (int) ceil (job->height * ZOOM), &local_error);
      if (pixbuf == NULL)
        {
          set_bad_input_from (error, local_error);
          return FALSE;
        }
      slot->pic = vitrine_picture_new_from_pixbuf (pixbuf);
      if (slot->pic == NULL)
        set_bad_input (error, slot->path, _("not enough memory"));
    }

  if (slot->pic == NULL)
    return FALSE;

  plan_motion (slot, index, job->width, job->height);
  return TRUE;
}

/* The title, drawn once with Pango: white on a translucent dark box in the
 * lower left, up to three lines. */
static VitrineOverlay *
make_title (const char *title,
            int         width,
            int         height)
{
  int minor = MIN (width, height);
  double font_px = MAX (9.0, minor / 18.0);
  double margin = minor * 0.06;
  double pad_x = font_px * 0.6, pad_y = font_px * 0.35;
  int text_w = MAX (16, (int) (width - 2 * margin - 2 * pad_x));
  PangoFontMap *font_map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (font_map);
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans Bold");
  PangoRectangle ink, logical;
  cairo_surface_t *surface;
  cairo_t *cr;
  int box_w, box_h;
  VitrineOverlay *overlay;

  pango_font_description_set_absolute_size (desc, font_px * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, text_w * PANGO_SCALE);
  pango_layout_set_height (layout, -3);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, title, -1);
  pango_layout_get_pixel_extents (layout, &ink, &logical);

  box_w = (int) ceil (logical.width + 2 * pad_x);
  box_h = (int) ceil (logical.height + 2 * pad_y);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, box_w, box_h);
  cr = cairo_create (surface);

  {
    double r = pad_y, w = box_w, h = box_h;

    cairo_new_sub_path (cr);
    cairo_arc (cr, w - r, r, r, -G_PI / 2, 0);
    cairo_arc (cr, w - r, h - r, r, 0, G_PI / 2);
    cairo_arc (cr, r, h - r, r, G_PI / 2, G_PI);
    cairo_arc (cr, r, r, r, G_PI, 3 * G_PI / 2);
    cairo_close_path (cr);
    cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
    cairo_fill (cr);
  }

  pango_cairo_update_layout (cr, layout);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_move_to (cr, pad_x - logical.x + MAX (1.0, font_px / 24), pad_y - logical.y + MAX (1.0, font_px / 24));
  pango_cairo_show_layout (cr, layout);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, pad_x - logical.x, pad_y - logical.y);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  overlay = vitrine_overlay_new_from_argb32 (cairo_image_surface_get_data (surface), box_w, box_h,
                                             cairo_image_surface_get_stride (surface),
                                             (int) margin, (int) (height - margin - box_h));
  cairo_surface_destroy (surface);
  g_object_unref (layout);
  g_object_unref (context);
  g_object_unref (font_map);

  return overlay;
}

/* The logo: fitted in a small box in the top right corner. */
static VitrineOverlay *
make_logo (const char  *path,
           int          width,
           int          height,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree guint8 *argb = NULL;
  int minor = MIN (width, height);
  int box_w = MAX (8, (int) (minor * 0.22)), box_h = MAX (8, (int) (minor * 0.11));
  int margin = (int) (minor * 0.04);
  int w, h, n, stride;
  const guint8 *px;

  if (!vitrine_image_probe (path, NULL, NULL, &local_error))
    {
      set_bad_input_from (error, local_error);
      return NULL;
    }
  if (!(loaded = gdk_pixbuf_new_from_file_at_scale (path, box_w, box_h, TRUE, &local_error)))
    {
      g_autofree char *reason = g_strdup_printf (_("the logo cannot be read (%s)"), local_error->message);

      set_bad_input (error, path, reason);
      return NULL;
    }
  pixbuf = gdk_pixbuf_apply_embedded_orientation (loaded);

  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  px = gdk_pixbuf_read_pixels (pixbuf);
  argb = g_malloc ((gsize) w * h * 4);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *s = px + (gsize) y * stride + (gsize) x * n;
        guint32 a = n == 4 ? s[3] : 255;
        guint32 r = (s[0] * a + 127) / 255, g = (s[1] * a + 127) / 255, b = (s[2] * a + 127) / 255;

        ((guint32 *) argb)[(gsize) y * w + x] = (a << 24) | (r << 16) | (g << 8) | b;
      }

  return vitrine_overlay_new_from_argb32 (argb, w, h, w * 4, width - margin - w, margin);
}

/* Frame buffers ------------------------------------------------------------
 *
 * Frames are mapped from the kernel and recycled through a free list: the
 * encoder holds a dozen or more of them (x264's lookahead, B-frames and
 * threads) and then lets them go in its own time. */

typedef struct {
  GMutex lock;
  GSList *free;
  gsize size;      /* whole huge pages */
  gsize frame_size;
} FramePool;

typedef struct {
  FramePool *pool;
  guint8 *data;
} FrameMem;

static GQuark frame_mem_quark;

#define HUGE_PAGE (2 * 1024 * 1024)

/* A frame in whole 2 MB pages, aligned, with transparent huge pages asked
 * for: the encoder's pages are given back every frame (below), and faulting
 * them in again then takes two faults instead of a thousand. */
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

static void
frame_mem_release (gpointer user_data)
{
  FrameMem *mem = user_data;
  FramePool *pool = mem->pool;

  g_mutex_lock (&pool->lock);
  pool->free = g_slist_prepend (pool->free, mem->data);
  g_mutex_unlock (&pool->lock);
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
  buffer = gst_buffer_new_wrapped_full (0, p, pool->size, 0, pool->frame_size, mem, frame_mem_release);
  gst_mini_object_set_qdata (GST_MINI_OBJECT (buffer), frame_mem_quark, mem, NULL);
  *data = p;

  return buffer;
}

/* x264 copies each picture into frames of its own as it takes it in, but
 * x264enc keeps the buffer (mapped, unread) until the frame comes out of
 * the encoder, fifteen frames later: 45 MB of 1080p nobody will read. When
 * the next buffer goes by, the previous one has been taken in: its pages
 * are handed back to the kernel (they read as zeros if touched again, and
 * are faulted back in when the buffer is drawn into next). */
typedef struct {
  GstBuffer *previous;
} DiscardProbe;

static void
discard_probe_free (gpointer user_data)
{
  DiscardProbe *dp = user_data;

  gst_clear_buffer (&dp->previous);
  g_free (dp);
}

static GstPadProbeReturn
discard_copied_cb (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  DiscardProbe *dp = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (dp->previous != NULL)
    {
      FrameMem *mem = gst_mini_object_get_qdata (GST_MINI_OBJECT (dp->previous), frame_mem_quark);

      /* our reference keeps it from going back to the pool meanwhile */
      if (mem != NULL)
        madvise (mem->data, mem->pool->size, MADV_DONTNEED);
      gst_clear_buffer (&dp->previous);
    }
  if (buffer != NULL && gst_mini_object_get_qdata (GST_MINI_OBJECT (buffer), frame_mem_quark))
    dp->previous = gst_buffer_ref (buffer);

  return GST_PAD_PROBE_OK;
}

/* Video thread ------------------------------------------------------------- */

static void
post_error (RenderJob *job,
            GError    *error)
{
  GstStructure *s = gst_structure_new ("vitrine-error", "error", G_TYPE_ERROR, error, NULL);

  g_error_free (error);
  gst_bus_post (job->bus, gst_message_new_application (NULL, s));
}

typedef struct {
  RenderJob *job;
  Slot *slot;
  int index;
} AheadData;

static gpointer
ahead_thread_func (gpointer user_data)
{
  AheadData *data = user_data;

  load_slot (data->job, data->slot, data->index, &data->slot->error);
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

static gpointer
video_thread_func (gpointer user_data)
{
  RenderJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineOverlay) title = NULL;
  g_autoptr(VitrineOverlay) logo = NULL;
  FramePool *pool = NULL;
  GstVideoInfo info;
  VitrineWarp *warp = NULL;
  GThread *ahead = NULL;
  int ahead_index = -1, first_held = 0;
  gboolean complete = FALSE;
  double title_end, title_ramp;

  /* every input checked before the first frame: a bad photo is reported now,
   * not after minutes of encoding */
  for (int i = 0; i < job->n_slots; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!vitrine_image_probe (job->slots[i].path, NULL, NULL, &local_error))
        {
          set_bad_input_from (&error, local_error);
          goto out;
        }
    }
  if (job->logo && !(logo = make_logo (job->logo, job->width, job->height, &error)))
    goto out;
  if (job->title && *job->title)
    title = make_title (job->title, job->width, job->height);

  title_end = job->n_slots > 1 ? job->spp - job->fade / 2 : job->duration;
  title_ramp = MIN (0.6, title_end / 3);

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, job->width, job->height);
  pool = frame_pool_new (info.size);

  warp = vitrine_warp_new (job->width, job->height);
  g_debug ("Warp: %s", vitrine_warp_get_accelerated (warp) ? "SSSE3" : "C");

  for (gint64 f = 0; f < job->n_frames; f++)
    {
      GstBuffer *buffer = NULL;
      guint8 *data = NULL;
      VitrineFrame frame;
      VitrineRect ra, rb;
      double t = (double) f / FPS;
      int a, b, mix, last;

      if (g_atomic_int_get (&job->stop))
        goto out;

      timeline_at (job, f, &a, &b, &mix);
      last = b >= 0 ? b : a;

      /* let go of what has been shown */
      for (; first_held < a; first_held++)
        g_clear_pointer (&job->slots[first_held].pic, vitrine_picture_free);

      for (int k = a; k <= last; k++)
        {
          Slot *slot = &job->slots[k];

          if (k == ahead_index)
            {
              g_thread_join (ahead);
              ahead = NULL;
              ahead_index = -1;
              if (slot->error)
                {
                  error = g_steal_pointer (&slot->error);
                  goto out;
                }
            }
          if (slot->pic == NULL && !load_slot (job, slot, k, &error))
            goto out;
        }

      /* decode the next photo while this one is on screen alone */
      if (b < 0 && ahead == NULL && a + 1 < job->n_slots && job->slots[a + 1].pic == NULL)
        {
          AheadData *ad = g_new0 (AheadData, 1);

          ad->job = job;
          ad->slot = &job->slots[a + 1];
          ad->index = a + 1;
          ahead_index = a + 1;
          ahead = g_thread_new ("vitrine-decode", ahead_thread_func, ad);
        }

      slot_rect (&job->slots[a], job->width, job->height, t, &ra);
      if (b >= 0)
        slot_rect (&job->slots[b], job->width, job->height, t, &rb);

      if (!(buffer = frame_pool_acquire (pool, &data)))
        {
          g_set_error (&error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_FAILED,
                       _("Not enough memory for a video frame"));
          goto out;
        }
      frame.width = job->width;
      frame.height = job->height;
      for (int p = 0; p < 3; p++)
        {
          frame.planes[p] = data + GST_VIDEO_INFO_PLANE_OFFSET (&info, p);
          frame.strides[p] = GST_VIDEO_INFO_PLANE_STRIDE (&info, p);
        }

      vitrine_warp_draw (warp, job->slots[a].pic, &ra,
                         b >= 0 ? job->slots[b].pic : NULL, b >= 0 ? &rb : NULL, mix, &frame);
      if (title != NULL && t < title_end)
        vitrine_overlay_blend (title, &frame,
                               (int) (256 * smoothstep ((title_end - t) / title_ramp)));
      if (logo != NULL)
        vitrine_overlay_blend (logo, &frame, 230);

      GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (f, GST_SECOND, FPS);
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (f + 1, GST_SECOND, FPS) -
                                     GST_BUFFER_PTS (buffer);
      if (gst_app_src_push_buffer (GST_APP_SRC (job->vsrc), buffer) != GST_FLOW_OK)
        goto out;

      g_atomic_int_set (&job->frames_done, (gint) (f + 1));
    }

  complete = TRUE;
  gst_app_src_end_of_stream (GST_APP_SRC (job->vsrc));

out:
  if (ahead != NULL)
    g_thread_join (ahead);
  for (int i = 0; i < job->n_slots; i++)
    {
      g_clear_pointer (&job->slots[i].pic, vitrine_picture_free);
      g_clear_error (&job->slots[i].error);
    }
  vitrine_warp_free (warp);
  if (pool != NULL)
    frame_pool_unref (pool);

  if (!complete && error == NULL && !g_atomic_int_get (&job->stop))
    g_set_error (&error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_FAILED,
                 _("The video encoder stopped"));
  if (error != NULL && !g_atomic_int_get (&job->stop))
    post_error (job, g_steal_pointer (&error));

  return NULL;
}

/* Audio thread ------------------------------------------------------------- */

static gpointer
audio_thread_func (gpointer user_data)
{
  RenderJob *job = user_data;
  g_autoptr(VitrineMusic) music = NULL;
  g_autoptr(GError) error = NULL;
  const double rate = VITRINE_MUSIC_RATE;
  double fade_out = MIN (MUSIC_FADE_OUT, job->duration / 2) * rate;
  double fade_in = MUSIC_FADE_IN * rate;
  guint64 pos = 0;
  gboolean complete = FALSE;

  if (job->music && !(music = vitrine_music_open (job->music, &job->stop, &error)))
    goto out;

  while (pos < job->n_samples)
    {
      guint64 n = MIN ((guint64) AUDIO_BLOCK, job->n_samples - pos);
      GstBuffer *buffer = gst_buffer_new_allocate (NULL, n * sizeof (float) * VITRINE_MUSIC_CHANNELS, NULL);
      GstMapInfo map;
      float *data;

      if (g_atomic_int_get (&job->stop))
        {
          gst_buffer_unref (buffer);
          goto out;
        }

      gst_buffer_map (buffer, &map, GST_MAP_WRITE);
      data = (float *) map.data;
      if (music == NULL)
        memset (data, 0, map.size);
      else if (!vitrine_music_read (music, data, n, &error))
        {
          gst_buffer_unmap (buffer, &map);
          gst_buffer_unref (buffer);
          goto out;
        }
      else
        {
          for (guint64 i = 0; i < n; i++)
            {
              double s = (double) (pos + i);
              double left = (double) job->n_samples - s;
              double gain = 1.0;

              if (left < fade_out)
                gain = (left / fade_out) * (left / fade_out);
              if (s < fade_in)
                gain *= s / fade_in;
              data[2 * i] *= (float) gain;
              data[2 * i + 1] *= (float) gain;
            }
        }
      gst_buffer_unmap (buffer, &map);

      GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (pos, GST_SECOND, VITRINE_MUSIC_RATE);
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (pos + n, GST_SECOND, VITRINE_MUSIC_RATE) -
                                     GST_BUFFER_PTS (buffer);
      GST_BUFFER_OFFSET (buffer) = pos;
      GST_BUFFER_OFFSET_END (buffer) = pos + n;
      if (music == NULL)
        GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_GAP);
      if (gst_app_src_push_buffer (GST_APP_SRC (job->asrc), buffer) != GST_FLOW_OK)
        goto out;
      pos += n;
    }

  complete = TRUE;
  gst_app_src_end_of_stream (GST_APP_SRC (job->asrc));

out:
  if (!complete && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_atomic_int_get (&job->stop))
    post_error (job, g_steal_pointer (&error));

  return NULL;
}

/* The job, on the main thread ---------------------------------------------- */

static void
render_job_free (RenderJob *job)
{
  for (int i = 0; i < job->n_slots; i++)
    {
      g_free (job->slots[i].path);
      vitrine_picture_free (job->slots[i].pic);
      g_clear_error (&job->slots[i].error);
    }
  g_free (job->slots);
  g_free (job->music);
  g_free (job->title);
  g_free (job->logo);
  g_free (job->output_path);
  g_free (job->tmp_path);
  g_free (job->mdat_path);
  gst_clear_object (&job->vsrc);
  gst_clear_object (&job->asrc);
  gst_clear_object (&job->bus);
  gst_clear_object (&job->pipeline);
  g_clear_error (&job->error);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->task);
  g_clear_object (&job->self);
}

static RenderJob *
render_job_ref (RenderJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
render_job_unref (RenderJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) render_job_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderJob, render_job_unref)

static gboolean
progress_cb (gpointer user_data)
{
  RenderJob *job = user_data;
  double done = g_atomic_int_get (&job->frames_done);

  /* the last percent is mp4mux writing the index */
  set_progress (job->self, 0.99 * done / MAX (1, job->n_frames));

  return G_SOURCE_CONTINUE;
}

/* mp4mux reports a failed write of its temporary file without saying why;
 * a folder with almost no room left is the usual reason. */
static gboolean
output_disk_is_full (const char *output_path)
{
  g_autofree char *dir = g_path_get_dirname (output_path);
  struct statvfs st;

  return statvfs (dir, &st) == 0 && (guint64) st.f_bavail * st.f_frsize < 4 * 1024 * 1024;
}

static GError *
error_from_message (RenderJob  *job,
                    GstMessage *msg)
{
  g_autoptr(GError) gerror = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *name = display_basename (job->output_path);
  GstObject *src = GST_MESSAGE_SRC (msg);
  g_autofree char *src_name = src ? gst_object_get_name (src) : NULL;

  gst_message_parse_error (msg, &gerror, &debug);
  g_debug ("Error from %s: %s (%s)", src_name ? src_name : "?", gerror->message, debug ? debug : "");

  if (gerror->domain == GST_RESOURCE_ERROR &&
      (g_strcmp0 (src_name, "sink") == 0 || g_strcmp0 (src_name, "mux") == 0))
    {
      const char *reason = gerror->message;

      if (gerror->code == GST_RESOURCE_ERROR_NO_SPACE_LEFT || output_disk_is_full (job->output_path))
        reason = _("the disk is full");
      return g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_WRITE,
                          _("Cannot write “%s”: %s"), name, reason);
    }

  if (gerror->domain == GST_CORE_ERROR && gerror->code == GST_CORE_ERROR_MISSING_PLUGIN)
    return g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_NO_ENCODER,
                        _("A GStreamer element is missing: %s"), gerror->message);

  return g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_FAILED,
                      _("The video could not be made (%s: %s)"),
                      src_name ? src_name : "GStreamer", gerror->message);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *msg,
        gpointer    user_data)
{
  RenderJob *job = user_data;

  if (job->finishing)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_EOS:
      render_job_finish (job, NULL);
      break;

    case GST_MESSAGE_ERROR:
      render_job_finish (job, error_from_message (job, msg));
      break;

    case GST_MESSAGE_APPLICATION:
      {
        const GstStructure *s = gst_message_get_structure (msg);
        GError *error = NULL;

        if (gst_structure_has_name (s, "vitrine-error") &&
            gst_structure_get (s, "error", G_TYPE_ERROR, &error, NULL))
          render_job_finish (job, error);
      }
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (msg, &warning, &debug);
        g_debug ("GStreamer warning: %s (%s)", warning->message, debug ? debug : "");
      }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* In a GTask thread: stops everything, then keeps or deletes the output. */
static void
teardown_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RenderJob *job = task_data;

  g_atomic_int_set (&job->stop, 1);
  if (job->pipeline != NULL)
    gst_element_set_state (job->pipeline, GST_STATE_NULL);
  if (job->video_thread != NULL)
    g_thread_join (g_steal_pointer (&job->video_thread));
  if (job->audio_thread != NULL)
    g_thread_join (g_steal_pointer (&job->audio_thread));

  if (job->error == NULL && g_atomic_int_get (&job->cancelled))
    job->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));

  if (job->error == NULL && g_rename (job->tmp_path, job->output_path) != 0)
    {
      int errsv = errno;
      g_autofree char *name = display_basename (job->output_path);

      job->error = g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_WRITE,
                                _("Cannot write “%s”: %s"), name, g_strerror (errsv));
    }

  if (job->error != NULL)
    g_unlink (job->tmp_path);
  g_unlink (job->mdat_path);

  g_task_return_boolean (task, TRUE);
}

static void
teardown_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RenderJob) job = user_data;
  VitrineSlideshow *self = job->self;
  g_autoptr(GTask) task = g_steal_pointer (&job->task);

  if (self->job == job)
    self->job = NULL;

  if (job->error != NULL)
    {
      if (!g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Render failed: %s", job->error->message);
      g_task_return_error (task, g_steal_pointer (&job->error));
    }
  else
    {
      set_progress (self, 1.0);
      g_task_return_boolean (task, TRUE);
    }
}

static void
render_job_finish (RenderJob *job,
                   GError    *error)
{
  g_autoptr(GTask) teardown = NULL;

  if (job->finishing)
    {
      g_clear_error (&error);
      return;
    }

  job->finishing = TRUE;
  job->error = error;
  g_atomic_int_set (&job->stop, 1);

  if (job->bus != NULL)
    gst_bus_remove_watch (job->bus);
  g_clear_handle_id (&job->progress_id, g_source_remove);
  if (job->cancel_id != 0)
    {
      g_cancellable_disconnect (job->cancellable, job->cancel_id);
      job->cancel_id = 0;
    }

  teardown = g_task_new (NULL, NULL, teardown_done_cb, render_job_ref (job));
  g_task_set_source_tag (teardown, render_job_finish);
  g_task_set_task_data (teardown, render_job_ref (job), (GDestroyNotify) render_job_unref);
  g_task_run_in_thread (teardown, teardown_thread);
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  RenderJob *job = user_data;

  if (!job->finishing)
    render_job_finish (job, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled")));

  return G_SOURCE_REMOVE;
}

/* Any thread. Never finishes here: g_cancellable_disconnect() from inside
 * this handler would deadlock. */
static void
on_cancelled (GCancellable *cancellable,
              RenderJob    *job)
{
  GSource *source = g_idle_source_new ();

  g_atomic_int_set (&job->cancelled, 1);
  g_atomic_int_set (&job->stop, 1);
  g_source_set_callback (source, cancel_idle_cb, render_job_ref (job), (GDestroyNotify) render_job_unref);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static GstElement *
build_pipeline (RenderJob  *job,
                GError    **error)
{
  const char *aenc = find_audio_encoder ();
  g_autofree char *venc_desc = NULL;
  g_autofree char *desc = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(GstCaps) acaps = NULL;
  GstElement *pipeline, *mux, *sink;
  GstVideoInfo info;

  if (aenc == NULL || !has_element ("mp4mux") || !has_element ("h264parse") ||
      !has_element ("aacparse") || !has_element ("appsrc"))
    {
      g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_NO_ENCODER,
                   _("An AAC encoder or the MP4 muxer is missing (install gstreamer1.0-libav "
                     "and gstreamer1.0-plugins-good)"));
      return NULL;
    }

  if (g_str_equal (job->encoder, "x264enc"))
    /* pass=qual is x264's CRF, as ffmpeg's -crf 23; x264enc would also cap
     * it with a VBV at its "bitrate" (2 Mbit/s), which no buffer size turns
     * off; I420 before it, or it picks 4:4:4 */
    venc_desc = g_strdup ("video/x-raw,format=I420 ! x264enc speed-preset=veryfast pass=qual "
                          "quantizer=23 vbv-buf-capacity=0 key-int-max=250 ! "
                          "video/x-h264,profile=high");
  else if (g_str_equal (job->encoder, "openh264enc"))
    venc_desc = g_strdup_printf ("video/x-raw,format=I420 ! openh264enc bitrate=%d "
                                 "complexity=high ! video/x-h264",
                                 (int) MIN (G_MAXINT, (double) job->width * job->height * FPS * 0.12));
  else
    venc_desc = g_strdup_printf ("videoconvert ! %s ! video/x-h264,profile=high", job->encoder);

  desc = g_strdup_printf ("appsrc name=vsrc ! %s ! h264parse ! queue ! mux.video_0 "
                          "appsrc name=asrc ! audioconvert ! %s%s ! aacparse ! queue ! mux.audio_0 "
                          "mp4mux name=mux faststart=true ! filesink name=sink",
                          venc_desc, aenc,
                          g_str_equal (aenc, "voaacenc") ? "" : " bitrate=160000");

  pipeline = gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &parse_error);
  if (pipeline == NULL)
    {
      g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_NO_ENCODER,
                   _("The encoding pipeline cannot be built: %s"), parse_error->message);
      return NULL;
    }

  job->vsrc = gst_bin_get_by_name (GST_BIN (pipeline), "vsrc");
  job->asrc = gst_bin_get_by_name (GST_BIN (pipeline), "asrc");
  mux = gst_bin_get_by_name (GST_BIN (pipeline), "mux");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");

  if (!g_str_equal (job->encoder, "x264enc") && !g_str_equal (job->encoder, "openh264enc"))
    {
      /* hardware encoders: a bitrate in kbit/s where they take one */
      GstElement *enc = gst_bin_get_by_name (GST_BIN (pipeline), job->encoder);

      if (enc != NULL)
        {
          GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (enc), "bitrate");

          if (pspec != NULL && G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_UINT)
            g_object_set (enc, "bitrate", (guint) (job->width * (double) job->height * FPS * 0.12 / 1000), NULL);
          gst_object_unref (enc);
        }
    }

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, job->width, job->height);
  GST_VIDEO_INFO_FPS_N (&info) = FPS;
  GST_VIDEO_INFO_FPS_D (&info) = 1;
  gst_video_colorimetry_from_string (&info.colorimetry, GST_VIDEO_COLORIMETRY_BT709);
  vcaps = gst_video_info_to_caps (&info);
  g_object_set (job->vsrc,
                "caps", vcaps,
                "format", GST_FORMAT_TIME,
                "is-live", FALSE,
                "do-timestamp", FALSE,
                "block", TRUE,
                "max-bytes", (guint64) info.size,
                NULL);

  acaps = gst_caps_new_simple ("audio/x-raw",
                               "format", G_TYPE_STRING, "F32LE",
                               "layout", G_TYPE_STRING, "interleaved",
                               "rate", G_TYPE_INT, VITRINE_MUSIC_RATE,
                               "channels", G_TYPE_INT, VITRINE_MUSIC_CHANNELS,
                               "channel-mask", GST_TYPE_BITMASK, (guint64) 0x3,
                               NULL);
  g_object_set (job->asrc,
                "caps", acaps,
                "format", GST_FORMAT_TIME,
                "is-live", FALSE,
                "do-timestamp", FALSE,
                "block", TRUE,
                "max-bytes", (guint64) 64 * 1024,
                NULL);

  if (g_str_equal (job->encoder, "x264enc"))
    {
      g_autoptr(GstPad) pad = gst_element_get_static_pad (job->vsrc, "src");

      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, discard_copied_cb,
                         g_new0 (DiscardProbe, 1), discard_probe_free);
    }

  g_object_set (mux, "faststart-file", job->mdat_path, NULL);
  g_object_set (sink, "location", job->tmp_path, NULL);
  gst_object_unref (mux);
  gst_object_unref (sink);

  return pipeline;
}

/* GObject ------------------------------------------------------------------ */

static void
vitrine_slideshow_finalize (GObject *object)
{
  VitrineSlideshow *self = VITRINE_SLIDESHOW (object);

  g_strfreev (self->photos);
  g_free (self->music);
  g_free (self->title);
  g_free (self->logo);
  g_free (self->outro);
  g_free (self->encoder_name);

  G_OBJECT_CLASS (vitrine_slideshow_parent_class)->finalize (object);
}

static void
vitrine_slideshow_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VitrineSlideshow *self = VITRINE_SLIDESHOW (object);

  switch (prop_id)
    {
    case PROP_PHOTOS:
      g_value_set_boxed (value, self->photos);
      break;
    case PROP_MUSIC:
      g_value_set_string (value, self->music);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_SECONDS_PER_PHOTO:
      g_value_set_double (value, self->seconds_per_photo);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_LOGO:
      g_value_set_string (value, self->logo);
      break;
    case PROP_OUTRO:
      g_value_set_string (value, self->outro);
      break;
    case PROP_DURATION:
      g_value_set_double (value, vitrine_slideshow_get_duration (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_ENCODER_NAME:
      g_value_set_string (value, self->encoder_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_slideshow_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VitrineSlideshow *self = VITRINE_SLIDESHOW (object);

  switch (prop_id)
    {
    case PROP_PHOTOS:
      vitrine_slideshow_set_photos (self, g_value_get_boxed (value));
      break;
    case PROP_MUSIC:
      vitrine_slideshow_set_music (self, g_value_get_string (value));
      break;
    case PROP_WIDTH:
      vitrine_slideshow_set_size (self, g_value_get_uint (value), self->height);
      break;
    case PROP_HEIGHT:
      vitrine_slideshow_set_size (self, self->width, g_value_get_uint (value));
      break;
    case PROP_SECONDS_PER_PHOTO:
      vitrine_slideshow_set_seconds_per_photo (self, g_value_get_double (value));
      break;
    case PROP_TITLE:
      vitrine_slideshow_set_title (self, g_value_get_string (value));
      break;
    case PROP_LOGO:
      vitrine_slideshow_set_logo (self, g_value_get_string (value));
      break;
    case PROP_OUTRO:
      vitrine_slideshow_set_outro (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_slideshow_class_init (VitrineSlideshowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  frame_mem_quark = g_quark_from_static_string ("vitrine-frame-mem");

  object_class->finalize = vitrine_slideshow_finalize;
  object_class->get_property = vitrine_slideshow_get_property;
  object_class->set_property = vitrine_slideshow_set_property;

  properties[PROP_PHOTOS] = g_param_spec_boxed ("photos", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_MUSIC] = g_param_spec_string ("music", NULL, NULL, NULL, rw);
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, MIN_SIDE, MAX_SIDE, 1920, rw);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, MIN_SIDE, MAX_SIDE, 1080, rw);
  properties[PROP_SECONDS_PER_PHOTO] =
    g_param_spec_double ("seconds-per-photo", NULL, NULL, 0.2, 600.0, 3.0, rw);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_LOGO] = g_param_spec_string ("logo", NULL, NULL, NULL, rw);
  properties[PROP_OUTRO] = g_param_spec_string ("outro", NULL, NULL, NULL, rw);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_ENCODER_NAME] = g_param_spec_string ("encoder-name", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_slideshow_init (VitrineSlideshow *self)
{
  self->width = 1920;
  self->height = 1080;
  self->seconds_per_photo = 3.0;
}

VitrineSlideshow *
vitrine_slideshow_new (void)
{
  return g_object_new (VITRINE_TYPE_SLIDESHOW, NULL);
}

static void
set_string (VitrineSlideshow *self,
            char            **field,
            const char       *value,
            int               prop)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
vitrine_slideshow_set_photos (VitrineSlideshow   *self,
                              const char * const *paths)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));

  if (self->photos == NULL && paths == NULL)
    return;
  if (self->photos != NULL && paths != NULL &&
      g_strv_equal ((const char * const *) self->photos, paths))
    return;

  g_strfreev (self->photos);
  self->photos = g_strdupv ((char **) paths);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTOS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

void
vitrine_slideshow_set_music (VitrineSlideshow *self,
                             const char       *path)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  set_string (self, &self->music, path, PROP_MUSIC);
}

void
vitrine_slideshow_set_size (VitrineSlideshow *self,
                            guint             width,
                            guint             height)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));

  /* 4:2:0 needs even sizes */
  width = CLAMP ((width + 1) & ~1u, MIN_SIDE, MAX_SIDE);
  height = CLAMP ((height + 1) & ~1u, MIN_SIDE, MAX_SIDE);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (self->height != height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
vitrine_slideshow_set_seconds_per_photo (VitrineSlideshow *self,
                                         double            seconds)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));

  seconds = CLAMP (seconds, 0.2, 600.0);
  if (self->seconds_per_photo == seconds)
    return;

  self->seconds_per_photo = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_PER_PHOTO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

void
vitrine_slideshow_set_title (VitrineSlideshow *self,
                             const char       *title)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  set_string (self, &self->title, title, PROP_TITLE);
}

void
vitrine_slideshow_set_logo (VitrineSlideshow *self,
                            const char       *path)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  set_string (self, &self->logo, path, PROP_LOGO);
}

void
vitrine_slideshow_set_outro (VitrineSlideshow *self,
                             const char       *path)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));

  if (g_strcmp0 (self->outro, path && *path ? path : NULL) == 0)
    return;
  set_string (self, &self->outro, path, PROP_OUTRO);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

double
vitrine_slideshow_get_duration (VitrineSlideshow *self)
{
  guint n;

  g_return_val_if_fail (VITRINE_IS_SLIDESHOW (self), 0);

  n = self->photos ? g_strv_length (self->photos) : 0;
  if (n == 0)
    return 0;
  return (n + (self->outro ? 1 : 0)) * self->seconds_per_photo;
}

double
vitrine_slideshow_get_progress (VitrineSlideshow *self)
{
  g_return_val_if_fail (VITRINE_IS_SLIDESHOW (self), 0);
  return self->progress;
}

const char *
vitrine_slideshow_get_encoder_name (VitrineSlideshow *self)
{
  g_return_val_if_fail (VITRINE_IS_SLIDESHOW (self), NULL);
  return self->encoder_name;
}

/* Rendering ---------------------------------------------------------------- */

void
vitrine_slideshow_render_async (VitrineSlideshow    *self,
                                const char          *output_path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RenderJob) job = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *display_dir = NULL;
  guint n_photos;
  int fd;

  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  g_return_if_fail (output_path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_slideshow_render_async);
  /* a finished render stays finished even if cancelled afterwards */
  g_task_set_check_cancellable (task, FALSE);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->job != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This slideshow is already being rendered"));
      return;
    }

  n_photos = self->photos ? g_strv_length (self->photos) : 0;
  if (n_photos == 0)
    {
      g_task_return_new_error (task, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT,
                               _("There are no photos to make a video of"));
      return;
    }

  ensure_gst ();

  job = g_atomic_rc_box_new0 (RenderJob);
  job->self = g_object_ref (self);
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->width = self->width;
  job->height = self->height;
  job->spp = self->seconds_per_photo;
  job->n_slots = n_photos + (self->outro ? 1 : 0);
  job->duration = job->n_slots * job->spp;
  job->n_frames = MAX (1, llround (job->duration * FPS));
  job->n_samples = (guint64) job->n_frames * VITRINE_MUSIC_RATE / FPS;
  job->fade = CLAMP (job->spp * 0.25, 2.0 / FPS, 1.0);
  job->music = g_strdup (self->music);
  job->title = g_strdup (self->title);
  job->logo = g_strdup (self->logo);
  job->output_path = g_strdup (output_path);

  job->slots = g_new0 (Slot, job->n_slots);
  for (int i = 0; i < job->n_slots; i++)
    {
      Slot *slot = &job->slots[i];

      slot->is_outro = i >= (int) n_photos;
      slot->path = g_strdup (slot->is_outro ? self->outro : self->photos[i]);
      slot->visible_from = MAX (0.0, i * job->spp - job->fade / 2);
      slot->visible_to = MIN (job->duration, (i + 1) * job->spp + job->fade / 2);
    }

  if (!(job->encoder = vitrine_slideshow_find_encoder ()))
    {
      g_task_return_new_error (task, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_NO_ENCODER,
                               _("No H.264 encoder is installed (install gstreamer1.0-plugins-ugly "
                                 "for x264)"));
      return;
    }

  /* the temporary file beside the output: same disk, and an early check
   * that the folder can be written */
  dir = g_path_get_dirname (output_path);
  base = g_path_get_basename (output_path);
  display_dir = g_filename_display_name (dir);
  job->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (job->tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int errsv = errno;

      g_task_return_new_error (task, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_WRITE,
                               _("Cannot write to “%s”: %s"), display_dir, g_strerror (errsv));
      return;
    }
  close (fd);
  job->mdat_path = g_strconcat (job->tmp_path, ".mdat", NULL);

  if (!(job->pipeline = build_pipeline (job, &error)))
    {
      g_unlink (job->tmp_path);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->encoder_name, g_free);
  self->encoder_name = g_strdup (job->encoder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODER_NAME]);
  g_info ("Encoding with %s", job->encoder);

  job->task = g_steal_pointer (&task);
  self->job = job;
  set_progress (self, 0.0);

  /* watches attach to the thread-default context: this one */
  job->bus = gst_element_get_bus (job->pipeline);
  gst_bus_add_watch_full (job->bus, G_PRIORITY_DEFAULT, bus_cb, render_job_ref (job),
                          (GDestroyNotify) render_job_unref);
  {
    GSource *source = g_timeout_source_new (100);

    g_source_set_callback (source, progress_cb, render_job_ref (job), (GDestroyNotify) render_job_unref);
    job->progress_id = g_source_attach (source, job->context);
    g_source_unref (source);
  }
  if (job->cancellable != NULL)
    job->cancel_id = g_cancellable_connect (job->cancellable, G_CALLBACK (on_cancelled),
                                            render_job_ref (job), (GDestroyNotify) render_job_unref);

  if (gst_element_set_state (job->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) msg = gst_bus_pop_filtered (job->bus, GST_MESSAGE_ERROR);

      render_job_finish (job, msg ? error_from_message (job, msg)
                                  : g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_FAILED,
                                                 _("The encoding pipeline cannot start")));
      return;
    }

  job->video_thread = g_thread_new ("vitrine-video", video_thread_func, job);
  job->audio_thread = g_thread_new ("vitrine-audio", audio_thread_func, job);
}

gboolean
vitrine_slideshow_render_finish (VitrineSlideshow  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (VITRINE_IS_SLIDESHOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
