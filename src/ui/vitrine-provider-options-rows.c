/* vitrine-provider-options-rows.c: one row per declared option
 *
 * Every registered provider's options get a row, made once from the
 * option's type (vitrine-provider-declaration.h) and hidden; choosing a
 * provider shows the rows of its options, titled and explained as it
 * declares them. Options of the same name share one row (a logo is a logo,
 * whoever takes it), so what the agent typed stays when they switch.
 *
 *   TEXT          an entry row
 *   LONG_TEXT     a text view with a hint under it, highlighted when too short
 *   COLOR_PAIR    an expander with a switch and two colour buttons
 *   FILE          an entry row (a path or a link) with a Choose button
 *   MUSIC         none, the provider's tracks, a link, a file (the window's
 *                 music file, chosen with win.choose-music), with Play
 *   MULTI_CHOICE  an expander with a check per entry of the provider's
 *                 catalogue, asked for when the provider is chosen
 *   PHOTO         the photo chosen in the grid (Use as Cover), the first
 *                 one by default
 *
 * Nothing is fetched for music before the agent presses Play.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-file-chooser.h"
#include "vitrine-provider-options-private.h"
#include "vitrine-listing.h"
#include "vitrine-provider.h"

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

struct _Part
{
  const VitrineProviderOption *option;   /* the first declaration of this name */
  GtkWidget                   *row;
  GtkWidget                   *editor;    /* the entry row, text view or expander */
  GtkWidget                   *frame;     /* LONG_TEXT */
  GtkLabel                    *message;   /* LONG_TEXT */
  const char                  *hint;
  GtkColorButton              *colors[2]; /* COLOR_PAIR */
  GPtrArray                   *checks;    /* MULTI_CHOICE: GtkCheckButton */
  char                        *photo;     /* PHOTO: the chosen photo's path, NULL: the first */
  gboolean                     error;
};

static void
part_free (Part *part)
{
  g_clear_pointer (&part->checks, g_ptr_array_unref);
  g_free (part->photo);
  g_free (part);
}

static void
keep_widget (VitrineProviderOptions *self,
             const char             *name,
             const char             *suffix,
             gpointer                widget)
{
  g_hash_table_insert (self->widgets, g_strconcat (name, suffix, NULL), widget);
}

static GtkWidget *
suffix_button (const char *icon,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  /* An icon alone: the tooltip is its name for a screen reader too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

/* Text and files */

static void
chooser_response_cb (GtkFileChooserNative *chooser,
                     int                   response,
                     GtkEditable          *row)
{
  g_autofree char *path = vitrine_file_chooser_get_path (chooser, response, NULL);

  if (path != NULL)
    gtk_editable_set_text (row, path);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
}

static void
choose_file_cb (GtkButton *button,
                Part      *part)
{
  VitrineProviderOptions *self =
    VITRINE_PROVIDER_OPTIONS (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                       VITRINE_TYPE_PROVIDER_OPTIONS));
  static const char * const media_types[] = { "image/*", "video/*" };
  gboolean video = (part->option->flags & VITRINE_OPTION_VIDEO) != 0;

  vitrine_file_chooser_clear (&self->chooser);
  /* Images, and videos too where the option takes them. */
  self->chooser = vitrine_file_chooser_new (GTK_WIDGET (button), _("Choose a File"),
                                            GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                            video ? _("Images and videos") : _("Images"),
                                            media_types, video ? 2 : 1);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb),
                           part->editor, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
build_entry (VitrineProviderOptions *self,
             Part                   *part)
{
  const VitrineProviderOption *option = part->option;

  part->row = part->editor = adw_entry_row_new ();
  if (option->type == VITRINE_OPTION_FILE)
    {
      GtkWidget *button = suffix_button ("document-open-symbolic", _("Choose a File"));

      g_signal_connect (button, "clicked", G_CALLBACK (choose_file_cb), part);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (part->row), button);
      keep_widget (self, option->name, "_button", button);
    }
}

/* Long text */

static void
long_text_changed_cb (GtkTextBuffer *buffer,
                      Part          *part)
{
  GtkWidget *options = gtk_widget_get_ancestor (part->row, VITRINE_TYPE_PROVIDER_OPTIONS);
  g_autofree char *text = NULL;

  if (!part->error || options == NULL)
    return;
  text = _vitrine_provider_options_dup_value (VITRINE_PROVIDER_OPTIONS (options), part->option);
  if (vitrine_provider_option_check (part->option, text, NULL))
    _vitrine_provider_options_set_error (VITRINE_PROVIDER_OPTIONS (options), part->option, NULL);
}

