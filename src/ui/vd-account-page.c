/* vd-account-page.c — the signed-in person's own business: their name, their
 * password, the devices they are signed in on, and signing out
 *
 * The avatar, the name and the email follow the account's VdUser through
 * property bindings. The name fields are filled from it too, but only while
 * they hold no unsaved edit: a reload never throws away what was typed. A
 * refused save or password change keeps the fields as they are, says what is
 * wrong under the field (the server's field errors included) or in a toast
 * with "Retry".
 *
 * The sessions load each time the page is shown; every session but this
 * one has "Sign Out". "Sign Out" at the bottom activates the window's
 * "win.sign-out", which also forgets the stored credentials.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-account-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-account-page.h"
#include "vd-api-error.h"
#include "vd-ui-util.h"

struct _VdAccountPage
{
  AdwBin         parent_instance;

  GtkWidget     *scrolled_window;
  AdwAvatar     *avatar;
  GtkLabel      *display_name_label;
  GtkLabel      *email_label;
  AdwEntryRow   *first_name_row;
  AdwEntryRow   *last_name_row;
  AdwActionRow  *email_row;
  GtkLabel      *first_name_error;
  GtkLabel      *last_name_error;
  GtkSpinner    *profile_spinner;
  GtkWidget     *save_button;
  AdwPasswordEntryRow *current_password_row;
  AdwPasswordEntryRow *new_password_row;
  AdwPasswordEntryRow *confirm_password_row;
  GtkLabel      *current_password_error;
  GtkLabel      *new_password_error;
  GtkLabel      *confirm_password_error;
  GtkSpinner    *password_spinner;
  GtkWidget     *change_password_button;
  GtkSpinner    *sessions_spinner;
  GtkListBox    *sessions_list;
  GtkLabel      *sessions_error;

  VdAccount     *account;
  VdUser        *user;
  GPtrArray     *bindings;          /* GBinding to the user */
  GListStore    *sessions;          /* VdAuthSession */
  GCancellable  *cancellable;
  GHashTable    *busy;              /* ids of sessions being signed out */
  char          *shown_first_name;  /* what the fields were filled with */
  char          *shown_last_name;
  gboolean       saving;
  gboolean       changing_password;
  gboolean       loading_sessions;
};

G_DEFINE_FINAL_TYPE (VdAccountPage, vd_account_page, ADW_TYPE_BIN)

static const char *
row_text (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;

  local = g_date_time_to_local (time);
  /* The locale's own date and time */
  return g_date_time_format (local, "%x %X");
}

/* The server's message for a field of a validation error, or NULL */
static const char *
server_field_error (const GError *error,
                    const char   *field)
{
  if (!g_error_matches (error, VD_API_ERROR, VD_API_ERROR_VALIDATION))
    return NULL;
  return vd_api_error_lookup_field (error, field);
}


/* Profile */

static gboolean
profile_dirty (VdAccountPage *self)
{
  return g_strcmp0 (row_text (self->first_name_row), self->shown_first_name) != 0 ||
         g_strcmp0 (row_text (self->last_name_row), self->shown_last_name) != 0;
}

static void
update_save_button (VdAccountPage *self)
{
  gtk_widget_set_sensitive (self->save_button, self->user != NULL && !self->saving && profile_dirty (self));
}

/* The user's names into the fields, unless an edit is waiting there */
static void
user_names_changed_cb (VdAccountPage *self)
{
  gboolean dirty = profile_dirty (self);

  if (self->user == NULL || dirty)
    {
      update_save_button (self);
      return;
    }

  g_free (self->shown_first_name);
  g_free (self->shown_last_name);
  self->shown_first_name = g_strdup (vd_user_get_first_name (self->user));
  self->shown_last_name = g_strdup (vd_user_get_last_name (self->user));
  gtk_editable_set_text (GTK_EDITABLE (self->first_name_row), self->shown_first_name);
  gtk_editable_set_text (GTK_EDITABLE (self->last_name_row), self->shown_last_name);
  update_save_button (self);
}

