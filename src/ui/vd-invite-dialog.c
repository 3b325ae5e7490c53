/* vd-invite-dialog.c — "Invite Member": one or more addresses, a role and
 * the grants, sent as one invitation per address
 *
 * What the person types is parsed (after a short pause) into a list of
 * addresses, each with its state in words: ready, invalid and why, listed
 * twice, already a member or invited, sending, sent, not sent and why. The
 * invitations go out concurrently; when some fail the dialog keeps
 * everything as it was, lists the failures, and Retry sends only those (and
 * whatever new address was added since). Nothing typed is ever lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-invite-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-invite-dialog.h"
#include "vd-permission-editor.h"
#include "vd-ui-util.h"

/* Wait this long after the last keystroke before judging the addresses */
#define PARSE_DELAY_MS 300

typedef enum
{
  ADDRESS_READY,       /* valid, not sent yet */
  ADDRESS_INVALID,     /* blocks sending */
  ADDRESS_MEMBER,      /* blocks sending: the server would refuse it */
  ADDRESS_INVITED,     /* blocks sending: a pending invitation exists */
  ADDRESS_DUPLICATE,   /* listed before: sent once */
  ADDRESS_SENDING,
  ADDRESS_SENT,
  ADDRESS_FAILED,      /* sent and refused: Retry sends it again */
} AddressState;

typedef struct
{
  char         *email;
  char         *key;       /* case-folded, to compare */
  const char   *problem;   /* why it is invalid (translated), or NULL */
  AddressState  state;
  GtkWidget    *row;       /* in addresses_group */
} Address;

struct _VdInviteDialog
{
  AdwWindow            parent_instance;

  /* Template */
  GtkButton           *send_button;
  GtkProgressBar      *progress_bar;
  AdwPreferencesGroup *failures_group;
  AdwPreferencesGroup *addresses_group;
  AdwPreferencesGroup *permissions_group;
  GtkTextView         *email_view;
  AdwComboRow         *role_row;
  VdPermissionEditor  *permission_editor;

  VdOrganizationStore *store;
  VdRole               inviter_role;
  VdPermissions       *permissions;
  GtkStringList       *role_labels;

  GPtrArray           *addresses;      /* Address *, as typed */
  GPtrArray           *failure_rows;   /* GtkWidget *, in failures_group */
  GHashTable          *sent;           /* key: sent from this dialog */
  GHashTable          *failures;       /* key → the error's message */
  GHashTable          *in_flight;      /* key */

  guint                parse_id;
  GCancellable        *send_cancellable;
  guint                n_batch;
  guint                n_done;
  guint                n_sent;
  gboolean             sending;
  gboolean             can_send;
};

G_DEFINE_FINAL_TYPE (VdInviteDialog, vd_invite_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_INVITER_ROLE,
  PROP_SENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The roles offered, in the order of the combo row */
static const VdRole offered_roles[] = { VD_ROLE_MEMBER, VD_ROLE_ADMIN };

static void
address_free (Address *address)
{
  g_free (address->email);
  g_free (address->key);
  g_free (address);
}

/* Mirrors the server's check (vd_validate_email), saying what is wrong */
static const char *
find_problem (const char *email)
{
  const char *at = strchr (email, '@');
  const char *dot;
  glong length;

  if (at == NULL)
    return _("Invalid: there is no “@” between the name and the domain");
  if (at == email)
    return _("Invalid: the name before the “@” is missing");
  if (strchr (at + 1, '@') != NULL)
    return _("Invalid: there is more than one “@”");
  if (at[1] == '\0')
    return _("Invalid: the domain after the “@” is missing");

  for (const char *p = email; *p; p++)
    if (g_ascii_iscntrl (*p) || *p == '<' || *p == '>' || *p == '"')
      return _("Invalid: contains a character addresses cannot have");

  dot = strrchr (at + 1, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0')
    return _("Invalid: the domain needs a dot, as in example.com");

  length = g_utf8_strlen (email, -1);
  if (length < 5)
    return _("Invalid: too short to be an address");
  if (length > 100)
    return _("Invalid: longer than 100 characters");

  return NULL;
}

static inline gboolean
is_separator (char c)
{
  return c == ',' || c == ';' || g_ascii_isspace (c);
}

/* Addresses separated by commas, semicolons, spaces or new lines */
static GPtrArray *
parse_addresses (const char *text)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) address_free);
  const char *p = text;

  while (*p != '\0')
    {
      const char *start;
      Address *address;

      while (*p != '\0' && is_separator (*p))
        p++;
      if (*p == '\0')
        break;

      start = p;
      while (*p != '\0' && !is_separator (*p))
        p++;

      address = g_new0 (Address, 1);
      address->email = g_strndup (start, p - start);
      address->key = g_utf8_casefold (address->email, -1);
      address->problem = find_problem (address->email);
      g_ptr_array_add (addresses, address);
    }

  return addresses;
}

