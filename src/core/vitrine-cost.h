/* vitrine-cost.h: what jobs cost, one or several together (Compare)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-provider.h"

G_BEGIN_DECLS

/* Whether @job is a free preview (a paid provider's test mode). */
gboolean  vitrine_cost_is_free_preview (VitrineProvider *provider,
                                        VitrineJob      *job);
/* Whether @job costs money with @provider: a paid provider, and not in its
 * test mode. */
gboolean  vitrine_cost_is_paid    (VitrineProvider  *provider,
                                   VitrineJob       *job);

/* What @jobs (VitrineJob, each for its own provider) cost together: the
 * total, or NULL when none of them is paid; in @lines (when not NULL) one
 * line a paid job, its provider's name and estimate ("Vikit: 2.50 € (5
 * photos × 0.50 €)"), in @jobs' order. Prices in euros are added up; a cost
 * that is not money (credits, a job of an allowance) joins the total in
 * its provider's words ("2.50 € + IACrea credits"). */
char     *vitrine_cost_dup_total  (GPtrArray        *jobs,
                                   GPtrArray       **lines);

G_END_DECLS
