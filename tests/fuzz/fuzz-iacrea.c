/* fuzz-iacrea.c: libFuzzer target for IACrea's replies
 *
 * Built and run by tests/fuzz/run (clang -fsanitize=fuzzer,address,undefined);
 * seeds in tests/fuzz/corpus/iacrea come from IACrea's reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-replies.h"

/* A 201 is a start or unreadable (refusals are 4xx) and never names the
 * address to poll; DONE has exactly one URL. */
static void
check (const VitrineRemoteStart  *created,
       const VitrineRemoteStatus *polled)
{
  g_assert (created == NULL || (created->outcome == VITRINE_REMOTE_STARTED && !created->poll_url));
  g_assert (polled->state != VITRINE_JOB_STATE_COMPLETED || polled->videos->len == 1);
}

FUZZ_REPLIES_TARGET (vitrine_iacrea_replies, check)
