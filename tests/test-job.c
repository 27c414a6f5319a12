/* test-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "vitrine-agent-profile.h"
#include "vitrine-job.h"
#include "vitrine-job-json.h"
#include "vitrine-job-store.h"
#include "vitrine-test-photos.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_progress_notifies_once (void)
{
  VitrineJob *job = vitrine_job_new ("local");
  guint count = 0;

  g_signal_connect (job, "notify::progress", G_CALLBACK (count_notify), &count);
  vitrine_job_set_progress (job, 10);
  vitrine_job_set_progress (job, 10);
  g_assert_cmpuint (count, ==, 1);
  vitrine_job_set_progress (job, 500);
  g_assert_cmpuint (vitrine_job_get_progress (job), ==, 100);
  g_assert_cmpuint (count, ==, 2);
  g_assert_finalize_object (job);
}

static void
test_defaults (void)
{
  VitrineJob *job = vitrine_job_new ("local");
  VitrineJob *other = vitrine_job_new ("local");

  g_assert_cmpstr (vitrine_job_get_provider_id (job), ==, "local");
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_QUEUED);
  g_assert_cmpint (vitrine_job_get_ratio (job), ==, VITRINE_RATIO_16_9);
  g_assert_cmpfloat (vitrine_job_get_seconds_per_photo (job), ==, 4.0);
  /* held between 0.5 and 60; NaN (the CLI let it through) is no length */
  vitrine_job_set_seconds_per_photo (job, 600);
  g_assert_cmpfloat (vitrine_job_get_seconds_per_photo (job), ==, 60.0);
  vitrine_job_set_seconds_per_photo (job, NAN);
  g_assert_cmpfloat (vitrine_job_get_seconds_per_photo (job), ==, 4.0);
  g_assert_cmpuint (vitrine_job_get_n_photos (job), ==, 0);
  g_assert_nonnull (vitrine_job_get_photos (job));
  g_assert_true (g_uuid_string_is_valid (vitrine_job_get_id (job)));
  g_assert_cmpstr (vitrine_job_get_id (job), !=, vitrine_job_get_id (other));
  g_assert_cmpint (vitrine_job_get_created (job), >, 1700000000);
  g_assert_null (vitrine_job_get_idempotency_key (job));
  g_assert_finalize_object (job);
  g_assert_finalize_object (other);
}

static void
test_state_flow (void)
{
  VitrineJob *job = vitrine_job_new ("local");
  guint count = 0;

  g_signal_connect (job, "notify::state", G_CALLBACK (count_notify), &count);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  g_assert_cmpuint (count, ==, 1);
  g_assert_false (vitrine_job_is_finished (job));
  vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
  g_assert_true (vitrine_job_is_finished (job));
  g_assert_cmpuint (vitrine_job_get_progress (job), ==, 100);

  /* Finished states are final: a late failure, a stale state or a cancel
   * changes nothing; only an explicit reopen (Retry, Follow Again) does. */
  vitrine_job_fail (job, "Disk full");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
  vitrine_job_begin_step (job, VITRINE_JOB_STATE_UPLOADING);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpuint (vitrine_job_get_progress (job), ==, 100);
  g_assert_null (vitrine_job_get_error_message (job));
  g_assert_cmpuint (count, ==, 2);
  vitrine_job_reopen (job, VITRINE_JOB_STATE_DOWNLOADING);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_DOWNLOADING);

  vitrine_job_fail (job, "Disk full");
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_cmpstr (vitrine_job_get_error_message (job), ==, "Disk full");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_QUEUED);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_finalize_object (job);
}

/* INTERRUPTED is finished (nothing drives it) but not final: a provider
 * that finds what the lost POST made moves it on. */
static void
test_interrupted_is_not_final (void)
{
  g_autoptr(VitrineJob) job = vitrine_job_new ("vikit");

  vitrine_job_set_state (job, VITRINE_JOB_STATE_INTERRUPTED);
  g_assert_true (vitrine_job_is_finished (job));
  g_assert_false (vitrine_job_is_final (job));
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_PROCESSING);
}

