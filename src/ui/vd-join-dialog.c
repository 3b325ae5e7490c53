/* vd-join-dialog.c — "Join an Organization": an invitation token or link,
 * what it grants, then Accept or Reject
 *
 * Two pages: the token (Continue previews it, which needs no sign-in), then
 * the preview (the organization, who invited, the role and the grants in
 * words). Every error is said inline on the page the person is looking at,
 * and what they pasted stays in the entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-join-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-join-dialog.h"
#include "vd-ui-util.h"

struct _VdJoinDialog
{
  AdwWindow     parent_instance;

  GtkWidget    *back_button;
  GtkStack     *stack;
  AdwEntryRow  *token_row;
  GtkLabel     *token_error;
  GtkSpinner   *token_spinner;
  GtkLabel     *organization_label;
  GtkLabel     *invited_label;
  AdwActionRow *role_row;
  AdwActionRow *projects_row;
  AdwActionRow *billing_row;
  AdwActionRow *api_row;
  GtkLabel     *preview_error;
  GtkWidget    *answer_box;
  GtkWidget    *accept_button;
  GtkWidget    *continue_button;
  GtkSpinner   *answer_spinner;

  VdAccount    *account;
  VdInvitation *invitation;     /* the preview */
  char         *token;          /* the token previewed */
  GCancellable *cancellable;
  gboolean      busy;
  gboolean      accepting;
};

G_DEFINE_FINAL_TYPE (VdJoinDialog, vd_join_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Tokens are base64url with a prefix ("vdi_…") */
static gboolean
is_token (const char *text)
{
  gsize length = 0;

  for (const char *p = text; *p != '\0'; p++, length++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return length >= 8;
}

static char *
token_from_uri (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_PARSE_RELAXED, NULL);
  g_auto(GStrv) segments = NULL;
  const char *query;
  const char *candidate = NULL;

  if (uri == NULL)
    return NULL;

  /* …?token=<token> */
  query = g_uri_get_query (uri);
  if (query != NULL)
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (query, -1, "&;", G_URI_PARAMS_NONE, NULL);
      const char *value = params ? g_hash_table_lookup (params, "token") : NULL;

      if (value != NULL)
        return g_strdup (value);
    }

  /* …/invitations/<token>, …/invitations/token/<token>[/accept], else the last part */
  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0')
        continue;
      if (g_str_equal (segments[i], "invitations") || g_str_equal (segments[i], "invitation"))
        {
          guint next = i + 1;

          if (segments[next] != NULL && g_str_equal (segments[next], "token"))
            next++;
          if (segments[next] != NULL && segments[next][0] != '\0')
            {
              candidate = segments[next];
              break;
            }
        }
      candidate = segments[i];
    }

  if (candidate == NULL)
    return NULL;

  return g_uri_unescape_string (candidate, NULL);
}

/**
 * vd_join_dialog_extract_token:
 * @text: what the person pasted: a token, a link, or a line of the email
 *
 * Returns: (transfer full) (nullable): the invitation token, or %NULL when
 * @text holds none
 */
char *
vd_join_dialog_extract_token (const char *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *token = NULL;
  const char *start;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return NULL;

  /* The server's tokens say what they are: find one anywhere ("Token: vdi_…",
   * a link, the token itself) */
  start = strstr (stripped, "vdi_");
  if (start != NULL)
    {
      const char *end = start;

      while (g_ascii_isalnum (*end) || *end == '_' || *end == '-')
        end++;
      token = g_strndup (start, end - start);
    }
  else if (strstr (stripped, "://") != NULL)
    token = token_from_uri (stripped);
  else if (strstr (stripped, "token=") != NULL)
    {
      const char *end;

      start = strstr (stripped, "token=") + strlen ("token=");
      end = start + strcspn (start, "&;# ");
      token = g_strndup (start, end - start);
    }
  else
    token = g_strdup (stripped);

  if (token == NULL || !is_token (token))
    return NULL;

  return g_steal_pointer (&token);
}


/* State */

static void
set_busy (VdJoinDialog *self,
          gboolean      busy)
{
  self->busy = busy;

  gtk_widget_set_visible (GTK_WIDGET (self->token_spinner), busy && self->invitation == NULL);
  gtk_spinner_set_spinning (self->token_spinner, busy && self->invitation == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->answer_spinner), busy && self->invitation != NULL);
  gtk_spinner_set_spinning (self->answer_spinner, busy && self->invitation != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "join.continue", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "join.accept", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "join.reject", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "join.back", !busy);
}