static GHashTable *
collect_emails (GListModel *model,
                gboolean    pending_only)
{
  GHashTable *emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      const char *email;

      if (pending_only)
        {
          if (vd_invitation_get_status (VD_INVITATION (item)) != VD_INVITATION_STATUS_PENDING)
            continue;
          email = vd_invitation_get_email (VD_INVITATION (item));
        }
      else
        email = vd_member_get_email (VD_MEMBER (item));

      g_hash_table_add (emails, g_utf8_casefold (email, -1));
    }

  return emails;
}

static VdRole
get_selected_role (VdInviteDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->role_row);

  if (selected >= G_N_ELEMENTS (offered_roles) ||
      selected >= g_list_model_get_n_items (G_LIST_MODEL (self->role_labels)))
    return VD_ROLE_MEMBER;

  return offered_roles[selected];
}

static gboolean
is_sendable (AddressState state)
{
  return state == ADDRESS_READY || state == ADDRESS_FAILED;
}

static gboolean
is_blocking (AddressState state)
{
  return state == ADDRESS_INVALID || state == ADDRESS_MEMBER || state == ADDRESS_INVITED;
}

/* Each address's state from what it is, the store, and what was sent */
static void
update_states (VdInviteDialog *self)
{
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GHashTable) invited = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (self->store != NULL)
    {
      members = collect_emails (vd_organization_store_get_members (self->store), FALSE);
      invited = collect_emails (vd_organization_store_get_invitations (self->store), TRUE);
    }

  for (guint i = 0; i < self->addresses->len; i++)
    {
      Address *address = g_ptr_array_index (self->addresses, i);

      if (address->problem != NULL)
        address->state = ADDRESS_INVALID;
      else if (!g_hash_table_add (seen, address->key))
        address->state = ADDRESS_DUPLICATE;
      else if (g_hash_table_contains (self->in_flight, address->key))
        address->state = ADDRESS_SENDING;
      else if (g_hash_table_contains (self->sent, address->key))
        address->state = ADDRESS_SENT;
      else if (g_hash_table_contains (self->failures, address->key))
        address->state = ADDRESS_FAILED;
      else if (members != NULL && g_hash_table_contains (members, address->key))
        address->state = ADDRESS_MEMBER;
      else if (invited != NULL && g_hash_table_contains (invited, address->key))
        address->state = ADDRESS_INVITED;
      else
        address->state = ADDRESS_READY;
    }
}

static void
update_row (VdInviteDialog *self,
            Address        *address)
{
  g_autofree char *failed = NULL;
  const char *subtitle = NULL;
  const char *icon_name = "emblem-ok-symbolic";
  const char *icon_label = _("Ready");
  GtkWidget *icon = g_object_get_data (G_OBJECT (address->row), "icon");
  gboolean error = FALSE;

  switch (address->state)
    {
    case ADDRESS_READY:
      subtitle = _("Ready to send");
      break;
    case ADDRESS_INVALID:
      subtitle = address->problem;
      icon_name = "dialog-warning-symbolic";
      icon_label = _("Invalid");
      error = TRUE;
      break;
    case ADDRESS_MEMBER:
      subtitle = _("Already a member of this organization: remove it to send");
      icon_name = "dialog-warning-symbolic";
      icon_label = _("Cannot be invited");
      error = TRUE;
      break;
    case ADDRESS_INVITED:
      subtitle = _("Already invited, the invitation is pending: remove it to send");
      icon_name = "dialog-warning-symbolic";
      icon_label = _("Cannot be invited");
      error = TRUE;
      break;
    case ADDRESS_DUPLICATE:
      subtitle = _("Listed twice: invited once");
      icon_name = "edit-copy-symbolic";
      icon_label = _("Duplicate");
      break;
    case ADDRESS_SENDING:
      subtitle = _("Sending…");
      icon_name = "mail-send-symbolic";
      icon_label = _("Sending");
      break;
    case ADDRESS_SENT:
      subtitle = _("Invitation sent");
      icon_name = "mail-send-symbolic";
      icon_label = _("Sent");
      break;
    case ADDRESS_FAILED:
      /* Translators: %s is why the server refused, e.g. "This address already has a pending invitation" */
      failed = g_strdup_printf (_("Not sent: %s"),
                                (const char *) g_hash_table_lookup (self->failures, address->key));
      subtitle = failed;
      icon_name = "dialog-error-symbolic";
      icon_label = _("Not sent");
      error = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (address->row), subtitle);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_widget_set_tooltip_text (icon, icon_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, icon_label, -1);
  if (error)
    gtk_widget_add_css_class (icon, "error");
  else
    gtk_widget_remove_css_class (icon, "error");
  if (address->state == ADDRESS_SENT)
    gtk_widget_add_css_class (icon, "success");
  else
    gtk_widget_remove_css_class (icon, "success");
}

