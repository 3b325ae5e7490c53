/* test-permissions.c — VdGrant and VdPermissions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "vd-grant.h"
#include "vd-permissions.h"

#define ORG_ID       "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
#define OTHER_ORG_ID "0a9b8c7d-6e5f-4a3b-9c1d-2e3f4a5b6c7d"
#define PROJECT_A    "1b2c3d4e-5f60-4a71-8b92-a3b4c5d6e7f8"
#define PROJECT_B    "2c3d4e5f-6071-4b82-9ca3-b4c5d6e7f809"
#define PROJECT_C    "3d4e5f60-7182-4c93-8db4-c5d6e7f8091a"
#define FOLDER_1     "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
#define FOLDER_2     "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"
#define FOLDER_3     "c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f"

#define RIGHTS_WR    (VD_RIGHTS_WRITE | VD_RIGHTS_READ)
#define RIGHTS_RD    (VD_RIGHTS_READ | VD_RIGHTS_DELETE)

/* JSON in the tests is written with ' for " */
#define BILLING_GRANT(action) \
  "{'entity_id':'" ORG_ID "','entity_type':'organizations','name':'billing','action':'" action "','permission':[]}"
#define API_GRANT(action) \
  "{'entity_id':'" ORG_ID "','entity_type':'organizations','name':'api','action':'" action "','permission':[]}"
#define FULL_GRANT(project, action) \
  "{'entity_id':'" project "','entity_type':'projects','name':'full-access','action':'" action "','permission':[]}"

/*
 * Helpers
 */

static char *
dq (const char *text)
{
  char *copy = g_strdup (text);

  g_strdelimit (copy, "'", '"');
  return copy;
}

static JsonNode *
json_node_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = dq (text);
  JsonNode *node;

  node = json_from_string (json, &error);
  g_assert_no_error (error);
  return node;
}

static VdPermissions *
parse_ok (const char   *text,
          VdParseFlags  flags)
{
  g_autoptr(JsonNode) node = json_node_from_text (text);
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  VdPermissions *permissions;

  permissions = vd_permissions_new_from_json (ORG_ID, node, flags, &field, &error);
  g_assert_no_error (error);
  g_assert_null (field);
  g_assert_true (VD_IS_PERMISSIONS (permissions));
  return permissions;
}

static void
assert_parse_fails (const char   *text,
                    VdParseFlags  flags,
                    VdGrantError  code,
                    const char   *expected_field)
{
  g_autoptr(JsonNode) node = json_node_from_text (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdPermissions) permissions = NULL;
  g_autofree char *field = NULL;

  permissions = vd_permissions_new_from_json (ORG_ID, node, flags, &field, &error);
  g_assert_null (permissions);
  g_assert_error (error, VD_GRANT_ERROR, (int) code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (field, ==, expected_field);
}

static char *
to_text (VdPermissions *permissions)
{
  g_autoptr(JsonNode) node = vd_permissions_to_json (permissions);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_to_string (node, FALSE);
}

static void
assert_json (VdPermissions *permissions,
             const char    *expected)
{
  g_autofree char *text = to_text (permissions);
  g_autofree char *wanted = dq (expected);

  g_assert_cmpstr (text, ==, wanted);
}

/* parse → to_json → parse gives an equal object and the same text */
static void
assert_round_trip (VdPermissions *permissions)
{
  g_autofree char *text = to_text (permissions);
  g_autofree char *text2 = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(VdPermissions) reparsed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  reparsed = vd_permissions_new_from_json (ORG_ID, node, VD_PARSE_STRICT, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vd_permissions_equal (permissions, reparsed));
  g_assert_true (vd_permissions_equal (reparsed, permissions));
  text2 = to_text (reparsed);
  g_assert_cmpstr (text, ==, text2);
}

/* Counts "notify" per property name */
typedef struct
{
  GObject    *object;
  gulong      handler_id;
  GHashTable *counts;
  guint       total;
} NotifyCounter;

static void
notify_counter_notify_cb (GObject       *object,
                          GParamSpec    *pspec,
                          NotifyCounter *counter)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counter->counts, pspec->name));

  g_hash_table_insert (counter->counts, g_strdup (pspec->name), GUINT_TO_POINTER (count + 1));
  counter->total++;
}

static NotifyCounter *
notify_counter_new (gpointer object)
{
  NotifyCounter *counter = g_new0 (NotifyCounter, 1);

  counter->object = g_object_ref (object);
  counter->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  counter->handler_id = g_signal_connect (object, "notify",
                                          G_CALLBACK (notify_counter_notify_cb), counter);
  return counter;
}

static void
notify_counter_free (NotifyCounter *counter)
{
  g_clear_signal_handler (&counter->handler_id, counter->object);
  g_clear_object (&counter->object);
  g_clear_pointer (&counter->counts, g_hash_table_unref);
  g_free (counter);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NotifyCounter, notify_counter_free)

/* Asserts the notifications since the last check were exactly the listed
 * ones ("name", count, …, NULL), then starts counting again. */
static void
notify_counter_assert (NotifyCounter *counter,
                       ...)
{
  const char *name;
  guint expected_total = 0;
  va_list args;

  va_start (args, counter);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      guint expected = va_arg (args, guint);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counter->counts, name));

      if (count != expected)
        g_error ("notify::%s emitted %u times, expected %u", name, count, expected);
      expected_total += expected;
    }
  va_end (args);

  g_assert_cmpuint (counter->total, ==, expected_total);

  g_hash_table_remove_all (counter->counts);
  counter->total = 0;
}

/* Records "folder-changed" emissions */
static void
folder_changed_cb (VdGrant    *grant,
                   const char *folder_id,
                   GPtrArray  *log)
{
  g_ptr_array_add (log, g_strdup (folder_id));
}

static void
count_cb (gpointer  instance,
          gpointer  arg,
          guint    *count)
{
  (*count)++;
}

static const char *
name_lookup (const char *id,
             gpointer    user_data)
{
  static const struct { const char *id; const char *name; } names[] = {
    { PROJECT_A, "Project Two" },
    { PROJECT_B, "Project One" },
    { FOLDER_1, "Raw" },
    { FOLDER_2, "Edited" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (names[i].id, id) == 0)
      return names[i].name;

  return NULL;
}

static void
assert_lines (GPtrArray  *lines,
              const char *first,
              ...)
{
  const char *line = first;
  guint i = 0;
  va_list args;

  va_start (args, first);
  for (; line != NULL; line = va_arg (args, const char *), i++)
    {
      g_assert_cmpuint (i, <, lines->len);
      g_assert_cmpstr (g_ptr_array_index (lines, i), ==, line);
    }
  va_end (args);

  g_assert_cmpuint (lines->len, ==, i);
}

static GPtrArray *
diff_texts (const char *old_text,
            const char *new_text)
{
  g_autoptr(VdPermissions) old_permissions = parse_ok (old_text, VD_PARSE_STRICT);
  g_autoptr(VdPermissions) new_permissions = parse_ok (new_text, VD_PARSE_STRICT);

  return vd_permissions_diff (old_permissions, new_permissions,
                              name_lookup, name_lookup, NULL);
}

/* The documented custom grant (API notes §14.2) */
static const char custom_grant_a[] =
  "{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','action':'',"
  " 'permission':["
  "  {'name':'folders','action':'custom',"
  "   'folders':[{'folder_id':'" FOLDER_2 "','action':'write+read+delete'},"
  "              {'folder_id':'" FOLDER_1 "','action':'read'}]},"
  "  {'name':'livestreams','action':'write+read+delete'},"
  "  {'name':'analytics','action':'write+read+delete'},"
  "  {'name':'advertisements','action':'write+read+delete'},"
  "  {'name':'settings','action':'write+read'},"
  "  {'name':'players','action':'write+read+delete'}]}";

/*
 * Rights, resources, types
 */

static void
test_rights_parse (void)
{
  static const struct { const char *text; VdRights rights; } cases[] = {
    { "", VD_RIGHTS_NONE },
    { "read", VD_RIGHTS_READ },
    { "write", RIGHTS_WR },
    { "delete", RIGHTS_RD },
    { "write+read", RIGHTS_WR },
    { "read+write", RIGHTS_WR },
    { "read+delete", RIGHTS_RD },
    { "write+delete", VD_RIGHTS_ALL },
    { "write+read+delete", VD_RIGHTS_ALL },
    { "delete+read+write", VD_RIGHTS_ALL },
    { "read+delete+write", VD_RIGHTS_ALL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VdRights rights = 0xff;

      g_assert_true (vd_rights_parse (cases[i].text, &rights));
      g_assert_cmpuint (rights, ==, cases[i].rights);
    }

  g_assert_true (vd_rights_parse ("read", NULL));
}

static void
test_rights_parse_invalid (void)
{
  static const char * const texts[] = {
    "READ", "Read", "read+", "+read", "+", "read++write", "read+read",
    "write+read+write", "execute", "write+execute", " read", "read ",
    "write,read", "custom", "none", "write+read+delete+read",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      VdRights rights = 0xff;

      if (vd_rights_parse (texts[i], &rights))
        g_error ("“%s” was accepted", texts[i]);
      g_assert_cmpuint (rights, ==, 0xff);
    }
}

static void
test_rights_to_string (void)
{
  static const struct { VdRights rights; const char *text; } cases[] = {
    { VD_RIGHTS_NONE, "" },
    { VD_RIGHTS_READ, "read" },
    { RIGHTS_WR, "write+read" },
    { RIGHTS_RD, "read+delete" },
    { VD_RIGHTS_ALL, "write+read+delete" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = vd_rights_to_string (cases[i].rights);
      VdRights parsed;

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_true (vd_rights_parse (text, &parsed));
      g_assert_cmpuint (parsed, ==, cases[i].rights);
    }
}

static void
test_resource_strings (void)
{
  static const char * const names[] = {
    "folders", "livestreams", "analytics", "advertisements", "settings", "players",
  };
  VdResource resource;

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == VD_N_RESOURCES);

  for (guint r = 0; r < VD_N_RESOURCES; r++)
    {
      g_assert_cmpstr (vd_resource_to_string (r), ==, names[r]);
      g_assert_true (vd_resource_from_string (names[r], &resource));
      g_assert_cmpint (resource, ==, r);
      g_assert_nonnull (vd_resource_get_label (r));
    }

  g_assert_true (vd_resource_from_string ("folder", &resource));
  g_assert_cmpint (resource, ==, VD_RESOURCE_FOLDERS);
  g_assert_false (vd_resource_from_string ("Folders", &resource));
  g_assert_false (vd_resource_from_string ("player", &resource));
  g_assert_false (vd_resource_from_string ("", &resource));

  g_assert_cmpstr (vd_resource_get_label (VD_RESOURCE_LIVESTREAMS), ==, "Live streams");
  g_assert_cmpstr (vd_access_level_get_label (VD_ACCESS_NONE), ==, "No access");
  g_assert_cmpstr (vd_access_level_get_label (VD_ACCESS_FULL), ==, "Full access");
  g_assert_cmpstr (vd_access_level_get_label (VD_ACCESS_FULL_NO_DELETE), ==, "Full access without delete");
  g_assert_cmpstr (vd_access_level_get_label (VD_ACCESS_CUSTOM), ==, "Custom");
}

static void
test_types (void)
{
  g_autoptr(GFlagsClass) flags_class = NULL;
  g_autoptr(GEnumClass) access_class = NULL;
  g_autoptr(GEnumClass) resource_class = NULL;
  g_autoptr(VdGrant) grant = vd_grant_new (PROJECT_A);
  GParamSpec *pspec;
  VdRights rights = VD_RIGHTS_NONE;
  VdAccessLevel access = VD_ACCESS_NONE;

  g_assert_true (G_TYPE_IS_FLAGS (VD_TYPE_RIGHTS));
  g_assert_true (G_TYPE_IS_ENUM (VD_TYPE_ACCESS_LEVEL));
  g_assert_true (G_TYPE_IS_ENUM (VD_TYPE_RESOURCE));

  flags_class = g_type_class_ref (VD_TYPE_RIGHTS);
  g_assert_cmpuint (g_flags_get_value_by_nick (flags_class, "delete")->value, ==, VD_RIGHTS_DELETE);
  g_assert_cmpuint (flags_class->mask, ==, VD_RIGHTS_ALL);

  access_class = g_type_class_ref (VD_TYPE_ACCESS_LEVEL);
  g_assert_cmpint (g_enum_get_value_by_nick (access_class, "full-no-delete")->value, ==,
                   VD_ACCESS_FULL_NO_DELETE);

  resource_class = g_type_class_ref (VD_TYPE_RESOURCE);
  g_assert_cmpuint (resource_class->n_values, ==, VD_N_RESOURCES);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (grant), "players");
  g_assert_nonnull (pspec);
  g_assert_true (pspec->value_type == VD_TYPE_RIGHTS);
  g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);

  g_object_set (grant,
                "access", VD_ACCESS_CUSTOM,
                "players", VD_RIGHTS_WRITE,
                NULL);
  g_object_get (grant,
                "access", &access,
                "players", &rights,
                NULL);
  g_assert_cmpint (access, ==, VD_ACCESS_CUSTOM);
  g_assert_cmpuint (rights, ==, RIGHTS_WR);
}

