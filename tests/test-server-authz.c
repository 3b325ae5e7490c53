/* test-server-authz.c — who may do what in vidinfra-local: the authorization matrix
 *
 * Every mutating route outside /auth/, and the reads kept to some roles, are
 * called by five callers of the demo organization "Acme Studios": its owner,
 * an admin, a member without the api grant, an outsider (a verified user of
 * another organization who names Acme in X-Organization-Id, as the client
 * always does) and someone signed out. One row per route and caller: the
 * status and code the contract gives, and for every refusal a database that
 * did not change. Targets a success would use up are made afresh for each row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "vd-test-server.h"

#define MEMBER "baptiste2@acme.test"    /* "Product Tutorials" without delete, no api grant */
#define NORA   "nora@northwind.test"    /* owner of Northwind Media, not in Acme */

typedef enum
{
  CALLER_OWNER,
  CALLER_ADMIN,
  CALLER_MEMBER,
  CALLER_OUTSIDER,
  CALLER_SIGNED_OUT,
  N_CALLERS
} Caller;

static const char * const caller_names[N_CALLERS] = {
  "owner", "admin", "member", "outsider", "signed-out",
};

static const char * const caller_emails[N_CALLERS] = {
  VD_TEST_OWNER, VD_TEST_ADMIN, MEMBER, NORA, NULL,
};

typedef struct
{
  VdTestServer *server;
  GPid          pid;
  char         *tokens[N_CALLERS];
  char         *acme;            /* Acme Studios */
  char         *owner_member;    /* member ids in Acme */
  char         *admin_member;
  char         *farah_member;    /* another admin */
  char         *chiara_member;   /* a member */
  char         *marketing;       /* project ids */
  char         *tutorials;
  char         *live;
  guint         serial;          /* makes names unique */
} Shared;

static Shared shared;

/* What a row sends */
typedef struct
{
  char *path;
  char *body;
} Request;

typedef void (*PrepareFunc) (Caller caller, Request *request);
typedef void (*CleanupFunc) (Caller caller, Request *request, VdTestResponse *response);

typedef enum
{
  CHANGES_NO,      /* a read: nothing changes, whoever asks */
  CHANGES_YES,     /* a success writes something */
  CHANGES_MAYBE,   /* a success may find everything as it should be already */
} Changes;

typedef struct
{
  guint       status;
  const char *code;
} Expected;

typedef struct
{
  const char  *name;
  const char  *method;
  PrepareFunc  prepare;
  CleanupFunc  cleanup;    /* after a success, to restore what later rows rely on */
  Changes      changes;
  Expected     expected[N_CALLERS];
} Route;

typedef struct
{
  const Route *route;
  Caller       caller;
} Row;

/*
 * Helpers
 */

/* A failed assertion aborts the test program: take the server down too */
static void
abort_cb (int signum)
{
  if (shared.pid > 0)
    kill (shared.pid, SIGKILL);
  signal (signum, SIG_DFL);
  raise (signum);
}

static VdTestResponse *
call (const char *method,
      const char *path,
      Caller      caller,
      const char *body)
{
  return vd_test_request_full (shared.server, method, path, shared.tokens[caller], shared.acme,
                               NULL, body, -1);
}

/* Two dumps of the database are the same; else the first line that differs */
static void
assert_same_dump (const char *before,
                  const char *after)
{
  g_auto(GStrv) old_lines = NULL;
  g_auto(GStrv) new_lines = NULL;

  if (g_str_equal (before, after))
    return;

  old_lines = g_strsplit (before, "\n", -1);
  new_lines = g_strsplit (after, "\n", -1);
  for (guint i = 0; old_lines[i] != NULL && new_lines[i] != NULL; i++)
    if (!g_str_equal (old_lines[i], new_lines[i]))
      g_error ("The database changed: line %u was “%s”, is “%s”", i + 1, old_lines[i], new_lines[i]);
  g_error ("The database changed: it has %u lines, had %u", g_strv_length (new_lines), g_strv_length (old_lines));
}

