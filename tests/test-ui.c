/* test-ui.c — the main window, driven under Xvfb against vidinfra-local:
 * signing in, the pages each role sees, switching and creating
 * organizations, invitations to the person, restoring the session from the
 * keyring, the banner when the server ends the session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-credentials.h"
#include "vd-invite-dialog.h"
#include "vd-members-page.h"
#include "vd-sign-in-page.h"
#include "vd-test-ui.h"
#include "vd-ui-util.h"
#include "vd-window.h"

static VdTestServer *demo;

static VdWindow *
window_new (VdCredentials *credentials)
{
  VdWindow *window = g_object_new (VD_TYPE_WINDOW,
                                   "server-url", demo->base_url,
                                   "credentials", credentials,
                                   NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static VdWindow *
signed_in_window (const char *email)
{
  VdWindow *window = window_new (NULL);

  vd_test_ui_window_sign_in (window, email);
  return window;
}

static const char *
current_organization_name (VdWindow *window)
{
  VdOrganization *organization = vd_account_get_current_organization (vd_window_get_account (window));

  return organization ? vd_organization_get_name (organization) : NULL;
}

static void
test_pages_by_role (void)
{
  VdWindow *window = signed_in_window (VD_TEST_OWNER);
  const char *pages[] = { "members", "invitations", "audit", "api-keys", "account" };

  /* The owner sees every page, and the sidebar switches between them */
  g_assert_cmpstr (current_organization_name (window), ==, "Acme Studios");
  g_assert_cmpstr (vd_window_get_page (window), ==, "members");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_assert_true (vd_window_page_visible (window, pages[i]));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      g_assert_cmpstr (vd_window_get_page (window), ==, pages[i]);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "members"));

  /* The sidebar's rows carry the visible names */
  g_assert_nonnull (vd_test_ui_find_by_label (GTK_WIDGET (window), "Audit Log"));
  g_assert_nonnull (vd_test_ui_find_by_label (GTK_WIDGET (window), "Create Organization"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A plain member without the API permission: members and account only */
  {
    g_autofree char *email = vd_test_db_query (demo, "SELECT u.email FROM users u JOIN members m ON m.user_id = u.id"
                                                     " WHERE m.role = 'member' AND m.permissions NOT LIKE '%api%'"
                                                     " AND u.id NOT IN (SELECT user_id FROM members WHERE role != 'member')"
                                                     " ORDER BY u.email LIMIT 1");

    window = signed_in_window (email);
    g_assert_true (vd_window_page_visible (window, "members"));
    g_assert_true (vd_window_page_visible (window, "account"));
    g_assert_false (vd_window_page_visible (window, "invitations"));
    g_assert_false (vd_window_page_visible (window, "audit"));
    g_assert_false (vd_window_page_visible (window, "api-keys"));
    g_assert_false (vd_window_show_page (window, "audit"));
    g_assert_cmpstr (vd_window_get_page (window), ==, "members");
    /* Ctrl+I opens nothing for them */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.invite", NULL);
    vd_test_ui_flush ();
    g_assert_null (vd_test_ui_find_toplevel (VD_TYPE_INVITE_DIALOG));
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

typedef struct
{
  VdWindow   *window;
  const char *name;
} OrgWait;

static gboolean
organization_is (gpointer data)
{
  OrgWait *wait = data;

  return g_strcmp0 (current_organization_name (wait->window), wait->name) == 0 &&
         vd_test_ui_window_shows_members (wait->window);
}

static void
test_switch_organization (void)
{
  VdWindow *window = signed_in_window (VD_TEST_OWNER);
  GtkDropDown *dropdown = GTK_DROP_DOWN (vd_test_ui_get_by_label (GTK_WIDGET (window), "Organization"));
  GListModel *organizations = gtk_drop_down_get_model (dropdown);
  guint labs = GTK_INVALID_LIST_POSITION;
  OrgWait wait = { window, "Acme Labs" };
  g_autofree char *token = NULL;
  g_autoptr(VdTestResponse) me = NULL;

  /* Picking the other organization in the switcher switches to it */
  for (guint i = 0; i < g_list_model_get_n_items (organizations); i++)
    {
      g_autoptr(VdOrganization) organization = g_list_model_get_item (organizations, i);

      if (g_strcmp0 (vd_organization_get_name (organization), "Acme Labs") == 0)
        labs = i;
    }
  g_assert_cmpuint (labs, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (dropdown, labs);
  vd_test_ui_wait_until (organization_is, &wait);

  /* The members page shows that organization's members */
  g_assert_cmpstr (vd_organization_store_get_organization_id (vd_window_get_store (window)), ==,
                   vd_organization_get_id (vd_account_get_current_organization (vd_window_get_account (window))));

  /* the one the server knows by that name */
  token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  me = vd_test_request (demo, "GET", "/organizations", token, NULL);
  g_assert_cmpstr (vd_test_jstr (vd_test_find_item (vd_test_result_array (me), "name", "Acme Labs"), "id"), ==,
                   vd_organization_store_get_organization_id (vd_window_get_store (window)));

  /* Back, for the other tests */
  gtk_drop_down_set_selected (dropdown, labs == 0 ? 1 : 0);
  wait.name = "Acme Studios";
  vd_test_ui_wait_until (organization_is, &wait);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_create_organization (void)
{
  VdWindow *window = signed_in_window (VD_TEST_ADMIN);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  OrgWait wait = { window, "Pelican Post" };
  g_autofree char *token = NULL;
  g_autoptr(VdTestResponse) organizations = NULL;
  JsonObject *created;

  /* The sidebar's row opens a dialog asking for the name */
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (window), "Create Organization"));
  dialog = vd_test_ui_wait_message_dialog (NULL);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "create"));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "  Pelican Post ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  adw_message_dialog_response (dialog, "create");

  /* Created, owned and switched to */
  vd_test_ui_wait_until (organization_is, &wait);
  g_assert_cmpint (vd_organization_get_role (vd_account_get_current_organization (vd_window_get_account (window))),
                   ==, VD_ROLE_OWNER);
  g_assert_true (vd_window_page_visible (window, "audit"));

  token = vd_test_login (demo, VD_TEST_ADMIN, VD_TEST_PASSWORD, NULL);
  organizations = vd_test_request (demo, "GET", "/organizations", token, NULL);
  created = vd_test_find_item (vd_test_result_array (organizations), "name", "Pelican Post");
  g_assert_nonnull (created);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
received_loaded (gpointer data)
{
  return g_list_model_get_n_items (vd_account_get_received_invitations (vd_window_get_account (data))) > 0;
}

static gboolean
window_in_main (gpointer data)
{
  return g_strcmp0 (vd_window_get_mode (data), "main") == 0;
}

static void
test_accept_from_sidebar (void)
{
  g_autofree char *owner = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  g_autofree char *body = vd_test_jq ("{'email': 'wren@example.com', 'role': 'member', 'permissions': []}");
  g_autoptr(VdTestResponse) invited = vd_test_request (demo, "POST", "/members/invitations", owner, body);
  g_autofree char *invitee = vd_test_register (demo, "Wren", "wren@example.com");
  VdWindow *window = window_new (NULL);
  OrgWait wait = { window, "Acme Studios" };
  g_autoptr(VdTestResponse) members = NULL;

  g_assert_cmpuint (invited->status, ==, 201);
  g_assert_nonnull (invitee);

  /* Someone in no organization yet is told what to do next */
  vd_window_sign_in (window, "wren@example.com", VD_TEST_PASSWORD);
  vd_test_ui_wait_until (window_in_main, window);
  g_assert_nonnull (vd_test_ui_find_by_label (GTK_WIDGET (window), "No Organization Yet"));
  g_assert_false (vd_window_page_visible (window, "members"));

  /* The invitation waits in the sidebar; Accept joins */
  vd_test_ui_wait_until (received_loaded, window);
  vd_test_ui_flush ();
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (window), "Accept"));
  vd_test_ui_wait_until (organization_is, &wait);
  g_assert_true (vd_window_page_visible (window, "members"));

  members = vd_test_request (demo, "GET", "/members?search=wren%40example.com", owner, NULL);
  g_assert_nonnull (vd_test_find_item (vd_test_result_array (members), "email", "wren@example.com"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_in_sign_in (gpointer data)
{
  return g_strcmp0 (vd_window_get_mode (data), "sign-in") == 0;
}

static void
test_session_restore (void)
{
  g_autoptr(VdCredentials) credentials = vd_credentials_new ();
  VdWindow *window = window_new (credentials);

  /* Nothing remembered yet: the sign-in page */
  vd_test_ui_wait_until (window_in_sign_in, window);
  vd_window_sign_in (window, VD_TEST_OWNER, VD_TEST_PASSWORD);
  vd_test_ui_wait_until (vd_test_ui_window_shows_members, window);
  gtk_window_destroy (GTK_WINDOW (window));

  /* A new window (a restart) opens the session from the keyring alone */
  window = window_new (credentials);
  g_assert_cmpstr (vd_window_get_mode (window), !=, "sign-in");
  vd_test_ui_wait_until (vd_test_ui_window_shows_members, window);
  g_assert_cmpstr (vd_user_get_email (vd_account_get_user (vd_window_get_account (window))), ==, VD_TEST_OWNER);

  /* Signing out forgets it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  vd_test_ui_wait_until (window_in_sign_in, window);
  gtk_window_destroy (GTK_WINDOW (window));

  window = window_new (credentials);
  vd_test_ui_wait_until (window_in_sign_in, window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
banner_shown (gpointer data)
{
  GtkRevealer *revealer = GTK_REVEALER (vd_test_ui_find_by_type (data, GTK_TYPE_REVEALER));

  return gtk_revealer_get_reveal_child (revealer);
}

static void
test_session_ended_banner (void)
{
  VdWindow *window = signed_in_window (VD_TEST_ADMIN);
  g_autofree char *token = vd_test_login (demo, VD_TEST_ADMIN, VD_TEST_PASSWORD, NULL);
  g_autoptr(VdTestResponse) sessions = vd_test_request (demo, "GET", "/auth/sessions", token, NULL);
  JsonArray *list = vd_test_result_array (sessions);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));

  /* Every other session of the admin is ended on the server… */
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *session = json_array_get_object_element (list, i);
      g_autofree char *path = NULL;
      g_autoptr(VdTestResponse) deleted = NULL;

      if (json_object_get_boolean_member (session, "current"))
        continue;
      path = g_strdup_printf ("/auth/sessions/%s", json_object_get_string_member (session, "id"));
      deleted = vd_test_request (demo, "DELETE", path, token, NULL);
      g_assert_cmpuint (deleted->status, ==, 200);
    }

  /* …so the window's next request fails: the page stays, a banner says why */
  {
    VdClient *client = vd_account_get_client (vd_window_get_account (window));

    g_autofree char *refresh = vd_client_dup_refresh_token (client);

    /* The access token stops working too: as if it had expired */
    vd_client_set_tokens (client, "expired", refresh);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  vd_test_ui_wait_until (banner_shown, window);
  g_assert_cmpstr (vd_window_get_mode (window), ==, "main");
  g_assert_cmpstr (vd_window_get_page (window), ==, "invitations");
  g_assert_nonnull (vd_test_ui_find_by_label (GTK_WIDGET (window), "Sign In"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("com.vidinfra.Admin");
  VdWindow *window = window_new (NULL);
  int width, height;

  /* Closed at some size: the next window opens at that size */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  window = window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The server signed in to last is where a window without one starts */
  window = signed_in_window (VD_TEST_ADMIN);
  gtk_window_destroy (GTK_WINDOW (window));
  {
    g_autofree char *last = g_settings_get_string (settings, "last-server");
    g_autofree char *url = NULL;

    g_assert_cmpstr (last, ==, demo->base_url);
    window = g_object_new (VD_TYPE_WINDOW, NULL);
    g_object_get (window, "server-url", &url, NULL);
    g_assert_cmpstr (url, ==, demo->base_url);

    /* and the email signed in with is offered on the sign-in page, where
     * nothing typed is ever replaced */
    {
      GtkWidget *page = vd_test_ui_find_by_type (GTK_WIDGET (window), VD_TYPE_SIGN_IN_PAGE);
      GtkWidget *email = vd_test_ui_get_by_label (page, "Email");

      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email)), ==, VD_TEST_ADMIN);
      gtk_editable_set_text (GTK_EDITABLE (email), "someone@else.test");
      vd_sign_in_page_offer_email (VD_SIGN_IN_PAGE (page), VD_TEST_ADMIN);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email)), ==, "someone@else.test");
    }
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

/* A mapped label under @root reads @text */
static gboolean
label_reads (gpointer data)
{
  LabelWait *wait = data;
  GtkWidget *root = wait->root;

  if (!gtk_widget_get_mapped (root))
    return FALSE;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), wait->text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (label_reads (&(LabelWait) { child, wait->text }))
      return TRUE;

  return FALSE;
}

