/* vd-api-keys-page.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vd-api-keys-page.h"

struct _VdApiKeysPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (VdApiKeysPage, vd_api_keys_page, ADW_TYPE_BIN)

static void
vd_api_keys_page_class_init (VdApiKeysPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/com/vidinfra/Admin/ui/vd-api-keys-page.ui");
}

static void
vd_api_keys_page_init (VdApiKeysPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
vd_api_keys_page_set_store (VdApiKeysPage *self, VdOrganizationStore *store)
{
  /* TODO */
}
