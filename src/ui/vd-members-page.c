/* vd-members-page.c — the members of the organization, as a sortable,
 * searchable, filterable column view bound to the store's VdMember objects,
 * with bulk changes of the selected members and an export as CSV
 *
 * Every cell is a property binding: when the store updates a member in
 * place, only the cells of what changed redraw. The filters run
 * incrementally, so that a list of 100,000 members stays responsive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-members-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vd-member-editor.h"
#include "vd-member-list.h"
#include "vd-member-scroller.h"
#include "vd-member-window.h"
#include "vd-text-cell.h"
#include "vd-members-page.h"
#include "vd-ui-util.h"
#include "vd-window.h"

/* How many names a confirmation lists before "and N more" */
#define MAX_NAMES 5
/* How many failures the report lists before "and N more" */
#define MAX_FAILURES 8
/* Rows of CSV built per idle callback */
#define EXPORT_SLICE 2000

typedef enum
{
  BULK_ROLE,
  BULK_GRANT,
  BULK_REVOKE,
  BULK_REMOVE,
} BulkKind;

typedef struct _BulkRun BulkRun;
static void bulk_run_release (BulkRun *run);

struct _VdMembersPage
{
  AdwBin               parent_instance;

  GtkSearchEntry      *search_entry;
  GtkDropDown         *role_dropdown;
  GtkDropDown         *project_dropdown;
  GtkInscription      *count_label;        /* its text changes lay out nothing */
  GtkStack            *stack;
  GtkSpinner          *spinner;            /* over the table, while it loads */
  GtkColumnView       *column_view;
  VdMemberList        *list;               /* sorted, filtered, selected */
  VdMemberWindow      *window;             /* the rows of it on screen */
  VdMemberScroller    *scroller;           /* moves them */
  GtkScrollbar        *scrollbar;
  GSettings           *settings;           /* the sort, kept; NULL without the schema */
  gboolean             at_start;           /* the table shows its first column */
  guint                scroll_id;
  guint                step_id;     /* tick: the list's next rows */
  guint                step_n_shown;  /* the list's length at the last tick */
  gboolean             step_waited;   /* the last tick added no rows for it */
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *email_column;
  GtkColumnViewColumn *role_column;
  GtkColumnViewColumn *projects_column;
  GtkColumnViewColumn *billing_column;
  GtkColumnViewColumn *api_column;
  GtkColumnViewColumn *joined_column;
  GtkActionBar        *bulk_bar;
  GtkLabel            *selected_label;
  GtkProgressBar      *progress_bar;

  GListStore          *project_sections;   /* "All Projects", then the store's projects */

  VdOrganizationStore *store;
  GCancellable        *cancellable;
  char                *user_id;            /* the signed-in person, once known */
  VdMember            *me;                 /* their membership, once found */
  BulkRun             *run;                /* the bulk change under way */
  GtkWidget           *dialog;             /* the open confirmation or report */
  GtkNativeDialog     *file_chooser;
};

G_DEFINE_FINAL_TYPE (VdMembersPage, vd_members_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_bulk_bar (VdMembersPage *self);

/* Formatters */

/* A small tag, tinted by role (the text says the role: not colour alone) */
static VdTextCellTone
role_tone (VdRole role)
{
  switch (role)
    {
    case VD_ROLE_OWNER: return VD_TEXT_CELL_TONE_ACCENT;
    case VD_ROLE_ADMIN: return VD_TEXT_CELL_TONE_WARNING;
    default: return VD_TEXT_CELL_TONE_NORMAL;
    }
}

static char *
projects_text (guint  n_projects,
               VdRole role)
{
  if (vd_role_manages (role))
    return g_strdup (_("All projects"));
  if (n_projects == 0)
    return g_strdup (_("No projects"));

  return g_strdup_printf (ngettext ("%u project", "%u projects", n_projects), n_projects);
}

static const char *
access_text (gboolean granted,
             VdRole   role)
{
  /* Words and an icon, not only a colour */
  if (vd_role_manages (role) || granted)
    return C_("permission granted", "Yes");

  return C_("permission granted", "No");
}

static const char *
access_icon_name (gboolean granted,
                  VdRole   role)
{
  return vd_role_manages (role) || granted ? "object-select-symbolic" : "action-unavailable-symbolic";
}

static char *
date_text (GDateTime *date)
{
  static GTimeZone *local_zone;
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup ("");

  /* The local time zone, once: GLib looks for a new one at every call,
   * with a stat () of /etc/localtime (this runs for each row's date) */
  if (g_once_init_enter (&local_zone))
    g_once_init_leave (&local_zone, g_time_zone_new_local ());
  local = g_date_time_to_timezone (date, local_zone);
  /* The locale's own date format */
  return g_date_time_format (local, "%x");
}

/* Who is asking */

/* Looks for the signed-in person's membership among @n_items members from
 * @position: once when their id comes, then in each page of members that
 * comes after, so that it never scans the whole list twice */
static void
find_me (VdMembersPage *self,
         guint          position,
         guint          n_items)
{
  GListModel *members;

  if (self->me != NULL || self->user_id == NULL || self->store == NULL)
    return;

  members = vd_organization_store_get_members (self->store);
  for (guint i = position; i < position + n_items; i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (members, i);

      if (member != NULL && g_strcmp0 (vd_member_get_user_id (member), self->user_id) == 0)
        {
          self->me = g_steal_pointer (&member);
          break;
        }
    }
}

static VdRole
caller_role (VdMembersPage *self)
{
  return self->me != NULL ? vd_member_get_role (self->me) : VD_ROLE_UNKNOWN;
}

static void
profile_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VdMembersPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  JsonObject *answer, *user;

  if (vd_ui_is_cancelled (error))
    return;

  if (root == NULL)
    {
      /* The bulk actions stay off: without knowing who asks, they could
       * remove the person asking */
      g_warning ("Cannot tell who is signed in: %s", error->message);
      return;
    }

  answer = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  user = answer && json_object_has_member (answer, "result") &&
         JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "result"))
    ? json_object_get_object_member (answer, "result") : NULL;
  if (user == NULL || json_object_get_string_member_with_default (user, "id", NULL) == NULL)
    return;

  g_free (self->user_id);
  self->user_id = g_strdup (json_object_get_string_member (user, "id"));
  g_clear_object (&self->me);
  if (self->store != NULL)
    find_me (self, 0, g_list_model_get_n_items (vd_organization_store_get_members (self->store)));
  update_bulk_bar (self);
}


/* The cells, built in code (a GtkBuilderListItemFactory parses its XML for
 * every row it creates) and bound by hand rather than with GtkExpressions:
 * when a new order, a search or a scroll gives every row on screen another
 * member, each cell here swaps two signal handlers and sets what changed,
 * where the expression watches of ~20 bindings a row cost several times
 * that. A cell follows its row's member (VdMemberRow:member) and that
 * member's notifications, so an in-place update redraws only the cells
 * that changed. */

typedef enum {
  CELL_NAME,
  CELL_EMAIL,
  CELL_ROLE,
  CELL_PROJECTS,
  CELL_BILLING,
  CELL_API,
  CELL_JOINED,
} CellKind;

typedef struct
{
  CellKind       kind;
  VdTextCell    *text;
  VdMemberRow   *row;
  VdMember      *member;
  VdPermissions *permissions;
  gulong         row_handler;
  gulong         member_handler;
  gulong         permissions_handler;
} Cell;

/* A row is named by its member's name for screen readers: when the rows
 * move under the focus (a key at the last row on screen moves them: see
 * VdMemberScroller), the focused row does not change but its name does,
 * and a screen reader speaks the focused object's new name */
