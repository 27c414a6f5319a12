/* vitrine-photo-grid.c
 *
 * A virtualised GtkGridView over a GListStore of VitrinePhoto: cells exist
 * only around what is visible (GTK 4.8 keeps about 30 rows of max-columns
 * cells), so 200 photos cost 200 small objects and a bounded set of widgets.
 * Thumbnails come from a VitrineThumbnailLoader (a bounded pool of decoding
 * threads). New photos reach the store in slices of a few cells, one slice
 * per main-loop turn below the redraw priority: a drop of 200 photos never
 * builds 100+ cells in one go (about 0.5 ms each), and frames keep coming.
 *
 * Nothing here blocks the main thread: a dropped file whose name does not
 * say what it is, and every dropped folder, is looked at with GIO's async
 * calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "vitrine-file-chooser.h"
#include "vitrine-image.h"
#include "vitrine-photo-cell.h"
#include "vitrine-photo-grid-private.h"
#include "vitrine-photo-prep.h"
#include "vitrine-thumbnail-loader.h"
#include "vitrine-web-photo.h"
#include "vitrine-widget-actions.h"

G_DEFINE_FINAL_TYPE (VitrinePhotoGrid, vitrine_photo_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_PHOTOS,
  PROP_N_USABLE,
  PROP_N_LOADING,
  PROP_CROP,
  N_PROPS
};

enum {
  MESSAGE,
  COVER_CHOSEN,
  REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char * const vitrine_photo_grid_image_mime_types[VITRINE_PHOTO_GRID_N_MIME_TYPES] = {
  "image/jpeg", "image/png", "image/webp", "image/tiff", "image/bmp", "image/heic", "image/heif",
};

void
vitrine_photo_grid_message (VitrinePhotoGrid *self,
                            const char       *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

/* Counts are recomputed rather than tracked: a pass over a few hundred
 * items costs nothing next to a decode. */
void
vitrine_photo_grid_update_counts (VitrinePhotoGrid *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  guint n_usable = 0, n_loading = 0, n_failed = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->photos), i);

      if (vitrine_photo_get_loading (photo))
        n_loading++;
      if (vitrine_photo_get_usable (photo))
        n_usable++;
      else
        n_failed++;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (n_usable != self->n_usable)
    {
      self->n_usable = n_usable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_USABLE]);
    }
  if (n_loading != self->n_loading)
    {
      self->n_loading = n_loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LOADING]);
    }
  self->n_failed = n_failed;
  g_object_thaw_notify (G_OBJECT (self));

  /* One message once a batch has settled, not one per bad file: each bad
   * cell already says what is wrong with it. */
  if (n_loading == 0 && (self->pending == NULL || self->pending->len == 0))
    {
      if (n_failed > self->n_failed_reported)
        {
          guint n_new = n_failed - self->n_failed_reported;
          g_autofree char *message =
            g_strdup_printf (ngettext ("%u photo can’t be used: it is marked in the grid and left out of the video",
                                       "%u photos can’t be used: they are marked in the grid and left out of the video",
                                       n_new),
                             n_new);

          vitrine_photo_grid_message (self, message);
        }
      self->n_failed_reported = n_failed;
    }
}

static void
vitrine_photo_grid_items_changed_cb (VitrinePhotoGrid *self,
                                     guint             position,
                                     guint             removed,
                                     guint             added,
                                     GListModel       *model)
{
  guint n = g_list_model_get_n_items (model);

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "grid" : "empty");
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PHOTOS]);
  vitrine_photo_grid_update_counts (self);
  if (self->n_failed < self->n_failed_reported)
    self->n_failed_reported = self->n_failed;
}

