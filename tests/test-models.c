/* test-models.c — the model objects: parsing, tolerance, strictness and
 * updates in place that notify exactly what changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "vd-api-error.h"
#include "vd-api-key.h"
#include "vd-audit-entry.h"
#include "vd-auth-session.h"
#include "vd-folder.h"
#include "vd-invitation.h"
#include "vd-member.h"
#include "vd-organization.h"
#include "vd-project.h"
#include "vd-role.h"
#include "vd-user.h"

#define ORG_ID        "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
#define OTHER_ORG_ID  "0a9b8c7d-6e5f-4a3b-9c1d-2e3f4a5b6c7d"
#define PROJECT_A     "1b2c3d4e-5f60-4a71-8b92-a3b4c5d6e7f8"
#define PROJECT_B     "2c3d4e5f-6071-4b82-9ca3-b4c5d6e7f809"
#define FOLDER_1      "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
#define FOLDER_2      "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"
#define USER_ID       "7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
#define OWNER_ID      "8e9f0011-2b3c-4d4e-9f50-6b7c8d9e0f1a"
#define MEMBER_ID     "9f001122-3c4d-4e5f-a061-7c8d9e0f1a2b"
#define INVITATION_ID "00112233-4d5e-4f60-b172-8d9e0f1a2b3c"
#define ENTRY_ID      "11223344-5e6f-4071-8283-9e0f1a2b3c4d"
#define KEY_ID        "22334455-6f70-4182-9394-0f1a2b3c4d5e"
#define SESSION_ID    "33445566-7081-4293-a4a5-1a2b3c4d5e6f"

/* JSON in the tests is written with ' for " */
#define BILLING_GRANT(action) \
  "{'entity_id':'" ORG_ID "','entity_type':'organizations','name':'billing','action':'" action "','permission':[]}"
#define API_GRANT(action) \
  "{'entity_id':'" ORG_ID "','entity_type':'organizations','name':'api','action':'" action "','permission':[]}"
#define FULL_GRANT(project, action) \
  "{'entity_id':'" project "','entity_type':'projects','name':'full-access','action':'" action "','permission':[]}"
#define CUSTOM_GRANT(project, rights) \
  "{'entity_id':'" project "','entity_type':'projects','name':'custom','action':'','permission':[" rights "]}"

#define USER_JSON(first_name, verified_at) \
  "{'id':'" USER_ID "','first_name':" first_name ",'last_name':'Hart'," \
  "'email':'amelia@acme.test','email_verified_at':" verified_at "," \
  "'created_at':'2026-01-02T03:04:05Z','current_organization_id':'" ORG_ID "'}"

#define ORGANIZATION_JSON(name, role, count) \
  "{'id':'" ORG_ID "','name':" name ",'owner_id':'" OWNER_ID "','role':" role "," \
  "'member_count':" count ",'created_at':'2026-01-01T09:00:00Z','updated_at':'2026-03-01T09:00:00Z'," \
  "'current':true}"

#define MEMBER_JSON(first_name, role, joined_at, permissions) \
  "{'id':'" MEMBER_ID "','user_id':'" USER_ID "','first_name':" first_name ",'last_name':'Sato'," \
  "'email':'aiko1@acme.test','role':" role ",'permissions':" permissions "," \
  "'joined_at':" joined_at "}"
#define MEMBER_GRANTS "[" FULL_GRANT (PROJECT_A, "write+read+delete") "," BILLING_GRANT ("write+read") "]"
#define MEMBER_DEFAULT MEMBER_JSON ("'Aiko'", "'member'", "'2026-02-03T10:00:00Z'", MEMBER_GRANTS)

#define INVITER "{'id':'" OWNER_ID "','first_name':'Bruno','last_name':'Díaz','email':'bruno@acme.test'}"
#define INVITATION_JSON(status, invited_by, responded_at, extra) \
  "{'id':'" INVITATION_ID "','email':'new.editor@example.com','role':'member','status':" status "," \
  "'permissions':[" FULL_GRANT (PROJECT_A, "write+read") "],'invited_by':" invited_by "," \
  "'created_at':'2026-04-01T08:00:00Z','expires_at':'2026-04-08T08:00:00Z'," \
  "'responded_at':" responded_at extra "}"

#define AUDIT_JSON(actor, action, metadata) \
  "{'id':'" ENTRY_ID "','actor':" actor ",'action':'" action "','entity_type':'member'," \
  "'entity_id':'" MEMBER_ID "','metadata':" metadata ",'ip_address':'127.0.0.1'," \
  "'created_at':'2026-05-01T12:00:00Z'}"
#define AMELIA "{'id':'" OWNER_ID "','first_name':'Amelia','last_name':'Hart','email':'amelia@acme.test'}"

#define API_KEY_JSON(permissions, expires_at, extra) \
  "{'id':'" KEY_ID "','organization_id':'" ORG_ID "','name':'Player embed','type':'organization'," \
  "'origin':'https://player.acme.test','allow_cors_enabled':true,'permissions':" permissions "," \
  "'api_key_prefix':'vdk_AbCd…','created_by':'" OWNER_ID "','created_at':'2026-06-01T10:00:00Z'," \
  "'expires_at':" expires_at extra "}"

#define SESSION_JSON(last_active_at, current) \
  "{'id':'" SESSION_ID "','user_agent':'Vidinfra Admin/0.1.0','ip_address':'192.0.2.7'," \
  "'created_at':'2026-07-01T10:00:00Z','last_active_at':" last_active_at ",'current':" current "}"

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

/* The JSON object of text (' for "), transfer full */
static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = dq (text);
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static GDateTime *
utc (const char *text)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  GDateTime *time = g_date_time_new_from_iso8601 (text, zone);

  g_assert_nonnull (time);
  return time;
}

static void
assert_time (GDateTime  *time,
             const char *expected)
{
  g_autoptr(GDateTime) wanted = utc (expected);

  g_assert_nonnull (time);
  g_assert_true (g_date_time_equal (time, wanted));
}

static void
assert_protocol_error (GError *error)
{
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_PROTOCOL);
  g_assert_nonnull (error->message);
}

/* Records the names of the properties notified on an object, in order */
typedef struct
{
  GObject   *object;
  gulong     handler;
  GPtrArray *names;
} NotifyLog;

static void
notify_log_cb (GObject    *object,
               GParamSpec *pspec,
               NotifyLog  *log)
{
  g_ptr_array_add (log->names, g_strdup (pspec->name));
}

static NotifyLog *
notify_log_new (gpointer object)
{
  NotifyLog *log = g_new0 (NotifyLog, 1);

  log->object = g_object_ref (object);
  log->names = g_ptr_array_new_with_free_func (g_free);
  log->handler = g_signal_connect (object, "notify", G_CALLBACK (notify_log_cb), log);
  return log;
}

static void
notify_log_free (NotifyLog *log)
{
  g_clear_signal_handler (&log->handler, log->object);
  g_clear_object (&log->object);
  g_ptr_array_unref (log->names);
  g_free (log);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NotifyLog, notify_log_free)

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* expected: the notified names, sorted, comma-separated ("" for none);
 * each property at most once (one freeze/thaw per update). Clears the log. */
static void
assert_notified (NotifyLog  *log,
                 const char *expected)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_ptr_array_sort (log->names, compare_names);
  for (guint i = 0; i < log->names->len; i++)
    {
      if (i > 0)
        {
          g_assert_cmpstr (log->names->pdata[i - 1], !=, log->names->pdata[i]);
          g_string_append_c (text, ',');
        }
      g_string_append (text, log->names->pdata[i]);
    }

  g_assert_cmpstr (text->str, ==, expected);
  g_ptr_array_set_size (log->names, 0);
}

static const char *
project_name_cb (const char *id,
                 gpointer    user_data)
{
  if (g_str_equal (id, PROJECT_A))
    return "Spring Campaign";
  if (g_str_equal (id, PROJECT_B))
    return "Archive";
  return NULL;
}

static const char *
folder_name_cb (const char *id,
                gpointer    user_data)
{
  if (g_str_equal (id, FOLDER_1))
    return "Raw";
  return NULL;
}

static void
assert_lines (GPtrArray *lines,
              ...)
{
  va_list args;
  guint i = 0;
  const char *line;

  va_start (args, lines);
  while ((line = va_arg (args, const char *)) != NULL)
    {
      g_assert_cmpuint (i, <, lines->len);
      g_assert_cmpstr (lines->pdata[i], ==, line);
      i++;
    }
  va_end (args);

  g_assert_cmpuint (lines->len, ==, i);
}

/*
 * Roles and statuses
 */

static void
test_role_strings (void)
{
  static const struct { const char *text; VdRole role; } cases[] = {
    { "owner", VD_ROLE_OWNER },
    { "admin", VD_ROLE_ADMIN },
    { "member", VD_ROLE_MEMBER },
  };
  g_autoptr(GEnumClass) klass = g_type_class_ref (VD_TYPE_ROLE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (vd_role_from_string (cases[i].text), ==, cases[i].role);
      g_assert_cmpstr (vd_role_to_string (cases[i].role), ==, cases[i].text);
      g_assert_cmpstr (g_enum_get_value (klass, cases[i].role)->value_nick, ==, cases[i].text);
    }

  g_assert_cmpint (vd_role_from_string ("auditor"), ==, VD_ROLE_UNKNOWN);
  g_assert_cmpint (vd_role_from_string ("Owner"), ==, VD_ROLE_UNKNOWN);
  g_assert_cmpint (vd_role_from_string (""), ==, VD_ROLE_UNKNOWN);
  g_assert_cmpint (vd_role_from_string (NULL), ==, VD_ROLE_UNKNOWN);
  g_assert_null (vd_role_to_string (VD_ROLE_UNKNOWN));

  g_assert_cmpstr (vd_role_get_label (VD_ROLE_OWNER), ==, "Owner");
  g_assert_cmpstr (vd_role_get_label (VD_ROLE_ADMIN), ==, "Admin");
  g_assert_cmpstr (vd_role_get_label (VD_ROLE_MEMBER), ==, "Member");
  g_assert_cmpstr (vd_role_get_label (VD_ROLE_UNKNOWN), ==, "Unknown");

  g_assert_cmpstr (vd_role_get_label_for_name ("admin"), ==, "Admin");
  g_assert_cmpstr (vd_role_get_label_for_name ("auditor"), ==, "auditor");
  g_assert_cmpstr (vd_role_get_label_for_name (""), ==, "Unknown");
  g_assert_cmpstr (vd_role_get_label_for_name (NULL), ==, "Unknown");
}

static void
test_invitation_status_strings (void)
{
  static const struct { const char *text; VdInvitationStatus status; const char *label; } cases[] = {
    { "pending", VD_INVITATION_STATUS_PENDING, "Pending" },
    { "accepted", VD_INVITATION_STATUS_ACCEPTED, "Accepted" },
    { "rejected", VD_INVITATION_STATUS_REJECTED, "Rejected" },
    { "revoked", VD_INVITATION_STATUS_REVOKED, "Revoked" },
    { "expired", VD_INVITATION_STATUS_EXPIRED, "Expired" },
  };
  g_autoptr(GEnumClass) klass = g_type_class_ref (VD_TYPE_INVITATION_STATUS);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (vd_invitation_status_from_string (cases[i].text), ==, cases[i].status);
      g_assert_cmpstr (vd_invitation_status_to_string (cases[i].status), ==, cases[i].text);
      g_assert_cmpstr (vd_invitation_status_get_label (cases[i].status), ==, cases[i].label);
      g_assert_cmpstr (g_enum_get_value (klass, cases[i].status)->value_nick, ==, cases[i].text);
    }

  g_assert_cmpint (vd_invitation_status_from_string ("on_hold"), ==, VD_INVITATION_STATUS_UNKNOWN);
  g_assert_cmpint (vd_invitation_status_from_string (NULL), ==, VD_INVITATION_STATUS_UNKNOWN);
  g_assert_null (vd_invitation_status_to_string (VD_INVITATION_STATUS_UNKNOWN));
  g_assert_cmpstr (vd_invitation_status_get_label (VD_INVITATION_STATUS_UNKNOWN), ==, "Unknown");
}

