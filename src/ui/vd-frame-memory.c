/* vd-frame-memory.c — keeps the shared memory a window's frames go through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-frame-memory.h"

#ifdef HAVE_X11_FRAMES
#include <gdk/x11/gdkx.h>
#include <cairo-xlib.h>
#endif

#ifdef HAVE_X11_FRAMES

typedef struct
{
  GdkSurface      *surface;      /* while realized with the cairo renderer */
  gulong           size_handlers[3];
  cairo_surface_t *reserve;
  int              reserved_width;  /* in device pixels */
  int              reserved_height;
  guint            grow_id;
} FrameMemory;

/* Whether @memory's window is larger than its block, and its size (in
 * device pixels, as the images are) */
static gboolean
outgrown (FrameMemory *memory,
          int         *width,
          int         *height)
{
  int scale = gdk_surface_get_scale_factor (memory->surface);

  *width = gdk_surface_get_width (memory->surface) * scale;
  *height = gdk_surface_get_height (memory->surface) * scale;
  return (gint64) *width * *height > (gint64) memory->reserved_width * memory->reserved_height;
}

/* cairo gives an image "similar" to an X drawable from its shared memory
 * when the X server has the extension (else an ordinary image, which is
 * never written to and so costs no memory) */
static gboolean
grow_cb (gpointer data)
{
  FrameMemory *memory = data;
  GdkDisplay *display = gdk_surface_get_display (memory->surface);
  cairo_surface_t *root;
  cairo_surface_t *reserve;
  int width;
  int height;

  memory->grow_id = 0;
  if (!outgrown (memory, &width, &height))
    return G_SOURCE_REMOVE;

  root = cairo_xlib_surface_create (gdk_x11_display_get_xdisplay (display),
                                    gdk_x11_display_get_xrootwindow (display),
                                    DefaultVisualOfScreen (gdk_x11_display_get_xscreen (display)),
                                    1, 1);
  /* The new block first, then the old one goes: a pool is never left
   * empty meanwhile (cairo would unmap it) */
  reserve = cairo_surface_create_similar_image (root, CAIRO_FORMAT_RGB24, width, height);
  cairo_surface_destroy (root);
  if (cairo_surface_status (reserve) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (reserve);
      return G_SOURCE_REMOVE;
    }

  g_clear_pointer (&memory->reserve, cairo_surface_destroy);
  memory->reserve = reserve;
  memory->reserved_width = width;
  memory->reserved_height = height;

  return G_SOURCE_REMOVE;
}

/* After the frames that are waiting: the first block is made once the
 * window is on screen, not before its first frame */
static void
size_changed_cb (FrameMemory *memory)
{
  int width;
  int height;

  if (outgrown (memory, &width, &height) && memory->grow_id == 0)
    memory->grow_id = g_idle_add_full (G_PRIORITY_LOW, grow_cb, memory, NULL);
}

static void
forget (FrameMemory *memory)
{
  g_clear_handle_id (&memory->grow_id, g_source_remove);
  if (memory->surface != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (memory->size_handlers); i++)
      g_clear_signal_handler (&memory->size_handlers[i], memory->surface);
  g_clear_object (&memory->surface);
  g_clear_pointer (&memory->reserve, cairo_surface_destroy);
  memory->reserved_width = memory->reserved_height = 0;
}

static void
realized_cb (GtkWidget   *widget,
             FrameMemory *memory)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (widget));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));

  forget (memory);
  if (!GDK_IS_X11_SURFACE (surface) || !GSK_IS_CAIRO_RENDERER (renderer))
    return;

  memory->surface = g_object_ref (surface);
  memory->size_handlers[0] = g_signal_connect_swapped (surface, "notify::width", G_CALLBACK (size_changed_cb), memory);
  memory->size_handlers[1] = g_signal_connect_swapped (surface, "notify::height", G_CALLBACK (size_changed_cb), memory);
  memory->size_handlers[2] = g_signal_connect_swapped (surface, "notify::scale-factor", G_CALLBACK (size_changed_cb), memory);
  size_changed_cb (memory);
}

static void
frame_memory_free (FrameMemory *memory)
{
  forget (memory);
  g_free (memory);
}

void
vd_frame_memory_keep (GtkWindow *window)
{
  FrameMemory *memory;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_object_get_data (G_OBJECT (window), "vd-frame-memory") != NULL)
    return;

  memory = g_new0 (FrameMemory, 1);
  g_object_set_data_full (G_OBJECT (window), "vd-frame-memory", memory, (GDestroyNotify) frame_memory_free);
  /* After GtkWindow's own handlers: the surface and renderer are made */
  g_signal_connect_after (window, "realize", G_CALLBACK (realized_cb), memory);
  g_signal_connect_swapped (window, "unrealize", G_CALLBACK (forget), memory);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realized_cb (GTK_WIDGET (window), memory);
}

#else

void
vd_frame_memory_keep (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
}

#endif
