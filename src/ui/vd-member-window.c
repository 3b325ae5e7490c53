/* vd-member-window.c — the rows of a VdMemberList that fit on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-member-window"

#include "config.h"

#include "vd-member-window.h"

struct _VdMemberWindow
{
  GObject       parent_instance;

  VdMemberList *list;
  GPtrArray    *rows;        /* VdMemberRow *: those the view was told of */
  guint         offset;
  guint         page_size;
  guint         pace;
  gboolean      busy;
  VdMember     *anchor;      /* where a range selection starts */
  guint         anchor_row;  /* the row it was on when it became the anchor */
};

static void list_model_iface_init (GListModelInterface *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VdMemberWindow, vd_member_window, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

enum {
  PROP_0,
  PROP_LIST,
  PROP_OFFSET,
  PROP_PAGE_SIZE,
  PROP_PACE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
n_shown (VdMemberWindow *self)
{
  return self->list != NULL ? vd_member_list_get_n_shown (self->list) : 0;
}

/* How many rows the window should have */
static guint
target (VdMemberWindow *self)
{
  guint n = n_shown (self);

  return n > self->offset ? MIN (self->page_size, n - self->offset) : 0;
}

static void
update_busy (VdMemberWindow *self)
{
  gboolean busy = self->rows->len != target (self);

  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Rows come at the end, at most "pace" of them (building a row is what
 * costs); rows that leave go at once */
static void
step_once (VdMemberWindow *self)
{
  guint n = self->rows->len, to = target (self);

  if (n < to)
    {
      guint end = self->pace == 0 ? to : MIN (to, n + self->pace);

      for (guint i = n; i < end; i++)
        g_ptr_array_add (self->rows, vd_member_row_new (i, vd_member_list_get_member (self->list, self->offset + i)));
      g_list_model_items_changed (G_LIST_MODEL (self), n, 0, end - n);
    }
  else if (n > to)
    {
      g_ptr_array_set_size (self->rows, to);
      g_list_model_items_changed (G_LIST_MODEL (self), to, n - to, 0);
    }
}

/* What changed in the list shows at once, but for rows that come: with a
 * pace, they come from vd_member_window_step (), a step a frame (the list
 * may change many times between two frames while members arrive) */
static void
settle (VdMemberWindow *self)
{
  if (self->pace == 0 || self->rows->len > target (self))
    step_once (self);
  update_busy (self);
}

/* The rows show the members now at their places (none past the members:
 * those rows leave in the same change) */
static void
refresh (VdMemberWindow *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    vd_member_row_set_member (self->rows->pdata[i],
                              self->list != NULL ? vd_member_list_get_member (self->list, self->offset + i) : NULL);
}

/* The offset that keeps the window full, for @offset asked for */
static guint
clamp_offset (VdMemberWindow *self,
              guint           offset)
{
  return MIN (offset, vd_member_window_get_max_offset (self));
}

static void
set_offset (VdMemberWindow *self,
            guint           offset)
{
  if (self->offset == offset)
    return;

  self->offset = offset;
  refresh (self);
  if (self->rows->len > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), 0, self->rows->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFSET]);
}

static void
update (VdMemberWindow *self)
{
  guint offset = clamp_offset (self, self->offset);

  if (offset != self->offset)
    set_offset (self, offset);
  else
    refresh (self);
  settle (self);
}

static void
shown_changed_cb (VdMemberWindow *self)
{
  update (self);
}

static void
list_selection_changed_cb (VdMemberWindow    *self,
                           guint              position,
                           guint              n_items)
{
  guint start = MAX (position, self->offset);
  guint end = MIN (position + n_items, self->offset + self->rows->len);

  if (start < end)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), start - self->offset, end - start);
}


/* GListModel */

static GType
vd_member_window_get_item_type (GListModel *model)
{
  return VD_TYPE_MEMBER_ROW;
}

static guint
vd_member_window_get_n_items (GListModel *model)
{
  return VD_MEMBER_WINDOW (model)->rows->len;
}

static gpointer
vd_member_window_get_item (GListModel *model,
                           guint       position)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);

  return position < self->rows->len ? g_object_ref (self->rows->pdata[position]) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vd_member_window_get_item_type;
  iface->get_n_items = vd_member_window_get_n_items;
  iface->get_item = vd_member_window_get_item;
}


/* GtkSelectionModel: the list's, moved by the offset */

static GtkSelectionModel *
list_selection (VdMemberWindow *self)
{
  return GTK_SELECTION_MODEL (self->list);
}

static gboolean
vd_member_window_is_selected (GtkSelectionModel *model,
                              guint              position)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);

  return self->list != NULL && position < self->rows->len &&
         gtk_selection_model_is_selected (list_selection (self), self->offset + position);
}