static char *
member_id_of (const char *email)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/members?limit=500&search=%s", escaped);
  g_autoptr(VdTestResponse) response = call ("GET", path, CALLER_OWNER, NULL);
  JsonObject *member;

  vd_test_assert_status (response, 200, NULL);
  member = vd_test_find_item (vd_test_result_array (response), "email", email);
  g_assert_nonnull (member);
  return g_strdup (vd_test_jstr (member, "id"));
}

static char *
project_id_of (JsonArray  *projects,
               const char *name)
{
  JsonObject *project = vd_test_find_item (projects, "name", name);

  g_assert_nonnull (project);
  return g_strdup (vd_test_jstr (project, "id"));
}

/* Starts the server and signs everyone in, once: before any row takes a dump */
static void
ensure_shared (void)
{
  g_autoptr(VdTestResponse) organizations = NULL;
  g_autoptr(VdTestResponse) projects = NULL;

  if (shared.server != NULL)
    return;

  shared.server = vd_test_server_start ("--demo", NULL);
  /* Loopback needs no proxy, and looking one up reads GSettings, whose
   * schemas the tests' isolated XDG directories hide */
  g_object_set (shared.server->session, "proxy-resolver", NULL, NULL);
  shared.pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (shared.server->process), NULL, 10);
  signal (SIGABRT, abort_cb);
  signal (SIGTRAP, abort_cb);

  for (guint c = 0; c < N_CALLERS; c++)
    if (caller_emails[c] != NULL)
      shared.tokens[c] = vd_test_login (shared.server, caller_emails[c], VD_TEST_PASSWORD, NULL);

  organizations = vd_test_request (shared.server, "GET", "/organizations", shared.tokens[CALLER_OWNER], NULL);
  vd_test_assert_status (organizations, 200, NULL);
  shared.acme = g_strdup (vd_test_jstr (vd_test_find_item (vd_test_result_array (organizations), "name", "Acme Studios"), "id"));

  shared.owner_member = member_id_of (VD_TEST_OWNER);
  shared.admin_member = member_id_of (VD_TEST_ADMIN);
  shared.farah_member = member_id_of ("farah6@acme.test");
  shared.chiara_member = member_id_of ("chiara3@acme.test");

  projects = call ("GET", "/projects", CALLER_OWNER, NULL);
  vd_test_assert_status (projects, 200, NULL);
  shared.marketing = project_id_of (vd_test_result_array (projects), "Marketing Videos");
  shared.tutorials = project_id_of (vd_test_result_array (projects), "Product Tutorials");
  shared.live = project_id_of (vd_test_result_array (projects), "Live Events");
}

static void
shared_clear (void)
{
  for (guint c = 0; c < N_CALLERS; c++)
    g_clear_pointer (&shared.tokens[c], g_free);
  g_clear_pointer (&shared.acme, g_free);
  g_clear_pointer (&shared.owner_member, g_free);
  g_clear_pointer (&shared.admin_member, g_free);
  g_clear_pointer (&shared.farah_member, g_free);
  g_clear_pointer (&shared.chiara_member, g_free);
  g_clear_pointer (&shared.marketing, g_free);
  g_clear_pointer (&shared.tutorials, g_free);
  g_clear_pointer (&shared.live, g_free);
  g_clear_pointer (&shared.server, vd_test_server_free);
}

/* An invitation from the owner; returns its id, and its token in *token_out */
static char *
invite (const char  *email,
        char       **token_out)
{
  g_autofree char *body = vd_test_jq ("{'email': '%s', 'role': 'member', 'permissions': []}", email);
  g_autoptr(VdTestResponse) response = call ("POST", "/members/invitations", CALLER_OWNER, body);

  vd_test_assert_status (response, 201, NULL);
  if (token_out != NULL)
    {
      *token_out = vd_test_outbox_value (shared.server, email, "Token");
      g_assert_nonnull (*token_out);
    }

  return g_strdup (vd_test_jstr (vd_test_result_object (response), "id"));
}

