/* vd-client.c — the one HTTP connection to a Vidinfra server
 *
 * Every call is a Call: it waits in a queue for one of max-concurrent slots,
 * goes on the wire, and its answer is read with a size limit. Then:
 *  - 2xx: the JSON root is returned;
 *  - 401 on an authenticated call: the call waits while ONE refresh runs for
 *    all waiting calls (single flight), then is replayed once with the new
 *    token; a call that used an older token than the current one is replayed
 *    at once;
 *  - network errors and 5xx on a GET: retried with exponential backoff;
 *  - anything else: a VD_API_ERROR made by vd_api_error_new_from_response.
 * Nothing here blocks: all I/O is asynchronous on the caller's main context.
 * Tokens are never logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vd-client.h"
#include "vd-json.h"

#define MAX_BODY_SIZE    (16 * 1024 * 1024)
#define READ_CHUNK_SIZE  (64 * 1024)
#define BACKOFF_MSEC     250
#define PARSE_IN_THREAD_SIZE (16 * 1024)
/* The contract's answers nest a handful of levels; 64 is plenty */
#define VD_CLIENT_MAX_DEPTH 64

typedef enum
{
  CALL_QUEUED,
  CALL_ON_WIRE,
  CALL_WAITING_FOR_REFRESH,
  CALL_BACKING_OFF,
  CALL_DONE,
} CallState;

typedef struct
{
  VdClient       *client;     /* unowned: the task holds it */
  GTask          *task;       /* unowned: the task owns this Call */
  char           *method;
  char           *path;
  GBytes         *body;
  VdRequestFlags  flags;
  CallState       state;
  guint           attempt;
  gboolean        replayed;
  guint           token_generation;
  SoupMessage    *msg;
  GInputStream   *stream;
  GByteArray     *buffer;
  guint           backoff_id;
  gulong          cancelled_id;
} Call;

struct _VdClient
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *base_url;
  char         *organization_id;
  char         *access_token;
  char         *refresh_token;
  guint         token_generation;
  guint         n_refreshes;

  guint         timeout;
  guint         max_concurrent;
  guint         max_retries;

  GQueue        queue;        /* GTask*, each holding a Call, waiting for a slot */
  GPtrArray    *waiting;      /* GTask*: calls waiting for the refresh */
  guint         active;
  gboolean      refreshing;
  GCancellable *cancellable;  /* the client's own work: refreshes */
};

G_DEFINE_FINAL_TYPE (VdClient, vd_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TIMEOUT,
  PROP_MAX_CONCURRENT,
  PROP_MAX_RETRIES,
  PROP_ORGANIZATION_ID,
  PROP_SIGNED_IN,
  N_PROPS
};

enum {
  TOKENS_CHANGED,
  SIGNED_OUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void send_call (Call *call);
static void pump (VdClient *self);

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

void
vd_client_free_secret (char *secret)
{
  wipe_free (secret);
}

static void
call_free (Call *call)
{
  g_assert (call->backoff_id == 0);
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->msg);
  g_clear_object (&call->stream);
  g_clear_pointer (&call->buffer, g_byte_array_unref);
  g_free (call);
}

/* Takes the call off every list and completes its task */
static void
call_complete (Call     *call,
               JsonNode *root,
               GError   *error)
{
  VdClient *self = call->client;
  GTask *task = call->task;

  g_assert (call->state != CALL_DONE);

  if (call->state == CALL_QUEUED)
    g_queue_remove (&self->queue, task);
  else if (call->state == CALL_WAITING_FOR_REFRESH)
    g_ptr_array_remove (self->waiting, task);
  call->state = CALL_DONE;

  g_clear_handle_id (&call->backoff_id, g_source_remove);
  if (call->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), call->cancelled_id);
      call->cancelled_id = 0;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);

  /* The reference the lists held */
  g_object_unref (task);
}

static gboolean
is_cancelled (Call *call)
{
  return g_cancellable_is_cancelled (g_task_get_cancellable (call->task));
}

