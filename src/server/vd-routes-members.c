/* vd-routes-members.c — /members/…
 *
 * Owners may change anything but must leave at least one owner; admins may
 * change and remove members but not owners or admins, and cannot make anyone
 * an admin or an owner; every member may list the members and leave.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-routes-members"

#include "config.h"

#include "vd-server-private.h"

JsonNode *
vd_permissions_text_to_json (const char *text)
{
  JsonNode *node = text ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_clear_pointer (&node, json_node_unref);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
    }

  return node;
}

JsonObject *
vd_actor_to_json (VdRequest  *req,
                  const char *user_id)
{
  g_autoptr(VdStmt) stmt = NULL;
  JsonObject *object;

  if (user_id == NULL)
    return NULL;

  stmt = vd_database_query (req->db, "SELECT id, first_name, last_name, email FROM users WHERE id = ?",
                            "s", user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  object = json_object_new ();
  vd_json_set_text (object, "id", stmt, 0);
  vd_json_set_text (object, "first_name", stmt, 1);
  vd_json_set_text (object, "last_name", stmt, 2);
  vd_json_set_text (object, "email", stmt, 3);
  return object;
}

#define MEMBER_COLUMNS \
  "SELECT m.id, m.user_id, u.first_name, u.last_name, u.email, m.role, m.permissions, m.joined_at" \
  " FROM members m JOIN users u ON u.id = m.user_id"
#define MEMBER_WHERE \
  " WHERE m.organization_id = ?1" \
  " AND (?2 IS NULL OR (u.first_name || ' ' || u.last_name) LIKE ?2 ESCAPE '\\' OR u.email LIKE ?2 ESCAPE '\\')" \
  " AND (?3 IS NULL OR m.role = ?3)" \
  " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each (m.permissions) g" \
  "      WHERE json_extract (g.value, '$.entity_type') = 'projects'" \
  "      AND json_extract (g.value, '$.entity_id') = ?4))"
#define MEMBER_PAGE " LIMIT ?5 OFFSET ?6"
#define MEMBER_QUERY(order) MEMBER_COLUMNS MEMBER_WHERE " ORDER BY " order MEMBER_PAGE

#define MEMBER_PAGE_QUERY(direction) \
  "SELECT m.id, m.user_id, u.first_name, u.last_name, u.email, m.role, m.permissions, m.joined_at" \
  " FROM (SELECT rowid AS r FROM members WHERE organization_id = ?1" \
  "       ORDER BY joined_at " direction ", rowid " direction " LIMIT ?2 OFFSET ?3) page" \
  " JOIN members m ON m.rowid = page.r JOIN users u ON u.id = m.user_id" \
  " ORDER BY m.joined_at " direction ", m.rowid " direction

static JsonNode *
member_row_to_json (VdStmt *stmt)
{
  JsonObject *object = json_object_new ();

  vd_json_set_text (object, "id", stmt, 0);
  vd_json_set_text (object, "user_id", stmt, 1);
  vd_json_set_text (object, "first_name", stmt, 2);
  vd_json_set_text (object, "last_name", stmt, 3);
  vd_json_set_text (object, "email", stmt, 4);
  vd_json_set_text (object, "role", stmt, 5);
  json_object_set_member (object, "permissions", vd_permissions_text_to_json (vd_stmt_text (stmt, 6)));
  vd_json_set_time (object, "joined_at", stmt, 7);

  return vd_json_node_take_object (object);
}

JsonNode *
vd_member_to_json (VdRequest  *req,
                   const char *member_id)
{
  g_autoptr(VdStmt) stmt = vd_database_query (req->db, MEMBER_COLUMNS " WHERE m.id = ?", "s", member_id);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return member_row_to_json (stmt);
}

static const struct
{
  const char *key;
  const char *ascending;
  const char *descending;
} member_orders[] = {
  { "joined_at",
    MEMBER_QUERY ("m.joined_at, m.rowid"),
    MEMBER_QUERY ("m.joined_at DESC, m.rowid DESC") },
  { "name",
    MEMBER_QUERY ("u.first_name COLLATE NOCASE, u.last_name COLLATE NOCASE, m.id"),
    MEMBER_QUERY ("u.first_name COLLATE NOCASE DESC, u.last_name COLLATE NOCASE DESC, m.id") },
  { "first_name",
    MEMBER_QUERY ("u.first_name COLLATE NOCASE, m.id"),
    MEMBER_QUERY ("u.first_name COLLATE NOCASE DESC, m.id") },
  { "last_name",
    MEMBER_QUERY ("u.last_name COLLATE NOCASE, m.id"),
    MEMBER_QUERY ("u.last_name COLLATE NOCASE DESC, m.id") },
  { "email",
    MEMBER_QUERY ("u.email COLLATE NOCASE, m.id"),
    MEMBER_QUERY ("u.email COLLATE NOCASE DESC, m.id") },
  { "role",
    MEMBER_QUERY ("CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, m.joined_at, m.id"),
    MEMBER_QUERY ("CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END DESC, m.joined_at, m.id") },
};

static gboolean
valid_role (const char *role)
{
  return g_strcmp0 (role, "owner") == 0 || g_strcmp0 (role, "admin") == 0 || g_strcmp0 (role, "member") == 0;
}

static void
members_list (VdRequest *req)
{
  static const char * const sort_keys[] = { "joined_at", "name", "first_name", "last_name", "email", "role", NULL };
  static const char * const filters[] = { "filter[role][eq]", "filter[project_id][eq]", NULL };
  g_auto(VdListParams) params = { 0 };
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(VdStmt) stmt = NULL;
  const char *role, *project_id;
  const char *sql = NULL;
  gint64 total;

  if (!vd_list_params_parse (req, sort_keys, "joined_at", &params) ||
      !vd_list_params_check_filters (req, filters))
    return;

  role = vd_list_filter (req, "role", "eq");
  project_id = vd_list_filter (req, "project_id", "eq");
  if (role != NULL && !valid_role (role))
    {
      vd_reply_invalid (req, "filter[role][eq]", "invalid", "The role is owner, admin or member");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (member_orders); i++)
    if (g_str_equal (member_orders[i].key, params.sort))
      sql = params.descending ? member_orders[i].descending : member_orders[i].ascending;
  g_assert (sql != NULL);

  if (params.search_like == NULL && role == NULL && project_id == NULL)
    {
      /* The whole list, as clients page through it to load everyone: the
       * count and the skipping both stay inside the index, and only the page
       * itself is joined with the users (an OFFSET over the join would build
       * every skipped row) */
      total = vd_database_query_int (req->db, 0, "SELECT count(*) FROM members WHERE organization_id = ?",
                                     "s", req->org_id);
      if (g_str_equal (params.sort, "joined_at"))
        stmt = vd_database_query (req->db,
                                  params.descending ? MEMBER_PAGE_QUERY ("DESC") : MEMBER_PAGE_QUERY (""),
                                  "sii", req->org_id, params.limit, params.offset);
    }
  else
    total = vd_database_query_int (req->db, 0,
                                   "SELECT count(*) FROM members m JOIN users u ON u.id = m.user_id" MEMBER_WHERE,
                                   "ssss", req->org_id, params.search_like, role, project_id);

  if (stmt == NULL)
    stmt = vd_database_query (req->db, sql, "ssssii", req->org_id, params.search_like, role, project_id,
                              params.limit, params.offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_element (items, member_row_to_json (stmt));

  vd_reply_list (req, "Members", items, params.page, params.limit, total);
}