/* A new invitation to Nora, revoking the one an earlier row left pending */
static char *
invite_outsider (void)
{
  g_autoptr(VdTestResponse) pending = call ("GET", "/members/invitations?status=pending&search=nora%40northwind.test",
                                            CALLER_OWNER, NULL);
  JsonArray *items;
  char *token = NULL;

  vd_test_assert_status (pending, 200, NULL);
  items = vd_test_result_array (pending);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autofree char *path = g_strdup_printf ("/members/invitations/%s",
                                               vd_test_jstr (json_array_get_object_element (items, i), "id"));
      g_autoptr(VdTestResponse) revoked = call ("DELETE", path, CALLER_OWNER, NULL);

      vd_test_assert_status (revoked, 200, NULL);
    }

  g_free (invite (NORA, &token));
  return token;
}

/*
 * What each route sends
 */

static void
prepare_create_organization (Caller   caller,
                             Request *request)
{
  request->path = g_strdup ("/organizations");
  request->body = g_strdup_printf ("{\"name\": \"Founded by %s %u\"}", caller_names[caller], ++shared.serial);
}

static void
prepare_rename_organization (Caller   caller,
                             Request *request)
{
  request->path = g_strdup_printf ("/organizations/%s", shared.acme);
  request->body = g_strdup_printf ("{\"name\": \"Acme Studios, renamed by %s\"}", caller_names[caller]);
}

static void
cleanup_rename_organization (Caller          caller,
                             Request        *request,
                             VdTestResponse *response)
{
  g_autoptr(VdTestResponse) restored = call ("PUT", request->path, CALLER_OWNER, "{\"name\": \"Acme Studios\"}");

  vd_test_assert_status (restored, 200, NULL);
}

static void
prepare_switch_organization (Caller   caller,
                             Request *request)
{
  request->path = g_strdup_printf ("/organizations/%s/switch", shared.acme);
}

static void
prepare_transfer_ownership (Caller   caller,
                            Request *request)
{
  /* A member each caller could hand the organization to, were they allowed */
  const char *target = caller == CALLER_ADMIN ? shared.farah_member : shared.admin_member;

  request->path = g_strdup_printf ("/organizations/%s/transfer-ownership", shared.acme);
  request->body = g_strdup_printf ("{\"member_id\": \"%s\"}", target);
}

static void
cleanup_transfer_ownership (Caller          caller,
                            Request        *request,
                            VdTestResponse *response)
{
  /* Bruno owns it now: he hands it back, and is an admin again */
  g_autofree char *body = g_strdup_printf ("{\"member_id\": \"%s\"}", shared.owner_member);
  g_autoptr(VdTestResponse) back = call ("POST", request->path, CALLER_ADMIN, body);

  vd_test_assert_status (back, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (back), "role"), ==, "admin");
}

static void
prepare_create_project (Caller   caller,
                        Request *request)
{
  request->path = g_strdup ("/projects");
  request->body = g_strdup_printf ("{\"name\": \"Project of %s\", \"description\": \"\"}", caller_names[caller]);
}

static void
prepare_update_member (Caller   caller,
                       Request *request)
{
  /* A different grant for each caller, so that each success is a change */
  const char *project = caller == CALLER_OWNER ? shared.marketing
                      : caller == CALLER_ADMIN ? shared.tutorials : shared.live;

  request->path = g_strdup_printf ("/members/%s", shared.chiara_member);
  request->body = vd_test_jq ("{'role': 'member', 'permissions': [{'entity_id': '%s', 'entity_type': 'projects',"
                      " 'name': 'full-access', 'action': 'write+read', 'permission': []}]}", project);
}

static void
prepare_remove_member (Caller   caller,
                       Request *request)
{
  /* Someone else for each row */
  static const char * const victims[N_CALLERS] = {
    "kwame11@acme.test", "leila12@acme.test", "mateo13@acme.test", "nadia14@acme.test", "oskar15@acme.test",
  };
  g_autofree char *id = member_id_of (victims[caller]);

  request->path = g_strdup_printf ("/members/%s", id);
}

