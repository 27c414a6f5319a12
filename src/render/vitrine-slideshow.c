/* vitrine-slideshow.c: the local GStreamer slideshow renderer
 *
 * The GObject and the render on the main thread: the settings, the outputs
 * asked for, the pipeline's bus, progress, cancel, and the teardown that
 * renames every finished output into place (or deletes them all). The
 * frames, the cards, the soundtrack and the pipeline are in the other
 * files of this folder (see vitrine-slideshow-private.h).
 *
 * Only the photo on screen and the next one are held decoded, by each
 * stream; each output is written to a hidden file beside its target and
 * renamed into place when every muxer has finished.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/file.h>
#include <sys/statvfs.h>

#include "vitrine-slideshow.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "vitrine-background.h"
#include "vitrine-card.h"
#include "vitrine-music.h"
#include "vitrine-render-pool.h"
#include "vitrine-slideshow-private.h"

#define MIN_SIDE 16
#define MAX_SIDE 8192

G_DEFINE_QUARK (vitrine-render-error-quark, vitrine_render_error)

/* Tried in this order; hardware elements only register when their device
 * is present. */
static const char * const video_encoders[] = {
  "vah264enc", "vah264lpenc", "vaapih264enc", "nvh264enc", "nvautogpuh264enc",
  "qsvh264enc", "amfh264enc", "v4l2h264enc",
  "x264enc",
  "openh264enc",
};

/* An output asked for with vitrine_slideshow_add_output(). */
typedef struct {
  guint width, height;
  VitrineVariant variant;
  char *path;
} OutputSpec;

static void
output_spec_clear (gpointer data)
{
  g_free (((OutputSpec *) data)->path);
}

struct _VitrineSlideshow {
  GObject parent_instance;

  char **photos;
  char *music;
  char *title;
  char *logo;
  char *outro;
  guint width;
  guint height;
  double seconds_per_photo;
  char **captions;
  VitrineListing *listing;
  VitrineAgent *agent;
  VitrineFit fit;
  GArray *outputs; /* OutputSpec */

  double progress;
  char *encoder_name;
  RenderJob *job; /* while rendering */
};

G_DEFINE_FINAL_TYPE (VitrineSlideshow, vitrine_slideshow, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void render_job_finish (RenderJob *job,
                               GError    *error);

/* Helpers ------------------------------------------------------------------ */

char *
vitrine_render_display_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_filename_display_name (base);
}

static void
set_progress (VitrineSlideshow *self,
              double            progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

gboolean
vitrine_render_has_element (const char *name)
{
  GstElementFactory *factory = gst_element_factory_find (name);

  if (factory == NULL)
    return FALSE;
  gst_object_unref (factory);
  return TRUE;
}

static void
ensure_gst (void)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
}

const char *
vitrine_slideshow_find_encoder (void)
{
  const char *forced = g_getenv ("VITRINE_ENCODER");

  ensure_gst ();

  /* VITRINE_ENCODER=openh264enc (say) picks one, for tests and comparisons */
  if (forced != NULL && *forced != '\0')
    {
      for (guint i = 0; i < G_N_ELEMENTS (video_encoders); i++)
        if (g_str_equal (forced, video_encoders[i]))
          return vitrine_render_has_element (video_encoders[i]) ? video_encoders[i] : NULL;
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (video_encoders); i++)
    if (vitrine_render_has_element (video_encoders[i]))
      return video_encoders[i];

  return NULL;
}

void
vitrine_render_post_error (RenderJob *job,
                           GError    *error)
{
  GstStructure *s = gst_structure_new ("vitrine-error", "error", G_TYPE_ERROR, error, NULL);

  g_error_free (error);
  gst_bus_post (job->bus, gst_message_new_application (NULL, s));
}

/* The job, on the main thread ---------------------------------------------- */

