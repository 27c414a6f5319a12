/* test-post-guard.c: the moment before a paid POST, and writes that race
 *
 * Two stores on one file stand for two processes (each has its own lease
 * token). SQLite runs over a thin VFS that counts the syncs of the WAL file,
 * to see which commits are durable (synchronous=FULL) and which are not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "vitrine-job-store.h"
#include "vitrine-test-photos.h"

/* The VFS: the default one, whose WAL files count their syncs. */
static sqlite3_vfs counting_vfs;
static sqlite3_io_methods wal_methods;
static int (*real_open) (sqlite3_vfs *, const char *, sqlite3_file *, int, int *);
static int (*real_sync) (sqlite3_file *, int);
static guint wal_syncs;

static int
counting_sync (sqlite3_file *file,
               int           flags)
{
  wal_syncs++;
  return real_sync (file, flags);
}

static int
counting_open (sqlite3_vfs  *vfs,
               const char   *name,
               sqlite3_file *file,
               int           flags,
               int          *out_flags)
{
  int rc = real_open (sqlite3_vfs_find ("unix"), name, file, flags, out_flags);

  /* The unix file keeps its own state; only its method table is swapped. */
  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) && file->pMethods != NULL)
    {
      if (real_sync == NULL)
        {
          wal_methods = *file->pMethods;
          real_sync = wal_methods.xSync;
          wal_methods.xSync = counting_sync;
        }
      file->pMethods = &wal_methods;
    }
  return rc;
}

static void
install_counting_vfs (void)
{
  sqlite3_vfs *unix_vfs = sqlite3_vfs_find ("unix");

  counting_vfs = *unix_vfs;
  counting_vfs.zName = "vitrine-counting";
  counting_vfs.pNext = NULL;
  real_open = unix_vfs->xOpen;
  counting_vfs.xOpen = counting_open;
  g_assert_cmpint (sqlite3_vfs_register (&counting_vfs, 1), ==, SQLITE_OK);
}

typedef struct {
  char            *dir;
  char            *path;
  VitrineJobStore *a;
  VitrineJobStore *b;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = vitrine_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "jobs.db", NULL);
  f->a = vitrine_job_store_new_for_path (f->path, &error);
  g_assert_no_error (error);
  f->b = vitrine_job_store_new_for_path (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->a);
  g_assert_finalize_object (f->b);
  vitrine_test_rmtree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
assert_row (Fixture    *f,
            const char *column,
            const char *expected)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM jobs", column);
  g_autofree char *value = sql_text (f->path, sql);

  g_assert_cmpstr (value, ==, expected);
}

/* A job in both stores (a's copy returned), driven by a. */
static VitrineJob *
add_driven_job (Fixture    *f,
                VitrineJob **other)
{
  VitrineJob *job = vitrine_job_new ("vikit");

  vitrine_job_set_state (job, VITRINE_JOB_STATE_PREPARING);
  vitrine_job_store_add (f->a, job);
  g_assert_true (vitrine_job_store_acquire (f->a, job));
  vitrine_job_store_refresh (f->b);
  *other = vitrine_job_store_lookup (f->b, vitrine_job_get_id (job));
  g_assert_nonnull (*other);
  return job;
}

static void
guard_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!vitrine_job_store_guard_post_finish (VITRINE_JOB_STORE (object), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "(passed)");
}

/* Runs the guard; NULL when the POST may go, else why not. */
static GError *
guard (VitrineJobStore *store,
       VitrineJob      *job)
{
  GError *error = NULL;

  vitrine_job_store_guard_post_async (store, job, NULL, guard_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);
  return error;
}

/* The key and the mark are on disk, durably, before the guard lets the
 * POST go; an ordinary save is not synced (synchronous=NORMAL). */
static void
test_guard_commits_durably (Fixture       *f,
                            gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  guint syncs;

  syncs = wal_syncs;
  vitrine_job_set_progress (job, 40);
  assert_row (f, "progress", "40");
  g_assert_cmpuint (wal_syncs, ==, syncs);

  g_assert_null (vitrine_job_get_idempotency_key (job));
  error = guard (f->a, job);
  g_assert_no_error (error);
  g_assert_cmpuint (wal_syncs, >, syncs);
  g_assert_nonnull (vitrine_job_get_idempotency_key (job));
  key = sql_text (f->path, "SELECT idempotency_key FROM jobs");
  g_assert_cmpstr (key, ==, vitrine_job_get_idempotency_key (job));
  g_assert_nonnull (vitrine_job_get_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT));
  assert_row (f, "json_extract (inputs, '$.options.\"submitted-at\"')",
              vitrine_job_get_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT));

  /* A second paid POST of the same job (AIXpose's steps) keeps both. */
  g_clear_error (&error);
  error = guard (f->a, job);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_job_get_idempotency_key (job), ==, key);
}

