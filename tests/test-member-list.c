/* test-member-list.c — VdMemberList: the members page's sorted, searched,
 * filtered and selected list, checked against orders and filters computed
 * here independently, for short lists (sorted in place) and long ones
 * (sorted in a worker thread, with members coming, going and changing while
 * it runs); and VdMemberWindow, the rows of it the view is given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "vd-member-list.h"
#include "vd-member-window.h"

#define ORG_ID    "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
#define PROJECT_A "1b2c3d4e-5f60-4a71-8b92-a3b4c5d6e7f8"
#define PROJECT_B "2c3d4e5f-6071-4b82-9ca3-b4c5d6e7f809"

/* Longer than the list sorts in place: the worker runs */
#define LONG_LIST 6000

static const char *first_names[] = {
  "Ada", "Émile", "chloé", "Chloe", "Zoë", "Björn", "Ines", "Kwame", "Aiko", "Ólafur", "José", "Şebnem",
};
static const char *last_names[] = {
  "Nakamura", "Fernández", "Smith", "O’Brien", "Ødegaard", "Müller", "de la Cruz", "Øby",
};

static JsonObject *
member_json (guint       n,
             const char *id,
             const char *first_name,
             const char *role)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *email = g_strdup_printf ("user%05u@%s.test", n, n % 3 ? "acme" : "northwind");
  g_autofree char *joined = g_strdup_printf ("2026-%02u-%02uT%02u:00:00Z", 1 + n % 12, 1 + n % 28, n % 24);
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "first_name");
  json_builder_add_string_value (builder, first_name);
  json_builder_set_member_name (builder, "last_name");
  json_builder_add_string_value (builder, last_names[n % G_N_ELEMENTS (last_names)]);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_set_member_name (builder, "joined_at");
  json_builder_add_string_value (builder, joined);
  json_builder_set_member_name (builder, "permissions");
  json_builder_begin_array (builder);
  if (n % 2 == 0 || n % 5 == 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "entity_id");
      json_builder_add_string_value (builder, n % 2 == 0 ? PROJECT_A : PROJECT_B);
      json_builder_set_member_name (builder, "entity_type");
      json_builder_add_string_value (builder, "projects");
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, "full-access");
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, "write+read");
      json_builder_set_member_name (builder, "permission");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  if (n % 7 == 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "entity_id");
      json_builder_add_string_value (builder, ORG_ID);
      json_builder_set_member_name (builder, "entity_type");
      json_builder_add_string_value (builder, "organizations");
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, "billing");
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, "write+read");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static const char *
role_of (guint n)
{
  return n % 97 == 0 ? "owner" : n % 13 == 0 ? "admin" : "member";
}

static VdMember *
make_member (guint n)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(JsonObject) object = member_json (n, id, first_names[n % G_N_ELEMENTS (first_names)], role_of (n));
  g_autoptr(GError) error = NULL;
  VdMember *member = vd_member_new_from_json (ORG_ID, object, &error);

  g_assert_no_error (error);
  g_object_set_data (G_OBJECT (member), "n", GUINT_TO_POINTER (n));
  return member;
}

static void
rename_member (VdMember   *member,
               const char *first_name,
               const char *role)
{
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (member), "n"));
  g_autoptr(JsonObject) object = member_json (n, vd_member_get_id (member), first_name, role);
  g_autoptr(GError) error = NULL;

  g_assert_true (vd_member_update_from_json (member, object, &error));
  g_assert_no_error (error);
}

static GListStore *
make_store (guint n)
{
  GListStore *store = g_list_store_new (VD_TYPE_MEMBER);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (members, make_member (i));
  g_list_store_splice (store, 0, 0, members->pdata, members->len);
  return store;
}


/* The reference: what the list must show, computed the slow, obvious way */

typedef struct
{
  VdMemberColumn column;
  gboolean       descending;
  const char    *search;
  VdRole         role;
  const char    *project_id;
} Query;

