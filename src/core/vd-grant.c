/* vd-grant.c — one project's grant in the Vidinfra permission model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-grant"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vd-grant.h"

struct _VdGrant
{
  GObject        parent_instance;

  char          *project_id;
  VdAccessLevel  access;
  VdRights       rights[VD_N_RESOURCES];
  gboolean       folders_custom;
  /* folder id → GUINT_TO_POINTER (VdRights); never holds VD_RIGHTS_NONE */
  GHashTable    *folder_rights;
};

G_DEFINE_FINAL_TYPE (VdGrant, vd_grant, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT_ID,
  PROP_ACCESS,
  PROP_FOLDERS_CUSTOM,
  /* One per VdResource, in its order; named by vd_resource_to_string() */
  PROP_FOLDERS,
  PROP_LIVESTREAMS,
  PROP_ANALYTICS,
  PROP_ADVERTISEMENTS,
  PROP_SETTINGS,
  PROP_PLAYERS,
  N_PROPS
};

#define PROP_FOR_RESOURCE(resource) (PROP_FOLDERS + (resource))
G_STATIC_ASSERT (PROP_PLAYERS - PROP_FOLDERS == VD_RESOURCE_PLAYERS);
G_STATIC_ASSERT (N_PROPS - PROP_FOLDERS == VD_N_RESOURCES);