/*
 * Parsing
 */

static void
test_parse_null (void)
{
  g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);
  g_autoptr(VdPermissions) from_null = NULL;
  g_autoptr(VdPermissions) from_json_null = NULL;
  g_autoptr(VdPermissions) from_empty = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  from_null = vd_permissions_new_from_json (ORG_ID, NULL, VD_PARSE_STRICT, NULL, &error);
  g_assert_no_error (error);
  from_json_null = vd_permissions_new_from_json (ORG_ID, null_node, VD_PARSE_STRICT, NULL, &error);
  g_assert_no_error (error);
  from_empty = parse_ok ("[]", VD_PARSE_STRICT);

  g_assert_cmpstr (vd_permissions_get_organization_id (from_null), ==, ORG_ID);
  g_assert_false (vd_permissions_get_billing (from_null));
  g_assert_false (vd_permissions_get_api (from_null));
  ids = vd_permissions_dup_project_ids (from_null);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);

  g_assert_true (vd_permissions_equal (from_null, from_json_null));
  g_assert_true (vd_permissions_equal (from_null, from_empty));
  assert_json (from_null, "[]");
}

/* The invitation example of the API notes §9.1 */
static void
test_parse_full_access (void)
{
  g_autoptr(VdPermissions) permissions = NULL;
  g_auto(GStrv) ids = NULL;
  VdGrant *grant;

  permissions = parse_ok ("[" FULL_GRANT (PROJECT_A, "write+read+delete") ","
                          BILLING_GRANT ("") "," API_GRANT ("write+read") "]",
                          VD_PARSE_STRICT);

  g_assert_true (vd_permissions_get_billing (permissions));
  g_assert_true (vd_permissions_get_api (permissions));

  ids = vd_permissions_dup_project_ids (permissions);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, PROJECT_A);

  grant = vd_permissions_lookup_grant (permissions, PROJECT_A);
  g_assert_nonnull (grant);
  g_assert_cmpstr (vd_grant_get_project_id (grant), ==, PROJECT_A);
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_FULL);
  for (guint r = 0; r < VD_N_RESOURCES; r++)
    g_assert_cmpuint (vd_permissions_get_project_rights (permissions, PROJECT_A, r, NULL), ==,
                      VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_permissions_get_project_rights (permissions, PROJECT_A,
                                                       VD_RESOURCE_FOLDERS, FOLDER_1), ==,
                    VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_permissions_get_project_rights (permissions, PROJECT_B,
                                                       VD_RESOURCE_FOLDERS, NULL), ==,
                    VD_RIGHTS_NONE);
  g_assert_null (vd_permissions_lookup_grant (permissions, PROJECT_B));

  assert_json (permissions,
               "[" FULL_GRANT (PROJECT_A, "write+read+delete") ","
               BILLING_GRANT ("write+read") "," API_GRANT ("write+read") "]");
}

static void
test_parse_full_access_no_delete (void)
{
  g_autoptr(VdPermissions) permissions = NULL;
  VdGrant *grant;

  permissions = parse_ok ("[" FULL_GRANT (PROJECT_B, "write+read") "]", VD_PARSE_STRICT);
  grant = vd_permissions_lookup_grant (permissions, PROJECT_B);
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_FULL_NO_DELETE);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_PLAYERS, NULL), ==, RIGHTS_WR);
  g_assert_false (vd_permissions_get_billing (permissions));
  g_assert_false (vd_permissions_get_api (permissions));

  assert_json (permissions, "[" FULL_GRANT (PROJECT_B, "write+read") "]");
}

/* The active example of the "test permission" page (API notes §10.2) */
static void
test_parse_singular (void)
{
  g_autoptr(VdPermissions) permissions = NULL;
  VdGrant *grant;

  permissions = parse_ok (
    "[{'entity_id':'" PROJECT_A "','entity_type':'project','name':'custom','action':'',"
    "  'permission':["
    "   {'name':'folder','action':'custom',"
    "    'folders':[{'folder_id':'" FOLDER_1 "','action':'write+read+delete'}]},"
    "   {'name':'livestreams','action':'write+read+delete'},"
    "   {'name':'settings','action':'write+read+delete'},"
    "   {'name':'players','action':'write+read+delete'}]},"
    " {'entity_id':'" ORG_ID "','entity_type':'organization','name':'billing','action':'write+read','permission':[]},"
    " {'entity_id':'" ORG_ID "','entity_type':'organization','name':'api','action':'write+read','permission':[]}]",
    VD_PARSE_STRICT);

  g_assert_true (vd_permissions_get_billing (permissions));
  g_assert_true (vd_permissions_get_api (permissions));

  grant = vd_permissions_lookup_grant (permissions, PROJECT_A);
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_CUSTOM);
  g_assert_true (vd_grant_get_folders_custom (grant));
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_1), ==, VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_2), ==, VD_RIGHTS_NONE);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_LIVESTREAMS), ==, VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_ANALYTICS), ==, VD_RIGHTS_NONE);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_SETTINGS), ==, VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_PLAYERS), ==, VD_RIGHTS_ALL);

  /* Written back in the plural */
  assert_json (permissions,
    "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','action':'',"
    "'permission':["
    "{'name':'folders','action':'custom',"
    "'folders':[{'folder_id':'" FOLDER_1 "','action':'write+read+delete'}]},"
    "{'name':'livestreams','action':'write+read+delete'},"
    "{'name':'settings','action':'write+read+delete'},"
    "{'name':'players','action':'write+read+delete'}]},"
    BILLING_GRANT ("write+read") "," API_GRANT ("write+read") "]");
  assert_round_trip (permissions);
}

static void
test_parse_billing_actions (void)
{
  static const char * const billing_grants[] = {
    BILLING_GRANT (""),
    BILLING_GRANT ("write+read"),
    BILLING_GRANT ("read+write"),
    "{'entity_id':'" ORG_ID "','entity_type':'organizations','name':'billing'}",
    "{'entity_id':'" ORG_ID "','entity_type':'organization','name':'billing','action':'','permission':null}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (billing_grants); i++)
    {
      g_autofree char *text = g_strdup_printf ("[%s]", billing_grants[i]);
      g_autoptr(VdPermissions) permissions = parse_ok (text, VD_PARSE_STRICT);

      g_assert_true (vd_permissions_get_billing (permissions));
      g_assert_false (vd_permissions_get_api (permissions));
      assert_json (permissions, "[" BILLING_GRANT ("write+read") "]");
    }
}

/* The documented custom grant, with per-folder rights (API notes §14.2) */
static void
test_parse_custom (void)
{
  g_autoptr(VdPermissions) permissions = NULL;
  g_auto(GStrv) folder_ids = NULL;
  VdGrant *grant;

  permissions = parse_ok ("[" BILLING_GRANT ("write+read") "," API_GRANT ("write+read") ","
                          "{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','action':'',"
                          " 'permission':["
                          "  {'name':'folders','action':'custom',"
                          "   'folders':[{'folder_id':'" FOLDER_1 "','action':'write+read+delete'}]},"
                          "  {'name':'livestreams','action':'write+read+delete'},"
                          "  {'name':'analytics','action':'write+read+delete'},"
                          "  {'name':'advertisements','action':'write+read+delete'},"
                          "  {'name':'settings','action':'write+read'}]}]",
                          VD_PARSE_STRICT);

  grant = vd_permissions_lookup_grant (permissions, PROJECT_A);
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_CUSTOM);
  g_assert_true (vd_grant_get_folders_custom (grant));
  folder_ids = vd_grant_dup_folder_ids (grant);
  g_assert_cmpuint (g_strv_length (folder_ids), ==, 1);
  g_assert_cmpstr (folder_ids[0], ==, FOLDER_1);

  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_1), ==, VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_2), ==, VD_RIGHTS_NONE);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, NULL), ==, VD_RIGHTS_NONE);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_ADVERTISEMENTS, NULL), ==, VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_SETTINGS, NULL), ==, RIGHTS_WR);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_PLAYERS, NULL), ==, VD_RIGHTS_NONE);

  /* Projects first, then billing and API */
  assert_json (permissions,
               "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','action':'',"
               "'permission':["
               "{'name':'folders','action':'custom',"
               "'folders':[{'folder_id':'" FOLDER_1 "','action':'write+read+delete'}]},"
               "{'name':'livestreams','action':'write+read+delete'},"
               "{'name':'analytics','action':'write+read+delete'},"
               "{'name':'advertisements','action':'write+read+delete'},"
               "{'name':'settings','action':'write+read'}]},"
               BILLING_GRANT ("write+read") "," API_GRANT ("write+read") "]");
  assert_round_trip (permissions);
}

