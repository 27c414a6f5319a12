/* fuzz-vidgen.c: libFuzzer target for VidGen's replies
 *
 * Built and run by tests/fuzz/run; seeds in tests/fuzz/corpus/vidgen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-replies.h"

/* Besides the job and its status: a page of GET /api/jobs gives jobs with
 * ids, and a cursor only when there is a next page. */
static void
check (const VitrineRemoteStart  *start,
       const VitrineRemoteStatus *status,
       const uint8_t             *data,
       size_t                     size)
{
  g_autoptr(GPtrArray) jobs =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_remote_listed_job_free);
  g_autofree char *cursor = NULL;

  if (vitrine_vidgen_parse_page ((const char *) data, size, jobs, &cursor, NULL))
    {
      for (guint i = 0; i < jobs->len; i++)
        {
          VitrineRemoteListedJob *job = g_ptr_array_index (jobs, i);

          g_assert (job->id != NULL && *job->id != '\0');
          g_assert (job->status.state != VITRINE_JOB_STATE_COMPLETED || job->status.videos->len == 1);
        }
      g_assert (cursor == NULL || *cursor != '\0');
    }
  else
    g_assert (jobs->len == 0 && cursor == NULL);
}

FUZZ_REPLIES_TARGET_DATA (vitrine_vidgen_replies, check)
