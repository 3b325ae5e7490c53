/* test-ui-member-editor.c — the member editor and its permission editor,
 * driven under Xvfb against vidinfra-local with the demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vd-member-editor.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

typedef struct
{
  VdAccount           *account;
  VdOrganizationStore *store;
  GtkWidget           *window;     /* the "main window": a toast overlay */
  char                *token;      /* the owner's, to check the server */
} Fixture;

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *email = data ? data : VD_TEST_OWNER;
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *label = gtk_label_new ("Members");

  fixture->account = vd_test_ui_sign_in (demo, email);
  fixture->store = vd_test_ui_load_store (fixture->account);
  fixture->token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 600);
  gtk_widget_set_size_request (label, 400, 300);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), label);
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vd_test_ui_wait_until (mapped, fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vd_test_ui_flush ();
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->token, g_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static VdMember *
find_member (VdOrganizationStore *store,
             const char          *email)
{
  GListModel *members = vd_organization_store_get_members (store);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (members, i);

      if (g_strcmp0 (vd_member_get_email (member), email) == 0)
        return member;
    }

  g_error ("No member %s", email);
  return NULL;
}

static VdProject *
find_project (VdOrganizationStore *store,
              const char          *name)
{
  GListModel *projects = vd_organization_store_get_projects (store);

  for (guint i = 0; i < g_list_model_get_n_items (projects); i++)
    {
      g_autoptr(VdProject) project = g_list_model_get_item (projects, i);

      if (g_strcmp0 (vd_project_get_name (project), name) == 0)
        return project;
    }

  g_error ("No project %s", name);
  return NULL;
}

/* Lets layout settle over a few frames, then writes the screenshot */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = NULL;

  vd_test_ui_wait_frames (widget, 3);
  path = vd_test_ui_screenshot (widget, name);
  g_test_message ("Screenshot: %s", path);
}

static VdMemberEditor *
open_editor (Fixture    *fixture,
             const char *email,
             int         width,
             int         height)
{
  VdMember *member = find_member (fixture->store, email);
  VdMemberEditor *editor = vd_member_editor_new (GTK_WINDOW (fixture->window), fixture->store, member);

  vd_member_editor_set_account (editor, fixture->account);
  gtk_window_set_default_size (GTK_WINDOW (editor), width, height);
  gtk_window_present (GTK_WINDOW (editor));
  vd_test_ui_wait_until (mapped, editor);
  vd_test_ui_flush ();

  return editor;
}

/* A check box inside a row, by its label ("Read", "Write", "Delete") */
static GtkWidget *
get_check (GtkWidget  *row,
           const char *label)
{
  GtkWidget *found = vd_test_ui_get_by_label (row, label);
  GtkWidget *check = GTK_IS_CHECK_BUTTON (found) ? found : gtk_widget_get_ancestor (found, GTK_TYPE_CHECK_BUTTON);

  g_assert_nonnull (check);
  return check;
}

static gboolean
switch_active (GtkWidget *row)
{
  GtkWidget *toggle = vd_test_ui_find_by_type (row, GTK_TYPE_SWITCH);

  g_assert_nonnull (toggle);
  return gtk_switch_get_active (GTK_SWITCH (toggle));
}

