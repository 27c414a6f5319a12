/* vitrine-cli.c: the command-line twin of the window
 *
 * It drives the same core (jobs, providers, monitor) as the app.
 * Exit codes: 0 success, 1 the job failed (with the reason), 2 bad arguments
 * or bad input (with the reason).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "vitrine-cli.h"
#include "vitrine-cli-private.h"
#include "vitrine-cli-import.h"
#include "vitrine-cli-listing.h"
#include "vitrine-cli-submit.h"
#include "vitrine-config.h"
#include "vitrine-image.h"
#include "vitrine-job-json.h"
#include "vitrine-job-monitor.h"
#include "vitrine-provider.h"

typedef struct {
  GMainLoop  *loop;
  gboolean    tty;
  int         last_state;  /* VitrineJobState, -1 before the first */
  guint       last_progress;
  const char *prefix;  /* the provider's name, when several jobs run (Compare) */
  GQuark      attention;  /* the pause last said */
} Wait;

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_printerr ("vitrine-cli: %s\n", message);
  g_printerr (_("Try “vitrine-cli render --help”.\n"));
  return EXIT_USAGE;
}

/* Makes a path absolute against the current directory (a file:// address
 * too). */
char *
absolute_path (const char *path)
{
  g_autoptr(GFile) file = NULL;
  char *local;

  /* "" is no name at all (GFile makes it the current folder): kept, for
   * the checks to say so. */
  if (*path == '\0')
    return g_strdup (path);
  file = g_file_new_for_commandline_arg (path);
  local = g_file_get_path (file);

  /* An address with no file behind it (https://…) stays as it was given,
   * for the checks to name. */
  return local != NULL ? local : g_strdup (path);
}

/* Whether GStreamer can decode an audio stream from @path (the CLI may
 * block: it has no window to keep alive). */
static gboolean
check_audio_file (const char  *path,
                  GError     **error)
{
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (15 * GST_SECOND, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GList *audio = NULL;
  gboolean ok;

  if (discoverer != NULL && uri != NULL)
    info = gst_discoverer_discover_uri (discoverer, uri, NULL);
  if (info != NULL)
    audio = gst_discoverer_info_get_audio_streams (info);
  ok = info != NULL && gst_discoverer_info_get_result (info) == GST_DISCOVERER_OK && audio != NULL;
  gst_discoverer_stream_info_list_free (audio);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("%s: not an audio file this computer can play"), path);
  return ok;
}

gboolean
check_regular_file (const char  *path,
                    GError     **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  if (*path == '\0')
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                         _("an empty file name was given"));
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                 _("%s: a folder, not a file"), path);
  else if (!g_path_is_absolute (path))  /* an address that absolute_path() left */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("%s: not a file on this computer"), path);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: no such file"), path);
  return FALSE;
}

/* Checks that an input file can be used, before any work starts. */
gboolean
check_input_file (const char  *path,
                  gboolean     is_image,
                  GError     **error)
{
  if (!check_regular_file (path, error))
    return FALSE;
  if (!is_image)
    return check_audio_file (path, error);
  /* the image's own errors name the file already ("face.jpg: not an
   * image"), as the render's do; a damaged one is found here too, not
   * once its job has started */
  return vitrine_image_check (path, error);
}

/* A photo the video must enlarge until it looks blurred is used, and said
 * on stderr (the window marks it in the grid). */
void
warn_if_small (const char *path)
{
  int width, height;
  g_autofree char *notice = NULL;

  if (vitrine_is_web_url (path) || !vitrine_image_probe (path, &width, &height, NULL))
    return;
  if ((notice = vitrine_image_describe_small (width, height)) != NULL)
    g_printerr ("vitrine-cli: %s: %s\n", path, notice);
}

/* Each step of the job and its progress on stderr: in a terminal a line a
 * step, its figure rewritten in place; otherwise (and for several jobs at
 * once, never "\r") a line as each step starts and at each tenth. A step
 * that makes no progress of its own (an upload inside the request) is
 * still named. */
static void
job_step_cb (VitrineJob *job,
             GParamSpec *pspec,
             Wait       *wait)
{
  VitrineJobState state = vitrine_job_get_state (job);
  guint progress = vitrine_job_get_progress (job);
  const char *label = vitrine_job_state_get_label (state);
  gboolean new_step = (int) state != wait->last_state;

  if (!new_step && progress == wait->last_progress)
    return;
  if (wait->tty && wait->prefix == NULL)
    g_printerr ("%s%s %3u%%", new_step && wait->last_state >= 0 ? "\n" : "\r", label, progress);
  else if (new_step || progress / 10 != wait->last_progress / 10 ||
           (progress == 100 && wait->last_progress != 100))
    g_printerr ("%s%s%s %u%%\n", wait->prefix != NULL ? wait->prefix : "",
                wait->prefix != NULL ? ": " : "", label, progress);
  wait->last_state = state;
  wait->last_progress = progress;
}

/* A job that pauses (issue 9: a refused key, a failed enhancement the
 * agent must decide on…) says why, once, and what goes on from there:
 * `vitrine-cli wait ID`, from this terminal or another, is the window's
 * Follow Again. */
