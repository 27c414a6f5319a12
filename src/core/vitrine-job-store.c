/* vitrine-job-store.c
 *
 * One SQLite file shared by the window and vitrine-cli (WAL, busy timeout),
 * one transaction per change. Every write gives its row the next revision
 * number of the whole table: a process notices another's commits through
 * PRAGMA data_version and reloads only the rows with a newer revision than
 * it has seen (an index makes that cheap with 10,000 jobs). A write is a
 * compare-and-set on that revision; one that loses merges with the newer
 * row (vitrine_job_merge()). Leases (one driver per job) are in
 * vitrine-job-store-lease.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vitrine-job-json.h"
#include "vitrine-job-store-private.h"
#include "vitrine-photo-keep.h"

#define REFRESH_INTERVAL_MS 1000
/* The main thread waits at most this long for another process's write; a
 * change that could not be saved is kept and saved again on the next
 * refresh, so nothing is lost and the window never freezes. */
#define BUSY_TIMEOUT_MS 250
/* ... except in vitrine_job_store_flush (), which must not leave a change
 * behind: the process is about to end, or to hand its jobs to another. */
#define FLUSH_BUSY_TIMEOUT_MS 5000
#define OPEN_WAIT_MS 5000  /* opening tries again this long at most */

enum {
  LEASE_LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void vitrine_job_store_list_model_init (GListModelInterface *iface);

G_DEFINE_QUARK (vitrine-store-error-quark, vitrine_store_error)
G_DEFINE_FINAL_TYPE_WITH_CODE (VitrineJobStore, vitrine_job_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vitrine_job_store_list_model_init))

/* Each entry takes the schema one version up; never edit a shipped one. */
static const char * const migrations[] = {
  /* 1 */
  "CREATE TABLE jobs ("
  "  id TEXT PRIMARY KEY,"
  "  provider TEXT NOT NULL,"
  "  name TEXT,"
  "  inputs TEXT NOT NULL DEFAULT '{}',"
  "  remote_id TEXT,"
  "  poll_url TEXT,"
  "  idempotency_key TEXT,"
  "  state TEXT NOT NULL,"
  "  progress INTEGER NOT NULL DEFAULT 0,"
  "  status_text TEXT,"
  "  error TEXT,"
  "  outputs TEXT NOT NULL DEFAULT '[]',"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  rev INTEGER NOT NULL DEFAULT 1,"
  "  lease_pid INTEGER,"
  "  lease_heartbeat INTEGER"
  ");"
  "CREATE INDEX jobs_by_created ON jobs (created DESC);",
  /* 2: revisions count for the whole table, so a refresh reads only what
   * changed since the last one */
  "CREATE INDEX jobs_by_rev ON jobs (rev);",
  /* 3: the lease is a random token (pids repeat across Flatpak sandboxes);
   * lease_pid stays, read only within the same pid namespace */
  "ALTER TABLE jobs ADD COLUMN lease_token TEXT;"
  "ALTER TABLE jobs ADD COLUMN lease_pidns TEXT;",
  /* 4: the jobs of one Create for several providers (Compare) share a
   * group; NULL for a job made alone ("group" is an SQL keyword) */
  "ALTER TABLE jobs ADD COLUMN job_group TEXT;",
};

#define JOB_COLUMNS VITRINE_JOB_STORE_COLUMNS
#define set_sqlite_error vitrine_job_store_set_sqlite_error
#define bind_text vitrine_job_store_bind_text

static int
store_error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return VITRINE_STORE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return VITRINE_STORE_ERROR_CORRUPT;
    default:
      return VITRINE_STORE_ERROR_FAILED;
    }
}

