/* vd-credentials.c — the refresh token in the Secret Service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-credentials"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "vd-credentials.h"

#define ATTRIBUTE_SERVER    "server"
#define ATTRIBUTE_EMAIL     "email"
#define ATTRIBUTE_STORED_AT "stored_at"

struct _VdCredentials
{
  GObject   parent_instance;

  gint64    last_stamp;  /* the last "stored_at" this object wrote */
  GQueue    waiting;     /* GTask (owned): operations not started yet, in call order */
  gboolean  running;     /* an operation is talking to the Secret Service */
};

G_DEFINE_FINAL_TYPE (VdCredentials, vd_credentials, G_TYPE_OBJECT)

static const SecretSchema session_schema = {
  "com.vidinfra.Admin.Session", SECRET_SCHEMA_NONE,
  {
    { ATTRIBUTE_SERVER, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { ATTRIBUTE_EMAIL, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { ATTRIBUTE_STORED_AT, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* One operation's state; the token only ever as a SecretValue (wiped when freed) */
typedef struct
{
  GAsyncReadyCallback  service_got;   /* the first step, once it is our turn */
  gulong               cancelled_id;  /* while waiting */
  char                *server_url;
  char                *email;
  SecretValue         *token;         /* store */
  gint64               stamp;         /* store: our "stored_at" */
  SecretService       *service;
  GList               *doomed;        /* SecretItem: still to delete, the head first */
} OperationData;

typedef struct
{
  char *email;
  char *refresh_token;       /* wiped when freed */
} LookupResult;

static void
operation_data_free (OperationData *data)
{
  g_free (data->server_url);
  g_free (data->email);
  g_clear_pointer (&data->token, secret_value_unref);
  g_clear_object (&data->service);
  g_list_free_full (data->doomed, g_object_unref);
  g_free (data);
}

static void
lookup_result_free (LookupResult *found)
{
  g_free (found->email);
  secret_password_free (found->refresh_token);
  g_free (found);
}

/* Borrows the strings; NULL ones are left out */
static GHashTable *
attributes_new (const char *server_url,
                const char *email,
                const char *stored_at)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_SERVER, (gpointer) server_url);
  if (email != NULL)
    g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_EMAIL, (gpointer) email);
  if (stored_at != NULL)
    g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_STORED_AT, (gpointer) stored_at);

  return attributes;
}

/* An unreadable or missing "stored_at" counts as the oldest */
static gint64
item_get_stamp (SecretItem *item)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);
  const char *text = g_hash_table_lookup (attributes, ATTRIBUTE_STORED_AT);
  guint64 stamp;

  if (text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64 - 1, &stamp, NULL))
    return 0;

  return (gint64) stamp;
}

static char *
item_dup_email (SecretItem *item)
{
  g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);

  return g_strdup (g_hash_table_lookup (attributes, ATTRIBUTE_EMAIL));
}

/* The item stored last: highest "stored_at", then latest modified */
static SecretItem *
find_newest_item (GList *items)
{
  SecretItem *newest = NULL;
  gint64 newest_stamp = -1;

  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretItem *item = l->data;
      g_autofree char *email = item_dup_email (item);
      gint64 stamp = item_get_stamp (item);

      if (email == NULL || *email == '\0')
        continue;

      if (newest == NULL || stamp > newest_stamp ||
          (stamp == newest_stamp &&
           secret_item_get_modified (item) > secret_item_get_modified (newest)))
        {
          newest = item;
          newest_stamp = stamp;
        }
    }

  return newest;
}

/* libsecret warns and never calls back on invalid UTF-8: refuse it first */
static gboolean
check_text (GTask      *task,
            const char *what,
            const char *text)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The %s is not valid UTF-8", what);
  return FALSE;
}

static GTask *
operation_new (VdCredentials       *self,
               const char          *server_url,
               const char          *email,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  OperationData *data = g_new0 (OperationData, 1);

  g_task_set_source_tag (task, source_tag);
  data->server_url = g_strdup (server_url);
  data->email = g_strdup (email);
  g_task_set_task_data (task, data, (GDestroyNotify) operation_data_free);

  return g_steal_pointer (&task);
}

/*
 * One operation at a time per object, in call order: "the last stored" is the last
 * call, one account's stores never race, and a search never sees one of our own
 * items vanish (when an item disappears while secret_service_search loads the items
 * it found, libsecret 0.20.5 returns its task twice: a critical, and an error). An
 * operation cancelled while it waits ends at once; one already started runs to its
 * end in the keyring and then reports the cancellation (GTask checks the
 * cancellable), because a libsecret call cancelled half-way goes on in the daemon
 * and can delete items under the next operation's search.
 */
static void operation_run_next (VdCredentials *self);

static void
operation_disconnect_cancelled (GTask *task)
{
  OperationData *data = g_task_get_task_data (task);

  if (data->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
      data->cancelled_id = 0;
    }
}

static void
operation_completed_cb (GTask         *task,
                        GParamSpec    *pspec,
                        VdCredentials *self)
{
  g_signal_handlers_disconnect_by_func (task, operation_completed_cb, self);
  self->running = FALSE;
  operation_run_next (self);
}

