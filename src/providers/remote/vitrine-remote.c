/* vitrine-remote.c: the steps every cloud provider shares (see the header)
 *
 * A submit: key → photos prepared → files uploaded → the paid POST → the
 * answer read. A poll: key (when polls need one) → GET the poll URL → the
 * state applied → on completion every video downloaded. Each is one GTask
 * whose task data (Op) carries the job through the steps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vitrine-audio-prep.h"
#include "vitrine-config.h"
#include "vitrine-job-monitor.h"
#include "vitrine-media-host.h"
#include "vitrine-photo-prep.h"
#include "vitrine-remote.h"
#include "vitrine-secrets.h"

/* How long the POST may wait for its answer: uploads are done, but a
 * provider may fetch the photos before it answers. */
#define POST_TIMEOUT_S 120
#define POLL_TIMEOUT_S 30
/* Unreadable status replies in a row before the job is given up. */
#define MAX_BAD_REPLIES 5
#define DEFAULT_POLL_INTERVAL_MS 3000
/* one_active_job: how often the account is asked whether it still runs a
 * job that is not Vitrine's, and how often the job store is looked at. */
#define IDLE_CHECK_MS 30000
#define SLOT_TICK_MS 1000

typedef struct {
  double      credits_left;
  gboolean    has_credits;
  GHashTable *bad_replies;    /* job id → consecutive unreadable polls */
  GHashTable *writing;        /* output paths being downloaded */
} VitrineRemoteProviderPrivate;

static void vitrine_remote_provider_iface_init (VitrineProviderInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (VitrineRemoteProvider, vitrine_remote_provider, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (VitrineRemoteProvider)
                                  G_IMPLEMENT_INTERFACE (VITRINE_TYPE_PROVIDER,
                                                         vitrine_remote_provider_iface_init))

#define GET_CLASS(self) VITRINE_REMOTE_PROVIDER_GET_CLASS (self)
#define INFO(self) (GET_CLASS (self)->info)
#define GET_PRIV(self) ((VitrineRemoteProviderPrivate *) vitrine_remote_provider_get_instance_private (self))

/* One submit or poll in progress. */
typedef struct {
  VitrineJob          *job;
  char                *api_key;
  VitrineRemoteMedia   media;
  VitrineRemoteStatus  status;
  GPtrArray           *pending;   /* char ** slots of media still to upload */
  guint                index;     /* the upload or download under way */
  void               (*next) (GTask *task);  /* the step after the key lookup */
  char                *path;      /* the download under way */
} Op;

static void
media_clear (VitrineRemoteMedia *media)
{
  g_clear_pointer (&media->photos, g_ptr_array_unref);
  g_clear_pointer (&media->music, g_free);
  g_clear_pointer (&media->logo, g_free);
  g_clear_pointer (&media->outro, g_free);
  g_clear_pointer (&media->music_type, g_free);
}

static void
op_free (Op *op)
{
  g_clear_object (&op->job);
  g_clear_pointer (&op->api_key, vitrine_secrets_free);
  media_clear (&op->media);
  vitrine_remote_status_clear (&op->status);
  g_clear_pointer (&op->pending, g_ptr_array_unref);
  g_free (op->path);
  g_free (op);
}

static GTask *
op_task_new (VitrineRemoteProvider *self,
             VitrineJob            *job,
             GCancellable          *cancellable,
             GAsyncReadyCallback    callback,
             gpointer               user_data,
             gpointer               source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  op->job = g_object_ref (job);
  vitrine_remote_status_init (&op->status);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  return task;
}

static void     send_async  (VitrineRemoteProvider     *self,
                             VitrineJob                *job,
                             const VitrineRemoteMedia  *media,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data);
static gboolean send_finish (VitrineRemoteProvider     *self,
                             GAsyncResult              *result,
                             GError                   **error);

#define TASK_OP(task) ((Op *) g_task_get_task_data (task))
#define TASK_SELF(task) VITRINE_REMOTE_PROVIDER (g_task_get_source_object (task))

/* Settings and environment ------------------------------------------------ */

gboolean
vitrine_remote_is_url (const char *value)
{
  return value != NULL &&
         (g_ascii_strncasecmp (value, "https://", 8) == 0 ||
          g_ascii_strncasecmp (value, "http://", 7) == 0);
}

static gboolean
settings_have_key (GSettings  *settings,
                   const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL || key == NULL)
    return FALSE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

gboolean
vitrine_remote_default_test_mode (const char *provider_id)
{
  GSettings *settings = vitrine_config_get_settings ();
  g_autofree char *key = g_strdup_printf ("%s-test-mode", provider_id);

  if (settings_have_key (settings, key))
    return g_settings_get_boolean (settings, key);
  return TRUE;
}

char *
vitrine_remote_provider_dup_base_url (VitrineRemoteProvider *self)
{
  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), NULL);
  return vitrine_config_get_endpoint (INFO (self)->id, INFO (self)->default_url);
}

/* A number from $VITRINE_<ID>_<SUFFIX>, or -1. */
static double
env_number (VitrineRemoteProvider *self,
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
  if ((minutes = env_number (self, "TIMEOUT_MINUTES")) < 0)
    {
      if (settings_have_key (settings, info->timeout_key))
        minutes = g_settings_get_int (settings, info->timeout_key);
      else
        minutes = info->timeout_minutes;
    }
  return minutes * 60.0;
}

static char *
format_minutes (double seconds)
{
  return g_strdup_printf ("%g", seconds / 60.0);
}

/* Seconds since the POST left, or -1 when it never did. */
static double
seconds_since_submit (VitrineJob *job)
{
  const char *at = vitrine_job_get_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT);

  if (at == NULL)
    return -1;
  return g_get_real_time () / (double) G_USEC_PER_SEC - g_ascii_strtod (at, NULL);
}

static gboolean
deadline_passed (VitrineRemoteProvider *self,
                 VitrineJob            *job)
{
  double timeout = vitrine_remote_provider_get_timeout (self);

  return timeout > 0 && seconds_since_submit (job) > timeout;
}

/* Ends @job after the client timeout; @detail (may be NULL) is the last
 * fault seen. The video may still be made: the provider has no cancel. */
static void
fail_timeout (VitrineRemoteProvider *self,
              VitrineJob            *job,
              const char            *detail)
{
  g_autofree char *minutes = format_minutes (vitrine_remote_provider_get_timeout (self));
  g_autofree char *message = NULL;

  if (detail != NULL)
    message = g_strdup_printf (_("%s took longer than %s minutes; Vitrine stopped waiting "
                                 "(last error: %s)."),
                               INFO (self)->display_name, minutes, detail);
  else
    message = g_strdup_printf (_("%s took longer than %s minutes; Vitrine stopped waiting."),
                               INFO (self)->display_name, minutes);
  vitrine_job_fail (job, message);
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
  priv = GET_PRIV (self);
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
  priv = GET_PRIV (self);
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

static gboolean
is_cancelled (const GError *error)
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

  if (keyring_error != NULL)
    message = g_strdup_printf (_("Add your %s API key in Preferences (the keyring could not be "
                                 "read: %s)."),
                               INFO (self)->display_name, keyring_error->message);
  else
    message = g_strdup_printf (_("Add your %s API key in Preferences."),
                               INFO (self)->display_name);
  return auth_error (self, job, message);
}

/* The key of a lookup, or NULL with the error to report. */
static char *
lookup_key_finish (VitrineRemoteProvider  *self,
                   VitrineJob             *job,
                   GAsyncResult           *result,
                   GError                **error)
{
  g_autoptr(GError) keyring_error = NULL;
  char *key = vitrine_secrets_lookup_finish (result, &keyring_error);

  if (key != NULL && *key != '\0')
    return key;
  vitrine_secrets_free (key);
  if (is_cancelled (keyring_error))
    g_propagate_error (error, g_steal_pointer (&keyring_error));
  else
    g_propagate_error (error, missing_key_error (self, job, keyring_error));
  return NULL;
}