static void
render_job_free (RenderJob *job)
{
  for (int i = 0; i < job->n_streams; i++)
    {
      Stream *stream = &job->streams[i];

      for (int k = 0; k < job->n_slots; k++)
        {
          vitrine_picture_free (stream->slots[k].pic);
          g_clear_error (&stream->slots[k].error);
        }
      g_free (stream->slots);
      gst_clear_object (&stream->src);
    }
  for (int i = 0; i < job->n_outputs; i++)
    {
      Output *output = &job->outputs[i];

      g_free (output->path);
      if (output->tmp_path != NULL)
        close (output->tmp_fd);
      g_free (output->tmp_path);
      g_free (output->mdat_path);
      gst_clear_object (&output->vsrc);
      gst_clear_object (&output->asrc);
    }
  vitrine_photo_cache_free (job->cache);
  g_strfreev (job->paths);
  g_strfreev (job->captions);
  vitrine_listing_free (job->listing);
  vitrine_agent_free (job->agent);
  g_free (job->music);
  g_free (job->title);
  g_free (job->logo);
  gst_clear_object (&job->asrc);
  gst_clear_object (&job->bus);
  gst_clear_object (&job->pipeline);
  g_clear_error (&job->error);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->task);
  g_clear_object (&job->self);
}

static RenderJob *
render_job_ref (RenderJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
render_job_unref (RenderJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) render_job_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderJob, render_job_unref)

static gboolean
progress_cb (gpointer user_data)
{
  RenderJob *job = user_data;
  double done = g_atomic_int_get (&job->frames_done);

  /* the last percent is mp4mux writing the index */
  set_progress (job->self, 0.99 * done / MAX (1, job->total_frames));

  return G_SOURCE_CONTINUE;
}

/* mp4mux reports a failed write of its temporary file without saying why;
 * a folder with almost no room left is the usual reason. */
static gboolean
output_disk_is_full (const char *output_path)
{
  g_autofree char *dir = g_path_get_dirname (output_path);
  struct statvfs st;

  return statvfs (dir, &st) == 0 && (guint64) st.f_bavail * st.f_frsize < 4 * 1024 * 1024;
}

static GError *
error_from_message (RenderJob  *job,
                    GstMessage *msg)
{
  g_autoptr(GError) gerror = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *name = vitrine_render_display_name (job->outputs[0].path);
  GstObject *src = GST_MESSAGE_SRC (msg);
  g_autofree char *src_name = src ? gst_object_get_name (src) : NULL;

  gst_message_parse_error (msg, &gerror, &debug);
  g_debug ("Error from %s: %s (%s)", src_name ? src_name : "?", gerror->message, debug ? debug : "");

  if (gerror->domain == GST_RESOURCE_ERROR &&
      src_name != NULL && (g_str_has_prefix (src_name, "sink") || g_str_has_prefix (src_name, "mux")))
    {
      const char *reason = gerror->message;

      if (gerror->code == GST_RESOURCE_ERROR_NO_SPACE_LEFT || output_disk_is_full (job->outputs[0].path))
        reason = _("the disk is full");
      return g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_WRITE,
                          _("Cannot write “%s”: %s"), name, reason);
    }

  if (gerror->domain == GST_CORE_ERROR && gerror->code == GST_CORE_ERROR_MISSING_PLUGIN)
    return g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_NO_ENCODER,
                        _("A GStreamer element is missing: %s"), gerror->message);

  return g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_FAILED,
                      _("The video could not be made (%s: %s)"),
                      src_name ? src_name : "GStreamer", gerror->message);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *msg,
        gpointer    user_data)
{
  RenderJob *job = user_data;

  if (job->finishing)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_EOS:
      render_job_finish (job, NULL);
      break;

    case GST_MESSAGE_ERROR:
      render_job_finish (job, error_from_message (job, msg));
      break;

    case GST_MESSAGE_APPLICATION:
      {
        const GstStructure *s = gst_message_get_structure (msg);
        GError *error = NULL;

        if (gst_structure_has_name (s, "vitrine-error") &&
            gst_structure_get (s, "error", G_TYPE_ERROR, &error, NULL))
          render_job_finish (job, error);
      }
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (msg, &warning, &debug);
        g_debug ("GStreamer warning: %s (%s)", warning->message, debug ? debug : "");
      }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Every output renamed into place, or none (the others are deleted). */