static gboolean
lookup_target (VdRequest  *req,
               char      **role,
               char      **user_id,
               char      **permissions)
{
  g_autoptr(VdStmt) stmt = vd_database_query (req->db,
                                              "SELECT role, user_id, permissions FROM members"
                                              " WHERE id = ? AND organization_id = ?",
                                              "ss", req->params[0], req->org_id);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      vd_reply_not_found (req);
      return FALSE;
    }

  *role = g_strdup (vd_stmt_text (stmt, 0));
  *user_id = g_strdup (vd_stmt_text (stmt, 1));
  if (permissions != NULL)
    *permissions = g_strdup (vd_stmt_text (stmt, 2));
  return TRUE;
}

static gint64
count_owners (VdRequest *req)
{
  return vd_database_query_int (req->db, 0,
                                "SELECT count(*) FROM members WHERE organization_id = ? AND role = 'owner'",
                                "s", req->org_id);
}

static void
members_show (VdRequest *req)
{
  JsonNode *member = vd_member_to_json (req, req->params[0]);

  if (member == NULL || !vd_database_query_int (req->db, 0,
                                                "SELECT 1 FROM members WHERE id = ? AND organization_id = ?",
                                                "ss", req->params[0], req->org_id))
    {
      g_clear_pointer (&member, json_node_unref);
      vd_reply_not_found (req);
      return;
    }

  vd_reply_object (req, SOUP_STATUS_OK, "Member", member);
}

static JsonObject *
member_state (const char *role,
              const char *permissions)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "role", role);
  json_object_set_member (object, "permissions", vd_permissions_text_to_json (permissions));
  return object;
}

