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

#include "vitrine-agent-page.h"
#include "vitrine-agent-profile.h"
#include "vitrine-application.h"
#include "vitrine-compare-view.h"
#include "vitrine-file-chooser.h"
#include "vitrine-image.h"
#include "vitrine-job-row.h"
#include "vitrine-listing-group.h"
#include "vitrine-photo-cell.h"
#include "vitrine-photo-grid.h"
#include "vitrine-provider.h"
#include "vitrine-test-loop.h"
#include "vitrine-test-notifications.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-provider.h"
#include "vitrine-thumbnail.h"
#include "vitrine-window.h"

static VitrineApplication *app;

/* A provider of this test ("test"): submits at once and, at each poll
 * (every 20 ms), does what the job's "fake-outcome" option says: "done"
 * (the default: writes a small file in the job's output folder, with a
 * link), "fail", or "wait" (until the test changes the option). */

static const VitrineProviderCapabilities fake_caps = {
  .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1,
  .can_cancel = TRUE,
  .several_outputs = TRUE,
};

/* "test-paid": the same, but paid and without a cancel call. */
static const VitrineProviderCapabilities fake_paid_caps = {
  .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1,
  .is_paid = TRUE,
};

static void
fake_add_output (VitrineJob     *job,
                 VitrineRatio    ratio,
                 VitrineVariant  variant,
                 gboolean        labelled)
{
  g_autofree char *name = labelled
    ? g_strdup_printf ("%s-%s%s.mp4", vitrine_job_get_id (job), vitrine_ratio_to_tag (ratio),
                       variant == VITRINE_VARIANT_UNBRANDED ? "-unbranded" : "")
    : g_strconcat (vitrine_job_get_id (job), ".mp4", NULL);
  g_autofree char *path = g_build_filename (vitrine_job_get_output_dir (job), name, NULL);
  g_autofree char *url = g_strconcat ("https://videos.example/", name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, "not really a video", -1, &error))
    g_error ("%s", error->message);
  if (labelled)
    vitrine_job_add_output_full (job, "Video", url, path, vitrine_ratio_to_string (ratio),
                                 vitrine_variant_to_string (variant));
  else
    vitrine_job_add_output (job, "Video", url, path);
}

/* One output, unlabelled, as before; or, for several ratios or an
 * unbranded copy, one a ratio and variant, labelled as the renderer does. */
static void
fake_add_outputs (VitrineJob *job)
{
  VitrineRatio ratios[3];
  guint n = vitrine_ratio_flags_list (vitrine_job_get_ratios (job), ratios);
  gboolean several = n > 1 || vitrine_job_get_unbranded (job);

  for (guint i = 0; i < n && (several || i == 0); i++)
    {
      fake_add_output (job, ratios[i], VITRINE_VARIANT_BRANDED, several);
      if (vitrine_job_get_unbranded (job))
        fake_add_output (job, ratios[i], VITRINE_VARIANT_UNBRANDED, several);
    }
}

static void
fake_poll (VitrineJob *job)
{
  const char *outcome = vitrine_job_get_option (job, "fake-outcome");

  if (g_strcmp0 (outcome, "fail") == 0)
    vitrine_job_fail (job, "The fake provider said no");
  else if (g_strcmp0 (outcome, "wait") == 0)
    vitrine_job_set_progress (job, MIN (vitrine_job_get_progress (job) + 1, 90));
  else
    {
      g_mkdir_with_parents (vitrine_job_get_output_dir (job), 0755);
      fake_add_outputs (job);
      vitrine_job_set_progress (job, 100);
      vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
    }
}

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
  /* Gone already when the test quit. */
  if (fixture->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (fixture->grid, fixture);
      g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
      gtk_window_destroy (GTK_WINDOW (fixture->window));
    }
  /* Work in flight (a thumbnail, a file query) may hold the window a little
   * longer on a loaded machine; a window that is leaked never goes. */
  for (gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       fixture->window != NULL && g_get_monotonic_time () < end;)
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
  g_clear_pointer (&order, g_free);

  /* The toast's Undo puts both back where they were, with their caption;
   * a second Undo has nothing left to do. */
  vitrine_photo_set_caption (photo_at (fixture, 1), "Kitchen");
  vitrine_photo_grid_select (fixture->grid, 1);
  g_assert_true (gtk_widget_activate_action (grid, "photos.remove-selected", NULL));
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "e a");
  g_clear_pointer (&order, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo-remove-photos", NULL));
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "e b c a d");
  g_clear_pointer (&order, g_free);
  g_assert_cmpstr (vitrine_photo_get_caption (photo_at (fixture, 2)), ==, "Kitchen");
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (fixture->grid), ==, 5);
  g_assert_true (all_usable_have_textures (fixture));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo-remove-photos", NULL));
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "e b c a d");
  g_clear_pointer (&order, g_free);

  /* A photo added again meanwhile is not put back twice. */
  {
    g_autofree char *d = g_strdup (vitrine_photo_get_path (photo_at (fixture, 4)));
    GSList *files = g_slist_append (NULL, g_file_new_for_path (d));

    g_assert_true (gtk_widget_activate_action (grid, "photos.remove-photo", "s", d));
    vitrine_photo_grid_add_files (fixture->grid, files);
    g_slist_free_full (files, g_object_unref);
    g_assert_true (wait_for (fixture, grid_settled, 60));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo-remove-photos", NULL));
    order = order_of (fixture);
    g_assert_cmpstr (order, ==, "e b c a d");
    g_clear_pointer (&order, g_free);
  }
  vitrine_photo_grid_remove (fixture->grid, 1);
  vitrine_photo_grid_remove (fixture->grid, 3);
  order = order_of (fixture);
  g_assert_cmpstr (order, ==, "e c a");

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

/* The file the preview plays, or NULL. */
static GFile *
preview_file (VitrineWindow *window)
{
  GtkMediaStream *stream = vitrine_window_get_preview_stream (window);

  return stream != NULL ? gtk_media_file_get_file (GTK_MEDIA_FILE (stream)) : NULL;
}

static gboolean
preview_shows_job (Fixture *fixture)
{
  GFile *file = preview_file (fixture->window);
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
    /* The file is looked for first (async), then played. */
    g_assert_true (wait_for (fixture, preview_shows_job, 10));
    watched_job = NULL;
  }
}

/* The status list: history, row actions, notifications */

static VitrineJobStore *
store_of_app (void)
{
  return vitrine_application_get_store (app);
}

/* A job of the fake provider @provider_id, in @group (or none), added to
 * the application's list. */
static VitrineJob *
add_job_of (Fixture    *fixture,
            const char *provider_id,
            const char *name,
            const char *outcome,
            const char *group)
{
  g_autofree char *photo = NULL;
  g_autofree char *photo_name = g_strdup_printf ("%s.jpg", name);
  const char *photos[] = { NULL, NULL };
  VitrineJob *job = vitrine_job_new (provider_id);

  photo = make_photo (fixture, photo_name, 3);
  photos[0] = photo;
  vitrine_job_set_name (job, name);
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_ratio (job, VITRINE_RATIO_9_16);
  vitrine_job_set_seconds_per_photo (job, 2.5);
  vitrine_job_set_title (job, "12 rue Exemple");
  vitrine_job_set_output_dir (job, fixture->out_dir);
  vitrine_job_set_option (job, "fake-outcome", outcome);
  vitrine_job_set_group (job, group);
  vitrine_job_store_add (store_of_app (), job);
  g_object_unref (job); /* the store keeps it */
  return job;
}

static VitrineJob *
add_fake_job_in_group (Fixture    *fixture,
                       const char *name,
                       const char *outcome,
                       const char *group)
{
  return add_job_of (fixture, "test", name, outcome, group);
}

static VitrineJob *
add_fake_job (Fixture    *fixture,
              const char *name,
              const char *outcome)
{
  return add_fake_job_in_group (fixture, name, outcome, NULL);
}

static VitrineJob *waited_job;

static gboolean
waited_job_finished (Fixture *fixture)
{
  return vitrine_job_is_finished (waited_job);
}

static void
wait_until_finished (Fixture    *fixture,
                     VitrineJob *job)
{
  waited_job = job;
  g_assert_true (wait_for (fixture, waited_job_finished, 30));
  waited_job = NULL;
}