gboolean
vitrine_job_store_set_sqlite_error (GError     **error,
                                    sqlite3     *db,
                                    int          rc,
                                    const char  *what)
{
  g_set_error (error, VITRINE_STORE_ERROR, store_error_code (rc), "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("The job list could not be updated"));
  return TRUE;
}

/* GListModel */

static GType
vitrine_job_store_get_item_type (GListModel *model)
{
  return VITRINE_TYPE_JOB;
}

static guint
vitrine_job_store_get_n_items (GListModel *model)
{
  return VITRINE_JOB_STORE (model)->jobs->len;
}

static gpointer
vitrine_job_store_get_item (GListModel *model,
                            guint       position)
{
  VitrineJobStore *self = VITRINE_JOB_STORE (model);

  if (position >= self->jobs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
vitrine_job_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vitrine_job_store_get_item_type;
  iface->get_n_items = vitrine_job_store_get_n_items;
  iface->get_item = vitrine_job_store_get_item;
}

/* Rows */

void
vitrine_job_store_bind_text (sqlite3_stmt *stmt,
                             int           index,
                             const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

int
vitrine_job_store_select_by_id (VitrineJobStore  *self,
                                const char       *columns,
                                const char       *id,
                                sqlite3_stmt    **stmt)
{
  g_autofree char *sql = g_strconcat ("SELECT ", columns, " FROM jobs WHERE id = ?1", NULL);
  int rc;

  *stmt = NULL;
  if ((rc = sqlite3_prepare_v2 (self->db, sql, -1, stmt, NULL)) != SQLITE_OK)
    return rc;
  vitrine_job_store_bind_text (*stmt, 1, id);
  return sqlite3_step (*stmt);
}

static void
bind_json (sqlite3_stmt *stmt,
           int           index,
           JsonNode     *node)
{
  g_autofree char *text = vitrine_json_to_string (node, FALSE);

  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  json_node_unref (node);
}

static JsonNode *
column_json (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? json_from_string (text, NULL) : NULL;
}

static void
vitrine_job_store_note_row (VitrineJobStore *self,
                            VitrineJob      *job,
                            gint64           rev)
{
  const char *id = vitrine_job_get_id (job);

  g_hash_table_insert (self->revs, g_strdup (id), GSIZE_TO_POINTER ((gsize) rev));
  if (vitrine_job_is_final (job))
    g_hash_table_add (self->ended, g_strdup (id));
  else
    g_hash_table_remove (self->ended, id);
}

gint64
vitrine_job_store_known_rev (VitrineJobStore *self,
                             const char      *id)
{
  gpointer known;

  if (!g_hash_table_lookup_extended (self->revs, id, NULL, &known))
    return -1;
  return (gint64) GPOINTER_TO_SIZE (known);
}

/* Copies a row (selected with JOB_COLUMNS) into @job: the row is the truth,
 * a final state included (another process's Retry or Follow Again). */
void
vitrine_job_store_apply_row (VitrineJobStore *self,
                             VitrineJob      *job,
                             sqlite3_stmt    *stmt)
{
  g_autoptr(JsonNode) inputs = column_json (stmt, 3);
  g_autoptr(JsonNode) outputs = column_json (stmt, 11);
  VitrineJobState state = VITRINE_JOB_STATE_FAILED;

  self->applying = TRUE;
  g_object_freeze_notify (G_OBJECT (job));
  vitrine_job_set_name (job, (const char *) sqlite3_column_text (stmt, 2));
  vitrine_job_set_group (job, (const char *) sqlite3_column_text (stmt, 15));
  vitrine_job_inputs_from_json (job, inputs);
  vitrine_job_set_remote_id (job, (const char *) sqlite3_column_text (stmt, 4));
  vitrine_job_set_poll_url (job, (const char *) sqlite3_column_text (stmt, 5));
  g_object_set (job, "idempotency-key", (const char *) sqlite3_column_text (stmt, 6), NULL);
  vitrine_job_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &state);
  vitrine_job_reopen (job, state);
  vitrine_job_set_progress (job, sqlite3_column_int (stmt, 8));
  vitrine_job_set_status_text (job, (const char *) sqlite3_column_text (stmt, 9));
  vitrine_job_set_error_message (job, (const char *) sqlite3_column_text (stmt, 10));
  vitrine_job_outputs_from_json (job, outputs);
  vitrine_job_set_updated (job, sqlite3_column_int64 (stmt, 13));
  vitrine_job_store_note_row (self, job, sqlite3_column_int64 (stmt, 14));
  g_object_thaw_notify (G_OBJECT (job));
  self->applying = FALSE;
}

static VitrineJob *
vitrine_job_store_job_from_row (VitrineJobStore *self,
                                sqlite3_stmt    *stmt)
{
  VitrineJob *job = g_object_new (VITRINE_TYPE_JOB,
                                  "id", (const char *) sqlite3_column_text (stmt, 0),
                                  "provider-id", (const char *) sqlite3_column_text (stmt, 1),
                                  "created", sqlite3_column_int64 (stmt, 12),
                                  NULL);

  vitrine_job_store_apply_row (self, job, stmt);
  return job;
}

/* One attempt: TRUE when written; FALSE with no error when the row changed
 * since this process last read or wrote it (another process wrote it), or
 * when another live process drives the job and this copy is neither a
 * Cancel nor @merged with that driver's row: a driver that lost its lease,
 * caught up with the new driver's row, never writes its stale steps (nor a
 * failure of its own) over it. */
gboolean
vitrine_job_store_try_write (VitrineJobStore  *self,
                             VitrineJob       *job,
                             gboolean          merged,
                             GError          **error)
{
  static const char sql[] =
    "INSERT INTO jobs (id, provider, name, inputs, remote_id, poll_url, idempotency_key,"
    "                  state, progress, status_text, error, outputs, created, updated"
    "                  , rev, job_group)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    "         (SELECT coalesce (max (rev), 0) + 1 FROM jobs), ?19)"
    " ON CONFLICT (id) DO UPDATE SET name = ?3, job_group = ?19, inputs = ?4, remote_id = ?5, poll_url = ?6,"
    "   idempotency_key = ?7, state = ?8, progress = ?9, status_text = ?10, error = ?11,"
    "   outputs = ?12, updated = ?14, rev = (SELECT max (rev) + 1 FROM jobs)"
    "   WHERE rev IS ?15 AND (?16 OR lease_token IS NULL OR lease_token = ?17"
    "                         OR lease_heartbeat < ?18)"
    " RETURNING rev";
  const char *id = vitrine_job_get_id (job);
  gint64 known = vitrine_job_store_known_rev (self, id);
  sqlite3_stmt *stmt = NULL;
  gboolean written = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc, _("The job could not be saved"));

  bind_text (stmt, 1, id);
  bind_text (stmt, 2, vitrine_job_get_provider_id (job));
  bind_text (stmt, 3, vitrine_job_get_name (job));
  bind_json (stmt, 4, vitrine_job_inputs_to_json (job));
  bind_text (stmt, 5, vitrine_job_get_remote_id (job));
  bind_text (stmt, 6, vitrine_job_get_poll_url (job));
  bind_text (stmt, 7, vitrine_job_get_idempotency_key (job));
  bind_text (stmt, 8, vitrine_job_state_to_string (vitrine_job_get_state (job)));
  sqlite3_bind_int (stmt, 9, vitrine_job_get_progress (job));
  bind_text (stmt, 10, vitrine_job_get_status_text (job));
  bind_text (stmt, 11, vitrine_job_get_error_message (job));
  bind_json (stmt, 12, vitrine_job_outputs_to_json (job));
  sqlite3_bind_int64 (stmt, 13, vitrine_job_get_created (job));
  sqlite3_bind_int64 (stmt, 14, vitrine_job_get_updated (job));
  if (known >= 0)
    sqlite3_bind_int64 (stmt, 15, known);
  else
    sqlite3_bind_null (stmt, 15);
  sqlite3_bind_int (stmt, 16, merged || vitrine_job_get_state (job) == VITRINE_JOB_STATE_CANCELLED);
  bind_text (stmt, 17, self->token);
  sqlite3_bind_int64 (stmt, 18, g_get_real_time () / G_USEC_PER_SEC - VITRINE_JOB_STORE_LEASE_STALE_S);
  bind_text (stmt, 19, vitrine_job_get_group (job));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      written = TRUE;
      vitrine_job_store_note_row (self, job, sqlite3_column_int64 (stmt, 0));
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, _("The job could not be saved"));
  return written;
}

