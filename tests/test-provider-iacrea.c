/* test-provider-iacrea.c: IACrea against its loopback fake, through the job monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-fake-iacrea.h"
#include "vitrine-provider-iacrea.h"
#include "vitrine-test-remote.h"

#define DESCRIPTION "Bright apartment with a terrace, near downtown."

static guint
posts (VitrineTestRemote *t)
{
  return vitrine_fake_server_count (t->iacrea->server, VITRINE_FAKE_ON_POST);
}

static VitrineJob *
new_job (VitrineTestRemote *t)
{
  VitrineJob *job = vitrine_test_remote_new_job (t, "iacrea");

  vitrine_job_set_description (job, DESCRIPTION);
  return job;
}

static const char * const one_video[] = { "Video", NULL };

/* Five credits a video, at the fake. */
static void
five_credits (VitrineTestRemote *t,
              VitrineJob        *job)
{
  g_assert_cmpfloat (t->iacrea->credits_used, ==, 5);
}

const VitrineTestProvider vitrine_test_provider = {
  .id = "iacrea", .n_photos = 4, .labels = one_video, .new_job = new_job, .charged = five_credits,
};

VITRINE_TEST (complete_job, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  JsonObject *request;
  JsonArray *array;
  gboolean processing = FALSE;

  vitrine_job_set_ratio (job, VITRINE_RATIO_1_1);
  vitrine_job_set_logo (job, t->logo_url);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_COLORS, "#1a1a2e, #ffffff");
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_FONT, "Inter");
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_IACREA_MUSIC, "calm-piano-02");
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);

  g_assert_cmpstr (t->iacrea->server->last_key, ==, VITRINE_TEST_IACREA_KEY);
  request = json_node_get_object (t->iacrea->server->last_request);
  array = json_object_get_array_member (request, "image_urls");
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==,
                     g_ptr_array_index (t->photo_urls, i));
  g_assert_cmpstr (json_object_get_string_member (request, "description"), ==, DESCRIPTION);
  g_assert_cmpstr (json_object_get_string_member (request, "format"), ==, "square");
  array = json_object_get_array_member (request, "colors");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "#1a1a2e");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "#ffffff");
  g_assert_cmpstr (json_object_get_string_member (request, "font"), ==, "Inter");
  g_assert_cmpstr (json_object_get_string_member (request, "music"), ==, "calm-piano-02");
  g_assert_true (json_object_get_boolean_member (request, "displayLogo"));
  g_assert_cmpstr (json_object_get_string_member (request, "logoUrl"), ==, t->logo_url);
  /* No public address to call back: no webhook. */
  g_assert_false (json_object_has_member (request, "webhookUrl"));
  g_assert_cmpuint (vitrine_fake_server_get_fetched (t->iacrea->server)->len, ==, 5);

  g_assert_cmpstr (vitrine_job_get_remote_id (job), ==, "auto-1");
  g_assert_cmpuint (posts (t), ==, 1);
  /* The last balance it reported (DONE): 95 left, 5 used. */
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_CREDITS_LEFT), ==, "95");
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_CREDITS_USED), ==, "5");
  g_assert_nonnull (strstr (vitrine_job_get_status_text (job), "5 credits used, 95 left"));

  /* PENDING after GENERATING_VIDEO did not take the job back. */
  for (guint i = 0; i < t->states->len; i++)
    {
      VitrineJobState state = g_array_index (t->states, VitrineJobState, i);

      if (state == VITRINE_JOB_STATE_PROCESSING)
        processing = TRUE;
      g_assert_false (processing && state < VITRINE_JOB_STATE_PROCESSING);
    }
  g_assert_true (processing);
}

VITRINE_TEST (plain_job, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  JsonNode *request;
  VitrineProvider *provider = vitrine_provider_lookup ("iacrea");
  g_autofree char *cost = NULL;

  vitrine_job_set_ratio (job, VITRINE_RATIO_9_16);
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  request = t->iacrea->server->last_request;
  g_assert_cmpstr (json_node_get_string (vitrine_fake_json_member (request, "format")), ==, "portrait");
  g_assert_null (vitrine_fake_json_member (request, "displayLogo"));
  g_assert_null (vitrine_fake_json_member (request, "logoUrl"));
  g_assert_null (vitrine_fake_json_member (request, "colors"));
  g_assert_null (vitrine_fake_json_member (request, "music"));

  /* The estimate is in credits, from the last balance. */
  cost = vitrine_provider_estimate_cost (provider, job);
  g_assert_nonnull (strstr (cost, "95"));
}


/* No description written: the listing and the captions make one; the
 * agent's brand colours and logo go as colors and displayLogo. */