static int
rank (VdRole role)
{
  return role == VD_ROLE_OWNER ? 0 : role == VD_ROLE_ADMIN ? 1 : role == VD_ROLE_MEMBER ? 2 : 3;
}

static gboolean
has_everything (VdMember *member)
{
  return vd_member_get_role (member) == VD_ROLE_OWNER || vd_member_get_role (member) == VD_ROLE_ADMIN;
}

static int
compare_ints (gint64 a,
              gint64 b)
{
  return (a > b) - (a < b);
}

static int
reference_compare (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  VdMember *x = *(VdMember **) a, *y = *(VdMember **) b;
  VdPermissions *px = vd_member_get_permissions (x), *py = vd_member_get_permissions (y);
  const Query *query = user_data;
  int c = 0;

  switch (query->column)
    {
    case VD_MEMBER_COLUMN_NAME:
      c = g_utf8_collate (vd_member_get_display_name (x), vd_member_get_display_name (y));
      break;
    case VD_MEMBER_COLUMN_EMAIL:
      c = g_utf8_collate (vd_member_get_email (x), vd_member_get_email (y));
      break;
    case VD_MEMBER_COLUMN_ROLE:
      c = compare_ints (rank (vd_member_get_role (x)), rank (vd_member_get_role (y)));
      break;
    case VD_MEMBER_COLUMN_PROJECTS:
      c = compare_ints (has_everything (x) ? G_MAXINT : vd_permissions_get_n_projects (px),
                        has_everything (y) ? G_MAXINT : vd_permissions_get_n_projects (py));
      break;
    case VD_MEMBER_COLUMN_BILLING:
      c = compare_ints (has_everything (x) || vd_permissions_get_billing (px),
                        has_everything (y) || vd_permissions_get_billing (py));
      break;
    case VD_MEMBER_COLUMN_API:
      c = compare_ints (has_everything (x) || vd_permissions_get_api (px),
                        has_everything (y) || vd_permissions_get_api (py));
      break;
    case VD_MEMBER_COLUMN_NONE:
    case VD_MEMBER_COLUMN_JOINED:
      c = compare_ints (g_date_time_to_unix (vd_member_get_joined_at (x)),
                        g_date_time_to_unix (vd_member_get_joined_at (y)));
      break;
    }

  if (query->descending)
    c = -c;
  if (c == 0)
    c = g_utf8_collate (vd_member_get_display_name (x), vd_member_get_display_name (y));
  if (c == 0)
    c = g_utf8_collate (vd_member_get_email (x), vd_member_get_email (y));
  if (c == 0)
    c = strcmp (vd_member_get_id (x), vd_member_get_id (y));
  return c;
}

static gboolean
reference_matches (VdMember    *member,
                   const Query *query)
{
  if (query->role != VD_ROLE_UNKNOWN && vd_member_get_role (member) != query->role)
    return FALSE;
  if (query->project_id != NULL)
    {
      VdGrant *grant = vd_permissions_lookup_grant (vd_member_get_permissions (member), query->project_id);

      if (grant == NULL || vd_grant_get_access (grant) == VD_ACCESS_NONE)
        return FALSE;
    }
  if (query->search != NULL)
    {
      g_autofree char *key = vd_member_search_key (query->search);
      g_autofree char *name = vd_member_search_key (vd_member_get_display_name (member));
      g_autofree char *email = vd_member_search_key (vd_member_get_email (member));

      if (strstr (name, key) == NULL && strstr (email, key) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
not_busy (VdMemberList *list)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (vd_member_list_get_busy (list))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  /* and the rows show their new members (before the next frame) */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return TRUE;
}

/* The list shows exactly the store's members that match, in order, both
 * through its rows and through vd_member_list_get_member() */
static void
assert_shows (VdMemberList *list,
              GListModel   *store,
              const Query  *query)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (store);

  not_busy (list);
  for (guint i = 0; i < n; i++)
    {
      VdMember *member = g_list_model_get_item (store, i);

      if (reference_matches (member, query))
        g_ptr_array_add (expected, member);
      g_object_unref (member);   /* the store keeps it */
    }
  g_ptr_array_sort_with_data (expected, reference_compare, (gpointer) query);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(VdMemberRow) row = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (vd_member_row_get_member (row) != expected->pdata[i])
        g_error ("Row %u shows %s, not %s", i, vd_member_get_display_name (vd_member_row_get_member (row)),
                 vd_member_get_display_name (expected->pdata[i]));
      g_assert_true (vd_member_list_get_member (list, i) == expected->pdata[i]);
      g_assert_cmpuint (vd_member_row_get_position (row), ==, i);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), expected->len));
}

