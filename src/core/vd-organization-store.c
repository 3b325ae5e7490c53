/* vd-organization-store.c — one organization's lists
 *
 * Each list is a GListStore plus an index by id. Answers are parsed into new
 * objects first (so a malformed answer changes nothing), then merged: an
 * object already in a list is updated in place from the newer JSON — the
 * rows bound to it redraw through its notify signals — and new ones are
 * spliced in one go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-organization-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vd-folder.h"
#include "vd-json.h"
#include "vd-organization-store.h"

#define PAGE_SIZE 500
#define MERGE_CHUNK 100
/* At the default priority: below it, a running animation (a spinner under
 * Xvfb, seen) can starve the merge for good. A chunk is a couple of
 * milliseconds, and a frame is drawn between pages. */
#define MERGE_PRIORITY G_PRIORITY_DEFAULT

typedef struct _VdOrganizationStore VdOrganizationStore;

/* How to make, update and name the items of one list */
typedef struct
{
  GObject    *(*create) (VdOrganizationStore *self, JsonObject *object, GError **error);
  gboolean    (*update) (GObject *item, JsonObject *object, GError **error);
  const char *(*get_id) (GObject *item);
} ItemKind;

typedef struct
{
  const ItemKind *kind;
  GListStore     *store;
  GHashTable     *index;   /* id → item (borrowed from the store) */
} ItemList;

struct _VdOrganizationStore
{
  GObject       parent_instance;

  VdClient     *client;
  char         *organization_id;
  GCancellable *cancellable;

  ItemList      members;
  ItemList      invitations;
  ItemList      projects;
  ItemList      audit_entries;
  ItemList      api_keys;

  guint         members_total;
  gboolean      members_loaded;
  gboolean      loading;
  guint         load_generation;
  GHashTable   *seen_members;    /* ids seen during the running full load */
  GHashTable   *hidden_members;  /* id → HiddenMember: out of the list, still indexed */

  /* The audit log's filters and paging */
  char         *audit_query;
  guint         audit_next_page;
  gboolean      audit_complete;
};

G_DEFINE_FINAL_TYPE (VdOrganizationStore, vd_organization_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ORGANIZATION_ID,
  PROP_MEMBERS_TOTAL,
  PROP_MEMBERS_LOADED,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The kinds: each model's constructor, in-place update and id. Those whose
 * grants need the organization take its id first. */
#define ITEM_KIND(name, CAST, ...) \
  static GObject * \
  name##_create (VdOrganizationStore *self, JsonObject *object, GError **error) \
  { \
    return (GObject *) vd_##name##_new_from_json (__VA_ARGS__ object, error); \
  } \
  static gboolean \
  name##_update (GObject *item, JsonObject *object, GError **error) \
  { \
    return vd_##name##_update_from_json (CAST (item), object, error); \
  } \
  static const char * \
  name##_get_id (GObject *item) \
  { \
    return vd_##name##_get_id (CAST (item)); \
  } \
  static const ItemKind name##_kind = { name##_create, name##_update, name##_get_id };

ITEM_KIND (member, VD_MEMBER, self->organization_id,)
ITEM_KIND (invitation, VD_INVITATION, self->organization_id,)
ITEM_KIND (project, VD_PROJECT)
ITEM_KIND (audit_entry, VD_AUDIT_ENTRY, self->organization_id,)
ITEM_KIND (api_key, VD_API_KEY, self->organization_id,)

static void
item_list_init (ItemList       *list,
                const ItemKind *kind,
                GType           type)
{
  list->kind = kind;
  list->store = g_list_store_new (type);
  list->index = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
item_list_clear (ItemList *list)
{
  g_clear_pointer (&list->index, g_hash_table_unref);
  g_clear_object (&list->store);
}

static void
item_list_remove_all (ItemList *list)
{
  g_hash_table_remove_all (list->index);
  g_list_store_remove_all (list->store);
}

static gboolean
item_list_find (ItemList   *list,
                GObject    *item,
                guint      *position)
{
  return g_list_store_find (list->store, item, position);
}

static void
item_list_remove (ItemList *list,
                  GObject  *item)
{
  guint position;

  if (item_list_find (list, item, &position))
    {
      g_hash_table_remove (list->index, list->kind->get_id (item));
      g_list_store_remove (list->store, position);
    }
}

/*
 * Parses every object of items first; only when all are valid does it touch
 * the list: existing objects are updated in place, new ones are added in one
 * splice at position (G_MAXUINT: the end). The items in answer order go to
 * out_items (borrowed) when not NULL.
 */
static gboolean
item_list_merge (VdOrganizationStore *self,
                 ItemList            *list,
                 JsonArray           *items,
                 guint                position,
                 GPtrArray           *out_items,
                 GError             **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  guint n = json_array_get_length (items);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      GObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error, vd_api_error_new_protocol ("a list item is not an object"));
          return FALSE;
        }

      item = list->kind->create (self, json_node_get_object (node), error);
      if (item == NULL)
        return FALSE;
      g_ptr_array_add (parsed, item);
    }

  for (guint i = 0; i < n; i++)
    {
      GObject *item = parsed->pdata[i];
      GObject *existing = g_hash_table_lookup (list->index, list->kind->get_id (item));

      if (existing != NULL)
        {
          list->kind->update (existing, json_node_get_object (json_array_get_element (items, i)), NULL);
          item = existing;
        }
      else if (!g_ptr_array_find (added, item, NULL))
        {
          g_ptr_array_add (added, item);
          g_hash_table_insert (list->index, (gpointer) list->kind->get_id (item), item);
        }

      if (out_items != NULL)
        g_ptr_array_add (out_items, item);
    }

  if (added->len > 0)
    {
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list->store));

      g_list_store_splice (list->store, MIN (position, n_items), 0, added->pdata, added->len);
    }

  return TRUE;
}

