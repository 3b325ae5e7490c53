/* vd-member-scroller.c — moves a VdMemberWindow over its list: the
 * scrollbar, the wheel, the touchpad and the keys of the view showing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-member-scroller"

#include "config.h"

#include <math.h>

#include "vd-member-scroller.h"

struct _VdMemberScroller
{
  GObject         parent_instance;

  GtkColumnView  *view;          /* weak: the page owns it */
  VdMemberWindow *window;
  GtkScrollbar   *scrollbar;     /* weak, as the view */
  GtkAdjustment  *vadjustment;   /* the scrollbar's: in rows */
  double          scroll_rows;   /* rows scrolled by a touchpad, not yet moved */
  double          kinetic_speed; /* pixels a second, after a touchpad swipe */
  gint64          kinetic_time;  /* of the last kinetic step */
  guint           kinetic_id;    /* tick: kinetic scrolling */
  guint           page_size_id;  /* idle: rows that fit, again */
  VdMember       *away;          /* has the focus, scrolled off screen */
  GtkWidget      *away_row;      /* weak: the focused row meanwhile */
};

G_DEFINE_FINAL_TYPE (VdMemberScroller, vd_member_scroller, G_TYPE_OBJECT)

/* Rows scrolled by one click of a mouse wheel */
#define WHEEL_ROWS 3
/* Rows shown before the first row could be measured */
#define FIRST_PAGE_SIZE 20

/* The list view inside the column view, whose children are the rows */
static GtkWidget *
get_rows_widget (VdMemberScroller *self)
{
  if (self->view == NULL)
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;

  return NULL;
}

/* The row widget at @position, if there is one */
static GtkWidget *
get_row (VdMemberScroller *self,
         guint             position)
{
  GtkWidget *rows = get_rows_widget (self);
  GtkWidget *row = rows != NULL ? gtk_widget_get_first_child (rows) : NULL;

  for (guint i = 0; row != NULL && i < position; i++)
    row = gtk_widget_get_next_sibling (row);
  return row;
}

/* Pixels from a row's top to the next's: a row's height does not hold the
 * separator between rows (a pixel, with the data-table style), and rows
 * counted by their height alone overflowed the view, the last of them
 * hidden. With one row, its height and border. */
static int
get_row_pitch (VdMemberScroller *self)
{
  GtkWidget *rows = get_rows_widget (self);
  GtkWidget *first = get_row (self, 0);
  GtkWidget *second = get_row (self, 1);
  graphene_rect_t a, b;

  if (first == NULL || !gtk_widget_compute_bounds (first, rows, &a))
    return 0;
  if (second != NULL && gtk_widget_compute_bounds (second, rows, &b) && b.origin.y > a.origin.y)
    return (int) ceilf (b.origin.y - a.origin.y);
  return (int) ceilf (a.size.height);
}

static gboolean
update_page_size_cb (gpointer data)
{
  VdMemberScroller *self = data;
  GtkAdjustment *adjustment = self->view ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view)) : NULL;
  int row_pitch = get_row_pitch (self);
  double height = adjustment != NULL ? gtk_adjustment_get_page_size (adjustment) : 0;

  self->page_size_id = 0;
  /* Before the first row is laid out, or while the page is hidden */
  if (row_pitch <= 0 || height <= 0)
    return G_SOURCE_REMOVE;

  vd_member_window_set_page_size (self->window, MAX (1, (guint) (height / row_pitch)));
  return G_SOURCE_REMOVE;
}

/* The view's height or its rows' changed (after its allocation: the window
 * changes in an idle, before the next frame) */
static void
view_vadjustment_changed_cb (VdMemberScroller *self)
{
  if (self->page_size_id == 0)
    self->page_size_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, update_page_size_cb, self, NULL);
}

/* The slider's length and position in whole pixels, as GtkRange places
 * it in a trough of @trough pixels (before its minimum length) */
static void
slider_pixels (double  trough,
               double  value,
               double  upper,
               double  page_size,
               int    *length,
               int    *position)
{
  double slider = upper > 0 ? MIN (trough, trough * page_size / upper) : trough;

  *length = (int) slider;
  *position = upper > page_size ? (int) ((trough - slider) * value / (upper - page_size)) : 0;
}

