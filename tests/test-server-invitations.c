/* test-server-invitations.c — invitations, the audit log, API keys and health of vidinfra-local
 *
 * One demo server is shared by the cases, and each person signs in once;
 * the expiry case starts a second one with a two-second invitation lifetime.
 * Cases invite addresses of their own, so that none depends on another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "vd-test-server.h"

#define STUDIOS "Acme Studios"
#define NORA    "nora@northwind.test"
#define MEMBER  "baptiste2@acme.test"   /* "Product Tutorials" without delete, no API */
#define DMITRI  "dmitri4@acme.test"     /* "Product Tutorials" full access, API */

typedef struct
{
  VdTestServer *server;
  GHashTable   *tokens;     /* email → access token */
  char         *studios;    /* organization id */
  GPid          pids[2];    /* servers to take down on a failed assertion */
} Shared;

static Shared shared;

typedef struct
{
  VdTestServer *server;
  const char   *owner;      /* access tokens */
  const char   *admin;
  const char   *studios;
} Fixture;

/*
 * Helpers
 */

/* A failed assertion aborts the test program: take the servers down too */
static void
abort_cb (int signum)
{
  for (guint i = 0; i < G_N_ELEMENTS (shared.pids); i++)
    if (shared.pids[i] > 0)
      kill (shared.pids[i], SIGKILL);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* slot: which of shared.pids */
static void
prepare_server (VdTestServer *server,
                guint         slot)
{
  /* Loopback needs no proxy, and looking one up reads GSettings, whose
   * schemas the tests' isolated XDG directories hide */
  g_object_set (server->session, "proxy-resolver", NULL, NULL);
  shared.pids[slot] = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (server->process), NULL, 10);
  signal (SIGABRT, abort_cb);
  signal (SIGTRAP, abort_cb);
}

static VdTestServer *
shared_server (void)
{
  if (shared.server == NULL)
    {
      shared.server = vd_test_server_start ("--demo", NULL);
      prepare_server (shared.server, 0);
    }

  return shared.server;
}

/* Each person signs in once per program */
static const char *
token_of (const char *email)
{
  char *token;

  if (shared.tokens == NULL)
    shared.tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  token = g_hash_table_lookup (shared.tokens, email);
  if (token == NULL)
    {
      token = vd_test_login (shared_server (), email, VD_TEST_PASSWORD, NULL);
      g_hash_table_insert (shared.tokens, g_strdup (email), token);
    }

  return token;
}

static VdTestResponse *
call (const char *method,
      const char *path,
      const char *token,
      const char *body)
{
  return vd_test_request_full (shared_server (), method, path, token, NULL, NULL, body, -1);
}

