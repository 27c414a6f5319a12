/* vitrine-cli-import.c: vitrine-cli import vidgen
 *
 * Adds the account's earlier VidGen jobs to the job history (the user's
 * store), each once: a second run adds only what is new. Prints how many
 * were added. Exit status: 0 done, 1 VidGen could not be read, 2 bad
 * arguments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-cli-import.h"
#include "vitrine-cli-private.h"
#include "vitrine-provider-vidgen.h"

typedef struct {
  GMainLoop *loop;
  GError    *error;
  guint      n;
} Import;

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Import *import = user_data;

  vitrine_provider_vidgen_import_finish (VITRINE_PROVIDER_VIDGEN (object), result, &import->n,
                                         &import->error);
  g_main_loop_quit (import->loop);
}

int
vitrine_cli_import (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("PROVIDER — add a provider’s earlier jobs to the history"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  VitrineProvider *provider;
  Import import = { 0 };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Adds the jobs of your VidGen account that the history does not\n"
                                  "have yet (finished ones with their video’s address), and prints\n"
                                  "how many. PROVIDER: vidgen."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vitrine-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc != 2 || !g_str_equal (argv[1], "vidgen"))
    {
      g_printerr ("vitrine-cli: %s\n", _("import takes one provider: vidgen"));
      g_printerr (_("Try “vitrine-cli import --help”.\n"));
      return EXIT_USAGE;
    }
  provider = vitrine_provider_lookup ("vidgen");

  store = vitrine_job_store_new_default ();
  if (vitrine_job_store_get_problem (store) != NULL)
    g_printerr ("vitrine-cli: %s\n", vitrine_job_store_get_problem (store));
  loop = g_main_loop_new (NULL, FALSE);
  import.loop = loop;
  vitrine_provider_vidgen_import_async (VITRINE_PROVIDER_VIDGEN (provider), store, NULL,
                                        imported_cb, &import);
  g_main_loop_run (loop);
  if (import.error != NULL)
    {
      g_printerr ("vitrine-cli: %s\n", import.error->message);
      g_error_free (import.error);
      return EXIT_FAILED;
    }
  g_print (ngettext ("Imported %u job from VidGen.\n", "Imported %u jobs from VidGen.\n", import.n),
           import.n);
  return EXIT_OK;
}