static void
name_row (Cell       *cell,
          const char *name)
{
  if (g_strcmp0 (vd_text_cell_get_text (cell->text), name) == 0)
    return;

  for (GtkWidget *widget = gtk_widget_get_parent (GTK_WIDGET (cell->text));
       widget != NULL && !GTK_IS_COLUMN_VIEW (widget);
       widget = gtk_widget_get_parent (widget))
    if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_ROW)
      {
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        return;
      }
}

static void
cell_update (Cell *cell)
{
  VdMember *member = cell->member;
  VdRole role;
  gboolean granted;
  g_autofree char *text = NULL;

  /* A blank row, on its way out of the view */
  if (member == NULL)
    {
      if (cell->kind == CELL_NAME)
        name_row (cell, "");
      vd_text_cell_set_text (cell->text, "");
      if (cell->kind == CELL_BILLING || cell->kind == CELL_API)
        vd_text_cell_set_icon_tone (cell->text, VD_TEXT_CELL_TONE_DIM);
      return;
    }

  role = vd_member_get_role (member);
  switch (cell->kind)
    {
    case CELL_NAME:
      name_row (cell, vd_member_get_display_name (member));
      vd_text_cell_set_text (cell->text, vd_member_get_display_name (member));
      break;

    case CELL_EMAIL:
      vd_text_cell_set_text (cell->text, vd_member_get_email (member));
      break;

    case CELL_ROLE:
      vd_text_cell_set_text (cell->text, vd_role_get_label (role));
      vd_text_cell_set_text_tone (cell->text, role_tone (role));
      break;

    case CELL_PROJECTS:
      text = projects_text (vd_permissions_get_n_projects (cell->permissions), role);
      vd_text_cell_set_text (cell->text, text);
      break;

    case CELL_BILLING:
    case CELL_API:
      granted = cell->kind == CELL_BILLING ? vd_permissions_get_billing (cell->permissions)
                                           : vd_permissions_get_api (cell->permissions);
      vd_text_cell_set_text (cell->text, access_text (granted, role));
      vd_text_cell_set_icon_name (cell->text, access_icon_name (granted, role));
      vd_text_cell_set_icon_tone (cell->text, vd_role_manages (role) || granted ? VD_TEXT_CELL_TONE_SUCCESS
                                                                               : VD_TEXT_CELL_TONE_DIM);
      break;

    case CELL_JOINED:
      text = date_text (vd_member_get_joined_at (member));
      vd_text_cell_set_text (cell->text, text);
      break;
    }
}

static void
cell_member_notify_cb (GObject    *object,
                       GParamSpec *pspec,
                       Cell       *cell)
{
  cell_update (cell);
}

static gboolean
cell_needs_permissions (Cell *cell)
{
  return cell->kind == CELL_PROJECTS || cell->kind == CELL_BILLING || cell->kind == CELL_API;
}

static void
cell_set_member (Cell     *cell,
                 VdMember *member)
{
  if (cell->member == member)
    return;

  if (cell->member != NULL)
    {
      g_clear_signal_handler (&cell->member_handler, cell->member);
      if (cell->permissions != NULL)
        g_clear_signal_handler (&cell->permissions_handler, cell->permissions);
    }
  g_set_object (&cell->member, member);
  cell->permissions = member != NULL ? vd_member_get_permissions (member) : NULL;
  if (member != NULL)
    {
      cell->member_handler = g_signal_connect (member, "notify", G_CALLBACK (cell_member_notify_cb), cell);
      if (cell_needs_permissions (cell))
        cell->permissions_handler = g_signal_connect (cell->permissions, "notify",
                                                      G_CALLBACK (cell_member_notify_cb), cell);
    }

  cell_update (cell);
}

static void
cell_row_notify_cb (VdMemberRow *row,
                    GParamSpec  *pspec,
                    Cell        *cell)
{
  cell_set_member (cell, vd_member_row_get_member (row));
}

static void
cell_free (Cell *cell)
{
  cell_set_member (cell, NULL);
  if (cell->row != NULL)
    g_clear_signal_handler (&cell->row_handler, cell->row);
  g_clear_object (&cell->row);
  g_free (cell);
}

/* What a column's cells must have room for, one a line: the widest of
 * these sets the column's width (the name and email columns expand) */
static char *
cell_sample (CellKind kind)
{
  GString *sample = g_string_new (NULL);

  switch (kind)
    {
    case CELL_NAME:
    case CELL_EMAIL:
      break;

    case CELL_ROLE:
      g_string_append_printf (sample, "%s\n%s\n%s", vd_role_get_label (VD_ROLE_OWNER),
                              vd_role_get_label (VD_ROLE_ADMIN), vd_role_get_label (VD_ROLE_MEMBER));
      break;

    case CELL_PROJECTS:
      {
        g_autofree char *all = projects_text (0, VD_ROLE_OWNER);
        g_autofree char *none = projects_text (0, VD_ROLE_MEMBER);
        g_autofree char *many = projects_text (88, VD_ROLE_MEMBER);

        g_string_append_printf (sample, "%s\n%s\n%s", all, none, many);
      }
      break;

    case CELL_BILLING:
    case CELL_API:
      g_string_append_printf (sample, "%s\n%s", access_text (TRUE, VD_ROLE_MEMBER), access_text (FALSE, VD_ROLE_MEMBER));
      break;

    case CELL_JOINED:
      /* Dates in the locale's form, with every digit in every place */
      for (int i = 0; i < 10; i++)
        {
          g_autoptr(GDateTime) date = g_date_time_new_local (2000 + i * 11, 10 + i % 3, 20 + i, 12, 0, 0);
          g_autofree char *text = date_text (date);

          g_string_append_printf (sample, "%s%s", i > 0 ? "\n" : "", text);
        }
      break;
    }

  return g_string_free (sample, sample->len == 0);
}

static const char * const cell_names[] = {
  [CELL_NAME] = "name-cell",
  [CELL_EMAIL] = "email-cell",
  [CELL_ROLE] = "role-cell",
  [CELL_PROJECTS] = "projects-cell",
  [CELL_BILLING] = "billing-cell",
  [CELL_API] = "api-cell",
  [CELL_JOINED] = "joined-cell",
};

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Cell *cell = g_new0 (Cell, 1);
  GtkWidget *widget = vd_text_cell_new ();

  cell->kind = GPOINTER_TO_INT (user_data);
  cell->text = VD_TEXT_CELL (widget);
  gtk_widget_set_name (widget, cell_names[cell->kind]);
  if (cell->kind == CELL_NAME || cell->kind == CELL_EMAIL)
    vd_text_cell_set_width_chars (cell->text, 12);
  else
    {
      /* One sample a column and language, for all its cells */
      static char *samples[CELL_JOINED + 1];
      static char *samples_language;
      const char *language = pango_language_to_string (gtk_get_default_language ());

      if (g_strcmp0 (samples_language, language) != 0)
        {
          for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
            g_clear_pointer (&samples[i], g_free);
          g_free (samples_language);
          samples_language = g_strdup (language);
        }
      if (samples[cell->kind] == NULL)
        samples[cell->kind] = cell_sample (cell->kind);
      vd_text_cell_set_sample (cell->text, samples[cell->kind]);
    }
  switch (cell->kind)
    {
    case CELL_EMAIL:
      vd_text_cell_set_text_tone (cell->text, VD_TEXT_CELL_TONE_DIM);
      break;

    case CELL_ROLE:
      /* A tag as wide as the widest role, its word in the middle; drawn
       * by the cell, not a style class a role (see VdTextCell:tag) */
      vd_text_cell_set_tag (cell->text, TRUE);
      gtk_widget_add_css_class (widget, "caption-heading");
      vd_text_cell_set_xalign (cell->text, 0.5);
      gtk_widget_set_halign (widget, GTK_ALIGN_START);
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
      break;

    case CELL_BILLING:
    case CELL_API:
      /* An icon and a word, not only a colour */
      vd_text_cell_set_icon_name (cell->text, "action-unavailable-symbolic");
      break;

    default:
      break;
    }

  gtk_list_item_set_child (list_item, widget);
  g_object_set_data_full (G_OBJECT (list_item), "vd-cell", cell, (GDestroyNotify) cell_free);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  Cell *cell = g_object_get_data (G_OBJECT (list_item), "vd-cell");
  VdMemberRow *row = gtk_list_item_get_item (list_item);

  g_set_object (&cell->row, row);
  cell->row_handler = g_signal_connect (row, "notify::member", G_CALLBACK (cell_row_notify_cb), cell);
  cell_set_member (cell, vd_member_row_get_member (row));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  Cell *cell = g_object_get_data (G_OBJECT (list_item), "vd-cell");

  if (cell->row != NULL)
    g_clear_signal_handler (&cell->row_handler, cell->row);
  g_clear_object (&cell->row);
  cell_set_member (cell, NULL);
}

