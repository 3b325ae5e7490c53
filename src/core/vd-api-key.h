/* vd-api-key.h — an API key of an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vd-permissions.h"

G_BEGIN_DECLS

#define VD_TYPE_API_KEY (vd_api_key_get_type ())
G_DECLARE_FINAL_TYPE (VdApiKey, vd_api_key, VD, API_KEY, GObject)

/*
 * Properties (read-only, set from JSON, notified only on a real change):
 *   "id", "organization-id", "name", "origin", "key-type" (`type`),
 *   "prefix" (`api_key_prefix`), "created-by"      string ("" when missing)
 *   "allow-cors-enabled"                          gboolean
 *   "created-at"                                  GDateTime or NULL
 *   "expires-at"                                  GDateTime, NULL = never expires
 *   "key"            the secret (`api_key`): only in the answer that created the
 *                    key, NULL otherwise; kept when a later answer lacks it
 *                    (vd_api_key_forget_key () drops it)
 *   "permissions"    VdPermissions when the server sent an array of grants (or
 *                    nothing), NULL when it sent the legacy string
 *   "legacy-permissions"  that string (a JSON object of boolean flags), else NULL
 * Exactly one of "permissions" and "legacy-permissions" is non-NULL. While the
 * key keeps array permissions, an update applies the new grants to the same
 * VdPermissions object (see vd-member.h); a switch between the two forms
 * notifies both properties.
 *
 * organization_id is the key's organization, unless the object names
 * one in `organization_id`; `permissions` must be an array, a string or null.
 * Otherwise JSON as for every model (see vd-user.h).
 */
VdApiKey      *vd_api_key_new_from_json        (const char  *organization_id,
                                                JsonObject  *object,
                                                GError     **error);
gboolean       vd_api_key_update_from_json     (VdApiKey    *self,
                                                JsonObject  *object,
                                                GError     **error);

const char    *vd_api_key_get_id               (VdApiKey    *self);
const char    *vd_api_key_get_organization_id  (VdApiKey    *self);
const char    *vd_api_key_get_name             (VdApiKey    *self);
const char    *vd_api_key_get_origin           (VdApiKey    *self);
const char    *vd_api_key_get_key_type         (VdApiKey    *self);
gboolean       vd_api_key_get_allow_cors_enabled (VdApiKey  *self);
const char    *vd_api_key_get_prefix           (VdApiKey    *self);
const char    *vd_api_key_get_created_by       (VdApiKey    *self);
GDateTime     *vd_api_key_get_created_at       (VdApiKey    *self);
GDateTime     *vd_api_key_get_expires_at       (VdApiKey    *self);
const char    *vd_api_key_get_key              (VdApiKey    *self);
/* Drops the secret from memory (notifies "key" if there was one) */
void           vd_api_key_forget_key           (VdApiKey    *self);
/* transfer none */
VdPermissions *vd_api_key_get_permissions      (VdApiKey    *self);
const char    *vd_api_key_get_legacy_permissions (VdApiKey  *self);

G_END_DECLS
