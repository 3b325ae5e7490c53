/* vd-routes-auth.c — /auth/…: accounts, sessions, tokens, codes
 *
 * Tokens are random (256 bits) and only their SHA-256 hashes are stored.
 * Refresh tokens rotate: each is good for one refresh; presenting a used one
 * again revokes the whole session, since that means it was copied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-routes-auth"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "vd-server-private.h"

#define CODE_TTL_USEC        (15 * G_TIME_SPAN_MINUTE)
#define CODE_MAX_ATTEMPTS    5
#define RESET_TTL_USEC       (15 * G_TIME_SPAN_MINUTE)
#define SHORT_SESSION_USEC   G_TIME_SPAN_DAY

/* Entities */

JsonNode *
vd_user_to_json (VdRequest  *req,
                 const char *user_id)
{
  g_autoptr(VdStmt) stmt = NULL;
  g_autofree char *current = NULL;
  JsonObject *object;

  if (req->session_id != NULL && g_strcmp0 (req->user_id, user_id) == 0)
    current = vd_database_query_string (req->db,
                                        "SELECT current_organization_id FROM sessions WHERE id = ?",
                                        "s", req->session_id);

  stmt = vd_database_query (req->db,
                            "SELECT id, first_name, last_name, email, email_verified_at, created_at,"
                            " current_organization_id FROM users WHERE id = ?",
                            "s", user_id);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  object = json_object_new ();
  vd_json_set_text (object, "id", stmt, 0);
  vd_json_set_text (object, "first_name", stmt, 1);
  vd_json_set_text (object, "last_name", stmt, 2);
  vd_json_set_text (object, "email", stmt, 3);
  vd_json_set_time (object, "email_verified_at", stmt, 4);
  vd_json_set_time (object, "created_at", stmt, 5);
  if (current != NULL)
    json_object_set_string_member (object, "current_organization_id", current);
  else if (req->session_id != NULL && g_strcmp0 (req->user_id, user_id) == 0)
    json_object_set_null_member (object, "current_organization_id");
  else
    vd_json_set_text (object, "current_organization_id", stmt, 6);

  return vd_json_node_take_object (object);
}

/* Sessions and tokens */

char *
vd_session_create (VdRequest  *req,
                   const char *user_id,
                   gboolean    remember_me)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *user_agent = soup_message_headers_get_one (headers, "User-Agent");
  const VdServerConfig *config = vd_server_get_config (req->server);
  g_autofree char *id = vd_id_new ();
  g_autofree char *agent = NULL;
  g_autofree char *org_id = NULL;
  gint64 ttl = config->refresh_ttl * G_USEC_PER_SEC;

  if (!remember_me)
    ttl = MIN (ttl, SHORT_SESSION_USEC);

  agent = g_utf8_make_valid (user_agent ? user_agent : "", MIN (strlen (user_agent ? user_agent : ""), 255));

  /* The organization the person was last in, if they still belong to it;
   * else the first they joined. */
  org_id = vd_database_query_string (req->db,
                                     "SELECT m.organization_id FROM members m"
                                     " LEFT JOIN users u ON u.id = m.user_id"
                                     " WHERE m.user_id = ?"
                                     " ORDER BY (m.organization_id = u.current_organization_id) DESC,"
                                     " m.joined_at LIMIT 1",
                                     "s", user_id);

  if (!vd_database_exec (req->db,
                         "INSERT INTO sessions (id, user_id, user_agent, ip_address, current_organization_id,"
                         " created_at, last_active_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         "sssssiii", id, user_id, agent, req->ip_address ? req->ip_address : "",
                         org_id, req->now, req->now, req->now + ttl))
    return NULL;

  return g_steal_pointer (&id);
}

void
vd_sessions_revoke_all (VdRequest  *req,
                        const char *user_id,
                        const char *keep_session_id)
{
  vd_database_exec (req->db,
                    "UPDATE sessions SET revoked_at = ?"
                    " WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ?",
                    "iss", req->now, user_id, keep_session_id);
  vd_database_exec (req->db,
                    "DELETE FROM access_tokens WHERE session_id IN"
                    " (SELECT id FROM sessions WHERE user_id = ? AND id IS NOT ?)",
                    "ss", user_id, keep_session_id);
}