/* The array of a list answer, or a protocol error */
static JsonArray *
answer_items (JsonNode  *root,
              GError   **error)
{
  JsonNode *result = vd_json_envelope_result (root, error);

  if (result == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (result))
    {
      g_propagate_error (error, vd_api_error_new_protocol ("the list is not a list"));
      return NULL;
    }

  return json_node_get_array (result);
}

/* The object of a one-object answer, or a protocol error */
static JsonObject *
answer_object (JsonNode  *root,
               GError   **error)
{
  JsonNode *result = vd_json_envelope_result (root, error);

  if (result == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (result))
    {
      g_propagate_error (error, vd_api_error_new_protocol ("the answer is not an object"));
      return NULL;
    }

  return json_node_get_object (result);
}

static void
set_loading (VdOrganizationStore *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_members_total (VdOrganizationStore *self,
                   guint                total)
{
  if (self->members_total == total)
    return;

  self->members_total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBERS_TOTAL]);
}

static void
set_members_loaded (VdOrganizationStore *self,
                    gboolean             loaded)
{
  if (self->members_loaded == loaded)
    return;

  self->members_loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBERS_LOADED]);
}

/* Loading members, page after page
 *
 * The load's task completes with the first page. The pages after it hold
 * the store only weakly, so a store nobody uses any more is dropped, and its
 * dispose cancels the rest of the load. */

typedef struct
{
  GWeakRef  store;
  GTask    *task;        /* until the first page is in */
  guint     generation;
  guint     page;
} PageRequest;

static void
page_request_free (PageRequest *request)
{
  g_weak_ref_clear (&request->store);
  g_clear_object (&request->task);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageRequest, page_request_free)

static void request_members_page (VdOrganizationStore *self,
                                  PageRequest         *request);

/* Removes the members a completed full load did not see: they left */
static void
drop_unseen_members (VdOrganizationStore *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->members.store));
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);

  if (g_hash_table_size (self->seen_members) == n)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (G_LIST_MODEL (self->members.store), i);

      if (g_hash_table_contains (self->seen_members, vd_member_get_id (member)))
        g_ptr_array_add (kept, g_object_ref (member));
      else
        g_hash_table_remove (self->members.index, vd_member_get_id (member));
    }

  g_list_store_splice (self->members.store, 0, n, kept->pdata, kept->len);
}

/* A page being merged into the list, MERGE_CHUNK members per main-loop
 * iteration, so that no iteration holds a whole page */
typedef struct
{
  PageRequest *request;
  JsonNode    *root;
  JsonArray   *array;     /* borrowed from root */
  guint        next;
} MergeJob;

static void
merge_job_free (MergeJob *job)
{
  g_clear_pointer (&job->request, page_request_free);
  g_clear_pointer (&job->root, json_node_unref);
  g_free (job);
}

/* Ends the load after an error: the first page's failure is the load's,
 * a later one only stops it */
static void
members_load_failed (VdOrganizationStore *self,
                     PageRequest         *request,
                     GError              *error)
{
  set_loading (self, FALSE);
  if (request->task != NULL)
    g_task_return_error (request->task, g_error_copy (error));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Loading members stopped at page %u: %s", request->page, error->message);
}