static void
test_parse_custom_all_folders (void)
{
  g_autoptr(VdPermissions) permissions = NULL;
  VdGrant *grant;

  permissions = parse_ok ("[{'entity_id':'" PROJECT_C "','entity_type':'projects','name':'custom','action':'',"
                          "  'permission':[{'name':'folders','action':'read+write'},"
                          "                {'name':'analytics','action':'read'}]}]",
                          VD_PARSE_STRICT);

  grant = vd_permissions_lookup_grant (permissions, PROJECT_C);
  g_assert_false (vd_grant_get_folders_custom (grant));
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_FOLDERS), ==, RIGHTS_WR);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_3), ==, RIGHTS_WR);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, NULL), ==, RIGHTS_WR);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_ANALYTICS, NULL), ==, VD_RIGHTS_READ);

  assert_json (permissions,
               "[{'entity_id':'" PROJECT_C "','entity_type':'projects','name':'custom','action':'',"
               "'permission':[{'name':'folders','action':'write+read'},"
               "{'name':'analytics','action':'read'}]}]");
  assert_round_trip (permissions);
}

static void
test_parse_actions_any_order (void)
{
  g_autoptr(VdPermissions) permissions = NULL;
  VdGrant *grant;

  permissions = parse_ok ("[" FULL_GRANT (PROJECT_A, "delete+read+write") ","
                          FULL_GRANT (PROJECT_B, "read+write") ","
                          "{'entity_id':'" PROJECT_C "','entity_type':'projects','name':'custom','action':'',"
                          " 'permission':[{'name':'players','action':'read+delete+write'},"
                          "               {'name':'settings','action':'delete'},"
                          "               {'name':'folders','action':'custom',"
                          "                'folders':[{'folder_id':'" FOLDER_1 "','action':'read+write'}]}]},"
                          API_GRANT ("read+write") "]",
                          VD_PARSE_STRICT);

  g_assert_cmpint (vd_grant_get_access (vd_permissions_lookup_grant (permissions, PROJECT_A)), ==,
                   VD_ACCESS_FULL);
  g_assert_cmpint (vd_grant_get_access (vd_permissions_lookup_grant (permissions, PROJECT_B)), ==,
                   VD_ACCESS_FULL_NO_DELETE);
  grant = vd_permissions_lookup_grant (permissions, PROJECT_C);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_PLAYERS), ==, VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_SETTINGS), ==, RIGHTS_RD);
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_1), ==, RIGHTS_WR);
  g_assert_true (vd_permissions_get_api (permissions));

  /* Sub-grants in resource order, actions in the order write, read, delete */
  assert_json (permissions,
               "[" FULL_GRANT (PROJECT_A, "write+read+delete") ","
               FULL_GRANT (PROJECT_B, "write+read") ","
               "{'entity_id':'" PROJECT_C "','entity_type':'projects','name':'custom','action':'',"
               "'permission':[{'name':'folders','action':'custom',"
               "'folders':[{'folder_id':'" FOLDER_1 "','action':'write+read'}]},"
               "{'name':'settings','action':'read+delete'},"
               "{'name':'players','action':'write+read+delete'}]},"
               API_GRANT ("write+read") "]");
}

static void
test_parse_optional_members (void)
{
  g_autoptr(VdPermissions) permissions = NULL;
  VdGrant *grant;

  permissions = parse_ok ("[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom'},"
                          " {'entity_id':'" PROJECT_B "','entity_type':'projects','name':'full-access',"
                          "  'action':'write+read','permission':null},"
                          " {'entity_id':'" PROJECT_C "','entity_type':'projects','name':'custom','action':'',"
                          "  'permission':[{'name':'analytics'},"
                          "                {'name':'folders','action':'custom','folders':null}]},"
                          " {'entity_id':'" ORG_ID "','entity_type':'organizations','name':'api'}]",
                          VD_PARSE_STRICT);

  grant = vd_permissions_lookup_grant (permissions, PROJECT_A);
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_CUSTOM);
  for (guint r = 0; r < VD_N_RESOURCES; r++)
    g_assert_cmpuint (vd_grant_get_effective_rights (grant, r, NULL), ==, VD_RIGHTS_NONE);

  grant = vd_permissions_lookup_grant (permissions, PROJECT_C);
  g_assert_true (vd_grant_get_folders_custom (grant));
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_ANALYTICS), ==, VD_RIGHTS_NONE);
  g_assert_true (vd_permissions_get_api (permissions));

  /* A custom grant that gives nothing still names its project */
  assert_json (permissions,
               "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','action':'','permission':[]},"
               FULL_GRANT (PROJECT_B, "write+read") ","
               "{'entity_id':'" PROJECT_C "','entity_type':'projects','name':'custom','action':'','permission':[]},"
               API_GRANT ("write+read") "]");
  assert_round_trip (permissions);
}

static const char unknown_members[] =
  "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','action':'','colour':'red',"
  "  'permission':[{'name':'folders','action':'custom','note':1,"
  "                 'folders':[{'folder_id':'" FOLDER_1 "','action':'read','name':'Raw'}]},"
  "                {'name':'livestreams','action':'read','folders':[]}]},"
  " {'entity_id':'" ORG_ID "','entity_type':'organizations','name':'billing','action':'',"
  "  'permission':[],'created_at':'2024-04-16T16:47:16+06:00'}]";

static void
test_parse_tolerant (void)
{
  g_autoptr(VdPermissions) permissions = parse_ok (unknown_members, VD_PARSE_TOLERANT);
  VdGrant *grant = vd_permissions_lookup_grant (permissions, PROJECT_A);

  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_1), ==, VD_RIGHTS_READ);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_LIVESTREAMS), ==, VD_RIGHTS_READ);
  g_assert_true (vd_permissions_get_billing (permissions));

  /* Unknown members are dropped on the way out */
  assert_json (permissions,
               "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','action':'',"
               "'permission':[{'name':'folders','action':'custom',"
               "'folders':[{'folder_id':'" FOLDER_1 "','action':'read'}]},"
               "{'name':'livestreams','action':'read'}]},"
               BILLING_GRANT ("write+read") "]");

  /* The same input is refused by the server */
  assert_parse_fails (unknown_members, VD_PARSE_STRICT, VD_GRANT_ERROR_UNKNOWN_FIELD, "[0].colour");
}

/*
 * Rejections: one test per case
 */

typedef struct
{
  const char   *name;
  const char   *json;
  VdParseFlags  flags;
  VdGrantError  code;
  const char   *field;
} RejectCase;

#define CUSTOM_WITH(project, subs) \
  "{'entity_id':'" project "','entity_type':'projects','name':'custom','action':'','permission':[" subs "]}"
#define FOLDERS_WITH(entries) \
  "{'name':'folders','action':'custom','folders':[" entries "]}"

