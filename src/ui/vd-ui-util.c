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

/* --- Names for screen readers ----------------------------------------- */

/* GTK 4.8 names a button with a mnemonic "_Save Save": gtk_button_set_label ()
 * makes the raw label, underscore and all, its accessible label, and the
 * name adds the text of the label inside. Without that accessible label the
 * name is the text alone, "Save". The label can change (Send / Retry): it is
 * forgotten again each time. */
static void
forget_raw_label_cb (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

void
vd_ui_button_name_from_text (GtkButton *button)
{
  g_return_if_fail (GTK_IS_BUTTON (button));

  if (g_object_get_data (G_OBJECT (button), "vd-name-from-text") != NULL)
    return;

  g_object_set_data (G_OBJECT (button), "vd-name-from-text", GINT_TO_POINTER (TRUE));
  g_signal_connect (button, "notify::label", G_CALLBACK (forget_raw_label_cb), NULL);
  g_signal_connect (button, "notify::use-underline", G_CALLBACK (forget_raw_label_cb), NULL);
  forget_raw_label_cb (button);
}

/* libadwaita 1.2's password rows offer a button that only has an icon and a
 * tooltip ("Show Text" / "Hide Text"): its name follows the tooltip */
static void
name_from_tooltip_cb (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
name_buttons_from_tooltips (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL &&
          g_object_get_data (G_OBJECT (child), "vd-name-from-tooltip") == NULL)
        {
          g_object_set_data (G_OBJECT (child), "vd-name-from-tooltip", GINT_TO_POINTER (TRUE));
          g_signal_connect (child, "notify::tooltip-text", G_CALLBACK (name_from_tooltip_cb), NULL);
          name_from_tooltip_cb (child);
        }
      name_buttons_from_tooltips (child);
    }
}

static GtkWidget *
drop_down_toggle (GtkWidget *drop_down)
{
  for (GtkWidget *child = gtk_widget_get_first_child (drop_down); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      return child;

  return NULL;
}

/* GTK 4.8's shortcuts window has no title, and names neither its search
 * entry, nor the button that shows it, nor the sections' menu button: they
 * get GTK's own words, the header's "Shortcuts" and the entry's "Search
 * Shortcuts" placeholder (already translated by GTK) */
static void
name_shortcuts_window (GtkWindow *window)
{
  GtkWidget *titlebar = gtk_window_get_titlebar (window);
  GtkWidget *entry = vd_ui_find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *stack = titlebar ? vd_ui_find_descendant (titlebar, GTK_TYPE_STACK) : NULL;
  GtkWidget *title = stack ? vd_ui_find_descendant (stack, GTK_TYPE_LABEL) : NULL;
  g_autofree char *placeholder = NULL;

  if (title != NULL && gtk_window_get_title (window) == NULL)
    gtk_window_set_title (window, gtk_label_get_text (GTK_LABEL (title)));

  if (entry != NULL)
    g_object_get (entry, "placeholder-text", &placeholder, NULL);
  if (placeholder != NULL)
    {
      GtkWidget *search_button = titlebar ? vd_ui_find_descendant (titlebar, GTK_TYPE_TOGGLE_BUTTON) : NULL;

      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
      if (search_button != NULL && gtk_widget_get_ancestor (search_button, GTK_TYPE_MENU_BUTTON) == NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (search_button), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
    }

  if (stack != NULL && title != NULL)
    {
      GtkWidget *menu_button = vd_ui_find_descendant (stack, GTK_TYPE_MENU_BUTTON);

      if (menu_button != NULL)
        {
          gtk_accessible_update_relation (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                          title, NULL, -1);
          for (GtkWidget *child = gtk_widget_get_first_child (menu_button); child; child = gtk_widget_get_next_sibling (child))
            if (GTK_IS_TOGGLE_BUTTON (child))
              gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                              title, NULL, -1);
        }
    }
}

void
vd_ui_fix_accessible_names (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_SHORTCUTS_WINDOW (widget))
    name_shortcuts_window (GTK_WINDOW (widget));

  if (GTK_IS_BUTTON (widget))
    {
      if (gtk_button_get_use_underline (GTK_BUTTON (widget)))
        vd_ui_button_name_from_text (GTK_BUTTON (widget));
    }
  else if (GTK_IS_DROP_DOWN (widget))
    {
      /* What takes the focus in a drop-down is a toggle button of its own,
       * nameless in GTK 4.8: it is named by the drop-down's own label, or
       * by the label that has it as mnemonic widget (below) */
      GtkWidget *toggle = drop_down_toggle (widget);

      if (toggle != NULL && g_object_get_data (G_OBJECT (toggle), "vd-labelled") == NULL)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        widget, NULL, -1);
    }
  else if (GTK_IS_LABEL (widget) && GTK_IS_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (widget))))
    {
      GtkWidget *toggle = drop_down_toggle (gtk_label_get_mnemonic_widget (GTK_LABEL (widget)));

      if (toggle != NULL)
        {
          g_object_set_data (G_OBJECT (toggle), "vd-labelled", GINT_TO_POINTER (TRUE));
          gtk_accessible_update_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                          widget, NULL, -1);
        }
    }
  else if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
    name_buttons_from_tooltips (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    vd_ui_fix_accessible_names (child);
}