static GtkWidget *
create_row (const char *title,
            const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  return row;
}

static void
update_failures (VdInviteDialog *self)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->failure_rows->len; i++)
    adw_preferences_group_remove (self->failures_group, g_ptr_array_index (self->failure_rows, i));
  g_ptr_array_set_size (self->failure_rows, 0);

  /* Only failures of addresses still listed: one edited away is gone */
  for (guint i = 0; i < self->addresses->len; i++)
    {
      Address *address = g_ptr_array_index (self->addresses, i);
      GtkWidget *row;

      if (address->state != ADDRESS_FAILED || !g_hash_table_add (shown, address->key))
        continue;

      row = create_row (address->email, "dialog-error-symbolic");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_hash_table_lookup (self->failures, address->key));
      gtk_widget_add_css_class (g_object_get_data (G_OBJECT (row), "icon"), "error");
      gtk_widget_set_tooltip_text (g_object_get_data (G_OBJECT (row), "icon"), _("Not sent"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (g_object_get_data (G_OBJECT (row), "icon")),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not sent"), -1);
      adw_preferences_group_add (self->failures_group, row);
      g_ptr_array_add (self->failure_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->failures_group), self->failure_rows->len > 0);
}

/* The buttons, the group titles and the rows follow the states */
static void
update_view (VdInviteDialog *self)
{
  guint n_sendable = 0;
  guint n_blocking = 0;
  guint n_failed = 0;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  update_states (self);

  for (guint i = 0; i < self->addresses->len; i++)
    {
      Address *address = g_ptr_array_index (self->addresses, i);

      n_sendable += is_sendable (address->state);
      n_blocking += is_blocking (address->state);
      n_failed += address->state == ADDRESS_FAILED;
      update_row (self, address);
    }

  update_failures (self);

  gtk_widget_set_visible (GTK_WIDGET (self->addresses_group), self->addresses->len > 0);
  title = g_strdup_printf (ngettext ("%u Address", "%u Addresses", self->addresses->len),
                           self->addresses->len);
  adw_preferences_group_set_title (self->addresses_group, title);
  if (n_blocking > 0)
    description = g_strdup_printf (ngettext ("%u address needs fixing or removing before sending",
                                             "%u addresses need fixing or removing before sending",
                                             n_blocking),
                                   n_blocking);
  adw_preferences_group_set_description (self->addresses_group, description);

  gtk_button_set_label (self->send_button, n_failed > 0 ? _("_Retry") : _("_Send Invite"));
  self->can_send = !self->sending && n_sendable > 0 && n_blocking == 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invite.send", self->can_send);

  gtk_text_view_set_editable (self->email_view, !self->sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->role_row), !self->sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->permissions_group), !self->sending);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->sending);
  if (self->sending)
    {
      g_autofree char *text = g_strdup_printf (_("Sending… %u of %u done"), self->n_done, self->n_batch);

      gtk_progress_bar_set_fraction (self->progress_bar, self->n_batch ? (double) self->n_done / self->n_batch : 0);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
}

/* Parses the text now: rows for the new list of addresses */
static void
parse_now (VdInviteDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->email_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->parse_id, g_source_remove);

  for (guint i = 0; i < self->addresses->len; i++)
    {
      Address *address = g_ptr_array_index (self->addresses, i);

      adw_preferences_group_remove (self->addresses_group, address->row);
    }
  g_clear_pointer (&self->addresses, g_ptr_array_unref);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  self->addresses = parse_addresses (text);

  for (guint i = 0; i < self->addresses->len; i++)
    {
      Address *address = g_ptr_array_index (self->addresses, i);

      address->row = create_row (address->email, "emblem-ok-symbolic");
      adw_preferences_group_add (self->addresses_group, address->row);
    }

  update_view (self);
}

