/* vitrine-provider-local.c: "This computer", the GStreamer slideshow
 *
 * Free, offline, no account. A submit starts a render in the renderer's own
 * threads and returns at once; each poll reads the render's progress, so the
 * local provider is driven by the same monitor timeouts as the cloud ones.
 * A job found PROCESSING with no render behind it (the program stopped
 * mid-render) is rendered again from the beginning: a local render costs
 * nothing, so a restart is safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "vitrine-provider-local.h"
#include "vitrine-slideshow.h"

#define POLL_INTERVAL_MS 250

struct _VitrineProviderLocal
{
  GObject     parent_instance;

  GHashTable *renders;  /* job id → Render */
};

/* One render in progress (or just ended, until the next poll reads it). */
typedef struct {
  VitrineProviderLocal *provider;   /* unowned: providers live as long as the process */
  char                 *job_id;
  VitrineSlideshow     *slideshow;
  GCancellable         *cancellable;
  char                 *output_path;
  GPtrArray            *claimed;      /* the files it writes (vitrine_provider_claim_output) */
  GError               *error;
  GPtrArray            *cancel_tasks; /* answered once the render has stopped */
  gint64                started;      /* monotonic µs */
  gboolean              done;
} Render;

static void vitrine_provider_local_iface_init (VitrineProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VitrineProviderLocal, vitrine_provider_local, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VITRINE_TYPE_PROVIDER,
                                                      vitrine_provider_local_iface_init))

static void
render_clear (Render *render)
{
  g_clear_object (&render->slideshow);
  g_clear_object (&render->cancellable);
  g_clear_error (&render->error);
  g_clear_pointer (&render->cancel_tasks, g_ptr_array_unref);
  for (guint i = 0; render->claimed != NULL && i < render->claimed->len; i++)
    vitrine_provider_release_output (render->claimed->pdata[i]);
  g_clear_pointer (&render->claimed, g_ptr_array_unref);
  g_free (render->output_path);
  g_free (render->job_id);
}

/* A Render is shared by the table and the render callback (g_rc_box):
 * dropping it from the table cancels the render, which still calls back. */
static void
render_release (Render *render)
{
  g_cancellable_cancel (render->cancellable);
  g_rc_box_release_full (render, (GDestroyNotify) render_clear);
}

static const char *
vitrine_provider_local_get_id (VitrineProvider *provider)
{
  return "local";
}

static const char *
vitrine_provider_local_get_display_name (VitrineProvider *provider)
{
  return _("This computer");
}

static const VitrineProviderCapabilities *
vitrine_provider_local_get_capabilities (VitrineProvider *provider)
{
  static const VitrineProviderCapabilities caps = {
    .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1,
    .max_photos = 0,
    .min_photos = 1,
    .needs_urls = FALSE,
    .needs_network = FALSE,
    .supports_test_mode = FALSE,
    .can_cancel = TRUE,
    .is_paid = FALSE,
    .several_outputs = TRUE,
    .length_from_photos = TRUE,
  };
  return &caps;
}

static guint
vitrine_provider_local_get_poll_interval (VitrineProvider *provider,
                                          VitrineJob      *job)
{
  return POLL_INTERVAL_MS;
}

/* The branded video's length: the photos (and the outro) at their seconds
 * each, then the end card where the listing or the agent gives it one. */
static double
vitrine_provider_local_estimate_length (VitrineProvider *provider,
                                        VitrineJob      *job)
{
  g_autoptr(VitrineSlideshow) slideshow = vitrine_slideshow_new ();

  vitrine_slideshow_set_photos (slideshow, vitrine_job_get_photos (job));
  vitrine_slideshow_set_seconds_per_photo (slideshow, vitrine_job_get_seconds_per_photo (job));
  vitrine_slideshow_set_outro (slideshow, vitrine_job_get_outro (job));
  vitrine_slideshow_set_listing (slideshow, vitrine_job_get_listing (job));
  vitrine_slideshow_set_agent (slideshow, vitrine_job_get_agent (job));
  return vitrine_slideshow_get_duration (slideshow) +
         vitrine_slideshow_get_end_seconds (slideshow, VITRINE_VARIANT_BRANDED);
}

