/* test-window-web.c: photos dragged from a web browser onto the real window
 *
 * Under Xvfb, with a loopback SoupServer for "the web": a text/uri-list of
 * addresses goes through the grid's drop target; cells appear at once,
 * download, show their thumbnails, and a refused one shows its reason. A
 * job takes the cached copies (or the addresses, for a provider that
 * fetches photos itself), and keeps where they came from across a restart.
 * The window is destroyed with a download still in flight.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "vitrine-application.h"
#include "vitrine-job-store.h"
#include "vitrine-photo-cell.h"
#include "vitrine-photo-grid.h"
#include "vitrine-provider.h"
#include "vitrine-test-loop.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-provider.h"
#include "vitrine-test-web.h"
#include "vitrine-test-window.h"
#include "vitrine-window.h"

static VitrineApplication *app;

/* A provider of this test that fetches photos itself (needs_urls), free:
 * its jobs wait in PROCESSING until cancelled. */
static const VitrineProviderCapabilities url_provider_caps = {
  .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1,
  .needs_urls = TRUE,
  .can_cancel = TRUE,
};

typedef struct {
  VitrineWindow    *window;
  VitrinePhotoGrid *grid;
  GSettings        *settings;
  VitrineTestWeb    web;
  GPtrArray        *paused;     /* SoupServerMessage: /slow answers, never given */
  GPtrArray        *messages;
  double            max_progress;
} Fixture;

/* {{{ "The web" */

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_has_suffix (path, ".jpg"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_replace (headers, "Content-Type", "image/jpeg");
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), f->web.jpeg);
    }
  else if (g_str_equal (path, "/listing.html"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html>A listing</html>", 22);
    }
  else if (g_str_equal (path, "/slow"))
    {
      /* Headers never come: the download stays on its way. */
      soup_server_message_pause (msg);
      g_ptr_array_add (f->paused, g_object_ref (msg));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

/* }}} */

/* {{{ Fixture */

static gboolean
window_mapped (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->window));
}

static void
message_cb (VitrinePhotoGrid *grid,
            const char       *message,
            Fixture          *f)
{
  g_test_message ("message: %s", message);
  g_ptr_array_add (f->messages, g_strdup (message));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "vitrine", "web", NULL);

  /* Every test downloads afresh. */
  vitrine_test_rmtree (cache);
  f->messages = g_ptr_array_new_with_free_func (g_free);
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  vitrine_test_web_start (&f->web, server_cb, f);

  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "provider");
  g_settings_set_string (f->settings, "output-folder", f->web.dir);
  f->window = vitrine_window_new (app);
  f->grid = vitrine_window_get_photo_grid (f->window);
  g_signal_connect (f->grid, "message", G_CALLBACK (message_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (vitrine_test_wait_for (window_mapped, f, 10));
}

/* Iterates for @ms milliseconds. */
static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (f->grid, f);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  /* Downloads in flight end cancelled, without touching the window. */
  iterate_for (300);
  g_assert_null (f->window);

  vitrine_test_web_stop (&f->web);
  g_clear_pointer (&f->paused, g_ptr_array_unref);
  g_clear_object (&f->settings);
  g_clear_pointer (&f->messages, g_ptr_array_unref);
}

/* }}} */

/* {{{ Helpers */

static VitrinePhoto *
photo_at (Fixture *f,
          guint    position)
{
  VitrinePhoto *photo = g_list_model_get_item (vitrine_photo_grid_get_photos (f->grid), position);

  g_object_unref (photo);  /* the store keeps it */
  return photo;
}

static guint
n_photos (Fixture *f)
{
  return g_list_model_get_n_items (vitrine_photo_grid_get_photos (f->grid));
}

static gboolean
grid_settled (gpointer data)
{
  Fixture *f = data;

  return !vitrine_photo_grid_get_busy (f->grid);
}

/* Drops @text on the grid the way GTK does: "drop" on its GtkDropTarget,
 * with the text/uri-list as a string. */
static gboolean
drop_uri_list (Fixture    *f,
               const char *text)
{
  GtkDropTarget *target = vitrine_photo_grid_get_drop_target (f->grid);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &handled);
  return handled;
}

static void
progress_cb (VitrinePhoto *photo,
             GParamSpec   *pspec,
             Fixture      *f)
{
  f->max_progress = MAX (f->max_progress, vitrine_photo_get_download_progress (photo));
}

/* The cell that shows @photo, if the view made one. */
static VitrinePhotoCell *
cell_of (GtkWidget    *widget,
         VitrinePhoto *photo)
{
  if (VITRINE_IS_PHOTO_CELL (widget) &&
      vitrine_photo_cell_get_photo (VITRINE_PHOTO_CELL (widget)) == photo)
    return VITRINE_PHOTO_CELL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      VitrinePhotoCell *cell = cell_of (child, photo);

      if (cell != NULL)
        return cell;
    }
  return NULL;
}

