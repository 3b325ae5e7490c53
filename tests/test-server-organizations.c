/* test-server-organizations.c — organizations, projects and members of vidinfra-local
 *
 * One demo server is shared by every case, and each person signs in once:
 * cases that change the demo organization touch members no other case
 * relies on, create organizations of their own, or compare against lists
 * read in the same case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "vd-test-server.h"

#define STUDIOS "Acme Studios"
#define LABS    "Acme Labs"
#define NORA    "nora@northwind.test"
#define MEMBER  "baptiste2@acme.test"   /* "Product Tutorials" without delete */

typedef struct
{
  VdTestServer *server;
  GHashTable   *tokens;     /* email → access token */
  char         *studios;    /* organization ids */
  char         *labs;
  char         *northwind;
  GPid          pid;
} Shared;

static Shared shared;

typedef struct
{
  VdTestServer *server;
  const char   *owner;      /* access tokens */
  const char   *admin;
  const char   *studios;    /* organization ids */
  const char   *labs;
  const char   *northwind;
} Fixture;

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

static VdTestServer *
shared_server (void)
{
  if (shared.server == NULL)
    {
      shared.server = vd_test_server_start ("--demo", NULL);
      /* Loopback needs no proxy, and looking one up reads GSettings, whose
       * schemas the tests' isolated XDG directories hide */
      g_object_set (shared.server->session, "proxy-resolver", NULL, NULL);
      shared.pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (shared.server->process), NULL, 10);
      signal (SIGABRT, abort_cb);
      signal (SIGTRAP, abort_cb);
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
      const char *organization_id,
      const char *body)
{
  return vd_test_request_full (shared_server (), method, path, token, organization_id, NULL, body, -1);
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

/* The organization id of a name, among the owner's */
static char *
organization_id_of (const char *token,
                    const char *name)
{
  g_autoptr(VdTestResponse) response = call ("GET", "/organizations?limit=500", token, NULL, NULL);
  JsonObject *organization;

  vd_test_assert_status (response, 200, NULL);
  organization = vd_test_find_item (vd_test_result_array (response), "name", name);
  g_assert_nonnull (organization);
  return g_strdup (vd_test_jstr (organization, "id"));
}

/* The member with this email, in the organization (as seen by the token) */
static JsonObject *
member_of (const char *token,
           const char *organization_id,
           const char *email)
{
  g_autofree char *escaped = g_uri_escape_string (email, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/members?limit=500&search=%s", escaped);
  g_autoptr(VdTestResponse) response = call ("GET", path, token, organization_id, NULL);
  JsonObject *member;

  vd_test_assert_status (response, 200, NULL);
  member = vd_test_find_item (vd_test_result_array (response), "email", email);
  return member ? json_object_ref (member) : NULL;
}

static char *
member_id_of (const char *organization_id,
              const char *email)
{
  g_autoptr(JsonObject) member = member_of (token_of (VD_TEST_OWNER), organization_id, email);

  g_assert_nonnull (member);
  return g_strdup (vd_test_jstr (member, "id"));
}

static char *
user_id_of (const char *token)
{
  g_autoptr(VdTestResponse) response = call ("GET", "/auth/profiles", token, NULL, NULL);

  vd_test_assert_status (response, 200, NULL);
  return g_strdup (vd_test_jstr (vd_test_result_object (response), "id"));
}

static char *
project_id_of (const char *name)
{
  g_autoptr(VdTestResponse) response = call ("GET", "/projects?limit=500", token_of (VD_TEST_OWNER),
                                             shared.studios, NULL);
  JsonObject *project;

  vd_test_assert_status (response, 200, NULL);
  project = vd_test_find_item (vd_test_result_array (response), "name", name);
  g_assert_nonnull (project);
  return g_strdup (vd_test_jstr (project, "id"));
}

/* How many audit entries of this action (NULL: any) the organization has */
static gint64
audit_count (const char *organization_id,
             const char *action)
{
  g_autofree char *path = action ? g_strdup_printf ("/audits?limit=1&filter[action][eq]=%s", action)
                                 : g_strdup ("/audits?limit=1");
  g_autoptr(VdTestResponse) response = call ("GET", path, token_of (VD_TEST_OWNER), organization_id, NULL);

  vd_test_assert_status (response, 200, NULL);
  return vd_test_response_total (response);
}

/* The newest audit entry of this action */
static JsonObject *
newest_audit (const char *token,
              const char *organization_id,
              const char *action)
{
  g_autofree char *path = g_strdup_printf ("/audits?limit=1&filter[action][eq]=%s", action);
  g_autoptr(VdTestResponse) response = call ("GET", path, token, organization_id, NULL);
  JsonArray *items;

  vd_test_assert_status (response, 200, NULL);
  items = vd_test_result_array (response);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_object_ref (json_array_get_object_element (items, 0));
}

static JsonArray *
all_members (const char *token,
             const char *organization_id,
             const char *query)
{
  g_autofree char *path = g_strdup_printf ("/members?limit=500%s%s", query ? "&" : "", query ? query : "");
  g_autoptr(VdTestResponse) response = call ("GET", path, token, organization_id, NULL);

  vd_test_assert_status (response, 200, NULL);
  g_assert_cmpint (vd_test_response_total (response), ==, json_array_get_length (vd_test_result_array (response)));
  return json_array_ref (vd_test_result_array (response));
}

static gboolean
has_project_grant (JsonObject *member,
                   const char *project_id)
{
  JsonArray *grants = vd_test_jarr (member, "permissions");

  for (guint i = 0; i < json_array_get_length (grants); i++)
    {
      JsonObject *grant = json_array_get_object_element (grants, i);

      if (g_str_equal (vd_test_jstr (grant, "entity_type"), "projects") &&
          g_str_equal (vd_test_jstr (grant, "entity_id"), project_id))
        return TRUE;
    }

  return FALSE;
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
      shared.studios = organization_id_of (fixture->owner, STUDIOS);
      shared.labs = organization_id_of (fixture->owner, LABS);
      shared.northwind = organization_id_of (token_of (NORA), "Northwind Media");
    }

  fixture->studios = shared.studios;
  fixture->labs = shared.labs;
  fixture->northwind = shared.northwind;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
}

/*
 * Organizations
 */

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(VdTestResponse) owner = call ("GET", "/organizations", fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) admin = call ("GET", "/organizations", fixture->admin, NULL, NULL);
  g_autoptr(VdTestResponse) member = call ("GET", "/organizations", token_of (MEMBER), NULL, NULL);
  g_autoptr(VdTestResponse) count = call ("GET", "/members?limit=1", fixture->owner, fixture->studios, NULL);
  g_autofree char *owner_id = user_id_of (fixture->owner);
  JsonObject *organization;
  JsonArray *items;

  vd_test_assert_status (owner, 200, NULL);
  vd_test_assert_status (count, 200, NULL);
  g_assert_true (vd_test_jbool (vd_test_response_object (owner), "success"));
  items = vd_test_result_array (owner);
  g_assert_cmpint (vd_test_jint (vd_test_pagination (owner), "total"), ==, json_array_get_length (items));
  g_assert_null (vd_test_find_item (items, "name", "Northwind Media"));

  organization = vd_test_find_item (items, "name", STUDIOS);
  g_assert_nonnull (organization);
  g_assert_cmpstr (vd_test_jstr (organization, "id"), ==, fixture->studios);
  g_assert_cmpstr (vd_test_jstr (organization, "owner_id"), ==, owner_id);
  g_assert_cmpstr (vd_test_jstr (organization, "role"), ==, "owner");
  g_assert_true (vd_test_jbool (organization, "current"));
  /* Everyone who belongs, counted the same way as the member list */
  g_assert_cmpint (vd_test_jint (organization, "member_count"), ==, vd_test_response_total (count));
  g_assert_cmpint (vd_test_jint (organization, "member_count"), >=, 20);
  g_assert_nonnull (vd_test_jstr (organization, "created_at"));
  g_assert_nonnull (vd_test_jstr (organization, "updated_at"));

  organization = vd_test_find_item (items, "name", LABS);
  g_assert_nonnull (organization);
  g_assert_cmpstr (vd_test_jstr (organization, "role"), ==, "owner");
  g_assert_false (vd_test_jbool (organization, "current"));
  g_assert_cmpint (vd_test_jint (organization, "member_count"), ==, 2);

  /* The admin of Studios is a plain member of Labs */
  vd_test_assert_status (admin, 200, NULL);
  items = vd_test_result_array (admin);
  organization = vd_test_find_item (items, "name", STUDIOS);
  g_assert_nonnull (organization);
  g_assert_cmpstr (vd_test_jstr (organization, "role"), ==, "admin");
  g_assert_true (vd_test_jbool (organization, "current"));
  organization = vd_test_find_item (items, "name", LABS);
  g_assert_nonnull (organization);
  g_assert_cmpstr (vd_test_jstr (organization, "role"), ==, "member");
  g_assert_false (vd_test_jbool (organization, "current"));

  vd_test_assert_status (member, 200, NULL);
  items = vd_test_result_array (member);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  organization = json_array_get_object_element (items, 0);
  g_assert_cmpstr (vd_test_jstr (organization, "name"), ==, STUDIOS);
  g_assert_cmpstr (vd_test_jstr (organization, "role"), ==, "member");
  g_assert_true (vd_test_jbool (organization, "current"));
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *token = vd_test_register (fixture->server, "Olga", "olga.create@example.com");
  g_autofree char *user_id = user_id_of (token);
  g_autoptr(VdTestResponse) before = call ("GET", "/organizations", token, NULL, NULL);
  g_autoptr(VdTestResponse) invalid = call ("POST", "/organizations", token, NULL, "{}");
  g_autoptr(VdTestResponse) created = call ("POST", "/organizations", token, NULL, "{\"name\": \"Olga Films\"}");
  g_autoptr(VdTestResponse) after = NULL;
  g_autoptr(VdTestResponse) members = NULL;
  g_autoptr(JsonObject) audit = NULL;
  JsonObject *organization, *member;
  const char *id;

  vd_test_assert_status (before, 200, NULL);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (before)), ==, 0);
  vd_test_assert_invalid (invalid, "name", "required");

  vd_test_assert_status (created, 201, NULL);
  organization = vd_test_result_object (created);
  id = vd_test_jstr (organization, "id");
  g_assert_nonnull (id);
  g_assert_cmpstr (vd_test_jstr (organization, "name"), ==, "Olga Films");
  g_assert_cmpstr (vd_test_jstr (organization, "owner_id"), ==, user_id);
  g_assert_cmpstr (vd_test_jstr (organization, "role"), ==, "owner");
  g_assert_cmpint (vd_test_jint (organization, "member_count"), ==, 1);
  /* A person without an organization lands in the one they create */
  g_assert_true (vd_test_jbool (organization, "current"));

  after = call ("GET", "/organizations", token, NULL, NULL);
  vd_test_assert_status (after, 200, NULL);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (after)), ==, 1);
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (vd_test_result_array (after), 0), "id"), ==, id);

  /* The creator is its only member, an owner; routes without an organization act on it */
  members = call ("GET", "/members", token, NULL, NULL);
  vd_test_assert_status (members, 200, NULL);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (members)), ==, 1);
  member = json_array_get_object_element (vd_test_result_array (members), 0);
  g_assert_cmpstr (vd_test_jstr (member, "email"), ==, "olga.create@example.com");
  g_assert_cmpstr (vd_test_jstr (member, "user_id"), ==, user_id);
  g_assert_cmpstr (vd_test_jstr (member, "role"), ==, "owner");

  audit = newest_audit (token, id, "organization.created");
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, id);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "id"), ==, user_id);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "metadata"), "name"), ==, "Olga Films");
}