static void
apply (VdMemberList *list,
       const Query  *query)
{
  vd_member_list_set_sort (list, query->column, query->descending);
  vd_member_list_set_search (list, query->search);
  vd_member_list_set_role (list, query->role);
  vd_member_list_set_project_id (list, query->project_id);
}


/* Tests */

/* Every column both ways, and the filters alone and together */
static void
test_orders_and_filters (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GListStore) store = make_store (n);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  const Query queries[] = {
    { VD_MEMBER_COLUMN_NAME, FALSE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_NAME, TRUE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_EMAIL, FALSE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_EMAIL, TRUE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_ROLE, FALSE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_ROLE, TRUE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_PROJECTS, FALSE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_BILLING, TRUE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_API, FALSE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_JOINED, TRUE, NULL, VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_NONE, FALSE, NULL, VD_ROLE_UNKNOWN, NULL },
    /* Case does not matter; the email counts */
    { VD_MEMBER_COLUMN_NAME, FALSE, "CHLOE", VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_NAME, FALSE, "chlo", VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_NAME, FALSE, "ødegaard", VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_EMAIL, FALSE, "@northwind", VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_NAME, FALSE, "no one is called this", VD_ROLE_UNKNOWN, NULL },
    { VD_MEMBER_COLUMN_NAME, FALSE, NULL, VD_ROLE_ADMIN, NULL },
    { VD_MEMBER_COLUMN_NAME, FALSE, NULL, VD_ROLE_OWNER, NULL },
    { VD_MEMBER_COLUMN_JOINED, FALSE, NULL, VD_ROLE_UNKNOWN, PROJECT_B },
    { VD_MEMBER_COLUMN_ROLE, TRUE, "smith", VD_ROLE_MEMBER, PROJECT_A },
    { VD_MEMBER_COLUMN_NAME, FALSE, NULL, VD_ROLE_UNKNOWN, NULL },
  };

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == VD_TYPE_MEMBER_ROW);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      apply (list, &queries[i]);
      assert_shows (list, G_LIST_MODEL (store), &queries[i]);
    }
}

/* Members arriving a page at a time are placed in order as they come */
static void
test_sorted_as_they_come (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GListStore) all = make_store (n);
  g_autoptr(GListStore) store = g_list_store_new (VD_TYPE_MEMBER);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  const Query by_name = { VD_MEMBER_COLUMN_NAME, FALSE, "a", VD_ROLE_UNKNOWN, NULL };

  apply (list, &by_name);
  for (guint i = 0; i < n; i += 100)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = i; j < MIN (i + 100, n); j++)
        g_ptr_array_add (page, g_list_model_get_item (G_LIST_MODEL (all), j));
      g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0, page->pdata, page->len);
      /* In order after every page, with no worker needed */
      g_assert_false (vd_member_list_get_busy (list));
      if (i % 1000 == 0 || i + 100 >= n)
        assert_shows (list, G_LIST_MODEL (store), &by_name);
    }
}

/* While the store loads, members are shown at the end as they come, and
 * sorted once when the load is done */
