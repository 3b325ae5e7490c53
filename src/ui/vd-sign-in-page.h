/* vd-sign-in-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-account.h"
#include "vd-credentials.h"

G_BEGIN_DECLS

#define VD_TYPE_SIGN_IN_PAGE (vd_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (VdSignInPage, vd_sign_in_page, VD, SIGN_IN_PAGE, AdwBin)

/* Properties: "server-url" (string, the Server field; default
 * DEFAULT_SERVER_URL), "credentials" (VdCredentials, where new sessions are
 * remembered; may be NULL), "busy" (gboolean, read-only: a request runs).
 * Signal "signed-in" (VdAccount *account): a session was opened (sign in,
 * or a new account verified); the window takes the account over. */
void           vd_sign_in_page_set_server_url  (VdSignInPage  *self,
                                                const char    *server_url);
const char    *vd_sign_in_page_get_server_url  (VdSignInPage  *self);
void           vd_sign_in_page_set_credentials (VdSignInPage  *self,
                                                VdCredentials *credentials);
VdCredentials *vd_sign_in_page_get_credentials (VdSignInPage  *self);
gboolean       vd_sign_in_page_get_busy        (VdSignInPage  *self);
/* The step shown: "sign-in", "register", "verify", "forgot", "reset-code"
 * or "new-password" */
const char    *vd_sign_in_page_get_step        (VdSignInPage  *self);
/* Inline error on the page (the window shows why a session ended) */
void           vd_sign_in_page_show_error      (VdSignInPage  *self,
                                                const char    *message);
/* Offers @email in the Email field (the password is then the field to
 * type in), unless something is typed there already */
void           vd_sign_in_page_offer_email     (VdSignInPage  *self,
                                                const char    *email);
/* Fills in email and password and signs in, as pressing "Sign In" */
void           vd_sign_in_page_sign_in         (VdSignInPage  *self,
                                                const char    *email,
                                                const char    *password);

G_END_DECLS
