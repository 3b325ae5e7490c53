/* vd-server.c — vidinfra-local: routing, authorization and the helpers every route uses
 *
 * A request goes through one path: match a route (404/405), check the body's
 * size (413), authenticate (401/403), resolve the organization and the caller's
 * role in it (404/409/403), parse the JSON body (400), and only then call the
 * route's handler. Authorization is therefore decided in one place, from the
 * route table, before any handler work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-server"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "vd-server-private.h"

#define LOGIN_WINDOW_USEC   (15 * G_TIME_SPAN_MINUTE)
#define LOGIN_MAX_FAILURES  10
#define SHUTDOWN_GRACE_MSEC 5000

struct _VdServer
{
  GObject         parent_instance;

  VdServerConfig  config;
  VdDatabase     *db;
  SoupServer     *soup;
  GHashTable     *login_failures;  /* email (folded) → GArray of gint64 */
  guint8          secret[32];
  guint           mail_counter;

  guint           in_flight;
  guint           tasks;           /* password work running in threads */
  gboolean        shutting_down;
  gboolean        closed;
  GCallback       shutdown_cb;
  gpointer        shutdown_data;
  guint           shutdown_timeout_id;
};

G_DEFINE_FINAL_TYPE (VdServer, vd_server, G_TYPE_OBJECT)

static const VdRoute *route_tables[] = {
  vd_auth_routes,
  vd_organization_routes,
  vd_member_routes,
  vd_invitation_routes,
  vd_misc_routes,
};

static void
vd_server_finalize (GObject *object)
{
  VdServer *self = (VdServer *)object;

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  if (self->db != NULL)
    vd_database_close (self->db);
  g_clear_object (&self->db);
  g_clear_pointer (&self->login_failures, g_hash_table_unref);
  g_clear_pointer (&self->config.data_dir, g_free);
  sodium_memzero (self->secret, sizeof self->secret);

  G_OBJECT_CLASS (vd_server_parent_class)->finalize (object);
}

static void
vd_server_class_init (VdServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vd_server_finalize;
}

static void
vd_server_init (VdServer *self)
{
  self->login_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_array_unref);
}

/* The secret behind invitation tokens: random, kept beside the database with
 * mode 0600, so that tokens can be shown again to their invitee while only
 * their hashes are stored. */
static gboolean
load_secret (VdServer  *self,
             GError   **error)
{
  g_autofree char *path = g_build_filename (self->config.data_dir, "server.key", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_get_contents (path, &contents, &length, NULL) && length == sizeof self->secret)
    {
      memcpy (self->secret, contents, sizeof self->secret);
      sodium_memzero (contents, length);
      return TRUE;
    }

  randombytes_buf (self->secret, sizeof self->secret);
  if (!g_file_set_contents_full (path, (const char *) self->secret, sizeof self->secret,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;

  return TRUE;
}

VdServer *
vd_server_new (const VdServerConfig  *config,
               GError               **error)
{
  g_autoptr(VdServer) self = g_object_new (VD_TYPE_SERVER, NULL);
  g_autofree char *db_path = NULL;
  g_autofree char *outbox = NULL;

  g_return_val_if_fail (config != NULL && config->data_dir != NULL, NULL);

  self->config = *config;
  self->config.data_dir = g_strdup (config->data_dir);

  outbox = g_build_filename (self->config.data_dir, "outbox", NULL);
  if (g_mkdir_with_parents (outbox, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", outbox, g_strerror (saved_errno));
      return NULL;
    }

  if (!load_secret (self, error))
    return NULL;

  db_path = g_build_filename (self->config.data_dir, "vidinfra.db", NULL);
  self->db = vd_database_open (db_path, error);
  if (self->db == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

VdDatabase *
vd_server_get_database (VdServer *self)
{
  g_return_val_if_fail (VD_IS_SERVER (self), NULL);

  return self->db;
}

const VdServerConfig *
vd_server_get_config (VdServer *self)
{
  return &self->config;
}

/* Requests */

static void
vd_request_free (VdRequest *req)
{
  g_clear_object (&req->msg);
  g_clear_pointer (&req->params, g_strfreev);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->body, json_object_unref);
  g_clear_pointer (&req->ip_address, g_free);
  g_clear_pointer (&req->user_id, g_free);
  g_clear_pointer (&req->user_email, g_free);
  g_clear_pointer (&req->session_id, g_free);
  g_clear_pointer (&req->org_id, g_free);
  g_clear_pointer (&req->member_id, g_free);
  g_clear_pointer (&req->role, g_free);
  g_clear_object (&req->permissions);
  g_clear_object (&req->server);
  g_free (req);
}

VdRequest *
vd_request_ref (VdRequest *req)
{
  g_atomic_ref_count_inc (&req->ref_count);
  return req;
}

void
vd_request_unref (VdRequest *req)
{
  if (g_atomic_ref_count_dec (&req->ref_count))
    vd_request_free (req);
}

/* Answers */

void
vd_reply_json (VdRequest  *req,
               guint       status,
               JsonObject *envelope)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), envelope);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *data;
  gsize length;

  g_return_if_fail (!req->replied);

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE, data, length);
  req->replied = TRUE;
}

