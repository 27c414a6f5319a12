/* vitrine-music-player.c: the Listen / Stop button of a music choice
 *
 * The window's music and a provider's music option both preview their
 * choice with it: a GtkMediaFile, made on Play and dropped on Stop, at the
 * end, or on an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-music-player.h"

struct _VitrineMusicPlayer
{
  GObject parent_instance;

  GtkButton      *button;
  GtkMediaStream *stream;
};

G_DEFINE_FINAL_TYPE (VitrineMusicPlayer, vitrine_music_player, G_TYPE_OBJECT)

enum {
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vitrine_music_player_show (VitrineMusicPlayer *self,
                           gboolean            playing)
{
  gtk_button_set_icon_name (self->button, playing ? "media-playback-stop-symbolic"
                                                  : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), playing ? _("Stop") : _("Listen"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Stop") : _("Listen"), -1);
}

static void
vitrine_music_player_drop_stream (VitrineMusicPlayer *self)
{
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      gtk_media_stream_pause (self->stream);
      g_clear_object (&self->stream);
    }
}

void
vitrine_music_player_stop (VitrineMusicPlayer *self)
{
  g_return_if_fail (VITRINE_IS_MUSIC_PLAYER (self));

  vitrine_music_player_drop_stream (self);
  vitrine_music_player_show (self, FALSE);
}

static void
vitrine_music_player_state_cb (VitrineMusicPlayer *self,
                               GParamSpec         *pspec,
                               GtkMediaStream     *stream)
{
  const GError *error = gtk_media_stream_get_error (stream);
  g_autofree char *message = NULL;

  if (error != NULL)
    message = g_strdup_printf (_("Cannot play the music: %s"), error->message);
  else if (!gtk_media_stream_get_ended (stream))
    return;
  vitrine_music_player_stop (self);
  if (message != NULL)
    g_signal_emit (self, signals[FAILED], 0, message);
}

void
vitrine_music_player_play (VitrineMusicPlayer *self,
                           GFile              *file)
{
  g_return_if_fail (VITRINE_IS_MUSIC_PLAYER (self));
  g_return_if_fail (G_IS_FILE (file));

  vitrine_music_player_stop (self);
  self->stream = gtk_media_file_new_for_file (file);
  g_signal_connect_object (self->stream, "notify::error",
                           G_CALLBACK (vitrine_music_player_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "notify::ended",
                           G_CALLBACK (vitrine_music_player_state_cb), self, G_CONNECT_SWAPPED);
  gtk_media_stream_play (self->stream);
  vitrine_music_player_show (self, TRUE);
}

gboolean
vitrine_music_player_is_playing (VitrineMusicPlayer *self)
{
  g_return_val_if_fail (VITRINE_IS_MUSIC_PLAYER (self), FALSE);
  return self->stream != NULL;
}

static void
vitrine_music_player_dispose (GObject *object)
{
  VitrineMusicPlayer *self = VITRINE_MUSIC_PLAYER (object);

  vitrine_music_player_drop_stream (self);
  g_clear_object (&self->button);

  G_OBJECT_CLASS (vitrine_music_player_parent_class)->dispose (object);
}

static void
vitrine_music_player_class_init (VitrineMusicPlayerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vitrine_music_player_dispose;

  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vitrine_music_player_init (VitrineMusicPlayer *self)
{
}

VitrineMusicPlayer *
vitrine_music_player_new (GtkButton *button)
{
  VitrineMusicPlayer *self;

  g_return_val_if_fail (GTK_IS_BUTTON (button), NULL);

  self = g_object_new (VITRINE_TYPE_MUSIC_PLAYER, NULL);
  self->button = g_object_ref (button);
  vitrine_music_player_show (self, FALSE);
  return self;
}
