/* bench-compare.c: four providers' jobs from one Create, in the real window
 *
 *   bench-compare [N_PHOTOS]
 *
 * Starts the S3 test peer (tests/s3) and the loopback fakes of the cloud
 * providers (on a thread of their own, see Fakes), opens the window with N_PHOTOS photos (8 by default, 3000
 * × 2000) in the grid, turns Compare Providers on with the four checked,
 * (this computer, Vikit, IACrea, AIXpose) and activates Create. Every cost question is answered Pay. Until the four
 * jobs are past their upload (photos prepared, uploaded to the media host
 * or to the provider, the video asked for), a high-priority 10 ms repeating
 * timeout records how late it runs: the longest stall of the main loop.
 * Prints one line:
 *
 *   providers=4 confirmations=1 longest_stall_ms=12.3 limit_ms=50 longest_main_busy_ms=9.8
 *   longest_frame_ms=8.1 wall_s=3.2 photos=8 load=0.4 renderer=GskCairoRenderer states=…
 *
 * and exits 0 when there was one confirmation at most, no stall over 50 ms
 * and all four got past their upload (issue 12's numbers).
 * longest_main_busy_ms is the most CPU time the main thread itself used
 * between two runs of the probe, and load the machine's load average: on a
 * machine busy with other work, a stall is mostly the main thread waiting
 * for a core, and these two tell the window's own share. longest_frame_ms
 * is the longest frame of the window (layout and drawing), drawn by the
 * renderer Vitrine's main () would choose: under Xvfb, OpenGL is Mesa's
 * software rasterizer (llvmpipe), so Cairo (vitrine-renderer.c), unless
 * GSK_RENDERER says otherwise. BENCH_VERBOSE=1 prints every stall and every frame
 * over 30 ms, a frame with the time of its update and layout phases and of
 * its paint phase.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "vitrine-application.h"
#include "vitrine-confirm.h"
#include "vitrine-fake-aixpose.h"
#include "vitrine-fake-iacrea.h"
#include "vitrine-fake-vidgen.h"
#include "vitrine-fake-vikit.h"
#include "vitrine-photo-grid.h"
#include "vitrine-provider-options.h"
#include "vitrine-renderer.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"
#include "vitrine-test-s3.h"
#include "vitrine-window.h"

#define PROBE_MS 10
#define LIMIT_MS 50
#define N_PROVIDERS 4

/* VidGen is left out: it needs a music file, which only a file chooser
 * gives in the window; this computer renders beside the three others. */
static const char * const providers[] = { "local", "vikit", "iacrea", "aixpose", NULL };

static gint64 last_probe, last_cpu;
static gint64 worst_stall;
static gint64 worst_busy;
static gint64 paint_start, worst_paint;
static gint64 layout_done, paint_done;  /* in this frame: after GTK's own handlers */
static gboolean measuring;

/* CPU time of the calling thread (the main one), in µs. */
static gint64
thread_cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* A stall is how late the probe runs. On a loaded machine most of it can be
 * the main thread waiting for a core; the CPU time the main thread itself
 * used between two probes (busy) tells its own share. */
static gboolean
probe_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (measuring && last_probe != 0)
    {
      gint64 stall = now - last_probe - PROBE_MS * 1000;
      gint64 busy = cpu - last_cpu;

      worst_stall = MAX (worst_stall, stall);
      worst_busy = MAX (worst_busy, busy);
      if (stall > 30000 && g_getenv ("BENCH_VERBOSE"))
        g_printerr ("stall %.1f ms (main thread busy %.1f ms) at %.3f s\n", stall / 1e3, busy / 1e3,
                    g_get_real_time () / 1e6);
    }
  last_probe = now;
  last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
layout_cb (GdkFrameClock *clock,
           gpointer       user_data)
{
  layout_done = g_get_monotonic_time ();
}

static void
paint_cb (GdkFrameClock *clock,
          gpointer       user_data)
{
  paint_done = g_get_monotonic_time ();
}

/* A frame of the window: from its layout to its pixels on screen (under
 * Xvfb, GL is Mesa's llvmpipe: the pixels are drawn by the CPU). */
static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  paint_start = layout_done = paint_done = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 took = g_get_monotonic_time () - paint_start;

  if (measuring && paint_start != 0)
    worst_paint = MAX (worst_paint, took);
  if (measuring && paint_start != 0 && took > 30000 && g_getenv ("BENCH_VERBOSE"))
    g_printerr ("frame %.1f ms (update and layout %.1f, paint %.1f) at %.3f s\n", took / 1e3,
                (layout_done - paint_start) / 1e3, (paint_done - layout_done) / 1e3,
                g_get_real_time () / 1e6);
}

