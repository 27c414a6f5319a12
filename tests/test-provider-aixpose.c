/* test-provider-aixpose.c: AIXpose against its loopback fake, through the job monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vitrine-fake-aixpose.h"
#include "vitrine-provider-aixpose.h"
#include "vitrine-test-loop.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"
#include "vitrine-test-s3.h"

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
  g_assert_cmpuint (t->aixpose->mismatches, ==, 0);
  /* The reel waited for the enhancements, made in the background. */
  g_assert_cmpuint (t->aixpose->listings, >=, 2);
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

/* The fake keeps each JSON body with the key its request came with, the
 * one it has just kept: it read that key after freeing it (found by a
 * build with -Db_sanitize=address; here the freed bytes compare wrong). */
/* AIXpose takes the photos as files and the music as a URL: the window's
 * check before a paid job (the media host set up?) asks about the music,
 * not the photos (it asked about the photos, of a provider it then said
 * needed none). */
VITRINE_TEST (uploads_files, NULL)
{
  VitrineProvider *provider = vitrine_provider_lookup ("aixpose");
  g_autoptr(VitrineJob) job = new_job (t);
  g_autofree char *photo = local_photo (t, 1);
  const char *photos[] = { photo, NULL };

  vitrine_job_set_photos (job, photos);
  g_assert_false (vitrine_provider_uploads_files (provider, job));
  vitrine_job_set_music (job, t->music);
  g_assert_true (vitrine_provider_uploads_files (provider, job));
}

