/* vitrine-provider-iacrea.h: IACrea Auto Video API, after the provider's reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-remote-provider.h"

G_BEGIN_DECLS

#define VITRINE_IACREA_DEFAULT_URL "https://iacrea.com"
/* The reference's minimum length of "description", in characters. */
#define VITRINE_IACREA_MIN_DESCRIPTION 10

/* Job options read by IACrea. */
#define VITRINE_JOB_OPTION_COLORS       "colors"        /* "BG,FG", e.g. "#1a1a2e,#ffffff" */
#define VITRINE_JOB_OPTION_FONT         "font"          /* "Inter" */
#define VITRINE_JOB_OPTION_IACREA_MUSIC "iacrea_music"  /* IACrea's own music identifier */

#define VITRINE_TYPE_PROVIDER_IACREA (vitrine_provider_iacrea_get_type ())
G_DECLARE_FINAL_TYPE (VitrineProviderIacrea, vitrine_provider_iacrea,
                      VITRINE, PROVIDER_IACREA, VitrineRemoteProvider)

VitrineProvider *vitrine_provider_iacrea_new (void);

G_END_DECLS
