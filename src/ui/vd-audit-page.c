/* vd-audit-page.c — the organization's audit log, newest first, with
 * filters by action, person and date, loaded page by page as it is scrolled
 *
 * The list box is bound to the store's audit entries: a reset of the
 * filters empties the model and the next pages append to it. One load runs
 * at a time; a filter change cancels it and starts again from the first page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-audit-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-audit-page.h"
#include "vd-ui-util.h"

/* More change lines than this and the row folds them away */
#define MAX_INLINE_CHANGES 3

struct _VdAuditPage
{
  AdwBin               parent_instance;

  GtkDropDown         *action_dropdown;
  GtkDropDown         *person_dropdown;
  GtkDropDown         *date_dropdown;
  GtkStack            *stack;
  AdwStatusPage       *empty_status;
  GtkWidget           *clear_button;
  AdwStatusPage       *error_status;
  GtkScrolledWindow   *scrolled_window;
  GtkListView         *list_view;
  GtkWidget           *more_spinner;
  GtkWidget           *more_retry_button;

  VdOrganizationStore *store;
  GCancellable        *cancellable;
  GListModel          *anyone;          /* the "Anyone" item of the person filter */
  GError              *error;           /* of the last load, NULL when it worked */

  guint                bound : 1;        /* the list view shows the store's entries */
  guint                loading : 1;
  guint                complete : 1;    /* every entry of these filters is loaded */
  guint                loaded : 1;      /* the first page of these filters is in */
  guint                needs_load : 1;  /* load the first page once mapped */
  guint                setting_filters : 1;
};

G_DEFINE_FINAL_TYPE (VdAuditPage, vd_audit_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The actions the server logs (src/server/vd-routes-*.c), in the order of
 * the dropdown; the first entry is no filter */
static const struct
{
  const char *action;
  const char *label;
} actions[] = {
  { NULL,                                  N_("All Actions") },
  { "member.invited",                      N_("Member Invited") },
  { "member.updated",                      N_("Member Changed") },
  { "member.removed",                      N_("Member Removed") },
  { "invitation.accepted",                 N_("Invitation Accepted") },
  { "invitation.rejected",                 N_("Invitation Rejected") },
  { "invitation.resent",                   N_("Invitation Resent") },
  { "invitation.revoked",                  N_("Invitation Revoked") },
  { "organization.created",                N_("Organization Created") },
  { "organization.updated",                N_("Organization Renamed") },
  { "organization.ownership_transferred",  N_("Ownership Transferred") },
  { "project.created",                     N_("Project Created") },
  { "api_key.created",                     N_("API Key Created") },
  { "api_key.deleted",                     N_("API Key Deleted") },
};

enum {
  DATE_ALL_TIME,
  DATE_TODAY,
  DATE_LAST_7_DAYS,
  DATE_LAST_30_DAYS,
};

static void load (VdAuditPage *self,
                  gboolean     reset);

/* Dates */

static char *
format_relative (GDateTime *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  GTimeSpan age = g_date_time_difference (now, local);
  int n;

  if (age < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));

  if (age < G_TIME_SPAN_HOUR)
    {
      n = (int) (age / G_TIME_SPAN_MINUTE);
      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", n), n);
    }

  if (age < G_TIME_SPAN_DAY)
    {
      n = (int) (age / G_TIME_SPAN_HOUR);
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", n), n);
    }

  if (age < 7 * G_TIME_SPAN_DAY)
    {
      n = (int) (age / G_TIME_SPAN_DAY);
      return g_strdup_printf (ngettext ("%d day ago", "%d days ago", n), n);
    }

  /* The locale's own date format */
  return g_date_time_format (local, "%x");
}

static char *
format_full (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  /* The locale's own date and time format */
  return g_date_time_format (local, "%c");
}

/* Rows */

static const char *
project_name_cb (const char *id,
                 gpointer    user_data)
{
  VdAuditPage *self = user_data;
  VdProject *project = self->store ? vd_organization_store_lookup_project (self->store, id) : NULL;

  return project ? vd_project_get_name (project) : NULL;
}

/* Whose role or permissions a member.updated entry changed, when they are
 * still in the organization */
