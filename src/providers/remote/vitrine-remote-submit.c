/* vitrine-remote-submit.c: a submit: key, photos prepared, files uploaded, the start
 *
 * A submit: key → photos prepared (PREPARING) → local files uploaded to
 * the media host (UPLOADING) → the start (vitrine-remote-post.c) → the job
 * SUBMITTED.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vitrine-audio-prep.h"
#include "vitrine-card-still.h"
#include "vitrine-media-host.h"
#include "vitrine-photo-prep.h"
#include "vitrine-remote-private.h"

/* A step before the POST failed: nothing was sent, so a transient fault
 * puts the job back in QUEUED for the monitor to try again. */
static void
submit_return_error (GTask  *task,
                     GError *error)
{
  if (vitrine_remote_make_busy (TASK_SELF (task), &error))
    vitrine_job_set_state (TASK_OP (task)->job, VITRINE_JOB_STATE_QUEUED);
  g_task_return_error (task, error);
}

static void
submit_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (object);
  VitrineJob *job = TASK_OP (task)->job;
  GError *error = NULL;

  if (!vitrine_remote_send_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (vitrine_job_is_finished (job) || vitrine_job_get_state (job) == VITRINE_JOB_STATE_QUEUED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  vitrine_job_begin_step (job, VITRINE_JOB_STATE_SUBMITTED);
  g_task_return_boolean (task, TRUE);
}

/* Files the provider would refuse for their size (413): said before the
 * upload. FALSE when @job was ended. */
static gboolean
check_sizes (VitrineRemoteProvider *self,
             VitrineRemoteOp                    *op)
{
  guint64 max = INFO (self)->max_file_size;

  for (guint i = 0; max > 0 && i <= op->media.photos->len; i++)
    {
      const char *path = i < op->media.photos->len ? g_ptr_array_index (op->media.photos, i)
                                                   : op->media.music;
      GStatBuf st;

      if (path == NULL || vitrine_is_web_url (path) || g_stat (path, &st) != 0 ||
          (guint64) st.st_size <= max)
        continue;
      {
        g_autofree char *name = g_path_get_basename (path);
        g_autofree char *limit = g_format_size (max);
        g_autofree char *size = g_format_size (st.st_size);
        /* Sizes in the locale's own way: "50,0 MB" in German. */
        g_autofree char *message =
          g_strdup_printf (_("%s takes files of at most %s, and “%s” is %s even after "
                             "Vitrine made it smaller. Choose a shorter music or another "
                             "photo."), INFO (self)->display_name, limit, name, size);

        vitrine_job_fail (op->job, message);
        return FALSE;
      }
    }
  return TRUE;
}

static void
submit_send (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  g_autofree char *sending = g_strdup_printf (_("Sending to %s…"), INFO (self)->display_name);

  if (INFO (self)->sends_files && !check_sizes (self, op))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (INFO (self)->one_active_job && vitrine_remote_own_job_running (self, op->job))
    {
      /* Another of Vitrine's jobs holds the provider's one slot: no POST
       * that would only be refused. */
      vitrine_remote_slot_wait (self, op->job, task);
      return;
    }

  /* The paid-POST rule: the job is out of QUEUED already (PREPARING or
   * UPLOADING); right before each POST, vitrine_remote_before_post_async()
   * commits its key and "about to POST" mark durably. A restart that finds
   * them without a remote id never sends it again (vitrine-job-monitor.c). */
  g_assert (vitrine_job_get_state (op->job) != VITRINE_JOB_STATE_QUEUED);
  vitrine_job_ensure_idempotency_key (op->job);
  vitrine_job_set_status_text (op->job, sending);
  op->media.api_key = op->api_key;
  vitrine_remote_send_async (self, op->job, &op->media,
                                g_task_get_cancellable (task), submit_sent_cb, task);
}

/* What the upload to the bucket is of the whole upload, in percent: all
 * of it, unless the provider is sent the photos themselves next (then the
 * upload's progress goes on from here, instead of going back to 0). */
static guint
upload_share (VitrineRemoteProvider *self,
              VitrineRemoteOp       *op)
{
  guint after = GET_CLASS (self)->capabilities.needs_urls ? 0 : op->media.photos->len;

  return 100 * op->pending->len / (op->pending->len + after);
}

/* Local files become URLs the provider can fetch: uploaded to the agent's
 * bucket, handed on as presigned links. */
static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  GError *error = NULL;
  g_auto(GStrv) urls = vitrine_media_host_upload_finish (VITRINE_MEDIA_HOST (object), result,
                                                         &error);

  if (urls == NULL)
    {
      if (g_error_matches (error, VITRINE_MEDIA_HOST_ERROR, VITRINE_MEDIA_HOST_ERROR_UNREACHABLE))
        {
          /* Nothing was sent to the provider: QUEUED again, tried later,
           * and why is said (it went round "Queued", "Uploading" with no
           * word of the media host). */
          GError *busy = vitrine_remote_busy_error (self, error);
          g_autofree char *reason =
            g_strdup_printf (_("The media host could not be reached (%s). Vitrine tries again; if "
                               "this lasts, check Preferences, Media host."), error->message);

          g_error_free (error);
          vitrine_job_pause (op->job, reason);
          g_task_return_error (task, busy);
          return;
        }
      g_task_return_error (task, error);
      return;
    }
  /* Reached: a pause it made is over. */
  vitrine_job_set_attention (op->job, NULL);
  for (guint i = 0; i < op->pending->len && urls[i] != NULL; i++)
    {
      char **slot = g_ptr_array_index (op->pending, i);

      g_free (*slot);
      *slot = g_steal_pointer (&urls[i]);
    }
  vitrine_job_set_progress (op->job, upload_share (self, op));
  submit_send (g_steal_pointer (&task));
}

