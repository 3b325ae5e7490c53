/* vd-routes-organizations.c — /organizations/… and /projects/…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-routes-organizations"

#include "config.h"

#include "vd-server-private.h"

JsonNode *
vd_organization_to_json (VdRequest  *req,
                         const char *org_id)
{
  g_autoptr(VdStmt) stmt = NULL;
  JsonObject *object;

  stmt = vd_database_query (req->db,
                            "SELECT o.id, o.name, o.owner_id, m.role,"
                            " (SELECT count(*) FROM members c WHERE c.organization_id = o.id),"
                            " o.created_at, o.updated_at,"
                            " o.id = (SELECT current_organization_id FROM sessions WHERE id = ?)"
                            " FROM organizations o"
                            " LEFT JOIN members m ON m.organization_id = o.id AND m.user_id = ?"
                            " WHERE o.id = ?",
                            "sss", req->session_id, req->user_id, org_id);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  object = json_object_new ();
  vd_json_set_text (object, "id", stmt, 0);
  vd_json_set_text (object, "name", stmt, 1);
  vd_json_set_text (object, "owner_id", stmt, 2);
  vd_json_set_text (object, "role", stmt, 3);
  json_object_set_int_member (object, "member_count", vd_stmt_int (stmt, 4));
  vd_json_set_time (object, "created_at", stmt, 5);
  vd_json_set_time (object, "updated_at", stmt, 6);
  json_object_set_boolean_member (object, "current", vd_stmt_int (stmt, 7) == 1);

  return vd_json_node_take_object (object);
}

static void
organizations_list (VdRequest *req)
{
  static const char * const sort_keys[] = { "name", "created_at", NULL };
  g_auto(VdListParams) params = { 0 };
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VdStmt) stmt = NULL;
  const char *sql;
  gint64 total;

  if (!vd_list_params_parse (req, sort_keys, "name", &params) ||
      !vd_list_params_check_filters (req, NULL))
    return;

  total = vd_database_query_int (req->db, 0,
                                 "SELECT count(*) FROM members m JOIN organizations o ON o.id = m.organization_id"
                                 " WHERE m.user_id = ? AND (?2 IS NULL OR o.name LIKE ?2 ESCAPE '\\')",
                                 "ss", req->user_id, params.search_like);

  if (g_str_equal (params.sort, "created_at"))
    sql = params.descending
      ? "SELECT o.id FROM members m JOIN organizations o ON o.id = m.organization_id"
        " WHERE m.user_id = ? AND (?2 IS NULL OR o.name LIKE ?2 ESCAPE '\\')"
        " ORDER BY o.created_at DESC, o.id LIMIT ? OFFSET ?"
      : "SELECT o.id FROM members m JOIN organizations o ON o.id = m.organization_id"
        " WHERE m.user_id = ? AND (?2 IS NULL OR o.name LIKE ?2 ESCAPE '\\')"
        " ORDER BY o.created_at, o.id LIMIT ? OFFSET ?";
  else
    sql = params.descending
      ? "SELECT o.id FROM members m JOIN organizations o ON o.id = m.organization_id"
        " WHERE m.user_id = ? AND (?2 IS NULL OR o.name LIKE ?2 ESCAPE '\\')"
        " ORDER BY o.name COLLATE NOCASE DESC, o.id LIMIT ? OFFSET ?"
      : "SELECT o.id FROM members m JOIN organizations o ON o.id = m.organization_id"
        " WHERE m.user_id = ? AND (?2 IS NULL OR o.name LIKE ?2 ESCAPE '\\')"
        " ORDER BY o.name COLLATE NOCASE, o.id LIMIT ? OFFSET ?";

  stmt = vd_database_query (req->db, sql, "ssii", req->user_id, params.search_like,
                            params.limit, params.offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (vd_stmt_text (stmt, 0)));
  vd_stmt_release (g_steal_pointer (&stmt));

  for (guint i = 0; i < ids->len; i++)
    {
      JsonNode *node = vd_organization_to_json (req, ids->pdata[i]);

      if (node != NULL)
        json_array_add_element (items, node);
    }

  vd_reply_list (req, "Organizations", items, params.page, params.limit, total);
}

static void
organizations_create (VdRequest *req)
{
  const char *name;
  g_autofree char *org_id = vd_id_new ();
  g_autofree char *member_id = vd_id_new ();
  g_autofree char *stripped = NULL;
  g_autoptr(VdTransaction) tx = NULL;
  JsonObject *metadata;
  gboolean ok;

  if (!vd_body_string (req, "name", TRUE, 1, VD_MAX_NAME_LENGTH, &name))
    return;
  stripped = g_strstrip (g_strdup (name));

  tx = vd_database_begin (req->db);
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "name", stripped);
  ok = vd_database_exec (req->db,
                         "INSERT INTO organizations (id, name, owner_id, created_at, updated_at)"
                         " VALUES (?, ?, ?, ?, ?)",
                         "sssii", org_id, stripped, req->user_id, req->now, req->now) &&
       vd_database_exec (req->db,
                         "INSERT INTO members (id, organization_id, user_id, role, permissions, joined_at)"
                         " VALUES (?, ?, ?, 'owner', '[]', ?)",
                         "sssi", member_id, org_id, req->user_id, req->now) &&
       vd_database_exec (req->db,
                         "UPDATE sessions SET current_organization_id = coalesce (current_organization_id, ?)"
                         " WHERE id = ?",
                         "ss", org_id, req->session_id) &&
       vd_audit (req, org_id, "organization.created", "organization", org_id, metadata) &&
       vd_transaction_commit (tx);
  json_object_unref (metadata);

  if (!ok)
    {
      vd_reply_internal (req);
      return;
    }

  vd_reply_object (req, SOUP_STATUS_CREATED, "Organization created", vd_organization_to_json (req, org_id));
}

static void
organizations_show (VdRequest *req)
{
  vd_reply_object (req, SOUP_STATUS_OK, "Organization", vd_organization_to_json (req, req->org_id));
}

static void
organizations_update (VdRequest *req)
{
  const char *name;
  g_autofree char *stripped = NULL;
  g_autofree char *before = NULL;
  g_autoptr(VdTransaction) tx = NULL;
  JsonObject *metadata, *old, *new;
  gboolean ok;

  if (!vd_body_string (req, "name", TRUE, 1, VD_MAX_NAME_LENGTH, &name))
    return;
  stripped = g_strstrip (g_strdup (name));

  tx = vd_database_begin (req->db);
  before = vd_database_query_string (req->db, "SELECT name FROM organizations WHERE id = ?", "s", req->org_id);
  if (g_strcmp0 (before, stripped) == 0)
    {
      vd_reply_object (req, SOUP_STATUS_OK, "Organization unchanged", vd_organization_to_json (req, req->org_id));
      return;
    }

  metadata = json_object_new ();
  old = json_object_new ();
  new = json_object_new ();
  json_object_set_string_member (old, "name", before);
  json_object_set_string_member (new, "name", stripped);
  json_object_set_object_member (metadata, "before", old);
  json_object_set_object_member (metadata, "after", new);
  ok = vd_database_exec (req->db, "UPDATE organizations SET name = ?, updated_at = ? WHERE id = ?",
                         "sis", stripped, req->now, req->org_id) &&
       vd_audit (req, req->org_id, "organization.updated", "organization", req->org_id, metadata) &&
       vd_transaction_commit (tx);
  json_object_unref (metadata);

  if (!ok)
    vd_reply_internal (req);
  else
    vd_reply_object (req, SOUP_STATUS_OK, "Organization updated", vd_organization_to_json (req, req->org_id));
}

static void
organizations_switch (VdRequest *req)
{
  g_autoptr(VdTransaction) tx = vd_database_begin (req->db);

  if (!vd_database_exec (req->db, "UPDATE sessions SET current_organization_id = ? WHERE id = ?",
                         "ss", req->org_id, req->session_id) ||
      !vd_database_exec (req->db, "UPDATE users SET current_organization_id = ? WHERE id = ?",
                         "ss", req->org_id, req->user_id) ||
      !vd_transaction_commit (tx))
    {
      vd_reply_internal (req);
      return;
    }

  vd_reply_object (req, SOUP_STATUS_OK, "Switched organization", vd_organization_to_json (req, req->org_id));
}

static void
organizations_transfer (VdRequest *req)
{
  const char *member_id;
  g_autoptr(VdTransaction) tx = NULL;
  g_autofree char *new_owner = NULL;
  JsonObject *metadata;
  gboolean ok;

  if (!vd_body_string (req, "member_id", TRUE, 1, 64, &member_id))
    return;

  new_owner = vd_database_query_string (req->db,
                                        "SELECT user_id FROM members WHERE id = ? AND organization_id = ?",
                                        "ss", member_id, req->org_id);
  if (new_owner == NULL)
    {
      vd_reply_invalid (req, "member_id", "unknown_entity", "There is no such member in this organization");
      return;
    }
  if (g_str_equal (member_id, req->member_id))
    {
      vd_reply_invalid (req, "member_id", "invalid", "You own this organization already");
      return;
    }

  tx = vd_database_begin (req->db);
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "from_user_id", req->user_id);
  json_object_set_string_member (metadata, "to_user_id", new_owner);
  json_object_set_string_member (metadata, "to_member_id", member_id);
  ok = vd_database_exec (req->db, "UPDATE members SET role = 'owner' WHERE id = ?", "s", member_id) &&
       vd_database_exec (req->db, "UPDATE members SET role = 'admin' WHERE id = ?", "s", req->member_id) &&
       vd_database_exec (req->db, "UPDATE organizations SET owner_id = ?, updated_at = ? WHERE id = ?",
                         "sis", new_owner, req->now, req->org_id) &&
       vd_audit (req, req->org_id, "organization.ownership_transferred", "organization", req->org_id, metadata) &&
       vd_transaction_commit (tx);
  json_object_unref (metadata);

  if (!ok)
    vd_reply_internal (req);
  else
    vd_reply_object (req, SOUP_STATUS_OK, "Ownership transferred", vd_organization_to_json (req, req->org_id));
}

/* Projects */