/* Issues an access and a refresh token for session_id (created when NULL)
 * and answers with them and the user. */
void
vd_reply_tokens (VdRequest  *req,
                 guint       status,
                 const char *message,
                 const char *user_id,
                 const char *session_id,
                 gboolean    remember_me)
{
  const VdServerConfig *config = vd_server_get_config (req->server);
  g_autoptr(VdTransaction) tx = vd_database_begin (req->db);
  g_autoptr(JsonObject) envelope = json_object_new ();
  g_autofree char *new_session = NULL;
  g_autofree char *access = vd_token_new ("vda_");
  g_autofree char *refresh = vd_token_new ("vdr_");
  g_autofree char *access_hash = vd_token_hash (access);
  g_autofree char *refresh_hash = vd_token_hash (refresh);
  JsonNode *user;

  if (session_id == NULL)
    {
      new_session = vd_session_create (req, user_id, remember_me);
      if (new_session == NULL)
        {
          vd_reply_internal (req);
          return;
        }
      session_id = new_session;
    }

  if (!vd_database_exec (req->db,
                         "INSERT INTO access_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)",
                         "ssi", access_hash, session_id,
                         req->now + config->access_ttl * G_USEC_PER_SEC) ||
      !vd_database_exec (req->db,
                         "INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)",
                         "ssi", refresh_hash, session_id, req->now) ||
      /* Expired tokens stay a day, so that they are still told "expired"
       * (refresh) rather than "invalid" (sign in again) */
      !vd_database_exec (req->db,
                         "DELETE FROM access_tokens WHERE session_id = ? AND expires_at <= ?",
                         "si", session_id, req->now - G_TIME_SPAN_DAY) ||
      !vd_transaction_commit (tx))
    {
      vd_reply_internal (req);
      return;
    }

  g_free (req->session_id);
  req->session_id = g_strdup (session_id);
  g_free (req->user_id);
  req->user_id = g_strdup (user_id);

  user = vd_user_to_json (req, user_id);
  json_object_set_boolean_member (envelope, "success", TRUE);
  json_object_set_string_member (envelope, "message", message);
  json_object_set_string_member (envelope, "access_token", access);
  json_object_set_string_member (envelope, "refresh_token", refresh);
  json_object_set_string_member (envelope, "token_type", "Bearer");
  json_object_set_int_member (envelope, "expires_in", config->access_ttl);
  if (user != NULL)
    json_object_set_member (envelope, "result", user);
  vd_reply_json (req, status, envelope);
}

/* One-time codes */

static char *
code_hash (const char *user_id,
           const char *code)
{
  g_autofree char *salted = g_strconcat (user_id, ":", code, NULL);

  return vd_token_hash (salted);
}

void
vd_email_code_send (VdRequest  *req,
                    const char *user_id,
                    const char *email,
                    const char *purpose)
{
  g_autofree char *code = vd_code_new ();
  g_autofree char *hash = code_hash (user_id, code);
  g_autofree char *body = NULL;
  gboolean verify = g_str_equal (purpose, "verify");

  /* A new code replaces the ones before it */
  vd_database_exec (req->db,
                    "UPDATE email_codes SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
                    "iss", req->now, user_id, purpose);
  if (!vd_database_exec (req->db,
                         "INSERT INTO email_codes (user_id, purpose, code_hash, created_at, expires_at)"
                         " VALUES (?, ?, ?, ?, ?)",
                         "sssii", user_id, purpose, hash, req->now, req->now + CODE_TTL_USEC))
    return;

  body = g_strdup_printf ("%s\n\nCode: %s\n\nThe code is valid for 15 minutes.",
                          verify ? "Welcome to Vidinfra. Confirm your email address with this code."
                                 : "Someone asked to reset the password of your Vidinfra account. "
                                   "If it was you, use this code; otherwise ignore this message.",
                          code);
  vd_mail (req, email, verify ? "Your Vidinfra verification code" : "Reset your Vidinfra password", body);
}

