/* vd-api-key.c — an API key of an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-api-key"

#include "config.h"

#include "vd-api-key.h"
#include "vd-model-private.h"

struct _VdApiKey
{
  GObject        parent_instance;

  char          *id;
  char          *organization_id;
  char          *name;
  char          *origin;
  char          *key_type;
  gboolean       allow_cors_enabled;
  char          *prefix;
  char          *created_by;
  GDateTime     *created_at;
  GDateTime     *expires_at;
  char          *key;
  VdPermissions *permissions;
  char          *legacy_permissions;
};

G_DEFINE_FINAL_TYPE (VdApiKey, vd_api_key, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ORGANIZATION_ID,
  PROP_NAME,
  PROP_ORIGIN,
  PROP_KEY_TYPE,
  PROP_ALLOW_CORS_ENABLED,
  PROP_PREFIX,
  PROP_CREATED_BY,
  PROP_CREATED_AT,
  PROP_EXPIRES_AT,
  PROP_KEY,
  PROP_PERMISSIONS,
  PROP_LEGACY_PERMISSIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char    *id;
  const char    *organization_id;
  const char    *name;
  const char    *origin;
  const char    *key_type;
  gboolean       allow_cors_enabled;
  const char    *prefix;
  const char    *created_by;
  GDateTime     *created_at;
  GDateTime     *expires_at;
  const char    *key;
  VdPermissions *permissions;
  const char    *legacy_permissions;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_clear_pointer (&fields->created_at, g_date_time_unref);
  g_clear_pointer (&fields->expires_at, g_date_time_unref);
  g_clear_object (&fields->permissions);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

/* `permissions`: an array of grants (or nothing), or the legacy string */
static gboolean
parse_permissions (Fields      *fields,
                   JsonObject  *object,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, "permissions");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      fields->legacy_permissions = json_node_get_string (node);
      return TRUE;
    }

  return vd_model_get_permissions (object, "permissions", fields->organization_id,
                                   &fields->permissions, error);
}

/* organization_id: the key's as known so far */
static gboolean
fields_parse (Fields      *fields,
              const char  *organization_id,
              JsonObject  *object,
              GError     **error)
{
  if (!vd_model_check_object (object, error) ||
      !vd_json_require_string (object, "id", &fields->id, error) ||
      !vd_json_get_string (object, "organization_id", &fields->organization_id, error))
    return FALSE;

  if (fields->organization_id == NULL || *fields->organization_id == '\0')
    fields->organization_id = organization_id;
  else if (organization_id != NULL && !g_str_equal (organization_id, fields->organization_id))
    {
      g_propagate_error (error, vd_api_error_new_protocol ("an API key of another organization"));
      return FALSE;
    }

  if (fields->organization_id == NULL || *fields->organization_id == '\0')
    {
      g_propagate_error (error, vd_api_error_new_protocol ("an API key of no organization"));
      return FALSE;
    }

  return vd_json_get_string (object, "name", &fields->name, error) &&
         vd_json_get_string (object, "origin", &fields->origin, error) &&
         vd_json_get_string (object, "type", &fields->key_type, error) &&
         vd_json_get_boolean (object, "allow_cors_enabled", &fields->allow_cors_enabled, error) &&
         vd_json_get_string (object, "api_key_prefix", &fields->prefix, error) &&
         vd_json_get_string (object, "created_by", &fields->created_by, error) &&
         vd_json_get_time (object, "created_at", &fields->created_at, error) &&
         vd_json_get_time (object, "expires_at", &fields->expires_at, error) &&
         vd_json_get_string (object, "api_key", &fields->key, error) &&
         parse_permissions (fields, object, error);
}

/* The secret is not left behind in freed memory */
static void
clear_key (VdApiKey *self)
{
  /* volatile: a memset right before free () may be optimized away */
  for (volatile char *c = self->key; c != NULL && *c != '\0'; c++)
    *c = '\0';
  g_clear_pointer (&self->key, g_free);
}

