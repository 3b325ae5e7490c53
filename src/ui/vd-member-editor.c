/* vd-member-editor.c — a member's role and permissions, edited on a copy
 *
 * The permission editor works on a copy of the member's VdPermissions
 * (vd_permissions_copy); the role combo on a role kept here. "Save" is
 * enabled while they differ from the member, shows what will change, and
 * sends both with vd_organization_store_update_member_async: on success the
 * store updates the member in place and the copy follows it; on failure
 * nothing is lost and Retry sends the same again.
 *
 * "Remove Member" is deferred: the member is hidden from the store's list and
 * the main window shows a toast with Undo. Only when that toast goes away
 * without Undo (it timed out, was dismissed, or its window closed) is the
 * member removed on the server. While a removal waits, the application is
 * held (so closing the last window does not end the process before the
 * request is sent), and a handler on GApplication::shutdown — which runs
 * before the application's own shutdown, e.g. after app.quit — sends the
 * removal and iterates the main context until it is answered (5 s at most).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-member-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-member-editor.h"
#include "vd-permission-editor.h"
#include "vd-ui-util.h"

/* How long quitting waits for a pending removal to reach the server */
#define SHUTDOWN_COMMIT_TIMEOUT_SECONDS 5

struct _VdMemberEditor
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkSpinner          *spinner;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  AdwComboRow         *role_row;
  GtkStringList       *roles;
  GtkLabel            *permissions_note;
  VdPermissionEditor  *permission_editor;
  GtkLabel            *remove_note;

  VdOrganizationStore *store;
  VdMember            *member;
  VdAccount           *account;
  VdPermissions       *permissions;      /* the copy being edited */
  GHashTable          *watched_grants;   /* grants of the copy whose changes are watched */
  GCancellable        *cancellable;

  gboolean             changed;
  gboolean             saving;
  gboolean             close_after_save;
  gboolean             can_edit;          /* the permissions, as the caller's role allows */
  gboolean             can_edit_role;
  gboolean             can_remove;
  const char          *edit_note;         /* why the permissions cannot be edited */
};

G_DEFINE_FINAL_TYPE (VdMemberEditor, vd_member_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_MEMBER,
  PROP_ACCOUNT,
  PROP_CHANGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The roles of the combo, in its order: the index is the VdRole */
static const VdRole combo_roles[] = { VD_ROLE_OWNER, VD_ROLE_ADMIN, VD_ROLE_MEMBER };

static void update_state (VdMemberEditor *self);

/* Toasts in the window the editor belongs to (the editor has its own
 * overlay, which vd_ui_add_toast () would find first) */
static AdwToastOverlay *
parent_toast_overlay (VdMemberEditor *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  return parent ? vd_ui_find_toast_overlay (GTK_WIDGET (parent)) : NULL;
}

/* The role being edited */

static VdRole
get_selected_role (VdMemberEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->role_row);

  return selected < G_N_ELEMENTS (combo_roles) ? combo_roles[selected] : VD_ROLE_UNKNOWN;
}

static void
select_member_role (VdMemberEditor *self)
{
  VdRole role = vd_member_get_role (self->member);

  for (guint i = 0; i < G_N_ELEMENTS (combo_roles); i++)
    if (combo_roles[i] == role)
      {
        adw_combo_row_set_selected (self->role_row, i);
        return;
      }

  /* A role this version does not know: shown by name, and kept */
  adw_combo_row_set_selected (self->role_row, G_N_ELEMENTS (combo_roles));
}

/* What the caller may do, as docs/api.md says the server decides */

static gboolean
account_lookup (VdMemberEditor  *self,
                const char     **user_id,
                VdRole          *role)
{
  GListModel *organizations;
  VdUser *user;

  if (self->account == NULL || (user = vd_account_get_user (self->account)) == NULL)
    return FALSE;

  *user_id = vd_user_get_id (user);
  *role = VD_ROLE_UNKNOWN;
  organizations = vd_account_get_organizations (self->account);
  for (guint i = 0; i < g_list_model_get_n_items (organizations); i++)
    {
      g_autoptr(VdOrganization) organization = g_list_model_get_item (organizations, i);

      if (g_strcmp0 (vd_organization_get_id (organization),
                     vd_organization_store_get_organization_id (self->store)) == 0)
        *role = vd_organization_get_role (organization);
    }

  return TRUE;
}

