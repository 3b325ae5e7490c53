/* vd-sign-in-page.c — the welcome page: sign in, create an account with the
 * mailed code, or reset a forgotten password
 *
 * The page is a stack of steps. It makes a VdClient and a VdAccount for the
 * server in the Server field, runs one request at a time (a spinner and the
 * page's actions disabled meanwhile) and emits "signed-in" with the account
 * once a session with a verified email is open; the window takes it over and
 * the page starts afresh with a new account the next time.
 *
 * Errors are shown on the step they belong to, next to the fields, and never
 * clear what was typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-api-error.h"
#include "vd-client.h"
#include "vd-sign-in-page.h"
#include "vd-ui-util.h"

struct _VdSignInPage
{
  AdwBin         parent_instance;

  GtkWidget     *header_box;
  GtkLabel      *step_title;
  GtkStack      *stack;
  GtkSpinner    *spinner;
  GtkImage      *app_icon;
  GtkWidget     *try_local_button;

  AdwEntryRow   *server_row;
  AdwEntryRow   *email_row;
  AdwEntryRow   *password_row;
  GtkLabel      *sign_in_message;
  GtkWidget     *enter_code_button;

  AdwEntryRow   *first_name_row;
  AdwEntryRow   *last_name_row;
  AdwEntryRow   *register_email_row;
  AdwEntryRow   *register_password_row;
  GtkLabel      *register_rules;
  GtkLabel      *register_message;

  GtkLabel      *verify_description;
  AdwEntryRow   *verify_code_row;
  GtkLabel      *verify_message;
  GtkLabel      *verify_wait;

  AdwEntryRow   *forgot_email_row;
  GtkLabel      *forgot_message;

  GtkLabel      *reset_description;
  AdwEntryRow   *reset_code_row;
  GtkLabel      *reset_code_message;
  GtkLabel      *reset_wait;

  AdwEntryRow   *new_password_row;
  GtkLabel      *new_password_rules;
  GtkLabel      *new_password_message;

  char          *server_url;
  VdCredentials *credentials;
  VdAccount     *account;
  GCancellable  *cancellable;
  gboolean       busy;

  char          *verify_email;       /* where the code of the new account went */
  char          *reset_email;        /* where the reset code went */
  char          *reset_token;        /* traded for the code; wiped when dropped */

  gint64         sign_in_wait_until; /* monotonic µs: the server's rate limit */
  guint          sign_in_wait_id;
  gint64         resend_wait_until;
  guint          resend_wait_id;
};

G_DEFINE_FINAL_TYPE (VdSignInPage, vd_sign_in_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_CREDENTIALS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define STEP_SIGN_IN      "sign-in"
#define STEP_REGISTER     "register"
#define STEP_VERIFY       "verify"
#define STEP_FORGOT       "forgot"
#define STEP_RESET_CODE   "reset-code"
#define STEP_NEW_PASSWORD "new-password"

/* --- helpers ------------------------------------------------------------- */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* The text without surrounding white space (emails, names, codes) */
static char *
row_text_stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (row_text (row)));
}

/* Red for the eye, invalid for screen readers (the message under the
 * step's fields says why) */
static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* A message under a step's fields: an error (red) or a confirmation */
static void
set_message (GtkLabel   *label,
             const char *text,
             gboolean    error)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
    }
}

