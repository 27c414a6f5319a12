/* test-job-store.c: the SQLite job store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vitrine-job-store.h"
#include "vitrine-test-photos.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = vitrine_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "data", "vitrine", "jobs.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  vitrine_test_rmtree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static VitrineJobStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  VitrineJobStore *store = vitrine_job_store_new_for_path (f->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static VitrineJob *
job_at (VitrineJobStore *store,
        guint            position)
{
  VitrineJob *job = g_list_model_get_item (G_LIST_MODEL (store), position);

  g_object_unref (job); /* the store keeps it */
  return job;
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_crud_and_reopen (Fixture       *f,
                      gconstpointer  data)
{
  const char * const photos[] = { "/photos/a.jpg", "/photos/b.jpg", NULL };
  VitrineJobStore *store = open_store (f);
  g_autoptr(VitrineJob) job = vitrine_job_new ("local");
  g_autoptr(VitrineJob) newer = g_object_new (VITRINE_TYPE_JOB, "provider-id", "vikit",
                                              "created", vitrine_job_get_created (job) + 10, NULL);
  VitrineJob *loaded;
  g_autofree char *id = g_strdup (vitrine_job_get_id (job));

  vitrine_job_set_name (job, "12 rue Exemple");
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_ratio (job, VITRINE_RATIO_9_16);
  vitrine_job_set_seconds_per_photo (job, 3.0);
  vitrine_job_set_option (job, "notify_email", "agent@example.com");
  {
    VitrineListing listing = { "12 rue Exemple", "€ 1", NULL, "https://example.com/12" };
    VitrineAgent agent = { .name = "Ana", .brand_fg = "#ffffff" };

    vitrine_job_set_listing (job, &listing);
    vitrine_job_set_agent (job, &agent);
    vitrine_job_set_ratios (job, VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1);
    vitrine_job_set_unbranded (job, TRUE);
  }
  vitrine_job_store_add (store, job);
  vitrine_job_store_add (store, newer);
  g_assert_true (job_at (store, 0) == newer);

  /* Changes after add are saved on their own. */
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  vitrine_job_set_progress (job, 40);
  vitrine_job_set_remote_id (job, "gen-1");
  vitrine_job_add_output_full (job, "Video", "https://cdn.example.com/v.mp4", "/videos/v.mp4", "9:16", "branded");
  vitrine_job_ensure_idempotency_key (job);
  /* the row gets the time of its last change of state (Compare's "took") */
  vitrine_job_set_updated (job, vitrine_job_get_created (job) - 60);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpint (vitrine_job_get_updated (job), >=, vitrine_job_get_created (job));
  g_assert_finalize_object (store);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM jobs"), ==, 2);

  store = open_store (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_cmpstr (vitrine_job_get_provider_id (job_at (store, 0)), ==, "vikit");
  loaded = vitrine_job_store_lookup (store, id);
  g_assert_nonnull (loaded);
  g_assert_true (loaded == job_at (store, 1));
  g_assert_cmpstr (vitrine_job_get_name (loaded), ==, "12 rue Exemple");
  g_assert_true (g_strv_equal (vitrine_job_get_photos (loaded), photos));
  g_assert_cmpint (vitrine_job_get_ratio (loaded), ==, VITRINE_RATIO_9_16);
  g_assert_cmpint (vitrine_job_get_ratios (loaded), ==, VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1);
  g_assert_true (vitrine_job_get_unbranded (loaded));
  g_assert_cmpstr (vitrine_job_get_listing (loaded)->url, ==, "https://example.com/12");
  g_assert_cmpstr (vitrine_job_get_agent (loaded)->name, ==, "Ana");
  g_assert_cmpstr (vitrine_job_get_agent (loaded)->brand_fg, ==, "#ffffff");
  g_assert_cmpfloat (vitrine_job_get_seconds_per_photo (loaded), ==, 3.0);
  g_assert_cmpstr (vitrine_job_get_option (loaded, "notify_email"), ==, "agent@example.com");
  g_assert_cmpint (vitrine_job_get_state (loaded), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpuint (vitrine_job_get_progress (loaded), ==, 100);
  g_assert_cmpstr (vitrine_job_get_remote_id (loaded), ==, "gen-1");
  g_assert_cmpstr (vitrine_job_get_idempotency_key (loaded), ==, vitrine_job_get_idempotency_key (job));
  g_assert_cmpstr (vitrine_job_get_first_output_path (loaded), ==, "/videos/v.mp4");
  g_assert_cmpstr (((VitrineJobOutput *) g_ptr_array_index (vitrine_job_get_outputs (loaded), 0))->variant,
                   ==, "branded");
  g_assert_cmpint (vitrine_job_get_created (loaded), ==, vitrine_job_get_created (job));
  g_assert_cmpint (vitrine_job_get_updated (loaded), ==, vitrine_job_get_updated (job));

  vitrine_job_store_remove (store, loaded);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_null (vitrine_job_store_lookup (store, id));
  g_assert_finalize_object (store);
  g_assert_cmpint (sql_int (f->path, "SELECT count(*) FROM jobs"), ==, 1);
}

static void
test_schema_and_pragmas (Fixture       *f,
                         gconstpointer  data)
{
  VitrineJobStore *store = open_store (f);

  g_assert_cmpint (sql_int (f->path, "PRAGMA user_version"), ==, 4);
  g_assert_finalize_object (store);

  /* A file from a newer Vitrine is not touched. */
  sql_exec (f->path, "PRAGMA user_version = 99");
  {
    g_autoptr(GError) error = NULL;
    VitrineJobStore *refused = vitrine_job_store_new_for_path (f->path, &error);

    g_assert_null (refused);
    g_assert_error (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_FAILED);
  }
  g_assert_cmpint (sql_int (f->path, "PRAGMA user_version"), ==, 99);
}

/* A file written by the first schema is migrated and keeps its jobs. */
static void
test_migrates_version_1 (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  VitrineJobStore *store;
  VitrineJob *job;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  sql_exec (f->path,
            "CREATE TABLE jobs (id TEXT PRIMARY KEY, provider TEXT NOT NULL, name TEXT,"
            " inputs TEXT NOT NULL DEFAULT '{}', remote_id TEXT, poll_url TEXT, idempotency_key TEXT,"
            " state TEXT NOT NULL, progress INTEGER NOT NULL DEFAULT 0, status_text TEXT, error TEXT,"
            " outputs TEXT NOT NULL DEFAULT '[]', created INTEGER NOT NULL, updated INTEGER NOT NULL,"
            " rev INTEGER NOT NULL DEFAULT 1, lease_pid INTEGER, lease_heartbeat INTEGER);"
            "CREATE INDEX jobs_by_created ON jobs (created DESC);"
            "INSERT INTO jobs (id, provider, name, inputs, state, created, updated) VALUES"
            " ('old-job', 'local', 'Old listing', '{\"photos\": [\"/p.jpg\"], \"ratio\": \"1:1\"}',"
            "  'completed', 1700000000, 1700000100);"
            "PRAGMA user_version = 1;");

  store = open_store (f);
  g_assert_cmpint (sql_int (f->path, "PRAGMA user_version"), ==, 4);
  g_assert_cmpint (sql_int (f->path, "SELECT count (*) FROM sqlite_master WHERE name = 'jobs_by_rev'"), ==, 1);
  job = vitrine_job_store_lookup (store, "old-job");
  g_assert_nonnull (job);
  g_assert_cmpstr (vitrine_job_get_name (job), ==, "Old listing");
  g_assert_cmpint (vitrine_job_get_ratio (job), ==, VITRINE_RATIO_1_1);
  g_assert_cmpint (vitrine_job_get_ratios (job), ==, VITRINE_RATIO_FLAG_1_1);
  g_assert_false (vitrine_job_get_unbranded (job));
  g_assert_true (vitrine_listing_is_empty (vitrine_job_get_listing (job)));
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpint (vitrine_job_get_created (job), ==, 1700000000);
  g_assert_null (vitrine_job_get_group (job));
  g_assert_finalize_object (store);
}

/* Issue 12: the jobs of one Compare keep their group through a restart and
 * in another process; a job alone has none. */
static void
test_group_survives_restart (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *group = g_uuid_string_random ();
  const char * const providers[] = { "local", "vikit", "vidgen" };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VitrineJob) alone = vitrine_job_new ("local");
  VitrineJobStore *store = open_store (f);
  VitrineJobStore *other = open_store (f);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_autoptr(VitrineJob) job = vitrine_job_new (providers[i]);

      vitrine_job_set_group (job, group);
      vitrine_job_store_add (store, job);
      g_ptr_array_add (ids, g_strdup (vitrine_job_get_id (job)));
    }
  vitrine_job_store_add (store, alone);

  vitrine_job_store_refresh (other);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpstr (vitrine_job_get_group (vitrine_job_store_lookup (other, ids->pdata[i])), ==, group);
  g_assert_finalize_object (other);
  g_assert_finalize_object (store);
  g_assert_cmpint (sql_int (f->path, "SELECT count (DISTINCT job_group) FROM jobs"), ==, 1);

  store = open_store (f);
  for (guint i = 0; i < ids->len; i++)
    {
      VitrineJob *job = vitrine_job_store_lookup (store, ids->pdata[i]);
      g_autoptr(VitrineJob) retry = NULL;

      g_assert_nonnull (job);
      g_assert_cmpstr (vitrine_job_get_group (job), ==, group);
      g_assert_cmpstr (vitrine_job_get_provider_id (job), ==, providers[i]);
      /* A retry stands for the same provider in the same comparison. */
      retry = vitrine_job_new_retry (job);
      g_assert_cmpstr (vitrine_job_get_group (retry), ==, group);
    }
  g_assert_null (vitrine_job_get_group (vitrine_job_store_lookup (store, vitrine_job_get_id (alone))));
  g_assert_finalize_object (store);
}