static gboolean
not_changed (gpointer data)
{
  return !vd_member_editor_get_changed (data);
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *revealer = vd_test_ui_find_by_type (data, GTK_TYPE_REVEALER);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  GHashTable *counts = user_data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static void
count_grant_added_cb (VdPermissions *permissions,
                      VdGrant       *grant,
                      guint         *count)
{
  (*count)++;
}

static guint
count_of (GHashTable *counts,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

/* What the server holds for a member */
static VdPermissions *
server_permissions (Fixture  *fixture,
                    VdMember *member,
                    char    **role)
{
  g_autofree char *path = g_strdup_printf ("/members/%s", vd_member_get_id (member));
  g_autoptr(VdTestResponse) response = vd_test_request (demo, "GET", path, fixture->token, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  VdPermissions *permissions;

  vd_test_assert_status (response, 200, NULL);
  result = vd_test_result_object (response);
  if (role != NULL)
    *role = g_strdup (vd_test_jstr (result, "role"));
  permissions = vd_permissions_new_from_json (vd_organization_store_get_organization_id (fixture->store),
                                              json_object_get_member (result, "permissions"),
                                              VD_PARSE_STRICT, NULL, &error);
  g_assert_no_error (error);
  return permissions;
}

static void
expand_custom (GtkWidget *editor,
               const char *project_name)
{
  GtkWidget *row = vd_test_ui_get_by_label (editor, project_name);

  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  vd_test_ui_flush ();
}

/* Billing, API and a project with custom rights: Save → confirm → the
 * server holds exactly that, and the store's member followed in place */
static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  VdMember *member = find_member (fixture->store, "baptiste2@acme.test");
  VdPermissions *member_permissions = vd_member_get_permissions (member);
  VdProject *marketing = find_project (fixture->store, "Marketing Videos");
  g_autoptr(VdPermissions) expected = vd_permissions_copy (member_permissions);
  g_autoptr(VdPermissions) held = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *role = NULL;
  VdMemberEditor *editor = open_editor (fixture, "baptiste2@acme.test", 600, 1400);
  GtkWidget *root = GTK_WIDGET (editor);
  AdwMessageDialog *dialog;
  GtkWidget *save = vd_test_ui_get_by_label (root, "Save");
  GtkWidget *project_row, *check, *access_row, *livestreams, *analytics, *extra;
  guint grants_added = 0;
  VdGrant *grant;

  /* The title is the member; nothing to save yet */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, vd_member_get_display_name (member));
  vd_test_ui_get_by_label (root, "baptiste2@acme.test");
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_false (switch_active (vd_test_ui_get_by_label (root, "Billing Permissions")));
  g_assert_false (vd_permissions_get_billing (member_permissions));
  g_assert_false (vd_permissions_get_api (member_permissions));
  g_assert_null (vd_permissions_lookup_grant (member_permissions, vd_project_get_id (marketing)));

  g_signal_connect (member_permissions, "notify", G_CALLBACK (count_notify_cb), counts);
  g_signal_connect (member_permissions, "grant-added", G_CALLBACK (count_grant_added_cb), &grants_added);

  /* Billing and API, as a person would: activating their rows */
  vd_test_ui_activate (vd_test_ui_get_by_label (root, "Billing Permissions"));
  vd_test_ui_activate (vd_test_ui_get_by_label (root, "API Permissions"));
  g_assert_true (switch_active (vd_test_ui_get_by_label (root, "Billing Permissions")));
  g_assert_true (switch_active (vd_test_ui_get_by_label (root, "API Permissions")));
  g_assert_true (vd_member_editor_get_changed (editor));
  g_assert_true (gtk_widget_is_sensitive (save));
  /* Only the copy changed so far */
  g_assert_false (vd_permissions_get_billing (member_permissions));

  /* Tick Marketing Videos, then Custom with rights on live streams and analytics */
  project_row = vd_test_ui_get_by_label (root, "Marketing Videos");
  check = vd_test_ui_find_by_type (project_row, GTK_TYPE_CHECK_BUTTON);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  vd_test_ui_activate (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (project_row)), ==,
                   vd_access_level_get_label (VD_ACCESS_FULL));
  expand_custom (root, "Marketing Videos");
  access_row = vd_test_ui_get_by_label (project_row, "Access Level");
  adw_combo_row_set_selected (ADW_COMBO_ROW (access_row), 2);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (project_row)), ==,
                   vd_access_level_get_label (VD_ACCESS_CUSTOM));

  livestreams = vd_test_ui_get_by_label (project_row, vd_resource_get_label (VD_RESOURCE_LIVESTREAMS));
  analytics = vd_test_ui_get_by_label (project_row, vd_resource_get_label (VD_RESOURCE_ANALYTICS));
  vd_test_ui_activate (get_check (livestreams, "Write"));
  vd_test_ui_activate (get_check (analytics, "Read"));
  /* Write brings read, which then cannot be taken away alone */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_check (livestreams, "Read"))));
  g_assert_false (gtk_widget_get_sensitive (get_check (livestreams, "Read")));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_check (livestreams, "Delete"))));

  screenshot (root, "member-editor-custom");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (root, "member-editor-custom-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Save shows what changes, in words */
  vd_test_ui_activate (save);
  dialog = vd_test_ui_wait_message_dialog (NULL);
  extra = adw_message_dialog_get_extra_child (dialog);
  g_assert_nonnull (extra);
  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (GtkWidget *line = gtk_widget_get_first_child (extra); line; line = gtk_widget_get_next_sibling (line))
      g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (line)));
    g_assert_nonnull (strstr (text->str, "• Billing: granted\n"));
    g_assert_nonnull (strstr (text->str, "• API: granted\n"));
    g_assert_nonnull (strstr (text->str, "• Marketing Videos: no access → custom\n"));
  }
  screenshot (GTK_WIDGET (dialog), "member-editor-save-dialog");
  adw_message_dialog_response (dialog, "save");
  vd_test_ui_wait_until (not_changed, editor);

  /* The server holds exactly that */
  vd_permissions_set_billing (expected, TRUE);
  vd_permissions_set_api (expected, TRUE);
  grant = vd_permissions_ensure_grant (expected, vd_project_get_id (marketing));
  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  vd_grant_set_rights (grant, VD_RESOURCE_LIVESTREAMS, VD_RIGHTS_WRITE | VD_RIGHTS_READ);
  vd_grant_set_rights (grant, VD_RESOURCE_ANALYTICS, VD_RIGHTS_READ);
  held = server_permissions (fixture, member, &role);
  g_assert_true (vd_permissions_equal (held, expected));
  g_assert_cmpstr (role, ==, "member");

  /* The store's object, updated in place with notifications */
  g_assert_true (vd_organization_store_lookup_member (fixture->store, vd_member_get_id (member)) == member);
  g_assert_true (vd_member_get_permissions (member) == member_permissions);
  g_assert_true (vd_permissions_equal (member_permissions, expected));
  g_assert_cmpuint (count_of (counts, "billing"), ==, 1);
  g_assert_cmpuint (count_of (counts, "api"), ==, 1);
  g_assert_cmpuint (count_of (counts, "n-projects"), ==, 1);
  g_assert_cmpuint (grants_added, ==, 1);

  /* The editor shows the new state, with nothing left to save */
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_true (switch_active (vd_test_ui_get_by_label (root, "Billing Permissions")));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  vd_test_ui_get_by_label (GTK_WIDGET (editor), "Changes saved");

  g_signal_handlers_disconnect_by_data (member_permissions, counts);
  g_signal_handlers_disconnect_by_data (member_permissions, &grants_added);
  gtk_window_destroy (GTK_WINDOW (editor));

  /* The same editor at 360 px, with the custom rights open */
  editor = open_editor (fixture, "baptiste2@acme.test", 360, 1200);
  expand_custom (GTK_WIDGET (editor), "Marketing Videos");
  screenshot (GTK_WIDGET (editor), "member-editor-narrow");
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* Revert drops the edits; the widgets follow the model both ways */
static void
test_revert (Fixture       *fixture,
             gconstpointer  data)
{
  VdMember *member = find_member (fixture->store, "chiara3@acme.test");
  g_autoptr(VdPermissions) before = vd_permissions_copy (vd_member_get_permissions (member));
  g_autoptr(VdPermissions) held = NULL;
  g_autofree char *role = NULL;
  VdMemberEditor *editor = open_editor (fixture, "chiara3@acme.test", 600, 900);
  GtkWidget *root = GTK_WIDGET (editor);
  VdPermissions *copy = vd_permission_editor_get_permissions (vd_member_editor_get_permission_editor (editor));
  GtkWidget *project_row = vd_test_ui_get_by_label (root, "Live Events");
  GtkWidget *check = vd_test_ui_find_by_type (project_row, GTK_TYPE_CHECK_BUTTON);
  GtkWidget *revert = vd_test_ui_get_by_label (root, "Revert");

  /* Chiara's custom grant on Live Events shows */
  g_assert_true (copy != vd_member_get_permissions (member));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (project_row)), ==,
                   vd_access_level_get_label (VD_ACCESS_CUSTOM));
  g_assert_false (gtk_widget_is_sensitive (revert));

  /* Edits through the widgets */
  vd_test_ui_activate (vd_test_ui_get_by_label (root, "Billing Permissions"));
  vd_test_ui_activate (check);
  g_assert_true (vd_permissions_get_billing (copy));
  {
    g_auto(GStrv) ids = vd_permissions_dup_project_ids (copy);

    g_assert_cmpuint (g_strv_length (ids), ==, 0);
  }
  g_assert_true (gtk_widget_is_sensitive (revert));

  /* The model changed from outside: the widgets follow */
  vd_permissions_set_api (copy, TRUE);
  g_assert_true (switch_active (vd_test_ui_get_by_label (root, "API Permissions")));

  vd_test_ui_activate (revert);
  g_assert_false (vd_member_editor_get_changed (editor));
  g_assert_true (vd_permissions_equal (copy, before));
  g_assert_false (switch_active (vd_test_ui_get_by_label (root, "Billing Permissions")));
  g_assert_false (switch_active (vd_test_ui_get_by_label (root, "API Permissions")));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (project_row)), ==,
                   vd_access_level_get_label (VD_ACCESS_CUSTOM));
  g_assert_false (gtk_widget_is_sensitive (revert));

  /* An owner may make a member an admin: grants no longer matter then */
  {
    GtkWidget *role_row = vd_test_ui_get_by_label (root, "Role");
    GtkWidget *permission_editor = GTK_WIDGET (vd_member_editor_get_permission_editor (editor));

    g_assert_true (gtk_widget_is_sensitive (role_row));
    adw_combo_row_set_selected (ADW_COMBO_ROW (role_row), VD_ROLE_ADMIN);
    g_assert_true (vd_member_editor_get_changed (editor));
    g_assert_false (gtk_widget_get_visible (permission_editor));
    vd_test_ui_activate (revert);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (role_row)), ==, VD_ROLE_MEMBER);
    g_assert_true (gtk_widget_get_visible (permission_editor));
    g_assert_false (vd_member_editor_get_changed (editor));
  }

  /* Nothing reached the server */
  held = server_permissions (fixture, member, &role);
  g_assert_true (vd_permissions_equal (held, before));
  g_assert_cmpstr (role, ==, "member");

  gtk_window_destroy (GTK_WINDOW (editor));
}