/* Whose state, progress and outputs survive a lost compare-and-set. */
static gboolean
vitrine_job_store_mine_wins (VitrineJobStore *self,
                             VitrineJob      *mine,
                             gboolean         was_final,
                             VitrineJob      *theirs,
                             const char      *lease_token)
{
  /* An end decided elsewhere (vitrine-cli cancel, the window's Cancel)
   * wins, which stops the render or the polling here. */
  if (vitrine_job_is_final (theirs))
    return FALSE;
  /* Final when we last read it: another process reopened it since (Retry,
   * Follow Again). */
  if (vitrine_job_is_final (mine) && was_final)
    return FALSE;
  /* The driver (the lease is ours in the row, or nobody's) keeps its own
   * fields; a Cancel decided here wins even where another process drives
   * (before its paid request left: vitrine_job_store_cancel_too_late()). */
  if (lease_token == NULL || g_str_equal (lease_token, self->token) ||
      vitrine_job_get_state (mine) == VITRINE_JOB_STATE_CANCELLED)
    return TRUE;
  /* A driver that lost its lease during a POST still brings its answer. */
  return vitrine_job_get_remote_id (mine) != NULL && vitrine_job_get_remote_id (theirs) == NULL;
}

/* Whether theirs has taken a paid step @mine had not seen: a request
 * guarded (its key), posted or answered (a remote id) since @mine was
 * read. */
