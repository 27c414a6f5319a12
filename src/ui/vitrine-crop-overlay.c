/* vitrine-crop-overlay.c
 *
 * Drawn over a photo cell's thumbnail (the whole photo, centred) when the
 * chosen provider's photos are cropped to the video's ratio before they
 * leave: what is cut off is dimmed, the kept part is framed. The agent moves
 * the kept part with a drag on the thumbnail, or with the arrow keys once
 * the thumbnail has the focus; the place is the photo's crop offset
 * (vitrine_photo_set_crop_offset), which goes into the job when it is made.
 * The geometry is the one photo preparation uses
 * (vitrine_photo_prep_get_geometry), on the thumbnail's size, which has the
 * photo's proportions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-crop-overlay.h"

/* One arrow key press moves the kept part by this share of the room there is. */
#define KEY_STEP 0.05
/* Pixels a press must move to become a crop drag: less than the grid's own
 * drag-and-drop threshold (8 px), more than a click's jitter. */
#define DRAG_THRESHOLD 3

struct _VitrineCropOverlay
{
  GtkWidget         parent_instance;

  VitrinePhoto     *photo;
  GSignalGroup     *photo_signals;
  VitrinePhotoCrop  crop;

  /* the offsets when the drag began */
  double            drag_x;
  double            drag_y;
  gboolean          dragging;
};

G_DEFINE_FINAL_TYPE (VitrineCropOverlay, vitrine_crop_overlay, GTK_TYPE_WIDGET)

gboolean
vitrine_crop_overlay_get_active (VitrineCropOverlay *self)
{
  g_return_val_if_fail (VITRINE_IS_CROP_OVERLAY (self), FALSE);

  return self->crop != VITRINE_PHOTO_CROP_NONE && self->photo != NULL &&
         vitrine_photo_get_texture (self->photo) != NULL;
}