VITRINE_TEST (fake_keeps_key, NULL)
{
  VitrineFakeServer *server = t->aixpose->server;
  g_autoptr(JsonNode) body = json_from_string ("{\"name\": \"Villa\"}", NULL);

  g_free (server->last_key);
  server->last_key = g_strdup ("the-key-the-request-came-with");
  vitrine_fake_server_keep_request (server, body, server->last_key);
  g_assert_cmpstr (server->last_key, ==, "the-key-the-request-came-with");
  g_assert_true (server->last_request == body);
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

/* Issue 9, "AIXpose: resume, never re-buy" --------------------------------- */

/* How many POSTs the fake read with @key. */
static guint
count_key (VitrineTestRemote *t,
           const char        *key)
{
  guint n = 0;

  for (guint i = 0; i < t->aixpose->keys->len; i++)
    n += g_str_equal (g_ptr_array_index (t->aixpose->keys, i), key);
  return n;
}

static char *
step_key (VitrineJob *job,
          const char *step)
{
  return g_strdup_printf ("%s-%s", vitrine_job_get_idempotency_key (job), step);
}

/* Runs @job in @store with its own monitor until it pauses (its attention
 * set), and hands the monitor back. */
static VitrineJobMonitor *
run_until_paused (VitrineJobStore *store,
                  VitrineJob      *job)
{
  VitrineJobMonitor *monitor;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  vitrine_job_store_add (store, job);
  monitor = vitrine_job_monitor_new_for_job (store, job);
  while (vitrine_job_get_attention (job) == NULL && !vitrine_job_is_finished (job) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (vitrine_job_is_finished (job));
  g_assert_nonnull (vitrine_job_get_attention (job));
  return monitor;
}

static void
run_followed (VitrineJobMonitor *monitor,
              VitrineJob        *job)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  vitrine_job_monitor_follow_job (monitor, job);
  while (!vitrine_job_is_finished (job) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
no_failure (VitrineTestRemote *t)
{
  for (guint i = 0; i < t->states->len; i++)
    g_assert_cmpint (g_array_index (t->states, VitrineJobState, i), !=, VITRINE_JOB_STATE_FAILED);
}

/* Answers with @status the @count POSTs that follow the @made-th object
 * of @kind ("picture"…). */
typedef struct {
  const char *kind;
  guint       made;
  guint       status;
  const char *body;
  guint       count;
} Refuse;

static void
refuse_after_cb (VitrineFakeAixpose *fake,
                 const char         *kind,
                 gpointer            user_data)
{
  const Refuse *refuse = user_data;
  guint made = g_str_equal (kind, "picture") ? fake->pictures :
               g_str_equal (kind, "enhancement") ? fake->enhancements : 0;

  if (g_str_equal (kind, refuse->kind) && made == refuse->made)
    vitrine_fake_server_inject (fake->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS,
                                refuse->status, refuse->body, refuse->count);
}

/* A Retry of a job that failed half-way goes on from its last step, with
 * the first job's keys: nothing made is made again. */
VITRINE_TEST (retry_goes_on, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJob) retry = NULL;
  g_autofree char *picture3 = NULL;

  /* After the second picture, the next POST (picture 3) is refused. */
  static const Refuse refuse = {
    "picture", 2, 400, "{\"error\": {\"code\": \"invalid_image\", \"message\": \"Try again\"}}", 1
  };

  t->aixpose->after_create = refuse_after_cb;
  t->aixpose->after_create_data = (gpointer) &refuse;
  vitrine_test_remote_run_to_failure (t, job, "Try again");
  g_assert_cmpuint (t->aixpose->pictures, ==, 2);
  t->aixpose->after_create = NULL;

  retry = vitrine_job_new_retry (job);
  vitrine_test_remote_run (t, retry, 60);
  vitrine_test_remote_assert_outputs (retry, one_video);
  g_assert_cmpuint (t->aixpose->projects, ==, 1);
  g_assert_cmpuint (t->aixpose->pictures, ==, N_PHOTOS);
  g_assert_cmpuint (t->aixpose->videos, ==, 1);
  g_assert_cmpuint (t->aixpose->mismatches, ==, 0);
  /* The retry's first POST is the step refused, under the first job's key. */
  picture3 = step_key (job, "picture-3");
  g_assert_cmpstr (g_ptr_array_index (t->aixpose->keys, 3), ==, picture3);
  g_assert_cmpuint (t->aixpose->keys->len, ==, 1 + N_PHOTOS + 1);
}

/* A Retry of a job whose reel failed makes a new reel (a key of its own)
 * from the pictures already made. */
VITRINE_TEST (retry_after_failed_reel, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJob) retry = NULL;
  g_autofree char *video2 = NULL;

  t->aixpose->fail = TRUE;
  vitrine_test_remote_run_to_failure (t, job, "Not enough approved pictures");
  t->aixpose->fail = FALSE;
  retry = vitrine_job_new_retry (job);
  vitrine_test_remote_run (t, retry, 60);
  vitrine_test_remote_assert_outputs (retry, one_video);
  g_assert_cmpuint (t->aixpose->projects, ==, 1);
  g_assert_cmpuint (t->aixpose->pictures, ==, N_PHOTOS);
  g_assert_cmpuint (t->aixpose->videos, ==, 2);
  video2 = step_key (job, "video-2");
  g_assert_cmpstr (g_ptr_array_index (t->aixpose->keys, t->aixpose->keys->len - 1), ==, video2);
  g_assert_cmpstr (vitrine_job_get_remote_id (retry), ==, "vid_2");
}

/* The answers of a picture upload (multipart) and of the reel are lost
 * more often than the HTTP layer asks again: the start is sent again
 * later, photos prepared and music uploaded anew (its link signed anew,
 * a second later). Every replayed key carries the same bytes. */
static void
lose_uploads_and_reel (VitrineFakeAixpose *fake,
                       const char         *kind,
                       gpointer            user_data)
{
  gboolean *lost = user_data;
  guint n = g_str_equal (kind, "picture") ? 0 : g_str_equal (kind, "video") ? 1 : 2;

  if (n == 2 || lost[n] || (n == 0 && fake->uploads == 0))
    return;
  lost[n] = TRUE;
  if (n == 1)
    g_usleep (1100 * 1000);  /* a presigned link of another second */
  fake->lose_answers = 1;
  vitrine_fake_server_inject (fake->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_RESET, 0,
                              NULL, 3);
}

VITRINE_TEST (replayed_keys_same_bytes, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autofree char *photo = local_photo (t, 1);
  const char *photos[] = { photo, g_ptr_array_index (t->photo_urls, 1), NULL };
  VitrineTestS3 *s3 = vitrine_test_s3_start_or_skip (NULL, NULL);
  gboolean lost[2] = { FALSE, FALSE };
  guint queued = 0;
  JsonObject *request;

  if (s3 == NULL)
    return;
  vitrine_test_s3_set_media_host (s3);
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_music (job, t->music);
  t->aixpose->after_create = lose_uploads_and_reel;
  t->aixpose->after_create_data = lost;
  vitrine_test_remote_run (t, job, 120);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_true (lost[0] && lost[1]);
  /* Sent again by the monitor, not only by the HTTP layer. */
  for (guint i = 0; i < t->states->len; i++)
    queued += g_array_index (t->states, VitrineJobState, i) == VITRINE_JOB_STATE_QUEUED;
  g_assert_cmpuint (queued, >=, 2);
  g_assert_cmpuint (t->aixpose->mismatches, ==, 0);
  g_assert_cmpuint (t->aixpose->replays, ==, 2);
  g_assert_cmpuint (t->aixpose->projects, ==, 1);
  g_assert_cmpuint (t->aixpose->pictures, ==, 2);
  g_assert_cmpuint (t->aixpose->videos, ==, 1);
  request = json_node_get_object (t->aixpose->server->last_request);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (request, "audio_url"),
                                   vitrine_test_s3_get_endpoint (s3)));

  vitrine_test_s3_stop (s3);
  vitrine_test_s3_unset_media_host ();
}

