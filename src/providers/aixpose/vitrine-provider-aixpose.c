/* vitrine-provider-aixpose.c: AIXpose REST API
 *
 * A start is several POSTs, each with an Authorization: Bearer key and an
 * Idempotency-Key made from the job's own and the step, so that a retry or
 * a restart never makes a second object (AIXpose replays a POST it has
 * seen):
 *
 *   POST /v1/projects                        <key>-project
 *   POST /v1/projects/{id}/pictures, a photo <key>-picture-N   (N from 1)
 *   POST /v1/pictures/{id}/enhancements      <key>-enhance-N   (job option "enhance")
 *   GET  /v1/projects/{id}/pictures          until every enhanced picture is completed
 *   POST /v1/videos                          <key>-video (-video-2… after a Retry)
 *
 * then GET /v1/videos/{id} is polled until the reel is done, and its
 * public_url downloaded. The id each step gets is kept in the job's options
 * as it arrives (vitrine_remote_job_set_step): after a crash at any point,
 * a pause or a Retry (which keeps the steps' key) the start goes on from
 * the last step confirmed, sending the POST that was on its way again with
 * the same key and the same bytes: a multipart boundary made from the key,
 * the music's link as first sent. Ids from the server go into paths
 * escaped. A refusal that does not fault the request itself (a 4xx but
 * 400, 401, 403 or 422) or a 5xx pauses the job, never fails it
 * (vitrine-remote-post.c). An enhancement that fails pauses the job with
 * the photo named; the agent's Follow Again takes its original
 * (VITRINE_JOB_OPTION_USE_ORIGINAL). What all cloud providers share (key,
 * photo preparation, the media host for the music, polling, downloads) is
 * in src/providers/remote.
 *
 * Where the reference is silent, assumptions (made once, here and in
 * vitrine-aixpose-reply.c):
 * - the project's "output" is "video" (the example's "picture" is for a
 *   picture campaign; this project exists for its reel), its
 *   "picture_resolution" "2K" as in the example, its
 *   "picture_aspect_ratio" the job's ratio;
 * - a photo on this computer goes as the multipart part "file"
 *   (image/jpeg, prepared), one already on the web as {"source": {"type":
 *   "url", "url"}}; no scene_type or scene_location (Vitrine does not know
 *   the room);
 * - an enhancement asks for one variant ("variants": 1) in the job's ratio,
 *   and the reel is made from that variant;
 * - the video request is {"project_id", "picture_ids": [...],
 *   "aspect_ratio", "audio_url"?} and its answer the video object (see
 *   vitrine-aixpose-reply.c); the music, a file, reaches AIXpose through
 *   the media host as a URL.
 * Webhooks are not used: a desktop application has no public address for
 * AIXpose to call, so "webhook_url" is never sent, and the video is polled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-provider-aixpose.h"

/* "Picture and video generation runs asynchronously": no figure is given.
 * An assumption: poll every 5 s; late (and still followed) after an hour. */
#define POLL_INTERVAL_MS 5000
#define TIMEOUT_MINUTES 60
#define RESOLUTION "2K"
/* The photos whose enhancement failed when the job paused: "<job id>:2,3". */
#define OPTION_ENHANCE_FAILED "enhance-failed"

