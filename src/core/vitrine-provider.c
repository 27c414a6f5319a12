/* vitrine-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-http.h"
#include "vitrine-provider.h"

/* A provider's error keeps the wait its server asked for (BUSY after a
 * 429 with Retry-After): see vitrine_error_get_retry_after(). */
typedef struct {
  guint retry_after_ms;
} VitrineProviderErrorPrivate;

static void
vitrine_provider_error_private_init (VitrineProviderErrorPrivate *priv)
{
}

static void
vitrine_provider_error_private_copy (const VitrineProviderErrorPrivate *src,
                                     VitrineProviderErrorPrivate       *dest)
{
  dest->retry_after_ms = src->retry_after_ms;
}

static void
vitrine_provider_error_private_clear (VitrineProviderErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (VitrineProviderError, vitrine_provider_error)
G_DEFINE_INTERFACE (VitrineProvider, vitrine_provider, G_TYPE_OBJECT)

static char *
vitrine_provider_real_estimate_cost (VitrineProvider *self,
                                     VitrineJob      *job)
{
  return NULL;
}

static gboolean
vitrine_provider_real_estimate_price (VitrineProvider *self,
                                      VitrineJob      *job,
                                      double          *euros)
{
  return FALSE;
}

static double
vitrine_provider_real_estimate_length (VitrineProvider *self,
                                       VitrineJob      *job)
{
  return 0;
}

static gboolean
vitrine_provider_real_uploads_files (VitrineProvider *self,
                                     VitrineJob      *job)
{
  const char * const *photos = vitrine_job_get_photos (job);

  if (!vitrine_provider_get_capabilities (self)->needs_urls)
    return FALSE;
  for (guint i = 0; photos != NULL && photos[i] != NULL; i++)
    if (!vitrine_is_web_url (photos[i]))
      return TRUE;
  return FALSE;
}

static guint
vitrine_provider_real_get_poll_interval (VitrineProvider *self,
                                         VitrineJob      *job)
{
  return 3000;
}

static gboolean
vitrine_provider_real_validate (VitrineProvider  *self,
                                VitrineJob       *job,
                                GError          **error)
{
  return TRUE;
}

/* A step's finish unless the provider has its own: the step's answer is a
 * GTask of @self's, resolved with a boolean. */
static gboolean
vitrine_provider_real_step_finish (VitrineProvider  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vitrine_provider_default_init (VitrineProviderInterface *iface)
{
  iface->submit_finish = vitrine_provider_real_step_finish;
  iface->poll_finish = vitrine_provider_real_step_finish;
  iface->cancel_finish = vitrine_provider_real_step_finish;
  iface->recover_finish = vitrine_provider_real_step_finish;
  iface->estimate_cost = vitrine_provider_real_estimate_cost;
  iface->estimate_price = vitrine_provider_real_estimate_price;
  iface->estimate_length = vitrine_provider_real_estimate_length;
  iface->uploads_files = vitrine_provider_real_uploads_files;
  iface->get_poll_interval = vitrine_provider_real_get_poll_interval;
  iface->validate = vitrine_provider_real_validate;
}

const char *
vitrine_provider_get_id (VitrineProvider *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), NULL);
  return VITRINE_PROVIDER_GET_IFACE (self)->get_id (self);
}

const char *
vitrine_provider_get_display_name (VitrineProvider *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), NULL);
  return VITRINE_PROVIDER_GET_IFACE (self)->get_display_name (self);
}

const VitrineProviderCapabilities *
vitrine_provider_get_capabilities (VitrineProvider *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), NULL);
  return VITRINE_PROVIDER_GET_IFACE (self)->get_capabilities (self);
}

/**
 * vitrine_provider_estimate_cost:
 *
 * Returns: (transfer full) (nullable): what a submit of @job costs, for a
 * person ("5.00 €", "free"), or %NULL when it costs nothing.
 */
char *
vitrine_provider_estimate_cost (VitrineProvider *self,
                                VitrineJob      *job)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), NULL);
  return VITRINE_PROVIDER_GET_IFACE (self)->estimate_cost (self, job);
}

