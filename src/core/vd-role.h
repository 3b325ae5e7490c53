/* vd-role.h — a person's role in an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * VdRole:
 * The role of a member (or of an invitation, or the caller's in an
 * organization). VD_ROLE_UNKNOWN is a role string this version does not know
 * (a newer server's): not an error, the models keep the string to show it
 * (vd_member_get_role_name () …), and nothing treats it as a right.
 */
typedef enum
{
  VD_ROLE_OWNER,
  VD_ROLE_ADMIN,
  VD_ROLE_MEMBER,
  VD_ROLE_UNKNOWN,
} VdRole;

#define VD_TYPE_ROLE (vd_role_get_type ())
GType        vd_role_get_type           (void) G_GNUC_CONST;

/* "owner", "admin", "member"; anything else (NULL included) → VD_ROLE_UNKNOWN */
VdRole       vd_role_from_string        (const char *text);
/* "owner", "admin", "member"; NULL for VD_ROLE_UNKNOWN (never send it) */
const char  *vd_role_to_string          (VdRole      role);
/* Translated: "Owner", "Admin", "Member", "Unknown" */
const char  *vd_role_get_label          (VdRole      role);
/* The label for a role string as the server sent it: translated for a known
 * role, the string itself for an unknown one, "Unknown" for NULL or "" */
const char  *vd_role_get_label_for_name (const char *name);
/* Owners and admins: they manage the team and have every project, billing
 * and the API by their role */
gboolean     vd_role_manages            (VdRole      role);

G_END_DECLS
