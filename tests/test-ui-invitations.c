/* test-ui-invitations.c — the invitations page, driven under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-invitations-page.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

/* The dropdown's positions and the server's status filter for each */
static const char *filters[] = { NULL, "pending", "accepted", "rejected", "revoked", "expired" };

typedef struct
{
  VdAccount           *account;
  VdOrganizationStore *store;
  char                *token;         /* the admin's, for asking the server */
  GtkWidget           *window;
  VdInvitationsPage   *page;
  GtkDropDown         *dropdown;
  GtkListBox          *list_box;
  guint                n_invites;     /* win.invite activations */
} Fixture;

static void
invite_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  Fixture *fixture = user_data;

  fixture->n_invites++;
}

static gboolean
page_loaded (gpointer data)
{
  return !vd_invitations_page_get_loading (data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) invite = g_simple_action_new ("invite", NULL);
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->account = vd_test_ui_sign_in (demo, VD_TEST_ADMIN);
  fixture->store = vd_test_ui_load_store (fixture->account);
  fixture->token = vd_test_login (demo, VD_TEST_ADMIN, VD_TEST_PASSWORD, NULL);

  /* The window's "win.invite", as VdWindow provides it */
  g_signal_connect (invite, "activate", G_CALLBACK (invite_activated_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (invite));

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 640);
  gtk_widget_insert_action_group (fixture->window, "win", G_ACTION_GROUP (group));
  fixture->page = g_object_new (VD_TYPE_INVITATIONS_PAGE, NULL);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  vd_invitations_page_set_store (fixture->page, fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));

  /* Shown, the page loads the invitations again */
  vd_test_ui_flush ();
  vd_test_ui_wait_until (page_loaded, fixture->page);

  fixture->dropdown = GTK_DROP_DOWN (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_DROP_DOWN));
  fixture->list_box = GTK_LIST_BOX (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_LIST_BOX));
  g_assert_nonnull (fixture->dropdown);
  g_assert_nonnull (fixture->list_box);
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

/* How many invitations the server lists with this status (NULL: all) */
static gboolean
window_is_narrow (gpointer data)
{
  return gtk_widget_get_width (gtk_window_get_child (data)) == 360;
}

static gint64
server_count (Fixture    *fixture,
              const char *status)
{
  g_autofree char *path = status ? g_strdup_printf ("/members/invitations?status=%s", status)
                                 : g_strdup ("/members/invitations");
  g_autoptr(VdTestResponse) response = vd_test_request (demo, "GET", path, fixture->token, NULL);

  vd_test_assert_status (response, 200, NULL);
  return vd_test_response_total (response);
}

static const char *
server_status (Fixture    *fixture,
               const char *email)
{
  g_autoptr(VdTestResponse) response = vd_test_request (demo, "GET", "/members/invitations?limit=500",
                                                        fixture->token, NULL);
  JsonObject *item = vd_test_find_item (vd_test_result_array (response), "email", email);
  static char status[32];

  g_assert_nonnull (item);
  g_strlcpy (status, vd_test_jstr (item, "status"), sizeof status);
  return status;
}

static VdInvitation *
find_invitation (Fixture            *fixture,
                 VdInvitationStatus  status)
{
  GListModel *model = vd_organization_store_get_invitations (fixture->store);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VdInvitation) invitation = g_list_model_get_item (model, i);

      if (vd_invitation_get_status (invitation) == status)
        return invitation;
    }

  g_error ("No invitation with status %d", status);
}

static void
answer_dialog (const char *response)
{
  AdwMessageDialog *dialog = vd_test_ui_wait_message_dialog (NULL);

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Revoke Invitation?");
  vd_test_ui_answer_dialog (dialog, response);
}

typedef struct
{
  VdInvitation       *invitation;
  VdInvitationStatus  status;
} StatusWait;

static gboolean
status_reached (gpointer data)
{
  StatusWait *wait = data;

  return vd_invitation_get_status (wait->invitation) == wait->status;
}

/* Every filter shows as many rows as the server counts with that status,
 * and says how many */
static void
test_filter_counts (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      gint64 expected = server_count (fixture, filters[i]);

      gtk_drop_down_set_selected (fixture->dropdown, i);
      vd_test_ui_flush ();
      g_test_message ("filter %s: %" G_GINT64_FORMAT, filters[i] ? filters[i] : "all", expected);
      g_assert_cmpuint (vd_test_ui_count_rows (GTK_WIDGET (fixture->list_box)), ==, expected);

      if (expected > 0)
        {
          /* "3 pending invitations" */
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT " %s%sinvitation%s", expected,
                                                    filters[i] ? filters[i] : "", filters[i] ? " " : "",
                                                    expected == 1 ? "" : "s");

          g_assert_nonnull (vd_test_ui_find_by_label (GTK_WIDGET (fixture->page), count));
        }
      else
        g_assert_nonnull (vd_test_ui_find_by_label (GTK_WIDGET (fixture->page), "Show All Invitations"));
    }

  /* The demo has every status */
  g_assert_cmpint (server_count (fixture, "pending"), >, 0);
  g_assert_cmpint (server_count (fixture, "expired"), >, 0);
  g_assert_cmpint (server_count (fixture, "revoked"), >, 0);
  g_assert_cmpint (server_count (fixture, "rejected"), >, 0);

  gtk_drop_down_set_selected (fixture->dropdown, 0);
  path = vd_test_ui_screenshot (GTK_WIDGET (fixture->page), "invitations-light");

  /* Invite Member asks the window for its invite dialog */
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Invite Member"));
  g_assert_cmpuint (fixture->n_invites, ==, 1);
}

/* Revoke asks first; Cancel keeps the invitation, Revoke revokes it on the
 * server, and the Pending list loses it */