/* The preset actions of the job option "enhance", or NULL for none. */
static GStrv
enhance_actions (VitrineJob *job)
{
  const char *value = vitrine_job_get_option (job, VITRINE_JOB_OPTION_ENHANCE);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  guint n = 0;

  if (value == NULL)
    return NULL;
  parts = g_strsplit (value, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      g_strv_builder_add (builder, parts[i]);
      n++;
    }
  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

static gboolean
vitrine_provider_aixpose_validate (VitrineRemoteProvider  *provider,
                                   VitrineJob             *job,
                                   GError                **error)
{
  g_auto(GStrv) actions = enhance_actions (job);

  for (guint i = 0; actions != NULL && actions[i] != NULL; i++)
    {
      for (const char *c = actions[i]; *c != '\0'; c++)
        {
          if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.')
            {
              g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                           _("“%s” is not one of AIXpose’s enhancements (such as "
                             "“interior-style-japandi”)."), actions[i]);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* AIXpose bills in its own credits, per picture and reel; its price list
 * is not in the reference. */
static char *
vitrine_provider_aixpose_estimate_cost (VitrineRemoteProvider *provider,
                                        VitrineJob            *job)
{
  guint n = vitrine_job_get_n_photos (job);
  double left;

  if (vitrine_remote_provider_get_credits_left (provider, job, &left))
    /* TRANSLATORS: "AIXpose credits for 5 photos and a reel; 120 left" */
    return g_strdup_printf (ngettext ("AIXpose credits for %u photo and a reel; %g left",
                                      "AIXpose credits for %u photos and a reel; %g left", n),
                            n, left);
  return g_strdup_printf (ngettext ("AIXpose credits for %u photo and a reel",
                                    "AIXpose credits for %u photos and a reel", n), n);
}

static void
vitrine_provider_aixpose_add_auth (VitrineHttpRequest *request,
                                   const char         *api_key)
{
  g_autofree char *value = g_strconcat ("Bearer ", api_key, NULL);

  vitrine_http_request_add_secret_header (request, "Authorization", value);
}

/* The start, step by step ------------------------------------------------- */

typedef struct {
  VitrineJob *job;
  GPtrArray  *photos;     /* prepared files and URLs, in order */
  char       *audio_url;
  char       *api_key;
  GStrv       actions;
  guint       index;      /* the photo of the step under way */
  guint       base;       /* the progress the upload of the music left */
  char       *step;       /* the step under way */
  void      (*read) (GTask *task, GBytes *body);
} Start;

static void
start_free (Start *start)
{
  g_clear_object (&start->job);
  g_clear_pointer (&start->photos, g_ptr_array_unref);
  g_free (start->audio_url);
  g_free (start->api_key);
  g_strfreev (start->actions);
  g_free (start->step);
  g_free (start);
}

static void start_next (GTask *task);

/* @done of @steps sent: the part of the upload's progress after the music's. */
static void
start_progress (Start *start,
                guint  done,
                guint  steps)
{
  vitrine_job_set_progress (start->job, start->base + done * (100 - start->base) / steps);
}

static void
start_posted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Start *start = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  if (!(body = vitrine_remote_provider_post_finish (VITRINE_REMOTE_PROVIDER (object), result,
                                                    &error)))
    {
      vitrine_remote_provider_return_start (task, error); /* ended, or QUEUED again */
      return;
    }
  /* A step went through: a pause for a refused one is over. */
  if (vitrine_job_get_option (start->job, OPTION_ENHANCE_FAILED) == NULL)
    vitrine_job_set_attention (start->job, NULL);
  start->read (task, body);
}

/* Sends @request for the step @step; @read takes its answer. */
static void
start_post (GTask               *task,
            VitrineHttpRequest  *request,
            void               (*read) (GTask *task, GBytes *body))
{
  Start *start = g_task_get_task_data (task);

  start->read = read;
  vitrine_remote_provider_post_async (g_task_get_source_object (task), start->job, request,
                                      g_task_get_cancellable (task), start_posted_cb, task);
}

static VitrineHttpRequest *
start_request (GTask      *task,
               const char *path,
               const char *step)
{
  Start *start = g_task_get_task_data (task);

  g_free (start->step);
  start->step = g_strdup (step);
  return vitrine_remote_provider_new_request (g_task_get_source_object (task), "POST", path,
                                              start->api_key, start->job, step);
}

/* A path with a server's id in it: escaped, whatever the id holds ('/',
 * '?'…). @format has one %s. */
static char *
id_path (const char *format,
         const char *id)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strdup_printf (format, escaped);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* The job's ratio, "16:9", as every step names it. */
static void
add_ratio (JsonBuilder *builder,
           const char  *member,
           VitrineJob  *job)
{
  add_string (builder, member, vitrine_ratio_to_string (vitrine_job_get_ratio (job)));
}

/* Closes the object @builder began and makes it @request's body. */
static void
close_body (VitrineHttpRequest *request,
            JsonBuilder        *builder)
{
  g_autoptr(JsonNode) body = NULL;

  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  vitrine_http_request_set_json_body (request, body, NULL);
}

/* Keeps @id (from the answer to the step under way, @fallback when it
 * gives none) as the step's, and goes on. An answer that cannot be read is
 * a lost one: the job is QUEUED again and resumes from this step later. */
static void
keep_id (GTask        *task,
         char         *id,
         const char   *fallback,
         const GError *parse_error)
{
  Start *start = g_task_get_task_data (task);
  GError *error = NULL;

  if (parse_error != NULL)
    {
      vitrine_remote_provider_lost_answer (g_task_get_source_object (task), start->job,
                                           parse_error, &error);
      vitrine_remote_provider_return_start (task, error);
      return;
    }
  vitrine_remote_job_set_step (start->job, start->step, id != NULL ? id : fallback);
  g_free (id);
  start_next (task);
}

static void
read_step (GTask  *task,
           GBytes *body)
{
  g_autoptr(GError) error = NULL;
  char *id = vitrine_aixpose_parse_id (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                       &error);

  keep_id (task, id, NULL, error);
}

/* No variant listed: the reel uses the photo as uploaded. */
static void
read_variant (GTask  *task,
              GBytes *body)
{
  Start *start = g_task_get_task_data (task);
  g_autofree char *picture = g_strdup_printf ("picture-%u", start->index + 1);
  g_autoptr(GError) error = NULL;
  char *id = vitrine_aixpose_parse_variant (g_bytes_get_data (body, NULL),
                                            g_bytes_get_size (body), &error);

  keep_id (task, id, vitrine_remote_job_get_step (start->job, picture), error);
}

static void
read_video (GTask  *task,
            GBytes *body)
{
  Start *start = g_task_get_task_data (task);
  VitrineRemoteProvider *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!vitrine_remote_provider_take_start (self, start->job, body, &error))
    {
      vitrine_remote_provider_return_start (task, error);
      return;
    }
  /* Recorded once the job has its remote id, never before: a recorded
   * video with no remote id is an earlier attempt's (see video_step). */
  if (vitrine_job_get_remote_id (start->job) != NULL)
    vitrine_remote_job_set_step (start->job, start->step, vitrine_job_get_remote_id (start->job));
  vitrine_remote_provider_return_start (task, NULL);
}

/* The project is the property: named by the listing's address, or else
 * the listing name, or else "Vitrine" and the start of the job's id. */
static char *
project_name (VitrineJob *job)
{
  const char *candidates[] = { vitrine_job_get_listing (job)->address, vitrine_job_get_name (job) };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (candidates[i] ? candidates[i] : ""));

      if (*trimmed != '\0')
        return g_steal_pointer (&trimmed);
    }
  return g_strdup_printf ("Vitrine %.8s", vitrine_job_get_id (job));
}

