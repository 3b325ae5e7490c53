/* vd-member-list.c — the members as the members page shows them: sorted,
 * searched and filtered, with a selection that follows the members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-member-list"

#include "config.h"

#include <string.h>

#include "vd-member-list.h"

/* Lists up to this long are sorted and filtered in place, at once; longer
 * ones in a worker thread (100,000 members: ~50 ms to sort, ~15 ms to
 * search, on this project's 2-core test machine) */
#define INLINE_MAX 4096
/* More changed members than this while a worker ran: sort and filter all
 * of them again rather than move each */
#define DIRTY_MAX 256

G_DEFINE_ENUM_TYPE (VdMemberColumn, vd_member_column,
  G_DEFINE_ENUM_VALUE (VD_MEMBER_COLUMN_NONE, "none"),
  G_DEFINE_ENUM_VALUE (VD_MEMBER_COLUMN_NAME, "name"),
  G_DEFINE_ENUM_VALUE (VD_MEMBER_COLUMN_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (VD_MEMBER_COLUMN_ROLE, "role"),
  G_DEFINE_ENUM_VALUE (VD_MEMBER_COLUMN_PROJECTS, "projects"),
  G_DEFINE_ENUM_VALUE (VD_MEMBER_COLUMN_BILLING, "billing"),
  G_DEFINE_ENUM_VALUE (VD_MEMBER_COLUMN_API, "api"),
  G_DEFINE_ENUM_VALUE (VD_MEMBER_COLUMN_JOINED, "joined"))

/* One member and its keys. While a worker runs, the records it was given
 * are read by it: their keys change (and they are freed) only after it is
 * done. */
typedef struct
{
  VdMemberList  *list;          /* which made it */
  VdMember      *member;
  VdPermissions *permissions;   /* the member's, for its lifetime */
  const char    *id;            /* the member's, construct-only */
  char          *name_key;      /* collation keys */
  char          *email_key;
  char          *search;        /* folded search text */
  char         **projects;      /* sorted ids of the projects with access */
  gint64         joined;        /* Unix time */
  VdRole         role;
  int            role_key;      /* owners, admins, members */
  int            projects_key;  /* all projects (owners, admins) after any count */
  guint8         billing_key;
  guint8         api_key;
  gulong         member_handler;
  guint          selected : 1;
  guint          dirty : 1;     /* changed while a worker ran */
  guint          removed : 1;   /* left while a worker ran */
  guint          mark : 1;      /* scratch */
} Record;

typedef struct
{
  VdMemberColumn column;
  gboolean       descending;
} SortSpec;

typedef struct
{
  char   *search;       /* folded; NULL for all */
  VdRole  role;         /* VD_ROLE_UNKNOWN for all */
  char   *project_id;   /* NULL for all */
} FilterSpec;

/* What a worker is given and gives back */
typedef struct
{
  SortSpec    sort;
  FilterSpec  filter;
  gboolean    sorting;
  Record    **records;    /* in the current order; sorted if sorting */
  guint       n_records;
  GPtrArray  *shown;      /* Record *: the result */
} Pass;

struct _VdMemberList
{
  GObject       parent_instance;

  GListModel   *members;
  GPtrArray    *records;    /* Record *, in the order of members */
  GPtrArray    *sorted;     /* Record *, all, in sorted_spec's order */
  GPtrArray    *shown;      /* Record *, what the view sees */
  GHashTable   *rows;       /* position → VdMemberRow (weak) */

  SortSpec      spec;       /* asked for */
  FilterSpec    filter;     /* asked for */
  SortSpec      sorted_spec;  /* what sorted is in */
  FilterSpec    shown_filter; /* what shown holds */

  GCancellable *cancellable;
  Pass         *pass;       /* the worker's, while it runs */
  gboolean      sort_needed;
  gboolean      filter_needed;
  GPtrArray    *dirty;      /* Record *: changed while a worker ran */
  GPtrArray    *graveyard;  /* Record *: removed while a worker ran */
  GPtrArray    *fresh;      /* Record *: came while a worker ran */

  guint         n_published;  /* rows the view has been told of */

  guint         n_selected;
  gboolean      busy;
  guint         refresh_id;  /* rows to show their members, once a frame */
  gboolean      loading;     /* members arriving: appended, sorted at the end */
};

static void list_model_iface_init (GListModelInterface *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VdMemberList, vd_member_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

enum {
  PROP_0,
  PROP_MEMBERS,
  PROP_SORT_COLUMN,
  PROP_SORT_DESCENDING,
  PROP_SEARCH,
  PROP_ROLE,
  PROP_PROJECT_ID,
  PROP_BUSY,
  PROP_N_SELECTED,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOWN_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void record_changed (VdMemberList *self,
                            Record       *record);
static void row_finalized_cb (gpointer  data,
                              GObject  *where_the_object_was);
static void schedule (VdMemberList *self);


/* Specs */

static void
filter_spec_clear (FilterSpec *filter)
{
  g_clear_pointer (&filter->search, g_free);
  g_clear_pointer (&filter->project_id, g_free);
  filter->role = VD_ROLE_UNKNOWN;
}

static void
filter_spec_copy (FilterSpec       *to,
                  const FilterSpec *from)
{
  filter_spec_clear (to);
  to->search = g_strdup (from->search);
  to->role = from->role;
  to->project_id = g_strdup (from->project_id);
}

static gboolean
filter_spec_equal (const FilterSpec *a,
                   const FilterSpec *b)
{
  return a->role == b->role &&
         g_strcmp0 (a->search, b->search) == 0 &&
         g_strcmp0 (a->project_id, b->project_id) == 0;
}


/* Records and their keys */

static int
role_key (VdRole role)
{
  switch (role)
    {
    case VD_ROLE_OWNER: return 0;
    case VD_ROLE_ADMIN: return 1;
    case VD_ROLE_MEMBER: return 2;
    default: return 3;
    }
}


static char *
collate_key (const char *text)
{
  return g_utf8_collate_key (text != NULL ? text : "", -1);
}

static void
record_set_keys (Record *record)
{
  VdMember *member = record->member;
  GDateTime *joined = vd_member_get_joined_at (member);
  const char *search = vd_member_get_search_text (member);

  g_free (record->name_key);
  record->name_key = collate_key (vd_member_get_display_name (member));
  g_free (record->email_key);
  record->email_key = collate_key (vd_member_get_email (member));
  g_free (record->search);
  record->search = g_strdup (search != NULL ? search : "");
  g_strfreev (record->projects);
  record->projects = vd_permissions_dup_project_ids (record->permissions);
  record->joined = joined != NULL ? g_date_time_to_unix (joined) : 0;
  record->role = vd_member_get_role (member);
  record->role_key = role_key (record->role);
  record->projects_key = vd_role_manages (record->role)
    ? G_MAXINT : (int) MIN (vd_permissions_get_n_projects (record->permissions), G_MAXINT - 1);
  record->billing_key = vd_role_manages (record->role) || vd_permissions_get_billing (record->permissions);
  record->api_key = vd_role_manages (record->role) || vd_permissions_get_api (record->permissions);
}

static void record_changed_cb (VdMember *member,
                               gpointer  user_data);

static Record *
record_new (VdMemberList *self,
            VdMember     *member)
{
  Record *record = g_new0 (Record, 1);

  record->list = self;
  record->member = g_object_ref (member);
  record->permissions = vd_member_get_permissions (member);
  record->id = vd_member_get_id (member);
  record_set_keys (record);

  /* What the keys are made of (the search text follows the name and email;
   * the projects, billing and API are the member's permissions'): one
   * handler a member, for a list of 100,000 */
  record->member_handler = g_signal_connect (member, "changed", G_CALLBACK (record_changed_cb), record);
  return record;
}

static void
record_free (Record *record)
{
  g_signal_handler_disconnect (record->member, record->member_handler);
  g_free (record->name_key);
  g_free (record->email_key);
  g_free (record->search);
  g_strfreev (record->projects);
  g_object_unref (record->member);
  g_free (record);
}

/* The order: the column, then name, email and id, so that it is total */
static int
compare_records (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Record *x = *(Record * const *) a;
  const Record *y = *(Record * const *) b;
  const SortSpec *spec = user_data;
  int c = 0;

  switch (spec->column)
    {
    case VD_MEMBER_COLUMN_NAME:
      c = strcmp (x->name_key, y->name_key);
      break;

    case VD_MEMBER_COLUMN_EMAIL:
      c = strcmp (x->email_key, y->email_key);
      break;

    case VD_MEMBER_COLUMN_ROLE:
      c = (x->role_key > y->role_key) - (x->role_key < y->role_key);
      break;

    case VD_MEMBER_COLUMN_PROJECTS:
      c = (x->projects_key > y->projects_key) - (x->projects_key < y->projects_key);
      break;

    case VD_MEMBER_COLUMN_BILLING:
      c = (int) x->billing_key - (int) y->billing_key;
      break;

    case VD_MEMBER_COLUMN_API:
      c = (int) x->api_key - (int) y->api_key;
      break;

    case VD_MEMBER_COLUMN_NONE:
    case VD_MEMBER_COLUMN_JOINED:
    default:
      c = (x->joined > y->joined) - (x->joined < y->joined);
      break;
    }

  if (spec->descending)
    c = -c;
  if (c == 0)
    c = strcmp (x->name_key, y->name_key);
  if (c == 0)
    c = strcmp (x->email_key, y->email_key);
  if (c == 0)
    c = g_strcmp0 (x->id, y->id);
  return c;
}

static gboolean
record_matches (const Record     *record,
                const FilterSpec *filter)
{
  if (filter->role != VD_ROLE_UNKNOWN && record->role != filter->role)
    return FALSE;
  /* As the server's filter[project_id][eq]: members whose grants name it */
  if (filter->project_id != NULL &&
      (record->projects == NULL || !g_strv_contains ((const char * const *) record->projects, filter->project_id)))
    return FALSE;
  return filter->search == NULL || strstr (record->search, filter->search) != NULL;
}


/* Where records go */

/* The index at which @record belongs in @array, ordered by @spec */
static guint
bisect (GPtrArray      *array,
        Record         *record,
        const SortSpec *spec)
{
  guint low = 0, high = array->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_records (&array->pdata[middle], &record, (gpointer) spec) < 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static void
insert_sorted (GPtrArray      *array,
               Record         *record,
               const SortSpec *spec)
{
  g_ptr_array_insert (array, (int) bisect (array, record, spec), record);
}

/* Merges the sorted @records (those matching @filter, unless it is NULL)
 * into the sorted @array */
static void
merge_sorted (GPtrArray        *array,
              GPtrArray        *records,
              const FilterSpec *filter,
              const SortSpec   *spec)
{
  g_autofree gpointer *old = NULL;
  guint n_old = array->len, i = 0, j = 0, k = 0;

  if (records->len == 0)
    return;

  old = g_memdup2 (array->pdata, sizeof (gpointer) * MAX (n_old, 1));
  g_ptr_array_set_size (array, n_old + records->len);
  while (i < n_old || j < records->len)
    {
      if (j < records->len && filter != NULL && !record_matches (records->pdata[j], filter))
        j++;
      else if (j < records->len &&
               (i == n_old || compare_records (&records->pdata[j], &old[i], (gpointer) spec) < 0))
        array->pdata[k++] = records->pdata[j++];
      else
        array->pdata[k++] = old[i++];
    }
  g_ptr_array_set_size (array, k);
}

static void
remove_record (GPtrArray *array,
               Record    *record)
{
  /* Not g_ptr_array_remove (): it finds the first from the start, which is
   * what this does, but it may be given records that are not there */
  guint index;

  if (g_ptr_array_find (array, record, &index))
    g_ptr_array_remove_index (array, index);
}

/* Drops the records marked removed from @array, in one pass */
static void
compact (GPtrArray *array)
{
  guint kept = 0;

  for (guint i = 0; i < array->len; i++)
    if (!((Record *) array->pdata[i])->removed)
      array->pdata[kept++] = array->pdata[i];
  g_ptr_array_set_size (array, kept);
}


/* What the view sees */

/* Busy while a worker runs */
static void
update_busy (VdMemberList *self)
{
  gboolean busy = self->pass != NULL;

  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_n_selected (VdMemberList *self,
                guint         n_selected)
{
  if (self->n_selected == n_selected)
    return;

  self->n_selected = n_selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

/* Members that are no longer shown are no longer selected */
static void
unselect_hidden (VdMemberList *self)
{
  guint n_selected = 0;

  if (self->n_selected == 0)
    return;

  for (guint i = 0; i < self->shown->len; i++)
    ((Record *) self->shown->pdata[i])->mark = TRUE;
  for (guint i = 0; i < self->records->len; i++)
    {
      Record *record = self->records->pdata[i];

      if (!record->mark)
        record->selected = FALSE;
      n_selected += record->selected;
      record->mark = FALSE;
    }

  set_n_selected (self, n_selected);
}

/* The rows a view holds show the members now at their positions. A view
 * given the list itself (GTK 4.8's column view holds 200 rows) redraws
 * them at a cost: changes that come in one main-loop pass (pages of
 * members arriving in chunks) are shown together, before the next frame.
 * (The members page shows a VdMemberWindow, which follows
 * ::shown-changed instead.) */
static gboolean
refresh_rows_cb (gpointer data)
{
  VdMemberList *self = data;
  guint n = self->shown->len;
  GHashTableIter iter;
  gpointer key, row;

  self->refresh_id = 0;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      guint position = GPOINTER_TO_UINT (key);

      /* Rows past the members shown are blank until they leave */
      if (position < self->n_published)
        vd_member_row_set_member (row, position < n ? ((Record *) self->shown->pdata[position])->member : NULL);
    }

  return G_SOURCE_REMOVE;
}

/* Rows come or go at the end */
static void
publish_rows (VdMemberList *self)
{
  guint n = self->n_published, target = self->shown->len;

  self->n_published = target;
  if (n < target)
    g_list_model_items_changed (G_LIST_MODEL (self), n, 0, target - n);
  else if (n > target)
    g_list_model_items_changed (G_LIST_MODEL (self), target, n - target, 0);
}

/* Tells the view what changed: rows come or go at the end, and the rows
 * it has show their new members soon */
static void
publish (VdMemberList *self,
         gboolean      selection_moved)
{
  /* Before drawing (GDK_PRIORITY_REDRAW is G_PRIORITY_HIGH_IDLE + 20) */
  if (self->refresh_id == 0 && g_hash_table_size (self->rows) > 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, refresh_rows_cb, self, NULL);

  publish_rows (self);

  if (selection_moved && self->n_published > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), 0, self->n_published);
  update_busy (self);
  g_signal_emit (self, signals[SHOWN_CHANGED], 0);
}

/* shown from sorted, where no worker is needed */
static void
refilter_inline (VdMemberList *self)
{
  g_ptr_array_set_size (self->shown, 0);
  for (guint i = 0; i < self->sorted->len; i++)
    if (record_matches (self->sorted->pdata[i], &self->filter))
      g_ptr_array_add (self->shown, self->sorted->pdata[i]);
  filter_spec_copy (&self->shown_filter, &self->filter);
}


/* The worker */

static void
pass_free (Pass *pass)
{
  filter_spec_clear (&pass->filter);
  g_free (pass->records);
  g_clear_pointer (&pass->shown, g_ptr_array_unref);
  g_free (pass);
}

static void
pass_run (Pass *pass)
{
  if (pass->sorting)
    g_qsort_with_data (pass->records, (int) pass->n_records, sizeof (Record *), compare_records, &pass->sort);

  pass->shown = g_ptr_array_sized_new (pass->n_records);
  for (guint i = 0; i < pass->n_records; i++)
    if (record_matches (pass->records[i], &pass->filter))
      g_ptr_array_add (pass->shown, pass->records[i]);
}

static void
pass_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  pass_run (task_data);
  g_task_return_boolean (task, TRUE);
}

/* Moves a record that changed to its new place in sorted and shown */
static void
replace_record (VdMemberList *self,
                Record       *record)
{
  remove_record (self->sorted, record);
  remove_record (self->shown, record);
  record_set_keys (record);
  insert_sorted (self->sorted, record, &self->sorted_spec);
  if (record_matches (record, &self->shown_filter))
    insert_sorted (self->shown, record, &self->sorted_spec);
}

/* Takes a worker's result, then what happened while it ran */
static void
pass_apply (VdMemberList *self,
            Pass         *pass)
{
  g_autoptr(GPtrArray) dirty = g_steal_pointer (&self->dirty);
  g_autoptr(GPtrArray) fresh = g_steal_pointer (&self->fresh);
  g_autoptr(GPtrArray) graveyard = g_steal_pointer (&self->graveyard);

  self->dirty = g_ptr_array_new ();
  self->fresh = g_ptr_array_new ();
  self->graveyard = g_ptr_array_new ();

  if (pass->sorting)
    {
      g_ptr_array_set_size (self->sorted, pass->n_records);
      memcpy (self->sorted->pdata, pass->records, sizeof (Record *) * pass->n_records);
      self->sorted_spec = pass->sort;
    }

  g_ptr_array_unref (self->shown);
  self->shown = g_steal_pointer (&pass->shown);
  filter_spec_copy (&self->shown_filter, &pass->filter);

  /* Members that left while it ran (freed at the end: the lists below may
   * still name them) */
  if (graveyard->len > 0)
    {
      compact (self->sorted);
      compact (self->shown);
    }

  /* Members that came while it ran (and are still here): one by one, or
   * all sorted again when they are many */
  for (guint i = 0; i < fresh->len; i++)
    {
      Record *record = fresh->pdata[i];
      gboolean matches;

      if (record->removed)
        continue;

      matches = record_matches (record, &self->shown_filter);
      if (fresh->len > DIRTY_MAX)
        {
          if (pass->sorting)
            g_ptr_array_add (self->sorted, record);
          if (matches)
            g_ptr_array_add (self->shown, record);
        }
      else
        {
          if (pass->sorting)
            insert_sorted (self->sorted, record, &self->sorted_spec);
          if (matches)
            insert_sorted (self->shown, record, &self->sorted_spec);
        }
    }
  if (fresh->len > DIRTY_MAX)
    self->sort_needed = self->filter_needed = TRUE;

  /* Members that changed while it ran */
  if (dirty->len > DIRTY_MAX)
    {
      for (guint i = 0; i < dirty->len; i++)
        {
          Record *record = dirty->pdata[i];

          record->dirty = FALSE;
          if (!record->removed)
            record_set_keys (record);
        }
      self->sort_needed = self->filter_needed = TRUE;
    }
  else
    {
      for (guint i = 0; i < dirty->len; i++)
        {
          Record *record = dirty->pdata[i];

          record->dirty = FALSE;
          if (!record->removed)
            replace_record (self, record);
        }
    }

  for (guint i = 0; i < graveyard->len; i++)
    record_free (graveyard->pdata[i]);

  unselect_hidden (self);
  publish (self, TRUE);
}

static void
pass_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VdMemberList *self = VD_MEMBER_LIST (object);
  Pass *pass = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    {
      self->pass = NULL;   /* disposed */
      return;
    }

  g_assert (self->pass == pass);
  pass_apply (self, pass);
  self->pass = NULL;
  schedule (self);
}

/* Sorts and filters what is asked, in place for a short list and in a
 * worker for a long one; one worker at a time */
static void
schedule (VdMemberList *self)
{
  g_autoptr(GTask) task = NULL;
  Pass *pass;

  if (self->pass != NULL)
    return;

  if (self->spec.column != self->sorted_spec.column || self->spec.descending != self->sorted_spec.descending)
    self->sort_needed = TRUE;
  /* Arrivals wait for the end of the load, unless the order is asked anew */
  if (self->loading && self->spec.column == self->sorted_spec.column &&
      self->spec.descending == self->sorted_spec.descending && filter_spec_equal (&self->filter, &self->shown_filter))
    {
      update_busy (self);
      return;
    }
  if (!filter_spec_equal (&self->filter, &self->shown_filter))
    self->filter_needed = TRUE;

  if (!self->sort_needed && !self->filter_needed)
    {
      update_busy (self);
      return;
    }

  if (self->sorted->len <= INLINE_MAX)
    {
      if (self->sort_needed)
        {
          self->sorted_spec = self->spec;
          g_ptr_array_sort_with_data (self->sorted, compare_records, &self->sorted_spec);
        }
      refilter_inline (self);
      self->sort_needed = self->filter_needed = FALSE;
      unselect_hidden (self);
      publish (self, TRUE);
      return;
    }

  pass = g_new0 (Pass, 1);
  pass->sort = self->spec;
  pass->sorting = self->sort_needed;
  filter_spec_copy (&pass->filter, &self->filter);
  pass->n_records = self->sorted->len;
  pass->records = g_memdup2 (self->sorted->pdata, sizeof (Record *) * self->sorted->len);
  self->sort_needed = self->filter_needed = FALSE;
  self->pass = pass;
  update_busy (self);

  task = g_task_new (self, self->cancellable, pass_done_cb, NULL);
  g_task_set_source_tag (task, schedule);
  g_task_set_task_data (task, pass, (GDestroyNotify) pass_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, pass_thread);
}


/* Changes from the members */

static void
record_changed (VdMemberList *self,
                Record       *record)
{
  if (self->pass != NULL)
    {
      /* The worker may be reading its keys: later */
      if (!record->dirty)
        {
          record->dirty = TRUE;
          g_ptr_array_add (self->dirty, record);
        }
      return;
    }

  replace_record (self, record);
  unselect_hidden (self);
  publish (self, record->selected || self->n_selected > 0);
}

static void
record_changed_cb (VdMember *member,
                   gpointer  user_data)
{
  Record *record = user_data;

  record_changed (record->list, record);
}

/* The members list changed: records for what came, away with what left.
 * A member that left and came back in the same change (a splice of the
 * whole list) keeps its record. */
static void
members_changed_cb (GListModel   *members,
                    guint         position,
                    guint         removed,
                    guint         added,
                    VdMemberList *self)
{
  g_autoptr(GHashTable) leaving = NULL;
  g_autoptr(GPtrArray) coming = g_ptr_array_sized_new (added);
  gboolean selection_moved = FALSE;
  /* While members load, they are appended as they come: sorted in among
   * the rows, they would change the rows on screen with every page */
  gboolean large = added + removed > INLINE_MAX / 4 || self->loading;

  if (removed > 0)
    {
      leaving = g_hash_table_new (NULL, NULL);
      for (guint i = position; i < position + removed; i++)
        {
          Record *record = self->records->pdata[i];

          g_hash_table_insert (leaving, record->member, record);
        }
      g_ptr_array_remove_range (self->records, position, removed);
    }

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (members, i);
      Record *record = leaving ? g_hash_table_lookup (leaving, member) : NULL;

      if (record != NULL)
        g_hash_table_remove (leaving, member);
      else
        {
          record = record_new (self, member);
          g_ptr_array_add (coming, record);
        }
      g_ptr_array_insert (self->records, (int) i, record);
    }

  /* Those that left for good */
  if (leaving != NULL && g_hash_table_size (leaving) > 0)
    {
      GHashTableIter iter;
      gpointer record;

      g_hash_table_iter_init (&iter, leaving);
      while (g_hash_table_iter_next (&iter, NULL, &record))
        {
          Record *r = record;

          r->removed = TRUE;
          selection_moved |= r->selected;
          if (r->selected)
            set_n_selected (self, self->n_selected - 1);
        }
      if (g_hash_table_size (leaving) > 8)
        {
          compact (self->sorted);
          compact (self->shown);
        }
      else
        {
          g_hash_table_iter_init (&iter, leaving);
          while (g_hash_table_iter_next (&iter, NULL, &record))
            {
              remove_record (self->sorted, record);
              remove_record (self->shown, record);
            }
        }

      g_hash_table_iter_init (&iter, leaving);
      while (g_hash_table_iter_next (&iter, NULL, &record))
        {
          if (self->pass != NULL)
            g_ptr_array_add (self->graveyard, record);
          else
            record_free (record);
        }
    }

  /* Those that came: in place, or all sorted again when they are many */
  for (guint i = 0; i < coming->len; i++)
    {
      Record *record = coming->pdata[i];
      gboolean matches = record_matches (record, &self->shown_filter);

      if (self->pass != NULL)
        g_ptr_array_add (self->fresh, record);
      if (large)
        {
          /* Shown at the end until sorted (in a worker, when they are many) */
          g_ptr_array_add (self->sorted, record);
          if (matches)
            g_ptr_array_add (self->shown, record);
        }
    }
  if (large && coming->len > 0)
    self->sort_needed = self->filter_needed = TRUE;
  else if (coming->len > 0)
    {
      /* A page of members: sorted, then merged in, one pass over each list */
      g_ptr_array_sort_with_data (coming, compare_records, &self->sorted_spec);
      merge_sorted (self->sorted, coming, NULL, &self->sorted_spec);
      merge_sorted (self->shown, coming, &self->shown_filter, &self->sorted_spec);
    }

  publish (self, selection_moved || self->n_selected > 0);
  schedule (self);
}


/* GListModel */

static GType
vd_member_list_get_item_type (GListModel *model)
{
  return VD_TYPE_MEMBER_ROW;
}

static guint
vd_member_list_get_n_items (GListModel *model)
{
  return VD_MEMBER_LIST (model)->n_published;
}

static void
row_finalized_cb (gpointer  data,
                  GObject  *where_the_object_was)
{
  VdMemberList *self = data;
  GHashTableIter iter;
  gpointer row;

  /* The row's position is gone with it: find it by address */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    if (row == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static gpointer
vd_member_list_get_item (GListModel *model,
                         guint       position)
{
  VdMemberList *self = VD_MEMBER_LIST (model);
  VdMemberRow *row;
  VdMember *member;

  if (position >= self->n_published)
    return NULL;

  member = position < self->shown->len ? ((Record *) self->shown->pdata[position])->member : NULL;
  row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  if (row != NULL)
    {
      vd_member_row_set_member (row, member);
      return g_object_ref (row);
    }

  row = vd_member_row_new (position, member);
  g_object_weak_ref (G_OBJECT (row), row_finalized_cb, self);
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vd_member_list_get_item_type;
  iface->get_n_items = vd_member_list_get_n_items;
  iface->get_item = vd_member_list_get_item;
}


/* GtkSelectionModel: a mark on each member */

static gboolean
vd_member_list_is_selected (GtkSelectionModel *model,
                            guint              position)
{
  VdMemberList *self = VD_MEMBER_LIST (model);

  return position < self->shown->len && ((Record *) self->shown->pdata[position])->selected;
}

static GtkBitset *
vd_member_list_get_selection_in_range (GtkSelectionModel *model,
                                       guint              position,
                                       guint              n_items)
{
  VdMemberList *self = VD_MEMBER_LIST (model);
  GtkBitset *bitset = gtk_bitset_new_empty ();

  if (self->n_selected == 0)
    return bitset;

  for (guint i = position; i < position + n_items && i < self->shown->len; i++)
    if (((Record *) self->shown->pdata[i])->selected)
      gtk_bitset_add (bitset, i);

  return bitset;
}

static gboolean
vd_member_list_set_selection (GtkSelectionModel *model,
                              GtkBitset         *selected,
                              GtkBitset         *mask)
{
  VdMemberList *self = VD_MEMBER_LIST (model);
  GtkBitsetIter iter;
  guint position, first = G_MAXUINT, last = 0;
  guint n_selected = self->n_selected;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, mask, &position);
       more && position < self->shown->len;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      Record *record = self->shown->pdata[position];
      gboolean select = gtk_bitset_contains (selected, position);

      if (record->selected == select)
        continue;

      record->selected = select;
      n_selected = select ? n_selected + 1 : n_selected - 1;
      first = MIN (first, position);
      last = MAX (last, position);
    }

  if (first == G_MAXUINT)
    return TRUE;

  set_n_selected (self, n_selected);
  gtk_selection_model_selection_changed (model, first, last - first + 1);
  return TRUE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = vd_member_list_is_selected;
  iface->get_selection_in_range = vd_member_list_get_selection_in_range;
  iface->set_selection = vd_member_list_set_selection;
}


/* GObject */

static void
disconnect_members (VdMemberList *self)
{
  if (self->members != NULL)
    g_signal_handlers_disconnect_by_func (self->members, members_changed_cb, self);
}

static void
vd_member_list_dispose (GObject *object)
{
  VdMemberList *self = VD_MEMBER_LIST (object);

  g_cancellable_cancel (self->cancellable);
  disconnect_members (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  G_OBJECT_CLASS (vd_member_list_parent_class)->dispose (object);
}

static void
vd_member_list_finalize (GObject *object)
{
  VdMemberList *self = VD_MEMBER_LIST (object);
  GHashTableIter iter;
  gpointer row;

  /* No worker runs: it holds a reference */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    g_object_weak_unref (row, row_finalized_cb, self);
  g_hash_table_unref (self->rows);

  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->sorted);
  for (guint i = 0; i < self->records->len; i++)
    record_free (self->records->pdata[i]);
  g_ptr_array_unref (self->records);
  for (guint i = 0; i < self->graveyard->len; i++)
    record_free (self->graveyard->pdata[i]);
  g_ptr_array_unref (self->graveyard);
  g_ptr_array_unref (self->dirty);
  g_ptr_array_unref (self->fresh);
  g_clear_object (&self->members);
  g_clear_object (&self->cancellable);
  filter_spec_clear (&self->filter);
  filter_spec_clear (&self->shown_filter);

  G_OBJECT_CLASS (vd_member_list_parent_class)->finalize (object);
}

static void
vd_member_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VdMemberList *self = VD_MEMBER_LIST (object);

  switch (prop_id)
    {
    case PROP_MEMBERS:
      g_value_set_object (value, self->members);
      break;

    case PROP_SORT_COLUMN:
      g_value_set_enum (value, self->spec.column);
      break;

    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->spec.descending);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->filter.search);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->filter.role);
      break;

    case PROP_PROJECT_ID:
      g_value_set_string (value, self->filter.project_id);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_N_SELECTED:
      g_value_set_uint (value, self->n_selected);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_member_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VdMemberList *self = VD_MEMBER_LIST (object);

  switch (prop_id)
    {
    case PROP_MEMBERS:
      vd_member_list_set_members (self, g_value_get_object (value));
      break;

    case PROP_SORT_COLUMN:
      vd_member_list_set_sort (self, g_value_get_enum (value), self->spec.descending);
      break;

    case PROP_SORT_DESCENDING:
      vd_member_list_set_sort (self, self->spec.column, g_value_get_boolean (value));
      break;

    case PROP_SEARCH:
      vd_member_list_set_search (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      vd_member_list_set_role (self, g_value_get_enum (value));
      break;

    case PROP_PROJECT_ID:
      vd_member_list_set_project_id (self, g_value_get_string (value));
      break;

    case PROP_LOADING:
      vd_member_list_set_loading (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_member_list_class_init (VdMemberListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vd_member_list_dispose;
  object_class->finalize = vd_member_list_finalize;
  object_class->get_property = vd_member_list_get_property;
  object_class->set_property = vd_member_list_set_property;

  properties[PROP_MEMBERS] =
    g_param_spec_object ("members", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_SORT_COLUMN] =
    g_param_spec_enum ("sort-column", NULL, NULL, VD_TYPE_MEMBER_COLUMN, VD_MEMBER_COLUMN_NAME, flags);
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL, FALSE, flags);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, VD_TYPE_ROLE, VD_ROLE_UNKNOWN, flags);
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL, flags);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SHOWN_CHANGED] =
    g_signal_new ("shown-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vd_member_list_init (VdMemberList *self)
{
  self->records = g_ptr_array_new ();
  self->sorted = g_ptr_array_new ();
  self->shown = g_ptr_array_new ();
  self->rows = g_hash_table_new (NULL, NULL);
  self->dirty = g_ptr_array_new ();
  self->fresh = g_ptr_array_new ();
  self->graveyard = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->spec.column = self->sorted_spec.column = VD_MEMBER_COLUMN_NAME;
  self->filter.role = self->shown_filter.role = VD_ROLE_UNKNOWN;
}


/* API */

VdMemberList *
vd_member_list_new (GListModel *members)
{
  g_return_val_if_fail (members == NULL || G_IS_LIST_MODEL (members), NULL);

  return g_object_new (VD_TYPE_MEMBER_LIST, "members", members, NULL);
}

GListModel *
vd_member_list_get_members (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), NULL);

  return self->members;
}