void
vd_reply_object (VdRequest  *req,
                 guint       status,
                 const char *message,
                 JsonNode   *result)
{
  g_autoptr(JsonObject) envelope = json_object_new ();

  json_object_set_boolean_member (envelope, "success", TRUE);
  json_object_set_string_member (envelope, "message", message);
  if (result != NULL)
    json_object_set_member (envelope, "result", result);
  vd_reply_json (req, status, envelope);
}

void
vd_reply_message (VdRequest  *req,
                  const char *message)
{
  vd_reply_object (req, SOUP_STATUS_OK, message, NULL);
}

void
vd_reply_list (VdRequest  *req,
               const char *message,
               JsonArray  *items,
               gint64      page,
               gint64      limit,
               gint64      total)
{
  g_autoptr(JsonObject) envelope = json_object_new ();
  JsonObject *meta = json_object_new ();
  JsonObject *pagination = json_object_new ();

  json_object_set_boolean_member (envelope, "success", TRUE);
  json_object_set_string_member (envelope, "message", message);
  json_object_set_array_member (envelope, "result", json_array_ref (items));
  json_object_set_int_member (pagination, "page", page);
  json_object_set_int_member (pagination, "page_size", limit);
  json_object_set_int_member (pagination, "total", total);
  json_object_set_int_member (pagination, "total_pages", limit > 0 ? (total + limit - 1) / limit : 0);
  json_object_set_object_member (meta, "pagination", pagination);
  json_object_set_object_member (envelope, "meta", meta);
  vd_reply_json (req, SOUP_STATUS_OK, envelope);
}

static void
reply_error_full (VdRequest  *req,
                  guint       status,
                  const char *code,
                  const char *message,
                  JsonArray  *errors)
{
  g_autoptr(JsonObject) envelope = json_object_new ();

  json_object_set_boolean_member (envelope, "success", FALSE);
  json_object_set_string_member (envelope, "message", message);
  json_object_set_string_member (envelope, "code", code);
  if (errors != NULL)
    json_object_set_array_member (envelope, "errors", json_array_ref (errors));
  vd_reply_json (req, status, envelope);
}

void
vd_reply_error (VdRequest  *req,
                guint       status,
                const char *code,
                const char *message)
{
  reply_error_full (req, status, code, message, NULL);
}

void
vd_reply_invalid (VdRequest  *req,
                  const char *field,
                  const char *code,
                  const char *message)
{
  g_autoptr(JsonArray) errors = json_array_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "field", field);
  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  json_array_add_object_element (errors, error);
  reply_error_full (req, 422, "validation_failed", "The request is not valid", errors);
}

void
vd_reply_internal (VdRequest *req)
{
  g_warning ("%s %s failed: %s", req->route ? req->route->method : "?",
             req->route ? req->route->pattern : "?", vd_database_get_error (req->db));
  vd_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error",
                  "The server could not complete the request");
}

/* Body fields */

