/* vd-organization.c — an organization the signed-in person belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-organization"

#include "config.h"

#include "vd-model-private.h"
#include "vd-organization.h"

struct _VdOrganization
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  char      *owner_id;
  VdRole     role;
  char      *unknown_role;
  guint      member_count;
  GDateTime *created_at;
  GDateTime *updated_at;
  gboolean   current;
};

G_DEFINE_FINAL_TYPE (VdOrganization, vd_organization, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_OWNER_ID,
  PROP_ROLE,
  PROP_MEMBER_COUNT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *id;
  const char *name;
  const char *owner_id;
  const char *role;
  guint       member_count;
  GDateTime  *created_at;
  GDateTime  *updated_at;
  gboolean    current;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_clear_pointer (&fields->created_at, g_date_time_unref);
  g_clear_pointer (&fields->updated_at, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static gboolean
fields_parse (Fields      *fields,
              JsonObject  *object,
              GError     **error)
{
  return vd_model_check_object (object, error) &&
         vd_json_require_string (object, "id", &fields->id, error) &&
         vd_json_get_string (object, "name", &fields->name, error) &&
         vd_json_get_string (object, "owner_id", &fields->owner_id, error) &&
         vd_json_get_string (object, "role", &fields->role, error) &&
         vd_model_get_count (object, "member_count", &fields->member_count, error) &&
         vd_json_get_time (object, "created_at", &fields->created_at, error) &&
         vd_json_get_time (object, "updated_at", &fields->updated_at, error) &&
         vd_json_get_boolean (object, "current", &fields->current, error);
}

static void
apply_fields (VdOrganization *self,
              const Fields   *fields,
              gboolean        notify)
{
  if (notify)
    g_object_freeze_notify (G_OBJECT (self));

  if (vd_model_set_string (&self->id, fields->id))
    vd_model_notify (self, notify, properties[PROP_ID]);
  if (vd_model_set_string (&self->name, fields->name))
    vd_model_notify (self, notify, properties[PROP_NAME]);
  if (vd_model_set_string (&self->owner_id, fields->owner_id))
    vd_model_notify (self, notify, properties[PROP_OWNER_ID]);
  if (vd_model_set_role (&self->role, &self->unknown_role, fields->role))
    vd_model_notify (self, notify, properties[PROP_ROLE]);
  if (self->member_count != fields->member_count)
    {
      self->member_count = fields->member_count;
      vd_model_notify (self, notify, properties[PROP_MEMBER_COUNT]);
    }
  if (vd_model_set_time (&self->created_at, fields->created_at))
    vd_model_notify (self, notify, properties[PROP_CREATED_AT]);
  if (vd_model_set_time (&self->updated_at, fields->updated_at))
    vd_model_notify (self, notify, properties[PROP_UPDATED_AT]);
  if (self->current != fields->current)
    {
      self->current = fields->current;
      vd_model_notify (self, notify, properties[PROP_CURRENT]);
    }

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

static void
vd_organization_finalize (GObject *object)
{
  VdOrganization *self = VD_ORGANIZATION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->owner_id, g_free);
  g_clear_pointer (&self->unknown_role, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (vd_organization_parent_class)->finalize (object);
}

static void
vd_organization_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VdOrganization *self = VD_ORGANIZATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, vd_organization_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, vd_organization_get_name (self));
      break;

    case PROP_OWNER_ID:
      g_value_set_string (value, vd_organization_get_owner_id (self));
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_MEMBER_COUNT:
      g_value_set_uint (value, self->member_count);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;

    case PROP_CURRENT:
      g_value_set_boolean (value, self->current);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_organization_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VdOrganization *self = VD_ORGANIZATION (object);

  switch (prop_id)
    {
    case PROP_CURRENT:
      vd_organization_set_current (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_organization_class_init (VdOrganizationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vd_organization_finalize;
  object_class->get_property = vd_organization_get_property;
  object_class->set_property = vd_organization_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_OWNER_ID] =
    g_param_spec_string ("owner-id", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, VD_TYPE_ROLE, VD_ROLE_UNKNOWN, flags);
  properties[PROP_MEMBER_COUNT] =
    g_param_spec_uint ("member-count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CURRENT] =
    g_param_spec_boolean ("current", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_organization_init (VdOrganization *self)
{
  self->role = VD_ROLE_UNKNOWN;
}

/*
 * Public API
 */

VdOrganization *
vd_organization_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_auto(Fields) fields = { 0 };
  VdOrganization *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fields_parse (&fields, object, error))
    return NULL;

  self = g_object_new (VD_TYPE_ORGANIZATION, NULL);
  apply_fields (self, &fields, FALSE);

  return self;
}

gboolean
vd_organization_update_from_json (VdOrganization  *self,
                                  JsonObject      *object,
                                  GError         **error)
{
  g_auto(Fields) fields = { 0 };

  g_return_val_if_fail (VD_IS_ORGANIZATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fields_parse (&fields, object, error) ||
      !vd_model_check_same_id (self->id, fields.id, error))
    return FALSE;

  apply_fields (self, &fields, TRUE);
  return TRUE;
}

const char *
vd_organization_get_id (VdOrganization *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION (self), NULL);

  return VD_MODEL_TEXT (self->id);
}

const char *
vd_organization_get_name (VdOrganization *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION (self), NULL);

  return VD_MODEL_TEXT (self->name);
}

const char *
vd_organization_get_owner_id (VdOrganization *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION (self), NULL);

  return VD_MODEL_TEXT (self->owner_id);
}

VdRole
vd_organization_get_role (VdOrganization *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION (self), VD_ROLE_UNKNOWN);

  return self->role;
}

const char *
vd_organization_get_role_name (VdOrganization *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION (self), NULL);

  return vd_model_role_name (self->role, self->unknown_role);
}

guint
vd_organization_get_member_count (VdOrganization *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION (self), 0);

  return self->member_count;
}

GDateTime *
vd_organization_get_created_at (VdOrganization *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION (self), NULL);

  return self->created_at;
}

GDateTime *
vd_organization_get_updated_at (VdOrganization *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION (self), NULL);

  return self->updated_at;
}

gboolean
vd_organization_get_current (VdOrganization *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION (self), FALSE);

  return self->current;
}

void
vd_organization_set_current (VdOrganization *self,
                             gboolean        current)
{
  g_return_if_fail (VD_IS_ORGANIZATION (self));

  current = !!current;

  if (self->current == current)
    return;

  self->current = current;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}
