/* vitrine-window-providers.c: what the window does with the calls that
 * providers declare besides submit and poll
 *
 * - Import Earlier Jobs (main menu, win.import-jobs): every provider that
 *   declares an import adds its account's earlier jobs to the history, each
 *   once; a toast says how many, or why not.
 * - A job's share page (row menu, win.open-share-link-job): the page the
 *   provider gave to share the finished video (the job option "share_url").
 * - The chosen provider's credit balance, where it declares one, is the
 *   subtitle of the provider row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-window-private.h"
#include "vitrine-provider.h"

static void
vitrine_window_imported_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(VitrineWindow) self = user_data;
  VitrineProvider *provider = VITRINE_PROVIDER (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (vitrine_provider_get_declaration (provider)->import_finish (provider, result, &n, &error))
    /* Translators: "Imported 3 jobs from <provider>" */
    message = g_strdup_printf (ngettext ("Imported %u job from %s", "Imported %u jobs from %s", n),
                               n, vitrine_provider_get_display_name (provider));
  else
    /* Translators: "<provider>: the reason" */
    message = g_strdup_printf (_("Could not import from %s: %s"),
                               vitrine_provider_get_display_name (provider), error->message);
  vitrine_window_add_toast (self, message);
}

static void
vitrine_window_import_jobs_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  GListModel *list = vitrine_provider_list ();

  if (self->store == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);
      const VitrineProviderDeclaration *declaration = vitrine_provider_get_declaration (provider);

      if (declaration->import_async != NULL)
        declaration->import_async (provider, self->store, NULL, vitrine_window_imported_cb,
                                   g_object_ref (self));
    }
}

static void
vitrine_window_open_share_link_job_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  VitrineJob *job = self->store != NULL
    ? vitrine_job_store_lookup (self->store, g_variant_get_string (param, NULL)) : NULL;
  const char *url = job != NULL ? vitrine_job_get_option (job, VITRINE_JOB_OPTION_SHARE_URL)
                                : NULL;

  if (url != NULL && vitrine_is_web_url (url))
    gtk_show_uri (GTK_WINDOW (self), url, GDK_CURRENT_TIME);
}

void
_vitrine_window_class_providers_init (VitrineWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.import-jobs", NULL,
                                   vitrine_window_import_jobs_action);
  gtk_widget_class_install_action (widget_class, "win.open-share-link-job", "s",
                                   vitrine_window_open_share_link_job_action);
}

/* Import is offered when a provider can; the balance follows the options. */
void
_vitrine_window_providers_init (VitrineWindow *self)
{
  GListModel *list = vitrine_provider_list ();
  gboolean can_import = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);

      can_import |= vitrine_provider_get_declaration (provider)->import_async != NULL;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-jobs", can_import);
  g_object_bind_property (self->provider_options, "balance", self->provider_row, "subtitle",
                          G_BINDING_SYNC_CREATE);
}
