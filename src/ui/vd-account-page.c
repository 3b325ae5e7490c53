/* vd-account-page.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vd-account-page.h"

struct _VdAccountPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (VdAccountPage, vd_account_page, ADW_TYPE_BIN)

static void
vd_account_page_class_init (VdAccountPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/com/vidinfra/Admin/ui/vd-account-page.ui");
}

static void
vd_account_page_init (VdAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
vd_account_page_set_account (VdAccountPage *self, VdAccount *account)
{
  /* TODO */
}
