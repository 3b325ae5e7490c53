/* vd-permission-editor.c — the projects, billing and API rights of one
 * member (or invitation), edited in place on a VdPermissions
 *
 * Every control is bound to the model, both ways: the billing and API
 * switches to the VdPermissions, and each project's row to that project's
 * VdGrant (its check box and access level to "access", the read / write /
 * delete boxes to the resource properties, the folder boxes through
 * "folder-changed"). Whatever changes the model (the user, a Revert, a
 * reload) shows at once, and the caller compares or applies the object.
 *
 * A project's grant is made with vd_permissions_ensure_grant () when its
 * row is built: access NONE, which is equal to no grant and serializes to
 * nothing, so the object stays equal to what it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-permission-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-folder.h"
#include "vd-permission-editor.h"
#include "vd-ui-util.h"

struct _VdPermissionEditor
{
  AdwBin               parent_instance;

  GtkListBox          *projects_list;
  GtkSwitch           *billing_switch;
  GtkSwitch           *api_switch;

  VdOrganizationStore *store;
  VdPermissions       *permissions;
  GBinding            *billing_binding;
  GBinding            *api_binding;
  GCancellable        *cancellable;
  GHashTable          *folder_names;     /* folder id → name, of the folders loaded */
};

G_DEFINE_FINAL_TYPE (VdPermissionEditor, vd_permission_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PERMISSIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The resources in the order their rows appear: folders last, followed by
 * the per-folder rights */
static const VdResource resource_order[] = {
  VD_RESOURCE_LIVESTREAMS,
  VD_RESOURCE_ANALYTICS,
  VD_RESOURCE_ADVERTISEMENTS,
  VD_RESOURCE_SETTINGS,
  VD_RESOURCE_PLAYERS,
  VD_RESOURCE_FOLDERS,
};

static const VdRights verbs[] = { VD_RIGHTS_READ, VD_RIGHTS_WRITE, VD_RIGHTS_DELETE };

/* The access levels of the combo row, in its order */
static const VdAccessLevel access_levels[] = { VD_ACCESS_FULL, VD_ACCESS_FULL_NO_DELETE, VD_ACCESS_CUSTOM };

static const char *
verb_label (VdRights verb)
{
  switch (verb)
    {
    case VD_RIGHTS_READ: return _("Read");
    case VD_RIGHTS_WRITE: return _("Write");
    case VD_RIGHTS_DELETE: return _("Delete");
    case VD_RIGHTS_NONE:
    default: return "";
    }
}

/* One project's row and what it shows */
typedef struct
{
  VdPermissionEditor *editor;      /* unowned: the rows go with the editor */
  VdProject          *project;
  VdGrant            *grant;
  AdwExpanderRow     *row;         /* unowned: this is its data */
  GtkWidget          *check;
  GtkWidget          *resource_rows[G_N_ELEMENTS (resource_order)];
  GtkWidget          *per_folder_row;
  GtkWidget          *status_row;  /* loading, or the error with Retry */
  GtkWidget          *status_spinner;
  GtkWidget          *retry_button;
  GPtrArray          *folder_rows; /* unowned */
  gboolean            loading;
  gboolean            loaded;
  gboolean            failed;
} ProjectRow;

static void
project_row_free (ProjectRow *pr)
{
  g_clear_object (&pr->project);
  g_clear_object (&pr->grant);
  g_clear_pointer (&pr->folder_rows, g_ptr_array_unref);
  g_free (pr);
}

static void project_row_sync (ProjectRow *pr);

/* Transforms between the grant and the widgets */

static gboolean
access_to_active (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_enum (from) != VD_ACCESS_NONE);
  return TRUE;
}

static gboolean
active_to_access (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_autoptr(GObject) grant = g_binding_dup_source (binding);
  VdAccessLevel current = grant ? vd_grant_get_access (VD_GRANT (grant)) : VD_ACCESS_NONE;

  if (!g_value_get_boolean (from))
    g_value_set_enum (to, VD_ACCESS_NONE);
  else if (current != VD_ACCESS_NONE)
    g_value_set_enum (to, current);
  else
    g_value_set_enum (to, VD_ACCESS_FULL);   /* ticking a project gives full access */

  return TRUE;
}

static gboolean
access_to_label (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  g_value_set_string (to, vd_access_level_get_label (g_value_get_enum (from)));
  return TRUE;
}