static void
test_show (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *studios_path = g_strdup_printf ("/organizations/%s", fixture->studios);
  g_autofree char *northwind_path = g_strdup_printf ("/organizations/%s", fixture->northwind);
  g_autoptr(VdTestResponse) admin = call ("GET", studios_path, fixture->admin, NULL, NULL);
  g_autoptr(VdTestResponse) member = call ("GET", studios_path, token_of (MEMBER), NULL, NULL);
  g_autoptr(VdTestResponse) foreign = call ("GET", northwind_path, fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) unknown = call ("GET", "/organizations/00000000-0000-4000-8000-000000000000",
                                            fixture->owner, NULL, NULL);
  JsonObject *organization;

  vd_test_assert_status (admin, 200, NULL);
  organization = vd_test_result_object (admin);
  g_assert_cmpstr (vd_test_jstr (organization, "id"), ==, fixture->studios);
  g_assert_cmpstr (vd_test_jstr (organization, "name"), ==, STUDIOS);
  g_assert_cmpstr (vd_test_jstr (organization, "role"), ==, "admin");
  g_assert_true (vd_test_jbool (organization, "current"));
  g_assert_cmpint (vd_test_jint (organization, "member_count"), >=, 20);

  vd_test_assert_status (member, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (member), "role"), ==, "member");

  /* Organizations the caller is not in do not exist for them */
  vd_test_assert_status (foreign, 404, "not_found");
  vd_test_assert_status (unknown, 404, "not_found");
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(VdTestResponse) created = call ("POST", "/organizations", fixture->owner, NULL,
                                            "{\"name\": \"Rename Me Co\"}");
  g_autoptr(VdTestResponse) renamed = NULL;
  g_autoptr(VdTestResponse) shown = NULL;
  g_autoptr(VdTestResponse) again = NULL;
  g_autoptr(VdTestResponse) empty = NULL;
  g_autoptr(VdTestResponse) by_member = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autofree char *owner_id = user_id_of (fixture->owner);
  g_autofree char *path = NULL;
  g_autofree char *studios_path = g_strdup_printf ("/organizations/%s", fixture->studios);
  JsonObject *metadata;
  const char *id;
  gint64 updates;

  vd_test_assert_status (created, 201, NULL);
  id = vd_test_jstr (vd_test_result_object (created), "id");
  path = g_strdup_printf ("/organizations/%s", id);
  /* Creating an organization does not move the owner's session out of Studios */
  g_assert_false (vd_test_jbool (vd_test_result_object (created), "current"));

  renamed = call ("PUT", path, fixture->owner, NULL, "{\"name\": \"Renamed Co\"}");
  vd_test_assert_status (renamed, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (renamed), "name"), ==, "Renamed Co");
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (renamed), "id"), ==, id);

  shown = call ("GET", path, fixture->owner, NULL, NULL);
  vd_test_assert_status (shown, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (shown), "name"), ==, "Renamed Co");

  audit = newest_audit (fixture->owner, id, "organization.updated");
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, id);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "id"), ==, owner_id);
  metadata = vd_test_jobj (audit, "metadata");
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (metadata, "before"), "name"), ==, "Rename Me Co");
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (metadata, "after"), "name"), ==, "Renamed Co");

  /* The same name again changes nothing, and logs nothing */
  updates = audit_count (id, "organization.updated");
  again = call ("PUT", path, fixture->owner, NULL, "{\"name\": \"Renamed Co\"}");
  vd_test_assert_status (again, 200, NULL);
  g_assert_cmpint (audit_count (id, "organization.updated"), ==, updates);

  empty = call ("PUT", path, fixture->owner, NULL, "{\"name\": \"\"}");
  vd_test_assert_invalid (empty, "name", NULL);

  /* Members cannot rename their organization */
  by_member = call ("PUT", studios_path, token_of (MEMBER), NULL, "{\"name\": \"Baptiste Studios\"}");
  vd_test_assert_status (by_member, 403, "forbidden");
}