static VitrineJobRow *
find_row (GtkWidget  *widget,
          VitrineJob *job)
{
  if (VITRINE_IS_JOB_ROW (widget) && vitrine_job_row_get_job (VITRINE_JOB_ROW (widget)) == job)
    return VITRINE_JOB_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      VitrineJobRow *row = find_row (child, job);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static VitrineJobRow *
row_of (Fixture    *fixture,
        VitrineJob *job)
{
  return find_row (GTK_WIDGET (fixture->window), job);
}

/* How many jobs @action of @row's menu added to the list. */
static guint
jobs_added_by (VitrineJobRow *row,
               const char    *action)
{
  GListModel *jobs = G_LIST_MODEL (store_of_app ());
  guint before = g_list_model_get_n_items (jobs);

  gtk_widget_activate_action (GTK_WIDGET (row), action, NULL);
  return g_list_model_get_n_items (jobs) - before;
}

/* Whether @row's @action is enabled, as a button of the row sees it. */
static gboolean
row_action_enabled (VitrineJobRow *row,
                    const char    *action)
{
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_parent (button, GTK_WIDGET (row));
  enabled = gtk_widget_get_sensitive (button);
  gtk_widget_unparent (button);
  return enabled;
}

/* The AdwMessageDialog the window shows, if any. */
static AdwMessageDialog *
find_dialog (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          gtk_window_get_transient_for (window) == GTK_WINDOW (fixture->window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (Fixture *fixture)
{
  return find_dialog (fixture) != NULL;
}

static gboolean
dialog_gone (Fixture *fixture)
{
  return find_dialog (fixture) == NULL;
}

static GtkWidget *
find_labelled_button (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Asks to remove @job (as its row's menu does), answers @response. */
static void
remove_with_response (Fixture    *fixture,
                      VitrineJob *job,
                      const char *response)
{
  AdwMessageDialog *dialog;
  GtkWidget *button;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.remove-job", "s",
                                             vitrine_job_get_id (job)));
  g_assert_true (wait_for (fixture, dialog_shown, 10));
  dialog = find_dialog (fixture);
  g_test_message ("dialog: %s — %s", adw_message_dialog_get_heading (dialog),
                  adw_message_dialog_get_body (dialog));
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  /* As a click does: its button (which responds, then closes the dialog). */
  button = find_labelled_button (GTK_WIDGET (dialog),
                                 adw_message_dialog_get_response_label (dialog, response));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (wait_for (fixture, dialog_gone, 10));
}

static gboolean
in_store (VitrineJob *job)
{
  return vitrine_job_store_lookup (store_of_app (), vitrine_job_get_id (job)) == job;
}

/* The header above @job's row (the first child of its list item's box). */
static GtkWidget *
header_of (Fixture    *fixture,
           VitrineJob *job)
{
  VitrineJobRow *row = row_of (fixture, job);

  g_assert_nonnull (row);
  return gtk_widget_get_first_child (gtk_widget_get_parent (GTK_WIDGET (row)));
}

/* Issue 12: a comparison's jobs are grouped in the status list under one
 * header; Side by Side shows their videos together, one play control. */
static void
test_window_compare (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *group = g_uuid_string_random ();
  VitrineJob *first = add_fake_job_in_group (fixture, "Villa Les Pins", "done", group);
  VitrineJob *second = add_fake_job_in_group (fixture, "Villa Les Pins", "done", group);
  VitrineJob *alone = add_fake_job (fixture, "Rue de la Paix", "done");
  VitrineJob *waiting;
  VitrineCompareView *view;

  wait_until_finished (fixture, first);
  wait_until_finished (fixture, second);
  wait_until_finished (fixture, alone);
  iterate_a_little ();

  /* One header, on the group's first row in the list; its rows set in. */
  g_assert_true (gtk_widget_get_visible (header_of (fixture, second)));
  g_assert_false (gtk_widget_get_visible (header_of (fixture, first)));
  g_assert_false (gtk_widget_get_visible (header_of (fixture, alone)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row_of (fixture, first)), "compared"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row_of (fixture, alone)), "compared"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (header_of (fixture, second)))),
                   ==, "Compared: Villa Les Pins");

  /* Side by Side: both videos, in the order they were made, each with its
   * provider, the time it took and its cost. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compare-group", "s", group));
  iterate_a_little ();
  g_assert_cmpstr (vitrine_window_get_preview_page (fixture->window), ==, "compare");
  view = VITRINE_COMPARE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), VITRINE_TYPE_WINDOW,
                                                              "compare_view"));
  g_assert_cmpuint (vitrine_compare_view_get_n_videos (view), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      GFile *file = gtk_media_file_get_file (GTK_MEDIA_FILE (vitrine_compare_view_get_stream (view, i)));
      g_autofree char *path = g_file_get_path (file);

      g_assert_cmpstr (path, ==, vitrine_job_get_preview_path (i == 0 ? first : second));
      g_assert_true (g_str_has_prefix (vitrine_compare_view_get_caption (view, i), "Test Provider · took 0:"));
      g_assert_true (g_str_has_suffix (vitrine_compare_view_get_caption (view, i), " · Free"));
    }
  /* One play control for all; only the first is heard. */
  g_assert_false (gtk_media_stream_get_muted (vitrine_compare_view_get_stream (view, 0)));
  g_assert_true (gtk_media_stream_get_muted (vitrine_compare_view_get_stream (view, 1)));
  vitrine_compare_view_set_playing (view, TRUE);
  g_assert_true (vitrine_compare_view_get_playing (view));
  vitrine_compare_view_seek (view, 1.0);
  iterate_a_little ();

  /* Another job chosen: the comparison leaves the preview, and pauses. */
  vitrine_window_show_job (fixture->window, alone);
  iterate_a_little ();
  g_assert_cmpstr (vitrine_window_get_preview_page (fixture->window), !=, "compare");
  g_assert_false (vitrine_compare_view_get_playing (view));

  /* A group with nothing finished yet: nothing to show. */
  g_free (group);
  group = g_uuid_string_random ();
  waiting = add_fake_job_in_group (fixture, "Still running", "wait", group);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compare-group", "s", group));
  iterate_a_little ();
  g_assert_cmpstr (vitrine_window_get_preview_page (fixture->window), !=, "compare");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-job", "s", vitrine_job_get_id (waiting));
  wait_until_finished (fixture, waiting);
}

static void
test_window_retry (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *jobs = G_LIST_MODEL (store_of_app ());
  VitrineJob *failed = add_fake_job (fixture, "Rue de la Paix", "fail");
  VitrineJob *retry;
  guint before;

  wait_until_finished (fixture, failed);
  g_assert_cmpint (vitrine_job_get_state (failed), ==, VITRINE_JOB_STATE_FAILED);

  /* The row shows the reason. */
  g_assert_nonnull (row_of (fixture, failed));

  before = g_list_model_get_n_items (jobs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.retry-job", "s",
                                             vitrine_job_get_id (failed)));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, before + 1);
  retry = newest_job ();
  g_assert_true (retry != failed);
  g_assert_cmpstr (vitrine_job_get_id (retry), !=, vitrine_job_get_id (failed));

  /* The same inputs, a fresh start. */
  g_assert_cmpstr (vitrine_job_get_provider_id (retry), ==, "test");
  g_assert_cmpstr (vitrine_job_get_name (retry), ==, "Rue de la Paix");
  g_assert_cmpstrv ((char **) vitrine_job_get_photos (retry), (char **) vitrine_job_get_photos (failed));
  g_assert_cmpint (vitrine_job_get_ratio (retry), ==, VITRINE_RATIO_9_16);
  g_assert_cmpfloat (vitrine_job_get_seconds_per_photo (retry), ==, 2.5);
  g_assert_cmpstr (vitrine_job_get_title (retry), ==, "12 rue Exemple");
  g_assert_cmpstr (vitrine_job_get_output_dir (retry), ==, fixture->out_dir);
  g_assert_cmpstr (vitrine_job_get_option (retry, "fake-outcome"), ==, "fail");
  g_assert_null (vitrine_job_get_remote_id (retry));
  g_assert_true (in_store (failed));

  /* A failed job's menu retries it; a job that made its video makes it
   * again, under that name (each row offers only its own). */
  {
    VitrineJob *done = add_fake_job (fixture, "Made", "complete");
    VitrineJobRow *row;

    wait_until_finished (fixture, done);
    g_assert_cmpint (vitrine_job_get_state (done), ==, VITRINE_JOB_STATE_COMPLETED);
    row = row_of (fixture, done);
    g_assert_cmpuint (jobs_added_by (row, "row.retry"), ==, 0);
    g_assert_cmpuint (jobs_added_by (row, "row.make-again"), ==, 1);
    g_assert_cmpstr (vitrine_job_get_name (newest_job ()), ==, "Made");
    wait_until_finished (fixture, newest_job ());

    row = row_of (fixture, failed);
    g_assert_cmpuint (jobs_added_by (row, "row.make-again"), ==, 0);
    g_assert_cmpuint (jobs_added_by (row, "row.retry"), ==, 1);
    wait_until_finished (fixture, newest_job ());
  }
  /* A video with no photos of its own (imported from a provider's history)
   * offers neither (Make Again answered "Add at least one photo"). */
  {
    g_autoptr(VitrineJob) imported = vitrine_job_new ("test");

    vitrine_job_set_name (imported, "Imported");
    vitrine_job_set_state (imported, VITRINE_JOB_STATE_COMPLETED);
    vitrine_job_store_add (store_of_app (), imported);
    iterate_a_little ();
    g_assert_false (row_action_enabled (row_of (fixture, imported), "row.make-again"));
    g_assert_false (row_action_enabled (row_of (fixture, imported), "row.retry"));
    g_assert_true (row_action_enabled (row_of (fixture, failed), "row.retry"));
  }

  /* It runs like any new job; a job still running is not retried. */
  wait_until_finished (fixture, retry);
  g_assert_cmpint (vitrine_job_get_state (retry), ==, VITRINE_JOB_STATE_FAILED);
  {
    VitrineJob *running = add_fake_job (fixture, "Still running", "wait");

    before = g_list_model_get_n_items (jobs);
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.retry-job", "s",
                                vitrine_job_get_id (running));
    g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, before);
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-job", "s",
                                vitrine_job_get_id (running));
    wait_until_finished (fixture, running);
    g_assert_cmpint (vitrine_job_get_state (running), ==, VITRINE_JOB_STATE_CANCELLED);
  }
}

static const char *deleted_path;

static gboolean
file_deleted (Fixture *fixture)
{
  return !g_file_test (deleted_path, G_FILE_TEST_EXISTS);
}

static void
test_window_remove (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Held here: the list lets go of them. */
  g_autoptr(VitrineJob) keep = g_object_ref (add_fake_job (fixture, "Keep its video", "done"));
  g_autoptr(VitrineJob) delete = g_object_ref (add_fake_job (fixture, "Delete its video", "done"));
  VitrineJob *running;
  g_autofree char *keep_path = NULL;
  g_autofree char *delete_path = NULL;

  wait_until_finished (fixture, keep);
  wait_until_finished (fixture, delete);
  keep_path = g_strdup (vitrine_job_get_first_output_path (keep));
  delete_path = g_strdup (vitrine_job_get_first_output_path (delete));
  g_assert_true (g_file_test (keep_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (delete_path, G_FILE_TEST_IS_REGULAR));

  /* Shown in the preview, then removed: the preview lets go of it. */
  vitrine_window_select_job (fixture->window, keep);
  iterate_a_little ();
  g_assert_nonnull (row_of (fixture, keep));

  /* Cancel leaves it. */
  remove_with_response (fixture, keep, "cancel");
  g_assert_true (in_store (keep));

  /* Keep the video: off the list, the file stays. */
  remove_with_response (fixture, keep, "keep");
  g_assert_false (in_store (keep));
  g_assert_null (vitrine_window_get_shown_job (fixture->window));
  iterate_a_little ();
  g_assert_null (row_of (fixture, keep));
  g_assert_true (g_file_test (keep_path, G_FILE_TEST_IS_REGULAR));

  /* Delete the video too. */
  remove_with_response (fixture, delete, "delete");
  g_assert_false (in_store (delete));
  deleted_path = delete_path;
  g_assert_true (wait_for (fixture, file_deleted, 10));
  deleted_path = NULL;
  iterate_a_little ();
  g_assert_null (row_of (fixture, delete));

  /* A job still being made is stopped, then removed. */
  running = g_object_ref (add_fake_job (fixture, "Removed while running", "wait"));
  iterate_a_little ();
  remove_with_response (fixture, running, "keep");
  g_assert_false (in_store (running));
  iterate_a_little ();
  g_assert_true (vitrine_job_is_finished (running));
  g_object_unref (running);
}

static VitrineJob *paid_job;

static gboolean
paid_job_processing (Fixture *fixture)
{
  return vitrine_job_get_state (paid_job) == VITRINE_JOB_STATE_PROCESSING;
}

/* Shows the dialog @action (win.remove-job, win.cancel-job) opens on @job;
 * returns it, its heading and body checked against @heading and @body. */
static AdwMessageDialog *
dialog_of (Fixture    *fixture,
           const char *action,
           VitrineJob *job,
           const char *heading,
           const char *body)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, "s",
                                             vitrine_job_get_id (job)));
  g_assert_true (wait_for (fixture, dialog_shown, 10));
  dialog = find_dialog (fixture);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), body));
  return dialog;
}