/* Whether the slider would be drawn elsewhere or at another length.
 * Configuring the scrollbar lays out the window again, which on X11 asks
 * the display server about its monitor several times: for every page of
 * members arriving, that was most frames of a load (docs/benchmarks.md,
 * "The scrollbar while members arrive"), and for every turn of the wheel
 * over a long list, where the slider moves a pixel every few hundred
 * rows, it made a scrolling frame late now and then. */
static gboolean
slider_would_move (VdMemberScroller *self,
                   double            value,
                   double            upper,
                   double            page_size)
{
  int trough = self->scrollbar != NULL ? gtk_widget_get_height (GTK_WIDGET (self->scrollbar)) : 0;
  int old_length, old_position, new_length, new_position;

  if (trough <= 0 || page_size != gtk_adjustment_get_page_size (self->vadjustment))
    return TRUE;

  slider_pixels (trough, gtk_adjustment_get_value (self->vadjustment), gtk_adjustment_get_upper (self->vadjustment),
                 page_size, &old_length, &old_position);
  slider_pixels (trough, value, upper, page_size, &new_length, &new_position);
  return old_length != new_length || old_position != new_position;
}

static void
update_vadjustment (VdMemberScroller *self)
{
  VdMemberList *list = vd_member_window_get_list (self->window);
  guint n = vd_member_list_get_n_shown (list);
  guint page_size = vd_member_window_get_page_size (self->window);
  guint offset = vd_member_window_get_offset (self->window);
  guint max_offset = vd_member_window_get_max_offset (self->window);
  /* Exact when the list changed outside a load (a search, a sort) and at
   * either end; else the scrollbar is told when its slider moves */
  gboolean exact = (!vd_member_list_get_loading (list) && n != gtk_adjustment_get_upper (self->vadjustment)) ||
                   ((offset == 0 || offset == max_offset) && offset != gtk_adjustment_get_value (self->vadjustment));

  if (exact || slider_would_move (self, offset, n, page_size))
    gtk_adjustment_configure (self->vadjustment, offset, 0, n, 1, MAX (1, page_size), page_size);
  /* Only when there is somewhere to scroll, as a scrolled window's */
  if (self->scrollbar != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->scrollbar), n > page_size);
}

static gboolean get_focus_row (VdMemberScroller *self,
                               guint            *position);
static void     focus_row     (VdMemberScroller *self,
                               guint             position);

/* Gives the focus to @member's row; FALSE if none shows it */
static gboolean
focus_member (VdMemberScroller *self,
              VdMember         *member)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->window)); i++)
    if (vd_member_window_get_member (self->window, i) == member)
      {
        focus_row (self, i);
        return TRUE;
      }

  return FALSE;
}

/* @member (or none) has the focus while off screen: the focused row shows
 * no focus ring meanwhile, as it shows another member */
static void
set_away (VdMemberScroller *self,
          VdMember         *member)
{
  GtkWidget *row = NULL;
  guint position;

  if (member != NULL && get_focus_row (self, &position))
    row = get_row (self, position);

  if (self->away_row != row)
    {
      if (self->away_row != NULL)
        {
          gtk_widget_remove_css_class (self->away_row, "focus-away");
          g_object_remove_weak_pointer (G_OBJECT (self->away_row), (gpointer *) &self->away_row);
        }
      self->away_row = row;
      if (row != NULL)
        {
          gtk_widget_add_css_class (row, "focus-away");
          g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &self->away_row);
        }
    }
  if (row == NULL)
    member = NULL;
  g_set_object (&self->away, member);
}

/* The wheel and the scrollbar move the rows under the focus: it stays on
 * its member while that member is on screen. Scrolled off, the member
 * keeps it (as in a GtkListView) while its row shows others: a key brings
 * it back (bring_back ()), so that Enter opens that member, not the one
 * the row shows now. */
static void
scroll_to_offset (VdMemberScroller *self,
                  guint             offset)
{
  g_autoptr(VdMember) focused = NULL;
  guint position;

  if (!get_focus_row (self, &position))
    {
      set_away (self, NULL);
      vd_member_window_set_offset (self->window, offset);
      return;
    }

  if (self->away != NULL)
    focused = g_object_ref (self->away);
  else if (vd_member_window_get_member (self->window, position) != NULL)
    focused = g_object_ref (vd_member_window_get_member (self->window, position));
  vd_member_window_set_offset (self->window, offset);
  if (focused == NULL)
    return;

  if (vd_member_window_get_member (self->window, position) == focused || focus_member (self, focused))
    set_away (self, NULL);
  else
    set_away (self, focused);
}