static void
test_two_stores_share (Fixture       *f,
                       gconstpointer  data)
{
  VitrineJobStore *a = open_store (f);
  VitrineJobStore *b = open_store (f);
  g_autoptr(VitrineJob) job = vitrine_job_new ("local");
  VitrineJob *seen;

  vitrine_job_set_name (job, "From the CLI");
  vitrine_job_store_add (a, job);
  vitrine_job_store_refresh (b);
  seen = vitrine_job_store_lookup (b, vitrine_job_get_id (job));
  g_assert_nonnull (seen);
  g_assert_cmpstr (vitrine_job_get_name (seen), ==, "From the CLI");

  vitrine_job_set_progress (job, 55);
  vitrine_job_store_refresh (b);
  g_assert_cmpuint (vitrine_job_get_progress (seen), ==, 55);

  vitrine_job_set_state (seen, VITRINE_JOB_STATE_CANCELLED);
  vitrine_job_store_refresh (a);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_CANCELLED);

  vitrine_job_store_remove (b, seen);
  vitrine_job_store_refresh (a);
  g_assert_null (vitrine_job_store_lookup (a, vitrine_job_get_id (job)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (a)), ==, 0);

  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
}

static gpointer
open_in_thread (gpointer path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineJobStore) store = vitrine_job_store_new_for_path (path, &error);

  return error == NULL && store != NULL && vitrine_job_store_get_problem (store) == NULL
         ? NULL : g_strdup (error != NULL ? error->message : vitrine_job_store_get_problem (store));
}

