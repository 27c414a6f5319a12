/* vitrine-provider-local.h: "This computer", the GStreamer slideshow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-provider.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_PROVIDER_LOCAL (vitrine_provider_local_get_type ())
G_DECLARE_FINAL_TYPE (VitrineProviderLocal, vitrine_provider_local, VITRINE, PROVIDER_LOCAL, GObject)

VitrineProvider *vitrine_provider_local_new (void);

G_END_DECLS