/* The price of @job in euros, when its cost is money; FALSE otherwise. */
gboolean
vitrine_provider_estimate_price (VitrineProvider *self,
                                 VitrineJob      *job,
                                 double          *euros)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (euros != NULL, FALSE);
  return VITRINE_PROVIDER_GET_IFACE (self)->estimate_price (self, job, euros);
}

double
vitrine_provider_estimate_length (VitrineProvider *self,
                                  VitrineJob      *job)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), 0);
  return VITRINE_PROVIDER_GET_IFACE (self)->estimate_length (self, job);
}

gboolean
vitrine_provider_uploads_files (VitrineProvider *self,
                                VitrineJob      *job)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);
  return VITRINE_PROVIDER_GET_IFACE (self)->uploads_files (self, job);
}

char *
vitrine_provider_dup_file_stem (VitrineJob *job)
{
  const char *name = vitrine_job_get_name (job);
  VitrineProvider *provider;

  g_return_val_if_fail (VITRINE_IS_JOB (job), NULL);

  provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  if (vitrine_job_get_group (job) == NULL || provider == NULL)
    return g_strdup (name);
  if (name == NULL || *name == '\0')
    return g_strdup (vitrine_provider_get_display_name (provider));
  /* Translators: a file name: "<listing name> - <provider name>" */
  return g_strdup_printf (_("%s - %s"), name, vitrine_provider_get_display_name (provider));
}

static GMutex claimed_lock;
static GHashTable *claimed;  /* path → how many claims */

gboolean
vitrine_provider_output_taken (const char *path)
{
  gboolean taken;

  g_return_val_if_fail (path != NULL, TRUE);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_mutex_lock (&claimed_lock);
  taken = claimed != NULL && g_hash_table_contains (claimed, path);
  g_mutex_unlock (&claimed_lock);
  return taken;
}

void
vitrine_provider_claim_output (const char *path)
{
  g_return_if_fail (path != NULL);

  g_mutex_lock (&claimed_lock);
  if (claimed == NULL)
    claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (claimed, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (claimed, path)) + 1));
  g_mutex_unlock (&claimed_lock);
}

void
vitrine_provider_release_output (const char *path)
{
  guint n;

  g_return_if_fail (path != NULL);

  g_mutex_lock (&claimed_lock);
  n = claimed != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (claimed, path)) : 0;
  if (n > 1)
    g_hash_table_insert (claimed, g_strdup (path), GUINT_TO_POINTER (n - 1));
  else if (n == 1)
    g_hash_table_remove (claimed, path);
  g_mutex_unlock (&claimed_lock);
}

/* Milliseconds between two polls of @job. */
guint
vitrine_provider_get_poll_interval (VitrineProvider *self,
                                    VitrineJob      *job)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), 3000);
  return VITRINE_PROVIDER_GET_IFACE (self)->get_poll_interval (self, job);
}

gboolean
vitrine_provider_supports_ratio (VitrineProvider *self,
                                 VitrineRatio     ratio)
{
  return (vitrine_provider_get_capabilities (self)->ratios & (1u << ratio)) != 0;
}

/* Every ratio asked must be one the provider makes; several, or an
 * MLS-unbranded copy, only from a provider that makes several outputs. */
static gboolean
vitrine_provider_validate_outputs (VitrineProvider  *self,
                                   VitrineJob       *job,
                                   GError          **error)
{
  const char *name = vitrine_provider_get_display_name (self);
  VitrineRatio ratios[3];
  guint n = vitrine_ratio_flags_list (vitrine_job_get_ratios (job), ratios);

  for (guint i = 0; i < n; i++)
    if (!vitrine_provider_supports_ratio (self, ratios[i]))
      {
        g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                     _("%s cannot make %s videos."), name, vitrine_ratio_to_string (ratios[i]));
        return FALSE;
      }
  if (vitrine_provider_get_capabilities (self)->several_outputs)
    return TRUE;
  if (n > 1)
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   _("%s makes one shape per video: choose one."), name);
      return FALSE;
    }
  if (vitrine_job_get_unbranded (job))
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   _("%s cannot make an MLS-unbranded copy: turn it off."), name);
      return FALSE;
    }
  return TRUE;
}

