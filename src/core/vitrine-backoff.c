/* vitrine-backoff.c: how long to wait before trying again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-backoff.h"

guint
vitrine_backoff_delay (guint base_ms,
                       guint attempt,
                       guint hint_ms)
{
  guint64 delay = MAX (base_ms, 500);

  for (guint i = 1; i < attempt && delay < VITRINE_BACKOFF_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, VITRINE_BACKOFF_MAX_MS);
  delay = (guint64) (delay * g_random_double_range (0.75, 1.25));
  return (guint) MAX (delay, (guint64) hint_ms);
}