/* Enhancements are made in the background: the reel waits for each. One
 * that fails pauses the job with the photo named; Follow Again is the
 * agent's choice of its original, never made for them. */
VITRINE_TEST (enhancement_failed_pauses, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autofree char *name = g_path_get_basename (g_ptr_array_index (t->photo_urls, 1));
  JsonArray *ids;

  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE, "exterior-sky-blue");
  t->aixpose->fail_enhancement = 2;
  t->aixpose->enhance_polls = 3;
  monitor = run_until_paused (t->store, job);
  g_assert_nonnull (strstr (vitrine_job_get_attention (job), "photo 2"));
  g_assert_nonnull (strstr (vitrine_job_get_attention (job), name));
  g_assert_nonnull (strstr (vitrine_job_get_attention (job), "The picture could not be enhanced"));
  g_assert_null (vitrine_job_get_option (job, VITRINE_JOB_OPTION_USE_ORIGINAL));
  /* It waits for the agent: no reel is asked for. */
  vitrine_test_remote_spin (500);
  g_assert_cmpuint (t->aixpose->videos, ==, 0);
  g_assert_false (vitrine_job_is_finished (job));

  run_followed (monitor, job);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_USE_ORIGINAL), ==, "2");
  ids = json_object_get_array_member (json_node_get_object (t->aixpose->server->last_request),
                                      "picture_ids");
  g_assert_cmpstr (json_array_get_string_element (ids, 0), ==,
                   vitrine_remote_job_get_step (job, "enhance-1"));
  g_assert_cmpstr (json_array_get_string_element (ids, 1), ==,
                   vitrine_remote_job_get_step (job, "picture-2"));
  g_assert_cmpstr (json_array_get_string_element (ids, 2), ==,
                   vitrine_remote_job_get_step (job, "enhance-3"));
  made_once (t, job);
  g_assert_cmpuint (t->aixpose->enhancements, ==, N_PHOTOS);
}

/* The same pause, then `vitrine-cli wait ID` (the CLI's Follow Again)
 * takes the photo's original: the reel is made, nothing bought twice. */
VITRINE_TEST (cli_wait_takes_original, NULL)
{
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJob) job = new_job (t);
  g_autofree char *out = NULL;
  const char *args[] = { "wait", "--quiet", NULL, NULL };
  int status;

  if (g_getenv ("VITRINE_CLI") == NULL)
    {
      g_test_skip ("VITRINE_CLI is not set");
      return;
    }
  store = vitrine_test_remote_cli_store (t);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE, "exterior-sky-blue");
  t->aixpose->fail_enhancement = 3;
  g_object_unref (run_until_paused (store, job));   /* paused, then let go */
  g_assert_nonnull (strstr (vitrine_job_get_attention (job), "photo 3"));

  args[2] = vitrine_job_get_id (job);
  out = vitrine_test_remote_cli (t, args, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  vitrine_job_store_refresh (store);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_USE_ORIGINAL), ==, "3");
  made_once (t, job);
  g_assert_cmpuint (t->aixpose->enhancements, ==, N_PHOTOS);
}

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GString *text = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, NULL);

  if (line == NULL)
    {
      g_string_append (text, "<eof>");
      return;
    }
  g_string_append_printf (text, "%s\n", line);
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_DEFAULT, NULL,
                                       line_cb, text);
}

/* vitrine-cli following a job that pauses for the agent says why, and
 * how to go on. */
