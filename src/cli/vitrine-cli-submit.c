/* vitrine-cli-submit.c: vitrine-cli submit, a video made by a cloud provider
 *
 * The same job, store, JSON and exit codes as `render`: 0 done, 1 the job
 * failed (with the reason), 2 bad arguments or bad input, or a paid video
 * not confirmed with --yes (the price is printed).
 *
 * Besides the flags every provider shares (--provider, --name, --ratio,
 * --test-mode/--live, --output-dir, --yes, --detach), the flags, their help
 * and the reading of their values come from the providers' declarations
 * (vitrine-provider-declaration.h): a flag that several providers declare
 * is one flag, read by the chosen provider's declaration; a flag the chosen
 * provider does not declare is refused, not dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-cli-listing.h"
#include "vitrine-cli-private.h"
#include "vitrine-cli-submit.h"
#include "vitrine-config.h"
#include "vitrine-cost.h"
#include "vitrine-provider.h"

/* One declared flag: its entry, and what it was given. */
typedef struct {
  char     *name;
  char     *arg;
  GString  *help;
  GPtrArray *providers;  /* display names, those that declare it */
  gboolean  repeatable;
  gboolean  filename;
  char     *value;
  GStrv     values;
} Flag;

typedef struct {
  char      *provider;
  char      *name;
  char      *ratio;
  gboolean   test_mode;
  gboolean   live;
  char      *output_dir;
  gboolean   yes;
  gboolean   detach;
  gboolean   json;
  GStrv      inputs;
  GPtrArray *flags;      /* Flag */
  GPtrArray *clouds;     /* VitrineProvider, those submit takes */
  GPtrArray *texts;      /* the help texts made for the context */
  VitrineCliListing listing; /* the listing and agent options render takes too */
} Args;

static void
flag_free (Flag *flag)
{
  g_free (flag->name);
  g_free (flag->arg);
  g_string_free (flag->help, TRUE);
  g_ptr_array_unref (flag->providers);
  g_free (flag->value);
  g_strfreev (flag->values);
  g_free (flag);
}

static void
args_clear (Args *args)
{
  g_free (args->provider);
  g_free (args->name);
  g_free (args->ratio);
  g_free (args->output_dir);
  g_strfreev (args->inputs);
  g_clear_pointer (&args->flags, g_ptr_array_unref);
  g_clear_pointer (&args->clouds, g_ptr_array_unref);
  g_clear_pointer (&args->texts, g_ptr_array_unref);
  vitrine_cli_listing_clear (&args->listing);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Args, args_clear)

static int
submit_usage_error (const char *message)
{
  g_printerr ("vitrine-cli: %s\n", message);
  g_printerr (_("Try “vitrine-cli submit --help”.\n"));
  return EXIT_USAGE;
}

/* "a, b, c or d" */
static char *
join_alternatives (GPtrArray *words)
{
  g_autoptr(GString) head = g_string_new (NULL);

  if (words->len == 0)
    return g_strdup ("");
  for (guint i = 0; i + 1 < words->len; i++)
    g_string_append_printf (head, "%s%s", i > 0 ? ", " : "", (char *) words->pdata[i]);
  if (words->len == 1)
    return g_strdup (words->pdata[0]);
  /* Translators: the last of a list of choices: "one, two or three" */
  return g_strdup_printf (_("%s or %s"), head->str, (char *) words->pdata[words->len - 1]);
}

static char *
provider_ids (Args *args)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < args->clouds->len; i++)
    g_ptr_array_add (ids, (gpointer) vitrine_provider_get_id (args->clouds->pdata[i]));
  return join_alternatives (ids);
}

/* The flags */

static Flag *
find_flag (Args       *args,
           const char *name)
{
  for (guint i = 0; i < args->flags->len; i++)
    {
      Flag *flag = args->flags->pdata[i];

      if (g_str_equal (flag->name, name))
        return flag;
    }
  return NULL;
}

