/* test-client-hostile.c — VdClient against answers a real server must never send
 *
 * Each case runs an in-test SoupServer on 127.0.0.1, port 0, whose handler
 * answers canned bodies per path (and counts the hits), or holds a request
 * until the case lets it go. Everything else about VdClient is tested against
 * a real vidinfra-local in test-client.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "vd-api-error.h"
#include "vd-client.h"
#include "vd-json.h"

#define DEADLINE_SECONDS 20
#define MiB              (1024 * 1024)

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

typedef struct
{
  GAsyncResult *result;
  guint         order;
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

/* Exactly one of root and error, and an error is always a VdApiError (or a
 * cancellation when the call was cancelled) with a sentence to show */
static JsonNode *
finish_call (VdClient      *client,
             GAsyncResult  *result,
             gboolean       may_be_cancelled,
             GError       **error)
{
  GError *local = NULL;
  JsonNode *root = vd_client_request_finish (client, result, &local);

  g_assert_true ((root == NULL) != (local == NULL));
  if (local != NULL)
    {
      if (!(may_be_cancelled && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
        {
          if (local->domain != VD_API_ERROR)
            g_error ("Not a VdApiError: %s %d: %s", g_quark_to_string (local->domain), local->code, local->message);
          g_assert_cmpint (local->code, >=, VD_API_ERROR_NETWORK);
          g_assert_cmpint (local->code, <=, VD_API_ERROR_BAD_REQUEST);
        }
      g_assert_nonnull (local->message);
      g_assert_cmpstr (local->message, !=, "");
      g_propagate_error (error, local);
    }

  return root;
}

/*
 * The hostile server
 */

typedef struct
{
  guint       status;
  const char *content_type;   /* static */
  GBytes     *body;
  char       *location;
  char       *retry_after;
  char       *bearer;         /* answer 401 unless Authorization is "Bearer <this>" */
  gboolean    hold;           /* never answer, until the case releases it */
  gboolean    endless;        /* a chunked body that does not end (until 256 MiB) */
} Canned;

typedef struct
{
  SoupServer *server;
  guint       port;
  char       *base_url;
  GHashTable *answers;        /* path → GPtrArray of Canned: in turn, the last one repeats */
  GHashTable *hits;           /* path → count */
  GHashTable *bodies;         /* path → GBytes: the last request body */
  GHashTable *authorizations; /* path → the last Authorization header */
  GPtrArray  *held;           /* SoupServerMessage: held requests, oldest first */
  guint       max_held;
  guint       unknown_paths;
  gsize       endless_written;
  VdClient   *client;
} Fixture;

static void
canned_free (Canned *canned)
{
  g_clear_pointer (&canned->body, g_bytes_unref);
  g_free (canned->location);
  g_free (canned->retry_after);
  g_free (canned->bearer);
  g_free (canned);
}

/* Adds the next answer for path (below /v1); body may be NULL, length -1 for strlen */
static Canned *
answer (Fixture    *fixture,
        const char *path,
        guint       status,
        const char *content_type,
        const char *body,
        gssize      length)
{
  GPtrArray *answers = g_hash_table_lookup (fixture->answers, path);
  Canned *canned = g_new0 (Canned, 1);

  if (answers == NULL)
    {
      answers = g_ptr_array_new_with_free_func ((GDestroyNotify) canned_free);
      g_hash_table_insert (fixture->answers, g_strdup (path), answers);
    }

  canned->status = status;
  canned->content_type = content_type;
  if (body != NULL)
    canned->body = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);
  g_ptr_array_add (answers, canned);

  return canned;
}

static Canned *
answer_json (Fixture    *fixture,
             const char *path,
             guint       status,
             const char *json)
{
  return answer (fixture, path, status, "application/json", json, -1);
}

/* The same, taking a body of any size */
static Canned *
answer_bytes (Fixture    *fixture,
              const char *path,
              guint       status,
              const char *content_type,
              GBytes     *body)
{
  Canned *canned = answer (fixture, path, status, content_type, NULL, 0);

  canned->body = g_bytes_ref (body);
  return canned;
}

static GBytes *
static_bytes (const char *text)
{
  return g_bytes_new_static (text, strlen (text));
}

static guint
hits (Fixture    *fixture,
      const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));
}

static void
respond (SoupServerMessage *msg,
         const Canned      *canned)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, canned->status, NULL);
  if (canned->location != NULL)
    soup_message_headers_replace (headers, "Location", canned->location);
  if (canned->retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", canned->retry_after);
  if (canned->content_type != NULL)
    soup_message_headers_set_content_type (headers, canned->content_type, NULL);
  if (canned->body != NULL && g_bytes_get_size (canned->body) > 0)
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), canned->body);
}

#define ENDLESS_CHUNK (256 * 1024)
#define ENDLESS_LIMIT (256 * MiB)

static void
endless_wrote_body_data_cb (SoupServerMessage *msg,
                            guint              chunk_size,
                            gpointer           user_data)
{
  Fixture *fixture = user_data;

  fixture->endless_written += chunk_size;
}

/* A chunk was written: queue the next one (until the limit) */
static void
endless_wrote_chunk_cb (SoupServerMessage *msg,
                        gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (fixture->endless_written < ENDLESS_LIMIT)
    {
      char *chunk = g_malloc (ENDLESS_CHUNK);

      memset (chunk, ' ', ENDLESS_CHUNK);
      soup_message_body_append (body, SOUP_MEMORY_TAKE, chunk, ENDLESS_CHUNK);
    }
  else
    soup_message_body_complete (body);
}

static void
start_endless (Fixture           *fixture,
               SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  /* What has been written is forgotten: the server side stays small */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "[\"", 2);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (endless_wrote_body_data_cb), fixture);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (endless_wrote_chunk_cb), fixture);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *full_path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *path = g_str_has_prefix (full_path, "/v1/") ? full_path + 3 : full_path;
  GPtrArray *answers = g_hash_table_lookup (fixture->answers, path);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  const char *authorization;
  guint n_hits = hits (fixture, path);
  Canned *canned;

  g_hash_table_insert (fixture->hits, g_strdup (path), GUINT_TO_POINTER (n_hits + 1));
  g_hash_table_insert (fixture->bodies, g_strdup (path), soup_message_body_flatten (request_body));
  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_hash_table_insert (fixture->authorizations, g_strdup (path), g_strdup (authorization));

  if (answers == NULL)
    {
      fixture->unknown_paths++;
      soup_server_message_set_status (msg, 418, "No canned answer");
      return;
    }

  canned = answers->pdata[MIN (n_hits, answers->len - 1)];

  if (canned->bearer != NULL)
    {
      g_autofree char *expected = g_strconcat ("Bearer ", canned->bearer, NULL);

      if (g_strcmp0 (authorization, expected) != 0)
        {
          Canned expired = { .status = 401, .content_type = "application/json" };
          g_autoptr(GBytes) body = static_bytes ("{\"success\": false, \"code\": \"token_expired\"}");

          expired.body = body;
          respond (msg, &expired);
          return;
        }
    }

  if (canned->hold)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (fixture->held, g_object_ref (msg));
      fixture->max_held = MAX (fixture->max_held, fixture->held->len);
      return;
    }

  if (canned->endless)
    {
      start_endless (fixture, msg);
      return;
    }

  respond (msg, canned);
}

/* Answers the oldest held request (and forgets it) */
static void
release_held (Fixture      *fixture,
              const Canned *canned)
{
  g_autoptr(SoupServerMessage) msg = NULL;

  g_assert_cmpuint (fixture->held->len, >, 0);
  msg = g_ptr_array_steal_index (fixture->held, 0);
  respond (msg, canned);
  soup_server_message_unpause (msg);
}

