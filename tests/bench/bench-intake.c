/* bench-intake.c: photos dropped into the real window, timed
 *
 *   bench-intake DIR
 *
 * Opens the window, drops every *.jpg of DIR on the photo grid at once
 * (through its GtkDropTarget, as a file manager drop arrives) and prints one
 * line:
 *
 *   photos=200 wall_s=4.812 stall_ms=23.4 rss_mb=212.0
 *
 * wall_s: from the drop until every thumbnail is in the grid and the frame
 * after the last one is painted. stall_ms: the worst lateness of a 10 ms
 * repeating timeout while that happens (how long the main loop was kept
 * from running). rss_mb: the peak resident set of the process.
 * tests/bench/intake runs this three times beside a djpeg floor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>

#include <adwaita.h>

#include "vitrine-application.h"
#include "vitrine-photo-grid.h"
#include "vitrine-window.h"

#define PROBE_MS 10

static gint64 last_probe;
static gint64 worst_stall;
static gboolean measuring;
static gboolean painted;
static gint64 start_time;

static gboolean
probe_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (measuring && last_probe != 0)
    {
      gint64 stall = now - last_probe - PROBE_MS * 1000;

      worst_stall = MAX (worst_stall, stall);
      if (stall > 30000 && g_getenv ("BENCH_VERBOSE"))
        g_printerr ("stall %.1f ms at %.3f s\n", stall / 1e3, (now - start_time) / 1e6);
    }
  last_probe = now;
  return G_SOURCE_CONTINUE;
}

static gint64 layout_start, worst_frame;
static guint n_frames;

static void
before_layout_cb (GdkFrameClock *clock,
                  gpointer       user_data)
{
  layout_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 took = g_get_monotonic_time () - layout_start;

  painted = TRUE;
  if (measuring && layout_start != 0)
    {
      n_frames++;
      worst_frame = MAX (worst_frame, took);
      if (took > 30000 && g_getenv ("BENCH_VERBOSE"))
        g_printerr ("frame %.1f ms at %.3f s\n", took / 1e3,
                    (g_get_monotonic_time () - start_time) / 1e6);
    }
}

static gboolean
all_loaded (VitrinePhotoGrid *grid,
            guint             expected)
{
  GListModel *photos = vitrine_photo_grid_get_photos (grid);
  guint n = g_list_model_get_n_items (photos);

  if (n < expected || vitrine_photo_grid_get_busy (grid))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (photos, i);

      if (vitrine_photo_get_loading (photo))
        return FALSE;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VitrineApplication) app = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  GSList *files = NULL;
  VitrineWindow *window;
  VitrinePhotoGrid *grid;
  GdkFrameClock *clock;
  const char *name;
  gboolean handled = FALSE;
  gint64 start, end, deadline;
  guint n_bad = 0;
  struct rusage usage;

  if (argc != 2)
    {
      g_printerr ("usage: %s DIR\n", argv[0]);
      return 2;
    }

  if (!(dir = g_dir_open (argv[1], 0, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, ".jpg"))
      g_ptr_array_add (paths, g_build_filename (argv[1], name, NULL));
  g_ptr_array_sort (paths, compare_strings);
  for (guint i = paths->len; i > 0; i--)
    files = g_slist_prepend (files, g_file_new_for_path (g_ptr_array_index (paths, i - 1)));

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();

  app = vitrine_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_application_hold (G_APPLICATION (app));

  window = vitrine_window_new (app);
  grid = vitrine_window_get_photo_grid (window);
  gtk_window_present (GTK_WINDOW (window));

  g_timeout_add (PROBE_MS, probe_cb, NULL);

  /* Settle: mapped, a few frames drawn. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "layout", G_CALLBACK (before_layout_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));

  worst_stall = 0;
  measuring = TRUE;
  start = start_time = g_get_monotonic_time ();
  g_signal_emit_by_name (vitrine_photo_grid_get_drop_target (grid), "drop", &value, 50.0, 50.0,
                         &handled);

  deadline = start + 300 * G_USEC_PER_SEC;
  while (!all_loaded (grid, paths->len) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* Shown: the frame after the last thumbnail arrived has been painted. */
  painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();
  measuring = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (vitrine_photo_grid_get_photos (grid)); i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (vitrine_photo_grid_get_photos (grid), i);

      if (vitrine_photo_get_texture (photo) == NULL)
        n_bad++;
    }

  getrusage (RUSAGE_SELF, &usage);
  g_print ("photos=%u wall_s=%.3f stall_ms=%.1f rss_mb=%.1f failed=%u frames=%u worst_frame_ms=%.1f\n",
           paths->len, (end - start) / 1e6, worst_stall / 1e3, usage.ru_maxrss / 1024.0, n_bad,
           n_frames, worst_frame / 1e3);

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
  g_slist_free_full (files, g_object_unref);

  return handled && n_bad == 0 && end < deadline ? 0 : 1;
}
