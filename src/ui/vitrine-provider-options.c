/* vitrine-provider-options.c
 *
 * Under the provider choice, what the chosen cloud provider takes besides
 * the photos, and nothing it does not take: a test mode switch where the
 * provider has one (on until the agent turns it off; the default is the
 * setting "<id>-test-mode"), and a row per option it declares
 * (vitrine-provider-declaration.h; the rows are made in
 * vitrine-provider-options-rows.c). Where the provider declares them, its
 * catalogue of choices and of ratios, and its credit balance (the property
 * "balance", shown by the window on the provider row), are asked for when
 * it is chosen.
 *
 * It also keeps the window's ratio toggles honest (a ratio the provider
 * cannot make is insensitive, with the reason as tooltip, and the chosen
 * one is never changed silently), and tells the photo grid when photos
 * will be cropped to the ratio, so that each cell shows what is kept.
 *
 * vitrine_provider_options_apply() puts all of it on the job the window
 * makes, each value checked by its option's rule first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "vitrine-file-chooser.h"
#include "vitrine-photo-prep.h"
#include "vitrine-provider-options-private.h"
#include "vitrine-config.h"
#include "vitrine-provider.h"
#include "vitrine-toast.h"

G_DEFINE_FINAL_TYPE (VitrineProviderOptions, vitrine_provider_options, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HANDLES_MUSIC,
  PROP_PHOTO_GRID,
  PROP_BALANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const VitrineRatio all_ratios[] = { VITRINE_RATIO_16_9, VITRINE_RATIO_9_16, VITRINE_RATIO_1_1 };

/* The provider when it is a cloud one. */
static VitrineProvider *
lookup_cloud (const char *id)
{
  VitrineProvider *provider = vitrine_provider_lookup (id);

  return provider != NULL && vitrine_provider_is_cloud (provider) ? provider : NULL;
}

static VitrineRatio
current_ratio (VitrineProviderOptions *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "ratio");
  VitrineRatio ratio = VITRINE_RATIO_16_9;

  vitrine_ratio_from_string (name, &ratio);
  return ratio;
}

char *
vitrine_provider_options_dup_ratio_refusal (const char   *provider_id,
                                            VitrineRatio  ratio)
{
  VitrineProvider *provider = vitrine_provider_lookup (provider_id);
  const char *name;

  if (provider == NULL || vitrine_provider_supports_ratio (provider, ratio))
    return NULL;
  name = vitrine_provider_get_display_name (provider);
  switch (ratio)
    {
    case VITRINE_RATIO_9_16:
      /* Translators: %s is a provider name */
      return g_strdup_printf (_("%s cannot make portrait videos"), name);
    case VITRINE_RATIO_1_1:
      /* Translators: %s is a provider name */
      return g_strdup_printf (_("%s cannot make square videos"), name);
    case VITRINE_RATIO_16_9:
    default:
      /* Translators: %s is a provider name */
      return g_strdup_printf (_("%s cannot make landscape videos"), name);
    }
}

/* The refusal of the provider's class, or of its catalogue today. */
static char *
dup_refusal (VitrineProviderOptions *self,
             VitrineRatio            ratio)
{
  char *why = vitrine_provider_options_dup_ratio_refusal (self->provider_id, ratio);
  VitrineProvider *provider;

  if (why != NULL || self->offered_ratios == NULL ||
      g_strv_contains ((const char * const *) self->offered_ratios, vitrine_ratio_to_string (ratio)))
    return why;
  provider = vitrine_provider_lookup (self->provider_id);
  /* Translators: "<Provider> does not offer 1:1 videos at the moment" */
  return g_strdup_printf (_("%s does not offer %s videos at the moment"),
                          vitrine_provider_get_display_name (provider),
                          vitrine_ratio_to_string (ratio));
}

void
_vitrine_provider_options_toast (VitrineProviderOptions *self,
                                 const char             *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), vitrine_toast_new (text, 6));
}

/* Ratio and crop */