static char *
vitrine_photo_grid_describe_error (const GError *error)
{
  if (error->domain == VITRINE_IMAGE_ERROR)
    {
      switch ((VitrineImageError) error->code)
        {
        case VITRINE_IMAGE_ERROR_EMPTY:
          return g_strdup (_("The file is empty"));
        case VITRINE_IMAGE_ERROR_NOT_AN_IMAGE:
          return g_strdup (_("Not an image"));
        case VITRINE_IMAGE_ERROR_CORRUPT:
          return g_strdup (_("The image is damaged or incomplete"));
        case VITRINE_IMAGE_ERROR_TOO_LARGE:
          return g_strdup (_("Too large to open"));
        default:
          break;
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
           g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return g_strdup (_("The file is gone"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
           g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES))
    return g_strdup (_("Not allowed to read the file"));

  return g_strdup (error->message);
}

static gboolean
vitrine_photo_grid_flush_cb (gpointer user_data)
{
  VitrinePhotoGrid *self = user_data;
  g_autoptr(GPtrArray) ready = g_steal_pointer (&self->ready);

  self->flush_id = 0;
  self->ready = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < ready->len; i++)
    {
      VitrinePhoto *photo = g_ptr_array_index (ready, i);
      g_autoptr(GdkTexture) texture = g_object_steal_data (G_OBJECT (photo), "vitrine-thumbnail");

      if (texture != NULL)
        vitrine_photo_set_texture (photo, texture);
    }
  vitrine_photo_grid_update_counts (self);

  return G_SOURCE_REMOVE;
}

static void
vitrine_photo_grid_thumbnail_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(VitrinePhoto) photo = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  VitrinePhotoGrid *self;
  int width, height;

  texture = vitrine_thumbnail_loader_load_finish (VITRINE_THUMBNAIL_LOADER (object), result,
                                                  &width, &height, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture != NULL && width > 0 && height > 0)
    {
      g_autofree char *notice = vitrine_image_describe_small (width, height);

      vitrine_photo_set_notice (photo, notice);
    }

  /* NULL once the photo left the grid, or the grid is gone. */
  self = g_object_get_data (G_OBJECT (photo), "vitrine-photo-grid");

  if (texture != NULL && self != NULL)
    {
      g_object_set_data_full (G_OBJECT (photo), "vitrine-thumbnail",
                              g_steal_pointer (&texture), g_object_unref);
      g_ptr_array_add (self->ready, g_object_ref (photo));
      if (self->flush_id == 0)
        {
          self->flush_id = g_timeout_add (THUMBNAIL_FLUSH_MS, vitrine_photo_grid_flush_cb, self);
          g_source_set_name_by_id (self->flush_id, "[vitrine] show thumbnails");
        }
      return;
    }

  if (texture != NULL)
    vitrine_photo_set_texture (photo, texture);
  else
    {
      g_autofree char *reason = vitrine_photo_grid_describe_error (error);

      g_debug ("%s: %s", vitrine_photo_get_path (photo), error->message);
      vitrine_photo_set_error (photo, reason);
    }

  if (self != NULL)
    vitrine_photo_grid_update_counts (self);
}

void
vitrine_photo_grid_load_thumbnail (VitrinePhotoGrid *self,
                                   VitrinePhoto     *photo,
                                   GCancellable     *cancellable)
{
  vitrine_thumbnail_loader_load_async (self->loader, vitrine_photo_get_local_path (photo),
                                       THUMBNAIL_SIZE, cancellable,
                                       vitrine_photo_grid_thumbnail_cb, g_object_ref (photo));
}

static void
vitrine_photo_grid_cancel_photo (VitrinePhoto *photo)
{
  GCancellable *cancellable = g_object_get_data (G_OBJECT (photo), "vitrine-cancellable");

  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  g_object_set_data (G_OBJECT (photo), "vitrine-photo-grid", NULL);
}

