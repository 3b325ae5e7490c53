/* test-ui-members.c — the members page, driven under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vd-member-editor.h"
#include "vd-member-list.h"
#include "vd-member-window.h"
#include "vd-members-page.h"
#include "vd-test-ui.h"
#include "vd-text-cell.h"

static VdTestServer *demo;

typedef struct
{
  VdAccount           *account;
  VdOrganizationStore *store;
  char                *token;      /* the same person's, for asking the server */
  GtkWidget           *window;
  VdMembersPage       *page;
  GtkColumnView       *view;
  VdMemberWindow      *rows_window; /* the column view's model: the rows on screen */
  GListModel          *rows;       /* the whole list they are a window of: what the page shows, in order */
  GtkDropDown         *role_dropdown;
  GtkDropDown         *project_dropdown;
  guint                n_invites;  /* win.invite activations */
} Fixture;

static void
invite_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->n_invites++;
}

/* Sorted and filtered all the way (a long list is, in a worker) */
static gboolean
settled (gpointer data)
{
  Fixture *fixture = data;

  return !vd_member_list_get_busy (VD_MEMBER_LIST (fixture->rows)) &&
         !vd_member_window_get_busy (fixture->rows_window);
}

/* The member the row at @position shows (the store keeps it alive) */
static VdMember *
member_at (Fixture *fixture,
           guint    position)
{
  g_autoptr(VdMemberRow) row = g_list_model_get_item (fixture->rows, position);

  g_assert_nonnull (row);
  return vd_member_row_get_member (row);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char *email = user_data ? user_data : VD_TEST_OWNER;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) invite = g_simple_action_new ("invite", NULL);
  GtkWidget *overlay = adw_toast_overlay_new ();
  g_autoptr(GSettings) settings = g_settings_new ("com.vidinfra.Admin");

  /* Each test starts from the default order (the memory backend keeps what
   * an earlier test chose) */
  g_settings_reset (settings, "members-sort-column");
  g_settings_reset (settings, "members-sort-descending");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->account = vd_test_ui_sign_in (demo, email);
  fixture->store = vd_test_ui_load_store (fixture->account);
  fixture->token = vd_test_login (demo, email, VD_TEST_PASSWORD, NULL);

  /* The window's "win.invite", as VdWindow provides it */
  g_signal_connect (invite, "activate", G_CALLBACK (invite_activated_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (invite));

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 640);
  gtk_widget_insert_action_group (fixture->window, "win", G_ACTION_GROUP (group));
  fixture->page = g_object_new (VD_TYPE_MEMBERS_PAGE, NULL);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  vd_members_page_set_store (fixture->page, fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));

  fixture->view = GTK_COLUMN_VIEW (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (fixture->view);
  fixture->rows_window = VD_MEMBER_WINDOW (gtk_column_view_get_model (fixture->view));
  g_assert_true (VD_IS_MEMBER_WINDOW (fixture->rows_window));
  fixture->rows = G_LIST_MODEL (vd_member_window_get_list (fixture->rows_window));

  /* The role filter comes first, the project filter second */
  fixture->role_dropdown = GTK_DROP_DOWN (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_DROP_DOWN));
  fixture->project_dropdown = GTK_DROP_DOWN (vd_test_ui_find_by_type (gtk_widget_get_next_sibling (GTK_WIDGET (fixture->role_dropdown)),
                                                                      GTK_TYPE_DROP_DOWN));
  g_assert_nonnull (fixture->role_dropdown);
  g_assert_nonnull (fixture->project_dropdown);

  vd_test_ui_wait_until (settled, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vd_test_ui_flush ();
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->token, g_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

typedef struct
{
  Fixture *fixture;
  guint    n;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return settled (wait->fixture) && g_list_model_get_n_items (wait->fixture->rows) == wait->n;
}

static void
wait_for_count (Fixture *fixture,
                guint    n)
{
  CountWait wait = { fixture, n };

  vd_test_ui_wait_until (count_is, &wait);
}

static guint
n_members (Fixture *fixture)
{
  return g_list_model_get_n_items (vd_organization_store_get_members (fixture->store));
}

/* How many members the server lists with this query ("" for all) */
static guint
server_count (Fixture    *fixture,
              const char *query)
{
  g_autofree char *path = g_strdup_printf ("/members?limit=1%s", query);
  g_autoptr(VdTestResponse) response =
    vd_test_request_full (demo, "GET", path, fixture->token,
                          vd_organization_store_get_organization_id (fixture->store), NULL, NULL, 0);

  vd_test_assert_status (response, 200, NULL);
  return (guint) vd_test_response_total (response);
}

/* The member as the server holds it: its permissions, and its role */
static VdPermissions *
server_member (Fixture    *fixture,
               VdMember   *member,
               guint       expected_status,
               char      **role)
{
  g_autofree char *path = g_strdup_printf ("/members/%s", vd_member_get_id (member));
  g_autoptr(VdTestResponse) response =
    vd_test_request_full (demo, "GET", path, fixture->token,
                          vd_organization_store_get_organization_id (fixture->store), NULL, NULL, 0);
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  VdPermissions *permissions;

  vd_test_assert_status (response, expected_status, NULL);
  if (expected_status != 200)
    return NULL;

  result = vd_test_result_object (response);
  permissions = vd_permissions_new_from_json (vd_organization_store_get_organization_id (fixture->store),
                                              json_object_get_member (result, "permissions"),
                                              VD_PARSE_TOLERANT, NULL, &error);
  g_assert_no_error (error);
  if (role != NULL)
    *role = g_strdup (vd_test_jstr (result, "role"));
  return permissions;
}

static VdMember *
member_by_email (Fixture    *fixture,
                 const char *email)
{
  GListModel *members = vd_organization_store_get_members (fixture->store);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (members, i);

      if (g_str_equal (vd_member_get_email (member), email))
        return member;   /* the store keeps it alive */
    }

  g_error ("No member %s", email);
  return NULL;
}

