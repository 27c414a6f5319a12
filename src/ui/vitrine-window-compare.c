/* vitrine-window-compare.c: Compare Providers
 *
 * The expander under "Made By" lists every provider of the registry, each
 * with a check (nothing here names one). With its switch on, Create makes
 * one job per checked provider from the same photos and choices, all in
 * one group (a random id): each is checked by its provider first (the first
 * refusal is said, and no job is made), then the paid ones are confirmed
 * once, in one dialog with each one's estimate and their total.
 *
 * Assumptions where the issue is silent: two providers at least; the
 * choice of providers lasts as long as the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-confirm.h"
#include "vitrine-cost.h"
#include "vitrine-window-private.h"

#define PROVIDER_ID_KEY "vitrine-provider-id"

void
_vitrine_window_compare_init (VitrineWindow *self)
{
  GListModel *list = vitrine_provider_list ();

  self->compare_checks = g_ptr_array_new ();
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (check), PROVIDER_ID_KEY,
                              g_strdup (vitrine_provider_get_id (provider)), g_free);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     vitrine_provider_get_display_name (provider));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (self->compare_row, row);
      g_ptr_array_add (self->compare_checks, check);
    }
}

/* The jobs of a comparison: each provider's job, or NULL (and why, said)
 * when one of them cannot be made. */
static GPtrArray *
vitrine_window_compare_new_jobs (VitrineWindow      *self,
                                 const char * const *photos)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *group = g_uuid_string_random ();

  for (guint i = 0; i < self->compare_checks->len; i++)
    {
      GtkCheckButton *check = self->compare_checks->pdata[i];
      const char *id = g_object_get_data (G_OBJECT (check), PROVIDER_ID_KEY);
      VitrineProvider *provider = vitrine_provider_lookup (id);
      g_autoptr(VitrineJob) job = NULL;
      g_autoptr(GError) error = NULL;

      if (!gtk_check_button_get_active (check) || provider == NULL)
        continue;
      if ((job = _vitrine_window_new_job (self, provider, photos)) == NULL)
        {
          /* Its options show, the refused one highlighted. */
          g_settings_set_string (self->settings, "provider", id);
          return NULL;
        }
      vitrine_job_set_group (job, group);
      if (!vitrine_provider_validate (provider, job, &error))
        {
          /* Translators: "<provider>: <why its job cannot be made>" */
          g_autofree char *message = g_strdup_printf (_("%s: %s"),
                                                      vitrine_provider_get_display_name (provider),
                                                      error->message);

          vitrine_window_add_toast (self, message);
          return NULL;
        }
      g_ptr_array_add (jobs, g_steal_pointer (&job));
    }
  if (jobs->len < 2)
    {
      vitrine_window_add_toast (self, _("Choose two providers or more to compare"));
      return NULL;
    }
  return g_steal_pointer (&jobs);
}

gboolean
_vitrine_window_compare_create (VitrineWindow      *self,
                                const char * const *photos)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *total = NULL;

  if (self->compare_checks == NULL || !adw_expander_row_get_enable_expansion (self->compare_row))
    return FALSE;
  if ((jobs = vitrine_window_compare_new_jobs (self, photos)) == NULL)
    return TRUE;

  /* Money: one question for all the paid ones. */
  if ((total = vitrine_cost_dup_total (jobs, NULL)) != NULL)
    {
      _vitrine_window_confirm (self, vitrine_confirm_new_for_jobs (GTK_WINDOW (self), jobs));
      return TRUE;
    }
  for (guint i = 0; i < jobs->len; i++)
    _vitrine_window_submit (self, jobs->pdata[i]);
  return TRUE;
}
