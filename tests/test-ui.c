/* test-ui.c — the widgets, driven for real under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "vd-account.h"
#include "vd-invitations-page.h"
#include "vd-members-page.h"
#include "vd-organization-store.h"
#include "vd-test-server.h"

static VdTestServer *demo;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates until done, failing after a deadline; a tick wakes the loop so
 * that the deadline is seen even when nothing else happens */
static void
wait_until (gboolean (*done) (gpointer data),
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (100, tick_cb, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out");
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (tick);
}

static gboolean
result_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
members_loaded (gpointer data)
{
  return vd_organization_store_get_members_loaded (data);
}

/* The page's visible rows: the model of its column view */
static GListModel *
page_rows (VdMembersPage *page)
{
  GtkWidget *view = gtk_widget_get_first_child (GTK_WIDGET (page));

  /* Find the column view by walking down */
  while (view != NULL && !GTK_IS_COLUMN_VIEW (view))
    {
      GtkWidget *child = gtk_widget_get_first_child (view);
      GtkWidget *next = view;

      /* Depth first, siblings after children */
      if (child != NULL)
        view = child;
      else
        {
          while (next != NULL && gtk_widget_get_next_sibling (next) == NULL && next != GTK_WIDGET (page))
            next = gtk_widget_get_parent (next);
          view = (next == NULL || next == GTK_WIDGET (page)) ? NULL : gtk_widget_get_next_sibling (next);
        }
    }

  g_assert_nonnull (view);
  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

static GtkWidget *
find_by_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_members_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) client = vd_client_new (demo->base_url, &error);
  g_autoptr(VdAccount) account = vd_account_new (client, NULL);
  g_autoptr(VdOrganizationStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GtkWidget *window = gtk_window_new ();
  VdMembersPage *page = g_object_new (VD_TYPE_MEMBERS_PAGE, NULL);
  GtkEditable *search;
  GListModel *rows;
  CountWait wait;
  VdMember *member = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));

  vd_account_sign_in_async (account, VD_TEST_OWNER, VD_TEST_PASSWORD, TRUE, NULL, got_result_cb, &result);
  wait_until (result_set, &result);
  g_assert_true (vd_account_sign_in_finish (account, result, &error));
  g_clear_object (&result);

  store = vd_organization_store_new (client, vd_organization_get_id (vd_account_get_current_organization (account)));
  vd_organization_store_load_async (store, NULL, got_result_cb, &result);
  wait_until (result_set, &result);
  g_assert_true (vd_organization_store_load_finish (store, result, &error));
  wait_until (members_loaded, store);

  vd_members_page_set_store (page, store);
  rows = page_rows (page);

  /* Every member, sorted by name */
  wait = (CountWait) { rows, g_list_model_get_n_items (vd_organization_store_get_members (store)) };
  wait_until (count_is, &wait);
  {
    g_autoptr(VdMember) first = g_list_model_get_item (rows, 0);
    g_assert_cmpstr (vd_member_get_display_name (first), ==, "Aiko Nakamura");
  }

  /* Search as you type, by name or by email */
  search = GTK_EDITABLE (find_by_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (search, "baptiste");
  wait = (CountWait) { rows, 1 };
  wait_until (count_is, &wait);
  member = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (vd_member_get_email (member), ==, "baptiste2@acme.test");
  g_object_unref (member);

  gtk_editable_set_text (search, "@northwind");
  wait = (CountWait) { rows, 0 };
  wait_until (count_is, &wait);

  gtk_editable_set_text (search, "");
  wait = (CountWait) { rows, g_list_model_get_n_items (vd_organization_store_get_members (store)) };
  wait_until (count_is, &wait);

  gtk_window_destroy (GTK_WINDOW (window));
}


static gboolean
store_result_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* The first button of the page with this accessible label prefix */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget))
    {
      const char *text = gtk_button_get_label (GTK_BUTTON (widget));

      if (text != NULL && g_str_equal (text, label))
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
status_is_revoked (gpointer data)
{
  return vd_invitation_get_status (data) == VD_INVITATION_STATUS_REVOKED;
}

static void
test_invitations_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) client = vd_client_new (demo->base_url, &error);
  g_autoptr(VdAccount) account = vd_account_new (client, NULL);
  g_autoptr(VdOrganizationStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VdTestResponse) check = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  VdInvitationsPage *page = g_object_new (VD_TYPE_INVITATIONS_PAGE, NULL);
  VdInvitation *first = NULL;
  GtkWidget *revoke;

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (page));
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));

  vd_account_sign_in_async (account, VD_TEST_ADMIN, VD_TEST_PASSWORD, TRUE, NULL, got_result_cb, &result);
  wait_until (store_result_set, &result);
  g_assert_true (vd_account_sign_in_finish (account, result, &error));
  g_clear_object (&result);

  store = vd_organization_store_new (client, vd_organization_get_id (vd_account_get_current_organization (account)));
  vd_organization_store_load_invitations_async (store, NULL, got_result_cb, &result);
  wait_until (store_result_set, &result);
  g_assert_true (vd_organization_store_load_invitations_finish (store, result, &error));
  vd_invitations_page_set_store (page, store);

  /* Newest first: a pending one, with Revoke offered */
  first = g_list_model_get_item (vd_organization_store_get_invitations (store), 0);
  g_assert_cmpint (vd_invitation_get_status (first), ==, VD_INVITATION_STATUS_PENDING);
  revoke = find_button (GTK_WIDGET (page), "Re_voke");
  g_assert_nonnull (revoke);

  /* Pressing it revokes on the server; the row follows the object */
  g_signal_emit_by_name (revoke, "clicked");
  wait_until (status_is_revoked, first);

  token = vd_test_login (demo, VD_TEST_ADMIN, VD_TEST_PASSWORD, NULL);
  check = vd_test_request (demo, "GET", "/members/invitations?status=revoked", token, NULL);
  g_assert_nonnull (vd_test_find_item (vd_test_result_array (check), "email", vd_invitation_get_email (first)));

  g_object_unref (first);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Not isolated: GTK needs the system's data directories (the MIME
   * database tells gdk-pixbuf what an icon file is). The settings backend is
   * in memory and the server's data in a temporary directory all the same. */
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  demo = vd_test_server_start ("--demo", NULL);

  g_test_add_func ("/vd/ui/members-page", test_members_page);
  g_test_add_func ("/vd/ui/invitations-page", test_invitations_page);

  status = g_test_run ();
  vd_test_server_free (demo);
  return status;
}
