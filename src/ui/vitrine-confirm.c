/* vitrine-confirm.c
 *
 * Nothing that costs money leaves without a yes: a paid provider's job (not
 * in test mode) is shown with the provider's estimate first, and only "Pay
 * and Create" sends it. Cancel is the default and the close response.
 *
 * When a job ends for a reason the agent can fix, the window says so with a
 * button: a key the provider refused opens Preferences on that key
 * (app.provider-key), credits that ran out open the provider's page to buy
 * more (app.buy-credits, https only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "vitrine-confirm.h"
#include "vitrine-cost.h"
#include "vitrine-preferences-window.h"
#include "vitrine-provider.h"
#include "vitrine-toast.h"

/* Seconds a toast after a job stays. */
#define TOAST_TIMEOUT 10

struct _VitrineConfirm
{
  AdwMessageDialog  parent_instance;

  GPtrArray        *jobs;   /* VitrineJob: all that Pay sends (Compare) */
};

G_DEFINE_FINAL_TYPE (VitrineConfirm, vitrine_confirm, ADW_TYPE_MESSAGE_DIALOG)

gboolean
vitrine_confirm_is_free_preview (VitrineProvider *provider,
                                 VitrineJob      *job)
{
  return vitrine_cost_is_free_preview (provider, job);
}

gboolean
vitrine_confirm_is_needed (VitrineProvider *provider,
                           VitrineJob      *job)
{
  return vitrine_cost_is_paid (provider, job);
}

char *
vitrine_confirm_dup_free_preview (VitrineProvider *provider)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (provider), NULL);

  /* Translators: %s is a provider name */
  return g_strdup_printf (_("Free preview: %s makes a quick test video, at no cost"),
                          vitrine_provider_get_display_name (provider));
}

static void
vitrine_confirm_dispose (GObject *object)
{
  VitrineConfirm *self = VITRINE_CONFIRM (object);

  g_clear_pointer (&self->jobs, g_ptr_array_unref);

  G_OBJECT_CLASS (vitrine_confirm_parent_class)->dispose (object);
}

static void
vitrine_confirm_class_init (VitrineConfirmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_confirm_dispose;
}

static void
vitrine_confirm_init (VitrineConfirm *self)
{
}

static VitrineConfirm *vitrine_confirm_new_dialog (GtkWindow  *parent,
                                                   const char *heading,
                                                   const char *body);

GtkWidget *
vitrine_confirm_new (GtkWindow       *parent,
                     VitrineProvider *provider,
                     VitrineJob      *job)
{
  VitrineConfirm *self;
  const VitrineProviderCapabilities *caps;
  g_autofree char *cost = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  const char *name;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VITRINE_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (VITRINE_IS_JOB (job), NULL);

  caps = vitrine_provider_get_capabilities (provider);
  cost = vitrine_provider_estimate_cost (provider, job);
  name = vitrine_job_get_name (job) ? vitrine_job_get_name (job) : "";

  /* Translators: “Listing 5 May” goes to <provider>, which charges for it: 2.50 € (5 photos × 0.50 €). */
  g_string_printf (body, _("“%s” goes to %s, which charges for it: %s."), name,
                   vitrine_provider_get_display_name (provider),
                   cost != NULL ? cost : _("an amount it did not say"));
  g_string_append (body, "\n\n");
  g_string_append (body, _("Once the photos are sent, the charge cannot be undone."));
  if (caps != NULL && caps->supports_test_mode)
    {
      g_string_append_c (body, ' ');
      g_string_append (body, _("Turn test mode on for a free preview."));
    }

  self = vitrine_confirm_new_dialog (parent, _("Pay for This Video?"), body->str);
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->jobs, g_object_ref (job));
  return GTK_WIDGET (self);
}

