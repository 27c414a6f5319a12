/* test-window.c: the real window, under Xvfb
 *
 * One application for the whole program (registered, never run); each test
 * makes a fresh window, drives it through the same code paths that a drop,
 * a key or a button uses, and iterates the main context until what it waits
 * for has happened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "vitrine-application.h"
#include "vitrine-photo-grid.h"
#include "vitrine-test-photos.h"
#include "vitrine-window.h"

static VitrineApplication *app;

typedef struct {
  VitrineWindow    *window;
  VitrinePhotoGrid *grid;
  GSettings        *settings;
  char             *dir;
  char             *out_dir;
  GPtrArray        *messages;
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @condition holds or @timeout_s passed. */
static gboolean
wait_for (Fixture   *fixture,
          Condition  condition,
          guint      timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, wake_up_cb, NULL);
  gboolean ok;

  while (!(ok = condition (fixture)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
  return ok;
}

static void
iterate_a_little (void)
{
  gint64 until = g_get_monotonic_time () + 100 * 1000;
  guint wake_id = g_timeout_add (10, wake_up_cb, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
}

static void
message_cb (VitrinePhotoGrid *grid,
            const char       *message,
            Fixture          *fixture)
{
  g_test_message ("message: %s", message);
  g_ptr_array_add (fixture->messages, g_strdup (message));
}

static gboolean
window_mapped (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->window));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = vitrine_test_make_tmpdir ();
  fixture->out_dir = g_build_filename (fixture->dir, "videos", NULL);
  fixture->messages = g_ptr_array_new_with_free_func (g_free);

  /* The memory backend keeps values for the life of the process: start
   * every test from the defaults. */
  fixture->settings = g_settings_new (APP_ID);
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (fixture->settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      g_settings_reset (fixture->settings, keys[i]);
  }
  g_settings_set_string (fixture->settings, "output-folder", fixture->out_dir);

  fixture->window = vitrine_window_new (app);
  fixture->grid = vitrine_window_get_photo_grid (fixture->window);
  g_signal_connect (fixture->grid, "message", G_CALLBACK (message_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (fixture, window_mapped, 10));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (fixture->grid, fixture);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate_a_little ();
  g_assert_null (fixture->window);

  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->messages, g_ptr_array_unref);
  vitrine_test_rmtree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->out_dir, g_free);
}

/* Helpers */

static GListModel *
photos_of (Fixture *fixture)
{
  return vitrine_photo_grid_get_photos (fixture->grid);
}

static VitrinePhoto *
photo_at (Fixture *fixture,
          guint    position)
{
  VitrinePhoto *photo = g_list_model_get_item (photos_of (fixture), position);

  g_object_unref (photo); /* the store keeps it */
  return photo;
}

static gboolean
grid_settled (Fixture *fixture)
{
  return !vitrine_photo_grid_get_busy (fixture->grid);
}