enum {
  FOLDER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const resource_names[VD_N_RESOURCES] = {
  "folders",
  "livestreams",
  "analytics",
  "advertisements",
  "settings",
  "players",
};

static const char * const resource_labels[VD_N_RESOURCES] = {
  N_("Folders"),
  N_("Live streams"),
  N_("Analytics"),
  N_("Advertisements"),
  N_("Settings"),
  N_("Players"),
};

static const struct {
  const char *verb;
  VdRights    bit;
} verbs[] = {
  /* The order in which rights are written back */
  { "write",  VD_RIGHTS_WRITE },
  { "read",   VD_RIGHTS_READ },
  { "delete", VD_RIGHTS_DELETE },
};

G_DEFINE_FLAGS_TYPE (VdRights, vd_rights,
  G_DEFINE_ENUM_VALUE (VD_RIGHTS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (VD_RIGHTS_READ, "read"),
  G_DEFINE_ENUM_VALUE (VD_RIGHTS_WRITE, "write"),
  G_DEFINE_ENUM_VALUE (VD_RIGHTS_DELETE, "delete"))

G_DEFINE_ENUM_TYPE (VdAccessLevel, vd_access_level,
  G_DEFINE_ENUM_VALUE (VD_ACCESS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (VD_ACCESS_FULL, "full"),
  G_DEFINE_ENUM_VALUE (VD_ACCESS_FULL_NO_DELETE, "full-no-delete"),
  G_DEFINE_ENUM_VALUE (VD_ACCESS_CUSTOM, "custom"))

G_DEFINE_ENUM_TYPE (VdResource, vd_resource,
  G_DEFINE_ENUM_VALUE (VD_RESOURCE_FOLDERS, "folders"),
  G_DEFINE_ENUM_VALUE (VD_RESOURCE_LIVESTREAMS, "livestreams"),
  G_DEFINE_ENUM_VALUE (VD_RESOURCE_ANALYTICS, "analytics"),
  G_DEFINE_ENUM_VALUE (VD_RESOURCE_ADVERTISEMENTS, "advertisements"),
  G_DEFINE_ENUM_VALUE (VD_RESOURCE_SETTINGS, "settings"),
  G_DEFINE_ENUM_VALUE (VD_RESOURCE_PLAYERS, "players"))

static VdRights
normalize_rights (VdRights rights)
{
  rights &= VD_RIGHTS_ALL;
  if (rights & (VD_RIGHTS_WRITE | VD_RIGHTS_DELETE))
    rights |= VD_RIGHTS_READ;

  return rights;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Per-folder rights are what counts, and at least one folder has some */
static gboolean
has_folder_list (VdGrant *self)
{
  return self->folders_custom && g_hash_table_size (self->folder_rights) > 0;
}

/* The rights on folders in general (on a folder that is not listed) */
static VdRights
general_folder_rights (VdGrant *self)
{
  return self->folders_custom ? VD_RIGHTS_NONE : self->rights[VD_RESOURCE_FOLDERS];
}

static void
vd_grant_finalize (GObject *object)
{
  VdGrant *self = (VdGrant *)object;

  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->folder_rights, g_hash_table_unref);

  G_OBJECT_CLASS (vd_grant_parent_class)->finalize (object);
}

static void
vd_grant_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  VdGrant *self = VD_GRANT (object);

  switch (prop_id)
    {
    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;

    case PROP_ACCESS:
      g_value_set_enum (value, self->access);
      break;

    case PROP_FOLDERS_CUSTOM:
      g_value_set_boolean (value, self->folders_custom);
      break;

    case PROP_FOLDERS:
    case PROP_LIVESTREAMS:
    case PROP_ANALYTICS:
    case PROP_ADVERTISEMENTS:
    case PROP_SETTINGS:
    case PROP_PLAYERS:
      g_value_set_flags (value, self->rights[prop_id - PROP_FOLDERS]);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_grant_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  VdGrant *self = VD_GRANT (object);

  switch (prop_id)
    {
    case PROP_PROJECT_ID:
      self->project_id = g_value_dup_string (value);
      break;

    case PROP_ACCESS:
      vd_grant_set_access (self, g_value_get_enum (value));
      break;

    case PROP_FOLDERS_CUSTOM:
      vd_grant_set_folders_custom (self, g_value_get_boolean (value));
      break;

    case PROP_FOLDERS:
    case PROP_LIVESTREAMS:
    case PROP_ANALYTICS:
    case PROP_ADVERTISEMENTS:
    case PROP_SETTINGS:
    case PROP_PLAYERS:
      vd_grant_set_rights (self, prop_id - PROP_FOLDERS, g_value_get_flags (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_grant_class_init (VdGrantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vd_grant_finalize;
  object_class->get_property = vd_grant_get_property;
  object_class->set_property = vd_grant_set_property;

  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCESS] =
    g_param_spec_enum ("access", NULL, NULL,
                       VD_TYPE_ACCESS_LEVEL,
                       VD_ACCESS_NONE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_FOLDERS_CUSTOM] =
    g_param_spec_boolean ("folders-custom", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  for (guint r = 0; r < VD_N_RESOURCES; r++)
    properties[PROP_FOR_RESOURCE (r)] =
      g_param_spec_flags (resource_names[r], NULL, NULL,
                          VD_TYPE_RIGHTS,
                          VD_RIGHTS_NONE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VdGrant::folder-changed:
   * @self: the grant
   * @folder_id: the folder whose rights changed
   *
   * Emitted, with the folder id as detail, when the rights on one folder change.
   */
  signals[FOLDER_CHANGED] =
    g_signal_new ("folder-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vd_grant_init (VdGrant *self)
{
  self->folder_rights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

gboolean
vd_rights_parse (const char *text,
                 VdRights   *rights)
{
  VdRights result = VD_RIGHTS_NONE;
  const char *part;

  g_return_val_if_fail (text != NULL, FALSE);

  if (*text == '\0')
    goto done;

  part = text;
  for (;;)
    {
      const char *end = strchr (part, '+');
      gsize len = end != NULL ? (gsize) (end - part) : strlen (part);
      VdRights bit = VD_RIGHTS_NONE;

      for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
        {
          if (strlen (verbs[i].verb) == len && strncmp (verbs[i].verb, part, len) == 0)
            {
              bit = verbs[i].bit;
              break;
            }
        }

      /* Unknown verb, empty part, or the same verb twice */
      if (bit == VD_RIGHTS_NONE || (result & bit) != 0)
        return FALSE;

      result |= bit;

      if (end == NULL)
        break;
      part = end + 1;
    }

done:
  if (rights != NULL)
    *rights = normalize_rights (result);

  return TRUE;
}

char *
vd_rights_to_string (VdRights rights)
{
  GString *string = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      if ((rights & verbs[i].bit) == 0)
        continue;
      if (string->len > 0)
        g_string_append_c (string, '+');
      g_string_append (string, verbs[i].verb);
    }

  return g_string_free (string, FALSE);
}

const char *
vd_resource_to_string (VdResource resource)
{
  g_return_val_if_fail ((guint) resource < VD_N_RESOURCES, NULL);

  return resource_names[resource];
}

gboolean
vd_resource_from_string (const char *name,
                         VdResource *resource)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint r = 0; r < VD_N_RESOURCES; r++)
    {
      if (strcmp (name, resource_names[r]) == 0)
        {
          if (resource != NULL)
            *resource = r;
          return TRUE;
        }
    }

  /* The documented singular (S2 of the API notes) */
  if (strcmp (name, "folder") == 0)
    {
      if (resource != NULL)
        *resource = VD_RESOURCE_FOLDERS;
      return TRUE;
    }

  return FALSE;
}

const char *
vd_resource_get_label (VdResource resource)
{
  g_return_val_if_fail ((guint) resource < VD_N_RESOURCES, NULL);

  return _(resource_labels[resource]);
}

const char *
vd_access_level_get_label (VdAccessLevel level)
{
  switch (level)
    {
    case VD_ACCESS_NONE:
      return _("No access");
    case VD_ACCESS_FULL:
      return _("Full access");
    case VD_ACCESS_FULL_NO_DELETE:
      return _("Full access without delete");
    case VD_ACCESS_CUSTOM:
      return C_("access level", "Custom");
    default:
      g_return_val_if_reached (NULL);
    }
}

VdGrant *
vd_grant_new (const char *project_id)
{
  g_return_val_if_fail (project_id != NULL && *project_id != '\0', NULL);

  return g_object_new (VD_TYPE_GRANT,
                       "project-id", project_id,
                       NULL);
}

const char *
vd_grant_get_project_id (VdGrant *self)
{
  g_return_val_if_fail (VD_IS_GRANT (self), NULL);

  return self->project_id;
}

VdAccessLevel
vd_grant_get_access (VdGrant *self)
{
  g_return_val_if_fail (VD_IS_GRANT (self), VD_ACCESS_NONE);

  return self->access;
}

void
vd_grant_set_access (VdGrant       *self,
                     VdAccessLevel  access)
{
  g_return_if_fail (VD_IS_GRANT (self));
  g_return_if_fail (access <= VD_ACCESS_CUSTOM);

  if (self->access == access)
    return;

  self->access = access;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS]);
}

VdRights
vd_grant_get_rights (VdGrant    *self,
                     VdResource  resource)
{
  g_return_val_if_fail (VD_IS_GRANT (self), VD_RIGHTS_NONE);
  g_return_val_if_fail ((guint) resource < VD_N_RESOURCES, VD_RIGHTS_NONE);

  return self->rights[resource];
}

void
vd_grant_set_rights (VdGrant    *self,
                     VdResource  resource,
                     VdRights    rights)
{
  g_return_if_fail (VD_IS_GRANT (self));
  g_return_if_fail ((guint) resource < VD_N_RESOURCES);
  g_return_if_fail ((rights & ~VD_RIGHTS_ALL) == 0);

  rights = normalize_rights (rights);

  if (self->rights[resource] == rights)
    return;

  self->rights[resource] = rights;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOR_RESOURCE (resource)]);
}

gboolean
vd_grant_get_folders_custom (VdGrant *self)
{
  g_return_val_if_fail (VD_IS_GRANT (self), FALSE);

  return self->folders_custom;
}

void
vd_grant_set_folders_custom (VdGrant  *self,
                             gboolean  folders_custom)
{
  g_return_if_fail (VD_IS_GRANT (self));

  folders_custom = !!folders_custom;

  if (self->folders_custom == folders_custom)
    return;

  self->folders_custom = folders_custom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDERS_CUSTOM]);
}

VdRights
vd_grant_get_folder_rights (VdGrant    *self,
                            const char *folder_id)
{
  g_return_val_if_fail (VD_IS_GRANT (self), VD_RIGHTS_NONE);
  g_return_val_if_fail (folder_id != NULL, VD_RIGHTS_NONE);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->folder_rights, folder_id));
}

