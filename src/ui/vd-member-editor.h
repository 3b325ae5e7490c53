/* vd-member-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-organization-store.h"

G_BEGIN_DECLS

#define VD_TYPE_MEMBER_EDITOR (vd_member_editor_get_type ())
G_DECLARE_FINAL_TYPE (VdMemberEditor, vd_member_editor, VD, MEMBER_EDITOR, AdwWindow)

/* A modal editor of @member's role and permissions, transient for @parent */
VdMemberEditor *vd_member_editor_new (GtkWindow           *parent,
                                      VdOrganizationStore *store,
                                      VdMember            *member);

G_END_DECLS
