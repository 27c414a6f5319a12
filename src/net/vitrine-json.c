/* vitrine-json.c: typed getters for the members of a reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "vitrine-http.h"
#include "vitrine-json.h"

static JsonNode *
json_member (JsonObject *object,
             const char *member)
{
  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  return json_object_get_member (object, member);
}

static gboolean
json_node_to_int (JsonNode *node,
                  gint64   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d == (double) (gint64) d)
        {
          *value = (gint64) d;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
vitrine_json_require_string (JsonObject  *object,
                             const char  *member,
                             GError     **error)
{
  const char *value = vitrine_json_get_string (object, member);

  g_return_val_if_fail (member != NULL, NULL);

  if (value == NULL)
    g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                 _("The server’s reply has no text “%s”."), member);
  return value;
}

gboolean
vitrine_json_require_int (JsonObject  *object,
                          const char  *member,
                          gint64      *value,
                          GError     **error)
{
  gint64 result = 0;

  g_return_val_if_fail (member != NULL, FALSE);

  if (!json_node_to_int (json_member (object, member), &result))
    {
      g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                   _("The server’s reply has no number “%s”."), member);
      return FALSE;
    }
  if (value != NULL)
    *value = result;
  return TRUE;
}

JsonArray *
vitrine_json_require_array (JsonObject  *object,
                            const char  *member,
                            GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (member != NULL, NULL);

  node = json_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, VITRINE_HTTP_ERROR, VITRINE_HTTP_ERROR_BAD_REPLY,
                   _("The server’s reply has no list “%s”."), member);
      return NULL;
    }
  return json_node_get_array (node);
}

const char *
vitrine_json_get_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (member != NULL, NULL);

  node = json_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
vitrine_json_get_int (JsonObject *object,
                      const char *member,
                      gint64      fallback)
{
  gint64 value;

  g_return_val_if_fail (member != NULL, fallback);

  if (json_node_to_int (json_member (object, member), &value))
    return value;
  return fallback;
}


gboolean
vitrine_json_get_number (JsonObject *object,
                         const char *member,
                         double     *value)
{
  JsonNode *node;
  GType type;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  node = json_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*value);
}
