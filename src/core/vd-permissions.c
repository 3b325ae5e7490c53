/* vd-permissions.c — what a member (or invitation, or API key) may do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-permissions"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vd-permissions.h"
#include "vd-model-private.h"

struct _VdPermissions
{
  GObject     parent_instance;

  char       *organization_id;
  gboolean    billing;
  gboolean    api;
  GHashTable *grants;   /* project id → VdGrant (owned) */
  guint       n_projects;
  guint       projects_hash; /* of the projects with access: tells a swap */
  guint       updating;  /* recount once at the end of an update */
  VdPermissionsChangedFunc changed_func;  /* the holder's, told of changes */
  gpointer    changed_holder;
};

G_DEFINE_FINAL_TYPE (VdPermissions, vd_permissions, G_TYPE_OBJECT)

G_DEFINE_QUARK (vd-grant-error-quark, vd_grant_error)

enum {
  PROP_0,
  PROP_ORGANIZATION_ID,
  PROP_BILLING,
  PROP_API,
  PROP_N_PROJECTS,
  N_PROPS
};

enum {
  GRANT_ADDED,
  PROJECTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define RIGHTS_WRITE_READ (VD_RIGHTS_WRITE | VD_RIGHTS_READ)

/* "n-projects" follows every grant's access */
static void
recount_projects (VdPermissions *self)
{
  GHashTableIter iter;
  gpointer project_id, grant;
  guint n = 0, hash = 0;

  if (self->updating > 0)
    return;

  g_hash_table_iter_init (&iter, self->grants);
  while (g_hash_table_iter_next (&iter, &project_id, &grant))
    if (vd_grant_get_access (grant) != VD_ACCESS_NONE)
      {
        n++;
        hash ^= g_str_hash (project_id);
      }

  if (n == self->n_projects && hash == self->projects_hash)
    return;

  self->projects_hash = hash;
  if (n != self->n_projects)
    {
      self->n_projects = n;
      /* (which tells the holder) */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PROJECTS]);
    }
  else if (self->changed_func != NULL)
    self->changed_func (self->changed_holder);
  g_signal_emit (self, signals[PROJECTS_CHANGED], 0);
}

static void
add_grant (VdPermissions *self,
           const char    *project_id,
           VdGrant       *grant)
{
  g_hash_table_insert (self->grants, g_strdup (project_id), grant);
  g_signal_connect_object (grant, "notify::access", G_CALLBACK (recount_projects), self, G_CONNECT_SWAPPED);
  recount_projects (self);
}

/* Members a grant, a sub-grant and a folder entry may have (strict parsing) */
static const char * const grant_members[] = {
  "entity_id", "entity_type", "name", "action", "permission", NULL
};
static const char * const sub_grant_members[] = {
  "name", "action", "folders", NULL
};
static const char * const folder_members[] = {
  "folder_id", "action", NULL
};

typedef struct
{
  VdParseFlags   flags;
  const char    *organization_id;
  char         **error_field;
  GError       **error;
} ParseContext;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted ids (not copied) of the grants of any access level */
static GPtrArray *
get_all_project_ids (VdPermissions *self)
{
  GPtrArray *ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->grants);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);

  g_ptr_array_sort (ids, compare_strings);

  return ids;
}

static VdAccessLevel
grant_access (VdGrant *grant)
{
  return grant != NULL ? vd_grant_get_access (grant) : VD_ACCESS_NONE;
}

static VdRights
grant_effective_rights (VdGrant    *grant,
                        VdResource  resource,
                        const char *folder_id)
{
  if (grant == NULL)
    return VD_RIGHTS_NONE;

  return vd_grant_get_effective_rights (grant, resource, folder_id);
}

/* The folders a grant lists, when its per-folder rights are what counts */
static char **
dup_listed_folder_ids (VdGrant *grant)
{
  if (grant == NULL ||
      vd_grant_get_access (grant) != VD_ACCESS_CUSTOM ||
      !vd_grant_get_folders_custom (grant))
    return g_new0 (char *, 1);

  return vd_grant_dup_folder_ids (grant);
}

/* A grant with access NONE and no grant mean the same */
static gboolean
grants_equal (VdGrant *a,
              VdGrant *b)
{
  if (grant_access (a) == VD_ACCESS_NONE && grant_access (b) == VD_ACCESS_NONE)
    return TRUE;

  if (a == NULL || b == NULL)
    return FALSE;

  return vd_grant_equal (a, b);
}

/*
 * Parsing
 */

static gboolean parse_fail (ParseContext *ctx,
                            VdGrantError  code,
                            const char   *path,
                            const char   *format,
                            ...) G_GNUC_PRINTF (4, 5);

static gboolean
parse_fail (ParseContext *ctx,
            VdGrantError  code,
            const char   *path,
            const char   *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctx->error_field != NULL)
    *ctx->error_field = g_strdup (path);

  g_set_error_literal (ctx->error, VD_GRANT_ERROR, code, message);

  return FALSE;
}

/* action and folders counted one verb per `+`-part: TRUE when the text names
 * exactly the verbs in rights, without relying on write/delete adding read. */
static gboolean
parse_exact_rights (const char *text,
                    VdRights   *rights)
{
  guint n_parts = 0;
  guint n_rights = 0;

  if (!vd_rights_parse (text, rights))
    return FALSE;

  if (*text != '\0')
    {
      n_parts = 1;
      for (const char *c = text; *c != '\0'; c++)
        if (*c == '+')
          n_parts++;
    }

  for (guint bit = VD_RIGHTS_READ; bit <= VD_RIGHTS_DELETE; bit <<= 1)
    if (*rights & bit)
      n_rights++;

  return n_parts == n_rights;
}

