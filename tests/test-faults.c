/* test-faults.c: faults of the machine — a full disk, a locked job list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "vitrine-job-store.h"
#include "vitrine-test-photos.h"

/* vitrine-cli renders onto a 300 KiB tmpfs (in a private mount namespace):
 * it fails with status 1 and a reason, leaves nothing in the folder, and a
 * video finished before, elsewhere, is untouched. */
static void
test_disk_full (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *small = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *done_video = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!vitrine_test_can_mount_tmpfs ())
    {
      g_test_skip ("no private mount namespace here (unshare -rm)");
      return;
    }

  dir = vitrine_test_make_tmpdir ();
  small = g_build_filename (dir, "small", NULL);
  g_assert_cmpint (g_mkdir (small, 0755), ==, 0);
  p1 = vitrine_test_make_jpeg (dir, "a.jpg", 1600, 1200, 1, 1);
  p2 = vitrine_test_make_jpeg (dir, "b.jpg", 1200, 1600, 1, 2);
  done_video = vitrine_test_make_file (dir, "finished.mp4", "a finished video", 16);

  script = g_strdup_printf ("mount -t tmpfs -o size=300k none '%s' || exit 99; "
                            "'%s' render --ratio 16:9 --seconds-per-photo 3 -o '%s/out.mp4' '%s' '%s'; "
                            "s=$?; echo \"left:$(ls -A '%s')\"; exit $s",
                            small, g_getenv ("VITRINE_CLI"), small, p1, p2, small);
  {
    const char *argv[] = { "unshare", "-rm", "sh", "-c", script, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  if (g_test_verbose ())
    g_printerr ("status %d\nstdout: %s\nstderr: %s\n", status, out, err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "disk is full"));
  g_assert_nonnull (strstr (out, "left:\n"));
  g_assert_true (g_file_test (done_video, G_FILE_TEST_IS_REGULAR));
  vitrine_test_rmtree (dir);
}

/* A store in a file of its own, with one job, and a second connection to
 * that file: another process, which takes the write lock. */
typedef struct {
  char            *dir;
  char            *path;
  VitrineJobStore *store;
  VitrineJob      *job;
  sqlite3         *other;
} Locked;

static void
locked_set_up (Locked        *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = vitrine_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "jobs.db", NULL);
  f->store = vitrine_job_store_new_for_path (f->path, &error);
  g_assert_no_error (error);
  f->job = vitrine_job_new ("local");
  vitrine_job_store_add (f->store, f->job);
  g_assert_null (vitrine_job_store_get_problem (f->store));
  g_assert_cmpint (sqlite3_open (f->path, &f->other), ==, SQLITE_OK);
}

static void
locked_tear_down (Locked        *f,
                  gconstpointer  data)
{
  sqlite3_close (f->other);
  g_clear_object (&f->job);
  vitrine_test_rmtree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* The one job's @column in the file, as @db reads it. */
static void
assert_on_disk (sqlite3    *db,
                const char *column,
                const char *value)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM jobs", column);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, value);
  sqlite3_finalize (stmt);
}

/* Another process holds the write lock: the change waits in memory (the
 * store says so), the window is not frozen, and it reaches the disk once
 * the lock is gone. */
static void
test_locked_job_list (Locked        *f,
                      gconstpointer  data)
{
  gint64 start;

  g_assert_cmpint (sqlite3_exec (f->other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  vitrine_job_set_state (f->job, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_nonnull (vitrine_job_store_get_problem (f->store));

  /* A refresh while still locked changes nothing and loses nothing. */
  vitrine_job_store_refresh (f->store);
  g_assert_cmpint (vitrine_job_get_state (f->job), ==, VITRINE_JOB_STATE_COMPLETED);

  g_assert_cmpint (sqlite3_exec (f->other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  vitrine_job_store_refresh (f->store);
  g_assert_null (vitrine_job_store_get_problem (f->store));

  assert_on_disk (f->other, "state", "completed");
  g_assert_finalize_object (g_steal_pointer (&f->store));
}

static gpointer
commit_later (gpointer data)
{
  sqlite3 *other = data;

  g_usleep (G_USEC_PER_SEC / 2);
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  return NULL;
}

/* The last change is still waiting for the lock when the store closes (a
 * `vitrine-cli wait` whose job just completed, and which ends now): it is
 * saved before the store goes, not dropped with it. */
static void
test_locked_at_close (Locked        *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VitrineJob *again;
  GThread *thread;

  g_assert_cmpint (sqlite3_exec (f->other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  vitrine_job_set_state (f->job, VITRINE_JOB_STATE_COMPLETED);
  g_assert_nonnull (vitrine_job_store_get_problem (f->store));

  thread = g_thread_new ("commit-later", commit_later, f->other);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_thread_join (thread);
  assert_on_disk (f->other, "state", "completed");

  /* The same, asked for while the store stays (vitrine-cli before it hands
   * a job to its background process). */
  f->store = vitrine_job_store_new_for_path (f->path, &error);
  g_assert_no_error (error);
  again = vitrine_job_store_lookup (f->store, vitrine_job_get_id (f->job));
  g_assert_cmpint (sqlite3_exec (f->other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  vitrine_job_set_name (again, "Villa");
  g_assert_nonnull (vitrine_job_store_get_problem (f->store));
  thread = g_thread_new ("commit-later", commit_later, f->other);
  g_assert_true (vitrine_job_store_flush (f->store));
  g_thread_join (thread);
  assert_on_disk (f->other, "name", "Villa");
  g_assert_null (vitrine_job_store_get_problem (f->store));
  g_assert_finalize_object (g_steal_pointer (&f->store));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/faults/disk-full", test_disk_full);
  g_test_add ("/store/faults/locked-job-list", Locked, NULL,
              locked_set_up, test_locked_job_list, locked_tear_down);
  g_test_add ("/store/faults/locked-at-close", Locked, NULL,
              locked_set_up, test_locked_at_close, locked_tear_down);
  return g_test_run ();
}