static gboolean
merge_chunk_cb (gpointer user_data)
{
  MergeJob *job = user_data;
  PageRequest *request = job->request;
  g_autoptr(VdOrganizationStore) self = g_weak_ref_get (&request->store);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(JsonArray) chunk = json_array_new ();
  g_autoptr(GError) error = NULL;
  guint length = json_array_get_length (job->array);
  gint64 total;

  /* Gone, or a newer load took over */
  if (self == NULL || request->generation != self->load_generation)
    {
      if (request->task != NULL)
        g_task_return_boolean (request->task, TRUE);
      return G_SOURCE_REMOVE;
    }

  for (guint i = job->next; i < length && i < job->next + MERGE_CHUNK; i++)
    json_array_add_element (chunk, json_node_ref (json_array_get_element (job->array, i)));
  job->next += json_array_get_length (chunk);

  if (!item_list_merge (self, &self->members, chunk, G_MAXUINT, items, &error))
    {
      members_load_failed (self, request, error);
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; i < items->len; i++)
    g_hash_table_add (self->seen_members, (gpointer) vd_member_get_id (items->pdata[i]));

  if (job->next < length)
    return G_SOURCE_CONTINUE;

  /* The whole page is in */
  total = vd_json_envelope_total (job->root);
  set_members_total (self, total >= 0 ? (guint) total : g_hash_table_size (self->seen_members));

  if (request->task != NULL)
    {
      g_task_return_boolean (request->task, TRUE);
      g_clear_object (&request->task);
    }

  /* A short page, or all of them seen: done */
  if (length < PAGE_SIZE || (total >= 0 && (gint64) request->page * PAGE_SIZE >= total))
    {
      drop_unseen_members (self);
      set_members_total (self, g_list_model_get_n_items (G_LIST_MODEL (self->members.store)));
      set_members_loaded (self, TRUE);
      set_loading (self, FALSE);
      return G_SOURCE_REMOVE;
    }

  request->page++;
  request_members_page (self, g_steal_pointer (&job->request));
  return G_SOURCE_REMOVE;
}

static void
members_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PageRequest) request = user_data;
  g_autoptr(VdOrganizationStore) self = g_weak_ref_get (&request->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  MergeJob *job;
  JsonArray *array;

  /* Gone, or a newer load took over */
  if (self == NULL || request->generation != self->load_generation)
    {
      if (request->task != NULL)
        g_task_return_boolean (request->task, TRUE);
      return;
    }

  if (root == NULL || (array = answer_items (root, &error)) == NULL)
    {
      members_load_failed (self, request, error);
      return;
    }

  job = g_new0 (MergeJob, 1);
  job->request = g_steal_pointer (&request);
  job->root = g_steal_pointer (&root);
  job->array = array;
  g_idle_add_full (MERGE_PRIORITY, merge_chunk_cb, job, (GDestroyNotify) merge_job_free);
}

static void
request_members_page (VdOrganizationStore *self,
                      PageRequest         *request)
{
  g_autofree char *path = g_strdup_printf ("/members?limit=%u&page=%u&sort=joined_at",
                                           PAGE_SIZE, request->page);

  vd_client_request_async (self->client, "GET", path, NULL, VD_REQUEST_DEFAULT,
                           self->cancellable, members_page_cb, request);
}

static void
projects_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdOrganizationStore *self = g_task_get_source_object (task);
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  PageRequest *request;
  JsonArray *array;

  if (generation != self->load_generation)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (root == NULL || (array = answer_items (root, &error)) == NULL ||
      !item_list_merge (self, &self->projects, array, G_MAXUINT, NULL, &error))
    {
      set_loading (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_hash_table_remove_all (self->seen_members);
  request = g_new0 (PageRequest, 1);
  g_weak_ref_init (&request->store, self);
  request->task = g_steal_pointer (&task);
  request->generation = generation;
  request->page = 1;
  request_members_page (self, request);
}

void
vd_organization_store_load_async (VdOrganizationStore *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_organization_store_load_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (++self->load_generation), NULL);

  set_loading (self, TRUE);
  set_members_loaded (self, FALSE);
  vd_client_request_async (self->client, "GET", "/projects?limit=500", NULL, VD_REQUEST_DEFAULT,
                           cancellable, projects_loaded_cb, g_steal_pointer (&task));
}

