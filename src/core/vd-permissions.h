/* vd-permissions.h — what a member (or invitation, or API key) may do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vd-grant.h"

G_BEGIN_DECLS

#define VD_GRANT_ERROR (vd_grant_error_quark ())
typedef enum
{
  VD_GRANT_ERROR_INVALID,           /* wrong type, missing field, bad verb, duplicate … */
  VD_GRANT_ERROR_UNKNOWN_FIELD,     /* strict parsing only */
  VD_GRANT_ERROR_UNKNOWN_ENTITY,    /* project/folder not in the organization, other org */
} VdGrantError;
GQuark vd_grant_error_quark (void);

typedef enum
{
  VD_PARSE_TOLERANT = 0,       /* the client: unknown fields ignored */
  VD_PARSE_STRICT   = 1 << 0,  /* the server: unknown fields in grants are errors */
} VdParseFlags;

/* Does this project exist in the organization? Does this folder belong to it? */
typedef gboolean (*VdProjectLookupFunc) (const char *project_id,
                                         gpointer    user_data);
typedef gboolean (*VdFolderLookupFunc)  (const char *project_id,
                                         const char *folder_id,
                                         gpointer    user_data);

#define VD_TYPE_PERMISSIONS (vd_permissions_get_type ())
G_DECLARE_FINAL_TYPE (VdPermissions, vd_permissions, VD, PERMISSIONS, GObject)

/*
 * Properties (EXPLICIT_NOTIFY, notified only on a real change):
 *   "organization-id"  string, construct-only
 *   "billing"          gboolean
 *   "api"              gboolean
 *   "n-projects"       guint, read-only: projects whose access is not NONE
 * Signal "grant-added" (VdGrant *) when _ensure_grant creates a project's grant.
 * Signal "projects-changed" () when the set of projects with access changes
 * (also when one replaces another and "n-projects" stays).
 * A project the member has no access to has either no grant or one with access NONE;
 * both serialize to nothing.
 */
VdPermissions *vd_permissions_new            (const char          *organization_id);

/*
 * Parses a grant array (the `permissions` member). node may be NULL or JSON null
 * (no grants). Accepts the documented variants: singular entity types, "folder" for
 * "folders", billing/api action "" or "write+read", actions in any order.
 * Rejects (VD_GRANT_ERROR_INVALID): a non-array, a non-object grant, wrong member
 * types, an unknown name or verb, a name that does not fit its entity type, a
 * full-access action other than write+read(+delete), duplicates (two grants for
 * one project, billing twice, one resource twice, one folder twice), and an
 * organization grant whose entity_id is not organization_id
 * (VD_GRANT_ERROR_UNKNOWN_ENTITY). With VD_PARSE_STRICT unknown members of a
 * grant, sub-grant or folder entry give VD_GRANT_ERROR_UNKNOWN_FIELD.
 * On error *error_field (if not NULL) gets the path of the offending member
 * relative to the array, e.g. "[1].permission[0].action" ("" for the array itself).
 * A missing `action` is "" (fine for custom, billing and api); a missing or null
 * `permission` (or `folders` of a custom folders sub-grant) is []. Full-access and
 * organization actions must name their verbs exactly: "write+delete" is refused
 * there, although elsewhere write and delete bring read.
 */
VdPermissions *vd_permissions_new_from_json  (const char          *organization_id,
                                              JsonNode            *node,
                                              VdParseFlags         flags,
                                              char               **error_field,
                                              GError             **error);
/* The normalized array: plural entity types, "folders", actions written back
 * in the order write, read, delete; billing/api with action "write+read";
 * project grants sorted by project id, then billing, then api. */
JsonNode      *vd_permissions_to_json        (VdPermissions       *self);
/* Checks every project and folder against the organization: project_func for
 * each project whose access is not NONE, folder_func for each folder a custom
 * grant lists (folders-custom); either may be NULL to skip. On failure
 * VD_GRANT_ERROR_UNKNOWN_ENTITY, and *error_field names the member in the array
 * vd_permissions_to_json() writes (not in the parsed input, whose order is lost):
 * "[i].entity_id" or "[i].permission[0].folders[k].folder_id". */
