/* test-server-bad-input.c — malformed requests never write and never kill vidinfra-local
 *
 * A table of malformed requests spread over every route family, each with the
 * status, code and errors[0].field the API contract promises; then random
 * mutations of valid bodies. After every request the answer must be a JSON
 * error envelope and GET /health must still answer; the database must be the
 * same, row for row, before and after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-server-bad-input"

#include "config.h"

#include <string.h>

#include "vd-test-server.h"

#define BIG_BODY_SIZE  (1024 * 1024 + 100 * 1024)   /* 1.1 MiB */
#define NO_SUCH_ID     "00000000-0000-4000-8000-000000000000"
#define FUZZ_ROUNDS    200

typedef enum
{
  AS_NONE,        /* signed out */
  AS_OWNER,       /* owner@acme.test, owner of Acme Studios */
  AS_ADMIN,       /* admin@acme.test, admin of Acme Studios */
  AS_MEMBER,      /* baptiste2@acme.test, a plain member without the api grant */
  AS_BAD_TOKEN,   /* a bearer token the server never issued */
} Who;

enum
{
  CHUNKED = 1 << 0,   /* send the body with chunked encoding, no Content-Length */
};

/* Bodies are written with ' for " (turned into " before sending) unless
 * given with RAW, which sends the bytes as they are, NULs included. Paths,
 * TEXT bodies and X-Organization-Id take the placeholders that
 * fixture_set_up() fills in: {org}, {labs}, {northwind}, {project},
 * {labs_project}, {folder}, {other_folder}, {member}, {owner_member},
 * {invitation}, and generated text ({name256}, {email101}, {search256},
 * {long600}, {brackets100k}, {brackets200k}, {big}, {org_double_encoded}).
 * A path starting with '^' is outside /v1. */
#define TEXT(s)  (s), -1
#define RAW(s)   (s), (gssize) (sizeof (s) - 1)
#define NO_BODY  NULL, -1

typedef struct
{
  const char *method;
  const char *path;
  Who         who;
  const char *organization;   /* X-Organization-Id; NULL: {org} when signed in; "": none */
  const char *body;
  gssize      length;
  guint       status;
  const char *code;
  const char *field;          /* errors[0].field; NULL: no errors[] at all */
  const char *field_code;     /* errors[0].code; NULL: not checked */
  guint       flags;
} BadRequest;

/* A grant object; each grant row gets one thing wrong in it */
#define GRANT(entity_id, type, name, action) \
  "{'entity_id': '" entity_id "', 'entity_type': '" type "', 'name': '" name "', 'action': '" action "', 'permission': []}"
#define FULL_ACCESS(entity_id) GRANT (entity_id, "projects", "full-access", "write+read+delete")
#define MEMBER_GRANTS(grants) TEXT ("{'permissions': [" grants "]}")
#define INVITE_GRANTS(grants) TEXT ("{'email': 'fresh@example.com', 'permissions': [" grants "]}")
#define API_KEY_GRANTS(grants) \
  TEXT ("{'name': 'CI key', 'origin': 'https://ci.example.com', 'permissions': [" grants "], 'expires_at': null}")