static guint
row_of (Fixture  *fixture,
        VdMember *member)
{
  for (guint i = 0; i < g_list_model_get_n_items (fixture->rows); i++)
    {
      if (member_at (fixture, i) == member)
        return i;
    }

  g_error ("%s is not shown", vd_member_get_email (member));
  return 0;
}

static void
select_members (Fixture    *fixture,
                const char *first_email,
                ...)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (fixture->rows);
  va_list args;

  gtk_selection_model_unselect_all (selection);
  va_start (args, first_email);
  for (const char *email = first_email; email != NULL; email = va_arg (args, const char *))
    gtk_selection_model_select_item (selection, row_of (fixture, member_by_email (fixture, email)), FALSE);
  va_end (args);
}

/* What a cell of the members table shows */
static const char *
shown_text (GtkWidget *widget)
{
  if (VD_IS_TEXT_CELL (widget))
    return vd_text_cell_get_text (VD_TEXT_CELL (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  return NULL;
}

/* The first widget named @name under @root that shows @text (NULL: any) */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name,
            const char *text)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 &&
      (text == NULL || g_strcmp0 (shown_text (root), text) == 0))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A cell of the row showing @email, NULL while that row is not drawn */
static VdTextCell *
find_cell (Fixture    *fixture,
           const char *email,
           const char *cell)
{
  GtkWidget *email_cell = find_named (GTK_WIDGET (fixture->view), "email-cell", email);
  GtkWidget *row, *widget;

  if (email_cell == NULL || !gtk_widget_get_mapped (email_cell))
    return NULL;

  /* text → cell → row */
  row = gtk_widget_get_parent (gtk_widget_get_parent (email_cell));
  widget = find_named (row, cell, NULL);
  g_assert_true (VD_IS_TEXT_CELL (widget));
  return VD_TEXT_CELL (widget);
}

static const char *
cell_text (Fixture    *fixture,
           const char *email,
           const char *cell)
{
  VdTextCell *widget = find_cell (fixture, email, cell);

  return widget != NULL ? vd_text_cell_get_text (widget) : NULL;
}

/* The role tag of the row showing @email is tinted as @tone, and has the
 * style classes of every other role tag: a class a role would restyle
 * the window whenever a row's member changed, and GDK 4.8 on X11 then
 * lays the window out again, asking X for the monitor's work area (round
 * trips that were half of a scrolling frame) */
static void
assert_role_tag (Fixture        *fixture,
                 const char     *email,
                 VdTextCellTone  tone)
{
  VdTextCell *tag = find_cell (fixture, email, "role-cell");
  VdTextCell *owners = find_cell (fixture, VD_TEST_OWNER, "role-cell");
  g_auto(GStrv) classes = NULL;
  g_auto(GStrv) owners_classes = NULL;

  g_assert_nonnull (tag);
  g_assert_nonnull (owners);
  g_assert_true (vd_text_cell_get_tag (tag));
  g_assert_cmpint (vd_text_cell_get_text_tone (tag), ==, tone);
  g_assert_cmpint (vd_text_cell_get_text_tone (owners), ==, VD_TEXT_CELL_TONE_ACCENT);
  classes = gtk_widget_get_css_classes (GTK_WIDGET (tag));
  owners_classes = gtk_widget_get_css_classes (GTK_WIDGET (owners));
  g_assert_true (g_strv_equal ((const char * const *) classes, (const char * const *) owners_classes));
}

