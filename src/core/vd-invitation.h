/* vd-invitation.h — an invitation to join an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vd-permissions.h"
#include "vd-role.h"

G_BEGIN_DECLS

/**
 * VdInvitationStatus:
 * Where an invitation stands. VD_INVITATION_STATUS_UNKNOWN is a status string
 * this version does not know (see vd_invitation_get_status_name ()).
 */
typedef enum
{
  VD_INVITATION_STATUS_PENDING,
  VD_INVITATION_STATUS_ACCEPTED,
  VD_INVITATION_STATUS_REJECTED,
  VD_INVITATION_STATUS_REVOKED,
  VD_INVITATION_STATUS_EXPIRED,
  VD_INVITATION_STATUS_UNKNOWN,
} VdInvitationStatus;

#define VD_TYPE_INVITATION_STATUS (vd_invitation_status_get_type ())
GType               vd_invitation_status_get_type     (void) G_GNUC_CONST;
/* "pending" … "expired"; anything else (NULL included) → UNKNOWN */
VdInvitationStatus  vd_invitation_status_from_string  (const char         *text);
/* "pending" … "expired"; NULL for UNKNOWN */
const char         *vd_invitation_status_to_string    (VdInvitationStatus  status);
/* Translated: "Pending", "Accepted", "Rejected", "Revoked", "Expired", "Unknown" */
const char         *vd_invitation_status_get_label    (VdInvitationStatus  status);

#define VD_TYPE_INVITATION (vd_invitation_get_type ())
G_DECLARE_FINAL_TYPE (VdInvitation, vd_invitation, VD, INVITATION, GObject)

/*
 * Properties (read-only, set from JSON, notified only on a real change):
 *   "id", "email"            string ("" when missing)
 *   "role"                   VdRole (unknown strings: _get_role_name)
 *   "status"                 VdInvitationStatus (unknown strings: _get_status_name)
 *   "permissions"            VdPermissions, the same object for the invitation's
 *                            life, updated in place (see vd-member.h)
 *   "inviter-name"           "First Last" of `invited_by` (its email when both
 *                            names are empty), "" when `invited_by` is null
 *   "inviter-email"          "" when `invited_by` is null
 *   "created-at", "expires-at", "responded-at"   GDateTime or NULL
 *   "organization-id"        `organization.id` when sent, else the id given to
 *                            _new_from_json; never changes
 *   "organization-name"      `organization.name`; "" until an answer carries
 *                            `organization`, and kept when a later one lacks it
 *   "token"                  NULL unless sent (received invitations only);
 *                            kept when a later answer lacks it
 *
 * organization_id may be NULL when the object names its organization
 * (received invitations); with neither, or when `organization.id` differs from
 * the invitation's organization on update, VD_API_ERROR_PROTOCOL. The grants are
 * parsed (tolerantly) for the invitation's organization. Otherwise JSON as for
 * every model (see vd-user.h).
 */
VdInvitation       *vd_invitation_new_from_json       (const char    *organization_id,
                                                       JsonObject    *object,
                                                       GError       **error);
gboolean            vd_invitation_update_from_json    (VdInvitation  *self,
                                                       JsonObject    *object,
                                                       GError       **error);

const char         *vd_invitation_get_id              (VdInvitation  *self);
const char         *vd_invitation_get_email           (VdInvitation  *self);
VdRole              vd_invitation_get_role            (VdInvitation  *self);
const char         *vd_invitation_get_role_name       (VdInvitation  *self);
VdInvitationStatus  vd_invitation_get_status          (VdInvitation  *self);
/* The status as the server sent it, "" when none */
const char         *vd_invitation_get_status_name     (VdInvitation  *self);
/* transfer none; never NULL */
VdPermissions      *vd_invitation_get_permissions     (VdInvitation  *self);
const char         *vd_invitation_get_inviter_name    (VdInvitation  *self);
const char         *vd_invitation_get_inviter_email   (VdInvitation  *self);
GDateTime          *vd_invitation_get_created_at      (VdInvitation  *self);
GDateTime          *vd_invitation_get_expires_at      (VdInvitation  *self);
GDateTime          *vd_invitation_get_responded_at    (VdInvitation  *self);
const char         *vd_invitation_get_organization_id (VdInvitation  *self);
const char         *vd_invitation_get_organization_name (VdInvitation *self);
const char         *vd_invitation_get_token           (VdInvitation  *self);

G_END_DECLS