gboolean
vd_organization_store_load_finish (VdOrganizationStore *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whole lists in one answer: invitations, API keys */

static void
whole_list_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdOrganizationStore *self = g_task_get_source_object (task);
  ItemList *list = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  JsonArray *array;
  guint n;

  if (root == NULL || (array = answer_items (root, &error)) == NULL ||
      !item_list_merge (self, list, array, G_MAXUINT, items, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Keep the server's order, and only what it still lists. The splice drops
   * the store's references before it takes new ones: hold them meanwhile. */
  g_ptr_array_set_free_func (items, g_object_unref);
  for (guint i = 0; i < items->len; i++)
    g_object_ref (items->pdata[i]);
  n = g_list_model_get_n_items (G_LIST_MODEL (list->store));
  g_hash_table_remove_all (list->index);
  for (guint i = 0; i < items->len; i++)
    g_hash_table_insert (list->index, (gpointer) list->kind->get_id (items->pdata[i]), items->pdata[i]);
  g_list_store_splice (list->store, 0, n, items->pdata, items->len);

  g_task_return_boolean (task, TRUE);
}

static void
load_whole_list (VdOrganizationStore *self,
                 ItemList            *list,
                 const char          *path,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, list, NULL);
  vd_client_request_async (self->client, "GET", path, NULL, VD_REQUEST_DEFAULT,
                           cancellable, whole_list_cb, g_steal_pointer (&task));
}

void
vd_organization_store_load_invitations_async (VdOrganizationStore *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));

  load_whole_list (self, &self->invitations, "/members/invitations?limit=500&sort=-created_at",
                   vd_organization_store_load_invitations_async, cancellable, callback, user_data);
}

gboolean
vd_organization_store_load_invitations_finish (VdOrganizationStore *self,
                                               GAsyncResult        *result,
                                               GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vd_organization_store_load_api_keys_async (VdOrganizationStore *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));

  load_whole_list (self, &self->api_keys, "/api-keys?limit=500&sort=-created_at",
                   vd_organization_store_load_api_keys_async, cancellable, callback, user_data);
}

gboolean
vd_organization_store_load_api_keys_finish (VdOrganizationStore *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The audit log */

static void
audit_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdOrganizationStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  JsonArray *array;
  gint64 total;

  if (root == NULL || (array = answer_items (root, &error)) == NULL ||
      !item_list_merge (self, &self->audit_entries, array, G_MAXUINT, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  total = vd_json_envelope_total (root);
  self->audit_next_page++;
  self->audit_complete = json_array_get_length (array) == 0 ||
                         (total >= 0 && g_list_model_get_n_items (G_LIST_MODEL (self->audit_entries.store)) >= (guint) total);
  g_task_return_boolean (task, json_array_get_length (array) > 0);
}

void
vd_organization_store_load_audit_async (VdOrganizationStore *self,
                                        gboolean             reset,
                                        const char          *action,
                                        const char          *actor_id,
                                        GDateTime           *from,
                                        GDateTime           *to,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_organization_store_load_audit_async);

  if (reset || self->audit_query == NULL)
    {
      g_autoptr(GString) query = g_string_new ("sort=-created_at");

      if (action != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (action, NULL, FALSE);
          g_string_append_printf (query, "&filter%%5Baction%%5D%%5Beq%%5D=%s", escaped);
        }
      if (actor_id != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (actor_id, NULL, FALSE);
          g_string_append_printf (query, "&filter%%5Bactor_id%%5D%%5Beq%%5D=%s", escaped);
        }
      if (from != NULL || to != NULL)
        {
          g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autofree char *from_text = vd_json_format_time (from ? from : epoch);
          g_autofree char *to_text = vd_json_format_time (to ? to : now);

          g_string_append_printf (query, "&filter%%5Bcreated_at%%5D%%5Bbetween%%5D=%s%%2C%s", from_text, to_text);
        }

      g_free (self->audit_query);
      self->audit_query = g_string_free (g_steal_pointer (&query), FALSE);
      self->audit_next_page = 1;
      self->audit_complete = FALSE;
      item_list_remove_all (&self->audit_entries);
    }

  if (self->audit_complete)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  path = g_strdup_printf ("/audits?limit=100&page=%u&%s", self->audit_next_page, self->audit_query);
  vd_client_request_async (self->client, "GET", path, NULL, VD_REQUEST_DEFAULT,
                           cancellable, audit_page_cb, g_steal_pointer (&task));
}

gboolean
vd_organization_store_load_audit_finish (VdOrganizationStore *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Server-side search */

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdOrganizationStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GListStore) found = g_list_store_new (VD_TYPE_MEMBER);
  JsonArray *array;

  /* Found members join the store: the same object everywhere, updated in place */
  if (root == NULL || (array = answer_items (root, &error)) == NULL ||
      !item_list_merge (self, &self->members, array, G_MAXUINT, items, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_list_store_splice (found, 0, 0, items->pdata, items->len);
  g_task_return_pointer (task, g_steal_pointer (&found), g_object_unref);
}

void
vd_organization_store_search_members_async (VdOrganizationStore *self,
                                            const char          *search,
                                            VdRole               role,
                                            const char          *project_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) path = g_string_new ("/members?limit=500&sort=name");

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_organization_store_search_members_async);

  if (search != NULL && *search != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (search, NULL, FALSE);
      g_string_append_printf (path, "&search=%s", escaped);
    }
  if (role != VD_ROLE_UNKNOWN)
    g_string_append_printf (path, "&filter%%5Brole%%5D%%5Beq%%5D=%s", vd_role_to_string (role));
  if (project_id != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (project_id, NULL, FALSE);
      g_string_append_printf (path, "&filter%%5Bproject_id%%5D%%5Beq%%5D=%s", escaped);
    }

  vd_client_request_async (self->client, "GET", path->str, NULL, VD_REQUEST_DEFAULT,
                           cancellable, search_cb, g_steal_pointer (&task));
}

