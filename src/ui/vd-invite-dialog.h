/* vd-invite-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-organization-store.h"

G_BEGIN_DECLS

#define VD_TYPE_INVITE_DIALOG (vd_invite_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VdInviteDialog, vd_invite_dialog, VD, INVITE_DIALOG, AdwWindow)

/*
 * Properties:
 *   "store"          VdOrganizationStore, construct-only
 *   "inviter-role"   VdRole of the person inviting (default owner): only
 *                    owners are offered the Admin role (see docs/api.md)
 *   "sending"        gboolean, read-only: invitations are on their way
 */

/* "Invite Member": modal, transient for @parent */
VdInviteDialog *vd_invite_dialog_new              (GtkWindow           *parent,
                                                   VdOrganizationStore *store);
VdOrganizationStore *vd_invite_dialog_get_store   (VdInviteDialog      *self);
VdRole          vd_invite_dialog_get_inviter_role (VdInviteDialog      *self);
void            vd_invite_dialog_set_inviter_role (VdInviteDialog      *self,
                                                   VdRole               role);
gboolean        vd_invite_dialog_get_sending      (VdInviteDialog      *self);
/* The grants the invitations will carry (transfer none), edited by the
 * dialog's permission editor */
VdPermissions  *vd_invite_dialog_get_permissions  (VdInviteDialog      *self);

G_END_DECLS
