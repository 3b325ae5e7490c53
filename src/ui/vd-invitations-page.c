/* vd-invitations-page.c — the invitations sent from the organization, with
 * their status, filtered by it, and Resend / Revoke while they wait
 *
 * Each row follows its VdInvitation through notify: a resend or a revoke
 * updates the object in place, and the row with it. The status filter is
 * re-run when an invitation's status changes, so a revoked invitation leaves
 * the "Pending" list at once.
 *
 * The page loads the invitations itself each time it is shown, with a
 * spinner while there is nothing to show yet, and a "Retry" when that
 * first load fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-invitations-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-invitations-page.h"
#include "vd-ui-util.h"

/* The dropdown's positions: 0 is every status, then one per status */
#define FILTER_ALL 0

struct _VdInvitationsPage
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkDropDown         *filter_dropdown;
  GtkLabel            *count_label;
  GtkStack            *list_stack;
  GtkListBox          *list_box;
  AdwStatusPage       *empty_page;
  GtkButton           *empty_button;

  GtkCustomFilter     *filter;
  GtkFilterListModel  *filter_model;

  VdOrganizationStore *store;
  GCancellable        *cancellable;
  GHashTable          *busy;            /* ids of invitations with a request under way */
  gboolean             loading;
  gboolean             load_failed;
};

G_DEFINE_FINAL_TYPE (VdInvitationsPage, vd_invitations_page, ADW_TYPE_BIN)

static void update_rows (VdInvitationsPage *self);

static int
selected_status (VdInvitationsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == FILTER_ALL)
    return -1;
  return (int) selected - 1 + VD_INVITATION_STATUS_PENDING;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  VdInvitationsPage *self = user_data;
  int status = selected_status (self);

  return status < 0 || (int) vd_invitation_get_status (item) == status;
}

static VdInvitation *
lookup_invitation (VdInvitationsPage *self,
                   const char        *id)
{
  GListModel *model;

  if (self->store == NULL)
    return NULL;

  model = vd_organization_store_get_invitations (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VdInvitation) invitation = g_list_model_get_item (model, i);

      if (g_strcmp0 (vd_invitation_get_id (invitation), id) == 0)
        return invitation;   /* the store holds it */
    }

  return NULL;
}

/* "12 invitations", "3 pending invitations" … */
static char *
count_text (int   status,
            guint n)
{
  switch (status)
    {
    case VD_INVITATION_STATUS_PENDING:
      return g_strdup_printf (ngettext ("%u pending invitation", "%u pending invitations", n), n);
    case VD_INVITATION_STATUS_ACCEPTED:
      return g_strdup_printf (ngettext ("%u accepted invitation", "%u accepted invitations", n), n);
    case VD_INVITATION_STATUS_REJECTED:
      return g_strdup_printf (ngettext ("%u rejected invitation", "%u rejected invitations", n), n);
    case VD_INVITATION_STATUS_REVOKED:
      return g_strdup_printf (ngettext ("%u revoked invitation", "%u revoked invitations", n), n);
    case VD_INVITATION_STATUS_EXPIRED:
      return g_strdup_printf (ngettext ("%u expired invitation", "%u expired invitations", n), n);
    default:
      return g_strdup_printf (ngettext ("%u invitation", "%u invitations", n), n);
    }
}

/* What the empty list says, per filter, and what to do next */
static void
update_empty_page (VdInvitationsPage *self,
                   int                status)
{
  const char *title, *description;

  switch (status)
    {
    case VD_INVITATION_STATUS_PENDING:
      title = _("No Pending Invitations");
      description = _("Nobody is waiting to answer. Invite someone to add them to the organization.");
      break;
    case VD_INVITATION_STATUS_ACCEPTED:
      title = _("No Accepted Invitations");
      description = _("Invitations appear here once the people invited join.");
      break;
    case VD_INVITATION_STATUS_REJECTED:
      title = _("No Rejected Invitations");
      description = _("Nobody has declined an invitation.");
      break;
    case VD_INVITATION_STATUS_REVOKED:
      title = _("No Revoked Invitations");
      description = _("Invitations you revoke before they are answered appear here.");
      break;
    case VD_INVITATION_STATUS_EXPIRED:
      title = _("No Expired Invitations");
      description = _("Invitations not answered in time appear here, and can be sent again.");
      break;
    default:
      title = _("No Invitations");
      description = _("Invite people to join the organization. Their invitations appear here until they answer.");
      break;
    }

  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);

  /* From a filter, the way back to everything; from everything, an invitation */
  if (status < 0 || status == VD_INVITATION_STATUS_PENDING)
    {
      gtk_button_set_label (self->empty_button, _("_Invite Member"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->empty_button), "win.invite");
      gtk_widget_add_css_class (GTK_WIDGET (self->empty_button), "suggested-action");
    }
  else
    {
      gtk_button_set_label (self->empty_button, _("_Show All Invitations"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->empty_button), "invitations.show-all");
      gtk_widget_remove_css_class (GTK_WIDGET (self->empty_button), "suggested-action");
    }
}

