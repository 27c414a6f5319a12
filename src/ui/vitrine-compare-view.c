/* vitrine-compare-view.c
 *
 * Up to four videos of one comparison in a grid, each with its provider's
 * name, how long it took (from Create until it ended) and what it cost;
 * under them one play button and one position slider for all: every video
 * plays, pauses and seeks together, so the same moment of each is seen.
 * Only the first video is heard (four soundtracks at once help nobody).
 * Leaving the view (unmapped) pauses them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-compare-view.h"
#include "vitrine-cost.h"
#include "vitrine-job-row.h"
#include "vitrine-provider.h"

struct _VitrineCompareView
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkGrid        *grid;
  GtkButton      *play_button;
  GtkScale       *scale;
  GPtrArray      *streams;   /* GtkMediaStream, one a video */
  GPtrArray      *captions;  /* char *, one a video */
  gboolean        playing;
  gboolean        updating;  /* the slider follows the first video */
};

G_DEFINE_FINAL_TYPE (VitrineCompareView, vitrine_compare_view, GTK_TYPE_WIDGET)

static void
vitrine_compare_view_update_button (VitrineCompareView *self)
{
  gtk_button_set_icon_name (self->play_button, self->playing ? "media-playback-pause-symbolic"
                                                             : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               self->playing ? _("Pause all") : _("Play all"));
}

void
vitrine_compare_view_set_playing (VitrineCompareView *self,
                                  gboolean            playing)
{
  g_return_if_fail (VITRINE_IS_COMPARE_VIEW (self));

  self->playing = playing && self->streams->len > 0;
  for (guint i = 0; i < self->streams->len; i++)
    gtk_media_stream_set_playing (self->streams->pdata[i], self->playing);
  vitrine_compare_view_update_button (self);
}

gboolean
vitrine_compare_view_get_playing (VitrineCompareView *self)
{
  g_return_val_if_fail (VITRINE_IS_COMPARE_VIEW (self), FALSE);
  return self->playing;
}

void
vitrine_compare_view_seek (VitrineCompareView *self,
                           double              seconds)
{
  g_return_if_fail (VITRINE_IS_COMPARE_VIEW (self));

  for (guint i = 0; i < self->streams->len; i++)
    {
      GtkMediaStream *stream = self->streams->pdata[i];

      if (gtk_media_stream_is_seekable (stream))
        gtk_media_stream_seek (stream, (gint64) (seconds * G_USEC_PER_SEC));
    }
}

static void
vitrine_compare_view_play_clicked_cb (VitrineCompareView *self)
{
  vitrine_compare_view_set_playing (self, !self->playing);
}

static void
vitrine_compare_view_scale_changed_cb (VitrineCompareView *self)
{
  if (!self->updating)
    vitrine_compare_view_seek (self, gtk_range_get_value (GTK_RANGE (self->scale)));
}

/* The slider follows the first video; its end is the longest video's. */
static void
vitrine_compare_view_stream_notify_cb (VitrineCompareView *self,
                                       GParamSpec         *pspec,
                                       GtkMediaStream     *stream)
{
  gint64 longest = 0;

  for (guint i = 0; i < self->streams->len; i++)
    longest = MAX (longest, gtk_media_stream_get_duration (self->streams->pdata[i]));
  self->updating = TRUE;
  gtk_range_set_range (GTK_RANGE (self->scale), 0, MAX (longest / (double) G_USEC_PER_SEC, 1.0));
  if (self->streams->len > 0 && stream == self->streams->pdata[0])
    gtk_range_set_value (GTK_RANGE (self->scale),
                         gtk_media_stream_get_timestamp (stream) / (double) G_USEC_PER_SEC);
  self->updating = FALSE;
  /* All of them stop at the end of the longest. */
  if (self->playing && gtk_media_stream_get_ended (stream) && stream == self->streams->pdata[0])
    {
      gboolean all_ended = TRUE;

      for (guint i = 0; i < self->streams->len; i++)
        all_ended &= gtk_media_stream_get_ended (self->streams->pdata[i]) ||
                     gtk_media_stream_get_error (self->streams->pdata[i]) != NULL;
      if (all_ended)
        vitrine_compare_view_set_playing (self, FALSE);
    }
}