static char *
iso_time (gint64 seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
json_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

#define assert_json_equal(a, b) \
  G_STMT_START { \
    g_autofree char *_a = json_text (a); \
    g_autofree char *_b = json_text (b); \
    g_assert_cmpstr (_a, ==, _b); \
  } G_STMT_END

static char *
user_id_of (const char *token)
{
  g_autoptr(VdTestResponse) response = call ("GET", "/auth/profiles", token, NULL);

  vd_test_assert_status (response, 200, NULL);
  return g_strdup (vd_test_jstr (vd_test_result_object (response), "id"));
}

static char *
project_id_of (const char *name)
{
  g_autoptr(VdTestResponse) response = call ("GET", "/projects?limit=500", token_of (VD_TEST_OWNER), NULL);
  JsonObject *project;

  vd_test_assert_status (response, 200, NULL);
  project = vd_test_find_item (vd_test_result_array (response), "name", name);
  g_assert_nonnull (project);
  return g_strdup (vd_test_jstr (project, "id"));
}

/* The newest audit entry of this action, as the token sees it */
static JsonObject *
newest_audit (const char *token,
              const char *action)
{
  g_autofree char *path = g_strdup_printf ("/audits?limit=1&filter[action][eq]=%s", action);
  g_autoptr(VdTestResponse) response = call ("GET", path, token, NULL);
  JsonArray *items;

  vd_test_assert_status (response, 200, NULL);
  items = vd_test_result_array (response);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_object_ref (json_array_get_object_element (items, 0));
}

/* Every invitation of the organization (of any status unless query says) */
static JsonArray *
all_invitations (const char *token,
                 const char *query)
{
  g_autofree char *path = g_strdup_printf ("/members/invitations?limit=500%s%s",
                                           query ? "&" : "", query ? query : "");
  g_autoptr(VdTestResponse) response = call ("GET", path, token, NULL);

  vd_test_assert_status (response, 200, NULL);
  g_assert_cmpint (vd_test_response_total (response), ==, json_array_get_length (vd_test_result_array (response)));
  return json_array_ref (vd_test_result_array (response));
}

/* Invites email as the token's holder (asserting 201) and returns the
 * invitation; *token_out gets the token mailed to the address */
static JsonObject *
invite_on (VdTestServer  *server,
           const char    *token,
           const char    *email,
           const char    *role,
           const char    *permissions,
           char         **token_out)
{
  g_autofree char *body = vd_test_jq ("{'email': '%s', 'role': '%s', 'permissions': %s}", email, role,
                              permissions ? permissions : "[]");
  g_autoptr(VdTestResponse) response = vd_test_request_full (server, "POST", "/members/invitations", token,
                                                             NULL, NULL, body, -1);

  vd_test_assert_status (response, 201, NULL);
  if (token_out != NULL)
    {
      *token_out = vd_test_outbox_value (server, email, "Token");
      g_assert_nonnull (*token_out);
      g_assert_true (g_str_has_prefix (*token_out, "vdi_"));
    }

  return json_object_ref (vd_test_result_object (response));
}

static JsonObject *
invite (const char  *email,
        const char  *role,
        const char  *permissions,
        char       **token_out)
{
  return invite_on (shared_server (), token_of (VD_TEST_OWNER), email, role, permissions, token_out);
}

static char *
token_path (const char *token,
            const char *action)
{
  return action ? g_strdup_printf ("/members/invitations/token/%s/%s", token, action)
                : g_strdup_printf ("/members/invitations/token/%s", token);
}

/* "Show Token", without signing in */
static VdTestResponse *
show_token_on (VdTestServer *server,
               const char   *token)
{
  g_autofree char *path = token_path (token, NULL);

  return vd_test_request (server, "GET", path, NULL, NULL);
}

static char *
status_of_token (const char *token)
{
  g_autoptr(VdTestResponse) response = show_token_on (shared_server (), token);

  vd_test_assert_status (response, 200, NULL);
  return g_strdup (vd_test_jstr (vd_test_result_object (response), "status"));
}

static void
assert_invited_by (JsonObject *invitation,
                   const char *email)
{
  JsonObject *inviter = vd_test_jobj (invitation, "invited_by");

  g_assert_nonnull (vd_test_jstr (inviter, "id"));
  g_assert_nonnull (vd_test_jstr (inviter, "first_name"));
  g_assert_nonnull (vd_test_jstr (inviter, "last_name"));
  g_assert_cmpstr (vd_test_jstr (inviter, "email"), ==, email);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = shared_server ();
  fixture->owner = token_of (VD_TEST_OWNER);
  fixture->admin = token_of (VD_TEST_ADMIN);

  if (shared.studios == NULL)
    {
      g_autoptr(VdTestResponse) response = call ("GET", "/organizations", fixture->owner, NULL);

      vd_test_assert_status (response, 200, NULL);
      shared.studios = g_strdup (vd_test_jstr (vd_test_find_item (vd_test_result_array (response), "name", STUDIOS), "id"));
    }
  fixture->studios = shared.studios;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
}

/*
 * Invitations
 */

static void
test_send (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *tutorials = project_id_of ("Product Tutorials");
  g_autofree char *owner_id = user_id_of (fixture->owner);
  g_autofree char *grants = vd_test_jq ("[{'entity_id': '%s', 'entity_type': 'projects', 'name': 'full-access',"
                                " 'action': 'read+write'}]", tutorials);
  guint mails = vd_test_outbox_count (fixture->server);
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) invitation = invite ("fresh.person@example.com", "member", grants, &token);
  g_autofree char *mail = vd_test_outbox_last (fixture->server, "fresh.person@example.com");
  g_autoptr(JsonObject) audit = newest_audit (fixture->owner, "member.invited");
  g_autoptr(JsonArray) pending = all_invitations (fixture->owner, "status=pending");
  JsonObject *grant, *listed, *metadata;
  const char *id = vd_test_jstr (invitation, "id");

  g_assert_nonnull (id);
  g_assert_cmpstr (vd_test_jstr (invitation, "email"), ==, "fresh.person@example.com");
  g_assert_cmpstr (vd_test_jstr (invitation, "role"), ==, "member");
  g_assert_cmpstr (vd_test_jstr (invitation, "status"), ==, "pending");
  g_assert_null (vd_test_jstr (invitation, "responded_at"));
  assert_invited_by (invitation, VD_TEST_OWNER);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (invitation, "invited_by"), "id"), ==, owner_id);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (invitation, "invited_by"), "first_name"), ==, "Amelia");
  /* Seven days */
  g_assert_cmpint (vd_test_jtime (invitation, "expires_at") - vd_test_jtime (invitation, "created_at"), ==, 7 * 24 * 3600);
  g_assert_cmpint (ABS (vd_test_jtime (invitation, "created_at") - g_get_real_time () / G_USEC_PER_SEC), <=, 60);

  /* The grants, normalized */
  g_assert_cmpuint (json_array_get_length (vd_test_jarr (invitation, "permissions")), ==, 1);
  grant = json_array_get_object_element (vd_test_jarr (invitation, "permissions"), 0);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_id"), ==, tutorials);
  g_assert_cmpstr (vd_test_jstr (grant, "action"), ==, "write+read");

  /* One mail, to the address, with the token */
  g_assert_cmpuint (vd_test_outbox_count (fixture->server), ==, mails + 1);
  g_assert_nonnull (mail);
  g_assert_true (g_str_has_prefix (mail, "To: fresh.person@example.com\n"));
  g_assert_nonnull (strstr (mail, "\nSubject: "));
  g_assert_nonnull (strstr (mail, "\nToken: "));
  g_assert_nonnull (strstr (mail, token));

  /* The token shows this invitation */
  {
    g_autoptr(VdTestResponse) shown = show_token_on (fixture->server, token);

    vd_test_assert_status (shown, 200, NULL);
    g_assert_cmpstr (vd_test_jstr (vd_test_result_object (shown), "email"), ==, "fresh.person@example.com");
  }

  listed = vd_test_find_item (pending, "id", id);
  g_assert_nonnull (listed);
  g_assert_cmpstr (vd_test_jstr (listed, "status"), ==, "pending");

  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, id);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "id"), ==, owner_id);
  metadata = vd_test_jobj (audit, "metadata");
  g_assert_cmpstr (vd_test_jstr (metadata, "email"), ==, "fresh.person@example.com");
  g_assert_cmpstr (vd_test_jstr (metadata, "role"), ==, "member");
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonArray) everything = all_invitations (fixture->owner, NULL);
  g_autoptr(JsonArray) by_admin = all_invitations (fixture->admin, NULL);
  g_autoptr(JsonArray) pending = all_invitations (fixture->owner, "status=pending");
  g_autoptr(JsonArray) expired = all_invitations (fixture->owner, "filter[status][eq]=expired");
  g_autoptr(JsonArray) revoked = all_invitations (fixture->owner, "status=revoked");
  g_autoptr(VdTestResponse) bogus = call ("GET", "/members/invitations?status=lost", fixture->owner, NULL);
  g_autoptr(VdTestResponse) by_member = call ("GET", "/members/invitations", token_of (MEMBER), NULL);
  g_autoptr(VdTestResponse) page = call ("GET", "/members/invitations?limit=2&page=2", fixture->owner, NULL);
  static const struct { const char *email; const char *status; } demo[] = {
    { "new.editor@example.com", "pending" },
    { "contractor@example.org", "pending" },
    { "late.reply@example.com", "expired" },
    { "wrong.address@example.com", "revoked" },
    { "not.interested@example.net", "rejected" },
  };
  guint n = json_array_get_length (everything);
  guint n_expired = 0;

  g_assert_cmpuint (n, >=, G_N_ELEMENTS (demo));
  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      JsonObject *invitation = vd_test_find_item (everything, "email", demo[i].email);

      g_assert_nonnull (invitation);
      g_assert_cmpstr (vd_test_jstr (invitation, "status"), ==, demo[i].status);
      g_assert_nonnull (vd_test_jstr (invitation, "id"));
      g_assert_cmpstr (vd_test_jstr (invitation, "role"), ==, "member");
      g_assert_nonnull (vd_test_jarr (invitation, "permissions"));
      g_assert_nonnull (vd_test_jobj (invitation, "invited_by"));
      g_assert_nonnull (vd_test_jstr (invitation, "created_at"));
      g_assert_nonnull (vd_test_jstr (invitation, "expires_at"));
      if (g_str_equal (demo[i].status, "pending") || g_str_equal (demo[i].status, "expired"))
        g_assert_null (vd_test_jstr (invitation, "responded_at"));
      else
        g_assert_nonnull (vd_test_jstr (invitation, "responded_at"));
    }
  assert_invited_by (vd_test_find_item (everything, "email", "new.editor@example.com"), VD_TEST_OWNER);
  assert_invited_by (vd_test_find_item (everything, "email", "contractor@example.org"), VD_TEST_ADMIN);

  /* Newest first */
  for (guint i = 0; i + 1 < n; i++)
    g_assert_cmpint (vd_test_jtime (json_array_get_object_element (everything, i), "created_at"), >=,
                     vd_test_jtime (json_array_get_object_element (everything, i + 1), "created_at"));

  g_assert_cmpuint (json_array_get_length (by_admin), ==, n);

  /* Filtered by status, either way of asking */
  g_assert_nonnull (vd_test_find_item (pending, "email", "new.editor@example.com"));
  g_assert_nonnull (vd_test_find_item (pending, "email", "contractor@example.org"));
  g_assert_null (vd_test_find_item (pending, "email", "late.reply@example.com"));
  for (guint i = 0; i < json_array_get_length (pending); i++)
    g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (pending, i), "status"), ==, "pending");

  for (guint i = 0; i < n; i++)
    if (g_str_equal (vd_test_jstr (json_array_get_object_element (everything, i), "status"), "expired"))
      n_expired++;
  g_assert_cmpuint (json_array_get_length (expired), ==, n_expired);
  g_assert_nonnull (vd_test_find_item (expired, "email", "late.reply@example.com"));
  for (guint i = 0; i < json_array_get_length (expired); i++)
    g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (expired, i), "status"), ==, "expired");

  g_assert_nonnull (vd_test_find_item (revoked, "email", "wrong.address@example.com"));
  g_assert_null (vd_test_find_item (revoked, "email", "new.editor@example.com"));

  vd_test_assert_invalid (bogus, "status", NULL);
  vd_test_assert_status (by_member, 403, "forbidden");

  vd_test_assert_status (page, 200, NULL);
  g_assert_cmpint (vd_test_jint (vd_test_pagination (page), "page"), ==, 2);
  g_assert_cmpint (vd_test_jint (vd_test_pagination (page), "page_size"), ==, 2);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (page)), ==, 2);
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (vd_test_result_array (page), 0), "id"), ==,
                   vd_test_jstr (json_array_get_object_element (everything, 2), "id"));
}

