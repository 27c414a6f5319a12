/* vitrine-aixpose-declaration.c: AIXpose's options, account and calls
 *
 * The AIXpose reference's preset enhancements, applied to every photo, are
 * chosen from its catalogue (GET /v1/catalog/actions); the ratios it offers
 * come from GET /v1/catalog/aspect-ratios, and its credit balance from GET
 * /v1/credits/balance, which is also what the Test button of its
 * Preferences page asks. Its music is a file or a link.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-aixpose-declaration.h"
#include "vitrine-provider-aixpose.h"

static void
aixpose_actions_async (VitrineProvider     *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  vitrine_provider_aixpose_fetch_async (VITRINE_PROVIDER_AIXPOSE (provider),
                                        VITRINE_AIXPOSE_QUERY_ACTIONS, cancellable, callback,
                                        user_data);
}

static GStrv
aixpose_catalog_finish (VitrineProvider  *provider,
                        GAsyncResult     *result,
                        GError          **error)
{
  return vitrine_provider_aixpose_fetch_list_finish (VITRINE_PROVIDER_AIXPOSE (provider), result,
                                                     error);
}

static void
aixpose_ratios_async (VitrineProvider     *provider,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  vitrine_provider_aixpose_fetch_async (VITRINE_PROVIDER_AIXPOSE (provider),
                                        VITRINE_AIXPOSE_QUERY_RATIOS, cancellable, callback,
                                        user_data);
}

static void
aixpose_balance_async (VitrineProvider     *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  vitrine_provider_aixpose_fetch_async (VITRINE_PROVIDER_AIXPOSE (provider),
                                        VITRINE_AIXPOSE_QUERY_BALANCE, cancellable, callback,
                                        user_data);
}

static char *
aixpose_balance_finish (VitrineProvider  *provider,
                        GAsyncResult     *result,
                        GError          **error)
{
  double balance = 0;

  if (!vitrine_provider_aixpose_fetch_balance_finish (VITRINE_PROVIDER_AIXPOSE (provider), result,
                                                      &balance, error))
    return NULL;
  /* Translators: the credits left on an account */
  return g_strdup_printf (_("%g credits left"), balance);
}

static char *
aixpose_test_finish (VitrineProvider  *provider,
                     GAsyncResult     *result,
                     GError          **error)
{
  g_autofree char *balance = aixpose_balance_finish (provider, result, error);

  if (balance == NULL)
    return NULL;
  /* Translators: %s is "95 credits left" */
  return g_strdup_printf (_("AIXpose accepts the key: %s."), balance);
}

static const VitrineProviderOption aixpose_options[] = {
  { .name = "enhance", .type = VITRINE_OPTION_MULTI_CHOICE, .key = VITRINE_JOB_OPTION_ENHANCE,
    .flags = VITRINE_OPTION_REPEATABLE, .cli_flag = "enhance", .cli_arg = "ACTION",
    .label = N_("_Enhancements"),
    .help = N_("An enhancement of every photo, from AIXpose’s catalogue; repeatable"),
    .fetch_async = aixpose_actions_async, .fetch_finish = aixpose_catalog_finish,
    .choice_label = vitrine_provider_aixpose_get_action_label },
  { .name = "music", .type = VITRINE_OPTION_MUSIC, .target = VITRINE_OPTION_TARGET_MUSIC,
    .flags = VITRINE_OPTION_ALLOW_URL | VITRINE_OPTION_AUDIO_FILE,
    .cli_flag = "music", .cli_arg = "FILE|URL", .label = N_("M_usic"),
    .help = N_("a file or a URL (AIXpose)") },
  { NULL }
};

const VitrineProviderDeclaration vitrine_aixpose_declaration = {
  .has_key = TRUE, .has_url = TRUE, .default_url = VITRINE_AIXPOSE_DEFAULT_URL,
  /* A failed enhancement pauses the job; `vitrine-cli wait ID` (as Follow
   * Again in the window) is the agent's choice of the photo's original
   * (VITRINE_JOB_OPTION_USE_ORIGINAL). */
  .cli_note = N_("photos uploaded to it, optional enhancements (--enhance; one that fails "
                 "pauses the job, and “vitrine-cli wait ID” then uses that photo’s original); "
                 "paid in credits"),
  .options = aixpose_options,
  .test_async = aixpose_balance_async, .test_finish = aixpose_test_finish,
  .balance_async = aixpose_balance_async, .balance_finish = aixpose_balance_finish,
  .ratios_async = aixpose_ratios_async, .ratios_finish = aixpose_catalog_finish,
};