static GtkBitset *
vd_member_window_get_selection_in_range (GtkSelectionModel *model,
                                         guint              position,
                                         guint              n_items)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);
  GtkBitset *bitset;

  if (self->list == NULL)
    return gtk_bitset_new_empty ();

  bitset = gtk_selection_model_get_selection_in_range (list_selection (self), self->offset + position, n_items);
  gtk_bitset_shift_left (bitset, self->offset);
  return bitset;
}

static gboolean
vd_member_window_set_selection (GtkSelectionModel *model,
                                GtkBitset         *selected,
                                GtkBitset         *mask)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);
  g_autoptr(GtkBitset) list_selected = NULL;
  g_autoptr(GtkBitset) list_mask = NULL;

  if (self->list == NULL)
    return FALSE;

  list_selected = gtk_bitset_copy (selected);
  list_mask = gtk_bitset_copy (mask);
  gtk_bitset_shift_right (list_selected, self->offset);
  gtk_bitset_shift_right (list_mask, self->offset);
  return gtk_selection_model_set_selection (list_selection (self), list_selected, list_mask);
}

/* A row picked alone becomes the anchor of the ranges that follow */
static void
set_anchor (VdMemberWindow *self,
            guint           position)
{
  g_set_object (&self->anchor, vd_member_window_get_member (self, position));
  self->anchor_row = position;
}

/* The list's range for a range of rows: GTK extends a selection from the
 * row it last selected alone, which after the window moved shows another
 * member. A range from that row (to @position, @n_items long) is the range
 * from the anchor's member, wherever it is now, to the other end. */
static void
list_range (VdMemberWindow *self,
            guint           position,
            guint           n_items,
            guint          *list_position,
            guint          *list_n_items)
{
  guint anchor, end;

  *list_position = self->offset + position;
  *list_n_items = n_items;
  if (self->anchor == NULL || n_items == 0 ||
      (position != self->anchor_row && position + n_items - 1 != self->anchor_row) ||
      !vd_member_list_find (self->list, self->anchor, &anchor))
    return;

  end = self->offset + (position == self->anchor_row ? position + n_items - 1 : position);
  *list_position = MIN (anchor, end);
  *list_n_items = MAX (anchor, end) - *list_position + 1;
}

static gboolean
vd_member_window_select_item (GtkSelectionModel *model,
                              guint              position,
                              gboolean           unselect_rest)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);

  if (self->list == NULL)
    return FALSE;

  set_anchor (self, position);
  return gtk_selection_model_select_item (list_selection (self), self->offset + position, unselect_rest);
}

static gboolean
vd_member_window_unselect_item (GtkSelectionModel *model,
                                guint              position)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);

  if (self->list == NULL)
    return FALSE;

  set_anchor (self, position);
  return gtk_selection_model_unselect_item (list_selection (self), self->offset + position);
}

static gboolean
vd_member_window_select_range (GtkSelectionModel *model,
                               guint              position,
                               guint              n_items,
                               gboolean           unselect_rest)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);
  guint list_position, list_n_items;

  if (self->list == NULL)
    return FALSE;

  list_range (self, position, n_items, &list_position, &list_n_items);
  return gtk_selection_model_select_range (list_selection (self), list_position, list_n_items, unselect_rest);
}

static gboolean
vd_member_window_unselect_range (GtkSelectionModel *model,
                                 guint              position,
                                 guint              n_items)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);
  guint list_position, list_n_items;

  if (self->list == NULL)
    return FALSE;

  list_range (self, position, n_items, &list_position, &list_n_items);
  return gtk_selection_model_unselect_range (list_selection (self), list_position, list_n_items);
}

static gboolean
vd_member_window_select_all (GtkSelectionModel *model)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);

  return self->list != NULL && gtk_selection_model_select_all (list_selection (self));
}

static gboolean
vd_member_window_unselect_all (GtkSelectionModel *model)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (model);

  return self->list != NULL && gtk_selection_model_unselect_all (list_selection (self));
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = vd_member_window_is_selected;
  iface->get_selection_in_range = vd_member_window_get_selection_in_range;
  iface->set_selection = vd_member_window_set_selection;
  iface->select_item = vd_member_window_select_item;
  iface->unselect_item = vd_member_window_unselect_item;
  iface->select_range = vd_member_window_select_range;
  iface->unselect_range = vd_member_window_unselect_range;
  iface->select_all = vd_member_window_select_all;
  iface->unselect_all = vd_member_window_unselect_all;
}


/* GObject */

static void
vd_member_window_dispose (GObject *object)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (object);

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);
  g_clear_object (&self->anchor);

  G_OBJECT_CLASS (vd_member_window_parent_class)->dispose (object);
}