static void
test_conflicts (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct { const char *email; const char *role; guint status; const char *code; } cases[] = {
    { MEMBER, "member", 409, "already_member" },
    { "BAPTISTE2@Acme.Test", "member", 409, "already_member" },
    { VD_TEST_ADMIN, "member", 409, "already_member" },
    { "new.editor@example.com", "member", 409, "invitation_pending" },
    { "New.Editor@Example.com", "member", 409, "invitation_pending" },
  };
  g_autoptr(VdTestResponse) as_owner_role = NULL;
  g_autoptr(VdTestResponse) bad_email = NULL;
  g_autoptr(VdTestResponse) unknown_project = NULL;
  g_autoptr(VdTestResponse) admin_admin = NULL;
  g_autoptr(VdTestResponse) by_member = NULL;
  g_autoptr(VdTestResponse) admin_member = NULL;
  g_autoptr(JsonObject) owner_admin = NULL;
  const char *member = token_of (MEMBER);    /* signed in before the dump */
  g_autofree char *dump = vd_test_db_dump (fixture->server);
  g_autofree char *dump_after = NULL;
  guint mails = vd_test_outbox_count (fixture->server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = vd_test_jq ("{'email': '%s', 'role': '%s', 'permissions': []}", cases[i].email, cases[i].role);
      g_autoptr(VdTestResponse) response = call ("POST", "/members/invitations", fixture->owner, body);

      vd_test_assert_status (response, cases[i].status, cases[i].code);
    }

  /* Ownership is handed over, never sent */
  as_owner_role = call ("POST", "/members/invitations", fixture->owner,
                        "{\"email\": \"would.own@example.com\", \"role\": \"owner\", \"permissions\": []}");
  vd_test_assert_invalid (as_owner_role, "role", NULL);
  bad_email = call ("POST", "/members/invitations", fixture->owner,
                    "{\"email\": \"not an address\", \"role\": \"member\", \"permissions\": []}");
  vd_test_assert_invalid (bad_email, "email", NULL);

  /* Grants must name what is in the organization */
  unknown_project = call ("POST", "/members/invitations", fixture->owner,
                          "{\"email\": \"ghost.project@example.com\", \"role\": \"member\", \"permissions\":"
                          " [{\"entity_id\": \"00000000-0000-4000-8000-000000000000\", \"entity_type\": \"projects\","
                          " \"name\": \"full-access\", \"action\": \"write+read\"}]}");
  vd_test_assert_invalid (unknown_project, "permissions", NULL);

  /* Only owners invite admins; members invite nobody */
  admin_admin = call ("POST", "/members/invitations", fixture->admin,
                      "{\"email\": \"second.admin@example.com\", \"role\": \"admin\", \"permissions\": []}");
  vd_test_assert_status (admin_admin, 403, "forbidden");
  by_member = call ("POST", "/members/invitations", member,
                    "{\"email\": \"friend.of.baptiste@example.com\", \"role\": \"member\", \"permissions\": []}");
  vd_test_assert_status (by_member, 403, "forbidden");

  /* None of that left a trace */
  dump_after = vd_test_db_dump (fixture->server);
  g_assert_cmpstr (dump_after, ==, dump);
  g_assert_cmpuint (vd_test_outbox_count (fixture->server), ==, mails);

  owner_admin = invite ("second.admin@example.com", "admin", NULL, NULL);
  g_assert_cmpstr (vd_test_jstr (owner_admin, "role"), ==, "admin");
  admin_member = call ("POST", "/members/invitations", fixture->admin,
                       "{\"email\": \"invited.by.admin@example.com\", \"role\": \"member\", \"permissions\": []}");
  vd_test_assert_status (admin_member, 201, NULL);
  assert_invited_by (vd_test_result_object (admin_member), VD_TEST_ADMIN);
}

static void
test_resend (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *old_token = NULL;
  g_autoptr(JsonObject) invitation = invite ("resend.me@example.com", "member", NULL, &old_token);
  g_autofree char *path = g_strdup_printf ("/members/invitations/%s/resend", vd_test_jstr (invitation, "id"));
  guint mails = vd_test_outbox_count (fixture->server);
  g_autoptr(VdTestResponse) resent = call ("POST", path, fixture->admin, NULL);
  g_autofree char *new_token = vd_test_outbox_value (fixture->server, "resend.me@example.com", "Token");
  g_autoptr(VdTestResponse) old_shown = show_token_on (fixture->server, old_token);
  g_autoptr(VdTestResponse) new_shown = show_token_on (fixture->server, new_token);
  g_autoptr(JsonObject) audit = newest_audit (fixture->owner, "invitation.resent");
  g_autoptr(JsonArray) everything = all_invitations (fixture->owner, NULL);
  JsonObject *editor;
  g_autofree char *editor_path = NULL;
  g_autoptr(VdTestResponse) editor_resent = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  vd_test_assert_status (resent, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (resent), "id"), ==, vd_test_jstr (invitation, "id"));
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (resent), "status"), ==, "pending");

  /* A new token, mailed; the old one is gone */
  g_assert_cmpuint (vd_test_outbox_count (fixture->server), ==, mails + 1);
  g_assert_nonnull (new_token);
  g_assert_cmpstr (new_token, !=, old_token);
  vd_test_assert_status (old_shown, 404, "not_found");
  vd_test_assert_status (new_shown, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (new_shown), "status"), ==, "pending");
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (new_shown), "email"), ==, "resend.me@example.com");
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, vd_test_jstr (invitation, "id"));

  /* A new expiry: the demo invitation sent two days ago gets seven days from now */
  editor = vd_test_find_item (everything, "email", "new.editor@example.com");
  g_assert_nonnull (editor);
  g_assert_cmpint (vd_test_jtime (editor, "expires_at"), <, now + 6 * 24 * 3600);
  editor_path = g_strdup_printf ("/members/invitations/%s/resend", vd_test_jstr (editor, "id"));
  editor_resent = call ("POST", editor_path, fixture->owner, NULL);
  vd_test_assert_status (editor_resent, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (editor_resent), "status"), ==, "pending");
  g_assert_cmpint (vd_test_jtime (vd_test_result_object (editor_resent), "expires_at"), >=,
                   vd_test_jtime (editor, "expires_at") + 24 * 3600);
  g_assert_cmpint (ABS (vd_test_jtime (vd_test_result_object (editor_resent), "expires_at") - (now + 7 * 24 * 3600)), <=, 60);
}

static void
test_resend_answered (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonArray) everything = all_invitations (fixture->owner, NULL);
  g_autofree char *dump = vd_test_db_dump (fixture->server);
  g_autofree char *dump_after = NULL;
  guint mails = vd_test_outbox_count (fixture->server);
  static const char * const answered[] = { "wrong.address@example.com", "not.interested@example.net" };

  /* Revoked and rejected invitations are not sent again */
  for (guint i = 0; i < G_N_ELEMENTS (answered); i++)
    {
      JsonObject *invitation = vd_test_find_item (everything, "email", answered[i]);
      g_autofree char *path = g_strdup_printf ("/members/invitations/%s/resend", vd_test_jstr (invitation, "id"));
      g_autoptr(VdTestResponse) response = call ("POST", path, fixture->owner, NULL);

      vd_test_assert_status (response, 409, "conflict");
    }

  {
    g_autoptr(VdTestResponse) unknown = call ("POST", "/members/invitations/00000000-0000-4000-8000-000000000000/resend",
                                              fixture->owner, NULL);

    vd_test_assert_status (unknown, 404, "not_found");
  }

  dump_after = vd_test_db_dump (fixture->server);
  g_assert_cmpstr (dump_after, ==, dump);
  g_assert_cmpuint (vd_test_outbox_count (fixture->server), ==, mails);
}

