/* vitrine-secrets.h: API keys and the bucket secret, in the keyring (no GTK)
 *
 * libsecret (the secret portal inside Flatpak). $VITRINE_<ID>_API_KEY (and
 * $VITRINE_S3_SECRET_KEY for the media host, id "s3") override the keyring
 * for scripts and tests. Secrets never go to a log, the store or GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @id: a provider id ("vikit"…) or "s3" for the media host's secret key. */
void      vitrine_secrets_lookup_async  (const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* Returns the secret (free with vitrine_secrets_free), or NULL with no error
 * when there is none. */
char     *vitrine_secrets_lookup_finish (GAsyncResult        *result,
                                         GError             **error);
/* Blocking (vitrine-cli, tests). */
char     *vitrine_secrets_lookup_sync   (const char          *id,
                                         GCancellable        *cancellable,
                                         GError             **error);
void      vitrine_secrets_store_async   (const char          *id,
                                         const char          *secret,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  vitrine_secrets_store_finish  (GAsyncResult        *result,
                                         GError             **error);
/* Wipes and frees a secret. */
void      vitrine_secrets_free          (char                *secret);

G_END_DECLS
