/* vitrine-provider-options.c
 *
 * Under the provider choice, what the chosen cloud provider takes besides
 * the photos, and nothing it does not take: the rows follow the provider's
 * class (vitrine-remote-provider.h: test mode, inputs) and, for what only one
 * provider has, its id. Vikit: a test mode switch (on until the agent turns
 * it off; the default is the setting "vikit-test-mode"), its catalogue of
 * music (heard only when the agent presses Play), a link or a file, a logo,
 * an ending and an e-mail to notify. IACrea: the listing's description
 * (required, checked here before anything is sent), colours, font, its own
 * music identifier and a logo.
 *
 * It also keeps the window's ratio toggles honest (a ratio the provider
 * cannot make is insensitive, with the reason as tooltip, and the chosen
 * one is never changed silently), and tells the photo grid when photos
 * will be cropped to the ratio, so that each cell shows what is kept.
 *
 * vitrine_provider_options_apply() puts all of it on the job the window
 * makes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "vitrine-photo-prep.h"
#include "vitrine-provider-iacrea.h"
#include "vitrine-provider-options.h"
#include "vitrine-provider-vikit.h"
#include "vitrine-remote-provider.h"
#include "vitrine-window.h"

typedef enum {
  MUSIC_NONE,
  MUSIC_TRACK,
  MUSIC_LINK,
  MUSIC_FILE,
} MusicKind;

typedef struct {
  MusicKind   kind;
  const char *url;   /* MUSIC_TRACK */
} MusicChoice;

struct _VitrineProviderOptions
{
  GtkWidget             parent_instance;

  GSettings            *settings;
  char                 *provider_id;
  gboolean              handles_music;
  VitrinePhotoGrid     *photo_grid;
  GtkWidget            *ratio_buttons[3];
  char                 *ratio_tooltips[3];
  GArray               *music_map;      /* MusicChoice, one per music_choices item */
  GHashTable           *test_modes;     /* provider id → the agent's choice (GINT) */
  GtkMediaStream       *player;
  GtkFileChooserNative *chooser;
  AdwEntryRow          *chooser_row;    /* the row the chooser fills */
  gboolean              updating;
  gboolean              description_error;

  /* template children */
  AdwPreferencesGroup  *group;
  AdwActionRow         *test_mode_row;
  GtkSwitch            *test_mode_switch;
  GtkWidget            *description_row;
  GtkWidget            *description_frame;
  GtkTextView          *description_view;
  GtkLabel             *description_message;
  AdwComboRow          *music_row;
  GtkStringList        *music_choices;
  GtkButton            *music_play_button;
  AdwEntryRow          *music_url_row;
  AdwActionRow         *music_file_row;
  AdwEntryRow          *iacrea_music_row;
  AdwExpanderRow       *colors_row;
  GtkColorButton       *background_button;
  GtkColorButton       *text_button;
  AdwEntryRow          *font_row;
  AdwEntryRow          *logo_row;
  GtkWidget            *logo_button;
  AdwEntryRow          *outro_row;
  GtkWidget            *outro_button;
  AdwEntryRow          *email_row;
  GtkLabel             *ratio_warning;
};

G_DEFINE_FINAL_TYPE (VitrineProviderOptions, vitrine_provider_options, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROVIDER_ID,
  PROP_HANDLES_MUSIC,
  PROP_PHOTO_GRID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const VitrineRatio all_ratios[] = { VITRINE_RATIO_16_9, VITRINE_RATIO_9_16, VITRINE_RATIO_1_1 };

/* The provider, and its cloud description when it is a cloud provider. */
static VitrineProvider *
lookup_provider (const char                       *id,
                 const VitrineRemoteProviderInfo **info)
{
  VitrineProvider *provider = vitrine_provider_lookup (id);

  *info = NULL;
  if (provider != NULL && VITRINE_IS_REMOTE_PROVIDER (provider))
    *info = VITRINE_REMOTE_PROVIDER_GET_CLASS (provider)->info;
  return provider;
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

static void
vitrine_provider_options_toast (VitrineProviderOptions *self,
                                const char             *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), VITRINE_TYPE_WINDOW);

  if (window != NULL)
    vitrine_window_add_toast (VITRINE_WINDOW (window), text);
}

