/* vitrine-cancel-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vitrine-cancel-link.h"

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

void
vitrine_cancel_link_init (VitrineCancelLink *link,
                          GCancellable      *outer,
                          GCancellable      *inner)
{
  link->outer = outer != NULL ? g_object_ref (outer) : NULL;
  link->handler_id = outer != NULL ?
    g_cancellable_connect (outer, G_CALLBACK (outer_cancelled_cb), inner, NULL) : 0;
}

void
vitrine_cancel_link_clear (VitrineCancelLink *link)
{
  if (link->handler_id != 0)
    g_cancellable_disconnect (link->outer, link->handler_id);
  link->handler_id = 0;
  g_clear_object (&link->outer);
}
