/* vitrine-bench.h: hidden hooks for tests/bench/jobs (VITRINE_BENCH=1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-window.h"

G_BEGIN_DECLS

void vitrine_bench_attach (VitrineWindow *window);
/* "mark-us WHAT T": where a launch's time goes (VITRINE_BENCH only). */
void vitrine_bench_mark   (const char    *what);

G_END_DECLS
