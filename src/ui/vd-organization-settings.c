/* vd-organization-settings.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vd-organization-settings.h"

struct _VdOrganizationSettings
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (VdOrganizationSettings, vd_organization_settings, ADW_TYPE_WINDOW)

static void
vd_organization_settings_class_init (VdOrganizationSettingsClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/com/vidinfra/Admin/ui/vd-organization-settings.ui");
}

static void
vd_organization_settings_init (VdOrganizationSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VdOrganizationSettings *
vd_organization_settings_new (GtkWindow *parent, VdAccount *account, VdOrganizationStore *store)
{
  return g_object_new (VD_TYPE_ORGANIZATION_SETTINGS, NULL); /* TODO */
}