static void
test_switch (Fixture       *fixture,
             gconstpointer  data)
{
  /* A session of its own: the current organization belongs to the session */
  g_autofree char *token = vd_test_login (fixture->server, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  g_autofree char *labs_switch = g_strdup_printf ("/organizations/%s/switch", fixture->labs);
  g_autofree char *studios_switch = g_strdup_printf ("/organizations/%s/switch", fixture->studios);
  g_autofree char *northwind_switch = g_strdup_printf ("/organizations/%s/switch", fixture->northwind);
  g_autoptr(VdTestResponse) switched = call ("POST", labs_switch, token, NULL, NULL);
  g_autoptr(VdTestResponse) list = call ("GET", "/organizations", token, NULL, NULL);
  g_autoptr(VdTestResponse) other_session = call ("GET", "/organizations", fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) members = call ("GET", "/members", token, NULL, NULL);
  g_autoptr(VdTestResponse) projects = call ("GET", "/projects", token, NULL, NULL);
  g_autoptr(VdTestResponse) foreign = call ("POST", northwind_switch, token, NULL, NULL);
  g_autoptr(VdTestResponse) back = NULL;
  g_autoptr(VdTestResponse) studios_members = NULL;
  JsonArray *items;

  vd_test_assert_status (switched, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (switched), "id"), ==, fixture->labs);
  g_assert_true (vd_test_jbool (vd_test_result_object (switched), "current"));

  vd_test_assert_status (list, 200, NULL);
  items = vd_test_result_array (list);
  g_assert_true (vd_test_jbool (vd_test_find_item (items, "name", LABS), "current"));
  g_assert_false (vd_test_jbool (vd_test_find_item (items, "name", STUDIOS), "current"));

  /* The owner's other session stays where it was */
  vd_test_assert_status (other_session, 200, NULL);
  items = vd_test_result_array (other_session);
  g_assert_false (vd_test_jbool (vd_test_find_item (items, "name", LABS), "current"));
  g_assert_true (vd_test_jbool (vd_test_find_item (items, "name", STUDIOS), "current"));

  /* Routes without an organization in the path now act on Labs */
  vd_test_assert_status (members, 200, NULL);
  items = vd_test_result_array (members);
  g_assert_cmpint (vd_test_response_total (members), ==, 2);
  g_assert_nonnull (vd_test_find_item (items, "email", VD_TEST_OWNER));
  g_assert_nonnull (vd_test_find_item (items, "email", VD_TEST_ADMIN));
  g_assert_cmpstr (vd_test_jstr (vd_test_find_item (items, "email", VD_TEST_ADMIN), "role"), ==, "member");
  vd_test_assert_status (projects, 200, NULL);
  g_assert_null (vd_test_find_item (vd_test_result_array (projects), "name", "Product Tutorials"));

  vd_test_assert_status (foreign, 404, "not_found");

  /* The next sign-in starts where the person last switched to */
  {
    g_autofree char *later = vd_test_login (fixture->server, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
    g_autoptr(VdTestResponse) later_list = call ("GET", "/organizations", later, NULL, NULL);

    vd_test_assert_status (later_list, 200, NULL);
    g_assert_true (vd_test_jbool (vd_test_find_item (vd_test_result_array (later_list), "name", LABS), "current"));
    g_assert_false (vd_test_jbool (vd_test_find_item (vd_test_result_array (later_list), "name", STUDIOS), "current"));
  }

  /* And back, which the next sign-in remembers too */
  back = call ("POST", studios_switch, token, NULL, NULL);
  vd_test_assert_status (back, 200, NULL);
  g_assert_true (vd_test_jbool (vd_test_result_object (back), "current"));
  studios_members = call ("GET", "/members?limit=1", token, NULL, NULL);
  vd_test_assert_status (studios_members, 200, NULL);
  g_assert_cmpint (vd_test_response_total (studios_members), >=, 20);
}

static void
test_x_organization_id (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(VdTestResponse) labs = call ("GET", "/members", fixture->owner, fixture->labs, NULL);
  g_autoptr(VdTestResponse) studios = call ("GET", "/members?limit=1", fixture->owner, fixture->studios, NULL);
  g_autoptr(VdTestResponse) northwind = call ("GET", "/members", fixture->owner, fixture->northwind, NULL);
  g_autoptr(VdTestResponse) unknown = call ("GET", "/members", fixture->owner,
                                            "00000000-0000-4000-8000-000000000000", NULL);
  g_autoptr(VdTestResponse) projects = call ("GET", "/projects", fixture->owner, fixture->labs, NULL);
  g_autofree char *token = vd_test_register (fixture->server, "Pavel", "pavel.nobody@example.com");
  g_autoptr(VdTestResponse) lost = call ("GET", "/members", token, NULL, NULL);
  g_autoptr(VdTestResponse) lost_projects = call ("GET", "/projects", token, NULL, NULL);
  g_autoptr(VdTestResponse) trespass = call ("GET", "/members", token, fixture->studios, NULL);
  JsonArray *items;

  /* Another organization the caller belongs to: its members, whatever the session's */
  vd_test_assert_status (labs, 200, NULL);
  items = vd_test_result_array (labs);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (vd_test_jstr (vd_test_find_item (items, "email", VD_TEST_OWNER), "role"), ==, "owner");
  g_assert_cmpstr (vd_test_jstr (vd_test_find_item (items, "email", VD_TEST_ADMIN), "role"), ==, "member");
  vd_test_assert_status (projects, 200, NULL);
  g_assert_null (vd_test_find_item (vd_test_result_array (projects), "name", "Product Tutorials"));

  vd_test_assert_status (studios, 200, NULL);
  g_assert_cmpint (vd_test_response_total (studios), >=, 20);

  /* One the caller is not in */
  vd_test_assert_status (northwind, 404, "not_found");
  vd_test_assert_status (unknown, 404, "not_found");

  /* No organization at all */
  vd_test_assert_status (lost, 409, "no_current_organization");
  vd_test_assert_status (lost_projects, 409, "no_current_organization");
  vd_test_assert_status (trespass, 404, "not_found");
}

static void
test_transfer_ownership (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(VdTestResponse) created = call ("POST", "/organizations", fixture->owner, NULL,
                                            "{\"name\": \"Handover Ltd\"}");
  g_autoptr(VdTestResponse) invited = NULL;
  g_autoptr(VdTestResponse) accepted = NULL;
  g_autoptr(VdTestResponse) by_member = NULL;
  g_autoptr(VdTestResponse) transferred = NULL;
  g_autoptr(VdTestResponse) members = NULL;
  g_autoptr(VdTestResponse) again = NULL;
  g_autoptr(VdTestResponse) unknown = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autofree char *owner_user = user_id_of (fixture->owner);
  g_autofree char *admin_user = user_id_of (fixture->admin);
  g_autofree char *path = NULL;
  g_autofree char *accept_path = NULL;
  g_autofree char *invitation_token = NULL;
  g_autofree char *body = NULL;
  g_autofree char *owner_member = NULL;
  g_autofree char *admin_member = NULL;
  g_autofree char *org = NULL;
  JsonArray *items;

  vd_test_assert_status (created, 201, NULL);
  org = g_strdup (vd_test_jstr (vd_test_result_object (created), "id"));
  path = g_strdup_printf ("/organizations/%s/transfer-ownership", org);

  /* Bruno joins it as a member */
  invited = call ("POST", "/members/invitations", fixture->owner, org,
                  "{\"email\": \"" VD_TEST_ADMIN "\", \"role\": \"member\", \"permissions\": []}");
  vd_test_assert_status (invited, 201, NULL);
  invitation_token = vd_test_outbox_value (fixture->server, VD_TEST_ADMIN, "Token");
  g_assert_nonnull (invitation_token);
  accept_path = g_strdup_printf ("/members/invitations/token/%s/accept", invitation_token);
  accepted = call ("POST", accept_path, fixture->admin, NULL, NULL);
  vd_test_assert_status (accepted, 200, NULL);
  admin_member = g_strdup (vd_test_jstr (vd_test_result_object (accepted), "id"));
  owner_member = member_id_of (org, VD_TEST_OWNER);

  /* Only owners hand over */
  body = g_strdup_printf ("{\"member_id\": \"%s\"}", admin_member);
  by_member = call ("POST", path, fixture->admin, org, body);
  vd_test_assert_status (by_member, 403, "forbidden");

  transferred = call ("POST", path, fixture->owner, org, body);
  vd_test_assert_status (transferred, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (transferred), "owner_id"), ==, admin_user);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (transferred), "role"), ==, "admin");

  members = call ("GET", "/members", fixture->owner, org, NULL);
  vd_test_assert_status (members, 200, NULL);
  items = vd_test_result_array (members);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (vd_test_jstr (vd_test_find_item (items, "id", admin_member), "role"), ==, "owner");
  g_assert_cmpstr (vd_test_jstr (vd_test_find_item (items, "id", owner_member), "role"), ==, "admin");

  audit = newest_audit (fixture->admin, org, "organization.ownership_transferred");
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, org);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "id"), ==, owner_user);

  /* The former owner is an admin now, and cannot hand it over again */
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"member_id\": \"%s\"}", owner_member);
  again = call ("POST", path, fixture->owner, org, body);
  vd_test_assert_status (again, 403, "forbidden");

  unknown = call ("POST", path, fixture->admin, org, "{\"member_id\": \"00000000-0000-4000-8000-000000000000\"}");
  vd_test_assert_invalid (unknown, "member_id", NULL);
}