/* Once, when first shown: by then a dialog built in code has its buttons,
 * and what a window gets later (rows with buttons named for their row)
 * keeps the names it was given */
static void
window_mapped_cb (GtkWidget *window)
{
  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, NULL);
  vd_ui_fix_accessible_names (window);
}

static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (window), "vd-names-fixed") != NULL)
        continue;

      g_object_set_data (G_OBJECT (window), "vd-names-fixed", GINT_TO_POINTER (TRUE));
      if (gtk_widget_get_mapped (window))
        vd_ui_fix_accessible_names (window);
      else
        g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
    }
}

void
vd_ui_fix_accessible_names_of_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  static gboolean watching;

  if (watching)
    return;

  watching = TRUE;
  g_signal_connect (toplevels, "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);
  toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels));
}

/* --- Keyboard ---------------------------------------------------------- */

/* For that moment the list refuses the focus, so the window moves it on
 * past it */
static gboolean
single_tab_stop_key_pressed_cb (GtkEventControllerKey *controller,
                                guint                  keyval,
                                guint                  keycode,
                                GdkModifierType        state,
                                gpointer               user_data)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (list);
  GtkDirectionType direction;

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || !GTK_IS_WINDOW (root))
    return FALSE;

  gtk_widget_set_can_focus (list, FALSE);
  if (!gtk_widget_child_focus (GTK_WIDGET (root), direction))
    {
      /* Past the end: round from the start, as GtkWindow does */
      gtk_window_set_focus (GTK_WINDOW (root), NULL);
      gtk_widget_child_focus (GTK_WIDGET (root), direction);
    }
  gtk_widget_set_can_focus (list, TRUE);
  gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);

  return TRUE;
}

void
vd_ui_set_single_tab_stop (GtkWidget *list)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WIDGET (list));

  /* (Tests look for it) */
  g_object_set_data (G_OBJECT (list), "vd-single-tab-stop", GINT_TO_POINTER (TRUE));
  keys = gtk_event_controller_key_new ();
  /* Before the list and its rows see the key */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (single_tab_stop_key_pressed_cb), NULL);
  gtk_widget_add_controller (list, keys);
}

/* --- Announcements ------------------------------------------------------ */

/* GTK 4.14 has gtk_accessible_announce (). GTK 4.8 has nothing like it: it
 * never emits object:state-changed:showing (the event Orca speaks alerts on),
 * toasts reach the accessibility tree silently, and only the name of an
 * accessible the screen reader has already seen is reported when it changes.
 * So each window carries one label with the alert role, drawn transparent
 * in an overlay (see vd-window.ui): an announcement hides it, names it with
 * the message and shows it again, which GTK 4.8 reports as
 * object:property-change:accessible-name on an "alert" (and as
 * object:children-changed on its parent). Orca 43 presents a name change
 * only for the focused object, so on GTK 4.8 the message is there to be
 * read (flat review, where-am-I), not spoken unasked. */

