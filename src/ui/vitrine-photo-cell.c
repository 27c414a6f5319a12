/* vitrine-photo-cell.c
 *
 * A thumbnail (or a still placeholder while it loads, or the reason it cannot be
 * used), the photo's place in the video, its name, its caption (an entry that
 * Tab reaches from the cell) and a remove button. Each
 * cell is a drag source and a drop target for reordering; what a drop means
 * is the grid's business (the "photos.move-photo" action). A right click or
 * a long press opens its menu: Use as Cover (the grid's
 * "photos.use-as-cover", enabled when the provider takes a cover) and Remove.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-crop-overlay.h"
#include "vitrine-photo-cell.h"

struct _VitrinePhotoCell
{
  GtkWidget     parent_instance;

  VitrinePhoto *photo;
  GSignalGroup *photo_signals;
  GBindingGroup *photo_bindings;
  guint         position;

  /* template children */
  GtkWidget    *box;
  GtkWidget    *frame;
  GtkPicture   *picture;
  GtkWidget    *placeholder;
  GtkProgressBar *download_bar;
  GtkWidget    *error_box;
  GtkLabel     *error_label;
  GtkWidget    *notice_badge;
  GtkLabel     *position_label;
  GtkLabel     *name_label;
  GtkEntry     *caption_entry;
  VitrineCropOverlay *crop_overlay;

  GtkWidget    *menu;     /* made on first use */
};

G_DEFINE_FINAL_TYPE (VitrinePhotoCell, vitrine_photo_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PHOTO,
  PROP_POSITION,
  PROP_CROP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* With a crop, the whole photo is shown and the kept part framed on it. */
static void
vitrine_photo_cell_update_crop (VitrinePhotoCell *self)
{
  gboolean active;

  vitrine_crop_overlay_set_photo (self->crop_overlay, self->photo);
  active = vitrine_crop_overlay_get_active (self->crop_overlay);
  gtk_widget_set_visible (GTK_WIDGET (self->crop_overlay), active);
  gtk_picture_set_content_fit (self->picture,
                               active ? GTK_CONTENT_FIT_CONTAIN : GTK_CONTENT_FIT_COVER);
}

/* A photo from the web on its way: how much of it came. */
static void
vitrine_photo_cell_update_download (VitrinePhotoCell *self)
{
  double progress = self->photo != NULL ? vitrine_photo_get_download_progress (self->photo) : -1.0;

  gtk_widget_set_visible (GTK_WIDGET (self->download_bar), progress >= 0);
  gtk_progress_bar_set_fraction (self->download_bar, MAX (progress, 0.0));
}

static void
vitrine_photo_cell_update (VitrinePhotoCell *self)
{
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible = NULL;
  GdkTexture *texture = NULL;
  const char *name = "";
  const char *error = NULL;
  const char *notice = NULL;

  if (self->photo != NULL)
    {
      name = vitrine_photo_get_display_name (self->photo);
      error = vitrine_photo_get_error (self->photo);
      texture = vitrine_photo_get_texture (self->photo);
      notice = vitrine_photo_get_notice (self->photo);
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->placeholder, texture == NULL && error == NULL);
  gtk_widget_set_visible (self->error_box, error != NULL);
  gtk_widget_set_visible (self->notice_badge, error == NULL && notice != NULL);
  gtk_label_set_label (self->error_label, error);
  gtk_label_set_label (self->name_label, name);
  vitrine_photo_cell_update_crop (self);
  vitrine_photo_cell_update_download (self);

  if (error != NULL)
    tooltip = g_strdup_printf ("%s\n%s", name, error);
  else if (notice != NULL)
    tooltip = g_strdup_printf ("%s\n%s", name, notice);
  else
    /* Translators: the tooltip of a photo in the grid, after its file name */
    tooltip = g_strdup_printf ("%s\n%s", name,
                               _("Drag or press Alt+← / Alt+→ to move it, Delete to remove it"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);

  if (self->position != GTK_INVALID_LIST_POSITION)
    {
      g_autofree char *number = g_strdup_printf ("%u", self->position + 1);

      gtk_label_set_label (self->position_label, number);
      gtk_widget_set_visible (GTK_WIDGET (self->position_label), error == NULL);
      g_autofree char *caption_name = NULL;

      /* Translators: accessible name of a cell: "Photo 3: kitchen.jpg" */
      accessible = g_strdup_printf (_("Photo %u: %s"), self->position + 1, name);
      /* Translators: accessible name of a cell's caption entry */
      caption_name = g_strdup_printf (_("Caption of photo %u"), self->position + 1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->caption_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, caption_name,
                                      -1);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->position_label), FALSE);
      accessible = g_strdup (name);
    }
  if (error != NULL || notice != NULL)
    {
      char *with_error = g_strdup_printf ("%s (%s)", accessible, error != NULL ? error : notice);

      g_free (accessible);
      accessible = with_error;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
vitrine_photo_cell_remove_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  VitrinePhotoCell *self = VITRINE_PHOTO_CELL (widget);

  if (self->photo != NULL)
    gtk_widget_activate_action (widget, "photos.remove-photo", "s",
                                vitrine_photo_get_path (self->photo));
}

static void
vitrine_photo_cell_menu_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  VitrinePhotoCell *self = VITRINE_PHOTO_CELL (widget);
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenuItem) cover = NULL;

  if (self->photo == NULL)
    return;
  menu = g_menu_new ();
  cover = g_menu_item_new (_("Use as C_over"), NULL);
  g_menu_item_set_action_and_target_value (cover, "photos.use-as-cover",
                                           g_variant_new_string (vitrine_photo_get_path (self->photo)));
  g_menu_append_item (menu, cover);
  g_menu_append (menu, _("_Remove"), "cell.remove");

  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (NULL);
      gtk_widget_set_parent (self->menu, widget);
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), G_MENU_MODEL (menu));
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
vitrine_photo_cell_focus_enter_cb (VitrinePhotoCell *self)
{
  if (self->photo != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "photos.select-photo", "s",
                                vitrine_photo_get_path (self->photo));
}