static VdClient *
new_client (const char *base_url)
{
  g_autoptr(GError) error = NULL;
  VdClient *client = vd_client_new (base_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (client);
  /* Nothing in this file waits for the default 30 s */
  g_object_set (client, "timeout", 10, NULL);
  return client;
}

static void
release_client (VdClient **client)
{
  g_object_add_weak_pointer (G_OBJECT (*client), (gpointer *) client);
  g_object_unref (*client);
  WAIT_UNTIL (*client == NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  fixture->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  fixture->authorizations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture->held = g_ptr_array_new_with_free_func (g_object_unref);

  fixture->server = soup_server_new ("server-header", "hostile/1.0", NULL);
  soup_server_add_handler (fixture->server, NULL, handler_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fixture->base_url = g_strdup_printf ("http://127.0.0.1:%u/v1", fixture->port);

  fixture->client = new_client (fixture->base_url);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  release_client (&fixture->client);

  /* Requests still held get an answer nobody reads */
  while (fixture->held->len > 0)
    {
      Canned gone = { .status = SOUP_STATUS_SERVICE_UNAVAILABLE };

      release_held (fixture, &gone);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (fixture->unknown_paths, ==, 0);

  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->held, g_ptr_array_unref);
  g_clear_pointer (&fixture->answers, g_hash_table_unref);
  g_clear_pointer (&fixture->hits, g_hash_table_unref);
  g_clear_pointer (&fixture->bodies, g_hash_table_unref);
  g_clear_pointer (&fixture->authorizations, g_hash_table_unref);
  g_clear_pointer (&fixture->base_url, g_free);
}

/* One call through the fixture's client */
static JsonNode *
call (Fixture     *fixture,
      const char  *method,
      const char  *path,
      GError     **error)
{
  Pending pending = { 0 };
  JsonNode *root;

  vd_client_request_async (fixture->client, method, path, NULL, VD_REQUEST_DEFAULT, NULL,
                           pending_done_cb, &pending);
  WAIT_UNTIL (pending.result != NULL);
  root = finish_call (fixture->client, pending.result, FALSE, error);
  pending_clear (&pending);

  return root;
}

static GError *
call_fails (Fixture    *fixture,
            const char *method,
            const char *path,
            VdApiError  code)
{
  GError *error = NULL;
  g_autoptr(JsonNode) root = call (fixture, method, path, &error);

  g_assert_null (root);
  g_assert_error (error, VD_API_ERROR, (gint) code);
  return error;
}

static JsonNode *
call_ok (Fixture    *fixture,
         const char *method,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = call (fixture, method, path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

/* A body nested depth levels deep, after prefix */
static GBytes *
deep_body (const char *prefix,
           guint       depth,
           gboolean    closed)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  if (closed)
    for (guint i = 0; i < depth; i++)
      g_string_append_c (text, ']');

  return g_string_free_to_bytes (text);
}

/*
 * Cases
 */

static void
test_truncated_json (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  answer_json (fixture, "/truncated", 200, "{\"success\": true, \"result\": {\"id\": \"abc\", \"na");
  error = call_fails (fixture, "GET", "/truncated", VD_API_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_PROTOCOL, NULL));
  g_assert_null (vd_api_error_get_code (error));
  g_assert_cmpuint (vd_api_error_get_n_fields (error), ==, 0);
  /* Not a transport problem: asking again would not help */
  g_assert_cmpuint (hits (fixture, "/truncated"), ==, 1);

  /* Only a prefix of JSON, and JSON followed by rubbish */
  answer_json (fixture, "/prefix", 200, "{");
  g_clear_error (&error);
  error = call_fails (fixture, "GET", "/prefix", VD_API_ERROR_PROTOCOL);
  answer_json (fixture, "/trailing", 200, "{\"result\": {}} <html>");
  g_clear_error (&error);
  error = call_fails (fixture, "GET", "/trailing", VD_API_ERROR_PROTOCOL);
}

static void
test_wrong_shape (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) array = NULL;
  g_autoptr(JsonNode) number = NULL;
  g_autoptr(JsonNode) scalar = NULL;
  g_autoptr(GError) error = NULL;

  /* Valid JSON of the wrong shape is for the layers above to judge */
  answer_json (fixture, "/array", 200, "[1, \"two\", null]");
  array = call_ok (fixture, "GET", "/array");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (array));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (array)), ==, 3);
  g_assert_null (vd_json_envelope_result (array, &error));
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_cmpint (vd_json_envelope_total (array), ==, -1);

  answer_json (fixture, "/number-result", 200, "{\"success\": true, \"result\": 5, \"meta\": []}");
  number = call_ok (fixture, "GET", "/number-result");
  g_assert_true (JSON_NODE_HOLDS_VALUE (vd_json_envelope_result (number, NULL)));
  g_assert_cmpint (vd_json_envelope_total (number), ==, -1);

  answer_json (fixture, "/scalar", 201, "\"just a string\"");
  scalar = call_ok (fixture, "POST", "/scalar");
  g_assert_true (JSON_NODE_HOLDS_VALUE (scalar));
  g_assert_null (vd_json_envelope_result (scalar, &error));
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_PROTOCOL);
}

static void
test_json_getters (void)
{
  g_autoptr(JsonNode) root =
    json_from_string ("{\"string\": 5, \"int\": \"5\", \"double\": 1.5, \"bool\": \"true\", \"object\": [],"
                      " \"array\": {}, \"time\": \"yesterday\", \"time-number\": 17, \"empty\": \"\","
                      " \"null\": null, \"good-string\": \"x\", \"good-int\": 9007199254740993,"
                      " \"good-bool\": false, \"good-time\": \"2026-11-28T13:36:02Z\","
                      " \"good-object\": {}, \"good-array\": [1]}", NULL);
  JsonObject *object;
  g_autoptr(GError) error = NULL;
  const char *string = "unset";
  gint64 integer = 42;
  gboolean boolean = TRUE;
  GDateTime *time = NULL;
  JsonObject *child = (JsonObject *) 0x1;
  JsonArray *array = (JsonArray *) 0x1;

  g_assert_nonnull (root);
  object = json_node_get_object (root);

  /* Wrong types: FALSE, a protocol error, and the default in the value */
#define ASSERT_WRONG(call, value, fallback) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, VD_API_ERROR, VD_API_ERROR_PROTOCOL); \
    g_assert_true (value == fallback); \
    g_clear_error (&error); \
  } G_STMT_END

  ASSERT_WRONG (vd_json_get_string (object, "string", &string, &error), string, NULL);
  ASSERT_WRONG (vd_json_get_string (object, "object", &string, &error), string, NULL);
  ASSERT_WRONG (vd_json_get_int (object, "int", &integer, &error), integer, 0);
  ASSERT_WRONG (vd_json_get_int (object, "double", &integer, &error), integer, 0);
  ASSERT_WRONG (vd_json_get_int (object, "bool", &integer, &error), integer, 0);
  ASSERT_WRONG (vd_json_get_boolean (object, "bool", &boolean, &error), boolean, FALSE);
  ASSERT_WRONG (vd_json_get_boolean (object, "int", &boolean, &error), boolean, FALSE);
  ASSERT_WRONG (vd_json_get_object (object, "object", &child, &error), child, NULL);
  ASSERT_WRONG (vd_json_get_object (object, "string", &child, &error), child, NULL);
  ASSERT_WRONG (vd_json_get_array (object, "array", &array, &error), array, NULL);
  ASSERT_WRONG (vd_json_get_time (object, "time", &time, &error), time, NULL);
  ASSERT_WRONG (vd_json_get_time (object, "time-number", &time, &error), time, NULL);
  ASSERT_WRONG (vd_json_require_string (object, "empty", &string, &error), (string == NULL || *string == '\0'), TRUE);
  ASSERT_WRONG (vd_json_require_string (object, "null", &string, &error), string, NULL);
  ASSERT_WRONG (vd_json_require_string (object, "missing", &string, &error), string, NULL);
  ASSERT_WRONG (vd_json_require_string (object, "string", &string, &error), string, NULL);
