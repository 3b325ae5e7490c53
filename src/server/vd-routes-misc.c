/* vd-routes-misc.c — /audits and /api-keys/…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-routes-misc"

#include "config.h"

#include <string.h>

#include "vd-server-private.h"

/* Audit log */

#define AUDIT_COLUMNS \
  "SELECT a.id, a.actor_id, u.first_name, u.last_name, u.email, a.action, a.entity_type, a.entity_id," \
  " a.metadata, a.ip_address, a.created_at FROM audits a LEFT JOIN users u ON u.id = a.actor_id"
#define AUDIT_WHERE \
  " WHERE a.organization_id = ?1 AND (?2 IS NULL OR a.action = ?2) AND (?3 IS NULL OR a.actor_id = ?3)" \
  " AND (?4 IS NULL OR a.created_at >= ?4) AND (?5 IS NULL OR a.created_at <= ?5)" \
  " AND (?6 IS NULL OR a.action LIKE ?6 ESCAPE '\\' OR u.email LIKE ?6 ESCAPE '\\'" \
  "      OR (u.first_name || ' ' || u.last_name) LIKE ?6 ESCAPE '\\')"
#define AUDIT_QUERY(order) AUDIT_COLUMNS AUDIT_WHERE " ORDER BY " order " LIMIT ?7 OFFSET ?8"

static JsonNode *
audit_row_to_json (VdStmt *stmt)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonNode) metadata = json_from_string (vd_stmt_text (stmt, 8), NULL);

  vd_json_set_text (object, "id", stmt, 0);
  if (vd_stmt_is_null (stmt, 1) || vd_stmt_is_null (stmt, 4))
    json_object_set_null_member (object, "actor");
  else
    {
      JsonObject *actor = json_object_new ();

      vd_json_set_text (actor, "id", stmt, 1);
      vd_json_set_text (actor, "first_name", stmt, 2);
      vd_json_set_text (actor, "last_name", stmt, 3);
      vd_json_set_text (actor, "email", stmt, 4);
      json_object_set_object_member (object, "actor", actor);
    }
  vd_json_set_text (object, "action", stmt, 5);
  vd_json_set_text (object, "entity_type", stmt, 6);
  vd_json_set_text (object, "entity_id", stmt, 7);
  if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
    json_object_set_member (object, "metadata", g_steal_pointer (&metadata));
  else
    json_object_set_object_member (object, "metadata", json_object_new ());
  vd_json_set_text (object, "ip_address", stmt, 9);
  vd_json_set_time (object, "created_at", stmt, 10);

  return vd_json_node_take_object (object);
}

static void
audits_list (VdRequest *req)
{
  static const char * const sort_keys[] = { "created_at", "action", NULL };
  static const char * const filters[] = {
    "filter[action][eq]", "filter[actor_id][eq]", "filter[created_at][between]", NULL
  };
  g_auto(VdListParams) params = { 0 };
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(VdStmt) stmt = NULL;
  const char *between;
  const char *sql;
  gint64 from = 0, to = 0;
  gboolean has_range = FALSE;
  gint64 total;

  if (!vd_list_params_parse (req, sort_keys, "-created_at", &params) ||
      !vd_list_params_check_filters (req, filters))
    return;

  between = vd_list_filter (req, "created_at", "between");
  if (between != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (between, ",", -1);

      if (g_strv_length (parts) != 2 || !vd_time_from_iso (g_strstrip (parts[0]), &from) ||
          !vd_time_from_iso (g_strstrip (parts[1]), &to) || from > to)
        {
          vd_reply_invalid (req, "filter[created_at][between]", "invalid",
                            "Give two ISO 8601 dates or times, the earlier first, separated by a comma");
          return;
        }
      /* A bare date as the end means the whole of that day */
      if (strlen (parts[1]) == 10)
        to += G_TIME_SPAN_DAY - 1;
      has_range = TRUE;
    }

  if (g_str_equal (params.sort, "action"))
    sql = params.descending ? AUDIT_QUERY ("a.action DESC, a.seq DESC") : AUDIT_QUERY ("a.action, a.seq DESC");
  else
    sql = params.descending ? AUDIT_QUERY ("a.created_at DESC, a.seq DESC") : AUDIT_QUERY ("a.created_at, a.seq");

#define AUDIT_ARGS \
  req->org_id, vd_list_filter (req, "action", "eq"), vd_list_filter (req, "actor_id", "eq")

  if (has_range)
    {
      total = vd_database_query_int (req->db, 0,
                                     "SELECT count(*) FROM audits a LEFT JOIN users u ON u.id = a.actor_id" AUDIT_WHERE,
                                     "sssiis", AUDIT_ARGS, from, to, params.search_like);
      stmt = vd_database_query (req->db, sql, "sssiisii", AUDIT_ARGS, from, to, params.search_like,
                                params.limit, params.offset);
    }
  else
    {
      total = vd_database_query_int (req->db, 0,
                                     "SELECT count(*) FROM audits a LEFT JOIN users u ON u.id = a.actor_id" AUDIT_WHERE,
                                     "sssnns", AUDIT_ARGS, params.search_like);
      stmt = vd_database_query (req->db, sql, "sssnnsii", AUDIT_ARGS, params.search_like,
                                params.limit, params.offset);
    }
#undef AUDIT_ARGS

  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_element (items, audit_row_to_json (stmt));

  vd_reply_list (req, "Audit log", items, params.page, params.limit, total);
}

