/* vd-member-list.h — the members as the members page shows them: sorted,
 * searched and filtered, with a selection that follows the members
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vd-member.h"
#include "vd-member-row.h"

G_BEGIN_DECLS

typedef enum {
  VD_MEMBER_COLUMN_NONE,      /* the server's order: by joining date */
  VD_MEMBER_COLUMN_NAME,
  VD_MEMBER_COLUMN_EMAIL,
  VD_MEMBER_COLUMN_ROLE,
  VD_MEMBER_COLUMN_PROJECTS,
  VD_MEMBER_COLUMN_BILLING,
  VD_MEMBER_COLUMN_API,
  VD_MEMBER_COLUMN_JOINED,
} VdMemberColumn;

GType vd_member_column_get_type (void) G_GNUC_CONST;
#define VD_TYPE_MEMBER_COLUMN (vd_member_column_get_type ())

#define VD_TYPE_MEMBER_LIST (vd_member_list_get_type ())
G_DECLARE_FINAL_TYPE (VdMemberList, vd_member_list, VD, MEMBER_LIST, GObject)

/*
 * A GListModel of VdMemberRow and the GtkSelectionModel of the view.
 *
 * Why not GtkSortListModel + GtkFilterListModel + GtkMultiSelection: with
 * 100,000 members, GTK 4.8 made every collation key in one main-loop
 * iteration when sorting started, and a column view rebuilt all its visible
 * row widgets (~3 ms a row) for each items-changed that touched them. Here
 *  - each member's sort and search keys are made once, when it arrives or
 *    changes (by property notification); a page of members that arrives is
 *    merged in order (or, while "loading", shown at the end until the load
 *    is done);
 *  - a new sort or filter of a large list runs in a worker thread over the
 *    keys, and its result replaces the old one at once when it is done;
 *  - the items are rows (positions), not members: a new order or filter
 *    changes what the rows show (VdMemberRow:member) and the list emits
 *    items-changed only for rows that come or go at its end, so the view
 *    keeps its row widgets;
 *  - the selection is a mark on the member, so it follows the member when
 *    the list is sorted again; members a filter hides are unselected.
 *
 * Properties (EXPLICIT_NOTIFY, notified only on a real change):
 *   "members"          GListModel of VdMember: the source (the store's)
 *   "sort-column"      VdMemberColumn
 *   "sort-descending"  gboolean
 *   "search"           string: members whose name or email contain it
 *                      (case ignored: folded as vd_member_search_key)
 *   "role"             VdRole: only that role; VD_ROLE_UNKNOWN for all
 *   "project-id"       string: only members with some access to it
 *   "loading"          gboolean: members are still arriving; they are shown
 *                      at the end as they come (placing each page among the
 *                      rows would change the rows on screen with every page)
 *                      and the list is sorted once when it becomes FALSE
 *   "busy"             gboolean, read-only: a sort or filter is still
 *                      running
 *   "n-selected"       guint, read-only
 *
 * Signals:
 *   ::shown-changed    the members shown, or their order, may have changed
 *                      (after any items-changed of the same change); a
 *                      VdMemberWindow follows the list through it
 */
VdMemberList  *vd_member_list_new              (GListModel     *members);

GListModel    *vd_member_list_get_members      (VdMemberList   *self);
void           vd_member_list_set_members      (VdMemberList   *self,
                                                GListModel     *members);
VdMemberColumn vd_member_list_get_sort_column  (VdMemberList   *self);
gboolean       vd_member_list_get_sort_descending (VdMemberList *self);
void           vd_member_list_set_sort         (VdMemberList   *self,
                                                VdMemberColumn  column,
                                                gboolean        descending);
const char    *vd_member_list_get_search       (VdMemberList   *self);
void           vd_member_list_set_search       (VdMemberList   *self,
                                                const char     *search);
VdRole         vd_member_list_get_role         (VdMemberList   *self);
void           vd_member_list_set_role         (VdMemberList   *self,
                                                VdRole          role);
const char    *vd_member_list_get_project_id   (VdMemberList   *self);
void           vd_member_list_set_project_id   (VdMemberList   *self,
                                                const char     *project_id);
gboolean       vd_member_list_get_loading      (VdMemberList   *self);
void           vd_member_list_set_loading      (VdMemberList   *self,
                                                gboolean        loading);
guint          vd_member_list_get_n_shown      (VdMemberList   *self);
gboolean       vd_member_list_get_busy         (VdMemberList   *self);
guint          vd_member_list_get_n_selected   (VdMemberList   *self);

/* Who the row at @position shows now (transfer none), or NULL past the end */
VdMember      *vd_member_list_get_member       (VdMemberList   *self,
                                                guint           position);
/* Where @member is shown; FALSE when it is not */
gboolean       vd_member_list_find             (VdMemberList   *self,
                                                VdMember       *member,
                                                guint          *position);
/* The selected members, in the list's order (transfer container: the
 * array holds references) */
GPtrArray     *vd_member_list_dup_selected     (VdMemberList   *self);

G_END_DECLS