static const RejectCase reject_cases[] = {
  /* Shapes and types */
  { "not-array", "{}", 0, VD_GRANT_ERROR_INVALID, "" },
  { "string", "'permissions'", 0, VD_GRANT_ERROR_INVALID, "" },
  { "grant-number", "[1]", 0, VD_GRANT_ERROR_INVALID, "[0]" },
  { "grant-array", "[" BILLING_GRANT ("") ",[]]", 0, VD_GRANT_ERROR_INVALID, "[1]" },
  { "grant-null", "[null]", 0, VD_GRANT_ERROR_INVALID, "[0]" },
  { "entity-id-missing", "[{'entity_type':'projects','name':'custom'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].entity_id" },
  { "entity-id-empty", "[{'entity_id':'','entity_type':'projects','name':'custom'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].entity_id" },
  { "entity-id-number", "[{'entity_id':42,'entity_type':'projects','name':'custom'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].entity_id" },
  { "entity-type-missing", "[{'entity_id':'" PROJECT_A "','name':'custom'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].entity_type" },
  { "entity-type-unknown", "[{'entity_id':'" PROJECT_A "','entity_type':'videos','name':'custom'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].entity_type" },
  { "entity-type-case", "[{'entity_id':'" PROJECT_A "','entity_type':'Projects','name':'custom'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].entity_type" },
  { "name-missing", "[{'entity_id':'" PROJECT_A "','entity_type':'projects'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].name" },
  { "name-null", "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':null}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].name" },
  { "action-number", "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'full-access','action':7}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].action" },
  { "action-null", "[{'entity_id':'" ORG_ID "','entity_type':'organizations','name':'api','action':null}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].action" },
  { "permission-object", "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','permission':{}}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission" },
  { "permission-string", "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','permission':'[]'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission" },
  /* Names that do not exist or do not fit the entity type */
  { "project-name-unknown", "[" FULL_GRANT (PROJECT_A, "write+read") ","
    "{'entity_id':'" PROJECT_B "','entity_type':'projects','name':'owner','action':''}]", 0,
    VD_GRANT_ERROR_INVALID, "[1].name" },
  { "billing-on-project", "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'billing','action':''}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].name" },
  { "full-access-on-organization",
    "[{'entity_id':'" ORG_ID "','entity_type':'organizations','name':'full-access','action':'write+read+delete'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].name" },
  { "custom-on-organization", "[{'entity_id':'" ORG_ID "','entity_type':'organization','name':'custom'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].name" },
  /* Actions */
  { "full-access-read", "[" FULL_GRANT (PROJECT_A, "read") "]", 0, VD_GRANT_ERROR_INVALID, "[0].action" },
  { "full-access-empty", "[" FULL_GRANT (PROJECT_A, "") "]", 0, VD_GRANT_ERROR_INVALID, "[0].action" },
  { "full-access-missing", "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'full-access'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].action" },
  { "full-access-implied-read", "[" FULL_GRANT (PROJECT_A, "write+delete") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].action" },
  { "full-access-bad-verb", "[" FULL_GRANT (PROJECT_A, "write+read+publish") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].action" },
  { "full-access-duplicate-verb", "[" FULL_GRANT (PROJECT_A, "write+read+read") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].action" },
  { "custom-with-action", "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','action':'write+read'}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].action" },
  { "billing-read", "[" BILLING_GRANT ("read") "]", 0, VD_GRANT_ERROR_INVALID, "[0].action" },
  { "billing-write", "[" BILLING_GRANT ("write") "]", 0, VD_GRANT_ERROR_INVALID, "[0].action" },
  { "billing-delete", "[" BILLING_GRANT ("write+read+delete") "]", 0, VD_GRANT_ERROR_INVALID, "[0].action" },
  { "api-bad-verb", "[" API_GRANT ("write+execute") "]", 0, VD_GRANT_ERROR_INVALID, "[0].action" },
  /* Sub-grant lists where there must be none */
  { "full-access-with-sub-grants",
    "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'full-access','action':'write+read',"
    "  'permission':[{'name':'livestreams','action':'read'}]}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission" },
  { "billing-with-sub-grants",
    "[{'entity_id':'" ORG_ID "','entity_type':'organizations','name':'billing','action':'',"
    "  'permission':[{'name':'settings','action':'read'}]}]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission" },
  /* Another organization */
  { "billing-other-organization",
    "[{'entity_id':'" OTHER_ORG_ID "','entity_type':'organizations','name':'billing','action':''}]", 0,
    VD_GRANT_ERROR_UNKNOWN_ENTITY, "[0].entity_id" },
  { "api-other-organization",
    "[" BILLING_GRANT ("") ",{'entity_id':'" OTHER_ORG_ID "','entity_type':'organization','name':'api','action':'write+read'}]", 0,
    VD_GRANT_ERROR_UNKNOWN_ENTITY, "[1].entity_id" },
  /* Duplicates */
  { "duplicate-project",
    "[" FULL_GRANT (PROJECT_A, "write+read") ","
    "{'entity_id':'" PROJECT_A "','entity_type':'project','name':'custom','action':''}]", 0,
    VD_GRANT_ERROR_INVALID, "[1].entity_id" },
  { "duplicate-billing", "[" BILLING_GRANT ("") "," API_GRANT ("write+read") "," BILLING_GRANT ("write+read") "]", 0,
    VD_GRANT_ERROR_INVALID, "[2].name" },
  { "duplicate-api", "[" API_GRANT ("write+read") "," API_GRANT ("") "]", 0,
    VD_GRANT_ERROR_INVALID, "[1].name" },
  { "duplicate-resource",
    "[" CUSTOM_WITH (PROJECT_A, "{'name':'folders','action':'read'},{'name':'folder','action':'write+read'}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[1].name" },
  { "duplicate-folder",
    "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'read'},"
                                              "{'folder_id':'" FOLDER_1 "','action':''}")) "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].folders[1].folder_id" },
  /* Sub-grants */
  { "sub-grant-string", "[" CUSTOM_WITH (PROJECT_A, "'livestreams'") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0]" },
  { "sub-grant-name-missing", "[" CUSTOM_WITH (PROJECT_A, "{'action':'read'}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].name" },
  { "sub-grant-name-unknown", "[" CUSTOM_WITH (PROJECT_A, "{'name':'videos','action':'read'}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].name" },
  { "sub-grant-action-number", "[" CUSTOM_WITH (PROJECT_A, "{'name':'players','action':true}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].action" },
  { "sub-grant-bad-verb",
    "[" CUSTOM_WITH (PROJECT_A, "{'name':'players','action':'read'},{'name':'settings','action':'write+publish'}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[1].action" },
  { "sub-grant-empty-part", "[" CUSTOM_WITH (PROJECT_A, "{'name':'analytics','action':'read++write'}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].action" },
  { "sub-grant-duplicate-verb", "[" CUSTOM_WITH (PROJECT_A, "{'name':'analytics','action':'read+read'}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].action" },
  { "sub-grant-custom-livestreams", "[" CUSTOM_WITH (PROJECT_A, "{'name':'livestreams','action':'custom'}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].action" },
  { "folders-object", "[" CUSTOM_WITH (PROJECT_A, "{'name':'folders','action':'custom','folders':{}}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].folders" },
  { "folders-without-custom",
    "[" CUSTOM_WITH (PROJECT_A, "{'name':'folders','action':'read','folders':[{'folder_id':'" FOLDER_1 "','action':'read'}]}") "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].folders" },
  { "folder-entry-string", "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("'" FOLDER_1 "'")) "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].folders[0]" },
  { "folder-id-missing", "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'action':'read'}")) "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].folders[0].folder_id" },
  { "folder-id-number", "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':17,'action':'read'}")) "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].folders[0].folder_id" },
  { "folder-bad-verb",
    "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'read'},"
                                              "{'folder_id':'" FOLDER_2 "','action':'custom'}")) "]", 0,
    VD_GRANT_ERROR_INVALID, "[0].permission[0].folders[1].action" },
  /* Strict parsing */
  { "strict-grant-member", "[" FULL_GRANT (PROJECT_A, "write+read") "," BILLING_GRANT ("") ","
    "{'entity_id':'" ORG_ID "','entity_type':'organizations','name':'api','colour':'red'}]",
    VD_PARSE_STRICT, VD_GRANT_ERROR_UNKNOWN_FIELD, "[2].colour" },
  { "strict-sub-grant-member", "[" CUSTOM_WITH (PROJECT_A, "{'name':'players','action':'read','note':''}") "]",
    VD_PARSE_STRICT, VD_GRANT_ERROR_UNKNOWN_FIELD, "[0].permission[0].note" },
  { "strict-folder-member",
    "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'read','name':'Raw'}")) "]",
    VD_PARSE_STRICT, VD_GRANT_ERROR_UNKNOWN_FIELD, "[0].permission[0].folders[0].name" },
  { "strict-folders-on-livestreams", "[" CUSTOM_WITH (PROJECT_A, "{'name':'livestreams','action':'read','folders':[]}") "]",
    VD_PARSE_STRICT, VD_GRANT_ERROR_UNKNOWN_FIELD, "[0].permission[0].folders" },
};

static void
test_reject (gconstpointer data)
{
  const RejectCase *reject = data;

  assert_parse_fails (reject->json, reject->flags, reject->code, reject->field);

  /* Strict parsing refuses at least what tolerant parsing refuses */
  if (reject->flags == VD_PARSE_TOLERANT)
    assert_parse_fails (reject->json, VD_PARSE_STRICT, reject->code, reject->field);
}

static void
test_reject_without_error_field (void)
{
  g_autoptr(JsonNode) node = json_node_from_text ("[" BILLING_GRANT ("read") "]");
  g_autoptr(GError) error = NULL;
  g_autoptr(VdPermissions) permissions = NULL;

  permissions = vd_permissions_new_from_json (ORG_ID, node, VD_PARSE_TOLERANT, NULL, &error);
  g_assert_null (permissions);
  g_assert_error (error, VD_GRANT_ERROR, VD_GRANT_ERROR_INVALID);

  permissions = vd_permissions_new_from_json (ORG_ID, node, VD_PARSE_TOLERANT, NULL, NULL);
  g_assert_null (permissions);
}

/*
 * Serialization
 */

static void
test_json_normalized (void)
{
  g_autoptr(VdPermissions) permissions = NULL;

  /* Unsorted projects, singular types, "folder", odd action orders */
  permissions = parse_ok ("[{'entity_id':'" ORG_ID "','entity_type':'organization','name':'api','action':'read+write','permission':[]},"
                          " {'entity_id':'" PROJECT_C "','entity_type':'project','name':'full-access','action':'read+write'},"
                          " {'entity_id':'" PROJECT_A "','entity_type':'project','name':'custom','action':'',"
                          "  'permission':[{'name':'players','action':'write'},"
                          "               {'name':'livestreams','action':''},"
                          "               {'name':'folder','action':'custom','folders':["
                          "                 {'folder_id':'" FOLDER_3 "','action':'delete'},"
                          "                 {'folder_id':'" FOLDER_2 "','action':''},"
                          "                 {'folder_id':'" FOLDER_1 "','action':'read'}]}]},"
                          " {'entity_id':'" ORG_ID "','entity_type':'organization','name':'billing','action':''}]",
                          VD_PARSE_STRICT);

  assert_json (permissions,
               "[{'entity_id':'" PROJECT_A "','entity_type':'projects','name':'custom','action':'',"
               "'permission':[{'name':'folders','action':'custom','folders':["
               "{'folder_id':'" FOLDER_1 "','action':'read'},"
               "{'folder_id':'" FOLDER_3 "','action':'read+delete'}]},"
               "{'name':'players','action':'write+read'}]},"
               FULL_GRANT (PROJECT_C, "write+read") ","
               BILLING_GRANT ("write+read") "," API_GRANT ("write+read") "]");
  assert_round_trip (permissions);
}

static void
test_json_round_trip (void)
{
  static const char * const inputs[] = {
    "[]",
    "[" BILLING_GRANT ("") "]",
    "[" API_GRANT ("write+read") "]",
    "[" FULL_GRANT (PROJECT_B, "write+read+delete") "," FULL_GRANT (PROJECT_A, "write+read") "]",
    "[" API_GRANT ("write+read") ",%s," BILLING_GRANT ("") "," FULL_GRANT (PROJECT_C, "write+read") "]",
    "[" CUSTOM_WITH (PROJECT_B, FOLDERS_WITH ("{'folder_id':'" FOLDER_2 "','action':''}")
                                ",{'name':'settings','action':'read'}") "]",
    "[" CUSTOM_WITH (PROJECT_B, "{'name':'folders','action':'delete'},{'name':'advertisements','action':'write'}") "]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GString) input = g_string_new (inputs[i]);
      g_autofree char *text = NULL;
      g_autoptr(VdPermissions) tolerant = NULL;
      g_autoptr(VdPermissions) strict = NULL;

      g_string_replace (input, "%s", custom_grant_a, 0);
      text = g_string_free (g_steal_pointer (&input), FALSE);
      tolerant = parse_ok (text, VD_PARSE_TOLERANT);
      strict = parse_ok (text, VD_PARSE_STRICT);

      g_assert_true (vd_permissions_equal (tolerant, strict));
      assert_round_trip (strict);
    }
}

static void
test_json_omits_none (void)
{
  g_autoptr(VdPermissions) permissions = vd_permissions_new (ORG_ID);
  VdGrant *grant;

  /* A grant with access NONE, even with rights kept aside */
  grant = vd_permissions_ensure_grant (permissions, PROJECT_A);
  vd_grant_set_rights (grant, VD_RESOURCE_SETTINGS, VD_RIGHTS_ALL);

  /* A custom grant: resources with no rights, folders-custom with none */
  grant = vd_permissions_ensure_grant (permissions, PROJECT_B);
  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  vd_grant_set_rights (grant, VD_RESOURCE_FOLDERS, VD_RIGHTS_READ);
  vd_grant_set_folders_custom (grant, TRUE);
  vd_grant_set_folder_rights (grant, FOLDER_1, VD_RIGHTS_READ);
  vd_grant_set_folder_rights (grant, FOLDER_1, VD_RIGHTS_NONE);
  vd_grant_set_rights (grant, VD_RESOURCE_ANALYTICS, VD_RIGHTS_READ);

  /* A full grant keeps its custom rights aside, unwritten */
  grant = vd_permissions_ensure_grant (permissions, PROJECT_C);
  vd_grant_set_rights (grant, VD_RESOURCE_PLAYERS, VD_RIGHTS_READ);
  vd_grant_set_access (grant, VD_ACCESS_FULL);

  assert_json (permissions,
               "[" CUSTOM_WITH (PROJECT_B, "{'name':'analytics','action':'read'}") ","
               FULL_GRANT (PROJECT_C, "write+read+delete") "]");
  assert_round_trip (permissions);
}