static void
complete_cancelled (Call *call)
{
  call_complete (call, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  _("The operation was cancelled")));
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);

  /* On the wire, libsoup answers the cancellation itself */
  if (call->state == CALL_QUEUED || call->state == CALL_WAITING_FOR_REFRESH ||
      call->state == CALL_BACKING_OFF)
    complete_cancelled (call);

  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;

  /* Not from inside the signal: g_cancellable_disconnect would deadlock */
  g_idle_add (cancelled_idle_cb, g_object_ref (task));
}

static void
enqueue (Call     *call,
         gboolean  front)
{
  VdClient *self = call->client;

  call->state = CALL_QUEUED;
  if (front)
    g_queue_push_head (&self->queue, call->task);
  else
    g_queue_push_tail (&self->queue, call->task);
  pump (self);
}

static void
pump (VdClient *self)
{
  while (self->active < self->max_concurrent && !g_queue_is_empty (&self->queue))
    {
      GTask *task = g_queue_pop_head (&self->queue);
      Call *call = g_task_get_task_data (task);

      if (is_cancelled (call))
        {
          call->state = CALL_ON_WIRE;  /* already off the queue */
          complete_cancelled (call);
          continue;
        }

      send_call (call);
    }
}

static gboolean
backoff_cb (gpointer user_data)
{
  Call *call = user_data;

  call->backoff_id = 0;
  enqueue (call, TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
may_retry (Call *call)
{
  return g_str_equal (call->method, "GET") && call->attempt < call->client->max_retries;
}

static void
retry_later (Call *call)
{
  guint delay = BACKOFF_MSEC << MIN (call->attempt, 6);

  call->attempt++;
  call->state = CALL_BACKING_OFF;
  call->backoff_id = g_timeout_add (delay, backoff_cb, call);
}

static void start_refresh (VdClient *self);

/* The root of a JSON answer, or a protocol error; safe in any thread */
static JsonNode *
parse_answer (GBytes  *bytes,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *root;

  if (!g_utf8_validate (data, length, NULL) ||
      !vd_json_check_depth (data, length, VD_CLIENT_MAX_DEPTH) ||
      !json_parser_load_from_data (parser, data, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      g_propagate_error (error, vd_api_error_new_protocol ("the answer is not JSON"));
      return NULL;
    }

  return json_node_ref (root);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *root = parse_answer (task_data, &error);

  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;
  GError *error = NULL;
  JsonNode *root = g_task_propagate_pointer (G_TASK (result), &error);

  call_complete (call, root, error);
}

static void
handle_answer (Call   *call,
               guint   status,
               GBytes *bytes)
{
  VdClient *self = call->client;
  SoupMessageHeaders *headers = soup_message_get_response_headers (call->msg);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      GError *error = NULL;
      JsonNode *root;

      if (g_bytes_get_size (bytes) == 0)
        {
          /* 204, or an empty 200: an empty object stands for it */
          JsonNode *empty = json_node_new (JSON_NODE_OBJECT);

          json_node_take_object (empty, json_object_new ());
          call_complete (call, empty, NULL);
          return;
        }

      /* A page of members is over 100 KiB: parsing it here would hold up
       * the frames being drawn, so large answers are parsed in a thread */
      if (g_bytes_get_size (bytes) > PARSE_IN_THREAD_SIZE)
        {
          g_autoptr(GTask) parse = g_task_new (self, NULL, parsed_cb, call);

          g_task_set_source_tag (parse, handle_answer);
          g_task_set_task_data (parse, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
          g_task_run_in_thread (parse, parse_thread);
          return;
        }

      root = parse_answer (bytes, &error);
      call_complete (call, root, error);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED && !(call->flags & VD_REQUEST_NO_AUTH) &&
      self->refresh_token != NULL && !call->replayed)
    {
      call->replayed = TRUE;
      if (call->token_generation != self->token_generation)
        {
          /* Sent with a token that has been replaced meanwhile */
          enqueue (call, TRUE);
          return;
        }

      call->state = CALL_WAITING_FOR_REFRESH;
      g_ptr_array_add (self->waiting, call->task);
      start_refresh (self);
      return;
    }

  if (status >= 500 && may_retry (call))
    {
      retry_later (call);
      return;
    }

  call_complete (call, NULL, vd_api_error_new_from_response (status, headers, bytes));
}

static void
attempt_failed (Call         *call,
                const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      call_complete (call, NULL, g_error_copy (error));
      return;
    }

  /* A TLS problem will not go away by asking again */
  if (error->domain != G_TLS_ERROR && may_retry (call))
    {
      retry_later (call);
      return;
    }

  call_complete (call, NULL, vd_api_error_new_from_transport (error));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;
  VdClient *self = call->client;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (chunk == NULL)
    {
      self->active--;
      attempt_failed (call, error);
      pump (self);
      return;
    }

  if (g_bytes_get_size (chunk) > 0)
    {
      if (call->buffer->len + g_bytes_get_size (chunk) > MAX_BODY_SIZE)
        {
          self->active--;
          g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
          call_complete (call, NULL, vd_api_error_new_protocol ("the answer is too large"));
          pump (self);
          return;
        }

      g_byte_array_append (call->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      g_input_stream_read_bytes_async (call->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (call->task), read_cb, call);
      return;
    }

  /* End of the body */
  {
    g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&call->buffer));

    self->active--;
    g_clear_object (&call->stream);
    handle_answer (call, soup_message_get_status (call->msg), bytes);
    pump (self);
  }
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;
  VdClient *self = call->client;
  g_autoptr(GError) error = NULL;
  GInputStream *stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (stream == NULL)
    {
      self->active--;
      attempt_failed (call, error);
      pump (self);
      return;
    }

  call->stream = stream;
  call->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (call->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (call->task), read_cb, call);
}

static SoupMessage *
build_message (VdClient       *self,
               const char     *method,
               const char     *path,
               GBytes         *body,
               VdRequestFlags  flags)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    return NULL;

  /* A redirect could lead the token somewhere else: never follow one */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (!(flags & VD_REQUEST_NO_AUTH) && self->access_token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->access_token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }
  if (!(flags & VD_REQUEST_NO_ORGANIZATION) && self->organization_id != NULL)
    soup_message_headers_replace (headers, "X-Organization-Id", self->organization_id);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  return msg;
}

