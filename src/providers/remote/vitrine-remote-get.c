/* vitrine-remote-get.c: GETs for the window and vitrine-cli
 *
 * GETs outside a job (catalogues, balances, health), with the key when
 * asked, for the window and vitrine-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-remote-private.h"
#include "vitrine-secrets.h"

/* For the window ------------------------------------------------------------------ */

static void
get_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  guint status = 0;
  GBytes *body = vitrine_http_send_finish (VITRINE_HTTP (object), result, &status, &error);

  if (body != NULL)
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
  else if (status == 401 || status == 403)
    {
      g_error_free (error);
      g_task_return_error (task, vitrine_remote_refused_key_error (self, NULL));
    }
  else
    g_task_return_error (task, error);
}

static void
get_send (GTask      *task,
               const char *api_key)
{
  VitrineRemoteProvider *self = g_task_get_source_object (task);
  g_autoptr(VitrineHttpRequest) request =
    vitrine_http_request_new ("GET", g_task_get_task_data (task));

  vitrine_http_request_set_error_reader (request, INFO (self)->replies->read_error);
  if (api_key != NULL)
    INFO (self)->add_auth (request, api_key);
  vitrine_http_send_async (vitrine_http_get_default (), request, g_task_get_cancellable (task),
                           get_cb, task);
}

static void
get_key_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  char *key = vitrine_remote_lookup_key_finish (g_task_get_source_object (task), NULL, result,
                                                &error);

  if (key == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  get_send (task, key);
  vitrine_secrets_free (key);
}

void
vitrine_remote_provider_get_async (VitrineRemoteProvider *self,
                                        const char            *path,
                                        gboolean               vitrine_remote_with_key,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VITRINE_IS_REMOTE_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_remote_provider_get_async);
  base_url = vitrine_remote_provider_dup_base_url (self);
  if (base_url == NULL || *base_url == '\0')
    {
      g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                               _("Set your %s address in Preferences."), INFO (self)->display_name);
      return;
    }
  if (!vitrine_http_check_url (base_url, &error))
    {
      g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                               _("The address of %s (%s) cannot be used: %s"),
                               INFO (self)->display_name, base_url, error->message);
      return;
    }
  g_task_set_task_data (task, g_strconcat (base_url, path, NULL), g_free);
  if (vitrine_remote_with_key && INFO (self)->add_auth != NULL)
    vitrine_secrets_lookup_async (INFO (self)->id, cancellable, get_key_cb,
                                  g_steal_pointer (&task));
  else
    get_send (g_steal_pointer (&task), NULL);
}

GBytes *
vitrine_remote_provider_get_finish (VitrineRemoteProvider  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
