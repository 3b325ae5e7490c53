/* bench-columnview.c — what GTK's own GtkColumnView costs a frame, with
 * none of this project's code: the floor under the members page's numbers
 *
 * A window like the members page (1100×720) shows a GtkColumnView of N rows
 * (100,000 by default) and 7 label columns, each label bound to its item's
 * "text" property. Then, for each case, the frames that follow are timed
 * from their start (::before-paint) to the end of their paint, and the longest is
 * printed (median over --runs):
 *   - nothing changed (a redraw only);
 *   - one cell's text changed;
 *   - the text of the first 30 rows changed (a screenful);
 *   - the text of the first 200 rows changed (every row GTK 4.8 keeps
 *     widgets for, as when a new sort or search shows other members).
 *
 * It prints numbers; it never passes or fails on them.
 *
 * Usage: bench-columnview [--rows N] [--columns N] [--runs N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include <gtk/gtk.h>

/* An item with a text */

#define BENCH_TYPE_ITEM (bench_item_get_type ())
G_DECLARE_FINAL_TYPE (BenchItem, bench_item, BENCH, ITEM, GObject)

struct _BenchItem
{
  GObject  parent_instance;
  char    *text;
};

G_DEFINE_FINAL_TYPE (BenchItem, bench_item, G_TYPE_OBJECT)

static GParamSpec *text_pspec;

static void
bench_item_finalize (GObject *object)
{
  g_free (BENCH_ITEM (object)->text);
  G_OBJECT_CLASS (bench_item_parent_class)->finalize (object);
}

static void
bench_item_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  g_value_set_string (value, BENCH_ITEM (object)->text);
}

static void
bench_item_class_init (BenchItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_item_finalize;
  G_OBJECT_CLASS (klass)->get_property = bench_item_get_property;
  text_pspec = g_param_spec_string ("text", NULL, NULL, NULL,
                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_property (G_OBJECT_CLASS (klass), 1, text_pspec);
}

static void
bench_item_init (BenchItem *self)
{
}

static void
set_text (BenchItem  *item,
          const char *text)
{
  g_free (item->text);
  item->text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (item), text_pspec);
}

/* Frames */

static gint64 frame_start, longest_frame;
static guint n_frames;

/* Every frame emits ::before-paint, then runs only the phases asked for
 * (update, layout, paint), then emits ::after-paint */
static void
frame_start_cb (GdkFrameClock *clock)
{
  frame_start = g_get_monotonic_time ();
}

static void
frame_painted_cb (GdkFrameClock *clock)
{
  if (frame_start != 0)
    longest_frame = MAX (longest_frame, g_get_monotonic_time () - frame_start);
  frame_start = 0;
  n_frames++;
}

/* The longest of the next few frames */
static double
next_frames (GtkWidget *window)
{
  guint target = n_frames + 4;

  longest_frame = 0;
  while (n_frames < target)
    {
      gtk_widget_queue_draw (window);
      g_main_context_iteration (NULL, TRUE);
    }
  return longest_frame / 1e3;
}

/* A cell that draws its text: its size never depends on the text */

#define BENCH_TYPE_CELL (bench_cell_get_type ())
G_DECLARE_FINAL_TYPE (BenchCell, bench_cell, BENCH, CELL, GtkWidget)

struct _BenchCell
{
  GtkWidget    parent_instance;
  char        *text;
  PangoLayout *layout;
};

G_DEFINE_FINAL_TYPE (BenchCell, bench_cell, GTK_TYPE_WIDGET)

static void
bench_cell_finalize (GObject *object)
{
  BenchCell *self = BENCH_CELL (object);
  g_free (self->text);
  g_clear_object (&self->layout);
  G_OBJECT_CLASS (bench_cell_parent_class)->finalize (object);
}

static void
bench_cell_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BenchCell *self = BENCH_CELL (object);
  g_free (self->text);
  self->text = g_value_dup_string (value);
  g_clear_object (&self->layout);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bench_cell_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                    int *min, int *nat, int *min_baseline, int *nat_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *min = *nat = 0;
  else
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, "X");
      int height;
      pango_layout_get_pixel_size (layout, NULL, &height);
      g_object_unref (layout);
      *min = *nat = height;
    }
}

static void
bench_cell_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  BenchCell *self = BENCH_CELL (widget);
  GdkRGBA black = { 0, 0, 0, 1 };

  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (widget, self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_width (self->layout, gtk_widget_get_width (widget) * PANGO_SCALE);
  gtk_snapshot_append_layout (snapshot, self->layout, &black);
}

static void
bench_cell_class_init (BenchCellClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_cell_finalize;
  G_OBJECT_CLASS (klass)->set_property = bench_cell_set_property;
  GTK_WIDGET_CLASS (klass)->measure = bench_cell_measure;
  GTK_WIDGET_CLASS (klass)->snapshot = bench_cell_snapshot;
  g_object_class_install_property (G_OBJECT_CLASS (klass), 1,
                                   g_param_spec_string ("label", NULL, NULL, NULL,
                                                        G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));
}

