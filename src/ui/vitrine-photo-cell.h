/* vitrine-photo-cell.h: one cell of the photo grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vitrine-photo.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_PHOTO_CELL (vitrine_photo_cell_get_type ())
G_DECLARE_FINAL_TYPE (VitrinePhotoCell, vitrine_photo_cell, VITRINE, PHOTO_CELL, GtkWidget)

GtkWidget    *vitrine_photo_cell_new          (void);
VitrinePhoto *vitrine_photo_cell_get_photo    (VitrinePhotoCell *self);
void          vitrine_photo_cell_set_photo    (VitrinePhotoCell *self,
                                               VitrinePhoto     *photo);
/* The position in the grid, shown as a number (GTK_INVALID_LIST_POSITION: none). */
guint         vitrine_photo_cell_get_position (VitrinePhotoCell *self);
void          vitrine_photo_cell_set_position (VitrinePhotoCell *self,
                                               guint             position);

G_END_DECLS
