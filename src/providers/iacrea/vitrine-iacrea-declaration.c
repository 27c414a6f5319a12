/* vitrine-iacrea-declaration.c: IACrea's options, account and settings
 *
 * The IACrea reference takes a description of the listing (required, from
 * which its server writes the video's texts), caption colours, a font, a
 * music identifier of the account's own (not a file) and a logo. Its
 * Preferences page has the client time limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-iacrea-declaration.h"
#include "vitrine-provider-iacrea.h"

G_STATIC_ASSERT (VITRINE_IACREA_MIN_DESCRIPTION == 10);  /* the messages below say 10 */

static const VitrineProviderOption iacrea_options[] = {
  { .name = "description", .type = VITRINE_OPTION_LONG_TEXT,
    .target = VITRINE_OPTION_TARGET_DESCRIPTION, .flags = VITRINE_OPTION_FROM_LISTING,
    .cli_flag = "description", .cli_arg = "TEXT", .label = N_("_Description of the Listing"),
    .help = N_("Listing description, 10 characters or more (empty: made from the listing)"),
    .hint = N_("At least 10 characters; left empty, it is made from the listing’s address, "
               "price, facts and captions. The video’s texts are written from it, in its "
               "language."),
    .min_length = VITRINE_IACREA_MIN_DESCRIPTION,
    .too_short = N_("Describe the listing (its description) in at least 10 characters: IACrea "
                    "writes the video’s texts from it.") },
  { .name = "colors", .type = VITRINE_OPTION_COLOR_PAIR, .key = VITRINE_JOB_OPTION_COLORS,
    .cli_flag = "colors", .cli_arg = "BG,FG", .label = N_("Custom _Colors"),
    .help = N_("Background and text colours of the captions"),
    .default_value = "#1a1a2e,#ffffff" },
  { .name = "font", .type = VITRINE_OPTION_TEXT, .key = VITRINE_JOB_OPTION_FONT,
    .cli_flag = "font", .cli_arg = "F", .label = N_("_Font (optional, e.g. Inter)"),
    .help = N_("Font") },
  { .name = "music_id", .type = VITRINE_OPTION_TEXT, .key = VITRINE_JOB_OPTION_IACREA_MUSIC,
    .cli_flag = "music", .cli_arg = "ID", .label = N_("IACrea _Music (optional)"),
    .help = N_("IACrea’s music identifier") },
  { .name = "logo", .type = VITRINE_OPTION_FILE, .target = VITRINE_OPTION_TARGET_LOGO,
    .flags = VITRINE_OPTION_ALLOW_URL | VITRINE_OPTION_IMAGE,
    .cli_flag = "logo", .cli_arg = "FILE|URL", .label = N_("_Logo (file or link, optional)"),
    .help = N_("Logo image") },
  { NULL }
};

static const VitrineProviderSetting iacrea_settings[] = {
  { .key = "iacrea-timeout-minutes", .group = N_("Waiting"), .title = N_("_Time Limit"),
    .subtitle = N_("Minutes from sending an IACrea video until Vitrine says it is late; "
                    "it keeps waiting for it"),
    .min = 1, .max = 240 },
  { NULL }
};

const VitrineProviderDeclaration vitrine_iacrea_declaration = {
  .has_key = TRUE, .has_url = TRUE, .default_url = VITRINE_IACREA_DEFAULT_URL,
  .cli_note = N_("photos by link (your media host); needs --description; paid in credits"),
  .options = iacrea_options,
  .settings = iacrea_settings,
};
