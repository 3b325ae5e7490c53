/* test-ui-sign-in.c — the welcome page, driven under Xvfb against vidinfra-local:
 * sign in, create an account with the mailed code, reset a forgotten password,
 * and the errors on the way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-sign-in-page.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

typedef struct
{
  GtkWidget    *window;
  VdSignInPage *page;
  GtkStack     *stack;
  VdAccount    *account;        /* from "signed-in" */
  guint         n_signed_in;
  guint         n_try_local;    /* app.try-local activations */
} Fixture;

static void
signed_in_cb (VdSignInPage *page,
              VdAccount    *account,
              Fixture      *fixture)
{
  g_assert_true (VD_IS_ACCOUNT (account));
  g_set_object (&fixture->account, account);
  fixture->n_signed_in++;
}

static void
try_local_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  ((Fixture *) user_data)->n_try_local++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) try_local = g_simple_action_new ("try-local", NULL);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* The application's "app.try-local", as VdApplication provides it */
  g_signal_connect (try_local, "activate", G_CALLBACK (try_local_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (try_local));

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, 760);
  gtk_widget_insert_action_group (fixture->window, "app", G_ACTION_GROUP (group));
  fixture->page = g_object_new (VD_TYPE_SIGN_IN_PAGE, NULL);
  g_assert_cmpstr (vd_sign_in_page_get_server_url (fixture->page), ==, DEFAULT_SERVER_URL);
  vd_sign_in_page_set_server_url (fixture->page, demo->base_url);
  g_signal_connect (fixture->page, "signed-in", G_CALLBACK (signed_in_cb), fixture);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->page));
  gtk_window_present (GTK_WINDOW (fixture->window));
  vd_test_ui_flush ();

  fixture->stack = GTK_STACK (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_STACK));
  g_assert_nonnull (fixture->stack);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vd_test_ui_flush ();
  g_clear_object (&fixture->account);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* --- driving the page ----------------------------------------------------- */

/* The step shown: buttons and fields are looked for there only, since the
 * steps share titles ("Email", "Create Account") */
static GtkWidget *
step (Fixture *fixture)
{
  return gtk_stack_get_visible_child (fixture->stack);
}

static void
assert_step (Fixture    *fixture,
             const char *name)
{
  g_assert_cmpstr (vd_sign_in_page_get_step (fixture->page), ==, name);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->stack), ==, name);
}

static GtkEditable *
row (Fixture    *fixture,
     const char *title)
{
  GtkWidget *widget = vd_test_ui_get_by_label (step (fixture), title);

  g_assert_true (ADW_IS_ENTRY_ROW (widget));
  return GTK_EDITABLE (widget);
}

static void
type (Fixture    *fixture,
      const char *title,
      const char *text)
{
  gtk_editable_set_text (row (fixture, title), text);
}

static const char *
text_of (Fixture    *fixture,
         const char *title)
{
  return gtk_editable_get_text (row (fixture, title));
}

static gboolean
row_marked (Fixture    *fixture,
            const char *title)
{
  return gtk_widget_has_css_class (GTK_WIDGET (row (fixture, title)), "error");
}

static void
click (Fixture    *fixture,
       const char *label)
{
  vd_test_ui_activate (vd_test_ui_get_by_label (step (fixture), label));
}

static gboolean
idle (gpointer data)
{
  return !vd_sign_in_page_get_busy (((Fixture *) data)->page);
}

/* Clicks and waits until the request it started is answered */
static void
click_and_wait (Fixture    *fixture,
                const char *label)
{
  click (fixture, label);
  vd_test_ui_wait_until (idle, fixture);
  vd_test_ui_flush ();
}