static void
job_options_cb (VitrineJob *job,
                GParamSpec *pspec,
                Wait       *wait)
{
  const char *attention = vitrine_job_get_attention (job);
  GQuark quark = g_quark_from_string (attention);

  if (quark == wait->attention)
    return;
  wait->attention = quark;
  if (attention == NULL)
    return;
  if (wait->tty)
    g_printerr ("\n");
  g_printerr ("vitrine-cli: %s%s", wait->prefix != NULL ? wait->prefix : "",
              wait->prefix != NULL ? ": " : "");
  g_printerr (_("Needs attention: %s"), attention);
  g_printerr ("\n");
  g_printerr (_("vitrine-cli: “vitrine-cli wait %s” goes on from there, as Follow Again does "
                "in the window.\n"), vitrine_job_get_id (job));
}

static void
job_state_cb (VitrineJob *job,
              GParamSpec *pspec,
              Wait       *wait)
{
  if (vitrine_job_is_finished (job))
    g_main_loop_quit (wait->loop);
}

static VitrineJobStore *
open_store (void)
{
  VitrineJobStore *store = vitrine_job_store_new_default ();

  if (vitrine_job_store_get_problem (store) != NULL)
    g_printerr ("vitrine-cli: %s\n", vitrine_job_store_get_problem (store));
  return store;
}

/* @job's JSON object, on one line of stdout. */
static void
print_job_json (VitrineJob *job)
{
  g_autoptr(JsonNode) node = vitrine_job_to_json (job);
  g_autofree char *text = vitrine_json_to_string (node, FALSE);

  g_print ("%s\n", text);
}

/* Prints a finished job, its outputs (or with @json its JSON object, on one
 * line) and returns the exit code for it; @prefix (the provider's name when
 * several jobs ran) goes before its error. */
static int
report_job_full (VitrineJob *job,
                 const char *prefix,
                 gboolean    json)
{
  if (json)
    print_job_json (job);
  switch (vitrine_job_get_state (job))
    {
    case VITRINE_JOB_STATE_COMPLETED:
      for (guint i = 0; !json && i < vitrine_job_get_outputs (job)->len; i++)
        {
          VitrineJobOutput *output = g_ptr_array_index (vitrine_job_get_outputs (job), i);

          g_print ("%s\n", output->path != NULL ? output->path : output->url);
        }
      return EXIT_OK;
    case VITRINE_JOB_STATE_CANCELLED:
      if (prefix != NULL)
        g_printerr ("vitrine-cli: %s: %s\n", prefix, _("cancelled"));
      else
        g_printerr (_("vitrine-cli: cancelled\n"));
      return EXIT_FAILED;
    default:
      g_printerr ("vitrine-cli: %s%s%s\n", prefix != NULL ? prefix : "", prefix != NULL ? ": " : "",
                  vitrine_job_get_error_message (job) ?
                  vitrine_job_get_error_message (job) :
                  vitrine_job_state_get_label (vitrine_job_get_state (job)));
      return EXIT_FAILED;
    }
}

/* Prints the outputs of a finished job and returns the exit code for it. */
static int
report_job (VitrineJob *job)
{
  return report_job_full (job, NULL, FALSE);
}

/* Follows @job to its end, printing progress on stderr. A monitor drives it
 * when no other process does (or once its driver is gone). */
static int
follow_job (VitrineJobStore *store,
            VitrineJob      *job)
{
  g_autoptr(VitrineJobMonitor) monitor = vitrine_job_monitor_new_for_job (store, job);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, isatty (STDERR_FILENO), -1, 0 };

  /* A job paused for attention, or no longer followed, is followed again
   * and tried now (issue 9: "vitrine-cli wait ID" resumes it). */
  if (!vitrine_job_is_finished (job))
    vitrine_job_monitor_follow_job (monitor, job);

  g_signal_connect (job, "notify::progress", G_CALLBACK (job_step_cb), &wait);
  g_signal_connect (job, "notify::state", G_CALLBACK (job_step_cb), &wait);
  g_signal_connect (job, "notify::state", G_CALLBACK (job_state_cb), &wait);
  g_signal_connect (job, "notify::options", G_CALLBACK (job_options_cb), &wait);
  if (!vitrine_job_is_finished (job))
    g_main_loop_run (loop);
  while (vitrine_job_monitor_is_busy (monitor))
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (job, &wait);
  if (wait.tty)
    g_printerr ("\n");
  return report_job (job);
}

/* The background driver leaves the terminal's session: closing the
 * terminal does not stop the render. */
static void
detach_child_setup (gpointer data)
{
  setsid ();
}

static gboolean spawn_waiter (VitrineJob  *job,
                              GError     **error);

static gboolean
interrupted_cb (gpointer data)
{
  guint *interrupts = data;

  (*interrupts)++;
  return G_SOURCE_CONTINUE;
}