/* API keys */

#define API_KEY_COLUMNS \
  "SELECT id, organization_id, name, origin, permissions, permissions_format, key_prefix, created_by," \
  " created_at, expires_at FROM api_keys"

static JsonNode *
api_key_row_to_json (VdStmt     *stmt,
                     const char *key)
{
  JsonObject *object = json_object_new ();
  g_autofree char *prefix = g_strconcat ("vdk_", vd_stmt_text (stmt, 6), "…", NULL);

  vd_json_set_text (object, "id", stmt, 0);
  vd_json_set_text (object, "organization_id", stmt, 1);
  vd_json_set_text (object, "name", stmt, 2);
  json_object_set_string_member (object, "type", "organization");
  vd_json_set_text (object, "origin", stmt, 3);
  json_object_set_boolean_member (object, "allow_cors_enabled", vd_stmt_text (stmt, 3)[0] != '\0');
  if (g_str_equal (vd_stmt_text (stmt, 5), "string"))
    vd_json_set_text (object, "permissions", stmt, 4);
  else
    json_object_set_member (object, "permissions", vd_permissions_text_to_json (vd_stmt_text (stmt, 4)));
  json_object_set_string_member (object, "api_key_prefix", prefix);
  if (key != NULL)
    json_object_set_string_member (object, "api_key", key);
  vd_json_set_text (object, "created_by", stmt, 7);
  vd_json_set_time (object, "created_at", stmt, 8);
  vd_json_set_time (object, "expires_at", stmt, 9);

  return vd_json_node_take_object (object);
}

/* Owners and admins see every key of the organization; members with the api
 * grant see the keys they made. */
static const char *
key_owner_filter (VdRequest *req)
{
  return vd_role_is_admin (req->role) ? NULL : req->user_id;
}