static const BadRequest bad_requests[] = {
  /* Malformed JSON → 400 invalid_json */
  { "POST", "/auth/login", AS_NONE, NULL, TEXT ("{'email': 'owner@acme.test', 'passw"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/auth/register", AS_NONE, NULL, TEXT ("{'first_name': 'Ann'} trailing"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/organizations", AS_OWNER, NULL, RAW ("{\"name\": \"Acme \xff\xfe\"}"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/projects", AS_OWNER, NULL, RAW ("{\"name\": \"a\0b\"}"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL, NO_BODY,
    400, "invalid_json", NULL, NULL, 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL, RAW (""),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/api-keys", AS_OWNER, NULL, RAW ("{'name': 'CI key', 'origin': 'x'}"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/organizations", AS_OWNER, NULL, TEXT ("{'name': 'One'}{'name': 'Two'}"),
    400, "invalid_json", NULL, NULL, 0 },
  { "PUT", "/auth/profiles", AS_OWNER, NULL, TEXT ("{'first_name': 'Amelia',}"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/auth/account-exists", AS_NONE, NULL, RAW (" \n\t "),
    400, "invalid_json", NULL, NULL, 0 },
  { "PUT", "/organizations/{org}", AS_OWNER, "", TEXT ("{'name': 'Acme\\u0000 Evil'}"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/organizations/{org}/transfer-ownership", AS_OWNER, "", TEXT ("{'member_id': NaN}"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/auth/refresh-auth-token", AS_NONE, NULL, RAW ("\xef\xbb\xbf{\"refresh_token\": \"x\"}"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/projects", AS_OWNER, NULL, TEXT ("{brackets100k}"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/auth/forgot-password", AS_NONE, NULL, TEXT ("{'email': 'owner@acme.test'"),
    400, "invalid_json", NULL, NULL, 0 },
  { "PUT", "/members/{member}", AS_ADMIN, NULL, TEXT ("{'role': 'member'"),
    400, "invalid_json", NULL, NULL, 0 },
  { "POST", "/auth/login", AS_NONE, NULL,
    TEXT ("{'email': 'owner@acme.test', 'password': 'Demo-password-1', 'remember_me': tru}"),
    400, "invalid_json", NULL, NULL, 0 },

  /* JSON, but not an object → 400 bad_request */
  { "POST", "/auth/login", AS_NONE, NULL, TEXT ("[]"),
    400, "bad_request", NULL, NULL, 0 },
  { "POST", "/auth/register", AS_NONE, NULL, TEXT ("[{'email': 'ann@example.com'}]"),
    400, "bad_request", NULL, NULL, 0 },
  { "POST", "/organizations", AS_OWNER, NULL, TEXT ("'Acme'"),
    400, "bad_request", NULL, NULL, 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL, TEXT ("42"),
    400, "bad_request", NULL, NULL, 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL, TEXT ("null"),
    400, "bad_request", NULL, NULL, 0 },
  { "POST", "/api-keys", AS_OWNER, NULL, TEXT ("true"),
    400, "bad_request", NULL, NULL, 0 },
  { "PUT", "/organizations/{org}", AS_ADMIN, "", TEXT ("-1.5e3"),
    400, "bad_request", NULL, NULL, 0 },

  /* Wrong types → 422 naming the field */
  { "POST", "/auth/login", AS_NONE, NULL, TEXT ("{'email': 42, 'password': 'x'}"),
    422, "validation_failed", "email", "invalid_type", 0 },
  { "POST", "/auth/register", AS_NONE, NULL,
    TEXT ("{'first_name': 'Ann', 'last_name': 'Lee', 'email': 'ann@example.com',"
          " 'password': 'Demo-password-1', 'newsletter': 'yes'}"),
    422, "validation_failed", "newsletter", "invalid_type", 0 },
  { "POST", "/organizations", AS_OWNER, NULL, TEXT ("{'name': {'first': 'Acme'}}"),
    422, "validation_failed", "name", "invalid_type", 0 },
  { "POST", "/projects", AS_OWNER, NULL, TEXT ("{'name': ['Acme']}"),
    422, "validation_failed", "name", "invalid_type", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL, TEXT ("{'role': ['admin']}"),
    422, "validation_failed", "role", "invalid_type", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL, TEXT ("{'permissions': '[]'}"),
    422, "validation_failed", "permissions", "invalid", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL,
    TEXT ("{'email': 'fresh@example.com', 'permissions': 'full-access'}"),
    422, "validation_failed", "permissions", "invalid", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL, TEXT ("{'email': 12345}"),
    422, "validation_failed", "email", "invalid_type", 0 },
  { "PUT", "/auth/profiles", AS_OWNER, NULL, TEXT ("{'first_name': true}"),
    422, "validation_failed", "first_name", "invalid_type", 0 },
  { "POST", "/auth/login", AS_NONE, NULL,
    TEXT ("{'email': 'owner@acme.test', 'password': 'Demo-password-1', 'remember_me': 'yes'}"),
    422, "validation_failed", "remember_me", "invalid_type", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL,
    TEXT ("{'name': 'CI key', 'origin': 'https://ci.example.com', 'permissions': [], 'expires_at': 12}"),
    422, "validation_failed", "expires_at", "invalid_type", 0 },
  { "POST", "/organizations/{org}/transfer-ownership", AS_OWNER, "", TEXT ("{'member_id': 7}"),
    422, "validation_failed", "member_id", "invalid_type", 0 },
  { "POST", "/auth/update-password", AS_OWNER, NULL,
    TEXT ("{'current_password': ['x'], 'new_password': 'Demo-password-2'}"),
    422, "validation_failed", "current_password", "invalid_type", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL,
    TEXT ("{'name': 'CI key', 'origin': 'x', 'permissions': 'not json', 'expires_at': null}"),
    422, "validation_failed", "permissions", "invalid", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL,
    TEXT ("{'name': 'CI key', 'origin': 'x', 'permissions': '{brackets200k}', 'expires_at': null}"),
    422, "validation_failed", "permissions", "invalid", 0 },
  { "PUT", "/organizations/{org}", AS_OWNER, "", TEXT ("{'name': 1e999}"),
    422, "validation_failed", "name", "invalid_type", 0 },

  /* Missing required fields → 422 required */
  { "POST", "/organizations", AS_OWNER, NULL, TEXT ("{}"),
    422, "validation_failed", "name", "required", 0 },
  { "POST", "/auth/login", AS_NONE, NULL, TEXT ("{'password': 'Demo-password-1'}"),
    422, "validation_failed", "email", "required", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL, TEXT ("{'role': 'member'}"),
    422, "validation_failed", "email", "required", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL, TEXT ("{'name': 'CI key', 'origin': 'x'}"),
    422, "validation_failed", "permissions", "required", 0 },
  { "POST", "/projects", AS_OWNER, NULL, TEXT ("{'name': '   ', 'description': 'blank'}"),
    422, "validation_failed", "name", "required", 0 },
  { "POST", "/auth/register", AS_NONE, NULL,
    TEXT ("{'first_name': 'Ann', 'last_name': 'Lee', 'email': 'ann@example.com'}"),
    422, "validation_failed", "password", "required", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL, TEXT ("{'name': 'CI key', 'origin': 'x', 'permissions': []}"),
    422, "validation_failed", "expires_at", "required", 0 },
  { "POST", "/organizations/{org}/transfer-ownership", AS_OWNER, "", TEXT ("{'member_id': null}"),
    422, "validation_failed", "member_id", "required", 0 },
  { "POST", "/auth/forgot-password/set", AS_NONE, NULL, TEXT ("{'password': 'Demo-password-2'}"),
    422, "validation_failed", "reset_token", "required", 0 },

  /* Too long, too short, not valid */
  { "POST", "/organizations", AS_OWNER, NULL, TEXT ("{'name': '{name256}'}"),
    422, "validation_failed", "name", "too_long", 0 },
  { "PUT", "/organizations/{org}", AS_ADMIN, "", TEXT ("{'name': '{name256}'}"),
    422, "validation_failed", "name", "too_long", 0 },
  { "POST", "/projects", AS_OWNER, NULL, TEXT ("{'name': '{name256}'}"),
    422, "validation_failed", "name", "too_long", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL, TEXT ("{'email': '{email101}'}"),
    422, "validation_failed", "email", "too_long", 0 },
  { "POST", "/auth/register", AS_NONE, NULL,
    TEXT ("{'first_name': 'Ann', 'last_name': 'Lee', 'email': '{email101}', 'password': 'Demo-password-1'}"),
    422, "validation_failed", "email", "too_long", 0 },
  { "POST", "/auth/login", AS_NONE, NULL, TEXT ("{'email': '{email101}', 'password': 'x'}"),
    422, "validation_failed", "email", "too_long", 0 },
  { "GET", "/members?search={search256}", AS_OWNER, NULL, NO_BODY,
    422, "validation_failed", "search", "too_long", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL, TEXT ("{'email': 'not-an-email'}"),
    422, "validation_failed", "email", "invalid", 0 },
  { "POST", "/auth/register", AS_NONE, NULL,
    TEXT ("{'first_name': 'Ann', 'last_name': 'Lee', 'email': 'ann@example.com', 'password': 'password'}"),
    422, "validation_failed", "password", "weak_password", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL, TEXT ("{'email': 'fresh@example.com', 'role': 'owner'}"),
    422, "validation_failed", "role", "invalid", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL, TEXT ("{'role': 'superuser'}"),
    422, "validation_failed", "role", "invalid", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL,
    TEXT ("{'name': 'CI key', 'origin': 'x', 'permissions': [], 'expires_at': 'yesterday'}"),
    422, "validation_failed", "expires_at", "invalid", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL,
    TEXT ("{'name': 'CI key', 'origin': 'x', 'permissions': [], 'expires_at': '2000-01-01T00:00:00Z'}"),
    422, "validation_failed", "expires_at", "invalid", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL,
    TEXT ("{'name': 'C', 'origin': 'x', 'permissions': [], 'expires_at': null}"),
    422, "validation_failed", "name", "too_short", 0 },
  { "POST", "/organizations/{org}/transfer-ownership", AS_OWNER, "", TEXT ("{'member_id': '{owner_member}'}"),
    422, "validation_failed", "member_id", "invalid", 0 },
  { "POST", "/organizations/{org}/transfer-ownership", AS_OWNER, "", TEXT ("{'member_id': '" NO_SUCH_ID "'}"),
    422, "validation_failed", "member_id", "unknown_entity", 0 },

  /* Grants */
  { "PUT", "/members/{member}", AS_OWNER, NULL,
    MEMBER_GRANTS ("{'entity_id': '{project}', 'entity_type': 'projects', 'name': 'full-access',"
                   " 'action': 'write+read+delete', 'permission': [], 'colour': 'red'}"),
    422, "validation_failed", "permissions[0].colour", "unknown_field", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL,
    INVITE_GRANTS (GRANT ("{project}", "projects", "half-access", "write+read")),
    422, "validation_failed", "permissions[0].name", "invalid", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL,
    MEMBER_GRANTS (GRANT ("{project}", "projects", "full-access", "write+fly")),
    422, "validation_failed", "permissions[0].action", "invalid", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL,
    INVITE_GRANTS (GRANT ("{project}", "projects", "billing", "")),
    422, "validation_failed", "permissions[0].name", "invalid", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL,
    MEMBER_GRANTS (FULL_ACCESS (NO_SUCH_ID)),
    422, "validation_failed", "permissions[0].entity_id", "unknown_entity", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL,
    INVITE_GRANTS (FULL_ACCESS ("{labs_project}")),
    422, "validation_failed", "permissions[0].entity_id", "unknown_entity", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL,
    MEMBER_GRANTS (GRANT ("{labs}", "organizations", "billing", "")),
    422, "validation_failed", "permissions[0].entity_id", "unknown_entity", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL,
    INVITE_GRANTS (FULL_ACCESS ("{project}") ", " GRANT ("{project}", "projects", "full-access", "write+read")),
    422, "validation_failed", "permissions[1].entity_id", "invalid", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL,
    MEMBER_GRANTS (GRANT ("{org}", "organizations", "billing", "") ", "
                   GRANT ("{org}", "organization", "billing", "write+read")),
    422, "validation_failed", "permissions[1].name", "invalid", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL,
    API_KEY_GRANTS ("{'entity_id': '{project}', 'entity_type': 'projects', 'name': 'custom', 'action': '',"
                    " 'permission': [{'name': 'colour', 'action': 'read'}]}"),
    422, "validation_failed", "permissions[0].permission[0].name", "invalid", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL,
    MEMBER_GRANTS ("{'entity_id': '{project}', 'entity_type': 'projects', 'name': 'custom', 'action': '',"
                   " 'permission': [{'name': 'folders', 'action': 'custom',"
                   " 'folders': [{'folder_id': '{other_folder}', 'action': 'read'}]}]}"),
    422, "validation_failed", "permissions[0].permission[0].folders[0].folder_id", "unknown_entity", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL,
    INVITE_GRANTS ("42"),
    422, "validation_failed", "permissions[0]", "invalid", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL,
    MEMBER_GRANTS (GRANT ("{project}", "videos", "full-access", "write+read+delete")),
    422, "validation_failed", "permissions[0].entity_type", "invalid", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL,
    INVITE_GRANTS (GRANT (NO_SUCH_ID, "organizations", "api", "write+read")),
    422, "validation_failed", "permissions[0].entity_id", "unknown_entity", 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL,
    MEMBER_GRANTS ("{'entity_id': '{project}', 'entity_type': 'projects', 'name': 'custom', 'action': '',"
                   " 'permission': [{'name': 'folders', 'action': 'custom',"
                   " 'folders': [{'folder_id': '{folder}', 'action': 'read', 'colour': 'red'}]}]}"),
    422, "validation_failed", "permissions[0].permission[0].folders[0].colour", "unknown_field", 0 },
  { "POST", "/members/invitations", AS_OWNER, NULL,
    INVITE_GRANTS ("{'entity_type': 'projects', 'name': 'full-access', 'action': 'write+read+delete'}"),
    422, "validation_failed", "permissions[0].entity_id", "invalid", 0 },
  { "POST", "/api-keys", AS_OWNER, NULL,
    API_KEY_GRANTS (GRANT ("{labs}", "organizations", "api", "")),
    422, "validation_failed", "permissions[0].entity_id", "unknown_entity", 0 },

  /* Bodies over 1 MiB → 413, before authentication and everything else */
  { "POST", "/organizations", AS_OWNER, NULL, TEXT ("{big}"),
    413, "payload_too_large", NULL, NULL, 0 },
  { "PUT", "/members/{member}", AS_OWNER, NULL, TEXT ("{big}"),
    413, "payload_too_large", NULL, NULL, CHUNKED },
  { "POST", "/auth/login", AS_NONE, NULL, TEXT ("{big}"),
    413, "payload_too_large", NULL, NULL, 0 },
  { "POST", "/members/invitations", AS_NONE, NULL, TEXT ("{big}"),
    413, "payload_too_large", NULL, NULL, CHUNKED },

  /* Unknown routes and junk path parameters → 404 */
  { "GET", "/nope", AS_OWNER, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "GET", "^/nope", AS_NONE, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "GET", "^/v2/members", AS_OWNER, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "GET", "/members/x/y/z", AS_OWNER, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "GET", "/members/%ff%fe", AS_OWNER, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "GET", "/members/{long600}", AS_OWNER, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "GET", "/organizations/{org_double_encoded}", AS_OWNER, "", NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "DELETE", "/api-keys/%C0%AF", AS_OWNER, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "GET", "/projects/%00", AS_OWNER, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "DELETE", "/members/..%2F..%2Fusers", AS_OWNER, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "POST", "/members/invitations/%27%3B%20DROP%20TABLE%20members%3B--/resend", AS_OWNER, NULL, NO_BODY,
    404, "not_found", NULL, NULL, 0 },
  { "GET", "/members/invitations/token/{long600}", AS_NONE, NULL, NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "GET", "/organizations/{northwind}", AS_OWNER, "", NO_BODY, 404, "not_found", NULL, NULL, 0 },
  { "PUT", "/organizations/%2e%2e", AS_OWNER, "", TEXT ("{'name': "), 404, "not_found", NULL, NULL, 0 },
  { "PUT", "/members/{member}", AS_OWNER, "{northwind}", TEXT ("{'role': "), 404, "not_found", NULL, NULL, 0 },
  { "PUT", "/members/{member}", AS_OWNER, NO_SUCH_ID, TEXT ("{'role': "), 404, "not_found", NULL, NULL, 0 },
  { "PUT", "/members/" NO_SUCH_ID, AS_OWNER, NULL, TEXT ("{'role': 'admin'}"), 404, "not_found", NULL, NULL, 0 },

  /* Known routes, wrong method → 405 with Allow, before authentication */
  { "PATCH", "/members", AS_OWNER, NULL, NO_BODY, 405, "method_not_allowed", NULL, NULL, 0 },
  { "DELETE", "/organizations", AS_OWNER, NULL, NO_BODY, 405, "method_not_allowed", NULL, NULL, 0 },
  { "PUT", "/auth/login", AS_NONE, NULL, TEXT ("{}"), 405, "method_not_allowed", NULL, NULL, 0 },
  { "POST", "^/health", AS_NONE, NULL, TEXT ("{}"), 405, "method_not_allowed", NULL, NULL, 0 },
  { "GET", "/members/invitations/{invitation}/resend", AS_OWNER, NULL, NO_BODY,
    405, "method_not_allowed", NULL, NULL, 0 },
  { "PATCH", "/members/{member}", AS_NONE, NULL, TEXT ("{'role': "), 405, "method_not_allowed", NULL, NULL, 0 },

  /* Bad bodies that an earlier step of the pipeline turns away first */
  { "PUT", "/members/{member}", AS_NONE, NULL, TEXT ("{'role': "), 401, "unauthorized", NULL, NULL, 0 },
  { "PUT", "/members/{member}", AS_BAD_TOKEN, NULL, TEXT ("{'role': "), 401, "invalid_token", NULL, NULL, 0 },
  { "PUT", "/members/{member}", AS_MEMBER, NULL, TEXT ("{'role': "), 403, "forbidden", NULL, NULL, 0 },
  { "POST", "/api-keys", AS_MEMBER, NULL, TEXT ("[]"), 403, "forbidden", NULL, NULL, 0 },
  { "GET", "/audits?limit=0", AS_MEMBER, NULL, NO_BODY, 403, "forbidden", NULL, NULL, 0 },

  /* List parameters → 422 */
  { "GET", "/members?limit=0", AS_OWNER, NULL, NO_BODY, 422, "validation_failed", "limit", "invalid", 0 },
  { "GET", "/members?limit=501", AS_OWNER, NULL, NO_BODY, 422, "validation_failed", "limit", "invalid", 0 },
  { "GET", "/members?page=-1", AS_OWNER, NULL, NO_BODY, 422, "validation_failed", "page", "invalid", 0 },
  { "GET", "/members?page=abc", AS_OWNER, NULL, NO_BODY, 422, "validation_failed", "page", "invalid", 0 },
  { "GET", "/members?sort=password_hash", AS_OWNER, NULL, NO_BODY,
    422, "validation_failed", "sort", "invalid", 0 },
  { "GET", "/members?filter%5Bpassword%5D%5Beq%5D=x", AS_OWNER, NULL, NO_BODY,
    422, "validation_failed", "filter[password][eq]", "unknown_filter", 0 },
  { "GET", "/members?filter%5Brole%5D%5Beq%5D=root", AS_OWNER, NULL, NO_BODY,
    422, "validation_failed", "filter[role][eq]", "invalid", 0 },
  { "GET", "/members?sort=-password_hash", AS_MEMBER, NULL, NO_BODY,
    422, "validation_failed", "sort", "invalid", 0 },
  { "GET", "/audits?sort=ip_address", AS_OWNER, NULL, NO_BODY, 422, "validation_failed", "sort", "invalid", 0 },
  { "GET", "/audits?filter%5Bcreated_at%5D%5Bbetween%5D=2026-01-02,2026-01-01", AS_ADMIN, NULL, NO_BODY,
    422, "validation_failed", "filter[created_at][between]", "invalid", 0 },
  { "GET", "/audits?limit=99999999999999999999", AS_OWNER, NULL, NO_BODY,
    422, "validation_failed", "limit", "invalid", 0 },
  { "GET", "/api-keys?page=0", AS_OWNER, NULL, NO_BODY, 422, "validation_failed", "page", "invalid", 0 },
  { "GET", "/projects?filter%5Bname%5D%5Beq%5D=x", AS_OWNER, NULL, NO_BODY,
    422, "validation_failed", "filter[name][eq]", "unknown_filter", 0 },
  { "GET", "/projects?search={search256}", AS_MEMBER, NULL, NO_BODY,
    422, "validation_failed", "search", "too_long", 0 },
  { "GET", "/organizations?limit=abc", AS_OWNER, "", NO_BODY, 422, "validation_failed", "limit", "invalid", 0 },
  { "GET", "/members/invitations?status=bogus", AS_OWNER, NULL, NO_BODY,
    422, "validation_failed", "status", "invalid", 0 },
  { "GET", "/members/invitations?page=1.5", AS_ADMIN, NULL, NO_BODY,
    422, "validation_failed", "page", "invalid", 0 },
};

typedef struct
{
  VdTestServer *server;
  char         *owner;
  char         *admin;
  char         *member;
  GHashTable   *variables;   /* "{name}" → value */
} Fixture;

/* Requests */

static VdTestResponse *
send_request (VdTestServer *server,
              const char   *method,
              const char   *path,
              const char   *token,
              const char   *organization_id,
              GBytes       *body,
              gboolean      chunked)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  VdTestResponse *response;

  if (path[0] == '^')
    {
      g_autofree char *root = g_strndup (server->base_url, strlen (server->base_url) - strlen ("/v1"));

      g_assert_true (g_str_has_suffix (server->base_url, "/v1"));
      url = g_strconcat (root, path + 1, NULL);
    }
  else
    url = g_strconcat (server->base_url, path, NULL);

  msg = soup_message_new (method, url);
  if (msg == NULL)
    g_error ("libsoup cannot send %s %s", method, url);
  headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (organization_id != NULL && *organization_id != '\0')
    soup_message_headers_replace (headers, "X-Organization-Id", organization_id);

  if (body != NULL && chunked)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);

      soup_message_set_request_body (msg, "application/json", stream, -1);
    }
  else if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
  if (error != NULL)
    g_error ("%s %s: %s", method, path, error->message);

  response = g_new0 (VdTestResponse, 1);
  response->status = soup_message_get_status (msg);
  response->body = g_strndup (g_bytes_get_data (bytes, &response->length), g_bytes_get_size (bytes));
  response->root = json_from_string (response->body, NULL);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* {"success": false, "message": "…", "code": "…"}, errors[] on 422 only */
static void
assert_error_envelope (VdTestResponse *response,
                       const char     *context)
{
  JsonObject *root;
  JsonNode *success;
  JsonNode *errors;
  const char *message;
  const char *code;

  if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    g_error ("%s: HTTP %u, the body is not a JSON object: “%.200s”", context, response->status, response->body);

  root = json_node_get_object (response->root);
  success = json_object_get_member (root, "success");
  message = string_member (root, "message");
  code = string_member (root, "code");
  errors = json_object_get_member (root, "errors");

  if (success == NULL || !JSON_NODE_HOLDS_VALUE (success) ||
      json_node_get_value_type (success) != G_TYPE_BOOLEAN || json_node_get_boolean (success))
    g_error ("%s: “success” is not false: %.300s", context, response->body);
  if (message == NULL || *message == '\0')
    g_error ("%s: no message: %.300s", context, response->body);
  if (code == NULL || *code == '\0')
    g_error ("%s: no code: %.300s", context, response->body);

  if (response->status == 422)
    {
      if (errors == NULL || !JSON_NODE_HOLDS_ARRAY (errors) || json_array_get_length (json_node_get_array (errors)) == 0)
        g_error ("%s: a 422 without errors[]: %.300s", context, response->body);
    }
  else if (errors != NULL)
    g_error ("%s: errors[] outside a 422: %.300s", context, response->body);

  if (response->status == 405)
    {
      const char *allow = soup_message_headers_get_one (response->headers, "Allow");

      if (allow == NULL || *allow == '\0')
        g_error ("%s: a 405 without an Allow header", context);
    }
}

static void
assert_alive (VdTestServer *server,
              const char   *context)
{
  g_autoptr(VdTestResponse) health = send_request (server, "GET", "^/health", NULL, NULL, NULL, FALSE);

  if (health->status != 200 || health->root == NULL || !JSON_NODE_HOLDS_OBJECT (health->root) ||
      g_strcmp0 (string_member (json_node_get_object (health->root), "status"), "ok") != 0)
    g_error ("%s: GET /health answered %u “%s”", context, health->status, health->body);
}

/* Names the first line that differs, not two whole dumps */
static void
assert_same_dump (const char *before,
                  const char *after,
                  const char *context)
{
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;

  if (g_str_equal (before, after))
    return;

  a = g_strsplit (before, "\n", -1);
  b = g_strsplit (after, "\n", -1);
  for (guint i = 0; ; i++)
    if (a[i] == NULL || b[i] == NULL || !g_str_equal (a[i], b[i]))
      g_error ("%s wrote to the database; line %u was “%.300s”, is “%.300s”",
               context, i + 1, a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';

  return n;
}

/* Placeholders */

static char *
substitute (Fixture    *fixture,
            const char *text)
{
  GString *result = g_string_new (text);
  GHashTableIter iter;
  const char *key, *value;

  g_hash_table_iter_init (&iter, fixture->variables);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &value))
    g_string_replace (result, key, value, 0);

  return g_string_free (result, FALSE);
}

static char *
repeat (char  c,
        gsize n)
{
  char *text = g_malloc (n + 1);

  memset (text, c, n);
  text[n] = '\0';
  return text;
}

static JsonArray *
get_list (Fixture    *fixture,
          const char *token,
          const char *organization_id,
          const char *path)
{
  g_autoptr(VdTestResponse) response = send_request (fixture->server, "GET", path, token,
                                                     organization_id, NULL, FALSE);

  vd_test_assert_status (response, 200, NULL);
  return json_array_ref (vd_test_result_array (response));
}

static const char *
id_where (JsonArray  *items,
          const char *member,
          const char *value)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (value == NULL || g_strcmp0 (string_member (item, member), value) == 0)
        return string_member (item, "id");
    }

  g_error ("No item with %s = %s", member, value);
  return NULL;
}

static void
set_variable (Fixture    *fixture,
              const char *name,
              const char *value)
{
  g_assert_nonnull (value);
  g_hash_table_replace (fixture->variables, g_strdup_printf ("{%s}", name), g_strdup (value));
}

/* Everything the rows refer to, and the sign-ins: all of it writes, so it
 * comes before the first dump. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(JsonArray) organizations = NULL;
  g_autoptr(JsonArray) received = NULL;
  g_autoptr(JsonArray) projects = NULL;
  g_autoptr(JsonArray) other_folders = NULL;
  g_autoptr(JsonArray) folders = NULL;
  g_autoptr(JsonArray) members = NULL;
  g_autoptr(JsonArray) owners = NULL;
  g_autoptr(JsonArray) invitations = NULL;
  g_autoptr(VdTestResponse) labs_project = NULL;
  g_autoptr(GBytes) labs_project_body = NULL;
  g_autofree char *folders_path = NULL;
  g_autofree char *other_folders_path = NULL;
  g_autofree char *name256 = repeat ('n', 256);
  g_autofree char *local101 = repeat ('e', 101 - strlen ("@example.com"));
  g_autofree char *email101 = g_strconcat (local101, "@example.com", NULL);
  g_autofree char *search256 = repeat ('s', 256);
  g_autofree char *long600 = repeat ('i', 600);
  g_autofree char *brackets100k = repeat ('[', 100000);
  g_autofree char *brackets200k = repeat ('[', 200000);
  g_autofree char *padding = repeat ('x', BIG_BODY_SIZE);
  g_autofree char *big = g_strdup_printf ("{'name': '%s'}", padding);
  g_autofree char *org_double_encoded = NULL;
  const char *org, *labs, *project;
  JsonObject *invitation;

  fixture->server = vd_test_server_start ("--demo", NULL);
  fixture->owner = vd_test_login (fixture->server, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  fixture->admin = vd_test_login (fixture->server, VD_TEST_ADMIN, VD_TEST_PASSWORD, NULL);
  fixture->member = vd_test_login (fixture->server, "baptiste2@acme.test", VD_TEST_PASSWORD, NULL);
  fixture->variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  organizations = get_list (fixture, fixture->owner, NULL, "/organizations");
  org = id_where (organizations, "name", "Acme Studios");
  labs = id_where (organizations, "name", "Acme Labs");
  set_variable (fixture, "org", org);
  set_variable (fixture, "labs", labs);
  org_double_encoded = g_strdup_printf ("%%25%02X%s", (guint) org[0], org + 1);
  set_variable (fixture, "org_double_encoded", org_double_encoded);

  received = get_list (fixture, fixture->owner, NULL, "/members/invitations/received");
  invitation = json_array_get_object_element (received, 0);
  set_variable (fixture, "northwind",
                string_member (json_object_get_object_member (invitation, "organization"), "id"));

  projects = get_list (fixture, fixture->owner, org, "/projects?sort=created_at");
  project = id_where (projects, "name", "Marketing Videos");
  set_variable (fixture, "project", project);
  folders_path = g_strdup_printf ("/projects/%s/folders", project);
  folders = get_list (fixture, fixture->owner, org, folders_path);
  set_variable (fixture, "folder", id_where (folders, "name", NULL));
  other_folders_path = g_strdup_printf ("/projects/%s/folders", id_where (projects, "name", "Live Events"));
  other_folders = get_list (fixture, fixture->owner, org, other_folders_path);
  set_variable (fixture, "other_folder", id_where (other_folders, "name", NULL));

  members = get_list (fixture, fixture->owner, org, "/members?search=baptiste2");
  set_variable (fixture, "member", id_where (members, "email", "baptiste2@acme.test"));
  owners = get_list (fixture, fixture->owner, org, "/members?filter%5Brole%5D%5Beq%5D=owner");
  set_variable (fixture, "owner_member", id_where (owners, "email", VD_TEST_OWNER));
  invitations = get_list (fixture, fixture->owner, org, "/members/invitations?status=pending");
  set_variable (fixture, "invitation", id_where (invitations, "status", "pending"));

  /* A project in the owner's other organization, for grants that name it */
  labs_project_body = g_bytes_new_static ("{\"name\": \"Lab Notes\"}", strlen ("{\"name\": \"Lab Notes\"}"));
  labs_project = send_request (fixture->server, "POST", "/projects", fixture->owner, labs,
                               labs_project_body, FALSE);
  vd_test_assert_status (labs_project, 201, NULL);
  set_variable (fixture, "labs_project", string_member (vd_test_result_object (labs_project), "id"));

  set_variable (fixture, "name256", name256);
  set_variable (fixture, "email101", email101);
  set_variable (fixture, "search256", search256);
  set_variable (fixture, "long600", long600);
  set_variable (fixture, "brackets100k", brackets100k);
  set_variable (fixture, "brackets200k", brackets200k);
  set_variable (fixture, "big", big);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->server, vd_test_server_free);
  g_clear_pointer (&fixture->owner, g_free);
  g_clear_pointer (&fixture->admin, g_free);
  g_clear_pointer (&fixture->member, g_free);
  g_clear_pointer (&fixture->variables, g_hash_table_unref);
}

