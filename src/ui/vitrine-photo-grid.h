/* vitrine-photo-grid.h: the photos of the listing, in video order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vitrine-photo.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_PHOTO_GRID (vitrine_photo_grid_get_type ())
G_DECLARE_FINAL_TYPE (VitrinePhotoGrid, vitrine_photo_grid, VITRINE, PHOTO_GRID, GtkWidget)


/* A GListModel of VitrinePhoto, in video order. */
GListModel    *vitrine_photo_grid_get_photos       (VitrinePhotoGrid *self);
guint          vitrine_photo_grid_get_n_usable     (VitrinePhotoGrid *self);
guint          vitrine_photo_grid_get_n_loading    (VitrinePhotoGrid *self);
/* Thumbnails being decoded or folders being read. */
gboolean       vitrine_photo_grid_get_busy         (VitrinePhotoGrid *self);

/* Adds @files (GFile; folders add the photos inside them) at the end. Files
 * that cannot be photos are refused with a message; photos already in the
 * grid are skipped. Returns at once: folders are read asynchronously. */
void           vitrine_photo_grid_add_files        (VitrinePhotoGrid *self,
                                                    GSList           *files);
/* Adds photos from the web by their addresses (NULL-terminated), at the
 * end: each is a cell at once, showing its download's progress, then its
 * thumbnail, or the reason it was refused (vitrine-web-photo.h). Addresses
 * already in the grid are skipped. */
void           vitrine_photo_grid_add_urls         (VitrinePhotoGrid   *self,
                                                    const char * const *urls);
/* @photos (grid paths, as dup_usable_paths gives them) as a job takes
 * them: a photo from the web as its address when @as_urls (a provider
 * that fetches photos itself), else as its copy in the cache; any other
 * path as it is. @sources (may be NULL) gets, in the same order, each
 * photo's web address or "" (NULL when none is from the web). FALSE, with
 * nothing set, while a copy that is needed is still on its way. */
gboolean       vitrine_photo_grid_resolve_photos   (VitrinePhotoGrid   *self,
                                                    const char * const *photos,
                                                    gboolean            as_urls,
                                                    char             ***resolved,
                                                    char             ***sources);
/* What a drop on the grid does: @value holds a GdkFileList, a GFile or a
 * string (text/uri-list, or paths or web addresses one a line). */
gboolean       vitrine_photo_grid_drop_value       (VitrinePhotoGrid *self,
                                                    const GValue     *value);
GtkDropTarget *vitrine_photo_grid_get_drop_target  (VitrinePhotoGrid *self);

/* Opens a file chooser to add photos. */
void           vitrine_photo_grid_choose_files     (VitrinePhotoGrid *self);

void           vitrine_photo_grid_move             (VitrinePhotoGrid *self,
                                                    guint             from,
                                                    guint             to);
guint          vitrine_photo_grid_get_selected     (VitrinePhotoGrid *self);
void           vitrine_photo_grid_select           (VitrinePhotoGrid *self,
                                                    guint             position);
void           vitrine_photo_grid_remove           (VitrinePhotoGrid *self,
                                                    guint             position);
/* The photos removed (::removed) since the last forget are put back, each
 * where it was, with its caption: the Undo of the window's toast. */
void           vitrine_photo_grid_undo_remove      (VitrinePhotoGrid *self);
void           vitrine_photo_grid_forget_removed   (VitrinePhotoGrid *self);

/* "none", or the ratio ("16:9", "9:16", "1:1") the photos will be cropped
 * to: the cells then show the part that is kept, which the agent can
 * shift (VitrinePhoto's crop offset). */
const char    *vitrine_photo_grid_get_crop         (VitrinePhotoGrid *self);
void           vitrine_photo_grid_set_crop         (VitrinePhotoGrid *self,
                                                    const char       *crop);

/* Whether a photo's "Use as Cover" is offered: it then emits
 * "cover-chosen" with the photo's path. Off by default. */
void           vitrine_photo_grid_set_can_choose_cover (VitrinePhotoGrid *self,
                                                        gboolean          can_choose);

/* The paths of the usable photos, in grid order. */
char         **vitrine_photo_grid_dup_usable_paths (VitrinePhotoGrid *self);

G_END_DECLS
