/* test-hostile.c — VdClient against a server that misbehaves
 *
 * An in-test SoupServer on loopback answers canned bodies that a real server
 * must never send: truncated or non-UTF-8 JSON, wrong types, huge bodies,
 * HTML error pages, no answer at all. Every call must end in a VD_API_ERROR
 * of the right code (or a JSON root), never a crash, a hang or a leak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vd-client.h"
#include "vd-json.h"

typedef struct
{
  guint       status;
  const char *content_type;
  GBytes     *body;
  gboolean    never_answer;
  const char *location;    /* for redirects */
  guint       hits;
  guint       fail_first;  /* answer 502 this many times first */
} Canned;

static SoupServer *server;
static char       *base_url;
static GHashTable *canned;     /* path → Canned */
static GPtrArray  *paused;     /* messages never answered */

static void
canned_free (Canned *c)
{
  g_clear_pointer (&c->body, g_bytes_unref);
  g_free (c);
}

static Canned *
add_canned (const char *path,
            guint       status,
            const char *content_type,
            const char *body,
            gssize      length)
{
  Canned *c = g_new0 (Canned, 1);

  c->status = status;
  c->content_type = content_type;
  c->body = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);
  g_hash_table_replace (canned, g_strdup (path), c);
  return c;
}

static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Canned *c = g_hash_table_lookup (canned, path);

  if (c == NULL)
    {
      soup_server_message_set_status (msg, 599, NULL);
      return;
    }

  c->hits++;

  if (c->never_answer)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (paused, g_object_ref (msg));
      return;
    }

  if (c->fail_first > 0)
    {
      c->fail_first--;
      soup_server_message_set_status (msg, 502, NULL);
      return;
    }

  if (c->location != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", c->location);
  if (c->status == 429)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "abc");

  soup_server_message_set_status (msg, c->status, NULL);
  if (c->body != NULL && g_bytes_get_size (c->body) > 0)
    soup_server_message_set_response (msg, c->content_type, SOUP_MEMORY_COPY,
                                      g_bytes_get_data (c->body, NULL), g_bytes_get_size (c->body));
}

/* One call, waited for with a deadline */

typedef struct
{
  gboolean  done;
  JsonNode *root;
  GError   *error;
} Outcome;

static gboolean
deadline_cb (gpointer user_data)
{
  g_error ("A call did not complete in time");
  return G_SOURCE_REMOVE;
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->root = vd_client_request_finish (VD_CLIENT (object), result, &outcome->error);
  outcome->done = TRUE;
}

static Outcome
call (VdClient   *client,
      const char *method,
      const char *path)
{
  Outcome outcome = { 0 };
  guint deadline = g_timeout_add_seconds (30, deadline_cb, NULL);

  vd_client_request_async (client, method, path, NULL, VD_REQUEST_DEFAULT, NULL, request_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);

  /* Exactly one of the two */
  g_assert_true ((outcome.root == NULL) != (outcome.error == NULL));
  return outcome;
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->root, json_node_unref);
  g_clear_error (&outcome->error);
}

static VdClient *
new_client (void)
{
  g_autoptr(GError) error = NULL;
  VdClient *client = vd_client_new (base_url, &error);

  g_assert_no_error (error);
  vd_client_set_tokens (client, "vda_test", NULL);
  return client;
}

static void
assert_fails (const char *path,
              const char *method,
              VdApiError  code)
{
  g_autoptr(VdClient) client = new_client ();
  Outcome outcome = call (client, method, path);

  g_assert_error (outcome.error, VD_API_ERROR, (int) code);
  /* A sentence for people, not the server's body */
  g_assert_cmpstr (outcome.error->message, !=, "");
  outcome_clear (&outcome);
}

static void
test_truncated_json (void)
{
  add_canned ("/truncated", 200, "application/json", "{\"success\": true, \"result\": [{\"id\": \"a", -1);
  assert_fails ("/truncated", "GET", VD_API_ERROR_PROTOCOL);
}

static void
test_not_utf8 (void)
{
  add_canned ("/latin1", 200, "application/json", "{\"name\": \"Caf\xe9\"}", -1);
  assert_fails ("/latin1", "GET", VD_API_ERROR_PROTOCOL);
}

static void
test_deep_nesting (void)
{
  g_autofree char *deep = g_malloc (200001);

  memset (deep, '[', 200000);
  deep[200000] = '\0';
  add_canned ("/deep", 200, "application/json", deep, -1);
  assert_fails ("/deep", "GET", VD_API_ERROR_PROTOCOL);
}