static gboolean
weak_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
folder_rows_shown (gpointer data)
{
  return vd_test_ui_find_by_label (data, "Social Clips") != NULL;
}

/* Closing with changes asks: Cancel keeps them, Discard drops them */
static void
test_close_asks (Fixture       *fixture,
                 gconstpointer  data)
{
  VdMember *member = find_member (fixture->store, "elif5@acme.test");
  VdMemberEditor *editor = open_editor (fixture, "elif5@acme.test", 600, 900);
  gpointer weak = editor;
  AdwMessageDialog *dialog;
  g_autoptr(VdPermissions) held = NULL;

  g_object_add_weak_pointer (G_OBJECT (editor), &weak);

  /* Elif has rights on two folders of Marketing Videos: they load when shown */
  expand_custom (GTK_WIDGET (editor), "Marketing Videos");
  vd_test_ui_wait_until (folder_rows_shown, editor);
  {
    GtkWidget *project_row = vd_test_ui_get_by_label (GTK_WIDGET (editor), "Marketing Videos");
    GtkWidget *social = vd_test_ui_get_by_label (project_row, "Social Clips");
    GtkWidget *raw = vd_test_ui_get_by_label (project_row, "Raw Footage");
    GtkWidget *spring = vd_test_ui_get_by_label (project_row, "Spring 2026");

    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_check (social, "Write"))));
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_check (social, "Read"))));
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_check (social, "Delete"))));
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_check (raw, "Read"))));
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (get_check (spring, "Read"))));
    /* A nested folder says where it is */
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (spring)), ==, "In Campaigns");
    /* The rights on all folders give way to the per-folder ones */
    g_assert_null (vd_test_ui_find_by_label (project_row, vd_resource_get_label (VD_RESOURCE_FOLDERS)));
  }
  screenshot (GTK_WIDGET (editor), "member-editor-folders");

  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (editor), "API Permissions"));

  gtk_window_close (GTK_WINDOW (editor));
  dialog = vd_test_ui_wait_message_dialog (NULL);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (editor));
  adw_message_dialog_response (dialog, "cancel");
  vd_test_ui_flush ();
  g_assert_nonnull (weak);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_true (vd_member_editor_get_changed (editor));
  g_assert_true (switch_active (vd_test_ui_get_by_label (GTK_WIDGET (editor), "API Permissions")));

  gtk_window_close (GTK_WINDOW (editor));
  dialog = vd_test_ui_wait_message_dialog (NULL);
  adw_message_dialog_response (dialog, "discard");
  vd_test_ui_wait_until (weak_cleared, &weak);

  g_assert_false (vd_permissions_get_api (vd_member_get_permissions (member)));
  held = server_permissions (fixture, member, NULL);
  g_assert_false (vd_permissions_get_api (held));
}