/* The member that has the focus, scrolled off screen, comes back on the row
 * the focus is on (as far as the list's ends allow) */
static void
bring_back (VdMemberScroller *self)
{
  g_autoptr(VdMember) member = g_object_ref (self->away);
  guint position, index;

  set_away (self, NULL);
  if (!get_focus_row (self, &position) ||
      !vd_member_list_find (vd_member_window_get_list (self->window), member, &index))
    return;

  vd_member_window_set_offset (self->window, index > position ? index - position : 0);
  focus_member (self, member);
}

static gboolean
acts_on_focus (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
    case GDK_KEY_Menu:
    case GDK_KEY_F10:
      return TRUE;

    default:
      return FALSE;
    }
}

/* A click: the focus is no longer the member's. (Tabbing away and back, it
 * still is, as a GtkListView keeps its focused item.) */
static void
forget_away (VdMemberScroller *self)
{
  set_away (self, NULL);
}

static void
vadjustment_value_changed_cb (VdMemberScroller *self)
{
  scroll_to_offset (self, (guint) (gtk_adjustment_get_value (self->vadjustment) + 0.5));
}

static guint
offset_by (VdMemberScroller *self,
           int               rows)
{
  guint offset = vd_member_window_get_offset (self->window);

  return rows < 0 && (guint) -rows > offset ? 0 : offset + rows;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           VdMemberScroller         *self)
{
  int row_pitch = get_row_pitch (self);
  int rows;

  /* Sideways is the scrolled window's, Shift and the wheel included */
  if (ABS (dx) > ABS (dy) ||
      (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller)) & GDK_SHIFT_MASK))
    return FALSE;

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    self->scroll_rows += dy * WHEEL_ROWS;
  else
    self->scroll_rows += row_pitch > 0 ? dy / row_pitch : dy;

  rows = (int) self->scroll_rows;
  self->scroll_rows -= rows;
  if (rows != 0)
    scroll_to_offset (self, offset_by (self, rows));
  return TRUE;
}

static void
stop_kinetic (VdMemberScroller *self)
{
  if (self->kinetic_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->view), self->kinetic_id);
  self->kinetic_id = 0;
  self->kinetic_speed = 0;
}

static void
scroll_begin_cb (VdMemberScroller *self)
{
  stop_kinetic (self);
  self->scroll_rows = 0;
}

/* A swipe keeps the rows going after the fingers left the touchpad,
 * slower each frame, as GtkScrolledWindow does (it would, but the rows
 * are not its to scroll) */
#define KINETIC_FRICTION 4.0    /* of the speed lost, a second */
#define KINETIC_MIN_SPEED 30.0  /* pixels a second: stopped */

static gboolean
kinetic_step_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  VdMemberScroller *self = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double seconds = (now - self->kinetic_time) / (double) G_USEC_PER_SEC;
  guint offset = vd_member_window_get_offset (self->window);
  int row_pitch = MAX (1, get_row_pitch (self));
  int rows;

  self->kinetic_time = now;
  self->scroll_rows += self->kinetic_speed * seconds / row_pitch;
  self->kinetic_speed *= MAX (0, 1 - KINETIC_FRICTION * seconds);
  rows = (int) self->scroll_rows;
  self->scroll_rows -= rows;
  if (rows != 0)
    scroll_to_offset (self, offset_by (self, rows));

  if (ABS (self->kinetic_speed) < KINETIC_MIN_SPEED ||
      (rows != 0 && vd_member_window_get_offset (self->window) == offset))
    {
      self->kinetic_id = 0;
      self->kinetic_speed = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
decelerate_cb (VdMemberScroller *self,
               double            speed_x,
               double            speed_y)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->view));

  stop_kinetic (self);
  if (clock == NULL || ABS (speed_y) < KINETIC_MIN_SPEED || ABS (speed_x) > ABS (speed_y))
    return;

  self->kinetic_speed = speed_y;
  self->kinetic_time = gdk_frame_clock_get_frame_time (clock);
  self->kinetic_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->view), kinetic_step_cb, self, NULL);
}