static guint
seconds_left (gint64 until)
{
  gint64 now = g_get_monotonic_time ();

  if (until <= now)
    return 0;
  return (guint) ((until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/* "Too many attempts. Try again in 30 seconds." (minutes for long waits) */
static char *
format_retry (guint seconds)
{
  if (seconds >= 120)
    {
      guint minutes = (seconds + 59) / 60;

      return g_strdup_printf (ngettext ("Too many attempts. Try again in %u minute.",
                                        "Too many attempts. Try again in %u minutes.", minutes),
                              minutes);
    }

  return g_strdup_printf (ngettext ("Too many attempts. Try again in %u second.",
                                    "Too many attempts. Try again in %u seconds.", seconds),
                          seconds);
}

static const char *
current_step (VdSignInPage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static gboolean
step_is (VdSignInPage *self,
         const char   *step)
{
  return g_strcmp0 (current_step (self), step) == 0;
}

static void
update_actions (VdSignInPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean idle = !self->busy;

  gtk_widget_action_set_enabled (widget, "sign-in.submit", idle);
  gtk_widget_action_set_enabled (widget, "sign-in.back", idle && !step_is (self, STEP_SIGN_IN));
  gtk_widget_action_set_enabled (widget, "sign-in.create-account", idle);
  gtk_widget_action_set_enabled (widget, "sign-in.forgot-password", idle);
  gtk_widget_action_set_enabled (widget, "sign-in.enter-code", idle);
  gtk_widget_action_set_enabled (widget, "sign-in.resend-code", idle && self->resend_wait_id == 0);
  /* "app.try-local" is the application's: its button is made insensitive
   * through its parent, so that the action's own state still counts */
  gtk_widget_set_sensitive (gtk_widget_get_parent (self->try_local_button), idle);
}

static void
set_busy (VdSignInPage *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The first row of the step that still needs typing, else the last one */
static void
focus_first_empty (AdwEntryRow *first,
                   ...)
{
  AdwEntryRow *row = first;
  AdwEntryRow *last = first;
  va_list args;

  va_start (args, first);
  while (row != NULL)
    {
      last = row;
      if (*row_text (row) == '\0')
        break;
      row = va_arg (args, AdwEntryRow *);
    }
  va_end (args);

  gtk_widget_grab_focus (GTK_WIDGET (row ? row : last));
}

static void
focus_step (VdSignInPage *self)
{
  const char *step = current_step (self);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (g_strcmp0 (step, STEP_SIGN_IN) == 0)
    focus_first_empty (self->email_row, self->password_row, NULL);
  else if (g_strcmp0 (step, STEP_REGISTER) == 0)
    focus_first_empty (self->first_name_row, self->last_name_row, self->register_email_row,
                       self->register_password_row, NULL);
  else if (g_strcmp0 (step, STEP_VERIFY) == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->verify_code_row));
  else if (g_strcmp0 (step, STEP_FORGOT) == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->forgot_email_row));
  else if (g_strcmp0 (step, STEP_RESET_CODE) == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->reset_code_row));
  else if (g_strcmp0 (step, STEP_NEW_PASSWORD) == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
}

static void
show_step (VdSignInPage *self,
           const char   *step)
{
  GtkWidget *child;

  gtk_stack_set_visible_child_name (self->stack, step);
  child = gtk_stack_get_visible_child (self->stack);
  gtk_label_set_text (self->step_title, gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));
  gtk_widget_set_visible (self->header_box, g_strcmp0 (step, STEP_SIGN_IN) != 0);
  update_actions (self);
  focus_step (self);
}

static void
clear_reset_token (VdSignInPage *self)
{
  g_clear_pointer (&self->reset_token, vd_client_free_secret);
}

/* --- password rules (docs/api.md: 8–100 characters with a lower-case
 * letter, an upper-case letter, a digit and another character) ----------- */

static gboolean
password_is_valid (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;
  glong length = g_utf8_strlen (password, -1);

  if (length < 8 || length > 100)
    return FALSE;

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

  return lower && upper && digit && other;
}

static const char *
password_rules_text (void)
{
  return _("Use 8 to 100 characters with a lower-case letter, an upper-case letter, a digit and a symbol.");
}

/* The rules under a password field: dim while empty, red while they are not
 * met, a confirmation once they are */
static void
update_rules (GtkLabel    *rules,
              AdwEntryRow *row)
{
  const char *password = row_text (row);
  gboolean valid = password_is_valid (password);
  GtkWidget *widget = GTK_WIDGET (rules);

  gtk_label_set_text (rules, valid ? _("This password meets the rules.") : password_rules_text ());
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "success");
  gtk_widget_remove_css_class (widget, "dim-label");
  if (*password == '\0')
    gtk_widget_add_css_class (widget, "dim-label");
  else
    gtk_widget_add_css_class (widget, valid ? "success" : "error");
  if (valid)
    set_row_error (row, FALSE);
}

/* --- waits the server asks for -------------------------------------------- */

static gboolean
sign_in_wait_tick_cb (gpointer user_data)
{
  VdSignInPage *self = user_data;
  guint left = seconds_left (self->sign_in_wait_until);
  g_autofree char *text = NULL;

  if (left == 0)
    {
      self->sign_in_wait_id = 0;
      set_message (self->sign_in_message, NULL, FALSE);
      return G_SOURCE_REMOVE;
    }

  text = format_retry (left);
  set_message (self->sign_in_message, text, TRUE);
  return G_SOURCE_CONTINUE;
}

static void
start_sign_in_wait (VdSignInPage *self,
                    guint         seconds)
{
  g_clear_handle_id (&self->sign_in_wait_id, g_source_remove);
  self->sign_in_wait_until = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  sign_in_wait_tick_cb (self);
  self->sign_in_wait_id = g_timeout_add (1000, sign_in_wait_tick_cb, self);
}

/* A message on the sign-in step ends the countdown of an earlier one */
static void
set_sign_in_message (VdSignInPage *self,
                     const char   *text,
                     gboolean      error)
{
  g_clear_handle_id (&self->sign_in_wait_id, g_source_remove);
  set_message (self->sign_in_message, text, error);
  gtk_widget_set_visible (self->enter_code_button, FALSE);
}

static gboolean
resend_wait_tick_cb (gpointer user_data)
{
  VdSignInPage *self = user_data;
  guint left = seconds_left (self->resend_wait_until);
  g_autofree char *text = NULL;

  if (left == 0)
    {
      self->resend_wait_id = 0;
      gtk_widget_set_visible (GTK_WIDGET (self->verify_wait), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reset_wait), FALSE);
      update_actions (self);
      return G_SOURCE_REMOVE;
    }

  text = g_strdup_printf (ngettext ("You can ask for a new code in %u second.",
                                    "You can ask for a new code in %u seconds.", left),
                          left);
  gtk_label_set_text (self->verify_wait, text);
  gtk_label_set_text (self->reset_wait, text);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_wait), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_wait), TRUE);
  return G_SOURCE_CONTINUE;
}

