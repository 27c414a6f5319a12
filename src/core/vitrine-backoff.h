/* vitrine-backoff.h: how long to wait before trying again
 *
 * One rule for every retry in Vitrine: the monitor's polls and submits
 * after a transient fault, and the HTTP layer's own attempts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest wait, whatever the attempt: five minutes. */
#define VITRINE_BACKOFF_MAX_MS (5 * 60 * 1000)

/* The delay before retry @attempt (1, 2, …) of something normally done every
 * @base_ms (at least 500): exponential, capped, with ±25 % jitter; @hint_ms
 * (Retry-After), when non-zero, is the floor. */
guint vitrine_backoff_delay (guint base_ms,
                             guint attempt,
                             guint hint_ms);

G_END_DECLS
