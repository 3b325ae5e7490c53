/* vd-join-dialog.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vd-join-dialog.h"

struct _VdJoinDialog
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (VdJoinDialog, vd_join_dialog, ADW_TYPE_WINDOW)

static void
vd_join_dialog_class_init (VdJoinDialogClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/com/vidinfra/Admin/ui/vd-join-dialog.ui");
}

static void
vd_join_dialog_init (VdJoinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VdJoinDialog *
vd_join_dialog_new (GtkWindow *parent, VdAccount *account, const char *token_or_link)
{
  return g_object_new (VD_TYPE_JOIN_DIALOG, NULL); /* TODO */
}
