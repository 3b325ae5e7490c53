/* test-client.c — VdClient against a real vidinfra-local
 *
 * One vidinfra-local with --demo serves most cases; the cases about the
 * access token running out share a second one whose tokens live two seconds.
 * Every async call is driven by iterating the default main context until its
 * callback ran, with a deadline that fails the test instead of hanging.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "vd-api-error.h"
#include "vd-client.h"
#include "vd-json.h"
#include "vd-test-server.h"

#define DEADLINE_SECONDS 20
#define ACCESS_TTL       2     /* seconds, of the expiring server */

static VdTestServer *server;
static VdTestServer *expiring;   /* started by the first case that needs it */

/*
 * Driving the main context
 */

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until cond holds; fails at the deadline */
#define WAIT_UNTIL(cond) \
  G_STMT_START { \
    gboolean _expired = FALSE; \
    guint _deadline_id = g_timeout_add_seconds (DEADLINE_SECONDS, deadline_cb, &_expired); \
    while (!(cond)) \
      { \
        if (_expired) \
          g_error ("%s:%d: not done after %d s: %s", __FILE__, __LINE__, DEADLINE_SECONDS, #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (_deadline_id); \
  } G_STMT_END

/* Runs the main context until a known point in time (monotonic µs) has passed */
static void
run_until_time (gint64 when)
{
  gint64 now = g_get_monotonic_time ();
  gboolean expired = FALSE;

  if (now >= when)
    return;

  g_timeout_add ((guint) ((when - now) / 1000) + 1, deadline_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  GAsyncResult *result;
  guint         order;    /* 1, 2, 3 … in the order the callbacks ran */
} Pending;

static guint n_completions;

static void
pending_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Pending *pending = user_data;

  g_assert_null (pending->result);
  pending->result = g_object_ref (result);
  pending->order = ++n_completions;
}

static void
pending_clear (Pending *pending)
{
  g_clear_object (&pending->result);
  pending->order = 0;
}

static gboolean
all_done (Pending *pendings,
          guint    n)
{
  for (guint i = 0; i < n; i++)
    if (pendings[i].result == NULL)
      return FALSE;

  return TRUE;
}

/*
 * Calls, one at a time
 */

static JsonNode *
request_flags (VdClient        *client,
               const char      *method,
               const char      *path,
               const char      *body,
               VdRequestFlags   flags,
               GError         **error)
{
  g_autoptr(JsonNode) node = body ? json_from_string (body, NULL) : NULL;
  Pending pending = { 0 };
  JsonNode *root;

  g_assert_true (body == NULL || node != NULL);
  vd_client_request_async (client, method, path, node, flags, NULL, pending_done_cb, &pending);
  WAIT_UNTIL (pending.result != NULL);
  root = vd_client_request_finish (client, pending.result, error);
  pending_clear (&pending);

  /* Exactly one of the two */
  g_assert_true ((root != NULL) != (error != NULL && *error != NULL));
  return root;
}

static JsonNode *
request (VdClient    *client,
         const char  *method,
         const char  *path,
         const char  *body,
         GError     **error)
{
  return request_flags (client, method, path, body, VD_REQUEST_DEFAULT, error);
}

/* A call that must succeed; returns its root */
static JsonNode *
request_ok (VdClient   *client,
            const char *method,
            const char *path,
            const char *body)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = request (client, method, path, body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

/* A call that must fail with this VdApiError code; returns the error */
static GError *
request_fails (VdClient   *client,
               const char *method,
               const char *path,
               const char *body,
               VdApiError  code)
{
  GError *error = NULL;
  g_autoptr(JsonNode) root = request (client, method, path, body, &error);

  g_assert_null (root);
  g_assert_error (error, VD_API_ERROR, (gint) code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  return error;
}

static JsonObject *
sign_in (VdClient    *client,
         const char  *email,
         const char  *password,
         GError     **error)
{
  Pending pending = { 0 };
  JsonObject *user;

  vd_client_sign_in_async (client, email, password, TRUE, NULL, pending_done_cb, &pending);
  WAIT_UNTIL (pending.result != NULL);
  user = vd_client_auth_finish (client, pending.result, error);
  pending_clear (&pending);

  return user;
}

static void
sign_in_owner (VdClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = sign_in (client, VD_TEST_OWNER, VD_TEST_PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_true (vd_client_get_signed_in (client));
}

static JsonObject *
restore (VdClient    *client,
         const char  *refresh_token,
         GError     **error)
{
  Pending pending = { 0 };
  JsonObject *user;

  vd_client_restore_async (client, refresh_token, NULL, pending_done_cb, &pending);
  WAIT_UNTIL (pending.result != NULL);
  user = vd_client_auth_finish (client, pending.result, error);
  pending_clear (&pending);

  return user;
}

static gboolean
sign_out (VdClient  *client,
          GError   **error)
{
  Pending pending = { 0 };
  gboolean ok;

  vd_client_sign_out_async (client, NULL, pending_done_cb, &pending);
  WAIT_UNTIL (pending.result != NULL);
  ok = vd_client_sign_out_finish (client, pending.result, error);
  pending_clear (&pending);

  return ok;
}

/* The envelope's result as an object / array (asserting the type) */
static JsonObject *
result_object (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result = vd_json_envelope_result (root, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (result));
  return json_node_get_object (result);
}

static JsonArray *
result_array (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result = vd_json_envelope_result (root, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (result));
  return json_node_get_array (result);
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  g_autoptr(GError) error = NULL;
  const char *value = NULL;

  g_assert_true (vd_json_get_string (object, member, &value, &error));
  g_assert_no_error (error);
  return value;
}

/* The id of the demo organization, as the owner's client sees it */
static char *
acme_id (VdClient *client)
{
  g_autoptr(JsonNode) root = request_ok (client, "GET", "/organizations", NULL);
  JsonArray *organizations = result_array (root);

  for (guint i = 0; i < json_array_get_length (organizations); i++)
    {
      JsonObject *organization = json_array_get_object_element (organizations, i);

      if (g_strcmp0 (string_member (organization, "name"), "Acme Studios") == 0)
        return g_strdup (string_member (organization, "id"));
    }

  g_error ("The owner does not see Acme Studios");
  return NULL;
}

static VdTestServer *
get_expiring_server (void)
{
  if (expiring == NULL)
    {
      g_autofree char *ttl = g_strdup_printf ("%d", ACCESS_TTL);

      expiring = vd_test_server_start ("--demo", "--access-ttl", ttl, NULL);
    }

  return expiring;
}

/* Runs the main context until an access token issued before `issued` is
 * past its lifetime, with half a second to spare: a known deadline */
static void
run_past_access_ttl (gint64 issued)
{
  run_until_time (issued + ACCESS_TTL * G_USEC_PER_SEC + G_USEC_PER_SEC / 2);
}

/*
 * Watching a client's signals
 */

typedef struct
{
  guint   n_signed_in_notifies;
  guint   n_tokens_changed;
  guint   n_signed_out;
  GError *signed_out_error;
} Watch;

static void
signed_in_notified_cb (GObject    *object,
                       GParamSpec *pspec,
                       gpointer    user_data)
{
  Watch *watch = user_data;

  watch->n_signed_in_notifies++;
}

static void
tokens_changed_cb (VdClient *client,
                   gpointer  user_data)
{
  Watch *watch = user_data;

  watch->n_tokens_changed++;
}

static void
signed_out_cb (VdClient     *client,
               const GError *error,
               gpointer      user_data)
{
  Watch *watch = user_data;

  watch->n_signed_out++;
  g_clear_error (&watch->signed_out_error);
  watch->signed_out_error = error ? g_error_copy (error) : NULL;
}

static void
watch_client (Watch    *watch,
              VdClient *client)
{
  g_signal_connect (client, "notify::signed-in", G_CALLBACK (signed_in_notified_cb), watch);
  g_signal_connect (client, "tokens-changed", G_CALLBACK (tokens_changed_cb), watch);
  g_signal_connect (client, "signed-out", G_CALLBACK (signed_out_cb), watch);
}

static void
watch_reset (Watch *watch)
{
  watch->n_signed_in_notifies = 0;
  watch->n_tokens_changed = 0;
  watch->n_signed_out = 0;
  g_clear_error (&watch->signed_out_error);
}

static void
unwatch_client (Watch    *watch,
                VdClient *client)
{
  g_signal_handlers_disconnect_by_data (client, watch);
  watch_reset (watch);
}

/* Drops the last reference and waits for the client to go away: no call,
 * refresh or idle may keep it alive once its work is done */
static void
release_client (VdClient **client)
{
  g_object_add_weak_pointer (G_OBJECT (*client), (gpointer *) client);
  g_object_unref (*client);
  WAIT_UNTIL (*client == NULL);
}

/*
 * The fixture: one client of the demo server, watched
 */

typedef struct
{
  VdClient *client;
  Watch     watch;
} Fixture;

static VdClient *
new_client (VdTestServer *on)
{
  g_autoptr(GError) error = NULL;
  VdClient *client = vd_client_new (on->base_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (client);
  g_assert_false (vd_client_get_signed_in (client));
  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->client = new_client (data ? (VdTestServer *) data : server);
  watch_client (&fixture->watch, fixture->client);
}

/* The same, on the server whose access tokens live ACCESS_TTL seconds */
static void
expiring_set_up (Fixture       *fixture,
                 gconstpointer  data)
{
  fixture_set_up (fixture, get_expiring_server ());
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  unwatch_client (&fixture->watch, fixture->client);
  release_client (&fixture->client);
}

/*
 * Cases
 */

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = sign_in (fixture->client, VD_TEST_OWNER, VD_TEST_PASSWORD, &error);
  g_autoptr(JsonNode) profile = NULL;
  g_autofree char *refresh = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (string_member (user, "email"), ==, VD_TEST_OWNER);
  g_assert_nonnull (string_member (user, "id"));

  g_assert_true (vd_client_get_signed_in (fixture->client));
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 1);
  g_assert_cmpuint (fixture->watch.n_tokens_changed, ==, 1);
  g_assert_cmpuint (fixture->watch.n_signed_out, ==, 0);
  g_assert_cmpuint (vd_client_get_n_refreshes (fixture->client), ==, 0);

  refresh = vd_client_dup_refresh_token (fixture->client);
  g_assert_nonnull (refresh);
  g_assert_cmpuint (strlen (refresh), >=, 32);

  /* The session works, as this user */
  profile = request_ok (fixture->client, "GET", "/auth/profiles", NULL);
  g_assert_cmpstr (string_member (result_object (profile), "email"), ==, VD_TEST_OWNER);
  g_assert_cmpstr (string_member (result_object (profile), "id"), ==, string_member (user, "id"));

  /* Nothing more to notify */
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 1);
  g_assert_cmpuint (fixture->watch.n_tokens_changed, ==, 1);

  vd_client_free_secret (g_steal_pointer (&refresh));
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = sign_in (fixture->client, VD_TEST_OWNER, "Wrong-password-1", &error);
  g_autoptr(VdTestResponse) raw = NULL;
  const char *server_text;

  g_assert_null (user);
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 401);
  g_assert_cmpstr (vd_api_error_get_code (error), ==, "invalid_credentials");
  g_assert_cmpuint (vd_api_error_get_n_fields (error), ==, 0);
  g_assert_cmpuint (vd_api_error_get_retry_after (error), ==, 0);

  /* A sentence of the app's own (through gettext), chosen by the code … */
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_UNAUTHORIZED, "invalid_credentials"));
  g_assert_cmpstr (error->message, !=, vd_api_error_describe (VD_API_ERROR_UNAUTHORIZED, NULL));

  /* … never the server's English text */
  raw = vd_test_request (server, "POST", "/auth/login", NULL,
                         "{\"email\": \"wrong-password-raw@client.test\", \"password\": \"Wrong-password-1\"}");
  vd_test_assert_status (raw, 401, "invalid_credentials");
  server_text = json_object_get_string_member_with_default (vd_test_response_object (raw), "message", NULL);
  g_assert_nonnull (server_text);
  g_assert_cmpstr (error->message, !=, server_text);
  g_assert_null (strstr (error->message, server_text));

  g_assert_false (vd_client_get_signed_in (fixture->client));
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 0);
  g_assert_cmpuint (fixture->watch.n_tokens_changed, ==, 0);
  g_assert_cmpuint (fixture->watch.n_signed_out, ==, 0);
}