void
vd_member_list_set_members (VdMemberList *self,
                            GListModel   *members)
{
  guint n_old;

  g_return_if_fail (VD_IS_MEMBER_LIST (self));
  g_return_if_fail (members == NULL || G_IS_LIST_MODEL (members));

  if (self->members == members)
    return;

  /* Everything goes, as if the old list emptied */
  n_old = self->members != NULL ? self->records->len : 0;
  if (n_old > 0)
    members_changed_cb (self->members, 0, n_old, 0, self);
  disconnect_members (self);
  g_set_object (&self->members, members);

  if (members != NULL)
    {
      g_signal_connect (members, "items-changed", G_CALLBACK (members_changed_cb), self);
      members_changed_cb (members, 0, 0, g_list_model_get_n_items (members), self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBERS]);
}

VdMemberColumn
vd_member_list_get_sort_column (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), VD_MEMBER_COLUMN_NONE);

  return self->spec.column;
}

gboolean
vd_member_list_get_sort_descending (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), FALSE);

  return self->spec.descending;
}

void
vd_member_list_set_sort (VdMemberList   *self,
                         VdMemberColumn  column,
                         gboolean        descending)
{
  g_return_if_fail (VD_IS_MEMBER_LIST (self));

  descending = !!descending;
  if (self->spec.column == column && self->spec.descending == descending)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->spec.column != column)
    {
      self->spec.column = column;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_COLUMN]);
    }
  if (self->spec.descending != descending)
    {
      self->spec.descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
    }
  schedule (self);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
