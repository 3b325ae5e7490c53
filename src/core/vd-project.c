/* vd-project.c — a project of an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-project"

#include "config.h"

#include "vd-model-private.h"
#include "vd-project.h"

struct _VdProject
{
  GObject    parent_instance;

  char      *id;
  char      *organization_id;
  char      *name;
  char      *description;
  GDateTime *created_at;
  guint      folder_count;
};

G_DEFINE_FINAL_TYPE (VdProject, vd_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ORGANIZATION_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_CREATED_AT,
  PROP_FOLDER_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *id;
  const char *organization_id;
  const char *name;
  const char *description;
  GDateTime  *created_at;
  guint       folder_count;
} Fields;

static void
fields_clear (Fields *fields)
{
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
         vd_json_get_string (object, "organization_id", &fields->organization_id, error) &&
         vd_json_get_string (object, "name", &fields->name, error) &&
         vd_json_get_string (object, "description", &fields->description, error) &&
         vd_json_get_time (object, "created_at", &fields->created_at, error) &&
         vd_model_get_count (object, "folder_count", &fields->folder_count, error);
}

static void
apply_fields (VdProject    *self,
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
  if (vd_model_set_string (&self->description, fields->description))
    vd_model_notify (self, notify, properties[PROP_DESCRIPTION]);
  if (vd_model_set_time (&self->created_at, fields->created_at))
    vd_model_notify (self, notify, properties[PROP_CREATED_AT]);
  if (self->folder_count != fields->folder_count)
    {
      self->folder_count = fields->folder_count;
      vd_model_notify (self, notify, properties[PROP_FOLDER_COUNT]);
    }

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

static void
vd_project_finalize (GObject *object)
{
  VdProject *self = VD_PROJECT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->organization_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);

  G_OBJECT_CLASS (vd_project_parent_class)->finalize (object);
}

static void
vd_project_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VdProject *self = VD_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, vd_project_get_id (self));
      break;

    case PROP_ORGANIZATION_ID:
      g_value_set_string (value, vd_project_get_organization_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, vd_project_get_name (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, vd_project_get_description (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_FOLDER_COUNT:
      g_value_set_uint (value, self->folder_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_project_class_init (VdProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vd_project_finalize;
  object_class->get_property = vd_project_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_string ("organization-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_FOLDER_COUNT] =
    g_param_spec_uint ("folder-count", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_project_init (VdProject *self)
{
}

/*
 * Public API
 */

VdProject *
vd_project_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_auto(Fields) fields = { 0 };
  VdProject *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fields_parse (&fields, object, error))
    return NULL;

  self = g_object_new (VD_TYPE_PROJECT, NULL);
  apply_fields (self, &fields, FALSE);

  return self;
}

gboolean
vd_project_update_from_json (VdProject   *self,
                             JsonObject  *object,
                             GError     **error)
{
  g_auto(Fields) fields = { 0 };

  g_return_val_if_fail (VD_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fields_parse (&fields, object, error) ||
      !vd_model_check_same_id (self->id, fields.id, error))
    return FALSE;

  apply_fields (self, &fields, TRUE);
  return TRUE;
}

const char *
vd_project_get_id (VdProject *self)
{
  g_return_val_if_fail (VD_IS_PROJECT (self), NULL);

  return VD_MODEL_TEXT (self->id);
}

const char *
vd_project_get_organization_id (VdProject *self)
{
  g_return_val_if_fail (VD_IS_PROJECT (self), NULL);

  return VD_MODEL_TEXT (self->organization_id);
}

const char *
vd_project_get_name (VdProject *self)
{
  g_return_val_if_fail (VD_IS_PROJECT (self), NULL);

  return VD_MODEL_TEXT (self->name);
}

const char *
vd_project_get_description (VdProject *self)
{
  g_return_val_if_fail (VD_IS_PROJECT (self), NULL);

  return VD_MODEL_TEXT (self->description);
}

GDateTime *
vd_project_get_created_at (VdProject *self)
{
  g_return_val_if_fail (VD_IS_PROJECT (self), NULL);

  return self->created_at;
}

guint
vd_project_get_folder_count (VdProject *self)
{
  g_return_val_if_fail (VD_IS_PROJECT (self), 0);

  return self->folder_count;
}
