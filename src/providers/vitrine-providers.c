/* vitrine-providers.c: the built-in providers, one line each
 *
 * The registry (src/core/vitrine-provider.c) knows no provider: each one is
 * declared here, with its constructor and its declaration (its own folder's
 * vitrine-<id>-declaration.c). A new provider is a new folder and one line
 * below. "local" comes first: it is the default.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-aixpose-declaration.h"
#include "vitrine-iacrea-declaration.h"
#include "vitrine-provider-aixpose.h"
#include "vitrine-provider-iacrea.h"
#include "vitrine-provider-local.h"
#include "vitrine-provider-vidgen.h"
#include "vitrine-provider-vikit.h"
#include "vitrine-vidgen-declaration.h"
#include "vitrine-vikit-declaration.h"

static const VitrineProviderEntry builtin_providers[] = {
  { vitrine_provider_local_new, NULL },
  { vitrine_provider_vikit_new, &vitrine_vikit_declaration },
  { vitrine_provider_iacrea_new, &vitrine_iacrea_declaration },
  { vitrine_provider_aixpose_new, &vitrine_aixpose_declaration },
  { vitrine_provider_vidgen_new, &vitrine_vidgen_declaration },
  { NULL }
};

VITRINE_PROVIDERS_DECLARE_BUILTIN (builtin_providers)

/* Linked in by its name (src/meson.build), so that the list above is
 * declared in every program, although nothing calls into this file. */
const char vitrine_providers_builtin[] = "local vikit iacrea aixpose vidgen";