static void
show_token_error (VdJoinDialog *self,
                  const char   *message)
{
  gtk_label_set_label (self->token_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->token_error), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->token_row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->token_row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->token_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      self->token_error, NULL, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->token_row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->token_row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
show_preview_error (VdJoinDialog *self,
                    const char   *message,
                    gboolean      can_answer)
{
  gtk_label_set_label (self->preview_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_error), message != NULL);
  gtk_widget_set_visible (self->answer_box, can_answer);
}

static void
show_token_page (VdJoinDialog *self)
{
  g_clear_object (&self->invitation);
  g_clear_pointer (&self->token, g_free);
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "token");
  gtk_window_set_default_widget (GTK_WINDOW (self), self->continue_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
}

static const char *
inviter_or_admins (VdInvitation *invitation)
{
  const char *inviter = vd_invitation_get_inviter_name (invitation);

  /* Translators: who to ask for a new invitation when the inviter is unknown */
  return *inviter != '\0' ? inviter : _("the organization’s admins");
}


/* The preview, in words */

static char *
projects_text (VdInvitation *invitation)
{
  VdPermissions *permissions = vd_invitation_get_permissions (invitation);
  VdRole role = vd_invitation_get_role (invitation);
  g_auto(GStrv) ids = NULL;
  guint full = 0, no_delete = 0, custom = 0;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (vd_role_manages (role))
    return g_strdup (_("Every project, with full access"));

  ids = vd_permissions_dup_project_ids (permissions);
  for (guint i = 0; ids[i] != NULL; i++)
    switch (vd_grant_get_access (vd_permissions_lookup_grant (permissions, ids[i])))
      {
      case VD_ACCESS_FULL: full++; break;
      case VD_ACCESS_FULL_NO_DELETE: no_delete++; break;
      case VD_ACCESS_CUSTOM: custom++; break;
      case VD_ACCESS_NONE: default: break;
      }

  /* The preview names no projects (the invitee cannot see them yet): how many, and how */
  if (full > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("Full access to %u project",
                                                       "Full access to %u projects", full), full));
  if (no_delete > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("Full access, except deleting, in %u project",
                                                       "Full access, except deleting, in %u projects", no_delete),
                                             no_delete));
  if (custom > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("Chosen rights in %u project",
                                                       "Chosen rights in %u projects", custom), custom));
  if (parts->len == 0)
    return g_strdup (_("No projects yet: an admin can grant them later"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("\n", (char **) parts->pdata);
}

static void
show_preview (VdJoinDialog *self)
{
  VdInvitation *invitation = self->invitation;
  VdPermissions *permissions = vd_invitation_get_permissions (invitation);
  VdRole role = vd_invitation_get_role (invitation);
  VdUser *user = vd_account_get_user (self->account);
  const char *inviter = vd_invitation_get_inviter_name (invitation);
  const char *role_label = vd_role_get_label_for_name (vd_invitation_get_role_name (invitation));
  g_autofree char *invited = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *projects = projects_text (invitation);
  g_autofree char *expires = NULL;
  gboolean staff = vd_role_manages (role);
  GDateTime *expires_at = vd_invitation_get_expires_at (invitation);

  if (expires_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (expires_at);

      expires = g_date_time_format (local, "%x");
    }

  gtk_label_set_label (self->organization_label, vd_invitation_get_organization_name (invitation));
  if (*inviter != '\0')
    /* Translators: "Bruno Díaz invited you (ana@example.com) to join as Member." */
    invited = g_strdup_printf (_("%s invited you (%s) to join as %s."), inviter,
                               vd_invitation_get_email (invitation), role_label);
  else
    invited = g_strdup_printf (_("You (%s) are invited to join as %s."),
                               vd_invitation_get_email (invitation), role_label);
  if (expires != NULL && vd_invitation_get_status (invitation) == VD_INVITATION_STATUS_PENDING)
    {
      /* Translators: follows "… invited you (…) to join as Member." */
      g_autofree char *until = g_strdup_printf (_("The invitation is valid until %s."), expires);
      g_autofree char *both = g_strconcat (invited, " ", until, NULL);

      g_free (invited);
      invited = g_steal_pointer (&both);
    }
  gtk_label_set_label (self->invited_label, invited);

  if (role == VD_ROLE_ADMIN)
    role_text = g_strdup_printf (_("%s: manages members, invitations and every project"), role_label);
  else if (role == VD_ROLE_MEMBER)
    role_text = g_strdup_printf (_("%s: works in the projects below"), role_label);
  else
    role_text = g_strdup (role_label);
  adw_action_row_set_subtitle (self->role_row, role_text);
  adw_action_row_set_subtitle (self->projects_row, projects);
  adw_action_row_set_subtitle (self->billing_row,
                               staff || vd_permissions_get_billing (permissions)
                               ? _("Can see and manage the organization’s billing")
                               : _("No access to billing"));
  adw_action_row_set_subtitle (self->api_row,
                               staff || vd_permissions_get_api (permissions)
                               ? _("Can create API keys and use the API")
                               : _("No access to the API"));

  /* What can be done with it */
  switch (vd_invitation_get_status (invitation))
    {
    case VD_INVITATION_STATUS_PENDING:
      {
        const char *email = user ? vd_user_get_email (user) : NULL;
        g_autofree char *invited_key = g_utf8_casefold (vd_invitation_get_email (invitation), -1);
        g_autofree char *user_key = email ? g_utf8_casefold (email, -1) : NULL;

        if (user_key != NULL && !g_str_equal (invited_key, user_key))
          {
            g_autofree char *message =
              g_strdup_printf (_("This invitation is for %s, but you are signed in as %s. "
                                 "Sign in with that address to accept it."),
                               vd_invitation_get_email (invitation), email);
            show_preview_error (self, message, FALSE);
          }
        else
          show_preview_error (self, NULL, TRUE);
      }
      break;
    case VD_INVITATION_STATUS_EXPIRED:
      {
        g_autofree char *message = expires
          ? g_strdup_printf (_("This invitation expired on %s. Ask %s for a new one."), expires,
                             inviter_or_admins (invitation))
          : g_strdup_printf (_("This invitation has expired. Ask %s for a new one."),
                             inviter_or_admins (invitation));
        show_preview_error (self, message, FALSE);
      }
      break;
    case VD_INVITATION_STATUS_ACCEPTED:
      show_preview_error (self, _("This invitation was accepted already."), FALSE);
      break;
    case VD_INVITATION_STATUS_REJECTED:
      show_preview_error (self, _("This invitation was declined. To join, ask for a new one."), FALSE);
      break;
    case VD_INVITATION_STATUS_REVOKED:
      {
        g_autofree char *message = g_strdup_printf (_("This invitation was withdrawn. Ask %s for a new one."),
                                                    inviter_or_admins (invitation));
        show_preview_error (self, message, FALSE);
      }
      break;
    case VD_INVITATION_STATUS_UNKNOWN:
    default:
      show_preview_error (self, _("This invitation cannot be answered from this version of the app."), FALSE);
      break;
    }

  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  /* Enter accepts; with nothing to answer, the way back */
  if (gtk_widget_get_visible (self->answer_box))
    {
      gtk_window_set_default_widget (GTK_WINDOW (self), self->accept_button);
      gtk_widget_grab_focus (self->accept_button);
    }
  else
    {
      gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
      gtk_widget_grab_focus (self->back_button);
    }
}


/* Continue: preview */

static void
previewed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdInvitation) invitation = vd_account_invitation_finish (VD_ACCOUNT (object), result, &error);
  VdJoinDialog *self;

  if (vd_ui_is_cancelled (error))
    return;

  self = VD_JOIN_DIALOG (user_data);
  set_busy (self, FALSE);

  if (invitation == NULL)
    {
      g_clear_pointer (&self->token, g_free);
      if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_NOT_FOUND))
        show_token_error (self, _("No invitation has this token. Check that you pasted all of it, "
                                  "or ask for a new invitation."));
      else
        show_token_error (self, error->message);
      return;
    }

  show_token_error (self, NULL);
  self->invitation = g_steal_pointer (&invitation);
  show_preview (self);
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VdJoinDialog *self = VD_JOIN_DIALOG (widget);
  g_autofree char *token = vd_join_dialog_extract_token (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));

  if (self->busy)
    return;

  if (token == NULL)
    {
      show_token_error (self, _("Paste the token from the invitation email (it starts with “vdi_”), "
                                "or the whole link."));
      gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
      return;
    }

  g_clear_object (&self->invitation);
  g_free (self->token);
  self->token = g_steal_pointer (&token);
  set_busy (self, TRUE);
  vd_account_preview_invitation_async (self->account, self->token, self->cancellable, previewed_cb, self);
}