VITRINE_TEST (cli_says_the_pause, NULL)
{
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GString) err = g_string_new (NULL);
  g_autofree char *hint = NULL;
  const char *args[] = { "wait", NULL, NULL };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  if (g_getenv ("VITRINE_CLI") == NULL)
    {
      g_test_skip ("VITRINE_CLI is not set");
      return;
    }
  store = vitrine_test_remote_cli_store (t);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE, "exterior-sky-blue");
  t->aixpose->fail_enhancement = 2;
  vitrine_job_store_add (store, job);
  args[1] = vitrine_job_get_id (job);
  cli = vitrine_test_remote_cli_spawn (t, args);
  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (cli));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, line_cb, err);
  hint = g_strdup_printf ("“vitrine-cli wait %s” goes on from there", vitrine_job_get_id (job));
  while (strstr (err->str, hint) == NULL && !g_str_has_suffix (err->str, "<eof>") &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_force_exit (cli);
  while (!g_str_has_suffix (err->str, "<eof>"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (err->str, "Needs attention: AIXpose could not enhance photo 2"));
  g_assert_nonnull (strstr (err->str, hint));
  g_assert_cmpuint (t->aixpose->videos, ==, 0);
}

/* A 404 to a step pauses the job for the agent (never failed); Follow
 * Again goes on with the same keys. */
VITRINE_TEST (post_404_paused, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  guint posts;

  vitrine_fake_server_inject (t->aixpose->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS,
                              404, NULL, 1);
  g_array_set_size (t->states, 0);
  monitor = run_until_paused (t->store, job);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_QUEUED);
  posts = vitrine_fake_server_count (t->aixpose->server, VITRINE_FAKE_ON_POST);
  vitrine_test_remote_spin (500);
  g_assert_cmpuint (vitrine_fake_server_count (t->aixpose->server, VITRINE_FAKE_ON_POST), ==, posts);

  run_followed (monitor, job);
  vitrine_test_remote_assert_outputs (job, one_video);
  g_assert_null (vitrine_job_get_attention (job));
  made_once (t, job);
}

/* A start paused after its reel's POST may have been taken (a 5xx to
 * that POST, after the last picture, that outlasts the retries) is a paid
 * job: AIXpose has no cancel call, so Cancel does not end it and it cannot
 * be removed (its video is never thrown away); it goes on and its video
 * arrives. */
VITRINE_TEST (paused_start_stays_paid, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  static const Refuse refuse = { "picture", N_PHOTOS, 502, NULL, 6 };

  t->aixpose->after_create = refuse_after_cb;
  t->aixpose->after_create_data = (gpointer) &refuse;
  monitor = run_until_paused (t->store, job);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_QUEUED);
  g_assert_null (vitrine_job_get_remote_id (job));
  g_assert_true (vitrine_job_is_sent (job));
  g_assert_false (vitrine_job_monitor_can_stop (monitor, job));
  g_assert_false (vitrine_job_monitor_can_remove (monitor, job));
  vitrine_job_monitor_cancel_job (monitor, job);
  g_assert_cmpint (vitrine_job_get_state (job), !=, VITRINE_JOB_STATE_CANCELLED);

  run_followed (monitor, job);
  vitrine_test_remote_assert_outputs (job, one_video);
  made_once (t, job);
}

/* A start paused before its reel left (the project's POST answered 5xx
 * past the retries) has no video to wait for: Cancel ends it, and it may
 * be removed. */
VITRINE_TEST (paused_before_reel_cancels, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;

  vitrine_fake_server_inject (t->aixpose->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS,
                              502, NULL, 6);
  monitor = run_until_paused (t->store, job);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_QUEUED);
  g_assert_false (vitrine_job_is_sent (job));
  g_assert_true (vitrine_job_monitor_can_remove (monitor, job));
  vitrine_job_monitor_cancel_job (monitor, job);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);
  g_assert_cmpuint (t->aixpose->videos, ==, 0);
}

static gboolean
video_made (gpointer data)
{
  return ((VitrineFakeAixpose *) data)->videos > 0;
}

/* A cancel while AIXpose makes the enhancements, the reel not yet asked
 * for: it stops there (the reel is what is paid for), from the process
 * that drives the job as from the command line. It was refused ("cannot
 * stop a video it has started"), and the reel ordered anyway. */
VITRINE_TEST (cancel_while_enhancing, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE, "interior-style-japandi");
  t->aixpose->enhance_polls = 1000;
  vitrine_job_store_add (t->store, job);
  monitor = vitrine_job_monitor_new_for_job (t->store, job);
  while (t->aixpose->listings < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (t->aixpose->enhancements, ==, N_PHOTOS);
  g_assert_false (vitrine_job_is_sent (job));
  g_assert_true (vitrine_job_monitor_can_stop (monitor, job));
  g_assert_true (vitrine_job_monitor_can_remove (monitor, job));

  vitrine_job_monitor_cancel_job (monitor, job);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);
  t->aixpose->enhance_polls = 0;
  g_assert_false (vitrine_test_wait_for (video_made, t->aixpose, 2));
  g_assert_cmpuint (t->aixpose->videos, ==, 0);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);
}

