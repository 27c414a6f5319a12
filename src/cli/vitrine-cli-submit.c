/* vitrine-cli-submit.c: vitrine-cli submit, a video made by a cloud provider
 *
 * The same job, store, JSON and exit codes as `render`: 0 done, 1 the job
 * failed (with the reason), 2 bad arguments or bad input, or a paid video
 * not confirmed with --yes (the price is printed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-cli-listing.h"
#include "vitrine-cli-private.h"
#include "vitrine-cli-submit.h"
#include "vitrine-provider-aixpose.h"
#include "vitrine-provider-iacrea.h"
#include "vitrine-provider-vikit.h"
#include "vitrine-remote-provider.h"

typedef struct {
  char     *provider;
  char     *name;
  char     *ratio;
  char     *music;
  char     *logo;
  char     *outro;
  gboolean  test_mode;
  gboolean  live;
  char     *email;
  char     *description;
  char     *colors;
  char     *font;
  char     *output_dir;
  gboolean  yes;
  gboolean  detach;
  int       cover;
  GStrv     enhance;
  GStrv     inputs;
} Args;

static void
args_clear (Args *args)
{
  g_free (args->provider);
  g_free (args->name);
  g_free (args->ratio);
  g_free (args->music);
  g_free (args->logo);
  g_free (args->outro);
  g_free (args->email);
  g_free (args->description);
  g_free (args->colors);
  g_free (args->font);
  g_free (args->output_dir);
  g_strfreev (args->enhance);
  g_strfreev (args->inputs);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Args, args_clear)

static int
submit_usage_error (const char *message)
{
  g_printerr ("vitrine-cli: %s\n", message);
  g_printerr (_("Try “vitrine-cli submit --help”.\n"));
  return EXIT_USAGE;
}

/* A URL as it is, or a file made absolute and checked. */
static char *
resolve_input (const char  *value,
               gboolean     is_image,
               GError     **error)
{
  g_autofree char *path = NULL;

  if (vitrine_remote_is_url (value))
    return g_strdup (value);
  path = absolute_path (value);
  if (is_image && !check_input_file (path, TRUE, error))
    return NULL;
  if (!is_image && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: no such file"), path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* --music: a URL, an audio file, or (Vikit) the name of a catalogue track. */
static char *
resolve_music (const char  *provider_id,
               const char  *value,
               GError     **error)
{
  g_autofree char *path = NULL;

  if (vitrine_remote_is_url (value))
    return g_strdup (value);
  path = absolute_path (value);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return check_input_file (path, FALSE, error) ? g_steal_pointer (&path) : NULL;
  if (g_str_equal (provider_id, "vikit") && vitrine_provider_vikit_lookup_track (value) != NULL)
    return g_strdup (value);

  {
    g_autoptr(GString) names = g_string_new (NULL);
    guint n;
    const VitrineVikitTrack *tracks = vitrine_provider_vikit_get_tracks (&n);

    for (guint i = 0; i < n; i++)
      g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", tracks[i].name);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("--music %s: not a file, a web address or one of Vikit’s tracks (%s)"), value,
                 names->str);
  }
  return NULL;
}

/* Options that only one provider reads are refused for the others, rather
 * than dropped. */
static const char *
misplaced_option (const Args *args,
                  const char *provider_id)
{
  gboolean vikit = g_str_equal (provider_id, "vikit");
  gboolean iacrea = g_str_equal (provider_id, "iacrea");

  if (args->email != NULL && !vikit)
    return "--email";
  if (args->description != NULL && !iacrea)
    return "--description";
  if (args->colors != NULL && !iacrea)
    return "--colors";
  if (args->font != NULL && !iacrea)
    return "--font";
  if (args->cover >= 0 && !g_str_equal (provider_id, "vidgen"))
    return "--cover";
  if (args->enhance != NULL && !g_str_equal (provider_id, "aixpose"))
    return "--enhance";
  return NULL;
}

static gboolean
fill_job (VitrineJob       *job,
          const Args       *args,
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
  vitrine_job_set_name (job, args->name);

  /* IACrea's music is one of its own identifiers, not a file. */
  if (args->music != NULL && g_str_equal (id, "iacrea"))
    vitrine_job_set_option (job, VITRINE_JOB_OPTION_IACREA_MUSIC, args->music);
  else if (args->music != NULL)
    {
      g_autofree char *music = resolve_music (id, args->music, error);

      if (music == NULL)
        return FALSE;
      vitrine_job_set_music (job, music);
    }
  if (args->logo != NULL)
    {
      g_autofree char *logo = resolve_input (args->logo, TRUE, error);

      if (logo == NULL)
        return FALSE;
      vitrine_job_set_logo (job, logo);
    }
  if (args->outro != NULL)
    {
      /* Vikit takes an image or a video at the end. */
      g_autofree char *outro = resolve_input (args->outro, FALSE, error);

      if (outro == NULL)
        return FALSE;
      vitrine_job_set_outro (job, outro);
    }

  vitrine_job_set_description (job, args->description);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_NOTIFY_EMAIL, args->email);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_COLORS, args->colors);
  vitrine_job_set_option (job, VITRINE_JOB_OPTION_FONT, args->font);
  if (args->cover >= 0)
    {
      g_autofree char *cover = g_strdup_printf ("%d", args->cover);

      vitrine_job_set_option (job, VITRINE_JOB_OPTION_COVER, cover);
    }
  if (args->enhance != NULL)
    {
      g_autofree char *actions = g_strjoinv (",", args->enhance);

      vitrine_job_set_option (job, VITRINE_JOB_OPTION_ENHANCE, actions);
    }

  if (args->test_mode)
    vitrine_job_set_test_mode (job, TRUE);
  else if (args->live)
    vitrine_job_set_test_mode (job, FALSE);
  else
    vitrine_job_set_test_mode (job, vitrine_provider_get_capabilities (provider)->supports_test_mode &&
                                    vitrine_remote_default_test_mode (id));

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