static void
update_visible_page (VdInvitationsPage *self)
{
  guint total = self->store ? g_list_model_get_n_items (vd_organization_store_get_invitations (self->store)) : 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  int status = selected_status (self);
  g_autofree char *count = count_text (status, n);
  const char *page;

  /* A spinner only while there is nothing to show yet */
  if (self->store == NULL || (self->loading && total == 0))
    page = "loading";
  else if (self->load_failed && total == 0)
    page = "error";
  else
    page = "content";

  gtk_stack_set_visible_child_name (self->stack, page);
  /* Without a store there is nothing coming: a blank page, not a spinner */
  gtk_spinner_set_spinning (self->spinner, self->loading);

  gtk_label_set_label (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n > 0);
  update_empty_page (self, status);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

/* An invitation's status changed: the filter may see it differently now */
static void
invitation_status_changed_cb (VdInvitationsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_visible_page (self);
}

static void
invitations_changed_cb (GListModel        *model,
                        guint              position,
                        guint              removed,
                        guint              added,
                        VdInvitationsPage *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VdInvitation) invitation = g_list_model_get_item (model, i);

      /* A reload puts the same objects back: connect once */
      g_signal_handlers_disconnect_by_func (invitation, invitation_status_changed_cb, self);
      g_signal_connect_object (invitation, "notify::status", G_CALLBACK (invitation_status_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  update_visible_page (self);
}

static void
filter_changed_cb (VdInvitationsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_visible_page (self);
}


/* Loading */

static void
set_loading (VdInvitationsPage *self,
             gboolean           loading)
{
  self->loading = loading;
  update_visible_page (self);
}

static void
invitations_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  VdInvitationsPage *self;
  g_autoptr(GError) error = NULL;

  if (!vd_organization_store_load_invitations_finish (VD_ORGANIZATION_STORE (object), result, &error) &&
      vd_ui_is_cancelled (error))
    return;

  self = VD_INVITATIONS_PAGE (user_data);
  self->load_failed = error != NULL;
  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      /* With invitations on screen already, a toast is enough */
      if (g_list_model_get_n_items (vd_organization_store_get_invitations (self->store)) > 0)
        vd_ui_toast_error (GTK_WIDGET (self), error);
    }
  set_loading (self, FALSE);
}

/**
 * vd_invitations_page_reload:
 *
 * Loads the invitations from the server again (the page does so itself each
 * time it is shown).
 */
void
vd_invitations_page_reload (VdInvitationsPage *self)
{
  g_return_if_fail (VD_IS_INVITATIONS_PAGE (self));

  if (self->store == NULL || self->loading)
    return;

  self->load_failed = FALSE;
  set_loading (self, TRUE);
  vd_organization_store_load_invitations_async (self->store, self->cancellable, invitations_loaded_cb, self);
}

gboolean
vd_invitations_page_get_loading (VdInvitationsPage *self)
{
  g_return_val_if_fail (VD_IS_INVITATIONS_PAGE (self), FALSE);

  return self->loading;
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  vd_invitations_page_reload (VD_INVITATIONS_PAGE (widget));
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VdInvitationsPage *self = VD_INVITATIONS_PAGE (widget);

  gtk_drop_down_set_selected (self->filter_dropdown, FILTER_ALL);
}

static void
vd_invitations_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vd_invitations_page_parent_class)->map (widget);

  /* Answers arrive while nobody looks: fresh statuses each time */
  vd_invitations_page_reload (VD_INVITATIONS_PAGE (widget));
}


/* Resend and revoke */

typedef struct
{
  VdInvitationsPage *page;
  VdInvitation      *invitation;
  gboolean           resend;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->invitation);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

static void
set_busy (VdInvitationsPage *self,
          VdInvitation      *invitation,
          gboolean           busy)
{
  if (busy)
    g_hash_table_add (self->busy, g_strdup (vd_invitation_get_id (invitation)));
  else
    g_hash_table_remove (self->busy, vd_invitation_get_id (invitation));
  update_rows (self);
}

