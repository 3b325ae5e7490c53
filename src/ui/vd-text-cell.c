/* vd-text-cell.c — one line of text (and an icon) that a table cell draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-text-cell.h"

#define ICON_SIZE 16
#define ICON_SPACING 6
#define TAG_PADDING_X 8
#define TAG_PADDING_Y 1

struct _VdTextCell
{
  GtkWidget       parent_instance;

  char           *text;
  char           *icon_name;
  VdTextCellTone  icon_tone;
  VdTextCellTone  text_tone;
  gboolean        tag;
  float           xalign;
  int             width_chars;
  char           *sample;

  PangoLayout    *layout;     /* its own, ellipsized: made when first needed */
  gboolean        ellipsized; /* when last drawn */
  GtkIconPaintable *icon;     /* looked up when first drawn */
};

G_DEFINE_FINAL_TYPE (VdTextCell, vd_text_cell, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (VdTextCellTone, vd_text_cell_tone,
  G_DEFINE_ENUM_VALUE (VD_TEXT_CELL_TONE_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (VD_TEXT_CELL_TONE_SUCCESS, "success"),
  G_DEFINE_ENUM_VALUE (VD_TEXT_CELL_TONE_DIM, "dim"),
  G_DEFINE_ENUM_VALUE (VD_TEXT_CELL_TONE_ACCENT, "accent"),
  G_DEFINE_ENUM_VALUE (VD_TEXT_CELL_TONE_WARNING, "warning"))

enum {
  PROP_0,
  PROP_TEXT,
  PROP_ICON_NAME,
  PROP_ICON_TONE,
  PROP_TEXT_TONE,
  PROP_TAG,
  PROP_XALIGN,
  PROP_WIDTH_CHARS,
  PROP_SAMPLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
get_color (VdTextCell *self,
           GdkRGBA    *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color);
#endif
}

/* A colour the style sheets name (libadwaita's), else the text's */
static void
get_named_color (VdTextCell *self,
                 const char *name,
                 GdkRGBA    *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), name, color))
    get_color (self, color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* What the size is made of, for one font: Pango measures the average
 * character width by shaping a sample text each time it is asked, and a
 * new row's seven cells are measured again whenever a row comes. Kept per
 * font (GTK's sizes are absolute: a new text scale is a new font). */
typedef struct
{
  int         char_width;
  int         ascent;
  int         descent;
  GHashTable *sample_widths;  /* sample → width of its widest line */
  GHashTable *layouts;        /* direction and text → PangoLayout, shaped */
  GHashTable *recent;         /* the same, of texts that rarely repeat... */
  GHashTable *older;          /* ...and of those before them */
} FontSizes;

/* Texts of cells with a sample (roles, "Yes"/"No", counts, dates) come
 * again and again: shaped once, drawn by every cell that shows them. A
 * screenful of new rows shapes ~50 names and emails instead of 175 texts
 * (shaping, ~40 µs a text here, was most of drawing a new screenful). */
#define MAX_SHARED_LAYOUTS 4096
/* Names and emails do not repeat, but they move: a turn of the wheel
 * moves every row's member to another row, and a search that narrows
 * shows the same members on other rows. The last ones shown are kept, so
 * that moving rows shapes only the members that come (6 texts for a wheel
 * click instead of 56): two generations of up to this many (four or more
 * screenfuls), the older dropped when the newer is full, so that the texts
 * on screen are never all shaped again at once. */
#define RECENT_GENERATION 256

static void
font_sizes_free (FontSizes *sizes)
{
  g_hash_table_unref (sizes->layouts);
  g_hash_table_unref (sizes->recent);
  g_hash_table_unref (sizes->older);
  g_hash_table_unref (sizes->sample_widths);
  g_free (sizes);
}

static FontSizes *
get_font_sizes (GtkWidget *widget)
{
  static GHashTable *fonts;   /* PangoFontDescription → FontSizes */
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  FontSizes *sizes;

  if (fonts == NULL)
    fonts = g_hash_table_new_full ((GHashFunc) pango_font_description_hash,
                                   (GEqualFunc) pango_font_description_equal,
                                   (GDestroyNotify) pango_font_description_free,
                                   (GDestroyNotify) font_sizes_free);

  sizes = g_hash_table_lookup (fonts, font);
  if (sizes == NULL)
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

      sizes = g_new (FontSizes, 1);
      sizes->char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                               pango_font_metrics_get_approximate_digit_width (metrics));
      sizes->ascent = pango_font_metrics_get_ascent (metrics);
      sizes->descent = pango_font_metrics_get_descent (metrics);
      sizes->sample_widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      sizes->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      sizes->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      sizes->older = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      pango_font_metrics_unref (metrics);
      g_hash_table_insert (fonts, pango_font_description_copy (font), sizes);
    }

  return sizes;
}

