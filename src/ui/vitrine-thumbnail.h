/* vitrine-thumbnail.h: a small picture that fills its box, cropped, with rounded corners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VITRINE_TYPE_THUMBNAIL (vitrine_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (VitrineThumbnail, vitrine_thumbnail, VITRINE, THUMBNAIL, GtkWidget)

GdkPaintable *vitrine_thumbnail_get_paintable (VitrineThumbnail *self);
void          vitrine_thumbnail_set_paintable (VitrineThumbnail *self,
                                               GdkPaintable     *paintable);

G_END_DECLS