/* Whether a paid POST of @job may have left (it may have cost money). */
static gboolean
job_posted (VitrineJob *job)
{
  VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));

  return provider != NULL && vitrine_provider_get_capabilities (provider)->is_paid &&
         (vitrine_job_get_remote_id (job) != NULL ||
          vitrine_job_get_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT) != NULL);
}

/* Ctrl+C while `render` or `submit` follows the jobs it made: a job that
 * has cost nothing yet (a render, a cloud job still preparing its photos)
 * is cancelled, and leaves nothing behind; a paid one whose POST has left
 * is not thrown away (see leave_job()), once the answer to a start on its
 * way is in (were it lost, the start could not be looked for). A second
 * Ctrl+C quits at once. */
static void
interrupt_jobs (GPtrArray *jobs,
                GPtrArray *monitors)
{
  for (guint i = 0; i < jobs->len; i++)
    {
      VitrineJob *job = jobs->pdata[i];
      VitrineProvider *provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));

      if (vitrine_job_is_finished (job))
        continue;
      if (!job_posted (job))
        vitrine_job_monitor_cancel_job (monitors->pdata[i], job);
      else if (vitrine_job_monitor_awaits_start (monitors->pdata[i]) != NULL)
        /* Translators: %s is a provider's name */
        g_printerr (_("vitrine-cli: waiting for %s’s answer to the start, so that the video is "
                      "not lost (Ctrl+C again quits now)\n"),
                    provider != NULL ? vitrine_provider_get_display_name (provider) : "");
    }
}

/* Whether the loop of follow_jobs() may end for @job. */
static gboolean
job_settled (VitrineJob        *job,
             VitrineJobMonitor *monitor,
             gboolean           interrupted)
{
  if (vitrine_job_monitor_is_busy (monitor))
    return FALSE;
  if (vitrine_job_is_finished (job))
    return TRUE;
  return interrupted && job_posted (job) && vitrine_job_monitor_awaits_start (monitor) == NULL;
}

/* A paid job left unfinished by Ctrl+C goes on in a background "vitrine-cli
 * wait" (it takes the job over once this process lets go of it), unless
 * it waits for the agent's choice: following it would make that choice. */
static void
leave_job (VitrineJobStore *store,
           VitrineJob      *job)
{
  const char *id = vitrine_job_get_id (job);
  g_autoptr(GError) error = NULL;

  if (vitrine_job_get_attention (job) != NULL ||
      vitrine_job_get_option (job, VITRINE_JOB_OPTION_HELD) != NULL)
    g_printerr (_("vitrine-cli: %s needs your attention: %s (vitrine-cli wait %s goes on)\n"), id,
                vitrine_job_get_attention (job) ? vitrine_job_get_attention (job) : "", id);
  /* what the background process reads must be on disk first */
  else if (!vitrine_job_store_flush (store) || !spawn_waiter (job, &error))
    g_printerr (_("vitrine-cli: %s is not followed now: vitrine-cli wait %s follows it again "
                  "(%s)\n"),
                id, id, error != NULL ? error->message : vitrine_job_store_get_problem (store) != NULL
                                                         ? vitrine_job_store_get_problem (store) : "");
  else
    g_printerr (_("vitrine-cli: %s goes on in the background (vitrine-cli wait %s)\n"), id, id);
}

/* How long a second Ctrl+C lets the stops under way remove their files. */
#define STOP_CLEANUP_S 3

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
any_busy (GPtrArray *monitors)
{
  for (guint i = 0; i < monitors->len; i++)
    if (vitrine_job_monitor_is_busy (monitors->pdata[i]))
      return TRUE;
  return FALSE;
}

/* Follows @jobs to their end (one monitor each), progress on stderr (one
 * job: a line a step, its figure rewritten in a terminal; several, in
 * Compare: a line a job and step), then reports each in @jobs' order. 0
 * when every one completed. */