static void
test_json_built (void)
{
  g_autoptr(VdPermissions) permissions = vd_permissions_new (ORG_ID);
  VdGrant *grant;

  vd_permissions_set_api (permissions, TRUE);
  grant = vd_permissions_ensure_grant (permissions, PROJECT_B);
  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  vd_grant_set_folders_custom (grant, TRUE);
  vd_grant_set_folder_rights (grant, FOLDER_2, VD_RIGHTS_WRITE);
  vd_grant_set_folder_rights (grant, FOLDER_1, VD_RIGHTS_ALL);
  vd_grant_set_rights (grant, VD_RESOURCE_LIVESTREAMS, VD_RIGHTS_DELETE);

  assert_json (permissions,
               "[" CUSTOM_WITH (PROJECT_B,
                                FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'write+read+delete'},"
                                              "{'folder_id':'" FOLDER_2 "','action':'write+read'}")
                                ",{'name':'livestreams','action':'read+delete'}") ","
               API_GRANT ("write+read") "]");
  assert_round_trip (permissions);
}

/*
 * VdGrant
 */

static void
test_grant_effective_rights (void)
{
  g_autoptr(VdGrant) grant = vd_grant_new (PROJECT_A);

  vd_grant_set_rights (grant, VD_RESOURCE_ANALYTICS, VD_RIGHTS_READ);
  vd_grant_set_rights (grant, VD_RESOURCE_FOLDERS, RIGHTS_WR);
  vd_grant_set_folder_rights (grant, FOLDER_1, VD_RIGHTS_ALL);

  /* NONE */
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_ANALYTICS, NULL), ==, VD_RIGHTS_NONE);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_1), ==, VD_RIGHTS_NONE);

  vd_grant_set_access (grant, VD_ACCESS_FULL);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_ANALYTICS, NULL), ==, VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_2), ==, VD_RIGHTS_ALL);

  vd_grant_set_access (grant, VD_ACCESS_FULL_NO_DELETE);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_SETTINGS, NULL), ==, RIGHTS_WR);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_1), ==, RIGHTS_WR);

  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_ANALYTICS, NULL), ==, VD_RIGHTS_READ);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_SETTINGS, NULL), ==, VD_RIGHTS_NONE);
  /* All folders alike until folders-custom */
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_1), ==, RIGHTS_WR);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_2), ==, RIGHTS_WR);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, NULL), ==, RIGHTS_WR);
  /* A folder id means nothing for other resources */
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_ANALYTICS, FOLDER_1), ==, VD_RIGHTS_READ);

  vd_grant_set_folders_custom (grant, TRUE);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_1), ==, VD_RIGHTS_ALL);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_2), ==, VD_RIGHTS_NONE);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, NULL), ==, VD_RIGHTS_NONE);
}

static void
test_grant_rights_kept (void)
{
  g_autoptr(VdGrant) grant = vd_grant_new (PROJECT_A);
  g_auto(GStrv) ids = NULL;

  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  vd_grant_set_rights (grant, VD_RESOURCE_PLAYERS, VD_RIGHTS_WRITE);
  vd_grant_set_rights (grant, VD_RESOURCE_SETTINGS, VD_RIGHTS_DELETE);
  vd_grant_set_rights (grant, VD_RESOURCE_FOLDERS, VD_RIGHTS_READ);
  vd_grant_set_folders_custom (grant, TRUE);
  vd_grant_set_folder_rights (grant, FOLDER_2, VD_RIGHTS_READ);

  /* write and delete bring read */
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_PLAYERS), ==, RIGHTS_WR);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_SETTINGS), ==, RIGHTS_RD);

  vd_grant_set_access (grant, VD_ACCESS_FULL);
  vd_grant_set_access (grant, VD_ACCESS_NONE);
  vd_grant_set_folders_custom (grant, FALSE);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_PLAYERS, NULL), ==, VD_RIGHTS_NONE);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_PLAYERS), ==, RIGHTS_WR);

  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_PLAYERS, NULL), ==, RIGHTS_WR);
  g_assert_cmpuint (vd_grant_get_effective_rights (grant, VD_RESOURCE_FOLDERS, FOLDER_2), ==, VD_RIGHTS_READ);

  vd_grant_set_folders_custom (grant, TRUE);
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_2), ==, VD_RIGHTS_READ);
  ids = vd_grant_dup_folder_ids (grant);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
}

static void
test_grant_notify (void)
{
  g_autoptr(VdGrant) grant = vd_grant_new (PROJECT_A);
  g_autoptr(NotifyCounter) counter = notify_counter_new (grant);

  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  notify_counter_assert (counter, "access", 1, NULL);
  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  notify_counter_assert (counter, NULL);

  vd_grant_set_rights (grant, VD_RESOURCE_LIVESTREAMS, VD_RIGHTS_READ);
  notify_counter_assert (counter, "livestreams", 1, NULL);
  vd_grant_set_rights (grant, VD_RESOURCE_LIVESTREAMS, VD_RIGHTS_READ);
  notify_counter_assert (counter, NULL);

  /* write alone is stored as write+read: setting either again changes nothing */
  vd_grant_set_rights (grant, VD_RESOURCE_PLAYERS, VD_RIGHTS_WRITE);
  notify_counter_assert (counter, "players", 1, NULL);
  vd_grant_set_rights (grant, VD_RESOURCE_PLAYERS, RIGHTS_WR);
  notify_counter_assert (counter, NULL);

  g_object_set (grant, "folders", VD_RIGHTS_ALL, "folders-custom", TRUE, NULL);
  notify_counter_assert (counter, "folders", 1, "folders-custom", 1, NULL);
  g_object_set (grant, "folders", VD_RIGHTS_ALL, "folders-custom", TRUE, "access", VD_ACCESS_CUSTOM, NULL);
  notify_counter_assert (counter, NULL);

  /* Per-folder rights have their own signal, not notify */
  vd_grant_set_folder_rights (grant, FOLDER_1, VD_RIGHTS_READ);
  notify_counter_assert (counter, NULL);

  /* Leaving custom only changes the access */
  vd_grant_set_access (grant, VD_ACCESS_FULL_NO_DELETE);
  notify_counter_assert (counter, "access", 1, NULL);
}

static void
test_grant_folder_changed (void)
{
  g_autoptr(VdGrant) grant = vd_grant_new (PROJECT_A);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) ids = NULL;
  guint detailed = 0;

  g_signal_connect (grant, "folder-changed", G_CALLBACK (folder_changed_cb), log);
  g_signal_connect (grant, "folder-changed::" FOLDER_2, G_CALLBACK (count_cb), &detailed);

  vd_grant_set_folder_rights (grant, FOLDER_1, VD_RIGHTS_READ);
  vd_grant_set_folder_rights (grant, FOLDER_1, VD_RIGHTS_READ);
  vd_grant_set_folder_rights (grant, FOLDER_2, VD_RIGHTS_DELETE);
  vd_grant_set_folder_rights (grant, FOLDER_2, RIGHTS_RD);
  vd_grant_set_folder_rights (grant, FOLDER_3, VD_RIGHTS_NONE);

  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, FOLDER_1);
  g_assert_cmpstr (g_ptr_array_index (log, 1), ==, FOLDER_2);
  g_assert_cmpuint (detailed, ==, 1);
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_2), ==, RIGHTS_RD);

  ids = vd_grant_dup_folder_ids (grant);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, FOLDER_1);
  g_assert_cmpstr (ids[1], ==, FOLDER_2);
  g_clear_pointer (&ids, g_strfreev);

  /* Back to NONE: no longer listed */
  vd_grant_set_folder_rights (grant, FOLDER_2, VD_RIGHTS_NONE);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (detailed, ==, 2);
  ids = vd_grant_dup_folder_ids (grant);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_2), ==, VD_RIGHTS_NONE);
}

static void
test_grant_copy_equal (void)
{
  g_autoptr(VdGrant) grant = vd_grant_new (PROJECT_A);
  g_autoptr(VdGrant) copy = NULL;
  g_autoptr(VdGrant) other_project = vd_grant_new (PROJECT_B);
  g_autoptr(VdGrant) blank = vd_grant_new (PROJECT_A);

  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  vd_grant_set_rights (grant, VD_RESOURCE_ADVERTISEMENTS, VD_RIGHTS_READ);
  vd_grant_set_folders_custom (grant, TRUE);
  vd_grant_set_folder_rights (grant, FOLDER_1, RIGHTS_WR);

  copy = vd_grant_copy (grant);
  g_assert_true (copy != grant);
  g_assert_true (vd_grant_equal (grant, copy));
  g_assert_cmpstr (vd_grant_get_project_id (copy), ==, PROJECT_A);
  g_assert_cmpuint (vd_grant_get_folder_rights (copy, FOLDER_1), ==, RIGHTS_WR);

  /* Independent */
  vd_grant_set_folder_rights (copy, FOLDER_1, VD_RIGHTS_ALL);
  g_assert_false (vd_grant_equal (grant, copy));
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_1), ==, RIGHTS_WR);
  vd_grant_set_folder_rights (copy, FOLDER_1, RIGHTS_WR);
  g_assert_true (vd_grant_equal (grant, copy));

  vd_grant_set_rights (copy, VD_RESOURCE_ADVERTISEMENTS, VD_RIGHTS_NONE);
  g_assert_false (vd_grant_equal (grant, copy));

  /* Rights kept aside do not count while access is full */
  vd_grant_set_access (grant, VD_ACCESS_FULL);
  vd_grant_set_access (copy, VD_ACCESS_FULL);
  g_assert_true (vd_grant_equal (grant, copy));

  /* ... or when access is NONE */
  vd_grant_set_access (grant, VD_ACCESS_NONE);
  g_assert_true (vd_grant_equal (grant, blank));
  g_assert_false (vd_grant_equal (blank, other_project));

  /* folders-custom listing no folder means no rights on folders */
  vd_grant_set_access (blank, VD_ACCESS_CUSTOM);
  vd_grant_set_access (other_project, VD_ACCESS_CUSTOM);
  g_clear_object (&copy);
  copy = vd_grant_copy (blank);
  vd_grant_set_folders_custom (copy, TRUE);
  g_assert_true (vd_grant_equal (blank, copy));
  vd_grant_set_rights (blank, VD_RESOURCE_FOLDERS, VD_RIGHTS_READ);
  g_assert_false (vd_grant_equal (blank, copy));
}