static void
profile_changed_cb (VdAccountPage *self,
                    GtkEditable   *field)
{
  if (field == GTK_EDITABLE (self->first_name_row))
    vd_ui_set_field_error (self->first_name_error, GTK_WIDGET (field), NULL);
  else
    vd_ui_set_field_error (self->last_name_error, GTK_WIDGET (field), NULL);
  update_save_button (self);
}

static void
set_saving (VdAccountPage *self,
            gboolean       saving)
{
  self->saving = saving;
  gtk_widget_set_visible (GTK_WIDGET (self->profile_spinner), saving);
  gtk_spinner_set_spinning (self->profile_spinner, saving);
  update_save_button (self);
}

static void save_clicked_cb (VdAccountPage *self);

static void
profile_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VdAccountPage *self;
  g_autoptr(GError) error = NULL;
  const char *first_message, *last_message;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error) && vd_ui_is_cancelled (error))
    return;

  self = VD_ACCOUNT_PAGE (user_data);
  set_saving (self, FALSE);

  if (error == NULL)
    {
      /* The user is updated already; the fields say what it holds */
      g_free (self->shown_first_name);
      g_free (self->shown_last_name);
      self->shown_first_name = g_strdup (row_text (self->first_name_row));
      self->shown_last_name = g_strdup (row_text (self->last_name_row));
      user_names_changed_cb (self);
      vd_ui_toast (GTK_WIDGET (self), _("Profile saved"));
      return;
    }

  /* The edits stay in the fields */
  first_message = server_field_error (error, "first_name");
  last_message = server_field_error (error, "last_name");
  vd_ui_set_field_error (self->first_name_error, GTK_WIDGET (self->first_name_row), first_message);
  vd_ui_set_field_error (self->last_name_error, GTK_WIDGET (self->last_name_row), last_message);
  if (first_message == NULL && last_message == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the profile: %s"), error->message);
      AdwToast *toast = vd_ui_toast_new (message);

      adw_toast_set_button_label (toast, _("_Retry"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (save_clicked_cb), self, G_CONNECT_SWAPPED);
      vd_ui_add_toast (GTK_WIDGET (self), toast);
    }
}

static const char *
name_error (const char *name,
            gboolean    first)
{
  if (*name == '\0')
    return first ? _("Enter your first name.") : _("Enter your last name.");
  if (g_utf8_strlen (name, -1) > 255)
    return _("This name is too long: use at most 255 characters.");
  return NULL;
}

static void
save_clicked_cb (VdAccountPage *self)
{
  g_autofree char *first_name = g_strstrip (g_strdup (row_text (self->first_name_row)));
  g_autofree char *last_name = g_strstrip (g_strdup (row_text (self->last_name_row)));
  const char *first_message = name_error (first_name, TRUE);
  const char *last_message = name_error (last_name, FALSE);

  if (self->account == NULL || self->user == NULL || self->saving)
    return;

  vd_ui_set_field_error (self->first_name_error, GTK_WIDGET (self->first_name_row), first_message);
  vd_ui_set_field_error (self->last_name_error, GTK_WIDGET (self->last_name_row), last_message);
  if (first_message != NULL || last_message != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (first_message ? self->first_name_row : self->last_name_row));
      return;
    }

  set_saving (self, TRUE);
  vd_account_update_profile_async (self->account, first_name, last_name, self->cancellable,
                                   profile_saved_cb, self);
}


/* Password */

/* What is wrong with a new password by the rules of docs/api.md, or NULL */
static const char *
new_password_error (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;
  glong length = g_utf8_strlen (password, -1);

  if (length == 0)
    return _("Enter a new password.");
  if (length < 8)
    return _("This password is too short: use at least 8 characters.");
  if (length > 100)
    return _("This password is too long: use at most 100 characters.");

  for (const char *p = password; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        lower = TRUE;
      else if (g_unichar_isupper (c))
        upper = TRUE;
      else if (g_unichar_isdigit (c))
        digit = TRUE;
      else
        other = TRUE;
    }

  if (!(lower && upper && digit && other))
    return _("Use a lower-case letter, an upper-case letter, a digit and a symbol.");
  return NULL;
}

