/* vitrine-slideshow.h: the local GStreamer slideshow renderer (no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VITRINE_RENDER_ERROR (vitrine_render_error_quark ())
typedef enum {
  VITRINE_RENDER_ERROR_BAD_INPUT,   /* a photo, the music, the logo… cannot be used: the person's to fix */
  VITRINE_RENDER_ERROR_NO_ENCODER,  /* no H.264/AAC encoder or muxer installed */
  VITRINE_RENDER_ERROR_WRITE,       /* the output could not be written (disk full, read-only…) */
  VITRINE_RENDER_ERROR_FAILED,      /* anything else GStreamer reported */
} VitrineRenderError;
GQuark vitrine_render_error_quark (void);

#define VITRINE_TYPE_SLIDESHOW (vitrine_slideshow_get_type ())
G_DECLARE_FINAL_TYPE (VitrineSlideshow, vitrine_slideshow, VITRINE, SLIDESHOW, GObject)

VitrineSlideshow *vitrine_slideshow_new                   (void);

/* Set before rendering; each is also a GObject property of the same name. */
void              vitrine_slideshow_set_photos            (VitrineSlideshow    *self,
                                                           const char * const  *paths);
void              vitrine_slideshow_set_music             (VitrineSlideshow    *self,
                                                           const char          *path);
void              vitrine_slideshow_set_size              (VitrineSlideshow    *self,
                                                           guint                width,
                                                           guint                height);
void              vitrine_slideshow_set_seconds_per_photo (VitrineSlideshow    *self,
                                                           double               seconds);
void              vitrine_slideshow_set_title             (VitrineSlideshow    *self,
                                                           const char          *title);
void              vitrine_slideshow_set_logo              (VitrineSlideshow    *self,
                                                           const char          *path);
void              vitrine_slideshow_set_outro             (VitrineSlideshow    *self,
                                                           const char          *path);

/* The expected duration in seconds: photos × seconds-per-photo (+ one slot for the outro). */
double            vitrine_slideshow_get_duration          (VitrineSlideshow    *self);

/* Renders to @output_path (written to a temporary file beside it, renamed
 * when complete; nothing is left behind on failure or cancel). Call from the
 * main thread; the work runs in GStreamer's and the renderer's own threads,
 * and "progress" is notified on the main thread. */
void              vitrine_slideshow_render_async          (VitrineSlideshow    *self,
                                                           const char          *output_path,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          vitrine_slideshow_render_finish         (VitrineSlideshow    *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* 0.0 – 1.0; property "progress". */
double            vitrine_slideshow_get_progress          (VitrineSlideshow    *self);
/* The GStreamer encoder picked at run time ("x264enc"…); NULL before rendering. */
const char       *vitrine_slideshow_get_encoder_name      (VitrineSlideshow    *self);
/* The encoder the renderer would pick on this machine, or NULL. */
const char       *vitrine_slideshow_find_encoder          (void);

G_END_DECLS
