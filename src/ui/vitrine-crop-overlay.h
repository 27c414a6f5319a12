/* vitrine-crop-overlay.h: the part of a photo that a cropping provider keeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vitrine-photo.h"
#include "vitrine-photo-prep.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_CROP_OVERLAY (vitrine_crop_overlay_get_type ())
G_DECLARE_FINAL_TYPE (VitrineCropOverlay, vitrine_crop_overlay, VITRINE, CROP_OVERLAY, GtkWidget)


VitrinePhoto     *vitrine_crop_overlay_get_photo      (VitrineCropOverlay *self);
void              vitrine_crop_overlay_set_photo      (VitrineCropOverlay *self,
                                                       VitrinePhoto       *photo);
void              vitrine_crop_overlay_set_crop       (VitrineCropOverlay *self,
                                                       VitrinePhotoCrop    crop);

/* Whether there is something to show: a crop and a decoded photo. */
gboolean          vitrine_crop_overlay_get_active     (VitrineCropOverlay *self);
/* The kept part, in the overlay's coordinates (the photo is drawn whole,
 * centred); FALSE when not active or not allocated yet. */
gboolean          vitrine_crop_overlay_get_kept_area  (VitrineCropOverlay *self,
                                                       graphene_rect_t    *kept,
                                                       graphene_rect_t    *photo);
/* Moves the kept part by @dx, @dy pixels of the overlay, as a drag does. */
void              vitrine_crop_overlay_shift          (VitrineCropOverlay *self,
                                                       double              dx,
                                                       double              dy);

G_END_DECLS
