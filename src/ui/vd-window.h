/* vd-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-application.h"

G_BEGIN_DECLS

#define VD_TYPE_WINDOW (vd_window_get_type ())
G_DECLARE_FINAL_TYPE (VdWindow, vd_window, VD, WINDOW, AdwApplicationWindow)

VdWindow *vd_window_new     (VdApplication *application,
                             const char    *server_url);
/* Fills the sign-in page and signs in (instead of restoring a session) */
void      vd_window_sign_in (VdWindow      *self,
                             const char    *email,
                             const char    *password);

G_END_DECLS