static void
vitrine_provider_options_update_ratio (VitrineProviderOptions *self)
{
  VitrineRatio ratio = current_ratio (self);
  VitrineProvider *provider = lookup_cloud (self->provider_id);
  g_autofree char *refusal = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (all_ratios); i++)
    {
      g_autofree char *why = NULL;

      if (self->ratio_buttons[i] == NULL)
        continue;
      why = dup_refusal (self, all_ratios[i]);
      gtk_widget_set_sensitive (self->ratio_buttons[i], why == NULL);
      gtk_widget_set_tooltip_text (self->ratio_buttons[i], why ? why : self->ratio_tooltips[i]);
    }

  /* The agent's choice stays; the reason is said where the options are. */
  refusal = dup_refusal (self, ratio);
  if (refusal != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s: choose another shape."), refusal);

      gtk_label_set_label (self->ratio_warning, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->ratio_warning), refusal != NULL);

  /* Photos that Vitrine crops to the ratio before sending show the crop. */
  if (self->photo_grid != NULL)
    vitrine_photo_grid_set_crop (self->photo_grid,
                                 provider != NULL && refusal == NULL &&
                                 vitrine_provider_get_declaration (provider)->crop_photos
                                   ? vitrine_ratio_to_string (ratio) : "none");
}

/* Test mode */

static void
vitrine_provider_options_update_test_mode_subtitle (VitrineProviderOptions *self)
{
  adw_action_row_set_subtitle (self->test_mode_row,
                               gtk_switch_get_active (self->test_mode_switch)
                                 ? _("Free: a quick, lower-quality preview")
                                 : _("Off: a real video, paid — you confirm the price first"));
}

static void
vitrine_provider_options_test_mode_cb (VitrineProviderOptions *self)
{
  if (!self->updating && self->provider_id != NULL)
    g_hash_table_insert (self->test_modes, g_strdup (self->provider_id),
                         GINT_TO_POINTER (gtk_switch_get_active (self->test_mode_switch)));
  vitrine_provider_options_update_test_mode_subtitle (self);
}

/* The agent's choice in this window for @provider_id, else the default
 * from Preferences. */
static gboolean
vitrine_provider_options_get_test_mode (VitrineProviderOptions *self,
                                        const char             *provider_id)
{
  gpointer choice;

  if (g_hash_table_lookup_extended (self->test_modes, provider_id, NULL, &choice))
    return GPOINTER_TO_INT (choice);
  return vitrine_config_get_test_mode (provider_id);
}

static void
vitrine_provider_options_load_test_mode (VitrineProviderOptions *self)
{
  gboolean active = vitrine_provider_options_get_test_mode (self, self->provider_id);

  self->updating = TRUE;
  gtk_switch_set_active (self->test_mode_switch, active);
  self->updating = FALSE;
  vitrine_provider_options_update_test_mode_subtitle (self);
}

static void
vitrine_provider_options_settings_changed_cb (VitrineProviderOptions *self,
                                              const char             *key,
                                              GSettings              *settings)
{
  /* "<id>-test-mode" changed in Preferences: the new default wins. */
  if (g_str_has_suffix (key, "-test-mode"))
    {
      g_autofree char *id = g_strndup (key, strlen (key) - strlen ("-test-mode"));

      g_hash_table_remove (self->test_modes, id);
      if (g_strcmp0 (id, self->provider_id) == 0)
        vitrine_provider_options_load_test_mode (self);
    }
}

/* The provider's calls: ratios and balance */

static void
vitrine_provider_options_set_balance (VitrineProviderOptions *self,
                                      char                   *balance)
{
  g_free (self->balance);
  self->balance = balance;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BALANCE]);
}

