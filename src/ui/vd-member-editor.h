/* vd-member-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-account.h"
#include "vd-organization-store.h"
#include "vd-permission-editor.h"

G_BEGIN_DECLS

#define VD_TYPE_MEMBER_EDITOR (vd_member_editor_get_type ())
G_DECLARE_FINAL_TYPE (VdMemberEditor, vd_member_editor, VD, MEMBER_EDITOR, AdwWindow)

/*
 * Properties: "store", "member" (construct-only), "account" (who is editing:
 * their role in the store's organization and their user id decide which
 * controls are enabled; without it everything is, and the server decides),
 * "changed" (read-only: the role or permissions differ from the member's).
 *
 * Removing a member is deferred: it is hidden from the store's list and
 * removed on the server only when the Undo toast in the parent window goes
 * away; while that waits the GApplication is held, and its "shutdown"
 * (quitting) sends the removal first.
 */

/* A modal editor of @member's role and permissions, transient for @parent */
VdMemberEditor *vd_member_editor_new (GtkWindow           *parent,
                                      VdOrganizationStore *store,
                                      VdMember            *member);
void            vd_member_editor_set_account (VdMemberEditor *self,
                                              VdAccount      *account);
VdAccount      *vd_member_editor_get_account (VdMemberEditor *self);
gboolean        vd_member_editor_get_changed (VdMemberEditor *self);
VdPermissionEditor *vd_member_editor_get_permission_editor (VdMemberEditor *self);

G_END_DECLS
