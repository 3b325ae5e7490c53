/* test-ui-api-keys.c — the API keys page and its "Create API Key" dialog,
 * driven under Xvfb against vidinfra-local
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-api-keys-page.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

#define BAD_ORIGIN_MESSAGE \
  "Enter an origin such as https://app.example.com: a scheme and a host, with no path. Or leave it empty."

typedef struct
{
  VdAccount           *account;
  VdOrganizationStore *store;
  char                *token;         /* the owner's, for asking the server */
  GtkWidget           *window;
  VdApiKeysPage       *page;
} Fixture;

static gboolean
page_loaded (gpointer data)
{
  return !vd_api_keys_page_get_loading (data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->account = vd_test_ui_sign_in (demo, VD_TEST_OWNER);
  fixture->store = vd_test_ui_load_store (fixture->account);
  fixture->token = vd_test_login (demo, VD_TEST_OWNER, VD_TEST_PASSWORD, NULL);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 640);
  fixture->page = g_object_new (VD_TYPE_API_KEYS_PAGE, NULL);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  vd_api_keys_page_set_store (fixture->page, fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));

  /* Shown, the page loads the keys */
  vd_test_ui_flush ();
  vd_test_ui_wait_until (page_loaded, fixture->page);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vd_test_ui_flush ();
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->token, g_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static VdTestResponse *
request (Fixture    *fixture,
         const char *method,
         const char *path)
{
  return vd_test_request_full (demo, method, path, fixture->token,
                               vd_organization_store_get_organization_id (fixture->store),
                               NULL, NULL, -1);
}

/* The key the server holds with this name, or NULL (the array stays alive
 * in the response, which the caller keeps) */
static JsonObject *
server_key (VdTestResponse *response,
            const char     *name)
{
  vd_test_assert_status (response, 200, NULL);
  return vd_test_find_item (vd_test_result_array (response), "name", name);
}

static gint64
server_count (Fixture *fixture)
{
  g_autoptr(VdTestResponse) response = request (fixture, "GET", "/api-keys");

  vd_test_assert_status (response, 200, NULL);
  return vd_test_response_total (response);
}

static guint
count_rows (Fixture *fixture)
{
  GtkWidget *list_box = vd_test_ui_find_by_type (GTK_WIDGET (fixture->page), GTK_TYPE_LIST_BOX);

  return list_box != NULL ? vd_test_ui_count_rows (list_box) : 0;
}

static gboolean
window_is_narrow (gpointer data)
{
  return gtk_widget_get_width (data) <= 360;
}

static gboolean
window_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
answer_dialog (const char *response)
{
  AdwMessageDialog *dialog = vd_test_ui_wait_message_dialog (NULL);

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete API Key?");
  vd_test_ui_answer_dialog (dialog, response);
}

/* The check box that ticks a project in the permission editor: the one
 * without a label (the rights boxes are labelled Read, Write, Delete) */
