/* vitrine-vidgen-declaration.c: VidGen's options, account and calls
 *
 * The VidGen reference makes a video from one image and one audio file:
 * the cover, one of the job's photos (the first unless the person picks
 * another), and the music, a file from this computer (VidGen takes uploads
 * only, no link). Its address is the person's own server (no default); its
 * health probe is behind the Test button; the jobs the account already has
 * can be imported into the history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-provider-vidgen.h"
#include "vitrine-vidgen-declaration.h"

static void
vidgen_test_async (VitrineProvider     *provider,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  vitrine_provider_vidgen_check_health_async (VITRINE_PROVIDER_VIDGEN (provider), cancellable,
                                              callback, user_data);
}

static char *
vidgen_test_finish (VitrineProvider  *provider,
                    GAsyncResult     *result,
                    GError          **error)
{
  if (!vitrine_provider_vidgen_check_health_finish (VITRINE_PROVIDER_VIDGEN (provider), result,
                                                    error))
    return NULL;
  return g_strdup (_("VidGen answers at this address."));
}

static void
vidgen_import_async (VitrineProvider     *provider,
                     VitrineJobStore     *store,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  vitrine_provider_vidgen_import_async (VITRINE_PROVIDER_VIDGEN (provider), store, cancellable,
                                        callback, user_data);
}

static gboolean
vidgen_import_finish (VitrineProvider  *provider,
                      GAsyncResult     *result,
                      guint            *n_imported,
                      GError          **error)
{
  return vitrine_provider_vidgen_import_finish (VITRINE_PROVIDER_VIDGEN (provider), result,
                                                n_imported, error);
}

static const VitrineProviderOption vidgen_options[] = {
  { .name = "cover", .type = VITRINE_OPTION_PHOTO, .key = VITRINE_JOB_OPTION_COVER,
    .cli_flag = "cover", .cli_arg = "N", .label = N_("_Cover Photo"),
    .help = N_("The photo the video is made from, counted from 0 (default 0)") },
  { .name = "music", .type = VITRINE_OPTION_MUSIC, .target = VITRINE_OPTION_TARGET_MUSIC,
    .flags = VITRINE_OPTION_AUDIO_FILE, .cli_flag = "music", .cli_arg = "FILE",
    .label = N_("M_usic"), .help = N_("an audio file (VidGen)") },
  { NULL }
};

const VitrineProviderDeclaration vitrine_vidgen_declaration = {
  .has_key = TRUE, .has_url = TRUE, .default_url = NULL,
  /* Its video has the shape of its one image: the cover, cropped (it was
   * sent whole, and a 9:16 job made a video the photo's shape). */
  .crop_photos = TRUE,
  .cli_note = N_("your own server ($VITRINE_VIDGEN_URL), files uploaded to it; one job at a "
                 "time, the others wait, queued"),
  .options = vidgen_options,
  .test_async = vidgen_test_async, .test_finish = vidgen_test_finish,
  .import_async = vidgen_import_async, .import_finish = vidgen_import_finish,
};
