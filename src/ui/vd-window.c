/* vd-window.c — the main window: signing in, then the organization's members
 *
 * The window owns the account of the server it shows (VdAccount over one
 * VdClient) and the store of the current organization. A session kept in the
 * keyring is restored on start; a session the server ends brings back the
 * sign-in page with what the person had typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-account.h"
#include "vd-invitations-page.h"
#include "vd-members-page.h"
#include "vd-organization-store.h"
#include "vd-window.h"

struct _VdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwEntryRow          *server_row;
  AdwEntryRow          *email_row;
  AdwPasswordEntryRow  *password_row;
  GtkLabel             *error_label;
  GtkButton            *sign_in_button;
  GtkSpinner           *sign_in_spinner;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStackPage     *invitations_stack_page;
  VdInvitationsPage    *invitations_page;
  GtkDropDown          *organization_dropdown;
  VdMembersPage        *members_page;

  char                 *server_url;
  VdCredentials        *credentials;
  VdAccount            *account;
  VdOrganizationStore  *store;
  GCancellable         *cancellable;
  gboolean              switching;
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
set_busy (VdWindow *self,
          gboolean  busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_spinner), busy);
  gtk_spinner_set_spinning (self->sign_in_spinner, busy);
}

static void
show_error (VdWindow   *self,
            const char *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
toast (VdWindow   *self,
       const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
update_title (VdWindow *self)
{
  VdOrganization *organization = self->account ? vd_account_get_current_organization (self->account) : NULL;
  guint total = self->store ? vd_organization_store_get_members_total (self->store) : 0;
  g_autofree char *subtitle = NULL;

  if (organization == NULL)
    {
      adw_view_switcher_title_set_subtitle (self->switcher_title, "");
      return;
    }

  subtitle = g_strdup_printf (ngettext ("%s · %u member", "%s · %u members", total),
                              vd_organization_get_name (organization), total);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
}

static void
store_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vd_organization_store_load_finish (VD_ORGANIZATION_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      toast (VD_WINDOW (user_data), error->message);
    }
}

static void
invitations_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vd_organization_store_load_invitations_finish (VD_ORGANIZATION_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (VD_WINDOW (user_data), error->message);
}

static void
show_organization (VdWindow *self)
{
  VdOrganization *organization = vd_account_get_current_organization (self->account);
  GListModel *organizations = vd_account_get_organizations (self->account);
  guint position = GTK_INVALID_LIST_POSITION;
  gboolean manages;

  g_clear_object (&self->store);
  if (organization != NULL)
    {
      self->store = vd_organization_store_new (vd_account_get_client (self->account),
                                               vd_organization_get_id (organization));
      g_signal_connect_object (self->store, "notify::members-total", G_CALLBACK (update_title), self,
                               G_CONNECT_SWAPPED);
      vd_organization_store_load_async (self->store, self->cancellable, store_loaded_cb, self);
    }
  vd_members_page_set_store (self->members_page, self->store);
  vd_invitations_page_set_store (self->invitations_page, self->store);

  /* Only owners and admins see and manage the invitations */
  manages = organization != NULL && (vd_organization_get_role (organization) == VD_ROLE_OWNER ||
                                     vd_organization_get_role (organization) == VD_ROLE_ADMIN);
  adw_view_stack_page_set_visible (self->invitations_stack_page, manages);
  if (manages)
    vd_organization_store_load_invitations_async (self->store, self->cancellable, invitations_loaded_cb, self);

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
  self->switching = FALSE;

  update_title (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static void
account_signed_out_cb (VdWindow     *self,
                       const GError *reason)
{
  g_clear_object (&self->store);
  vd_members_page_set_store (self->members_page, NULL);
  vd_invitations_page_set_store (self->invitations_page, NULL);
  gtk_stack_set_visible_child_name (self->stack, "sign-in");

  /* The server ended the session: say why, keep what was typed */
  if (reason != NULL)
    show_error (self, reason->message);
}

/* A client and an account for the server in the Server field */
static gboolean
ensure_account (VdWindow  *self,
                GError   **error)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  g_autoptr(VdClient) client = NULL;

  if (self->account != NULL &&
      g_strcmp0 (vd_client_get_base_url (vd_account_get_client (self->account)), url) == 0)
    return TRUE;

  client = vd_client_new (url, error);
  if (client == NULL)
    return FALSE;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  self->account = vd_account_new (client, self->credentials);
  g_signal_connect_object (self->account, "signed-out", G_CALLBACK (account_signed_out_cb), self,
                           G_CONNECT_SWAPPED);
  return TRUE;
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VdWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_account_sign_in_finish (VD_ACCOUNT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, FALSE);
      if (vd_api_error_get_retry_after (error) > 0)
        {
          g_autofree char *message =
            g_strdup_printf (ngettext ("Too many attempts. Try again in %u second.",
                                       "Too many attempts. Try again in %u seconds.",
                                       vd_api_error_get_retry_after (error)),
                             vd_api_error_get_retry_after (error));
          show_error (self, message);
        }
      else
        show_error (self, error->message);
      return;
    }

  set_busy (self, FALSE);
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_organization (self);
}

static void
sign_in_cb (VdWindow *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(GError) error = NULL;

  if (*email == '\0' || *password == '\0')
    {
      show_error (self, _("Enter your email address and your password."));
      gtk_widget_grab_focus (GTK_WIDGET (*email == '\0' ? (GtkWidget *) self->email_row
                                                         : (GtkWidget *) self->password_row));
      return;
    }

  if (!ensure_account (self, &error))
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  show_error (self, NULL);
  set_busy (self, TRUE);
  vd_account_sign_in_async (self->account, email, password, TRUE, self->cancellable, signed_in_cb, self);
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
      set_busy (self, FALSE);
      show_organization (self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (error != NULL)
    show_error (self, error->message);
  gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  show_organization (self);
}

static void
organization_selected_cb (VdWindow *self)
{
  VdOrganization *organization = gtk_drop_down_get_selected_item (self->organization_dropdown);

  if (self->switching || organization == NULL || self->account == NULL ||
      organization == vd_account_get_current_organization (self->account))
    return;

  vd_account_switch_async (self->account, organization, self->cancellable, switched_cb, self);
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VdWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_account_reload_finish (VD_ACCOUNT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

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
vd_window_constructed (GObject *object)
{
  VdWindow *self = VD_WINDOW (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (vd_window_parent_class)->constructed (object);

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), self->server_url);

  /* A session remembered for this server skips the sign-in page */
  if (ensure_account (self, &error))
    {
      set_busy (self, TRUE);
      vd_account_restore_async (self->account, self->cancellable, restored_cb, self);
    }
  else
    show_error (self, error->message);
}

static void
vd_window_dispose (GObject *object)
{
  VdWindow *self = VD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
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

static void
vd_window_class_init (VdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vd_window_constructed;
  object_class->dispose = vd_window_dispose;
  object_class->finalize = vd_window_finalize;
  object_class->get_property = vd_window_get_property;
  object_class->set_property = vd_window_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, DEFAULT_SERVER_URL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, VD_TYPE_CREDENTIALS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VD_TYPE_MEMBERS_PAGE);
  g_type_ensure (VD_TYPE_INVITATIONS_PAGE);
  g_type_ensure (VD_TYPE_ORGANIZATION);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, email_row);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, sign_in_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, invitations_stack_page);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, invitations_page);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, organization_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, members_page);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cb);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);
}

static void
vd_window_init (VdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->organization_dropdown, "notify::selected-item",
                           G_CALLBACK (organization_selected_cb), self, G_CONNECT_SWAPPED);

  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
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

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  sign_in_cb (self);
}