guint
vd_email_code_check (VdRequest  *req,
                     const char *user_id,
                     const char *purpose,
                     const char *code)
{
  g_autoptr(VdStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored = NULL;
  gint64 id, attempts, expires_at;

  stmt = vd_database_query (req->db,
                            "SELECT id, code_hash, attempts, expires_at FROM email_codes"
                            " WHERE user_id = ? AND purpose = ? AND used_at IS NULL"
                            " ORDER BY id DESC LIMIT 1",
                            "ss", user_id, purpose);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return SOUP_STATUS_GONE;

  id = vd_stmt_int (stmt, 0);
  stored = g_strdup (vd_stmt_text (stmt, 1));
  attempts = vd_stmt_int (stmt, 2);
  expires_at = vd_stmt_int (stmt, 3);
  vd_stmt_release (g_steal_pointer (&stmt));

  if (expires_at <= req->now || attempts >= CODE_MAX_ATTEMPTS)
    return SOUP_STATUS_GONE;

  hash = code_hash (user_id, code);
  if (strlen (hash) != strlen (stored) || sodium_memcmp (hash, stored, strlen (hash)) != 0)
    {
      vd_database_exec (req->db, "UPDATE email_codes SET attempts = attempts + 1 WHERE id = ?", "i", id);
      return 422;
    }

  vd_database_exec (req->db, "UPDATE email_codes SET used_at = ? WHERE id = ?", "ii", req->now, id);
  return 0;
}

static void
reply_code_problem (VdRequest *req,
                    guint      status,
                    const char *field)
{
  if (status == SOUP_STATUS_GONE)
    vd_reply_error (req, SOUP_STATUS_GONE, "otp_expired",
                    "This code has expired or was tried too often; ask for a new one");
  else
    vd_reply_invalid (req, field, "incorrect", "This code is not correct");
}

/* Routes */

typedef struct
{
  char     *first_name;
  char     *last_name;
  char     *email;
  gboolean  newsletter;
} Registration;

static void
registration_free (gpointer data)
{
  Registration *r = data;

  g_free (r->first_name);
  g_free (r->last_name);
  g_free (r->email);
  g_free (r);
}

static void
register_hashed_cb (VdRequest  *req,
                    gboolean    ok,
                    const char *hash,
                    gpointer    user_data)
{
  Registration *r = user_data;
  g_autoptr(VdTransaction) tx = NULL;
  g_autofree char *user_id = vd_id_new ();

  if (!ok)
    return;

  tx = vd_database_begin (req->db);
  if (vd_database_query_int (req->db, 0, "SELECT 1 FROM users WHERE email = ?", "s", r->email))
    {
      vd_reply_invalid (req, "email", "taken", "An account with this email address exists already");
      return;
    }

  if (!vd_database_exec (req->db,
                         "INSERT INTO users (id, email, first_name, last_name, password_hash, newsletter,"
                         " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         "sssssbii", user_id, r->email, r->first_name, r->last_name, hash,
                         r->newsletter, req->now, req->now) ||
      !vd_transaction_commit (tx))
    return;

  vd_email_code_send (req, user_id, r->email, "verify");
  vd_reply_tokens (req, SOUP_STATUS_CREATED, "Account created; check your email for the code",
                   user_id, NULL, TRUE);
}

static void
auth_register (VdRequest *req)
{
  const char *first_name, *last_name, *email, *password;
  gboolean newsletter;
  Registration *r;

  if (!vd_body_string (req, "first_name", TRUE, 1, VD_MAX_NAME_LENGTH, &first_name) ||
      !vd_body_string (req, "last_name", TRUE, 1, VD_MAX_NAME_LENGTH, &last_name) ||
      !vd_body_email (req, "email", &email) ||
      !vd_body_password (req, "password", &password) ||
      !vd_body_boolean (req, "newsletter", FALSE, FALSE, &newsletter))
    return;

  if (vd_database_query_int (req->db, 0, "SELECT 1 FROM users WHERE email = ?", "s", email))
    {
      vd_reply_invalid (req, "email", "taken", "An account with this email address exists already");
      return;
    }

  r = g_new0 (Registration, 1);
  r->first_name = g_strstrip (g_strdup (first_name));
  r->last_name = g_strstrip (g_strdup (last_name));
  r->email = g_strdup (email);
  r->newsletter = newsletter;
  vd_password_hash_async (req, password, register_hashed_cb, r, registration_free);
}

static void
auth_verify (VdRequest *req)
{
  const char *email = req->params[0];
  const char *otp = req->params[1];
  g_autofree char *user_id = NULL;
  g_autoptr(VdTransaction) tx = NULL;
  guint status;

  user_id = vd_database_query_string (req->db, "SELECT id FROM users WHERE email = ?", "s", email);
  if (user_id == NULL)
    {
      vd_reply_invalid (req, "otp", "incorrect", "This code is not correct");
      return;
    }

  if (vd_database_query_int (req->db, 0,
                             "SELECT email_verified_at IS NOT NULL FROM users WHERE id = ?",
                             "s", user_id))
    {
      vd_reply_message (req, "The email address is verified already");
      return;
    }

  tx = vd_database_begin (req->db);
  status = vd_email_code_check (req, user_id, "verify", otp);
  if (status == 0 &&
      vd_database_exec (req->db, "UPDATE users SET email_verified_at = ?, updated_at = ? WHERE id = ?",
                        "iis", req->now, req->now, user_id) &&
      vd_transaction_commit (tx))
    {
      vd_reply_object (req, SOUP_STATUS_OK, "Email address verified", vd_user_to_json (req, user_id));
      return;
    }

  /* The attempt counter must stick even when the code is wrong */
  vd_transaction_commit (tx);
  if (status == 0)
    vd_reply_internal (req);
  else
    reply_code_problem (req, status, "otp");
}

static void
auth_resend_otp (VdRequest *req)
{
  const char *email;
  g_autoptr(VdStmt) stmt = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *address = NULL;

  if (!vd_body_string (req, "email", TRUE, 1, VD_MAX_EMAIL_LENGTH, &email))
    return;

  stmt = vd_database_query (req->db,
                            "SELECT id, email FROM users WHERE email = ? AND email_verified_at IS NULL",
                            "s", email);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      user_id = g_strdup (vd_stmt_text (stmt, 0));
      address = g_strdup (vd_stmt_text (stmt, 1));
    }
  vd_stmt_release (g_steal_pointer (&stmt));

  if (user_id != NULL)
    {
      g_autoptr(VdTransaction) tx = vd_database_begin (req->db);

      vd_email_code_send (req, user_id, address, "verify");
      vd_transaction_commit (tx);
    }

  /* The same answer whether or not there is such an account */
  vd_reply_message (req, "If the address needs verifying, a new code is on its way");
}