static void
test_loading (void)
{
  g_autoptr(GListStore) all = make_store (LONG_LIST);
  g_autoptr(GListStore) store = g_list_store_new (VD_TYPE_MEMBER);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  Query query = { VD_MEMBER_COLUMN_NAME, FALSE, NULL, VD_ROLE_UNKNOWN, NULL };

  vd_member_list_set_loading (list, TRUE);
  for (guint i = 0; i < LONG_LIST; i += 500)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
      guint before = g_list_model_get_n_items (G_LIST_MODEL (list));

      for (guint j = i; j < MIN (i + 500, LONG_LIST); j++)
        g_ptr_array_add (page, g_list_model_get_item (G_LIST_MODEL (all), j));
      g_list_store_splice (store, i, 0, page->pdata, page->len);

      /* Below what was there, in the order they came; nothing to wait for */
      g_assert_false (vd_member_list_get_busy (list));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, before + page->len);
      for (guint j = 0; j < page->len; j++)
        g_assert_true (vd_member_list_get_member (list, before + j) == page->pdata[j]);

      /* A search asked meanwhile is done at once, on what is there */
      if (i == 2000)
        {
          query.search = "smith";
          apply (list, &query);
          assert_shows (list, G_LIST_MODEL (store), &query);
          query.search = NULL;
          apply (list, &query);
          assert_shows (list, G_LIST_MODEL (store), &query);
        }
    }

  vd_member_list_set_loading (list, FALSE);
  assert_shows (list, G_LIST_MODEL (store), &query);
}

typedef struct
{
  guint position, removed, added;
  guint count;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->count++;
}

/* A new order or filter keeps the rows: they show other members, and only
 * rows past the new end go (or come) */
static void
test_rows_stay (void)
{
  g_autoptr(GListStore) store = make_store (LONG_LIST);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  g_autoptr(VdMemberRow) top = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_autoptr(VdMemberRow) again = NULL;
  VdMember *first = vd_member_row_get_member (top);
  Changes changes = { 0 };
  guint n_shown;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  vd_member_list_set_sort (list, VD_MEMBER_COLUMN_NAME, TRUE);
  g_assert_true (vd_member_list_get_busy (list));
  not_busy (list);
  g_assert_cmpuint (changes.count, ==, 0);
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (again == top);
  g_assert_true (vd_member_row_get_member (top) != first);
  g_assert_true (vd_member_row_get_member (top) == vd_member_list_get_member (list, 0));

  vd_member_list_set_search (list, "ZOË");
  not_busy (list);
  n_shown = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n_shown, >, 0);
  g_assert_cmpuint (n_shown, <, LONG_LIST);
  g_assert_cmpuint (changes.count, ==, 1);
  g_assert_cmpuint (changes.position, ==, n_shown);
  g_assert_cmpuint (changes.removed, ==, LONG_LIST - n_shown);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpstr (vd_member_get_first_name (vd_member_row_get_member (top)), ==, "Zoë");

  vd_member_list_set_search (list, NULL);
  not_busy (list);
  g_assert_cmpuint (changes.count, ==, 2);
  g_assert_cmpuint (changes.position, ==, n_shown);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, LONG_LIST - n_shown);
}

/* While the worker sorts, members leave, come and change: the result has
 * all of it */
