/* vd-project.h — a project of an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VD_TYPE_PROJECT (vd_project_get_type ())
G_DECLARE_FINAL_TYPE (VdProject, vd_project, VD, PROJECT, GObject)

/*
 * Properties (read-only, set from JSON, notified only on a real change):
 *   "id", "organization-id", "name", "description"   string ("" when missing)
 *   "created-at"                                     GDateTime or NULL
 *   "folder-count"                                   guint
 * JSON as for every model (see vd-user.h).
 */
VdProject   *vd_project_new_from_json        (JsonObject  *object,
                                              GError     **error);
gboolean     vd_project_update_from_json     (VdProject   *self,
                                              JsonObject  *object,
                                              GError     **error);

const char  *vd_project_get_id               (VdProject   *self);
const char  *vd_project_get_organization_id  (VdProject   *self);
const char  *vd_project_get_name             (VdProject   *self);
const char  *vd_project_get_description      (VdProject   *self);
GDateTime   *vd_project_get_created_at       (VdProject   *self);
guint        vd_project_get_folder_count     (VdProject   *self);

G_END_DECLS
