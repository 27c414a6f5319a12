/* vitrine-provider-page.c
 *
 * One page of Preferences per cloud provider: its API key (masked, kept in
 * the keyring by a VitrineSecretField, never in GSettings) and its address
 * (the setting "<id>-url"; empty means the built-in one, shown as the
 * placeholder and in the group's description). An address is saved only
 * when Vitrine can use it: https, or http to this computer; otherwise the
 * reason is shown under the row and nothing changes.
 *
 * Everything else comes from what the provider declares
 * (vitrine-provider-declaration.h): its name, its built-in address, its own
 * settings (a switch or a number each, bound to GSettings), and a Test
 * button when it has a health or balance call, which saves the key and
 * address being typed first, then says what the provider answered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "vitrine-http.h"
#include "vitrine-provider-page.h"
#include "vitrine-provider.h"
#include "vitrine-row-error.h"
#include "vitrine-toast.h"

struct _VitrineProviderPage
{
  AdwPreferencesPage  parent_instance;

  char               *provider_id;    /* names the key in the keyring and the "<id>-url" setting */
  char               *display_name;
  char               *default_url;
  char               *endpoint_key;   /* "<id>-url", NULL when the schema has none */
  GSettings          *settings;
  VitrineSecretField *secret_field;
  VitrineProvider    *provider;
  GCancellable       *test_cancellable;

  /* template children */
  AdwPreferencesGroup *account_group;
  AdwEntryRow         *key_row;
  GtkButton           *remove_key_button;
  AdwPreferencesGroup *endpoint_group;
  AdwEntryRow         *endpoint_row;
  GtkWidget           *endpoint_reset_button;
  GtkLabel            *endpoint_error;
  AdwPreferencesGroup *test_group;
  GtkWidget           *test_button;
  GtkSpinner          *test_spinner;
  GtkLabel            *test_result;
};

G_DEFINE_FINAL_TYPE (VitrineProviderPage, vitrine_provider_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_PROVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
vitrine_preferences_toast (GtkWidget  *widget,
                           const char *text)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;

  if (ADW_IS_PREFERENCES_WINDOW (root) && text != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), vitrine_toast_new (text, 4));
}

#define REFOCUS_KEY "vitrine-test-refocus"

void
vitrine_preferences_show_testing (GtkSpinner *spinner,
                                  GtkWidget  *button,
                                  GtkLabel   *result,
                                  gboolean    testing)
{
  GtkRoot *root = gtk_widget_get_root (button);

  /* The button cannot be pressed while it tests, and GTK moves the focus
   * off it: it comes back after, for the keyboard. */
  if (testing)
    g_object_set_data (G_OBJECT (button), REFOCUS_KEY,
                       GINT_TO_POINTER (root != NULL && gtk_root_get_focus (root) == button));
  gtk_widget_set_visible (GTK_WIDGET (spinner), testing);
  gtk_spinner_set_spinning (spinner, testing);
  gtk_widget_set_sensitive (button, !testing);
  if (testing)
    gtk_widget_set_visible (GTK_WIDGET (result), FALSE);
  else if (g_object_steal_data (G_OBJECT (button), REFOCUS_KEY) != NULL)
    gtk_widget_grab_focus (button);
}

void
vitrine_preferences_show_result (GtkLabel   *result,
                                 gboolean    success,
                                 const char *message)
{
  gtk_label_set_label (result, message);
  gtk_widget_remove_css_class (GTK_WIDGET (result), success ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (result), success ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (result), TRUE);
}

gboolean
vitrine_check_address (const char  *text,
                       gboolean     bare_host,
                       GError     **error)
{
  g_autofree char *url = NULL;

  if (text == NULL)
    text = "";
  if (bare_host && strstr (text, "://") == NULL)
    url = g_strconcat ("https://", text, NULL);
  else
    url = g_strdup (text);
  return vitrine_http_check_url (url, error);
}

static void
vitrine_provider_page_set_error (VitrineProviderPage *self,
                                 const char          *message)
{
  vitrine_row_error_show (GTK_WIDGET (self->endpoint_row), self->endpoint_error, message);
}

static void
vitrine_provider_page_load_endpoint (VitrineProviderPage *self)
{
  g_autofree char *value = NULL;

  if (self->endpoint_key == NULL)
    return;
  value = g_settings_get_string (self->settings, self->endpoint_key);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), value);
  /* Back to the built-in address: only a provider that has one. */
  gtk_widget_set_visible (self->endpoint_reset_button, *value != '\0' && self->default_url != NULL);
}