static gboolean
parse_timeout_cb (gpointer user_data)
{
  VdInviteDialog *self = user_data;

  self->parse_id = 0;
  parse_now (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed_cb (VdInviteDialog *self)
{
  g_clear_handle_id (&self->parse_id, g_source_remove);
  self->parse_id = g_timeout_add (PARSE_DELAY_MS, parse_timeout_cb, self);
  /* Until judged, the text may hold anything: the button waits (Ctrl+Enter
   * judges at once) */
  self->can_send = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invite.send", FALSE);
}

static void
role_selected_cb (VdInviteDialog *self)
{
  VdRole role = get_selected_role (self);

  if (self->inviter_role != VD_ROLE_OWNER)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row), _("Only owners can invite admins"));
  else if (role == VD_ROLE_ADMIN)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row),
                                 _("Manages members and invitations, and sees every project"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row), _("Sees the projects granted below"));

  /* Admins see every project: the grants would mean nothing. They are kept,
   * and back when the role is Member again. */
  gtk_widget_set_visible (GTK_WIDGET (self->permissions_group), role != VD_ROLE_ADMIN);
}

static void
update_role_labels (VdInviteDialog *self)
{
  guint n = self->inviter_role == VD_ROLE_OWNER ? G_N_ELEMENTS (offered_roles) : 1;
  const char *labels[G_N_ELEMENTS (offered_roles) + 1] = { NULL, };

  for (guint i = 0; i < n; i++)
    labels[i] = vd_role_get_label (offered_roles[i]);

  gtk_string_list_splice (self->role_labels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->role_labels)), labels);
  adw_combo_row_set_selected (self->role_row, 0);
  role_selected_cb (self);
}

static void
set_sending (VdInviteDialog *self,
             gboolean        sending)
{
  if (self->sending == sending)
    return;

  self->sending = sending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

/* Scrolls back to the top, where the failures are listed */
static void
show_failures (VdInviteDialog *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->failures_group), GTK_TYPE_SCROLLED_WINDOW);

  if (scrolled != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
}

static void
batch_finished (VdInviteDialog *self)
{
  gboolean all_sent = TRUE;
  guint n_failed = 0;
  Address *failed = NULL;
  g_autofree char *message = NULL;

  g_clear_object (&self->send_cancellable);
  set_sending (self, FALSE);
  update_view (self);

  for (guint i = 0; i < self->addresses->len; i++)
    {
      Address *address = g_ptr_array_index (self->addresses, i);

      if (address->state != ADDRESS_SENT && address->state != ADDRESS_DUPLICATE)
        all_sent = FALSE;
      if (address->state == ADDRESS_FAILED)
        {
          failed = address;
          n_failed++;
        }
    }

  if (all_sent)
    {
      /* close-request says how many went out */
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  show_failures (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->send_button));

  /* The list of what was not sent appears above: say so */
  if (n_failed == 1)
    message = g_strdup_printf (_("Not sent: %s"), (const char *) g_hash_table_lookup (self->failures, failed->key));
  else if (n_failed > 1)
    message = g_strdup_printf (ngettext ("%u invitation was not sent", "%u invitations were not sent", n_failed),
                               n_failed);
  if (message != NULL)
    vd_ui_announce (GTK_WIDGET (self), message, VD_UI_ANNOUNCE_ASSERTIVE);
}

typedef struct
{
  VdInviteDialog *self;   /* not a reference: a cancelled call never touches it */
  char           *key;
} InviteCall;

static void
invite_call_free (InviteCall *call)
{
  g_free (call->key);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InviteCall, invite_call_free)

static void
invited_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(InviteCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdInvitation) invitation = vd_organization_store_invite_finish (VD_ORGANIZATION_STORE (object),
                                                                           result, &error);
  VdInviteDialog *self;

  /* Stopped, or the dialog is gone */
  if (vd_ui_is_cancelled (error))
    return;

  self = call->self;
  g_hash_table_remove (self->in_flight, call->key);

  if (invitation != NULL)
    {
      g_hash_table_add (self->sent, g_strdup (call->key));
      self->n_sent++;
    }
  else
    {
      g_debug ("Inviting failed: %s", error->message);
      g_hash_table_insert (self->failures, g_strdup (call->key), g_strdup (error->message));
    }

  self->n_done++;
  if (self->n_done < self->n_batch)
    update_view (self);
  else
    batch_finished (self);
}