static void
test_grant_update_from (void)
{
  g_autoptr(VdGrant) grant = vd_grant_new (PROJECT_A);
  g_autoptr(VdGrant) other = NULL;
  g_autoptr(NotifyCounter) counter = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);

  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  vd_grant_set_rights (grant, VD_RESOURCE_LIVESTREAMS, VD_RIGHTS_READ);
  vd_grant_set_rights (grant, VD_RESOURCE_SETTINGS, RIGHTS_WR);
  vd_grant_set_folders_custom (grant, TRUE);
  vd_grant_set_folder_rights (grant, FOLDER_1, VD_RIGHTS_READ);
  vd_grant_set_folder_rights (grant, FOLDER_2, VD_RIGHTS_READ);

  counter = notify_counter_new (grant);
  g_signal_connect (grant, "folder-changed", G_CALLBACK (folder_changed_cb), log);

  /* Same state: nothing */
  other = vd_grant_copy (grant);
  vd_grant_update_from (grant, other);
  notify_counter_assert (counter, NULL);
  g_assert_cmpuint (log->len, ==, 0);

  /* One resource right */
  vd_grant_set_rights (other, VD_RESOURCE_LIVESTREAMS, VD_RIGHTS_ALL);
  vd_grant_update_from (grant, other);
  notify_counter_assert (counter, "livestreams", 1, NULL);
  g_assert_cmpuint (log->len, ==, 0);
  g_assert_true (vd_grant_equal (grant, other));

  /* One folder changes, one goes, one comes */
  vd_grant_set_folder_rights (other, FOLDER_1, VD_RIGHTS_NONE);
  vd_grant_set_folder_rights (other, FOLDER_3, VD_RIGHTS_ALL);
  vd_grant_update_from (grant, other);
  notify_counter_assert (counter, NULL);
  g_assert_cmpuint (log->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, FOLDER_1);
  g_assert_cmpstr (g_ptr_array_index (log, 1), ==, FOLDER_3);
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_2), ==, VD_RIGHTS_READ);
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_3), ==, VD_RIGHTS_ALL);
  g_assert_true (vd_grant_equal (grant, other));

  /* Several properties at once, each notified once */
  vd_grant_set_access (other, VD_ACCESS_FULL);
  vd_grant_set_folders_custom (other, FALSE);
  vd_grant_set_rights (other, VD_RESOURCE_SETTINGS, VD_RIGHTS_NONE);
  vd_grant_update_from (grant, other);
  notify_counter_assert (counter, "access", 1, "folders-custom", 1, "settings", 1, NULL);
  g_assert_cmpuint (log->len, ==, 2);
}

/*
 * VdPermissions
 */

static void
test_permissions_notify (void)
{
  g_autoptr(VdPermissions) permissions = vd_permissions_new (ORG_ID);
  g_autoptr(NotifyCounter) counter = notify_counter_new (permissions);
  gboolean billing = FALSE;

  vd_permissions_set_billing (permissions, TRUE);
  notify_counter_assert (counter, "billing", 1, NULL);
  vd_permissions_set_billing (permissions, TRUE);
  notify_counter_assert (counter, NULL);

  vd_permissions_set_api (permissions, TRUE);
  notify_counter_assert (counter, "api", 1, NULL);
  vd_permissions_set_api (permissions, TRUE);
  notify_counter_assert (counter, NULL);

  g_object_set (permissions, "billing", FALSE, NULL);
  notify_counter_assert (counter, "billing", 1, NULL);
  g_object_set (permissions, "billing", FALSE, "api", TRUE, NULL);
  notify_counter_assert (counter, NULL);

  g_object_get (permissions, "billing", &billing, NULL);
  g_assert_false (billing);

  /* A grant's own changes notify on the grant; the permissions only say how
   * many projects there are now */
  vd_grant_set_access (vd_permissions_ensure_grant (permissions, PROJECT_A), VD_ACCESS_FULL);
  notify_counter_assert (counter, "n-projects", 1, NULL);
  vd_grant_set_access (vd_permissions_lookup_grant (permissions, PROJECT_A), VD_ACCESS_CUSTOM);
  vd_grant_set_rights (vd_permissions_lookup_grant (permissions, PROJECT_A), VD_RESOURCE_PLAYERS, VD_RIGHTS_READ);
  notify_counter_assert (counter, NULL);
  g_assert_cmpuint (vd_permissions_get_n_projects (permissions), ==, 1);
  vd_grant_set_access (vd_permissions_lookup_grant (permissions, PROJECT_A), VD_ACCESS_NONE);
  notify_counter_assert (counter, "n-projects", 1, NULL);
  g_assert_cmpuint (vd_permissions_get_n_projects (permissions), ==, 0);

  /* A copy counts its projects too, and follows its own grants' changes */
  vd_grant_set_access (vd_permissions_lookup_grant (permissions, PROJECT_A), VD_ACCESS_FULL);
  {
    g_autoptr(VdPermissions) copy = vd_permissions_copy (permissions);

    g_assert_cmpuint (vd_permissions_get_n_projects (copy), ==, 1);
    vd_grant_set_access (vd_permissions_lookup_grant (copy, PROJECT_A), VD_ACCESS_NONE);
    g_assert_cmpuint (vd_permissions_get_n_projects (copy), ==, 0);
    g_assert_cmpuint (vd_permissions_get_n_projects (permissions), ==, 1);
  }
}

static void
test_permissions_ensure_grant (void)
{
  g_autoptr(VdPermissions) permissions = vd_permissions_new (ORG_ID);
  g_auto(GStrv) ids = NULL;
  guint added = 0;
  VdGrant *grant;

  g_signal_connect (permissions, "grant-added", G_CALLBACK (count_cb), &added);

  g_assert_null (vd_permissions_lookup_grant (permissions, PROJECT_A));
  grant = vd_permissions_ensure_grant (permissions, PROJECT_A);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_NONE);
  g_assert_true (vd_permissions_ensure_grant (permissions, PROJECT_A) == grant);
  g_assert_true (vd_permissions_lookup_grant (permissions, PROJECT_A) == grant);
  g_assert_cmpuint (added, ==, 1);

  /* A grant with access NONE is not a project the member has */
  ids = vd_permissions_dup_project_ids (permissions);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
  g_clear_pointer (&ids, g_strfreev);

  vd_grant_set_access (vd_permissions_ensure_grant (permissions, PROJECT_C), VD_ACCESS_CUSTOM);
  vd_grant_set_access (grant, VD_ACCESS_FULL);
  vd_permissions_ensure_grant (permissions, PROJECT_B);
  g_assert_cmpuint (added, ==, 3);

  ids = vd_permissions_dup_project_ids (permissions);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, PROJECT_A);
  g_assert_cmpstr (ids[1], ==, PROJECT_C);
}

static void
test_permissions_copy_equal (void)
{
  g_autofree char *text = g_strdup_printf ("[%s," FULL_GRANT (PROJECT_B, "write+read") "," BILLING_GRANT ("") "]",
                                           custom_grant_a);
  g_autoptr(VdPermissions) permissions = parse_ok (text, VD_PARSE_STRICT);
  g_autoptr(VdPermissions) copy = vd_permissions_copy (permissions);
  g_autoptr(VdPermissions) other_org = vd_permissions_new (OTHER_ORG_ID);
  g_autoptr(VdPermissions) empty = vd_permissions_new (ORG_ID);
  VdGrant *grant;

  g_assert_true (copy != permissions);
  g_assert_cmpstr (vd_permissions_get_organization_id (copy), ==, ORG_ID);
  g_assert_true (vd_permissions_equal (permissions, copy));
  g_assert_true (vd_permissions_get_billing (copy));

  /* The copy's grants are its own */
  grant = vd_permissions_lookup_grant (copy, PROJECT_A);
  g_assert_true (grant != vd_permissions_lookup_grant (permissions, PROJECT_A));
  vd_grant_set_rights (grant, VD_RESOURCE_PLAYERS, VD_RIGHTS_READ);
  g_assert_false (vd_permissions_equal (permissions, copy));
  g_assert_cmpuint (vd_permissions_get_project_rights (permissions, PROJECT_A, VD_RESOURCE_PLAYERS, NULL), ==,
                    VD_RIGHTS_ALL);
  vd_grant_set_rights (grant, VD_RESOURCE_PLAYERS, VD_RIGHTS_ALL);
  g_assert_true (vd_permissions_equal (permissions, copy));

  vd_permissions_set_api (copy, TRUE);
  g_assert_false (vd_permissions_equal (permissions, copy));
  g_assert_false (vd_permissions_get_api (permissions));

  /* Same (empty) content, another organization */
  g_assert_false (vd_permissions_equal (empty, other_org));
}

static void
test_permissions_equal_none_grant (void)
{
  g_autoptr(VdPermissions) with_none = vd_permissions_new (ORG_ID);
  g_autoptr(VdPermissions) without = vd_permissions_new (ORG_ID);
  VdGrant *grant;

  grant = vd_permissions_ensure_grant (with_none, PROJECT_A);
  vd_grant_set_rights (grant, VD_RESOURCE_LIVESTREAMS, VD_RIGHTS_ALL);
  g_assert_true (vd_permissions_equal (with_none, without));
  g_assert_true (vd_permissions_equal (without, with_none));

  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
  g_assert_false (vd_permissions_equal (with_none, without));
  g_assert_false (vd_permissions_equal (without, with_none));

  /* NONE on both sides, different kept rights */
  vd_grant_set_access (grant, VD_ACCESS_NONE);
  vd_grant_set_rights (vd_permissions_ensure_grant (without, PROJECT_A), VD_RESOURCE_SETTINGS, VD_RIGHTS_READ);
  g_assert_true (vd_permissions_equal (with_none, without));
}