static gboolean
vitrine_photo_grid_insert_cb (gpointer user_data)
{
  VitrinePhotoGrid *self = user_data;
  guint n_slice = MIN (INSERT_SLICE, self->pending->len);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  g_autoptr(GPtrArray) slice = g_ptr_array_new_full (n_slice, g_object_unref);
  gboolean more;

  /* Out of pending before the store sees them: its handlers count the
   * photos still on their way. */
  for (guint i = 0; i < n_slice; i++)
    g_ptr_array_add (slice, g_object_ref (g_ptr_array_index (self->pending, i)));
  g_ptr_array_remove_range (self->pending, 0, n_slice);
  more = self->pending->len > 0;
  if (!more)
    self->insert_id = 0;

  g_list_store_splice (self->photos, n, 0, slice->pdata, slice->len);

  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Starts the thumbnails of @batch (VitrinePhoto) and queues them for the
 * store, in order. */
void
vitrine_photo_grid_append (VitrinePhotoGrid *self,
                           GPtrArray        *batch)
{
  if (batch->len == 0)
    return;

  for (guint i = 0; i < batch->len; i++)
    {
      VitrinePhoto *photo = g_ptr_array_index (batch, i);
      GCancellable *cancellable = g_cancellable_new ();

      g_hash_table_insert (self->paths, g_strdup (vitrine_photo_get_path (photo)), photo);
      g_object_set_data (G_OBJECT (photo), "vitrine-photo-grid", self);
      g_object_set_data_full (G_OBJECT (photo), "vitrine-cancellable", cancellable, g_object_unref);
      if (vitrine_photo_get_local_path (photo) == NULL)
        vitrine_photo_grid_fetch (self, photo, cancellable);
      else
        vitrine_photo_grid_load_thumbnail (self, photo, cancellable);
      g_ptr_array_add (self->pending, g_object_ref (photo));
    }

  /* The first slice now, so that a drop shows at once; the rest between
   * frames (GDK_PRIORITY_REDRAW is G_PRIORITY_HIGH_IDLE + 20). */
  if (self->insert_id == 0 && vitrine_photo_grid_insert_cb (self) == G_SOURCE_CONTINUE &&
      self->insert_id == 0)
    {
      self->insert_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, vitrine_photo_grid_insert_cb,
                                         self, NULL);
      g_source_set_name_by_id (self->insert_id, "[vitrine] insert photos");
    }
}

/* text/uri-list: one URI a line, # comments, CRLF; a plain drag of text
 * may also carry paths, or web addresses, one a line. Web addresses go to
 * @urls, the rest to the returned files. */
static GSList *
files_from_uri_list (const char *text,
                     GPtrArray  *urls)
{
  g_auto(GStrv) lines = NULL;
  GSList *files = NULL;

  if (text == NULL)
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_autofree char *scheme = NULL;

      if (*line == '\0' || *line == '#')
        continue;
      scheme = g_uri_parse_scheme (line);
      if (vitrine_web_photo_is_web_address (line))
        g_ptr_array_add (urls, g_strdup (line));
      else if (scheme != NULL)
        files = g_slist_prepend (files, g_file_new_for_uri (line));
      else if (g_path_is_absolute (line))
        files = g_slist_prepend (files, g_file_new_for_path (line));
    }

  return g_slist_reverse (files);
}

gboolean
vitrine_photo_grid_drop_value (VitrinePhotoGrid *self,
                               const GValue     *value)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GdkFileList *list = g_value_get_boxed (value);
      GSList *files = list != NULL ? gdk_file_list_get_files (list) : NULL;

      if (files == NULL)
        return FALSE;
      vitrine_photo_grid_add_files (self, files);
      g_slist_free (files);
      return TRUE;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      GSList one = { g_value_get_object (value), NULL };

      if (one.data == NULL)
        return FALSE;
      vitrine_photo_grid_add_files (self, &one);
      return TRUE;
    }
  else if (G_VALUE_HOLDS_STRING (value))
    {
      g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
      GSList *files = files_from_uri_list (g_value_get_string (value), urls);

      if (files == NULL && urls->len == 0)
        {
          vitrine_photo_grid_message (self, _("Only photos and folders can be dropped here"));
          return FALSE;
        }
      vitrine_photo_grid_add_files (self, files);
      g_slist_free_full (files, g_object_unref);
      g_ptr_array_add (urls, NULL);
      vitrine_photo_grid_add_urls (self, (const char * const *) urls->pdata);
      return TRUE;
    }

  return FALSE;
}

