/* vd-audit-entry.c — one entry of an organization's audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-audit-entry"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vd-audit-entry.h"
#include "vd-model-private.h"

struct _VdAuditEntry
{
  GObject    parent_instance;

  char      *organization_id;
  char      *id;
  char      *actor_id;
  char      *actor_name;
  char      *actor_email;
  char      *action;
  char      *entity_type;
  char      *entity_id;
  JsonNode  *metadata;
  char      *ip_address;
  GDateTime *created_at;
};

G_DEFINE_FINAL_TYPE (VdAuditEntry, vd_audit_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACTOR_ID,
  PROP_ACTOR_NAME,
  PROP_ACTOR_EMAIL,
  PROP_ACTION,
  PROP_ENTITY_TYPE,
  PROP_ENTITY_ID,
  PROP_METADATA,
  PROP_IP_ADDRESS,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *id;
  const char *actor_id;
  char       *actor_name;
  const char *actor_email;
  const char *action;
  const char *entity_type;
  const char *entity_id;
  JsonObject *metadata;
  const char *ip_address;
  GDateTime  *created_at;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_clear_pointer (&fields->actor_name, g_free);
  g_clear_pointer (&fields->created_at, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static gboolean
parse_actor (Fields      *fields,
             JsonObject  *object,
             GError     **error)
{
  JsonObject *actor;
  const char *first_name, *last_name;

  if (!vd_json_get_object (object, "actor", &actor, error))
    return FALSE;
  if (actor == NULL)
    return TRUE;

  if (!vd_json_get_string (actor, "id", &fields->actor_id, error) ||
      !vd_json_get_string (actor, "first_name", &first_name, error) ||
      !vd_json_get_string (actor, "last_name", &last_name, error) ||
      !vd_json_get_string (actor, "email", &fields->actor_email, error))
    return FALSE;

  fields->actor_name = vd_model_join_name (first_name, last_name, fields->actor_email);
  return TRUE;
}

static gboolean
fields_parse (Fields      *fields,
              JsonObject  *object,
              GError     **error)
{
  return vd_model_check_object (object, error) &&
         vd_json_require_string (object, "id", &fields->id, error) &&
         parse_actor (fields, object, error) &&
         vd_json_get_string (object, "action", &fields->action, error) &&
         vd_json_get_string (object, "entity_type", &fields->entity_type, error) &&
         vd_json_get_string (object, "entity_id", &fields->entity_id, error) &&
         vd_json_get_object (object, "metadata", &fields->metadata, error) &&
         vd_json_get_string (object, "ip_address", &fields->ip_address, error) &&
         vd_json_get_time (object, "created_at", &fields->created_at, error);
}

static gboolean
set_metadata (VdAuditEntry *self,
              JsonObject   *metadata)
{
  g_autoptr(JsonNode) node = NULL;

  if (metadata != NULL)
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, metadata);
    }

  if (self->metadata == node ||
      (self->metadata != NULL && node != NULL && json_node_equal (self->metadata, node)))
    return FALSE;

  g_clear_pointer (&self->metadata, json_node_unref);
  self->metadata = g_steal_pointer (&node);
  return TRUE;
}

static void
apply_fields (VdAuditEntry *self,
              const Fields *fields,
              gboolean      notify)
{
  if (notify)
    g_object_freeze_notify (G_OBJECT (self));

  if (vd_model_set_string (&self->id, fields->id))
    vd_model_notify (self, notify, properties[PROP_ID]);
  if (vd_model_set_string (&self->actor_id, fields->actor_id))
    vd_model_notify (self, notify, properties[PROP_ACTOR_ID]);
  if (vd_model_set_string (&self->actor_name, fields->actor_name))
    vd_model_notify (self, notify, properties[PROP_ACTOR_NAME]);
  if (vd_model_set_string (&self->actor_email, fields->actor_email))
    vd_model_notify (self, notify, properties[PROP_ACTOR_EMAIL]);
  if (vd_model_set_string (&self->action, fields->action))
    vd_model_notify (self, notify, properties[PROP_ACTION]);
  if (vd_model_set_string (&self->entity_type, fields->entity_type))
    vd_model_notify (self, notify, properties[PROP_ENTITY_TYPE]);
  if (vd_model_set_string (&self->entity_id, fields->entity_id))
    vd_model_notify (self, notify, properties[PROP_ENTITY_ID]);
  if (set_metadata (self, fields->metadata))
    vd_model_notify (self, notify, properties[PROP_METADATA]);
  if (vd_model_set_string (&self->ip_address, fields->ip_address))
    vd_model_notify (self, notify, properties[PROP_IP_ADDRESS]);
  if (vd_model_set_time (&self->created_at, fields->created_at))
    vd_model_notify (self, notify, properties[PROP_CREATED_AT]);

  if (notify)
    g_object_thaw_notify (G_OBJECT (self));
}

/*
 * Reading the metadata: whatever is missing or of another type is NULL
 */