static guint
count_owners (VdMemberEditor *self)
{
  GListModel *members = vd_organization_store_get_members (self->store);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (members, i);

      if (vd_member_get_role (member) == VD_ROLE_OWNER)
        n++;
    }

  return n;
}

static void
update_rules (VdMemberEditor *self)
{
  const char *user_id = NULL;
  VdRole viewer = VD_ROLE_UNKNOWN;
  VdRole target = vd_member_get_role (self->member);
  const char *edit_note = NULL;
  const char *role_note = NULL;
  const char *remove_note = NULL;
  gboolean is_self;

  self->can_edit = self->can_edit_role = self->can_remove = TRUE;

  if (!account_lookup (self, &user_id, &viewer))
    {
      /* Nobody told us who is asking: the server decides, and says so */
    }
  else if (viewer == VD_ROLE_OWNER)
    {
      is_self = g_strcmp0 (user_id, vd_member_get_user_id (self->member)) == 0;
      if (is_self)
        {
          self->can_remove = FALSE;
          remove_note = _("You cannot remove yourself.");
        }
      if (target == VD_ROLE_OWNER && count_owners (self) <= 1)
        {
          self->can_edit_role = FALSE;
          role_note = _("An organization needs an owner. Make someone else an owner first.");
        }
    }
  else if (viewer == VD_ROLE_ADMIN && target == VD_ROLE_MEMBER)
    {
      self->can_edit_role = FALSE;
      role_note = _("Only owners can make someone an admin or an owner.");
    }
  else
    {
      self->can_edit = self->can_edit_role = self->can_remove = FALSE;
      if (viewer == VD_ROLE_ADMIN)
        edit_note = _("Only owners can change or remove owners and admins.");
      else
        edit_note = _("Only owners and admins can change or remove members.");
      remove_note = edit_note;
    }

  if (target == VD_ROLE_UNKNOWN)
    {
      self->can_edit_role = FALSE;
      role_note = _("This role is not known to this version of the app.");
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row), role_note ? role_note : "");
  gtk_label_set_label (self->remove_note, remove_note ? remove_note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->remove_note), remove_note != NULL);
  self->edit_note = edit_note;
}

/* Change tracking */

static void
set_changed (VdMemberEditor *self,
             gboolean        changed)
{
  if (self->changed == changed)
    return;

  self->changed = changed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGED]);
}

static void
recompute_changed (VdMemberEditor *self)
{
  VdRole role = get_selected_role (self);
  gboolean role_changed = role != VD_ROLE_UNKNOWN && role != vd_member_get_role (self->member);

  set_changed (self, role_changed ||
                     !vd_permissions_equal (self->permissions, vd_member_get_permissions (self->member)));
  update_state (self);
}

static void
watch_grant (VdMemberEditor *self,
             VdGrant        *grant)
{
  if (grant == NULL || !g_hash_table_add (self->watched_grants, grant))
    return;

  g_signal_connect_object (grant, "notify", G_CALLBACK (recompute_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (grant, "folder-changed", G_CALLBACK (recompute_changed), self, G_CONNECT_SWAPPED);
}

static void
grant_added_cb (VdPermissions  *permissions,
                VdGrant        *grant,
                VdMemberEditor *self)
{
  watch_grant (self, grant);
  recompute_changed (self);
}

/* The member changed on the server (a save, a reload): without edits, the
 * copy follows it */
static void
member_changed_cb (VdMemberEditor *self)
{
  if (!self->changed && !self->saving)
    {
      vd_permissions_update_from (self->permissions, vd_member_get_permissions (self->member));
      select_member_role (self);
    }

  update_rules (self);
  recompute_changed (self);
}

static void
update_state (VdMemberEditor *self)
{
  VdRole role = get_selected_role (self);
  gboolean all_access = vd_role_manages (role);
  g_autofree char *joined = NULL;
  const char *note = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->changed && !self->saving && self->can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.revert", self->changed && !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.retry", !self->saving && self->can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove", !self->saving && self->can_remove);

  gtk_widget_set_sensitive (GTK_WIDGET (self->role_row), self->can_edit_role && !self->saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->permission_editor), self->can_edit && !all_access && !self->saving);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->saving);
  gtk_spinner_set_spinning (self->spinner, self->saving);

  /* Owners and admins hold every right: their grants do not matter */
  gtk_widget_set_visible (GTK_WIDGET (self->permission_editor), !all_access);
  if (all_access)
    note = _("Owners and admins can do everything in every project, with billing and the API.");
  if (self->edit_note != NULL)
    note = all_access ? (joined = g_strconcat (self->edit_note, "\n", note, NULL)) : self->edit_note;
  gtk_label_set_label (self->permissions_note, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->permissions_note), note != NULL);
}

