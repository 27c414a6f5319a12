/* vitrine-vidgen-declaration.h: what VidGen declares to the registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-provider.h"

G_BEGIN_DECLS

extern const VitrineProviderDeclaration vitrine_vidgen_declaration;

G_END_DECLS