GListModel *
vd_organization_store_search_members_finish (VdOrganizationStore *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Mutations that answer one object: update it in place, or add it */

typedef struct
{
  ItemList *list;
  GObject  *item;        /* the object to update, or NULL to add a new one */
  guint     position;    /* where a new one goes */
} MutationData;

static void
mutation_data_free (MutationData *data)
{
  g_clear_object (&data->item);
  g_free (data);
}

static void
object_answer_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdOrganizationStore *self = g_task_get_source_object (task);
  MutationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  JsonObject *answer = root ? answer_object (root, &error) : NULL;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->item != NULL)
    {
      /* In place: whatever is bound to the object sees only what changed */
      if (!data->list->kind->update (data->item, answer, &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, g_object_ref (data->item), g_object_unref);
      return;
    }

  {
    g_autoptr(JsonArray) one = json_array_new ();
    g_autoptr(GPtrArray) items = g_ptr_array_new ();

    json_array_add_object_element (one, json_object_ref (answer));
    if (!item_list_merge (self, data->list, one, data->position, items, &error))
      g_task_return_error (task, g_steal_pointer (&error));
    else
      g_task_return_pointer (task, g_object_ref (items->pdata[0]), g_object_unref);
  }
}

static void
mutate (VdOrganizationStore *self,
        gpointer             source_tag,
        const char          *method,
        const char          *path,
        JsonNode            *body,
        ItemList            *list,
        GObject             *item,
        guint                position,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  MutationData *data = g_new0 (MutationData, 1);

  data->list = list;
  data->item = item ? g_object_ref (item) : NULL;
  data->position = position;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) mutation_data_free);
  vd_client_request_async (self->client, method, path, body, VD_REQUEST_DEFAULT,
                           cancellable, object_answer_cb, g_steal_pointer (&task));
}

static gboolean
finish_boolean_object (VdOrganizationStore  *self,
                       GAsyncResult         *result,
                       GError              **error)
{
  g_autoptr(GObject) item = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  item = g_task_propagate_pointer (G_TASK (result), error);
  return item != NULL;
}

void
vd_organization_store_update_member_async (VdOrganizationStore *self,
                                           VdMember            *member,
                                           VdRole               role,
                                           VdPermissions       *permissions,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (VD_IS_MEMBER (member));
  g_return_if_fail (permissions == NULL || VD_IS_PERMISSIONS (permissions));

  json_builder_begin_object (builder);
  if (role != VD_ROLE_UNKNOWN)
    {
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, vd_role_to_string (role));
    }
  if (permissions != NULL)
    {
      json_builder_set_member_name (builder, "permissions");
      json_builder_add_value (builder, vd_permissions_to_json (permissions));
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = vd_client_path ("/members/", vd_member_get_id (member), NULL);
  mutate (self, vd_organization_store_update_member_async, "PUT", path, body,
          &self->members, G_OBJECT (member), 0, cancellable, callback, user_data);
}