static void
attention_seen_cb (VitrineJob *job,
                   GParamSpec *pspec,
                   gboolean   *seen)
{
  *seen |= vitrine_job_get_attention (job) != NULL;
}

VITRINE_TEST (post_5xx_resumes, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  g_autofree char *picture2 = NULL;
  gboolean paused = FALSE;
  /* After the first picture, 5xx answers outlast the HTTP layer's
   * retries: the job is paused and tried again with backoff, from picture 2. */
  static const Refuse refuse = { "picture", 1, 502, NULL, 6 };

  t->aixpose->after_create = refuse_after_cb;
  t->aixpose->after_create_data = (gpointer) &refuse;
  g_signal_connect (job, "notify::options", G_CALLBACK (attention_seen_cb), &paused);
  vitrine_test_remote_run (t, job, 90);
  vitrine_test_remote_assert_outputs (job, one_video);
  no_failure (t);
  g_assert_true (paused);
  made_once (t, job);
  g_assert_cmpuint (t->aixpose->replays, ==, 0);
  picture2 = step_key (job, "picture-2");
  g_assert_cmpuint (count_key (t, picture2), ==, 1);
}

/* A 409 (a key whose first request is still being processed, in the IETF
 * Idempotency-Key draft) is asked again later by itself, same key. */
VITRINE_TEST (post_409_asked_again, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);
  static const Refuse refuse = {
    "picture", 1, 409, "{\"error\": {\"code\": \"idempotency_key_in_use\", \"message\": \"In progress\"}}", 1
  };

  t->aixpose->after_create = refuse_after_cb;
  t->aixpose->after_create_data = (gpointer) &refuse;
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  no_failure (t);
  made_once (t, job);
}

/* Ids from the server go into paths escaped. */
VITRINE_TEST (odd_ids_escaped, NULL)
{
  g_autoptr(VitrineJob) job = new_job (t);

  t->aixpose->odd_ids = TRUE;
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE, "exterior-sky-blue");
  vitrine_test_remote_run (t, job, 60);
  vitrine_test_remote_assert_outputs (job, one_video);
  made_once (t, job);
  g_assert_cmpuint (t->aixpose->enhancements, ==, N_PHOTOS);
  g_assert_cmpstr (vitrine_job_get_remote_id (job), ==, "vid/1?v=1");
  g_assert_true (g_str_has_suffix (vitrine_job_get_poll_url (job), "/v1/videos/vid%2F1%3Fv%3D1"));
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
  GStrv list = vitrine_provider_aixpose_fetch_list_finish (VITRINE_PROVIDER_AIXPOSE (object),
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

  vitrine_provider_aixpose_fetch_async (provider, VITRINE_AIXPOSE_QUERY_ACTIONS, NULL,
                                        strv_cb, &actions);
  vitrine_provider_aixpose_fetch_async (provider, VITRINE_AIXPOSE_QUERY_RATIOS, NULL,
                                        strv_cb, &ratios);
  vitrine_provider_aixpose_fetch_async (provider, VITRINE_AIXPOSE_QUERY_BALANCE, NULL,
                                        balance_cb, &balance);
  while (actions == NULL || ratios == NULL || balance < 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_strv_length (actions), ==, 3);
  g_assert_cmpstr (actions[0], ==, "interior-style-japandi");
  /* what a person reads: the catalogue's name, else the id */
  g_assert_cmpstr (vitrine_provider_aixpose_get_action_label ("exterior-sky-blue"), ==, "Blue sky");
  g_assert_cmpstr (vitrine_provider_aixpose_get_action_label ("no-such-action"), ==, "no-such-action");
  g_assert_true (g_strv_contains ((const char * const *) ratios, "9:16"));
  g_assert_cmpfloat (balance, ==, 120);
  cost = vitrine_provider_estimate_cost (VITRINE_PROVIDER (provider), job);
  g_assert_nonnull (strstr (cost, "120 left"));

  /* A key AIXpose does not know. */
  g_setenv ("VITRINE_AIXPOSE_API_KEY", "wrong", TRUE);
  balance = -1;
  vitrine_provider_aixpose_fetch_async (provider, VITRINE_AIXPOSE_QUERY_BALANCE, NULL,
                                        balance_cb, &balance);
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
