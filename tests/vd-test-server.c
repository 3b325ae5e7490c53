/* vd-test-server.c — tests talk real HTTP to a real vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-test-server"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>

#include "vd-test-server.h"

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
launch (VdTestServer *server)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) stdout_stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *binary = g_getenv ("VIDINFRA_LOCAL");

  g_assert_nonnull (binary);

  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "--port=0");
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, server->data_dir);
  for (guint i = 0; server->args && server->args[i]; i++)
    g_ptr_array_add (argv, server->args[i]);
  g_ptr_array_add (argv, NULL);

  /* The server dies with the test, even when the test aborts */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* Sanitized servers keep the fast unwinder: the slow one the tests need
   * for their suppressions would triple the servers' time */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1", TRUE);

  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (stdout_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "vidinfra-local listening on "))
    g_error ("vidinfra-local did not start: “%s”", line ? line : "(no output)");

  g_free (server->base_url);
  server->base_url = g_strdup (line + strlen ("vidinfra-local listening on "));
}

VdTestServer *
vd_test_server_start (const char *first_arg,
                      ...)
{
  VdTestServer *server = g_new0 (VdTestServer, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  server->args = g_strv_builder_end (builder);

  server->data_dir = g_dir_make_tmp ("vd-test-XXXXXX", &error);
  g_assert_no_error (error);

  /* No proxy lookup: with isolated directories there are no GSettings
   * schemas for it, and loopback needs no proxy */
  server->session = soup_session_new_with_options ("timeout", 60, "user-agent", "vd-test/1.0",
                                                   "proxy-resolver", NULL, NULL);

  launch (server);
  return server;
}

static void
wait_for_exit (VdTestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
}

void
vd_test_server_stop (VdTestServer *server)
{
  if (server->process == NULL)
    return;

  g_subprocess_send_signal (server->process, SIGTERM);
  wait_for_exit (server);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
}

void
vd_test_server_kill (VdTestServer *server)
{
  if (server->process == NULL)
    return;

  g_subprocess_force_exit (server->process);
  wait_for_exit (server);
  g_clear_object (&server->process);
}

void
vd_test_server_restart (VdTestServer *server)
{
  g_assert_null (server->process);
  /* Connections to the old process are useless now */
  soup_session_abort (server->session);
  launch (server);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }

  g_rmdir (path);
}

void
vd_test_server_free (VdTestServer *server)
{
  if (server == NULL)
    return;

  vd_test_server_stop (server);
  remove_tree (server->data_dir);
  g_free (server->data_dir);
  g_free (server->base_url);
  g_strfreev (server->args);
  g_clear_object (&server->session);
  g_free (server);
}

void
vd_test_response_free (VdTestResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->body);
  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

VdTestResponse *
vd_test_request_full (VdTestServer *server,
                      const char   *method,
                      const char   *path,
                      const char   *token,
                      const char   *organization_id,
                      const char   *content_type,
                      const char   *body,
                      gssize        length)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  VdTestResponse *response;

  g_assert_nonnull (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  if (organization_id != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Organization-Id", organization_id);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json",
                                                request_body);
    }

  bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);

  response = g_new0 (VdTestResponse, 1);
  response->status = soup_message_get_status (msg);
  response->body = g_strndup (g_bytes_get_data (bytes, &response->length), g_bytes_get_size (bytes));
  response->root = json_from_string (response->body, NULL);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

VdTestResponse *
vd_test_request (VdTestServer *server,
                 const char   *method,
                 const char   *path,
                 const char   *token,
                 const char   *body)
{
  return vd_test_request_full (server, method, path, token, NULL, NULL, body, -1);
}

JsonObject *
vd_test_response_object (VdTestResponse *response)
{
  if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    g_error ("Expected a JSON object, got: %s", response->body);

  return json_node_get_object (response->root);
}

JsonObject *
vd_test_result_object (VdTestResponse *response)
{
  JsonNode *result = json_object_get_member (vd_test_response_object (response), "result");

  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    g_error ("Expected an object result, got: %s", response->body);

  return json_node_get_object (result);
}

