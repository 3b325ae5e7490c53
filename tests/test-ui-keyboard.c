/* test-ui-keyboard.c — the main window and the invite dialog with the
 * keyboard alone, under Xvfb against vidinfra-local
 *
 * The keys are real: xdotool presses them through XTest, into the window
 * focused as a window manager would focus it (the test display has none).
 * On each page of the signed-in window, Tab goes once round the window and:
 *
 *  - every control on screen that can take the focus is reached: mapped,
 *    sensitive, focusable, and no ancestor refusing focus (can-focus). In
 *    a list view, and in a list made one stop with
 *    vd_ui_set_single_tab_stop (), the rows are one stop (Tab enters the
 *    list, the arrows move in it): the list is reached when one row is. A
 *    widget that hands its focus to a focusable child (an entry row to its
 *    text) is reached through that child;
 *  - the focus never gets stuck (each press moves it within 5 s) and never
 *    leaves the window, and the round comes back to where it started (at
 *    most 300 presses);
 *  - the order: from the start of the chain (where it comes round from
 *    the content), all of the sidebar, then all of the content pane: its
 *    header bar, then the page; in the page no stop lies entirely above
 *    the one before it (positions taken before the round, in the page's
 *    coordinates, so that scrolling does not count; widgets side by side on
 *    a row may come in either order);
 *  - the window shows the focus (gtk_window_get_focus_visible ()).
 *
 * The members table shows only the rows that fit (a VdMemberWindow): the
 * arrows, Page Up/Down, Home and End, the mouse wheel and a touchpad's
 * swipe reach every member, and a key selects the member it moves to;
 * Shift and the wheel still scroll a narrow table sideways.
 *
 * The invite dialog opens (Ctrl+I) with the focus in the email field; Tab
 * goes round it without leaving it; Escape closes it; Ctrl+Enter sends.
 * (tests/test-ui-invite.c activates the Ctrl+Enter shortcut itself, without
 * a key.)
 *
 * VD_KEYBOARD_DEBUG=1 lists each round.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "vd-invite-dialog.h"
#include "vd-member-window.h"
#include "vd-members-page.h"
#include "vd-test-ui.h"
#include "vd-window.h"

static VdTestServer *demo;

/* --- The window --------------------------------------------------------- */

static VdWindow *
signed_in_window (void)
{
  VdWindow *window = g_object_new (VD_TYPE_WINDOW, "server-url", demo->base_url, NULL);

  vd_test_ui_window_sign_in (window, VD_TEST_OWNER);
  return window;
}

/* The leaflet's two panes: the content (with the pages' stack) and the
 * sidebar (the other one with something to focus, not the separator) */
static GtkWidget *
content_of (VdWindow *window)
{
  return gtk_widget_get_parent (gtk_widget_get_parent (vd_test_ui_find_by_type (GTK_WIDGET (window),
                                                                                VD_TYPE_MEMBERS_PAGE)));
}

static GtkWidget *
sidebar_of (VdWindow *window)
{
  GtkWidget *leaflet = vd_test_ui_find_by_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET);
  GtkWidget *content = content_of (window);

  for (GtkWidget *child = gtk_widget_get_first_child (leaflet); child; child = gtk_widget_get_next_sibling (child))
    if (child != content && vd_test_ui_find_by_type (child, GTK_TYPE_DROP_DOWN) != NULL)
      return child;

  g_error ("No sidebar in the leaflet");
  return NULL;
}

/* The page shown: the visible child of the stack that holds the pages */
static GtkWidget *
page_of (VdWindow *window)
{
  GtkWidget *members = vd_test_ui_find_by_type (GTK_WIDGET (window), VD_TYPE_MEMBERS_PAGE);

  return gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (members)));
}

/* --- Who can take the focus --------------------------------------------- */

/* Arrow-key groups, where Tab stops once: the list views (GTK 4.8 creates
 * rows only for what is on screen) and the lists made one stop with
 * vd_ui_set_single_tab_stop (). In any other GtkListBox (the boxed lists
 * of rows with fields and switches) every row is a stop of its own. */
static gboolean
is_item (GtkWidget *widget)
{
  const char *type = G_OBJECT_TYPE_NAME (widget);

  return GTK_IS_LIST_BOX_ROW (widget) || GTK_IS_FLOW_BOX_CHILD (widget) ||
         g_str_equal (type, "GtkListItemWidget") || g_str_equal (type, "GtkColumnViewRowWidget");
}

