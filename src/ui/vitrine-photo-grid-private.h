/* vitrine-photo-grid-private.h: what the files of VitrinePhotoGrid share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vitrine-photo.h"
#include "vitrine-photo-grid.h"
#include "vitrine-thumbnail-loader.h"

G_BEGIN_DECLS

/* Thumbnails cover this many pixels on each side: enough for a 176x132
 * cell on a 1.5x screen. */
#define THUMBNAIL_SIZE 256
#define ENUMERATE_BATCH 64
/* Photos added to the store per main-loop turn. */
#define INSERT_SLICE 12
/* Decoded thumbnails are shown together, at most this often: one frame for
 * several of them (without a GPU a frame is expensive). */
#define THUMBNAIL_FLUSH_MS 100

struct _VitrinePhotoGrid
{
  GtkWidget               parent_instance;

  GListStore             *photos;
  GtkSingleSelection     *selection;
  GHashTable             *paths;          /* path → VitrinePhoto, for duplicates */
  VitrineThumbnailLoader *loader;
  GCancellable           *cancellable;
  GtkDropTarget          *drop_target;
  GtkFileChooserNative   *chooser;
  GPtrArray              *pending;        /* VitrinePhoto, on their way into the store */
  guint                   insert_id;
  GPtrArray              *ready;          /* VitrinePhoto, with a thumbnail to show */
  guint                   flush_id;
  guint                   fit_id;         /* fits the empty page to the height */

  guint                   n_usable;
  guint                   n_loading;
  guint                   n_failed;
  guint                   n_failed_reported;
  guint                   n_enumerating;
  char                   *crop;           /* "none", or the ratio the provider crops to */
  GPtrArray              *removed;        /* VitrinePhoto, removed since the last forget, in order */
  GArray                 *removed_at;     /* guint, where each of them was */

  /* template children */
  GtkStack               *stack;
  AdwStatusPage          *empty_page;
  GtkGridView            *grid_view;
};

/* The photo types the grid takes, by MIME type. */
#define VITRINE_PHOTO_GRID_N_MIME_TYPES 7
extern const char * const vitrine_photo_grid_image_mime_types[VITRINE_PHOTO_GRID_N_MIME_TYPES];

void vitrine_photo_grid_message     (VitrinePhotoGrid *self,
                                     const char       *message);
void vitrine_photo_grid_append      (VitrinePhotoGrid *self,
                                     GPtrArray        *batch);
void vitrine_photo_grid_update_counts (VitrinePhotoGrid *self);
/* Decodes @photo's local file into its thumbnail. */
void vitrine_photo_grid_load_thumbnail (VitrinePhotoGrid *self,
                                        VitrinePhoto     *photo,
                                        GCancellable     *cancellable);

/* vitrine-photo-grid-files.c */
/* Whether @photo (taken) is new to @batch; if so, it goes in. */
gboolean vitrine_photo_grid_take_photo (GPtrArray    *batch,
                                        VitrinePhoto *photo);

/* vitrine-photo-grid-web.c */
/* A photo for @url goes into @batch unless the grid has it. */
void vitrine_photo_grid_take_url    (VitrinePhotoGrid *self,
                                     const char       *url,
                                     GPtrArray        *batch);
/* Downloads a photo from the web, then loads its thumbnail; progress and
 * a refusal's reason go on the photo. Stops when @cancellable is. */
void vitrine_photo_grid_fetch       (VitrinePhotoGrid *self,
                                     VitrinePhoto     *photo,
                                     GCancellable     *cancellable);

G_END_DECLS