static void
respond (Fixture          *fixture,
         AdwMessageDialog *dialog,
         const char       *response)
{
  GtkWidget *button = find_labelled_button (GTK_WIDGET (dialog),
                                            adw_message_dialog_get_response_label (dialog,
                                                                                   response));

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (wait_for (fixture, dialog_gone, 10));
}

/* A job of several videos (its shapes, its MLS copies) says so when it is
 * removed: it spoke of "the video", and deleted them all. */
static void
test_window_remove_several (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(VitrineJob) job = g_object_ref (add_fake_job (fixture, "Several videos", "done"));
  AdwMessageDialog *dialog;

  vitrine_job_set_unbranded (job, TRUE);
  wait_until_finished (fixture, job);
  g_assert_cmpuint (vitrine_job_get_outputs (job)->len, ==, 2);
  dialog = dialog_of (fixture, "win.remove-job", job, "Remove “Several videos” From the List?",
                      "The video files can stay in their folder, or be deleted too.");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "delete"), ==,
                   "_Delete the Videos Too");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "keep"), ==, "_Keep the Videos");
  respond (fixture, dialog, "cancel");
  g_assert_true (in_store (job));

  /* With nothing on disk, Remove is the only other answer: Return does
   * not remove (or stop) the job, Cancel is the default (it was Remove). */
  {
    g_autoptr(VitrineJob) waiting = g_object_ref (add_fake_job (fixture, "Still running", "wait"));

    dialog = dialog_of (fixture, "win.remove-job", waiting, "Remove “Still running” From the List?",
                        "removing it stops it");
    g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
    respond (fixture, dialog, "cancel");
    g_assert_true (in_store (waiting));
    g_assert_false (vitrine_job_is_finished (waiting));
    /* done, so that nothing runs on into the next test */
    vitrine_job_set_option (waiting, "fake-outcome", "done");
    wait_until_finished (fixture, waiting);
  }
}

/* Issue 9: a paid video on its way whose provider cannot stop it. Cancel
 * asks first, Keep Waiting the default; Remove is refused (its video would
 * still be made and charged), and says so; once it has ended it goes. */
static void
test_window_paid_cannot_stop (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(VitrineJob) job = g_object_ref (add_job_of (fixture, "test-paid", "Paid on its way",
                                                        "wait", NULL));
  AdwMessageDialog *dialog;

  paid_job = job;
  g_assert_true (wait_for (fixture, paid_job_processing, 10));

  dialog = dialog_of (fixture, "win.cancel-job", job, "The Video Cannot Be Stopped",
                      "Paid Test Provider cannot stop a video it has started. It will still "
                      "be charged.");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "keep");
  respond (fixture, dialog, "keep");
  g_assert_true (vitrine_job_get_followed (job));
  g_assert_false (vitrine_job_is_finished (job));

  dialog = dialog_of (fixture, "win.remove-job", job, "This Video Cannot Be Removed Yet",
                      "It will still be charged, so Vitrine keeps it in the list");
  g_assert_false (adw_message_dialog_has_response (dialog, "keep"));
  g_assert_false (adw_message_dialog_has_response (dialog, "delete"));
  respond (fixture, dialog, "ok");
  g_assert_true (in_store (job));
  g_assert_false (vitrine_job_is_finished (job));
  g_assert_nonnull (vitrine_job_get_remote_id (job));

  /* Once its video has come, it may go. */
  vitrine_job_set_option (job, "fake-outcome", "done");
  waited_job = job;
  g_assert_true (wait_for (fixture, waited_job_finished, 10));
  remove_with_response (fixture, job, "keep");
  g_assert_false (in_store (job));
  paid_job = NULL;
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button of the window that activates @action_name. */
static GtkWidget *
button_for (Fixture    *fixture,
            const char *action_name)
{
  GtkWidget *button = find_actionable (GTK_WIDGET (fixture->window), action_name);

  g_assert_nonnull (button);
  return button;
}

static GtkWidget *music_button;

static gboolean
music_stopped (Fixture *fixture)
{
  return g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (music_button)),
                    "media-playback-start-symbolic") == 0;
}

/* Listen plays the chosen music and turns into Stop; Stop stops it. A file
 * that cannot be played gives the button back. */
static void
test_window_music (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *tune = vitrine_test_make_wav (fixture->dir, "tune.wav", 5, 0.3);
  g_autofree char *broken = vitrine_test_make_file (fixture->dir, "broken.ogg", "not music", 9);

  g_settings_set_string (fixture->settings, "music", tune);
  iterate_a_little ();
  music_button = button_for (fixture, "win.play-music");
  g_assert_true (gtk_widget_get_visible (music_button));
  g_assert_true (music_stopped (fixture));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (music_button), ==, "Listen");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.play-music", NULL);
  g_assert_false (music_stopped (fixture));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (music_button), ==, "Stop");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.play-music", NULL);
  g_assert_true (music_stopped (fixture));

  g_settings_set_string (fixture->settings, "music", broken);
  iterate_a_little ();
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.play-music", NULL);
  g_assert_false (music_stopped (fixture));
  g_assert_true (wait_for (fixture, music_stopped, 30));

  g_settings_set_string (fixture->settings, "music", "");
  iterate_a_little ();
  g_assert_false (gtk_widget_get_visible (music_button));
}

static gboolean
preview_missing (Fixture *fixture)
{
  return g_strcmp0 (vitrine_window_get_preview_page (fixture->window), "missing") == 0;
}

static gboolean
preview_playing (Fixture *fixture)
{
  return g_strcmp0 (vitrine_window_get_preview_page (fixture->window), "video") == 0;
}

static VitrineJob *row_job;

static gboolean
row_says_missing (Fixture *fixture)
{
  VitrineJobRow *row = row_of (fixture, row_job);

  return row != NULL && vitrine_job_row_get_video_missing (row);
}

static gboolean
row_says_present (Fixture *fixture)
{
  VitrineJobRow *row = row_of (fixture, row_job);

  return row != NULL && !vitrine_job_row_get_video_missing (row);
}

static const char *
shown_file (Fixture *fixture)
{
  static char *path;
  GFile *file = preview_file (fixture->window);

  g_clear_pointer (&path, g_free);
  path = file ? g_file_get_path (file) : NULL;
  return path;
}

/* The text a local clipboard holds. */
static char *
clipboard_text (GdkClipboard *clipboard)
{
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  return g_value_dup_string (&value);
}

static void
test_window_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  VitrineJob *job = add_fake_job (fixture, "Moved away", "done");
  g_autofree char *path = NULL;
  GdkClipboard *clipboard;

  wait_until_finished (fixture, job);
  path = g_strdup (vitrine_job_get_first_output_path (job));

  vitrine_window_select_job (fixture->window, job);
  g_assert_true (wait_for (fixture, preview_playing, 10));
  g_assert_cmpstr (shown_file (fixture), ==, path);

  /* Deleted outside Vitrine: shown again, it says so, and offers the link.
   * (The list settles first: its rows are bound and have looked.) */
  for (guint i = 0; i < 10; i++)
    iterate_a_little ();
  g_assert_cmpint (g_unlink (path), ==, 0);
  vitrine_window_show_job (fixture->window, NULL);
  vitrine_window_select_job (fixture->window, job);
  g_assert_true (wait_for (fixture, preview_missing, 10));
  g_assert_null (shown_file (fixture));
  g_assert_true (gtk_widget_is_sensitive (button_for (fixture, "win.copy-link")));
  g_assert_true (gtk_widget_get_mapped (button_for (fixture, "win.copy-link")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-link", NULL));
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  g_assert_true (gdk_clipboard_is_local (clipboard));
  {
    g_autofree char *copied = clipboard_text (clipboard);

    g_assert_nonnull (vitrine_job_get_first_output_url (job));
    g_assert_cmpstr (copied, ==, vitrine_job_get_first_output_url (job));
  }
  /* Save As has nothing to copy; the folder can still be opened. */
  g_assert_false (gtk_widget_is_sensitive (button_for (fixture, "win.save-as")));
  g_assert_true (gtk_widget_is_sensitive (button_for (fixture, "win.open-folder")));

  /* Its row says so too: the window tells it (it waited for the row to be
   * bound again, which came by chance, or under ASan too late). */
  row_job = job;
  g_assert_true (wait_for (fixture, row_says_missing, 3));

  /* Put back: shown again, it plays and its row no longer says it is
   * missing (the row kept saying so until it was bound again). */
  g_assert_true (g_file_set_contents (path, "video", -1, NULL));
  vitrine_window_show_job (fixture->window, NULL);
  vitrine_window_select_job (fixture->window, job);
  g_assert_true (wait_for (fixture, preview_playing, 10));
  g_assert_true (wait_for (fixture, row_says_present, 3));
  row_job = NULL;
  vitrine_window_show_job (fixture->window, NULL);

  /* The row's Copy Link: the same link, found by the job's id. */
  gdk_clipboard_set_text (clipboard, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-link-job",
                                             "s", vitrine_job_get_id (job)));
  {
    g_autofree char *copied = clipboard_text (clipboard);

    g_assert_cmpstr (copied, ==, vitrine_job_get_first_output_url (job));
  }

  /* Several outputs: the preview switches between them. */
  {
    VitrineJob *multi = vitrine_job_new ("test");
    g_autofree char *a = vitrine_test_make_file (fixture->dir, "horizontal.mp4", "a", 1);
    g_autofree char *b = vitrine_test_make_file (fixture->dir, "vertical.mp4", "b", 1);
    GtkWidget *dropdown;

    vitrine_job_set_name (multi, "Four videos");
    vitrine_job_add_output (multi, "Horizontal", "https://videos.example/h.mp4", a);
    vitrine_job_add_output (multi, "Vertical", "https://videos.example/v.mp4", b);
    vitrine_job_add_output (multi, "Square", "https://videos.example/s.mp4", NULL);
    vitrine_job_set_state (multi, VITRINE_JOB_STATE_COMPLETED);
    vitrine_job_store_add (store_of_app (), multi);
    g_object_unref (multi);

    vitrine_window_select_job (fixture->window, multi);
    g_assert_true (wait_for (fixture, preview_playing, 10));
    g_assert_cmpstr (shown_file (fixture), ==, a);

    /* The dropdown of the preview, found by its kind. */
    {
      GQueue queue = G_QUEUE_INIT;

      dropdown = NULL;
      g_queue_push_tail (&queue, fixture->window);
      while (!g_queue_is_empty (&queue) && dropdown == NULL)
        {
          GtkWidget *w = g_queue_pop_head (&queue);

          if (GTK_IS_DROP_DOWN (w) && gtk_widget_get_visible (w))
            dropdown = w;
          for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
            g_queue_push_tail (&queue, c);
        }
      g_queue_clear (&queue);
    }
    g_assert_nonnull (dropdown);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), ==, 3);

    gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
    g_assert_true (wait_for (fixture, preview_playing, 10));
    iterate_a_little ();
    g_assert_cmpstr (shown_file (fixture), ==, b);

    /* Online only: the link, nothing to play. */
    gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 2);
    g_assert_true (wait_for (fixture, preview_missing, 10));
    g_assert_null (shown_file (fixture));
  }
}