static void
set_cell_factory (GtkColumnViewColumn *column,
                  CellKind             kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (kind));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

/* The column view's headers show and choose the order; the list sorts.
 * Each column has a sorter of its own that the list never runs: GTK 4.8 has
 * no call that names the column the view sorts by, so the view's sorter is
 * asked to compare two placeholders, and the first column sorter it
 * consults says which column it is (and whether the view inverts it). */
static VdMemberColumn probed_column;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  if (probed_column == VD_MEMBER_COLUMN_NONE)
    probed_column = GPOINTER_TO_INT (user_data);
  return GTK_ORDERING_SMALLER;
}

static void
set_column_sorter (GtkColumnViewColumn *column,
                   VdMemberColumn       id)
{
  g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (probe_compare, GINT_TO_POINTER (id), NULL);

  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

static void
view_sorter_changed_cb (GtkSorter       *sorter,
                        GtkSorterChange  change,
                        VdMembersPage   *self)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;
  VdMemberColumn column;

  probed_column = VD_MEMBER_COLUMN_NONE;
  order = gtk_sorter_compare (sorter, a, b);
  column = probed_column;
  probed_column = VD_MEMBER_COLUMN_NONE;

  if (self->list == NULL)
    return;
  vd_member_list_set_sort (self->list, column, order == GTK_ORDERING_LARGER);

  /* Kept for the next time (the column's id is VdMemberColumn's nick) */
  if (self->settings != NULL)
    {
      g_autoptr(GEnumClass) columns = g_type_class_ref (VD_TYPE_MEMBER_COLUMN);
      GEnumValue *value = g_enum_get_value (columns, column);

      g_settings_set_string (self->settings, "members-sort-column",
                             column != VD_MEMBER_COLUMN_NONE && value != NULL ? value->value_nick : "");
      g_settings_set_boolean (self->settings, "members-sort-descending", order == GTK_ORDERING_LARGER);
    }
}

/* The order the list had when last shown: by name at first */
static void
restore_sort (VdMembersPage *self)
{
  g_autoptr(GEnumClass) columns = g_type_class_ref (VD_TYPE_MEMBER_COLUMN);
  g_autofree char *id = self->settings ? g_settings_get_string (self->settings, "members-sort-column") : g_strdup ("name");
  gboolean descending = self->settings && g_settings_get_boolean (self->settings, "members-sort-descending");
  GEnumValue *value = *id != '\0' ? g_enum_get_value_by_nick (columns, id) : NULL;
  GtkColumnViewColumn *column = NULL;

  if (value != NULL)
    {
      GtkColumnViewColumn *by_column[] = {
        [VD_MEMBER_COLUMN_NAME] = self->name_column,
        [VD_MEMBER_COLUMN_EMAIL] = self->email_column,
        [VD_MEMBER_COLUMN_ROLE] = self->role_column,
        [VD_MEMBER_COLUMN_PROJECTS] = self->projects_column,
        [VD_MEMBER_COLUMN_BILLING] = self->billing_column,
        [VD_MEMBER_COLUMN_API] = self->api_column,
        [VD_MEMBER_COLUMN_JOINED] = self->joined_column,
      };

      if ((guint) value->value < G_N_ELEMENTS (by_column))
        column = by_column[value->value];
    }

  /* No column: the server's order, by joining date */
  gtk_column_view_sort_by_column (self->column_view, column,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  if (column == NULL)
    vd_member_list_set_sort (self->list, VD_MEMBER_COLUMN_NONE, FALSE);
}

/* What the page shows */

static gboolean
filtering (VdMembersPage *self)
{
  return vd_member_list_get_search (self->list) != NULL ||
         vd_member_list_get_role (self->list) != VD_ROLE_UNKNOWN ||
         vd_member_list_get_project_id (self->list) != NULL;
}

static void
update_visible_page (VdMembersPage *self)
{
  guint n = vd_member_list_get_n_shown (self->list);
  guint total = self->store ? g_list_model_get_n_items (vd_organization_store_get_members (self->store)) : 0;
  gboolean loading = self->store == NULL || (vd_organization_store_get_loading (self->store) && total == 0);
  g_autofree char *count = NULL;

  /* While a search runs, what it replaces stays. While the first members
   * load, the table is there, empty, under a spinner: their arrival only
   * adds rows (a first layout of the whole table would be a frame's work). */
  if (!loading && n == 0 && !vd_member_list_get_busy (self->list))
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);

  if (loading)
    count = g_strdup ("");
  else if (filtering (self))
    /* Translators: "3 of 26 members" */
    count = g_strdup_printf (ngettext ("%u of %u member", "%u of %u members", total), n, total);
  else
    count = g_strdup_printf (ngettext ("%u member", "%u members", total), total);
  gtk_inscription_set_text (self->count_label, count);
}


static void
role_selected_cb (VdMembersPage *self)
{
  static const VdRole roles[] = { VD_ROLE_UNKNOWN, VD_ROLE_OWNER, VD_ROLE_ADMIN, VD_ROLE_MEMBER };
  guint selected = gtk_drop_down_get_selected (self->role_dropdown);
  VdRole role = selected < G_N_ELEMENTS (roles) ? roles[selected] : VD_ROLE_UNKNOWN;

  vd_member_list_set_role (self->list, role);
  vd_member_window_set_offset (self->window, 0);
  update_visible_page (self);
}

static void
project_selected_cb (VdMembersPage *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->project_dropdown);
  const char *project_id = VD_IS_PROJECT (item) ? vd_project_get_id (item) : NULL;

  vd_member_list_set_project_id (self->list, project_id);
  vd_member_window_set_offset (self->window, 0);
  update_visible_page (self);
}

/* The project filter's items: "All Projects" (a string) or a VdProject,
 * whose name the label follows */
static void
project_item_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_list_item_set_child (list_item, label);
}

static void
project_item_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  gpointer item = gtk_list_item_get_item (list_item);

  if (VD_IS_PROJECT (item))
    g_object_set_data (G_OBJECT (list_item), "binding",
                       g_object_bind_property (item, "name", label, "label", G_BINDING_SYNC_CREATE));
  else
    gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (item));
}

static void
project_item_unbind_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (list_item), "binding");

  if (binding != NULL)
    g_binding_unbind (binding);
}

/* Store */

/* Right to left, the table's first columns are at the right end of what
 * scrolls sideways, but GTK 4.8 opens it at the left end (showing the
 * last columns): keep it at the start until the person scrolls away */
static gboolean
is_rtl (VdMembersPage *self)
{
  return gtk_widget_get_direction (GTK_WIDGET (self->column_view)) == GTK_TEXT_DIR_RTL;
}