/*
 * Projects
 */

static void
test_projects (Fixture       *fixture,
               gconstpointer  data)
{
  const char *member = token_of (MEMBER);
  g_autofree char *marketing = project_id_of ("Marketing Videos");
  g_autofree char *tutorials = project_id_of ("Product Tutorials");
  g_autofree char *marketing_path = g_strdup_printf ("/projects/%s", marketing);
  g_autofree char *marketing_folders = g_strdup_printf ("/projects/%s/folders", marketing);
  g_autofree char *tutorials_path = g_strdup_printf ("/projects/%s", tutorials);
  g_autofree char *tutorials_folders = g_strdup_printf ("/projects/%s/folders", tutorials);
  g_autoptr(VdTestResponse) owner_list = call ("GET", "/projects", fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) member_list = call ("GET", "/projects", member, NULL, NULL);
  g_autoptr(VdTestResponse) hidden = call ("GET", marketing_path, member, NULL, NULL);
  g_autoptr(VdTestResponse) hidden_folders = call ("GET", marketing_folders, member, NULL, NULL);
  g_autoptr(VdTestResponse) shown = call ("GET", tutorials_path, member, NULL, NULL);
  g_autoptr(VdTestResponse) folders = call ("GET", tutorials_folders, member, NULL, NULL);
  g_autoptr(VdTestResponse) member_create = call ("POST", "/projects", member, NULL,
                                                  "{\"name\": \"Baptiste's Project\"}");
  g_autoptr(VdTestResponse) admin_create = NULL;
  g_autoptr(VdTestResponse) owner_after = NULL;
  g_autoptr(VdTestResponse) member_after = NULL;
  g_autoptr(VdTestResponse) unknown = NULL;
  g_autoptr(VdTestResponse) lab = NULL;
  g_autoptr(VdTestResponse) lab_here = NULL;
  g_autoptr(VdTestResponse) lab_there = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autofree char *lab_path = NULL;
  JsonObject *getting_started, *advanced;
  JsonArray *items;
  gint64 total;

  /* The owner sees the three demo projects, sorted by name */
  vd_test_assert_status (owner_list, 200, NULL);
  items = vd_test_result_array (owner_list);
  total = vd_test_response_total (owner_list);
  g_assert_cmpint (total, ==, 3);
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (items, 0), "name"), ==, "Live Events");
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (items, 1), "name"), ==, "Marketing Videos");
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (items, 2), "name"), ==, "Product Tutorials");

  /* A member sees the projects their grants name, and no other */
  vd_test_assert_status (member_list, 200, NULL);
  items = vd_test_result_array (member_list);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpint (vd_test_response_total (member_list), ==, 1);
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (items, 0), "name"), ==, "Product Tutorials");

  vd_test_assert_status (hidden, 404, "not_found");
  vd_test_assert_status (hidden_folders, 404, "not_found");
  vd_test_assert_status (shown, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (shown), "id"), ==, tutorials);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (shown), "name"), ==, "Product Tutorials");

  /* Folders: {id, name, parent_id}; "Advanced" lives in "Getting Started" */
  vd_test_assert_status (folders, 200, NULL);
  items = vd_test_result_array (folders);
  g_assert_cmpuint (json_array_get_length (items), ==, 4);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *folder = json_array_get_object_element (items, i);

      g_assert_nonnull (vd_test_jstr (folder, "id"));
      g_assert_nonnull (vd_test_jstr (folder, "name"));
      g_assert_true (json_object_has_member (folder, "parent_id"));
    }
  getting_started = vd_test_find_item (items, "name", "Getting Started");
  advanced = vd_test_find_item (items, "name", "Advanced");
  g_assert_nonnull (getting_started);
  g_assert_nonnull (advanced);
  g_assert_null (vd_test_jstr (getting_started, "parent_id"));
  g_assert_cmpstr (vd_test_jstr (advanced, "parent_id"), ==, vd_test_jstr (getting_started, "id"));
  g_assert_null (vd_test_jstr (vd_test_find_item (items, "name", "Webinars"), "parent_id"));
  g_assert_null (vd_test_jstr (vd_test_find_item (items, "name", "Release Notes"), "parent_id"));

  /* Only owners and admins create projects */
  vd_test_assert_status (member_create, 403, "forbidden");

  admin_create = call ("POST", "/projects", fixture->admin, NULL,
                       "{\"name\": \"Onboarding\", \"description\": \"Videos for new staff\"}");
  vd_test_assert_status (admin_create, 201, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (admin_create), "name"), ==, "Onboarding");
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (admin_create), "description"), ==, "Videos for new staff");
  audit = newest_audit (fixture->owner, fixture->studios, "project.created");
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, vd_test_jstr (vd_test_result_object (admin_create), "id"));

  owner_after = call ("GET", "/projects", fixture->owner, NULL, NULL);
  vd_test_assert_status (owner_after, 200, NULL);
  g_assert_cmpint (vd_test_response_total (owner_after), ==, total + 1);
  g_assert_nonnull (vd_test_find_item (vd_test_result_array (owner_after), "name", "Onboarding"));
  member_after = call ("GET", "/projects", member, NULL, NULL);
  vd_test_assert_status (member_after, 200, NULL);
  g_assert_cmpint (vd_test_response_total (member_after), ==, 1);

  unknown = call ("GET", "/projects/00000000-0000-4000-8000-000000000000", fixture->owner, NULL, NULL);
  vd_test_assert_status (unknown, 404, "not_found");

  /* A project of another organization of the owner's: found there only */
  lab = call ("POST", "/projects", fixture->owner, fixture->labs, "{\"name\": \"Lab Bench\"}");
  vd_test_assert_status (lab, 201, NULL);
  lab_path = g_strdup_printf ("/projects/%s", vd_test_jstr (vd_test_result_object (lab), "id"));
  lab_here = call ("GET", lab_path, fixture->owner, fixture->studios, NULL);
  vd_test_assert_status (lab_here, 404, "not_found");
  lab_there = call ("GET", lab_path, fixture->owner, fixture->labs, NULL);
  vd_test_assert_status (lab_there, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (lab_there), "name"), ==, "Lab Bench");
}

