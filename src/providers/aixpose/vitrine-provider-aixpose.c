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
 *   POST /v1/videos                          <key>-video
 *
 * then GET /v1/videos/{id} is polled until the reel is done, and its
 * public_url downloaded. The id each step gets is kept in the job's options
 * as it arrives (vitrine_remote_job_set_step): after a crash at any point
 * the start goes on from the last step confirmed, sending the POST that was
 * on its way again with the same key. What all cloud providers share (key,
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
 * An assumption: poll every 5 s, give up after an hour. */
#define POLL_INTERVAL_MS 5000
#define TIMEOUT_MINUTES 60
#define RESOLUTION "2K"

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

static void
start_posted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Start *start = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  if (!(body = vitrine_remote_provider_post_finish (VITRINE_REMOTE_PROVIDER (object), result,
                                                    &error)))
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE); /* ended, or QUEUED again */
      return;
    }
  start->read (g_steal_pointer (&task), body);
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

static void
set_json (VitrineHttpRequest *request,
          JsonBuilder        *builder)
{
  g_autoptr(JsonNode) body = json_builder_get_root (builder);

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
      if (!vitrine_remote_provider_lost_answer (g_task_get_source_object (task), start->job,
                                                parse_error, &error))
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
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
  GError *error = NULL;

  if (!vitrine_remote_provider_take_start (g_task_get_source_object (task), start->job, body,
                                           &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
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
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "output");
  json_builder_add_string_value (builder, "video");
  json_builder_set_member_name (builder, "picture_aspect_ratio");
  json_builder_add_string_value (builder, vitrine_ratio_to_string (vitrine_job_get_ratio (start->job)));
  json_builder_set_member_name (builder, "picture_resolution");
  json_builder_add_string_value (builder, RESOLUTION);
  json_builder_end_object (builder);
  set_json (request, builder);
  start_post (task, request, read_step);
}

static void
post_picture (GTask      *task,
              const char *project)
{
  Start *start = g_task_get_task_data (task);
  const char *photo = g_ptr_array_index (start->photos, start->index);
  g_autofree char *path = g_strdup_printf ("/v1/projects/%s/pictures", project);
  g_autofree char *step = g_strdup_printf ("picture-%u", start->index + 1);
  g_autoptr(VitrineHttpRequest) request = start_request (task, path, step);

  if (vitrine_is_web_url (photo))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      /* Already on the web: AIXpose fetches it. */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "url");
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, photo);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      set_json (request, builder);
    }
  else
    {
      g_autofree char *filename = g_strdup_printf ("photo-%02u.jpg", start->index + 1);

      /* Prepared: a JPEG, streamed from the file. */
      vitrine_http_request_add_form_file (request, "file", photo, filename, "image/jpeg");
    }
  start_post (task, request, read_step);
}

static void
post_enhancement (GTask      *task,
                  const char *picture)
{
  Start *start = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/v1/pictures/%s/enhancements", picture);
  g_autofree char *step = g_strdup_printf ("enhance-%u", start->index + 1);
  g_autoptr(VitrineHttpRequest) request = start_request (task, path, step);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "instruction");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, "preset");
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  for (guint i = 0; start->actions[i] != NULL; i++)
    json_builder_add_string_value (builder, start->actions[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "variants");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "aspect_ratio");
  json_builder_add_string_value (builder, vitrine_ratio_to_string (vitrine_job_get_ratio (start->job)));
  json_builder_set_member_name (builder, "resolution");
  json_builder_add_string_value (builder, RESOLUTION);
  json_builder_end_object (builder);
  set_json (request, builder);
  start_post (task, request, read_variant);
}

static void
post_video (GTask      *task,
            const char *project)
{
  Start *start = g_task_get_task_data (task);
  g_autoptr(VitrineHttpRequest) request = start_request (task, "/v1/videos", "video");
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "project_id");
  json_builder_add_string_value (builder, project);
  json_builder_set_member_name (builder, "picture_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < start->photos->len; i++)
    {
      g_autofree char *step = g_strdup_printf ("%s-%u", start->actions != NULL ? "enhance" : "picture",
                                               i + 1);

      json_builder_add_string_value (builder, vitrine_remote_job_get_step (start->job, step));
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "aspect_ratio");
  json_builder_add_string_value (builder, vitrine_ratio_to_string (vitrine_job_get_ratio (start->job)));
  if (start->audio_url != NULL && *start->audio_url != '\0')
    {
      json_builder_set_member_name (builder, "audio_url");
      json_builder_add_string_value (builder, start->audio_url);
    }
  json_builder_end_object (builder);
  set_json (request, builder);
  start_post (task, request, read_video);
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

      vitrine_job_set_progress (start->job, (start->index * (steps / n)) * 100 / (steps + 1));
      if (picture_id == NULL)
        {
          post_picture (task, project);
          return;
        }
      if (start->actions != NULL && vitrine_remote_job_get_step (start->job, enhanced) == NULL)
        {
          post_enhancement (task, picture_id);
          return;
        }
    }
  vitrine_job_set_progress (start->job, steps * 100 / (steps + 1));
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
  vitrine_job_set_state (job, VITRINE_JOB_STATE_UPLOADING);
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

/* GETs @path with the key; @read returns the task. */
static void
fetch (VitrineProviderAixpose *self,
       const char             *path,
       Reader                  read,
       gpointer                tag,
       GCancellable           *cancellable,
       GAsyncReadyCallback     callback,
       gpointer                user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, read, NULL);
  vitrine_remote_provider_get_async (VITRINE_REMOTE_PROVIDER (self), path, TRUE, cancellable,
                                     fetched_cb, task);
}

static gboolean
read_catalog (GTask   *task,
              GBytes  *body,
              GError **error)
{
  GStrv list = vitrine_aixpose_parse_catalog (g_bytes_get_data (body, NULL),
                                              g_bytes_get_size (body), error);

  if (list != NULL)
    g_task_return_pointer (task, list, (GDestroyNotify) g_strfreev);
  return list != NULL;
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

void
vitrine_provider_aixpose_fetch_actions_async (VitrineProviderAixpose *self,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data)
{
  g_return_if_fail (VITRINE_IS_PROVIDER_AIXPOSE (self));
  fetch (self, "/v1/catalog/actions", read_catalog, vitrine_provider_aixpose_fetch_actions_async,
         cancellable, callback, user_data);
}

GStrv
vitrine_provider_aixpose_fetch_actions_finish (VitrineProviderAixpose  *self,
                                               GAsyncResult            *result,
                                               GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vitrine_provider_aixpose_fetch_ratios_async (VitrineProviderAixpose *self,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data)
{
  g_return_if_fail (VITRINE_IS_PROVIDER_AIXPOSE (self));
  fetch (self, "/v1/catalog/aspect-ratios", read_catalog,
         vitrine_provider_aixpose_fetch_ratios_async, cancellable, callback, user_data);
}

GStrv
vitrine_provider_aixpose_fetch_ratios_finish (VitrineProviderAixpose  *self,
                                              GAsyncResult            *result,
                                              GError                 **error)
{
  return vitrine_provider_aixpose_fetch_actions_finish (self, result, error);
}

void
vitrine_provider_aixpose_fetch_balance_async (VitrineProviderAixpose *self,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data)
{
  g_return_if_fail (VITRINE_IS_PROVIDER_AIXPOSE (self));
  fetch (self, "/v1/credits/balance", read_balance, vitrine_provider_aixpose_fetch_balance_async,
         cancellable, callback, user_data);
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
