/* test-provider-secrets.c: API keys stay in the keyring
 *
 * The test is its own child. The parent starts it under a private D-Bus
 * session with a real gnome-keyring-daemon, unlocked with a throwaway
 * password (PLATFORM.md, "Keyring in tests"), with a fresh HOME and XDG
 * folders, settings in a keyfile (the memory backend writes nothing to
 * look at) and G_MESSAGES_DEBUG=all. The child puts a Vikit and an IACrea
 * key in the keyring, points both providers at their fakes through
 * GSettings, and runs a job on each (one of them refused, so that errors are
 * logged too). The parent then reads everything the child wrote: the job
 * store (with its WAL), the settings file, the log: the keys are nowhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "vitrine-config.h"
#include "vitrine-fake-iacrea.h"
#include "vitrine-fake-vikit.h"
#include "vitrine-provider-iacrea.h"
#include "vitrine-secrets.h"
#include "vitrine-test-photos.h"
#include "vitrine-test-remote.h"

#define VIKIT_KEY  VITRINE_TEST_VIKIT_KEY
#define IACREA_KEY VITRINE_TEST_IACREA_KEY

/* The child ------------------------------------------------------------------- */

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vitrine_secrets_store_finish (result, &error));
  g_assert_no_error (error);
  (*(guint *) user_data)--;
}

