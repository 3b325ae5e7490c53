/* vd-ui-util.c — small helpers the pages and dialogs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-ui-util.h"

GtkWidget *
vd_ui_find_descendant (GtkWidget *widget,
                       GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vd_ui_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

AdwToastOverlay *
vd_ui_find_toast_overlay (GtkWidget *widget)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root;

  if (overlay != NULL)
    return ADW_TOAST_OVERLAY (overlay);

  /* A window given, or a dialog without an overlay of its own: the one in
   * that window, else in the window it belongs to, wherever it sits */
  for (root = gtk_widget_get_root (widget);
       GTK_IS_WINDOW (root);
       root = (GtkRoot *) gtk_window_get_transient_for (GTK_WINDOW (root)))
    {
      overlay = vd_ui_find_descendant (GTK_WIDGET (root), ADW_TYPE_TOAST_OVERLAY);
      if (overlay != NULL)
        return ADW_TOAST_OVERLAY (overlay);
    }

  return NULL;
}

void
vd_ui_add_toast (GtkWidget *widget,
                 AdwToast  *toast)
{
  AdwToastOverlay *overlay = vd_ui_find_toast_overlay (widget);

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

void
vd_ui_set_field_error (GtkLabel   *label,
                       GtkWidget  *field,
                       const char *message)
{
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (field == NULL)
    return;

  if (message != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      label, NULL, -1);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
    }
}