static gboolean
body_member (VdRequest   *req,
             const char  *field,
             gboolean     required,
             JsonNode   **node)
{
  *node = req->body ? json_object_get_member (req->body, field) : NULL;

  if (*node == NULL || JSON_NODE_HOLDS_NULL (*node))
    {
      *node = NULL;
      if (required)
        {
          vd_reply_invalid (req, field, "required", "This field is required");
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

gboolean
vd_body_string (VdRequest   *req,
                const char  *field,
                gboolean     required,
                gsize        min_length,
                gsize        max_length,
                const char **value)
{
  JsonNode *node;
  const char *text;
  glong length;

  *value = NULL;
  if (!body_member (req, field, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      vd_reply_invalid (req, field, "invalid_type", "This field must be a string");
      return FALSE;
    }

  text = json_node_get_string (node);
  length = g_utf8_strlen (text, -1);
  if (required && min_length > 0 && is_blank (text))
    {
      vd_reply_invalid (req, field, "required", "This field is required");
      return FALSE;
    }
  if ((gsize) length < min_length)
    {
      g_autofree char *message = g_strdup_printf ("At least %zu characters", min_length);
      vd_reply_invalid (req, field, "too_short", message);
      return FALSE;
    }
  if ((gsize) length > max_length)
    {
      g_autofree char *message = g_strdup_printf ("At most %zu characters", max_length);
      vd_reply_invalid (req, field, "too_long", message);
      return FALSE;
    }

  *value = text;
  return TRUE;
}

gboolean
vd_body_boolean (VdRequest  *req,
                 const char *field,
                 gboolean    required,
                 gboolean    default_value,
                 gboolean   *value)
{
  JsonNode *node;

  *value = default_value;
  if (!body_member (req, field, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      vd_reply_invalid (req, field, "invalid_type", "This field must be true or false");
      return FALSE;
    }

  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
vd_validate_email (const char *email)
{
  const char *at;
  const char *dot;
  glong length;

  if (email == NULL)
    return FALSE;

  length = g_utf8_strlen (email, -1);
  if (length < 5 || length > VD_MAX_EMAIL_LENGTH)
    return FALSE;

  for (const char *p = email; *p; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == ',' || *p == ';' ||
        *p == '<' || *p == '>' || *p == '"')
      return FALSE;

  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;

  dot = strrchr (at + 1, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0')
    return FALSE;

  return TRUE;
}

gboolean
vd_body_email (VdRequest   *req,
               const char  *field,
               const char **value)
{
  if (!vd_body_string (req, field, TRUE, 1, VD_MAX_EMAIL_LENGTH, value))
    return FALSE;

  if (!vd_validate_email (*value))
    {
      vd_reply_invalid (req, field, "invalid", "This is not a valid email address");
      return FALSE;
    }

  return TRUE;
}

gboolean
vd_validate_password (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;
  glong length;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    return FALSE;

  length = g_utf8_strlen (password, -1);
  if (length < 8 || length > 100)
    return FALSE;

  for (const char *p = password; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        lower = TRUE;
      else if (g_unichar_isupper (c))
        upper = TRUE;
      else if (g_unichar_isdigit (c))
        digit = TRUE;
      else
        other = TRUE;
    }

  return lower && upper && digit && other;
}

gboolean
vd_body_password (VdRequest   *req,
                  const char  *field,
                  const char **value)
{
  JsonNode *node;

  *value = NULL;
  if (!body_member (req, field, TRUE, &node))
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      vd_reply_invalid (req, field, "invalid_type", "This field must be a string");
      return FALSE;
    }

  if (!vd_validate_password (json_node_get_string (node)))
    {
      vd_reply_invalid (req, field, "weak_password",
                        "Use 8 to 100 characters with a lower-case letter, an upper-case "
                        "letter, a digit and another character");
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
project_exists_cb (const char *project_id,
                   gpointer    user_data)
{
  VdRequest *req = user_data;

  return vd_database_query_int (req->db, 0,
                                "SELECT 1 FROM projects WHERE id = ? AND organization_id = ?",
                                "ss", project_id, req->org_id) == 1;
}

static gboolean
folder_exists_cb (const char *project_id,
                  const char *folder_id,
                  gpointer    user_data)
{
  VdRequest *req = user_data;

  return vd_database_query_int (req->db, 0,
                                "SELECT 1 FROM folders f JOIN projects p ON p.id = f.project_id"
                                " WHERE f.id = ? AND f.project_id = ? AND p.organization_id = ?",
                                "sss", folder_id, project_id, req->org_id) == 1;
}

gboolean
vd_body_permissions (VdRequest      *req,
                     const char     *field,
                     gboolean        required,
                     VdPermissions **permissions)
{
  g_autoptr(VdPermissions) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *error_field = NULL;
  JsonNode *node;

  *permissions = NULL;
  if (!body_member (req, field, required, &node))
    return FALSE;

  parsed = vd_permissions_new_from_json (req->org_id, node, VD_PARSE_STRICT, &error_field, &error);
  if (parsed == NULL ||
      !vd_permissions_validate (parsed, project_exists_cb, folder_exists_cb, req,
                                &error_field, &error))
    {
      g_autofree char *path = g_strconcat (field, error_field ? error_field : "", NULL);
      const char *code = "invalid";

      if (g_error_matches (error, VD_GRANT_ERROR, VD_GRANT_ERROR_UNKNOWN_FIELD))
        code = "unknown_field";
      else if (g_error_matches (error, VD_GRANT_ERROR, VD_GRANT_ERROR_UNKNOWN_ENTITY))
        code = "unknown_entity";

      vd_reply_invalid (req, path, code, error->message);
      return FALSE;
    }

  *permissions = g_steal_pointer (&parsed);
  return TRUE;
}

/* Lists */

void
vd_list_params_clear (VdListParams *params)
{
  g_clear_pointer (&params->search_like, g_free);
}

static gboolean
parse_positive (const char *text,
                gint64      max,
                gint64     *value)
{
  guint64 parsed;

  if (text == NULL || *text == '\0')
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, max, &parsed, NULL))
    return FALSE;

  *value = (gint64) parsed;
  return TRUE;
}

gboolean
vd_list_params_parse (VdRequest          *req,
                      const char * const *sort_keys,
                      const char         *default_sort,
                      VdListParams       *params)
{
  const char *page = g_hash_table_lookup (req->query, "page");
  const char *limit = g_hash_table_lookup (req->query, "limit");
  const char *sort = g_hash_table_lookup (req->query, "sort");
  const char *search = g_hash_table_lookup (req->query, "search");

  params->page = 1;
  params->limit = VD_LIST_DEFAULT_LIMIT;

  if (page != NULL && !parse_positive (page, G_MAXINT32, &params->page))
    {
      vd_reply_invalid (req, "page", "invalid", "The page must be a whole number from 1");
      return FALSE;
    }
  if (limit != NULL && !parse_positive (limit, VD_LIST_MAX_LIMIT, &params->limit))
    {
      vd_reply_invalid (req, "limit", "invalid", "The limit must be a whole number from 1 to 500");
      return FALSE;
    }
  params->offset = (params->page - 1) * params->limit;

  if (sort == NULL || *sort == '\0')
    sort = default_sort;
  params->descending = sort[0] == '-';
  if (params->descending)
    sort++;
  params->sort = NULL;
  for (guint i = 0; sort_keys[i] != NULL; i++)
    if (g_str_equal (sort, sort_keys[i]))
      params->sort = sort_keys[i];
  if (params->sort == NULL)
    {
      vd_reply_invalid (req, "sort", "invalid", "This list cannot be sorted by that field");
      return FALSE;
    }

  if (search != NULL)
    {
      if (!g_utf8_validate (search, -1, NULL))
        {
          vd_reply_invalid (req, "search", "invalid", "The search is not text");
          return FALSE;
        }
      if (g_utf8_strlen (search, -1) > VD_MAX_NAME_LENGTH)
        {
          vd_reply_invalid (req, "search", "too_long", "At most 255 characters");
          return FALSE;
        }
      if (*search != '\0')
        params->search_like = vd_like_pattern (search);
    }

  return TRUE;
}

const char *
vd_list_filter (VdRequest  *req,
                const char *field,
                const char *op)
{
  g_autofree char *key = g_strdup_printf ("filter[%s][%s]", field, op);

  return g_hash_table_lookup (req->query, key);
}

gboolean
vd_list_params_check_filters (VdRequest          *req,
                              const char * const *allowed)
{
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, req->query);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    {
      gboolean known = FALSE;

      if (!g_str_has_prefix (key, "filter"))
        continue;

      for (guint i = 0; allowed != NULL && allowed[i] != NULL; i++)
        if (g_str_equal (key, allowed[i]))
          known = TRUE;

      if (!known)
        {
          vd_reply_invalid (req, key, "unknown_filter", "This list cannot be filtered that way");
          return FALSE;
        }
    }

  return TRUE;
}

char *
vd_like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

/* Time */

char *
vd_time_to_iso (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
vd_time_from_iso (const char *text,
                  gint64     *usec)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || strlen (text) > 64)
    return FALSE;

  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL && strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (midnight, utc);
    }
  if (dt == NULL)
    return FALSE;

  *usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

void
vd_json_set_time (JsonObject *object,
                  const char *member,
                  VdStmt     *stmt,
                  int         column)
{
  if (vd_stmt_is_null (stmt, column))
    json_object_set_null_member (object, member);
  else
    {
      g_autofree char *iso = vd_time_to_iso (vd_stmt_int (stmt, column));

      json_object_set_string_member (object, member, iso);
    }
}

void
vd_json_set_text (JsonObject *object,
                  const char *member,
                  VdStmt     *stmt,
                  int         column)
{
  if (vd_stmt_is_null (stmt, column))
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, vd_stmt_text (stmt, column));
}

/* Secrets */

static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *end;

  for (char *p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  end = strchr (text, '=');
  if (end != NULL)
    *end = '\0';

  return text;
}

char *
vd_token_new (const char *prefix)
{
  guint8 bytes[32];
  g_autofree char *encoded = NULL;

  randombytes_buf (bytes, sizeof bytes);
  encoded = base64url (bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);

  return g_strconcat (prefix, encoded, NULL);
}

char *
vd_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

char *
vd_code_new (void)
{
  return g_strdup_printf ("%06u", randombytes_uniform (1000000));
}

char *
vd_id_new (void)
{
  return g_uuid_string_random ();
}

char *
vd_server_derive_token (VdServer   *self,
                        const char *prefix,
                        const char *nonce)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, self->secret, sizeof self->secret);
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autofree char *encoded = NULL;

  g_hmac_update (hmac, (const guchar *) nonce, -1);
  g_hmac_get_digest (hmac, digest, &length);
  encoded = base64url (digest, length);

  return g_strconcat (prefix, encoded, NULL);
}

/* Login rate limit */

static GArray *
recent_failures (VdServer   *self,
                 const char *email,
                 gint64      now)
{
  g_autofree char *key = g_utf8_casefold (email, -1);
  GArray *failures = g_hash_table_lookup (self->login_failures, key);

  if (failures == NULL)
    return NULL;

  while (failures->len > 0 && g_array_index (failures, gint64, 0) <= now - LOGIN_WINDOW_USEC)
    g_array_remove_index (failures, 0);

  if (failures->len == 0)
    {
      g_hash_table_remove (self->login_failures, key);
      return NULL;
    }

  return failures;
}

gint64
vd_server_login_blocked (VdServer   *self,
                         const char *email,
                         gint64      now)
{
  GArray *failures = recent_failures (self, email, now);
  gint64 oldest;

  if (failures == NULL || failures->len < LOGIN_MAX_FAILURES)
    return 0;

  oldest = g_array_index (failures, gint64, failures->len - LOGIN_MAX_FAILURES);
  return MAX (1, (oldest + LOGIN_WINDOW_USEC - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
vd_server_login_failed (VdServer   *self,
                        const char *email,
                        gint64      now)
{
  GArray *failures = recent_failures (self, email, now);

  if (failures == NULL)
    {
      failures = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->login_failures, g_utf8_casefold (email, -1), failures);
    }

  g_array_append_val (failures, now);
  /* Only the last LOGIN_MAX_FAILURES matter */
  if (failures->len > LOGIN_MAX_FAILURES)
    g_array_remove_index (failures, 0);
}

void
vd_server_login_succeeded (VdServer   *self,
                           const char *email)
{
  g_autofree char *key = g_utf8_casefold (email, -1);

  g_hash_table_remove (self->login_failures, key);
}

/* Audit and mail */

gboolean
vd_audit (VdRequest  *req,
          const char *org_id,
          const char *action,
          const char *entity_type,
          const char *entity_id,
          JsonObject *metadata)
{
  g_autofree char *id = vd_id_new ();
  g_autofree char *text = NULL;

  if (metadata != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), metadata);
      text = json_to_string (node, FALSE);
    }

  return vd_database_exec (req->db,
                           "INSERT INTO audits (id, organization_id, actor_id, action, entity_type,"
                           " entity_id, metadata, ip_address, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           "ssssssssi", id, org_id, req->user_id, action, entity_type, entity_id,
                           text ? text : "{}", req->ip_address ? req->ip_address : "", req->now);
}

void
vd_mail (VdRequest  *req,
         const char *to,
         const char *subject,
         const char *body)
{
  VdServer *self = req->server;
  g_autofree char *date = vd_time_to_iso (req->now);
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT "-%05u.eml", req->now,
                                           ++self->mail_counter);
  g_autofree char *path = g_build_filename (self->config.data_dir, "outbox", name, NULL);
  g_autofree char *contents = g_strdup_printf ("To: %s\nSubject: %s\nDate: %s\n\n%s\n",
                                               to, subject, date, body);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("Cannot write to the outbox: %s", error->message);
}

