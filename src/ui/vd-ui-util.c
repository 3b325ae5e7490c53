/* vd-ui-util.c — small helpers the pages and dialogs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-ui-util.h"

static AdwToastOverlay *
find_overlay (GtkWidget *widget)
{
  while (widget != NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
      GtkRoot *root;

      if (overlay != NULL)
        return ADW_TOAST_OVERLAY (overlay);

      /* A dialog without its own overlay: the window it belongs to */
      root = gtk_widget_get_root (widget);
      widget = GTK_IS_WINDOW (root) ? (GtkWidget *) gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;
    }

  return NULL;
}

void
vd_ui_add_toast (GtkWidget *widget,
                 AdwToast  *toast)
{
  AdwToastOverlay *overlay = find_overlay (widget);

  g_return_if_fail (ADW_IS_TOAST (toast));

  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, toast);
  else
    g_object_unref (toast);
}

void
vd_ui_toast (GtkWidget  *widget,
             const char *message)
{
  vd_ui_add_toast (widget, adw_toast_new (message));
}

gboolean
vd_ui_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

gboolean
vd_ui_toast_error (GtkWidget    *widget,
                   const GError *error)
{
  if (error == NULL || vd_ui_is_cancelled (error))
    return FALSE;

  vd_ui_toast (widget, error->message);
  return TRUE;
}

GtkWindow *
vd_ui_parent_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}
