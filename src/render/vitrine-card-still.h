/* vitrine-card-still.h: the listing's cards as still images, for cloud providers
 *
 * A cloud provider cannot draw Vitrine's cards into its video, but some take
 * images: the branded end card as an ending image (Vikit's ending_media_url),
 * a cover with the address and price drawn on it (VidGen's one image). These
 * are drawn by the same code as the local video's cards (vitrine-card.c), in
 * a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-agent.h"
#include "vitrine-listing.h"
#include "vitrine-types.h"

G_BEGIN_DECLS

/* Whether the branded end card of @listing and @agent says anything. */
gboolean vitrine_card_still_end_wanted   (const VitrineListing *listing,
                                          const VitrineAgent   *agent);
/* Whether a cover of @listing has anything to show (an address or a price). */
gboolean vitrine_card_still_cover_wanted (const VitrineListing *listing);

/* Writes the branded end card of a @ratio video as a PNG at @path. */
void     vitrine_card_still_end_async    (const VitrineListing *listing,
                                          const VitrineAgent   *agent,
                                          VitrineRatio          ratio,
                                          const char           *path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* Writes @photo (a JPEG or PNG) with the listing's address and price drawn
 * over it as the opening card draws them, as a JPEG at @path. */
void     vitrine_card_still_cover_async  (const char           *photo,
                                          const VitrineListing *listing,
                                          const char           *path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* Either: the path written, or NULL (VITRINE_RENDER_ERROR, G_IO_ERROR). */
char    *vitrine_card_still_finish       (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
