/* vitrine-json.c: typed getters for the members of a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "vitrine-json.h"

JsonNode *
vitrine_json_get_member (JsonObject *object,
                         const char *member)
{
  g_return_val_if_fail (member != NULL, NULL);

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  return json_object_get_member (object, member);
}

/* The type of @member's value (G_TYPE_INVALID when it is missing or no
 * value), and its @node. */
static GType
member_value_type (JsonObject  *object,
                   const char  *member,
                   JsonNode   **node)
{
  *node = vitrine_json_get_member (object, member);
  if (*node == NULL || !JSON_NODE_HOLDS_VALUE (*node))
    return G_TYPE_INVALID;
  return json_node_get_value_type (*node);
}

const char *
vitrine_json_get_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node;

  if (member_value_type (object, member, &node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonArray *
vitrine_json_get_array (JsonObject *object,
                        const char *member)
{
  JsonNode *node = vitrine_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

gboolean
vitrine_json_lookup_int (JsonObject *object,
                         const char *member,
                         gint64     *value)
{
  JsonNode *node;
  GType type = member_value_type (object, member, &node);
  double d;

  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type != G_TYPE_DOUBLE)
    return FALSE;
  d = json_node_get_double (node);
  if (d != (double) (gint64) d)
    return FALSE;
  *value = (gint64) d;
  return TRUE;
}

gint64
vitrine_json_get_int (JsonObject *object,
                      const char *member,
                      gint64      fallback)
{
  gint64 value;

  return vitrine_json_lookup_int (object, member, &value) ? value : fallback;
}

gboolean
vitrine_json_get_number (JsonObject *object,
                         const char *member,
                         double     *value)
{
  JsonNode *node;
  GType type;

  g_return_val_if_fail (value != NULL, FALSE);

  type = member_value_type (object, member, &node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*value);
}