static gboolean
messages_contain (Fixture    *fixture,
                  const char *needle)
{
  for (guint i = 0; i < fixture->messages->len; i++)
    if (strstr (g_ptr_array_index (fixture->messages, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static char *
make_photo (Fixture    *fixture,
            const char *name,
            guint       seed)
{
  return vitrine_test_make_jpeg (fixture->dir, name, 640, 480, 0, seed);
}

/* Drops @files on the grid the way GTK does: "drop" on its GtkDropTarget,
 * with a GdkFileList in the value. */
static gboolean
drop_files (Fixture *fixture,
            GSList  *files)
{
  GtkDropTarget *target = vitrine_photo_grid_get_drop_target (fixture->grid);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &handled);
  return handled;
}

static GSList *
files_for_paths (const char *first,
                 ...)
{
  GSList *files = NULL;
  va_list args;

  va_start (args, first);
  for (const char *path = first; path != NULL; path = va_arg (args, const char *))
    files = g_slist_prepend (files, g_file_new_for_path (path));
  va_end (args);
  return g_slist_reverse (files);
}

static gboolean
all_usable_have_textures (Fixture *fixture)
{
  guint n = g_list_model_get_n_items (photos_of (fixture));

  for (guint i = 0; i < n; i++)
    {
      VitrinePhoto *photo = photo_at (fixture, i);

      if (vitrine_photo_get_error (photo) == NULL && vitrine_photo_get_texture (photo) == NULL)
        return FALSE;
    }
  return TRUE;
}

static VitrinePhoto *
find_photo (Fixture    *fixture,
            const char *name)
{
  guint n = g_list_model_get_n_items (photos_of (fixture));

  for (guint i = 0; i < n; i++)
    if (g_str_equal (vitrine_photo_get_display_name (photo_at (fixture, i)), name))
      return photo_at (fixture, i);
  return NULL;
}

static char *
order_of (Fixture *fixture)
{
  GString *order = g_string_new (NULL);
  guint n = g_list_model_get_n_items (photos_of (fixture));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *base = g_strdup (vitrine_photo_get_display_name (photo_at (fixture, i)));
      char *dot = strrchr (base, '.');

      if (dot != NULL)
        *dot = '\0';
      g_string_append_printf (order, "%s%s", i ? " " : "", base);
    }
  return g_string_free (order, FALSE);
}

/* Adds photos a, b, c… (JPEG, 640x480) and waits for their thumbnails. */
static void
add_photos (Fixture *fixture,
            guint    n)
{
  GSList *files = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%c.jpg", 'a' + i);
      g_autofree char *path = make_photo (fixture, name, i);

      files = g_slist_append (files, g_file_new_for_path (path));
    }
  vitrine_photo_grid_add_files (fixture->grid, files);
  g_slist_free_full (files, g_object_unref);

  g_assert_true (wait_for (fixture, grid_settled, 60));
  g_assert_cmpuint (g_list_model_get_n_items (photos_of (fixture)), ==, n);
  g_assert_true (all_usable_have_textures (fixture));
}

/* Tests */

static void
test_window_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *jobs = G_LIST_MODEL (vitrine_application_get_store (app));
  guint n_jobs = g_list_model_get_n_items (jobs);

  g_assert_cmpuint (g_list_model_get_n_items (photos_of (fixture)), ==, 0);
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (fixture->grid), ==, 0);

  /* Create without photos does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL);
  iterate_a_little ();
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, n_jobs);
  g_assert_null (vitrine_window_get_shown_job (fixture->window));
}

static void
test_window_drop (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *good1 = make_photo (fixture, "living room.jpg", 1);
  g_autofree char *good2 = make_photo (fixture, "kitchen.jpg", 2);
  g_autofree char *png = vitrine_test_make_png (fixture->dir, "garden.png", 320, 240, 3);
  g_autofree char *empty = vitrine_test_make_file (fixture->dir, "empty.jpg", "", 0);
  g_autofree char *text_jpg = vitrine_test_make_file (fixture->dir, "notes.jpg",
                                                      "not a photo at all\n", 19);
  g_autofree char *text = vitrine_test_make_file (fixture->dir, "notes.txt", "hello\n", 6);
  g_autofree char *pdf = vitrine_test_make_file (fixture->dir, "brochure.pdf",
                                                 "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 15);
  g_autofree char *truncated = NULL;
  g_autofree char *folder = g_build_filename (fixture->dir, "more", NULL);
  g_autofree char *in_folder1 = NULL;
  g_autofree char *in_folder2 = NULL;
  g_autofree char *in_folder_text = NULL;
  GSList *files;
  VitrinePhoto *photo;

  /* A JPEG cut in the middle of its scans. */
  {
    g_autofree char *full = vitrine_test_make_jpeg (fixture->dir, "full.jpg", 1200, 900, 0, 7);
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (full, &contents, &length, NULL));
    truncated = vitrine_test_make_file (fixture->dir, "truncated.jpg", contents, length / 3);
    g_unlink (full);
  }

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  in_folder1 = make_photo (fixture, "more/bedroom 2.jpg", 4);
  in_folder2 = make_photo (fixture, "more/bedroom 10.jpg", 5);
  in_folder_text = vitrine_test_make_file (fixture->dir, "more/readme.txt", "x", 1);

  files = files_for_paths (good1, good2, png, empty, text_jpg, text, pdf, truncated, folder, NULL);
  g_assert_true (drop_files (fixture, files));
  g_slist_free_full (files, g_object_unref);

  g_assert_true (wait_for (fixture, grid_settled, 60));
  /* Thumbnails appear without the grid waiting for the folder. */
  g_assert_true (all_usable_have_textures (fixture));

  /* 3 good ones + 3 listed with their reason + 2 from the folder (sorted
   * by name as people read numbers); the .txt and .pdf are refused. */
  {
    g_autofree char *order = order_of (fixture);

    g_test_message ("order: %s", order);
  }
  g_assert_cmpuint (g_list_model_get_n_items (photos_of (fixture)), ==, 8);
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (fixture->grid), ==, 5);
  {
    g_autofree char *order = order_of (fixture);

    g_assert_cmpstr (order, ==,
                     "living room kitchen garden empty notes truncated bedroom 2 bedroom 10");
  }

  for (guint i = 0; i < 8; i++)
    {
      photo = photo_at (fixture, i);
      g_test_message ("%s: %s", vitrine_photo_get_display_name (photo),
                      vitrine_photo_get_error (photo) ? vitrine_photo_get_error (photo) : "ok");
    }

  photo = find_photo (fixture, "kitchen.jpg");
  g_assert_nonnull (vitrine_photo_get_texture (photo));
  g_assert_cmpint (gdk_texture_get_width (vitrine_photo_get_texture (photo)), <=, 512);
  g_assert_nonnull (vitrine_photo_get_texture (find_photo (fixture, "garden.png")));

  photo = find_photo (fixture, "empty.jpg");
  g_assert_null (vitrine_photo_get_texture (photo));
  g_assert_cmpstr (vitrine_photo_get_error (photo), ==, "The file is empty");
  photo = find_photo (fixture, "notes.jpg");
  g_assert_null (vitrine_photo_get_texture (photo));
  g_assert_cmpstr (vitrine_photo_get_error (photo), ==, "Not an image");
  photo = find_photo (fixture, "truncated.jpg");
  g_assert_null (vitrine_photo_get_texture (photo));
  g_assert_nonnull (vitrine_photo_get_error (photo));
  g_assert_false (vitrine_photo_get_usable (photo));

  /* Refused files are named; the bad ones are summed up once. */
  g_assert_true (messages_contain (fixture, "notes.txt"));
  g_assert_true (messages_contain (fixture, "brochure.pdf"));
  g_assert_true (messages_contain (fixture, "can’t be used"));
  g_assert_null (find_photo (fixture, "notes.txt"));
  g_assert_null (find_photo (fixture, "readme.txt"));

  /* The bad ones stay out of a video. */
  {
    g_auto(GStrv) usable = vitrine_photo_grid_dup_usable_paths (fixture->grid);

    g_assert_cmpuint (g_strv_length (usable), ==, 5);
    g_assert_cmpstr (usable[0], ==, good1);
    g_assert_cmpstr (usable[3], ==, in_folder1);
  }

  /* Dropping the same photos again adds nothing. */
  files = files_for_paths (good1, good2, NULL);
  g_assert_true (drop_files (fixture, files));
  g_slist_free_full (files, g_object_unref);
  g_assert_true (wait_for (fixture, grid_settled, 10));
  g_assert_cmpuint (g_list_model_get_n_items (photos_of (fixture)), ==, 8);
}