static GError *
refused_key_error (VitrineRemoteProvider *self,
                   VitrineJob            *job)
{
  g_autofree char *message = g_strdup_printf (_("%s refused the API key. Check it in Preferences."),
                                              INFO (self)->display_name);

  return auth_error (self, job, message);
}

/* The POST may have reached the provider and started a paid video, but its
 * answer is lost: never send it again blindly. */
static void
interrupt_job (VitrineRemoteProvider *self,
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

/* A fault worth another try later: the monitor backs off on BUSY. */
static GError *
busy_error (VitrineRemoteProvider *self,
            const GError          *cause)
{
  return g_error_new (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_BUSY, "%s: %s",
                      INFO (self)->display_name, cause->message);
}

/* What a failed paid POST means. Returns the error to report, or NULL when
 * the job was ended here. */
static GError *
settle_post_error (VitrineRemoteProvider *self,
                   VitrineJob            *job,
                   GError                *error)
{
  const char *name = INFO (self)->display_name;
  guint status = vitrine_http_error_get_status (error);
  g_autofree char *message = NULL;

  if (is_cancelled (error))
    return error;

  if (status == 401 || status == 403)
    {
      g_error_free (error);
      return refused_key_error (self, job);
    }
  if (status == 429 || status == 503 ||
      (INFO (self)->idempotent && (status == 408 || status == 425)))
    {
      /* Refused before anything started: back to QUEUED, so the monitor
       * sends it again after its backoff. */
      GError *busy = busy_error (self, error);

      g_error_free (error);
      vitrine_job_set_status_text (job, busy->message);
      vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);
      return busy;
    }
  if (status >= 400 && status < 500)
    message = g_strdup_printf (_("%s refused the video: %s"), name, error->message);
  else if (status >= 500)
    message = g_strdup_printf (_("%s failed to start the video (%s). Check your provider "
                                 "account before retrying."), name, error->message);
  else if (g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE) ||
           g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TLS) ||
           error->domain == G_IO_ERROR)
    /* Refused before sending (an address, a certificate, a local file). */
    message = g_strdup_printf (_("Could not send the video to %s: %s"), name, error->message);
  else
    {
      /* Reset, timeout, an unreadable answer: it may have arrived. */
      GError *busy = NULL;

      if (INFO (self)->recover != NULL)
        {
          /* The caller looks for what it made (see post_async). */
          busy = g_error_new (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_PROTOCOL, "%s",
                              error->message);
          g_error_free (error);
          return busy;
        }
      vitrine_remote_provider_lost_answer (self, job, error, &busy);
      g_error_free (error);
      return busy;
    }

  g_error_free (error);
  vitrine_job_fail (job, message);
  return NULL;
}

gboolean
vitrine_remote_provider_lost_answer (VitrineRemoteProvider  *self,
                                     VitrineJob             *job,
                                     const GError           *cause,
                                     GError                **error)
{
  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), FALSE);

  if (INFO (self)->idempotent)
    {
      /* The provider replays a POST it has seen: the start resumes from
       * the last step confirmed, with the same keys. */
      GError *busy = busy_error (self, cause);

      vitrine_job_set_status_text (job, busy->message);
      vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);
      g_propagate_error (error, busy);
      return FALSE;
    }
  interrupt_job (self, job, cause->message);
  return TRUE;
}

/* What a failed poll means: the job ended here (NULL), or an error for the
 * monitor (BUSY: try later). */
static GError *
settle_poll_error (VitrineRemoteProvider *self,
                   VitrineJob            *job,
                   GError                *error)
{
  const char *name = INFO (self)->display_name;
  guint status = vitrine_http_error_get_status (error);
  g_autofree char *message = NULL;
  GError *busy;

  if (is_cancelled (error))
    return error;

  if (deadline_passed (self, job))
    {
      fail_timeout (self, job, error->message);
      g_error_free (error);
      return NULL;
    }
  if (status == 401 || status == 403)
    {
      g_error_free (error);
      return refused_key_error (self, job);
    }
  else if (status == 404 || status == 410)
    message = g_strdup_printf (_("%s no longer knows this video: %s"), name, error->message);
  else if (status >= 400 && status < 500 && status != 408 && status != 425 && status != 429)
    message = g_strdup_printf (_("%s refused to say how the video is going: %s"), name,
                               error->message);
  else if (g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_INSECURE) ||
           g_error_matches (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_TLS))
    message = g_strdup_printf (_("Could not reach %s: %s"), name, error->message);

  if (message != NULL)
    {
      g_error_free (error);
      vitrine_job_fail (job, message);
      return NULL;
    }

  /* A network fault, a 5xx or 429 the HTTP layer gave up on, a reply cut
   * short: polling is safe to repeat. */
  busy = busy_error (self, error);
  g_error_free (error);
  return busy;
}

/* Validation ---------------------------------------------------------------- */

/* The job option "cover", 0 when missing or unreadable. */
static guint
cover_index (VitrineJob *job)
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

  if (vitrine_remote_is_url (value))
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
                   _("%s “%s” is neither a file on this computer nor a web address."), what, value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
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
      guint cover = cover_index (job);

      if (cover >= vitrine_job_get_n_photos (job))
        {
          g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                       _("%s makes its video from one photo, the cover, and there is no photo "
                         "number %u (there are %u)."), info->display_name, cover + 1,
                       vitrine_job_get_n_photos (job));
          return FALSE;
        }
      if (vitrine_remote_is_url (photos[cover]))
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
          vitrine_remote_is_url (extras[i].value))
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

/* Submit ------------------------------------------------------------------- */

static gboolean
is_transient (const GError *error)
{
  guint status = vitrine_http_error_get_status (error);

  if (error->domain == VITRINE_HTTP_ERROR)
    return error->code == VITRINE_HTTP_ERROR_NETWORK || error->code == VITRINE_HTTP_ERROR_TIMEOUT ||
           status == 408 || status == 429 || status >= 500;
  return vitrine_error_is_transient (error);
}

/* A step before the POST failed: nothing was sent, so a transient fault
 * puts the job back in QUEUED for the monitor to try again. */
static void
submit_return_error (GTask  *task,
                     GError *error)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineJob *job = TASK_OP (task)->job;

  if (!is_cancelled (error) && is_transient (error))
    {
      GError *busy = busy_error (self, error);

      g_error_free (error);
      vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);
      g_task_return_error (task, busy);
      return;
    }
  g_task_return_error (task, error);
}