static void
iterate_until (gboolean (*done) (gpointer), gpointer data, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
grid_settled (gpointer data)
{
  GListModel *photos = vitrine_photo_grid_get_photos (data);

  if (vitrine_photo_grid_get_busy (data))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (photos); i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (photos, i);

      if (vitrine_photo_get_loading (photo))
        return FALSE;
    }
  return g_list_model_get_n_items (photos) > 0;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Checks the Compare rows of @ids, under @widget. */
static guint
check_providers (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_CHECK_BUTTON (widget))
    {
      const char *id = g_object_get_data (G_OBJECT (widget), "vitrine-provider-id");

      if (id != NULL && g_strv_contains (providers, id))
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), TRUE);
          return 1;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_providers (child);
  return n;
}

/* Answers Pay to every cost question; counts them. */
static GHashTable *questions;

static void
answer_questions (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VITRINE_IS_CONFIRM (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          !g_hash_table_contains (questions, window))
        {
          g_hash_table_add (questions, window);
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), VITRINE_CONFIRM_RESPONSE_PAY);
          gtk_window_close (GTK_WINDOW (window));
        }
    }
}

static gboolean
past_upload (VitrineJob *job)
{
  switch (vitrine_job_get_state (job))
    {
    case VITRINE_JOB_STATE_SUBMITTED:
    case VITRINE_JOB_STATE_PROCESSING:
    case VITRINE_JOB_STATE_DOWNLOADING:
    case VITRINE_JOB_STATE_COMPLETED:
      return TRUE;
    case VITRINE_JOB_STATE_QUEUED:
    case VITRINE_JOB_STATE_PREPARING:
    case VITRINE_JOB_STATE_UPLOADING:
    case VITRINE_JOB_STATE_FAILED:
    case VITRINE_JOB_STATE_CANCELLED:
    case VITRINE_JOB_STATE_INTERRUPTED:
    default:
      return FALSE;
    }
}

/* The jobs of the store's newest group. */
static GPtrArray *
group_jobs (VitrineJobStore *store)
{
  GListModel *model = G_LIST_MODEL (store);
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *group = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (model, i);

      if (vitrine_job_get_group (job) == NULL)
        continue;
      if (group == NULL)
        group = g_strdup (vitrine_job_get_group (job));
      if (g_str_equal (group, vitrine_job_get_group (job)))
        g_ptr_array_add (jobs, g_object_ref (job));
    }
  return jobs;
}

static gboolean
all_ended_or_past_upload (GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    if (!past_upload (jobs->pdata[i]) && !vitrine_job_is_finished (jobs->pdata[i]))
      return FALSE;
  return jobs->len == N_PROVIDERS;
}

/* The providers' fakes answer from a thread of their own, as a real
 * service answers from another machine: their work (reading the uploads,
 * serving the videos) is not the window's, and is not measured as its
 * stalls. They live on that thread's main context from start to end. */
typedef struct {
  const char        *video;
  GMainContext      *context;
  GMainLoop         *loop;
  GThread           *thread;
  GMutex             lock;
  GCond              cond;
  gboolean           ready;
  VitrineFakeVikit   *vikit;
  VitrineFakeIacrea  *iacrea;
  VitrineFakeAixpose *aixpose;
  VitrineFakeVidgen  *vidgen;
} Fakes;

static gpointer
fakes_thread (gpointer data)
{
  Fakes *f = data;

  g_main_context_push_thread_default (f->context);
  f->vikit = vitrine_fake_vikit_new (f->video);
  f->iacrea = vitrine_fake_iacrea_new (f->video);
  f->aixpose = vitrine_fake_aixpose_new (f->video);
  f->vidgen = vitrine_fake_vidgen_new (f->video);
  g_mutex_lock (&f->lock);
  f->ready = TRUE;
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->lock);

  g_main_loop_run (f->loop);

  vitrine_fake_free (f->vikit);
  vitrine_fake_free (f->iacrea);
  vitrine_fake_free (f->aixpose);
  vitrine_fake_free (f->vidgen);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

static void
fakes_start (Fakes      *f,
             const char *video)
{
  f->video = video;
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  f->thread = g_thread_new ("fakes", fakes_thread, f);
  g_mutex_lock (&f->lock);
  while (!f->ready)
    g_cond_wait (&f->cond, &f->lock);
  g_mutex_unlock (&f->lock);
}

