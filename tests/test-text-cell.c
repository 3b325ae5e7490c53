/* test-text-cell.c — VdTextCell: what a table cell shows, and that its
 * size never follows its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "vd-text-cell.h"

static void
measure (GtkWidget *widget,
         int       *width,
         int       *height)
{
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, width, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, height, NULL, NULL);
}

/* The size comes from the font, width-chars and sample: a new text, short
 * or long, does not change it */
static void
test_size_ignores_text (void)
{
  GtkWidget *cell = g_object_ref_sink (vd_text_cell_new ());
  int width, height, width2, height2;

  vd_text_cell_set_width_chars (VD_TEXT_CELL (cell), 10);
  measure (cell, &width, &height);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  vd_text_cell_set_text (VD_TEXT_CELL (cell), "A name much longer than ten characters, by far");
  measure (cell, &width2, &height2);
  g_assert_cmpint (width2, ==, width);
  g_assert_cmpint (height2, ==, height);

  vd_text_cell_set_text (VD_TEXT_CELL (cell), "");
  measure (cell, &width2, &height2);
  g_assert_cmpint (width2, ==, width);

  /* A sample wider than width-chars sets the width */
  vd_text_cell_set_sample (VD_TEXT_CELL (cell), "Administrator of everything\nMember");
  measure (cell, &width2, &height2);
  g_assert_cmpint (width2, >, width);
  g_assert_cmpint (height2, ==, height);

  /* An icon makes room for itself */
  vd_text_cell_set_icon_name (VD_TEXT_CELL (cell), "object-select-symbolic");
  measure (cell, &width, &height);
  g_assert_cmpint (width, ==, width2 + 16 + 6);

  g_object_unref (cell);
}

static gboolean
drawn (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (data, "drawn"));
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  g_object_set_data (G_OBJECT (window), "drawn", GINT_TO_POINTER (TRUE));
}

