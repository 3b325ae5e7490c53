/* test-ui-invitations.c — the invitations page, driven under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-invitations-page.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

static gboolean
status_is_revoked (gpointer data)
{
  return vd_invitation_get_status (data) == VD_INVITATION_STATUS_REVOKED;
}

static void
test_invitations_page (void)
{
  g_autoptr(VdAccount) account = vd_test_ui_sign_in (demo, VD_TEST_ADMIN);
  g_autoptr(VdOrganizationStore) store = vd_test_ui_load_store (account);
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

  vd_invitations_page_set_store (page, store);

  /* Newest first: a pending one, with Revoke offered */
  first = g_list_model_get_item (vd_organization_store_get_invitations (store), 0);
  g_assert_cmpint (vd_invitation_get_status (first), ==, VD_INVITATION_STATUS_PENDING);
  revoke = vd_test_ui_find_by_label (GTK_WIDGET (page), "Revoke");
  g_assert_nonnull (revoke);

  /* Pressing it revokes on the server; the row follows the object */
  g_signal_emit_by_name (revoke, "clicked");
  vd_test_ui_wait_until (status_is_revoked, first);

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

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  demo = vd_test_server_start ("--demo", NULL);
  g_test_add_func ("/vd/ui-invitations/revoke", test_invitations_page);

  status = g_test_run ();
  vd_test_server_free (demo);
  return status;
}