static gboolean
access_to_selected (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  VdAccessLevel access = g_value_get_enum (from);

  for (guint i = 0; i < G_N_ELEMENTS (access_levels); i++)
    if (access_levels[i] == access)
      {
        g_value_set_uint (to, i);
        return TRUE;
      }

  /* No access: the combo keeps what it shows */
  return FALSE;
}

static gboolean
selected_to_access (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  g_autoptr(GObject) grant = g_binding_dup_source (binding);
  guint selected = g_value_get_uint (from);

  /* Only a ticked project has a level to choose */
  if (grant == NULL || vd_grant_get_access (VD_GRANT (grant)) == VD_ACCESS_NONE ||
      selected >= G_N_ELEMENTS (access_levels))
    return FALSE;

  g_value_set_enum (to, access_levels[selected]);
  return TRUE;
}

/* user_data of the rights transforms: the resource and the verb */
#define RIGHTS_DATA(resource, verb) GUINT_TO_POINTER (((guint) (resource) << 8) | (guint) (verb))
#define RIGHTS_DATA_RESOURCE(data)  ((VdResource) (GPOINTER_TO_UINT (data) >> 8))
#define RIGHTS_DATA_VERB(data)      ((VdRights) (GPOINTER_TO_UINT (data) & 0xff))

static gboolean
rights_to_active (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_boolean (to, (g_value_get_flags (from) & RIGHTS_DATA_VERB (user_data)) != 0);
  return TRUE;
}

/* Write and delete bring read; taking read away takes them too */
static VdRights
rights_with (VdRights rights,
             VdRights verb,
             gboolean on)
{
  if (on)
    return rights | verb;
  if (verb == VD_RIGHTS_READ)
    return VD_RIGHTS_NONE;
  return rights & ~verb;
}

static gboolean
active_to_rights (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_autoptr(GObject) grant = g_binding_dup_source (binding);
  VdRights current;

  if (grant == NULL)
    return FALSE;

  current = vd_grant_get_rights (VD_GRANT (grant), RIGHTS_DATA_RESOURCE (user_data));
  g_value_set_flags (to, rights_with (current, RIGHTS_DATA_VERB (user_data), g_value_get_boolean (from)));
  return TRUE;
}

/* Read cannot be taken away while write or delete are given: they imply it */
static gboolean
rights_to_read_sensitive (GBinding     *binding,
                          const GValue *from,
                          GValue       *to,
                          gpointer      user_data)
{
  g_value_set_boolean (to, (g_value_get_flags (from) & (VD_RIGHTS_WRITE | VD_RIGHTS_DELETE)) == 0);
  return TRUE;
}

/* The three boxes of a row, in a box for the row's suffix; what they are
 * about (the resource or folder) is their accessible description */
static GtkWidget *
rights_box_new (GtkWidget  *checks[3],
                const char *about)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      checks[i] = gtk_check_button_new_with_label (verb_label (verbs[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (checks[i]),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, about,
                                      -1);
      gtk_box_append (GTK_BOX (box), checks[i]);
    }

  return box;
}

/* Per-folder rights */

static void
folder_check_toggled_cb (GtkCheckButton *check,
                         ProjectRow     *pr)
{
  const char *folder_id = g_object_get_data (G_OBJECT (check), "folder-id");
  VdRights verb = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "verb"));
  VdRights current = vd_grant_get_folder_rights (pr->grant, folder_id);

  vd_grant_set_folder_rights (pr->grant, folder_id,
                              rights_with (current, verb, gtk_check_button_get_active (check)));
}

static void
folder_row_sync (GtkWidget *folder_row,
                 VdGrant   *grant)
{
  const char *folder_id = g_object_get_data (G_OBJECT (folder_row), "folder-id");
  GtkWidget **checks = g_object_get_data (G_OBJECT (folder_row), "checks");
  VdRights rights = vd_grant_get_folder_rights (grant, folder_id);

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (checks[i]), (rights & verbs[i]) != 0);
  gtk_widget_set_sensitive (checks[0], (rights & (VD_RIGHTS_WRITE | VD_RIGHTS_DELETE)) == 0);
}

static void
folder_changed_cb (VdGrant    *grant,
                   const char *folder_id,
                   GtkWidget  *folder_row)
{
  folder_row_sync (folder_row, grant);
}

