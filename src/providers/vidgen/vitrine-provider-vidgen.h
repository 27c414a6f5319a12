/* vitrine-provider-vidgen.h: the VidGen image + audio job API, after the provider's reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-job-store.h"
#include "vitrine-remote-provider.h"

G_BEGIN_DECLS

/* "Max 50 MB" a file (counted in millions of bytes, the stricter reading). */
#define VITRINE_VIDGEN_MAX_FILE_SIZE (50 * 1000 * 1000)

#define VITRINE_TYPE_PROVIDER_VIDGEN (vitrine_provider_vidgen_get_type ())
G_DECLARE_FINAL_TYPE (VitrineProviderVidgen, vitrine_provider_vidgen,
                      VITRINE, PROVIDER_VIDGEN, VitrineRemoteProvider)

VitrineProvider *vitrine_provider_vidgen_new                 (void);

/* For the window's Test button: GET /health on the agent's VidGen address
 * (no key). FALSE with a message for a person when it is not up, or when no
 * address is set ("Set your VidGen address in Preferences."). */
void             vitrine_provider_vidgen_check_health_async  (VitrineProviderVidgen  *self,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
gboolean         vitrine_provider_vidgen_check_health_finish (VitrineProviderVidgen  *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);

/* Adds the account's jobs that @store does not have yet (matched by their
 * VidGen id) to @store, walking every page of GET /api/jobs: finished ones
 * with their video's address (not downloaded), running ones to be followed
 * by the monitor. @n_imported receives how many were added. */
void             vitrine_provider_vidgen_import_async        (VitrineProviderVidgen  *self,
                                                              VitrineJobStore        *store,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
gboolean         vitrine_provider_vidgen_import_finish       (VitrineProviderVidgen  *self,
                                                              GAsyncResult           *result,
                                                              guint                  *n_imported,
                                                              GError                **error);

G_END_DECLS
