/* vitrine-test-provider.h: a provider of the tests' own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-provider.h"

G_BEGIN_DECLS

/* What a poll does to @job (it may finish it, fail it, move it on). */
typedef void (*VitrineTestPoll) (VitrineJob *job);

/* A provider that submits at once (the job PROCESSING, remote id
 * "fake-<job id>"), cancels at once, and polls every @poll_interval_ms
 * with @poll (NULL: nothing changes). Register it with
 * vitrine_provider_register(). */
VitrineProvider *vitrine_test_provider_new (const char                        *id,
                                            const char                        *display_name,
                                            const VitrineProviderCapabilities *capabilities,
                                            guint                              poll_interval_ms,
                                            VitrineTestPoll                    poll);

/* What its is_busy answers (end-of-job work going on), FALSE at first. */
void             vitrine_test_provider_set_busy (VitrineProvider *provider,
                                                 gboolean         busy);

G_END_DECLS
