/* vitrine-cli-import.c: vitrine-cli import PROVIDER
 *
 * Adds the account's earlier jobs at a provider that declares an import
 * (vitrine-provider-declaration.h) to the job history (the user's store),
 * each once: a second run adds only what is new. Prints how many were
 * added. Exit status: 0 done, 1 the provider could not be read, 2 bad
 * arguments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-cli-import.h"
#include "vitrine-cli-private.h"
#include "vitrine-job-store.h"
#include "vitrine-provider.h"

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
  VitrineProvider *provider = VITRINE_PROVIDER (object);

  vitrine_provider_get_declaration (provider)->import_finish (provider, result, &import->n,
                                                              &import->error);
  g_main_loop_quit (import->loop);
}

/* The ids of the providers that can import, "one" or "one, two". */
char *
vitrine_cli_dup_import_ids (void)
{
  GListModel *list = vitrine_provider_list ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VitrineProvider) provider = g_list_model_get_item (list, i);

      if (vitrine_provider_get_declaration (provider)->import_async != NULL)
        g_ptr_array_add (ids, (gpointer) vitrine_provider_get_id (provider));
    }
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (", ", (char **) ids->pdata);
}

static VitrineProvider *
importer_lookup (const char *id)
{
  VitrineProvider *provider = vitrine_provider_lookup (id);

  if (provider == NULL || vitrine_provider_get_declaration (provider)->import_async == NULL)
    return NULL;
  return provider;
}

static int
import_usage_error (void)
{
  g_autofree char *ids = vitrine_cli_dup_import_ids ();

  g_printerr ("vitrine-cli: ");
  g_printerr (_("import takes one provider: %s"), ids);
  g_printerr ("\n");
  g_printerr (_("Try “vitrine-cli import --help”.\n"));
  return EXIT_USAGE;
}

int
vitrine_cli_import (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("PROVIDER — add a provider’s earlier jobs to the history"));
  g_autofree char *ids = vitrine_cli_dup_import_ids ();
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineJobStore) store = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  VitrineProvider *provider;
  Import import = { 0 };

  summary = g_strdup_printf (_("Adds the jobs of your account at the provider that the history "
                               "does not\nhave yet (finished ones with their video’s address), "
                               "and prints\nhow many. PROVIDER: %s."), ids);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vitrine-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc != 2 || (provider = importer_lookup (argv[1])) == NULL)
    return import_usage_error ();

  store = vitrine_job_store_new_default ();
  if (vitrine_job_store_get_problem (store) != NULL)
    g_printerr ("vitrine-cli: %s\n", vitrine_job_store_get_problem (store));
  loop = g_main_loop_new (NULL, FALSE);
  import.loop = loop;
  vitrine_provider_get_declaration (provider)->import_async (provider, store, NULL, imported_cb,
                                                             &import);
  g_main_loop_run (loop);
  if (import.error != NULL)
    {
      g_printerr ("vitrine-cli: %s\n", import.error->message);
      g_error_free (import.error);
      return EXIT_FAILED;
    }
  /* Translators: "Imported 3 jobs from <provider name>." */
  g_print (ngettext ("Imported %u job from %s.\n", "Imported %u jobs from %s.\n", import.n),
           import.n, vitrine_provider_get_display_name (provider));
  return EXIT_OK;
}
