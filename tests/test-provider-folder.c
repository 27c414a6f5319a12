/* test-provider-folder.c: a provider is one folder
 *
 * "Studio", a provider defined in this file only, declares itself the way
 * the built-in ones do (a VitrineProviderEntry list handed to
 * VITRINE_PROVIDERS_DECLARE) with one option, "--mood", a catalogue of
 * ratios and a balance. Nothing outside this file knows it; it must still
 * be in the registry, in `vitrine-cli submit --help` and its parsing
 * (vitrine-cli runs in a child of this test, from the same library as the
 * program), and in the window's provider list with its option, its ratios
 * and its balance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "vitrine-application.h"
#include "vitrine-cli.h"
#include "vitrine-provider.h"
#include "vitrine-provider-options.h"
#include "vitrine-window.h"

/* The provider: a cloud one that finishes every job at once, and prints
 * the mood it was given (the test reads the child's output). */

#define STUDIO_TYPE_PROVIDER (studio_provider_get_type ())
G_DECLARE_FINAL_TYPE (StudioProvider, studio_provider, STUDIO, PROVIDER, GObject)

struct _StudioProvider
{
  GObject parent_instance;
};

static void studio_provider_iface_init (VitrineProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (StudioProvider, studio_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VITRINE_TYPE_PROVIDER,
                                                      studio_provider_iface_init))

static const char *
studio_get_id (VitrineProvider *provider)
{
  return "studio";
}

static const char *
studio_get_display_name (VitrineProvider *provider)
{
  return "Studio";
}

static const VitrineProviderCapabilities *
studio_get_capabilities (VitrineProvider *provider)
{
  static const VitrineProviderCapabilities caps = {
    .ratios = VITRINE_RATIO_FLAG_16_9 | VITRINE_RATIO_FLAG_9_16 | VITRINE_RATIO_FLAG_1_1,
    .needs_network = TRUE,
  };

  return &caps;
}

static void
studio_submit_async (VitrineProvider     *provider,
                     VitrineJob          *job,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_print ("studio made it with mood %s\n", vitrine_job_get_option (job, "mood"));
  vitrine_job_set_state (job, VITRINE_JOB_STATE_COMPLETED);
  g_task_return_boolean (task, TRUE);
}

static gboolean
studio_finish (VitrineProvider  *provider,
               GAsyncResult     *result,
               GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
studio_provider_iface_init (VitrineProviderInterface *iface)
{
  iface->get_id = studio_get_id;
  iface->get_display_name = studio_get_display_name;
  iface->get_capabilities = studio_get_capabilities;
  iface->submit_async = studio_submit_async;
  iface->submit_finish = studio_finish;
  iface->poll_async = studio_submit_async;
  iface->poll_finish = studio_finish;
}

static void
studio_provider_class_init (StudioProviderClass *klass)
{
}

static void
studio_provider_init (StudioProvider *self)
{
}

static VitrineProvider *
studio_provider_new (void)
{
  return g_object_new (STUDIO_TYPE_PROVIDER, NULL);
}

static const VitrineProviderOption studio_options[] = {
  { .name = "studio_mood", .type = VITRINE_OPTION_TEXT, .key = "mood",
    .cli_flag = "mood", .cli_arg = "MOOD", .label = "_Mood",
    .help = "The mood of the video, three letters or more",
    .min_length = 3, .too_short = "Give the video a mood of three letters or more." },
  { NULL }
};

/* Its catalogue of ratios (landscape only, today) and its balance. */
static void
studio_call_async (VitrineProvider     *provider,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_return_boolean (task, TRUE);
}

static GStrv
studio_ratios_finish (VitrineProvider  *provider,
                      GAsyncResult     *result,
                      GError          **error)
{
  const char *ratios[] = { "16:9", NULL };

  return g_task_propagate_boolean (G_TASK (result), error) ? g_strdupv ((char **) ratios) : NULL;
}

static char *
studio_balance_finish (VitrineProvider  *provider,
                       GAsyncResult     *result,
                       GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error) ? g_strdup ("7 credits left") : NULL;
}

static const VitrineProviderDeclaration studio_declaration = {
  .cli_note = "a provider that lives in one test file",
  .options = studio_options,
  .ratios_async = studio_call_async, .ratios_finish = studio_ratios_finish,
  .balance_async = studio_call_async, .balance_finish = studio_balance_finish,
};

static const VitrineProviderEntry studio_entries[] = {
  { studio_provider_new, &studio_declaration },
  { NULL }
};

VITRINE_PROVIDERS_DECLARE (studio_entries)

/* The tests */

#define PHOTO "https://photos.example/kitchen.jpg"

