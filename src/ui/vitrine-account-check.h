/* vitrine-account-check.h: what a cloud job needs set up before it is sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vitrine-provider.h"

G_BEGIN_DECLS

/* Before a cloud job is sent, and before its cost is asked: the
 * provider's key is in the keyring (or its variable), and photos on this
 * computer have a media host to go through when the provider fetches its
 * photos from the web. Fails with what to set up: VITRINE_PROVIDER_ERROR_AUTH
 * for the key, the media host's own error otherwise. A provider that needs
 * neither (this computer) passes at once. */
void     vitrine_account_check_async  (VitrineProvider      *provider,
                                       VitrineJob           *job,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean vitrine_account_check_finish (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
