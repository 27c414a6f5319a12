/* vitrine-vikit-declaration.c: Vikit's options, account and settings
 *
 * What the Vikit reference lets a person choose besides the photos: its
 * catalogue of music (or a link, or a file that Vitrine hosts), a logo, an
 * ending (an image or a video) and an address to e-mail when the video is
 * ready. Test mode is a capability (free previews), on by default: the
 * setting "vikit-test-mode" on its Preferences page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-provider-vikit.h"
#include "vitrine-vikit-declaration.h"

/* The reference's tracks, as choices (the same layout). */
static const VitrineOptionChoice *
vikit_get_tracks (guint *n_choices)
{
  G_STATIC_ASSERT (sizeof (VitrineVikitTrack) == sizeof (VitrineOptionChoice));
  G_STATIC_ASSERT (G_STRUCT_OFFSET (VitrineVikitTrack, url) ==
                   G_STRUCT_OFFSET (VitrineOptionChoice, value));

  return (const VitrineOptionChoice *) vitrine_provider_vikit_get_tracks (n_choices);
}

static const VitrineProviderOption vikit_options[] = {
  { .name = "music", .type = VITRINE_OPTION_MUSIC, .target = VITRINE_OPTION_TARGET_MUSIC,
    .flags = VITRINE_OPTION_ALLOW_URL | VITRINE_OPTION_AUDIO_FILE,
    .cli_flag = "music", .cli_arg = "FILE|URL|TRACK", .label = N_("M_usic"),
    .help = N_("Music: a file, a URL or a Vikit track name"),
    .get_choices = vikit_get_tracks, .lookup_choice = vitrine_provider_vikit_lookup_track },
  { .name = "logo", .type = VITRINE_OPTION_FILE, .target = VITRINE_OPTION_TARGET_LOGO,
    .flags = VITRINE_OPTION_ALLOW_URL | VITRINE_OPTION_IMAGE,
    .cli_flag = "logo", .cli_arg = "FILE|URL", .label = N_("_Logo (file or link, optional)"),
    .help = N_("Logo image") },
  { .name = "outro", .type = VITRINE_OPTION_FILE, .target = VITRINE_OPTION_TARGET_OUTRO,
    .flags = VITRINE_OPTION_ALLOW_URL | VITRINE_OPTION_IMAGE | VITRINE_OPTION_VIDEO,
    .cli_flag = "outro", .cli_arg = "FILE|URL", .label = N_("_Ending (file or link, optional)"),
    .help = N_("Image or video shown at the end, such as your agency’s card") },
  { .name = "email", .type = VITRINE_OPTION_TEXT, .key = VITRINE_JOB_OPTION_NOTIFY_EMAIL,
    .cli_flag = "email", .cli_arg = "ADDR", .label = N_("E-_mail When Ready (optional)"),
    .help = N_("E-mail this address when the video is ready") },
  { NULL }
};

static const VitrineProviderSetting vikit_settings[] = {
  { .key = "vikit-test-mode", .group = N_("New Videos"), .title = N_("_Test Mode"),
    .subtitle = N_("New Vikit videos start as free, quick, lower-quality previews. Turn it off "
                   "to make real videos, at 0.50 € a photo.") },
  { NULL }
};

const VitrineProviderDeclaration vitrine_vikit_declaration = {
  .has_key = TRUE, .has_url = TRUE, .default_url = VITRINE_VIKIT_DEFAULT_URL,
  /* "The API does not crop your photos to match": Vitrine does, for the
   * photos it prepares; those given as web links are sent as they are. */
  .crop_photos = TRUE,
  .cli_note = N_("photos by link (your media host); 16:9 and 9:16; 0.50 € a photo, "
                 "free previews in test mode"),
  .options = vikit_options,
  .settings = vikit_settings,
};
