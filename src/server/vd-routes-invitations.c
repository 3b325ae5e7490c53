/* vd-routes-invitations.c — /members/invitations/…
 *
 * An invitation's token is derived from a random per-invitation nonce and the
 * server's secret: only its hash is stored, yet the server can show it again
 * to the invitee (GET /members/invitations/received). Resending draws a new
 * nonce, so the old token stops working.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-routes-invitations"

#include "config.h"

#include "vd-server-private.h"

#define STATUS_SQL \
  "CASE WHEN i.status = 'pending' AND i.expires_at <= ?1 THEN 'expired' ELSE i.status END"
#define INVITATION_COLUMNS \
  "SELECT i.id, i.email, i.role, " STATUS_SQL ", i.permissions, i.invited_by, i.created_at," \
  " i.expires_at, i.responded_at, i.organization_id, o.name, i.token_nonce" \
  " FROM invitations i JOIN organizations o ON o.id = i.organization_id"

static JsonNode *
invitation_row_to_json (VdRequest *req,
                        VdStmt    *stmt,
                        gboolean   with_organization,
                        gboolean   with_token)
{
  JsonObject *object = json_object_new ();
  JsonObject *inviter = vd_actor_to_json (req, vd_stmt_is_null (stmt, 5) ? NULL : vd_stmt_text (stmt, 5));

  vd_json_set_text (object, "id", stmt, 0);
  vd_json_set_text (object, "email", stmt, 1);
  vd_json_set_text (object, "role", stmt, 2);
  vd_json_set_text (object, "status", stmt, 3);
  json_object_set_member (object, "permissions", vd_permissions_text_to_json (vd_stmt_text (stmt, 4)));
  if (inviter != NULL)
    json_object_set_object_member (object, "invited_by", inviter);
  else
    json_object_set_null_member (object, "invited_by");
  vd_json_set_time (object, "created_at", stmt, 6);
  vd_json_set_time (object, "expires_at", stmt, 7);
  vd_json_set_time (object, "responded_at", stmt, 8);

  if (with_organization)
    {
      JsonObject *organization = json_object_new ();

      vd_json_set_text (organization, "id", stmt, 9);
      vd_json_set_text (organization, "name", stmt, 10);
      json_object_set_object_member (object, "organization", organization);
    }

  if (with_token)
    {
      g_autofree char *token = vd_server_derive_token (req->server, "vdi_", vd_stmt_text (stmt, 11));

      json_object_set_string_member (object, "token", token);
    }

  return vd_json_node_take_object (object);
}

JsonNode *
vd_invitation_to_json (VdRequest  *req,
                       const char *invitation_id,
                       gboolean    with_organization,
                       gboolean    with_token)
{
  g_autoptr(VdStmt) stmt = vd_database_query (req->db, INVITATION_COLUMNS " WHERE i.id = ?2",
                                              "is", req->now, invitation_id);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return invitation_row_to_json (req, stmt, with_organization, with_token);
}

static gboolean
valid_status (const char *status)
{
  static const char * const statuses[] = { "pending", "accepted", "rejected", "revoked", "expired", NULL };

  return status != NULL && g_strv_contains (statuses, status);
}

#define INVITATION_WHERE \
  " WHERE i.organization_id = ?2 AND (?3 IS NULL OR " STATUS_SQL " = ?3)" \
  " AND (?4 IS NULL OR i.email LIKE ?4 ESCAPE '\\')"
#define INVITATION_QUERY(order) \
  INVITATION_COLUMNS INVITATION_WHERE " ORDER BY " order " LIMIT ?5 OFFSET ?6"

static const struct
{
  const char *key;
  const char *ascending;
  const char *descending;
} invitation_orders[] = {
  { "created_at", INVITATION_QUERY ("i.created_at, i.id"), INVITATION_QUERY ("i.created_at DESC, i.id") },
  { "expires_at", INVITATION_QUERY ("i.expires_at, i.id"), INVITATION_QUERY ("i.expires_at DESC, i.id") },
  { "email", INVITATION_QUERY ("i.email COLLATE NOCASE, i.id"), INVITATION_QUERY ("i.email COLLATE NOCASE DESC, i.id") },
  { "status", INVITATION_QUERY ("4, i.created_at DESC, i.id"), INVITATION_QUERY ("4 DESC, i.created_at DESC, i.id") },
};

static void
invitations_list (VdRequest *req)
{
  static const char * const sort_keys[] = { "created_at", "expires_at", "email", "status", NULL };
  static const char * const filters[] = { "filter[status][eq]", NULL };
  g_auto(VdListParams) params = { 0 };
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(VdStmt) stmt = NULL;
  const char *status;
  const char *sql = NULL;
  gint64 total;

  if (!vd_list_params_parse (req, sort_keys, "-created_at", &params) ||
      !vd_list_params_check_filters (req, filters))
    return;

  status = g_hash_table_lookup (req->query, "status");
  if (status == NULL)
    status = vd_list_filter (req, "status", "eq");
  if (status != NULL && !valid_status (status))
    {
      vd_reply_invalid (req, "status", "invalid", "The status is pending, accepted, rejected, revoked or expired");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (invitation_orders); i++)
    if (g_str_equal (invitation_orders[i].key, params.sort))
      sql = params.descending ? invitation_orders[i].descending : invitation_orders[i].ascending;
  g_assert (sql != NULL);

  total = vd_database_query_int (req->db, 0, "SELECT count(*) FROM invitations i" INVITATION_WHERE,
                                 "isss", req->now, req->org_id, status, params.search_like);

  stmt = vd_database_query (req->db, sql, "isssii", req->now, req->org_id, status, params.search_like,
                            params.limit, params.offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_element (items, invitation_row_to_json (req, stmt, FALSE, FALSE));

  vd_reply_list (req, "Invitations", items, params.page, params.limit, total);
}

static void
mail_invitation (VdRequest  *req,
                 const char *invitation_id,
                 const char *email,
                 const char *nonce)
{
  g_autofree char *token = vd_server_derive_token (req->server, "vdi_", nonce);
  g_autofree char *org_name = vd_database_query_string (req->db,
                                                        "SELECT o.name FROM invitations i JOIN organizations o"
                                                        " ON o.id = i.organization_id WHERE i.id = ?",
                                                        "s", invitation_id);
  g_autofree char *subject = g_strdup_printf ("You are invited to join %s on Vidinfra", org_name);
  g_autofree char *body = g_strdup_printf ("You have been invited to join %s on Vidinfra.\n"
                                           "In Vidinfra Admin, choose “Join an Organization” and paste this token:\n\n"
                                           "Token: %s\n",
                                           org_name, token);

  vd_mail (req, email, subject, body);
}

static void
invitations_create (VdRequest *req)
{
  const VdServerConfig *config = vd_server_get_config (req->server);
  const char *email, *role;
  g_autoptr(VdPermissions) permissions = NULL;
  g_autoptr(VdTransaction) tx = NULL;
  g_autoptr(JsonNode) grants = NULL;
  g_autofree char *id = vd_id_new ();
  g_autofree char *nonce = vd_token_new ("");
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *grants_text = NULL;
  JsonObject *metadata;
  gboolean ok;

  if (!vd_body_email (req, "email", &email) ||
      !vd_body_string (req, "role", FALSE, 1, 16, &role) ||
      !vd_body_permissions (req, "permissions", FALSE, &permissions))
    return;

  if (role == NULL)
    role = "member";
  if (!g_str_equal (role, "member") && !g_str_equal (role, "admin"))
    {
      vd_reply_invalid (req, "role", "invalid",
                        "Invite as member or admin; ownership is handed over with a transfer");
      return;
    }
  if (g_str_equal (role, "admin") && !g_str_equal (req->role, "owner"))
    {
      vd_reply_forbidden (req, "Only owners can invite admins");
      return;
    }

  if (vd_database_query_int (req->db, 0,
                             "SELECT 1 FROM members m JOIN users u ON u.id = m.user_id"
                             " WHERE m.organization_id = ? AND u.email = ?",
                             "ss", req->org_id, email))
    {
      vd_reply_error (req, SOUP_STATUS_CONFLICT, "already_member", "This person is a member already");
      return;
    }

  if (vd_database_query_int (req->db, 0,
                             "SELECT 1 FROM invitations WHERE organization_id = ? AND email = ?"
                             " AND status = 'pending' AND expires_at > ?",
                             "ssi", req->org_id, email, req->now))
    {
      vd_reply_error (req, SOUP_STATUS_CONFLICT, "invitation_pending",
                      "An invitation to this address is pending already");
      return;
    }

  grants = permissions ? vd_permissions_to_json (permissions) : NULL;
  grants_text = grants ? json_to_string (grants, FALSE) : g_strdup ("[]");
  token = vd_server_derive_token (req->server, "vdi_", nonce);
  token_hash = vd_token_hash (token);

  tx = vd_database_begin (req->db);
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "email", email);
  json_object_set_string_member (metadata, "role", role);
  json_object_set_member (metadata, "permissions", vd_permissions_text_to_json (grants_text));
  ok = vd_database_exec (req->db,
                         "INSERT INTO invitations (id, organization_id, email, role, permissions, status,"
                         " invited_by, token_hash, token_nonce, created_at, expires_at)"
                         " VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
                         "ssssssssii", id, req->org_id, email, role, grants_text, req->user_id,
                         token_hash, nonce, req->now, req->now + config->invitation_ttl * G_USEC_PER_SEC) &&
       vd_audit (req, req->org_id, "member.invited", "invitation", id, metadata) &&
       vd_transaction_commit (tx);
  json_object_unref (metadata);

  if (!ok)
    {
      vd_reply_internal (req);
      return;
    }

  mail_invitation (req, id, email, nonce);
  vd_reply_object (req, SOUP_STATUS_CREATED, "Invitation sent", vd_invitation_to_json (req, id, FALSE, FALSE));
}

/* The invitation's effective status in the caller's organization, or NULL (404 answered) */
static char *
lookup_status (VdRequest *req)
{
  g_autofree char *status = vd_database_query_string (req->db,
                                                      "SELECT " STATUS_SQL " FROM invitations i"
                                                      " WHERE i.id = ?2 AND i.organization_id = ?3",
                                                      "iss", req->now, req->params[0], req->org_id);

  if (status == NULL)
    vd_reply_not_found (req);

  return g_steal_pointer (&status);
}