static gboolean
vitrine_photo_grid_drop_cb (VitrinePhotoGrid *self,
                            const GValue     *value,
                            double            x,
                            double            y,
                            GtkDropTarget    *target)
{
  return vitrine_photo_grid_drop_value (self, value);
}

GtkDropTarget *
vitrine_photo_grid_get_drop_target (VitrinePhotoGrid *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), NULL);
  return self->drop_target;
}

/* Moving and removing */

guint
vitrine_photo_grid_get_selected (VitrinePhotoGrid *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->selection);
}

void
vitrine_photo_grid_select (VitrinePhotoGrid *self,
                           guint             position)
{
  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->photos)))
    return;

  gtk_single_selection_set_selected (self->selection, position);
  /* Keeps the cell in view and tells the view where keyboard focus is. */
  gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", position);
}

void
vitrine_photo_grid_move (VitrinePhotoGrid *self,
                         guint             from,
                         guint             to)
{
  guint n, lo, hi;
  g_autoptr(GPtrArray) items = NULL;
  gpointer moved;

  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  g_return_if_fail (from < n);
  to = MIN (to, n - 1);
  if (from == to)
    return;

  /* One splice over the range in between: the view keeps the cells (and
   * the keyboard focus) of the items it sees again. */
  lo = MIN (from, to);
  hi = MAX (from, to);
  items = g_ptr_array_new_full (hi - lo + 1, g_object_unref);
  for (guint i = lo; i <= hi; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->photos), i));
  moved = g_ptr_array_steal_index (items, from - lo);
  g_ptr_array_insert (items, to - lo, moved);

  g_list_store_splice (self->photos, lo, items->len, items->pdata, items->len);
  vitrine_photo_grid_select (self, to);
}

void
vitrine_photo_grid_remove (VitrinePhotoGrid *self,
                           guint             position)
{
  g_autoptr(VitrinePhoto) photo = NULL;
  gboolean was_selected;
  guint n;

  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));

  photo = g_list_model_get_item (G_LIST_MODEL (self->photos), position);
  if (photo == NULL)
    return;

  was_selected = vitrine_photo_grid_get_selected (self) == position;
  vitrine_photo_grid_cancel_photo (photo);
  g_hash_table_remove (self->paths, vitrine_photo_get_path (photo));
  g_list_store_remove (self->photos, position);
  /* One whose thumbnail or download was still on its way has nothing to
   * come back to: its loading was just cancelled. */
  if (!vitrine_photo_get_loading (photo))
    {
      g_ptr_array_add (self->removed, g_object_ref (photo));
      g_array_append_val (self->removed_at, position);
      g_signal_emit (self, signals[REMOVED], 0, self->removed->len,
                     vitrine_photo_get_display_name (photo));
    }

  /* Delete, Delete, Delete… walks on through the grid. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  if (was_selected && n > 0)
    vitrine_photo_grid_select (self, MIN (position, n - 1));
  else if (n == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

void
vitrine_photo_grid_undo_remove (VitrinePhotoGrid *self)
{
  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));

  /* The last removed first: each goes back where it was. */
  for (guint i = self->removed->len; i-- > 0;)
    {
      VitrinePhoto *photo = g_ptr_array_index (self->removed, i);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
      guint position = MIN (g_array_index (self->removed_at, guint, i), n);

      /* Added again meanwhile. */
      if (g_hash_table_contains (self->paths, vitrine_photo_get_path (photo)))
        continue;
      g_hash_table_insert (self->paths, g_strdup (vitrine_photo_get_path (photo)), photo);
      g_object_set_data (G_OBJECT (photo), "vitrine-photo-grid", self);
      g_list_store_insert (self->photos, position, photo);
      vitrine_photo_grid_select (self, position);
    }
  vitrine_photo_grid_forget_removed (self);
}