#undef ASSERT_WRONG

  /* Missing and null: the default, and fine */
  g_assert_true (vd_json_get_string (object, "missing", &string, &error));
  g_assert_null (string);
  g_assert_true (vd_json_get_string (object, "null", &string, &error));
  g_assert_null (string);
  g_assert_true (vd_json_get_int (object, "null", &integer, &error));
  g_assert_cmpint (integer, ==, 0);
  g_assert_true (vd_json_get_boolean (object, "missing", &boolean, &error));
  g_assert_false (boolean);
  g_assert_true (vd_json_get_time (object, "null", &time, &error));
  g_assert_null (time);
  g_assert_true (vd_json_get_object (object, "null", &child, &error));
  g_assert_null (child);
  g_assert_true (vd_json_get_array (object, "missing", &array, &error));
  g_assert_null (array);
  g_assert_no_error (error);

  /* And the right types */
  g_assert_true (vd_json_require_string (object, "good-string", &string, &error));
  g_assert_cmpstr (string, ==, "x");
  g_assert_true (vd_json_get_int (object, "good-int", &integer, &error));
  g_assert_cmpint (integer, ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_true (vd_json_get_boolean (object, "good-bool", &boolean, &error));
  g_assert_false (boolean);
  g_assert_true (vd_json_get_time (object, "good-time", &time, &error));
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_to_unix (time), ==, G_GINT64_CONSTANT (1795872962));
  g_clear_pointer (&time, g_date_time_unref);
  g_assert_true (vd_json_get_object (object, "good-object", &child, &error));
  g_assert_nonnull (child);
  g_assert_true (vd_json_get_array (object, "good-array", &array, &error));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_no_error (error);

  /* A NULL object reads as empty */
  g_assert_true (vd_json_get_string (NULL, "x", &string, &error));
  g_assert_null (string);

  /* Envelopes: result or data; pagination totals of the wrong type */
  {
    static const struct { const char *json; gint64 total; gboolean has_result; } envelopes[] = {
      { "{\"result\": [], \"meta\": {\"pagination\": {\"total\": 7}}}", 7, TRUE },
      { "{\"data\": [], \"meta\": {\"pagination\": {\"total\": 0}}}", 0, TRUE },
      { "{\"result\": null}", -1, TRUE },
      { "{\"meta\": {\"pagination\": {\"total\": \"7\"}}}", -1, FALSE },
      { "{\"result\": [], \"meta\": {\"pagination\": {\"total\": -3}}}", -1, TRUE },
      { "{\"result\": [], \"meta\": {\"pagination\": {\"total\": 7.5}}}", -1, TRUE },
      { "{\"result\": [], \"meta\": {\"pagination\": []}}", -1, TRUE },
      { "{\"result\": [], \"meta\": \"none\"}", -1, TRUE },
      { "{\"result\": [], \"meta\": {\"pagination\": {\"total\": null}}}", -1, TRUE },
      { "{}", -1, FALSE },
      { "[]", -1, FALSE },
      { "null", -1, FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (envelopes); i++)
      {
        g_autoptr(JsonNode) envelope = json_from_string (envelopes[i].json, NULL);
        JsonNode *result;

        g_assert_nonnull (envelope);
        if (vd_json_envelope_total (envelope) != envelopes[i].total)
          g_error ("Total of %s: %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                   envelopes[i].json, vd_json_envelope_total (envelope), envelopes[i].total);
        result = vd_json_envelope_result (envelope, &error);
        if (envelopes[i].has_result)
          {
            g_assert_no_error (error);
            g_assert_nonnull (result);
          }
        else
          {
            g_assert_null (result);
            g_assert_error (error, VD_API_ERROR, VD_API_ERROR_PROTOCOL);
            g_clear_error (&error);
          }
      }

    g_assert_cmpint (vd_json_envelope_total (NULL), ==, -1);
    g_assert_null (vd_json_envelope_result (NULL, &error));
    g_assert_error (error, VD_API_ERROR, VD_API_ERROR_PROTOCOL);
  }
}

static void
test_huge_string (Fixture       *fixture,
                  gconstpointer  data)
{
  const gsize size = 5 * MiB;
  GString *text = g_string_sized_new (size + 64);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  const char *blob;

  g_string_append (text, "{\"success\": true, \"result\": {\"blob\": \"");
  for (gsize i = 0; i < size; i++)
    g_string_append_c (text, 'a' + i % 26);
  g_string_append (text, "\"}}");
  body = g_string_free_to_bytes (text);

  answer_bytes (fixture, "/huge-string", 200, "application/json", body);
  root = call_ok (fixture, "GET", "/huge-string");
  result = json_node_get_object (vd_json_envelope_result (root, &error));
  g_assert_no_error (error);
  g_assert_true (vd_json_get_string (result, "blob", &blob, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (blob), ==, size);
  g_assert_cmpint (blob[size - 1], ==, 'a' + (size - 1) % 26);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  const gsize size = 20 * MiB;
  char *text = g_malloc (size);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  /* Valid JSON, only too much of it */
  memset (text, ' ', size);
  text[0] = '[';
  text[size - 1] = ']';
  body = g_bytes_new_take (text, size);

  answer_bytes (fixture, "/too-large", 200, "application/json", body);
  error = call_fails (fixture, "GET", "/too-large", VD_API_ERROR_PROTOCOL);
  g_assert_cmpuint (hits (fixture, "/too-large"), ==, 1);
  g_clear_error (&error);

  /* The client works on */
  answer_json (fixture, "/small", 200, "{\"result\": {}}");
  {
    g_autoptr(JsonNode) root = call_ok (fixture, "GET", "/small");
  }

  /* A body that does not end: the client stops reading at its limit, it
   * does not wait for the end (256 MiB) */
  answer (fixture, "/endless", 200, "application/json", NULL, 0)->endless = TRUE;
  error = call_fails (fixture, "GET", "/endless", VD_API_ERROR_PROTOCOL);
  g_test_message ("The server wrote %" G_GSIZE_FORMAT " KiB of the endless body", fixture->endless_written / 1024);
  g_assert_cmpuint (fixture->endless_written, <, 64 * MiB);
  g_assert_cmpuint (hits (fixture, "/endless"), ==, 1);
}

static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  /* json-glib 1.6 parses recursively: a deep enough body overflows the stack */
  static const struct { const char *prefix; const char *name; } disguises[] = {
    { "", "plain" },
    { "{\"result\": ", "in an envelope" },
    /* json-glib reads comments and single-quoted strings, where a quote
     * would hide the brackets after it from a scanner of plain JSON */
    { "/* \" */ ", "after a comment with a quote" },
    { "['\"', ", "after a single-quoted quote" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (disguises); i++)
    {
      g_autoptr(GBytes) closed = deep_body (disguises[i].prefix, 200000, TRUE);
      g_autoptr(GBytes) open = deep_body (disguises[i].prefix, 200000, FALSE);
      g_autofree char *ok_path = g_strdup_printf ("/deep/%u/ok", i);
      g_autofree char *open_path = g_strdup_printf ("/deep/%u/open", i);
      g_autofree char *conflict_path = g_strdup_printf ("/deep/%u/conflict", i);
      g_autoptr(GError) error = NULL;

      g_test_message ("Nesting %s", disguises[i].name);

      answer_bytes (fixture, ok_path, 200, "application/json", closed);
      error = call_fails (fixture, "GET", ok_path, VD_API_ERROR_PROTOCOL);
      g_clear_error (&error);

      answer_bytes (fixture, open_path, 200, "application/json", open);
      error = call_fails (fixture, "GET", open_path, VD_API_ERROR_PROTOCOL);
      g_clear_error (&error);

      /* Error bodies are read too (for the code and the field errors) */
      answer_bytes (fixture, conflict_path, 409, "application/json", closed);
      error = call_fails (fixture, "POST", conflict_path, VD_API_ERROR_CONFLICT);
      g_assert_null (vd_api_error_get_code (error));
      g_clear_error (&error);

      /* And directly, as the function promises any body */
      error = vd_api_error_new_from_response (422, NULL, closed);
      g_assert_error (error, VD_API_ERROR, VD_API_ERROR_VALIDATION);
      g_assert_cmpuint (vd_api_error_get_n_fields (error), ==, 0);
    }

  /* Nesting as deep as real answers go is fine */
  {
    g_autoptr(GBytes) moderate = deep_body ("", 30, TRUE);
    g_autoptr(JsonNode) root = NULL;

    answer_bytes (fixture, "/moderate", 200, "application/json", moderate);
    root = call_ok (fixture, "GET", "/moderate");
    g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  }
}

static void
test_server_error_retried (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *html = "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>"
                     "<body><h1>Internal Server Error</h1><p>nginx</p></body></html>";
  g_autoptr(GError) error = NULL;
  guint max_retries = 0;
  gint64 started;

  g_object_get (fixture->client, "max-retries", &max_retries, NULL);
  g_assert_cmpuint (max_retries, ==, 2);

  answer (fixture, "/html-500", 500, "text/html", html, -1);

  started = g_get_monotonic_time ();
  error = call_fails (fixture, "GET", "/html-500", VD_API_ERROR_SERVER);
  g_assert_cmpuint (hits (fixture, "/html-500"), ==, 1 + max_retries);
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 500);
  g_assert_null (vd_api_error_get_code (error));
  g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_SERVER, NULL));
  g_assert_null (strstr (error->message, "nginx"));
  /* With a backoff between the attempts (250 ms, then 500 ms) */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 700 * 1000);
  g_clear_error (&error);

  /* A POST is never sent twice */
  error = call_fails (fixture, "POST", "/html-500", VD_API_ERROR_SERVER);
  g_assert_cmpuint (hits (fixture, "/html-500"), ==, 1 + max_retries + 1);
  g_clear_error (&error);

  /* Nor a PUT or a DELETE */
  error = call_fails (fixture, "DELETE", "/html-500", VD_API_ERROR_SERVER);
  g_assert_cmpuint (hits (fixture, "/html-500"), ==, 1 + max_retries + 2);
  g_clear_error (&error);

  /* And with no retries, a GET is sent once */
  g_object_set (fixture->client, "max-retries", 0, NULL);
  error = call_fails (fixture, "GET", "/html-500", VD_API_ERROR_SERVER);
  g_assert_cmpuint (hits (fixture, "/html-500"), ==, 1 + max_retries + 3);
}

