/* test-provider-vikit.c: Vikit against its loopback fake, through the job monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "vitrine-config.h"
#include "vitrine-fake-vikit.h"
#include "vitrine-job-monitor.h"
#include "vitrine-provider-vikit.h"
#include "vitrine-test-loop.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"
#include "vitrine-test-s3.h"
#include "vitrine-test-web.h"

static guint
posts (VitrineTestRemote *t)
{
  return vitrine_fake_server_count (t->vikit->server, VITRINE_FAKE_ON_POST);
}

static const char *
member (VitrineTestRemote *t,
        const char        *name)
{
  JsonNode *node = vitrine_fake_json_member (t->vikit->server->last_request, name);

  return node != NULL ? json_node_get_string (node) : NULL;
}

static const char * const vikit_labels[] = { "Main video", "Variant 1", "Variant 2", "Vertical", NULL };

/* A real (paid) video: the shared tests' job. */
static VitrineJob *
paid_job (VitrineTestRemote *t)
{
  VitrineJob *job = vitrine_test_remote_new_job (t, "vikit");

  vitrine_job_set_test_mode (job, FALSE);
  return job;
}

/* One credit a photo, taken once whatever happened on the way. */
static void
charged_once (VitrineTestRemote *t,
              VitrineJob        *job)
{
  g_assert_cmpuint (t->vikit->charged, ==, vitrine_job_get_n_photos (job));
}

const VitrineTestProvider vitrine_test_provider = {
  .id = "vikit", .n_photos = 3, .labels = vikit_labels, .new_job = paid_job, .charged = charged_once,
};

/* A job that sets every field of the reference, in test mode. */
static VitrineJob *
full_job (VitrineTestRemote *t)
{
  VitrineJob *job = vitrine_test_remote_new_job (t, "vikit");

  vitrine_job_set_ratio (job, VITRINE_RATIO_9_16);
  vitrine_job_set_music (job, "Brise de cristal");
  vitrine_job_set_logo (job, t->logo_url);
  vitrine_job_set_outro (job, t->outro_url);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_NOTIFY_EMAIL, "agent@example.com");
  vitrine_job_set_test_mode (job, TRUE);
  return job;
}

VITRINE_TEST (complete_job, NULL)
{
  g_autoptr(VitrineJob) job = full_job (t);
  JsonObject *request;
  JsonArray *images;
  GPtrArray *fetched;
  g_autoptr(GList) members = NULL;

  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, vikit_labels);
  g_assert_cmpstr (vitrine_job_get_remote_id (job), ==, "v-1");
  g_assert_true (g_str_has_suffix (vitrine_job_get_poll_url (job), "/get/v-1"));
  g_assert_cmpstr (vitrine_job_get_status_text (job), ==, "Completed");
  g_assert_nonnull (vitrine_job_get_idempotency_key (job));
  /* A 9:16 job's main video and variants are 9:16 as asked, as is the
   * vertical cut (they were all said to be 16:9). */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (((VitrineJobOutput *) g_ptr_array_index (vitrine_job_get_outputs (job), i))->ratio,
                     ==, "9:16");

  /* Every field reached the request, as the reference spells it. */
  request = json_node_get_object (t->vikit->server->last_request);
  members = json_object_get_members (request);
  g_assert_cmpuint (g_list_length (members), ==, 9);
  g_assert_cmpstr (member (t, "name"), ==, "12 rue Exemple");
  g_assert_cmpstr (member (t, "vikit_api_key"), ==, VITRINE_TEST_VIKIT_KEY);
  images = json_object_get_array_member (request, "images");
  g_assert_cmpuint (json_array_get_length (images), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_array_get_string_element (images, i), ==,
                     g_ptr_array_index (t->photo_urls, i));
  g_assert_cmpstr (member (t, "music_url"), ==,
                   "https://storage.googleapis.com/real-estate-musics/brise_de_cristal.mp3");
  g_assert_cmpstr (member (t, "ending_media_url"), ==, t->outro_url);
  g_assert_cmpstr (member (t, "logo_url"), ==, t->logo_url);
  g_assert_cmpstr (member (t, "target_ratio"), ==, "9:16");
  g_assert_cmpstr (member (t, "test_mode"), ==, "TRUE");
  g_assert_cmpstr (member (t, "notify_email"), ==, "agent@example.com");

  /* The fake fetched every photo, the logo and the outro. */
  fetched = vitrine_fake_server_get_fetched (t->vikit->server);
  g_assert_cmpuint (fetched->len, ==, 5);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (g_ptr_array_index (fetched, i), ==, g_ptr_array_index (t->photo_urls, i));

  g_assert_cmpuint (posts (t), ==, 1);
  g_assert_cmpuint (t->vikit->charged, ==, 0);
  g_assert_cmpuint (vitrine_fake_server_count (t->vikit->server, VITRINE_FAKE_ON_DOWNLOAD), ==, 4);
}