static void
test_revoke (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) invitation = invite (NORA, "member", NULL, &token);
  g_autofree char *path = g_strdup_printf ("/members/invitations/%s", vd_test_jstr (invitation, "id"));
  g_autofree char *accept_path = token_path (token, "accept");
  g_autoptr(VdTestResponse) revoked = call ("DELETE", path, fixture->admin, NULL);
  g_autoptr(JsonObject) audit = newest_audit (fixture->owner, "invitation.revoked");
  g_autoptr(JsonArray) everything = all_invitations (fixture->owner, NULL);
  g_autoptr(JsonArray) only_revoked = all_invitations (fixture->owner, "status=revoked");
  g_autofree char *status = status_of_token (token);
  g_autoptr(VdTestResponse) accepted = call ("POST", accept_path, token_of (NORA), NULL);
  g_autoptr(VdTestResponse) again = call ("DELETE", path, fixture->owner, NULL);
  g_autoptr(VdTestResponse) organizations = call ("GET", "/organizations", token_of (NORA), NULL);
  JsonObject *listed;

  vd_test_assert_status (revoked, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (revoked), "status"), ==, "revoked");
  g_assert_nonnull (vd_test_jstr (vd_test_result_object (revoked), "responded_at"));
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, vd_test_jstr (invitation, "id"));

  /* Kept in the list */
  listed = vd_test_find_item (everything, "id", vd_test_jstr (invitation, "id"));
  g_assert_nonnull (listed);
  g_assert_cmpstr (vd_test_jstr (listed, "status"), ==, "revoked");
  g_assert_nonnull (vd_test_find_item (only_revoked, "id", vd_test_jstr (invitation, "id")));
  g_assert_cmpstr (status, ==, "revoked");

  /* Its token is spent */
  vd_test_assert_status (accepted, 409, NULL);
  vd_test_assert_status (again, 409, "conflict");
  vd_test_assert_status (organizations, 200, NULL);
  g_assert_null (vd_test_find_item (vd_test_result_array (organizations), "name", STUDIOS));
}

static void
test_show_token (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *grants = vd_test_jq ("[{'entity_id': '%s', 'entity_type': 'organizations', 'name': 'billing',"
                                " 'action': 'write+read'}]", fixture->studios);
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) invitation = invite ("peek@example.com", "admin", grants, &token);
  g_autoptr(VdTestResponse) shown = show_token_on (fixture->server, token);
  g_autoptr(VdTestResponse) unknown = show_token_on (fixture->server, "vdi_nonsense");
  JsonObject *result, *organization, *grant;

  /* No sign-in needed */
  vd_test_assert_status (shown, 200, NULL);
  result = vd_test_result_object (shown);
  organization = vd_test_jobj (result, "organization");
  g_assert_cmpstr (vd_test_jstr (organization, "id"), ==, fixture->studios);
  g_assert_cmpstr (vd_test_jstr (organization, "name"), ==, STUDIOS);
  g_assert_cmpstr (vd_test_jstr (result, "email"), ==, "peek@example.com");
  g_assert_cmpstr (vd_test_jstr (result, "role"), ==, "admin");
  g_assert_cmpstr (vd_test_jstr (result, "status"), ==, "pending");
  g_assert_cmpint (vd_test_jtime (result, "expires_at"), ==, vd_test_jtime (invitation, "expires_at"));
  assert_invited_by (result, VD_TEST_OWNER);
  g_assert_cmpuint (json_array_get_length (vd_test_jarr (result, "permissions")), ==, 1);
  grant = json_array_get_object_element (vd_test_jarr (result, "permissions"), 0);
  g_assert_cmpstr (vd_test_jstr (grant, "name"), ==, "billing");
  g_assert_cmpstr (vd_test_jstr (grant, "entity_type"), ==, "organizations");
  g_assert_cmpstr (vd_test_jstr (grant, "entity_id"), ==, fixture->studios);

  vd_test_assert_status (unknown, 404, "not_found");
}

static void
test_accept (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *tutorials = project_id_of ("Product Tutorials");
  g_autofree char *grants = vd_test_jq ("[{'entity_id': '%s', 'entity_type': 'projects', 'name': 'full-access',"
                                " 'action': 'write+read'},"
                                " {'entity_id': '%s', 'entity_type': 'organizations', 'name': 'api', 'action': ''}]",
                                tutorials, fixture->studios);
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) invitation = invite ("joiner@example.com", "member", grants, &token);
  g_autofree char *joiner = vd_test_register (fixture->server, "Joan", "joiner@example.com");
  g_autofree char *joiner_id = user_id_of (joiner);
  g_autofree char *accept_path = token_path (token, "accept");
  g_autoptr(VdTestResponse) received = call ("GET", "/members/invitations/received", joiner, NULL);
  g_autoptr(VdTestResponse) accepted = NULL;
  g_autoptr(VdTestResponse) received_after = NULL;
  g_autoptr(VdTestResponse) members = NULL;
  g_autoptr(VdTestResponse) projects = NULL;
  g_autoptr(VdTestResponse) again = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autofree char *status = NULL;
  JsonObject *listed, *member;
  JsonArray *items;

  /* Listed for the invitee, with its token and organization */
  vd_test_assert_status (received, 200, NULL);
  items = vd_test_result_array (received);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  listed = json_array_get_object_element (items, 0);
  g_assert_cmpstr (vd_test_jstr (listed, "id"), ==, vd_test_jstr (invitation, "id"));
  g_assert_cmpstr (vd_test_jstr (listed, "token"), ==, token);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (listed, "organization"), "id"), ==, fixture->studios);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (listed, "organization"), "name"), ==, STUDIOS);
  g_assert_cmpstr (vd_test_jstr (listed, "status"), ==, "pending");
  g_assert_cmpstr (vd_test_jstr (listed, "role"), ==, "member");

  accepted = call ("POST", accept_path, joiner, NULL);
  vd_test_assert_status (accepted, 200, NULL);
  member = vd_test_result_object (accepted);
  g_assert_cmpstr (vd_test_jstr (member, "email"), ==, "joiner@example.com");
  g_assert_cmpstr (vd_test_jstr (member, "user_id"), ==, joiner_id);
  g_assert_cmpstr (vd_test_jstr (member, "role"), ==, "member");
  assert_json_equal (json_object_get_member (member, "permissions"),
                     json_object_get_member (invitation, "permissions"));

  received_after = call ("GET", "/members/invitations/received", joiner, NULL);
  vd_test_assert_status (received_after, 200, NULL);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (received_after)), ==, 0);

  /* A member now, in the organization they joined */
  members = call ("GET", "/members?search=joiner%40example.com", fixture->owner, NULL);
  vd_test_assert_status (members, 200, NULL);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (members)), ==, 1);
  member = json_array_get_object_element (vd_test_result_array (members), 0);
  g_assert_cmpstr (vd_test_jstr (member, "role"), ==, "member");
  assert_json_equal (json_object_get_member (member, "permissions"),
                     json_object_get_member (invitation, "permissions"));
  projects = call ("GET", "/projects", joiner, NULL);
  vd_test_assert_status (projects, 200, NULL);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (projects)), ==, 1);
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (vd_test_result_array (projects), 0), "id"), ==, tutorials);

  audit = newest_audit (fixture->owner, "invitation.accepted");
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, vd_test_jstr (invitation, "id"));
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "id"), ==, joiner_id);

  /* Single use */
  status = status_of_token (token);
  g_assert_cmpstr (status, ==, "accepted");
  again = call ("POST", accept_path, joiner, NULL);
  vd_test_assert_status (again, 409, NULL);
}