static void
post_project (GTask *task)
{
  Start *start = g_task_get_task_data (task);
  g_autoptr(VitrineHttpRequest) request = start_request (task, "/v1/projects", "project");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = project_name (start->job);

  json_builder_begin_object (builder);
  add_string (builder, "name", name);
  add_string (builder, "output", "video");
  add_ratio (builder, "picture_aspect_ratio", start->job);
  add_string (builder, "picture_resolution", RESOLUTION);
  close_body (request, builder);
  start_post (task, request, read_step);
}

/* The multipart boundary of a keyed upload: made from its key, so that the
 * upload sent again under that key is the same bytes (AIXpose refuses a
 * key replayed with another body). */
static void
set_boundary (VitrineHttpRequest *request,
              VitrineJob         *job,
              const char         *step)
{
  g_autofree char *key = vitrine_remote_job_step_key (job, step);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *boundary = g_strdup_printf ("vitrine-%.40s", digest);

  vitrine_http_request_set_form_boundary (request, boundary);
}

static void
post_picture (GTask      *task,
              const char *project)
{
  Start *start = g_task_get_task_data (task);
  const char *photo = g_ptr_array_index (start->photos, start->index);
  g_autofree char *path = id_path ("/v1/projects/%s/pictures", project);
  g_autofree char *step = g_strdup_printf ("picture-%u", start->index + 1);
  g_autoptr(VitrineHttpRequest) request = start_request (task, path, step);

  if (vitrine_is_web_url (photo))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      /* Already on the web: AIXpose fetches it. */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_builder_begin_object (builder);
      add_string (builder, "type", "url");
      add_string (builder, "url", photo);
      json_builder_end_object (builder);
      close_body (request, builder);
    }
  else
    {
      g_autofree char *filename = g_strdup_printf ("photo-%02u.jpg", start->index + 1);

      /* Prepared: a JPEG, streamed from the file (made again the same,
       * byte for byte, when the start resumes). */
      vitrine_http_request_add_form_file (request, "file", photo, filename, "image/jpeg");
      set_boundary (request, start->job, step);
    }
  start_post (task, request, read_step);
}