static void
vd_member_window_finalize (GObject *object)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (vd_member_window_parent_class)->finalize (object);
}

static void
vd_member_window_constructed (GObject *object)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (object);

  G_OBJECT_CLASS (vd_member_window_parent_class)->constructed (object);

  if (self->list == NULL)
    return;

  g_signal_connect_swapped (self->list, "shown-changed", G_CALLBACK (shown_changed_cb), self);
  g_signal_connect_swapped (self->list, "selection-changed", G_CALLBACK (list_selection_changed_cb), self);
  update (self);
}

static void
vd_member_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    case PROP_OFFSET:
      g_value_set_uint (value, self->offset);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    case PROP_PACE:
      g_value_set_uint (value, self->pace);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_member_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VdMemberWindow *self = VD_MEMBER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      break;

    case PROP_OFFSET:
      vd_member_window_set_offset (self, g_value_get_uint (value));
      break;

    case PROP_PAGE_SIZE:
      vd_member_window_set_page_size (self, g_value_get_uint (value));
      break;

    case PROP_PACE:
      vd_member_window_set_pace (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_member_window_class_init (VdMemberWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vd_member_window_dispose;
  object_class->finalize = vd_member_window_finalize;
  object_class->constructed = vd_member_window_constructed;
  object_class->get_property = vd_member_window_get_property;
  object_class->set_property = vd_member_window_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, VD_TYPE_MEMBER_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFSET] =
    g_param_spec_uint ("offset", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PACE] =
    g_param_spec_uint ("pace", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_member_window_init (VdMemberWindow *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
}


/* API */

VdMemberWindow *
vd_member_window_new (VdMemberList *list)
{
  g_return_val_if_fail (VD_IS_MEMBER_LIST (list), NULL);

  return g_object_new (VD_TYPE_MEMBER_WINDOW, "list", list, NULL);
}

VdMemberList *
vd_member_window_get_list (VdMemberWindow *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_WINDOW (self), NULL);

  return self->list;
}

guint
vd_member_window_get_offset (VdMemberWindow *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_WINDOW (self), 0);

  return self->offset;
}

void
vd_member_window_set_offset (VdMemberWindow *self,
                             guint           offset)
{
  g_return_if_fail (VD_IS_MEMBER_WINDOW (self));

  set_offset (self, clamp_offset (self, offset));
  settle (self);
}

guint
vd_member_window_get_max_offset (VdMemberWindow *self)
{
  guint n;

  g_return_val_if_fail (VD_IS_MEMBER_WINDOW (self), 0);

  n = n_shown (self);
  return n > self->page_size ? n - self->page_size : 0;
}

guint
vd_member_window_get_page_size (VdMemberWindow *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_WINDOW (self), 0);

  return self->page_size;
}

void
vd_member_window_set_page_size (VdMemberWindow *self,
                                guint           page_size)
{
  g_return_if_fail (VD_IS_MEMBER_WINDOW (self));

  if (self->page_size == page_size)
    return;

  self->page_size = page_size;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

guint
vd_member_window_get_pace (VdMemberWindow *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_WINDOW (self), 0);

  return self->pace;
}

void
vd_member_window_set_pace (VdMemberWindow *self,
                           guint           pace)
{
  g_return_if_fail (VD_IS_MEMBER_WINDOW (self));

  if (self->pace == pace)
    return;

  self->pace = pace;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACE]);
}

gboolean
vd_member_window_step (VdMemberWindow *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_WINDOW (self), FALSE);

  step_once (self);
  update_busy (self);
  return self->busy;
}

gboolean
vd_member_window_get_busy (VdMemberWindow *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_WINDOW (self), FALSE);

  return self->busy;
}

VdMember *
vd_member_window_get_member (VdMemberWindow *self,
                             guint           position)
{
  g_return_val_if_fail (VD_IS_MEMBER_WINDOW (self), NULL);

  return position < self->rows->len ? vd_member_row_get_member (self->rows->pdata[position]) : NULL;
}

void
vd_member_window_select_to (VdMemberWindow *self,
                            guint           position,
                            gboolean        unselect_rest)
{
  guint anchor;

  g_return_if_fail (VD_IS_MEMBER_WINDOW (self));

  if (self->anchor == NULL || !vd_member_list_find (self->list, self->anchor, &anchor))
    {
      vd_member_window_select_item (GTK_SELECTION_MODEL (self), position, unselect_rest);
      return;
    }

  gtk_selection_model_select_range (list_selection (self),
                                    MIN (anchor, self->offset + position),
                                    MAX (anchor, self->offset + position) - MIN (anchor, self->offset + position) + 1,
                                    unselect_rest);
}