/* Ratio and crop */

static void
vitrine_provider_options_update_ratio (VitrineProviderOptions *self)
{
  VitrineRatio ratio = current_ratio (self);
  const VitrineRemoteProviderInfo *info;
  g_autofree char *refusal = NULL;

  lookup_provider (self->provider_id, &info);

  for (guint i = 0; i < G_N_ELEMENTS (all_ratios); i++)
    {
      g_autofree char *why = NULL;

      if (self->ratio_buttons[i] == NULL)
        continue;
      why = vitrine_provider_options_dup_ratio_refusal (self->provider_id, all_ratios[i]);
      gtk_widget_set_sensitive (self->ratio_buttons[i], why == NULL);
      gtk_widget_set_tooltip_text (self->ratio_buttons[i], why ? why : self->ratio_tooltips[i]);
    }

  /* The agent's choice stays; the reason is said where the options are. */
  refusal = vitrine_provider_options_dup_ratio_refusal (self->provider_id, ratio);
  if (refusal != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s: choose another shape."), refusal);

      gtk_label_set_label (self->ratio_warning, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->ratio_warning), refusal != NULL);

  /* Photos that Vitrine crops to the ratio before sending show the crop. */
  if (self->photo_grid != NULL)
    vitrine_photo_grid_set_crop (self->photo_grid,
                                 info != NULL && info->crop_photos && refusal == NULL
                                   ? vitrine_ratio_to_string (ratio) : "none");
}

/* Music */

static void
vitrine_provider_options_stop_music (VitrineProviderOptions *self)
{
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      gtk_media_stream_pause (self->player);
      g_clear_object (&self->player);
    }
  gtk_button_set_icon_name (self->music_play_button, "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->music_play_button), _("Listen"));
}

static const MusicChoice *
selected_music (VitrineProviderOptions *self)
{
  guint selected = adw_combo_row_get_selected (self->music_row);

  if (self->music_map == NULL || selected >= self->music_map->len)
    return NULL;
  return &g_array_index (self->music_map, MusicChoice, selected);
}

/* The music the job gets: a URL, a path, or NULL. */
static char *
vitrine_provider_options_dup_music (VitrineProviderOptions *self)
{
  const MusicChoice *choice = selected_music (self);
  g_autofree char *text = NULL;

  if (choice == NULL)
    return NULL;
  switch (choice->kind)
    {
    case MUSIC_TRACK:
      return g_strdup (choice->url);
    case MUSIC_LINK:
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->music_url_row))));
      return *text != '\0' ? g_steal_pointer (&text) : NULL;
    case MUSIC_FILE:
      text = g_settings_get_string (self->settings, "music");
      return *text != '\0' ? g_steal_pointer (&text) : NULL;
    case MUSIC_NONE:
    default:
      return NULL;
    }
}

static void
vitrine_provider_options_update_music (VitrineProviderOptions *self)
{
  const MusicChoice *choice = selected_music (self);
  MusicKind kind = choice ? choice->kind : MUSIC_NONE;
  g_autofree char *music = vitrine_provider_options_dup_music (self);
  g_autofree char *file = g_settings_get_string (self->settings, "music");

  gtk_widget_set_visible (GTK_WIDGET (self->music_url_row), kind == MUSIC_LINK);
  gtk_widget_set_visible (GTK_WIDGET (self->music_file_row), kind == MUSIC_FILE);
  if (*file != '\0')
    {
      g_autofree char *name = g_filename_display_basename (file);
      g_autofree char *escaped = g_markup_escape_text (name, -1);

      adw_action_row_set_subtitle (self->music_file_row, escaped);
    }
  else
    adw_action_row_set_subtitle (self->music_file_row, _("None chosen yet"));
  gtk_widget_set_visible (GTK_WIDGET (self->music_play_button), music != NULL);
}

static void
vitrine_provider_options_music_selected_cb (VitrineProviderOptions *self)
{
  vitrine_provider_options_stop_music (self);
  vitrine_provider_options_update_music (self);
}