/* The message under the step's fields (error or confirmation), or NULL */
static GtkLabel *
find_message (GtkWidget *root)
{
  if (!gtk_widget_get_visible (root))
    return NULL;

  if (GTK_IS_LABEL (root) && !gtk_widget_has_css_class (root, "caption") &&
      (gtk_widget_has_css_class (root, "error") || gtk_widget_has_css_class (root, "success")))
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_message (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
message (Fixture *fixture)
{
  GtkLabel *label = find_message (step (fixture));

  return label ? gtk_label_get_text (label) : NULL;
}

static gboolean
message_is_error (Fixture *fixture)
{
  GtkLabel *label = find_message (step (fixture));

  return label != NULL && gtk_widget_has_css_class (GTK_WIDGET (label), "error");
}

static void
assert_message_contains (Fixture    *fixture,
                         const char *part,
                         gboolean    error)
{
  const char *text = message (fixture);

  if (text == NULL || strstr (text, part) == NULL)
    g_error ("Expected a message with “%s”, got “%s”", part, text ? text : "(none)");
  g_assert_cmpint (message_is_error (fixture), ==, error);
}

static gboolean
window_width_is (gpointer data)
{
  Fixture *fixture = data;
  int width = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (fixture->window), "wanted-width"));

  return gtk_widget_get_width (fixture->window) == width;
}

static void
resize (Fixture *fixture,
        int      width)
{
  g_object_set_data (G_OBJECT (fixture->window), "wanted-width", GINT_TO_POINTER (width));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 760);
  vd_test_ui_wait_until (window_width_is, fixture);
  vd_test_ui_flush ();
}

/* A widget paintable draws nothing while a layout is pending: let the
 * frame clock lay out what changed first */
static void
shoot (Fixture    *fixture,
       const char *name)
{
  vd_test_ui_wait_frames (fixture->window, 2);
  g_free (vd_test_ui_screenshot (GTK_WIDGET (fixture->page), name));
}

/* Light, dark, and 360 px wide (then back) */
static void
screenshots (Fixture    *fixture,
             const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat ("sign-in-", name, "-light", NULL);
  g_autofree char *dark = g_strconcat ("sign-in-", name, "-dark", NULL);
  g_autofree char *narrow = g_strconcat ("sign-in-", name, "-360", NULL);

  shoot (fixture, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  shoot (fixture, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  resize (fixture, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->page)), <=, 360);
  shoot (fixture, narrow);
  resize (fixture, 600);
}

/* --- the server's side -------------------------------------------------- */

/* The profile of @email as the server holds it, signing in with @password */
static VdTestResponse *
server_profile (const char *email,
                const char *password)
{
  g_autofree char *token = vd_test_login (demo, email, password, NULL);
  VdTestResponse *response = vd_test_request (demo, "GET", "/auth/profiles", token, NULL);

  vd_test_assert_status (response, 200, NULL);
  return response;
}

static gboolean
server_account_exists (const char *email)
{
  g_autofree char *body = vd_test_json ("{\"email\": \"%s\"}", email);
  g_autoptr(VdTestResponse) response = vd_test_request (demo, "POST", "/auth/account-exists", NULL, body);

  vd_test_assert_status (response, 200, NULL);
  return vd_test_jbool (vd_test_result_object (response), "exists");
}

static guint
server_login_status (const char *email,
                     const char *password)
{
  g_autofree char *body = vd_test_json ("{\"email\": \"%s\", \"password\": \"%s\"}", email, password);
  g_autoptr(VdTestResponse) response = vd_test_request (demo, "POST", "/auth/login", NULL, body);

  return response->status;
}

