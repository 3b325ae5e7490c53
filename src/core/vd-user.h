/* vd-user.h — a person with an account (the one signed in)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VD_TYPE_USER (vd_user_get_type ())
G_DECLARE_FINAL_TYPE (VdUser, vd_user, VD, USER, GObject)

/*
 * Properties (read-only, set from JSON, notified only on a real change):
 *   "id", "first-name", "last-name", "email"     string ("" when missing)
 *   "current-organization-id"                      string, NULL when none
 *   "email-verified-at", "created-at"              GDateTime, NULL when missing
 *   "display-name"  string: "First Last", or the email when both names are empty
 *   "verified"      gboolean: email-verified-at is set
 *
 * _new_from_json and _update_from_json fail with VD_API_ERROR_PROTOCOL when
 * `id` is missing or empty, or a member has the wrong type (a failed update
 * changes nothing); unknown members are ignored, null ones are the default.
 * An update must have the same id. It emits notify only for what changed,
 * all at once.
 */
VdUser      *vd_user_new_from_json                (JsonObject  *object,
                                                   GError     **error);
gboolean     vd_user_update_from_json             (VdUser      *self,
                                                   JsonObject  *object,
                                                   GError     **error);

const char  *vd_user_get_id                       (VdUser      *self);
const char  *vd_user_get_first_name               (VdUser      *self);
const char  *vd_user_get_last_name                (VdUser      *self);
const char  *vd_user_get_email                    (VdUser      *self);
GDateTime   *vd_user_get_email_verified_at        (VdUser      *self);
GDateTime   *vd_user_get_created_at               (VdUser      *self);
const char  *vd_user_get_current_organization_id  (VdUser      *self);
const char  *vd_user_get_display_name             (VdUser      *self);
gboolean     vd_user_get_verified                 (VdUser      *self);

G_END_DECLS
