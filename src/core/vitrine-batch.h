/* vitrine-batch.h: several items made at once (photos to prepare, files to upload)
 *
 * A batch keeps each item's result in the items' order. Items that are
 * already http(s) URLs come back as they are. The first real failure
 * cancels the others through the batch's own cancellable, which the
 * caller's cancellable also cancels. When the last item has ended, the
 * batch returns to its task the first failure, a cancellation, or the
 * results (a GStrv).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GStrv         results;
  guint         total;         /* items to make (URLs left out) */
  guint         done;          /* items made */
  GError       *error;         /* the first real failure */
  GCancellable *cancellable;   /* ours: cancelled by the caller's or by a failure */
  GCancellable *outer;         /* the caller's */
  gulong        outer_handler;
} VitrineBatch;

/* @items: n items; URLs go straight to the results. */
void     vitrine_batch_init       (VitrineBatch       *batch,
                                   const char * const *items,
                                   GCancellable       *outer);
void     vitrine_batch_clear      (VitrineBatch       *batch);
/* Item @index is made: takes @result. TRUE while nothing failed, when the
 * caller may report progress. */
gboolean vitrine_batch_take       (VitrineBatch       *batch,
                                   guint               index,
                                   char               *result);
/* An item failed: takes @error. The first failure that is not a
 * cancellation is kept and cancels the rest. */
void     vitrine_batch_fail       (VitrineBatch       *batch,
                                   GError             *error);
gboolean vitrine_batch_is_stopped (VitrineBatch       *batch);
/* Once no item is in flight: returns the outcome to @task. */
void     vitrine_batch_return     (VitrineBatch       *batch,
                                   GTask              *task);

G_END_DECLS