static void
start_resend_wait (VdSignInPage *self,
                   guint         seconds)
{
  g_clear_handle_id (&self->resend_wait_id, g_source_remove);
  self->resend_wait_until = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  if (resend_wait_tick_cb (self) == G_SOURCE_CONTINUE)
    self->resend_wait_id = g_timeout_add (1000, resend_wait_tick_cb, self);
  update_actions (self);
}

/* --- the account -------------------------------------------------------- */

/* A client and an account for the server in the Server field */
static gboolean
ensure_account (VdSignInPage  *self,
                GError       **error)
{
  g_autofree char *url = row_text_stripped (self->server_row);
  g_autoptr(VdClient) client = NULL;

  if (self->account != NULL &&
      g_strcmp0 (vd_client_get_base_url (vd_account_get_client (self->account)), url) == 0)
    return TRUE;

  if (!vd_client_check_url (url, error))
    return FALSE;
  client = vd_client_new (url, error);
  if (client == NULL)
    return FALSE;

  g_clear_object (&self->account);
  self->account = vd_account_new (client, self->credentials);
  return TRUE;
}

/* The URL is the culprit: say so at the Server field */
static void
show_server_error (VdSignInPage *self,
                   const GError *error)
{
  set_row_error (self->server_row, TRUE);
  set_sign_in_message (self, error->message, TRUE);
  if (step_is (self, STEP_SIGN_IN))
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
}

static gboolean
is_transport_error (const GError *error)
{
  return g_error_matches (error, VD_API_ERROR, VD_API_ERROR_NETWORK) ||
         g_error_matches (error, VD_API_ERROR, VD_API_ERROR_TLS) ||
         g_error_matches (error, VD_API_ERROR, VD_API_ERROR_TIMEOUT);
}

/* What a failed request says on a step; a wait for a rate limit */
static char *
describe_error (const GError *error)
{
  guint retry_after = vd_api_error_get_retry_after (error);

  if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_RATE_LIMITED) && retry_after > 0)
    return format_retry (retry_after);
  return g_strdup (error->message);
}

/* A session is open with a verified email: hand the account over */
static void
finish_signed_in (VdSignInPage *self)
{
  g_autoptr(VdAccount) account = g_steal_pointer (&self->account);

  /* Nothing secret stays behind in the fields; the addresses do */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->register_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->verify_code_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reset_code_row), "");
  clear_reset_token (self);
  set_sign_in_message (self, NULL, FALSE);
  set_message (self->verify_message, NULL, FALSE);
  show_step (self, STEP_SIGN_IN);

  g_signal_emit (self, signals[SIGNED_IN], 0, account);
}

/* The code step for the address of the account's user */
static void
show_verify_step (VdSignInPage *self)
{
  VdUser *user = self->account ? vd_account_get_user (self->account) : NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (user != NULL);

  g_free (self->verify_email);
  self->verify_email = g_strdup (vd_user_get_email (user));
  description = g_strdup_printf (_("We sent a code to %s. Enter it here to confirm that the address is yours."),
                                 self->verify_email);
  gtk_label_set_text (self->verify_description, description);
  set_message (self->verify_message, NULL, FALSE);
  set_row_error (self->verify_code_row, FALSE);
  show_step (self, STEP_VERIFY);
}