typedef struct
{
  Fixture    *fixture;
  const char *email;
  const char *cell;
  const char *text;
} CellWait;

static gboolean
cell_is (gpointer data)
{
  CellWait *wait = data;

  return g_strcmp0 (cell_text (wait->fixture, wait->email, wait->cell), wait->text) == 0;
}

static void
wait_for_cell (Fixture    *fixture,
               const char *email,
               const char *cell,
               const char *text)
{
  CellWait wait = { fixture, email, cell, text };

  vd_test_ui_wait_until (cell_is, &wait);
}

static gboolean
no_dialog (gpointer data)
{
  return vd_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

static gboolean
bar_ready (gpointer data)
{
  Fixture *fixture = data;

  GtkWidget *grant = vd_test_ui_find_by_label (GTK_WIDGET (fixture->page), "Grant…");

  return grant != NULL && gtk_widget_is_sensitive (grant);
}

/* The text of every label under @root, one a line */
static void
collect_text (GtkWidget *root,
              GString   *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static char *
dialog_text (AdwMessageDialog *dialog)
{
  GString *text = g_string_new (adw_message_dialog_get_body (dialog));

  g_string_append_c (text, '\n');
  collect_text (adw_message_dialog_get_extra_child (dialog), text);
  return g_string_free (text, FALSE);
}

/* A screenshot once the window has drawn what it shows now */
static char *
screenshot (GtkWidget  *widget,
            const char *name)
{
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  vd_test_ui_wait_frames (GTK_WIDGET (gtk_widget_get_root (widget)), 2);
  return vd_test_ui_screenshot (widget, name);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}


static void
test_search_and_sort (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkEditable *search;
  VdMember *first, *member;

  /* Every member, sorted by name */
  wait_for_count (fixture, n_members (fixture));
  first = member_at (fixture, 0);
  g_assert_cmpstr (vd_member_get_display_name (first), ==, "Aiko Nakamura");

  /* Search as you type, by name or by email */
  search = GTK_EDITABLE (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (search, "baptiste");
  wait_for_count (fixture, 1);
  member = member_at (fixture, 0);
  g_assert_cmpstr (vd_member_get_email (member), ==, "baptiste2@acme.test");

  gtk_editable_set_text (search, "@northwind");
  wait_for_count (fixture, 0);

  gtk_editable_set_text (search, "");
  wait_for_count (fixture, n_members (fixture));

  /* Sorting by another column: roles, owners first */
  {
    GListModel *columns = gtk_column_view_get_columns (fixture->view);
    g_autoptr(GtkColumnViewColumn) role_column = g_list_model_get_item (columns, 2);
    VdMember *top, *bottom;

    g_assert_cmpstr (gtk_column_view_column_get_title (role_column), ==, "Role");
    gtk_column_view_sort_by_column (fixture->view, role_column, GTK_SORT_ASCENDING);
    vd_test_ui_wait_until (settled, fixture);
    top = member_at (fixture, 0);
    g_assert_cmpint (vd_member_get_role (top), ==, VD_ROLE_OWNER);
    gtk_column_view_sort_by_column (fixture->view, role_column, GTK_SORT_DESCENDING);
    vd_test_ui_wait_until (settled, fixture);
    bottom = member_at (fixture, g_list_model_get_n_items (fixture->rows) - 1);
    g_assert_cmpint (vd_member_get_role (bottom), ==, VD_ROLE_OWNER);
  }

  /* The order is kept: a page made later starts with it */
  {
    g_autoptr(GSettings) settings = g_settings_new ("com.vidinfra.Admin");
    VdMembersPage *later = g_object_ref_sink (g_object_new (VD_TYPE_MEMBERS_PAGE, NULL));
    GtkColumnView *view = GTK_COLUMN_VIEW (vd_test_ui_find_by_type (GTK_WIDGET (later), GTK_TYPE_COLUMN_VIEW));
    VdMemberList *list = vd_member_window_get_list (VD_MEMBER_WINDOW (gtk_column_view_get_model (view)));
    g_autofree char *column = g_settings_get_string (settings, "members-sort-column");

    g_assert_cmpstr (column, ==, "role");
    g_assert_true (g_settings_get_boolean (settings, "members-sort-descending"));
    g_assert_cmpint (vd_member_list_get_sort_column (list), ==, VD_MEMBER_COLUMN_ROLE);
    g_assert_true (vd_member_list_get_sort_descending (list));

    /* A page going away (its columns leave its view) changes nothing */
    g_object_unref (later);
    g_clear_pointer (&column, g_free);
    column = g_settings_get_string (settings, "members-sort-column");
    g_assert_cmpstr (column, ==, "role");
    g_assert_true (g_settings_get_boolean (settings, "members-sort-descending"));
  }
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const char *roles[] = { NULL, "owner", "admin", "member" };
  GListModel *projects = vd_organization_store_get_projects (fixture->store);
  GtkEditable *search = GTK_EDITABLE (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_SEARCH_ENTRY));
  g_autofree char *empty_shot = NULL;

  wait_for_count (fixture, n_members (fixture));
  g_assert_cmpuint (n_members (fixture), ==, server_count (fixture, ""));
  g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 3);
  /* "All Projects", then each project */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (fixture->project_dropdown)), ==, 4);

  /* Each role, then each project, then both: as many as the server says */
  for (guint r = 1; r < G_N_ELEMENTS (roles); r++)
    {
      g_autofree char *query = g_strdup_printf ("&filter%%5Brole%%5D%%5Beq%%5D=%s", roles[r]);
      guint expected = server_count (fixture, query);

      g_assert_cmpuint (expected, >, 0);
      gtk_drop_down_set_selected (fixture->role_dropdown, r);
      wait_for_count (fixture, expected);
    }
  g_assert_cmpuint (g_list_model_get_n_items (fixture->rows), <, n_members (fixture));
  gtk_drop_down_set_selected (fixture->role_dropdown, 0);
  wait_for_count (fixture, n_members (fixture));

  for (guint p = 0; p < g_list_model_get_n_items (projects); p++)
    {
      g_autoptr(VdProject) project = g_list_model_get_item (projects, p);
      g_autofree char *query = g_strdup_printf ("&filter%%5Bproject_id%%5D%%5Beq%%5D=%s", vd_project_get_id (project));
      g_autofree char *both = g_strdup_printf ("%s&filter%%5Brole%%5D%%5Beq%%5D=member", query);
      g_autofree char *searched = g_strdup_printf ("%s&search=an", both);
      guint expected = server_count (fixture, query);

      g_assert_cmpuint (expected, >, 0);
      gtk_drop_down_set_selected (fixture->project_dropdown, p + 1);
      g_assert_true (gtk_drop_down_get_selected_item (fixture->project_dropdown) == (gpointer) project);
      wait_for_count (fixture, expected);

      /* Combined with the role */
      gtk_drop_down_set_selected (fixture->role_dropdown, 3);
      wait_for_count (fixture, server_count (fixture, both));

      /* And with the search */
      gtk_editable_set_text (search, "an");
      wait_for_count (fixture, server_count (fixture, searched));
      gtk_editable_set_text (search, "");
      gtk_drop_down_set_selected (fixture->role_dropdown, 0);
    }

  /* Nobody matches: the empty state says what to do, and its button undoes the filters */
  gtk_drop_down_set_selected (fixture->role_dropdown, 1);
  wait_for_count (fixture, 0);
  vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "No Members Found");
  empty_shot = screenshot (GTK_WIDGET (fixture->page), "members-empty");
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Show All Members"));
  wait_for_count (fixture, n_members (fixture));
  g_assert_cmpuint (gtk_drop_down_get_selected (fixture->role_dropdown), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (fixture->project_dropdown), ==, 0);
}