JsonArray *
vd_test_result_array (VdTestResponse *response)
{
  JsonNode *result = json_object_get_member (vd_test_response_object (response), "result");

  if (result == NULL || !JSON_NODE_HOLDS_ARRAY (result))
    g_error ("Expected an array result, got: %s", response->body);

  return json_node_get_array (result);
}

const char *
vd_test_response_code (VdTestResponse *response)
{
  if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    return NULL;

  return json_object_get_string_member_with_default (json_node_get_object (response->root), "code", NULL);
}

gint64
vd_test_response_total (VdTestResponse *response)
{
  JsonObject *root = vd_test_response_object (response);
  JsonObject *meta = json_object_get_object_member (root, "meta");
  JsonObject *pagination = meta ? json_object_get_object_member (meta, "pagination") : NULL;

  g_assert_nonnull (pagination);
  return json_object_get_int_member (pagination, "total");
}

char *
vd_test_login (VdTestServer  *server,
               const char    *email,
               const char    *password,
               char         **refresh_token)
{
  g_autofree char *body = vd_test_json ("{\"email\": \"%s\", \"password\": \"%s\"}", email, password);
  g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/login", NULL, body);
  JsonObject *root;

  vd_test_assert_status (response, 200, NULL);
  root = vd_test_response_object (response);
  if (refresh_token != NULL)
    *refresh_token = g_strdup (json_object_get_string_member (root, "refresh_token"));

  return g_strdup (json_object_get_string_member (root, "access_token"));
}

char *
vd_test_register (VdTestServer *server,
                  const char   *first_name,
                  const char   *email)
{
  g_autofree char *body = vd_test_json ("{\"first_name\": \"%s\", \"last_name\": \"Tester\", \"email\": \"%s\","
                                        " \"password\": \"%s\", \"newsletter\": false}",
                                        first_name, email, VD_TEST_PASSWORD);
  g_autoptr(VdTestResponse) response = vd_test_request (server, "POST", "/auth/register", NULL, body);
  g_autoptr(VdTestResponse) verified = NULL;
  g_autofree char *code = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  char *token;

  vd_test_assert_status (response, 201, NULL);
  token = g_strdup (json_object_get_string_member (vd_test_response_object (response), "access_token"));

  code = vd_test_outbox_value (server, email, "Code");
  g_assert_nonnull (code);
  escaped = g_uri_escape_string (email, NULL, FALSE);
  path = g_strdup_printf ("/auth/verify/%s/%s", escaped, code);
  verified = vd_test_request (server, "GET", path, token, NULL);
  vd_test_assert_status (verified, 200, NULL);

  return token;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static GPtrArray *
outbox_files (VdTestServer *server)
{
  g_autofree char *outbox = g_build_filename (server->data_dir, "outbox", NULL);
  g_autoptr(GDir) dir = g_dir_open (outbox, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_suffix (name, ".eml"))
        g_ptr_array_add (files, g_build_filename (outbox, name, NULL));

  g_ptr_array_sort (files, compare_names);
  return files;
}

guint
vd_test_outbox_count (VdTestServer *server)
{
  g_autoptr(GPtrArray) files = outbox_files (server);

  return files->len;
}

char *
vd_test_outbox_last (VdTestServer *server,
                     const char   *to)
{
  g_autoptr(GPtrArray) files = outbox_files (server);
  g_autofree char *header = g_strdup_printf ("To: %s\n", to);

  for (guint i = files->len; i > 0; i--)
    {
      g_autofree char *contents = NULL;

      if (g_file_get_contents (files->pdata[i - 1], &contents, NULL, NULL) &&
          g_ascii_strncasecmp (contents, header, strlen (header)) == 0)
        return g_steal_pointer (&contents);
    }

  return NULL;
}

char *
vd_test_outbox_value (VdTestServer *server,
                      const char   *to,
                      const char   *label)
{
  g_autofree char *mail = vd_test_outbox_last (server, to);
  g_autofree char *prefix = g_strconcat (label, ": ", NULL);
  g_auto(GStrv) lines = NULL;

  if (mail == NULL)
    return NULL;

  lines = g_strsplit (mail, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i] + strlen (prefix));

  return NULL;
}