/* An AdwPreferencesRow, so that the group puts it among its rows. */
static void
build_long_text (VitrineProviderOptions *self,
                 Part                   *part)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  part->row = g_object_new (ADW_TYPE_PREFERENCES_ROW, "activatable", FALSE, "selectable", FALSE,
                            "focusable", FALSE, NULL);
  g_object_set (box, "margin-start", 12, "margin-end", 12, "margin-top", 8, "margin-bottom", 10,
                NULL);
  part->editor = g_object_new (GTK_TYPE_TEXT_VIEW, "wrap-mode", GTK_WRAP_WORD_CHAR,
                               "accepts-tab", FALSE, "top-margin", 8, "bottom-margin", 8,
                               "left-margin", 8, "right-margin", 8, NULL);
  part->frame = g_object_new (GTK_TYPE_SCROLLED_WINDOW, "hscrollbar-policy", GTK_POLICY_NEVER,
                              "min-content-height", 88, "max-content-height", 200,
                              "propagate-natural-height", TRUE, "child", part->editor, NULL);
  gtk_widget_add_css_class (part->frame, "card");
  gtk_widget_add_css_class (part->frame, "description-frame");
  part->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (part->message, TRUE);
  gtk_label_set_xalign (part->message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (part->message), "caption");
  gtk_label_set_use_underline (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), part->editor);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), part->frame);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (part->message));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (part->row), box);
  g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (part->editor)), "changed",
                    G_CALLBACK (long_text_changed_cb), part);
  keep_widget (self, part->option->name, "_view", part->editor);
  keep_widget (self, part->option->name, "_frame", part->frame);
  keep_widget (self, part->option->name, "_message", part->message);
  keep_widget (self, part->option->name, "_label", label);
}

/* Colours */

static GtkColorButton *
add_color_row (Part       *part,
               const char *title,
               const char *color)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_color_button_new ();
  GdkRGBA rgba = { 0, 0, 0, 1 };

  gdk_rgba_parse (&rgba, color);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (part->row), row);
  return GTK_COLOR_BUTTON (button);
}

static void
build_colors (VitrineProviderOptions *self,
              Part                   *part)
{
  g_auto(GStrv) colors = g_strsplit (part->option->default_value ? part->option->default_value
                                                                 : "#000000,#ffffff", ",", 2);

  part->row = part->editor = adw_expander_row_new ();
  adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (part->row), TRUE);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (part->row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (part->row),
                                 _("Background and text of the captions"));
  part->colors[0] = add_color_row (part, _("_Background"), colors[0]);
  part->colors[1] = add_color_row (part, _("_Text"), colors[1] ? colors[1] : "#ffffff");
}

static char *
color_to_hex (GtkColorButton *button)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  return vitrine_color_to_hex (rgba.red, rgba.green, rgba.blue);
}

/* Catalogue (multi-choice) */

static void
build_multi (VitrineProviderOptions *self,
             Part                   *part)
{
  part->row = part->editor = adw_expander_row_new ();
  part->checks = g_ptr_array_new ();
}

static void
fill_checks (Part               *part,
             const char * const *entries)
{
  AdwExpanderRow *expander = ADW_EXPANDER_ROW (part->row);

  for (guint i = 0; i < part->checks->len; i++)
    adw_expander_row_remove (expander, gtk_widget_get_ancestor (part->checks->pdata[i],
                                                                ADW_TYPE_ACTION_ROW));
  g_ptr_array_set_size (part->checks, 0);
  for (guint i = 0; entries != NULL && entries[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      const char *label = part->option->choice_label != NULL
                            ? part->option->choice_label (entries[i]) : entries[i];

      /* its name, and under it the id that vitrine-cli takes */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      if (g_strcmp0 (label, entries[i]) != 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entries[i]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_name (check, entries[i]);
      adw_expander_row_add_row (expander, row);
      g_ptr_array_add (part->checks, check);
    }
}

typedef struct {
  VitrineProviderOptions *self;
  Part                   *part;
} Fetch;

static void
choices_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) entries = fetch->part->option->fetch_finish (VITRINE_PROVIDER (object), result,
                                                             &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fill_checks (fetch->part, (const char * const *) entries);
      /* Translators: the catalogue of a provider could not be read */
      if (error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Not available: %s"), error->message);

          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (fetch->part->row), text);
        }
      else
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (fetch->part->row),
                                       _(fetch->part->option->help));
    }
  g_object_unref (fetch->self);
  g_free (fetch);
}

