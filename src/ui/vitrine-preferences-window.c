/* vitrine-preferences-window.c
 *
 * Pages: General (where finished videos go), one per cloud provider, made
 * from what it declares (its API key in the keyring, its address, its own
 * settings, a Test button where it has a health or balance call:
 * VitrineProviderPage), and Media Host (the S3 bucket that hands photos to
 * providers by link, with a Test button).
 *
 * Switches and numbers are bound to their settings. Text rows save on their
 * apply button (or Return), so that a half-typed address is never used; an
 * address Vitrine cannot use (http:// to another computer) is refused with
 * the reason under it. Secrets go to the keyring only (VitrineSecretField).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-file-chooser.h"
#include "vitrine-agent-page.h"
#include "vitrine-media-host.h"
#include "vitrine-preferences-window.h"
#include "vitrine-provider.h"
#include "vitrine-row-error.h"
#include "vitrine-secret-field.h"
#include "vitrine-types.h"

struct _VitrinePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  VitrineSecretField   *media_secret;
  GtkFileChooserNative *folder_chooser;
  GCancellable         *test_cancellable;
  gboolean              testing;
  gboolean              test_success;

  /* template children */
  AdwActionRow         *output_folder_row;
  GtkWidget            *output_folder_reset_button;
  GPtrArray            *provider_pages;   /* VitrineProviderPage, in the registry's order */
  AdwPreferencesPage   *media_host_page;
  AdwEntryRow          *media_endpoint_row;
  AdwEntryRow          *media_region_row;
  AdwEntryRow          *media_bucket_row;
  GtkSwitch            *media_path_style_switch;
  GtkLabel             *media_endpoint_error;
  AdwEntryRow          *media_access_key_row;
  AdwEntryRow          *media_secret_row;
  GtkButton            *media_secret_remove_button;
  GtkSpinButton        *media_url_hours_spin;
  GtkSpinButton        *media_keep_days_spin;
  GtkSpinButton        *long_edge_spin;
  GtkSpinner           *media_test_spinner;
  GtkWidget            *media_test_button;
  GtkLabel             *media_test_result;
};

G_DEFINE_FINAL_TYPE (VitrinePreferencesWindow, vitrine_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* General */

static void
vitrine_preferences_window_update_output_folder (VitrinePreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "output-folder");
  gboolean custom = *folder != '\0';
  g_autofree char *shown = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *escaped = NULL;

  if (!custom)
    {
      g_free (folder);
      folder = vitrine_default_output_dir ();
    }
  shown = vitrine_dup_display_folder (folder);
  whole = g_filename_display_name (folder);
  escaped = g_markup_escape_text (shown, -1);
  adw_action_row_set_subtitle (self->output_folder_row, escaped);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->output_folder_row), whole);
  gtk_widget_set_visible (self->output_folder_reset_button, custom);
}

static void
vitrine_preferences_window_folder_chosen_cb (VitrinePreferencesWindow *self,
                                             int                       response,
                                             GtkFileChooserNative     *chooser)
{
  if (!vitrine_file_chooser_store_path (chooser, response, self->settings, "output-folder"))
    vitrine_preferences_toast (GTK_WIDGET (self), _("Choose a folder on this computer"));
  vitrine_file_chooser_clear (&self->folder_chooser);
}