static char *
dup_target (VdAuditPage  *self,
            VdAuditEntry *entry)
{
  VdMember *member;

  if (self->store == NULL || !g_str_equal (vd_audit_entry_get_action (entry), "member.updated"))
    return NULL;

  member = vd_organization_store_lookup_member (self->store, vd_audit_entry_get_entity_id (entry));
  if (member == NULL)
    return NULL;

  /* Translators: %s is the member whose role or permissions changed */
  return g_strdup_printf (_("Member: %s"), vd_member_get_display_name (member));
}

static char *
dup_byline (VdAuditEntry *entry)
{
  GDateTime *created_at = vd_audit_entry_get_created_at (entry);
  const char *email = vd_audit_entry_get_actor_email (entry);
  g_autofree char *when = created_at ? format_relative (created_at) : NULL;

  if (*email != '\0' && when != NULL)
    /* Translators: who did it and when, "bruno@example.com · 5 minutes ago" */
    return g_strdup_printf (_("%s · %s"), email, when);
  if (when != NULL)
    return g_steal_pointer (&when);
  return g_strdup (email);
}

typedef struct
{
  GtkWidget *box;
  GtkLabel  *title;
  GtkLabel  *byline;
  GtkLabel  *target;
  GtkWidget *details;
  GtkWidget *expander;
  GtkWidget *expander_box;
} RowWidgets;

static GtkWidget *
new_line_label (const char *text,
                const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static void
remove_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

/* A row: the summary, who and when, then what changed (folded in an
 * expander when long). List items are recycled: bind fills everything. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  RowWidgets *row = g_new0 (RowWidgets, 1);

  row->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_margin_top (row->box, 9);
  gtk_widget_set_margin_bottom (row->box, 9);
  gtk_widget_set_margin_start (row->box, 12);
  gtk_widget_set_margin_end (row->box, 12);

  row->title = GTK_LABEL (new_line_label (NULL, NULL));
  gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (row->title));
  row->byline = GTK_LABEL (new_line_label (NULL, "caption"));
  gtk_widget_add_css_class (GTK_WIDGET (row->byline), "dim-label");
  gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (row->byline));
  row->target = GTK_LABEL (new_line_label (NULL, "caption"));
  gtk_box_append (GTK_BOX (row->box), GTK_WIDGET (row->target));
  row->details = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (row->box), row->details);
  row->expander_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_margin_top (row->expander_box, 3);
  gtk_widget_set_margin_start (row->expander_box, 18);
  row->expander = gtk_expander_new (NULL);
  gtk_expander_set_child (GTK_EXPANDER (row->expander), row->expander_box);
  gtk_box_append (GTK_BOX (row->box), row->expander);

  g_object_set_data_full (G_OBJECT (row->box), "row", row, g_free);
  gtk_list_item_set_child (list_item, row->box);
  /* Enter opens a row's folded changes (see row_activated_cb) */
  gtk_list_item_set_activatable (list_item, TRUE);
  /* GTK 4.8's list view takes the focus only on an item it can select
   * (nothing shows it: the model is a GtkNoSelection) */
  gtk_list_item_set_selectable (list_item, TRUE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             VdAuditPage              *self)
{
  VdAuditEntry *entry = gtk_list_item_get_item (list_item);
  RowWidgets *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "row");
  g_autoptr(GPtrArray) details = vd_audit_entry_dup_changes (entry, project_name_cb, NULL, self);
  g_autofree char *target = details->len > 0 ? dup_target (self, entry) : NULL;
  g_autofree char *summary = vd_audit_entry_dup_summary (entry);
  g_autofree char *byline = dup_byline (entry);
  GDateTime *created_at = vd_audit_entry_get_created_at (entry);
  gboolean fold = details->len > MAX_INLINE_CHANGES;
  GtkWidget *lines = fold ? row->expander_box : row->details;
  g_autofree char *full = created_at ? format_full (created_at) : NULL;

  gtk_label_set_text (row->title, summary);
  gtk_label_set_text (row->byline, byline);
  /* The row takes the focus: it is named by what it says */
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_list_item_set_accessible_label (list_item, summary);
  gtk_list_item_set_accessible_description (list_item, byline);
#else
  if (gtk_widget_get_parent (row->box) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row->box)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, byline,
                                    -1);