static void
draw (GtkWidget *window)
{
  GdkFrameClock *clock;
  gulong handler;

  while (gtk_widget_get_frame_clock (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_object_set_data (G_OBJECT (window), "drawn", GINT_TO_POINTER (FALSE));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), window);
  gtk_widget_queue_draw (window);
  while (!drawn (window))
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

/* A text that does not fit is cut short with an ellipsis (and offered
 * whole in a tooltip); one that fits is whole */
static void
test_ellipsized (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *cell = vd_text_cell_new ();

  vd_text_cell_set_width_chars (VD_TEXT_CELL (cell), 6);
  gtk_widget_set_halign (cell, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), cell);
  vd_text_cell_set_text (VD_TEXT_CELL (cell), "Maximilian Featherstonehaugh-Wolfeschlegelsteinhausen");
  gtk_window_present (GTK_WINDOW (window));
  draw (window);
  g_assert_true (vd_text_cell_get_ellipsized (VD_TEXT_CELL (cell)));
  g_assert_true (gtk_widget_get_has_tooltip (cell));

  vd_text_cell_set_text (VD_TEXT_CELL (cell), "Bo");
  draw (window);
  g_assert_false (vd_text_cell_get_ellipsized (VD_TEXT_CELL (cell)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A name shaped for a wide cell (kept, as the rows move) is cut short in a
 * narrow one all the same */
static void
test_ellipsized_moved (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *wide = vd_text_cell_new ();
  GtkWidget *narrow = vd_text_cell_new ();
  const char *name = "Maximilian Featherstone";

  vd_text_cell_set_width_chars (VD_TEXT_CELL (wide), 40);
  vd_text_cell_set_width_chars (VD_TEXT_CELL (narrow), 6);
  gtk_widget_set_halign (wide, GTK_ALIGN_START);
  gtk_widget_set_halign (narrow, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), wide);
  gtk_box_append (GTK_BOX (box), narrow);
  gtk_window_set_child (GTK_WINDOW (window), box);
  vd_text_cell_set_text (VD_TEXT_CELL (wide), name);
  gtk_window_present (GTK_WINDOW (window));
  draw (window);
  g_assert_false (vd_text_cell_get_ellipsized (VD_TEXT_CELL (wide)));

  vd_text_cell_set_text (VD_TEXT_CELL (narrow), name);
  draw (window);
  g_assert_true (vd_text_cell_get_ellipsized (VD_TEXT_CELL (narrow)));
  g_assert_false (vd_text_cell_get_ellipsized (VD_TEXT_CELL (wide)));
  vd_text_cell_set_text (VD_TEXT_CELL (wide), "Bo");
  vd_text_cell_set_text (VD_TEXT_CELL (narrow), "Bo");
  draw (window);
  g_assert_false (vd_text_cell_get_ellipsized (VD_TEXT_CELL (narrow)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A text outside the cell's sample may not fit: cut short, though texts
 * from the sample are drawn from layouts shared by all cells */
static void
test_ellipsized_with_sample (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *cell = vd_text_cell_new ();

  vd_text_cell_set_sample (VD_TEXT_CELL (cell), "Owner\nMember");
  gtk_widget_set_halign (cell, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), cell);
  vd_text_cell_set_text (VD_TEXT_CELL (cell), "Member");
  gtk_window_present (GTK_WINDOW (window));
  draw (window);
  g_assert_false (vd_text_cell_get_ellipsized (VD_TEXT_CELL (cell)));

  vd_text_cell_set_text (VD_TEXT_CELL (cell), "Administrator of everything there is");
  draw (window);
  g_assert_true (vd_text_cell_get_ellipsized (VD_TEXT_CELL (cell)));

  vd_text_cell_set_text (VD_TEXT_CELL (cell), "Owner");
  draw (window);
  g_assert_false (vd_text_cell_get_ellipsized (VD_TEXT_CELL (cell)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The cell as drawn, in premultiplied ARGB: the most opaque pixel's alpha
 * in the columns from @x_from to @x_to */
/* What the cell draws of itself (the window drew it: it has its size), as
 * cairo's premultiplied ARGB32 pixels */
static guchar *
render (GtkWidget *cell)
{
  int width = gtk_widget_get_width (cell), height = gtk_widget_get_height (cell);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels = g_malloc0 (width * height * 4);

  GTK_WIDGET_GET_CLASS (cell)->snapshot (cell, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return pixels;
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  gdk_texture_download (texture, pixels, width * 4);
  return pixels;
}

#define ALPHA(pixel) ((pixel)[G_BYTE_ORDER == G_LITTLE_ENDIAN ? 3 : 0])
#define RED(pixel) ((pixel)[G_BYTE_ORDER == G_LITTLE_ENDIAN ? 2 : 1])
#define BLUE(pixel) ((pixel)[G_BYTE_ORDER == G_LITTLE_ENDIAN ? 0 : 3])

static guint
max_alpha (GtkWidget *cell,
           int        x_from,
           int        x_to)
{
  int width = gtk_widget_get_width (cell), height = gtk_widget_get_height (cell);
  g_autofree guchar *pixels = render (cell);
  guint alpha = 0;

  for (int y = 0; y < height; y++)
    for (int x = MAX (x_from, 0); x < MIN (x_to, width); x++)
      alpha = MAX (alpha, ALPHA (&pixels[(y * width + x) * 4]));
  return alpha;
}

/* A dim text is drawn fainter, without the opacity of .dim-label; the
 * icon is drawn (from a texture made once) in its tone */
static void
test_tones (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *cell = vd_text_cell_new ();
  guint normal, dim, icon_normal, icon_dim;

  vd_text_cell_set_width_chars (VD_TEXT_CELL (cell), 10);
  gtk_window_set_child (GTK_WINDOW (window), cell);
  vd_text_cell_set_text (VD_TEXT_CELL (cell), "MMMM");
  gtk_window_present (GTK_WINDOW (window));
  draw (window);

  normal = max_alpha (cell, 0, G_MAXINT);
  vd_text_cell_set_text_tone (VD_TEXT_CELL (cell), VD_TEXT_CELL_TONE_DIM);
  g_assert_cmpint (vd_text_cell_get_text_tone (VD_TEXT_CELL (cell)), ==, VD_TEXT_CELL_TONE_DIM);
  dim = max_alpha (cell, 0, G_MAXINT);
  g_assert_cmpuint (normal, >, 200);
  g_assert_cmpuint (dim, >, normal * 45 / 100);
  g_assert_cmpuint (dim, <, normal * 65 / 100);

  /* The icon, alone: drawn, and dimmed by its own tone */
  vd_text_cell_set_text (VD_TEXT_CELL (cell), "");
  vd_text_cell_set_icon_name (VD_TEXT_CELL (cell), "action-unavailable-symbolic");
  draw (window);
  icon_normal = max_alpha (cell, 0, 16);
  vd_text_cell_set_icon_tone (VD_TEXT_CELL (cell), VD_TEXT_CELL_TONE_DIM);
  icon_dim = max_alpha (cell, 0, 16);
  g_assert_cmpuint (icon_normal, >, 200);
  g_assert_cmpuint (icon_dim, <, icon_normal * 65 / 100);
  /* and again from the texture it made */
  vd_text_cell_set_icon_tone (VD_TEXT_CELL (cell), VD_TEXT_CELL_TONE_NORMAL);
  g_assert_cmpuint (max_alpha (cell, 0, 16), ==, icon_normal);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A tag: the text in a pill tinted by the tone (the role tags), which
 * makes room for itself; no pill without a text (a row on its way out) */
static void
test_tag (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *cell = vd_text_cell_new ();
  int width, height, tag_width, tag_height;
  g_autofree guchar *normal = NULL;
  g_autofree guchar *accent = NULL;
  g_autofree guchar *empty = NULL;
  const guchar *edge;
  guint tinted;

  vd_text_cell_set_sample (VD_TEXT_CELL (cell), "Owner\nMember");
  measure (cell, &width, &height);
  vd_text_cell_set_tag (VD_TEXT_CELL (cell), TRUE);
  g_assert_true (vd_text_cell_get_tag (VD_TEXT_CELL (cell)));
  measure (cell, &tag_width, &tag_height);
  g_assert_cmpint (tag_width, ==, width + 2 * 8);
  g_assert_cmpint (tag_height, ==, height + 2 * 1);

  gtk_widget_set_halign (cell, GTK_ALIGN_START);
  gtk_widget_set_valign (cell, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), cell);
  vd_text_cell_set_text (VD_TEXT_CELL (cell), "Owner");
  gtk_window_present (GTK_WINDOW (window));
  draw (window);
  g_assert_cmpint (gtk_widget_get_width (cell), ==, tag_width);

  /* Inside the pill's round end, left of the text: the text's colour at
   * a tenth; its corner is outside, clear */
  normal = render (cell);
  edge = &normal[(tag_height / 2 * tag_width + 2) * 4];
  g_assert_cmpuint (ALPHA (edge), >=, 255 * 5 / 100);
  g_assert_cmpuint (ALPHA (edge), <=, 255 * 15 / 100);
  g_assert_cmpuint (ALPHA (&normal[0]), ==, 0);

  /* An accent tag is tinted with the accent (blue in Adwaita) */
  vd_text_cell_set_text_tone (VD_TEXT_CELL (cell), VD_TEXT_CELL_TONE_ACCENT);
  accent = render (cell);
  edge = &accent[(tag_height / 2 * tag_width + 2) * 4];
  tinted = ALPHA (edge);
  g_assert_cmpuint (tinted, >, 0);
  g_assert_cmpuint (BLUE (edge), >, RED (edge));

  vd_text_cell_set_text (VD_TEXT_CELL (cell), "");
  g_assert_cmpuint (max_alpha (cell, 0, G_MAXINT), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Larger text makes larger cells, also after the cell was measured at the
 * smaller size (what a cell asks for is kept per font) */
static void
test_text_scale (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *cell = vd_text_cell_new ();
  int dpi = 0, width, height, large_width, large_height;

  vd_text_cell_set_width_chars (VD_TEXT_CELL (cell), 10);
  vd_text_cell_set_sample (VD_TEXT_CELL (cell), "Owner\nMember");
  gtk_window_set_child (GTK_WINDOW (window), cell);
  gtk_window_present (GTK_WINDOW (window));
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  draw (window);
  measure (cell, &width, &height);

  /* (the new size reaches the widgets' styles by the next frame) */
  g_object_set (settings, "gtk-xft-dpi", 2 * 96 * 1024, NULL);
  draw (window);
  measure (cell, &large_width, &large_height);
  g_assert_cmpint (large_height, >=, height * 3 / 2);
  g_assert_cmpint (large_width, >=, width * 3 / 2);

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Properties notify on a real change only */
static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_notify (void)
{
  GtkWidget *cell = g_object_ref_sink (vd_text_cell_new ());
  guint count = 0;

  g_signal_connect (cell, "notify::text", G_CALLBACK (notify_count_cb), &count);
  vd_text_cell_set_text (VD_TEXT_CELL (cell), "Member");
  vd_text_cell_set_text (VD_TEXT_CELL (cell), "Member");
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (vd_text_cell_get_text (VD_TEXT_CELL (cell)), ==, "Member");
  g_object_set (cell, "text", "Admin", NULL);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (cell)), ==, GTK_ACCESSIBLE_ROLE_LABEL);
  g_object_unref (cell);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vd/text-cell/size-ignores-text", test_size_ignores_text);
  g_test_add_func ("/vd/text-cell/ellipsized", test_ellipsized);
  g_test_add_func ("/vd/text-cell/ellipsized-moved", test_ellipsized_moved);
  g_test_add_func ("/vd/text-cell/ellipsized-with-sample", test_ellipsized_with_sample);
  g_test_add_func ("/vd/text-cell/tones", test_tones);
  g_test_add_func ("/vd/text-cell/tag", test_tag);
  g_test_add_func ("/vd/text-cell/text-scale", test_text_scale);
  g_test_add_func ("/vd/text-cell/notify", test_notify);

  return g_test_run ();
}