/*
 * Members
 */

static void
test_members_list (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonArray) everyone = all_members (fixture->owner, NULL, NULL);
  g_autoptr(JsonArray) by_email = all_members (fixture->owner, NULL, "sort=email");
  g_autoptr(JsonArray) by_email_desc = all_members (fixture->owner, NULL, "sort=-email");
  g_autoptr(JsonArray) admins = all_members (fixture->owner, NULL, "filter[role][eq]=admin");
  g_autoptr(JsonArray) by_name = all_members (fixture->owner, NULL, "search=aiko%20NAKAMURA");
  g_autoptr(JsonArray) by_address = all_members (fixture->owner, NULL, "search=Baptiste2%40");
  g_autoptr(JsonArray) by_project = NULL;
  g_autoptr(VdTestResponse) first = call ("GET", "/members", fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) page1 = call ("GET", "/members?limit=5", fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) page2 = call ("GET", "/members?limit=5&page=2", fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) by_member = call ("GET", "/members", token_of (MEMBER), NULL, NULL);
  g_autofree char *tutorials = project_id_of ("Product Tutorials");
  g_autofree char *project_query = g_strdup_printf ("filter[project_id][eq]=%s", tutorials);
  guint n = json_array_get_length (everyone);
  guint n_admins = 0, n_tutorials = 0;
  JsonObject *pagination;

  g_assert_cmpuint (n, >=, 20);

  /* Pagination meta */
  vd_test_assert_status (first, 200, NULL);
  pagination = vd_test_pagination (first);
  g_assert_cmpint (vd_test_jint (pagination, "page"), ==, 1);
  g_assert_cmpint (vd_test_jint (pagination, "page_size"), ==, 25);
  g_assert_cmpint (vd_test_jint (pagination, "total"), ==, n);
  g_assert_cmpint (vd_test_jint (pagination, "total_pages"), ==, (n + 24) / 25);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (first)), ==, MIN (n, 25));

  vd_test_assert_status (page1, 200, NULL);
  vd_test_assert_status (page2, 200, NULL);
  pagination = vd_test_pagination (page2);
  g_assert_cmpint (vd_test_jint (pagination, "page"), ==, 2);
  g_assert_cmpint (vd_test_jint (pagination, "page_size"), ==, 5);
  g_assert_cmpint (vd_test_jint (pagination, "total"), ==, n);
  g_assert_cmpint (vd_test_jint (pagination, "total_pages"), ==, (n + 4) / 5);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (page1)), ==, 5);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (page2)), ==, 5);
  /* Page 2 goes on where page 1 stopped (the default order is by joining) */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (vd_test_result_array (page1), i), "id"), ==,
                       vd_test_jstr (json_array_get_object_element (everyone, i), "id"));
      g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (vd_test_result_array (page2), i), "id"), ==,
                       vd_test_jstr (json_array_get_object_element (everyone, 5 + i), "id"));
    }

  /* Sorting */
  g_assert_cmpuint (json_array_get_length (by_email), ==, n);
  g_assert_cmpuint (json_array_get_length (by_email_desc), ==, n);
  for (guint i = 0; i + 1 < n; i++)
    g_assert_cmpint (g_ascii_strcasecmp (vd_test_jstr (json_array_get_object_element (by_email, i), "email"),
                                         vd_test_jstr (json_array_get_object_element (by_email, i + 1), "email")), <, 0);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (by_email, i), "email"), ==,
                     vd_test_jstr (json_array_get_object_element (by_email_desc, n - 1 - i), "email"));

  /* Search: by full name, by email, either case */
  g_assert_cmpuint (json_array_get_length (by_name), ==, 1);
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (by_name, 0), "email"), ==, "aiko1@acme.test");
  g_assert_cmpuint (json_array_get_length (by_address), ==, 1);
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (by_address, 0), "email"), ==, MEMBER);
  g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (by_address, 0), "first_name"), ==, "Baptiste");

  /* Filters, checked against the whole list */
  for (guint i = 0; i < n; i++)
    {
      JsonObject *member = json_array_get_object_element (everyone, i);

      if (g_str_equal (vd_test_jstr (member, "role"), "admin"))
        n_admins++;
      if (has_project_grant (member, tutorials))
        n_tutorials++;
    }
  g_assert_cmpuint (json_array_get_length (admins), ==, n_admins);
  g_assert_cmpuint (n_admins, >=, 2);
  g_assert_nonnull (vd_test_find_item (admins, "email", VD_TEST_ADMIN));
  g_assert_nonnull (vd_test_find_item (admins, "email", "farah6@acme.test"));
  for (guint i = 0; i < json_array_get_length (admins); i++)
    g_assert_cmpstr (vd_test_jstr (json_array_get_object_element (admins, i), "role"), ==, "admin");

  by_project = all_members (fixture->owner, NULL, project_query);
  g_assert_cmpuint (json_array_get_length (by_project), ==, n_tutorials);
  g_assert_nonnull (vd_test_find_item (by_project, "email", MEMBER));
  g_assert_nonnull (vd_test_find_item (by_project, "email", "dmitri4@acme.test"));
  g_assert_null (vd_test_find_item (by_project, "email", "aiko1@acme.test"));
  for (guint i = 0; i < json_array_get_length (by_project); i++)
    g_assert_true (has_project_grant (json_array_get_object_element (by_project, i), tutorials));

  /* Every member may read the list */
  vd_test_assert_status (by_member, 200, NULL);
  g_assert_cmpint (vd_test_response_total (by_member), ==, n);

  /* What the list refuses */
  {
    static const struct { const char *query; const char *field; const char *code; } bad[] = {
      { "page=0", "page", NULL },
      { "page=two", "page", NULL },
      { "limit=0", "limit", NULL },
      { "limit=501", "limit", NULL },
      { "sort=password", "sort", NULL },
      { "sort=-password", "sort", NULL },
      { "filter[password][eq]=x", "filter", "unknown_filter" },
      { "filter[role][eq]=superuser", "filter[role][eq]", NULL },
    };
    static const char * const literal[] = { "%25", "_", "%5C" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strdup_printf ("/members?%s", bad[i].query);
        g_autoptr(VdTestResponse) response = call ("GET", path, fixture->owner, NULL, NULL);

        vd_test_assert_invalid (response, bad[i].field, bad[i].code);
      }
    /* Search text is literal: LIKE wildcards match only themselves */
    for (guint i = 0; i < G_N_ELEMENTS (literal); i++)
      {
        g_autofree char *path = g_strdup_printf ("/members?search=%s", literal[i]);
        g_autoptr(VdTestResponse) response = call ("GET", path, fixture->owner, NULL, NULL);

        vd_test_assert_status (response, 200, NULL);
        g_assert_cmpint (vd_test_response_total (response), ==, 0);
      }
  }
}