static void
vitrine_photo_cell_pressed_cb (VitrinePhotoCell *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "cell.menu", NULL);
}

static GdkContentProvider *
vitrine_photo_cell_drag_prepare_cb (VitrinePhotoCell *self,
                                    double            x,
                                    double            y,
                                    GtkDragSource    *source)
{
  if (self->photo == NULL)
    return NULL;
  return gdk_content_provider_new_typed (VITRINE_TYPE_PHOTO, self->photo);
}

static void
vitrine_photo_cell_drag_begin_cb (VitrinePhotoCell *self,
                                  GdkDrag          *drag,
                                  GtkDragSource    *source)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (self->frame);

  gtk_drag_source_set_icon (source, icon,
                            gtk_widget_get_width (self->frame) / 2,
                            gtk_widget_get_height (self->frame) / 2);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dragged");
}

static void
vitrine_photo_cell_drag_end_cb (VitrinePhotoCell *self,
                                GdkDrag          *drag,
                                gboolean          delete_data,
                                GtkDragSource    *source)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dragged");
}

static gboolean
vitrine_photo_cell_drop_cb (VitrinePhotoCell *self,
                            const GValue     *value,
                            double            x,
                            double            y,
                            GtkDropTarget    *target)
{
  VitrinePhoto *dropped;

  if (!G_VALUE_HOLDS (value, VITRINE_TYPE_PHOTO) || self->photo == NULL)
    return FALSE;

  dropped = g_value_get_object (value);
  if (dropped == NULL || dropped == self->photo)
    return FALSE;

  return gtk_widget_activate_action (GTK_WIDGET (self), "photos.move-photo", "(ss)",
                                     vitrine_photo_get_path (dropped),
                                     vitrine_photo_get_path (self->photo));
}

static void
vitrine_photo_cell_dispose (GObject *object)
{
  VitrinePhotoCell *self = VITRINE_PHOTO_CELL (object);

  g_signal_group_set_target (self->photo_signals, NULL);
  g_binding_group_set_source (self->photo_bindings, NULL);
  g_clear_object (&self->photo);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_PHOTO_CELL);

  G_OBJECT_CLASS (vitrine_photo_cell_parent_class)->dispose (object);
}

static void
vitrine_photo_cell_finalize (GObject *object)
{
  VitrinePhotoCell *self = VITRINE_PHOTO_CELL (object);

  g_clear_object (&self->photo_signals);
  g_clear_object (&self->photo_bindings);

  G_OBJECT_CLASS (vitrine_photo_cell_parent_class)->finalize (object);
}