static void
test_wrong_types (void)
{
  g_autoptr(VdClient) client = new_client ();
  Outcome outcome;
  JsonObject *result;
  const char *text;
  gint64 number;
  g_autoptr(GError) error = NULL;

  add_canned ("/types", 200, "application/json",
              "{\"data\": {\"id\": 42, \"name\": [\"x\"], \"member_count\": \"12\", \"created_at\": \"yesterday\"}}", -1);
  outcome = call (client, "GET", "/types");
  g_assert_no_error (outcome.error);

  /* "data" stands for "result"; every wrong type is a protocol error */
  result = json_node_get_object (vd_json_envelope_result (outcome.root, &error));
  g_assert_no_error (error);
  g_assert_false (vd_json_get_string (result, "id", &text, &error));
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (vd_json_get_string (result, "name", &text, &error));
  g_clear_error (&error);
  g_assert_false (vd_json_get_int (result, "member_count", &number, &error));
  g_clear_error (&error);
  {
    GDateTime *time = NULL;

    g_assert_false (vd_json_get_time (result, "created_at", &time, &error));
    g_assert_null (time);
    g_clear_error (&error);
  }
  /* A missing meta is no total, not an error */
  g_assert_cmpint (vd_json_envelope_total (outcome.root), ==, -1);
  outcome_clear (&outcome);
}

static void
test_huge_string (void)
{
  g_autoptr(VdClient) client = new_client ();
  g_autoptr(GString) body = g_string_new ("{\"result\": {\"name\": \"");
  Outcome outcome;

  for (guint i = 0; i < 5 * 1024 * 1024; i++)
    g_string_append_c (body, 'x');
  g_string_append (body, "\"}}");
  add_canned ("/huge-string", 200, "application/json", body->str, body->len);

  outcome = call (client, "GET", "/huge-string");
  g_assert_no_error (outcome.error);
  outcome_clear (&outcome);
}

static void
test_too_large (void)
{
  g_autoptr(GString) body = g_string_new ("[");

  while (body->len < 20 * 1024 * 1024)
    g_string_append (body, "\"0123456789abcdef0123456789abcdef\",");
  g_string_append (body, "0]");
  add_canned ("/too-large", 200, "application/json", body->str, body->len);
  assert_fails ("/too-large", "GET", VD_API_ERROR_PROTOCOL);
}

static void
test_html_500 (void)
{
  Canned *c = add_canned ("/html", 500, "text/html",
                          "<html><body><h1>Internal Server Error</h1></body></html>", -1);
  g_autoptr(VdClient) client = new_client ();
  Outcome outcome;

  g_object_set (client, "max-retries", 2, NULL);

  /* A GET is tried again… */
  outcome = call (client, "GET", "/html");
  g_assert_error (outcome.error, VD_API_ERROR, VD_API_ERROR_SERVER);
  g_assert_cmpuint (vd_api_error_get_status (outcome.error), ==, 500);
  g_assert_null (vd_api_error_get_code (outcome.error));
  g_assert_cmpuint (c->hits, ==, 3);
  outcome_clear (&outcome);

  /* …a mutation never on its own */
  c->hits = 0;
  outcome = call (client, "POST", "/html");
  g_assert_error (outcome.error, VD_API_ERROR, VD_API_ERROR_SERVER);
  g_assert_cmpuint (c->hits, ==, 1);
  outcome_clear (&outcome);
}

static void
test_retry_then_success (void)
{
  Canned *c = add_canned ("/flaky", 200, "application/json", "{\"result\": {}}", -1);
  g_autoptr(VdClient) client = new_client ();
  Outcome outcome;

  c->fail_first = 1;
  outcome = call (client, "GET", "/flaky");
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (c->hits, ==, 2);
  outcome_clear (&outcome);
}

static void
test_plain_text_404 (void)
{
  g_autoptr(VdClient) client = new_client ();
  Outcome outcome;

  add_canned ("/plain", 404, "text/plain", "Not Found", -1);
  outcome = call (client, "GET", "/plain");
  g_assert_error (outcome.error, VD_API_ERROR, VD_API_ERROR_NOT_FOUND);
  g_assert_null (vd_api_error_get_code (outcome.error));
  g_assert_cmpstr (outcome.error->message, !=, "Not Found");
  outcome_clear (&outcome);
}

static void
test_odd_error_bodies (void)
{
  g_autoptr(VdClient) client = new_client ();
  Outcome outcome;

  add_canned ("/conflict", 409, "application/json", "{\"success\": false, \"code\": 12}", -1);
  outcome = call (client, "POST", "/conflict");
  g_assert_error (outcome.error, VD_API_ERROR, VD_API_ERROR_CONFLICT);
  g_assert_null (vd_api_error_get_code (outcome.error));
  outcome_clear (&outcome);

  add_canned ("/invalid", 422, "application/json",
              "{\"success\": false, \"code\": \"validation_failed\", \"errors\": \"email\"}", -1);
  outcome = call (client, "POST", "/invalid");
  g_assert_error (outcome.error, VD_API_ERROR, VD_API_ERROR_VALIDATION);
  g_assert_cmpuint (vd_api_error_get_n_fields (outcome.error), ==, 0);
  outcome_clear (&outcome);

  add_canned ("/limited", 429, "application/json", "{\"code\": \"rate_limited\"}", -1);
  outcome = call (client, "POST", "/limited");
  g_assert_error (outcome.error, VD_API_ERROR, VD_API_ERROR_RATE_LIMITED);
  g_assert_cmpuint (vd_api_error_get_retry_after (outcome.error), ==, 0);
  outcome_clear (&outcome);
}