static int
follow_jobs (VitrineJobStore *store,
             GPtrArray       *jobs,
             gboolean         json)
{
  g_autoptr(GPtrArray) monitors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree Wait *waits = g_new0 (Wait, jobs->len);
  gboolean running = TRUE, interrupted = FALSE;
  guint interrupts = 0, watch;
  int status = EXIT_OK;

  for (guint i = 0; i < jobs->len; i++)
    {
      VitrineJob *job = jobs->pdata[i];

      if (jobs->len > 1)
        waits[i].prefix = vitrine_provider_name_for_job (job);
      else
        waits[i].tty = isatty (STDERR_FILENO);
      waits[i].last_state = -1;
      g_ptr_array_add (monitors, vitrine_job_monitor_new_for_job (store, job));
      g_signal_connect (job, "notify::progress", G_CALLBACK (job_step_cb), &waits[i]);
      g_signal_connect (job, "notify::state", G_CALLBACK (job_step_cb), &waits[i]);
      g_signal_connect (job, "notify::options", G_CALLBACK (job_options_cb), &waits[i]);
    }
  watch = g_unix_signal_add (SIGINT, interrupted_cb, &interrupts);
  while (running && interrupts < 2)
    {
      if (interrupts > 0 && !interrupted)
        {
          interrupted = TRUE;
          interrupt_jobs (jobs, monitors);
        }
      running = FALSE;
      for (guint i = 0; i < jobs->len; i++)
        running |= !job_settled (jobs->pdata[i], monitors->pdata[i], interrupted);
      if (running)
        g_main_context_iteration (NULL, TRUE);
    }
  /* A second Ctrl+C waits for nothing paid, but lets a stop under way
   * remove its files (a cancelled render left its partial file, which no
   * one would ever remove); a few seconds at most. */
  if (interrupts >= 2)
    {
      gboolean late = FALSE;
      guint timer = g_timeout_add_seconds (STOP_CLEANUP_S, set_flag_cb, &late);

      while (!late && any_busy (monitors))
        g_main_context_iteration (NULL, TRUE);
      if (!late)
        g_source_remove (timer);
    }
  g_source_remove (watch);
  for (guint i = 0; i < jobs->len; i++)
    {
      VitrineJob *job = jobs->pdata[i];

      g_signal_handlers_disconnect_by_data (job, &waits[i]);
      if (waits[i].tty)
        g_printerr ("\n");
      if (interrupted && !vitrine_job_is_finished (job))
        {
          leave_job (store, job);
          if (json)
            print_job_json (job);
          status = EXIT_INTERRUPTED;
        }
      else if (report_job_full (job, waits[i].prefix, json) != EXIT_OK)
        status = interrupted ? EXIT_INTERRUPTED : EXIT_FAILED;
    }
  return status;
}

/* Starts a background "vitrine-cli wait" for @job. */
static gboolean
spawn_waiter (VitrineJob  *job,
              GError     **error)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { self_path, "wait", "--quiet", vitrine_job_get_id (job), NULL };

  if (self_path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no /proc/self/exe");
      return FALSE;
    }
  return g_spawn_async (NULL, (char **) argv, NULL,
                        G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL |
                        G_SPAWN_STDIN_FROM_DEV_NULL,
                        detach_child_setup, NULL, NULL, error);
}

/* Leaves a background "vitrine-cli wait" driving @job (a new one: it fails
 * when that cannot start). */
static gboolean
detach_job (VitrineJob *job)
{
  g_autoptr(GError) error = NULL;

  if (!spawn_waiter (job, &error))
    {
      g_printerr ("vitrine-cli: %s\n", error->message);
      vitrine_job_fail (job, _("The background process could not be started."));
      return FALSE;
    }
  return TRUE;
}

/* Adds @jobs to the user's store and either follows them to their end or,
 * with @detach, leaves a background "vitrine-cli wait" driving each and
 * prints their ids, a line each (with @json their JSON objects, a line
 * each). One job alone is followed as `render` follows it. */
int
run_jobs (GPtrArray *jobs,
          gboolean   detach,
          gboolean   json)
{
  g_autoptr(VitrineJobStore) store = open_store ();
  int status = EXIT_OK;

  for (guint i = 0; i < jobs->len; i++)
    vitrine_job_store_add (store, jobs->pdata[i]);
  /* Photos the document portal lent (vitrine-cli inside the Flatpak may be
   * given such paths) are copied by this process: the background one must
   * find the copies, since the portal may drop its paths once we are gone. */
  while (detach && vitrine_job_store_is_keeping (store))
    g_main_context_iteration (NULL, TRUE);
  /* The background process reads the jobs from the file. */
  if (detach && !vitrine_job_store_flush (store))
    {
      g_printerr ("vitrine-cli: %s\n", vitrine_job_store_get_problem (store));
      return EXIT_FAILED;
    }
  if (!detach)
    return follow_jobs (store, jobs, json);

  for (guint i = 0; i < jobs->len; i++)
    {
      VitrineJob *job = jobs->pdata[i];

      if (!detach_job (job))
        status = EXIT_FAILED;
      /* Queued, not ended: its JSON says so, nothing on stderr. */
      if (json)
        print_job_json (job);
      else if (vitrine_job_get_state (job) != VITRINE_JOB_STATE_FAILED)
        g_print ("%s\n", vitrine_job_get_id (job));
    }
  return status;
}

/* Adds @job to the user's store and either follows it to its end or, with
 * @detach, leaves a background "vitrine-cli wait" driving it and prints its id. */
int
run_job (VitrineJob *job,
         gboolean    detach)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();

  g_ptr_array_add (jobs, job);
  return run_jobs (jobs, detach, FALSE);
}