static void
invitations_resend (VdRequest *req)
{
  const VdServerConfig *config = vd_server_get_config (req->server);
  g_autofree char *status = lookup_status (req);
  g_autofree char *nonce = vd_token_new ("");
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *email = NULL;
  g_autoptr(VdTransaction) tx = NULL;

  if (status == NULL)
    return;

  if (!g_str_equal (status, "pending") && !g_str_equal (status, "expired"))
    {
      vd_reply_error (req, SOUP_STATUS_CONFLICT, "conflict",
                      "Only pending or expired invitations can be sent again");
      return;
    }

  token = vd_server_derive_token (req->server, "vdi_", nonce);
  token_hash = vd_token_hash (token);
  email = vd_database_query_string (req->db, "SELECT email FROM invitations WHERE id = ?", "s", req->params[0]);

  /* Reviving an expired one must not make a second live invitation */
  if (g_str_equal (status, "expired") &&
      vd_database_query_int (req->db, 0,
                             "SELECT 1 FROM invitations WHERE organization_id = ? AND email = ?"
                             " AND status = 'pending' AND expires_at > ? AND id != ?",
                             "ssis", req->org_id, email, req->now, req->params[0]))
    {
      vd_reply_error (req, SOUP_STATUS_CONFLICT, "invitation_pending",
                      "A newer invitation to this address is pending already");
      return;
    }

  tx = vd_database_begin (req->db);
  if (!vd_database_exec (req->db,
                         "UPDATE invitations SET status = 'pending', token_hash = ?, token_nonce = ?,"
                         " expires_at = ? WHERE id = ?",
                         "ssis", token_hash, nonce, req->now + config->invitation_ttl * G_USEC_PER_SEC,
                         req->params[0]) ||
      !vd_audit (req, req->org_id, "invitation.resent", "invitation", req->params[0], NULL) ||
      !vd_transaction_commit (tx))
    {
      vd_reply_internal (req);
      return;
    }

  mail_invitation (req, req->params[0], email, nonce);
  vd_reply_object (req, SOUP_STATUS_OK, "Invitation sent again",
                   vd_invitation_to_json (req, req->params[0], FALSE, FALSE));
}