static void
test_members_show (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *aiko = member_id_of (fixture->studios, "aiko1@acme.test");
  g_autofree char *labs_owner = member_id_of (fixture->labs, VD_TEST_OWNER);
  g_autofree char *marketing = project_id_of ("Marketing Videos");
  g_autofree char *path = g_strdup_printf ("/members/%s", aiko);
  g_autofree char *labs_path = g_strdup_printf ("/members/%s", labs_owner);
  g_autoptr(VdTestResponse) shown = call ("GET", path, fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) by_member = call ("GET", path, token_of (MEMBER), NULL, NULL);
  g_autoptr(VdTestResponse) elsewhere = call ("GET", labs_path, fixture->owner, fixture->studios, NULL);
  g_autoptr(VdTestResponse) unknown = call ("GET", "/members/00000000-0000-4000-8000-000000000000",
                                            fixture->owner, NULL, NULL);
  JsonObject *member, *grant;
  JsonArray *grants;

  vd_test_assert_status (shown, 200, NULL);
  member = vd_test_result_object (shown);
  g_assert_cmpstr (vd_test_jstr (member, "id"), ==, aiko);
  g_assert_nonnull (vd_test_jstr (member, "user_id"));
  g_assert_cmpstr (vd_test_jstr (member, "first_name"), ==, "Aiko");
  g_assert_cmpstr (vd_test_jstr (member, "last_name"), ==, "Nakamura");
  g_assert_cmpstr (vd_test_jstr (member, "email"), ==, "aiko1@acme.test");
  g_assert_cmpstr (vd_test_jstr (member, "role"), ==, "member");
  g_assert_nonnull (vd_test_jstr (member, "joined_at"));

  /* Marketing full access, and billing */
  grants = vd_test_jarr (member, "permissions");
  g_assert_cmpuint (json_array_get_length (grants), ==, 2);
  grant = json_array_get_object_element (grants, 0);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_id"), ==, marketing);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_type"), ==, "projects");
  g_assert_cmpstr (vd_test_jstr (grant, "name"), ==, "full-access");
  g_assert_cmpstr (vd_test_jstr (grant, "action"), ==, "write+read+delete");
  grant = json_array_get_object_element (grants, 1);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_id"), ==, fixture->studios);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_type"), ==, "organizations");
  g_assert_cmpstr (vd_test_jstr (grant, "name"), ==, "billing");

  vd_test_assert_status (by_member, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (by_member), "email"), ==, "aiko1@acme.test");

  /* A member of another organization is not found here */
  vd_test_assert_status (elsewhere, 404, "not_found");
  vd_test_assert_status (unknown, 404, "not_found");
}

static void
test_members_update_role (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *leila = member_id_of (fixture->studios, "leila12@acme.test");
  g_autofree char *path = g_strdup_printf ("/members/%s", leila);
  g_autoptr(VdTestResponse) promoted = call ("PUT", path, fixture->owner, NULL, "{\"role\": \"admin\"}");
  g_autoptr(JsonObject) audit = newest_audit (fixture->owner, fixture->studios, "member.updated");
  g_autoptr(VdTestResponse) shown = call ("GET", path, fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) demoted = call ("PUT", path, fixture->owner, NULL, "{\"role\": \"member\"}");
  g_autoptr(VdTestResponse) invalid = call ("PUT", path, fixture->owner, NULL, "{\"role\": \"superuser\"}");
  JsonObject *metadata;

  vd_test_assert_status (promoted, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (promoted), "role"), ==, "admin");
  vd_test_assert_status (shown, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (shown), "role"), ==, "admin");

  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, leila);
  metadata = vd_test_jobj (audit, "metadata");
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (metadata, "before"), "role"), ==, "member");
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (metadata, "after"), "role"), ==, "admin");

  vd_test_assert_status (demoted, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (demoted), "role"), ==, "member");
  vd_test_assert_invalid (invalid, "role", NULL);
}