void
_vitrine_provider_options_fetch_choices (VitrineProviderOptions *self,
                                         VitrineProvider        *provider)
{
  const VitrineProviderDeclaration *declaration = vitrine_provider_get_declaration (provider);

  for (const VitrineProviderOption *o = declaration->options; o != NULL && o->name; o++)
    {
      Part *part = g_hash_table_lookup (self->parts, o->name);
      Fetch *fetch;

      if (o->type != VITRINE_OPTION_MULTI_CHOICE || o->fetch_async == NULL || part == NULL)
        continue;
      fetch = g_new0 (Fetch, 1);
      fetch->self = g_object_ref (self);
      fetch->part = part;
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (part->row), _("Loading the catalogue…"));
      o->fetch_async (provider, self->calls, choices_fetched_cb, fetch);
    }
}

/* Photo (the cover) */

static void
update_photo_row (VitrineProviderOptions *self,
                  Part                   *part)
{
  g_autofree char *name = NULL;

  if (part->photo != NULL)
    name = g_filename_display_basename (part->photo);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (part->row),
                               name != NULL ? name : _("The first photo"));
}

static void
use_selected_cb (GtkButton *button,
                 Part      *part)
{
  VitrineProviderOptions *self =
    VITRINE_PROVIDER_OPTIONS (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                       VITRINE_TYPE_PROVIDER_OPTIONS));
  g_autoptr(VitrinePhoto) photo = NULL;

  if (self->photo_grid != NULL)
    photo = g_list_model_get_item (vitrine_photo_grid_get_photos (self->photo_grid),
                                   vitrine_photo_grid_get_selected (self->photo_grid));
  if (photo == NULL)
    {
      _vitrine_provider_options_toast (self, _("Select a photo first"));
      return;
    }
  g_free (part->photo);
  part->photo = g_strdup (vitrine_photo_get_path (photo));
  update_photo_row (self, part);
}

/* The grid's "Use as Cover" on a photo: the shown photo option takes it. */
void
_vitrine_provider_options_cover_chosen (VitrineProviderOptions *self,
                                        const char             *path)
{
  GHashTableIter iter;
  Part *part;

  g_hash_table_iter_init (&iter, self->parts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &part))
    if (part->option->type == VITRINE_OPTION_PHOTO && gtk_widget_get_visible (part->row))
      {
        g_free (part->photo);
        part->photo = g_strdup (path);
        update_photo_row (self, part);
      }
}

static void
build_photo (VitrineProviderOptions *self,
             Part                   *part)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Use as C_over"));

  part->row = adw_action_row_new ();
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Use the photo selected in the grid as the cover"));
  g_signal_connect (button, "clicked", G_CALLBACK (use_selected_cb), part);
  adw_action_row_add_suffix (ADW_ACTION_ROW (part->row), button);
  keep_widget (self, part->option->name, "_button", button);
  update_photo_row (self, part);
}

/* The index among the job's photos of the chosen one (the grid's usable
 * photos, in order), "0" when it is gone. */
static char *
photo_index (VitrineProviderOptions *self,
             Part                   *part)
{
  g_auto(GStrv) paths = NULL;

  if (self->photo_grid == NULL || part->photo == NULL)
    return g_strdup ("0");
  paths = vitrine_photo_grid_dup_usable_paths (self->photo_grid);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    if (g_str_equal (paths[i], part->photo))
      return g_strdup_printf ("%u", i);
  return g_strdup ("0");
}

/* Music */

void
_vitrine_provider_options_stop_music (VitrineProviderOptions *self)
{
  if (self->music_player != NULL)
    vitrine_music_player_stop (self->music_player);
}

static const MusicChoice *
selected_music (VitrineProviderOptions *self)
{
  guint selected;

  if (self->music_row == NULL)
    return NULL;
  selected = adw_combo_row_get_selected (self->music_row);
  if (selected >= self->music_map->len)
    return NULL;
  return &g_array_index (self->music_map, MusicChoice, selected);
}

