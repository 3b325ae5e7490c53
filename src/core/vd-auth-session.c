/* vd-auth-session.c — one signed-in session of the person (a device)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-auth-session"

#include "config.h"

#include "vd-auth-session.h"
#include "vd-model-private.h"

struct _VdAuthSession
{
  GObject    parent_instance;

  char      *id;
  char      *user_agent;
  char      *ip_address;
  GDateTime *created_at;
  GDateTime *last_active_at;
  gboolean   current;
};

G_DEFINE_FINAL_TYPE (VdAuthSession, vd_auth_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USER_AGENT,
  PROP_IP_ADDRESS,
  PROP_CREATED_AT,
  PROP_LAST_ACTIVE_AT,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *id;
  const char *user_agent;
  const char *ip_address;
  GDateTime  *created_at;
  GDateTime  *last_active_at;
  gboolean    current;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_clear_pointer (&fields->created_at, g_date_time_unref);
  g_clear_pointer (&fields->last_active_at, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static gboolean
fields_parse (Fields      *fields,
              JsonObject  *object,
              GError     **error)
{
  return vd_model_check_object (object, error) &&
         vd_json_require_string (object, "id", &fields->id, error) &&
         vd_json_get_string (object, "user_agent", &fields->user_agent, error) &&
         vd_json_get_string (object, "ip_address", &fields->ip_address, error) &&
         vd_json_get_time (object, "created_at", &fields->created_at, error) &&
         vd_json_get_time (object, "last_active_at", &fields->last_active_at, error) &&
         vd_json_get_boolean (object, "current", &fields->current, error);
}

static void
apply_fields (VdAuthSession *self,
              const Fields  *fields,
              gboolean       notify)
{
  if (notify)
    g_object_freeze_notify (G_OBJECT (self));

  if (vd_model_set_string (&self->id, fields->id))
    vd_model_notify (self, notify, properties[PROP_ID]);
  if (vd_model_set_string (&self->user_agent, fields->user_agent))
    vd_model_notify (self, notify, properties[PROP_USER_AGENT]);
  if (vd_model_set_string (&self->ip_address, fields->ip_address))
    vd_model_notify (self, notify, properties[PROP_IP_ADDRESS]);
  if (vd_model_set_time (&self->created_at, fields->created_at))
    vd_model_notify (self, notify, properties[PROP_CREATED_AT]);
  if (vd_model_set_time (&self->last_active_at, fields->last_active_at))
    vd_model_notify (self, notify, properties[PROP_LAST_ACTIVE_AT]);
  if (self->current != fields->current)
    {
      self->current = fields->current;
      vd_model_notify (self, notify, properties[PROP_CURRENT]);
    }

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

static void
vd_auth_session_finalize (GObject *object)
{
  VdAuthSession *self = VD_AUTH_SESSION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->user_agent, g_free);
  g_clear_pointer (&self->ip_address, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->last_active_at, g_date_time_unref);

  G_OBJECT_CLASS (vd_auth_session_parent_class)->finalize (object);
}

static void
vd_auth_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VdAuthSession *self = VD_AUTH_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, vd_auth_session_get_id (self));
      break;

    case PROP_USER_AGENT:
      g_value_set_string (value, vd_auth_session_get_user_agent (self));
      break;

    case PROP_IP_ADDRESS:
      g_value_set_string (value, vd_auth_session_get_ip_address (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_LAST_ACTIVE_AT:
      g_value_set_boxed (value, self->last_active_at);
      break;

    case PROP_CURRENT:
      g_value_set_boolean (value, self->current);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_auth_session_class_init (VdAuthSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vd_auth_session_finalize;
  object_class->get_property = vd_auth_session_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, NULL, flags);
  properties[PROP_IP_ADDRESS] =
    g_param_spec_string ("ip-address", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_LAST_ACTIVE_AT] =
    g_param_spec_boxed ("last-active-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CURRENT] =
    g_param_spec_boolean ("current", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_auth_session_init (VdAuthSession *self)
{
}

/*
 * Public API
 */

VdAuthSession *
vd_auth_session_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_auto(Fields) fields = { 0 };
  VdAuthSession *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fields_parse (&fields, object, error))
    return NULL;

  self = g_object_new (VD_TYPE_AUTH_SESSION, NULL);
  apply_fields (self, &fields, FALSE);

  return self;
}

gboolean
vd_auth_session_update_from_json (VdAuthSession  *self,
                                  JsonObject     *object,
                                  GError        **error)
{
  g_auto(Fields) fields = { 0 };

  g_return_val_if_fail (VD_IS_AUTH_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fields_parse (&fields, object, error) ||
      !vd_model_check_same_id (self->id, fields.id, error))
    return FALSE;

  apply_fields (self, &fields, TRUE);
  return TRUE;
}

const char *
vd_auth_session_get_id (VdAuthSession *self)
{
  g_return_val_if_fail (VD_IS_AUTH_SESSION (self), NULL);

  return VD_MODEL_TEXT (self->id);
}

const char *
vd_auth_session_get_user_agent (VdAuthSession *self)
{
  g_return_val_if_fail (VD_IS_AUTH_SESSION (self), NULL);

  return VD_MODEL_TEXT (self->user_agent);
}

const char *
vd_auth_session_get_ip_address (VdAuthSession *self)
{
  g_return_val_if_fail (VD_IS_AUTH_SESSION (self), NULL);

  return VD_MODEL_TEXT (self->ip_address);
}

GDateTime *
vd_auth_session_get_created_at (VdAuthSession *self)
{
  g_return_val_if_fail (VD_IS_AUTH_SESSION (self), NULL);

  return self->created_at;
}

GDateTime *
vd_auth_session_get_last_active_at (VdAuthSession *self)
{
  g_return_val_if_fail (VD_IS_AUTH_SESSION (self), NULL);

  return self->last_active_at;
}

gboolean
vd_auth_session_get_current (VdAuthSession *self)
{
  g_return_val_if_fail (VD_IS_AUTH_SESSION (self), FALSE);

  return self->current;
}