VITRINE_TEST (paid_job_charged_once, NULL)
{
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");
  VitrineProvider *provider = vitrine_provider_lookup ("vikit");
  g_autofree char *cost = NULL;

  vitrine_job_set_test_mode (job, FALSE);
  cost = vitrine_provider_estimate_cost (provider, job);
  g_assert_nonnull (strstr (cost, "1.50 €"));
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, vikit_labels);
  g_assert_cmpstr (member (t, "test_mode"), ==, "FALSE");
  g_assert_cmpstr (member (t, "target_ratio"), ==, "16:9");
  g_assert_null (member (t, "music_url"));
  g_assert_cmpuint (posts (t), ==, 1);
  g_assert_cmpuint (t->vikit->charged, ==, 3);
}

/* Faults the job gets over: it completes, charged once. */

/* The answer to the paid POST is lost: INTERRUPTED, never posted again. */
static void
no_credits (VitrineTestRemote *t,
            gboolean           https)
{
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");

  t->vikit->credits = 1;
  t->vikit->top_up_url = https ? "https://vikit.example/top-up" : "http://vikit.example/top-up";
  vitrine_job_set_test_mode (job, FALSE);
  vitrine_test_remote_run_to_failure (t, job, "1 left");
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "needs 3 credits"));
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_ERROR_KIND), ==, "credits");
  if (https)
    g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_TOP_UP_URL), ==,
                     "https://vikit.example/top-up");
  else
    g_assert_null (vitrine_job_get_option (job, VITRINE_JOB_OPTION_TOP_UP_URL));
  g_assert_cmpuint (posts (t), ==, 1);
  g_assert_cmpuint (t->vikit->charged, ==, 0);
  /* Vikit said it failed: Retry makes a new job, it does not follow this one. */
  {
    g_autoptr(VitrineJobMonitor) monitor = vitrine_job_monitor_new (t->store);

    g_assert_false (vitrine_job_monitor_resume_job (monitor, job));
  }
}

VITRINE_TEST (insufficient_credits, NULL)
{
  no_credits (t, TRUE);
}

/* An http page to buy credits is not kept for the window to open. */
VITRINE_TEST (insufficient_credits_http_top_up, NULL)
{
  no_credits (t, FALSE);
}

/* The reference says every answer is a 200; a refusal with another status
 * (a proxy, a later version) still shows Vikit's own words, read from its
 * "Error" member by the reader Vikit sets on its requests. */
VITRINE_TEST (error_member_on_other_status, NULL)
{
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");

  vitrine_fake_server_inject (t->vikit->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS,
                              400, "{\"Error\": \"Photo 3 is not a JPEG or PNG\"}", 1);
  vitrine_test_remote_run_to_failure (t, job, "Photo 3 is not a JPEG or PNG");
  g_assert_cmpuint (posts (t), ==, 1);
}

VITRINE_TEST (generation_error, NULL)
{
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");

  t->vikit->fail_generation = TRUE;
  vitrine_job_set_test_mode (job, FALSE);
  vitrine_test_remote_run_to_failure (t, job, "Rendering failed on photo 2");
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "refunded"));
  g_assert_cmpstr (vitrine_job_get_status_text (job), ==, "Error");
  g_assert_cmpuint (posts (t), ==, 1);
  g_assert_cmpuint (t->vikit->charged, ==, 0);
}