static const char *
token_for (Fixture *fixture,
           Who      who)
{
  switch (who)
    {
    case AS_NONE:      return NULL;
    case AS_OWNER:     return fixture->owner;
    case AS_ADMIN:     return fixture->admin;
    case AS_MEMBER:    return fixture->member;
    case AS_BAD_TOKEN: return "vda_this-token-was-never-issued";
    default:           g_assert_not_reached ();
    }
}

/* The table */

static GBytes *
row_body (Fixture          *fixture,
          const BadRequest *row)
{
  char *text;

  if (row->body == NULL)
    return NULL;
  if (row->length >= 0)
    return g_bytes_new (row->body, (gsize) row->length);

  text = substitute (fixture, row->body);
  g_strdelimit (text, "'", '"');
  return g_bytes_new_take (text, strlen (text));
}

static void
test_table (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *before = vd_test_db_dump (fixture->server);
  g_autofree char *after = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  /* The dump sees what the server committed a moment ago */
  g_assert_nonnull (strstr (before, "Lab Notes"));
  g_test_message ("%u malformed requests against a database of %u lines",
                  (guint) G_N_ELEMENTS (bad_requests), count_lines (before));

  for (guint i = 0; i < G_N_ELEMENTS (bad_requests); i++)
    {
      const BadRequest *row = &bad_requests[i];
      g_autofree char *path = substitute (fixture, row->path);
      g_autofree char *organization = NULL;
      g_autofree char *context = NULL;
      g_autofree char *dump = NULL;
      g_autoptr(GBytes) body = row_body (fixture, row);
      g_autoptr(VdTestResponse) response = NULL;
      const char *token = token_for (fixture, row->who);

      if (row->organization != NULL)
        organization = substitute (fixture, row->organization);
      else if (token != NULL && row->who != AS_BAD_TOKEN)
        organization = substitute (fixture, "{org}");

      context = g_strdup_printf ("row %u (%s %.60s%s)", i, row->method, row->path,
                                 strlen (row->path) > 60 ? "…" : "");
      response = send_request (fixture->server, row->method, path, token, organization, body,
                               (row->flags & CHUNKED) != 0);

      if (response->status != row->status)
        g_error ("%s: expected HTTP %u, got %u: %.400s", context, row->status, response->status, response->body);
      assert_error_envelope (response, context);
      if (g_strcmp0 (vd_test_response_code (response), row->code) != 0)
        g_error ("%s: expected code “%s”, got: %.400s", context, row->code, response->body);

      if (row->field != NULL)
        {
          JsonArray *errors = json_object_get_array_member (vd_test_response_object (response), "errors");
          JsonObject *first = json_array_get_object_element (errors, 0);

          if (g_strcmp0 (string_member (first, "field"), row->field) != 0 ||
              (row->field_code != NULL && g_strcmp0 (string_member (first, "code"), row->field_code) != 0))
            g_error ("%s: expected errors[0] %s/%s, got: %.400s", context, row->field,
                     row->field_code ? row->field_code : "*", response->body);
        }

      assert_alive (fixture->server, context);

      /* Each row on its own, to name the one that wrote */
      dump = vd_test_db_dump (fixture->server);
      assert_same_dump (before, dump, context);
    }

  after = vd_test_db_dump (fixture->server);
  g_assert_cmpstr (before, ==, after);
  g_test_message ("%u rows in %.1f s", (guint) G_N_ELEMENTS (bad_requests), g_timer_elapsed (timer, NULL));
}

