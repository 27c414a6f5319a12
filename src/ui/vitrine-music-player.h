/* vitrine-music-player.h: the Listen / Stop button of a music choice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VITRINE_TYPE_MUSIC_PLAYER (vitrine_music_player_get_type ())
G_DECLARE_FINAL_TYPE (VitrineMusicPlayer, vitrine_music_player, VITRINE, MUSIC_PLAYER, GObject)

/* Drives @button's icon and tooltip (Listen, Stop). A file that cannot be
 * played stops the player and emits "failed" with a sentence to show. */
VitrineMusicPlayer *vitrine_music_player_new        (GtkButton          *button);
gboolean            vitrine_music_player_is_playing (VitrineMusicPlayer *self);
/* Plays @file (a local file or an https address) from its start. */
void                vitrine_music_player_play       (VitrineMusicPlayer *self,
                                                     GFile              *file);
void                vitrine_music_player_stop       (VitrineMusicPlayer *self);

G_END_DECLS