static gboolean
messages_contain (Fixture    *f,
                  const char *needle)
{
  for (guint i = 0; i < f->messages->len; i++)
    if (strstr (g_ptr_array_index (f->messages, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* }}} */

/* Two photos and a web page from a browser: three cells at once; two
 * thumbnails from the cache; the page refused with its reason. */
static void
test_drop_urls (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *a = vitrine_test_web_url (&f->web, "photos/kitchen.jpg");
  g_autofree char *b = vitrine_test_web_url (&f->web, "photos/garden.jpg");
  g_autofree char *page = vitrine_test_web_url (&f->web, "listing.html");
  g_autofree char *list = g_strdup_printf ("# dragged from a browser\r\n%s\r\n\r\n%s\r\n%s\r\n",
                                           a, b, page);
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "vitrine", "web", NULL);
  VitrinePhotoCell *cell;
  const char *tooltip;

  g_assert_true (drop_uri_list (f, list));

  /* At once, loading, in the order dropped. */
  g_assert_cmpuint (n_photos (f), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (vitrine_photo_get_loading (photo_at (f, i)));
      g_assert_cmpfloat (vitrine_photo_get_download_progress (photo_at (f, i)), >=, 0.0);
      g_signal_connect (photo_at (f, i), "notify::download-progress",
                        G_CALLBACK (progress_cb), f);
    }
  g_assert_cmpstr (vitrine_photo_get_url (photo_at (f, 0)), ==, a);
  g_assert_cmpstr (vitrine_photo_get_display_name (photo_at (f, 1)), ==, "garden.jpg");
  g_assert_true (vitrine_photo_grid_get_busy (f->grid));

  g_assert_true (vitrine_test_wait_for (grid_settled, f, 30));
  g_assert_cmpuint (n_photos (f), ==, 3);
  g_assert_cmpfloat (f->max_progress, ==, 1.0);
  for (guint i = 0; i < 2; i++)
    {
      VitrinePhoto *photo = photo_at (f, i);

      g_assert_nonnull (vitrine_photo_get_texture (photo));
      g_assert_null (vitrine_photo_get_error (photo));
      g_assert_cmpfloat (vitrine_photo_get_download_progress (photo), ==, -1.0);
      g_assert_true (g_str_has_prefix (vitrine_photo_get_local_path (photo), cache));
      g_assert_true (g_file_test (vitrine_photo_get_local_path (photo), G_FILE_TEST_IS_REGULAR));
      g_signal_handlers_disconnect_by_data (photo, f);
    }
  g_signal_handlers_disconnect_by_data (photo_at (f, 2), f);
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (f->grid), ==, 2);

  /* The refused one says why, in its cell, like a bad file. */
  g_assert_cmpstr (vitrine_photo_get_error (photo_at (f, 2)), ==, "Not an image");
  g_assert_null (vitrine_photo_get_local_path (photo_at (f, 2)));
  g_assert_true (messages_contain (f, "1 photo can’t be used"));
  cell = cell_of (GTK_WIDGET (f->grid), photo_at (f, 2));
  g_assert_nonnull (cell);
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (cell));
  g_assert_nonnull (strstr (tooltip, "Not an image"));

  /* Dropped again: nothing new. */
  g_assert_true (drop_uri_list (f, a));
  g_assert_cmpuint (n_photos (f), ==, 3);
}

/* GTK hands a browser's text/uri-list over as a GdkFileList: the web
 * addresses in it are photos from the web too, beside a local file. */
static void
test_drop_file_list (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = vitrine_test_web_url (&f->web, "porch.jpg");
  g_autofree char *local = vitrine_test_make_jpeg (f->web.dir, "local.jpg", 640, 480, 0, 5);
  GtkDropTarget *target = vitrine_photo_grid_get_drop_target (f->grid);
  g_auto(GValue) value = G_VALUE_INIT;
  GSList *files = NULL;
  gboolean handled = FALSE;

  files = g_slist_append (files, g_file_new_for_uri (a));
  files = g_slist_append (files, g_file_new_for_path (local));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free_full (files, g_object_unref);
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &handled);
  g_assert_true (handled);

  g_assert_true (vitrine_test_wait_for (grid_settled, f, 30));
  g_assert_cmpuint (n_photos (f), ==, 2);
  g_assert_cmpstr (vitrine_photo_get_url (photo_at (f, 0)), ==, a);
  g_assert_nonnull (vitrine_photo_get_texture (photo_at (f, 0)));
  g_assert_null (vitrine_photo_get_url (photo_at (f, 1)));
  g_assert_cmpstr (vitrine_photo_get_local_path (photo_at (f, 1)), ==, local);
  g_assert_nonnull (vitrine_photo_get_texture (photo_at (f, 1)));
}