VITRINE_TEST (unreachable_photo, NULL)
{
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");
  g_autofree char *missing = vitrine_test_remote_missing_url (t);
  const char *photos[] = { g_ptr_array_index (t->photo_urls, 0), missing, NULL };

  vitrine_job_set_photos (job, photos);
  vitrine_test_remote_run_to_failure (t, job, "missing.jpg");
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "refunded"));
}

/* A Result_url that is not https is not used; but the job is paid: it is
 * followed at the reference's own GET /get/{generation_id} on the https
 * base, never failed (it used to be, its video lost to a Retry paid
 * again). */
VITRINE_TEST (insecure_result_url, NULL)
{
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");

  t->vikit->result_base = "http://vikit.example";
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, vikit_labels);
  g_assert_false (g_str_has_prefix (vitrine_job_get_poll_url (job), "http://vikit.example"));
  g_assert_cmpuint (vitrine_fake_server_count (t->vikit->server, VITRINE_FAKE_ON_POLL), >, 0);
  g_assert_cmpuint (posts (t), ==, 1);
}

/* Refused before any traffic, with a message a person can act on. */
VITRINE_TEST (validate, NULL)
{
  VitrineProvider *provider = vitrine_provider_lookup ("vikit");
  g_autoptr(VitrineJob) square = vitrine_test_remote_new_job (t, "vikit");
  g_autoptr(VitrineJob) email = vitrine_test_remote_new_job (t, "vikit");
  g_autoptr(VitrineJob) music = vitrine_test_remote_new_job (t, "vikit");
  g_autoptr(VitrineJob) insecure = vitrine_test_remote_new_job (t, "vikit");
  const char *http_photo[] = { "http://photos.example/a.jpg", NULL };
  g_autoptr(GError) error = NULL;

  vitrine_job_set_ratio (square, VITRINE_RATIO_1_1);
  g_assert_false (vitrine_provider_validate (provider, square, &error));
  g_assert_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "1:1"));
  g_clear_error (&error);
  g_assert_false (vitrine_provider_supports_ratio (provider, VITRINE_RATIO_1_1));

  vitrine_job_set_option (email, VITRINE_JOB_OPTION_NOTIFY_EMAIL, "agent at example.com");
  g_assert_false (vitrine_provider_validate (provider, email, &error));
  g_assert_nonnull (strstr (error->message, "notify_email"));
  g_clear_error (&error);

  vitrine_job_set_music (music, "Not a track");
  g_assert_false (vitrine_provider_validate (provider, music, &error));
  g_assert_nonnull (strstr (error->message, "music"));
  g_clear_error (&error);
  vitrine_job_set_music (music, "cascade celeste");
  g_assert_true (vitrine_provider_validate (provider, music, &error));
  g_assert_no_error (error);

  vitrine_job_set_photos (insecure, http_photo);
  g_assert_false (vitrine_provider_validate (provider, insecure, &error));
  g_clear_error (&error);

  /* Through the monitor too: ended before anything is sent. */
  vitrine_test_remote_run (t, square, 30);
  g_assert_cmpint (vitrine_job_get_state (square), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_cmpuint (posts (t), ==, 0);
}

VITRINE_TEST (capabilities, NULL)
{
  VitrineProvider *provider = vitrine_provider_lookup ("vikit");
  const VitrineProviderCapabilities *caps = vitrine_provider_get_capabilities (provider);
  g_autoptr(VitrineJob) job = vitrine_job_new ("vikit");
  g_autofree char *cost = NULL;
  guint n;

  g_assert_true (VITRINE_IS_PROVIDER_VIKIT (provider));
  g_assert_true (caps->is_paid);
  g_assert_true (caps->supports_test_mode);
  g_assert_true (caps->needs_urls);
  g_assert_false (vitrine_provider_can_cancel (provider));
  vitrine_job_set_test_mode (job, TRUE);
  cost = vitrine_provider_estimate_cost (provider, job);
  g_assert_cmpstr (cost, ==, "Free (test mode)");

  g_assert_nonnull (vitrine_provider_vikit_get_tracks (&n));
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpstr (vitrine_provider_vikit_lookup_track ("Aube dorée"), ==,
                   "https://storage.googleapis.com/real-estate-musics/aube_doree.mp3");
  g_assert_cmpstr (vitrine_provider_vikit_lookup_track ("danse_du_crepuscule"), ==,
                   "https://storage.googleapis.com/real-estate-musics/danse_du_crepuscule.mp3");
  g_assert_null (vitrine_provider_vikit_lookup_track ("Techno"));
  /* On until the agent turns it off (memory settings: the default). */
  g_assert_true (vitrine_config_get_test_mode ("vikit"));
}