static void
post_enhancement (GTask      *task,
                  const char *picture)
{
  Start *start = g_task_get_task_data (task);
  g_autofree char *path = id_path ("/v1/pictures/%s/enhancements", picture);
  g_autofree char *step = g_strdup_printf ("enhance-%u", start->index + 1);
  g_autoptr(VitrineHttpRequest) request = start_request (task, path, step);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "instruction");
  json_builder_begin_object (builder);
  add_string (builder, "source", "preset");
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  for (guint i = 0; start->actions[i] != NULL; i++)
    json_builder_add_string_value (builder, start->actions[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "variants");
  json_builder_add_int_value (builder, 1);
  add_ratio (builder, "aspect_ratio", start->job);
  add_string (builder, "resolution", RESOLUTION);
  close_body (request, builder);
  start_post (task, request, read_variant);
}

/* Whether photo @n (from 1) is in @list, "2,3" (may be NULL). */
static gboolean
number_listed (const char *list,
               guint       n)
{
  g_auto(GStrv) numbers = list != NULL ? g_strsplit (list, ",", -1) : NULL;

  for (guint i = 0; numbers != NULL && numbers[i] != NULL; i++)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (g_strstrip (numbers[i]), 10, 1, G_MAXUINT, &value, NULL) &&
          value == n)
        return TRUE;
    }
  return FALSE;
}

static void
add_number (GString *list,
            guint    n)
{
  if (list->len > 0)
    g_string_append_c (list, ',');
  g_string_append_printf (list, "%u", n);
}

/* Whether the reel takes photo @n (from 1) as uploaded: the agent chose
 * its original after its enhancement failed. */
static gboolean
uses_original (VitrineJob *job,
               guint       n)
{
  return number_listed (vitrine_job_get_option (job, VITRINE_JOB_OPTION_USE_ORIGINAL), n);
}

/* The picture of the reel for photo @i (from 0): its enhanced variant, or
 * the picture as uploaded. */
static const char *
reel_picture (Start *start,
              guint  i)
{
  gboolean enhanced = start->actions != NULL && !uses_original (start->job, i + 1);
  g_autofree char *step = g_strdup_printf ("%s-%u", enhanced ? "enhance" : "picture", i + 1);

  return vitrine_remote_job_get_step (start->job, step);
}

/* The step of this attempt's video: "video", or after a Retry of a job
 * whose video was made (and failed, or was kept) "video-2", "video-3"…: a
 * new reel from the same pictures, under a key of its own. A video step is
 * recorded only once the job holds its remote id, and a start runs only
 * while it holds none, so every recorded one is an earlier attempt's. */
static char *
video_step (VitrineJob *job)
{
  char *step = g_strdup ("video");

  for (guint n = 2; vitrine_remote_job_get_step (job, step) != NULL; n++)
    {
      g_free (step);
      step = g_strdup_printf ("video-%u", n);
    }
  return step;
}