#endif
  gtk_widget_set_visible (GTK_WIDGET (row->byline), *byline != '\0');
  /* The full date and time where the relative one is */
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->byline), full);
  gtk_label_set_text (row->target, target ? target : "");
  gtk_widget_set_visible (GTK_WIDGET (row->target), target != NULL);

  remove_children (row->details);
  remove_children (row->expander_box);
  for (guint i = 0; i < details->len; i++)
    gtk_box_append (GTK_BOX (lines), new_line_label (g_ptr_array_index (details, i), "caption"));

  gtk_widget_set_visible (row->details, !fold && details->len > 0);
  gtk_widget_set_visible (row->expander, fold);
  if (fold)
    {
      g_autofree char *label = g_strdup_printf (ngettext ("%u change", "%u changes", details->len), details->len);

      gtk_expander_set_label (GTK_EXPANDER (row->expander), label);
      gtk_expander_set_expanded (GTK_EXPANDER (row->expander), FALSE);
    }
}

/* The list is one stop for Tab (a long log would be a long way past), so
 * the keyboard opens a row's folded changes with Enter on the row */
static void
row_activated_cb (GtkListView *list_view,
                  guint        position,
                  VdAuditPage *self)
{
  GtkWidget *item = gtk_widget_get_focus_child (GTK_WIDGET (list_view));
  GtkWidget *box = item ? gtk_widget_get_first_child (item) : NULL;
  RowWidgets *row = box ? g_object_get_data (G_OBJECT (box), "row") : NULL;

  if (row != NULL && gtk_widget_get_visible (row->expander))
    gtk_expander_set_expanded (GTK_EXPANDER (row->expander),
                               !gtk_expander_get_expanded (GTK_EXPANDER (row->expander)));
}

/* State */

static gboolean
filters_active (VdAuditPage *self)
{
  return gtk_drop_down_get_selected (self->action_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->person_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->date_dropdown) > 0;
}

static void
update_view (VdAuditPage *self)
{
  guint n = self->store && self->bound ? g_list_model_get_n_items (vd_organization_store_get_audit_entries (self->store)) : 0;
  gboolean active = filters_active (self);
  const char *page;

  if (n > 0)
    page = "list";
  else if (self->store != NULL && self->error != NULL && !self->loading)
    page = "error";
  else if (self->store == NULL || (self->loaded && !self->loading))
    page = "empty";
  else
    page = "loading";

  if (g_str_equal (page, "empty"))
    {
      if (active)
        {
          adw_status_page_set_icon_name (self->empty_status, "edit-find-symbolic");
          adw_status_page_set_title (self->empty_status, _("No Entries Match These Filters"));
          adw_status_page_set_description (self->empty_status,
                                           _("Choose other filters, or clear them to see the whole log."));
        }
      else
        {
          adw_status_page_set_icon_name (self->empty_status, "document-open-recent-symbolic");
          adw_status_page_set_title (self->empty_status, _("No Activity Yet"));
          adw_status_page_set_description (self->empty_status,
                                           _("Changes to members, invitations, projects and API keys will be listed here."));
        }
      gtk_widget_set_visible (self->clear_button, active);
    }
  else if (g_str_equal (page, "error"))
    adw_status_page_set_description (self->error_status, self->error->message);

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->more_spinner, n > 0 && self->loading);
  gtk_widget_set_visible (self->more_retry_button, n > 0 && !self->loading && self->error != NULL);
}

static void
set_loading (VdAuditPage *self,
             gboolean     loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* A list shorter than the view cannot be scrolled to its end: load on */
static void
maybe_fill_view (VdAuditPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  if (self->store == NULL || self->loading || self->complete || self->error != NULL || !self->loaded)
    return;

  if (gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment) ||
      gtk_adjustment_get_value (adjustment) >= gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1)
    {
      if (gtk_widget_get_mapped (GTK_WIDGET (self)) &&
          g_list_model_get_n_items (vd_organization_store_get_audit_entries (self->store)) > 0)
        load (self, FALSE);
    }
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VdAuditPage *self;
  gboolean more;

  more = vd_organization_store_load_audit_finish (VD_ORGANIZATION_STORE (object), result, &error);
  if (vd_ui_is_cancelled (error))
    return;

  self = VD_AUDIT_PAGE (user_data);
  g_clear_error (&self->error);

  if (error != NULL)
    {
      /* Loading more: the list stays, the toast says why, the footer retries */
      if (self->loaded)
        vd_ui_toast_error (GTK_WIDGET (self), error);
      self->error = g_steal_pointer (&error);
    }
  else
    {
      self->loaded = TRUE;
      self->complete = !more;
    }

  set_loading (self, FALSE);
  update_view (self);
}

