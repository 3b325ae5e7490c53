/* vd-invite-dialog.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vd-invite-dialog.h"

struct _VdInviteDialog
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (VdInviteDialog, vd_invite_dialog, ADW_TYPE_WINDOW)

static void
vd_invite_dialog_class_init (VdInviteDialogClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/com/vidinfra/Admin/ui/vd-invite-dialog.ui");
}

static void
vd_invite_dialog_init (VdInviteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VdInviteDialog *
vd_invite_dialog_new (GtkWindow *parent, VdOrganizationStore *store)
{
  return g_object_new (VD_TYPE_INVITE_DIALOG, NULL); /* TODO */
}