/* The one-stop list @widget is in, if any */
static GtkWidget *
row_group (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (is_item (w))
      {
        GtkWidget *list = gtk_widget_get_parent (w);

        /* A column view's rows are in its inner list view */
        if (list != NULL && GTK_IS_LIST_VIEW (list) && GTK_IS_COLUMN_VIEW (gtk_widget_get_parent (list)))
          list = gtk_widget_get_parent (list);
        if (list != NULL && (GTK_IS_LIST_VIEW (list) || GTK_IS_COLUMN_VIEW (list) || GTK_IS_GRID_VIEW (list) ||
                             g_object_get_data (G_OBJECT (list), "vd-single-tab-stop") != NULL))
          return list;
      }

  return NULL;
}

static gboolean
ancestors_can_focus (GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_can_focus (w))
      return FALSE;

  return TRUE;
}

static gboolean
can_take_focus (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget) &&
         gtk_widget_get_focusable (widget) && gtk_widget_get_can_focus (widget) &&
         ancestors_can_focus (widget);
}

/* Collects what a round must reach under @widget: single stops in @stops,
 * lists (once each) in @lists. Returns whether something under @widget
 * (itself included) takes the focus. */
static gboolean
collect_stops (GtkWidget  *widget,
               GPtrArray  *stops,
               GHashTable *lists)
{
  gboolean below = FALSE;
  GtkWidget *list;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    below |= collect_stops (child, stops, lists);

  if (!can_take_focus (widget))
    return below;

  if ((list = row_group (widget)) != NULL)
    g_hash_table_add (lists, list);
  /* A widget that hands its focus on (an entry row to its text) */
  else if (!below)
    g_ptr_array_add (stops, widget);

  return TRUE;
}

/* --- Real keys ------------------------------------------------------------ */

/* The X window of @window, focused as a window manager would (the test
 * display has none), so that XTest's keys go to it */
static void
focus_x_window (GtkWidget *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!GDK_IS_X11_SURFACE (surface))
    g_error ("Real key presses need the X11 display of build-aux/headless");

  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_spawn_sync (NULL, (char *[]) { "xdotool", "windowfocus", "--sync", xid, NULL }, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

/* Presses @keys (xdotool's names: "Tab", "ctrl+Return") on the keyboard */
static void
press_keys (GtkWidget  *window,
            const char *keys)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!gtk_window_is_active (GTK_WINDOW (window)))
    {
      focus_x_window (window);
      vd_test_ui_wait_until (window_active, window);
    }
  g_spawn_sync (NULL, (char *[]) { "xdotool", "key", "--clearmodifiers", (char *) keys, NULL }, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

typedef struct
{
  GtkWindow *window;
  GtkWidget *from;
} FocusWait;

static gboolean
focus_moved (gpointer data)
{
  FocusWait *wait = data;

  return gtk_window_get_focus (wait->window) != wait->from;
}

/* --- A round of Tab ------------------------------------------------------ */

/* Presses Tab and waits until the focus moved; fails if it does not
 * within 5 s (stuck) */
static GtkWidget *
tab (GtkWindow *window)
{
  GtkWidget *from = gtk_window_get_focus (window);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  press_keys (GTK_WIDGET (window), "Tab");
  while (gtk_window_get_focus (window) == from)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The focus is stuck on %s %p: Tab does not move it",
                 from ? G_OBJECT_TYPE_NAME (from) : "nothing", (gpointer) from);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);   /* waiting for the X server's events */
    }

  return gtk_window_get_focus (window);
}

/* Goes round from where the focus is, pressing Tab; returns the widgets
 * focused, in order, the first one last again */
static GPtrArray *
tab_round (GtkWindow *window)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GtkWidget *start = tab (window);

  g_assert_nonnull (start);
  g_ptr_array_add (order, start);
  for (guint i = 0; i < 300; i++)
    {
      GtkWidget *focus = tab (window);

      /* Never out of the window */
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_get_root (focus) == GTK_ROOT (window));
      g_ptr_array_add (order, focus);
      if (focus == start)
        return g_steal_pointer (&order);
    }

  g_error ("A round of Tab did not come back to where it started in 300 presses");
  return NULL;
}