/* A notification server on the session bus of the test (dbus-run-session
 * has none): it records what GNotification sends (through
 * org.freedesktop.Notifications, GLib's fallback) and can "click" one. */

static VitrineTestNotified notified;

/* As a click on the last notification does. */
static void
click_last_notification (void)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", notified.last_id, "default"), &error);
  g_assert_no_error (error);
}

static guint n_expected;

static gboolean
notification_arrived (Fixture *fixture)
{
  return notified.n >= n_expected;
}

static gboolean
some_window (Fixture *fixture)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app)) != NULL;
}

static gboolean
app_idle (Fixture *fixture)
{
  return !vitrine_application_get_busy (app);
}

/* After the last job ends, Vitrine stays while its provider ends the job's
 * work (the uploaded copies deleted: a window closed earlier let it quit
 * with them still in the bucket), then lets itself quit. */
static void
test_window_hold_for_cleanup (Fixture       *fixture,
                              gconstpointer  data)
{
  VitrineJob *job = add_fake_job (fixture, "Cleaned up after", "wait");
  VitrineProvider *provider = vitrine_provider_lookup ("test");

  iterate_a_little ();
  g_assert_true (vitrine_application_get_busy (app));
  vitrine_test_provider_set_busy (provider, TRUE);
  vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
  for (guint i = 0; i < 10; i++)
    iterate_a_little ();
  g_assert_true (vitrine_application_get_busy (app));
  vitrine_test_provider_set_busy (provider, FALSE);
  g_assert_true (wait_for (fixture, app_idle, 10));
}

static void
test_window_notify (Fixture       *fixture,
                    gconstpointer  data)
{
  VitrineJob *job;
  VitrineJob *failed;
  guint n;

  g_test_message ("window active: %d", gtk_window_is_active (GTK_WINDOW (fixture->window)));
  notified.n = 0;

  /* The last window closes while a video is being made: it goes on, the
   * application stays (held), and says when it is done. */
  job = g_object_ref (add_fake_job (fixture, "Made in the background", "wait"));
  iterate_a_little ();
  g_assert_true (vitrine_application_get_busy (app));
  gtk_window_close (GTK_WINDOW (fixture->window));
  iterate_a_little ();
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_false (vitrine_job_is_finished (job));

  vitrine_job_set_option (job, "fake-outcome", "done");
  wait_until_finished (fixture, job);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_COMPLETED);
  n_expected = 1;
  g_assert_true (wait_for (fixture, notification_arrived, 10));
  g_assert_cmpstr (notified.title, ==, "Video ready: Made in the background");
  /* who made it and how long it lasts (its one photo, 2.5 s) */
  g_assert_cmpstr (notified.body, ==, "Test Provider · 0:03");
  g_assert_cmpstr (notified.actions, ==, "default,");
  /* Nothing runs any more: the application lets itself quit. */
  g_assert_true (wait_for (fixture, app_idle, 10));

  /* A failure says why. */
  failed = add_fake_job (fixture, "Refused", "fail");
  wait_until_finished (fixture, failed);
  n_expected = 2;
  g_assert_true (wait_for (fixture, notification_arrived, 10));
  g_assert_cmpstr (notified.title, ==, "Video failed: Refused");
  g_assert_cmpstr (notified.body, ==, "The fake provider said no");

  /* A click on it (its default action, app.show-job) opens a window on
   * that job. */
  click_last_notification ();
  g_assert_true (wait_for (fixture, some_window, 10));
  fixture->window = VITRINE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  fixture->grid = vitrine_window_get_photo_grid (fixture->window);
  g_assert_true (wait_for (fixture, window_mapped, 10));
  g_assert_true (vitrine_window_get_shown_job (fixture->window) == failed);
  g_assert_cmpstr (vitrine_window_get_preview_page (fixture->window), ==, "status");

  /* The other one, through the same action: it plays. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-job",
                                  g_variant_new_string (vitrine_job_get_id (job)));
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) ==
                 GTK_WINDOW (fixture->window));
  g_assert_true (vitrine_window_get_shown_job (fixture->window) == job);
  g_assert_true (wait_for (fixture, preview_playing, 10));
  g_assert_cmpstr (shown_file (fixture), ==, vitrine_job_get_first_output_path (job));

  /* With the window focused, no notification (the window shows it). */
  n = notified.n;
  if (gtk_window_is_active (GTK_WINDOW (fixture->window)))
    {
      VitrineJob *seen = add_fake_job (fixture, "Seen in the window", "done");

      wait_until_finished (fixture, seen);
      iterate_a_little ();
      g_assert_cmpuint (notified.n, ==, n);
    }
  else
    g_test_message ("the window is not focused here: that case is not checked");

  vitrine_test_notified_clear (&notified);
  g_object_unref (job);
}

static char *other_id;

static gboolean
other_job_listed (Fixture *fixture)
{
  VitrineJob *job = vitrine_job_store_lookup (store_of_app (), other_id);

  return job != NULL && row_of (fixture, job) != NULL;
}

/* vitrine-cli adds a job to the same file: the window lists it. */
static void
test_window_other_process (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineJobStore) cli = NULL;
  g_autoptr(VitrineJob) job = NULL;
  g_autofree char *photo = make_photo (fixture, "cli.jpg", 5);
  const char *photos[] = { photo, NULL };
  GtkAdjustment *scroll =
    gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                    VITRINE_TYPE_WINDOW,
                                                                                    "job_list")));
  VitrineJob *listed;
  gint64 start;

  cli = vitrine_job_store_new_for_path (vitrine_job_store_get_path (store_of_app ()), &error);
  g_assert_no_error (error);

  /* Enough jobs to scroll, the list at its top. */
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("Earlier %u", i);

      add_fake_job (fixture, name, "done");
    }
  iterate_a_little ();
  g_assert_cmpfloat (gtk_adjustment_get_upper (scroll), >, gtk_adjustment_get_page_size (scroll));
  g_assert_cmpfloat (gtk_adjustment_get_value (scroll), <=, gtk_adjustment_get_lower (scroll) + 1);

  /* Made now, as vitrine-cli makes it (made before the earlier ones, a
   * slow run gave it an older creation second than theirs: the ASan pass
   * failed on it). */
  job = vitrine_job_new ("test");
  vitrine_job_set_name (job, "From the command line");
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_output_dir (job, fixture->out_dir);
  vitrine_job_set_option (job, "fake-outcome", "done");
  start = g_get_monotonic_time ();
  vitrine_job_store_add (cli, job);
  other_id = g_strdup (vitrine_job_get_id (job));

  g_assert_true (wait_for (fixture, other_job_listed, 3));
  g_test_message ("listed after %.0f ms", (g_get_monotonic_time () - start) / 1e3);
  listed = vitrine_job_store_lookup (store_of_app (), other_id);
  g_assert_true (listed != job);   /* the window's own copy */
  g_assert_true (newest_job () == listed);
  /* ...at the top, in sight: not kept above the row that was first */
  iterate_a_little ();
  g_assert_cmpfloat (gtk_adjustment_get_value (scroll), <=, gtk_adjustment_get_lower (scroll) + 1);

  /* Nobody drives it in the other store: this process does, to the end. */
  wait_until_finished (fixture, listed);
  g_assert_cmpint (vitrine_job_get_state (listed), ==, VITRINE_JOB_STATE_COMPLETED);
  g_clear_pointer (&other_id, g_free);
}

static char *refused_heading;

static gboolean
refusal_shown (Fixture *fixture)
{
  AdwMessageDialog *dialog = find_dialog (fixture);

  return dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (dialog), refused_heading) == 0;
}

/* A paid job another process drives: the window's Remove, answered on a
 * copy read just before that process's request left, must not take it
 * off the list (its video is charged and must come). It removed the row,
 * and the driver lost the job. */
static gboolean
cost_question_shown (Fixture *fixture)
{
  AdwMessageDialog *dialog = find_dialog (fixture);

  return dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (dialog), "Pay for This Video?") == 0;
}

/* Retry on a paid job whose answer was lost (INTERRUPTED once its request
 * had left) says first that it may be paid already: the cost question
 * alone read as a first payment. Cancel there makes nothing; Make It Again
 * goes on to the cost question. */
static void
test_window_retry_lost (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(VitrineJob) job = vitrine_job_new ("test-paid");
  g_autofree char *photo = make_photo (fixture, "lost.jpg", 3);
  const char *photos[] = { photo, NULL };
  AdwMessageDialog *dialog;
  guint before;

  vitrine_job_set_name (job, "Lost answer");
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_output_dir (job, fixture->out_dir);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_SUBMITTED_AT, "1764950000");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_INTERRUPTED);
  vitrine_job_store_add (store_of_app (), job);
  before = g_list_model_get_n_items (G_LIST_MODEL (store_of_app ()));

  dialog = dialog_of (fixture, "win.retry-job", job, "It May Be Paid Already",
                      "its answer was lost");
  respond (fixture, dialog, "keep");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store_of_app ())), ==, before);

  dialog = dialog_of (fixture, "win.retry-job", job, "It May Be Paid Already",
                      "making it again is paid again");
  g_signal_emit_by_name (find_labelled_button (GTK_WIDGET (dialog),
                                                adw_message_dialog_get_response_label (dialog, "again")),
                         "clicked");
  g_assert_true (wait_for (fixture, cost_question_shown, 10));
  dialog = find_dialog (fixture);
  respond (fixture, dialog, "cancel");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store_of_app ())), ==, before);
}

