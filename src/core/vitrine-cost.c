/* vitrine-cost.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-cost.h"

gboolean
vitrine_cost_is_free_preview (VitrineProvider *provider,
                              VitrineJob      *job)
{
  const VitrineProviderCapabilities *caps;

  g_return_val_if_fail (VITRINE_IS_PROVIDER (provider), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);

  caps = vitrine_provider_get_capabilities (provider);
  return caps != NULL && caps->is_paid && caps->supports_test_mode &&
         vitrine_job_get_test_mode (job);
}

gboolean
vitrine_cost_is_paid (VitrineProvider *provider,
                      VitrineJob      *job)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (provider), FALSE);

  return vitrine_provider_get_capabilities (provider)->is_paid &&
         !vitrine_cost_is_free_preview (provider, job);
}

/**
 * vitrine_cost_dup_total:
 * @jobs: (element-type VitrineJob): the jobs
 * @lines: (out) (optional) (element-type utf8) (transfer container): one a paid job
 *
 * Returns: (transfer full) (nullable): the total, for a person.
 */
char *
vitrine_cost_dup_total (GPtrArray  *jobs,
                        GPtrArray **lines)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) each = g_ptr_array_new_with_free_func (g_free);
  gboolean priced = FALSE;
  double euros = 0.0;

  g_return_val_if_fail (jobs != NULL, NULL);

  for (guint i = 0; i < jobs->len; i++)
    {
      VitrineJob *job = g_ptr_array_index (jobs, i);
      VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
      g_autofree char *estimate = NULL;
      double price;

      if (provider == NULL || !vitrine_cost_is_paid (provider, job))
        continue;
      estimate = vitrine_provider_estimate_cost (provider, job);
      if (estimate == NULL)
        estimate = g_strdup (_("unknown"));
      /* Translators: one line of a cost: "<provider>: <estimate>" */
      g_ptr_array_add (each, g_strdup_printf (_("%s: %s"), vitrine_provider_get_display_name (provider),
                                              estimate));
      if (vitrine_provider_estimate_price (provider, job, &price))
        {
          euros += price;
          priced = TRUE;
        }
      else
        g_ptr_array_add (words, g_steal_pointer (&estimate));
    }
  if (each->len == 0)
    {
      if (lines != NULL)
        *lines = NULL;
      return NULL;
    }
  if (priced)
    /* Translators: an amount in euros, as in "2.50 €" */
    g_ptr_array_insert (words, 0, g_strdup_printf (_("%.2f €"), euros));
  g_ptr_array_add (words, NULL);
  if (lines != NULL)
    *lines = g_steal_pointer (&each);
  return g_strjoinv (" + ", (char **) words->pdata);
}