/*
 * VdUser
 */

static VdUser *
user_ok (const char *text)
{
  g_autoptr(JsonObject) object = parse_object (text);
  g_autoptr(GError) error = NULL;
  VdUser *user = vd_user_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_true (VD_IS_USER (user));
  return user;
}

static void
test_user_parse (void)
{
  g_autoptr(VdUser) user = user_ok (USER_JSON ("'Amelia'", "'2026-01-02T03:10:00Z'"));
  g_autofree char *display_name = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  gboolean verified;

  g_assert_cmpstr (vd_user_get_id (user), ==, USER_ID);
  g_assert_cmpstr (vd_user_get_first_name (user), ==, "Amelia");
  g_assert_cmpstr (vd_user_get_last_name (user), ==, "Hart");
  g_assert_cmpstr (vd_user_get_email (user), ==, "amelia@acme.test");
  g_assert_cmpstr (vd_user_get_display_name (user), ==, "Amelia Hart");
  g_assert_cmpstr (vd_user_get_current_organization_id (user), ==, ORG_ID);
  assert_time (vd_user_get_email_verified_at (user), "2026-01-02T03:10:00Z");
  assert_time (vd_user_get_created_at (user), "2026-01-02T03:04:05Z");
  g_assert_true (vd_user_get_verified (user));

  g_object_get (user,
                "display-name", &display_name,
                "created-at", &created_at,
                "verified", &verified,
                NULL);
  g_assert_cmpstr (display_name, ==, "Amelia Hart");
  assert_time (created_at, "2026-01-02T03:04:05Z");
  g_assert_true (verified);
}

static void
test_user_display_name (void)
{
  g_autoptr(VdUser) no_names = user_ok ("{'id':'" USER_ID "','first_name':'','last_name':null,"
                                        "'email':'amelia@acme.test'}");
  g_autoptr(VdUser) first_only = user_ok ("{'id':'" USER_ID "','first_name':'Amelia','email':'a@acme.test'}");
  g_autoptr(VdUser) nothing = user_ok ("{'id':'" USER_ID "'}");

  g_assert_cmpstr (vd_user_get_display_name (no_names), ==, "amelia@acme.test");
  g_assert_cmpstr (vd_user_get_display_name (first_only), ==, "Amelia");
  g_assert_cmpstr (vd_user_get_display_name (nothing), ==, "");
}

static void
test_user_tolerant (void)
{
  g_autoptr(VdUser) user = user_ok ("{'id':'" USER_ID "','first_name':null,'last_name':'Hart',"
                                    "'email':'amelia@acme.test','email_verified_at':null,"
                                    "'created_at':null,'current_organization_id':null,"
                                    "'avatar_url':'https://x.test/a.png','newsletter':true,"
                                    "'settings':{'theme':'dark'},'tags':[1,2]}");

  g_assert_cmpstr (vd_user_get_first_name (user), ==, "");
  g_assert_cmpstr (vd_user_get_display_name (user), ==, "Hart");
  g_assert_null (vd_user_get_email_verified_at (user));
  g_assert_null (vd_user_get_created_at (user));
  g_assert_null (vd_user_get_current_organization_id (user));
  g_assert_false (vd_user_get_verified (user));
}

static void
test_user_strict (void)
{
  static const char * const bad[] = {
    "{'first_name':'Amelia'}",                                  /* no id */
    "{'id':'','first_name':'Amelia'}",                          /* empty id */
    "{'id':null}",                                              /* null id */
    "{'id':42}",                                                /* a number id */
    "{'id':'" USER_ID "','first_name':7}",                      /* a number for a string */
    "{'id':'" USER_ID "','email':['a@b.c']}",                   /* an array for a string */
    "{'id':'" USER_ID "','created_at':'yesterday'}",            /* a bad date */
    "{'id':'" USER_ID "','email_verified_at':1767225600}",      /* a number for a date */
    "{'id':'" USER_ID "','current_organization_id':{'id':'x'}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(VdUser) user = vd_user_new_from_json (object, &error);

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_null (user);
      assert_protocol_error (error);
    }

  /* Not an object at all */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VdUser) user = vd_user_new_from_json (NULL, &error);

    g_assert_null (user);
    assert_protocol_error (error);
  }
}

static void
test_user_update (void)
{
  g_autoptr(VdUser) user = user_ok (USER_JSON ("'Amelia'", "null"));
  g_autoptr(NotifyLog) log = notify_log_new (user);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(JsonObject) same = parse_object (USER_JSON ("'Amelia'", "null"));

    g_assert_true (vd_user_update_from_json (user, same, &error));
    g_assert_no_error (error);
    assert_notified (log, "");
  }

  {
    g_autoptr(JsonObject) renamed = parse_object (USER_JSON ("'Amy'", "null"));

    g_assert_true (vd_user_update_from_json (user, renamed, &error));
    g_assert_no_error (error);
    assert_notified (log, "display-name,first-name");
    g_assert_cmpstr (vd_user_get_display_name (user), ==, "Amy Hart");
  }

  {
    g_autoptr(JsonObject) verified = parse_object (USER_JSON ("'Amy'", "'2026-01-03T00:00:00Z'"));

    g_assert_true (vd_user_update_from_json (user, verified, &error));
    g_assert_no_error (error);
    assert_notified (log, "email-verified-at,verified");
    g_assert_true (vd_user_get_verified (user));
  }

  {
    /* The same instant written in another zone is no change */
    g_autoptr(JsonObject) same_time = parse_object (USER_JSON ("'Amy'", "'2026-01-03T01:00:00+01:00'"));

    g_assert_true (vd_user_update_from_json (user, same_time, &error));
    g_assert_no_error (error);
    assert_notified (log, "");
  }
}

static void
test_user_update_fails (void)
{
  g_autoptr(VdUser) user = user_ok (USER_JSON ("'Amelia'", "null"));
  g_autoptr(NotifyLog) log = notify_log_new (user);
  static const char * const bad[] = {
    /* Valid names first, then a bad date: nothing may change */
    "{'id':'" USER_ID "','first_name':'Amy','last_name':'Smith','created_at':'2026-13-45T00:00:00Z'}",
    "{'id':'" USER_ID "','first_name':'Amy','email_verified_at':true}",
    "{'id':'" OWNER_ID "','first_name':'Amy'}",
    "{'first_name':'Amy'}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;

      g_assert_false (vd_user_update_from_json (user, object, &error));
      assert_protocol_error (error);
      assert_notified (log, "");
      g_assert_cmpstr (vd_user_get_id (user), ==, USER_ID);
      g_assert_cmpstr (vd_user_get_first_name (user), ==, "Amelia");
      g_assert_cmpstr (vd_user_get_last_name (user), ==, "Hart");
      assert_time (vd_user_get_created_at (user), "2026-01-02T03:04:05Z");
      g_assert_null (vd_user_get_email_verified_at (user));
    }
}

/*
 * VdOrganization
 */

static VdOrganization *
organization_ok (const char *text)
{
  g_autoptr(JsonObject) object = parse_object (text);
  g_autoptr(GError) error = NULL;
  VdOrganization *organization = vd_organization_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_true (VD_IS_ORGANIZATION (organization));
  return organization;
}

static void
test_organization_parse (void)
{
  g_autoptr(VdOrganization) organization = organization_ok (ORGANIZATION_JSON ("'Acme Studios'", "'owner'", "26"));
  VdRole role;
  guint member_count;

  g_assert_cmpstr (vd_organization_get_id (organization), ==, ORG_ID);
  g_assert_cmpstr (vd_organization_get_name (organization), ==, "Acme Studios");
  g_assert_cmpstr (vd_organization_get_owner_id (organization), ==, OWNER_ID);
  g_assert_cmpint (vd_organization_get_role (organization), ==, VD_ROLE_OWNER);
  g_assert_cmpstr (vd_organization_get_role_name (organization), ==, "owner");
  g_assert_cmpuint (vd_organization_get_member_count (organization), ==, 26);
  assert_time (vd_organization_get_created_at (organization), "2026-01-01T09:00:00Z");
  assert_time (vd_organization_get_updated_at (organization), "2026-03-01T09:00:00Z");
  g_assert_true (vd_organization_get_current (organization));

  g_object_get (organization, "role", &role, "member-count", &member_count, NULL);
  g_assert_cmpint (role, ==, VD_ROLE_OWNER);
  g_assert_cmpuint (member_count, ==, 26);
}

static void
test_organization_unknown_role (void)
{
  g_autoptr(VdOrganization) organization = organization_ok (ORGANIZATION_JSON ("'Acme'", "'auditor'", "3"));
  g_autoptr(NotifyLog) log = notify_log_new (organization);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (vd_organization_get_role (organization), ==, VD_ROLE_UNKNOWN);
  g_assert_cmpstr (vd_organization_get_role_name (organization), ==, "auditor");
  g_assert_cmpstr (vd_role_get_label_for_name (vd_organization_get_role_name (organization)), ==, "auditor");

  /* One unknown role for another: still "role" that changed */
  {
    g_autoptr(JsonObject) object = parse_object (ORGANIZATION_JSON ("'Acme'", "'viewer'", "3"));

    g_assert_true (vd_organization_update_from_json (organization, object, &error));
    assert_notified (log, "role");
    g_assert_cmpstr (vd_organization_get_role_name (organization), ==, "viewer");
  }

  {
    g_autoptr(JsonObject) object = parse_object (ORGANIZATION_JSON ("'Acme'", "'admin'", "3"));

    g_assert_true (vd_organization_update_from_json (organization, object, &error));
    assert_notified (log, "role");
    g_assert_cmpint (vd_organization_get_role (organization), ==, VD_ROLE_ADMIN);
    g_assert_cmpstr (vd_organization_get_role_name (organization), ==, "admin");
  }

  {
    g_autoptr(JsonObject) object = parse_object (ORGANIZATION_JSON ("'Acme'", "null", "3"));

    g_assert_true (vd_organization_update_from_json (organization, object, &error));
    assert_notified (log, "role");
    g_assert_cmpint (vd_organization_get_role (organization), ==, VD_ROLE_UNKNOWN);
    g_assert_cmpstr (vd_organization_get_role_name (organization), ==, "");
  }
  g_assert_no_error (error);
}

static void
test_organization_strict (void)
{
  static const char * const bad[] = {
    ORGANIZATION_JSON ("'Acme'", "'owner'", "'26'"),     /* a string for member_count */
    ORGANIZATION_JSON ("'Acme'", "'owner'", "-1"),
    ORGANIZATION_JSON ("'Acme'", "'owner'", "2.5"),
    ORGANIZATION_JSON ("'Acme'", "'owner'", "true"),
    ORGANIZATION_JSON ("12", "'owner'", "26"),          /* a number where a string belongs */
    ORGANIZATION_JSON ("'Acme'", "1", "26"),            /* a number for the role */
    "{'id':'" ORG_ID "','current':'yes'}",
    "{'id':'" ORG_ID "','updated_at':'2026-02-30T00:00:00Z'}",
    "{'name':'Acme'}",
  };
  g_autoptr(VdOrganization) organization = organization_ok (ORGANIZATION_JSON ("'Acme'", "'owner'", "26"));
  g_autoptr(NotifyLog) log = notify_log_new (organization);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(VdOrganization) parsed = vd_organization_new_from_json (object, &error);

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_null (parsed);
      assert_protocol_error (error);
      g_clear_error (&error);

      g_assert_false (vd_organization_update_from_json (organization, object, &error));
      assert_protocol_error (error);
      assert_notified (log, "");
      g_assert_cmpstr (vd_organization_get_name (organization), ==, "Acme");
      g_assert_cmpuint (vd_organization_get_member_count (organization), ==, 26);
      g_assert_true (vd_organization_get_current (organization));
    }
}

