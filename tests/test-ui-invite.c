/* test-ui-invite.c — the invite dialog, driven under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "vd-invite-dialog.h"
#include "vd-test-ui.h"

static VdTestServer *demo;
/* Signed in once: each sign-in costs an Argon2 hash on the server */
static VdAccount    *owner_account;
static char         *owner_token;

typedef struct
{
  VdOrganizationStore *store;
  GtkWidget           *parent;
  VdInviteDialog      *dialog;   /* weak: NULL once the dialog is gone */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  fixture->store = vd_test_ui_load_store (owner_account);

  fixture->parent = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->parent), 800, 800);
  gtk_window_set_child (GTK_WINDOW (fixture->parent), overlay);
  gtk_window_present (GTK_WINDOW (fixture->parent));

  fixture->dialog = vd_invite_dialog_new (GTK_WINDOW (fixture->parent), fixture->store);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  vd_test_ui_flush ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_subprocess_send_signal (demo->process, SIGCONT);

  if (fixture->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
      gtk_window_destroy (GTK_WINDOW (fixture->dialog));
    }
  gtk_window_destroy (GTK_WINDOW (fixture->parent));
  g_clear_object (&fixture->store);
}

/* Helpers */

static VdTestResponse *
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *body)
{
  return vd_test_request_full (demo, method, path, owner_token,
                               vd_organization_store_get_organization_id (fixture->store),
                               body ? "application/json" : NULL, body, -1);
}

static void
set_text (Fixture    *fixture,
          const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (vd_test_ui_find_by_type (GTK_WIDGET (fixture->dialog), GTK_TYPE_TEXT_VIEW));

  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return vd_test_ui_find_by_label (wait->root, wait->label) != NULL;
}

static void
wait_for_label (GtkWidget  *root,
                const char *label)
{
  LabelWait wait = { root, label };

  vd_test_ui_wait_until (label_shown, &wait);
}

/* The group whose title is @title ("2 Addresses", "Not Sent") */
static GtkWidget *
get_group (Fixture    *fixture,
           const char *title)
{
  GtkWidget *label = vd_test_ui_get_by_label (GTK_WIDGET (fixture->dialog), title);
  GtkWidget *group = gtk_widget_get_ancestor (label, ADW_TYPE_PREFERENCES_GROUP);

  g_assert_nonnull (group);
  return group;
}

static const char *
row_subtitle (GtkWidget  *root,
              const char *title)
{
  GtkWidget *row = vd_test_ui_get_by_label (root, title);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static GtkWidget *
send_button (Fixture *fixture)
{
  GtkWidget *button = vd_test_ui_find_by_label (GTK_WIDGET (fixture->dialog), "Send Invite");

  if (button == NULL)
    button = vd_test_ui_get_by_label (GTK_WIDGET (fixture->dialog), "Retry");
  g_assert_true (GTK_IS_BUTTON (button));
  return button;
}

static gboolean
send_enabled (gpointer data)
{
  return gtk_widget_is_sensitive (send_button (data));
}

static gboolean
dialog_gone (gpointer data)
{
  return ((Fixture *) data)->dialog == NULL;
}

static gboolean
not_sending (gpointer data)
{
  return !vd_invite_dialog_get_sending (((Fixture *) data)->dialog);
}

/* Light, dark, and 360 px wide (then back) */
static void
screenshots (Fixture    *fixture,
             const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);
  g_autofree char *narrow = g_strconcat (name, "-360", NULL);
  GtkWidget *window = GTK_WIDGET (fixture->dialog);
  int width, height;

  g_free (vd_test_ui_screenshot (window, light));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_free (vd_test_ui_screenshot (window, dark));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, height);
  vd_test_ui_flush ();
  g_assert_cmpint (gtk_widget_get_width (window), <=, 360);
  g_free (vd_test_ui_screenshot (window, narrow));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  vd_test_ui_flush ();
}

static void
stop_server (gboolean stop)
{
  g_subprocess_send_signal (demo->process, stop ? SIGSTOP : SIGCONT);
}

/* The pending invitation to @email on the server, as its permissions */
static VdPermissions *
server_invitation (Fixture    *fixture,
                   const char *email,
                   guint      *n_pending)
{
  g_autofree char *path = g_strdup_printf ("/members/invitations?status=pending&search=%s&limit=100", email);
  g_autoptr(VdTestResponse) response = request (fixture, "GET", path, NULL);
  JsonArray *array;
  VdPermissions *permissions = NULL;

  vd_test_assert_status (response, 200, NULL);
  array = vd_test_result_array (response);
  *n_pending = 0;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      g_autoptr(GError) error = NULL;

      if (g_ascii_strcasecmp (vd_test_jstr (object, "email"), email) != 0)
        continue;

      (*n_pending)++;
      g_clear_object (&permissions);
      permissions = vd_permissions_new_from_json (vd_organization_store_get_organization_id (fixture->store),
                                                  json_object_get_member (object, "permissions"),
                                                  VD_PARSE_TOLERANT, NULL, &error);
      g_assert_no_error (error);
    }

  return permissions;
}