/* The reel's audio URL, the one the video's first request carried when it
 * is sent again: a link from the media host is signed anew at every
 * upload, and a keyed body must not change. Kept (as a step of its own)
 * before the POST leaves. Assumed: AIXpose answers a replayed key from its
 * record without fetching the link again, so that an expired link in it
 * does no harm. */
static const char *
video_audio_url (Start      *start,
                 const char *step)
{
  g_autofree char *audio_step = g_strconcat (step, "-audio", NULL);

  if (start->audio_url == NULL || *start->audio_url == '\0')
    return NULL;
  if (vitrine_remote_job_get_step (start->job, audio_step) == NULL)
    vitrine_remote_job_set_step (start->job, audio_step, start->audio_url);
  return vitrine_remote_job_get_step (start->job, audio_step);
}

static void
post_video (GTask      *task,
            const char *project)
{
  Start *start = g_task_get_task_data (task);
  g_autofree char *step = video_step (start->job);
  g_autoptr(VitrineHttpRequest) request = start_request (task, "/v1/videos", step);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *audio_url = video_audio_url (start, step);

  json_builder_begin_object (builder);
  add_string (builder, "project_id", project);
  json_builder_set_member_name (builder, "picture_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < start->photos->len; i++)
    json_builder_add_string_value (builder, reel_picture (start, i));
  json_builder_end_array (builder);
  add_ratio (builder, "aspect_ratio", start->job);
  if (audio_url != NULL)
    add_string (builder, "audio_url", audio_url);
  close_body (request, builder);
  /* The reel is what is paid for: from here a pause does not make the job
   * one to cancel as if nothing had been sent (the guard writes this with
   * the row before the POST leaves). */
  vitrine_job_set_option (start->job, VITRINE_JOB_OPTION_START_POSTED, "1");
  start_post (task, request, read_video);
}

/* Waiting for the enhancements ---------------------------------------------- */

/* The photos the job paused for, when the pause is this job's own (a
 * Retry copies the options but makes no choice for the agent). */
static const char *
paused_for (VitrineJob *job)
{
  const char *value = vitrine_job_get_option (job, OPTION_ENHANCE_FAILED);
  gsize len = strlen (vitrine_job_get_id (job));

  if (value == NULL || strncmp (value, vitrine_job_get_id (job), len) != 0 || value[len] != ':')
    return NULL;
  return value + len + 1;
}

/* "photo 2 (“kitchen.jpg”: the reason)", for the attention. */
static void
describe_failure (GString    *text,
                  VitrineJob *job,
                  guint       i,
                  const char *reason)
{
  g_autofree char *name = g_path_get_basename (vitrine_job_get_photos (job)[i]);

  if (text->len > 0)
    g_string_append (text, "; ");
  /* Translators: one photo whose enhancement failed: "photo 2 (“kitchen.jpg”: Not enough light)" */
  g_string_append_printf (text, _("photo %u (“%s”: %s)"), i + 1, name,
                          reason != NULL && *reason != '\0' ? reason : _("no reason given"));
}

static void wait_enhanced (GTask *task, const char *project);

static gboolean
wait_again_cb (gpointer user_data)
{
  GTask *task = user_data;
  Start *start = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    g_object_unref (task);
  else
    wait_enhanced (task, vitrine_remote_job_get_step (start->job, "project"));
  return G_SOURCE_REMOVE;
}

/* Pauses the job for the enhancements that failed (@failed, described
 * for a person; @numbers, the photos): nothing is swapped without the
 * agent. Follow Again (or vitrine-cli wait), which clears the attention,
 * is the agent's choice of the originals for them (see read_enhanced). */
static void
pause_for_enhancements (GTask   *task,
                        GString *failed,
                        GString *numbers)
{
  Start *start = g_task_get_task_data (task);
  g_autofree char *record = g_strconcat (vitrine_job_get_id (start->job), ":", numbers->str, NULL);
  g_autofree char *reason =
    g_strdup_printf (_("AIXpose could not enhance %s. Nothing is swapped without you: choose "
                       "Follow Again to make the reel with the original photo instead."),
                     failed->str);

  vitrine_job_set_option (start->job, OPTION_ENHANCE_FAILED, record);
  vitrine_job_pause (start->job, reason);
  g_task_return_new_error (task, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_ATTENTION,
                           "%s", reason);
  g_object_unref (task);
}

static VitrineRemoteListedJob *
find_picture (GPtrArray  *pictures,
              const char *id)
{
  for (guint i = 0; id != NULL && i < pictures->len; i++)
    {
      VitrineRemoteListedJob *picture = g_ptr_array_index (pictures, i);

      if (g_str_equal (picture->id, id))
        return picture;
    }
  return NULL;
}

/* Where each enhanced picture stands: all completed, the reel; one still
 * being made (or not listed yet), another look after the poll interval;
 * one failed, a pause — unless the job was paused for it and the agent
 * went on (the attention cleared): its original then. */
static void
read_enhanced (GTask     *task,
               GPtrArray *pictures)
{
  Start *start = g_task_get_task_data (task);
  VitrineJob *job = start->job;
  const char *asked = vitrine_job_get_attention (job) == NULL ? paused_for (job) : NULL;
  g_autoptr(GString) failed = g_string_new (NULL);
  g_autoptr(GString) numbers = g_string_new (NULL);
  g_autoptr(GString) originals = g_string_new (vitrine_job_get_option (job, VITRINE_JOB_OPTION_USE_ORIGINAL));
  gboolean pending = FALSE;

  for (guint i = 0; i < start->photos->len; i++)
    {
      g_autofree char *step = g_strdup_printf ("enhance-%u", i + 1);
      VitrineRemoteListedJob *picture;

      if (uses_original (job, i + 1))
        continue;
      picture = find_picture (pictures, vitrine_remote_job_get_step (job, step));
      if (picture == NULL || (picture->status.state != VITRINE_JOB_STATE_COMPLETED &&
                              picture->status.state != VITRINE_JOB_STATE_FAILED))
        pending = TRUE;
      else if (picture->status.state == VITRINE_JOB_STATE_FAILED && number_listed (asked, i + 1))
        add_number (originals, i + 1);
      else if (picture->status.state == VITRINE_JOB_STATE_FAILED)
        {
          describe_failure (failed, job, i, picture->status.error);
          add_number (numbers, i + 1);
        }
    }
  if (originals->len > 0)
    vitrine_job_set_option (job, VITRINE_JOB_OPTION_USE_ORIGINAL, originals->str);
  if (failed->len > 0)
    {
      pause_for_enhancements (task, failed, numbers);
      return;
    }
  vitrine_job_set_option (job, OPTION_ENHANCE_FAILED, NULL);
  if (pending)
    {
      guint ms = vitrine_provider_get_poll_interval (VITRINE_PROVIDER (g_task_get_source_object (task)), job);

      g_timeout_add_once (ms, (GSourceOnceFunc) wait_again_cb, task);
      return;
    }
  post_video (task, vitrine_remote_job_get_step (job, "project"));
}

static void
enhanced_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Start *start = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pictures =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_remote_listed_job_free);
  g_autoptr(GBytes) body = vitrine_http_send_finish (VITRINE_HTTP (object), result, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GError *busy = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (body == NULL ||
      !vitrine_aixpose_parse_pictures (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                       pictures, &error))
    {
      /* Nothing is lost: the job resumes from here later (QUEUED, BUSY). */
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                     "The project's pictures could not be read");
      vitrine_remote_provider_lost_answer (g_task_get_source_object (task), start->job, error,
                                           &busy);
      vitrine_remote_provider_return_start (task, busy);
      return;
    }
  read_enhanced (task, pictures);
}