static void maybe_finish_shutdown (VdServer *self);

/* Passwords, off the main loop */

typedef struct
{
  VdRequest      *req;
  char           *password;
  char           *hash;
  VdPasswordDone  done;
  gpointer        user_data;
  GDestroyNotify  destroy;
  gboolean        verify;
  gboolean        ok;
} PasswordWork;

static void
password_work_free (PasswordWork *work)
{
  if (work->password != NULL)
    sodium_memzero (work->password, strlen (work->password));
  g_free (work->password);
  g_free (work->hash);
  if (work->destroy != NULL)
    work->destroy (work->user_data);
  g_clear_pointer (&work->req, vd_request_unref);
  g_free (work);
}

char *
vd_password_hash_sync (const char *password)
{
  char hash[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return NULL;

  return g_strdup (hash);
}

static void
password_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PasswordWork *work = task_data;

  if (work->verify && work->hash == NULL)
    {
      /* No such account: spend the same time, so that timing tells nothing */
      g_autofree char *burnt = vd_password_hash_sync (work->password);
      work->ok = FALSE;
    }
  else if (work->verify)
    {
      work->ok = crypto_pwhash_str_verify (work->hash, work->password, strlen (work->password)) == 0;
    }
  else
    {
      work->hash = vd_password_hash_sync (work->password);
      work->ok = work->hash != NULL;
    }

  g_task_return_boolean (task, TRUE);
}