static void
vitrine_provider_options_player_cb (VitrineProviderOptions *self,
                                    GParamSpec             *pspec,
                                    GtkMediaStream         *stream)
{
  const GError *error = gtk_media_stream_get_error (stream);

  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot play the music: %s"), error->message);

      vitrine_provider_options_toast (self, message);
      vitrine_provider_options_stop_music (self);
    }
  else if (gtk_media_stream_get_ended (stream))
    vitrine_provider_options_stop_music (self);
}

/* Nothing is fetched before the agent presses Play. */
static void
vitrine_provider_options_play_cb (VitrineProviderOptions *self)
{
  const MusicChoice *choice = selected_music (self);
  g_autofree char *music = NULL;
  g_autoptr(GFile) file = NULL;

  if (self->player != NULL)
    {
      vitrine_provider_options_stop_music (self);
      return;
    }
  if (choice == NULL || (music = vitrine_provider_options_dup_music (self)) == NULL)
    return;

  if (choice->kind == MUSIC_FILE)
    file = g_file_new_for_path (music);
  else if (vitrine_remote_is_url (music))
    file = g_file_new_for_uri (music);
  else
    {
      vitrine_provider_options_toast (self, _("The music link must start with https://"));
      return;
    }

  self->player = gtk_media_file_new_for_file (file);
  g_signal_connect_object (self->player, "notify::error",
                           G_CALLBACK (vitrine_provider_options_player_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::ended",
                           G_CALLBACK (vitrine_provider_options_player_cb), self, G_CONNECT_SWAPPED);
  gtk_media_stream_play (self->player);
  gtk_button_set_icon_name (self->music_play_button, "media-playback-stop-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->music_play_button), _("Stop"));
}

/* The music choices of a provider that takes music: none, its catalogue
 * (Vikit's tracks), a link, a file. */
static void
vitrine_provider_options_fill_music (VitrineProviderOptions *self)
{
  const MusicChoice *previous = selected_music (self);
  MusicKind previous_kind = previous ? previous->kind : MUSIC_NONE;
  const char *previous_url = previous ? previous->url : NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *file = g_settings_get_string (self->settings, "music");
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->music_choices));
  guint selected = 0;
  MusicChoice choice = { MUSIC_NONE, NULL };

  g_array_set_size (self->music_map, 0);
  g_ptr_array_add (labels, (gpointer) _("None"));
  g_array_append_val (self->music_map, choice);

  if (g_strcmp0 (self->provider_id, "vikit") == 0)
    {
      guint n_tracks = 0;
      const VitrineVikitTrack *tracks = vitrine_provider_vikit_get_tracks (&n_tracks);

      for (guint i = 0; i < n_tracks; i++)
        {
          choice = (MusicChoice) { MUSIC_TRACK, tracks[i].url };
          g_ptr_array_add (labels, (gpointer) tracks[i].name);
          g_array_append_val (self->music_map, choice);
          /* The catalogue's first track is the dashboard's default. */
          if ((previous_kind == MUSIC_TRACK && g_strcmp0 (previous_url, tracks[i].url) == 0) ||
              (previous == NULL && *file == '\0' && i == 0))
            selected = self->music_map->len - 1;
        }
    }

  choice = (MusicChoice) { MUSIC_LINK, NULL };
  g_ptr_array_add (labels, (gpointer) _("Another Link"));
  g_array_append_val (self->music_map, choice);
  if (previous_kind == MUSIC_LINK)
    selected = self->music_map->len - 1;

  choice = (MusicChoice) { MUSIC_FILE, NULL };
  g_ptr_array_add (labels, (gpointer) _("A File on This Computer"));
  g_array_append_val (self->music_map, choice);
  if (previous_kind == MUSIC_FILE || (previous == NULL && *file != '\0'))
    selected = self->music_map->len - 1;

  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->music_choices, 0, n_old, (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->music_row, selected);
  vitrine_provider_options_update_music (self);
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

static void
vitrine_provider_options_load_test_mode (VitrineProviderOptions *self)
{
  gpointer choice;
  gboolean active;

  /* The agent's choice in this window, else the default from Preferences. */
  if (g_hash_table_lookup_extended (self->test_modes, self->provider_id, NULL, &choice))
    active = GPOINTER_TO_INT (choice);
  else
    active = vitrine_remote_default_test_mode (self->provider_id);
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

/* Description */

static char *
vitrine_provider_options_dup_description (VitrineProviderOptions *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (text);
}

static void
vitrine_provider_options_set_description_error (VitrineProviderOptions *self,
                                                gboolean                error)
{
  g_autofree char *text = NULL;

  self->description_error = error;
  if (error)
    {
      text = g_strdup_printf (ngettext ("Describe the listing in at least %d character: IACrea "
                                        "writes the video’s texts from it.",
                                        "Describe the listing in at least %d characters: IACrea "
                                        "writes the video’s texts from it.",
                                        VITRINE_IACREA_MIN_DESCRIPTION),
                              VITRINE_IACREA_MIN_DESCRIPTION);
      gtk_widget_add_css_class (self->description_frame, "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->description_message), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->description_message), "dim-label");
    }
  else
    {
      text = g_strdup_printf (ngettext ("Required, at least %d character. The video’s texts are "
                                        "written from it, in its language.",
                                        "Required, at least %d characters. The video’s texts are "
                                        "written from it, in its language.",
                                        VITRINE_IACREA_MIN_DESCRIPTION),
                              VITRINE_IACREA_MIN_DESCRIPTION);
      gtk_widget_remove_css_class (self->description_frame, "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->description_message), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->description_message), "dim-label");
    }
  gtk_label_set_label (self->description_message, text);
}

static void
vitrine_provider_options_description_changed_cb (VitrineProviderOptions *self)
{
  g_autofree char *text = NULL;

  if (!self->description_error)
    return;
  text = vitrine_provider_options_dup_description (self);
  if (g_utf8_strlen (text, -1) >= VITRINE_IACREA_MIN_DESCRIPTION)
    vitrine_provider_options_set_description_error (self, FALSE);
}

/* Logo and ending files */

static void
vitrine_provider_options_chooser_cb (VitrineProviderOptions *self,
                                     int                     response,
                                     GtkFileChooserNative   *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT && self->chooser_row != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->chooser_row), path);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
  self->chooser_row = NULL;
}

static void
vitrine_provider_options_choose_cb (VitrineProviderOptions *self,
                                    GtkButton              *button)
{
  gboolean outro = GTK_WIDGET (button) == self->outro_button;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser_row = outro ? self->outro_row : self->logo_row;
  self->chooser = gtk_file_chooser_native_new (outro ? _("Choose the Ending") : _("Choose the Logo"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_add_mime_type (filter, "image/*");
  if (outro)
    {
      gtk_file_filter_set_name (filter, _("Images and videos"));
      gtk_file_filter_add_mime_type (filter, "video/*");
    }
  else
    gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (vitrine_provider_options_chooser_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The provider */

static void
vitrine_provider_options_update (VitrineProviderOptions *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "provider");
  const VitrineRemoteProviderInfo *info;
  VitrineProvider *provider = lookup_provider (id, &info);
  const VitrineProviderCapabilities *caps = provider ? vitrine_provider_get_capabilities (provider)
                                                     : NULL;
  gboolean changed = g_strcmp0 (id, self->provider_id) != 0;
  gboolean cloud = info != NULL;
  gboolean is_vikit = g_strcmp0 (id, "vikit") == 0;
  gboolean is_iacrea = g_strcmp0 (id, "iacrea") == 0;

  if (changed)
    {
      vitrine_provider_options_stop_music (self);
      g_free (self->provider_id);
      self->provider_id = g_strdup (id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER_ID]);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), cloud);
  if (cloud)
    {
      adw_preferences_group_set_title (self->group, vitrine_provider_get_display_name (provider));
      gtk_widget_set_visible (GTK_WIDGET (self->test_mode_row), caps->supports_test_mode);
      if (caps->supports_test_mode && changed)
        vitrine_provider_options_load_test_mode (self);
      gtk_widget_set_visible (self->description_row,
                              (info->inputs & VITRINE_REMOTE_INPUT_DESCRIPTION) != 0);
      gtk_widget_set_visible (GTK_WIDGET (self->music_row),
                              (info->inputs & VITRINE_REMOTE_INPUT_MUSIC) != 0);
      if ((info->inputs & VITRINE_REMOTE_INPUT_MUSIC) != 0 && changed)
        vitrine_provider_options_fill_music (self);
      else if ((info->inputs & VITRINE_REMOTE_INPUT_MUSIC) == 0)
        {
          gtk_widget_set_visible (GTK_WIDGET (self->music_url_row), FALSE);
          gtk_widget_set_visible (GTK_WIDGET (self->music_file_row), FALSE);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->logo_row),
                              (info->inputs & VITRINE_REMOTE_INPUT_LOGO) != 0);
      gtk_widget_set_visible (GTK_WIDGET (self->outro_row),
                              (info->inputs & VITRINE_REMOTE_INPUT_OUTRO) != 0);
      gtk_widget_set_visible (GTK_WIDGET (self->email_row), is_vikit);
      gtk_widget_set_visible (GTK_WIDGET (self->iacrea_music_row), is_iacrea);
      gtk_widget_set_visible (GTK_WIDGET (self->colors_row), is_iacrea);
      gtk_widget_set_visible (GTK_WIDGET (self->font_row), is_iacrea);
    }
  else
    vitrine_provider_options_stop_music (self);

  if (self->handles_music != cloud)
    {
      self->handles_music = cloud;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDLES_MUSIC]);
    }
  vitrine_provider_options_update_ratio (self);
}

