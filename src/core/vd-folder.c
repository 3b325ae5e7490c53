/* vd-folder.c — a folder of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-folder"

#include "config.h"

#include "vd-folder.h"
#include "vd-model-private.h"

struct _VdFolder
{
  GObject  parent_instance;

  char    *id;
  char    *project_id;
  char    *name;
  char    *parent_id;
};

G_DEFINE_FINAL_TYPE (VdFolder, vd_folder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROJECT_ID,
  PROP_NAME,
  PROP_PARENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *id;
  const char *name;
  const char *parent_id;
} Fields;

static gboolean
fields_parse (Fields      *fields,
              JsonObject  *object,
              GError     **error)
{
  return vd_model_check_object (object, error) &&
         vd_json_require_string (object, "id", &fields->id, error) &&
         vd_json_get_string (object, "name", &fields->name, error) &&
         vd_json_get_string (object, "parent_id", &fields->parent_id, error);
}

static void
apply_fields (VdFolder     *self,
              const Fields *fields,
              gboolean      notify)
{
  if (notify)
    g_object_freeze_notify (G_OBJECT (self));

  if (vd_model_set_string (&self->id, fields->id))
    vd_model_notify (self, notify, properties[PROP_ID]);
  if (vd_model_set_string (&self->name, fields->name))
    vd_model_notify (self, notify, properties[PROP_NAME]);
  if (vd_model_set_string (&self->parent_id, fields->parent_id))
    vd_model_notify (self, notify, properties[PROP_PARENT_ID]);

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

static void
vd_folder_finalize (GObject *object)
{
  VdFolder *self = VD_FOLDER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->parent_id, g_free);

  G_OBJECT_CLASS (vd_folder_parent_class)->finalize (object);
}

static void
vd_folder_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VdFolder *self = VD_FOLDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, vd_folder_get_id (self));
      break;

    case PROP_PROJECT_ID:
      g_value_set_string (value, vd_folder_get_project_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, vd_folder_get_name (self));
      break;

    case PROP_PARENT_ID:
      g_value_set_string (value, self->parent_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_folder_class_init (VdFolderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vd_folder_finalize;
  object_class->get_property = vd_folder_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PARENT_ID] =
    g_param_spec_string ("parent-id", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_folder_init (VdFolder *self)
{
}

/*
 * Public API
 */

VdFolder *
vd_folder_new_from_json (const char  *project_id,
                         JsonObject  *object,
                         GError     **error)
{
  Fields fields = { 0 };
  VdFolder *self;

  g_return_val_if_fail (project_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fields_parse (&fields, object, error))
    return NULL;

  self = g_object_new (VD_TYPE_FOLDER, NULL);
  self->project_id = g_strdup (project_id);
  apply_fields (self, &fields, FALSE);

  return self;
}

gboolean
vd_folder_update_from_json (VdFolder    *self,
                            JsonObject  *object,
                            GError     **error)
{
  Fields fields = { 0 };

  g_return_val_if_fail (VD_IS_FOLDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fields_parse (&fields, object, error) ||
      !vd_model_check_same_id (self->id, fields.id, error))
    return FALSE;

  apply_fields (self, &fields, TRUE);
  return TRUE;
}

const char *
vd_folder_get_id (VdFolder *self)
{
  g_return_val_if_fail (VD_IS_FOLDER (self), NULL);

  return VD_MODEL_TEXT (self->id);
}

const char *
vd_folder_get_project_id (VdFolder *self)
{
  g_return_val_if_fail (VD_IS_FOLDER (self), NULL);

  return VD_MODEL_TEXT (self->project_id);
}

const char *
vd_folder_get_name (VdFolder *self)
{
  g_return_val_if_fail (VD_IS_FOLDER (self), NULL);

  return VD_MODEL_TEXT (self->name);
}

const char *
vd_folder_get_parent_id (VdFolder *self)
{
  g_return_val_if_fail (VD_IS_FOLDER (self), NULL);

  return self->parent_id;
}
