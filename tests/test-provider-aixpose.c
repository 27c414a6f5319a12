/* test-provider-aixpose.c: AIXpose against its loopback fake, through the job monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-fake-aixpose.h"
#include "vitrine-provider-aixpose.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"

#define N_PHOTOS 3

static const char * const one_video[] = { "Video", NULL };

/* Photos already on the web: a project, three pictures, a video. */
static VitrineJob *
new_job (VitrineTestRemote *t)
{
  return vitrine_test_remote_new_job (t, "aixpose");
}

/* One object per step, whatever happened on the way. */
static void
made_once (VitrineTestRemote *t,
           VitrineJob        *job)
{
  g_assert_cmpuint (t->aixpose->projects, ==, 1);
  g_assert_cmpuint (t->aixpose->pictures, ==, vitrine_job_get_n_photos (job));
  g_assert_cmpuint (t->aixpose->videos, ==, 1);
}

const VitrineTestProvider vitrine_test_provider = {
  .id = "aixpose", .n_photos = N_PHOTOS, .labels = one_video, .new_job = new_job,
  .charged = made_once, .posts = 1 + N_PHOTOS + 1, .resumes = TRUE,
};

static char *
local_photo (VitrineTestRemote *t,
             guint              n)
{
  g_autofree char *name = g_strdup_printf ("photo-%u.jpg", n);

  return g_build_filename (t->dir, "photos", name, NULL);
}

/* Every POST's key is the job's with its step. */
static void
assert_keys (VitrineTestRemote  *t,
             VitrineJob         *job,
             const char * const *steps)
{
  GPtrArray *keys = t->aixpose->keys;

  g_assert_cmpuint (keys->len, ==, g_strv_length ((char **) steps));
  for (guint i = 0; steps[i] != NULL; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s-%s", vitrine_job_get_idempotency_key (job),
                                                   steps[i]);

      g_assert_cmpstr (g_ptr_array_index (keys, i), ==, expected);
    }
}

VITRINE_TEST (complete_job, NULL)
{
  g_autoptr(VitrineJob) job = vitrine_job_new ("aixpose");
  g_autofree char *photo1 = local_photo (t, 1);
  g_autofree char *photo2 = local_photo (t, 2);
  g_autofree char *music_url = g_strdup_printf ("%s/photos/outro.jpg",
                                                vitrine_fake_server_get_url (t->files));
  const char *photos[] = { photo1, g_ptr_array_index (t->photo_urls, 2), photo2, NULL };
  const char * const steps[] = { "project", "picture-1", "enhance-1", "picture-2", "enhance-2",
                                 "picture-3", "enhance-3", "video", NULL };
  JsonObject *request;
  JsonArray *ids;

  vitrine_job_set_name (job, "12 rue Exemple");
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_output_dir (job, t->out_dir);
  vitrine_job_set_ratio (job, VITRINE_RATIO_9_16);
  /* The reel's audio is a URL (a file would go through the media host). */
  vitrine_job_set_music (job, music_url);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE,
                          "interior-style-japandi, interior-decoration-medium");
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);

  g_assert_cmpuint (t->aixpose->projects, ==, 1);
  g_assert_cmpuint (t->aixpose->pictures, ==, 3);
  g_assert_cmpuint (t->aixpose->uploads, ==, 2);        /* two files, one URL */
  g_assert_cmpuint (t->aixpose->enhancements, ==, 3);
  g_assert_cmpuint (t->aixpose->videos, ==, 1);
  g_assert_cmpuint (t->aixpose->replays, ==, 0);
  g_assert_cmpstr (t->aixpose->server->last_key, ==, VITRINE_FAKE_AIXPOSE_KEY);
  assert_keys (t, job, steps);

  /* The video request Vitrine assumes, from the enhanced variants. */
  request = json_node_get_object (t->aixpose->server->last_request);
  g_assert_cmpstr (json_object_get_string_member (request, "project_id"), ==, "prj_1");
  g_assert_cmpstr (json_object_get_string_member (request, "aspect_ratio"), ==, "9:16");
  g_assert_cmpstr (json_object_get_string_member (request, "audio_url"), ==, music_url);
  ids = json_object_get_array_member (request, "picture_ids");
  g_assert_cmpuint (json_array_get_length (ids), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (ids, 0), ==,
                   vitrine_remote_job_get_step (job, "enhance-1"));
  g_assert_cmpstr (vitrine_remote_job_get_step (job, "picture-1"), !=,
                   vitrine_remote_job_get_step (job, "enhance-1"));
  g_assert_false (json_object_has_member (request, "webhook_url"));
  g_assert_cmpstr (vitrine_job_get_remote_id (job), ==, "vid_1");
  g_assert_true (g_str_has_suffix (vitrine_job_get_poll_url (job), "/v1/videos/vid_1"));
  g_assert_cmpstr (vitrine_job_get_status_text (job), ==, "completed");
}