static void
test_organization_update (void)
{
  g_autoptr(VdOrganization) organization = organization_ok (ORGANIZATION_JSON ("'Acme'", "'owner'", "26"));
  g_autoptr(NotifyLog) log = notify_log_new (organization);
  g_autoptr(JsonObject) renamed = parse_object (
    "{'id':'" ORG_ID "','name':'Acme Studios','owner_id':'" OWNER_ID "','role':'owner',"
    "'member_count':27,'created_at':'2026-01-01T09:00:00Z','updated_at':'2026-03-02T09:00:00Z',"
    "'current':true,'plan':'pro'}");
  g_autoptr(GError) error = NULL;

  g_assert_true (vd_organization_update_from_json (organization, renamed, &error));
  g_assert_no_error (error);
  assert_notified (log, "member-count,name,updated-at");

  g_assert_true (vd_organization_update_from_json (organization, renamed, &error));
  assert_notified (log, "");

  /* "current" is the one property the client sets itself */
  vd_organization_set_current (organization, FALSE);
  assert_notified (log, "current");
  vd_organization_set_current (organization, FALSE);
  assert_notified (log, "");
  g_object_set (organization, "current", TRUE, NULL);
  assert_notified (log, "current");
  g_assert_true (vd_organization_get_current (organization));
}

/*
 * VdProject and VdFolder
 */

static void
test_project_parse (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{'id':'" PROJECT_A "','organization_id':'" ORG_ID "','name':'Spring Campaign',"
    "'description':'Launch videos','created_at':'2026-02-01T10:00:00Z','folder_count':4,"
    "'thumbnail':null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(VdProject) project = vd_project_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (vd_project_get_id (project), ==, PROJECT_A);
  g_assert_cmpstr (vd_project_get_organization_id (project), ==, ORG_ID);
  g_assert_cmpstr (vd_project_get_name (project), ==, "Spring Campaign");
  g_assert_cmpstr (vd_project_get_description (project), ==, "Launch videos");
  assert_time (vd_project_get_created_at (project), "2026-02-01T10:00:00Z");
  g_assert_cmpuint (vd_project_get_folder_count (project), ==, 4);
}

static void
test_project_update (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{'id':'" PROJECT_A "','organization_id':'" ORG_ID "','name':'Spring Campaign',"
    "'description':null,'created_at':'2026-02-01T10:00:00Z','folder_count':4}");
  g_autoptr(GError) error = NULL;
  g_autoptr(VdProject) project = vd_project_new_from_json (object, &error);
  g_autoptr(NotifyLog) log = notify_log_new (project);

  g_assert_no_error (error);
  g_assert_cmpstr (vd_project_get_description (project), ==, "");

  {
    g_autoptr(JsonObject) more = parse_object (
      "{'id':'" PROJECT_A "','organization_id':'" ORG_ID "','name':'Spring Campaign',"
      "'description':'Now with text','created_at':'2026-02-01T10:00:00Z','folder_count':5}");

    g_assert_true (vd_project_update_from_json (project, more, &error));
    g_assert_no_error (error);
    assert_notified (log, "description,folder-count");
  }

  {
    g_autoptr(JsonObject) bad = parse_object ("{'id':'" PROJECT_A "','name':'X','folder_count':'5'}");

    g_assert_false (vd_project_update_from_json (project, bad, &error));
    assert_protocol_error (error);
    g_clear_error (&error);
    assert_notified (log, "");
    g_assert_cmpstr (vd_project_get_name (project), ==, "Spring Campaign");
  }

  {
    g_autoptr(JsonObject) other = parse_object ("{'id':'" PROJECT_B "','name':'Archive'}");

    g_assert_false (vd_project_update_from_json (project, other, &error));
    assert_protocol_error (error);
    assert_notified (log, "");
    g_assert_cmpstr (vd_project_get_id (project), ==, PROJECT_A);
  }
}

static void
test_folder_parse (void)
{
  g_autoptr(JsonObject) top = parse_object ("{'id':'" FOLDER_1 "','name':'Raw','parent_id':null}");
  g_autoptr(JsonObject) child = parse_object ("{'id':'" FOLDER_2 "','name':'Cuts','parent_id':'" FOLDER_1 "',"
                                              "'project_id':'ignored','size':12}");
  g_autoptr(GError) error = NULL;
  g_autoptr(VdFolder) folder = vd_folder_new_from_json (PROJECT_A, top, &error);
  g_autoptr(VdFolder) subfolder = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (vd_folder_get_id (folder), ==, FOLDER_1);
  g_assert_cmpstr (vd_folder_get_project_id (folder), ==, PROJECT_A);
  g_assert_cmpstr (vd_folder_get_name (folder), ==, "Raw");
  g_assert_null (vd_folder_get_parent_id (folder));

  subfolder = vd_folder_new_from_json (PROJECT_A, child, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vd_folder_get_parent_id (subfolder), ==, FOLDER_1);
  g_assert_cmpstr (vd_folder_get_project_id (subfolder), ==, PROJECT_A);
}

static void
test_folder_update (void)
{
  g_autoptr(JsonObject) object = parse_object ("{'id':'" FOLDER_2 "','name':'Cuts','parent_id':'" FOLDER_1 "'}");
  g_autoptr(GError) error = NULL;
  g_autoptr(VdFolder) folder = vd_folder_new_from_json (PROJECT_A, object, &error);
  g_autoptr(NotifyLog) log = notify_log_new (folder);

  g_assert_no_error (error);

  {
    g_autoptr(JsonObject) moved = parse_object ("{'id':'" FOLDER_2 "','name':'Cuts','parent_id':null}");

    g_assert_true (vd_folder_update_from_json (folder, moved, &error));
    assert_notified (log, "parent-id");
    g_assert_null (vd_folder_get_parent_id (folder));
  }

  {
    g_autoptr(JsonObject) bad = parse_object ("{'id':'" FOLDER_2 "','name':'Final','parent_id':5}");

    g_assert_false (vd_folder_update_from_json (folder, bad, &error));
    assert_protocol_error (error);
    g_clear_error (&error);
    assert_notified (log, "");
    g_assert_cmpstr (vd_folder_get_name (folder), ==, "Cuts");
  }

  {
    g_autoptr(JsonObject) bad = parse_object ("{'id':3,'name':'Cuts'}");
    g_autoptr(VdFolder) none = vd_folder_new_from_json (PROJECT_A, bad, &error);

    g_assert_null (none);
    assert_protocol_error (error);
  }
}

/*
 * VdMember
 */

static VdMember *
member_ok (const char *text)
{
  g_autoptr(JsonObject) object = parse_object (text);
  g_autoptr(GError) error = NULL;
  VdMember *member = vd_member_new_from_json (ORG_ID, object, &error);

  g_assert_no_error (error);
  g_assert_true (VD_IS_MEMBER (member));
  return member;
}

static gboolean
member_update (VdMember   *member,
               const char *text)
{
  g_autoptr(JsonObject) object = parse_object (text);
  g_autoptr(GError) error = NULL;
  gboolean ok = vd_member_update_from_json (member, object, &error);

  g_assert_no_error (error);
  return ok;
}

static void
test_member_parse (void)
{
  g_autoptr(VdMember) member = member_ok (MEMBER_DEFAULT);
  VdPermissions *permissions = vd_member_get_permissions (member);
  g_autoptr(VdPermissions) from_property = NULL;
  VdGrant *grant;

  g_assert_cmpstr (vd_member_get_id (member), ==, MEMBER_ID);
  g_assert_cmpstr (vd_member_get_organization_id (member), ==, ORG_ID);
  g_assert_cmpstr (vd_member_get_user_id (member), ==, USER_ID);
  g_assert_cmpstr (vd_member_get_first_name (member), ==, "Aiko");
  g_assert_cmpstr (vd_member_get_last_name (member), ==, "Sato");
  g_assert_cmpstr (vd_member_get_email (member), ==, "aiko1@acme.test");
  g_assert_cmpint (vd_member_get_role (member), ==, VD_ROLE_MEMBER);
  g_assert_cmpstr (vd_member_get_role_name (member), ==, "member");
  assert_time (vd_member_get_joined_at (member), "2026-02-03T10:00:00Z");
  g_assert_cmpstr (vd_member_get_display_name (member), ==, "Aiko Sato");
  g_assert_cmpstr (vd_member_get_search_text (member), ==, "aiko sato aiko1@acme.test");

  g_assert_true (VD_IS_PERMISSIONS (permissions));
  g_assert_cmpstr (vd_permissions_get_organization_id (permissions), ==, ORG_ID);
  g_assert_true (vd_permissions_get_billing (permissions));
  g_assert_false (vd_permissions_get_api (permissions));
  grant = vd_permissions_lookup_grant (permissions, PROJECT_A);
  g_assert_nonnull (grant);
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_FULL);

  g_object_get (member, "permissions", &from_property, NULL);
  g_assert_true (from_property == permissions);
}

static void
test_member_tolerant (void)
{
  g_autoptr(VdMember) member = member_ok (
    "{'id':'" MEMBER_ID "','user_id':null,'first_name':null,'last_name':null,"
    "'email':'aiko1@acme.test','role':null,'joined_at':null,'avatar':'x.png','invited_by':{'id':'x'},"
    "'permissions':["
    "  {'entity_id':'" PROJECT_A "','entity_type':'project','name':'custom','action':'',"
    "   'permission':[{'name':'folder','action':'custom',"
    "                  'folders':[{'folder_id':'" FOLDER_1 "','action':'read','note':'x'}]},"
    "                 {'name':'livestreams','action':'read+write','extra':1}]},"
    "  {'entity_id':'" ORG_ID "','entity_type':'organization','name':'api','action':'write+read','permission':[]}]}");
  VdPermissions *permissions = vd_member_get_permissions (member);
  VdGrant *grant = vd_permissions_lookup_grant (permissions, PROJECT_A);

  g_assert_cmpstr (vd_member_get_user_id (member), ==, "");
  g_assert_cmpstr (vd_member_get_first_name (member), ==, "");
  g_assert_cmpstr (vd_member_get_display_name (member), ==, "aiko1@acme.test");
  g_assert_cmpstr (vd_member_get_search_text (member), ==, "aiko1@acme.test");
  g_assert_cmpint (vd_member_get_role (member), ==, VD_ROLE_UNKNOWN);
  g_assert_cmpstr (vd_member_get_role_name (member), ==, "");
  g_assert_null (vd_member_get_joined_at (member));

  g_assert_true (vd_permissions_get_api (permissions));
  g_assert_nonnull (grant);
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_CUSTOM);
  g_assert_true (vd_grant_get_folders_custom (grant));
  g_assert_cmpuint (vd_grant_get_folder_rights (grant, FOLDER_1), ==, VD_RIGHTS_READ);
  g_assert_cmpuint (vd_grant_get_rights (grant, VD_RESOURCE_LIVESTREAMS), ==,
                    VD_RIGHTS_WRITE | VD_RIGHTS_READ);

  /* No permissions at all, or null: no grants */
  {
    g_autoptr(VdMember) bare = member_ok ("{'id':'" MEMBER_ID "','permissions':null}");
    g_auto(GStrv) ids = vd_permissions_dup_project_ids (vd_member_get_permissions (bare));

    g_assert_cmpuint (g_strv_length (ids), ==, 0);
    g_assert_false (vd_permissions_get_billing (vd_member_get_permissions (bare)));
  }
}