static void
api_keys_list (VdRequest *req)
{
  static const char * const sort_keys[] = { "created_at", "name", "expires_at", NULL };
  g_auto(VdListParams) params = { 0 };
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(VdStmt) stmt = NULL;
  const char *sql;
  gint64 total;

#define API_KEY_WHERE \
  " WHERE organization_id = ?1 AND (?2 IS NULL OR created_by = ?2) AND (?3 IS NULL OR name LIKE ?3 ESCAPE '\\')"
#define API_KEY_QUERY(order) API_KEY_COLUMNS API_KEY_WHERE " ORDER BY " order " LIMIT ?4 OFFSET ?5"

  if (!vd_list_params_parse (req, sort_keys, "-created_at", &params) ||
      !vd_list_params_check_filters (req, NULL))
    return;

  if (g_str_equal (params.sort, "name"))
    sql = params.descending ? API_KEY_QUERY ("name COLLATE NOCASE DESC, id") : API_KEY_QUERY ("name COLLATE NOCASE, id");
  else if (g_str_equal (params.sort, "expires_at"))
    sql = params.descending ? API_KEY_QUERY ("expires_at DESC, id") : API_KEY_QUERY ("expires_at, id");
  else
    sql = params.descending ? API_KEY_QUERY ("created_at DESC, id") : API_KEY_QUERY ("created_at, id");

  total = vd_database_query_int (req->db, 0, "SELECT count(*) FROM api_keys" API_KEY_WHERE,
                                 "sss", req->org_id, key_owner_filter (req), params.search_like);
  stmt = vd_database_query (req->db, sql, "sssii", req->org_id, key_owner_filter (req), params.search_like,
                            params.limit, params.offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_element (items, api_key_row_to_json (stmt, NULL));

  vd_reply_list (req, "API keys", items, params.page, params.limit, total);
#undef API_KEY_QUERY
}

/* The legacy form: a JSON object of booleans, serialized into a string */
static gboolean
valid_flag_string (VdRequest  *req,
                   const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  /* json-glib recurses without a limit: a string of 200,000 '[' would
   * overflow the stack. SQLite's strict parser stops at depth 2000. */
  if (vd_database_query_int (req->db, 0, "SELECT json_valid (?)", "s", text) != 1)
    return FALSE;

  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    if (strlen (name) == 0 || strlen (name) > 100 || !JSON_NODE_HOLDS_VALUE (value) ||
        json_node_get_value_type (value) != G_TYPE_BOOLEAN)
      return FALSE;

  return TRUE;
}

static void
api_keys_create (VdRequest *req)
{
  const char *name, *origin, *expires_text;
  JsonNode *permissions_node;
  g_autoptr(VdPermissions) permissions = NULL;
  g_autoptr(VdTransaction) tx = NULL;
  g_autofree char *id = vd_id_new ();
  g_autofree char *key = vd_token_new ("vdk_");
  g_autofree char *key_hash = vd_token_hash (key);
  g_autofree char *prefix = g_strndup (key + 4, 8);
  g_autofree char *permissions_text = NULL;
  g_autoptr(VdStmt) stmt = NULL;
  const char *format = "array";
  gint64 expires_at = 0;
  gboolean expires = FALSE;
  JsonObject *metadata;
  gboolean ok;

  if (!vd_body_string (req, "name", TRUE, 2, VD_MAX_NAME_LENGTH, &name) ||
      !vd_body_string (req, "origin", TRUE, 1, VD_MAX_NAME_LENGTH, &origin))
    return;

  permissions_node = json_object_get_member (req->body, "permissions");
  if (permissions_node == NULL)
    {
      vd_reply_invalid (req, "permissions", "required", "This field is required");
      return;
    }
  if (JSON_NODE_HOLDS_VALUE (permissions_node) && json_node_get_value_type (permissions_node) == G_TYPE_STRING)
    {
      if (!valid_flag_string (req, json_node_get_string (permissions_node)))
        {
          vd_reply_invalid (req, "permissions", "invalid",
                            "A string of permissions must be a JSON object of true and false flags");
          return;
        }
      /* The legacy flags name no projects, so nothing bounds them by the
       * creator's own grants: only owners and admins may use them */
      if (!vd_role_is_admin (req->role))
        {
          vd_reply_forbidden (req, "Only owners and admins can give a key legacy permissions");
          return;
        }
      format = "string";
      permissions_text = g_strdup (json_node_get_string (permissions_node));
    }
  else
    {
      g_autoptr(JsonNode) normalized = NULL;

      if (!vd_body_permissions (req, "permissions", TRUE, &permissions))
        return;
      if (!vd_role_is_admin (req->role) && !vd_permissions_contains (req->permissions, permissions))
        {
          vd_reply_forbidden (req, "A key cannot have more rights than the person who makes it");
          return;
        }
      normalized = vd_permissions_to_json (permissions);
      permissions_text = json_to_string (normalized, FALSE);
    }

  if (!json_object_has_member (req->body, "expires_at"))
    {
      vd_reply_invalid (req, "expires_at", "required", "Give an expiry date, or null for a key that never expires");
      return;
    }
  if (!vd_body_string (req, "expires_at", FALSE, 1, 64, &expires_text))
    return;
  if (expires_text != NULL)
    {
      if (!vd_time_from_iso (expires_text, &expires_at))
        {
          vd_reply_invalid (req, "expires_at", "invalid", "Give the date and time in ISO 8601");
          return;
        }
      if (expires_at <= req->now)
        {
          vd_reply_invalid (req, "expires_at", "invalid", "The expiry must be in the future");
          return;
        }
      expires = TRUE;
    }

  tx = vd_database_begin (req->db);
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "name", name);
  ok = (expires
        ? vd_database_exec (req->db,
                            "INSERT INTO api_keys (id, organization_id, name, origin, permissions, permissions_format,"
                            " key_hash, key_prefix, created_by, created_at, expires_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            "sssssssssii", id, req->org_id, name, origin, permissions_text, format,
                            key_hash, prefix, req->user_id, req->now, expires_at)
        : vd_database_exec (req->db,
                            "INSERT INTO api_keys (id, organization_id, name, origin, permissions, permissions_format,"
                            " key_hash, key_prefix, created_by, created_at, expires_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                            "sssssssssi", id, req->org_id, name, origin, permissions_text, format,
                            key_hash, prefix, req->user_id, req->now)) &&
       vd_audit (req, req->org_id, "api_key.created", "api_key", id, metadata) &&
       vd_transaction_commit (tx);
  json_object_unref (metadata);

  if (!ok)
    {
      vd_reply_internal (req);
      return;
    }

  stmt = vd_database_query (req->db, API_KEY_COLUMNS " WHERE id = ?", "s", id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      vd_reply_internal (req);
      return;
    }

  /* The only time the key itself is ever shown */
  vd_reply_object (req, SOUP_STATUS_CREATED, "API key created; copy it now, it is not shown again",
                   api_key_row_to_json (stmt, key));
}

