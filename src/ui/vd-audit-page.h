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

/*
 * Properties:
 *   "store"     VdOrganizationStore, or NULL when signed out
 *   "loading"   gboolean, read-only: a page of the log is being loaded
 *
 * The first page is loaded when the page is shown with a store; the next
 * ones as the list is scrolled to its end.
 */
VdOrganizationStore *vd_audit_page_get_store   (VdAuditPage         *self);
void                 vd_audit_page_set_store   (VdAuditPage         *self,
                                                VdOrganizationStore *store);
gboolean             vd_audit_page_get_loading (VdAuditPage         *self);

G_END_DECLS
