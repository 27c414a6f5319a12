/* vitrine-remote-validate.c: the checks before any network traffic
 *
 * What validate() refuses for every cloud provider (addresses, test mode,
 * inputs the provider cannot take), before the provider's own checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-remote-private.h"

/* Validation ---------------------------------------------------------------- */

/* The job option "cover", 0 when missing or unreadable. */
guint
vitrine_remote_cover_index (VitrineJob *job)
{
  const char *value = vitrine_job_get_option (job, VITRINE_JOB_OPTION_COVER);
  guint64 index = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &index, NULL))
    return 0;
  return (guint) index;
}

static gboolean
check_input (VitrineRemoteProvider  *self,
             const char             *value,
             const char             *what,
             GError                **error)
{
  g_autoptr(GError) local_error = NULL;

  if (vitrine_is_web_url (value))
    {
      if (!vitrine_http_check_url (value, &local_error))
        {
          g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                       _("%s “%s” cannot be used: %s"), what, value, local_error->message);
          return FALSE;
        }
      return TRUE;
    }
  if (!g_path_is_absolute (value) || !g_file_test (value, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   _("%s “%s” is neither a file on this computer nor a web address."), what,
                   value);
      return FALSE;
    }
  return TRUE;
}

gboolean
vitrine_remote_provider_validate (VitrineProvider  *provider,
                                  VitrineJob       *job,
                                  GError          **error)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);
  const VitrineRemoteProviderInfo *info = INFO (self);
  const char * const *photos = vitrine_job_get_photos (job);
  g_autofree char *base_url = vitrine_remote_provider_dup_base_url (self);
  g_autoptr(GError) local_error = NULL;
  const struct {
    VitrineRemoteInputs  flag;
    const char          *value;
    const char          *what;
  } extras[] = {
    { VITRINE_REMOTE_INPUT_MUSIC, vitrine_job_get_music (job), N_("The music") },
    { VITRINE_REMOTE_INPUT_LOGO, vitrine_job_get_logo (job), N_("The logo") },
    { VITRINE_REMOTE_INPUT_OUTRO, vitrine_job_get_outro (job), N_("The outro") },
  };

  if (base_url == NULL || *base_url == '\0')
    {
      /* A provider whose address is the agent's own (no default). */
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   _("Set your %s address in Preferences."), info->display_name);
      return FALSE;
    }
  if (!vitrine_http_check_url (base_url, &local_error))
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   _("The address of %s (%s) cannot be used: %s"), info->display_name, base_url,
                   local_error->message);
      return FALSE;
    }
  if (vitrine_job_get_test_mode (job) && !info->supports_test_mode)
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   _("%s has no test mode: every video uses credits."), info->display_name);
      return FALSE;
    }
  for (guint i = 0; photos != NULL && photos[i] != NULL; i++)
    {
      if (!check_input (self, photos[i], _("The photo"), error))
        return FALSE;
    }
  if (info->cover_only)
    {
      guint cover = vitrine_remote_cover_index (job);

      if (cover >= vitrine_job_get_n_photos (job))
        {
          guint n = vitrine_job_get_n_photos (job);

          /* No number: vitrine-cli's --cover counts from 0, the window's
           * grid from 1. */
          g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                       ngettext ("%s makes its video from one photo, the cover, and the cover "
                                 "chosen is not among the %u photo of the job.",
                                 "%s makes its video from one photo, the cover, and the cover "
                                 "chosen is not among the %u photos of the job.", n),
                       info->display_name, n);
          return FALSE;
        }
      if (vitrine_is_web_url (photos[cover]))
        {
          g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                       _("%s needs the cover photo as a file on this computer, not a web "
                         "address."), info->display_name);
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      if (extras[i].value == NULL || *extras[i].value == '\0')
        continue;
      if ((info->inputs & extras[i].flag) == 0)
        {
          /* TRANSLATORS: "The outro: IACrea cannot use it…" */
          g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                       _("%s: %s cannot use it; remove it or choose another provider."),
                       _(extras[i].what), info->display_name);
          return FALSE;
        }
      if (extras[i].flag == VITRINE_REMOTE_INPUT_MUSIC && info->resolve_music != NULL)
        {
          g_autofree char *track = info->resolve_music (self, extras[i].value);

          if (track != NULL)
            continue;
        }
      if (!check_input (self, extras[i].value, _(extras[i].what), error))
        return FALSE;
      if (info->sends_files && (info->url_inputs & extras[i].flag) == 0 &&
          vitrine_is_web_url (extras[i].value))
        {
          /* TRANSLATORS: "The music: VidGen needs it as a file…" */
          g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                       _("%s: %s needs it as a file on this computer, not a web address."),
                       _(extras[i].what), info->display_name);
          return FALSE;
        }
    }

  return info->validate == NULL || info->validate (self, job, error);
}