VITRINE_TEST (listing_job, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineListing) listing = vitrine_listing_new ();
  g_autoptr(VitrineAgent) agent = vitrine_agent_new ();
  const char *captions[] = { "Kitchen", "", "Garden", "Kitchen", NULL };
  JsonObject *request;
  JsonArray *colors;

  vitrine_job_set_description (job, "  ");
  listing->address = g_strdup ("12 rue Exemple, Lyon");
  listing->price = g_strdup ("€ 450,000");
  listing->facts = g_strdup ("3 bedrooms · 98 m²");
  listing->url = g_strdup ("https://agency.example/12");
  vitrine_job_set_listing (job, listing);
  vitrine_job_set_captions (job, captions);
  agent->brand_bg = g_strdup ("#7a1f3d");
  agent->logo = g_strdup (t->logo_url);
  vitrine_job_set_agent (job, agent);
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);

  request = json_node_get_object (t->iacrea->server->last_request);
  g_assert_cmpstr (json_object_get_string_member (request, "description"), ==,
                   "12 rue Exemple, Lyon. € 450,000. 3 bedrooms · 98 m². Kitchen, Garden.");
  colors = json_object_get_array_member (request, "colors");
  g_assert_cmpuint (json_array_get_length (colors), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (colors, 0), ==, "#7a1f3d");
  g_assert_cmpstr (json_array_get_string_element (colors, 1), ==, VITRINE_AGENT_DEFAULT_FG);
  g_assert_true (json_object_get_boolean_member (request, "displayLogo"));
  g_assert_cmpstr (json_object_get_string_member (request, "logoUrl"), ==, t->logo_url);
}

/* What the agent wrote and chose wins over the listing and the brand. */
VITRINE_TEST (written_wins, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineListing) listing = vitrine_listing_new ();
  g_autoptr(VitrineAgent) agent = vitrine_agent_new ();
  JsonObject *request;

  listing->address = g_strdup ("12 rue Exemple, Lyon");
  vitrine_job_set_listing (job, listing);
  agent->brand_bg = g_strdup ("#7a1f3d");
  vitrine_job_set_agent (job, agent);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_COLORS, "#000000,#eeeeee");
  vitrine_test_remote_run (t, job, 60);
  request = json_node_get_object (t->iacrea->server->last_request);
  g_assert_cmpstr (json_object_get_string_member (request, "description"), ==, DESCRIPTION);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (request, "colors"), 0),
                   ==, "#000000");
}

VITRINE_TEST (status_error, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  t->iacrea->fail = TRUE;
  vitrine_test_remote_run_to_failure (t, job, "Clip generation failed for image 2");
  g_assert_cmpstr (vitrine_job_get_status_text (job), ==, "ERROR");
}

VITRINE_TEST (validate, NULL)
{
  VitrineProvider *provider = vitrine_provider_lookup ("iacrea");
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(GError) error = NULL;

  vitrine_job_set_description (job, "  Nice flat ");
  g_assert_false (vitrine_provider_validate (provider, job, &error));
  g_assert_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "description"));
  g_assert_nonnull (strstr (error->message, "10"));
  g_clear_error (&error);

  vitrine_job_set_description (job, "Dix caractères é");
  g_assert_true (vitrine_provider_validate (provider, job, &error));
  g_assert_no_error (error);

  vitrine_job_set_option (job, VITRINE_JOB_OPTION_COLORS, "#1a1a2e");
  g_assert_false (vitrine_provider_validate (provider, job, &error));
  g_clear_error (&error);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_COLORS, NULL);

  vitrine_job_set_outro (job, t->outro_url);
  g_assert_false (vitrine_provider_validate (provider, job, &error));
  g_assert_nonnull (strstr (error->message, "outro"));
  g_clear_error (&error);
  vitrine_job_set_outro (job, NULL);

  vitrine_job_set_test_mode (job, TRUE);
  g_assert_false (vitrine_provider_validate (provider, job, &error));
  g_assert_nonnull (strstr (error->message, "test mode"));
  g_clear_error (&error);

  /* A short description through the monitor: no traffic at all. */
  vitrine_job_set_test_mode (job, FALSE);
  vitrine_job_set_description (job, "Short");
  vitrine_test_remote_run (t, job, 30);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "description"));
  g_assert_cmpuint (posts (t), ==, 0);
  g_assert_cmpuint (vitrine_fake_server_count (t->iacrea->server, VITRINE_FAKE_ON_POLL), ==, 0);
}

VITRINE_TEST (capabilities, NULL)
{
  VitrineProvider *provider = vitrine_provider_lookup ("iacrea");
  const VitrineProviderCapabilities *caps = vitrine_provider_get_capabilities (provider);

  g_assert_true (VITRINE_IS_PROVIDER_IACREA (provider));
  g_assert_true (caps->is_paid);
  g_assert_false (caps->supports_test_mode);
  g_assert_true (caps->needs_urls);
  g_assert_true (vitrine_provider_supports_ratio (provider, VITRINE_RATIO_1_1));
  g_assert_cmpuint (vitrine_provider_get_poll_interval (provider, NULL), ==, 30); /* $VITRINE_IACREA_POLL_MS */
  g_unsetenv ("VITRINE_IACREA_POLL_MS");
  g_assert_cmpuint (vitrine_provider_get_poll_interval (provider, NULL), ==, 3000);
  /* The setting's default, 20 minutes. */
  g_unsetenv ("VITRINE_IACREA_TIMEOUT_MINUTES");
  g_assert_cmpfloat (vitrine_remote_provider_get_timeout (VITRINE_REMOTE_PROVIDER (provider)), ==, 20 * 60);
}

