/* vitrine-cli-submit.h: vitrine-cli submit, a video made by a cloud provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int vitrine_cli_submit (int    argc,
                        char **argv);

G_END_DECLS