typedef struct
{
  char     *email;
  char     *user_id;
  gboolean  remember_me;
} Login;

static void
login_free (gpointer data)
{
  Login *login = data;

  g_free (login->email);
  g_free (login->user_id);
  g_free (login);
}

static void
login_verified_cb (VdRequest  *req,
                   gboolean    ok,
                   const char *hash,
                   gpointer    user_data)
{
  Login *login = user_data;

  if (!ok || login->user_id == NULL)
    {
      vd_server_login_failed (req->server, login->email, req->now);
      vd_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_credentials",
                      "The email address or the password is not correct");
      return;
    }

  vd_server_login_succeeded (req->server, login->email);
  vd_reply_tokens (req, SOUP_STATUS_OK, "Signed in", login->user_id, NULL, login->remember_me);
}

static void
auth_login (VdRequest *req)
{
  const char *email, *password;
  gboolean remember_me;
  g_autoptr(VdStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  Login *login;
  gint64 wait;

  if (!vd_body_string (req, "email", TRUE, 1, VD_MAX_EMAIL_LENGTH, &email) ||
      !vd_body_string (req, "password", TRUE, 1, 1000, &password) ||
      !vd_body_boolean (req, "remember_me", FALSE, TRUE, &remember_me))
    return;

  wait = vd_server_login_blocked (req->server, email, req->now);
  if (wait > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", seconds);
      vd_reply_error (req, 429, "rate_limited",
                      "Too many failed sign-ins for this account; try again later");
      return;
    }

  login = g_new0 (Login, 1);
  login->email = g_strdup (email);
  login->remember_me = remember_me;

  stmt = vd_database_query (req->db, "SELECT id, password_hash FROM users WHERE email = ?", "s", email);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      login->user_id = g_strdup (vd_stmt_text (stmt, 0));
      hash = g_strdup (vd_stmt_text (stmt, 1));
    }
  vd_stmt_release (g_steal_pointer (&stmt));

  vd_password_verify_async (req, hash, password, login_verified_cb, login, login_free);
}

