/* vd-account-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-account.h"

G_BEGIN_DECLS

#define VD_TYPE_ACCOUNT_PAGE (vd_account_page_get_type ())
G_DECLARE_FINAL_TYPE (VdAccountPage, vd_account_page, VD, ACCOUNT_PAGE, AdwBin)

void vd_account_page_set_account (VdAccountPage *self,
                                  VdAccount     *account);
VdAccount  *vd_account_page_get_account          (VdAccountPage *self);
/* Loads the sessions again (the page does so itself each time it is shown) */
void        vd_account_page_reload_sessions      (VdAccountPage *self);
gboolean    vd_account_page_get_loading_sessions (VdAccountPage *self);
/* The sessions shown: a GListModel of VdAuthSession (transfer none) */
GListModel *vd_account_page_get_sessions         (VdAccountPage *self);

G_END_DECLS