static void
add_declared_flag (Args                        *args,
                   VitrineProvider             *provider,
                   const VitrineProviderOption *option)
{
  Flag *flag = find_flag (args, option->cli_flag);
  const char *help = option->help != NULL ? _(option->help) : "";

  if (flag == NULL)
    {
      flag = g_new0 (Flag, 1);
      flag->name = g_strdup (option->cli_flag);
      flag->help = g_string_new (help);
      flag->providers = g_ptr_array_new ();
      g_ptr_array_add (args->flags, flag);
    }
  else if (strstr (flag->help->str, help) == NULL)
    g_string_append_printf (flag->help, "; %s", help);
  if (flag->arg == NULL && option->cli_arg != NULL)
    flag->arg = g_strdup (option->cli_arg);
  else if (option->cli_arg != NULL && strstr (flag->arg, option->cli_arg) == NULL)
    {
      char *arg = g_strdup_printf ("%s|%s", flag->arg, option->cli_arg);

      g_free (flag->arg);
      flag->arg = arg;
    }
  flag->repeatable |= (option->flags & VITRINE_OPTION_REPEATABLE) != 0;
  flag->filename |= option->type == VITRINE_OPTION_FILE || option->type == VITRINE_OPTION_MUSIC;
  g_ptr_array_add (flag->providers, (gpointer) vitrine_provider_get_display_name (provider));
}

static void
collect_flags (Args *args)
{
  GListModel *list = vitrine_provider_list ();

  args->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) flag_free);
  args->clouds = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);
      const VitrineProviderDeclaration *declaration = vitrine_provider_get_declaration (provider);

      if (!vitrine_provider_is_cloud (provider))
        continue;
      g_ptr_array_add (args->clouds, g_object_ref (provider));
      for (const VitrineProviderOption *o = declaration->options; o != NULL && o->name; o++)
        if (o->cli_flag != NULL)
          add_declared_flag (args, provider, o);
    }
  /* Said once, for the flags only some providers read: "(<provider names>)". */
  for (guint i = 0; i < args->flags->len; i++)
    {
      Flag *flag = args->flags->pdata[i];

      if (flag->providers->len < args->clouds->len)
        {
          g_ptr_array_add (flag->providers, NULL);
          g_autofree char *names = g_strjoinv (", ", (char **) flag->providers->pdata);

          g_ptr_array_remove_index (flag->providers, flag->providers->len - 1);
          g_string_append_printf (flag->help, " (%s)", names);
        }
    }
}

static GOptionEntry
flag_entry (Flag *flag)
{
  GOptionEntry entry = { flag->name, 0, 0, G_OPTION_ARG_STRING, &flag->value, flag->help->str,
                         flag->arg };

  if (flag->repeatable)
    {
      entry.arg = G_OPTION_ARG_STRING_ARRAY;
      entry.arg_data = &flag->values;
    }
  else if (flag->filename)
    entry.arg = G_OPTION_ARG_FILENAME;
  return entry;
}

/* The value given to @flag, several joined with ","; NULL when not given. */
static char *
flag_dup_value (Flag *flag)
{
  if (flag->values != NULL)
    return g_strjoinv (",", flag->values);
  return g_strdup (flag->value);
}

/* Help */

static char *
test_mode_help (Args *args)
{
  g_autoptr(GString) which = g_string_new (NULL);

  for (guint i = 0; i < args->clouds->len; i++)
    {
      VitrineProvider *provider = args->clouds->pdata[i];

      if (!vitrine_provider_get_capabilities (provider)->supports_test_mode)
        continue;
      /* Translators: "<Name>: the default until the setting <id>-test-mode is turned off" */
      g_string_append_printf (which, _("%s%s: the default until the setting %s-test-mode is "
                                       "turned off"), which->len > 0 ? "; " : "",
                              vitrine_provider_get_display_name (provider),
                              vitrine_provider_get_id (provider));
    }
  return g_strdup_printf (_("Free, lower-quality preview (%s)"), which->str);
}