static void
test_registry (void)
{
  VitrineProvider *provider = vitrine_provider_lookup ("studio");
  GListModel *list = vitrine_provider_list ();
  g_autoptr(VitrineProvider) first = g_list_model_get_item (list, 0);

  g_assert_nonnull (provider);
  g_assert_true (vitrine_provider_get_declaration (provider) == &studio_declaration);
  g_assert_nonnull (vitrine_provider_option_find_flag (vitrine_provider_get_declaration (provider),
                                                       "mood"));
  /* The built-in ones come first, this computer first of all. */
  g_assert_cmpstr (vitrine_provider_get_id (first), ==, "local");
  g_assert_true (vitrine_provider_get_default () == first);
  g_assert_false (vitrine_provider_is_cloud (first));
}

/* Runs vitrine-cli in a child with @args (NULL-terminated). */
static void
run_cli_in_child (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) "vitrine-cli");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  exit (vitrine_cli_main (argv->len - 1, (char **) argv->pdata));
}

static void
test_cli_help (void)
{
  if (g_test_subprocess ())
    {
      const char *args[] = { "submit", "--help", NULL };

      run_cli_in_child (args);
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*--mood=MOOD*The mood of the video, three letters or more (Studio)*");
  g_test_trap_assert_stdout ("*--provider=ID*studio (required)*");
  g_test_trap_assert_stdout ("*studio*Studio: a provider that lives in one test file*");
}

static void
test_cli_submit (void)
{
  if (g_test_subprocess ())
    {
      const char *args[] = { "submit", "--provider", "studio", "--mood", "calm", PHOTO, NULL };

      run_cli_in_child (args);
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*studio made it with mood calm*");
}

static void
test_cli_refusals (void)
{
  if (g_test_subprocess ())
    {
      const char *too_short[] = { "submit", "--provider", "studio", "--mood", "ok", PHOTO, NULL };
      const char *elsewhere[] = { "submit", "--provider", "vikit", "--mood", "calm", PHOTO, NULL };
      const char *foreign[] = { "submit", "--provider", "studio", "--mood", "calm",
                                "--email", "agent@example.com", PHOTO, NULL };
      const char *which = g_getenv ("STUDIO_CASE");

      if (g_strcmp0 (which, "elsewhere") == 0)
        run_cli_in_child (elsewhere);
      else if (g_strcmp0 (which, "foreign") == 0)
        run_cli_in_child (foreign);
      run_cli_in_child (too_short);
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*Give the video a mood of three letters or more.*");

  g_setenv ("STUDIO_CASE", "elsewhere", TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--mood does not apply to Vikit*");

  g_setenv ("STUDIO_CASE", "foreign", TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*--email does not apply to Studio*");
  g_unsetenv ("STUDIO_CASE");
}

static void
iterate_a_little (void)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_window (void)
{
  g_autoptr(VitrineApplication) app = vitrine_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(VitrineJob) job = vitrine_job_new ("studio");
  VitrineWindow *window;
  AdwComboRow *provider_row;
  GListModel *model;
  VitrineProviderOptions *options;
  gboolean listed = FALSE;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = vitrine_window_new (app);

  /* In the provider list, by its name. */
  provider_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                               VITRINE_TYPE_WINDOW,
                                                               "provider_row"));
  model = adw_combo_row_get_model (provider_row);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (model, i);

      listed |= g_str_equal (vitrine_provider_get_display_name (provider), "Studio");
    }
  g_assert_true (listed);

  /* Chosen: its option is there, titled as declared, and checked. */
  g_settings_set_string (settings, "provider", "studio");
  iterate_a_little ();
  options = VITRINE_PROVIDER_OPTIONS (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                     VITRINE_TYPE_WINDOW,
                                                                     "provider_options"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (options)));
  g_assert_true (gtk_widget_get_visible (vitrine_provider_options_get_part (options,
                                                                           "studio_mood_row")));
  g_assert_cmpstr (adw_preferences_row_get_title (vitrine_provider_options_get_part (options, "studio_mood_row")),
                   ==, "_Mood");
  g_assert_false (vitrine_provider_options_apply (options, job));

  /* What it offers today, and its balance on the provider row. */
  {
    GtkWidget *square = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), VITRINE_TYPE_WINDOW,
                                                       "ratio_1_1");
    GtkWidget *landscape = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), VITRINE_TYPE_WINDOW,
                                                          "ratio_16_9");

    g_assert_false (gtk_widget_get_sensitive (square));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (square), ==,
                     "Studio does not offer 1:1 videos at the moment");
    g_assert_true (gtk_widget_get_sensitive (landscape));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (provider_row)), ==,
                     "7 credits left");
  }
  gtk_editable_set_text (vitrine_provider_options_get_part (options, "studio_mood_row"), "calm");
  g_assert_true (vitrine_provider_options_apply (options, job));
  g_assert_cmpstr (vitrine_job_get_option (job, "mood"), ==, "calm");

  g_settings_reset (settings, "provider");
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_a_little ();
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/providers/folder/registry", test_registry);
  g_test_add_func ("/providers/folder/cli-help", test_cli_help);
  g_test_add_func ("/providers/folder/cli-submit", test_cli_submit);
  g_test_add_func ("/providers/folder/cli-refusals", test_cli_refusals);
  g_test_add_func ("/providers/folder/window", test_window);
  return g_test_run ();
}
