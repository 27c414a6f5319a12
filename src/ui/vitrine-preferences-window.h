/* vitrine-preferences-window.h: Preferences (keys, addresses, media host, folder)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vitrine-provider-page.h"

G_BEGIN_DECLS

/* s: a provider id. Opens Preferences on that provider's API key. */
#define VITRINE_PREFERENCES_ACTION_PROVIDER_KEY "app.provider-key"

#define VITRINE_TYPE_PREFERENCES_WINDOW (vitrine_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VitrinePreferencesWindow, vitrine_preferences_window,
                      VITRINE, PREFERENCES_WINDOW, AdwPreferencesWindow)

VitrinePreferencesWindow *vitrine_preferences_window_new              (GtkWindow                *parent);

/* The application's Preferences window, made on first use (app.preferences
 * presents it). */
VitrinePreferencesWindow *vitrine_preferences_window_ensure           (GtkApplication           *application);

/* Shows @provider_id's page with its API key row focused (a job failed
 * because the provider refused the key, or there was none). */
void                      vitrine_preferences_window_show_key_row     (VitrinePreferencesWindow *self,
                                                                       const char               *provider_id);
/* The page of @provider_id, or NULL. */
VitrineProviderPage      *vitrine_preferences_window_get_provider_page (VitrinePreferencesWindow *self,
                                                                        const char               *provider_id);

/* The media host's Test: saves the page's fields (the secret key to the
 * keyring), then checks the bucket. */
void                      vitrine_preferences_window_test_media_host  (VitrinePreferencesWindow *self);
gboolean                  vitrine_preferences_window_get_testing      (VitrinePreferencesWindow *self);
/* The last test's outcome: NULL before any, and @success. */
const char               *vitrine_preferences_window_get_test_result  (VitrinePreferencesWindow *self,
                                                                       gboolean                 *success);

/* app.preferences (Ctrl+comma) and app.provider-key. */
void                      vitrine_preferences_window_add_app_actions  (GtkApplication           *application);

G_END_DECLS
