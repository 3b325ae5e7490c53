/* vd-member.c — a member of an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-member"

#include "config.h"

#include "vd-member.h"
#include "vd-model-private.h"

struct _VdMember
{
  GObject        parent_instance;

  char          *id;
  char          *user_id;
  char          *first_name;
  char          *last_name;
  char          *email;
  VdRole         role;
  char          *unknown_role;
  GDateTime     *joined_at;
  char          *display_name;
  char          *search_text;
  VdPermissions *permissions;
};

G_DEFINE_FINAL_TYPE (VdMember, vd_member, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USER_ID,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_EMAIL,
  PROP_ROLE,
  PROP_JOINED_AT,
  PROP_DISPLAY_NAME,
  PROP_SEARCH_TEXT,
  PROP_PERMISSIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
permissions_changed (gpointer self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

typedef struct
{
  const char    *id;
  const char    *user_id;
  const char    *first_name;
  const char    *last_name;
  const char    *email;
  const char    *role;
  GDateTime     *joined_at;
  VdPermissions *permissions;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_clear_pointer (&fields->joined_at, g_date_time_unref);
  g_clear_object (&fields->permissions);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static gboolean
fields_parse (Fields      *fields,
              const char  *organization_id,
              JsonObject  *object,
              GError     **error)
{
  return vd_model_check_object (object, error) &&
         vd_json_require_string (object, "id", &fields->id, error) &&
         vd_json_get_string (object, "user_id", &fields->user_id, error) &&
         vd_json_get_string (object, "first_name", &fields->first_name, error) &&
         vd_json_get_string (object, "last_name", &fields->last_name, error) &&
         vd_json_get_string (object, "email", &fields->email, error) &&
         vd_json_get_string (object, "role", &fields->role, error) &&
         vd_json_get_time (object, "joined_at", &fields->joined_at, error) &&
         vd_model_get_permissions (object, "permissions", organization_id,
                                   &fields->permissions, error);
}

static void
apply_fields (VdMember     *self,
              const Fields *fields,
              gboolean      notify)
{
  gboolean text_changed = FALSE;

  if (notify)
    g_object_freeze_notify (G_OBJECT (self));

  if (vd_model_set_string (&self->id, fields->id))
    vd_model_notify (self, notify, properties[PROP_ID]);
  if (vd_model_set_string (&self->user_id, fields->user_id))
    vd_model_notify (self, notify, properties[PROP_USER_ID]);
  if (vd_model_set_string (&self->first_name, fields->first_name))
    {
      vd_model_notify (self, notify, properties[PROP_FIRST_NAME]);
      text_changed = TRUE;
    }
  if (vd_model_set_string (&self->last_name, fields->last_name))
    {
      vd_model_notify (self, notify, properties[PROP_LAST_NAME]);
      text_changed = TRUE;
    }
  if (vd_model_set_string (&self->email, fields->email))
    {
      vd_model_notify (self, notify, properties[PROP_EMAIL]);
      text_changed = TRUE;
    }
  if (vd_model_set_role (&self->role, &self->unknown_role, fields->role))
    vd_model_notify (self, notify, properties[PROP_ROLE]);
  if (vd_model_set_time (&self->joined_at, fields->joined_at))
    vd_model_notify (self, notify, properties[PROP_JOINED_AT]);

  if (text_changed)
    {
      g_autofree char *display_name = NULL;
      g_autofree char *names = NULL;
      g_autofree char *text = NULL;
      g_autofree char *search_text = NULL;

      display_name = vd_model_join_name (self->first_name, self->last_name, self->email);
      if (vd_model_set_string (&self->display_name, display_name))
        vd_model_notify (self, notify, properties[PROP_DISPLAY_NAME]);

      /* "first last email", without the gaps of missing parts */
      names = vd_model_join_name (self->first_name, self->last_name, NULL);
      text = vd_model_join_name (names, self->email, NULL);
      search_text = text != NULL ? vd_model_search_key (text) : NULL;
      if (vd_model_set_string (&self->search_text, search_text))
        vd_model_notify (self, notify, properties[PROP_SEARCH_TEXT]);
    }

  /* The same permissions object for life: only what changed is notified,
   * on it and on its grants */
  if (self->permissions == NULL)
    {
      self->permissions = g_object_ref (fields->permissions);
      vd_permissions_set_changed_func (self->permissions, permissions_changed, self);
    }
  else
    vd_permissions_update_from (self->permissions, fields->permissions);

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