/* Several processes making a new job list at once (the window and
 * vitrine-cli on a fresh profile): each gets the one list. The second one
 * to create the table failed ("table jobs already exists"), and its jobs
 * were lost when it closed. */
static void
test_created_at_once (Fixture       *f,
                      gconstpointer  data)
{
  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%u/jobs.db", f->dir, round);
      GThread *threads[4];

      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("open", open_in_thread, path);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        {
          g_autofree char *problem = g_thread_join (threads[i]);

          if (problem != NULL)
            g_error ("round %u: %s", round, problem);
        }
    }
}

static void
test_leases (Fixture       *f,
             gconstpointer  data)
{
  VitrineJobStore *a = open_store (f);
  VitrineJobStore *b = open_store (f);
  g_autoptr(VitrineJob) job = vitrine_job_new ("local");
  g_autofree char *sql = NULL;
  g_autofree char *pidns = g_file_read_link ("/proc/self/ns/pid", NULL);
  VitrineJob *other;
  GPid dead = 0;
  const char *argv[] = { "true", NULL };

  vitrine_job_store_add (a, job);
  vitrine_job_store_refresh (b);
  other = vitrine_job_store_lookup (b, vitrine_job_get_id (job));
  g_assert_true (vitrine_job_store_acquire (a, job));
  g_assert_true (vitrine_job_store_acquire (a, job)); /* again: still ours */
  /* The lease is a's token, not the pid: b has the same pid (as two Flatpak
   * sandboxes both run their app as pid 2) and still cannot take it. */
  g_assert_false (vitrine_job_store_acquire (b, other));
  g_assert_cmpint (sql_int (f->path, "SELECT length (lease_token) FROM jobs"), ==, 36);
  /* Another live owner. */
  sql = g_strdup_printf ("UPDATE jobs SET lease_pid = %d", (int) getppid ());
  sql_exec (f->path, sql);
  g_assert_false (vitrine_job_store_acquire (b, other));

  /* The owner died: its lease is taken over at once. */
  {
    GPid child;

    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                                  G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &child, NULL));
    waitpid (child, NULL, 0);
    dead = child;
  }
  g_free (sql);
  /* A dead pid of another pid namespace (another sandbox) says nothing:
   * the lease waits for its heartbeat to go stale. */
  sql = g_strdup_printf ("UPDATE jobs SET lease_pid = %d, lease_pidns = 'pid:[1]'", (int) dead);
  sql_exec (f->path, sql);
  g_assert_false (vitrine_job_store_acquire (b, other));
  /* Dead in our own namespace: taken over at once. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE jobs SET lease_pid = %d, lease_pidns = '%s'", (int) dead, pidns);
  sql_exec (f->path, sql);
  g_assert_true (vitrine_job_store_acquire (b, other));
  g_assert_cmpint (sql_int (f->path, "SELECT lease_pid FROM jobs"), ==, getpid ());

  /* A live owner whose heartbeat stopped long ago loses it too. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE jobs SET lease_pid = %d, lease_heartbeat = 1", (int) getppid ());
  sql_exec (f->path, sql);
  g_assert_true (vitrine_job_store_acquire (a, job));

  vitrine_job_store_release (a, job);
  g_assert_cmpint (sql_int (f->path, "SELECT lease_pid IS NULL FROM jobs"), ==, 1);
  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
}

static void
lease_lost_cb (VitrineJobStore *store,
               VitrineJob      *job,
               VitrineJob     **lost)
{
  *lost = job;
}

/* A driver stopped past its lease finds it taken when it runs again: its
 * heartbeat says so (::lease-lost), its copy shows the new driver's row,
 * and what it still writes of its old steps does not reach the row. */