static void
test_changes_while_sorting (void)
{
  g_autoptr(GListStore) store = make_store (LONG_LIST);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  Query query = { VD_MEMBER_COLUMN_EMAIL, TRUE, NULL, VD_ROLE_UNKNOWN, NULL };
  g_autoptr(VdMember) renamed = g_list_model_get_item (G_LIST_MODEL (store), 10);
  g_autoptr(VdMember) promoted = g_list_model_get_item (G_LIST_MODEL (store), 11);
  g_autoptr(VdMember) gone = g_list_model_get_item (G_LIST_MODEL (store), 12);

  apply (list, &query);
  g_assert_true (vd_member_list_get_busy (list));

  /* Left (one, then a few hundred), came (a few, then many), changed */
  g_list_store_remove (G_LIST_STORE (store), 12);
  g_list_store_splice (store, 100, 300, NULL, 0);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(VdMember) member = make_member (LONG_LIST + i);

      g_list_store_append (store, member);
    }
  rename_member (renamed, "Aaron", "member");
  rename_member (promoted, "Zed", "admin");
  {
    g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < 1500; i++)
      g_ptr_array_add (many, make_member (LONG_LIST + 10 + i));
    g_list_store_splice (store, 0, 0, many->pdata, many->len);
  }
  g_assert_false (vd_member_list_find (list, gone, NULL));

  assert_shows (list, G_LIST_MODEL (store), &query);

  /* And the same with a filter running */
  query.role = VD_ROLE_ADMIN;
  apply (list, &query);
  rename_member (renamed, "Aaron", "admin");
  g_list_store_remove (G_LIST_STORE (store), 0);
  assert_shows (list, G_LIST_MODEL (store), &query);
  g_assert_true (vd_member_list_find (list, renamed, NULL));
  g_assert_true (vd_member_list_find (list, promoted, NULL));
}

/* A member that changes moves to its new place, or out of the filter */
static void
test_member_changes_move (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GListStore) store = make_store (n);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  g_autoptr(VdMember) member = g_list_model_get_item (G_LIST_MODEL (store), 5);
  Query query = { VD_MEMBER_COLUMN_NAME, FALSE, NULL, VD_ROLE_MEMBER, NULL };
  guint position;

  apply (list, &query);
  assert_shows (list, G_LIST_MODEL (store), &query);

  rename_member (member, "Aaaaron", "member");
  g_assert_true (vd_member_list_find (list, member, &position));
  g_assert_cmpuint (position, ==, 0);
  assert_shows (list, G_LIST_MODEL (store), &query);

  /* Promoted: out of the members-only list */
  rename_member (member, "Aaaaron", "admin");
  g_assert_false (vd_member_list_find (list, member, NULL));
  assert_shows (list, G_LIST_MODEL (store), &query);

  /* Access to a project: in the project's list */
  query.role = VD_ROLE_UNKNOWN;
  query.project_id = PROJECT_B;
  apply (list, &query);
  assert_shows (list, G_LIST_MODEL (store), &query);
  {
    g_autoptr(VdMember) outside = NULL;

    for (guint i = 0; i < n && outside == NULL; i++)
      {
        g_autoptr(VdMember) candidate = g_list_model_get_item (G_LIST_MODEL (store), i);

        if (!vd_member_list_find (list, candidate, NULL))
          outside = g_steal_pointer (&candidate);
      }
    g_assert_nonnull (outside);
    vd_grant_set_access (vd_permissions_ensure_grant (vd_member_get_permissions (outside), PROJECT_B),
                         VD_ACCESS_FULL);
    g_assert_true (vd_member_list_find (list, outside, NULL));
    assert_shows (list, G_LIST_MODEL (store), &query);
  }
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The selection is the members', not the positions' */
static void
test_selection_follows_members (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GListStore) store = make_store (n);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (list);
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GtkBitset) bitset = NULL;
  VdMember *a, *b, *c;
  guint position, n_notified = 0;

  g_signal_connect (list, "notify::n-selected", G_CALLBACK (notify_count_cb), &n_notified);

  a = vd_member_list_get_member (list, 0);
  b = vd_member_list_get_member (list, 3);
  c = vd_member_list_get_member (list, n - 1);
  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  g_assert_true (gtk_selection_model_select_item (selection, 3, FALSE));
  g_assert_true (gtk_selection_model_select_item (selection, n - 1, FALSE));
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 3);
  g_assert_cmpuint (n_notified, ==, 3);
  g_assert_true (gtk_selection_model_is_selected (selection, 3));
  g_assert_false (gtk_selection_model_is_selected (selection, 1));

  /* Sorted by another column: the same members are selected, where they are
   * now, and nothing else is */
  vd_member_list_set_sort (list, VD_MEMBER_COLUMN_EMAIL, TRUE);
  not_busy (list);
  bitset = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (bitset), ==, 3);
  selected = vd_member_list_dup_selected (list);
  g_assert_cmpuint (selected->len, ==, 3);
  {
    guint last = 0;

    for (guint i = 0; i < selected->len; i++)
      {
        g_assert_true (selected->pdata[i] == a || selected->pdata[i] == b || selected->pdata[i] == c);
        g_assert_true (vd_member_list_find (list, selected->pdata[i], &position));
        g_assert_true (gtk_selection_model_is_selected (selection, position));
        g_assert_true (gtk_bitset_contains (bitset, position));
        /* In the list's order */
        g_assert_true (i == 0 || position > last);
        last = position;
      }
  }

  /* Hidden by a search: no longer selected, and not again when shown */
  vd_member_list_set_search (list, vd_member_get_email (b));
  not_busy (list);
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 1);
  vd_member_list_set_search (list, NULL);
  not_busy (list);
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 1);
  g_assert_true (vd_member_list_find (list, b, &position));
  g_assert_true (gtk_selection_model_is_selected (selection, position));

  /* All, then none */
  g_assert_true (gtk_selection_model_select_all (selection));
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, n);
  g_assert_true (gtk_selection_model_unselect_all (selection));
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 0);

  /* A selected member that leaves takes its mark along */
  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 1);
  g_assert_true (g_list_store_find (store, vd_member_list_get_member (list, 0), &position));
  g_list_store_remove (store, position);
  not_busy (list);
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 0);
}