static void
clear_password_errors (VdAccountPage *self)
{
  vd_ui_set_field_error (self->current_password_error, GTK_WIDGET (self->current_password_row), NULL);
  vd_ui_set_field_error (self->new_password_error, GTK_WIDGET (self->new_password_row), NULL);
  vd_ui_set_field_error (self->confirm_password_error, GTK_WIDGET (self->confirm_password_row), NULL);
}

/* Typing clears what was said about the field; a confirmation as long as
 * the new password that differs from it says so at once */
static void
password_changed_cb (VdAccountPage *self,
                     GtkEditable   *field)
{
  const char *new_password = row_text (self->new_password_row);
  const char *confirm = row_text (self->confirm_password_row);

  if (field == GTK_EDITABLE (self->current_password_row))
    {
      vd_ui_set_field_error (self->current_password_error, GTK_WIDGET (field), NULL);
      return;
    }

  if (field == GTK_EDITABLE (self->new_password_row))
    vd_ui_set_field_error (self->new_password_error, GTK_WIDGET (field), NULL);

  if (*confirm != '\0' && strlen (confirm) >= strlen (new_password) && !g_str_equal (confirm, new_password))
    vd_ui_set_field_error (self->confirm_password_error, GTK_WIDGET (self->confirm_password_row),
                     _("The passwords do not match."));
  else
    vd_ui_set_field_error (self->confirm_password_error, GTK_WIDGET (self->confirm_password_row), NULL);
}

static void
set_changing_password (VdAccountPage *self,
                       gboolean       changing)
{
  self->changing_password = changing;
  gtk_widget_set_visible (GTK_WIDGET (self->password_spinner), changing);
  gtk_spinner_set_spinning (self->password_spinner, changing);
  gtk_widget_set_sensitive (self->change_password_button, !changing && self->account != NULL);
}

static void change_password_clicked_cb (VdAccountPage *self);
static void load_sessions (VdAccountPage *self);