static void
test_retry_then_success (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;

  answer (fixture, "/flaky", 502, "text/html", "<html>Bad Gateway</html>", -1);
  answer_json (fixture, "/flaky", 200, "{\"success\": true, \"result\": {\"id\": \"x\"}}");

  root = call_ok (fixture, "GET", "/flaky");
  g_assert_cmpuint (hits (fixture, "/flaky"), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (vd_json_envelope_result (root, NULL)));
}

static void
test_plain_text_404 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  answer (fixture, "/plain-404", 404, "text/plain", "404 page not found\n", -1);
  error = call_fails (fixture, "GET", "/plain-404", VD_API_ERROR_NOT_FOUND);
  g_assert_null (vd_api_error_get_code (error));
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 404);
  g_assert_cmpuint (vd_api_error_get_n_fields (error), ==, 0);
  g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_NOT_FOUND, NULL));
  /* A 404 is an answer: not retried */
  g_assert_cmpuint (hits (fixture, "/plain-404"), ==, 1);
}

static void
test_code_wrong_type (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const bodies[] = {
    "{\"success\": false, \"code\": 12}",
    "{\"success\": false, \"code\": null}",
    "{\"success\": false, \"code\": [\"last_owner\"]}",
    "{\"success\": false, \"code\": {\"last_owner\": true}}",
    "{\"success\": false, \"code\": \"\"}",
    "{\"success\": false, \"code\": \"<script>alert(1)</script>\"}",
    "{\"success\": false, \"code\": \"last owner with spaces\"}",
    "[\"last_owner\"]",
    "\"last_owner\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/conflict/%u", i);
      g_autoptr(GError) error = NULL;

      answer_json (fixture, path, 409, bodies[i]);
      error = call_fails (fixture, "POST", path, VD_API_ERROR_CONFLICT);
      g_assert_null (vd_api_error_get_code (error));
      g_assert_cmpuint (vd_api_error_get_status (error), ==, 409);
      g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_CONFLICT, NULL));
    }

  /* A code too long to be one is no code either */
  {
    g_autofree char *long_code = g_strnfill (100, 'x');
    g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\"}", long_code);
    g_autoptr(GError) error = NULL;

    answer_json (fixture, "/conflict/long", 409, body);
    error = call_fails (fixture, "POST", "/conflict/long", VD_API_ERROR_CONFLICT);
    g_assert_null (vd_api_error_get_code (error));
  }

  /* The right type is read */
  {
    g_autoptr(GError) error = NULL;

    answer_json (fixture, "/conflict/good", 409, "{\"success\": false, \"code\": \"last_owner\"}");
    error = call_fails (fixture, "POST", "/conflict/good", VD_API_ERROR_CONFLICT);
    g_assert_cmpstr (vd_api_error_get_code (error), ==, "last_owner");
  }
}

static void
test_validation_errors_not_a_list (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  answer_json (fixture, "/invalid/string", 422,
               "{\"success\": false, \"code\": \"validation_failed\", \"errors\": \"name is bad\"}");
  error = call_fails (fixture, "POST", "/invalid/string", VD_API_ERROR_VALIDATION);
  g_assert_cmpuint (vd_api_error_get_n_fields (error), ==, 0);
  g_assert_null (vd_api_error_lookup_field (error, "name"));
  g_assert_cmpstr (vd_api_error_get_code (error), ==, "validation_failed");
  g_clear_error (&error);

  answer_json (fixture, "/invalid/object", 422, "{\"errors\": {\"field\": \"name\", \"code\": \"invalid\"}}");
  error = call_fails (fixture, "POST", "/invalid/object", VD_API_ERROR_VALIDATION);
  g_assert_cmpuint (vd_api_error_get_n_fields (error), ==, 0);
  g_clear_error (&error);

  /* A list with junk in it: only the entries that name a field count */
  answer_json (fixture, "/invalid/junk", 422,
               "{\"errors\": [1, null, \"name\", [], {\"field\": 5}, {\"code\": \"invalid\"},"
               " {\"field\": \"name\", \"code\": 7}, {\"field\": \"email\", \"code\": \"taken\"},"
               " {\"field\": \"password\", \"code\": \"no such code\"}]}");
  error = call_fails (fixture, "POST", "/invalid/junk", VD_API_ERROR_VALIDATION);
  g_assert_cmpuint (vd_api_error_get_n_fields (error), ==, 3);
  g_assert_cmpstr (vd_api_error_get_field (error, 0), ==, "name");
  g_assert_null (vd_api_error_get_field_code (error, 0));
  g_assert_cmpstr (vd_api_error_get_field (error, 1), ==, "email");
  g_assert_cmpstr (vd_api_error_get_field_code (error, 1), ==, "taken");
  g_assert_cmpstr (vd_api_error_get_field (error, 2), ==, "password");
  g_assert_null (vd_api_error_get_field_code (error, 2));
  /* Every field with an error has a sentence, known code or not */
  g_assert_nonnull (vd_api_error_lookup_field (error, "name"));
  g_assert_nonnull (vd_api_error_lookup_field (error, "email"));
  g_assert_cmpstr (vd_api_error_lookup_field (error, "email"), !=, vd_api_error_lookup_field (error, "name"));
  g_assert_nonnull (vd_api_error_lookup_field (error, "password"));
  g_assert_null (vd_api_error_lookup_field (error, "first_name"));
  g_clear_error (&error);

  /* Thousands of entries are cut short, not kept */
  {
    GString *body = g_string_new ("{\"errors\": [");

    for (guint i = 0; i < 5000; i++)
      g_string_append_printf (body, "%s{\"field\": \"f%u\", \"code\": \"invalid\"}", i ? ", " : "", i);
    g_string_append (body, "]}");
    answer_json (fixture, "/invalid/many", 422, body->str);
    g_string_free (body, TRUE);

    error = call_fails (fixture, "POST", "/invalid/many", VD_API_ERROR_VALIDATION);
    g_assert_cmpuint (vd_api_error_get_n_fields (error), >=, 1);
    g_assert_cmpuint (vd_api_error_get_n_fields (error), <=, 100);
  }
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct { const char *header; guint seconds; } cases[] = {
    { "abc", 0 },
    { "", 0 },
    { "-5", 0 },
    { "1.5", 0 },
    { "99999999999999999999999", 0 },
    { "Wed, 21 Oct 2015 07:28:00 GMT", 0 },
    { "120", 120 },
    { NULL, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/limited/%u", i);
      g_autoptr(GError) error = NULL;
      Canned *canned = answer_json (fixture, path, 429, "{\"success\": false, \"code\": \"rate_limited\"}");

      canned->retry_after = g_strdup (cases[i].header);
      error = call_fails (fixture, "GET", path, VD_API_ERROR_RATE_LIMITED);
      g_assert_cmpuint (vd_api_error_get_retry_after (error), ==, cases[i].seconds);
      g_assert_cmpstr (vd_api_error_get_code (error), ==, "rate_limited");
      /* A GET told to wait is not retried at once */
      g_assert_cmpuint (hits (fixture, path), ==, 1);
    }
}

static void
test_not_utf8 (Fixture       *fixture,
               gconstpointer  data)
{
  static const char latin1[] = "{\"success\": true, \"result\": {\"name\": \"Gr\xfc\xdf" "e\"}}";
  static const char overlong[] = "{\"result\": \"\xc0\xaf\"}";
  static const char with_nul[] = "{\"result\": \"a\0b\"}";
  g_autoptr(GError) error = NULL;

  answer (fixture, "/latin1", 200, "application/json", latin1, sizeof latin1 - 1);
  error = call_fails (fixture, "GET", "/latin1", VD_API_ERROR_PROTOCOL);
  g_clear_error (&error);

  answer (fixture, "/overlong", 200, "application/json", overlong, sizeof overlong - 1);
  error = call_fails (fixture, "GET", "/overlong", VD_API_ERROR_PROTOCOL);
  g_clear_error (&error);

  answer (fixture, "/nul", 200, "application/json", with_nul, sizeof with_nul - 1);
  error = call_fails (fixture, "GET", "/nul", VD_API_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Not UTF-8 in an error body: the error stands, without a code */
  answer (fixture, "/latin1-conflict", 409, "application/json",
          "{\"code\": \"last_owner\", \"message\": \"\xe9\"}", -1);
  error = call_fails (fixture, "POST", "/latin1-conflict", VD_API_ERROR_CONFLICT);
  g_assert_null (vd_api_error_get_code (error));
}

static void
test_empty_answers (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct { guint status; const char *method; } cases[] = {
    { 204, "DELETE" },
    { 204, "GET" },
    { 200, "POST" },
    { 201, "POST" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/empty/%u", i);
      g_autoptr(JsonNode) root = NULL;

      answer (fixture, path, cases[i].status, NULL, NULL, 0);
      root = call_ok (fixture, cases[i].method, path);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      g_assert_cmpuint (json_object_get_size (json_node_get_object (root)), ==, 0);
    }

  /* Empty is not the same as blank */
  {
    g_autoptr(GError) error = NULL;

    answer (fixture, "/blank", 200, "application/json", "   \n", -1);
    error = call_fails (fixture, "GET", "/blank", VD_API_ERROR_PROTOCOL);
  }
}

static void
test_no_answer_timeout (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 started, elapsed;

  g_object_set (fixture->client, "timeout", 1, "max-retries", 0, NULL);
  answer (fixture, "/silent", 200, NULL, NULL, 0)->hold = TRUE;

  started = g_get_monotonic_time ();
  error = call_fails (fixture, "GET", "/silent", VD_API_ERROR_TIMEOUT);
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("Timed out after %" G_GINT64_FORMAT " ms", elapsed / 1000);

  g_assert_cmpuint (hits (fixture, "/silent"), ==, 1);
  g_assert_cmpuint (fixture->held->len, ==, 1);
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 0);
  g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_TIMEOUT, NULL));
}