static void
vitrine_preferences_window_output_choose_cb (VitrinePreferencesWindow *self)
{
  if (self->folder_chooser == NULL)
    {
      self->folder_chooser = vitrine_file_chooser_new (GTK_WIDGET (self),
                                                       _("Choose the Output Folder"),
                                                       GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                       _("_Select"), NULL, NULL, 0);
      g_signal_connect_object (self->folder_chooser, "response",
                               G_CALLBACK (vitrine_preferences_window_folder_chosen_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

static void
vitrine_preferences_window_output_reset_cb (VitrinePreferencesWindow *self)
{
  g_settings_reset (self->settings, "output-folder");
}

/* Media host */

static const char *
media_row_key (VitrinePreferencesWindow *self,
               AdwEntryRow              *row)
{
  if (row == self->media_endpoint_row)
    return "media-host-endpoint";
  if (row == self->media_region_row)
    return "media-host-region";
  if (row == self->media_bucket_row)
    return "media-host-bucket";
  if (row == self->media_access_key_row)
    return "media-host-access-key";
  g_return_val_if_reached (NULL);
}

static void
vitrine_preferences_window_load_media_rows (VitrinePreferencesWindow *self)
{
  AdwEntryRow *rows[] = {
    self->media_endpoint_row, self->media_region_row, self->media_bucket_row,
    self->media_access_key_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = g_settings_get_string (self->settings, media_row_key (self, rows[i]));

      gtk_editable_set_text (GTK_EDITABLE (rows[i]), value);
    }
}

static void
vitrine_preferences_window_set_endpoint_error (VitrinePreferencesWindow *self,
                                               const char               *message)
{
  vitrine_row_error_show (GTK_WIDGET (self->media_endpoint_row), self->media_endpoint_error,
                          message);
}

/* Saves @row to its setting; FALSE (and nothing saved) for an endpoint
 * Vitrine cannot use. */
static gboolean
vitrine_preferences_window_commit_media_row (VitrinePreferencesWindow *self,
                                             AdwEntryRow              *row)
{
  const char *key = media_row_key (self, row);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *current = g_settings_get_string (self->settings, key);

  if (row == self->media_endpoint_row)
    {
      g_autoptr(GError) error = NULL;

      /* A bare host name means https. */
      if (*text != '\0' && !vitrine_check_address (text, TRUE, &error))
        {
          vitrine_preferences_window_set_endpoint_error (self, error->message);
          return FALSE;
        }
      vitrine_preferences_window_set_endpoint_error (self, NULL);
    }

  if (g_strcmp0 (text, current) == 0)
    return TRUE;
  if (*text == '\0')
    g_settings_reset (self->settings, key);
  else
    g_settings_set_string (self->settings, key, text);
  return TRUE;
}

static gboolean
vitrine_preferences_window_commit_media (VitrinePreferencesWindow *self)
{
  AdwEntryRow *rows[] = {
    self->media_endpoint_row, self->media_region_row, self->media_bucket_row,
    self->media_access_key_row,
  };
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    ok &= vitrine_preferences_window_commit_media_row (self, rows[i]);
  return ok;
}

static void
vitrine_preferences_window_media_apply_cb (VitrinePreferencesWindow *self,
                                           AdwEntryRow              *row)
{
  if (vitrine_preferences_window_commit_media_row (self, row))
    vitrine_preferences_toast (GTK_WIDGET (self), _("Saved"));
}

static void
vitrine_preferences_window_set_testing (VitrinePreferencesWindow *self,
                                        gboolean                  testing)
{
  self->testing = testing;
  vitrine_preferences_show_testing (self->media_test_spinner, self->media_test_button,
                                    self->media_test_result, testing);
}

static void
vitrine_preferences_window_show_test_result (VitrinePreferencesWindow *self,
                                             gboolean                  success,
                                             const char               *message)
{
  self->test_success = success;
  vitrine_preferences_show_result (self->media_test_result, success, message);
}

/* The end of a test: @error NULL for success. Nothing is shown after a
 * cancel (the window went away). */
static void
vitrine_preferences_window_test_done (VitrinePreferencesWindow *self,
                                      VitrineMediaHost         *host,
                                      const GError             *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  vitrine_preferences_window_set_testing (self, FALSE);
  g_clear_object (&self->test_cancellable);
  if (error != NULL)
    vitrine_preferences_window_show_test_result (self, FALSE, error->message);
  else
    {
      /* Translators: %s is a bucket name */
      g_autofree char *message = g_strdup_printf (_("The media host works: Vitrine put a test "
                                                    "file in “%s” and deleted it."),
                                                  vitrine_media_host_get_bucket (host));

      vitrine_preferences_window_show_test_result (self, TRUE, message);
    }
}

static void
vitrine_preferences_window_tested_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
  g_autoptr(VitrinePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  vitrine_media_host_test_finish (VITRINE_MEDIA_HOST (object), result, &error);
  vitrine_preferences_window_test_done (self, VITRINE_MEDIA_HOST (object), error);
}

static void
vitrine_preferences_window_host_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(VitrinePreferencesWindow) self = user_data;
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = self->test_cancellable;

  host = vitrine_media_host_new_from_settings_finish (result, &error);
  if (host == NULL)
    {
      vitrine_preferences_window_test_done (self, NULL, error);
      return;
    }
  vitrine_media_host_test_async (host, cancellable, vitrine_preferences_window_tested_cb,
                                 g_steal_pointer (&self));
}

static void
vitrine_preferences_window_secret_stored_cb (GObject      *object,
                                             GAsyncResult *result,
                                             gpointer      user_data)
{
  g_autoptr(VitrinePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = self->test_cancellable;

  if (!vitrine_secret_field_apply_finish (VITRINE_SECRET_FIELD (object), result, &error))
    {
      vitrine_preferences_window_test_done (self, NULL, error);
      return;
    }
  vitrine_media_host_new_from_settings_async (cancellable, vitrine_preferences_window_host_cb,
                                              g_steal_pointer (&self));
}

void
vitrine_preferences_window_test_media_host (VitrinePreferencesWindow *self)
{
  g_return_if_fail (VITRINE_IS_PREFERENCES_WINDOW (self));

  if (self->testing)
    return;
  /* What is tested is what the providers will use: the settings. */
  if (!vitrine_preferences_window_commit_media (self))
    {
      vitrine_preferences_window_show_test_result (self, FALSE,
                                                   gtk_label_get_label (self->media_endpoint_error));
      return;
    }

  vitrine_preferences_window_set_testing (self, TRUE);
  self->test_cancellable = g_cancellable_new ();
  vitrine_secret_field_apply_async (self->media_secret, self->test_cancellable,
                                    vitrine_preferences_window_secret_stored_cb,
                                    g_object_ref (self));
}

static void
vitrine_preferences_window_media_test_cb (VitrinePreferencesWindow *self)
{
  vitrine_preferences_window_test_media_host (self);
}

gboolean
vitrine_preferences_window_get_testing (VitrinePreferencesWindow *self)
{
  g_return_val_if_fail (VITRINE_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->testing;
}

const char *
vitrine_preferences_window_get_test_result (VitrinePreferencesWindow *self,
                                            gboolean                 *success)
{
  g_return_val_if_fail (VITRINE_IS_PREFERENCES_WINDOW (self), NULL);

  if (success != NULL)
    *success = self->test_success;
  if (!gtk_widget_get_visible (GTK_WIDGET (self->media_test_result)))
    return NULL;
  return gtk_label_get_label (self->media_test_result);
}

/* The window */

VitrineProviderPage *
vitrine_preferences_window_get_provider_page (VitrinePreferencesWindow *self,
                                              const char               *provider_id)
{
  g_return_val_if_fail (VITRINE_IS_PREFERENCES_WINDOW (self), NULL);

  for (guint i = 0; i < self->provider_pages->len; i++)
    {
      VitrineProviderPage *page = self->provider_pages->pdata[i];

      if (g_strcmp0 (vitrine_provider_page_get_provider_id (page), provider_id) == 0)
        return page;
    }
  return NULL;
}

void
vitrine_preferences_window_show_key_row (VitrinePreferencesWindow *self,
                                         const char               *provider_id)
{
  VitrineProviderPage *page;

  g_return_if_fail (VITRINE_IS_PREFERENCES_WINDOW (self));

  page = vitrine_preferences_window_get_provider_page (self, provider_id);
  if (page == NULL)
    {
      gtk_window_present (GTK_WINDOW (self));
      return;
    }
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                           ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (self));
  vitrine_provider_page_focus_key (page);
}

/* A page for each provider with an account, between General and Media
 * Host. */
static void
vitrine_preferences_window_add_provider_pages (VitrinePreferencesWindow *self)
{
  AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (self);
  g_autoptr(AdwPreferencesPage) media = g_object_ref (self->media_host_page);
  GListModel *list = vitrine_provider_list ();

  adw_preferences_window_remove (window, media);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);
      VitrineProviderPage *page;

      if (!vitrine_provider_get_declaration (provider)->has_key)
        continue;
      page = vitrine_provider_page_new (provider);
      g_ptr_array_add (self->provider_pages, page);
      adw_preferences_window_add (window, ADW_PREFERENCES_PAGE (page));
    }
  adw_preferences_window_add (window, media);
}

static void
vitrine_preferences_window_constructed (GObject *object)
{
  VitrinePreferencesWindow *self = VITRINE_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (vitrine_preferences_window_parent_class)->constructed (object);

  vitrine_preferences_window_add_provider_pages (self);
  g_settings_bind (self->settings, "media-host-path-style", self->media_path_style_switch,
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "media-host-url-hours", self->media_url_hours_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "media-host-keep-days", self->media_keep_days_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "prepare-long-edge", self->long_edge_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed::output-folder",
                           G_CALLBACK (vitrine_preferences_window_update_output_folder), self,
                           G_CONNECT_SWAPPED);
  vitrine_preferences_window_update_output_folder (self);

  vitrine_preferences_window_load_media_rows (self);
  self->media_secret = vitrine_secret_field_new ("s3", self->media_secret_row,
                                                 self->media_secret_remove_button);
  g_signal_connect_object (self->media_secret, "message",
                           G_CALLBACK (vitrine_preferences_toast), self, G_CONNECT_SWAPPED);
}

static void
vitrine_preferences_window_dispose (GObject *object)
{
  VitrinePreferencesWindow *self = VITRINE_PREFERENCES_WINDOW (object);

  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  vitrine_file_chooser_clear (&self->folder_chooser);
  g_clear_object (&self->media_secret);
  g_clear_pointer (&self->provider_pages, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vitrine_preferences_window_parent_class)->dispose (object);
}

static void
vitrine_preferences_window_class_init (VitrinePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vitrine_preferences_window_constructed;
  object_class->dispose = vitrine_preferences_window_dispose;

  g_type_ensure (VITRINE_TYPE_AGENT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, output_folder_row);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, output_folder_reset_button);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_host_page);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_region_row);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_bucket_row);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_path_style_switch);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_endpoint_error);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_access_key_row);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_secret_row);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_secret_remove_button);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_url_hours_spin);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_keep_days_spin);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, long_edge_spin);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_test_spinner);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_test_button);
  gtk_widget_class_bind_template_child (widget_class, VitrinePreferencesWindow, media_test_result);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_preferences_window_output_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_preferences_window_output_reset_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_preferences_window_media_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_preferences_window_media_test_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