/* Saving */

static const char *
project_name_cb (const char *id,
                 gpointer    user_data)
{
  VdMemberEditor *self = user_data;
  VdProject *project = vd_organization_store_lookup_project (self->store, id);

  return project ? vd_project_get_name (project) : NULL;
}

static const char *
folder_name_cb (const char *id,
                gpointer    user_data)
{
  VdMemberEditor *self = user_data;

  return vd_permission_editor_lookup_folder_name (self->permission_editor, id);
}

/* The changes in words, one a line (free with g_ptr_array_unref) */
static GPtrArray *
describe_changes (VdMemberEditor *self)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) permission_lines = NULL;
  VdRole role = get_selected_role (self);

  if (role != VD_ROLE_UNKNOWN && role != vd_member_get_role (self->member))
    g_ptr_array_add (lines, g_strdup_printf (_("Role: %s → %s"),
                                             vd_role_get_label_for_name (vd_member_get_role_name (self->member)),
                                             vd_role_get_label (role)));

  permission_lines = vd_permissions_diff (vd_member_get_permissions (self->member), self->permissions,
                                          project_name_cb, folder_name_cb, self);
  for (guint i = 0; i < permission_lines->len; i++)
    g_ptr_array_add (lines, g_strdup (permission_lines->pdata[i]));

  return g_steal_pointer (&lines);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VdMemberEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_organization_store_update_member_finish (VD_ORGANIZATION_STORE (object), result, &error) &&
      vd_ui_is_cancelled (error))
    return;

  self->saving = FALSE;

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The changes were not saved. %s"), error->message);

      /* The edits stay as they are, for Retry */
      self->close_after_save = FALSE;
      gtk_label_set_label (self->error_label, text);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      update_state (self);
      return;
    }

  /* The store has updated the member in place: show what it holds now */
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  vd_permissions_update_from (self->permissions, vd_member_get_permissions (self->member));
  select_member_role (self);
  update_rules (self);
  recompute_changed (self);

  if (self->close_after_save)
    {
      AdwToastOverlay *overlay = parent_toast_overlay (self);

      if (overlay != NULL)
        vd_ui_overlay_add_toast (overlay, vd_ui_toast_new (_("Changes saved")));
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  vd_ui_overlay_add_toast (self->toast_overlay, vd_ui_toast_new (_("Changes saved")));
}

static void
start_save (VdMemberEditor *self)
{
  VdRole role = get_selected_role (self);
  gboolean permissions_changed = !vd_permissions_equal (self->permissions,
                                                        vd_member_get_permissions (self->member));

  if (self->saving)
    return;

  if (role == vd_member_get_role (self->member))
    role = VD_ROLE_UNKNOWN;   /* not sent */

  self->saving = TRUE;
  update_state (self);
  vd_organization_store_update_member_async (self->store, self->member, role,
                                             permissions_changed ? self->permissions : NULL,
                                             self->cancellable, saved_cb, g_object_ref (self));
}

static void
save_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  VdMemberEditor   *self)
{
  if (g_strcmp0 (response, "save") == 0)
    start_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VdMemberEditor *self = VD_MEMBER_EDITOR (widget);
  g_autoptr(GPtrArray) lines = NULL;
  GtkWidget *dialog;
  GtkWidget *box;

  if (!self->changed || self->saving)
    return;

  lines = describe_changes (self);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("For %s, this changes:"),
                                  vd_member_get_display_name (self->member));

  /* One label a change; a long list scrolls */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Changes"),
                                  -1);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("• %s", (const char *) lines->pdata[i]);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (box), label);
    }

  if (lines->len > 8)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
    }
  else
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VdMemberEditor *self = VD_MEMBER_EDITOR (widget);

  if (self->changed)
    start_save (self);
  else
    gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