int
vitrine_cli_submit (int    argc,
                    char **argv)
{
  g_auto(Args) args = { .cover = -1 };
  g_auto(VitrineCliListing) listing = { NULL };
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &args.provider, N_("vikit, iacrea, aixpose or vidgen (required)"), "ID" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &args.name, N_("Listing name"), "NAME" },
    { "ratio", 0, 0, G_OPTION_ARG_STRING, &args.ratio, N_("Aspect ratio: 16:9 (default), 9:16 or 1:1 (IACrea)"), "RATIO" },
    { "music", 0, 0, G_OPTION_ARG_FILENAME, &args.music, N_("Music: a file, a URL or a Vikit track name; IACrea’s music identifier"), "FILE|URL|TRACK" },
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &args.logo, N_("Logo image"), "FILE|URL" },
    { "outro", 0, 0, G_OPTION_ARG_FILENAME, &args.outro, N_("Image or video shown at the end (Vikit)"), "FILE|URL" },
    { "test-mode", 0, 0, G_OPTION_ARG_NONE, &args.test_mode, N_("Free, lower-quality preview (Vikit; the default until the setting vikit-test-mode is turned off)"), NULL },
    { "live", 0, 0, G_OPTION_ARG_NONE, &args.live, N_("A real, paid video"), NULL },
    { "email", 0, 0, G_OPTION_ARG_STRING, &args.email, N_("E-mail this address when the video is ready (Vikit)"), "ADDR" },
    { "description", 0, 0, G_OPTION_ARG_STRING, &args.description, N_("Listing description, 10 characters or more (IACrea)"), "TEXT" },
    { "colors", 0, 0, G_OPTION_ARG_STRING, &args.colors, N_("Background and text colors (IACrea)"), "BG,FG" },
    { "font", 0, 0, G_OPTION_ARG_STRING, &args.font, N_("Font (IACrea)"), "F" },
    { "cover", 0, 0, G_OPTION_ARG_INT, &args.cover, N_("The photo the video is made from, counted from 0 (VidGen; default 0)"), "N" },
    { "enhance", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.enhance, N_("An enhancement of every photo, from AIXpose’s catalogue; repeatable (AIXpose)"), "ACTION" },
    { "output-dir", 0, 0, G_OPTION_ARG_FILENAME, &args.output_dir, N_("Where to save the videos (default: the Videos folder)"), "DIR" },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &args.yes, N_("Confirm a paid video"), NULL },
    { "detach", 0, 0, G_OPTION_ARG_NONE, &args.detach, N_("Print the job id and go on in the background"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.inputs, NULL, N_("PHOTO_OR_URL…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("PHOTO_OR_URL… — have a video made by a cloud provider"));
  g_autoptr(VitrineJob) job = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProvider *provider;
  const char *misplaced;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  vitrine_cli_listing_add_entries (context, &listing);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Sends the photos to Vikit, IACrea (files are uploaded to your media\n"
                                  "host), AIXpose or VidGen (files are uploaded to it), follows the job\n"
                                  "and downloads every video it makes. VidGen makes one job at a time:\n"
                                  "the others wait, queued. A paid video needs --yes; without it the\n"
                                  "price is printed. API keys come from the keyring (Preferences) or\n"
                                  "$VITRINE_<PROVIDER>_API_KEY; VidGen’s address from $VITRINE_VIDGEN_URL.\n"
                                  "Exit status: 0 done, 1 the job failed, 2 bad arguments or input,\n"
                                  "or a paid video not confirmed."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return submit_usage_error (error->message);

  if (args.provider == NULL)
    return submit_usage_error (_("no provider: use --provider vikit, iacrea, aixpose or vidgen"));
  provider = vitrine_provider_lookup (args.provider);
  if (provider == NULL || !VITRINE_IS_REMOTE_PROVIDER (provider))
    return submit_usage_error (_("--provider must be vikit, iacrea, aixpose or vidgen"));
  if (args.inputs == NULL || args.inputs[0] == NULL)
    return submit_usage_error (_("no photos given"));
  if (args.test_mode && args.live)
    return submit_usage_error (_("--test-mode and --live exclude each other"));
  if ((misplaced = misplaced_option (&args, args.provider)) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s does not apply to %s"), misplaced,
                                                  vitrine_provider_get_display_name (provider));
      return submit_usage_error (message);
    }

  job = vitrine_job_new (args.provider);
  if (!fill_job (job, &args, provider, &error) ||
      !vitrine_cli_listing_apply (&listing, job, &error) ||
      !vitrine_provider_validate (provider, job, &error))
    return submit_usage_error (error->message);

  if (vitrine_provider_get_capabilities (provider)->is_paid && !vitrine_job_get_test_mode (job) &&
      !args.yes)
    {
      g_autofree char *cost = vitrine_provider_estimate_cost (provider, job);

      g_print (_("Cost: %s\n"), cost != NULL ? cost : _("unknown"));
      g_printerr (_("vitrine-cli: this video is paid; run again with --yes to confirm\n"));
      return EXIT_USAGE;
    }

  return run_job (job, args.detach);
}