/* The project is the property: named by the listing's address. */
VITRINE_TEST (project_named_by_address, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineListing) listing = vitrine_listing_new ();

  listing->address = g_strdup ("  8 avenue Autre, 69003 Lyon ");
  vitrine_job_set_listing (job, listing);
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpstr (t->aixpose->project_name, ==, "8 avenue Autre, 69003 Lyon");
}

/* Without an address, the listing name. */
VITRINE_TEST (project_named_by_name, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  vitrine_job_set_name (job, "Villa des Roses");
  vitrine_test_remote_run (t, job, 60);
  g_assert_cmpstr (t->aixpose->project_name, ==, "Villa des Roses");
}

/* Answers lost after the objects were made: the same keys again, the
 * server replays, nothing is made twice. */
VITRINE_TEST (lost_answers_replayed, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  /* The project's and the video's (pictures fetched from URLs answer). */
  t->aixpose->lose_answers = 2;
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  made_once (t, job);
  g_assert_cmpuint (t->aixpose->replays, ==, 2);
}

VITRINE_TEST (video_failed, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  t->aixpose->fail = TRUE;
  vitrine_test_remote_run_to_failure (t, job, "Not enough approved pictures");
}

VITRINE_TEST (unknown_enhancement, NULL)
{
  VitrineProvider *provider = vitrine_provider_lookup ("aixpose");
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(GError) error = NULL;

  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE, "sky blue");
  g_assert_false (vitrine_provider_validate (provider, job, &error));
  g_assert_nonnull (strstr (error->message, "sky blue"));

  /* One the catalogue does not know: AIXpose says so, in its words. */
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE, "interior-style-baroque");
  vitrine_test_remote_run_to_failure (t, job, "Unknown action");
  g_assert_cmpuint (t->aixpose->videos, ==, 0);
}

static void
strv_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError *error = NULL;
  GStrv list = vitrine_provider_aixpose_fetch_actions_finish (VITRINE_PROVIDER_AIXPOSE (object),
                                                              result, &error);

  g_assert_no_error (error);
  *(GStrv *) user_data = list;
}

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  double *balance = user_data;

  if (!vitrine_provider_aixpose_fetch_balance_finish (VITRINE_PROVIDER_AIXPOSE (object), result,
                                                      balance, &error))
    *balance = g_error_matches (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_AUTH) ? -2 : -3;
}

VITRINE_TEST (catalogues_and_balance, NULL)
{
  VitrineProviderAixpose *provider = VITRINE_PROVIDER_AIXPOSE (vitrine_provider_lookup ("aixpose"));
  g_autoptr(VitrineJob) job = new_job (t);
  g_auto(GStrv) actions = NULL;
  g_auto(GStrv) ratios = NULL;
  g_autofree char *cost = NULL;
  double balance = -1;

  vitrine_provider_aixpose_fetch_actions_async (provider, NULL, strv_cb, &actions);
  vitrine_provider_aixpose_fetch_ratios_async (provider, NULL, strv_cb, &ratios);
  vitrine_provider_aixpose_fetch_balance_async (provider, NULL, balance_cb, &balance);
  while (actions == NULL || ratios == NULL || balance < 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_strv_length (actions), ==, 3);
  g_assert_cmpstr (actions[0], ==, "interior-style-japandi");
  g_assert_true (g_strv_contains ((const char * const *) ratios, "9:16"));
  g_assert_cmpfloat (balance, ==, 120);
  cost = vitrine_provider_estimate_cost (VITRINE_PROVIDER (provider), job);
  g_assert_nonnull (strstr (cost, "120 left"));

  /* A key AIXpose does not know. */
  g_setenv ("VITRINE_AIXPOSE_API_KEY", "wrong", TRUE);
  balance = -1;
  vitrine_provider_aixpose_fetch_balance_async (provider, NULL, balance_cb, &balance);
  while (balance == -1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (balance, ==, -2);
}

VITRINE_TEST (capabilities, NULL)
{
  VitrineProvider *provider = vitrine_provider_lookup ("aixpose");
  const VitrineProviderCapabilities *caps = vitrine_provider_get_capabilities (provider);

  g_assert_true (VITRINE_IS_PROVIDER_AIXPOSE (provider));
  g_assert_false (caps->needs_urls);
  g_assert_true (caps->can_recover);
  g_assert_false (caps->can_cancel);
  g_assert_true (vitrine_provider_supports_ratio (provider, VITRINE_RATIO_1_1));
  g_unsetenv ("VITRINE_AIXPOSE_URL");
  {
    g_autofree char *url = vitrine_remote_provider_dup_base_url (VITRINE_REMOTE_PROVIDER (provider));

    g_assert_cmpstr (url, ==, "https://api.aixpose.art");
  }
}
