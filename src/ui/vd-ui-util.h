/* vd-ui-util.h — small helpers the pages and dialogs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  VD_UI_ANNOUNCE_POLITE,     /* a result: sent, saved, copied */
  VD_UI_ANNOUNCE_ASSERTIVE,  /* a failure */
} VdUiAnnouncePriority;

/* Says @message to screen readers, from @widget's window: with
 * gtk_accessible_announce () on GTK 4.14 and later; before, by naming the
 * window's announcer (a transparent label with the alert role, style class
 * "vd-announcer"; a dialog without one uses its parent's). Every toast
 * helper below calls it with the toast's title. */
void      vd_ui_announce       (GtkWidget            *widget,
                                const char           *message,
                                VdUiAnnouncePriority  priority);
/* Shows @toast in the nearest AdwToastOverlay above @widget; from a dialog,
 * the overlay of the window it is transient for. Takes ownership of @toast.
 * High-priority toasts are announced assertively. */
void      vd_ui_add_toast      (GtkWidget    *widget,
                                AdwToast     *toast);
/* adw_toast_overlay_add_toast (), announced: for a given overlay */
void      vd_ui_overlay_add_toast (AdwToastOverlay *overlay,
                                   AdwToast        *toast);
/* The overlay vd_ui_add_toast () uses: above @widget, else in its window,
 * else in the window that one is transient for */
AdwToastOverlay *vd_ui_find_toast_overlay (GtkWidget *widget);
/* Depth first, the first widget of @type at or under @widget */
GtkWidget *vd_ui_find_descendant (GtkWidget *widget,
                                  GType      type);
/* A toast that shows @text as it is: AdwToast's title is Pango markup in
 * libadwaita 1.2, where a name like "Tom & Jerry" would leave it blank */
AdwToast *vd_ui_toast_new      (const char   *text);
/* A plain toast with @message */
void      vd_ui_toast          (GtkWidget    *widget,
                                const char   *message);
/* A toast with the error's message, announced assertively; a cancelled
 * operation says nothing. Returns TRUE when something was shown. */
gboolean  vd_ui_toast_error    (GtkWidget    *widget,
                                const GError *error);
/* TRUE when @error is a cancellation (the widget is going away) */
gboolean  vd_ui_is_cancelled   (const GError *error);
/* A button with a mnemonic ("_Save") is named by its text alone ("Save"),
 * not "_Save Save" as GTK 4.8 names it, also when its label changes */
void      vd_ui_button_name_from_text (GtkButton *button);
/* Names what GTK 4.8 and libadwaita 1.2 leave nameless or garbled at and
 * under @widget: buttons with mnemonics (as above), the toggle button inside
 * each GtkDropDown (named by the drop-down), the show-text button of each
 * AdwPasswordEntryRow (named by its tooltip). Widgets added to a window
 * after it is mapped need their own call (or vd_ui_button_name_from_text ()). */
void      vd_ui_fix_accessible_names (GtkWidget *widget);
/* vd_ui_fix_accessible_names () on every window of the application when it
 * is first mapped (dialogs built in code, message dialogs included) */
void      vd_ui_fix_accessible_names_of_windows (void);
/* Makes @list (a GtkListBox, GtkListView or GtkColumnView) one stop for
 * Tab, the arrows moving in it. In GTK 4.8 Tab visits every row, and in a
 * GtkListBox a row that gets the focus is selected: past a long list, or
 * past a sidebar whose selection switches pages, Tab never gets. */
void      vd_ui_set_single_tab_stop (GtkWidget *list);
/* Shows @message under a field in @label (hides it for NULL) and marks
 * @field (may be NULL) invalid for the eye and for screen readers */
void      vd_ui_set_field_error (GtkLabel   *label,
                                 GtkWidget  *field,
                                 const char *message);
/* The window a dialog opened from @widget is transient for */
GtkWindow *vd_ui_parent_window (GtkWidget    *widget);

G_END_DECLS