/* A cancel written by another process since this one last read the job
 * stops the POST, and the job shows it. */
static void
test_guard_sees_cancel_elsewhere (Fixture       *f,
                                  gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);
  g_autoptr(GError) error = NULL;

  vitrine_job_set_state (other, VITRINE_JOB_STATE_CANCELLED);
  error = guard (f->a, job);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);
  assert_row (f, "json_extract (inputs, '$.options.\"submitted-at\"')", NULL);
  assert_row (f, "state", "cancelled");
}

/* Another process took the lease (this one was stopped past it): no POST. */
static void
test_guard_refuses_lost_lease (Fixture       *f,
                               gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE jobs SET lease_heartbeat = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (vitrine_job_store_acquire (f->b, other));

  error = guard (f->a, job);
  g_assert_error (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_LEASE_LOST);
  assert_row (f, "idempotency_key", NULL);
  g_assert_false (vitrine_job_store_acquire (f->a, job));
}

/* Another process holds the write lock: the guard (and the POST behind it)
 * waits, then goes once the lock is gone. */
static void
test_guard_waits_for_lock (Fixture       *f,
                           gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);
  GError *error = NULL;
  sqlite3 *db = NULL;
  gint64 start;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  vitrine_job_store_guard_post_async (f->a, job, NULL, guard_cb, &error);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < G_USEC_PER_SEC / 2)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (error);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);  /* passed */
  g_clear_error (&error);
  g_assert_nonnull (sql_text (f->path, "SELECT idempotency_key FROM jobs"));
}

/* Writes that lose their compare-and-set */

/* A stale copy never writes over a remote id just recorded: b drives and
 * records the provider's answer; a, which had not seen it, saves a change. */
static void
test_stale_copy_keeps_remote_id (Fixture       *f,
                                 gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);

  vitrine_job_store_release (f->a, job);
  g_assert_true (vitrine_job_store_acquire (f->b, other));
  vitrine_job_set_remote_id (other, "r-1");
  vitrine_job_set_state (other, VITRINE_JOB_STATE_PROCESSING);

  vitrine_job_set_status_text (job, "a stale step");
  assert_row (f, "remote_id", "r-1");
  assert_row (f, "state", "processing");
  g_assert_cmpstr (vitrine_job_get_remote_id (job), ==, "r-1");
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_PROCESSING);
}

/* An end written elsewhere stays; the driver's answer that comes after it
 * (a remote id: the POST had left) is kept with it, for Follow Again. */
static void
test_end_elsewhere_stays (Fixture       *f,
                          gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);

  vitrine_job_set_state (other, VITRINE_JOB_STATE_CANCELLED);
  vitrine_job_set_remote_id (job, "r-2");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_SUBMITTED);
  assert_row (f, "state", "cancelled");
  assert_row (f, "remote_id", "r-2");
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);

  /* Nothing moves it out of CANCELLED but an explicit reopen. */
  vitrine_job_store_refresh (f->b);
  vitrine_job_set_state (other, VITRINE_JOB_STATE_PROCESSING);
  assert_row (f, "state", "cancelled");
}

/* A cancel decided in a process that does not drive the job, before its
 * paid request left, wins over the driver's progress. */
static void
test_cancel_elsewhere_wins (Fixture       *f,
                            gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);

  vitrine_job_set_state (job, VITRINE_JOB_STATE_UPLOADING);
  vitrine_job_set_progress (job, 30);
  vitrine_job_set_state (other, VITRINE_JOB_STATE_CANCELLED);   /* b had not refreshed */
  assert_row (f, "state", "cancelled");

  /* The driver's next step merges into the end and stops there. */
  vitrine_job_set_progress (job, 60);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);
  assert_row (f, "state", "cancelled");
}