static void
submit_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  VitrineJob *job = TASK_OP (task)->job;
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;
  const char *poll_url;

  if (!send_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (vitrine_job_is_finished (job) || vitrine_job_get_state (job) == VITRINE_JOB_STATE_QUEUED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The address to poll comes from the provider: it must meet the same
   * rule as ours (https, or loopback http). */
  poll_url = vitrine_job_get_poll_url (job);
  if (poll_url != NULL && !vitrine_http_check_url (poll_url, &local_error))
    {
      g_autofree char *message =
        g_strdup_printf (_("%s answered with an address Vitrine will not use (%s): %s. The video "
                           "may still be made on your account."),
                         INFO (self)->display_name, poll_url, local_error->message);

      vitrine_job_fail (job, message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  vitrine_job_set_progress (job, 0);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_SUBMITTED);
  g_task_return_boolean (task, TRUE);
}

/* Files the provider would refuse for their size (413): said before the
 * upload. FALSE when @job was ended. */
static gboolean
check_sizes (VitrineRemoteProvider *self,
             Op                    *op)
{
  guint64 max = INFO (self)->max_file_size;

  for (guint i = 0; max > 0 && i <= op->media.photos->len; i++)
    {
      const char *path = i < op->media.photos->len ? g_ptr_array_index (op->media.photos, i)
                                                   : op->media.music;
      GStatBuf st;

      if (path == NULL || vitrine_remote_is_url (path) || g_stat (path, &st) != 0 ||
          (guint64) st.st_size <= max)
        continue;
      {
        g_autofree char *name = g_path_get_basename (path);
        g_autofree char *limit = g_format_size (max);
        g_autofree char *size = g_format_size (st.st_size);
        /* Sizes in the locale's own way: "50,0 MB" in German. */
        g_autofree char *message =
          g_strdup_printf (_("%s takes files of at most %s, and “%s” is %s even after "
                             "Vitrine made it smaller. Choose a shorter music or another "
                             "photo."), INFO (self)->display_name, limit, name, size);

        vitrine_job_fail (op->job, message);
        return FALSE;
      }
    }
  return TRUE;
}

static void slot_wait (VitrineRemoteProvider *self,
                       VitrineJob            *job,
                       GTask                 *task);
static gboolean own_job_running (VitrineJob *job);

static void
submit_send (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);
  g_autofree char *sending = g_strdup_printf (_("Sending to %s…"), INFO (self)->display_name);
  char now[G_ASCII_DTOSTR_BUF_SIZE];

  if (INFO (self)->sends_files && !check_sizes (self, op))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (INFO (self)->one_active_job && own_job_running (op->job))
    {
      /* Another of Vitrine's jobs holds the provider's one slot: no POST
       * that would only be refused. */
      slot_wait (self, op->job, task);
      return;
    }

  /* The paid-POST rule: the job is out of QUEUED already (PREPARING or
   * UPLOADING) and gets its key now; the store saves both on notify, so
   * both are on disk before the request leaves. A restart that finds them
   * without a remote id never sends it again (vitrine-job-monitor.c). */
  g_assert (vitrine_job_get_state (op->job) != VITRINE_JOB_STATE_QUEUED);
  vitrine_job_ensure_idempotency_key (op->job);
  vitrine_job_set_option (op->job, VITRINE_JOB_OPTION_SUBMITTED_AT,
                          g_ascii_dtostr (now, sizeof now,
                                          floor (g_get_real_time () / (double) G_USEC_PER_SEC)));
  vitrine_job_set_status_text (op->job, sending);
  op->media.api_key = op->api_key;
  send_async (self, op->job, &op->media,
                                g_task_get_cancellable (task), submit_sent_cb, task);
}

/* Local files become URLs the provider can fetch: uploaded to the agent's
 * bucket, handed on as presigned links. */
static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);
  GError *error = NULL;
  g_auto(GStrv) urls = vitrine_media_host_upload_finish (VITRINE_MEDIA_HOST (object), result,
                                                         &error);

  if (urls == NULL)
    {
      if (g_error_matches (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_UNREACHABLE))
        {
          /* Nothing was sent to the provider: QUEUED again, tried later. */
          GError *busy = busy_error (self, error);

          g_error_free (error);
          vitrine_job_set_state (op->job, VITRINE_JOB_STATE_QUEUED);
          g_task_return_error (task, busy);
          return;
        }
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < op->pending->len && urls[i] != NULL; i++)
    {
      char **slot = g_ptr_array_index (op->pending, i);

      g_free (*slot);
      *slot = g_steal_pointer (&urls[i]);
    }
  vitrine_job_set_progress (op->job, 100);
  submit_send (g_steal_pointer (&task));
}

static void
upload_progress_cb (guint    done,
                    guint    total,
                    guint64  bytes,
                    gpointer user_data)
{
  vitrine_job_set_progress (VITRINE_JOB (user_data), total > 0 ? done * 100 / total : 0);
}

/* The object name of a local file: "photo-01.jpg", "music.mp3"… */
static char *
upload_name (const char *kind,
             guint       number,
             const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *ext = dot != NULL && strchr (dot, '/') == NULL ? dot : "";

  if (number > 0)
    return g_strdup_printf ("%s-%02u%s", kind, number, ext);
  return g_strconcat (kind, ext, NULL);
}

static void
host_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!(host = vitrine_media_host_new_from_settings_finish (result, &error)))
    {
      g_autofree char *message =
        g_strdup_printf (_("%s fetches photos from the web, and some are on this computer: %s"),
                         INFO (self)->display_name, error->message);

      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      g_error_free (error);
      return;
    }

  for (guint i = 0; i < op->pending->len; i++)
    {
      char **slot = g_ptr_array_index (op->pending, i);
      const char *kind = slot == &op->media.music ? "music" :
                         slot == &op->media.logo ? "logo" :
                         slot == &op->media.outro ? "outro" : "photo";

      g_ptr_array_add (files, *slot);
      g_ptr_array_add (names, upload_name (kind, g_str_equal (kind, "photo") ? i + 1 : 0, *slot));
    }
  g_ptr_array_add (files, NULL);
  g_ptr_array_add (names, NULL);
  cancellable = g_task_get_cancellable (task);
  vitrine_media_host_upload_async (host, vitrine_job_get_id (op->job),
                                   (const char * const *) files->pdata,
                                   (const char * const *) names->pdata,
                                   upload_progress_cb, g_object_ref (op->job), g_object_unref,
                                   cancellable, upload_cb, g_steal_pointer (&task));
}

/* Which inputs still are local files that must become URLs. */
static void
submit_collect (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  const VitrineRemoteProviderInfo *info = INFO (self);
  gboolean needs_urls = GET_CLASS (self)->capabilities.needs_urls;
  Op *op = TASK_OP (task);
  const struct {
    char                **slot;
    VitrineRemoteInputs   flag;
  } extras[] = {
    { &op->media.music, VITRINE_REMOTE_INPUT_MUSIC },
    { &op->media.logo, VITRINE_REMOTE_INPUT_LOGO },
    { &op->media.outro, VITRINE_REMOTE_INPUT_OUTRO },
  };

  op->pending = g_ptr_array_new ();
  for (guint i = 0; needs_urls && i < op->media.photos->len; i++)
    {
      char **slot = (char **) &g_ptr_array_index (op->media.photos, i);

      if (!vitrine_remote_is_url (*slot))
        g_ptr_array_add (op->pending, slot);
    }
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      char *value = *extras[i].slot;

      if ((needs_urls || (info->url_inputs & extras[i].flag) != 0) &&
          value != NULL && *value != '\0' && !vitrine_remote_is_url (value))
        g_ptr_array_add (op->pending, extras[i].slot);
    }

  if (op->pending->len == 0)
    {
      submit_send (task);
      return;
    }
  vitrine_job_set_progress (op->job, 0);
  vitrine_job_set_state (op->job, VITRINE_JOB_STATE_UPLOADING);
  vitrine_media_host_new_from_settings_async (g_task_get_cancellable (task), host_cb, task);
}

static void
audio_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = TASK_OP (task);
  GError *error = NULL;
  char *path = vitrine_audio_prep_finish (result, &op->media.music_type, &error);

  if (path == NULL)
    {
      submit_return_error (g_steal_pointer (&task), error);
      return;
    }
  g_free (op->media.music);
  op->media.music = path;
  submit_collect (g_steal_pointer (&task));
}

/* The job's music, logo and outro; music that travels as a file in a type
 * the provider does not take is converted first. */
