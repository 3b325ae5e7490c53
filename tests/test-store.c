/* test-store.c — VdAccount and VdOrganizationStore against a real vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vd-account.h"
#include "vd-organization-store.h"
#include "vd-test-server.h"

static VdTestServer *demo;

/* Iterates the main context until *done, failing after a deadline */
static void
wait_for (gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!*done)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for an asynchronous call");
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_result (Wait *wait)
{
  wait_for (&wait->done);
  return wait->result;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  GHashTable *counts = user_data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
count_of (GHashTable *counts,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static VdAccount *
signed_in_account (VdTestServer *server,
                   const char   *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) client = vd_client_new (server->base_url, &error);
  VdAccount *account;
  Wait wait = { 0 };

  g_assert_no_error (error);
  account = vd_account_new (client, NULL);
  vd_account_sign_in_async (account, email, VD_TEST_PASSWORD, TRUE, NULL, got_result_cb, &wait);
  g_assert_true (vd_account_sign_in_finish (account, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  return account;
}

static VdOrganizationStore *
loaded_store (VdAccount *account)
{
  VdOrganization *current = vd_account_get_current_organization (account);
  g_autoptr(GError) error = NULL;
  VdOrganizationStore *store;
  Wait wait = { 0 };

  g_assert_nonnull (current);
  store = vd_organization_store_new (vd_account_get_client (account), vd_organization_get_id (current));
  vd_organization_store_load_async (store, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_load_finish (store, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  return store;
}

static VdMember *
find_member (VdOrganizationStore *store,
             const char          *email)
{
  GListModel *members = vd_organization_store_get_members (store);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (members, i);

      if (g_strcmp0 (vd_member_get_email (member), email) == 0)
        return member;
    }

  return NULL;
}

static void
test_account_sign_in (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  GListModel *organizations = vd_account_get_organizations (account);
  g_autoptr(VdOrganization) first = NULL;
  VdOrganization *current;

  g_assert_true (vd_account_get_signed_in (account));
  g_assert_cmpstr (vd_user_get_email (vd_account_get_user (account)), ==, VD_TEST_OWNER);

  /* Sorted by name: Acme Labs, then Acme Studios */
  g_assert_cmpuint (g_list_model_get_n_items (organizations), ==, 2);
  first = g_list_model_get_item (organizations, 0);
  g_assert_cmpstr (vd_organization_get_name (first), ==, "Acme Labs");

  current = vd_account_get_current_organization (account);
  g_assert_cmpstr (vd_organization_get_name (current), ==, "Acme Studios");
  g_assert_cmpint (vd_organization_get_role (current), ==, VD_ROLE_OWNER);
  g_assert_cmpstr (vd_client_get_organization_id (vd_account_get_client (account)), ==,
                   vd_organization_get_id (current));
}

static void
test_account_wrong_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) client = vd_client_new (demo->base_url, &error);
  g_autoptr(VdAccount) account = vd_account_new (client, NULL);
  Wait wait = { 0 };

  vd_account_sign_in_async (account, VD_TEST_OWNER, "Wrong-password-1", TRUE, NULL, got_result_cb, &wait);
  g_assert_false (vd_account_sign_in_finish (account, wait_result (&wait), &error));
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (vd_api_error_get_code (error), ==, "invalid_credentials");
  g_assert_false (vd_account_get_signed_in (account));
  g_assert_null (vd_account_get_user (account));
  g_clear_object (&wait.result);
}

static void
test_account_switch (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganization) labs = g_list_model_get_item (vd_account_get_organizations (account), 0);
  g_autoptr(VdOrganizationStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  vd_account_switch_async (account, labs, NULL, got_result_cb, &wait);
  g_assert_true (vd_account_switch_finish (account, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  g_assert_true (vd_account_get_current_organization (account) == labs);
  g_assert_true (vd_organization_get_current (labs));

  store = loaded_store (account);
  g_assert_cmpuint (g_list_model_get_n_items (vd_organization_store_get_members (store)), ==, 2);

  /* And back, so other cases find the demo organization current */
  {
    g_autoptr(VdOrganization) studios = g_list_model_get_item (vd_account_get_organizations (account), 1);

    vd_account_switch_async (account, studios, NULL, got_result_cb, &wait);
    wait.done = FALSE;
    g_assert_true (vd_account_switch_finish (account, wait_result (&wait), &error));
    g_clear_object (&wait.result);
    g_assert_false (vd_organization_get_current (labs));
  }
}

static void
test_account_create_rename (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_ADMIN);
  g_autoptr(VdOrganization) created = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  guint before = g_list_model_get_n_items (vd_account_get_organizations (account));
  Wait wait = { 0 };

  vd_account_create_organization_async (account, "Bruno’s Side Project", NULL, got_result_cb, &wait);
  created = vd_account_create_organization_finish (account, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpint (vd_organization_get_role (created), ==, VD_ROLE_OWNER);
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_organizations (account)), ==, before + 1);

  g_signal_connect (created, "notify", G_CALLBACK (count_notify_cb), counts);
  wait.done = FALSE;
  vd_account_rename_organization_async (account, created, "Bruno’s Studio", NULL, got_result_cb, &wait);
  g_assert_true (vd_account_rename_organization_finish (account, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_cmpstr (vd_organization_get_name (created), ==, "Bruno’s Studio");
  g_assert_cmpuint (count_of (counts, "name"), ==, 1);
  g_assert_cmpuint (count_of (counts, "role"), ==, 0);

  /* A bad name changes nothing */
  wait.done = FALSE;
  vd_account_rename_organization_async (account, created, "", NULL, got_result_cb, &wait);
  g_assert_false (vd_account_rename_organization_finish (account, wait_result (&wait), &error));
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_VALIDATION);
  g_assert_nonnull (vd_api_error_lookup_field (error, "name"));
  g_clear_object (&wait.result);
  g_assert_cmpstr (vd_organization_get_name (created), ==, "Bruno’s Studio");
}

static void
test_store_load (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);

  g_assert_cmpuint (g_list_model_get_n_items (vd_organization_store_get_projects (store)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (vd_organization_store_get_members (store)), ==,
                    vd_organization_store_get_members_total (store));
  g_assert_true (vd_organization_store_get_members_loaded (store));
  g_assert_nonnull (find_member (store, "baptiste2@acme.test"));
}

static void
test_store_update_member (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) member_counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(VdPermissions) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdTestResponse) check = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  VdMember *member = find_member (store, "hanna8@acme.test");
  VdPermissions *permissions;
  Wait wait = { 0 };

  g_assert_nonnull (member);
  permissions = vd_member_get_permissions (member);
  g_assert_false (vd_permissions_get_billing (permissions));

  g_signal_connect (permissions, "notify", G_CALLBACK (count_notify_cb), counts);
  g_signal_connect (member, "notify", G_CALLBACK (count_notify_cb), member_counts);

  /* The editor works on a copy; the member's own object changes only on success */
  edited = vd_permissions_copy (permissions);
  vd_permissions_set_billing (edited, TRUE);
  g_assert_cmpuint (count_of (counts, "billing"), ==, 0);

  vd_organization_store_update_member_async (store, member, VD_ROLE_UNKNOWN, edited, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_update_member_finish (store, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  /* Exactly one notification, of what changed, on the same object */
  g_assert_true (vd_member_get_permissions (member) == permissions);
  g_assert_true (vd_permissions_get_billing (permissions));
  g_assert_cmpuint (count_of (counts, "billing"), ==, 1);
  g_assert_cmpuint (count_of (counts, "api"), ==, 0);
  g_assert_cmpuint (count_of (member_counts, "role"), ==, 0);

  /* And the server holds it */
  token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  path = g_strdup_printf ("/members/%s", vd_member_get_id (member));
  check = vd_test_request (demo, "GET", path, token, NULL);
  vd_test_assert_status (check, 200, NULL);
  g_assert_nonnull (strstr (check->body, "\"billing\""));
}

static void
test_store_update_fails_untouched (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(VdPermissions) edited = NULL;
  g_autoptr(GError) error = NULL;
  VdMember *member = find_member (store, "ines9@acme.test");
  Wait wait = { 0 };

  g_assert_nonnull (member);
  g_signal_connect (vd_member_get_permissions (member), "notify", G_CALLBACK (count_notify_cb), counts);
  g_signal_connect (member, "notify", G_CALLBACK (count_notify_cb), counts);

  /* A project the organization does not have: the server refuses */
  edited = vd_permissions_copy (vd_member_get_permissions (member));
  vd_grant_set_access (vd_permissions_ensure_grant (edited, "00000000-0000-4000-8000-000000000000"), VD_ACCESS_FULL);
  vd_permissions_set_api (edited, TRUE);

  vd_organization_store_update_member_async (store, member, VD_ROLE_UNKNOWN, edited, NULL, got_result_cb, &wait);
  g_assert_false (vd_organization_store_update_member_finish (store, wait_result (&wait), &error));
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_VALIDATION);
  g_clear_object (&wait.result);

  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
  g_assert_false (vd_permissions_get_api (vd_member_get_permissions (member)));
  /* The edits are still there to retry */
  g_assert_true (vd_permissions_get_api (edited));
}

static void
test_store_last_owner (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(GError) error = NULL;
  VdMember *owner = find_member (store, VD_TEST_OWNER);
  Wait wait = { 0 };

  vd_organization_store_update_member_async (store, owner, VD_ROLE_MEMBER, NULL, NULL, got_result_cb, &wait);
  g_assert_false (vd_organization_store_update_member_finish (store, wait_result (&wait), &error));
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_CONFLICT);
  g_assert_cmpstr (vd_api_error_get_code (error), ==, "last_owner");
  g_clear_object (&wait.result);
  g_assert_cmpint (vd_member_get_role (owner), ==, VD_ROLE_OWNER);
}

static void
test_store_remove_member (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdTestResponse) check = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  VdMember *member = find_member (store, "ximena24@acme.test");
  guint before = g_list_model_get_n_items (vd_organization_store_get_members (store));
  Wait wait = { 0 };

  g_assert_nonnull (member);
  path = g_strdup_printf ("/members/%s", vd_member_get_id (member));

  vd_organization_store_remove_member_async (store, member, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_remove_member_finish (store, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  g_assert_cmpuint (g_list_model_get_n_items (vd_organization_store_get_members (store)), ==, before - 1);
  g_assert_null (find_member (store, "ximena24@acme.test"));

  token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  check = vd_test_request (demo, "GET", path, token, NULL);
  vd_test_assert_status (check, 404, "not_found");
}

/* A removal waiting for its Undo: out of the list, still known, back unchanged */
static void
test_store_hide_member (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdTestResponse) check = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  GListModel *members = vd_organization_store_get_members (store);
  VdMember *member = find_member (store, "wen23@acme.test");
  guint n = g_list_model_get_n_items (members);
  guint total = vd_organization_store_get_members_total (store);
  Wait wait = { 0 };

  g_assert_nonnull (member);
  id = g_strdup (vd_member_get_id (member));
  path = g_strdup_printf ("/members/%s", id);
  g_signal_connect (store, "notify", G_CALLBACK (count_notify_cb), counts);

  vd_organization_store_hide_member (store, member);
  g_assert_true (vd_organization_store_is_member_hidden (store, member));
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, n - 1);
  g_assert_null (find_member (store, "wen23@acme.test"));
  g_assert_true (vd_organization_store_lookup_member (store, id) == member);
  g_assert_cmpuint (vd_organization_store_get_members_total (store), ==, total - 1);
  g_assert_cmpuint (count_of (counts, "members-total"), ==, 1);

  /* A reload updates it in place and leaves it hidden */
  vd_organization_store_load_async (store, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_load_finish (store, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  while (!vd_organization_store_get_members_loaded (store))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, n - 1);
  g_assert_null (find_member (store, "wen23@acme.test"));
  g_assert_true (vd_organization_store_lookup_member (store, id) == member);
  g_assert_true (vd_organization_store_is_member_hidden (store, member));

  /* Undo: the same object, back in the list */
  vd_organization_store_unhide_member (store, member);
  g_assert_false (vd_organization_store_is_member_hidden (store, member));
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, n);
  g_assert_true (find_member (store, "wen23@acme.test") == member);
  g_assert_cmpuint (vd_organization_store_get_members_total (store), ==, total);
  token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  check = vd_test_request (demo, "GET", path, token, NULL);
  vd_test_assert_status (check, 200, NULL);
  g_clear_pointer (&check, vd_test_response_free);

  /* Hidden, then removed for good: counted off once */
  vd_organization_store_hide_member (store, member);
  wait.done = FALSE;
  vd_organization_store_remove_member_async (store, member, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_remove_member_finish (store, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_null (vd_organization_store_lookup_member (store, id));
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, n - 1);
  g_assert_cmpuint (vd_organization_store_get_members_total (store), ==, total - 1);
  check = vd_test_request (demo, "GET", path, token, NULL);
  vd_test_assert_status (check, 404, "not_found");
}

static void
test_store_invitations (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(VdPermissions) permissions = NULL;
  g_autoptr(VdInvitation) invitation = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdProject) project = NULL;
  GListModel *invitations = vd_organization_store_get_invitations (store);
  Wait wait = { 0 };

  vd_organization_store_load_invitations_async (store, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_load_invitations_finish (store, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_cmpuint (g_list_model_get_n_items (invitations), >=, 5);

  /* Invite with a project, billing and API */
  project = g_list_model_get_item (vd_organization_store_get_projects (store), 0);
  permissions = vd_permissions_new (vd_organization_store_get_organization_id (store));
  vd_grant_set_access (vd_permissions_ensure_grant (permissions, vd_project_get_id (project)), VD_ACCESS_FULL);
  vd_permissions_set_billing (permissions, TRUE);
  vd_permissions_set_api (permissions, TRUE);

  wait.done = FALSE;
  vd_organization_store_invite_async (store, "store.test@example.com", VD_ROLE_MEMBER, permissions,
                                      NULL, got_result_cb, &wait);
  invitation = vd_organization_store_invite_finish (store, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpint (vd_invitation_get_status (invitation), ==, VD_INVITATION_STATUS_PENDING);
  g_assert_true (vd_permissions_equal (vd_invitation_get_permissions (invitation), permissions));
  {
    g_autoptr(VdInvitation) first = g_list_model_get_item (invitations, 0);
    g_assert_true (first == invitation);
  }

  /* Inviting again conflicts, and adds nothing */
  {
    guint n = g_list_model_get_n_items (invitations);
    g_autoptr(VdInvitation) again = NULL;

    wait.done = FALSE;
    vd_organization_store_invite_async (store, "store.test@example.com", VD_ROLE_MEMBER, NULL,
                                        NULL, got_result_cb, &wait);
    again = vd_organization_store_invite_finish (store, wait_result (&wait), &error);
    g_assert_null (again);
    g_assert_error (error, VD_API_ERROR, VD_API_ERROR_CONFLICT);
    g_assert_cmpstr (vd_api_error_get_code (error), ==, "invitation_pending");
    g_clear_error (&error);
    g_clear_object (&wait.result);
    g_assert_cmpuint (g_list_model_get_n_items (invitations), ==, n);
  }

  /* Revoke updates the object in place */
  g_signal_connect (invitation, "notify", G_CALLBACK (count_notify_cb), counts);
  wait.done = FALSE;
  vd_organization_store_revoke_invitation_async (store, invitation, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_revoke_invitation_finish (store, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_cmpint (vd_invitation_get_status (invitation), ==, VD_INVITATION_STATUS_REVOKED);
  g_assert_cmpuint (count_of (counts, "status"), ==, 1);
  g_assert_cmpuint (count_of (counts, "email"), ==, 0);
}

static void
test_store_audit (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(GError) error = NULL;
  GListModel *entries = vd_organization_store_get_audit_entries (store);
  guint first_page;
  Wait wait = { 0 };

  vd_organization_store_load_audit_async (store, TRUE, NULL, NULL, NULL, NULL, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_load_audit_finish (store, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  first_page = g_list_model_get_n_items (entries);
  g_assert_cmpuint (first_page, >, 0);

  /* Newest first */
  for (guint i = 1; i < first_page; i++)
    {
      g_autoptr(VdAuditEntry) a = g_list_model_get_item (entries, i - 1);
      g_autoptr(VdAuditEntry) b = g_list_model_get_item (entries, i);

      g_assert_cmpint (g_date_time_compare (vd_audit_entry_get_created_at (a),
                                            vd_audit_entry_get_created_at (b)), >=, 0);
    }

  /* Filtered by action */
  wait.done = FALSE;
  vd_organization_store_load_audit_async (store, TRUE, "member.invited", NULL, NULL, NULL, NULL,
                                          got_result_cb, &wait);
  g_assert_true (vd_organization_store_load_audit_finish (store, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(VdAuditEntry) entry = g_list_model_get_item (entries, i);
      g_assert_cmpstr (vd_audit_entry_get_action (entry), ==, "member.invited");
    }
}

static void
test_store_pagination (void)
{
  g_autoptr(VdTestServer) big = vd_test_server_start ("--seed-members", "5000", NULL);
  g_autoptr(VdAccount) account = signed_in_account (big, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  GListModel *members = vd_organization_store_get_members (store);
  gboolean loaded = vd_organization_store_get_members_loaded (store);

  /* The first page is in at once; the rest come in the background */
  g_assert_cmpuint (g_list_model_get_n_items (members), >=, 500);
  g_assert_cmpuint (vd_organization_store_get_members_total (store), ==, 5026);

  if (!loaded)
    {
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      while (!vd_organization_store_get_members_loaded (store))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
    }

  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 5026);
  g_assert_false (vd_organization_store_get_loading (store));
}

static void
test_store_search (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  vd_organization_store_search_members_async (store, "baptiste", VD_ROLE_UNKNOWN, NULL, NULL, got_result_cb, &wait);
  found = vd_organization_store_search_members_finish (store, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  {
    g_autoptr(VdMember) member = g_list_model_get_item (found, 0);

    /* The store's own object, not a copy */
    g_assert_true (member == find_member (store, "baptiste2@acme.test"));
  }

  g_clear_object (&found);
  wait.done = FALSE;
  vd_organization_store_search_members_async (store, NULL, VD_ROLE_ADMIN, NULL, NULL, got_result_cb, &wait);
  found = vd_organization_store_search_members_finish (store, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (found, i);
      g_assert_cmpint (vd_member_get_role (member), ==, VD_ROLE_ADMIN);
    }
  g_assert_cmpuint (g_list_model_get_n_items (found), >=, 2);
}


static void
test_store_projects_and_folders (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_ADMIN);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(VdProject) project = NULL;
  g_autoptr(VdProject) marketing = NULL;
  g_autoptr(GListModel) folders = NULL;
  g_autoptr(GError) error = NULL;
  guint before = g_list_model_get_n_items (vd_organization_store_get_projects (store));
  Wait wait = { 0 };

  vd_organization_store_create_project_async (store, "Podcasts", "Audio shows", NULL, got_result_cb, &wait);
  project = vd_organization_store_create_project_finish (store, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpstr (vd_project_get_name (project), ==, "Podcasts");
  g_assert_cmpuint (g_list_model_get_n_items (vd_organization_store_get_projects (store)), ==, before + 1);
  g_assert_true (vd_organization_store_lookup_project (store, vd_project_get_id (project)) == project);

  /* The demo's first project has four folders, one inside another */
  marketing = g_list_model_get_item (vd_organization_store_get_projects (store), 0);
  wait.done = FALSE;
  vd_organization_store_load_folders_async (store, marketing, NULL, got_result_cb, &wait);
  folders = vd_organization_store_load_folders_finish (store, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (g_list_model_get_n_items (folders), ==, 4);
}

static void
test_store_resend (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GListModel *invitations = vd_organization_store_get_invitations (store);
  VdInvitation *expired = NULL;
  Wait wait = { 0 };

  vd_organization_store_load_invitations_async (store, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_load_invitations_finish (store, wait_result (&wait), &error));
  g_clear_object (&wait.result);

  for (guint i = 0; i < g_list_model_get_n_items (invitations) && expired == NULL; i++)
    {
      g_autoptr(VdInvitation) invitation = g_list_model_get_item (invitations, i);

      if (vd_invitation_get_status (invitation) == VD_INVITATION_STATUS_EXPIRED)
        expired = invitation;
    }
  g_assert_nonnull (expired);

  /* Sending an expired invitation again revives it, in place */
  g_signal_connect (expired, "notify", G_CALLBACK (count_notify_cb), counts);
  wait.done = FALSE;
  vd_organization_store_resend_invitation_async (store, expired, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_resend_invitation_finish (store, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpint (vd_invitation_get_status (expired), ==, VD_INVITATION_STATUS_PENDING);
  g_assert_cmpuint (count_of (counts, "status"), ==, 1);
  g_assert_cmpuint (count_of (counts, "expires-at"), ==, 1);
  g_assert_cmpint (g_date_time_compare (vd_invitation_get_expires_at (expired), now), >, 0);
}

static void
test_store_api_keys (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, VD_TEST_ADMIN);
  g_autoptr(VdOrganizationStore) store = loaded_store (account);
  g_autoptr(VdPermissions) permissions = vd_permissions_new (vd_organization_store_get_organization_id (store));
  g_autoptr(VdApiKey) key = NULL;
  g_autoptr(GDateTime) expires = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) in_a_month = g_date_time_add_days (expires, 30);
  g_autoptr(GError) error = NULL;
  GListModel *keys = vd_organization_store_get_api_keys (store);
  Wait wait = { 0 };

  vd_permissions_set_api (permissions, TRUE);
  vd_organization_store_create_api_key_async (store, "CI uploader", "https://ci.example.com", permissions,
                                              in_a_month, NULL, got_result_cb, &wait);
  key = vd_organization_store_create_api_key_finish (store, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_true (g_str_has_prefix (vd_api_key_get_key (key), "vdk_"));
  g_assert_true (vd_permissions_get_api (vd_api_key_get_permissions (key)));

  /* Listed without the secret, the created object kept */
  wait.done = FALSE;
  vd_organization_store_load_api_keys_async (store, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_load_api_keys_finish (store, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_cmpuint (g_list_model_get_n_items (keys), ==, 1);

  wait.done = FALSE;
  vd_organization_store_delete_api_key_async (store, key, NULL, got_result_cb, &wait);
  g_assert_true (vd_organization_store_delete_api_key_finish (store, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpuint (g_list_model_get_n_items (keys), ==, 0);
}

static void
test_account_reload_and_sign_out (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, "gustavo7@acme.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(VdTestResponse) check = NULL;
  g_autofree char *token = NULL;
  Wait wait = { 0 };

  vd_account_reload_async (account, NULL, got_result_cb, &wait);
  g_assert_true (vd_account_reload_finish (account, wait_result (&wait), &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_assert_cmpstr (vd_user_get_first_name (vd_account_get_user (account)), ==, "Gustavo");
  g_assert_cmpint (vd_organization_get_role (vd_account_get_current_organization (account)), ==, VD_ROLE_MEMBER);

  wait.done = FALSE;
  vd_account_sign_out_async (account, NULL, got_result_cb, &wait);
  g_assert_true (vd_account_sign_out_finish (account, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_false (vd_account_get_signed_in (account));
  g_assert_false (vd_client_get_signed_in (vd_account_get_client (account)));
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_organizations (account)), ==, 0);
}


static gboolean
account_call_ok (VdAccount *account,
                 Wait      *wait)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = vd_account_finish (account, wait_result (wait), &error);

  g_assert_no_error (error);
  g_clear_object (&wait->result);
  wait->done = FALSE;
  return ok;
}

static void
test_account_invitee (void)
{
  g_autoptr(VdAccount) owner = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganizationStore) store = loaded_store (owner);
  g_autoptr(VdInvitation) sent = NULL;
  g_autoptr(VdInvitation) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) client = vd_client_new (demo->base_url, &error);
  g_autoptr(VdAccount) invitee = vd_account_new (client, NULL);
  g_autofree char *code = NULL;
  g_autofree char *token = NULL;
  Wait wait = { 0 };

  vd_organization_store_invite_async (store, "invitee.flow@example.com", VD_ROLE_MEMBER, NULL, NULL, got_result_cb, &wait);
  sent = vd_organization_store_invite_finish (store, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  wait.done = FALSE;

  /* A new person registers (signed in, unverified), then verifies */
  vd_account_register_async (invitee, "Ines", "Flow", "invitee.flow@example.com", VD_TEST_PASSWORD, FALSE,
                             NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (invitee, &wait));
  g_assert_false (vd_user_get_verified (vd_account_get_user (invitee)));
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_organizations (invitee)), ==, 0);

  code = vd_test_outbox_value (demo, "invitee.flow@example.com", "Code");
  vd_account_verify_email_async (invitee, code, NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (invitee, &wait));
  g_assert_true (vd_user_get_verified (vd_account_get_user (invitee)));

  /* The invitation waits for them, with what it grants */
  vd_account_load_received_async (invitee, NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (invitee, &wait));
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_received_invitations (invitee)), ==, 1);
  {
    g_autoptr(VdInvitation) received = g_list_model_get_item (vd_account_get_received_invitations (invitee), 0);

    token = g_strdup (vd_invitation_get_token (received));
    g_assert_cmpstr (vd_invitation_get_organization_name (received), ==, "Acme Studios");
  }

  vd_account_preview_invitation_async (invitee, token, NULL, got_result_cb, &wait);
  preview = vd_account_invitation_finish (invitee, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_cmpstr (vd_invitation_get_email (preview), ==, "invitee.flow@example.com");

  /* Accepting joins: the organization is listed, the invitation gone */
  vd_account_respond_invitation_async (invitee, token, TRUE, NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (invitee, &wait));
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_received_invitations (invitee)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_organizations (invitee)), ==, 1);
  g_assert_cmpstr (vd_organization_get_name (vd_account_get_current_organization (invitee)), ==, "Acme Studios");
}

static void
test_account_reject_and_transfer (void)
{
  g_autoptr(VdAccount) owner = signed_in_account (demo, VD_TEST_OWNER);
  g_autoptr(VdOrganization) labs = g_list_model_get_item (vd_account_get_organizations (owner), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdTestResponse) members = NULL;
  g_autofree char *owner_token = NULL;
  g_autofree char *admin_member_id = NULL;
  JsonArray *items;
  Wait wait = { 0 };

  /* Northwind's invitation to the owner: declined */
  vd_account_load_received_async (owner, NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (owner, &wait));
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_received_invitations (owner)), ==, 1);
  {
    g_autoptr(VdInvitation) northwind = g_list_model_get_item (vd_account_get_received_invitations (owner), 0);

    vd_account_respond_invitation_async (owner, vd_invitation_get_token (northwind), FALSE, NULL, got_result_cb, &wait);
    g_assert_true (account_call_ok (owner, &wait));
  }
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_received_invitations (owner)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_organizations (owner)), ==, 2);

  /* Hand Acme Labs to Bruno: the owner is an admin there afterwards */
  g_assert_cmpstr (vd_organization_get_name (labs), ==, "Acme Labs");
  owner_token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);
  members = vd_test_request_full (demo, "GET", "/members?search=admin%40acme.test", owner_token,
                                  vd_organization_get_id (labs), NULL, NULL, -1);
  items = vd_test_result_array (members);
  admin_member_id = g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));

  vd_account_transfer_ownership_async (owner, labs, admin_member_id, NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (owner, &wait));
  g_assert_cmpint (vd_organization_get_role (labs), ==, VD_ROLE_ADMIN);
}

static void
test_account_profile_password_sessions (void)
{
  g_autoptr(VdAccount) account = signed_in_account (demo, "hanna8@acme.test");
  g_autoptr(VdAccount) other = signed_in_account (demo, "hanna8@acme.test");
  g_autoptr(GListModel) sessions = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  VdAuthSession *other_session = NULL;
  Wait wait = { 0 };

  g_signal_connect (vd_account_get_user (account), "notify", G_CALLBACK (count_notify_cb), counts);
  vd_account_update_profile_async (account, "Hanna", "Schmidt-Berg", NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (account, &wait));
  g_assert_cmpstr (vd_user_get_last_name (vd_account_get_user (account)), ==, "Schmidt-Berg");
  g_assert_cmpuint (count_of (counts, "last-name"), ==, 1);
  g_assert_cmpuint (count_of (counts, "first-name"), ==, 0);

  /* Two sessions; end the other one */
  vd_account_load_sessions_async (account, NULL, got_result_cb, &wait);
  sessions = vd_account_list_finish (account, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  wait.done = FALSE;
  g_assert_cmpuint (g_list_model_get_n_items (sessions), >=, 2);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(VdAuthSession) session = g_list_model_get_item (sessions, i);

      if (!vd_auth_session_get_current (session) && other_session == NULL)
        other_session = session;
    }
  g_assert_nonnull (other_session);

  vd_account_revoke_session_async (account, other_session, NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (account, &wait));

  /* A wrong current password is a field error, and changes nothing */
  vd_account_change_password_async (account, "Not-the-password-9", "New-password-2", NULL, got_result_cb, &wait);
  g_assert_false (vd_account_finish (account, wait_result (&wait), &error));
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_VALIDATION);
  g_assert_nonnull (vd_api_error_lookup_field (error, "current_password"));
  g_clear_error (&error);
  g_clear_object (&wait.result);
  wait.done = FALSE;

  vd_account_change_password_async (account, VD_TEST_PASSWORD, "New-password-2", NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (account, &wait));
  g_free (vd_test_login (demo, "hanna8@acme.test", "New-password-2", NULL));
}

static void
test_account_forgot_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) client = vd_client_new (demo->base_url, &error);
  g_autoptr(VdAccount) account = vd_account_new (client, NULL);
  g_autofree char *code = NULL;
  g_autofree char *reset_token = NULL;
  Wait wait = { 0 };

  vd_account_request_reset_async (account, "jonas10@acme.test", NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (account, &wait));
  code = vd_test_outbox_value (demo, "jonas10@acme.test", "Code");
  g_assert_nonnull (code);

  vd_account_verify_reset_async (account, "jonas10@acme.test", code, NULL, got_result_cb, &wait);
  reset_token = vd_account_reset_token_finish (account, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  wait.done = FALSE;

  vd_account_set_password_async (account, reset_token, "Reset-password-3", NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (account, &wait));
  g_free (vd_test_login (demo, "jonas10@acme.test", "Reset-password-3", NULL));

  /* Asking for a code again is always fine */
  vd_account_resend_code_async (account, "jonas10@acme.test", NULL, got_result_cb, &wait);
  g_assert_true (account_call_ok (account, &wait));
}

static gboolean
set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
signed_out_cb (VdAccount    *account,
               const GError *reason,
               gpointer      user_data)
{
  g_assert_error (reason, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED);
  (*(guint *) user_data)++;
}

static void
test_account_signed_out_on_refresh_failure (void)
{
  g_autoptr(VdTestServer) short_lived = vd_test_server_start ("--demo", "--access-ttl", "1", NULL);
  g_autoptr(VdAccount) account = signed_in_account (short_lived, VD_TEST_ADMIN);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) thief = vd_client_new (short_lived->base_url, &error);
  g_autofree char *stolen = vd_client_dup_refresh_token (vd_account_get_client (account));
  g_autoptr(VdOrganizationStore) store = NULL;
  g_autoptr(JsonObject) user = NULL;
  guint signed_out = 0;
  gboolean expired = FALSE;
  Wait wait = { 0 };

  /* Someone else uses the refresh token first: the account's refresh is
   * then a reuse, and the server ends the session */
  vd_client_restore_async (thief, stolen, NULL, got_result_cb, &wait);
  user = vd_client_auth_finish (thief, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  g_signal_connect (account, "signed-out", G_CALLBACK (signed_out_cb), &signed_out);

  /* The access token lives one second: wait past its expiry, a fixed
   * deadline on the server's clock, not a race */
  g_timeout_add (1500, set_true_cb, &expired);
  wait_for (&expired);

  store = vd_organization_store_new (vd_account_get_client (account),
                                     vd_organization_get_id (vd_account_get_current_organization (account)));
  wait.done = FALSE;
  vd_organization_store_load_async (store, NULL, got_result_cb, &wait);
  g_assert_false (vd_organization_store_load_finish (store, wait_result (&wait), &error));
  g_assert_error (error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED);
  g_clear_object (&wait.result);

  g_assert_cmpuint (signed_out, ==, 1);
  g_assert_false (vd_account_get_signed_in (account));
  g_assert_null (vd_account_get_current_organization (account));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  demo = vd_test_server_start ("--demo", NULL);

  g_test_add_func ("/vd/store/account/sign-in", test_account_sign_in);
  g_test_add_func ("/vd/store/account/wrong-password", test_account_wrong_password);
  g_test_add_func ("/vd/store/account/switch", test_account_switch);
  g_test_add_func ("/vd/store/account/create-rename", test_account_create_rename);
  g_test_add_func ("/vd/store/account/signed-out-on-refresh-failure", test_account_signed_out_on_refresh_failure);
  g_test_add_func ("/vd/store/load", test_store_load);
  g_test_add_func ("/vd/store/update-member", test_store_update_member);
  g_test_add_func ("/vd/store/update-fails-untouched", test_store_update_fails_untouched);
  g_test_add_func ("/vd/store/last-owner", test_store_last_owner);
  g_test_add_func ("/vd/store/remove-member", test_store_remove_member);
  g_test_add_func ("/vd/store/hide-member", test_store_hide_member);
  g_test_add_func ("/vd/store/invitations", test_store_invitations);
  g_test_add_func ("/vd/store/audit", test_store_audit);
  g_test_add_func ("/vd/store/search", test_store_search);
  g_test_add_func ("/vd/store/pagination", test_store_pagination);
  g_test_add_func ("/vd/store/projects-and-folders", test_store_projects_and_folders);
  g_test_add_func ("/vd/store/resend", test_store_resend);
  g_test_add_func ("/vd/store/api-keys", test_store_api_keys);
  g_test_add_func ("/vd/store/account/reload-and-sign-out", test_account_reload_and_sign_out);
  g_test_add_func ("/vd/store/account/invitee", test_account_invitee);
  g_test_add_func ("/vd/store/account/reject-and-transfer", test_account_reject_and_transfer);
  g_test_add_func ("/vd/store/account/profile-password-sessions", test_account_profile_password_sessions);
  g_test_add_func ("/vd/store/account/forgot-password", test_account_forgot_password);

  status = g_test_run ();
  vd_test_server_free (demo);
  return status;
}
