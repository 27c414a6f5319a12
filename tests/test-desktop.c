/* test-desktop.c: Vitrine on the desktop, under Xvfb
 *
 * The About window, the keyboard shortcuts (every key of the window is in
 * the help overlay, and every line of the overlay is a key of the window),
 * the preview's keys, and D-Bus activation: a notification's action opens
 * the window on its job, whether Vitrine runs (ActivateAction on the
 * running application) or not (the bus starts it from a service file).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gst/gst.h>

#include "vitrine-application.h"
#include "vitrine-test-loop.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-window.h"
#include "vitrine-window.h"

#define APP_PATH "/io/github/vitrine/Vitrine"

static VitrineApplication *app;
static char *home;

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static VitrineWindow *
new_window (void)
{
  VitrineWindow *window = vitrine_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (vitrine_test_wait_for (widget_mapped, window, 10));
  return window;
}

static void
destroy_window (GtkWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  while (window != NULL)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
about_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
tree_has_label (GtkWidget  *widget,
                const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (tree_has_label (child, needle))
      return TRUE;
  return FALSE;
}

/* About */

static void
test_about (void)
{
  VitrineWindow *window = new_window ();
  GtkWidget *about;
  g_autofree char *version = NULL;
  g_autofree char *website = NULL;
  g_autofree char *issues = NULL;
  g_auto(GStrv) developers = NULL;
  GtkLicense license;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (vitrine_test_wait_for (about_shown, NULL, 10));
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_object_get (about, "version", &version, "website", &website, "issue-url", &issues,
                "developers", &developers, "license-type", &license, NULL);

  g_assert_cmpstr (version, ==, PACKAGE_VERSION);
  g_assert_true (g_str_has_prefix (website, "https://"));
  g_assert_true (g_str_has_prefix (issues, "https://"));
  g_assert_cmpstr (issues, !=, website);
  g_assert_cmpint (license, ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (developers);
  g_assert_cmpuint (g_strv_length (developers), >, 0);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  /* Said in general, with no service named. */
  g_assert_true (tree_has_label (about, "not affiliated"));

  destroy_window (GTK_WINDOW (about));
  destroy_window (GTK_WINDOW (window));
}

/* Keyboard shortcuts */

/* The keypad twin of a key is the same shortcut for a person. */
static guint
main_keyval (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_KP_Enter: return GDK_KEY_Return;
    case GDK_KEY_KP_Left: return GDK_KEY_Left;
    case GDK_KEY_KP_Right: return GDK_KEY_Right;
    case GDK_KEY_KP_Home: return GDK_KEY_Home;
    case GDK_KEY_KP_End: return GDK_KEY_End;
    case GDK_KEY_KP_Delete: return GDK_KEY_Delete;
    case GDK_KEY_KP_Space: return GDK_KEY_space;
    default: return keyval;
    }
}

static void
add_accel (GHashTable *accels,
           const char *accel,
           const char *where)
{
  guint keyval;
  GdkModifierType mods;

  g_assert_true (gtk_accelerator_parse (accel, &keyval, &mods));
  g_hash_table_insert (accels, gtk_accelerator_name (main_keyval (keyval), mods), g_strdup (where));
}

static void
add_trigger (GHashTable         *accels,
             GtkShortcutTrigger *trigger,
             const char         *where)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      guint keyval = gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger));
      GdkModifierType mods = gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger));

      g_hash_table_insert (accels, gtk_accelerator_name (main_keyval (keyval), mods),
                           g_strdup (where));
    }
  else if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger (accels, gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), where);
      add_trigger (accels, gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), where);
    }
}

/* Our shortcuts: those of Vitrine's own widget classes, and our own named
 * controllers. A class inherits its parents' shortcuts: GTK's are signals
 * (activate-focus, move-focus…), and Vitrine binds actions and callbacks. */
static gboolean
is_ours (GtkWidget          *widget,
         GtkEventController *controller)
{
  const char *name = gtk_event_controller_get_name (controller);

  if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
    return FALSE;
  if (name != NULL && g_str_has_prefix (name, "vitrine"))
    return TRUE;
  return g_strcmp0 (name, "gtk-widget-class-shortcuts") == 0 &&
         g_str_has_prefix (G_OBJECT_TYPE_NAME (widget), "Vitrine") &&
         gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_BUBBLE;
}