static void
invitations_revoke (VdRequest *req)
{
  g_autofree char *status = lookup_status (req);
  g_autoptr(VdTransaction) tx = NULL;

  if (status == NULL)
    return;

  if (!g_str_equal (status, "pending"))
    {
      vd_reply_error (req, SOUP_STATUS_CONFLICT, "conflict", "Only pending invitations can be revoked");
      return;
    }

  tx = vd_database_begin (req->db);
  if (!vd_database_exec (req->db, "UPDATE invitations SET status = 'revoked', responded_at = ? WHERE id = ?",
                         "is", req->now, req->params[0]) ||
      !vd_audit (req, req->org_id, "invitation.revoked", "invitation", req->params[0], NULL) ||
      !vd_transaction_commit (tx))
    {
      vd_reply_internal (req);
      return;
    }

  vd_reply_object (req, SOUP_STATUS_OK, "Invitation revoked",
                   vd_invitation_to_json (req, req->params[0], FALSE, FALSE));
}

static void
invitations_received (VdRequest *req)
{
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(VdStmt) stmt = NULL;
  guint n;

  stmt = vd_database_query (req->db,
                            INVITATION_COLUMNS " WHERE i.email = ?2 AND i.status = 'pending' AND i.expires_at > ?1"
                            " ORDER BY i.created_at DESC, i.id",
                            "is", req->now, req->user_email);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_element (items, invitation_row_to_json (req, stmt, TRUE, TRUE));

  n = json_array_get_length (items);
  vd_reply_list (req, "Invitations to you", items, 1, MAX (n, 1), n);
}

