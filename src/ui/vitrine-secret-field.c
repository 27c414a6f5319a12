/* vitrine-secret-field.c
 *
 * The glue between an AdwPasswordEntryRow and the keyring (vitrine-secrets):
 * the stored secret is read once, asynchronously, into the row (masked);
 * the row's apply button stores what was typed; the remove button clears
 * it. The secret never goes to GSettings, a file or a log: it exists in the
 * row's buffer and in the keyring. What happened is told through the
 * "message" signal, for a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "vitrine-secret-field.h"
#include "vitrine-secrets.h"

struct _VitrineSecretField
{
  GObject       parent_instance;

  char         *secret_id;
  AdwEntryRow  *row;
  GtkButton    *remove_button;
  GCancellable *cancellable;
  guint         pending;
  gboolean      has_secret;
  gboolean      dirty;
  gboolean      loading;   /* the row's text is being set from the keyring */
};

G_DEFINE_FINAL_TYPE (VitrineSecretField, vitrine_secret_field, G_TYPE_OBJECT)

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vitrine_secret_field_set_has_secret (VitrineSecretField *self,
                                     gboolean            has_secret)
{
  if (self->remove_button != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), has_secret);
  self->has_secret = has_secret;
}

static void
vitrine_secret_field_begin (VitrineSecretField *self)
{
  self->pending++;
}

static void
vitrine_secret_field_end (VitrineSecretField *self)
{
  g_return_if_fail (self->pending > 0);
  self->pending--;
}

/* The row's text from the keyring: not an edit, so no apply button (the
 * row may have the focus already: Preferences opened on the key). */
static void
vitrine_secret_field_set_text (VitrineSecretField *self,
                               const char         *text)
{
  self->loading = TRUE;
  adw_entry_row_set_show_apply_button (self->row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->row), text);
  adw_entry_row_set_show_apply_button (self->row, TRUE);
  self->loading = FALSE;
  self->dirty = FALSE;
}

static void
vitrine_secret_field_lookup_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(VitrineSecretField) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = vitrine_secrets_lookup_finish (result, &error);

  vitrine_secret_field_end (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The keyring could not be read: %s"),
                                                  error->message);

      g_signal_emit (self, signals[MESSAGE], 0, message);
      return;
    }

  vitrine_secret_field_set_has_secret (self, secret != NULL);
  /* What the agent typed meanwhile wins. */
  if (secret != NULL && self->row != NULL && !self->dirty)
    vitrine_secret_field_set_text (self, secret);
  vitrine_secrets_free (secret);
}

static void
vitrine_secret_field_store_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineSecretField *self = g_task_get_source_object (task);
  gboolean removing = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;

  vitrine_secret_field_end (self);
  if (!vitrine_secrets_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("The keyring refused the key: %s"),
                                                      error->message);

          g_signal_emit (self, signals[MESSAGE], 0, message);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  vitrine_secret_field_set_has_secret (self, !removing);
  if (removing && self->row != NULL)
    vitrine_secret_field_set_text (self, "");
  g_signal_emit (self, signals[MESSAGE], 0,
                 removing ? _("The key was removed from the keyring")
                          : _("The key is saved in the keyring"));
  g_task_return_boolean (task, TRUE);
}

static void
vitrine_secret_field_store (VitrineSecretField  *self,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  gboolean removing = secret == NULL || *secret == '\0';

  g_task_set_source_tag (task, vitrine_secret_field_apply_async);
  g_task_set_task_data (task, GINT_TO_POINTER (removing), NULL);
  self->dirty = FALSE;
  vitrine_secret_field_begin (self);
  vitrine_secrets_store_async (self->secret_id, removing ? NULL : secret, cancellable,
                               vitrine_secret_field_store_cb, task);
}

static void
vitrine_secret_field_store_row (VitrineSecretField  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  /* Keys pasted from a dashboard often carry a space or a newline. */
  g_autofree char *secret = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->row))));

  vitrine_secret_field_store (self, secret, cancellable, callback, user_data);
  /* Wipe the copy. */
  memset (secret, 0, strlen (secret));
}