static int
cmd_render (int    argc,
            char **argv)
{
  g_autofree char *ratio_str = NULL;
  g_autofree char *music = NULL;
  g_autofree char *title = NULL;
  g_autofree char *logo = NULL;
  g_autofree char *outro = NULL;
  g_autofree char *output = NULL;
  g_autofree char *name = NULL;
  g_autofree char *fit_str = NULL;
  g_auto(GStrv) photos = NULL;
  g_auto(VitrineCliListing) listing = { NULL };
  double seconds = 4.0;
  gboolean detach = FALSE;
  gboolean unbranded = FALSE;
  const GOptionEntry entries[] = {
    { "ratio", 0, 0, G_OPTION_ARG_STRING, &ratio_str, N_("Aspect ratios, one or more of 16:9 (default), 9:16 and 1:1, comma-separated"), "R[,R…]" },
    { "unbranded", 0, 0, G_OPTION_ARG_NONE, &unbranded, N_("Also make each ratio without the agent’s branding (for MLS portals)"), NULL },
    { "fit", 0, 0, G_OPTION_ARG_STRING, &fit_str, N_("Photos of the other orientation: pan (default) along their long side, or blur: whole, on a blurred background"), "pan|blur" },
    { "music", 0, 0, G_OPTION_ARG_FILENAME, &music, N_("Background music (any audio file); none by default"), "FILE" },
    { "seconds-per-photo", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, N_("How long each photo shows (default 4)"), "S" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title text on the first photo"), "TEXT" },
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &logo, N_("Logo image shown in a corner"), "FILE" },
    { "outro", 0, 0, G_OPTION_ARG_FILENAME, &outro, N_("Image shown at the end"), "FILE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Listing name (default: the output file's name)"), "NAME" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the MP4 (required)"), "OUT.mp4" },
    { "detach", 0, 0, G_OPTION_ARG_NONE, &detach, N_("Print the job id and render in the background"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &photos, NULL, N_("PHOTO…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— make a slideshow video on this computer"));
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VitrineJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_abs = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *out_base = NULL;
  VitrineRatioFlags ratios = VITRINE_RATIO_FLAG_16_9;
  VitrineFit fit = VITRINE_FIT_PAN;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  vitrine_cli_listing_add_entries (context, &listing);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Renders the photos into an MP4 (H.264 + AAC) with a Ken Burns\n"
                                           "slideshow, crossfades and optional music, title, logo and outro;\n"
                                           "the listing's address, price and facts, captions and the agent's\n"
                                           "end card. With several ratios or --unbranded, OUT-16x9.mp4,\n"
                                           "OUT-16x9-unbranded.mp4… are written beside OUT.mp4.\n"
                                           "Progress goes to stderr; every MP4's path is printed on stdout.\n"
                                           "Exit status: 0 done, 1 the render failed, 2 bad arguments or input."));
  g_option_context_set_description (context, _(INTERRUPT_HELP));
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  if (output == NULL)
    return usage_error (context, _("no output file: use -o OUT.mp4"));
  if (photos == NULL || photos[0] == NULL)
    return usage_error (context, _("no photos given"));
  if (ratio_str != NULL && !vitrine_ratio_flags_from_string (ratio_str, &ratios))
    {
      g_autofree char *message = g_strdup_printf (_("--ratio must be 16:9, 9:16 or 1:1, or several "
                                                    "of them comma-separated (got “%s”)"), ratio_str);
      return usage_error (context, message);
    }
  if (fit_str != NULL && !vitrine_fit_from_string (fit_str, &fit))
    return usage_error (context, _("--fit must be pan or blur"));
  if (!(seconds >= 0.5 && seconds <= 60.0))  /* NaN too */
    return usage_error (context, _("--seconds-per-photo must be between 0.5 and 60"));

  for (guint i = 0; photos[i] != NULL; i++)
    {
      char *path = absolute_path (photos[i]);

      g_ptr_array_add (paths, path);
      if (!check_input_file (path, TRUE, &error))
        return usage_error (context, error->message);
      warn_if_small (path);
    }
  g_ptr_array_add (paths, NULL);
  {
    char **extras[] = { &music, &logo, &outro };
    const char *options[] = { "--music", "--logo", "--outro" };

    for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
      {
        if (*extras[i] == NULL)
          continue;
        g_autofree char *abs = absolute_path (*extras[i]);
        g_free (*extras[i]);
        *extras[i] = g_steal_pointer (&abs);
        if (!check_input_file (*extras[i], extras[i] != &music, &error))
          {
            /* named as the --agent-* ones are */
            g_autofree char *message = g_strdup_printf (_("%s cannot be used: %s"), options[i],
                                                        error->message);

            return usage_error (context, message);
          }
      }
  }

  out_abs = absolute_path (output);
  out_dir = g_path_get_dirname (out_abs);
  out_base = g_path_get_basename (out_abs);
  if (!g_str_has_suffix (out_base, ".mp4"))
    return usage_error (context, _("the output file must end in .mp4"));
  /* ".mp4" alone would be a hidden file of a job with no name */
  if (g_str_equal (out_base, ".mp4"))
    return usage_error (context, _("the output file needs a name before .mp4"));
  if (!g_file_test (out_dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf (_("%s: no such folder"), out_dir);
      return usage_error (context, message);
    }
  /* "out.mp4/" names a folder, whatever is there */
  if (g_file_test (out_abs, G_FILE_TEST_IS_DIR) || g_str_has_suffix (output, G_DIR_SEPARATOR_S))
    {
      /* Said now, not once the video is made. */
      g_autofree char *message = g_strdup_printf (_("%s: a folder, not a file"), out_abs);
      return usage_error (context, message);
    }
  out_base[strlen (out_base) - strlen (".mp4")] = '\0';

  job = vitrine_job_new (vitrine_provider_get_id (vitrine_provider_get_default ()));
  vitrine_job_set_name (job, name != NULL && *name != '\0' ? name : out_base);
  vitrine_job_set_photos (job, (const char * const *) paths->pdata);
  vitrine_job_set_ratios (job, ratios);
  vitrine_job_set_unbranded (job, unbranded);
  vitrine_job_set_fit (job, fit);
  vitrine_job_set_seconds_per_photo (job, seconds);
  vitrine_job_set_music (job, music);
  vitrine_job_set_title (job, title);
  vitrine_job_set_logo (job, logo);
  vitrine_job_set_outro (job, outro);
  vitrine_job_set_output_dir (job, out_dir);
  /* This computer's renderer writes "<dir>/<name>.mp4" and never overwrites;
   * -o names the file exactly, so render under a unique name and rename. */
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_OUTPUT_PATH, out_abs);

  if (!vitrine_cli_listing_apply (&listing, job, &error) ||
      !vitrine_provider_validate (vitrine_provider_get_default (), job, &error))
    return usage_error (context, error->message);

  return run_job (job, detach);
}