static void
test_inputs_and_retry (void)
{
  const char * const photos[] = { "/a.jpg", "/b.jpg", NULL };
  VitrineJob *job = vitrine_job_new ("local");
  VitrineJob *retry;
  const char *key;

  vitrine_job_set_name (job, "12 rue Exemple");
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_music (job, "/m.ogg");
  vitrine_job_set_ratio (job, VITRINE_RATIO_9_16);
  vitrine_job_set_seconds_per_photo (job, 2.5);
  vitrine_job_set_option (job, "notify_email", "a@example.com");
  vitrine_job_set_remote_id (job, "r-1");
  vitrine_job_add_output (job, "Video", NULL, "/out.mp4");
  vitrine_job_set_attention (job, "The disk is full");
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_HELD, "1");
  vitrine_job_mark_posting (job);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT, "1700000000");
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_START_POSTED, "1");
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_SHARE_URL, "https://example.com/share/1");
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_CREDITS_LEFT, "3");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_FAILED);
  key = vitrine_job_ensure_idempotency_key (job);
  g_assert_true (g_uuid_string_is_valid (key));
  g_assert_true (key == vitrine_job_ensure_idempotency_key (job));
  g_assert_cmpstr (vitrine_job_get_first_output_path (job), ==, "/out.mp4");

  retry = vitrine_job_new_retry (job);
  g_assert_cmpstr (vitrine_job_get_id (retry), !=, vitrine_job_get_id (job));
  g_assert_cmpstr (vitrine_job_get_name (retry), ==, "12 rue Exemple");
  g_assert_true (g_strv_equal (vitrine_job_get_photos (retry), photos));
  g_assert_cmpstr (vitrine_job_get_music (retry), ==, "/m.ogg");
  g_assert_cmpint (vitrine_job_get_ratio (retry), ==, VITRINE_RATIO_9_16);
  g_assert_cmpfloat (vitrine_job_get_seconds_per_photo (retry), ==, 2.5);
  g_assert_cmpstr (vitrine_job_get_option (retry, "notify_email"), ==, "a@example.com");
  /* Never the remote side, outputs or key of the first one. */
  g_assert_null (vitrine_job_get_remote_id (retry));
  g_assert_null (vitrine_job_get_idempotency_key (retry));
  g_assert_cmpuint (vitrine_job_get_outputs (retry)->len, ==, 0);
  g_assert_cmpint (vitrine_job_get_state (retry), ==, VITRINE_JOB_STATE_QUEUED);
  /* Nor its pause. */
  g_assert_null (vitrine_job_get_attention (retry));
  g_assert_null (vitrine_job_get_option (retry, VITRINE_JOB_OPTION_HELD));
  /* Nor its answers, nor its time of sending: the retry's own POST is
   * dated now (a lost answer is looked for around it). */
  g_assert_null (vitrine_job_get_option (retry, VITRINE_JOB_OPTION_SHARE_URL));
  g_assert_null (vitrine_job_get_option (retry, VITRINE_JOB_OPTION_CREDITS_LEFT));
  g_assert_null (vitrine_job_get_option (retry, VITRINE_JOB_OPTION_SUBMITTED_AT));
  g_assert_null (vitrine_job_get_option (retry, VITRINE_JOB_OPTION_START_POSTED));
  vitrine_job_mark_posting (retry);
  g_assert_cmpint (g_ascii_strtoll (vitrine_job_get_option (retry, VITRINE_JOB_OPTION_SUBMITTED_AT),
                                    NULL, 10), >=, g_get_real_time () / G_USEC_PER_SEC - 60);

  g_assert_finalize_object (retry);
  g_assert_finalize_object (job);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *last_position)
{
  *last_position = position;
}

static void
test_store_newest_first (void)
{
  VitrineJobStore *store = vitrine_job_store_new_in_memory ();
  g_autoptr(VitrineJob) first = vitrine_job_new ("local");
  g_autoptr(VitrineJob) second = vitrine_job_new ("local");
  g_autoptr(VitrineJob) item = NULL;
  guint position = G_MAXUINT;

  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &position);
  vitrine_job_store_add (store, first);
  vitrine_job_store_add (store, second);
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  item = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_true (item == second);
  g_assert_true (vitrine_job_store_lookup (store, vitrine_job_get_id (first)) == first);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 2));

  vitrine_job_store_remove (store, second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_null (vitrine_job_store_lookup (store, vitrine_job_get_id (second)));
  g_assert_finalize_object (store);
}

/* Where photos from the web came from, beside their copies. */
static void
test_job_photo_sources (void)
{
  g_autoptr(VitrineJob) job = vitrine_job_new ("local");
  g_autofree char *first = NULL;

  g_assert_null (vitrine_job_dup_photo_source (job, 0));
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_PHOTO_SOURCES, "https://example.com/a.jpg\n\n");
  first = vitrine_job_dup_photo_source (job, 0);
  g_assert_cmpstr (first, ==, "https://example.com/a.jpg");
  g_assert_null (vitrine_job_dup_photo_source (job, 1));
  g_assert_null (vitrine_job_dup_photo_source (job, 3));
}

