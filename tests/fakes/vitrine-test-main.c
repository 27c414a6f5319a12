/* vitrine-test-main.c: main() of the provider test programs, and the tests
 * every cloud provider must pass
 *
 * A program (tests/test-provider-<id>.c) defines vitrine_test_provider and
 * its own tests with VITRINE_TEST; this file adds the shared ones (the
 * faults of the HTTP exchange, the refusals, the client timeout) against the
 * same fakes, and runs them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-config.h"
#include "vitrine-remote-provider.h"
#include "vitrine-test-remote.h"

#define MAX_TESTS 64

static struct {
  char             *name;
  gconstpointer     data;
  GTestFixtureFunc  func;
} tests[MAX_TESTS];
static guint n_tests;

void
vitrine_test_register (const char       *name,
                       gconstpointer     data,
                       GTestFixtureFunc  func)
{
  g_assert (n_tests < MAX_TESTS);
  tests[n_tests].name = g_strdelimit (g_strdup (name), "_", '-');
  tests[n_tests].data = data;
  tests[n_tests].func = func;
  n_tests++;
}

static void
fixture_setup (VitrineTestRemote *t,
               gconstpointer      data)
{
  vitrine_test_remote_setup (t, vitrine_test_provider.n_photos);
  const char *id = vitrine_test_provider.id;

  t->fake = g_str_equal (id, "vikit") ? t->vikit->server :
            g_str_equal (id, "aixpose") ? t->aixpose->server :
            g_str_equal (id, "vidgen") ? t->vidgen->server : t->iacrea->server;
}

static void
fixture_teardown (VitrineTestRemote *t,
                  gconstpointer      data)
{
  vitrine_test_remote_teardown (t);
}

static guint
posts (VitrineTestRemote *t)
{
  return vitrine_fake_server_count (t->fake, VITRINE_FAKE_ON_POST);
}

/* Faults of the exchange ------------------------------------------------------ */

typedef struct {
  const char        *name;
  VitrineFakeTarget  target;
  VitrineFakeFault   fault;
  guint              status;
  guint              count;
  guint              extra;   /* the POSTs the job takes besides its own */
} Fault;

/* What every provider meets on the way and gets over: the job completes,
 * charged once. */
static const Fault survivable[] = {
  /* Polls and downloads are repeated (HTTP layer, then monitor backoff). */
  { "poll-500-once", VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_STATUS, 500, 1, 0 },
  { "poll-429-retry-after", VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_RETRY_AFTER, 0, 1, 0 },
  { "poll-connection-reset", VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_RESET, 0, 1, 0 },
  { "poll-truncated-json", VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_TRUNCATED, 0, 2, 0 },
  { "download-500-once", VITRINE_FAKE_ON_DOWNLOAD, VITRINE_FAKE_FAULT_STATUS, 500, 1, 0 },
  /* A 429 on the POST started nothing: sent again after the backoff. */
  { "post-429-sent-again", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_RETRY_AFTER, 0, 1, 1 },
};

/* With idempotency keys, a POST whose answer was lost or that failed once
 * is asked again: the provider replays it (resumes). */
static const Fault replayed[] = {
  { "post-500-once", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS, 500, 1, 1 },
  { "post-connection-reset", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_RESET, 0, 1, 1 },
  { "post-truncated-json", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_TRUNCATED, 0, 1, 1 },
};

/* The answer to the paid POST is lost: it may have started and been
 * charged, so it is never sent again. */
static const Fault lost[] = {
  { "post-connection-reset", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_RESET, 0, 1, 1 },
  { "post-truncated-json", VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_TRUNCATED, 0, 1, 1 },
};

static void
inject (VitrineTestRemote *t,
        const Fault       *row)
{
  vitrine_fake_server_inject (t->fake, row->target, row->fault, row->status, NULL, row->count);
}

static void
test_survives (VitrineTestRemote *t,
               gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  inject (t, data);
  vitrine_test_remote_run (t, job, 90);
  vitrine_test_remote_assert_outputs (job, vitrine_test_provider.labels);
  g_assert_cmpuint (posts (t), ==, MAX (vitrine_test_provider.posts, 1) +
                                   ((const Fault *) data)->extra);
  if (vitrine_test_provider.charged != NULL)
    vitrine_test_provider.charged (t, job);
}

static void
test_lost_answer (VitrineTestRemote *t,
                  gconstpointer      data)
{
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  inject (t, data);
  vitrine_test_remote_run (t, job, 60);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_INTERRUPTED);
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job),
                            "check your provider account before retrying"));
  /* Nothing sends it again, however long one waits. */
  vitrine_test_remote_spin (300);
  g_assert_cmpuint (posts (t), ==, 1);
  g_assert_cmpuint (vitrine_job_get_outputs (job)->len, ==, 0);
}

/* Refusals -------------------------------------------------------------------- */

/* A reply the provider answers with, and what the person reads. */
typedef struct {
  const char        *name;
  VitrineFakeTarget  target;
  guint              status;
  const char        *body;
  const char        *expected;
  gboolean           auth;    /* the window opens Preferences on the key */
  gboolean           blind;   /* only where POSTs carry no idempotency key */
} Refusal;