static gboolean
scroll_to_start_cb (gpointer data)
{
  VdMembersPage *self = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view));

  self->scroll_id = 0;
  if (is_rtl (self) && self->at_start)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

/* (After the view's allocation, which sets the value it keeps) */
static void
hadjustment_changed_cb (GtkAdjustment *adjustment,
                        VdMembersPage *self)
{
  if (is_rtl (self) && self->at_start && self->scroll_id == 0)
    self->scroll_id = g_idle_add (scroll_to_start_cb, self);
}

static void
hadjustment_value_changed_cb (GtkAdjustment *adjustment,
                              VdMembersPage *self)
{
  double start = is_rtl (self)
    ? gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment)
    : gtk_adjustment_get_lower (adjustment);

  self->at_start = ABS (gtk_adjustment_get_value (adjustment) - start) < 1;
}

/* While the store loads its members, the list shows them as they come and
 * sorts them once at the end */
static void
update_list_loading (VdMembersPage *self)
{
  vd_member_list_set_loading (self->list,
                              self->store != NULL &&
                              vd_organization_store_get_loading (self->store) &&
                              !vd_organization_store_get_members_loaded (self->store));
}

VdOrganizationStore *
vd_members_page_get_store (VdMembersPage *self)
{
  g_return_val_if_fail (VD_IS_MEMBERS_PAGE (self), NULL);

  return self->store;
}

static void
members_changed_cb (VdMembersPage *self,
                    guint          position,
                    guint          removed,
                    guint          added)
{
  /* Our own membership may have come in with this page of members */
  if (self->me == NULL && self->user_id != NULL && added > 0)
    {
      find_me (self, position, added);
      if (self->me != NULL)
        update_bulk_bar (self);
    }
  update_visible_page (self);
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
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_signal_handlers_disconnect_by_data (vd_organization_store_get_members (self->store), self);
    }
  g_set_object (&self->store, store);

  /* What ran for the other organization stops */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->run, bulk_run_release);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_object (&self->me);
  g_clear_pointer (&self->user_id, g_free);

  update_list_loading (self);
  vd_member_list_set_members (self->list, store ? vd_organization_store_get_members (store) : NULL);

  /* A new organization has other projects: back to all of them */
  gtk_drop_down_set_selected (self->project_dropdown, 0);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->project_sections)) > 1)
    g_list_store_remove (self->project_sections, 1);
  if (store != NULL)
    g_list_store_append (self->project_sections, vd_organization_store_get_projects (store));

  if (store != NULL)
    {
      g_autoptr(VdClient) client = NULL;

      g_signal_connect_object (store, "notify::loading", G_CALLBACK (update_visible_page), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::loading", G_CALLBACK (update_list_loading), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::members-loaded", G_CALLBACK (update_list_loading), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (vd_organization_store_get_members (store), "items-changed",
                               G_CALLBACK (members_changed_cb), self, G_CONNECT_SWAPPED);
      /* (swapped: the page first, then position, removed, added) */

      /* Who is asking: the bulk actions skip oneself */
      g_object_get (store, "client", &client, NULL);
      vd_client_request_async (client, "GET", "/auth/profiles", NULL, VD_REQUEST_NO_ORGANIZATION,
                               self->cancellable, profile_loaded_cb, self);
    }

  update_visible_page (self);
  update_bulk_bar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* Bulk changes
 *
 * A bulk action asks once, in an AdwMessageDialog that names who changes,
 * who is skipped and why, then runs every update at once (the client queues
 * them) with the progress in the action bar. Failures are listed by member,
 * with a retry of those only. */

struct _BulkRun
{
  VdMembersPage *page;     /* valid while the page's cancellable is not cancelled */
  BulkKind       kind;
  char          *key;      /* role name, or "billing", "api", "project:ID" */
  guint          total;
  guint          done;
  guint          changed;
  GPtrArray     *failed;   /* VdMember */
  GPtrArray     *messages; /* char *, one per failure */
};

static void
bulk_run_clear (BulkRun *run)
{
  g_free (run->key);
  g_ptr_array_unref (run->failed);
  g_ptr_array_unref (run->messages);
}

static void
bulk_run_release (BulkRun *run)
{
  g_rc_box_release_full (run, (GDestroyNotify) bulk_run_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BulkRun, bulk_run_release)

typedef enum
{
  VERDICT_CHANGE,
  VERDICT_UNCHANGED,
  VERDICT_OWNER,
  VERDICT_SELF,
  VERDICT_FORBIDDEN,
  N_VERDICTS
} Verdict;

#define PROJECT_PREFIX "project:"

/* The member's permissions after a grant or a revoke; NULL when it changes nothing */
static VdPermissions *
changed_permissions (VdMember   *member,
                     BulkKind    kind,
                     const char *key)
{
  VdPermissions *old = vd_member_get_permissions (member);
  g_autoptr(VdPermissions) copy = vd_permissions_copy (old);
  gboolean grant = kind == BULK_GRANT;

  if (g_str_equal (key, "billing"))
    vd_permissions_set_billing (copy, grant);
  else if (g_str_equal (key, "api"))
    vd_permissions_set_api (copy, grant);
  else if (g_str_has_prefix (key, PROJECT_PREFIX))
    {
      const char *project_id = key + strlen (PROJECT_PREFIX);
      VdGrant *project_grant = grant ? vd_permissions_ensure_grant (copy, project_id)
                                     : vd_permissions_lookup_grant (copy, project_id);

      /* A grant gives full access to who had none, and keeps any access already given */
      if (grant && vd_grant_get_access (project_grant) == VD_ACCESS_NONE)
        vd_grant_set_access (project_grant, VD_ACCESS_FULL);
      else if (!grant && project_grant != NULL)
        vd_grant_set_access (project_grant, VD_ACCESS_NONE);
    }

  if (vd_permissions_equal (old, copy))
    return NULL;

  return g_steal_pointer (&copy);
}

static Verdict
judge (VdMembersPage *self,
       VdMember      *member,
       BulkKind       kind,
       const char    *key)
{
  VdRole role = vd_member_get_role (member);

  if (self->user_id != NULL && g_strcmp0 (vd_member_get_user_id (member), self->user_id) == 0)
    return VERDICT_SELF;
  if (role == VD_ROLE_OWNER)
    return VERDICT_OWNER;
  if (caller_role (self) != VD_ROLE_OWNER && role != VD_ROLE_MEMBER)
    return VERDICT_FORBIDDEN;

  switch (kind)
    {
    case BULK_REMOVE:
      return VERDICT_CHANGE;

    case BULK_ROLE:
      return role == vd_role_from_string (key) ? VERDICT_UNCHANGED : VERDICT_CHANGE;

    case BULK_GRANT:
    case BULK_REVOKE:
    default:
      {
        g_autoptr(VdPermissions) permissions = changed_permissions (member, kind, key);

        return permissions != NULL ? VERDICT_CHANGE : VERDICT_UNCHANGED;
      }
    }
}

/* "Aiko Nakamura, Baptiste Lefèvre and 3 more" */
static char *
names_text (GPtrArray *members)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint shown = MIN (members->len, MAX_NAMES);

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        /* Translators: between the names of a list */
        g_string_append (names, _(", "));
      g_string_append (names, vd_member_get_display_name (g_ptr_array_index (members, i)));
    }

  if (members->len > shown)
    {
      guint more = members->len - shown;

      /* Translators: "Aiko Nakamura, Baptiste Lefèvre and 3 more" */
      return g_strdup_printf (ngettext ("%s and %u more", "%s and %u more", more), names->str, more);
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* A confirmation being asked: what it would change, by member */
typedef struct
{
  BulkKind      kind;
  GPtrArray    *members;   /* VdMember: the selection when asked */
  GPtrArray    *keys;      /* char *: what the choice offers */
  GtkDropDown  *choice;    /* NULL for a removal */
  GtkLabel     *names;
  GtkLabel     *notes;
  GPtrArray    *changes;   /* VdMember: who would change with the current choice */
} BulkPlan;

static void
bulk_plan_free (BulkPlan *plan)
{
  g_ptr_array_unref (plan->members);
  g_ptr_array_unref (plan->keys);
  g_clear_pointer (&plan->changes, g_ptr_array_unref);
  g_free (plan);
}

static const char *
plan_key (BulkPlan *plan)
{
  guint selected = plan->choice ? gtk_drop_down_get_selected (plan->choice) : 0;

  return selected < plan->keys->len ? g_ptr_array_index (plan->keys, selected) : "";
}

static char *
target_label (VdMembersPage *self,
              BulkKind       kind,
              const char    *key)
{
  if (kind == BULK_ROLE)
    return g_strdup (vd_role_get_label (vd_role_from_string (key)));
  if (g_str_equal (key, "billing"))
    return g_strdup (_("Billing"));
  if (g_str_equal (key, "api"))
    return g_strdup (_("API"));
  if (g_str_has_prefix (key, PROJECT_PREFIX))
    {
      VdProject *project = self->store ? vd_organization_store_lookup_project (self->store, key + strlen (PROJECT_PREFIX))
                                       : NULL;

      /* Translators: what a bulk grant gives, "Full access to Marketing Videos" */
      return g_strdup_printf (_("Full access to %s"), project ? vd_project_get_name (project) : key);
    }

  return g_strdup (key);
}

static void
update_plan (AdwMessageDialog *dialog)
{
  BulkPlan *plan = g_object_get_data (G_OBJECT (dialog), "plan");
  VdMembersPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  const char *key = plan_key (plan);
  g_autofree char *what = target_label (self, plan->kind, key);
  GPtrArray *groups[N_VERDICTS] = { NULL, };
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autofree char *names = NULL;
  guint n;

  for (guint v = 0; v < N_VERDICTS; v++)
    groups[v] = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < plan->members->len; i++)
    {
      VdMember *member = g_ptr_array_index (plan->members, i);

      g_ptr_array_add (groups[judge (self, member, plan->kind, key)], g_object_ref (member));
    }

  n = groups[VERDICT_CHANGE]->len;
  switch (plan->kind)
    {
    case BULK_ROLE:
      /* Translators: "2 members will become Admin." */
      body = g_strdup_printf (ngettext ("%u member will become %s.", "%u members will become %s.", n), n, what);
      break;

    case BULK_GRANT:
      /* Translators: "Billing will be granted to 2 members." */
      body = g_strdup_printf (ngettext ("%s will be granted to %u member.", "%s will be granted to %u members.", n),
                              what, n);
      break;

    case BULK_REVOKE:
      /* Translators: "API will be revoked from 2 members." */
      body = g_strdup_printf (ngettext ("%s will be revoked from %u member.", "%s will be revoked from %u members.", n),
                              what, n);
      break;

    case BULK_REMOVE:
    default:
      body = g_strdup_printf (ngettext ("%u member will be removed from the organization.",
                                        "%u members will be removed from the organization.", n), n);
      break;
    }
  if (n == 0)
    body = (g_free (body), g_strdup (_("Nothing will change for the selected members.")));
  adw_message_dialog_set_body (dialog, body);

  names = names_text (groups[VERDICT_CHANGE]);
  gtk_label_set_label (plan->names, names);
  gtk_widget_set_visible (GTK_WIDGET (plan->names), n > 0);

  for (guint v = VERDICT_UNCHANGED; v < N_VERDICTS; v++)
    {
      g_autofree char *who = NULL;
      g_autofree char *line = NULL;

      if (groups[v]->len == 0)
        continue;

      who = names_text (groups[v]);
      switch ((Verdict) v)
        {
        case VERDICT_UNCHANGED:
          /* Translators: followed by names */
          line = g_strdup_printf (_("Unchanged, as it is so already: %s"), who);
          break;
        case VERDICT_OWNER:
          line = g_strdup_printf (_("Skipped, as owners are not changed here: %s"), who);
          break;
        case VERDICT_SELF:
          line = g_strdup_printf (_("Skipped, as you cannot change yourself here: %s"), who);
          break;
        case VERDICT_FORBIDDEN:
          line = g_strdup_printf (_("Skipped, as only owners can change admins: %s"), who);
          break;
        case VERDICT_CHANGE:
        case N_VERDICTS:
        default:
          g_assert_not_reached ();
        }

      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      g_string_append (notes, line);
    }
  gtk_label_set_label (plan->notes, notes->str);
  gtk_widget_set_visible (GTK_WIDGET (plan->notes), notes->len > 0);

  g_clear_pointer (&plan->changes, g_ptr_array_unref);
  plan->changes = g_steal_pointer (&groups[VERDICT_CHANGE]);
  for (guint v = 0; v < N_VERDICTS; v++)
    g_clear_pointer (&groups[v], g_ptr_array_unref);
  adw_message_dialog_set_response_enabled (dialog, "apply", n > 0);
}

static void bulk_start (VdMembersPage *self,
                        BulkKind       kind,
                        const char    *key,
                        GPtrArray     *members);

static void
plan_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  VdMembersPage    *self)
{
  BulkPlan *plan = g_object_get_data (G_OBJECT (dialog), "plan");

  if (g_str_equal (response, "apply") && plan->changes != NULL && plan->changes->len > 0)
    bulk_start (self, plan->kind, plan_key (plan), plan->changes);
}