/* The dialog: Cancel (the default, and the close response) or Pay. */
static VitrineConfirm *
vitrine_confirm_new_dialog (GtkWindow  *parent,
                            const char *heading,
                            const char *body)
{
  VitrineConfirm *self = g_object_new (VITRINE_TYPE_CONFIRM,
                                       "transient-for", parent,
                                       "modal", TRUE,
                                       "destroy-with-parent", TRUE,
                                       "heading", heading,
                                       "body", body,
                                       NULL);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  adw_message_dialog_add_responses (dialog,
                                    VITRINE_CONFIRM_RESPONSE_CANCEL, _("_Cancel"),
                                    VITRINE_CONFIRM_RESPONSE_PAY, _("_Pay and Create"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, VITRINE_CONFIRM_RESPONSE_PAY,
                                              ADW_RESPONSE_SUGGESTED);
  /* Return and Escape never pay. */
  adw_message_dialog_set_default_response (dialog, VITRINE_CONFIRM_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (dialog, VITRINE_CONFIRM_RESPONSE_CANCEL);
  return self;
}

GtkWidget *
vitrine_confirm_new_for_jobs (GtkWindow *parent,
                              GPtrArray *jobs)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *total = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  VitrineConfirm *self;
  const char *name;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (jobs != NULL && jobs->len > 0, NULL);

  total = vitrine_cost_dup_total (jobs, &lines);
  name = vitrine_job_get_name (jobs->pdata[0]) ? vitrine_job_get_name (jobs->pdata[0]) : "";
  /* Translators: “Listing 5 May” goes to 3 providers; those that charge for it: */
  g_string_printf (body, ngettext ("“%s” goes to %u provider; those that charge for it:",
                                   "“%s” goes to %u providers; those that charge for it:",
                                   jobs->len), name, jobs->len);
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    g_string_append_printf (body, "\n• %s", (char *) lines->pdata[i]);
  g_string_append (body, "\n\n");
  /* Translators: the sum of the costs above, such as “1.00 € + 12 credits” */
  g_string_append_printf (body, _("Total: %s."), total != NULL ? total : _("an amount it did not say"));
  g_string_append (body, "\n\n");
  g_string_append (body, _("Once the photos are sent, the charge cannot be undone."));

  self = vitrine_confirm_new_dialog (parent, _("Pay for These Videos?"), body->str);
  self->jobs = g_ptr_array_copy (jobs, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (self->jobs, g_object_unref);
  return GTK_WIDGET (self);
}

GPtrArray *
vitrine_confirm_get_jobs (VitrineConfirm *self)
{
  g_return_val_if_fail (VITRINE_IS_CONFIRM (self), NULL);
  return self->jobs;
}

/* Toasts after a job */

static gboolean
is_https (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static gboolean
option_number (VitrineJob *job,
               const char *key,
               double     *value)
{
  const char *text = vitrine_job_get_option (job, key);
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

AdwToast *
vitrine_confirm_new_job_toast (VitrineJob *job)
{
  VitrineJobState state;
  const char *kind;
  AdwToast *toast;
  double used, left;

  g_return_val_if_fail (VITRINE_IS_JOB (job), NULL);

  state = vitrine_job_get_state (job);
  kind = vitrine_job_get_option (job, VITRINE_JOB_OPTION_ERROR_KIND);

  if ((state == VITRINE_JOB_STATE_FAILED || state == VITRINE_JOB_STATE_INTERRUPTED) &&
      g_strcmp0 (kind, "auth") == 0)
    {
      /* Translators: %s is a provider name */
      g_autofree char *title = g_strdup_printf (_("%s needs a valid API key"),
                                                vitrine_provider_name_for_job (job));

      toast = vitrine_toast_new (title, TOAST_TIMEOUT);
      adw_toast_set_button_label (toast, _("Open _Preferences"));
      adw_toast_set_action_name (toast, VITRINE_PREFERENCES_ACTION_PROVIDER_KEY);
      adw_toast_set_action_target (toast, "s", vitrine_job_get_provider_id (job));
      return toast;
    }

  if ((state == VITRINE_JOB_STATE_FAILED || state == VITRINE_JOB_STATE_INTERRUPTED) &&
      g_strcmp0 (kind, "credits") == 0)
    {
      const char *top_up = vitrine_job_get_option (job, VITRINE_JOB_OPTION_TOP_UP_URL);
      const char *message = vitrine_job_get_error_message (job);
      g_autofree char *title = NULL;

      if (option_number (job, VITRINE_JOB_OPTION_CREDITS_LEFT, &left))
        /* Translators: "Not enough <provider> credits: 1 left" */
        title = g_strdup_printf (_("Not enough %s credits: %g left"),
                                 vitrine_provider_name_for_job (job), left);
      else if (message != NULL && strstr (message, ". ") != NULL)
        /* The provider layer's first sentence says how many are left. */
        title = g_strndup (message, strstr (message, ". ") - message);
      else if (message != NULL && *message != '\0')
        title = g_strdup (message);
      else
        title = g_strdup_printf (_("Not enough %s credits"), vitrine_provider_name_for_job (job));

      toast = vitrine_toast_new (title, TOAST_TIMEOUT);
      if (is_https (top_up))
        {
          adw_toast_set_button_label (toast, _("_Buy Credits"));
          adw_toast_set_action_name (toast, "app.buy-credits");
          adw_toast_set_action_target (toast, "s", top_up);
        }
      return toast;
    }

  if (state == VITRINE_JOB_STATE_COMPLETED &&
      option_number (job, VITRINE_JOB_OPTION_CREDITS_USED, &used) &&
      option_number (job, VITRINE_JOB_OPTION_CREDITS_LEFT, &left))
    {
      /* Translators: “Listing 5 May” is ready: <provider> used 5 credits, 95 left */
      g_autofree char *title = g_strdup_printf (_("“%s” is ready: %s used %g credits, %g left"),
                                                vitrine_job_get_name (job),
                                                vitrine_provider_name_for_job (job), used, left);

      return vitrine_toast_new (title, TOAST_TIMEOUT);
    }

  return NULL;
}

static void
buy_credits_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Cannot open the page to buy credits: %s", error->message);
}

static void
vitrine_confirm_buy_credits_action (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       user_data)
{
  GtkApplication *application = user_data;
  const char *url = g_variant_get_string (param, NULL);
  GtkWindow *window = gtk_application_get_active_window (application);

  /* A provider's answer chose this address: only a secure page opens. */
  if (!is_https (url))
    return;
  if (window != NULL)
    gtk_show_uri_full (window, url, GDK_CURRENT_TIME, NULL, buy_credits_cb, NULL);
  else
    g_app_info_launch_default_for_uri_async (url, NULL, NULL, NULL, NULL);
}

void
vitrine_confirm_add_app_actions (GtkApplication *application)
{
  static const GActionEntry entries[] = {
    { "buy-credits", vitrine_confirm_buy_credits_action, "s" },
  };

  g_return_if_fail (GTK_IS_APPLICATION (application));

  g_action_map_add_action_entries (G_ACTION_MAP (application), entries, G_N_ELEMENTS (entries),
                                   application);
}