/* Finds a job by its id or a unique prefix of it (as `list` shows them);
 * else says whether none or several start so (and which). */
static VitrineJob *
find_job (VitrineJobStore  *store,
          const char       *id,
          GError          **error)
{
  GListModel *model = G_LIST_MODEL (store);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GString) shown = g_string_new (NULL);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; *id != '\0' && i < n; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (model, i);

      if (g_str_equal (vitrine_job_get_id (job), id))
        return job;   /* the store keeps it */
      /* in any case: a UUID is the same in capitals */
      if (g_ascii_strncasecmp (vitrine_job_get_id (job), id, strlen (id)) == 0)
        g_ptr_array_add (found, job);
    }
  if (found->len == 1)
    return found->pdata[0];
  if (found->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("no job “%s” (see “vitrine-cli list”)"), id);
      return NULL;
    }
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (shown, "%s%.8s", i > 0 ? ", " : "",
                            vitrine_job_get_id (found->pdata[i]));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               ngettext ("“%s” starts the ids of %u job (%s): give more of it",
                         "“%s” starts the ids of %u jobs (%s): give more of it", found->len),
               id, found->len, shown->str);
  return NULL;
}

static int
parse_job_command (int              *argc,
                   char           ***argv,
                   const char       *usage,
                   const char       *summary,
                   GOptionEntry     *entries,
                   gboolean          needs_id,
                   VitrineJobStore **store,
                   VitrineJob      **job)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("vitrine-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (needs_id && *argc != 2)
    {
      g_printerr (_("vitrine-cli: give one job id (see “vitrine-cli list”)\n"));
      return EXIT_USAGE;
    }
  if (!needs_id && *argc > 1)
    {
      /* `list --json extra`: a script's mistake, said rather than passed over. */
      g_printerr (_("vitrine-cli: unexpected “%s”\n"), (*argv)[1]);
      return EXIT_USAGE;
    }
  *store = open_store ();
  if (needs_id && (*job = find_job (*store, (*argv)[1], &error)) == NULL)
    {
      g_printerr ("vitrine-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  return -1;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = vitrine_json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

/* @text on one line: `list` prints a job a line and `show` a field a line,
 * for people and for scripts; a name or an error with a line break or a
 * tab in it (--name given so, a provider's message) split them. */
static char *
one_line (const char *text)
{
  char *line = g_strdup (text != NULL ? text : "");

  for (char *p = line; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      *p = ' ';
  return line;
}

/* An unfinished job whose process died or was stopped: it waits, as it
 * was, for a window or "wait" to take it over; list and show say so on
 * stderr (their stdout stays as documented). */
static gboolean
is_stopped (VitrineJobStore *store,
            VitrineJob      *job)
{
  return !vitrine_job_is_finished (job) && vitrine_job_get_followed (job) &&
         !vitrine_job_store_is_driven (store, job);
}

static void
print_stopped (VitrineJob *job)
{
  g_autofree char *id = g_strndup (vitrine_job_get_id (job), 8);

  g_printerr (_("vitrine-cli: job %s is not running (the program that ran it has ended): "
                "“vitrine-cli wait %s” or the Vitrine window resumes it.\n"), id, id);
}

static int
cmd_list (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array of jobs, newest first"), NULL },
    { NULL }
  };
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(GPtrArray) stopped = g_ptr_array_new_with_free_func (g_object_unref);
  VitrineJob *unused = NULL;
  GListModel *model;
  guint n;
  int status;

  if ((status = parse_job_command (&argc, &argv, "", _("Lists every job, newest first."),
                                   entries, FALSE, &store, &unused)) >= 0)
    return status;

  model = G_LIST_MODEL (store);
  n = g_list_model_get_n_items (model);
  if (json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VitrineJob) job = g_list_model_get_item (model, i);

          json_array_add_element (array, vitrine_job_to_json (job));
        }
      json_node_set_array (root, array);
      print_json (root);
      return EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (model, i);
      g_autofree char *created = vitrine_time_to_iso8601 (vitrine_job_get_created (job));
      g_autofree char *name = one_line (vitrine_job_get_name (job));

      g_print ("%.8s  %-11s %3u%%  %-8s %s  %s\n", vitrine_job_get_id (job),
               vitrine_job_state_to_string (vitrine_job_get_state (job)),
               vitrine_job_get_progress (job), vitrine_job_get_provider_id (job), created, name);
      if (is_stopped (store, job))
        g_ptr_array_add (stopped, g_steal_pointer (&job));
    }
  for (guint i = 0; i < stopped->len; i++)
    print_stopped (g_ptr_array_index (stopped, i));
  return EXIT_OK;
}

static int
cmd_show (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the job as a JSON object"), NULL },
    { NULL }
  };
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(JsonNode) node = NULL;
  VitrineJob *job = NULL;
  JsonObject *o;
  GPtrArray *outputs;
  int status;

  if ((status = parse_job_command (&argc, &argv, _("ID"), _("Shows one job."),
                                   entries, TRUE, &store, &job)) >= 0)
    return status;

  node = vitrine_job_to_json (job);
  if (json)
    {
      print_json (node);
      return EXIT_OK;
    }
  o = json_node_get_object (node);
  {
    const char *fields[] = { "id", "provider", "name", "state", "status_text", "error",
                             "remote_id", "created", "updated" };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        const char *value = json_object_get_string_member_with_default (o, fields[i], NULL);
        g_autofree char *line = value != NULL ? one_line (value) : NULL;

        if (line != NULL)
          g_print ("%-12s %s\n", fields[i], line);
      }
  }
  g_print ("%-12s %u%%\n", "progress", vitrine_job_get_progress (job));
  outputs = vitrine_job_get_outputs (job);
  for (guint i = 0; i < outputs->len; i++)
    {
      VitrineJobOutput *output = g_ptr_array_index (outputs, i);

      g_print ("%-12s %s: %s\n", "output", output->label ? output->label : "",
               output->path ? output->path : output->url);
    }
  if (is_stopped (store, job))
    print_stopped (job);
  return EXIT_OK;
}

