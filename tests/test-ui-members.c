/* test-ui-members.c — the members page, driven under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-members-page.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

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


static void
test_members_page (void)
{
  g_autoptr(VdAccount) account = vd_test_ui_sign_in (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = vd_test_ui_load_store (account);
  GtkWidget *window = gtk_window_new ();
  VdMembersPage *page = g_object_new (VD_TYPE_MEMBERS_PAGE, NULL);
  GtkEditable *search;
  GListModel *rows;
  CountWait wait;
  VdMember *member = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));

  vd_members_page_set_store (page, store);
  rows = page_rows (page);

  /* Every member, sorted by name */
  wait = (CountWait) { rows, g_list_model_get_n_items (vd_organization_store_get_members (store)) };
  vd_test_ui_wait_until (count_is, &wait);
  {
    g_autoptr(VdMember) first = g_list_model_get_item (rows, 0);
    g_assert_cmpstr (vd_member_get_display_name (first), ==, "Aiko Nakamura");
  }

  /* Search as you type, by name or by email */
  search = GTK_EDITABLE (vd_test_ui_find_by_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (search, "baptiste");
  wait = (CountWait) { rows, 1 };
  vd_test_ui_wait_until (count_is, &wait);
  member = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (vd_member_get_email (member), ==, "baptiste2@acme.test");
  g_object_unref (member);

  gtk_editable_set_text (search, "@northwind");
  wait = (CountWait) { rows, 0 };
  vd_test_ui_wait_until (count_is, &wait);

  gtk_editable_set_text (search, "");
  wait = (CountWait) { rows, g_list_model_get_n_items (vd_organization_store_get_members (store)) };
  vd_test_ui_wait_until (count_is, &wait);

  gtk_window_destroy (GTK_WINDOW (window));
}


int
main (int   argc,
      char *argv[])
{
  int status;

  /* Not isolated: GTK needs the system's data directories (the MIME
   * database tells gdk-pixbuf what an icon file is). */
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  demo = vd_test_server_start ("--demo", NULL);
  g_test_add_func ("/vd/ui-members/search-and-sort", test_members_page);

  status = g_test_run ();
  vd_test_server_free (demo);
  return status;
}