gboolean       vd_permissions_validate       (VdPermissions       *self,
                                              VdProjectLookupFunc  project_func,
                                              VdFolderLookupFunc   folder_func,
                                              gpointer             user_data,
                                              char               **error_field,
                                              GError             **error);

const char    *vd_permissions_get_organization_id (VdPermissions *self);
gboolean       vd_permissions_get_billing    (VdPermissions       *self);
void           vd_permissions_set_billing    (VdPermissions       *self,
                                              gboolean             billing);
gboolean       vd_permissions_get_api        (VdPermissions       *self);
guint          vd_permissions_get_n_projects (VdPermissions      *self);
void           vd_permissions_set_api        (VdPermissions       *self,
                                              gboolean             api);
/* NULL when the project has no grant (transfer none) */
VdGrant       *vd_permissions_lookup_grant   (VdPermissions       *self,
                                              const char          *project_id);
/* The project's grant, created with access NONE if missing (transfer none) */
VdGrant       *vd_permissions_ensure_grant   (VdPermissions       *self,
                                              const char          *project_id);
/* Sorted ids of the projects whose access is not NONE (free with g_strfreev) */
char         **vd_permissions_dup_project_ids (VdPermissions      *self);
/* Effective rights of the holder on a resource of a project (see vd_grant_get_effective_rights) */
VdRights       vd_permissions_get_project_rights (VdPermissions   *self,
                                              const char          *project_id,
                                              VdResource           resource,
                                              const char          *folder_id);

VdPermissions *vd_permissions_copy           (VdPermissions       *self);
/* Equal in meaning: a grant with access NONE equals no grant. */
gboolean       vd_permissions_equal          (VdPermissions       *a,
                                              VdPermissions       *b);
/* TRUE when everything `other` grants, self grants too (an API key's
 * permissions must be contained in its non-admin creator's): billing and api,
 * then for each project of other, self's effective rights on every resource,
 * and on every folder other lists, include other's. A project other names
 * (access not NONE, even a custom grant with no rights) must not be NONE in
 * self. FALSE for another organization. */
gboolean       vd_permissions_contains       (VdPermissions       *self,
                                              VdPermissions       *other);
/* Copies other's state into self (same organization), notifying only what
 * changed, on self and on each of its grants. Grants other lacks are reset to
 * access NONE but kept (whoever holds them sees the change); "grant-added" is
 * emitted for projects other grants (access not NONE) that self had no grant for. */
void           vd_permissions_update_from    (VdPermissions       *self,
                                              VdPermissions       *other);

/*
 * What going from old to new changes, as translated lines a person can read,
 * in a stable order (projects by name, then billing, then API), e.g.
 *   "Billing: granted", "API: revoked",
 *   "Project One: full access → custom", "Project Two: no access → full access",
 *   "Project One: Live streams: read → write+read"   (custom rights, per resource)
 *   "Project One: folder Raw: none → write+read"     (per folder, named by folder_name_func)
 * project_name/folder_name lookups may return NULL: the id is shown instead.
 * Projects and folders sort by name (g_utf8_collate), then id. When the new access
 * is custom, the per-resource and per-folder lines compare effective rights (so
 * "full access → custom" is followed by what was lost); leaving custom gives only
 * the access line. "Folders: …" is the rights on folders in general (none when
 * per-folder); "folder X: …" lines follow it, before the other resources.
 * Returns a GPtrArray of char* (free with g_ptr_array_unref); empty when equal.
 */
typedef const char *(*VdNameLookupFunc) (const char *id,
                                         gpointer    user_data);
GPtrArray     *vd_permissions_diff           (VdPermissions       *old_permissions,
                                              VdPermissions       *new_permissions,
                                              VdNameLookupFunc     project_name_func,
                                              VdNameLookupFunc     folder_name_func,
                                              gpointer             user_data);

G_END_DECLS