static void
dialog_destroyed_cb (VdMembersPage *self,
                     GtkWidget     *dialog)
{
  if (self->dialog == dialog)
    self->dialog = NULL;
}

static void
show_dialog (VdMembersPage *self,
             GtkWidget     *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));

  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GPtrArray *
selected_members (VdMembersPage *self)
{
  return vd_member_list_dup_selected (self->list);
}

static void
ask_bulk (VdMembersPage *self,
          BulkKind       kind)
{
  static const char * const headings[] = {
    N_("Change Role?"), N_("Grant Access?"), N_("Revoke Access?"), N_("Remove Members?"),
  };
  static const char * const verbs[] = {
    N_("_Change Role"), N_("_Grant"), N_("Re_voke"), N_("_Remove"),
  };
  AdwMessageDialog *dialog;
  BulkPlan *plan = g_new0 (BulkPlan, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  plan->kind = kind;
  plan->members = selected_members (self);
  plan->keys = g_ptr_array_new_with_free_func (g_free);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (vd_ui_parent_window (GTK_WIDGET (self)),
                                                       _(headings[kind]), NULL));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply", _(verbs[kind]), NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply",
                                              kind == BULK_REVOKE || kind == BULK_REMOVE
                                                ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  /* What to change to: a role, or what to grant or revoke */
  if (kind == BULK_ROLE)
    {
      /* Only owners make owners and admins */
      if (caller_role (self) == VD_ROLE_OWNER)
        {
          g_ptr_array_add (plan->keys, g_strdup ("admin"));
          g_ptr_array_add (plan->keys, g_strdup ("owner"));
        }
      g_ptr_array_insert (plan->keys, 0, g_strdup ("member"));
    }
  else if (kind == BULK_GRANT || kind == BULK_REVOKE)
    {
      GListModel *projects = vd_organization_store_get_projects (self->store);

      g_ptr_array_add (plan->keys, g_strdup ("billing"));
      g_ptr_array_add (plan->keys, g_strdup ("api"));
      for (guint i = 0; i < g_list_model_get_n_items (projects); i++)
        {
          g_autoptr(VdProject) project = g_list_model_get_item (projects, i);

          g_ptr_array_add (plan->keys, g_strconcat (PROJECT_PREFIX, vd_project_get_id (project), NULL));
        }
    }

  if (plan->keys->len > 0)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new_with_mnemonic (kind == BULK_ROLE ? _("New _role") : _("_Access"));

      for (guint i = 0; i < plan->keys->len; i++)
        {
          g_autofree char *text = target_label (self, kind, g_ptr_array_index (plan->keys, i));

          gtk_string_list_append (labels, text);
        }
      plan->choice = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL));
      gtk_widget_set_hexpand (GTK_WIDGET (plan->choice), TRUE);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (plan->choice));
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), GTK_WIDGET (plan->choice));
      gtk_box_append (GTK_BOX (box), row);
      g_signal_connect_swapped (plan->choice, "notify::selected", G_CALLBACK (update_plan), dialog);
    }
  else
    g_ptr_array_add (plan->keys, g_strdup (""));

  plan->names = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (plan->names, TRUE);
  gtk_label_set_xalign (plan->names, 0);
  gtk_widget_add_css_class (GTK_WIDGET (plan->names), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (plan->names));

  plan->notes = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (plan->notes, TRUE);
  gtk_label_set_xalign (plan->notes, 0);
  gtk_widget_add_css_class (GTK_WIDGET (plan->notes), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (plan->notes));

  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data_full (G_OBJECT (dialog), "plan", plan, (GDestroyNotify) bulk_plan_free);
  g_object_set_data (G_OBJECT (dialog), "page", self);
  update_plan (dialog);

  g_signal_connect_object (dialog, "response", G_CALLBACK (plan_response_cb), self, 0);
  show_dialog (self, GTK_WIDGET (dialog));
}

