/* test-preferences.c: Preferences, the provider options and the money dialog, under Xvfb
 *
 * The program runs itself again inside a private D-Bus session with a real
 * gnome-keyring-daemon, unlocked with a throwaway password (PLATFORM.md,
 * "Keyring in tests"), a fresh HOME and XDG folders, and settings in a
 * keyfile (the memory backend writes nothing to look at). The child is the
 * GTest program: one application (registered, never run), fresh windows per
 * test, driven through the same signals a click or a key sends.
 *
 * Keys go to the real keyring and never into the settings file; addresses
 * Vitrine cannot use are refused under their row; the media host's Test
 * runs against a real S3 (tests/s3, which checks signatures); Vikit's
 * options hide what Vikit cannot do; IACrea's short description stops
 * Create before anything happens; a paid job needs a yes, once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "vitrine-agent-page.h"
#include "vitrine-application.h"
#include "vitrine-confirm.h"
#include "vitrine-crop-overlay.h"
#include "vitrine-listing-group.h"
#include "vitrine-fake-aixpose.h"
#include "vitrine-fake-vidgen.h"
#include "vitrine-photo-grid.h"
#include "vitrine-photo.h"
#include "vitrine-preferences-window.h"
#include "vitrine-provider-options.h"
#include "vitrine-provider-vikit.h"
#include "vitrine-remote-provider.h"
#include "vitrine-secrets.h"
#include "vitrine-test-notifications.h"
#include "vitrine-test-remote.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-s3.h"
#include "vitrine-test-window.h"
#include "vitrine-window.h"

#define VIKIT_KEY    "vk-prefs-test-7Hq2Lm9Zx"
#define S3_ACCESS    "VITRINEPREFSKEY"
#define S3_SECRET    "prefs-secret-Wq8Rt5Yu1Io3"
#define S3_WRONG     "wrong-secret-Zx7Cv4Bn2Mm0"

static VitrineApplication *app;
static char *work_dir;

/* Waiting ------------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_for (Condition condition,
          gpointer  data,
          guint     timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, wake_up_cb, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
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

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
field_idle (gpointer field)
{
  return !vitrine_secret_field_get_busy (field);
}

static gboolean
not_testing (gpointer window)
{
  return !vitrine_preferences_window_get_testing (window);
}

/* Settings ------------------------------------------------------------------ */

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();
}

static char *
keyfile_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
}

static gboolean
settings_file_contains (const char *needle)
{
  g_autofree char *path = keyfile_path ();
  g_autofree char *contents = NULL;

  g_settings_sync ();
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  return strstr (contents, needle) != NULL;
}

static char *
stored_secret (const char *id)
{
  g_autoptr(GError) error = NULL;
  char *secret = vitrine_secrets_lookup_sync (id, NULL, &error);
  char *copy;

  g_assert_no_error (error);
  copy = g_strdup (secret);
  vitrine_secrets_free (secret);
  return copy;
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vitrine_secrets_store_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* @secret NULL removes it. */
static void
store_secret (const char *id,
              const char *secret)
{
  gboolean done = FALSE;

  vitrine_secrets_store_async (id, secret, NULL, stored_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Widgets ------------------------------------------------------------------- */

static gpointer
child_of (gpointer    widget,
          GType       type,
          const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static GtkWidget *
find_agent_page (GtkWidget *widget)
{
  if (VITRINE_IS_AGENT_PAGE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_agent_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static VitrinePreferencesWindow *
open_preferences (void)
{
  VitrinePreferencesWindow *window = vitrine_preferences_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (is_mapped, window, 10));
  return window;
}

static void
close_window (gpointer window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_a_little ();
  g_assert_null (window);
}

/* The Preferences window ---------------------------------------------------- */

static void
test_key_row_keyring (void)
{
  VitrinePreferencesWindow *window;
  VitrineProviderPage *page;
  VitrineSecretField *field;
  AdwEntryRow *row;
  GtkEditable *text;
  g_autofree char *stored = NULL;

  reset_settings ();
  window = open_preferences ();
  /* The Agent page is one of the pages (tested in test-window.c). */
  g_assert_nonnull (find_agent_page (GTK_WIDGET (window)));
  page = vitrine_preferences_window_get_provider_page (window, "vikit");
  g_assert_nonnull (page);
  field = vitrine_provider_page_get_secret_field (page);
  g_assert_true (wait_for (field_idle, field, 10));
  row = vitrine_provider_page_get_key_row (page);
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (row));

  /* A key pasted with spaces around it, applied as the row's button does. */
  gtk_editable_set_text (GTK_EDITABLE (row), "  " VIKIT_KEY " ");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (wait_for (field_idle, field, 10));
  stored = stored_secret ("vikit");
  g_assert_cmpstr (stored, ==, VIKIT_KEY);
  g_assert_true (vitrine_secret_field_get_has_secret (field));

  /* Something is in the settings file (the address), never the key. */
  gtk_editable_set_text (GTK_EDITABLE (vitrine_provider_page_get_endpoint_row (page)),
                         "https://vikit.example/");
  g_assert_true (vitrine_provider_page_apply_endpoint (page));
  g_assert_true (settings_file_contains ("vikit-url"));
  g_assert_false (settings_file_contains (VIKIT_KEY));
  close_window (window);

  /* Opened again: the key is there, masked. */
  window = open_preferences ();
  page = vitrine_preferences_window_get_provider_page (window, "vikit");
  field = vitrine_provider_page_get_secret_field (page);
  g_assert_true (wait_for (field_idle, field, 10));
  row = vitrine_provider_page_get_key_row (page);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, VIKIT_KEY);
  text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  g_assert_true (GTK_IS_TEXT (text));
  g_assert_false (gtk_text_get_visibility (GTK_TEXT (text)));

  /* Remove Key: gone from the keyring and from the row. */
  g_signal_emit_by_name (child_of (page, VITRINE_TYPE_PROVIDER_PAGE, "remove_key_button"), "clicked");
  g_assert_true (wait_for (field_idle, field, 10));
  g_clear_pointer (&stored, g_free);
  stored = stored_secret ("vikit");
  g_assert_null (stored);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  g_assert_false (vitrine_secret_field_get_has_secret (field));
  g_assert_false (settings_file_contains (VIKIT_KEY));

  close_window (window);
}

static void
test_endpoint_row (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  VitrinePreferencesWindow *window;
  VitrineProviderPage *page;
  AdwEntryRow *row;
  GtkEditable *text;
  g_autofree char *value = NULL;

  reset_settings ();
  window = open_preferences ();
  page = vitrine_preferences_window_get_provider_page (window, "vikit");
  row = vitrine_provider_page_get_endpoint_row (page);

  /* The built-in address is the placeholder. */
  text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  g_assert_cmpstr (gtk_text_get_placeholder_text (GTK_TEXT (text)), ==, VITRINE_VIKIT_DEFAULT_URL);

  /* http:// to another computer: refused, said under the row, not saved. */
  gtk_editable_set_text (GTK_EDITABLE (row), "http://example.com");
  g_signal_emit_by_name (row, "apply");
  value = g_settings_get_string (settings, "vikit-url");
  g_assert_cmpstr (value, ==, "");
  g_assert_nonnull (vitrine_provider_page_get_endpoint_error (page));
  g_test_message ("refused: %s", vitrine_provider_page_get_endpoint_error (page));
  g_assert_nonnull (strstr (vitrine_provider_page_get_endpoint_error (page), "https"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));

  /* https: saved, and the message goes. */
  gtk_editable_set_text (GTK_EDITABLE (row), "https://vikit.example/api");
  g_signal_emit_by_name (row, "apply");
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "vikit-url");
  g_assert_cmpstr (value, ==, "https://vikit.example/api");
  g_assert_null (vitrine_provider_page_get_endpoint_error (page));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));

  /* http to this computer is fine (tests, a local proxy). */
  gtk_editable_set_text (GTK_EDITABLE (row), "http://127.0.0.1:8123");
  g_signal_emit_by_name (row, "apply");
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "vikit-url");
  g_assert_cmpstr (value, ==, "http://127.0.0.1:8123");
  /* set: it may go back to the built-in one */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (
    GTK_WIDGET (page), VITRINE_TYPE_PROVIDER_PAGE, "endpoint_reset_button"))));

  /* Empty: back to the built-in one. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  g_signal_emit_by_name (row, "apply");
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "vikit-url");
  g_assert_cmpstr (value, ==, "");

  /* The providers still on their way have key and address rows too. */
  page = vitrine_preferences_window_get_provider_page (window, "vidgen");
  g_assert_nonnull (page);
  row = vitrine_provider_page_get_endpoint_row (page);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  gtk_editable_set_text (GTK_EDITABLE (row), "https://video.example.com");
  g_signal_emit_by_name (row, "apply");
  g_clear_pointer (&value, g_free);
  value = g_settings_get_string (settings, "vidgen-url");
  g_assert_cmpstr (value, ==, "https://video.example.com");
  /* VidGen has no address of its own: nothing built in to go back to (its
   * button offered one) */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (
    GTK_WIDGET (page), VITRINE_TYPE_PROVIDER_PAGE, "endpoint_reset_button"))));
  g_assert_nonnull (vitrine_preferences_window_get_provider_page (window, "aixpose"));

  close_window (window);
}

