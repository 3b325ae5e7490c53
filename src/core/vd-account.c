/* vd-account.c — the person signed in to one server, and their organizations
 *
 * The refresh token rotates on every refresh, so the keyring is updated each
 * time the client's tokens change: a restart then restores with the newest
 * token instead of presenting a used one (which the server would take for
 * theft and answer by revoking the session).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-account"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>

#include "vd-account.h"
#include "vd-json.h"

struct _VdAccount
{
  GObject         parent_instance;

  VdClient       *client;
  VdCredentials  *credentials;
  VdUser         *user;
  GListStore     *organizations;
  GListStore     *received;       /* VdInvitation: invitations to the person */
  VdOrganization *current;
  GCancellable   *cancellable;    /* the account's own background work */
  gulong          tokens_changed_id;
  gulong          signed_out_id;
};

G_DEFINE_FINAL_TYPE (VdAccount, vd_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_USER,
  PROP_CURRENT_ORGANIZATION,
  PROP_SIGNED_IN,
  PROP_CREDENTIALS,
  N_PROPS
};

enum {
  SIGNED_OUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* State */

static void
set_user (VdAccount *self,
          VdUser    *user)
{
  gboolean was_signed_in = self->user != NULL;

  if (!g_set_object (&self->user, user))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  if (was_signed_in != (user != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

static void
set_current (VdAccount      *self,
             VdOrganization *organization)
{
  vd_client_set_organization_id (self->client, organization ? vd_organization_get_id (organization) : NULL);

  if (g_set_object (&self->current, organization))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_ORGANIZATION]);
}

static void
forget (VdAccount *self)
{
  set_current (self, NULL);
  g_list_store_remove_all (self->organizations);
  g_list_store_remove_all (self->received);
  set_user (self, NULL);
}

static VdOrganization *
find_organization (VdAccount  *self,
                   const char *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->organizations));

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(VdOrganization) organization = g_list_model_get_item (G_LIST_MODEL (self->organizations), i);

      if (g_strcmp0 (vd_organization_get_id (organization), id) == 0)
        return organization;
    }

  return NULL;
}

static int
compare_organizations (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  g_autofree char *key_a = g_utf8_collate_key (vd_organization_get_name ((VdOrganization *) a), -1);
  g_autofree char *key_b = g_utf8_collate_key (vd_organization_get_name ((VdOrganization *) b), -1);

  return g_strcmp0 (key_a, key_b);
}

static int
compare_organization_pointers (gconstpointer a,
                               gconstpointer b,
                               gpointer      user_data)
{
  return compare_organizations (*(gconstpointer *) a, *(gconstpointer *) b, user_data);
}

/* Merges a list of organization objects into the store: existing objects are
 * updated in place, new ones added, vanished ones removed. Validates all
 * before changing anything. */
static gboolean
merge_organizations (VdAccount  *self,
                     JsonArray  *items,
                     GError    **error)
{
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  VdOrganization *current = NULL;
  const char *wanted = self->user ? vd_user_get_current_organization_id (self->user) : NULL;

  /* First parse everything, so a bad item changes nothing */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      VdOrganization *parsed;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error, vd_api_error_new_protocol ("an organization is not an object"));
          return FALSE;
        }

      parsed = vd_organization_new_from_json (json_node_get_object (node), error);
      if (parsed == NULL)
        return FALSE;
      g_ptr_array_add (fresh, parsed);
    }

  for (guint i = 0; i < fresh->len; i++)
    {
      VdOrganization *parsed = fresh->pdata[i];
      VdOrganization *existing = find_organization (self, vd_organization_get_id (parsed));
      JsonNode *node = json_array_get_element (items, i);

      if (existing != NULL)
        {
          /* Cannot fail: the same object parsed above */
          vd_organization_update_from_json (existing, json_node_get_object (node), NULL);
          g_ptr_array_add (merged, g_object_ref (existing));
        }
      else
        g_ptr_array_add (merged, g_object_ref (parsed));
    }

  g_ptr_array_sort_with_data (merged, compare_organization_pointers, NULL);

  g_list_store_splice (self->organizations, 0, g_list_model_get_n_items (G_LIST_MODEL (self->organizations)),
                       merged->pdata, merged->len);

  for (guint i = 0; i < merged->len && current == NULL; i++)
    if (vd_organization_get_current (merged->pdata[i]))
      current = merged->pdata[i];
  if (current == NULL)
    current = find_organization (self, wanted);
  if (current == NULL && self->current != NULL)
    current = find_organization (self, vd_organization_get_id (self->current));
  if (current == NULL && merged->len > 0)
    current = merged->pdata[0];

  set_current (self, current);
  return TRUE;
}

