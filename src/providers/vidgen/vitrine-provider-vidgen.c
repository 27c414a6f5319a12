/* vitrine-provider-vidgen.c: VidGen, a video from one image and one audio file
 *
 * POST /api/jobs (multipart: "image", the job's cover photo prepared as a
 * JPEG, and "audio", its music as mp3/wav/m4a/ogg, converted first when it
 * is anything else; both streamed from the files) answers {"jobId"}; GET
 * /api/status/{jobId} is polled until COMPLETED (outputVideo downloaded,
 * outputShareLink kept as the job option "share_url"), FAILED or CANCELLED.
 * The key travels in X-API-Key; the address is the agent's own
 * ($VITRINE_VIDGEN_URL or the setting "vidgen-url"; there is no default).
 *
 * One job per key at a time: a 409 to the POST puts the job back in QUEUED,
 * "Waiting for your previous VidGen job", until the slot is free (see
 * one_active_job in vitrine-remote-provider.h). A job lost between its POST and the
 * answer (a crash, a reset) is looked for in GET /api/jobs: VidGen takes
 * no idempotency key, but the newest job it created just after our POST,
 * that no other job of ours holds, is ours.
 *
 * RateLimit-* and Retry-After are honoured by the HTTP layer; a 429 on the
 * POST started nothing and the job is sent again after the backoff. 413
 * and 415 are prevented (the photo is a JPEG far under 50 MB, the music a
 * type VidGen takes, its size checked before the upload); if VidGen still
 * answers them, the job fails with its message.
 *
 * Assumptions, where the reference is silent:
 * - the health probe is GET /health (it gives no path), answering 200
 *   {"status": "ok"};
 * - cancel is POST /api/jobs/{jobId}/cancel (it gives no path), answering
 *   {"success": true} while PENDING and 409 once a worker has the job;
 * - a job lost between its POST and the answer was created at most two
 *   minutes after the POST left, read on VidGen's own clock (the Date of
 *   its answers says how far it is from ours; without one, a minute
 *   before is allowed too), and had not ended before the POST left. With
 *   one active job per key, a job of another client that was still
 *   running then would have refused ours (409): one that ended before
 *   cannot be ours.
 * Webhooks are not used: a desktop application has no public https address
 * for VidGen to call, so "webhookUrl" is never sent, and the job is polled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-provider-vidgen.h"

#define POLL_INTERVAL_MS 3000
/* The reference gives no figure: an assumption, an hour. */
#define TIMEOUT_MINUTES 60
#define POLL_PATH "/api/status"
#define RECOVER_BEFORE_S 60         /* clocks that may disagree */
#define RECOVER_BEFORE_DATED_S 5    /* VidGen's clock known: a Date is to the second */
#define RECOVER_AFTER_S 120
#define PAGE_SIZE 20
/* The API's default page. A server whose cursors never end is not followed for ever. */
#define MAX_PAGES 1000

static const char * const audio_types[] = { "audio/mpeg", "audio/wav", "audio/mp4", "audio/ogg", NULL };

static gboolean
vitrine_provider_vidgen_validate (VitrineRemoteProvider  *provider,
                                  VitrineJob             *job,
                                  GError                **error)
{
  const char *music = vitrine_job_get_music (job);

  if (music == NULL || *music == '\0')
    {
      g_set_error_literal (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                           _("VidGen makes its video from a photo and a sound: choose a music or "
                             "a voice-over for this job."));
      return FALSE;
    }
  return TRUE;
}

static char *
vitrine_provider_vidgen_estimate_cost (VitrineRemoteProvider *provider,
                                       VitrineJob            *job)
{
  return g_strdup (_("One VidGen job on your account"));
}

static void
vitrine_provider_vidgen_add_auth (VitrineHttpRequest *request,
                                  const char         *api_key)
{
  vitrine_http_request_add_secret_header (request, "X-API-Key", api_key);
}

/* The two files, with their types; no webhookUrl. */
static void
vitrine_provider_vidgen_build_request (VitrineHttpRequest       *request,
                                       VitrineJob               *job,
                                       const VitrineRemoteMedia *media)
{
  g_autofree char *audio_name = g_path_get_basename (media->music);

  vitrine_http_request_add_form_file (request, "image", g_ptr_array_index (media->photos, 0),
                                      "cover.jpg", "image/jpeg");
  vitrine_http_request_add_form_file (request, "audio", media->music, audio_name,
                                      media->music_type);
}

/* GET /api/jobs ---------------------------------------------------------------- */