static gboolean
check_known_members (ParseContext       *ctx,
                     JsonObject         *object,
                     const char         *prefix,
                     const char * const *known)
{
  g_autoptr(GList) members = NULL;

  if ((ctx->flags & VD_PARSE_STRICT) == 0)
    return TRUE;

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;

      if (!g_strv_contains (known, member))
        {
          g_autofree char *path = g_strdup_printf ("%s.%s", prefix, member);

          return parse_fail (ctx, VD_GRANT_ERROR_UNKNOWN_FIELD, path,
                             _("Unknown member “%s”"), path);
        }
    }

  return TRUE;
}

/* A string member; a missing one is an error when required, else "". */
static gboolean
get_string_member (ParseContext  *ctx,
                   JsonObject    *object,
                   const char    *prefix,
                   const char    *member,
                   gboolean       required,
                   gboolean       allow_empty,
                   const char   **value)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", prefix, member);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      if (required)
        return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                           _("Missing member “%s”"), path);
      *value = "";
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                       _("“%s” must be a string"), path);

  *value = json_node_get_string (node);

  if (!allow_empty && **value == '\0')
    return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                       _("“%s” must not be empty"), path);

  return TRUE;
}

/* An array member; missing or null gives NULL (no elements). */
static gboolean
get_array_member (ParseContext  *ctx,
                  JsonObject    *object,
                  const char    *prefix,
                  const char    *member,
                  JsonArray    **array)
{
  JsonNode *node = json_object_get_member (object, member);

  *array = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", prefix, member);

      return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                         _("“%s” must be an array"), path);
    }

  *array = json_node_get_array (node);
  return TRUE;
}

static gboolean
check_empty_array (ParseContext *ctx,
                   JsonArray    *array,
                   const char   *prefix,
                   const char   *member,
                   const char   *name)
{
  g_autofree char *path = NULL;

  if (array == NULL || json_array_get_length (array) == 0)
    return TRUE;

  path = g_strdup_printf ("%s.%s", prefix, member);
  return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                     _("“%s” must be empty for a “%s” grant"), path, name);
}

static gboolean
parse_folders (ParseContext *ctx,
               VdGrant      *grant,
               JsonArray    *array,
               const char   *prefix)
{
  g_autoptr(GHashTable) seen = NULL;
  guint n_folders = array != NULL ? json_array_get_length (array) : 0;

  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint k = 0; k < n_folders; k++)
    {
      g_autofree char *folder_prefix = g_strdup_printf ("%s.folders[%u]", prefix, k);
      JsonNode *node = json_array_get_element (array, k);
      JsonObject *object;
      const char *folder_id;
      const char *action = NULL;
      VdRights rights;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return parse_fail (ctx, VD_GRANT_ERROR_INVALID, folder_prefix,
                           _("“%s” must be an object"), folder_prefix);

      object = json_node_get_object (node);

      if (!check_known_members (ctx, object, folder_prefix, folder_members) ||
          !get_string_member (ctx, object, folder_prefix, "folder_id", TRUE, FALSE, &folder_id) ||
          !get_string_member (ctx, object, folder_prefix, "action", FALSE, TRUE, &action))
        return FALSE;

      if (g_hash_table_contains (seen, folder_id))
        {
          g_autofree char *path = g_strdup_printf ("%s.folder_id", folder_prefix);

          return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                             _("Folder “%s” is listed twice"), folder_id);
        }
      g_hash_table_add (seen, (gpointer) folder_id);

      if (!vd_rights_parse (action, &rights))
        {
          g_autofree char *path = g_strdup_printf ("%s.action", folder_prefix);

          return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                             _("Invalid action “%s” at “%s”"), action, path);
        }

      vd_grant_set_folder_rights (grant, folder_id, rights);
    }

  return TRUE;
}

static gboolean
parse_sub_grants (ParseContext *ctx,
                  VdGrant      *grant,
                  JsonArray    *array,
                  const char   *prefix)
{
  gboolean seen[VD_N_RESOURCES] = { FALSE, };
  guint n_sub_grants = array != NULL ? json_array_get_length (array) : 0;

  for (guint j = 0; j < n_sub_grants; j++)
    {
      g_autofree char *sub_prefix = g_strdup_printf ("%s.permission[%u]", prefix, j);
      JsonNode *node = json_array_get_element (array, j);
      JsonObject *object;
      JsonArray *folders;
      const char *name;
      const char *action = NULL;
      VdResource resource;
      VdRights rights;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return parse_fail (ctx, VD_GRANT_ERROR_INVALID, sub_prefix,
                           _("“%s” must be an object"), sub_prefix);

      object = json_node_get_object (node);

      if (!check_known_members (ctx, object, sub_prefix, sub_grant_members) ||
          !get_string_member (ctx, object, sub_prefix, "name", TRUE, FALSE, &name))
        return FALSE;

      if (!vd_resource_from_string (name, &resource))
        {
          g_autofree char *path = g_strdup_printf ("%s.name", sub_prefix);

          return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                             _("Unknown resource “%s”"), name);
        }

      if (seen[resource])
        {
          g_autofree char *path = g_strdup_printf ("%s.name", sub_prefix);

          return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                             _("Resource “%s” is listed twice"), name);
        }
      seen[resource] = TRUE;

      if (!get_string_member (ctx, object, sub_prefix, "action", FALSE, TRUE, &action))
        return FALSE;

      if (resource != VD_RESOURCE_FOLDERS)
        {
          /* Only the folders sub-grant has a folder list */
          if ((ctx->flags & VD_PARSE_STRICT) != 0 && json_object_has_member (object, "folders"))
            {
              g_autofree char *path = g_strdup_printf ("%s.folders", sub_prefix);

              return parse_fail (ctx, VD_GRANT_ERROR_UNKNOWN_FIELD, path,
                                 _("Unknown member “%s”"), path);
            }
        }
      else
        {
          if (!get_array_member (ctx, object, sub_prefix, "folders", &folders))
            return FALSE;

          if (strcmp (action, "custom") == 0)
            {
              vd_grant_set_folders_custom (grant, TRUE);
              if (!parse_folders (ctx, grant, folders, sub_prefix))
                return FALSE;
              continue;
            }

          if (folders != NULL && json_array_get_length (folders) > 0)
            {
              g_autofree char *path = g_strdup_printf ("%s.folders", sub_prefix);

              return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                                 _("“%s” needs the action “custom”"), path);
            }
        }

      if (!vd_rights_parse (action, &rights))
        {
          g_autofree char *path = g_strdup_printf ("%s.action", sub_prefix);

          return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                             _("Invalid action “%s” at “%s”"), action, path);
        }

      vd_grant_set_rights (grant, resource, rights);
    }

  return TRUE;
}