static void
auth_refresh (VdRequest *req)
{
  const char *token;
  gboolean remember_me;
  g_autofree char *hash = NULL;
  g_autofree char *session_id = NULL;
  g_autofree char *user_id = NULL;
  g_autoptr(VdStmt) stmt = NULL;
  gboolean used, revoked, expired;
  gint64 ttl;

  if (!vd_body_string (req, "refresh_token", TRUE, 1, 200, &token) ||
      !vd_body_boolean (req, "remember_me", FALSE, TRUE, &remember_me))
    return;

  hash = vd_token_hash (token);
  stmt = vd_database_query (req->db,
                            "SELECT r.session_id, r.used_at IS NOT NULL, s.revoked_at IS NOT NULL,"
                            " s.expires_at <= ?, s.user_id"
                            " FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id"
                            " WHERE r.token_hash = ?",
                            "is", req->now, hash);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      vd_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_token", "The refresh token is not valid");
      return;
    }

  session_id = g_strdup (vd_stmt_text (stmt, 0));
  used = vd_stmt_int (stmt, 1);
  revoked = vd_stmt_int (stmt, 2);
  expired = vd_stmt_int (stmt, 3);
  user_id = g_strdup (vd_stmt_text (stmt, 4));
  vd_stmt_release (g_steal_pointer (&stmt));

  if (used && !revoked)
    {
      /* A rotated token came back: someone holds a copy. End the session. */
      g_autoptr(VdTransaction) tx = vd_database_begin (req->db);

      g_message ("Refresh token reuse on session %s: revoking it", session_id);
      vd_database_exec (req->db, "UPDATE sessions SET revoked_at = ? WHERE id = ?", "is", req->now, session_id);
      vd_database_exec (req->db, "DELETE FROM access_tokens WHERE session_id = ?", "s", session_id);
      vd_transaction_commit (tx);
    }

  if (used || revoked || expired)
    {
      vd_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_token", "The refresh token is not valid");
      return;
    }

  ttl = vd_server_get_config (req->server)->refresh_ttl * G_USEC_PER_SEC;
  if (!remember_me)
    ttl = MIN (ttl, SHORT_SESSION_USEC);

  if (!vd_database_exec (req->db, "UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?",
                         "is", req->now, hash) ||
      !vd_database_exec (req->db, "UPDATE sessions SET expires_at = ?, last_active_at = ? WHERE id = ?",
                         "iis", req->now + ttl, req->now, session_id))
    {
      vd_reply_internal (req);
      return;
    }

  vd_reply_tokens (req, SOUP_STATUS_OK, "Tokens refreshed", user_id, session_id, remember_me);
}