/* --- sign in ------------------------------------------------------------- */

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VdSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;
  VdUser *user;

  if (!vd_account_sign_in_finish (VD_ACCOUNT (object), result, &error))
    {
      if (vd_ui_is_cancelled (error))
        return;

      set_busy (self, FALSE);
      if (is_transport_error (error))
        show_server_error (self, error);
      else if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_RATE_LIMITED) &&
               vd_api_error_get_retry_after (error) > 0)
        start_sign_in_wait (self, vd_api_error_get_retry_after (error));
      else if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_UNAUTHORIZED))
        {
          set_sign_in_message (self, error->message, TRUE);
          set_row_error (self->password_row, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      else
        {
          g_autofree char *message = describe_error (error);

          set_sign_in_message (self, message, TRUE);
        }
      return;
    }

  set_busy (self, FALSE);
  user = vd_account_get_user (self->account);

  /* Signed in, but the email still waits for its code */
  if (user != NULL && !vd_user_get_verified (user))
    {
      set_sign_in_message (self, vd_api_error_describe (VD_API_ERROR_FORBIDDEN, "email_not_verified"), TRUE);
      gtk_widget_set_visible (self->enter_code_button, TRUE);
      return;
    }

  finish_signed_in (self);
}

static void
submit_sign_in (VdSignInPage *self)
{
  g_autofree char *email = row_text_stripped (self->email_row);
  const char *password = row_text (self->password_row);
  g_autoptr(GError) error = NULL;

  set_row_error (self->server_row, FALSE);
  set_row_error (self->email_row, *email == '\0');
  set_row_error (self->password_row, *password == '\0');
  if (*email == '\0' || *password == '\0')
    {
      set_sign_in_message (self, _("Enter your email address and your password."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (*email == '\0' ? self->email_row : self->password_row));
      return;
    }

  if (!ensure_account (self, &error))
    {
      show_server_error (self, error);
      return;
    }

  set_sign_in_message (self, NULL, FALSE);
  set_busy (self, TRUE);
  vd_account_sign_in_async (self->account, email, password, TRUE, self->cancellable, signed_in_cb, self);
}

/* --- create an account --------------------------------------------------- */

static AdwEntryRow *
register_row_for_field (VdSignInPage *self,
                        const char   *field)
{
  if (g_strcmp0 (field, "first_name") == 0)
    return self->first_name_row;
  if (g_strcmp0 (field, "last_name") == 0)
    return self->last_name_row;
  if (g_strcmp0 (field, "email") == 0)
    return self->register_email_row;
  if (g_strcmp0 (field, "password") == 0)
    return self->register_password_row;
  return NULL;
}

static void
registered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  VdSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_account_sign_in_finish (VD_ACCOUNT (object), result, &error))
    {
      AdwEntryRow *first_row = NULL;
      g_autofree char *message = NULL;

      if (vd_ui_is_cancelled (error))
        return;

      set_busy (self, FALSE);

      /* Each field the server refused is marked; the first one says why */
      for (guint i = 0; i < vd_api_error_get_n_fields (error); i++)
        {
          const char *field = vd_api_error_get_field (error, i);
          AdwEntryRow *row = register_row_for_field (self, field);

          if (row == NULL)
            continue;
          set_row_error (row, TRUE);
          if (first_row == NULL)
            {
              first_row = row;
              /* Translators: an error under a form: a field's title, then what is wrong with its value: "Email: This is not valid." */
              message = g_strdup_printf (C_("field error", "%s: %s"),
                                         adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                         vd_api_error_lookup_field (error, field));
            }
        }

      if (message == NULL)
        message = describe_error (error);
      set_message (self->register_message, message, TRUE);
      if (first_row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (first_row));
      return;
    }

  set_busy (self, FALSE);
  set_message (self->register_message, NULL, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->verify_code_row), "");

  /* Verified already (a server that mails no code): nothing to wait for */
  if (vd_user_get_verified (vd_account_get_user (self->account)))
    {
      finish_signed_in (self);
      return;
    }

  show_verify_step (self);
}