static gboolean
parse_project_grant (VdPermissions *self,
                     ParseContext  *ctx,
                     const char    *prefix,
                     const char    *entity_id,
                     const char    *name,
                     const char    *action,
                     JsonArray     *permission)
{
  g_autoptr(VdGrant) grant = NULL;

  if (g_hash_table_contains (self->grants, entity_id))
    {
      g_autofree char *path = g_strdup_printf ("%s.entity_id", prefix);

      return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                         _("Project “%s” has two grants"), entity_id);
    }

  grant = vd_grant_new (entity_id);

  if (strcmp (name, "full-access") == 0)
    {
      VdRights rights = VD_RIGHTS_NONE;

      if (!parse_exact_rights (action, &rights) ||
          (rights != VD_RIGHTS_ALL && rights != RIGHTS_WRITE_READ))
        {
          g_autofree char *path = g_strdup_printf ("%s.action", prefix);

          return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                             /* Translators: %s is the action the server sent, as it sent it */
                             _("Full access must allow reading and writing, with or without deleting, not “%s”"),
                             action);
        }

      if (!check_empty_array (ctx, permission, prefix, "permission", name))
        return FALSE;

      vd_grant_set_access (grant, rights == VD_RIGHTS_ALL ? VD_ACCESS_FULL
                                                          : VD_ACCESS_FULL_NO_DELETE);
    }
  else if (strcmp (name, "custom") == 0)
    {
      if (*action != '\0')
        {
          g_autofree char *path = g_strdup_printf ("%s.action", prefix);

          return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                             _("A custom grant has an empty action, not “%s”"), action);
        }

      vd_grant_set_access (grant, VD_ACCESS_CUSTOM);

      if (!parse_sub_grants (ctx, grant, permission, prefix))
        return FALSE;
    }
  else
    {
      g_autofree char *path = g_strdup_printf ("%s.name", prefix);

      return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                         _("“%s” is not a project grant"), name);
    }

  add_grant (self, entity_id, g_steal_pointer (&grant));

  return TRUE;
}

static gboolean
parse_organization_grant (VdPermissions *self,
                          ParseContext  *ctx,
                          const char    *prefix,
                          const char    *entity_id,
                          const char    *name,
                          const char    *action,
                          JsonArray     *permission)
{
  VdRights rights = VD_RIGHTS_NONE;
  gboolean *flag;

  if (strcmp (entity_id, ctx->organization_id) != 0)
    {
      g_autofree char *path = g_strdup_printf ("%s.entity_id", prefix);

      return parse_fail (ctx, VD_GRANT_ERROR_UNKNOWN_ENTITY, path,
                         _("“%s” is not this organization"), entity_id);
    }

  if (strcmp (name, "billing") == 0)
    flag = &self->billing;
  else if (strcmp (name, "api") == 0)
    flag = &self->api;
  else
    {
      g_autofree char *path = g_strdup_printf ("%s.name", prefix);

      return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                         _("“%s” is not an organization grant"), name);
    }

  if (*flag)
    {
      g_autofree char *path = g_strdup_printf ("%s.name", prefix);

      return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                         _("The “%s” grant is listed twice"), name);
    }

  if (!parse_exact_rights (action, &rights) ||
      (rights != VD_RIGHTS_NONE && rights != RIGHTS_WRITE_READ))
    {
      g_autofree char *path = g_strdup_printf ("%s.action", prefix);

      return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                         /* Translators: the grant's name ("billing", "api") and the action the server sent */
                         _("The “%s” grant must allow reading and writing, or nothing, not “%s”"),
                         name, action);
    }

  if (!check_empty_array (ctx, permission, prefix, "permission", name))
    return FALSE;

  /* Present means granted; the object is not exposed yet, no notify needed */
  *flag = TRUE;

  return TRUE;
}