static void
test_member_strict (void)
{
  static const char * const bad[] = {
    MEMBER_JSON ("'Aiko'", "'member'", "'2026-02-03T10:00:00Z'", "{}"),            /* grants not an array */
    MEMBER_JSON ("'Aiko'", "'member'", "'2026-02-03T10:00:00Z'", "'[]'"),          /* … a string */
    MEMBER_JSON ("'Aiko'", "'member'", "'2026-02-03T10:00:00Z'",
                 "[" FULL_GRANT (PROJECT_A, "write+delete") "]"),                  /* a bad action */
    MEMBER_JSON ("'Aiko'", "'member'", "'2026-02-03T10:00:00Z'",
                 "[{'entity_id':'" OTHER_ORG_ID "','entity_type':'organizations','name':'billing',"
                 "'action':'write+read'}]"),                                       /* another organization */
    MEMBER_JSON ("'Aiko'", "'member'", "'2026-02-03T10:00:00Z'",
                 "[" FULL_GRANT (PROJECT_A, "write+read") "," FULL_GRANT (PROJECT_A, "write+read") "]"),
    MEMBER_JSON ("42", "'member'", "'2026-02-03T10:00:00Z'", "[]"),               /* a number for a name */
    MEMBER_JSON ("'Aiko'", "2", "'2026-02-03T10:00:00Z'", "[]"),                  /* a number for the role */
    MEMBER_JSON ("'Aiko'", "'member'", "'03/02/2026'", "[]"),                     /* a bad date */
    MEMBER_JSON ("'Aiko'", "'member'", "false", "[]"),
    "{'user_id':'" USER_ID "','email':'aiko1@acme.test'}",                         /* no id */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(VdMember) member = vd_member_new_from_json (ORG_ID, object, &error);

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_null (member);
      assert_protocol_error (error);
    }
}

static void
test_member_update_role (void)
{
  g_autoptr(VdMember) member = member_ok (MEMBER_DEFAULT);
  VdPermissions *permissions = vd_member_get_permissions (member);
  g_autoptr(NotifyLog) log = notify_log_new (member);
  g_autoptr(NotifyLog) permissions_log = notify_log_new (permissions);

  g_assert_true (member_update (member, MEMBER_JSON ("'Aiko'", "'admin'", "'2026-02-03T10:00:00Z'",
                                                     MEMBER_GRANTS)));
  g_assert_cmpuint (log->names->len, ==, 1);
  assert_notified (log, "role");
  assert_notified (permissions_log, "");
  g_assert_cmpint (vd_member_get_role (member), ==, VD_ROLE_ADMIN);
  g_assert_true (vd_member_get_permissions (member) == permissions);
}

static void
test_member_update_name (void)
{
  g_autoptr(VdMember) member = member_ok (MEMBER_DEFAULT);
  g_autoptr(NotifyLog) log = notify_log_new (member);

  g_assert_true (member_update (member, MEMBER_JSON ("'Ángela'", "'member'", "'2026-02-03T10:00:00Z'",
                                                     MEMBER_GRANTS)));
  assert_notified (log, "display-name,first-name,search-text");
  g_assert_cmpstr (vd_member_get_display_name (member), ==, "Ángela Sato");
  g_assert_cmpstr (vd_member_get_search_text (member), ==, "ángela sato aiko1@acme.test");
}

static void
test_member_update_identical (void)
{
  g_autoptr(VdMember) member = member_ok (MEMBER_DEFAULT);
  g_autoptr(NotifyLog) log = notify_log_new (member);
  g_autoptr(NotifyLog) permissions_log = notify_log_new (vd_member_get_permissions (member));
  g_autoptr(NotifyLog) grant_log =
    notify_log_new (vd_permissions_lookup_grant (vd_member_get_permissions (member), PROJECT_A));

  /* Identical, and identical in meaning (grants in another order, singular
   * entity types, unknown members) */
  g_assert_true (member_update (member, MEMBER_DEFAULT));
  g_assert_true (member_update (member, MEMBER_JSON (
    "'Aiko'", "'member'", "'2026-02-03T11:00:00+01:00'",
    "[{'entity_id':'" ORG_ID "','entity_type':'organization','name':'billing','action':'read+write'},"
    " {'entity_id':'" PROJECT_A "','entity_type':'project','name':'full-access','action':'delete+read+write'}]")));

  assert_notified (log, "");
  assert_notified (permissions_log, "");
  assert_notified (grant_log, "");
}

static void
test_member_update_grants (void)
{
  g_autoptr(VdMember) member = member_ok (MEMBER_DEFAULT);
  VdPermissions *permissions = vd_member_get_permissions (member);
  VdGrant *grant = vd_permissions_lookup_grant (permissions, PROJECT_A);
  g_autoptr(NotifyLog) log = notify_log_new (member);
  g_autoptr(NotifyLog) permissions_log = notify_log_new (permissions);
  g_autoptr(NotifyLog) grant_log = notify_log_new (grant);

  /* Billing revoked, API granted: on the same VdPermissions, not on the member */
  g_assert_true (member_update (member, MEMBER_JSON ("'Aiko'", "'member'", "'2026-02-03T10:00:00Z'",
                                                     "[" FULL_GRANT (PROJECT_A, "write+read+delete") ","
                                                     API_GRANT ("write+read") "]")));
  g_assert_true (vd_member_get_permissions (member) == permissions);
  assert_notified (log, "");
  assert_notified (permissions_log, "api,billing");
  assert_notified (grant_log, "");

  /* A project's access: on the same grant object */
  g_assert_true (member_update (member, MEMBER_JSON ("'Aiko'", "'member'", "'2026-02-03T10:00:00Z'",
                                                     "[" FULL_GRANT (PROJECT_A, "write+read") ","
                                                     API_GRANT ("write+read") "]")));
  g_assert_true (vd_permissions_lookup_grant (permissions, PROJECT_A) == grant);
  assert_notified (log, "");
  assert_notified (permissions_log, "");
  assert_notified (grant_log, "access");
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_FULL_NO_DELETE);

  /* The grant taken away: the same object goes to no access */
  g_assert_true (member_update (member, MEMBER_JSON ("'Aiko'", "'member'", "'2026-02-03T10:00:00Z'",
                                                     "[" API_GRANT ("write+read") "]")));
  assert_notified (grant_log, "access");
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_NONE);
  assert_notified (log, "");
}

/* VdMember::changed: once for what a member's update notified together,
 * once for a change of its permissions (a property, or which projects it
 * has: also a swap that leaves the count), never for an identical update */