revert (VdMemberEditor *self)
{
  vd_permissions_update_from (self->permissions, vd_member_get_permissions (self->member));
  select_member_role (self);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  recompute_changed (self);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  revert (VD_MEMBER_EDITOR (widget));
}

/* Closing with unsaved changes */

static gboolean
destroy_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

/* From a dialog's response: its own closing still needs its parent */
static void
destroy_soon (VdMemberEditor *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_cb, g_object_ref (self), g_object_unref);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   VdMemberEditor   *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      revert (self);
      destroy_soon (self);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      start_save (self);
    }
}

static gboolean
vd_member_editor_close_request (GtkWindow *window)
{
  VdMemberEditor *self = VD_MEMBER_EDITOR (window);
  GtkWidget *dialog;

  /* A save under way closes the editor when it succeeds */
  if (self->saving)
    {
      self->close_after_save = TRUE;
      return TRUE;
    }

  if (!self->changed)
    return GTK_WINDOW_CLASS (vd_member_editor_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The changes to %s are not saved yet. Discarded changes are lost."),
                                  vd_member_get_display_name (self->member));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", self->can_edit);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* Removing, with Undo while the toast shows */

typedef struct
{
  VdOrganizationStore *store;
  VdMember            *member;
  AdwToast            *toast;        /* weak: the overlay owns it */
  GWeakRef             overlay;      /* for an error */
  GApplication        *application;  /* held while the removal waits */
  gulong               shutdown_id;
  gboolean            *done;         /* set when the server has answered */
} PendingRemoval;

static void toast_gone_cb (gpointer  data,
                           GObject  *where_the_object_was);

static void
pending_removal_disconnect (PendingRemoval *pending)
{
  if (pending->toast != NULL)
    {
      g_signal_handlers_disconnect_by_data (pending->toast, pending);
      g_object_weak_unref (G_OBJECT (pending->toast), toast_gone_cb, pending);
      pending->toast = NULL;
    }

  if (pending->application != NULL && pending->shutdown_id != 0)
    g_clear_signal_handler (&pending->shutdown_id, pending->application);
}

static void
pending_removal_free (PendingRemoval *pending)
{
  pending_removal_disconnect (pending);
  if (pending->done != NULL)
    *pending->done = TRUE;
  if (pending->application != NULL)
    g_application_release (pending->application);
  g_clear_object (&pending->application);
  g_clear_object (&pending->store);
  g_clear_object (&pending->member);
  g_weak_ref_clear (&pending->overlay);
  g_free (pending);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PendingRemoval *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_organization_store_remove_member_finish (VD_ORGANIZATION_STORE (object), result, &error))
    {
      g_autoptr(AdwToastOverlay) overlay = g_weak_ref_get (&pending->overlay);

      /* Back in the list, as it was */
      vd_organization_store_unhide_member (pending->store, pending->member);
      if (overlay != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("%s was not removed. %s"),
                                                   vd_member_get_display_name (pending->member),
                                                   error->message);
          AdwToast *toast = vd_ui_toast_new (text);

          adw_toast_set_timeout (toast, 0);
          vd_ui_overlay_add_toast (overlay, toast);
        }
      else
        g_warning ("Removing %s failed: %s", vd_member_get_email (pending->member), error->message);
    }

  pending_removal_free (pending);
}

static void
pending_removal_commit (PendingRemoval *pending)
{
  pending_removal_disconnect (pending);
  vd_organization_store_remove_member_async (pending->store, pending->member, NULL,
                                             removed_cb, pending);
}

static void
undo_clicked_cb (AdwToast       *toast,
                 PendingRemoval *pending)
{
  vd_organization_store_unhide_member (pending->store, pending->member);
  pending_removal_free (pending);
}

static void
toast_dismissed_cb (AdwToast       *toast,
                    PendingRemoval *pending)
{
  pending_removal_commit (pending);
}