static void
test_not_signed_in (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = request_fails (fixture->client, "GET", "/organizations", NULL,
                                           VD_API_ERROR_UNAUTHORIZED);

  g_assert_cmpuint (vd_api_error_get_status (error), ==, 401);
  /* Nothing to refresh, nobody to sign out */
  g_assert_cmpuint (vd_client_get_n_refreshes (fixture->client), ==, 0);
  g_assert_cmpuint (fixture->watch.n_signed_out, ==, 0);
  g_assert_cmpuint (fixture->watch.n_tokens_changed, ==, 0);
}

static void
organization_notified_cb (GObject    *object,
                          GParamSpec *pspec,
                          gpointer    user_data)
{
  guint *n_notifies = user_data;

  (*n_notifies)++;
}

static void
test_organization_header (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *org_id = NULL;
  g_autoptr(JsonNode) members = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *property = NULL;
  guint n_notifies = 0;
  JsonArray *array;

  sign_in_owner (fixture->client);
  org_id = acme_id (fixture->client);

  g_signal_connect (fixture->client, "notify::organization-id", G_CALLBACK (organization_notified_cb), &n_notifies);
  g_object_set (fixture->client, "organization-id", org_id, NULL);
  g_assert_cmpuint (n_notifies, ==, 1);
  g_object_set (fixture->client, "organization-id", org_id, NULL);
  g_assert_cmpuint (n_notifies, ==, 1);
  g_object_get (fixture->client, "organization-id", &property, NULL);
  g_assert_cmpstr (property, ==, org_id);
  g_assert_cmpstr (vd_client_get_organization_id (fixture->client), ==, org_id);

  members = request_ok (fixture->client, "GET", "/members?limit=100", NULL);
  array = result_array (members);
  g_assert_cmpuint (json_array_get_length (array), >=, 20);
  g_assert_cmpint (vd_json_envelope_total (members), ==, (gint64) json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *member = json_array_get_object_element (array, i);

      g_assert_nonnull (member);
      g_assert_nonnull (string_member (member, "id"));
      g_assert_nonnull (string_member (member, "role"));
    }

  /* The header is what picks the organization: one the caller is not in … */
  vd_client_set_organization_id (fixture->client, "00000000-0000-4000-8000-000000000000");
  g_assert_cmpuint (n_notifies, ==, 2);
  error = request_fails (fixture->client, "GET", "/members", NULL, VD_API_ERROR_NOT_FOUND);
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 404);
  g_clear_error (&error);

  /* … unless the call asks for none */
  {
    g_autoptr(JsonNode) root = request_flags (fixture->client, "GET", "/members?limit=1", NULL,
                                              VD_REQUEST_NO_ORGANIZATION, &error);

    if (root == NULL)
      {
        /* The session may have no current organization; it is not a 404 then */
        g_assert_error (error, VD_API_ERROR, VD_API_ERROR_CONFLICT);
        g_assert_cmpstr (vd_api_error_get_code (error), ==, "no_current_organization");
        g_clear_error (&error);
      }
  }

  g_object_set (fixture->client, "organization-id", NULL, NULL);
  g_assert_cmpuint (n_notifies, ==, 3);
  g_assert_null (vd_client_get_organization_id (fixture->client));
  g_signal_handlers_disconnect_by_func (fixture->client, organization_notified_cb, &n_notifies);
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  sign_in_owner (fixture->client);

  error = request_fails (fixture->client, "POST", "/organizations", "{\"name\": \"\"}", VD_API_ERROR_VALIDATION);
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 422);
  g_assert_cmpstr (vd_api_error_get_code (error), ==, "validation_failed");
  g_assert_cmpuint (vd_api_error_get_n_fields (error), >=, 1);
  for (guint i = 0; i < vd_api_error_get_n_fields (error); i++)
    {
      g_assert_nonnull (vd_api_error_get_field (error, i));
      if (g_strcmp0 (vd_api_error_get_field (error, i), "name") == 0)
        found = TRUE;
    }
  g_assert_true (found);
  g_assert_nonnull (vd_api_error_lookup_field (error, "name"));
  g_assert_cmpstr (vd_api_error_lookup_field (error, "name"), !=, "");
  g_assert_null (vd_api_error_lookup_field (error, "no-such-field"));
  g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_VALIDATION, "validation_failed"));

  /* A copy keeps the extended data */
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_cmpuint (vd_api_error_get_n_fields (copy), ==, vd_api_error_get_n_fields (error));
    g_assert_cmpstr (vd_api_error_lookup_field (copy, "name"), ==, vd_api_error_lookup_field (error, "name"));
    g_assert_cmpstr (vd_api_error_get_code (copy), ==, "validation_failed");
    g_assert_cmpuint (vd_api_error_get_status (copy), ==, 422);
  }
}