static void
collect_widget_keys (GtkWidget  *widget,
                     GHashTable *accels)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!is_ours (widget, controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (!GTK_IS_SIGNAL_ACTION (gtk_shortcut_get_action (shortcut)))
            add_trigger (accels, gtk_shortcut_get_trigger (shortcut), G_OBJECT_TYPE_NAME (widget));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widget_keys (child, accels);
}

static void
collect_app_accels (GHashTable *accels)
{
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) keys = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                   actions[i]);

      for (guint j = 0; keys[j] != NULL; j++)
        add_accel (accels, keys[j], actions[i]);
    }
}

static void
collect_overlay (GHashTable *accels)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource (VITRINE_RESOURCE_PATH "gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;
      g_autofree char *title = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "action-name", &action,
                    "title", &title, NULL);
      if (accelerator != NULL && *accelerator != '\0')
        {
          g_auto(GStrv) keys = g_strsplit (accelerator, " ", -1);

          for (guint i = 0; keys[i] != NULL; i++)
            add_accel (accels, keys[i], title);
        }
      else
        {
          g_auto(GStrv) keys = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

          /* A line with an action but no key would show an empty row. */
          if (keys[0] == NULL)
            g_error ("“%s” (%s) has no key", title, action);
          for (guint i = 0; keys[i] != NULL; i++)
            add_accel (accels, keys[i], title);
        }
    }
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

static guint
report_missing (GHashTable *from,
                GHashTable *in,
                const char *what)
{
  GHashTableIter iter;
  const char *accel, *where;
  guint missing = 0;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, (gpointer *) &accel, (gpointer *) &where))
    if (!g_hash_table_contains (in, accel))
      {
        g_test_message ("%s (%s) %s", accel, where, what);
        missing++;
      }
  return missing;
}

static void
test_shortcuts_listed (void)
{
  VitrineWindow *window = new_window ();
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  collect_widget_keys (GTK_WIDGET (window), keys);
  collect_app_accels (keys);
  collect_overlay (listed);
  {
    GHashTableIter iter;
    const char *accel, *where;

    g_hash_table_iter_init (&iter, keys);
    while (g_hash_table_iter_next (&iter, (gpointer *) &accel, (gpointer *) &where))
      g_test_message ("window key %s (%s)", accel, where);
  }

  /* The keys a person expects (issue: Ctrl+O, Ctrl+Return, Delete, Space,
   * F11, Escape) are there, and the two lists are the same. */
  for (const char * const *k = (const char *[]) { "<Control>o", "<Control>Return", "Delete",
                                                   "space", "F11", "Escape", NULL };
       *k != NULL; k++)
    {
      g_autofree char *name = NULL;
      guint keyval;
      GdkModifierType mods;

      gtk_accelerator_parse (*k, &keyval, &mods);
      name = gtk_accelerator_name (keyval, mods);
      g_test_message ("expected key %s", name);
      g_assert_true (g_hash_table_contains (keys, name));
    }
  g_assert_cmpuint (report_missing (keys, listed, "is not in the shortcuts window"), ==, 0);
  g_assert_cmpuint (report_missing (listed, keys, "is listed but does nothing"), ==, 0);

  destroy_window (GTK_WINDOW (window));
}

/* The preview's keys */

/* Runs the shortcuts of @widget's controllers for @keyval as GTK does for a
 * key press: in order, until one says it handled the key. */
static gboolean
press (GtkWidget *widget,
       guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0 &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

static char *
make_video (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "tour.mp4", NULL);
  g_autofree char *desc =
    g_strdup_printf ("videotestsrc num-buffers=90 ! video/x-raw,format=I420,width=320,height=180,framerate=30/1 "
                     "! x264enc speed-preset=ultrafast ! h264parse ! mp4mux ! filesink location=\"%s\"",
                     path);
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, NULL);
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = NULL;

  g_assert_nonnull (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return g_steal_pointer (&path);
}