static guint
unused_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  g_assert_nonnull (socket);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  /* Bound, never listening, then closed: nobody answers there */
  g_socket_close (socket, NULL);

  return port;
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/v1", unused_port ());
  g_autoptr(VdClient) client = new_client (url);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  Pending pending = { 0 };

  /* Retried (a GET on a network error), then given up */
  vd_client_request_async (client, "GET", "/members", NULL, 0, NULL, pending_done_cb, &pending);
  WAIT_UNTIL (pending.result != NULL);
  root = finish_call (client, pending.result, FALSE, &error);
  g_assert_null (root);
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_NETWORK);
  g_assert_cmpuint (vd_api_error_get_status (error), ==, 0);
  g_assert_cmpstr (error->message, ==, vd_api_error_describe (VD_API_ERROR_NETWORK, NULL));
  pending_clear (&pending);
  g_clear_error (&error);
  g_clear_pointer (&root, json_node_unref);

  /* A POST too (not retried) */
  vd_client_request_async (client, "POST", "/members", NULL, 0, NULL, pending_done_cb, &pending);
  WAIT_UNTIL (pending.result != NULL);
  root = finish_call (client, pending.result, FALSE, &error);
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_NETWORK);
  pending_clear (&pending);

  release_client (&client);
}

/* A raw TCP server that answers every connection with the same bytes (after
 * reading the request head) and closes */