static VitrineJob *
newest_job (void)
{
  GListModel *jobs = G_LIST_MODEL (vitrine_application_get_store (app));
  g_autoptr(VitrineJob) job = g_list_model_get_item (jobs, 0);

  return job;  /* the store keeps it */
}

/* Create: the local renderer gets the copies in the cache; the job keeps
 * the addresses beside them, on disk. */
static void
test_create_from_web (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *a = vitrine_test_web_url (&f->web, "a.jpg");
  g_autofree char *b = vitrine_test_web_url (&f->web, "b.jpg");
  g_autofree char *local = vitrine_test_make_jpeg (f->web.dir, "local.jpg", 640, 480, 0, 9);
  g_autoptr(GFile) local_file = g_file_new_for_path (local);
  GSList one = { local_file, NULL };
  g_autofree char *list = g_strdup_printf ("%s\n%s\n", a, b);
  g_autofree char *sources = g_strdup_printf ("%s\n\n%s", a, b);
  VitrineJobStore *store = vitrine_application_get_store (app);
  g_autoptr(VitrineJobStore) reopened = NULL;
  VitrineJob *again;
  g_autoptr(GError) error = NULL;
  VitrineJob *job;
  const char * const *photos;
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) resolved = NULL;

  g_assert_true (drop_uri_list (f, a));
  vitrine_photo_grid_add_files (f->grid, &one);
  g_assert_true (drop_uri_list (f, list));
  g_assert_true (vitrine_test_wait_for (grid_settled, f, 30));
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (f->grid), ==, 3);

  g_settings_set_double (f->settings, "seconds-per-photo", 20.0);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                      VITRINE_TYPE_WINDOW,
                                                                      "name_row")),
                         "14 chemin du Web");
  vitrine_photo_set_caption (photo_at (f, 0), "Kitchen");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.create", NULL));
  job = newest_job ();
  g_assert_cmpstr (vitrine_job_get_provider_id (job), ==, "local");
  photos = vitrine_job_get_photos (job);
  g_assert_cmpuint (g_strv_length ((char **) photos), ==, 3);
  g_assert_cmpstr (photos[0], ==, vitrine_photo_get_local_path (photo_at (f, 0)));
  g_assert_cmpstr (photos[1], ==, local);
  g_assert_cmpstr (photos[2], ==, vitrine_photo_get_local_path (photo_at (f, 2)));
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_PHOTO_SOURCES), ==, sources);

  /* A restart reads them back. */
  reopened = vitrine_job_store_new_for_path (vitrine_job_store_get_path (store), &error);
  g_assert_no_error (error);
  again = vitrine_job_store_lookup (reopened, vitrine_job_get_id (job));
  g_assert_nonnull (again);
  g_assert_cmpstrv (vitrine_job_get_photos (again), photos);
  g_assert_cmpstr (vitrine_job_get_option (again, VITRINE_JOB_OPTION_PHOTO_SOURCES), ==, sources);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel-job", "s",
                                             vitrine_job_get_id (job)));

  /* A provider that fetches photos itself gets the addresses. */
  paths = vitrine_photo_grid_dup_usable_paths (f->grid);
  g_assert_true (vitrine_photo_grid_resolve_photos (f->grid, (const char * const *) paths, TRUE,
                                                    &resolved, NULL));
  g_assert_cmpstr (resolved[0], ==, a);
  g_assert_cmpstr (resolved[1], ==, local);
  g_assert_cmpstr (resolved[2], ==, b);

  /* Dropped again for the same listing, the photo gets its caption back:
   * the job knows where its copy came from. */
  vitrine_photo_grid_remove (f->grid, 0);
  g_assert_true (drop_uri_list (f, a));
  g_assert_cmpuint (n_photos (f), ==, 3);
  g_assert_cmpstr (vitrine_photo_get_caption (photo_at (f, 2)), ==, "Kitchen");
  g_assert_true (vitrine_test_wait_for (grid_settled, f, 30));
}

/* Compare: one listing to two providers at once; each job takes the
 * photos from the web as its provider does. */