static void
vitrine_provider_options_ratios_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(VitrineProviderOptions) self = user_data;
  VitrineProvider *provider = VITRINE_PROVIDER (object);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ratios = vitrine_provider_get_declaration (provider)->ratios_finish (provider,
                                                                                    result,
                                                                                    &error);

  /* Unknown (no key yet, offline): the provider's class decides alone. A
   * call for a provider no longer chosen changes nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_strcmp0 (vitrine_provider_get_id (provider), self->provider_id) != 0)
    return;
  g_strfreev (self->offered_ratios);
  self->offered_ratios = g_steal_pointer (&ratios);
  vitrine_provider_options_update_ratio (self);
}

static void
vitrine_provider_options_balance_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(VitrineProviderOptions) self = user_data;
  VitrineProvider *provider = VITRINE_PROVIDER (object);
  g_autoptr(GError) error = NULL;
  char *balance = vitrine_provider_get_declaration (provider)->balance_finish (provider, result,
                                                                             &error);

  /* Not said when it could not be read; nothing for a provider no longer chosen. */
  if (balance != NULL && g_strcmp0 (vitrine_provider_get_id (provider), self->provider_id) == 0)
    vitrine_provider_options_set_balance (self, balance);
  else
    g_free (balance);
}

/* Asks the chosen provider what it offers today. */
static void
vitrine_provider_options_call (VitrineProviderOptions *self,
                               VitrineProvider        *provider)
{
  const VitrineProviderDeclaration *declaration;

  g_cancellable_cancel (self->calls);
  g_clear_object (&self->calls);
  g_clear_pointer (&self->offered_ratios, g_strfreev);
  vitrine_provider_options_set_balance (self, NULL);
  if (provider == NULL)
    return;
  self->calls = g_cancellable_new ();
  declaration = vitrine_provider_get_declaration (provider);
  if (declaration->ratios_async != NULL)
    declaration->ratios_async (provider, self->calls, vitrine_provider_options_ratios_cb,
                               g_object_ref (self));
  if (declaration->balance_async != NULL)
    declaration->balance_async (provider, self->calls, vitrine_provider_options_balance_cb,
                                g_object_ref (self));
  _vitrine_provider_options_fetch_choices (self, provider);
}

/* The provider */

static void
vitrine_provider_options_update (VitrineProviderOptions *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "provider");
  VitrineProvider *provider = lookup_cloud (id);
  gboolean changed = g_strcmp0 (id, self->provider_id) != 0;
  gboolean cloud = provider != NULL;

  if (changed)
    {
      _vitrine_provider_options_stop_music (self);
      g_free (self->provider_id);
      self->provider_id = g_strdup (id);
      vitrine_provider_options_call (self, provider);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), cloud);
  if (cloud)
    {
      gboolean test_mode = vitrine_provider_get_capabilities (provider)->supports_test_mode;

      adw_preferences_group_set_title (self->group, vitrine_provider_get_display_name (provider));
      gtk_widget_set_visible (GTK_WIDGET (self->test_mode_row), test_mode);
      if (test_mode && changed)
        vitrine_provider_options_load_test_mode (self);
      _vitrine_provider_options_show_rows (self, vitrine_provider_get_declaration (provider),
                                           changed);
    }
  else
    _vitrine_provider_options_stop_music (self);

  if (self->handles_music != cloud)
    {
      self->handles_music = cloud;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDLES_MUSIC]);
    }
  vitrine_provider_options_update_ratio (self);
}

/* The job */

/* The agent's crop of each photo, by its place among the job's photos. */
static void
vitrine_provider_options_apply_crop (VitrineProviderOptions *self,
                                     VitrineJob             *job)
{
  GListModel *photos;
  const char * const *paths = vitrine_job_get_photos (job);
  guint n, index = 0;

  if (self->photo_grid == NULL || paths == NULL)
    return;
  photos = vitrine_photo_grid_get_photos (self->photo_grid);
  n = g_list_model_get_n_items (photos);
  for (guint i = 0; i < n && paths[index] != NULL; i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (photos, i);
      double x, y;

      if (!vitrine_photo_get_usable (photo) ||
          g_strcmp0 (vitrine_photo_get_path (photo), paths[index]) != 0)
        continue;
      vitrine_photo_get_crop_offset (photo, &x, &y);
      if (x != 0.5 || y != 0.5)
        vitrine_photo_prep_set_crop_offset (job, index, x, y);
      index++;
    }
}

/* The job's own fields that a provider takes only when it declares them:
 * what the window put there for this computer's renderer is not sent. */
