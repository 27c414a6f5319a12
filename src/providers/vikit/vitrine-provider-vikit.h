/* vitrine-provider-vikit.h: Vikit Real Estate API, after the provider's reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-remote-provider.h"

G_BEGIN_DECLS

/* The documented endpoint: the POST goes to this address itself. */
#define VITRINE_VIKIT_DEFAULT_URL "https://immo-512624703714.europe-west1.run.app/"
/* The job option with the address Vikit e-mails when the video is ready. */
#define VITRINE_JOB_OPTION_NOTIFY_EMAIL "notify_email"

/* A royalty-free track of Vikit's catalogue. */
typedef struct {
  const char *name;   /* "Aube dorée" (a title: not translated) */
  const char *url;
} VitrineVikitTrack;

#define VITRINE_TYPE_PROVIDER_VIKIT (vitrine_provider_vikit_get_type ())
G_DECLARE_FINAL_TYPE (VitrineProviderVikit, vitrine_provider_vikit,
                      VITRINE, PROVIDER_VIKIT, VitrineRemoteProvider)

VitrineProvider         *vitrine_provider_vikit_new          (void);

/* The six catalogue tracks, in the reference's order (the first is the
 * web dashboard's default). */
const VitrineVikitTrack *vitrine_provider_vikit_get_tracks   (guint      *n_tracks);
/* The URL of the track called @name ("Aube dorée", "aube doree" or
 * "aube_doree": case and accents do not matter), or NULL. */
const char              *vitrine_provider_vikit_lookup_track (const char *name);

G_END_DECLS