static void
submit_upload (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  const VitrineRemoteProviderInfo *info = INFO (self);
  Op *op = TASK_OP (task);
  const char *music = vitrine_job_get_music (op->job);

  if (music != NULL && *music != '\0')
    op->media.music = info->resolve_music != NULL ? info->resolve_music (self, music) : NULL;
  if (op->media.music == NULL)
    op->media.music = g_strdup (music);
  op->media.logo = g_strdup (vitrine_job_get_logo (op->job));
  op->media.outro = g_strdup (vitrine_job_get_outro (op->job));

  if (info->sends_files && info->audio_types != NULL &&
      (info->url_inputs & VITRINE_REMOTE_INPUT_MUSIC) == 0 &&
      op->media.music != NULL && *op->media.music != '\0' &&
      !vitrine_remote_is_url (op->media.music))
    {
      g_autofree char *dir = vitrine_photo_prep_dup_job_dir (vitrine_job_get_id (op->job));

      vitrine_audio_prep_async (op->media.music, dir, info->audio_types,
                                g_task_get_cancellable (task), audio_cb, task);
      return;
    }
  submit_collect (task);
}

static void
prep_progress_cb (guint    done,
                  guint    total,
                  gpointer user_data)
{
  vitrine_job_set_progress (VITRINE_JOB (user_data), total > 0 ? done * 100 / total : 0);
}

static void
prep_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = TASK_OP (task);
  GError *error = NULL;
  g_auto(GStrv) prepared = vitrine_photo_prep_job_finish (result, &error);

  if (prepared == NULL)
    {
      submit_return_error (g_steal_pointer (&task), error);
      return;
    }
  op->media.photos = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; prepared[i] != NULL; i++)
    g_ptr_array_add (op->media.photos, g_steal_pointer (&prepared[i]));
  submit_upload (g_steal_pointer (&task));
}

static void
cover_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = TASK_OP (task);
  GError *error = NULL;
  char *prepared = vitrine_photo_prep_finish (result, &error);

  if (prepared == NULL)
    {
      submit_return_error (g_steal_pointer (&task), error);
      return;
    }
  op->media.photos = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (op->media.photos, prepared);
  submit_upload (g_steal_pointer (&task));
}

static void
submit_prepare (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);
  const char * const *photos = vitrine_job_get_photos (op->job);
  VitrinePhotoPrepOptions options;
  gboolean all_urls = TRUE;

  vitrine_job_set_error_message (op->job, NULL);
  vitrine_job_set_option (op->job, VITRINE_JOB_OPTION_ERROR_KIND, NULL);
  vitrine_job_set_progress (op->job, 0);
  vitrine_job_set_state (op->job, VITRINE_JOB_STATE_PREPARING);

  for (guint i = 0; photos[i] != NULL; i++)
    all_urls &= vitrine_remote_is_url (photos[i]);
  if (all_urls && !INFO (self)->cover_only)
    {
      /* Photos on the web pass through untouched. */
      op->media.photos = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; photos[i] != NULL; i++)
        g_ptr_array_add (op->media.photos, g_strdup (photos[i]));
      submit_upload (task);
      return;
    }

  vitrine_photo_prep_options_init (&options);
  if (INFO (self)->crop_photos)
    options.crop = vitrine_photo_crop_from_ratio (vitrine_job_get_ratio (op->job));
  if (INFO (self)->cover_only)
    {
      guint cover = cover_index (op->job);
      g_autofree char *dir = vitrine_photo_prep_dup_job_dir (vitrine_job_get_id (op->job));
      double x, y;

      vitrine_photo_prep_get_crop_offset (op->job, cover, &x, &y);
      vitrine_photo_prep_async (photos[cover], dir, cover, x, y, &options,
                                g_task_get_cancellable (task), cover_cb, task);
      return;
    }
  vitrine_photo_prep_job_async (op->job, &options, prep_progress_cb, g_object_ref (op->job),
                                g_object_unref, g_task_get_cancellable (task), prep_cb, task);
}

static void
key_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = TASK_OP (task);
  GError *error = NULL;

  if (!(op->api_key = lookup_key_finish (TASK_SELF (task), op->job, result, &error)))
    g_task_return_error (task, error);
  else
    op->next (g_steal_pointer (&task));
}

/* Looks the API key up, then goes on with @next. */
static void
with_key (GTask  *task,
          void  (*next) (GTask *task))
{
  TASK_OP (task)->next = next;
  vitrine_secrets_lookup_async (INFO (TASK_SELF (task))->id, g_task_get_cancellable (task),
                                key_cb, task);
}

static void
vitrine_remote_provider_submit_async (VitrineProvider     *provider,
                                      VitrineJob          *job,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);

  with_key (op_task_new (self, job, cancellable, callback, user_data,
                         vitrine_remote_provider_submit_async),
            submit_prepare);
}

/* Vikit-style refusal for want of credits: nothing started, nothing
 * charged. Only an https page is offered (and kept) to buy more. */
static void
fail_for_credits (VitrineRemoteProvider    *self,
                  VitrineJob               *job,
                  const VitrineRemoteStart *start)
{
  const VitrineRemoteProviderInfo *info = INFO (self);
  g_autoptr(GUri) top_up = start->top_up_url != NULL ?
                           g_uri_parse (start->top_up_url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autofree char *left = start->has_credits ? g_strdup_printf ("%g", start->credits_left)
                                             : g_strdup (_("too few"));
  guint needed = info->credits_per_photo * vitrine_job_get_n_photos (job);
  g_autoptr(GString) message = g_string_new (NULL);

  /* TRANSLATORS: "Not enough Vikit credits: 1 left." */
  g_string_printf (message, _("Not enough %s credits: %s left."), info->display_name, left);
  if (needed > 0)
    {
      g_string_append_c (message, ' ');
      g_string_append_printf (message, ngettext ("This video needs %u credit.",
                                                 "This video needs %u credits.", needed), needed);
    }
  g_string_append_c (message, ' ');
  g_string_append (message, _("No video was started and nothing was charged."));
  if (top_up != NULL && g_strcmp0 (g_uri_get_scheme (top_up), "https") == 0)
    {
      vitrine_job_set_option (job, VITRINE_JOB_OPTION_TOP_UP_URL, start->top_up_url);
      g_string_append_c (message, ' ');
      g_string_append_printf (message, _("Buy more at %s"), start->top_up_url);
    }
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ERROR_KIND, "credits");
  vitrine_job_fail (job, message->str);
}

gboolean
vitrine_remote_provider_apply_start (VitrineRemoteProvider     *self,
                                     VitrineJob                *job,
                                     const VitrineRemoteStart  *start,
                                     GError                   **error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), FALSE);

  switch (start->outcome)
    {
    case VITRINE_REMOTE_STARTED:
      vitrine_job_set_remote_id (job, start->remote_id);
      if (start->poll_url != NULL)
        vitrine_job_set_poll_url (job, start->poll_url);
      else
        {
          g_autofree char *base_url = vitrine_remote_provider_dup_base_url (self);
          g_autofree char *escaped = g_uri_escape_string (start->remote_id, NULL, FALSE);
          g_autofree char *poll_url = g_strconcat (base_url, INFO (self)->poll_path, "/",
                                                   escaped, NULL);

          vitrine_job_set_poll_url (job, poll_url);
        }
      if (start->has_credits)
        vitrine_remote_provider_set_credits (self, job, start->status_text, start->credits_left,
                                             start->credits_used);
      else
        vitrine_job_set_status_text (job, start->status_text);
      return TRUE;

    case VITRINE_REMOTE_REFUSED_KEY:
      /* Said in a 200, as Vikit does. */
      g_propagate_error (error, refused_key_error (self, job));
      return FALSE;

    case VITRINE_REMOTE_REFUSED_CREDITS:
      fail_for_credits (self, job, start);
      return TRUE;

    case VITRINE_REMOTE_REFUSED:
    default:
      message = vitrine_remote_provider_describe_failure (self, start->error);
      vitrine_job_fail (job, message);
      return TRUE;
    }
}