static void
api_keys_show (VdRequest *req)
{
  g_autoptr(VdStmt) stmt = vd_database_query (req->db, API_KEY_COLUMNS API_KEY_WHERE " AND id = ?4",
                                              "ssns", req->org_id, key_owner_filter (req), req->params[0]);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      vd_reply_not_found (req);
      return;
    }

  vd_reply_object (req, SOUP_STATUS_OK, "API key", api_key_row_to_json (stmt, NULL));
}

static void
api_keys_delete (VdRequest *req)
{
  g_autoptr(VdTransaction) tx = NULL;
  g_autofree char *name = vd_database_query_string (req->db, "SELECT name FROM api_keys" API_KEY_WHERE " AND id = ?4",
                                                    "ssns", req->org_id, key_owner_filter (req), req->params[0]);
  JsonObject *metadata;
  gboolean ok;

  if (name == NULL)
    {
      vd_reply_not_found (req);
      return;
    }

  tx = vd_database_begin (req->db);
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "name", name);
  ok = vd_database_exec (req->db, "DELETE FROM api_keys WHERE id = ?", "s", req->params[0]) &&
       vd_audit (req, req->org_id, "api_key.deleted", "api_key", req->params[0], metadata) &&
       vd_transaction_commit (tx);
  json_object_unref (metadata);

  if (!ok)
    vd_reply_internal (req);
  else
    vd_reply_message (req, "API key deleted");
}

const VdRoute vd_misc_routes[] = {
  { "GET",    "/audits",       VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ADMIN, FALSE, audits_list },
  { "GET",    "/api-keys",     VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_API,   FALSE, api_keys_list },
  { "POST",   "/api-keys",     VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_API,   TRUE,  api_keys_create },
  { "GET",    "/api-keys/{}",  VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_API,   FALSE, api_keys_show },
  { "DELETE", "/api-keys/{}",  VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_API,   FALSE, api_keys_delete },
  VD_ROUTE_END
};