static void
test_lease_lost (Fixture       *f,
                 gconstpointer  data)
{
  VitrineJobStore *a = open_store (f);
  VitrineJobStore *b = open_store (f);
  g_autoptr(VitrineJob) job = vitrine_job_new ("vikit");
  VitrineJob *other, *lost = NULL;
  gint64 start;

  vitrine_job_set_state (job, VITRINE_JOB_STATE_UPLOADING);
  vitrine_job_store_add (a, job);
  g_assert_true (vitrine_job_store_acquire (a, job));
  sql_exec (f->path, "UPDATE jobs SET lease_heartbeat = 1");   /* a was stopped */
  vitrine_job_store_refresh (b);
  other = vitrine_job_store_lookup (b, vitrine_job_get_id (job));
  g_assert_true (vitrine_job_store_acquire (b, other));
  vitrine_job_set_remote_id (other, "r-1");
  vitrine_job_set_state (other, VITRINE_JOB_STATE_PROCESSING);

  /* a catches up with b's row (a refresh), then writes a stale step. */
  vitrine_job_store_refresh (a);
  g_assert_cmpstr (vitrine_job_get_remote_id (job), ==, "r-1");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_UPLOADING);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_PROCESSING);
  g_assert_cmpint (sql_int (f->path, "SELECT state = 'processing' FROM jobs"), ==, 1);

  g_signal_connect (a, "lease-lost", G_CALLBACK (lease_lost_cb), &lost);
  start = g_get_monotonic_time ();
  while (lost == NULL && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (lost == job);
  g_assert_finalize_object (a);
  /* a's end released nothing of b's. */
  g_assert_cmpint (sql_int (f->path, "SELECT lease_token IS NOT NULL FROM jobs"), ==, 1);
  g_assert_finalize_object (b);
}

/* A damaged file that still opens and reads (quick_check finds the damage)
 * is kept aside like an unreadable one. */
static void
test_damaged_file_moved_aside (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = vitrine_job_store_default_path ();
      VitrineJobStore *store = vitrine_job_store_new_default ();
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr(GDir) d = NULL;
      const char *name;
      gboolean found = FALSE;

      g_assert_nonnull (vitrine_job_store_get_problem (store));
      g_assert_nonnull (strstr (vitrine_job_store_get_problem (store), "jobs.db.corrupt-"));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
      g_assert_finalize_object (store);
      d = g_dir_open (dir, 0, NULL);
      while ((name = g_dir_read_name (d)) != NULL)
        found |= g_str_has_prefix (name, "jobs.db.corrupt-");
      g_assert_true (found);
      return;
    }
  {
    g_autofree char *tmp = vitrine_test_make_tmpdir ();
    g_autofree char *data = g_build_filename (tmp, "data", NULL);
    g_autofree char *path = g_build_filename (data, "vitrine", "jobs.db", NULL);
    g_autoptr(GError) error = NULL;
    VitrineJobStore *store = vitrine_job_store_new_for_path (path, &error);
    gint64 page, size;
    FILE *file;
    int byte;

    g_assert_no_error (error);
    for (guint i = 0; i < 300; i++)
      {
        g_autoptr(VitrineJob) job = vitrine_job_new ("local");

        vitrine_job_store_add (store, job);
      }
    g_assert_finalize_object (store);   /* the last close folds the WAL in */

    /* The fragmented-bytes count of an index page made wrong: every read
     * works, quick_check says "Fragmentation of 0 bytes reported as 5". */
    page = sql_int (path, "SELECT rootpage FROM sqlite_master WHERE name = 'jobs_by_rev'");
    size = sql_int (path, "PRAGMA page_size");
    g_assert_nonnull ((file = fopen (path, "r+b")));
    g_assert_cmpint (fseek (file, (page - 1) * size + 7, SEEK_SET), ==, 0);
    byte = fgetc (file);
    g_assert_cmpint (fseek (file, (page - 1) * size + 7, SEEK_SET), ==, 0);
    fputc (byte + 5, file);
    fclose (file);
    g_assert_cmpint (sql_int (path, "SELECT count (*) FROM jobs"), ==, 300);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    vitrine_test_rmtree (tmp);
  }
}

