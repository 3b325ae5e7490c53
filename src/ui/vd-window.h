/* vd-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-account.h"
#include "vd-application.h"
#include "vd-organization-store.h"

G_BEGIN_DECLS

#define VD_TYPE_WINDOW (vd_window_get_type ())
G_DECLARE_FINAL_TYPE (VdWindow, vd_window, VD, WINDOW, AdwApplicationWindow)

VdWindow            *vd_window_new          (VdApplication *application,
                                             const char    *server_url);
/* Fills the sign-in page and signs in (instead of restoring a session) */
void                 vd_window_sign_in      (VdWindow      *self,
                                             const char    *email,
                                             const char    *password);
/* The same on another server (Try It Locally) */
void                 vd_window_sign_in_to   (VdWindow      *self,
                                             const char    *server_url,
                                             const char    *email,
                                             const char    *password);
/* What the window shows: NULL before signing in / without an organization */
VdAccount           *vd_window_get_account  (VdWindow      *self);
VdOrganizationStore *vd_window_get_store    (VdWindow      *self);
/* "restoring", "sign-in" or "main" */
const char          *vd_window_get_mode     (VdWindow      *self);
/* Shows a page of the sidebar: "members", "invitations", "audit",
 * "api-keys", "account"; FALSE when the caller's role hides it */
gboolean             vd_window_show_page    (VdWindow      *self,
                                             const char    *name);
const char          *vd_window_get_page     (VdWindow      *self);
/* Whether the sidebar offers the page */
gboolean             vd_window_page_visible (VdWindow      *self,
                                             const char    *name);

/* The role's name, for the organization switcher */
char                *vd_window_role_label   (gpointer       unused,
                                             VdRole         role);

G_END_DECLS
