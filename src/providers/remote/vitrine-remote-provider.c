/* vitrine-remote-provider.c: the class VitrineRemoteProvider (see vitrine-remote-provider.h)
 *
 * The class, its VitrineProvider vfuncs and what every step shares: the
 * settings and environment, the credits, the errors, the key lookup. The
 * steps themselves live in the other vitrine-remote-*.c files (see
 * vitrine-remote-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "vitrine-config.h"
#include "vitrine-remote-private.h"
#include "vitrine-secrets.h"

#define DEFAULT_POLL_INTERVAL_MS 3000

static void vitrine_remote_provider_iface_init (VitrineProviderInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (VitrineRemoteProvider, vitrine_remote_provider, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (VitrineRemoteProvider)
                                  G_IMPLEMENT_INTERFACE (VITRINE_TYPE_PROVIDER,
                                                         vitrine_remote_provider_iface_init))

VitrineRemoteProviderPrivate *
vitrine_remote_provider_get_priv (VitrineRemoteProvider *self)
{
  return vitrine_remote_provider_get_instance_private (self);
}

void
vitrine_remote_media_clear (VitrineRemoteMedia *media)
{
  g_clear_pointer (&media->photos, g_ptr_array_unref);
  g_clear_pointer (&media->music, g_free);
  g_clear_pointer (&media->logo, g_free);
  g_clear_pointer (&media->outro, g_free);
  g_clear_pointer (&media->music_type, g_free);
}

void
vitrine_remote_op_free (VitrineRemoteOp *op)
{
  g_clear_object (&op->job);
  g_clear_pointer (&op->api_key, vitrine_secrets_free);
  vitrine_remote_media_clear (&op->media);
  vitrine_remote_status_clear (&op->status);
  g_clear_pointer (&op->pending, g_ptr_array_unref);
  g_free (op->path);
  g_free (op);
}

GTask *
vitrine_remote_op_new (VitrineRemoteProvider *self,
                       VitrineJob            *job,
                       GCancellable          *cancellable,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data,
                       gpointer               source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  VitrineRemoteOp *op = g_new0 (VitrineRemoteOp, 1);

  op->job = g_object_ref (job);
  vitrine_remote_status_init (&op->status);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) vitrine_remote_op_free);
  return task;
}

void
vitrine_remote_call_job (VitrineRemoteProvider *self,
                         VitrineRemoteJobCall   call,
                         VitrineJob            *job,
                         const char            *api_key,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vitrine_remote_call_job);
  g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  call (self, task, api_key);
}

/* Settings and environment ------------------------------------------------ */

char *
vitrine_remote_provider_dup_base_url (VitrineRemoteProvider *self)
{
  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), NULL);
  return vitrine_config_get_endpoint (INFO (self)->id, INFO (self)->default_url);
}

/* A number from $VITRINE_<ID>_<SUFFIX>, or -1. */
double
vitrine_remote_env_number (VitrineRemoteProvider *self,
                           const char            *suffix)
{
  g_autofree char *value = vitrine_config_get_string (INFO (self)->id, suffix, NULL, NULL);
  char *end = NULL;
  double number;

  if (value == NULL)
    return -1;
  number = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (number) || number < 0)
    return -1;
  return number;
}

double
vitrine_remote_provider_get_timeout (VitrineRemoteProvider *self)
{
  const VitrineRemoteProviderInfo *info;
  GSettings *settings = vitrine_config_get_settings ();
  double minutes;

  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), 0);
  info = INFO (self);
  if ((minutes = vitrine_remote_env_number (self, "TIMEOUT_MINUTES")) < 0)
    {
      if (vitrine_config_has_key (info->timeout_key))
        minutes = g_settings_get_int (settings, info->timeout_key);
      else
        minutes = info->timeout_minutes;
    }
  return minutes * 60.0;
}

/* Credits ------------------------------------------------------------------ */

gboolean
vitrine_remote_provider_get_credits_left (VitrineRemoteProvider *self,
                                          VitrineJob            *job,
                                          double                *left)
{
  VitrineRemoteProviderPrivate *priv;
  const char *value;

  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), FALSE);
  priv = vitrine_remote_provider_get_priv (self);
  value = job != NULL ? vitrine_job_get_option (job, VITRINE_JOB_OPTION_CREDITS_LEFT) : NULL;
  if (value != NULL)
    {
      *left = g_ascii_strtod (value, NULL);
      return TRUE;
    }
  *left = priv->credits_left;
  return priv->has_credits;
}

