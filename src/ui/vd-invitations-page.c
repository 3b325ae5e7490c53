/* vd-invitations-page.c — the invitations sent from the organization, with
 * their status, and Resend / Revoke while they wait for an answer
 *
 * Each row follows its VdInvitation through notify: a resend or a revoke
 * updates the object in place, and the row with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-invitations-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-invitations-page.h"

struct _VdInvitationsPage
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  GtkListBox          *list_box;

  VdOrganizationStore *store;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (VdInvitationsPage, vd_invitations_page, ADW_TYPE_BIN)

static void
toast (VdInvitationsPage *self,
       const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

typedef struct
{
  VdInvitationsPage *page;
  gboolean           resend;
} ActionData;

static void
acted_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree ActionData *data = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = data->resend
    ? vd_organization_store_resend_invitation_finish (VD_ORGANIZATION_STORE (object), result, &error)
    : vd_organization_store_revoke_invitation_finish (VD_ORGANIZATION_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  toast (data->page, ok ? (data->resend ? _("Invitation sent again") : _("Invitation revoked"))
                        : error->message);
}

static void
act (GtkButton *button,
     gboolean   resend)
{
  VdInvitationsPage *self = VD_INVITATIONS_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                          VD_TYPE_INVITATIONS_PAGE));
  VdInvitation *invitation = g_object_get_data (G_OBJECT (button), "invitation");
  ActionData *data = g_new0 (ActionData, 1);

  data->page = self;
  data->resend = resend;
  if (resend)
    vd_organization_store_resend_invitation_async (self->store, invitation, self->cancellable, acted_cb, data);
  else
    vd_organization_store_revoke_invitation_async (self->store, invitation, self->cancellable, acted_cb, data);
}

static void
resend_clicked_cb (GtkButton *button)
{
  act (button, TRUE);
}

static void
revoke_clicked_cb (GtkButton *button)
{
  act (button, FALSE);
}

typedef struct
{
  AdwActionRow *row;
  GtkWidget    *resend;
  GtkWidget    *revoke;
} RowWidgets;

/* The row says the status in words (never by colour alone), who invited and
 * until when, and offers what the status allows */
static void
update_row (VdInvitation *invitation,
            GParamSpec   *pspec,
            GtkWidget    *row)
{
  RowWidgets *widgets = g_object_get_data (G_OBJECT (row), "widgets");
  VdInvitationStatus status = vd_invitation_get_status (invitation);
  g_autofree char *expires = NULL;
  g_autofree char *subtitle = NULL;
  GDateTime *expires_at = vd_invitation_get_expires_at (invitation);
  const char *inviter = vd_invitation_get_inviter_name (invitation);

  if (expires_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (expires_at);
      expires = g_date_time_format (local, "%x");
    }

  if (status == VD_INVITATION_STATUS_PENDING && expires != NULL)
    /* Translators: "Pending · invited by Bruno Díaz · until 12/05/26" */
    subtitle = g_strdup_printf (_("%s · invited by %s · until %s"),
                                vd_invitation_status_get_label (status),
                                *inviter ? inviter : _("someone"), expires);
  else
    subtitle = g_strdup_printf (_("%s · invited by %s"), vd_invitation_status_get_label (status),
                                *inviter ? inviter : _("someone"));

  adw_action_row_set_subtitle (widgets->row, subtitle);
  gtk_widget_set_visible (widgets->resend, status == VD_INVITATION_STATUS_PENDING ||
                                           status == VD_INVITATION_STATUS_EXPIRED);
  gtk_widget_set_visible (widgets->revoke, status == VD_INVITATION_STATUS_PENDING);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  VdInvitation *invitation = item;
  RowWidgets *widgets = g_new0 (RowWidgets, 1);
  g_autofree char *resend_label = g_strdup_printf (_("Resend the invitation to %s"), vd_invitation_get_email (invitation));
  g_autofree char *revoke_label = g_strdup_printf (_("Revoke the invitation to %s"), vd_invitation_get_email (invitation));
  GtkWidget *row = adw_action_row_new ();

  widgets->row = ADW_ACTION_ROW (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vd_invitation_get_email (invitation));

  widgets->resend = gtk_button_new_with_mnemonic (_("_Resend"));
  gtk_widget_set_valign (widgets->resend, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->resend), GTK_ACCESSIBLE_PROPERTY_LABEL, resend_label, -1);
  g_object_set_data_full (G_OBJECT (widgets->resend), "invitation", g_object_ref (invitation), g_object_unref);
  g_signal_connect (widgets->resend, "clicked", G_CALLBACK (resend_clicked_cb), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widgets->resend);

  widgets->revoke = gtk_button_new_with_mnemonic (_("Re_voke"));
  gtk_widget_set_valign (widgets->revoke, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (widgets->revoke, "destructive-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->revoke), GTK_ACCESSIBLE_PROPERTY_LABEL, revoke_label, -1);
  g_object_set_data_full (G_OBJECT (widgets->revoke), "invitation", g_object_ref (invitation), g_object_unref);
  g_signal_connect (widgets->revoke, "clicked", G_CALLBACK (revoke_clicked_cb), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widgets->revoke);

  g_object_set_data_full (G_OBJECT (row), "widgets", widgets, g_free);
  g_signal_connect_object (invitation, "notify", G_CALLBACK (update_row), row, 0);
  update_row (invitation, NULL, row);

  return row;
}

static void
update_visible_page (VdInvitationsPage *self)
{
  gboolean empty = self->store == NULL ||
                   g_list_model_get_n_items (vd_organization_store_get_invitations (self->store)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

void
vd_invitations_page_set_store (VdInvitationsPage   *self,
                               VdOrganizationStore *store)
{
  g_return_if_fail (VD_IS_INVITATIONS_PAGE (self));

  if (self->store == store)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (vd_organization_store_get_invitations (self->store), self);
  g_set_object (&self->store, store);

  gtk_list_box_bind_model (self->list_box, store ? vd_organization_store_get_invitations (store) : NULL,
                           create_row, self, NULL);
  if (store != NULL)
    g_signal_connect_object (vd_organization_store_get_invitations (store), "items-changed",
                             G_CALLBACK (update_visible_page), self, G_CONNECT_SWAPPED);
  update_visible_page (self);
}

static void
vd_invitations_page_dispose (GObject *object)
{
  VdInvitationsPage *self = VD_INVITATIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  /* The bin's child is the bound template child "stack": let the bin drop it
   * first, or both would unparent it */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_INVITATIONS_PAGE);

  G_OBJECT_CLASS (vd_invitations_page_parent_class)->dispose (object);
}

static void
vd_invitations_page_class_init (VdInvitationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vd_invitations_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-invitations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VdInvitationsPage, list_box);
}

static void
vd_invitations_page_init (VdInvitationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_visible_page (self);
}