void
vitrine_secret_field_apply_async (VitrineSecretField  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VITRINE_IS_SECRET_FIELD (self));
  g_return_if_fail (self->row != NULL);

  if (self->dirty)
    {
      vitrine_secret_field_store_row (self, cancellable, callback, user_data);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_secret_field_apply_async);
  g_task_return_boolean (task, TRUE);
}

gboolean
vitrine_secret_field_apply_finish (VitrineSecretField  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vitrine_secret_field_remove (VitrineSecretField *self)
{
  g_return_if_fail (VITRINE_IS_SECRET_FIELD (self));

  vitrine_secret_field_store (self, NULL, self->cancellable, NULL, NULL);
}

static void
vitrine_secret_field_row_apply_cb (VitrineSecretField *self,
                                   AdwEntryRow        *row)
{
  vitrine_secret_field_store_row (self, self->cancellable, NULL, NULL);
}

static void
vitrine_secret_field_row_changed_cb (VitrineSecretField *self,
                                     GtkEditable        *editable)
{
  if (!self->loading)
    self->dirty = TRUE;
}

static void
vitrine_secret_field_dispose (GObject *object)
{
  VitrineSecretField *self = VITRINE_SECRET_FIELD (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->row != NULL)
    g_signal_handlers_disconnect_by_data (self->row, self);
  if (self->remove_button != NULL)
    g_signal_handlers_disconnect_by_data (self->remove_button, self);
  g_clear_object (&self->row);
  g_clear_object (&self->remove_button);

  G_OBJECT_CLASS (vitrine_secret_field_parent_class)->dispose (object);
}

static void
vitrine_secret_field_finalize (GObject *object)
{
  VitrineSecretField *self = VITRINE_SECRET_FIELD (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->secret_id, g_free);

  G_OBJECT_CLASS (vitrine_secret_field_parent_class)->finalize (object);
}

static void
vitrine_secret_field_class_init (VitrineSecretFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_secret_field_dispose;
  object_class->finalize = vitrine_secret_field_finalize;

  /**
   * VitrineSecretField::message:
   * @message: what happened, for a person (saved, removed, the keyring failed)
   */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vitrine_secret_field_init (VitrineSecretField *self)
{
  self->cancellable = g_cancellable_new ();
}

VitrineSecretField *
vitrine_secret_field_new (const char  *secret_id,
                          AdwEntryRow *row,
                          GtkButton   *remove_button)
{
  VitrineSecretField *self;

  g_return_val_if_fail (secret_id != NULL, NULL);
  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), NULL);
  g_return_val_if_fail (!remove_button || GTK_IS_BUTTON (remove_button), NULL);

  self = g_object_new (VITRINE_TYPE_SECRET_FIELD, NULL);
  self->secret_id = g_strdup (secret_id);
  self->row = g_object_ref (row);
  self->remove_button = remove_button ? g_object_ref (remove_button) : NULL;

  adw_entry_row_set_show_apply_button (row, TRUE);
  g_signal_connect_swapped (row, "apply", G_CALLBACK (vitrine_secret_field_row_apply_cb), self);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (vitrine_secret_field_row_changed_cb), self);
  if (remove_button != NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (remove_button), FALSE);
      g_signal_connect_swapped (remove_button, "clicked",
                                G_CALLBACK (vitrine_secret_field_remove), self);
    }

  vitrine_secret_field_begin (self);
  vitrine_secrets_lookup_async (secret_id, self->cancellable, vitrine_secret_field_lookup_cb,
                                g_object_ref (self));
  return self;
}

gboolean
vitrine_secret_field_get_busy (VitrineSecretField *self)
{
  g_return_val_if_fail (VITRINE_IS_SECRET_FIELD (self), FALSE);
  return self->pending > 0;
}

gboolean
vitrine_secret_field_get_has_secret (VitrineSecretField *self)
{
  g_return_val_if_fail (VITRINE_IS_SECRET_FIELD (self), FALSE);
  return self->has_secret;
}