static gboolean
vitrine_job_store_missed_post (VitrineJob *mine,
                               VitrineJob *theirs)
{
  const char *const have[] = {
    vitrine_job_get_idempotency_key (mine), vitrine_job_get_remote_id (mine),
    vitrine_job_get_option (mine, VITRINE_JOB_OPTION_START_POSTED),
  };
  const char *const there[] = {
    vitrine_job_get_idempotency_key (theirs), vitrine_job_get_remote_id (theirs),
    vitrine_job_get_option (theirs, VITRINE_JOB_OPTION_START_POSTED),
  };

  for (guint i = 0; i < G_N_ELEMENTS (have); i++)
    if (there[i] != NULL && have[i] == NULL)
      return TRUE;
  return FALSE;
}

/* A Cancel decided here on a copy that had not seen the paid request leave
 * (the driver posted in the second since this process read the row) must
 * not end the job: the charge is made, and a CANCELLED job's video would
 * never be fetched (a paid video is never thrown away). It becomes a cancel request,
 * which the driver carries out as any other: the provider's cancel where
 * there is one, or its refusal said, and the job goes on. */
static gboolean
vitrine_job_store_cancel_too_late (VitrineJob *mine,
                                   gboolean    was_final,
                                   VitrineJob *theirs)
{
  return vitrine_job_get_state (mine) == VITRINE_JOB_STATE_CANCELLED && !was_final &&
         !vitrine_job_is_final (theirs) && vitrine_job_is_sent (theirs) &&
         vitrine_job_store_missed_post (mine, theirs);
}

/* Merges the newer row under @stmt (JOB_COLUMNS) into @job, whose save
 * lost to it; @lease_token is the row's. TRUE when @job still has something
 * the row lacks and must be written again. */
gboolean
vitrine_job_store_merge_row (VitrineJobStore *self,
                             VitrineJob      *job,
                             sqlite3_stmt    *stmt,
                             const char      *lease_token)
{
  gboolean was_final = g_hash_table_contains (self->ended, vitrine_job_get_id (job));
  g_autoptr(VitrineJob) theirs = NULL;
  gboolean mine_wins, differs, too_late;

  theirs = g_object_new (VITRINE_TYPE_JOB, "id", vitrine_job_get_id (job),
                         "provider-id", vitrine_job_get_provider_id (job), NULL);
  /* From here on their revision is the one we know (the next write's
   * compare-and-set). */
  vitrine_job_store_apply_row (self, theirs, stmt);
  too_late = vitrine_job_store_cancel_too_late (job, was_final, theirs);
  mine_wins = !too_late && vitrine_job_store_mine_wins (self, job, was_final, theirs, lease_token);
  self->applying = TRUE;
  differs = vitrine_job_merge (job, theirs, mine_wins);
  if (too_late)
    {
      vitrine_job_set_cancel_requested (job, TRUE);
      differs = TRUE;
    }
  self->applying = FALSE;
  g_debug ("Job %s changed elsewhere (state %s there): %s", vitrine_job_get_id (job),
           vitrine_job_state_to_string (vitrine_job_get_state (theirs)),
           mine_wins ? "ours kept" : "theirs taken");
  return differs;
}

/* Another process wrote the row since we last saw it. FALSE when the merged
 * copy is the row (nothing left to write). */
static gboolean
vitrine_job_store_merge_conflict (VitrineJobStore *self,
                                  VitrineJob      *job)
{
  sqlite3_stmt *stmt;
  gboolean again = TRUE;

  if (vitrine_job_store_select_by_id (self, JOB_COLUMNS ", lease_token", vitrine_job_get_id (job),
                                      &stmt) == SQLITE_ROW)
    again = vitrine_job_store_merge_row (self, job, stmt,
                                         (const char *) sqlite3_column_text (stmt, VITRINE_JOB_STORE_N_COLUMNS));
  sqlite3_finalize (stmt);
  return again;
}

static gboolean
vitrine_job_store_write (VitrineJobStore  *self,
                         VitrineJob       *job,
                         GError          **error)
{
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (vitrine_job_store_try_write (self, job, attempt > 0, &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!vitrine_job_store_merge_conflict (self, job))
        return TRUE;
    }
  g_set_error (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_BUSY, "%s",
               _("The job kept changing in another window or program."));
  return FALSE;
}