/* The toast went with its window before it was dismissed */
static void
toast_gone_cb (gpointer  data,
               GObject  *where_the_object_was)
{
  PendingRemoval *pending = data;

  pending->toast = NULL;
  pending_removal_commit (pending);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Quitting: send the removal now and wait for the answer */
static void
application_shutdown_cb (GApplication   *application,
                         PendingRemoval *pending)
{
  gboolean done = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id;

  pending->done = &done;
  pending_removal_commit (pending);

  timeout_id = g_timeout_add_seconds (SHUTDOWN_COMMIT_TIMEOUT_SECONDS, timed_out_cb, &timed_out);
  while (!done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  else
    pending->done = NULL;   /* still running; nobody waits any more */
}

static void
remove_deferred (VdOrganizationStore *store,
                 VdMember            *member,
                 AdwToastOverlay     *overlay)
{
  PendingRemoval *pending = g_new0 (PendingRemoval, 1);
  g_autofree char *title = NULL;
  GApplication *application = g_application_get_default ();

  pending->store = g_object_ref (store);
  pending->member = g_object_ref (member);
  g_weak_ref_init (&pending->overlay, overlay);

  vd_organization_store_hide_member (store, member);

  if (application != NULL)
    {
      pending->application = g_object_ref (application);
      g_application_hold (application);
      pending->shutdown_id = g_signal_connect (application, "shutdown",
                                               G_CALLBACK (application_shutdown_cb), pending);
    }

  /* Without a window to offer Undo in, at once */
  if (overlay == NULL)
    {
      pending_removal_commit (pending);
      return;
    }

  title = g_strdup_printf (_("%s was removed"), vd_member_get_display_name (member));
  pending->toast = vd_ui_toast_new (title);
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  adw_toast_set_priority (pending->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (pending->toast, "button-clicked", G_CALLBACK (undo_clicked_cb), pending);
  g_signal_connect (pending->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), pending);
  g_object_weak_ref (G_OBJECT (pending->toast), toast_gone_cb, pending);
  vd_ui_overlay_add_toast (overlay, pending->toast);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    VdMemberEditor   *self)
{
  if (g_strcmp0 (response, "remove") != 0)
    return;

  remove_deferred (self->store, self->member, parent_toast_overlay (self));
  /* Unsaved edits of a member being removed are moot */
  destroy_soon (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdMemberEditor *self = VD_MEMBER_EDITOR (widget);
  GtkWidget *dialog;

  if (!self->can_remove)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s?"),
                                     vd_member_get_display_name (self->member));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("They lose access to the organization and all its projects. "
                                 "You can undo this for a few seconds."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Setup */

static void
setup (VdMemberEditor *self)
{
  VdPermissions *member_permissions;
  g_auto(GStrv) project_ids = NULL;
  GListModel *projects;

  if (self->store == NULL || self->member == NULL || self->permissions != NULL)
    return;

  g_object_bind_property (self->member, "display-name", self->window_title, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->member, "display-name", self, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->member, "email", self->window_title, "subtitle", G_BINDING_SYNC_CREATE);

  /* The role of a newer server: shown, not chosen */
  if (vd_member_get_role (self->member) == VD_ROLE_UNKNOWN)
    gtk_string_list_append (self->roles, vd_role_get_label_for_name (vd_member_get_role_name (self->member)));
  select_member_role (self);

  member_permissions = vd_member_get_permissions (self->member);
  self->permissions = vd_permissions_copy (member_permissions);

  /* Every grant of the copy is watched: those it has, those of the
   * projects shown, and those made later */
  g_signal_connect_object (self->permissions, "notify", G_CALLBACK (recompute_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->permissions, "grant-added", G_CALLBACK (grant_added_cb), self, 0);
  project_ids = vd_permissions_dup_project_ids (self->permissions);
  for (guint i = 0; project_ids[i] != NULL; i++)
    watch_grant (self, vd_permissions_ensure_grant (self->permissions, project_ids[i]));
  projects = vd_organization_store_get_projects (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (projects); i++)
    {
      g_autoptr(VdProject) project = g_list_model_get_item (projects, i);

      watch_grant (self, vd_permissions_ensure_grant (self->permissions, vd_project_get_id (project)));
    }

  /* The member's own changes: from a save, or a reload */
  g_signal_connect_object (self->member, "notify::role", G_CALLBACK (member_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (member_permissions, "notify", G_CALLBACK (member_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (member_permissions, "grant-added", G_CALLBACK (member_changed_cb), self, G_CONNECT_SWAPPED);
  g_clear_pointer (&project_ids, g_strfreev);
  project_ids = vd_permissions_dup_project_ids (member_permissions);
  for (guint i = 0; project_ids[i] != NULL; i++)
    {
      VdGrant *grant = vd_permissions_lookup_grant (member_permissions, project_ids[i]);

      g_signal_connect_object (grant, "notify", G_CALLBACK (member_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (grant, "folder-changed", G_CALLBACK (member_changed_cb), self, G_CONNECT_SWAPPED);
    }

  vd_permission_editor_set_store (self->permission_editor, self->store);
  vd_permission_editor_set_permissions (self->permission_editor, self->permissions);

  g_signal_connect_object (self->role_row, "notify::selected", G_CALLBACK (recompute_changed), self,
                           G_CONNECT_SWAPPED);

  update_rules (self);
  recompute_changed (self);
}

VdMemberEditor *
vd_member_editor_new (GtkWindow           *parent,
                      VdOrganizationStore *store,
                      VdMember            *member)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VD_IS_ORGANIZATION_STORE (store), NULL);
  g_return_val_if_fail (VD_IS_MEMBER (member), NULL);

  return g_object_new (VD_TYPE_MEMBER_EDITOR,
                       "transient-for", parent,
                       "store", store,
                       "member", member,
                       NULL);
}

VdAccount *
vd_member_editor_get_account (VdMemberEditor *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_EDITOR (self), NULL);

  return self->account;
}

void
vd_member_editor_set_account (VdMemberEditor *self,
                              VdAccount      *account)
{
  g_return_if_fail (VD_IS_MEMBER_EDITOR (self));
  g_return_if_fail (account == NULL || VD_IS_ACCOUNT (account));

  if (!g_set_object (&self->account, account))
    return;

  if (self->member != NULL && self->store != NULL)
    {
      update_rules (self);
      update_state (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

gboolean
vd_member_editor_get_changed (VdMemberEditor *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_EDITOR (self), FALSE);

  return self->changed;
}

VdPermissionEditor *
vd_member_editor_get_permission_editor (VdMemberEditor *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_EDITOR (self), NULL);

  return self->permission_editor;
}

static void
vd_member_editor_constructed (GObject *object)
{
  VdMemberEditor *self = VD_MEMBER_EDITOR (object);

  G_OBJECT_CLASS (vd_member_editor_parent_class)->constructed (object);

  setup (self);
  update_state (self);
}

static void
vd_member_editor_dispose (GObject *object)
{
  VdMemberEditor *self = VD_MEMBER_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_MEMBER_EDITOR);
  g_clear_object (&self->permissions);
  g_clear_object (&self->account);
  g_clear_object (&self->member);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vd_member_editor_parent_class)->dispose (object);
}

static void
vd_member_editor_finalize (GObject *object)
{
  VdMemberEditor *self = VD_MEMBER_EDITOR (object);

  g_clear_pointer (&self->watched_grants, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vd_member_editor_parent_class)->finalize (object);
}

static void
vd_member_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VdMemberEditor *self = VD_MEMBER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_CHANGED:
      g_value_set_boolean (value, self->changed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_member_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VdMemberEditor *self = VD_MEMBER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_MEMBER:
      self->member = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      vd_member_editor_set_account (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_member_editor_class_init (VdMemberEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = vd_member_editor_constructed;
  object_class->dispose = vd_member_editor_dispose;
  object_class->finalize = vd_member_editor_finalize;
  object_class->get_property = vd_member_editor_get_property;
  object_class->set_property = vd_member_editor_set_property;
  window_class->close_request = vd_member_editor_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VD_TYPE_ORGANIZATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL, VD_TYPE_MEMBER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, VD_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGED] =
    g_param_spec_boolean ("changed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VD_TYPE_PERMISSION_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-member-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, role_row);
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, roles);
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, permissions_note);
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, permission_editor);
  gtk_widget_class_bind_template_child (widget_class, VdMemberEditor, remove_note);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "editor.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "editor.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vd_member_editor_init (VdMemberEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->watched_grants = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (combo_roles); i++)
    gtk_string_list_append (self->roles, vd_role_get_label (combo_roles[i]));
}
