/* vd-member-row.h — one row of the members list: a slot that shows a member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vd-member.h"

G_BEGIN_DECLS

#define VD_TYPE_MEMBER_ROW (vd_member_row_get_type ())
G_DECLARE_FINAL_TYPE (VdMemberRow, vd_member_row, VD, MEMBER_ROW, GObject)

/*
 * The items of a VdMemberList. A row stands for a position in the list, not
 * for a member: when the list is sorted or filtered again, the rows stay and
 * their "member" changes, so the view keeps its row widgets and only the
 * cells whose text changed are redrawn.
 *
 * Properties (EXPLICIT_NOTIFY, notified only on a real change):
 *   "member"    VdMember, read-only: who the row shows now; NULL for a
 *               row that is still in the view but about to leave it
 *   "position"  guint, read-only: the row's place in its list (it moves
 *               only when rows before it leave)
 */
VdMember *vd_member_row_get_member   (VdMemberRow *self);
guint     vd_member_row_get_position (VdMemberRow *self);

/* For VdMemberList */
VdMemberRow *vd_member_row_new        (guint        position,
                                       VdMember    *member);
void         vd_member_row_set_member (VdMemberRow *self,
                                       VdMember    *member);
void         vd_member_row_set_position (VdMemberRow *self,
                                         guint        position);

G_END_DECLS