static gboolean
store_has_invitation (Fixture    *fixture,
                      const char *email)
{
  GListModel *invitations = vd_organization_store_get_invitations (fixture->store);

  for (guint i = 0; i < g_list_model_get_n_items (invitations); i++)
    {
      g_autoptr(VdInvitation) invitation = g_list_model_get_item (invitations, i);

      if (g_str_equal (vd_invitation_get_email (invitation), email) &&
          vd_invitation_get_status (invitation) == VD_INVITATION_STATUS_PENDING)
        return TRUE;
    }

  return FALSE;
}

/* The check box that ticks a project: the one without a label (the rights
 * boxes are labelled Read, Write, Delete) */
static GtkWidget *
find_project_check (GtkWidget *root)
{
  if (GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_label (GTK_CHECK_BUTTON (root)) == NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_project_check (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Flips the switch of the row titled @title, as a click on it would */
static void
toggle_row (GtkWidget  *root,
            const char *title)
{
  GtkWidget *row = vd_test_ui_get_by_label (root, title);
  GtkWidget *toggle = vd_test_ui_find_by_type (row, GTK_TYPE_SWITCH);

  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_is_sensitive (toggle));
  gtk_switch_set_active (GTK_SWITCH (toggle), !gtk_switch_get_active (GTK_SWITCH (toggle)));
}

/* Tests */

static void
test_send (Fixture       *fixture,
           gconstpointer  user_data)
{
  GtkWidget *dialog = GTK_WIDGET (fixture->dialog);
  GtkWidget *addresses;
  GtkWidget *project_row;
  GtkWidget *check;
  g_autoptr(VdProject) project = NULL;
  VdPermissions *edited;
  const char *emails[] = { "new1@example.com", "new2@example.com" };

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Invite Member");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->parent));
  g_assert_false (gtk_widget_is_sensitive (send_button (fixture)));
  g_free (vd_test_ui_screenshot (dialog, "invite-empty-light"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_free (vd_test_ui_screenshot (dialog, "invite-empty-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* Pasted: two valid, one invalid, each shown with its state in words */
  set_text (fixture, "new1@example.com, new2@example.com\nbad@");
  wait_for_label (dialog, "3 Addresses");
  addresses = get_group (fixture, "3 Addresses");
  g_assert_cmpstr (row_subtitle (addresses, "new1@example.com"), ==, "Ready to send");
  g_assert_cmpstr (row_subtitle (addresses, "new2@example.com"), ==, "Ready to send");
  g_assert_true (g_str_has_prefix (row_subtitle (addresses, "bad@"), "Invalid: "));
  g_assert_nonnull (vd_test_ui_find_by_label (addresses, "1 address needs fixing or removing before sending"));
  g_assert_false (gtk_widget_is_sensitive (send_button (fixture)));

  /* A member and a pending invitation are flagged before anything is sent */
  set_text (fixture, "new1@example.com, new2@example.com\nbad@ admin@acme.test NEW1@example.com");
  wait_for_label (dialog, "5 Addresses");
  addresses = get_group (fixture, "5 Addresses");
  g_assert_true (g_str_has_prefix (row_subtitle (addresses, "admin@acme.test"), "Already a member"));
  g_assert_cmpstr (row_subtitle (addresses, "NEW1@example.com"), ==, "Listed twice: invited once");
  g_assert_false (gtk_widget_is_sensitive (send_button (fixture)));
  screenshots (fixture, "invite-mixed");

  /* Fixed: the bad one and the member removed */
  set_text (fixture, "new1@example.com, new2@example.com\n");
  wait_for_label (dialog, "2 Addresses");
  vd_test_ui_wait_until (send_enabled, fixture);

  /* The first project ticked, billing and API on, in the permission editor */
  project = g_list_model_get_item (vd_organization_store_get_projects (fixture->store), 0);
  g_assert_nonnull (project);
  project_row = vd_test_ui_get_by_label (dialog, vd_project_get_name (project));
  check = find_project_check (project_row);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  toggle_row (dialog, "Billing Permissions");
  toggle_row (dialog, "API Permissions");

  edited = vd_invite_dialog_get_permissions (fixture->dialog);
  g_assert_true (vd_permissions_get_billing (edited));
  g_assert_true (vd_permissions_get_api (edited));
  g_assert_cmpint (vd_grant_get_access (vd_permissions_lookup_grant (edited, vd_project_get_id (project))),
                   ==, VD_ACCESS_FULL);

  /* Sending, held up by a stopped server so that it can be seen */
  stop_server (TRUE);
  vd_test_ui_activate (send_button (fixture));
  g_assert_true (vd_invite_dialog_get_sending (fixture->dialog));
  g_assert_true (gtk_widget_get_visible (vd_test_ui_find_by_type (dialog, GTK_TYPE_PROGRESS_BAR)));
  g_assert_false (gtk_widget_is_sensitive (send_button (fixture)));
  g_assert_cmpstr (row_subtitle (get_group (fixture, "2 Addresses"), "new1@example.com"), ==, "Sending…");
  screenshots (fixture, "invite-sending");
  stop_server (FALSE);

  /* Both sent: the dialog closes */
  vd_test_ui_wait_until (dialog_gone, fixture);

  for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
    {
      guint n_pending = 0;
      g_autoptr(VdPermissions) sent = server_invitation (fixture, emails[i], &n_pending);

      g_assert_cmpuint (n_pending, ==, 1);
      g_assert_nonnull (sent);
      g_assert_true (vd_permissions_get_billing (sent));
      g_assert_true (vd_permissions_get_api (sent));
      g_assert_nonnull (vd_permissions_lookup_grant (sent, vd_project_get_id (project)));
      g_assert_cmpint (vd_grant_get_access (vd_permissions_lookup_grant (sent, vd_project_get_id (project))),
                       ==, VD_ACCESS_FULL);
      g_assert_cmpuint (vd_permissions_get_n_projects (sent), ==, 1);
      g_assert_true (store_has_invitation (fixture, emails[i]));
    }
}

static void
test_failure_retry (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWidget *dialog = GTK_WIDGET (fixture->dialog);
  g_autoptr(VdTestResponse) created = NULL;
  g_autoptr(VdTestResponse) revoked = NULL;
  g_autofree char *revoke_path = NULL;
  g_autoptr(VdPermissions) taken = NULL;
  g_autoptr(VdPermissions) ok = NULL;
  GtkWidget *failures;
  guint n_pending = 0;

  /* Invited behind the store's back: only the server can refuse it */
  created = request (fixture, "POST", "/members/invitations", "{\"email\": \"taken@example.com\"}");
  vd_test_assert_status (created, 201, NULL);

  set_text (fixture, "ok@example.com taken@example.com");
  wait_for_label (dialog, "2 Addresses");
  vd_test_ui_wait_until (send_enabled, fixture);
  vd_test_ui_activate (send_button (fixture));
  vd_test_ui_wait_until (not_sending, fixture);

  /* The dialog stays, with what was typed; the failure is listed by address */
  g_assert_nonnull (fixture->dialog);
  failures = get_group (fixture, "Not Sent");
  g_assert_true (gtk_widget_get_visible (failures));
  g_assert_cmpstr (row_subtitle (failures, "taken@example.com"), !=, "");
  g_assert_null (vd_test_ui_find_by_label (failures, "ok@example.com"));
  g_assert_cmpstr (row_subtitle (get_group (fixture, "2 Addresses"), "ok@example.com"), ==, "Invitation sent");
  g_assert_true (g_str_has_prefix (row_subtitle (get_group (fixture, "2 Addresses"), "taken@example.com"),
                                   "Not sent: "));
  g_assert_true (gtk_widget_is_sensitive (vd_test_ui_get_by_label (dialog, "Retry")));
  screenshots (fixture, "invite-failures");

  /* The cause fixed (the old invitation revoked), Retry sends only that one */
  revoke_path = g_strdup_printf ("/members/invitations/%s", vd_test_jstr (vd_test_result_object (created), "id"));
  revoked = request (fixture, "DELETE", revoke_path, NULL);
  vd_test_assert_status (revoked, 200, NULL);

  vd_test_ui_activate (vd_test_ui_get_by_label (dialog, "Retry"));
  vd_test_ui_wait_until (dialog_gone, fixture);

  taken = server_invitation (fixture, "taken@example.com", &n_pending);
  g_assert_cmpuint (n_pending, ==, 1);
  ok = server_invitation (fixture, "ok@example.com", &n_pending);
  g_assert_cmpuint (n_pending, ==, 1);
  g_assert_true (store_has_invitation (fixture, "taken@example.com"));
  g_assert_true (store_has_invitation (fixture, "ok@example.com"));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  GtkWidget *dialog = GTK_WIDGET (fixture->dialog);
  g_autoptr(VdTestResponse) response = NULL;
  GtkWidget *role_row;

  /* An admin inviting is offered the Member role only */
  role_row = vd_test_ui_get_by_label (dialog, "Role");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (role_row))), ==, 2);
  vd_invite_dialog_set_inviter_role (fixture->dialog, VD_ROLE_ADMIN);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (role_row))), ==, 1);

  set_text (fixture, "never@example.com");
  wait_for_label (dialog, "1 Address");
  vd_test_ui_wait_until (send_enabled, fixture);

  vd_test_ui_activate (vd_test_ui_get_by_label (dialog, "Cancel"));
  vd_test_ui_wait_until (dialog_gone, fixture);

  response = request (fixture, "GET", "/members/invitations?search=never%40example.com", NULL);
  vd_test_assert_status (response, 200, NULL);
  g_assert_cmpint (json_array_get_length (vd_test_result_array (response)), ==, 0);
  g_assert_false (store_has_invitation (fixture, "never@example.com"));
}