typedef struct {
  VitrineJob *job;
  guint       share;
} UploadProgress;

static void
upload_progress_free (UploadProgress *progress)
{
  g_object_unref (progress->job);
  g_free (progress);
}

static void
upload_progress_cb (guint    done,
                    guint    total,
                    guint64  bytes,
                    gpointer user_data)
{
  UploadProgress *progress = user_data;

  vitrine_job_set_progress (progress->job, total > 0 ? done * progress->share / total : 0);
}

/* The object name of a local file: "photo-01.jpg", "music.mp3"… */
static char *
upload_name (const char *kind,
             guint       number,
             const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *ext = dot != NULL && strchr (dot, '/') == NULL ? dot : "";

  if (number > 0)
    return g_strdup_printf ("%s-%02u%s", kind, number, ext);
  return g_strconcat (kind, ext, NULL);
}

static void
host_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  g_autoptr(VitrineMediaHost) host = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  UploadProgress *progress;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!(host = vitrine_media_host_new_from_settings_finish (result, &error)))
    {
      g_autofree char *message =
        /* photos, or only the music, a logo or the end card image */
        g_strdup_printf (_("%s fetches the photos, music and images it is given from the web, "
                           "and some are on this computer: %s"),
                         INFO (self)->display_name, error->message);

      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      g_error_free (error);
      return;
    }

  for (guint i = 0; i < op->pending->len; i++)
    {
      char **slot = g_ptr_array_index (op->pending, i);
      const char *kind = slot == &op->media.music ? "music" :
                         slot == &op->media.logo ? "logo" :
                         slot == &op->media.outro ? "outro" : "photo";

      g_ptr_array_add (files, *slot);
      g_ptr_array_add (names, upload_name (kind, g_str_equal (kind, "photo") ? i + 1 : 0, *slot));
    }
  g_ptr_array_add (files, NULL);
  g_ptr_array_add (names, NULL);
  progress = g_new0 (UploadProgress, 1);
  progress->job = g_object_ref (op->job);
  progress->share = upload_share (self, op);
  cancellable = g_task_get_cancellable (task);
  vitrine_media_host_upload_async (host, vitrine_job_get_id (op->job),
                                   (const char * const *) files->pdata,
                                   (const char * const *) names->pdata,
                                   upload_progress_cb, progress,
                                   (GDestroyNotify) upload_progress_free,
                                   cancellable, upload_cb, g_steal_pointer (&task));
}

