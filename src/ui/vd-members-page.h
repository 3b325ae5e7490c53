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

/* Writes the members as the page shows them now (search, filters and sort
 * order applied) to @file as CSV: a header line, RFC 4180 quoting, CRLF line
 * ends, and cells a spreadsheet would read as a formula (= + - @, tab, CR)
 * prefixed with an apostrophe. The text is built a slice at a time on idle
 * and written asynchronously. */
void                 vd_members_page_export_csv_async  (VdMembersPage       *self,
                                                        GFile               *file,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean             vd_members_page_export_csv_finish (VdMembersPage       *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