static void
submit_register (VdSignInPage *self)
{
  g_autofree char *first_name = row_text_stripped (self->first_name_row);
  g_autofree char *last_name = row_text_stripped (self->last_name_row);
  g_autofree char *email = row_text_stripped (self->register_email_row);
  const char *password = row_text (self->register_password_row);
  g_autoptr(GError) error = NULL;

  set_row_error (self->first_name_row, *first_name == '\0');
  set_row_error (self->last_name_row, *last_name == '\0');
  set_row_error (self->register_email_row, *email == '\0');
  if (*first_name == '\0' || *last_name == '\0' || *email == '\0')
    {
      set_message (self->register_message, _("Enter your name and your email address."), TRUE);
      focus_first_empty (self->first_name_row, self->last_name_row, self->register_email_row, NULL);
      return;
    }

  if (!password_is_valid (password))
    {
      set_row_error (self->register_password_row, TRUE);
      update_rules (self->register_rules, self->register_password_row);
      gtk_widget_add_css_class (GTK_WIDGET (self->register_rules), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->register_rules), "dim-label");
      set_message (self->register_message, _("Choose a password that meets the rules."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->register_password_row));
      return;
    }

  if (!ensure_account (self, &error))
    {
      set_message (self->register_message, error->message, TRUE);
      return;
    }

  set_message (self->register_message, NULL, FALSE);
  set_busy (self, TRUE);
  vd_account_register_async (self->account, first_name, last_name, email, password, FALSE,
                             self->cancellable, registered_cb, self);
}

/* --- the code of a new account ----------------------------------------- */

/* A code refused: said under the code field, which gets the focus back */
static void
show_code_error (VdSignInPage *self,
                 AdwEntryRow  *row,
                 GtkLabel     *label,
                 const GError *error)
{
  g_autofree char *message = NULL;

  set_row_error (row, TRUE);
  if (vd_api_error_lookup_field (error, "otp") != NULL)
    set_message (label, _("This code is not correct. Check the mail and try again."), TRUE);
  else
    {
      message = describe_error (error);
      set_message (label, message, TRUE);
    }
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VdSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error))
    {
      if (vd_ui_is_cancelled (error))
        return;

      set_busy (self, FALSE);
      show_code_error (self, self->verify_code_row, self->verify_message, error);
      return;
    }

  set_busy (self, FALSE);
  finish_signed_in (self);
}

static void
submit_verify (VdSignInPage *self)
{
  g_autofree char *code = row_text_stripped (self->verify_code_row);

  if (*code == '\0')
    {
      set_row_error (self->verify_code_row, TRUE);
      set_message (self->verify_message, _("Enter the code from the mail."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->verify_code_row));
      return;
    }

  if (self->account == NULL || vd_account_get_user (self->account) == NULL)
    {
      /* The session went away meanwhile: start again from signing in */
      show_step (self, STEP_SIGN_IN);
      set_sign_in_message (self, _("Sign in, then enter the code."), TRUE);
      return;
    }

  set_message (self->verify_message, NULL, FALSE);
  set_busy (self, TRUE);
  vd_account_verify_email_async (self->account, code, self->cancellable, verified_cb, self);
}

/* --- forgotten password: the email -------------------------------------- */

static void
reset_requested_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  VdSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (vd_ui_is_cancelled (error))
        return;

      set_busy (self, FALSE);
      message = describe_error (error);
      set_message (self->forgot_message, message, TRUE);
      return;
    }

  set_busy (self, FALSE);
  set_message (self->forgot_message, NULL, FALSE);
  description = g_strdup_printf (_("We sent a code to %s. Enter it here to choose a new password."),
                                 self->reset_email);
  gtk_label_set_text (self->reset_description, description);
  gtk_editable_set_text (GTK_EDITABLE (self->reset_code_row), "");
  set_message (self->reset_code_message, NULL, FALSE);
  set_row_error (self->reset_code_row, FALSE);
  show_step (self, STEP_RESET_CODE);
}

static void
submit_forgot (VdSignInPage *self)
{
  g_autofree char *email = row_text_stripped (self->forgot_email_row);
  g_autoptr(GError) error = NULL;

  if (*email == '\0')
    {
      set_row_error (self->forgot_email_row, TRUE);
      set_message (self->forgot_message, _("Enter your email address."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->forgot_email_row));
      return;
    }

  if (!ensure_account (self, &error))
    {
      set_message (self->forgot_message, error->message, TRUE);
      return;
    }

  g_free (self->reset_email);
  self->reset_email = g_strdup (email);
  clear_reset_token (self);
  set_message (self->forgot_message, NULL, FALSE);
  set_busy (self, TRUE);
  vd_account_request_reset_async (self->account, email, self->cancellable, reset_requested_cb, self);
}

/* --- forgotten password: the code ----------------------------------------- */