/* A failed save keeps the edits and says so; Retry succeeds */
static void
test_failed_save_retry (Fixture       *fixture,
                        gconstpointer  data)
{
  VdMember *member = find_member (fixture->store, "jonas10@acme.test");
  VdMemberEditor *editor = open_editor (fixture, "jonas10@acme.test", 600, 900);
  GtkWidget *root = GTK_WIDGET (editor);
  g_autoptr(VdPermissions) held = NULL;
  AdwMessageDialog *dialog;

  g_assert_false (vd_permissions_get_api (vd_member_get_permissions (member)));
  vd_test_ui_activate (vd_test_ui_get_by_label (root, "API Permissions"));

  vd_test_server_stop (demo);
  vd_test_ui_activate (vd_test_ui_get_by_label (root, "Save"));
  dialog = vd_test_ui_wait_message_dialog (NULL);
  adw_message_dialog_response (dialog, "save");
  vd_test_ui_wait_until (error_shown, editor);

  /* Nothing lost, and Retry offered */
  g_assert_true (vd_member_editor_get_changed (editor));
  g_assert_true (switch_active (vd_test_ui_get_by_label (root, "API Permissions")));
  g_assert_false (vd_permissions_get_api (vd_member_get_permissions (member)));
  screenshot (root, "member-editor-error");

  vd_test_server_restart (demo);
  vd_test_ui_activate (vd_test_ui_get_by_label (root, "Retry"));
  vd_test_ui_wait_until (not_changed, editor);
  g_assert_false (error_shown (editor));
  g_assert_true (vd_permissions_get_api (vd_member_get_permissions (member)));
  held = server_permissions (fixture, member, NULL);
  g_assert_true (vd_permissions_get_api (held));

  gtk_window_destroy (GTK_WINDOW (editor));
}