static char *
summary (Args *args)
{
  g_autoptr(GString) text = g_string_new (_("Sends the photos to a cloud provider, follows the "
                                            "job and downloads every video it\nmakes. A paid video "
                                            "needs --yes; without it the price is printed.\nAPI keys "
                                            "come from the keyring (Preferences) or\n"
                                            "$VITRINE_<PROVIDER>_API_KEY; addresses from "
                                            "$VITRINE_<PROVIDER>_URL.\nExit status: 0 done, 1 the "
                                            "job failed, 2 bad arguments or input,\nor a paid video "
                                            "not confirmed.\n\nProviders:"));

  for (guint i = 0; i < args->clouds->len; i++)
    {
      VitrineProvider *provider = args->clouds->pdata[i];
      const char *note = vitrine_provider_get_declaration (provider)->cli_note;

      g_string_append_printf (text, "\n  %-9s %s%s%s", vitrine_provider_get_id (provider),
                              vitrine_provider_get_display_name (provider),
                              note != NULL ? ": " : "", note != NULL ? _(note) : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Values */

/* A URL as it is, or a file made absolute and checked. */
static char *
resolve_input (const char  *value,
               gboolean     is_image,
               GError     **error)
{
  g_autofree char *path = NULL;

  if (vitrine_is_web_url (value))
    return g_strdup (value);
  path = absolute_path (value);
  if (is_image && !check_input_file (path, TRUE, error))
    return NULL;
  if (!is_image && !check_regular_file (path, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
set_music_error (VitrineProvider              *provider,
                 const VitrineProviderOption  *option,
                 const char                   *value,
                 GError                      **error)
{
  g_autoptr(GString) names = g_string_new (NULL);
  const VitrineOptionChoice *choices;
  guint n = 0;

  if (option->get_choices == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("--%s %s: no such file"),
                   option->cli_flag, value);
      return;
    }
  choices = option->get_choices (&n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", choices[i].label);
  /* Translators: "--music Techno: not a file, a web address or one of <Name>’s tracks (…)" */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("--%s %s: not a file, a web address or one of %s’s tracks (%s)"), option->cli_flag,
               value, vitrine_provider_get_display_name (provider), names->str);
}

/* Music: a URL (where allowed), an audio file, or one of the provider's tracks. */
static char *
resolve_music (VitrineProvider              *provider,
               const VitrineProviderOption  *option,
               const char                   *value,
               GError                      **error)
{
  g_autofree char *path = NULL;

  if ((option->flags & VITRINE_OPTION_ALLOW_URL) != 0 && vitrine_is_web_url (value))
    return g_strdup (value);
  path = absolute_path (value);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return check_input_file (path, FALSE, error) ? g_steal_pointer (&path) : NULL;
  if (vitrine_provider_option_lookup_choice (option, value) != NULL)
    return g_strdup (value);
  set_music_error (provider, option, value, error);
  return NULL;
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* @option's catalogue, read from the provider now; NULL when it cannot
 * be read (no key, no network). */
static GStrv
fetch_choices (VitrineProvider             *provider,
               const VitrineProviderOption *option)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GStrv entries;

  option->fetch_async (provider, NULL, fetched_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!(entries = option->fetch_finish (provider, result, &error)))
    g_debug ("%s’s catalogue for --%s unread: %s", vitrine_provider_get_id (provider),
             option->cli_flag, error->message);
  return entries;
}

/* @value (comma-separated) checked against the provider's catalogue before
 * anything is sent: a typo is bad input, not a job that fails once its
 * photos are uploaded. A catalogue that cannot be read leaves the judging
 * to the provider. */
static char *
resolve_choices (VitrineProvider              *provider,
                 const VitrineProviderOption  *option,
                 const char                   *value,
                 GError                      **error)
{
  g_auto(GStrv) entries = fetch_choices (provider, option);
  g_auto(GStrv) values = g_strsplit (value, ",", -1);

  for (guint i = 0; entries != NULL && values[i] != NULL; i++)
    {
      const char *given = g_strstrip (values[i]);
      g_autofree char *known = NULL;

      if (*given == '\0' || g_strv_contains ((const char * const *) entries, given))
        continue;
      known = g_strjoinv (", ", entries);
      /* Translators: "--FLAG: “VALUE” is not in PROVIDER’s catalogue (CHOICE, CHOICE, …)" */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--%s: “%s” is not in %s’s catalogue (%s)"), option->cli_flag, given,
                   vitrine_provider_get_display_name (provider), known);
      return NULL;
    }
  return g_strdup (value);
}

/* What goes on the job for @value, given to @option's flag. */
static char *
resolve_value (VitrineProvider              *provider,
               const VitrineProviderOption  *option,
               const char                   *value,
               GError                      **error)
{
  switch (option->type)
    {
    case VITRINE_OPTION_FILE:
      if ((option->flags & VITRINE_OPTION_ALLOW_URL) == 0 && vitrine_is_web_url (value))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("--%s takes a file"),
                       option->cli_flag);
          return NULL;
        }
      return resolve_input (value, (option->flags & VITRINE_OPTION_VIDEO) == 0, error);
    case VITRINE_OPTION_MUSIC:
      return resolve_music (provider, option, value, error);
    case VITRINE_OPTION_MULTI_CHOICE:
      if (option->fetch_async != NULL)
        return resolve_choices (provider, option, value, error);
      return g_strdup (value);
    case VITRINE_OPTION_TEXT:
    case VITRINE_OPTION_LONG_TEXT:
    case VITRINE_OPTION_COLOR_PAIR:
    case VITRINE_OPTION_PHOTO:
    default:
      return g_strdup (value);
    }
}

/* A flag given that no provider of @providers declares, or NULL. With
 * several (Compare), a flag goes to the providers that declare it; it is
 * refused only when none of them does. */
static const char *
misplaced_flag (Args      *args,
                GPtrArray *providers)
{
  for (guint i = 0; i < args->flags->len; i++)
    {
      Flag *flag = args->flags->pdata[i];
      gboolean declared = FALSE;

      if (flag->value == NULL && flag->values == NULL)
        continue;
      for (guint j = 0; j < providers->len && !declared; j++)
        declared = vitrine_provider_option_find_flag (vitrine_provider_get_declaration (providers->pdata[j]),
                                                      flag->name) != NULL;
      if (!declared)
        return flag->name;
    }
  return NULL;
}

/* The declared options on the job: each given value read and checked, and
 * the required ones checked when not given. */
static gboolean
fill_options (VitrineJob       *job,
              Args             *args,
              VitrineProvider  *provider,
              GError          **error)
{
  const VitrineProviderDeclaration *declaration = vitrine_provider_get_declaration (provider);

  for (const VitrineProviderOption *o = declaration->options; o != NULL && o->name; o++)
    {
      Flag *flag = o->cli_flag != NULL ? find_flag (args, o->cli_flag) : NULL;
      g_autofree char *given = flag != NULL ? flag_dup_value (flag) : NULL;
      g_autofree char *value = NULL;

      if (given != NULL && !(value = resolve_value (provider, o, given, error)))
        return FALSE;
      if (!vitrine_provider_option_check (o, value, error))
        return FALSE;
      if (value != NULL)
        vitrine_provider_option_apply (o, job, value);
    }
  return TRUE;
}

/* This computer's renderer declares no options (the window's own rows are
 * its inputs): beside cloud providers (Compare), the --music they read is
 * its music too, as `render --music` is, when it is an audio file; a web
 * address or a provider's track name leaves its video without music, said
 * on stderr. */
static gboolean
fill_local_music (VitrineJob       *job,
                  Args             *args,
                  VitrineProvider  *provider,
                  GError          **error)
{
  Flag *flag = find_flag (args, "music");
  g_autofree char *given = flag != NULL ? flag_dup_value (flag) : NULL;
  g_autofree char *path = NULL;

  if (given == NULL)
    return TRUE;
  path = absolute_path (given);
  if (vitrine_is_web_url (given) || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("vitrine-cli: %s: --music %s is not an audio file of this computer; its "
                    "video has no music\n"), vitrine_provider_get_display_name (provider), given);
      return TRUE;
    }
  if (!check_input_file (path, FALSE, error))
    return FALSE;
  vitrine_job_set_music (job, path);
  return TRUE;
}

static gboolean
fill_job (VitrineJob       *job,
          Args             *args,
          VitrineProvider  *provider,
          GError          **error)
{
  const char *id = vitrine_provider_get_id (provider);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  VitrineRatio ratio = VITRINE_RATIO_16_9;
  char *value;

  for (guint i = 0; args->inputs[i] != NULL; i++)
    {
      if (!(value = resolve_input (args->inputs[i], TRUE, error)))
        return FALSE;
      g_ptr_array_add (photos, value);
    }
  g_ptr_array_add (photos, NULL);
  vitrine_job_set_photos (job, (const char * const *) photos->pdata);

  if (args->ratio != NULL && !vitrine_ratio_from_string (args->ratio, &ratio))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("--ratio must be 16:9, 9:16 or 1:1"));
      return FALSE;
    }
  vitrine_job_set_ratio (job, ratio);
  if (args->name != NULL && *args->name != '\0')
    vitrine_job_set_name (job, args->name);
  else
    {
      /* As the window names it: a name in the list and the JSON, never null. */
      g_autofree char *name = vitrine_job_make_default_name ();

      vitrine_job_set_name (job, name);
    }
  if (!fill_options (job, args, provider, error) ||
      (!vitrine_provider_is_cloud (provider) && !fill_local_music (job, args, provider, error)))
    return FALSE;

  /* A free provider without a test mode beside paid ones (Compare) makes
   * its one kind of video: --test-mode is about the paid ones. */
  if (args->test_mode)
    vitrine_job_set_test_mode (job, vitrine_provider_get_capabilities (provider)->is_paid);
  else if (args->live)
    vitrine_job_set_test_mode (job, FALSE);
  else
    vitrine_job_set_test_mode (job, vitrine_provider_get_capabilities (provider)->supports_test_mode &&
                                    vitrine_config_get_test_mode (id));

  if (args->output_dir != NULL)
    {
      g_autofree char *dir = absolute_path (args->output_dir);

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: no such folder"), dir);
          return FALSE;
        }
      vitrine_job_set_output_dir (job, dir);
    }
  return TRUE;
}