static void
password_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PasswordWork *work = g_task_get_task_data (G_TASK (result));
  VdRequest *req = work->req;

  VdServer *self = req->server;

  self->tasks--;
  req->pending--;
  req->now = g_get_real_time ();
  if (self->closed)
    vd_reply_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "The server is stopping");
  else
    work->done (req, work->ok, work->hash, work->user_data);

  /* The continuation may have started another piece of work */
  if (req->pending == 0)
    {
      if (!req->replied)
        vd_reply_internal (req);
      req->paused = FALSE;
      soup_server_message_unpause (req->msg);
    }
  maybe_finish_shutdown (self);
}

static void
password_run (VdRequest      *req,
              const char     *hash,
              const char     *password,
              gboolean        verify,
              VdPasswordDone  done,
              gpointer        user_data,
              GDestroyNotify  destroy)
{
  g_autoptr(GTask) task = g_task_new (req->server, NULL, password_done_cb, NULL);
  PasswordWork *work = g_new0 (PasswordWork, 1);

  work->req = vd_request_ref (req);
  work->password = g_strdup (password);
  work->hash = g_strdup (hash);
  work->verify = verify;
  work->done = done;
  work->user_data = user_data;
  work->destroy = destroy;

  req->server->tasks++;
  req->pending++;
  g_task_set_source_tag (task, password_run);
  g_task_set_task_data (task, work, (GDestroyNotify) password_work_free);
  if (!req->paused)
    {
      req->paused = TRUE;
      soup_server_message_pause (req->msg);
    }
  g_task_run_in_thread (task, password_thread);
}

void
vd_password_hash_async (VdRequest      *req,
                        const char     *password,
                        VdPasswordDone  done,
                        gpointer        user_data,
                        GDestroyNotify  destroy)
{
  password_run (req, NULL, password, FALSE, done, user_data, destroy);
}