static void
keep_outputs (RenderJob *job)
{
  int kept = 0;

  for (; job->error == NULL && kept < job->n_outputs; kept++)
    {
      Output *output = &job->outputs[kept];

      if (g_rename (output->tmp_path, output->path) != 0)
        {
          int errsv = errno;
          g_autofree char *name = vitrine_render_display_name (output->path);

          job->error = g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_WRITE,
                                    _("Cannot write “%s”: %s"), name, g_strerror (errsv));
          break;
        }
    }
  for (int i = 0; i < job->n_outputs; i++)
    {
      if (job->error != NULL)
        g_unlink (i < kept ? job->outputs[i].path : job->outputs[i].tmp_path);
      g_unlink (job->outputs[i].mdat_path);
    }
}

/* In a GTask thread: stops everything, then keeps or deletes the outputs. */
static void
teardown_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RenderJob *job = task_data;

  g_atomic_int_set (&job->stop, 1);
  if (job->pipeline != NULL)
    gst_element_set_state (job->pipeline, GST_STATE_NULL);
  for (int i = 0; i < job->n_streams; i++)
    if (job->streams[i].thread != NULL)
      g_thread_join (g_steal_pointer (&job->streams[i].thread));
  if (job->audio_thread != NULL)
    g_thread_join (g_steal_pointer (&job->audio_thread));

  if (job->error == NULL && g_atomic_int_get (&job->cancelled))
    job->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  keep_outputs (job);
  g_task_return_boolean (task, TRUE);
}

static void
teardown_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RenderJob) job = user_data;
  VitrineSlideshow *self = job->self;
  g_autoptr(GTask) task = g_steal_pointer (&job->task);

  if (self->job == job)
    self->job = NULL;

  if (job->error != NULL)
    {
      if (!g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Render failed: %s", job->error->message);
      g_task_return_error (task, g_steal_pointer (&job->error));
    }
  else
    {
      set_progress (self, 1.0);
      g_task_return_boolean (task, TRUE);
    }
}

static void
render_job_finish (RenderJob *job,
                   GError    *error)
{
  g_autoptr(GTask) teardown = NULL;

  if (job->finishing)
    {
      g_clear_error (&error);
      return;
    }

  job->finishing = TRUE;
  job->error = error;
  g_atomic_int_set (&job->stop, 1);

  if (job->bus != NULL)
    gst_bus_remove_watch (job->bus);
  g_clear_handle_id (&job->progress_id, g_source_remove);
  if (job->cancel_id != 0)
    {
      g_cancellable_disconnect (job->cancellable, job->cancel_id);
      job->cancel_id = 0;
    }

  teardown = g_task_new (NULL, NULL, teardown_done_cb, render_job_ref (job));
  g_task_set_source_tag (teardown, render_job_finish);
  g_task_set_task_data (teardown, render_job_ref (job), (GDestroyNotify) render_job_unref);
  /* before any batch of photos waiting for a background thread */
  g_task_set_priority (teardown, G_PRIORITY_HIGH);
  vitrine_background_run (teardown, teardown_thread);
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  RenderJob *job = user_data;

  if (!job->finishing)
    render_job_finish (job, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled")));

  return G_SOURCE_REMOVE;
}

/* Any thread. Never finishes here: g_cancellable_disconnect() from inside
 * this handler would deadlock. */
static void
on_cancelled (GCancellable *cancellable,
              RenderJob    *job)
{
  GSource *source = g_idle_source_new ();

  g_atomic_int_set (&job->cancelled, 1);
  g_atomic_int_set (&job->stop, 1);
  g_source_set_callback (source, cancel_idle_cb, render_job_ref (job), (GDestroyNotify) render_job_unref);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/* GObject ------------------------------------------------------------------ */

static void
vitrine_slideshow_finalize (GObject *object)
{
  VitrineSlideshow *self = VITRINE_SLIDESHOW (object);

  g_strfreev (self->photos);
  g_free (self->music);
  g_free (self->title);
  g_free (self->logo);
  g_free (self->outro);
  g_free (self->encoder_name);
  g_strfreev (self->captions);
  vitrine_listing_free (self->listing);
  vitrine_agent_free (self->agent);
  g_array_unref (self->outputs);

  G_OBJECT_CLASS (vitrine_slideshow_parent_class)->finalize (object);
}

static void
vitrine_slideshow_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VitrineSlideshow *self = VITRINE_SLIDESHOW (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_slideshow_class_init (VitrineSlideshowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vitrine_slideshow_finalize;
  object_class->get_property = vitrine_slideshow_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_slideshow_init (VitrineSlideshow *self)
{
  self->width = 1920;
  self->height = 1080;
  self->seconds_per_photo = 3.0;
  self->listing = vitrine_listing_new ();
  self->agent = vitrine_agent_new ();
  self->outputs = g_array_new (FALSE, TRUE, sizeof (OutputSpec));
  g_array_set_clear_func (self->outputs, output_spec_clear);
}

VitrineSlideshow *
vitrine_slideshow_new (void)
{
  return g_object_new (VITRINE_TYPE_SLIDESHOW, NULL);
}

/* A side of the video: even (4:2:0 needs it) and within bounds. */
static guint
even_side (guint side)
{
  return CLAMP ((side + 1) & ~1u, MIN_SIDE, MAX_SIDE);
}

/* @value into @field, "" as NULL. */
static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value != NULL && *value != '\0' ? value : NULL);
}

void
vitrine_slideshow_set_photos (VitrineSlideshow   *self,
                              const char * const *paths)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));

  g_strfreev (self->photos);
  self->photos = g_strdupv ((char **) paths);
}