/* The music the job gets: a URL, a path, or NULL. */
static char *
dup_music (VitrineProviderOptions *self)
{
  const MusicChoice *choice = selected_music (self);
  g_autofree char *text = NULL;

  switch (choice != NULL ? choice->kind : MUSIC_NONE)
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

void
_vitrine_provider_options_update_music (VitrineProviderOptions *self)
{
  const MusicChoice *choice = selected_music (self);
  MusicKind kind = choice ? choice->kind : MUSIC_NONE;
  g_autofree char *music = dup_music (self);
  g_autofree char *file = g_settings_get_string (self->settings, "music");
  gboolean shown = self->music_row != NULL && gtk_widget_get_visible (GTK_WIDGET (self->music_row));

  if (self->music_row == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->music_url_row), shown && kind == MUSIC_LINK);
  gtk_widget_set_visible (GTK_WIDGET (self->music_file_row), shown && kind == MUSIC_FILE);
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
music_selected_cb (VitrineProviderOptions *self)
{
  _vitrine_provider_options_stop_music (self);
  _vitrine_provider_options_update_music (self);
}

/* Nothing is fetched before the agent presses Play. */
static void
play_cb (VitrineProviderOptions *self)
{
  const MusicChoice *choice = selected_music (self);
  g_autofree char *music = NULL;
  g_autoptr(GFile) file = NULL;

  if (vitrine_music_player_is_playing (self->music_player))
    {
      vitrine_music_player_stop (self->music_player);
      return;
    }
  if (choice == NULL || (music = dup_music (self)) == NULL)
    return;
  if (choice->kind == MUSIC_FILE)
    file = g_file_new_for_path (music);
  else if (vitrine_is_web_url (music))
    file = g_file_new_for_uri (music);
  else
    {
      _vitrine_provider_options_toast (self, _("The music link must start with https://"));
      return;
    }

  vitrine_music_player_play (self->music_player, file);
}

static void
add_music_choice (VitrineProviderOptions *self,
                  GPtrArray              *labels,
                  const char             *label,
                  MusicKind               kind,
                  const char             *url)
{
  MusicChoice choice = { kind, url };

  g_ptr_array_add (labels, (gpointer) label);
  g_array_append_val (self->music_map, choice);
}

/* The music choices @option allows: none, the provider's tracks, a link, a
 * file. What was chosen before stays when it can; else the first track
 * (the catalogue's default), or the file when one is chosen. */
static void
fill_music (VitrineProviderOptions      *self,
            const VitrineProviderOption *option)
{
  const MusicChoice *previous = selected_music (self);
  MusicChoice before = previous ? *previous : (MusicChoice) { MUSIC_NONE, NULL };
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *file = g_settings_get_string (self->settings, "music");
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->music_choices));
  const VitrineOptionChoice *tracks = NULL;
  guint n_tracks = 0, selected = 0;

  g_array_set_size (self->music_map, 0);
  add_music_choice (self, labels, _("None"), MUSIC_NONE, NULL);
  if (option->get_choices != NULL)
    tracks = option->get_choices (&n_tracks);
  for (guint i = 0; i < n_tracks; i++)
    add_music_choice (self, labels, tracks[i].label, MUSIC_TRACK, tracks[i].value);
  if (n_tracks > 0 && *file == '\0')
    selected = 1;
  if ((option->flags & VITRINE_OPTION_ALLOW_URL) != 0)
    add_music_choice (self, labels, _("Another Link"), MUSIC_LINK, NULL);
  if ((option->flags & VITRINE_OPTION_AUDIO_FILE) != 0)
    {
      add_music_choice (self, labels, _("A File on This Computer"), MUSIC_FILE, NULL);
      if (*file != '\0')
        selected = self->music_map->len - 1;
    }
  for (guint i = 0; previous != NULL && i < self->music_map->len; i++)
    {
      MusicChoice *choice = &g_array_index (self->music_map, MusicChoice, i);

      if (choice->kind == before.kind && g_strcmp0 (choice->url, before.url) == 0)
        selected = i;
    }
  g_ptr_array_add (labels, NULL);

  self->updating = TRUE;
  gtk_string_list_splice (self->music_choices, 0, n_old, (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->music_row, selected);
  self->updating = FALSE;
  music_selected_cb (self);
}

