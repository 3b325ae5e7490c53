/* vd-permission-editor.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vd-permission-editor.h"

struct _VdPermissionEditor
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (VdPermissionEditor, vd_permission_editor, ADW_TYPE_BIN)

static void
vd_permission_editor_class_init (VdPermissionEditorClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/com/vidinfra/Admin/ui/vd-permission-editor.ui");
}

static void
vd_permission_editor_init (VdPermissionEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
vd_permission_editor_set_store (VdPermissionEditor *self, VdOrganizationStore *store)
{
  /* TODO */
}

void
vd_permission_editor_set_permissions (VdPermissionEditor *self, VdPermissions *permissions)
{
  /* TODO */
}

VdPermissions *
vd_permission_editor_get_permissions (VdPermissionEditor *self)
{
  return NULL; /* TODO */
}