static void
test_cancel_sending (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *dialog = GTK_WIDGET (fixture->dialog);
  GtkTextView *view = GTK_TEXT_VIEW (vd_test_ui_find_by_type (dialog, GTK_TYPE_TEXT_VIEW));

  set_text (fixture, "stopped@example.com");
  wait_for_label (dialog, "1 Address");
  vd_test_ui_wait_until (send_enabled, fixture);

  stop_server (TRUE);
  vd_test_ui_activate (send_button (fixture));
  g_assert_true (vd_invite_dialog_get_sending (fixture->dialog));
  g_assert_false (gtk_text_view_get_editable (view));

  /* Cancel stops what is in flight; the dialog stays with the text */
  vd_test_ui_activate (vd_test_ui_get_by_label (dialog, "Cancel"));
  g_assert_false (vd_invite_dialog_get_sending (fixture->dialog));
  g_assert_nonnull (fixture->dialog);
  g_assert_true (gtk_text_view_get_editable (view));
  g_assert_cmpstr (row_subtitle (get_group (fixture, "Not Sent"), "stopped@example.com"), ==, "Sending was stopped");
  g_assert_true (gtk_widget_is_sensitive (vd_test_ui_get_by_label (dialog, "Retry")));
  stop_server (FALSE);

  /* A second Cancel closes */
  vd_test_ui_activate (vd_test_ui_get_by_label (dialog, "Cancel"));
  vd_test_ui_wait_until (dialog_gone, fixture);
}