void
vitrine_photo_grid_forget_removed (VitrinePhotoGrid *self)
{
  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));

  g_ptr_array_set_size (self->removed, 0);
  g_array_set_size (self->removed_at, 0);
}

static gboolean
vitrine_photo_grid_find (VitrinePhotoGrid *self,
                         const char       *path,
                         guint            *position)
{
  VitrinePhoto *photo = g_hash_table_lookup (self->paths, path);

  return photo != NULL && g_list_store_find (self->photos, photo, position);
}

static void
vitrine_photo_grid_move_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (widget);
  guint selected = vitrine_photo_grid_get_selected (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));

  if (selected == GTK_INVALID_LIST_POSITION || selected >= n)
    return;

  if (g_str_equal (action_name, "photos.move-back") && selected > 0)
    vitrine_photo_grid_move (self, selected, selected - 1);
  else if (g_str_equal (action_name, "photos.move-forward") && selected + 1 < n)
    vitrine_photo_grid_move (self, selected, selected + 1);
  else if (g_str_equal (action_name, "photos.move-first"))
    vitrine_photo_grid_move (self, selected, 0);
  else if (g_str_equal (action_name, "photos.move-last"))
    vitrine_photo_grid_move (self, selected, n - 1);
}

static void
vitrine_photo_grid_move_photo_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (widget);
  const char *moved, *target;
  guint from, to;

  g_variant_get (param, "(&s&s)", &moved, &target);
  if (vitrine_photo_grid_find (self, moved, &from) && vitrine_photo_grid_find (self, target, &to))
    vitrine_photo_grid_move (self, from, to);
}

static void
vitrine_photo_grid_remove_selected_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (widget);
  guint selected = vitrine_photo_grid_get_selected (self);

  if (selected != GTK_INVALID_LIST_POSITION)
    vitrine_photo_grid_remove (self, selected);
}

/* Selects the photo whose path is @param; its position in @position. */
static gboolean
vitrine_photo_grid_select_path (VitrinePhotoGrid *self,
                                GVariant         *param,
                                guint            *position)
{
  if (!vitrine_photo_grid_find (self, g_variant_get_string (param, NULL), position))
    return FALSE;
  gtk_single_selection_set_selected (self->selection, *position);
  return TRUE;
}

static void
vitrine_photo_grid_remove_photo_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (widget);
  guint position;

  if (vitrine_photo_grid_select_path (self, param, &position))
    vitrine_photo_grid_remove (self, position);
}

/* The photo the focus is in (its cell, its remove button, its caption)
 * is the selected one: Alt and the arrows move it, Delete removes it
 * (reached with Tab, a photo was not selected, and they did nothing). */
static void
vitrine_photo_grid_select_photo_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  guint position;

  vitrine_photo_grid_select_path (VITRINE_PHOTO_GRID (widget), param, &position);
}

/* The photo's "Use as Cover" (its context menu): for the provider options
 * that take one photo, enabled by vitrine_photo_grid_set_can_choose_cover(). */
static void
vitrine_photo_grid_use_as_cover_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (widget);
  guint position;

  if (vitrine_photo_grid_select_path (self, param, &position))
    g_signal_emit (self, signals[COVER_CHOSEN], 0, g_variant_get_string (param, NULL));
}

void
vitrine_photo_grid_set_can_choose_cover (VitrinePhotoGrid *self,
                                         gboolean          can_choose)
{
  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.use-as-cover", can_choose);
}

/* Adding from a file chooser */

static void
vitrine_photo_grid_chooser_response_cb (VitrinePhotoGrid     *self,
                                        int                   response,
                                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      guint n = g_list_model_get_n_items (files);
      GSList *list = NULL;

      for (guint i = n; i > 0; i--)
        list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
      vitrine_photo_grid_add_files (self, list);
      g_slist_free_full (list, g_object_unref);
    }

  vitrine_file_chooser_clear (&self->chooser);
}

