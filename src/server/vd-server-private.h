/* vd-server-private.h — what the route handlers of vidinfra-local share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vd-permissions.h"
#include "vd-server.h"

G_BEGIN_DECLS

#define VD_MAX_BODY_SIZE   (1024 * 1024)
#define VD_MAX_NAME_LENGTH 255
#define VD_MAX_EMAIL_LENGTH 100
#define VD_LIST_DEFAULT_LIMIT 25
#define VD_LIST_MAX_LIMIT 500

typedef enum
{
  VD_AUTH_NONE,       /* no token looked at */
  VD_AUTH_OPTIONAL,   /* a valid token is used, a missing one is fine */
  VD_AUTH_USER,       /* signed in, verified or not (routes under /auth/) */
  VD_AUTH_VERIFIED,   /* signed in with a verified email */
} VdAuthLevel;

typedef enum
{
  VD_ORG_NONE,
  VD_ORG_CURRENT,     /* X-Organization-Id or the session's current organization */
  VD_ORG_PATH,        /* the first path parameter */
} VdOrgScope;

typedef enum
{
  VD_REQUIRE_ANY,        /* any member of the organization */
  VD_REQUIRE_ADMIN,      /* owner or admin */
  VD_REQUIRE_OWNER,
  VD_REQUIRE_API,        /* owner, admin or a member with the api grant */
} VdRoleRequirement;

typedef struct _VdRequest VdRequest;
typedef void (*VdHandler) (VdRequest *req);

typedef struct
{
  const char        *method;
  const char        *pattern;   /* "/members/{}/resend" */
  VdAuthLevel        auth;
  VdOrgScope         org;
  VdRoleRequirement  role;
  gboolean           body;      /* expects a JSON object body */
  VdHandler          handler;
} VdRoute;

struct _VdRequest
{
  gatomicrefcount    ref_count;
  VdServer          *server;
  VdDatabase        *db;
  SoupServerMessage *msg;
  const VdRoute     *route;
  char             **params;        /* path parameters, in order */
  GHashTable        *query;         /* decoded query parameters */
  JsonObject        *body;          /* the request body when route->body */
  char              *ip_address;
  gint64             now;           /* µs since the epoch, taken once */

  /* Set by authentication */
  char              *user_id;
  char              *user_email;
  char              *session_id;
  gboolean           verified;

  /* Set by the organization scope */
  char              *org_id;
  char              *member_id;     /* the caller's membership */
  char              *role;          /* the caller's role in org_id */
  VdPermissions     *permissions;   /* the caller's grants in org_id */

  gboolean           replied;
  guint              pending;       /* work running in threads */
  gboolean           paused;
};

VdRequest   *vd_request_ref           (VdRequest *req);
void         vd_request_unref         (VdRequest *req);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdRequest, vd_request_unref)

/* Answers */
void         vd_reply_json            (VdRequest  *req,
                                       guint       status,
                                       JsonObject *envelope);
void         vd_reply_object          (VdRequest  *req,
                                       guint       status,
                                       const char *message,
                                       JsonNode   *result);
void         vd_reply_message         (VdRequest  *req,
                                       const char *message);
void         vd_reply_list            (VdRequest  *req,
                                       const char *message,
                                       JsonArray  *items,
                                       gint64      page,
                                       gint64      limit,
                                       gint64      total);
void         vd_reply_error           (VdRequest  *req,
                                       guint       status,
                                       const char *code,
                                       const char *message);
void         vd_reply_invalid         (VdRequest  *req,
                                       const char *field,
                                       const char *code,
                                       const char *message);
void         vd_reply_internal        (VdRequest  *req);
#define vd_reply_not_found(req) \
  vd_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", "Not found")
#define vd_reply_forbidden(req, text) \
  vd_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", text)

/* Body fields: each returns FALSE after answering 422 (or 400) itself. */
gboolean     vd_body_string           (VdRequest   *req,
                                       const char  *field,
                                       gboolean     required,
                                       gsize        min_length,
                                       gsize        max_length,
                                       const char **value);
gboolean     vd_body_boolean          (VdRequest   *req,
                                       const char  *field,
                                       gboolean     required,
                                       gboolean     default_value,
                                       gboolean    *value);
gboolean     vd_body_email            (VdRequest   *req,
                                       const char  *field,
                                       const char **value);
gboolean     vd_body_password         (VdRequest   *req,
                                       const char  *field,
                                       const char **value);
/* Parses and validates a `permissions` grant array against req->org_id's
 * projects and folders. The member may be absent (→ no grants) when !required. */
gboolean     vd_body_permissions      (VdRequest      *req,
                                       const char     *field,
                                       gboolean        required,
                                       VdPermissions **permissions);
gboolean     vd_validate_email        (const char  *email);
gboolean     vd_validate_password     (const char  *password);

/* List parameters: page, limit, sort (against allowed keys), search, filters */
typedef struct
{
  gint64      page;
  gint64      limit;
  gint64      offset;
  const char *sort;        /* the allowed key chosen, without '-' */
  gboolean    descending;
  char       *search_like; /* "%text%" with LIKE escapes, or NULL */
} VdListParams;
void         vd_list_params_clear     (VdListParams *params);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VdListParams, vd_list_params_clear)
gboolean     vd_list_params_parse     (VdRequest         *req,
                                       const char * const *sort_keys,
                                       const char        *default_sort,
                                       VdListParams      *params);
