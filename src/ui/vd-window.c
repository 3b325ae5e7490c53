/* vd-window.c — the main window: signing in, then a sidebar of pages for the
 * current organization
 *
 * The window owns the account of the server it shows (VdAccount over one
 * VdClient) and the store of the current organization, and hands the store
 * to every page. A session kept in the keyring is restored on start; a
 * session the server ends keeps the page (and open dialogs) where they are
 * and says so in a banner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-account-page.h"
#include "vd-api-keys-page.h"
#include "vd-audit-page.h"
#include "vd-frame-memory.h"
#include "vd-invitations-page.h"
#include "vd-invite-dialog.h"
#include "vd-join-dialog.h"
#include "vd-members-page.h"
#include "vd-organization-settings.h"
#include "vd-sign-in-page.h"
#include "vd-ui-util.h"
#include "vd-window.h"

typedef enum {
  BANNER_NONE,
  BANNER_OFFLINE,
  BANNER_SIGNED_OUT,
} BannerKind;

struct _VdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkSpinner           *restore_spinner;
  VdSignInPage         *sign_in_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkDropDown          *organization_dropdown;
  GtkListBox           *navigation_list;
  GtkListBoxRow        *members_row;
  GtkListBoxRow        *invitations_row;
  GtkListBoxRow        *audit_row;
  GtkListBoxRow        *api_keys_row;
  GtkListBoxRow        *account_row;
  GtkListBoxRow        *settings_row;
  GtkWidget            *received_heading;
  GtkListBox           *received_list;
  AdwWindowTitle       *page_title;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkButton            *banner_button;
  GtkStack             *page_stack;
  VdMembersPage        *members_page;
  VdInvitationsPage    *invitations_page;
  VdAuditPage          *audit_page;
  VdApiKeysPage        *api_keys_page;
  VdAccountPage        *account_page;

  char                 *server_url;
  VdCredentials        *credentials;
  VdAccount            *account;
  VdOrganizationStore  *store;
  GCancellable         *cancellable;
  GNetworkMonitor      *network_monitor;
  GSettings            *settings;          /* NULL when the schema is not installed */
  BannerKind            banner;
  gboolean              switching;
  gboolean              has_api_grant;
};

G_DEFINE_FINAL_TYPE (VdWindow, vd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_CREDENTIALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_organization (VdWindow *self);

static void
toast (VdWindow   *self,
       const char *message)
{
  vd_ui_overlay_add_toast (self->toast_overlay, vd_ui_toast_new (message));
}

char *
vd_window_role_label (gpointer unused,
                      VdRole   role)
{
  /* The caller's role in the organization, under its name in the switcher */
  switch (role)
    {
    case VD_ROLE_OWNER:
      return g_strdup (_("You are the owner"));
    case VD_ROLE_ADMIN:
      return g_strdup (_("You are an admin"));
    case VD_ROLE_MEMBER:
      return g_strdup (_("You are a member"));
    default:
      return g_strdup ("");
    }
}

static VdOrganization *
current_organization (VdWindow *self)
{
  return self->account != NULL ? vd_account_get_current_organization (self->account) : NULL;
}

static gboolean
manages (VdWindow *self)
{
  VdOrganization *organization = current_organization (self);

  return organization != NULL && (vd_organization_get_role (organization) == VD_ROLE_OWNER ||
                                  vd_organization_get_role (organization) == VD_ROLE_ADMIN);
}

/* --- Title and banner --------------------------------------------------- */

static void
update_title (VdWindow *self)
{
  VdOrganization *organization = current_organization (self);
  GtkStackPage *page = gtk_stack_get_page (self->page_stack, gtk_stack_get_visible_child (self->page_stack));
  const char *name = gtk_stack_get_visible_child_name (self->page_stack);
  g_autofree char *subtitle = NULL;

  adw_window_title_set_title (self->page_title, page ? gtk_stack_page_get_title (page) : "");

  if (organization == NULL || g_strcmp0 (name, "account") == 0)
    subtitle = g_strdup (self->account && vd_account_get_user (self->account)
                         ? vd_user_get_email (vd_account_get_user (self->account)) : "");
  else if (g_strcmp0 (name, "members") == 0 && self->store != NULL)
    {
      guint total = vd_organization_store_get_members_total (self->store);

      subtitle = g_strdup_printf (ngettext ("%s · %u member", "%s · %u members", total),
                                  vd_organization_get_name (organization), total);
    }
  else
    subtitle = g_strdup (vd_organization_get_name (organization));

  adw_window_title_set_subtitle (self->page_title, subtitle);

  /* The window's own title names the page too (window lists, screen readers) */
  if (page != NULL && organization != NULL)
    {
      /* Translators: the window's title: the page, then the organization, "Members – Acme Studios" */
      g_autofree char *title = g_strdup_printf (_("%s – %s"), gtk_stack_page_get_title (page),
                                                vd_organization_get_name (organization));

      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), page ? gtk_stack_page_get_title (page) : _("Vidinfra Admin"));
}

