/* test-resume-remote.c: a paid remote job is never posted twice across a
 * crash, a stopped driver or a locked job list
 *
 * The test is its own child: run with VITRINE_TEST_CHILD=<job id>, it drives
 * that job through a small HTTP provider against the loopback fake that the
 * parent runs, with the real SQLite store. The parent kills the child with
 * SIGKILL at the worst moments, or stops it (SIGSTOP) past its lease while
 * another child takes over, and counts the POSTs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include <sqlite3.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vitrine-job-monitor.h"
#include "vitrine-job-store.h"
#include "vitrine-provider.h"
#include "vitrine-test-photos.h"

/* The client side: GET /prepare (what a provider does before it pays:
 * uploads), the guard, POST /jobs (with an Idempotency-Key), then
 * GET /jobs/{id}. Every request says which child sent it (X-Driver). */
#define TEST_TYPE_REMOTE (test_remote_get_type ())
G_DECLARE_FINAL_TYPE (TestRemote, test_remote, TEST, REMOTE, GObject)

struct _TestRemote
{
  GObject          parent_instance;
  SoupSession     *session;
  char            *base_url;
  const char      *driver;
  VitrineJobStore *store;   /* handed in, as a provider gets it */
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

static SoupMessage *
test_remote_message (TestRemote *self,
                     const char *method,
                     const char *path)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  soup_message_headers_append (soup_message_get_request_headers (msg), "X-Driver", self->driver);
  return msg;
}

static void
test_remote_guard_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestRemote *self = g_task_get_source_object (task);
  VitrineJob *job = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = test_remote_message (self, "POST", "/jobs");
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  GError *error = NULL;

  /* The rule every paid provider follows: the guard has read the job again
   * and put its key and "about to POST" mark on disk, or refused. */
  if (!vitrine_job_store_guard_post_finish (VITRINE_JOB_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  soup_message_headers_append (soup_message_get_request_headers (msg), "Idempotency-Key",
                               vitrine_job_get_idempotency_key (job));
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), test_remote_submit_cb,
                                    g_object_ref (task));
}