static void
clear_undeclared_fields (const VitrineProviderDeclaration *declaration,
                         VitrineJob                       *job)
{
  static const VitrineOptionTarget fields[] = {
    VITRINE_OPTION_TARGET_MUSIC, VITRINE_OPTION_TARGET_LOGO, VITRINE_OPTION_TARGET_OUTRO,
    VITRINE_OPTION_TARGET_DESCRIPTION,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const VitrineProviderOption *o = declaration->options;
      VitrineProviderOption cleared = { .target = fields[i] };

      while (o != NULL && o->name != NULL && o->target != fields[i])
        o++;
      if (o == NULL || o->name == NULL)
        vitrine_provider_option_apply (&cleared, job, NULL);
    }
}

/* Each declared option, checked by its rule (the row highlighted and
 * focused, and said, when it breaks it), then on the job. */
static gboolean
vitrine_provider_options_apply_declared (VitrineProviderOptions           *self,
                                         const VitrineProviderDeclaration *declaration,
                                         VitrineJob                       *job)
{
  for (const VitrineProviderOption *o = declaration->options; o != NULL && o->name; o++)
    {
      g_autofree char *value = _vitrine_provider_options_dup_value (self, o);
      g_autoptr(GError) error = NULL;

      if (!vitrine_provider_option_check (o, value, &error))
        {
          _vitrine_provider_options_set_error (self, o, error->message);
          _vitrine_provider_options_toast (self, error->message);
          return FALSE;
        }
      vitrine_provider_option_apply (o, job, value);
    }
  return TRUE;
}

gboolean
vitrine_provider_options_apply (VitrineProviderOptions *self,
                                VitrineJob             *job)
{
  VitrineProvider *provider;
  const VitrineProviderDeclaration *declaration;

  g_return_val_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);

  provider = lookup_cloud (vitrine_job_get_provider_id (job));
  if (provider == NULL)
    return TRUE; /* this computer: the window's own choices are all there is */
  declaration = vitrine_provider_get_declaration (provider);

  clear_undeclared_fields (declaration, job);
  if (!vitrine_provider_options_apply_declared (self, declaration, job))
    return FALSE;
  /* A job of another provider than the one shown (Compare) takes the
   * agent's choice for its provider. */
  vitrine_job_set_test_mode (job, vitrine_provider_get_capabilities (provider)->supports_test_mode &&
                                  (g_strcmp0 (vitrine_job_get_provider_id (job), self->provider_id) == 0
                                   ? gtk_switch_get_active (self->test_mode_switch)
                                   : vitrine_provider_options_get_test_mode (self, vitrine_job_get_provider_id (job))));
  if (declaration->crop_photos)
    vitrine_provider_options_apply_crop (self, job);
  return TRUE;
}

/* GObject */

static void
vitrine_provider_options_dispose (GObject *object)
{
  VitrineProviderOptions *self = VITRINE_PROVIDER_OPTIONS (object);

  _vitrine_provider_options_stop_music (self);
  g_clear_object (&self->music_player);
  g_cancellable_cancel (self->calls);
  g_clear_object (&self->calls);
  vitrine_file_chooser_clear (&self->chooser);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  for (guint i = 0; i < G_N_ELEMENTS (self->ratio_buttons); i++)
    g_clear_object (&self->ratio_buttons[i]);
  g_clear_object (&self->photo_grid);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_PROVIDER_OPTIONS);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vitrine_provider_options_parent_class)->dispose (object);
}

static void
vitrine_provider_options_finalize (GObject *object)
{
  VitrineProviderOptions *self = VITRINE_PROVIDER_OPTIONS (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->ratio_tooltips); i++)
    g_clear_pointer (&self->ratio_tooltips[i], g_free);
  g_clear_pointer (&self->provider_id, g_free);
  g_clear_pointer (&self->balance, g_free);
  g_clear_pointer (&self->offered_ratios, g_strfreev);
  g_clear_pointer (&self->music_map, g_array_unref);
  g_clear_pointer (&self->test_modes, g_hash_table_unref);
  g_clear_pointer (&self->parts, g_hash_table_unref);
  g_clear_pointer (&self->widgets, g_hash_table_unref);

  G_OBJECT_CLASS (vitrine_provider_options_parent_class)->finalize (object);
}