static void
members_update (VdRequest *req)
{
  g_autofree char *old_role = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *old_permissions = NULL;
  g_autofree char *new_permissions = NULL;
  g_autoptr(VdPermissions) permissions = NULL;
  g_autoptr(VdTransaction) tx = NULL;
  const char *role;
  JsonObject *metadata;
  gboolean ok;

  if (!lookup_target (req, &old_role, &user_id, &old_permissions))
    return;

  if (!vd_body_string (req, "role", FALSE, 1, 16, &role) ||
      !vd_body_permissions (req, "permissions", FALSE, &permissions))
    return;

  if (role != NULL && !valid_role (role))
    {
      vd_reply_invalid (req, "role", "invalid", "The role is owner, admin or member");
      return;
    }
  if (role == NULL)
    role = old_role;

  if (!g_str_equal (req->role, "owner") &&
      (!g_str_equal (old_role, "member") || !g_str_equal (role, "member")))
    {
      vd_reply_forbidden (req, "Only owners can change owners and admins");
      return;
    }

  if (g_str_equal (old_role, "owner") && !g_str_equal (role, "owner") && count_owners (req) <= 1)
    {
      vd_reply_error (req, SOUP_STATUS_CONFLICT, "last_owner",
                      "An organization needs an owner: make someone else owner first");
      return;
    }

  if (permissions != NULL)
    {
      g_autoptr(JsonNode) node = vd_permissions_to_json (permissions);
      new_permissions = json_to_string (node, FALSE);
    }
  else
    new_permissions = g_strdup (old_permissions);

  if (g_str_equal (role, old_role) && g_str_equal (new_permissions, old_permissions))
    {
      vd_reply_object (req, SOUP_STATUS_OK, "Member unchanged", vd_member_to_json (req, req->params[0]));
      return;
    }

  tx = vd_database_begin (req->db);
  metadata = json_object_new ();
  json_object_set_object_member (metadata, "before", member_state (old_role, old_permissions));
  json_object_set_object_member (metadata, "after", member_state (role, new_permissions));
  ok = vd_database_exec (req->db, "UPDATE members SET role = ?, permissions = ? WHERE id = ?",
                         "sss", role, new_permissions, req->params[0]) &&
       /* The organization's owner_id follows when its owner steps down */
       vd_database_exec (req->db,
                         "UPDATE organizations SET owner_id = (SELECT user_id FROM members"
                         " WHERE organization_id = ?1 AND role = 'owner' ORDER BY joined_at LIMIT 1)"
                         " WHERE id = ?1 AND owner_id NOT IN (SELECT user_id FROM members"
                         " WHERE organization_id = ?1 AND role = 'owner')",
                         "s", req->org_id) &&
       vd_audit (req, req->org_id, "member.updated", "member", req->params[0], metadata) &&
       vd_transaction_commit (tx);
  json_object_unref (metadata);

  if (!ok)
    vd_reply_internal (req);
  else
    vd_reply_object (req, SOUP_STATUS_OK, "Member updated", vd_member_to_json (req, req->params[0]));
}

static void
members_remove (VdRequest *req)
{
  g_autofree char *role = NULL;
  g_autofree char *user_id = NULL;
  g_autoptr(VdTransaction) tx = NULL;
  g_autoptr(JsonObject) actor = NULL;
  gboolean self_removal;
  JsonObject *metadata;
  gboolean ok;

  if (!lookup_target (req, &role, &user_id, NULL))
    return;

  self_removal = g_str_equal (user_id, req->user_id);
  if (!self_removal)
    {
      if (!vd_role_is_admin (req->role))
        {
          vd_reply_forbidden (req, "Only owners and admins can remove members");
          return;
        }
      if (!g_str_equal (req->role, "owner") && !g_str_equal (role, "member"))
        {
          vd_reply_forbidden (req, "Only owners can remove owners and admins");
          return;
        }
    }

  if (g_str_equal (role, "owner") && count_owners (req) <= 1)
    {
      vd_reply_error (req, SOUP_STATUS_CONFLICT, "last_owner",
                      "An organization needs an owner: make someone else owner first");
      return;
    }

  tx = vd_database_begin (req->db);
  actor = vd_actor_to_json (req, user_id);
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "user_id", user_id);
  json_object_set_string_member (metadata, "email", actor ? json_object_get_string_member (actor, "email") : "");
  json_object_set_string_member (metadata, "role", role);
  json_object_set_boolean_member (metadata, "left", self_removal);
  ok = vd_database_exec (req->db, "DELETE FROM members WHERE id = ?", "s", req->params[0]) &&
       vd_database_exec (req->db,
                         "UPDATE sessions SET current_organization_id = NULL"
                         " WHERE user_id = ? AND current_organization_id = ?",
                         "ss", user_id, req->org_id) &&
       vd_database_exec (req->db,
                         "UPDATE organizations SET owner_id = (SELECT user_id FROM members"
                         " WHERE organization_id = ?1 AND role = 'owner' ORDER BY joined_at LIMIT 1)"
                         " WHERE id = ?1 AND owner_id NOT IN (SELECT user_id FROM members"
                         " WHERE organization_id = ?1 AND role = 'owner')",
                         "s", req->org_id) &&
       vd_audit (req, req->org_id, "member.removed", "member", req->params[0], metadata) &&
       vd_transaction_commit (tx);
  json_object_unref (metadata);

  if (!ok)
    vd_reply_internal (req);
  else
    vd_reply_message (req, self_removal ? "You left the organization" : "Member removed");
}

const VdRoute vd_member_routes[] = {
  { "GET",    "/members",    VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ANY,   FALSE, members_list },
  { "GET",    "/members/{}", VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ANY,   FALSE, members_show },
  { "PUT",    "/members/{}", VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ADMIN, TRUE,  members_update },
  { "DELETE", "/members/{}", VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ANY,   FALSE, members_remove },
  VD_ROUTE_END
};
