/* vd-join-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-account.h"

G_BEGIN_DECLS

#define VD_TYPE_JOIN_DIALOG (vd_join_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VdJoinDialog, vd_join_dialog, VD, JOIN_DIALOG, AdwWindow)

/* "Join an Organization": @token_or_link may be NULL (the person pastes one) */
VdJoinDialog *vd_join_dialog_new (GtkWindow  *parent,
                                  VdAccount  *account,
                                  const char *token_or_link);
/* The invitation token in what was pasted (a token, a link with
 * /invitations/<token> or ?token=<token>, a line of the email), or NULL */
char         *vd_join_dialog_extract_token (const char *text);

G_END_DECLS