static gboolean
is_local_path (const char *path)
{
  return path != NULL && g_path_is_absolute (path);
}

/* Cheap checks only (no file is opened here: this runs on the main thread);
 * the renderer reports unreadable photos with their names. */
static gboolean
vitrine_provider_local_validate (VitrineProvider  *provider,
                                 VitrineJob       *job,
                                 GError          **error)
{
  const char * const *photos = vitrine_job_get_photos (job);
  const struct { const char *value; const char *what; } extras[] = {
    { vitrine_job_get_music (job), N_("The music") },
    { vitrine_job_get_logo (job), N_("The logo") },
    { vitrine_job_get_outro (job), N_("The outro image") },
  };

  for (guint i = 0; photos[i] != NULL; i++)
    {
      if (!is_local_path (photos[i]))
        {
          g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                       _("“%s” is not a file on this computer."), photos[i]);
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      if (extras[i].value != NULL && !is_local_path (extras[i].value))
        {
          g_set_error (error, VITRINE_PROVIDER_ERROR, VITRINE_PROVIDER_ERROR_INVALID_INPUT,
                       _("%s must be a file on this computer."), _(extras[i].what));
          return FALSE;
        }
    }
  return TRUE;
}

/* A file name made from the listing name: "12 rue Exemple.mp4", never one
 * that exists already or that another render is writing. */
typedef void (*OutputFunc) (VitrineJob     *job,
                            VitrineRatio    ratio,
                            VitrineVariant  variant,
                            const char     *path,
                            gpointer        user_data);
static void vitrine_provider_local_foreach_output (VitrineJob *job,
                                                   const char *output_path,
                                                   OutputFunc  func,
                                                   gpointer    user_data);

static void
taken_cb (VitrineJob     *job,
          VitrineRatio    ratio,
          VitrineVariant  variant,
          const char     *path,
          gpointer        user_data)
{
  gboolean *taken = user_data;

  *taken |= vitrine_provider_output_taken (path);
}

/* Whether any of the files @job would write from @path is taken. */
static gboolean
vitrine_provider_local_path_taken (VitrineJob *job,
                                   const char *path)
{
  gboolean taken = vitrine_provider_output_taken (path);

  vitrine_provider_local_foreach_output (job, path, taken_cb, &taken);
  return taken;
}

static char *
vitrine_provider_local_output_path (VitrineJob *job)
{
  const char *exact = vitrine_job_get_option (job, VITRINE_JOB_OPTION_OUTPUT_PATH);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  char *path;

  /* A path the person named (vitrine-cli -o), or the one an interrupted
   * render of this job was writing, is used as it is. */
  if (exact != NULL)
    return g_strdup (exact);

  dir = g_strdup (vitrine_job_get_output_dir (job));
  if (dir == NULL || *dir == '\0')
    {
      g_free (dir);
      dir = vitrine_default_output_dir ();
    }

  base = vitrine_provider_dup_file_stem (job);
  if (base == NULL || *g_strstrip (base) == '\0')
    {
      g_free (base);
      base = g_strdup (_("Listing"));
    }
  g_strdelimit (base, "/\\:*?\"<>|", '-');

  path = g_strdup_printf ("%s/%s.mp4", dir, base);
  for (guint i = 2; vitrine_provider_local_path_taken (job, path); i++)
    {
      g_free (path);
      path = g_strdup_printf ("%s/%s (%u).mp4", dir, base, i);
    }
  return path;
}


/* Calls @func for each output of @job (each ratio asked, branded, then
 * unbranded when asked), with the file it goes to. */