/* The keyring */

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vd_credentials_store_finish (VD_CREDENTIALS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot remember the session: %s", error->message);
}

static void
remember_session (VdAccount *self)
{
  g_autofree char *token = NULL;

  if (self->credentials == NULL || self->user == NULL)
    return;

  token = vd_client_dup_refresh_token (self->client);
  if (token == NULL)
    return;

  vd_credentials_store_async (self->credentials, vd_client_get_base_url (self->client),
                              vd_user_get_email (self->user), token, self->cancellable,
                              stored_cb, NULL);
  vd_client_free_secret (g_steal_pointer (&token));
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vd_credentials_clear_finish (VD_CREDENTIALS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot forget the session: %s", error->message);
}

static void
forget_session (VdAccount  *self,
                const char *email)
{
  if (self->credentials == NULL || email == NULL)
    return;

  vd_credentials_clear_async (self->credentials, vd_client_get_base_url (self->client), email,
                              NULL, cleared_cb, NULL);
}

static void
tokens_changed_cb (VdAccount *self)
{
  if (vd_client_get_signed_in (self->client))
    remember_session (self);
}

static void
client_signed_out_cb (VdAccount    *self,
                      const GError *reason)
{
  g_autofree char *email = self->user ? g_strdup (vd_user_get_email (self->user)) : NULL;

  forget_session (self, email);
  forget (self);
  g_signal_emit (self, signals[SIGNED_OUT], 0, reason);
}

/* Loading after authentication: profile in hand, then the organizations */

static void
organizations_loaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  JsonNode *items;

  if (root == NULL ||
      (items = vd_json_envelope_result (root, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_ARRAY (items))
    {
      g_task_return_error (task, vd_api_error_new_protocol ("the organizations are not a list"));
      return;
    }

  if (!merge_organizations (self, json_node_get_array (items), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
load_organizations (VdAccount *self,
                    GTask     *task)
{
  vd_client_request_async (self->client, "GET", "/organizations?limit=500", NULL,
                           VD_REQUEST_NO_ORGANIZATION, g_task_get_cancellable (task),
                           organizations_loaded_cb, task);
}

/* Takes the user of a sign-in answer, then loads the organizations */
static void
signed_in (VdAccount  *self,
           JsonObject *user_object,
           GTask      *task)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdUser) user = vd_user_new_from_json (user_object, &error);

  if (user == NULL)
    {
      vd_client_clear_tokens (self->client);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  set_user (self, user);
  remember_session (self);

  /* Until the email is verified the server lists no organizations: the
   * person is signed in, and vd_account_verify_email loads them */
  if (!vd_user_get_verified (user))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  load_organizations (self, task);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = vd_client_auth_finish (VD_CLIENT (object), result, &error);

  if (user == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  signed_in (self, user, task);
}

void
vd_account_sign_in_async (VdAccount          *self,
                          const char         *email,
                          const char         *password,
                          gboolean            remember_me,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (email != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_sign_in_async);
  vd_client_sign_in_async (self->client, email, password, remember_me, cancellable, sign_in_cb, task);
}

gboolean
vd_account_sign_in_finish (VdAccount     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char *email;
} RestoreData;

static void
restore_data_free (RestoreData *data)
{
  g_free (data->email);
  g_free (data);
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  RestoreData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = vd_client_auth_finish (VD_CLIENT (object), result, &error);

  if (user == NULL)
    {
      /* A refused token will never work again: forget it */
      if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED))
        forget_session (self, data->email);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  signed_in (self, user, task);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  RestoreData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *token = NULL;

  if (!vd_credentials_lookup_finish (VD_CREDENTIALS (object), result, &data->email, &token, &error))
    {
      /* No keyring is no remembered session, not a failure to show */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_warning ("Cannot look up a remembered session: %s", error->message);
          g_task_return_boolean (task, FALSE);
        }
      g_object_unref (task);
      return;
    }

  if (token == NULL)
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }

  vd_client_restore_async (self->client, token, g_task_get_cancellable (task), restored_cb, task);
  vd_client_free_secret (token);
}

void
vd_account_restore_async (VdAccount          *self,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (VD_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_restore_async);
  g_task_set_task_data (task, g_new0 (RestoreData, 1), (GDestroyNotify) restore_data_free);

  if (self->credentials == NULL)
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }

  vd_credentials_lookup_async (self->credentials, vd_client_get_base_url (self->client),
                               cancellable, looked_up_cb, task);
}

gboolean
vd_account_restore_finish (VdAccount     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Forgotten here whatever the server said */
  if (!vd_client_sign_out_finish (VD_CLIENT (object), result, &error))
    g_debug ("The server did not confirm the sign-out: %s", error->message);

  g_task_return_boolean (task, TRUE);
  g_signal_emit (self, signals[SIGNED_OUT], 0, NULL);
}

void
vd_account_sign_out_async (VdAccount          *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *email = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_sign_out_async);

  email = self->user ? g_strdup (vd_user_get_email (self->user)) : NULL;
  forget_session (self, email);
  forget (self);
  vd_client_sign_out_async (self->client, NULL, signed_out_cb, g_steal_pointer (&task));
}