static void
test_reject (Fixture       *fixture,
             gconstpointer  data)
{
  /* Northwind Media has invited the owner of Acme */
  g_autoptr(VdTestResponse) received = call ("GET", "/members/invitations/received", fixture->owner, NULL);
  g_autoptr(VdTestResponse) rejected = NULL;
  g_autoptr(VdTestResponse) received_after = NULL;
  g_autoptr(VdTestResponse) accepted = NULL;
  g_autoptr(VdTestResponse) organizations = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autoptr(JsonArray) sent = NULL;
  g_autofree char *reject_path = NULL;
  g_autofree char *accept_path = NULL;
  g_autofree char *status = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  JsonObject *invitation = NULL;
  JsonArray *items;

  vd_test_assert_status (received, 200, NULL);
  items = vd_test_result_array (received);
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_str_equal (vd_test_jstr (vd_test_jobj (json_array_get_object_element (items, i), "organization"), "name"), "Northwind Media"))
      invitation = json_array_get_object_element (items, i);
  g_assert_nonnull (invitation);
  g_assert_cmpstr (vd_test_jstr (invitation, "email"), ==, VD_TEST_OWNER);
  g_assert_cmpstr (vd_test_jstr (invitation, "status"), ==, "pending");
  assert_invited_by (invitation, NORA);
  token = g_strdup (vd_test_jstr (invitation, "token"));
  id = g_strdup (vd_test_jstr (invitation, "id"));
  g_assert_true (g_str_has_prefix (token, "vdi_"));

  /* Sent by another organization: not Acme's to resend or revoke */
  {
    g_autofree char *resend_path = g_strdup_printf ("/members/invitations/%s/resend", id);
    g_autofree char *revoke_path = g_strdup_printf ("/members/invitations/%s", id);
    g_autoptr(VdTestResponse) resend = call ("POST", resend_path, fixture->owner, NULL);
    g_autoptr(VdTestResponse) revoke = call ("DELETE", revoke_path, fixture->owner, NULL);

    vd_test_assert_status (resend, 404, "not_found");
    vd_test_assert_status (revoke, 404, "not_found");
  }

  reject_path = token_path (token, "reject");
  rejected = call ("POST", reject_path, fixture->owner, NULL);
  vd_test_assert_status (rejected, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (rejected), "status"), ==, "rejected");
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (vd_test_result_object (rejected), "organization"), "name"), ==, "Northwind Media");
  g_assert_nonnull (vd_test_jstr (vd_test_result_object (rejected), "responded_at"));

  received_after = call ("GET", "/members/invitations/received", fixture->owner, NULL);
  vd_test_assert_status (received_after, 200, NULL);
  g_assert_null (vd_test_find_item (vd_test_result_array (received_after), "id", id));

  status = status_of_token (token);
  g_assert_cmpstr (status, ==, "rejected");
  accept_path = token_path (token, "accept");
  accepted = call ("POST", accept_path, fixture->owner, NULL);
  vd_test_assert_status (accepted, 409, NULL);
  organizations = call ("GET", "/organizations", fixture->owner, NULL);
  vd_test_assert_status (organizations, 200, NULL);
  g_assert_null (vd_test_find_item (vd_test_result_array (organizations), "name", "Northwind Media"));

  /* Northwind sees the answer */
  sent = all_invitations (token_of (NORA), "status=rejected");
  g_assert_nonnull (vd_test_find_item (sent, "id", id));
  audit = newest_audit (token_of (NORA), "invitation.rejected");
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, id);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "email"), ==, VD_TEST_OWNER);
}

static void
test_mismatch (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) invitation = invite ("someone.else@example.com", "member", NULL, &token);
  g_autofree char *accept_path = token_path (token, "accept");
  g_autofree char *reject_path = token_path (token, "reject");
  const char *member = token_of (MEMBER);    /* signed in before the dump */
  const char *nora = token_of (NORA);
  g_autofree char *dump = vd_test_db_dump (fixture->server);
  g_autoptr(VdTestResponse) by_admin = call ("POST", accept_path, fixture->admin, NULL);
  g_autoptr(VdTestResponse) by_member = call ("POST", accept_path, member, NULL);
  g_autoptr(VdTestResponse) by_nora = call ("POST", accept_path, nora, NULL);
  g_autoptr(VdTestResponse) rejected = call ("POST", reject_path, nora, NULL);
  g_autoptr(VdTestResponse) anonymous = call ("POST", accept_path, NULL, NULL);
  g_autofree char *dump_after = vd_test_db_dump (fixture->server);
  g_autofree char *status = status_of_token (token);

  vd_test_assert_status (by_admin, 403, "invitation_email_mismatch");
  vd_test_assert_status (by_member, 403, "invitation_email_mismatch");
  vd_test_assert_status (by_nora, 403, "invitation_email_mismatch");
  vd_test_assert_status (rejected, 403, "invitation_email_mismatch");
  vd_test_assert_status (anonymous, 401, "unauthorized");
  g_assert_cmpstr (dump_after, ==, dump);
  g_assert_cmpstr (status, ==, "pending");
}

static void
test_expiry (Fixture       *fixture,
             gconstpointer  data)
{
  VdTestServer *server = vd_test_server_start ("--demo", "--invitation-ttl", "2", NULL);
  g_autofree char *owner = NULL;
  g_autofree char *nora = NULL;
  g_autofree char *token = NULL;
  g_autofree char *new_token = NULL;
  g_autofree char *accept_path = NULL;
  g_autofree char *reject_path = NULL;
  g_autofree char *resend_path = NULL;
  g_autoptr(JsonObject) invitation = NULL;
  g_autoptr(VdTestResponse) accepted = NULL;
  g_autoptr(VdTestResponse) rejected = NULL;
  g_autoptr(VdTestResponse) expired = NULL;
  g_autoptr(VdTestResponse) received = NULL;
  g_autoptr(VdTestResponse) resent = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean is_expired = FALSE;

  prepare_server (server, 1);
  owner = vd_test_login (server, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  nora = vd_test_login (server, NORA, VD_TEST_PASSWORD, NULL);

  invitation = invite_on (server, owner, NORA, "member", NULL, &token);
  g_assert_cmpint (vd_test_jtime (invitation, "expires_at") - vd_test_jtime (invitation, "created_at"), ==, 2);

  /* Poll until the server says it has expired */
  while (!is_expired)
    {
      g_autoptr(VdTestResponse) shown = show_token_on (server, token);

      vd_test_assert_status (shown, 200, NULL);
      is_expired = g_str_equal (vd_test_jstr (vd_test_result_object (shown), "status"), "expired");
      if (!is_expired)
        {
          g_assert_cmpstr (vd_test_jstr (vd_test_result_object (shown), "status"), ==, "pending");
          if (g_get_monotonic_time () > deadline)
            g_error ("The invitation did not expire within 10 s");
          g_usleep (50 * 1000);
        }
    }

  accept_path = token_path (token, "accept");
  reject_path = token_path (token, "reject");
  accepted = vd_test_request (server, "POST", accept_path, nora, NULL);
  vd_test_assert_status (accepted, 410, "invitation_expired");
  rejected = vd_test_request (server, "POST", reject_path, nora, NULL);
  vd_test_assert_status (rejected, 410, "invitation_expired");

  /* Listed as expired, and no longer offered to the invitee */
  expired = vd_test_request (server, "GET", "/members/invitations?filter[status][eq]=expired", owner, NULL);
  vd_test_assert_status (expired, 200, NULL);
  g_assert_nonnull (vd_test_find_item (vd_test_result_array (expired), "id", vd_test_jstr (invitation, "id")));
  received = vd_test_request (server, "GET", "/members/invitations/received", nora, NULL);
  vd_test_assert_status (received, 200, NULL);
  g_assert_null (vd_test_find_item (vd_test_result_array (received), "id", vd_test_jstr (invitation, "id")));

  /* Sending an expired invitation again makes it pending, with a new token */
  resend_path = g_strdup_printf ("/members/invitations/%s/resend", vd_test_jstr (invitation, "id"));
  resent = vd_test_request (server, "POST", resend_path, owner, NULL);
  vd_test_assert_status (resent, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (resent), "status"), ==, "pending");
  g_assert_cmpint (vd_test_jtime (vd_test_result_object (resent), "expires_at"), >, vd_test_jtime (invitation, "expires_at"));
  new_token = vd_test_outbox_value (server, NORA, "Token");
  g_assert_nonnull (new_token);
  g_assert_cmpstr (new_token, !=, token);

  g_clear_pointer (&server, vd_test_server_free);
  shared.pids[1] = 0;
}