static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
test_member_changed (void)
{
  g_autoptr(VdMember) member = member_ok (MEMBER_DEFAULT);
  g_autoptr(VdPermissions) permissions = g_object_ref (vd_member_get_permissions (member));
  guint changed = 0;

  g_signal_connect (member, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_true (member_update (member, MEMBER_DEFAULT));
  g_assert_cmpuint (changed, ==, 0);

  /* Name and role together */
  g_assert_true (member_update (member, MEMBER_JSON ("'Ana'", "'admin'", "'2026-02-03T10:00:00Z'", MEMBER_GRANTS)));
  g_assert_cmpuint (changed, ==, 1);

  /* The permissions, directly */
  vd_permissions_set_billing (permissions, FALSE);
  g_assert_cmpuint (changed, ==, 2);

  /* Project A swapped for B: the count stays, the projects change */
  g_assert_true (member_update (member, MEMBER_JSON ("'Ana'", "'admin'", "'2026-02-03T10:00:00Z'",
                                                     "[" FULL_GRANT (PROJECT_B, "write+read+delete") "]")));
  g_assert_cmpuint (vd_permissions_get_n_projects (permissions), ==, 1);
  g_assert_cmpuint (changed, ==, 3);

  /* A project more, with billing back: one update of the permissions */
  g_assert_true (member_update (member, MEMBER_JSON ("'Ana'", "'admin'", "'2026-02-03T10:00:00Z'",
                                                     "[" FULL_GRANT (PROJECT_A, "write+read") ","
                                                     FULL_GRANT (PROJECT_B, "write+read+delete") ","
                                                     BILLING_GRANT ("write+read") "]")));
  g_assert_cmpuint (vd_permissions_get_n_projects (permissions), ==, 2);
  g_assert_cmpuint (changed, ==, 4);

  /* Permissions that outlive their member tell nobody */
  g_clear_object (&member);
  vd_permissions_set_api (permissions, TRUE);
  g_assert_true (vd_permissions_get_api (permissions));
}

static void
test_member_update_fails (void)
{
  g_autoptr(VdMember) member = member_ok (MEMBER_DEFAULT);
  VdPermissions *permissions = vd_member_get_permissions (member);
  g_autoptr(NotifyLog) log = notify_log_new (member);
  g_autoptr(NotifyLog) permissions_log = notify_log_new (permissions);
  static const char * const bad[] = {
    /* Everything changes, but the date is bad */
    MEMBER_JSON ("'Ana'", "'admin'", "'not a date'", "[" API_GRANT ("write+read") "]"),
    /* Everything changes, but a grant is bad */
    MEMBER_JSON ("'Ana'", "'admin'", "'2026-02-04T10:00:00Z'",
                 "[" API_GRANT ("write+read") ",{'entity_type':'projects','name':'full-access'}]"),
    MEMBER_JSON ("'Ana'", "'admin'", "'2026-02-04T10:00:00Z'", "[" API_GRANT ("read") "]"),
    /* Another member */
    "{'id':'" USER_ID "','first_name':'Ana','role':'admin'}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_false (vd_member_update_from_json (member, object, &error));
      assert_protocol_error (error);

      assert_notified (log, "");
      assert_notified (permissions_log, "");
      g_assert_cmpstr (vd_member_get_first_name (member), ==, "Aiko");
      g_assert_cmpstr (vd_member_get_display_name (member), ==, "Aiko Sato");
      g_assert_cmpint (vd_member_get_role (member), ==, VD_ROLE_MEMBER);
      assert_time (vd_member_get_joined_at (member), "2026-02-03T10:00:00Z");
      g_assert_true (vd_member_get_permissions (member) == permissions);
      g_assert_true (vd_permissions_get_billing (permissions));
      g_assert_false (vd_permissions_get_api (permissions));
    }
}

static void
test_member_search_text (void)
{
  g_autoptr(VdMember) member = member_ok ("{'id':'" MEMBER_ID "','first_name':'ÅSA','last_name':'Straße',"
                                          "'email':'Asa.Strasse@Example.COM'}");
  g_autoptr(NotifyLog) log = notify_log_new (member);

  /* Case-folded: ß folds to ss, upper case to lower */
  g_assert_cmpstr (vd_member_get_search_text (member), ==, "åsa strasse asa.strasse@example.com");
  g_assert_cmpstr (vd_member_get_display_name (member), ==, "ÅSA Straße");

  /* Changing the email: the display name stays, the search text follows */
  g_assert_true (member_update (member, "{'id':'" MEMBER_ID "','first_name':'ÅSA','last_name':'Straße',"
                                        "'email':'asa@example.com'}"));
  assert_notified (log, "email,search-text");
  g_assert_cmpstr (vd_member_get_search_text (member), ==, "åsa strasse asa@example.com");

  /* Only the case of the email changes: the search text stays */
  g_assert_true (member_update (member, "{'id':'" MEMBER_ID "','first_name':'ÅSA','last_name':'Straße',"
                                        "'email':'ASA@example.com'}"));
  assert_notified (log, "email");
}

static void
test_member_unknown_role (void)
{
  g_autoptr(VdMember) member = member_ok (MEMBER_JSON ("'Aiko'", "'auditor'", "null", "[]"));
  g_autoptr(NotifyLog) log = notify_log_new (member);

  g_assert_cmpint (vd_member_get_role (member), ==, VD_ROLE_UNKNOWN);
  g_assert_cmpstr (vd_member_get_role_name (member), ==, "auditor");

  g_assert_true (member_update (member, MEMBER_JSON ("'Aiko'", "'auditor'", "null", "[]")));
  assert_notified (log, "");

  g_assert_true (member_update (member, MEMBER_JSON ("'Aiko'", "'billing_manager'", "null", "[]")));
  assert_notified (log, "role");
  g_assert_cmpstr (vd_member_get_role_name (member), ==, "billing_manager");

  g_assert_true (member_update (member, MEMBER_JSON ("'Aiko'", "'owner'", "null", "[]")));
  assert_notified (log, "role");
  g_assert_cmpint (vd_member_get_role (member), ==, VD_ROLE_OWNER);
}

/*
 * VdInvitation
 */

static VdInvitation *
invitation_ok (const char *organization_id,
               const char *text)
{
  g_autoptr(JsonObject) object = parse_object (text);
  g_autoptr(GError) error = NULL;
  VdInvitation *invitation = vd_invitation_new_from_json (organization_id, object, &error);

  g_assert_no_error (error);
  g_assert_true (VD_IS_INVITATION (invitation));
  return invitation;
}

static void
test_invitation_parse (void)
{
  g_autoptr(VdInvitation) invitation = invitation_ok (ORG_ID, INVITATION_JSON ("'pending'", INVITER, "null", ""));
  VdGrant *grant;

  g_assert_cmpstr (vd_invitation_get_id (invitation), ==, INVITATION_ID);
  g_assert_cmpstr (vd_invitation_get_email (invitation), ==, "new.editor@example.com");
  g_assert_cmpint (vd_invitation_get_role (invitation), ==, VD_ROLE_MEMBER);
  g_assert_cmpint (vd_invitation_get_status (invitation), ==, VD_INVITATION_STATUS_PENDING);
  g_assert_cmpstr (vd_invitation_get_status_name (invitation), ==, "pending");
  g_assert_cmpstr (vd_invitation_get_inviter_name (invitation), ==, "Bruno Díaz");
  g_assert_cmpstr (vd_invitation_get_inviter_email (invitation), ==, "bruno@acme.test");
  assert_time (vd_invitation_get_created_at (invitation), "2026-04-01T08:00:00Z");
  assert_time (vd_invitation_get_expires_at (invitation), "2026-04-08T08:00:00Z");
  g_assert_null (vd_invitation_get_responded_at (invitation));
  g_assert_cmpstr (vd_invitation_get_organization_id (invitation), ==, ORG_ID);
  g_assert_cmpstr (vd_invitation_get_organization_name (invitation), ==, "");
  g_assert_null (vd_invitation_get_token (invitation));

  grant = vd_permissions_lookup_grant (vd_invitation_get_permissions (invitation), PROJECT_A);
  g_assert_nonnull (grant);
  g_assert_cmpint (vd_grant_get_access (grant), ==, VD_ACCESS_FULL_NO_DELETE);
}

static void
test_invitation_received (void)
{
  /* GET /members/invitations/received: another organization's, with its
   * token; the grants name that organization */
  g_autoptr(VdInvitation) invitation = invitation_ok (NULL,
    "{'id':'" INVITATION_ID "','email':'owner@acme.test','role':'admin','status':'pending',"
    "'permissions':[{'entity_id':'" OTHER_ORG_ID "','entity_type':'organizations','name':'billing',"
    "                'action':'write+read','permission':[]}],"
    "'invited_by':{'id':'" OWNER_ID "','first_name':'Nora','last_name':'Lind','email':'nora@northwind.test'},"
    "'created_at':'2026-04-01T08:00:00Z','expires_at':'2026-04-08T08:00:00Z','responded_at':null,"
    "'organization':{'id':'" OTHER_ORG_ID "','name':'Northwind Media'},'token':'vdi_c2VjcmV0'}");
  g_autoptr(NotifyLog) log = notify_log_new (invitation);

  g_assert_cmpstr (vd_invitation_get_organization_id (invitation), ==, OTHER_ORG_ID);
  g_assert_cmpstr (vd_invitation_get_organization_name (invitation), ==, "Northwind Media");
  g_assert_cmpstr (vd_invitation_get_token (invitation), ==, "vdi_c2VjcmV0");
  g_assert_cmpint (vd_invitation_get_role (invitation), ==, VD_ROLE_ADMIN);
  g_assert_true (vd_permissions_get_billing (vd_invitation_get_permissions (invitation)));
  g_assert_cmpstr (vd_permissions_get_organization_id (vd_invitation_get_permissions (invitation)), ==,
                   OTHER_ORG_ID);

  /* The reject answer: no token, the organization again, now rejected */
  {
    g_autoptr(JsonObject) object = parse_object (
      "{'id':'" INVITATION_ID "','email':'owner@acme.test','role':'admin','status':'rejected',"
      "'permissions':[{'entity_id':'" OTHER_ORG_ID "','entity_type':'organizations','name':'billing',"
      "                'action':'write+read','permission':[]}],"
      "'invited_by':{'id':'" OWNER_ID "','first_name':'Nora','last_name':'Lind','email':'nora@northwind.test'},"
      "'created_at':'2026-04-01T08:00:00Z','expires_at':'2026-04-08T08:00:00Z',"
      "'responded_at':'2026-04-02T08:00:00Z','organization':{'id':'" OTHER_ORG_ID "','name':'Northwind Media'}}");
    g_autoptr(GError) error = NULL;

    g_assert_true (vd_invitation_update_from_json (invitation, object, &error));
    g_assert_no_error (error);
    assert_notified (log, "responded-at,status");
    g_assert_cmpstr (vd_invitation_get_token (invitation), ==, "vdi_c2VjcmV0");
  }

  /* Neither an organization id nor `organization`: whose is it? */
  {
    g_autoptr(JsonObject) object = parse_object (INVITATION_JSON ("'pending'", INVITER, "null", ""));
    g_autoptr(GError) error = NULL;
    g_autoptr(VdInvitation) orphan = vd_invitation_new_from_json (NULL, object, &error);

    g_assert_null (orphan);
    assert_protocol_error (error);
  }
}

static void
test_invitation_inviter_null (void)
{
  g_autoptr(VdInvitation) invitation = invitation_ok (ORG_ID, INVITATION_JSON ("'pending'", "null", "null", ""));
  g_autoptr(NotifyLog) log = notify_log_new (invitation);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (vd_invitation_get_inviter_name (invitation), ==, "");
  g_assert_cmpstr (vd_invitation_get_inviter_email (invitation), ==, "");

  {
    g_autoptr(JsonObject) object = parse_object (INVITATION_JSON ("'pending'",
      "{'id':'" OWNER_ID "','first_name':'','last_name':'','email':'bruno@acme.test'}", "null", ""));

    g_assert_true (vd_invitation_update_from_json (invitation, object, &error));
    assert_notified (log, "inviter-email,inviter-name");
    g_assert_cmpstr (vd_invitation_get_inviter_name (invitation), ==, "bruno@acme.test");
  }

  {
    g_autoptr(JsonObject) object = parse_object (INVITATION_JSON ("'pending'", "null", "null", ""));

    g_assert_true (vd_invitation_update_from_json (invitation, object, &error));
    assert_notified (log, "inviter-email,inviter-name");
  }
  g_assert_no_error (error);
}

static void
test_invitation_update (void)
{
  g_autoptr(VdInvitation) invitation = invitation_ok (ORG_ID, INVITATION_JSON ("'pending'", INVITER, "null", ""));
  VdPermissions *permissions = vd_invitation_get_permissions (invitation);
  g_autoptr(NotifyLog) log = notify_log_new (invitation);
  g_autoptr(NotifyLog) permissions_log = notify_log_new (permissions);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(JsonObject) same = parse_object (INVITATION_JSON ("'pending'", INVITER, "null", ",'extra':1"));

    g_assert_true (vd_invitation_update_from_json (invitation, same, &error));
    assert_notified (log, "");
  }

  {
    g_autoptr(JsonObject) revoked = parse_object (INVITATION_JSON ("'revoked'", INVITER,
                                                                   "'2026-04-02T09:30:00Z'", ""));

    g_assert_true (vd_invitation_update_from_json (invitation, revoked, &error));
    assert_notified (log, "responded-at,status");
    g_assert_cmpint (vd_invitation_get_status (invitation), ==, VD_INVITATION_STATUS_REVOKED);
    assert_time (vd_invitation_get_responded_at (invitation), "2026-04-02T09:30:00Z");
  }

  {
    /* A status from a newer server */
    g_autoptr(JsonObject) future = parse_object (INVITATION_JSON ("'on_hold'", INVITER,
                                                                  "'2026-04-02T09:30:00Z'", ""));

    g_assert_true (vd_invitation_update_from_json (invitation, future, &error));
    assert_notified (log, "status");
    g_assert_cmpint (vd_invitation_get_status (invitation), ==, VD_INVITATION_STATUS_UNKNOWN);
    g_assert_cmpstr (vd_invitation_get_status_name (invitation), ==, "on_hold");
  }

  {
    g_autoptr(JsonObject) regranted = parse_object (
      "{'id':'" INVITATION_ID "','email':'new.editor@example.com','role':'member','status':'on_hold',"
      "'permissions':[" FULL_GRANT (PROJECT_A, "write+read+delete") "],'invited_by':" INVITER ","
      "'created_at':'2026-04-01T08:00:00Z','expires_at':'2026-04-08T08:00:00Z',"
      "'responded_at':'2026-04-02T09:30:00Z'}");

    g_assert_true (vd_invitation_update_from_json (invitation, regranted, &error));
    assert_notified (log, "");
    assert_notified (permissions_log, "");
    g_assert_true (vd_invitation_get_permissions (invitation) == permissions);
    g_assert_cmpint (vd_grant_get_access (vd_permissions_lookup_grant (permissions, PROJECT_A)), ==,
                     VD_ACCESS_FULL);
  }
  g_assert_no_error (error);
}

static void
test_invitation_strict (void)
{
  static const char * const bad[] = {
    INVITATION_JSON ("'pending'", "'Bruno'", "null", ""),                     /* invited_by a string */
    INVITATION_JSON ("'pending'", "{'first_name':1}", "null", ""),
    INVITATION_JSON ("3", INVITER, "null", ""),                               /* status a number */
    INVITATION_JSON ("'pending'", INVITER, "'soon'", ""),                     /* a bad date */
    INVITATION_JSON ("'pending'", INVITER, "null", ",'token':5"),
    INVITATION_JSON ("'pending'", INVITER, "null", ",'organization':'Acme'"),
    INVITATION_JSON ("'pending'", INVITER, "null",
                     ",'organization':{'id':'" OTHER_ORG_ID "','name':'Northwind'}"), /* another organization */
    "{'id':'" INVITATION_ID "','permissions':true}",
    "{'email':'new.editor@example.com'}",
  };
  g_autoptr(VdInvitation) invitation = invitation_ok (ORG_ID, INVITATION_JSON ("'pending'", INVITER, "null", ""));
  g_autoptr(NotifyLog) log = notify_log_new (invitation);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(VdInvitation) parsed = vd_invitation_new_from_json (ORG_ID, object, &error);

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_null (parsed);
      assert_protocol_error (error);
      g_clear_error (&error);

      g_assert_false (vd_invitation_update_from_json (invitation, object, &error));
      assert_protocol_error (error);
      assert_notified (log, "");
      g_assert_cmpint (vd_invitation_get_status (invitation), ==, VD_INVITATION_STATUS_PENDING);
      g_assert_cmpstr (vd_invitation_get_inviter_name (invitation), ==, "Bruno Díaz");
      g_assert_cmpstr (vd_invitation_get_organization_id (invitation), ==, ORG_ID);
    }
}

