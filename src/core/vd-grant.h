/* vd-grant.h — one project's grant in the Vidinfra permission model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * VdRights:
 * The verbs of a grant's `action`: `+`-joined subsets of write, read and delete.
 * `write` and `delete` imply `read`; written back in the order write, read, delete.
 */
typedef enum /*< flags >*/
{
  VD_RIGHTS_NONE   = 0,
  VD_RIGHTS_READ   = 1 << 0,
  VD_RIGHTS_WRITE  = 1 << 1,
  VD_RIGHTS_DELETE = 1 << 2,
} VdRights;

#define VD_RIGHTS_ALL (VD_RIGHTS_READ | VD_RIGHTS_WRITE | VD_RIGHTS_DELETE)

/**
 * VdAccessLevel:
 * What a member may do in one project.
 */
typedef enum
{
  VD_ACCESS_NONE,
  VD_ACCESS_FULL,            /* full-access, write+read+delete */
  VD_ACCESS_FULL_NO_DELETE,  /* full-access, write+read */
  VD_ACCESS_CUSTOM,          /* custom: per resource rights */
} VdAccessLevel;

/**
 * VdResource:
 * The resources of a custom project grant (`permission[].name`).
 */
typedef enum
{
  VD_RESOURCE_FOLDERS,
  VD_RESOURCE_LIVESTREAMS,
  VD_RESOURCE_ANALYTICS,
  VD_RESOURCE_ADVERTISEMENTS,
  VD_RESOURCE_SETTINGS,
  VD_RESOURCE_PLAYERS,
  VD_N_RESOURCES
} VdResource;

#define VD_TYPE_RIGHTS       (vd_rights_get_type ())
#define VD_TYPE_ACCESS_LEVEL (vd_access_level_get_type ())
#define VD_TYPE_RESOURCE     (vd_resource_get_type ())
GType        vd_rights_get_type           (void) G_GNUC_CONST;
GType        vd_access_level_get_type     (void) G_GNUC_CONST;
GType        vd_resource_get_type         (void) G_GNUC_CONST;

/* "" → VD_RIGHTS_NONE. Any order, no duplicates; write/delete add read.
 * FALSE for an unknown verb, a duplicate or an empty part ("read++write"). */
gboolean     vd_rights_parse              (const char     *text,
                                           VdRights       *rights);
/* "write+read+delete", "write+read", "read", "" … (newly allocated) */
char        *vd_rights_to_string          (VdRights        rights);
/* "folders", "livestreams", … */
const char  *vd_resource_to_string        (VdResource      resource);
/* Accepts the documented singular "folder" for "folders". */
gboolean     vd_resource_from_string      (const char     *name,
                                           VdResource     *resource);
/* Translated, for people: "Folders", "Live streams", … */
const char  *vd_resource_get_label        (VdResource      resource);
/* Translated: "No access", "Full access", "Full access without delete", "Custom" */
const char  *vd_access_level_get_label    (VdAccessLevel   level);

#define VD_TYPE_GRANT (vd_grant_get_type ())
G_DECLARE_FINAL_TYPE (VdGrant, vd_grant, VD, GRANT, GObject)

/*
 * A VdGrant is what one member may do in one project. Properties (all
 * G_PARAM_EXPLICIT_NOTIFY, notified only on a real change):
 *   "project-id"      string, construct-only
 *   "access"          VdAccessLevel
 *   "folders"         VdRights  (rights on all folders, when not folders-custom)
 *   "folders-custom"  gboolean  (per-folder rights instead, see _get/_set_folder_rights)
 *   "livestreams", "analytics", "advertisements", "settings", "players"   VdRights
 * The resource rights are kept when access leaves CUSTOM and comes back.
 * Per-folder changes emit "folder-changed" (detail and argument: the folder id).
 */
VdGrant      *vd_grant_new                  (const char    *project_id);
const char   *vd_grant_get_project_id       (VdGrant       *self);
VdAccessLevel vd_grant_get_access           (VdGrant       *self);
void          vd_grant_set_access           (VdGrant       *self,
                                             VdAccessLevel  access);
VdRights      vd_grant_get_rights           (VdGrant       *self,
                                             VdResource     resource);
/* Stored normalized: write or delete add read. */
void          vd_grant_set_rights           (VdGrant       *self,
                                             VdResource     resource,
                                             VdRights       rights);
gboolean      vd_grant_get_folders_custom   (VdGrant       *self);
void          vd_grant_set_folders_custom   (VdGrant       *self,
                                             gboolean       folders_custom);
/* Rights on one folder when folders-custom; NONE when not listed. Setting NONE
 * removes the folder from the list; the list is kept while folders-custom is off. */
VdRights      vd_grant_get_folder_rights    (VdGrant       *self,
                                             const char    *folder_id);
void          vd_grant_set_folder_rights    (VdGrant       *self,
                                             const char    *folder_id,
                                             VdRights       rights);
/* Sorted folder ids that have rights other than NONE (free with g_strfreev) */
char        **vd_grant_dup_folder_ids       (VdGrant       *self);
/* What the member may do on resource in this project, whatever the access level
 * (FULL → all, FULL_NO_DELETE → write+read, CUSTOM → its rights, NONE → none).
 * With folder_id and resource FOLDERS: the rights on that folder. Without folder_id,
 * FOLDERS gives the rights on folders in general: NONE when folders-custom. */
VdRights      vd_grant_get_effective_rights (VdGrant       *self,
                                             VdResource     resource,
                                             const char    *folder_id);
VdGrant      *vd_grant_copy                 (VdGrant       *self);
/* Equal in meaning: same project and access level; resource and folder rights
 * count only with access CUSTOM, and folders-custom listing no folder equals
 * folders NONE (what serializes the same is equal). */
gboolean      vd_grant_equal                (VdGrant       *a,
                                             VdGrant       *b);
/* Copies b's state into self (same project), rights kept aside included,
 * notifying only what differs, and emitting "folder-changed" only for the
 * folders whose rights change. */
void          vd_grant_update_from          (VdGrant       *self,
                                             VdGrant       *other);

G_END_DECLS