/* Another members list, or none */
static void
test_members_replaced (void)
{
  g_autoptr(GListStore) first = make_store (50);
  g_autoptr(GListStore) second = make_store (LONG_LIST);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (first));
  const Query query = { VD_MEMBER_COLUMN_NAME, FALSE, NULL, VD_ROLE_UNKNOWN, NULL };

  assert_shows (list, G_LIST_MODEL (first), &query);
  vd_member_list_set_members (list, G_LIST_MODEL (second));
  assert_shows (list, G_LIST_MODEL (second), &query);
  /* Dropped while its worker runs */
  vd_member_list_set_sort (list, VD_MEMBER_COLUMN_EMAIL, FALSE);
  vd_member_list_set_members (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  not_busy (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}


/* VdMemberWindow */

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        guint      *count)
{
  (*count)++;
}

/* The window's rows show the list's members from its offset on */
static void
assert_window_shows (VdMemberWindow *window,
                     guint           offset,
                     guint           n_rows)
{
  VdMemberList *list = vd_member_window_get_list (window);

  g_assert_cmpuint (vd_member_window_get_offset (window), ==, offset);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window)), ==, n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(VdMemberRow) row = g_list_model_get_item (G_LIST_MODEL (window), i);

      g_assert_true (vd_member_row_get_member (row) == vd_member_list_get_member (list, offset + i));
      g_assert_true (vd_member_window_get_member (window, i) == vd_member_row_get_member (row));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (window), n_rows));
}

/* Moving, sorting and searching change what the rows show; rows only come
 * or go at the end, when the list has fewer members than fit */