/* The job */

static char *
color_to_hex (GtkColorButton *button)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  return g_strdup_printf ("#%02x%02x%02x",
                          (guint) CLAMP (rgba.red * 255 + 0.5, 0, 255),
                          (guint) CLAMP (rgba.green * 255 + 0.5, 0, 255),
                          (guint) CLAMP (rgba.blue * 255 + 0.5, 0, 255));
}

static char *
entry_text (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

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

gboolean
vitrine_provider_options_apply (VitrineProviderOptions *self,
                                VitrineJob             *job)
{
  const VitrineRemoteProviderInfo *info;
  VitrineProvider *provider;
  const VitrineProviderCapabilities *caps;
  const char *id;

  g_return_val_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);

  id = vitrine_job_get_provider_id (job);
  provider = lookup_provider (id, &info);
  if (provider == NULL || info == NULL)
    return TRUE; /* this computer: the window's own choices are all there is */
  caps = vitrine_provider_get_capabilities (provider);

  /* Checked here, before any traffic, where the agent types it. */
  if ((info->inputs & VITRINE_REMOTE_INPUT_DESCRIPTION) != 0)
    {
      g_autofree char *description = vitrine_provider_options_dup_description (self);

      if (g_utf8_strlen (description, -1) < VITRINE_IACREA_MIN_DESCRIPTION)
        {
          vitrine_provider_options_set_description_error (self, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
          vitrine_provider_options_toast (self, gtk_label_get_label (self->description_message));
          return FALSE;
        }
      vitrine_job_set_description (job, description);
    }

  vitrine_job_set_test_mode (job, caps->supports_test_mode &&
                                  gtk_switch_get_active (self->test_mode_switch));

  if ((info->inputs & VITRINE_REMOTE_INPUT_MUSIC) != 0)
    {
      g_autofree char *music = vitrine_provider_options_dup_music (self);

      vitrine_job_set_music (job, music);
    }
  else
    vitrine_job_set_music (job, NULL);

  {
    g_autofree char *logo = (info->inputs & VITRINE_REMOTE_INPUT_LOGO) ? entry_text (self->logo_row)
                                                                        : NULL;
    g_autofree char *outro = (info->inputs & VITRINE_REMOTE_INPUT_OUTRO) ? entry_text (self->outro_row)
                                                                          : NULL;

    vitrine_job_set_logo (job, logo);
    vitrine_job_set_outro (job, outro);
  }

  if (g_strcmp0 (id, "vikit") == 0)
    {
      g_autofree char *email = entry_text (self->email_row);

      vitrine_job_set_option (job, VITRINE_JOB_OPTION_NOTIFY_EMAIL, email);
    }

  if (g_strcmp0 (id, "iacrea") == 0)
    {
      g_autofree char *font = entry_text (self->font_row);
      g_autofree char *music = entry_text (self->iacrea_music_row);

      if (adw_expander_row_get_enable_expansion (self->colors_row))
        {
          g_autofree char *background = color_to_hex (self->background_button);
          g_autofree char *text = color_to_hex (self->text_button);
          g_autofree char *colors = g_strdup_printf ("%s,%s", background, text);

          vitrine_job_set_option (job, VITRINE_JOB_OPTION_COLORS, colors);
        }
      vitrine_job_set_option (job, VITRINE_JOB_OPTION_FONT, font);
      vitrine_job_set_option (job, VITRINE_JOB_OPTION_IACREA_MUSIC, music);
    }

  if (info->crop_photos)
    vitrine_provider_options_apply_crop (self, job);

  return TRUE;
}

/* GObject */

static void
vitrine_provider_options_dispose (GObject *object)
{
  VitrineProviderOptions *self = VITRINE_PROVIDER_OPTIONS (object);

  vitrine_provider_options_stop_music (self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
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
  g_clear_pointer (&self->music_map, g_array_unref);
  g_clear_pointer (&self->test_modes, g_hash_table_unref);

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
    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;
    case PROP_HANDLES_MUSIC:
      g_value_set_boolean (value, self->handles_music);
      break;
    case PROP_PHOTO_GRID:
      g_value_set_object (value, self->photo_grid);
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

  properties[PROP_PROVIDER_ID] =
    g_param_spec_string ("provider-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HANDLES_MUSIC] =
    g_param_spec_boolean ("handles-music", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHOTO_GRID] =
    g_param_spec_object ("photo-grid", NULL, NULL, VITRINE_TYPE_PHOTO_GRID,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-provider-options.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, group);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, test_mode_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, test_mode_switch);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, description_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, description_frame);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, description_view);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, description_message);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, music_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, music_choices);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, music_play_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, music_url_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, music_file_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, iacrea_music_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, colors_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, background_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, text_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, font_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, logo_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, logo_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, outro_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, outro_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, email_row);
  gtk_widget_class_bind_template_child (widget_class, VitrineProviderOptions, ratio_warning);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_provider_options_test_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_provider_options_music_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_provider_options_play_cb);
  gtk_widget_class_bind_template_callback (widget_class, vitrine_provider_options_choose_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "provideroptions");
}