static gboolean
parse_grant (VdPermissions *self,
             ParseContext  *ctx,
             JsonNode      *node,
             guint          index)
{
  g_autofree char *prefix = g_strdup_printf ("[%u]", index);
  JsonObject *object;
  JsonArray *permission;
  const char *entity_id;
  const char *entity_type;
  const char *name;
  const char *action = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return parse_fail (ctx, VD_GRANT_ERROR_INVALID, prefix,
                       _("Grant %s must be an object"), prefix);

  object = json_node_get_object (node);

  if (!check_known_members (ctx, object, prefix, grant_members) ||
      !get_string_member (ctx, object, prefix, "entity_id", TRUE, FALSE, &entity_id) ||
      !get_string_member (ctx, object, prefix, "entity_type", TRUE, FALSE, &entity_type) ||
      !get_string_member (ctx, object, prefix, "name", TRUE, FALSE, &name) ||
      !get_string_member (ctx, object, prefix, "action", FALSE, TRUE, &action) ||
      !get_array_member (ctx, object, prefix, "permission", &permission))
    return FALSE;

  if (strcmp (entity_type, "projects") == 0 || strcmp (entity_type, "project") == 0)
    return parse_project_grant (self, ctx, prefix, entity_id, name, action, permission);

  if (strcmp (entity_type, "organizations") == 0 || strcmp (entity_type, "organization") == 0)
    return parse_organization_grant (self, ctx, prefix, entity_id, name, action, permission);

  {
    g_autofree char *path = g_strdup_printf ("%s.entity_type", prefix);

    return parse_fail (ctx, VD_GRANT_ERROR_INVALID, path,
                       _("Unknown entity type “%s”"), entity_type);
  }
}

/*
 * Serialization
 */

static void
add_sub_grant (JsonBuilder *builder,
               VdResource   resource,
               VdRights     rights)
{
  g_autofree char *action = vd_rights_to_string (rights);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, vd_resource_to_string (resource));
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_end_object (builder);
}

