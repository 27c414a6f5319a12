/* vitrine-json.h: typed getters for the members of a reply
 *
 * The one family of JSON getters in Vitrine: the HTTP layer, the media host
 * and every provider's reply reader use these rather than their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Required members: a missing or mistyped one is a
 * VITRINE_HTTP_ERROR_BAD_REPLY naming it; unknown members are ignored.
 * An int may be written as a whole double (4.0); @object may be NULL. */
const char *vitrine_json_require_string (JsonObject  *object,
                                         const char  *member,
                                         GError     **error);
gboolean    vitrine_json_require_int    (JsonObject  *object,
                                         const char  *member,
                                         gint64      *value,
                                         GError     **error);
JsonArray  *vitrine_json_require_array  (JsonObject  *object,
                                         const char  *member,
                                         GError     **error);

/* Optional members: NULL / @fallback / FALSE when absent, null or of
 * another type. */
const char *vitrine_json_get_string     (JsonObject  *object,
                                         const char  *member);
gint64      vitrine_json_get_int        (JsonObject  *object,
                                         const char  *member,
                                         gint64       fallback);
/* Any finite number, int or double, into @value. */
gboolean    vitrine_json_get_number     (JsonObject  *object,
                                         const char  *member,
                                         double      *value);

G_END_DECLS