/* The names of a folder's ancestors, "Campaigns / Spring 2026" */
static char *
folder_path (GHashTable *by_id,
             VdFolder   *folder)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) path = g_string_new (NULL);
  VdFolder *parent = folder;
  guint depth = 0;

  while ((parent = g_hash_table_lookup (by_id, vd_folder_get_parent_id (parent) ? vd_folder_get_parent_id (parent) : "")) != NULL &&
         depth++ < 32)
    g_ptr_array_insert (names, 0, (gpointer) vd_folder_get_name (parent));

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (path, " / ");
      g_string_append (path, names->pdata[i]);
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}

static int
compare_folders (gconstpointer a,
                 gconstpointer b)
{
  VdFolder *fa = *(VdFolder **) a;
  VdFolder *fb = *(VdFolder **) b;
  int result = g_utf8_collate (vd_folder_get_name (fa), vd_folder_get_name (fb));

  return result != 0 ? result : g_strcmp0 (vd_folder_get_id (fa), vd_folder_get_id (fb));
}

/* Depth first, each level by name: a folder right after its parent */
static void
append_tree (GPtrArray  *ordered,
             GHashTable *children,
             const char *parent_id,
             guint       depth)
{
  GPtrArray *level = g_hash_table_lookup (children, parent_id);

  if (level == NULL || depth > 32)
    return;

  g_ptr_array_sort (level, compare_folders);
  for (guint i = 0; i < level->len; i++)
    {
      g_ptr_array_add (ordered, level->pdata[i]);
      append_tree (ordered, children, vd_folder_get_id (level->pdata[i]), depth + 1);
    }
}

static GtkWidget *
folder_row_new (ProjectRow *pr,
                VdFolder   *folder,
                const char *path)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget **checks = g_new0 (GtkWidget *, G_N_ELEMENTS (verbs));
  GtkWidget *box = rights_box_new (checks, vd_folder_get_name (folder));
  g_autofree char *detailed = g_strconcat ("folder-changed::", vd_folder_get_id (folder), NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vd_folder_get_name (folder));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (path != NULL && *path != '\0')
    {
      g_autofree char *subtitle = g_strdup_printf (_("In %s"), path);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("folder-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "folder-id", g_strdup (vd_folder_get_id (folder)), g_free);
  g_object_set_data_full (G_OBJECT (row), "checks", checks, g_free);
  folder_row_sync (row, pr->grant);

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_object_set_data_full (G_OBJECT (checks[i]), "folder-id", g_strdup (vd_folder_get_id (folder)), g_free);
      g_object_set_data (G_OBJECT (checks[i]), "verb", GUINT_TO_POINTER (verbs[i]));
      g_signal_connect (checks[i], "toggled", G_CALLBACK (folder_check_toggled_cb), pr);
    }
  g_signal_connect_object (pr->grant, detailed, G_CALLBACK (folder_changed_cb), row, 0);

  return row;
}

static void
folders_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdwExpanderRow) row = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) folders = vd_organization_store_load_folders_finish (VD_ORGANIZATION_STORE (object),
                                                                             result, &error);
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GHashTable) children = NULL;
  g_autoptr(GPtrArray) ordered = NULL;
  ProjectRow *pr;
  guint n;

  if (vd_ui_is_cancelled (error))
    return;

  pr = g_object_get_data (G_OBJECT (row), "project-row");
  if (pr == NULL)
    return;
  pr->loading = FALSE;

  if (folders == NULL)
    {
      pr->failed = TRUE;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (pr->status_row), _("The folders could not be loaded"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->status_row), error->message);
      project_row_sync (pr);
      return;
    }

  pr->loaded = TRUE;
  pr->failed = FALSE;

  n = g_list_model_get_n_items (folders);
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  ordered = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      VdFolder *folder = g_list_model_get_item (folders, i);

      g_ptr_array_add (ordered, folder);   /* holds the reference */
      g_hash_table_insert (by_id, (gpointer) vd_folder_get_id (folder), folder);
      g_hash_table_insert (pr->editor->folder_names, g_strdup (vd_folder_get_id (folder)),
                           g_strdup (vd_folder_get_name (folder)));
    }

  /* Top-level folders, and those whose parent is not listed, under "" */
  for (guint i = 0; i < n; i++)
    {
      VdFolder *folder = ordered->pdata[i];
      const char *parent_id = vd_folder_get_parent_id (folder);
      const char *key = parent_id != NULL && g_hash_table_contains (by_id, parent_id) ? parent_id : "";
      GPtrArray *level = g_hash_table_lookup (children, key);

      if (level == NULL)
        g_hash_table_insert (children, (gpointer) key, (level = g_ptr_array_new ()));
      g_ptr_array_add (level, folder);
    }

  {
    g_autoptr(GPtrArray) tree = g_ptr_array_new ();

    append_tree (tree, children, "", 0);
    for (guint i = 0; i < tree->len; i++)
      {
        g_autofree char *path = folder_path (by_id, tree->pdata[i]);
        GtkWidget *folder_row = folder_row_new (pr, tree->pdata[i], path);

        g_ptr_array_add (pr->folder_rows, folder_row);
        adw_expander_row_add_row (pr->row, folder_row);
      }
  }

  if (n == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (pr->status_row), _("This project has no folders yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->status_row), "");
    }

  project_row_sync (pr);
}