static JsonNode *
project_to_json (VdStmt *stmt)
{
  JsonObject *object = json_object_new ();

  vd_json_set_text (object, "id", stmt, 0);
  vd_json_set_text (object, "organization_id", stmt, 1);
  vd_json_set_text (object, "name", stmt, 2);
  vd_json_set_text (object, "description", stmt, 3);
  vd_json_set_time (object, "created_at", stmt, 4);
  json_object_set_int_member (object, "folder_count", vd_stmt_int (stmt, 5));

  return vd_json_node_take_object (object);
}

/* The projects the caller may see: all for owners and admins, else those
 * their grants name, as a JSON array for json_each(). */
static char *
visible_projects (VdRequest *req)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (vd_role_is_admin (req->role))
    return NULL;

  ids = vd_permissions_dup_project_ids (req->permissions);
  array = json_array_new ();
  for (guint i = 0; ids[i] != NULL; i++)
    json_array_add_string_element (array, ids[i]);
  node = json_node_init_array (json_node_alloc (), array);

  return json_to_string (node, FALSE);
}

static gboolean
project_visible (VdRequest  *req,
                 const char *project_id)
{
  g_autofree char *visible = visible_projects (req);

  return vd_database_query_int (req->db, 0,
                                "SELECT 1 FROM projects WHERE id = ?1 AND organization_id = ?2"
                                " AND (?3 IS NULL OR ?1 IN (SELECT value FROM json_each (?3)))",
                                "sss", project_id, req->org_id, visible) == 1;
}

