/* vitrine-bench.c: what tests/bench/jobs measures inside the app
 *
 * Only with VITRINE_BENCH set in the environment:
 *
 *   first-frame-us T     printed at the first "after-paint" of the window's
 *                        frame clock; T is g_get_monotonic_time ()
 *                        (CLOCK_MONOTONIC), the clock the script reads
 *                        before it starts the app
 *   mark-us WHAT T       on the way there (startup, the store loaded, the
 *                        window made)
 *   VITRINE_BENCH_EXIT=1 quit right after that
 *   VITRINE_BENCH_SCROLL=MS
 *                        a second after the first frame, scroll the status
 *                        list from top to bottom in MS milliseconds (a tick
 *                        callback moves its vadjustment), while a repeating
 *                        5 ms timeout records how late the main loop runs
 *                        it; print the worst stall and quit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "vitrine-bench.h"
#include "vitrine-job-row.h"
#include "vitrine-window-private.h"

#define PROBE_MS 5
#define SETTLE_BEFORE_SCROLL_MS 1000

typedef struct {
  VitrineWindow *window;      /* unowned: the bench quits the app before it goes */
  gulong         paint_id;
  gboolean       first_done;
  gint64         scroll_ms;
  /* scroll */
  gint64         start;
  guint          tick_id;
  guint          probe_id;
  gint64         last_probe;
  GArray        *lateness;    /* gint64 µs, one per probe */
  guint          frames;
  gboolean       scrolling;
  /* where a frame's time goes: the end of each phase (our handlers run
   * after GTK's), and the longest of each */
  gint64         update_end;
  gint64         layout_end;
  gint64         max_layout;
  gint64         max_paint;
  gint64         sum_layout;
  gint64         sum_paint;
} Bench;

static Bench bench;

static void
bench_quit (void)
{
  GApplication *app = g_application_get_default ();

  fflush (stdout);
  if (app != NULL)
    g_application_quit (app);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
bench_probe_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - bench.last_probe - PROBE_MS * 1000;

  g_array_append_val (bench.lateness, late);
  bench.last_probe = now;
  return G_SOURCE_CONTINUE;
}

static void
bench_report (void)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bench.window->job_list));
  gint64 worst = 0;
  guint over = 0;
  guint rows, requested, decoded;

  for (guint i = 0; i < bench.lateness->len; i++)
    {
      gint64 late = g_array_index (bench.lateness, gint64, i);

      worst = MAX (worst, late);
      if (late > 16000)
        over++;
    }
  g_array_sort (bench.lateness, compare_gint64);
  vitrine_job_row_get_stats (&rows, &requested, &decoded);

  printf ("scroll-ms %.0f\n", (g_get_monotonic_time () - bench.start) / 1e3);
  printf ("scroll-rows %u\n", g_list_model_get_n_items (G_LIST_MODEL (bench.window->store)));
  printf ("scroll-end-fraction %.3f\n",
          (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)) /
          MAX (1, gtk_adjustment_get_upper (adjustment)));
  printf ("scroll-frames %u\n", bench.frames);
  printf ("scroll-probes %u\n", bench.lateness->len);
  printf ("scroll-worst-stall-ms %.1f\n", worst / 1e3);
  printf ("scroll-p99-stall-ms %.1f\n",
          bench.lateness->len
            ? g_array_index (bench.lateness, gint64, bench.lateness->len * 99 / 100) / 1e3 : 0);
  printf ("scroll-stalls-over-16ms %u\n", over);
  printf ("scroll-max-layout-ms %.1f\n", bench.max_layout / 1e3);
  printf ("scroll-max-paint-ms %.1f\n", bench.max_paint / 1e3);
  printf ("scroll-mean-layout-ms %.1f\n", bench.frames ? bench.sum_layout / 1e3 / bench.frames : 0);
  printf ("scroll-mean-paint-ms %.1f\n", bench.frames ? bench.sum_paint / 1e3 / bench.frames : 0);
  printf ("rows-made %u\n", rows);
  printf ("thumbnails-requested %u\n", requested);
  printf ("thumbnails-decoded %u\n", decoded);
}

static gboolean
bench_end_cb (gpointer data)
{
  g_clear_handle_id (&bench.probe_id, g_source_remove);
  bench_report ();
  bench_quit ();
  return G_SOURCE_REMOVE;
}