/* text/uri-list (and a GFile) through the value the drop handler takes. */
static void
test_window_drop_value (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *a = make_photo (fixture, "a.jpg", 1);
  g_autofree char *b = make_photo (fixture, "b b.jpg", 2);
  g_autofree char *c = make_photo (fixture, "c.jpg", 3);
  g_autofree char *uri_a = g_filename_to_uri (a, NULL, NULL);
  g_autofree char *uri_b = g_filename_to_uri (b, NULL, NULL);
  g_autofree char *uri_list = g_strdup_printf ("# dragged\r\n%s\r\n%s\r\n", uri_a, uri_b);
  g_autoptr(GFile) file_c = g_file_new_for_path (c);
  g_auto(GValue) text = G_VALUE_INIT;
  g_auto(GValue) one = G_VALUE_INIT;
  g_auto(GValue) list = G_VALUE_INIT;
  GSList *files;

  g_value_init (&text, G_TYPE_STRING);
  g_value_set_string (&text, uri_list);
  g_assert_true (vitrine_photo_grid_drop_value (fixture->grid, &text));

  g_value_init (&one, G_TYPE_FILE);
  g_value_set_object (&one, file_c);
  g_assert_true (vitrine_photo_grid_drop_value (fixture->grid, &one));

  g_assert_true (wait_for (fixture, grid_settled, 30));
  g_assert_cmpuint (g_list_model_get_n_items (photos_of (fixture)), ==, 3);
  g_assert_true (all_usable_have_textures (fixture));
  g_assert_cmpstr (vitrine_photo_get_path (photo_at (fixture, 1)), ==, b);

  /* A GdkFileList straight into the handler. */
  files = files_for_paths (a, NULL);
  g_value_init (&list, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&list, gdk_file_list_new_from_list (files));
  g_slist_free_full (files, g_object_unref);
  g_assert_true (vitrine_photo_grid_drop_value (fixture->grid, &list));
  g_assert_true (wait_for (fixture, grid_settled, 10));
  g_assert_cmpuint (g_list_model_get_n_items (photos_of (fixture)), ==, 3);
}