static void
test_conflict_last_owner (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *org_id = NULL;
  g_autoptr(JsonNode) owners = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  const char *owner_member_id = NULL;
  JsonArray *array;

  sign_in_owner (fixture->client);
  org_id = acme_id (fixture->client);
  vd_client_set_organization_id (fixture->client, org_id);

  owners = request_ok (fixture->client, "GET", "/members?limit=100&filter%5Brole%5D%5Beq%5D=owner", NULL);
  array = result_array (owners);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *member = json_array_get_object_element (array, i);

      g_assert_cmpstr (string_member (member, "role"), ==, "owner");
      if (g_strcmp0 (string_member (member, "email"), VD_TEST_OWNER) == 0)
        owner_member_id = string_member (member, "id");
    }
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_nonnull (owner_member_id);

  escaped = vd_client_escape (owner_member_id);
  path = g_strdup_printf ("/members/%s", escaped);
  error = request_fails (fixture->client, "PUT", path, "{\"role\": \"admin\"}", VD_API_ERROR_CONFLICT);
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 409);
  g_assert_cmpstr (vd_api_error_get_code (error), ==, "last_owner");
  g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_CONFLICT, "last_owner"));
  g_assert_cmpstr (error->message, !=, vd_api_error_describe (VD_API_ERROR_CONFLICT, NULL));

  /* Nothing changed */
  {
    g_autoptr(JsonNode) member = request_ok (fixture->client, "GET", path, NULL);

    g_assert_cmpstr (string_member (result_object (member), "role"), ==, "owner");
  }
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *org_id = NULL;
  static const char * const paths[] = {
    "/members/00000000-0000-4000-8000-000000000000",
    "/projects/no-such-project",
    "/organizations/no-such-organization",
  };

  sign_in_owner (fixture->client);
  org_id = acme_id (fixture->client);
  vd_client_set_organization_id (fixture->client, org_id);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = request_fails (fixture->client, "GET", paths[i], NULL, VD_API_ERROR_NOT_FOUND);

      g_assert_cmpuint (vd_api_error_get_status (error), ==, 404);
      g_assert_cmpstr (vd_api_error_get_code (error), ==, "not_found");
    }
}