/* --- tests ---------------------------------------------------------------- */

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  user_data)
{
  assert_step (fixture, "sign-in");
  g_assert_cmpstr (text_of (fixture, "Server"), ==, demo->base_url);
  g_assert_nonnull (vd_test_ui_find_by_label (step (fixture), "Vidinfra Admin"));
  g_assert_null (vd_test_ui_find_by_label (GTK_WIDGET (fixture->page), "Back"));
  screenshots (fixture, "welcome");

  /* Nothing typed: said inline, nothing sent */
  click (fixture, "Sign In");
  assert_message_contains (fixture, "Enter your email address and your password", TRUE);
  g_assert_true (row_marked (fixture, "Email"));

  /* A wrong password: said inline, what was typed stays */
  type (fixture, "Email", VD_TEST_OWNER);
  type (fixture, "Password", "Wrong-password-1");
  g_assert_false (row_marked (fixture, "Email"));
  click_and_wait (fixture, "Sign In");
  assert_step (fixture, "sign-in");
  assert_message_contains (fixture, "Wrong email address or password", TRUE);
  g_assert_true (row_marked (fixture, "Password"));
  g_assert_cmpstr (text_of (fixture, "Email"), ==, VD_TEST_OWNER);
  g_assert_cmpstr (text_of (fixture, "Password"), ==, "Wrong-password-1");
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  screenshots (fixture, "wrong-password");

  /* The right one, submitted with Enter in the field: signed in */
  type (fixture, "Password", VD_TEST_PASSWORD);
  g_signal_emit_by_name (row (fixture, "Password"), "entry-activated");
  g_assert_true (vd_sign_in_page_get_busy (fixture->page));
  g_assert_false (gtk_widget_is_sensitive (vd_test_ui_get_by_label (step (fixture), "Sign In")));
  g_assert_true (gtk_widget_get_visible (vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_SPINNER)));
  vd_test_ui_wait_until (idle, fixture);
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);
  g_assert_true (vd_account_get_signed_in (fixture->account));
  g_assert_cmpstr (vd_user_get_email (vd_account_get_user (fixture->account)), ==, VD_TEST_OWNER);
  g_assert_cmpstr (vd_client_get_base_url (vd_account_get_client (fixture->account)), ==, demo->base_url);
  g_assert_cmpuint (g_list_model_get_n_items (vd_account_get_organizations (fixture->account)), >, 0);

  /* The password does not linger; the address does */
  g_assert_cmpstr (text_of (fixture, "Password"), ==, "");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, VD_TEST_OWNER);
  g_assert_null (message (fixture));

  /* "Try It Locally" is the application's action */
  click (fixture, "Try It Locally");
  g_assert_cmpuint (fixture->n_try_local, ==, 1);
}