static void
prepare_invite (Caller   caller,
                Request *request)
{
  request->path = g_strdup ("/members/invitations");
  request->body = g_strdup_printf ("{\"email\": \"authz.%s@example.com\", \"role\": \"member\", \"permissions\": []}",
                                   caller_names[caller]);
}

static void
prepare_resend_invitation (Caller   caller,
                           Request *request)
{
  g_autofree char *email = g_strdup_printf ("authz.resend.%s@example.com", caller_names[caller]);
  g_autofree char *id = invite (email, NULL);

  request->path = g_strdup_printf ("/members/invitations/%s/resend", id);
}

static void
prepare_revoke_invitation (Caller   caller,
                           Request *request)
{
  g_autofree char *email = g_strdup_printf ("authz.revoke.%s@example.com", caller_names[caller]);
  g_autofree char *id = invite (email, NULL);

  request->path = g_strdup_printf ("/members/invitations/%s", id);
}

/* The invitations answered by token are Nora's: she is the only caller they may be for */
static void
prepare_accept_invitation (Caller   caller,
                           Request *request)
{
  g_autofree char *token = invite_outsider ();

  request->path = g_strdup_printf ("/members/invitations/token/%s/accept", token);
}

static void
cleanup_accept_invitation (Caller          caller,
                           Request        *request,
                           VdTestResponse *response)
{
  /* An outsider again, for the rows to come */
  g_autofree char *path = g_strdup_printf ("/members/%s", vd_test_jstr (vd_test_result_object (response), "id"));
  g_autoptr(VdTestResponse) removed = call ("DELETE", path, CALLER_OWNER, NULL);

  vd_test_assert_status (removed, 200, NULL);
}

static void
prepare_reject_invitation (Caller   caller,
                           Request *request)
{
  g_autofree char *token = invite_outsider ();

  request->path = g_strdup_printf ("/members/invitations/token/%s/reject", token);
}

static void
prepare_create_api_key (Caller   caller,
                        Request *request)
{
  request->path = g_strdup ("/api-keys");
  request->body = g_strdup_printf ("{\"name\": \"Key of %s\", \"origin\": \"https://app.example.com\","
                                   " \"permissions\": [], \"expires_at\": null}", caller_names[caller]);
}

static void
prepare_delete_api_key (Caller   caller,
                        Request *request)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Doomed key %u\", \"origin\": \"https://app.example.com\","
                                           " \"permissions\": [], \"expires_at\": null}", ++shared.serial);
  g_autoptr(VdTestResponse) created = call ("POST", "/api-keys", CALLER_OWNER, body);

  vd_test_assert_status (created, 201, NULL);
  request->path = g_strdup_printf ("/api-keys/%s", vd_test_jstr (vd_test_result_object (created), "id"));
}

static void
prepare_list_audits (Caller   caller,
                     Request *request)
{
  request->path = g_strdup ("/audits");
}

static void
prepare_list_invitations (Caller   caller,
                          Request *request)
{
  request->path = g_strdup ("/members/invitations");
}

static void
prepare_list_api_keys (Caller   caller,
                       Request *request)
{
  request->path = g_strdup ("/api-keys");
}

/*
 * The matrix: owner, admin, member, outsider, signed out
 */

#define OK(status)  { status, NULL }
#define FORBIDDEN   { 403, "forbidden" }
#define NOT_FOUND   { 404, "not_found" }
#define SIGNED_OUT  { 401, "unauthorized" }
#define MISMATCH    { 403, "invitation_email_mismatch" }