static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source_object,
            gpointer                user_data)
{
  GBytes *reply = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) head = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while (strstr (head->str, "\r\n\r\n") == NULL &&
         (n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (head, buffer, n);

  g_output_stream_write_all (out, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_raw_replies (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Each call completes, with a VdApiError where nothing usable came */
  static const struct { const char *name; const char *reply; gboolean fails; } replies[] = {
    { "closed mid-body", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"result\": {", TRUE },
    { "closed mid-headers", "HTTP/1.1 200 OK\r\nContent-Type: appl", TRUE },
    { "closed at once", "", TRUE },
    { "not HTTP", "SSH-2.0-OpenSSH_9.2\r\n", TRUE },
    { "garbage status", "HTTP/1.1 abc Whatever\r\n\r\n", TRUE },
    /* libsoup reads a bad chunk size as 0, the end: an empty body */
    { "bad chunking", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", FALSE },
    { "status 99", "HTTP/1.1 099 Odd\r\nContent-Length: 2\r\n\r\n{}", FALSE },
    { "status 999", "HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\n{}", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(GSocketService) service = g_threaded_socket_service_new (2);
      g_autoptr(GBytes) reply = g_bytes_new_static (replies[i].reply, strlen (replies[i].reply));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(VdClient) client = NULL;
      g_autofree char *url = NULL;
      Pending pending = { 0 };
      guint16 port;

      g_test_message ("Raw reply: %s", replies[i].name);
      port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
      g_assert_no_error (error);
      g_signal_connect (service, "run", G_CALLBACK (raw_run_cb), reply);
      g_socket_service_start (service);

      url = g_strdup_printf ("http://127.0.0.1:%u/v1", port);
      client = new_client (url);
      g_object_set (client, "max-retries", 0, NULL);

      vd_client_request_async (client, "GET", "/raw", NULL, 0, NULL, pending_done_cb, &pending);
      WAIT_UNTIL (pending.result != NULL);
      root = finish_call (client, pending.result, FALSE, &error);
      g_test_message ("-> %s %d", root ? "answer" : "error", error ? error->code : -1);
      if (replies[i].fails)
        {
          g_assert_null (root);
          g_assert_nonnull (error);
        }
      pending_clear (&pending);

      release_client (&client);
      g_socket_service_stop (service);
      g_socket_listener_close (G_SOCKET_LISTENER (service));
    }
}

static void
test_redirect_not_followed (Fixture       *fixture,
                            gconstpointer  data)
{
  static const guint statuses[] = { 301, 302, 303, 307, 308 };

  answer_json (fixture, "/target", 200, "{\"result\": {\"stolen\": true}}");

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *path = g_strdup_printf ("/moved/%u", statuses[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      Canned *canned = answer (fixture, path, statuses[i], "text/html", "<a href=\"/v1/target\">moved</a>", -1);

      canned->location = g_strdup ("/v1/target");
      root = call (fixture, "GET", path, &error);
      g_assert_null (root);
      g_assert_nonnull (error);
      g_assert_cmpuint (hits (fixture, path), ==, 1);
    }

  /* Elsewhere entirely, too */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = NULL;
    Canned *canned = answer (fixture, "/moved/away", 302, NULL, NULL, 0);

    canned->location = g_strdup_printf ("http://localhost:%u/v1/target", fixture->port);
    root = call (fixture, "GET", "/moved/away", &error);
    g_assert_null (root);
    g_assert_nonnull (error);
  }

  g_assert_cmpuint (hits (fixture, "/target"), ==, 0);
}

/* A plain HTTP server that answers at once, whatever it was sent */
static gboolean
raw_answer_at_once_cb (GThreadedSocketService *service,
                       GSocketConnection      *connection,
                       GObject                *source_object,
                       gpointer                user_data)
{
  static const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char buffer[4096];

  g_output_stream_write_all (out, reply, sizeof reply - 1, NULL, NULL, NULL);
  g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static GError *
tls_call (const char *url,
          guint       timeout)
{
  g_autoptr(VdClient) client = new_client (url);
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  Pending pending = { 0 };
  gint64 started = g_get_monotonic_time ();

  g_object_set (client, "timeout", timeout, "max-retries", 0, NULL);
  vd_client_request_async (client, "GET", "/members", NULL, 0, NULL, pending_done_cb, &pending);
  WAIT_UNTIL (pending.result != NULL);
  root = finish_call (client, pending.result, FALSE, &error);
  g_test_message ("%s: code %d after %" G_GINT64_FORMAT " ms", url, error ? error->code : -1,
                  (g_get_monotonic_time () - started) / 1000);
  g_assert_null (root);
  g_assert_nonnull (error);
  /* Well before the client's default timeout (30 s): its own was used. The
   * slack is TLS set-up (loading the system's CAs), 3.3 s under AddressSanitizer
   * with the suite running beside it, where 2 s of slack once failed by 0.2 ms */
  g_assert_cmpint (g_get_monotonic_time () - started, <, (timeout + 5) * G_USEC_PER_SEC);
  pending_clear (&pending);
  release_client (&client);

  return error;
}

static void
test_tls_to_plain_http (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (2);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A plain HTTP server that answers the handshake with HTTP: no TLS here */
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (raw_answer_at_once_cb), NULL);
  g_socket_service_start (service);
  url = g_strdup_printf ("https://127.0.0.1:%u/v1", port);
  error = tls_call (url, 10);
  g_assert_true (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_TLS) ||
                 g_error_matches (error, VD_API_ERROR, VD_API_ERROR_NETWORK));
  g_clear_error (&error);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));

  /* A plain HTTP server that waits for the end of a request head, which a
   * handshake never sends: it ends with the timeout, not in a hang */
  g_free (url);
  url = g_strdup_printf ("https://127.0.0.1:%u/v1", fixture->port);
  error = tls_call (url, 2);
  g_assert_true (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_TLS) ||
                 g_error_matches (error, VD_API_ERROR, VD_API_ERROR_NETWORK) ||
                 g_error_matches (error, VD_API_ERROR, VD_API_ERROR_TIMEOUT));
  /* Not an answer to anything: the handler never ran */
  g_assert_cmpuint (hits (fixture, "/members"), ==, 0);
}

static void
test_cancel_queued (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) queued_cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) wire_cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  Pending on_wire = { 0 };
  Pending queued = { 0 };

  g_object_set (fixture->client, "max-concurrent", 1, "max-retries", 0, NULL);
  answer (fixture, "/held", 200, NULL, NULL, 0)->hold = TRUE;
  answer_json (fixture, "/queued", 200, "{\"result\": {}}");

  vd_client_request_async (fixture->client, "GET", "/held", NULL, 0, wire_cancellable, pending_done_cb, &on_wire);
  vd_client_request_async (fixture->client, "GET", "/queued", NULL, 0, queued_cancellable, pending_done_cb, &queued);
  WAIT_UNTIL (fixture->held->len == 1);

  /* The second waits for the only slot, and is cancelled there: at once,
   * while the first is still on the wire */
  g_cancellable_cancel (queued_cancellable);
  WAIT_UNTIL (queued.result != NULL);
  g_assert_null (on_wire.result);
  root = finish_call (fixture->client, queued.result, TRUE, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (hits (fixture, "/queued"), ==, 0);

  /* The one on the wire can be cancelled too */
  g_cancellable_cancel (wire_cancellable);
  WAIT_UNTIL (on_wire.result != NULL);
  root = finish_call (fixture->client, on_wire.result, TRUE, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Both slots are back: the next call goes through */
  {
    g_autoptr(JsonNode) answered = call_ok (fixture, "GET", "/queued");
  }
  g_assert_cmpuint (hits (fixture, "/queued"), ==, 1);

  pending_clear (&on_wire);
  pending_clear (&queued);
}

static void
test_cancel_backing_off (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  Pending pending = { 0 };

  /* Eight retries: minutes of backoff, unless the cancellation ends them */
  g_object_set (fixture->client, "max-retries", 8, NULL);
  answer (fixture, "/down", 503, "text/plain", "down", -1);

  vd_client_request_async (fixture->client, "GET", "/down", NULL, 0, cancellable, pending_done_cb, &pending);
  WAIT_UNTIL (hits (fixture, "/down") == 2);
  g_cancellable_cancel (cancellable);
  WAIT_UNTIL (pending.result != NULL);
  root = finish_call (fixture->client, pending.result, TRUE, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (hits (fixture, "/down"), <=, 3);
  pending_clear (&pending);
}

static void
test_concurrency_cap (Fixture       *fixture,
                      gconstpointer  data)
{
  Pending pendings[6] = { { 0 } };
  Canned ok = { .status = 200, .content_type = "application/json" };
  g_autoptr(GBytes) body = static_bytes ("{\"result\": {}}");
  guint released = 0;

  ok.body = body;
  g_object_set (fixture->client, "max-concurrent", 2, NULL);
  answer (fixture, "/slow", 200, NULL, NULL, 0)->hold = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (pendings); i++)
    vd_client_request_async (fixture->client, "GET", "/slow", NULL, 0, NULL, pending_done_cb, &pendings[i]);

  /* Two on the wire at a time: answer one, and the next one comes */
  while (released < G_N_ELEMENTS (pendings))
    {
      guint expected = MIN (2, G_N_ELEMENTS (pendings) - released);

      WAIT_UNTIL (fixture->held->len == expected);
      g_assert_cmpuint (hits (fixture, "/slow"), ==, released + expected);
      release_held (fixture, &ok);
      released++;
    }
  WAIT_UNTIL (all_done (pendings, G_N_ELEMENTS (pendings)));

  g_assert_cmpuint (fixture->max_held, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (pendings); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = finish_call (fixture->client, pendings[i].result, FALSE, &error);

      g_assert_no_error (error);
      pending_clear (&pendings[i]);
    }
}

typedef struct
{
  guint   n_signed_out;
  GError *error;
  guint   n_tokens_changed;
} Watch;

static void
signed_out_cb (VdClient     *client,
               const GError *error,
               gpointer      user_data)
{
  Watch *watch = user_data;

  watch->n_signed_out++;
  g_clear_error (&watch->error);
  watch->error = g_error_copy (error);
}

static void
tokens_changed_cb (VdClient *client,
                   gpointer  user_data)
{
  Watch *watch = user_data;

  watch->n_tokens_changed++;
}

static void
test_refresh_single_flight (Fixture       *fixture,
                            gconstpointer  data)
{
  Pending pendings[5] = { { 0 } };
  Canned tokens = { .status = 200, .content_type = "application/json" };
  g_autoptr(GBytes) tokens_body = static_bytes ("{\"success\": true, \"access_token\": \"new-access\","
                                                " \"refresh_token\": \"new-refresh\", \"result\": {}}");
  g_autofree char *refresh = NULL;
  g_autoptr(JsonNode) sent = NULL;
  GBytes *refresh_body;
  Watch watch = { 0 };

  tokens.body = tokens_body;
  g_signal_connect (fixture->client, "tokens-changed", G_CALLBACK (tokens_changed_cb), &watch);
  vd_client_set_tokens (fixture->client, "old-access", "old-refresh");
  watch.n_tokens_changed = 0;

  answer_json (fixture, "/guarded", 200, "{\"result\": {\"ok\": true}}")->bearer = g_strdup ("new-access");
  answer (fixture, "/auth/refresh-auth-token", 200, NULL, NULL, 0)->hold = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (pendings); i++)
    vd_client_request_async (fixture->client, "GET", "/guarded", NULL, 0, NULL, pending_done_cb, &pendings[i]);

  /* All five were refused; one refresh is on its way */
  WAIT_UNTIL (hits (fixture, "/guarded") == 5 && fixture->held->len == 1);
  release_held (fixture, &tokens);
  WAIT_UNTIL (all_done (pendings, G_N_ELEMENTS (pendings)));

  for (guint i = 0; i < G_N_ELEMENTS (pendings); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = finish_call (fixture->client, pendings[i].result, FALSE, &error);

      g_assert_no_error (error);
      pending_clear (&pendings[i]);
    }

  g_assert_cmpuint (hits (fixture, "/auth/refresh-auth-token"), ==, 1);
  g_assert_cmpuint (hits (fixture, "/guarded"), ==, 10);
  g_assert_cmpuint (vd_client_get_n_refreshes (fixture->client), ==, 1);
  g_assert_cmpuint (watch.n_tokens_changed, ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (fixture->authorizations, "/guarded"), ==, "Bearer new-access");
  /* The refresh itself carried the refresh token and no access token */
  g_assert_null (g_hash_table_lookup (fixture->authorizations, "/auth/refresh-auth-token"));
  refresh_body = g_hash_table_lookup (fixture->bodies, "/auth/refresh-auth-token");
  sent = json_from_string (g_bytes_get_data (refresh_body, NULL), NULL);
  g_assert_nonnull (sent);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sent), "refresh_token"), ==, "old-refresh");

  refresh = vd_client_dup_refresh_token (fixture->client);
  g_assert_cmpstr (refresh, ==, "new-refresh");
  g_signal_handlers_disconnect_by_data (fixture->client, &watch);
}