static void
failure_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     VdMembersPage    *self)
{
  BulkRun *run = g_object_get_data (G_OBJECT (dialog), "run");

  if (g_str_equal (response, "retry"))
    bulk_start (self, run->kind, run->key, run->failed);
}

static void
report_failures (VdMembersPage *self,
                 BulkRun       *run)
{
  AdwMessageDialog *dialog;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  guint n = run->failed->len;
  guint shown = MIN (n, MAX_FAILURES);

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append_c (body, '\n');
      /* Translators: a member whose change failed, and why */
      g_string_append_printf (body, _("%s: %s"),
                              vd_member_get_display_name (g_ptr_array_index (run->failed, i)),
                              (const char *) g_ptr_array_index (run->messages, i));
    }
  if (n > shown)
    {
      g_string_append_c (body, '\n');
      g_string_append_printf (body, ngettext ("and %u more", "and %u more", n - shown), n - shown);
    }

  heading = g_strdup_printf (ngettext ("Could Not Change %u Member", "Could Not Change %u Members", n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (vd_ui_parent_window (GTK_WIDGET (self)), heading, body->str));
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), "retry", _("_Retry"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "retry", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "retry");
  adw_message_dialog_set_close_response (dialog, "close");
  g_object_set_data_full (G_OBJECT (dialog), "run", g_rc_box_acquire (run), (GDestroyNotify) bulk_run_release);
  g_signal_connect_object (dialog, "response", G_CALLBACK (failure_response_cb), self, 0);
  show_dialog (self, GTK_WIDGET (dialog));
}

static void
bulk_finished (VdMembersPage *self,
               BulkRun       *run)
{
  if (self->run == run)
    g_clear_pointer (&self->run, bulk_run_release);

  update_bulk_bar (self);

  if (run->failed->len > 0)
    report_failures (self, run);
  else if (run->changed > 0)
    {
      g_autofree char *message = NULL;

      if (run->kind == BULK_REMOVE)
        message = g_strdup_printf (ngettext ("%u member removed", "%u members removed", run->changed), run->changed);
      else
        message = g_strdup_printf (ngettext ("%u member changed", "%u members changed", run->changed), run->changed);
      vd_ui_toast (GTK_WIDGET (self), message);
    }
}

typedef struct
{
  BulkRun  *run;
  VdMember *member;
} BulkOp;

static void
bulk_op_free (BulkOp *op)
{
  bulk_run_release (op->run);
  g_object_unref (op->member);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BulkOp, bulk_op_free)

static void
bulk_step (BulkRun  *run,
           VdMember *member,
           GError   *error)
{
  VdMembersPage *self = run->page;

  run->done++;
  if (error != NULL)
    {
      g_ptr_array_add (run->failed, g_object_ref (member));
      g_ptr_array_add (run->messages, g_strdup (error->message));
    }
  else if (member != NULL)
    run->changed++;

  if (self->run == run)
    update_bulk_bar (self);
  if (run->done == run->total)
    bulk_finished (self, run);
}

static void
bulk_op_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BulkOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (op->run->kind == BULK_REMOVE)
    vd_organization_store_remove_member_finish (VD_ORGANIZATION_STORE (object), result, &error);
  else
    vd_organization_store_update_member_finish (VD_ORGANIZATION_STORE (object), result, &error);

  /* The page is gone, or shows another organization */
  if (vd_ui_is_cancelled (error))
    return;

  bulk_step (op->run, op->member, error);
}

static void
bulk_start (VdMembersPage *self,
            BulkKind       kind,
            const char    *key,
            GPtrArray     *members)
{
  g_autoptr(BulkRun) run = g_rc_box_new0 (BulkRun);
  g_autoptr(GPtrArray) targets = g_ptr_array_copy (members, (GCopyFunc) g_object_ref, NULL);

  g_return_if_fail (self->store != NULL);
  g_ptr_array_set_free_func (targets, g_object_unref);

  run->page = self;
  run->kind = kind;
  run->key = g_strdup (key);
  run->total = targets->len;
  run->failed = g_ptr_array_new_with_free_func (g_object_unref);
  run->messages = g_ptr_array_new_with_free_func (g_free);

  g_clear_pointer (&self->run, bulk_run_release);
  self->run = g_rc_box_acquire (run);
  update_bulk_bar (self);

  for (guint i = 0; i < targets->len; i++)
    {
      VdMember *member = g_ptr_array_index (targets, i);
      BulkOp *op = g_new0 (BulkOp, 1);

      op->run = g_rc_box_acquire (run);
      op->member = g_object_ref (member);

      switch (kind)
        {
        case BULK_REMOVE:
          vd_organization_store_remove_member_async (self->store, member, self->cancellable, bulk_op_done_cb, op);
          break;

        case BULK_ROLE:
          vd_organization_store_update_member_async (self->store, member, vd_role_from_string (key), NULL,
                                                     self->cancellable, bulk_op_done_cb, op);
          break;

        case BULK_GRANT:
        case BULK_REVOKE:
        default:
          {
            /* From the member's grants as they are now (a retry comes later) */
            g_autoptr(VdPermissions) permissions = changed_permissions (member, kind, key);

            if (permissions != NULL)
              vd_organization_store_update_member_async (self->store, member, VD_ROLE_UNKNOWN, permissions,
                                                         self->cancellable, bulk_op_done_cb, op);
            else
              {
                bulk_op_free (op);
                bulk_step (run, NULL, NULL);
              }
          }
          break;
        }
    }

  if (run->total == 0)
    bulk_finished (self, run);
}