static void
load (VdAuditPage *self,
      gboolean     reset)
{
  const char *action = NULL;
  const char *actor_id = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) now = NULL;
  gpointer person;
  guint selected;

  if (self->store == NULL)
    return;

  if (reset)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->loaded = FALSE;
      self->complete = FALSE;
      self->needs_load = FALSE;
    }
  else if (self->loading || self->complete || !self->loaded)
    return;

  g_clear_error (&self->error);

  selected = gtk_drop_down_get_selected (self->action_dropdown);
  if (selected < G_N_ELEMENTS (actions))
    action = actions[selected].action;

  person = gtk_drop_down_get_selected_item (self->person_dropdown);
  if (VD_IS_MEMBER (person))
    actor_id = vd_member_get_user_id (person);

  now = g_date_time_new_now_local ();
  switch (gtk_drop_down_get_selected (self->date_dropdown))
    {
    case DATE_TODAY:
      from = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
      break;

    case DATE_LAST_7_DAYS:
      from = g_date_time_add_days (now, -7);
      break;

    case DATE_LAST_30_DAYS:
      from = g_date_time_add_days (now, -30);
      break;

    default:
      break;
    }

  set_loading (self, TRUE);
  /* With reset, the store empties the list at once: update_view follows
   * through items-changed */
  vd_organization_store_load_audit_async (self->store, reset, action, actor_id, from, NULL,
                                          self->cancellable, loaded_cb, self);
  if (!self->bound)
    {
      g_autoptr(GtkNoSelection) selection =
        gtk_no_selection_new (g_object_ref (vd_organization_store_get_audit_entries (self->store)));

      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
      self->bound = TRUE;
    }
  update_view (self);
}

/* Loads from the first page now if the page is shown, else once it is */
static void
reload (VdAuditPage *self)
{
  if (self->store == NULL)
    return;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self, TRUE);
  else
    {
      g_cancellable_cancel (self->cancellable);
      self->needs_load = TRUE;
      self->loaded = FALSE;
      set_loading (self, FALSE);
    }
}

/* Callbacks */

static void
filter_changed_cb (VdAuditPage *self)
{
  if (self->setting_filters)
    return;

  reload (self);
}

static void
clear_filters (VdAuditPage *self)
{
  self->setting_filters = TRUE;
  gtk_drop_down_set_selected (self->action_dropdown, 0);
  gtk_drop_down_set_selected (self->person_dropdown, 0);
  gtk_drop_down_set_selected (self->date_dropdown, 0);
  self->setting_filters = FALSE;
}

static void
clear_filters_clicked_cb (VdAuditPage *self)
{
  clear_filters (self);
  reload (self);
}

static void
retry_clicked_cb (VdAuditPage *self)
{
  load (self, TRUE);
}

static void
more_retry_clicked_cb (VdAuditPage *self)
{
  load (self, FALSE);
}

static void
edge_reached_cb (VdAuditPage     *self,
                 GtkPositionType  position)
{
  if (position == GTK_POS_BOTTOM)
    load (self, FALSE);
}

static void
entries_changed_cb (VdAuditPage *self)
{
  update_view (self);
}

/* The dropdowns show one ellipsized line, so that three fit side by side */
static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static const char *
item_text (gpointer item)
{
  if (VD_IS_MEMBER (item))
    return vd_member_get_display_name (item);
  if (GTK_IS_STRING_OBJECT (item))
    return gtk_string_object_get_string (item);
  return "";
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  gpointer item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), item_text (item));
}

/* What the person filter's search matches: name and email */
static char *
person_search_text (GObject *item)
{
  if (VD_IS_MEMBER (item))
    return g_strdup (vd_member_get_search_text (VD_MEMBER (item)));
  return g_strdup (item_text (item));
}

static void
set_person_model (VdAuditPage *self)
{
  g_autoptr(GListStore) lists = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkFlattenListModel) flat = NULL;

  g_list_store_append (lists, self->anyone);
  if (self->store != NULL)
    {
      GtkSorter *sorter = GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (VD_TYPE_MEMBER, NULL,
                                                                                          "display-name")));
      g_autoptr(GtkSortListModel) sorted = gtk_sort_list_model_new (g_object_ref (vd_organization_store_get_members (self->store)),
                                                                    sorter);

      g_list_store_append (lists, sorted);
    }

  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&lists)));
  gtk_drop_down_set_model (self->person_dropdown, G_LIST_MODEL (flat));
}

