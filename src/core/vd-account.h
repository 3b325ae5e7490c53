/* vd-account.h — the person signed in to one server, and their organizations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vd-client.h"
#include "vd-credentials.h"
#include "vd-organization.h"
#include "vd-user.h"

G_BEGIN_DECLS

#define VD_TYPE_ACCOUNT (vd_account_get_type ())
G_DECLARE_FINAL_TYPE (VdAccount, vd_account, VD, ACCOUNT, GObject)

/*
 * Properties (read-only, notified on change):
 *   "client"                VdClient, construct-only
 *   "user"                  VdUser or NULL when signed out
 *   "current-organization"  VdOrganization or NULL
 *   "signed-in"             gboolean
 * The organizations are a GListModel of VdOrganization, sorted by name, whose
 * objects are updated in place on reload.
 * Signal "signed-out" (GError *reason): the session ended without the person
 * asking (its refresh was refused); NULL reason after vd_account_sign_out.
 */
VdAccount      *vd_account_new                        (VdClient       *client,
                                                       VdCredentials  *credentials);
VdClient       *vd_account_get_client                 (VdAccount      *self);
VdUser         *vd_account_get_user                   (VdAccount      *self);
GListModel     *vd_account_get_organizations          (VdAccount      *self);
VdOrganization *vd_account_get_current_organization   (VdAccount      *self);
gboolean        vd_account_get_signed_in              (VdAccount      *self);

void            vd_account_sign_in_async              (VdAccount          *self,
                                                       const char         *email,
                                                       const char         *password,
                                                       gboolean            remember_me,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean        vd_account_sign_in_finish             (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
/* Restores the session stored for the client's server: TRUE if there was one
 * and it still works, FALSE without an error if none was stored. */
void            vd_account_restore_async              (VdAccount          *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean        vd_account_restore_finish             (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
/* Ends the session on the server, forgets it here and in the keyring */
void            vd_account_sign_out_async             (VdAccount          *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean        vd_account_sign_out_finish            (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
/* Reloads the profile and the organizations, updating the objects in place */
void            vd_account_reload_async               (VdAccount          *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean        vd_account_reload_finish              (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
void            vd_account_switch_async               (VdAccount          *self,
                                                       VdOrganization     *organization,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean        vd_account_switch_finish              (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
/* The new organization (transfer full), already in the list */
void            vd_account_create_organization_async  (VdAccount          *self,
                                                       const char         *name,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
VdOrganization *vd_account_create_organization_finish (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
void            vd_account_rename_organization_async  (VdAccount          *self,
                                                       VdOrganization     *organization,
                                                       const char         *name,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean        vd_account_rename_organization_finish (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

G_END_DECLS