static void
test_permissions_update_from (void)
{
  g_autofree char *text = g_strdup_printf ("[%s," FULL_GRANT (PROJECT_B, "write+read") "," BILLING_GRANT ("") "]",
                                           custom_grant_a);
  g_autoptr(VdPermissions) permissions = parse_ok (text, VD_PARSE_STRICT);
  g_autoptr(VdPermissions) other = vd_permissions_copy (permissions);
  g_autoptr(NotifyCounter) counter = notify_counter_new (permissions);
  g_autoptr(NotifyCounter) counter_a = NULL;
  g_autoptr(NotifyCounter) counter_b = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  VdGrant *grant_a = vd_permissions_lookup_grant (permissions, PROJECT_A);
  VdGrant *grant_b = vd_permissions_lookup_grant (permissions, PROJECT_B);
  guint added = 0;

  counter_a = notify_counter_new (grant_a);
  counter_b = notify_counter_new (grant_b);
  g_signal_connect (permissions, "grant-added", G_CALLBACK (count_cb), &added);
  g_signal_connect (grant_a, "folder-changed", G_CALLBACK (folder_changed_cb), log);

  /* Nothing differs: nothing is emitted */
  vd_permissions_update_from (permissions, other);
  notify_counter_assert (counter, NULL);
  notify_counter_assert (counter_a, NULL);
  notify_counter_assert (counter_b, NULL);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (log->len, ==, 0);

  /* One resource right of one grant */
  vd_grant_set_rights (vd_permissions_lookup_grant (other, PROJECT_A), VD_RESOURCE_ANALYTICS, VD_RIGHTS_READ);
  vd_permissions_update_from (permissions, other);
  notify_counter_assert (counter, NULL);
  notify_counter_assert (counter_a, "analytics", 1, NULL);
  notify_counter_assert (counter_b, NULL);
  g_assert_cmpuint (vd_grant_get_rights (grant_a, VD_RESOURCE_ANALYTICS), ==, VD_RIGHTS_READ);

  /* Billing flips, project B goes, project C comes, a folder changes */
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("[%s," FULL_GRANT (PROJECT_C, "write+read+delete") "]", custom_grant_a);
  g_clear_object (&other);
  other = parse_ok (text, VD_PARSE_STRICT);
  vd_grant_set_folder_rights (vd_permissions_lookup_grant (other, PROJECT_A), FOLDER_1, VD_RIGHTS_ALL);

  vd_permissions_update_from (permissions, other);
  notify_counter_assert (counter, "billing", 1, NULL);
  /* A's analytics go back to the documented write+read+delete */
  notify_counter_assert (counter_a, "analytics", 1, NULL);
  notify_counter_assert (counter_b, "access", 1, NULL);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (log, 0), ==, FOLDER_1);
  g_assert_cmpuint (added, ==, 1);

  /* The grant objects live on */
  g_assert_true (vd_permissions_lookup_grant (permissions, PROJECT_A) == grant_a);
  g_assert_true (vd_permissions_lookup_grant (permissions, PROJECT_B) == grant_b);
  g_assert_cmpint (vd_grant_get_access (grant_b), ==, VD_ACCESS_NONE);
  g_assert_cmpint (vd_grant_get_access (vd_permissions_lookup_grant (permissions, PROJECT_C)), ==, VD_ACCESS_FULL);
  g_assert_false (vd_permissions_get_billing (permissions));
  g_assert_true (vd_permissions_equal (permissions, other));

  /* Once more: nothing left to change */
  vd_permissions_update_from (permissions, other);
  notify_counter_assert (counter, NULL);
  notify_counter_assert (counter_a, NULL);
  notify_counter_assert (counter_b, NULL);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpuint (added, ==, 1);
}

static void
test_permissions_update_from_none (void)
{
  g_autoptr(VdPermissions) permissions = vd_permissions_new (ORG_ID);
  g_autoptr(VdPermissions) other = vd_permissions_new (ORG_ID);
  g_autoptr(NotifyCounter) counter = notify_counter_new (permissions);
  guint added = 0;

  g_signal_connect (permissions, "grant-added", G_CALLBACK (count_cb), &added);

  /* A grant that says "no access" needs no object */
  vd_permissions_ensure_grant (other, PROJECT_A);
  vd_permissions_set_api (other, TRUE);
  vd_permissions_update_from (permissions, other);
  notify_counter_assert (counter, "api", 1, NULL);
  g_assert_cmpuint (added, ==, 0);
  g_assert_null (vd_permissions_lookup_grant (permissions, PROJECT_A));
  g_assert_true (vd_permissions_equal (permissions, other));
}

/*
 * Containment (API keys)
 */

static gboolean
contains_texts (const char *holder,
                const char *wanted)
{
  g_autoptr(VdPermissions) self = parse_ok (holder, VD_PARSE_STRICT);
  g_autoptr(VdPermissions) other = parse_ok (wanted, VD_PARSE_STRICT);

  return vd_permissions_contains (self, other);
}

static void
test_contains (void)
{
  g_autofree char *custom = g_strdup_printf ("[%s]", custom_grant_a);
  g_autoptr(VdPermissions) permissions = parse_ok (custom, VD_PARSE_STRICT);
  g_autoptr(VdPermissions) other_org = vd_permissions_new (OTHER_ORG_ID);

  /* Everything contains itself and nothing */
  g_assert_true (vd_permissions_contains (permissions, permissions));
  g_assert_true (contains_texts (custom, custom));
  g_assert_true (contains_texts (custom, "[]"));
  g_assert_true (contains_texts ("[]", "[]"));
  g_assert_false (vd_permissions_contains (permissions, other_org));

  /* Billing and API */
  g_assert_true (contains_texts ("[" BILLING_GRANT ("") "," API_GRANT ("write+read") "]", "[" API_GRANT ("") "]"));
  g_assert_false (contains_texts ("[" API_GRANT ("") "]", "[" BILLING_GRANT ("") "]"));
  g_assert_false (contains_texts ("[" BILLING_GRANT ("") "]", "[" BILLING_GRANT ("") "," API_GRANT ("") "]"));

  /* Access levels */
  g_assert_true (contains_texts ("[" FULL_GRANT (PROJECT_A, "write+read+delete") "]",
                                 "[" FULL_GRANT (PROJECT_A, "write+read") "]"));
  g_assert_false (contains_texts ("[" FULL_GRANT (PROJECT_A, "write+read") "]",
                                  "[" FULL_GRANT (PROJECT_A, "write+read+delete") "]"));
  g_assert_false (contains_texts ("[" FULL_GRANT (PROJECT_A, "write+read+delete") "]",
                                  "[" FULL_GRANT (PROJECT_B, "write+read") "]"));
  g_assert_true (contains_texts ("[" FULL_GRANT (PROJECT_A, "write+read+delete") "]", custom));
  g_assert_false (contains_texts (custom, "[" FULL_GRANT (PROJECT_A, "write+read") "]"));

  /* Custom rights, resource by resource */
  g_assert_true (contains_texts ("[" FULL_GRANT (PROJECT_A, "write+read") "]",
                                 "[" CUSTOM_WITH (PROJECT_A, "{'name':'settings','action':'write+read'},"
                                                             "{'name':'folders','action':'read'}") "]"));
  g_assert_false (contains_texts ("[" FULL_GRANT (PROJECT_A, "write+read") "]",
                                  "[" CUSTOM_WITH (PROJECT_A, "{'name':'settings','action':'read+delete'}") "]"));
  g_assert_true (contains_texts ("[" CUSTOM_WITH (PROJECT_A, "{'name':'players','action':'write+read'}") "]",
                                 "[" CUSTOM_WITH (PROJECT_A, "{'name':'players','action':'read'}") "]"));
  g_assert_false (contains_texts ("[" CUSTOM_WITH (PROJECT_A, "{'name':'players','action':'read'}") "]",
                                  "[" CUSTOM_WITH (PROJECT_A, "{'name':'players','action':'read'},"
                                                              "{'name':'analytics','action':'read'}") "]"));

  /* A custom grant that gives nothing still shows the project */
  g_assert_false (contains_texts ("[]", "[" CUSTOM_WITH (PROJECT_A, "") "]"));
  g_assert_true (contains_texts ("[" CUSTOM_WITH (PROJECT_A, "") "]", "[" CUSTOM_WITH (PROJECT_A, "") "]"));

  /* Folders: per folder against all folders, and per folder against per folder */
  g_assert_true (contains_texts ("[" CUSTOM_WITH (PROJECT_A, "{'name':'folders','action':'write+read'}") "]",
                                 "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'write+read'}")) "]"));
  g_assert_false (contains_texts ("[" CUSTOM_WITH (PROJECT_A, "{'name':'folders','action':'write+read'}") "]",
                                  "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'delete'}")) "]"));
  g_assert_false (contains_texts ("[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'write+read'}")) "]",
                                  "[" CUSTOM_WITH (PROJECT_A, "{'name':'folders','action':'read'}") "]"));
  g_assert_true (contains_texts ("[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'write+read+delete'},"
                                                                           "{'folder_id':'" FOLDER_2 "','action':'read'}")) "]",
                                 "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'write+read'}")) "]"));
  g_assert_false (contains_texts ("[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'write+read+delete'}")) "]",
                                  "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_2 "','action':'read'}")) "]"));
}

/*
 * Validation against the organization
 */

static gboolean
project_exists (const char *project_id,
                gpointer    user_data)
{
  return strcmp (project_id, PROJECT_C) != 0;
}

static gboolean
folder_exists (const char *project_id,
               const char *folder_id,
               gpointer    user_data)
{
  /* FOLDER_3 belongs to no project here */
  return strcmp (folder_id, FOLDER_3) != 0;
}

static void
assert_validate_fails (VdPermissions *permissions,
                       const char    *expected_field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;

  g_assert_false (vd_permissions_validate (permissions, project_exists, folder_exists, NULL, &field, &error));
  g_assert_error (error, VD_GRANT_ERROR, VD_GRANT_ERROR_UNKNOWN_ENTITY);
  g_assert_cmpstr (field, ==, expected_field);
}

static void
test_validate (void)
{
  g_autofree char *text = NULL;
  g_autoptr(VdPermissions) permissions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  VdGrant *grant;

  text = g_strdup_printf ("[" BILLING_GRANT ("") "," FULL_GRANT (PROJECT_B, "write+read") ",%s]", custom_grant_a);
  permissions = parse_ok (text, VD_PARSE_STRICT);

  g_assert_true (vd_permissions_validate (permissions, project_exists, folder_exists, NULL, &field, &error));
  g_assert_no_error (error);
  g_assert_null (field);
  g_assert_true (vd_permissions_validate (permissions, NULL, NULL, NULL, NULL, NULL));

  /* A grant with access NONE names nothing */
  vd_permissions_ensure_grant (permissions, PROJECT_C);
  g_assert_true (vd_permissions_validate (permissions, project_exists, folder_exists, NULL, NULL, NULL));

  /* Unknown project: indexes are those of the normalized array (A, B, C) */
  vd_grant_set_access (vd_permissions_lookup_grant (permissions, PROJECT_C), VD_ACCESS_FULL);
  assert_validate_fails (permissions, "[2].entity_id");
  g_assert_true (vd_permissions_validate (permissions, NULL, folder_exists, NULL, NULL, NULL));
  vd_grant_set_access (vd_permissions_lookup_grant (permissions, PROJECT_C), VD_ACCESS_NONE);

  /* Unknown folder: folders sorted by id (FOLDER_1, FOLDER_2, FOLDER_3) */
  grant = vd_permissions_lookup_grant (permissions, PROJECT_A);
  vd_grant_set_folder_rights (grant, FOLDER_3, VD_RIGHTS_READ);
  assert_validate_fails (permissions, "[0].permission[0].folders[2].folder_id");
  g_assert_true (vd_permissions_validate (permissions, project_exists, NULL, NULL, NULL, NULL));

  /* Only listed folders count */
  vd_grant_set_folders_custom (grant, FALSE);
  g_assert_true (vd_permissions_validate (permissions, project_exists, folder_exists, NULL, NULL, NULL));
}