gboolean
vd_account_sign_out_finish (VdAccount     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
profile_reloaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  JsonNode *user;

  if (root == NULL || (user = vd_json_envelope_result (root, &error)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (user) ||
      (self->user != NULL && !vd_user_update_from_json (self->user, json_node_get_object (user), &error)))
    {
      g_task_return_error (task, error ? g_steal_pointer (&error)
                                       : vd_api_error_new_protocol ("the profile is not an object"));
      g_object_unref (task);
      return;
    }

  load_organizations (self, task);
}

void
vd_account_reload_async (VdAccount          *self,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (VD_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_reload_async);
  vd_client_request_async (self->client, "GET", "/auth/profiles", NULL, VD_REQUEST_NO_ORGANIZATION,
                           cancellable, profile_reloaded_cb, task);
}

gboolean
vd_account_reload_finish (VdAccount     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* {"key": "value", …} from NULL-terminated pairs of strings */
G_GNUC_NULL_TERMINATED
static JsonNode *
string_body (const char *first_key,
             ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, va_arg (args, const char *));
    }
  va_end (args);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Answers that carry one organization: update it in place (or add it) */
static VdOrganization *
take_organization (VdAccount  *self,
                   JsonNode   *root,
                   GError    **error)
{
  g_autoptr(VdOrganization) parsed = NULL;
  VdOrganization *existing;
  JsonNode *node = vd_json_envelope_result (root, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_propagate_error (error, vd_api_error_new_protocol ("the organization is not an object"));
      return NULL;
    }

  parsed = vd_organization_new_from_json (json_node_get_object (node), error);
  if (parsed == NULL)
    return NULL;

  existing = find_organization (self, vd_organization_get_id (parsed));
  if (existing != NULL)
    {
      vd_organization_update_from_json (existing, json_node_get_object (node), NULL);
      return g_object_ref (existing);
    }

  g_list_store_insert_sorted (self->organizations, parsed, compare_organizations, NULL);
  return g_steal_pointer (&parsed);
}

static void
switched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  g_autoptr(VdOrganization) organization = root ? take_organization (self, root, &error) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->organizations));

  if (organization == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Only one is current: the others learn it without a reload */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VdOrganization) other = g_list_model_get_item (G_LIST_MODEL (self->organizations), i);

      if (other != organization)
        vd_organization_set_current (other, FALSE);
    }

  set_current (self, organization);
  g_task_return_boolean (task, TRUE);
}

void
vd_account_switch_async (VdAccount          *self,
                         VdOrganization     *organization,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (VD_IS_ORGANIZATION (organization));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_switch_async);

  path = vd_client_path ("/organizations/", vd_organization_get_id (organization), "/switch");
  vd_client_request_async (self->client, "POST", path, NULL, VD_REQUEST_NO_ORGANIZATION,
                           cancellable, switched_cb, g_steal_pointer (&task));
}

