/* vitrine-provider-aixpose.h: AIXpose REST API, after the provider's reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vitrine-remote-provider.h"

G_BEGIN_DECLS

/* The reference's examples call this address. */
#define VITRINE_AIXPOSE_DEFAULT_URL "https://api.aixpose.art"
/* The job option with the enhancements asked of every photo: preset
 * actions of GET /v1/catalog/actions, comma-separated ("interior-style-
 * japandi,interior-decoration-medium"). None by default. */
#define VITRINE_JOB_OPTION_ENHANCE "enhance"
/* The photos (numbers from 1, comma-separated: "2,3") the reel takes as
 * uploaded although the job asks for enhancements: an enhancement failed
 * and the agent chose the original. AIXpose makes enhancements in the
 * background; the reel waits until each is completed. One that fails
 * pauses the job ("needs attention", the photo named) and never is
 * swapped silently: Follow Again in the window, or `vitrine-cli wait ID`,
 * is the agent's choice of the original for it (its number added here). */
#define VITRINE_JOB_OPTION_USE_ORIGINAL "use-original"

#define VITRINE_TYPE_PROVIDER_AIXPOSE (vitrine_provider_aixpose_get_type ())
G_DECLARE_FINAL_TYPE (VitrineProviderAixpose, vitrine_provider_aixpose,
                      VITRINE, PROVIDER_AIXPOSE, VitrineRemoteProvider)

VitrineProvider *vitrine_provider_aixpose_new                  (void);

/* What the window asks AIXpose (through its declaration). */
typedef enum {
  /* GET /v1/catalog/actions: the preset actions an enhancement can ask
   * for (the choices of the job option "enhance"); a list. */
  VITRINE_AIXPOSE_QUERY_ACTIONS,
  /* GET /v1/catalog/aspect-ratios: the ratios AIXpose offers ("16:9"…);
   * the capabilities say 16:9, 9:16 and 1:1 until it is asked; a list. */
  VITRINE_AIXPOSE_QUERY_RATIOS,
  /* GET /v1/credits/balance: the credits left, also kept as the
   * provider's last known balance (vitrine_provider_estimate_cost() shows
   * it). */
  VITRINE_AIXPOSE_QUERY_BALANCE,
} VitrineAixposeQuery;

void             vitrine_provider_aixpose_fetch_async          (VitrineProviderAixpose  *self,
                                                                VitrineAixposeQuery      query,
                                                                GCancellable            *cancellable,
                                                                GAsyncReadyCallback      callback,
                                                                gpointer                 user_data);
/* The answer to ACTIONS or RATIOS. */
GStrv            vitrine_provider_aixpose_fetch_list_finish    (VitrineProviderAixpose  *self,
                                                                GAsyncResult            *result,
                                                                GError                 **error);
/* What a person reads for the enhancement @id: its name in the last
 * catalogue read (ACTIONS), else @id. */
const char      *vitrine_provider_aixpose_get_action_label     (const char              *id);
/* The answer to BALANCE. */
gboolean         vitrine_provider_aixpose_fetch_balance_finish (VitrineProviderAixpose  *self,
                                                                GAsyncResult            *result,
                                                                double                  *balance,
                                                                GError                 **error);

G_END_DECLS