static VitrineJob *
make_listing_job (void)
{
  const char * const photos[] = { "/p/1.jpg", "/p/2.jpg", NULL };
  const char * const captions[] = { "Kitchen", "", NULL };
  VitrineListing listing = { "12 rue Exemple", "€ 450,000", "3 bedrooms", "https://example.com/l/12" };
  VitrineAgent agent = { "Ana Agent", "Agence", "+33 1 23", "ana@example.com",
                         "/a/photo.jpg", "/a/logo.png", "#102030", "#ffffff" };
  VitrineJob *job = vitrine_job_new ("local");

  vitrine_job_set_photos (job, photos);
  vitrine_job_set_captions (job, captions);
  vitrine_job_set_listing (job, &listing);
  vitrine_job_set_agent (job, &agent);
  vitrine_job_set_ratios (job, VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1);
  vitrine_job_set_unbranded (job, TRUE);
  vitrine_job_set_fit (job, VITRINE_FIT_BLUR);
  return job;
}

static void
assert_listing_job (VitrineJob *job)
{
  g_assert_cmpstr (vitrine_job_get_listing (job)->address, ==, "12 rue Exemple");
  g_assert_cmpstr (vitrine_job_get_listing (job)->url, ==, "https://example.com/l/12");
  g_assert_cmpstr (vitrine_job_get_agent (job)->name, ==, "Ana Agent");
  g_assert_cmpstr (vitrine_job_get_agent (job)->brand_bg, ==, "#102030");
  g_assert_cmpstr (vitrine_job_get_agent (job)->logo, ==, "/a/logo.png");
  g_assert_cmpstr (vitrine_job_get_caption (job, 0), ==, "Kitchen");
  g_assert_null (vitrine_job_get_caption (job, 1));
  g_assert_null (vitrine_job_get_caption (job, 5));
  g_assert_cmpint (vitrine_job_get_ratios (job), ==, VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1);
  g_assert_cmpint (vitrine_job_get_ratio (job), ==, VITRINE_RATIO_9_16);
  g_assert_true (vitrine_job_get_unbranded (job));
  g_assert_cmpint (vitrine_job_get_fit (job), ==, VITRINE_FIT_BLUR);
}

/* The listing, the agent, captions, ratios, variants and fit: kept by a
 * retry and by the store's JSON; a later change of the agent is the job's
 * own copy, not a shared one. */
static void
test_listing_inputs (void)
{
  g_autoptr(VitrineJob) job = make_listing_job ();
  g_autoptr(VitrineJob) retry = vitrine_job_new_retry (job);
  g_autoptr(VitrineJob) loaded = vitrine_job_new ("local");
  g_autoptr(JsonNode) inputs = vitrine_job_inputs_to_json (job);
  g_autoptr(JsonNode) outputs = NULL;
  VitrineJobOutput *output;
  guint notified = 0;

  assert_listing_job (job);
  assert_listing_job (retry);
  vitrine_job_inputs_from_json (loaded, inputs);
  assert_listing_job (loaded);

  /* setting "ratio" asks for that ratio alone */
  g_signal_connect (job, "notify::ratios", G_CALLBACK (count_notify), &notified);
  vitrine_job_set_ratio (job, VITRINE_RATIO_16_9);
  g_assert_cmpint (vitrine_job_get_ratios (job), ==, VITRINE_RATIO_FLAG_16_9);
  g_assert_cmpuint (notified, ==, 1);

  vitrine_job_add_output_full (job, "Vertical", NULL, "/v/a-9x16-unbranded.mp4", "9:16", "unbranded");
  outputs = vitrine_job_outputs_to_json (job);
  vitrine_job_outputs_from_json (loaded, outputs);
  output = g_ptr_array_index (vitrine_job_get_outputs (loaded), 0);
  g_assert_cmpstr (output->ratio, ==, "9:16");
  g_assert_cmpstr (output->variant, ==, "unbranded");
  g_assert_cmpstr (output->path, ==, "/v/a-9x16-unbranded.mp4");
}