static void
set_row (gpointer    window,
         const char *name,
         const char *text)
{
  gtk_editable_set_text (child_of (window, VITRINE_TYPE_PREFERENCES_WINDOW, name), text);
}

static void
test_media_host (void)
{
  VitrinePreferencesWindow *window;
  VitrineTestS3 *peer;
  GtkWidget *button;
  const char *result;
  gboolean success = FALSE;
  g_autofree char *stored = NULL;

  reset_settings ();
  peer = vitrine_test_s3_start_or_skip (S3_ACCESS, S3_SECRET);
  if (peer == NULL)
    return;

  window = open_preferences ();
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "media-host");
  /* the secret's first lookup */
  iterate_a_little ();

  set_row (window, "media_endpoint_row", vitrine_test_s3_get_endpoint (peer));
  set_row (window, "media_bucket_row", VITRINE_TEST_S3_BUCKET);
  set_row (window, "media_access_key_row", S3_ACCESS);
  set_row (window, "media_secret_row", S3_SECRET);
  gtk_switch_set_active (child_of (window, VITRINE_TYPE_PREFERENCES_WINDOW,
                                   "media_path_style_switch"), TRUE);

  /* Test, as its button does: a spinner, then the answer in the page. */
  button = child_of (window, VITRINE_TYPE_PREFERENCES_WINDOW, "media_test_button");
  g_assert_true (gtk_widget_grab_focus (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (vitrine_preferences_window_get_testing (window));
  g_assert_true (gtk_widget_get_visible (child_of (window, VITRINE_TYPE_PREFERENCES_WINDOW,
                                                   "media_test_spinner")));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (wait_for (not_testing, window, 60));
  result = vitrine_preferences_window_get_test_result (window, &success);
  g_test_message ("right secret: %s", result);
  g_assert_nonnull (result);
  g_assert_true (success);
  g_assert_true (gtk_widget_get_sensitive (button));
  /* The keyboard is where it was: on Test (it was lost while the button
   * could not be pressed). */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == button);
  stored = stored_secret ("s3");
  g_assert_cmpstr (stored, ==, S3_SECRET);
  g_assert_true (settings_file_contains ("media-host-bucket"));
  g_assert_false (settings_file_contains (S3_SECRET));

  /* A wrong secret: the bucket's own refusal. */
  set_row (window, "media_secret_row", S3_WRONG);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (wait_for (not_testing, window, 60));
  result = vitrine_preferences_window_get_test_result (window, &success);
  g_test_message ("wrong secret: %s", result);
  g_assert_nonnull (result);
  g_assert_false (success);
  g_assert_nonnull (strstr (result, "SignatureDoesNotMatch"));
  g_assert_false (settings_file_contains (S3_WRONG));

  /* An endpoint Vitrine cannot use is refused before anything is sent. */
  set_row (window, "media_endpoint_row", "http://s3.example.com");
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (vitrine_preferences_window_get_testing (window));
  result = vitrine_preferences_window_get_test_result (window, &success);
  g_assert_false (success);
  g_assert_nonnull (strstr (result, "https"));

  close_window (window);
  vitrine_test_s3_stop (peer);
  store_secret ("s3", NULL);
}

/* The main window ------------------------------------------------------------ */

typedef struct {
  VitrineWindow    *window;
  VitrinePhotoGrid *grid;
  GSettings        *settings;
  char             *dir;
} Fixture;

static gboolean
grid_settled (gpointer data)
{
  Fixture *fixture = data;
  GListModel *photos = vitrine_photo_grid_get_photos (fixture->grid);

  if (vitrine_photo_grid_get_busy (fixture->grid))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (photos); i++)
    {
      g_autoptr(VitrinePhoto) photo = g_list_model_get_item (photos, i);

      if (vitrine_photo_get_loading (photo))
        return FALSE;
    }
  return TRUE;
}

/* What a cloud job needs before its price is asked (a key, a media host
 * for photos on this computer): made-up values, as variables, for the
 * jobs these tests create; nothing is reached. */
static const char * const account_env[][2] = {
  { "VITRINE_VIKIT_API_KEY", "made-up-vikit-key" },
  { "VITRINE_IACREA_API_KEY", "made-up-iacrea-key" },
  { "VITRINE_AIXPOSE_API_KEY", "made-up-aixpose-key" },
  { "VITRINE_VIDGEN_API_KEY", "made-up-vidgen-key" },
  { "VITRINE_S3_ENDPOINT", "http://127.0.0.1:9" },
  { "VITRINE_S3_BUCKET", "photos" },
  { "VITRINE_S3_ACCESS_KEY", "made-up-access" },
  { "VITRINE_S3_SECRET_KEY", "made-up-secret" },
};