static void
vitrine_crop_overlay_update (VitrineCropOverlay *self)
{
  gboolean active = vitrine_crop_overlay_get_active (self);

  gtk_widget_set_can_target (GTK_WIDGET (self), active);
  gtk_widget_set_focusable (GTK_WIDGET (self), active);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
vitrine_crop_overlay_get_kept_area (VitrineCropOverlay *self,
                                    graphene_rect_t    *kept,
                                    graphene_rect_t    *photo)
{
  VitrinePhotoPrepOptions options = {
    .crop = self->crop,
    .long_edge = VITRINE_PHOTO_PREP_DEFAULT_LONG_EDGE,
    .quality = VITRINE_PHOTO_PREP_DEFAULT_QUALITY,
  };
  VitrinePhotoRect rect;
  GdkTexture *texture;
  double width, height, scale, x, y;
  int texture_width, texture_height;

  g_return_val_if_fail (VITRINE_IS_CROP_OVERLAY (self), FALSE);

  if (!vitrine_crop_overlay_get_active (self))
    return FALSE;
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  texture = vitrine_photo_get_texture (self->photo);
  texture_width = gdk_texture_get_width (texture);
  texture_height = gdk_texture_get_height (texture);
  if (width < 1 || height < 1 || texture_width < 1 || texture_height < 1)
    return FALSE;

  vitrine_photo_get_crop_offset (self->photo, &x, &y);
  vitrine_photo_prep_get_geometry (texture_width, texture_height, &options, x, y, &rect,
                                   NULL, NULL);

  /* The thumbnail is drawn whole ("contain"), centred. */
  scale = MIN (width / texture_width, height / texture_height);
  x = (width - texture_width * scale) / 2;
  y = (height - texture_height * scale) / 2;
  if (photo != NULL)
    graphene_rect_init (photo, x, y, texture_width * scale, texture_height * scale);
  if (kept != NULL)
    graphene_rect_init (kept, x + rect.x * scale, y + rect.y * scale,
                        rect.width * scale, rect.height * scale);
  return TRUE;
}

/* Offsets @start moved by @dx, @dy pixels of the overlay. */
static void
vitrine_crop_overlay_shift_from (VitrineCropOverlay *self,
                                 double              start_x,
                                 double              start_y,
                                 double              dx,
                                 double              dy)
{
  graphene_rect_t kept, photo;
  double room_x, room_y, x = start_x, y = start_y;

  if (!vitrine_crop_overlay_get_kept_area (self, &kept, &photo))
    return;

  /* The offset is the share of the room on each side: 0 at one edge, 1 at
   * the other. A side without room keeps its offset. */
  room_x = photo.size.width - kept.size.width;
  room_y = photo.size.height - kept.size.height;
  if (room_x >= 1)
    x = CLAMP (start_x + dx / room_x, 0.0, 1.0);
  if (room_y >= 1)
    y = CLAMP (start_y + dy / room_y, 0.0, 1.0);
  vitrine_photo_set_crop_offset (self->photo, x, y);
}

void
vitrine_crop_overlay_shift (VitrineCropOverlay *self,
                            double              dx,
                            double              dy)
{
  double x, y;

  g_return_if_fail (VITRINE_IS_CROP_OVERLAY (self));

  if (self->photo == NULL)
    return;
  vitrine_photo_get_crop_offset (self->photo, &x, &y);
  vitrine_crop_overlay_shift_from (self, x, y, dx, dy);
}

static void
vitrine_crop_overlay_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  VitrineCropOverlay *self = VITRINE_CROP_OVERLAY (widget);
  const GdkRGBA shade = { 0, 0, 0, 0.6f };
  const GdkRGBA white = { 1, 1, 1, 0.95f };
  graphene_rect_t kept, photo;
  GskRoundedRect frame;
  float line = gtk_widget_has_focus (widget) ? 3.f : 2.f;
  float kept_right, kept_bottom, photo_right, photo_bottom;

  if (!vitrine_crop_overlay_get_kept_area (self, &kept, &photo))
    return;

  kept_right = kept.origin.x + kept.size.width;
  kept_bottom = kept.origin.y + kept.size.height;
  photo_right = photo.origin.x + photo.size.width;
  photo_bottom = photo.origin.y + photo.size.height;

  /* What is cut off: above, below, left and right of the kept part. */
  gtk_snapshot_append_color (snapshot, &shade,
                             &GRAPHENE_RECT_INIT (photo.origin.x, photo.origin.y, photo.size.width,
                                                  kept.origin.y - photo.origin.y));
  gtk_snapshot_append_color (snapshot, &shade,
                             &GRAPHENE_RECT_INIT (photo.origin.x, kept_bottom, photo.size.width,
                                                  photo_bottom - kept_bottom));
  gtk_snapshot_append_color (snapshot, &shade,
                             &GRAPHENE_RECT_INIT (photo.origin.x, kept.origin.y,
                                                  kept.origin.x - photo.origin.x, kept.size.height));
  gtk_snapshot_append_color (snapshot, &shade,
                             &GRAPHENE_RECT_INIT (kept_right, kept.origin.y,
                                                  photo_right - kept_right, kept.size.height));

  gsk_rounded_rect_init_from_rect (&frame, &kept, 0);
  gtk_snapshot_append_border (snapshot, &frame,
                              (float[4]) { line, line, line, line },
                              (GdkRGBA[4]) { white, white, white, white });
}

static void
vitrine_crop_overlay_drag_begin_cb (VitrineCropOverlay *self,
                                    double              x,
                                    double              y,
                                    GtkGestureDrag     *gesture)
{
  self->dragging = FALSE;
  if (!vitrine_crop_overlay_get_active (self))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  vitrine_photo_get_crop_offset (self->photo, &self->drag_x, &self->drag_y);
}

static void
vitrine_crop_overlay_drag_update_cb (VitrineCropOverlay *self,
                                     double              dx,
                                     double              dy,
                                     GtkGestureDrag     *gesture)
{
  if (!self->dragging)
    {
      /* A click still selects the photo; a drag that moves is the crop's,
       * not the grid's (reordering: Alt+arrows, or a drag of the name). */
      if (ABS (dx) < DRAG_THRESHOLD && ABS (dy) < DRAG_THRESHOLD)
        return;
      self->dragging = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_grab_focus (GTK_WIDGET (self));
    }
  vitrine_crop_overlay_shift_from (self, self->drag_x, self->drag_y, dx, dy);
}

static void
vitrine_crop_overlay_drag_end_cb (VitrineCropOverlay *self,
                                  double              dx,
                                  double              dy,
                                  GtkGestureDrag     *gesture)
{
  self->dragging = FALSE;
}

/* After a click the arrow keys move the crop (the grid has selected the
 * photo on the press). */
