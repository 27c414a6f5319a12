/* vitrine-photo-grid-web.c: photos dragged from a web browser
 *
 * Each address becomes a cell at once; its photo is downloaded into the
 * cache (vitrine-web-photo.h) with the progress on the photo, which the
 * cell shows, then decoded into a thumbnail like any other. A refused one
 * keeps its reason on the photo, shown like a bad file's.
 *
 * Every download runs under the photo's own cancellable, which the grid
 * cancels when the photo leaves it and when the grid is disposed: the
 * callback then returns without touching the photo's grid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-photo-grid-private.h"
#include "vitrine-web-photo.h"

void
vitrine_photo_grid_take_url (VitrinePhotoGrid *self,
                             const char       *url,
                             GPtrArray        *batch)
{
  if (!g_hash_table_contains (self->paths, url))
    vitrine_photo_grid_take_photo (batch, vitrine_photo_new_for_url (url));
}

void
vitrine_photo_grid_add_urls (VitrinePhotoGrid   *self,
                             const char * const *urls)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));

  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    vitrine_photo_grid_take_url (self, urls[i], batch);
  vitrine_photo_grid_append (self, batch);
}

static void
vitrine_photo_grid_fetch_progress_cb (goffset  received,
                                      goffset  total,
                                      gpointer user_data)
{
  VitrinePhoto *photo = user_data;

  vitrine_photo_set_download_progress (photo, total > 0 ? (double) received / total : 0.0);
}

static void
vitrine_photo_grid_fetch_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(VitrinePhoto) photo = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  VitrinePhotoGrid *self;
  GCancellable *cancellable;

  path = vitrine_web_photo_fetch_finish (result, &error);
  /* The photo left the grid, or the grid is being disposed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* NULL once the photo left the grid. */
  self = g_object_get_data (G_OBJECT (photo), "vitrine-photo-grid");
  cancellable = g_object_get_data (G_OBJECT (photo), "vitrine-cancellable");
  vitrine_photo_set_download_progress (photo, -1.0);
  if (path == NULL)
    {
      g_debug ("%s: %s", vitrine_photo_get_display_name (photo), error->message);
      vitrine_photo_set_error (photo, error->message);
      if (self != NULL)
        vitrine_photo_grid_update_counts (self);
      return;
    }

  vitrine_photo_set_local_path (photo, path);
  if (self != NULL && cancellable != NULL && !g_cancellable_is_cancelled (cancellable))
    vitrine_photo_grid_load_thumbnail (self, photo, cancellable);
}

void
vitrine_photo_grid_fetch (VitrinePhotoGrid *self,
                          VitrinePhoto     *photo,
                          GCancellable     *cancellable)
{
  vitrine_photo_set_download_progress (photo, 0.0);
  vitrine_web_photo_fetch_async (vitrine_photo_get_url (photo),
                                 vitrine_photo_grid_fetch_progress_cb,
                                 g_object_ref (photo), g_object_unref, cancellable,
                                 vitrine_photo_grid_fetch_cb, g_object_ref (photo));
}

gboolean
vitrine_photo_grid_resolve_photos (VitrinePhotoGrid    *self,
                                   const char * const  *photos,
                                   gboolean             as_urls,
                                   char              ***resolved,
                                   char              ***sources)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) from = g_strv_builder_new ();
  gboolean any_web = FALSE;

  g_return_val_if_fail (VITRINE_IS_PHOTO_GRID (self), FALSE);
  g_return_val_if_fail (resolved != NULL, FALSE);

  for (guint i = 0; photos != NULL && photos[i] != NULL; i++)
    {
      VitrinePhoto *photo = g_hash_table_lookup (self->paths, photos[i]);
      const char *url = photo != NULL ? vitrine_photo_get_url (photo) : NULL;
      const char *local = photo != NULL ? vitrine_photo_get_local_path (photo) : NULL;

      if (url == NULL)
        {
          g_strv_builder_add (out, photos[i]);
          g_strv_builder_add (from, "");
          continue;
        }
      if (!as_urls && local == NULL)
        return FALSE;
      any_web = TRUE;
      g_strv_builder_add (out, as_urls ? url : local);
      g_strv_builder_add (from, url);
    }

  *resolved = g_strv_builder_end (out);
  if (sources != NULL)
    *sources = any_web ? g_strv_builder_end (from) : NULL;
  return TRUE;
}