static void
test_window_stale_remove (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineJobStore) cli = NULL;
  g_autoptr(VitrineJob) job = vitrine_job_new ("test-paid");
  g_autofree char *photo = make_photo (fixture, "stale.jpg", 3);
  const char *photos[] = { photo, NULL };
  AdwMessageDialog *dialog;
  VitrineJob *listed;
  GtkWidget *button;

  cli = vitrine_job_store_new_for_path (vitrine_job_store_get_path (store_of_app ()), &error);
  g_assert_no_error (error);
  vitrine_job_set_name (job, "Posted meanwhile");
  vitrine_job_set_photos (job, photos);
  vitrine_job_set_output_dir (job, fixture->out_dir);
  vitrine_job_set_option (job, "fake-outcome", "wait");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_UPLOADING);
  vitrine_job_store_add (cli, job);
  g_assert_true (vitrine_job_store_acquire (cli, job));
  other_id = g_strdup (vitrine_job_get_id (job));
  g_assert_true (wait_for (fixture, other_job_listed, 3));
  listed = vitrine_job_store_lookup (store_of_app (), other_id);

  dialog = dialog_of (fixture, "win.remove-job", listed, "Remove “Posted meanwhile” From the List?",
                      "removing it stops it");
  /* The driver's request leaves before the window reads the row again. */
  vitrine_job_set_remote_id (job, "r-1");
  vitrine_job_set_state (job, VITRINE_JOB_STATE_PROCESSING);
  button = find_labelled_button (GTK_WIDGET (dialog), adw_message_dialog_get_response_label (dialog, "keep"));
  refused_heading = "This Video Cannot Be Removed Yet";
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (wait_for (fixture, refusal_shown, 10));
  respond (fixture, find_dialog (fixture), "ok");

  g_assert_true (in_store (listed));
  g_assert_cmpstr (vitrine_job_get_remote_id (listed), ==, "r-1");
  g_assert_false (vitrine_job_is_finished (listed));
  /* The driver still has it, with the window's cancel to answer. */
  vitrine_job_store_refresh (cli);
  g_assert_true (vitrine_job_store_lookup (cli, other_id) == job);
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_PROCESSING);
  g_assert_true (vitrine_job_get_cancel_requested (job));

  vitrine_job_set_state (job, VITRINE_JOB_STATE_CANCELLED);
  vitrine_job_store_release (cli, job);
  g_clear_pointer (&other_id, g_free);
}

/* The listing video: the Listing group, captions, shapes, the Agent page */

static gpointer
window_child (Fixture    *fixture,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                  VITRINE_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static gpointer
listing_child (Fixture    *fixture,
               const char *name)
{
  GObject *child = gtk_widget_get_template_child (window_child (fixture, "listing_group"),
                                                  VITRINE_TYPE_LISTING_GROUP, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget,
                                 gpointer   data);

/* The first widget under @root (depth first) that @match takes. */
static GtkWidget *
find_widget (GtkWidget   *root,
             WidgetMatch  match,
             gpointer     data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_create_button (GtkWidget *widget,
                  gpointer   data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.create") == 0;
}

/* The whole-window video takes the window: the photos, the list and the
 * settings go, and their room with them (the photos' pane stayed, empty,
 * over half the window); and they come back. */
static void
test_window_full_preview (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *stack = window_child (fixture, "preview_stack");
  graphene_rect_t bounds;

  iterate_a_little ();
  g_assert_true (gtk_widget_compute_bounds (stack, window, &bounds));
  g_assert_cmpfloat (bounds.size.height, <, 0.7 * gtk_widget_get_height (window));
  g_assert_true (gtk_widget_activate_action (window, "win.toggle-full-preview", NULL));
  iterate_a_little ();
  g_assert_true (gtk_widget_compute_bounds (stack, window, &bounds));
  g_test_message ("preview %.0f x %.0f in %d x %d", bounds.size.width, bounds.size.height,
                  gtk_widget_get_width (window), gtk_widget_get_height (window));
  g_assert_cmpfloat (bounds.size.height, >, 0.8 * gtk_widget_get_height (window));
  g_assert_cmpfloat (bounds.size.width, >, 0.9 * gtk_widget_get_width (window));
  g_assert_true (gtk_widget_activate_action (window, "win.toggle-full-preview", NULL));
  iterate_a_little ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->grid)));
  g_assert_true (gtk_widget_get_mapped (find_widget (window, is_create_button, NULL)));
}

/* Create is in sight at the window's first size, whatever the settings
 * above it (it stood below the Listing group, scrolled out of view), and
 * no toast covers it or the player's controls: they rise over the photos
 * (a toast stood on Create for its seconds). */
static void
test_window_create_in_sight (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *create = find_widget (window, is_create_button, NULL);
  graphene_rect_t bounds;

  g_assert_nonnull (create);
  iterate_a_little ();
  g_assert_true (gtk_widget_compute_bounds (create, window, &bounds));
  g_test_message ("Create at y %.0f–%.0f of %d", bounds.origin.y,
                  bounds.origin.y + bounds.size.height, gtk_widget_get_height (window));
  g_assert_cmpint (gtk_widget_get_height (window), >, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));

  g_assert_false (gtk_widget_is_ancestor (create, window_child (fixture, "toast_overlay")));
  g_assert_false (gtk_widget_is_ancestor (window_child (fixture, "preview_controls"),
                                          window_child (fixture, "toast_overlay")));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (fixture->grid),
                                         window_child (fixture, "toast_overlay")));
}

/* The empty grid's page stays whole at every height of the window, its
 * smallest included: there its title was cut in half by the videos pane
 * and its Add Photos button out of sight. It goes compact, then drops its
 * icon. */
static void
test_window_empty_fits (Fixture       *fixture,
                        gconstpointer  data)
{
  /* 400 is below the window's smallest: it stops there */
  const int heights[] = { 400, 650, 900 };

  for (guint i = 0; i < G_N_ELEMENTS (heights); i++)
    {
      VitrineWindow *window = vitrine_window_new (app);
      GtkWidget *grid = GTK_WIDGET (vitrine_window_get_photo_grid (window));
      GtkWidget *add;
      graphene_rect_t bounds;

      gtk_window_set_default_size (GTK_WINDOW (window), 1100, heights[i]);
      gtk_window_present (GTK_WINDOW (window));
      for (int k = 0; k < 5; k++)
        iterate_a_little ();
      add = find_labelled_button (grid, "_Add Photos…");
      g_assert_nonnull (add);
      g_assert_true (gtk_widget_compute_bounds (add, grid, &bounds));
      g_test_message ("window %d px high: Add Photos at y %.0f–%.0f of the grid's %d",
                      gtk_widget_get_height (GTK_WIDGET (window)), bounds.origin.y,
                      bounds.origin.y + bounds.size.height, gtk_widget_get_height (grid));
      g_assert_cmpint (gtk_widget_get_height (grid), >, 0);
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (grid));
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static gboolean
is_cell_at (GtkWidget *widget,
            gpointer   position)
{
  return VITRINE_IS_PHOTO_CELL (widget) &&
         vitrine_photo_cell_get_position (VITRINE_PHOTO_CELL (widget)) == GPOINTER_TO_UINT (position);
}

/* The caption entry of the cell that shows photo @position, as Tab
 * reaches it from the cell. */
static GtkWidget *
caption_entry_at (Fixture *fixture,
                  guint    position)
{
  GtkWidget *cell = find_widget (GTK_WIDGET (fixture->grid), is_cell_at, GUINT_TO_POINTER (position));

  g_assert_nonnull (cell);
  return GTK_WIDGET (gtk_widget_get_template_child (cell, VITRINE_TYPE_PHOTO_CELL, "caption_entry"));
}

/* A photo too small for the video (the grid's 640 x 480 test photos) is
 * kept, with a badge and its reason in the tooltip; a large one has none. */
static void
test_window_small_photo (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *large = vitrine_test_make_jpeg (fixture->dir, "large.jpg", 1600, 1200, 0, 7);
  GSList *files = g_slist_append (NULL, g_file_new_for_path (large));
  GtkWidget *cells[2];

  add_photos (fixture, 1);
  vitrine_photo_grid_add_files (fixture->grid, files);
  g_slist_free_full (files, g_object_unref);
  g_assert_true (wait_for (fixture, grid_settled, 60));
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (fixture->grid), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      cells[i] = find_widget (GTK_WIDGET (fixture->grid), is_cell_at, GUINT_TO_POINTER (i));
      g_assert_nonnull (cells[i]);
    }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (
    gtk_widget_get_template_child (cells[0], VITRINE_TYPE_PHOTO_CELL, "notice_badge"))));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (cells[0]),
                            "Only 640 × 480 pixels: it will look blurred in the video"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (
    gtk_widget_get_template_child (cells[1], VITRINE_TYPE_PHOTO_CELL, "notice_badge"))));
  g_assert_null (strstr (gtk_widget_get_tooltip_text (cells[1]), "blurred"));
}

/* Tab from one caption reaches the next photo's caption without stopping
 * on a remove button: a space typed there removed the photo (Delete and
 * the cell's menu remove one from the keyboard). */
static void
assert_tab_reaches_caption (Fixture *fixture)
{
  GtkWidget *next = caption_entry_at (fixture, 1);
  GtkWidget *focus = NULL;

  g_assert_true (gtk_widget_grab_focus (caption_entry_at (fixture, 0)));
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
      iterate_a_little ();
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      g_test_message ("Tab %u: %s", i, focus ? G_OBJECT_TYPE_NAME (focus) : "none");
      g_assert_false (focus != NULL && gtk_widget_has_css_class (focus, "photo-remove"));
      if (focus != NULL && gtk_widget_is_ancestor (focus, next))
        break;
    }
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, next));
}

static void
assert_setting_ratios (Fixture    *fixture,
                       const char *expected)
{
  g_auto(GStrv) ratios = g_settings_get_strv (fixture->settings, "ratios");
  g_autofree char *joined = g_strjoinv (",", ratios);
  g_autofree char *first = g_settings_get_string (fixture->settings, "ratio");

  g_assert_cmpstr (joined, ==, expected);
  g_assert_true (g_str_has_prefix (expected, first));
}

