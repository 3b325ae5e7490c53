/* test-ui-account.c — the account page (profile, password, sessions, sign
 * out), driven under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-account-page.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

#define NEW_PASSWORD "New-password-2"

typedef struct
{
  VdAccount     *account;
  char          *token;         /* the owner's, for asking the server */
  GtkWidget     *window;
  VdAccountPage *page;
  guint          n_sign_outs;   /* win.sign-out activations */
  guint          n_name_notifies;
} Fixture;

static gboolean
sessions_loaded (gpointer data)
{
  return !vd_account_page_get_loading_sessions (data);
}

static void
sign_out_activated_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->n_sign_outs++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) sign_out = g_simple_action_new ("sign-out", NULL);
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->account = vd_test_ui_sign_in (demo, VD_TEST_OWNER);
  fixture->token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);

  /* The window's "win.sign-out", as VdWindow provides it */
  g_signal_connect (sign_out, "activate", G_CALLBACK (sign_out_activated_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (sign_out));

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 800);
  gtk_widget_insert_action_group (fixture->window, "win", G_ACTION_GROUP (group));
  fixture->page = g_object_new (VD_TYPE_ACCOUNT_PAGE, NULL);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  vd_account_page_set_account (fixture->page, fixture->account);
  gtk_window_present (GTK_WINDOW (fixture->window));

  /* Shown, the page loads the sessions */
  vd_test_ui_flush ();
  vd_test_ui_wait_until (sessions_loaded, fixture->page);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VdTestResponse) response = NULL;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vd_test_ui_flush ();

  /* Leave no session behind for the next test to count */
  vd_account_sign_out_async (fixture->account, NULL, vd_test_ui_got_result, &result);
  vd_test_ui_wait_result (&result);
  response = vd_test_request (demo, "POST", "/auth/logout", fixture->token, "{}");

  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->token, g_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
set_row_text (Fixture    *fixture,
              const char *title,
              const char *text)
{
  GtkWidget *row = vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), title);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
row_text (Fixture    *fixture,
          const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), title)));
}

static gboolean
window_is_narrow (gpointer data)
{
  return gtk_widget_get_width (data) <= 360;
}

static void
name_notified_cb (VdUser     *user,
                  GParamSpec *pspec,
                  Fixture    *fixture)
{
  fixture->n_name_notifies++;
}

static gboolean
user_renamed (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (vd_user_get_first_name (vd_account_get_user (fixture->account)), "Olivia") == 0;
}

/* The fields show the user; Save sends the new name, the server holds it,
 * the account's VdUser notifies and the page follows; a blank name is
 * refused under its field */
static void
test_profile (Fixture       *fixture,
              gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  VdUser *user = vd_account_get_user (fixture->account);
  g_autoptr(VdTestResponse) response = NULL;
  GtkWidget *save = vd_test_ui_get_by_label (page, "Save");
  JsonObject *profile;

  g_assert_cmpstr (row_text (fixture, "First Name"), ==, vd_user_get_first_name (user));
  g_assert_cmpstr (row_text (fixture, "Last Name"), ==, vd_user_get_last_name (user));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (vd_test_ui_get_by_label (page, "Email"))), ==,
                   VD_TEST_OWNER);
  g_assert_nonnull (vd_test_ui_find_mapped (page, vd_user_get_display_name (user)));
  /* Nothing to save yet */
  g_assert_false (gtk_widget_is_sensitive (save));

  /* A blank name: said under the field, nothing sent, nothing lost */
  set_row_text (fixture, "First Name", "   ");
  set_row_text (fixture, "Last Name", "Ownerton");
  g_assert_true (gtk_widget_is_sensitive (save));
  vd_test_ui_activate (save);
  vd_test_ui_flush ();
  g_assert_nonnull (vd_test_ui_find_mapped (page, "Enter your first name."));
  g_assert_true (gtk_widget_has_css_class (vd_test_ui_get_by_label (page, "First Name"), "error"));
  g_assert_cmpstr (row_text (fixture, "Last Name"), ==, "Ownerton");
  vd_test_ui_screenshot_styles (GTK_WIDGET (fixture->page), "account-profile-error", 0);

  g_signal_connect (user, "notify::display-name", G_CALLBACK (name_notified_cb), fixture);
  set_row_text (fixture, "First Name", "Olivia");
  g_assert_null (vd_test_ui_find_mapped (page, "Enter your first name."));
  vd_test_ui_activate (save);
  vd_test_ui_wait_until (user_renamed, fixture);
  g_signal_handlers_disconnect_by_func (user, name_notified_cb, fixture);
  g_assert_cmpuint (fixture->n_name_notifies, ==, 1);
  g_assert_cmpstr (vd_user_get_last_name (user), ==, "Ownerton");
  vd_test_ui_flush ();

  /* The server holds it */
  response = vd_test_request (demo, "GET", "/auth/profiles", fixture->token, NULL);
  vd_test_assert_status (response, 200, NULL);
  profile = vd_test_result_object (response);
  g_assert_cmpstr (vd_test_jstr (profile, "first_name"), ==, "Olivia");
  g_assert_cmpstr (vd_test_jstr (profile, "last_name"), ==, "Ownerton");

  /* The page follows the user, and says it is saved */
  g_assert_nonnull (vd_test_ui_find_mapped (page, "Olivia Ownerton"));
  vd_test_ui_wait_for_label (fixture->window, "Profile saved");
  g_assert_false (gtk_widget_is_sensitive (save));
  vd_test_ui_screenshot_styles (GTK_WIDGET (fixture->page), "account", 0);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 800);
  vd_test_ui_wait_until (window_is_narrow, fixture->window);
  g_free (vd_test_ui_screenshot (page, "account-360"));
}

