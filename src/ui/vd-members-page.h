/* vd-members-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-organization-store.h"

G_BEGIN_DECLS

#define VD_TYPE_MEMBERS_PAGE (vd_members_page_get_type ())
G_DECLARE_FINAL_TYPE (VdMembersPage, vd_members_page, VD, MEMBERS_PAGE, AdwBin)

VdOrganizationStore *vd_members_page_get_store (VdMembersPage       *self);
void                 vd_members_page_set_store (VdMembersPage       *self,
                                                VdOrganizationStore *store);

/* Formatters used by the template's closures */
char   *vd_members_page_role_label     (gpointer    unused,
                                        VdRole      role);
int     vd_members_page_role_key       (gpointer    unused,
                                        VdRole      role);
char   *vd_members_page_projects_label (gpointer    unused,
                                        guint       n_projects,
                                        VdRole      role);
char   *vd_members_page_access_label   (gpointer    unused,
                                        gboolean    granted,
                                        VdRole      role);
char   *vd_members_page_date_label     (gpointer    unused,
                                        GDateTime  *date);
gint64  vd_members_page_joined_key     (gpointer    unused,
                                        GDateTime  *date);

G_END_DECLS