static void
project_row_load_folders (ProjectRow *pr)
{
  VdPermissionEditor *self = pr->editor;

  if (pr->loading || self->store == NULL)
    return;

  pr->loading = TRUE;
  pr->failed = FALSE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (pr->status_row), _("Loading folders…"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->status_row), "");
  vd_organization_store_load_folders_async (self->store, pr->project, self->cancellable,
                                            folders_loaded_cb, g_object_ref (pr->row));
}

static void
retry_clicked_cb (GtkButton  *button,
                  ProjectRow *pr)
{
  project_row_load_folders (pr);
  project_row_sync (pr);
}

/* Shows the rows that fit the grant's state; loads the folders the first
 * time per-folder rights are shown */
static void
project_row_sync (ProjectRow *pr)
{
  VdAccessLevel access = vd_grant_get_access (pr->grant);
  gboolean custom = access == VD_ACCESS_CUSTOM;
  gboolean per_folder = custom && vd_grant_get_folders_custom (pr->grant);
  gboolean expanded = adw_expander_row_get_expanded (pr->row);

  for (guint i = 0; i < G_N_ELEMENTS (resource_order); i++)
    gtk_widget_set_visible (pr->resource_rows[i],
                            custom && (resource_order[i] != VD_RESOURCE_FOLDERS || !per_folder));
  gtk_widget_set_visible (pr->per_folder_row, custom);

  if (per_folder && expanded && !pr->loaded && !pr->loading && !pr->failed)
    project_row_load_folders (pr);

  gtk_widget_set_visible (pr->status_row,
                          per_folder && (pr->loading || pr->failed || (pr->loaded && pr->folder_rows->len == 0)));
  gtk_widget_set_visible (pr->status_spinner, pr->loading);
  gtk_spinner_set_spinning (GTK_SPINNER (pr->status_spinner), pr->loading);
  gtk_widget_set_visible (pr->retry_button, pr->failed);
  for (guint i = 0; i < pr->folder_rows->len; i++)
    gtk_widget_set_visible (pr->folder_rows->pdata[i], per_folder);
}

static void
project_row_sync_cb (GObject    *object,
                     GParamSpec *pspec,
                     GtkWidget  *row)
{
  ProjectRow *pr = g_object_get_data (G_OBJECT (row), "project-row");

  if (pr != NULL)
    project_row_sync (pr);
}

static void
project_name_changed_cb (VdProject  *project,
                         GParamSpec *pspec,
                         GtkWidget  *check)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, vd_project_get_name (project),
                                  -1);
}

