/* test-server-durability.c — what vidinfra-local answered with success survives
 *
 * Each case makes a change, kills the server with SIGKILL as soon as the
 * success answer is in, starts it again on the same data directory and asks
 * the API whether the change is there. One server (with --demo) is shared by
 * the cases; every case leaves it running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "vd-test-server.h"

static VdTestServer *server;

/*
 * Helpers
 */

static const char *
member_string (JsonObject *object,
               const char *member)
{
  return json_object_get_string_member_with_default (object, member, NULL);
}

/* SIGKILL right away, then start again on the same data */
static void
crash_and_restart (void)
{
  vd_test_server_kill (server);
  g_assert_null (server->process);
  vd_test_server_restart (server);
}

static char *
owner_login (char **refresh_token)
{
  return vd_test_login (server, VD_TEST_OWNER, VD_TEST_PASSWORD, refresh_token);
}

static gint64
list_total (const char *path,
            const char *token)
{
  g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", path, token, NULL);

  vd_test_assert_status (response, 200, NULL);
  return vd_test_response_total (response);
}

/* The element of the result array whose "id" is id, as a new JSON string, or NULL */
static char *
find_in_list (const char *path,
              const char *token,
              const char *id,
              JsonObject **copy)
{
  g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  vd_test_assert_status (response, 200, NULL);
  items = vd_test_result_array (response);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *object = json_node_get_object (node);

      if (g_strcmp0 (member_string (object, "id"), id) == 0)
        {
          if (copy != NULL)
            *copy = json_object_ref (object);
          return json_to_string (node, FALSE);
        }
    }

  return NULL;
}

static char *
permissions_text (JsonObject *member)
{
  JsonNode *permissions = json_object_get_member (member, "permissions");

  g_assert_nonnull (permissions);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (permissions));
  return json_to_string (permissions, FALSE);
}

static void
assert_token_works (const char *token)
{
  g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", token, NULL);

  vd_test_assert_status (response, 200, NULL);
}

/*
 * Cases
 */

static void
test_create_organization (void)
{
  g_autofree char *token = owner_login (NULL);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) listed = NULL;
  g_autofree char *found = NULL;

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/organizations", token,
                                                          "{\"name\": \"Durable Pictures\"}");
    vd_test_assert_status (response, 201, NULL);
    id = g_strdup (member_string (vd_test_result_object (response), "id"));
    g_assert_nonnull (id);
  }
  crash_and_restart ();

  /* The session survived too: the same token still works */
  path = g_strconcat ("/organizations/", id, NULL);
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", path, token, NULL);
    JsonObject *organization;

    vd_test_assert_status (response, 200, NULL);
    organization = vd_test_result_object (response);
    g_assert_cmpstr (member_string (organization, "name"), ==, "Durable Pictures");
    g_assert_cmpstr (member_string (organization, "role"), ==, "owner");
    g_assert_cmpint (json_object_get_int_member (organization, "member_count"), ==, 1);
  }
  found = find_in_list ("/organizations?search=Durable%20Pictures", token, id, &listed);
  g_assert_nonnull (found);
  g_assert_cmpstr (member_string (listed, "role"), ==, "owner");

  /* And so did its audit entry, written in the same transaction */
  {
    g_autoptr(VdTestResponse) response = vd_test_request_full (server, "GET",
                                                               "/audits?filter[action][eq]=organization.created",
                                                               token, id, NULL, NULL, -1);

    vd_test_assert_status (response, 200, NULL);
    g_assert_cmpint (vd_test_response_total (response), ==, 1);
  }
}

