/* vitrine-http-redact.h: secrets out of every log line
 *
 * API keys never reach a log, G_MESSAGES_DEBUG=all included: the HTTP layer
 * passes every line it logs through vitrine_http_redact(), and the request
 * type registers the names of its secret headers and JSON members here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VITRINE_HTTP_REDACTED "[REDACTED]"

/* @text with secrets (keys in the known header names, JSON members,
 * X-Amz-Signature / X-Amz-Credential / token query values) replaced. */
char     *vitrine_http_redact                  (const char         *text);

/* Names whose values are secret from now on, for the whole process. */
void      vitrine_http_redact_add_header       (const char         *name);
void      vitrine_http_redact_add_member       (const char         *name);
/* Is @name a header known as secret (Authorization, X-API-Key…)? */
gboolean  vitrine_http_redact_is_secret_header (const char         *name);

/* What a log may show of the JSON text @json: the members named in
 * @secret_members (which join the known names) or known as secret hold
 * "[REDACTED]" at any depth, cut to @max bytes; "(JSON)" when it is not JSON.
 * The string values they held are added to @values. */
char     *vitrine_http_redact_json             (const char         *json,
                                                const char * const *secret_members,
                                                gsize               max,
                                                GPtrArray          *values);
/* @data with every one of @values (a request's secrets, NUL-terminated
 * strings) replaced by "[REDACTED]": a reply that echoes a key (in an
 * error's text, say) brings it nowhere, log, job or screen. */
GBytes   *vitrine_http_redact_values           (GBytes             *data,
                                                GPtrArray          *values);
/* At most @max bytes of @text (@len bytes, or -1), made valid UTF-8 and cut
 * on a character. */
char     *vitrine_http_shorten                 (const char         *text,
                                                gssize              len,
                                                gsize               max);

G_END_DECLS
