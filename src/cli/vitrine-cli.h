/* vitrine-cli.h: the command-line program, as a function
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs vitrine-cli with @argv (argv[0] the program) and returns its exit
 * status: 0 success, 1 the job failed, 2 bad arguments or input. */
int vitrine_cli_main (int    argc,
                      char **argv);

G_END_DECLS
