/* vitrine-job-store-lease.c: one driver per job, and the moment before a paid POST
 *
 * A process drives a job only while it holds the job's lease: the random
 * token of its store in the row, renewed by a heartbeat. Pids say nothing
 * on their own (two Flatpak sandboxes both run their app as pid 2); the pid
 * is kept with its pid namespace only so that a driver seen dead in our own
 * namespace is taken over at once instead of after LEASE_STALE_S.
 *
 * A driver that was stopped (SIGSTOP, a frozen laptop) past the expiry may
 * find its lease taken when it runs again: its heartbeat notices and the
 * store emits ::lease-lost; before that, the guard of its next paid POST
 * refuses. Taking a lease bumps the row's revision, so that whatever the
 * previous driver still writes loses its compare-and-set and is merged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "vitrine-job-store-private.h"

#define HEARTBEAT_INTERVAL_S 3
#define LEASE_STALE_S VITRINE_JOB_STORE_LEASE_STALE_S
/* How often a paid POST held by a locked file looks again. */
#define GUARD_RETRY_MS 100
#define BUSY_TIMEOUT_MS 250

/* The lease columns, in this order after whatever a query reads first. */
#define LEASE_COLUMNS "lease_token, lease_pid, lease_pidns, lease_heartbeat"

static gboolean
pid_is_alive (gint64 pid)
{
  return pid > 0 && (kill ((pid_t) pid, 0) == 0 || errno == EPERM);
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Whether the lease read at column @col (LEASE_COLUMNS) of @stmt is held
 * by another live store: not ours, not free, fresh, and not owned by a pid
 * seen dead in our pid namespace. */
static gboolean
held_elsewhere (VitrineJobStore *self,
                sqlite3_stmt    *stmt,
                int              col)
{
  const char *token = (const char *) sqlite3_column_text (stmt, col);
  const char *pidns = (const char *) sqlite3_column_text (stmt, col + 2);

  if (token == NULL || g_str_equal (token, self->token))
    return FALSE;
  if (now_s () - sqlite3_column_int64 (stmt, col + 3) >= LEASE_STALE_S)
    return FALSE;
  if (self->pidns != NULL && g_strcmp0 (pidns, self->pidns) == 0 &&
      !pid_is_alive (sqlite3_column_int64 (stmt, col + 1)))
    return FALSE;
  return TRUE;
}

/* Writes our lease over @owner's (compare-and-set). The revision moves on
 * when the lease changes hands. Returns the row's revision, -1 if lost. */
static gint64
take_lease (VitrineJobStore *self,
            const char      *id,
            const char      *owner)
{
  sqlite3_stmt *stmt = NULL;
  gint64 rev = -1;

  if (sqlite3_prepare_v2 (self->db,
                          "UPDATE jobs SET lease_token = ?1, lease_pid = ?2, lease_pidns = ?3,"
                          " lease_heartbeat = ?4, rev = CASE WHEN lease_token IS ?1 THEN rev"
                          " ELSE (SELECT max (rev) + 1 FROM jobs) END"
                          " WHERE id = ?5 AND lease_token IS ?6 RETURNING rev",
                          -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  vitrine_job_store_bind_text (stmt, 1, self->token);
  sqlite3_bind_int64 (stmt, 2, getpid ());
  vitrine_job_store_bind_text (stmt, 3, self->pidns);
  sqlite3_bind_int64 (stmt, 4, now_s ());
  vitrine_job_store_bind_text (stmt, 5, id);
  vitrine_job_store_bind_text (stmt, 6, owner);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rev = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return rev;
}

gboolean
vitrine_job_store_acquire (VitrineJobStore *self,
                           VitrineJob      *job)
{
  const char *id;
  g_autofree char *owner = NULL;
  sqlite3_stmt *stmt;
  gint64 rev = -1, taken;
  gboolean elsewhere = TRUE;

  g_return_val_if_fail (VITRINE_IS_JOB_STORE (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);

  id = vitrine_job_get_id (job);
  if (vitrine_job_store_select_by_id (self, LEASE_COLUMNS ", rev", id, &stmt) == SQLITE_ROW)
    {
      elsewhere = held_elsewhere (self, stmt, 0);
      owner = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rev = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_finalize (stmt);
  if (elsewhere || (taken = take_lease (self, id, owner)) < 0)
    return FALSE;

  g_hash_table_add (self->leases, g_strdup (id));
  /* The previous driver may have moved the job on (finished it, even)
   * since we last read it: drive it from where it really is. */
  if (vitrine_job_store_known_rev (self, id) == rev)
    g_hash_table_insert (self->revs, g_strdup (id), GSIZE_TO_POINTER ((gsize) taken));
  else
    vitrine_job_store_reload (self, job);
  if (vitrine_job_is_finished (job))
    {
      vitrine_job_store_release (self, job);
      return FALSE;
    }
  return TRUE;
}

gboolean
vitrine_job_store_is_driven (VitrineJobStore *self,
                             VitrineJob      *job)
{
  sqlite3_stmt *stmt;
  gboolean driven;
  int rc;

  g_return_val_if_fail (VITRINE_IS_JOB_STORE (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);

  if (g_hash_table_contains (self->leases, vitrine_job_get_id (job)))
    return TRUE;
  /* a file that cannot be read now (locked past the wait) says nothing:
   * the job may well be driven */
  rc = vitrine_job_store_select_by_id (self, LEASE_COLUMNS, vitrine_job_get_id (job), &stmt);
  driven = rc == SQLITE_ROW ? held_elsewhere (self, stmt, 0) : rc != SQLITE_DONE;
  sqlite3_finalize (stmt);
  return driven;
}

static void
clear_leases (VitrineJobStore *self,
              const char      *id)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "UPDATE jobs SET lease_token = NULL, lease_pid = NULL,"
                                    " lease_pidns = NULL, lease_heartbeat = NULL"
                                    " WHERE lease_token = ?1 AND (?2 IS NULL OR id = ?2)",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      vitrine_job_store_bind_text (stmt, 1, self->token);
      vitrine_job_store_bind_text (stmt, 2, id);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
}

void
vitrine_job_store_release (VitrineJobStore *self,
                           VitrineJob      *job)
{
  g_return_if_fail (VITRINE_IS_JOB_STORE (self));
  g_return_if_fail (VITRINE_IS_JOB (job));

  if (g_hash_table_remove (self->leases, vitrine_job_get_id (job)))
    clear_leases (self, vitrine_job_get_id (job));
}

void
vitrine_job_store_release_all (VitrineJobStore *self)
{
  if (self->db != NULL && g_hash_table_size (self->leases) > 0)
    clear_leases (self, NULL);
  g_hash_table_remove_all (self->leases);
}

/* Heartbeat */

/* 1: renewed; 0: another process holds it now (or the row is gone);
 * -1: not known now (the file is busy), asked again next beat. */
static int
renew (VitrineJobStore *self,
       const char      *id)
{
  sqlite3_stmt *stmt = NULL;
  int result = -1;

  if (sqlite3_prepare_v2 (self->db, "UPDATE jobs SET lease_heartbeat = ?1"
                                    " WHERE id = ?2 AND lease_token = ?3",
                          -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64 (stmt, 1, now_s ());
  vitrine_job_store_bind_text (stmt, 2, id);
  vitrine_job_store_bind_text (stmt, 3, self->token);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    result = sqlite3_changes (self->db) > 0 ? 1 : 0;
  sqlite3_finalize (stmt);
  return result;
}

/* @job's lease went to another process: this one stops driving it and
 * shows the job as its new driver writes it. */
static void
lease_lost (VitrineJobStore *self,
            VitrineJob      *job)
{
  g_autoptr(VitrineJob) ref = g_object_ref (job);

  g_message ("Job %s is driven by another process now", vitrine_job_get_id (job));
  g_hash_table_remove (self->leases, vitrine_job_get_id (job));
  vitrine_job_store_reload (self, job);
  vitrine_job_store_emit_lease_lost (self, job);
}

static gboolean
vitrine_job_store_heartbeat_cb (gpointer data)
{
  VitrineJobStore *self = data;
  g_autoptr(GPtrArray) lost = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree gpointer *ids = NULL;
  guint n;

  ids = g_hash_table_get_keys_as_array (self->leases, &n);
  for (guint i = 0; i < n; i++)
    {
      VitrineJob *job = vitrine_job_store_lookup (self, ids[i]);

      if (renew (self, ids[i]) == 0 && job != NULL)
        g_ptr_array_add (lost, g_object_ref (job));
    }
  for (guint i = 0; i < lost->len; i++)
    lease_lost (self, g_ptr_array_index (lost, i));
  return G_SOURCE_CONTINUE;
}

void
vitrine_job_store_init_leases (VitrineJobStore *self)
{
  self->token = g_uuid_string_random ();
  self->pidns = g_file_read_link ("/proc/self/ns/pid", NULL);
  self->heartbeat_id = g_timeout_add_seconds (HEARTBEAT_INTERVAL_S,
                                              vitrine_job_store_heartbeat_cb, self);
  g_source_set_name_by_id (self->heartbeat_id, "[vitrine] lease heartbeat");
}

/* The guard before a paid POST */

typedef enum {
  GUARD_DONE,
  GUARD_LOCKED,   /* another process holds the write lock: try again */
  GUARD_REFUSED,  /* no POST: see the error */
} GuardResult;

/* Reads the row and checks the POST may go; @job is brought up to the row
 * first when another process wrote it. */
static GuardResult
guard_check (VitrineJobStore  *self,
             VitrineJob       *job,
             gboolean         *lost,
             GError          **error)
{
  const char *id = vitrine_job_get_id (job);
  sqlite3_stmt *stmt;
  int rc;

  rc = vitrine_job_store_select_by_id (self, VITRINE_JOB_STORE_COLUMNS ", " LEASE_COLUMNS, id,
                                       &stmt);
  if (rc == SQLITE_ROW && !(*lost = held_elsewhere (self, stmt, VITRINE_JOB_STORE_N_COLUMNS)) &&
      sqlite3_column_int64 (stmt, 14) != vitrine_job_store_known_rev (self, id))
    vitrine_job_store_merge_row (self, job, stmt,
                                 (const char *) sqlite3_column_text (stmt, VITRINE_JOB_STORE_N_COLUMNS));
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_NOT_FOUND, "%s",
                 _("The job was removed before it was sent."));
  else if (rc != SQLITE_ROW)
    vitrine_job_store_set_sqlite_error (error, self->db, rc, _("The job could not be read"));
  else if (*lost)
    g_set_error (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_LEASE_LOST, "%s",
                 _("Another Vitrine window or program is sending this job now."));
  else if (vitrine_job_is_finished (job))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                 vitrine_job_get_state (job) == VITRINE_JOB_STATE_CANCELLED ?
                 _("The job was cancelled before it was sent.") :
                 _("The job ended before it was sent."));
  else
    return GUARD_DONE;
  return GUARD_REFUSED;
}

/* Inside the write transaction: check, then write the key, the mark and
 * our lease. */
static GuardResult
guard_write (VitrineJobStore  *self,
             VitrineJob       *job,
             gboolean         *lost,
             GError          **error)
{
  GuardResult result = guard_check (self, job, lost, error);

  if (result != GUARD_DONE)
    return result;

  self->applying = TRUE;
  vitrine_job_mark_posting (job);
  self->applying = FALSE;

  if (take_lease (self, vitrine_job_get_id (job), self->token) < 0 ||
      !vitrine_job_store_try_write (self, job, FALSE, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      if (*error == NULL)
        g_set_error (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_FAILED, "%s",
                     _("The job could not be saved"));
      return GUARD_REFUSED;
    }
  g_hash_table_add (self->leases, g_strdup (vitrine_job_get_id (job)));
  g_hash_table_remove (self->unsaved, vitrine_job_get_id (job));
  return GUARD_DONE;
}

/* One attempt, in one IMMEDIATE transaction committed with
 * synchronous=FULL: on disk, not only in the OS's cache, before the POST. */
static GuardResult
guard_commit (VitrineJobStore  *self,
              VitrineJob       *job,
              GError          **error)
{
  GuardResult result = GUARD_LOCKED;
  gboolean lost = FALSE;

  /* Not the usual wait on the main thread: the retry is a timeout. */
  sqlite3_busy_timeout (self->db, 0);
  sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
    {
      result = guard_write (self, job, &lost, error);
      /* A refusal wrote nothing of its own; a lease released meanwhile (the
       * job ended) is committed with it. */
      if (sqlite3_get_autocommit (self->db) == 0 &&
          sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          if (result == GUARD_DONE)
            result = GUARD_LOCKED;
        }
    }
  sqlite3_exec (self->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (lost)
    lease_lost (self, job);
  return result;
}

static void guard_run (GTask *task);

static gboolean
guard_retry_cb (gpointer data)
{
  guard_run (data);
  return G_SOURCE_REMOVE;
}

/* Takes @task over. */
static void
guard_run (GTask *task)
{
  VitrineJobStore *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  switch (guard_commit (self, g_task_get_task_data (task), &error))
    {
    case GUARD_DONE:
      g_task_return_boolean (task, TRUE);
      break;
    case GUARD_REFUSED:
      g_task_return_error (task, error);
      break;
    case GUARD_LOCKED:
    default:
      /* The file is locked by another process: the POST waits for the
       * write, however long that takes. */
      g_debug ("Job %s: the job list is locked, the POST waits",
               vitrine_job_get_id (g_task_get_task_data (task)));
      g_timeout_add (GUARD_RETRY_MS, guard_retry_cb, task);
      return;
    }
  g_object_unref (task);
}

void
vitrine_job_store_guard_post_async (VitrineJobStore     *self,
                                    VitrineJob          *job,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VITRINE_IS_JOB_STORE (self));
  g_return_if_fail (VITRINE_IS_JOB (job));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_job_store_guard_post_async);
  g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  guard_run (task);
}

gboolean
vitrine_job_store_guard_post_finish (VitrineJobStore  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
