/* vd-organization-settings.c — "Organization Settings": rename the
 * organization, and (owners only) transfer its ownership
 *
 * The window follows the VdOrganization through notify: a rename shows
 * wherever its name is bound, and after a transfer the caller's role turns
 * to admin, which hides the transfer and says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-organization-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-organization-settings.h"
#include "vd-ui-util.h"

struct _VdOrganizationSettings
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *name_group;
  AdwEntryRow         *name_row;
  GtkSpinner          *rename_spinner;
  GtkWidget           *rename_button;
  GtkLabel            *name_error;
  GtkWidget           *transfer_group;
  AdwComboRow         *member_row;
  GtkLabel            *transfer_error;
  GtkWidget           *transfer_box;
  GtkSpinner          *transfer_spinner;
  GtkWidget           *not_owner_group;
  AdwActionRow        *not_owner_row;

  VdAccount           *account;
  VdOrganizationStore *store;
  VdOrganization      *organization;
  GtkFilterListModel  *candidates;     /* members who could become owner */
  GCancellable        *cancellable;
  gboolean             renaming;
  gboolean             transferring;
};

G_DEFINE_FINAL_TYPE (VdOrganizationSettings, vd_organization_settings, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static VdRole
caller_role (VdOrganizationSettings *self)
{
  return self->organization ? vd_organization_get_role (self->organization) : VD_ROLE_UNKNOWN;
}

static char *
trimmed_name (VdOrganizationSettings *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

static VdMember *
selected_member (VdOrganizationSettings *self)
{
  return adw_combo_row_get_selected_item (self->member_row);
}

/* What may be pressed now, and what is said instead of what may not */
static void
update_state (VdOrganizationSettings *self)
{
  VdRole role = caller_role (self);
  gboolean manages = vd_role_manages (role);
  g_autofree char *name = trimmed_name (self);
  const char *current = self->organization ? vd_organization_get_name (self->organization) : "";
  gboolean changed = *name != '\0' && g_strcmp0 (name, current) != 0;

  adw_window_title_set_subtitle (self->window_title, current);

  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), manages);
  adw_preferences_group_set_description (self->name_group,
                                         manages ? NULL
                                                 : _("Only owners and admins can rename the organization."));
  gtk_widget_set_visible (self->rename_button, manages && !self->renaming);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.rename", manages && changed && !self->renaming);
  gtk_widget_set_visible (GTK_WIDGET (self->rename_spinner), self->renaming);
  gtk_spinner_set_spinning (self->rename_spinner, self->renaming);

  /* Only the owner transfers; others are told who can */
  /* (its box with the error below it, so that no spacing is left behind) */
  gtk_widget_set_visible (gtk_widget_get_parent (self->transfer_group), role == VD_ROLE_OWNER);
  gtk_widget_set_visible (self->transfer_box, role == VD_ROLE_OWNER);
  gtk_widget_set_visible (self->not_owner_group, role != VD_ROLE_OWNER);
  if (role != VD_ROLE_OWNER)
    {
      VdMember *owner = NULL;

      if (self->store != NULL && self->organization != NULL)
        owner = vd_organization_store_lookup_member (self->store, vd_organization_get_owner_id (self->organization));
      /* owner-id is a user id: look for the member with it */
      if (owner == NULL && self->store != NULL && self->organization != NULL)
        {
          GListModel *members = vd_organization_store_get_members (self->store);

          for (guint i = 0; i < g_list_model_get_n_items (members) && owner == NULL; i++)
            {
              g_autoptr(VdMember) member = g_list_model_get_item (members, i);

              if (g_strcmp0 (vd_member_get_user_id (member), vd_organization_get_owner_id (self->organization)) == 0)
                owner = member;
            }
        }

      if (owner != NULL)
        {
          g_autofree char *subtitle = g_strdup_printf (_("Ask %s, the owner, if it needs to change hands."),
                                                       vd_member_get_display_name (owner));
          adw_action_row_set_subtitle (self->not_owner_row, subtitle);
        }
      else
        adw_action_row_set_subtitle (self->not_owner_row, _("Ask the owner if it needs to change hands."));
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->member_row), !self->transferring);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.transfer",
                                 role == VD_ROLE_OWNER && selected_member (self) != NULL && !self->transferring);
  gtk_widget_set_visible (GTK_WIDGET (self->transfer_spinner), self->transferring);
  gtk_spinner_set_spinning (self->transfer_spinner, self->transferring);
}

/* In this window's own overlay */
static void
toast (VdOrganizationSettings *self,
       const char             *message)
{
  vd_ui_toast (GTK_WIDGET (self->name_row), message);
}


/* Rename */