/*
 * Diff
 */

static void
test_diff_equal (void)
{
  g_autofree char *text = g_strdup_printf ("[%s," BILLING_GRANT ("") "]", custom_grant_a);
  g_autofree char *text2 = g_strdup_printf ("[" BILLING_GRANT ("write+read") ",%s]", custom_grant_a);
  g_autoptr(GPtrArray) lines = diff_texts (text, text2);
  g_autoptr(VdPermissions) with_none = vd_permissions_new (ORG_ID);
  g_autoptr(VdPermissions) empty = vd_permissions_new (ORG_ID);

  g_assert_cmpuint (lines->len, ==, 0);

  g_clear_pointer (&lines, g_ptr_array_unref);
  vd_permissions_ensure_grant (with_none, PROJECT_A);
  lines = vd_permissions_diff (empty, with_none, NULL, NULL, NULL);
  g_assert_cmpuint (lines->len, ==, 0);
}

static void
test_diff_billing_api (void)
{
  g_autoptr(GPtrArray) lines = NULL;

  lines = diff_texts ("[" API_GRANT ("") "]", "[" BILLING_GRANT ("") "]");
  assert_lines (lines, "Billing: granted", "API: revoked", NULL);
  g_clear_pointer (&lines, g_ptr_array_unref);

  lines = diff_texts ("[" BILLING_GRANT ("") "]", "[" API_GRANT ("") "]");
  assert_lines (lines, "Billing: revoked", "API: granted", NULL);
}

static void
test_diff_access (void)
{
  g_autoptr(GPtrArray) lines = NULL;

  /* Projects by name: B is "Project One", A "Project Two" */
  lines = diff_texts ("[" FULL_GRANT (PROJECT_A, "write+read+delete") "," BILLING_GRANT ("") "]",
                      "[" API_GRANT ("") "," FULL_GRANT (PROJECT_A, "write+read") ","
                      FULL_GRANT (PROJECT_B, "write+read+delete") "]");
  assert_lines (lines,
                "Project One: no access → full access",
                "Project Two: full access → full access without delete",
                "Billing: revoked",
                "API: granted",
                NULL);
  g_clear_pointer (&lines, g_ptr_array_unref);

  /* Leaving custom: the access says it all */
  lines = diff_texts ("[" CUSTOM_WITH (PROJECT_B, "{'name':'settings','action':'read'}") "]",
                      "[" FULL_GRANT (PROJECT_B, "write+read+delete") "]");
  assert_lines (lines, "Project One: custom → full access", NULL);
  g_clear_pointer (&lines, g_ptr_array_unref);

  lines = diff_texts ("[" FULL_GRANT (PROJECT_B, "write+read") "]", "[]");
  assert_lines (lines, "Project One: full access without delete → no access", NULL);
}

static void
test_diff_custom_rights (void)
{
  g_autoptr(GPtrArray) lines = NULL;

  lines = diff_texts ("[" CUSTOM_WITH (PROJECT_B, "{'name':'livestreams','action':'read'},"
                                                  "{'name':'players','action':'write+read+delete'}") "]",
                      "[" CUSTOM_WITH (PROJECT_B, "{'name':'livestreams','action':'write+read'},"
                                                  "{'name':'analytics','action':'read'}") "]");
  assert_lines (lines,
                "Project One: Live streams: read → read and write",
                "Project One: Analytics: none → read",
                "Project One: Players: read, write and delete → none",
                NULL);
  g_clear_pointer (&lines, g_ptr_array_unref);

  /* Into custom: the new rights, against what the member had */
  lines = diff_texts ("[]", "[" CUSTOM_WITH (PROJECT_B, "{'name':'settings','action':'read+delete'}") "]");
  assert_lines (lines,
                "Project One: no access → custom",
                "Project One: Settings: none → read and delete",
                NULL);
  g_clear_pointer (&lines, g_ptr_array_unref);

  lines = diff_texts ("[" FULL_GRANT (PROJECT_B, "write+read") "]",
                      "[" CUSTOM_WITH (PROJECT_B, "{'name':'folders','action':'write+read'},"
                                                  "{'name':'livestreams','action':'write+read'},"
                                                  "{'name':'analytics','action':'write+read'},"
                                                  "{'name':'advertisements','action':'read'},"
                                                  "{'name':'settings','action':'write+read+delete'},"
                                                  "{'name':'players','action':'write+read'}") "]");
  assert_lines (lines,
                "Project One: full access without delete → custom",
                "Project One: Advertisements: read and write → read",
                "Project One: Settings: read and write → read, write and delete",
                NULL);
}

static void
test_diff_folders (void)
{
  g_autoptr(GPtrArray) lines = NULL;

  /* Folders by name: FOLDER_2 is "Edited", FOLDER_1 "Raw", FOLDER_3 has none */
  lines = diff_texts ("[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'read'},"
                                                                "{'folder_id':'" FOLDER_3 "','action':'read'}")) "]",
                      "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'write+read'},"
                                                                "{'folder_id':'" FOLDER_2 "','action':'read'}")) "]");
  assert_lines (lines,
                "Project Two: folder Edited: none → read",
                "Project Two: folder Raw: read → read and write",
                "Project Two: folder " FOLDER_3 ": read → none",
                NULL);
  g_clear_pointer (&lines, g_ptr_array_unref);

  /* From all folders to per-folder rights */
  lines = diff_texts ("[" CUSTOM_WITH (PROJECT_A, "{'name':'folders','action':'read'}") "]",
                      "[" CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'write+read'}")) "]");
  assert_lines (lines,
                "Project Two: Folders: read → none",
                "Project Two: folder Raw: read → read and write",
                NULL);
}

static void
test_diff_names_fallback (void)
{
  g_autoptr(VdPermissions) old_permissions = vd_permissions_new (ORG_ID);
  g_autoptr(VdPermissions) new_permissions = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  VdGrant *grant;

  new_permissions = parse_ok ("[" FULL_GRANT (PROJECT_C, "write+read") ","
                              CUSTOM_WITH (PROJECT_A, FOLDERS_WITH ("{'folder_id':'" FOLDER_1 "','action':'read'}")) "]",
                              VD_PARSE_STRICT);
  grant = vd_permissions_ensure_grant (old_permissions, PROJECT_A);
  vd_grant_set_access (grant, VD_ACCESS_CUSTOM);

  /* No lookups at all: ids, sorted */
  lines = vd_permissions_diff (old_permissions, new_permissions, NULL, NULL, NULL);
  assert_lines (lines,
                PROJECT_A ": folder " FOLDER_1 ": none → read",
                PROJECT_C ": no access → full access without delete",
                NULL);
  g_clear_pointer (&lines, g_ptr_array_unref);

  /* Named before unnamed */
  lines = vd_permissions_diff (old_permissions, new_permissions, name_lookup, name_lookup, NULL);
  assert_lines (lines,
                PROJECT_C ": no access → full access without delete",
                "Project Two: folder Raw: none → read",
                NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/vd/permissions/rights/parse", test_rights_parse);
  g_test_add_func ("/vd/permissions/rights/parse-invalid", test_rights_parse_invalid);
  g_test_add_func ("/vd/permissions/rights/to-string", test_rights_to_string);
  g_test_add_func ("/vd/permissions/resource/strings", test_resource_strings);
  g_test_add_func ("/vd/permissions/types", test_types);

  g_test_add_func ("/vd/permissions/parse/null", test_parse_null);
  g_test_add_func ("/vd/permissions/parse/full-access", test_parse_full_access);
  g_test_add_func ("/vd/permissions/parse/full-access-no-delete", test_parse_full_access_no_delete);
  g_test_add_func ("/vd/permissions/parse/singular", test_parse_singular);
  g_test_add_func ("/vd/permissions/parse/billing-actions", test_parse_billing_actions);
  g_test_add_func ("/vd/permissions/parse/custom", test_parse_custom);
  g_test_add_func ("/vd/permissions/parse/custom-all-folders", test_parse_custom_all_folders);
  g_test_add_func ("/vd/permissions/parse/actions-any-order", test_parse_actions_any_order);
  g_test_add_func ("/vd/permissions/parse/optional-members", test_parse_optional_members);
  g_test_add_func ("/vd/permissions/parse/tolerant", test_parse_tolerant);

  for (guint i = 0; i < G_N_ELEMENTS (reject_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vd/permissions/reject/%s", reject_cases[i].name);

      g_test_add_data_func (path, &reject_cases[i], test_reject);
    }
  g_test_add_func ("/vd/permissions/reject/without-error-field", test_reject_without_error_field);

  g_test_add_func ("/vd/permissions/json/normalized", test_json_normalized);
  g_test_add_func ("/vd/permissions/json/round-trip", test_json_round_trip);
  g_test_add_func ("/vd/permissions/json/omits-none", test_json_omits_none);
  g_test_add_func ("/vd/permissions/json/built", test_json_built);

  g_test_add_func ("/vd/permissions/grant/effective-rights", test_grant_effective_rights);
  g_test_add_func ("/vd/permissions/grant/rights-kept", test_grant_rights_kept);
  g_test_add_func ("/vd/permissions/grant/notify", test_grant_notify);
  g_test_add_func ("/vd/permissions/grant/folder-changed", test_grant_folder_changed);
  g_test_add_func ("/vd/permissions/grant/copy-equal", test_grant_copy_equal);
  g_test_add_func ("/vd/permissions/grant/update-from", test_grant_update_from);

  g_test_add_func ("/vd/permissions/notify", test_permissions_notify);
  g_test_add_func ("/vd/permissions/ensure-grant", test_permissions_ensure_grant);
  g_test_add_func ("/vd/permissions/copy-equal", test_permissions_copy_equal);
  g_test_add_func ("/vd/permissions/equal-none-grant", test_permissions_equal_none_grant);
  g_test_add_func ("/vd/permissions/update-from", test_permissions_update_from);
  g_test_add_func ("/vd/permissions/update-from-none", test_permissions_update_from_none);
  g_test_add_func ("/vd/permissions/contains", test_contains);
  g_test_add_func ("/vd/permissions/validate", test_validate);

  g_test_add_func ("/vd/permissions/diff/equal", test_diff_equal);
  g_test_add_func ("/vd/permissions/diff/billing-api", test_diff_billing_api);
  g_test_add_func ("/vd/permissions/diff/access", test_diff_access);
  g_test_add_func ("/vd/permissions/diff/custom-rights", test_diff_custom_rights);
  g_test_add_func ("/vd/permissions/diff/folders", test_diff_folders);
  g_test_add_func ("/vd/permissions/diff/names-fallback", test_diff_names_fallback);

  return g_test_run ();
}