static void
test_create_account (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const char *email = "nova@example.com";
  const char *password = "Nova-password-7";
  g_autofree char *code = NULL;
  g_autoptr(VdTestResponse) profile = NULL;
  guint n_mails;

  type (fixture, "Email", email);
  click (fixture, "Create Account");
  assert_step (fixture, "register");
  g_assert_true (gtk_widget_get_visible (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Back")));
  /* What was typed to sign in is carried over */
  g_assert_cmpstr (text_of (fixture, "Email"), ==, email);

  /* Back (as Escape does) and in again keeps what was typed */
  type (fixture, "First Name", "Nova");
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Back"));
  assert_step (fixture, "sign-in");
  click (fixture, "Create Account");
  assert_step (fixture, "register");
  g_assert_cmpstr (text_of (fixture, "First Name"), ==, "Nova");
  type (fixture, "Last Name", "Quinn");

  /* A weak password is refused inline, before anything is sent */
  type (fixture, "Password", "weakpass");
  g_assert_nonnull (vd_test_ui_find_by_label (step (fixture),
                    "Use 8 to 100 characters with a lower-case letter, an upper-case letter, a digit and a symbol."));
  click (fixture, "Create Account");
  assert_step (fixture, "register");
  assert_message_contains (fixture, "Choose a password that meets the rules", TRUE);
  g_assert_true (row_marked (fixture, "Password"));
  g_assert_cmpstr (text_of (fixture, "First Name"), ==, "Nova");
  g_assert_cmpstr (text_of (fixture, "Password"), ==, "weakpass");
  g_assert_false (server_account_exists (email));
  screenshots (fixture, "register-weak-password");

  type (fixture, "Password", password);
  g_assert_nonnull (vd_test_ui_find_by_label (step (fixture), "This password meets the rules."));
  g_assert_false (row_marked (fixture, "Password"));
  screenshots (fixture, "register");

  /* While the request runs: a spinner, and no way to send it twice or leave */
  click (fixture, "Create Account");
  g_assert_true (vd_sign_in_page_get_busy (fixture->page));
  g_assert_false (gtk_widget_is_sensitive (vd_test_ui_get_by_label (step (fixture), "Create Account")));
  g_assert_false (gtk_widget_is_sensitive (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Back")));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "sign-in.back", NULL);  /* as Escape does */
  assert_step (fixture, "register");
  vd_test_ui_wait_until (idle, fixture);
  vd_test_ui_flush ();

  /* The account exists, unverified; the page asks for the mailed code */
  assert_step (fixture, "verify");
  g_assert_true (server_account_exists (email));
  g_assert_nonnull (vd_test_ui_find_by_label (step (fixture),
                    "We sent a code to nova@example.com. Enter it here to confirm that the address is yours."));
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);

  /* A wrong code: said inline */
  code = vd_test_outbox_value (demo, email, "Code");
  g_assert_nonnull (code);
  type (fixture, "Code", g_str_equal (code, "000000") ? "111111" : "000000");
  click_and_wait (fixture, "Verify");
  assert_step (fixture, "verify");
  assert_message_contains (fixture, "This code is not correct", TRUE);
  g_assert_true (row_marked (fixture, "Code"));
  screenshots (fixture, "verify-wrong-code");

  /* A new code replaces the old one */
  n_mails = vd_test_outbox_count (demo);
  click_and_wait (fixture, "Send the Code Again");
  g_assert_cmpuint (vd_test_outbox_count (demo), ==, n_mails + 1);
  assert_message_contains (fixture, "We sent a new code to nova@example.com", FALSE);
  g_assert_false (row_marked (fixture, "Code"));
  g_assert_cmpstr (text_of (fixture, "Code"), !=, "");
  screenshots (fixture, "verify");
  g_free (code);
  code = vd_test_outbox_value (demo, email, "Code");
  g_assert_nonnull (code);

  /* The right code, with Enter: signed in */
  type (fixture, "Code", code);
  g_signal_emit_by_name (row (fixture, "Code"), "entry-activated");
  vd_test_ui_wait_until (idle, fixture);
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);
  g_assert_true (vd_account_get_signed_in (fixture->account));
  g_assert_true (vd_user_get_verified (vd_account_get_user (fixture->account)));
  g_assert_cmpstr (vd_user_get_email (vd_account_get_user (fixture->account)), ==, email);
  assert_step (fixture, "sign-in");

  /* The server holds the person, verified, with that password */
  profile = server_profile (email, password);
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (profile), "first_name"), ==, "Nova");
  g_assert_cmpstr (vd_test_jstr (vd_test_result_object (profile), "last_name"), ==, "Quinn");
  g_assert_nonnull (vd_test_jstr (vd_test_result_object (profile), "email_verified_at"));
}

static void
test_register_taken (Fixture       *fixture,
                     gconstpointer  user_data)
{
  click (fixture, "Create Account");
  type (fixture, "First Name", "Again");
  type (fixture, "Last Name", "Owner");
  type (fixture, "Email", VD_TEST_OWNER);
  type (fixture, "Password", "Another-pass-1");
  click_and_wait (fixture, "Create Account");

  /* The server's field error, at the field */
  assert_step (fixture, "register");
  assert_message_contains (fixture, "An account with this email address exists already", TRUE);
  g_assert_true (row_marked (fixture, "Email"));
  g_assert_cmpstr (text_of (fixture, "Password"), ==, "Another-pass-1");
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  screenshots (fixture, "register-taken");
}

