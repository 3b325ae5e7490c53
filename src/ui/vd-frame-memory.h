/* vd-frame-memory.h — keeps the shared memory a window's frames go through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* With GTK's cairo renderer on X11 (a machine without a usable GPU, or
 * GSK_RENDERER=cairo), every frame is drawn into an image and handed to
 * the X server through a shared memory segment from cairo-xlib's pool.
 * cairo unmaps a pool once nothing is left in it, and maps a new one when
 * a frame finds no room: the kernel then zeroes every page that frame
 * writes, ~600 page faults (2 ms here) for a frame that redraws most of
 * the window — the first frame after the window was still, which is the
 * one a person waits for (the members sorted when they are all in, the
 * first result of a search).
 *
 * This holds a block of shared memory as large as @window, from as long
 * after its first frame as it is realized: cairo keeps the pool it is in
 * mapped, and a pool is eight times its first block, so the frames fit
 * beside it and write pages that are already there. It grows with the
 * window. Elsewhere (Wayland, the GL renderers) it does nothing. */
void vd_frame_memory_keep (GtkWindow *window);

G_END_DECLS