static void
vitrine_crop_overlay_released_cb (VitrineCropOverlay *self,
                                  int                 n_press,
                                  double              x,
                                  double              y,
                                  GtkGestureClick    *gesture)
{
  if (vitrine_crop_overlay_get_active (self))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static gboolean
vitrine_crop_overlay_key_pressed_cb (VitrineCropOverlay    *self,
                                     guint                  keyval,
                                     guint                  keycode,
                                     GdkModifierType        state,
                                     GtkEventControllerKey *controller)
{
  graphene_rect_t kept, photo;
  double dx = 0, dy = 0;

  /* Alt+arrows move the photo in the grid. */
  if ((state & (GDK_ALT_MASK | GDK_CONTROL_MASK)) != 0 ||
      !vitrine_crop_overlay_get_kept_area (self, &kept, &photo))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      dx = -1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      dx = 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      dy = -1;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      dy = 1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  vitrine_crop_overlay_shift (self, dx * KEY_STEP * (photo.size.width - kept.size.width),
                              dy * KEY_STEP * (photo.size.height - kept.size.height));
  return GDK_EVENT_STOP;
}

static void
vitrine_crop_overlay_state_flags_changed (GtkWidget     *widget,
                                          GtkStateFlags  previous)
{
  /* The frame is thicker while the kept part has the focus. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) & GTK_STATE_FLAG_FOCUSED)
    gtk_widget_queue_draw (widget);
  GTK_WIDGET_CLASS (vitrine_crop_overlay_parent_class)->state_flags_changed (widget, previous);
}

static void
vitrine_crop_overlay_dispose (GObject *object)
{
  VitrineCropOverlay *self = VITRINE_CROP_OVERLAY (object);

  g_signal_group_set_target (self->photo_signals, NULL);
  g_clear_object (&self->photo);

  G_OBJECT_CLASS (vitrine_crop_overlay_parent_class)->dispose (object);
}

static void
vitrine_crop_overlay_finalize (GObject *object)
{
  VitrineCropOverlay *self = VITRINE_CROP_OVERLAY (object);

  g_clear_object (&self->photo_signals);

  G_OBJECT_CLASS (vitrine_crop_overlay_parent_class)->finalize (object);
}

static void
vitrine_crop_overlay_class_init (VitrineCropOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_crop_overlay_dispose;
  object_class->finalize = vitrine_crop_overlay_finalize;

  widget_class->snapshot = vitrine_crop_overlay_snapshot;
  widget_class->state_flags_changed = vitrine_crop_overlay_state_flags_changed;

  gtk_widget_class_set_css_name (widget_class, "cropoverlay");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vitrine_crop_overlay_init (VitrineCropOverlay *self)
{
  GtkGesture *drag;
  GtkGesture *click;
  GtkEventController *keys;

  self->crop = VITRINE_PHOTO_CROP_NONE;

  self->photo_signals = g_signal_group_new (VITRINE_TYPE_PHOTO);
  g_signal_group_connect_swapped (self->photo_signals, "notify::texture",
                                  G_CALLBACK (vitrine_crop_overlay_update), self);
  g_signal_group_connect_swapped (self->photo_signals, "notify::crop-x",
                                  G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_group_connect_swapped (self->photo_signals, "notify::crop-y",
                                  G_CALLBACK (gtk_widget_queue_draw), self);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (vitrine_crop_overlay_drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (vitrine_crop_overlay_drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (vitrine_crop_overlay_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  click = gtk_gesture_click_new ();
  g_signal_connect_swapped (click, "released", G_CALLBACK (vitrine_crop_overlay_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (vitrine_crop_overlay_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The part of the photo in the video: drag it, or use the "
                                    "arrow keys, to move it"),
                                  -1);
  vitrine_crop_overlay_update (self);
}

VitrinePhoto *
vitrine_crop_overlay_get_photo (VitrineCropOverlay *self)
{
  g_return_val_if_fail (VITRINE_IS_CROP_OVERLAY (self), NULL);
  return self->photo;
}

void
vitrine_crop_overlay_set_photo (VitrineCropOverlay *self,
                                VitrinePhoto       *photo)
{
  g_return_if_fail (VITRINE_IS_CROP_OVERLAY (self));
  g_return_if_fail (!photo || VITRINE_IS_PHOTO (photo));

  if (!g_set_object (&self->photo, photo))
    return;
  g_signal_group_set_target (self->photo_signals, photo);
  vitrine_crop_overlay_update (self);
}

void
vitrine_crop_overlay_set_crop (VitrineCropOverlay *self,
                               VitrinePhotoCrop    crop)
{
  g_return_if_fail (VITRINE_IS_CROP_OVERLAY (self));

  if (self->crop == crop)
    return;
  self->crop = crop;
  vitrine_crop_overlay_update (self);
}