static gboolean
window_is_narrow (gpointer data)
{
  return gtk_widget_get_width (gtk_window_get_child (data)) == 360;
}

/* As an admin: the owner, oneself and the other admin are skipped, two members get billing */
static void
test_bulk_grant (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char *changed[] = { "chiara3@acme.test", "dmitri4@acme.test" };
  VdMember *members[2];
  guint notifies[2] = { 0, 0 };
  AdwMessageDialog *dialog;
  GtkDropDown *choice;
  g_autofree char *text = NULL;
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *narrow = NULL;
  g_autofree char *confirm = NULL;

  wait_for_count (fixture, n_members (fixture));
  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    {
      members[i] = member_by_email (fixture, changed[i]);
      g_assert_false (vd_permissions_get_billing (vd_member_get_permissions (members[i])));
      g_signal_connect (vd_member_get_permissions (members[i]), "notify::billing",
                        G_CALLBACK (notify_count_cb), &notifies[i]);
    }

  /* Nothing selected: no bar */
  g_assert_false (gtk_action_bar_get_revealed (GTK_ACTION_BAR (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page),
                                                                                        GTK_TYPE_ACTION_BAR))));

  select_members (fixture, VD_TEST_OWNER, VD_TEST_ADMIN, "farah6@acme.test", changed[0], changed[1], NULL);
  vd_test_ui_wait_until (bar_ready, fixture);
  g_assert_true (gtk_action_bar_get_revealed (GTK_ACTION_BAR (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page),
                                                                                       GTK_TYPE_ACTION_BAR))));
  vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "5 selected");
  wait_for_cell (fixture, changed[0], "billing-cell", "No");

  /* How it looks, with the selection and the bulk bar */
  light = screenshot (GTK_WIDGET (fixture->page), "members-selected");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  dark = screenshot (GTK_WIDGET (fixture->page), "members-selected-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  vd_test_ui_wait_until (window_is_narrow, fixture->window);
  narrow = screenshot (GTK_WIDGET (fixture->page), "members-selected-360");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 640);

  /* One confirmation, naming who changes and who is skipped */
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Grant…"));
  dialog = vd_test_ui_wait_message_dialog ("Grant Access?");
  choice = GTK_DROP_DOWN (vd_test_ui_find_by_type (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_DROP_DOWN));
  gtk_drop_down_set_selected (choice, 0);
  text = dialog_text (dialog);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Billing will be granted to 2 members."));
  g_assert_nonnull (strstr (text, "Chiara Lindqvist, Dmitri Costa"));
  g_assert_nonnull (strstr (text, "owners are not changed here: Amelia Hart"));
  g_assert_nonnull (strstr (text, "cannot change yourself here: Bruno Díaz"));
  g_assert_nonnull (strstr (text, "only owners can change admins: Farah Berg"));
  confirm = screenshot (GTK_WIDGET (dialog), "members-confirm-grant");

  /* API instead: the list follows the choice */
  gtk_drop_down_set_selected (choice, 1);
  g_clear_pointer (&text, g_free);
  text = dialog_text (dialog);
  g_assert_nonnull (strstr (text, "API will be granted to 1 member."));
  g_assert_nonnull (strstr (text, "Unchanged, as it is so already: Dmitri Costa"));
  gtk_drop_down_set_selected (choice, 0);

  vd_test_ui_click_response (dialog, "Grant");
  vd_test_ui_wait_until (no_dialog, NULL);

  /* Both rows change through notify, on the same objects */
  wait_for_cell (fixture, changed[0], "billing-cell", "Yes");
  wait_for_cell (fixture, changed[1], "billing-cell", "Yes");
  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    {
      g_autoptr(VdPermissions) held = server_member (fixture, members[i], 200, NULL);

      g_assert_true (member_by_email (fixture, changed[i]) == members[i]);
      g_assert_true (vd_permissions_get_billing (vd_member_get_permissions (members[i])));
      g_assert_cmpuint (notifies[i], ==, 1);
      g_assert_true (vd_permissions_get_billing (held));
      g_signal_handlers_disconnect_by_data (vd_member_get_permissions (members[i]), &notifies[i]);
    }

  /* The skipped were left alone */
  {
    g_autoptr(VdPermissions) owner = server_member (fixture, member_by_email (fixture, VD_TEST_OWNER), 200, NULL);
    g_autoptr(VdPermissions) admin = server_member (fixture, member_by_email (fixture, VD_TEST_ADMIN), 200, NULL);

    g_assert_false (vd_permissions_get_billing (owner));
    g_assert_false (vd_permissions_get_billing (admin));
  }
}

