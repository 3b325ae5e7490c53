/* vd-user.c — a person with an account (the one signed in)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-user"

#include "config.h"

#include "vd-model-private.h"
#include "vd-user.h"

struct _VdUser
{
  GObject    parent_instance;

  char      *id;
  char      *first_name;
  char      *last_name;
  char      *email;
  GDateTime *email_verified_at;
  GDateTime *created_at;
  char      *current_organization_id;
  char      *display_name;
};

G_DEFINE_FINAL_TYPE (VdUser, vd_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_EMAIL,
  PROP_EMAIL_VERIFIED_AT,
  PROP_CREATED_AT,
  PROP_CURRENT_ORGANIZATION_ID,
  PROP_DISPLAY_NAME,
  PROP_VERIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What one JSON object says, checked before anything changes */
typedef struct
{
  const char *id;
  const char *first_name;
  const char *last_name;
  const char *email;
  GDateTime  *email_verified_at;
  GDateTime  *created_at;
  const char *current_organization_id;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_clear_pointer (&fields->email_verified_at, g_date_time_unref);
  g_clear_pointer (&fields->created_at, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static gboolean
fields_parse (Fields      *fields,
              JsonObject  *object,
              GError     **error)
{
  return vd_model_check_object (object, error) &&
         vd_json_require_string (object, "id", &fields->id, error) &&
         vd_json_get_string (object, "first_name", &fields->first_name, error) &&
         vd_json_get_string (object, "last_name", &fields->last_name, error) &&
         vd_json_get_string (object, "email", &fields->email, error) &&
         vd_json_get_time (object, "email_verified_at", &fields->email_verified_at, error) &&
         vd_json_get_time (object, "created_at", &fields->created_at, error) &&
         vd_json_get_string (object, "current_organization_id", &fields->current_organization_id, error);
}

static void
apply_fields (VdUser       *self,
              const Fields *fields,
              gboolean      notify)
{
  gboolean was_verified = self->email_verified_at != NULL;
  gboolean name_changed = FALSE;
  g_autofree char *display_name = NULL;

  if (notify)
    g_object_freeze_notify (G_OBJECT (self));

  if (vd_model_set_string (&self->id, fields->id))
    vd_model_notify (self, notify, properties[PROP_ID]);
  if (vd_model_set_string (&self->first_name, fields->first_name))
    {
      vd_model_notify (self, notify, properties[PROP_FIRST_NAME]);
      name_changed = TRUE;
    }
  if (vd_model_set_string (&self->last_name, fields->last_name))
    {
      vd_model_notify (self, notify, properties[PROP_LAST_NAME]);
      name_changed = TRUE;
    }
  if (vd_model_set_string (&self->email, fields->email))
    {
      vd_model_notify (self, notify, properties[PROP_EMAIL]);
      name_changed = TRUE;
    }
  if (vd_model_set_time (&self->email_verified_at, fields->email_verified_at))
    vd_model_notify (self, notify, properties[PROP_EMAIL_VERIFIED_AT]);
  if (vd_model_set_time (&self->created_at, fields->created_at))
    vd_model_notify (self, notify, properties[PROP_CREATED_AT]);
  if (vd_model_set_string (&self->current_organization_id, fields->current_organization_id))
    vd_model_notify (self, notify, properties[PROP_CURRENT_ORGANIZATION_ID]);

  if (name_changed)
    {
      display_name = vd_model_join_name (self->first_name, self->last_name, self->email);
      if (vd_model_set_string (&self->display_name, display_name))
        vd_model_notify (self, notify, properties[PROP_DISPLAY_NAME]);
    }

  if (was_verified != (self->email_verified_at != NULL))
    vd_model_notify (self, notify, properties[PROP_VERIFIED]);

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

static void
vd_user_finalize (GObject *object)
{
  VdUser *self = VD_USER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->last_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->email_verified_at, g_date_time_unref);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->current_organization_id, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (vd_user_parent_class)->finalize (object);
}

static void
vd_user_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  VdUser *self = VD_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, vd_user_get_id (self));
      break;

    case PROP_FIRST_NAME:
      g_value_set_string (value, vd_user_get_first_name (self));
      break;

    case PROP_LAST_NAME:
      g_value_set_string (value, vd_user_get_last_name (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, vd_user_get_email (self));
      break;

    case PROP_EMAIL_VERIFIED_AT:
      g_value_set_boxed (value, self->email_verified_at);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_CURRENT_ORGANIZATION_ID:
      g_value_set_string (value, self->current_organization_id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, vd_user_get_display_name (self));
      break;

    case PROP_VERIFIED:
      g_value_set_boolean (value, vd_user_get_verified (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_user_class_init (VdUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vd_user_finalize;
  object_class->get_property = vd_user_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_FIRST_NAME] =
    g_param_spec_string ("first-name", NULL, NULL, NULL, flags);
  properties[PROP_LAST_NAME] =
    g_param_spec_string ("last-name", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL_VERIFIED_AT] =
    g_param_spec_boxed ("email-verified-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CURRENT_ORGANIZATION_ID] =
    g_param_spec_string ("current-organization-id", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_VERIFIED] =
    g_param_spec_boolean ("verified", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_user_init (VdUser *self)
{
}

/*
 * Public API
 */

VdUser *
vd_user_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_auto(Fields) fields = { 0 };
  VdUser *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fields_parse (&fields, object, error))
    return NULL;

  self = g_object_new (VD_TYPE_USER, NULL);
  apply_fields (self, &fields, FALSE);

  return self;
}

gboolean
vd_user_update_from_json (VdUser      *self,
                          JsonObject  *object,
                          GError     **error)
{
  g_auto(Fields) fields = { 0 };

  g_return_val_if_fail (VD_IS_USER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fields_parse (&fields, object, error) ||
      !vd_model_check_same_id (self->id, fields.id, error))
    return FALSE;

  apply_fields (self, &fields, TRUE);
  return TRUE;
}

const char *
vd_user_get_id (VdUser *self)
{
  g_return_val_if_fail (VD_IS_USER (self), NULL);

  return VD_MODEL_TEXT (self->id);
}

const char *
vd_user_get_first_name (VdUser *self)
{
  g_return_val_if_fail (VD_IS_USER (self), NULL);

  return VD_MODEL_TEXT (self->first_name);
}

const char *
vd_user_get_last_name (VdUser *self)
{
  g_return_val_if_fail (VD_IS_USER (self), NULL);

  return VD_MODEL_TEXT (self->last_name);
}

const char *
vd_user_get_email (VdUser *self)
{
  g_return_val_if_fail (VD_IS_USER (self), NULL);

  return VD_MODEL_TEXT (self->email);
}

GDateTime *
vd_user_get_email_verified_at (VdUser *self)
{
  g_return_val_if_fail (VD_IS_USER (self), NULL);

  return self->email_verified_at;
}

GDateTime *
vd_user_get_created_at (VdUser *self)
{
  g_return_val_if_fail (VD_IS_USER (self), NULL);

  return self->created_at;
}

const char *
vd_user_get_current_organization_id (VdUser *self)
{
  g_return_val_if_fail (VD_IS_USER (self), NULL);

  return self->current_organization_id;
}

const char *
vd_user_get_display_name (VdUser *self)
{
  g_return_val_if_fail (VD_IS_USER (self), NULL);

  return VD_MODEL_TEXT (self->display_name);
}

gboolean
vd_user_get_verified (VdUser *self)
{
  g_return_val_if_fail (VD_IS_USER (self), FALSE);

  return self->email_verified_at != NULL;
}