static void
vitrine_provider_local_foreach_output (VitrineJob *job,
                                       const char *output_path,
                                       OutputFunc  func,
                                       gpointer    user_data)
{
  VitrineRatio ratios[3];
  guint n = vitrine_ratio_flags_list (vitrine_job_get_ratios (job), ratios);

  for (guint i = 0; i < n; i++)
    for (int v = VITRINE_VARIANT_BRANDED; v <= VITRINE_VARIANT_UNBRANDED; v++)
      {
        g_autofree char *path = NULL;

        if (v == VITRINE_VARIANT_UNBRANDED && !vitrine_job_get_unbranded (job))
          continue;
        path = vitrine_job_dup_output_path (job, output_path, ratios[i], v);
        func (job, ratios[i], v, path, user_data);
      }
}

static void
claim_cb (VitrineJob     *job,
          VitrineRatio    ratio,
          VitrineVariant  variant,
          const char     *path,
          gpointer        user_data)
{
  vitrine_provider_claim_output (path);
  g_ptr_array_add (user_data, g_strdup (path));
}

static void
add_output_cb (VitrineJob     *job,
               VitrineRatio    ratio,
               VitrineVariant  variant,
               const char     *path,
               gpointer        user_data)
{
  guint width, height;

  vitrine_ratio_get_size (ratio, &width, &height);
  vitrine_slideshow_add_output (user_data, width, height, variant, path);
  vitrine_slideshow_remove_leftovers (path);
}

static void
vitrine_provider_local_add_outputs (VitrineJob       *job,
                                    VitrineSlideshow *slideshow,
                                    const char       *output_path)
{
  vitrine_provider_local_foreach_output (job, output_path, add_output_cb, slideshow);
}

static void
label_output_cb (VitrineJob     *job,
                 VitrineRatio    ratio,
                 VitrineVariant  variant,
                 const char     *path,
                 gpointer        user_data)
{
  /* "Video", or "16:9", "9:16 unbranded"… when the job makes several */
  g_autofree char *label = variant == VITRINE_VARIANT_UNBRANDED
                           ? g_strdup_printf (_("%s unbranded"), vitrine_ratio_to_string (ratio))
                           : g_strdup (vitrine_ratio_to_string (ratio));

  vitrine_job_add_output_full (job, vitrine_job_get_n_variants_wanted (job) > 1 ? label : _("Video"),
                               NULL, path, vitrine_ratio_to_string (ratio),
                               vitrine_variant_to_string (variant));
}

static void
vitrine_provider_local_label_outputs (VitrineJob *job,
                                      const char *output_path)
{
  vitrine_provider_local_foreach_output (job, output_path, label_output_cb, NULL);
}

static void
vitrine_provider_local_render_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  Render *render = user_data;

  vitrine_slideshow_render_finish (VITRINE_SLIDESHOW (object), result, &render->error);
  render->done = TRUE;

  /* A cancel is answered once the render has stopped and removed its
   * temporary file, so a process may exit right after it. */
  if (render->cancel_tasks->len > 0)
    {
      for (guint i = 0; i < render->cancel_tasks->len; i++)
        g_task_return_boolean (g_ptr_array_index (render->cancel_tasks, i), TRUE);
      g_ptr_array_set_size (render->cancel_tasks, 0);
      if (g_hash_table_lookup (render->provider->renders, render->job_id) == render)
        g_hash_table_remove (render->provider->renders, render->job_id);
    }
  g_rc_box_release_full (render, (GDestroyNotify) render_clear);
}

/* One render at a time: the encoder already uses every core, and each
 * render holds ~300 MB. Jobs created (or resumed) meanwhile wait their turn;
 * the next poll starts them. */
#define MAX_RENDERS 1

static guint
vitrine_provider_local_count_running (VitrineProviderLocal *self)
{
  GHashTableIter iter;
  Render *render;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->renders);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &render))
    n += !render->done;
  return n;
}