/* The email signed in with last, offered on the sign-in page: whoever
 * comes back types only the password */
static void
offer_last_email (VdWindow *self)
{
  g_autofree char *email = NULL;

  if (self->settings == NULL)
    return;

  email = g_settings_get_string (self->settings, "last-email");
  vd_sign_in_page_offer_email (self->sign_in_page, email);
}

static void
show_banner (VdWindow   *self,
             BannerKind  kind,
             const char *message)
{
  self->banner = kind;
  gtk_revealer_set_reveal_child (self->banner_revealer, kind != BANNER_NONE);
  if (kind == BANNER_NONE)
    return;

  gtk_label_set_text (self->banner_label, message);
  gtk_button_set_label (self->banner_button, kind == BANNER_OFFLINE ? _("_Retry") : _("Sign In"));

  /* Screen readers hear it as it appears */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
}

static void
network_changed_cb (VdWindow *self)
{
  gboolean available = g_network_monitor_get_network_available (self->network_monitor);

  if (!available)
    show_banner (self, BANNER_OFFLINE,
                 _("You are offline. What you see may be out of date, and changes cannot be sent."));
  else if (self->banner == BANNER_OFFLINE)
    show_banner (self, BANNER_NONE, NULL);
}

/* --- Pages -------------------------------------------------------------- */

static GtkListBoxRow *
row_for_page (VdWindow   *self,
              const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->navigation_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      return GTK_LIST_BOX_ROW (row);

  return NULL;
}

gboolean
vd_window_page_visible (VdWindow   *self,
                        const char *name)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (VD_IS_WINDOW (self), FALSE);

  row = row_for_page (self, name);
  return row != NULL && gtk_widget_get_visible (GTK_WIDGET (row));
}

gboolean
vd_window_show_page (VdWindow   *self,
                     const char *name)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (VD_IS_WINDOW (self), FALSE);

  row = row_for_page (self, name);
  if (row == NULL || !gtk_widget_get_visible (GTK_WIDGET (row)))
    return FALSE;

  gtk_list_box_select_row (self->navigation_list, row);
  return TRUE;
}

const char *
vd_window_get_page (VdWindow *self)
{
  g_return_val_if_fail (VD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->page_stack);
}

static void
navigation_row_selected_cb (VdWindow      *self,
                            GtkListBoxRow *row)
{
  const char *name;

  if (row == NULL)
    return;

  name = gtk_widget_get_name (GTK_WIDGET (row));
  if (g_strcmp0 (name, "account") != 0 && current_organization (self) == NULL)
    name = "no-organization";

  gtk_stack_set_visible_child_name (self->page_stack, name);
  update_title (self);
}

