/* vitrine-compare-view.h: a comparison's videos side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vitrine-job.h"

G_BEGIN_DECLS

#define VITRINE_COMPARE_VIEW_MAX 4

#define VITRINE_TYPE_COMPARE_VIEW (vitrine_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (VitrineCompareView, vitrine_compare_view, VITRINE, COMPARE_VIEW, GtkWidget)

/* Shows the videos of @jobs (VitrineJob, the first
 * VITRINE_COMPARE_VIEW_MAX with a video file), each with its provider's
 * name, the time its video took and its cost; NULL or empty to show none. */
void        vitrine_compare_view_set_jobs      (VitrineCompareView *self,
                                                GPtrArray          *jobs);
guint       vitrine_compare_view_get_n_videos  (VitrineCompareView *self);
/* The stream of video @index (for tests), or NULL. */
GtkMediaStream *vitrine_compare_view_get_stream (VitrineCompareView *self,
                                                 guint               index);
/* The caption under video @index: "<provider> · <time> · <cost>". */
const char *vitrine_compare_view_get_caption   (VitrineCompareView *self,
                                                guint               index);
/* One play control for all: every video plays, or pauses, together. */
void        vitrine_compare_view_set_playing   (VitrineCompareView *self,
                                                gboolean            playing);
gboolean    vitrine_compare_view_get_playing   (VitrineCompareView *self);
/* Every video at the same moment, @seconds from its start. */
void        vitrine_compare_view_seek          (VitrineCompareView *self,
                                                double              seconds);

G_END_DECLS