/* ... but once the request has left, a Cancel decided on a copy that had
 * not seen it go (b read the row a moment before) does not end the job:
 * it is charged, and its video must still come. It becomes a cancel
 * request for the driver, and keeps what the driver recorded. */
static void
test_stale_cancel_after_post (Fixture       *f,
                              gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);
  g_autoptr(GError) error = NULL;

  error = guard (f->a, job);
  g_assert_no_error (error);
  vitrine_job_set_remote_id (job, "r-3");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  vitrine_job_set_state (other, VITRINE_JOB_STATE_CANCELLED);   /* b had not refreshed */
  assert_row (f, "state", "processing");
  assert_row (f, "remote_id", "r-3");
  g_assert_cmpint (vitrine_job_get_state (other), ==, VITRINE_JOB_STATE_PROCESSING);
  g_assert_cmpstr (vitrine_job_get_remote_id (other), ==, "r-3");
  g_assert_true (vitrine_job_get_cancel_requested (other));

  /* The driver's next write brings the request in, for it to answer. */
  vitrine_job_set_progress (job, 60);
  g_assert_true (vitrine_job_get_cancel_requested (job));
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_PROCESSING);
  assert_row (f, "state", "processing");
}

/* Only a Cancel ends a job another process drives: a failure seen where
 * the job is not driven (a copy that lost its lease, say) does not reach
 * the driver's row. */
static void
test_failure_elsewhere_stays_out (Fixture       *f,
                                  gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);

  vitrine_job_fail (other, "a failure seen in a process that does not drive the job");
  assert_row (f, "state", "preparing");
  assert_row (f, "error", NULL);
  g_assert_cmpint (vitrine_job_get_state (other), ==, VITRINE_JOB_STATE_PREPARING);
  vitrine_job_set_progress (job, 20);
  assert_row (f, "progress", "20");
}

/* The driver keeps its steps when a stale copy elsewhere loses. */
static void
test_driver_keeps_its_steps (Fixture       *f,
                             gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);

  vitrine_job_set_state (job, VITRINE_JOB_STATE_UPLOADING);
  vitrine_job_set_status_text (other, "seen from the window");
  assert_row (f, "state", "uploading");
  g_assert_cmpint (vitrine_job_get_state (other), ==, VITRINE_JOB_STATE_UPLOADING);

  vitrine_job_set_progress (job, 70);
  assert_row (f, "progress", "70");
  assert_row (f, "state", "uploading");
}

/* Follow Again (or Retry) elsewhere reopens a final job; a stale copy that
 * was final when it read it follows the reopened row. */
static void
test_reopen_elsewhere (Fixture       *f,
                       gconstpointer  data)
{
  VitrineJob *other;
  g_autoptr(VitrineJob) job = add_driven_job (f, &other);

  vitrine_job_set_remote_id (job, "r-4");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
  vitrine_job_store_release (f->a, job);
  vitrine_job_store_refresh (f->b);
  vitrine_job_reopen (other, VITRINE_JOB_STATE_PROCESSING);
  assert_row (f, "state", "processing");

  vitrine_job_set_status_text (job, "a stale note");
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_PROCESSING);
  assert_row (f, "state", "processing");
}

int
main (int    argc,
      char **argv)
{
  install_counting_vfs ();
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/post-guard/commits-durably", test_guard_commits_durably);
  ADD ("/store/post-guard/sees-cancel-elsewhere", test_guard_sees_cancel_elsewhere);
  ADD ("/store/post-guard/refuses-lost-lease", test_guard_refuses_lost_lease);
  ADD ("/store/post-guard/waits-for-lock", test_guard_waits_for_lock);
  ADD ("/store/merge/stale-copy-keeps-remote-id", test_stale_copy_keeps_remote_id);
  ADD ("/store/merge/end-elsewhere-stays", test_end_elsewhere_stays);
  ADD ("/store/merge/cancel-elsewhere-wins", test_cancel_elsewhere_wins);
  ADD ("/store/merge/stale-cancel-after-post", test_stale_cancel_after_post);
  ADD ("/store/merge/driver-keeps-its-steps", test_driver_keeps_its_steps);
  ADD ("/store/merge/failure-elsewhere-stays-out", test_failure_elsewhere_stays_out);
  ADD ("/store/merge/reopen-elsewhere", test_reopen_elsewhere);
#undef ADD
  return g_test_run ();
}