static GtkWidget *
create_project_row (gpointer item,
                    gpointer user_data)
{
  VdPermissionEditor *self = user_data;
  VdProject *project = item;
  ProjectRow *pr = g_new0 (ProjectRow, 1);
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);
  GtkWidget *status_box;

  pr->editor = self;
  pr->project = g_object_ref (project);
  pr->grant = g_object_ref (vd_permissions_ensure_grant (self->permissions, vd_project_get_id (project)));
  pr->folder_rows = g_ptr_array_new ();
  pr->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  g_object_set_data_full (G_OBJECT (pr->row), "project-row", pr, (GDestroyNotify) project_row_free);

  g_object_bind_property (project, "name", pr->row, "title", G_BINDING_SYNC_CREATE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (pr->row), FALSE);
  g_object_bind_property_full (pr->grant, "access", pr->row, "subtitle", G_BINDING_SYNC_CREATE,
                               access_to_label, NULL, NULL, NULL);
  g_object_bind_property_full (pr->grant, "access", pr->row, "enable-expansion", G_BINDING_SYNC_CREATE,
                               access_to_active, NULL, NULL, NULL);

  /* The check box, named by the project */
  pr->check = gtk_check_button_new ();
  gtk_widget_set_valign (pr->check, GTK_ALIGN_CENTER);
  project_name_changed_cb (project, NULL, pr->check);
  g_signal_connect_object (project, "notify::name", G_CALLBACK (project_name_changed_cb), pr->check, 0);
  g_object_bind_property_full (pr->grant, "access", pr->check, "active",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               access_to_active, active_to_access, NULL, NULL);
  adw_expander_row_add_prefix (pr->row, pr->check);

  /* The access level */
  for (guint i = 0; i < G_N_ELEMENTS (access_levels); i++)
    gtk_string_list_append (levels, vd_access_level_get_label (access_levels[i]));
  {
    GtkWidget *access_row = adw_combo_row_new ();

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (access_row), _("Access Level"));
    adw_combo_row_set_model (ADW_COMBO_ROW (access_row), G_LIST_MODEL (levels));
    g_object_bind_property_full (pr->grant, "access", access_row, "selected",
                                 G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                 access_to_selected, selected_to_access, NULL, NULL);
    adw_expander_row_add_row (pr->row, access_row);
  }

  /* Custom: read, write and delete per resource */
  for (guint i = 0; i < G_N_ELEMENTS (resource_order); i++)
    {
      VdResource resource = resource_order[i];
      const char *property = vd_resource_to_string (resource);
      GtkWidget *checks[3];
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vd_resource_get_label (resource));
      if (resource == VD_RESOURCE_FOLDERS)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Every folder of the project"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), rights_box_new (checks, vd_resource_get_label (resource)));

      for (guint v = 0; v < G_N_ELEMENTS (verbs); v++)
        g_object_bind_property_full (pr->grant, property, checks[v], "active",
                                     G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                     rights_to_active, active_to_rights,
                                     RIGHTS_DATA (resource, verbs[v]), NULL);
      g_object_bind_property_full (pr->grant, property, checks[0], "sensitive", G_BINDING_SYNC_CREATE,
                                   rights_to_read_sensitive, NULL, NULL, NULL);

      pr->resource_rows[i] = row;
      adw_expander_row_add_row (pr->row, row);
    }

  /* Custom folders: rights per folder instead */
  {
    GtkWidget *toggle = gtk_switch_new ();

    pr->per_folder_row = adw_action_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (pr->per_folder_row), _("Rights per Folder"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->per_folder_row),
                                 _("Give access to some folders only"));
    gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
    gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rights per Folder"),
                                    -1);
    adw_action_row_add_suffix (ADW_ACTION_ROW (pr->per_folder_row), toggle);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (pr->per_folder_row), toggle);
    g_object_bind_property (pr->grant, "folders-custom", toggle, "active",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    adw_expander_row_add_row (pr->row, pr->per_folder_row);
  }

  /* Loading the folders, or why they did not load */
  pr->status_row = adw_action_row_new ();
  status_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (status_box, GTK_ALIGN_CENTER);
  pr->status_spinner = gtk_spinner_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (pr->status_spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading folders"),
                                  -1);
  pr->retry_button = gtk_button_new_with_mnemonic (_("_Retry"));
  vd_ui_button_name_from_text (GTK_BUTTON (pr->retry_button));
  g_signal_connect (pr->retry_button, "clicked", G_CALLBACK (retry_clicked_cb), pr);
  gtk_box_append (GTK_BOX (status_box), pr->status_spinner);
  gtk_box_append (GTK_BOX (status_box), pr->retry_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (pr->status_row), status_box);
  adw_expander_row_add_row (pr->row, pr->status_row);

  g_signal_connect_object (pr->grant, "notify::access", G_CALLBACK (project_row_sync_cb), pr->row, 0);
  g_signal_connect_object (pr->grant, "notify::folders-custom", G_CALLBACK (project_row_sync_cb), pr->row, 0);
  g_signal_connect (pr->row, "notify::expanded", G_CALLBACK (project_row_sync_cb), pr->row);
  project_row_sync (pr);

  return GTK_WIDGET (pr->row);
}