/* The paid POST --------------------------------------------------------------- */

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = g_task_get_source_object (task);
  VitrineJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  GBytes *body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error);

  if (body != NULL)
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
  else if (vitrine_http_error_get_status (error) == 409 && INFO (self)->one_active_job)
    {
      /* "One job at a time": nothing started; wait for the slot. */
      g_debug ("%s is busy: %s", INFO (self)->display_name, error->message);
      g_error_free (error);
      slot_wait (self, job, g_steal_pointer (&task));
    }
  else if ((error = settle_post_error (self, job, error)) != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, NULL, NULL);
}

void
vitrine_remote_provider_post_async (VitrineRemoteProvider *self,
                                    VitrineJob            *job,
                                    VitrineHttpRequest    *request,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (VITRINE_IS_REMOTE_PROVIDER (self));
  g_return_if_fail (VITRINE_IS_JOB (job));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_remote_provider_post_async);
  g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  /* Without idempotency keys (Vikit, IACrea, VidGen) the HTTP layer must
   * not send this again unless it surely never arrived (connection
   * refused); with them (AIXpose) it may: the provider replays. */
  if (!INFO (self)->idempotent)
    vitrine_http_request_set_idempotent (request, FALSE);
  vitrine_http_request_set_timeout (request, POST_TIMEOUT_S);
  vitrine_http_send_async (vitrine_http_get_default (), request, cancellable, post_cb, task);
}

GBytes *
vitrine_remote_provider_post_finish (VitrineRemoteProvider  *self,
                                     GAsyncResult           *result,
                                     GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The default start: one POST, its answer applied. */
typedef struct {
  VitrineJob *job;
  char       *api_key;   /* for a recover after a lost answer */
  GError     *lost;      /* why the answer was lost */
} Send;

static void
send_free (Send *send)
{
  g_clear_object (&send->job);
  g_clear_pointer (&send->api_key, vitrine_secrets_free);
  g_clear_error (&send->lost);
  g_free (send);
}

static void
lost_recovered_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && is_cancelled (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (vitrine_job_get_remote_id (send->job) == NULL)
    interrupt_job (self, send->job, send->lost->message);
  g_task_return_boolean (task, TRUE);
}

/* The answer to the start is lost: the provider looks for what it made in
 * its own list, else the job is INTERRUPTED (or QUEUED again, idempotent). */
static void
send_lost (GTask  *task,
           GError *cause)
{
  VitrineRemoteProvider *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  GError *error = NULL;

  send->lost = cause;
  if (INFO (self)->recover != NULL && !INFO (self)->idempotent)
    {
      INFO (self)->recover (self, send->job, send->api_key, g_task_get_cancellable (task),
                            lost_recovered_cb, task);
      return;
    }
  if (!vitrine_remote_provider_lost_answer (self, send->job, cause, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
real_send_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  Send *send = g_task_get_task_data (task);
  g_auto(VitrineRemoteStart) start = { 0 };
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  if (!(body = vitrine_remote_provider_post_finish (self, result, &error)))
    {
      if (g_error_matches (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_PROTOCOL))
        send_lost (task, error);
      else
        {
          if (error != NULL)
            g_task_return_error (task, error);
          else
            g_task_return_boolean (task, TRUE); /* the job was ended or put back */
          g_object_unref (task);
        }
      return;
    }

  if (!vitrine_remote_parse_start (INFO (self)->replies, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), &start, &error))
    {
      /* It arrived, and may have started: the answer is as good as lost. */
      send_lost (task, error);
      return;
    }
  if (!vitrine_remote_provider_apply_start (self, send->job, &start, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
vitrine_remote_provider_real_send_async (VitrineRemoteProvider    *self,
                                         VitrineJob               *job,
                                         const VitrineRemoteMedia *media,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  const VitrineRemoteProviderInfo *info = INFO (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(VitrineHttpRequest) request =
    vitrine_remote_provider_new_request (self, "POST", info->submit_path, media->api_key, job,
                                         "start");
  Send *send = g_new0 (Send, 1);

  g_task_set_source_tag (task, vitrine_remote_provider_real_send_async);
  send->job = g_object_ref (job);
  send->api_key = g_strdup (media->api_key);
  g_task_set_task_data (task, send, (GDestroyNotify) send_free);
  if (info->build_request != NULL)
    info->build_request (request, job, media);
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;

      json_builder_begin_object (builder);
      info->build_body (builder, job, media);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      vitrine_http_request_set_json_body (request, body, info->secret_members);
    }
  vitrine_remote_provider_post_async (self, job, request, cancellable, real_send_cb,
                                      g_steal_pointer (&task));
}


/* The provider's own start when it has one (several POSTs), else the
 * single POST above. */
static void
send_async (VitrineRemoteProvider    *self,
            VitrineJob               *job,
            const VitrineRemoteMedia *media,
            GCancellable             *cancellable,
            GAsyncReadyCallback       callback,
            gpointer                  user_data)
{
  if (INFO (self)->send_async != NULL)
    INFO (self)->send_async (self, job, media, cancellable, callback, user_data);
  else
    vitrine_remote_provider_real_send_async (self, job, media, cancellable, callback, user_data);
}

static gboolean
send_finish (VitrineRemoteProvider  *self,
             GAsyncResult           *result,
             GError                **error)
{
  if (INFO (self)->send_finish != NULL)
    return INFO (self)->send_finish (self, result, error);
  /* The default send's task */
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Multi-POST starts ------------------------------------------------------- */

VitrineHttpRequest *
vitrine_remote_provider_new_request (VitrineRemoteProvider *self,
                                     const char            *method,
                                     const char            *path,
                                     const char            *api_key,
                                     VitrineJob            *job,
                                     const char            *step)
{
  g_autofree char *base_url = NULL;
  g_autofree char *url = NULL;
  VitrineHttpRequest *request;

  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), NULL);

  base_url = vitrine_remote_provider_dup_base_url (self);
  url = g_strconcat (base_url != NULL ? base_url : "", path, NULL);
  request = vitrine_http_request_new (method, url);
  if (INFO (self)->add_auth != NULL && api_key != NULL)
    INFO (self)->add_auth (request, api_key);
  if (INFO (self)->idempotent && step != NULL)
    {
      /* The same key for the same step of the same job, whoever sends it
       * and however often: the provider replays. */
      g_autofree char *key = g_strdup_printf ("%s-%s", vitrine_job_ensure_idempotency_key (job),
                                              step);

      vitrine_http_request_add_header (request, "Idempotency-Key", key);
    }
  return request;
}

gboolean
vitrine_remote_provider_take_start (VitrineRemoteProvider  *self,
                                    VitrineJob             *job,
                                    GBytes                 *body,
                                    GError                **error)
{
  g_auto(VitrineRemoteStart) start = { 0 };
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VITRINE_IS_REMOTE_PROVIDER (self), FALSE);

  if (!vitrine_remote_parse_start (INFO (self)->replies, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), &start, &local_error))
    return vitrine_remote_provider_lost_answer (self, job, local_error, error);
  return vitrine_remote_provider_apply_start (self, job, &start, error);
}

static char *
step_option (const char *step)
{
  return g_strconcat ("step-", step, NULL);
}

const char *
vitrine_remote_job_get_step (VitrineJob *job,
                             const char *step)
{
  const char *key = vitrine_job_get_idempotency_key (job);
  g_autofree char *name = step_option (step);
  const char *value = vitrine_job_get_option (job, name);
  gsize len = key != NULL ? strlen (key) : 0;

  if (key == NULL || value == NULL || strncmp (value, key, len) != 0 || value[len] != ':' ||
      value[len + 1] == '\0')
    return NULL;
  return value + len + 1;
}

void
vitrine_remote_job_set_step (VitrineJob *job,
                             const char *step,
                             const char *id)
{
  g_autofree char *name = step_option (step);
  g_autofree char *value = g_strconcat (vitrine_job_ensure_idempotency_key (job), ":", id, NULL);

  vitrine_job_set_option (job, name, value);
}

/* Jobs in the store ------------------------------------------------------------ */

VitrineJobStore *
vitrine_remote_job_get_store (VitrineJob *job)
{
  /* The monitor marks the jobs it drives with itself. */
  VitrineJobMonitor *monitor = g_object_get_data (G_OBJECT (job), "vitrine-monitor");

  return monitor != NULL ? vitrine_job_monitor_get_store (monitor) : NULL;
}

VitrineJob *
vitrine_remote_find_job (VitrineJobStore *store,
                         const char      *provider_id,
                         const char      *remote_id,
                         VitrineJob      *except)
{
  guint n = store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (store)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (job != except && g_strcmp0 (vitrine_job_get_remote_id (job), remote_id) == 0 &&
          g_str_equal (vitrine_job_get_provider_id (job), provider_id))
        return job; /* the store keeps its reference */
    }
  return NULL;
}

/* One job at a time per key ------------------------------------------------------ */

/* Whether another job of @job's provider holds the provider's slot: sent
 * and not over (SUBMITTED, PROCESSING; DOWNLOADING means the provider is
 * done), or its POST on the way. The store refreshes the jobs other
 * processes drive every second. */
static gboolean
own_job_running (VitrineJob *job)
{
  VitrineJobStore *store = vitrine_remote_job_get_store (job);
  guint n = store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (store)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineJob) other = g_list_model_get_item (G_LIST_MODEL (store), i);
      VitrineJobState state = vitrine_job_get_state (other);

      if (other == job ||
          !g_str_equal (vitrine_job_get_provider_id (other), vitrine_job_get_provider_id (job)))
        continue;
      if (state == VITRINE_JOB_STATE_SUBMITTED || state == VITRINE_JOB_STATE_PROCESSING ||
          (state == VITRINE_JOB_STATE_UPLOADING && vitrine_job_get_remote_id (other) == NULL &&
           vitrine_job_get_option (other, VITRINE_JOB_OPTION_SUBMITTED_AT) != NULL))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  GTask      *task;        /* the submit's or the POST's */
  VitrineJob *job;
  guint       tick_id;
  gint64      next_check;  /* monotonic µs: when the account may be asked again */
  gboolean    own_seen;    /* one of Vitrine's jobs held the slot */
  gboolean    checking;
  gboolean    done;
} SlotWait;

