/* vd-json.h — reading the server's JSON: tolerant of what the contract allows,
 * strict about types
 *
 * A member that is missing or null gives the default (NULL, 0, FALSE) and
 * TRUE; a member of the wrong type gives FALSE and a VD_API_ERROR_PROTOCOL
 * naming it, never a crash and never a silently wrong value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean     vd_json_get_string    (JsonObject   *object,
                                    const char   *member,
                                    const char  **value,
                                    GError      **error);
gboolean     vd_json_get_int       (JsonObject   *object,
                                    const char   *member,
                                    gint64       *value,
                                    GError      **error);
gboolean     vd_json_get_boolean   (JsonObject   *object,
                                    const char   *member,
                                    gboolean     *value,
                                    GError      **error);
/* An ISO 8601 string → GDateTime (UTC); transfer full, NULL when missing */
gboolean     vd_json_get_time      (JsonObject   *object,
                                    const char   *member,
                                    GDateTime   **value,
                                    GError      **error);
/* transfer none; NULL when missing */
gboolean     vd_json_get_object    (JsonObject   *object,
                                    const char   *member,
                                    JsonObject  **value,
                                    GError      **error);
gboolean     vd_json_get_array     (JsonObject   *object,
                                    const char   *member,
                                    JsonArray   **value,
                                    GError      **error);
/* A required string: missing, null or empty is a protocol error too */
gboolean     vd_json_require_string (JsonObject  *object,
                                    const char   *member,
                                    const char  **value,
                                    GError      **error);

/* The payload of an envelope: "result", or "data" as some servers send it.
 * transfer none; a protocol error when neither is there. */
JsonNode    *vd_json_envelope_result (JsonNode   *root,
                                    GError      **error);
/* meta.pagination.total of a list envelope, or -1 when missing */
gint64       vd_json_envelope_total (JsonNode    *root);

/* FALSE when arrays and objects nest deeper than max_depth: json-glib
 * recurses once per level without a limit, so a hostile answer of a million
 * '[' would overflow the stack. Look before parsing. */
gboolean     vd_json_check_depth   (const char   *data,
                                    gsize         length,
                                    guint         max_depth);

/* ISO 8601 in UTC with seconds: "2026-11-28T13:36:02Z" (transfer full) */
char        *vd_json_format_time   (GDateTime    *time);

G_END_DECLS