static char *
describe (GtkWidget *widget)
{
  GtkWidget *labelled = widget;
  const char *text = NULL;

  /* The nearest text that says what it is */
  for (guint i = 0; labelled != NULL && text == NULL && i < 4; i++, labelled = gtk_widget_get_parent (labelled))
    {
      if (GTK_IS_BUTTON (labelled))
        text = gtk_button_get_label (GTK_BUTTON (labelled));
      if (text == NULL && ADW_IS_PREFERENCES_ROW (labelled))
        text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (labelled));
      if (text == NULL)
        text = gtk_widget_get_tooltip_text (labelled);
    }

  return g_strdup_printf ("%s %p%s%s%s", G_OBJECT_TYPE_NAME (widget), widget,
                          text ? " “" : "", text ? text : "", text ? "”" : "");
}

static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *ancestor)
{
  return widget == ancestor || gtk_widget_is_ancestor (widget, ancestor);
}

/* Where @widget is in @page, in its coordinates, before any scrolling */
static gboolean
position_in (GtkWidget       *widget,
             GtkWidget       *page,
             graphene_rect_t *bounds)
{
  return gtk_widget_compute_bounds (widget, page, bounds);
}

static void
check_page (VdWindow   *window,
            const char *name)
{
  GtkWidget *sidebar = sidebar_of (window);
  GtkWidget *content = content_of (window);
  GtkWidget *page;
  g_autoptr(GPtrArray) stops = g_ptr_array_new ();
  g_autoptr(GHashTable) lists = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) positions = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) disorder = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;
  int first_content = -1, first_page = -1;
  GtkWidget *previous = NULL;
  graphene_rect_t previous_bounds;

  g_assert_true (vd_window_show_page (window, name));
  g_assert_cmpstr (vd_window_get_page (window), ==, name);
  page = page_of (window);
  vd_test_ui_settle (page);

  collect_stops (GTK_WIDGET (window), stops, lists);
  g_assert_cmpuint (stops->len, >, 0);
  for (guint i = 0; i < stops->len; i++)
    {
      graphene_rect_t *bounds = g_new0 (graphene_rect_t, 1);

      if (is_inside (stops->pdata[i], page) && position_in (stops->pdata[i], page, bounds))
        g_hash_table_insert (positions, stops->pdata[i], bounds);
      else
        g_free (bounds);
    }

  order = tab_round (GTK_WINDOW (window));
  g_test_message ("%s: %u stops and %u lists to reach, a round of %u presses of Tab",
                  name, stops->len, g_hash_table_size (lists), order->len - 1);
  /* Keys show where the focus is */
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));

  /* The round as the chain goes, from its start: where the focus comes
   * back round from the content to the sidebar */
  g_ptr_array_set_size (order, order->len - 1);
  for (guint i = 0; i < order->len; i++)
    if (is_inside (order->pdata[i], sidebar) && is_inside (order->pdata[(i + order->len - 1) % order->len], content))
      {
        for (guint j = 0; j < order->len; j++)
          g_ptr_array_add (chain, order->pdata[(i + j) % order->len]);
        break;
      }
  if (chain->len == 0)
    g_error ("On the %s page, Tab never goes from the content back round to the sidebar", name);
  if (g_getenv ("VD_KEYBOARD_DEBUG"))
    for (guint i = 0; i < chain->len; i++)
      {
        g_autofree char *what = describe (chain->pdata[i]);

        g_test_message ("  %u: %s%s", i, what, is_inside (chain->pdata[i], content) ? " (content)" : "");
      }

  for (guint i = 0; i < chain->len; i++)
    {
      GtkWidget *focus = chain->pdata[i];
      GtkWidget *list = row_group (focus);

      g_hash_table_add (reached, focus);
      if (list != NULL)
        g_hash_table_add (reached, list);
      /* A stop that handed the focus to its child is reached too */
      for (GtkWidget *w = gtk_widget_get_parent (focus); w != NULL; w = gtk_widget_get_parent (w))
        g_hash_table_add (reached, w);

      if (is_inside (focus, content) && first_content < 0)
        first_content = i;
      if (is_inside (focus, page) && first_page < 0)
        first_page = i;
    }

  /* Everything reached */
  for (guint i = 0; i < stops->len; i++)
    if (!g_hash_table_contains (reached, stops->pdata[i]))
      {
        g_autofree char *what = describe (stops->pdata[i]);

        g_string_append_printf (missing, "\n  %s", what);
      }
  g_hash_table_iter_init (&iter, lists);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (reached, key))
      g_string_append_printf (missing, "\n  the list %s %p", G_OBJECT_TYPE_NAME (key), key);
  if (missing->len > 0)
    g_error ("On the %s page, Tab never reaches:%s", name, missing->str);

  /* The whole sidebar, then the whole content pane: its header, then the
   * page */
  g_assert_cmpint (first_content, >, 0);
  for (guint i = 0; i < chain->len; i++)
    if (!is_inside (chain->pdata[i], (int) i < first_content ? sidebar : content))
      {
        g_autofree char *what = describe (chain->pdata[i]);

        g_error ("On the %s page, %s comes out of order: the sidebar first, then the content", name, what);
      }
  g_assert_cmpint (first_page, >=, first_content);
  for (guint i = first_page; i < chain->len; i++)
    if (!is_inside (chain->pdata[i], page))
      {
        g_autofree char *what = describe (chain->pdata[i]);

        g_error ("On the %s page, %s comes after the page's first stop", name, what);
      }

  /* In the page, top to bottom */
  for (guint i = first_page; i < chain->len; i++)
    {
      GtkWidget *focus = chain->pdata[i];
      graphene_rect_t *bounds = g_hash_table_lookup (positions, focus);

      if (bounds == NULL)
        continue;   /* made on the way (a list's rows), or not in the page */
      /* Entirely above the one before: a step back up */
      if (previous != NULL && bounds->origin.y + bounds->size.height <= previous_bounds.origin.y)
        {
          g_autofree char *a = describe (previous);
          g_autofree char *b = describe (focus);

          g_string_append_printf (disorder, "\n  %s (y %.0f) then %s (y %.0f)",
                                  a, previous_bounds.origin.y, b, bounds->origin.y);
        }
      previous = focus;
      previous_bounds = *bounds;
    }
  if (disorder->len > 0)
    g_error ("On the %s page, Tab goes back up:%s", name, disorder->str);
}

