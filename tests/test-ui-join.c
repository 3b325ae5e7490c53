/* test-ui-join.c — "Join an Organization", driven under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-join-dialog.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

typedef struct
{
  char *owner_token;
  char *project_name;
  char *email;
  char *token;          /* the invitation's */
  VdAccount *account;   /* the invitee, signed in */
  GtkWidget *parent;
  GtkWidget *dialog;    /* weak */
} Fixture;

/* A new person, invited to Acme Studios by its owner with full access to
 * one project and billing */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  static guint n;
  const char *name = user_data;
  g_autofree char *invitee_token = NULL;
  g_autoptr(VdTestResponse) projects = NULL;
  g_autoptr(VdTestResponse) invited = NULL;
  g_autofree char *body = NULL;
  JsonObject *project;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->email = g_strdup_printf ("%s%u@example.com", name, ++n);
  invitee_token = vd_test_register (demo, name, fixture->email);
  fixture->owner_token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);

  projects = vd_test_request (demo, "GET", "/projects", fixture->owner_token, NULL);
  vd_test_assert_status (projects, 200, NULL);
  project = json_array_get_object_element (vd_test_result_array (projects), 0);
  fixture->project_name = g_strdup (vd_test_jstr (project, "name"));

  body = vd_test_jq ("{'email': '%s', 'role': 'member', 'permissions': ["
                     "{'entity_id': '%s', 'entity_type': 'projects', 'name': 'full-access', 'action': 'write+read+delete'},"
                     "{'entity_id': '%s', 'entity_type': 'organizations', 'name': 'billing', 'action': 'write+read'}]}",
                     fixture->email, vd_test_jstr (project, "id"), vd_test_jstr (project, "organization_id"));
  invited = vd_test_request (demo, "POST", "/members/invitations", fixture->owner_token, body);
  vd_test_assert_status (invited, 201, NULL);
  fixture->token = vd_test_outbox_value (demo, fixture->email, "Token");
  g_assert_nonnull (fixture->token);

  fixture->account = vd_test_ui_sign_in (demo, fixture->email);

  fixture->parent = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->parent), 800, 600);
  gtk_window_set_child (GTK_WINDOW (fixture->parent), adw_toast_overlay_new ());
  gtk_window_present (GTK_WINDOW (fixture->parent));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  gtk_window_destroy (GTK_WINDOW (fixture->parent));
  vd_test_ui_flush ();
  g_clear_object (&fixture->account);
  g_free (fixture->owner_token);
  g_free (fixture->project_name);
  g_free (fixture->email);
  g_free (fixture->token);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
open_dialog (Fixture    *fixture,
             VdAccount  *account,
             const char *token_or_link)
{
  fixture->dialog = GTK_WIDGET (vd_join_dialog_new (GTK_WINDOW (fixture->parent), account, token_or_link));
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (fixture->dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (fixture->dialog)) == GTK_WINDOW (fixture->parent));
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  vd_test_ui_flush ();
}

/* Pastes @text and presses Continue */
static void
paste_and_continue (Fixture    *fixture,
                    const char *text)
{
  GtkWidget *row = vd_test_ui_get_by_label (fixture->dialog, "Invitation Token or Link");

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  vd_test_ui_activate (vd_test_ui_get_by_label (fixture->dialog, "Continue"));
}

static gboolean
dialog_closed (gpointer data)
{
  return ((Fixture *) data)->dialog == NULL;
}