static void
test_invite (void)
{
  static const char *email = "durable.invitee@example.com";
  g_autofree char *token = owner_login (NULL);
  g_autofree char *id = NULL;
  g_autofree char *mailed_token = NULL;
  g_autoptr(JsonObject) invitation = NULL;
  g_autofree char *found = NULL;
  gint64 audits_before;

  audits_before = list_total ("/audits?filter[action][eq]=member.invited", token);
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/members/invitations", token,
                                                          "{\"email\": \"durable.invitee@example.com\","
                                                          " \"role\": \"member\", \"permissions\": []}");
    vd_test_assert_status (response, 201, NULL);
    id = g_strdup (member_string (vd_test_result_object (response), "id"));
    g_assert_nonnull (id);
  }
  crash_and_restart ();

  found = find_in_list ("/members/invitations?status=pending&limit=500", token, id, &invitation);
  g_assert_nonnull (found);
  g_assert_cmpstr (member_string (invitation, "email"), ==, email);
  g_assert_cmpstr (member_string (invitation, "role"), ==, "member");
  g_assert_cmpstr (member_string (invitation, "status"), ==, "pending");
  g_assert_cmpint (list_total ("/audits?filter[action][eq]=member.invited", token), ==, audits_before + 1);

  /* The mailed token still opens it: the server's secret survived as well */
  mailed_token = vd_test_outbox_value (server, email, "Token");
  g_assert_nonnull (mailed_token);
  {
    g_autofree char *path = g_strconcat ("/members/invitations/token/", mailed_token, NULL);
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", path, NULL, NULL);
    JsonObject *shown;

    vd_test_assert_status (response, 200, NULL);
    shown = vd_test_result_object (response);
    g_assert_cmpstr (member_string (shown, "email"), ==, email);
    g_assert_cmpstr (member_string (shown, "status"), ==, "pending");
  }

  /* A second invitation to the address is still refused as pending */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/members/invitations", token,
                                                          "{\"email\": \"durable.invitee@example.com\"}");
    vd_test_assert_status (response, 409, "invitation_pending");
  }
}

static void
test_update_permissions (void)
{
  g_autofree char *token = owner_login (NULL);
  g_autofree char *member_id = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  gint64 audits_before;

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/members?search=aiko1%40acme.test",
                                                          token, NULL);
    JsonArray *items;

    vd_test_assert_status (response, 200, NULL);
    items = vd_test_result_array (response);
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    member_id = g_strdup (member_string (json_array_get_object_element (items, 0), "id"));
    before = permissions_text (json_array_get_object_element (items, 0));
  }
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/projects", token, NULL);
    JsonArray *items;

    vd_test_assert_status (response, 200, NULL);
    items = vd_test_result_array (response);
    g_assert_cmpuint (json_array_get_length (items), >=, 1);
    project_id = g_strdup (member_string (json_array_get_object_element (items, json_array_get_length (items) - 1),
                                          "id"));
  }

  audits_before = list_total ("/audits?filter[action][eq]=member.updated", token);
  path = g_strconcat ("/members/", member_id, NULL);
  body = vd_test_json ("{\"permissions\": [{\"entity_id\": \"%s\", \"entity_type\": \"projects\","
                       " \"name\": \"full-access\", \"action\": \"write+read\", \"permission\": []}]}",
                       project_id);
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "PUT", path, token, body);

    vd_test_assert_status (response, 200, NULL);
    answered = permissions_text (vd_test_result_object (response));
  }
  g_assert_cmpstr (answered, !=, before);
  g_assert_nonnull (strstr (answered, project_id));
  crash_and_restart ();

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", path, token, NULL);
    g_autofree char *after = NULL;

    vd_test_assert_status (response, 200, NULL);
    after = permissions_text (vd_test_result_object (response));
    g_assert_cmpstr (after, ==, answered);
  }
  g_assert_cmpint (list_total ("/audits?filter[action][eq]=member.updated", token), ==, audits_before + 1);
}

static void
test_register (void)
{
  static const char *email = "durable.newcomer@example.com";
  g_autofree char *token = NULL;
  g_autofree char *code = NULL;
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *verify_path = NULL;

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/register", NULL,
                                                          "{\"first_name\": \"Dura\", \"last_name\": \"Ble\","
                                                          " \"email\": \"durable.newcomer@example.com\","
                                                          " \"password\": \"" VD_TEST_PASSWORD "\","
                                                          " \"newsletter\": false}");
    vd_test_assert_status (response, 201, NULL);
    token = g_strdup (member_string (vd_test_response_object (response), "access_token"));
    g_assert_nonnull (token);
  }
  crash_and_restart ();

  /* The account, its session and its code are all there */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/account-exists", NULL,
                                                          "{\"email\": \"durable.newcomer@example.com\"}");
    vd_test_assert_status (response, 200, NULL);
    g_assert_true (json_object_get_boolean_member (vd_test_result_object (response), "exists"));
  }
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", token, NULL);
    JsonObject *user;

    vd_test_assert_status (response, 200, NULL);
    user = vd_test_result_object (response);
    g_assert_cmpstr (member_string (user, "first_name"), ==, "Dura");
    g_assert_null (member_string (user, "email_verified_at"));
  }

  code = vd_test_outbox_value (server, email, "Code");
  g_assert_nonnull (code);
  verify_path = g_strdup_printf ("/auth/verify/%s/%s", escaped, code);
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", verify_path, token, NULL);
    vd_test_assert_status (response, 200, NULL);
  }
  crash_and_restart ();

  /* Verified for good: a new sign-in sees it and may leave /auth/ */
  {
    g_autofree char *fresh = vd_test_login (server, email, VD_TEST_PASSWORD, NULL);
    g_autoptr(VdTestResponse) profile = vd_test_request (server, "GET", "/auth/profiles", fresh, NULL);
    g_autoptr(VdTestResponse) organizations = vd_test_request (server, "GET", "/organizations", fresh, NULL);

    vd_test_assert_status (profile, 200, NULL);
    g_assert_nonnull (member_string (vd_test_result_object (profile), "email_verified_at"));
    vd_test_assert_status (organizations, 200, NULL);
  }
}