static void
test_remote_prepared_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestRemote *self = g_task_get_source_object (task);
  VitrineJob *job = g_task_get_task_data (task);
  g_autoptr(JsonObject) reply = NULL;
  GError *error = NULL;

  if (!(reply = read_reply (SOUP_SESSION (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  vitrine_job_set_state (job, VITRINE_JOB_STATE_UPLOADING);
  vitrine_job_store_guard_post_async (self->store, job, g_task_get_cancellable (task),
                                      test_remote_guard_cb, g_object_ref (task));
}

static void
test_remote_submit_async (VitrineProvider     *provider,
                          VitrineJob          *job,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  TestRemote *self = TEST_REMOTE (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) msg = test_remote_message (self, "GET", "/prepare");

  g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PREPARING);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    test_remote_prepared_cb, g_object_ref (task));
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
  g_autofree char *path = g_strconcat ("/jobs/", vitrine_job_get_remote_id (job), NULL);
  g_autoptr(SoupMessage) msg = test_remote_message (self, "GET", path);

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
  remote->driver = g_getenv ("VITRINE_TEST_DRIVER");
  remote->store = store;
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
  GSubprocess *child;          /* the driver ("A") */
  guint        posts;
  guint        polls;
  gboolean     kill_on_post;   /* before answering the POST */
  gboolean     kill_on_poll;   /* on the first poll after the POST was answered */
  char        *idempotency_key;
  char        *post_driver;
  /* A stopped driver: SIGSTOP "A" when it prepares, SIGCONT it when "B" posts. */
  gboolean     stop_on_prepare;
  gboolean     stopped;
  gboolean     continued;
  guint        after_continue; /* requests from "A" once continued */
  /* A locked job list: the write lock is held from the first /prepare for
   * LOCK_MS; what the POST finds on disk when it arrives. */
  sqlite3     *locker;
  const char  *job_id;
  gboolean     locked;
  char        *key_on_disk;
  char        *mark_on_disk;
} Fake;

#define LOCK_MS 1500

static void
kill_child (Fake *fake)
{
  if (fake->child != NULL)
    g_subprocess_send_signal (fake->child, SIGKILL);
}

static gboolean
unlock_cb (gpointer data)
{
  Fake *fake = data;

  g_assert_cmpint (sqlite3_exec (fake->locker, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  fake->locked = FALSE;
  return G_SOURCE_REMOVE;
}

/* Whether nobody holds the job list's write lock. */
static gboolean
job_list_unlocked (void)
{
  g_autofree char *path = vitrine_job_store_default_path ();
  sqlite3 *db = NULL;
  gboolean free = FALSE;

  if (sqlite3_open (path, &db) == SQLITE_OK)
    free = sqlite3_exec (db, "BEGIN IMMEDIATE; ROLLBACK", NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_close (db);
  return free;
}

/* Sends SIGSTOP and waits until the child is stopped (state T). */
static void
send_stop (GSubprocess *child)
{
  g_autofree char *stat = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (child));

  g_subprocess_send_signal (child, SIGSTOP);
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *text = NULL;
      const char *end;

      if (g_file_get_contents (stat, &text, NULL, NULL) && (end = strrchr (text, ')')) != NULL &&
          end[1] == ' ' && end[2] == 'T')
        return;
      g_usleep (2 * 1000);
    }
  g_assert_not_reached ();
}

/* Freezes the child on its way to the POST, holding the lease. Not while
 * it holds the job list's write lock (a heartbeat, a save, for a few ms):
 * SQLite cannot take that from a stopped process, nobody could write. */
static void
stop_child (Fake *fake)
{
  send_stop (fake->child);
  while (!job_list_unlocked ())
    {
      g_subprocess_send_signal (fake->child, SIGCONT);
      g_usleep (20 * 1000);
      send_stop (fake->child);
    }
  fake->stopped = TRUE;
}

static void
fake_prepare (Fake       *fake,
              const char *driver)
{
  if (fake->stop_on_prepare && !fake->stopped && g_str_equal (driver, "A"))
    stop_child (fake);
  if (fake->locker != NULL && !fake->locked && fake->key_on_disk == NULL)
    {
      g_assert_cmpint (sqlite3_exec (fake->locker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
      fake->locked = TRUE;
      g_timeout_add (LOCK_MS, unlock_cb, fake);
    }
}

/* What the job list holds when the POST arrives. */
static void
fake_read_disk (Fake *fake)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (fake->locker,
                                       "SELECT idempotency_key, json_extract (inputs, '$.options.\"submitted-at\"')"
                                       " FROM jobs WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, fake->job_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  fake->key_on_disk = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  fake->mark_on_disk = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
}

static void
fake_post (Fake              *fake,
           SoupServerMessage *msg,
           const char        *driver)
{
  fake->posts++;
  g_free (fake->idempotency_key);
  fake->idempotency_key = g_strdup (soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Idempotency-Key"));
  g_free (fake->post_driver);
  fake->post_driver = g_strdup (driver);
  g_assert_false (fake->locked);  /* the POST waited for the lock */
  if (fake->locker != NULL)
    fake_read_disk (fake);
  if (fake->stopped && !fake->continued)
    {
      g_subprocess_send_signal (fake->child, SIGCONT);
      fake->continued = TRUE;
    }
  if (fake->kill_on_post)
    {
      kill_child (fake);
      soup_server_message_set_status (msg, 500, NULL);
      return;
    }
  soup_server_message_set_status (msg, 201, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    "{\"id\": \"job-42\"}", 16);
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
  const char *driver = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "X-Driver");

  g_assert_nonnull (driver);
  if (fake->continued && g_str_equal (driver, "A"))
    fake->after_continue++;
  if (g_str_equal (method, "GET") && g_str_equal (path, "/prepare"))
    {
      fake_prepare (fake, driver);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
      return;
    }
  if (g_str_equal (method, "POST") && g_str_equal (path, "/jobs"))
    {
      fake_post (fake, msg, driver);
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
  g_free (fake->post_driver);
  g_free (fake->key_on_disk);
  g_free (fake->mark_on_disk);
  g_clear_pointer (&fake->locker, sqlite3_close);
}

static void
child_exited_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Starts a child named @driver driving @job_id; *@done is set when it ends. */
static GSubprocess *
start_driver (Fake       *fake,
              const char *job_id,
              const char *driver,
              gboolean   *done)
{
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-resume-remote", NULL), NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  g_subprocess_launcher_setenv (launcher, "VITRINE_TEST_CHILD", job_id, TRUE);
  g_subprocess_launcher_setenv (launcher, "VITRINE_TEST_URL", fake->url, TRUE);
  g_subprocess_launcher_setenv (launcher, "VITRINE_TEST_DRIVER", driver, TRUE);
  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  *done = FALSE;
  g_subprocess_wait_async (child, NULL, child_exited_cb, done);
  return child;
}

/* TRUE if @child exited on its own (with status 0). */
static gboolean
wait_driver (GSubprocess *child,
             gboolean    *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  if (!g_subprocess_get_if_exited (child))
    return FALSE;
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  return TRUE;
}

/* Runs a child driving @job_id until it exits (or is killed); TRUE if it
 * exited on its own. */
static gboolean
run_driver (Fake       *fake,
            const char *job_id)
{
  gboolean done, exited;

  fake->child = start_driver (fake, job_id, "A", &done);
  exited = wait_driver (fake->child, &done);
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

static void
assert_completed_once (const char *id)
{
  g_autoptr(VitrineJobStore) store = vitrine_job_store_new_default ();
  g_autoptr(VitrineJob) job = load_job (store, id);

  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpstr (vitrine_job_get_remote_id (job), ==, "job-42");
}

/* One driver, even when the first is only frozen: A is stopped on its way
 * to the POST, holding the lease; B takes the job over once the lease is
 * stale and posts it; A, continued while B polls, finds its lease gone at
 * the guard before its POST and stops driving. One POST in all. */
static void
test_stopped_driver_loses_lease (void)
{
  Fake fake = { 0 };
  g_autofree char *id = NULL;
  g_autoptr(GSubprocess) second = NULL;
  gboolean a_done, b_done;
  gint64 stopped_at;

  fake_start (&fake);
  id = add_job ();
  fake.stop_on_prepare = TRUE;
  fake.child = start_driver (&fake, id, "A", &a_done);
  while (!fake.stopped)
    g_main_context_iteration (NULL, TRUE);
  stopped_at = g_get_monotonic_time ();

  second = start_driver (&fake, id, "B", &b_done);
  g_assert_true (wait_driver (second, &b_done));
  /* B waited for the lease to go stale: A was alive, only stopped. */
  g_assert_cmpint (g_get_monotonic_time () - stopped_at, >=, 10 * G_USEC_PER_SEC);
  g_assert_true (fake.continued);
  g_assert_true (wait_driver (fake.child, &a_done));
  g_clear_object (&fake.child);

  g_assert_cmpuint (fake.posts, ==, 1);
  g_assert_cmpstr (fake.post_driver, ==, "B");
  g_assert_cmpuint (fake.after_continue, ==, 0);
  assert_completed_once (id);
  fake_stop (&fake);
}

/* The key and the "about to POST" mark are on disk before the POST leaves:
 * while another process holds the job list's write lock, the POST waits;
 * when it arrives, the row already holds its key and mark. */
static void
test_post_waits_for_locked_job_list (void)
{
  Fake fake = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *path = vitrine_job_store_default_path ();

  fake_start (&fake);
  id = add_job ();
  fake.job_id = id;
  g_assert_cmpint (sqlite3_open (path, &fake.locker), ==, SQLITE_OK);
  g_assert_true (run_driver (&fake, id));

  g_assert_cmpuint (fake.posts, ==, 1);
  g_assert_nonnull (fake.idempotency_key);
  g_assert_cmpstr (fake.key_on_disk, ==, fake.idempotency_key);
  g_assert_nonnull (fake.mark_on_disk);
  assert_completed_once (id);
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
  g_test_add_func ("/store/resume-remote/post-waits-for-locked-job-list",
                   test_post_waits_for_locked_job_list);
  g_test_add_func ("/store/resume-remote/stopped-driver-loses-lease",
                   test_stopped_driver_loses_lease);
  status = g_test_run ();
  vitrine_test_rmtree (dir);
  return status;
}
