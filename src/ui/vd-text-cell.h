/* vd-text-cell.h — one line of text (and an icon) that a table cell draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  VD_TEXT_CELL_TONE_NORMAL,   /* the text's colour */
  VD_TEXT_CELL_TONE_SUCCESS,  /* @success_color */
  VD_TEXT_CELL_TONE_DIM,      /* the text's colour, faded as .dim-label */
  VD_TEXT_CELL_TONE_ACCENT,   /* @accent_color (a tag: on @accent_bg_color) */
  VD_TEXT_CELL_TONE_WARNING,  /* @warning_color (a tag: on @warning_bg_color) */
} VdTextCellTone;

GType vd_text_cell_tone_get_type (void) G_GNUC_CONST;
#define VD_TYPE_TEXT_CELL_TONE (vd_text_cell_tone_get_type ())

#define VD_TYPE_TEXT_CELL (vd_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (VdTextCell, vd_text_cell, VD, TEXT_CELL, GtkWidget)

/*
 * What a GtkLabel shows in a table cell, without what a label costs there.
 * GTK 4.8's column view keeps widgets for 200 rows and lays all of them out
 * again whenever one cell asks for a new size; a label asks whenever its
 * text changes, and measuring it shapes the text. A VdTextCell's size
 * depends on its font, "width-chars" and "sample", never on its text: a new
 * text redraws the cell (if it is on screen) and nothing else, and the text
 * is shaped when it is drawn, so only for the rows on screen.
 *
 * The text is one line, ellipsized at the end when it does not fit (and
 * then whole in the cell's tooltip); the icon (16 px, symbolic) comes
 * before it. For screen readers the cell is a label named by its text.
 *
 * Properties (EXPLICIT_NOTIFY, notified only on a real change):
 *   "text"         string
 *   "icon-name"    string: a symbolic icon before the text, or NULL
 *   "icon-tone"    VdTextCellTone: the icon's colour
 *   "text-tone"    VdTextCellTone: the text's colour (a dim text is drawn
 *                  in a fainter colour, where .dim-label would make the
 *                  cell an opacity node, drawn offscreen by cairo)
 *   "tag"          boolean: the text in a rounded tag tinted by "text-tone"
 *                  (8 px on either side of it, 1 px above and below): the
 *                  tint is drawn, not a style class, since changing a
 *                  class restyles the window, and with it GDK 4.8 on X11
 *                  lays the window out again, asking X for the monitor's
 *                  work area — every frame that scrolled the rows
 *   "xalign"       float: 0 start, 0.5 centre, 1 end (mirrored right to left)
 *   "width-chars"  int: the width it asks for, in average characters
 *   "sample"       string: or as wide as the widest line of this (the
 *                  texts the cell may show, one a line), if wider
 */
GtkWidget     *vd_text_cell_new             (void);
const char    *vd_text_cell_get_text        (VdTextCell     *self);
void           vd_text_cell_set_text        (VdTextCell     *self,
                                             const char     *text);
const char    *vd_text_cell_get_icon_name   (VdTextCell     *self);
void           vd_text_cell_set_icon_name   (VdTextCell     *self,
                                             const char     *icon_name);
VdTextCellTone vd_text_cell_get_icon_tone   (VdTextCell     *self);
void           vd_text_cell_set_icon_tone   (VdTextCell     *self,
                                             VdTextCellTone  tone);
VdTextCellTone vd_text_cell_get_text_tone   (VdTextCell     *self);
void           vd_text_cell_set_text_tone   (VdTextCell     *self,
                                             VdTextCellTone  tone);
gboolean       vd_text_cell_get_tag         (VdTextCell     *self);
void           vd_text_cell_set_tag         (VdTextCell     *self,
                                             gboolean        tag);
float          vd_text_cell_get_xalign      (VdTextCell     *self);
void           vd_text_cell_set_xalign      (VdTextCell     *self,
                                             float           xalign);
int            vd_text_cell_get_width_chars (VdTextCell     *self);
void           vd_text_cell_set_width_chars (VdTextCell     *self,
                                             int             width_chars);
const char    *vd_text_cell_get_sample      (VdTextCell     *self);
void           vd_text_cell_set_sample      (VdTextCell     *self,
                                             const char     *sample);
gboolean       vd_text_cell_get_ellipsized  (VdTextCell     *self);

G_END_DECLS