static void
revoke_session (VdRequest  *req,
                const char *session_id)
{
  g_autoptr(VdTransaction) tx = vd_database_begin (req->db);

  if (vd_database_exec (req->db, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                        "is", req->now, session_id) &&
      vd_database_exec (req->db, "DELETE FROM access_tokens WHERE session_id = ?", "s", session_id) &&
      vd_transaction_commit (tx))
    vd_reply_message (req, "Signed out");
  else
    vd_reply_internal (req);
}

static void
auth_logout (VdRequest *req)
{
  revoke_session (req, req->session_id);
}

static void
auth_sessions (VdRequest *req)
{
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(VdStmt) stmt = NULL;

  stmt = vd_database_query (req->db,
                            "SELECT id, user_agent, ip_address, created_at, last_active_at FROM sessions"
                            " WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?"
                            " ORDER BY last_active_at DESC, created_at DESC",
                            "si", req->user_id, req->now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *object = json_object_new ();

      vd_json_set_text (object, "id", stmt, 0);
      vd_json_set_text (object, "user_agent", stmt, 1);
      vd_json_set_text (object, "ip_address", stmt, 2);
      vd_json_set_time (object, "created_at", stmt, 3);
      vd_json_set_time (object, "last_active_at", stmt, 4);
      json_object_set_boolean_member (object, "current", g_str_equal (vd_stmt_text (stmt, 0), req->session_id));
      json_array_add_object_element (items, object);
    }

  vd_reply_list (req, "Sessions", items, 1, MAX (json_array_get_length (items), 1),
                 json_array_get_length (items));
}

