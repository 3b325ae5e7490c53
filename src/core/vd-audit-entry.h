/* vd-audit-entry.h — one entry of an organization's audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vd-permissions.h"

G_BEGIN_DECLS

#define VD_TYPE_AUDIT_ENTRY (vd_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (VdAuditEntry, vd_audit_entry, VD, AUDIT_ENTRY, GObject)

/*
 * Properties (read-only, set from JSON, notified only on a real change):
 *   "id", "action", "entity-type", "entity-id", "ip-address"   string ("" when missing)
 *   "actor-id", "actor-email"   string, "" when `actor` is null (a deleted person)
 *   "actor-name"                "First Last" of the actor, their email when both
 *                               names are empty, "" when `actor` is null
 *   "metadata"                  JsonNode (an object) or NULL
 *   "created-at"                GDateTime or NULL
 *
 * organization_id (may be NULL) is the organization the log belongs to; it
 * is used to read the grants in metadata (the grants' own organization grant
 * wins). `actor` must be an object or null, `metadata` an object or null;
 * otherwise JSON as for every model (see vd-user.h).
 */
VdAuditEntry *vd_audit_entry_new_from_json     (const char    *organization_id,
                                                JsonObject    *object,
                                                GError       **error);
gboolean      vd_audit_entry_update_from_json  (VdAuditEntry  *self,
                                                JsonObject    *object,
                                                GError       **error);

const char   *vd_audit_entry_get_id            (VdAuditEntry  *self);
const char   *vd_audit_entry_get_actor_id      (VdAuditEntry  *self);
const char   *vd_audit_entry_get_actor_name    (VdAuditEntry  *self);
const char   *vd_audit_entry_get_actor_email   (VdAuditEntry  *self);
const char   *vd_audit_entry_get_action        (VdAuditEntry  *self);
const char   *vd_audit_entry_get_entity_type   (VdAuditEntry  *self);
const char   *vd_audit_entry_get_entity_id     (VdAuditEntry  *self);
/* transfer none; NULL when the server sent none */
JsonNode     *vd_audit_entry_get_metadata      (VdAuditEntry  *self);
const char   *vd_audit_entry_get_ip_address    (VdAuditEntry  *self);
GDateTime    *vd_audit_entry_get_created_at    (VdAuditEntry  *self);

/*
 * One translated sentence saying what happened, by action:
 *   "Bruno Díaz invited new.editor@example.com",
 *   "Amelia Hart removed aiko1@acme.test", "Aiko Sato left the organization",
 *   "Amelia Hart renamed the organization from “A” to “B”",
 *   "Amelia Hart changed a member’s role from member to admin", …
 * An actor that is gone is "Someone"; an action this version does not know
 * gives "Amelia Hart: project.archived". Metadata missing what a sentence
 * needs gives a shorter sentence, never an error.
 */
char         *vd_audit_entry_dup_summary       (VdAuditEntry  *self);
/*
 * What a member.updated entry changed, as translated lines: "Role: member →
 * admin" when the role changed, then vd_permissions_diff () of
 * metadata.before.permissions → metadata.after.permissions (names looked up
 * as there; either function may be NULL). Empty for other actions, and
 * without the permission lines when those grants do not parse.
 * A GPtrArray of char* (free with g_ptr_array_unref).
 */
GPtrArray    *vd_audit_entry_dup_changes       (VdAuditEntry     *self,
                                                VdNameLookupFunc  project_name,
                                                VdNameLookupFunc  folder_name,
                                                gpointer          user_data);

G_END_DECLS
