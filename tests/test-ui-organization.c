/* test-ui-organization.c — "Organization Settings", driven under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-organization-settings.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
screenshots (GtkWidget  *window,
             const char *name)
{
  g_autofree char *narrow = g_strdup_printf ("%s-360", name);
  int width, height;

  vd_test_ui_screenshot_styles (window, name, 2);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  vd_test_ui_set_width (window, 360);
  vd_test_ui_wait_frames (window, 2);
  g_free (vd_test_ui_screenshot (window, narrow));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  vd_test_ui_wait_frames (window, 2);
}

static gboolean
message_dialog_shown (gpointer data)
{
  GtkWidget *dialog = vd_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (dialog) && gtk_widget_get_width (dialog) > 0;
}

typedef struct
{
  guint *count;
  guint  expected;
} CountWait;

static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return *wait->count >= wait->expected;
}

static gboolean
is_admin (gpointer data)
{
  return vd_organization_get_role (data) == VD_ROLE_ADMIN;
}

static JsonObject *
server_organization (const char *token,
                     const char *id,
                     VdTestResponse **response)
{
  g_autofree char *path = g_strdup_printf ("/organizations/%s", id);

  *response = vd_test_request (demo, "GET", path, token, NULL);
  vd_test_assert_status (*response, 200, NULL);
  return vd_test_result_object (*response);
}

static VdOrganizationSettings *
open_settings (VdAccount           *account,
               VdOrganizationStore *store,
               GtkWidget          **parent)
{
  VdOrganizationSettings *window;

  *parent = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*parent), adw_toast_overlay_new ());
  gtk_window_present (GTK_WINDOW (*parent));

  window = vd_organization_settings_new (GTK_WINDOW (*parent), account, store);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (window)));
  gtk_window_present (GTK_WINDOW (window));
  vd_test_ui_flush ();
  return window;
}

/* Rename: the server holds the new name, the VdOrganization notifies;
 * a name the server refuses is said inline and stays in the entry */
static void
test_rename (void)
{
  g_autoptr(VdAccount) account = vd_test_ui_sign_in (demo, VD_TEST_ADMIN);
  g_autoptr(VdOrganizationStore) store = vd_test_ui_load_store (account);
  VdOrganization *organization = vd_account_get_current_organization (account);
  g_autofree char *token = vd_test_login (demo, VD_TEST_ADMIN, VD_TEST_PASSWORD, NULL);
  g_autoptr(VdTestResponse) check = NULL;
  g_autofree char *too_long = g_strnfill (300, 'x');
  GtkWidget *window, *parent, *row;
  guint notified = 0;
  CountWait wait = { &notified, 1 };

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpstr (vd_organization_get_name (organization), ==, "Acme Studios");
  g_signal_connect (organization, "notify::name", G_CALLBACK (count_notify_cb), &notified);

  window = GTK_WIDGET (open_settings (account, store, &parent));
  row = vd_test_ui_get_by_label (window, "Organization Name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Acme Studios");

  /* An admin renames, but cannot transfer: told so */
  g_assert_null (vd_test_ui_find_by_label (window, "Transfer Ownership…"));
  g_assert_nonnull (vd_test_ui_find_by_label (window, "Only the owner can transfer ownership"));
  /* Nothing to rename yet */
  g_assert_false (gtk_widget_is_sensitive (vd_test_ui_get_by_label (window, "Rename")));
  screenshots (window, "organization-admin");

  /* Too long: said inline, and what was typed stays */
  gtk_editable_set_text (GTK_EDITABLE (row), too_long);
  vd_test_ui_activate (vd_test_ui_get_by_label (window, "Rename"));
  vd_test_ui_wait_for_label (window, "This name is too long: use at most 255 characters.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, too_long);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpuint (notified, ==, 0);
  server_organization (token, vd_organization_get_id (organization), &check);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (check), "name"), ==, "Acme Studios");
  screenshots (window, "organization-rename-error");

  /* A good name: on the server, notified here, said in a toast */
  gtk_editable_set_text (GTK_EDITABLE (row), "Acme Pictures");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  vd_test_ui_activate (vd_test_ui_get_by_label (window, "Rename"));
  vd_test_ui_wait_until (count_reached, &wait);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (vd_organization_get_name (organization), ==, "Acme Pictures");
  vd_test_ui_wait_for_label (window, "Renamed to Acme Pictures");
  g_clear_pointer (&check, vd_test_response_free);
  server_organization (token, vd_organization_get_id (organization), &check);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (check), "name"), ==, "Acme Pictures");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Acme Pictures");

  g_signal_handlers_disconnect_by_func (organization, count_notify_cb, &notified);
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (parent));
  vd_test_ui_flush ();
}