static void
reset_verified_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VdSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = vd_account_reset_token_finish (VD_ACCOUNT (object), result, &error);

  if (token == NULL)
    {
      if (vd_ui_is_cancelled (error))
        return;

      set_busy (self, FALSE);
      show_code_error (self, self->reset_code_row, self->reset_code_message, error);
      return;
    }

  set_busy (self, FALSE);
  clear_reset_token (self);
  self->reset_token = token;
  set_message (self->reset_code_message, NULL, FALSE);
  set_message (self->new_password_message, NULL, FALSE);
  show_step (self, STEP_NEW_PASSWORD);
}

static void
submit_reset_code (VdSignInPage *self)
{
  g_autofree char *code = row_text_stripped (self->reset_code_row);

  if (*code == '\0')
    {
      set_row_error (self->reset_code_row, TRUE);
      set_message (self->reset_code_message, _("Enter the code from the mail."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->reset_code_row));
      return;
    }

  set_message (self->reset_code_message, NULL, FALSE);
  set_busy (self, TRUE);
  vd_account_verify_reset_async (self->account, self->reset_email, code, self->cancellable,
                                 reset_verified_cb, self);
}

/* --- forgotten password: the new one --------------------------------------- */

static void
password_set_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  VdSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error))
    {
      if (vd_ui_is_cancelled (error))
        return;

      set_busy (self, FALSE);
      if (vd_api_error_lookup_field (error, "reset_token") != NULL)
        set_message (self->new_password_message,
                     _("This reset has expired or was used already. Go back and ask for a new code."), TRUE);
      else if (vd_api_error_lookup_field (error, "password") != NULL)
        {
          set_row_error (self->new_password_row, TRUE);
          set_message (self->new_password_message, vd_api_error_lookup_field (error, "password"), TRUE);
        }
      else
        {
          g_autofree char *message = describe_error (error);

          set_message (self->new_password_message, message, TRUE);
        }
      return;
    }

  /* Back to signing in, with the address filled in */
  set_busy (self, FALSE);
  clear_reset_token (self);
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reset_code_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), self->reset_email);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  set_row_error (self->email_row, FALSE);
  set_row_error (self->password_row, FALSE);
  show_step (self, STEP_SIGN_IN);
  set_sign_in_message (self, _("Your password was changed. Sign in with the new one."), FALSE);
}

static void
submit_new_password (VdSignInPage *self)
{
  const char *password = row_text (self->new_password_row);

  if (!password_is_valid (password))
    {
      set_row_error (self->new_password_row, TRUE);
      update_rules (self->new_password_rules, self->new_password_row);
      gtk_widget_add_css_class (GTK_WIDGET (self->new_password_rules), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->new_password_rules), "dim-label");
      set_message (self->new_password_message, _("Choose a password that meets the rules."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
      return;
    }

  if (self->reset_token == NULL)
    {
      show_step (self, STEP_FORGOT);
      return;
    }

  set_message (self->new_password_message, NULL, FALSE);
  set_busy (self, TRUE);
  vd_account_set_password_async (self->account, self->reset_token, password, self->cancellable,
                                 password_set_cb, self);
}

/* --- send the code again ------------------------------------------------- */

static void
code_resent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  VdSignInPage *self = user_data;
  g_autoptr(GError) error = NULL;
  GtkLabel *message = NULL;

  if (!vd_account_finish (VD_ACCOUNT (object), result, &error) && vd_ui_is_cancelled (error))
    return;

  set_busy (self, FALSE);
  message = step_is (self, STEP_VERIFY) ? self->verify_message : self->reset_code_message;

  if (error == NULL)
    {
      const char *email = step_is (self, STEP_VERIFY) ? self->verify_email : self->reset_email;
      g_autofree char *text = g_strdup_printf (_("We sent a new code to %s."), email);

      set_message (message, text, FALSE);
      set_row_error (step_is (self, STEP_VERIFY) ? self->verify_code_row : self->reset_code_row, FALSE);
    }
  else if (g_error_matches (error, VD_API_ERROR, VD_API_ERROR_RATE_LIMITED) &&
           vd_api_error_get_retry_after (error) > 0)
    {
      set_message (message, NULL, FALSE);
      start_resend_wait (self, vd_api_error_get_retry_after (error));
    }
  else
    set_message (message, error->message, TRUE);
}

