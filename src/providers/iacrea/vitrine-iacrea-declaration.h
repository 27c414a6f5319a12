/* vitrine-iacrea-declaration.h: what IACrea declares to the registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-provider.h"

G_BEGIN_DECLS

extern const VitrineProviderDeclaration vitrine_iacrea_declaration;

G_END_DECLS
