/* fuzz-aixpose.c: libFuzzer target for AIXpose's replies
 *
 * Built and run by tests/fuzz/run; seeds in tests/fuzz/corpus/aixpose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-replies.h"

/* Besides the video: the ids of a project or picture, an enhancement's
 * variant, the catalogues and the balance never crash, leak or come back
 * half made. */
static void
check (const VitrineRemoteStart  *start,
       const VitrineRemoteStatus *status,
       const uint8_t             *data,
       size_t                     size)
{
  g_autofree char *id = vitrine_aixpose_parse_id ((const char *) data, size, NULL);
  g_autofree char *variant = vitrine_aixpose_parse_variant ((const char *) data, size, NULL);
  g_auto(GStrv) catalog = vitrine_aixpose_parse_catalog ((const char *) data, size, NULL, NULL);
  double balance = 0;

  g_assert (id == NULL || *id != '\0');
  g_assert (variant == NULL || *variant != '\0');
  for (guint i = 0; catalog != NULL && catalog[i] != NULL; i++)
    g_assert (*catalog[i] != '\0');
  if (vitrine_aixpose_parse_balance ((const char *) data, size, &balance, NULL))
    g_assert (isfinite (balance));
}

FUZZ_REPLIES_TARGET_DATA (vitrine_aixpose_replies, check)
