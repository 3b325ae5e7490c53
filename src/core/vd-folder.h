/* vd-folder.h — a folder of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VD_TYPE_FOLDER (vd_folder_get_type ())
G_DECLARE_FINAL_TYPE (VdFolder, vd_folder, VD, FOLDER, GObject)

/*
 * Properties (read-only, notified only on a real change):
 *   "id", "name"   string ("" when missing)
 *   "project-id"   string: given to _new_from_json (the server's folder
 *                  objects do not name their project); never changes
 *   "parent-id"    string, NULL for a top-level folder
 * JSON as for every model (see vd-user.h).
 */
VdFolder    *vd_folder_new_from_json     (const char  *project_id,
                                          JsonObject  *object,
                                          GError     **error);
gboolean     vd_folder_update_from_json  (VdFolder    *self,
                                          JsonObject  *object,
                                          GError     **error);

const char  *vd_folder_get_id            (VdFolder    *self);
const char  *vd_folder_get_project_id    (VdFolder    *self);
const char  *vd_folder_get_name          (VdFolder    *self);
const char  *vd_folder_get_parent_id     (VdFolder    *self);

G_END_DECLS