/* The command */

/* @text, kept as long as @args (the context points to it). */
static const char *
keep (Args *args,
      char *text)
{
  if (args->texts == NULL)
    args->texts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (args->texts, text);
  return text;
}

static GOptionContext *
submit_context_new (Args   *args,
                    GArray *entries)
{
  g_autofree char *ids = provider_ids (args);
  const char *provider_help = keep (args, g_strdup_printf (_("%s (required); several, comma-separated, "
                                                             "to compare them: one job each"), ids));
  const char *test_help = keep (args, test_mode_help (args));
  g_autofree char *text = summary (args);
  GOptionContext *context =
    g_option_context_new (_("— have a video made by a cloud provider"));
  const GOptionEntry head[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &args->provider, provider_help, "ID[,ID…]" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &args->name, N_("Listing name"), "NAME" },
    { "ratio", 0, 0, G_OPTION_ARG_STRING, &args->ratio, N_("Aspect ratio: 16:9 (default), 9:16 or 1:1, as the provider can"), "RATIO" },
  };
  const GOptionEntry tail[] = {
    { "test-mode", 0, 0, G_OPTION_ARG_NONE, &args->test_mode, test_help, NULL },
    { "live", 0, 0, G_OPTION_ARG_NONE, &args->live, N_("A real, paid video"), NULL },
    { "output-dir", 0, 0, G_OPTION_ARG_FILENAME, &args->output_dir, N_("Where to save the videos (default: the Videos folder)"), "DIR" },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &args->yes, N_("Confirm a paid video"), NULL },
    { "detach", 0, 0, G_OPTION_ARG_NONE, &args->detach, N_("Print the job id and go on in the background"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &args->json, N_("Print each job as a JSON object, one a line, instead of its videos or its id"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->inputs, NULL, N_("PHOTO_OR_URL…") },
    { NULL }
  };

  g_array_append_vals (entries, head, G_N_ELEMENTS (head));
  for (guint i = 0; i < args->flags->len; i++)
    {
      GOptionEntry entry = flag_entry (args->flags->pdata[i]);

      g_array_append_val (entries, entry);
    }
  g_array_append_vals (entries, tail, G_N_ELEMENTS (tail));
  /* The help strings are made here, translated already. */
  g_option_context_add_main_entries (context, (GOptionEntry *) entries->data, GETTEXT_PACKAGE);
  vitrine_cli_listing_add_entries (context, &args->listing);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, text);
  g_option_context_set_description (context, _(INTERRUPT_HELP));
  return context;
}