/* --- actions -------------------------------------------------------------- */

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (widget);
  const char *step = current_step (self);

  if (self->busy)
    return;

  if (g_strcmp0 (step, STEP_SIGN_IN) == 0)
    submit_sign_in (self);
  else if (g_strcmp0 (step, STEP_REGISTER) == 0)
    submit_register (self);
  else if (g_strcmp0 (step, STEP_VERIFY) == 0)
    submit_verify (self);
  else if (g_strcmp0 (step, STEP_FORGOT) == 0)
    submit_forgot (self);
  else if (g_strcmp0 (step, STEP_RESET_CODE) == 0)
    submit_reset_code (self);
  else if (g_strcmp0 (step, STEP_NEW_PASSWORD) == 0)
    submit_new_password (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (widget);
  const char *step = current_step (self);

  if (self->busy)
    return;

  /* The reset steps go back within the reset; a new account's code step
   * goes back to signing in (the account exists by then) */
  if (g_strcmp0 (step, STEP_RESET_CODE) == 0 || g_strcmp0 (step, STEP_NEW_PASSWORD) == 0)
    show_step (self, STEP_FORGOT);
  else if (g_strcmp0 (step, STEP_VERIFY) == 0)
    {
      if (self->verify_email != NULL && *row_text (self->email_row) == '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->email_row), self->verify_email);
      show_step (self, STEP_SIGN_IN);
    }
  else if (g_strcmp0 (step, STEP_SIGN_IN) != 0)
    show_step (self, STEP_SIGN_IN);
}

static void
create_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (widget);

  /* What was typed to sign in is a good start */
  if (*row_text (self->register_email_row) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->register_email_row), row_text (self->email_row));
  update_rules (self->register_rules, self->register_password_row);
  show_step (self, STEP_REGISTER);
}

static void
forgot_password_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->forgot_email_row), row_text (self->email_row));
  set_message (self->forgot_message, NULL, FALSE);
  show_step (self, STEP_FORGOT);
}

static void
enter_code_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (widget);

  if (self->account == NULL || vd_account_get_user (self->account) == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->verify_code_row), "");
  show_verify_step (self);
}

static void
resend_code_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (widget);

  if (self->busy || self->account == NULL)
    return;

  if (step_is (self, STEP_VERIFY) && self->verify_email != NULL)
    {
      set_busy (self, TRUE);
      vd_account_resend_code_async (self->account, self->verify_email, self->cancellable, code_resent_cb, self);
    }
  else if (step_is (self, STEP_RESET_CODE) && self->reset_email != NULL)
    {
      set_busy (self, TRUE);
      vd_account_request_reset_async (self->account, self->reset_email, self->cancellable, code_resent_cb, self);
    }
}

/* --- template callbacks ------------------------------------------------- */

static void
entry_activated_cb (VdSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

/* Typing in a field takes away its red mark (the message stays until the
 * next attempt) */
static void
row_changed_cb (VdSignInPage *self,
                GtkEditable  *editable)
{
  set_row_error (ADW_ENTRY_ROW (editable), FALSE);
}

static void
password_changed_cb (VdSignInPage *self,
                     GtkEditable  *editable)
{
  if (editable == GTK_EDITABLE (self->register_password_row))
    update_rules (self->register_rules, self->register_password_row);
  else
    update_rules (self->new_password_rules, self->new_password_row);
}

/* --- GObject ------------------------------------------------------------- */

static void
vd_sign_in_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vd_sign_in_page_parent_class)->map (widget);
  focus_step (VD_SIGN_IN_PAGE (widget));
}

static void
vd_sign_in_page_dispose (GObject *object)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sign_in_wait_id, g_source_remove);
  g_clear_handle_id (&self->resend_wait_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_SIGN_IN_PAGE);
  g_clear_object (&self->account);
  g_clear_object (&self->credentials);
  g_clear_object (&self->cancellable);
  clear_reset_token (self);

  G_OBJECT_CLASS (vd_sign_in_page_parent_class)->dispose (object);
}

static void
vd_sign_in_page_finalize (GObject *object)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (object);

  g_free (self->server_url);
  g_free (self->verify_email);
  g_free (self->reset_email);

  G_OBJECT_CLASS (vd_sign_in_page_parent_class)->finalize (object);
}

