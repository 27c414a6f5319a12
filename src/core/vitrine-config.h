/* vitrine-config.h: endpoints and settings that core reads (no GTK)
 *
 * Environment first (VITRINE_<PROVIDER>_URL, VITRINE_S3_*: scripts and tests
 * need no settings), then GSettings (Preferences), then the built-in default.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The app's GSettings, or NULL when the schema is not installed (a CLI run
 * from a build tree without GSETTINGS_SCHEMA_DIR). */
GSettings *vitrine_config_get_settings   (void);

/* Whether the app's settings have @key (an older installed schema may lack
 * a newer key, and reading a missing key aborts). */
gboolean   vitrine_config_has_key        (const char *key);

/* VITRINE_<ID>_<SUFFIX> in upper case, e.g. ("vikit", "URL") → VITRINE_VIKIT_URL. */
char      *vitrine_config_env_name       (const char *provider_id,
                                          const char *suffix);

/* A string setting: $VITRINE_<ID>_<SUFFIX>, else the GSettings key @key
 * (when non-empty), else @fallback. */
char      *vitrine_config_get_string     (const char *provider_id,
                                          const char *suffix,
                                          const char *key,
                                          const char *fallback);

/* The base address of @provider_id: $VITRINE_<ID>_URL, else the setting
 * "<id>-url", else @fallback; without a trailing slash. */
char      *vitrine_config_get_endpoint   (const char *provider_id,
                                          const char *fallback);

/* The setting "<id>-test-mode" when there is one, else TRUE: a provider
 * with a test mode uses it until the agent turns it off. */
gboolean   vitrine_config_get_test_mode  (const char *provider_id);

/* Binds Vitrine's translations: those installed under the prefix, or those
 * of a build tree named by $VITRINE_LOCALEDIR (build-aux/run sets it, so
 * the app run from its build speaks the agent's language). */
void       vitrine_config_bind_textdomain (void);

G_END_DECLS
