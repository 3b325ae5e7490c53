/* vd-account.h — the person signed in to one server, and their organizations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vd-client.h"
#include "vd-auth-session.h"
#include "vd-credentials.h"
#include "vd-invitation.h"
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

/*
 * The rest of the person's business, each an asynchronous call that finishes
 * with a boolean (or the object named) and a VD_API_ERROR on failure.
 */

/* Transfer ownership of the organization to one of its members */
void            vd_account_transfer_ownership_async   (VdAccount          *self,
                                                       VdOrganization     *organization,
                                                       const char         *member_id,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
/* Invitations to the person: fills vd_account_get_received_invitations () */
void            vd_account_load_received_async        (VdAccount          *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
GListModel     *vd_account_get_received_invitations   (VdAccount          *self);
/* What an invitation token grants, before accepting (no sign-in needed);
 * finish with vd_account_invitation_finish */
void            vd_account_preview_invitation_async   (VdAccount          *self,
                                                       const char         *token,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
VdInvitation   *vd_account_invitation_finish          (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
/* Accepting joins the organization (the list of organizations is reloaded);
 * rejecting declines it. Both drop it from the received invitations. */
void            vd_account_respond_invitation_async   (VdAccount          *self,
                                                       const char         *token,
                                                       gboolean            accept,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
void            vd_account_update_profile_async       (VdAccount          *self,
                                                       const char         *first_name,
                                                       const char         *last_name,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
void            vd_account_change_password_async      (VdAccount          *self,
                                                       const char         *current_password,
                                                       const char         *new_password,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
/* The person's sessions: a new GListModel of VdAuthSession; finish with
 * vd_account_list_finish */
void            vd_account_load_sessions_async        (VdAccount          *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
GListModel     *vd_account_list_finish                (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
void            vd_account_revoke_session_async       (VdAccount          *self,
                                                       VdAuthSession      *session,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
/* Creates an account and signs in to it (unverified until the mailed code) */
void            vd_account_register_async             (VdAccount          *self,
                                                       const char         *first_name,
                                                       const char         *last_name,
                                                       const char         *email,
                                                       const char         *password,
                                                       gboolean            newsletter,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
void            vd_account_verify_email_async         (VdAccount          *self,
                                                       const char         *code,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
void            vd_account_resend_code_async          (VdAccount          *self,
                                                       const char         *email,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
/* Forgotten password: mail a code, trade it for a reset token
 * (vd_account_reset_token_finish), set the new password with it */
void            vd_account_request_reset_async        (VdAccount          *self,
                                                       const char         *email,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
void            vd_account_verify_reset_async         (VdAccount          *self,
                                                       const char         *email,
                                                       const char         *code,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
char           *vd_account_reset_token_finish         (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
void            vd_account_set_password_async         (VdAccount          *self,
                                                       const char         *reset_token,
                                                       const char         *password,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
/* For every call above that finishes with a boolean */
gboolean        vd_account_finish                     (VdAccount          *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

G_END_DECLS