static void
password_changed_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  VdAccountPage *self;
  g_autoptr(GError) error = NULL;
  const char *current_message, *new_message;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error) && vd_ui_is_cancelled (error))
    return;

  self = VD_ACCOUNT_PAGE (user_data);
  set_changing_password (self, FALSE);

  if (error == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->current_password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->confirm_password_row), "");
      clear_password_errors (self);
      vd_ui_toast (GTK_WIDGET (self), _("Password changed. Your other sessions were signed out."));
      /* The server ended the other sessions */
      load_sessions (self);
      return;
    }

  /* The passwords stay typed */
  current_message = NULL;
  if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_VALIDATION) &&
      vd_api_error_lookup_field (error, "current_password") != NULL)
    current_message = _("This is not your current password.");
  new_message = server_field_error (error, "new_password");
  vd_ui_set_field_error (self->current_password_error, GTK_WIDGET (self->current_password_row), current_message);
  vd_ui_set_field_error (self->new_password_error, GTK_WIDGET (self->new_password_row), new_message);
  if (current_message != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->current_password_row));
  else if (new_message != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
  else
    {
      g_autofree char *message = g_strdup_printf (_("Could not change the password: %s"), error->message);
      AdwToast *toast = vd_ui_toast_new (message);

      adw_toast_set_button_label (toast, _("_Retry"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (change_password_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      vd_ui_add_toast (GTK_WIDGET (self), toast);
    }
}

static void
change_password_clicked_cb (VdAccountPage *self)
{
  const char *current = row_text (self->current_password_row);
  const char *new_password = row_text (self->new_password_row);
  const char *confirm = row_text (self->confirm_password_row);
  const char *current_message = *current == '\0' ? _("Enter your current password.") : NULL;
  const char *new_message = new_password_error (new_password);
  const char *confirm_message = NULL;

  if (self->account == NULL || self->changing_password)
    return;

  if (new_message == NULL && !g_str_equal (new_password, confirm))
    confirm_message = *confirm == '\0' ? _("Enter the new password again.") : _("The passwords do not match.");

  vd_ui_set_field_error (self->current_password_error, GTK_WIDGET (self->current_password_row), current_message);
  vd_ui_set_field_error (self->new_password_error, GTK_WIDGET (self->new_password_row), new_message);
  vd_ui_set_field_error (self->confirm_password_error, GTK_WIDGET (self->confirm_password_row), confirm_message);
  if (current_message != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->current_password_row));
  else if (new_message != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
  else if (confirm_message != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->confirm_password_row));
  if (current_message != NULL || new_message != NULL || confirm_message != NULL)
    return;

  set_changing_password (self, TRUE);
  vd_account_change_password_async (self->account, current, new_password, self->cancellable,
                                    password_changed_done_cb, self);
}


/* Sessions */

typedef struct
{
  VdAccountPage *page;
  AdwActionRow  *row;
  GtkWidget     *sign_out_button;
} SessionRow;

static VdAuthSession *
lookup_session (VdAccountPage *self,
                const char    *id,
                guint         *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
    {
      g_autoptr(VdAuthSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      if (g_strcmp0 (vd_auth_session_get_id (session), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return session;   /* the list holds it */
        }
    }

  return NULL;
}

/* "Firefox on Linux" would need a user agent parser: the text as sent,
 * or a word for none */
static const char *
device_name (VdAuthSession *session)
{
  const char *agent = vd_auth_session_get_user_agent (session);

  return agent != NULL && *agent != '\0' ? agent : _("Unknown device");
}

static void
update_session_row (VdAuthSession *session,
                    GParamSpec    *pspec,
                    GtkWidget     *row)
{
  SessionRow *widgets = g_object_get_data (G_OBJECT (row), "widgets");
  const char *ip = vd_auth_session_get_ip_address (session);
  g_autofree char *active = format_time (vd_auth_session_get_last_active_at (session));
  g_autofree char *subtitle = NULL;
  gboolean busy = g_hash_table_contains (widgets->page->busy, vd_auth_session_get_id (session));

  if (ip == NULL || *ip == '\0')
    ip = _("unknown address");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widgets->row), device_name (session));
  /* Translators: "127.0.0.1 · Last active 12/05/26 14:03:00" */
  subtitle = active ? g_strdup_printf (_("%s · Last active %s"), ip, active) : g_strdup (ip);
  adw_action_row_set_subtitle (widgets->row, subtitle);
  gtk_widget_set_sensitive (widgets->sign_out_button, !busy);
}

static GtkWidget *
create_session_row (gpointer item,
                    gpointer user_data)
{
  VdAuthSession *session = item;
  SessionRow *widgets = g_new0 (SessionRow, 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (vd_auth_session_get_current (session)
                                                  ? "computer-symbolic" : "network-workgroup-symbolic");
  g_autofree char *description = g_strdup_printf (_("Sign out of the session on %s"), device_name (session));

  widgets->page = user_data;
  widgets->row = ADW_ACTION_ROW (row);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (vd_auth_session_get_current (session))
    {
      GtkWidget *label = gtk_label_new (_("This Device"));

      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      /* Nothing to press here: the label stands in for the button */
      widgets->sign_out_button = label;
    }
  else
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Sign Out"));

      vd_ui_button_name_from_text (GTK_BUTTON (button));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      description, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "account.revoke-session");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", vd_auth_session_get_id (session));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      widgets->sign_out_button = button;
    }

  g_object_set_data_full (G_OBJECT (row), "widgets", widgets, g_free);
  g_object_set_data_full (G_OBJECT (row), "session", g_object_ref (session), g_object_unref);
  g_signal_connect_object (session, "notify", G_CALLBACK (update_session_row), row, 0);
  update_session_row (session, NULL, row);

  return row;
}

static void
update_session_rows (VdAccountPage *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sessions_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      VdAuthSession *session = g_object_get_data (G_OBJECT (row), "session");

      if (session != NULL)
        update_session_row (session, NULL, row);
    }
}

