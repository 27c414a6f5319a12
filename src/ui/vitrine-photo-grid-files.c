/* vitrine-photo-grid-files.c: files and folders given to the grid
 *
 * Dropped or chosen files become photos; a folder is read (sorted by name,
 * not recursive); what is not a photo is refused with its name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-image.h"
#include "vitrine-photo-grid-private.h"
#include "vitrine-web-photo.h"

gboolean
vitrine_photo_grid_take_photo (GPtrArray    *batch,
                               VitrinePhoto *photo)
{
  const char *path = vitrine_photo_get_path (photo);

  for (guint i = 0; i < batch->len; i++)
    if (g_str_equal (vitrine_photo_get_path (g_ptr_array_index (batch, i)), path))
      {
        g_object_unref (photo);
        return FALSE;
      }
  g_ptr_array_add (batch, photo);
  return TRUE;
}

/* Whether @file is new to the grid; if so, a photo for it goes into @batch. */
static gboolean
vitrine_photo_grid_take_file (VitrinePhotoGrid *self,
                              GFile            *file,
                              GPtrArray        *batch)
{
  g_autoptr(VitrinePhoto) photo = vitrine_photo_new (file);

  if (g_hash_table_contains (self->paths, vitrine_photo_get_path (photo)))
    return FALSE;
  return vitrine_photo_grid_take_photo (batch, g_steal_pointer (&photo));
}

static char *
vitrine_photo_grid_file_display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return g_filename_display_basename (path);
  return g_file_get_parse_name (file);
}

static void
vitrine_photo_grid_refuse (VitrinePhotoGrid *self,
                           GPtrArray        *names)
{
  g_autofree char *message = NULL;

  if (names->len == 0)
    return;

  if (names->len == 1)
    /* Translators: %s is a file name */
    message = g_strdup_printf (_("“%s” is not a photo and was not added"),
                               (const char *) g_ptr_array_index (names, 0));
  else
    message = g_strdup_printf (ngettext ("“%s” and %u other file are not photos and were not added",
                                         "“%s” and %u other files are not photos and were not added",
                                         names->len - 1),
                               (const char *) g_ptr_array_index (names, 0), names->len - 1);
  vitrine_photo_grid_message (self, message);
}

/* Reading a dropped folder: its photos, sorted by name, not recursive. */
typedef struct {
  VitrinePhotoGrid *self;
  GFile            *folder;
  GPtrArray        *infos;
} Enumeration;

static void
enumeration_free (Enumeration *e)
{
  e->self->n_enumerating--;
  g_object_unref (e->self);
  g_object_unref (e->folder);
  g_ptr_array_unref (e->infos);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Enumeration, enumeration_free)

static int
compare_infos_by_name (gconstpointer a,
                       gconstpointer b)
{
  GFileInfo *info_a = *(GFileInfo **) a;
  GFileInfo *info_b = *(GFileInfo **) b;
  g_autofree char *key_a = g_utf8_collate_key_for_filename (g_file_info_get_display_name (info_a), -1);
  g_autofree char *key_b = g_utf8_collate_key_for_filename (g_file_info_get_display_name (info_b), -1);

  return strcmp (key_a, key_b);
}

static void
vitrine_photo_grid_enumeration_done (Enumeration *e)
{
  VitrinePhotoGrid *self = e->self;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *name = vitrine_photo_grid_file_display_name (e->folder);

  g_ptr_array_sort (e->infos, compare_infos_by_name);
  for (guint i = 0; i < e->infos->len; i++)
    {
      GFileInfo *info = g_ptr_array_index (e->infos, i);
      g_autoptr(GFile) child = g_file_get_child (e->folder, g_file_info_get_name (info));

      vitrine_photo_grid_take_file (self, child, batch);
    }

  if (e->infos->len == 0)
    {
      /* Translators: %s is a folder name */
      g_autofree char *message = g_strdup_printf (_("“%s” has no photos"), name);

      vitrine_photo_grid_message (self, message);
    }
  vitrine_photo_grid_append (self, batch);
}

static void vitrine_photo_grid_next_files_cb (GObject      *object,
                                              GAsyncResult *result,
                                              gpointer      user_data);

/* Asks @enumerator for the next batch; @e goes with it. */
static void
vitrine_photo_grid_next_files (GFileEnumerator *enumerator,
                               Enumeration     *e)
{
  g_file_enumerator_next_files_async (enumerator, ENUMERATE_BATCH, G_PRIORITY_DEFAULT,
                                      e->self->cancellable, vitrine_photo_grid_next_files_cb, e);
}