static void
fakes_stop (Fakes *f)
{
  g_main_loop_quit (f->loop);
  g_thread_join (f->thread);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
}

/* Each job's state and status text as they change. */
static void
print_changes (GPtrArray *jobs)
{
  static GHashTable *said;

  if (said == NULL)
    said = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < jobs->len; i++)
    {
      VitrineJob *job = jobs->pdata[i];
      g_autofree char *now = g_strdup_printf ("%s %s", vitrine_job_state_to_string (vitrine_job_get_state (job)),
                                              vitrine_job_get_status_text (job) ? vitrine_job_get_status_text (job) : "");
      const char *then = g_hash_table_lookup (said, vitrine_job_get_provider_id (job));

      if (g_strcmp0 (then, now) != 0)
        {
          g_printerr ("%s: %s at %.3f s\n", vitrine_job_get_provider_id (job), now, g_get_real_time () / 1e6);
          g_hash_table_replace (said, g_strdup (vitrine_job_get_provider_id (job)), g_strdup (now));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  guint n_photos = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 8;
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *video = NULL;
  g_autoptr(VitrineApplication) app = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GString) states = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  Fakes fakes = { NULL };
  VitrineTestS3 *s3;
  VitrineWindow *window;
  VitrinePhotoGrid *grid;
  GtkTextView *description;
  GSList *files = NULL;
  gint64 start, deadline;
  guint n_past = 0;
  gboolean ok;

  /* GStreamer keeps its plugin registry where it always does (a fresh one
   * would be rebuilt during the measure, which no user's session does). */
  if (g_getenv ("GST_REGISTRY") == NULL)
    {
      g_autofree char *registry = g_build_filename (g_get_user_cache_dir (), "gstreamer-1.0",
                                                    "registry.bench.bin", NULL);

      g_setenv ("GST_REGISTRY", registry, TRUE);
    }
  /* So does Mesa its compiled GL shaders: under Xvfb, llvmpipe compiles each
   * one with LLVM, on the main thread, the first time a window draws it
   * (the cost question's, the preview's video), hundreds of ms each, which
   * a user's session pays once, not at every Create. */
  if (g_getenv ("MESA_SHADER_CACHE_DIR") == NULL)
    {
      g_autofree char *shaders = g_build_filename (g_get_user_cache_dir (), "mesa_shader_cache", NULL);

      g_setenv ("MESA_SHADER_CACHE_DIR", shaders, TRUE);
    }
  /* The accessibility bus is not started halfway through, as the tests do. */
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GIO_USE_NETWORK_MONITOR", "base", TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  /* as Vitrine's main () does: Cairo where OpenGL is software */
  if (!vitrine_renderer_choose ())
    {
      g_printerr ("bench-compare needs a display: xvfb-run -a dbus-run-session -- tests/bench/compare\n");
      g_rmdir (dir);
      return 2;
    }
  gtk_init ();
  adw_init ();

  if (!(s3 = vitrine_test_s3_start (NULL, NULL, &error)))
    {
      g_printerr ("S3 test peer: %s\n", error->message);
      return 77;
    }
  g_setenv ("VITRINE_S3_ENDPOINT", vitrine_test_s3_get_endpoint (s3), TRUE);
  g_setenv ("VITRINE_S3_BUCKET", VITRINE_TEST_S3_BUCKET, TRUE);
  g_setenv ("VITRINE_S3_ACCESS_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_SECRET_KEY", "S3RVER", TRUE);
  g_setenv ("VITRINE_S3_PATH_STYLE", "1", TRUE);

  video = vitrine_fake_make_mp4 (dir);
  fakes_start (&fakes, video);
  vitrine_test_remote_set_env ("vikit", vitrine_fake_server_get_url (fakes.vikit->server),
                               VITRINE_FAKE_VIKIT_KEY);
  vitrine_test_remote_set_env ("iacrea", vitrine_fake_server_get_url (fakes.iacrea->server),
                               VITRINE_FAKE_IACREA_KEY);
  vitrine_test_remote_set_env ("aixpose", vitrine_fake_server_get_url (fakes.aixpose->server),
                               VITRINE_FAKE_AIXPOSE_KEY);
  vitrine_test_remote_set_env ("vidgen", vitrine_fake_server_get_url (fakes.vidgen->server),
                               VITRINE_FAKE_VIDGEN_KEY);

  for (guint i = 0; i < n_photos; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%02u.jpg", i + 1);
      g_autofree char *path = vitrine_test_make_jpeg (dir, name, 3000, 2000, 1, i + 1);

      files = g_slist_append (files, g_file_new_for_path (path));
    }

  app = vitrine_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_application_hold (G_APPLICATION (app));
  settings = g_settings_new (APP_ID);
  g_settings_set_boolean (settings, "vikit-test-mode", FALSE);
  {
    g_autofree char *out = g_build_filename (dir, "videos", NULL);

    g_settings_set_string (settings, "output-folder", out);
  }

  window = vitrine_window_new (app);
  grid = vitrine_window_get_photo_grid (window);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (is_mapped, window, 10);
  vitrine_photo_grid_add_files (grid, files);
  iterate_until (grid_settled, grid, 120);

  /* IACrea needs a description; the four checked. */
  description = vitrine_provider_options_get_part (
    VITRINE_PROVIDER_OPTIONS (gtk_widget_get_template_child (GTK_WIDGET (window), VITRINE_TYPE_WINDOW,
                                                             "provider_options")),
    "description_view");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (description),
                            "A bright flat near the park, with a balcony and a view of the river.", -1);
  {
    AdwExpanderRow *compare = ADW_EXPANDER_ROW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                               VITRINE_TYPE_WINDOW,
                                                                               "compare_row"));

    adw_expander_row_set_enable_expansion (compare, TRUE);
    if (check_providers (GTK_WIDGET (compare)) != N_PROVIDERS)
      {
        g_printerr ("Compare Providers does not list the four providers\n");
        return 1;
      }
  }

  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "before-paint",
                    G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "layout",
                    G_CALLBACK (layout_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "paint",
                    G_CALLBACK (paint_cb), NULL);
  questions = g_hash_table_new (NULL, NULL);
  g_timeout_add_full (G_PRIORITY_HIGH, PROBE_MS, probe_cb, NULL, NULL);
  for (gint64 settle = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < settle;)
    g_main_context_iteration (NULL, TRUE);

  worst_stall = 0;
  measuring = TRUE;
  start = g_get_monotonic_time ();
  if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.create", NULL) ||
      vitrine_photo_grid_get_n_usable (grid) != n_photos)
    g_printerr ("Create could not be activated (%u usable photos)\n",
                vitrine_photo_grid_get_n_usable (grid));
  deadline = start + 180 * G_USEC_PER_SEC;
  for (;;)
    {
      g_main_context_iteration (NULL, FALSE);
      answer_questions ();
      g_clear_pointer (&jobs, g_ptr_array_unref);
      jobs = group_jobs (vitrine_application_get_store (app));
      if (g_getenv ("BENCH_VERBOSE"))
        print_changes (jobs);
      if (all_ended_or_past_upload (jobs) || g_get_monotonic_time () > deadline)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  measuring = FALSE;

  for (guint i = 0; i < jobs->len; i++)
    {
      VitrineJob *job = jobs->pdata[i];

      n_past += past_upload (job);
      g_string_append_printf (states, "%s%s:%s", i > 0 ? "," : "", vitrine_job_get_provider_id (job),
                              vitrine_job_state_to_string (vitrine_job_get_state (job)));
      if (vitrine_job_get_error_message (job) != NULL)
        g_printerr ("%s: %s\n", vitrine_job_get_provider_id (job), vitrine_job_get_error_message (job));
    }
  {
    double load[1] = { 0 };

    getloadavg (load, 1);
    g_print ("providers=%u confirmations=%u longest_stall_ms=%.1f limit_ms=%d "
             "longest_main_busy_ms=%.1f longest_frame_ms=%.1f wall_s=%.2f photos=%u load=%.1f "
             "renderer=%s states=%s\n",
             jobs->len, g_hash_table_size (questions), worst_stall / 1e3, LIMIT_MS,
             worst_busy / 1e3, worst_paint / 1e3, (g_get_monotonic_time () - start) / 1e6, n_photos, load[0],
             G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), states->str);
  }
  ok = jobs->len == N_PROVIDERS && n_past == jobs->len &&
       g_hash_table_size (questions) <= 1 && worst_stall <= LIMIT_MS * 1000;

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
  g_slist_free_full (files, g_object_unref);
  g_hash_table_unref (questions);
  fakes_stop (&fakes);
  vitrine_test_s3_stop (s3);
  vitrine_test_rmtree (dir);
  return ok ? 0 : 1;
}