static void
set_account_env (gboolean set)
{
  for (guint i = 0; i < G_N_ELEMENTS (account_env); i++)
    if (set)
      g_setenv (account_env[i][0], account_env[i][1], TRUE);
    else
      g_unsetenv (account_env[i][0]);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  reset_settings ();
  set_account_env (TRUE);
  fixture->dir = vitrine_test_make_tmpdir ();
  fixture->settings = g_settings_new (APP_ID);
  {
    g_autofree char *out = g_build_filename (fixture->dir, "videos", NULL);

    g_settings_set_string (fixture->settings, "output-folder", out);
  }
  fixture->window = vitrine_window_new (app);
  fixture->grid = vitrine_window_get_photo_grid (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (is_mapped, fixture->window, 10));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_window (fixture->window);
  g_clear_object (&fixture->settings);
  vitrine_test_rmtree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  set_account_env (FALSE);
}

static void
add_photos (Fixture *fixture,
            guint    n)
{
  GSList *files = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%c.jpg", 'a' + i);
      g_autofree char *path = vitrine_test_make_jpeg (fixture->dir, name, 640, 480, 0, i);

      files = g_slist_append (files, g_file_new_for_path (path));
    }
  vitrine_photo_grid_add_files (fixture->grid, files);
  g_slist_free_full (files, g_object_unref);
  g_assert_true (wait_for (grid_settled, fixture, 60));
  g_assert_cmpuint (vitrine_photo_grid_get_n_usable (fixture->grid), ==, n);
}

static guint
n_jobs (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (vitrine_application_get_store (app)));
}

static VitrineJob *
newest_job (void)
{
  g_autoptr(VitrineJob) job = g_list_model_get_item (G_LIST_MODEL (vitrine_application_get_store (app)), 0);

  return job; /* the store keeps it */
}

static VitrineProviderOptions *
options_of (Fixture *fixture)
{
  return child_of (fixture->window, VITRINE_TYPE_WINDOW, "provider_options");
}

/* The options' rows are made from the providers' declarations: found by
 * name ("email_row"), as template children were. */
static gpointer
option_child (Fixture    *fixture,
              const char *name)
{
  gpointer child = vitrine_provider_options_get_part (options_of (fixture), name);

  g_assert_nonnull (child);
  return child;
}

static void
test_options_vikit (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *square = child_of (fixture->window, VITRINE_TYPE_WINDOW, "ratio_1_1");
  GtkWidget *landscape = child_of (fixture->window, VITRINE_TYPE_WINDOW, "ratio_16_9");
  GtkWidget *music_row = child_of (fixture->window, VITRINE_TYPE_WINDOW, "music_row");
  VitrineProviderOptions *options = options_of (fixture);
  g_autofree char *ratio = NULL;
  guint before;

  /* This computer: nothing of the cloud. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (options)));
  g_assert_true (gtk_widget_get_visible (music_row));
  g_assert_true (gtk_widget_get_sensitive (square));

  /* Square chosen, then Vikit, which cannot make it. */
  g_settings_set_string (fixture->settings, "ratio", "1:1");
  g_settings_set_string (fixture->settings, "provider", "vikit");
  iterate_a_little ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (options)));
  g_assert_false (gtk_widget_get_sensitive (square));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (square), ==, "Vikit cannot make square videos");
  g_assert_true (gtk_widget_get_sensitive (landscape));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (landscape), !=, "Vikit cannot make landscape videos");
  /* never changed behind the agent's back: said instead */
  ratio = g_settings_get_string (fixture->settings, "ratio");
  g_assert_cmpstr (ratio, ==, "1:1");
  g_assert_true (gtk_widget_get_visible (option_child (fixture, "ratio_warning")));

  /* Create refuses it, before any job. */
  add_photos (fixture, 2);
  before = n_jobs ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  iterate_a_little ();
  g_assert_cmpuint (n_jobs (), ==, before);

  /* Vikit's rows: test mode on by default, its catalogue, no IACrea rows. */
  g_assert_true (gtk_switch_get_active (option_child (fixture, "test_mode_switch")));
  g_assert_true (gtk_widget_get_visible (option_child (fixture, "test_mode_row")));
  g_assert_true (gtk_widget_get_visible (option_child (fixture, "email_row")));
  g_assert_true (gtk_widget_get_visible (option_child (fixture, "outro_row")));
  g_assert_false (gtk_widget_get_visible (option_child (fixture, "description_row")));
  g_assert_false (gtk_widget_get_visible (option_child (fixture, "colors_row")));
  g_assert_false (gtk_widget_get_visible (music_row));
  {
    GtkStringList *choices = option_child (fixture, "music_choices");
    guint n_tracks = 0;
    const VitrineVikitTrack *tracks = vitrine_provider_vikit_get_tracks (&n_tracks);

    /* none, six tracks, a link, a file */
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (choices)), ==, n_tracks + 3);
    for (guint i = 0; i < n_tracks; i++)
      g_assert_cmpstr (gtk_string_list_get_string (choices, i + 1), ==, tracks[i].name);
  }

  /* Landscape: a job with the options on it, a free preview. */
  g_settings_set_string (fixture->settings, "ratio", "16:9");
  iterate_a_little ();
  g_assert_false (gtk_widget_get_visible (option_child (fixture, "ratio_warning")));
  gtk_editable_set_text (option_child (fixture, "email_row"), "agent@example.com");
  before = n_jobs ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  iterate_a_little ();
  g_assert_cmpuint (n_jobs (), ==, before + 1);
  {
    VitrineJob *job = newest_job ();
    guint n_tracks = 0;
    const VitrineVikitTrack *tracks = vitrine_provider_vikit_get_tracks (&n_tracks);

    g_assert_cmpstr (vitrine_job_get_provider_id (job), ==, "vikit");
    g_assert_true (vitrine_job_get_test_mode (job));
    g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_NOTIFY_EMAIL), ==,
                     "agent@example.com");
    /* the dashboard's default track, as a URL */
    g_assert_cmpstr (vitrine_job_get_music (job), ==, tracks[0].url);
  }

  /* Nothing was played: music is fetched only on Play. */
  g_assert_false (gtk_widget_get_visible (option_child (fixture, "music_url_row")));

  /* Vikit times its video itself: no seconds per photo asked, no length
   * summed up from them (both were, and Vikit read neither). */
  g_assert_false (gtk_widget_get_visible (child_of (fixture->window, VITRINE_TYPE_WINDOW, "seconds_row")));
  g_assert_null (strstr (gtk_label_get_label (child_of (fixture->window, VITRINE_TYPE_WINDOW,
                                                        "summary_label")), "about"));

  g_settings_set_string (fixture->settings, "provider", "local");
  iterate_a_little ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (options)));
  g_assert_true (gtk_widget_get_sensitive (square));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (square), !=, "Vikit cannot make square videos");
  g_assert_true (gtk_widget_get_visible (child_of (fixture->window, VITRINE_TYPE_WINDOW, "seconds_row")));
  g_assert_nonnull (strstr (gtk_label_get_label (child_of (fixture->window, VITRINE_TYPE_WINDOW,
                                                           "summary_label")), "about"));

  /* The length summed up counts the agent's end card (5 s): "3 photos,
   * about 14 seconds" for a 14 s video (it said 9). */
  {
    GtkLabel *summary = child_of (fixture->window, VITRINE_TYPE_WINDOW, "summary_label");
    guint n_photos = 0;
    g_autofree char *want = NULL;

    GtkEditable *address = child_of (child_of (fixture->window, VITRINE_TYPE_WINDOW, "listing_group"),
                                     VITRINE_TYPE_LISTING_GROUP, "address_row");

    gtk_spin_button_set_value (child_of (fixture->window, VITRINE_TYPE_WINDOW, "seconds_spin"), 3);
    iterate_a_little ();
    g_assert_cmpint (sscanf (gtk_label_get_label (summary), "%u", &n_photos), ==, 1);
    want = g_strdup_printf ("about %u seconds", n_photos * 3);
    g_test_message ("summary: %s", gtk_label_get_label (summary));
    g_assert_nonnull (strstr (gtk_label_get_label (summary), want));

    /* An address typed in, no agent: the video ends on the property card,
     * and the summary follows as it is typed (it waited for the next
     * change of photos or seconds). */
    gtk_editable_set_text (address, "5 Elm St");
    g_free (want);
    want = g_strdup_printf ("about %u seconds", n_photos * 3 + 5);
    g_test_message ("summary: %s", gtk_label_get_label (summary));
    g_assert_nonnull (strstr (gtk_label_get_label (summary), want));
    gtk_editable_set_text (address, "");
    g_assert_null (strstr (gtk_label_get_label (summary), want));

    g_settings_set_string (fixture->settings, "agent-name", "Ana Agent");
    iterate_a_little ();
    g_test_message ("summary: %s", gtk_label_get_label (summary));
    g_assert_nonnull (strstr (gtk_label_get_label (summary), want));
  }
}

