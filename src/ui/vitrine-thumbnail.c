/* vitrine-thumbnail.c
 *
 * GtkPicture asks for the size of its paintable, so a thumbnail that covers
 * 64x48 but comes back at 85x64 would widen the row it sits in. This one is
 * the size it is given (width-request and height-request, or CSS min-width
 * and min-height), whatever its paintable: the paintable is scaled to cover
 * that box (or, with "contain", to fit inside it: a logo), centred and
 * clipped to the corners of its CSS border-radius. The CSS background shows
 * while there is no paintable. (It asks for nothing itself: a GtkWidget
 * without children or layout manager measures 0, so the size request or
 * CSS alone decides.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-thumbnail.h"

struct _VitrineThumbnail
{
  GtkWidget     parent_instance;

  GdkPaintable *paintable;
  gboolean      contain;
};

G_DEFINE_FINAL_TYPE (VitrineThumbnail, vitrine_thumbnail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define CORNER_RADIUS 6.f

static void
vitrine_thumbnail_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  VitrineThumbnail *self = VITRINE_THUMBNAIL (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  double ratio, box_ratio, draw_width, draw_height;
  GskRoundedRect clip;

  if (self->paintable == NULL || width <= 0 || height <= 0)
    return;

  ratio = gdk_paintable_get_intrinsic_aspect_ratio (self->paintable);
  box_ratio = width / height;
  if (ratio <= 0)
    ratio = box_ratio;
  /* Cover: the side that is short for the box fills it, the other overflows;
   * contain: the long side fills it. */
  if ((ratio > box_ratio) != self->contain)
    {
      draw_height = height;
      draw_width = height * ratio;
    }
  else
    {
      draw_width = width;
      draw_height = width / ratio;
    }

  gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, 0, width, height), CORNER_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &clip);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - draw_width) / 2,
                                                          (height - draw_height) / 2));
  gdk_paintable_snapshot (self->paintable, snapshot, draw_width, draw_height);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
vitrine_thumbnail_dispose (GObject *object)
{
  VitrineThumbnail *self = VITRINE_THUMBNAIL (object);

  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (vitrine_thumbnail_parent_class)->dispose (object);
}

static void
vitrine_thumbnail_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VitrineThumbnail *self = VITRINE_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_CONTAIN:
      g_value_set_boolean (value, self->contain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_thumbnail_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VitrineThumbnail *self = VITRINE_THUMBNAIL (object);

  switch (prop_id)
    {
    case PROP_CONTAIN:
      if (self->contain != g_value_get_boolean (value))
        {
          self->contain = g_value_get_boolean (value);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_thumbnail_class_init (VitrineThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_thumbnail_dispose;
  object_class->get_property = vitrine_thumbnail_get_property;
  object_class->set_property = vitrine_thumbnail_set_property;

  widget_class->snapshot = vitrine_thumbnail_snapshot;

  properties[PROP_CONTAIN] =
    g_param_spec_boolean ("contain", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "thumbnail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vitrine_thumbnail_init (VitrineThumbnail *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GdkPaintable *
vitrine_thumbnail_get_paintable (VitrineThumbnail *self)
{
  g_return_val_if_fail (VITRINE_IS_THUMBNAIL (self), NULL);
  return self->paintable;
}

void
vitrine_thumbnail_set_paintable (VitrineThumbnail *self,
                                 GdkPaintable     *paintable)
{
  g_return_if_fail (VITRINE_IS_THUMBNAIL (self));
  g_return_if_fail (!paintable || GDK_IS_PAINTABLE (paintable));

  if (g_set_object (&self->paintable, paintable))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}