static gboolean
vitrine_provider_local_start (VitrineProviderLocal  *self,
                              VitrineJob            *job,
                              GError               **error)
{
  g_autofree char *output_path = NULL;
  g_autofree char *output_dir = NULL;
  g_autoptr(VitrineSlideshow) slideshow = NULL;
  Render *render;

  if (vitrine_provider_local_count_running (self) >= MAX_RENDERS)
    {
      vitrine_job_set_status_text (job, _("Waiting for the other video to finish"));
      return TRUE;
    }

  output_path = vitrine_provider_local_output_path (job);
  output_dir = g_path_get_dirname (output_path);
  slideshow = vitrine_slideshow_new ();

  if (g_mkdir_with_parents (output_dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s"), output_dir, g_strerror (saved_errno));
      return FALSE;
    }

  vitrine_job_set_option (job, VITRINE_JOB_OPTION_OUTPUT_PATH, output_path);
  vitrine_provider_local_add_outputs (job, slideshow, output_path);
  vitrine_slideshow_set_photos (slideshow, vitrine_job_get_photos (job));
  vitrine_slideshow_set_music (slideshow, vitrine_job_get_music (job));
  vitrine_slideshow_set_seconds_per_photo (slideshow, vitrine_job_get_seconds_per_photo (job));
  vitrine_slideshow_set_title (slideshow, vitrine_job_get_title (job));
  vitrine_slideshow_set_logo (slideshow, vitrine_job_get_logo (job));
  vitrine_slideshow_set_outro (slideshow, vitrine_job_get_outro (job));
  vitrine_slideshow_set_captions (slideshow, vitrine_job_get_captions (job));
  vitrine_slideshow_set_listing (slideshow, vitrine_job_get_listing (job));
  vitrine_slideshow_set_agent (slideshow, vitrine_job_get_agent (job));
  vitrine_slideshow_set_fit (slideshow, vitrine_job_get_fit (job));

  render = g_rc_box_new0 (Render);
  render->provider = self;
  render->job_id = g_strdup (vitrine_job_get_id (job));
  render->cancel_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  render->slideshow = g_steal_pointer (&slideshow);
  render->cancellable = g_cancellable_new ();
  render->output_path = g_steal_pointer (&output_path);
  render->claimed = g_ptr_array_new_with_free_func (g_free);
  vitrine_provider_local_foreach_output (job, render->output_path, claim_cb, render->claimed);
  render->started = g_get_monotonic_time ();
  g_hash_table_replace (self->renders, g_strdup (vitrine_job_get_id (job)), render);

  vitrine_job_clear_outputs (job);
  vitrine_job_set_status_text (job, NULL);
  vitrine_job_set_error_message (job, NULL);
  vitrine_job_begin_step (job, VITRINE_JOB_STATE_PROCESSING);
  vitrine_slideshow_render_async (render->slideshow, NULL, render->cancellable,
                                  vitrine_provider_local_render_cb, g_rc_box_acquire (render));
  return TRUE;
}

/* Reads the render of @job into the job; restarts one that is not running. */
static gboolean
vitrine_provider_local_update (VitrineProviderLocal  *self,
                               VitrineJob            *job,
                               GError               **error)
{
  Render *render = g_hash_table_lookup (self->renders, vitrine_job_get_id (job));

  if (render == NULL)
    return vitrine_provider_local_start (self, job, error);

  if (!render->done)
    {
      /* 100 only once the file is complete. */
      double progress = vitrine_slideshow_get_progress (render->slideshow);

      /* no status text while it works: the job list says "Making the
       * video (45 %)" ("Encoding with x264enc" meant nothing to an agent,
       * and pushed the percentage out of the row) */
      vitrine_job_set_progress (job, MIN ((guint) (progress * 100.0), 99));
      return TRUE;
    }

  if (render->error == NULL)
    {
      guint seconds = (g_get_monotonic_time () - render->started + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
      g_autofree char *text =
        /* Translators: a finished video: "Made with x264enc in 14 s" */
        g_strdup_printf (_("Made with %s in %u s"),
                         vitrine_slideshow_get_encoder_name (render->slideshow), seconds);

      vitrine_provider_local_label_outputs (job, render->output_path);
      vitrine_job_set_status_text (job, text);
      vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
    }
  else if (g_error_matches (render->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
  else
    vitrine_job_fail (job, render->error->message);

  g_hash_table_remove (self->renders, vitrine_job_get_id (job));
  return TRUE;
}

/* Submit and poll do their work at once (the render runs in its own
 * threads) and answer through a GTask, like every provider. */
typedef gboolean (*LocalStep) (VitrineProviderLocal  *self,
                               VitrineJob            *job,
                               GError               **error);

static void
vitrine_provider_local_run_step (VitrineProvider     *provider,
                                 VitrineJob          *job,
                                 LocalStep            step,
                                 gpointer             source_tag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VitrineProviderLocal *self = VITRINE_PROVIDER_LOCAL (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, source_tag);
  if (!step (self, job, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
vitrine_provider_local_submit_async (VitrineProvider     *provider,
                                     VitrineJob          *job,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  vitrine_provider_local_run_step (provider, job, vitrine_provider_local_start,
                                   vitrine_provider_local_submit_async,
                                   cancellable, callback, user_data);
}

static void
vitrine_provider_local_poll_async (VitrineProvider     *provider,
                                   VitrineJob          *job,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  vitrine_provider_local_run_step (provider, job, vitrine_provider_local_update,
                                   vitrine_provider_local_poll_async,
                                   cancellable, callback, user_data);
}

static void
vitrine_provider_local_cancel_async (VitrineProvider     *provider,
                                     VitrineJob          *job,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  VitrineProviderLocal *self = VITRINE_PROVIDER_LOCAL (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  Render *render = g_hash_table_lookup (self->renders, vitrine_job_get_id (job));

  g_task_set_source_tag (task, vitrine_provider_local_cancel_async);
  vitrine_job_set_status_text (job, NULL);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
  if (render == NULL || render->done)
    {
      g_hash_table_remove (self->renders, vitrine_job_get_id (job));
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* The renderer stops and deletes its partial file; the task is answered
   * then (vitrine_provider_local_render_cb). */
  g_ptr_array_add (render->cancel_tasks, g_steal_pointer (&task));
  g_cancellable_cancel (render->cancellable);
}

static void
vitrine_provider_local_finalize (GObject *object)
{
  VitrineProviderLocal *self = (VitrineProviderLocal *) object;

  g_hash_table_unref (self->renders);
  G_OBJECT_CLASS (vitrine_provider_local_parent_class)->finalize (object);
}

static void
vitrine_provider_local_iface_init (VitrineProviderInterface *iface)
{
  iface->get_id = vitrine_provider_local_get_id;
  iface->get_display_name = vitrine_provider_local_get_display_name;
  iface->get_capabilities = vitrine_provider_local_get_capabilities;
  iface->get_poll_interval = vitrine_provider_local_get_poll_interval;
  iface->validate = vitrine_provider_local_validate;
  iface->estimate_length = vitrine_provider_local_estimate_length;
  iface->submit_async = vitrine_provider_local_submit_async;
  iface->poll_async = vitrine_provider_local_poll_async;
  iface->cancel_async = vitrine_provider_local_cancel_async;
}

static void
vitrine_provider_local_class_init (VitrineProviderLocalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_provider_local_finalize;
}

static void
vitrine_provider_local_init (VitrineProviderLocal *self)
{
  self->renders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) render_release);
}

VitrineProvider *
vitrine_provider_local_new (void)
{
  return g_object_new (VITRINE_TYPE_PROVIDER_LOCAL, NULL);
}