/* Public API */

VdOrganizationStore *
vd_audit_page_get_store (VdAuditPage *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_PAGE (self), NULL);

  return self->store;
}

gboolean
vd_audit_page_get_loading (VdAuditPage *self)
{
  g_return_val_if_fail (VD_IS_AUDIT_PAGE (self), FALSE);

  return self->loading;
}

void
vd_audit_page_set_store (VdAuditPage         *self,
                         VdOrganizationStore *store)
{
  g_return_if_fail (VD_IS_AUDIT_PAGE (self));
  g_return_if_fail (store == NULL || VD_IS_ORGANIZATION_STORE (store));

  if (self->store == store)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_error (&self->error);
  self->loaded = FALSE;
  self->complete = FALSE;
  set_loading (self, FALSE);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (vd_organization_store_get_audit_entries (self->store), self);
  g_set_object (&self->store, store);

  /* Another organization: its own people, and the whole log */
  self->setting_filters = TRUE;
  set_person_model (self);
  self->setting_filters = FALSE;
  clear_filters (self);

  /* Bound by the first load, once the list holds these filters' entries */
  gtk_list_view_set_model (self->list_view, NULL);
  self->bound = FALSE;
  if (store != NULL)
    g_signal_connect_object (vd_organization_store_get_audit_entries (store), "items-changed",
                             G_CALLBACK (entries_changed_cb), self, G_CONNECT_SWAPPED);

  self->needs_load = store != NULL;
  if (store != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self, TRUE);

  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* GObject */

static void
vd_audit_page_map (GtkWidget *widget)
{
  VdAuditPage *self = VD_AUDIT_PAGE (widget);

  GTK_WIDGET_CLASS (vd_audit_page_parent_class)->map (widget);

  if (self->needs_load)
    load (self, TRUE);
}

static void
vd_audit_page_dispose (GObject *object)
{
  VdAuditPage *self = VD_AUDIT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (vd_organization_store_get_audit_entries (self->store), self);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->store);
  g_clear_object (&self->anyone);
  g_clear_error (&self->error);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_AUDIT_PAGE);

  G_OBJECT_CLASS (vd_audit_page_parent_class)->dispose (object);
}

static void
vd_audit_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VdAuditPage *self = VD_AUDIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_audit_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VdAuditPage *self = VD_AUDIT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      vd_audit_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_audit_page_class_init (VdAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vd_audit_page_dispose;
  object_class->get_property = vd_audit_page_get_property;
  object_class->set_property = vd_audit_page_set_property;
  widget_class->map = vd_audit_page_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VD_TYPE_ORGANIZATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VD_TYPE_MEMBER);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, person_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdAuditPage, more_retry_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, more_retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edge_reached_cb);
}

static void
vd_audit_page_init (VdAuditPage *self)
{
  g_autoptr(GtkStringList) action_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkExpression) search = NULL;
  g_autoptr(GtkListItemFactory) row_factory = gtk_signal_list_item_factory_new ();

  self->setting_filters = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), NULL);
  gtk_drop_down_set_factory (self->action_dropdown, factory);
  gtk_drop_down_set_factory (self->person_dropdown, factory);
  gtk_drop_down_set_factory (self->date_dropdown, factory);

  g_signal_connect (row_factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (row_factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, row_factory);
  vd_ui_set_single_tab_stop (GTK_WIDGET (self->list_view));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (row_activated_cb), self, 0);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_string_list_append (action_labels, _(actions[i].label));
  gtk_drop_down_set_model (self->action_dropdown, G_LIST_MODEL (action_labels));

  /* Translators: the person filter's choice for no filter */
  self->anyone = G_LIST_MODEL (gtk_string_list_new ((const char * const []) { _("Anyone"), NULL }));
  search = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                        G_CALLBACK (person_search_text), NULL, NULL);
  gtk_drop_down_set_expression (self->person_dropdown, search);
  set_person_model (self);
  self->setting_filters = FALSE;

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "changed",
                           G_CALLBACK (maybe_fill_view), self, G_CONNECT_SWAPPED);

  update_view (self);
}