gboolean
vd_account_switch_finish (VdAccount     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
organization_answer_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  VdOrganization *organization = root ? take_organization (self, root, &error) : NULL;

  if (organization == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, organization, g_object_unref);
}

void
vd_account_create_organization_async (VdAccount          *self,
                                      const char         *name,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_create_organization_async);
  body = string_body ("name", name, NULL);
  vd_client_request_async (self->client, "POST", "/organizations", body, VD_REQUEST_NO_ORGANIZATION,
                           cancellable, organization_answer_cb, g_steal_pointer (&task));
}

VdOrganization *
vd_account_create_organization_finish (VdAccount     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vd_account_rename_organization_async (VdAccount          *self,
                                      VdOrganization     *organization,
                                      const char         *name,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (VD_IS_ORGANIZATION (organization));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_rename_organization_async);
  body = string_body ("name", name, NULL);
  path = vd_client_path ("/organizations/", vd_organization_get_id (organization), NULL);
  vd_client_request_async (self->client, "PUT", path, body, VD_REQUEST_NO_ORGANIZATION,
                           cancellable, organization_answer_cb, g_steal_pointer (&task));
}

gboolean
vd_account_rename_organization_finish (VdAccount     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_autoptr(VdOrganization) organization = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  organization = g_task_propagate_pointer (G_TASK (result), error);
  return organization != NULL;
}


/* The rest of the person's business */

typedef gboolean (*AnswerFunc) (VdAccount  *self,
                                JsonNode   *root,
                                GError    **error);

static void
boolean_call_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  AnswerFunc answer = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);

  if (root == NULL || (answer != NULL && !answer (self, root, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* A call whose answer answer() takes in (may be NULL); finishes with a boolean */
static void
boolean_call (VdAccount          *self,
              gpointer            source_tag,
              const char         *method,
              const char         *path,
              JsonNode           *body,
              VdRequestFlags      flags,
              AnswerFunc          answer,
              GCancellable       *cancellable,
              GAsyncReadyCallback callback,
              gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, answer, NULL);
  vd_client_request_async (self->client, method, path, body, flags, cancellable, boolean_call_cb, task);
}

gboolean
vd_account_finish (VdAccount     *self,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
take_organization_answer (VdAccount  *self,
                          JsonNode   *root,
                          GError    **error)
{
  g_autoptr(VdOrganization) organization = take_organization (self, root, error);

  return organization != NULL;
}

void
vd_account_transfer_ownership_async (VdAccount          *self,
                                     VdOrganization     *organization,
                                     const char         *member_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (VD_IS_ORGANIZATION (organization));
  g_return_if_fail (member_id != NULL);

  body = string_body ("member_id", member_id, NULL);
  path = vd_client_path ("/organizations/", vd_organization_get_id (organization), "/transfer-ownership");
  boolean_call (self, vd_account_transfer_ownership_async, "POST", path, body, VD_REQUEST_NO_ORGANIZATION,
                take_organization_answer, cancellable, callback, user_data);
}

static gboolean
take_received (VdAccount  *self,
               JsonNode   *root,
               GError    **error)
{
  g_autoptr(GPtrArray) invitations = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *result = vd_json_envelope_result (root, error);
  JsonArray *array;

  if (result == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (result))
    {
      g_propagate_error (error, vd_api_error_new_protocol ("the invitations are not a list"));
      return FALSE;
    }

  array = json_node_get_array (result);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      VdInvitation *invitation;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error, vd_api_error_new_protocol ("an invitation is not an object"));
          return FALSE;
        }
      invitation = vd_invitation_new_from_json (NULL, json_node_get_object (node), error);
      if (invitation == NULL)
        return FALSE;
      g_ptr_array_add (invitations, invitation);
    }

  g_list_store_splice (self->received, 0, g_list_model_get_n_items (G_LIST_MODEL (self->received)),
                       invitations->pdata, invitations->len);
  return TRUE;
}

void
vd_account_load_received_async (VdAccount          *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (VD_IS_ACCOUNT (self));

  boolean_call (self, vd_account_load_received_async, "GET", "/members/invitations/received", NULL,
                VD_REQUEST_NO_ORGANIZATION, take_received, cancellable, callback, user_data);
}