/* filter[field][op]; returns the value or NULL. Unknown filters answer 422
 * in vd_list_params_check_filters. */
const char  *vd_list_filter           (VdRequest   *req,
                                       const char  *field,
                                       const char  *op);
gboolean     vd_list_params_check_filters (VdRequest         *req,
                                       const char * const *allowed);

/* Time: µs since the epoch ↔ ISO 8601 in UTC ("2026-11-28T13:36:02Z") */
char        *vd_time_to_iso           (gint64       usec);
gboolean     vd_time_from_iso         (const char  *text,
                                       gint64      *usec);
void         vd_json_set_time         (JsonObject  *object,
                                       const char  *member,
                                       VdStmt      *stmt,
                                       int          column);
void         vd_json_set_text         (JsonObject  *object,
                                       const char  *member,
                                       VdStmt      *stmt,
                                       int          column);

/* Secrets */
char        *vd_token_new             (const char  *prefix);
char        *vd_token_hash            (const char  *token);
char        *vd_code_new              (void);
char        *vd_id_new                (void);

/* A SQL LIKE pattern matching text anywhere, escaped with '\' */
char        *vd_like_pattern          (const char  *text);

/* The audit trail; call inside the mutation's transaction. metadata may be NULL. */
gboolean     vd_audit                 (VdRequest   *req,
                                       const char  *org_id,
                                       const char  *action,
                                       const char  *entity_type,
                                       const char  *entity_id,
                                       JsonObject  *metadata);
/* The outbox: one file per message */
void         vd_mail                  (VdRequest   *req,
                                       const char  *to,
                                       const char  *subject,
                                       const char  *body);

/* Runs the Argon2id work off the main loop: the message is paused meanwhile. */
typedef void (*VdPasswordDone) (VdRequest *req,
                                gboolean   ok,
                                const char *hash,
                                gpointer   user_data);
void         vd_password_hash_async   (VdRequest      *req,
                                       const char     *password,
                                       VdPasswordDone  done,
                                       gpointer        user_data,
                                       GDestroyNotify  destroy);
void         vd_password_verify_async (VdRequest      *req,
                                       const char     *hash,
                                       const char     *password,
                                       VdPasswordDone  done,
                                       gpointer        user_data,
                                       GDestroyNotify  destroy);
char        *vd_password_hash_sync    (const char     *password);

/* Server state the handlers need */
const VdServerConfig *vd_server_get_config (VdServer *self);
/* Login rate limit per email: returns 0 when allowed, else seconds to wait */
gint64       vd_server_login_blocked  (VdServer   *self,
                                       const char *email,
                                       gint64      now);
void         vd_server_login_failed   (VdServer   *self,
                                       const char *email,
                                       gint64      now);
void         vd_server_login_succeeded (VdServer  *self,
                                       const char *email);
/* The server's secret, for deriving invitation tokens */
char        *vd_server_derive_token   (VdServer   *self,
                                       const char *prefix,
                                       const char *nonce);

/* Entities as JSON (shared between routes) */
JsonNode    *vd_user_to_json          (VdRequest  *req,
                                       const char *user_id);
JsonNode    *vd_organization_to_json  (VdRequest  *req,
                                       const char *org_id);
JsonNode    *vd_member_to_json        (VdRequest  *req,
                                       const char *member_id);
JsonNode    *vd_invitation_to_json    (VdRequest  *req,
                                       const char *invitation_id,
                                       gboolean    with_organization,
                                       gboolean    with_token);
JsonNode    *vd_permissions_text_to_json (const char *text);
JsonObject  *vd_actor_to_json         (VdRequest  *req,
                                       const char *user_id);
/* Creates a session with fresh tokens for user_id and answers login-style. */
void         vd_reply_tokens          (VdRequest  *req,
                                       guint       status,
                                       const char *message,
                                       const char *user_id,
                                       const char *session_id,
                                       gboolean    remember_me);
char        *vd_session_create        (VdRequest  *req,
                                       const char *user_id,
                                       gboolean    remember_me);
/* Revoke sessions: all of user's except keep_session_id (may be NULL) */
void         vd_sessions_revoke_all   (VdRequest  *req,
                                       const char *user_id,
                                       const char *keep_session_id);
/* Sends a fresh one-time code for purpose ("verify" | "reset") */
void         vd_email_code_send       (VdRequest  *req,
                                       const char *user_id,
                                       const char *email,
                                       const char *purpose);
/* Checks a code: 0 ok (consumed), 422 wrong, 410 expired/used up */
guint        vd_email_code_check      (VdRequest  *req,
                                       const char *user_id,
                                       const char *purpose,
                                       const char *code);

/* The route tables */
extern const VdRoute vd_auth_routes[];
extern const VdRoute vd_organization_routes[];
extern const VdRoute vd_member_routes[];
extern const VdRoute vd_invitation_routes[];
extern const VdRoute vd_misc_routes[];
#define VD_ROUTE_END { NULL, NULL, 0, 0, 0, FALSE, NULL }

/* A node that owns object (json_node_init_object would take a second reference) */
static inline JsonNode *
vd_json_node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

/* Role helpers */
static inline gboolean
vd_role_is_admin (const char *role)
{
  return g_strcmp0 (role, "owner") == 0 || g_strcmp0 (role, "admin") == 0;
}

G_END_DECLS