static void
test_options_iacrea (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkTextView *view;
  GtkWidget *frame;
  GtkWidget *message;
  guint before;

  g_settings_set_string (fixture->settings, "provider", "iacrea");
  iterate_a_little ();
  g_assert_true (gtk_widget_get_visible (option_child (fixture, "description_row")));
  g_assert_true (gtk_widget_get_visible (option_child (fixture, "colors_row")));
  g_assert_false (gtk_widget_get_visible (option_child (fixture, "test_mode_row")));
  g_assert_false (gtk_widget_get_visible (option_child (fixture, "outro_row")));
  add_photos (fixture, 1);

  /* Too short: highlighted, said, and no job. */
  view = option_child (fixture, "description_view");
  frame = option_child (fixture, "description_frame");
  message = option_child (fixture, "description_message");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "Nice flat", -1);
  before = n_jobs ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  iterate_a_little ();
  g_assert_cmpuint (n_jobs (), ==, before);
  g_assert_true (gtk_widget_has_css_class (frame, "error"));
  g_assert_true (gtk_widget_has_css_class (message, "error"));
  /* The focus widget of its window: whether that window has the X input
   * focus depends on the other tests' windows on the same display. */
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (view)));
  g_test_message ("said: %s", gtk_label_get_label (GTK_LABEL (message)));

  /* Long enough: the highlight goes as the agent types. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view),
                            "Bright apartment with a terrace, near downtown.", -1);
  g_assert_false (gtk_widget_has_css_class (frame, "error"));

  /* Its options on the job; a paid provider asks first (Cancel here). */
  adw_expander_row_set_enable_expansion (option_child (fixture, "colors_row"), TRUE);
  gtk_editable_set_text (option_child (fixture, "font_row"), "Inter");
  {
    VitrineProviderOptions *options = options_of (fixture);
    g_autoptr(VitrineJob) job = vitrine_job_new ("iacrea");

    vitrine_job_set_music (job, "/some/local/music.ogg");
    g_assert_true (vitrine_provider_options_apply (options, job));
    g_assert_cmpstr (vitrine_job_get_description (job), ==,
                     "Bright apartment with a terrace, near downtown.");
    g_assert_cmpstr (vitrine_job_get_option (job, "colors"), ==, "#1a1a2e,#ffffff");
    g_assert_cmpstr (vitrine_job_get_option (job, "font"), ==, "Inter");
    /* IACrea takes no music file: the window's music is not sent. */
    g_assert_null (vitrine_job_get_music (job));
    g_assert_false (vitrine_job_get_test_mode (job));
  }
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a label under @widget (a toast's too) shows @text in its own. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static GtkWindow *
find_confirm (guint *n_found)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  *n_found = 0;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (VITRINE_IS_CONFIRM (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          (*n_found)++;
          found = GTK_WINDOW (window);
        }
    }
  return found;
}

/* Create is refused before any price is asked: no question, no job, and
 * @text said (after the toast before it, which has its time on screen). */
static void
assert_refused_before_price (Fixture    *fixture,
                             guint       n_before,
                             const char *text)
{
  guint n_dialogs;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  for (guint i = 0; i < 150 && !shows_label (GTK_WIDGET (fixture->window), text); i++)
    iterate_a_little ();
  find_confirm (&n_dialogs);
  g_assert_cmpuint (n_dialogs, ==, 0);
  g_assert_cmpuint (n_jobs (), ==, n_before);
  g_assert_true (shows_label (GTK_WIDGET (fixture->window), text));
}

static gboolean
no_confirm (gpointer data)
{
  guint n;

  find_confirm (&n);
  return n == 0;
}

static void
answer (GtkWindow  *dialog,
        const char *response)
{
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), response));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (dialog);
  g_assert_true (wait_for (no_confirm, NULL, 10));
}

static gboolean
job_finished (gpointer job)
{
  return vitrine_job_is_finished (job);
}

static gboolean
preferences_on_vikit_key (gpointer data)
{
  VitrinePreferencesWindow *window = vitrine_preferences_window_ensure (GTK_APPLICATION (app));
  VitrineProviderPage *page = vitrine_preferences_window_get_provider_page (window, "vikit");
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return gtk_widget_get_mapped (GTK_WIDGET (window)) &&
         g_strcmp0 (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (window)),
                    "vikit") == 0 &&
         focus != NULL &&
         (focus == GTK_WIDGET (vitrine_provider_page_get_key_row (page)) ||
          gtk_widget_is_ancestor (focus, GTK_WIDGET (vitrine_provider_page_get_key_row (page))));
}