static void
bench_cell_init (BenchCell *self)
{
}

static gboolean drawn_cells;

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  GtkWidget *label = drawn_cells ? g_object_new (BENCH_TYPE_CELL, NULL) : gtk_label_new (NULL);
  GtkExpression *text = gtk_property_expression_new (BENCH_TYPE_ITEM,
                                                      gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                                                      "text");

  if (!drawn_cells)
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (list_item, label);
  gtk_expression_bind (text, label, "label", list_item);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return values->len ? g_array_index (values, double, values->len / 2) : 0;
}

int
main (int    argc,
      char **argv)
{
  int n_rows = 100000, n_columns = 7, runs = 5;
  gboolean fixed_widths = FALSE;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows in the list", "N" },
    { "columns", 0, 0, G_OPTION_ARG_INT, &n_columns, "Label columns", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each case", "N" },
    { "drawn", 0, 0, G_OPTION_ARG_NONE, &drawn_cells, "Cells that draw their text", NULL },
    { "fixed", 0, 0, G_OPTION_ARG_NONE, &fixed_widths, "Columns of fixed width", NULL },
    { NULL }
  };
  const struct { const char *what; int n_changed; } cases[] = {
    { "nothing changed (a redraw)", 0 },
    { "one cell's text changed", 1 },
    { "30 rows' text changed", 30 },
    { "200 rows' text changed", 200 },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— frames of a bare GtkColumnView");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;
  GtkWidget *window, *scrolled, *view;
  GdkFrameClock *clock;
  int generation = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  gtk_init ();
  store = g_list_store_new (BENCH_TYPE_ITEM);
  for (int i = 0; i < n_rows; i++)
    {
      g_autoptr(BenchItem) item = g_object_new (BENCH_TYPE_ITEM, NULL);

      item->text = g_strdup_printf ("Member %d", i);
      g_list_store_append (store, item);
    }

  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (store)))));
  for (int c = 0; c < n_columns; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
      column = gtk_column_view_column_new ("Column", factory);
      gtk_column_view_column_set_expand (column, c < 2);
      if (fixed_widths)
        gtk_column_view_column_set_fixed_width (column, 140);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
    }
  window = gtk_window_new ();
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_frame_clock (window) == NULL || !gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (frame_start_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), NULL);
  next_frames (window);

  printf ("GtkColumnView (GTK %u.%u.%u) of %d rows × %d label columns, 1100×720 window\n",
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (), n_rows, n_columns);
  printf ("longest of the 4 frames after the change, median of %d runs:\n", runs);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

      for (int run = 0; run < runs; run++)
        {
          double frame;

          generation++;
          for (int i = 0; i < cases[c].n_changed && i < n_rows; i++)
            {
              g_autoptr(BenchItem) item = g_list_model_get_item (G_LIST_MODEL (store), i);
              g_autofree char *text = g_strdup_printf ("%s %d-%d", generation % 2 ? "Zed" : "Alice Longer", generation, i);

              set_text (item, text);
            }
          frame = next_frames (window);
          g_array_append_val (times, frame);
        }
      printf ("  %-28s %8.1f ms\n", cases[c].what, median (times));
    }

  /* Rows that come or go where the view has widgets (it keeps them for
   * 200 rows): GTK 4.8 makes or destroys their widgets, and every cell of
   * every column is measured again (a column's cells queue a resize each
   * time one of them is added or removed) */
  if (n_rows > 200)
    {
      const guint counts[] = { 1, 16 };
      g_autoptr(GPtrArray) spare = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 184; i < 200; i++)
        g_ptr_array_add (spare, g_list_model_get_item (G_LIST_MODEL (store), i));
      g_list_store_splice (store, 184, n_rows - 184, NULL, 0);
      next_frames (window);
      for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
        {
          g_autoptr(GArray) came = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GArray) making = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GArray) went = g_array_new (FALSE, FALSE, sizeof (double));
          g_autofree char *come = g_strdup_printf ("%u row%s came at row 184", counts[c], counts[c] > 1 ? "s" : "");
          g_autofree char *go = g_strdup_printf ("%u row%s went at row 184", counts[c], counts[c] > 1 ? "s" : "");

          for (int run = 0; run < runs; run++)
            {
              double frame;
              gint64 start = g_get_monotonic_time ();

              g_list_store_splice (store, 184, 0, spare->pdata, counts[c]);
              frame = (g_get_monotonic_time () - start) / 1e3;
              g_array_append_val (making, frame);
              frame = next_frames (window);
              g_array_append_val (came, frame);
              g_list_store_splice (store, 184, counts[c], NULL, 0);
              frame = next_frames (window);
              g_array_append_val (went, frame);
            }
          printf ("  %-28s %8.1f ms   (making their widgets, before it: %.1f ms)\n", come, median (came),
                  median (making));
          printf ("  %-28s %8.1f ms\n", go, median (went));
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