static void
update_bulk_bar (VdMembersPage *self)
{
  guint n = vd_member_list_get_n_selected (self->list);
  VdRole role = caller_role (self);
  gboolean manages = vd_role_manages (role);
  gboolean running = self->run != NULL;
  g_autofree char *text = NULL;

  if (running)
    /* Translators: progress of a bulk change, "Changing 3 of 10…" */
    text = g_strdup_printf (_("Changing %u of %u…"), self->run->done, self->run->total);
  else
    text = g_strdup_printf (ngettext ("%u selected", "%u selected", n), n);

  gtk_label_set_label (self->selected_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  if (running)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   self->run->total ? (double) self->run->done / self->run->total : 1.0);
  gtk_action_bar_set_revealed (self->bulk_bar, running || (n > 0 && manages));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.bulk-role", !running && n > 0 && manages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.bulk-grant", !running && n > 0 && manages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.bulk-revoke", !running && n > 0 && manages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.bulk-remove", !running && n > 0 && manages);
}

static void
bulk_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VdMembersPage *self = VD_MEMBERS_PAGE (widget);

  if (self->store == NULL || self->run != NULL)
    return;

  if (g_str_equal (action_name, "members.bulk-role"))
    ask_bulk (self, BULK_ROLE);
  else if (g_str_equal (action_name, "members.bulk-grant"))
    ask_bulk (self, BULK_GRANT);
  else if (g_str_equal (action_name, "members.bulk-revoke"))
    ask_bulk (self, BULK_REVOKE);
  else
    ask_bulk (self, BULK_REMOVE);
}

/* Export */

typedef struct
{
  GPtrArray *members;   /* VdMember, in the order shown */
  guint      next;
  GString   *csv;
  GFile     *file;
  GHashTable *project_names;  /* id → name */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_ptr_array_unref (data->members);
  if (data->csv != NULL)
    g_string_free (data->csv, TRUE);
  g_object_unref (data->file);
  g_hash_table_unref (data->project_names);
  g_free (data);
}

/* One cell: a leading = + - @ (or tab, CR) would make a spreadsheet run it
 * as a formula, so it gets an apostrophe; quotes when needed (RFC 4180) */
static void
append_cell (GString    *csv,
             const char *text,
             gboolean    last)
{
  g_autofree char *guarded = NULL;

  if (text == NULL)
    text = "";
  if (text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    text = guarded = g_strconcat ("'", text, NULL);

  if (strpbrk (text, ",\"\r\n") != NULL || text[0] == ' ' || (text[0] != '\0' && text[strlen (text) - 1] == ' '))
    {
      g_string_append_c (csv, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, text);

  g_string_append (csv, last ? "\r\n" : ",");
}

static void
append_member (ExportData *data,
               VdMember   *member)
{
  VdPermissions *permissions = vd_member_get_permissions (member);
  VdRole role = vd_member_get_role (member);
  GDateTime *joined = vd_member_get_joined_at (member);
  g_autofree char *projects = NULL;
  const char *billing = access_text (vd_permissions_get_billing (permissions), role);
  const char *api = access_text (vd_permissions_get_api (permissions), role);
  g_autofree char *date = joined ? g_date_time_format_iso8601 (joined) : NULL;

  if (vd_role_manages (role))
    projects = g_strdup (_("All projects"));
  else
    {
      g_auto(GStrv) ids = vd_permissions_dup_project_ids (permissions);
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (guint i = 0; ids[i] != NULL; i++)
        {
          const char *name = g_hash_table_lookup (data->project_names, ids[i]);

          g_ptr_array_add (names, (gpointer) (name ? name : ids[i]));
        }
      g_ptr_array_add (names, NULL);
      projects = g_strjoinv ("; ", (char **) names->pdata);
    }

  append_cell (data->csv, vd_member_get_first_name (member), FALSE);
  append_cell (data->csv, vd_member_get_last_name (member), FALSE);
  append_cell (data->csv, vd_member_get_email (member), FALSE);
  append_cell (data->csv, vd_role_get_label_for_name (vd_member_get_role_name (member)), FALSE);
  append_cell (data->csv, projects, FALSE);
  append_cell (data->csv, billing, FALSE);
  append_cell (data->csv, api, FALSE);
  append_cell (data->csv, date, TRUE);
}

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
export_slice_cb (gpointer user_data)
{
  GTask *task = user_data;
  ExportData *data = g_task_get_task_data (task);
  guint end = MIN (data->next + EXPORT_SLICE, data->members->len);
  g_autoptr(GBytes) bytes = NULL;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  for (; data->next < end; data->next++)
    append_member (data, g_ptr_array_index (data->members, data->next));

  if (data->next < data->members->len)
    return G_SOURCE_CONTINUE;

  bytes = g_string_free_to_bytes (g_steal_pointer (&data->csv));
  g_file_replace_contents_bytes_async (data->file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), export_written_cb, g_object_ref (task));
  return G_SOURCE_REMOVE;
}

void
vd_members_page_export_csv_async (VdMembersPage       *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;
  guint n;
  static const char * const header[] = {
    N_("First name"), N_("Last name"), N_("Email"), N_("Role"), N_("Projects"), N_("Billing"), N_("API"),
    N_("Joined"),
  };

  g_return_if_fail (VD_IS_MEMBERS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_members_page_export_csv_async);
  n = vd_member_list_get_n_shown (self->list);

  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  data->csv = g_string_new (NULL);
  data->project_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* A snapshot of what is shown now: later changes do not reorder the file */
  data->members = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (data->members, g_object_ref (vd_member_list_get_member (self->list, i)));

  if (self->store != NULL)
    {
      GListModel *projects = vd_organization_store_get_projects (self->store);

      for (guint i = 0; i < g_list_model_get_n_items (projects); i++)
        {
          g_autoptr(VdProject) project = g_list_model_get_item (projects, i);

          g_hash_table_insert (data->project_names, g_strdup (vd_project_get_id (project)),
                               g_strdup (vd_project_get_name (project)));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    append_cell (data->csv, _(header[i]), i + 1 == G_N_ELEMENTS (header));

  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  /* The task holds itself until its last slice */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, export_slice_cb, g_steal_pointer (&task), g_object_unref);
}

gboolean
vd_members_page_export_csv_finish (VdMembersPage  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (VD_IS_MEMBERS_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vd_members_page_export_csv_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  VdMembersPage *self = VD_MEMBERS_PAGE (object);
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!vd_members_page_export_csv_finish (self, result, &error))
    {
      if (vd_ui_is_cancelled (error))
        return;
      /* Translators: the file could not be written, and why */
      message = g_strdup_printf (_("Could not export the members: %s"), error->message);
      vd_ui_toast (GTK_WIDGET (self), message);
      return;
    }

  name = g_file_get_basename (file);
  /* Translators: "Members exported to members.csv" */
  message = g_strdup_printf (_("Members exported to %s"), name);
  vd_ui_toast (GTK_WIDGET (self), message);
}

static void
export_response_cb (VdMembersPage        *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    vd_members_page_export_csv_async (self, file, self->cancellable, exported_cb, g_object_ref (file));

  if (self->file_chooser == GTK_NATIVE_DIALOG (chooser))
    g_clear_object (&self->file_chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdMembersPage *self = VD_MEMBERS_PAGE (widget);
  GtkFileChooserNative *chooser;

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_show (self->file_chooser);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Export Members"), vd_ui_parent_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the file name an export suggests */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("members.csv"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  self->file_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->file_chooser);
}

/* The window's rows come one at a time, and more only while the frame has
 * spent less than a millisecond on them: GTK 4.8 takes ~0.75 ms to build a
 * row of seven cells on a slow machine and then lays the new row out, so
 * a search that brings back a screenful of rows at once froze a frame. A
 * fast machine fills the screen in a few frames; a slow one (the test
 * machine: one row a frame) keeps its frames under 16 ms. */
#define ROWS_PER_STEP 1
#define STEP_BUDGET_US 1000

static gboolean
step_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  VdMembersPage *self = user_data;
  gint64 start = g_get_monotonic_time ();
  guint n_shown = vd_member_list_get_n_shown (self->list);

  /* GDK 4.8 repaints the bounding box of what changed in a frame. Members
   * that came since the last frame changed the count above the table and
   * the scrollbar beside it: a row added at the bottom in the same frame
   * would repaint the whole table between them (and, with the cairo
   * renderer, fault in a fresh table-sized paint surface). So
   * that frame shows only those; the rows come in the next (not later:
   * members may come between every two frames). */
  if (n_shown != self->step_n_shown)
    {
      self->step_n_shown = n_shown;
      if (!self->step_waited && g_list_model_get_n_items (G_LIST_MODEL (self->window)) > 0)
        {
          self->step_waited = TRUE;
          return G_SOURCE_CONTINUE;
        }
    }
  self->step_waited = FALSE;

  while (vd_member_window_step (self->window) && g_get_monotonic_time () - start < STEP_BUDGET_US)
    ;
  if (vd_member_window_get_busy (self->window))
    return G_SOURCE_CONTINUE;

  self->step_id = 0;
  return G_SOURCE_REMOVE;
}

static void
list_busy_cb (VdMembersPage *self)
{
  if (vd_member_window_get_busy (self->window) && self->step_id == 0)
    self->step_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), step_cb, self, NULL);
  update_visible_page (self);
}