static void
test_window_follows_list (void)
{
  g_autoptr(GListStore) store = make_store (300);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  g_autoptr(VdMemberWindow) window = vd_member_window_new (list);
  g_autoptr(VdMemberRow) first_row = NULL;
  guint changes = 0;

  not_busy (list);
  vd_member_window_set_page_size (window, 10);
  assert_window_shows (window, 0, 10);
  first_row = g_list_model_get_item (G_LIST_MODEL (window), 0);
  g_signal_connect (window, "items-changed", G_CALLBACK (count_items_changed_cb), &changes);

  vd_member_window_set_offset (window, 50);
  assert_window_shows (window, 50, 10);
  /* The last member is seen whole at the bottom, no further */
  vd_member_window_set_offset (window, 1000);
  assert_window_shows (window, 290, 10);
  g_assert_cmpuint (vd_member_window_get_max_offset (window), ==, 290);

  /* Another order: the same rows, other members */
  vd_member_window_set_offset (window, 50);
  vd_member_list_set_sort (list, VD_MEMBER_COLUMN_EMAIL, TRUE);
  not_busy (list);
  assert_window_shows (window, 50, 10);
  g_assert_cmpuint (changes, ==, 0);
  {
    g_autoptr(VdMemberRow) row = g_list_model_get_item (G_LIST_MODEL (window), 0);

    g_assert_true (row == first_row);
  }

  /* A search with fewer results than fit: back to the first, rows go */
  vd_member_list_set_search (list, "user0000");
  not_busy (list);
  g_assert_cmpuint (vd_member_list_get_n_shown (list), ==, 10);
  assert_window_shows (window, 0, 10);
  vd_member_list_set_search (list, "user00005");
  not_busy (list);
  g_assert_cmpuint (vd_member_list_get_n_shown (list), ==, 1);
  assert_window_shows (window, 0, vd_member_list_get_n_shown (list));
  g_assert_cmpuint (changes, ==, 1);

  /* All again: rows come back */
  vd_member_list_set_search (list, NULL);
  not_busy (list);
  assert_window_shows (window, 0, 10);
  g_assert_cmpuint (changes, ==, 2);

  /* A taller view has more rows; an empty list none */
  vd_member_window_set_page_size (window, 25);
  assert_window_shows (window, 0, 25);
  vd_member_list_set_members (list, NULL);
  not_busy (list);
  assert_window_shows (window, 0, 0);
}

/* With a pace, rows come a few a step, and only from a step (members
 * arriving many times between two frames add none); rows that leave go
 * at once */
static void
test_window_paced (void)
{
  g_autoptr(GListStore) store = make_store (300);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  g_autoptr(VdMemberWindow) window = vd_member_window_new (list);
  guint changes = 0, steps = 0;

  not_busy (list);
  vd_member_window_set_pace (window, 3);
  g_signal_connect (window, "items-changed", G_CALLBACK (count_items_changed_cb), &changes);
  vd_member_window_set_page_size (window, 20);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window)), ==, 0);
  g_assert_true (vd_member_window_get_busy (window));
  while (vd_member_window_step (window))
    steps++;
  g_assert_false (vd_member_window_get_busy (window));
  /* 6 steps of 3, and the last 2 */
  g_assert_cmpuint (steps, ==, 6);
  g_assert_cmpuint (changes, ==, 7);
  assert_window_shows (window, 0, 20);

  /* Fewer members: the rows past them go at once */
  vd_member_list_set_search (list, "user0001");
  not_busy (list);
  g_assert_cmpuint (changes, ==, 8);
  assert_window_shows (window, 0, 10);
  g_assert_false (vd_member_window_get_busy (window));

  /* More again: they come from steps */
  vd_member_list_set_search (list, NULL);
  not_busy (list);
  assert_window_shows (window, 0, 10);
  g_assert_true (vd_member_window_get_busy (window));
  g_assert_true (vd_member_window_step (window));
  assert_window_shows (window, 0, 13);
  while (vd_member_window_step (window))
    ;
  assert_window_shows (window, 0, 20);
}

static void
count_selection_changed_cb (GtkSelectionModel *model,
                            guint              position,
                            guint              n_items,
                            guint             *count)
{
  (*count)++;
}

/* The selection is the list's, moved by the offset; a range extends from
 * the member last picked alone, wherever the window moved */
