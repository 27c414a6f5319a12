/* vitrine-photo.h: one photo of the listing, as the photo grid shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VITRINE_TYPE_PHOTO (vitrine_photo_get_type ())
G_DECLARE_FINAL_TYPE (VitrinePhoto, vitrine_photo, VITRINE, PHOTO, GObject)

VitrinePhoto *vitrine_photo_new              (GFile        *file);
/* A photo from the web: its path (the grid's key for it) is @url until
 * the end; its copy in the cache comes later (set_local_path). */
VitrinePhoto *vitrine_photo_new_for_url      (const char   *url);

const char   *vitrine_photo_get_path         (VitrinePhoto *self);
const char   *vitrine_photo_get_display_name (VitrinePhoto *self);

/* The https address of a photo from the web, or NULL. */
const char   *vitrine_photo_get_url          (VitrinePhoto *self);
/* The file to read: the path of a photo from this computer; for a photo
 * from the web its copy in the cache, NULL until it is downloaded. */
const char   *vitrine_photo_get_local_path   (VitrinePhoto *self);
void          vitrine_photo_set_local_path   (VitrinePhoto *self,
                                              const char   *path);
/* A download on its way: 0–1 (0 too while its size is unknown); -1 when
 * there is none. */
double        vitrine_photo_get_download_progress (VitrinePhoto *self);
void          vitrine_photo_set_download_progress (VitrinePhoto *self,
                                                   double        progress);

/* The thumbnail, once decoded; NULL before, and when the photo is unusable. */
GdkTexture   *vitrine_photo_get_texture      (VitrinePhoto *self);
void          vitrine_photo_set_texture      (VitrinePhoto *self,
                                              GdkTexture   *texture);

/* Why the photo cannot be used ("Not an image"…), or NULL. */
const char   *vitrine_photo_get_error        (VitrinePhoto *self);
void          vitrine_photo_set_error        (VitrinePhoto *self,
                                              const char   *error);

/* What the agent should know of a usable photo ("Only 400 × 300 pixels:
 * it will look blurred in the video"), or NULL. */
const char   *vitrine_photo_get_notice       (VitrinePhoto *self);
void          vitrine_photo_set_notice       (VitrinePhoto *self,
                                              const char   *notice);

/* Neither a thumbnail nor an error yet. */
gboolean      vitrine_photo_get_loading      (VitrinePhoto *self);
/* Goes into a video: no error (still loading counts as usable). */
gboolean      vitrine_photo_get_usable       (VitrinePhoto *self);

/* Where the crop sits on this photo when the video's provider crops (0–1
 * along the side with room to spare; 0.5, 0.5 centres it). */
void          vitrine_photo_get_crop_offset  (VitrinePhoto *self,
                                              double       *x,
                                              double       *y);
void          vitrine_photo_set_crop_offset  (VitrinePhoto *self,
                                              double        x,
                                              double        y);

/* What the video says over this photo (the room: "Kitchen"); "" for
 * nothing, never NULL. */
const char   *vitrine_photo_get_caption      (VitrinePhoto *self);
void          vitrine_photo_set_caption      (VitrinePhoto *self,
                                              const char   *caption);

G_END_DECLS