void
vd_grant_set_folder_rights (VdGrant    *self,
                            const char *folder_id,
                            VdRights    rights)
{
  g_autofree char *id = NULL;
  VdRights old_rights;

  g_return_if_fail (VD_IS_GRANT (self));
  g_return_if_fail (folder_id != NULL && *folder_id != '\0');
  g_return_if_fail ((rights & ~VD_RIGHTS_ALL) == 0);

  rights = normalize_rights (rights);
  old_rights = GPOINTER_TO_UINT (g_hash_table_lookup (self->folder_rights, folder_id));

  if (old_rights == rights)
    return;

  /* folder_id may be the key that is about to be freed */
  id = g_strdup (folder_id);

  if (rights == VD_RIGHTS_NONE)
    g_hash_table_remove (self->folder_rights, id);
  else
    g_hash_table_insert (self->folder_rights, g_strdup (id), GUINT_TO_POINTER (rights));

  /* Nobody can be connected to a detail whose quark does not exist yet */
  g_signal_emit (self, signals[FOLDER_CHANGED], g_quark_try_string (id), id);
}

char **
vd_grant_dup_folder_ids (VdGrant *self)
{
  g_autoptr(GPtrArray) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (VD_IS_GRANT (self), NULL);

  ids = g_ptr_array_new_full (g_hash_table_size (self->folder_rights) + 1, g_free);

  g_hash_table_iter_init (&iter, self->folder_rights);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));

  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);

  g_ptr_array_set_free_func (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

VdRights
vd_grant_get_effective_rights (VdGrant    *self,
                               VdResource  resource,
                               const char *folder_id)
{
  g_return_val_if_fail (VD_IS_GRANT (self), VD_RIGHTS_NONE);
  g_return_val_if_fail ((guint) resource < VD_N_RESOURCES, VD_RIGHTS_NONE);

  switch (self->access)
    {
    case VD_ACCESS_NONE:
      return VD_RIGHTS_NONE;

    case VD_ACCESS_FULL:
      return VD_RIGHTS_ALL;

    case VD_ACCESS_FULL_NO_DELETE:
      return VD_RIGHTS_WRITE | VD_RIGHTS_READ;

    case VD_ACCESS_CUSTOM:
      break;

    default:
      g_return_val_if_reached (VD_RIGHTS_NONE);
    }

  if (resource != VD_RESOURCE_FOLDERS)
    return self->rights[resource];

  if (!self->folders_custom || folder_id == NULL)
    return general_folder_rights (self);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->folder_rights, folder_id));
}