gboolean
vitrine_provider_page_apply_endpoint (VitrineProviderPage *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (VITRINE_IS_PROVIDER_PAGE (self), FALSE);

  if (self->endpoint_key == NULL)
    return FALSE;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row))));
  if (*text != '\0' && !vitrine_check_address (text, FALSE, &error))
    {
      vitrine_provider_page_set_error (self, error->message);
      return FALSE;
    }

  vitrine_provider_page_set_error (self, NULL);
  g_settings_set_string (self->settings, self->endpoint_key, text);
  vitrine_provider_page_load_endpoint (self);
  if (*text != '\0')
    /* Translators: %s is a provider name */
    message = g_strdup_printf (_("%s’s address is saved"), self->display_name);
  else if (self->default_url != NULL)
    message = g_strdup_printf (_("%s uses its built-in address"), self->display_name);
  else
    /* a provider with no address of its own (the person's server) */
    message = g_strdup_printf (_("%s has no address now: enter your server’s address"), self->display_name);
  vitrine_preferences_toast (GTK_WIDGET (self), message);
  return TRUE;
}

static void
vitrine_provider_page_endpoint_apply_cb (VitrineProviderPage *self)
{
  vitrine_provider_page_apply_endpoint (self);
}

static void
vitrine_provider_page_endpoint_reset_cb (VitrineProviderPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), "");
  vitrine_provider_page_apply_endpoint (self);
}

/* The provider's own settings */

static GtkWidget *
setting_widget (VitrineProviderPage          *self,
                const VitrineProviderSetting *setting)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  GtkWidget *widget;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, setting->key))
    return NULL;
  key = g_settings_schema_get_key (schema, setting->key);
  if (g_variant_type_equal (g_settings_schema_key_get_value_type (key), G_VARIANT_TYPE_BOOLEAN))
    {
      widget = gtk_switch_new ();
      g_settings_bind (self->settings, setting->key, widget, "active", G_SETTINGS_BIND_DEFAULT);
    }
  else
    {
      widget = gtk_spin_button_new_with_range (setting->min, setting->max, 1);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (widget), TRUE);
      g_settings_bind (self->settings, setting->key, widget, "value", G_SETTINGS_BIND_DEFAULT);
    }
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_widget_set_name (widget, setting->key);
  return widget;
}

static void
vitrine_provider_page_add_settings (VitrineProviderPage              *self,
                                    const VitrineProviderDeclaration *declaration)
{
  for (const VitrineProviderSetting *s = declaration->settings; s != NULL && s->key; s++)
    {
      GtkWidget *widget = setting_widget (self, s);
      AdwPreferencesGroup *group;
      AdwActionRow *row;

      if (widget == NULL)
        continue;
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _(s->group));
      row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(s->title));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
      adw_action_row_set_subtitle (row, _(s->subtitle));
      adw_action_row_add_suffix (row, widget);
      adw_action_row_set_activatable_widget (row, widget);
      adw_preferences_group_add (group, GTK_WIDGET (row));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
    }
}

/* Test */

static void
vitrine_provider_page_tested_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(VitrineProviderPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  const VitrineProviderDeclaration *declaration = vitrine_provider_get_declaration (self->provider);

  answer = declaration->test_finish (self->provider, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  vitrine_preferences_show_testing (self->test_spinner, self->test_button, self->test_result, FALSE);
  vitrine_preferences_show_result (self->test_result, answer != NULL,
                                   answer != NULL ? answer : error->message);
}

static void
vitrine_provider_page_key_saved_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(VitrineProviderPage) self = user_data;

  vitrine_secret_field_apply_finish (VITRINE_SECRET_FIELD (object), result, NULL);
  if (!g_cancellable_is_cancelled (self->test_cancellable))
    vitrine_provider_get_declaration (self->provider)->test_async (self->provider,
                                                                   self->test_cancellable,
                                                                   vitrine_provider_page_tested_cb,
                                                                   g_object_ref (self));
}

/* What is tested is what the provider will use: the key and the address
 * typed are saved first. */
void
vitrine_provider_page_test (VitrineProviderPage *self)
{
  g_return_if_fail (VITRINE_IS_PROVIDER_PAGE (self));

  if (!gtk_widget_get_sensitive (self->test_button))
    return;
  if (self->endpoint_key != NULL)
    vitrine_provider_page_apply_endpoint (self);
  vitrine_preferences_show_testing (self->test_spinner, self->test_button, self->test_result, TRUE);
  vitrine_secret_field_apply_async (self->secret_field, self->test_cancellable,
                                    vitrine_provider_page_key_saved_cb, g_object_ref (self));
}

static void
vitrine_provider_page_test_cb (VitrineProviderPage *self)
{
  vitrine_provider_page_test (self);
}

const char *
vitrine_provider_page_get_test_result (VitrineProviderPage *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->test_result)))
    return NULL;
  return gtk_label_get_label (self->test_result);
}

/* The page */