static void
test_refresh_hostile_answers (Fixture       *fixture,
                              gconstpointer  data)
{
  /* Answers to the refresh that do not give new tokens: the call fails, and
   * whether the session is over depends on what the server said */
  static const struct {
    guint       status;
    const char *body;
    VdApiError  code;
    gboolean    signs_out;
  } cases[] = {
    { 200, "{\"access_token\": \"new-acc", VD_API_ERROR_PROTOCOL, FALSE },
    { 200, "{\"access_token\": 5, \"refresh_token\": \"r\"}", VD_API_ERROR_PROTOCOL, FALSE },
    { 200, "{\"access_token\": \"\", \"refresh_token\": \"r\"}", VD_API_ERROR_PROTOCOL, FALSE },
    { 200, "{\"access_token\": \"a\"}", VD_API_ERROR_PROTOCOL, FALSE },
    { 200, "[\"access_token\", \"refresh_token\"]", VD_API_ERROR_PROTOCOL, FALSE },
    { 200, "", VD_API_ERROR_PROTOCOL, FALSE },
    { 200, "{\"access_token\": \"\xff\", \"refresh_token\": \"r\"}", VD_API_ERROR_PROTOCOL, FALSE },
    { 200, NULL, VD_API_ERROR_PROTOCOL, FALSE },   /* deeply nested, below */
    { 500, "<html>oops</html>", VD_API_ERROR_SERVER, FALSE },
    { 503, NULL, VD_API_ERROR_SERVER, FALSE },
    { 403, "{\"code\": \"forbidden\"}", VD_API_ERROR_UNAUTHORIZED, TRUE },
    { 401, "not json", VD_API_ERROR_UNAUTHORIZED, TRUE },
  };
  g_autoptr(GBytes) deep = deep_body ("['\"', ", 200000, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VdClient) client = new_client (fixture->base_url);
      g_autofree char *refresh_path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *left = NULL;
      Pending pending = { 0 };
      Watch watch = { 0 };
      Canned *canned;

      /* A fresh server per case: the refresh path is fixed */
      g_hash_table_remove (fixture->answers, "/auth/refresh-auth-token");
      g_hash_table_remove (fixture->hits, "/auth/refresh-auth-token");

      if (cases[i].body == NULL && cases[i].status == 200)
        canned = answer_bytes (fixture, "/auth/refresh-auth-token", 200, "application/json", deep);
      else
        canned = answer (fixture, "/auth/refresh-auth-token", cases[i].status, "application/json", cases[i].body, -1);
      (void) canned;
      answer_json (fixture, "/guarded", 200, "{\"result\": {}}")->bearer = g_strdup ("never");

      g_object_set (client, "max-retries", 0, NULL);
      g_signal_connect (client, "signed-out", G_CALLBACK (signed_out_cb), &watch);
      vd_client_set_tokens (client, "old-access", "old-refresh");

      vd_client_request_async (client, "GET", "/guarded", NULL, 0, NULL, pending_done_cb, &pending);
      WAIT_UNTIL (pending.result != NULL);
      root = finish_call (client, pending.result, FALSE, &error);
      g_assert_null (root);
      g_assert_error (error, VD_API_ERROR, (gint) cases[i].code);
      g_assert_cmpuint (hits (fixture, "/auth/refresh-auth-token"), ==, 1);
      g_assert_cmpuint (vd_client_get_n_refreshes (client), ==, 0);

      left = vd_client_dup_refresh_token (client);
      if (cases[i].signs_out)
        {
          g_assert_cmpuint (watch.n_signed_out, ==, 1);
          g_assert_error (watch.error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED);
          g_assert_false (vd_client_get_signed_in (client));
          g_assert_null (left);
        }
      else
        {
          /* The server did not say the session is over: keep it */
          g_assert_cmpuint (watch.n_signed_out, ==, 0);
          g_assert_true (vd_client_get_signed_in (client));
          g_assert_cmpstr (left, ==, "old-refresh");
        }

      g_clear_error (&watch.error);
      pending_clear (&pending);
      g_signal_handlers_disconnect_by_data (client, &watch);
      release_client (&client);
      g_hash_table_remove (fixture->answers, "/guarded");
    }
}

/*
 * Fuzz: random bodies with random statuses
 */

static const char * const fuzz_keys[] = {
  "success", "result", "data", "code", "errors", "message", "meta", "pagination", "total",
  "field", "access_token", "refresh_token", "id", "", "\\u0000", "é",
};

static void
fuzz_value (GString *out,
            GRand   *rand,
            guint    depth)
{
  switch (g_rand_int_range (rand, 0, depth > 5 ? 5 : 8))
    {
    case 0:
      g_string_append (out, "null");
      break;
    case 1:
      g_string_append (out, g_rand_boolean (rand) ? "true" : "false");
      break;
    case 2:
      /* Small, or near the ends of 64 bits */
      g_string_append_printf (out, "%" G_GINT64_FORMAT,
                              (gint64) (gint32) g_rand_int (rand) * (g_rand_boolean (rand) ? 1 : G_GINT64_CONSTANT (4294967296)));
      break;
    case 3:
      {
        static const char * const numbers[] = { "1.5", "-0", "1e308", "1e999", "-1e-999", "0.0000001", "12345678901234567890123" };

        g_string_append (out, numbers[g_rand_int_range (rand, 0, G_N_ELEMENTS (numbers))]);
      }
      break;
    case 4:
      {
        static const char * const pieces[] = { "a", "Z", " ", "\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00",
                                               "\\ud800", "\\u0000", "é", "日本", "[", "{", "'", "/*" };
        guint n = g_rand_int_range (rand, 0, 12);

        g_string_append_c (out, '"');
        for (guint i = 0; i < n; i++)
          g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        g_string_append_c (out, '"');
      }
      break;
    case 5:
    case 6:
      {
        guint n = g_rand_int_range (rand, 0, 5);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            fuzz_value (out, rand, depth + 1);
          }
        g_string_append_c (out, ']');
      }
      break;
    default:
      {
        guint n = g_rand_int_range (rand, 0, 5);

        g_string_append_c (out, '{');
        for (guint i = 0; i < n; i++)
          {
            g_string_append_printf (out, "%s\"%s\": ", i > 0 ? ", " : "",
                                    fuzz_keys[g_rand_int_range (rand, 0, G_N_ELEMENTS (fuzz_keys))]);
            fuzz_value (out, rand, depth + 1);
          }
        g_string_append_c (out, '}');
      }
      break;
    }
}

