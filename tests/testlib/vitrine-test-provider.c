/* vitrine-test-provider.c: a provider of the tests' own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-test-provider.h"

#define VITRINE_TYPE_TEST_PROVIDER (vitrine_test_provider_get_type ())
G_DECLARE_FINAL_TYPE (VitrineTestProvider, vitrine_test_provider, VITRINE, TEST_PROVIDER, GObject)

struct _VitrineTestProvider
{
  GObject                            parent_instance;

  char                              *id;
  char                              *display_name;
  const VitrineProviderCapabilities *capabilities;
  guint                              poll_interval_ms;
  VitrineTestPoll                    poll;
  gboolean                           busy;
};

static void vitrine_test_provider_iface_init (VitrineProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VitrineTestProvider, vitrine_test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VITRINE_TYPE_PROVIDER,
                                                      vitrine_test_provider_iface_init))

static const char *
test_get_id (VitrineProvider *provider)
{
  return VITRINE_TEST_PROVIDER (provider)->id;
}

static const char *
test_get_display_name (VitrineProvider *provider)
{
  return VITRINE_TEST_PROVIDER (provider)->display_name;
}

static const VitrineProviderCapabilities *
test_get_capabilities (VitrineProvider *provider)
{
  return VITRINE_TEST_PROVIDER (provider)->capabilities;
}

static guint
test_get_poll_interval (VitrineProvider *provider,
                        VitrineJob      *job)
{
  return VITRINE_TEST_PROVIDER (provider)->poll_interval_ms;
}

static gboolean
test_is_busy (VitrineProvider *provider)
{
  return VITRINE_TEST_PROVIDER (provider)->busy;
}

void
vitrine_test_provider_set_busy (VitrineProvider *provider,
                                gboolean         busy)
{
  VITRINE_TEST_PROVIDER (provider)->busy = busy;
}

static void
test_submit_async (VitrineProvider     *provider,
                   VitrineJob          *job,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  g_autofree char *remote = g_strconcat ("fake-", vitrine_job_get_id (job), NULL);

  vitrine_job_set_remote_id (job, remote);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  g_task_return_boolean (task, TRUE);
}

static void
test_poll_async (VitrineProvider     *provider,
                 VitrineJob          *job,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  VitrineTestPoll poll = VITRINE_TEST_PROVIDER (provider)->poll;

  if (poll != NULL)
    poll (job);
  g_task_return_boolean (task, TRUE);
}

static void
test_cancel_async (VitrineProvider     *provider,
                   VitrineJob          *job,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
  g_task_return_boolean (task, TRUE);
}

/* As this computer's: the job sets how long its video lasts. */
static double
test_estimate_length (VitrineProvider *provider,
                      VitrineJob      *job)
{
  return vitrine_job_get_n_photos (job) * vitrine_job_get_seconds_per_photo (job);
}

static gboolean
test_finish (VitrineProvider  *provider,
             GAsyncResult     *result,
             GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vitrine_test_provider_iface_init (VitrineProviderInterface *iface)
{
  iface->get_id = test_get_id;
  iface->get_display_name = test_get_display_name;
  iface->get_capabilities = test_get_capabilities;
  iface->get_poll_interval = test_get_poll_interval;
  iface->estimate_length = test_estimate_length;
  iface->submit_async = test_submit_async;
  iface->submit_finish = test_finish;
  iface->poll_async = test_poll_async;
  iface->poll_finish = test_finish;
  iface->cancel_async = test_cancel_async;
  iface->cancel_finish = test_finish;
  iface->is_busy = test_is_busy;
}

static void
vitrine_test_provider_finalize (GObject *object)
{
  VitrineTestProvider *self = VITRINE_TEST_PROVIDER (object);

  g_free (self->id);
  g_free (self->display_name);

  G_OBJECT_CLASS (vitrine_test_provider_parent_class)->finalize (object);
}

static void
vitrine_test_provider_class_init (VitrineTestProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_test_provider_finalize;
}

static void
vitrine_test_provider_init (VitrineTestProvider *self)
{
}

VitrineProvider *
vitrine_test_provider_new (const char                        *id,
                           const char                        *display_name,
                           const VitrineProviderCapabilities *capabilities,
                           guint                              poll_interval_ms,
                           VitrineTestPoll                    poll)
{
  VitrineTestProvider *self = g_object_new (VITRINE_TYPE_TEST_PROVIDER, NULL);

  self->id = g_strdup (id);
  self->display_name = g_strdup (display_name);
  self->capabilities = capabilities;
  self->poll_interval_ms = poll_interval_ms;
  self->poll = poll;
  return VITRINE_PROVIDER (self);
}