static void
auth_session_delete (VdRequest *req)
{
  if (!vd_database_query_int (req->db, 0,
                              "SELECT 1 FROM sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                              "ss", req->params[0], req->user_id))
    {
      vd_reply_not_found (req);
      return;
    }

  revoke_session (req, req->params[0]);
}

static void
auth_account_exists (VdRequest *req)
{
  const char *email;
  JsonObject *result;

  if (!vd_body_string (req, "email", TRUE, 1, VD_MAX_EMAIL_LENGTH, &email))
    return;

  result = json_object_new ();
  json_object_set_boolean_member (result, "exists",
                                  vd_database_query_int (req->db, 0, "SELECT 1 FROM users WHERE email = ?",
                                                         "s", email) == 1);
  vd_reply_object (req, SOUP_STATUS_OK, "Checked", vd_json_node_take_object (result));
}

static void
auth_profile (VdRequest *req)
{
  JsonNode *user = vd_user_to_json (req, req->user_id);

  if (user == NULL)
    vd_reply_not_found (req);
  else
    vd_reply_object (req, SOUP_STATUS_OK, "Profile", user);
}

static void
auth_profile_update (VdRequest *req)
{
  const char *first_name, *last_name;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  if (!vd_body_string (req, "first_name", FALSE, 1, VD_MAX_NAME_LENGTH, &first_name) ||
      !vd_body_string (req, "last_name", FALSE, 1, VD_MAX_NAME_LENGTH, &last_name))
    return;

  first = first_name ? g_strstrip (g_strdup (first_name)) : NULL;
  last = last_name ? g_strstrip (g_strdup (last_name)) : NULL;
  if ((first != NULL && *first == '\0') || (last != NULL && *last == '\0'))
    {
      vd_reply_invalid (req, first != NULL && *first == '\0' ? "first_name" : "last_name",
                        "required", "This field cannot be empty");
      return;
    }

  if (!vd_database_exec (req->db,
                         "UPDATE users SET first_name = coalesce (?, first_name),"
                         " last_name = coalesce (?, last_name), updated_at = ? WHERE id = ?",
                         "ssis", first, last, req->now, req->user_id))
    {
      vd_reply_internal (req);
      return;
    }

  vd_reply_object (req, SOUP_STATUS_OK, "Profile updated", vd_user_to_json (req, req->user_id));
}

static void
update_password_hashed_cb (VdRequest  *req,
                           gboolean    ok,
                           const char *hash,
                           gpointer    user_data)
{
  g_autoptr(VdTransaction) tx = NULL;

  if (!ok)
    return;

  tx = vd_database_begin (req->db);
  if (!vd_database_exec (req->db, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                         "sis", hash, req->now, req->user_id) ||
      !vd_database_exec (req->db, "UPDATE reset_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
                         "is", req->now, req->user_id))
    return;
  vd_sessions_revoke_all (req, req->user_id, req->session_id);
  if (!vd_transaction_commit (tx))
    return;

  vd_reply_message (req, "Password changed; other sessions are signed out");
}

static void
update_password_verified_cb (VdRequest  *req,
                             gboolean    ok,
                             const char *hash,
                             gpointer    user_data)
{
  const char *new_password = user_data;

  if (!ok)
    {
      vd_reply_invalid (req, "current_password", "incorrect", "The current password is not correct");
      return;
    }

  /* Hashing the new one is a second piece of thread work: keep the message paused */
  vd_password_hash_async (req, new_password, update_password_hashed_cb, NULL, NULL);
}

static void
auth_update_password (VdRequest *req)
{
  const char *current, *new_password;
  g_autofree char *hash = NULL;

  if (!vd_body_string (req, "current_password", TRUE, 1, 1000, &current) ||
      !vd_body_password (req, "new_password", &new_password))
    return;

  hash = vd_database_query_string (req->db, "SELECT password_hash FROM users WHERE id = ?",
                                   "s", req->user_id);
  vd_password_verify_async (req, hash, current, update_password_verified_cb,
                            g_strdup (new_password), g_free);
}

static void
auth_forgot_password (VdRequest *req)
{
  const char *email;
  g_autoptr(VdStmt) stmt = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *address = NULL;

  if (!vd_body_string (req, "email", TRUE, 1, VD_MAX_EMAIL_LENGTH, &email))
    return;

  stmt = vd_database_query (req->db, "SELECT id, email FROM users WHERE email = ?", "s", email);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      user_id = g_strdup (vd_stmt_text (stmt, 0));
      address = g_strdup (vd_stmt_text (stmt, 1));
    }
  vd_stmt_release (g_steal_pointer (&stmt));

  if (user_id != NULL)
    {
      g_autoptr(VdTransaction) tx = vd_database_begin (req->db);

      vd_email_code_send (req, user_id, address, "reset");
      vd_transaction_commit (tx);
    }

  vd_reply_message (req, "If there is an account with this address, a code is on its way");
}

static void
auth_forgot_verify (VdRequest *req)
{
  const char *email, *otp;
  g_autofree char *user_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(VdTransaction) tx = NULL;
  JsonObject *result;
  guint status;

  if (!vd_body_string (req, "email", TRUE, 1, VD_MAX_EMAIL_LENGTH, &email) ||
      !vd_body_string (req, "otp", TRUE, 1, 32, &otp))
    return;

  user_id = vd_database_query_string (req->db, "SELECT id FROM users WHERE email = ?", "s", email);
  if (user_id == NULL)
    {
      vd_reply_invalid (req, "otp", "incorrect", "This code is not correct");
      return;
    }

  tx = vd_database_begin (req->db);
  status = vd_email_code_check (req, user_id, "reset", otp);
  if (status != 0)
    {
      vd_transaction_commit (tx);
      reply_code_problem (req, status, "otp");
      return;
    }

  token = vd_token_new ("vdp_");
  hash = vd_token_hash (token);
  if (!vd_database_exec (req->db, "INSERT INTO reset_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                         "ssi", hash, user_id, req->now + RESET_TTL_USEC) ||
      !vd_transaction_commit (tx))
    {
      vd_reply_internal (req);
      return;
    }

  result = json_object_new ();
  json_object_set_string_member (result, "reset_token", token);
  vd_reply_object (req, SOUP_STATUS_OK, "Code accepted; choose a new password",
                   vd_json_node_take_object (result));
}

static void
reset_hashed_cb (VdRequest  *req,
                 gboolean    ok,
                 const char *hash,
                 gpointer    user_data)
{
  const char *token_hash = user_data;
  g_autoptr(VdTransaction) tx = NULL;
  g_autofree char *user_id = NULL;

  if (!ok)
    return;

  tx = vd_database_begin (req->db);
  user_id = vd_database_query_string (req->db,
                                      "SELECT user_id FROM reset_tokens"
                                      " WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
                                      "si", token_hash, req->now);
  if (user_id == NULL)
    {
      vd_reply_invalid (req, "reset_token", "invalid", "This reset link is not valid any more");
      return;
    }

  /* Answering the mailed code proved the address, so it counts as verified */
  /* Every reset link of the person is spent, not only this one */
  if (!vd_database_exec (req->db, "UPDATE reset_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
                         "is", req->now, user_id) ||
      !vd_database_exec (req->db,
                         "UPDATE users SET password_hash = ?, updated_at = ?,"
                         " email_verified_at = coalesce (email_verified_at, ?) WHERE id = ?",
                         "siis", hash, req->now, req->now, user_id))
    return;
  vd_sessions_revoke_all (req, user_id, NULL);
  if (!vd_transaction_commit (tx))
    return;

  vd_reply_message (req, "Password changed; sign in with the new one");
}

static void
auth_forgot_set (VdRequest *req)
{
  const char *token, *password;
  g_autofree char *hash = NULL;

  if (!vd_body_string (req, "reset_token", TRUE, 1, 200, &token) ||
      !vd_body_password (req, "password", &password))
    return;

  hash = vd_token_hash (token);
  if (!vd_database_query_int (req->db, 0,
                              "SELECT 1 FROM reset_tokens WHERE token_hash = ? AND used_at IS NULL"
                              " AND expires_at > ?",
                              "si", hash, req->now))
    {
      vd_reply_invalid (req, "reset_token", "invalid", "This reset link is not valid any more");
      return;
    }

  vd_password_hash_async (req, password, reset_hashed_cb, g_steal_pointer (&hash), g_free);
}

const VdRoute vd_auth_routes[] = {
  { "POST",   "/auth/register",                   VD_AUTH_NONE,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_register },
  { "GET",    "/auth/verify/{}/{}",               VD_AUTH_OPTIONAL, VD_ORG_NONE, VD_REQUIRE_ANY, FALSE, auth_verify },
  { "POST",   "/auth/resend-otp",                 VD_AUTH_NONE,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_resend_otp },
  { "POST",   "/auth/login",                      VD_AUTH_NONE,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_login },
  { "POST",   "/auth/refresh-auth-token",         VD_AUTH_NONE,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_refresh },
  { "POST",   "/auth/logout",                     VD_AUTH_USER,     VD_ORG_NONE, VD_REQUIRE_ANY, FALSE, auth_logout },
  { "GET",    "/auth/sessions",                   VD_AUTH_USER,     VD_ORG_NONE, VD_REQUIRE_ANY, FALSE, auth_sessions },
  { "DELETE", "/auth/sessions/{}",                VD_AUTH_USER,     VD_ORG_NONE, VD_REQUIRE_ANY, FALSE, auth_session_delete },
  { "POST",   "/auth/account-exists",             VD_AUTH_NONE,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_account_exists },
  { "GET",    "/auth/profiles",                   VD_AUTH_USER,     VD_ORG_NONE, VD_REQUIRE_ANY, FALSE, auth_profile },
  { "PUT",    "/auth/profiles",                   VD_AUTH_USER,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_profile_update },
  { "POST",   "/auth/update-password",            VD_AUTH_USER,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_update_password },
  { "POST",   "/auth/forgot-password",            VD_AUTH_NONE,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_forgot_password },
  { "POST",   "/auth/forgot-password/verify-otp", VD_AUTH_NONE,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_forgot_verify },
  { "POST",   "/auth/forgot-password/set",        VD_AUTH_NONE,     VD_ORG_NONE, VD_REQUIRE_ANY, TRUE,  auth_forgot_set },
  VD_ROUTE_END
};