void
vitrine_slideshow_set_music (VitrineSlideshow *self,
                             const char       *path)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  set_string (&self->music, path);
}

void
vitrine_slideshow_set_size (VitrineSlideshow *self,
                            guint             width,
                            guint             height)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));

  self->width = even_side (width);
  self->height = even_side (height);
}

void
vitrine_slideshow_set_seconds_per_photo (VitrineSlideshow *self,
                                         double            seconds)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  self->seconds_per_photo = CLAMP (seconds, 0.2, 600.0);
}

void
vitrine_slideshow_set_title (VitrineSlideshow *self,
                             const char       *title)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  set_string (&self->title, title);
}

void
vitrine_slideshow_set_logo (VitrineSlideshow *self,
                            const char       *path)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  set_string (&self->logo, path);
}

void
vitrine_slideshow_set_outro (VitrineSlideshow *self,
                             const char       *path)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  set_string (&self->outro, path);
}

void
vitrine_slideshow_set_captions (VitrineSlideshow   *self,
                                const char * const *captions)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));

  g_strfreev (self->captions);
  self->captions = g_strdupv ((char **) captions);
}

void
vitrine_slideshow_set_listing (VitrineSlideshow     *self,
                               const VitrineListing *listing)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));

  vitrine_listing_free (self->listing);
  self->listing = vitrine_listing_copy (listing);
}

void
vitrine_slideshow_set_agent (VitrineSlideshow   *self,
                             const VitrineAgent *agent)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));

  vitrine_agent_free (self->agent);
  self->agent = vitrine_agent_copy (agent);
}

void
vitrine_slideshow_set_fit (VitrineSlideshow *self,
                           VitrineFit        fit)
{
  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  self->fit = fit;
}

void
vitrine_slideshow_add_output (VitrineSlideshow *self,
                              guint             width,
                              guint             height,
                              VitrineVariant    variant,
                              const char       *path)
{
  OutputSpec spec;

  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->outputs->len < MAX_OUTPUTS);

  spec = (OutputSpec) { even_side (width), even_side (height), variant, g_strdup (path) };
  g_array_append_val (self->outputs, spec);
}

double
vitrine_slideshow_get_end_seconds (VitrineSlideshow *self,
                                   VitrineVariant    variant)
{
  g_return_val_if_fail (VITRINE_IS_SLIDESHOW (self), 0);

  return vitrine_card_end_wanted (variant, self->listing, self->agent) ? END_SECONDS : 0;
}