static sqlite3 *
open_database (VdTestServer *server)
{
  g_autofree char *path = g_build_filename (server->data_dir, "vidinfra.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

char *
vd_test_db_query (VdTestServer *server,
                  const char   *sql)
{
  sqlite3 *db = open_database (server);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

char *
vd_test_db_dump (VdTestServer *server)
{
  static const char * const tables[] = {
    "users", "organizations", "members", "projects", "folders", "invitations", "audits", "api_keys",
    "sessions", "refresh_tokens", "access_tokens", "email_codes", "reset_tokens",
  };
  sqlite3 *db = open_database (server);
  GString *dump = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (dump, "[%s]\n", tables[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          /* last_active_at moves on reads; it is not a change anyone made */
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            if (g_strcmp0 (sqlite3_column_name (stmt, c), "last_active_at") != 0)
              g_string_append_printf (dump, "%s|", sqlite3_column_text (stmt, c) ?
                                      (const char *) sqlite3_column_text (stmt, c) : "NULL");
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }

  sqlite3_close (db);
  return g_string_free (dump, FALSE);
}

char *
vd_test_json (const char *format,
              ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  return text;
}

/* JSON written with ' for ", printf-style */
char *
vd_test_jq (const char *format,
            ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_strdelimit (text, "'", '"');
  return text;
}

/* A string member, asserting it is there; NULL for JSON null */
const char *
vd_test_jstr (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    g_error ("No member “%s”", member);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_assert_true (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING);

  return json_node_get_string (node);
}

JsonObject *
vd_test_jobj (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    g_error ("Member “%s” is not an object", member);

  return json_node_get_object (node);
}

JsonArray *
vd_test_jarr (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    g_error ("Member “%s” is not an array", member);

  return json_node_get_array (node);
}

gboolean
vd_test_jbool (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN);
  return json_node_get_boolean (node);
}

gint64
vd_test_jint (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64);
  return json_node_get_int (node);
}

/* Seconds since the epoch of an ISO 8601 member */
gint64
vd_test_jtime (JsonObject *object,
               const char *member)
{
  const char *text = vd_test_jstr (object, member);
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (text);
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    g_error ("“%s” is not an ISO 8601 time: %s", member, text);

  return g_date_time_to_unix (dt);
}

/* The object of the array whose member is value, or NULL */
JsonObject *
vd_test_find_item (JsonArray  *array,
                   const char *member,
                   const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (g_strcmp0 (vd_test_jstr (item, member), value) == 0)
        return item;
    }

  return NULL;
}

JsonObject *
vd_test_pagination (VdTestResponse *response)
{
  return vd_test_jobj (vd_test_jobj (vd_test_response_object (response), "meta"), "pagination");
}

/* 422 validation_failed whose first error is on field (a prefix) with code (unless NULL) */
void
vd_test_assert_invalid (VdTestResponse *response,
                        const char     *field_prefix,
                        const char     *code)
{
  JsonArray *errors;
  JsonObject *error;

  vd_test_assert_status (response, 422, "validation_failed");
  g_assert_false (vd_test_jbool (vd_test_response_object (response), "success"));
  errors = vd_test_jarr (vd_test_response_object (response), "errors");
  g_assert_cmpuint (json_array_get_length (errors), >=, 1);
  error = json_array_get_object_element (errors, 0);
  if (!g_str_has_prefix (vd_test_jstr (error, "field"), field_prefix))
    g_error ("Expected an error on “%s…”, got: %s", field_prefix, response->body);
  if (code != NULL)
    g_assert_cmpstr (vd_test_jstr (error, "code"), ==, code);
}

VdMember *
vd_test_member_new (const char *organization_id,
                    const char *first_name,
                    const char *email)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  VdMember *member;

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "user_id", id);
  json_object_set_string_member (object, "first_name", first_name);
  json_object_set_string_member (object, "last_name", email);
  json_object_set_string_member (object, "email", email);
  json_object_set_string_member (object, "role", "member");
  json_object_set_string_member (object, "joined_at", "2026-01-01T00:00:00Z");
  json_object_set_array_member (object, "permissions", json_array_new ());
  member = vd_member_new_from_json (organization_id, object, &error);
  g_assert_no_error (error);
  return member;
}