static void
operation_run_next (VdCredentials *self)
{
  GTask *task;

  while (!self->running && (task = g_queue_pop_head (&self->waiting)) != NULL)
    {
      OperationData *data = g_task_get_task_data (task);

      operation_disconnect_cancelled (task);
      if (g_task_return_error_if_cancelled (task))
        {
          g_object_unref (task);
          continue;
        }

      self->running = TRUE;
      g_signal_connect (task, "notify::completed", G_CALLBACK (operation_completed_cb), self);
      secret_service_get (SECRET_SERVICE_OPEN_SESSION, NULL, data->service_got, task);
    }
}

/* In the task's context, outside the "cancelled" emission (no disconnecting inside it) */
static gboolean
waiting_cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  VdCredentials *self = g_task_get_source_object (task);

  if (g_queue_remove (&self->waiting, task))
    {
      operation_disconnect_cancelled (task);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

static void
waiting_cancelled_cb (GCancellable *cancellable,
                      GTask        *task)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, waiting_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
}

/* Takes the task */
static void
operation_queue (GTask               *task,
                 GAsyncReadyCallback  service_got)
{
  VdCredentials *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  data->service_got = service_got;
  g_queue_push_tail (&self->waiting, task);
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (waiting_cancelled_cb),
                                                task, NULL);

  operation_run_next (self);
}

/* Deletes data->doomed one after the other, then returns TRUE. Takes the task. */
static void delete_next_item (GTask *task_owned);

static void
item_deleted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Gone already (removed by another process, or by the person in Seahorse) is fine */
  if (!secret_item_delete_finish (SECRET_ITEM (object), result, &error) &&
      !g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_object_unref (data->doomed->data);
  data->doomed = g_list_delete_link (data->doomed, data->doomed);
  delete_next_item (g_steal_pointer (&task));
}

static void
delete_next_item (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  GCancellable *cancellable = NULL;   /* a started operation runs to its end */
  OperationData *data = g_task_get_task_data (task);

  if (data->doomed == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_item_delete (data->doomed->data, cancellable,
                      item_deleted_cb, g_steal_pointer (&task));
}

/*
 * Store: get the service → search the server's items (for the next stamp) → store
 * the new item → search the account's items → delete those older than ours.
 * Creating before deleting never loses the session; deleting only older items lets
 * two stores of one account from two objects (or processes) that overlap leave the
 * newer one, not none.
 */
static void
account_searched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_service_search_finish (data->service, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      if (item_get_stamp (l->data) < data->stamp)
        data->doomed = g_list_prepend (data->doomed, g_object_ref (l->data));
    }
  g_list_free_full (items, g_object_unref);

  delete_next_item (g_steal_pointer (&task));
}

static void
item_stored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = NULL;   /* a started operation runs to its end */
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (data->service, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&data->token, secret_value_unref);

  attributes = attributes_new (data->server_url, data->email, NULL);
  secret_service_search (data->service, &session_schema, attributes, SECRET_SEARCH_ALL,
                         cancellable, account_searched_cb,
                         g_steal_pointer (&task));
}

static void
server_searched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = NULL;   /* a started operation runs to its end */
  VdCredentials *self = g_task_get_source_object (task);
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_at = NULL;
  g_autofree char *label = NULL;
  gint64 newest = self->last_stamp;
  GList *items;

  items = secret_service_search_finish (data->service, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Later than anything stored on this server, whatever the clock says */
  for (GList *l = items; l != NULL; l = l->next)
    newest = MAX (newest, item_get_stamp (l->data));
  g_list_free_full (items, g_object_unref);

  data->stamp = MAX (g_get_real_time (), newest + 1);
  self->last_stamp = data->stamp;

  stored_at = g_strdup_printf ("%" G_GINT64_FORMAT, data->stamp);
  /* Translators: the name of the keyring item that keeps a signed-in session;
   * the first %s is an email address, the second the server's URL */
  label = g_strdup_printf (_("Vidinfra session for %s on %s"), data->email, data->server_url);
  attributes = attributes_new (data->server_url, data->email, stored_at);

  secret_service_store (data->service, &session_schema, attributes, SECRET_COLLECTION_DEFAULT,
                        label, data->token, cancellable,
                        item_stored_cb, g_steal_pointer (&task));
}

static void
store_service_got_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = NULL;   /* a started operation runs to its end */
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;

  data->service = secret_service_get_finish (result, &error);
  if (data->service == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  attributes = attributes_new (data->server_url, NULL, NULL);
  secret_service_search (data->service, &session_schema, attributes, SECRET_SEARCH_ALL,
                         cancellable, server_searched_cb,
                         g_steal_pointer (&task));
}

/*
 * Lookup: get the service → search the server's items, unlocking them → load the
 * secret of the newest.
 */