/* Every provider's id (this computer's too), for a list of several. */
static char *
all_provider_ids (void)
{
  GListModel *list = vitrine_provider_list ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      VitrineProvider *provider = g_list_model_get_item (list, i);

      g_ptr_array_add (ids, provider);
      g_ptr_array_add (words, (gpointer) vitrine_provider_get_id (provider));
    }
  return join_alternatives (words);
}

static int
provider_usage_error (Args *args)
{
  g_autofree char *names = provider_ids (args);
  g_autofree char *message = g_strdup_printf (_("--provider must be %s"), names);

  return submit_usage_error (message);
}

/* The providers of --provider: one cloud provider's id, or several ids
 * comma-separated (Compare), this computer's among them if wanted; each once. */
static int
submit_providers (Args      *args,
                  GPtrArray *providers)
{
  g_auto(GStrv) ids = g_strsplit (args->provider, ",", -1);
  gboolean several = g_strv_length (ids) > 1;

  if (ids[0] == NULL)
    return provider_usage_error (args);  /* --provider "" */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *id = g_strstrip (ids[i]);
      VitrineProvider *provider = vitrine_provider_lookup (id);

      if (!several && provider != NULL && !vitrine_provider_is_cloud (provider))
        {
          /* This computer alone: that is `render`; it may be one of several. */
          g_autofree char *names = provider_ids (args);
          g_autofree char *message =
            g_strdup_printf (_("--provider must be %s; “%s” alone is what “vitrine-cli render” "
                               "makes, and it may be one of several, to compare"), names, id);

          return submit_usage_error (message);
        }
      if (!several && provider == NULL)
        return provider_usage_error (args);
      if (provider == NULL)
        {
          g_autofree char *names = all_provider_ids ();
          g_autofree char *message = g_strdup_printf (_("no provider “%s”: --provider takes %s, "
                                                        "comma-separated"), id, names);

          return submit_usage_error (message);
        }
      if (g_ptr_array_find (providers, provider, NULL))
        {
          g_autofree char *message = g_strdup_printf (_("--provider names “%s” twice"), id);

          return submit_usage_error (message);
        }
      g_ptr_array_add (providers, provider);
    }
  return -1;
}