static void
navigation_row_activated_cb (VdWindow      *self,
                             GtkListBoxRow *row)
{
  /* Narrow: the sidebar slides away for the page */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Which pages the caller's role allows */
static void
update_page_visibility (VdWindow *self)
{
  VdOrganization *organization = current_organization (self);
  gboolean admin = manages (self);
  gboolean owner = organization != NULL && vd_organization_get_role (organization) == VD_ROLE_OWNER;
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->navigation_list);

  gtk_widget_set_visible (GTK_WIDGET (self->members_row), organization != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->invitations_row), admin);
  gtk_widget_set_visible (GTK_WIDGET (self->audit_row), admin);
  gtk_widget_set_visible (GTK_WIDGET (self->api_keys_row), admin || (organization != NULL && self->has_api_grant));
  gtk_widget_set_visible (GTK_WIDGET (self->settings_row), admin);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.invite", admin && self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.organization-settings", admin && self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", organization != NULL);
  (void) owner;

  /* A page that is no longer allowed gives way to the members */
  if (selected == NULL || !gtk_widget_get_visible (GTK_WIDGET (selected)))
    gtk_list_box_select_row (self->navigation_list,
                             organization != NULL ? self->members_row : self->account_row);
  else
    navigation_row_selected_cb (self, selected);
}

/* A member sees API keys only with the API permission */
static void
find_own_grant (VdWindow *self)
{
  VdUser *user = self->account ? vd_account_get_user (self->account) : NULL;
  GListModel *members;
  guint n;

  self->has_api_grant = FALSE;
  if (self->store == NULL || user == NULL)
    return;

  members = vd_organization_store_get_members (self->store);
  n = g_list_model_get_n_items (members);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (members, i);

      if (g_strcmp0 (vd_member_get_user_id (member), vd_user_get_id (user)) == 0)
        {
          self->has_api_grant = vd_permissions_get_api (vd_member_get_permissions (member));
          break;
        }
    }
}

static void
store_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  VdWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_organization_store_load_finish (VD_ORGANIZATION_STORE (object), result, &error))
    {
      vd_ui_toast_error (GTK_WIDGET (self), error);
      return;
    }

  if (VD_ORGANIZATION_STORE (object) != self->store)
    return;

  if (!manages (self))
    {
      find_own_grant (self);
      update_page_visibility (self);
    }
}

static void
invitations_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vd_organization_store_load_invitations_finish (VD_ORGANIZATION_STORE (object), result, &error))
    vd_ui_toast_error (GTK_WIDGET (user_data), error);
}

static void
received_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The sidebar simply shows none: not worth a toast */
  if (!vd_account_finish (VD_ACCOUNT (object), result, &error) && !vd_ui_is_cancelled (error))
    g_debug ("Invitations to the person: %s", error->message);
}

static void
show_organization (VdWindow *self)
{
  VdOrganization *organization = current_organization (self);
  GListModel *organizations = vd_account_get_organizations (self->account);
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  self->has_api_grant = FALSE;

  if (organization != NULL)
    {
      self->store = vd_organization_store_new (vd_account_get_client (self->account),
                                               vd_organization_get_id (organization));
      g_signal_connect_object (self->store, "notify::members-total", G_CALLBACK (update_title), self,
                               G_CONNECT_SWAPPED);
      vd_organization_store_load_async (self->store, self->cancellable, store_loaded_cb, self);
      if (manages (self))
        vd_organization_store_load_invitations_async (self->store, self->cancellable, invitations_loaded_cb, self);
    }

  vd_members_page_set_store (self->members_page, self->store);
  vd_invitations_page_set_store (self->invitations_page, manages (self) ? self->store : NULL);
  vd_audit_page_set_store (self->audit_page, manages (self) ? self->store : NULL);
  vd_api_keys_page_set_store (self->api_keys_page, self->store);
  vd_account_page_set_account (self->account_page, self->account);

  /* The switcher shows the current organization without switching again */
  self->switching = TRUE;
  gtk_drop_down_set_model (self->organization_dropdown, organizations);
  if (organization != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (organizations); i++)
      {
        g_autoptr(VdOrganization) item = g_list_model_get_item (organizations, i);

        if (item == organization)
          position = i;
      }
  gtk_drop_down_set_selected (self->organization_dropdown, position);
  gtk_widget_set_visible (GTK_WIDGET (self->organization_dropdown), organization != NULL);
  self->switching = FALSE;

  vd_account_load_received_async (self->account, self->cancellable, received_loaded_cb, self);

  update_page_visibility (self);
  update_title (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

/* --- Invitations to the person ----------------------------------------- */

typedef struct
{
  VdWindow *window;
  char     *organization;
  gboolean  accept;
} RespondData;

static void
respond_data_free (RespondData *data)
{
  g_object_unref (data->window);
  g_free (data->organization);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RespondData, respond_data_free)

static void
responded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RespondData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error))
    {
      vd_ui_toast_error (GTK_WIDGET (data->window), error);
      return;
    }

  message = data->accept ? g_strdup_printf (_("You joined %s"), data->organization)
                         : g_strdup_printf (_("You declined the invitation to %s"), data->organization);
  toast (data->window, message);

  /* The first organization of someone who had none */
  if (data->accept && current_organization (data->window) == NULL)
    show_organization (data->window);
}