static void
test_empty_204 (void)
{
  g_autoptr(VdClient) client = new_client ();
  Outcome outcome;

  add_canned ("/empty", 204, "application/json", "", 0);
  outcome = call (client, "DELETE", "/empty");
  g_assert_no_error (outcome.error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (outcome.root));
  outcome_clear (&outcome);
}

static void
test_never_answers (void)
{
  Canned *c = add_canned ("/silent", 200, "application/json", "{}", -1);
  g_autoptr(VdClient) client = new_client ();
  gint64 start = g_get_monotonic_time ();
  Outcome outcome;

  c->never_answer = TRUE;
  g_object_set (client, "timeout", 1, "max-retries", 0, NULL);
  outcome = call (client, "GET", "/silent");
  g_assert_error (outcome.error, VD_API_ERROR, VD_API_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  outcome_clear (&outcome);
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(VdClient) client = NULL;
  g_autofree char *url = NULL;
  Outcome outcome;

  /* A port that was free a moment ago and that nobody listens on */
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = vd_client_new (url, &error);
  g_object_set (client, "max-retries", 0, NULL);

  outcome = call (client, "GET", "/anything");
  g_assert_error (outcome.error, VD_API_ERROR, VD_API_ERROR_NETWORK);
  outcome_clear (&outcome);
}

static void
test_redirect_not_followed (void)
{
  Canned *target = add_canned ("/elsewhere", 200, "application/json", "{\"result\": {}}", -1);
  Canned *c = add_canned ("/moved", 302, "text/plain", "", 0);
  g_autoptr(VdClient) client = new_client ();
  Outcome outcome;

  c->location = "/elsewhere";
  outcome = call (client, "GET", "/moved");
  g_assert_nonnull (outcome.error);
  g_assert_cmpuint (target->hits, ==, 0);
  outcome_clear (&outcome);
}

static void
test_fuzz (void)
{
  static const char * const fragments[] = {
    "{", "}", "[", "]", "\"", ":", ",", "null", "true", "12", "-1e999", "\"result\"", "\"data\"",
    "\"meta\"", "{\"pagination\":{\"total\":", "\\u0000", "\xff", "\xc3\x28", "\"code\"", "\"errors\"",
  };
  g_autoptr(GRand) rand = NULL;
  g_autoptr(VdClient) client = new_client ();
  guint32 seed = g_test_rand_int ();

  g_test_message ("fuzz seed %u", seed);
  rand = g_rand_new_with_seed (seed);
  g_object_set (client, "max-retries", 0, NULL);

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 40);
      guint status = g_rand_int_range (rand, 200, 600);
      Outcome outcome;

      for (guint j = 0; j < n; j++)
        g_string_append (body, fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (fragments))]);

      /* 1xx, 3xx and unusual codes are answered as they are */
      add_canned ("/fuzz", status, "application/json", body->str, body->len);
      outcome = call (client, g_rand_boolean (rand) ? "GET" : "POST", "/fuzz");
      if (outcome.error != NULL)
        g_assert_true (outcome.error->domain == VD_API_ERROR);
      outcome_clear (&outcome);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  canned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) canned_free);
  paused = g_ptr_array_new_with_free_func (g_object_unref);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handler_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_test_add_func ("/vd/client/hostile/truncated-json", test_truncated_json);
  g_test_add_func ("/vd/client/hostile/not-utf8", test_not_utf8);
  g_test_add_func ("/vd/client/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/vd/client/hostile/wrong-types", test_wrong_types);
  g_test_add_func ("/vd/client/hostile/huge-string", test_huge_string);
  g_test_add_func ("/vd/client/hostile/too-large", test_too_large);
  g_test_add_func ("/vd/client/hostile/html-500", test_html_500);
  g_test_add_func ("/vd/client/hostile/retry-then-success", test_retry_then_success);
  g_test_add_func ("/vd/client/hostile/plain-text-404", test_plain_text_404);
  g_test_add_func ("/vd/client/hostile/odd-error-bodies", test_odd_error_bodies);
  g_test_add_func ("/vd/client/hostile/empty-204", test_empty_204);
  g_test_add_func ("/vd/client/hostile/never-answers", test_never_answers);
  g_test_add_func ("/vd/client/hostile/refused", test_refused);
  g_test_add_func ("/vd/client/hostile/redirect-not-followed", test_redirect_not_followed);
  g_test_add_func ("/vd/client/hostile/fuzz", test_fuzz);

  status = g_test_run ();

  for (guint i = 0; i < paused->len; i++)
    soup_server_message_unpause (paused->pdata[i]);
  g_clear_pointer (&paused, g_ptr_array_unref);
  soup_server_disconnect (server);
  g_clear_object (&server);
  g_clear_pointer (&canned, g_hash_table_unref);
  g_free (base_url);

  return status;
}