static void
store_keys (void)
{
  guint pending = 2;

  vitrine_secrets_store_async ("vikit", VIKIT_KEY, NULL, stored_cb, &pending);
  vitrine_secrets_store_async ("iacrea", IACREA_KEY, NULL, stored_cb, &pending);
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static int
run_child (void)
{
  GSettings *settings = vitrine_config_get_settings ();
  VitrineFakeVikit *vikit;
  VitrineFakeIacrea *iacrea;
  g_autoptr(VitrineJob) paid = NULL;
  g_autoptr(VitrineJob) refused = NULL;
  g_autoptr(VitrineJob) described = NULL;
  VitrineTestRemote t;

  g_assert_nonnull (settings);
  vitrine_test_remote_setup (&t, 2);
  g_clear_object (&t.store);
  t.store = vitrine_job_store_new_default ();
  vikit = t.vikit;
  iacrea = t.iacrea;

  /* Keys from the keyring only, addresses from the settings only. */
  store_keys ();
  g_unsetenv ("VITRINE_VIKIT_API_KEY");
  g_unsetenv ("VITRINE_IACREA_API_KEY");
  g_unsetenv ("VITRINE_VIKIT_URL");
  g_unsetenv ("VITRINE_IACREA_URL");
  g_settings_set_string (settings, "vikit-url", vitrine_fake_server_get_url (vikit->server));
  g_settings_set_string (settings, "iacrea-url", vitrine_fake_server_get_url (iacrea->server));
  g_settings_set_boolean (settings, "vikit-test-mode", FALSE);
  g_settings_sync ();

  paid = vitrine_test_remote_new_job (&t, "vikit");
  vitrine_job_set_test_mode (paid, vitrine_config_get_test_mode ("vikit"));
  g_assert_false (vitrine_job_get_test_mode (paid));
  vitrine_test_remote_run (&t, paid, 60);
  g_assert_cmpint (vitrine_job_get_state (paid), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpuint (vikit->charged, ==, 2);

  described = vitrine_test_remote_new_job (&t, "iacrea");
  vitrine_job_set_description (described, "Bright apartment with a terrace, near downtown.");
  vitrine_test_remote_run (&t, described, 60);
  g_assert_cmpint (vitrine_job_get_state (described), ==, VITRINE_JOB_STATE_COMPLETED);
  g_assert_cmpstr (iacrea->server->last_key, ==, IACREA_KEY);

  /* A refusal logs the failed exchange too. */
  refused = vitrine_test_remote_new_job (&t, "iacrea");
  vitrine_job_set_description (refused, "Bright apartment with a terrace, near downtown.");
  vitrine_fake_server_inject (iacrea->server, VITRINE_FAKE_ON_POST, VITRINE_FAKE_FAULT_STATUS, 400,
                              "{\"message\": \"format must be one of the following values\"}", 1);
  vitrine_test_remote_run (&t, refused, 60);
  g_assert_cmpint (vitrine_job_get_state (refused), ==, VITRINE_JOB_STATE_FAILED);

  g_clear_object (&t.store);
  vitrine_test_remote_teardown (&t);
  return 0;
}

/* The parent ------------------------------------------------------------------ */

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  gsize needle_length = strlen (needle);

  /* Byte by byte: an SQLite file is full of NULs. */
  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (contents + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

/* Every regular file below @dir whose name starts with @prefix. */
static void
collect_files (const char *dir,
               const char *prefix,
               GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_files (path, prefix, out);
      else if (g_str_has_prefix (name, prefix))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static void
test_keys_stay_in_the_keyring (void)
{
  g_autofree char *dir = vitrine_test_make_tmpdir ();
  g_autofree char *self_path = g_test_build_filename (G_TEST_BUILT, "test-provider-secrets", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) stores = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  g_autofree char *keyfile = NULL;
  const char *folders[] = { "home", "data", "config", "cache", "run" };
  const char *keys[] = { VIKIT_KEY, IACREA_KEY };
  const char *script = "printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null "
                       "&& exec \"$0\"";

  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  g_autofree char *keyring = g_find_program_in_path ("gnome-keyring-daemon");

  if (dbus == NULL || keyring == NULL)
    {
      g_test_skip ("dbus-run-session or gnome-keyring-daemon is missing");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (dir, folders[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    }
  {
    const char *vars[][2] = {
      { "HOME", "home" }, { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" },
      { "XDG_CACHE_HOME", "cache" }, { "XDG_RUNTIME_DIR", "run" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
      {
        g_autofree char *path = g_build_filename (dir, vars[i][1], NULL);

        g_subprocess_launcher_setenv (launcher, vars[i][0], path, TRUE);
      }
  }
  g_subprocess_launcher_setenv (launcher, "VITRINE_TEST_CHILD", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "VITRINE_VIKIT_API_KEY");
  g_subprocess_launcher_unsetenv (launcher, "VITRINE_IACREA_API_KEY");
  g_subprocess_launcher_unsetenv (launcher, "VITRINE_VIKIT_URL");
  g_subprocess_launcher_unsetenv (launcher, "VITRINE_IACREA_URL");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_setenv (launcher, "VITRINE_VIKIT_POLL_MS", "30", TRUE);
  g_subprocess_launcher_setenv (launcher, "VITRINE_IACREA_POLL_MS", "30", TRUE);

  child = g_subprocess_launcher_spawn (launcher, &error, "dbus-run-session", "--", "sh", "-c",
                                       script, self_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  log = g_strconcat (out, err, NULL);
  if (g_test_verbose () || !g_subprocess_get_if_exited (child) ||
      g_subprocess_get_exit_status (child) != 0)
    g_printerr ("%s", log);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);

  /* The child did log, requests included. */
  g_assert_nonnull (strstr (log, "vitrine-core-DEBUG"));
  g_assert_nonnull (strstr (log, "HTTP"));

  keyfile = g_build_filename (dir, "config", "glib-2.0", "settings", "keyfile", NULL);
  g_assert_true (file_contains (keyfile, "vikit-url"));
  {
    g_autofree char *data = g_build_filename (dir, "data", "vitrine", NULL);

    collect_files (data, "jobs.db", stores);
  }
  g_assert_cmpuint (stores->len, >=, 1);
  g_assert_true (file_contains (g_ptr_array_index (stores, 0), "12 rue Exemple"));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_assert_null (strstr (log, keys[i]));
      g_assert_false (file_contains (keyfile, keys[i]));
      for (guint j = 0; j < stores->len; j++)
        g_assert_false (file_contains (g_ptr_array_index (stores, j), keys[i]));
    }

  vitrine_test_rmtree (dir);
}

int
main (int    argc,
      char **argv)
{
  vitrine_test_remote_init_env ();
  if (g_getenv ("VITRINE_TEST_CHILD") != NULL)
    {
      /* The keyfile backend the parent asked for, not init_env's memory. */
      g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
      return run_child ();
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/providers/secrets/keys-stay-in-the-keyring", test_keys_stay_in_the_keyring);
  return g_test_run ();
}
