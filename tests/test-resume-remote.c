/* test-resume-remote.c: a paid remote job is never posted twice across a crash
 *
 * The test is its own child: run with VITRINE_TEST_CHILD=<job id>, it drives
 * that job through a small HTTP provider against the loopback fake that the
 * parent runs, with the real SQLite store. The parent kills the child with
 * SIGKILL at the worst moments, starts a new one, and counts the POSTs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vitrine-job-monitor.h"
#include "vitrine-job-store.h"
#include "vitrine-provider.h"
#include "vitrine-test-photos.h"

/* The client side: POST /jobs (with an Idempotency-Key) then GET /jobs/{id}. */
#define TEST_TYPE_REMOTE (test_remote_get_type ())
G_DECLARE_FINAL_TYPE (TestRemote, test_remote, TEST, REMOTE, GObject)

struct _TestRemote
{
  GObject      parent_instance;
  SoupSession *session;
  char        *base_url;
};

static void test_remote_iface_init (VitrineProviderInterface *iface);
G_DEFINE_FINAL_TYPE_WITH_CODE (TestRemote, test_remote, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VITRINE_TYPE_PROVIDER, test_remote_iface_init))

static const char *
test_remote_get_id (VitrineProvider *provider)
{
  return "fake-remote";
}

static const VitrineProviderCapabilities *
test_remote_get_capabilities (VitrineProvider *provider)
{
  static const VitrineProviderCapabilities caps = {
    .ratios = VITRINE_RATIO_FLAG_16_9, .min_photos = 1, .needs_network = FALSE, .is_paid = TRUE,
  };
  return &caps;
}

static guint
test_remote_get_poll_interval (VitrineProvider *provider,
                               VitrineJob      *job)
{
  return 50;
}