static void
set_shape (Fixture    *fixture,
           const char *button,
           gboolean    active)
{
  gtk_toggle_button_set_active (window_child (fixture, button), active);
}

static guint
n_jobs (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (vitrine_application_get_store (app)));
}

static void
test_window_listing (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *url_error = listing_child (fixture, "url_error");
  GtkWidget *caption;
  VitrineJob *job;
  const VitrineListing *listing;
  guint before;

  g_settings_set_string (fixture->settings, "provider", "test");
  g_settings_set_string (fixture->settings, "agent-name", "Camille Martin");
  g_settings_set_string (fixture->settings, "agent-brand-bg", "#102030");
  add_photos (fixture, 2);
  gtk_editable_set_text (window_child (fixture, "name_row"), "12 rue Exemple");
  gtk_editable_set_text (listing_child (fixture, "address_row"), "12 rue Exemple, Lyon");
  gtk_editable_set_text (listing_child (fixture, "price_row"), "€ 450,000");
  gtk_editable_set_text (listing_child (fixture, "facts_row"), "3 bedrooms · 2 baths · 98 m²");

  /* A caption typed in the second cell is the photo's. */
  iterate_a_little ();
  caption = caption_entry_at (fixture, 1);
  g_assert_true (gtk_widget_get_focusable (caption) || gtk_widget_get_focusable (gtk_widget_get_first_child (caption)));
  g_assert_true (gtk_widget_grab_focus (caption));
  gtk_editable_set_text (GTK_EDITABLE (caption), "Kitchen");
  g_assert_cmpstr (vitrine_photo_get_caption (photo_at (fixture, 1)), ==, "Kitchen");
  g_assert_cmpstr (vitrine_photo_get_caption (photo_at (fixture, 0)), ==, "");
  assert_tab_reaches_caption (fixture);

  /* A web address that is not http(s) is said under its row, and Create
   * makes nothing. */
  gtk_editable_set_text (listing_child (fixture, "url_row"), "ftp://agency.example/12");
  g_assert_true (gtk_widget_get_visible (url_error));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (url_error)), "https://"));
  g_assert_true (gtk_widget_has_css_class (listing_child (fixture, "url_row"), "error"));
  before = n_jobs ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  g_assert_cmpuint (n_jobs (), ==, before);
  gtk_editable_set_text (listing_child (fixture, "url_row"), "https://agency.example/12");
  g_assert_false (gtk_widget_get_visible (url_error));
  g_assert_false (gtk_widget_has_css_class (listing_child (fixture, "url_row"), "error"));
  /* As agents paste it, without its scheme: https (it was refused). */
  gtk_editable_set_text (listing_child (fixture, "url_row"), "agency.example/12");
  g_assert_false (gtk_widget_get_visible (url_error));

  /* Shapes: any combination, never none; the MLS copy; the fit. */
  set_shape (fixture, "ratio_9_16", TRUE);
  assert_setting_ratios (fixture, "16:9,9:16");
  set_shape (fixture, "ratio_16_9", FALSE);
  assert_setting_ratios (fixture, "9:16");
  set_shape (fixture, "ratio_9_16", FALSE);
  g_assert_true (gtk_toggle_button_get_active (window_child (fixture, "ratio_9_16")));
  assert_setting_ratios (fixture, "9:16");
  set_shape (fixture, "ratio_16_9", TRUE);
  assert_setting_ratios (fixture, "16:9,9:16");
  gtk_switch_set_active (window_child (fixture, "unbranded_switch"), TRUE);
  adw_combo_row_set_selected (window_child (fixture, "fit_row"), 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  g_assert_cmpuint (n_jobs (), ==, before + 1);
  job = newest_job ();
  listing = vitrine_job_get_listing (job);
  g_assert_cmpstr (listing->address, ==, "12 rue Exemple, Lyon");
  g_assert_cmpstr (listing->price, ==, "€ 450,000");
  g_assert_cmpstr (listing->facts, ==, "3 bedrooms · 2 baths · 98 m²");
  g_assert_cmpstr (listing->url, ==, "https://agency.example/12");
  g_assert_null (vitrine_job_get_caption (job, 0));
  g_assert_cmpstr (vitrine_job_get_caption (job, 1), ==, "Kitchen");
  g_assert_cmpint (vitrine_job_get_ratios (job), ==, VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16);
  g_assert_true (vitrine_job_get_unbranded (job));
  g_assert_cmpint (vitrine_job_get_fit (job), ==, VITRINE_FIT_BLUR);
  g_assert_cmpstr (vitrine_job_get_agent (job)->name, ==, "Camille Martin");
  g_assert_cmpstr (vitrine_job_get_agent (job)->brand_bg, ==, "#102030");

  /* The job keeps the agent of its time. */
  g_settings_set_string (fixture->settings, "agent-name", "Someone Else");
  g_assert_cmpstr (vitrine_job_get_agent (job)->name, ==, "Camille Martin");

  /* Another listing: its rows start empty; back to this one, its values
   * and its captions are offered again. */
  gtk_editable_set_text (window_child (fixture, "name_row"), "8 avenue Autre");
  g_assert_cmpstr (text_of (listing_child (fixture, "address_row")), ==, "");
  g_assert_cmpstr (text_of (listing_child (fixture, "url_row")), ==, "");
  vitrine_photo_set_caption (photo_at (fixture, 1), "");
  gtk_editable_set_text (window_child (fixture, "name_row"), "12 rue Exemple");
  g_assert_cmpstr (text_of (listing_child (fixture, "address_row")), ==, "12 rue Exemple, Lyon");
  g_assert_cmpstr (text_of (listing_child (fixture, "price_row")), ==, "€ 450,000");
  g_assert_cmpstr (text_of (listing_child (fixture, "facts_row")), ==, "3 bedrooms · 2 baths · 98 m²");
  g_assert_cmpstr (text_of (listing_child (fixture, "url_row")), ==, "https://agency.example/12");
  g_assert_cmpstr (text_of (caption_entry_at (fixture, 1)), ==, "Kitchen");

  /* What the agent typed is never replaced by an offer. */
  gtk_editable_set_text (listing_child (fixture, "price_row"), "€ 430,000");
  gtk_editable_set_text (window_child (fixture, "name_row"), "8 avenue Autre");
  g_assert_cmpstr (text_of (listing_child (fixture, "price_row")), ==, "€ 430,000");
}

/* The name the window makes up (the day's date) is every new listing's that
 * day: an earlier job under it offers nothing to the next window. */
static void
test_window_listing_default_name (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *made_up = g_strdup (text_of (window_child (fixture, "name_row")));
  g_autoptr(VitrineListing) listing = vitrine_listing_new ();
  VitrineJob *earlier;
  guint before;

  g_assert_cmpstr (made_up, !=, "");
  listing->address = g_strdup ("3 place Ailleurs, Nantes");
  listing->price = g_strdup ("€ 310,000");
  earlier = add_fake_job (fixture, made_up, "complete");
  vitrine_job_set_listing (earlier, listing);
  add_photos (fixture, 1);

  gtk_editable_set_text (window_child (fixture, "name_row"), "");
  gtk_editable_set_text (window_child (fixture, "name_row"), made_up);
  g_assert_cmpstr (text_of (listing_child (fixture, "address_row")), ==, "");
  g_assert_cmpstr (text_of (listing_child (fixture, "price_row")), ==, "");

  /* The same job under a name the agent typed is offered, as before. */
  vitrine_job_set_name (earlier, "3 place Ailleurs");
  gtk_editable_set_text (window_child (fixture, "name_row"), "3 place Ailleurs");
  g_assert_cmpstr (text_of (listing_child (fixture, "address_row")), ==, "3 place Ailleurs, Nantes");
  g_assert_cmpstr (text_of (listing_child (fixture, "price_row")), ==, "€ 310,000");

  /* Made under the made-up name, a job takes its address for a name (two
   * of one day were told apart by nothing in the list); a typed one stays. */
  g_settings_set_string (fixture->settings, "provider", "test");
  gtk_editable_set_text (window_child (fixture, "name_row"), made_up);
  gtk_editable_set_text (listing_child (fixture, "address_row"), "9 rue Neuve, Tours");
  before = n_jobs ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  g_assert_cmpuint (n_jobs (), ==, before + 1);
  g_assert_cmpstr (vitrine_job_get_name (newest_job ()), ==, "9 rue Neuve, Tours");
  gtk_editable_set_text (window_child (fixture, "name_row"), "Villa Neuve");
  gtk_editable_set_text (listing_child (fixture, "address_row"), "9 rue Neuve, Tours");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  g_assert_cmpstr (vitrine_job_get_name (newest_job ()), ==, "Villa Neuve");
}

/* The Quit question on screen, or NULL. */
static GtkWindow *
quit_question (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Quit while a video is made here asks first; the question goes once the
 * video is done, and Vitrine stays (it still asked, beside the finished
 * video). */
static void
test_window_quit_question (Fixture       *fixture,
                           gconstpointer  data)
{
  VitrineJob *job = add_fake_job (fixture, "Slow one", "wait");
  gboolean busy = FALSE;

  g_object_get (app, "busy", &busy, NULL);
  g_assert_true (busy);   /* else Quit would end the tests */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_nonnull (quit_question ());

  vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
  iterate_a_little ();
  g_assert_null (quit_question ());
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
}

static gboolean
quit_question_gone (Fixture *fixture)
{
  return fixture->window == NULL && quit_question () == NULL;
}

/* Quit, answered: the window closes and the question goes, neither one
 * touching the other once freed (the question unhooked itself from its
 * freed window: a critical, fatal here). */
static void
test_window_quit_answered (Fixture       *fixture,
                           gconstpointer  data)
{
  VitrineJob *job = add_fake_job (fixture, "Slow one", "wait");
  GtkWindow *question;

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  question = quit_question ();
  g_assert_nonnull (question);
  g_signal_handlers_disconnect_by_data (fixture->grid, fixture);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "quit");
  g_assert_true (wait_for (fixture, quit_question_gone, 10));

  vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
}

static gboolean
is_row_of (GtkWidget *widget,
           gpointer   job)
{
  return VITRINE_IS_JOB_ROW (widget) && vitrine_job_row_get_job (VITRINE_JOB_ROW (widget)) == job;
}