static const char *
subtitle_of (Fixture    *fixture,
             const char *title)
{
  GtkWidget *row = vd_test_ui_get_by_label (fixture->dialog, title);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
has_organization (gpointer data)
{
  Fixture *fixture = data;
  GListModel *organizations = vd_account_get_organizations (fixture->account);

  for (guint i = 0; i < g_list_model_get_n_items (organizations); i++)
    {
      g_autoptr(VdOrganization) organization = g_list_model_get_item (organizations, i);

      if (g_str_equal (vd_organization_get_name (organization), "Acme Studios"))
        return TRUE;
    }

  return FALSE;
}

static const char *
server_status (Fixture *fixture)
{
  g_autoptr(VdTestResponse) response = vd_test_request (demo, "GET", "/members/invitations?limit=500",
                                                        fixture->owner_token, NULL);
  JsonObject *item = vd_test_find_item (vd_test_result_array (response), "email", fixture->email);
  static char status[32];

  g_assert_nonnull (item);
  g_strlcpy (status, vd_test_jstr (item, "status"), sizeof status);
  return status;
}

static gboolean
window_has_size (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static char *
screenshot (GtkWidget  *window,
            const char *name)
{
  vd_test_ui_wait_frames (window, 2);
  return vd_test_ui_screenshot (window, name);
}

static void
screenshots (GtkWidget  *window,
             const char *name)
{
  g_autofree char *narrow = g_strdup_printf ("%s-360", name);

  vd_test_ui_screenshot_styles (window, name, 2);
  vd_test_ui_set_width (window, 360);
  g_free (screenshot (window, narrow));
}

/* A link: the organization and what it grants; Accept joins */
static void
test_accept (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *link = g_strdup_printf ("https://admin.vidinfra.com/invitations/%s", fixture->token);
  g_autofree char *search = g_strdup_printf ("/members?search=%s", fixture->email);
  g_autoptr(VdTestResponse) members = NULL;
  JsonObject *member;

  g_assert_false (has_organization (fixture));
  open_dialog (fixture, fixture->account, NULL);
  screenshots (fixture->dialog, "join-token");
  paste_and_continue (fixture, link);

  /* The preview: who, where, what */
  vd_test_ui_wait_for_label (fixture->dialog, "Acme Studios");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (vd_test_ui_find_mapped (fixture->dialog, "Acme Studios"))), "Acme"));
  g_assert_cmpstr (subtitle_of (fixture, "Role"), ==, "Member: works in the projects below");
  g_assert_cmpstr (subtitle_of (fixture, "Projects"), ==, "Full access to 1 project");
  g_assert_cmpstr (subtitle_of (fixture, "Billing"), ==, "Can see and manage the organization’s billing");
  g_assert_cmpstr (subtitle_of (fixture, "API Access"), ==, "No access to the API");
  g_assert_nonnull (vd_test_ui_find_mapped (fixture->dialog, "Accept"));
  g_assert_nonnull (vd_test_ui_find_mapped (fixture->dialog, "Reject"));
  screenshots (fixture->dialog, "join-preview");

  /* Accept: the dialog closes with a toast, the account lists the organization */
  vd_test_ui_activate (vd_test_ui_find_mapped (fixture->dialog, "Accept"));
  vd_test_ui_wait_until (dialog_closed, fixture);
  g_assert_true (has_organization (fixture));
  vd_test_ui_wait_for_label (fixture->parent, "You joined Acme Studios");

  /* The server agrees */
  g_assert_cmpstr (server_status (fixture), ==, "accepted");
  members = vd_test_request (demo, "GET", search, fixture->owner_token, NULL);
  vd_test_assert_status (members, 200, NULL);
  member = vd_test_find_item (vd_test_result_array (members), "email", fixture->email);
  g_assert_nonnull (member);
  g_assert_cmpstr (vd_test_jstr (member, "role"), ==, "member");
}

/* A link with ?token=, given to the dialog: Reject asks, then declines; the
 * same token then says it was declined and offers nothing to press */
