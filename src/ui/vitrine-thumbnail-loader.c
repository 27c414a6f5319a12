/* vitrine-thumbnail-loader.c
 *
 * GTask's own thread pool grows to a dozen threads or more when many tasks
 * are queued, which on a 2-core laptop means a dozen 12 MP decodes fighting
 * for memory bandwidth and the main thread starved. So requests wait here in
 * a queue and only max-in-flight of them are handed on at a time, to the
 * background threads (vitrine-background.c), which photo preparation shares;
 * each finished decode starts the next one, and a cancelled request that
 * is still queued costs nothing.
 *
 * The background threads run at a lower priority: when a frame has to be
 * drawn, the main thread (and, without a GPU, the GL rasteriser's threads)
 * get the cores first, so the grid keeps painting while every core decodes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-background.h"
#include "vitrine-image.h"
#include "vitrine-thumbnail-loader.h"

struct _VitrineThumbnailLoader
{
  GObject  parent_instance;

  GQueue       queue;          /* of GTask, waiting */
  guint        n_in_flight;
  guint        max_in_flight;
};

G_DEFINE_FINAL_TYPE (VitrineThumbnailLoader, vitrine_thumbnail_loader, G_TYPE_OBJECT)

typedef struct {
  char *path;
  int   size;
  int   width;    /* the image's own, as displayed */
  int   height;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request);
}

static void vitrine_thumbnail_loader_pump (VitrineThumbnailLoader *self);
static void vitrine_thumbnail_loader_worker (GTask        *task,
                                             gpointer      source_object,
                                             gpointer      task_data,
                                             GCancellable *cancellable);

/* In a background thread (vitrine_background_run()). */
static void
vitrine_thumbnail_loader_worker (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  int width, height, shorter;

  if (g_task_return_error_if_cancelled (task))
    return;

  pixbuf = vitrine_image_load_covering_full (request->path, request->size, request->size,
                                             &request->width, &request->height, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* DCT scaling stops at 1/8: a 12 MP photo comes back at about 500x380.
   * Bring it down to what a cell shows, so that 200 thumbnails stay small. */
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  shorter = MIN (width, height);
  if (shorter > request->size + request->size / 4)
    {
      int new_width = MAX (1, (int) ((double) width * request->size / shorter + 0.5));
      int new_height = MAX (1, (int) ((double) height * request->size / shorter + 0.5));
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (pixbuf, new_width, new_height,
                                                   GDK_INTERP_BILINEAR);

      if (scaled != NULL)
        {
          g_object_unref (pixbuf);
          pixbuf = scaled;
        }
    }

  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

/* Back on the main context: the worker slot is free again. */
static void
vitrine_thumbnail_loader_worker_done_cb (GObject      *object,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
  VitrineThumbnailLoader *self = VITRINE_THUMBNAIL_LOADER (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Request *done = g_task_get_task_data (G_TASK (result));
  Request *request = g_task_get_task_data (task);
  GdkTexture *texture;

  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;
  request->width = done->width;
  request->height = done->height;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, texture, g_object_unref);

  vitrine_thumbnail_loader_pump (self);
}

static void
vitrine_thumbnail_loader_pump (VitrineThumbnailLoader *self)
{
  while (self->n_in_flight < self->max_in_flight && self->queue.length > 0)
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->queue);
      g_autoptr(GTask) worker = NULL;
      Request *request = g_task_get_task_data (task);
      Request *copy;

      if (g_task_return_error_if_cancelled (task))
        continue;

      copy = g_new0 (Request, 1);
      copy->path = g_strdup (request->path);
      copy->size = request->size;

      worker = g_task_new (self, g_task_get_cancellable (task),
                           vitrine_thumbnail_loader_worker_done_cb, g_object_ref (task));
      g_task_set_source_tag (worker, vitrine_thumbnail_loader_worker);
      g_task_set_task_data (worker, copy, (GDestroyNotify) request_free);
      self->n_in_flight++;
      vitrine_background_run (worker, vitrine_thumbnail_loader_worker);
    }
}

static void
vitrine_thumbnail_loader_dispose (GObject *object)
{
  VitrineThumbnailLoader *self = VITRINE_THUMBNAIL_LOADER (object);
  GTask *task;

  /* Nothing is decoded for a loader that is gone; in-flight workers hold
   * their own reference and finish on their own. */
  while ((task = g_queue_pop_head (&self->queue)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Loader disposed");
      g_object_unref (task);
    }

  G_OBJECT_CLASS (vitrine_thumbnail_loader_parent_class)->dispose (object);
}

static void
vitrine_thumbnail_loader_class_init (VitrineThumbnailLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_thumbnail_loader_dispose;
}

static void
vitrine_thumbnail_loader_init (VitrineThumbnailLoader *self)
{
  g_queue_init (&self->queue);
}

VitrineThumbnailLoader *
vitrine_thumbnail_loader_new (guint max_in_flight)
{
  VitrineThumbnailLoader *self = g_object_new (VITRINE_TYPE_THUMBNAIL_LOADER, NULL);

  self->max_in_flight = max_in_flight > 0 ? max_in_flight : MAX (1, g_get_num_processors ());
  return self;
}

void
vitrine_thumbnail_loader_load_async (VitrineThumbnailLoader *self,
                                     const char             *path,
                                     int                     size,
                                     GCancellable           *cancellable,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (VITRINE_IS_THUMBNAIL_LOADER (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (size > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_thumbnail_loader_load_async);
  request = g_new0 (Request, 1);
  request->path = g_strdup (path);
  request->size = size;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  g_queue_push_tail (&self->queue, g_steal_pointer (&task));
  vitrine_thumbnail_loader_pump (self);
}

GdkTexture *
vitrine_thumbnail_loader_load_finish (VitrineThumbnailLoader  *self,
                                      GAsyncResult            *result,
                                      int                     *width,
                                      int                     *height,
                                      GError                 **error)
{
  Request *request;

  g_return_val_if_fail (VITRINE_IS_THUMBNAIL_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (width != NULL)
    *width = request->width;
  if (height != NULL)
    *height = request->height;
  return g_task_propagate_pointer (G_TASK (result), error);
}
