/* vd-member-editor.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vd-member-editor.h"

struct _VdMemberEditor
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (VdMemberEditor, vd_member_editor, ADW_TYPE_WINDOW)

static void
vd_member_editor_class_init (VdMemberEditorClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/com/vidinfra/Admin/ui/vd-member-editor.ui");
}

static void
vd_member_editor_init (VdMemberEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VdMemberEditor *
vd_member_editor_new (GtkWindow *parent, VdOrganizationStore *store, VdMember *member)
{
  return g_object_new (VD_TYPE_MEMBER_EDITOR, NULL); /* TODO */
}