static void
test_window_reorder (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *order = NULL;
  GtkWidget *grid = GTK_WIDGET (fixture->grid);

  add_photos (fixture, 5);

  /* The keyboard: Alt+Right / Alt+Left move the selected photo. */
  vitrine_photo_grid_select (fixture->grid, 0);
  g_assert_true (gtk_widget_activate_action (grid, "photos.move-forward", NULL));
  iterate_a_little ();
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "b a c d e");
  g_assert_cmpuint (vitrine_photo_grid_get_selected (fixture->grid), ==, 1);
  g_clear_pointer (&order, g_free);

  g_assert_true (gtk_widget_activate_action (grid, "photos.move-forward", NULL));
  g_assert_true (gtk_widget_activate_action (grid, "photos.move-last", NULL));
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "b c d e a");
  g_clear_pointer (&order, g_free);

  g_assert_true (gtk_widget_activate_action (grid, "photos.move-back", NULL));
  g_assert_true (gtk_widget_activate_action (grid, "photos.move-first", NULL));
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "a b c d e");
  g_clear_pointer (&order, g_free);

  /* The move function, and a drop of one cell on another. */
  vitrine_photo_grid_move (fixture->grid, 4, 1);
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "a e b c d");
  g_clear_pointer (&order, g_free);

  g_assert_true (gtk_widget_activate_action (grid, "photos.move-photo", "(ss)",
                                             vitrine_photo_get_path (photo_at (fixture, 0)),
                                             vitrine_photo_get_path (photo_at (fixture, 3))));
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "e b c a d");
  g_clear_pointer (&order, g_free);

  /* Delete removes the selected photo and selects the next one. */
  vitrine_photo_grid_select (fixture->grid, 1);
  g_assert_true (gtk_widget_activate_action (grid, "photos.remove-selected", NULL));
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "e c a d");
  g_assert_cmpuint (vitrine_photo_grid_get_selected (fixture->grid), ==, 1);
  g_clear_pointer (&order, g_free);

  /* The remove button of a cell. */
  g_assert_true (gtk_widget_activate_action (grid, "photos.remove-photo", "s",
                                             vitrine_photo_get_path (photo_at (fixture, 3))));
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "e c a");
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (fixture->grid), ==, 3);

  /* The grid order is the video order. */
  {
    g_auto(GStrv) usable = vitrine_photo_grid_dup_usable_paths (fixture->grid);

    g_assert_cmpuint (g_strv_length (usable), ==, 3);
    g_assert_true (g_str_has_suffix (usable[0], "/e.jpg"));
    g_assert_true (g_str_has_suffix (usable[2], "/a.jpg"));
  }
}