GListModel *
vd_account_get_received_invitations (VdAccount *self)
{
  g_return_val_if_fail (VD_IS_ACCOUNT (self), NULL);

  return G_LIST_MODEL (self->received);
}

static void
previewed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  JsonNode *node = root ? vd_json_envelope_result (root, &error) : NULL;
  VdInvitation *invitation = NULL;

  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    g_set_error_literal (&error, VD_API_ERROR, VD_API_ERROR_PROTOCOL,
                         vd_api_error_describe (VD_API_ERROR_PROTOCOL, NULL));
  else if (node != NULL)
    invitation = vd_invitation_new_from_json (NULL, json_node_get_object (node), &error);

  if (invitation == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, invitation, g_object_unref);
}

void
vd_account_preview_invitation_async (VdAccount          *self,
                                     const char         *token,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_preview_invitation_async);
  path = vd_client_path ("/members/invitations/token/", token, NULL);
  vd_client_request_async (self->client, "GET", path, NULL, VD_REQUEST_NO_AUTH | VD_REQUEST_NO_ORGANIZATION,
                           cancellable, previewed_cb, g_steal_pointer (&task));
}

VdInvitation *
vd_account_invitation_finish (VdAccount     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char     *token;
  gboolean  accept;
} Response;

static void
response_free (Response *response)
{
  g_free (response->token);
  g_free (response);
}

static void
responded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  Response *response = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->received));

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* Answered: no longer waiting for the person */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VdInvitation) invitation = g_list_model_get_item (G_LIST_MODEL (self->received), i);

      if (g_strcmp0 (vd_invitation_get_token (invitation), response->token) == 0)
        {
          g_list_store_remove (self->received, i);
          break;
        }
    }

  /* A new organization to list (and maybe to be in) */
  if (response->accept)
    load_organizations (self, task);
  else
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

void
vd_account_respond_invitation_async (VdAccount          *self,
                                     const char         *token,
                                     gboolean            accept,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  GTask *task;
  Response *response;
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_respond_invitation_async);
  response = g_new0 (Response, 1);
  response->token = g_strdup (token);
  response->accept = accept;
  g_task_set_task_data (task, response, (GDestroyNotify) response_free);

  path = vd_client_path ("/members/invitations/token/", token, accept ? "/accept" : "/reject");
  vd_client_request_async (self->client, "POST", path, NULL, VD_REQUEST_NO_ORGANIZATION,
                           cancellable, responded_cb, task);
}

static gboolean
take_user (VdAccount  *self,
           JsonNode   *root,
           GError    **error)
{
  JsonNode *user = vd_json_envelope_result (root, error);

  if (user == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (user))
    {
      g_propagate_error (error, vd_api_error_new_protocol ("the user is not an object"));
      return FALSE;
    }

  return self->user == NULL || vd_user_update_from_json (self->user, json_node_get_object (user), error);
}

void
vd_account_update_profile_async (VdAccount          *self,
                                 const char         *first_name,
                                 const char         *last_name,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (first_name != NULL && last_name != NULL);

  body = string_body ("first_name", first_name, "last_name", last_name, NULL);
  boolean_call (self, vd_account_update_profile_async, "PUT", "/auth/profiles", body,
                VD_REQUEST_NO_ORGANIZATION, take_user, cancellable, callback, user_data);
}

void
vd_account_change_password_async (VdAccount          *self,
                                  const char         *current_password,
                                  const char         *new_password,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (current_password != NULL && new_password != NULL);

  body = string_body ("current_password", current_password, "new_password", new_password, NULL);
  boolean_call (self, vd_account_change_password_async, "POST", "/auth/update-password", body,
                VD_REQUEST_NO_ORGANIZATION, NULL, cancellable, callback, user_data);
}

static void
sessions_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  g_autoptr(GListStore) sessions = g_list_store_new (VD_TYPE_AUTH_SESSION);
  JsonNode *node = root ? vd_json_envelope_result (root, &error) : NULL;

  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_task_return_error (task, vd_api_error_new_protocol ("the sessions are not a list"));
      return;
    }

  for (guint i = 0; node != NULL && i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (node), i);
      g_autoptr(VdAuthSession) session = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item) ||
          (session = vd_auth_session_new_from_json (json_node_get_object (item), &error)) == NULL)
        {
          g_task_return_error (task, error ? g_steal_pointer (&error)
                                           : vd_api_error_new_protocol ("a session is not an object"));
          return;
        }
      g_list_store_append (sessions, session);
    }

  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&sessions), g_object_unref);
}

