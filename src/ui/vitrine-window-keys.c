/* vitrine-window-keys.c: the preview's keys, and the whole-window preview
 *
 * Space plays or pauses the video while the preview has the focus (a click
 * on the video gives it), F11 (or the button beside Save As) gives the video
 * the whole window, and Escape brings the rest back. Space is the preview's
 * own shortcut, not the window's: GtkWindow binds Space to "activate the
 * focused widget" before any subclass binding, and an entry must still type
 * a space. Each key lets the event go on when it has nothing to do.
 * data/gtk/help-overlay.ui lists them (tests/test-desktop.c checks that
 * every key of the window is there, and nothing else).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-window-private.h"

static gboolean
vitrine_window_shows_video (VitrineWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->preview_stack), "video") == 0;
}

/* What the whole-window preview hides: the photos, the list of videos and
 * the settings. The panes give their room to what stays visible. */
static void
vitrine_window_set_full_preview (VitrineWindow *self,
                                 gboolean       full)
{
  GtkWidget *videos_paned = gtk_paned_get_end_child (self->left_paned);
  /* The panes' children themselves (the photos stand in the toasts'
   * overlay): a child hidden inside one left its room empty. */
  GtkWidget *hidden[] = {
    gtk_paned_get_start_child (self->left_paned),
    gtk_paned_get_start_child (GTK_PANED (videos_paned)),
    gtk_paned_get_end_child (self->main_paned),
  };

  if (self->full_preview == full)
    return;
  self->full_preview = full;
  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    gtk_widget_set_visible (hidden[i], !full);

  gtk_button_set_icon_name (self->full_preview_button,
                            full ? "view-restore-symbolic" : "view-fullscreen-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->full_preview_button),
                               full ? _("Show the photos and settings again (Esc)")
                                    : _("Show the video in the whole window (F11)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->full_preview_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  full ? _("Photos and Settings") : _("Whole-Window Video"), -1);
  /* Space plays and pauses from here on, Escape comes back. */
  gtk_widget_grab_focus (self->preview);
}

static void
vitrine_window_toggle_full_preview_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);

  vitrine_window_set_full_preview (self, !self->full_preview);
}

/* F11 (@args FALSE) goes in and out, with a video shown; Escape (@args
 * TRUE) only comes out. */
static gboolean
vitrine_window_full_preview_key (GtkWidget *widget,
                                 GVariant  *args,
                                 gpointer   user_data)
{
  VitrineWindow *self = VITRINE_WINDOW (widget);
  gboolean leave_only = g_variant_get_boolean (args);

  if (!self->full_preview && (leave_only || !vitrine_window_shows_video (self)))
    return FALSE;
  vitrine_window_set_full_preview (self, !self->full_preview);
  return TRUE;
}

static gboolean
vitrine_window_play_pause_key (GtkWidget *widget,
                               GVariant  *args,
                               gpointer   user_data)
{
  VitrineWindow *self = user_data;
  GtkMediaStream *stream = self->preview_stream;

  if (stream == NULL || !vitrine_window_shows_video (self) ||
      !gtk_media_stream_is_prepared (stream))
    return FALSE;
  gtk_media_stream_set_playing (stream, !gtk_media_stream_get_playing (stream));
  return TRUE;
}

void
_vitrine_window_class_keys_init (VitrineWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_child (widget_class, VitrineWindow, full_preview_button);
  gtk_widget_class_install_action (widget_class, "win.toggle-full-preview", NULL,
                                   vitrine_window_toggle_full_preview_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F11, 0,
                                vitrine_window_full_preview_key, "b", FALSE);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0,
                                vitrine_window_full_preview_key, "b", TRUE);
}

/* A click on the video gives the preview the focus, for Space (a box
 * with children does not take it by itself: the focus stayed where it
 * was, and Space opened the video switcher). The click goes on to the
 * video's own controls. */
static void
vitrine_window_preview_pressed_cb (GtkGestureClick *gesture,
                                   int              n_press,
                                   double           x,
                                   double           y,
                                   VitrineWindow   *self)
{
  gtk_widget_grab_focus (self->preview);
}

void
_vitrine_window_keys_init (VitrineWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  /* Named for tests/test-desktop.c, which lists the window's keys. */
  gtk_event_controller_set_name (controller, "vitrine-preview-keys");
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                          gtk_callback_action_new (vitrine_window_play_pause_key,
                                                                                   self, NULL)));
  gtk_widget_add_controller (self->preview, controller);
  gtk_widget_set_focusable (self->preview, TRUE);
  gtk_widget_set_focus_on_click (self->preview, TRUE);

  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (click), "vitrine-preview-click");
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (vitrine_window_preview_pressed_cb), self, 0);
  gtk_widget_add_controller (self->preview, GTK_EVENT_CONTROLLER (click));
}