static void
test_unverified (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char *email = "late@example.com";
  g_autofree char *body = vd_test_json ("{\"first_name\": \"Late\", \"last_name\": \"Riser\", \"email\": \"%s\", "
                                        "\"password\": \"%s\"}", email, VD_TEST_PASSWORD);
  g_autoptr(VdTestResponse) registered = vd_test_request (demo, "POST", "/auth/register", NULL, body);
  g_autoptr(VdTestResponse) profile = NULL;
  g_autofree char *code = NULL;

  vd_test_assert_status (registered, 201, NULL);

  /* Signing in before the code was entered: offered to enter it */
  type (fixture, "Email", email);
  type (fixture, "Password", VD_TEST_PASSWORD);
  click_and_wait (fixture, "Sign In");
  assert_step (fixture, "sign-in");
  assert_message_contains (fixture, "Confirm your email address first", TRUE);
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  screenshots (fixture, "unverified");

  click (fixture, "Enter the Code");
  assert_step (fixture, "verify");
  code = vd_test_outbox_value (demo, email, "Code");
  type (fixture, "Code", code);
  click_and_wait (fixture, "Verify");
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);
  g_assert_true (vd_user_get_verified (vd_account_get_user (fixture->account)));

  profile = server_profile (email, VD_TEST_PASSWORD);
  g_assert_nonnull (vd_test_jstr (vd_test_result_object (profile), "email_verified_at"));
}

static void
test_forgot_password (Fixture       *fixture,
                      gconstpointer  user_data)
{
  const char *email = "aiko1@acme.test";
  const char *password = "Fresh-password-9";
  g_autofree char *code = NULL;

  type (fixture, "Email", email);
  click (fixture, "Forgot Password?");
  assert_step (fixture, "forgot");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, email);
  screenshots (fixture, "forgot");

  click_and_wait (fixture, "Send Code");
  assert_step (fixture, "reset-code");
  g_assert_nonnull (vd_test_ui_find_by_label (step (fixture),
                    "We sent a code to aiko1@acme.test. Enter it here to choose a new password."));
  code = vd_test_outbox_value (demo, email, "Code");
  g_assert_nonnull (code);

  /* A wrong code first */
  type (fixture, "Code", g_str_equal (code, "000000") ? "111111" : "000000");
  click_and_wait (fixture, "Continue");
  assert_step (fixture, "reset-code");
  assert_message_contains (fixture, "This code is not correct", TRUE);
  screenshots (fixture, "reset-code");

  type (fixture, "Code", code);
  click_and_wait (fixture, "Continue");
  assert_step (fixture, "new-password");

  /* The rules, inline */
  type (fixture, "New Password", "short");
  click (fixture, "Set Password");
  assert_step (fixture, "new-password");
  assert_message_contains (fixture, "Choose a password that meets the rules", TRUE);
  g_assert_true (row_marked (fixture, "New Password"));
  screenshots (fixture, "new-password");

  type (fixture, "New Password", password);
  click_and_wait (fixture, "Set Password");

  /* Back to signing in, the address filled in, with a confirmation */
  assert_step (fixture, "sign-in");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, email);
  g_assert_cmpstr (text_of (fixture, "Password"), ==, "");
  assert_message_contains (fixture, "Your password was changed", FALSE);
  screenshots (fixture, "password-changed");

  /* The server took it: the old password no longer works, the new one does */
  g_assert_cmpuint (server_login_status (email, VD_TEST_PASSWORD), ==, 401);

  type (fixture, "Password", password);
  click_and_wait (fixture, "Sign In");
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);
  g_assert_cmpstr (vd_user_get_email (vd_account_get_user (fixture->account)), ==, email);
}