static void
test_money (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWindow *dialog;
  const char *body;
  guint n_dialogs, before;
  VitrineJob *job;

  /* No key: said before any price is asked (the job was paid for, then
   * failed for it), with Preferences a click away; no job. */
  store_secret ("vikit", NULL);
  g_unsetenv ("VITRINE_VIKIT_API_KEY");
  iterate_a_little ();

  g_settings_set_boolean (fixture->settings, "vikit-test-mode", FALSE);
  g_settings_set_string (fixture->settings, "provider", "vikit");
  iterate_a_little ();
  g_assert_false (gtk_switch_get_active (option_child (fixture, "test_mode_switch")));
  add_photos (fixture, 2);
  before = n_jobs ();
  assert_refused_before_price (fixture, before, "Add your Vikit API key in Preferences.");
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (fixture->window),
                                                              "win.create")));
  /* Photos on this computer and no media host: the same. */
  g_setenv ("VITRINE_VIKIT_API_KEY", "made-up-vikit-key", TRUE);
  g_unsetenv ("VITRINE_S3_ENDPOINT");
  assert_refused_before_price (fixture, before, "The media host is not set up");
  g_setenv ("VITRINE_S3_ENDPOINT", "http://127.0.0.1:9", TRUE);

  /* Two quick Creates: one question. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL);
  iterate_a_little ();
  dialog = find_confirm (&n_dialogs);
  g_assert_cmpuint (n_dialogs, ==, 1);
  g_assert_false (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (fixture->window),
                                                               "win.create")));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("asked: %s — %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), body);
  g_assert_nonnull (strstr (body, "1.00"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog),
                                                          VITRINE_CONFIRM_RESPONSE_PAY),
                   ==, "_Pay and Create");
  /* Return and Escape never pay. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   VITRINE_CONFIRM_RESPONSE_CANCEL);

  /* Cancel: no job, and Create works again. */
  answer (dialog, VITRINE_CONFIRM_RESPONSE_CANCEL);
  iterate_a_little ();
  g_assert_cmpuint (n_jobs (), ==, before);
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (fixture->window),
                                                              "win.create")));

  /* Again, twice quickly, and pay: exactly one job. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL);
  iterate_a_little ();
  dialog = find_confirm (&n_dialogs);
  g_assert_cmpuint (n_dialogs, ==, 1);
  answer (dialog, VITRINE_CONFIRM_RESPONSE_PAY);
  /* The key gone meanwhile (or refused by the provider): */
  g_unsetenv ("VITRINE_VIKIT_API_KEY");
  iterate_a_little ();
  g_assert_cmpuint (n_jobs (), ==, before + 1);
  job = newest_job ();
  g_assert_false (vitrine_job_get_test_mode (job));

  /* Without a key it ends at once, "auth": a toast opens Preferences on the key. */
  g_assert_true (wait_for (job_finished, job, 30));
  g_test_message ("ended: %s", vitrine_job_get_error_message (job));
  g_assert_cmpint (vitrine_job_get_state (job), ==, VITRINE_JOB_STATE_FAILED);
  g_assert_cmpstr (vitrine_job_get_option (job, VITRINE_JOB_OPTION_ERROR_KIND), ==, "auth");
  {
    g_autoptr(AdwToast) toast = vitrine_confirm_new_job_toast (job);
    GVariant *target;

    g_assert_nonnull (toast);
    g_assert_cmpstr (adw_toast_get_action_name (toast), ==, VITRINE_PREFERENCES_ACTION_PROVIDER_KEY);
    target = adw_toast_get_action_target_value (toast);
    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "vikit");
    g_assert_nonnull (adw_toast_get_button_label (toast));
  }
  g_assert_cmpuint (n_jobs (), ==, before + 1);

  g_action_group_activate_action (G_ACTION_GROUP (app), "provider-key", g_variant_new_string ("vikit"));
  g_assert_true (wait_for (preferences_on_vikit_key, NULL, 10));
  close_window (vitrine_preferences_window_ensure (GTK_APPLICATION (app)));

  /* Test mode on: no question, a free preview (with a key: the free
   * preview was announced, then the job failed for the key). */
  g_setenv ("VITRINE_VIKIT_API_KEY", "made-up-vikit-key", TRUE);
  gtk_switch_set_active (option_child (fixture, "test_mode_switch"), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  iterate_a_little ();
  find_confirm (&n_dialogs);
  g_assert_cmpuint (n_dialogs, ==, 0);
  g_assert_cmpuint (n_jobs (), ==, before + 2);
  g_assert_true (vitrine_job_get_test_mode (newest_job ()));
}

/* Issue 12: Compare makes one job per chosen provider, in one group, and
 * asks once for all the paid ones, each on a line with their total. */