/* What to say about the name the server refused, or NULL */
static const char *
name_error_message (const GError *error)
{
  if (!g_error_matches (error, VD_API_ERROR, VD_API_ERROR_VALIDATION))
    return NULL;

  for (guint i = 0; i < vd_api_error_get_n_fields (error); i++)
    {
      const char *code = vd_api_error_get_field_code (error, i);

      if (g_strcmp0 (vd_api_error_get_field (error, i), "name") != 0)
        continue;
      if (g_strcmp0 (code, "too_long") == 0)
        return _("This name is too long: use at most 255 characters.");
      if (g_strcmp0 (code, "required") == 0 || g_strcmp0 (code, "too_short") == 0)
        return _("Enter a name for the organization.");
      return vd_api_error_lookup_field (error, "name");
    }

  return NULL;
}

static void
renamed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VdOrganizationSettings *self;
  const char *field_message;

  if (!vd_account_rename_organization_finish (VD_ACCOUNT (object), result, &error) && vd_ui_is_cancelled (error))
    return;

  self = VD_ORGANIZATION_SETTINGS (user_data);
  self->renaming = FALSE;

  if (error == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Renamed to %s"), vd_organization_get_name (self->organization));

      vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row), NULL);
      toast (self, message);
    }
  else
    {
      /* The text stays as typed: Rename again to retry */
      field_message = name_error_message (error);
      if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_FORBIDDEN))
        vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row),
                    _("Your role no longer allows renaming the organization."));
      else
        vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row), field_message ? field_message : error->message);
    }

  update_state (self);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdOrganizationSettings *self = VD_ORGANIZATION_SETTINGS (widget);
  g_autofree char *name = trimmed_name (self);

  if (self->renaming || self->organization == NULL)
    return;

  if (*name == '\0')
    {
      vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row), _("Enter a name for the organization."));
      return;
    }

  self->renaming = TRUE;
  vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row), NULL);
  update_state (self);
  vd_account_rename_organization_async (self->account, self->organization, name, self->cancellable,
                                        renamed_cb, self);
}

static void
name_activated_cb (VdOrganizationSettings *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "settings.rename", NULL);
}

/* Typing again: the old error no longer applies */
static void
name_changed_cb (VdOrganizationSettings *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->name_error)) && !self->renaming)
    vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row), NULL);
  update_state (self);
}

/* Renamed elsewhere (or by us): follow, unless the person is typing a new name */
static void
organization_name_changed_cb (VdOrganizationSettings *self)
{
  const char *old = g_object_get_data (G_OBJECT (self), "shown-name");
  g_autofree char *name = trimmed_name (self);

  if (g_strcmp0 (name, old) == 0 || self->renaming || *name == '\0' ||
      g_strcmp0 (name, vd_organization_get_name (self->organization)) == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), vd_organization_get_name (self->organization));
  g_object_set_data_full (G_OBJECT (self), "shown-name", g_strdup (vd_organization_get_name (self->organization)), g_free);
  update_state (self);
}


/* Transfer */

static void
transferred_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VdOrganizationSettings *self;
  VdMember *member;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error) && vd_ui_is_cancelled (error))
    return;

  self = VD_ORGANIZATION_SETTINGS (user_data);
  self->transferring = FALSE;
  member = g_object_get_data (G_OBJECT (self), "new-owner");

  if (error == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s is now the owner"), vd_member_get_display_name (member));

      vd_ui_set_field_error (self->transfer_error, NULL, NULL);
      toast (self, message);
      /* The roles changed on both sides: the members list shows them */
      if (self->store != NULL)
        vd_organization_store_load_async (self->store, self->cancellable, NULL, NULL);
    }
  else
    vd_ui_set_field_error (self->transfer_error, NULL, error->message);

  g_object_set_data (G_OBJECT (self), "new-owner", NULL);
  update_state (self);
}

static void
transfer_response_cb (AdwMessageDialog       *dialog,
                      const char             *response,
                      VdOrganizationSettings *self)
{
  VdMember *member = g_object_get_data (G_OBJECT (dialog), "member");

  if (!g_str_equal (response, "transfer") || self->transferring || self->organization == NULL)
    return;

  self->transferring = TRUE;
  g_object_set_data_full (G_OBJECT (self), "new-owner", g_object_ref (member), g_object_unref);
  vd_ui_set_field_error (self->transfer_error, NULL, NULL);
  update_state (self);
  vd_account_transfer_ownership_async (self->account, self->organization, vd_member_get_id (member),
                                       self->cancellable, transferred_cb, self);
}