/* Actions */

static void
row_activated_cb (VdMembersPage *self,
                  guint          position)
{
  VdMember *member = vd_member_window_get_member (self->window, position);
  VdMemberEditor *editor;
  GtkWindow *parent;

  if (member == NULL || self->store == NULL)
    return;

  parent = vd_ui_parent_window (GTK_WIDGET (self));
  editor = vd_member_editor_new (parent, self->store, member);
  /* Who is editing decides what may be changed */
  if (VD_IS_WINDOW (parent))
    vd_member_editor_set_account (editor, vd_window_get_account (VD_WINDOW (parent)));
  gtk_window_present (GTK_WINDOW (editor));
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
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VdMembersPage *self = VD_MEMBERS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->role_dropdown, 0);
  gtk_drop_down_set_selected (self->project_dropdown, 0);
}

static void
search_changed_cb (VdMembersPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  vd_member_list_set_search (self->list, text);
  /* The results from their first */
  vd_member_window_set_offset (self->window, 0);
  update_visible_page (self);
}

/* GObject */

static void
vd_members_page_dispose (GObject *object)
{
  VdMembersPage *self = VD_MEMBERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->run, bulk_run_release);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_signal_handlers_disconnect_by_data (vd_organization_store_get_members (self->store), self);
    }
  if (self->list != NULL)
    vd_member_list_set_members (self->list, NULL);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  if (self->step_id != 0 && self->column_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->step_id);
  self->step_id = 0;
  g_clear_object (&self->scroller);
  /* The columns leave the view as it goes: that is no sort to keep */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view), view_sorter_changed_cb, self);
  g_clear_object (&self->store);
  g_clear_object (&self->me);
  g_clear_object (&self->project_sections);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_MEMBERS_PAGE);

  G_OBJECT_CLASS (vd_members_page_parent_class)->dispose (object);
}

static void
vd_members_page_finalize (GObject *object)
{
  VdMembersPage *self = VD_MEMBERS_PAGE (object);

  g_free (self->user_id);
  g_clear_object (&self->window);
  g_clear_object (&self->list);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vd_members_page_parent_class)->finalize (object);
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
  object_class->finalize = vd_members_page_finalize;
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
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, role_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, project_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, scrollbar);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, email_column);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, role_column);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, projects_column);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, billing_column);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, api_column);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, joined_column);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, bulk_bar);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, selected_label);
  gtk_widget_class_bind_template_child (widget_class, VdMembersPage, progress_bar);

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "row_activated_cb", G_CALLBACK (row_activated_cb),
                                           NULL);
  gtk_widget_class_set_template_scope (widget_class, scope);

  gtk_widget_class_install_action (widget_class, "members.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "members.show-all", NULL, show_all_action);
  gtk_widget_class_install_action (widget_class, "members.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "members.bulk-role", NULL, bulk_action);
  gtk_widget_class_install_action (widget_class, "members.bulk-grant", NULL, bulk_action);
  gtk_widget_class_install_action (widget_class, "members.bulk-revoke", NULL, bulk_action);
  gtk_widget_class_install_action (widget_class, "members.bulk-remove", NULL, bulk_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "members.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "members.bulk-remove", NULL);
}

static void
vd_members_page_init (VdMembersPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GListStore) all = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(GtkStringObject) all_projects = gtk_string_object_new (_("All Projects"));
  g_autoptr(GtkFlattenListModel) projects = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  set_cell_factory (self->name_column, CELL_NAME);
  set_cell_factory (self->email_column, CELL_EMAIL);
  set_cell_factory (self->role_column, CELL_ROLE);
  set_cell_factory (self->projects_column, CELL_PROJECTS);
  set_cell_factory (self->billing_column, CELL_BILLING);
  set_cell_factory (self->api_column, CELL_API);
  set_cell_factory (self->joined_column, CELL_JOINED);

  self->cancellable = g_cancellable_new ();

  self->list = vd_member_list_new (NULL);
  self->window = vd_member_window_new (self->list);
  vd_member_window_set_pace (self->window, ROWS_PER_STEP);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->window));
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (update_visible_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::busy", G_CALLBACK (update_visible_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->window, "notify::busy", G_CALLBACK (list_busy_cb), self,
                           G_CONNECT_SWAPPED);

  self->scroller = vd_member_scroller_new (self->column_view, self->window, self->scrollbar);
  g_signal_connect_object (self->list, "notify::n-selected", G_CALLBACK (update_bulk_bar), self,
                           G_CONNECT_SWAPPED);

  set_column_sorter (self->name_column, VD_MEMBER_COLUMN_NAME);
  set_column_sorter (self->email_column, VD_MEMBER_COLUMN_EMAIL);
  set_column_sorter (self->role_column, VD_MEMBER_COLUMN_ROLE);
  set_column_sorter (self->projects_column, VD_MEMBER_COLUMN_PROJECTS);
  set_column_sorter (self->billing_column, VD_MEMBER_COLUMN_BILLING);
  set_column_sorter (self->api_column, VD_MEMBER_COLUMN_API);
  set_column_sorter (self->joined_column, VD_MEMBER_COLUMN_JOINED);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, 0);

  /* "All Projects", then the store's projects as they come and go */
  g_list_store_append (all, all_projects);
  self->project_sections = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (self->project_sections, all);
  projects = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->project_sections)));
  g_signal_connect (factory, "setup", G_CALLBACK (project_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (project_item_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (project_item_unbind_cb), NULL);
  gtk_drop_down_set_factory (self->project_dropdown, factory);
  gtk_drop_down_set_model (self->project_dropdown, G_LIST_MODEL (projects));

  g_signal_connect_object (self->role_dropdown, "notify::selected", G_CALLBACK (role_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project_dropdown, "notify::selected-item", G_CALLBACK (project_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* One Tab stop: the arrow keys move between rows */
  vd_ui_set_single_tab_stop (GTK_WIDGET (self->column_view));
  self->at_start = TRUE;
  {
    GtkAdjustment *hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view));

    g_signal_connect_object (hadjustment, "changed", G_CALLBACK (hadjustment_changed_cb), self, 0);
    g_signal_connect_object (hadjustment, "value-changed", G_CALLBACK (hadjustment_value_changed_cb), self, 0);
  }

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), "com.vidinfra.Admin", TRUE);
  if (schema != NULL)
    self->settings = g_settings_new ("com.vidinfra.Admin");
  restore_sort (self);
  update_visible_page (self);
  update_bulk_bar (self);
}
