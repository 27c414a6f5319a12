/* vitrine-agent-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vitrine-agent-profile.h"

/* The setting of an agent's member: "agent-brand-bg" for brand_bg. */
static char *
dup_key (const VitrineStringMember *member)
{
  return g_strdelimit (g_strconcat ("agent-", member->name, NULL), "_", '-');
}

VitrineAgent *
vitrine_agent_profile_load (GSettings *settings)
{
  VitrineAgent *agent = vitrine_agent_new ();

  for (const VitrineStringMember *m = vitrine_agent_members; settings != NULL && m->name; m++)
    {
      g_autofree char *key = dup_key (m);
      g_autofree char *value = g_settings_get_string (settings, key);

      if (*g_strstrip (value) != '\0')
        VITRINE_STRING_RECORD_GET (agent, m) = g_steal_pointer (&value);
    }
  return agent;
}

char *
vitrine_agent_profile_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "vitrine", "agent", NULL);
}

char *
vitrine_agent_profile_copy_image (const char  *path,
                                  const char  *kind,
                                  GError     **error)
{
  g_autofree char *dir = vitrine_agent_profile_dir ();
  g_autofree char *contents = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *name = NULL;
  g_autofree char *copy = NULL;
  const char *dot = strrchr (path, '.');
  gsize length;

  if (g_str_has_prefix (path, dir) && path[strlen (dir)] == G_DIR_SEPARATOR)
    return g_strdup (path);
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  name = g_strdup_printf ("%s-%.16s%s", kind, sum,
                          dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL ? dot : "");
  copy = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (errno));
      return NULL;
    }
  /* the same content has the same name: an existing copy is that content */
  if (!g_file_test (copy, G_FILE_TEST_EXISTS) &&
      !g_file_set_contents (copy, contents, length, error))
    return NULL;
  return g_steal_pointer (&copy);
}

gboolean
vitrine_agent_profile_save (GSettings           *settings,
                            const VitrineAgent  *agent,
                            GError             **error)
{
  g_autoptr(VitrineAgent) saved = vitrine_agent_copy (agent);
  const char *kinds[] = { "photo", "logo" };
  char **images[] = { &saved->photo, &saved->logo };

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      char *copy;

      if (*images[i] == NULL)
        continue;
      if (!(copy = vitrine_agent_profile_copy_image (*images[i], kinds[i], error)))
        return FALSE;
      g_free (*images[i]);
      *images[i] = copy;
    }
  for (const VitrineStringMember *m = vitrine_agent_members; m->name != NULL; m++)
    {
      g_autofree char *key = dup_key (m);
      const char *value = VITRINE_STRING_RECORD_GET (saved, m);

      g_settings_set_string (settings, key, value != NULL ? value : "");
    }
  return TRUE;
}