static void
rebuild (VdPermissionEditor *self)
{
  g_clear_pointer (&self->billing_binding, g_binding_unbind);
  g_clear_pointer (&self->api_binding, g_binding_unbind);

  if (self->permissions != NULL)
    {
      self->billing_binding = g_object_bind_property (self->permissions, "billing", self->billing_switch, "active",
                                                      G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      self->api_binding = g_object_bind_property (self->permissions, "api", self->api_switch, "active",
                                                  G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->billing_switch), self->permissions != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->api_switch), self->permissions != NULL);

  /* Rows are made for a store and a permissions object together */
  gtk_list_box_bind_model (self->projects_list,
                           self->store != NULL && self->permissions != NULL
                             ? vd_organization_store_get_projects (self->store) : NULL,
                           create_project_row, self, NULL);
}

void
vd_permission_editor_set_store (VdPermissionEditor  *self,
                                VdOrganizationStore *store)
{
  g_return_if_fail (VD_IS_PERMISSION_EDITOR (self));
  g_return_if_fail (store == NULL || VD_IS_ORGANIZATION_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

VdOrganizationStore *
vd_permission_editor_get_store (VdPermissionEditor *self)
{
  g_return_val_if_fail (VD_IS_PERMISSION_EDITOR (self), NULL);

  return self->store;
}

void
vd_permission_editor_set_permissions (VdPermissionEditor *self,
                                      VdPermissions      *permissions)
{
  g_return_if_fail (VD_IS_PERMISSION_EDITOR (self));
  g_return_if_fail (permissions == NULL || VD_IS_PERMISSIONS (permissions));

  if (self->permissions == permissions)
    return;

  /* The old rows' bindings go with them */
  g_clear_pointer (&self->billing_binding, g_binding_unbind);
  g_clear_pointer (&self->api_binding, g_binding_unbind);
  g_set_object (&self->permissions, permissions);

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERMISSIONS]);
}

VdPermissions *
vd_permission_editor_get_permissions (VdPermissionEditor *self)
{
  g_return_val_if_fail (VD_IS_PERMISSION_EDITOR (self), NULL);

  return self->permissions;
}

const char *
vd_permission_editor_lookup_folder_name (VdPermissionEditor *self,
                                         const char         *folder_id)
{
  g_return_val_if_fail (VD_IS_PERMISSION_EDITOR (self), NULL);

  return folder_id ? g_hash_table_lookup (self->folder_names, folder_id) : NULL;
}

static void
vd_permission_editor_dispose (GObject *object)
{
  VdPermissionEditor *self = VD_PERMISSION_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->billing_binding, g_binding_unbind);
  g_clear_pointer (&self->api_binding, g_binding_unbind);
  if (self->projects_list != NULL)
    gtk_list_box_bind_model (self->projects_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_PERMISSION_EDITOR);
  g_clear_object (&self->permissions);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vd_permission_editor_parent_class)->dispose (object);
}

static void
vd_permission_editor_finalize (GObject *object)
{
  VdPermissionEditor *self = VD_PERMISSION_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->folder_names, g_hash_table_unref);

  G_OBJECT_CLASS (vd_permission_editor_parent_class)->finalize (object);
}

static void
vd_permission_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VdPermissionEditor *self = VD_PERMISSION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PERMISSIONS:
      g_value_set_object (value, self->permissions);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_permission_editor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VdPermissionEditor *self = VD_PERMISSION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      vd_permission_editor_set_store (self, g_value_get_object (value));
      break;

    case PROP_PERMISSIONS:
      vd_permission_editor_set_permissions (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_permission_editor_class_init (VdPermissionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vd_permission_editor_dispose;
  object_class->finalize = vd_permission_editor_finalize;
  object_class->get_property = vd_permission_editor_get_property;
  object_class->set_property = vd_permission_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VD_TYPE_ORGANIZATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERMISSIONS] =
    g_param_spec_object ("permissions", NULL, NULL, VD_TYPE_PERMISSIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-permission-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VdPermissionEditor, projects_list);
  gtk_widget_class_bind_template_child (widget_class, VdPermissionEditor, billing_switch);
  gtk_widget_class_bind_template_child (widget_class, VdPermissionEditor, api_switch);
}

static void
vd_permission_editor_init (VdPermissionEditor *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->folder_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  placeholder = gtk_label_new (_("This organization has no projects yet. Projects you create appear here."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_justify (GTK_LABEL (placeholder), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->projects_list, placeholder);

  rebuild (self);
}
