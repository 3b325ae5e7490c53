/* vd-invitations-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-organization-store.h"

G_BEGIN_DECLS

#define VD_TYPE_INVITATIONS_PAGE (vd_invitations_page_get_type ())
G_DECLARE_FINAL_TYPE (VdInvitationsPage, vd_invitations_page, VD, INVITATIONS_PAGE, AdwBin)

void     vd_invitations_page_set_store   (VdInvitationsPage   *self,
                                          VdOrganizationStore *store);
/* Loads the invitations again (the page does so itself each time it is
 * mapped); "loading" while it runs */
void     vd_invitations_page_reload      (VdInvitationsPage   *self);
gboolean vd_invitations_page_get_loading (VdInvitationsPage   *self);

G_END_DECLS