static void
vitrine_compare_view_clear (VitrineCompareView *self)
{
  GtkWidget *child;

  for (guint i = 0; i < self->streams->len; i++)
    {
      GtkMediaStream *stream = self->streams->pdata[i];

      g_signal_handlers_disconnect_by_data (stream, self);
      gtk_media_stream_set_playing (stream, FALSE);
      gtk_media_file_clear (GTK_MEDIA_FILE (stream));
    }
  g_ptr_array_set_size (self->streams, 0);
  g_ptr_array_set_size (self->captions, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  self->playing = FALSE;
  vitrine_compare_view_update_button (self);
}

/* "This computer · 0:42 · Free" */
static char *
dup_caption (VitrineJob *job)
{
  VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  const char *name = vitrine_provider_name_for_job (job);
  g_autofree char *took = vitrine_job_row_format_length (MAX (vitrine_job_get_updated (job) -
                                                              vitrine_job_get_created (job), 0));
  g_autofree char *cost = NULL;

  if (provider != NULL && vitrine_cost_is_paid (provider, job))
    cost = vitrine_provider_estimate_cost (provider, job);
  /* Translators: under a video compared side by side: "<provider> · took 1:05 · <cost>" */
  return g_strdup_printf (_("%s · took %s · %s"), name, took, cost != NULL ? cost : _("Free"));
}

static void
vitrine_compare_view_add (VitrineCompareView *self,
                          VitrineJob         *job,
                          const char         *path)
{
  guint index = self->streams->len;
  GtkMediaStream *stream = gtk_media_file_new_for_filename (path);
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (stream));
  char *caption = dup_caption (job);
  GtkWidget *label = gtk_label_new (caption);

  gtk_media_stream_set_muted (stream, index > 0);
  gtk_widget_set_hexpand (picture, TRUE);
  gtk_widget_set_vexpand (picture, TRUE);
  gtk_widget_set_size_request (picture, 160, 90);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (label, caption);  /* whole, where a cell cuts it */
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (cell), picture);
  gtk_box_append (GTK_BOX (cell), label);
  gtk_grid_attach (self->grid, cell, index % 2, index / 2, 1, 1);
  g_signal_connect_object (stream, "notify::timestamp",
                           G_CALLBACK (vitrine_compare_view_stream_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (stream, "notify::duration",
                           G_CALLBACK (vitrine_compare_view_stream_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (stream, "notify::ended",
                           G_CALLBACK (vitrine_compare_view_stream_notify_cb), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->streams, stream);
  g_ptr_array_add (self->captions, caption);
}

void
vitrine_compare_view_set_jobs (VitrineCompareView *self,
                               GPtrArray          *jobs)
{
  g_return_if_fail (VITRINE_IS_COMPARE_VIEW (self));

  vitrine_compare_view_clear (self);
  for (guint i = 0; jobs != NULL && i < jobs->len && self->streams->len < VITRINE_COMPARE_VIEW_MAX; i++)
    {
      VitrineJob *job = jobs->pdata[i];
      const char *path = vitrine_job_get_preview_path (job);

      if (path != NULL && *path != '\0')
        vitrine_compare_view_add (self, job, path);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->play_button), self->streams->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), self->streams->len > 0);
}

guint
vitrine_compare_view_get_n_videos (VitrineCompareView *self)
{
  g_return_val_if_fail (VITRINE_IS_COMPARE_VIEW (self), 0);
  return self->streams->len;
}

GtkMediaStream *
vitrine_compare_view_get_stream (VitrineCompareView *self,
                                 guint               index)
{
  g_return_val_if_fail (VITRINE_IS_COMPARE_VIEW (self), NULL);
  return index < self->streams->len ? self->streams->pdata[index] : NULL;
}

const char *
vitrine_compare_view_get_caption (VitrineCompareView *self,
                                  guint               index)
{
  g_return_val_if_fail (VITRINE_IS_COMPARE_VIEW (self), NULL);
  return index < self->captions->len ? self->captions->pdata[index] : NULL;
}

static void
vitrine_compare_view_unmap (GtkWidget *widget)
{
  vitrine_compare_view_set_playing (VITRINE_COMPARE_VIEW (widget), FALSE);
  GTK_WIDGET_CLASS (vitrine_compare_view_parent_class)->unmap (widget);
}

static void
vitrine_compare_view_dispose (GObject *object)
{
  VitrineCompareView *self = VITRINE_COMPARE_VIEW (object);

  /* The streams stop (and let go of their files) before the widgets go. */
  if (self->streams != NULL)
    vitrine_compare_view_clear (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->captions, g_ptr_array_unref);

  G_OBJECT_CLASS (vitrine_compare_view_parent_class)->dispose (object);
}

static void
vitrine_compare_view_class_init (VitrineCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_compare_view_dispose;
  widget_class->unmap = vitrine_compare_view_unmap;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "compareview");
}

static void
vitrine_compare_view_init (VitrineCompareView *self)
{
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->streams = g_ptr_array_new_with_free_func (g_object_unref);
  self->captions = g_ptr_array_new_with_free_func (g_free);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  g_object_set (self->box, "margin-start", 12, "margin-end", 12, "margin-top", 12,
                "margin-bottom", 12, NULL);
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 12);
  gtk_grid_set_column_spacing (self->grid, 12);
  gtk_grid_set_row_homogeneous (self->grid, TRUE);
  gtk_grid_set_column_homogeneous (self->grid, TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->grid), TRUE);

  self->play_button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->play_button), "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Play or pause every video"), -1);
  g_signal_connect_swapped (self->play_button, "clicked",
                            G_CALLBACK (vitrine_compare_view_play_clicked_cb), self);
  self->scale = GTK_SCALE (gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.1));
  gtk_widget_set_hexpand (GTK_WIDGET (self->scale), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Position in every video"), -1);
  g_signal_connect_swapped (self->scale, "value-changed",
                            G_CALLBACK (vitrine_compare_view_scale_changed_cb), self);

  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->play_button));
  gtk_box_append (GTK_BOX (controls), GTK_WIDGET (self->scale));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->grid));
  gtk_box_append (GTK_BOX (self->box), controls);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  vitrine_compare_view_update_button (self);
}