static void
build_music (VitrineProviderOptions *self,
             Part                   *part)
{
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("C_hoose…"));

  self->music_choices = gtk_string_list_new (NULL);
  part->row = part->editor = adw_combo_row_new ();
  self->music_row = ADW_COMBO_ROW (part->row);
  adw_combo_row_set_model (self->music_row, G_LIST_MODEL (self->music_choices));
  g_object_unref (self->music_choices);
  self->music_play_button = GTK_BUTTON (suffix_button ("media-playback-start-symbolic",
                                                       _("Listen")));
  gtk_widget_add_css_class (GTK_WIDGET (self->music_play_button), "circular");
  g_clear_object (&self->music_player);
  self->music_player = vitrine_music_player_new (self->music_play_button);
  g_signal_connect_object (self->music_player, "failed",
                           G_CALLBACK (_vitrine_provider_options_toast), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->music_row), GTK_WIDGET (self->music_play_button));
  g_signal_connect_swapped (self->music_play_button, "clicked", G_CALLBACK (play_cb), self);
  g_signal_connect_swapped (self->music_row, "notify::selected", G_CALLBACK (music_selected_cb),
                            self);

  self->music_url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->music_url_row),
                                 _("Music _Link (https://…)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->music_url_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->music_url_row), FALSE);
  g_signal_connect_swapped (self->music_url_row, "changed",
                            G_CALLBACK (_vitrine_provider_options_update_music), self);

  self->music_file_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->music_file_row), _("Music File"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "win.choose-music");
  gtk_widget_set_tooltip_text (choose, _("Choose an audio file from your computer"));
  adw_action_row_add_suffix (self->music_file_row, choose);
  adw_action_row_set_activatable_widget (self->music_file_row, choose);
  gtk_widget_set_visible (GTK_WIDGET (self->music_file_row), FALSE);

  keep_widget (self, part->option->name, "_choices", self->music_choices);
  keep_widget (self, part->option->name, "_url_row", self->music_url_row);
  keep_widget (self, part->option->name, "_file_row", self->music_file_row);
  keep_widget (self, part->option->name, "_play_button", self->music_play_button);
}

/* Every row */

static void
move_last (VitrineProviderOptions *self,
           GtkWidget              *widget)
{
  g_object_ref (widget);
  adw_preferences_group_remove (self->group, widget);
  adw_preferences_group_add (self->group, widget);
  g_object_unref (widget);
}

/* The chosen provider's rows in the order it declares them, the ratio
 * warning last. */
static void
order_rows (VitrineProviderOptions           *self,
            const VitrineProviderDeclaration *declaration)
{
  for (const VitrineProviderOption *o = declaration->options; o != NULL && o->name; o++)
    {
      Part *part = g_hash_table_lookup (self->parts, o->name);

      if (part == NULL)
        continue;
      move_last (self, part->row);
      if (o->type == VITRINE_OPTION_MUSIC)
        {
          move_last (self, GTK_WIDGET (self->music_url_row));
          move_last (self, GTK_WIDGET (self->music_file_row));
        }
    }
  move_last (self, GTK_WIDGET (self->ratio_warning));
}

static void
build_part (VitrineProviderOptions      *self,
            const VitrineProviderOption *option)
{
  Part *part = g_hash_table_lookup (self->parts, option->name);

  if (part != NULL)
    {
      if (part->option->type != option->type)
        g_critical ("Two options named “%s” of different types", option->name);
      return;
    }
  part = g_new0 (Part, 1);
  part->option = option;
  switch (option->type)
    {
    case VITRINE_OPTION_LONG_TEXT: build_long_text (self, part); break;
    case VITRINE_OPTION_COLOR_PAIR: build_colors (self, part); break;
    case VITRINE_OPTION_MUSIC: build_music (self, part); break;
    case VITRINE_OPTION_MULTI_CHOICE: build_multi (self, part); break;
    case VITRINE_OPTION_PHOTO: build_photo (self, part); break;
    case VITRINE_OPTION_TEXT:
    case VITRINE_OPTION_FILE:
    default: build_entry (self, part); break;
    }
  g_hash_table_insert (self->parts, (gpointer) option->name, part);
  keep_widget (self, option->name, "_row", part->row);
  gtk_widget_set_visible (part->row, FALSE);
  adw_preferences_group_add (self->group, part->row);
  if (option->type == VITRINE_OPTION_MUSIC)
    {
      adw_preferences_group_add (self->group, GTK_WIDGET (self->music_url_row));
      adw_preferences_group_add (self->group, GTK_WIDGET (self->music_file_row));
    }
}

void
_vitrine_provider_options_build_rows (VitrineProviderOptions *self)
{
  GListModel *list = vitrine_provider_list ();

  self->parts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) part_free);
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->music_map = g_array_new (FALSE, TRUE, sizeof (MusicChoice));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);
      const VitrineProviderDeclaration *declaration = vitrine_provider_get_declaration (provider);

      for (const VitrineProviderOption *o = declaration->options; o != NULL && o->name; o++)
        build_part (self, o);
    }
  move_last (self, GTK_WIDGET (self->ratio_warning));
}