static void
slot_wait_unref (SlotWait *wait)
{
  if (wait->checking || !wait->done)
    return;
  g_clear_object (&wait->task);
  g_clear_object (&wait->job);
  g_free (wait);
}

/* Ends the wait: @error for the task, or BUSY (the monitor sends the job
 * again after its backoff). */
static void
slot_wait_end (SlotWait *wait,
               GError   *error)
{
  VitrineRemoteProvider *self = g_task_get_source_object (wait->task);

  g_clear_handle_id (&wait->tick_id, g_source_remove);
  wait->done = TRUE;
  if (error == NULL)
    error = g_error_new (VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_BUSY,
                         _("%s is free again"), INFO (self)->display_name);
  g_task_return_error (wait->task, error);
  slot_wait_unref (wait);
}

static double
idle_check_ms (VitrineRemoteProvider *self)
{
  double ms = env_number (self, "IDLE_CHECK_MS");

  return ms >= 1 ? ms : IDLE_CHECK_MS;
}

static void
idle_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SlotWait *wait = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  g_autoptr(GError) error = NULL;
  gboolean idle = g_task_propagate_boolean (G_TASK (result), &error);

  wait->checking = FALSE;
  wait->next_check = g_get_monotonic_time () + idle_check_ms (self) * 1000;
  if (error != NULL)
    g_debug ("Could not ask %s whether it runs a job: %s", INFO (self)->display_name,
             error->message);
  if (wait->done)
    slot_wait_unref (wait);
  else if (idle)
    slot_wait_end (wait, NULL);
}

static gboolean
slot_tick_cb (gpointer data)
{
  SlotWait *wait = data;
  VitrineRemoteProvider *self = g_task_get_source_object (wait->task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (wait->task), &error))
    {
      wait->tick_id = 0;
      slot_wait_end (wait, error);
      return G_SOURCE_REMOVE;
    }
  if (vitrine_job_is_finished (wait->job))
    {
      /* Cancelled from elsewhere while it waited. */
      wait->tick_id = 0;
      slot_wait_end (wait, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                "The job ended while it waited"));
      return G_SOURCE_REMOVE;
    }

  if (own_job_running (wait->job))
    wait->own_seen = TRUE;
  else if (wait->own_seen)
    {
      /* Vitrine's previous job is over: its slot is free now. */
      wait->tick_id = 0;
      slot_wait_end (wait, NULL);
      return G_SOURCE_REMOVE;
    }

  /* Someone else's job, or ours seen stale: ask the account, not too often. */
  if (!wait->checking && g_get_monotonic_time () >= wait->next_check &&
      INFO (self)->check_idle != NULL)
    {
      wait->checking = TRUE;
      INFO (self)->check_idle (self, g_task_get_cancellable (wait->task), idle_checked_cb, wait);
    }
  return G_SOURCE_CONTINUE;
}

/* @job waits for the provider's one slot (see one_active_job); @task is
 * returned when it is free. */
static void
slot_wait (VitrineRemoteProvider *self,
           VitrineJob            *job,
           GTask                 *task)
{
  SlotWait *wait = g_new0 (SlotWait, 1);
  g_autofree char *text = g_strdup_printf (_("Waiting for your previous %s job"),
                                           INFO (self)->display_name);
  guint tick = MIN (SLOT_TICK_MS, vitrine_provider_get_poll_interval (VITRINE_PROVIDER (self), job));

  /* Nothing was sent, or it was refused: not submitted. */
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT, NULL);
  vitrine_job_set_status_text (job, text);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);

  wait->task = task;
  wait->job = g_object_ref (job);
  /* The refusal (or the job seen running) was the latest look. */
  wait->next_check = g_get_monotonic_time () + idle_check_ms (self) * 1000;
  wait->tick_id = g_timeout_add (MAX (tick, 10), slot_tick_cb, wait);
  g_source_set_name_by_id (wait->tick_id, "[vitrine] provider slot wait");
}

/* Recover and cancel ----------------------------------------------------------- */

static void
recovered_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  Op *op = TASK_OP (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The list could not be read: the job stays as it is, the monitor
       * looks again after its backoff. */
      if (!is_cancelled (error) && is_transient (error))
        {
          GError *busy = busy_error (self, error);

          g_error_free (error);
          error = busy;
        }
      g_task_return_error (task, error);
      return;
    }
  if (vitrine_job_get_remote_id (op->job) == NULL)
    interrupt_job (self, op->job, _("no job of this start was found in the provider’s list"));
  else
    {
      vitrine_job_set_progress (op->job, 0);
      vitrine_job_set_state (op->job, VITRINE_JOB_STATE_SUBMITTED);
    }
  g_task_return_boolean (task, TRUE);
}

/* A start whose answer was lost (the program stopped, or the answer never
 * came): resumed with the same keys (idempotent), started again when it
 * never left, or looked for in the provider's list. */
static void
recover_start (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);

  if (INFO (self)->idempotent ||
      vitrine_job_get_option (op->job, VITRINE_JOB_OPTION_SUBMITTED_AT) == NULL)
    submit_prepare (task);
  else if (INFO (self)->recover != NULL)
    INFO (self)->recover (self, op->job, op->api_key, g_task_get_cancellable (task), recovered_cb,
                          task);
  else
    {
      interrupt_job (self, op->job, "no id was recorded");
      g_task_return_boolean (task, TRUE);
    }
}

static void
vitrine_remote_provider_recover_async (VitrineProvider     *provider,
                                       VitrineJob          *job,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);

  with_key (op_task_new (self, job, cancellable, callback, user_data,
                         vitrine_remote_provider_recover_async),
            recover_start);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