static void
test_forbidden_unverified (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = NULL;
  Pending pending = { 0 };

  vd_client_register_async (fixture->client, "Regina", "Client", "register@client.test", VD_TEST_PASSWORD,
                            FALSE, NULL, pending_done_cb, &pending);
  WAIT_UNTIL (pending.result != NULL);
  user = vd_client_auth_finish (fixture->client, pending.result, &error);
  pending_clear (&pending);

  g_assert_no_error (error);
  g_assert_cmpstr (string_member (user, "email"), ==, "register@client.test");
  g_assert_true (vd_client_get_signed_in (fixture->client));
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 1);

  /* Signed in, but not verified yet */
  error = request_fails (fixture->client, "GET", "/organizations", NULL, VD_API_ERROR_FORBIDDEN);
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 403);
  g_assert_cmpstr (vd_api_error_get_code (error), ==, "email_not_verified");
  g_assert_cmpuint (vd_client_get_n_refreshes (fixture->client), ==, 0);
  g_assert_true (vd_client_get_signed_in (fixture->client));
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *email = "rate-limited@client.test";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GError) attempt = NULL;
      g_autoptr(JsonObject) nobody = sign_in (fixture->client, email, "Wrong-password-1", &attempt);

      g_assert_null (nobody);
      g_assert_error (attempt, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED);
      g_assert_cmpuint (vd_api_error_get_retry_after (attempt), ==, 0);
    }

  user = sign_in (fixture->client, email, "Wrong-password-1", &error);
  g_assert_null (user);
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_RATE_LIMITED);
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 429);
  g_assert_cmpstr (vd_api_error_get_code (error), ==, "rate_limited");
  g_assert_cmpuint (vd_api_error_get_retry_after (error), >, 0);
  g_assert_cmpuint (vd_api_error_get_retry_after (error), <=, 15 * 60);
  g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_RATE_LIMITED, "rate_limited"));

  g_assert_false (vd_client_get_signed_in (fixture->client));
  g_assert_cmpuint (fixture->watch.n_tokens_changed, ==, 0);
}

