/* vitrine-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "vitrine-config.h"
#include "vitrine-secrets.h"

static const SecretSchema *
vitrine_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".Secret", SECRET_SCHEMA_NONE,
    {
      { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

/* The environment's value, for scripts and tests. */
static char *
vitrine_secrets_from_env (const char *id)
{
  g_autofree char *name = vitrine_config_env_name (id, g_str_equal (id, "s3") ? "SECRET_KEY"
                                                                            : "API_KEY");
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static void
vitrine_secrets_lookup_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

void
vitrine_secrets_lookup_async (const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  char *env = vitrine_secrets_from_env (id);

  g_task_set_source_tag (task, vitrine_secrets_lookup_async);
  if (env != NULL)
    {
      g_task_return_pointer (task, env, (GDestroyNotify) vitrine_secrets_free);
      return;
    }
  secret_password_lookup (vitrine_secrets_get_schema (), cancellable, vitrine_secrets_lookup_cb,
                          g_steal_pointer (&task), "id", id, NULL);
}

char *
vitrine_secrets_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
vitrine_secrets_lookup_sync (const char    *id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  char *env = vitrine_secrets_from_env (id);

  if (env != NULL)
    return env;
  return secret_password_lookup_sync (vitrine_secrets_get_schema (), cancellable, error,
                                      "id", id, NULL);
}

static void
vitrine_secrets_store_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* An empty @secret removes the stored one. */
void
vitrine_secrets_store_async (const char          *id,
                             const char          *secret,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = g_strdup_printf (_("Vitrine: %s key"), id);

  g_task_set_source_tag (task, vitrine_secrets_store_async);
  if (secret == NULL || *secret == '\0')
    {
      g_autoptr(GError) error = NULL;

      /* Removing is quick and rare (Preferences): the sync call is fine. */
      secret_password_clear_sync (vitrine_secrets_get_schema (), cancellable, &error, "id", id, NULL);
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  secret_password_store (vitrine_secrets_get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, vitrine_secrets_store_cb, g_steal_pointer (&task),
                         "id", id, NULL);
}

gboolean
vitrine_secrets_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vitrine_secrets_free (char *secret)
{
  if (secret != NULL)
    secret_password_free (secret);
}
