/* vd-json.c — reading the server's JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-json"

#include "config.h"

#include "vd-api-error.h"
#include "vd-json.h"

static JsonNode *
lookup (JsonObject *object,
        const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return (node == NULL || JSON_NODE_HOLDS_NULL (node)) ? NULL : node;
}

static gboolean
wrong_type (const char  *member,
            const char  *expected,
            GError     **error)
{
  g_autofree char *detail = g_strdup_printf ("“%s” is not %s", member, expected);

  g_propagate_error (error, vd_api_error_new_protocol (detail));
  return FALSE;
}

gboolean
vd_json_get_string (JsonObject  *object,
                    const char  *member,
                    const char **value,
                    GError     **error)
{
  JsonNode *node = lookup (object, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (member, "a string", error);

  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
vd_json_require_string (JsonObject  *object,
                        const char  *member,
                        const char **value,
                        GError     **error)
{
  if (!vd_json_get_string (object, member, value, error))
    return FALSE;

  if (*value == NULL || **value == '\0')
    return wrong_type (member, "there", error);

  return TRUE;
}

gboolean
vd_json_get_int (JsonObject  *object,
                 const char  *member,
                 gint64      *value,
                 GError     **error)
{
  JsonNode *node = lookup (object, member);

  *value = 0;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (member, "a whole number", error);

  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
vd_json_get_boolean (JsonObject  *object,
                     const char  *member,
                     gboolean    *value,
                     GError     **error)
{
  JsonNode *node = lookup (object, member);

  *value = FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (member, "true or false", error);

  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
vd_json_get_time (JsonObject  *object,
                  const char  *member,
                  GDateTime  **value,
                  GError     **error)
{
  g_autoptr(GTimeZone) utc = NULL;
  const char *text;

  *value = NULL;
  if (!vd_json_get_string (object, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  utc = g_time_zone_new_utc ();
  *value = g_date_time_new_from_iso8601 (text, utc);
  if (*value == NULL)
    return wrong_type (member, "a date and time", error);

  return TRUE;
}

gboolean
vd_json_get_object (JsonObject  *object,
                    const char  *member,
                    JsonObject **value,
                    GError     **error)
{
  JsonNode *node = lookup (object, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (member, "an object", error);

  *value = json_node_get_object (node);
  return TRUE;
}

gboolean
vd_json_get_array (JsonObject  *object,
                   const char  *member,
                   JsonArray  **value,
                   GError     **error)
{
  JsonNode *node = lookup (object, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (member, "a list", error);

  *value = json_node_get_array (node);
  return TRUE;
}

JsonNode *
vd_json_envelope_result (JsonNode  *root,
                         GError   **error)
{
  JsonObject *object;
  JsonNode *result;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, vd_api_error_new_protocol ("the answer is not an object"));
      return NULL;
    }

  object = json_node_get_object (root);
  result = json_object_get_member (object, "result");
  if (result == NULL)
    result = json_object_get_member (object, "data");
  if (result == NULL)
    {
      g_propagate_error (error, vd_api_error_new_protocol ("the answer has neither result nor data"));
      return NULL;
    }

  return result;
}

gint64
vd_json_envelope_total (JsonNode *root)
{
  JsonObject *meta, *pagination;
  gint64 total;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return -1;

  if (!vd_json_get_object (json_node_get_object (root), "meta", &meta, NULL) || meta == NULL ||
      !vd_json_get_object (meta, "pagination", &pagination, NULL) || pagination == NULL ||
      lookup (pagination, "total") == NULL ||  /* null is missing, not 0 */
      !vd_json_get_int (pagination, "total", &total, NULL) || total < 0)
    return -1;

  return total;
}

char *
vd_json_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
vd_json_check_depth (const char *data,
                     gsize       length,
                     guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '\'' || c == '/')
        {
          /* Never JSON, but json-glib 1.6 reads 'single-quoted strings' and
           * comments, which could hide a '"' from this scan, and with it
           * the brackets after it: refuse such a body outright */
          return FALSE;
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}