/* Stopped while preparing (no key, nothing sent): sent once on restart. */
VITRINE_TEST (restart_before_post, NULL)
{
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");

  vitrine_job_set_state (job, VITRINE_JOB_STATE_UPLOADING);
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, vikit_labels);
  g_assert_cmpuint (posts (t), ==, 1);
}

/* Photos on this computer: prepared, uploaded to the agent's bucket (a
 * real S3 on loopback, tests/s3) and handed to Vikit as presigned links. */
static void
local_photos_job (VitrineTestRemote  *t,
                  VitrineJob        **out)
{
  g_autofree char *dir = g_build_filename (t->dir, "local", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *logo = NULL;
  const char *photos[3];
  VitrineJob *job = vitrine_test_remote_new_job (t, "vikit");

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  a = vitrine_test_make_jpeg (dir, "kitchen.jpg", 1600, 1200, 6, 3);
  b = vitrine_test_make_jpeg (dir, "terrace.jpg", 1200, 800, 1, 4);
  logo = vitrine_test_make_png (dir, "agency.png", 200, 100, 5);
  photos[0] = a;
  photos[1] = b;
  photos[2] = NULL;
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_logo (job, logo);
  *out = job;
}

static gboolean
has_attention (gpointer job)
{
  return vitrine_job_get_attention (job) != NULL;
}

/* A media host that cannot be reached (nothing listens at its address):
 * the job waits to try again, QUEUED, and says why (it went round
 * "Queued", "Uploading" with no word of it); nothing reached Vikit. */
VITRINE_TEST (media_host_unreachable, NULL)
{
  g_autoptr(VitrineJob) job = NULL;
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autofree char *endpoint = g_strdup_printf ("http://127.0.0.1:%u", vitrine_test_web_closed_port ());

  g_setenv ("VITRINE_S3_ENDPOINT", endpoint, TRUE);
  g_setenv ("VITRINE_S3_BUCKET", "photos", TRUE);
  g_setenv ("VITRINE_S3_ACCESS_KEY", "made-up-access", TRUE);
  g_setenv ("VITRINE_S3_SECRET_KEY", "made-up-secret", TRUE);
  local_photos_job (t, &job);
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  g_assert_true (vitrine_test_wait_for (has_attention, job, 60));
  g_assert_nonnull (strstr (vitrine_job_get_attention (job), "The media host could not be reached"));
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_QUEUED);
  g_assert_false (vitrine_job_is_finished (job));
  g_assert_cmpuint (posts (t), ==, 0);
  g_unsetenv ("VITRINE_S3_ENDPOINT");
  g_unsetenv ("VITRINE_S3_SECRET_KEY");
}