/* How wide the widest line of the sample is (the cells of a column share
 * their sample) */
static int
get_sample_width (VdTextCell *self,
                  FontSizes  *sizes)
{
  gpointer width;

  if (!g_hash_table_lookup_extended (sizes->sample_widths, self->sample, NULL, &width))
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->sample);
      int pixels;

      pango_layout_get_pixel_size (layout, &pixels, NULL);
      width = GINT_TO_POINTER (pixels);
      g_hash_table_insert (sizes->sample_widths, g_strdup (self->sample), width);
    }

  return GPOINTER_TO_INT (width);
}

static PangoLayout *
create_shared_layout (VdTextCell *self)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);

  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

/* The text shaped once for all the cells that show it in this font and
 * direction (for a cell without a sample, while it is recent) */
static PangoLayout *
get_shared_layout (VdTextCell *self,
                   gboolean    rtl)
{
  FontSizes *sizes = get_font_sizes (GTK_WIDGET (self));
  g_autofree char *key = g_strconcat (rtl ? "r" : "l", self->text, NULL);
  gpointer older_key;
  PangoLayout *layout;

  if (self->sample != NULL)
    {
      layout = g_hash_table_lookup (sizes->layouts, key);
      if (layout == NULL)
        {
          if (g_hash_table_size (sizes->layouts) >= MAX_SHARED_LAYOUTS)
            g_hash_table_remove_all (sizes->layouts);
          layout = create_shared_layout (self);
          g_hash_table_insert (sizes->layouts, g_steal_pointer (&key), layout);
        }
      return layout;
    }

  layout = g_hash_table_lookup (sizes->recent, key);
  if (layout != NULL)
    return layout;

  /* From the older generation to the newer, or shaped now */
  if (g_hash_table_steal_extended (sizes->older, key, &older_key, (gpointer *) &layout))
    g_free (older_key);
  else
    layout = create_shared_layout (self);
  if (g_hash_table_size (sizes->recent) >= RECENT_GENERATION)
    {
      g_hash_table_unref (sizes->older);
      sizes->older = g_steal_pointer (&sizes->recent);
      sizes->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
    }
  g_hash_table_insert (sizes->recent, g_steal_pointer (&key), layout);
  return layout;
}

/* The size never depends on the text: the font, width-chars and sample */
static void
vd_text_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  VdTextCell *self = VD_TEXT_CELL (widget);
  FontSizes *sizes = get_font_sizes (widget);
  int icon = self->icon_name != NULL ? ICON_SIZE : 0;
  int tag_x = self->tag ? TAG_PADDING_X : 0;
  int tag_y = self->tag ? TAG_PADDING_Y : 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int text = PANGO_PIXELS_CEIL (sizes->char_width * self->width_chars);

      if (self->sample != NULL)
        text = MAX (text, get_sample_width (self, sizes));
      *minimum = *natural = text + 2 * tag_x + (icon ? icon + ICON_SPACING : 0);
    }
  else
    {
      int height = PANGO_PIXELS_CEIL (sizes->ascent + sizes->descent) + 2 * tag_y;

      *minimum = *natural = MAX (height, icon);
      *minimum_baseline = *natural_baseline = (*natural - height) / 2 + tag_y + PANGO_PIXELS_CEIL (sizes->ascent);
    }
}

/* The icon in one colour, as a texture: drawn by the icon itself, a
 * symbolic icon is a colour-matrix node, which the cairo renderer draws
 * through an offscreen surface every frame, for each of the ~50 icons on
 * screen. Rendered once per icon, colour and scale instead. */
#define MAX_ICON_TEXTURES 256

static GdkTexture *
get_icon_texture (VdTextCell    *self,
                  const GdkRGBA *colors,
                  gsize          n_colors)
{
  static GHashTable *textures;  /* icon, scale, direction, colour → GdkTexture */
  static GskRenderer *renderer;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autofree char *color = gdk_rgba_to_string (&colors[0]);
  g_autofree char *key = g_strdup_printf ("%s %d %d %s", self->icon_name, scale,
                                          gtk_widget_get_direction (GTK_WIDGET (self)), color);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;

  if (textures == NULL)
    textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  texture = g_hash_table_lookup (textures, key);
  if (texture != NULL)
    return texture;

  if (renderer == NULL)
    {
      renderer = gsk_cairo_renderer_new ();
      if (!gsk_renderer_realize (renderer, NULL, NULL))
        g_clear_object (&renderer);
    }
  if (renderer == NULL)
    return NULL;

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (self->icon), snapshot,
                                            ICON_SIZE, ICON_SIZE, colors, n_colors);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    return NULL;

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, ICON_SIZE * scale, ICON_SIZE * scale));
  if (g_hash_table_size (textures) >= MAX_ICON_TEXTURES)
    g_hash_table_remove_all (textures);
  g_hash_table_insert (textures, g_steal_pointer (&key), texture);
  return texture;
}