static void
acted_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(GError) error = NULL;
  VdInvitationsPage *self;
  const char *email = vd_invitation_get_email (data->invitation);
  gboolean ok = data->resend
    ? vd_organization_store_resend_invitation_finish (VD_ORGANIZATION_STORE (object), result, &error)
    : vd_organization_store_revoke_invitation_finish (VD_ORGANIZATION_STORE (object), result, &error);
  g_autofree char *message = NULL;

  if (vd_ui_is_cancelled (error))
    return;

  self = data->page;
  set_busy (self, data->invitation, FALSE);

  if (ok)
    message = data->resend ? g_strdup_printf (_("Invitation sent again to %s"), email)
                           : g_strdup_printf (_("Invitation to %s revoked"), email);
  else
    /* The buttons stay: pressing again tries again */
    message = data->resend ? g_strdup_printf (_("Could not resend the invitation to %s: %s"), email, error->message)
                           : g_strdup_printf (_("Could not revoke the invitation to %s: %s"), email, error->message);
  vd_ui_toast (GTK_WIDGET (self), message);
}

static void
act (VdInvitationsPage *self,
     VdInvitation      *invitation,
     gboolean           resend)
{
  ActionData *data = g_new0 (ActionData, 1);

  data->page = self;
  data->invitation = g_object_ref (invitation);
  data->resend = resend;
  set_busy (self, invitation, TRUE);
  if (resend)
    vd_organization_store_resend_invitation_async (self->store, invitation, self->cancellable, acted_cb, data);
  else
    vd_organization_store_revoke_invitation_async (self->store, invitation, self->cancellable, acted_cb, data);
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdInvitationsPage *self = VD_INVITATIONS_PAGE (widget);
  VdInvitation *invitation = lookup_invitation (self, g_variant_get_string (parameter, NULL));

  if (invitation != NULL && !g_hash_table_contains (self->busy, vd_invitation_get_id (invitation)))
    act (self, invitation, TRUE);
}

static void
revoke_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    VdInvitationsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "invitation-id");
  VdInvitation *invitation = lookup_invitation (self, id);

  if (g_str_equal (response, "revoke") && invitation != NULL &&
      !g_hash_table_contains (self->busy, id))
    act (self, invitation, FALSE);
}

