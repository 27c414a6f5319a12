/* vitrine-listing.h: the property a job is about (address, price, facts, link)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vitrine-string-record.h"

G_BEGIN_DECLS

/* Every field may be NULL (not given). */
typedef struct {
  char *address;  /* "12 rue Exemple, Lyon" */
  char *price;    /* free text: "€ 450,000" */
  char *facts;    /* free text: "3 bedrooms · 2 baths · 98 m²" */
  char *url;      /* the listing's web address, http(s) only */
} VitrineListing;

/* Its members, for the code that treats them alike. */
extern const VitrineStringMember vitrine_listing_members[];

#define VITRINE_TYPE_LISTING (vitrine_listing_get_type ())
VITRINE_DECLARE_STRING_RECORD (VitrineListing, vitrine_listing)

/* Checks what a person typed: the link must be http(s). */
gboolean        vitrine_listing_validate  (const VitrineListing *listing,
                                           GError              **error);

/* The listing in one text, for a provider that wants a description:
 * "12 rue Exemple, Lyon. € 450,000. 3 bedrooms · 2 baths. Kitchen, Garden."
 * (address, price, facts, then the photos' captions, each once); NULL when
 * there is none of these. */
char           *vitrine_listing_describe  (const VitrineListing *listing,
                                           const char * const   *captions);

/* "#rrggbb" or "#rgb" to 0–1 components; FALSE for anything else. */
gboolean        vitrine_color_parse       (const char           *str,
                                           double                rgb[3]);
/* @str ("#fff", "#1B2A4A") as "#rrggbb" in small letters, or NULL when it
 * is no colour. */
char           *vitrine_color_normalize   (const char           *str);
/* 0–1 components as "#rrggbb". */
char           *vitrine_color_to_hex      (double                red,
                                           double                green,
                                           double                blue);
/* @fg ("#rrggbb") as it is read on @bg: itself, or black or white when the
 * two are too close to be read (under WCAG's 3:1 for large text); TRUE when
 * it gave way. Each NULL or no colour: @fg_fallback, @bg_fallback. */
gboolean        vitrine_color_readable    (const char           *bg,
                                           const char           *bg_fallback,
                                           const char           *fg,
                                           const char           *fg_fallback,
                                           double                text[3]);

G_END_DECLS