static void
send_call (Call *call)
{
  VdClient *self = call->client;

  g_clear_object (&call->msg);
  g_clear_object (&call->stream);
  g_clear_pointer (&call->buffer, g_byte_array_unref);

  call->msg = build_message (self, call->method, call->path, call->body, call->flags);
  if (call->msg == NULL)
    {
      call->state = CALL_ON_WIRE;
      call_complete (call, NULL, vd_api_error_new_protocol ("the address cannot be built"));
      return;
    }

  call->state = CALL_ON_WIRE;
  call->token_generation = self->token_generation;
  self->active++;
  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (call->task), sent_cb, call);
}

/* Refresh, once for everyone */

static void
fail_waiting (VdClient     *self,
              const GError *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new ();
  for (guint i = 0; i < waiting->len; i++)
    {
      Call *call = g_task_get_task_data (waiting->pdata[i]);

      call->state = CALL_ON_WIRE;  /* no longer on any list */
      call_complete (call, NULL, g_error_copy (error));
    }
}

static void
replay_waiting (VdClient *self)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new ();
  for (guint i = 0; i < waiting->len; i++)
    enqueue (g_task_get_task_data (waiting->pdata[i]), TRUE);
}

/* Takes the tokens of a successful sign-in/refresh answer */
static gboolean
take_tokens (VdClient  *self,
             JsonNode  *root,
             GError   **error)
{
  JsonObject *object;
  const char *access, *refresh;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, vd_api_error_new_protocol ("the token answer is not an object"));
      return FALSE;
    }

  object = json_node_get_object (root);
  if (!vd_json_require_string (object, "access_token", &access, error) ||
      !vd_json_require_string (object, "refresh_token", &refresh, error))
    return FALSE;

  vd_client_set_tokens (self, access, refresh);
  return TRUE;
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VdClient) self = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = bytes != NULL ? soup_message_get_status (msg) : 0;

  self->refreshing = FALSE;

  if (bytes == NULL)
    {
      g_autoptr(GError) transport = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                      ? g_error_copy (error) : vd_api_error_new_from_transport (error);

      /* The tokens may still be good: the network failed, not the session */
      fail_waiting (self, transport);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (bytes, &length);
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonNode *root = NULL;

      if (data != NULL && g_utf8_validate (data, length, NULL) &&
          vd_json_check_depth (data, length, VD_CLIENT_MAX_DEPTH) &&
          json_parser_load_from_data (parser, data, length, NULL))
        root = json_parser_get_root (parser);
      g_autoptr(GError) parse_error = NULL;

      if (take_tokens (self, root, &parse_error))
        {
          self->n_refreshes++;
          replay_waiting (self);
          return;
        }

      fail_waiting (self, parse_error);
      return;
    }

  if (status >= 500)
    {
      g_autoptr(GError) server = vd_api_error_new_from_response (status, soup_message_get_response_headers (msg), bytes);

      fail_waiting (self, server);
      return;
    }

  /* The server refused the refresh token: this session is over */
  {
    g_autoptr(GError) refused = vd_api_error_new_from_response (SOUP_STATUS_UNAUTHORIZED,
                                                                soup_message_get_response_headers (msg), bytes);

    if (refused->code != VD_API_ERROR_UNAUTHORIZED)
      {
        g_clear_error (&refused);
        refused = g_error_new_literal (VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED,
                                       vd_api_error_describe (VD_API_ERROR_UNAUTHORIZED, "invalid_token"));
      }

    vd_client_clear_tokens (self);
    fail_waiting (self, refused);
    g_signal_emit (self, signals[SIGNED_OUT], 0, refused);
  }
}