/* Random mutations of valid bodies.
 *
 * Each target is a body that is valid JSON of the right shape but that the
 * server turns down for a reason no single mutation can remove (the owner
 * transferring to themself, inviting someone who is a member already, an
 * expiry in the past, an email that is taken, demoting the last owner), so
 * that every answer must be 400, 404, 409, 413 or 422 and nothing may be
 * written. `keep` is a value whose characters are never edited: changing it
 * could make the request valid (a fresh email would really be invited). */
typedef struct
{
  const char *method;
  const char *path;
  Who         who;
  const char *body;
  const char *keep;
} FuzzTarget;

static const FuzzTarget fuzz_targets[] = {
  { "POST", "/organizations/{org}/transfer-ownership", AS_OWNER,
    "{'member_id': '{owner_member}'}", NULL },
  { "POST", "/members/invitations", AS_OWNER,
    "{'email': 'baptiste2@acme.test', 'role': 'member', 'permissions': ["
    FULL_ACCESS ("{project}") ", " GRANT ("{org}", "organizations", "billing", "write+read") "]}",
    "baptiste2@acme.test" },
  { "POST", "/api-keys", AS_OWNER,
    "{'name': 'fuzz key', 'origin': 'https://example.com', 'permissions': ["
    "{'entity_id': '{project}', 'entity_type': 'projects', 'name': 'custom', 'action': '', 'permission': ["
    "{'name': 'folders', 'action': 'custom', 'folders': [{'folder_id': '{folder}', 'action': 'read'}]},"
    " {'name': 'analytics', 'action': 'read'}]}], 'expires_at': '2000-01-01T00:00:00Z'}",
    NULL },
  { "POST", "/auth/register", AS_NONE,
    "{'first_name': 'Fuzz', 'last_name': 'Tester', 'email': 'owner@acme.test',"
    " 'password': 'Demo-password-1', 'newsletter': false}",
    "owner@acme.test" },
  { "PUT", "/members/{owner_member}", AS_OWNER,
    "{'role': 'member', 'permissions': 'x'}", NULL },
};

