/* vitrine-frame.h: drawing slideshow frames in I420 (private to src/render)
 *
 * A photo is converted once into a VitrinePicture (I420, BT.709, limited
 * range, with padding so the inner loops need no bounds checks). Every frame
 * is then drawn as a sub-pixel scale + translate of one picture, or of two
 * blended for a crossfade: bilinear, 8-bit weights vertically and 6-bit
 * horizontally (1/64 px), separable, with the column indices and weights
 * computed once a frame. Overlays (title, logo) are pre-converted and
 * alpha-blended over their bounding box only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

G_BEGIN_DECLS

typedef struct {
  int width, height;  /* luma size */
  guint8 *planes[3];  /* Y, U, V */
  int strides[3];
  int widths[3];
  int heights[3];
  guint8 *data;
  gsize size;
} VitrinePicture;

VitrinePicture *vitrine_picture_new             (int              width,
                                                 int              height);
VitrinePicture *vitrine_picture_new_from_pixbuf (GdkPixbuf       *pixbuf);
void            vitrine_picture_free            (VitrinePicture  *picture);
/* Copies the last column and row into the padding; call after writing planes. */
void            vitrine_picture_pad             (VitrinePicture  *picture);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrinePicture, vitrine_picture_free)

/* A destination: three mapped planes of an I420 frame. */
typedef struct {
  int width, height;
  guint8 *planes[3];
  int strides[3];
} VitrineFrame;

/* The part of a picture shown in the whole frame, in luma pixels of the
 * picture (any real numbers; edges are clamped). */
typedef struct {
  double x, y, w, h;
} VitrineRect;

typedef struct _VitrineWarp VitrineWarp;

VitrineWarp    *vitrine_warp_new                (int              out_width,
                                                 int              out_height);
void            vitrine_warp_free               (VitrineWarp     *warp);

/* Draws @rect of @a into @dest; when @b is given and @mix > 0, @rect_b of
 * @b is drawn too and blended over it, @mix / 256 of @b. */
void            vitrine_warp_draw               (VitrineWarp          *warp,
                                                 const VitrinePicture *a,
                                                 const VitrineRect    *rect_a,
                                                 const VitrinePicture *b,
                                                 const VitrineRect    *rect_b,
                                                 int                   mix,
                                                 VitrineFrame         *dest);

/* TRUE when the SIMD path is used (SSSE3, checked at run time). Setting
 * FALSE forces the portable C path (tests compare both); TRUE is ignored
 * where the CPU lacks it. Both give the same pixels. */
gboolean        vitrine_warp_get_accelerated    (VitrineWarp     *warp);
void            vitrine_warp_set_accelerated    (VitrineWarp     *warp,
                                                 gboolean         accelerated);

typedef struct _VitrineOverlay VitrineOverlay;

/* @argb: cairo's ARGB32 (premultiplied, native endian) of @width x @height,
 * to be placed at @x, @y of the frame (rounded down to even numbers). */
VitrineOverlay *vitrine_overlay_new_from_argb32 (const guint8    *argb,
                                                 int              width,
                                                 int              height,
                                                 int              stride,
                                                 int              x,
                                                 int              y);
void            vitrine_overlay_free            (VitrineOverlay  *overlay);
/* Blends @overlay over @dest at @opacity / 256. */
void            vitrine_overlay_blend           (const VitrineOverlay *overlay,
                                                 VitrineFrame         *dest,
                                                 int                   opacity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineOverlay, vitrine_overlay_free)

G_END_DECLS
