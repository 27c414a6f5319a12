/* vitrine-card.h: text and cards drawn into the frames (private to src/render)
 *
 * Everything a person reads in the video is drawn here with Pango and
 * Cairo, inside the title-safe area of the frame: the opening card (the
 * listing's address, price and facts over the first photo), a caption per
 * photo (a lower third), the title and logo of the plain slideshow, and the
 * end card of each variant (branded: the agent, the logo, a QR code of the
 * listing's web address, in the brand colours; unbranded: the address,
 * price and facts only). Text that does not fit its box shrinks, then
 * wraps, then is cut with an ellipsis: it never leaves its box.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vitrine-agent.h"
#include "vitrine-frame.h"
#include "vitrine-listing.h"
#include "vitrine-types.h"

G_BEGIN_DECLS

typedef struct {
  double x, y, w, h;
  gboolean cut;   /* text that fitted only cut short, with an ellipsis */
  gboolean torn;  /* a line broken inside a word, or after a number */
} VitrineBox;

/* Where a photo drawn smaller than the frame, as a band on its blurred
 * self, shows in it (vitrine-render-frames.c): what it covers for the
 * whole of its slot (@inner) and at some moment of it (@outer; larger
 * where the picture zooms). An opening card, title or caption over it
 * stands wholly inside the band or wholly outside it, never across its
 * edge; NULL for a photo that covers the frame. */
typedef struct {
  VitrineBox inner, outer;
} VitrineBand;

/* The part of a @width x @height frame where text may go: 5% margins, and
 * in a portrait (9:16) frame neither the bottom fifth nor the right sixth,
 * which phone apps cover with their buttons. */
void            vitrine_card_safe_area  (int                   width,
                                         int                   height,
                                         VitrineBox           *safe);

/* Each card function appends the boxes it drew text or images into, in
 * frame pixels, to @boxes (a GArray of VitrineBox) when it is not NULL. */

/* The opening card: @title (may be NULL) and the listing's address, price
 * and facts; NULL when there is nothing to show. With @beside_logo it
 * leaves room for vitrine_card_logo() in the top right corner. @band, in
 * this and the next two: where the photo under it shows, when it is
 * drawn smaller than the frame (VitrineBand), or NULL. */
VitrineOverlay *vitrine_card_opening    (const char           *title,
                                         const VitrineListing *listing,
                                         gboolean              beside_logo,
                                         const VitrineBand    *band,
                                         int                   width,
                                         int                   height,
                                         GArray               *boxes);
/* A photo's caption as a lower third, or (@top) in the top left. */
VitrineOverlay *vitrine_card_caption    (const char           *caption,
                                         gboolean              top,
                                         const VitrineBand    *band,
                                         int                   width,
                                         int                   height,
                                         GArray               *boxes);
/* The title of the plain slideshow (lower left, up to three lines). */
VitrineOverlay *vitrine_card_title      (const char           *title,
                                         const VitrineBand    *band,
                                         int                   width,
                                         int                   height,
                                         GArray               *boxes);
/* The corner logo of the plain slideshow; its box is added to @boxes. */
VitrineOverlay *vitrine_card_logo       (const char           *path,
                                         int                   width,
                                         int                   height,
                                         GArray               *boxes,
                                         GError              **error);

/* Whether @variant has an end card with these details. */
gboolean        vitrine_card_end_wanted (VitrineVariant        variant,
                                         const VitrineListing *listing,
                                         const VitrineAgent   *agent);
/* The whole end frame; errors are VITRINE_RENDER_ERROR_BAD_INPUT (an
 * image that cannot be read). */
VitrinePicture *vitrine_card_end        (VitrineVariant        variant,
                                         const VitrineListing *listing,
                                         const VitrineAgent   *agent,
                                         int                   width,
                                         int                   height,
                                         GArray               *boxes,
                                         GError              **error);

G_END_DECLS