/* Checks the arguments, and makes the jobs: one a provider, all in one
 * group when there are several. */
static int
submit_parse (Args      *args,
              GPtrArray *jobs)
{
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  g_autofree char *group = NULL;
  const char *misplaced;
  int status;

  if (args->provider == NULL)
    {
      g_autofree char *ids = provider_ids (args);
      g_autofree char *message = g_strdup_printf (_("no provider: use --provider %s"), ids);

      return submit_usage_error (message);
    }
  if ((status = submit_providers (args, providers)) >= 0)
    return status;
  if (args->inputs == NULL || args->inputs[0] == NULL)
    return submit_usage_error (_("no photos given"));
  if (args->test_mode && args->live)
    return submit_usage_error (_("--test-mode and --live exclude each other"));
  if ((misplaced = misplaced_flag (args, providers)) != NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *which = NULL;
      g_autofree char *message = NULL;

      for (guint i = 0; i < providers->len; i++)
        g_ptr_array_add (names, (gpointer) vitrine_provider_get_display_name (providers->pdata[i]));
      which = join_alternatives (names);
      message = g_strdup_printf (_("--%s does not apply to %s"), misplaced, which);
      return submit_usage_error (message);
    }

  /* Once, whatever the number of providers. */
  for (guint i = 0; args->inputs[i] != NULL; i++)
    {
      g_autofree char *path = absolute_path (args->inputs[i]);

      warn_if_small (path);
    }
  if (providers->len > 1)
    group = g_uuid_string_random ();
  for (guint i = 0; i < providers->len; i++)
    {
      VitrineProvider *provider = providers->pdata[i];
      g_autoptr(VitrineJob) job = vitrine_job_new (vitrine_provider_get_id (provider));
      g_autoptr(GError) error = NULL;

      vitrine_job_set_group (job, group);
      if (!fill_job (job, args, provider, &error) ||
          !vitrine_cli_listing_apply (&args->listing, job, &error) ||
          !vitrine_provider_validate (provider, job, &error))
        {
          g_autofree char *message = NULL;

          if (providers->len == 1)
            return submit_usage_error (error->message);
          /* Translators: "<provider>: <why its job cannot be made>" */
          message = g_strdup_printf (_("%s: %s"), vitrine_provider_get_display_name (provider),
                                     error->message);
          return submit_usage_error (message);
        }
      g_ptr_array_add (jobs, g_steal_pointer (&job));
    }
  return -1;
}