static const Route routes[] = {
  { "post-organizations", "POST", prepare_create_organization, NULL, CHANGES_YES,
    { OK (201), OK (201), OK (201), OK (201), SIGNED_OUT } },
  { "put-organization", "PUT", prepare_rename_organization, cleanup_rename_organization, CHANGES_YES,
    { OK (200), OK (200), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "post-organization-switch", "POST", prepare_switch_organization, NULL, CHANGES_MAYBE,
    { OK (200), OK (200), OK (200), NOT_FOUND, SIGNED_OUT } },
  { "post-organization-transfer-ownership", "POST", prepare_transfer_ownership, cleanup_transfer_ownership,
    CHANGES_YES,
    { OK (200), FORBIDDEN, FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "post-projects", "POST", prepare_create_project, NULL, CHANGES_YES,
    { OK (201), OK (201), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "put-member", "PUT", prepare_update_member, NULL, CHANGES_YES,
    { OK (200), OK (200), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "delete-member", "DELETE", prepare_remove_member, NULL, CHANGES_YES,
    { OK (200), OK (200), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "post-invitations", "POST", prepare_invite, NULL, CHANGES_YES,
    { OK (201), OK (201), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "post-invitation-resend", "POST", prepare_resend_invitation, NULL, CHANGES_YES,
    { OK (200), OK (200), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "delete-invitation", "DELETE", prepare_revoke_invitation, NULL, CHANGES_YES,
    { OK (200), OK (200), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "post-invitation-token-accept", "POST", prepare_accept_invitation, cleanup_accept_invitation, CHANGES_YES,
    { MISMATCH, MISMATCH, MISMATCH, OK (200), SIGNED_OUT } },
  { "post-invitation-token-reject", "POST", prepare_reject_invitation, NULL, CHANGES_YES,
    { MISMATCH, MISMATCH, MISMATCH, OK (200), SIGNED_OUT } },
  { "post-api-keys", "POST", prepare_create_api_key, NULL, CHANGES_YES,
    { OK (201), OK (201), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "delete-api-key", "DELETE", prepare_delete_api_key, NULL, CHANGES_YES,
    { OK (200), OK (200), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "get-audits", "GET", prepare_list_audits, NULL, CHANGES_NO,
    { OK (200), OK (200), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "get-invitations", "GET", prepare_list_invitations, NULL, CHANGES_NO,
    { OK (200), OK (200), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
  { "get-api-keys", "GET", prepare_list_api_keys, NULL, CHANGES_NO,
    { OK (200), OK (200), FORBIDDEN, NOT_FOUND, SIGNED_OUT } },
};

static void
test_row (gconstpointer data)
{
  const Row *row = data;
  const Route *route = row->route;
  const Expected *expected = &route->expected[row->caller];
  Request request = { NULL, NULL };
  g_autoptr(VdTestResponse) response = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  ensure_shared ();
  route->prepare (row->caller, &request);

  before = vd_test_db_dump (shared.server);
  response = call (route->method, request.path, row->caller, request.body);
  after = vd_test_db_dump (shared.server);

  g_test_message ("%s %s as %s: %u %s", route->method, request.path, caller_names[row->caller],
                  response->status, response->body);
  vd_test_assert_status (response, expected->status, expected->code);

  if (expected->status >= 400)
    {
      g_assert_false (json_node_get_boolean (json_object_get_member (vd_test_response_object (response), "success")));
      /* Refused: nothing changed */
      assert_same_dump (before, after);
    }
  else
    {
      g_assert_true (json_node_get_boolean (json_object_get_member (vd_test_response_object (response), "success")));
      if (route->changes == CHANGES_NO)
        assert_same_dump (before, after);
      else if (route->changes == CHANGES_YES)
        g_assert_cmpstr (after, !=, before);

      if (route->cleanup != NULL)
        route->cleanup (row->caller, &request, response);
    }

  g_free (request.path);
  g_free (request.body);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree Row *rows = g_new0 (Row, G_N_ELEMENTS (routes) * N_CALLERS);
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    for (guint c = 0; c < N_CALLERS; c++)
      {
        Row *row = &rows[r * N_CALLERS + c];
        g_autofree char *path = g_strdup_printf ("/vd/server/authz/%s/%s", routes[r].name, caller_names[c]);

        row->route = &routes[r];
        row->caller = c;
        g_test_add_data_func (path, row, test_row);
      }

  ret = g_test_run ();

  shared_clear ();

  return ret;
}