static void
vitrine_photo_cell_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VitrinePhotoCell *self = VITRINE_PHOTO_CELL (object);

  switch (prop_id)
    {
    case PROP_PHOTO:
      g_value_set_object (value, self->photo);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_photo_cell_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VitrinePhotoCell *self = VITRINE_PHOTO_CELL (object);

  switch (prop_id)
    {
    case PROP_PHOTO:
      vitrine_photo_cell_set_photo (self, g_value_get_object (value));
      break;
    case PROP_POSITION:
      vitrine_photo_cell_set_position (self, g_value_get_uint (value));
      break;
    case PROP_CROP:
      vitrine_crop_overlay_set_crop (self->crop_overlay, g_value_get_int (value));
      vitrine_photo_cell_update_crop (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_photo_cell_class_init (VitrinePhotoCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_photo_cell_dispose;
  object_class->finalize = vitrine_photo_cell_finalize;
  object_class->get_property = vitrine_photo_cell_get_property;
  object_class->set_property = vitrine_photo_cell_set_property;

  properties[PROP_PHOTO] =
    g_param_spec_object ("photo", NULL, NULL, VITRINE_TYPE_PHOTO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The grid's "crop" as a VitrinePhotoCrop (the grid reads its string
   * once), handed to the cell's crop overlay, which keeps it. */
  properties[PROP_CROP] =
    g_param_spec_int ("crop", NULL, NULL, VITRINE_PHOTO_CROP_NONE, VITRINE_PHOTO_CROP_1_1,
                      VITRINE_PHOTO_CROP_NONE, G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VITRINE_TYPE_CROP_OVERLAY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-photo-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, box);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, frame);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, picture);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, placeholder);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, download_bar);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, error_box);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, notice_badge);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, error_label);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, position_label);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, name_label);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, caption_entry);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoCell, crop_overlay);

  gtk_widget_class_install_action (widget_class, "cell.remove", NULL,
                                   vitrine_photo_cell_remove_action);
  gtk_widget_class_install_action (widget_class, "cell.menu", NULL,
                                   vitrine_photo_cell_menu_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "photocell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vitrine_photo_cell_init (VitrinePhotoCell *self)
{
  GtkDragSource *source;
  GtkDropTarget *target;
  GtkGesture *click, *press;
  GtkEventController *focus;

  self->position = GTK_INVALID_LIST_POSITION;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->photo_signals = g_signal_group_new (VITRINE_TYPE_PHOTO);
  g_signal_group_connect_swapped (self->photo_signals, "notify::texture",
                                  G_CALLBACK (vitrine_photo_cell_update), self);
  g_signal_group_connect_swapped (self->photo_signals, "notify::error",
                                  G_CALLBACK (vitrine_photo_cell_update), self);
  g_signal_group_connect_swapped (self->photo_signals, "notify::download-progress",
                                  G_CALLBACK (vitrine_photo_cell_update_download), self);

  /* The caption is the photo's, both ways. */
  self->photo_bindings = g_binding_group_new ();
  g_binding_group_bind (self->photo_bindings, "caption", self->caption_entry, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  /* Reordering: drag a cell onto another one. */
  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_swapped (source, "prepare", G_CALLBACK (vitrine_photo_cell_drag_prepare_cb), self);
  g_signal_connect_swapped (source, "drag-begin", G_CALLBACK (vitrine_photo_cell_drag_begin_cb), self);
  g_signal_connect_swapped (source, "drag-end", G_CALLBACK (vitrine_photo_cell_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));

  target = gtk_drop_target_new (VITRINE_TYPE_PHOTO, GDK_ACTION_MOVE);
  g_signal_connect_swapped (target, "drop", G_CALLBACK (vitrine_photo_cell_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (vitrine_photo_cell_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  /* The focus in it (Tab) selects its photo, for the grid's keys. */
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (vitrine_photo_cell_focus_enter_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect_swapped (press, "pressed", G_CALLBACK (vitrine_photo_cell_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (press));

  vitrine_photo_cell_update (self);
}

GtkWidget *
vitrine_photo_cell_new (void)
{
  return g_object_new (VITRINE_TYPE_PHOTO_CELL, NULL);
}

VitrinePhoto *
vitrine_photo_cell_get_photo (VitrinePhotoCell *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_CELL (self), NULL);
  return self->photo;
}

void
vitrine_photo_cell_set_photo (VitrinePhotoCell *self,
                              VitrinePhoto     *photo)
{
  g_return_if_fail (VITRINE_IS_PHOTO_CELL (self));
  g_return_if_fail (!photo || VITRINE_IS_PHOTO (photo));

  if (!g_set_object (&self->photo, photo))
    return;

  g_signal_group_set_target (self->photo_signals, photo);
  g_binding_group_set_source (self->photo_bindings, photo);
  vitrine_photo_cell_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTO]);
}

guint
vitrine_photo_cell_get_position (VitrinePhotoCell *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_CELL (self), GTK_INVALID_LIST_POSITION);
  return self->position;
}

void
vitrine_photo_cell_set_position (VitrinePhotoCell *self,
                                 guint             position)
{
  g_return_if_fail (VITRINE_IS_PHOTO_CELL (self));

  if (self->position == position)
    return;

  self->position = position;
  vitrine_photo_cell_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}