static gboolean
one_session_left (gpointer data)
{
  return g_list_model_get_n_items (data) == 1;
}

/* The person's sessions: this one and another, which Sign Out ends on the
 * server; the app's own Sign Out asks the window */
static void
test_sessions_sign_out (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GListModel *sessions = vd_account_page_get_sessions (fixture->page);
  g_autofree char *other_token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  g_autoptr(VdTestResponse) listed = NULL;
  g_autoptr(VdTestResponse) refused = NULL;
  GtkWidget *list;
  GtkWidget *other_row = NULL;
  guint n_current = 0;

  /* The fixture's own token, signed out: this app's session and the other */
  {
    g_autoptr(VdTestResponse) response = vd_test_request (demo, "POST", "/auth/logout", fixture->token, "{}");

    vd_test_assert_status (response, 200, NULL);
  }
  listed = vd_test_request (demo, "GET", "/auth/sessions", other_token, NULL);
  vd_test_assert_status (listed, 200, NULL);
  g_assert_cmpuint (json_array_get_length (vd_test_result_array (listed)), ==, 2);

  vd_test_ui_activate (vd_test_ui_get_by_label (page, "Reload Sessions"));
  vd_test_ui_wait_until (sessions_loaded, fixture->page);
  vd_test_ui_flush ();
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 2);

  list = gtk_widget_get_ancestor (vd_test_ui_get_by_label (page, "This Device"), GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      if (vd_test_ui_find_by_label (row, "This Device") != NULL)
        n_current++;
      else
        other_row = row;
    }
  g_assert_cmpuint (n_current, ==, 1);
  g_assert_nonnull (other_row);
  /* Scrolled down to them, as a person would */
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (vd_test_ui_find_by_type (page, GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  vd_test_ui_screenshot_styles (GTK_WIDGET (fixture->page), "account-sessions", 0);

  /* Sign Out of the other one: gone from the list and on the server */
  vd_test_ui_activate (vd_test_ui_get_by_label (other_row, "Sign Out"));
  vd_test_ui_wait_until (one_session_left, sessions);
  refused = vd_test_request (demo, "GET", "/auth/sessions", other_token, NULL);
  vd_test_assert_status (refused, 401, NULL);
  vd_test_ui_flush ();
  g_assert_nonnull (vd_test_ui_find_mapped (page, "This Device"));

  /* The app's own Sign Out asks the window, which also forgets the keyring entry */
  g_assert_cmpuint (fixture->n_sign_outs, ==, 0);
  vd_test_ui_activate (vd_test_ui_get_by_label (page, "Sign Out"));
  g_assert_cmpuint (fixture->n_sign_outs, ==, 1);
}

static gboolean
password_changed (gpointer data)
{
  Fixture *fixture = data;

  return g_str_equal (row_text (fixture, "Current Password"), "");
}

/* Mismatch and too short are said at once; a wrong current password is the
 * server's error, under its field, with everything kept; the right one
 * changes it: the new password signs in, the old one does not */
static void
test_password (Fixture       *fixture,
               gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *change = vd_test_ui_get_by_label (page, "Change Password");
  g_autofree char *token = NULL;
  g_autoptr(VdTestResponse) old = NULL;

  /* Too short */
  set_row_text (fixture, "Current Password", VD_TEST_PASSWORD);
  set_row_text (fixture, "New Password", "Ab1!");
  set_row_text (fixture, "Confirm New Password", "Ab1!");
  vd_test_ui_activate (change);
  vd_test_ui_flush ();
  g_assert_nonnull (vd_test_ui_find_mapped (page, "This password is too short: use at least 8 characters."));

  /* Mismatch */
  set_row_text (fixture, "New Password", NEW_PASSWORD);
  g_assert_null (vd_test_ui_find_mapped (page, "This password is too short: use at least 8 characters."));
  set_row_text (fixture, "Confirm New Password", "New-password-3");
  g_assert_nonnull (vd_test_ui_find_mapped (page, "The passwords do not match."));
  vd_test_ui_activate (change);
  vd_test_ui_flush ();
  g_assert_nonnull (vd_test_ui_find_mapped (page, "The passwords do not match."));
  g_assert_true (gtk_widget_has_css_class (vd_test_ui_get_by_label (page, "Confirm New Password"), "error"));

  /* Wrong current password: the server says so, under the field */
  set_row_text (fixture, "Current Password", "Wrong-password-9");
  set_row_text (fixture, "Confirm New Password", NEW_PASSWORD);
  g_assert_null (vd_test_ui_find_mapped (page, "The passwords do not match."));
  vd_test_ui_activate (change);
  vd_test_ui_wait_for_label (page, "This is not your current password.");
  g_assert_true (gtk_widget_has_css_class (vd_test_ui_get_by_label (page, "Current Password"), "error"));
  g_assert_cmpstr (row_text (fixture, "Current Password"), ==, "Wrong-password-9");
  g_assert_cmpstr (row_text (fixture, "New Password"), ==, NEW_PASSWORD);
  g_assert_cmpstr (row_text (fixture, "Confirm New Password"), ==, NEW_PASSWORD);
  vd_test_ui_screenshot_styles (GTK_WIDGET (fixture->page), "account-password-error", 0);
  /* Still the old password on the server */
  g_free (vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL));

  /* The right one */
  set_row_text (fixture, "Current Password", VD_TEST_PASSWORD);
  g_assert_null (vd_test_ui_find_mapped (page, "This is not your current password."));
  vd_test_ui_activate (change);
  vd_test_ui_wait_until (password_changed, fixture);
  g_assert_cmpstr (row_text (fixture, "New Password"), ==, "");
  g_assert_true (vd_account_get_signed_in (fixture->account));

  token = vd_test_login (demo, VD_TEST_OWNER, NEW_PASSWORD, NULL);
  g_assert_nonnull (token);
  old = vd_test_request (demo, "POST", "/auth/login", NULL,
                         "{\"email\": \"" VD_TEST_OWNER "\", \"password\": \"" VD_TEST_PASSWORD "\"}");
  vd_test_assert_status (old, 401, NULL);

  /* Back as it was, for whoever comes next */
  {
    g_autoptr(VdTestResponse) back = vd_test_request (demo, "POST", "/auth/update-password", token,
                                                      "{\"current_password\": \"" NEW_PASSWORD "\","
                                                      " \"new_password\": \"" VD_TEST_PASSWORD "\"}");

    vd_test_assert_status (back, 200, NULL);
    vd_test_response_free (vd_test_request (demo, "POST", "/auth/logout", token, "{}"));
  }
}

int
main (int   argc,
      char *argv[])
{
  demo = vd_test_ui_init (&argc, &argv);
  g_test_add ("/vd/ui-account/profile", Fixture, NULL, fixture_set_up, test_profile, fixture_tear_down);
  g_test_add ("/vd/ui-account/sessions", Fixture, NULL, fixture_set_up, test_sessions_sign_out,
              fixture_tear_down);
  g_test_add ("/vd/ui-account/password", Fixture, NULL, fixture_set_up, test_password, fixture_tear_down);

  return vd_test_ui_run (demo);
}