/* Checks @job before any network traffic or rendering; the error message is
 * for a person. The checks every provider shares come first. */
gboolean
vitrine_provider_validate (VitrineProvider  *self,
                           VitrineJob       *job,
                           GError          **error)
{
  const VitrineProviderCapabilities *caps;
  guint n_photos;

  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);

  caps = vitrine_provider_get_capabilities (self);
  n_photos = vitrine_job_get_n_photos (job);
  if (n_photos < MAX (caps->min_photos, 1))
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   "%s", _("Add at least one photo."));
      return FALSE;
    }
  if (caps->max_photos != 0 && n_photos > caps->max_photos)
    {
      g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                   ngettext ("%s takes at most %u photo.", "%s takes at most %u photos.",
                             caps->max_photos),
                   vitrine_provider_get_display_name (self), caps->max_photos);
      return FALSE;
    }
  if (!vitrine_provider_validate_outputs (self, job, error))
    return FALSE;

  return VITRINE_PROVIDER_GET_IFACE (self)->validate (self, job, error);
}

/* Where each step's vfuncs sit in the interface, and the capability an
 * optional step needs (-1: every provider has the step). */
#define STEP(name, capability) \
  { G_STRUCT_OFFSET (VitrineProviderInterface, name##_async), \
    G_STRUCT_OFFSET (VitrineProviderInterface, name##_finish), capability }

static const struct {
  glong async;
  glong finish;
  glong capability;
} steps[] = {
  [VITRINE_PROVIDER_STEP_SUBMIT] = STEP (submit, -1),
  [VITRINE_PROVIDER_STEP_POLL] = STEP (poll, -1),
  [VITRINE_PROVIDER_STEP_CANCEL] = STEP (cancel, G_STRUCT_OFFSET (VitrineProviderCapabilities,
                                                                  can_cancel)),
  [VITRINE_PROVIDER_STEP_RECOVER] = STEP (recover, G_STRUCT_OFFSET (VitrineProviderCapabilities,
                                                                    can_recover)),
};

#undef STEP

#define STEP_ASYNC(self, step) \
  G_STRUCT_MEMBER (VitrineProviderStepAsync, VITRINE_PROVIDER_GET_IFACE (self), steps[step].async)
#define STEP_FINISH(self, step) \
  G_STRUCT_MEMBER (VitrineProviderStepFinish, VITRINE_PROVIDER_GET_IFACE (self), steps[step].finish)

gboolean
vitrine_provider_has_step (VitrineProvider     *self,
                           VitrineProviderStep  step)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (step < G_N_ELEMENTS (steps), FALSE);

  if (STEP_ASYNC (self, step) == NULL)
    return FALSE;
  return steps[step].capability < 0 ||
         G_STRUCT_MEMBER (gboolean, vitrine_provider_get_capabilities (self),
                          steps[step].capability);
}

gboolean
vitrine_provider_can_cancel (VitrineProvider *self)
{
  return vitrine_provider_has_step (self, VITRINE_PROVIDER_STEP_CANCEL);
}

void
vitrine_provider_step_async (VitrineProvider     *self,
                             VitrineProviderStep  step,
                             VitrineJob          *job,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (VITRINE_IS_JOB (job));
  g_return_if_fail (vitrine_provider_has_step (self, step));

  STEP_ASYNC (self, step) (self, job, cancellable, callback, user_data);
}

gboolean
vitrine_provider_step_finish (VitrineProvider      *self,
                              VitrineProviderStep   step,
                              GAsyncResult         *result,
                              GError              **error)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (step < G_N_ELEMENTS (steps), FALSE);

  return STEP_FINISH (self, step) (self, result, error);
}

void
vitrine_provider_job_ended (VitrineProvider *self,
                            VitrineJob      *job)
{
  g_return_if_fail (VITRINE_IS_PROVIDER (self));
  g_return_if_fail (vitrine_job_is_finished (job));

  if (VITRINE_PROVIDER_GET_IFACE (self)->job_ended != NULL)
    VITRINE_PROVIDER_GET_IFACE (self)->job_ended (self, job);
}

gboolean
vitrine_provider_any_busy (void)
{
  GListModel *list = vitrine_provider_list ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);

      if (VITRINE_PROVIDER_GET_IFACE (provider)->is_busy != NULL &&
          VITRINE_PROVIDER_GET_IFACE (provider)->is_busy (provider))
        return TRUE;
    }
  return FALSE;
}

