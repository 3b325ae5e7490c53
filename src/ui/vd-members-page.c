/* vd-members-page.c — the members of the organization, as a sortable,
 * searchable column view bound to the store's VdMember objects
 *
 * Every cell is a property binding: when the store updates a member in
 * place, only the cells of what changed redraw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-members-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-members-page.h"

struct _VdMembersPage
{
  AdwBin               parent_instance;

  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkFilterListModel  *filter_model;
  GtkColumnViewColumn *name_column;

  VdOrganizationStore *store;
};

G_DEFINE_FINAL_TYPE (VdMembersPage, vd_members_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
vd_members_page_role_label (gpointer unused,
                            VdRole   role)
{
  return g_strdup (vd_role_get_label (role));
}

/* Owners first, then admins, then members */
int
vd_members_page_role_key (gpointer unused,
                          VdRole   role)
{
  switch (role)
    {
    case VD_ROLE_OWNER: return 0;
    case VD_ROLE_ADMIN: return 1;
    case VD_ROLE_MEMBER: return 2;
    default: return 3;
    }
}

char *
vd_members_page_projects_label (gpointer unused,
                                guint    n_projects,
                                VdRole   role)
{
  if (role == VD_ROLE_OWNER || role == VD_ROLE_ADMIN)
    return g_strdup (_("All projects"));
  if (n_projects == 0)
    return g_strdup (_("No projects"));

  return g_strdup_printf (ngettext ("%u project", "%u projects", n_projects), n_projects);
}

char *
vd_members_page_access_label (gpointer unused,
                              gboolean granted,
                              VdRole   role)
{
  /* Words, not only a colour or an icon */
  if (role == VD_ROLE_OWNER || role == VD_ROLE_ADMIN || granted)
    return g_strdup (C_("permission granted", "Yes"));

  return g_strdup (C_("permission granted", "No"));
}

char *
vd_members_page_date_label (gpointer   unused,
                            GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (date);
  /* The locale's own date format */
  return g_date_time_format (local, "%x");
}

gint64
vd_members_page_joined_key (gpointer   unused,
                            GDateTime *date)
{
  return date ? g_date_time_to_unix (date) : 0;
}

static void
update_visible_page (VdMembersPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  gboolean loading = self->store == NULL ||
                     (vd_organization_store_get_loading (self->store) &&
                      g_list_model_get_n_items (vd_organization_store_get_members (self->store)) == 0);

  if (loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (n == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

VdOrganizationStore *
vd_members_page_get_store (VdMembersPage *self)
{
  g_return_val_if_fail (VD_IS_MEMBERS_PAGE (self), NULL);

  return self->store;
}

void
vd_members_page_set_store (VdMembersPage       *self,
                           VdOrganizationStore *store)
{
  g_return_if_fail (VD_IS_MEMBERS_PAGE (self));
  g_return_if_fail (store == NULL || VD_IS_ORGANIZATION_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);

  gtk_filter_list_model_set_model (self->filter_model,
                                   store ? vd_organization_store_get_members (store) : NULL);
  if (store != NULL)
    g_signal_connect_object (store, "notify::loading", G_CALLBACK (update_visible_page), self,
                             G_CONNECT_SWAPPED);

  update_visible_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdMembersPage *self = VD_MEMBERS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
vd_members_page_dispose (GObject *object)
{
  VdMembersPage *self = VD_MEMBERS_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_MEMBERS_PAGE);

  G_OBJECT_CLASS (vd_members_page_parent_class)->dispose (object);
}

static void
vd_members_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VdMembersPage *self = VD_MEMBERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_members_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VdMembersPage *self = VD_MEMBERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      vd_members_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_members_page_class_init (VdMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();

  object_class->dispose = vd_members_page_dispose;
  object_class->get_property = vd_members_page_get_property;
  object_class->set_property = vd_members_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VD_TYPE_ORGANIZATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The types the template's expressions name */
  g_type_ensure (VD_TYPE_MEMBER);
  g_type_ensure (VD_TYPE_PERMISSIONS);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, name_column);

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "vd_members_page_role_label", G_CALLBACK (vd_members_page_role_label),
                                           "vd_members_page_role_key", G_CALLBACK (vd_members_page_role_key),
                                           "vd_members_page_projects_label", G_CALLBACK (vd_members_page_projects_label),
                                           "vd_members_page_access_label", G_CALLBACK (vd_members_page_access_label),
                                           "vd_members_page_date_label", G_CALLBACK (vd_members_page_date_label),
                                           "vd_members_page_joined_key", G_CALLBACK (vd_members_page_joined_key),
                                           NULL);
  gtk_widget_class_set_template_scope (widget_class, scope);

  gtk_widget_class_install_action (widget_class, "members.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "members.search", NULL);
}

static void
vd_members_page_init (VdMembersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_visible_page), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
  update_visible_page (self);
}