typedef enum
{
  MUTATE_TRUNCATE,
  MUTATE_DROP,
  MUTATE_DUPLICATE,
  MUTATE_FLIP_TYPE,
  MUTATE_BAD_BYTE,
  MUTATE_DEEP_NESTING,
  MUTATE_WRAP,
  MUTATE_OVERSIZE,
  N_MUTATIONS
} Mutation;

static const char * const mutation_names[] = {
  "truncate", "drop a character", "duplicate a character", "flip a type", "insert a bad byte",
  "nest 10,000 deep", "wrap the object", "grow past 1 MiB",
};
G_STATIC_ASSERT (G_N_ELEMENTS (mutation_names) == N_MUTATIONS);

/* A position in text, outside the kept value */
static gsize
random_position (GRand      *prng,
                 const char *text,
                 const char *keep,
                 gsize       start,
                 gsize       end)
{
  const char *kept = keep ? strstr (text, keep) : NULL;
  gsize kept_start = kept ? (gsize) (kept - text) : 0;
  gsize kept_end = kept ? kept_start + strlen (keep) : 0;

  for (;;)
    {
      gsize position = (gsize) g_rand_int_range (prng, (gint32) start, (gint32) end);

      /* Inserting at kept_start or kept_end lands inside the quotes too */
      if (kept == NULL || position < kept_start || position > kept_end)
        return position;
    }
}