static GtkWidget *
find_project_check (GtkWidget *root)
{
  if (GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_label (GTK_CHECK_BUTTON (root)) == NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_project_check (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
set_row_text (GtkWidget  *root,
              const char *title,
              const char *text)
{
  GtkWidget *row = vd_test_ui_get_by_label (root, title);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

typedef struct
{
  GdkClipboard *clipboard;
  char         *text;
  gboolean      done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

/* Empty at first; a bad origin is refused under its field; a good key is
 * created with its name, origin, expiry and scope, its secret shown once
 * and copied; then deleted after a confirmation */
static void
test_create_and_delete (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWindow *dialog = vd_api_keys_page_get_create_window (fixture->page);
  GtkWidget *content;
  g_autoptr(VdProject) project = NULL;
  g_autoptr(VdTestResponse) listed = NULL;
  g_autoptr(VdTestResponse) after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *secret = NULL;
  g_autofree char *narrow = NULL;
  ClipboardRead read = { 0 };
  VdApiKey *key;
  JsonObject *held;
  JsonArray *grants;
  GtkWidget *check;
  gint64 expires;

  /* The demo has no keys: the empty state says what to do */
  g_assert_cmpint (server_count (fixture), ==, 0);
  g_assert_nonnull (vd_test_ui_find_mapped (page, "No API Keys"));
  g_assert_null (vd_test_ui_find_mapped (page, "0 API keys"));
  g_assert_cmpuint (count_rows (fixture), ==, 0);
  vd_test_ui_screenshot_styles (page, "api-keys-empty", 0);

  vd_test_ui_activate (vd_test_ui_get_by_label (page, "Create API Key"));
  vd_test_ui_flush ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  content = GTK_WIDGET (dialog);

  /* A bad origin: said under the field, nothing sent, nothing lost */
  set_row_text (content, "Name", "CI deploy");
  set_row_text (content, "Origin", "ftp://ci.example.com/path");
  vd_test_ui_activate (vd_test_ui_get_by_label (content, "Create"));
  vd_test_ui_flush ();
  g_assert_nonnull (vd_test_ui_find_mapped (content, BAD_ORIGIN_MESSAGE));
  g_assert_true (gtk_widget_has_css_class (vd_test_ui_get_by_label (content, "Origin"), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vd_test_ui_get_by_label (content, "Name"))), ==, "CI deploy");
  g_assert_cmpint (server_count (fixture), ==, 0);
  vd_test_ui_screenshot_styles (content, "api-keys-create-error", 0);

  /* Typing clears it */
  set_row_text (content, "Origin", "https://ci.example.com");
  g_assert_null (vd_test_ui_find_by_label (content, BAD_ORIGIN_MESSAGE));
  g_assert_false (gtk_widget_has_css_class (vd_test_ui_get_by_label (content, "Origin"), "error"));

  /* Expires in 90 days; the first project, full access; billing */
  adw_combo_row_set_selected (ADW_COMBO_ROW (vd_test_ui_get_by_label (content, "Expires")), 2);
  project = g_list_model_get_item (vd_organization_store_get_projects (fixture->store), 0);
  g_assert_nonnull (project);
  check = find_project_check (vd_test_ui_get_by_label (content, vd_project_get_name (project)));
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  {
    GtkWidget *row = vd_test_ui_get_by_label (content, "Billing Permissions");
    GtkWidget *toggle = vd_test_ui_find_by_type (row, GTK_TYPE_SWITCH);

    g_assert_nonnull (toggle);
    gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  }
  vd_test_ui_screenshot_styles (content, "api-keys-create", 0);

  vd_test_ui_activate (vd_test_ui_get_by_label (content, "Create"));
  vd_test_ui_wait_for_label (content, "API Key “CI deploy” Created");

  /* The server holds it as asked */
  listed = request (fixture, "GET", "/api-keys");
  held = server_key (listed, "CI deploy");
  g_assert_nonnull (held);
  g_assert_cmpstr (vd_test_jstr (held, "origin"), ==, "https://ci.example.com");
  expires = vd_test_jtime (held, "expires_at");
  g_assert_cmpint (expires, >, g_date_time_to_unix (now) + 89 * 24 * 3600);
  g_assert_cmpint (expires, <, g_date_time_to_unix (now) + 91 * 24 * 3600);
  grants = vd_test_jarr (held, "permissions");
  g_assert_nonnull (vd_test_find_item (grants, "entity_id", vd_project_get_id (project)));
  g_assert_nonnull (vd_test_find_item (grants, "name", "billing"));
  g_assert_null (vd_test_find_item (grants, "name", "api"));

  /* The secret, shown once, in full */
  g_assert_nonnull (vd_test_ui_find_by_label (content, "API Key “CI deploy” Created"));
  key = g_list_model_get_item (vd_organization_store_get_api_keys (fixture->store), 0);
  g_object_unref (key);   /* the store holds it */
  g_assert_cmpstr (vd_api_key_get_name (key), ==, "CI deploy");
  secret = g_strdup (vd_api_key_get_key (key));
  g_assert_nonnull (secret);
  g_assert_true (g_str_has_prefix (secret, "vdk_"));
  g_assert_nonnull (vd_test_ui_find_mapped (content, secret));
  g_assert_nonnull (vd_test_ui_find_by_label (content, "Copy the key now and keep it somewhere safe: it will "
                                                        "not be shown again. If you lose it, delete the key "
                                                        "and create a new one."));
  vd_test_ui_screenshot_styles (content, "api-keys-secret", 0);

  /* Copy puts it on the clipboard */
  vd_test_ui_activate (vd_test_ui_get_by_label (content, "Copy"));
  read.clipboard = gtk_widget_get_clipboard (content);
  gdk_clipboard_read_text_async (read.clipboard, NULL, clipboard_read_cb, &read);
  vd_test_ui_wait_until (clipboard_read, &read);
  g_assert_cmpstr (read.text, ==, secret);
  g_clear_pointer (&read.text, g_free);

  /* The dialog at 360 px */
  gtk_window_set_default_size (dialog, 360, 640);
  vd_test_ui_wait_until (window_is_narrow, dialog);
  narrow = vd_test_ui_screenshot (content, "api-keys-secret-360");

  /* Done: the secret is gone from memory and from the page */
  vd_test_ui_activate (vd_test_ui_get_by_label (content, "Done"));
  vd_test_ui_wait_until (window_hidden, dialog);
  g_assert_null (vd_api_key_get_key (key));
  g_assert_null (vd_test_ui_find_by_label (page, secret));

  /* The list shows it with its scope and expiry */
  vd_test_ui_flush ();
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  {
    GtkWidget *row = vd_test_ui_get_by_label (page, "CI deploy");
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    g_test_message ("row: %s", subtitle);
    g_assert_nonnull (strstr (subtitle, "https://ci.example.com"));
    g_assert_nonnull (strstr (subtitle, vd_project_get_name (project)));
    g_assert_nonnull (strstr (subtitle, "Billing"));
    g_assert_nonnull (strstr (subtitle, "Expires on"));
  }
  g_assert_nonnull (vd_test_ui_find_mapped (page, "1 API key"));
  g_assert_null (vd_test_ui_find_mapped (page, "No API Keys"));
  vd_test_ui_screenshot_styles (page, "api-keys", 0);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  vd_test_ui_wait_until (window_is_narrow, fixture->window);
  g_free (narrow);
  narrow = vd_test_ui_screenshot (page, "api-keys-360");

  /* Delete asks first: Cancel keeps it */
  vd_test_ui_activate (vd_test_ui_get_by_label (page, "Delete the API key CI deploy"));
  answer_dialog ("cancel");
  vd_test_ui_flush ();
  g_assert_cmpint (server_count (fixture), ==, 1);
  g_assert_cmpuint (count_rows (fixture), ==, 1);

  /* Delete deletes it on the server, and the empty state is back */
  vd_test_ui_activate (vd_test_ui_get_by_label (page, "Delete the API key CI deploy"));
  answer_dialog ("delete");
  vd_test_ui_wait_for_label (page, "No API Keys");
  after = request (fixture, "GET", "/api-keys");
  g_assert_null (server_key (after, "CI deploy"));
  g_assert_cmpint (vd_test_response_total (after), ==, 0);
}

/* A key that never expires, with any origin; the server's own refusal of
 * a field (a name too short for it, past the dialog's own check) shows
 * under the field */
static void
test_never_expires (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWindow *dialog = vd_api_keys_page_get_create_window (fixture->page);
  GtkWidget *content = GTK_WIDGET (dialog);
  g_autoptr(VdTestResponse) listed = NULL;
  JsonObject *held;

  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Create API Key"));
  vd_test_ui_flush ();

  /* Too short: said at once */
  set_row_text (content, "Name", "x");
  vd_test_ui_activate (vd_test_ui_get_by_label (content, "Create"));
  vd_test_ui_flush ();
  g_assert_nonnull (vd_test_ui_find_mapped (content, "Enter a name of at least 2 characters."));
  g_assert_cmpint (server_count (fixture), ==, 0);

  set_row_text (content, "Name", "Website player");
  vd_test_ui_activate (vd_test_ui_get_by_label (content, "Create"));
  vd_test_ui_wait_for_label (content, "API Key “Website player” Created");

  listed = request (fixture, "GET", "/api-keys");
  held = server_key (listed, "Website player");
  g_assert_nonnull (held);
  g_assert_null (vd_test_jstr (held, "expires_at"));
  g_assert_cmpstr (vd_test_jstr (held, "origin"), ==, "*");

  /* Closing the window (Escape, the window manager) forgets the secret too */
  gtk_window_close (dialog);
  vd_test_ui_wait_until (window_hidden, dialog);
  vd_test_ui_flush ();
  {
    GtkWidget *row = vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Website player");
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    g_assert_nonnull (strstr (subtitle, "Expires: Never"));
    g_assert_nonnull (strstr (subtitle, "Any origin"));
    g_assert_nonnull (strstr (subtitle, "No access"));
  }

  /* Opened again, the dialog starts afresh */
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (fixture->page), "Create API Key"));
  vd_test_ui_flush ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vd_test_ui_get_by_label (content, "Name"))), ==, "");
  g_assert_nonnull (vd_test_ui_find_by_label (content, "Create"));
  gtk_window_close (dialog);
}

int
main (int   argc,
      char *argv[])
{
  demo = vd_test_ui_init (&argc, &argv);
  g_test_add ("/vd/ui-api-keys/create-and-delete", Fixture, NULL, fixture_set_up, test_create_and_delete,
              fixture_tear_down);
  g_test_add ("/vd/ui-api-keys/never-expires", Fixture, NULL, fixture_set_up, test_never_expires,
              fixture_tear_down);

  return vd_test_ui_run (demo);
}
