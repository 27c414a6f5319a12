/* vitrine-cli-import.h: vitrine-cli import, a provider's earlier jobs into the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int   vitrine_cli_import         (int    argc,
                                  char **argv);
/* The ids of the providers that can import, for help texts. */
char *vitrine_cli_dup_import_ids (void);

G_END_DECLS