VITRINE_TEST (local_files_through_media_host, NULL)
{
  g_autoptr(VitrineJob) job = NULL;
  VitrineTestS3 *s3 = vitrine_test_s3_start_or_skip (NULL, NULL);
  JsonArray *images;

  if (s3 == NULL)
    return;
  g_setenv ("VITRINE_S3_ENDPOINT", vitrine_test_s3_get_endpoint (s3), TRUE);
  g_setenv ("VITRINE_S3_BUCKET", VITRINE_TEST_S3_BUCKET, TRUE);
  g_setenv ("VITRINE_S3_ACCESS_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_SECRET_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_PATH_STYLE", "1", TRUE);

  local_photos_job (t, &job);
  vitrine_test_remote_run (t, job, 120);
  vitrine_test_remote_assert_outputs (job, vikit_labels);

  /* Vikit got links to the bucket, and fetched them (signatures checked by
   * the peer). */
  images = json_object_get_array_member (json_node_get_object (t->vikit->server->last_request), "images");
  g_assert_cmpuint (json_array_get_length (images), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *url = json_array_get_string_element (images, i);

      g_assert_true (g_str_has_prefix (url, vitrine_test_s3_get_endpoint (s3)));
      g_assert_nonnull (strstr (url, "X-Amz-Signature="));
    }
  g_assert_true (g_str_has_prefix (member (t, "logo_url"), vitrine_test_s3_get_endpoint (s3)));
  g_assert_cmpuint (vitrine_fake_server_get_fetched (t->vikit->server)->len, ==, 3);
  g_assert_cmpuint (posts (t), ==, 1);

  vitrine_test_s3_stop (s3);
  g_unsetenv ("VITRINE_S3_ENDPOINT");
  g_unsetenv ("VITRINE_S3_SECRET_KEY");
}

/* The listing and the agent: the branded end card, drawn as an image and
 * hosted like the photos, is the ending; the Agent page's logo the logo. */
VITRINE_TEST (listing_end_card, NULL)
{
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");
  g_autoptr(VitrineListing) listing = vitrine_listing_new ();
  g_autoptr(VitrineAgent) agent = vitrine_agent_new ();
  g_autofree char *dir = g_build_filename (t->dir, "agent", NULL);
  VitrineTestS3 *s3 = vitrine_test_s3_start_or_skip (NULL, NULL);
  const char *ending;

  if (s3 == NULL)
    return;
  g_setenv ("VITRINE_S3_ENDPOINT", vitrine_test_s3_get_endpoint (s3), TRUE);
  g_setenv ("VITRINE_S3_BUCKET", VITRINE_TEST_S3_BUCKET, TRUE);
  g_setenv ("VITRINE_S3_ACCESS_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_SECRET_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_PATH_STYLE", "1", TRUE);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  listing->address = g_strdup ("12 rue Exemple, Lyon");
  listing->price = g_strdup ("€ 450,000");
  listing->url = g_strdup ("https://agency.example/12");
  agent->name = g_strdup ("Camille Martin");
  agent->agency = g_strdup ("Maison Lumière");
  agent->phone = g_strdup ("+33 4 78 00 00 00");
  agent->brand_bg = g_strdup ("#7a1f3d");
  agent->logo = vitrine_test_make_png (dir, "agency.png", 200, 100, 5);
  vitrine_job_set_listing (job, listing);
  vitrine_job_set_agent (job, agent);
  vitrine_test_remote_run (t, job, 120);
  vitrine_test_remote_assert_outputs (job, vikit_labels);

  ending = member (t, "ending_media_url");
  g_assert_nonnull (ending);
  g_assert_true (g_str_has_prefix (ending, vitrine_test_s3_get_endpoint (s3)));
  g_assert_nonnull (strstr (ending, "X-Amz-Signature="));
  g_assert_nonnull (strstr (ending, ".png"));
  g_assert_true (g_str_has_prefix (member (t, "logo_url"), vitrine_test_s3_get_endpoint (s3)));
  /* the three photos, the end card and the logo */
  g_assert_cmpuint (vitrine_fake_server_get_fetched (t->vikit->server)->len, ==, 5);

  vitrine_test_s3_stop (s3);
  g_unsetenv ("VITRINE_S3_ENDPOINT");
  g_unsetenv ("VITRINE_S3_SECRET_KEY");
}

/* An ending of the agent's own choosing wins over the end card. */
VITRINE_TEST (own_outro_wins, NULL)
{
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");
  g_autoptr(VitrineAgent) agent = vitrine_agent_new ();

  agent->name = g_strdup ("Camille Martin");
  vitrine_job_set_agent (job, agent);
  vitrine_job_set_outro (job, t->outro_url);
  vitrine_test_remote_run (t, job, 60);
  g_assert_cmpstr (member (t, "ending_media_url"), ==, t->outro_url);
}