void
vitrine_remote_provider_set_credits (VitrineRemoteProvider *self,
                                     VitrineJob            *job,
                                     const char            *status_text,
                                     double                 left,
                                     double                 used)
{
  VitrineRemoteProviderPrivate *priv;
  char left_str[G_ASCII_DTOSTR_BUF_SIZE];
  char used_str[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;

  g_return_if_fail (VITRINE_IS_REMOTE_PROVIDER (self));
  priv = vitrine_remote_provider_get_priv (self);
  priv->credits_left = left;
  priv->has_credits = TRUE;
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_CREDITS_LEFT,
                          g_ascii_dtostr (left_str, sizeof left_str, left));
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_CREDITS_USED,
                          g_ascii_dtostr (used_str, sizeof used_str, used));
  if (status_text != NULL)
    /* TRANSLATORS: the provider's own status, then its credit balance */
    text = g_strdup_printf (_("%s — %g credits used, %g left"), status_text, used, left);
  else
    text = g_strdup_printf (_("%g credits used, %g left"), used, left);
  vitrine_job_set_status_text (job, text);
}

char *
vitrine_remote_provider_describe_failure (VitrineRemoteProvider *self,
                                          const char            *reason)
{
  const char *format;
  const char *why;

  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), NULL);
  format = INFO (self)->failure_format;
  why = reason != NULL && *reason != '\0' ? reason : _("no reason given");
  if (format != NULL)
    return g_strdup_printf (_(format), why);
  return g_strdup_printf (_("%s could not make the video: %s"), INFO (self)->display_name, why);
}

/* Errors, the same for every provider --------------------------------------- */

static GError *
auth_error (VitrineRemoteProvider *self,
            VitrineJob            *job,
            const char            *message)
{
  if (job != NULL)
    vitrine_job_set_option (job, VITRINE_JOB_OPTION_ERROR_KIND, "auth");
  return g_error_new_literal (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_AUTH, message);
}

gboolean
vitrine_remote_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* No key: none stored, or (@keyring_error) no keyring to read it from. */
static GError *
missing_key_error (VitrineRemoteProvider *self,
                   VitrineJob            *job,
                   const GError          *keyring_error)
{
  g_autofree char *message = NULL;

  /* No keyring is mostly vitrine-cli on a machine without a desktop,
   * where the environment is the way in. */
  if (keyring_error != NULL)
    {
      g_autofree char *variable = vitrine_config_env_name (INFO (self)->id, "API_KEY");

      message = g_strdup_printf (_("Add your %s API key in Preferences, or set $%s (the keyring "
                                   "could not be read: %s)."),
                                 INFO (self)->display_name, variable, keyring_error->message);
    }
  else
    message = g_strdup_printf (_("Add your %s API key in Preferences."),
                               INFO (self)->display_name);
  return auth_error (self, job, message);
}

/* The key of a lookup, or NULL with the error to report. */
char *
vitrine_remote_lookup_key_finish (VitrineRemoteProvider  *self,
                                  VitrineJob             *job,
                                  GAsyncResult           *result,
                                  GError                **error)
{
  g_autoptr(GError) keyring_error = NULL;
  char *key = vitrine_secrets_lookup_finish (result, &keyring_error);

  if (key != NULL && *key != '\0')
    return key;
  vitrine_secrets_free (key);
  if (vitrine_remote_is_cancelled (keyring_error))
    g_propagate_error (error, g_steal_pointer (&keyring_error));
  else
    g_propagate_error (error, missing_key_error (self, job, keyring_error));
  return NULL;
}

GError *
vitrine_remote_refused_key_error (VitrineRemoteProvider *self,
                                  VitrineJob            *job)
{
  g_autofree char *message = g_strdup_printf (_("%s refused the API key. Check it in Preferences."),
                                              INFO (self)->display_name);

  return auth_error (self, job, message);
}

/* The POST may have reached the provider and started a paid video, but its
 * answer is lost: never send it again blindly. */
void
vitrine_remote_interrupt_job (VitrineRemoteProvider *self,
                              VitrineJob            *job,
                              const char            *detail)
{
  g_autofree char *message =
    g_strdup_printf (_("The answer of %s was lost (%s). The video may have started and been "
                       "charged: check your provider account before retrying."),
                     INFO (self)->display_name, detail);

  g_debug ("Job %s interrupted: %s", vitrine_job_get_id (job), detail);
  vitrine_job_set_error_message (job, message);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_INTERRUPTED);
}