static gboolean
preview_shows_second_output (Fixture *fixture)
{
  GFile *file = preview_file (fixture->window);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  VitrineJobOutput *second = g_ptr_array_index (vitrine_job_get_outputs (watched_job), 1);

  return g_strcmp0 (path, second->path) == 0;
}

static gboolean
preview_title_has_room (Fixture *fixture)
{
  GtkLabel *title = window_child (fixture, "preview_title");

  return gtk_widget_get_width (GTK_WIDGET (title)) >= 100;
}

static void
test_window_two_shapes (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkDropDown *switcher = window_child (fixture, "output_dropdown");
  GtkStringList *labels = window_child (fixture, "output_labels");
  GtkWidget *row;
  GPtrArray *outputs;

  g_settings_set_string (fixture->settings, "provider", "test");
  add_photos (fixture, 2);
  set_shape (fixture, "ratio_9_16", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  watched_job = newest_job ();
  g_object_add_weak_pointer (G_OBJECT (watched_job), (gpointer *) &watched_job);
  g_assert_true (wait_for (fixture, job_finished, 30));
  g_assert_cmpint (vitrine_job_get_state (watched_job), ==, VITRINE_JOB_STATE_COMPLETED);
  outputs = vitrine_job_get_outputs (watched_job);
  g_assert_cmpuint (outputs->len, ==, 2);

  /* The first plays; the switcher names both by shape and variant. */
  g_assert_true (wait_for (fixture, preview_shows_job, 10));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (switcher)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (labels, 0), ==, "16:9 · Branded");
  g_assert_cmpstr (gtk_string_list_get_string (labels, 1), ==, "9:16 · Branded");

  /* The video's name keeps its room with the switcher shown (beside the
   * name, the switcher left it an ellipsis in the narrow preview). */
  g_assert_true (wait_for (fixture, preview_title_has_room, 5));

  /* The other one, chosen in the switcher, plays instead. */
  gtk_drop_down_set_selected (switcher, 1);
  g_assert_true (wait_for (fixture, preview_shows_second_output, 10));

  /* The switcher shortens its label rather than widen the window (a long
   * one, "9:16 · ohne Branding für MLS", made the window grow by itself),
   * and a video shown still fits half of a 1920-pixel screen. */
  {
    int min = 0, nat = 0;

    gtk_widget_measure (GTK_WIDGET (switcher), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
    g_test_message ("switcher: %d to %d px", min, nat);
    g_assert_cmpint (min, <, nat / 2);
    gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL,
                        NULL, NULL);
    g_test_message ("narrowest window with a video: %d px", min);
    g_assert_cmpint (min, <=, 960);
  }

  /* The status list row says which videos the job made, and how long
   * they last (it once said so only of a job of one video). */
  row = find_widget (window_child (fixture, "job_list"), is_row_of, watched_job);
  g_assert_nonnull (row);
  {
    const char *state = gtk_inscription_get_text (GTK_INSCRIPTION (
      gtk_widget_get_template_child (row, VITRINE_TYPE_JOB_ROW, "state_label")));
    g_autofree char *length = vitrine_job_row_format_length (vitrine_job_row_get_length (watched_job));

    g_test_message ("row: %s", state);
    g_assert_cmpfloat (vitrine_job_row_get_length (watched_job), >, 0);
    g_assert_nonnull (strstr (state, "16:9, 9:16"));
    g_assert_nonnull (strstr (state, length));
  }
  g_object_remove_weak_pointer (G_OBJECT (watched_job), (gpointer *) &watched_job);
  watched_job = NULL;
}

static gboolean
picture_shown (gpointer picture)
{
  return vitrine_thumbnail_get_paintable (picture) != NULL;
}

static gboolean
fixture_picture_shown (Fixture *fixture)
{
  return picture_shown (g_object_get_data (G_OBJECT (fixture->window), "test-picture"));
}

static GtkWidget *
agent_child (VitrineAgentPage *page,
             const char       *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), VITRINE_TYPE_AGENT_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* Sets the page's @image to @path as its file chooser does, and waits. */
static gboolean
set_agent_image (VitrineAgentPage  *page,
                 VitrineAgentImage  image,
                 const char        *path,
                 GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vitrine_agent_page_set_image_async (page, image, path, vitrine_test_result_cb, &result);
  vitrine_test_wait_for_result (&result, 20);
  return vitrine_agent_page_set_image_finish (page, result, error);
}

static void
test_agent_page (Fixture       *fixture,
                 gconstpointer  data)
{
  AdwPreferencesWindow *prefs = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  VitrineAgentPage *page = VITRINE_AGENT_PAGE (vitrine_agent_page_new ());
  g_autofree char *headshot = vitrine_test_make_png (fixture->dir, "headshot.png", 200, 200, 2);
  g_autofree char *logo = vitrine_test_make_jpeg (fixture->dir, "logo.jpg", 300, 100, 0, 4);
  g_autofree char *cut = vitrine_test_make_truncated (fixture->dir, logo, "cut.jpg", 0.5);
  g_autofree char *agent_dir = vitrine_agent_profile_dir ();
  g_autofree char *copy = NULL;
  g_autofree char *color = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineAgent) agent = NULL;
  GtkColorButton *bg_button;
  GdkRGBA red = { 1, 0, 0, 1 };

  adw_preferences_window_add (prefs, ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (prefs));

  /* Typed rows are the profile. */
  gtk_editable_set_text (GTK_EDITABLE (agent_child (page, "email_row")),
                         "camille@agency.example");
  agent = vitrine_agent_profile_load (fixture->settings);
  g_assert_cmpstr (agent->email, ==, "camille@agency.example");
  g_clear_pointer (&agent, vitrine_agent_free);
  g_assert_false (gtk_widget_get_visible (agent_child (page, "email_error")));
  /* A slip is said under the row as it is typed, and goes once mended. */
  gtk_editable_set_text (GTK_EDITABLE (agent_child (page, "email_row")), "camille.agency.example");
  g_assert_true (gtk_widget_get_visible (agent_child (page, "email_error")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (agent_child (page, "email_error"))),
                            "needs a name, an @ and a domain"));
  gtk_editable_set_text (GTK_EDITABLE (agent_child (page, "email_row")), "camille@agency.example");
  g_assert_false (gtk_widget_get_visible (agent_child (page, "email_error")));

  /* No headshot yet: no empty preview pushing the row's title aside. */
  g_assert_false (gtk_widget_get_visible (agent_child (page, "photo_picture")));
  g_assert_false (gtk_widget_get_visible (agent_child (page, "logo_picture")));

  /* A chosen headshot is copied into the data folder, and previewed. */
  g_assert_true (set_agent_image (page, VITRINE_AGENT_IMAGE_PHOTO, headshot, &error));
  g_assert_no_error (error);
  copy = g_settings_get_string (fixture->settings, "agent-photo");
  g_assert_true (g_str_has_prefix (copy, agent_dir));
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  g_object_set_data (G_OBJECT (fixture->window), "test-picture",
                     agent_child (page, "photo_picture"));
  g_assert_true (wait_for (fixture, fixture_picture_shown, 10));
  g_assert_true (gtk_widget_get_visible (agent_child (page, "photo_clear_button")));
  g_assert_true (gtk_widget_get_visible (agent_child (page, "photo_picture")));

  /* Moving the original breaks nothing. */
  g_assert_cmpint (g_unlink (headshot), ==, 0);
  agent = vitrine_agent_profile_load (fixture->settings);
  g_assert_cmpstr (agent->photo, ==, copy);
  g_assert_true (vitrine_agent_validate (agent, NULL));
  g_clear_pointer (&agent, vitrine_agent_free);

  /* The logo too; an image that cannot be read is refused. */
  g_assert_true (set_agent_image (page, VITRINE_AGENT_IMAGE_LOGO, logo, NULL));
  g_clear_pointer (&copy, g_free);
  copy = g_settings_get_string (fixture->settings, "agent-logo");
  g_assert_true (g_str_has_prefix (copy, agent_dir));
  g_assert_false (set_agent_image (page, VITRINE_AGENT_IMAGE_LOGO, headshot, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* A damaged one too (it was kept, and drawn as a grey block). */
  g_assert_false (set_agent_image (page, VITRINE_AGENT_IMAGE_LOGO, cut, &error));
  g_assert_error (error, VITRINE_IMAGE_ERROR, VITRINE_IMAGE_ERROR_CORRUPT);
  g_clear_pointer (&copy, g_free);
  copy = g_settings_get_string (fixture->settings, "agent-logo");
  g_assert_true (g_str_has_prefix (copy, agent_dir));

  /* The brand colours, as #rrggbb. */
  bg_button = GTK_COLOR_BUTTON (agent_child (page, "bg_button"));
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (bg_button), &red);
  g_signal_emit_by_name (bg_button, "color-set");
  color = g_settings_get_string (fixture->settings, "agent-brand-bg");
  g_assert_cmpstr (color, ==, "#ff0000");
  /* A text colour the end card cannot use is said under its row, with
   * what it uses (it gave way to black or white unsaid). */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (agent_child (page, "fg_row"))), ==, "");
  g_settings_set_string (fixture->settings, "agent-brand-bg", "#ffffff");
  g_settings_set_string (fixture->settings, "agent-brand-fg", "#dddddd");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (agent_child (page, "fg_row"))), "uses black"));
  g_settings_set_string (fixture->settings, "agent-brand-fg", "#102030");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (agent_child (page, "fg_row"))), ==, "");

  /* Cleared: no headshot. */
  g_signal_emit_by_name (agent_child (page, "photo_clear_button"), "clicked");
  agent = vitrine_agent_profile_load (fixture->settings);
  g_assert_null (agent->photo);
  g_assert_false (gtk_widget_get_visible (agent_child (page, "photo_picture")));

  gtk_window_destroy (GTK_WINDOW (prefs));
  iterate_a_little ();
}

/* "<Alt>Left photos.move-back" for each key binding of @widget. */
static GPtrArray *
key_bindings (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *trigger = NULL;

          if (!GTK_IS_NAMED_ACTION (action))
            continue;
          trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_ptr_array_add (found, g_strdup_printf ("%s %s", trigger,
                                                   gtk_named_action_get_action_name (GTK_NAMED_ACTION (action))));
        }
    }
  return found;
}

/* The grid's keys: Alt and the arrows (keypad too), Home or End move the
 * selected photo; Delete removes it; the window's Ctrl+Z puts back the
 * photos just removed (the toast's Undo, which leaves after a few
 * seconds), and closes that toast. */