static void
apply_fields (VdApiKey     *self,
              const Fields *fields,
              gboolean      notify)
{
  if (notify)
    g_object_freeze_notify (G_OBJECT (self));

  if (vd_model_set_string (&self->id, fields->id))
    vd_model_notify (self, notify, properties[PROP_ID]);
  if (vd_model_set_string (&self->organization_id, fields->organization_id))
    vd_model_notify (self, notify, properties[PROP_ORGANIZATION_ID]);
  if (vd_model_set_string (&self->name, fields->name))
    vd_model_notify (self, notify, properties[PROP_NAME]);
  if (vd_model_set_string (&self->origin, fields->origin))
    vd_model_notify (self, notify, properties[PROP_ORIGIN]);
  if (vd_model_set_string (&self->key_type, fields->key_type))
    vd_model_notify (self, notify, properties[PROP_KEY_TYPE]);
  if (self->allow_cors_enabled != fields->allow_cors_enabled)
    {
      self->allow_cors_enabled = fields->allow_cors_enabled;
      vd_model_notify (self, notify, properties[PROP_ALLOW_CORS_ENABLED]);
    }
  if (vd_model_set_string (&self->prefix, fields->prefix))
    vd_model_notify (self, notify, properties[PROP_PREFIX]);
  if (vd_model_set_string (&self->created_by, fields->created_by))
    vd_model_notify (self, notify, properties[PROP_CREATED_BY]);
  if (vd_model_set_time (&self->created_at, fields->created_at))
    vd_model_notify (self, notify, properties[PROP_CREATED_AT]);
  if (vd_model_set_time (&self->expires_at, fields->expires_at))
    vd_model_notify (self, notify, properties[PROP_EXPIRES_AT]);
  if (fields->key != NULL && *fields->key != '\0' && g_strcmp0 (self->key, fields->key) != 0)
    {
      clear_key (self);
      self->key = g_strdup (fields->key);
      vd_model_notify (self, notify, properties[PROP_KEY]);
    }

  if (fields->permissions != NULL && self->permissions != NULL)
    vd_permissions_update_from (self->permissions, fields->permissions);
  else if (fields->permissions != NULL || self->permissions != NULL)
    {
      g_set_object (&self->permissions, fields->permissions);
      vd_model_notify (self, notify, properties[PROP_PERMISSIONS]);
    }

  /* "" is a legacy string too (no flags): keep it apart from NULL */
  if (g_strcmp0 (self->legacy_permissions, fields->legacy_permissions) != 0)
    {
      g_free (self->legacy_permissions);
      self->legacy_permissions = g_strdup (fields->legacy_permissions);
      vd_model_notify (self, notify, properties[PROP_LEGACY_PERMISSIONS]);
    }

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

static void
vd_api_key_finalize (GObject *object)
{
  VdApiKey *self = VD_API_KEY (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->organization_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->key_type, g_free);
  g_clear_pointer (&self->prefix, g_free);
  g_clear_pointer (&self->created_by, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  clear_key (self);
  g_clear_object (&self->permissions);
  g_clear_pointer (&self->legacy_permissions, g_free);

  G_OBJECT_CLASS (vd_api_key_parent_class)->finalize (object);
}

static void
vd_api_key_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VdApiKey *self = VD_API_KEY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, vd_api_key_get_id (self));
      break;

    case PROP_ORGANIZATION_ID:
      g_value_set_string (value, vd_api_key_get_organization_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, vd_api_key_get_name (self));
      break;

    case PROP_ORIGIN:
      g_value_set_string (value, vd_api_key_get_origin (self));
      break;

    case PROP_KEY_TYPE:
      g_value_set_string (value, vd_api_key_get_key_type (self));
      break;

    case PROP_ALLOW_CORS_ENABLED:
      g_value_set_boolean (value, self->allow_cors_enabled);
      break;

    case PROP_PREFIX:
      g_value_set_string (value, vd_api_key_get_prefix (self));
      break;

    case PROP_CREATED_BY:
      g_value_set_string (value, vd_api_key_get_created_by (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;

    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_PERMISSIONS:
      g_value_set_object (value, self->permissions);
      break;

    case PROP_LEGACY_PERMISSIONS:
      g_value_set_string (value, self->legacy_permissions);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_api_key_class_init (VdApiKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vd_api_key_finalize;
  object_class->get_property = vd_api_key_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_string ("organization-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_ORIGIN] =
    g_param_spec_string ("origin", NULL, NULL, NULL, flags);
  properties[PROP_KEY_TYPE] =
    g_param_spec_string ("key-type", NULL, NULL, NULL, flags);
  properties[PROP_ALLOW_CORS_ENABLED] =
    g_param_spec_boolean ("allow-cors-enabled", NULL, NULL, FALSE, flags);
  properties[PROP_PREFIX] =
    g_param_spec_string ("prefix", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_BY] =
    g_param_spec_string ("created-by", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_PERMISSIONS] =
    g_param_spec_object ("permissions", NULL, NULL, VD_TYPE_PERMISSIONS, flags);
  properties[PROP_LEGACY_PERMISSIONS] =
    g_param_spec_string ("legacy-permissions", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_api_key_init (VdApiKey *self)
{
}

/*
 * Public API
 */

VdApiKey *
vd_api_key_new_from_json (const char  *organization_id,
                          JsonObject  *object,
                          GError     **error)
{
  g_auto(Fields) fields = { 0 };
  VdApiKey *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (organization_id != NULL && *organization_id == '\0')
    organization_id = NULL;

  if (!fields_parse (&fields, organization_id, object, error))
    return NULL;

  self = g_object_new (VD_TYPE_API_KEY, NULL);
  apply_fields (self, &fields, FALSE);

  return self;
}

gboolean
vd_api_key_update_from_json (VdApiKey    *self,
                             JsonObject  *object,
                             GError     **error)
{
  g_auto(Fields) fields = { 0 };

  g_return_val_if_fail (VD_IS_API_KEY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fields_parse (&fields, self->organization_id, object, error) ||
      !vd_model_check_same_id (self->id, fields.id, error))
    return FALSE;

  apply_fields (self, &fields, TRUE);
  return TRUE;
}

const char *
vd_api_key_get_id (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return VD_MODEL_TEXT (self->id);
}

const char *
vd_api_key_get_organization_id (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return VD_MODEL_TEXT (self->organization_id);
}

const char *
vd_api_key_get_name (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return VD_MODEL_TEXT (self->name);
}

const char *
vd_api_key_get_origin (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return VD_MODEL_TEXT (self->origin);
}

const char *
vd_api_key_get_key_type (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return VD_MODEL_TEXT (self->key_type);
}

gboolean
vd_api_key_get_allow_cors_enabled (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), FALSE);

  return self->allow_cors_enabled;
}

const char *
vd_api_key_get_prefix (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return VD_MODEL_TEXT (self->prefix);
}

const char *
vd_api_key_get_created_by (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return VD_MODEL_TEXT (self->created_by);
}

GDateTime *
vd_api_key_get_created_at (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return self->created_at;
}

GDateTime *
vd_api_key_get_expires_at (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return self->expires_at;
}

const char *
vd_api_key_get_key (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return self->key;
}

void
vd_api_key_forget_key (VdApiKey *self)
{
  g_return_if_fail (VD_IS_API_KEY (self));

  if (self->key == NULL)
    return;

  clear_key (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
}

VdPermissions *
vd_api_key_get_permissions (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return self->permissions;
}

const char *
vd_api_key_get_legacy_permissions (VdApiKey *self)
{
  g_return_val_if_fail (VD_IS_API_KEY (self), NULL);

  return self->legacy_permissions;
}