vitrine_preferences_window_init (VitrinePreferencesWindow *self)
{
  self->settings = g_settings_new (APP_ID);
  self->provider_pages = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

VitrinePreferencesWindow *
vitrine_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  /* Not one of the application's windows: the application's "active
   * window" stays the main window (notifications, activation look for it). */
  return g_object_new (VITRINE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
}

/* The application's one Preferences window */

#define WINDOW_KEY "vitrine-preferences-window"

static void
vitrine_preferences_window_forget_cb (gpointer  data,
                                      GObject  *where_the_window_was)
{
  GtkApplication *application = data;

  g_object_steal_data (G_OBJECT (application), WINDOW_KEY);
}

VitrinePreferencesWindow *
vitrine_preferences_window_ensure (GtkApplication *application)
{
  VitrinePreferencesWindow *self;
  GtkWindow *parent;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  self = g_object_get_data (G_OBJECT (application), WINDOW_KEY);
  if (self != NULL)
    return self;

  parent = gtk_application_get_active_window (application);
  self = vitrine_preferences_window_new (parent);
  g_object_set_data (G_OBJECT (application), WINDOW_KEY, self);
  g_object_weak_ref (G_OBJECT (self), vitrine_preferences_window_forget_cb, application);
  return self;
}

static void
vitrine_preferences_window_preferences_action (GSimpleAction *action,
                                               GVariant      *param,
                                               gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (vitrine_preferences_window_ensure (user_data)));
}

static void
vitrine_preferences_window_provider_key_action (GSimpleAction *action,
                                                GVariant      *param,
                                                gpointer       user_data)
{
  vitrine_preferences_window_show_key_row (vitrine_preferences_window_ensure (user_data),
                                           g_variant_get_string (param, NULL));
}

void
vitrine_preferences_window_add_app_actions (GtkApplication *application)
{
  static const GActionEntry entries[] = {
    { "preferences", vitrine_preferences_window_preferences_action },
    { "provider-key", vitrine_preferences_window_provider_key_action, "s" },
  };
  static const char *accels[] = { "<Control>comma", NULL };

  g_return_if_fail (GTK_IS_APPLICATION (application));

  g_action_map_add_action_entries (G_ACTION_MAP (application), entries, G_N_ELEMENTS (entries),
                                   application);
  gtk_application_set_accels_for_action (application, "app.preferences", accels);
}
