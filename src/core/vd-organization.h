/* vd-organization.h — an organization the signed-in person belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vd-role.h"

G_BEGIN_DECLS

#define VD_TYPE_ORGANIZATION (vd_organization_get_type ())
G_DECLARE_FINAL_TYPE (VdOrganization, vd_organization, VD, ORGANIZATION, GObject)

/*
 * Properties (notified only on a real change):
 *   "id", "name", "owner-id"        string ("" when missing), read-only
 *   "role"                          VdRole: the caller's, read-only (for an
 *                                   unknown role string see _get_role_name;
 *                                   "role" is notified when that changes too)
 *   "member-count"                  guint, read-only
 *   "created-at", "updated-at"      GDateTime or NULL, read-only
 *   "current"                       gboolean: the session's current organization;
 *                                   read-write, so that switching can flip it locally
 *
 * JSON as for every model: VD_API_ERROR_PROTOCOL for a missing `id` or a
 * member of the wrong type (member_count must be a whole number ≥ 0); a
 * failed update changes nothing; an update must have the same id.
 */
VdOrganization *vd_organization_new_from_json     (JsonObject      *object,
                                                   GError         **error);
gboolean        vd_organization_update_from_json  (VdOrganization  *self,
                                                   JsonObject      *object,
                                                   GError         **error);

const char     *vd_organization_get_id            (VdOrganization  *self);
const char     *vd_organization_get_name          (VdOrganization  *self);
const char     *vd_organization_get_owner_id      (VdOrganization  *self);
VdRole          vd_organization_get_role          (VdOrganization  *self);
/* The role as the server sent it ("owner", "auditor" …), "" when none */
const char     *vd_organization_get_role_name     (VdOrganization  *self);
guint           vd_organization_get_member_count  (VdOrganization  *self);
GDateTime      *vd_organization_get_created_at    (VdOrganization  *self);
GDateTime      *vd_organization_get_updated_at    (VdOrganization  *self);
gboolean        vd_organization_get_current       (VdOrganization  *self);
void            vd_organization_set_current       (VdOrganization  *self,
                                                   gboolean         current);

G_END_DECLS
