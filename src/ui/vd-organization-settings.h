/* vd-organization-settings.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-account.h"
#include "vd-organization-store.h"

G_BEGIN_DECLS

#define VD_TYPE_ORGANIZATION_SETTINGS (vd_organization_settings_get_type ())
G_DECLARE_FINAL_TYPE (VdOrganizationSettings, vd_organization_settings, VD, ORGANIZATION_SETTINGS, AdwWindow)

/* Rename the current organization, transfer its ownership */
VdOrganizationSettings *vd_organization_settings_new (GtkWindow           *parent,
                                                      VdAccount           *account,
                                                      VdOrganizationStore *store);

G_END_DECLS