/* Changing a member through the store: its row's cells follow */
static void
test_store_updates_rows (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const char *email = "baptiste2@acme.test";
  VdMember *member = member_by_email (fixture, email);
  g_autoptr(VdPermissions) permissions = vd_permissions_copy (vd_member_get_permissions (member));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdPermissions) held = NULL;
  g_autofree char *role = NULL;

  wait_for_count (fixture, n_members (fixture));
  wait_for_cell (fixture, email, "api-cell", "No");
  wait_for_cell (fixture, email, "role-cell", "Member");
  assert_role_tag (fixture, email, VD_TEXT_CELL_TONE_NORMAL);

  vd_permissions_set_api (permissions, TRUE);
  vd_organization_store_update_member_async (fixture->store, member, VD_ROLE_ADMIN, permissions, NULL,
                                             vd_test_ui_got_result, &result);
  vd_test_ui_wait_result (&result);
  g_assert_true (vd_organization_store_update_member_finish (fixture->store, result, &error));
  g_assert_no_error (error);

  wait_for_cell (fixture, email, "api-cell", "Yes");
  wait_for_cell (fixture, email, "role-cell", "Admin");
  assert_role_tag (fixture, email, VD_TEXT_CELL_TONE_WARNING);
  wait_for_cell (fixture, email, "projects-cell", "All projects");
  held = server_member (fixture, member, 200, &role);
  g_assert_cmpstr (role, ==, "admin");
  g_assert_true (vd_permissions_get_api (held));

  /* And back, with the bulk role change */
  select_members (fixture, email, NULL);
  vd_test_ui_wait_until (bar_ready, fixture);
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Role…"));
  {
    AdwMessageDialog *dialog = vd_test_ui_wait_message_dialog ("Change Role?");
    GtkDropDown *choice = GTK_DROP_DOWN (vd_test_ui_find_by_type (adw_message_dialog_get_extra_child (dialog),
                                                                  GTK_TYPE_DROP_DOWN));
    g_autofree char *text = NULL;

    /* Member first; an owner may also make admins and owners */
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (choice)), ==, 3);
    gtk_drop_down_set_selected (choice, 0);
    text = dialog_text (dialog);
    g_assert_nonnull (strstr (text, "1 member will become Member."));
    vd_test_ui_click_response (dialog, "Change Role");
  }
  wait_for_cell (fixture, email, "role-cell", "Member");
  assert_role_tag (fixture, email, VD_TEXT_CELL_TONE_NORMAL);
  g_clear_pointer (&role, g_free);
  g_clear_object (&held);
  held = server_member (fixture, member, 200, &role);
  g_assert_cmpstr (role, ==, "member");
}