static void
test_token_expiry_refresh (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char * const paths[] = {
    "/auth/profiles", "/organizations", "/members?limit=5", "/projects",
    "/members/invitations", "/audits?limit=5", "/auth/sessions", "/members/invitations/received",
  };
  Pending pendings[G_N_ELEMENTS (paths)] = { { 0 } };
  g_autofree char *org_id = NULL;
  g_autofree char *old_refresh = NULL;
  g_autofree char *new_refresh = NULL;
  gint64 issued;

  issued = g_get_monotonic_time ();
  sign_in_owner (fixture->client);
  org_id = acme_id (fixture->client);
  vd_client_set_organization_id (fixture->client, org_id);
  old_refresh = vd_client_dup_refresh_token (fixture->client);
  watch_reset (&fixture->watch);

  run_past_access_ttl (issued);

  /* Eight calls at once, all with the expired token */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    vd_client_request_async (fixture->client, "GET", paths[i], NULL, VD_REQUEST_DEFAULT, NULL,
                             pending_done_cb, &pendings[i]);
  WAIT_UNTIL (all_done (pendings, G_N_ELEMENTS (pendings)));

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = vd_client_request_finish (fixture->client, pendings[i].result, &error);

      if (error != NULL)
        g_error ("GET %s after the refresh: %s (status %u, code %s)", paths[i], error->message,
                 vd_api_error_get_status (error), vd_api_error_get_code (error));
      g_assert_nonnull (vd_json_envelope_result (root, NULL));
      pending_clear (&pendings[i]);
    }

  /* One refresh for all of them */
  g_assert_cmpuint (vd_client_get_n_refreshes (fixture->client), ==, 1);
  g_assert_cmpuint (fixture->watch.n_tokens_changed, ==, 1);
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 0);
  g_assert_cmpuint (fixture->watch.n_signed_out, ==, 0);
  g_assert_true (vd_client_get_signed_in (fixture->client));

  /* The refresh token rotated, and the old one is gone */
  new_refresh = vd_client_dup_refresh_token (fixture->client);
  g_assert_nonnull (new_refresh);
  g_assert_cmpstr (new_refresh, !=, old_refresh);

  /* The new access token is good for a while: no second refresh */
  {
    g_autoptr(JsonNode) root = request_ok (fixture->client, "GET", "/auth/profiles", NULL);

    g_assert_cmpuint (vd_client_get_n_refreshes (fixture->client), ==, 1);
  }

  vd_client_free_secret (g_steal_pointer (&old_refresh));
  vd_client_free_secret (g_steal_pointer (&new_refresh));
}