static int
cmd_wait (int    argc,
          char **argv)
{
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print no progress"), NULL },
    { NULL }
  };
  g_autoptr(VitrineJobStore) store = NULL;
  VitrineJob *job = NULL;
  int status;

  if ((status = parse_job_command (&argc, &argv, _("ID"),
                                   _("Waits for a job to end, driving it if nothing else does.\n"
                                     "Exit status: 0 completed, 1 failed or cancelled, 2 no such "
                                     "job."),
                                   entries, TRUE, &store, &job)) >= 0)
    return status;
  if (quiet)
    {
      g_autoptr(VitrineJobMonitor) monitor = vitrine_job_monitor_new_for_job (store, job);

      if (!vitrine_job_is_finished (job))
        vitrine_job_monitor_follow_job (monitor, job);

      while (!vitrine_job_is_finished (job) || vitrine_job_monitor_is_busy (monitor))
        g_main_context_iteration (NULL, TRUE);
      /* No progress, but the videos or why there are none, as without. */
      return report_job (job);
    }
  return follow_job (store, job);
}

/* How long vitrine-cli cancel waits for the provider's (or the driving
 * process's) answer before it gives up saying so. */
#define CANCEL_ANSWER_S 120

static int
cmd_cancel (int    argc,
            char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(VitrineJobMonitor) monitor = NULL;
  VitrineJob *job = NULL;
  VitrineProvider *provider;
  g_autofree char *token = NULL;
  const char *refused;
  gint64 deadline;
  int status;

  if ((status = parse_job_command (&argc, &argv, _("ID"),
                                   _("Cancels a job.\n"
                                     "Exit status: 0 cancelled, 1 it could not be (the reason is "
                                     "printed), 2 no such job."),
                                   entries, TRUE, &store, &job)) >= 0)
    return status;
  if (vitrine_job_is_finished (job))
    {
      g_printerr (_("vitrine-cli: the job has already ended (%s)\n"),
                  vitrine_job_state_to_string (vitrine_job_get_state (job)));
      return EXIT_FAILED;
    }
  /* If no other process drives it, this one does, long enough to cancel it
   * properly; else the driving process carries the cancel out (the request
   * reaches it through the store). */
  monitor = vitrine_job_monitor_new_for_job (store, job);
  provider = vitrine_provider_lookup (vitrine_job_get_provider_id (job));
  if (!vitrine_job_monitor_can_stop (monitor, job))
    {
      g_printerr (_("vitrine-cli: %s cannot stop a video it has started; it will still be "
                    "charged. The job goes on: “vitrine-cli wait %s” brings its videos.\n"),
                  vitrine_provider_get_display_name (provider), vitrine_job_get_id (job));
      return EXIT_FAILED;
    }
  vitrine_job_monitor_cancel_job (monitor, job);
  /* Another process drives it: the request is in the store, with a token
   * of its own; wait for that process's answer to it (a refusal from an
   * earlier request is not one). */
  token = g_strdup (vitrine_job_get_option (job, VITRINE_JOB_OPTION_CANCEL_REQUESTED));
  deadline = g_get_monotonic_time () + CANCEL_ANSWER_S * G_USEC_PER_SEC;
  while ((!vitrine_job_is_finished (job) &&
          (token != NULL ? !vitrine_job_cancel_answered (job, token)
                         : vitrine_job_get_option (job, VITRINE_JOB_OPTION_CANCEL_REFUSED) == NULL) &&
          g_get_monotonic_time () < deadline) ||
         vitrine_job_monitor_is_busy (monitor))
    g_main_context_iteration (NULL, TRUE);
  if (vitrine_job_get_state (job) == VITRINE_JOB_STATE_CANCELLED)
    {
      g_print ("%s\n", vitrine_job_state_to_string (VITRINE_JOB_STATE_CANCELLED));
      return EXIT_OK;
    }
  if ((refused = vitrine_job_get_option (job, VITRINE_JOB_OPTION_CANCEL_REFUSED)) != NULL)
    g_printerr ("vitrine-cli: %s\n", refused);
  else if (vitrine_job_is_finished (job))
    g_printerr (_("vitrine-cli: the job has already ended (%s)\n"),
                vitrine_job_state_to_string (vitrine_job_get_state (job)));
  else
    g_printerr (_("vitrine-cli: no answer to the cancel yet; the job goes on\n"));
  return EXIT_FAILED;
}