static void
respond_clicked_cb (GtkButton *button,
                    VdWindow  *self)
{
  VdInvitation *invitation = g_object_get_data (G_OBJECT (button), "invitation");
  gboolean accept = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "accept"));
  RespondData *data = g_new0 (RespondData, 1);

  data->window = g_object_ref (self);
  data->organization = g_strdup (vd_invitation_get_organization_name (invitation));
  data->accept = accept;
  gtk_widget_set_sensitive (gtk_widget_get_parent (GTK_WIDGET (button)), FALSE);
  vd_account_respond_invitation_async (self->account, vd_invitation_get_token (invitation), accept,
                                       self->cancellable, responded_cb, data);
}

static GtkWidget *
create_received_row (gpointer item,
                     gpointer user_data)
{
  VdWindow *self = user_data;
  VdInvitation *invitation = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (vd_invitation_get_organization_name (invitation));
  const char *inviter = vd_invitation_get_inviter_name (invitation);
  g_autofree char *detail = NULL;
  GtkWidget *detail_label;
  GtkWidget *accept = gtk_button_new_with_mnemonic (_("_Accept"));
  GtkWidget *reject = gtk_button_new_with_mnemonic (_("_Reject"));
  g_autofree char *accept_name = g_strdup_printf (_("Accept the invitation to %s"),
                                                  vd_invitation_get_organization_name (invitation));
  g_autofree char *reject_name = g_strdup_printf (_("Reject the invitation to %s"),
                                                  vd_invitation_get_organization_name (invitation));

  if (inviter != NULL && *inviter != '\0')
    detail = g_strdup_printf (_("As %s, from %s"), vd_role_get_label (vd_invitation_get_role (invitation)), inviter);
  else
    detail = g_strdup_printf (_("As %s"), vd_role_get_label (vd_invitation_get_role (invitation)));
  detail_label = gtk_label_new (detail);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
  gtk_label_set_wrap (GTK_LABEL (detail_label), TRUE);
  gtk_widget_add_css_class (detail_label, "caption");
  gtk_widget_add_css_class (detail_label, "dim-label");

  gtk_widget_add_css_class (accept, "suggested-action");
  gtk_widget_add_css_class (accept, "small");
  gtk_widget_add_css_class (reject, "small");
  /* Named by their words; which invitation, in their description (a label
   * property would be read before the words: "Accept the invitation to
   * … Accept") */
  vd_ui_button_name_from_text (GTK_BUTTON (accept));
  vd_ui_button_name_from_text (GTK_BUTTON (reject));
  gtk_accessible_update_property (GTK_ACCESSIBLE (accept), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accept_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (reject), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reject_name, -1);
  g_object_set_data_full (G_OBJECT (accept), "invitation", g_object_ref (invitation), g_object_unref);
  g_object_set_data_full (G_OBJECT (reject), "invitation", g_object_ref (invitation), g_object_unref);
  g_object_set_data (G_OBJECT (accept), "accept", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (accept, "clicked", G_CALLBACK (respond_clicked_cb), self, 0);
  g_signal_connect_object (reject, "clicked", G_CALLBACK (respond_clicked_cb), self, 0);

  gtk_box_append (GTK_BOX (buttons), accept);
  gtk_box_append (GTK_BOX (buttons), reject);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail_label);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

static void
received_changed_cb (VdWindow *self)
{
  GListModel *received = vd_account_get_received_invitations (self->account);
  gboolean any = g_list_model_get_n_items (received) > 0;

  gtk_widget_set_visible (self->received_heading, any);
  gtk_widget_set_visible (GTK_WIDGET (self->received_list), any);
}

/* --- The account --------------------------------------------------------- */

static void
account_signed_out_cb (VdWindow     *self,
                       const GError *reason)
{
  g_autofree char *message = NULL;

  if (reason == NULL)
    {
      /* Signed out here: back to the sign-in page */
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_clear_object (&self->store);
      vd_members_page_set_store (self->members_page, NULL);
      vd_invitations_page_set_store (self->invitations_page, NULL);
      vd_audit_page_set_store (self->audit_page, NULL);
      vd_api_keys_page_set_store (self->api_keys_page, NULL);
      vd_account_page_set_account (self->account_page, NULL);
      show_banner (self, BANNER_NONE, NULL);
      offer_last_email (self);
      gtk_stack_set_visible_child_name (self->stack, "sign-in");
      return;
    }

  /* The server ended the session: keep the page and what was typed */
  message = g_strdup_printf (_("You are signed out: %s"), reason->message);
  show_banner (self, BANNER_SIGNED_OUT, message);
  vd_sign_in_page_show_error (self->sign_in_page, reason->message);
}

static void
organizations_changed_cb (VdWindow *self)
{
  /* Joined a first organization. (A list emptied because the session
   * ended keeps the page as it is, under the banner.) */
  if (self->account != NULL && vd_account_get_signed_in (self->account) &&
      self->store == NULL && current_organization (self) != NULL)
    show_organization (self);
}

static void
adopt_account (VdWindow  *self,
               VdAccount *account)
{
  if (self->account == account)
    return;

  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->account, self);
      g_signal_handlers_disconnect_by_data (vd_account_get_organizations (self->account), self);
      g_signal_handlers_disconnect_by_data (vd_account_get_received_invitations (self->account), self);
    }
  g_set_object (&self->account, account);

  g_signal_connect_object (account, "signed-out", G_CALLBACK (account_signed_out_cb), self, G_CONNECT_SWAPPED);
  /* After the switcher's own selection has followed the change */
  g_signal_connect_object (vd_account_get_organizations (account), "items-changed",
                           G_CALLBACK (organizations_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (vd_account_get_received_invitations (account), "items-changed",
                           G_CALLBACK (received_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->received_list, vd_account_get_received_invitations (account),
                           create_received_row, self, NULL);
  received_changed_cb (self);
}

static void
signed_in_cb (VdWindow  *self,
              VdAccount *account)
{
  const char *url = vd_client_get_base_url (vd_account_get_client (account));
  VdUser *user = vd_account_get_user (account);

  /* Offered again next time; the default server is remembered as '' */
  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "last-server", g_strcmp0 (url, DEFAULT_SERVER_URL) == 0 ? "" : url);
      if (user != NULL)
        g_settings_set_string (self->settings, "last-email", vd_user_get_email (user));
    }

  show_banner (self, BANNER_NONE, NULL);
  adopt_account (self, account);
  show_organization (self);
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VdWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (vd_account_restore_finish (VD_ACCOUNT (object), result, &error))
    {
      gtk_spinner_stop (self->restore_spinner);
      adopt_account (self, VD_ACCOUNT (object));
      show_organization (self);
      return;
    }

  if (vd_ui_is_cancelled (error))
    return;

  gtk_spinner_stop (self->restore_spinner);
  if (error != NULL)
    vd_sign_in_page_show_error (self->sign_in_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
}

static void
switched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VdWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_account_switch_finish (VD_ACCOUNT (object), result, &error))
    {
      vd_ui_toast_error (GTK_WIDGET (self), error);
      return;
    }

  show_organization (self);
}