/* GET /v1/projects/{id}/pictures, the reference's way to follow pictures
 * besides webhooks (which a desktop cannot receive). */
static void
wait_enhanced (GTask      *task,
               const char *project)
{
  Start *start = g_task_get_task_data (task);
  g_autofree char *path = id_path ("/v1/projects/%s/pictures", project);
  g_autoptr(VitrineHttpRequest) request =
    vitrine_remote_provider_new_request (g_task_get_source_object (task), "GET", path,
                                         start->api_key, start->job, NULL);

  vitrine_http_send_async (vitrine_http_get_default (), request, g_task_get_cancellable (task),
                           enhanced_listed_cb, task);
}

/* The first step without an id yet. */
static void
start_next (GTask *task)
{
  Start *start = g_task_get_task_data (task);
  const char *project = vitrine_remote_job_get_step (start->job, "project");
  guint n = start->photos->len;
  guint steps = start->actions != NULL ? 2 * n : n;

  if (project == NULL)
    {
      post_project (task);
      return;
    }
  for (start->index = 0; start->index < n; start->index++)
    {
      g_autofree char *picture = g_strdup_printf ("picture-%u", start->index + 1);
      g_autofree char *enhanced = g_strdup_printf ("enhance-%u", start->index + 1);
      const char *picture_id = vitrine_remote_job_get_step (start->job, picture);
      guint done = start->index * (steps / n);

      /* The progress of the step about to be sent (set only then: going
       * over the steps already done, it went back to 0 each time). */
      if (picture_id == NULL)
        {
          start_progress (start, done, steps + 1);
          post_picture (task, project);
          return;
        }
      if (start->actions != NULL && !uses_original (start->job, start->index + 1) &&
          vitrine_remote_job_get_step (start->job, enhanced) == NULL)
        {
          start_progress (start, done + 1, steps + 1);
          post_enhancement (task, picture_id);
          return;
        }
    }
  start_progress (start, steps, steps + 1);
  if (start->actions != NULL)
    {
      /* Enhancements are made in the background: the reel waits for them. */
      wait_enhanced (task, project);
      return;
    }
  post_video (task, project);
}