/* A toast shows its text as it is, "&" and "<" included: the title of an
 * AdwToast is Pango markup in libadwaita 1.2 */
static void
test_toast_text_as_is (void)
{
  const char *text = "Removed Tom & Jerry <tj@example.com>";
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *content = gtk_label_new ("Content");

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), content);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));
  vd_ui_toast (content, text);
  vd_test_ui_wait_until (label_reads, &(LabelWait) { overlay, text });
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* Not isolated: GTK needs the system's data directories (the MIME
   * database tells gdk-pixbuf what an icon file is). The keyring is the
   * one build-aux/headless starts for the test run. */
  demo = vd_test_ui_init (&argc, &argv);

  g_test_add_func ("/vd/ui/pages-by-role", test_pages_by_role);
  g_test_add_func ("/vd/ui/switch-organization", test_switch_organization);
  g_test_add_func ("/vd/ui/create-organization", test_create_organization);
  g_test_add_func ("/vd/ui/accept-from-sidebar", test_accept_from_sidebar);
  g_test_add_func ("/vd/ui/session-restore", test_session_restore);
  g_test_add_func ("/vd/ui/session-ended-banner", test_session_ended_banner);
  g_test_add_func ("/vd/ui/window-state", test_window_state);
  g_test_add_func ("/vd/ui/toast-text-as-is", test_toast_text_as_is);

  return vd_test_ui_run (demo);
}
