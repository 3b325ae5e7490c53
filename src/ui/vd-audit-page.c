/* vd-audit-page.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vd-audit-page.h"

struct _VdAuditPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (VdAuditPage, vd_audit_page, ADW_TYPE_BIN)

static void
vd_audit_page_class_init (VdAuditPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/com/vidinfra/Admin/ui/vd-audit-page.ui");
}

static void
vd_audit_page_init (VdAuditPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
vd_audit_page_set_store (VdAuditPage *self, VdOrganizationStore *store)
{
  /* TODO */
}
