/* vitrine-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "vitrine-config.h"

GSettings *
vitrine_config_get_settings (void)
{
  static GSettings *settings;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
      if (schema != NULL)
        settings = g_settings_new (APP_ID);
      g_once_init_leave (&initialized, 1);
    }
  return settings;
}

char *
vitrine_config_env_name (const char *provider_id,
                         const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("VITRINE_%s_%s", provider_id, suffix);

  g_strdelimit (name, "-", '_');
  return g_ascii_strup (name, -1);
}

gboolean
vitrine_config_has_key (const char *key)
{
  GSettings *settings = vitrine_config_get_settings ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL || key == NULL)
    return FALSE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

char *
vitrine_config_get_string (const char *provider_id,
                           const char *suffix,
                           const char *key,
                           const char *fallback)
{
  g_autofree char *env_name = vitrine_config_env_name (provider_id, suffix);
  const char *env = g_getenv (env_name);
  GSettings *settings;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  settings = vitrine_config_get_settings ();
  if (vitrine_config_has_key (key))
    {
      g_autofree char *value = g_settings_get_string (settings, key);

      if (value != NULL && *value != '\0')
        return g_steal_pointer (&value);
    }
  return g_strdup (fallback);
}

char *
vitrine_config_get_endpoint (const char *provider_id,
                             const char *fallback)
{
  g_autofree char *key = g_strdup_printf ("%s-url", provider_id);
  char *url = vitrine_config_get_string (provider_id, "URL", key, fallback);
  gsize len = url != NULL ? strlen (url) : 0;

  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';
  return url;
}

gboolean
vitrine_config_get_test_mode (const char *provider_id)
{
  GSettings *settings = vitrine_config_get_settings ();
  g_autofree char *key = g_strdup_printf ("%s-test-mode", provider_id);

  if (vitrine_config_has_key (key))
    return g_settings_get_boolean (settings, key);
  return TRUE;
}

void
vitrine_config_bind_textdomain (void)
{
  const char *dir = g_getenv ("VITRINE_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