/* Without a media host, photos on this computer cannot reach Vikit. */
VITRINE_TEST (local_files_without_media_host, NULL)
{
  g_autoptr(VitrineJob) job = NULL;

  g_unsetenv ("VITRINE_S3_ENDPOINT");
  local_photos_job (t, &job);
  vitrine_test_remote_run_to_failure (t, job, "Vikit fetches the photos, music and images it is given from the web");
  g_assert_cmpuint (posts (t), ==, 0);
  g_assert_null (vitrine_job_get_idempotency_key (job));
}

/* What the window asks before a paid job is sent (the media host set up?)
 * follows what the submit would upload, photos or not: a local sound as
 * the music, or the end card drawn from the agent's details. It asked
 * about the photos only, and such a job failed after the agent had
 * agreed to pay. */
VITRINE_TEST (uploads_files, NULL)
{
  VitrineProvider *provider = vitrine_provider_lookup ("vikit");
  g_autoptr(VitrineJob) job = vitrine_test_remote_new_job (t, "vikit");
  g_autoptr(VitrineJob) local = NULL;
  g_autoptr(VitrineAgent) agent = vitrine_agent_new ();
  g_autofree char *sound = g_build_filename (t->dir, "theme.mp3", NULL);

  /* photos, music and outro on the web: nothing to upload */
  g_assert_false (vitrine_provider_uploads_files (provider, job));
  /* a track of Vikit's own, by its name, is not a file */
  vitrine_job_set_music (job, "Brise de cristal");
  g_assert_false (vitrine_provider_uploads_files (provider, job));

  g_assert_true (g_file_set_contents (sound, "ID3", -1, NULL));
  vitrine_job_set_music (job, sound);
  g_assert_true (vitrine_provider_uploads_files (provider, job));
  vitrine_job_set_music (job, NULL);

  agent->name = g_strdup ("Camille Martin");
  vitrine_job_set_agent (job, agent);
  g_assert_true (vitrine_provider_uploads_files (provider, job));
  /* an ending of the agent's own, on the web: no end card drawn */
  vitrine_job_set_outro (job, t->outro_url);
  g_assert_false (vitrine_provider_uploads_files (provider, job));

  local_photos_job (t, &local);
  g_assert_true (vitrine_provider_uploads_files (provider, local));

  /* and the submit agrees: without a media host, the local music stops
   * the job before anything is sent */
  g_unsetenv ("VITRINE_S3_ENDPOINT");
  vitrine_job_set_music (job, sound);
  vitrine_test_remote_run_to_failure (t, job, "Vikit fetches the photos, music and images it is given from the web");
  g_assert_cmpuint (posts (t), ==, 0);
}

/* Issue 9: a null entry in "videos" is skipped with a note, never a failed
 * job; the others keep their labels, and a 9:16 job's preview opens a
 * 9:16 video first: the main one, made in the target_ratio asked. */