double
vitrine_slideshow_get_duration (VitrineSlideshow *self)
{
  guint n;

  g_return_val_if_fail (VITRINE_IS_SLIDESHOW (self), 0);

  n = self->photos ? g_strv_length (self->photos) : 0;
  if (n == 0)
    return 0;
  return (n + (self->outro ? 1 : 0)) * self->seconds_per_photo;
}

double
vitrine_slideshow_get_progress (VitrineSlideshow *self)
{
  g_return_val_if_fail (VITRINE_IS_SLIDESHOW (self), 0);
  return self->progress;
}

const char *
vitrine_slideshow_get_encoder_name (VitrineSlideshow *self)
{
  g_return_val_if_fail (VITRINE_IS_SLIDESHOW (self), NULL);
  return self->encoder_name;
}

/* Rendering ---------------------------------------------------------------- */

/* The temporary file beside @output (same disk, and an early check that
 * the folder can be written). */
static gboolean
output_open (Output  *output,
             GError **error)
{
  g_autofree char *dir = g_path_get_dirname (output->path);
  g_autofree char *base = g_path_get_basename (output->path);
  int fd;

  output->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (output->tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int errsv = errno;
      g_autofree char *display_dir = g_filename_display_name (dir);

      g_clear_pointer (&output->tmp_path, g_free);
      g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_WRITE,
                   _("Cannot write to “%s”: %s"), display_dir, g_strerror (errsv));
      return FALSE;
    }
  /* Locked for as long as this render lives: a leftover is a file nobody
   * holds (vitrine_slideshow_remove_leftovers). */
  flock (fd, LOCK_EX | LOCK_NB);
  output->tmp_fd = fd;
  output->mdat_path = g_strconcat (output->tmp_path, ".mdat", NULL);
  return TRUE;
}

/* A stream for each size (and, when a corner logo is drawn, the unbranded
 * outputs of a size apart: the logo is branding); its outputs' end cards
 * follow its body in the order asked. */
static void
plan_streams (RenderJob *job)
{
  for (int o = 0; o < job->n_outputs; o++)
    {
      Output *output = &job->outputs[o];
      gboolean logo = job->logo != NULL && output->variant == VITRINE_VARIANT_BRANDED;
      Stream *stream = NULL;

      for (int s = 0; s < job->n_streams && stream == NULL; s++)
        if (job->streams[s].width == output->width && job->streams[s].height == output->height &&
            (job->logo == NULL || job->streams[s].logo == logo))
          stream = &job->streams[s];
      if (stream == NULL)
        {
          stream = &job->streams[job->n_streams++];
          stream->job = job;
          stream->width = output->width;
          stream->height = output->height;
          stream->logo = logo;
          stream->n_frames = job->body_frames;
        }
      stream->outputs[stream->n_outputs++] = output;
      stream->n_frames += output->end_frames;
      job->total_frames += output->end_frames + (stream->n_outputs == 1 ? job->body_frames : 0);
    }
}

/* Each stream's slots, and the cache that decodes each photo once at a size
 * that covers every stream's largest crop. */
static void
plan_slots (RenderJob *job)
{
  int need_w = 0, need_h = 0;
  int n_photos = job->n_slots - (job->has_outro ? 1 : 0);

  for (int s = 0; s < job->n_streams; s++)
    {
      Stream *stream = &job->streams[s];

      need_w = MAX (need_w, (int) ceil (stream->width * ZOOM));
      need_h = MAX (need_h, (int) ceil (stream->height * ZOOM));
      stream->slots = g_new0 (Slot, job->n_slots);
      for (int i = 0; i < job->n_slots; i++)
        {
          Slot *slot = &stream->slots[i];

          slot->is_outro = i >= n_photos;
          slot->photo = slot->is_outro ? -1 : i;
          slot->path = job->paths[i];
          slot->visible_from = MAX (0.0, i * job->spp - job->fade / 2);
          slot->visible_to = MIN (job->duration, (i + 1) * job->spp + job->fade / 2);
        }
    }
  job->cache = vitrine_photo_cache_new (n_photos, job->n_streams, need_w, need_h);
}