GError *
vitrine_remote_pause_for_key (VitrineRemoteProvider *self,
                              VitrineJob            *job,
                              const GError          *cause)
{
  g_autofree char *reason = NULL;
  GError *busy;

  if (cause != NULL)
    reason = g_strdup (cause->message);
  else
    /* TRANSLATORS: "IACrea refused the key — check it in Preferences" */
    reason = g_strdup_printf (_("%s refused the key — check it in Preferences"),
                              INFO (self)->display_name);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ERROR_KIND, "auth");
  vitrine_job_set_attention (job, reason);
  busy = g_error_new_literal (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_BUSY, reason);
  return busy;
}

/* A fault worth another try later: the monitor backs off on BUSY. */
GError *
vitrine_remote_busy_error (VitrineRemoteProvider *self,
                           const GError          *cause)
{
  GError *busy = g_error_new (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_BUSY, "%s: %s",
                              INFO (self)->display_name, cause->message);

  /* The server's Retry-After travels on to the monitor's backoff. */
  vitrine_provider_error_set_retry_after (busy, vitrine_error_get_retry_after (cause));
  return busy;
}

/* A network fault, a timeout, 408, 429 or 5xx: worth another try. */
static gboolean
is_transient (const GError *error)
{
  guint status = vitrine_http_error_get_status (error);

  if (error->domain == VITRINE_HTTP_ERROR)
    return error->code == VITRINE_HTTP_ERROR_NETWORK || error->code == VITRINE_HTTP_ERROR_UNREACHABLE ||
           error->code == VITRINE_HTTP_ERROR_TIMEOUT ||
           status == 408 || status == 429 || status >= 500;
  return vitrine_error_is_transient (error);
}

gboolean
vitrine_remote_make_busy (VitrineRemoteProvider  *self,
                          GError                **error)
{
  GError *busy;

  if (!is_transient (*error))
    return FALSE;
  busy = vitrine_remote_busy_error (self, *error);
  g_error_free (*error);
  *error = busy;
  return TRUE;
}

static void
key_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteOp *op = TASK_OP (task);
  GError *error = NULL;

  if (!(op->api_key = vitrine_remote_lookup_key_finish (TASK_SELF (task), op->job, result, &error)))
    {
      if (vitrine_job_get_remote_id (op->job) != NULL &&
          g_error_matches (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_AUTH))
        {
          /* A job the provider accepted waits for its key: paused. */
          GError *busy = vitrine_remote_pause_for_key (TASK_SELF (task), op->job, error);

          g_error_free (error);
          error = busy;
        }
      g_task_return_error (task, error);
    }
  else
    op->next (g_steal_pointer (&task));
}

/* Looks the API key up, then goes on with @next. */
void
vitrine_remote_with_key (GTask  *task,
                         void  (*next) (GTask *task))
{
  TASK_OP (task)->next = next;
  vitrine_secrets_lookup_async (INFO (TASK_SELF (task))->id, g_task_get_cancellable (task),
                                key_cb, task);
}

void
vitrine_remote_provider_remember_credits (VitrineRemoteProvider *self,
                                          double                 left)
{
  VitrineRemoteProviderPrivate *priv;

  g_return_if_fail (VITRINE_IS_REMOTE_PROVIDER (self));
  priv = vitrine_remote_provider_get_priv (self);
  priv->credits_left = left;
  priv->has_credits = TRUE;
}

/* The copies on the media host go when the job ends, whatever the end —
 * but not when it is INTERRUPTED: the provider may have the job and fetch
 * the photos still; the start-up sweep removes them once their links have
 * expired. */
static void
vitrine_remote_provider_job_ended (VitrineProvider *provider,
                                   VitrineJob      *job)
{
  if (vitrine_job_get_state (job) != VITRINE_JOB_STATE_INTERRUPTED)
    vitrine_remote_cleanup_uploads (job);
}

static gboolean
vitrine_remote_provider_is_busy (VitrineProvider *provider)
{
  return vitrine_remote_cleanups_pending ();
}

/* The driver of @job (the monitor), kept while it drives it: the steps
 * reach the store through it (vitrine_remote_job_get_store()). */
static void
vitrine_remote_provider_drive (VitrineProvider  *provider,
                               VitrineJob       *job,
                               VitrineJobDriver *driver)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);
  GHashTable *drivers = vitrine_remote_provider_get_priv (self)->drivers;

  if (driver != NULL)
    g_hash_table_insert (drivers, job, driver);
  else
    g_hash_table_remove (drivers, job);
}

/* The interface ---------------------------------------------------------------- */