/* Rows keep coming while members arrive between every two frames (a frame
 * after the count changed adds none; the next one does) */
typedef struct
{
  Fixture *fixture;
  guint    arrived;
} Arrivals;

static void
arrive_cb (GdkFrameClock *clock,
           Arrivals      *arrivals)
{
  g_autofree char *email = g_strdup_printf ("arrival%03u@acme.test", arrivals->arrived);
  g_autoptr(VdMember) member = vd_test_member_new (vd_organization_store_get_organization_id (arrivals->fixture->store),
                                                   "Arrival", email);

  g_list_store_append (G_LIST_STORE (vd_organization_store_get_members (arrivals->fixture->store)), member);
  arrivals->arrived++;
}

static gboolean
no_rows (gpointer data)
{
  Fixture *fixture = data;

  return settled (fixture) && g_list_model_get_n_items (G_LIST_MODEL (fixture->rows_window)) == 0;
}

static void
test_rows_while_members_arrive (Fixture       *fixture,
                                gconstpointer  user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (fixture->window);
  guint page_size = vd_member_window_get_page_size (fixture->rows_window);
  Arrivals arrivals = { fixture, 0 };
  gulong handler;

  g_assert_true (G_IS_LIST_STORE (vd_organization_store_get_members (fixture->store)));
  vd_member_list_set_search (VD_MEMBER_LIST (fixture->rows), "nobody at all");
  vd_test_ui_wait_until (no_rows, fixture);

  /* Everyone again, a member coming after every frame */
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (arrive_cb), &arrivals);
  vd_member_list_set_search (VD_MEMBER_LIST (fixture->rows), NULL);
  vd_test_ui_wait_until (settled, fixture);
  g_signal_handler_disconnect (clock, handler);

  g_test_message ("%u rows while %u members came", page_size, arrivals.arrived);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->rows_window)), ==, page_size);
  g_assert_cmpuint (arrivals.arrived, <=, 2 * page_size + 4);
}

static gboolean
member_gone (gpointer data)
{
  gpointer *args = data;

  return vd_organization_store_lookup_member (args[0], args[1]) == NULL;
}