gboolean
vd_organization_store_update_member_finish (VdOrganizationStore *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  return finish_boolean_object (self, result, error);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VdOrganizationStore *self = g_task_get_source_object (task);
  MutationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);

  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->list == &self->members &&
      vd_organization_store_is_member_hidden (self, VD_MEMBER (data->item)))
    {
      /* Already out of the list and the count */
      g_hash_table_remove (self->members.index, vd_member_get_id (VD_MEMBER (data->item)));
      g_hash_table_remove (self->hidden_members, vd_member_get_id (VD_MEMBER (data->item)));
      g_task_return_boolean (task, TRUE);
      return;
    }

  item_list_remove (data->list, data->item);
  if (data->list == &self->members && self->members_total > 0)
    set_members_total (self, self->members_total - 1);
  g_task_return_boolean (task, TRUE);
}

static void
remove_item (VdOrganizationStore *self,
             gpointer             source_tag,
             const char          *path,
             ItemList            *list,
             GObject             *item,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  MutationData *data = g_new0 (MutationData, 1);

  data->list = list;
  data->item = g_object_ref (item);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) mutation_data_free);
  vd_client_request_async (self->client, "DELETE", path, NULL, VD_REQUEST_DEFAULT,
                           cancellable, removed_cb, g_steal_pointer (&task));
}

void
vd_organization_store_remove_member_async (VdOrganizationStore *self,
                                           VdMember            *member,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (VD_IS_MEMBER (member));

  path = vd_client_path ("/members/", vd_member_get_id (member), NULL);
  remove_item (self, vd_organization_store_remove_member_async, path, &self->members,
               G_OBJECT (member), cancellable, callback, user_data);
}