/* Issue 9: the start POST may take minutes; it waits up to the provider's
 * client timeout (its 10 minutes, or less when the client timeout is
 * shorter), not a fixed 120 s. Here the client timeout is 9 s: an answer
 * 3 s late is waited for, one charged once. */
VITRINE_TEST (slow_start_waited_for, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  g_setenv ("VITRINE_IACREA_TIMEOUT_MINUTES", "0.15", TRUE);
  vitrine_fake_server_inject (t->iacrea->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_DELAY,
                              3000, NULL, 1);
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpuint (vitrine_fake_server_count (t->iacrea->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* A monitor driving @job, once its paid POST reached IACrea, which answers
 * @delay_ms later. */
static VitrineJobMonitor *
drive_to_slow_post (VitrineTestRemote *t,
                    VitrineJob        *job,
                    guint              delay_ms)
{
  VitrineJobMonitor *monitor;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  vitrine_fake_server_inject (t->iacrea->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_DELAY,
                              delay_ms, NULL, 1);
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  g_assert_null (vitrine_job_monitor_awaits_start (monitor));
  while (vitrine_fake_server_count (t->iacrea->server, VITRINE_FAKE_ON_POST) == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  vitrine_test_remote_spin (200);
  return monitor;
}

/* While the paid POST waits for its answer, the monitor says so: IACrea
 * has no list to look a lost answer up in, and the window asks before it
 * quits (vitrine-application.c). Not before the POST, not after it. */
VITRINE_TEST (awaited_start_known, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = drive_to_slow_post (t, job, 2000);

  g_assert_true (vitrine_job_monitor_awaits_start (monitor) == job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_COMPLETED);
  g_assert_null (vitrine_job_monitor_awaits_start (monitor));
}

/* Stop Waiting while the paid POST waits for its answer: the answer is
 * still taken (the job keeps IACrea's id, to be followed again later),
 * then the job is left alone. The POST was cancelled on its way, and the
 * video made and paid for without an id to find it by. */
VITRINE_TEST (stop_waiting_keeps_answer, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = drive_to_slow_post (t, job, 1500);

  vitrine_job_set_followed (job, FALSE);
  vitrine_test_remote_spin (3000);
  g_assert_nonnull (vitrine_job_get_remote_id (job));
  g_assert_false (vitrine_job_is_finished (job));
  g_assert_null (vitrine_job_monitor_awaits_start (monitor));
  /* Left alone: not polled. */
  g_assert_cmpuint (vitrine_fake_server_count (t->iacrea->server, VITRINE_FAKE_ON_POLL), ==, 0);
}

/* ...and the POST's own limit is that client timeout: with 3 s, an answer
 * 6 s late is lost (INTERRUPTED, never sent again), where the fixed 120 s
 * would have waited for it. */
VITRINE_TEST (start_timeout_follows_client_timeout, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  gint64 start = g_get_monotonic_time ();

  g_setenv ("VITRINE_IACREA_TIMEOUT_MINUTES", "0.05", TRUE);
  vitrine_fake_server_inject (t->iacrea->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_DELAY,
                              6000, NULL, 1);
  vitrine_test_remote_run (t, job, 60);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_INTERRUPTED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5800 * 1000);
  vitrine_test_remote_spin (1000);
  g_assert_cmpuint (vitrine_fake_server_count (t->iacrea->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* Issue 9: a cancel written by another process (vitrine-cli cancel, here a
 * second store on the same file) while this one drives the job is read
 * again right before the POST: no POST is sent, the job ends CANCELLED. */
VITRINE_TEST (cancel_from_another_process_before_post, NULL)
{
  g_autoptr(VitrineJobStore) other = NULL;
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(GError) error = NULL;
  VitrineJob *copy;

  vitrine_job_store_add (t->store, job);
  other = vitrine_job_store_new_for_path (vitrine_job_store_get_path (t->store), &error);
  g_assert_no_error (error);
  copy = vitrine_job_store_lookup (other, vitrine_job_get_id (job));
  g_assert_nonnull (copy);
  vitrine_job_set_state (copy, VITRINE_JOB_STATE_CANCELLED);
  /* This process has not read it yet: its copy is still QUEUED. */
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_QUEUED);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_CANCELLED);
  vitrine_test_remote_spin (1500);
  g_assert_cmpuint (vitrine_fake_server_count (t->iacrea->server, VITRINE_FAKE_ON_POST), ==, 0);
}
