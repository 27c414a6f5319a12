/* fuzz-vikit.c: libFuzzer target for Vikit's replies
 *
 * Built and run by tests/fuzz/run (clang -fsanitize=fuzzer,address,undefined);
 * seeds in tests/fuzz/corpus/vikit come from Vikit's reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-replies.h"

/* Vikit always says where to poll (Result_url). */
static void
check (const VitrineRemoteStart  *start,
       const VitrineRemoteStatus *status)
{
  g_assert (start == NULL || start->outcome != VITRINE_REMOTE_STARTED || start->poll_url != NULL);
}

FUZZ_REPLIES_TARGET (vitrine_vikit_replies, check)