void
vitrine_provider_drive (VitrineProvider  *self,
                        VitrineJob       *job,
                        VitrineJobDriver *driver)
{
  g_return_if_fail (VITRINE_IS_PROVIDER (self));
  g_return_if_fail (VITRINE_IS_JOB (job));
  g_return_if_fail (driver == NULL || VITRINE_IS_JOB_DRIVER (driver));

  if (VITRINE_PROVIDER_GET_IFACE (self)->drive != NULL)
    VITRINE_PROVIDER_GET_IFACE (self)->drive (self, job, driver);
}

/* The registry: the providers, made from the declared entries when it is
 * first used, and each one's declaration by id. */
static GListStore *registry;
static GPtrArray *declared_entries;   /* const VitrineProviderEntry * */
static GHashTable *declarations;      /* id → const VitrineProviderDeclaration * */

static const VitrineProviderDeclaration no_declaration = { 0 };

static void vitrine_provider_add (VitrineProvider                  *provider,
                                  const VitrineProviderDeclaration *declaration);

static void
vitrine_provider_make_entry (const VitrineProviderEntry *entry)
{
  g_autoptr(VitrineProvider) provider = entry->new_provider ();

  vitrine_provider_add (provider, entry->declaration);
}

static GListStore *
vitrine_provider_get_registry (void)
{
  if (registry == NULL)
    {
      registry = g_list_store_new (VITRINE_TYPE_PROVIDER);
      declarations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; declared_entries != NULL && i < declared_entries->len; i++)
        vitrine_provider_make_entry (g_ptr_array_index (declared_entries, i));
    }
  return registry;
}

void
vitrine_provider_declare_entries (const VitrineProviderEntry *entries)
{
  g_return_if_fail (entries != NULL);

  if (declared_entries == NULL)
    declared_entries = g_ptr_array_new ();
  for (const VitrineProviderEntry *entry = entries; entry->new_provider != NULL; entry++)
    {
      g_ptr_array_add (declared_entries, (gpointer) entry);
      if (registry != NULL)
        vitrine_provider_make_entry (entry);
    }
}

/* Adds @provider, or replaces the one with the same id; @declaration NULL
 * keeps the one already known for that id. */
static void
vitrine_provider_add (VitrineProvider                  *provider,
                      const VitrineProviderDeclaration *declaration)
{
  GListStore *list = vitrine_provider_get_registry ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  const char *id = vitrine_provider_get_id (provider);

  if (declaration != NULL)
    g_hash_table_insert (declarations, g_strdup (id), (gpointer) declaration);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProvider) other = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_str_equal (vitrine_provider_get_id (other), id))
        {
          g_list_store_splice (list, i, 1, (gpointer *) &provider, 1);
          return;
        }
    }
  g_list_store_append (list, provider);
}

/* Adds @provider to the process's list, replacing one with the same id
 * (tests register fakes this way, which keep that id's declaration). Main
 * thread only. */
void
vitrine_provider_register (VitrineProvider *provider)
{
  g_return_if_fail (VITRINE_IS_PROVIDER (provider));
  vitrine_provider_add (provider, NULL);
}

const VitrineProviderDeclaration *
vitrine_provider_get_declaration (VitrineProvider *self)
{
  const VitrineProviderDeclaration *declaration;

  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), &no_declaration);

  vitrine_provider_get_registry ();
  declaration = g_hash_table_lookup (declarations, vitrine_provider_get_id (self));
  return declaration != NULL ? declaration : &no_declaration;
}