static JsonObject *
read_reply (SoupSession   *session,
            GAsyncResult  *result,
            GError       **error)
{
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (session, result, error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_remote_submit_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineJob *job = g_task_get_task_data (task);
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  if (!(reply = read_reply (SOUP_SESSION (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  vitrine_job_set_remote_id (job, json_object_get_string_member (reply, "id"));
  vitrine_job_set_state (job, VITRINE_JOB_STATE_SUBMITTED);
  g_task_return_boolean (task, TRUE);
}

static void
test_remote_submit_async (VitrineProvider     *provider,
                          VitrineJob          *job,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  TestRemote *self = TEST_REMOTE (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->base_url, "/jobs", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);

  g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  /* The rule every paid provider follows: the key is on disk (the store
   * saves on notify) and the job has left QUEUED before the POST goes out. */
  vitrine_job_ensure_idempotency_key (job);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_UPLOADING);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Idempotency-Key",
                               vitrine_job_get_idempotency_key (job));
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    test_remote_submit_cb, task);
}

static void
test_remote_poll_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineJob *job = g_task_get_task_data (task);
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  if (!(reply = read_reply (SOUP_SESSION (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  vitrine_job_set_progress (job, json_object_get_int_member (reply, "progress"));
  if (g_str_equal (json_object_get_string_member (reply, "status"), "done"))
    vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
  else
    vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  g_task_return_boolean (task, TRUE);
}

static void
test_remote_poll_async (VitrineProvider     *provider,
                        VitrineJob          *job,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  TestRemote *self = TEST_REMOTE (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->base_url, "/jobs/", vitrine_job_get_remote_id (job), NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    test_remote_poll_cb, task);
}

static gboolean
test_remote_finish (VitrineProvider  *provider,
                    GAsyncResult     *result,
                    GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_remote_iface_init (VitrineProviderInterface *iface)
{
  iface->get_id = test_remote_get_id;
  iface->get_display_name = test_remote_get_id;
  iface->get_capabilities = test_remote_get_capabilities;
  iface->get_poll_interval = test_remote_get_poll_interval;
  iface->submit_async = test_remote_submit_async;
  iface->submit_finish = test_remote_finish;
  iface->poll_async = test_remote_poll_async;
  iface->poll_finish = test_remote_finish;
}

static void test_remote_class_init (TestRemoteClass *klass) { }
static void test_remote_init (TestRemote *self) { }

static int
run_child (const char *job_id)
{
  g_autoptr(VitrineJobStore) store = vitrine_job_store_new_default ();
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  g_autoptr(TestRemote) remote = g_object_new (TEST_TYPE_REMOTE, NULL);
  VitrineJob *job;

  remote->session = soup_session_new ();
  remote->base_url = g_strdup (g_getenv ("VITRINE_TEST_URL"));
  vitrine_provider_register (VITRINE_PROVIDER (remote));
  job = vitrine_job_store_lookup (store, job_id);
  g_assert_nonnull (job);
  monitor = vitrine_job_monitor_new_for_job (store, job);
  while (!vitrine_job_is_finished (job))
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* The server side: the loopback fake, in the parent. */
typedef struct {
  SoupServer  *server;
  char        *url;
  GSubprocess *child;
  guint        posts;
  guint        polls;
  gboolean     kill_on_post;   /* before answering the POST */
  gboolean     kill_on_poll;   /* on the first poll after the POST was answered */
  char        *idempotency_key;
} Fake;

static void
kill_child (Fake *fake)
{
  if (fake->child != NULL)
    g_subprocess_send_signal (fake->child, SIGKILL);
}

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fake *fake = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (method, "POST") && g_str_equal (path, "/jobs"))
    {
      fake->posts++;
      g_free (fake->idempotency_key);
      fake->idempotency_key = g_strdup (soup_message_headers_get_one (
        soup_server_message_get_request_headers (msg), "Idempotency-Key"));
      if (fake->kill_on_post)
        {
          kill_child (fake);
          soup_server_message_set_status (msg, 500, NULL);
          return;
        }
      soup_server_message_set_status (msg, 201, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"id\": \"job-42\"}", 16);
      return;
    }
  if (g_str_equal (method, "GET") && g_str_equal (path, "/jobs/job-42"))
    {
      g_autofree char *body = NULL;

      fake->polls++;
      if (fake->kill_on_poll)
        {
          fake->kill_on_poll = FALSE;
          kill_child (fake);
        }
      body = g_strdup_printf ("{\"status\": \"%s\", \"progress\": %u}",
                              fake->polls >= 4 ? "done" : "running", MIN (fake->polls * 25, 100));
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        body, strlen (body));
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

static void
fake_start (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_handler, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  if (g_str_has_suffix (fake->url, "/"))
    fake->url[strlen (fake->url) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fake_stop (Fake *fake)
{
  g_clear_object (&fake->server);
  g_free (fake->url);
  g_free (fake->idempotency_key);
}

static void
child_exited_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Runs a child driving @job_id until it exits (or is killed); TRUE if it
 * exited on its own. */
static gboolean
run_driver (Fake       *fake,
            const char *job_id)
{
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-resume-remote", NULL), NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gboolean exited;

  g_subprocess_launcher_setenv (launcher, "VITRINE_TEST_CHILD", job_id, TRUE);
  g_subprocess_launcher_setenv (launcher, "VITRINE_TEST_URL", fake->url, TRUE);
  fake->child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (fake->child, NULL, child_exited_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  exited = g_subprocess_get_if_exited (fake->child);
  if (exited)
    g_assert_cmpint (g_subprocess_get_exit_status (fake->child), ==, 0);
  g_clear_object (&fake->child);
  return exited;
}

/* A job as the window would add it; the store is the parent's view. */
static char *
add_job (void)
{
  g_autoptr(VitrineJobStore) store = vitrine_job_store_new_default ();
  g_autoptr(VitrineJob) job = vitrine_job_new ("fake-remote");
  const char *photos[] = { "https://example.com/1.jpg", NULL };

  g_assert_null (vitrine_job_store_get_problem (store));
  vitrine_job_set_photos (job, photos);
  vitrine_job_store_add (store, job);
  return g_strdup (vitrine_job_get_id (job));
}

static VitrineJob *
load_job (VitrineJobStore *store,
          const char      *id)
{
  VitrineJob *job = vitrine_job_store_lookup (store, id);

  g_assert_nonnull (job);
  return g_object_ref (job);
}

static void
test_killed_after_submit_resumes_polling (void)
{
  Fake fake = { 0 };
  g_autofree char *id = NULL;
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJob) job = NULL;

  fake_start (&fake);
  id = add_job ();

  fake.kill_on_poll = TRUE;
  g_assert_false (run_driver (&fake, id));   /* killed on its first poll */
  g_assert_cmpuint (fake.posts, ==, 1);
  g_assert_true (run_driver (&fake, id));    /* the restart finishes it */

  store = vitrine_job_store_new_default ();
  job = load_job (store, id);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpstr (vitrine_job_get_remote_id (job), ==, "job-42");
  g_assert_cmpuint (fake.posts, ==, 1);
  g_assert_cmpuint (fake.polls, >=, 4);
  fake_stop (&fake);
}

static void
test_killed_during_post_is_not_reposted (void)
{
  Fake fake = { 0 };
  g_autofree char *id = NULL;
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJob) job = NULL;

  fake_start (&fake);
  id = add_job ();

  fake.kill_on_post = TRUE;
  g_assert_false (run_driver (&fake, id));
  g_assert_cmpuint (fake.posts, ==, 1);
  g_assert_nonnull (fake.idempotency_key);

  /* The key was on disk before the POST left. */
  store = vitrine_job_store_new_default ();
  job = load_job (store, id);
  g_assert_cmpstr (vitrine_job_get_idempotency_key (job), ==, fake.idempotency_key);
  g_clear_object (&job);
  g_clear_object (&store);

  fake.kill_on_post = FALSE;
  g_assert_true (run_driver (&fake, id));
  g_assert_cmpuint (fake.posts, ==, 1);      /* never posted blind */

  store = vitrine_job_store_new_default ();
  job = load_job (store, id);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_INTERRUPTED);
  g_assert_nonnull (strstr (vitrine_job_get_error_message (job), "provider account"));
  fake_stop (&fake);
}

int
main (int    argc,
      char **argv)
{
  const char *child = g_getenv ("VITRINE_TEST_CHILD");
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  int status;

  if (child != NULL)
    return run_child (child);

  g_test_init (&argc, &argv, NULL);
  dir = vitrine_test_make_tmpdir ();
  data = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_add_func ("/store/resume-remote/killed-after-submit-resumes-polling",
                   test_killed_after_submit_resumes_polling);
  g_test_add_func ("/store/resume-remote/killed-during-post-is-not-reposted",
                   test_killed_during_post_is_not_reposted);
  status = g_test_run ();
  vitrine_test_rmtree (dir);
  return status;
}