static void
test_compare (Fixture       *fixture,
              gconstpointer  data)
{
  const char * const names[] = { "This computer", "Vikit", "AIXpose" };
  const char * const ids[] = { "local", "vikit", "aixpose" };
  AdwExpanderRow *compare = child_of (fixture->window, VITRINE_TYPE_WINDOW, "compare_row");
  GtkWindow *dialog;
  const char *body;
  guint n_dialogs, before;
  const char *group;

  g_settings_set_boolean (fixture->settings, "vikit-test-mode", FALSE);
  add_photos (fixture, 2);
  before = n_jobs ();

  /* Every provider of the registry has its row. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_nonnull (vitrine_test_find_row_check (GTK_WIDGET (compare), names[i]));

  /* One provider alone is no comparison. */
  adw_expander_row_set_enable_expansion (compare, TRUE);
  gtk_check_button_set_active (vitrine_test_find_row_check (GTK_WIDGET (compare), names[1]), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  iterate_a_little ();
  find_confirm (&n_dialogs);
  g_assert_cmpuint (n_dialogs, ==, 0);
  g_assert_cmpuint (n_jobs (), ==, before);

  /* Three, two of them paid: two quick Creates, one question. But first,
   * one of them without its key: said before the question, no job. */
  gtk_check_button_set_active (vitrine_test_find_row_check (GTK_WIDGET (compare), names[0]), TRUE);
  gtk_check_button_set_active (vitrine_test_find_row_check (GTK_WIDGET (compare), names[2]), TRUE);
  g_unsetenv ("VITRINE_AIXPOSE_API_KEY");
  store_secret ("aixpose", NULL);
  assert_refused_before_price (fixture, before, "Add your AIXpose API key in Preferences.");
  g_setenv ("VITRINE_AIXPOSE_API_KEY", "made-up-aixpose-key", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL);
  iterate_a_little ();
  dialog = find_confirm (&n_dialogs);
  g_assert_cmpuint (n_dialogs, ==, 1);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("asked: %s — %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), body);
  g_assert_nonnull (strstr (body, "\n• Vikit: 1.00 € (2 photos × 0.50 €)"));
  g_assert_nonnull (strstr (body, "\n• AIXpose: AIXpose credits"));
  g_assert_nonnull (strstr (body, "Total: 1.00 € + AIXpose credits"));
  g_assert_null (strstr (body, "This computer"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   VITRINE_CONFIRM_RESPONSE_CANCEL);
  answer (dialog, VITRINE_CONFIRM_RESPONSE_CANCEL);
  iterate_a_little ();
  g_assert_cmpuint (n_jobs (), ==, before);

  /* Pay: the three jobs, in one group. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  iterate_a_little ();
  dialog = find_confirm (&n_dialogs);
  g_assert_cmpuint (n_dialogs, ==, 1);
  answer (dialog, VITRINE_CONFIRM_RESPONSE_PAY);
  iterate_a_little ();
  g_assert_cmpuint (n_jobs (), ==, before + 3);
  group = vitrine_job_get_group (newest_job ());
  g_assert_nonnull (group);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(VitrineJob) job = g_list_model_get_item (G_LIST_MODEL (vitrine_application_get_store (app)),
                                                         G_N_ELEMENTS (ids) - 1 - i);

      g_assert_cmpstr (vitrine_job_get_provider_id (job), ==, ids[i]);
      g_assert_cmpstr (vitrine_job_get_group (job), ==, group);
      g_assert_cmpuint (vitrine_job_get_n_photos (job), ==, 2);
    }

  /* Switched off: Create makes the chosen provider's job alone again. */
  adw_expander_row_set_enable_expansion (compare, FALSE);
  g_settings_set_string (fixture->settings, "provider", "local");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  iterate_a_little ();
  g_assert_cmpuint (n_jobs (), ==, before + 4);
  g_assert_null (vitrine_job_get_group (newest_job ()));
}

static void
test_job_toasts (void)
{
  g_autoptr(VitrineJob) credits = vitrine_job_new ("vikit");
  g_autoptr(VitrineJob) insecure = vitrine_job_new ("vikit");
  g_autoptr(VitrineJob) used = vitrine_job_new ("iacrea");
  g_autoptr(VitrineJob) plain = vitrine_job_new ("vikit");
  g_autoptr(AdwToast) toast = NULL;

  /* Out of credits, with an https page to buy more. */
  vitrine_job_set_option (credits, VITRINE_JOB_OPTION_ERROR_KIND, "credits");
  vitrine_job_set_option (credits, VITRINE_JOB_OPTION_TOP_UP_URL, "https://vikit.example/top-up");
  vitrine_job_fail (credits, "Not enough Vikit credits: 1 left. This video needs 2 credits. "
                             "No video was started and nothing was charged.");
  toast = (vitrine_confirm_new_job_toast (credits));
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Not enough Vikit credits: 1 left");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "app.buy-credits");
  g_assert_cmpstr (g_variant_get_string (adw_toast_get_action_target_value (toast), NULL), ==,
                   "https://vikit.example/top-up");
  g_clear_object (&toast);

  /* Only an https page gets a button. */
  vitrine_job_set_option (insecure, VITRINE_JOB_OPTION_ERROR_KIND, "credits");
  vitrine_job_set_option (insecure, VITRINE_JOB_OPTION_TOP_UP_URL, "http://vikit.example/top-up");
  vitrine_job_fail (insecure, "Not enough Vikit credits: 0 left. Nothing was charged.");
  toast = (vitrine_confirm_new_job_toast (insecure));
  g_assert_null (adw_toast_get_action_name (toast));
  g_assert_null (adw_toast_get_button_label (toast));
  g_clear_object (&toast);

  /* IACrea's credits, after the video. */
  vitrine_job_set_name (used, "12 rue Exemple");
  vitrine_job_set_option (used, VITRINE_JOB_OPTION_CREDITS_USED, "5");
  vitrine_job_set_option (used, VITRINE_JOB_OPTION_CREDITS_LEFT, "95");
  vitrine_job_set_state (used, VITRINE_JOB_STATE_COMPLETED);
  toast = (vitrine_confirm_new_job_toast (used));
  g_test_message ("%s", adw_toast_get_title (toast));
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "5 credits"));
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "95"));
  g_clear_object (&toast);

  /* Anything else: the window's usual words. */
  vitrine_job_fail (plain, "The network is down");
  g_assert_null (vitrine_confirm_new_job_toast (plain));
}

/* The crop on the photo cells ------------------------------------------------ */

static VitrineCropOverlay *
find_overlay (GtkWidget *widget)
{
  if (VITRINE_IS_CROP_OVERLAY (widget) && gtk_widget_get_mapped (widget))
    return VITRINE_CROP_OVERLAY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      VitrineCropOverlay *found = find_overlay (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
overlay_shown (gpointer data)
{
  Fixture *fixture = data;
  VitrineCropOverlay *overlay = find_overlay (GTK_WIDGET (fixture->grid));
  graphene_rect_t kept;

  return overlay != NULL && vitrine_crop_overlay_get_kept_area (overlay, &kept, NULL);
}

static void
test_crop (Fixture       *fixture,
           gconstpointer  data)
{
  VitrineCropOverlay *overlay;
  VitrinePhoto *photo;
  graphene_rect_t kept, whole;
  double x, y;
  VitrineJob *job;

  add_photos (fixture, 1);
  /* This computer: no crop shown. */
  g_assert_cmpstr (vitrine_photo_grid_get_crop (fixture->grid), ==, "none");
  g_assert_null (find_overlay (GTK_WIDGET (fixture->grid)));

  /* Vikit's photos are cropped to the ratio by Vitrine: each cell shows it. */
  g_settings_set_string (fixture->settings, "provider", "vikit");
  g_settings_set_string (fixture->settings, "ratio", "16:9");
  g_assert_true (wait_for (overlay_shown, fixture, 10));
  g_assert_cmpstr (vitrine_photo_grid_get_crop (fixture->grid), ==, "16:9");
  overlay = find_overlay (GTK_WIDGET (fixture->grid));
  photo = vitrine_crop_overlay_get_photo (overlay);
  g_assert_true (vitrine_crop_overlay_get_kept_area (overlay, &kept, &whole));
  /* 640x480 at 16:9: the whole width, part of the height */
  g_assert_cmpfloat_with_epsilon (kept.size.width, whole.size.width, 1.0);
  g_assert_cmpfloat (kept.size.height, <, whole.size.height - 1);
  g_assert_cmpfloat_with_epsilon (kept.size.width / kept.size.height, 16.0 / 9.0, 0.05);

  /* Moved down by a drag (the same arithmetic), then up by a key. */
  vitrine_crop_overlay_shift (overlay, 0, 1000);
  vitrine_photo_get_crop_offset (photo, &x, &y);
  g_assert_cmpfloat (y, ==, 1.0);
  g_assert_cmpfloat (x, ==, 0.5);
  gtk_widget_grab_focus (GTK_WIDGET (overlay));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (overlay)));
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (overlay));
    gboolean handled = FALSE;

    /* Up, as the focused thumbnail receives it */
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Up, 0, 0, &handled);
      }
    g_assert_true (handled);
  }
  vitrine_photo_get_crop_offset (photo, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, 0.95, 0.001);

  /* The job gets the agent's crop. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create", NULL));
  iterate_a_little ();
  job = newest_job ();
  g_assert_cmpstr (vitrine_job_get_provider_id (job), ==, "vikit");
  {
    double jx, jy;

    vitrine_photo_prep_get_crop_offset (job, 0, &jx, &jy);
    g_assert_cmpfloat_with_epsilon (jx, 0.5, 0.001);
    g_assert_cmpfloat_with_epsilon (jy, 0.95, 0.001);
  }

  /* IACrea frames photos itself: no crop shown. */
  g_settings_set_string (fixture->settings, "provider", "iacrea");
  iterate_a_little ();
  g_assert_cmpstr (vitrine_photo_grid_get_crop (fixture->grid), ==, "none");
}