static void
test_compare_web (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *a = vitrine_test_web_url (&f->web, "front.jpg");
  g_autofree char *b = vitrine_test_web_url (&f->web, "back.jpg");
  g_autofree char *list = g_strdup_printf ("%s\n%s\n", a, b);
  g_autofree char *sources = g_strdup_printf ("%s\n%s", a, b);
  GListModel *jobs = G_LIST_MODEL (vitrine_application_get_store (app));
  GtkWidget *compare = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                  VITRINE_TYPE_WINDOW,
                                                                  "compare_row"));
  guint before = g_list_model_get_n_items (jobs);

  g_assert_true (drop_uri_list (f, list));
  g_assert_true (vitrine_test_wait_for (grid_settled, f, 30));
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (f->grid), ==, 2);

  g_settings_set_double (f->settings, "seconds-per-photo", 20.0);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (compare), TRUE);
  gtk_check_button_set_active (vitrine_test_find_row_check (compare, "This computer"), TRUE);
  gtk_check_button_set_active (vitrine_test_find_row_check (compare, "Fetches Photos Itself"), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.create", NULL));
  iterate_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, before + 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (jobs, i);
      const char * const *photos = vitrine_job_get_photos (job);
      gboolean local = g_str_equal (vitrine_job_get_provider_id (job), "local");

      g_assert_cmpuint (g_strv_length ((char **) photos), ==, 2);
      g_assert_cmpstr (photos[0], ==, local ? vitrine_photo_get_local_path (photo_at (f, 0)) : a);
      g_assert_cmpstr (photos[1], ==, local ? vitrine_photo_get_local_path (photo_at (f, 1)) : b);
      g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_PHOTO_SOURCES), ==, sources);
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel-job", "s",
                                  vitrine_job_get_id (job));
    }
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (compare), FALSE);
}

/* A download still on its way: Create waits for it (a provider that
 * fetches photos itself would not); the window goes with it in flight. */
static void
test_still_downloading (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *slow = vitrine_test_web_url (&f->web, "slow");
  GListModel *jobs = G_LIST_MODEL (vitrine_application_get_store (app));
  guint n_jobs = g_list_model_get_n_items (jobs);
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) resolved = NULL;

  g_assert_true (drop_uri_list (f, slow));
  g_assert_cmpuint (n_photos (f), ==, 1);
  while (f->paused->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (vitrine_photo_get_loading (photo_at (f, 0)));
  g_assert_cmpfloat (vitrine_photo_get_download_progress (photo_at (f, 0)), ==, 0.0);
  g_assert_nonnull (cell_of (GTK_WIDGET (f->grid), photo_at (f, 0)));

  paths = vitrine_photo_grid_dup_usable_paths (f->grid);
  g_assert_false (vitrine_photo_grid_resolve_photos (f->grid, (const char * const *) paths, FALSE,
                                                     &resolved, NULL));
  g_assert_true (vitrine_photo_grid_resolve_photos (f->grid, (const char * const *) paths, TRUE,
                                                    &resolved, NULL));
  g_assert_cmpstr (resolved[0], ==, slow);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.create", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, n_jobs);

  /* Another one, removed while on its way: its download stops quietly. */
  {
    g_autofree char *other = vitrine_test_web_url (&f->web, "slow?photo=2");
    g_autoptr(VitrinePhoto) removed = NULL;

    g_assert_true (drop_uri_list (f, other));
    while (f->paused->len < 2)
      g_main_context_iteration (NULL, TRUE);
    removed = g_object_ref (photo_at (f, 1));
    vitrine_photo_grid_remove (f->grid, 1);
    iterate_for (200);
    g_assert_cmpuint (n_photos (f), ==, 1);
    g_assert_null (vitrine_photo_get_error (removed));
    g_assert_null (vitrine_photo_get_local_path (removed));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vitrine_test_make_tmpdir ();
  g_autofree char *data_home = g_build_filename (home, "data", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  {
    g_autoptr(VitrineProvider) fake = vitrine_test_provider_new ("web-urls", "Fetches Photos Itself",
                                                                 &url_provider_caps, 1000, NULL);

    vitrine_provider_register (fake);
  }

  app = vitrine_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));

  g_test_add ("/ui/window-web/drop-urls", Fixture, NULL,
              fixture_set_up, test_drop_urls, fixture_tear_down);
  g_test_add ("/ui/window-web/drop-file-list", Fixture, NULL,
              fixture_set_up, test_drop_file_list, fixture_tear_down);
  g_test_add ("/ui/window-web/create", Fixture, NULL,
              fixture_set_up, test_create_from_web, fixture_tear_down);
  g_test_add ("/ui/window-web/compare", Fixture, NULL,
              fixture_set_up, test_compare_web, fixture_tear_down);
  g_test_add ("/ui/window-web/still-downloading", Fixture, NULL,
              fixture_set_up, test_still_downloading, fixture_tear_down);

  {
    int status = g_test_run ();

    g_application_release (G_APPLICATION (app));
    g_clear_object (&app);
    vitrine_test_rmtree (home);
    return status;
  }
}