/* Tab until the focus is in a list view of the page: what a focused row
 * looks like, in $G_TEST_BUILDDIR/screenshots/@name.png */
static void
screenshot_focused_row (VdWindow   *window,
                        const char *page_name,
                        const char *name)
{
  g_autofree char *path = NULL;
  GtkWidget *focus = NULL;

  g_assert_true (vd_window_show_page (window, page_name));
  vd_test_ui_settle (page_of (window));
  for (guint i = 0; i < 100 && (focus == NULL || !GTK_IS_LIST_VIEW (row_group (focus) ? row_group (focus) : focus)); i++)
    focus = tab (GTK_WINDOW (window));
  g_assert_true (is_inside (focus, page_of (window)));
  vd_test_ui_wait_frames (GTK_WIDGET (window), 2);
  path = vd_test_ui_screenshot (GTK_WIDGET (window), name);
  g_test_message ("The focused row: %s", path);
}

static void
test_pages (void)
{
  VdWindow *window = signed_in_window ();
  const char *pages[] = { "members", "invitations", "audit", "api-keys", "account" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    check_page (window, pages[i]);
  screenshot_focused_row (window, "audit", "keyboard-audit-row");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_focus_visible (void)
{
  VdWindow *window = signed_in_window ();
  FocusWait wait = { GTK_WINDOW (window), NULL };

  /* Shown by a key, not by a click or by code */
  gtk_window_set_focus_visible (GTK_WINDOW (window), FALSE);
  for (guint i = 0; i < 3; i++)
    {
      wait.from = gtk_window_get_focus (GTK_WINDOW (window));
      press_keys (GTK_WIDGET (window), "Tab");
      vd_test_ui_wait_until (focus_moved, &wait);
    }
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_get_root (gtk_window_get_focus (GTK_WINDOW (window))) == GTK_ROOT (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- The members table ------------------------------------------------- */

typedef struct
{
  VdMemberWindow *rows;
  guint           offset;   /* the window's, expected */
  guint           selected; /* the list's position of the one member selected */
} TableWait;

static gboolean
table_is (gpointer data)
{
  TableWait *wait = data;
  VdMemberList *list = vd_member_window_get_list (wait->rows);

  return vd_member_window_get_offset (wait->rows) == wait->offset &&
         vd_member_list_get_n_selected (list) == 1 &&
         gtk_selection_model_is_selected (GTK_SELECTION_MODEL (list), wait->selected);
}

static void
press_and_wait (GtkWidget  *window,
                const char *keys,
                TableWait  *wait,
                guint       offset,
                guint       selected)
{
  wait->offset = offset;
  wait->selected = selected;
  g_test_message ("%s: rows from %u, member %u selected, expected", keys, offset, selected);
  press_keys (window, keys);
  vd_test_ui_wait_until (table_is, wait);
}

/* The window's rows fit in the view, whole, and one more would not: a
 * member on the last row (scrolled to the end, the last member) is seen */
static void
assert_rows_fit (GtkWidget *view,
                 guint      n_rows)
{
  GtkWidget *list = NULL, *first, *second, *last;
  graphene_rect_t a, b, z;

  for (GtkWidget *child = gtk_widget_get_first_child (view); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      list = child;
  g_assert_nonnull (list);
  first = gtk_widget_get_first_child (list);
  g_assert_nonnull (first);
  second = gtk_widget_get_next_sibling (first);
  g_assert_nonnull (second);
  last = first;
  for (guint i = 1; i < n_rows; i++)
    last = gtk_widget_get_next_sibling (last);
  g_assert_nonnull (last);
  g_assert_true (gtk_widget_compute_bounds (first, list, &a));
  g_assert_true (gtk_widget_compute_bounds (second, list, &b));
  g_assert_true (gtk_widget_compute_bounds (last, list, &z));
  g_test_message ("rows %g px apart, the last ends at %g of %d px",
                  b.origin.y - a.origin.y, z.origin.y + z.size.height, gtk_widget_get_height (list));
  g_assert_cmpfloat (z.origin.y + z.size.height, <=, gtk_widget_get_height (list));
  g_assert_cmpfloat (z.origin.y + z.size.height + (b.origin.y - a.origin.y), >, gtk_widget_get_height (list));
}

static gboolean
table_settled (gpointer data)
{
  VdMemberWindow *rows = data;

  return !vd_member_window_get_busy (rows) && !vd_member_list_get_busy (vd_member_window_get_list (rows));
}

/* The row of the table that has the focus */
static GtkWidget *
focused_row (VdWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  while (focus != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (focus)))
    focus = gtk_widget_get_parent (focus);
  g_assert_nonnull (focus);
  return focus;
}

/* The member wait->selected is the one selected, on a row on screen */
static gboolean
selected_on_screen (gpointer data)
{
  TableWait *wait = data;
  VdMemberList *list = vd_member_window_get_list (wait->rows);
  guint offset = vd_member_window_get_offset (wait->rows);

  return vd_member_list_get_n_selected (list) == 1 &&
         gtk_selection_model_is_selected (GTK_SELECTION_MODEL (list), wait->selected) &&
         offset <= wait->selected && wait->selected < offset + vd_member_window_get_page_size (wait->rows);
}

/* One member is selected, another than wait->selected, on screen */
static gboolean
one_selected_on_screen (gpointer data)
{
  TableWait *wait = data;
  VdMemberList *list = vd_member_window_get_list (wait->rows);

  if (vd_member_list_get_n_selected (list) != 1 ||
      gtk_selection_model_is_selected (GTK_SELECTION_MODEL (list), wait->selected))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (wait->rows)); i++)
    if (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (wait->rows), i))
      return TRUE;
  return FALSE;
}

static gboolean
offset_is (gpointer data)
{
  TableWait *wait = data;

  return vd_member_window_get_offset (wait->rows) == wait->offset;
}

/* Runs xdotool with the pointer first moved to (@fx, @fy), fractions of
 * @widget's width and height, then @args (NULL-terminated) */
static void
pointer_over (GtkWidget   *widget,
              float        fx,
              float        fy,
              const char **args)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_autofree char *x = NULL, *y = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  graphene_point_t point;
  int status = 0;

  g_assert_true (gtk_widget_compute_point (widget, window,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) * fx,
                                                                 gtk_widget_get_height (widget) * fy),
                                           &point));
  x = g_strdup_printf ("%d", (int) point.x);
  y = g_strdup_printf ("%d", (int) point.y);
  for (const char **arg = (const char *[]) { "xdotool", "mousemove", "--window", xid, x, y, NULL }; *arg; arg++)
    g_ptr_array_add (argv, (gpointer) *arg);
  for (; args != NULL && *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                               &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Clicks a mouse button over the middle of @widget (4 and 5: the wheel up
 * and down), with Shift held if @shift */
static void
click_over (GtkWidget  *widget,
            const char *button,
            gboolean    shift)
{
  if (shift)
    pointer_over (widget, 0.5, 0.5, (const char *[]) { "keydown", "shift", "click", button, "keyup", "shift", NULL });
  else
    pointer_over (widget, 0.5, 0.5, (const char *[]) { "click", button, NULL });
}

static gboolean
hovered (gpointer data)
{
  return gtk_widget_has_css_class (data, "hovering");
}

static gboolean
not_hovered (gpointer data)
{
  return !gtk_widget_has_css_class (data, "hovering");
}

static gboolean
offset_past_top (gpointer data)
{
  return vd_member_window_get_offset (data) > 0;
}

/* Depth first, the first widget under @root for which @pred is TRUE */
static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*pred) (GtkWidget *))
{
  if (pred (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, pred);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The page's scrollbar, not one of its scrolled window's */
static gboolean
is_rows_scrollbar (GtkWidget *widget)
{
  return GTK_IS_SCROLLBAR (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW) == NULL;
}

static gboolean
is_slider (GtkWidget *widget)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "slider") == 0;
}