static void
test_window_settings (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  g_autofree char *ratio = NULL;

  /* The ratio toggles are the "ratio" setting. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.ratio", "s", "9:16"));
  ratio = g_settings_get_string (fixture->settings, "ratio");
  g_assert_cmpstr (ratio, ==, "9:16");
  g_clear_pointer (&ratio, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.ratio", "s", "16:9"));
  ratio = g_settings_get_string (fixture->settings, "ratio");
  g_assert_cmpstr (ratio, ==, "16:9");

  g_settings_set_double (fixture->settings, "seconds-per-photo", 2.5);
  g_settings_set_string (fixture->settings, "title", "12 rue Exemple");
  {
    g_autofree char *provider = g_settings_get_string (fixture->settings, "provider");

    g_assert_cmpstr (provider, ==, "local");
  }

  /* The size is written when the window closes. */
  gtk_window_set_default_size (window, 1000, 700);
  iterate_a_little ();
  gtk_window_close (window);
  iterate_a_little ();
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 700);

  /* A new window starts from what was chosen. */
  fixture->window = vitrine_window_new (app);
  fixture->grid = vitrine_window_get_photo_grid (fixture->window);
  {
    int width, height;
    g_autofree char *title = NULL;

    gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
    g_assert_cmpint (width, ==, 1000);
    g_assert_cmpint (height, ==, 700);
    title = g_settings_get_string (fixture->settings, "title");
    g_assert_cmpstr (title, ==, "12 rue Exemple");
  }
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (fixture, window_mapped, 10));
}

static VitrineJob *
newest_job (void)
{
  GListModel *jobs = G_LIST_MODEL (vitrine_application_get_store (app));
  VitrineJob *job = g_list_model_get_n_items (jobs) ? g_list_model_get_item (jobs, 0) : NULL;

  if (job != NULL)
    g_object_unref (job); /* the store keeps it */
  return job;
}

static VitrineJob *watched_job;

static gboolean
job_finished (Fixture *fixture)
{
  static gint64 last_report;
  gint64 now = g_get_monotonic_time ();

  if (watched_job != NULL && now - last_report > 5 * G_USEC_PER_SEC)
    {
      last_report = now;
      g_test_message ("job: %s, %u %%, %s",
                      vitrine_job_state_to_string (vitrine_job_get_state (watched_job)),
                      vitrine_job_get_progress (watched_job),
                      vitrine_job_get_status_text (watched_job) ? vitrine_job_get_status_text (watched_job) : "");
    }
  return watched_job != NULL && vitrine_job_is_finished (watched_job);
}

static gboolean
preview_shows_job (Fixture *fixture)
{
  GFile *file = gtk_video_get_file (vitrine_window_get_preview (fixture->window));
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  return path != NULL && g_strcmp0 (path, vitrine_job_get_first_output_path (watched_job)) == 0;
}