static void
test_refresh_refused_signs_out (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(VdClient) thief = new_client (get_expiring_server ());
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stolen = NULL;
  g_autofree char *thief_refresh = NULL;
  Pending pendings[3] = { { 0 } };
  gint64 issued;

  issued = g_get_monotonic_time ();
  sign_in_owner (fixture->client);
  watch_reset (&fixture->watch);

  /* Another client uses the refresh token first, which rotates it */
  stolen = vd_client_dup_refresh_token (fixture->client);
  user = restore (thief, stolen, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (string_member (user, "email"), ==, VD_TEST_OWNER);
  g_assert_true (vd_client_get_signed_in (thief));
  thief_refresh = vd_client_dup_refresh_token (thief);

  run_past_access_ttl (issued);

  /* The first client's token ran out; its refresh token was used already:
   * the server sees the reuse and ends the session */
  vd_client_request_async (fixture->client, "GET", "/auth/profiles", NULL, 0, NULL, pending_done_cb, &pendings[0]);
  vd_client_request_async (fixture->client, "GET", "/organizations", NULL, 0, NULL, pending_done_cb, &pendings[1]);
  vd_client_request_async (fixture->client, "GET", "/auth/sessions", NULL, 0, NULL, pending_done_cb, &pendings[2]);
  WAIT_UNTIL (all_done (pendings, G_N_ELEMENTS (pendings)));

  for (guint i = 0; i < G_N_ELEMENTS (pendings); i++)
    {
      g_autoptr(GError) call_error = NULL;
      g_autoptr(JsonNode) root = vd_client_request_finish (fixture->client, pendings[i].result, &call_error);

      g_assert_null (root);
      g_assert_error (call_error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED);
      pending_clear (&pendings[i]);
    }

  g_assert_cmpuint (fixture->watch.n_signed_out, ==, 1);
  g_assert_error (fixture->watch.signed_out_error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED);
  g_assert_false (vd_client_get_signed_in (fixture->client));
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 1);
  g_assert_null (vd_client_dup_refresh_token (fixture->client));
  g_assert_cmpuint (vd_client_get_n_refreshes (fixture->client), ==, 0);

  /* Signed out stays signed out: no more refreshes, no second signal */
  error = request_fails (fixture->client, "GET", "/auth/profiles", NULL, VD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (fixture->watch.n_signed_out, ==, 1);
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 1);

  /* The whole session is over, the other copy of it too */
  {
    g_autofree char *body = vd_test_json ("{\"refresh_token\": \"%s\"}", thief_refresh);
    g_autoptr(VdTestResponse) response = vd_test_request (get_expiring_server (), "POST",
                                                          "/auth/refresh-auth-token", NULL, body);

    vd_test_assert_status (response, 401, "invalid_token");
  }

  vd_client_free_secret (g_steal_pointer (&stolen));
  vd_client_free_secret (g_steal_pointer (&thief_refresh));
  release_client (&thief);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  sign_in_owner (fixture->client);

  /* Cancelled right after it started */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = NULL;
    Pending pending = { 0 };

    vd_client_request_async (fixture->client, "GET", "/auth/profiles", NULL, 0, cancellable,
                             pending_done_cb, &pending);
    g_cancellable_cancel (cancellable);
    WAIT_UNTIL (pending.result != NULL);
    root = vd_client_request_finish (fixture->client, pending.result, &error);
    g_assert_null (root);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    pending_clear (&pending);
  }

  /* Cancelled before it started */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = NULL;
    Pending pending = { 0 };

    g_cancellable_cancel (cancellable);
    vd_client_request_async (fixture->client, "GET", "/auth/profiles", NULL, 0, cancellable,
                             pending_done_cb, &pending);
    WAIT_UNTIL (pending.result != NULL);
    root = vd_client_request_finish (fixture->client, pending.result, &error);
    g_assert_null (root);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    pending_clear (&pending);
  }

  /* The slots are free again: a call after them goes through */
  {
    g_autoptr(JsonNode) root = request_ok (fixture->client, "GET", "/auth/profiles", NULL);

    g_assert_cmpstr (string_member (result_object (root), "email"), ==, VD_TEST_OWNER);
  }
}