static GBytes *
fuzz_body (GRand      *rand,
           const char **kind)
{
  GString *out = g_string_new (NULL);

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:
      *kind = "valid";
      fuzz_value (out, rand, 0);
      break;

    case 1:
      *kind = "envelope";
      g_string_append (out, "{\"success\": ");
      fuzz_value (out, rand, 3);
      g_string_append (out, ", \"code\": ");
      fuzz_value (out, rand, 3);
      g_string_append (out, ", \"errors\": ");
      fuzz_value (out, rand, 2);
      g_string_append (out, ", \"result\": ");
      fuzz_value (out, rand, 1);
      g_string_append (out, "}");
      break;

    case 2:
      *kind = "truncated";
      fuzz_value (out, rand, 0);
      if (out->len > 1)
        g_string_truncate (out, g_rand_int_range (rand, 1, out->len));
      break;

    case 3:
      {
        guint n = g_rand_int_range (rand, 0, 4096);

        *kind = "random bytes";
        for (guint i = 0; i < n; i++)
          g_string_append_c (out, (char) g_rand_int_range (rand, 0, 256));
      }
      break;

    case 4:
      {
        static const guint depths[] = { 10, 63, 64, 65, 1000, 100000, 300000 };
        static const char * const opens[] = { "[", "{\"a\":", "[1,", "{\"result\":[" };
        static const char * const prefixes[] = { "", "/* \" */", "['\"',", " " };
        guint depth = depths[g_rand_int_range (rand, 0, G_N_ELEMENTS (depths))];
        const char *open = opens[g_rand_int_range (rand, 0, G_N_ELEMENTS (opens))];

        *kind = "deep";
        g_string_append (out, prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (prefixes))]);
        for (guint i = 0; i < depth; i++)
          g_string_append (out, open);
        if (g_rand_boolean (rand))
          for (guint i = 0; i < depth; i++)
            g_string_append_c (out, open[0] == '[' ? ']' : '}');
      }
      break;

    case 5:
      {
        *kind = "mutated";
        fuzz_value (out, rand, 0);
        for (guint i = 0, n = g_rand_int_range (rand, 1, 4); i < n && out->len > 0; i++)
          out->str[g_rand_int_range (rand, 0, out->len)] = (char) g_rand_int_range (rand, 0, 256);
      }
      break;

    case 6:
      *kind = "empty";
      break;

    default:
      {
        static const char * const odd[] = {
          "\"\\ud800\"", "[\"a\\u0000b\"]", "1e999", "{\"a\": 1, \"a\": 2}", "{'a': 'b'}", "[1,]",
          "{\"result\": {}}/* trailing */", "\xef\xbb\xbf{}", "{\"code\": \"last_owner\"}", "NaN", "[Infinity]",
          "{\"errors\": [{\"field\": \"name\", \"code\": \"invalid\"}]}", "\"unterminated", "{\"a\" 1}",
        };

        *kind = "odd";
        g_string_append (out, odd[g_rand_int_range (rand, 0, G_N_ELEMENTS (odd))]);
      }
      break;
    }

  return g_string_free_to_bytes (out);
}

#define N_FUZZ      300
#define FUZZ_BATCH  25

static void
test_fuzz (Fixture       *fixture,
           gconstpointer  data)
{
  const char *seed_env = g_getenv ("VD_FUZZ_SEED");
  guint32 seed = seed_env ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : g_random_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint statuses[N_FUZZ];
  const char *kinds[N_FUZZ];
  const char *methods[N_FUZZ];
  guint n_roots = 0, n_errors = 0;

  g_test_message ("Fuzz seed %u (set VD_FUZZ_SEED=%u to repeat)", seed, seed);
  g_printerr ("# fuzz seed %u\n", seed);

  g_object_set (fixture->client, "max-retries", 1, NULL);

  for (guint i = 0; i < N_FUZZ; i++)
    {
      g_autofree char *path = g_strdup_printf ("/fuzz/%u", i);
      g_autoptr(GBytes) body = fuzz_body (rand, &kinds[i]);
      Canned *canned;

      statuses[i] = g_rand_int_range (rand, 200, 600);
      methods[i] = g_rand_boolean (rand) ? "GET" : "POST";
      canned = answer_bytes (fixture, path, statuses[i],
                             g_rand_boolean (rand) ? "application/json" : "text/html", body);
      if (g_rand_int_range (rand, 0, 4) == 0)
        canned->retry_after = g_strdup_printf ("%d", g_rand_int_range (rand, -10, 100000));
    }

  for (guint start = 0; start < N_FUZZ; start += FUZZ_BATCH)
    {
      Pending pendings[FUZZ_BATCH] = { { 0 } };

      for (guint j = 0; j < FUZZ_BATCH; j++)
        {
          g_autofree char *path = g_strdup_printf ("/fuzz/%u", start + j);

          vd_client_request_async (fixture->client, methods[start + j], path, NULL, 0, NULL,
                                   pending_done_cb, &pendings[j]);
        }
      WAIT_UNTIL (all_done (pendings, FUZZ_BATCH));

      for (guint j = 0; j < FUZZ_BATCH; j++)
        {
          guint i = start + j;
          guint status = statuses[i];
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) root = finish_call (fixture->client, pendings[j].result, FALSE, &error);

          pending_clear (&pendings[j]);
          if (root != NULL)
            {
              n_roots++;
              if (!SOUP_STATUS_IS_SUCCESSFUL (status))
                g_error ("Call %u (%s, status %u, seed %u) succeeded", i, kinds[i], status, seed);
              /* What the readers make of it does not matter; that they survive it does */
              vd_json_envelope_total (root);
              if (vd_json_envelope_result (root, &error) == NULL)
                g_assert_error (error, VD_API_ERROR, VD_API_ERROR_PROTOCOL);
              continue;
            }

          n_errors++;
          g_assert_nonnull (error);
          if (SOUP_STATUS_IS_SUCCESSFUL (status))
            {
              if (!g_error_matches (error, VD_API_ERROR, VD_API_ERROR_PROTOCOL))
                g_error ("Call %u (%s, status %u, seed %u): %d %s", i, kinds[i], status, seed,
                         error->code, error->message);
            }
          else if (status >= 300)
            {
              guint reported = vd_api_error_get_status (error);

              /* Whatever came back, the error says what the status was */
              g_assert_true (reported == status || reported == 0);
              if (status == 404)
                g_assert_error (error, VD_API_ERROR, VD_API_ERROR_NOT_FOUND);
              else if (status == 409)
                g_assert_error (error, VD_API_ERROR, VD_API_ERROR_CONFLICT);
              else if (status == 422)
                g_assert_error (error, VD_API_ERROR, VD_API_ERROR_VALIDATION);
              else if (status == 429)
                g_assert_error (error, VD_API_ERROR, VD_API_ERROR_RATE_LIMITED);
              else if (status >= 500 && status != 504)
                g_assert_error (error, VD_API_ERROR, VD_API_ERROR_SERVER);
            }

          g_assert_cmpuint (vd_api_error_get_retry_after (error), <=, 24 * 60 * 60);
          for (guint f = 0; f < vd_api_error_get_n_fields (error); f++)
            {
              g_assert_nonnull (vd_api_error_get_field (error, f));
              g_assert_nonnull (vd_api_error_lookup_field (error, vd_api_error_get_field (error, f)));
              vd_api_error_get_field_code (error, f);
            }
          if (vd_api_error_get_code (error) != NULL)
            g_assert_cmpuint (strlen (vd_api_error_get_code (error)), <=, 64);
        }
    }

  g_test_message ("%u answers, %u errors", n_roots, n_errors);
  g_assert_cmpuint (n_roots + n_errors, ==, N_FUZZ);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/vd/client/hostile/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("truncated-json", test_truncated_json);
  ADD ("wrong-shape", test_wrong_shape);
  g_test_add_func ("/vd/client/hostile/json-getters", test_json_getters);
  ADD ("huge-string", test_huge_string);
  ADD ("too-large", test_too_large);
  ADD ("deep-nesting", test_deep_nesting);
  ADD ("server-error-retried", test_server_error_retried);
  ADD ("retry-then-success", test_retry_then_success);
  ADD ("plain-text-404", test_plain_text_404);
  ADD ("code-wrong-type", test_code_wrong_type);
  ADD ("validation-errors-not-a-list", test_validation_errors_not_a_list);
  ADD ("retry-after", test_retry_after);
  ADD ("not-utf8", test_not_utf8);
  ADD ("empty-answers", test_empty_answers);
  ADD ("no-answer-timeout", test_no_answer_timeout);
  ADD ("connection-refused", test_connection_refused);
  ADD ("raw-replies", test_raw_replies);
  ADD ("redirect-not-followed", test_redirect_not_followed);
  ADD ("tls-to-plain-http", test_tls_to_plain_http);
  ADD ("cancel-queued", test_cancel_queued);
  ADD ("cancel-backing-off", test_cancel_backing_off);
  ADD ("concurrency-cap", test_concurrency_cap);
  ADD ("refresh-single-flight", test_refresh_single_flight);
  ADD ("refresh-hostile-answers", test_refresh_hostile_answers);
  ADD ("fuzz", test_fuzz);

#undef ADD

  return g_test_run ();
}
