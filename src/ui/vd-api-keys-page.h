/* vd-api-keys-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-organization-store.h"

G_BEGIN_DECLS

#define VD_TYPE_API_KEYS_PAGE (vd_api_keys_page_get_type ())
G_DECLARE_FINAL_TYPE (VdApiKeysPage, vd_api_keys_page, VD, API_KEYS_PAGE, AdwBin)

void vd_api_keys_page_set_store (VdApiKeysPage       *self,
                                 VdOrganizationStore *store);
/* Loads the keys again (the page does so itself each time it is shown) */
void      vd_api_keys_page_reload            (VdApiKeysPage *self);
gboolean  vd_api_keys_page_get_loading       (VdApiKeysPage *self);
/* The "Create API Key" dialog (transfer none), for tests and screenshots */
GtkWindow *vd_api_keys_page_get_create_window (VdApiKeysPage *self);

G_END_DECLS