static JsonObject *
metadata_object (VdAuditEntry *self)
{
  if (self->metadata == NULL || !JSON_NODE_HOLDS_OBJECT (self->metadata))
    return NULL;

  return json_node_get_object (self->metadata);
}

static JsonObject *
lookup_object (JsonObject *object,
               const char *member)
{
  JsonObject *value = NULL;

  if (object == NULL || !vd_json_get_object (object, member, &value, NULL))
    return NULL;

  return value;
}

static const char *
lookup_string (JsonObject *object,
               const char *member)
{
  const char *value = NULL;

  if (object == NULL || !vd_json_get_string (object, member, &value, NULL) ||
      value == NULL || *value == '\0')
    return NULL;

  return value;
}

static gboolean
lookup_boolean (JsonObject *object,
                const char *member)
{
  gboolean value = FALSE;

  if (object == NULL || !vd_json_get_boolean (object, member, &value, NULL))
    return FALSE;

  return value;
}

/* A role in the middle of a sentence or a change line */
static const char *
role_word (const char *name)
{
  switch (vd_role_from_string (name))
    {
    case VD_ROLE_OWNER:
      return C_("role in a sentence", "owner");

    case VD_ROLE_ADMIN:
      return C_("role in a sentence", "admin");

    case VD_ROLE_MEMBER:
      return C_("role in a sentence", "member");

    case VD_ROLE_UNKNOWN:
    default:
      return name;
    }
}

/* The organization a grant array names in its organization grants, or NULL */
static const char *
grants_organization_id (JsonNode *node)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *grant;
      const char *entity_type;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      grant = json_node_get_object (element);
      entity_type = lookup_string (grant, "entity_type");
      if (g_strcmp0 (entity_type, "organizations") == 0 || g_strcmp0 (entity_type, "organization") == 0)
        return lookup_string (grant, "entity_id");
    }

  return NULL;
}

/* member.updated: the grants before and after, parsed; FALSE when there are
 * none or they do not parse */
static gboolean
parse_permission_change (VdAuditEntry   *self,
                         VdPermissions **old_permissions,
                         VdPermissions **new_permissions)
{
  JsonObject *metadata = metadata_object (self);
  JsonObject *before = lookup_object (metadata, "before");
  JsonObject *after = lookup_object (metadata, "after");
  JsonNode *old_node = before ? json_object_get_member (before, "permissions") : NULL;
  JsonNode *new_node = after ? json_object_get_member (after, "permissions") : NULL;
  const char *organization_id;
  g_autoptr(GError) error = NULL;

  *old_permissions = *new_permissions = NULL;

  if (old_node == NULL && new_node == NULL)
    return FALSE;

  organization_id = grants_organization_id (old_node);
  if (organization_id == NULL)
    organization_id = grants_organization_id (new_node);
  if (organization_id == NULL)
    organization_id = self->organization_id;
  if (organization_id == NULL)
    organization_id = "-";  /* no grant names an organization: any id will do */

  *old_permissions = vd_permissions_new_from_json (organization_id, old_node, VD_PARSE_TOLERANT,
                                                   NULL, &error);
  if (*old_permissions != NULL)
    *new_permissions = vd_permissions_new_from_json (organization_id, new_node, VD_PARSE_TOLERANT,
                                                     NULL, &error);

  if (*new_permissions == NULL)
    {
      g_debug ("Audit entry %s: grants that do not parse: %s", self->id, error->message);
      g_clear_object (old_permissions);
      return FALSE;
    }

  return TRUE;
}

