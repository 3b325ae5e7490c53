/* vd-invitation.c — an invitation to join an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-invitation"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vd-invitation.h"
#include "vd-model-private.h"

struct _VdInvitation
{
  GObject             parent_instance;

  char               *id;
  char               *email;
  VdRole              role;
  char               *unknown_role;
  VdInvitationStatus  status;
  char               *unknown_status;
  VdPermissions      *permissions;
  char               *inviter_name;
  char               *inviter_email;
  GDateTime          *created_at;
  GDateTime          *expires_at;
  GDateTime          *responded_at;
  char               *organization_name;
  char               *token;
};

G_DEFINE_FINAL_TYPE (VdInvitation, vd_invitation, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (VdInvitationStatus, vd_invitation_status,
  G_DEFINE_ENUM_VALUE (VD_INVITATION_STATUS_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (VD_INVITATION_STATUS_ACCEPTED, "accepted"),
  G_DEFINE_ENUM_VALUE (VD_INVITATION_STATUS_REJECTED, "rejected"),
  G_DEFINE_ENUM_VALUE (VD_INVITATION_STATUS_REVOKED, "revoked"),
  G_DEFINE_ENUM_VALUE (VD_INVITATION_STATUS_EXPIRED, "expired"),
  G_DEFINE_ENUM_VALUE (VD_INVITATION_STATUS_UNKNOWN, "unknown"))

enum {
  PROP_0,
  PROP_ID,
  PROP_EMAIL,
  PROP_ROLE,
  PROP_STATUS,
  PROP_PERMISSIONS,
  PROP_INVITER_NAME,
  PROP_INVITER_EMAIL,
  PROP_CREATED_AT,
  PROP_EXPIRES_AT,
  PROP_RESPONDED_AT,
  PROP_ORGANIZATION_ID,
  PROP_ORGANIZATION_NAME,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_names[] = {
  [VD_INVITATION_STATUS_PENDING] = "pending",
  [VD_INVITATION_STATUS_ACCEPTED] = "accepted",
  [VD_INVITATION_STATUS_REJECTED] = "rejected",
  [VD_INVITATION_STATUS_REVOKED] = "revoked",
  [VD_INVITATION_STATUS_EXPIRED] = "expired",
};

typedef struct
{
  const char    *id;
  const char    *email;
  const char    *role;
  const char    *status;
  VdPermissions *permissions;
  char          *inviter_name;
  const char    *inviter_email;
  GDateTime     *created_at;
  GDateTime     *expires_at;
  GDateTime     *responded_at;
  const char    *organization_id;
  gboolean       has_organization;
  const char    *organization_name;
  const char    *token;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_clear_object (&fields->permissions);
  g_clear_pointer (&fields->inviter_name, g_free);
  g_clear_pointer (&fields->created_at, g_date_time_unref);
  g_clear_pointer (&fields->expires_at, g_date_time_unref);
  g_clear_pointer (&fields->responded_at, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static gboolean
parse_inviter (Fields      *fields,
               JsonObject  *object,
               GError     **error)
{
  JsonObject *inviter;
  const char *first_name, *last_name;

  if (!vd_json_get_object (object, "invited_by", &inviter, error))
    return FALSE;
  if (inviter == NULL)
    return TRUE;

  if (!vd_json_get_string (inviter, "first_name", &first_name, error) ||
      !vd_json_get_string (inviter, "last_name", &last_name, error) ||
      !vd_json_get_string (inviter, "email", &fields->inviter_email, error))
    return FALSE;

  fields->inviter_name = vd_model_join_name (first_name, last_name, fields->inviter_email);
  return TRUE;
}

/* organization_id: the invitation's as known so far (NULL if none) */
static gboolean
parse_organization (Fields      *fields,
                    const char  *organization_id,
                    JsonObject  *object,
                    GError     **error)
{
  JsonObject *organization;
  const char *id = NULL;

  if (!vd_json_get_object (object, "organization", &organization, error))
    return FALSE;

  if (organization != NULL)
    {
      if (!vd_json_get_string (organization, "id", &id, error) ||
          !vd_json_get_string (organization, "name", &fields->organization_name, error))
        return FALSE;
      fields->has_organization = TRUE;
    }

  if (id != NULL && *id != '\0' && organization_id != NULL && !g_str_equal (id, organization_id))
    {
      g_propagate_error (error, vd_api_error_new_protocol ("an invitation of another organization"));
      return FALSE;
    }

  fields->organization_id = organization_id != NULL ? organization_id : id;
  if (fields->organization_id == NULL || *fields->organization_id == '\0')
    {
      g_propagate_error (error, vd_api_error_new_protocol ("an invitation of no organization"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
fields_parse (Fields      *fields,
              const char  *organization_id,
              JsonObject  *object,
              GError     **error)
{
  return vd_model_check_object (object, error) &&
         vd_json_require_string (object, "id", &fields->id, error) &&
         vd_json_get_string (object, "email", &fields->email, error) &&
         vd_json_get_string (object, "role", &fields->role, error) &&
         vd_json_get_string (object, "status", &fields->status, error) &&
         parse_inviter (fields, object, error) &&
         vd_json_get_time (object, "created_at", &fields->created_at, error) &&
         vd_json_get_time (object, "expires_at", &fields->expires_at, error) &&
         vd_json_get_time (object, "responded_at", &fields->responded_at, error) &&
         vd_json_get_string (object, "token", &fields->token, error) &&
         parse_organization (fields, organization_id, object, error) &&
         vd_model_get_permissions (object, "permissions", fields->organization_id,
                                   &fields->permissions, error);
}

static gboolean
set_status (VdInvitation *self,
            const char   *value)
{
  VdInvitationStatus status = vd_invitation_status_from_string (value);
  gboolean changed = self->status != status;

  if (vd_model_set_string (&self->unknown_status, status == VD_INVITATION_STATUS_UNKNOWN ? value : NULL))
    changed = TRUE;

  self->status = status;
  return changed;
}

static void
apply_fields (VdInvitation *self,
              const Fields *fields,
              gboolean      notify)
{
  if (notify)
    g_object_freeze_notify (G_OBJECT (self));

  if (vd_model_set_string (&self->id, fields->id))
    vd_model_notify (self, notify, properties[PROP_ID]);
  if (vd_model_set_string (&self->email, fields->email))
    vd_model_notify (self, notify, properties[PROP_EMAIL]);
  if (vd_model_set_role (&self->role, &self->unknown_role, fields->role))
    vd_model_notify (self, notify, properties[PROP_ROLE]);
  if (set_status (self, fields->status))
    vd_model_notify (self, notify, properties[PROP_STATUS]);
  if (vd_model_set_string (&self->inviter_name, fields->inviter_name))
    vd_model_notify (self, notify, properties[PROP_INVITER_NAME]);
  if (vd_model_set_string (&self->inviter_email, fields->inviter_email))
    vd_model_notify (self, notify, properties[PROP_INVITER_EMAIL]);
  if (vd_model_set_time (&self->created_at, fields->created_at))
    vd_model_notify (self, notify, properties[PROP_CREATED_AT]);
  if (vd_model_set_time (&self->expires_at, fields->expires_at))
    vd_model_notify (self, notify, properties[PROP_EXPIRES_AT]);
  if (vd_model_set_time (&self->responded_at, fields->responded_at))
    vd_model_notify (self, notify, properties[PROP_RESPONDED_AT]);
  if (fields->has_organization &&
      vd_model_set_string (&self->organization_name, fields->organization_name))
    vd_model_notify (self, notify, properties[PROP_ORGANIZATION_NAME]);
  if (fields->token != NULL && *fields->token != '\0' &&
      vd_model_set_string (&self->token, fields->token))
    vd_model_notify (self, notify, properties[PROP_TOKEN]);

  if (self->permissions == NULL)
    self->permissions = g_object_ref (fields->permissions);
  else
    vd_permissions_update_from (self->permissions, fields->permissions);

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

static void
vd_invitation_finalize (GObject *object)
{
  VdInvitation *self = VD_INVITATION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->unknown_role, g_free);
  g_clear_pointer (&self->unknown_status, g_free);
  g_clear_object (&self->permissions);
  g_clear_pointer (&self->inviter_name, g_free);
  g_clear_pointer (&self->inviter_email, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->responded_at, g_date_time_unref);
  g_clear_pointer (&self->organization_name, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (vd_invitation_parent_class)->finalize (object);
}

static void
vd_invitation_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VdInvitation *self = VD_INVITATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, vd_invitation_get_id (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, vd_invitation_get_email (self));
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_PERMISSIONS:
      g_value_set_object (value, self->permissions);
      break;

    case PROP_INVITER_NAME:
      g_value_set_string (value, vd_invitation_get_inviter_name (self));
      break;

    case PROP_INVITER_EMAIL:
      g_value_set_string (value, vd_invitation_get_inviter_email (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;

    case PROP_RESPONDED_AT:
      g_value_set_boxed (value, self->responded_at);
      break;

    case PROP_ORGANIZATION_ID:
      g_value_set_string (value, vd_invitation_get_organization_id (self));
      break;

    case PROP_ORGANIZATION_NAME:
      g_value_set_string (value, vd_invitation_get_organization_name (self));
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_invitation_class_init (VdInvitationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vd_invitation_finalize;
  object_class->get_property = vd_invitation_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, VD_TYPE_ROLE, VD_ROLE_UNKNOWN, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       VD_TYPE_INVITATION_STATUS, VD_INVITATION_STATUS_UNKNOWN, flags);
  properties[PROP_PERMISSIONS] =
    g_param_spec_object ("permissions", NULL, NULL, VD_TYPE_PERMISSIONS, flags);
  properties[PROP_INVITER_NAME] =
    g_param_spec_string ("inviter-name", NULL, NULL, NULL, flags);
  properties[PROP_INVITER_EMAIL] =
    g_param_spec_string ("inviter-email", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_RESPONDED_AT] =
    g_param_spec_boxed ("responded-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_string ("organization-id", NULL, NULL, NULL, flags);
  properties[PROP_ORGANIZATION_NAME] =
    g_param_spec_string ("organization-name", NULL, NULL, NULL, flags);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_invitation_init (VdInvitation *self)
{
  self->role = VD_ROLE_UNKNOWN;
  self->status = VD_INVITATION_STATUS_UNKNOWN;
}

/*
 * Public API
 */

VdInvitationStatus
vd_invitation_status_from_string (const char *text)
{
  if (text == NULL)
    return VD_INVITATION_STATUS_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (text, status_names[i]))
      return (VdInvitationStatus) i;

  return VD_INVITATION_STATUS_UNKNOWN;
}

const char *
vd_invitation_status_to_string (VdInvitationStatus status)
{
  if ((guint) status < G_N_ELEMENTS (status_names))
    return status_names[status];

  return NULL;
}

const char *
vd_invitation_status_get_label (VdInvitationStatus status)
{
  switch (status)
    {
    case VD_INVITATION_STATUS_PENDING:
      return C_("invitation status", "Pending");

    case VD_INVITATION_STATUS_ACCEPTED:
      return C_("invitation status", "Accepted");

    case VD_INVITATION_STATUS_REJECTED:
      return C_("invitation status", "Rejected");

    case VD_INVITATION_STATUS_REVOKED:
      return C_("invitation status", "Revoked");

    case VD_INVITATION_STATUS_EXPIRED:
      return C_("invitation status", "Expired");

    case VD_INVITATION_STATUS_UNKNOWN:
    default:
      return C_("invitation status", "Unknown");
    }
}

VdInvitation *
vd_invitation_new_from_json (const char  *organization_id,
                             JsonObject  *object,
                             GError     **error)
{
  g_auto(Fields) fields = { 0 };
  VdInvitation *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (organization_id != NULL && *organization_id == '\0')
    organization_id = NULL;

  if (!fields_parse (&fields, organization_id, object, error))
    return NULL;

  self = g_object_new (VD_TYPE_INVITATION, NULL);
  apply_fields (self, &fields, FALSE);

  return self;
}

gboolean
vd_invitation_update_from_json (VdInvitation  *self,
                                JsonObject    *object,
                                GError       **error)
{
  g_auto(Fields) fields = { 0 };

  g_return_val_if_fail (VD_IS_INVITATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fields_parse (&fields, vd_permissions_get_organization_id (self->permissions), object, error) ||
      !vd_model_check_same_id (self->id, fields.id, error))
    return FALSE;

  apply_fields (self, &fields, TRUE);
  return TRUE;
}

const char *
vd_invitation_get_id (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return VD_MODEL_TEXT (self->id);
}

const char *
vd_invitation_get_email (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return VD_MODEL_TEXT (self->email);
}

VdRole
vd_invitation_get_role (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), VD_ROLE_UNKNOWN);

  return self->role;
}

const char *
vd_invitation_get_role_name (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return vd_model_role_name (self->role, self->unknown_role);
}

VdInvitationStatus
vd_invitation_get_status (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), VD_INVITATION_STATUS_UNKNOWN);

  return self->status;
}

const char *
vd_invitation_get_status_name (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  if (self->status != VD_INVITATION_STATUS_UNKNOWN)
    return vd_invitation_status_to_string (self->status);

  return VD_MODEL_TEXT (self->unknown_status);
}

VdPermissions *
vd_invitation_get_permissions (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return self->permissions;
}

const char *
vd_invitation_get_inviter_name (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return VD_MODEL_TEXT (self->inviter_name);
}

const char *
vd_invitation_get_inviter_email (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return VD_MODEL_TEXT (self->inviter_email);
}

GDateTime *
vd_invitation_get_created_at (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return self->created_at;
}

GDateTime *
vd_invitation_get_expires_at (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return self->expires_at;
}

GDateTime *
vd_invitation_get_responded_at (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return self->responded_at;
}

const char *
vd_invitation_get_organization_id (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return vd_permissions_get_organization_id (self->permissions);
}

const char *
vd_invitation_get_organization_name (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return VD_MODEL_TEXT (self->organization_name);
}

const char *
vd_invitation_get_token (VdInvitation *self)
{
  g_return_val_if_fail (VD_IS_INVITATION (self), NULL);

  return self->token;
}