static gboolean
window_is_narrow (gpointer data)
{
  return gtk_widget_get_width (gtk_window_get_child (data)) == 360;
}

static gboolean
scrolls_sideways (gpointer data)
{
  return gtk_adjustment_get_upper (data) > gtk_adjustment_get_page_size (data) + 1;
}

static gboolean
scrolled_sideways (gpointer data)
{
  return gtk_adjustment_get_value (data) > 0;
}

static void
test_members_table (void)
{
  VdWindow *window = g_object_new (VD_TYPE_WINDOW, "server-url", demo->base_url, NULL);
  GtkWidget *page, *view;
  VdMemberWindow *rows;
  TableWait wait;
  guint page_size, n, last;

  /* Shorter than the demo's 26 members */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 480);
  vd_test_ui_window_sign_in (window, VD_TEST_OWNER);
  page = vd_test_ui_find_by_type (GTK_WIDGET (window), VD_TYPE_MEMBERS_PAGE);
  view = vd_test_ui_find_by_type (page, GTK_TYPE_COLUMN_VIEW);
  rows = VD_MEMBER_WINDOW (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  wait.rows = rows;
  vd_test_ui_wait_until (table_settled, rows);
  vd_test_ui_wait_frames (view, 3);

  page_size = vd_member_window_get_page_size (rows);
  g_test_message ("%u rows of %u fit", page_size,
                  vd_member_list_get_n_shown (vd_member_window_get_list (rows)));
  n = vd_member_list_get_n_shown (vd_member_window_get_list (rows));
  last = n - 1;
  g_assert_cmpuint (n, ==, 26);
  g_assert_cmpuint (page_size, >, 3);
  g_assert_cmpuint (page_size, <, n);
  /* As many rows as fit whole, and no more */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, page_size);
  assert_rows_fit (view, page_size);

  gtk_widget_grab_focus (view);
  press_and_wait (GTK_WIDGET (window), "Home", &wait, 0, 0);
  for (guint i = 1; i < page_size; i++)
    press_and_wait (GTK_WIDGET (window), "Down", &wait, 0, i);
  /* Past the last row on screen: the rows move up, the next member */
  press_and_wait (GTK_WIDGET (window), "Down", &wait, 1, page_size);
  press_and_wait (GTK_WIDGET (window), "Down", &wait, 2, page_size + 1);
  press_and_wait (GTK_WIDGET (window), "Up", &wait, 2, page_size);
  press_and_wait (GTK_WIDGET (window), "End", &wait, n - page_size, last);
  /* A page of members up, the rows with it (as far as the top) */
  press_and_wait (GTK_WIDGET (window), "Page_Up", &wait,
                  n - page_size > page_size ? n - 2 * page_size : 0, last - page_size);
  press_and_wait (GTK_WIDGET (window), "Home", &wait, 0, 0);
  press_and_wait (GTK_WIDGET (window), "Page_Down", &wait, MIN (page_size, n - page_size), page_size);

  /* The wheel: three rows a click, the selection stays */
  {
    click_over (view, "4", FALSE);
    wait.offset = MIN (page_size, n - page_size) - 3;
    vd_test_ui_wait_until (offset_is, &wait);
    g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (vd_member_window_get_list (rows)), page_size));
    /* The focus stays on the member, on its new row */
    {
      GtkWidget *focus = focused_row (window);
      guint row = 0;

      for (GtkWidget *w = gtk_widget_get_prev_sibling (focus); w != NULL; w = gtk_widget_get_prev_sibling (w))
        row++;
      g_assert_cmpuint (wait.offset + row, ==, page_size);
    }
  }
  /* A swipe on a touchpad goes on after the fingers leave it, up to the end */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (scrolled);
    GtkEventController *kinetic = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        /* (the page's, not the scrolled window's own) */
        if (g_strcmp0 (gtk_event_controller_get_name (controller), "vd-rows-scroll") == 0)
          kinetic = controller;
      }
    g_assert_nonnull (kinetic);
    g_assert_true (gtk_event_controller_scroll_get_flags (GTK_EVENT_CONTROLLER_SCROLL (kinetic)) &
                   GTK_EVENT_CONTROLLER_SCROLL_KINETIC);
    g_signal_emit_by_name (kinetic, "decelerate", 0.0, 3000.0);
    wait.offset = n - page_size;
    vd_test_ui_wait_until (offset_is, &wait);
    g_signal_emit_by_name (kinetic, "decelerate", 0.0, -3000.0);
    wait.offset = 0;
    vd_test_ui_wait_until (offset_is, &wait);
  }

  /* The focus was on a member the swipe took off screen (its row shows
   * another one now): a key brings it back first, then does what it does */
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (vd_member_window_get_list (rows)), page_size));
  g_assert_cmpuint (page_size, >=, vd_member_window_get_offset (rows) + page_size);
  /* (its row shows another member: no focus ring on it meanwhile) */
  g_assert_true (gtk_widget_has_css_class (focused_row (window), "focus-away"));
  wait.selected = page_size + 1;
  press_keys (GTK_WIDGET (window), "Down");
  vd_test_ui_wait_until (selected_on_screen, &wait);
  g_assert_false (gtk_widget_has_css_class (focused_row (window), "focus-away"));
  /* Off screen again, then a click on a row: the keys are that row's */
  {
    GtkScrollbar *scrollbar = GTK_SCROLLBAR (find_widget (page, is_rows_scrollbar));
    g_autoptr(GPtrArray) clicked = NULL;
    guint position;

    gtk_adjustment_set_value (gtk_scrollbar_get_adjustment (scrollbar), 0);
    wait.offset = 0;
    vd_test_ui_wait_until (offset_is, &wait);
    pointer_over (view, 0.5, 0.5, (const char *[]) { "click", "1", NULL });
    vd_test_ui_wait_until (one_selected_on_screen, &wait);
    clicked = vd_member_list_dup_selected (vd_member_window_get_list (rows));
    g_assert_true (vd_member_list_find (vd_member_window_get_list (rows), clicked->pdata[0], &position));
    g_assert_cmpuint (position, <, page_size - 1);
    wait.selected = position + 1;
    press_keys (GTK_WIDGET (window), "Down");
    vd_test_ui_wait_until (selected_on_screen, &wait);
    g_assert_cmpuint (vd_member_window_get_offset (rows), ==, 0);
  }

  /* The scrollbar over the rows: a thin indicator, wider under the pointer
   * and while its slider is dragged, even off it; the drag moves the rows */
  {
    GtkWidget *scrollbar = find_widget (page, is_rows_scrollbar);
    GtkWidget *slider = scrollbar ? find_widget (scrollbar, is_slider) : NULL;

    g_assert_nonnull (slider);
    g_assert_false (hovered (scrollbar));
    pointer_over (slider, 0.5, 0.5, NULL);
    vd_test_ui_wait_until (hovered, scrollbar);
    pointer_over (slider, 0.5, 0.5, (const char *[]) { "mousedown", "1", NULL });
    pointer_over (view, 0.5, 0.9, NULL);
    vd_test_ui_wait_until (offset_past_top, rows);
    vd_test_ui_wait_frames (view, 3);
    g_assert_true (hovered (scrollbar));
    pointer_over (view, 0.5, 0.9, (const char *[]) { "mouseup", "1", NULL });
    vd_test_ui_wait_until (not_hovered, scrollbar);
  }

  vd_test_ui_wait_frames (view, 3);
  {
    g_autofree char *path = vd_test_ui_screenshot (GTK_WIDGET (window), "keyboard-members-scrolled");

    g_test_message ("Scrolled: %s", path);
  }

  /* Narrow, the table scrolls sideways: Shift and the wheel do that, as in
   * any scrolled window, and leave the rows where they are */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 480);
  {
    GtkAdjustment *hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));

    g_test_message ("Narrow: waiting for a table wider than the window");
    vd_test_ui_wait_until (window_is_narrow, window);
    vd_test_ui_wait_until (scrolls_sideways, hadjustment);
    /* Folded, the window shows the page, not the sidebar (with an animation) */
    adw_leaflet_set_visible_child (ADW_LEAFLET (vd_test_ui_find_by_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET)),
                                   content_of (window));
    vd_test_ui_wait_frames (view, 30);
    g_assert_cmpfloat (gtk_adjustment_get_value (hadjustment), ==, 0);
    wait.offset = vd_member_window_get_offset (rows);
    click_over (view, "5", TRUE);
    g_test_message ("Shift and the wheel: waiting for the table to scroll sideways");
    vd_test_ui_wait_until (scrolled_sideways, hadjustment);
    g_assert_cmpuint (vd_member_window_get_offset (rows), ==, wait.offset);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- The invite dialog --------------------------------------------------- */