/*
 * Audit log
 */

static void
test_audits (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonObject) invitation = invite ("audit.trail@example.com", "member", NULL, NULL);
  g_autofree char *owner_id = user_id_of (fixture->owner);
  g_autofree char *admin_id = user_id_of (fixture->admin);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *recent_from = iso_time (now - 24 * 3600 + 1);
  g_autofree char *recent_to = iso_time (now + 24 * 3600);
  g_autofree char *old_to = iso_time (now - 24 * 3600);
  g_autofree char *recent_path = g_strdup_printf ("/audits?limit=500&filter[created_at][between]=%s,%s",
                                                  recent_from, recent_to);
  g_autofree char *old_path = g_strdup_printf ("/audits?limit=500&filter[created_at][between]=2000-01-01,%s", old_to);
  g_autofree char *actor_path = g_strdup_printf ("/audits?limit=500&filter[actor_id][eq]=%s", admin_id);
  g_autofree char *backwards_path = g_strdup_printf ("/audits?filter[created_at][between]=%s,%s",
                                                     recent_to, recent_from);
  g_autoptr(VdTestResponse) all = call ("GET", "/audits?limit=500", fixture->owner, NULL);
  g_autoptr(VdTestResponse) invited = call ("GET", "/audits?limit=500&filter[action][eq]=member.invited",
                                            fixture->admin, NULL);
  g_autoptr(VdTestResponse) by_actor = call ("GET", actor_path, fixture->owner, NULL);
  g_autoptr(VdTestResponse) recent = call ("GET", recent_path, fixture->owner, NULL);
  g_autoptr(VdTestResponse) old = call ("GET", old_path, fixture->owner, NULL);
  g_autoptr(VdTestResponse) backwards = call ("GET", backwards_path, fixture->owner, NULL);
  g_autoptr(VdTestResponse) garbage = call ("GET", "/audits?filter[created_at][between]=yesterday", fixture->owner, NULL);
  g_autoptr(VdTestResponse) unknown_filter = call ("GET", "/audits?filter[ip_address][eq]=127.0.0.1", fixture->owner, NULL);
  g_autoptr(VdTestResponse) page1 = call ("GET", "/audits?limit=5", fixture->owner, NULL);
  g_autoptr(VdTestResponse) page2 = call ("GET", "/audits?limit=5&page=2", fixture->owner, NULL);
  g_autoptr(VdTestResponse) by_member = call ("GET", "/audits", token_of (MEMBER), NULL);
  g_autoptr(VdTestResponse) by_dmitri = call ("GET", "/audits", token_of (DMITRI), NULL);
  JsonArray *items;
  JsonObject *entry;
  guint n;

  /* Newest first: the invitation just sent */
  vd_test_assert_status (all, 200, NULL);
  items = vd_test_result_array (all);
  n = json_array_get_length (items);
  g_assert_cmpint (vd_test_response_total (all), ==, n);
  g_assert_cmpuint (n, >, 40);
  entry = json_array_get_object_element (items, 0);
  g_assert_cmpstr (vd_test_jstr (entry, "action"), ==, "member.invited");
  g_assert_cmpstr (vd_test_jstr (entry, "entity_type"), ==, "invitation");
  g_assert_cmpstr (vd_test_jstr (entry, "entity_id"), ==, vd_test_jstr (invitation, "id"));
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (entry, "actor"), "id"), ==, owner_id);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (entry, "actor"), "first_name"), ==, "Amelia");
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (entry, "actor"), "last_name"), ==, "Hart");
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (entry, "actor"), "email"), ==, VD_TEST_OWNER);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (entry, "metadata"), "email"), ==, "audit.trail@example.com");
  g_assert_cmpstr (vd_test_jstr (entry, "ip_address"), ==, "127.0.0.1");
  g_assert_nonnull (vd_test_jstr (entry, "id"));
  for (guint i = 0; i + 1 < n; i++)
    g_assert_cmpint (vd_test_jtime (json_array_get_object_element (items, i), "created_at"), >=,
                     vd_test_jtime (json_array_get_object_element (items, i + 1), "created_at"));

  /* By action */
  vd_test_assert_status (invited, 200, NULL);
  items = vd_test_result_array (invited);
  g_assert_cmpuint (json_array_get_length (items), >=, 25);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (items, i), "action"), ==, "member.invited");

  /* By actor: Bruno invited the demo members */
  vd_test_assert_status (by_actor, 200, NULL);
  items = vd_test_result_array (by_actor);
  g_assert_cmpuint (json_array_get_length (items), >=, 24);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (vd_test_jstr (vd_test_jobj (json_array_get_object_element (items, i), "actor"), "id"), ==, admin_id);

  /* By time: the demo's history is weeks old, this program's is recent */
  vd_test_assert_status (recent, 200, NULL);
  vd_test_assert_status (old, 200, NULL);
  items = vd_test_result_array (recent);
  g_assert_nonnull (vd_test_find_item (items, "entity_id", vd_test_jstr (invitation, "id")));
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpint (vd_test_jtime (json_array_get_object_element (items, i), "created_at"), >=, now - 24 * 3600);
  items = vd_test_result_array (old);
  g_assert_cmpuint (json_array_get_length (items), >=, 40);
  g_assert_null (vd_test_find_item (items, "entity_id", vd_test_jstr (invitation, "id")));
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpint (vd_test_jtime (json_array_get_object_element (items, i), "created_at"), <=, now - 24 * 3600);
  g_assert_cmpint (vd_test_response_total (recent) + vd_test_response_total (old), ==, n);

  vd_test_assert_invalid (backwards, "filter[created_at][between]", NULL);
  vd_test_assert_invalid (garbage, "filter[created_at][between]", NULL);
  vd_test_assert_invalid (unknown_filter, "filter", "unknown_filter");

  /* Pages */
  vd_test_assert_status (page1, 200, NULL);
  vd_test_assert_status (page2, 200, NULL);
  g_assert_cmpint (vd_test_jint (vd_test_pagination (page2), "page"), ==, 2);
  g_assert_cmpint (vd_test_jint (vd_test_pagination (page2), "page_size"), ==, 5);
  g_assert_cmpint (vd_test_jint (vd_test_pagination (page2), "total"), ==, n);
  g_assert_cmpint (vd_test_jint (vd_test_pagination (page2), "total_pages"), ==, (n + 4) / 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (vd_test_result_array (page1), i), "id"), ==,
                       vd_test_jstr (json_array_get_object_element (vd_test_result_array (all), i), "id"));
      g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (vd_test_result_array (page2), i), "id"), ==,
                       vd_test_jstr (json_array_get_object_element (vd_test_result_array (all), 5 + i), "id"));
    }

  /* Members do not read the log, whatever their grants */
  vd_test_assert_status (by_member, 403, "forbidden");
  vd_test_assert_status (by_dmitri, 403, "forbidden");
}