static void
send_invitations (VdInviteDialog *self)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  VdRole role;

  if (self->sending || self->store == NULL)
    return;

  /* Judge what is typed now, not 300 ms ago */
  if (self->parse_id != 0)
    parse_now (self);
  else
    update_view (self);

  if (!self->can_send)
    return;

  for (guint i = 0; i < self->addresses->len; i++)
    {
      Address *address = g_ptr_array_index (self->addresses, i);

      if (is_sendable (address->state) && g_hash_table_add (taken, address->key))
        g_ptr_array_add (batch, address);
    }

  if (batch->len == 0)
    return;

  role = get_selected_role (self);
  g_clear_object (&self->send_cancellable);
  self->send_cancellable = g_cancellable_new ();
  self->n_batch = batch->len;
  self->n_done = 0;
  set_sending (self, TRUE);

  for (guint i = 0; i < batch->len; i++)
    {
      Address *address = g_ptr_array_index (batch, i);
      InviteCall *call = g_new0 (InviteCall, 1);

      call->self = self;
      call->key = g_strdup (address->key);
      g_hash_table_remove (self->failures, address->key);
      g_hash_table_add (self->in_flight, g_strdup (address->key));
      vd_organization_store_invite_async (self->store, address->email, role, self->permissions,
                                          self->send_cancellable, invited_cb, call);
    }

  update_view (self);
}

/* Cancel while sending: what is still in flight stops, and is listed as
 * not sent; what went out already stays sent */
static void
stop_sending (VdInviteDialog *self)
{
  GHashTableIter iter;
  gpointer key;

  g_cancellable_cancel (self->send_cancellable);
  g_clear_object (&self->send_cancellable);

  g_hash_table_iter_init (&iter, self->in_flight);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_insert (self->failures, g_strdup (key), g_strdup (_("Sending was stopped")));
  g_hash_table_remove_all (self->in_flight);

  set_sending (self, FALSE);
  update_view (self);
  show_failures (self);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  send_invitations (VD_INVITE_DIALOG (widget));
}

/* Also while the text waits to be judged (the action is disabled then) */
static gboolean
send_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  send_invitations (VD_INVITE_DIALOG (widget));
  return TRUE;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdInviteDialog *self = VD_INVITE_DIALOG (widget);

  if (self->sending)
    stop_sending (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
vd_invite_dialog_close_request (GtkWindow *window)
{
  VdInviteDialog *self = VD_INVITE_DIALOG (window);

  if (self->sending)
    stop_sending (self);

  if (self->n_sent > 0)
    {
      g_autofree char *message = NULL;

      if (self->n_sent == 1)
        message = g_strdup (_("Invitation sent"));
      else
        message = g_strdup_printf (ngettext ("%u invitation sent", "%u invitations sent", self->n_sent),
                                   self->n_sent);
      /* The overlay of the window the dialog belongs to */
      vd_ui_toast (GTK_WIDGET (self), message);
      self->n_sent = 0;
    }

  return GTK_WINDOW_CLASS (vd_invite_dialog_parent_class)->close_request (window);
}

static void
store_lists_changed_cb (VdInviteDialog *self)
{
  /* A member or an invitation came or went: "already…" may have changed */
  if (self->parse_id == 0)
    update_view (self);
}

static void
set_store (VdInviteDialog      *self,
           VdOrganizationStore *store)
{
  g_assert (self->store == NULL);

  if (store == NULL)
    return;

  self->store = g_object_ref (store);
  self->permissions = vd_permissions_new (vd_organization_store_get_organization_id (store));
  vd_permission_editor_set_store (self->permission_editor, store);
  vd_permission_editor_set_permissions (self->permission_editor, self->permissions);

  g_signal_connect_object (vd_organization_store_get_members (store), "items-changed",
                           G_CALLBACK (store_lists_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vd_organization_store_get_invitations (store), "items-changed",
                           G_CALLBACK (store_lists_changed_cb), self, G_CONNECT_SWAPPED);
}

VdInviteDialog *
vd_invite_dialog_new (GtkWindow           *parent,
                      VdOrganizationStore *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (store), NULL);

  return g_object_new (VD_TYPE_INVITE_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       NULL);
}

VdOrganizationStore *
vd_invite_dialog_get_store (VdInviteDialog *self)
{
  g_return_val_if_fail (VD_IS_INVITE_DIALOG (self), NULL);

  return self->store;
}

VdRole
vd_invite_dialog_get_inviter_role (VdInviteDialog *self)
{
  g_return_val_if_fail (VD_IS_INVITE_DIALOG (self), VD_ROLE_UNKNOWN);

  return self->inviter_role;
}

void
vd_invite_dialog_set_inviter_role (VdInviteDialog *self,
                                   VdRole          role)
{
  g_return_if_fail (VD_IS_INVITE_DIALOG (self));

  if (self->inviter_role == role)
    return;

  self->inviter_role = role;
  update_role_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVITER_ROLE]);
}