void
vd_account_load_sessions_async (VdAccount          *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_load_sessions_async);
  vd_client_request_async (self->client, "GET", "/auth/sessions", NULL, VD_REQUEST_NO_ORGANIZATION,
                           cancellable, sessions_cb, g_steal_pointer (&task));
}

GListModel *
vd_account_list_finish (VdAccount     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vd_account_revoke_session_async (VdAccount          *self,
                                 VdAuthSession      *session,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (VD_IS_AUTH_SESSION (session));

  path = vd_client_path ("/auth/sessions/", vd_auth_session_get_id (session), NULL);
  boolean_call (self, vd_account_revoke_session_async, "DELETE", path, NULL, VD_REQUEST_NO_ORGANIZATION,
                NULL, cancellable, callback, user_data);
}

void
vd_account_register_async (VdAccount          *self,
                           const char         *first_name,
                           const char         *last_name,
                           const char         *email,
                           const char         *password,
                           gboolean            newsletter,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (VD_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_register_async);
  /* Signed in at once, like a sign-in */
  vd_client_register_async (self->client, first_name, last_name, email, password, newsletter,
                            cancellable, sign_in_cb, task);
}

/* Verified: now the organizations can be listed */
static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  VdAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);

  if (root == NULL || !take_user (self, root, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  load_organizations (self, task);
}

void
vd_account_verify_email_async (VdAccount          *self,
                               const char         *code,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task;
  g_autofree char *email = NULL;
  g_autofree char *escaped_code = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (self->user != NULL);
  g_return_if_fail (code != NULL);

  email = vd_client_escape (vd_user_get_email (self->user));
  escaped_code = vd_client_escape (code);
  path = g_strdup_printf ("/auth/verify/%s/%s", email, escaped_code);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_verify_email_async);
  vd_client_request_async (self->client, "GET", path, NULL, VD_REQUEST_NO_ORGANIZATION,
                           cancellable, verified_cb, task);
}

void
vd_account_resend_code_async (VdAccount          *self,
                              const char         *email,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (email != NULL);

  body = string_body ("email", email, NULL);
  boolean_call (self, vd_account_resend_code_async, "POST", "/auth/resend-otp", body,
                VD_REQUEST_NO_AUTH | VD_REQUEST_NO_ORGANIZATION, NULL, cancellable, callback, user_data);
}

void
vd_account_request_reset_async (VdAccount          *self,
                                const char         *email,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (email != NULL);

  body = string_body ("email", email, NULL);
  boolean_call (self, vd_account_request_reset_async, "POST", "/auth/forgot-password", body,
                VD_REQUEST_NO_AUTH | VD_REQUEST_NO_ORGANIZATION, NULL, cancellable, callback, user_data);
}

static void
reset_verified_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  JsonNode *node = root ? vd_json_envelope_result (root, &error) : NULL;
  const char *token = NULL;

  if (node != NULL &&
      (!JSON_NODE_HOLDS_OBJECT (node) ||
       !vd_json_require_string (json_node_get_object (node), "reset_token", &token, &error)))
    {
      g_task_return_error (task, error ? g_steal_pointer (&error)
                                       : vd_api_error_new_protocol ("the answer is not an object"));
      return;
    }

  if (token == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_strdup (token), g_free);
}

void
vd_account_verify_reset_async (VdAccount          *self,
                               const char         *email,
                               const char         *code,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (email != NULL && code != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_account_verify_reset_async);
  body = string_body ("email", email, "otp", code, NULL);
  vd_client_request_async (self->client, "POST", "/auth/forgot-password/verify-otp", body,
                           VD_REQUEST_NO_AUTH | VD_REQUEST_NO_ORGANIZATION, cancellable,
                           reset_verified_cb, g_steal_pointer (&task));
}