/*
 * VdAuditEntry
 */

static VdAuditEntry *
entry_ok (const char *text)
{
  g_autoptr(JsonObject) object = parse_object (text);
  g_autoptr(GError) error = NULL;
  VdAuditEntry *entry = vd_audit_entry_new_from_json (ORG_ID, object, &error);

  g_assert_no_error (error);
  g_assert_true (VD_IS_AUDIT_ENTRY (entry));
  return entry;
}

static void
assert_summary (const char *actor,
                const char *action,
                const char *metadata,
                const char *expected)
{
  g_autofree char *text = g_strdup_printf (
    "{'id':'" ENTRY_ID "','actor':%s,'action':'%s','entity_type':'x','entity_id':'y','metadata':%s,"
    "'ip_address':'127.0.0.1','created_at':'2026-05-01T12:00:00Z'}", actor, action, metadata);
  g_autoptr(VdAuditEntry) entry = entry_ok (text);
  g_autofree char *summary = vd_audit_entry_dup_summary (entry);
  g_autoptr(GPtrArray) changes = NULL;

  g_assert_cmpstr (summary, ==, expected);

  /* Only member.updated has changes to list */
  if (!g_str_equal (action, "member.updated"))
    {
      changes = vd_audit_entry_dup_changes (entry, project_name_cb, folder_name_cb, NULL);
      g_assert_cmpuint (changes->len, ==, 0);
    }
}

static void
test_audit_parse (void)
{
  g_autoptr(VdAuditEntry) entry = entry_ok (AUDIT_JSON (AMELIA, "member.removed",
    "{'user_id':'" USER_ID "','email':'aiko1@acme.test','role':'member','left':false}"));
  JsonNode *metadata = vd_audit_entry_get_metadata (entry);
  g_autoptr(JsonNode) from_property = NULL;

  g_assert_cmpstr (vd_audit_entry_get_id (entry), ==, ENTRY_ID);
  g_assert_cmpstr (vd_audit_entry_get_actor_id (entry), ==, OWNER_ID);
  g_assert_cmpstr (vd_audit_entry_get_actor_name (entry), ==, "Amelia Hart");
  g_assert_cmpstr (vd_audit_entry_get_actor_email (entry), ==, "amelia@acme.test");
  g_assert_cmpstr (vd_audit_entry_get_action (entry), ==, "member.removed");
  g_assert_cmpstr (vd_audit_entry_get_entity_type (entry), ==, "member");
  g_assert_cmpstr (vd_audit_entry_get_entity_id (entry), ==, MEMBER_ID);
  g_assert_cmpstr (vd_audit_entry_get_ip_address (entry), ==, "127.0.0.1");
  assert_time (vd_audit_entry_get_created_at (entry), "2026-05-01T12:00:00Z");

  g_assert_nonnull (metadata);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (metadata));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (metadata), "email"), ==,
                   "aiko1@acme.test");

  g_object_get (entry, "metadata", &from_property, NULL);
  g_assert_true (json_node_equal (from_property, metadata));
}

static void
test_audit_actor_null (void)
{
  g_autoptr(VdAuditEntry) entry = entry_ok (AUDIT_JSON ("null", "project.created", "null"));
  g_autofree char *summary = vd_audit_entry_dup_summary (entry);

  g_assert_cmpstr (vd_audit_entry_get_actor_id (entry), ==, "");
  g_assert_cmpstr (vd_audit_entry_get_actor_name (entry), ==, "");
  g_assert_cmpstr (vd_audit_entry_get_actor_email (entry), ==, "");
  g_assert_null (vd_audit_entry_get_metadata (entry));
  g_assert_cmpstr (summary, ==, "Someone created a project");

  /* An actor without names is named by their email */
  assert_summary ("{'id':'" OWNER_ID "','first_name':'','last_name':'','email':'amelia@acme.test'}",
                  "invitation.rejected", "{}", "amelia@acme.test rejected an invitation");
}

static void
test_audit_summary_organization (void)
{
  assert_summary (AMELIA, "organization.created", "{'name':'Acme Studios'}",
                  "Amelia Hart created the organization “Acme Studios”");
  assert_summary (AMELIA, "organization.created", "{}",
                  "Amelia Hart created the organization");
  assert_summary (AMELIA, "organization.updated", "{'before':{'name':'A'},'after':{'name':'B'}}",
                  "Amelia Hart renamed the organization from “A” to “B”");
  assert_summary (AMELIA, "organization.updated", "{'before':{'name':7},'after':{'name':'B'}}",
                  "Amelia Hart updated the organization");
  assert_summary (AMELIA, "organization.ownership_transferred",
                  "{'from_user_id':'" OWNER_ID "','to_user_id':'" USER_ID "','to_member_id':'" MEMBER_ID "'}",
                  "Amelia Hart transferred the ownership of the organization");
}

static void
test_audit_summary_project (void)
{
  assert_summary (AMELIA, "project.created", "{'name':'Spring Campaign'}",
                  "Amelia Hart created the project “Spring Campaign”");
  assert_summary (AMELIA, "project.created", "{'name':['x']}",
                  "Amelia Hart created a project");
}

static void
test_audit_summary_member (void)
{
  const char *bruno = "{'id':'" USER_ID "','first_name':'Bruno','last_name':'Díaz','email':'bruno@acme.test'}";

  assert_summary (bruno, "member.invited",
                  "{'email':'new.editor@example.com','role':'member','permissions':[]}",
                  "Bruno Díaz invited new.editor@example.com");
  assert_summary (bruno, "member.invited", "{}", "Bruno Díaz sent an invitation");
  assert_summary (AMELIA, "member.removed",
                  "{'user_id':'" USER_ID "','email':'aiko1@acme.test','role':'member','left':false}",
                  "Amelia Hart removed aiko1@acme.test");
  assert_summary ("{'id':'" USER_ID "','first_name':'Aiko','last_name':'Sato','email':'aiko1@acme.test'}",
                  "member.removed",
                  "{'user_id':'" USER_ID "','email':'aiko1@acme.test','role':'member','left':true}",
                  "Aiko Sato left the organization");
  assert_summary (AMELIA, "member.removed", "{}", "Amelia Hart removed a member");

  assert_summary (AMELIA, "member.updated",
                  "{'before':{'role':'member','permissions':[]},'after':{'role':'admin','permissions':[]}}",
                  "Amelia Hart changed a member’s role from member to admin");
  assert_summary (AMELIA, "member.updated",
                  "{'before':{'role':'member','permissions':[]},"
                  " 'after':{'role':'member','permissions':[" BILLING_GRANT ("write+read") "]}}",
                  "Amelia Hart changed a member’s permissions");
  assert_summary (AMELIA, "member.updated",
                  "{'before':{'role':'member','permissions':[" FULL_GRANT (PROJECT_A, "write+read") "]},"
                  " 'after':{'role':'admin','permissions':[]}}",
                  "Amelia Hart changed a member’s role and permissions");
  /* The same grants written differently are no change */
  assert_summary (AMELIA, "member.updated",
                  "{'before':{'role':'admin','permissions':[" BILLING_GRANT ("write+read") "]},"
                  " 'after':{'role':'admin','permissions':[{'entity_id':'" ORG_ID "',"
                  "'entity_type':'organization','name':'billing','action':'read+write'}]}}",
                  "Amelia Hart updated a member");
  assert_summary (AMELIA, "member.updated", "null", "Amelia Hart updated a member");
}

static void
test_audit_summary_invitation (void)
{
  assert_summary (AMELIA, "invitation.resent", "{}", "Amelia Hart resent an invitation");
  assert_summary (AMELIA, "invitation.resent", "{'email':'new.editor@example.com'}",
                  "Amelia Hart resent the invitation to new.editor@example.com");
  assert_summary (AMELIA, "invitation.revoked", "{}", "Amelia Hart revoked an invitation");
  assert_summary (AMELIA, "invitation.revoked", "{'email':'new.editor@example.com'}",
                  "Amelia Hart revoked the invitation to new.editor@example.com");
  assert_summary (AMELIA, "invitation.accepted", "{}", "Amelia Hart accepted an invitation and joined");
  assert_summary (AMELIA, "invitation.rejected", "{}", "Amelia Hart rejected an invitation");
}

static void
test_audit_summary_api_key (void)
{
  assert_summary (AMELIA, "api_key.created", "{'name':'Player embed'}",
                  "Amelia Hart created the API key “Player embed”");
  assert_summary (AMELIA, "api_key.created", "{}", "Amelia Hart created an API key");
  assert_summary (AMELIA, "api_key.deleted", "{'name':'Player embed'}",
                  "Amelia Hart deleted the API key “Player embed”");
  assert_summary (AMELIA, "api_key.deleted", "null", "Amelia Hart deleted an API key");
}

static void
test_audit_summary_unknown (void)
{
  assert_summary (AMELIA, "project.archived", "{'name':'Old'}", "Amelia Hart: project.archived");
  assert_summary ("null", "billing.plan_changed", "{}", "Someone: billing.plan_changed");
}

static void
test_audit_changes (void)
{
  g_autoptr(VdAuditEntry) entry = entry_ok (AUDIT_JSON (AMELIA, "member.updated",
    "{'before':{'role':'member','permissions':["
    "   " FULL_GRANT (PROJECT_A, "write+read+delete") "," BILLING_GRANT ("write+read") "]},"
    " 'after':{'role':'admin','permissions':["
    "   {'entity_id':'" PROJECT_A "','entity_type':'project','name':'custom','action':'',"
    "    'permission':[{'name':'folder','action':'custom',"
    "                   'folders':[{'folder_id':'" FOLDER_1 "','action':'read'}]}]},"
    "   " FULL_GRANT (PROJECT_B, "write+read") "," API_GRANT ("write+read") "]}}"));
  g_autoptr(GPtrArray) lines = vd_audit_entry_dup_changes (entry, project_name_cb, folder_name_cb, NULL);
  g_autoptr(VdPermissions) before = NULL;
  g_autoptr(VdPermissions) after = NULL;
  g_autoptr(GPtrArray) diff = NULL;
  JsonObject *metadata = json_node_get_object (vd_audit_entry_get_metadata (entry));

  /* The role line, then exactly what vd_permissions_diff says */
  g_assert_cmpuint (lines->len, >, 3);
  g_assert_cmpstr (lines->pdata[0], ==, "Role: member → admin");

  before = vd_permissions_new_from_json (ORG_ID,
                                         json_object_get_member (json_object_get_object_member (metadata, "before"),
                                                                 "permissions"),
                                         VD_PARSE_TOLERANT, NULL, NULL);
  after = vd_permissions_new_from_json (ORG_ID,
                                        json_object_get_member (json_object_get_object_member (metadata, "after"),
                                                                "permissions"),
                                        VD_PARSE_TOLERANT, NULL, NULL);
  diff = vd_permissions_diff (before, after, project_name_cb, folder_name_cb, NULL);
  g_assert_cmpuint (lines->len, ==, diff->len + 1);
  for (guint i = 0; i < diff->len; i++)
    g_assert_cmpstr (lines->pdata[i + 1], ==, diff->pdata[i]);

  /* Projects by name (Archive before Spring Campaign), then billing, then API */
  g_assert_cmpstr (lines->pdata[1], ==, "Archive: no access → full access without delete");
  g_assert_cmpstr (lines->pdata[2], ==, "Spring Campaign: full access → custom");
  g_assert_true (g_ptr_array_find_with_equal_func (lines, "Billing: revoked", g_str_equal, NULL));
  g_assert_cmpstr (lines->pdata[lines->len - 1], ==, "API: granted");
  g_assert_true (g_ptr_array_find_with_equal_func (lines, "Spring Campaign: folder Raw: read, write and delete → read",
                                                   g_str_equal, NULL));
}

