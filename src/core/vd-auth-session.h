/* vd-auth-session.h — one signed-in session of the person (a device)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VD_TYPE_AUTH_SESSION (vd_auth_session_get_type ())
G_DECLARE_FINAL_TYPE (VdAuthSession, vd_auth_session, VD, AUTH_SESSION, GObject)

/*
 * Properties (read-only, set from JSON, notified only on a real change):
 *   "id", "user-agent", "ip-address"     string ("" when missing)
 *   "created-at", "last-active-at"       GDateTime or NULL
 *   "current"                            gboolean: the session asking
 * JSON as for every model (see vd-user.h).
 */
VdAuthSession *vd_auth_session_new_from_json     (JsonObject     *object,
                                                  GError        **error);
gboolean       vd_auth_session_update_from_json  (VdAuthSession  *self,
                                                  JsonObject     *object,
                                                  GError        **error);

const char    *vd_auth_session_get_id            (VdAuthSession  *self);
const char    *vd_auth_session_get_user_agent    (VdAuthSession  *self);
const char    *vd_auth_session_get_ip_address    (VdAuthSession  *self);
GDateTime     *vd_auth_session_get_created_at    (VdAuthSession  *self);
GDateTime     *vd_auth_session_get_last_active_at (VdAuthSession *self);
gboolean       vd_auth_session_get_current       (VdAuthSession  *self);

G_END_DECLS