cancel_send (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);

  INFO (self)->cancel (self, op->job, op->api_key, g_task_get_cancellable (task), cancelled_cb,
                       task);
}

static void
vitrine_remote_provider_cancel_async (VitrineProvider     *provider,
                                      VitrineJob          *job,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);

  with_key (op_task_new (self, job, cancellable, callback, user_data,
                         vitrine_remote_provider_cancel_async),
            cancel_send);
}

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
      g_task_return_error (task, refused_key_error (self, NULL));
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
  char *key = lookup_key_finish (g_task_get_source_object (task), NULL, result, &error);

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
                                        gboolean               with_key,
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
  if (with_key && INFO (self)->add_auth != NULL)
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

void
vitrine_remote_provider_remember_credits (VitrineRemoteProvider *self,
                                          double                 left)
{
  VitrineRemoteProviderPrivate *priv;

  g_return_if_fail (VITRINE_IS_REMOTE_PROVIDER (self));
  priv = GET_PRIV (self);
  priv->credits_left = left;
  priv->has_credits = TRUE;
}

/* Downloads ------------------------------------------------------------------ */

static char *
output_dir_for (VitrineJob *job)
{
  const char *dir = vitrine_job_get_output_dir (job);

  return dir != NULL && *dir != '\0' ? g_strdup (dir) : vitrine_default_output_dir ();
}

static char *
file_name_part (const char *text)
{
  char *part = g_strdup (text != NULL ? text : "");

  g_strdelimit (g_strstrip (part), "/\\:*?\"<>|", '-');
  return part;
}

/* "<dir>/<listing>.mp4" for a single video, "<dir>/<listing> - <label>.mp4"
 * for several; " (2)", " (3)"… when the name is taken on disk or by a
 * download under way. */
static char *
output_path_for (VitrineRemoteProvider *self,
                 VitrineJob            *job,
                 const char            *dir,
                 const char            *label,
                 guint                  n)
{
  GHashTable *writing = GET_PRIV (self)->writing;
  g_autofree char *listing = file_name_part (vitrine_job_get_name (job));
  g_autofree char *label_part = file_name_part (label);
  g_autofree char *stem = NULL;

  if (*listing == '\0')
    {
      g_free (listing);
      listing = g_strdup (_("Listing"));
    }
  stem = n == 1 ? g_strdup (listing) : g_strdup_printf ("%s - %s", listing, label_part);

  for (guint copy = 1; ; copy++)
    {
      g_autofree char *name = copy == 1 ? g_strdup_printf ("%s.mp4", stem)
                                        : g_strdup_printf ("%s (%u).mp4", stem, copy);
      char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_hash_table_contains (writing, path))
        return path;
      g_free (path);
    }
}