VITRINE_TEST (null_video_entry_skipped, NULL)
{
  static const char * const three[] = { "Main video", "Variant 2", "Vertical", NULL };
  g_autoptr(VitrineJob) job = paid_job (t);
  GPtrArray *outputs;

  vitrine_job_set_ratio (job, VITRINE_RATIO_9_16);
  t->vikit->null_video = TRUE;
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, three);
  g_assert_nonnull (strstr (vitrine_job_get_status_text (job), "skipped"));
  outputs = vitrine_job_get_outputs (job);
  g_assert_cmpstr (vitrine_job_get_preview_path (job), ==,
                   ((VitrineJobOutput *) g_ptr_array_index (outputs, 0))->path);
  g_assert_cmpstr (((VitrineJobOutput *) g_ptr_array_index (outputs, 0))->ratio, ==, "9:16");
  g_assert_cmpuint (vitrine_fake_server_count (t->vikit->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* Issue 9: vitrine-cli cancel on a job Vikit has started exits 1 and says
 * Vikit cannot stop it; the job goes on to its videos, charged once. */
VITRINE_TEST (cli_cancel_after_post, NULL)
{
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autoptr(VitrineJob) job = paid_job (t);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "cancel", NULL, NULL };
  int status;

  if (g_getenv ("VITRINE_CLI") == NULL)
    {
      g_test_skip ("VITRINE_CLI is not set");
      return;
    }
  store = vitrine_test_remote_cli_store (t);
  t->vikit->steps = 20;
  vitrine_job_store_add (store, job);
  monitor = vitrine_job_monitor_new_for_job (store, job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_PROCESSING);
  args[1] = vitrine_job_get_id (job);
  out = vitrine_test_remote_cli (t, args, &status, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "Vikit cannot stop a video it has started"));
  g_assert_nonnull (strstr (err, "vitrine-cli wait"));
  g_assert_false (vitrine_job_is_finished (job));
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_COMPLETED);
  vitrine_test_remote_assert_outputs (job, vitrine_test_provider.labels);
  g_assert_cmpuint (vitrine_fake_server_count (t->vikit->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* Issue 9: stopping to wait keeps the job, remote id and all, as not
 * followed (nothing polls it); Follow Again polls and downloads it. */
VITRINE_TEST (stop_waiting_then_follow_again, NULL)
{
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autoptr(VitrineJob) job = paid_job (t);
  guint polls;

  t->vikit->steps = 6;
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_PROCESSING);
  g_assert_false (vitrine_job_monitor_can_stop (monitor, job));
  vitrine_job_monitor_cancel_job (monitor, job);   /* cannot: left as it is */
  g_assert_false (vitrine_job_is_finished (job));
  vitrine_job_set_followed (job, FALSE);          /* the dialog's Stop Waiting */
  vitrine_test_remote_spin (200);
  polls = vitrine_fake_server_count (t->vikit->server, VITRINE_FAKE_ON_POLL);
  vitrine_test_remote_spin (1000);
  g_assert_cmpuint (vitrine_fake_server_count (t->vikit->server, VITRINE_FAKE_ON_POLL), ==, polls);
  g_assert_nonnull (vitrine_job_get_remote_id (job));
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_PROCESSING);
  vitrine_job_monitor_follow_job (monitor, job);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_COMPLETED);
  vitrine_test_remote_assert_outputs (job, vitrine_test_provider.labels);
  g_assert_cmpuint (vitrine_fake_server_count (t->vikit->server, VITRINE_FAKE_ON_POST), ==, 1);
}

/* Issue 9: a job paused for the agent in this process (its output folder
 * cannot be made) is resumed by vitrine-cli wait from another process:
 * the wait clears the pause through the store, the driver here goes on
 * and brings the videos, the wait exits 0; nothing is posted again. */
VITRINE_TEST (cli_wait_resumes_paused_elsewhere, NULL)
{
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autoptr(VitrineJob) job = paid_job (t);
  g_autofree char *blocker = g_build_filename (t->dir, "blocker", NULL);
  g_autofree char *out_dir = g_build_filename (blocker, "videos", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  const char *args[] = { "wait", "--quiet", NULL, NULL };
  int status = -1;

  if (g_getenv ("VITRINE_CLI") == NULL)
    {
      g_test_skip ("VITRINE_CLI is not set");
      return;
    }
  g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));
  vitrine_job_set_output_dir (job, out_dir);
  store = vitrine_test_remote_cli_store (t);
  vitrine_job_store_add (store, job);
  monitor = vitrine_job_monitor_new_for_job (store, job);
  while (vitrine_job_get_attention (job) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (vitrine_job_get_attention (job), "cannot be created"));
  vitrine_test_remote_spin (500);
  g_assert_false (vitrine_job_is_finished (job));

  g_assert_cmpint (g_unlink (blocker), ==, 0);
  args[2] = vitrine_job_get_id (job);
  out = vitrine_test_remote_cli (t, args, &status, &err);
  if (status != 0)
    g_error ("vitrine-cli wait exited %d: %s %s", status, out, err);
  vitrine_test_remote_run_until (job, VITRINE_JOB_STATE_COMPLETED);
  vitrine_test_remote_assert_outputs (job, vitrine_test_provider.labels);
  g_assert_cmpuint (vitrine_fake_server_count (t->vikit->server, VITRINE_FAKE_ON_POST), ==, 1);
}