/* Whether a file of this computer of the kind @flag (0: a photo) must
 * become a URL on the media host. */
static gboolean
travels_as_url (VitrineRemoteProvider *self,
                VitrineRemoteInputs    flag)
{
  return GET_CLASS (self)->capabilities.needs_urls || (INFO (self)->url_inputs & flag) != 0;
}

/* Whether @value (a path or a URL) is a file of this computer. */
static gboolean
is_local (const char *value)
{
  return value != NULL && *value != '\0' && !vitrine_is_web_url (value);
}

static gboolean
goes_to_host (VitrineRemoteProvider *self,
              VitrineRemoteInputs    flag,
              const char            *value)
{
  return is_local (value) && travels_as_url (self, flag);
}

/* Which inputs still are local files that must become URLs. */
static void
submit_collect (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  const struct {
    char                **slot;
    VitrineRemoteInputs   flag;
  } extras[] = {
    { &op->media.music, VITRINE_REMOTE_INPUT_MUSIC },
    { &op->media.logo, VITRINE_REMOTE_INPUT_LOGO },
    { &op->media.outro, VITRINE_REMOTE_INPUT_OUTRO },
  };

  op->pending = g_ptr_array_new ();
  for (guint i = 0; i < op->media.photos->len; i++)
    {
      char **slot = (char **) &g_ptr_array_index (op->media.photos, i);

      if (goes_to_host (self, 0, *slot))
        g_ptr_array_add (op->pending, slot);
    }
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    if (goes_to_host (self, extras[i].flag, *extras[i].slot))
      g_ptr_array_add (op->pending, extras[i].slot);

  if (op->pending->len == 0)
    {
      submit_send (task);
      return;
    }
  vitrine_job_begin_step (op->job, VITRINE_JOB_STATE_UPLOADING);
  vitrine_media_host_new_from_settings_async (g_task_get_cancellable (task), host_cb, task);
}

static void
audio_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteOp *op = TASK_OP (task);
  GError *error = NULL;
  char *path = vitrine_audio_prep_finish (result, &op->media.music_type, &error);

  if (path == NULL)
    {
      submit_return_error (g_steal_pointer (&task), error);
      return;
    }
  g_free (op->media.music);
  op->media.music = path;
  submit_collect (g_steal_pointer (&task));
}

/* The job's own logo, or else the agent's where the provider shows one
 * (the Agent page's logo, copied into the job when it was made). */
static char *
dup_logo (const VitrineRemoteProviderInfo *info,
          VitrineJob                      *job)
{
  const char *logo = vitrine_job_get_logo (job);

  if ((logo == NULL || *logo == '\0') && (info->inputs & VITRINE_REMOTE_INPUT_LOGO) != 0)
    logo = vitrine_job_get_agent (job)->logo;
  return g_strdup (logo);
}

/* The job's music as the provider takes it (a track of its own for a
 * name it knows). */
static char *
dup_music (VitrineRemoteProvider *self,
           VitrineJob            *job)
{
  const char *music = vitrine_job_get_music (job);
  char *resolved = NULL;

  if (music != NULL && *music != '\0' && INFO (self)->resolve_music != NULL)
    resolved = INFO (self)->resolve_music (self, music);
  return resolved != NULL ? resolved : g_strdup (music);
}

/* Whether the agent's end card is drawn as the job's outro: the provider
 * takes an ending image, the job has none of its own. */
static gboolean
draws_end_card (VitrineRemoteProvider *self,
                VitrineJob            *job)
{
  const char *outro = vitrine_job_get_outro (job);

  return (outro == NULL || *outro == '\0') &&
         (INFO (self)->inputs & VITRINE_REMOTE_INPUT_OUTRO) != 0 &&
         vitrine_card_still_end_wanted (vitrine_job_get_listing (job), vitrine_job_get_agent (job));
}