vd_member_list_get_search (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), NULL);

  return self->filter.search;
}

void
vd_member_list_set_search (VdMemberList *self,
                           const char   *search)
{
  g_autofree char *key = NULL;

  g_return_if_fail (VD_IS_MEMBER_LIST (self));

  if (search != NULL && *search != '\0')
    key = vd_member_search_key (search);
  if (key != NULL && *key == '\0')
    g_clear_pointer (&key, g_free);
  if (g_strcmp0 (key, self->filter.search) == 0)
    return;

  g_free (self->filter.search);
  self->filter.search = g_steal_pointer (&key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
  schedule (self);
}

VdRole
vd_member_list_get_role (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), VD_ROLE_UNKNOWN);

  return self->filter.role;
}

void
vd_member_list_set_role (VdMemberList *self,
                         VdRole        role)
{
  g_return_if_fail (VD_IS_MEMBER_LIST (self));

  if (self->filter.role == role)
    return;

  self->filter.role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
  schedule (self);
}

const char *
vd_member_list_get_project_id (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), NULL);

  return self->filter.project_id;
}

void
vd_member_list_set_project_id (VdMemberList *self,
                               const char   *project_id)
{
  g_return_if_fail (VD_IS_MEMBER_LIST (self));

  if (g_strcmp0 (self->filter.project_id, project_id) == 0)
    return;

  g_free (self->filter.project_id);
  self->filter.project_id = g_strdup (project_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_ID]);
  schedule (self);
}