typedef struct {
  GPtrArray *jobs;   /* VitrineRemoteListedJob * */
  char      *next;
} Page;

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->jobs);
  g_free (page->next);
  g_free (page);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  Page *page;

  if (!(body = vitrine_remote_provider_get_finish (VITRINE_REMOTE_PROVIDER (object), result,
                                                   &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  page = g_new0 (Page, 1);
  page->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_remote_listed_job_free);
  if (!vitrine_vidgen_parse_page (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  page->jobs, &page->next, &error))
    {
      page_free (page);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, page, (GDestroyNotify) page_free);
}

/* One page of the account's jobs, newest first: @status (NULL: all), from
 * @cursor (NULL: the first page). */
static void
list_jobs_async (VitrineRemoteProvider *self,
                 const char            *status,
                 guint                  limit,
                 const char            *cursor,
                 GCancellable          *cancellable,
                 GAsyncReadyCallback    callback,
                 gpointer               user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GString) path = g_string_new ("/api/jobs");

  g_string_append_printf (path, "?limit=%u", limit);
  if (status != NULL)
    g_string_append_printf (path, "&status=%s", status);
  if (cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);

      g_string_append_printf (path, "&cursor=%s", escaped);
    }
  g_task_set_source_tag (task, list_jobs_async);
  vitrine_remote_provider_get_async (self, path->str, TRUE, cancellable, listed_cb, task);
}

static Page *
list_jobs_finish (GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* One job at a time: is the account idle? ---------------------------------------- */

static void
idle_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Page *page;
  GError *error = NULL;
  gboolean *asked_processing = g_task_get_task_data (task);
  GCancellable *cancellable;

  if (!(page = list_jobs_finish (result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (page->jobs->len > 0 || *asked_processing)
    {
      g_task_return_boolean (task, page->jobs->len == 0);
      page_free (page);
      return;
    }
  page_free (page);
  *asked_processing = TRUE;
  cancellable = g_task_get_cancellable (task);
  list_jobs_async (VITRINE_REMOTE_PROVIDER (object), "PROCESSING", 1, NULL, cancellable,
                   idle_listed_cb, g_steal_pointer (&task));
}

/* Idle when neither PENDING nor PROCESSING lists a job. */
static void
vitrine_provider_vidgen_check_idle (VitrineRemoteProvider *self,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, vitrine_provider_vidgen_check_idle);
  g_task_set_task_data (task, g_new0 (gboolean, 1), g_free);
  list_jobs_async (self, "PENDING", 1, NULL, cancellable, idle_listed_cb, task);
}

/* A lost start ------------------------------------------------------------------ */

static void
recover_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  VitrineJob *job = g_task_get_task_data (task);
  VitrineJobStore *store = vitrine_remote_job_get_store (self, job);
  g_autofree char *base_url = vitrine_remote_provider_dup_base_url (self);
  gint64 at = g_ascii_strtoll (vitrine_job_get_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT),
                               NULL, 10);
  gint64 offset = 0, before = RECOVER_BEFORE_S;
  GError *error = NULL;
  Page *page;

  if (!(page = list_jobs_finish (result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  /* When the POST left, on VidGen's clock. */
  if (vitrine_http_get_clock_offset (vitrine_http_get_default (), base_url, &offset))
    before = RECOVER_BEFORE_DATED_S;
  at += offset;
  /* Newest first: the first one in the window that is nobody else's. */
  for (guint i = 0; i < page->jobs->len; i++)
    {
      VitrineRemoteListedJob *listed = g_ptr_array_index (page->jobs, i);
      VitrineRemoteStart start = { .outcome = VITRINE_REMOTE_STARTED, .remote_id = listed->id,
                                   .status_text = listed->status.status_text };
      gboolean ended_before = vitrine_job_state_is_final (listed->status.state) &&
                              listed->updated > 0 && listed->updated < at - before;

      if (listed->created < at - before || listed->created > at + RECOVER_AFTER_S || ended_before ||
          vitrine_remote_find_job (store, "vidgen", listed->id, job) != NULL)
        continue;
      g_debug ("Job %s found at VidGen as %s", vitrine_job_get_id (job), listed->id);
      vitrine_remote_provider_apply_start (self, job, &start, NULL);
      break;
    }
  page_free (page);
  g_task_return_boolean (task, TRUE);
}

static void
vitrine_provider_vidgen_recover (VitrineRemoteProvider *self,
                                 GTask                 *task,
                                 const char            *api_key)
{
  list_jobs_async (self, NULL, 20, NULL, g_task_get_cancellable (task), recover_listed_cb, task);
}

/* Cancel ------------------------------------------------------------------------ */

static void
cancel_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineJob *job = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if ((body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, &error)))
    {
      g_autoptr(JsonNode) root = vitrine_remote_parse_json (g_bytes_get_data (body, NULL),
                                                            g_bytes_get_size (body), NULL);
      JsonObject *o = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ?
                      json_node_get_object (root) : NULL;

      /* The reference's answer is {"success": true, "message": …}: anything
       * else did not cancel it, and the job is followed as before. */
      if (o == NULL || !json_object_get_boolean_member_with_default (o, "success", FALSE))
        {
          const char *said = o != NULL ? vitrine_remote_get_string (o, "message") : NULL;

          g_task_return_new_error (task, VITRINE_PROVIDER_ERROR,
                                   VITRINE_PROVIDER_ERROR_REMOTE_FAILED,
                                   _("VidGen did not cancel the job (%s); Vitrine keeps "
                                     "following it."), said != NULL ? said : _("no reason given"));
          return;
        }
      vitrine_job_set_status_text (job, "CANCELLED");
      vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
      g_task_return_boolean (task, TRUE);
    }
  else if (vitrine_http_error_get_status (error) == 409)
    g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_BUSY,
                             _("The job has already started; VidGen cannot stop it now"));
  else
    g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_REMOTE_FAILED,
                             _("VidGen did not cancel the job: %s"), error->message);
}