/* A loopback port nobody listens on */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static void
test_server_errors (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *unreachable = g_strdup_printf ("http://127.0.0.1:%u/v1", closed_port ());

  type (fixture, "Email", VD_TEST_OWNER);
  type (fixture, "Password", VD_TEST_PASSWORD);

  /* Not a server URL at all */
  type (fixture, "Server", "ftp://files.example.com/v1");
  g_assert_cmpstr (vd_sign_in_page_get_server_url (fixture->page), ==, "ftp://files.example.com/v1");
  click (fixture, "Sign In");
  g_assert_false (vd_sign_in_page_get_busy (fixture->page));
  g_assert_true (message_is_error (fixture));
  g_assert_true (row_marked (fixture, "Server"));
  g_assert_cmpstr (text_of (fixture, "Password"), ==, VD_TEST_PASSWORD);
  screenshots (fixture, "invalid-server");

  /* Tokens never travel unencrypted to another computer */
  type (fixture, "Server", "http://api.example.com/v1");
  g_assert_false (row_marked (fixture, "Server"));
  click (fixture, "Sign In");
  g_assert_false (vd_sign_in_page_get_busy (fixture->page));
  g_assert_true (message_is_error (fixture));
  g_assert_true (row_marked (fixture, "Server"));

  /* Nobody answers */
  vd_sign_in_page_set_server_url (fixture->page, unreachable);
  g_assert_cmpstr (text_of (fixture, "Server"), ==, unreachable);
  click_and_wait (fixture, "Sign In");
  assert_step (fixture, "sign-in");
  assert_message_contains (fixture, "The server cannot be reached", TRUE);
  g_assert_true (row_marked (fixture, "Server"));
  g_assert_cmpstr (text_of (fixture, "Email"), ==, VD_TEST_OWNER);
  g_assert_cmpstr (text_of (fixture, "Password"), ==, VD_TEST_PASSWORD);
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  screenshots (fixture, "unreachable");

  /* The right server again: signed in with what was kept */
  type (fixture, "Server", demo->base_url);
  click_and_wait (fixture, "Sign In");
  g_assert_cmpuint (fixture->n_signed_in, ==, 1);

  /* The window says why a session ended */
  vd_sign_in_page_show_error (fixture->page, "You have been signed out. Sign in again.");
  assert_message_contains (fixture, "You have been signed out", TRUE);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *email = "baptiste2@acme.test";
  const char *text;

  /* Ten failures for one address within the window */
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (server_login_status (email, "Wrong-password-1"), ==, 401);
  g_assert_cmpuint (server_login_status (email, VD_TEST_PASSWORD), ==, 429);

  /* Even the right password waits; the page says for how long */
  type (fixture, "Email", email);
  type (fixture, "Password", VD_TEST_PASSWORD);
  click_and_wait (fixture, "Sign In");
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  text = message (fixture);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "Too many attempts. Try again in "));
  /* 15 minutes less a little: said in minutes */
  g_assert_true (g_str_has_suffix (text, " minutes."));
  g_assert_true (message_is_error (fixture));
  g_assert_cmpstr (text_of (fixture, "Password"), ==, VD_TEST_PASSWORD);
  screenshots (fixture, "rate-limited");
}

int
main (int   argc,
      char *argv[])
{
  demo = vd_test_ui_init (&argc, &argv);
  /* Steps slide in; screenshots want them in place */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/vd/ui-sign-in/sign-in", Fixture, NULL, fixture_set_up, test_sign_in, fixture_tear_down);
  g_test_add ("/vd/ui-sign-in/create-account", Fixture, NULL, fixture_set_up, test_create_account, fixture_tear_down);
  g_test_add ("/vd/ui-sign-in/register-taken", Fixture, NULL, fixture_set_up, test_register_taken, fixture_tear_down);
  g_test_add ("/vd/ui-sign-in/unverified", Fixture, NULL, fixture_set_up, test_unverified, fixture_tear_down);
  g_test_add ("/vd/ui-sign-in/forgot-password", Fixture, NULL, fixture_set_up, test_forgot_password, fixture_tear_down);
  g_test_add ("/vd/ui-sign-in/server-errors", Fixture, NULL, fixture_set_up, test_server_errors, fixture_tear_down);
  g_test_add ("/vd/ui-sign-in/rate-limited", Fixture, NULL, fixture_set_up, test_rate_limited, fixture_tear_down);

  return vd_test_ui_run (demo);
}