/* The pages made from the providers' declarations ---------------------------- */

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
test_answered (gpointer page)
{
  return vitrine_provider_page_get_test_result (page) != NULL;
}

static void
test_provider_pages (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *video = g_build_filename (dir, "video.mp4", NULL);
  VitrineFakeVidgen *vidgen = vitrine_fake_vidgen_new (video);
  g_autofree char *url = g_strdup (vitrine_fake_server_get_url (vidgen->server));
  VitrinePreferencesWindow *window;
  VitrineProviderPage *page;
  GtkWidget *widget;
  const char *ids[] = { "vikit", "iacrea", "aixpose", "vidgen" };

  reset_settings ();
  window = open_preferences ();
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_nonnull (vitrine_preferences_window_get_provider_page (window, ids[i]));

  /* The videos' folder reads as the preview shows it, "~/…" */
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (child_of (window, VITRINE_TYPE_PREFERENCES_WINDOW,
                                                                          "output_folder_row")), "~/"));

  /* Each provider's own settings, bound. */
  page = vitrine_preferences_window_get_provider_page (window, "vikit");
  widget = find_named (GTK_WIDGET (page), "vikit-test-mode");
  g_assert_true (GTK_IS_SWITCH (widget));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (widget)));
  g_settings_set_boolean (settings, "vikit-test-mode", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (widget)));
  g_assert_null (find_named (GTK_WIDGET (page), "iacrea-timeout-minutes"));
  page = vitrine_preferences_window_get_provider_page (window, "iacrea");
  widget = find_named (GTK_WIDGET (page), "iacrea-timeout-minutes");
  g_assert_true (GTK_IS_SPIN_BUTTON (widget));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), 45);
  g_assert_cmpint (g_settings_get_int (settings, "iacrea-timeout-minutes"), ==, 45);

  /* Test only where there is a health or balance call. */
  g_assert_false (gtk_widget_get_visible (child_of (page, VITRINE_TYPE_PROVIDER_PAGE, "test_group")));
  page = vitrine_preferences_window_get_provider_page (window, "aixpose");
  g_assert_true (gtk_widget_get_visible (child_of (page, VITRINE_TYPE_PROVIDER_PAGE, "test_group")));

  /* VidGen's health check: the address typed is saved, then asked. */
  page = vitrine_preferences_window_get_provider_page (window, "vidgen");
  g_assert_true (gtk_widget_get_visible (child_of (page, VITRINE_TYPE_PROVIDER_PAGE, "test_group")));
  gtk_editable_set_text (GTK_EDITABLE (vitrine_provider_page_get_endpoint_row (page)), url);
  vitrine_provider_page_test (page);
  g_assert_true (wait_for (test_answered, page, 30));
  g_test_message ("answered: %s", vitrine_provider_page_get_test_result (page));
  g_assert_nonnull (strstr (vitrine_provider_page_get_test_result (page), "answers"));
  {
    g_autofree char *saved = g_settings_get_string (settings, "vidgen-url");

    g_assert_cmpstr (saved, ==, url);
  }

  /* Nobody there any more: said, in red. */
  vitrine_fake_free (vidgen);
  vitrine_provider_page_test (page);
  g_assert_true (wait_for (test_answered, page, 30));
  g_test_message ("answered: %s", vitrine_provider_page_get_test_result (page));
  g_assert_null (strstr (vitrine_provider_page_get_test_result (page), "answers"));
  g_assert_true (gtk_widget_has_css_class (child_of (page, VITRINE_TYPE_PROVIDER_PAGE, "test_result"),
                                           "error"));

  close_window (window);
  reset_settings ();
  vitrine_test_rmtree (dir);
}

/* What the declarations add to the window ------------------------------------- */

static gboolean
balance_known (gpointer options)
{
  return vitrine_provider_options_get_balance (options) != NULL;
}

static gboolean
catalogue_filled (gpointer options)
{
  return find_named (vitrine_provider_options_get_part (options, "enhance_row"),
                     "exterior-sky-blue") != NULL;
}

static void
test_options_aixpose (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *video = g_build_filename (fixture->dir, "video.mp4", NULL);
  VitrineFakeAixpose *fake = vitrine_fake_aixpose_new (video);
  VitrineProviderOptions *options = options_of (fixture);
  AdwActionRow *provider_row = child_of (fixture->window, VITRINE_TYPE_WINDOW, "provider_row");
  g_autoptr(VitrineJob) job = vitrine_job_new ("aixpose");
  GtkWidget *check;

  vitrine_test_remote_set_env ("aixpose", vitrine_fake_server_get_url (fake->server),
                               VITRINE_FAKE_AIXPOSE_KEY);
  g_settings_set_string (fixture->settings, "provider", "aixpose");

  /* Its balance on the provider row, its catalogue as choices. */
  g_assert_true (wait_for (balance_known, options, 30));
  g_assert_cmpstr (vitrine_provider_options_get_balance (options), ==, "120 credits left");
  g_assert_cmpstr (adw_action_row_get_subtitle (provider_row), ==, "120 credits left");
  g_assert_true (wait_for (catalogue_filled, options, 30));
  g_assert_true (gtk_widget_get_visible (option_child (fixture, "enhance_row")));
  g_assert_false (gtk_widget_get_visible (option_child (fixture, "email_row")));
  check = find_named (option_child (fixture, "enhance_row"), "interior-style-japandi");
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  /* shown by its name in the catalogue, with the id the CLI takes under it */
  {
    GtkWidget *row = gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Japandi");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "interior-style-japandi");
  }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (vitrine_provider_options_apply (options, job));
  g_assert_cmpstr (vitrine_job_get_option (job, "enhance"), ==, "interior-style-japandi");

  /* Another provider: no balance said. */
  g_settings_set_string (fixture->settings, "provider", "vikit");
  iterate_a_little ();
  g_assert_null (vitrine_provider_options_get_balance (options));
  vitrine_fake_free (fake);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_options_vidgen (Fixture       *fixture,
                     gconstpointer  data)
{
  VitrineProviderOptions *options = options_of (fixture);
  g_autoptr(VitrineJob) first = vitrine_job_new ("vidgen");
  g_autoptr(VitrineJob) chosen = vitrine_job_new ("vidgen");

  g_settings_set_string (fixture->settings, "provider", "vidgen");
  iterate_a_little ();
  add_photos (fixture, 3);

  /* Its music is a file, nothing else: none, or a file. */
  g_assert_cmpuint (g_list_model_get_n_items (option_child (fixture, "music_choices")), ==, 2);
  g_assert_true (gtk_widget_get_visible (option_child (fixture, "cover_row")));

  /* The cover: the first photo, unless one is picked in the grid. */
  g_assert_true (vitrine_provider_options_apply (options, first));
  g_assert_cmpstr (vitrine_job_get_option (first, "cover"), ==, "0");
  vitrine_photo_grid_select (fixture->grid, 2);
  g_signal_emit_by_name (option_child (fixture, "cover_button"), "clicked");
  g_assert_true (vitrine_provider_options_apply (options, chosen));
  g_assert_cmpstr (vitrine_job_get_option (chosen, "cover"), ==, "2");

  /* Or with a photo's own Use as Cover (its menu in the grid). */
  {
    g_autoptr(VitrinePhoto) second = g_list_model_get_item (vitrine_photo_grid_get_photos (fixture->grid), 1);
    g_autoptr(VitrineJob) picked = vitrine_job_new ("vidgen");

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->grid), "photos.use-as-cover", "s",
                                               vitrine_photo_get_path (second)));
    g_assert_cmpuint (vitrine_photo_grid_get_selected (fixture->grid), ==, 1);
    g_assert_true (vitrine_provider_options_apply (options, picked));
    g_assert_cmpstr (vitrine_job_get_option (picked, "cover"), ==, "1");
  }

  /* IACrea's music is its own identifier, typed. */
  g_settings_set_string (fixture->settings, "provider", "iacrea");
  iterate_a_little ();
  /* It takes no cover: a photo does not offer Use as Cover. */
  {
    g_autoptr(VitrinePhoto) first_photo = g_list_model_get_item (vitrine_photo_grid_get_photos (fixture->grid), 0);
    guint chosen_count = 0;
    gulong id = g_signal_connect_swapped (fixture->grid, "cover-chosen", G_CALLBACK (count_cb),
                                          &chosen_count);

    gtk_widget_activate_action (GTK_WIDGET (fixture->grid), "photos.use-as-cover", "s",
                                vitrine_photo_get_path (first_photo));
    g_assert_cmpuint (chosen_count, ==, 0);
    g_signal_handler_disconnect (fixture->grid, id);
  }
  g_assert_true (gtk_widget_get_visible (option_child (fixture, "music_id_row")));
  g_assert_false (gtk_widget_get_visible (option_child (fixture, "music_row")));

  /* Its rows in the order it declares them: the description first, the
   * logo (a row Vikit declared earlier) after its own. */
  {
    GtkWidget *row = option_child (fixture, "description_row");
    GtkWidget *logo = option_child (fixture, "logo_row");

    g_assert_true (gtk_widget_get_parent (row) == gtk_widget_get_parent (logo));
    while (row != NULL && row != logo)
      row = gtk_widget_get_next_sibling (row);
    g_assert_true (row == logo);
  }
}