void
vd_password_verify_async (VdRequest      *req,
                          const char     *hash,
                          const char     *password,
                          VdPasswordDone  done,
                          gpointer        user_data,
                          GDestroyNotify  destroy)
{
  password_run (req, hash, password, TRUE, done, user_data, destroy);
}

/* Routing */

static const VdRoute *
match_route (const char   *method,
             char        **segments,
             GPtrArray    *allowed,
             char       ***params_out)
{
  const VdRoute *best = NULL;
  int best_score = -1;
  guint n_segments = g_strv_length (segments);

  for (guint t = 0; t < G_N_ELEMENTS (route_tables); t++)
    {
      for (const VdRoute *route = route_tables[t]; route->method != NULL; route++)
        {
          g_auto(GStrv) pattern = g_strsplit (route->pattern + 1, "/", -1);
          int score = 0;
          gboolean matches;

          if (g_strv_length (pattern) != n_segments)
            continue;

          matches = TRUE;
          for (guint i = 0; i < n_segments && matches; i++)
            {
              if (g_str_equal (pattern[i], "{}"))
                matches = segments[i][0] != '\0';
              else if (g_str_equal (pattern[i], segments[i]))
                score++;
              else
                matches = FALSE;
            }

          if (!matches)
            continue;

          if (!g_str_equal (route->method, method))
            {
              if (!g_ptr_array_find_with_equal_func (allowed, route->method, g_str_equal, NULL))
                g_ptr_array_add (allowed, (gpointer) route->method);
              continue;
            }

          if (score > best_score)
            {
              best = route;
              best_score = score;
            }
        }
    }

  if (best != NULL)
    {
      g_auto(GStrv) pattern = g_strsplit (best->pattern + 1, "/", -1);
      GPtrArray *params = g_ptr_array_new ();

      for (guint i = 0; i < n_segments; i++)
        if (g_str_equal (pattern[i], "{}"))
          g_ptr_array_add (params, g_strdup (segments[i]));
      g_ptr_array_add (params, NULL);
      *params_out = (char **) g_ptr_array_free (params, FALSE);
    }

  return best;
}

static gboolean
authenticate (VdRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *hash = NULL;
  g_autoptr(VdStmt) stmt = NULL;
  gint64 last_active;
  gboolean optional = req->route->auth == VD_AUTH_OPTIONAL;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0 ||
      authorization[7] == '\0')
    {
      if (optional)
        return TRUE;
      vd_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "Sign in to do this");
      return FALSE;
    }

  hash = vd_token_hash (authorization + 7);
  stmt = vd_database_query (req->db,
                            "SELECT a.expires_at, s.id, s.user_id, s.revoked_at, s.expires_at,"
                            " s.last_active_at, u.email, u.email_verified_at"
                            " FROM access_tokens a"
                            " JOIN sessions s ON s.id = a.session_id"
                            " JOIN users u ON u.id = s.user_id"
                            " WHERE a.token_hash = ?",
                            "s", hash);

  if (sqlite3_step (stmt) != SQLITE_ROW || !vd_stmt_is_null (stmt, 3) ||
      vd_stmt_int (stmt, 4) <= req->now)
    {
      if (optional)
        return TRUE;
      vd_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_token",
                      "The access token is not valid; sign in again");
      return FALSE;
    }

  if (vd_stmt_int (stmt, 0) <= req->now)
    {
      if (optional)
        return TRUE;
      vd_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "token_expired",
                      "The access token has expired; refresh it");
      return FALSE;
    }

  req->session_id = g_strdup (vd_stmt_text (stmt, 1));
  req->user_id = g_strdup (vd_stmt_text (stmt, 2));
  last_active = vd_stmt_int (stmt, 5);
  req->user_email = g_strdup (vd_stmt_text (stmt, 6));
  req->verified = !vd_stmt_is_null (stmt, 7);
  vd_stmt_release (g_steal_pointer (&stmt));

  if (req->now - last_active > G_TIME_SPAN_MINUTE)
    vd_database_exec (req->db, "UPDATE sessions SET last_active_at = ?, ip_address = ? WHERE id = ?",
                      "iss", req->now, req->ip_address, req->session_id);

  if (req->route->auth == VD_AUTH_VERIFIED && !req->verified)
    {
      vd_reply_error (req, SOUP_STATUS_FORBIDDEN, "email_not_verified",
                      "Verify your email address first");
      return FALSE;
    }

  return TRUE;
}