static const char *
vitrine_remote_provider_get_id (VitrineProvider *provider)
{
  return INFO (provider)->id;
}

static const char *
vitrine_remote_provider_get_display_name (VitrineProvider *provider)
{
  return INFO (provider)->display_name;
}

static const VitrineProviderCapabilities *
vitrine_remote_provider_get_capabilities (VitrineProvider *provider)
{
  return &GET_CLASS (provider)->capabilities;
}

static char *
vitrine_remote_provider_estimate_cost (VitrineProvider *provider,
                                       VitrineJob      *job)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);

  if (INFO (self)->estimate_cost == NULL)
    return NULL;
  return INFO (self)->estimate_cost (self, job);
}

static gboolean
vitrine_remote_provider_estimate_price (VitrineProvider *provider,
                                        VitrineJob      *job,
                                        double          *euros)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);

  return INFO (self)->estimate_price != NULL && INFO (self)->estimate_price (self, job, euros);
}

static guint
vitrine_remote_provider_get_poll_interval (VitrineProvider *provider,
                                           VitrineJob      *job)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);
  double ms = vitrine_remote_env_number (self, "POLL_MS");

  if (ms >= 1)
    return (guint) ms;
  if (INFO (self)->poll_interval_ms != 0)
    return INFO (self)->poll_interval_ms;
  return DEFAULT_POLL_INTERVAL_MS;
}

static void
vitrine_remote_provider_iface_init (VitrineProviderInterface *iface)
{
  iface->get_id = vitrine_remote_provider_get_id;
  iface->get_display_name = vitrine_remote_provider_get_display_name;
  iface->get_capabilities = vitrine_remote_provider_get_capabilities;
  iface->estimate_cost = vitrine_remote_provider_estimate_cost;
  iface->estimate_price = vitrine_remote_provider_estimate_price;
  iface->uploads_files = vitrine_remote_provider_uploads_files;
  iface->is_busy = vitrine_remote_provider_is_busy;
  iface->get_poll_interval = vitrine_remote_provider_get_poll_interval;
  iface->validate = vitrine_remote_provider_validate;
  iface->submit_async = vitrine_remote_provider_submit_async;
  iface->poll_async = vitrine_remote_provider_poll_async;
  /* Only where the table has a cancel (capabilities.can_cancel). */
  iface->cancel_async = vitrine_remote_provider_cancel_async;
  iface->recover_async = vitrine_remote_provider_recover_async;
  iface->job_ended = vitrine_remote_provider_job_ended;
  iface->drive = vitrine_remote_provider_drive;
}

static void
vitrine_remote_provider_finalize (GObject *object)
{
  VitrineRemoteProviderPrivate *priv =
    vitrine_remote_provider_get_priv (VITRINE_REMOTE_PROVIDER (object));

  g_hash_table_unref (priv->bad_replies);
  g_hash_table_unref (priv->drivers);
  G_OBJECT_CLASS (vitrine_remote_provider_parent_class)->finalize (object);
}

static void
vitrine_remote_provider_class_init (VitrineRemoteProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_remote_provider_finalize;
}

void
vitrine_remote_provider_class_install (VitrineRemoteProviderClass      *klass,
                                       const VitrineRemoteProviderInfo *info)
{
  g_return_if_fail (VITRINE_IS_REMOTE_PROVIDER_CLASS (klass));
  g_return_if_fail (info != NULL && info->id != NULL && info->replies != NULL &&
                    (info->build_body != NULL || info->send_async != NULL ||
                     info->build_request != NULL));
  g_return_if_fail (!info->sends_files || info->send_async != NULL ||
                    info->build_request != NULL);

  klass->info = info;
  /* What every cloud provider is, unless its table says otherwise. */
  klass->capabilities = (VitrineProviderCapabilities) {
    .ratios = info->ratios != 0 ? info->ratios : VITRINE_RATIO_FLAG_16_9,
    .min_photos = 1,
    .max_photos = 0,
    .needs_urls = !info->sends_files,
    .needs_network = TRUE,
    .supports_test_mode = info->supports_test_mode,
    .can_cancel = info->cancel != NULL,
    .is_paid = TRUE,
    .can_recover = info->idempotent || info->recover != NULL,
  };
}

static void
vitrine_remote_provider_init (VitrineRemoteProvider *self)
{
  VitrineRemoteProviderPrivate *priv = vitrine_remote_provider_get_priv (self);

  priv->bad_replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->drivers = g_hash_table_new (NULL, NULL);
}