/* It cannot be taken back by the one who gives it: ask, naming them */
static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VdOrganizationSettings *self = VD_ORGANIZATION_SETTINGS (widget);
  VdMember *member = selected_member (self);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (member == NULL || self->organization == NULL)
    return;

  heading = g_strdup_printf (_("Make %s the Owner?"), vd_member_get_display_name (member));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s (%s) will own %s and can do everything in it. "
                                    "You will become an admin: only the new owner can give ownership back."),
                                  vd_member_get_display_name (member), vd_member_get_email (member),
                                  vd_organization_get_name (self->organization));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "transfer", _("_Transfer Ownership"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "transfer", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "member", g_object_ref (member), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (transfer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "Bruno Díaz (bruno@example.com)" */
static char *
member_label (VdMember *member)
{
  const char *name, *email;

  if (member == NULL)
    return NULL;

  name = vd_member_get_display_name (member);
  email = vd_member_get_email (member);
  if (g_str_equal (name, email))
    return g_strdup (email);
  return g_strdup_printf ("%s (%s)", name, email);
}

/* Anyone but the caller and the owners already */
static gboolean
candidate_filter (gpointer item,
                  gpointer user_data)
{
  VdOrganizationSettings *self = user_data;
  VdUser *user = self->account ? vd_account_get_user (self->account) : NULL;

  return vd_member_get_role (item) != VD_ROLE_OWNER &&
         (user == NULL || g_strcmp0 (vd_member_get_user_id (item), vd_user_get_id (user)) != 0);
}


/* Setup */

static void
setup (VdOrganizationSettings *self)
{
  VdOrganization *current = vd_account_get_current_organization (self->account);
  GtkCustomFilter *filter;

  /* The store's organization, as the account knows it */
  if (current != NULL && self->store != NULL &&
      g_strcmp0 (vd_organization_get_id (current), vd_organization_store_get_organization_id (self->store)) == 0)
    self->organization = g_object_ref (current);
  else if (self->store != NULL)
    {
      GListModel *organizations = vd_account_get_organizations (self->account);

      for (guint i = 0; i < g_list_model_get_n_items (organizations) && self->organization == NULL; i++)
        {
          g_autoptr(VdOrganization) organization = g_list_model_get_item (organizations, i);

          if (g_strcmp0 (vd_organization_get_id (organization),
                         vd_organization_store_get_organization_id (self->store)) == 0)
            self->organization = g_object_ref (organization);
        }
    }
  else if (current != NULL)
    self->organization = g_object_ref (current);

  if (self->organization != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), vd_organization_get_name (self->organization));
      g_object_set_data_full (G_OBJECT (self), "shown-name", g_strdup (vd_organization_get_name (self->organization)), g_free);
      g_signal_connect_object (self->organization, "notify::name", G_CALLBACK (organization_name_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->organization, "notify::role", G_CALLBACK (update_state), self,
                               G_CONNECT_SWAPPED);
    }

  filter = gtk_custom_filter_new (candidate_filter, self, NULL);
  self->candidates = gtk_filter_list_model_new (self->store ? g_object_ref (vd_organization_store_get_members (self->store)) : NULL,
                                                GTK_FILTER (filter));
  adw_combo_row_set_model (self->member_row, G_LIST_MODEL (self->candidates));
  adw_combo_row_set_selected (self->member_row, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->member_row, "notify::selected", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);

  update_state (self);
}

static void
vd_organization_settings_constructed (GObject *object)
{
  VdOrganizationSettings *self = VD_ORGANIZATION_SETTINGS (object);

  G_OBJECT_CLASS (vd_organization_settings_parent_class)->constructed (object);

  /* Built bare (as the smoke test does), it shows nothing to change */
  if (self->account != NULL)
    setup (self);
  else
    update_state (self);
}

static void
vd_organization_settings_dispose (GObject *object)
{
  VdOrganizationSettings *self = VD_ORGANIZATION_SETTINGS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_ORGANIZATION_SETTINGS);
  g_clear_object (&self->candidates);
  g_clear_object (&self->organization);
  g_clear_object (&self->store);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (vd_organization_settings_parent_class)->dispose (object);
}

static void
vd_organization_settings_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  VdOrganizationSettings *self = VD_ORGANIZATION_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_organization_settings_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  VdOrganizationSettings *self = VD_ORGANIZATION_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_organization_settings_class_init (VdOrganizationSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vd_organization_settings_constructed;
  object_class->dispose = vd_organization_settings_dispose;
  object_class->get_property = vd_organization_settings_get_property;
  object_class->set_property = vd_organization_settings_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, VD_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VD_TYPE_ORGANIZATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-organization-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, window_title);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, name_group);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, name_row);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, rename_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, rename_button);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, name_error);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, transfer_group);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, member_row);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, transfer_error);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, transfer_box);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, transfer_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, not_owner_group);
  gtk_widget_class_bind_template_child (widget_class, VdOrganizationSettings, not_owner_row);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activated_cb);

  gtk_widget_class_install_action (widget_class, "settings.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "settings.transfer", NULL, transfer_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vd_organization_settings_init (VdOrganizationSettings *self)
{
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (member_label), NULL, NULL);
  adw_combo_row_set_expression (self->member_row, expression);
  gtk_expression_unref (expression);
}

/**
 * vd_organization_settings_new:
 * @parent: (nullable): the window it is modal for
 * @account: the signed-in account
 * @store: the store of the organization to change
 */
VdOrganizationSettings *
vd_organization_settings_new (GtkWindow           *parent,
                              VdAccount           *account,
                              VdOrganizationStore *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VD_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (store == NULL || VD_IS_ORGANIZATION_STORE (store), NULL);

  return g_object_new (VD_TYPE_ORGANIZATION_SETTINGS,
                       "account", account,
                       "store", store,
                       "transient-for", parent,
                       NULL);
}
