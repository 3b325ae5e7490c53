/* vd-member-scroller.h — moves a VdMemberWindow over its list: the
 * scrollbar, the wheel, the touchpad and the keys of the view showing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vd-member-window.h"

G_BEGIN_DECLS

#define VD_TYPE_MEMBER_SCROLLER (vd_member_scroller_get_type ())
G_DECLARE_FINAL_TYPE (VdMemberScroller, vd_member_scroller, VD, MEMBER_SCROLLER, GObject)

/*
 * A GtkColumnView given a VdMemberWindow holds only the rows that fit, so
 * neither it nor its GtkScrolledWindow (vscrollbar-policy "external") can
 * scroll them. The scroller does, by moving the window's "offset":
 *  - "page-size" follows the view's height and its rows' height;
 *  - a GtkScrollbar over the view (an overlay indicator, wider under the
 *    pointer), in rows, shown only when there is somewhere to scroll;
 *  - the wheel (3 rows a click), the touchpad (by its pixels) and a swipe's
 *    deceleration after the fingers leave it; the focus stays on its member
 *    while that member is on screen (sideways scrolling, Shift and the
 *    wheel included, is left to the scrolled window);
 *  - Up and Down at the first and last rows move the rows under the focus
 *    and select the member that comes there (Shift extends, Ctrl moves
 *    only), Page Up and Page Down move the focus a page of members and the
 *    rows with it, Home and End go to the ends (the view then moves the
 *    focus to the first or last row).
 * Its controllers are added to the view (keys) and to the view's parent
 * (scrolling, in the capture phase, named "vd-rows-scroll").
 */
VdMemberScroller *vd_member_scroller_new (GtkColumnView  *view,
                                          VdMemberWindow *window,
                                          GtkScrollbar   *scrollbar);

G_END_DECLS