static void
test_corrupt_file_moved_aside (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = vitrine_job_store_default_path ();
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *garbage = g_strnfill (8192, 'x');
      VitrineJobStore *store;
      g_autoptr(VitrineJob) job = vitrine_job_new ("local");
      g_autoptr(GDir) d = NULL;
      const char *name;
      gboolean found = FALSE;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
      store = vitrine_job_store_new_default ();
      g_assert_nonnull (vitrine_job_store_get_problem (store));
      g_assert_nonnull (strstr (vitrine_job_store_get_problem (store), "jobs.db.corrupt-"));
      g_assert_cmpstr (vitrine_job_store_get_path (store), ==, path);
      vitrine_job_store_add (store, job);
      g_assert_finalize_object (store);

      d = g_dir_open (dir, 0, NULL);
      while ((name = g_dir_read_name (d)) != NULL)
        found |= g_str_has_prefix (name, "jobs.db.corrupt-");
      g_assert_true (found);
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM jobs"), ==, 1);
      return;
    }
  {
    g_autofree char *tmp = vitrine_test_make_tmpdir ();
    g_autofree char *data = g_build_filename (tmp, "data", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    vitrine_test_rmtree (tmp);
  }
}

static void
test_unusable_data_home (void)
{
  if (g_test_subprocess ())
    {
      VitrineJobStore *store = vitrine_job_store_new_default ();
      g_autoptr(VitrineJob) job = vitrine_job_new ("local");

      /* It still works, in memory, and says so. */
      g_assert_nonnull (store);
      g_assert_nonnull (vitrine_job_store_get_problem (store));
      vitrine_job_store_add (store, job);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
      g_assert_finalize_object (store);
      return;
    }
  {
    g_autofree char *tmp = vitrine_test_make_tmpdir ();
    g_autofree char *file = vitrine_test_make_file (tmp, "not-a-folder", "x", 1);
    g_autofree char *data = g_build_filename (file, "data", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    vitrine_test_rmtree (tmp);
  }
}

static void
test_missing_data_home_is_created (void)
{
  if (g_test_subprocess ())
    {
      VitrineJobStore *store = vitrine_job_store_new_default ();

      g_assert_null (vitrine_job_store_get_problem (store));
      g_assert_true (g_file_test (vitrine_job_store_get_path (store), G_FILE_TEST_IS_REGULAR));
      g_assert_finalize_object (store);
      return;
    }
  {
    g_autofree char *tmp = vitrine_test_make_tmpdir ();
    g_autofree char *data = g_build_filename (tmp, "not", "yet", "there", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    vitrine_test_rmtree (tmp);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/job-store/created-at-once", test_created_at_once);
  ADD ("/store/job-store/crud-and-reopen", test_crud_and_reopen);
  ADD ("/store/job-store/schema-and-pragmas", test_schema_and_pragmas);
  ADD ("/store/job-store/migrates-version-1", test_migrates_version_1);
  ADD ("/store/job-store/two-stores-share", test_two_stores_share);
  ADD ("/store/job-store/group-survives-restart", test_group_survives_restart);
  ADD ("/store/job-store/leases", test_leases);
  ADD ("/store/job-store/lease-lost", test_lease_lost);
#undef ADD
  g_test_add_func ("/store/job-store/damaged-file-moved-aside", test_damaged_file_moved_aside);
  g_test_add_func ("/store/job-store/corrupt-file-moved-aside", test_corrupt_file_moved_aside);
  g_test_add_func ("/store/job-store/unusable-data-home", test_unusable_data_home);
  g_test_add_func ("/store/job-store/missing-data-home-is-created", test_missing_data_home_is_created);
  return g_test_run ();
}
