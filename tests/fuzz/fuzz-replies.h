/* fuzz-replies.h: what every reply-parser fuzz target checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <stdint.h>

#include "vitrine-remote-reply.h"

/* Parses @data both as the answer to a start and as a poll reply: never a
 * crash, a leak or a half-filled result; a start is an id or a refusal; a
 * completed job has its videos; progress stays in 0–100. Returns whether
 * @data was a start. */
static inline gboolean
fuzz_replies (const VitrineRemoteReplies *replies,
              const uint8_t              *data,
              size_t                      size,
              VitrineRemoteStart         *start,
              VitrineRemoteStatus        *status)
{
  g_autoptr(GError) start_error = NULL;
  g_autoptr(GError) status_error = NULL;
  gboolean started;

  started = vitrine_remote_parse_start (replies, (const char *) data, size, start, &start_error);
  if (started)
    g_assert (start->outcome != VITRINE_REMOTE_STARTED ||
              (start->remote_id != NULL && *start->remote_id != '\0'));
  else
    g_assert (start_error != NULL && start->remote_id == NULL && start->poll_url == NULL);

  vitrine_remote_status_init (status);
  if (vitrine_remote_parse_status (replies, (const char *) data, size, status, &status_error))
    g_assert (status->state != VITRINE_JOB_STATE_COMPLETED || status->videos->len > 0);
  else
    g_assert (status_error != NULL);
  g_assert (status->progress >= -1 && status->progress <= 100);
  return started;
}

/* The libFuzzer entry point for @replies; @check (start or NULL when @data
 * was no start, status) adds the provider's own rules. */
#define FUZZ_REPLIES_TARGET(replies, check)                                \
  int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);          \
  int                                                                     \
  LLVMFuzzerTestOneInput (const uint8_t *data,                            \
                          size_t         size)                            \
  {                                                                       \
    g_auto(VitrineRemoteStart) start = { 0 };                             \
    g_auto(VitrineRemoteStatus) status = { 0 };                           \
    gboolean started = fuzz_replies (&(replies), data, size, &start, &status); \
                                                                          \
    check (started ? &start : NULL, &status);                             \
    return 0;                                                             \
  }

/* The same, for a @check that also reads @data (a provider's other
 * replies): check (start or NULL, status, data, size). */
#define FUZZ_REPLIES_TARGET_DATA(replies, check)                           \
  int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);          \
  int                                                                     \
  LLVMFuzzerTestOneInput (const uint8_t *data,                            \
                          size_t         size)                            \
  {                                                                       \
    g_auto(VitrineRemoteStart) start = { 0 };                             \
    g_auto(VitrineRemoteStatus) status = { 0 };                           \
    gboolean started = fuzz_replies (&(replies), data, size, &start, &status); \
                                                                          \
    check (started ? &start : NULL, &status, data, size);                 \
    return 0;                                                             \
  }