gboolean
vitrine_job_store_save (VitrineJobStore  *self,
                        VitrineJob       *job,
                        GError          **error)
{
  g_return_val_if_fail (VITRINE_IS_JOB_STORE (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_JOB (job), FALSE);

  return vitrine_job_store_write (self, job, error);
}

/* Saves @job, or keeps it for the next refresh when the file is busy. */
static void
vitrine_job_store_save_or_defer (VitrineJobStore *self,
                                 VitrineJob      *job)
{
  g_autoptr(GError) error = NULL;

  if (vitrine_job_store_write (self, job, &error))
    {
      g_hash_table_remove (self->unsaved, vitrine_job_get_id (job));
      return;
    }
  g_message ("Job %s not saved yet: %s", vitrine_job_get_id (job), error->message);
  g_hash_table_add (self->unsaved, g_strdup (vitrine_job_get_id (job)));
  g_free (self->save_error);
  self->save_error = g_strdup (error->message);
}

static void
vitrine_job_store_job_notify_cb (VitrineJob      *job,
                                 GParamSpec      *pspec,
                                 VitrineJobStore *self)
{
  if (self->applying || g_str_equal (pspec->name, "updated"))
    return;
  vitrine_job_store_save_or_defer (self, job);
}

/* Jobs whose changes could not be saved (the file was locked) are saved
 * again; until then the copy in memory is the newest, so a refresh must
 * not overwrite them. */
static void
vitrine_job_store_save_unsaved (VitrineJobStore *self)
{
  g_autofree gpointer *ids = NULL;
  guint n;

  if (g_hash_table_size (self->unsaved) == 0)
    return;
  ids = g_hash_table_get_keys_as_array (self->unsaved, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup (ids[i]);
      VitrineJob *job = vitrine_job_store_lookup (self, id);

      if (job == NULL)
        g_hash_table_remove (self->unsaved, id);
      else
        vitrine_job_store_save_or_defer (self, job);
    }
  if (g_hash_table_size (self->unsaved) == 0)
    g_clear_pointer (&self->save_error, g_free);
}

static void
vitrine_job_store_watch (VitrineJobStore *self,
                         VitrineJob      *job)
{
  g_signal_connect_object (job, "notify", G_CALLBACK (vitrine_job_store_job_notify_cb), self, 0);
}

static void
vitrine_job_store_unwatch (VitrineJobStore *self,
                           VitrineJob      *job)
{
  g_signal_handlers_disconnect_by_func (job, vitrine_job_store_job_notify_cb, self);
}

/* Where a job created at @created goes: newest first, ties keep insertion. */
static guint
vitrine_job_store_position_for (VitrineJobStore *self,
                                gint64           created)
{
  guint lo = 0, hi = self->jobs->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (vitrine_job_get_created (g_ptr_array_index (self->jobs, mid)) > created)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Opening, migrations, recovery */

static gboolean
vitrine_job_store_migrate (sqlite3  *db,
                           GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  /* The version is read and raised inside one write transaction: two
   * processes making a new list at once (the window and vitrine-cli) both
   * read 0 outside it, and the second one's CREATE TABLE failed. */
  if (!exec_sql (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_FAILED,
                   _("The job list was written by a newer Vitrine (version %d)."), version);
      return FALSE;
    }

  for (guint v = version; v < G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *sql = g_strdup_printf ("%s PRAGMA user_version = %u;", migrations[v], v + 1);

      if (!exec_sql (db, sql, error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  if (!exec_sql (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* quick_check reads every page: garbage, a torn file or a damaged page
 * shows here, at start, rather than halfway through a job. It answers with
 * rows ("ok", or what is wrong) even when the file opens and reads. */
static gboolean
vitrine_job_store_check (sqlite3  *db,
                         GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *verdict = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, db, rc, _("The job list could not be checked"));
  if (g_strcmp0 (verdict, "ok") != 0)
    {
      g_set_error (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_CORRUPT,
                   _("The job list is damaged: %s"), verdict);
      return FALSE;
    }
  return TRUE;
}

static sqlite3 *
vitrine_job_store_open_db_once (const char  *path,
                                GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, _("The job list could not be opened"));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  if (!exec_sql (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                     " PRAGMA foreign_keys = ON;", error) ||
      !vitrine_job_store_check (db, error) ||
      !vitrine_job_store_migrate (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* Another process opening a new list at the same moment may hold it in a
 * way SQLite answers at once with "locked", past any busy timeout (the
 * switch to WAL): opening is tried again, for OPEN_WAIT_MS in all (one
 * deadline, not a long busy timeout on each try). */
static sqlite3 *
vitrine_job_store_open_db (const char  *path,
                           GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + OPEN_WAIT_MS * 1000;

  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      sqlite3 *db = vitrine_job_store_open_db_once (path, &local_error);

      if (db != NULL)
        return db;
      if (!g_error_matches (local_error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_BUSY) ||
          g_get_monotonic_time () >= deadline)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_usleep (MIN (attempt, 10) * 10 * 1000);
    }
}

static gboolean
vitrine_job_store_load (VitrineJobStore  *self,
                        GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT " JOB_COLUMNS " FROM jobs"
                                     " ORDER BY created DESC, rowid DESC", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc, _("The job list could not be read"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VitrineJob *job = vitrine_job_store_job_from_row (self, stmt);

      vitrine_job_store_watch (self, job);
      g_ptr_array_add (self->jobs, job);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, _("The job list could not be read"));
  return TRUE;
}

static gint64
vitrine_job_store_query_int (VitrineJobStore *self,
                             const char      *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean vitrine_job_store_refresh_cb (gpointer data);

static gboolean
vitrine_job_store_open (VitrineJobStore  *self,
                        const char       *path,
                        GError          **error)
{
  if (!(self->db = vitrine_job_store_open_db (path, error)) ||
      !vitrine_job_store_load (self, error))
    return FALSE;

  self->path = g_strdup (path);
  self->max_rev = vitrine_job_store_query_int (self, "SELECT coalesce (max (rev), 0) FROM jobs");
  self->data_version = vitrine_job_store_query_int (self, "PRAGMA data_version");
  self->refresh_id = g_timeout_add (REFRESH_INTERVAL_MS, vitrine_job_store_refresh_cb, self);
  g_source_set_name_by_id (self->refresh_id, "[vitrine] store refresh");
  vitrine_job_store_init_leases (self);
  return TRUE;
}

gboolean
vitrine_job_store_flush (VitrineJobStore *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB_STORE (self), FALSE);

  if (self->db == NULL || g_hash_table_size (self->unsaved) == 0)
    return TRUE;
  sqlite3_busy_timeout (self->db, FLUSH_BUSY_TIMEOUT_MS);
  vitrine_job_store_save_unsaved (self);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return g_hash_table_size (self->unsaved) == 0;
}

static void
vitrine_job_store_dispose (GObject *object)
{
  VitrineJobStore *self = (VitrineJobStore *) object;

  /* What is still unsaved would be lost with the store: a `vitrine-cli
   * wait` ends as soon as its job completes, and "completed" may be the
   * change a locked file kept in memory. */
  if (!vitrine_job_store_flush (self))
    g_warning ("%u jobs not saved: %s", g_hash_table_size (self->unsaved), self->save_error);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  vitrine_job_store_release_all (self);
  for (guint i = 0; i < self->jobs->len; i++)
    vitrine_job_store_unwatch (self, g_ptr_array_index (self->jobs, i));
  g_ptr_array_set_size (self->jobs, 0);

  G_OBJECT_CLASS (vitrine_job_store_parent_class)->dispose (object);
}

static void
vitrine_job_store_finalize (GObject *object)
{
  VitrineJobStore *self = (VitrineJobStore *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_ptr_array_unref (self->jobs);
  g_hash_table_unref (self->revs);
  g_hash_table_unref (self->ended);
  g_hash_table_unref (self->leases);
  g_hash_table_unref (self->unsaved);
  g_free (self->path);
  g_free (self->problem);
  g_free (self->save_error);
  g_free (self->token);
  g_free (self->pidns);
  G_OBJECT_CLASS (vitrine_job_store_parent_class)->finalize (object);
}

static void
vitrine_job_store_class_init (VitrineJobStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_job_store_dispose;
  object_class->finalize = vitrine_job_store_finalize;

  /**
   * VitrineJobStore::lease-lost:
   * @job: the job another process drives now
   *
   * This process drove @job and another took its lease over (this one was
   * stopped, or frozen, past the lease's expiry): stop driving it.
   */
  signals[LEASE_LOST] =
    g_signal_new ("lease-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, VITRINE_TYPE_JOB);
}

void
vitrine_job_store_emit_lease_lost (VitrineJobStore *self,
                                   VitrineJob      *job)
{
  g_signal_emit (self, signals[LEASE_LOST], 0, job);
}

static void
vitrine_job_store_init (VitrineJobStore *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->revs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->leases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unsaved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

VitrineJobStore *
vitrine_job_store_new_for_path (const char  *path,
                                GError     **error)
{
  g_autoptr(VitrineJobStore) self = g_object_new (VITRINE_TYPE_JOB_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  if (!vitrine_job_store_open (self, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

VitrineJobStore *
vitrine_job_store_new_in_memory (void)
{
  VitrineJobStore *self = g_object_new (VITRINE_TYPE_JOB_STORE, NULL);
  g_autoptr(GError) error = NULL;

  if (!vitrine_job_store_open (self, ":memory:", &error))
    g_error ("SQLite in memory: %s", error->message);
  return self;
}

char *
vitrine_job_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "vitrine", "jobs.db", NULL);
}

static gboolean
is_corruption (const GError *error)
{
  /* SQLITE_CORRUPT, SQLITE_NOTADB and a quick_check that found damage. */
  return g_error_matches (error, VITRINE_STORE_ERROR, VITRINE_STORE_ERROR_CORRUPT);
}

VitrineJobStore *
vitrine_job_store_new_default (void)
{
  g_autofree char *path = vitrine_job_store_default_path ();
  g_autoptr(GError) error = NULL;
  VitrineJobStore *self;

  if ((self = vitrine_job_store_new_for_path (path, &error)) != NULL)
    return self;

  if (is_corruption (error))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *aside = g_strdup_printf ("%s.corrupt-%s", path, stamp);
      g_autoptr(GError) retry_error = NULL;

      g_message ("%s is damaged (%s); moving it aside as %s", path, error->message, aside);
      if (g_rename (path, aside) == 0)
        {
          g_autofree char *wal = g_strconcat (path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (path, "-shm", NULL);
          g_autofree char *wal_aside = g_strconcat (aside, "-wal", NULL);

          g_rename (wal, wal_aside);
          g_unlink (shm);
          if ((self = vitrine_job_store_new_for_path (path, &retry_error)) != NULL)
            {
              self->problem = g_strdup_printf (_("The job list was damaged. It was kept as %s "
                                                 "and a new one was started."), aside);
              return self;
            }
          g_clear_error (&error);
          error = g_steal_pointer (&retry_error);
        }
    }

  /* Never refuse to start: keep jobs in memory and say so. */
  g_message ("Job list unavailable: %s", error->message);
  self = vitrine_job_store_new_in_memory ();
  self->problem = g_strdup_printf (_("Jobs cannot be saved (%s). They will be lost when "
                                     "Vitrine closes."), error->message);
  return self;
}

const char *
vitrine_job_store_get_path (VitrineJobStore *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB_STORE (self), NULL);
  return self->path;
}

/**
 * vitrine_job_store_get_problem:
 *
 * Returns: (nullable): what went wrong with the job list, for a person.
 */
const char *
vitrine_job_store_get_problem (VitrineJobStore *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB_STORE (self), NULL);
  return self->save_error != NULL ? self->save_error : self->problem;
}

/* The copies are in place (the job saved by its notify), or not. */
static void
vitrine_job_store_kept_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(VitrineJobStore) self = user_data;
  VitrineJob *job = VITRINE_JOB (object);
  const char *id = vitrine_job_get_id (job);
  g_autoptr(GError) error = NULL;

  self->keeping--;
  if (!vitrine_photo_keep_finish (job, result, &error))
    g_warning ("Photos of job %s not kept: %s", id, error->message);
  /* Removed while its photos were copied: the copies go too. */
  if (vitrine_job_store_lookup (self, id) != job)
    vitrine_photo_keep_delete (id);
}

/* Both the window and vitrine-cli create jobs through here, so this is
 * where a job's photos lent by the document portal get a copy of their own
 * (see vitrine-photo-keep.h): the job is saved and driven at once, from the
 * portal's paths, which answer as long as this process runs; the copies'
 * paths replace them when they are made, before any restart needs them. */
void
vitrine_job_store_add (VitrineJobStore *self,
                       VitrineJob      *job)
{
  guint position;

  g_return_if_fail (VITRINE_IS_JOB_STORE (self));
  g_return_if_fail (VITRINE_IS_JOB (job));
  g_return_if_fail (vitrine_job_store_lookup (self, vitrine_job_get_id (job)) == NULL);

  vitrine_job_store_save_or_defer (self, job);
  position = vitrine_job_store_position_for (self, vitrine_job_get_created (job));
  g_ptr_array_insert (self->jobs, position, g_object_ref (job));
  vitrine_job_store_watch (self, job);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);

  if (vitrine_photo_keep_needed (job))
    {
      self->keeping++;
      vitrine_photo_keep_async (job, NULL, vitrine_job_store_kept_cb, g_object_ref (self));
    }
}

gboolean
vitrine_job_store_is_keeping (VitrineJobStore *self)
{
  g_return_val_if_fail (VITRINE_IS_JOB_STORE (self), FALSE);
  return self->keeping > 0;
}

static void
vitrine_job_store_forget (VitrineJobStore *self,
                          guint            position)
{
  VitrineJob *job = g_ptr_array_index (self->jobs, position);

  vitrine_job_store_unwatch (self, job);
  g_hash_table_remove (self->revs, vitrine_job_get_id (job));
  g_hash_table_remove (self->ended, vitrine_job_get_id (job));
  g_hash_table_remove (self->leases, vitrine_job_get_id (job));
  g_ptr_array_remove_index (self->jobs, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

void
vitrine_job_store_remove (VitrineJobStore *self,
                          VitrineJob      *job)
{
  sqlite3_stmt *stmt = NULL;
  guint position;

  g_return_if_fail (VITRINE_IS_JOB_STORE (self));
  g_return_if_fail (VITRINE_IS_JOB (job));

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM jobs WHERE id = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      bind_text (stmt, 1, vitrine_job_get_id (job));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_warning ("Job %s not removed: %s", vitrine_job_get_id (job), sqlite3_errmsg (self->db));
    }
  sqlite3_finalize (stmt);
  /* Its own copies of the photos the portal lent it (none for most jobs). */
  vitrine_photo_keep_delete (vitrine_job_get_id (job));

  if (g_ptr_array_find (self->jobs, job, &position))
    vitrine_job_store_forget (self, position);
}

/**
 * vitrine_job_store_lookup:
 *
 * Returns: (transfer none) (nullable): the job with @id.
 */
VitrineJob *
vitrine_job_store_lookup (VitrineJobStore *self,
                          const char      *id)
{
  g_return_val_if_fail (VITRINE_IS_JOB_STORE (self), NULL);

  for (guint i = 0; id != NULL && i < self->jobs->len; i++)
    {
      VitrineJob *job = g_ptr_array_index (self->jobs, i);

      if (g_str_equal (vitrine_job_get_id (job), id))
        return job;
    }
  return NULL;
}

/* Other processes */

/* Copies the row under @stmt into its job, or adds the job it describes. */
static void
vitrine_job_store_apply_or_add (VitrineJobStore *self,
                                sqlite3_stmt    *stmt)
{
  VitrineJob *job = vitrine_job_store_lookup (self, (const char *) sqlite3_column_text (stmt, 0));

  if (job != NULL)
    vitrine_job_store_apply_row (self, job, stmt);
  else
    {
      g_autoptr(VitrineJob) added = vitrine_job_store_job_from_row (self, stmt);
      guint position = vitrine_job_store_position_for (self, vitrine_job_get_created (added));

      g_ptr_array_insert (self->jobs, position, g_object_ref (added));
      vitrine_job_store_watch (self, added);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
    }
}

static void
vitrine_job_store_forget_removed (VitrineJobStore *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT id FROM jobs", -1, &stmt, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (present, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = self->jobs->len; i > 0; i--)
    {
      VitrineJob *job = g_ptr_array_index (self->jobs, i - 1);

      if (!g_hash_table_contains (present, vitrine_job_get_id (job)))
        vitrine_job_store_forget (self, i - 1);
    }
}

void
vitrine_job_store_refresh (VitrineJobStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version;

  g_return_if_fail (VITRINE_IS_JOB_STORE (self));

  vitrine_job_store_save_unsaved (self);
  version = vitrine_job_store_query_int (self, "PRAGMA data_version");
  if (version == self->data_version)
    return;
  self->data_version = version;

  /* Rows written since the last refresh, ours excepted. */
  if (sqlite3_prepare_v2 (self->db, "SELECT " JOB_COLUMNS " FROM jobs WHERE rev > ?1 ORDER BY rev",
                          -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, self->max_rev);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      gint64 rev = sqlite3_column_int64 (stmt, 14);

      self->max_rev = MAX (self->max_rev, rev);
      if (g_hash_table_contains (self->unsaved, id) || vitrine_job_store_known_rev (self, id) == rev)
        continue;
      vitrine_job_store_apply_or_add (self, stmt);
    }
  sqlite3_finalize (stmt);

  /* Rows another process removed. */
  if (vitrine_job_store_query_int (self, "SELECT count (*) FROM jobs") != (gint64) self->jobs->len)
    vitrine_job_store_forget_removed (self);
}

static gboolean
vitrine_job_store_refresh_cb (gpointer data)
{
  vitrine_job_store_refresh (VITRINE_JOB_STORE (data));
  return G_SOURCE_CONTINUE;
}

/* Reads @job's row again, whatever this process knew of it. FALSE when the
 * row is gone. */
gboolean
vitrine_job_store_reload (VitrineJobStore *self,
                          VitrineJob      *job)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (vitrine_job_store_select_by_id (self, JOB_COLUMNS, vitrine_job_get_id (job),
                                      &stmt) == SQLITE_ROW)
    {
      found = TRUE;
      vitrine_job_store_apply_row (self, job, stmt);
      g_hash_table_remove (self->unsaved, vitrine_job_get_id (job));
    }
  sqlite3_finalize (stmt);
  return found;
}