/* Inputs stored before the listing video: the defaults. */
static void
test_old_inputs_readable (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"photos\": [\"/p.jpg\"], \"ratio\": \"1:1\"}", NULL);
  g_autoptr(JsonNode) outputs = json_from_string ("[{\"label\": \"Video\", \"path\": \"/v.mp4\"}]", NULL);
  g_autoptr(VitrineJob) job = vitrine_job_new ("local");
  VitrineJobOutput *output;

  vitrine_job_inputs_from_json (job, node);
  vitrine_job_outputs_from_json (job, outputs);
  g_assert_cmpint (vitrine_job_get_ratios (job), ==, VITRINE_RATIO_FLAG_1_1);
  g_assert_false (vitrine_job_get_unbranded (job));
  g_assert_cmpint (vitrine_job_get_fit (job), ==, VITRINE_FIT_PAN);
  g_assert_true (vitrine_listing_is_empty (vitrine_job_get_listing (job)));
  g_assert_true (vitrine_agent_is_empty (vitrine_job_get_agent (job)));
  g_assert_null (vitrine_job_get_caption (job, 0));
  output = g_ptr_array_index (vitrine_job_get_outputs (job), 0);
  g_assert_null (output->ratio);
  g_assert_null (output->variant);
}

static void
test_listing_validate (void)
{
  VitrineListing good = { NULL, NULL, NULL, "https://example.com/x" };
  /* Each refused, saying why: a scheme alone leads nowhere, and the
   * scanned QR code would not open an address with a space inside. */
  const struct { const char *url; const char *says; } refused[] = {
    { "ftp://example.com/x", "ftp://" },
    { "https://", "no website" },
    { "http:///listing/7", "no website" },
    { "https://exa mple.com/listing/7", "spaces" },
    { "https://example.com/listing\t7", "spaces" },
  };
  VitrineAgent colours = { .brand_bg = "#123", .brand_fg = "white" };
  g_autoptr(GError) error = NULL;
  double rgb[3];
  VitrineRatioFlags flags;

  g_assert_true (vitrine_listing_validate (&good, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      VitrineListing bad = { NULL, NULL, NULL, (char *) refused[i].url };

      g_assert_false (vitrine_listing_validate (&bad, &error));
      g_assert_nonnull (strstr (error->message, refused[i].says));
      g_assert_nonnull (strstr (error->message, refused[i].url));
      g_clear_error (&error);
    }
  g_assert_false (vitrine_agent_validate (&colours, &error));
  g_assert_nonnull (strstr (error->message, "white"));
  g_clear_error (&error);
  /* The e-mail address printed on the end card: typing slips refused. */
  {
    const char *fine[] = { "", "anna@example.se", "a.b+c@sub.example.co.uk", "anna@localhost" };
    const char *slips[] = { "anna.example.se", "@example.se", "anna@", "an na@example.se",
                            "anna@@example.se", "anna@example.se\n" };
    VitrineAgent agent = { .email = "anna.example.se" };

    for (guint i = 0; i < G_N_ELEMENTS (fine); i++)
      g_assert_true (vitrine_agent_check_email (fine[i], NULL));
    for (guint i = 0; i < G_N_ELEMENTS (slips); i++)
      {
        g_assert_false (vitrine_agent_check_email (slips[i], &error));
        g_assert_nonnull (strstr (error->message, "e-mail"));
        g_clear_error (&error);
      }
    g_assert_false (vitrine_agent_validate (&agent, &error));
    g_assert_nonnull (strstr (error->message, "anna.example.se"));
  }
  g_assert_true (vitrine_color_parse ("#ff8000", rgb));
  g_assert_cmpfloat_with_epsilon (rgb[1], 128 / 255.0, 1e-9);
  g_assert_true (vitrine_ratio_flags_from_string ("1:1,16:9", &flags));
  g_assert_cmpint (flags, ==, VITRINE_RATIO_FLAG_1_1 | VITRINE_RATIO_FLAG_16_9);
  g_assert_false (vitrine_ratio_flags_from_string ("16:9,4:3", &flags));
}

/* The Agent page's images are copied: deleting the originals breaks
 * nothing, and the saved paths read back. */
static void
test_agent_profile (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *photo = vitrine_test_make_jpeg (dir, "me.jpg", 64, 80, 1, 3);
  g_autofree char *profile_dir = vitrine_agent_profile_dir ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.vitrine.Vitrine");
  g_autoptr(VitrineAgent) loaded = NULL;
  g_autoptr(GError) error = NULL;
  VitrineAgent agent = { .name = "Ana Agent", .photo = photo, .brand_bg = "#102030" };

  g_assert_true (vitrine_agent_profile_save (settings, &agent, &error));
  g_assert_no_error (error);
  vitrine_test_rmtree (dir);
  loaded = vitrine_agent_profile_load (settings);
  g_assert_cmpstr (loaded->name, ==, "Ana Agent");
  g_assert_cmpstr (loaded->brand_bg, ==, "#102030");
  g_assert_null (loaded->agency);
  g_assert_true (g_str_has_prefix (loaded->photo, profile_dir));
  g_assert_true (g_file_test (loaded->photo, G_FILE_TEST_IS_REGULAR));
}

/* The listing and the agent are records of strings: copied, compared,
 * merged and emptied member by member. */
static void
test_string_records (void)
{
  VitrineListing listing = { .address = "12 rue Exemple", .url = "https://example.com/12" };
  VitrineAgent over = { .phone = "+33 1 23 45 67 89", .brand_fg = "#000000" };
  g_autoptr(VitrineListing) copy = vitrine_listing_copy (&listing);
  g_autoptr(VitrineAgent) agent = vitrine_agent_new ();

  g_assert_true (copy->address != listing.address);
  g_assert_cmpstr (copy->address, ==, "12 rue Exemple");
  g_assert_null (copy->price);
  g_assert_true (vitrine_listing_equal (copy, &listing));
  g_clear_pointer (&copy->url, g_free);
  g_assert_false (vitrine_listing_equal (copy, &listing));
  g_assert_false (vitrine_listing_equal (copy, NULL));
  g_assert_true (vitrine_listing_equal (NULL, NULL));
  g_assert_false (vitrine_listing_is_empty (copy));
  g_clear_pointer (&copy->address, g_free);
  g_assert_true (vitrine_listing_is_empty (copy));

  g_assert_true (vitrine_agent_is_empty (agent));
  agent->name = g_strdup ("Ana");
  agent->brand_fg = g_strdup ("#ffffff");
  vitrine_agent_merge (agent, &over);
  g_assert_cmpstr (agent->name, ==, "Ana");
  g_assert_cmpstr (agent->phone, ==, "+33 1 23 45 67 89");
  g_assert_cmpstr (agent->brand_fg, ==, "#000000");
  g_assert_false (vitrine_agent_equal (agent, &over));
}

/* A copy that lost a write conflict takes the newer row's outputs whole:
 * their ratio and variant (the preview's switcher, show --json) too. */
static void
test_merge_keeps_output_labels (void)
{
  g_autoptr(VitrineJob) mine = vitrine_job_new ("local");
  g_autoptr(VitrineJob) newer = vitrine_job_new ("local");
  VitrineJobOutput *output;

  vitrine_job_add_output_full (newer, "9:16", NULL, "/v/a-9x16.mp4", "9:16", "branded");
  vitrine_job_add_output_full (newer, "9:16, unbranded", NULL, "/v/a-9x16-unbranded.mp4",
                               "9:16", "unbranded");
  vitrine_job_merge (mine, newer, FALSE);
  g_assert_cmpuint (vitrine_job_get_outputs (mine)->len, ==, 2);
  output = g_ptr_array_index (vitrine_job_get_outputs (mine), 1);
  g_assert_cmpstr (output->ratio, ==, "9:16");
  g_assert_cmpstr (output->variant, ==, "unbranded");

  /* Only the variant differs: the newer one is taken. */
  vitrine_job_clear_outputs (newer);
  vitrine_job_add_output_full (newer, "9:16", NULL, "/v/a-9x16.mp4", "9:16", "branded");
  vitrine_job_add_output_full (newer, "9:16, unbranded", NULL, "/v/a-9x16-unbranded.mp4",
                               "9:16", "mls");
  g_assert_true (vitrine_job_merge (mine, newer, FALSE) == FALSE);
  output = g_ptr_array_index (vitrine_job_get_outputs (mine), 1);
  g_assert_cmpstr (output->variant, ==, "mls");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/job/progress-notifies-once", test_progress_notifies_once);
  g_test_add_func ("/core/job/defaults", test_defaults);
  g_test_add_func ("/core/job/photo-sources", test_job_photo_sources);
  g_test_add_func ("/core/job/state-flow", test_state_flow);
  g_test_add_func ("/core/job/interrupted-is-not-final", test_interrupted_is_not_final);
  g_test_add_func ("/core/job/inputs-and-retry", test_inputs_and_retry);
  g_test_add_func ("/core/job-store/newest-first", test_store_newest_first);
  g_test_add_func ("/core/job/listing-inputs", test_listing_inputs);
  g_test_add_func ("/core/job/old-inputs-readable", test_old_inputs_readable);
  g_test_add_func ("/core/job/listing-validate", test_listing_validate);
  g_test_add_func ("/core/job/string-records", test_string_records);
  g_test_add_func ("/core/job/merge-keeps-output-labels", test_merge_keeps_output_labels);
  g_test_add_func ("/core/agent-profile/images-copied", test_agent_profile);
  return g_test_run ();
}