static const Refusal refusals[] = {
  { "post-400-message", VITRINE_FAKE_ON_POST, 400,
    "{\"statusCode\": 400, \"message\": \"image_urls.0 must be a URL address\"}",
    "image_urls.0 must be a URL address", FALSE },
  /* A 5xx answer to the paid POST: not sent again, the account is worth a look. */
  { "post-500", VITRINE_FAKE_ON_POST, 500, "{\"message\": \"Internal error\"}",
    "provider account", FALSE, TRUE },
  { "post-401", VITRINE_FAKE_ON_POST, 401, "{\"message\": \"Unauthorized\"}", "Preferences", TRUE },
  { "poll-401", VITRINE_FAKE_ON_POLL, 401, "{\"message\": \"Unauthorized\"}", "Preferences", TRUE },
  { "poll-404", VITRINE_FAKE_ON_POLL, 404, "{\"statusCode\": 404, \"message\": \"Generation not found\"}",
    "Generation not found", FALSE },
};

static void
test_refused (VitrineTestRemote *t,
              gconstpointer      data)
{
  const Refusal *row = data;
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  vitrine_fake_server_inject (t->fake, row->target, VITRINE_FAKE_FAULT_STATUS, row->status,
                              row->body, 1);
  vitrine_test_remote_run_to_failure (t, job, row->expected);
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_ERROR_KIND), ==,
                   row->auth ? "auth" : NULL);
  vitrine_test_remote_spin (200);
  /* A refused POST is the last; a refused poll comes after all of them. */
  g_assert_cmpuint (posts (t), ==, row->target == VITRINE_FAKE_ON_POST ? 1 :
                                   MAX (vitrine_test_provider.posts, 1));
}

/* A key the provider does not know: refused, nothing charged. */
static void
test_unknown_key (VitrineTestRemote *t,
                  gconstpointer      data)
{
  g_autofree char *name = vitrine_config_env_name (vitrine_test_provider.id, "API_KEY");
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  g_setenv (name, "not-the-key", TRUE);
  vitrine_test_remote_run_to_failure (t, job, "Check it in Preferences");
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_ERROR_KIND), ==, "auth");
  g_assert_cmpstr (t->fake->last_key, ==, "not-the-key");
  g_assert_cmpuint (posts (t), ==, 1);
}

/* No key at all: nothing leaves the machine. */
static void
test_missing_key (VitrineTestRemote *t,
                  gconstpointer      data)
{
  g_autofree char *name = vitrine_config_env_name (vitrine_test_provider.id, "API_KEY");
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);
  VitrineProvider *provider = vitrine_provider_lookup (vitrine_test_provider.id);
  g_autofree char *expected = g_strdup_printf ("Add your %s API key in Preferences",
                                               vitrine_provider_get_display_name (provider));

  g_unsetenv (name);
  vitrine_test_remote_run_to_failure (t, job, expected);
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_ERROR_KIND), ==, "auth");
  g_assert_cmpuint (posts (t), ==, 0);
  g_assert_null (vitrine_job_get_idempotency_key (job));
}

/* Every poll hangs: the client timeout ends the job. */
static void
test_client_timeout (VitrineTestRemote *t,
                     gconstpointer      data)
{
  g_autofree char *name = vitrine_config_env_name (vitrine_test_provider.id, "TIMEOUT_MINUTES");
  g_autoptr(VitrineJob) job = vitrine_test_provider.new_job (t);

  /* 3 s instead of the provider's minutes. */
  g_setenv (name, "0.05", TRUE);
  vitrine_fake_server_inject (t->fake, VITRINE_FAKE_ON_POLL, VITRINE_FAKE_FAULT_HANG, 0, NULL, 100);
  vitrine_test_remote_run_to_failure (t, job, "took longer than 0.05 minutes");
  g_assert_cmpuint (posts (t), ==, MAX (vitrine_test_provider.posts, 1));
}

static void
add (const char       *name,
     gconstpointer     data,
     GTestFixtureFunc  func)
{
  g_autofree char *path = g_strdup_printf ("/providers/%s/%s", vitrine_test_provider.id, name);

  g_test_add_vtable (path, sizeof (VitrineTestRemote), data, (GTestFixtureFunc) fixture_setup,
                     func, (GTestFixtureFunc) fixture_teardown);
}

int
main (int    argc,
      char **argv)
{
  vitrine_test_remote_init_env ();
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < n_tests; i++)
    add (tests[i].name, tests[i].data, tests[i].func);
  for (guint i = 0; i < G_N_ELEMENTS (survivable); i++)
    add (survivable[i].name, &survivable[i], (GTestFixtureFunc) test_survives);
  for (guint i = 0; !vitrine_test_provider.resumes && i < G_N_ELEMENTS (lost); i++)
    add (lost[i].name, &lost[i], (GTestFixtureFunc) test_lost_answer);
  for (guint i = 0; vitrine_test_provider.resumes && i < G_N_ELEMENTS (replayed); i++)
    add (replayed[i].name, &replayed[i], (GTestFixtureFunc) test_survives);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      if (!refusals[i].blind || !vitrine_test_provider.resumes)
        add (refusals[i].name, &refusals[i], (GTestFixtureFunc) test_refused);
    }
  add ("unknown-key", NULL, (GTestFixtureFunc) test_unknown_key);
  add ("missing-key", NULL, (GTestFixtureFunc) test_missing_key);
  add ("client-timeout", NULL, (GTestFixtureFunc) test_client_timeout);
  return g_test_run ();
}