static void
vitrine_photo_grid_next_files_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  GFileEnumerator *enumerator = G_FILE_ENUMERATOR (object);
  g_autoptr(Enumeration) e = user_data;
  g_autoptr(GError) error = NULL;
  GList *infos;

  infos = g_file_enumerator_next_files_finish (enumerator, result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vitrine_photo_grid_message (e->self, error->message);
      return;
    }

  if (infos == NULL)
    {
      vitrine_photo_grid_enumeration_done (e);
      g_file_enumerator_close_async (enumerator, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      return;
    }

  for (GList *l = infos; l != NULL; l = l->next)
    {
      GFileInfo *info = l->data;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          !g_file_info_get_is_hidden (info) &&
          vitrine_image_is_supported_name (g_file_info_get_name (info)))
        g_ptr_array_add (e->infos, g_object_ref (info));
    }
  g_list_free_full (infos, g_object_unref);

  vitrine_photo_grid_next_files (enumerator, g_steal_pointer (&e));
}

static void
vitrine_photo_grid_enumerate_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(Enumeration) e = user_data;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  enumerator = g_file_enumerate_children_finish (G_FILE (object), result, &error);
  if (enumerator == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vitrine_photo_grid_message (e->self, error->message);
      return;
    }

  vitrine_photo_grid_next_files (enumerator, g_steal_pointer (&e));
}

static void
vitrine_photo_grid_add_folder (VitrinePhotoGrid *self,
                               GFile            *folder)
{
  Enumeration *e = g_new0 (Enumeration, 1);

  e->self = g_object_ref (self);
  e->folder = g_object_ref (folder);
  e->infos = g_ptr_array_new_with_free_func (g_object_unref);
  self->n_enumerating++;

  g_file_enumerate_children_async (folder,
                                   G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                   G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                                   G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                   G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                   G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                                   self->cancellable, vitrine_photo_grid_enumerate_cb, e);
}

static gboolean
content_type_is_photo (const char *content_type)
{
  g_autofree char *mime = NULL;

  if (content_type == NULL)
    return FALSE;
  mime = g_content_type_get_mime_type (content_type);
  for (guint i = 0; mime != NULL && i < G_N_ELEMENTS (vitrine_photo_grid_image_mime_types); i++)
    if (g_str_equal (mime, vitrine_photo_grid_image_mime_types[i]))
      return TRUE;
  return FALSE;
}

/* A dropped file whose name does not end like a photo: a folder, a photo
 * without an extension, or something to refuse. */
static void
vitrine_photo_grid_query_info_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(VitrinePhotoGrid) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  info = g_file_query_info_finish (file, result, &error);
  self->n_enumerating--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    vitrine_photo_grid_add_folder (self, file);
  else if (info != NULL &&
           g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
           content_type_is_photo (g_file_info_get_content_type (info)))
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      vitrine_photo_grid_take_file (self, file, batch);
      vitrine_photo_grid_append (self, batch);
    }
  else
    {
      g_ptr_array_add (names, vitrine_photo_grid_file_display_name (file));
      vitrine_photo_grid_refuse (self, names);
    }
}

void
vitrine_photo_grid_add_files (VitrinePhotoGrid *self,
                              GSList           *files)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (VITRINE_IS_PHOTO_GRID (self));

  for (const GSList *l = files; l != NULL; l = l->next)
    {
      GFile *file = l->data;
      g_autofree char *path = NULL;
      g_autofree char *uri = NULL;

      if (!G_IS_FILE (file))
        continue;

      /* A browser's text/uri-list arrives as GFiles too; looked at before
       * the path, which GVfs may offer for an http one (through FUSE). */
      if (g_file_has_uri_scheme (file, "https") || g_file_has_uri_scheme (file, "http"))
        {
          uri = g_file_get_uri (file);
          vitrine_photo_grid_take_url (self, uri, batch);
          continue;
        }
      path = g_file_get_path (file);
      if (path == NULL)
        {
          /* The decoders read local files; a remote one would have to be
           * copied first. The file manager hands out local paths anyway. */
          g_ptr_array_add (refused, vitrine_photo_grid_file_display_name (file));
          continue;
        }

      if (vitrine_image_is_supported_name (path))
        vitrine_photo_grid_take_file (self, file, batch);
      else
        {
          self->n_enumerating++;
          g_file_query_info_async (file,
                                   G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                   G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                   G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                                   vitrine_photo_grid_query_info_cb, g_object_ref (self));
        }
    }

  vitrine_photo_grid_append (self, batch);
  vitrine_photo_grid_refuse (self, refused);
}