gboolean
vd_organization_store_remove_member_finish (VdOrganizationStore *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vd_organization_store_invite_async (VdOrganizationStore *self,
                                    const char          *email,
                                    VdRole               role,
                                    VdPermissions       *permissions,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (email != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, vd_role_to_string (role == VD_ROLE_UNKNOWN ? VD_ROLE_MEMBER : role));
  if (permissions != NULL)
    {
      json_builder_set_member_name (builder, "permissions");
      json_builder_add_value (builder, vd_permissions_to_json (permissions));
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  mutate (self, vd_organization_store_invite_async, "POST", "/members/invitations", body,
          &self->invitations, NULL, 0, cancellable, callback, user_data);
}

VdInvitation *
vd_organization_store_invite_finish (VdOrganizationStore *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vd_organization_store_resend_invitation_async (VdOrganizationStore *self,
                                               VdInvitation        *invitation,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (VD_IS_INVITATION (invitation));

  path = vd_client_path ("/members/invitations/", vd_invitation_get_id (invitation), "/resend");
  mutate (self, vd_organization_store_resend_invitation_async, "POST", path, NULL,
          &self->invitations, G_OBJECT (invitation), 0, cancellable, callback, user_data);
}

gboolean
vd_organization_store_resend_invitation_finish (VdOrganizationStore *self,
                                                GAsyncResult        *result,
                                                GError             **error)
{
  return finish_boolean_object (self, result, error);
}

void
vd_organization_store_revoke_invitation_async (VdOrganizationStore *self,
                                               VdInvitation        *invitation,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (VD_IS_INVITATION (invitation));

  path = vd_client_path ("/members/invitations/", vd_invitation_get_id (invitation), NULL);
  mutate (self, vd_organization_store_revoke_invitation_async, "DELETE", path, NULL,
          &self->invitations, G_OBJECT (invitation), 0, cancellable, callback, user_data);
}

gboolean
vd_organization_store_revoke_invitation_finish (VdOrganizationStore *self,
                                                GAsyncResult        *result,
                                                GError             **error)
{
  return finish_boolean_object (self, result, error);
}

void
vd_organization_store_create_project_async (VdOrganizationStore *self,
                                            const char          *name,
                                            const char          *description,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (name != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description ? description : "");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  mutate (self, vd_organization_store_create_project_async, "POST", "/projects", body,
          &self->projects, NULL, G_MAXUINT, cancellable, callback, user_data);
}

VdProject *
vd_organization_store_create_project_finish (VdOrganizationStore *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
folders_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *project_id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = vd_client_request_finish (VD_CLIENT (object), result, &error);
  g_autoptr(GListStore) folders = g_list_store_new (VD_TYPE_FOLDER);
  JsonArray *array;

  if (root == NULL || (array = answer_items (root, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(VdFolder) folder = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_task_return_error (task, vd_api_error_new_protocol ("a folder is not an object"));
          return;
        }

      folder = vd_folder_new_from_json (project_id, json_node_get_object (node), &error);
      if (folder == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_list_store_append (folders, folder);
    }

  g_task_return_pointer (task, g_steal_pointer (&folders), g_object_unref);
}

void
vd_organization_store_load_folders_async (VdOrganizationStore *self,
                                          VdProject           *project,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (VD_IS_PROJECT (project));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vd_organization_store_load_folders_async);
  g_task_set_task_data (task, g_strdup (vd_project_get_id (project)), g_free);
  path = vd_client_path ("/projects/", vd_project_get_id (project), "/folders");
  vd_client_request_async (self->client, "GET", path, NULL, VD_REQUEST_DEFAULT,
                           cancellable, folders_cb, g_steal_pointer (&task));
}

GListModel *
vd_organization_store_load_folders_finish (VdOrganizationStore *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vd_organization_store_create_api_key_async (VdOrganizationStore *self,
                                            const char          *name,
                                            const char          *origin,
                                            VdPermissions       *permissions,
                                            GDateTime           *expires_at,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (name != NULL && origin != NULL);
  g_return_if_fail (VD_IS_PERMISSIONS (permissions));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "origin");
  json_builder_add_string_value (builder, origin);
  json_builder_set_member_name (builder, "permissions");
  json_builder_add_value (builder, vd_permissions_to_json (permissions));
  json_builder_set_member_name (builder, "expires_at");
  if (expires_at != NULL)
    {
      g_autofree char *text = vd_json_format_time (expires_at);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  mutate (self, vd_organization_store_create_api_key_async, "POST", "/api-keys", body,
          &self->api_keys, NULL, 0, cancellable, callback, user_data);
}

VdApiKey *
vd_organization_store_create_api_key_finish (VdOrganizationStore *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vd_organization_store_delete_api_key_async (VdOrganizationStore *self,
                                            VdApiKey            *key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (VD_IS_API_KEY (key));

  path = vd_client_path ("/api-keys/", vd_api_key_get_id (key), NULL);
  remove_item (self, vd_organization_store_delete_api_key_async, path, &self->api_keys,
               G_OBJECT (key), cancellable, callback, user_data);
}

gboolean
vd_organization_store_delete_api_key_finish (VdOrganizationStore *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Accessors */

VdOrganizationStore *
vd_organization_store_new (VdClient   *client,
                           const char *organization_id)
{
  g_return_val_if_fail (VD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (organization_id != NULL, NULL);

  return g_object_new (VD_TYPE_ORGANIZATION_STORE,
                       "client", client,
                       "organization-id", organization_id,
                       NULL);
}

const char *
vd_organization_store_get_organization_id (VdOrganizationStore *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), NULL);

  return self->organization_id;
}

GListModel *
vd_organization_store_get_members (VdOrganizationStore *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), NULL);

  return G_LIST_MODEL (self->members.store);
}

GListModel *
vd_organization_store_get_invitations (VdOrganizationStore *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), NULL);

  return G_LIST_MODEL (self->invitations.store);
}

GListModel *
vd_organization_store_get_projects (VdOrganizationStore *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), NULL);

  return G_LIST_MODEL (self->projects.store);
}

GListModel *
vd_organization_store_get_audit_entries (VdOrganizationStore *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), NULL);

  return G_LIST_MODEL (self->audit_entries.store);
}

GListModel *
vd_organization_store_get_api_keys (VdOrganizationStore *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), NULL);

  return G_LIST_MODEL (self->api_keys.store);
}

guint
vd_organization_store_get_members_total (VdOrganizationStore *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), 0);

  return self->members_total;
}

gboolean
vd_organization_store_get_members_loaded (VdOrganizationStore *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), FALSE);

  return self->members_loaded;
}

gboolean
vd_organization_store_get_loading (VdOrganizationStore *self)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), FALSE);

  return self->loading;
}

VdMember *
vd_organization_store_lookup_member (VdOrganizationStore *self,
                                     const char          *member_id)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), NULL);

  return member_id ? g_hash_table_lookup (self->members.index, member_id) : NULL;
}

VdProject *
vd_organization_store_lookup_project (VdOrganizationStore *self,
                                      const char          *project_id)
{
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), NULL);

  return project_id ? g_hash_table_lookup (self->projects.index, project_id) : NULL;
}

/* GObject */

/* Hiding members (a removal waiting for its Undo) */

typedef struct
{
  VdMember *member;
  guint     position;    /* where it was in the list */
} HiddenMember;

