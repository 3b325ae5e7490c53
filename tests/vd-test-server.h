/* vd-test-server.h — tests talk real HTTP to a real vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vd-member.h"

G_BEGIN_DECLS

#define VD_TEST_OWNER    "owner@acme.test"
#define VD_TEST_ADMIN    "admin@acme.test"
#define VD_TEST_PASSWORD "Demo-password-1"

typedef struct
{
  GSubprocess *process;
  char        *data_dir;
  char        *base_url;    /* "http://127.0.0.1:PORT/v1" */
  GStrv        args;        /* extra arguments, kept for restarts */
  SoupSession *session;
} VdTestServer;

/* Starts $VIDINFRA_LOCAL on port 0 with a fresh data directory and the
 * extra arguments (NULL-terminated), and waits for its "listening" line. */
VdTestServer *vd_test_server_start    (const char   *first_arg,
                                       ...) G_GNUC_NULL_TERMINATED;
/* SIGTERM and wait for a clean exit (asserts exit status 0) */
void          vd_test_server_stop     (VdTestServer *server);
/* SIGKILL and wait: the data directory stays for a restart */
void          vd_test_server_kill     (VdTestServer *server);
/* Starts again on the same data directory with the same arguments */
void          vd_test_server_restart  (VdTestServer *server);
/* Stops it if running and removes the data directory */
void          vd_test_server_free     (VdTestServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdTestServer, vd_test_server_free)

typedef struct
{
  guint       status;
  char       *body;         /* NUL-terminated */
  gsize       length;
  JsonNode   *root;         /* NULL when the body is not JSON */
  SoupMessageHeaders *headers;
} VdTestResponse;

void            vd_test_response_free   (VdTestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdTestResponse, vd_test_response_free)

/* path is relative to the base URL ("/members?limit=5"); token may be NULL;
 * body is sent as application/json when not NULL. */
VdTestResponse *vd_test_request         (VdTestServer *server,
                                         const char   *method,
                                         const char   *path,
                                         const char   *token,
                                         const char   *body);
/* The same with an X-Organization-Id header (NULL: none) and raw bytes */
VdTestResponse *vd_test_request_full    (VdTestServer *server,
                                         const char   *method,
                                         const char   *path,
                                         const char   *token,
                                         const char   *organization_id,
                                         const char   *content_type,
                                         const char   *body,
                                         gssize        length);

/* Members of the envelope; assert the type */
JsonObject     *vd_test_response_object (VdTestResponse *response);   /* the root object */
JsonObject     *vd_test_result_object   (VdTestResponse *response);   /* "result" as an object */
JsonArray      *vd_test_result_array    (VdTestResponse *response);   /* "result" as an array */
const char     *vd_test_response_code   (VdTestResponse *response);   /* "code", or NULL */
gint64          vd_test_response_total  (VdTestResponse *response);   /* meta.pagination.total */

/* Asserts status (and code, unless NULL) with the body in the failure message */
#define vd_test_assert_status(response, expected_status, expected_code) \
  G_STMT_START { \
    VdTestResponse *_r = (response); \
    if (_r->status != (guint) (expected_status)) \
      g_error ("%s:%d: expected HTTP %u, got %u: %s", __FILE__, __LINE__, \
               (guint) (expected_status), _r->status, _r->body); \
    if ((expected_code) != NULL) \
      g_assert_cmpstr (vd_test_response_code (_r), ==, (expected_code)); \
  } G_STMT_END

/* Signs in (asserting 200) and returns the access token; refresh_token may be NULL */
char           *vd_test_login           (VdTestServer *server,
                                         const char   *email,
                                         const char   *password,
                                         char        **refresh_token);
/* Registers, verifies with the mailed code, and returns an access token */
char           *vd_test_register        (VdTestServer *server,
                                         const char   *first_name,
                                         const char   *email);

/* The newest mail in the outbox to this address (NULL if none); the code or
 * token it carries (the "Code: " / "Token: " line) */
char           *vd_test_outbox_last     (VdTestServer *server,
                                         const char   *to);
char           *vd_test_outbox_value    (VdTestServer *server,
                                         const char   *to,
                                         const char   *label);
guint           vd_test_outbox_count    (VdTestServer *server);

/* Runs a SQL query against the server's database (read only, sqlite3 C API)
 * and returns the first column of the first row as a string, or NULL */
char           *vd_test_db_query        (VdTestServer *server,
                                         const char   *sql);

/* Every row of every table, as text, in a stable order: compare two dumps to
 * see whether a request changed anything */
char           *vd_test_db_dump         (VdTestServer *server);

/* A JSON body built with printf */
char           *vd_test_json            (const char   *format,
                                         ...) G_GNUC_PRINTF (1, 2);

/* Assertions on JSON, failing the test with the member's name */
char           *vd_test_jq              (const char   *format,
                                         ...) G_GNUC_PRINTF (1, 2);   /* JSON with ' for " */
const char     *vd_test_jstr            (JsonObject   *object,
                                         const char   *member);       /* NULL for null */
JsonObject     *vd_test_jobj            (JsonObject   *object,
                                         const char   *member);
JsonArray      *vd_test_jarr            (JsonObject   *object,
                                         const char   *member);
gboolean        vd_test_jbool           (JsonObject   *object,
                                         const char   *member);
gint64          vd_test_jint            (JsonObject   *object,
                                         const char   *member);
gint64          vd_test_jtime           (JsonObject   *object,
                                         const char   *member);       /* Unix seconds */

/* A member of @organization_id as the server would send it: a first name,
 * the email as last name and address, role member, no grants */
VdMember       *vd_test_member_new      (const char     *organization_id,
                                         const char     *first_name,
                                         const char     *email);

/* The object of the array whose string member is value, or NULL */
JsonObject     *vd_test_find_item       (JsonArray      *array,
                                         const char     *member,
                                         const char     *value);
/* meta.pagination of a list answer */
JsonObject     *vd_test_pagination      (VdTestResponse *response);
/* A 422 validation_failed whose first error is on a field starting with
 * field_prefix, with code (unless NULL) */
void            vd_test_assert_invalid  (VdTestResponse *response,
                                         const char     *field_prefix,
                                         const char     *code);

G_END_DECLS