static gboolean
resolve_organization (VdRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  g_autoptr(VdStmt) stmt = NULL;
  g_autofree char *org_id = NULL;
  const char *permissions;

  if (req->route->org == VD_ORG_NONE || req->user_id == NULL)
    return TRUE;

  if (req->route->org == VD_ORG_PATH)
    {
      org_id = g_strdup (req->params[0]);
    }
  else
    {
      const char *header = soup_message_headers_get_one (headers, "X-Organization-Id");

      if (header != NULL && *header != '\0')
        org_id = g_strdup (header);
      else
        org_id = vd_database_query_string (req->db,
                                           "SELECT s.current_organization_id FROM sessions s"
                                           " JOIN members m ON m.organization_id = s.current_organization_id"
                                           " AND m.user_id = s.user_id WHERE s.id = ?",
                                           "s", req->session_id);

      if (org_id == NULL)
        {
          vd_reply_error (req, SOUP_STATUS_CONFLICT, "no_current_organization",
                          "Choose an organization first");
          return FALSE;
        }
    }

  stmt = vd_database_query (req->db,
                            "SELECT id, role, permissions FROM members"
                            " WHERE organization_id = ? AND user_id = ?",
                            "ss", org_id, req->user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      vd_reply_not_found (req);
      return FALSE;
    }

  req->org_id = g_steal_pointer (&org_id);
  req->member_id = g_strdup (vd_stmt_text (stmt, 0));
  req->role = g_strdup (vd_stmt_text (stmt, 1));
  permissions = vd_stmt_text (stmt, 2);
  {
    g_autoptr(JsonNode) node = json_from_string (permissions, NULL);

    req->permissions = vd_permissions_new_from_json (req->org_id, node, VD_PARSE_TOLERANT, NULL, NULL);
    if (req->permissions == NULL)
      req->permissions = vd_permissions_new (req->org_id);
  }

  switch (req->route->role)
    {
    case VD_REQUIRE_ANY:
      return TRUE;

    case VD_REQUIRE_ADMIN:
      if (vd_role_is_admin (req->role))
        return TRUE;
      break;

    case VD_REQUIRE_OWNER:
      if (g_str_equal (req->role, "owner"))
        return TRUE;
      break;

    case VD_REQUIRE_API:
      if (vd_role_is_admin (req->role) || vd_permissions_get_api (req->permissions))
        return TRUE;
      break;

    default:
      g_assert_not_reached ();
    }

  vd_reply_forbidden (req, "Your role in this organization does not allow this");
  return FALSE;
}

static gboolean
is_strict_json (VdRequest  *req,
                const char *data,
                gsize       length)
{
  g_autofree char *text = g_strndup (data, length);

  for (const char *p = strstr (text, "\\u0000"); p != NULL; p = strstr (p + 1, "\\u0000"))
    {
      gsize before = 0;   /* backslashes right before this one */

      while (p - before > text && p[-(gssize) before - 1] == '\\')
        before++;
      if (before % 2 == 0)
        return FALSE;
    }

  return vd_database_query_int (req->db, 0, "SELECT json_valid (?)", "s", text) == 1;
}

static gboolean
parse_body (VdRequest *req,
            GBytes    *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &length) : NULL;
  JsonNode *root;

  if (length == 0 || !g_utf8_validate (data, length, NULL) || memchr (data, '\0', length) != NULL)
    {
      vd_reply_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_json",
                      length == 0 ? "The request has no body" : "The body is not JSON");
      return FALSE;
    }

  /* json-glib 1.6 reads more than JSON ('single quotes', a second value after
   * the first) and recurses once per nesting level without a limit, so that
   * 100,000 '[' overflow the stack. SQLite's json_valid() is strict RFC 8259
   * and refuses nesting deeper than 2000: it looks at the text first. A \u0000
   * escape would be cut short by json-glib, silently: it is refused too. */
  if (!is_strict_json (req, data, length) ||
      !json_parser_load_from_data (parser, data, length, &error))
    {
      vd_reply_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_json", "The body is not JSON");
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      vd_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", "The body must be a JSON object");
      return FALSE;
    }

  req->body = json_object_ref (json_node_get_object (root));
  return TRUE;
}

static void
reply_health (VdRequest *req)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "status", "ok");
  json_object_set_string_member (object, "version", PACKAGE_VERSION);
  vd_reply_json (req, SOUP_STATUS_OK, object);
}

