/* vd-client.h — the one HTTP connection to a Vidinfra server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vd-api-error.h"

G_BEGIN_DECLS

typedef enum
{
  VD_REQUEST_DEFAULT         = 0,
  VD_REQUEST_NO_AUTH         = 1 << 0,  /* send no access token (sign-in, register …) */
  VD_REQUEST_NO_ORGANIZATION = 1 << 1,  /* send no X-Organization-Id */
} VdRequestFlags;

#define VD_TYPE_CLIENT (vd_client_get_type ())
G_DECLARE_FINAL_TYPE (VdClient, vd_client, VD, CLIENT, GObject)

/*
 * Properties:
 *   "base-url"          string, construct-only (default https://api.vidinfra.com/v1)
 *   "timeout"           guint seconds without progress before a request fails (default 30)
 *   "max-concurrent"    guint requests on the wire at once; more wait their turn (default 6)
 *   "max-retries"       guint retries of a GET on network errors and 5xx (default 2)
 *   "organization-id"   string sent as X-Organization-Id (NULL: none)
 *   "signed-in"         gboolean, read-only: holds tokens
 * Signals:
 *   "tokens-changed"    the refresh token changed (store it: vd_client_dup_refresh_token)
 *   "signed-out" (GError *)  a refresh failed for good: the tokens are gone
 */

/* NULL with an error for a URL that is not http(s), or plain http:// to a
 * host that is not this computer (tokens never travel unencrypted). */
VdClient   *vd_client_new                 (const char      *base_url,
                                           GError         **error);
const char *vd_client_get_base_url        (VdClient        *self);
const char *vd_client_get_organization_id (VdClient        *self);
void        vd_client_set_organization_id (VdClient        *self,
                                           const char      *organization_id);
gboolean    vd_client_get_signed_in       (VdClient        *self);
void        vd_client_set_tokens          (VdClient        *self,
                                           const char      *access_token,
                                           const char      *refresh_token);
/* A copy to hand to the keyring; wipe and free it with vd_client_free_secret */
char       *vd_client_dup_refresh_token   (VdClient        *self);
void        vd_client_free_secret         (char            *secret);
void        vd_client_clear_tokens        (VdClient        *self);
/* How many token refreshes ran (for tests and diagnostics) */
guint       vd_client_get_n_refreshes     (VdClient        *self);

/* Checks a server URL the way vd_client_new does */
gboolean    vd_client_check_url           (const char      *base_url,
                                           GError         **error);

/*
 * One API call. path is relative to the base URL ("/members?limit=100");
 * body (may be NULL) is sent as JSON. GETs are retried on network errors and
 * 5xx; nothing else is. A 401 for an expired token refreshes the tokens once
 * for every request waiting on it and replays them once. The result is the
 * whole answer's root node (transfer full); on failure a VD_API_ERROR (or
 * G_IO_ERROR_CANCELLED).
 */
void        vd_client_request_async       (VdClient           *self,
                                           const char         *method,
                                           const char         *path,
                                           JsonNode           *body,
                                           VdRequestFlags      flags,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
JsonNode   *vd_client_request_finish      (VdClient           *self,
                                           GAsyncResult       *result,
                                           GError            **error);

/* Sign-in and friends: on success the client holds the new tokens and the
 * result is the user object of the answer (transfer full). */
void        vd_client_sign_in_async       (VdClient           *self,
                                           const char         *email,
                                           const char         *password,
                                           gboolean            remember_me,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
void        vd_client_register_async      (VdClient           *self,
                                           const char         *first_name,
                                           const char         *last_name,
                                           const char         *email,
                                           const char         *password,
                                           gboolean            newsletter,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
/* Restores a session from a stored refresh token */
void        vd_client_restore_async       (VdClient           *self,
                                           const char         *refresh_token,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
JsonObject *vd_client_auth_finish         (VdClient           *self,
                                           GAsyncResult       *result,
                                           GError            **error);
/* Revokes the session on the server and forgets the tokens (also when the
 * server cannot be reached: the tokens are gone from here either way). */
void        vd_client_sign_out_async      (VdClient           *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean    vd_client_sign_out_finish     (VdClient           *self,
                                           GAsyncResult       *result,
                                           GError            **error);

/* Percent-encodes one path segment (an id, an email, a token) */
char       *vd_client_escape              (const char         *segment);
/* prefix + the escaped segment + suffix (may be NULL): "/members/" id "/resend" */
char       *vd_client_path                (const char         *prefix,
                                           const char         *segment,
                                           const char         *suffix);

G_END_DECLS