static void
test_reject (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *link = g_strdup_printf ("https://admin.vidinfra.com/join?token=%s", fixture->token);
  AdwMessageDialog *confirm;

  open_dialog (fixture, fixture->account, link);
  vd_test_ui_wait_for_label (fixture->dialog, "Acme Studios");

  vd_test_ui_activate (vd_test_ui_find_mapped (fixture->dialog, "Reject"));
  confirm = vd_test_ui_wait_message_dialog (NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Reject Invitation?");
  vd_test_ui_wait_until (window_has_size, confirm);
  g_free (screenshot (GTK_WIDGET (confirm), "join-reject-confirm"));
  /* Nothing is sent before the answer */
  g_assert_cmpstr (server_status (fixture), ==, "pending");
  vd_test_ui_answer_dialog (confirm, "reject");

  vd_test_ui_wait_until (dialog_closed, fixture);
  g_assert_cmpstr (server_status (fixture), ==, "rejected");
  g_assert_false (has_organization (fixture));

  /* Answered already: said inline, nothing to press */
  open_dialog (fixture, fixture->account, fixture->token);
  vd_test_ui_wait_for_label (fixture->dialog, "This invitation was declined. To join, ask for a new one.");
  g_assert_null (vd_test_ui_find_mapped (fixture->dialog, "Accept"));
  screenshots (fixture->dialog, "join-declined");
}

/* What is not a token, a token nobody issued, an invitation for another
 * address: said inline, and what was typed stays */
static void
test_errors (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(VdAccount) admin = NULL;
  GtkWidget *row;
  g_autofree char *mismatch = NULL;

  open_dialog (fixture, fixture->account, NULL);

  /* Not a token at all: no request, a hint */
  paste_and_continue (fixture, "hello there");
  vd_test_ui_wait_for_label (fixture->dialog, "Paste the token from the invitation email (it starts with “vdi_”), or the whole link.");
  row = vd_test_ui_get_by_label (fixture->dialog, "Invitation Token or Link");
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  /* A token the server does not know */
  paste_and_continue (fixture, "vdi_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  vd_test_ui_wait_for_label (fixture->dialog, "No invitation has this token. Check that you pasted all of it, or ask for a new invitation.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "vdi_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  g_assert_nonnull (vd_test_ui_find_mapped (fixture->dialog, "Continue"));
  screenshots (fixture->dialog, "join-bad-token");
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  vd_test_ui_flush ();

  /* Someone else's invitation: shown, but not to be answered */
  admin = vd_test_ui_sign_in (demo, VD_TEST_ADMIN);
  open_dialog (fixture, admin, fixture->token);
  mismatch = g_strdup_printf ("This invitation is for %s, but you are signed in as %s. "
                              "Sign in with that address to accept it.", fixture->email, VD_TEST_ADMIN);
  vd_test_ui_wait_for_label (fixture->dialog, mismatch);
  g_assert_null (vd_test_ui_find_mapped (fixture->dialog, "Accept"));
  g_assert_cmpstr (server_status (fixture), ==, "pending");

  /* Back to the token, as pasted */
  vd_test_ui_activate (vd_test_ui_get_by_label (fixture->dialog, "Back to the Token"));
  vd_test_ui_flush ();
  g_assert_nonnull (vd_test_ui_find_mapped (fixture->dialog, "Continue"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vd_test_ui_get_by_label (fixture->dialog, "Invitation Token or Link"))),
                   ==, fixture->token);
}

static void
test_extract_token (void)
{
  static const struct { const char *text; const char *token; } cases[] = {
    { "vdi_abcDEF123-_xyz", "vdi_abcDEF123-_xyz" },
    { "  vdi_abcDEF123-_xyz\n", "vdi_abcDEF123-_xyz" },
    { "Token: vdi_abcDEF123-_xyz", "vdi_abcDEF123-_xyz" },
    { "https://admin.vidinfra.com/invitations/vdi_abcDEF123", "vdi_abcDEF123" },
    { "https://admin.vidinfra.com/invitations/abcDEF123456/", "abcDEF123456" },
    { "https://api.vidinfra.com/v1/members/invitations/token/abcDEF123456/accept", "abcDEF123456" },
    { "https://admin.vidinfra.com/join?token=abcDEF123456&utm=x", "abcDEF123456" },
    { "?token=abcDEF123456", "abcDEF123456" },
    { "abcDEF123456", "abcDEF123456" },
    { "", NULL },
    { "   ", NULL },
    { "hello there", NULL },
    { "short", NULL },
    { "https://admin.vidinfra.com/", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *token = vd_join_dialog_extract_token (cases[i].text);

      g_assert_cmpstr (token, ==, cases[i].token);
    }
}

int
main (int   argc,
      char *argv[])
{
  demo = vd_test_ui_init (&argc, &argv);
  g_test_add_func ("/vd/ui-join/extract-token", test_extract_token);
  g_test_add ("/vd/ui-join/accept", Fixture, "wren", fixture_set_up, test_accept, fixture_tear_down);
  g_test_add ("/vd/ui-join/reject", Fixture, "sam", fixture_set_up, test_reject, fixture_tear_down);
  g_test_add ("/vd/ui-join/errors", Fixture, "kim", fixture_set_up, test_errors, fixture_tear_down);

  return vd_test_ui_run (demo);
}