VdGrant *
vd_grant_copy (VdGrant *self)
{
  VdGrant *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (VD_IS_GRANT (self), NULL);

  copy = vd_grant_new (self->project_id);
  copy->access = self->access;
  copy->folders_custom = self->folders_custom;
  for (guint r = 0; r < VD_N_RESOURCES; r++)
    copy->rights[r] = self->rights[r];

  g_hash_table_iter_init (&iter, self->folder_rights);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->folder_rights, g_strdup (key), value);

  return copy;
}

gboolean
vd_grant_equal (VdGrant *a,
                VdGrant *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (VD_IS_GRANT (a), FALSE);
  g_return_val_if_fail (VD_IS_GRANT (b), FALSE);

  if (a == b)
    return TRUE;

  if (g_strcmp0 (a->project_id, b->project_id) != 0 || a->access != b->access)
    return FALSE;

  /* Rights kept aside while the access is not custom mean nothing */
  if (a->access != VD_ACCESS_CUSTOM)
    return TRUE;

  for (guint r = VD_RESOURCE_FOLDERS + 1; r < VD_N_RESOURCES; r++)
    if (a->rights[r] != b->rights[r])
      return FALSE;

  if (has_folder_list (a) != has_folder_list (b))
    return FALSE;

  if (!has_folder_list (a))
    return general_folder_rights (a) == general_folder_rights (b);

  if (g_hash_table_size (a->folder_rights) != g_hash_table_size (b->folder_rights))
    return FALSE;

  g_hash_table_iter_init (&iter, a->folder_rights);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_lookup (b->folder_rights, key) != value)
      return FALSE;

  return TRUE;
}

void
vd_grant_update_from (VdGrant *self,
                      VdGrant *other)
{
  g_auto(GStrv) old_ids = NULL;
  g_auto(GStrv) new_ids = NULL;

  g_return_if_fail (VD_IS_GRANT (self));
  g_return_if_fail (VD_IS_GRANT (other));
  g_return_if_fail (g_strcmp0 (self->project_id, other->project_id) == 0);

  if (self == other)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  vd_grant_set_access (self, other->access);
  vd_grant_set_folders_custom (self, other->folders_custom);
  for (guint r = 0; r < VD_N_RESOURCES; r++)
    vd_grant_set_rights (self, r, other->rights[r]);

  /* Folders other does not list lose their rights, then other's are copied;
   * each emits "folder-changed" only when its rights really change. */
  old_ids = vd_grant_dup_folder_ids (self);
  for (guint i = 0; old_ids[i] != NULL; i++)
    if (!g_hash_table_contains (other->folder_rights, old_ids[i]))
      vd_grant_set_folder_rights (self, old_ids[i], VD_RIGHTS_NONE);

  new_ids = vd_grant_dup_folder_ids (other);
  for (guint i = 0; new_ids[i] != NULL; i++)
    vd_grant_set_folder_rights (self, new_ids[i],
                                vd_grant_get_folder_rights (other, new_ids[i]));

  g_object_thaw_notify (G_OBJECT (self));
}