static void
test_window_create (Fixture       *fixture,
                    gconstpointer  data)
{
  GListModel *jobs = G_LIST_MODEL (vitrine_application_get_store (app));
  guint n_jobs = g_list_model_get_n_items (jobs);
  g_autofree char *bad = vitrine_test_make_file (fixture->dir, "bad.jpg", "", 0);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  GSList one = { bad_file, NULL };
  const char * const *photos;
  const char *output;
  guint before;

  add_photos (fixture, 2);
  vitrine_photo_grid_move (fixture->grid, 1, 0);
  vitrine_photo_grid_add_files (fixture->grid, &one);
  g_assert_true (wait_for (fixture, grid_settled, 30));
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (fixture->grid), ==, 2);

  /* No music, 16:9, one second a photo: a short render. */
  g_settings_set_string (fixture->settings, "music", "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.ratio", "s", "16:9"));
  g_settings_set_double (fixture->settings, "seconds-per-photo", 1.0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, n_jobs + 1);
  watched_job = newest_job ();
  g_assert_nonnull (watched_job);
  g_object_add_weak_pointer (G_OBJECT (watched_job), (gpointer *) &watched_job);

  g_assert_cmpstr (vitrine_job_get_provider_id (watched_job), ==, "local");
  g_assert_cmpint (vitrine_job_get_ratio (watched_job), ==, VITRINE_RATIO_16_9);
  g_assert_cmpfloat (vitrine_job_get_seconds_per_photo (watched_job), ==, 1.0);
  g_assert_null (vitrine_job_get_music (watched_job));
  g_assert_cmpstr (vitrine_job_get_output_dir (watched_job), ==, fixture->out_dir);
  photos = vitrine_job_get_photos (watched_job);
  g_assert_cmpuint (g_strv_length ((char **) photos), ==, 2);
  g_assert_true (g_str_has_suffix (photos[0], "/b.jpg"));
  g_assert_true (g_str_has_suffix (photos[1], "/a.jpg"));

  /* The photos stay for the next variant. */
  g_assert_cmpuint (g_list_model_get_n_items (photos_of (fixture)), ==, 3);

  g_assert_true (wait_for (fixture, job_finished, 120));
  if (vitrine_job_get_state (watched_job) != VITRINE_JOB_STATE_COMPLETED)
    g_error ("job ended %s: %s", vitrine_job_state_to_string (vitrine_job_get_state (watched_job)),
             vitrine_job_get_error_message (watched_job));
  g_assert_cmpuint (vitrine_job_get_progress (watched_job), ==, 100);

  output = vitrine_job_get_first_output_path (watched_job);
  g_assert_nonnull (output);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_prefix (output, fixture->out_dir));

  /* The new video plays in the preview. */
  g_assert_true (wait_for (fixture, preview_shows_job, 10));
  g_assert_true (vitrine_window_get_shown_job (fixture->window) == watched_job);

  /* Another variant, cancelled from its row's button. */
  g_settings_set_double (fixture->settings, "seconds-per-photo", 20.0);
  before = g_list_model_get_n_items (jobs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, before + 1);
  g_object_remove_weak_pointer (G_OBJECT (watched_job), (gpointer *) &watched_job);
  watched_job = newest_job ();
  g_object_add_weak_pointer (G_OBJECT (watched_job), (gpointer *) &watched_job);
  iterate_a_little ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-job", "s",
                                             vitrine_job_get_id (watched_job)));
  g_assert_true (wait_for (fixture, job_finished, 60));
  g_assert_cmpint (vitrine_job_get_state (watched_job), ==, VITRINE_JOB_STATE_CANCELLED);

  /* Selecting the finished one shows it again. */
  {
    g_autoptr(VitrineJob) done = g_list_model_get_item (jobs, 1);

    vitrine_window_show_job (fixture->window, done);
    g_assert_true (vitrine_window_get_shown_job (fixture->window) == done);
    g_object_remove_weak_pointer (G_OBJECT (watched_job), (gpointer *) &watched_job);
    watched_job = done;
    g_assert_true (preview_shows_job (fixture));
    watched_job = NULL;
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = vitrine_test_make_tmpdir ();
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  int status;

  /* A job list of its own, empty at start (the app keeps jobs in SQLite). */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Xvfb has no GPU: GL through llvmpipe repaints the whole window on
   * every spinner frame and takes the CPU the render needs. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = vitrine_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  /* A registered application that is not run: keep it from quitting. */
  g_application_hold (G_APPLICATION (app));

  g_test_add ("/ui/window/empty", Fixture, NULL,
              fixture_set_up, test_window_empty, fixture_tear_down);
  g_test_add ("/ui/window/drop", Fixture, NULL,
              fixture_set_up, test_window_drop, fixture_tear_down);
  g_test_add ("/ui/window/drop-value", Fixture, NULL,
              fixture_set_up, test_window_drop_value, fixture_tear_down);
  g_test_add ("/ui/window/reorder", Fixture, NULL,
              fixture_set_up, test_window_reorder, fixture_tear_down);
  g_test_add ("/ui/window/settings", Fixture, NULL,
              fixture_set_up, test_window_settings, fixture_tear_down);
  g_test_add ("/ui/window/create", Fixture, NULL,
              fixture_set_up, test_window_create, fixture_tear_down);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  vitrine_test_rmtree (home);
  return status;
}