static void
vitrine_provider_options_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  VitrineProviderOptions *self = VITRINE_PROVIDER_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_HANDLES_MUSIC:
      g_value_set_boolean (value, self->handles_music);
      break;
    case PROP_PHOTO_GRID:
      g_value_set_object (value, self->photo_grid);
      break;
    case PROP_BALANCE:
      g_value_set_string (value, self->balance);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_provider_options_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  VitrineProviderOptions *self = VITRINE_PROVIDER_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_PHOTO_GRID:
      vitrine_provider_options_set_photo_grid (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_provider_options_class_init (VitrineProviderOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_provider_options_dispose;
  object_class->finalize = vitrine_provider_options_finalize;
  object_class->get_property = vitrine_provider_options_get_property;
  object_class->set_property = vitrine_provider_options_set_property;

  /* TRUE for cloud providers: the music is chosen here (a provider's tracks,
   * a link, a file, an identifier of its own), not in the window's music row. */
  properties[PROP_HANDLES_MUSIC] =
    g_param_spec_boolean ("handles-music", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHOTO_GRID] =
    g_param_spec_object ("photo-grid", NULL, NULL, VITRINE_TYPE_PHOTO_GRID,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The chosen provider's credit balance, for a person, or NULL. */
  properties[PROP_BALANCE] =
    g_param_spec_string ("balance", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-provider-options.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, group);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, test_mode_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, test_mode_switch);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, ratio_warning);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_provider_options_test_mode_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "provideroptions");
}

static void
vitrine_provider_options_init (VitrineProviderOptions *self)
{
  self->test_modes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  _vitrine_provider_options_build_rows (self);
  g_signal_connect_object (self->settings, "changed::provider",
                           G_CALLBACK (vitrine_provider_options_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::ratio",
                           G_CALLBACK (vitrine_provider_options_update_ratio), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::music",
                           G_CALLBACK (_vitrine_provider_options_update_music), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (vitrine_provider_options_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);

  vitrine_provider_options_update (self);
}

const char *
vitrine_provider_options_get_balance (VitrineProviderOptions *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self), NULL);
  return self->balance;
}

gpointer
vitrine_provider_options_get_part (VitrineProviderOptions *self,
                                   const char             *name)
{
  gpointer widget;

  g_return_val_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self), NULL);

  widget = g_hash_table_lookup (self->widgets, name);
  if (widget == NULL)
    widget = gtk_widget_get_template_child (GTK_WIDGET (self), VITRINE_TYPE_PROVIDER_OPTIONS, name);
  return widget;
}

void
vitrine_provider_options_set_photo_grid (VitrineProviderOptions *self,
                                         VitrinePhotoGrid       *grid)
{
  g_return_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self));
  g_return_if_fail (!grid || VITRINE_IS_PHOTO_GRID (grid));

  if (self->photo_grid != NULL && self->photo_grid != grid)
    {
      vitrine_photo_grid_set_crop (self->photo_grid, "none");
      vitrine_photo_grid_set_can_choose_cover (self->photo_grid, FALSE);
      g_signal_handlers_disconnect_by_data (self->photo_grid, self);
    }
  if (!g_set_object (&self->photo_grid, grid))
    return;
  if (grid != NULL)
    g_signal_connect_object (grid, "cover-chosen",
                             G_CALLBACK (_vitrine_provider_options_cover_chosen), self,
                             G_CONNECT_SWAPPED);
  vitrine_provider_options_update_ratio (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTO_GRID]);
}

void
vitrine_provider_options_set_ratio_buttons (VitrineProviderOptions *self,
                                            GtkWidget              *ratio_16_9,
                                            GtkWidget              *ratio_9_16,
                                            GtkWidget              *ratio_1_1)
{
  GtkWidget *buttons[] = { ratio_16_9, ratio_9_16, ratio_1_1 };

  g_return_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self));

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      g_set_object (&self->ratio_buttons[i], buttons[i]);
      g_free (self->ratio_tooltips[i]);
      self->ratio_tooltips[i] = buttons[i] ? g_strdup (gtk_widget_get_tooltip_text (buttons[i]))
                                           : NULL;
    }
  vitrine_provider_options_update_ratio (self);
}