/* A file of the job's folder for a card drawn for it ("end-card.png"). */
static char *
card_path (VitrineJob *job,
           const char *name)
{
  g_autofree char *dir = vitrine_photo_prep_dup_job_dir (vitrine_job_get_id (job));

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

static void submit_music (GTask *task);

static void
end_card_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *path = vitrine_card_still_finish (result, &error);

  if (path == NULL)
    {
      submit_return_error (g_steal_pointer (&task), error);
      return;
    }
  TASK_OP (task)->media.outro = path;
  submit_music (g_steal_pointer (&task));
}

/* The job's music, logo and outro. Where the provider takes an ending
 * image and the job has none of its own, the agent's branded end card is
 * drawn as one (the local video's end card, as a still). */
static void
submit_upload (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  const VitrineRemoteProviderInfo *info = INFO (self);
  VitrineRemoteOp *op = TASK_OP (task);

  op->media.music = dup_music (self, op->job);
  op->media.logo = dup_logo (info, op->job);
  op->media.outro = g_strdup (vitrine_job_get_outro (op->job));

  if (draws_end_card (self, op->job))
    {
      g_autofree char *path = card_path (op->job, "end-card.png");

      vitrine_card_still_end_async (vitrine_job_get_listing (op->job),
                                    vitrine_job_get_agent (op->job),
                                    vitrine_job_get_ratio (op->job), path,
                                    g_task_get_cancellable (task), end_card_cb, task);
      return;
    }
  submit_music (task);
}

/* Music that travels as a file in a type the provider does not take, or
 * too large for it, is converted first. */
static void
submit_music (GTask *task)
{
  const VitrineRemoteProviderInfo *info = INFO (TASK_SELF (task));
  VitrineRemoteOp *op = TASK_OP (task);

  if (info->sends_files && info->audio_types != NULL &&
      (info->url_inputs & VITRINE_REMOTE_INPUT_MUSIC) == 0 &&
      op->media.music != NULL && *op->media.music != '\0' &&
      !vitrine_is_web_url (op->media.music))
    {
      g_autofree char *dir = vitrine_photo_prep_dup_job_dir (vitrine_job_get_id (op->job));

      vitrine_audio_prep_async (op->media.music, dir, info->audio_types, info->max_file_size,
                                g_task_get_cancellable (task), audio_cb, task);
      return;
    }
  submit_collect (task);
}

static void
prep_progress_cb (guint    done,
                  guint    total,
                  gpointer user_data)
{
  vitrine_job_set_progress (VITRINE_JOB (user_data), total > 0 ? done * 100 / total : 0);
}

static void
prep_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteOp *op = TASK_OP (task);
  GError *error = NULL;
  g_auto(GStrv) prepared = vitrine_photo_prep_job_finish (result, &error);

  if (prepared == NULL)
    {
      submit_return_error (g_steal_pointer (&task), error);
      return;
    }
  op->media.photos = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; prepared[i] != NULL; i++)
    g_ptr_array_add (op->media.photos, g_steal_pointer (&prepared[i]));
  submit_upload (g_steal_pointer (&task));
}

static void
cover_ready (GTask *task,
             char  *cover)
{
  VitrineRemoteOp *op = TASK_OP (task);

  op->media.photos = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (op->media.photos, cover);
  submit_upload (task);
}

/* The one image of a provider that makes its video of the cover: the
 * cover with the listing's address and price drawn on it. */
static void
cover_card_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  char *path = vitrine_card_still_finish (result, &error);

  if (path == NULL)
    submit_return_error (task, error);
  else
    cover_ready (task, path);
}

static void
cover_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VitrineRemoteOp *op = TASK_OP (task);
  GError *error = NULL;
  char *prepared = vitrine_photo_prep_finish (result, &error);

  if (prepared == NULL)
    {
      submit_return_error (g_steal_pointer (&task), error);
      return;
    }
  if (vitrine_card_still_cover_wanted (vitrine_job_get_listing (op->job)))
    {
      g_autofree char *path = card_path (op->job, "cover-card.jpg");
      GCancellable *cancellable = g_task_get_cancellable (task);

      vitrine_card_still_cover_async (prepared, vitrine_job_get_listing (op->job), path,
                                      cancellable, cover_card_cb, g_steal_pointer (&task));
      g_free (prepared);
      return;
    }
  cover_ready (g_steal_pointer (&task), prepared);
}

