/* test-locale.c: messages, dates, prices and file sizes follow the locale
 *
 * Under de_DE.UTF-8 the window writes "5. März"-style dates (the month's
 * name from the locale; the order is the translators' format), prices with
 * a decimal comma ("2,50 €") and sizes as GLib formats them ("1,2 MB").
 *
 * The locale: the machine needs none installed. The test compiles de_DE
 * from the glibc sources of the `locales` package into a folder of its own
 * (localedef, a second or two) and points LOCPATH at it, so no root, no
 * locale-gen and nothing left on the system. Without localedef or the
 * sources, the tests skip and say why. The window, in German, also fits
 * on half a 1920-pixel screen. The same strings are also made in
 * C.UTF-8 (uselocale: this thread only), to show that they change with the
 * locale and are not fixed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>

#include "vitrine-application.h"
#include "vitrine-job-row.h"
#include "vitrine-provider.h"
#include "vitrine-test-loop.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-window.h"
#include "vitrine-window.h"

#define LOCALE "de_DE.UTF-8"

static VitrineApplication *app;
static gboolean have_locale;

static gboolean
use_locale (const char *name)
{
  return setlocale (LC_ALL, name) != NULL;
}

/* @make in C.UTF-8, for this thread only: switching the process's locale
 * back and forth under GTK and GStreamer upsets them. */
static char *
in_c_locale (char *(*make) (gpointer data),
             gpointer data)
{
  locale_t c = newlocale (LC_ALL_MASK, "C.UTF-8", (locale_t) 0);
  locale_t old;
  char *made;

  g_assert_true (c != (locale_t) 0);
  old = uselocale (c);
  made = make (data);
  uselocale (old);
  freelocale (c);
  return made;
}

static char *
format_date_cb (gpointer data)
{
  return vitrine_job_row_format_date (*(gint64 *) data);
}

static gboolean
skip_without_locale (void)
{
  if (!have_locale)
    g_test_skip ("no " LOCALE " (localedef or the locales package is missing)");
  return !have_locale;
}

/* Dates */

static void
test_date (void)
{
  /* 5 March 2024, noon UTC: another year, so day, month and year. */
  g_autoptr(GDateTime) when = g_date_time_new_utc (2024, 3, 5, 12, 0, 0);
  gint64 unix_time = g_date_time_to_unix (when);
  g_autofree char *german = NULL;
  g_autofree char *c = NULL;

  if (skip_without_locale ())
    return;

  german = vitrine_job_row_format_date (unix_time);
  c = in_c_locale (format_date_cb, &unix_time);

  g_test_message ("%s / %s", german, c);
  g_assert_nonnull (strstr (german, "März"));
  g_assert_nonnull (strstr (german, "2024"));
  g_assert_nonnull (strstr (c, "March"));
}

/* Prices */

/* What the paid providers say a 5-photo job costs. */
static char *
paid_estimates (gpointer unused)
{
  static const char *ids[] = { "vikit", "iacrea", "aixpose", "vidgen" };
  GString *all = g_string_new (NULL);
  const char *photos[] = { "a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      VitrineProvider *provider = vitrine_provider_lookup (ids[i]);
      g_autoptr(VitrineJob) job = vitrine_job_new (ids[i]);
      g_autofree char *cost = NULL;

      if (provider == NULL || !vitrine_provider_get_capabilities (provider)->is_paid)
        continue;
      vitrine_job_set_photos (job, photos);
      vitrine_job_set_test_mode (job, FALSE);
      if ((cost = vitrine_provider_estimate_cost (provider, job)) != NULL)
        g_string_append_printf (all, "%s\n", cost);
    }
  return g_string_free (all, FALSE);
}

/* TRUE when @text has a decimal amount written with @separator ("2,50"). */
static gboolean
has_amount (const char *text,
            char        separator)
{
  for (const char *p = text; p[0] != '\0' && p[1] != '\0' && p[2] != '\0'; p++)
    if (g_ascii_isdigit (p[0]) && p[1] == separator && g_ascii_isdigit (p[2]) &&
        g_ascii_isdigit (p[3]))
      return TRUE;
  return FALSE;
}

static void
test_price (void)
{
  g_autofree char *german = NULL;
  g_autofree char *c = NULL;

  if (skip_without_locale ())
    return;
  german = paid_estimates (NULL);
  c = in_c_locale (paid_estimates, NULL);

  g_test_message ("de:\n%sC:\n%s", german, c);
  /* At least one price in money, and none with a decimal point. */
  g_assert_true (has_amount (c, '.'));
  g_assert_true (has_amount (german, ','));
  g_assert_false (has_amount (german, '.'));
}