/* The invitation behind a token: its id and effective status, or NULL (404 answered) */
static char *
lookup_token (VdRequest  *req,
              char      **status)
{
  g_autofree char *hash = vd_token_hash (req->params[0]);
  g_autoptr(VdStmt) stmt = vd_database_query (req->db,
                                              "SELECT i.id, " STATUS_SQL " FROM invitations i WHERE i.token_hash = ?2",
                                              "is", req->now, hash);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      vd_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "There is no invitation with this token");
      return NULL;
    }

  if (status != NULL)
    *status = g_strdup (vd_stmt_text (stmt, 1));
  return g_strdup (vd_stmt_text (stmt, 0));
}

static void
invitations_show_token (VdRequest *req)
{
  g_autofree char *id = lookup_token (req, NULL);

  if (id != NULL)
    vd_reply_object (req, SOUP_STATUS_OK, "Invitation", vd_invitation_to_json (req, id, TRUE, FALSE));
}

/* The checks common to accepting and rejecting; fills id and org_id, or answers */
static gboolean
check_respond (VdRequest  *req,
               char      **id,
               char      **org_id)
{
  g_autofree char *status = NULL;
  g_autofree char *email = NULL;
  g_autofree char *invited = NULL;
  g_autofree char *caller = NULL;

  *id = lookup_token (req, &status);
  if (*id == NULL)
    return FALSE;

  email = vd_database_query_string (req->db, "SELECT email FROM invitations WHERE id = ?", "s", *id);
  invited = g_utf8_casefold (email, -1);
  caller = g_utf8_casefold (req->user_email, -1);
  if (!g_str_equal (invited, caller))
    {
      vd_reply_error (req, SOUP_STATUS_FORBIDDEN, "invitation_email_mismatch",
                      "This invitation is for another email address");
      return FALSE;
    }

  if (g_str_equal (status, "expired"))
    {
      vd_reply_error (req, SOUP_STATUS_GONE, "invitation_expired",
                      "This invitation has expired; ask for a new one");
      return FALSE;
    }

  if (!g_str_equal (status, "pending"))
    {
      vd_reply_error (req, SOUP_STATUS_CONFLICT, "conflict", "This invitation was answered or revoked already");
      return FALSE;
    }

  *org_id = vd_database_query_string (req->db, "SELECT organization_id FROM invitations WHERE id = ?", "s", *id);
  return TRUE;
}