static void
test_members_update_permissions (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *chiara = member_id_of (fixture->studios, "chiara3@acme.test");
  g_autofree char *live = project_id_of ("Live Events");
  g_autofree char *tutorials = project_id_of ("Product Tutorials");
  g_autofree char *path = g_strdup_printf ("/members/%s", chiara);
  g_autoptr(VdTestResponse) before = call ("GET", path, fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) updated = NULL;
  g_autoptr(VdTestResponse) shown = NULL;
  g_autoptr(VdTestResponse) unchanged = NULL;
  g_autoptr(VdTestResponse) unchanged_normal = NULL;
  g_autoptr(VdTestResponse) labs_project = NULL;
  g_autoptr(VdTestResponse) foreign = NULL;
  g_autoptr(VdTestResponse) unknown_folder = NULL;
  g_autoptr(VdTestResponse) unknown_field = NULL;
  g_autoptr(VdTestResponse) other_organization = NULL;
  g_autoptr(VdTestResponse) duplicate = NULL;
  g_autoptr(VdTestResponse) after_errors = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autofree char *body = NULL;
  g_autofree char *normal_body = NULL;
  g_autofree char *grant_text = NULL;
  JsonObject *metadata, *grant, *sub;
  JsonArray *grants;
  JsonNode *old_permissions, *new_permissions;
  gint64 audits;

  vd_test_assert_status (before, 200, NULL);
  old_permissions = json_object_get_member (vd_test_result_object (before), "permissions");

  /* Singular entity types, "folder", actions in any order, billing with "" */
  body = vd_test_jq ("{'permissions': ["
             "{'entity_id': '%s', 'entity_type': 'project', 'name': 'custom', 'action': '',"
             " 'permission': [{'name': 'folder', 'action': 'read+write'}, {'name': 'analytics', 'action': 'read'}]},"
             "{'entity_id': '%s', 'entity_type': 'organization', 'name': 'billing', 'action': ''}]}",
             live, fixture->studios);
  updated = call ("PUT", path, fixture->owner, NULL, body);
  vd_test_assert_status (updated, 200, NULL);
  grants = vd_test_jarr (vd_test_result_object (updated), "permissions");
  g_assert_cmpuint (json_array_get_length (grants), ==, 2);
  grant = json_array_get_object_element (grants, 0);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_id"), ==, live);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_type"), ==, "projects");
  g_assert_cmpstr (vd_test_jstr (grant, "name"), ==, "custom");
  g_assert_cmpstr (vd_test_jstr (grant, "action"), ==, "");
  g_assert_cmpuint (json_array_get_length (vd_test_jarr (grant, "permission")), ==, 2);
  sub = json_array_get_object_element (vd_test_jarr (grant, "permission"), 0);
  g_assert_cmpstr (vd_test_jstr (sub, "name"), ==, "folders");
  g_assert_cmpstr (vd_test_jstr (sub, "action"), ==, "write+read");
  sub = json_array_get_object_element (vd_test_jarr (grant, "permission"), 1);
  g_assert_cmpstr (vd_test_jstr (sub, "name"), ==, "analytics");
  g_assert_cmpstr (vd_test_jstr (sub, "action"), ==, "read");
  grant = json_array_get_object_element (grants, 1);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_id"), ==, fixture->studios);
  g_assert_cmpstr (vd_test_jstr (grant, "entity_type"), ==, "organizations");
  g_assert_cmpstr (vd_test_jstr (grant, "name"), ==, "billing");
  g_assert_cmpstr (vd_test_jstr (grant, "action"), ==, "write+read");
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (updated), "role"), ==, "member");

  /* Stored as answered */
  shown = call ("GET", path, token_of (MEMBER), NULL, NULL);
  vd_test_assert_status (shown, 200, NULL);
  new_permissions = json_object_get_member (vd_test_result_object (updated), "permissions");
  assert_json_equal (json_object_get_member (vd_test_result_object (shown), "permissions"), new_permissions);

  /* The audit entry holds what was and what is */
  audit = newest_audit (fixture->owner, fixture->studios, "member.updated");
  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, chiara);
  metadata = vd_test_jobj (audit, "metadata");
  assert_json_equal (json_object_get_member (vd_test_jobj (metadata, "before"), "permissions"), old_permissions);
  assert_json_equal (json_object_get_member (vd_test_jobj (metadata, "after"), "permissions"), new_permissions);

  /* Unchanged, in either spelling: no entry */
  audits = audit_count (fixture->studios, NULL);
  unchanged = call ("PUT", path, fixture->owner, NULL, body);
  vd_test_assert_status (unchanged, 200, NULL);
  grant_text = json_text (new_permissions);
  normal_body = g_strdup_printf ("{\"role\": \"member\", \"permissions\": %s}", grant_text);
  unchanged_normal = call ("PUT", path, fixture->admin, NULL, normal_body);
  vd_test_assert_status (unchanged_normal, 200, NULL);
  assert_json_equal (json_object_get_member (vd_test_result_object (unchanged_normal), "permissions"), new_permissions);
  g_assert_cmpint (audit_count (fixture->studios, NULL), ==, audits);

  /* A project of another organization */
  labs_project = call ("POST", "/projects", fixture->owner, fixture->labs, "{\"name\": \"Lab Notes\"}");
  vd_test_assert_status (labs_project, 201, NULL);
  g_clear_pointer (&body, g_free);
  body = vd_test_jq ("{'permissions': [{'entity_id': '%s', 'entity_type': 'projects', 'name': 'full-access',"
             " 'action': 'write+read', 'permission': []}]}",
             vd_test_jstr (vd_test_result_object (labs_project), "id"));
  foreign = call ("PUT", path, fixture->owner, NULL, body);
  vd_test_assert_invalid (foreign, "permissions", NULL);

  /* A folder that is not in the project */
  g_clear_pointer (&body, g_free);
  body = vd_test_jq ("{'permissions': [{'entity_id': '%s', 'entity_type': 'projects', 'name': 'custom', 'action': '',"
             " 'permission': [{'name': 'folders', 'action': 'custom',"
             " 'folders': [{'folder_id': '00000000-0000-4000-8000-000000000000', 'action': 'read'}]}]}]}",
             tutorials);
  unknown_folder = call ("PUT", path, fixture->owner, NULL, body);
  vd_test_assert_invalid (unknown_folder, "permissions", NULL);

  /* A member a grant does not have */
  g_clear_pointer (&body, g_free);
  body = vd_test_jq ("{'permissions': [{'entity_id': '%s', 'entity_type': 'projects', 'name': 'full-access',"
             " 'action': 'write+read', 'permission': [], 'colour': 'red'}]}",
             tutorials);
  unknown_field = call ("PUT", path, fixture->owner, NULL, body);
  vd_test_assert_invalid (unknown_field, "permissions", "unknown_field");

  /* An organization grant for another organization */
  g_clear_pointer (&body, g_free);
  body = vd_test_jq ("{'permissions': [{'entity_id': '%s', 'entity_type': 'organizations', 'name': 'billing',"
             " 'action': 'write+read'}]}", fixture->labs);
  other_organization = call ("PUT", path, fixture->owner, NULL, body);
  vd_test_assert_invalid (other_organization, "permissions", NULL);

  /* Two grants for one project */
  g_clear_pointer (&body, g_free);
  body = vd_test_jq ("{'permissions': [{'entity_id': '%s', 'entity_type': 'projects', 'name': 'full-access',"
             " 'action': 'write+read'}, {'entity_id': '%s', 'entity_type': 'project', 'name': 'full-access',"
             " 'action': 'write+read+delete'}]}", tutorials, tutorials);
  duplicate = call ("PUT", path, fixture->owner, NULL, body);
  vd_test_assert_invalid (duplicate, "permissions", NULL);

  /* None of that changed anything */
  after_errors = call ("GET", path, fixture->owner, NULL, NULL);
  vd_test_assert_status (after_errors, 200, NULL);
  assert_json_equal (json_object_get_member (vd_test_result_object (after_errors), "permissions"), new_permissions);
  g_assert_cmpint (audit_count (fixture->studios, NULL), ==, audits);
}

static void
test_members_last_owner (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *owner = member_id_of (fixture->studios, VD_TEST_OWNER);
  g_autofree char *path = g_strdup_printf ("/members/%s", owner);
  g_autoptr(VdTestResponse) demote = call ("PUT", path, fixture->owner, NULL, "{\"role\": \"admin\"}");
  g_autoptr(VdTestResponse) removal = call ("DELETE", path, fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) shown = call ("GET", path, fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) owners = call ("GET", "/members?filter[role][eq]=owner", fixture->owner, NULL, NULL);

  vd_test_assert_status (owners, 200, NULL);
  g_assert_cmpint (vd_test_response_total (owners), ==, 1);
  vd_test_assert_status (demote, 409, "last_owner");
  vd_test_assert_status (removal, 409, "last_owner");
  vd_test_assert_status (shown, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (shown), "role"), ==, "owner");
}