static void
collect_members (JsonNode  *node,
                 GPtrArray *slots)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_ptr_array_add (slots, object);
          g_ptr_array_add (slots, l->data);
          collect_members (json_object_get_member (object, l->data), slots);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_members (json_array_get_element (array, i), slots);
    }
}

/* Some member becomes a value of another type (never null: null is "absent") */
static char *
flip_type (GRand      *prng,
           const char *text)
{
  static const char * const strings[] = { "42", "true", "[]", "{}", "[1, \"x\"]", "{\"a\": 1}", "-0.5" };
  static const char * const arrays[] = { "\"x\"", "42", "{}", "false", "\"[]\"" };
  static const char * const objects[] = { "\"x\"", "42", "[]", "true", "[{}]" };
  static const char * const scalars[] = { "\"1\"", "[]", "{}", "\"true\"", "[false]" };
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  g_autoptr(GPtrArray) slots = g_ptr_array_new ();
  g_autoptr(JsonNode) replacement = NULL;
  JsonObject *object;
  const char *name;
  JsonNode *node;
  const char * const *choices;
  guint n_choices;
  guint slot;

  g_assert_nonnull (root);
  collect_members (root, slots);
  g_assert_cmpuint (slots->len, >, 0);

  slot = (guint) g_rand_int_range (prng, 0, (gint32) slots->len / 2);
  object = slots->pdata[2 * slot];
  name = slots->pdata[2 * slot + 1];
  node = json_object_get_member (object, name);

  if (JSON_NODE_HOLDS_ARRAY (node))
    choices = arrays, n_choices = G_N_ELEMENTS (arrays);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    choices = objects, n_choices = G_N_ELEMENTS (objects);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    choices = strings, n_choices = G_N_ELEMENTS (strings);
  else
    choices = scalars, n_choices = G_N_ELEMENTS (scalars);

  replacement = json_from_string (choices[g_rand_int_range (prng, 0, (gint32) n_choices)], NULL);
  g_assert_nonnull (replacement);
  json_object_set_member (object, name, g_steal_pointer (&replacement));

  return json_to_string (root, FALSE);
}