static void
test_cancel_queued (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) sign_in_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) user = NULL;
  Pending on_wire = { 0 };
  Pending queued = { 0 };

  g_object_set (fixture->client, "max-concurrent", 1, NULL);

  /* A sign-in (the server hashes the password: it takes a while) holds the
   * only slot; a call waits behind it and is cancelled there */
  vd_client_sign_in_async (fixture->client, VD_TEST_OWNER, VD_TEST_PASSWORD, TRUE, NULL,
                           pending_done_cb, &on_wire);
  vd_client_request_async (fixture->client, "GET", "/health", NULL, VD_REQUEST_NO_AUTH, cancellable,
                           pending_done_cb, &queued);
  g_cancellable_cancel (cancellable);

  WAIT_UNTIL (queued.result != NULL);
  g_assert_null (on_wire.result);
  root = vd_client_request_finish (fixture->client, queued.result, &error);
  g_assert_null (root);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The one on the wire is not disturbed */
  WAIT_UNTIL (on_wire.result != NULL);
  g_assert_cmpuint (queued.order, <, on_wire.order);
  user = vd_client_auth_finish (fixture->client, on_wire.result, &sign_in_error);
  g_assert_no_error (sign_in_error);
  g_assert_nonnull (user);

  /* And the one slot is free again */
  {
    g_autoptr(JsonNode) profile = request_ok (fixture->client, "GET", "/auth/profiles", NULL);
  }

  pending_clear (&on_wire);
  pending_clear (&queued);
}