static void
test_sign_out (void)
{
  g_autofree char *kept = owner_login (NULL);
  g_autofree char *token = owner_login (NULL);

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/logout", token, NULL);
    vd_test_assert_status (response, 200, NULL);
  }
  crash_and_restart ();

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", token, NULL);
    vd_test_assert_status (response, 401, "invalid_token");
  }
  assert_token_works (kept);
}

static void
test_refresh_rotation (void)
{
  g_autofree char *refresh1 = NULL;
  g_autofree char *access1 = owner_login (&refresh1);
  g_autofree char *access2 = NULL;
  g_autofree char *refresh2 = NULL;
  g_autofree char *access3 = NULL;
  g_autofree char *body = NULL;

  body = vd_test_json ("{\"refresh_token\": \"%s\"}", refresh1);
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/refresh-auth-token", NULL, body);
    JsonObject *root;

    vd_test_assert_status (response, 200, NULL);
    root = vd_test_response_object (response);
    access2 = g_strdup (member_string (root, "access_token"));
    refresh2 = g_strdup (member_string (root, "refresh_token"));
    g_assert_nonnull (access2);
    g_assert_nonnull (refresh2);
  }
  crash_and_restart ();

  /* The new pair is there */
  assert_token_works (access2);
  g_clear_pointer (&body, g_free);
  body = vd_test_json ("{\"refresh_token\": \"%s\"}", refresh2);
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/refresh-auth-token", NULL, body);

    vd_test_assert_status (response, 200, NULL);
    access3 = g_strdup (member_string (vd_test_response_object (response), "access_token"));
  }
  assert_token_works (access3);

  /* The rotated one stayed rotated: presenting it again ends the session */
  g_clear_pointer (&body, g_free);
  body = vd_test_json ("{\"refresh_token\": \"%s\"}", refresh1);
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/refresh-auth-token", NULL, body);
    vd_test_assert_status (response, 401, "invalid_token");
  }
  crash_and_restart ();
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", access3, NULL);
    vd_test_assert_status (response, 401, "invalid_token");
  }
}

static void
test_update_password (void)
{
  static const char *email = "durable.password@example.com";
  g_autofree char *token = vd_test_register (server, "Pass", email);
  g_autofree char *other = vd_test_login (server, email, VD_TEST_PASSWORD, NULL);

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/update-password", token,
                                                          "{\"current_password\": \"" VD_TEST_PASSWORD "\","
                                                          " \"new_password\": \"Changed-password-2\"}");
    vd_test_assert_status (response, 200, NULL);
  }
  crash_and_restart ();

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", other, NULL);
    vd_test_assert_status (response, 401, "invalid_token");
  }
  assert_token_works (token);
  {
    g_autofree char *fresh = vd_test_login (server, email, "Changed-password-2", NULL);
    g_assert_nonnull (fresh);
  }
  {
    g_autofree char *body = vd_test_json ("{\"email\": \"%s\", \"password\": \"%s\"}", email, VD_TEST_PASSWORD);
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/login", NULL, body);

    vd_test_assert_status (response, 401, "invalid_credentials");
  }
}

static void
test_sigterm (void)
{
  g_autofree char *token = owner_login (NULL);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/organizations", token,
                                                          "{\"name\": \"Stopped Cleanly\"}");
    vd_test_assert_status (response, 201, NULL);
    id = g_strdup (member_string (vd_test_result_object (response), "id"));
  }

  /* SIGTERM: a clean exit with status 0 (vd_test_server_stop asserts it) */
  vd_test_server_stop (server);
  g_assert_null (server->process);
  vd_test_server_restart (server);

  path = g_strconcat ("/organizations/", id, NULL);
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "PUT", path, token,
                                                          "{\"name\": \"Stopped Cleanly Twice\"}");
    vd_test_assert_status (response, 200, NULL);
  }
  vd_test_server_stop (server);
  vd_test_server_restart (server);

  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", path, token, NULL);

    vd_test_assert_status (response, 200, NULL);
    g_assert_cmpstr (member_string (vd_test_result_object (response), "name"), ==, "Stopped Cleanly Twice");
  }
}