/* Which of the window's rows has the focus, if one has */
static gboolean
get_focus_row (VdMemberScroller *self,
               guint            *position)
{
  GtkRoot *root = self->view != NULL ? gtk_widget_get_root (GTK_WIDGET (self->view)) : NULL;
  GtkWidget *rows = get_rows_widget (self);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  guint i = 0;

  while (focus != NULL && gtk_widget_get_parent (focus) != rows)
    focus = gtk_widget_get_parent (focus);
  if (focus == NULL)
    return FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (rows); row != focus; row = gtk_widget_get_next_sibling (row))
    i++;
  *position = i;
  return TRUE;
}

/* The focused row shows another member: it is selected as if the focus
 * had moved to it */
static void
select_focus_row (VdMemberScroller *self,
                  guint             position,
                  GdkModifierType   state)
{
  if (state & GDK_SHIFT_MASK)
    vd_member_window_select_to (self->window, position, !(state & GDK_CONTROL_MASK));
  else if (!(state & GDK_CONTROL_MASK))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->window), position, TRUE);
}

/* Gives the focus to the window's row at @position */
static void
focus_row (VdMemberScroller *self,
           guint             position)
{
  GtkWidget *row = get_row (self, position);

  if (row != NULL)
    gtk_widget_grab_focus (row);
}

/* Page Up and Page Down: the focus moves a page of members, and the
 * window with it */
static void
move_page (VdMemberScroller *self,
           guint             position,
           gboolean          up,
           GdkModifierType   state)
{
  guint page = MAX (1, vd_member_window_get_page_size (self->window));
  guint offset = vd_member_window_get_offset (self->window);
  guint n = vd_member_list_get_n_shown (vd_member_window_get_list (self->window));
  guint current = offset + position, target;

  if (up)
    {
      target = current > page ? current - page : 0;
      vd_member_window_set_offset (self->window, offset > page ? offset - page : 0);
    }
  else
    {
      target = MIN (current + page, n - 1);
      vd_member_window_set_offset (self->window, offset + page);
    }

  offset = vd_member_window_get_offset (self->window);
  position = target - offset;
  focus_row (self, position);
  select_focus_row (self, position, state);
}

/* The view moves the focus between the rows it has; at the window's first
 * and last rows the arrows move the window instead, the focus staying on
 * its row. Page Up and Down move both. Home and End move the window and
 * leave the focus to the view. */
static gboolean
rows_key_pressed_cb (VdMemberScroller *self,
                     guint             keyval,
                     guint             keycode,
                     GdkModifierType   state)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->window));
  guint offset = vd_member_window_get_offset (self->window);
  guint position;
  int rows;

  if (state & (GDK_ALT_MASK | GDK_SUPER_MASK))
    return FALSE;

  /* A key stops a swipe; one that moves from the focused member or acts on
   * it (not Shift before Shift and the wheel) acts on the member that has
   * the focus */
  stop_kinetic (self);
  if (self->away != NULL && acts_on_focus (keyval))
    {
      bring_back (self);
      offset = vd_member_window_get_offset (self->window);
    }
  switch (keyval)
    {
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      vd_member_window_set_offset (self->window, 0);
      return FALSE;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      vd_member_window_set_offset (self->window, vd_member_window_get_max_offset (self->window));
      return FALSE;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      rows = -1;
      break;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      rows = 1;
      break;

    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      if (!get_focus_row (self, &position) || n_rows == 0)
        return FALSE;
      move_page (self, position, keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up, state);
      return TRUE;

    default:
      return FALSE;
    }

  if (!get_focus_row (self, &position) || n_rows == 0)
    return FALSE;

  /* Within the window: the view's */
  if ((rows == -1 && position > 0) || (rows == 1 && position + 1 < n_rows))
    return FALSE;

  /* At an end of the list: nowhere to go */
  vd_member_window_set_offset (self->window, offset_by (self, rows));
  if (vd_member_window_get_offset (self->window) != offset)
    select_focus_row (self, position, state);
  return TRUE;
}


/* GObject */