/* File sizes: under the video in the preview */

/* The label under the preview's title: the one that starts with a folder. */
static GtkLabel *
find_folder_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), "~/"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_folder_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

static gboolean
subtitle_has_size (GtkWidget *window)
{
  GtkLabel *label = find_folder_label (window);

  /* GLib puts a no-break space between the number and the unit. */
  return label != NULL && strstr (gtk_label_get_label (label), "1,2\u00a0MB") != NULL;
}


static void
test_size (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *video = NULL;
  g_autoptr(VitrineJob) job = NULL;
  VitrineWindow *window;

  if (skip_without_locale ())
    return;
  folder = g_build_filename (g_get_home_dir (), "Videos", "Vitrine", NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  video = vitrine_test_make_file (folder, "Villa.mp4", NULL, 1234567);

  job = vitrine_job_new ("local");
  vitrine_job_set_name (job, "Villa des Lilas");
  vitrine_job_add_output (job, "Video", NULL, video);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
  vitrine_job_store_add (vitrine_application_get_store (app), job);

  window = vitrine_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  vitrine_window_select_job (window, job);
  vitrine_test_wait_for ((VitrineTestCondition) subtitle_has_size, window, 20);
  g_assert_nonnull (find_folder_label (GTK_WIDGET (window)));
  g_test_message ("%s", gtk_label_get_label (find_folder_label (GTK_WIDGET (window))));
  g_assert_true (subtitle_has_size (GTK_WIDGET (window)));

  /* GStreamer is still looking at the file (not a real video): let it say
   * so before the window goes, or its threads outlive the test. */
  g_assert_true (vitrine_test_wait_for (vitrine_test_preview_settled, window, 20));
  vitrine_job_store_remove (vitrine_application_get_store (app), job);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Messages */

/* Run from its build tree (build-aux/run sets VITRINE_LOCALEDIR), Vitrine
 * speaks the locale's language: the window and vitrine-cli alike. */
static void
test_messages (void)
{
  g_autofree char *out = NULL;
  const char *argv[] = { g_getenv ("VITRINE_CLI"), "--help", NULL };
  int status = -1;

  if (skip_without_locale ())
    return;
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Cancel a job"), ==, "Einen Auftrag abbrechen");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "Einen Auftrag abbrechen"));
}

/* Layout */

/* The agent drags the photos in from the file manager: the two side by
 * side, each on half of a 1920-pixel screen. In German, one of the longer
 * languages, the window's narrowest must fit in those 960 pixels (the
 * Copy Link and Watch Online buttons side by side made it 1034). */
static void
test_half_screen (void)
{
  VitrineWindow *window;
  int narrowest = 0;

  if (skip_without_locale ())
    return;
  window = vitrine_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &narrowest, NULL, NULL, NULL);
  g_test_message ("narrowest window: %d px", narrowest);
  g_assert_cmpint (narrowest, <=, 960);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Compiles de_DE into @dir (LOCPATH layout: @dir/de_DE.UTF-8/). */
static gboolean
make_locale (const char *dir)
{
  g_autofree char *target = g_build_filename (dir, LOCALE, NULL);
  g_autofree char *err = NULL;
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("# localedef: %s\n", err ? err : "not found");
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vitrine_test_make_tmpdir ();
  g_autofree char *locales = g_build_filename (home, "locales", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  int status;

  /* Before anything reads them: GLib caches the home folder. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_assert_cmpint (g_mkdir_with_parents (locales, 0700), ==, 0);
  if ((have_locale = make_locale (locales)))
    {
      /* The translations of this build, not of an installed Vitrine. */
      g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

      g_setenv ("LOCPATH", locales, TRUE);
      g_setenv ("LC_ALL", LOCALE, TRUE);
      /* GLib's own German: "MB" stays "MB", with a comma. */
      g_setenv ("LANGUAGE", "de", TRUE);
      g_setenv ("VITRINE_LOCALEDIR", po, TRUE);
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* What gtk_init () does in Vitrine (gtk_test_init () leaves it out). */
  if (have_locale)
    have_locale = use_locale ("") && g_str_equal (setlocale (LC_ALL, NULL), LOCALE);

  app = vitrine_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ui/locale/date", test_date);
  g_test_add_func ("/ui/locale/price", test_price);
  g_test_add_func ("/ui/locale/size", test_size);
  g_test_add_func ("/ui/locale/messages", test_messages);
  g_test_add_func ("/ui/locale/half-screen", test_half_screen);
  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  vitrine_test_rmtree (home);
  return status;
}