static void
hidden_member_free (HiddenMember *hidden)
{
  g_clear_object (&hidden->member);
  g_free (hidden);
}

void
vd_organization_store_hide_member (VdOrganizationStore *self,
                                   VdMember            *member)
{
  HiddenMember *hidden;
  guint position;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (VD_IS_MEMBER (member));

  if (!item_list_find (&self->members, G_OBJECT (member), &position))
    return;

  hidden = g_new0 (HiddenMember, 1);
  hidden->member = g_object_ref (member);
  hidden->position = position;
  g_hash_table_insert (self->hidden_members, (gpointer) vd_member_get_id (member), hidden);

  /* Out of the list model, but still in the index: reloads update it in
   * place and do not bring it back */
  g_list_store_remove (self->members.store, position);
  if (self->members_total > 0)
    set_members_total (self, self->members_total - 1);
}

void
vd_organization_store_unhide_member (VdOrganizationStore *self,
                                     VdMember            *member)
{
  HiddenMember *hidden;
  guint n;

  g_return_if_fail (VD_IS_ORGANIZATION_STORE (self));
  g_return_if_fail (VD_IS_MEMBER (member));

  hidden = g_hash_table_lookup (self->hidden_members, vd_member_get_id (member));
  if (hidden == NULL || hidden->member != member)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->members.store));
  g_list_store_insert (self->members.store, MIN (hidden->position, n), member);
  g_hash_table_remove (self->hidden_members, vd_member_get_id (member));
  set_members_total (self, self->members_total + 1);
}

gboolean
vd_organization_store_is_member_hidden (VdOrganizationStore *self,
                                        VdMember            *member)
{
  HiddenMember *hidden;

  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (self), FALSE);
  g_return_val_if_fail (VD_IS_MEMBER (member), FALSE);

  hidden = g_hash_table_lookup (self->hidden_members, vd_member_get_id (member));
  return hidden != NULL && hidden->member == member;
}

static void
vd_organization_store_dispose (GObject *object)
{
  VdOrganizationStore *self = VD_ORGANIZATION_STORE (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (vd_organization_store_parent_class)->dispose (object);
}

static void
vd_organization_store_finalize (GObject *object)
{
  VdOrganizationStore *self = VD_ORGANIZATION_STORE (object);

  item_list_clear (&self->members);
  item_list_clear (&self->invitations);
  item_list_clear (&self->projects);
  item_list_clear (&self->audit_entries);
  item_list_clear (&self->api_keys);
  g_clear_pointer (&self->seen_members, g_hash_table_unref);
  g_clear_pointer (&self->hidden_members, g_hash_table_unref);
  g_clear_pointer (&self->audit_query, g_free);
  g_clear_pointer (&self->organization_id, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (vd_organization_store_parent_class)->finalize (object);
}

static void
vd_organization_store_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VdOrganizationStore *self = VD_ORGANIZATION_STORE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ORGANIZATION_ID:
      g_value_set_string (value, self->organization_id);
      break;

    case PROP_MEMBERS_TOTAL:
      g_value_set_uint (value, self->members_total);
      break;

    case PROP_MEMBERS_LOADED:
      g_value_set_boolean (value, self->members_loaded);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_organization_store_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VdOrganizationStore *self = VD_ORGANIZATION_STORE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_ORGANIZATION_ID:
      self->organization_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_organization_store_class_init (VdOrganizationStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vd_organization_store_dispose;
  object_class->finalize = vd_organization_store_finalize;
  object_class->get_property = vd_organization_store_get_property;
  object_class->set_property = vd_organization_store_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, VD_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_string ("organization-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMBERS_TOTAL] =
    g_param_spec_uint ("members-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMBERS_LOADED] =
    g_param_spec_boolean ("members-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_organization_store_init (VdOrganizationStore *self)
{
  self->cancellable = g_cancellable_new ();
  self->seen_members = g_hash_table_new (g_str_hash, g_str_equal);
  self->hidden_members = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                (GDestroyNotify) hidden_member_free);
  item_list_init (&self->members, &member_kind, VD_TYPE_MEMBER);
  item_list_init (&self->invitations, &invitation_kind, VD_TYPE_INVITATION);
  item_list_init (&self->projects, &project_kind, VD_TYPE_PROJECT);
  item_list_init (&self->audit_entries, &audit_entry_kind, VD_TYPE_AUDIT_ENTRY);
  item_list_init (&self->api_keys, &api_key_kind, VD_TYPE_API_KEY);
}