/*
 * API keys
 */

static JsonObject *
create_key (const char *token,
            const char *body)
{
  g_autoptr(VdTestResponse) response = call ("POST", "/api-keys", token, body);

  vd_test_assert_status (response, 201, NULL);
  g_assert_true (g_str_has_prefix (vd_test_jstr (vd_test_result_object (response), "api_key"), "vdk_"));
  return json_object_ref (vd_test_result_object (response));
}

static void
test_api_keys (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *admin_id = user_id_of (fixture->admin);
  g_autofree char *tutorials = project_id_of ("Product Tutorials");
  g_autoptr(JsonObject) key = create_key (fixture->admin,
                                          "{\"name\": \"CI deploy\", \"origin\": \"https://ci.example.com\","
                                          " \"permissions\": [], \"expires_at\": null}");
  g_autofree char *path = g_strdup_printf ("/api-keys/%s", vd_test_jstr (key, "id"));
  g_autoptr(VdTestResponse) shown = call ("GET", path, fixture->admin, NULL);
  g_autoptr(VdTestResponse) listed = call ("GET", "/api-keys?limit=500", fixture->owner, NULL);
  g_autoptr(JsonObject) audit = newest_audit (fixture->owner, "api_key.created");
  g_autoptr(JsonObject) legacy = create_key (fixture->admin,
                                             "{\"name\": \"Legacy\", \"origin\": \"https://app.example.com\","
                                             " \"permissions\": \"{\\\"videos\\\":true,\\\"analytics\\\":false}\","
                                             " \"expires_at\": null}");
  g_autofree char *legacy_path = g_strdup_printf ("/api-keys/%s", vd_test_jstr (legacy, "id"));
  g_autoptr(VdTestResponse) legacy_shown = call ("GET", legacy_path, fixture->admin, NULL);
  g_autofree char *array_body = vd_test_jq ("{'name': 'Tutorials bot', 'origin': 'https://bot.example.com',"
                                    " 'permissions': [{'entity_id': '%s', 'entity_type': 'project',"
                                    " 'name': 'full-access', 'action': 'read+write'}],"
                                    " 'expires_at': '2099-01-01T00:00:00Z'}", tutorials);
  g_autoptr(JsonObject) normalized = create_key (fixture->admin, array_body);
  g_autoptr(VdTestResponse) past = call ("POST", "/api-keys", fixture->admin,
                                         "{\"name\": \"Too late\", \"origin\": \"https://ci.example.com\","
                                         " \"permissions\": [], \"expires_at\": \"2000-01-01T00:00:00Z\"}");
  JsonObject *grant;
  JsonArray *items;

  /* Shown once, on creation */
  g_assert_nonnull (vd_test_jstr (key, "id"));
  g_assert_cmpstr (vd_test_jstr (key, "name"), ==, "CI deploy");
  g_assert_cmpstr (vd_test_jstr (key, "origin"), ==, "https://ci.example.com");
  g_assert_null (vd_test_jstr (key, "expires_at"));
  g_assert_cmpstr (vd_test_jstr (key, "created_by"), ==, admin_id);
  g_assert_cmpuint (json_array_get_length (vd_test_jarr (key, "permissions")), ==, 0);

  vd_test_assert_status (shown, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (shown), "id"), ==, vd_test_jstr (key, "id"));
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (shown), "name"), ==, "CI deploy");
  g_assert_false (json_object_has_member (vd_test_result_object (shown), "api_key"));
  g_assert_null (strstr (shown->body, vd_test_jstr (key, "api_key")));

  vd_test_assert_status (listed, 200, NULL);
  items = vd_test_result_array (listed);
  g_assert_nonnull (vd_test_find_item (items, "id", vd_test_jstr (key, "id")));
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_false (json_object_has_member (json_array_get_object_element (items, i), "api_key"));
  g_assert_null (strstr (listed->body, vd_test_jstr (key, "api_key")));

  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, vd_test_jstr (key, "id"));
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "id"), ==, admin_id);

  /* The legacy string of flags comes back as it was sent */
  g_assert_cmpstr (vd_test_jstr (legacy, "permissions"), ==, "{\"videos\":true,\"analytics\":false}");
  vd_test_assert_status (legacy_shown, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (legacy_shown), "permissions"), ==,
                   "{\"videos\":true,\"analytics\":false}");

  /* An array of grants is normalized */
  g_assert_cmpuint (json_array_get_length (vd_test_jarr (normalized, "permissions")), ==, 1);
  grant = json_array_get_object_element (vd_test_jarr (normalized, "permissions"), 0);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_id"), ==, tutorials);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_type"), ==, "projects");
  g_assert_cmpstr (vd_test_jstr (grant, "action"), ==, "write+read");
  g_assert_cmpstr (vd_test_jstr (normalized, "expires_at"), ==, "2099-01-01T00:00:00Z");

  vd_test_assert_invalid (past, "expires_at", NULL);
}