static void
label_part (Part                        *part,
            const VitrineProviderOption *option)
{
  const char *label = option->label != NULL ? _(option->label) : option->name;

  part->hint = option->hint;
  if (option->type == VITRINE_OPTION_LONG_TEXT)
    {
      GtkWidget *box = gtk_widget_get_first_child (part->row);

      while (box != NULL && !GTK_IS_BOX (box))
        box = gtk_widget_get_first_child (box);
      if (box != NULL)
        gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), label);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (part->row), label);
      gtk_label_set_label (part->message, option->hint ? _(option->hint) : "");
      return;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (part->row), label);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (part->row), TRUE);
  gtk_widget_set_tooltip_text (part->row, option->help ? _(option->help) : NULL);
}

void
_vitrine_provider_options_show_rows (VitrineProviderOptions           *self,
                                     const VitrineProviderDeclaration *declaration,
                                     gboolean                          changed)
{
  GHashTableIter iter;
  Part *part;
  gboolean takes_cover = FALSE;

  g_hash_table_iter_init (&iter, self->parts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &part))
    gtk_widget_set_visible (part->row, FALSE);
  if (changed)
    order_rows (self, declaration);
  for (const VitrineProviderOption *o = declaration->options; o != NULL && o->name; o++)
    {
      part = g_hash_table_lookup (self->parts, o->name);
      if (part == NULL)
        continue;
      gtk_widget_set_visible (part->row, TRUE);
      takes_cover |= o->type == VITRINE_OPTION_PHOTO;
      if (!changed)
        continue;
      label_part (part, o);
      if (o->type == VITRINE_OPTION_MUSIC)
        fill_music (self, o);
    }
  if (self->photo_grid != NULL)
    vitrine_photo_grid_set_can_choose_cover (self->photo_grid, takes_cover);
  _vitrine_provider_options_update_music (self);
}

char *
_vitrine_provider_options_dup_value (VitrineProviderOptions      *self,
                                     const VitrineProviderOption *option)
{
  Part *part = g_hash_table_lookup (self->parts, option->name);
  g_autoptr(GString) joined = NULL;
  char *text = NULL;

  g_return_val_if_fail (part != NULL, NULL);

  switch (option->type)
    {
    case VITRINE_OPTION_LONG_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (part->editor));
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
        break;
      }
    case VITRINE_OPTION_COLOR_PAIR:
      if (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (part->row)))
        {
          g_autofree char *background = color_to_hex (part->colors[0]);
          g_autofree char *foreground = color_to_hex (part->colors[1]);

          text = g_strdup_printf ("%s,%s", background, foreground);
        }
      break;
    case VITRINE_OPTION_MUSIC:
      return dup_music (self);
    case VITRINE_OPTION_PHOTO:
      return photo_index (self, part);
    case VITRINE_OPTION_MULTI_CHOICE:
      joined = g_string_new (NULL);
      for (guint i = 0; i < part->checks->len; i++)
        if (gtk_check_button_get_active (part->checks->pdata[i]))
          g_string_append_printf (joined, "%s%s", joined->len > 0 ? "," : "",
                                  gtk_widget_get_name (part->checks->pdata[i]));
      text = g_strdup (joined->str);
      break;
    case VITRINE_OPTION_TEXT:
    case VITRINE_OPTION_FILE:
    default:
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (part->editor))));
      break;
    }
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

void
_vitrine_provider_options_set_error (VitrineProviderOptions      *self,
                                     const VitrineProviderOption *option,
                                     const char                  *message)
{
  Part *part = g_hash_table_lookup (self->parts, option->name);
  GtkWidget *frame;

  g_return_if_fail (part != NULL);

  part->error = message != NULL;
  frame = part->frame != NULL ? part->frame : part->row;
  if (message != NULL)
    {
      gtk_widget_add_css_class (frame, "error");
      gtk_widget_grab_focus (part->editor);
    }
  else
    gtk_widget_remove_css_class (frame, "error");
  if (part->message == NULL)
    return;
  gtk_label_set_label (part->message, message ? message : part->hint ? _(part->hint) : "");
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (part->message), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (part->message), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (part->message), "error");
      gtk_widget_add_css_class (GTK_WIDGET (part->message), "dim-label");
    }
}