static void
token_activated_cb (VdJoinDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "join.continue", NULL);
}

/* Typing again: the old error no longer applies */
static void
token_changed_cb (VdJoinDialog *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->token_error)))
    show_token_error (self, NULL);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_token_page (VD_JOIN_DIALOG (widget));
}


/* Accept, reject */

static void
responded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VdJoinDialog *self;
  const char *code;
  g_autofree char *message = NULL;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error) && vd_ui_is_cancelled (error))
    return;

  self = VD_JOIN_DIALOG (user_data);
  set_busy (self, FALSE);

  if (error == NULL)
    {
      const char *name = vd_invitation_get_organization_name (self->invitation);

      message = self->accepting
        ? g_strdup_printf (_("You joined %s"), name)
        : g_strdup_printf (_("You declined the invitation to join %s"), name);
      vd_ui_toast (GTK_WIDGET (self), message);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* Said where the person looks; the buttons stay when trying again may help */
  code = vd_api_error_get_code (error);
  if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_GONE))
    {
      message = g_strdup_printf (_("This invitation has expired. Ask %s for a new one."),
                                 inviter_or_admins (self->invitation));
      show_preview_error (self, message, FALSE);
    }
  else if (g_strcmp0 (code, "already_member") == 0)
    {
      message = g_strdup_printf (_("You are a member of %s already."),
                                 vd_invitation_get_organization_name (self->invitation));
      show_preview_error (self, message, FALSE);
    }
  else if (g_strcmp0 (code, "invitation_email_mismatch") == 0)
    {
      message = g_strdup_printf (_("This invitation is for %s. Sign in with that address to answer it."),
                                 vd_invitation_get_email (self->invitation));
      show_preview_error (self, message, FALSE);
    }
  else if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_CONFLICT))
    show_preview_error (self, _("This invitation was answered or withdrawn already."), FALSE);
  else if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_NOT_FOUND))
    show_preview_error (self, _("This invitation no longer exists. Ask for a new one."), FALSE);
  else
    show_preview_error (self, error->message, TRUE);
}

