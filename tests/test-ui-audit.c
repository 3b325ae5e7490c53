/* test-ui-audit.c — the audit log page, driven under Xvfb against vidinfra-local
 *
 * The demo organization has 52 entries; main () adds 151 permission changes
 * through the API, so the log has three pages of 100.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vd-audit-page.h"
#include "vd-test-ui.h"

/* Billing off and on, then one change of many lines */
#define N_UPDATES (150 + 1)

static VdTestServer *demo;
static VdAccount *account;
static VdOrganizationStore *store;
static char *token;
static char *changed_member_name;   /* whose billing main () toggled */

typedef struct
{
  GtkWidget   *window;
  VdAuditPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  int width = GPOINTER_TO_INT (data);
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->window = gtk_window_new ();
  fixture->page = g_object_new (VD_TYPE_AUDIT_PAGE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width ? width : 800, 700);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vd_test_ui_flush ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vd_test_ui_flush ();
}

/* Helpers */

static gboolean
page_idle (gpointer data)
{
  return !vd_audit_page_get_loading (data);
}

/* Two frames: whatever changed is laid out and drawn, and the list view
 * has made the rows it shows */
static void
wait_frames (VdAuditPage *page)
{
  gtk_widget_queue_draw (GTK_WIDGET (page));
  vd_test_ui_wait_frames (GTK_WIDGET (page), 2);
}

/* An action of the user started a load: wait for its end */
static void
wait_loaded (VdAuditPage *page)
{
  g_assert_true (vd_audit_page_get_loading (page));
  vd_test_ui_wait_until (page_idle, page);
  wait_frames (page);
}

static GtkListView *
get_list_view (VdAuditPage *page)
{
  /* The dropdowns' popups hold list views too: the log's is the clamped one */
  GtkWidget *clamp = vd_test_ui_find_by_type (GTK_WIDGET (page), ADW_TYPE_CLAMP_SCROLLABLE);

  g_assert_nonnull (clamp);
  g_assert_true (GTK_IS_LIST_VIEW (adw_clamp_scrollable_get_child (ADW_CLAMP_SCROLLABLE (clamp))));
  return GTK_LIST_VIEW (adw_clamp_scrollable_get_child (ADW_CLAMP_SCROLLABLE (clamp)));
}

static guint
n_rows (VdAuditPage *page)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (get_list_view (page)));

  return model ? g_list_model_get_n_items (model) : 0;
}

static gboolean
shows_spinner (GtkWidget *widget)
{
  if (GTK_IS_SPINNER (widget) && gtk_widget_get_mapped (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_spinner (child))
      return TRUE;
  return FALSE;
}

/* The server's entries for a query, as VdAuditEntry objects, every page */
static GPtrArray *
server_entries (const char *filters,
                guint       max_pages)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint page = 1; page <= max_pages; page++)
    {
      g_autofree char *path = g_strdup_printf ("/audits?limit=100&page=%u&sort=-created_at%s", page, filters);
      g_autoptr(VdTestResponse) response = vd_test_request (demo, "GET", path, token, NULL);
      JsonArray *array;

      vd_test_assert_status (response, 200, NULL);
      array = vd_test_result_array (response);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(GError) error = NULL;
          VdAuditEntry *entry = vd_audit_entry_new_from_json (vd_organization_store_get_organization_id (store),
                                                              json_array_get_object_element (array, i), &error);

          g_assert_no_error (error);
          g_ptr_array_add (entries, entry);
        }
      if (json_array_get_length (array) < 100)
        break;
    }

  return entries;
}

static gint64
server_total (const char *filters)
{
  g_autofree char *path = g_strdup_printf ("/audits?limit=1%s", filters);
  g_autoptr(VdTestResponse) response = vd_test_request (demo, "GET", path, token, NULL);

  vd_test_assert_status (response, 200, NULL);
  return vd_test_response_total (response);
}

/* The list holds the server's entries, in its order (newest first), and
 * shows the first of them */
static void
assert_rows_match (VdAuditPage *page,
                   GPtrArray   *entries)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (get_list_view (page)));
  g_autofree char *summary = NULL;

  g_assert_cmpuint (n_rows (page), ==, entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      g_autoptr(VdAuditEntry) shown = g_list_model_get_item (model, i);

      g_assert_cmpstr (vd_audit_entry_get_id (shown), ==, vd_audit_entry_get_id (g_ptr_array_index (entries, i)));
      if (i > 0)
        g_assert_cmpint (g_date_time_compare (vd_audit_entry_get_created_at (g_ptr_array_index (entries, i - 1)),
                                              vd_audit_entry_get_created_at (g_ptr_array_index (entries, i))), >=, 0);
    }

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_list_view (page))));
  summary = vd_audit_entry_dup_summary (g_ptr_array_index (entries, 0));
  g_assert_nonnull (vd_test_ui_find_mapped (GTK_WIDGET (page), summary));
}