#define PROJECT_COLUMNS \
  "SELECT p.id, p.organization_id, p.name, p.description, p.created_at," \
  " (SELECT count(*) FROM folders f WHERE f.project_id = p.id) FROM projects p"
#define PROJECT_WHERE \
  " WHERE p.organization_id = ?1 AND (?2 IS NULL OR p.id IN (SELECT value FROM json_each (?2)))" \
  " AND (?3 IS NULL OR p.name LIKE ?3 ESCAPE '\\')"

static void
projects_list (VdRequest *req)
{
  static const char * const sort_keys[] = { "name", "created_at", NULL };
  g_auto(VdListParams) params = { 0 };
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(VdStmt) stmt = NULL;
  g_autofree char *visible = visible_projects (req);
  const char *sql;
  gint64 total;

  if (!vd_list_params_parse (req, sort_keys, "name", &params) ||
      !vd_list_params_check_filters (req, NULL))
    return;

  total = vd_database_query_int (req->db, 0, "SELECT count(*) FROM projects p" PROJECT_WHERE,
                                 "sss", req->org_id, visible, params.search_like);

  if (g_str_equal (params.sort, "created_at"))
    sql = params.descending
      ? PROJECT_COLUMNS PROJECT_WHERE " ORDER BY p.created_at DESC, p.id LIMIT ?4 OFFSET ?5"
      : PROJECT_COLUMNS PROJECT_WHERE " ORDER BY p.created_at, p.id LIMIT ?4 OFFSET ?5";
  else
    sql = params.descending
      ? PROJECT_COLUMNS PROJECT_WHERE " ORDER BY p.name COLLATE NOCASE DESC, p.id LIMIT ?4 OFFSET ?5"
      : PROJECT_COLUMNS PROJECT_WHERE " ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?4 OFFSET ?5";

  stmt = vd_database_query (req->db, sql, "sssii", req->org_id, visible, params.search_like,
                            params.limit, params.offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_element (items, project_to_json (stmt));

  vd_reply_list (req, "Projects", items, params.page, params.limit, total);
}

static JsonNode *
project_json_by_id (VdRequest  *req,
                    const char *project_id)
{
  g_autoptr(VdStmt) stmt = vd_database_query (req->db, PROJECT_COLUMNS " WHERE p.id = ?", "s", project_id);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return project_to_json (stmt);
}

static void
projects_create (VdRequest *req)
{
  const char *name, *description;
  g_autofree char *id = vd_id_new ();
  g_autofree char *stripped = NULL;
  g_autoptr(VdTransaction) tx = NULL;
  JsonObject *metadata;
  gboolean ok;

  if (!vd_body_string (req, "name", TRUE, 1, VD_MAX_NAME_LENGTH, &name) ||
      !vd_body_string (req, "description", FALSE, 0, 1000, &description))
    return;
  stripped = g_strstrip (g_strdup (name));

  tx = vd_database_begin (req->db);
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "name", stripped);
  ok = vd_database_exec (req->db,
                         "INSERT INTO projects (id, organization_id, name, description, created_at)"
                         " VALUES (?, ?, ?, ?, ?)",
                         "ssssi", id, req->org_id, stripped, description ? description : "", req->now) &&
       vd_audit (req, req->org_id, "project.created", "project", id, metadata) &&
       vd_transaction_commit (tx);
  json_object_unref (metadata);

  if (!ok)
    vd_reply_internal (req);
  else
    vd_reply_object (req, SOUP_STATUS_CREATED, "Project created", project_json_by_id (req, id));
}

