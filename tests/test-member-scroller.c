/* test-member-scroller.c — VdMemberScroller's scrollbar while members
 * arrive: as long as the slider would look the same, the scrollbar is left
 * alone (configuring it lays out the whole window), and it is never a
 * pixel off; once the load ends it is exact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "vd-member-list.h"
#include "vd-member-scroller.h"
#include "vd-member-window.h"
#include "vd-test-server.h"

#define ORG_ID "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
#define BATCH  100
#define LOADED 20000

static VdMember *
make_member (guint n)
{
  g_autofree char *email = g_strdup_printf ("member%05u@acme.test", n);

  return vd_test_member_new (ORG_ID, "Member", email);
}

static void
add_members (GListStore *store,
             guint       count)
{
  guint first = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < count; i++)
    g_ptr_array_add (members, make_member (first + i));
  g_list_store_splice (store, first, 0, members->pdata, members->len);
}

static void
count_cb (GtkAdjustment *adjustment,
          guint         *count)
{
  (*count)++;
}

/* The slider's length in pixels (before GtkRange's minimum length) */
static double
slider_length (double trough,
               double rows,
               double page_size)
{
  return MIN (trough, trough * page_size / rows);
}

/* Where the slider's top is, in pixels down the trough */
static double
slider_position (double trough,
                 double offset,
                 double rows,
                 double page_size)
{
  return rows > page_size ? (trough - slider_length (trough, rows, page_size)) * offset / (rows - page_size) : 0;
}

static void
test_scrollbar_while_loading (void)
{
  g_autoptr(GListStore) store = g_list_store_new (VD_TYPE_MEMBER);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  g_autoptr(VdMemberWindow) rows = vd_member_window_new (list);
  g_autoptr(VdMemberScroller) scroller = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_column_view_new (g_object_ref (GTK_SELECTION_MODEL (rows)));
  GtkWidget *scrollbar = gtk_scrollbar_new (GTK_ORIENTATION_VERTICAL, NULL);
  GtkAdjustment *adjustment;
  guint changed = 0, batches = 0;
  int trough;

  gtk_column_view_append_column (GTK_COLUMN_VIEW (view),
                                 gtk_column_view_column_new ("Name", gtk_signal_list_item_factory_new ()));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_EXTERNAL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), scrolled);
  gtk_widget_set_halign (scrollbar, GTK_ALIGN_END);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), scrollbar);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  scroller = vd_member_scroller_new (GTK_COLUMN_VIEW (view), rows, GTK_SCROLLBAR (scrollbar));
  adjustment = gtk_scrollbar_get_adjustment (GTK_SCROLLBAR (scrollbar));

  /* The first page of a load: more members than fit, so a scrollbar */
  vd_member_list_set_loading (list, TRUE);
  add_members (store, BATCH);
  g_assert_true (gtk_widget_get_visible (scrollbar));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, BATCH);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_height (scrollbar) == 0)
    g_main_context_iteration (NULL, TRUE);
  trough = gtk_widget_get_height (scrollbar);

  /* The rest of it */
  g_signal_connect (adjustment, "changed", G_CALLBACK (count_cb), &changed);
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) < LOADED)
    {
      guint n;
      double page_size = gtk_adjustment_get_page_size (adjustment);

      add_members (store, BATCH);
      batches++;
      while (g_main_context_iteration (NULL, FALSE))
        ;
      n = vd_member_list_get_n_shown (list);
      g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (store)));
      /* What the user sees is within a pixel of the truth */
      g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), <=, n);
      g_assert_cmpfloat (slider_length (trough, gtk_adjustment_get_upper (adjustment), page_size) -
                         slider_length (trough, n, page_size), <, 1);
      g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, vd_member_window_get_offset (rows));
    }
  /* ... and it changed only when the slider did (a 300 px scrollbar over
   * 20 rows: its length goes from 60 px to a fraction of one, ~60 steps,
   * in 199 pages) */
  g_test_message ("%u pages, %u changes of the scrollbar", batches, changed);
  g_assert_cmpuint (changed, <, batches / 2);
  g_assert_cmpuint (changed, >, 0);

  /* The load over: exact */
  vd_member_list_set_loading (list, FALSE);
  while (vd_member_list_get_busy (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, LOADED);

  /* Scrolled a row at a time (a wheel turns three): the scrollbar is told
   * when its slider moves, within a pixel of the truth all along, and
   * exactly at either end */
  {
    double page_size = gtk_adjustment_get_page_size (adjustment);
    guint moved = 0;
    gulong handler = g_signal_connect (adjustment, "value-changed", G_CALLBACK (count_cb), &moved);

    for (guint offset = 1; offset <= 300; offset++)
      {
        vd_member_window_set_offset (rows, offset);
        g_assert_cmpfloat (ABS (slider_position (trough, gtk_adjustment_get_value (adjustment), LOADED, page_size) -
                                slider_position (trough, offset, LOADED, page_size)), <, 1);
      }
    g_test_message ("300 rows scrolled, %u moves of the slider", moved);
    g_assert_cmpuint (moved, >, 0);
    g_assert_cmpuint (moved, <, 300 / 10);
    vd_member_window_set_offset (rows, vd_member_window_get_max_offset (rows));
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, vd_member_window_get_max_offset (rows));
    vd_member_window_set_offset (rows, 0);
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
    g_signal_handler_disconnect (adjustment, handler);
  }

  /* Scrolled to the end and members arriving there: the slider is at
   * the bottom, so any new member moves it, and it is told every time */
  vd_member_list_set_loading (list, TRUE);
  vd_member_window_set_offset (rows, vd_member_window_get_max_offset (rows));
  for (guint i = 0; i < 10; i++)
    {
      add_members (store, BATCH);
      g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, vd_member_list_get_n_shown (list));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vd/member-scroller/scrollbar-while-loading", test_scrollbar_while_loading);

  return g_test_run ();
}