static RenderJob *
render_job_new (VitrineSlideshow *self,
                const char       *output_path,
                GCancellable     *cancellable)
{
  RenderJob *job = g_atomic_rc_box_new0 (RenderJob);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  GstClockTime longest = 0;

  job->self = g_object_ref (self);
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->spp = self->seconds_per_photo;
  g_strv_builder_addv (paths, (const char **) self->photos);
  if (self->outro != NULL)
    g_strv_builder_add (paths, self->outro);
  job->paths = g_strv_builder_end (paths);
  job->has_outro = self->outro != NULL;
  job->n_slots = g_strv_length (job->paths);
  job->duration = job->n_slots * job->spp;
  job->body_frames = MAX (1, llround (job->duration * FPS));
  job->fade = CLAMP (job->spp * 0.25, 2.0 / FPS, 1.0);
  job->music = g_strdup (self->music);
  job->title = g_strdup (self->title);
  job->logo = g_strdup (self->logo);
  job->captions = g_strdupv (self->captions);
  job->listing = vitrine_listing_copy (self->listing);
  job->agent = vitrine_agent_copy (self->agent);
  job->fit = self->fit;

  if (self->outputs->len == 0)
    {
      job->outputs[0] = (Output) { VITRINE_VARIANT_BRANDED, self->width, self->height,
                                   g_strdup (output_path) };
      job->n_outputs = 1;
    }
  for (guint i = 0; i < self->outputs->len; i++)
    {
      OutputSpec *spec = &g_array_index (self->outputs, OutputSpec, i);

      job->outputs[job->n_outputs++] = (Output) { spec->variant, spec->width, spec->height,
                                                  g_strdup (spec->path) };
    }
  for (int o = 0; o < job->n_outputs; o++)
    {
      Output *output = &job->outputs[o];
      double end = vitrine_slideshow_get_end_seconds (self, output->variant);

      output->end_frames = llround (end * FPS);
      output->duration = gst_util_uint64_scale (job->body_frames + output->end_frames, GST_SECOND, FPS);
      longest = MAX (longest, output->duration);
    }
  job->n_samples = gst_util_uint64_scale (longest, VITRINE_MUSIC_RATE, GST_SECOND);
  plan_streams (job);
  plan_slots (job);
  return job;
}

/* Watches the bus, progress and the cancellable on this thread's context. */
static void
render_job_watch (RenderJob *job)
{
  GSource *source = g_timeout_source_new (100);

  job->bus = gst_element_get_bus (job->pipeline);
  gst_bus_add_watch_full (job->bus, G_PRIORITY_DEFAULT, bus_cb, render_job_ref (job),
                          (GDestroyNotify) render_job_unref);
  g_source_set_callback (source, progress_cb, render_job_ref (job), (GDestroyNotify) render_job_unref);
  job->progress_id = g_source_attach (source, job->context);
  g_source_unref (source);
  if (job->cancellable != NULL)
    job->cancel_id = g_cancellable_connect (job->cancellable, G_CALLBACK (on_cancelled),
                                            render_job_ref (job), (GDestroyNotify) render_job_unref);
}

static gboolean
render_job_prepare (RenderJob  *job,
                    GError    **error)
{
  int opened = 0;

  if (!(job->encoder = vitrine_slideshow_find_encoder ()))
    {
      g_set_error (error, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_NO_ENCODER,
                   _("No H.264 encoder is installed (install gstreamer1.0-plugins-ugly for x264)"));
      return FALSE;
    }
  for (; opened < job->n_outputs; opened++)
    if (!output_open (&job->outputs[opened], error))
      break;
  if (opened == job->n_outputs && vitrine_render_build_pipeline (job, error))
    {
      vitrine_render_pool_use (job->pipeline);
      return TRUE;
    }
  for (int i = 0; i < opened; i++)
    g_unlink (job->outputs[i].tmp_path);
  return FALSE;
}

/* In a GTask thread: GStreamer's first use loads its plugins (a tenth of a
 * second and more), so the encoder is looked for and the pipeline built
 * away from the main loop. */
