/* vitrine-secret-field.h: an entry row whose text lives in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VITRINE_TYPE_SECRET_FIELD (vitrine_secret_field_get_type ())
G_DECLARE_FINAL_TYPE (VitrineSecretField, vitrine_secret_field, VITRINE, SECRET_FIELD, GObject)

/* Loads the secret @secret_id (vitrine-secrets: a provider's id, "s3") into @row
 * (an AdwPasswordEntryRow: shown masked), stores the row's text on its
 * "apply", and removes the secret when @remove_button is clicked. Never
 * anywhere but the keyring. */
VitrineSecretField *vitrine_secret_field_new            (const char          *secret_id,
                                                         AdwEntryRow         *row,
                                                         GtkButton           *remove_button);

/* A lookup, a store or a removal is under way. */
gboolean            vitrine_secret_field_get_busy       (VitrineSecretField  *self);
/* The keyring holds a secret for this id (as far as this field knows). */
gboolean            vitrine_secret_field_get_has_secret (VitrineSecretField  *self);

/* Stores the row's text (an empty row removes the secret) if it was edited
 * since the secret was loaded or stored; else finishes with TRUE at once. */
void                vitrine_secret_field_apply_async    (VitrineSecretField  *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean            vitrine_secret_field_apply_finish   (VitrineSecretField  *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void                vitrine_secret_field_remove         (VitrineSecretField  *self);

G_END_DECLS