static void
secret_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretItem *item = SECRET_ITEM (object);
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) error = NULL;
  LookupResult *found;
  const char *text;

  if (!secret_item_load_secret_finish (item, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  value = secret_item_get_secret (item);
  if (value == NULL)
    {
      g_task_return_new_error (task, SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                               _("The keyring holding the session is locked"));
      return;
    }

  text = secret_value_get_text (value);
  if (text == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The remembered session cannot be read"));
      return;
    }

  found = g_new0 (LookupResult, 1);
  found->email = item_dup_email (item);
  found->refresh_token = g_strdup (text);
  g_task_return_pointer (task, found, (GDestroyNotify) lookup_result_free);
}

static void
server_items_found_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = NULL;   /* a started operation runs to its end */
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *items;
  SecretItem *newest;

  items = secret_service_search_finish (data->service, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  newest = find_newest_item (items);
  if (newest == NULL)
    g_task_return_pointer (task, g_new0 (LookupResult, 1), (GDestroyNotify) lookup_result_free);
  else
    secret_item_load_secret (newest, cancellable,
                             secret_loaded_cb, g_steal_pointer (&task));

  g_list_free_full (items, g_object_unref);
}

static void
lookup_service_got_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = NULL;   /* a started operation runs to its end */
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;

  data->service = secret_service_get_finish (result, &error);
  if (data->service == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  attributes = attributes_new (data->server_url, NULL, NULL);
  secret_service_search (data->service, &session_schema, attributes,
                         SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                         cancellable, server_items_found_cb,
                         g_steal_pointer (&task));
}

/*
 * Clear: get the service → search the account's items, unlocking them → delete them.
 */
static void
account_items_found_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->doomed = secret_service_search_finish (data->service, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  delete_next_item (g_steal_pointer (&task));
}

static void
clear_service_got_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = NULL;   /* a started operation runs to its end */
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;

  data->service = secret_service_get_finish (result, &error);
  if (data->service == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  attributes = attributes_new (data->server_url, data->email, NULL);
  secret_service_search (data->service, &session_schema, attributes,
                         SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                         cancellable, account_items_found_cb,
                         g_steal_pointer (&task));
}

static void
vd_credentials_class_init (VdCredentialsClass *klass)
{
}

static void
vd_credentials_init (VdCredentials *self)
{
  g_queue_init (&self->waiting);
}

VdCredentials *
vd_credentials_new (void)
{
  return g_object_new (VD_TYPE_CREDENTIALS, NULL);
}

void
vd_credentials_store_async (VdCredentials       *self,
                            const char          *server_url,
                            const char          *email,
                            const char          *refresh_token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OperationData *data;

  g_return_if_fail (VD_IS_CREDENTIALS (self));
  g_return_if_fail (server_url != NULL && *server_url != '\0');
  g_return_if_fail (email != NULL && *email != '\0');
  g_return_if_fail (refresh_token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = operation_new (self, server_url, email, cancellable, callback, user_data,
                        vd_credentials_store_async);
  data = g_task_get_task_data (task);
  data->token = secret_value_new (refresh_token, -1, "text/plain");

  if (!check_text (task, "server URL", server_url) ||
      !check_text (task, "email", email) ||
      !check_text (task, "refresh token", refresh_token))
    return;

  operation_queue (g_steal_pointer (&task), store_service_got_cb);
}

gboolean
vd_credentials_store_finish (VdCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (VD_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vd_credentials_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vd_credentials_lookup_async (VdCredentials       *self,
                             const char          *server_url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VD_IS_CREDENTIALS (self));
  g_return_if_fail (server_url != NULL && *server_url != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = operation_new (self, server_url, NULL, cancellable, callback, user_data,
                        vd_credentials_lookup_async);

  if (!check_text (task, "server URL", server_url))
    return;

  operation_queue (g_steal_pointer (&task), lookup_service_got_cb);
}

gboolean
vd_credentials_lookup_finish (VdCredentials  *self,
                              GAsyncResult   *result,
                              char          **email,
                              char          **refresh_token,
                              GError        **error)
{
  LookupResult *found;

  if (email != NULL)
    *email = NULL;
  if (refresh_token != NULL)
    *refresh_token = NULL;

  g_return_val_if_fail (VD_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vd_credentials_lookup_async,
                        FALSE);

  /* Always a LookupResult on success, with NULLs when nothing is stored */
  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;

  if (email != NULL)
    *email = g_steal_pointer (&found->email);
  if (refresh_token != NULL)
    *refresh_token = g_steal_pointer (&found->refresh_token);
  lookup_result_free (found);

  return TRUE;
}

void
vd_credentials_clear_async (VdCredentials       *self,
                            const char          *server_url,
                            const char          *email,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VD_IS_CREDENTIALS (self));
  g_return_if_fail (server_url != NULL && *server_url != '\0');
  g_return_if_fail (email != NULL && *email != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = operation_new (self, server_url, email, cancellable, callback, user_data,
                        vd_credentials_clear_async);

  if (!check_text (task, "server URL", server_url) ||
      !check_text (task, "email", email))
    return;

  operation_queue (g_steal_pointer (&task), clear_service_got_cb);
}

gboolean
vd_credentials_clear_finish (VdCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (VD_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vd_credentials_clear_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