static void
vitrine_provider_aixpose_send_async (VitrineRemoteProvider    *self,
                                     VitrineJob               *job,
                                     const VitrineRemoteMedia *media,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Start *start = g_new0 (Start, 1);

  g_task_set_source_tag (task, vitrine_provider_aixpose_send_async);
  start->job = g_object_ref (job);
  start->photos = g_ptr_array_ref (media->photos);
  start->audio_url = g_strdup (media->music);
  start->api_key = g_strdup (media->api_key);
  start->actions = enhance_actions (job);
  g_task_set_task_data (task, start, (GDestroyNotify) start_free);
  /* After the music's upload to the agent's bucket, the pictures' goes on
   * from where it stopped (it took its share only). */
  if (vitrine_job_get_state (job) == VITRINE_JOB_STATE_UPLOADING)
    start->base = vitrine_job_get_progress (job);
  else
    vitrine_job_begin_step (job, VITRINE_JOB_STATE_UPLOADING);
  start_next (task);
}

static const VitrineRemoteProviderInfo aixpose_info = {
  .id = "aixpose", .display_name = "AIXpose", .default_url = VITRINE_AIXPOSE_DEFAULT_URL,
  /* Until GET /v1/catalog/aspect-ratios says more. The project's
   * picture_aspect_ratio frames the photos: no crop here. */
  .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1,
  /* The reel's "optional audio direction": the music, as a URL. */
  .inputs = VITRINE_REMOTE_INPUT_MUSIC, .url_inputs = VITRINE_REMOTE_INPUT_MUSIC,
  .sends_files = TRUE, .idempotent = TRUE,
  .poll_interval_ms = POLL_INTERVAL_MS, .timeout_minutes = TIMEOUT_MINUTES,
  .failure_format = N_("AIXpose could not make the reel: %s"),
  .poll_path = "/v1/videos", .replies = &vitrine_aixpose_replies,
  .validate = vitrine_provider_aixpose_validate,
  .estimate_cost = vitrine_provider_aixpose_estimate_cost,
  .add_auth = vitrine_provider_aixpose_add_auth,
  .send_async = vitrine_provider_aixpose_send_async,
};