static void
set_loading_sessions (VdAccountPage *self,
                      gboolean       loading)
{
  self->loading_sessions = loading;
  gtk_widget_set_visible (GTK_WIDGET (self->sessions_spinner), loading);
  gtk_spinner_set_spinning (self->sessions_spinner, loading);
}

/* This device first, then the most recently active */
static int
compare_sessions (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  VdAuthSession *session_a = (VdAuthSession *) a;
  VdAuthSession *session_b = (VdAuthSession *) b;
  GDateTime *active_a, *active_b;

  if (vd_auth_session_get_current (session_a) != vd_auth_session_get_current (session_b))
    return vd_auth_session_get_current (session_a) ? -1 : 1;

  active_a = vd_auth_session_get_last_active_at (session_a);
  active_b = vd_auth_session_get_last_active_at (session_b);
  if (active_a == NULL || active_b == NULL)
    return (active_a == NULL) - (active_b == NULL);
  return g_date_time_compare (active_b, active_a);
}

static void
sessions_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  VdAccountPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) sessions = vd_account_list_finish (VD_ACCOUNT (object), result, &error);
  g_autoptr(GPtrArray) items = NULL;

  if (sessions == NULL && vd_ui_is_cancelled (error))
    return;

  self = VD_ACCOUNT_PAGE (user_data);
  set_loading_sessions (self, FALSE);

  if (sessions == NULL)
    {
      /* The list keeps what it showed; the error says why it is not fresh */
      g_autofree char *message = g_strdup_printf (_("Could not load the sessions: %s"), error->message);

      gtk_label_set_label (self->sessions_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->sessions_error), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sessions_error), FALSE);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    g_ptr_array_add (items, g_list_model_get_item (sessions, i));
  g_list_store_splice (self->sessions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sessions)),
                       items->pdata, items->len);
  g_list_store_sort (self->sessions, compare_sessions, NULL);
  g_hash_table_remove_all (self->busy);
}

static void
load_sessions (VdAccountPage *self)
{
  if (self->account == NULL || !vd_account_get_signed_in (self->account) || self->loading_sessions)
    return;

  set_loading_sessions (self, TRUE);
  vd_account_load_sessions_async (self->account, self->cancellable, sessions_loaded_cb, self);
}

/**
 * vd_account_page_reload_sessions:
 *
 * Loads the person's sessions again (the page does so itself each time it
 * is shown).
 */
void
vd_account_page_reload_sessions (VdAccountPage *self)
{
  g_return_if_fail (VD_IS_ACCOUNT_PAGE (self));

  load_sessions (self);
}

gboolean
vd_account_page_get_loading_sessions (VdAccountPage *self)
{
  g_return_val_if_fail (VD_IS_ACCOUNT_PAGE (self), FALSE);

  return self->loading_sessions;
}

GListModel *
vd_account_page_get_sessions (VdAccountPage *self)
{
  g_return_val_if_fail (VD_IS_ACCOUNT_PAGE (self), NULL);

  return G_LIST_MODEL (self->sessions);
}

static void
reload_sessions_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  load_sessions (VD_ACCOUNT_PAGE (widget));
}

typedef struct
{
  VdAccountPage *page;
  VdAuthSession *session;
} RevokeData;

static void
revoke_data_free (RevokeData *data)
{
  g_clear_object (&data->session);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RevokeData, revoke_data_free)

static void revoke_session (VdAccountPage *self,
                            VdAuthSession *session);

static void
retry_revoke_cb (AdwToast      *toast,
                 VdAccountPage *self)
{
  VdAuthSession *session = lookup_session (self, g_object_get_data (G_OBJECT (toast), "session-id"), NULL);

  if (session != NULL)
    revoke_session (self, session);
}