void
vitrine_photo_grid_choose_files (VitrinePhotoGrid *self)
{
  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = vitrine_file_chooser_new (GTK_WIDGET (self), _("Add Photos"),
                                            GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"),
                                            _("Photos"), vitrine_photo_grid_image_mime_types,
                                            G_N_ELEMENTS (vitrine_photo_grid_image_mime_types));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);

  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (vitrine_photo_grid_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
vitrine_photo_grid_add_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  vitrine_photo_grid_choose_files (VITRINE_PHOTO_GRID (widget));
}

/* The view */

/* The grid's "crop" (a string) as the VitrinePhotoCrop of its cells. */
static gboolean
vitrine_photo_grid_crop_to_cell (GBinding     *binding,
                                 const GValue *from,
                                 GValue       *to,
                                 gpointer      user_data)
{
  VitrinePhotoCrop crop = VITRINE_PHOTO_CROP_NONE;

  vitrine_photo_crop_from_string (g_value_get_string (from), &crop);
  g_value_set_int (to, crop);
  return TRUE;
}

static void
vitrine_photo_grid_setup_cb (GtkSignalListItemFactory *factory,
                             GtkListItem              *item,
                             gpointer                  user_data)
{
  VitrinePhotoGrid *self = user_data;
  GtkWidget *cell = vitrine_photo_cell_new ();

  gtk_list_item_set_child (item, cell);
  g_object_bind_property (item, "item", cell, "photo", G_BINDING_SYNC_CREATE);
  g_object_bind_property (item, "position", cell, "position", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self, "crop", cell, "crop", G_BINDING_SYNC_CREATE,
                               vitrine_photo_grid_crop_to_cell, NULL, NULL, NULL);
}

static void
vitrine_photo_grid_activate_cb (VitrinePhotoGrid *self,
                                guint             position,
                                GtkGridView      *view)
{
  gtk_single_selection_set_selected (self->selection, position);
}

char **
vitrine_photo_grid_dup_usable_paths (VitrinePhotoGrid *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n;

  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->photos), i);

      if (vitrine_photo_get_usable (photo))
        g_strv_builder_add (builder, vitrine_photo_get_path (photo));
    }

  return g_strv_builder_end (builder);
}

GListModel *
vitrine_photo_grid_get_photos (VitrinePhotoGrid *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), NULL);
  return G_LIST_MODEL (self->photos);
}

guint
vitrine_photo_grid_get_n_usable (VitrinePhotoGrid *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), 0);
  return self->n_usable;
}

guint
vitrine_photo_grid_get_n_loading (VitrinePhotoGrid *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), 0);
  return self->n_loading;
}

gboolean
vitrine_photo_grid_get_busy (VitrinePhotoGrid *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), FALSE);
  return self->n_loading > 0 || self->n_enumerating > 0 ||
         (self->pending != NULL && self->pending->len > 0);
}

static gboolean
vitrine_photo_grid_grab_focus (GtkWidget *widget)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (widget);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->photos)) > 0)
    return gtk_widget_grab_focus (GTK_WIDGET (self->grid_view));
  return gtk_widget_grab_focus (gtk_stack_get_visible_child (self->stack));
}

/* The empty page's icon and spacing need this much height; below it (the
 * window at its smallest, or the videos pane dragged up) the page goes
 * compact, and below the second figure it drops its icon, so that its
 * title and Add Photos button stay whole instead of cut by the pane. */
#define EMPTY_FULL_HEIGHT 400
#define EMPTY_ICON_HEIGHT 280

static gboolean
vitrine_photo_grid_fit_empty_page (gpointer user_data)
{
  VitrinePhotoGrid *self = user_data;
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  self->fit_id = 0;
  if (height < EMPTY_FULL_HEIGHT)
    gtk_widget_add_css_class (GTK_WIDGET (self->empty_page), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->empty_page), "compact");
  adw_status_page_set_icon_name (self->empty_page,
                                 height < EMPTY_ICON_HEIGHT ? NULL : "image-x-generic-symbolic");
  return G_SOURCE_REMOVE;
}

