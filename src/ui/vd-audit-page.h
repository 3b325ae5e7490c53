/* vd-audit-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-organization-store.h"

G_BEGIN_DECLS

#define VD_TYPE_AUDIT_PAGE (vd_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (VdAuditPage, vd_audit_page, VD, AUDIT_PAGE, AdwBin)

void vd_audit_page_set_store (VdAuditPage         *self,
                              VdOrganizationStore *store);

G_END_DECLS