static void
test_revoke (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(VdInvitation) invitation = g_object_ref (find_invitation (fixture, VD_INVITATION_STATUS_PENDING));
  const char *email = vd_invitation_get_email (invitation);
  g_autofree char *tooltip = g_strdup_printf ("Revoke the invitation to %s", email);
  StatusWait wait = { invitation, VD_INVITATION_STATUS_REVOKED };
  guint pending;
  GtkWidget *revoke;

  gtk_drop_down_set_selected (fixture->dropdown, 1);
  vd_test_ui_flush ();
  pending = vd_test_ui_count_rows (GTK_WIDGET (fixture->list_box));
  g_assert_cmpuint (pending, ==, server_count (fixture, "pending"));

  /* A flat button, not a loud red one */
  revoke = vd_test_ui_get_by_label (GTK_WIDGET (fixture->list_box), tooltip);
  g_assert_true (gtk_widget_has_css_class (revoke, "flat"));
  g_assert_false (gtk_widget_has_css_class (revoke, "destructive-action"));

  /* Asked first: nothing happens on Cancel */
  vd_test_ui_activate (revoke);
  vd_test_ui_wait_message_dialog (NULL);
  g_assert_cmpstr (server_status (fixture, email), ==, "pending");
  answer_dialog ("cancel");
  vd_test_ui_flush ();
  g_assert_cmpint (vd_invitation_get_status (invitation), ==, VD_INVITATION_STATUS_PENDING);
  g_assert_cmpstr (server_status (fixture, email), ==, "pending");

  /* Confirmed: revoked here and on the server; the Pending list loses it */
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->list_box), tooltip));
  answer_dialog ("revoke");
  vd_test_ui_wait_until (status_reached, &wait);
  g_assert_cmpstr (server_status (fixture, email), ==, "revoked");
  vd_test_ui_flush ();
  g_assert_cmpuint (vd_test_ui_count_rows (GTK_WIDGET (fixture->list_box)), ==, pending - 1);
  g_assert_null (vd_test_ui_find_by_label (GTK_WIDGET (fixture->list_box), tooltip));
}

/* Resend revives an expired invitation; the Expired list is then empty and
 * says what to do, and "Show All Invitations" goes back to every status */
static void
test_resend_and_empty (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(VdInvitation) invitation = g_object_ref (find_invitation (fixture, VD_INVITATION_STATUS_EXPIRED));
  const char *email = vd_invitation_get_email (invitation);
  g_autofree char *tooltip = g_strdup_printf ("Resend the invitation to %s", email);
  g_autofree char *revoke_tooltip = g_strdup_printf ("Revoke the invitation to %s", email);
  StatusWait wait = { invitation, VD_INVITATION_STATUS_PENDING };
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *narrow = NULL;
  g_autofree char *narrow_list = NULL;

  gtk_drop_down_set_selected (fixture->dropdown, 5);
  vd_test_ui_flush ();
  g_assert_cmpuint (vd_test_ui_count_rows (GTK_WIDGET (fixture->list_box)), ==, 1);
  g_assert_cmpstr (server_status (fixture, email), ==, "expired");
  /* Expired: Resend, no Revoke */
  g_assert_null (vd_test_ui_find_by_label (GTK_WIDGET (fixture->list_box), revoke_tooltip));

  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->list_box), tooltip));
  vd_test_ui_wait_until (status_reached, &wait);
  g_assert_cmpstr (server_status (fixture, email), ==, "pending");
  vd_test_ui_flush ();

  /* Nothing expired any more: the empty state says so, and offers a way out */
  g_assert_cmpuint (vd_test_ui_count_rows (GTK_WIDGET (fixture->list_box)), ==, 0);
  g_assert_cmpint (server_count (fixture, "expired"), ==, 0);
  g_assert_nonnull (vd_test_ui_find_by_label (GTK_WIDGET (fixture->page), "No Expired Invitations"));
  light = vd_test_ui_screenshot (GTK_WIDGET (fixture->page), "invitations-empty-light");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  dark = vd_test_ui_screenshot (GTK_WIDGET (fixture->page), "invitations-empty-dark");

  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Show All Invitations"));
  vd_test_ui_flush ();
  g_assert_cmpuint (gtk_drop_down_get_selected (fixture->dropdown), ==, 0);
  g_assert_cmpuint (vd_test_ui_count_rows (GTK_WIDGET (fixture->list_box)), ==, server_count (fixture, NULL));
  /* Revived: Revoke is offered again */
  g_assert_nonnull (vd_test_ui_find_by_label (GTK_WIDGET (fixture->list_box), revoke_tooltip));
  dark = (g_free (dark), vd_test_ui_screenshot (GTK_WIDGET (fixture->page), "invitations-dark"));

  /* Down to 360 px wide */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  vd_test_ui_wait_until (window_is_narrow, fixture->window);
  narrow_list = vd_test_ui_screenshot (GTK_WIDGET (fixture->page), "invitations-360");
  gtk_drop_down_set_selected (fixture->dropdown, 5);
  narrow = vd_test_ui_screenshot (GTK_WIDGET (fixture->page), "invitations-empty-360");
}

int
main (int   argc,
      char *argv[])
{
  demo = vd_test_ui_init (&argc, &argv);

  /* In this order: the counts first, then the tests that change invitations */
  g_test_add ("/vd/ui-invitations/filter-counts", Fixture, NULL, fixture_set_up, test_filter_counts, fixture_tear_down);
  g_test_add ("/vd/ui-invitations/revoke", Fixture, NULL, fixture_set_up, test_revoke, fixture_tear_down);
  g_test_add ("/vd/ui-invitations/resend-and-empty", Fixture, NULL, fixture_set_up, test_resend_and_empty, fixture_tear_down);

  return vd_test_ui_run (demo);
}