static char *
dup_member_updated_summary (VdAuditEntry *self,
                            const char   *actor)
{
  JsonObject *metadata = metadata_object (self);
  const char *old_role = lookup_string (lookup_object (metadata, "before"), "role");
  const char *new_role = lookup_string (lookup_object (metadata, "after"), "role");
  g_autoptr(VdPermissions) old_permissions = NULL;
  g_autoptr(VdPermissions) new_permissions = NULL;
  gboolean role_changed = old_role != NULL && new_role != NULL && !g_str_equal (old_role, new_role);
  gboolean permissions_changed = FALSE;

  if (parse_permission_change (self, &old_permissions, &new_permissions))
    permissions_changed = !vd_permissions_equal (old_permissions, new_permissions);

  if (role_changed && permissions_changed)
    /* Translators: the first %s is a person */
    return g_strdup_printf (_("%s changed a member’s role and permissions"), actor);

  if (role_changed)
    /* Translators: the first %s is a person, the others are roles ("member", "admin") */
    return g_strdup_printf (_("%s changed a member’s role from %s to %s"), actor,
                            role_word (old_role), role_word (new_role));

  if (permissions_changed)
    /* Translators: %s is a person */
    return g_strdup_printf (_("%s changed a member’s permissions"), actor);

  /* Translators: %s is a person */
  return g_strdup_printf (_("%s updated a member"), actor);
}

static void
vd_audit_entry_finalize (GObject *object)
{
  VdAuditEntry *self = VD_AUDIT_ENTRY (object);

  g_clear_pointer (&self->organization_id, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->actor_id, g_free);
  g_clear_pointer (&self->actor_name, g_free);
  g_clear_pointer (&self->actor_email, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->entity_type, g_free);
  g_clear_pointer (&self->entity_id, g_free);
  g_clear_pointer (&self->metadata, json_node_unref);
  g_clear_pointer (&self->ip_address, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);

  G_OBJECT_CLASS (vd_audit_entry_parent_class)->finalize (object);
}