static void
organization_selected_cb (VdWindow *self)
{
  VdOrganization *organization = gtk_drop_down_get_selected_item (self->organization_dropdown);

  if (self->switching || organization == NULL || self->account == NULL ||
      organization == current_organization (self))
    return;

  vd_account_switch_async (self->account, organization, self->cancellable, switched_cb, self);
}

/* --- Actions ------------------------------------------------------------- */

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VdWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_account_reload_finish (VD_ACCOUNT (object), result, &error))
    {
      vd_ui_toast_error (GTK_WIDGET (self), error);
      return;
    }

  if (self->banner == BANNER_OFFLINE)
    show_banner (self, BANNER_NONE, NULL);
  show_organization (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdWindow *self = VD_WINDOW (widget);

  if (self->account != NULL && vd_account_get_signed_in (self->account))
    vd_account_reload_async (self->account, self->cancellable, reloaded_cb, self);
}

static void
banner_button_clicked_cb (VdWindow *self)
{
  if (self->banner == BANNER_OFFLINE)
    reload_action (GTK_WIDGET (self), "win.reload", NULL);
  else
    gtk_stack_set_visible_child_name (self->stack, "sign-in");
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  vd_account_sign_out_finish (VD_ACCOUNT (object), result, NULL);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VdWindow *self = VD_WINDOW (widget);

  if (self->account != NULL)
    vd_account_sign_out_async (self->account, NULL, signed_out_cb, NULL);
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdWindow *self = VD_WINDOW (widget);

  if (self->store != NULL && manages (self))
    {
      VdInviteDialog *dialog = vd_invite_dialog_new (GTK_WINDOW (self), self->store);

      /* Admins invite members only */
      vd_invite_dialog_set_inviter_role (dialog, vd_organization_get_role (current_organization (self)));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VdWindow *self = VD_WINDOW (widget);

  if (self->account != NULL)
    gtk_window_present (GTK_WINDOW (vd_join_dialog_new (GTK_WINDOW (self), self->account, NULL)));
}

static void
organization_settings_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  VdWindow *self = VD_WINDOW (widget);

  if (self->store != NULL)
    gtk_window_present (GTK_WINDOW (vd_organization_settings_new (GTK_WINDOW (self), self->account, self->store)));
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdOrganization) organization = NULL;
  g_autofree char *message = NULL;

  organization = vd_account_create_organization_finish (VD_ACCOUNT (object), result, &error);
  if (organization == NULL)
    {
      vd_ui_toast_error (GTK_WIDGET (self), error);
      return;
    }

  message = g_strdup_printf (_("%s created"), vd_organization_get_name (organization));
  toast (self, message);
  vd_account_switch_async (self->account, organization, self->cancellable, switched_cb, self);
}