static void
test_bulk_remove (Fixture       *fixture,
                  gconstpointer  user_data)
{
  const char *emails[] = { "elif5@acme.test", "gustavo7@acme.test" };
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  guint before = n_members (fixture);
  guint server_before = server_count (fixture, "");
  AdwMessageDialog *dialog;
  g_autofree char *text = NULL;

  wait_for_count (fixture, before);
  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    g_ptr_array_add (members, g_object_ref (member_by_email (fixture, emails[i])));

  select_members (fixture, VD_TEST_OWNER, emails[0], emails[1], NULL);
  vd_test_ui_wait_until (bar_ready, fixture);
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Remove…"));
  dialog = vd_test_ui_wait_message_dialog ("Remove Members?");
  text = dialog_text (dialog);
  g_assert_nonnull (strstr (text, "2 members will be removed from the organization."));
  g_assert_nonnull (strstr (text, "cannot change yourself here: Amelia Hart"));

  /* Cancel changes nothing */
  vd_test_ui_click_response (dialog, "Cancel");
  vd_test_ui_wait_until (no_dialog, NULL);
  g_assert_cmpuint (server_count (fixture, ""), ==, server_before);

  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Remove…"));
  dialog = vd_test_ui_wait_message_dialog ("Remove Members?");
  vd_test_ui_click_response (dialog, "Remove");

  for (guint i = 0; i < members->len; i++)
    {
      gpointer args[2] = { fixture->store, (gpointer) vd_member_get_id (g_ptr_array_index (members, i)) };

      vd_test_ui_wait_until (member_gone, args);
      g_assert_null (server_member (fixture, g_ptr_array_index (members, i), 404, NULL));
    }
  wait_for_count (fixture, before - 2);
  g_assert_cmpuint (server_count (fixture, ""), ==, server_before - 2);
  /* The owner stays */
  g_assert_nonnull (member_by_email (fixture, VD_TEST_OWNER));
}

/* A change the server refuses is reported by member, with a retry */
static void
test_bulk_failure (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *email = "hanna8@acme.test";
  VdMember *member = member_by_email (fixture, email);
  g_autofree char *path = g_strdup_printf ("/members/%s", vd_member_get_id (member));
  g_autoptr(VdTestResponse) removed = NULL;
  AdwMessageDialog *dialog;
  g_autofree char *text = NULL;

  wait_for_count (fixture, n_members (fixture));

  /* Gone on the server, behind the store's back */
  removed = vd_test_request_full (demo, "DELETE", path, fixture->token,
                                  vd_organization_store_get_organization_id (fixture->store), NULL, NULL, 0);
  vd_test_assert_status (removed, 200, NULL);

  select_members (fixture, email, NULL);
  vd_test_ui_wait_until (bar_ready, fixture);
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Grant…"));
  dialog = vd_test_ui_wait_message_dialog ("Grant Access?");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (vd_test_ui_find_by_type (adw_message_dialog_get_extra_child (dialog),
                                                                      GTK_TYPE_DROP_DOWN)), 1);
  vd_test_ui_click_response (dialog, "Grant");

  dialog = vd_test_ui_wait_message_dialog ("Could Not Change 1 Member");
  text = g_strdup (adw_message_dialog_get_body (dialog));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Hanna Ortiz: "));

  /* Retry: the same member, refused again */
  vd_test_ui_click_response (dialog, "Retry");
  vd_test_ui_wait_until (no_dialog, NULL);
  dialog = vd_test_ui_wait_message_dialog ("Could Not Change 1 Member");
  vd_test_ui_click_response (dialog, "Close");
  vd_test_ui_wait_until (no_dialog, NULL);
  g_assert_false (vd_permissions_get_api (vd_member_get_permissions (member)));
}