static void
vd_member_finalize (GObject *object)
{
  VdMember *self = VD_MEMBER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->last_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->unknown_role, g_free);
  g_clear_pointer (&self->joined_at, g_date_time_unref);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->search_text, g_free);
  /* (held elsewhere, it outlives this member) */
  if (self->permissions != NULL)
    vd_permissions_set_changed_func (self->permissions, NULL, NULL);
  g_clear_object (&self->permissions);

  G_OBJECT_CLASS (vd_member_parent_class)->finalize (object);
}

static void
vd_member_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VdMember *self = VD_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, vd_member_get_id (self));
      break;

    case PROP_USER_ID:
      g_value_set_string (value, vd_member_get_user_id (self));
      break;

    case PROP_FIRST_NAME:
      g_value_set_string (value, vd_member_get_first_name (self));
      break;

    case PROP_LAST_NAME:
      g_value_set_string (value, vd_member_get_last_name (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, vd_member_get_email (self));
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_JOINED_AT:
      g_value_set_boxed (value, self->joined_at);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, vd_member_get_display_name (self));
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, vd_member_get_search_text (self));
      break;

    case PROP_PERMISSIONS:
      g_value_set_object (value, self->permissions);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_member_dispatch_properties_changed (GObject     *object,
                                       guint        n_pspecs,
                                       GParamSpec **pspecs)
{
  G_OBJECT_CLASS (vd_member_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);
  g_signal_emit (object, signals[CHANGED], 0);
}

static void
vd_member_class_init (VdMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispatch_properties_changed = vd_member_dispatch_properties_changed;
  object_class->finalize = vd_member_finalize;
  object_class->get_property = vd_member_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL, NULL, flags);
  properties[PROP_FIRST_NAME] =
    g_param_spec_string ("first-name", NULL, NULL, NULL, flags);
  properties[PROP_LAST_NAME] =
    g_param_spec_string ("last-name", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, VD_TYPE_ROLE, VD_ROLE_UNKNOWN, flags);
  properties[PROP_JOINED_AT] =
    g_param_spec_boxed ("joined-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL, flags);
  properties[PROP_PERMISSIONS] =
    g_param_spec_object ("permissions", NULL, NULL, VD_TYPE_PERMISSIONS, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VdMember::changed:
   * @self: the member
   *
   * Emitted after any of the member's properties changed (once for those
   * notified together), and after its #VdMember:permissions changed: a
   * property of theirs, or the set of projects with access. One handler
   * watches all of a member that a list sorts and filters by.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
vd_member_init (VdMember *self)
{
  self->role = VD_ROLE_UNKNOWN;
}

/*
 * Public API
 */

VdMember *
vd_member_new_from_json (const char  *organization_id,
                         JsonObject  *object,
                         GError     **error)
{
  g_auto(Fields) fields = { 0 };
  VdMember *self;

  g_return_val_if_fail (organization_id != NULL && *organization_id != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fields_parse (&fields, organization_id, object, error))
    return NULL;

  self = g_object_new (VD_TYPE_MEMBER, NULL);
  apply_fields (self, &fields, FALSE);

  return self;
}

gboolean
vd_member_update_from_json (VdMember    *self,
                            JsonObject  *object,
                            GError     **error)
{
  g_auto(Fields) fields = { 0 };

  g_return_val_if_fail (VD_IS_MEMBER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fields_parse (&fields, vd_permissions_get_organization_id (self->permissions), object, error) ||
      !vd_model_check_same_id (self->id, fields.id, error))
    return FALSE;

  apply_fields (self, &fields, TRUE);
  return TRUE;
}

const char *
vd_member_get_id (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return VD_MODEL_TEXT (self->id);
}

const char *
vd_member_get_organization_id (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return vd_permissions_get_organization_id (self->permissions);
}

const char *
vd_member_get_user_id (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return VD_MODEL_TEXT (self->user_id);
}

const char *
vd_member_get_first_name (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return VD_MODEL_TEXT (self->first_name);
}

const char *
vd_member_get_last_name (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return VD_MODEL_TEXT (self->last_name);
}

const char *
vd_member_get_email (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return VD_MODEL_TEXT (self->email);
}

VdRole
vd_member_get_role (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), VD_ROLE_UNKNOWN);

  return self->role;
}

const char *
vd_member_get_role_name (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return vd_model_role_name (self->role, self->unknown_role);
}

GDateTime *
vd_member_get_joined_at (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return self->joined_at;
}

const char *
vd_member_get_display_name (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return VD_MODEL_TEXT (self->display_name);
}

const char *
vd_member_get_search_text (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return VD_MODEL_TEXT (self->search_text);
}

VdPermissions *
vd_member_get_permissions (VdMember *self)
{
  g_return_val_if_fail (VD_IS_MEMBER (self), NULL);

  return self->permissions;
}

char *
vd_member_search_key (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return vd_model_search_key (text);
}