static void
revoked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RevokeData) data = user_data;
  g_autoptr(GError) error = NULL;
  VdAccountPage *self;
  const char *id = vd_auth_session_get_id (data->session);
  g_autofree char *message = NULL;
  guint position;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error) && vd_ui_is_cancelled (error))
    return;

  self = data->page;
  g_hash_table_remove (self->busy, id);

  /* Gone already (404) is as good as signed out */
  if (error == NULL || g_error_matches (error, VD_API_ERROR, VD_API_ERROR_NOT_FOUND))
    {
      if (lookup_session (self, id, &position) != NULL)
        g_list_store_remove (self->sessions, position);
      /* Translators: the device, as its browser or app names itself */
      message = g_strdup_printf (_("Signed out of the session on %s"), device_name (data->session));
      vd_ui_toast (GTK_WIDGET (self), message);
    }
  else
    {
      AdwToast *toast;

      update_session_rows (self);
      message = g_strdup_printf (_("Could not sign out of the session on %s: %s"),
                                 device_name (data->session), error->message);
      toast = vd_ui_toast_new (message);
      adw_toast_set_button_label (toast, _("_Retry"));
      g_object_set_data_full (G_OBJECT (toast), "session-id", g_strdup (id), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (retry_revoke_cb), self, 0);
      vd_ui_add_toast (GTK_WIDGET (self), toast);
    }
}

static void
revoke_session (VdAccountPage *self,
                VdAuthSession *session)
{
  RevokeData *data;

  if (self->account == NULL || vd_auth_session_get_current (session) ||
      g_hash_table_contains (self->busy, vd_auth_session_get_id (session)))
    return;

  data = g_new0 (RevokeData, 1);
  data->page = self;
  data->session = g_object_ref (session);
  g_hash_table_add (self->busy, g_strdup (vd_auth_session_get_id (session)));
  update_session_rows (self);
  vd_account_revoke_session_async (self->account, session, self->cancellable, revoked_cb, data);
}

static void
revoke_session_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VdAccountPage *self = VD_ACCOUNT_PAGE (widget);
  VdAuthSession *session = lookup_session (self, g_variant_get_string (parameter, NULL), NULL);

  if (session != NULL)
    revoke_session (self, session);
}


/* The account and its user */