static gboolean
member_gone (gpointer data)
{
  Fixture *fixture = data;

  return vd_organization_store_lookup_member (fixture->store, g_object_get_data (G_OBJECT (fixture->window), "id")) == NULL;
}

static guint
server_status (Fixture    *fixture,
               const char *id)
{
  g_autofree char *path = g_strdup_printf ("/members/%s", id);
  g_autoptr(VdTestResponse) response = vd_test_request (demo, "GET", path, fixture->token, NULL);

  return response->status;
}

static void
remove_confirmed (Fixture    *fixture,
                  const char *email)
{
  VdMemberEditor *editor = open_editor (fixture, email, 600, 900);
  gpointer weak = editor;
  AdwMessageDialog *dialog;

  g_object_add_weak_pointer (G_OBJECT (editor), &weak);
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (editor), "Remove Member"));
  dialog = vd_test_ui_wait_message_dialog (NULL);
  adw_message_dialog_response (dialog, "remove");
  vd_test_ui_wait_until (weak_cleared, &weak);
}

/* Remove → confirm → Undo: back in the list, still on the server */
static void
test_remove_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  VdMember *member = find_member (fixture->store, "gustavo7@acme.test");
  g_autofree char *id = g_strdup (vd_member_get_id (member));
  GListModel *members = vd_organization_store_get_members (fixture->store);
  guint n = g_list_model_get_n_items (members);

  remove_confirmed (fixture, "gustavo7@acme.test");

  /* Hidden at once, not yet removed */
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, n - 1);
  g_assert_true (vd_organization_store_is_member_hidden (fixture->store, member));
  g_assert_cmpuint (server_status (fixture, id), ==, 200);
  screenshot (fixture->window, "member-editor-undo-toast");

  vd_test_ui_activate (vd_test_ui_get_by_label (fixture->window, "Undo"));
  vd_test_ui_flush ();
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, n);
  g_assert_false (vd_organization_store_is_member_hidden (fixture->store, member));
  g_assert_true (find_member (fixture->store, "gustavo7@acme.test") == member);
  g_assert_cmpuint (server_status (fixture, id), ==, 200);
}