static void
create_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    VdWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "create") != 0 || *name == '\0' || self->account == NULL)
    return;

  vd_account_create_organization_async (self->account, name, self->cancellable, created_cb, g_object_ref (self));
}

static void
create_name_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "create", *name != '\0');
}

static void
create_activate_cb (GtkEntry         *entry,
                    AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "create"))
    adw_message_dialog_response (dialog, "create");
}

static void
create_organization_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  VdWindow *self = VD_WINDOW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (self->account == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Create Organization"),
                                                       _("You will be its owner, and can invite your team next.")));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Organization name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Organization name"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "create", _("C_reate"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "create", FALSE);
  adw_message_dialog_set_default_response (dialog, "create");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (create_name_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (create_activate_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (create_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (VD_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VdWindow *self = VD_WINDOW (widget);

  if (vd_window_show_page (self, g_variant_get_string (parameter, NULL)))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdWindow *self = VD_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->page_stack);
  GtkWidget *entry = page ? vd_ui_find_descendant (page, GTK_TYPE_SEARCH_ENTRY) : NULL;

  /* The page's own search, or the members' */
  if (entry == NULL && vd_window_show_page (self, "members"))
    entry = vd_ui_find_descendant (GTK_WIDGET (self->members_page), GTK_TYPE_SEARCH_ENTRY);

  if (entry != NULL)
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      gtk_widget_grab_focus (entry);
    }
}

/* --- GObject ------------------------------------------------------------- */

static void
vd_window_constructed (GObject *object)
{
  VdWindow *self = VD_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) client = NULL;
  g_autoptr(VdAccount) account = NULL;

  G_OBJECT_CLASS (vd_window_parent_class)->constructed (object);

  /* No server asked for: the one signed in to last */
  if (self->settings != NULL && g_strcmp0 (self->server_url, DEFAULT_SERVER_URL) == 0)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-server");

      if (*last != '\0')
        {
          g_free (self->server_url);
          self->server_url = g_steal_pointer (&last);
        }
    }

  g_object_set (self->sign_in_page, "credentials", self->credentials, NULL);
  vd_sign_in_page_set_server_url (self->sign_in_page, self->server_url);
  offer_last_email (self);

  /* A session remembered for this server skips the sign-in page */
  client = vd_client_new (self->server_url, &error);
  if (client == NULL || self->credentials == NULL)
    {
      if (error != NULL)
        vd_sign_in_page_show_error (self->sign_in_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "sign-in");
      return;
    }

  account = vd_account_new (client, self->credentials);
  gtk_stack_set_visible_child_name (self->stack, "restoring");
  gtk_spinner_start (self->restore_spinner);
  vd_account_restore_async (account, self->cancellable, restored_cb, self);
}