static void
projects_show (VdRequest *req)
{
  if (!project_visible (req, req->params[0]))
    {
      vd_reply_not_found (req);
      return;
    }

  vd_reply_object (req, SOUP_STATUS_OK, "Project", project_json_by_id (req, req->params[0]));
}

static void
projects_folders (VdRequest *req)
{
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(VdStmt) stmt = NULL;
  guint n;

  if (!project_visible (req, req->params[0]))
    {
      vd_reply_not_found (req);
      return;
    }

  stmt = vd_database_query (req->db,
                            "SELECT id, name, parent_id FROM folders WHERE project_id = ?"
                            " ORDER BY name COLLATE NOCASE, id",
                            "s", req->params[0]);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();

      vd_json_set_text (object, "id", stmt, 0);
      vd_json_set_text (object, "name", stmt, 1);
      vd_json_set_text (object, "parent_id", stmt, 2);
      json_array_add_object_element (items, object);
    }

  n = json_array_get_length (items);
  vd_reply_list (req, "Folders", items, 1, MAX (n, 1), n);
}

const VdRoute vd_organization_routes[] = {
  { "GET",  "/organizations",                       VD_AUTH_VERIFIED, VD_ORG_NONE,    VD_REQUIRE_ANY,   FALSE, organizations_list },
  { "POST", "/organizations",                       VD_AUTH_VERIFIED, VD_ORG_NONE,    VD_REQUIRE_ANY,   TRUE,  organizations_create },
  { "GET",  "/organizations/{}",                    VD_AUTH_VERIFIED, VD_ORG_PATH,    VD_REQUIRE_ANY,   FALSE, organizations_show },
  { "PUT",  "/organizations/{}",                    VD_AUTH_VERIFIED, VD_ORG_PATH,    VD_REQUIRE_ADMIN, TRUE,  organizations_update },
  { "POST", "/organizations/{}/switch",             VD_AUTH_VERIFIED, VD_ORG_PATH,    VD_REQUIRE_ANY,   FALSE, organizations_switch },
  { "POST", "/organizations/{}/transfer-ownership", VD_AUTH_VERIFIED, VD_ORG_PATH,    VD_REQUIRE_OWNER, TRUE,  organizations_transfer },
  { "GET",  "/projects",                            VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ANY,   FALSE, projects_list },
  { "POST", "/projects",                            VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ADMIN, TRUE,  projects_create },
  { "GET",  "/projects/{}",                         VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ANY,   FALSE, projects_show },
  { "GET",  "/projects/{}/folders",                 VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ANY,   FALSE, projects_folders },
  VD_ROUTE_END
};