static void
test_concurrency (Fixture       *fixture,
                  gconstpointer  data)
{
  Pending pendings[10] = { { 0 } };
  g_autofree char *org_id = NULL;
  guint max_concurrent = 0;

  g_object_set (fixture->client, "max-concurrent", 2, NULL);
  g_object_get (fixture->client, "max-concurrent", &max_concurrent, NULL);
  g_assert_cmpuint (max_concurrent, ==, 2);

  sign_in_owner (fixture->client);
  org_id = acme_id (fixture->client);
  vd_client_set_organization_id (fixture->client, org_id);

  for (guint i = 0; i < G_N_ELEMENTS (pendings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/members?limit=2&page=%u", i + 1);

      vd_client_request_async (fixture->client, "GET", path, NULL, 0, NULL, pending_done_cb, &pendings[i]);
    }
  WAIT_UNTIL (all_done (pendings, G_N_ELEMENTS (pendings)));

  for (guint i = 0; i < G_N_ELEMENTS (pendings); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = vd_client_request_finish (fixture->client, pendings[i].result, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (result_array (root)), <=, 2);
      g_assert_cmpint (vd_json_envelope_total (root), >=, 20);
      pending_clear (&pendings[i]);
    }
}

static void
test_url_check (void)
{
  static const char * const refused[] = {
    "http://example.com/v1",
    "http://127.0.0.1.example.com/v1",
    "http://localhost.example.com/v1",
    "http://10.0.0.1/v1",
    "ftp://127.0.0.1/v1",
    "file:///etc/passwd",
    "not a url",
    "https:///v1",
    "",
  };
  static const char * const accepted[] = {
    "http://127.0.0.1:1/v1",
    "https://x.test/v1",
    "http://localhost:8080/v1",
    "http://[::1]:8080/v1",
    "http://127.0.0.2/v1",
    "https://api.vidinfra.com/v1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VdClient) client = vd_client_new (refused[i], &error);

      if (client != NULL)
        g_error ("vd_client_new accepted “%s”", refused[i]);
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
      g_assert_false (vd_client_check_url (refused[i], &error));
      g_assert_nonnull (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VdClient) client = vd_client_new (accepted[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (client);
      g_assert_cmpstr (vd_client_get_base_url (client), ==, accepted[i]);
      g_assert_true (vd_client_check_url (accepted[i], NULL));
    }

  /* The default, and a trailing slash that would double up */
  {
    g_autoptr(VdClient) client = vd_client_new (NULL, NULL);
    g_autoptr(VdClient) slashed = vd_client_new ("https://x.test/v1/", NULL);

    g_assert_cmpstr (vd_client_get_base_url (client), ==, "https://api.vidinfra.com/v1");
    g_assert_cmpstr (vd_client_get_base_url (slashed), ==, "https://x.test/v1");
  }
}

static void
test_sign_out (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *access = vd_test_login (server, VD_TEST_OWNER, VD_TEST_PASSWORD, &refresh);
  g_autoptr(GError) error = NULL;

  /* The client takes over a session made elsewhere */
  vd_client_set_tokens (fixture->client, access, refresh);
  g_assert_true (vd_client_get_signed_in (fixture->client));
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 1);
  {
    g_autoptr(JsonNode) root = request_ok (fixture->client, "GET", "/auth/profiles", NULL);
  }

  watch_reset (&fixture->watch);
  g_assert_true (sign_out (fixture->client, &error));
  g_assert_no_error (error);

  /* The tokens are gone here … */
  g_assert_false (vd_client_get_signed_in (fixture->client));
  g_assert_null (vd_client_dup_refresh_token (fixture->client));
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 1);
  g_assert_cmpuint (fixture->watch.n_tokens_changed, ==, 1);
  g_assert_cmpuint (fixture->watch.n_signed_out, ==, 0);

  /* … and dead on the server */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (server, "GET", "/auth/profiles", access, NULL);

    vd_test_assert_status (response, 401, NULL);
  }
  {
    g_autofree char *body = vd_test_json ("{\"refresh_token\": \"%s\"}", refresh);
    g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/refresh-auth-token", NULL, body);

    vd_test_assert_status (response, 401, "invalid_token");
  }

  /* Signing out again is fine and changes nothing */
  watch_reset (&fixture->watch);
  g_assert_true (sign_out (fixture->client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->watch.n_signed_in_notifies, ==, 0);
  g_assert_cmpuint (fixture->watch.n_tokens_changed, ==, 0);
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(VdClient) later = new_client (server);
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *rotated = NULL;
  Watch watch = { 0 };

  sign_in_owner (fixture->client);
  stored = vd_client_dup_refresh_token (fixture->client);

  /* As the app does on its next start, with the token from the keyring */
  watch_client (&watch, later);
  user = restore (later, stored, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (string_member (user, "email"), ==, VD_TEST_OWNER);
  g_assert_true (vd_client_get_signed_in (later));
  g_assert_cmpuint (watch.n_signed_in_notifies, ==, 1);
  g_assert_cmpuint (watch.n_tokens_changed, ==, 1);

  rotated = vd_client_dup_refresh_token (later);
  g_assert_nonnull (rotated);
  g_assert_cmpstr (rotated, !=, stored);

  {
    g_autoptr(JsonNode) root = request_ok (later, "GET", "/auth/profiles", NULL);

    g_assert_cmpstr (string_member (result_object (root), "email"), ==, VD_TEST_OWNER);
  }

  /* A token that is not one gives no session */
  {
    g_autoptr(VdClient) other = new_client (server);
    g_autoptr(JsonObject) nobody = restore (other, "not-a-refresh-token", &error);

    g_assert_null (nobody);
    g_assert_error (error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED);
    g_assert_cmpstr (vd_api_error_get_code (error), ==, "invalid_token");
    g_assert_false (vd_client_get_signed_in (other));
    g_clear_error (&error);
    release_client (&other);
  }

  vd_client_free_secret (g_steal_pointer (&stored));
  vd_client_free_secret (g_steal_pointer (&rotated));
  unwatch_client (&watch, later);
  release_client (&later);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/vd/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_EXPIRING(path, func) \
  g_test_add ("/vd/client/" path, Fixture, NULL, expiring_set_up, func, fixture_tear_down)

  ADD ("sign-in", test_sign_in);
  ADD ("wrong-password", test_wrong_password);
  ADD ("not-signed-in", test_not_signed_in);
  ADD ("organization-header", test_organization_header);
  ADD ("validation", test_validation);
  ADD ("conflict-last-owner", test_conflict_last_owner);
  ADD ("not-found", test_not_found);
  ADD ("forbidden-unverified", test_forbidden_unverified);
  ADD ("rate-limited", test_rate_limited);
  ADD_EXPIRING ("token-expiry-refresh", test_token_expiry_refresh);
  ADD_EXPIRING ("refresh-refused-signs-out", test_refresh_refused_signs_out);
  ADD ("cancel", test_cancel);
  ADD ("cancel-queued", test_cancel_queued);
  ADD ("concurrency", test_concurrency);
  g_test_add_func ("/vd/client/url-check", test_url_check);
  ADD ("sign-out", test_sign_out);
  ADD ("restore", test_restore);

#undef ADD
#undef ADD_EXPIRING

  server = vd_test_server_start ("--demo", NULL);
  status = g_test_run ();
  g_clear_pointer (&expiring, vd_test_server_free);
  g_clear_pointer (&server, vd_test_server_free);

  return status;
}