static void
server_handler_cb (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  VdServer *self = user_data;
  g_autoptr(VdRequest) req = g_new0 (VdRequest, 1);
  g_autoptr(GPtrArray) allowed = g_ptr_array_new ();
  g_auto(GStrv) segments = NULL;
  g_autoptr(GBytes) body = NULL;
  GSocketAddress *remote;
  const char *method = soup_server_message_get_method (msg);
  const char *rest;

  g_atomic_ref_count_init (&req->ref_count);
  req->server = g_object_ref (self);
  req->db = self->db;
  req->msg = g_object_ref (msg);
  req->now = g_get_real_time ();
  req->query = query ? g_hash_table_ref (query) : g_hash_table_new (g_str_hash, g_str_equal);

  remote = soup_server_message_get_remote_address (msg);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    req->ip_address = g_inet_address_to_string (
        g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");

  if (g_str_equal (path, "/health") || g_str_equal (path, "/v1/health"))
    {
      if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
        reply_health (req);
      else
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", "GET, HEAD");
          vd_reply_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                          "This route does not take that method");
        }
      return;
    }

  if (!g_str_has_prefix (path, "/v1/"))
    {
      vd_reply_not_found (req);
      return;
    }
  rest = path + strlen ("/v1/");

  segments = g_strsplit (rest, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      char *decoded = g_uri_unescape_string (segments[i], NULL);

      if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL) || strlen (decoded) > 512)
        {
          g_free (decoded);
          vd_reply_not_found (req);
          return;
        }
      g_free (segments[i]);
      segments[i] = decoded;
    }

  req->route = match_route (method, segments, allowed, &req->params);
  if (req->route == NULL)
    {
      if (allowed->len > 0)
        {
          g_autoptr(GString) allow = g_string_new (NULL);

          for (guint i = 0; i < allowed->len; i++)
            g_string_append_printf (allow, "%s%s", i ? ", " : "", (char *) allowed->pdata[i]);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", allow->str);
          vd_reply_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                          "This route does not take that method");
        }
      else
        vd_reply_not_found (req);
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (body != NULL && g_bytes_get_size (body) > VD_MAX_BODY_SIZE)
    {
      vd_reply_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                      "The request body is larger than 1 MiB");
      return;
    }

  if (req->route->auth != VD_AUTH_NONE && !authenticate (req))
    return;

  if (!resolve_organization (req))
    return;

  if (req->route->body && !parse_body (req, body))
    return;

  req->route->handler (req);

  /* A handler either answered or paused the message for work in a thread */
  if (!req->replied && req->pending == 0)
    vd_reply_internal (req);
}

/* An early look at the headers: a body announced as larger than the limit is
 * refused before it is read. */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  if (length > VD_MAX_BODY_SIZE)
    {
      static const char body[] =
        "{\"success\":false,\"message\":\"The request body is larger than 1 MiB\","
        "\"code\":\"payload_too_large\"}";

      soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        body, strlen (body));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  VdServer *self = user_data;

  self->in_flight++;
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), self);
}

static void
request_ended_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  gpointer           user_data)
{
  VdServer *self = user_data;

  if (self->in_flight > 0)
    self->in_flight--;
  maybe_finish_shutdown (self);
}

gboolean
vd_server_listen (VdServer    *self,
                  const char  *host,
                  guint        port,
                  const char  *tls_cert_file,
                  const char  *tls_key_file,
                  char       **base_url,
                  GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  GSList *uris;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (VD_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", host);
      return FALSE;
    }

  if (!g_inet_address_get_is_loopback (address) && (tls_cert_file == NULL || tls_key_file == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "Refusing to listen on %s without TLS: give --tls-cert and --tls-key, "
                   "or use a loopback address", host);
      return FALSE;
    }

  if (tls_cert_file != NULL && tls_key_file != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert_file, tls_key_file, error);
      if (certificate == NULL)
        return FALSE;
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  /* raw-paths: server_handler_cb decodes each path segment itself; letting
   * libsoup decode the whole path first decoded twice ("%2561" → "a") and
   * split segments on an encoded "%2F". */
  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "vidinfra-local/" PACKAGE_VERSION " ",
                             "tls-certificate", certificate,
                             "raw-paths", TRUE,
                             NULL);
  soup_server_add_handler (self->soup, NULL, server_handler_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_ended_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_ended_cb), self);

  socket_address = g_inet_socket_address_new (address, port);
  if (!soup_server_listen (self->soup, socket_address, options, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL && base_url != NULL)
    {
      GUri *uri = uris->data;
      g_autofree char *host_text = g_inet_address_to_string (address);
      gboolean v6 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;

      *base_url = g_strdup_printf ("%s://%s%s%s:%d/v1",
                                   certificate ? "https" : "http",
                                   v6 ? "[" : "", host_text, v6 ? "]" : "",
                                   g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return TRUE;
}

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  VdServer *self = user_data;

  self->shutdown_timeout_id = 0;
  self->in_flight = 0;
  self->tasks = 0;
  maybe_finish_shutdown (self);
  return G_SOURCE_REMOVE;
}

static void
maybe_finish_shutdown (VdServer *self)
{
  GCallback callback;

  if (!self->shutting_down || self->in_flight > 0 || self->tasks > 0 || self->shutdown_cb == NULL)
    return;

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  self->closed = TRUE;
  vd_database_close (self->db);

  callback = self->shutdown_cb;
  self->shutdown_cb = NULL;
  ((void (*) (gpointer)) callback) (self->shutdown_data);
}

void
vd_server_shutdown (VdServer  *self,
                    GCallback  callback,
                    gpointer   user_data)
{
  g_return_if_fail (VD_IS_SERVER (self));

  if (self->shutting_down)
    return;

  self->shutting_down = TRUE;
  self->shutdown_cb = callback;
  self->shutdown_data = user_data;

  /* Stops listening; requests under way go on being served */
  if (self->soup != NULL)
    {
      GSList *listeners = soup_server_get_listeners (self->soup);

      for (GSList *l = listeners; l != NULL; l = l->next)
        g_socket_close (l->data, NULL);
      g_slist_free (listeners);
    }

  self->shutdown_timeout_id = g_timeout_add (SHUTDOWN_GRACE_MSEC, shutdown_timeout_cb, self);
  maybe_finish_shutdown (self);
}