static void
vitrine_photo_grid_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (widget);

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
vitrine_photo_grid_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (widget);
  gboolean compact = height < EMPTY_FULL_HEIGHT;
  gboolean iconless = height < EMPTY_ICON_HEIGHT;

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
  /* a style changed during an allocation would queue another: after it */
  if (self->fit_id == 0 &&
      (compact != gtk_widget_has_css_class (GTK_WIDGET (self->empty_page), "compact") ||
       iconless != (adw_status_page_get_icon_name (self->empty_page) == NULL)))
    self->fit_id = g_idle_add (vitrine_photo_grid_fit_empty_page, self);
}

static void
vitrine_photo_grid_dispose (GObject *object)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (object);
  guint n = self->photos ? g_list_model_get_n_items (G_LIST_MODEL (self->photos)) : 0;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->insert_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->fit_id, g_source_remove);
  g_clear_pointer (&self->ready, g_ptr_array_unref);
  for (guint i = 0; self->pending != NULL && i < self->pending->len; i++)
    vitrine_photo_grid_cancel_photo (g_ptr_array_index (self->pending, i));
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->photos), i);

      vitrine_photo_grid_cancel_photo (photo);
    }

  vitrine_file_chooser_clear (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_PHOTO_GRID);

  g_clear_object (&self->selection);
  g_clear_object (&self->photos);
  g_clear_object (&self->loader);
  g_clear_pointer (&self->paths, g_hash_table_unref);

  G_OBJECT_CLASS (vitrine_photo_grid_parent_class)->dispose (object);
}

static void
vitrine_photo_grid_finalize (GObject *object)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (object);

  g_clear_pointer (&self->crop, g_free);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->removed);
  g_array_unref (self->removed_at);

  G_OBJECT_CLASS (vitrine_photo_grid_parent_class)->finalize (object);
}