static void
invitations_accept (VdRequest *req)
{
  g_autofree char *id = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *member_id = vd_id_new ();
  g_autoptr(VdTransaction) tx = NULL;
  gboolean ok;

  if (!check_respond (req, &id, &org_id))
    return;

  if (vd_database_query_int (req->db, 0, "SELECT 1 FROM members WHERE organization_id = ? AND user_id = ?",
                             "ss", org_id, req->user_id))
    {
      vd_reply_error (req, SOUP_STATUS_CONFLICT, "already_member", "You are a member of this organization already");
      return;
    }

  tx = vd_database_begin (req->db);
  ok = vd_database_exec (req->db,
                         "INSERT INTO members (id, organization_id, user_id, role, permissions, joined_at)"
                         " SELECT ?, organization_id, ?, role, permissions, ? FROM invitations WHERE id = ?",
                         "ssis", member_id, req->user_id, req->now, id) &&
       vd_database_exec (req->db, "UPDATE invitations SET status = 'accepted', responded_at = ? WHERE id = ?",
                         "is", req->now, id) &&
       vd_database_exec (req->db,
                         "UPDATE sessions SET current_organization_id = coalesce (current_organization_id, ?)"
                         " WHERE id = ?",
                         "ss", org_id, req->session_id) &&
       vd_audit (req, org_id, "invitation.accepted", "invitation", id, NULL) &&
       vd_transaction_commit (tx);

  if (!ok)
    {
      vd_reply_internal (req);
      return;
    }

  vd_reply_object (req, SOUP_STATUS_OK, "Welcome to the organization", vd_member_to_json (req, member_id));
}

static void
invitations_reject (VdRequest *req)
{
  g_autofree char *id = NULL;
  g_autofree char *org_id = NULL;
  g_autoptr(VdTransaction) tx = NULL;

  if (!check_respond (req, &id, &org_id))
    return;

  tx = vd_database_begin (req->db);
  if (!vd_database_exec (req->db, "UPDATE invitations SET status = 'rejected', responded_at = ? WHERE id = ?",
                         "is", req->now, id) ||
      !vd_audit (req, org_id, "invitation.rejected", "invitation", id, NULL) ||
      !vd_transaction_commit (tx))
    {
      vd_reply_internal (req);
      return;
    }

  vd_reply_object (req, SOUP_STATUS_OK, "Invitation declined", vd_invitation_to_json (req, id, TRUE, FALSE));
}

const VdRoute vd_invitation_routes[] = {
  { "GET",    "/members/invitations",                 VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ADMIN, FALSE, invitations_list },
  { "POST",   "/members/invitations",                 VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ADMIN, TRUE,  invitations_create },
  { "POST",   "/members/invitations/{}/resend",       VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ADMIN, FALSE, invitations_resend },
  { "DELETE", "/members/invitations/{}",              VD_AUTH_VERIFIED, VD_ORG_CURRENT, VD_REQUIRE_ADMIN, FALSE, invitations_revoke },
  { "GET",    "/members/invitations/received",        VD_AUTH_VERIFIED, VD_ORG_NONE,    VD_REQUIRE_ANY,   FALSE, invitations_received },
  { "GET",    "/members/invitations/token/{}",        VD_AUTH_NONE,     VD_ORG_NONE,    VD_REQUIRE_ANY,   FALSE, invitations_show_token },
  { "POST",   "/members/invitations/token/{}/accept", VD_AUTH_VERIFIED, VD_ORG_NONE,    VD_REQUIRE_ANY,   FALSE, invitations_accept },
  { "POST",   "/members/invitations/token/{}/reject", VD_AUTH_VERIFIED, VD_ORG_NONE,    VD_REQUIRE_ANY,   FALSE, invitations_reject },
  VD_ROUTE_END
};