static VitrineJob *
add_finished_job (const char *video)
{
  VitrineJobStore *store = vitrine_application_get_store (app);
  g_autoptr(VitrineJob) job = vitrine_job_new ("local");
  const char *photos[] = { "/nonexistent/a.jpg", NULL };

  vitrine_job_set_name (job, "12 Harbour Lane");
  vitrine_job_set_photos (job, photos);
  vitrine_job_add_output (job, "Video", NULL, video);
  vitrine_job_set_progress (job, 100);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
  vitrine_job_store_add (store, job);
  return job;
}

static gboolean
video_prepared (gpointer data)
{
  GtkMediaStream *stream = vitrine_window_get_preview_stream (data);

  return g_strcmp0 (vitrine_window_get_preview_page (data), "video") == 0 &&
         stream != NULL && gtk_media_stream_is_prepared (stream);
}

/* Shows a finished job of @video in @window's preview, prepared to play. */
static VitrineJob *
show_finished_video (VitrineWindow *window,
                     const char    *video)
{
  VitrineJob *job = add_finished_job (video);

  vitrine_window_select_job (window, job);
  g_assert_true (vitrine_test_wait_for (video_prepared, window, 30));
  return job;
}

/* @widget's event controller named @name. */
static GtkEventController *
find_controller (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return controller;  /* the widget keeps its own */
    }
  g_error ("no controller %s", name);
}

static void
test_preview_keys (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *video = make_video (dir);
  VitrineWindow *window = new_window ();
  GtkWidget *preview = vitrine_window_get_preview (window);
  GtkWidget *grid = GTK_WIDGET (vitrine_window_get_photo_grid (window));
  VitrineJob *job;
  GtkMediaStream *stream;

  /* Nothing shown: the keys let the event go on. */
  g_assert_false (press (GTK_WIDGET (window), GDK_KEY_F11));
  g_assert_false (press (GTK_WIDGET (window), GDK_KEY_Escape));
  g_assert_false (press (preview, GDK_KEY_space));
  g_assert_true (gtk_widget_get_mapped (grid));

  job = show_finished_video (window, video);
  stream = vitrine_window_get_preview_stream (window);

  /* A click on the video gives it the focus (the focus stayed where it
   * was, and Space went there). */
  gtk_widget_grab_focus (GTK_WIDGET (vitrine_window_get_photo_grid (window)));
  g_assert_false (gtk_widget_is_focus (preview));
  g_signal_emit_by_name (find_controller (preview, "vitrine-preview-click"), "pressed", 1, 10.0, 10.0);
  g_assert_true (gtk_widget_is_focus (preview));

  /* Space pauses and plays again. */
  gtk_media_stream_set_playing (stream, TRUE);
  g_assert_true (press (preview, GDK_KEY_space));
  g_assert_false (gtk_media_stream_get_playing (stream));
  g_assert_true (press (preview, GDK_KEY_space));
  g_assert_true (gtk_media_stream_get_playing (stream));

  /* F11: the video has the whole window, and the focus for Space. */
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_F11));
  g_assert_false (gtk_widget_get_mapped (grid));
  g_assert_true (gtk_widget_get_mapped (preview));
  g_assert_true (gtk_widget_is_focus (preview));
  /* Escape: the rest comes back; a second Escape is not ours. */
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_Escape));
  g_assert_true (gtk_widget_get_mapped (grid));
  g_assert_false (press (GTK_WIDGET (window), GDK_KEY_Escape));
  /* The button does the same as F11. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-full-preview", NULL));
  g_assert_false (gtk_widget_get_mapped (grid));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-full-preview", NULL));
  g_assert_true (gtk_widget_get_mapped (grid));

  gtk_media_stream_set_playing (stream, FALSE);
  vitrine_job_store_remove (vitrine_application_get_store (app), job);
  destroy_window (GTK_WINDOW (window));
  vitrine_test_rmtree (dir);
}

/* Whether a thread of this process is named @name (Linux). */
static gboolean
thread_named (const char *name)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  g_assert_nonnull (tasks);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_strcmp0 (g_strchomp (comm), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
stream_settled (gpointer data)
{
  return gtk_media_stream_get_error (data) != NULL || gtk_media_stream_is_prepared (data);
}

/* The preview plays without an OpenGL context of GStreamer's own (its
 * thread is "gstglcontext"): a GtkVideo realizes its stream, and GTK's
 * player then makes one for each file, which held the main thread
 * 100-200 ms each time a video was done where OpenGL is software
 * (tests/bench/compare). A GtkVideo is the control: it does make one. */
static void
test_preview_no_gl_context (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *video = make_video (dir);
  VitrineWindow *window = new_window ();
  VitrineJob *job = show_finished_video (window, video);
  GtkLabel *subtitle = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), VITRINE_TYPE_WINDOW,
                                                                 "preview_subtitle"));
  g_autoptr(GFile) file = g_file_new_for_path (video);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  g_autofree char *size = g_format_size (g_file_info_get_size (info));
  g_autofree char *folder = g_filename_display_name (dir);
  g_autofree char *expected = g_strdup_printf ("%s · %s", folder, size);

  /* Under the video: its folder and its size. */
  g_assert_cmpstr (gtk_label_get_label (subtitle), ==, expected);
  g_assert_true (gtk_widget_get_mapped (vitrine_window_get_preview (window)));
  g_assert_false (thread_named ("gstglcontext"));

  if (gdk_display_prepare_gl (gdk_display_get_default (), NULL))
    {
      GtkWidget *other = gtk_window_new ();
      GtkWidget *control = gtk_video_new_for_filename (video);
      GtkMediaStream *stream = gtk_video_get_media_stream (GTK_VIDEO (control));

      gtk_window_set_child (GTK_WINDOW (other), control);
      gtk_window_present (GTK_WINDOW (other));
      g_assert_true (vitrine_test_wait_for (stream_settled, stream, 30));
      g_assert_true (thread_named ("gstglcontext"));
      gtk_video_set_file (GTK_VIDEO (control), NULL);
      gtk_window_destroy (GTK_WINDOW (other));
    }
  else
    g_test_message ("no OpenGL here: the GtkVideo control is left out");

  vitrine_job_store_remove (vitrine_application_get_store (app), job);
  destroy_window (GTK_WINDOW (window));
  vitrine_test_rmtree (dir);
}

