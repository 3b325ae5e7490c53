/* vd-model-private.h — what the model objects (VdUser, VdMember …) share
 *
 * Not installed, not for the UI: small helpers for parsing a JSON object into
 * a model and for updating it in place with notifies only for what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <json-glib/json-glib.h>

#include "vd-api-error.h"
#include "vd-json.h"
#include "vd-permissions.h"
#include "vd-role.h"

G_BEGIN_DECLS

/* A JSON object is what every model is made from */
static inline gboolean
vd_model_check_object (JsonObject  *object,
                       GError     **error)
{
  if (object != NULL)
    return TRUE;

  g_propagate_error (error, vd_api_error_new_protocol ("a model is not a JSON object"));
  return FALSE;
}

/* An update must be about the same object */
static inline gboolean
vd_model_check_same_id (const char  *old_id,
                        const char  *new_id,
                        GError     **error)
{
  g_autofree char *detail = NULL;

  if (g_strcmp0 (old_id, new_id) == 0)
    return TRUE;

  detail = g_strdup_printf ("an update for “%s” names “%s”", old_id, new_id);
  g_propagate_error (error, vd_api_error_new_protocol (detail));
  return FALSE;
}

/* A count: a whole number from 0 to G_MAXUINT */
static inline gboolean
vd_model_get_count (JsonObject  *object,
                    const char  *member,
                    guint       *value,
                    GError     **error)
{
  gint64 number;

  *value = 0;
  if (!vd_json_get_int (object, member, &number, error))
    return FALSE;

  if (number < 0 || number > G_MAXUINT)
    {
      g_autofree char *detail = g_strdup_printf ("“%s” is not a count", member);

      g_propagate_error (error, vd_api_error_new_protocol (detail));
      return FALSE;
    }

  *value = (guint) number;
  return TRUE;
}

/* A grant array (missing or null: no grants), parsed tolerantly; a grant
 * error becomes a protocol error. */
static inline gboolean
vd_model_get_permissions (JsonObject     *object,
                          const char     *member,
                          const char     *organization_id,
                          VdPermissions **value,
                          GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *field = NULL;

  *value = vd_permissions_new_from_json (organization_id,
                                         json_object_get_member (object, member),
                                         VD_PARSE_TOLERANT, &field, &local_error);
  if (*value == NULL)
    {
      g_autofree char *detail = g_strdup_printf ("“%s%s”: %s", member, field ? field : "",
                                                 local_error->message);

      g_propagate_error (error, vd_api_error_new_protocol (detail));
      return FALSE;
    }

  return TRUE;
}

/* Sets a string field; "" and NULL are the same (stored as NULL).
 * TRUE when the value changed. */
static inline gboolean
vd_model_set_string (char       **field,
                     const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Sets a time field (taking a reference); TRUE when the value changed */
static inline gboolean
vd_model_set_time (GDateTime **field,
                   GDateTime  *value)
{
  if (*field == value)
    return FALSE;

  if (*field != NULL && value != NULL && g_date_time_equal (*field, value))
    return FALSE;

  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  return TRUE;
}

/* "First Last", one of them when the other is empty, else fallback
 * (may be NULL); NULL when everything is empty. */
static inline char *
vd_model_join_name (const char *first,
                    const char *last,
                    const char *fallback)
{
  gboolean has_first = first != NULL && *first != '\0';
  gboolean has_last = last != NULL && *last != '\0';

  if (has_first && has_last)
    return g_strconcat (first, " ", last, NULL);
  if (has_first)
    return g_strdup (first);
  if (has_last)
    return g_strdup (last);
  if (fallback != NULL && *fallback != '\0')
    return g_strdup (fallback);

  return NULL;
}

/* A text as a search key: lower-cased, case-folded, NFKC */
static inline char *
vd_model_search_key (const char *text)
{
  g_autofree char *down = g_utf8_strdown (text, -1);
  g_autofree char *folded = g_utf8_casefold (down, -1);
  char *normalized = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL_COMPOSE);

  return normalized != NULL ? normalized : g_steal_pointer (&folded);
}

/* Sets a role from the server's string: a role this version does not know
 * keeps its string in *unknown_name (NULL otherwise). TRUE when it changed. */
static inline gboolean
vd_model_set_role (VdRole      *role,
                   char       **unknown_name,
                   const char  *value)
{
  VdRole new_role = vd_role_from_string (value);
  gboolean changed = *role != new_role;

  if (vd_model_set_string (unknown_name, new_role == VD_ROLE_UNKNOWN ? value : NULL))
    changed = TRUE;

  *role = new_role;
  return changed;
}

/* The role's string as the server sent it, "" when it sent none */
static inline const char *
vd_model_role_name (VdRole      role,
                    const char *unknown_name)
{
  if (role != VD_ROLE_UNKNOWN)
    return vd_role_to_string (role);

  return unknown_name != NULL ? unknown_name : "";
}

static inline void
vd_model_notify (gpointer    object,
                 gboolean    notify,
                 GParamSpec *pspec)
{
  if (notify)
    g_object_notify_by_pspec (G_OBJECT (object), pspec);
}

/* What a VdPermissions tells the member holding it whenever it changes (a
 * property, or the set of projects with access), so that one signal of
 * the member's says it: a list of 100,000 members then connects 100,000
 * handlers, not 500,000 on twice as many objects (~100 MB). NULL to stop. */
typedef void (*VdPermissionsChangedFunc) (gpointer holder);

void vd_permissions_set_changed_func (VdPermissions            *self,
                                      VdPermissionsChangedFunc  func,
                                      gpointer                  holder);

/* Getters of texts that are never NULL */
#define VD_MODEL_TEXT(field) ((field) != NULL ? (field) : "")

G_END_DECLS
