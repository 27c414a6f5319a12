/* vitrine-provider-options-private.h: what the provider options' files share
 *
 * vitrine-provider-options.c: the chosen provider, the ratio toggles, the
 * job. vitrine-provider-options-rows.c: one row per declared option, made
 * from its declaration (vitrine-provider-declaration.h), and its value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-music-player.h"
#include "vitrine-provider-options.h"
#include "vitrine-provider.h"

G_BEGIN_DECLS

typedef struct _Part Part;

struct _VitrineProviderOptions
{
  GtkWidget             parent_instance;

  GSettings            *settings;
  char                 *provider_id;
  gboolean              handles_music;
  char                 *balance;
  VitrinePhotoGrid     *photo_grid;
  GtkWidget            *ratio_buttons[3];
  char                 *ratio_tooltips[3];
  GStrv                 offered_ratios;  /* the provider's catalogue of ratios, or NULL */
  GHashTable           *test_modes;      /* provider id → the agent's choice (GINT) */
  GHashTable           *parts;           /* option name → Part, one row per name */
  GHashTable           *widgets;         /* "<name>_row"… → GtkWidget, for tests */
  GCancellable         *calls;           /* the chosen provider's catalogue and balance */
  GtkFileChooserNative *chooser;
  gboolean              updating;

  /* The music row (the option type MUSIC) */
  GArray               *music_map;       /* MusicChoice, one per music_choices item */
  GtkStringList        *music_choices;
  AdwComboRow          *music_row;
  GtkButton            *music_play_button;
  AdwEntryRow          *music_url_row;
  AdwActionRow         *music_file_row;
  VitrineMusicPlayer   *music_player;

  /* template children */
  AdwPreferencesGroup  *group;
  AdwActionRow         *test_mode_row;
  GtkSwitch            *test_mode_switch;
  GtkLabel             *ratio_warning;
};

/* Adds the rows of every registered provider's options (hidden). */
void        _vitrine_provider_options_build_rows   (VitrineProviderOptions            *self);
/* Shows the rows of @declaration's options, each with its label and help. */
void        _vitrine_provider_options_show_rows    (VitrineProviderOptions            *self,
                                                    const VitrineProviderDeclaration  *declaration,
                                                    gboolean                           changed);
/* The value of @option's row, NULL when empty. */
char       *_vitrine_provider_options_dup_value    (VitrineProviderOptions            *self,
                                                    const VitrineProviderOption       *option);
/* Highlights @option's row (@message under it, or NULL to clear). */
void        _vitrine_provider_options_set_error    (VitrineProviderOptions            *self,
                                                    const VitrineProviderOption       *option,
                                                    const char                        *message);
/* Fills the catalogue rows (MULTI_CHOICE) of the chosen provider. */
void        _vitrine_provider_options_fetch_choices (VitrineProviderOptions           *self,
                                                     VitrineProvider                  *provider);
void        _vitrine_provider_options_stop_music   (VitrineProviderOptions            *self);
void        _vitrine_provider_options_cover_chosen (VitrineProviderOptions            *self,
                                                    const char                        *path);
void        _vitrine_provider_options_toast        (VitrineProviderOptions            *self,
                                                    const char                        *text);
void        _vitrine_provider_options_update_music (VitrineProviderOptions            *self);

G_END_DECLS