/* Without a display the app says so and stops (status 1), as GTK itself
 * would. The renderer's choice opens the display before GTK does, and GTK
 * does not try twice: it once went on without one and crashed. */
static void
test_no_display (void)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "GSK_RENDERER");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, VITRINE_PROGRAM, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_nonnull (strstr (err, "display"));
}

/* D-Bus activation */

static gboolean
active_window_shows (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return VITRINE_IS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)) &&
         vitrine_window_get_shown_job (VITRINE_WINDOW (window)) == data;
}

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static GVariant *
show_job_call (const char *action,
               const char *job_id)
{
  GVariantBuilder params;

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  if (job_id != NULL)
    g_variant_builder_add (&params, "v", g_variant_new_string (job_id));
  return g_variant_new ("(sava{sv})", action, &params, NULL);
}

/* What a notification server does with a click on "Video ready" while
 * Vitrine runs: org.freedesktop.Application.ActivateAction ("show-job",
 * [<job id>]) on the application's bus name. */
static void
test_activate_running (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *video = vitrine_test_make_file (dir, "made.mp4", "x", 1);
  VitrineJob *job = add_finished_job (video);
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (app));
  gboolean done = FALSE;
  GtkWindow *window;

  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_dbus_connection_call (connection, APP_ID, APP_PATH, "org.freedesktop.Application",
                          "ActivateAction", show_job_call ("show-job", vitrine_job_get_id (job)),
                          NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, call_done_cb, &done);
  g_assert_true (vitrine_test_wait_for (flag_set, &done, 10));
  g_assert_true (vitrine_test_wait_for (active_window_shows, job, 10));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  /* Not a video: GStreamer says so before the window goes. */
  g_assert_true (vitrine_test_wait_for (vitrine_test_preview_settled, window, 20));
  vitrine_job_store_remove (vitrine_application_get_store (app), job);
  destroy_window (window);
  vitrine_test_rmtree (dir);
}