static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (render_job_prepare (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Back on the render's thread: starts it, or says why it cannot. */
static void
prepare_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RenderJob) job = user_data;
  VitrineSlideshow *self = job->self;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autoptr(GTask) task = g_steal_pointer (&job->task);

      self->job = NULL;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->encoder_name, g_free);
  self->encoder_name = g_strdup (job->encoder);
  g_info ("Encoding with %s", job->encoder);

  /* Cancelled while it was being built: the teardown deletes what was
   * opened. */
  if (g_cancellable_is_cancelled (job->cancellable))
    {
      render_job_finish (job, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled")));
      return;
    }

  render_job_watch (job);
  if (gst_element_set_state (job->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) msg = gst_bus_pop_filtered (job->bus, GST_MESSAGE_ERROR);

      render_job_finish (job, msg ? error_from_message (job, msg)
                                  : g_error_new (VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_FAILED,
                                                 _("The encoding pipeline cannot start")));
      return;
    }

  for (int i = 0; i < job->n_streams; i++)
    job->streams[i].thread = g_thread_new ("vitrine-video", vitrine_render_stream_thread,
                                           &job->streams[i]);
  job->audio_thread = g_thread_new ("vitrine-audio", vitrine_render_audio_thread, job);
}

/* Returns at once: the pipeline is built in a thread (prepare_thread()). */
void
vitrine_slideshow_render_async (VitrineSlideshow    *self,
                                const char          *output_path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) prepare = NULL;
  RenderJob *job;

  g_return_if_fail (VITRINE_IS_SLIDESHOW (self));
  g_return_if_fail ((output_path != NULL) != (self->outputs->len > 0));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_slideshow_render_async);
  /* a finished render stays finished even if cancelled afterwards */
  g_task_set_check_cancellable (task, FALSE);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (self->job != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This slideshow is already being rendered"));
      return;
    }
  if (self->photos == NULL || self->photos[0] == NULL)
    {
      g_task_return_new_error (task, VITRINE_RENDER_ERROR, VITRINE_RENDER_ERROR_BAD_INPUT,
                               _("There are no photos to make a video of"));
      return;
    }

  job = render_job_new (self, output_path, cancellable);
  job->task = g_steal_pointer (&task);
  self->job = job;
  set_progress (self, 0.0);

  prepare = g_task_new (NULL, NULL, prepare_done_cb, job);
  g_task_set_source_tag (prepare, prepare_thread);
  g_task_set_task_data (prepare, render_job_ref (job), (GDestroyNotify) render_job_unref);
  g_task_set_priority (prepare, G_PRIORITY_HIGH);
  vitrine_background_run (prepare, prepare_thread);
}

gboolean
vitrine_slideshow_render_finish (VitrineSlideshow  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (VITRINE_IS_SLIDESHOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whether a render holds @tmp_path (its lock, see output_open). */
static gboolean
temp_in_use (const char *tmp_path)
{
  int fd = g_open (tmp_path, O_RDONLY | O_CLOEXEC, 0);
  gboolean held;

  if (fd < 0)
    return FALSE;
  held = flock (fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close (fd);
  return held;
}

void
vitrine_slideshow_remove_leftovers (const char *output_path)
{
  g_autofree char *dir = g_path_get_dirname (output_path);
  g_autofree char *base = g_path_get_basename (output_path);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      const char *rest = name + strlen (prefix);
      g_autofree char *path = NULL;
      g_autofree char *tmp = NULL;

      if (!g_str_has_prefix (name, prefix) ||
          !(strlen (rest) == 6 || (strlen (rest) == 11 && g_str_has_suffix (rest, ".mdat"))))
        continue;
      path = g_build_filename (dir, name, NULL);
      /* ".mdat" goes with the temporary file it is named after. */
      tmp = strlen (rest) == 6 ? g_strdup (path) : g_strndup (path, strlen (path) - strlen (".mdat"));
      if (temp_in_use (tmp))
        continue;
      g_debug ("Removing %s, left by an interrupted render", path);
      g_unlink (path);
    }
}