/* Revoking cannot be undone: ask first */
static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdInvitationsPage *self = VD_INVITATIONS_PAGE (widget);
  VdInvitation *invitation = lookup_invitation (self, g_variant_get_string (parameter, NULL));
  GtkWidget *dialog;

  if (invitation == NULL)
    return;

  dialog = adw_message_dialog_new (vd_ui_parent_window (widget), _("Revoke Invitation?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s will no longer be able to join with this invitation. "
                                    "You can invite them again later."),
                                  vd_invitation_get_email (invitation));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "invitation-id",
                          g_strdup (vd_invitation_get_id (invitation)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (revoke_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}


/* Rows */

/* Each button twice: with its label, and icon-only for narrow windows (the
 * squeezer shows the labelled ones when they fit) */
typedef struct
{
  VdInvitationsPage *page;
  AdwActionRow      *row;
  GtkImage          *icon;
  GtkWidget         *resend[2];
  GtkWidget         *revoke[2];
} RowWidgets;

static const char *
status_icon_name (VdInvitationStatus status)
{
  switch (status)
    {
    case VD_INVITATION_STATUS_PENDING:  return "appointment-soon-symbolic";
    case VD_INVITATION_STATUS_ACCEPTED: return "emblem-ok-symbolic";
    case VD_INVITATION_STATUS_REJECTED: return "window-close-symbolic";
    case VD_INVITATION_STATUS_REVOKED:  return "action-unavailable-symbolic";
    case VD_INVITATION_STATUS_EXPIRED:  return "appointment-missed-symbolic";
    default:                            return "dialog-question-symbolic";
    }
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;

  local = g_date_time_to_local (date);
  /* The locale's own date format */
  return g_date_time_format (local, "%x");
}

/* "Pending, expires 12/05/26", "Accepted on 03/05/26" … : the status in words,
 * with when it ends or ended */
static char *
status_text (VdInvitation *invitation)
{
  VdInvitationStatus status = vd_invitation_get_status (invitation);
  g_autofree char *expires = format_date (vd_invitation_get_expires_at (invitation));
  g_autofree char *responded = format_date (vd_invitation_get_responded_at (invitation));

  switch (status)
    {
    case VD_INVITATION_STATUS_PENDING:
      if (expires != NULL)
        /* Translators: the date the invitation runs out */
        return g_strdup_printf (_("Pending, expires %s"), expires);
      break;
    case VD_INVITATION_STATUS_EXPIRED:
      if (expires != NULL)
        return g_strdup_printf (_("Expired on %s"), expires);
      break;
    case VD_INVITATION_STATUS_ACCEPTED:
      if (responded != NULL)
        return g_strdup_printf (_("Accepted on %s"), responded);
      break;
    case VD_INVITATION_STATUS_REJECTED:
      if (responded != NULL)
        return g_strdup_printf (_("Rejected on %s"), responded);
      break;
    case VD_INVITATION_STATUS_REVOKED:
      if (responded != NULL)
        return g_strdup_printf (_("Revoked on %s"), responded);
      break;
    default:
      {
        const char *name = vd_invitation_get_status_name (invitation);

        /* A status this version does not know: as the server says it */
        if (name != NULL && *name != '\0')
          return g_strdup (name);
      }
      break;
    }

  return g_strdup (vd_invitation_status_get_label (status));
}

/* The row says the status in words and with an icon (never by colour alone),
 * the role, who invited and until when, and offers what the status allows */
static void
update_row (VdInvitation *invitation,
            GParamSpec   *pspec,
            GtkWidget    *row)
{
  RowWidgets *widgets = g_object_get_data (G_OBJECT (row), "widgets");
  VdInvitationStatus status = vd_invitation_get_status (invitation);
  const char *inviter = vd_invitation_get_inviter_name (invitation);
  g_autofree char *state = status_text (invitation);
  g_autofree char *invited_by = NULL;
  g_autofree char *subtitle = NULL;
  gboolean busy = g_hash_table_contains (widgets->page->busy, vd_invitation_get_id (invitation));

  if (inviter != NULL && *inviter != '\0')
    invited_by = g_strdup_printf (_("invited by %s"), inviter);

  if (invited_by != NULL)
    /* Translators: "Pending, expires 12/05/26 · Member · invited by Bruno Díaz" */
    subtitle = g_strdup_printf (_("%s · %s · %s"), state,
                                vd_role_get_label_for_name (vd_invitation_get_role_name (invitation)), invited_by);
  else
    subtitle = g_strdup_printf (_("%s · %s"), state,
                                vd_role_get_label_for_name (vd_invitation_get_role_name (invitation)));

  adw_action_row_set_subtitle (widgets->row, subtitle);
  gtk_image_set_from_icon_name (widgets->icon, status_icon_name (status));

  for (guint i = 0; i < 2; i++)
    {
      gtk_widget_set_visible (widgets->resend[i], status == VD_INVITATION_STATUS_PENDING ||
                                                  status == VD_INVITATION_STATUS_EXPIRED);
      gtk_widget_set_visible (widgets->revoke[i], status == VD_INVITATION_STATUS_PENDING);
      gtk_widget_set_sensitive (widgets->resend[i], !busy);
      gtk_widget_set_sensitive (widgets->revoke[i], !busy);
    }
}

static void
update_rows (VdInvitationsPage *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      VdInvitation *invitation = g_object_get_data (G_OBJECT (row), "invitation");

      if (invitation != NULL)
        update_row (invitation, NULL, row);
    }
}