static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>session</type>\n"
  "  <listen>unix:path=%s</listen>\n"
  "  <servicedir>%s</servicedir>\n"
  "  <policy context=\"default\">\n"
  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
  "    <allow eavesdrop=\"true\"/>\n"
  "    <allow own=\"*\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

static gboolean
window_exported (gpointer bus)
{
  g_autoptr(GVariant) reply = NULL;

  /* GtkApplication exports each window's actions under the app's path. */
  reply = g_dbus_connection_call_sync (bus, APP_ID, APP_PATH "/window/1", "org.gtk.Actions",
                                       "List", NULL, G_VARIANT_TYPE ("(as)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 2000, NULL, NULL);
  return reply != NULL;
}

static gboolean
name_owned (gpointer bus)
{
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus", "NameHasOwner",
                                 g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                 G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static gboolean
name_released (gpointer bus)
{
  return !name_owned (bus);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Vitrine is not running: the session bus starts it from the service file
 * that meson installs (written here with the build's program in Exec), and
 * the action opens the window. A bus of the test's own, so that its
 * service directory is the test's. */
static void
test_activate_from_bus (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *services = g_build_filename (dir, "services", NULL);
  g_autofree char *socket = g_build_filename (dir, "bus", NULL);
  g_autofree char *address = g_strconcat ("unix:path=", socket, NULL);
  g_autofree char *config = g_build_filename (dir, "session.conf", NULL);
  g_autofree char *service = g_build_filename (services, APP_ID ".service", NULL);
  g_autofree char *service_text =
    g_strdup_printf ("[D-BUS Service]\nName=%s\nExec=%s --gapplication-service\n",
                     APP_ID, VITRINE_PROGRAM);
  g_autofree char *config_text = g_markup_printf_escaped (bus_config, socket, services);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *video = vitrine_test_make_file (dir, "made.mp4", "x", 1);
  VitrineJob *job = add_finished_job (video);

  g_assert_cmpint (g_mkdir_with_parents (services, 0700), ==, 0);
  g_assert_true (g_file_set_contents (service, service_text, -1, NULL));
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));

  /* The program the bus starts finds this bus as its session bus. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  daemon = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--nofork",
                                        "--config-file", config, NULL);
  g_assert_no_error (error);
  g_assert_true (vitrine_test_wait_for (file_exists, socket, 10));
  bus = g_dbus_connection_new_for_address_sync (address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (name_owned (bus));

  /* The click: the bus starts Vitrine, which opens the window. */
  reply = g_dbus_connection_call_sync (bus, APP_ID, APP_PATH, "org.freedesktop.Application",
                                       "ActivateAction",
                                       show_job_call ("show-job", vitrine_job_get_id (job)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 60000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vitrine_test_wait_for (window_exported, bus, 30));

  /* Done: it quits when asked (no render of its own to stop). */
  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, APP_ID, APP_PATH, "org.freedesktop.Application",
                                       "ActivateAction", show_job_call ("quit", NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vitrine_test_wait_for (name_released, bus, 30));

  g_dbus_connection_close_sync (bus, NULL, NULL);
  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);
  vitrine_job_store_remove (vitrine_application_get_store (app), job);
  vitrine_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  home = vitrine_test_make_tmpdir ();
  data_home = g_build_filename (home, "data", NULL);
  /* A job list of its own, shared with the Vitrine the bus starts. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gst_init (NULL, NULL);

  /* Unique: the application owns its name on the test's bus, as on a
   * desktop, so that ActivateAction reaches it (the test runs alone: see
   * tests/meson.build). Its jobs are finished ones: no notification. */
  app = vitrine_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ui/desktop/about", test_about);
  g_test_add_func ("/ui/desktop/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/ui/desktop/preview-keys", test_preview_keys);
  g_test_add_func ("/ui/desktop/preview-no-gl-context", test_preview_no_gl_context);
  g_test_add_func ("/ui/desktop/no-display", test_no_display);
  g_test_add_func ("/ui/desktop/activate-running", test_activate_running);
  g_test_add_func ("/ui/desktop/activate-from-bus", test_activate_from_bus);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  vitrine_test_rmtree (home);
  g_free (home);
  return status;
}