static void
get_tone_color (VdTextCell     *self,
                VdTextCellTone  tone,
                GdkRGBA        *color)
{
  switch (tone)
    {
    case VD_TEXT_CELL_TONE_SUCCESS:
      get_named_color (self, "success_color", color);
      return;

    case VD_TEXT_CELL_TONE_ACCENT:
      get_named_color (self, "accent_color", color);
      return;

    case VD_TEXT_CELL_TONE_WARNING:
      get_named_color (self, "warning_color", color);
      return;

    case VD_TEXT_CELL_TONE_NORMAL:
    case VD_TEXT_CELL_TONE_DIM:
      break;
    }

  get_color (self, color);
  /* As .dim-label, without an opacity node (an offscreen surface a cell
   * for the cairo renderer) */
  if (tone == VD_TEXT_CELL_TONE_DIM)
    color->alpha *= 0.55;
}

static void
draw_icon (VdTextCell  *self,
           GtkSnapshot *snapshot,
           int          x,
           int          height)
{
  GdkRGBA colors[4];
  GdkTexture *texture;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x, (height - ICON_SIZE) / 2, ICON_SIZE, ICON_SIZE);

  if (self->icon == NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

      self->icon = gtk_icon_theme_lookup_icon (theme, self->icon_name, NULL, ICON_SIZE,
                                               gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                               gtk_widget_get_direction (GTK_WIDGET (self)), 0);
    }

  /* Symbolic colours: foreground, error, warning, success */
  get_color (self, &colors[1]);
  colors[2] = colors[1];
  get_named_color (self, "success_color", &colors[3]);
  get_tone_color (self, self->icon_tone, &colors[0]);

  texture = get_icon_texture (self, colors, G_N_ELEMENTS (colors));
  if (texture != NULL)
    {
      gtk_snapshot_append_texture (snapshot, texture, &bounds);
      return;
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &bounds.origin);
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (self->icon), snapshot,
                                            ICON_SIZE, ICON_SIZE, colors, G_N_ELEMENTS (colors));
  gtk_snapshot_restore (snapshot);
}

/* A pill as large as the cell, tinted as the text: the text's colour at
 * 10 %, or an accent or warning background at 15 % */