/* Chooses the dropdown item shown as @label, as a click in its popup would */
static void
choose (VdAuditPage *page,
        const char  *dropdown_label,
        const char  *label)
{
  GtkWidget *dropdown = vd_test_ui_get_by_label (GTK_WIDGET (page), dropdown_label);
  GListModel *model;

  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      const char *text = VD_IS_MEMBER (item) ? vd_member_get_display_name (VD_MEMBER (item))
                                             : gtk_string_object_get_string (GTK_STRING_OBJECT (item));

      if (g_strcmp0 (text, label) == 0)
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
          return;
        }
    }

  g_error ("“%s” offers no “%s”", dropdown_label, label);
}

static void
show_store (Fixture *fixture)
{
  vd_audit_page_set_store (fixture->page, store);
  wait_loaded (fixture->page);
}

/* Screenshots once the last change is laid out (the paintable gives no
 * node for a window waiting for its allocation) */
static void
screenshot (VdAuditPage *page,
            const char  *name)
{
  wait_frames (page);
  g_free (vd_test_ui_screenshot (GTK_WIDGET (page), name));
}

/* Tests */

static void
test_first_page (Fixture       *fixture,
                 gconstpointer  data)
{
  VdAuditPage *page = fixture->page;
  g_autoptr(GPtrArray) entries = server_entries ("", 1);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) changes2 = NULL;
  g_autofree char *member_line = NULL;
  g_autofree char *expander_label = NULL;
  GtkWidget *expander;
  GtkWidget *byline;

  show_store (fixture);

  /* The server's first page, newest first */
  g_assert_cmpuint (entries->len, ==, 100);
  assert_rows_match (page, entries);

  /* The newest entry is a long permission change: whose, and what changed,
   * folded until asked for */
  g_assert_cmpstr (vd_audit_entry_get_action (g_ptr_array_index (entries, 0)), ==, "member.updated");
  changes = vd_audit_entry_dup_changes (g_ptr_array_index (entries, 0), NULL, NULL, NULL);
  g_assert_cmpuint (changes->len, >, 3);
  expander_label = g_strdup_printf ("%u changes", changes->len);
  expander = gtk_widget_get_ancestor (vd_test_ui_get_by_label (GTK_WIDGET (page), expander_label), GTK_TYPE_EXPANDER);
  g_assert_nonnull (expander);
  g_assert_null (vd_test_ui_find_mapped (GTK_WIDGET (page), "Live Events: no access → custom"));
  vd_test_ui_activate (expander);
  wait_frames (page);
  g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  member_line = g_strdup_printf ("Member: %s", changed_member_name);
  g_assert_nonnull (vd_test_ui_find_mapped (GTK_WIDGET (page), member_line));
  g_assert_nonnull (vd_test_ui_find_mapped (GTK_WIDGET (page), "Billing: revoked"));
  /* Projects by name */
  g_assert_nonnull (vd_test_ui_find_mapped (GTK_WIDGET (page), "Live Events: no access → custom"));

  /* A short one shows at once */
  changes2 = vd_audit_entry_dup_changes (g_ptr_array_index (entries, 1), NULL, NULL, NULL);
  g_assert_cmpuint (changes2->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changes2, 0), ==, "Billing: granted");
  g_assert_nonnull (vd_test_ui_find_mapped (GTK_WIDGET (page), "Billing: granted"));

  /* Who and when, with the full date in the tooltip */
  byline = vd_test_ui_get_by_label (GTK_WIDGET (page), VD_TEST_OWNER " · Just now");
  g_assert_true (gtk_widget_get_mapped (byline));
  g_assert_nonnull (gtk_widget_get_tooltip_text (byline));

  screenshot (page, "audit-light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (page, "audit-dark");
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  show_store (fixture);
  g_assert_cmpint (gtk_widget_get_width (fixture->window), <=, 400);
  screenshot (fixture->page, "audit-360");
}

/* filter[created_at][between] from today's local midnight to now */
static char *
today_filter (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 1);
  g_autofree char *from = g_date_time_format_iso8601 (midnight);
  g_autofree char *to = g_date_time_format_iso8601 (soon);
  g_autofree char *range = g_strdup_printf ("%s,%s", from, to);
  g_autofree char *escaped = g_uri_escape_string (range, NULL, FALSE);

  return g_strdup_printf ("&filter%%5Bcreated_at%%5D%%5Bbetween%%5D=%s", escaped);
}

