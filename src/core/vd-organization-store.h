/* vd-organization-store.h — one organization's members, invitations,
 * projects, audit log and API keys, kept as list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vd-api-key.h"
#include "vd-audit-entry.h"
#include "vd-client.h"
#include "vd-invitation.h"
#include "vd-member.h"
#include "vd-permissions.h"
#include "vd-project.h"
#include "vd-role.h"

G_BEGIN_DECLS

#define VD_TYPE_ORGANIZATION_STORE (vd_organization_store_get_type ())
G_DECLARE_FINAL_TYPE (VdOrganizationStore, vd_organization_store, VD, ORGANIZATION_STORE, GObject)

/*
 * Properties (read-only, notified on change):
 *   "client", "organization-id"   construct-only
 *   "members-total"     guint: how many members the server says there are
 *   "members-loaded"    gboolean: every member is in the list model
 *   "loading"           gboolean: a background load is running
 *
 * Every mutation updates the objects already in the lists in place on
 * success (their notify signals redraw whatever is bound to them) and leaves
 * everything untouched on failure.
 */
VdOrganizationStore *vd_organization_store_new            (VdClient            *client,
                                                           const char          *organization_id);
const char          *vd_organization_store_get_organization_id (VdOrganizationStore *self);
GListModel          *vd_organization_store_get_members    (VdOrganizationStore *self);
GListModel          *vd_organization_store_get_invitations (VdOrganizationStore *self);
GListModel          *vd_organization_store_get_projects   (VdOrganizationStore *self);
GListModel          *vd_organization_store_get_audit_entries (VdOrganizationStore *self);
GListModel          *vd_organization_store_get_api_keys   (VdOrganizationStore *self);
guint                vd_organization_store_get_members_total (VdOrganizationStore *self);
gboolean             vd_organization_store_get_members_loaded (VdOrganizationStore *self);
gboolean             vd_organization_store_get_loading    (VdOrganizationStore *self);
/* NULL when not loaded */
VdMember            *vd_organization_store_lookup_member  (VdOrganizationStore *self,
                                                           const char          *member_id);
VdProject           *vd_organization_store_lookup_project (VdOrganizationStore *self,
                                                           const char          *project_id);

/*
 * Loads the projects and the first page of members; completes when those
 * are in the lists, then goes on loading the other members in the
 * background, page after page, appending each page in one splice so the main
 * loop never stalls ("members-loaded" turns TRUE at the end). Reloading
 * updates existing objects in place.
 */
void                 vd_organization_store_load_async     (VdOrganizationStore *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             vd_organization_store_load_finish    (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* Sent invitations (owners and admins) */
void                 vd_organization_store_load_invitations_async  (VdOrganizationStore *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             vd_organization_store_load_invitations_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* API keys (owners, admins and members with the api grant) */
void                 vd_organization_store_load_api_keys_async  (VdOrganizationStore *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             vd_organization_store_load_api_keys_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/*
 * The audit log, newest first: with reset the list starts again with the
 * given filters (action, actor_id, from, to: each may be NULL); without, the
 * next page is appended. Finishes FALSE without error when there is no more.
 */
void                 vd_organization_store_load_audit_async  (VdOrganizationStore *self,
                                                           gboolean             reset,
                                                           const char          *action,
                                                           const char          *actor_id,
                                                           GDateTime           *from,
                                                           GDateTime           *to,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             vd_organization_store_load_audit_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/*
 * Members matching a search and filters, asked of the server (for when not
 * every member is loaded yet): a new GListModel of the store's own VdMember
 * objects where loaded, up to 500. Any argument may be NULL/VD_ROLE_UNKNOWN.
 */
void                 vd_organization_store_search_members_async  (VdOrganizationStore *self,
                                                           const char          *search,
                                                           VdRole               role,
                                                           const char          *project_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GListModel          *vd_organization_store_search_members_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* Mutations */
void                 vd_organization_store_update_member_async  (VdOrganizationStore *self,
                                                           VdMember            *member,
                                                           VdRole               role,
                                                           VdPermissions       *permissions,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             vd_organization_store_update_member_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void                 vd_organization_store_remove_member_async  (VdOrganizationStore *self,
                                                           VdMember            *member,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             vd_organization_store_remove_member_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/*
 * A removal that waits for its Undo: _hide_member takes @member out of the
 * members list model (and one off "members-total") without asking the
 * server. It stays known: _lookup_member finds it, reloads update it in place
 * and do not bring it back. _unhide_member puts the same object back where
 * it was; _remove_member_async on a hidden member forgets it for good.
 */
void                 vd_organization_store_hide_member    (VdOrganizationStore *self,
                                                           VdMember            *member);
void                 vd_organization_store_unhide_member  (VdOrganizationStore *self,
                                                           VdMember            *member);
gboolean             vd_organization_store_is_member_hidden (VdOrganizationStore *self,
                                                           VdMember            *member);
/* The new invitation (transfer full), first in the invitations list */
void                 vd_organization_store_invite_async   (VdOrganizationStore *self,
                                                           const char          *email,
                                                           VdRole               role,
                                                           VdPermissions       *permissions,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
VdInvitation        *vd_organization_store_invite_finish  (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void                 vd_organization_store_resend_invitation_async  (VdOrganizationStore *self,
                                                           VdInvitation        *invitation,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             vd_organization_store_resend_invitation_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void                 vd_organization_store_revoke_invitation_async  (VdOrganizationStore *self,
                                                           VdInvitation        *invitation,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             vd_organization_store_revoke_invitation_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* The new project (transfer full), in the projects list */
void                 vd_organization_store_create_project_async  (VdOrganizationStore *self,
                                                           const char          *name,
                                                           const char          *description,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
VdProject           *vd_organization_store_create_project_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* The folders of a project (a new GListModel of VdFolder) */
void                 vd_organization_store_load_folders_async  (VdOrganizationStore *self,
                                                           VdProject           *project,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GListModel          *vd_organization_store_load_folders_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
/* The new key (transfer full) — the only time its secret (vd_api_key_get_key) is known;
 * expires_at NULL: never */
void                 vd_organization_store_create_api_key_async  (VdOrganizationStore *self,
                                                           const char          *name,
                                                           const char          *origin,
                                                           VdPermissions       *permissions,
                                                           GDateTime           *expires_at,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
VdApiKey            *vd_organization_store_create_api_key_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void                 vd_organization_store_delete_api_key_async  (VdOrganizationStore *self,
                                                           VdApiKey            *key,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean             vd_organization_store_delete_api_key_finish (VdOrganizationStore *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