gboolean
vd_member_list_get_loading (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), FALSE);

  return self->loading;
}

void
vd_member_list_set_loading (VdMemberList *self,
                            gboolean      loading)
{
  g_return_if_fail (VD_IS_MEMBER_LIST (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  schedule (self);
}

guint
vd_member_list_get_n_shown (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), 0);

  return self->shown->len;
}

gboolean
vd_member_list_get_busy (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), FALSE);

  return self->busy;
}

guint
vd_member_list_get_n_selected (VdMemberList *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), 0);

  return self->n_selected;
}

VdMember *
vd_member_list_get_member (VdMemberList *self,
                           guint         position)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), NULL);

  if (position >= self->shown->len)
    return NULL;
  return ((Record *) self->shown->pdata[position])->member;
}

gboolean
vd_member_list_find (VdMemberList *self,
                     VdMember     *member,
                     guint        *position)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), FALSE);

  for (guint i = 0; i < self->shown->len; i++)
    if (((Record *) self->shown->pdata[i])->member == member)
      {
        if (position != NULL)
          *position = i;
        return TRUE;
      }

  return FALSE;
}

GPtrArray *
vd_member_list_dup_selected (VdMemberList *self)
{
  GPtrArray *selected;

  g_return_val_if_fail (VD_IS_MEMBER_LIST (self), NULL);

  selected = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->shown->len && selected->len < self->n_selected; i++)
    {
      Record *record = self->shown->pdata[i];

      if (record->selected)
        g_ptr_array_add (selected, g_object_ref (record->member));
    }

  return selected;
}