/* The program ------------------------------------------------------------------ */

/* A notification server on the private bus: jobs that end while no window
 * has the focus are announced, and GIO warns when nobody listens. */
static int
run_tests (int    argc,
           char **argv)
{
  int status;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = vitrine_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  vitrine_test_start_notification_server (g_application_get_dbus_connection (G_APPLICATION (app)),
                                          NULL);
  /* A registered application that is not run: keep it from quitting. */
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ui/preferences/key-row-keyring", test_key_row_keyring);
  g_test_add_func ("/ui/preferences/endpoint-row", test_endpoint_row);
  g_test_add_func ("/ui/preferences/media-host-test", test_media_host);
  g_test_add_func ("/ui/preferences/job-toasts", test_job_toasts);
  g_test_add ("/ui/preferences/options-vikit", Fixture, NULL,
              fixture_set_up, test_options_vikit, fixture_tear_down);
  g_test_add ("/ui/preferences/options-iacrea", Fixture, NULL,
              fixture_set_up, test_options_iacrea, fixture_tear_down);
  g_test_add ("/ui/preferences/money", Fixture, NULL,
              fixture_set_up, test_money, fixture_tear_down);
  g_test_add ("/ui/preferences/compare", Fixture, NULL,
              fixture_set_up, test_compare, fixture_tear_down);
  g_test_add ("/ui/preferences/crop", Fixture, NULL,
              fixture_set_up, test_crop, fixture_tear_down);
  g_test_add_func ("/ui/preferences/provider-pages", test_provider_pages);
  g_test_add ("/ui/preferences/options-aixpose", Fixture, NULL,
              fixture_set_up, test_options_aixpose, fixture_tear_down);
  g_test_add ("/ui/preferences/options-vidgen", Fixture, NULL,
              fixture_set_up, test_options_vidgen, fixture_tear_down);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}

/* The parent: the same program again, under its own bus and keyring. */
static int
run_in_private_session (int    argc,
                        char **argv)
{
  const char *script = "printf test | gnome-keyring-daemon --unlock --components=secrets "
                       ">/dev/null && exec \"$0\" \"$@\"";
  const char *folders[][2] = {
    { "HOME", "home" }, { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_RUNTIME_DIR", "run" },
  };
  const char *unset[] = {
    "DBUS_SESSION_BUS_ADDRESS", "VITRINE_VIKIT_API_KEY", "VITRINE_IACREA_API_KEY",
    "VITRINE_AIXPOSE_API_KEY", "VITRINE_VIDGEN_API_KEY", "VITRINE_VIKIT_URL", "VITRINE_IACREA_URL",
    "VITRINE_AIXPOSE_URL", "VITRINE_VIDGEN_URL", "VITRINE_S3_ENDPOINT", "VITRINE_S3_REGION",
    "VITRINE_S3_BUCKET", "VITRINE_S3_ACCESS_KEY", "VITRINE_S3_SECRET_KEY", "VITRINE_S3_PATH_STYLE",
    "VITRINE_S3_URL_HOURS", "VITRINE_S3_KEEP_DAYS", "G_MESSAGES_DEBUG",
  };
  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  g_autofree char *keyring = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *npm_cache = g_build_filename (g_get_home_dir (), ".npm", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  if (dbus == NULL || keyring == NULL || self_path == NULL)
    {
      /* TAP: a plan with nothing to run. */
      g_print ("1..0 # SKIP dbus-run-session or gnome-keyring-daemon is missing\n");
      return 0;
    }

  work_dir = vitrine_test_make_tmpdir ();
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (work_dir, folders[i][1], NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_subprocess_launcher_setenv (launcher, folders[i][0], path, TRUE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);
  g_subprocess_launcher_setenv (launcher, "VITRINE_TEST_PREFERENCES_CHILD", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  /* the S3 peer's npm, if it has to install, reuses the usual cache */
  g_subprocess_launcher_setenv (launcher, "npm_config_cache", npm_cache, FALSE);

  g_ptr_array_add (args, dbus);
  g_ptr_array_add (args, (char *) "--");
  g_ptr_array_add (args, (char *) "sh");
  g_ptr_array_add (args, (char *) "-c");
  g_ptr_array_add (args, (char *) script);
  g_ptr_array_add (args, self_path);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);

  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_if_exited (child) ? g_subprocess_get_exit_status (child) : 1;

  vitrine_test_rmtree (work_dir);
  g_clear_pointer (&work_dir, g_free);
  return status;
}

int
main (int    argc,
      char **argv)
{
  if (g_getenv ("VITRINE_TEST_PREFERENCES_CHILD") != NULL)
    return run_tests (argc, argv);
  return run_in_private_session (argc, argv);
}