static void
draw_tag (VdTextCell  *self,
          GtkSnapshot *snapshot,
          int          width,
          int          height)
{
  GskRoundedRect pill;
  GdkRGBA color;

  switch (self->text_tone)
    {
    case VD_TEXT_CELL_TONE_ACCENT:
      get_named_color (self, "accent_bg_color", &color);
      color.alpha *= 0.15;
      break;

    case VD_TEXT_CELL_TONE_WARNING:
      get_named_color (self, "warning_bg_color", &color);
      color.alpha *= 0.15;
      break;

    case VD_TEXT_CELL_TONE_NORMAL:
    case VD_TEXT_CELL_TONE_SUCCESS:
    case VD_TEXT_CELL_TONE_DIM:
    default:
      get_tone_color (self, self->text_tone, &color);
      color.alpha *= 0.1;
      break;
    }

  gsk_rounded_rect_init_from_rect (&pill, &GRAPHENE_RECT_INIT (0, 0, width, height), height / 2.f);
  gtk_snapshot_push_rounded_clip (snapshot, &pill);
  gtk_snapshot_append_color (snapshot, &color, &pill.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
vd_text_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  VdTextCell *self = VD_TEXT_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int text_x = 0, text_width = width;
  float xalign = rtl ? 1 - self->xalign : self->xalign;
  PangoLayout *layout;
  PangoRectangle logical;
  GdkRGBA color;

  if (self->icon_name != NULL)
    {
      draw_icon (self, snapshot, rtl ? width - ICON_SIZE : 0, height);
      text_width = MAX (width - ICON_SIZE - ICON_SPACING, 0);
      text_x = rtl ? 0 : ICON_SIZE + ICON_SPACING;
    }

  if (self->text == NULL || self->text[0] == '\0' || text_width == 0)
    return;

  if (self->tag)
    {
      draw_tag (self, snapshot, width, height);
      text_x += TAG_PADDING_X;
      text_width = MAX (text_width - 2 * TAG_PADDING_X, 0);
    }

  /* The shared one when it fits, else the cell's own, cut short */
  layout = get_shared_layout (self, rtl);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (logical.width > text_width)
    layout = NULL;
  if (layout == NULL)
    {
      if (self->layout == NULL)
        {
          self->layout = gtk_widget_create_pango_layout (widget, self->text);
          pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_single_paragraph_mode (self->layout, TRUE);
        }
      layout = self->layout;
      pango_layout_set_width (layout, text_width * PANGO_SCALE);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
    }
  self->ellipsized = layout == self->layout && pango_layout_is_ellipsized (layout);

  get_tone_color (self, self->text_tone, &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (text_x + (text_width - logical.width) * xalign - logical.x,
                                                (height - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* A text cut short is shown whole in a tooltip */
static gboolean
vd_text_cell_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_tooltip,
                            GtkTooltip *tooltip)
{
  VdTextCell *self = VD_TEXT_CELL (widget);

  if (!vd_text_cell_get_ellipsized (self))
    return FALSE;

  gtk_tooltip_set_text (tooltip, self->text);
  return TRUE;
}

static void
vd_text_cell_direction_changed (GtkWidget        *widget,
                                GtkTextDirection  previous)
{
  VdTextCell *self = VD_TEXT_CELL (widget);

  g_clear_object (&self->icon);
  if (self->layout != NULL)
    pango_layout_context_changed (self->layout);
  GTK_WIDGET_CLASS (vd_text_cell_parent_class)->direction_changed (widget, previous);
}

static void
vd_text_cell_finalize (GObject *object)
{
  VdTextCell *self = VD_TEXT_CELL (object);

  g_free (self->text);
  g_free (self->icon_name);
  g_free (self->sample);
  g_clear_object (&self->layout);
  g_clear_object (&self->icon);

  G_OBJECT_CLASS (vd_text_cell_parent_class)->finalize (object);
}

static void
vd_text_cell_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VdTextCell *self = VD_TEXT_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;

    case PROP_ICON_TONE:
      g_value_set_enum (value, self->icon_tone);
      break;

    case PROP_TEXT_TONE:
      g_value_set_enum (value, self->text_tone);
      break;

    case PROP_TAG:
      g_value_set_boolean (value, self->tag);
      break;

    case PROP_XALIGN:
      g_value_set_float (value, self->xalign);
      break;

    case PROP_WIDTH_CHARS:
      g_value_set_int (value, self->width_chars);
      break;

    case PROP_SAMPLE:
      g_value_set_string (value, self->sample);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_text_cell_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VdTextCell *self = VD_TEXT_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      vd_text_cell_set_text (self, g_value_get_string (value));
      break;

    case PROP_ICON_NAME:
      vd_text_cell_set_icon_name (self, g_value_get_string (value));
      break;

    case PROP_ICON_TONE:
      vd_text_cell_set_icon_tone (self, g_value_get_enum (value));
      break;

    case PROP_TEXT_TONE:
      vd_text_cell_set_text_tone (self, g_value_get_enum (value));
      break;

    case PROP_TAG:
      vd_text_cell_set_tag (self, g_value_get_boolean (value));
      break;

    case PROP_XALIGN:
      vd_text_cell_set_xalign (self, g_value_get_float (value));
      break;

    case PROP_WIDTH_CHARS:
      vd_text_cell_set_width_chars (self, g_value_get_int (value));
      break;

    case PROP_SAMPLE:
      vd_text_cell_set_sample (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_text_cell_class_init (VdTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vd_text_cell_finalize;
  object_class->get_property = vd_text_cell_get_property;
  object_class->set_property = vd_text_cell_set_property;
  widget_class->measure = vd_text_cell_measure;
  widget_class->snapshot = vd_text_cell_snapshot;
  widget_class->direction_changed = vd_text_cell_direction_changed;
  widget_class->query_tooltip = vd_text_cell_query_tooltip;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL, flags);
  properties[PROP_ICON_TONE] =
    g_param_spec_enum ("icon-tone", NULL, NULL, VD_TYPE_TEXT_CELL_TONE, VD_TEXT_CELL_TONE_NORMAL, flags);
  properties[PROP_TEXT_TONE] =
    g_param_spec_enum ("text-tone", NULL, NULL, VD_TYPE_TEXT_CELL_TONE, VD_TEXT_CELL_TONE_NORMAL, flags);
  properties[PROP_TAG] =
    g_param_spec_boolean ("tag", NULL, NULL, FALSE, flags);
  properties[PROP_XALIGN] =
    g_param_spec_float ("xalign", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_WIDTH_CHARS] =
    g_param_spec_int ("width-chars", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_SAMPLE] =
    g_param_spec_string ("sample", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
vd_text_cell_init (VdTextCell *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
vd_text_cell_new (void)
{
  return g_object_new (VD_TYPE_TEXT_CELL, NULL);
}

const char *
vd_text_cell_get_text (VdTextCell *self)
{
  g_return_val_if_fail (VD_IS_TEXT_CELL (self), NULL);

  return self->text ? self->text : "";
}

void
vd_text_cell_set_text (VdTextCell *self,
                       const char *text)
{
  g_return_if_fail (VD_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text ? text : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text ? text : "", -1);
  /* Drawn again, not measured again */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
vd_text_cell_get_icon_name (VdTextCell *self)
{
  g_return_val_if_fail (VD_IS_TEXT_CELL (self), NULL);

  return self->icon_name;
}

void
vd_text_cell_set_icon_name (VdTextCell *self,
                            const char *icon_name)
{
  gboolean had_icon;

  g_return_if_fail (VD_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->icon_name, icon_name) == 0)
    return;

  had_icon = self->icon_name != NULL;
  g_free (self->icon_name);
  self->icon_name = g_strdup (icon_name);
  g_clear_object (&self->icon);
  if (had_icon != (icon_name != NULL))
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

VdTextCellTone
vd_text_cell_get_icon_tone (VdTextCell *self)
{
  g_return_val_if_fail (VD_IS_TEXT_CELL (self), VD_TEXT_CELL_TONE_NORMAL);

  return self->icon_tone;
}

void
vd_text_cell_set_icon_tone (VdTextCell     *self,
                            VdTextCellTone  tone)
{
  g_return_if_fail (VD_IS_TEXT_CELL (self));

  if (self->icon_tone == tone)
    return;

  self->icon_tone = tone;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_TONE]);
}

VdTextCellTone
vd_text_cell_get_text_tone (VdTextCell *self)
{
  g_return_val_if_fail (VD_IS_TEXT_CELL (self), VD_TEXT_CELL_TONE_NORMAL);

  return self->text_tone;
}

void
vd_text_cell_set_text_tone (VdTextCell     *self,
                            VdTextCellTone  tone)
{
  g_return_if_fail (VD_IS_TEXT_CELL (self));

  if (self->text_tone == tone)
    return;

  self->text_tone = tone;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_TONE]);
}

gboolean
vd_text_cell_get_tag (VdTextCell *self)
{
  g_return_val_if_fail (VD_IS_TEXT_CELL (self), FALSE);

  return self->tag;
}

void
vd_text_cell_set_tag (VdTextCell *self,
                      gboolean    tag)
{
  g_return_if_fail (VD_IS_TEXT_CELL (self));

  tag = !!tag;
  if (self->tag == tag)
    return;

  self->tag = tag;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAG]);
}

float
vd_text_cell_get_xalign (VdTextCell *self)
{
  g_return_val_if_fail (VD_IS_TEXT_CELL (self), 0);

  return self->xalign;
}

void
vd_text_cell_set_xalign (VdTextCell *self,
                         float       xalign)
{
  g_return_if_fail (VD_IS_TEXT_CELL (self));

  xalign = CLAMP (xalign, 0, 1);
  if (self->xalign == xalign)
    return;

  self->xalign = xalign;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_XALIGN]);
}

int
vd_text_cell_get_width_chars (VdTextCell *self)
{
  g_return_val_if_fail (VD_IS_TEXT_CELL (self), 0);

  return self->width_chars;
}

void
vd_text_cell_set_width_chars (VdTextCell *self,
                              int         width_chars)
{
  g_return_if_fail (VD_IS_TEXT_CELL (self));

  if (self->width_chars == width_chars)
    return;

  self->width_chars = width_chars;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH_CHARS]);
}

const char *
vd_text_cell_get_sample (VdTextCell *self)
{
  g_return_val_if_fail (VD_IS_TEXT_CELL (self), NULL);

  return self->sample;
}

void
vd_text_cell_set_sample (VdTextCell *self,
                         const char *sample)
{
  g_return_if_fail (VD_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->sample, sample) == 0)
    return;

  g_free (self->sample);
  self->sample = g_strdup (sample);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLE]);
}

/* Whether the text was cut short when the cell was last drawn */
gboolean
vd_text_cell_get_ellipsized (VdTextCell *self)
{
  g_return_val_if_fail (VD_IS_TEXT_CELL (self), FALSE);

  return self->ellipsized;
}