static void
add_folders_sub_grant (JsonBuilder *builder,
                       VdGrant     *grant)
{
  g_auto(GStrv) folder_ids = NULL;

  if (!vd_grant_get_folders_custom (grant))
    {
      VdRights rights = vd_grant_get_rights (grant, VD_RESOURCE_FOLDERS);

      if (rights != VD_RIGHTS_NONE)
        add_sub_grant (builder, VD_RESOURCE_FOLDERS, rights);
      return;
    }

  folder_ids = vd_grant_dup_folder_ids (grant);
  if (folder_ids[0] == NULL)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, vd_resource_to_string (VD_RESOURCE_FOLDERS));
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, "custom");
  json_builder_set_member_name (builder, "folders");
  json_builder_begin_array (builder);
  for (guint k = 0; folder_ids[k] != NULL; k++)
    {
      g_autofree char *action = NULL;

      action = vd_rights_to_string (vd_grant_get_folder_rights (grant, folder_ids[k]));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "folder_id");
      json_builder_add_string_value (builder, folder_ids[k]);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, action);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_project_grant (JsonBuilder *builder,
                   VdGrant     *grant)
{
  VdAccessLevel access = vd_grant_get_access (grant);
  const char *name;
  const char *action = NULL;

  switch (access)
    {
    case VD_ACCESS_FULL:
      name = "full-access";
      action = "write+read+delete";
      break;

    case VD_ACCESS_FULL_NO_DELETE:
      name = "full-access";
      action = "write+read";
      break;

    case VD_ACCESS_CUSTOM:
      name = "custom";
      action = "";
      break;

    case VD_ACCESS_NONE:
    default:
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity_id");
  json_builder_add_string_value (builder, vd_grant_get_project_id (grant));
  json_builder_set_member_name (builder, "entity_type");
  json_builder_add_string_value (builder, "projects");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_set_member_name (builder, "permission");
  json_builder_begin_array (builder);
  if (access == VD_ACCESS_CUSTOM)
    {
      add_folders_sub_grant (builder, grant);

      for (guint r = VD_RESOURCE_FOLDERS + 1; r < VD_N_RESOURCES; r++)
        {
          VdRights rights = vd_grant_get_rights (grant, r);

          if (rights != VD_RIGHTS_NONE)
            add_sub_grant (builder, r, rights);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_organization_grant (JsonBuilder *builder,
                        const char  *organization_id,
                        const char  *name)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity_id");
  json_builder_add_string_value (builder, organization_id);
  json_builder_set_member_name (builder, "entity_type");
  json_builder_add_string_value (builder, "organizations");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, "write+read");
  json_builder_set_member_name (builder, "permission");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/*
 * Diff
 */

typedef struct
{
  const char *id;
  const char *name;   /* the looked-up name, or the id */
} NamedId;

static int
compare_named_ids (gconstpointer a,
                   gconstpointer b)
{
  const NamedId *na = a;
  const NamedId *nb = b;
  int ret = g_utf8_collate (na->name, nb->name);

  return ret != 0 ? ret : strcmp (na->id, nb->id);
}

static const char *
lookup_name (VdNameLookupFunc  func,
             const char       *id,
             gpointer          user_data)
{
  const char *name = func != NULL ? func (id, user_data) : NULL;

  return name != NULL ? name : id;
}

/* Lower case, for the middle of a sentence */
static const char *
access_phrase (VdAccessLevel level)
{
  switch (level)
    {
    case VD_ACCESS_NONE:
      return C_("permission change", "no access");
    case VD_ACCESS_FULL:
      return C_("permission change", "full access");
    case VD_ACCESS_FULL_NO_DELETE:
      return C_("permission change", "full access without delete");
    case VD_ACCESS_CUSTOM:
      return C_("permission change", "custom");
    default:
      g_return_val_if_reached ("");
    }
}

/* The rights in words, for people ("read, write and delete"); the wire's
 * "write+read+delete" is vd_rights_to_string ()'s */
static char *
rights_phrase (VdRights rights)
{
  switch (rights & VD_RIGHTS_ALL)
    {
    case VD_RIGHTS_NONE:
      /* Translators: what a member may do with a resource, in a list of changes: "Live streams: none → read and write" */
      return g_strdup (C_("rights", "none"));
    case VD_RIGHTS_READ:
      return g_strdup (C_("rights", "read"));
    case VD_RIGHTS_WRITE:
      return g_strdup (C_("rights", "write"));
    case VD_RIGHTS_DELETE:
      return g_strdup (C_("rights", "delete"));
    case VD_RIGHTS_READ | VD_RIGHTS_WRITE:
      return g_strdup (C_("rights", "read and write"));
    case VD_RIGHTS_READ | VD_RIGHTS_DELETE:
      return g_strdup (C_("rights", "read and delete"));
    case VD_RIGHTS_WRITE | VD_RIGHTS_DELETE:
      return g_strdup (C_("rights", "write and delete"));
    case VD_RIGHTS_ALL:
    default:
      return g_strdup (C_("rights", "read, write and delete"));
    }
}

static void
diff_folders (GPtrArray        *lines,
              const char       *project_name,
              VdGrant          *old_grant,
              VdGrant          *new_grant,
              VdNameLookupFunc  folder_name_func,
              gpointer          user_data)
{
  g_auto(GStrv) old_ids = dup_listed_folder_ids (old_grant);
  g_auto(GStrv) new_ids = dup_listed_folder_ids (new_grant);
  g_autoptr(GArray) folders = g_array_new (FALSE, FALSE, sizeof (NamedId));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  VdRights old_rights;
  VdRights new_rights;

  /* Folders in general (and any folder neither lists) */
  old_rights = grant_effective_rights (old_grant, VD_RESOURCE_FOLDERS, NULL);
  new_rights = grant_effective_rights (new_grant, VD_RESOURCE_FOLDERS, NULL);
  if (old_rights != new_rights)
    {
      g_autofree char *old_text = rights_phrase (old_rights);
      g_autofree char *new_text = rights_phrase (new_rights);

      /* Translators: project, resource, old rights, new rights */
      g_ptr_array_add (lines, g_strdup_printf (_("%s: %s: %s → %s"),
                                               project_name,
                                               vd_resource_get_label (VD_RESOURCE_FOLDERS),
                                               old_text, new_text));
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      char **ids = pass == 0 ? old_ids : new_ids;

      for (guint k = 0; ids[k] != NULL; k++)
        {
          NamedId folder = { ids[k], NULL };

          if (!g_hash_table_add (seen, ids[k]))
            continue;

          folder.name = lookup_name (folder_name_func, ids[k], user_data);
          g_array_append_val (folders, folder);
        }
    }

  g_array_sort (folders, compare_named_ids);

  for (guint k = 0; k < folders->len; k++)
    {
      const NamedId *folder = &g_array_index (folders, NamedId, k);

      old_rights = grant_effective_rights (old_grant, VD_RESOURCE_FOLDERS, folder->id);
      new_rights = grant_effective_rights (new_grant, VD_RESOURCE_FOLDERS, folder->id);
      if (old_rights != new_rights)
        {
          g_autofree char *old_text = rights_phrase (old_rights);
          g_autofree char *new_text = rights_phrase (new_rights);

          /* Translators: project, folder, old rights, new rights */
          g_ptr_array_add (lines, g_strdup_printf (_("%s: folder %s: %s → %s"),
                                                   project_name, folder->name,
                                                   old_text, new_text));
        }
    }
}

static void
diff_project (GPtrArray        *lines,
              const char       *project_name,
              VdGrant          *old_grant,
              VdGrant          *new_grant,
              VdNameLookupFunc  folder_name_func,
              gpointer          user_data)
{
  VdAccessLevel old_access = grant_access (old_grant);
  VdAccessLevel new_access = grant_access (new_grant);

  if (old_access != new_access)
    /* Translators: project, old access level, new access level */
    g_ptr_array_add (lines, g_strdup_printf (_("%s: %s → %s"),
                                             project_name,
                                             access_phrase (old_access),
                                             access_phrase (new_access)));

  /* Custom rights are spelled out, against what the member could do before */
  if (new_access != VD_ACCESS_CUSTOM)
    return;

  diff_folders (lines, project_name, old_grant, new_grant, folder_name_func, user_data);

  for (guint r = VD_RESOURCE_FOLDERS + 1; r < VD_N_RESOURCES; r++)
    {
      VdRights old_rights = grant_effective_rights (old_grant, r, NULL);
      VdRights new_rights = grant_effective_rights (new_grant, r, NULL);
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;

      if (old_rights == new_rights)
        continue;

      old_text = rights_phrase (old_rights);
      new_text = rights_phrase (new_rights);
      g_ptr_array_add (lines, g_strdup_printf (_("%s: %s: %s → %s"),
                                               project_name,
                                               vd_resource_get_label (r),
                                               old_text, new_text));
    }
}

/*
 * GObject
 */

static void
vd_permissions_finalize (GObject *object)
{
  VdPermissions *self = (VdPermissions *)object;

  g_clear_pointer (&self->organization_id, g_free);
  g_clear_pointer (&self->grants, g_hash_table_unref);

  G_OBJECT_CLASS (vd_permissions_parent_class)->finalize (object);
}

static void
vd_permissions_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VdPermissions *self = VD_PERMISSIONS (object);

  switch (prop_id)
    {
    case PROP_ORGANIZATION_ID:
      g_value_set_string (value, self->organization_id);
      break;

    case PROP_BILLING:
      g_value_set_boolean (value, self->billing);
      break;

    case PROP_API:
      g_value_set_boolean (value, self->api);
      break;

    case PROP_N_PROJECTS:
      g_value_set_uint (value, self->n_projects);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_permissions_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VdPermissions *self = VD_PERMISSIONS (object);

  switch (prop_id)
    {
    case PROP_ORGANIZATION_ID:
      self->organization_id = g_value_dup_string (value);
      break;

    case PROP_BILLING:
      vd_permissions_set_billing (self, g_value_get_boolean (value));
      break;

    case PROP_API:
      vd_permissions_set_api (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_permissions_dispatch_properties_changed (GObject     *object,
                                            guint        n_pspecs,
                                            GParamSpec **pspecs)
{
  VdPermissions *self = VD_PERMISSIONS (object);

  G_OBJECT_CLASS (vd_permissions_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);
  if (self->changed_func != NULL)
    self->changed_func (self->changed_holder);
}

static void
vd_permissions_class_init (VdPermissionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispatch_properties_changed = vd_permissions_dispatch_properties_changed;
  object_class->finalize = vd_permissions_finalize;
  object_class->get_property = vd_permissions_get_property;
  object_class->set_property = vd_permissions_set_property;

  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_string ("organization-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_BILLING] =
    g_param_spec_boolean ("billing", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_API] =
    g_param_spec_boolean ("api", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /* How many projects the holder has access to: for summaries that must
   * follow grant changes through notify, like the others */
  properties[PROP_N_PROJECTS] =
    g_param_spec_uint ("n-projects", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VdPermissions::grant-added:
   * @self: the permissions
   * @grant: the new grant, with access NONE
   *
   * Emitted when a project gets a grant object.
   */
  signals[GRANT_ADDED] =
    g_signal_new ("grant-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, VD_TYPE_GRANT);

  /**
   * VdPermissions::projects-changed:
   * @self: the permissions
   *
   * Emitted when the set of projects with some access changes: a project
   * gains access, loses it, or one takes another's place (which leaves
   * #VdPermissions:n-projects as it was). Once per update.
   */
  signals[PROJECTS_CHANGED] =
    g_signal_new ("projects-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
vd_permissions_init (VdPermissions *self)
{
  self->grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/*
 * Public API
 */

VdPermissions *
vd_permissions_new (const char *organization_id)
{
  g_return_val_if_fail (organization_id != NULL && *organization_id != '\0', NULL);

  return g_object_new (VD_TYPE_PERMISSIONS,
                       "organization-id", organization_id,
                       NULL);
}

VdPermissions *
vd_permissions_new_from_json (const char    *organization_id,
                              JsonNode      *node,
                              VdParseFlags   flags,
                              char         **error_field,
                              GError       **error)
{
  g_autoptr(VdPermissions) self = NULL;
  ParseContext ctx = { flags, organization_id, error_field, error };
  JsonArray *array;
  guint n_grants;

  g_return_val_if_fail (organization_id != NULL && *organization_id != '\0', NULL);
  g_return_val_if_fail (error_field == NULL || *error_field == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = vd_permissions_new (organization_id);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_steal_pointer (&self);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      parse_fail (&ctx, VD_GRANT_ERROR_INVALID, "",
                  _("The permissions must be an array of grants"));
      return NULL;
    }

  array = json_node_get_array (node);
  n_grants = json_array_get_length (array);

  for (guint i = 0; i < n_grants; i++)
    if (!parse_grant (self, &ctx, json_array_get_element (array, i), i))
      return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
vd_permissions_to_json (VdPermissions *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (VD_IS_PERMISSIONS (self), NULL);

  builder = json_builder_new ();
  ids = get_all_project_ids (self);

  json_builder_begin_array (builder);

  for (guint i = 0; i < ids->len; i++)
    add_project_grant (builder, g_hash_table_lookup (self->grants, g_ptr_array_index (ids, i)));

  if (self->billing)
    add_organization_grant (builder, self->organization_id, "billing");
  if (self->api)
    add_organization_grant (builder, self->organization_id, "api");

  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

gboolean
vd_permissions_validate (VdPermissions        *self,
                         VdProjectLookupFunc   project_func,
                         VdFolderLookupFunc    folder_func,
                         gpointer              user_data,
                         char                **error_field,
                         GError              **error)
{
  g_auto(GStrv) project_ids = NULL;

  g_return_val_if_fail (VD_IS_PERMISSIONS (self), FALSE);
  g_return_val_if_fail (error_field == NULL || *error_field == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  project_ids = vd_permissions_dup_project_ids (self);

  /* Indexes are those of vd_permissions_to_json(): the grants with access
   * NONE are left out, and the folders sub-grant always comes first. */
  for (guint i = 0; project_ids[i] != NULL; i++)
    {
      VdGrant *grant = g_hash_table_lookup (self->grants, project_ids[i]);
      g_auto(GStrv) folder_ids = NULL;

      if (project_func != NULL && !project_func (project_ids[i], user_data))
        {
          if (error_field != NULL)
            *error_field = g_strdup_printf ("[%u].entity_id", i);
          g_set_error (error, VD_GRANT_ERROR, VD_GRANT_ERROR_UNKNOWN_ENTITY,
                       _("Project “%s” is not in the organization"), project_ids[i]);
          return FALSE;
        }

      if (folder_func == NULL)
        continue;

      folder_ids = dup_listed_folder_ids (grant);
      for (guint k = 0; folder_ids[k] != NULL; k++)
        {
          if (!folder_func (project_ids[i], folder_ids[k], user_data))
            {
              if (error_field != NULL)
                *error_field = g_strdup_printf ("[%u].permission[0].folders[%u].folder_id", i, k);
              g_set_error (error, VD_GRANT_ERROR, VD_GRANT_ERROR_UNKNOWN_ENTITY,
                           _("Folder “%s” is not in project “%s”"),
                           folder_ids[k], project_ids[i]);
              return FALSE;
            }
        }
    }

  return TRUE;
}

const char *
vd_permissions_get_organization_id (VdPermissions *self)
{
  g_return_val_if_fail (VD_IS_PERMISSIONS (self), NULL);

  return self->organization_id;
}

gboolean
vd_permissions_get_billing (VdPermissions *self)
{
  g_return_val_if_fail (VD_IS_PERMISSIONS (self), FALSE);

  return self->billing;
}

void
vd_permissions_set_billing (VdPermissions *self,
                            gboolean       billing)
{
  g_return_if_fail (VD_IS_PERMISSIONS (self));

  billing = !!billing;

  if (self->billing == billing)
    return;

  self->billing = billing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BILLING]);
}

gboolean
vd_permissions_get_api (VdPermissions *self)
{
  g_return_val_if_fail (VD_IS_PERMISSIONS (self), FALSE);

  return self->api;
}

void
vd_permissions_set_api (VdPermissions *self,
                        gboolean       api)
{
  g_return_if_fail (VD_IS_PERMISSIONS (self));

  api = !!api;

  if (self->api == api)
    return;

  self->api = api;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API]);
}

VdGrant *
vd_permissions_lookup_grant (VdPermissions *self,
                             const char    *project_id)
{
  g_return_val_if_fail (VD_IS_PERMISSIONS (self), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);

  return g_hash_table_lookup (self->grants, project_id);
}

guint
vd_permissions_get_n_projects (VdPermissions *self)
{
  g_return_val_if_fail (VD_IS_PERMISSIONS (self), 0);

  return self->n_projects;
}

VdGrant *
vd_permissions_ensure_grant (VdPermissions *self,
                             const char    *project_id)
{
  VdGrant *grant;

  g_return_val_if_fail (VD_IS_PERMISSIONS (self), NULL);
  g_return_val_if_fail (project_id != NULL && *project_id != '\0', NULL);

  grant = g_hash_table_lookup (self->grants, project_id);
  if (grant != NULL)
    return grant;

  grant = vd_grant_new (project_id);
  add_grant (self, project_id, grant);
  g_signal_emit (self, signals[GRANT_ADDED], 0, grant);

  return grant;
}

char **
vd_permissions_dup_project_ids (VdPermissions *self)
{
  g_autoptr(GPtrArray) all_ids = NULL;
  GPtrArray *ids;

  g_return_val_if_fail (VD_IS_PERMISSIONS (self), NULL);

  all_ids = get_all_project_ids (self);
  ids = g_ptr_array_new ();

  for (guint i = 0; i < all_ids->len; i++)
    {
      const char *id = g_ptr_array_index (all_ids, i);

      if (grant_access (g_hash_table_lookup (self->grants, id)) != VD_ACCESS_NONE)
        g_ptr_array_add (ids, g_strdup (id));
    }
  g_ptr_array_add (ids, NULL);

  return (char **) g_ptr_array_free (ids, FALSE);
}

VdRights
vd_permissions_get_project_rights (VdPermissions *self,
                                   const char    *project_id,
                                   VdResource     resource,
                                   const char    *folder_id)
{
  g_return_val_if_fail (VD_IS_PERMISSIONS (self), VD_RIGHTS_NONE);
  g_return_val_if_fail (project_id != NULL, VD_RIGHTS_NONE);

  return grant_effective_rights (g_hash_table_lookup (self->grants, project_id),
                                 resource, folder_id);
}

VdPermissions *
vd_permissions_copy (VdPermissions *self)
{
  VdPermissions *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (VD_IS_PERMISSIONS (self), NULL);

  copy = vd_permissions_new (self->organization_id);
  copy->billing = self->billing;
  copy->api = self->api;

  g_hash_table_iter_init (&iter, self->grants);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_grant (copy, key, vd_grant_copy (value));

  return copy;
}

gboolean
vd_permissions_equal (VdPermissions *a,
                      VdPermissions *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (VD_IS_PERMISSIONS (a), FALSE);
  g_return_val_if_fail (VD_IS_PERMISSIONS (b), FALSE);

  if (a == b)
    return TRUE;

  if (g_strcmp0 (a->organization_id, b->organization_id) != 0 ||
      a->billing != b->billing ||
      a->api != b->api)
    return FALSE;

  g_hash_table_iter_init (&iter, a->grants);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!grants_equal (value, g_hash_table_lookup (b->grants, key)))
      return FALSE;

  /* Grants only b has */
  g_hash_table_iter_init (&iter, b->grants);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (a->grants, key) && grant_access (value) != VD_ACCESS_NONE)
      return FALSE;

  return TRUE;
}

gboolean
vd_permissions_contains (VdPermissions *self,
                         VdPermissions *other)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (VD_IS_PERMISSIONS (self), FALSE);
  g_return_val_if_fail (VD_IS_PERMISSIONS (other), FALSE);

  if (self == other)
    return TRUE;

  if (g_strcmp0 (self->organization_id, other->organization_id) != 0)
    return FALSE;

  if ((other->billing && !self->billing) || (other->api && !self->api))
    return FALSE;

  g_hash_table_iter_init (&iter, other->grants);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      VdGrant *other_grant = value;
      VdGrant *self_grant = g_hash_table_lookup (self->grants, key);
      g_auto(GStrv) folder_ids = NULL;

      if (grant_access (other_grant) == VD_ACCESS_NONE)
        continue;

      /* A grant names the project, so it must be visible to self as well,
       * even when it is a custom grant that gives no rights */
      if (grant_access (self_grant) == VD_ACCESS_NONE)
        return FALSE;

      for (guint r = 0; r < VD_N_RESOURCES; r++)
        {
          VdRights wanted = vd_grant_get_effective_rights (other_grant, r, NULL);

          if ((vd_grant_get_effective_rights (self_grant, r, NULL) & wanted) != wanted)
            return FALSE;
        }

      folder_ids = dup_listed_folder_ids (other_grant);
      for (guint k = 0; folder_ids[k] != NULL; k++)
        {
          VdRights wanted = vd_grant_get_effective_rights (other_grant, VD_RESOURCE_FOLDERS,
                                                           folder_ids[k]);
          VdRights held = vd_grant_get_effective_rights (self_grant, VD_RESOURCE_FOLDERS,
                                                         folder_ids[k]);

          if ((held & wanted) != wanted)
            return FALSE;
        }
    }

  return TRUE;
}

void
vd_permissions_update_from (VdPermissions *self,
                            VdPermissions *other)
{
  g_autoptr(GPtrArray) self_ids = NULL;
  g_autoptr(GPtrArray) other_ids = NULL;

  g_return_if_fail (VD_IS_PERMISSIONS (self));
  g_return_if_fail (VD_IS_PERMISSIONS (other));
  g_return_if_fail (g_strcmp0 (self->organization_id, other->organization_id) == 0);

  if (self == other)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->updating++;

  vd_permissions_set_billing (self, other->billing);
  vd_permissions_set_api (self, other->api);

  /* Grants other does not have go back to their initial state (access NONE);
   * they stay in self so that whoever holds them still sees their changes. */
  self_ids = get_all_project_ids (self);
  for (guint i = 0; i < self_ids->len; i++)
    {
      const char *id = g_ptr_array_index (self_ids, i);

      if (!g_hash_table_contains (other->grants, id))
        {
          g_autoptr(VdGrant) blank = vd_grant_new (id);

          vd_grant_update_from (g_hash_table_lookup (self->grants, id), blank);
        }
    }

  other_ids = get_all_project_ids (other);
  for (guint i = 0; i < other_ids->len; i++)
    {
      const char *id = g_ptr_array_index (other_ids, i);
      VdGrant *other_grant = g_hash_table_lookup (other->grants, id);
      VdGrant *self_grant = g_hash_table_lookup (self->grants, id);

      /* No need for a grant object that would say "no access" */
      if (self_grant == NULL && grant_access (other_grant) == VD_ACCESS_NONE)
        continue;

      vd_grant_update_from (vd_permissions_ensure_grant (self, id), other_grant);
    }

  self->updating--;
  recount_projects (self);
  g_object_thaw_notify (G_OBJECT (self));
}

GPtrArray *
vd_permissions_diff (VdPermissions    *old_permissions,
                     VdPermissions    *new_permissions,
                     VdNameLookupFunc  project_name_func,
                     VdNameLookupFunc  folder_name_func,
                     gpointer          user_data)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GArray) projects = NULL;
  g_autoptr(GHashTable) seen = NULL;
  VdPermissions *both[2] = { old_permissions, new_permissions };

  g_return_val_if_fail (VD_IS_PERMISSIONS (old_permissions), NULL);
  g_return_val_if_fail (VD_IS_PERMISSIONS (new_permissions), NULL);

  lines = g_ptr_array_new_with_free_func (g_free);
  projects = g_array_new (FALSE, FALSE, sizeof (NamedId));
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint p = 0; p < G_N_ELEMENTS (both); p++)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, both[p]->grants);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          NamedId project = { key, NULL };

          if (!g_hash_table_add (seen, key))
            continue;

          project.name = lookup_name (project_name_func, key, user_data);
          g_array_append_val (projects, project);
        }
    }

  g_array_sort (projects, compare_named_ids);

  for (guint i = 0; i < projects->len; i++)
    {
      const NamedId *project = &g_array_index (projects, NamedId, i);

      diff_project (lines, project->name,
                    g_hash_table_lookup (old_permissions->grants, project->id),
                    g_hash_table_lookup (new_permissions->grants, project->id),
                    folder_name_func, user_data);
    }

  if (old_permissions->billing != new_permissions->billing)
    g_ptr_array_add (lines, g_strdup (new_permissions->billing ? _("Billing: granted")
                                                               : _("Billing: revoked")));

  if (old_permissions->api != new_permissions->api)
    g_ptr_array_add (lines, g_strdup (new_permissions->api ? _("API: granted")
                                                           : _("API: revoked")));

  return g_steal_pointer (&lines);
}

void
vd_permissions_set_changed_func (VdPermissions            *self,
                                 VdPermissionsChangedFunc  func,
                                 gpointer                  holder)
{
  g_return_if_fail (VD_IS_PERMISSIONS (self));

  self->changed_func = func;
  self->changed_holder = holder;
}