static void
vitrine_photo_grid_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (object);

  switch (prop_id)
    {
    case PROP_N_PHOTOS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->photos)));
      break;
    case PROP_N_USABLE:
      g_value_set_uint (value, self->n_usable);
      break;
    case PROP_N_LOADING:
      g_value_set_uint (value, self->n_loading);
      break;
    case PROP_CROP:
      g_value_set_string (value, self->crop);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_photo_grid_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VitrinePhotoGrid *self = VITRINE_PHOTO_GRID (object);

  switch (prop_id)
    {
    case PROP_CROP:
      vitrine_photo_grid_set_crop (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Alt and the arrows, Home or End move the selected photo; Delete removes it. */
static const struct {
  guint            keyval;
  GdkModifierType  modifiers;
  const char      *action;
} photo_grid_keys[] = {
  { GDK_KEY_Left,      GDK_ALT_MASK, "photos.move-back" },
  { GDK_KEY_KP_Left,   GDK_ALT_MASK, "photos.move-back" },
  { GDK_KEY_Right,     GDK_ALT_MASK, "photos.move-forward" },
  { GDK_KEY_KP_Right,  GDK_ALT_MASK, "photos.move-forward" },
  { GDK_KEY_Home,      GDK_ALT_MASK, "photos.move-first" },
  { GDK_KEY_End,       GDK_ALT_MASK, "photos.move-last" },
  { GDK_KEY_Delete,    0,            "photos.remove-selected" },
  { GDK_KEY_KP_Delete, 0,            "photos.remove-selected" },
};

static const VitrineWidgetAction photo_grid_actions[] = {
  { "photos.add",             NULL,   vitrine_photo_grid_add_action },
  { "photos.move-back",       NULL,   vitrine_photo_grid_move_action },
  { "photos.move-forward",    NULL,   vitrine_photo_grid_move_action },
  { "photos.move-first",      NULL,   vitrine_photo_grid_move_action },
  { "photos.move-last",       NULL,   vitrine_photo_grid_move_action },
  { "photos.move-photo",      "(ss)", vitrine_photo_grid_move_photo_action },
  { "photos.remove-selected", NULL,   vitrine_photo_grid_remove_selected_action },
  { "photos.remove-photo",    "s",    vitrine_photo_grid_remove_photo_action },
  { "photos.select-photo",    "s",    vitrine_photo_grid_select_photo_action },
  { "photos.use-as-cover",    "s",    vitrine_photo_grid_use_as_cover_action },
};

static void
vitrine_photo_grid_class_init (VitrinePhotoGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vitrine_photo_grid_dispose;
  object_class->finalize = vitrine_photo_grid_finalize;
  object_class->get_property = vitrine_photo_grid_get_property;
  object_class->set_property = vitrine_photo_grid_set_property;

  widget_class->grab_focus = vitrine_photo_grid_grab_focus;
  widget_class->measure = vitrine_photo_grid_measure;
  widget_class->size_allocate = vitrine_photo_grid_size_allocate;

  properties[PROP_N_PHOTOS] = g_param_spec_uint ("n-photos", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_USABLE] = g_param_spec_uint ("n-usable", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_LOADING] = g_param_spec_uint ("n-loading", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* "none", or the ratio ("16:9"…) the provider's photos are cropped to:
   * each cell then shows the part that is kept. */
  properties[PROP_CROP] =
    g_param_spec_string ("crop", NULL, NULL, "none",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VitrinePhotoGrid::message:
   * @message: what to tell the person (a file was refused, photos are bad)
   */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VitrinePhotoGrid::removed:
   * @n: how many photos vitrine_photo_grid_undo_remove() would put back
   * @name: the display name of the one just removed
   */
  signals[REMOVED] =
    g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /* A photo's path, chosen as the cover. */
  signals[COVER_CHOSEN] =
    g_signal_new ("cover-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               VITRINE_RESOURCE_PATH "ui/vitrine-photo-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoGrid, stack);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoGrid, grid_view);
  gtk_widget_class_bind_template_child (widget_class, VitrinePhotoGrid, empty_page);

  vitrine_widget_class_install_actions (widget_class, photo_grid_actions,
                                        G_N_ELEMENTS (photo_grid_actions));

  for (guint i = 0; i < G_N_ELEMENTS (photo_grid_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, photo_grid_keys[i].keyval,
                                         photo_grid_keys[i].modifiers, photo_grid_keys[i].action,
                                         NULL);

  gtk_widget_class_set_css_name (widget_class, "photogrid");
}

static void
vitrine_photo_grid_init (VitrinePhotoGrid *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, G_TYPE_STRING };

  gtk_widget_init_template (GTK_WIDGET (self));
  vitrine_photo_grid_set_can_choose_cover (self, FALSE);

  self->crop = g_strdup ("none");
  self->photos = g_list_store_new (VITRINE_TYPE_PHOTO);
  self->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->loader = vitrine_thumbnail_loader_new (0);
  self->cancellable = g_cancellable_new ();
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->ready = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed_at = g_array_new (FALSE, FALSE, sizeof (guint));

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->photos)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->photos, "items-changed",
                           G_CALLBACK (vitrine_photo_grid_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (vitrine_photo_grid_setup_cb), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->grid_view, "activate",
                           G_CALLBACK (vitrine_photo_grid_activate_cb), self, G_CONNECT_SWAPPED);

  /* Files from the file manager, on the empty page and on the grid. */
  self->drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (self->drop_target, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (self->drop_target, "drop",
                           G_CALLBACK (vitrine_photo_grid_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}

const char *
vitrine_photo_grid_get_crop (VitrinePhotoGrid *self)
{
  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), NULL);
  return self->crop;
}

void
vitrine_photo_grid_set_crop (VitrinePhotoGrid *self,
                             const char       *crop)
{
  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));

  if (crop == NULL || *crop == '\0')
    crop = "none";
  if (g_strcmp0 (self->crop, crop) == 0)
    return;
  g_free (self->crop);
  self->crop = g_strdup (crop);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CROP]);
}