static GBytes *
mutate (GRand             *prng,
        const char        *text,
        const char        *keep,
        Mutation           mutation)
{
  static const char bad_bytes[] = { '\0', '\x01', '\x1f', '\x80', '\xc3', '\xff' };
  gsize length = strlen (text);
  GString *result = g_string_new_len (text, (gssize) length);
  gsize position;

  switch (mutation)
    {
    case MUTATE_TRUNCATE:
      g_string_truncate (result, (gsize) g_rand_int_range (prng, 0, (gint32) length));
      break;

    case MUTATE_DROP:
      position = random_position (prng, text, keep, 0, length);
      g_string_erase (result, (gssize) position, 1);
      break;

    case MUTATE_DUPLICATE:
      position = random_position (prng, text, keep, 0, length);
      g_string_insert_c (result, (gssize) position, text[position]);
      break;

    case MUTATE_FLIP_TYPE:
      {
        g_autofree char *flipped = flip_type (prng, text);

        g_string_assign (result, flipped);
      }
      break;

    case MUTATE_BAD_BYTE:
      position = random_position (prng, text, keep, 0, length + 1);
      g_string_insert_len (result, (gssize) position,
                           &bad_bytes[g_rand_int_range (prng, 0, G_N_ELEMENTS (bad_bytes))], 1);
      break;

    case MUTATE_DEEP_NESTING:
      {
        g_autofree char *open = repeat ('[', 10000);

        if (g_rand_boolean (prng))
          {
            /* Unterminated, somewhere */
            position = random_position (prng, text, keep, 0, length + 1);
            g_string_insert (result, (gssize) position, open);
          }
        else
          {
            /* Balanced, as the value of the first member */
            g_autofree char *close = repeat (']', 10000);
            const char *colon = strchr (text, ':');

            g_assert_nonnull (colon);
            g_string_truncate (result, (gsize) (colon - text) + 1);
            g_string_append_printf (result, " %s%s}", open, close);
          }
      }
      break;

    case MUTATE_WRAP:
      switch (g_rand_int_range (prng, 0, 3))
        {
        case 0:
          g_string_prepend_c (result, '[');
          g_string_append_c (result, ']');
          break;

        case 1:
          {
            g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
            g_autofree char *quoted = NULL;

            json_node_set_string (node, text);
            quoted = json_to_string (node, FALSE);
            g_string_assign (result, quoted);
          }
          break;

        default:
          g_string_assign (result, "12345");
          break;
        }
      break;

    case MUTATE_OVERSIZE:
      {
        g_autofree char *spaces = repeat (' ', BIG_BODY_SIZE);

        /* Still valid JSON, only too large */
        g_string_append (result, spaces);
      }
      break;

    case N_MUTATIONS:
    default:
      g_assert_not_reached ();
    }

  return g_string_free_to_bytes (result);
}