static GBytes *
json_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

static GBytes *
refresh_body (const char *refresh_token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GBytes *bytes;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh_token);
  json_builder_set_member_name (builder, "remember_me");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  bytes = json_bytes (root);

  return bytes;
}

static void
start_refresh (VdClient *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  if (self->refreshing)
    return;

  self->refreshing = TRUE;
  body = refresh_body (self->refresh_token);
  msg = build_message (self, "POST", "/auth/refresh-auth-token", body,
                       VD_REQUEST_NO_AUTH | VD_REQUEST_NO_ORGANIZATION);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_HIGH, self->cancellable,
                                    refresh_cb, g_object_ref (self));
}

/* Public API */

void
vd_client_request_async (VdClient           *self,
                         const char         *method,
                         const char         *path,
                         JsonNode           *body,
                         VdRequestFlags      flags,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  g_return_if_fail (VD_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_client_request_async);

  call = g_new0 (Call, 1);
  call->client = self;
  call->task = task;
  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->body = body ? json_bytes (body) : NULL;
  call->flags = flags;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (cancellable != NULL)
    call->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), task, NULL);

  /* The lists hold this reference until call_complete */
  g_object_ref (task);
  enqueue (call, FALSE);
}

JsonNode *
vd_client_request_finish (VdClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (VD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
auth_request_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  VdClient *self = VD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (self, result, &error);
  JsonNode *user;

  if (root == NULL || !take_tokens (self, root, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  user = vd_json_envelope_result (root, &error);
  if (user == NULL || !JSON_NODE_HOLDS_OBJECT (user))
    {
      g_task_return_error (task, error ? g_steal_pointer (&error)
                                       : vd_api_error_new_protocol ("the user is not an object"));
      return;
    }

  g_task_return_pointer (task, json_object_ref (json_node_get_object (user)), (GDestroyNotify) json_object_unref);
}

static void
auth_request (VdClient           *self,
              gpointer            source_tag,
              const char         *path,
              JsonBuilder        *builder,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonNode) body = json_builder_get_root (builder);

  g_task_set_source_tag (task, source_tag);
  vd_client_request_async (self, "POST", path, body, VD_REQUEST_NO_AUTH | VD_REQUEST_NO_ORGANIZATION,
                           cancellable, auth_request_cb, g_steal_pointer (&task));
}

void
vd_client_sign_in_async (VdClient           *self,
                         const char         *email,
                         const char         *password,
                         gboolean            remember_me,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (VD_IS_CLIENT (self));
  g_return_if_fail (email != NULL && password != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "remember_me");
  json_builder_add_boolean_value (builder, remember_me);
  json_builder_end_object (builder);

  auth_request (self, vd_client_sign_in_async, "/auth/login", builder, cancellable, callback, user_data);
}

void
vd_client_register_async (VdClient           *self,
                          const char         *first_name,
                          const char         *last_name,
                          const char         *email,
                          const char         *password,
                          gboolean            newsletter,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (VD_IS_CLIENT (self));
  g_return_if_fail (first_name != NULL && last_name != NULL && email != NULL && password != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "first_name");
  json_builder_add_string_value (builder, first_name);
  json_builder_set_member_name (builder, "last_name");
  json_builder_add_string_value (builder, last_name);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "newsletter");
  json_builder_add_boolean_value (builder, newsletter);
  json_builder_end_object (builder);

  auth_request (self, vd_client_register_async, "/auth/register", builder, cancellable, callback, user_data);
}

void
vd_client_restore_async (VdClient           *self,
                         const char         *refresh_token,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (VD_IS_CLIENT (self));
  g_return_if_fail (refresh_token != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh_token);
  json_builder_set_member_name (builder, "remember_me");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  auth_request (self, vd_client_restore_async, "/auth/refresh-auth-token", builder,
                cancellable, callback, user_data);
}

JsonObject *
vd_client_auth_finish (VdClient      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (VD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);

  vd_client_clear_tokens (VD_CLIENT (object));

  /* Already signed out on the server is signed out */
  if (root == NULL && !g_error_matches (error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vd_client_sign_out_async (VdClient           *self,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VD_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_client_sign_out_async);

  if (self->access_token == NULL)
    {
      vd_client_clear_tokens (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  vd_client_request_async (self, "POST", "/auth/logout", NULL, VD_REQUEST_NO_ORGANIZATION,
                           cancellable, sign_out_cb, g_steal_pointer (&task));
}

gboolean
vd_client_sign_out_finish (VdClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (VD_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Tokens and settings */

void
vd_client_set_tokens (VdClient   *self,
                      const char *access_token,
                      const char *refresh_token)
{
  gboolean was_signed_in;

  g_return_if_fail (VD_IS_CLIENT (self));

  was_signed_in = self->access_token != NULL;
  wipe_free (self->access_token);
  self->access_token = g_strdup (access_token);
  if (refresh_token != NULL || access_token == NULL)
    {
      wipe_free (self->refresh_token);
      self->refresh_token = g_strdup (refresh_token);
    }
  self->token_generation++;

  if (was_signed_in != (self->access_token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  g_signal_emit (self, signals[TOKENS_CHANGED], 0);
}

void
vd_client_clear_tokens (VdClient *self)
{
  g_return_if_fail (VD_IS_CLIENT (self));

  if (self->access_token == NULL && self->refresh_token == NULL)
    return;

  vd_client_set_tokens (self, NULL, NULL);
}

char *
vd_client_dup_refresh_token (VdClient *self)
{
  g_return_val_if_fail (VD_IS_CLIENT (self), NULL);

  return g_strdup (self->refresh_token);
}

gboolean
vd_client_get_signed_in (VdClient *self)
{
  g_return_val_if_fail (VD_IS_CLIENT (self), FALSE);

  return self->access_token != NULL;
}

guint
vd_client_get_n_refreshes (VdClient *self)
{
  g_return_val_if_fail (VD_IS_CLIENT (self), 0);

  return self->n_refreshes;
}

const char *
vd_client_get_base_url (VdClient *self)
{
  g_return_val_if_fail (VD_IS_CLIENT (self), NULL);

  return self->base_url;
}

const char *
vd_client_get_organization_id (VdClient *self)
{
  g_return_val_if_fail (VD_IS_CLIENT (self), NULL);

  return self->organization_id;
}

void
vd_client_set_organization_id (VdClient   *self,
                               const char *organization_id)
{
  g_return_if_fail (VD_IS_CLIENT (self));

  if (g_strcmp0 (self->organization_id, organization_id) == 0)
    return;

  g_free (self->organization_id);
  self->organization_id = g_strdup (organization_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION_ID]);
}

char *
vd_client_escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

char *
vd_client_path (const char *prefix,
                const char *segment,
                const char *suffix)
{
  g_autofree char *escaped = vd_client_escape (segment);

  return g_strconcat (prefix, escaped, suffix, NULL);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize length = strlen (host);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  if (length > 2 && host[0] == '[' && host[length - 1] == ']')
    bare = g_strndup (host + 1, length - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
vd_client_check_url (const char  *base_url,
                     GError     **error)
{
  g_autoptr(GUri) uri = base_url ? g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address; it looks like https://api.vidinfra.com/v1"),
                   base_url ? base_url : "");
      return FALSE;
    }

  if (g_str_equal (scheme, "http") && !host_is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Unencrypted http:// is only allowed to this computer; use https:// for %s"),
                   g_uri_get_host (uri));
      return FALSE;
    }

  return TRUE;
}

VdClient *
vd_client_new (const char  *base_url,
               GError     **error)
{
  if (base_url == NULL)
    base_url = DEFAULT_SERVER_URL;

  if (!vd_client_check_url (base_url, error))
    return NULL;

  return g_object_new (VD_TYPE_CLIENT, "base-url", base_url, NULL);
}

/* GObject */

static void
vd_client_constructed (GObject *object)
{
  VdClient *self = VD_CLIENT (object);
  g_autofree char *user_agent = g_strdup_printf ("VidinfraAdmin/%s ", PACKAGE_VERSION);

  G_OBJECT_CLASS (vd_client_parent_class)->constructed (object);

  /* Trailing slashes would double up with the paths' leading one */
  while (self->base_url != NULL && g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';

  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", self->timeout,
                                                 /* The client's own cap governs; libsoup's is
                                                  * fixed at construction, so it is the highest
                                                  * max-concurrent may be */
                                                 "max-conns-per-host", 64,
                                                 NULL);
}

static void
vd_client_dispose (GObject *object)
{
  VdClient *self = VD_CLIENT (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (vd_client_parent_class)->dispose (object);
}

static void
vd_client_finalize (GObject *object)
{
  VdClient *self = VD_CLIENT (object);

  /* Calls hold the client through their tasks: none can be left */
  g_assert (g_queue_is_empty (&self->queue));
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->organization_id, g_free);
  wipe_free (self->access_token);
  wipe_free (self->refresh_token);

  G_OBJECT_CLASS (vd_client_parent_class)->finalize (object);
}

static void
vd_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VdClient *self = VD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_MAX_CONCURRENT:
      g_value_set_uint (value, self->max_concurrent);
      break;

    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;

    case PROP_ORGANIZATION_ID:
      g_value_set_string (value, self->organization_id);
      break;

    case PROP_SIGNED_IN:
      g_value_set_boolean (value, vd_client_get_signed_in (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VdClient *self = VD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;

    case PROP_TIMEOUT:
      if (self->timeout != g_value_get_uint (value))
        {
          self->timeout = g_value_get_uint (value);
          if (self->session != NULL)
            soup_session_set_timeout (self->session, self->timeout);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_MAX_CONCURRENT:
      if (self->max_concurrent != g_value_get_uint (value))
        {
          self->max_concurrent = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
          pump (self);
        }
      break;

    case PROP_MAX_RETRIES:
      if (self->max_retries != g_value_get_uint (value))
        {
          self->max_retries = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ORGANIZATION_ID:
      vd_client_set_organization_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_client_class_init (VdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vd_client_constructed;
  object_class->dispose = vd_client_dispose;
  object_class->finalize = vd_client_finalize;
  object_class->get_property = vd_client_get_property;
  object_class->set_property = vd_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, DEFAULT_SERVER_URL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, 3600, 30,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CONCURRENT] =
    g_param_spec_uint ("max-concurrent", NULL, NULL, 1, 64, 6,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 10, 2,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_string ("organization-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOKENS_CHANGED] =
    g_signal_new ("tokens-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNED_OUT] =
    g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vd_client_init (VdClient *self)
{
  g_queue_init (&self->queue);
  self->waiting = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->timeout = 30;
  self->max_concurrent = 6;
  self->max_retries = 2;
}