gboolean
vd_invite_dialog_get_sending (VdInviteDialog *self)
{
  g_return_val_if_fail (VD_IS_INVITE_DIALOG (self), FALSE);

  return self->sending;
}

VdPermissions *
vd_invite_dialog_get_permissions (VdInviteDialog *self)
{
  g_return_val_if_fail (VD_IS_INVITE_DIALOG (self), NULL);

  return self->permissions;
}

static void
vd_invite_dialog_dispose (GObject *object)
{
  VdInviteDialog *self = VD_INVITE_DIALOG (object);

  g_cancellable_cancel (self->send_cancellable);
  g_clear_object (&self->send_cancellable);
  g_clear_handle_id (&self->parse_id, g_source_remove);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (vd_organization_store_get_members (self->store), self);
      g_signal_handlers_disconnect_by_data (vd_organization_store_get_invitations (self->store), self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_INVITE_DIALOG);

  g_clear_object (&self->store);
  g_clear_object (&self->permissions);
  g_clear_object (&self->role_labels);

  G_OBJECT_CLASS (vd_invite_dialog_parent_class)->dispose (object);
}

static void
vd_invite_dialog_finalize (GObject *object)
{
  VdInviteDialog *self = VD_INVITE_DIALOG (object);

  g_clear_pointer (&self->addresses, g_ptr_array_unref);
  g_clear_pointer (&self->failure_rows, g_ptr_array_unref);
  g_clear_pointer (&self->sent, g_hash_table_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);

  G_OBJECT_CLASS (vd_invite_dialog_parent_class)->finalize (object);
}

static void
vd_invite_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VdInviteDialog *self = VD_INVITE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_INVITER_ROLE:
      g_value_set_enum (value, self->inviter_role);
      break;
    case PROP_SENDING:
      g_value_set_boolean (value, self->sending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_invite_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VdInviteDialog *self = VD_INVITE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      break;
    case PROP_INVITER_ROLE:
      vd_invite_dialog_set_inviter_role (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_invite_dialog_class_init (VdInviteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vd_invite_dialog_dispose;
  object_class->finalize = vd_invite_dialog_finalize;
  object_class->get_property = vd_invite_dialog_get_property;
  object_class->set_property = vd_invite_dialog_set_property;
  window_class->close_request = vd_invite_dialog_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         VD_TYPE_ORGANIZATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INVITER_ROLE] =
    g_param_spec_enum ("inviter-role", NULL, NULL,
                       VD_TYPE_ROLE, VD_ROLE_OWNER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VD_TYPE_PERMISSION_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-invite-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VdInviteDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, VdInviteDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VdInviteDialog, failures_group);
  gtk_widget_class_bind_template_child (widget_class, VdInviteDialog, addresses_group);
  gtk_widget_class_bind_template_child (widget_class, VdInviteDialog, permissions_group);
  gtk_widget_class_bind_template_child (widget_class, VdInviteDialog, email_view);
  gtk_widget_class_bind_template_child (widget_class, VdInviteDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, VdInviteDialog, permission_editor);

  gtk_widget_class_install_action (widget_class, "invite.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "invite.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "invite.cancel", NULL);
}

static void
vd_invite_dialog_init (VdInviteDialog *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->inviter_role = VD_ROLE_OWNER;
  self->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) address_free);
  self->failure_rows = g_ptr_array_new ();
  self->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->role_labels = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (self->role_labels));
  g_signal_connect_object (self->role_row, "notify::selected",
                           G_CALLBACK (role_selected_cb), self, G_CONNECT_SWAPPED);
  update_role_labels (self);

  g_signal_connect_object (gtk_text_view_get_buffer (self->email_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+Enter sends, even from the text view (which would take Enter for
   * a new line): caught before it gets there */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_callback_action_new (send_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_view (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->email_view));
}