static void
test_fuzz (Fixture       *fixture,
           gconstpointer  user_data)
{
  const char *seed_text = g_getenv ("VD_FUZZ_SEED");
  guint32 seed = seed_text ? (guint32) g_ascii_strtoull (seed_text, NULL, 10) : g_random_int ();
  g_autoptr(GRand) prng = g_rand_new_with_seed (seed);
  g_autofree char *before = vd_test_db_dump (fixture->server);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  guint counts[N_MUTATIONS] = { 0, };
  guint statuses[600] = { 0, };

  g_test_message ("fuzz seed %u (run again with VD_FUZZ_SEED=%u)", seed, seed);
  g_printerr ("# fuzz seed %u (VD_FUZZ_SEED=%u to repeat)\n", seed, seed);

  /* Each base body, as sent: first as it is, to check that it is turned down */
  for (guint t = 0; t < G_N_ELEMENTS (fuzz_targets); t++)
    {
      char *text = substitute (fixture, fuzz_targets[t].body);
      g_autoptr(JsonNode) parsed = NULL;

      g_strdelimit (text, "'", '"');
      parsed = json_from_string (text, NULL);
      g_assert_nonnull (parsed);
      g_ptr_array_add (bodies, text);
    }

  for (guint round = 0; round < FUZZ_ROUNDS + G_N_ELEMENTS (fuzz_targets); round++)
    {
      gboolean original = round < G_N_ELEMENTS (fuzz_targets);
      guint t = original ? round : (guint) g_rand_int_range (prng, 0, G_N_ELEMENTS (fuzz_targets));
      const FuzzTarget *target = &fuzz_targets[t];
      Mutation mutation = (Mutation) g_rand_int_range (prng, 0, N_MUTATIONS);
      g_autofree char *path = substitute (fixture, target->path);
      g_autofree char *organization = NULL;
      g_autofree char *context = NULL;
      g_autofree char *dump = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(VdTestResponse) response = NULL;
      const char *token = token_for (fixture, target->who);
      gsize size;

      /* Mostly small bodies: about one mutation in twenty-four grows past 1 MiB */
      if (mutation == MUTATE_OVERSIZE && g_rand_int_range (prng, 0, 3) != 0)
        mutation = MUTATE_FLIP_TYPE;

      if (original)
        body = g_bytes_new (bodies->pdata[t], strlen (bodies->pdata[t]));
      else
        body = mutate (prng, bodies->pdata[t], target->keep, mutation);
      if (token != NULL)
        organization = substitute (fixture, "{org}");

      size = g_bytes_get_size (body);
      context = g_strdup_printf ("seed %u, round %u, %s %s, %s, body “%.*s”%s", seed, round, target->method,
                                 target->path, original ? "unchanged" : mutation_names[mutation],
                                 (int) MIN (size, 300), (const char *) g_bytes_get_data (body, NULL),
                                 size > 300 ? "…" : "");
      response = send_request (fixture->server, target->method, path, token, organization, body,
                               g_rand_int_range (prng, 0, 8) == 0);

      if (response->status != 400 && response->status != 404 && response->status != 409 &&
          response->status != 413 && response->status != 422)
        g_error ("%s: answered %u: %.300s", context, response->status, response->body);
      assert_error_envelope (response, context);
      assert_alive (fixture->server, context);

      dump = vd_test_db_dump (fixture->server);
      assert_same_dump (before, dump, context);

      if (!original)
        counts[mutation]++;
      statuses[response->status]++;
    }

  after = vd_test_db_dump (fixture->server);
  g_assert_cmpstr (before, ==, after);

  for (guint m = 0; m < N_MUTATIONS; m++)
    g_test_message ("%-22s %u", mutation_names[m], counts[m]);
  g_test_message ("answers: 400: %u, 404: %u, 409: %u, 413: %u, 422: %u",
                  statuses[400], statuses[404], statuses[409], statuses[413], statuses[422]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/vd/server/bad-input/table", Fixture, NULL, fixture_set_up, test_table, fixture_tear_down);
  g_test_add ("/vd/server/bad-input/fuzz", Fixture, NULL, fixture_set_up, test_fuzz, fixture_tear_down);

  return g_test_run ();
}
