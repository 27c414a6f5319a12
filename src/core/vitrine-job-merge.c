/* vitrine-job-merge.c: two copies of one job, after a write conflict
 *
 * A save that loses its compare-and-set in the store (another process wrote
 * the row since this one read it) comes here with the newer row; the store
 * decides whose steps win (vitrine-job-store.c), this file what survives in
 * any case: what the provider gave or was sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-job.h"

static gboolean
outputs_equal (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!vitrine_string_record_equal (vitrine_job_output_members, g_ptr_array_index (a, i),
                                      g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static void
copy_outputs (VitrineJob *self,
              VitrineJob *newer)
{
  GPtrArray *outputs = vitrine_job_get_outputs (newer);

  if (outputs_equal (vitrine_job_get_outputs (self), outputs))
    return;
  vitrine_job_clear_outputs (self);
  for (guint i = 0; i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      vitrine_job_add_output_full (self, output->label, output->url, output->path,
                                   output->ratio, output->variant);
    }
}

static gboolean
options_equal (GHashTable *a,
               GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
copy_options (VitrineJob *self,
              VitrineJob *newer)
{
  GHashTable *options = vitrine_job_get_options (newer);
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (vitrine_job_get_options (self), NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (!g_hash_table_contains (options, keys[i]))
        vitrine_job_set_option (self, keys[i], NULL);
    }
  g_hash_table_iter_init (&iter, options);
  while (g_hash_table_iter_next (&iter, &key, &value))
    vitrine_job_set_option (self, key, value);
}

/* The fields a row is saved with, inputs aside: they are set when the job
 * is made and never change while it runs (an assumption the merge keeps). */
static gboolean
same_row (VitrineJob *a,
          VitrineJob *b)
{
  return vitrine_job_get_state (a) == vitrine_job_get_state (b) &&
         vitrine_job_get_progress (a) == vitrine_job_get_progress (b) &&
         g_strcmp0 (vitrine_job_get_remote_id (a), vitrine_job_get_remote_id (b)) == 0 &&
         g_strcmp0 (vitrine_job_get_poll_url (a), vitrine_job_get_poll_url (b)) == 0 &&
         g_strcmp0 (vitrine_job_get_idempotency_key (a), vitrine_job_get_idempotency_key (b)) == 0 &&
         g_strcmp0 (vitrine_job_get_status_text (a), vitrine_job_get_status_text (b)) == 0 &&
         g_strcmp0 (vitrine_job_get_error_message (a), vitrine_job_get_error_message (b)) == 0 &&
         options_equal (vitrine_job_get_options (a), vitrine_job_get_options (b)) &&
         outputs_equal (vitrine_job_get_outputs (a), vitrine_job_get_outputs (b));
}

/* The requests another process than the driver makes (a cancel, a
 * follow), each a token the driver answers. */
static const struct {
  const char *asked;
  const char *answered;
} requests[] = {
  { VITRINE_JOB_OPTION_CANCEL_REQUESTED, VITRINE_JOB_OPTION_CANCEL_ANSWERED },
  { VITRINE_JOB_OPTION_FOLLOW_REQUESTED, VITRINE_JOB_OPTION_FOLLOW_ANSWERED },
};

/* A request made by one side survives whoever wins: a request the other
 * copy lacks is kept unless either copy has it answered (then it is a
 * stale one). @mine and @answered_here: @self's before the merge. */
static void
keep_request (VitrineJob *self,
              guint       kind,
              const char *mine,
              const char *answered_here,
              VitrineJob *newer)
{
  const char *theirs = vitrine_job_get_option (newer, requests[kind].asked);
  const char *answered_there = vitrine_job_get_option (newer, requests[kind].answered);
  const char *candidates[] = { mine, theirs };

  if (vitrine_job_is_final (self) || vitrine_job_get_option (self, requests[kind].asked) != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (candidates[i] != NULL && g_strcmp0 (candidates[i], answered_here) != 0 &&
          g_strcmp0 (candidates[i], answered_there) != 0)
        {
          vitrine_job_set_option (self, requests[kind].asked, candidates[i]);
          return;
        }
    }
}

gboolean
vitrine_job_merge (VitrineJob *self,
                   VitrineJob *newer,
                   gboolean    mine_wins)
{
  g_return_val_if_fail (VITRINE_IS_JOB (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (newer), FALSE);

  char *asked[G_N_ELEMENTS (requests)];
  char *answered[G_N_ELEMENTS (requests)];

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      asked[i] = g_strdup (vitrine_job_get_option (self, requests[i].asked));
      answered[i] = g_strdup (vitrine_job_get_option (self, requests[i].answered));
    }

  g_object_freeze_notify (G_OBJECT (self));
  /* What the provider gave or was sent is never dropped: a stale copy
   * without a remote id never erases the one just recorded. */
  if (vitrine_job_get_remote_id (newer) != NULL)
    vitrine_job_set_remote_id (self, vitrine_job_get_remote_id (newer));
  if (vitrine_job_get_poll_url (newer) != NULL)
    vitrine_job_set_poll_url (self, vitrine_job_get_poll_url (newer));
  if (vitrine_job_get_idempotency_key (newer) != NULL)
    g_object_set (self, "idempotency-key", vitrine_job_get_idempotency_key (newer), NULL);

  /* The options (marks, step ids) are the winner's as a whole: a stale
   * copy's never bring back a mark the driver cleared. */
  if (!mine_wins)
    {
      copy_options (self, newer);
      vitrine_job_set_status_text (self, vitrine_job_get_status_text (newer));
      vitrine_job_set_error_message (self, vitrine_job_get_error_message (newer));
      vitrine_job_set_progress (self, vitrine_job_get_progress (newer));
      vitrine_job_reopen (self, vitrine_job_get_state (newer));
    }
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      keep_request (self, i, asked[i], answered[i], newer);
      g_free (asked[i]);
      g_free (answered[i]);
    }
  /* Results found by either side are kept; the winner's when both have some. */
  if (vitrine_job_get_outputs (self)->len == 0 ||
      (!mine_wins && vitrine_job_get_outputs (newer)->len > 0))
    copy_outputs (self, newer);
  g_object_thaw_notify (G_OBJECT (self));

  return !same_row (self, newer);
}