void
vitrine_remote_submit_prepare (GTask *task)
{
  VitrineRemoteProvider *self = TASK_SELF (task);
  VitrineRemoteOp *op = TASK_OP (task);
  const char * const *photos = vitrine_job_get_photos (op->job);
  VitrinePhotoPrepOptions options;
  VitrinePhotoPrepProgress progress;
  gboolean all_urls = TRUE;

  vitrine_job_set_error_message (op->job, NULL);
  vitrine_job_set_option (op->job, VITRINE_JOB_OPTION_ERROR_KIND, NULL);
  vitrine_job_begin_step (op->job, VITRINE_JOB_STATE_PREPARING);

  for (guint i = 0; photos[i] != NULL; i++)
    all_urls &= vitrine_is_web_url (photos[i]);
  if (all_urls && !INFO (self)->cover_only)
    {
      /* Photos on the web pass through untouched. */
      op->media.photos = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; photos[i] != NULL; i++)
        g_ptr_array_add (op->media.photos, g_strdup (photos[i]));
      submit_upload (task);
      return;
    }

  vitrine_photo_prep_options_init (&options);
  /* as the window shows them (the declaration's crop_photos) */
  if (vitrine_provider_get_declaration (VITRINE_PROVIDER (self))->crop_photos)
    options.crop = vitrine_photo_crop_from_ratio (vitrine_job_get_ratio (op->job));
  if (INFO (self)->cover_only)
    {
      guint cover = vitrine_remote_cover_index (op->job);
      g_autofree char *dir = vitrine_photo_prep_dup_job_dir (vitrine_job_get_id (op->job));
      double x, y;

      vitrine_photo_prep_get_crop_offset (op->job, cover, &x, &y);
      vitrine_photo_prep_async (photos[cover], dir, cover, x, y, &options,
                                g_task_get_cancellable (task), cover_cb, task);
      return;
    }
  progress = (VitrinePhotoPrepProgress) { prep_progress_cb, g_object_ref (op->job),
                                          g_object_unref };
  vitrine_photo_prep_job_async (op->job, &options, &progress, g_task_get_cancellable (task),
                                prep_cb, task);
}

/* The key looked up, then the submit from its first step. */
VITRINE_REMOTE_KEYED_ASYNC (vitrine_remote_provider_submit_async, vitrine_remote_submit_prepare)

/* What a submit of @job would upload (submit_collect's rule on what
 * submit_prepare and submit_upload make of it): a photo of this computer,
 * or every photo where they are prepared (any photo of this computer, the
 * cover drawn from one), the music, logo and outro, the end card drawn as
 * the outro. */
gboolean
vitrine_remote_provider_uploads_files (VitrineProvider *provider,
                                       VitrineJob      *job)
{
  VitrineRemoteProvider *self = VITRINE_REMOTE_PROVIDER (provider);
  const char * const *photos = vitrine_job_get_photos (job);
  g_autofree char *music = dup_music (self, job);
  g_autofree char *logo = dup_logo (INFO (self), job);
  gboolean prepared = INFO (self)->cover_only;

  for (guint i = 0; photos != NULL && photos[i] != NULL; i++)
    prepared |= is_local (photos[i]);
  /* prepared photos and a drawn end card are files of this computer */
  return (prepared && travels_as_url (self, 0)) ||
         goes_to_host (self, VITRINE_REMOTE_INPUT_MUSIC, music) ||
         goes_to_host (self, VITRINE_REMOTE_INPUT_LOGO, logo) ||
         goes_to_host (self, VITRINE_REMOTE_INPUT_OUTRO, vitrine_job_get_outro (job)) ||
         (draws_end_card (self, job) && travels_as_url (self, VITRINE_REMOTE_INPUT_OUTRO));
}
