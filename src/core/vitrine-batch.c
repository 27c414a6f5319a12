/* vitrine-batch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vitrine-batch.h"
#include "vitrine-types.h"

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

void
vitrine_batch_init (VitrineBatch       *batch,
                    const char * const *items,
                    GCancellable       *outer)
{
  guint n = g_strv_length ((char **) items);

  memset (batch, 0, sizeof *batch);
  batch->results = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    if (vitrine_is_web_url (items[i]))
      batch->results[i] = g_strdup (items[i]);
    else
      batch->total++;
  batch->cancellable = g_cancellable_new ();
  if (outer != NULL)
    {
      batch->outer = g_object_ref (outer);
      batch->outer_handler = g_cancellable_connect (outer, G_CALLBACK (outer_cancelled_cb),
                                                    batch->cancellable, NULL);
    }
}

void
vitrine_batch_clear (VitrineBatch *batch)
{
  if (batch->outer_handler != 0)
    g_cancellable_disconnect (batch->outer, batch->outer_handler);
  batch->outer_handler = 0;
  g_clear_object (&batch->outer);
  g_clear_object (&batch->cancellable);
  g_clear_pointer (&batch->results, g_strfreev);
  g_clear_error (&batch->error);
}

gboolean
vitrine_batch_take (VitrineBatch *batch,
                    guint         index,
                    char         *result)
{
  g_free (batch->results[index]);
  batch->results[index] = result;
  batch->done++;
  return batch->error == NULL;
}

void
vitrine_batch_fail (VitrineBatch *batch,
                    GError       *error)
{
  if (batch->error == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      batch->error = error;
      g_cancellable_cancel (batch->cancellable);
    }
  else
    g_error_free (error);
}

gboolean
vitrine_batch_is_stopped (VitrineBatch *batch)
{
  return batch->error != NULL || g_cancellable_is_cancelled (batch->cancellable);
}

void
vitrine_batch_return (VitrineBatch *batch,
                      GTask        *task)
{
  if (batch->error != NULL)
    g_task_return_error (task, g_steal_pointer (&batch->error));
  else if (batch->done < batch->total)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
  else
    g_task_return_pointer (task, g_steal_pointer (&batch->results), (GDestroyNotify) g_strfreev);
}