/* The cloud providers' names, separated by commas. */
static char *
dup_cloud_names (void)
{
  GListModel *list = vitrine_provider_list ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);

      if (vitrine_provider_is_cloud (provider))
        g_ptr_array_add (names, (gpointer) vitrine_provider_get_display_name (provider));
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* The commands, on stdout when asked for (--help), on stderr after a
 * mistake (exit 2): results go to stdout, reasons to stderr. */
static void
print_help (FILE *out)
{
  g_autofree char *clouds = dup_cloud_names ();
  g_autofree char *importers = vitrine_cli_dup_import_ids ();

  fprintf (out, "%s\n\n", _("Usage: vitrine-cli COMMAND [OPTIONS…]"));
  fprintf (out, "%s\n", _("Commands:"));
  fprintf (out, "  render    %s\n", _("Make a slideshow video on this computer"));
  fprintf (out, "  submit    %s (%s)\n", _("Have a video made by a cloud provider"), clouds);
  fprintf (out, "  import    %s (%s)\n", _("Add a provider’s earlier jobs to the history"), importers);
  fprintf (out, "  list      %s\n", _("List every job, newest first"));
  fprintf (out, "  show      %s\n", _("Show one job"));
  fprintf (out, "  wait      %s\n", _("Wait for a job to end"));
  fprintf (out, "  cancel    %s\n", _("Cancel a job"));
  fprintf (out, "\n%s\n", _("“vitrine-cli COMMAND --help” lists the options of a command."));
}

/* The core's messages (a damaged job list moved aside) are the command's
 * to say, in its words (vitrine_job_store_get_problem()): here they are
 * debug output (G_MESSAGES_DEBUG); its warnings read as the command's own,
 * "vitrine-cli: …", not "vitrine-core-WARNING **: <time>: …". */
static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if (log_level & G_LOG_LEVEL_MESSAGE)
    return g_log_writer_default (G_LOG_LEVEL_INFO, fields, n_fields, user_data);
  if ((log_level & G_LOG_LEVEL_WARNING) == 0)
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      g_printerr ("vitrine-cli: %s\n", (const char *) fields[i].value);
  return G_LOG_WRITER_HANDLED;
}

/* The whole program, callable from a test in its own process. */
int
vitrine_cli_main (int    argc,
                  char **argv)
{
  setlocale (LC_ALL, "");
  vitrine_config_bind_textdomain ();
  g_set_prgname ("vitrine-cli");
  g_log_set_writer_func (log_writer, NULL, NULL);
  gst_init (NULL, NULL);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_help (argc < 2 ? stderr : stdout);
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("vitrine-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  {
    const struct { const char *name; int (*run) (int, char **); } commands[] = {
      { "render", cmd_render },
      { "submit", vitrine_cli_submit },
      { "list", cmd_list },
      { "show", cmd_show },
      { "wait", cmd_wait },
      { "cancel", cmd_cancel },
      { "import", vitrine_cli_import },
    };

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        if (g_str_equal (argv[1], commands[i].name))
          {
            /* "Usage: vitrine-cli render [OPTION…] PHOTO…" in the command's
             * --help; GLib 2.72 and later let the name be set again. */
            g_autofree char *prgname = g_strconcat ("vitrine-cli ", commands[i].name, NULL);

            g_set_prgname (prgname);
            return commands[i].run (argc - 1, argv + 1);
          }
      }
  }

  g_printerr (_("vitrine-cli: unknown command “%s”\n"), argv[1]);
  print_help (stderr);
  return EXIT_USAGE;
}