static gboolean
exported (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
test_export (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *email = "ines9@acme.test";
  g_autofree char *member_token = vd_test_login (demo, email, VD_TEST_PASSWORD, NULL);
  g_autoptr(VdTestResponse) renamed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *columns = gtk_column_view_get_columns (fixture->view);
  g_autoptr(GtkColumnViewColumn) email_column = g_list_model_get_item (columns, 1);
  GtkEditable *search = GTK_EDITABLE (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_SEARCH_ENTRY));
  g_autofree char *directory = g_dir_make_tmp ("vd-members-XXXXXX", &error);
  g_autofree char *path = g_build_filename (directory, "members.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n;

  g_assert_no_error (error);

  /* A name a spreadsheet would run, and one that needs quoting */
  renamed = vd_test_request (demo, "PUT", "/auth/profiles", member_token,
                             "{\"first_name\": \"=HYPERLINK(\\\"http://x\\\")\", \"last_name\": \"Smith, \\\"Jr\\\"\"}");
  vd_test_assert_status (renamed, 200, NULL);
  /* A reload updates the member in place: its row follows */
  vd_organization_store_load_async (fixture->store, NULL, vd_test_ui_got_result, &result);
  vd_test_ui_wait_result (&result);
  g_assert_true (vd_organization_store_load_finish (fixture->store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  gtk_editable_set_text (search, "ines9");
  wait_for_count (fixture, 1);
  wait_for_cell (fixture, email, "name-cell", "=HYPERLINK(\"http://x\") Smith, \"Jr\"");
  gtk_editable_set_text (search, "");

  /* Members only, by email backwards */
  gtk_drop_down_set_selected (fixture->role_dropdown, 3);
  g_assert_cmpstr (gtk_column_view_column_get_title (email_column), ==, "Email");
  gtk_column_view_sort_by_column (fixture->view, email_column, GTK_SORT_DESCENDING);
  wait_for_count (fixture, server_count (fixture, "&filter%5Brole%5D%5Beq%5D=member"));
  n = g_list_model_get_n_items (fixture->rows);

  vd_members_page_export_csv_async (fixture->page, file, NULL, vd_test_ui_got_result, &result);
  vd_test_ui_wait_until (exported, &result);
  g_assert_true (vd_members_page_export_csv_finish (fixture->page, result, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\r\n"));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n + 2);    /* header, rows, "" after the last CRLF */
  g_assert_cmpstr (lines[0], ==, "First name,Last name,Email,Role,Projects,Billing,API,Joined");
  g_assert_cmpstr (lines[n + 1], ==, "");

  /* In the order shown, each a member */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *needle = g_strdup_printf (",%s,Member,", vd_member_get_email (member_at (fixture, i)));

      g_assert_nonnull (strstr (lines[i + 1], needle));
    }

  /* Quoting and the formula guard */
  for (guint i = 1; i <= n; i++)
    if (strstr (lines[i], email) != NULL)
      {
        g_test_message ("%s", lines[i]);
        g_assert_true (g_str_has_prefix (lines[i], "\"'=HYPERLINK(\"\"http://x\"\")\",\"Smith, \"\"Jr\"\"\",ines9@acme.test,Member,"));
      }
  g_assert_nonnull (strstr (contents, "\r\nKwame,Fernández,kwame11@acme.test,Member,"));

  g_unlink (path);
  g_rmdir (directory);
}

/* Invite Member is the window's action; activating a row opens the editor */
static void
test_invite_and_editor (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkWidget *invite = vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Invite Member");
  GListModel *toplevels = NULL;
  VdMemberEditor *editor = NULL;

  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (invite)), ==, "win.invite");
  vd_test_ui_activate (invite);
  g_assert_cmpuint (fixture->n_invites, ==, 1);

  g_assert_nonnull (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Export CSV"));

  wait_for_count (fixture, n_members (fixture));
  g_signal_emit_by_name (fixture->view, "activate", 0);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (VD_IS_MEMBER_EDITOR (window))
        editor = VD_MEMBER_EDITOR (window);
    }
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  gtk_window_destroy (GTK_WINDOW (editor));
}


int
main (int   argc,
      char *argv[])
{
  /* Not isolated: GTK needs the system's data directories (the MIME
   * database tells gdk-pixbuf what an icon file is). */
  demo = vd_test_ui_init (&argc, &argv);

  g_test_add ("/vd/ui-members/search-and-sort", Fixture, NULL, fixture_set_up, test_search_and_sort, fixture_tear_down);
  g_test_add ("/vd/ui-members/filters", Fixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/vd/ui-members/bulk-grant", Fixture, VD_TEST_ADMIN, fixture_set_up, test_bulk_grant, fixture_tear_down);
  g_test_add ("/vd/ui-members/store-updates-rows", Fixture, NULL, fixture_set_up, test_store_updates_rows,
              fixture_tear_down);
  g_test_add ("/vd/ui-members/rows-while-members-arrive", Fixture, NULL, fixture_set_up,
              test_rows_while_members_arrive, fixture_tear_down);
  g_test_add ("/vd/ui-members/bulk-remove", Fixture, NULL, fixture_set_up, test_bulk_remove, fixture_tear_down);
  g_test_add ("/vd/ui-members/bulk-failure", Fixture, NULL, fixture_set_up, test_bulk_failure, fixture_tear_down);
  g_test_add ("/vd/ui-members/export-csv", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/vd/ui-members/invite-and-editor", Fixture, NULL, fixture_set_up, test_invite_and_editor,
              fixture_tear_down);

  return vd_test_ui_run (demo);
}