typedef struct
{
  gint64 members;
  gint64 projects;
  gint64 organizations;
  gint64 invitations;
  char  *acme_count;
  char  *users;
} DemoCounts;

static void
demo_counts_clear (DemoCounts *counts)
{
  g_clear_pointer (&counts->acme_count, g_free);
  g_clear_pointer (&counts->users, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoCounts, demo_counts_clear)

static void
demo_counts_take (DemoCounts *counts)
{
  g_autofree char *token = owner_login (NULL);

  counts->members = list_total ("/members", token);
  counts->projects = list_total ("/projects", token);
  counts->organizations = list_total ("/organizations", token);
  counts->invitations = list_total ("/members/invitations", token);
  counts->acme_count = vd_test_db_query (server, "SELECT count(*) FROM organizations WHERE name = 'Acme Studios'");
  counts->users = vd_test_db_query (server, "SELECT count(*) FROM users");
}

static void
demo_counts_assert_equal (const DemoCounts *a,
                          const DemoCounts *b)
{
  g_assert_cmpint (a->members, ==, b->members);
  g_assert_cmpint (a->projects, ==, b->projects);
  g_assert_cmpint (a->organizations, ==, b->organizations);
  g_assert_cmpint (a->invitations, ==, b->invitations);
  g_assert_cmpstr (a->acme_count, ==, b->acme_count);
  g_assert_cmpstr (a->users, ==, b->users);
}

static void
test_demo_once (void)
{
  g_auto(DemoCounts) before = { 0 };
  g_auto(DemoCounts) after_kill = { 0 };
  g_auto(DemoCounts) after_stop = { 0 };

  demo_counts_take (&before);
  g_assert_cmpstr (before.acme_count, ==, "1");
  /* The owner, the admin and two dozen members */
  g_assert_cmpint (before.members, >=, 26);
  g_assert_cmpint (before.projects, ==, 3);

  crash_and_restart ();
  demo_counts_take (&after_kill);
  demo_counts_assert_equal (&before, &after_kill);

  vd_test_server_stop (server);
  vd_test_server_restart (server);
  demo_counts_take (&after_stop);
  demo_counts_assert_equal (&before, &after_stop);
}

/* The nice value of a process, from /proc/PID/stat (field 19) */
static int
nice_of (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents (path, &stat, NULL, NULL));
  /* After "(comm)", which may hold spaces: state is field 3 */
  fields = g_strsplit (strrchr (stat, ')') + 2, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), >, 16);
  return (int) g_ascii_strtoll (fields[16], NULL, 10);
}

/* --background (the app's --local starts it so): the server yields the
 * CPU to the desktop; without it, it runs as it was started */
static void
test_background (void)
{
  g_autoptr(VdTestServer) background = vd_test_server_start ("--background", NULL);
  g_autoptr(VdTestServer) foreground = vd_test_server_start (NULL, NULL);
  g_autofree char *self = g_strdup_printf ("%d", getpid ());
  int own = nice_of (self);

  g_assert_cmpint (nice_of (g_subprocess_get_identifier (foreground->process)), ==, own);
  g_assert_cmpint (nice_of (g_subprocess_get_identifier (background->process)), ==, MIN (own + 10, 19));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/vd/server/durability/create-organization", test_create_organization);
  g_test_add_func ("/vd/server/durability/invite", test_invite);
  g_test_add_func ("/vd/server/durability/update-permissions", test_update_permissions);
  g_test_add_func ("/vd/server/durability/register", test_register);
  g_test_add_func ("/vd/server/durability/sign-out", test_sign_out);
  g_test_add_func ("/vd/server/durability/refresh-rotation", test_refresh_rotation);
  g_test_add_func ("/vd/server/durability/update-password", test_update_password);
  g_test_add_func ("/vd/server/durability/sigterm", test_sigterm);
  g_test_add_func ("/vd/server/durability/demo-once", test_demo_once);
  g_test_add_func ("/vd/server/durability/background", test_background);

  server = vd_test_server_start ("--demo", NULL);
  /* Loopback only: no proxy, and no proxy settings to look up in the
   * isolated directories the tests run in */
  soup_session_set_proxy_resolver (server->session, NULL);
  status = g_test_run ();
  g_clear_pointer (&server, vd_test_server_free);

  return status;
}
