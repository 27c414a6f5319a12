/* vitrine-slideshow.h: the local GStreamer slideshow renderer (no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-agent.h"
#include "vitrine-listing.h"
#include "vitrine-types.h"

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

/* Set before rendering. */
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

/* One caption a photo, in order ("" for none): a lower third during its slot. */
void              vitrine_slideshow_set_captions          (VitrineSlideshow    *self,
                                                           const char * const  *captions);
/* The address, price and facts open the video over the first photo; the
 * web address is the branded end card's QR code. */
void              vitrine_slideshow_set_listing           (VitrineSlideshow    *self,
                                                           const VitrineListing *listing);
/* The branded end card's agent (name, agency, phone, e-mail, headshot,
 * logo, colours). */
void              vitrine_slideshow_set_agent             (VitrineSlideshow    *self,
                                                           const VitrineAgent  *agent);
/* Photos of the other orientation: panned along their long side, or whole
 * on a blurred background. */
void              vitrine_slideshow_set_fit               (VitrineSlideshow    *self,
                                                           VitrineFit           fit);

/* Asks for one more output of the same render (at most six): the photos are
 * decoded once for all, each size is encoded once, and the variants of a
 * size share everything but their end card. With outputs added, render
 * with a NULL output path; without, the one output is the path given to
 * vitrine_slideshow_render_async() at the "width" and "height" set. */
void              vitrine_slideshow_add_output            (VitrineSlideshow    *self,
                                                           guint                width,
                                                           guint                height,
                                                           VitrineVariant       variant,
                                                           const char          *path);
/* A render killed with its process (a crash, a power cut) leaves its
 * temporary files beside the output (".NAME.mp4.XXXXXX" and its ".mdat");
 * the render that replaces it removes them, but never those of a render
 * under way (another process's, writing the same file name). */
void              vitrine_slideshow_remove_leftovers      (const char          *output_path);
/* How long @variant's end card lasts with the listing and agent set: 0
 * when it has nothing to show. */
double            vitrine_slideshow_get_end_seconds       (VitrineSlideshow    *self,
                                                           VitrineVariant       variant);

/* The expected duration in seconds: photos × seconds-per-photo (+ one slot for the outro),
 * without the end card. */
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