static void
vitrine_provider_options_init (VitrineProviderOptions *self)
{
  self->music_map = g_array_new (FALSE, TRUE, sizeof (MusicChoice));
  self->test_modes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::provider",
                           G_CALLBACK (vitrine_provider_options_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::ratio",
                           G_CALLBACK (vitrine_provider_options_update_ratio), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::music",
                           G_CALLBACK (vitrine_provider_options_update_music), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (vitrine_provider_options_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->music_url_row, "changed",
                           G_CALLBACK (vitrine_provider_options_update_music), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->description_view), "changed",
                           G_CALLBACK (vitrine_provider_options_description_changed_cb), self,
                           G_CONNECT_SWAPPED);

  vitrine_provider_options_set_description_error (self, FALSE);
  vitrine_provider_options_update (self);
}

GtkWidget *
vitrine_provider_options_new (void)
{
  return g_object_new (VITRINE_TYPE_PROVIDER_OPTIONS, NULL);
}

const char *
vitrine_provider_options_get_provider_id (VitrineProviderOptions *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self), NULL);
  return self->provider_id;
}

gboolean
vitrine_provider_options_get_handles_music (VitrineProviderOptions *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self), FALSE);
  return self->handles_music;
}

VitrinePhotoGrid *
vitrine_provider_options_get_photo_grid (VitrineProviderOptions *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self), NULL);
  return self->photo_grid;
}

void
vitrine_provider_options_set_photo_grid (VitrineProviderOptions *self,
                                         VitrinePhotoGrid       *grid)
{
  g_return_if_fail (VITRINE_IS_PROVIDER_OPTIONS (self));
  g_return_if_fail (!grid || VITRINE_IS_PHOTO_GRID (grid));

  if (self->photo_grid != NULL && self->photo_grid != grid)
    vitrine_photo_grid_set_crop (self->photo_grid, "none");
  if (!g_set_object (&self->photo_grid, grid))
    return;
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
