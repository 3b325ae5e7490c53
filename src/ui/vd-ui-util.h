/* vd-ui-util.h — small helpers the pages and dialogs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows @toast in the nearest AdwToastOverlay above @widget; from a dialog,
 * the overlay of the window it is transient for. Takes ownership of @toast. */
void      vd_ui_add_toast      (GtkWidget    *widget,
                                AdwToast     *toast);
/* The overlay vd_ui_add_toast () uses: above @widget, else in its window,
 * else in the window that one is transient for */
AdwToastOverlay *vd_ui_find_toast_overlay (GtkWidget *widget);
/* Depth first, the first widget of @type at or under @widget */
GtkWidget *vd_ui_find_descendant (GtkWidget *widget,
                                  GType      type);
/* A plain toast with @message */
void      vd_ui_toast          (GtkWidget    *widget,
                                const char   *message);
/* A toast with the error's message; a cancelled operation says nothing.
 * Returns TRUE when something was shown. */
gboolean  vd_ui_toast_error    (GtkWidget    *widget,
                                const GError *error);
/* TRUE when @error is a cancellation (the widget is going away) */
gboolean  vd_ui_is_cancelled   (const GError *error);
/* Shows @message under a field in @label (hides it for NULL) and marks
 * @field (may be NULL) invalid for the eye and for screen readers */
void      vd_ui_set_field_error (GtkLabel   *label,
                                 GtkWidget  *field,
                                 const char *message);
/* The window a dialog opened from @widget is transient for */
GtkWindow *vd_ui_parent_window (GtkWidget    *widget);

G_END_DECLS