static void
test_grid_keys (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const expected[] = {
    "<Alt>Left photos.move-back", "<Alt>KP_Left photos.move-back",
    "<Alt>Right photos.move-forward", "<Alt>KP_Right photos.move-forward",
    "<Alt>Home photos.move-first", "<Alt>End photos.move-last",
    "Delete photos.remove-selected", "KP_Delete photos.remove-selected",
  };
  g_autoptr(GPtrArray) found = key_bindings (GTK_WIDGET (fixture->grid));
  g_autoptr(GPtrArray) window_keys = key_bindings (GTK_WIDGET (fixture->window));

  VitrinePhoto *second;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_ptr_array_find_with_equal_func (found, expected[i], g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (window_keys, "<Control>z win.undo-remove-photos",
                                                   g_str_equal, NULL));

  /* The photo reached with Tab (its caption here) is the one they move:
   * the focus selects it (they did nothing, nothing being selected). */
  add_photos (fixture, 3);
  iterate_a_little ();
  second = photo_at (fixture, 1);
  vitrine_photo_grid_select (fixture->grid, 0);
  gtk_widget_grab_focus (caption_entry_at (fixture, 1));
  g_assert_cmpuint (vitrine_photo_grid_get_selected (fixture->grid), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->grid), "photos.move-forward", NULL));
  g_assert_true (photo_at (fixture, 2) == second);
}

/* The switcher's names tell a job's videos apart: by shape and variant,
 * or by the provider's own name and the shape. */
static void
test_output_labels (void)
{
  VitrineJobOutput branded = { "16:9", NULL, NULL, "16:9", "branded" };
  VitrineJobOutput main_video = { "Main video", NULL, NULL, "16:9", NULL };
  VitrineJobOutput variant = { "Variant 1", NULL, NULL, "16:9", NULL };
  VitrineJobOutput plain = { NULL, NULL, NULL, NULL, NULL };
  g_autofree char *a = vitrine_job_row_dup_output_label (&branded, 0);
  g_autofree char *b = vitrine_job_row_dup_output_label (&main_video, 0);
  g_autofree char *c = vitrine_job_row_dup_output_label (&variant, 1);
  g_autofree char *d = vitrine_job_row_dup_output_label (&plain, 2);

  g_assert_cmpstr (a, ==, "16:9 · Branded");
  g_assert_cmpstr (b, ==, "Main video · 16:9");
  g_assert_cmpstr (c, ==, "Variant 1 · 16:9");
  g_assert_cmpstr (d, ==, "Video 3");
}

/* The choosers' common make: modal over the widget's window, the given
 * title and labels, and one filter of the given types when named. */
static void
test_file_chooser_new (void)
{
  static const char * const types[] = { "image/*", "video/*" };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *child = gtk_label_new (NULL);
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileChooserNative) plain = NULL;
  GtkFileChooserNative *weak = NULL;
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;

  gtk_window_set_child (GTK_WINDOW (window), child);
  chooser = vitrine_file_chooser_new (child, "Pick", GTK_FILE_CHOOSER_ACTION_OPEN, "_Pick",
                                      "Pictures", types, 1);
  g_assert_true (gtk_native_dialog_get_transient_for (GTK_NATIVE_DIALOG (chooser)) ==
                 GTK_WINDOW (window));
  g_assert_true (gtk_native_dialog_get_modal (GTK_NATIVE_DIALOG (chooser)));
  g_assert_cmpstr (gtk_native_dialog_get_title (GTK_NATIVE_DIALOG (chooser)), ==, "Pick");
  g_assert_cmpstr (gtk_file_chooser_native_get_accept_label (chooser), ==, "_Pick");
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_OPEN);
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 1);
  filter = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, "Pictures");

  /* No window yet, no filter asked: none. */
  plain = vitrine_file_chooser_new (gtk_label_new (NULL), "Save", GTK_FILE_CHOOSER_ACTION_SAVE,
                                    "_Save", NULL, NULL, 0);
  g_assert_null (gtk_native_dialog_get_transient_for (GTK_NATIVE_DIALOG (plain)));
  g_clear_object (&filters);
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (plain));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 0);

  /* Cleared: destroyed and dropped; clearing nothing is no fault. */
  g_object_add_weak_pointer (G_OBJECT (plain), (gpointer *) &weak);
  vitrine_file_chooser_clear (&plain);
  g_assert_null (plain);
  g_assert_null (weak);
  vitrine_file_chooser_clear (&plain);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A chosen local path lands in the setting; a cancel leaves it. */
static void
test_file_chooser_store_path (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "song.ogg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GFile) chosen = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *kept = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  chooser = vitrine_file_chooser_new (gtk_label_new (NULL), "Music", GTK_FILE_CHOOSER_ACTION_OPEN,
                                      "_Choose", NULL, NULL, 0);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  for (guint i = 0; i < 200 && chosen == NULL; i++)
    {
      iterate_a_little ();
      chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
    }
  g_assert_nonnull (chosen);
  g_assert_true (vitrine_file_chooser_store_path (chooser, GTK_RESPONSE_ACCEPT, settings, "music"));
  stored = g_settings_get_string (settings, "music");
  g_assert_cmpstr (stored, ==, path);

  g_settings_set_string (settings, "music", "/elsewhere.ogg");
  g_assert_true (vitrine_file_chooser_store_path (chooser, GTK_RESPONSE_CANCEL, settings, "music"));
  kept = g_settings_get_string (settings, "music");
  g_assert_cmpstr (kept, ==, "/elsewhere.ogg");
  g_settings_reset (settings, "music");
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

  {
    g_autoptr(VitrineProvider) fake = vitrine_test_provider_new ("test", "Test Provider", &fake_caps,
                                                                 20, fake_poll);

    vitrine_provider_register (fake);
  }
  {
    g_autoptr(VitrineProvider) paid = vitrine_test_provider_new ("test-paid", "Paid Test Provider",
                                                                 &fake_paid_caps, 20, fake_poll);

    vitrine_provider_register (paid);
  }

  app = vitrine_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  vitrine_test_start_notification_server (g_application_get_dbus_connection (G_APPLICATION (app)),
                                          &notified);
  /* A registered application that is not run: keep it from quitting. */
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ui/job-row/output-labels", test_output_labels);
  g_test_add_func ("/ui/file-chooser/new", test_file_chooser_new);
  g_test_add_func ("/ui/file-chooser/store-path", test_file_chooser_store_path);
  g_test_add ("/ui/window/empty", Fixture, NULL,
              fixture_set_up, test_window_empty, fixture_tear_down);
  g_test_add ("/ui/window/create-in-sight", Fixture, NULL,
              fixture_set_up, test_window_create_in_sight, fixture_tear_down);
  g_test_add ("/ui/window/full-preview", Fixture, NULL,
              fixture_set_up, test_window_full_preview, fixture_tear_down);
  g_test_add ("/ui/window/empty-fits", Fixture, NULL,
              fixture_set_up, test_window_empty_fits, fixture_tear_down);
  g_test_add ("/ui/window/small-photo", Fixture, NULL,
              fixture_set_up, test_window_small_photo, fixture_tear_down);
  g_test_add ("/ui/window/drop", Fixture, NULL,
              fixture_set_up, test_window_drop, fixture_tear_down);
  g_test_add ("/ui/window/drop-value", Fixture, NULL,
              fixture_set_up, test_window_drop_value, fixture_tear_down);
  g_test_add ("/ui/window/reorder", Fixture, NULL,
              fixture_set_up, test_window_reorder, fixture_tear_down);
  g_test_add ("/ui/window/grid-keys", Fixture, NULL,
              fixture_set_up, test_grid_keys, fixture_tear_down);
  g_test_add ("/ui/window/settings", Fixture, NULL,
              fixture_set_up, test_window_settings, fixture_tear_down);
  g_test_add ("/ui/window/music", Fixture, NULL,
              fixture_set_up, test_window_music, fixture_tear_down);
  g_test_add ("/ui/window/create", Fixture, NULL,
              fixture_set_up, test_window_create, fixture_tear_down);
  g_test_add ("/ui/window/retry", Fixture, NULL,
              fixture_set_up, test_window_retry, fixture_tear_down);
  g_test_add ("/ui/window/paid-cannot-stop", Fixture, NULL,
              fixture_set_up, test_window_paid_cannot_stop, fixture_tear_down);
  g_test_add ("/ui/window/remove", Fixture, NULL,
              fixture_set_up, test_window_remove, fixture_tear_down);
  g_test_add ("/ui/window/missing", Fixture, NULL,
              fixture_set_up, test_window_missing, fixture_tear_down);
  g_test_add ("/ui/window/hold-for-cleanup", Fixture, NULL,
              fixture_set_up, test_window_hold_for_cleanup, fixture_tear_down);
  g_test_add ("/ui/window/notify", Fixture, NULL,
              fixture_set_up, test_window_notify, fixture_tear_down);
  g_test_add ("/ui/window/other-process", Fixture, NULL,
              fixture_set_up, test_window_other_process, fixture_tear_down);
  g_test_add ("/ui/window/retry-lost", Fixture, NULL,
              fixture_set_up, test_window_retry_lost, fixture_tear_down);
  g_test_add ("/ui/window/stale-remove", Fixture, NULL,
              fixture_set_up, test_window_stale_remove, fixture_tear_down);

  g_test_add ("/ui/window/compare", Fixture, NULL,
              fixture_set_up, test_window_compare, fixture_tear_down);
  g_test_add ("/ui/window/listing", Fixture, NULL,
              fixture_set_up, test_window_listing, fixture_tear_down);
  g_test_add ("/ui/window/listing-default-name", Fixture, NULL,
              fixture_set_up, test_window_listing_default_name, fixture_tear_down);
  g_test_add ("/ui/window/remove-several", Fixture, NULL,
              fixture_set_up, test_window_remove_several, fixture_tear_down);
  g_test_add ("/ui/window/quit-question", Fixture, NULL,
              fixture_set_up, test_window_quit_question, fixture_tear_down);
  g_test_add ("/ui/window/quit-answered", Fixture, NULL,
              fixture_set_up, test_window_quit_answered, fixture_tear_down);
  g_test_add ("/ui/window/two-shapes", Fixture, NULL,
              fixture_set_up, test_window_two_shapes, fixture_tear_down);
  g_test_add ("/ui/agent-page", Fixture, NULL,
              fixture_set_up, test_agent_page, fixture_tear_down);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  vitrine_test_rmtree (home);
  return status;
}