static gboolean
already_downloaded (VitrineJob *job,
                    const char *url)
{
  GPtrArray *outputs = vitrine_job_get_outputs (job);

  for (guint i = 0; i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      if (g_strcmp0 (output->url, url) == 0 && output->path != NULL &&
          g_file_test (output->path, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  return FALSE;
}

static char *
output_label (VitrineRemoteProvider *self,
              guint                  index,
              guint                  n)
{
  const char * const *labels = INFO (self)->output_labels;

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      if (i == index)
        return g_strdup (_(labels[i]));
    }
  if (n == 1)
    return g_strdup (_("Video"));
  return g_strdup_printf (_("Video %u"), index + 1);
}

static void download_next (GTask *task);

static void
download_progress_cb (double   fraction,
                      gpointer user_data)
{
  Op *op = TASK_OP (G_TASK (user_data));
  guint n = op->status.videos->len;

  vitrine_job_set_progress (op->job, (guint) (((op->index + CLAMP (fraction, 0.0, 1.0)) * 100.0) / n));
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);
  const char *url = g_ptr_array_index (op->status.videos, op->index);
  g_autofree char *label = output_label (self, op->index, op->status.videos->len);
  GError *error = NULL;

  g_hash_table_remove (GET_PRIV (self)->writing, op->path);
  if (!vitrine_http_download_finish (VITRINE_HTTP (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (is_cancelled (error) || is_transient (error))
        {
          /* The job stays DOWNLOADING: the next poll starts again where
           * this one stopped (finished files are kept). */
          GError *busy = is_cancelled (error) ? error : busy_error (self, error);

          if (busy != error)
            g_error_free (error);
          g_task_return_error (task, busy);
          return;
        }
      message = g_strdup_printf (_("Could not download the video “%s” made by %s: %s"), label,
                                 INFO (self)->display_name, error->message);
      g_error_free (error);
      vitrine_job_fail (op->job, message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  vitrine_job_add_output (op->job, label, url, op->path);
  op->index++;
  download_next (g_steal_pointer (&task));
}

static void
download_next (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);
  GPtrArray *videos = op->status.videos;
  g_autoptr(VitrineHttpRequest) request = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *label = NULL;

  while (op->index < videos->len &&
         already_downloaded (op->job, g_ptr_array_index (videos, op->index)))
    op->index++;
  if (op->index == videos->len)
    {
      vitrine_job_set_state (op->job, VITRINE_JOB_STATE_COMPLETED);
      g_task_return_boolean (task, TRUE);
      return;
    }

  dir = output_dir_for (op->job);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("Cannot create the folder “%s”: %s"), dir,
                                                  g_strerror (saved_errno));

      vitrine_job_fail (op->job, message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  label = output_label (self, op->index, videos->len);
  g_free (op->path);
  op->path = output_path_for (self, op->job, dir, label, videos->len);
  g_hash_table_add (GET_PRIV (self)->writing, g_strdup (op->path));

  request = vitrine_http_request_new ("GET", g_ptr_array_index (videos, op->index));
  vitrine_http_download_async (vitrine_http_get_default (), request, op->path,
                               download_progress_cb, task, g_task_get_cancellable (task),
                               download_cb, task);
}

/* Poll ------------------------------------------------------------------------ */

static void
poll_apply (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);
  VitrineRemoteStatus *status = &op->status;
  VitrineJobState current = vitrine_job_get_state (op->job);

  if (status->has_credits)
    vitrine_remote_provider_set_credits (self, op->job, status->status_text,
                                         status->credits_left, status->credits_used);
  else if (status->status_text != NULL)
    vitrine_job_set_status_text (op->job, status->status_text);
  if (status->share_url != NULL && vitrine_remote_is_url (status->share_url))
    vitrine_job_set_option (op->job, VITRINE_JOB_OPTION_SHARE_URL, status->share_url);

  switch (status->state)
    {
    case VITRINE_JOB_STATE_CANCELLED:
      /* Cancelled at the provider (from its dashboard, or by us). */
      vitrine_job_set_state (op->job, VITRINE_JOB_STATE_CANCELLED);
      g_task_return_boolean (task, TRUE);
      return;

    case VITRINE_JOB_STATE_FAILED:
      {
        g_autofree char *message = NULL;

        message = vitrine_remote_provider_describe_failure (self, status->error);
        vitrine_job_fail (op->job, message);
        g_task_return_boolean (task, TRUE);
        return;
      }

    case VITRINE_JOB_STATE_COMPLETED:
      if (current != VITRINE_JOB_STATE_DOWNLOADING)
        {
          vitrine_job_set_progress (op->job, 0);
          vitrine_job_set_state (op->job, VITRINE_JOB_STATE_DOWNLOADING);
        }
      op->index = 0;
      download_next (task);
      return;

    case VITRINE_JOB_STATE_SUBMITTED:
      /* Never back from PROCESSING (IACrea's PENDING after
       * GENERATING_VIDEO: it retries sequences, the job goes on). */
      if (current < VITRINE_JOB_STATE_SUBMITTED)
        vitrine_job_set_state (op->job, VITRINE_JOB_STATE_SUBMITTED);
      break;

    default:
      vitrine_job_set_state (op->job, VITRINE_JOB_STATE_PROCESSING);
      break;
    }

  if (status->progress >= 0)
    vitrine_job_set_progress (op->job, status->progress);
  g_task_return_boolean (task, TRUE);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = TASK_SELF (task);
  GHashTable *bad_replies = GET_PRIV (self)->bad_replies;
  Op *op = TASK_OP (task);
  const char *id = vitrine_job_get_id (op->job);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint bad;

  body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error);
  if (vitrine_job_is_finished (op->job))
    {
      /* Cancelled meanwhile: whatever the answer, the job stays ended. */
      g_clear_error (&error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (body == NULL)
    {
      if ((error = settle_poll_error (self, op->job, error)) != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  if (vitrine_remote_parse_status (INFO (self)->replies, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), &op->status, &error))
    {
      g_hash_table_remove (bad_replies, id);
      poll_apply (g_steal_pointer (&task));
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A reply cut short is worth another poll; a provider that keeps
   * answering gibberish is not. */
  bad = GPOINTER_TO_UINT (g_hash_table_lookup (bad_replies, id)) + 1;
  g_hash_table_insert (bad_replies, g_strdup (id), GUINT_TO_POINTER (bad));
  if (bad < MAX_BAD_REPLIES && !deadline_passed (self, op->job))
    {
      g_task_return_error (task, busy_error (self, error));
      g_error_free (error);
      return;
    }
  g_hash_table_remove (bad_replies, id);
  {
    g_autofree char *message = g_strdup_printf (_("Could not read the answers of %s: %s"),
                                                INFO (self)->display_name, error->message);

    vitrine_job_fail (op->job, message);
  }
  g_error_free (error);
  g_task_return_boolean (task, TRUE);
}

static void
poll_send (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  Op *op = TASK_OP (task);
  const char *url = vitrine_job_get_poll_url (op->job);
  g_autoptr(VitrineHttpRequest) request = NULL;
  double timeout = vitrine_remote_provider_get_timeout (self);

  if (url == NULL)
    {
      g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_PROTOCOL,
                               _("%s gave no address to follow the video."),
                               INFO (self)->display_name);
      return;
    }
  request = vitrine_http_request_new ("GET", url);
  if (INFO (self)->add_auth != NULL)
    INFO (self)->add_auth (request, op->api_key);
  if (timeout > 0)
    {
      /* A poll that hangs must not outlive the client timeout by much. */
      double left = timeout - seconds_since_submit (op->job);

      vitrine_http_request_set_timeout (request, (guint) CLAMP (ceil (left), 1, POLL_TIMEOUT_S));
      if (left < 2 * POLL_TIMEOUT_S)
        vitrine_http_request_set_max_attempts (request, 1);
    }
  vitrine_http_send_async (vitrine_http_get_default (), request, g_task_get_cancellable (task),
                           poll_cb, task);
}

static void
vitrine_remote_provider_poll_async (VitrineProvider     *provider,
                                    VitrineJob          *job,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);
  g_autoptr(GTask) task = op_task_new (self, job, cancellable, callback, user_data,
                                       vitrine_remote_provider_poll_async);

  if (vitrine_job_get_remote_id (job) == NULL)
    {
      /* Stopped while preparing or uploading (no idempotency key yet):
       * nothing was sent, start again. With a key, the monitor has already
       * ended it INTERRUPTED; this is the same rule once more. */
      if (vitrine_job_get_idempotency_key (job) == NULL)
        with_key (g_steal_pointer (&task), submit_prepare);
      else if (GET_CLASS (self)->capabilities.can_recover)
        with_key (g_steal_pointer (&task), recover_start);
      else
        {
          interrupt_job (self, job, "no id was recorded");
          g_task_return_boolean (task, TRUE);
        }
      return;
    }

  if (deadline_passed (self, job))
    {
      fail_timeout (self, job, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (INFO (self)->add_auth != NULL)
    with_key (g_steal_pointer (&task), poll_send);
  else
    poll_send (g_steal_pointer (&task));
}

static void
cleanup_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vitrine_media_host_delete_job_finish (VITRINE_MEDIA_HOST (object), result, &error))
    g_debug ("Uploaded files not deleted: %s", error->message);
}

static void
cleanup_host_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree char *job_id = user_data;
  g_autoptr(VitrineMediaHost) host = vitrine_media_host_new_from_settings_finish (result, NULL);

  if (host != NULL)
    vitrine_media_host_delete_job_async (host, job_id, NULL, cleanup_deleted_cb, NULL);
}

/* A job that uploaded files and has ended leaves them to the media host's
 * rule (deleted now, or after keep-days). */
static void
cleanup_uploads (VitrineJob *job)
{
  const char * const *photos = vitrine_job_get_photos (job);
  const char *extras[] = { vitrine_job_get_music (job), vitrine_job_get_logo (job),
                           vitrine_job_get_outro (job) };
  gboolean uploaded = FALSE;

  for (guint i = 0; photos[i] != NULL; i++)
    uploaded |= !vitrine_remote_is_url (photos[i]);
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    uploaded |= extras[i] != NULL && g_path_is_absolute (extras[i]);
  if (uploaded)
    vitrine_media_host_new_from_settings_async (NULL, cleanup_host_cb,
                                                g_strdup (vitrine_job_get_id (job)));
}

static gboolean
vitrine_remote_provider_finish (VitrineProvider  *provider,
                                GAsyncResult     *result,
                                GError          **error)
{
  VitrineJob *job;

  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);
  job = TASK_OP (G_TASK (result))->job;
  if (vitrine_job_get_state (job) == VITRINE_JOB_STATE_COMPLETED ||
      vitrine_job_get_state (job) == VITRINE_JOB_STATE_FAILED)
    cleanup_uploads (job);
  return g_task_propagate_boolean (G_TASK (result), error);
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

static guint
vitrine_remote_provider_get_poll_interval (VitrineProvider *provider,
                                           VitrineJob      *job)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);
  double ms = env_number (self, "POLL_MS");

  if (ms >= 1)
    return (guint) ms;
  return INFO (self)->poll_interval_ms != 0 ? INFO (self)->poll_interval_ms : DEFAULT_POLL_INTERVAL_MS;
}

static void
vitrine_remote_provider_iface_init (VitrineProviderInterface *iface)
{
  iface->get_id = vitrine_remote_provider_get_id;
  iface->get_display_name = vitrine_remote_provider_get_display_name;
  iface->get_capabilities = vitrine_remote_provider_get_capabilities;
  iface->estimate_cost = vitrine_remote_provider_estimate_cost;
  iface->get_poll_interval = vitrine_remote_provider_get_poll_interval;
  iface->validate = vitrine_remote_provider_validate;
  iface->submit_async = vitrine_remote_provider_submit_async;
  iface->submit_finish = vitrine_remote_provider_finish;
  iface->poll_async = vitrine_remote_provider_poll_async;
  iface->poll_finish = vitrine_remote_provider_finish;
  /* Only where the table has a cancel (capabilities.can_cancel). */
  iface->cancel_async = vitrine_remote_provider_cancel_async;
  iface->cancel_finish = vitrine_remote_provider_finish;
  iface->recover_async = vitrine_remote_provider_recover_async;
  iface->recover_finish = vitrine_remote_provider_finish;
}

static void
vitrine_remote_provider_finalize (GObject *object)
{
  VitrineRemoteProviderPrivate *priv = GET_PRIV (VITRINE_REMOTE_PROVIDER (object));

  g_hash_table_unref (priv->bad_replies);
  g_hash_table_unref (priv->writing);
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
  VitrineRemoteProviderPrivate *priv = GET_PRIV (self);

  priv->bad_replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->writing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