static GtkWidget *
row_button (const char   *label,
            const char   *icon_name,
            const char   *accessible_label,
            const char   *action_name,
            VdInvitation *invitation)
{
  GtkWidget *button = label ? gtk_button_new_with_mnemonic (label) : gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible_label);
  /* An icon is named by what it does to which invitation; words are the
   * name of their button, and which invitation is its description */
  if (label != NULL)
    {
      vd_ui_button_name_from_text (GTK_BUTTON (button));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      accessible_label, -1);
    }
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", vd_invitation_get_id (invitation));

  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  VdInvitation *invitation = item;
  RowWidgets *widgets = g_new0 (RowWidgets, 1);
  const char *email = vd_invitation_get_email (invitation);
  g_autofree char *resend_label = g_strdup_printf (_("Resend the invitation to %s"), email);
  g_autofree char *revoke_label = g_strdup_printf (_("Revoke the invitation to %s"), email);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *squeezer;

  widgets->page = user_data;
  widgets->row = ADW_ACTION_ROW (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), email);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  /* The icon repeats the status the subtitle says in words */
  widgets->icon = GTK_IMAGE (gtk_image_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (widgets->icon));

  squeezer = adw_squeezer_new ();
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  /* Asks for the labelled buttons' width, so that it gets it when it can */
  adw_squeezer_set_homogeneous (ADW_SQUEEZER (squeezer), TRUE);
  gtk_widget_set_valign (squeezer, GTK_ALIGN_CENTER);
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, i == 0 ? 6 : 0);

      widgets->resend[i] = row_button (i == 0 ? _("_Resend") : NULL, "mail-send-symbolic",
                                       resend_label, "invitations.resend", invitation);
      gtk_box_append (GTK_BOX (box), widgets->resend[i]);
      widgets->revoke[i] = row_button (i == 0 ? _("Re_voke") : NULL, "action-unavailable-symbolic",
                                       revoke_label, "invitations.revoke", invitation);
      gtk_box_append (GTK_BOX (box), widgets->revoke[i]);
      adw_squeezer_add (ADW_SQUEEZER (squeezer), box);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), squeezer);

  g_object_set_data_full (G_OBJECT (row), "widgets", widgets, g_free);
  g_object_set_data_full (G_OBJECT (row), "invitation", g_object_ref (invitation), g_object_unref);
  g_signal_connect_object (invitation, "notify", G_CALLBACK (update_row), row, 0);
  update_row (invitation, NULL, row);

  return row;
}


/* The store */

void
vd_invitations_page_set_store (VdInvitationsPage   *self,
                               VdOrganizationStore *store)
{
  GListModel *invitations;

  g_return_if_fail (VD_IS_INVITATIONS_PAGE (self));
  g_return_if_fail (store == NULL || VD_IS_ORGANIZATION_STORE (store));

  if (self->store == store)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = FALSE;
  self->load_failed = FALSE;
  g_hash_table_remove_all (self->busy);

  if (self->store != NULL)
    {
      invitations = vd_organization_store_get_invitations (self->store);
      g_signal_handlers_disconnect_by_data (invitations, self);
      for (guint i = 0; i < g_list_model_get_n_items (invitations); i++)
        {
          g_autoptr(VdInvitation) invitation = g_list_model_get_item (invitations, i);

          g_signal_handlers_disconnect_by_func (invitation, invitation_status_changed_cb, self);
        }
    }
  g_set_object (&self->store, store);

  invitations = store ? vd_organization_store_get_invitations (store) : NULL;
  gtk_filter_list_model_set_model (self->filter_model, invitations);
  if (invitations != NULL)
    {
      g_signal_connect_object (invitations, "items-changed", G_CALLBACK (invitations_changed_cb), self, 0);
      invitations_changed_cb (invitations, 0, 0, g_list_model_get_n_items (invitations), self);
    }
  update_visible_page (self);

  if (store != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    vd_invitations_page_reload (self);
}

static void
vd_invitations_page_dispose (GObject *object)
{
  VdInvitationsPage *self = VD_INVITATIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    vd_invitations_page_set_store (self, NULL);
  g_clear_object (&self->cancellable);
  /* The bin's child is the bound template child "stack": let the bin drop it
   * first, or both would unparent it */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_INVITATIONS_PAGE);
  g_clear_object (&self->filter_model);

  G_OBJECT_CLASS (vd_invitations_page_parent_class)->dispose (object);
}

static void
vd_invitations_page_finalize (GObject *object)
{
  VdInvitationsPage *self = VD_INVITATIONS_PAGE (object);

  g_clear_pointer (&self->busy, g_hash_table_unref);

  G_OBJECT_CLASS (vd_invitations_page_parent_class)->finalize (object);
}

static void
vd_invitations_page_class_init (VdInvitationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vd_invitations_page_dispose;
  object_class->finalize = vd_invitations_page_finalize;
  widget_class->map = vd_invitations_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-invitations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, empty_button);

  gtk_widget_class_install_action (widget_class, "invitations.resend", "s", resend_action);
  gtk_widget_class_install_action (widget_class, "invitations.revoke", "s", revoke_action);
  gtk_widget_class_install_action (widget_class, "invitations.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "invitations.show-all", NULL, show_all_action);
}

static void
vd_invitations_page_init (VdInvitationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));   /* takes the filter */
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filter_model), create_row, self, NULL);
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_visible_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);

  update_visible_page (self);
}