/* The owner picks the admin; the confirmation names them and says the
 * owner becomes an admin; the server then says so */
static void
test_transfer (void)
{
  g_autoptr(VdAccount) account = vd_test_ui_sign_in (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = vd_test_ui_load_store (account);
  VdOrganization *organization = vd_account_get_current_organization (account);
  g_autofree char *token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  g_autoptr(VdTestResponse) check = NULL;
  g_autoptr(VdTestResponse) members = NULL;
  AdwComboRow *combo;
  GListModel *candidates;
  AdwMessageDialog *confirm;
  GtkWidget *window, *parent;
  guint admin_position = GTK_INVALID_LIST_POSITION;
  g_autofree char *admin_name = NULL;
  g_autofree char *admin_user_id = NULL;
  g_autofree char *heading = NULL;
  JsonObject *admin;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpint (vd_organization_get_role (organization), ==, VD_ROLE_OWNER);

  window = GTK_WIDGET (open_settings (account, store, &parent));
  g_assert_null (vd_test_ui_find_by_label (window, "Only the owner can transfer ownership"));
  /* Nobody chosen yet: nothing to press */
  g_assert_false (gtk_widget_is_sensitive (vd_test_ui_get_by_label (window, "Transfer Ownership…")));

  /* The admin, among the candidates (not the owner) */
  combo = ADW_COMBO_ROW (vd_test_ui_get_by_label (window, "New Owner"));
  candidates = adw_combo_row_get_model (combo);
  for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (candidates, i);

      g_assert_cmpstr (vd_member_get_email (member), !=, VD_TEST_OWNER);
      if (g_str_equal (vd_member_get_email (member), VD_TEST_ADMIN))
        {
          admin_position = i;
          admin_name = g_strdup (vd_member_get_display_name (member));
          admin_user_id = g_strdup (vd_member_get_user_id (member));
        }
    }
  g_assert_cmpuint (admin_position, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (combo, admin_position);
  screenshots (window, "organization-owner");

  /* Asked first, naming them */
  vd_test_ui_activate (vd_test_ui_get_by_label (window, "Transfer Ownership…"));
  vd_test_ui_wait_until (message_dialog_shown, NULL);
  confirm = ADW_MESSAGE_DIALOG (vd_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  heading = g_strdup_printf ("Make %s the Owner?", admin_name);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, heading);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), VD_TEST_ADMIN));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "You will become an admin"));
  vd_test_ui_wait_frames (GTK_WIDGET (confirm), 2);
  g_free (vd_test_ui_screenshot (GTK_WIDGET (confirm), "organization-transfer-confirm"));
  server_organization (token, vd_organization_get_id (organization), &check);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (check), "role"), ==, "owner");
  vd_test_ui_answer_dialog (confirm, "transfer");

  /* Done: the caller is an admin now, the window says who can transfer */
  vd_test_ui_wait_until (is_admin, organization);
  vd_test_ui_wait_for_label (window, "Only the owner can transfer ownership");
  g_assert_null (vd_test_ui_find_by_label (window, "Transfer Ownership…"));

  /* The server says so */
  g_clear_pointer (&check, vd_test_response_free);
  server_organization (token, vd_organization_get_id (organization), &check);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (check), "role"), ==, "admin");
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (check), "owner_id"), ==, admin_user_id);
  members = vd_test_request (demo, "GET", "/members?search=admin%40acme.test", token, NULL);
  admin = vd_test_find_item (vd_test_result_array (members), "email", VD_TEST_ADMIN);
  g_assert_nonnull (admin);
  g_assert_cmpstr (vd_test_jstr (admin, "role"), ==, "owner");
  screenshots (window, "organization-after-transfer");

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (parent));
  vd_test_ui_flush ();
}

int
main (int   argc,
      char *argv[])
{
  demo = vd_test_ui_init (&argc, &argv);
  /* In this order: the admin renames, then the owner gives ownership away */
  g_test_add_func ("/vd/ui-organization/rename", test_rename);
  g_test_add_func ("/vd/ui-organization/transfer", test_transfer);

  return vd_test_ui_run (demo);
}
