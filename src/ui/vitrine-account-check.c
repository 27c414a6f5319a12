/* vitrine-account-check.c: what a cloud job needs set up before it is sent
 *
 * The agent was asked to pay first, and the job failed after: "Add your
 * API key", "the media host is not set up". Both are known before
 * anything is asked or sent, from the provider's declaration (has_key)
 * and what it says it would upload (vitrine_provider_uploads_files(): the
 * photos, music, logo or outro of this computer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-account-check.h"
#include "vitrine-media-host.h"
#include "vitrine-secrets.h"

static void
host_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineProvider *provider = g_task_get_task_data (task);
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(GError) error = NULL;

  if ((host = vitrine_media_host_new_from_settings_finish (result, &error)) != NULL)
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    /* the same words as the job's, had it been sent */
    g_task_return_new_error (task, error->domain, error->code,
                             _("%s fetches the photos, music and images it is given from the web, "
                               "and some are on this computer: %s"),
                             vitrine_provider_get_display_name (provider), error->message);
}

static void
check_host (GTask *task)
{
  VitrineProvider *provider = g_task_get_task_data (task);
  VitrineJob *job = g_object_get_data (G_OBJECT (task), "job");

  if (vitrine_provider_uploads_files (provider, job))
    vitrine_media_host_new_from_settings_async (g_task_get_cancellable (task), host_cb, task);
  else
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
key_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineProvider *provider = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *key = vitrine_secrets_lookup_finish (result, &error);
  gboolean found = key != NULL && *key != '\0';

  vitrine_secrets_free (key);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!found)
    /* the same words as the job's, had it been sent */
    g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_AUTH,
                             _("Add your %s API key in Preferences."),
                             vitrine_provider_get_display_name (provider));
  else
    check_host (g_steal_pointer (&task));
}

void
vitrine_account_check_async (VitrineProvider     *provider,
                             VitrineJob          *job,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VITRINE_IS_PROVIDER (provider));
  g_return_if_fail (VITRINE_IS_JOB (job));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_account_check_async);
  g_task_set_task_data (task, g_object_ref (provider), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "job", g_object_ref (job), g_object_unref);
  if (vitrine_provider_get_declaration (provider)->has_key)
    vitrine_secrets_lookup_async (vitrine_provider_get_id (provider), cancellable, key_cb, task);
  else
    check_host (task);
}

gboolean
vitrine_account_check_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
