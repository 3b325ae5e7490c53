/* vd-permission-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-organization-store.h"
#include "vd-permissions.h"

G_BEGIN_DECLS

#define VD_TYPE_PERMISSION_EDITOR (vd_permission_editor_get_type ())
G_DECLARE_FINAL_TYPE (VdPermissionEditor, vd_permission_editor, VD, PERMISSION_EDITOR, AdwBin)

/* The projects of @store (and their folders, loaded on demand) */
void           vd_permission_editor_set_store       (VdPermissionEditor  *self,
                                                     VdOrganizationStore *store);
/* Edits @permissions in place through property bindings: the caller passes
 * a copy (vd_permissions_copy) and compares or applies it */
void           vd_permission_editor_set_permissions (VdPermissionEditor  *self,
                                                     VdPermissions       *permissions);
VdPermissions *vd_permission_editor_get_permissions (VdPermissionEditor  *self);

G_END_DECLS