static void
unbind_user (VdAccountPage *self)
{
  if (self->user != NULL)
    g_signal_handlers_disconnect_by_data (self->user, self);
  for (guint i = 0; i < self->bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_ptr_array_set_size (self->bindings, 0);
  g_clear_object (&self->user);
}

static void
bind (VdAccountPage *self,
      const char    *source_property,
      gpointer       target,
      const char    *target_property)
{
  g_ptr_array_add (self->bindings, g_object_bind_property (self->user, source_property, target, target_property,
                                                           G_BINDING_SYNC_CREATE));
}

static void
user_changed_cb (VdAccountPage *self)
{
  VdUser *user = self->account ? vd_account_get_user (self->account) : NULL;

  if (user == self->user)
    return;

  unbind_user (self);
  g_clear_pointer (&self->shown_first_name, g_free);
  g_clear_pointer (&self->shown_last_name, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->first_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->last_name_row), "");
  adw_action_row_set_subtitle (self->email_row, "");
  gtk_label_set_label (self->display_name_label, "");
  gtk_label_set_label (self->email_label, "");
  adw_avatar_set_text (self->avatar, NULL);

  if (user != NULL)
    {
      self->user = g_object_ref (user);
      bind (self, "display-name", self->avatar, "text");
      bind (self, "display-name", self->display_name_label, "label");
      bind (self, "email", self->email_label, "label");
      bind (self, "email", self->email_row, "subtitle");
      g_signal_connect_object (user, "notify::first-name", G_CALLBACK (user_names_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (user, "notify::last-name", G_CALLBACK (user_names_changed_cb), self,
                               G_CONNECT_SWAPPED);
      /* Nothing typed yet: take the names */
      self->shown_first_name = g_strdup ("");
      self->shown_last_name = g_strdup ("");
      user_names_changed_cb (self);
    }
  update_save_button (self);
}

void
vd_account_page_set_account (VdAccountPage *self,
                             VdAccount     *account)
{
  g_return_if_fail (VD_IS_ACCOUNT_PAGE (self));
  g_return_if_fail (account == NULL || VD_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_saving (self, FALSE);
  set_changing_password (self, FALSE);
  set_loading_sessions (self, FALSE);
  g_hash_table_remove_all (self->busy);
  g_list_store_remove_all (self->sessions);
  gtk_widget_set_visible (GTK_WIDGET (self->sessions_error), FALSE);

  /* Another person's page starts clean */
  gtk_editable_set_text (GTK_EDITABLE (self->current_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_password_row), "");
  clear_password_errors (self);
  vd_ui_set_field_error (self->first_name_error, GTK_WIDGET (self->first_name_row), NULL);
  vd_ui_set_field_error (self->last_name_error, GTK_WIDGET (self->last_name_row), NULL);

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_set_object (&self->account, account);
  if (account != NULL)
    g_signal_connect_object (account, "notify::user", G_CALLBACK (user_changed_cb), self, G_CONNECT_SWAPPED);
  user_changed_cb (self);
  set_changing_password (self, FALSE);

  if (account != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_sessions (self);
}

VdAccount *
vd_account_page_get_account (VdAccountPage *self)
{
  g_return_val_if_fail (VD_IS_ACCOUNT_PAGE (self), NULL);

  return self->account;
}

static void
vd_account_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vd_account_page_parent_class)->map (widget);

  /* Sessions come and go elsewhere: fresh ones each time */
  load_sessions (VD_ACCOUNT_PAGE (widget));
}

static void
vd_account_page_dispose (GObject *object)
{
  VdAccountPage *self = VD_ACCOUNT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  if (self->bindings != NULL)
    unbind_user (self);
  g_clear_object (&self->account);
  g_clear_object (&self->cancellable);
  /* The bin's child is the bound template child: let the bin drop it first */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_ACCOUNT_PAGE);
  g_clear_object (&self->sessions);

  G_OBJECT_CLASS (vd_account_page_parent_class)->dispose (object);
}

static void
vd_account_page_finalize (GObject *object)
{
  VdAccountPage *self = VD_ACCOUNT_PAGE (object);

  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  g_clear_pointer (&self->shown_first_name, g_free);
  g_clear_pointer (&self->shown_last_name, g_free);

  G_OBJECT_CLASS (vd_account_page_parent_class)->finalize (object);
}

static void
vd_account_page_class_init (VdAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vd_account_page_dispose;
  object_class->finalize = vd_account_page_finalize;
  widget_class->map = vd_account_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, display_name_label);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, email_label);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, first_name_error);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, last_name_error);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, profile_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, current_password_row);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, confirm_password_row);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, current_password_error);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, new_password_error);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, confirm_password_error);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, password_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, change_password_button);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, sessions_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, sessions_list);
  gtk_widget_class_bind_template_child (widget_class, VdAccountPage, sessions_error);
  gtk_widget_class_bind_template_callback (widget_class, profile_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_password_clicked_cb);

  gtk_widget_class_install_action (widget_class, "account.reload-sessions", NULL, reload_sessions_action);
  gtk_widget_class_install_action (widget_class, "account.revoke-session", "s", revoke_session_action);
}

static void
vd_account_page_init (VdAccountPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bindings = g_ptr_array_new ();
  self->sessions = g_list_store_new (VD_TYPE_AUTH_SESSION);

  placeholder = gtk_label_new (_("No sessions to show"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->sessions_list, placeholder);
  gtk_list_box_bind_model (self->sessions_list, G_LIST_MODEL (self->sessions), create_session_row, self, NULL);

  set_changing_password (self, FALSE);
  update_save_button (self);
}
