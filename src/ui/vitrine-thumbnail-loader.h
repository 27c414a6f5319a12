/* vitrine-thumbnail-loader.h: photo thumbnails, decoded by a bounded pool of workers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VITRINE_TYPE_THUMBNAIL_LOADER (vitrine_thumbnail_loader_get_type ())
G_DECLARE_FINAL_TYPE (VitrineThumbnailLoader, vitrine_thumbnail_loader,
                      VITRINE, THUMBNAIL_LOADER, GObject)

/* At most @max_in_flight decodes run at once (0: one per core); the rest
 * wait in a queue, first come first served. */
VitrineThumbnailLoader *vitrine_thumbnail_loader_new             (guint                    max_in_flight);

/* Decodes @path in a worker thread, scaled down so that it still covers
 * @size x @size, and returns it as a GdkTexture on the calling thread's
 * main context. Errors are VITRINE_IMAGE_ERROR (or G_IO_ERROR_CANCELLED).
 * @width and @height (optional) get the image's own size, as displayed (0
 * when not known). */
void                    vitrine_thumbnail_loader_load_async      (VitrineThumbnailLoader  *self,
                                                                  const char              *path,
                                                                  int                      size,
                                                                  GCancellable            *cancellable,
                                                                  GAsyncReadyCallback      callback,
                                                                  gpointer                 user_data);
GdkTexture             *vitrine_thumbnail_loader_load_finish     (VitrineThumbnailLoader  *self,
                                                                  GAsyncResult            *result,
                                                                  int                     *width,
                                                                  int                     *height,
                                                                  GError                 **error);

G_END_DECLS
