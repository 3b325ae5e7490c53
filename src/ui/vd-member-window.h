/* vd-member-window.h — the rows of a VdMemberList that fit on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vd-member-list.h"

G_BEGIN_DECLS

#define VD_TYPE_MEMBER_WINDOW (vd_member_window_get_type ())
G_DECLARE_FINAL_TYPE (VdMemberWindow, vd_member_window, VD, MEMBER_WINDOW, GObject)

/*
 * A GListModel of VdMemberRow and a GtkSelectionModel: the members of a
 * VdMemberList from "offset" on, as many as fit on screen.
 *
 * Why: GTK 4.8's list and column views keep widgets for up to 200 rows
 * whatever their height, build them in ~0.75 ms each, and whenever one row
 * comes or goes every column measures all its cells again (1,400 in the
 * members table, 10–16 ms a frame). Through a window the view holds only
 * the ~25 rows on screen; scrolling moves "offset", which changes what the
 * rows show (VdMemberRow:member), never the rows themselves, and members
 * arriving at the end of the list change no row at all.
 *
 * The window has "page-size" rows (those that fit whole on screen), fewer
 * when the list has fewer: "offset" is kept between 0 and the list's
 * members shown minus "page-size", so the window is full whenever the
 * list allows and a narrower search does not leave it empty.
 *
 * The selection is the list's: row i is the list's row "offset" + i, and
 * selecting one item "unselecting the rest", selecting all or unselecting
 * all acts on the whole list, not on the window. A range from the row last
 * selected or unselected alone (as the view extends a selection with
 * Shift) starts at that row's member, even after the window moved.
 *
 * Properties (EXPLICIT_NOTIFY, notified only on a real change):
 *   "list"       VdMemberList, construct-only
 *   "offset"     guint: the list's position of the first row
 *   "page-size"  guint: rows that fit whole on screen
 *   "pace"       guint: at most this many rows come in one step (0, the
 *                default: all at once; rows that leave always go at once);
 *                with a pace, rows come only from vd_member_window_step (),
 *                which the view's owner calls each frame while "busy"
 *   "busy"       gboolean, read-only: rows are still to come or go
 */
VdMemberWindow *vd_member_window_new           (VdMemberList   *list);

VdMemberList   *vd_member_window_get_list      (VdMemberWindow *self);
guint           vd_member_window_get_offset    (VdMemberWindow *self);
void            vd_member_window_set_offset    (VdMemberWindow *self,
                                                guint           offset);
/* The largest offset the list's members allow now */
guint           vd_member_window_get_max_offset (VdMemberWindow *self);
guint           vd_member_window_get_page_size (VdMemberWindow *self);
void            vd_member_window_set_page_size (VdMemberWindow *self,
                                                guint           page_size);
guint           vd_member_window_get_pace      (VdMemberWindow *self);
void            vd_member_window_set_pace      (VdMemberWindow *self,
                                                guint           pace);
gboolean        vd_member_window_step          (VdMemberWindow *self);
gboolean        vd_member_window_get_busy      (VdMemberWindow *self);

/* Selects from the member last selected alone to the row at @position */
void            vd_member_window_select_to     (VdMemberWindow *self,
                                                guint           position,
                                                gboolean        unselect_rest);

/* Who the row at @position shows now (transfer none), or NULL */
VdMember       *vd_member_window_get_member    (VdMemberWindow *self,
                                                guint           position);

G_END_DECLS
