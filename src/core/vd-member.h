/* vd-member.h — a member of an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vd-permissions.h"
#include "vd-role.h"

G_BEGIN_DECLS

#define VD_TYPE_MEMBER (vd_member_get_type ())
G_DECLARE_FINAL_TYPE (VdMember, vd_member, VD, MEMBER, GObject)

/*
 * Properties (read-only, set from JSON, notified only on a real change):
 *   "id", "user-id", "first-name", "last-name", "email"   string ("" when missing)
 *   "role"          VdRole (for an unknown role string see _get_role_name;
 *                   "role" is notified when that string changes too)
 *   "joined-at"     GDateTime or NULL
 *   "display-name"  "First Last", or the email when both names are empty
 *   "search-text"   "first last email" lower-cased and case-folded, for a
 *                   GtkStringFilter
 *   "permissions"   VdPermissions: the same object for the member's whole
 *                   life. _update_from_json applies the new grants to it with
 *                   vd_permissions_update_from (), so whatever is bound to it
 *                   (or to its grants) sees notifies for exactly what changed;
 *                   "permissions" itself is never notified.
 *
 * Signal "changed" () after any of the above changed (once for what one
 * update notified together) and after its permissions changed (a property,
 * or which projects have access): one handler a member for a list that
 * sorts and filters by all of it (GLib's handlers cost ~200 bytes each).
 *
 * JSON as for every model (see vd-user.h); `permissions` is parsed
 * tolerantly, and grants that do not parse are a VD_API_ERROR_PROTOCOL too.
 */
VdMember      *vd_member_new_from_json     (const char  *organization_id,
                                            JsonObject  *object,
                                            GError     **error);
gboolean       vd_member_update_from_json  (VdMember    *self,
                                            JsonObject  *object,
                                            GError     **error);

const char    *vd_member_get_id            (VdMember    *self);
const char    *vd_member_get_organization_id (VdMember  *self);
const char    *vd_member_get_user_id       (VdMember    *self);
const char    *vd_member_get_first_name    (VdMember    *self);
const char    *vd_member_get_last_name     (VdMember    *self);
const char    *vd_member_get_email         (VdMember    *self);
VdRole         vd_member_get_role          (VdMember    *self);
/* The role as the server sent it ("admin", "auditor" …), "" when none */
const char    *vd_member_get_role_name     (VdMember    *self);
GDateTime     *vd_member_get_joined_at     (VdMember    *self);
const char    *vd_member_get_display_name  (VdMember    *self);
const char    *vd_member_get_search_text   (VdMember    *self);
/* @text folded the way search-text is, for matching with strstr () */
char          *vd_member_search_key        (const char  *text);
/* transfer none; never NULL */
VdPermissions *vd_member_get_permissions   (VdMember    *self);

G_END_DECLS
