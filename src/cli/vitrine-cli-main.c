/* vitrine-cli-main.c: the entry of vitrine-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-cli.h"

int
main (int    argc,
      char **argv)
{
  return vitrine_cli_main (argc, argv);
}
