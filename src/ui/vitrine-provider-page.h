/* vitrine-provider-page.h: a cloud provider's page in Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vitrine-provider.h"
#include "vitrine-secret-field.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_PROVIDER_PAGE (vitrine_provider_page_get_type ())
G_DECLARE_FINAL_TYPE (VitrineProviderPage, vitrine_provider_page, VITRINE, PROVIDER_PAGE, AdwPreferencesPage)

/* The page of @provider, made from its declaration. */
VitrineProviderPage *vitrine_provider_page_new             (VitrineProvider     *provider);
const char         *vitrine_provider_page_get_provider_id  (VitrineProviderPage *self);
VitrineSecretField *vitrine_provider_page_get_secret_field (VitrineProviderPage *self);
AdwEntryRow        *vitrine_provider_page_get_key_row      (VitrineProviderPage *self);
AdwEntryRow        *vitrine_provider_page_get_endpoint_row (VitrineProviderPage *self);
/* Saves the address row's text to the "<id>-url" setting when it can be
 * used; otherwise says why under the row and changes nothing. */
gboolean            vitrine_provider_page_apply_endpoint   (VitrineProviderPage *self);
/* The message under the address row, or NULL. */
const char         *vitrine_provider_page_get_endpoint_error (VitrineProviderPage *self);
void                vitrine_provider_page_focus_key        (VitrineProviderPage *self);
/* The Test button (a provider with a health or balance call): saves the key
 * and address typed, then asks the provider. */
void                vitrine_provider_page_test             (VitrineProviderPage *self);
/* What the last test said, or NULL. */
const char         *vitrine_provider_page_get_test_result  (VitrineProviderPage *self);

/* Whether @text can be a service address: https, or http to this computer
 * (vitrine_http_check_url). With @bare_host, "host[:port]" means https. */
gboolean            vitrine_check_address                  (const char          *text,
                                                            gboolean             bare_host,
                                                            GError             **error);

/* A Test button's parts while it runs (@testing), and what it found. */
void                vitrine_preferences_show_testing       (GtkSpinner          *spinner,
                                                            GtkWidget           *button,
                                                            GtkLabel            *result,
                                                            gboolean             testing);
void                vitrine_preferences_show_result        (GtkLabel            *result,
                                                            gboolean             success,
                                                            const char          *message);

/* A toast on the Preferences window @widget is in (a no-op elsewhere). The
 * pages connect it, swapped, to their VitrineSecretField's "message". */
void                vitrine_preferences_toast              (GtkWidget           *widget,
                                                            const char          *text);

G_END_DECLS