static void
vd_window_dispose (GObject *object)
{
  VdWindow *self = VD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->account != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->account, self);
      g_signal_handlers_disconnect_by_data (vd_account_get_organizations (self->account), self);
      g_signal_handlers_disconnect_by_data (vd_account_get_received_invitations (self->account), self);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->network_monitor, self);
  if (self->received_list != NULL)
    gtk_list_box_bind_model (self->received_list, NULL, NULL, NULL, NULL);
  if (self->organization_dropdown != NULL)
    g_signal_handlers_disconnect_by_data (self->organization_dropdown, self);
  g_clear_object (&self->store);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_WINDOW);

  G_OBJECT_CLASS (vd_window_parent_class)->dispose (object);
}

static void
vd_window_finalize (GObject *object)
{
  VdWindow *self = VD_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (vd_window_parent_class)->finalize (object);
}

static void
vd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VdWindow *self = VD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_CREDENTIALS:
      g_value_set_object (value, self->credentials);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VdWindow *self = VD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_free (self->server_url);
      self->server_url = g_value_dup_string (value);
      break;

    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
vd_window_close_request (GtkWindow *window)
{
  VdWindow *self = VD_WINDOW (window);
  int width, height;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (vd_window_parent_class)->close_request (window);
}

static void
vd_window_class_init (VdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  static const struct { guint key; const char *page; } page_keys[] = {
    { GDK_KEY_1, "members" },
    { GDK_KEY_2, "invitations" },
    { GDK_KEY_3, "audit" },
    { GDK_KEY_4, "api-keys" },
    { GDK_KEY_5, "account" },
  };

  object_class->constructed = vd_window_constructed;
  object_class->dispose = vd_window_dispose;
  object_class->finalize = vd_window_finalize;
  object_class->get_property = vd_window_get_property;
  object_class->set_property = vd_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = vd_window_close_request;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, DEFAULT_SERVER_URL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, VD_TYPE_CREDENTIALS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VD_TYPE_SIGN_IN_PAGE);
  g_type_ensure (VD_TYPE_MEMBERS_PAGE);
  g_type_ensure (VD_TYPE_INVITATIONS_PAGE);
  g_type_ensure (VD_TYPE_AUDIT_PAGE);
  g_type_ensure (VD_TYPE_API_KEYS_PAGE);
  g_type_ensure (VD_TYPE_ACCOUNT_PAGE);
  g_type_ensure (VD_TYPE_ORGANIZATION);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-window.ui");
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "vd_window_role_label", G_CALLBACK (vd_window_role_label),
                                           "signed_in_cb", G_CALLBACK (signed_in_cb),
                                           "navigation_row_selected_cb", G_CALLBACK (navigation_row_selected_cb),
                                           "navigation_row_activated_cb", G_CALLBACK (navigation_row_activated_cb),
                                           "banner_button_clicked_cb", G_CALLBACK (banner_button_clicked_cb),
                                           NULL);
  gtk_widget_class_set_template_scope (widget_class, scope);

  gtk_widget_class_bind_template_child (widget_class, VdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, restore_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, content);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, organization_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, navigation_list);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, members_row);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, invitations_row);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, audit_row);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, api_keys_row);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, settings_row);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, received_heading);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, received_list);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, members_page);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, invitations_page);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, audit_page);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, api_keys_page);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, account_page);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.invite", NULL, invite_action);
  gtk_widget_class_install_action (widget_class, "win.join", NULL, join_action);
  gtk_widget_class_install_action (widget_class, "win.create-organization", NULL, create_organization_action);
  gtk_widget_class_install_action (widget_class, "win.organization-settings", NULL, organization_settings_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.invite", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, page_keys[i].key, GDK_ALT_MASK,
                                         "win.show-page", "s", page_keys[i].page);
}