static void
test_audit_changes_role_only (void)
{
  g_autoptr(VdAuditEntry) entry = entry_ok (AUDIT_JSON (AMELIA, "member.updated",
    "{'before':{'role':'admin','permissions':[]},'after':{'role':'member','permissions':[]}}"));
  g_autoptr(GPtrArray) lines = vd_audit_entry_dup_changes (entry, NULL, NULL, NULL);

  assert_lines (lines, "Role: admin → member", NULL);
}

static void
test_audit_changes_permissions_only (void)
{
  /* No names to look up: the ids are shown */
  g_autoptr(VdAuditEntry) entry = entry_ok (AUDIT_JSON (AMELIA, "member.updated",
    "{'before':{'role':'member','permissions':[]},"
    " 'after':{'role':'member','permissions':[" FULL_GRANT (PROJECT_A, "write+read+delete") "]}}"));
  g_autoptr(GPtrArray) lines = vd_audit_entry_dup_changes (entry, NULL, NULL, NULL);

  assert_lines (lines, PROJECT_A ": no access → full access", NULL);
}

static void
test_audit_changes_unparsable (void)
{
  /* Grants that do not parse: the role line only, no error, no crash */
  g_autoptr(VdAuditEntry) entry = entry_ok (AUDIT_JSON (AMELIA, "member.updated",
    "{'before':{'role':'member','permissions':'everything'},"
    " 'after':{'role':'owner','permissions':[{'entity_type':'projects','name':'full-access','action':7}]}}"));
  g_autoptr(GPtrArray) lines = vd_audit_entry_dup_changes (entry, project_name_cb, folder_name_cb, NULL);
  g_autofree char *summary = vd_audit_entry_dup_summary (entry);

  assert_lines (lines, "Role: member → owner", NULL);
  g_assert_cmpstr (summary, ==, "Amelia Hart changed a member’s role from member to owner");

  /* Metadata that says nothing */
  {
    g_autoptr(VdAuditEntry) bare = entry_ok (AUDIT_JSON (AMELIA, "member.updated", "{'before':3}"));
    g_autoptr(GPtrArray) none = vd_audit_entry_dup_changes (bare, NULL, NULL, NULL);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_audit_changes_organization_from_grants (void)
{
  /* Without an organization id the grants' own organization is used */
  g_autoptr(JsonObject) object = parse_object (AUDIT_JSON (AMELIA, "member.updated",
    "{'before':{'role':'member','permissions':[" BILLING_GRANT ("write+read") "]},"
    " 'after':{'role':'member','permissions':[" API_GRANT ("write+read") "]}}"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VdAuditEntry) entry = vd_audit_entry_new_from_json (NULL, object, &error);
  g_autoptr(VdAuditEntry) other = vd_audit_entry_new_from_json (OTHER_ORG_ID, object, &error);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) other_lines = NULL;

  g_assert_no_error (error);
  lines = vd_audit_entry_dup_changes (entry, NULL, NULL, NULL);
  assert_lines (lines, "Billing: revoked", "API: granted", NULL);

  other_lines = vd_audit_entry_dup_changes (other, NULL, NULL, NULL);
  assert_lines (other_lines, "Billing: revoked", "API: granted", NULL);
}

static void
test_audit_strict (void)
{
  static const char * const bad[] = {
    AUDIT_JSON ("'Amelia'", "member.removed", "{}"),                  /* actor a string */
    AUDIT_JSON ("{'id':5}", "member.removed", "{}"),
    AUDIT_JSON ("{'first_name':['A']}", "member.removed", "{}"),
    AUDIT_JSON (AMELIA, "member.removed", "'left'"),                  /* metadata a string */
    AUDIT_JSON (AMELIA, "member.removed", "[1,2]"),
    "{'id':'" ENTRY_ID "','action':12}",
    "{'id':'" ENTRY_ID "','created_at':'2026-05-01 noon'}",
    "{'id':'" ENTRY_ID "','ip_address':false}",
    "{'action':'member.removed'}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(VdAuditEntry) entry = vd_audit_entry_new_from_json (ORG_ID, object, &error);

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_null (entry);
      assert_protocol_error (error);
    }
}

static void
test_audit_update (void)
{
  g_autoptr(VdAuditEntry) entry = entry_ok (AUDIT_JSON (AMELIA, "api_key.created", "{'name':'A'}"));
  g_autoptr(NotifyLog) log = notify_log_new (entry);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(JsonObject) same = parse_object (AUDIT_JSON (AMELIA, "api_key.created", "{'name':'A'}"));

    g_assert_true (vd_audit_entry_update_from_json (entry, same, &error));
    assert_notified (log, "");
  }

  {
    g_autoptr(JsonObject) renamed = parse_object (AUDIT_JSON (AMELIA, "api_key.created", "{'name':'B'}"));

    g_assert_true (vd_audit_entry_update_from_json (entry, renamed, &error));
    assert_notified (log, "metadata");
  }

  {
    /* The actor's account was deleted since */
    g_autoptr(JsonObject) gone = parse_object (AUDIT_JSON ("null", "api_key.created", "{'name':'B'}"));
    g_autofree char *summary = NULL;

    g_assert_true (vd_audit_entry_update_from_json (entry, gone, &error));
    assert_notified (log, "actor-email,actor-id,actor-name");
    summary = vd_audit_entry_dup_summary (entry);
    g_assert_cmpstr (summary, ==, "Someone created the API key “B”");
  }

  {
    g_autoptr(JsonObject) bad = parse_object (AUDIT_JSON (AMELIA, "api_key.created", "'C'"));

    g_assert_false (vd_audit_entry_update_from_json (entry, bad, &error));
    assert_protocol_error (error);
    assert_notified (log, "");
    g_assert_cmpstr (vd_audit_entry_get_actor_name (entry), ==, "");
  }
}

/*
 * VdApiKey
 */

static VdApiKey *
api_key_ok (const char *text)
{
  g_autoptr(JsonObject) object = parse_object (text);
  g_autoptr(GError) error = NULL;
  VdApiKey *key = vd_api_key_new_from_json (ORG_ID, object, &error);

  g_assert_no_error (error);
  g_assert_true (VD_IS_API_KEY (key));
  return key;
}

static void
test_api_key_array (void)
{
  g_autoptr(VdApiKey) key = api_key_ok (API_KEY_JSON ("[" FULL_GRANT (PROJECT_A, "write+read") "]",
                                                      "'2027-06-01T10:00:00Z'", ""));
  VdPermissions *permissions = vd_api_key_get_permissions (key);

  g_assert_cmpstr (vd_api_key_get_id (key), ==, KEY_ID);
  g_assert_cmpstr (vd_api_key_get_organization_id (key), ==, ORG_ID);
  g_assert_cmpstr (vd_api_key_get_name (key), ==, "Player embed");
  g_assert_cmpstr (vd_api_key_get_origin (key), ==, "https://player.acme.test");
  g_assert_cmpstr (vd_api_key_get_key_type (key), ==, "organization");
  g_assert_true (vd_api_key_get_allow_cors_enabled (key));
  g_assert_cmpstr (vd_api_key_get_prefix (key), ==, "vdk_AbCd…");
  g_assert_cmpstr (vd_api_key_get_created_by (key), ==, OWNER_ID);
  assert_time (vd_api_key_get_created_at (key), "2026-06-01T10:00:00Z");
  assert_time (vd_api_key_get_expires_at (key), "2027-06-01T10:00:00Z");
  g_assert_null (vd_api_key_get_key (key));

  g_assert_true (VD_IS_PERMISSIONS (permissions));
  g_assert_null (vd_api_key_get_legacy_permissions (key));
  g_assert_cmpint (vd_grant_get_access (vd_permissions_lookup_grant (permissions, PROJECT_A)), ==,
                   VD_ACCESS_FULL_NO_DELETE);

  /* Missing or null grants are no grants, still the array form */
  {
    g_autoptr(VdApiKey) bare = api_key_ok ("{'id':'" KEY_ID "','permissions':null,'expires_at':null}");

    g_assert_nonnull (vd_api_key_get_permissions (bare));
    g_assert_null (vd_api_key_get_legacy_permissions (bare));
    g_assert_null (vd_api_key_get_expires_at (bare));
    g_assert_cmpstr (vd_api_key_get_organization_id (bare), ==, ORG_ID);
  }
}

static void
test_api_key_legacy (void)
{
  g_autoptr(VdApiKey) key = api_key_ok (API_KEY_JSON ("'{\\'videos\\':true,\\'analytics\\':false}'",
                                                      "null", ""));
  g_autofree char *legacy = NULL;
  g_autoptr(VdPermissions) permissions = NULL;

  g_assert_null (vd_api_key_get_permissions (key));
  g_assert_cmpstr (vd_api_key_get_legacy_permissions (key), ==, "{\"videos\":true,\"analytics\":false}");
  g_assert_null (vd_api_key_get_expires_at (key));

  g_object_get (key, "legacy-permissions", &legacy, "permissions", &permissions, NULL);
  g_assert_nonnull (legacy);
  g_assert_null (permissions);
}

static void
test_api_key_secret (void)
{
  g_autoptr(VdApiKey) key = api_key_ok (API_KEY_JSON ("[]", "null", ",'api_key':'vdk_AbCdEfGh'"));
  g_autoptr(NotifyLog) log = notify_log_new (key);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (vd_api_key_get_key (key), ==, "vdk_AbCdEfGh");

  /* A list answer has no secret: the one from creation stays */
  {
    g_autoptr(JsonObject) listed = parse_object (API_KEY_JSON ("[]", "null", ""));

    g_assert_true (vd_api_key_update_from_json (key, listed, &error));
    g_assert_no_error (error);
    assert_notified (log, "");
    g_assert_cmpstr (vd_api_key_get_key (key), ==, "vdk_AbCdEfGh");
  }

  vd_api_key_forget_key (key);
  assert_notified (log, "key");
  g_assert_null (vd_api_key_get_key (key));
  vd_api_key_forget_key (key);
  assert_notified (log, "");
}

static void
test_api_key_update_forms (void)
{
  g_autoptr(VdApiKey) key = api_key_ok (API_KEY_JSON ("[" BILLING_GRANT ("write+read") "]", "null", ""));
  VdPermissions *permissions = vd_api_key_get_permissions (key);
  g_autoptr(NotifyLog) log = notify_log_new (key);
  g_autoptr(NotifyLog) permissions_log = notify_log_new (permissions);
  g_autoptr(GError) error = NULL;

  /* Array to array: the same object, notified on it */
  {
    g_autoptr(JsonObject) object = parse_object (API_KEY_JSON ("[" API_GRANT ("write+read") "]", "null", ""));

    g_assert_true (vd_api_key_update_from_json (key, object, &error));
    assert_notified (log, "");
    assert_notified (permissions_log, "api,billing");
    g_assert_true (vd_api_key_get_permissions (key) == permissions);
  }

  /* Array to the legacy string: both properties */
  {
    g_autoptr(JsonObject) object = parse_object (API_KEY_JSON ("'{}'", "null", ""));

    g_assert_true (vd_api_key_update_from_json (key, object, &error));
    assert_notified (log, "legacy-permissions,permissions");
    g_assert_null (vd_api_key_get_permissions (key));
    g_assert_cmpstr (vd_api_key_get_legacy_permissions (key), ==, "{}");
  }

  /* Another legacy string */
  {
    g_autoptr(JsonObject) object = parse_object (API_KEY_JSON ("'{\\'videos\\':true}'", "null", ""));

    g_assert_true (vd_api_key_update_from_json (key, object, &error));
    assert_notified (log, "legacy-permissions");
  }

  /* And back, with a new expiry and no CORS */
  {
    g_autoptr(JsonObject) object = parse_object (
      "{'id':'" KEY_ID "','organization_id':'" ORG_ID "','name':'Player embed','type':'organization',"
      "'origin':'https://player.acme.test','allow_cors_enabled':false,'permissions':[],"
      "'api_key_prefix':'vdk_AbCd…','created_by':'" OWNER_ID "','created_at':'2026-06-01T10:00:00Z',"
      "'expires_at':'2027-01-01T00:00:00Z'}");

    g_assert_true (vd_api_key_update_from_json (key, object, &error));
    assert_notified (log, "allow-cors-enabled,expires-at,legacy-permissions,permissions");
    g_assert_nonnull (vd_api_key_get_permissions (key));
    g_assert_null (vd_api_key_get_legacy_permissions (key));
  }
  g_assert_no_error (error);
}

static void
test_api_key_strict (void)
{
  static const char * const bad[] = {
    API_KEY_JSON ("5", "null", ""),                                       /* permissions a number */
    API_KEY_JSON ("{'videos':true}", "null", ""),                         /* … an object */
    API_KEY_JSON ("[" FULL_GRANT (PROJECT_A, "read") "]", "null", ""),     /* a bad grant */
    API_KEY_JSON ("[]", "'never'", ""),                                   /* a bad date */
    API_KEY_JSON ("[]", "null", ",'api_key':42"),
    API_KEY_JSON ("[]", "null", ",'allow_cors_enabled':'yes'"),
    "{'id':'" KEY_ID "','organization_id':'" OTHER_ORG_ID "'}",            /* another organization */
    "{'name':'Player embed'}",
  };
  g_autoptr(VdApiKey) key = api_key_ok (API_KEY_JSON ("[" BILLING_GRANT ("write+read") "]", "null", ""));
  g_autoptr(NotifyLog) log = notify_log_new (key);
  g_autoptr(NotifyLog) permissions_log = notify_log_new (vd_api_key_get_permissions (key));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) object = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(VdApiKey) parsed = vd_api_key_new_from_json (ORG_ID, object, &error);

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_null (parsed);
      assert_protocol_error (error);
      g_clear_error (&error);

      g_assert_false (vd_api_key_update_from_json (key, object, &error));
      assert_protocol_error (error);
      assert_notified (log, "");
      assert_notified (permissions_log, "");
      g_assert_true (vd_permissions_get_billing (vd_api_key_get_permissions (key)));
      g_assert_null (vd_api_key_get_expires_at (key));
    }
}