static void
test_api_keys_member (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *dmitri = token_of (DMITRI);
  g_autofree char *dmitri_id = user_id_of (dmitri);
  g_autofree char *tutorials = project_id_of ("Product Tutorials");
  g_autofree char *marketing = project_id_of ("Marketing Videos");
  g_autoptr(JsonObject) admin_key = create_key (fixture->admin,
                                                "{\"name\": \"Admin key\", \"origin\": \"https://app.example.com\","
                                                " \"permissions\": [], \"expires_at\": null}");
  g_autoptr(JsonObject) own_key = create_key (dmitri,
                                              "{\"name\": \"Dmitri key\", \"origin\": \"https://app.example.com\","
                                              " \"permissions\": [], \"expires_at\": null}");
  g_autofree char *tutorials_body = vd_test_jq ("{'name': 'Dmitri tutorials', 'origin': 'https://app.example.com', 'expires_at': null,"
                                        " 'permissions': [{'entity_id': '%s', 'entity_type': 'projects',"
                                        " 'name': 'full-access', 'action': 'write+read+delete'},"
                                        " {'entity_id': '%s', 'entity_type': 'organizations', 'name': 'api'}]}",
                                        tutorials, fixture->studios);
  g_autoptr(JsonObject) tutorials_key = create_key (dmitri, tutorials_body);
  g_autofree char *billing_body = vd_test_jq ("{'name': 'Dmitri billing', 'origin': 'https://app.example.com', 'expires_at': null,"
                                      " 'permissions': [{'entity_id': '%s', 'entity_type': 'organizations',"
                                      " 'name': 'billing', 'action': 'write+read'}]}", fixture->studios);
  g_autofree char *marketing_body = vd_test_jq ("{'name': 'Dmitri marketing', 'origin': 'https://app.example.com', 'expires_at': null,"
                                        " 'permissions': [{'entity_id': '%s', 'entity_type': 'projects',"
                                        " 'name': 'full-access', 'action': 'write+read'}]}", marketing);
  g_autofree char *dump = vd_test_db_dump (fixture->server);
  g_autoptr(VdTestResponse) billing = call ("POST", "/api-keys", dmitri, billing_body);
  g_autoptr(VdTestResponse) other_project = call ("POST", "/api-keys", dmitri, marketing_body);
  g_autofree char *admin_path = g_strdup_printf ("/api-keys/%s", vd_test_jstr (admin_key, "id"));
  g_autofree char *own_path = g_strdup_printf ("/api-keys/%s", vd_test_jstr (own_key, "id"));
  g_autoptr(VdTestResponse) admin_shown = call ("GET", admin_path, dmitri, NULL);
  g_autoptr(VdTestResponse) admin_deleted = call ("DELETE", admin_path, dmitri, NULL);
  g_autofree char *dump_after = vd_test_db_dump (fixture->server);
  g_autoptr(VdTestResponse) listed = call ("GET", "/api-keys?limit=500", dmitri, NULL);
  g_autoptr(VdTestResponse) by_admin = call ("GET", "/api-keys?limit=500", fixture->admin, NULL);
  g_autoptr(VdTestResponse) own_shown = call ("GET", own_path, dmitri, NULL);
  g_autoptr(VdTestResponse) own_deleted = call ("DELETE", own_path, dmitri, NULL);
  g_autoptr(VdTestResponse) no_grant_list = call ("GET", "/api-keys", token_of (MEMBER), NULL);
  g_autoptr(VdTestResponse) no_grant_create = call ("POST", "/api-keys", token_of (MEMBER),
                                                    "{\"name\": \"Baptiste key\", \"origin\": \"https://app.example.com\","
                                                    " \"permissions\": [], \"expires_at\": null}");
  g_autoptr(VdTestResponse) no_grant_show = call ("GET", own_path, token_of (MEMBER), NULL);
  JsonArray *items;

  /* No more than he holds himself */
  vd_test_assert_status (billing, 403, "forbidden");
  vd_test_assert_status (other_project, 403, "forbidden");
  /* Others' keys are not his */
  vd_test_assert_status (admin_shown, 404, "not_found");
  vd_test_assert_status (admin_deleted, 404, "not_found");
  g_assert_cmpstr (dump_after, ==, dump);

  /* He sees his own keys only; admins see everyone's */
  vd_test_assert_status (listed, 200, NULL);
  items = vd_test_result_array (listed);
  g_assert_cmpuint (json_array_get_length (items), >=, 2);
  g_assert_nonnull (vd_test_find_item (items, "id", vd_test_jstr (own_key, "id")));
  g_assert_nonnull (vd_test_find_item (items, "id", vd_test_jstr (tutorials_key, "id")));
  g_assert_null (vd_test_find_item (items, "id", vd_test_jstr (admin_key, "id")));
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (items, i), "created_by"), ==, dmitri_id);
  vd_test_assert_status (by_admin, 200, NULL);
  g_assert_nonnull (vd_test_find_item (vd_test_result_array (by_admin), "id", vd_test_jstr (own_key, "id")));
  g_assert_nonnull (vd_test_find_item (vd_test_result_array (by_admin), "id", vd_test_jstr (admin_key, "id")));

  vd_test_assert_status (own_shown, 200, NULL);
  g_assert_false (json_object_has_member (vd_test_result_object (own_shown), "api_key"));
  vd_test_assert_status (own_deleted, 200, NULL);

  /* Without the api grant, none of it */
  vd_test_assert_status (no_grant_list, 403, "forbidden");
  vd_test_assert_status (no_grant_create, 403, "forbidden");
  vd_test_assert_status (no_grant_show, 403, "forbidden");
}

static void
test_api_keys_delete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) key = create_key (fixture->admin,
                                          "{\"name\": \"Short-lived\", \"origin\": \"https://app.example.com\","
                                          " \"permissions\": [], \"expires_at\": null}");
  g_autofree char *path = g_strdup_printf ("/api-keys/%s", vd_test_jstr (key, "id"));
  g_autoptr(JsonObject) created = newest_audit (fixture->owner, "api_key.created");
  g_autoptr(VdTestResponse) labs = NULL;
  g_autoptr(VdTestResponse) elsewhere = NULL;
  g_autoptr(VdTestResponse) deleted = call ("DELETE", path, fixture->owner, NULL);
  g_autoptr(JsonObject) audit = newest_audit (fixture->owner, "api_key.deleted");
  g_autoptr(VdTestResponse) shown = call ("GET", path, fixture->admin, NULL);
  g_autoptr(VdTestResponse) again = call ("DELETE", path, fixture->admin, NULL);
  g_autoptr(VdTestResponse) listed = call ("GET", "/api-keys?limit=500", fixture->admin, NULL);
  g_autofree char *owner_id = user_id_of (fixture->owner);

  g_assert_cmpstr (vd_test_jstr (created, "entity_id"), ==, vd_test_jstr (key, "id"));
  g_assert_cmpstr (vd_test_jstr (created, "entity_type"), ==, "api_key");

  /* Keys belong to their organization */
  labs = call ("GET", "/organizations", fixture->owner, NULL);
  vd_test_assert_status (labs, 200, NULL);
  elsewhere = vd_test_request_full (fixture->server, "GET", path, fixture->owner,
                                    vd_test_jstr (vd_test_find_item (vd_test_result_array (labs), "name", "Acme Labs"), "id"),
                                    NULL, NULL, -1);
  vd_test_assert_status (elsewhere, 404, "not_found");

  vd_test_assert_status (deleted, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, vd_test_jstr (key, "id"));
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "id"), ==, owner_id);
  vd_test_assert_status (shown, 404, "not_found");
  vd_test_assert_status (again, 404, "not_found");
  vd_test_assert_status (listed, 200, NULL);
  g_assert_null (vd_test_find_item (vd_test_result_array (listed), "id", vd_test_jstr (key, "id")));
}

/*
 * Health
 */

static void
test_health (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *root = g_strndup (fixture->server->base_url, strlen (fixture->server->base_url) - strlen ("/v1"));
  const char * const urls[] = { "/health", "/v1/health" };

  g_assert_true (g_str_has_suffix (fixture->server->base_url, "/v1"));

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *url = g_strconcat (root, urls[i], NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;

      bytes = soup_session_send_and_read (fixture->server->session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      node = json_from_string (g_bytes_get_data (bytes, NULL), &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      object = json_node_get_object (node);
      g_assert_cmpstr (vd_test_jstr (object, "status"), ==, "ok");
      g_assert_nonnull (vd_test_jstr (object, "version"));
      g_assert_cmpstr (vd_test_jstr (object, "version"), !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/vd/server/invitations/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("send", test_send);
  ADD ("list", test_list);
  ADD ("conflicts", test_conflicts);
  ADD ("resend", test_resend);
  ADD ("resend-answered", test_resend_answered);
  ADD ("revoke", test_revoke);
  ADD ("show-token", test_show_token);
  ADD ("accept", test_accept);
  ADD ("reject", test_reject);
  ADD ("mismatch", test_mismatch);
  ADD ("expiry", test_expiry);
  ADD ("audits", test_audits);
  ADD ("api-keys", test_api_keys);
  ADD ("api-keys-member", test_api_keys_member);
  ADD ("api-keys-delete", test_api_keys_delete);
  ADD ("health", test_health);

#undef ADD

  ret = g_test_run ();

  g_clear_pointer (&shared.tokens, g_hash_table_unref);
  g_clear_pointer (&shared.server, vd_test_server_free);
  g_clear_pointer (&shared.studios, g_free);

  return ret;
}
