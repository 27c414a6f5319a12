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

#include "vitrine-account-check.h"
#include "vitrine-confirm.h"
#include "vitrine-cost.h"
#include "vitrine-window-private.h"

#define PROVIDER_ID_KEY "vitrine-provider-id"

/* Leaving the comparison (another job chosen) pauses its videos at once,
 * without waiting for the end of the preview's transition. */
static void
vitrine_window_compare_page_cb (VitrineWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->preview_stack), "compare") != 0)
    vitrine_compare_view_set_playing (self->compare_view, FALSE);
}

void
_vitrine_window_compare_init (VitrineWindow *self)
{
  GListModel *list = vitrine_provider_list ();

  g_signal_connect_object (self->preview_stack, "notify::visible-child-name",
                           G_CALLBACK (vitrine_window_compare_page_cb), self, G_CONNECT_SWAPPED);
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

/* Money: one question for all the paid ones. */
static void
vitrine_window_compare_send (VitrineWindow *self,
                             GPtrArray     *jobs)
{
  g_autofree char *total = NULL;

  if ((total = vitrine_cost_dup_total (jobs, NULL)) != NULL)
    {
      _vitrine_window_confirm (self, vitrine_confirm_new_for_jobs (GTK_WINDOW (self), jobs));
      return;
    }
  for (guint i = 0; i < jobs->len; i++)
    _vitrine_window_submit (self, jobs->pdata[i]);
}

/* Each cloud job's key and media host, one after the other, before the
 * question (vitrine-account-check.c); Create is off meanwhile. */
typedef struct {
  VitrineWindow *window;   /* owned */
  GPtrArray     *jobs;     /* owned */
  guint          next;
} AccountChecks;

static void
account_checks_free (AccountChecks *checks)
{
  checks->window->confirming = FALSE;
  vitrine_window_update_actions (checks->window);
  g_object_unref (checks->window);
  g_ptr_array_unref (checks->jobs);
  g_free (checks);
}

static void vitrine_window_compare_check_next (AccountChecks *checks);

static void
vitrine_window_compare_checked_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  AccountChecks *checks = user_data;
  g_autoptr(GError) error = NULL;

  if (!vitrine_account_check_finish (result, &error))
    {
      VitrineJob *job = checks->jobs->pdata[checks->next - 1];
      VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
      g_autofree char *message = g_strdup_printf (_("%s: %s"),
                                                  vitrine_provider_get_display_name (provider),
                                                  error->message);

      vitrine_window_add_toast (checks->window, message);
      account_checks_free (checks);
      return;
    }
  vitrine_window_compare_check_next (checks);
}

static void
vitrine_window_compare_check_next (AccountChecks *checks)
{
  while (checks->next < checks->jobs->len)
    {
      VitrineJob *job = checks->jobs->pdata[checks->next++];
      VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));

      if (provider != NULL && vitrine_provider_is_cloud (provider))
        {
          vitrine_account_check_async (provider, job, NULL, vitrine_window_compare_checked_cb,
                                       checks);
          return;
        }
    }
  {
    g_autoptr(VitrineWindow) self = g_object_ref (checks->window);
    g_autoptr(GPtrArray) jobs = g_ptr_array_ref (checks->jobs);

    account_checks_free (checks);
    if (gtk_widget_get_mapped (GTK_WIDGET (self)))
      vitrine_window_compare_send (self, jobs);
  }
}

gboolean
_vitrine_window_compare_create (VitrineWindow      *self,
                                const char * const *photos)
{
  AccountChecks *checks;
  GPtrArray *jobs;

  if (self->compare_checks == NULL || !adw_expander_row_get_enable_expansion (self->compare_row))
    return FALSE;
  if ((jobs = vitrine_window_compare_new_jobs (self, photos)) == NULL)
    return TRUE;

  checks = g_new0 (AccountChecks, 1);
  checks->window = g_object_ref (self);
  checks->jobs = jobs;
  self->confirming = TRUE;
  vitrine_window_update_actions (self);
  vitrine_window_compare_check_next (checks);
  return TRUE;
}

/* The status list: a comparison's jobs follow each other (made together,
 * newest first); the first of them carries the group's header (its listing
 * and Side by Side), and each is set in under it. */

static void
vitrine_window_compare_header_cb (GtkListItem   *item,
                                  GParamSpec    *pspec,
                                  VitrineWindow *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  VitrineJob *job = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);
  const char *group = job != NULL ? vitrine_job_get_group (job) : NULL;
  GtkWidget *header, *row;
  gboolean first = FALSE;

  if (box == NULL)
    return;
  header = gtk_widget_get_first_child (box);
  row = gtk_widget_get_last_child (box);
  if (group != NULL && self->store != NULL && position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(VitrineJob) previous = position > 0
        ? g_list_model_get_item (G_LIST_MODEL (self->store), position - 1) : NULL;

      first = previous == NULL || g_strcmp0 (vitrine_job_get_group (previous), group) != 0;
    }
  if (group != NULL)
    gtk_widget_add_css_class (row, "compared");
  else
    gtk_widget_remove_css_class (row, "compared");
  gtk_widget_set_visible (header, first);
  if (first)
    {
      const char *name = vitrine_job_get_name (job);
      /* Translators: the header of the jobs of one comparison in the status list */
      g_autofree char *title = g_strdup_printf (_("Compared: %s"), name != NULL ? name : "");

      gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (header)), title);
      /* cut short in a narrow list: whole in its tooltip */
      gtk_widget_set_tooltip_text (gtk_widget_get_first_child (header), title);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (gtk_widget_get_last_child (header)), "s", group);
    }
}

GtkWidget *
_vitrine_window_compare_wrap_row (VitrineWindow *self,
                                  GtkListItem   *item,
                                  GtkWidget     *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Side by _Side"));

  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Play the finished videos of this comparison together"));
  /* The group comes with the row's job (vitrine_window_compare_header_cb). */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.compare-group");
  g_object_set (header, "margin-start", 6, "margin-top", 6, NULL);
  gtk_widget_set_visible (header, FALSE);
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (header), button);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), row);
  g_signal_connect_object (item, "notify::item", G_CALLBACK (vitrine_window_compare_header_cb), self, 0);
  g_signal_connect_object (item, "notify::position", G_CALLBACK (vitrine_window_compare_header_cb),
                           self, 0);
  return box;
}

/* Side by Side: the group's finished videos in the preview, in the order
 * the providers were chosen. Assumption: it opens as soon as one is done;
 * those not made yet are left out. */
static void
vitrine_window_compare_group_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  const char *group = g_variant_get_string (param, NULL);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = self->store != NULL ? G_LIST_MODEL (self->store) : NULL;

  for (guint i = model != NULL ? g_list_model_get_n_items (model) : 0; i > 0; i--)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (model, i - 1);

      if (g_strcmp0 (vitrine_job_get_group (job), group) == 0 &&
          vitrine_job_get_state (job) == VITRINE_JOB_STATE_COMPLETED)
        g_ptr_array_add (jobs, g_steal_pointer (&job));
    }
  if (jobs->len == 0)
    {
      vitrine_window_add_toast (self, _("None of these videos is ready yet"));
      return;
    }
  gtk_single_selection_set_selected (self->job_selection, GTK_INVALID_LIST_POSITION);
  vitrine_compare_view_set_jobs (self->compare_view, jobs);
  gtk_stack_set_visible_child_name (self->preview_stack, "compare");
}

void
_vitrine_window_class_compare_init (VitrineWindowClass *klass)
{
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "win.compare-group", "s",
                                   vitrine_window_compare_group_action);
}