VITRINE_DEFINE_REMOTE_PROVIDER (VitrineProviderAixpose, vitrine_provider_aixpose, &aixpose_info)

/* For the window ------------------------------------------------------------ */

typedef gboolean (*Reader) (GTask *task, GBytes *body, GError **error);

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Reader read = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  if (!(body = vitrine_remote_provider_get_finish (VITRINE_REMOTE_PROVIDER (object), result,
                                                   &error)) ||
      !read (task, body, &error))
    g_task_return_error (task, error);
}

/* The names of the enhancements of the last catalogue read, by id (the
 * provider is one per process, and read on the main context). */
static GHashTable *action_labels;

static gboolean
read_list (GTask       *task,
           GBytes      *body,
           GHashTable  *labels,
           GError     **error)
{
  GStrv list = vitrine_aixpose_parse_catalog (g_bytes_get_data (body, NULL),
                                              g_bytes_get_size (body), labels, error);

  if (list != NULL)
    g_task_return_pointer (task, list, (GDestroyNotify) g_strfreev);
  return list != NULL;
}

static gboolean
read_catalog (GTask   *task,
              GBytes  *body,
              GError **error)
{
  return read_list (task, body, NULL, error);
}

static gboolean
read_actions (GTask   *task,
              GBytes  *body,
              GError **error)
{
  if (action_labels == NULL)
    action_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* the names of this catalogue only: an action gone from it, or renamed */
  g_hash_table_remove_all (action_labels);
  return read_list (task, body, action_labels, error);
}

const char *
vitrine_provider_aixpose_get_action_label (const char *id)
{
  const char *label = action_labels != NULL ? g_hash_table_lookup (action_labels, id) : NULL;

  return label != NULL ? label : id;
}

static gboolean
read_balance (GTask   *task,
              GBytes  *body,
              GError **error)
{
  double *balance = g_new (double, 1);

  if (!vitrine_aixpose_parse_balance (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                      balance, error))
    {
      g_free (balance);
      return FALSE;
    }
  vitrine_remote_provider_remember_credits (g_task_get_source_object (task), *balance);
  g_task_return_pointer (task, balance, g_free);
  return TRUE;
}

/* Each query's path, and the reader that returns its task. */
static const struct {
  const char *path;
  Reader      read;
} queries[] = {
  [VITRINE_AIXPOSE_QUERY_ACTIONS] = { "/v1/catalog/actions", read_actions },
  [VITRINE_AIXPOSE_QUERY_RATIOS] = { "/v1/catalog/aspect-ratios", read_catalog },
  [VITRINE_AIXPOSE_QUERY_BALANCE] = { "/v1/credits/balance", read_balance },
};

void
vitrine_provider_aixpose_fetch_async (VitrineProviderAixpose *self,
                                      VitrineAixposeQuery     query,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data)
{
  GTask *task;

  g_return_if_fail (VITRINE_IS_PROVIDER_AIXPOSE (self));
  g_return_if_fail (query < G_N_ELEMENTS (queries));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_provider_aixpose_fetch_async);
  g_task_set_task_data (task, queries[query].read, NULL);
  vitrine_remote_provider_get_async (VITRINE_REMOTE_PROVIDER (self), queries[query].path, TRUE,
                                     cancellable, fetched_cb, task);
}

GStrv
vitrine_provider_aixpose_fetch_list_finish (VitrineProviderAixpose  *self,
                                            GAsyncResult            *result,
                                            GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
vitrine_provider_aixpose_fetch_balance_finish (VitrineProviderAixpose  *self,
                                               GAsyncResult            *result,
                                               double                  *balance,
                                               GError                 **error)
{
  g_autofree double *value = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  if (!(value = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;
  if (balance != NULL)
    *balance = *value;
  return TRUE;
}