static void
test_window_selection (void)
{
  g_autoptr(GListStore) store = make_store (300);
  g_autoptr(VdMemberList) list = vd_member_list_new (G_LIST_MODEL (store));
  g_autoptr(VdMemberWindow) window = vd_member_window_new (list);
  GtkSelectionModel *rows = GTK_SELECTION_MODEL (window);
  g_autoptr(GtkBitset) selected = NULL;
  VdMember *picked;
  guint changes = 0;

  not_busy (list);
  vd_member_window_set_page_size (window, 10);
  vd_member_window_set_offset (window, 50);
  g_signal_connect (window, "selection-changed", G_CALLBACK (count_selection_changed_cb), &changes);

  gtk_selection_model_select_item (rows, 2, TRUE);
  picked = vd_member_list_get_member (list, 52);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (list), 52));
  g_assert_true (gtk_selection_model_is_selected (rows, 2));
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 1);
  g_assert_cmpuint (changes, ==, 1);
  selected = gtk_selection_model_get_selection_in_range (rows, 0, 10);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  g_assert_true (gtk_bitset_contains (selected, 2));

  /* The window moves: other rows are selected, and the view is told */
  vd_member_window_set_offset (window, 51);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (gtk_selection_model_is_selected (rows, 1));
  g_assert_false (gtk_selection_model_is_selected (rows, 2));

  /* Shift-click on row 5 after scrolling down by 20: the range runs from
   * the picked member (list row 52) to list row 76, as the view asks
   * for the range between the row it picked (2) and row 5 */
  vd_member_window_set_offset (window, 71);
  gtk_selection_model_select_range (rows, 2, 4, TRUE);
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 76 - 52 + 1);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (list), 52));
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (list), 76));
  g_assert_false (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (list), 77));
  g_assert_true (vd_member_list_get_member (list, 52) == picked);

  /* The same from the keys */
  vd_member_window_select_to (window, 9, TRUE);
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 80 - 52 + 1);

  /* Unselecting the rest, selecting all and none: the whole list */
  gtk_selection_model_select_item (rows, 0, TRUE);
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 1);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (list), 71));
  gtk_selection_model_select_all (rows);
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 300);
  gtk_selection_model_unselect_all (rows);
  g_assert_cmpuint (vd_member_list_get_n_selected (list), ==, 0);

  /* A selection made in the list reaches the rows that show it */
  changes = 0;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (list), 75, FALSE);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (gtk_selection_model_is_selected (rows, 4));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (list), 10, FALSE);
  g_assert_cmpuint (changes, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/vd/member-list/orders-and-filters/short", GUINT_TO_POINTER (300), test_orders_and_filters);
  g_test_add_data_func ("/vd/member-list/orders-and-filters/long", GUINT_TO_POINTER (LONG_LIST), test_orders_and_filters);
  g_test_add_data_func ("/vd/member-list/sorted-as-they-come", GUINT_TO_POINTER (LONG_LIST), test_sorted_as_they_come);
  g_test_add_func ("/vd/member-list/rows-stay", test_rows_stay);
  g_test_add_func ("/vd/member-list/loading", test_loading);
  g_test_add_func ("/vd/member-list/changes-while-sorting", test_changes_while_sorting);
  g_test_add_data_func ("/vd/member-list/member-changes-move/short", GUINT_TO_POINTER (300), test_member_changes_move);
  g_test_add_data_func ("/vd/member-list/member-changes-move/long", GUINT_TO_POINTER (LONG_LIST), test_member_changes_move);
  g_test_add_data_func ("/vd/member-list/selection-follows-members/short", GUINT_TO_POINTER (300),
                        test_selection_follows_members);
  g_test_add_data_func ("/vd/member-list/selection-follows-members/long", GUINT_TO_POINTER (LONG_LIST),
                        test_selection_follows_members);
  g_test_add_func ("/vd/member-list/members-replaced", test_members_replaced);
  g_test_add_func ("/vd/member-window/follows-list", test_window_follows_list);
  g_test_add_func ("/vd/member-window/paced", test_window_paced);
  g_test_add_func ("/vd/member-window/selection", test_window_selection);

  return g_test_run ();
}