static void
vd_member_scroller_dispose (GObject *object)
{
  VdMemberScroller *self = VD_MEMBER_SCROLLER (object);

  if (self->view != NULL)
    {
      stop_kinetic (self);
      g_object_remove_weak_pointer (G_OBJECT (self->view), (gpointer *) &self->view);
      self->view = NULL;
    }
  if (self->scrollbar != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->scrollbar), (gpointer *) &self->scrollbar);
      self->scrollbar = NULL;
    }
  g_clear_handle_id (&self->page_size_id, g_source_remove);
  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->window, self);
      g_signal_handlers_disconnect_by_data (vd_member_window_get_list (self->window), self);
    }
  if (self->away_row != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->away_row), (gpointer *) &self->away_row);
  self->away_row = NULL;
  g_clear_object (&self->away);
  g_clear_object (&self->window);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (vd_member_scroller_parent_class)->dispose (object);
}

static void
vd_member_scroller_class_init (VdMemberScrollerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vd_member_scroller_dispose;
}

static void
vd_member_scroller_init (VdMemberScroller *self)
{
}

static void
scrollbar_enter_cb (GtkEventControllerMotion *motion,
                    double                    x,
                    double                    y)
{
  gtk_widget_add_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion)), "hovering");
}

static void
scrollbar_leave_cb (GtkEventControllerMotion *motion)
{
  gtk_widget_remove_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion)), "hovering");
}

VdMemberScroller *
vd_member_scroller_new (GtkColumnView  *view,
                        VdMemberWindow *window,
                        GtkScrollbar   *scrollbar)
{
  VdMemberScroller *self;
  GtkEventController *scroll, *keys, *hover;
  GtkGesture *click;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (VD_IS_MEMBER_WINDOW (window), NULL);
  g_return_val_if_fail (GTK_IS_SCROLLBAR (scrollbar), NULL);
  g_return_val_if_fail (gtk_widget_get_parent (GTK_WIDGET (view)) != NULL, NULL);

  self = g_object_new (VD_TYPE_MEMBER_SCROLLER, NULL);
  self->view = view;
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &self->view);
  self->scrollbar = scrollbar;
  g_object_add_weak_pointer (G_OBJECT (scrollbar), (gpointer *) &self->scrollbar);
  self->window = g_object_ref (window);
  if (vd_member_window_get_page_size (window) == 0)
    vd_member_window_set_page_size (window, FIRST_PAGE_SIZE);

  /* The scrollbar, in rows */
  self->vadjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 0, 1, 1, 0));
  gtk_scrollbar_set_adjustment (scrollbar, self->vadjustment);
  g_signal_connect_object (self->vadjustment, "value-changed", G_CALLBACK (vadjustment_value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (vd_member_window_get_list (window), "shown-changed", G_CALLBACK (update_vadjustment), self);
  g_signal_connect_swapped (window, "notify::offset", G_CALLBACK (update_vadjustment), self);
  g_signal_connect_swapped (window, "notify::page-size", G_CALLBACK (update_vadjustment), self);
  g_signal_connect_swapped (vd_member_window_get_list (window), "notify::loading", G_CALLBACK (update_vadjustment), self);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)), "changed",
                           G_CALLBACK (view_vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  update_vadjustment (self);

  /* Drawn over the table as a thin indicator (.overlay-indicator), wide
   * enough to grab under the pointer, as GtkScrolledWindow's own */
  hover = gtk_event_controller_motion_new ();
  g_signal_connect (hover, "enter", G_CALLBACK (scrollbar_enter_cb), NULL);
  g_signal_connect (hover, "leave", G_CALLBACK (scrollbar_leave_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (scrollbar), hover);

  /* Before the scrolled window, which would scroll the view itself
   * (named for the tests) */
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                            GTK_EVENT_CONTROLLER_SCROLL_HORIZONTAL |
                                            GTK_EVENT_CONTROLLER_SCROLL_KINETIC);
  gtk_event_controller_set_name (scroll, "vd-rows-scroll");
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, 0);
  g_signal_connect_object (scroll, "scroll-begin", G_CALLBACK (scroll_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (scroll, "decelerate", G_CALLBACK (decelerate_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (gtk_widget_get_parent (GTK_WIDGET (view)), scroll);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (rows_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (view), keys);

  /* Any button, before the rows see it */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (forget_away), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));

  return self;
}