/* A paid video needs --yes; without it, what it would cost is printed:
 * with several, each paid one a line and their total, asked once. */
static int
submit_check_cost (Args      *args,
                   GPtrArray *jobs)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *total = vitrine_cost_dup_total (jobs, &lines);
  /* With --json, stdout is JSON lines only: the estimate goes with the
   * messages. */
  void (*say) (const char *format, ...) = args->json ? g_printerr : g_print;

  if (total == NULL || args->yes)
    return -1;
  if (jobs->len == 1)
    {
      VitrineJob *job = jobs->pdata[0];
      g_autofree char *cost = vitrine_provider_estimate_cost (vitrine_provider_lookup (vitrine_job_get_provider_id (job)), job);

      say (_("Cost: %s\n"), cost != NULL ? cost : _("unknown"));
      g_printerr (_("vitrine-cli: this video is paid; run again with --yes to confirm\n"));
      return EXIT_USAGE;
    }
  say (_("Cost:\n"));
  for (guint i = 0; i < lines->len; i++)
    say ("  %s\n", (char *) lines->pdata[i]);
  say (_("Total: %s\n"), total);
  g_printerr (ngettext ("vitrine-cli: %u of these videos is paid; run again with --yes to confirm\n",
                        "vitrine-cli: %u of these videos are paid; run again with --yes to confirm\n",
                        lines->len), lines->len);
  return EXIT_USAGE;
}

int
vitrine_cli_submit (int    argc,
                    char **argv)
{
  g_auto(Args) args = { 0 };
  g_autoptr(GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  int status;

  collect_flags (&args);
  context = submit_context_new (&args, entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return submit_usage_error (error->message);
  if ((status = submit_parse (&args, jobs)) >= 0)
    return status;
  if ((status = submit_check_cost (&args, jobs)) >= 0)
    return status;
  return run_jobs (jobs, args.detach, args.json);
}