static void
test_members_admin_limits (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *farah = member_id_of (fixture->studios, "farah6@acme.test");
  g_autofree char *hanna = member_id_of (fixture->studios, "hanna8@acme.test");
  g_autofree char *owner = member_id_of (fixture->studios, VD_TEST_OWNER);
  g_autofree char *farah_path = g_strdup_printf ("/members/%s", farah);
  g_autofree char *hanna_path = g_strdup_printf ("/members/%s", hanna);
  g_autofree char *owner_path = g_strdup_printf ("/members/%s", owner);
  g_autofree char *dump = vd_test_db_dump (fixture->server);
  g_autofree char *dump_after = NULL;
  g_autofree char *tutorials = project_id_of ("Product Tutorials");
  g_autofree char *body = NULL;
  g_autoptr(VdTestResponse) allowed = NULL;
  static const struct { const char *target; const char *method; const char *body; } denied[] = {
    { "farah", "PUT", "{\"role\": \"member\"}" },
    { "farah", "PUT", "{\"permissions\": []}" },
    { "farah", "DELETE", NULL },
    { "owner", "PUT", "{\"role\": \"admin\"}" },
    { "owner", "PUT", "{\"permissions\": []}" },
    { "owner", "DELETE", NULL },
    { "hanna", "PUT", "{\"role\": \"admin\"}" },
    { "hanna", "PUT", "{\"role\": \"owner\"}" },
  };

  /* An admin may not touch owners and admins, nor make anyone one */
  for (guint i = 0; i < G_N_ELEMENTS (denied); i++)
    {
      const char *path = g_str_equal (denied[i].target, "farah") ? farah_path
                       : g_str_equal (denied[i].target, "owner") ? owner_path : hanna_path;
      g_autoptr(VdTestResponse) response = call (denied[i].method, path, fixture->admin, NULL, denied[i].body);

      vd_test_assert_status (response, 403, "forbidden");
    }
  dump_after = vd_test_db_dump (fixture->server);
  g_assert_cmpstr (dump_after, ==, dump);

  /* … but may change a member's grants */
  body = vd_test_jq ("{'role': 'member', 'permissions': [{'entity_id': '%s', 'entity_type': 'projects',"
             " 'name': 'full-access', 'action': 'write+read'}]}", tutorials);
  allowed = call ("PUT", hanna_path, fixture->admin, NULL, body);
  vd_test_assert_status (allowed, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (allowed), "role"), ==, "member");
  g_assert_true (has_project_grant (vd_test_result_object (allowed), tutorials));
}

static void
test_members_leave (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *ines = token_of ("ines9@acme.test");
  g_autofree char *ines_id = member_id_of (fixture->studios, "ines9@acme.test");
  g_autofree char *aiko_id = member_id_of (fixture->studios, "aiko1@acme.test");
  g_autofree char *ines_user = user_id_of (ines);
  g_autofree char *path = g_strdup_printf ("/members/%s", ines_id);
  g_autofree char *aiko_path = g_strdup_printf ("/members/%s", aiko_id);
  g_autoptr(VdTestResponse) remove_other = call ("DELETE", aiko_path, ines, NULL, NULL);
  g_autoptr(VdTestResponse) leave = call ("DELETE", path, ines, NULL, NULL);
  g_autoptr(VdTestResponse) current = call ("GET", "/members", ines, NULL, NULL);
  g_autoptr(VdTestResponse) named = call ("GET", "/members", ines, fixture->studios, NULL);
  g_autoptr(VdTestResponse) organizations = call ("GET", "/organizations", ines, NULL, NULL);
  g_autoptr(JsonObject) gone = member_of (fixture->owner, fixture->studios, "ines9@acme.test");
  g_autoptr(JsonObject) audit = newest_audit (fixture->owner, fixture->studios, "member.removed");

  /* A member may remove only themself */
  vd_test_assert_status (remove_other, 403, "forbidden");
  vd_test_assert_status (leave, 200, NULL);
  g_assert_true (vd_test_jbool (vd_test_response_object (leave), "success"));

  vd_test_assert_status (current, 409, "no_current_organization");
  vd_test_assert_status (named, 404, "not_found");
  vd_test_assert_status (organizations, 200, NULL);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (organizations)), ==, 0);
  g_assert_null (gone);

  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, ines_id);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "id"), ==, ines_user);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "metadata"), "email"), ==, "ines9@acme.test");
  g_assert_true (vd_test_jbool (vd_test_jobj (audit, "metadata"), "left"));
}

static void
test_members_remove (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *jonas = member_id_of (fixture->studios, "jonas10@acme.test");
  g_autofree char *kwame = member_id_of (fixture->studios, "kwame11@acme.test");
  g_autofree char *owner_user = user_id_of (fixture->owner);
  g_autofree char *admin_user = user_id_of (fixture->admin);
  g_autofree char *jonas_path = g_strdup_printf ("/members/%s", jonas);
  g_autofree char *kwame_path = g_strdup_printf ("/members/%s", kwame);
  g_autoptr(VdTestResponse) count = call ("GET", "/members?limit=1", fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) removed = call ("DELETE", jonas_path, fixture->owner, NULL, NULL);
  g_autoptr(JsonObject) audit = newest_audit (fixture->owner, fixture->studios, "member.removed");
  g_autoptr(VdTestResponse) shown = call ("GET", jonas_path, fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) again = call ("DELETE", jonas_path, fixture->owner, NULL, NULL);
  g_autoptr(VdTestResponse) by_admin = call ("DELETE", kwame_path, fixture->admin, NULL, NULL);
  g_autoptr(JsonObject) admin_audit = newest_audit (fixture->owner, fixture->studios, "member.removed");
  g_autoptr(VdTestResponse) count_after = call ("GET", "/members?limit=1", fixture->owner, NULL, NULL);
  JsonObject *metadata;

  vd_test_assert_status (count, 200, NULL);
  vd_test_assert_status (removed, 200, NULL);
  vd_test_assert_status (shown, 404, "not_found");
  vd_test_assert_status (again, 404, "not_found");

  g_assert_cmpstr (vd_test_jstr (audit, "entity_id"), ==, jonas);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (audit, "actor"), "id"), ==, owner_user);
  metadata = vd_test_jobj (audit, "metadata");
  g_assert_cmpstr (vd_test_jstr (metadata, "email"), ==, "jonas10@acme.test");
  g_assert_cmpstr (vd_test_jstr (metadata, "role"), ==, "member");
  g_assert_false (vd_test_jbool (metadata, "left"));

  /* Admins remove members too */
  vd_test_assert_status (by_admin, 200, NULL);
  g_assert_cmpstr (vd_test_jstr (admin_audit, "entity_id"), ==, kwame);
  g_assert_cmpstr (vd_test_jstr (vd_test_jobj (admin_audit, "actor"), "id"), ==, admin_user);

  vd_test_assert_status (count_after, 200, NULL);
  g_assert_cmpint (vd_test_response_total (count_after), ==, vd_test_response_total (count) - 2);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/vd/server/organizations/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("list", test_list);
  ADD ("create", test_create);
  ADD ("show", test_show);
  ADD ("rename", test_rename);
  ADD ("switch", test_switch);
  ADD ("x-organization-id", test_x_organization_id);
  ADD ("transfer-ownership", test_transfer_ownership);
  ADD ("projects", test_projects);
  ADD ("members-list", test_members_list);
  ADD ("members-show", test_members_show);
  ADD ("members-update-role", test_members_update_role);
  ADD ("members-update-permissions", test_members_update_permissions);
  ADD ("members-last-owner", test_members_last_owner);
  ADD ("members-admin-limits", test_members_admin_limits);
  ADD ("members-leave", test_members_leave);
  ADD ("members-remove", test_members_remove);

#undef ADD

  ret = g_test_run ();

  g_clear_pointer (&shared.tokens, g_hash_table_unref);
  g_clear_pointer (&shared.server, vd_test_server_free);
  g_clear_pointer (&shared.studios, g_free);
  g_clear_pointer (&shared.labs, g_free);
  g_clear_pointer (&shared.northwind, g_free);

  return ret;
}
