/* vitrine-listing-group.h: the listing's address, price, facts and web address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vitrine-listing.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_LISTING_GROUP (vitrine_listing_group_get_type ())
G_DECLARE_FINAL_TYPE (VitrineListingGroup, vitrine_listing_group, VITRINE, LISTING_GROUP,
                      AdwPreferencesGroup)


/* What the rows say, trimmed; an empty row is a NULL field. */
VitrineListing *vitrine_listing_group_dup_listing  (VitrineListingGroup  *self);
/* Fills the rows with @listing (NULL: empty) unless the agent typed in
 * them since the last offer: the values of an earlier job of the same
 * listing name are offered, never forced over what was typed. */
void            vitrine_listing_group_offer        (VitrineListingGroup  *self,
                                                    const VitrineListing *listing);
/* The rows' values went into a job: a later offer may replace them. */
void            vitrine_listing_group_mark_saved   (VitrineListingGroup  *self);
/* Checks the rows (the web address must be http or https); on a refusal
 * the row is marked and focused, and @error says why. */
gboolean        vitrine_listing_group_validate     (VitrineListingGroup  *self,
                                                    GError              **error);

G_END_DECLS