static void
assert_empty_state (VdAuditPage *page,
                    const char  *filters)
{
  g_assert_cmpint (server_total (filters), ==, 0);
  g_assert_cmpuint (n_rows (page), ==, 0);
  g_assert_true (gtk_widget_get_mapped (vd_test_ui_get_by_label (GTK_WIDGET (page), "No Entries Match These Filters")));
  g_assert_true (gtk_widget_get_mapped (vd_test_ui_get_by_label (GTK_WIDGET (page), "Clear Filters")));
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  VdAuditPage *page = fixture->page;
  const char *accepted = "&filter%5Baction%5D%5Beq%5D=invitation.accepted";
  g_autofree char *admin_id = vd_test_db_query (demo, "SELECT id FROM users WHERE email = 'admin@acme.test'");
  g_autofree char *by_admin = g_strdup_printf ("&filter%%5Bactor_id%%5D%%5Beq%%5D=%s", admin_id);
  g_autofree char *accepted_by_admin = g_strconcat (accepted, by_admin, NULL);
  g_autofree char *today = today_filter ();
  g_autofree char *today_by_admin = g_strconcat (by_admin, today, NULL);
  g_autoptr(GPtrArray) entries = NULL;

  show_store (fixture);

  /* By action: only those, as many as the server counts */
  choose (page, "Filter by action", "Invitation Accepted");
  wait_loaded (page);
  entries = server_entries (accepted, 1);
  g_assert_cmpint (entries->len, ==, server_total (accepted));
  g_assert_cmpuint (entries->len, ==, 24);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (vd_audit_entry_get_action (g_ptr_array_index (entries, i)), ==, "invitation.accepted");
  assert_rows_match (page, entries);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* And by person (the dropdown searches names and emails): the admin
   * accepted no invitation here, which the page says */
  choose (page, "Filter by person", "Bruno Díaz");
  wait_loaded (page);
  assert_empty_state (page, accepted_by_admin);

  /* By person alone */
  choose (page, "Filter by action", "All Actions");
  wait_loaded (page);
  entries = server_entries (by_admin, 1);
  g_assert_cmpint (entries->len, ==, server_total (by_admin));
  g_assert_cmpuint (entries->len, >, 0);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (vd_audit_entry_get_actor_id (g_ptr_array_index (entries, i)), ==, admin_id);
  assert_rows_match (page, entries);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* And by date: the admin's entries are all older than today */
  choose (page, "Filter by date", "Today");
  wait_loaded (page);
  assert_empty_state (page, today_by_admin);
  screenshot (page, "audit-empty");

  /* Clear Filters: the whole log again */
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (page), "Clear Filters"));
  wait_loaded (page);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (vd_test_ui_get_by_label (GTK_WIDGET (page), "Filter by action"))), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (vd_test_ui_get_by_label (GTK_WIDGET (page), "Filter by person"))), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (vd_test_ui_get_by_label (GTK_WIDGET (page), "Filter by date"))), ==, 0);
  entries = server_entries ("", 1);
  assert_rows_match (page, entries);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Today alone: main ()'s changes, not the demo's history */
  choose (page, "Filter by date", "Today");
  wait_loaded (page);
  g_assert_cmpint (server_total (today), ==, N_UPDATES);
  entries = server_entries (today, 1);
  assert_rows_match (page, entries);
}

static void
test_scroll (Fixture       *fixture,
             gconstpointer  data)
{
  VdAuditPage *page = fixture->page;
  gint64 total = server_total ("");
  g_autoptr(GPtrArray) entries = server_entries ("", 10);
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  g_autofree char *oldest = NULL;
  guint loads = 0;

  g_assert_cmpint (total, ==, 52 + N_UPDATES);
  g_assert_cmpuint (entries->len, ==, total);
  show_store (fixture);
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (get_list_view (page)), GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  /* Each scroll to the end loads the next page, one at a time */
  while (n_rows (page) < total)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                            gtk_adjustment_get_page_size (adjustment));
      wait_loaded (page);
      g_assert_cmpuint (++loads, <=, 3);
    }

  g_assert_cmpuint (loads, ==, 2);

  /* At the end: the oldest entry, no spinner; scrolling again asks for nothing */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  vd_test_ui_wait_until (page_idle, page);
  wait_frames (page);
  oldest = vd_audit_entry_dup_summary (g_ptr_array_index (entries, entries->len - 1));
  g_assert_cmpstr (oldest, ==, "Amelia Hart created the organization “Acme Studios”");
  g_assert_nonnull (vd_test_ui_find_mapped (GTK_WIDGET (page), oldest));
  g_assert_false (shows_spinner (GTK_WIDGET (page)));
  g_assert_null (vd_test_ui_find_by_label (GTK_WIDGET (page), "Retry Loading More"));
  screenshot (page, "audit-end");

  /* Every entry once, in the server's order */
  gtk_adjustment_set_value (adjustment, 0);
  wait_frames (page);
  assert_rows_match (page, entries);
}