static gboolean
invite_dialog_shown (gpointer data)
{
  return vd_test_ui_find_toplevel (VD_TYPE_INVITE_DIALOG) != NULL;
}

static gboolean
invite_dialog_gone (gpointer data)
{
  return vd_test_ui_find_toplevel (VD_TYPE_INVITE_DIALOG) == NULL;
}

static VdInviteDialog *
open_invite_dialog (VdWindow *window)
{
  /* Ctrl+I, for real */
  press_keys (GTK_WIDGET (window), "ctrl+i");
  vd_test_ui_wait_until (invite_dialog_shown, NULL);
  return VD_INVITE_DIALOG (vd_test_ui_find_toplevel (VD_TYPE_INVITE_DIALOG));
}

static gboolean
sending_or_gone (gpointer data)
{
  GtkWidget *dialog = vd_test_ui_find_toplevel (VD_TYPE_INVITE_DIALOG);

  return dialog == NULL || vd_invite_dialog_get_sending (VD_INVITE_DIALOG (dialog));
}

static void
test_invite_dialog (void)
{
  VdWindow *window = signed_in_window ();
  VdInviteDialog *dialog = open_invite_dialog (window);
  GtkWidget *email = vd_test_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW);
  g_autoptr(GPtrArray) order = NULL;

  /* The email field has the focus from the start */
  g_assert_nonnull (email);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == email);

  /* Tab goes round the dialog without leaving it */
  order = tab_round (GTK_WINDOW (dialog));
  g_assert_cmpuint (order->len, >, 3);

  /* Escape closes it */
  press_keys (GTK_WIDGET (dialog), "Escape");
  vd_test_ui_wait_until (invite_dialog_gone, NULL);

  /* Ctrl+Enter sends what was typed, with the focus still in the field */
  dialog = open_invite_dialog (window);
  email = vd_test_ui_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (email)), "keys@example.com", -1);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == email);
  press_keys (GTK_WIDGET (dialog), "ctrl+Return");
  vd_test_ui_wait_until (sending_or_gone, NULL);
  vd_test_ui_wait_until (invite_dialog_gone, NULL);
  {
    g_autofree char *count = vd_test_db_query (demo, "SELECT COUNT(*) FROM invitations WHERE email = 'keys@example.com'");

    g_assert_cmpstr (count, ==, "1");
  }
  /* The toast says so; the announcer beside it stays out of sight */
  vd_test_ui_wait_for_label (GTK_WIDGET (window), "Invitation sent");
  vd_test_ui_wait_frames (GTK_WIDGET (window), 20);
  {
    g_autofree char *path = vd_test_ui_screenshot (GTK_WIDGET (window), "keyboard-invitation-sent");

    g_test_message ("The toast: %s", path);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  demo = vd_test_ui_init (&argc, &argv);

  g_test_add_func ("/vd/ui-keyboard/pages", test_pages);
  g_test_add_func ("/vd/ui-keyboard/focus-visible", test_focus_visible);
  g_test_add_func ("/vd/ui-keyboard/invite-dialog", test_invite_dialog);
  g_test_add_func ("/vd/ui-keyboard/members-table", test_members_table);

  return vd_test_ui_run (demo);
}
