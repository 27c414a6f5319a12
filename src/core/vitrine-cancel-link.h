/* vitrine-cancel-link.h: an operation's own cancellable, cancelled with the caller's
 *
 * A batch (photos to prepare, files to upload) cancels its own
 * GCancellable on the first failure, and also when the caller cancels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GCancellable *outer;
  gulong        handler_id;
} VitrineCancelLink;

/* Cancels @inner when @outer (may be NULL) is cancelled. */
void vitrine_cancel_link_init  (VitrineCancelLink *link,
                                GCancellable      *outer,
                                GCancellable      *inner);
void vitrine_cancel_link_clear (VitrineCancelLink *link);

G_END_DECLS