static void
vd_sign_in_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_CREDENTIALS:
      g_value_set_object (value, self->credentials);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_sign_in_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VdSignInPage *self = VD_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      vd_sign_in_page_set_server_url (self, g_value_get_string (value));
      break;

    case PROP_CREDENTIALS:
      vd_sign_in_page_set_credentials (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_sign_in_page_class_init (VdSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vd_sign_in_page_dispose;
  object_class->finalize = vd_sign_in_page_finalize;
  object_class->get_property = vd_sign_in_page_get_property;
  object_class->set_property = vd_sign_in_page_set_property;
  widget_class->map = vd_sign_in_page_map;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, DEFAULT_SERVER_URL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, VD_TYPE_CREDENTIALS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, VD_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, step_title);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, app_icon);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, try_local_button);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, sign_in_message);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, enter_code_button);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, register_email_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, register_password_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, register_rules);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, register_message);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, verify_description);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, verify_code_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, verify_message);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, verify_wait);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, forgot_email_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, forgot_message);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, reset_description);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, reset_code_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, reset_code_message);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, reset_wait);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, new_password_rules);
  gtk_widget_class_bind_template_child (widget_class, VdSignInPage, new_password_message);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "sign-in.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "sign-in.create-account", NULL, create_account_action);
  gtk_widget_class_install_action (widget_class, "sign-in.forgot-password", NULL, forgot_password_action);
  gtk_widget_class_install_action (widget_class, "sign-in.enter-code", NULL, enter_code_action);
  gtk_widget_class_install_action (widget_class, "sign-in.resend-code", NULL, resend_code_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sign-in.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "sign-in.back", NULL);
}

static void
vd_sign_in_page_init (VdSignInPage *self)
{
  GtkIconTheme *theme;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->server_url = g_strdup (DEFAULT_SERVER_URL);
  g_object_bind_property (self, "server-url", self->server_row, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  /* The app's own icon when it is installed */
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  if (gtk_icon_theme_has_icon (theme, APP_ID))
    {
      gtk_image_set_from_icon_name (self->app_icon, APP_ID);
      gtk_widget_remove_css_class (GTK_WIDGET (self->app_icon), "dim-label");
    }

  update_rules (self->register_rules, self->register_password_row);
  update_rules (self->new_password_rules, self->new_password_row);
  show_step (self, STEP_SIGN_IN);
}

/* --- API ----------------------------------------------------------------- */

void
vd_sign_in_page_set_server_url (VdSignInPage *self,
                                const char   *server_url)
{
  g_return_if_fail (VD_IS_SIGN_IN_PAGE (self));

  if (server_url == NULL)
    server_url = DEFAULT_SERVER_URL;
  if (g_strcmp0 (self->server_url, server_url) == 0)
    return;

  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

const char *
vd_sign_in_page_get_server_url (VdSignInPage *self)
{
  g_return_val_if_fail (VD_IS_SIGN_IN_PAGE (self), NULL);

  return self->server_url;
}

void
vd_sign_in_page_set_credentials (VdSignInPage  *self,
                                 VdCredentials *credentials)
{
  g_return_if_fail (VD_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (credentials == NULL || VD_IS_CREDENTIALS (credentials));

  if (!g_set_object (&self->credentials, credentials))
    return;

  /* The next request makes an account that remembers its session there */
  if (!self->busy)
    g_clear_object (&self->account);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIALS]);
}

VdCredentials *
vd_sign_in_page_get_credentials (VdSignInPage *self)
{
  g_return_val_if_fail (VD_IS_SIGN_IN_PAGE (self), NULL);

  return self->credentials;
}

gboolean
vd_sign_in_page_get_busy (VdSignInPage *self)
{
  g_return_val_if_fail (VD_IS_SIGN_IN_PAGE (self), FALSE);

  return self->busy;
}

const char *
vd_sign_in_page_get_step (VdSignInPage *self)
{
  g_return_val_if_fail (VD_IS_SIGN_IN_PAGE (self), NULL);

  return current_step (self);
}

void
vd_sign_in_page_show_error (VdSignInPage *self,
                            const char   *message)
{
  g_return_if_fail (VD_IS_SIGN_IN_PAGE (self));

  if (!step_is (self, STEP_SIGN_IN) && !self->busy)
    show_step (self, STEP_SIGN_IN);
  set_sign_in_message (self, message, TRUE);
}

void
vd_sign_in_page_offer_email (VdSignInPage *self,
                             const char   *email)
{
  g_autofree char *typed = NULL;

  g_return_if_fail (VD_IS_SIGN_IN_PAGE (self));

  typed = row_text_stripped (self->email_row);
  if (email == NULL || *email == '\0' || *typed != '\0')
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
  focus_step (self);
}

void
vd_sign_in_page_sign_in (VdSignInPage *self,
                         const char   *email,
                         const char   *password)
{
  g_return_if_fail (VD_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (email != NULL && password != NULL);

  /* A request under way gives way to this one */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  show_step (self, STEP_SIGN_IN);
  submit_sign_in (self);
}