/* Last, as it stops the server: a failed load says so and offers a retry */
static void
test_error (Fixture       *fixture,
            gconstpointer  data)
{
  VdAuditPage *page = fixture->page;
  GtkWidget *retry;

  vd_test_server_kill (demo);
  show_store (fixture);

  g_assert_cmpuint (n_rows (page), ==, 0);
  g_assert_nonnull (vd_test_ui_find_mapped (GTK_WIDGET (page), "Could Not Load the Audit Log"));
  retry = vd_test_ui_get_by_label (GTK_WIDGET (page), "Retry");
  g_assert_true (gtk_widget_get_mapped (retry));
  screenshot (page, "audit-error");

  vd_test_ui_activate (retry);
  wait_loaded (page);
  g_assert_nonnull (vd_test_ui_find_mapped (GTK_WIDGET (page), "Could Not Load the Audit Log"));
}

/* 150 permission changes by the owner: the member's billing off and on */
static void
add_updates (void)
{
  GListModel *members = vd_organization_store_get_members (store);
  const char *organization_id = vd_organization_store_get_organization_id (store);
  g_autoptr(VdPermissions) billing = vd_permissions_new (organization_id);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *grants = NULL;
  g_autofree char *with_billing = NULL;
  g_autofree char *path = NULL;
  VdMember *member = NULL;

  for (guint i = 0; member == NULL && i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(VdMember) item = g_list_model_get_item (members, i);

      if (g_str_equal (vd_member_get_email (item), "aiko1@acme.test"))
        member = item;
    }
  g_assert_nonnull (member);
  changed_member_name = g_strdup (vd_member_get_display_name (member));
  path = g_strdup_printf ("/members/%s", vd_member_get_id (member));

  vd_permissions_set_billing (billing, TRUE);
  node = vd_permissions_to_json (billing);
  grants = json_to_string (node, FALSE);
  with_billing = g_strdup_printf ("{\"permissions\": %s}", grants);

  for (guint i = 0; i < N_UPDATES - 1; i++)
    {
      g_autoptr(VdTestResponse) response = vd_test_request (demo, "PUT", path, token,
                                                           i % 2 ? with_billing : "{\"permissions\": []}");

      vd_test_assert_status (response, 200, NULL);
    }

  /* Last: custom rights on a project instead of billing, a long change */
  {
    GListModel *projects = vd_organization_store_get_projects (store);
    g_autoptr(VdPermissions) custom = vd_permissions_new (organization_id);
    g_autoptr(JsonNode) custom_node = NULL;
    g_autofree char *custom_grants = NULL;
    g_autofree char *body = NULL;
    g_autoptr(VdTestResponse) response = NULL;
    VdGrant *grant = NULL;

    for (guint i = 0; grant == NULL && i < g_list_model_get_n_items (projects); i++)
      {
        g_autoptr(VdProject) project = g_list_model_get_item (projects, i);

        if (g_str_equal (vd_project_get_name (project), "Live Events"))
          grant = vd_permissions_ensure_grant (custom, vd_project_get_id (project));
      }
    g_assert_nonnull (grant);
    vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
    vd_grant_set_rights (grant, VD_RESOURCE_LIVESTREAMS, VD_RIGHTS_ALL);
    vd_grant_set_rights (grant, VD_RESOURCE_ANALYTICS, VD_RIGHTS_READ);
    vd_grant_set_rights (grant, VD_RESOURCE_PLAYERS, VD_RIGHTS_READ | VD_RIGHTS_WRITE);
    custom_node = vd_permissions_to_json (custom);
    custom_grants = json_to_string (custom_node, FALSE);
    body = g_strdup_printf ("{\"permissions\": %s}", custom_grants);
    response = vd_test_request (demo, "PUT", path, token, body);
    vd_test_assert_status (response, 200, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  demo = vd_test_ui_init (&argc, &argv);
  token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  account = vd_test_ui_sign_in (demo, VD_TEST_OWNER);
  store = vd_test_ui_load_store (account);
  add_updates ();

  g_test_add ("/vd/ui-audit/first-page", Fixture, NULL, fixture_set_up, test_first_page, fixture_tear_down);
  g_test_add ("/vd/ui-audit/narrow", Fixture, GINT_TO_POINTER (360), fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/vd/ui-audit/filters", Fixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/vd/ui-audit/scroll", Fixture, NULL, fixture_set_up, test_scroll, fixture_tear_down);
  g_test_add ("/vd/ui-audit/error", Fixture, NULL, fixture_set_up, test_error, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&store);
  g_clear_object (&account);
  g_free (token);
  g_free (changed_member_name);
  vd_test_server_free (demo);
  return status;
}