gboolean
vitrine_provider_is_cloud (VitrineProvider *self)
{
  g_return_val_if_fail (VITRINE_IS_PROVIDER (self), FALSE);
  return vitrine_provider_get_capabilities (self)->needs_network;
}

/**
 * vitrine_provider_lookup:
 *
 * Returns: (transfer none) (nullable): the provider with @id.
 */
VitrineProvider *
vitrine_provider_lookup (const char *id)
{
  GListModel *list = G_LIST_MODEL (vitrine_provider_get_registry ());
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);

      if (g_str_equal (vitrine_provider_get_id (provider), id))
        return provider; /* the registry keeps its reference */
    }
  return NULL;
}

VitrineProvider *
vitrine_provider_lookup_for_job (VitrineJob  *job,
                                 GError     **error)
{
  VitrineProvider *provider;

  g_return_val_if_fail (VITRINE_IS_JOB (job), NULL);

  provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  if (provider == NULL)
    g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_NOT_FOUND,
                 _("This version of Vitrine does not know the provider “%s”."),
                 vitrine_job_get_provider_id (job));
  return provider;
}

const char *
vitrine_provider_name_for_job (VitrineJob *job)
{
  VitrineProvider *provider;

  g_return_val_if_fail (VITRINE_IS_JOB (job), NULL);

  provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  return provider != NULL ? vitrine_provider_get_display_name (provider)
                          : vitrine_job_get_provider_id (job);
}

/**
 * vitrine_provider_list:
 *
 * Returns: (transfer none): every provider, in the order declared.
 */
GListModel *
vitrine_provider_list (void)
{
  return G_LIST_MODEL (vitrine_provider_get_registry ());
}

VitrineProvider *
vitrine_provider_get_default (void)
{
  g_autoptr(VitrineProvider) first = g_list_model_get_item (vitrine_provider_list (), 0);

  return first; /* the registry keeps its reference */
}

/* Whether @error is worth another try later (network faults, a busy or
 * failing server) rather than the end of the job. */
void
vitrine_provider_error_set_retry_after (GError *error,
                                        guint   ms)
{
  VitrineProviderErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == VITRINE_PROVIDER_ERROR);

  if ((priv = vitrine_provider_error_get_private (error)) != NULL)
    priv->retry_after_ms = ms;
}

guint
vitrine_error_get_retry_after (const GError *error)
{
  VitrineProviderErrorPrivate *priv;

  if (error != NULL && error->domain == VITRINE_PROVIDER_ERROR &&
      (priv = vitrine_provider_error_get_private (error)) != NULL)
    return priv->retry_after_ms;
  return vitrine_http_error_get_retry_after (error);
}

gboolean
vitrine_error_is_transient (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain == VITRINE_PROVIDER_ERROR)
    return error->code == VITRINE_PROVIDER_ERROR_BUSY;
  if (error->domain == VITRINE_HTTP_ERROR)
    return error->code == VITRINE_HTTP_ERROR_NETWORK ||
           error->code == VITRINE_HTTP_ERROR_UNREACHABLE ||
           error->code == VITRINE_HTTP_ERROR_TIMEOUT ||
           error->code == 429 ||
           (error->code >= 500 && error->code <= 599);
  if (error->domain == G_RESOLVER_ERROR)
    return error->code == G_RESOLVER_ERROR_TEMPORARY_FAILURE ||
           error->code == G_RESOLVER_ERROR_NOT_FOUND;
  if (error->domain == G_IO_ERROR)
    return error->code == G_IO_ERROR_TIMED_OUT ||
           error->code == G_IO_ERROR_CONNECTION_REFUSED ||
           error->code == G_IO_ERROR_CONNECTION_CLOSED ||
           error->code == G_IO_ERROR_BROKEN_PIPE ||
           error->code == G_IO_ERROR_NETWORK_UNREACHABLE ||
           error->code == G_IO_ERROR_HOST_UNREACHABLE ||
           error->code == G_IO_ERROR_PARTIAL_INPUT;
  return FALSE;
}