static gboolean
bench_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double t = MIN (1.0, (now - bench.start) / (bench.scroll_ms * 1000.0));
  double lower = gtk_adjustment_get_lower (adjustment);
  double top = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  gtk_adjustment_set_value (adjustment, lower + t * (top - lower));
  if (t < 1.0)
    return G_SOURCE_CONTINUE;

  bench.tick_id = 0;
  bench.scrolling = FALSE;
  /* A last look at how the end of the list is drawn. */
  g_timeout_add (300, bench_end_cb, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
bench_start_scroll_cb (gpointer data)
{
  GtkWidget *list = GTK_WIDGET (bench.window->job_list);

  if (!gtk_widget_get_mapped (list))
    {
      printf ("scroll-skipped the list is not shown (empty store)\n");
      bench_quit ();
      return G_SOURCE_REMOVE;
    }

  bench.lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.start = g_get_monotonic_time ();
  bench.last_probe = bench.start;
  bench.scrolling = TRUE;
  bench.probe_id = g_timeout_add_full (G_PRIORITY_HIGH, PROBE_MS, bench_probe_cb, NULL, NULL);
  bench.tick_id = gtk_widget_add_tick_callback (list, bench_tick_cb, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
bench_update_cb (GdkFrameClock *clock,
                 gpointer       data)
{
  bench.update_end = g_get_monotonic_time ();
}

static void
bench_layout_cb (GdkFrameClock *clock,
                 gpointer       data)
{
  bench.layout_end = g_get_monotonic_time ();
  if (bench.scrolling && bench.update_end > 0)
    {
      gint64 layout = bench.layout_end - bench.update_end;

      bench.max_layout = MAX (bench.max_layout, layout);
      bench.sum_layout += layout;
    }
}

static void
bench_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (bench.scrolling && bench.layout_end > 0)
    {
      gint64 paint = g_get_monotonic_time () - bench.layout_end;

      bench.max_paint = MAX (bench.max_paint, paint);
      bench.sum_paint += paint;
    }
}

static void
bench_after_paint_cb (GdkFrameClock *clock,
                      gpointer       data)
{
  if (bench.scrolling)
    bench.frames++;
  if (bench.first_done)
    return;

  bench.first_done = TRUE;
  printf ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  printf ("jobs %u\n", bench.window->store
                         ? g_list_model_get_n_items (G_LIST_MODEL (bench.window->store)) : 0);
  {
    guint rows;

    vitrine_job_row_get_stats (&rows, NULL, NULL);
    printf ("first-frame-rows %u\n", rows);
  }
  fflush (stdout);

  if (g_strcmp0 (g_getenv ("VITRINE_BENCH_EXIT"), "1") == 0)
    {
      bench_quit ();
      return;
    }
  if (bench.scroll_ms > 0)
    g_timeout_add (SETTLE_BEFORE_SCROLL_MS, bench_start_scroll_cb, NULL);
}

static void
bench_realize_cb (GtkWidget *widget,
                  gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL && bench.paint_id == 0)
    {
      bench.paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (bench_after_paint_cb), NULL);
      g_signal_connect (clock, "update", G_CALLBACK (bench_update_cb), NULL);
      g_signal_connect (clock, "layout", G_CALLBACK (bench_layout_cb), NULL);
      g_signal_connect (clock, "paint", G_CALLBACK (bench_paint_cb), NULL);
    }
}

void
vitrine_bench_mark (const char *what)
{
  if (g_getenv ("VITRINE_BENCH") == NULL)
    return;
  printf ("mark-us %s %" G_GINT64_FORMAT "\n", what, g_get_monotonic_time ());
}

void
vitrine_bench_attach (VitrineWindow *window)
{
  const char *scroll = g_getenv ("VITRINE_BENCH_SCROLL");

  g_return_if_fail (VITRINE_IS_WINDOW (window));

  if (bench.window != NULL)
    return; /* the first window only */
  vitrine_bench_mark ("window-made");
  bench.window = window;
  bench.scroll_ms = scroll ? g_ascii_strtoll (scroll, NULL, 10) : 0;
  g_signal_connect (window, "realize", G_CALLBACK (bench_realize_cb), NULL);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    bench_realize_cb (GTK_WIDGET (window), NULL);
}