static void
vd_window_init (VdWindow *self)
{
  GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = schemas ? g_settings_schema_source_lookup (schemas, "com.vidinfra.Admin", TRUE)
                                              : NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The size it had when last closed (the schema is optional: a build
   * tree run without it simply starts at the default size) */
  if (schema != NULL)
    {
      self->settings = g_settings_new ("com.vidinfra.Admin");
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  /* Tab past the pages' list: a row that gets the focus is selected, and
   * Tab would switch to each page in turn (the arrows move in the list) */
  vd_ui_set_single_tab_stop (GTK_WIDGET (self->navigation_list));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->organization_dropdown, "notify::selected-item",
                           G_CALLBACK (organization_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->page_stack, "notify::visible-child",
                           G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);

  self->network_monitor = g_network_monitor_get_default ();
  g_signal_connect_object (self->network_monitor, "notify::network-available",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);
  network_changed_cb (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.invite", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.organization-settings", FALSE);

  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Whole-window frames (a sort, a search's first result) without fresh
   * shared memory to fault in, on X11 with the cairo renderer */
  vd_frame_memory_keep (GTK_WINDOW (self));
}

VdWindow *
vd_window_new (VdApplication *application,
               const char    *server_url)
{
  return g_object_new (VD_TYPE_WINDOW,
                       "application", application,
                       "server-url", server_url,
                       "credentials", vd_application_get_credentials (application),
                       NULL);
}

void
vd_window_sign_in (VdWindow   *self,
                   const char *email,
                   const char *password)
{
  g_return_if_fail (VD_IS_WINDOW (self));

  /* A restore still under way gives way to this */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_spinner_stop (self->restore_spinner);

  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  vd_sign_in_page_sign_in (self->sign_in_page, email, password);
}

void
vd_window_sign_in_to (VdWindow   *self,
                      const char *server_url,
                      const char *email,
                      const char *password)
{
  g_return_if_fail (VD_IS_WINDOW (self));

  vd_sign_in_page_set_server_url (self->sign_in_page, server_url);
  vd_window_sign_in (self, email, password);
}

VdAccount *
vd_window_get_account (VdWindow *self)
{
  g_return_val_if_fail (VD_IS_WINDOW (self), NULL);

  return self->account;
}

VdOrganizationStore *
vd_window_get_store (VdWindow *self)
{
  g_return_val_if_fail (VD_IS_WINDOW (self), NULL);

  return self->store;
}

const char *
vd_window_get_mode (VdWindow *self)
{
  g_return_val_if_fail (VD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
