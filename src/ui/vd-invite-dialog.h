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

/* "Invite Member": modal, transient for @parent */
VdInviteDialog *vd_invite_dialog_new (GtkWindow           *parent,
                                      VdOrganizationStore *store);

G_END_DECLS