static void
vitrine_provider_page_setup_endpoint (VitrineProviderPage *self,
                                      gboolean             has_url)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *key = g_strdup_printf ("%s-url", self->provider_id);
  g_autofree char *description = NULL;
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->endpoint_row));

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (!has_url || schema == NULL || !g_settings_schema_has_key (schema, key))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->endpoint_group), FALSE);
      return;
    }
  self->endpoint_key = g_steal_pointer (&key);
  if (self->default_url != NULL)
    {
      /* Translators: %s is a web address */
      description = g_strdup_printf (_("Leave it empty for the built-in address, %s. "
                                       "It must start with https://."), self->default_url);
      if (GTK_IS_TEXT (text))
        gtk_text_set_placeholder_text (GTK_TEXT (text), self->default_url);
    }
  else
    description = g_strdup_printf (_("The address of your %s server. It must start with "
                                     "https://."), self->display_name);
  adw_preferences_group_set_description (self->endpoint_group, description);
  vitrine_provider_page_load_endpoint (self);
}

static void
vitrine_provider_page_constructed (GObject *object)
{
  VitrineProviderPage *self = VITRINE_PROVIDER_PAGE (object);
  const VitrineProviderDeclaration *declaration;
  g_autofree char *account = NULL;

  G_OBJECT_CLASS (vitrine_provider_page_parent_class)->constructed (object);

  g_return_if_fail (VITRINE_IS_PROVIDER (self->provider));

  declaration = vitrine_provider_get_declaration (self->provider);
  self->provider_id = g_strdup (vitrine_provider_get_id (self->provider));
  self->display_name = g_strdup (vitrine_provider_get_display_name (self->provider));
  self->default_url = g_strdup (declaration->default_url);
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self), self->provider_id);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), self->display_name);

  /* Translators: %s is a provider name */
  account = g_strdup_printf (_("The key from your %s dashboard. It is kept in this computer’s "
                               "keyring, never in a settings file."), self->display_name);
  adw_preferences_group_set_description (self->account_group, account);
  vitrine_provider_page_setup_endpoint (self, declaration->has_url);
  vitrine_provider_page_add_settings (self, declaration);
  gtk_widget_set_visible (GTK_WIDGET (self->test_group), declaration->test_async != NULL);

  self->secret_field = vitrine_secret_field_new (self->provider_id, self->key_row,
                                                 self->remove_key_button);
  g_signal_connect_object (self->secret_field, "message",
                           G_CALLBACK (vitrine_preferences_toast), self, G_CONNECT_SWAPPED);
}

static void
vitrine_provider_page_dispose (GObject *object)
{
  VitrineProviderPage *self = VITRINE_PROVIDER_PAGE (object);

  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->secret_field);
  g_clear_object (&self->provider);
  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_PROVIDER_PAGE);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vitrine_provider_page_parent_class)->dispose (object);
}

static void
vitrine_provider_page_finalize (GObject *object)
{
  VitrineProviderPage *self = VITRINE_PROVIDER_PAGE (object);

  g_clear_pointer (&self->provider_id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->default_url, g_free);
  g_clear_pointer (&self->endpoint_key, g_free);

  G_OBJECT_CLASS (vitrine_provider_page_parent_class)->finalize (object);
}

static void
vitrine_provider_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VitrineProviderPage *self = VITRINE_PROVIDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_provider_page_class_init (VitrineProviderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vitrine_provider_page_constructed;
  object_class->dispose = vitrine_provider_page_dispose;
  object_class->finalize = vitrine_provider_page_finalize;
  object_class->set_property = vitrine_provider_page_set_property;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL, VITRINE_TYPE_PROVIDER,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-provider-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, account_group);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, remove_key_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, endpoint_group);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, endpoint_reset_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, endpoint_error);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_provider_page_endpoint_apply_cb);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, test_group);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderPage, test_result);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_provider_page_endpoint_reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_provider_page_test_cb);
}

static void
vitrine_provider_page_init (VitrineProviderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->test_cancellable = g_cancellable_new ();
}

VitrineProviderPage *
vitrine_provider_page_new (VitrineProvider *provider)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (provider), NULL);

  return g_object_new (VITRINE_TYPE_PROVIDER_PAGE,
                       "provider", provider,
                       "icon-name", "network-server-symbolic",
                       NULL);
}

const char *
vitrine_provider_page_get_provider_id (VitrineProviderPage *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_PAGE (self), NULL);
  return self->provider_id;
}

VitrineSecretField *
vitrine_provider_page_get_secret_field (VitrineProviderPage *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_PAGE (self), NULL);
  return self->secret_field;
}

AdwEntryRow *
vitrine_provider_page_get_key_row (VitrineProviderPage *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_PAGE (self), NULL);
  return self->key_row;
}

AdwEntryRow *
vitrine_provider_page_get_endpoint_row (VitrineProviderPage *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_PAGE (self), NULL);
  return self->endpoint_row;
}

const char *
vitrine_provider_page_get_endpoint_error (VitrineProviderPage *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->endpoint_error)))
    return NULL;
  return gtk_label_get_label (self->endpoint_error);
}

void
vitrine_provider_page_focus_key (VitrineProviderPage *self)
{
  g_return_if_fail (VITRINE_IS_PROVIDER_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
}