#define ANNOUNCER_CLASS "vd-announcer"

static GtkWidget *
find_with_css_class (GtkWidget  *widget,
                     const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_css_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The announcer of @widget's window, else of the window it is transient
 * for (a dialog without one speaks through its parent's) */
static GtkLabel *
find_announcer (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  for (; GTK_IS_WINDOW (root); root = (GtkRoot *) gtk_window_get_transient_for (GTK_WINDOW (root)))
    {
      GtkWidget *announcer = g_object_get_data (G_OBJECT (root), "vd-announcer");

      if (announcer == NULL)
        {
          announcer = find_with_css_class (GTK_WIDGET (root), ANNOUNCER_CLASS);
          if (announcer != NULL)
            g_object_set_data (G_OBJECT (root), "vd-announcer", announcer);
        }
      if (GTK_IS_LABEL (announcer))
        return GTK_LABEL (announcer);
    }

  return NULL;
}

void
vd_ui_announce (GtkWidget            *widget,
                const char           *message,
                VdUiAnnouncePriority  priority)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  /* Toast titles are Pango markup: say the text */
  if (!pango_parse_markup (message, -1, 0, NULL, &text, NULL, NULL))
    text = g_strdup (message);

#if GTK_CHECK_VERSION (4, 14, 0)
  {
    GtkRoot *root = gtk_widget_get_root (widget);

    gtk_accessible_announce (GTK_ACCESSIBLE (root ? GTK_WIDGET (root) : widget), text,
                             priority == VD_UI_ANNOUNCE_ASSERTIVE
                               ? GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_HIGH
                               : GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
  }
#else
  {
    GtkLabel *announcer = find_announcer (widget);

    if (announcer == NULL)
      return;

    /* The same message twice is still a change of name */
    gtk_widget_set_visible (GTK_WIDGET (announcer), FALSE);
    if (g_strcmp0 (gtk_label_get_text (announcer), text) == 0)
      gtk_label_set_text (announcer, "");
    gtk_label_set_text (announcer, text);
    gtk_widget_set_visible (GTK_WIDGET (announcer), TRUE);
  }
#endif
}

/* --- Toasts ------------------------------------------------------------- */

static VdUiAnnouncePriority
toast_announce_priority (AdwToast *toast)
{
  return adw_toast_get_priority (toast) == ADW_TOAST_PRIORITY_HIGH ? VD_UI_ANNOUNCE_ASSERTIVE
                                                                   : VD_UI_ANNOUNCE_POLITE;
}

void
vd_ui_overlay_add_toast (AdwToastOverlay *overlay,
                         AdwToast        *toast)
{
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  vd_ui_announce (GTK_WIDGET (overlay), adw_toast_get_title (toast), toast_announce_priority (toast));
  adw_toast_overlay_add_toast (overlay, toast);
}

/* Shown in the overlay of @widget, said once with @priority */
static void
add_toast (GtkWidget            *widget,
           AdwToast             *toast,
           VdUiAnnouncePriority  priority)
{
  AdwToastOverlay *overlay = vd_ui_find_toast_overlay (widget);

  /* Said from where it is shown, else from where it happened */
  vd_ui_announce (overlay ? GTK_WIDGET (overlay) : widget, adw_toast_get_title (toast), priority);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, toast);
  else
    g_object_unref (toast);
}

void
vd_ui_add_toast (GtkWidget *widget,
                 AdwToast  *toast)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  add_toast (widget, toast, toast_announce_priority (toast));
}

AdwToast *
vd_ui_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

void
vd_ui_toast (GtkWidget  *widget,
             const char *message)
{
  vd_ui_add_toast (widget, vd_ui_toast_new (message));
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

  /* A failure interrupts whatever the screen reader is saying */
  add_toast (widget, vd_ui_toast_new (error->message), VD_UI_ANNOUNCE_ASSERTIVE);
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