/*
 * VdAuthSession
 */

static void
test_auth_session_parse (void)
{
  g_autoptr(JsonObject) object = parse_object (SESSION_JSON ("'2026-07-02T10:00:00Z'", "true"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VdAuthSession) session = vd_auth_session_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (vd_auth_session_get_id (session), ==, SESSION_ID);
  g_assert_cmpstr (vd_auth_session_get_user_agent (session), ==, "Vidinfra Admin/0.1.0");
  g_assert_cmpstr (vd_auth_session_get_ip_address (session), ==, "192.0.2.7");
  assert_time (vd_auth_session_get_created_at (session), "2026-07-01T10:00:00Z");
  assert_time (vd_auth_session_get_last_active_at (session), "2026-07-02T10:00:00Z");
  g_assert_true (vd_auth_session_get_current (session));
}

static void
test_auth_session_update (void)
{
  g_autoptr(JsonObject) object = parse_object (SESSION_JSON ("'2026-07-02T10:00:00Z'", "false"));
  g_autoptr(GError) error = NULL;
  g_autoptr(VdAuthSession) session = vd_auth_session_new_from_json (object, &error);
  g_autoptr(NotifyLog) log = notify_log_new (session);

  g_assert_no_error (error);

  {
    g_autoptr(JsonObject) later = parse_object (SESSION_JSON ("'2026-07-02T10:05:00Z'", "false"));

    g_assert_true (vd_auth_session_update_from_json (session, later, &error));
    assert_notified (log, "last-active-at");
  }

  {
    g_autoptr(JsonObject) bad = parse_object (SESSION_JSON ("'2026-07-02T10:09:00Z'", "'yes'"));

    g_assert_false (vd_auth_session_update_from_json (session, bad, &error));
    assert_protocol_error (error);
    g_clear_error (&error);
    assert_notified (log, "");
    assert_time (vd_auth_session_get_last_active_at (session), "2026-07-02T10:05:00Z");
  }

  {
    g_autoptr(JsonObject) bad = parse_object ("{'id':'" SESSION_ID "','user_agent':1}");
    g_autoptr(VdAuthSession) none = vd_auth_session_new_from_json (bad, &error);

    g_assert_null (none);
    assert_protocol_error (error);
  }
}

/*
 * Every model
 */

static void
check_pspecs (GObject *object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  g_assert_cmpuint (n_pspecs, >, 3);

  for (guint i = 0; i < n_pspecs; i++)
    {
      GValue value = G_VALUE_INIT;

      g_test_message ("%s:%s", G_OBJECT_TYPE_NAME (object), pspecs[i]->name);
      g_assert_true (pspecs[i]->flags & G_PARAM_READABLE);
      g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);
      g_assert_true ((pspecs[i]->flags & G_PARAM_STATIC_STRINGS) == G_PARAM_STATIC_STRINGS);

      /* Every property can be read (and the value freed) */
      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (object, pspecs[i]->name, &value);
      g_value_unset (&value);
    }
}

static void
test_all_properties (void)
{
  g_autoptr(VdUser) user = user_ok (USER_JSON ("'Amelia'", "null"));
  g_autoptr(VdOrganization) organization = organization_ok (ORGANIZATION_JSON ("'Acme'", "'owner'", "1"));
  g_autoptr(VdMember) member = member_ok (MEMBER_DEFAULT);
  g_autoptr(VdInvitation) invitation = invitation_ok (ORG_ID, INVITATION_JSON ("'pending'", INVITER, "null", ""));
  g_autoptr(VdAuditEntry) entry = entry_ok (AUDIT_JSON (AMELIA, "member.removed", "{}"));
  g_autoptr(VdApiKey) key = api_key_ok (API_KEY_JSON ("'{}'", "null", ",'api_key':'vdk_x'"));
  g_autoptr(JsonObject) project_object = parse_object ("{'id':'" PROJECT_A "','name':'P'}");
  g_autoptr(JsonObject) folder_object = parse_object ("{'id':'" FOLDER_1 "','name':'F'}");
  g_autoptr(JsonObject) session_object = parse_object (SESSION_JSON ("null", "true"));
  g_autoptr(VdProject) project = vd_project_new_from_json (project_object, NULL);
  g_autoptr(VdFolder) folder = vd_folder_new_from_json (PROJECT_A, folder_object, NULL);
  g_autoptr(VdAuthSession) session = vd_auth_session_new_from_json (session_object, NULL);
  GObject *objects[] = {
    G_OBJECT (user), G_OBJECT (organization), G_OBJECT (member), G_OBJECT (invitation),
    G_OBJECT (entry), G_OBJECT (key), G_OBJECT (project), G_OBJECT (folder), G_OBJECT (session),
  };

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    check_pspecs (objects[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/vd/models/role/strings", test_role_strings);
  g_test_add_func ("/vd/models/invitation/status-strings", test_invitation_status_strings);

  g_test_add_func ("/vd/models/user/parse", test_user_parse);
  g_test_add_func ("/vd/models/user/display-name", test_user_display_name);
  g_test_add_func ("/vd/models/user/tolerant", test_user_tolerant);
  g_test_add_func ("/vd/models/user/strict", test_user_strict);
  g_test_add_func ("/vd/models/user/update", test_user_update);
  g_test_add_func ("/vd/models/user/update-fails", test_user_update_fails);

  g_test_add_func ("/vd/models/organization/parse", test_organization_parse);
  g_test_add_func ("/vd/models/organization/unknown-role", test_organization_unknown_role);
  g_test_add_func ("/vd/models/organization/strict", test_organization_strict);
  g_test_add_func ("/vd/models/organization/update", test_organization_update);

  g_test_add_func ("/vd/models/project/parse", test_project_parse);
  g_test_add_func ("/vd/models/project/update", test_project_update);
  g_test_add_func ("/vd/models/folder/parse", test_folder_parse);
  g_test_add_func ("/vd/models/folder/update", test_folder_update);

  g_test_add_func ("/vd/models/member/parse", test_member_parse);
  g_test_add_func ("/vd/models/member/tolerant", test_member_tolerant);
  g_test_add_func ("/vd/models/member/strict", test_member_strict);
  g_test_add_func ("/vd/models/member/update-role", test_member_update_role);
  g_test_add_func ("/vd/models/member/update-name", test_member_update_name);
  g_test_add_func ("/vd/models/member/update-identical", test_member_update_identical);
  g_test_add_func ("/vd/models/member/update-grants", test_member_update_grants);
  g_test_add_func ("/vd/models/member/changed", test_member_changed);
  g_test_add_func ("/vd/models/member/update-fails", test_member_update_fails);
  g_test_add_func ("/vd/models/member/search-text", test_member_search_text);
  g_test_add_func ("/vd/models/member/unknown-role", test_member_unknown_role);

  g_test_add_func ("/vd/models/invitation/parse", test_invitation_parse);
  g_test_add_func ("/vd/models/invitation/received", test_invitation_received);
  g_test_add_func ("/vd/models/invitation/inviter-null", test_invitation_inviter_null);
  g_test_add_func ("/vd/models/invitation/update", test_invitation_update);
  g_test_add_func ("/vd/models/invitation/strict", test_invitation_strict);

  g_test_add_func ("/vd/models/audit-entry/parse", test_audit_parse);
  g_test_add_func ("/vd/models/audit-entry/actor-null", test_audit_actor_null);
  g_test_add_func ("/vd/models/audit-entry/summary/organization", test_audit_summary_organization);
  g_test_add_func ("/vd/models/audit-entry/summary/project", test_audit_summary_project);
  g_test_add_func ("/vd/models/audit-entry/summary/member", test_audit_summary_member);
  g_test_add_func ("/vd/models/audit-entry/summary/invitation", test_audit_summary_invitation);
  g_test_add_func ("/vd/models/audit-entry/summary/api-key", test_audit_summary_api_key);
  g_test_add_func ("/vd/models/audit-entry/summary/unknown", test_audit_summary_unknown);
  g_test_add_func ("/vd/models/audit-entry/changes/member-updated", test_audit_changes);
  g_test_add_func ("/vd/models/audit-entry/changes/role-only", test_audit_changes_role_only);
  g_test_add_func ("/vd/models/audit-entry/changes/permissions-only", test_audit_changes_permissions_only);
  g_test_add_func ("/vd/models/audit-entry/changes/unparsable", test_audit_changes_unparsable);
  g_test_add_func ("/vd/models/audit-entry/changes/organization-from-grants",
                   test_audit_changes_organization_from_grants);
  g_test_add_func ("/vd/models/audit-entry/strict", test_audit_strict);
  g_test_add_func ("/vd/models/audit-entry/update", test_audit_update);

  g_test_add_func ("/vd/models/api-key/array", test_api_key_array);
  g_test_add_func ("/vd/models/api-key/legacy", test_api_key_legacy);
  g_test_add_func ("/vd/models/api-key/secret", test_api_key_secret);
  g_test_add_func ("/vd/models/api-key/update-forms", test_api_key_update_forms);
  g_test_add_func ("/vd/models/api-key/strict", test_api_key_strict);

  g_test_add_func ("/vd/models/auth-session/parse", test_auth_session_parse);
  g_test_add_func ("/vd/models/auth-session/update", test_auth_session_update);

  g_test_add_func ("/vd/models/all/properties", test_all_properties);

  return g_test_run ();
}
