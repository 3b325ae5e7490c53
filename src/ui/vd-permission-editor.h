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

/*
 * Properties (EXPLICIT_NOTIFY): "store" VdOrganizationStore, "permissions"
 * VdPermissions. Each project of the store gets a row with a check box whose
 * accessible name is the project's name; the billing and API switches are
 * named "Billing Permissions" and "API Permissions".
 */

/* The projects of @store (and their folders, loaded on demand) */
void           vd_permission_editor_set_store       (VdPermissionEditor  *self,
                                                     VdOrganizationStore *store);
/* Edits @permissions in place through property bindings: the caller passes
 * a copy (vd_permissions_copy) and compares or applies it */
void           vd_permission_editor_set_permissions (VdPermissionEditor  *self,
                                                     VdPermissions       *permissions);
VdPermissions *vd_permission_editor_get_permissions (VdPermissionEditor  *self);
VdOrganizationStore *vd_permission_editor_get_store (VdPermissionEditor  *self);
/* The name of a folder the editor has loaded (to describe changes), or NULL */
const char    *vd_permission_editor_lookup_folder_name (VdPermissionEditor *self,
                                                        const char         *folder_id);

G_END_DECLS