static void
vd_audit_entry_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VdAuditEntry *self = VD_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, vd_audit_entry_get_id (self));
      break;

    case PROP_ACTOR_ID:
      g_value_set_string (value, vd_audit_entry_get_actor_id (self));
      break;

    case PROP_ACTOR_NAME:
      g_value_set_string (value, vd_audit_entry_get_actor_name (self));
      break;

    case PROP_ACTOR_EMAIL:
      g_value_set_string (value, vd_audit_entry_get_actor_email (self));
      break;

    case PROP_ACTION:
      g_value_set_string (value, vd_audit_entry_get_action (self));
      break;

    case PROP_ENTITY_TYPE:
      g_value_set_string (value, vd_audit_entry_get_entity_type (self));
      break;

    case PROP_ENTITY_ID:
      g_value_set_string (value, vd_audit_entry_get_entity_id (self));
      break;

    case PROP_METADATA:
      g_value_set_boxed (value, self->metadata);
      break;

    case PROP_IP_ADDRESS:
      g_value_set_string (value, vd_audit_entry_get_ip_address (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_audit_entry_class_init (VdAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vd_audit_entry_finalize;
  object_class->get_property = vd_audit_entry_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_ACTOR_ID] =
    g_param_spec_string ("actor-id", NULL, NULL, NULL, flags);
  properties[PROP_ACTOR_NAME] =
    g_param_spec_string ("actor-name", NULL, NULL, NULL, flags);
  properties[PROP_ACTOR_EMAIL] =
    g_param_spec_string ("actor-email", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_ENTITY_TYPE] =
    g_param_spec_string ("entity-type", NULL, NULL, NULL, flags);
  properties[PROP_ENTITY_ID] =
    g_param_spec_string ("entity-id", NULL, NULL, NULL, flags);
  properties[PROP_METADATA] =
    g_param_spec_boxed ("metadata", NULL, NULL, JSON_TYPE_NODE, flags);
  properties[PROP_IP_ADDRESS] =
    g_param_spec_string ("ip-address", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_audit_entry_init (VdAuditEntry *self)
{
}

/*
 * Public API
 */

VdAuditEntry *
vd_audit_entry_new_from_json (const char  *organization_id,
                              JsonObject  *object,
                              GError     **error)
{
  g_auto(Fields) fields = { 0 };
  VdAuditEntry *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fields_parse (&fields, object, error))
    return NULL;

  self = g_object_new (VD_TYPE_AUDIT_ENTRY, NULL);
  vd_model_set_string (&self->organization_id, organization_id);
  apply_fields (self, &fields, FALSE);

  return self;
}

gboolean
vd_audit_entry_update_from_json (VdAuditEntry  *self,
                                 JsonObject    *object,
                                 GError       **error)
{
  g_auto(Fields) fields = { 0 };

  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!fields_parse (&fields, object, error) ||
      !vd_model_check_same_id (self->id, fields.id, error))
    return FALSE;

  apply_fields (self, &fields, TRUE);
  return TRUE;
}

const char *
vd_audit_entry_get_id (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return VD_MODEL_TEXT (self->id);
}

const char *
vd_audit_entry_get_actor_id (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return VD_MODEL_TEXT (self->actor_id);
}

const char *
vd_audit_entry_get_actor_name (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return VD_MODEL_TEXT (self->actor_name);
}

const char *
vd_audit_entry_get_actor_email (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return VD_MODEL_TEXT (self->actor_email);
}

const char *
vd_audit_entry_get_action (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return VD_MODEL_TEXT (self->action);
}

const char *
vd_audit_entry_get_entity_type (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return VD_MODEL_TEXT (self->entity_type);
}

const char *
vd_audit_entry_get_entity_id (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return VD_MODEL_TEXT (self->entity_id);
}

JsonNode *
vd_audit_entry_get_metadata (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return self->metadata;
}

const char *
vd_audit_entry_get_ip_address (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return VD_MODEL_TEXT (self->ip_address);
}

GDateTime *
vd_audit_entry_get_created_at (VdAuditEntry *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  return self->created_at;
}

char *
vd_audit_entry_dup_summary (VdAuditEntry *self)
{
  JsonObject *metadata;
  const char *actor;
  const char *action;

  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  metadata = metadata_object (self);
  action = VD_MODEL_TEXT (self->action);
  actor = self->actor_name != NULL ? self->actor_name
          /* Translators: who did something when that person's account is gone */
          : _("Someone");

  if (g_str_equal (action, "organization.created"))
    {
      const char *name = lookup_string (metadata, "name");

      if (name != NULL)
        /* Translators: the first %s is a person, the second an organization */
        return g_strdup_printf (_("%s created the organization “%s”"), actor, name);
      /* Translators: %s is a person */
      return g_strdup_printf (_("%s created the organization"), actor);
    }

  if (g_str_equal (action, "organization.updated"))
    {
      const char *old_name = lookup_string (lookup_object (metadata, "before"), "name");
      const char *new_name = lookup_string (lookup_object (metadata, "after"), "name");

      if (old_name != NULL && new_name != NULL)
        /* Translators: the first %s is a person, the others are the old and the new name */
        return g_strdup_printf (_("%s renamed the organization from “%s” to “%s”"),
                                actor, old_name, new_name);
      /* Translators: %s is a person */
      return g_strdup_printf (_("%s updated the organization"), actor);
    }

  if (g_str_equal (action, "organization.ownership_transferred"))
    /* Translators: %s is a person */
    return g_strdup_printf (_("%s transferred the ownership of the organization"), actor);

  if (g_str_equal (action, "project.created"))
    {
      const char *name = lookup_string (metadata, "name");

      if (name != NULL)
        /* Translators: the first %s is a person, the second a project */
        return g_strdup_printf (_("%s created the project “%s”"), actor, name);
      /* Translators: %s is a person */
      return g_strdup_printf (_("%s created a project"), actor);
    }

  if (g_str_equal (action, "member.invited"))
    {
      const char *email = lookup_string (metadata, "email");

      if (email != NULL)
        /* Translators: the first %s is a person, the second an email address */
        return g_strdup_printf (_("%s invited %s"), actor, email);
      /* Translators: %s is a person */
      return g_strdup_printf (_("%s sent an invitation"), actor);
    }

  if (g_str_equal (action, "member.updated"))
    return dup_member_updated_summary (self, actor);

  if (g_str_equal (action, "member.removed"))
    {
      const char *email = lookup_string (metadata, "email");

      if (lookup_boolean (metadata, "left"))
        /* Translators: %s is a person */
        return g_strdup_printf (_("%s left the organization"), actor);
      if (email != NULL)
        /* Translators: the first %s is a person, the second an email address */
        return g_strdup_printf (_("%s removed %s"), actor, email);
      /* Translators: %s is a person */
      return g_strdup_printf (_("%s removed a member"), actor);
    }

  if (g_str_equal (action, "invitation.resent"))
    {
      const char *email = lookup_string (metadata, "email");

      if (email != NULL)
        /* Translators: the first %s is a person, the second an email address */
        return g_strdup_printf (_("%s resent the invitation to %s"), actor, email);
      /* Translators: %s is a person */
      return g_strdup_printf (_("%s resent an invitation"), actor);
    }

  if (g_str_equal (action, "invitation.revoked"))
    {
      const char *email = lookup_string (metadata, "email");

      if (email != NULL)
        /* Translators: the first %s is a person, the second an email address */
        return g_strdup_printf (_("%s revoked the invitation to %s"), actor, email);
      /* Translators: %s is a person */
      return g_strdup_printf (_("%s revoked an invitation"), actor);
    }

  if (g_str_equal (action, "invitation.accepted"))
    /* Translators: %s is a person */
    return g_strdup_printf (_("%s accepted an invitation and joined"), actor);

  if (g_str_equal (action, "invitation.rejected"))
    /* Translators: %s is a person */
    return g_strdup_printf (_("%s rejected an invitation"), actor);

  if (g_str_equal (action, "api_key.created"))
    {
      const char *name = lookup_string (metadata, "name");

      if (name != NULL)
        /* Translators: the first %s is a person, the second the name of an API key */
        return g_strdup_printf (_("%s created the API key “%s”"), actor, name);
      /* Translators: %s is a person */
      return g_strdup_printf (_("%s created an API key"), actor);
    }

  if (g_str_equal (action, "api_key.deleted"))
    {
      const char *name = lookup_string (metadata, "name");

      if (name != NULL)
        /* Translators: the first %s is a person, the second the name of an API key */
        return g_strdup_printf (_("%s deleted the API key “%s”"), actor, name);
      /* Translators: %s is a person */
      return g_strdup_printf (_("%s deleted an API key"), actor);
    }

  /* Translators: an action this version does not know: a person, then the
   * action's code (e.g. "Amelia Hart: project.archived") */
  return g_strdup_printf (_("%s: %s"), actor, action);
}

GPtrArray *
vd_audit_entry_dup_changes (VdAuditEntry     *self,
                            VdNameLookupFunc  project_name,
                            VdNameLookupFunc  folder_name,
                            gpointer          user_data)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(VdPermissions) old_permissions = NULL;
  g_autoptr(VdPermissions) new_permissions = NULL;
  JsonObject *metadata;
  const char *old_role, *new_role;

  g_return_val_if_fail (VD_IS_AUDIT_ENTRY (self), NULL);

  lines = g_ptr_array_new_with_free_func (g_free);

  if (g_strcmp0 (self->action, "member.updated") != 0)
    return g_steal_pointer (&lines);

  metadata = metadata_object (self);
  old_role = lookup_string (lookup_object (metadata, "before"), "role");
  new_role = lookup_string (lookup_object (metadata, "after"), "role");
  if (old_role != NULL && new_role != NULL && !g_str_equal (old_role, new_role))
    /* Translators: a change of role, e.g. "Role: member → admin" */
    g_ptr_array_add (lines, g_strdup_printf (_("Role: %s → %s"),
                                             role_word (old_role), role_word (new_role)));

  if (parse_permission_change (self, &old_permissions, &new_permissions))
    {
      g_autoptr(GPtrArray) diff = vd_permissions_diff (old_permissions, new_permissions,
                                                       project_name, folder_name, user_data);

      for (guint i = 0; i < diff->len; i++)
        g_ptr_array_add (lines, g_steal_pointer (&diff->pdata[i]));
    }

  return g_steal_pointer (&lines);
}