/* Remove → confirm → the toast goes without Undo: gone on the server */
static void
test_remove_commit (Fixture       *fixture,
                    gconstpointer  data)
{
  VdMember *member = find_member (fixture->store, "hanna8@acme.test");
  g_autofree char *id = g_strdup (vd_member_get_id (member));
  GtkWidget *undo, *toast_widget;

  remove_confirmed (fixture, "hanna8@acme.test");
  g_assert_cmpuint (server_status (fixture, id), ==, 200);

  /* The toast's close button, as a person would */
  undo = vd_test_ui_get_by_label (fixture->window, "Undo");
  toast_widget = gtk_widget_get_parent (undo);
  g_assert_true (GTK_IS_BUTTON (gtk_widget_get_last_child (toast_widget)));
  vd_test_ui_activate (gtk_widget_get_last_child (toast_widget));

  g_object_set_data_full (G_OBJECT (fixture->window), "id", g_strdup (id), g_free);
  vd_test_ui_wait_until (member_gone, fixture);
  g_assert_cmpuint (server_status (fixture, id), ==, 404);
}

/* An admin cannot change or remove the owner: the controls say why */
static void
test_admin_rules (Fixture       *fixture,
                  gconstpointer  data)
{
  VdMemberEditor *editor = open_editor (fixture, VD_TEST_OWNER, 600, 900);
  GtkWidget *root = GTK_WIDGET (editor);

  g_assert_false (gtk_widget_is_sensitive (vd_test_ui_get_by_label (root, "Remove Member")));
  g_assert_false (gtk_widget_is_sensitive (vd_test_ui_get_by_label (root, "Role")));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (vd_member_editor_get_permission_editor (editor))));
  vd_test_ui_get_by_label (root, "Only owners can change or remove owners and admins.");
  screenshot (root, "member-editor-admin-on-owner");
  gtk_window_destroy (GTK_WINDOW (editor));

  /* A member: permissions yes, the role no */
  editor = open_editor (fixture, "ines9@acme.test", 600, 900);
  root = GTK_WIDGET (editor);
  g_assert_true (gtk_widget_is_sensitive (vd_test_ui_get_by_label (root, "Remove Member")));
  g_assert_false (gtk_widget_is_sensitive (vd_test_ui_get_by_label (root, "Role")));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (vd_member_editor_get_permission_editor (editor))));
  gtk_window_destroy (GTK_WINDOW (editor));
}

int
main (int   argc,
      char *argv[])
{
  demo = vd_test_ui_init (&argc, &argv);

  /* Rows open at once, so screenshots show them */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* Restarts keep the port, so that clients reach the server again */
  {
    const char *port = strrchr (demo->base_url, ':') + 1;
    g_autofree char *option = g_strdup_printf ("--port=%d", atoi (port));
    GStrvBuilder *builder = g_strv_builder_new ();

    g_strv_builder_addv (builder, (const char **) demo->args);
    g_strv_builder_add (builder, option);
    g_strfreev (demo->args);
    demo->args = g_strv_builder_end (builder);
    g_strv_builder_unref (builder);
  }

  g_test_add ("/vd/ui-member-editor/save", Fixture, NULL, fixture_set_up, test_save, fixture_tear_down);
  g_test_add ("/vd/ui-member-editor/revert", Fixture, NULL, fixture_set_up, test_revert, fixture_tear_down);
  g_test_add ("/vd/ui-member-editor/close-asks", Fixture, NULL, fixture_set_up, test_close_asks, fixture_tear_down);
  g_test_add ("/vd/ui-member-editor/failed-save-retry", Fixture, NULL, fixture_set_up, test_failed_save_retry,
              fixture_tear_down);
  g_test_add ("/vd/ui-member-editor/remove-undo", Fixture, NULL, fixture_set_up, test_remove_undo, fixture_tear_down);
  g_test_add ("/vd/ui-member-editor/remove-commit", Fixture, NULL, fixture_set_up, test_remove_commit,
              fixture_tear_down);
  g_test_add ("/vd/ui-member-editor/admin-rules", Fixture, VD_TEST_ADMIN, fixture_set_up, test_admin_rules,
              fixture_tear_down);

  return vd_test_ui_run (demo);
}