/* Only while PENDING: VidGen answers 409 once a worker has the job. */
static void
vitrine_provider_vidgen_cancel (VitrineRemoteProvider *self,
                                GTask                 *task,
                                const char            *api_key)
{
  VitrineJob *job = g_task_get_task_data (task);
  g_autofree char *escaped = g_uri_escape_string (vitrine_job_get_remote_id (job), NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/jobs/%s/cancel", escaped);
  g_autoptr(VitrineHttpRequest) request =
    vitrine_remote_provider_new_request (self, "POST", path, api_key, job, NULL);

  /* Asking twice cancels once. */
  vitrine_http_request_set_idempotent (request, TRUE);
  vitrine_http_send_async (vitrine_http_get_default (), request, g_task_get_cancellable (task),
                           cancel_sent_cb, task);
}

static const VitrineRemoteProviderInfo vidgen_info = {
  .id = "vidgen", .display_name = "VidGen", .default_url = NULL,
  /* The video takes the image's own shape: the job's ratio is not sent,
   * the cover is cropped to it (its declaration's crop_photos). */
  .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1,
  .inputs = VITRINE_REMOTE_INPUT_MUSIC,
  .sends_files = TRUE, .cover_only = TRUE,
  .audio_types = audio_types, .max_file_size = VITRINE_VIDGEN_MAX_FILE_SIZE,
  .poll_interval_ms = POLL_INTERVAL_MS, .timeout_minutes = TIMEOUT_MINUTES,
  .failure_format = N_("VidGen could not make the video: %s"),
  .submit_path = "/api/jobs", .poll_path = POLL_PATH, .replies = &vitrine_vidgen_replies,
  .validate = vitrine_provider_vidgen_validate,
  .estimate_cost = vitrine_provider_vidgen_estimate_cost,
  .add_auth = vitrine_provider_vidgen_add_auth,
  .build_request = vitrine_provider_vidgen_build_request,
  .one_active_job = TRUE, .check_idle = vitrine_provider_vidgen_check_idle,
  .recover = vitrine_provider_vidgen_recover,
  .cancel = vitrine_provider_vidgen_cancel,
};

VITRINE_DEFINE_REMOTE_PROVIDER (VitrineProviderVidgen, vitrine_provider_vidgen, &vidgen_info)

/* Health -------------------------------------------------------------------------- */

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  const char *status = NULL;

  if (!(body = vitrine_remote_provider_get_finish (VITRINE_REMOTE_PROVIDER (object), result,
                                                   &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  root = vitrine_remote_parse_json (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    status = vitrine_remote_get_string (json_node_get_object (root), "status");
  if (g_strcmp0 (status, "ok") == 0)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_PROTOCOL,
                             _("This address answers, but not as VidGen does (no “status”: "
                               "“ok”)."));
}

void
vitrine_provider_vidgen_check_health_async (VitrineProviderVidgen *self,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (VITRINE_IS_PROVIDER_VIDGEN (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_provider_vidgen_check_health_async);
  /* "No authentication required." */
  vitrine_remote_provider_get_async (VITRINE_REMOTE_PROVIDER (self), "/health", FALSE, cancellable,
                                     health_cb, task);
}

gboolean
vitrine_provider_vidgen_check_health_finish (VitrineProviderVidgen  *self,
                                             GAsyncResult           *result,
                                             GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Import --------------------------------------------------------------------------- */

typedef struct {
  VitrineJobStore *store;
  GPtrArray       *found;   /* VitrineRemoteListedJob *, newest first */
  guint            pages;
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->store);
  g_ptr_array_unref (import->found);
  g_free (import);
}

/* A job of the history for @listed, as VidGen last described it. */
static VitrineJob *
imported_job (VitrineRemoteProvider  *self,
              VitrineRemoteListedJob *listed)
{
  /* Dated when VidGen made it, not when it was imported (the list put a
   * days-old video above the newest ones). */
  VitrineJob *job = g_object_new (VITRINE_TYPE_JOB, "provider-id", "vidgen",
                                  "created", MAX (listed->created, 0), NULL);
  VitrineRemoteStart start = { .outcome = VITRINE_REMOTE_STARTED, .remote_id = listed->id,
                               .status_text = listed->status.status_text };
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (listed->created);
  g_autofree char *when = created != NULL ? g_date_time_format (created, "%x %X") : NULL;
  /* TRANSLATORS: the name of a job imported from VidGen, with its date */
  g_autofree char *name = g_strdup_printf (_("VidGen job of %s"), when != NULL ? when : listed->id);

  vitrine_job_set_name (job, name);
  vitrine_remote_provider_apply_start (self, job, &start, NULL);
  if (listed->status.share_url != NULL)
    vitrine_job_set_option (job, VITRINE_JOB_OPTION_SHARE_URL, listed->status.share_url);
  switch (listed->status.state)
    {
    case VITRINE_JOB_STATE_COMPLETED:
      /* Its address only: downloading a whole history is the agent's call. */
      vitrine_job_add_output (job, _("Video"), g_ptr_array_index (listed->status.videos, 0), NULL);
      vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
      break;
    case VITRINE_JOB_STATE_FAILED:
      {
        g_autofree char *message = vitrine_remote_provider_describe_failure (self,
                                                                             listed->status.error);

        vitrine_job_fail (job, message);
      }
      break;
    default:
      /* Running: the monitor follows it from here. */
      vitrine_job_set_state (job, listed->status.state);
      break;
    }
  return job;
}

static void
import_page_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  Import *import = g_task_get_task_data (task);
  GError *error = NULL;
  Page *page;
  guint added = 0;

  if (!(page = list_jobs_finish (result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  while (page->jobs->len > 0)
    {
      VitrineRemoteListedJob *listed = g_ptr_array_steal_index (page->jobs, 0);

      if (vitrine_remote_find_job (import->store, "vidgen", listed->id, NULL) != NULL)
        vitrine_remote_listed_job_free (listed);
      else
        g_ptr_array_add (import->found, listed);
    }
  if (page->next != NULL && ++import->pages < MAX_PAGES)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      list_jobs_async (self, NULL, PAGE_SIZE, page->next, cancellable, import_page_cb,
                       g_steal_pointer (&task));
      page_free (page);
      return;
    }
  page_free (page);

  /* Oldest first, so that the history keeps its order (newest on top). */
  for (guint i = import->found->len; i > 0; i--)
    {
      VitrineRemoteListedJob *listed = g_ptr_array_index (import->found, i - 1);
      g_autoptr(VitrineJob) job = NULL;

      /* Listed twice (a job that moved between two pages). */
      if (vitrine_remote_find_job (import->store, "vidgen", listed->id, NULL) != NULL)
        continue;
      job = imported_job (self, listed);
      vitrine_job_store_add (import->store, job);
      added++;
    }
  g_task_return_int (task, added);
}

void
vitrine_provider_vidgen_import_async (VitrineProviderVidgen *self,
                                      VitrineJobStore       *store,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data)
{
  GTask *task;
  Import *import;

  g_return_if_fail (VITRINE_IS_PROVIDER_VIDGEN (self));
  g_return_if_fail (VITRINE_IS_JOB_STORE (store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_provider_vidgen_import_async);
  import = g_new0 (Import, 1);
  import->store = g_object_ref (store);
  import->found = g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_remote_listed_job_free);
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  list_jobs_async (VITRINE_REMOTE_PROVIDER (self), NULL, PAGE_SIZE, NULL, cancellable,
                   import_page_cb, task);
}

gboolean
vitrine_provider_vidgen_import_finish (VitrineProviderVidgen  *self,
                                       GAsyncResult           *result,
                                       guint                  *n_imported,
                                       GError                **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_imported != NULL)
    *n_imported = (guint) n;
  return TRUE;
}
