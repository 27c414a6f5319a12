/* vitrine-cli-listing.h: the listing and agent options render and submit share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-job.h"

G_BEGIN_DECLS

typedef struct {
  char  *address;
  char  *price;
  char  *facts;
  char  *listing_url;
  GStrv  captions;      /* "N=TEXT", N from 1 */
  char  *agent_name;
  char  *agent_agency;
  char  *agent_phone;
  char  *agent_email;
  char  *agent_photo;
  char  *agent_logo;
  char  *brand_colors;  /* "BG,FG" */
} VitrineCliListing;

void     vitrine_cli_listing_clear       (VitrineCliListing  *opts);
/* Adds --address, --price, --facts, --caption, --listing-url, --agent-*
 * and --brand-colors to @context's main options, filling @opts. */
void     vitrine_cli_listing_add_entries (GOptionContext     *context,
                                          VitrineCliListing  *opts);
/* Checks @opts against @job's photos and sets the job's listing, captions
 * and agent (the saved Agent page, overridden by the --agent-* options).
 * The error's message is for a person (exit status 2). */
gboolean vitrine_cli_listing_apply       (VitrineCliListing  *opts,
                                          VitrineJob         *job,
                                          GError            **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VitrineCliListing, vitrine_cli_listing_clear)

G_END_DECLS