/* Ctrl+Enter sends at once, even before the pause after typing is over */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  user_data)
{
  GtkWidget *dialog = GTK_WIDGET (fixture->dialog);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (dialog);
  g_autoptr(GtkShortcut) shortcut = NULL;
  g_autoptr(GtkShortcutTrigger) ctrl_enter = gtk_shortcut_trigger_parse_string ("<Control>Return");
  g_autoptr(VdPermissions) sent = NULL;
  guint n_pending = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && shortcut == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && shortcut == NULL; j++)
        {
          g_autoptr(GtkShortcut) candidate = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (candidate));

          if (strstr (trigger, "<Control>Return") != NULL)
            shortcut = g_steal_pointer (&candidate);
        }
    }
  g_assert_nonnull (shortcut);

  set_text (fixture, "kbd@example.com");
  g_assert_false (gtk_widget_is_sensitive (send_button (fixture)));   /* not judged yet */
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, dialog, NULL));
  g_assert_true (vd_invite_dialog_get_sending (fixture->dialog));
  vd_test_ui_wait_until (dialog_gone, fixture);

  sent = server_invitation (fixture, "kbd@example.com", &n_pending);
  g_assert_cmpuint (n_pending, ==, 1);
  g_assert_false (vd_permissions_get_billing (sent));
  g_assert_cmpuint (vd_permissions_get_n_projects (sent), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  demo = vd_test_ui_init (&argc, &argv);
  owner_account = vd_test_ui_sign_in (demo, VD_TEST_OWNER);
  owner_token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  g_test_add ("/vd/ui-invite/send", Fixture, NULL, fixture_set_up, test_send, fixture_tear_down);
  g_test_add ("/vd/ui-invite/failure-retry", Fixture, NULL, fixture_set_up, test_failure_retry, fixture_tear_down);
  g_test_add ("/vd/ui-invite/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/vd/ui-invite/keyboard", Fixture, NULL, fixture_set_up, test_keyboard, fixture_tear_down);
  g_test_add ("/vd/ui-invite/cancel-sending", Fixture, NULL, fixture_set_up, test_cancel_sending, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&owner_account);
  g_clear_pointer (&owner_token, g_free);
  vd_test_server_free (demo);
  return status;
}