char *
vd_account_reset_token_finish (VdAccount     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vd_account_set_password_async (VdAccount          *self,
                               const char         *reset_token,
                               const char         *password,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ACCOUNT (self));
  g_return_if_fail (reset_token != NULL && password != NULL);

  body = string_body ("reset_token", reset_token, "password", password, NULL);
  boolean_call (self, vd_account_set_password_async, "POST", "/auth/forgot-password/set", body,
                VD_REQUEST_NO_AUTH | VD_REQUEST_NO_ORGANIZATION, NULL, cancellable, callback, user_data);
}

/* GObject */

VdAccount *
vd_account_new (VdClient      *client,
                VdCredentials *credentials)
{
  g_return_val_if_fail (VD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (credentials == NULL || VD_IS_CREDENTIALS (credentials), NULL);

  return g_object_new (VD_TYPE_ACCOUNT,
                       "client", client,
                       "credentials", credentials,
                       NULL);
}

VdClient *
vd_account_get_client (VdAccount *self)
{
  g_return_val_if_fail (VD_IS_ACCOUNT (self), NULL);

  return self->client;
}

VdUser *
vd_account_get_user (VdAccount *self)
{
  g_return_val_if_fail (VD_IS_ACCOUNT (self), NULL);

  return self->user;
}

GListModel *
vd_account_get_organizations (VdAccount *self)
{
  g_return_val_if_fail (VD_IS_ACCOUNT (self), NULL);

  return G_LIST_MODEL (self->organizations);
}

VdOrganization *
vd_account_get_current_organization (VdAccount *self)
{
  g_return_val_if_fail (VD_IS_ACCOUNT (self), NULL);

  return self->current;
}

gboolean
vd_account_get_signed_in (VdAccount *self)
{
  g_return_val_if_fail (VD_IS_ACCOUNT (self), FALSE);

  return self->user != NULL;
}

static void
vd_account_constructed (GObject *object)
{
  VdAccount *self = VD_ACCOUNT (object);

  G_OBJECT_CLASS (vd_account_parent_class)->constructed (object);

  self->tokens_changed_id = g_signal_connect_object (self->client, "tokens-changed",
                                                     G_CALLBACK (tokens_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
  self->signed_out_id = g_signal_connect_object (self->client, "signed-out",
                                                 G_CALLBACK (client_signed_out_cb), self,
                                                 G_CONNECT_SWAPPED);
}

static void
vd_account_dispose (GObject *object)
{
  VdAccount *self = VD_ACCOUNT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->tokens_changed_id, self->client);
  g_clear_signal_handler (&self->signed_out_id, self->client);
  g_clear_object (&self->current);
  g_clear_object (&self->user);
  if (self->organizations != NULL)
    g_list_store_remove_all (self->organizations);

  G_OBJECT_CLASS (vd_account_parent_class)->dispose (object);
}

static void
vd_account_finalize (GObject *object)
{
  VdAccount *self = VD_ACCOUNT (object);

  g_clear_object (&self->organizations);
  g_clear_object (&self->received);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->credentials);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (vd_account_parent_class)->finalize (object);
}

static void
vd_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VdAccount *self = VD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_USER:
      g_value_set_object (value, self->user);
      break;

    case PROP_CURRENT_ORGANIZATION:
      g_value_set_object (value, self->current);
      break;

    case PROP_SIGNED_IN:
      g_value_set_boolean (value, vd_account_get_signed_in (self));
      break;

    case PROP_CREDENTIALS:
      g_value_set_object (value, self->credentials);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  VdAccount *self = VD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_account_class_init (VdAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vd_account_constructed;
  object_class->dispose = vd_account_dispose;
  object_class->finalize = vd_account_finalize;
  object_class->get_property = vd_account_get_property;
  object_class->set_property = vd_account_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, VD_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, VD_TYPE_USER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_ORGANIZATION] =
    g_param_spec_object ("current-organization", NULL, NULL, VD_TYPE_ORGANIZATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, VD_TYPE_CREDENTIALS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNED_OUT] =
    g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vd_account_init (VdAccount *self)
{
  self->organizations = g_list_store_new (VD_TYPE_ORGANIZATION);
  self->received = g_list_store_new (VD_TYPE_INVITATION);
  self->cancellable = g_cancellable_new ();
}
