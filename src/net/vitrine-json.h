/* vitrine-json.h: typed getters for the members of a reply
 *
 * The one family of JSON getters in Vitrine: the HTTP layer, the media host
 * and the providers' reply readers use these rather than their own. They
 * need json-glib only (a reply reader built alone, as the fuzzers build
 * them, can use them). The HTTP layer's vitrine_json_require_*() add an
 * error for a member that must be there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Members of @object (which may be NULL): NULL, FALSE or @fallback when
 * absent, null or of another type. */
JsonNode   *vitrine_json_get_member     (JsonObject  *object,
                                         const char  *member);
const char *vitrine_json_get_string     (JsonObject  *object,
                                         const char  *member);
JsonArray  *vitrine_json_get_array      (JsonObject  *object,
                                         const char  *member);
/* An int, which may be written as a whole double (4.0), into @value. */
gboolean    vitrine_json_lookup_int     (JsonObject  *object,
                                         const char  *member,
                                         gint64      *value);
gint64      vitrine_json_get_int        (JsonObject  *object,
                                         const char  *member,
                                         gint64       fallback);
/* Any finite number, int or double, into @value. */
gboolean    vitrine_json_get_number     (JsonObject  *object,
                                         const char  *member,
                                         double      *value);

G_END_DECLS