static void
respond (VdJoinDialog *self,
         gboolean      accept)
{
  if (self->busy || self->invitation == NULL || self->token == NULL)
    return;

  self->accepting = accept;
  set_busy (self, TRUE);
  vd_account_respond_invitation_async (self->account, self->token, accept, self->cancellable,
                                       responded_cb, self);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  respond (VD_JOIN_DIALOG (widget), TRUE);
}

static void
reject_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    VdJoinDialog     *self)
{
  if (g_str_equal (response, "reject"))
    respond (self, FALSE);
}

/* Declining cannot be undone: ask first */
static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdJoinDialog *self = VD_JOIN_DIALOG (widget);
  GtkWidget *dialog;

  if (self->busy || self->invitation == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reject Invitation?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("You will not join %s. To join later, you will need a new invitation."),
                                  vd_invitation_get_organization_name (self->invitation));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reject", _("_Reject"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (reject_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}


/* GObject */

static void
vd_join_dialog_dispose (GObject *object)
{
  VdJoinDialog *self = VD_JOIN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->invitation);
  g_clear_object (&self->account);
  g_clear_pointer (&self->token, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_JOIN_DIALOG);

  G_OBJECT_CLASS (vd_join_dialog_parent_class)->dispose (object);
}

static void
vd_join_dialog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VdJoinDialog *self = VD_JOIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_join_dialog_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VdJoinDialog *self = VD_JOIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_join_dialog_class_init (VdJoinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vd_join_dialog_dispose;
  object_class->get_property = vd_join_dialog_get_property;
  object_class->set_property = vd_join_dialog_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, VD_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-join-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, token_error);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, token_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, organization_label);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, invited_label);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, projects_row);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, billing_row);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, api_row);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, preview_error);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, answer_box);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, accept_button);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, continue_button);
  gtk_widget_class_bind_template_child (widget_class, VdJoinDialog, answer_spinner);
  gtk_widget_class_bind_template_callback (widget_class, token_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_changed_cb);

  gtk_widget_class_install_action (widget_class, "join.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "join.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "join.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "join.reject", NULL, reject_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vd_join_dialog_init (VdJoinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), self->continue_button);
}

/**
 * vd_join_dialog_new:
 * @parent: (nullable): the window it is modal for
 * @account: the signed-in account that will join
 * @token_or_link: (nullable): a token or link to look up at once
 */
VdJoinDialog *
vd_join_dialog_new (GtkWindow  *parent,
                    VdAccount  *account,
                    const char *token_or_link)
{
  VdJoinDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VD_IS_ACCOUNT (account), NULL);

  self = g_object_new (VD_TYPE_JOIN_DIALOG,
                       "account", account,
                       "transient-for", parent,
                       NULL);

  if (token_or_link != NULL && *token_or_link != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->token_row), token_or_link);
      gtk_widget_activate_action (GTK_WIDGET (self), "join.continue", NULL);
    }

  return self;
}
