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

G_END_DECLS
