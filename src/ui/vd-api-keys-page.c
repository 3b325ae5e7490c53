/* vd-api-keys-page.c — the organization's API keys: what each may do, until
 * when, Create (the secret shown once) and Delete (after a confirmation)
 *
 * The list is the store's GListModel of VdApiKey bound to a boxed list; each
 * row follows its key through notify. The page loads the keys itself each
 * time it is shown, with a spinner while there is nothing to show yet and a
 * "Retry" when that first load fails.
 *
 * The "Create API Key" dialog is a modal AdwWindow of the page's own
 * template, reset each time it opens. Its scope is a VdPermissionEditor on a
 * fresh VdPermissions. A refused request keeps everything typed, shows the
 * server's field errors under the fields and anything else in a toast with
 * "Retry". Once created, the secret is shown once with "Copy"; closing the
 * dialog drops it from memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-api-keys-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-api-error.h"
#include "vd-api-keys-page.h"
#include "vd-permission-editor.h"
#include "vd-ui-util.h"

/* The positions of the "Expires" combo row */
enum
{
  EXPIRES_NEVER,
  EXPIRES_30_DAYS,
  EXPIRES_90_DAYS,
  EXPIRES_1_YEAR,
  EXPIRES_DATE,
};

struct _VdApiKeysPage
{
  AdwBin               parent_instance;

  /* The page */
  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkWidget           *header_box;
  GtkLabel            *count_label;
  GtkStack            *list_stack;
  GtkListBox          *list_box;

  /* The dialog */
  GtkWindow           *create_window;
  GtkStack            *create_stack;
  GtkWidget           *cancel_button;
  GtkWidget           *confirm_button;
  GtkWidget           *done_button;
  GtkSpinner          *create_spinner;
  AdwEntryRow         *name_row;
  AdwEntryRow         *origin_row;
  AdwComboRow         *expires_row;
  AdwActionRow        *date_row;
  GtkMenuButton       *date_button;
  GtkCalendar         *calendar;
  GtkLabel            *name_error;
  GtkLabel            *origin_error;
  GtkLabel            *expires_error;
  GtkLabel            *scope_error;
  VdPermissionEditor  *permission_editor;
  GtkLabel            *created_title;
  GtkLabel            *key_label;

  VdOrganizationStore *store;
  GCancellable        *cancellable;
  GCancellable        *create_cancellable;
  VdPermissions       *scope;            /* what the dialog edits */
  VdApiKey            *created;          /* the new key while its secret is shown */
  GHashTable          *busy;             /* ids of keys being deleted */
  gboolean             loading;
  gboolean             load_failed;
  gboolean             creating;
};

G_DEFINE_FINAL_TYPE (VdApiKeysPage, vd_api_keys_page, ADW_TYPE_BIN)

static void update_rows (VdApiKeysPage *self);

static VdApiKey *
lookup_key (VdApiKeysPage *self,
            const char    *id)
{
  GListModel *model;

  if (self->store == NULL || id == NULL)
    return NULL;

  model = vd_organization_store_get_api_keys (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VdApiKey) key = g_list_model_get_item (model, i);

      if (g_strcmp0 (vd_api_key_get_id (key), id) == 0)
        return key;   /* the store holds it */
    }

  return NULL;
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;

  local = g_date_time_to_local (date);
  /* The locale's own date format */
  return g_date_time_format (local, "%x");
}


/* Origins */

/* An origin is a scheme, a host and maybe a port, nothing else:
 * "https://app.example.com", "http://localhost:8080". "*" is any origin. */
static gboolean
origin_is_valid (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host, *path;

  if (g_str_equal (text, "*"))
    return TRUE;
  if (strlen (text) > 255 || strchr (text, ' ') != NULL)
    return FALSE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  path = g_uri_get_path (uri);

  return (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         host != NULL && *host != '\0' &&
         g_uri_get_userinfo (uri) == NULL &&
         (path == NULL || *path == '\0' || g_str_equal (path, "/")) &&
         g_uri_get_query (uri) == NULL &&
         g_uri_get_fragment (uri) == NULL;
}

static const char *
origin_label (const char *origin)
{
  if (origin == NULL || *origin == '\0' || g_str_equal (origin, "*"))
    return _("Any origin");
  return origin;
}


/* The page: what each key may do, in a few words */

static const char *
project_name (VdApiKeysPage *self,
              const char    *project_id)
{
  VdProject *project = self->store ? vd_organization_store_lookup_project (self->store, project_id) : NULL;

  return project ? vd_project_get_name (project) : project_id;
}

/* "Full access to Studio", "3 projects, billing", "All projects, billing and API" … */
static char *
scope_text (VdApiKeysPage *self,
            VdApiKey      *key)
{
  VdPermissions *permissions = vd_api_key_get_permissions (key);
  g_auto(GStrv) ids = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n, n_projects;

  if (permissions == NULL)
    return g_strdup (_("Legacy permissions"));

  ids = vd_permissions_dup_project_ids (permissions);
  n = g_strv_length (ids);
  n_projects = self->store ? g_list_model_get_n_items (vd_organization_store_get_projects (self->store)) : 0;

  if (n == 1)
    {
      VdGrant *grant = vd_permissions_lookup_grant (permissions, ids[0]);
      VdAccessLevel level = grant ? vd_grant_get_access (grant) : VD_ACCESS_NONE;

      const char *name = project_name (self, ids[0]);

      /* One sentence per level: the project's name is the only blank */
      switch (level)
        {
        case VD_ACCESS_FULL:
          /* Translators: an API key's scope; %s is a project's name */
          g_ptr_array_add (parts, g_strdup_printf (_("Full access to %s"), name));
          break;
        case VD_ACCESS_FULL_NO_DELETE:
          /* Translators: an API key's scope; %s is a project's name */
          g_ptr_array_add (parts, g_strdup_printf (_("Full access, except deleting, in %s"), name));
          break;
        case VD_ACCESS_CUSTOM:
          /* Translators: an API key's scope: some rights chosen one by one; %s is a project's name */
          g_ptr_array_add (parts, g_strdup_printf (_("Chosen rights in %s"), name));
          break;
        case VD_ACCESS_NONE:
        default:
          /* Translators: an API key's scope; %s is a project's name */
          g_ptr_array_add (parts, g_strdup_printf (_("No access to %s"), name));
          break;
        }
    }
  else if (n > 1 && n == n_projects)
    g_ptr_array_add (parts, g_strdup (_("All projects")));
  else if (n > 1)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u project", "%u projects", n), n));

  if (vd_permissions_get_billing (permissions))
    g_ptr_array_add (parts, g_strdup (_("Billing")));
  if (vd_permissions_get_api (permissions))
    g_ptr_array_add (parts, g_strdup (_("API")));

  if (parts->len == 0)
    return g_strdup (_("No access"));

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator of the parts of a key's scope */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

typedef struct
{
  VdApiKeysPage *page;
  AdwActionRow  *row;
  GtkWidget     *delete_button;
} RowWidgets;

static void
update_row (VdApiKey   *key,
            GParamSpec *pspec,
            GtkWidget  *row)
{
  RowWidgets *widgets = g_object_get_data (G_OBJECT (row), "widgets");
  g_autofree char *scope = scope_text (widgets->page, key);
  g_autofree char *created = format_date (vd_api_key_get_created_at (key));
  g_autofree char *expires = format_date (vd_api_key_get_expires_at (key));
  g_autofree char *expiry = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *subtitle = NULL;
  GDateTime *expires_at = vd_api_key_get_expires_at (key);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean busy = g_hash_table_contains (widgets->page->busy, vd_api_key_get_id (key));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widgets->row), vd_api_key_get_name (key));

  if (expires_at == NULL)
    expiry = g_strdup (_("Expires: Never"));
  else if (g_date_time_compare (expires_at, now) <= 0)
    /* Translators: the date an API key stopped working */
    expiry = g_strdup_printf (_("Expired on %s"), expires);
  else
    expiry = g_strdup_printf (_("Expires on %s"), expires);

  /* Translators: "Created 12/05/26 · Expires: Never" */
  dates = created ? g_strdup_printf (_("Created %s · %s"), created, expiry) : g_strdup (expiry);
  /* Translators: "vdk_1a2b3c4d… · https://app.example.com · Full access to Studio",
   * then the dates on a second line */
  subtitle = g_strdup_printf (_("%s · %s · %s\n%s"), vd_api_key_get_prefix (key),
                              origin_label (vd_api_key_get_origin (key)), scope, dates);
  adw_action_row_set_subtitle (widgets->row, subtitle);
  gtk_widget_set_sensitive (widgets->delete_button, !busy);
}

static void
update_rows (VdApiKeysPage *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      VdApiKey *key = g_object_get_data (G_OBJECT (row), "key");

      if (key != NULL)
        update_row (key, NULL, row);
    }
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  VdApiKey *key = item;
  RowWidgets *widgets = g_new0 (RowWidgets, 1);
  g_autofree char *delete_label = g_strdup_printf (_("Delete the API key %s"), vd_api_key_get_name (key));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-password-symbolic");
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  widgets->page = user_data;
  widgets->row = ADW_ACTION_ROW (row);
  widgets->delete_button = button;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, delete_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "api-keys.delete");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", vd_api_key_get_id (key));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  g_object_set_data_full (G_OBJECT (row), "widgets", widgets, g_free);
  g_object_set_data_full (G_OBJECT (row), "key", g_object_ref (key), g_object_unref);
  g_signal_connect_object (key, "notify", G_CALLBACK (update_row), row, 0);
  update_row (key, NULL, row);

  return row;
}

static void
update_visible_page (VdApiKeysPage *self)
{
  guint n = self->store ? g_list_model_get_n_items (vd_organization_store_get_api_keys (self->store)) : 0;
  g_autofree char *count = g_strdup_printf (ngettext ("%u API key", "%u API keys", n), n);
  const char *page;

  /* A spinner only while there is nothing to show yet */
  if (self->store == NULL || (self->loading && n == 0))
    page = "loading";
  else if (self->load_failed && n == 0)
    page = "error";
  else
    page = "content";

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (page, "loading"));

  gtk_label_set_label (self->count_label, count);
  /* The empty state has its own "Create API Key" */
  gtk_widget_set_visible (self->header_box, n > 0);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}


/* Loading */

static void
set_loading (VdApiKeysPage *self,
             gboolean       loading)
{
  self->loading = loading;
  update_visible_page (self);
}

static void
api_keys_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  VdApiKeysPage *self;
  g_autoptr(GError) error = NULL;

  if (!vd_organization_store_load_api_keys_finish (VD_ORGANIZATION_STORE (object), result, &error) &&
      vd_ui_is_cancelled (error))
    return;

  self = VD_API_KEYS_PAGE (user_data);
  self->load_failed = error != NULL;
  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      /* With keys on screen already, a toast is enough */
      if (g_list_model_get_n_items (vd_organization_store_get_api_keys (self->store)) > 0)
        vd_ui_toast_error (GTK_WIDGET (self), error);
    }
  set_loading (self, FALSE);
  /* The projects may have arrived since: names in the scopes */
  update_rows (self);
}

/**
 * vd_api_keys_page_reload:
 *
 * Loads the API keys from the server again (the page does so itself each
 * time it is shown).
 */
void
vd_api_keys_page_reload (VdApiKeysPage *self)
{
  g_return_if_fail (VD_IS_API_KEYS_PAGE (self));

  if (self->store == NULL || self->loading)
    return;

  self->load_failed = FALSE;
  set_loading (self, TRUE);
  vd_organization_store_load_api_keys_async (self->store, self->cancellable, api_keys_loaded_cb, self);
}

gboolean
vd_api_keys_page_get_loading (VdApiKeysPage *self)
{
  g_return_val_if_fail (VD_IS_API_KEYS_PAGE (self), FALSE);

  return self->loading;
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  vd_api_keys_page_reload (VD_API_KEYS_PAGE (widget));
}

static void
vd_api_keys_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vd_api_keys_page_parent_class)->map (widget);

  vd_api_keys_page_reload (VD_API_KEYS_PAGE (widget));
}


/* Delete */

static void
set_busy (VdApiKeysPage *self,
          const char    *id,
          gboolean       busy)
{
  if (busy)
    g_hash_table_add (self->busy, g_strdup (id));
  else
    g_hash_table_remove (self->busy, id);
  update_rows (self);
}

static void delete_key (VdApiKeysPage *self,
                        VdApiKey      *key);

static void
retry_delete_cb (AdwToast      *toast,
                 VdApiKeysPage *self)
{
  VdApiKey *key = lookup_key (self, g_object_get_data (G_OBJECT (toast), "key-id"));

  if (key != NULL)
    delete_key (self, key);
}

typedef struct
{
  VdApiKeysPage *page;
  VdApiKey      *key;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->key);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  g_autoptr(GError) error = NULL;
  VdApiKeysPage *self;
  VdApiKey *key = data->key;
  g_autofree char *message = NULL;
  gboolean ok = vd_organization_store_delete_api_key_finish (VD_ORGANIZATION_STORE (object), result, &error);

  if (vd_ui_is_cancelled (error))
    return;

  self = data->page;
  set_busy (self, vd_api_key_get_id (key), FALSE);

  if (ok)
    {
      /* Translators: the key's name */
      message = g_strdup_printf (_("API key “%s” deleted"), vd_api_key_get_name (key));
      vd_ui_toast (GTK_WIDGET (self), message);
    }
  else
    {
      AdwToast *toast;

      /* The key stays in the list: Retry, or its Delete again, tries again */
      message = g_strdup_printf (_("Could not delete the API key “%s”: %s"), vd_api_key_get_name (key),
                                 error->message);
      toast = vd_ui_toast_new (message);
      adw_toast_set_button_label (toast, _("_Retry"));
      g_object_set_data_full (G_OBJECT (toast), "key-id", g_strdup (vd_api_key_get_id (key)), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (retry_delete_cb), self, 0);
      vd_ui_add_toast (GTK_WIDGET (self), toast);
    }
}

static void
delete_key (VdApiKeysPage *self,
            VdApiKey      *key)
{
  DeleteData *data;

  if (g_hash_table_contains (self->busy, vd_api_key_get_id (key)))
    return;

  data = g_new0 (DeleteData, 1);
  data->page = self;
  data->key = g_object_ref (key);
  set_busy (self, vd_api_key_get_id (key), TRUE);
  vd_organization_store_delete_api_key_async (self->store, key, self->cancellable, deleted_cb, data);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    VdApiKeysPage    *self)
{
  VdApiKey *key = lookup_key (self, g_object_get_data (G_OBJECT (dialog), "key-id"));

  if (g_str_equal (response, "delete") && key != NULL)
    delete_key (self, key);
}

/* Deleting cannot be undone, and whatever uses the key stops working: ask first */
static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdApiKeysPage *self = VD_API_KEYS_PAGE (widget);
  VdApiKey *key = lookup_key (self, g_variant_get_string (parameter, NULL));
  GtkWidget *dialog;

  if (key == NULL)
    return;

  dialog = adw_message_dialog_new (vd_ui_parent_window (widget), _("Delete API Key?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Programs and websites using “%s” will stop working at once. "
                                    "This cannot be undone."),
                                  vd_api_key_get_name (key));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "key-id", g_strdup (vd_api_key_get_id (key)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}


/* The "Create API Key" dialog */

static void
clear_errors (VdApiKeysPage *self)
{
  vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row), NULL);
  vd_ui_set_field_error (self->origin_error, GTK_WIDGET (self->origin_row), NULL);
  vd_ui_set_field_error (self->expires_error, GTK_WIDGET (self->expires_row), NULL);
  vd_ui_set_field_error (self->scope_error, NULL, NULL);
}

static void
update_date_button (VdApiKeysPage *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%x");

  gtk_menu_button_set_label (self->date_button, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->date_button), _("Choose the expiry date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text, -1);
}

static void
date_changed_cb (VdApiKeysPage *self)
{
  update_date_button (self);
  vd_ui_set_field_error (self->expires_error, GTK_WIDGET (self->expires_row), NULL);
}

/* Typing clears what was said about the field */
static void
entry_changed_cb (VdApiKeysPage *self,
                  GtkEditable   *field)
{
  if (field == GTK_EDITABLE (self->name_row))
    vd_ui_set_field_error (self->name_error, GTK_WIDGET (field), NULL);
  else
    vd_ui_set_field_error (self->origin_error, GTK_WIDGET (field), NULL);
}

static void
expires_changed_cb (VdApiKeysPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->date_row),
                          adw_combo_row_get_selected (self->expires_row) == EXPIRES_DATE);
  vd_ui_set_field_error (self->expires_error, GTK_WIDGET (self->expires_row), NULL);
}

static void
set_creating (VdApiKeysPage *self,
              gboolean       creating)
{
  self->creating = creating;
  gtk_widget_set_sensitive (self->confirm_button, !creating);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), creating);
  gtk_spinner_set_spinning (self->create_spinner, creating);
}

/* Drops the secret from the dialog and from memory */
static void
forget_created (VdApiKeysPage *self)
{
  if (self->created != NULL)
    vd_api_key_forget_key (self->created);
  g_clear_object (&self->created);
  gtk_label_set_label (self->key_label, "");
}

static void
reset_dialog (VdApiKeysPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) in_a_month = g_date_time_add_days (now, 30);

  g_cancellable_cancel (self->create_cancellable);
  g_clear_object (&self->create_cancellable);
  set_creating (self, FALSE);
  forget_created (self);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->origin_row), "");
  adw_combo_row_set_selected (self->expires_row, EXPIRES_NEVER);
  gtk_calendar_select_day (self->calendar, in_a_month);
  update_date_button (self);
  clear_errors (self);

  g_clear_object (&self->scope);
  if (self->store != NULL)
    {
      self->scope = vd_permissions_new (vd_organization_store_get_organization_id (self->store));
      vd_permission_editor_set_store (self->permission_editor, self->store);
      vd_permission_editor_set_permissions (self->permission_editor, self->scope);
    }

  gtk_stack_set_visible_child_name (self->create_stack, "form");
  gtk_widget_set_visible (self->cancel_button, TRUE);
  gtk_widget_set_visible (self->confirm_button, TRUE);
  gtk_widget_set_visible (self->done_button, FALSE);
  gtk_window_set_default_widget (self->create_window, self->confirm_button);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VdApiKeysPage *self = VD_API_KEYS_PAGE (widget);

  if (self->store == NULL)
    return;

  reset_dialog (self);
  gtk_window_set_transient_for (self->create_window, vd_ui_parent_window (widget));
  gtk_window_present (self->create_window);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
cancel_clicked_cb (VdApiKeysPage *self)
{
  gtk_window_close (self->create_window);
}

/* Hidden (Cancel, Done, Escape, the window manager): nothing of it stays */
static void
create_window_hidden_cb (VdApiKeysPage *self)
{
  g_cancellable_cancel (self->create_cancellable);
  g_clear_object (&self->create_cancellable);
  set_creating (self, FALSE);
  forget_created (self);
}

/* The expiry the dialog says, or NULL for never; FALSE when the date is not
 * in the future */
static gboolean
chosen_expiry (VdApiKeysPage  *self,
               GDateTime     **expires_at)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  *expires_at = NULL;
  switch (adw_combo_row_get_selected (self->expires_row))
    {
    case EXPIRES_30_DAYS:
      *expires_at = g_date_time_add_days (now, 30);
      return TRUE;
    case EXPIRES_90_DAYS:
      *expires_at = g_date_time_add_days (now, 90);
      return TRUE;
    case EXPIRES_1_YEAR:
      *expires_at = g_date_time_add_years (now, 1);
      return TRUE;
    case EXPIRES_DATE:
      {
        g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
        g_autoptr(GDateTime) end = NULL;
        g_autoptr(GTimeZone) local = g_time_zone_new_local ();

        /* The key works through the whole of the chosen day */
        end = g_date_time_new (local, g_date_time_get_year (day), g_date_time_get_month (day),
                               g_date_time_get_day_of_month (day), 23, 59, 59);
        if (end == NULL || g_date_time_compare (end, now) <= 0)
          return FALSE;
        *expires_at = g_date_time_to_utc (end);
        return TRUE;
      }
    case EXPIRES_NEVER:
    default:
      return TRUE;
    }
}

/* What to say about a field the server refused, or NULL */
static const char *
server_field_error (const GError *error,
                    const char   *field)
{
  for (guint i = 0; i < vd_api_error_get_n_fields (error); i++)
    {
      const char *name = vd_api_error_get_field (error, i);
      const char *code = vd_api_error_get_field_code (error, i);

      if (!g_str_has_prefix (name, field))
        continue;

      if (g_str_equal (field, "name"))
        {
          if (g_strcmp0 (code, "too_short") == 0 || g_strcmp0 (code, "required") == 0)
            return _("Enter a name of at least 2 characters.");
          if (g_strcmp0 (code, "too_long") == 0)
            return _("This name is too long: use at most 255 characters.");
        }
      else if (g_str_equal (field, "origin"))
        {
          if (g_strcmp0 (code, "too_long") == 0)
            return _("This origin is too long: use at most 255 characters.");
          return _("Enter an origin such as https://app.example.com, or leave it empty.");
        }
      else if (g_str_equal (field, "expires_at"))
        return _("Choose an expiry date in the future.");

      return vd_api_error_lookup_field (error, name);
    }

  return NULL;
}

static void confirm_clicked_cb (VdApiKeysPage *self);

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VdApiKeysPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdApiKey) key = vd_organization_store_create_api_key_finish (VD_ORGANIZATION_STORE (object),
                                                                         result, &error);
  g_autofree char *title = NULL;

  if (key == NULL && vd_ui_is_cancelled (error))
    return;

  self = VD_API_KEYS_PAGE (user_data);
  set_creating (self, FALSE);
  g_clear_object (&self->create_cancellable);

  if (key == NULL)
    {
      const char *name_message = server_field_error (error, "name");
      const char *origin_message = server_field_error (error, "origin");
      const char *expires_message = server_field_error (error, "expires_at");
      const char *scope_message = server_field_error (error, "permissions");
      AdwToast *toast;

      /* Everything typed stays; the fields say what is wrong with them */
      vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row), name_message);
      vd_ui_set_field_error (self->origin_error, GTK_WIDGET (self->origin_row), origin_message);
      vd_ui_set_field_error (self->expires_error, GTK_WIDGET (self->expires_row), expires_message);
      vd_ui_set_field_error (self->scope_error, NULL, scope_message);
      if (name_message || origin_message || expires_message || scope_message)
        return;

      toast = vd_ui_toast_new (error->message);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_button_label (toast, _("_Retry"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (confirm_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      vd_ui_add_toast (GTK_WIDGET (self->name_row), toast);
      return;
    }

  /* The one time the secret is known: show it, once */
  g_set_object (&self->created, key);
  gtk_label_set_label (self->key_label, vd_api_key_get_key (key));
  title = g_strdup_printf (_("API Key “%s” Created"), vd_api_key_get_name (key));
  gtk_label_set_label (self->created_title, title);
  gtk_stack_set_visible_child_name (self->create_stack, "created");
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->confirm_button, FALSE);
  gtk_widget_set_visible (self->done_button, TRUE);
  gtk_window_set_default_widget (self->create_window, self->done_button);
  gtk_widget_grab_focus (self->done_button);
  /* Shown plainly, not all selected */
  gtk_label_select_region (self->key_label, 0, 0);
}

static void
confirm_clicked_cb (VdApiKeysPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *origin = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->origin_row))));
  g_autoptr(GDateTime) expires_at = NULL;
  gboolean valid = TRUE;
  glong name_length = g_utf8_strlen (name, -1);

  if (self->creating || self->store == NULL || self->scope == NULL)
    return;

  clear_errors (self);
  if (name_length < 2)
    {
      vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row),
                       _("Enter a name of at least 2 characters."));
      valid = FALSE;
    }
  else if (name_length > 255)
    {
      vd_ui_set_field_error (self->name_error, GTK_WIDGET (self->name_row),
                       _("This name is too long: use at most 255 characters."));
      valid = FALSE;
    }

  /* Empty: any origin */
  if (*origin != '\0' && !origin_is_valid (origin))
    {
      vd_ui_set_field_error (self->origin_error, GTK_WIDGET (self->origin_row),
                       _("Enter an origin such as https://app.example.com: a scheme and a host, "
                         "with no path. Or leave it empty."));
      valid = FALSE;
    }

  if (!chosen_expiry (self, &expires_at))
    {
      vd_ui_set_field_error (self->expires_error, GTK_WIDGET (self->expires_row),
                       _("Choose an expiry date in the future."));
      valid = FALSE;
    }

  if (!valid)
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self->name_error)))
        gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      else if (gtk_widget_get_visible (GTK_WIDGET (self->origin_error)))
        gtk_widget_grab_focus (GTK_WIDGET (self->origin_row));
      return;
    }

  /* An origin ends without a slash */
  if (g_str_has_suffix (origin, "/"))
    origin[strlen (origin) - 1] = '\0';

  set_creating (self, TRUE);
  self->create_cancellable = g_cancellable_new ();
  vd_organization_store_create_api_key_async (self->store, name, *origin ? origin : "*", self->scope,
                                              expires_at, self->create_cancellable, created_cb, self);
}

static void
copied_toast (VdApiKeysPage *self)
{
  vd_ui_toast (GTK_WIDGET (self->key_label), _("Key copied to the clipboard"));
}

static void
copy_clicked_cb (VdApiKeysPage *self)
{
  const char *key = self->created ? vd_api_key_get_key (self->created) : NULL;

  if (key == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self->key_label)), key);
  copied_toast (self);
}

/**
 * vd_api_keys_page_get_create_window:
 *
 * The "Create API Key" dialog (transfer none), for tests and screenshots.
 */
GtkWindow *
vd_api_keys_page_get_create_window (VdApiKeysPage *self)
{
  g_return_val_if_fail (VD_IS_API_KEYS_PAGE (self), NULL);

  return self->create_window;
}


/* The store */

void
vd_api_keys_page_set_store (VdApiKeysPage       *self,
                            VdOrganizationStore *store)
{
  GListModel *keys;

  g_return_if_fail (VD_IS_API_KEYS_PAGE (self));
  g_return_if_fail (store == NULL || VD_IS_ORGANIZATION_STORE (store));

  if (self->store == store)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = FALSE;
  self->load_failed = FALSE;
  g_hash_table_remove_all (self->busy);

  /* A dialog for another organization makes no sense any more */
  if (self->create_window != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->create_window), FALSE);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (vd_organization_store_get_api_keys (self->store), self);
  g_set_object (&self->store, store);

  keys = store ? vd_organization_store_get_api_keys (store) : NULL;
  gtk_list_box_bind_model (self->list_box, keys, create_row, self, NULL);
  if (keys != NULL)
    g_signal_connect_object (keys, "items-changed", G_CALLBACK (update_visible_page), self,
                             G_CONNECT_SWAPPED);
  update_visible_page (self);

  if (store != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    vd_api_keys_page_reload (self);
}

static void
vd_api_keys_page_dispose (GObject *object)
{
  VdApiKeysPage *self = VD_API_KEYS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->create_cancellable);
  g_clear_object (&self->create_cancellable);
  if (self->store != NULL)
    vd_api_keys_page_set_store (self, NULL);
  g_clear_object (&self->cancellable);
  forget_created (self);
  g_clear_object (&self->scope);

  if (self->create_window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->create_window, self);
      gtk_window_destroy (self->create_window);
    }
  /* The bin's child is the bound template child "stack": let the bin drop it
   * first, or both would unparent it */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_API_KEYS_PAGE);

  G_OBJECT_CLASS (vd_api_keys_page_parent_class)->dispose (object);
}

static void
vd_api_keys_page_finalize (GObject *object)
{
  VdApiKeysPage *self = VD_API_KEYS_PAGE (object);

  g_clear_pointer (&self->busy, g_hash_table_unref);

  G_OBJECT_CLASS (vd_api_keys_page_parent_class)->finalize (object);
}

static void
vd_api_keys_page_class_init (VdApiKeysPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vd_api_keys_page_dispose;
  object_class->finalize = vd_api_keys_page_finalize;
  widget_class->map = vd_api_keys_page_map;

  g_type_ensure (VD_TYPE_PERMISSION_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-api-keys-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, create_window);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, create_stack);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, done_button);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, create_spinner);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, origin_row);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, expires_row);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, name_error);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, origin_error);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, expires_error);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, scope_error);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, permission_editor);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, created_title);
  gtk_widget_class_bind_template_child (widget_class, VdApiKeysPage, key_label);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, expires_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);

  gtk_widget_class_install_action (widget_class, "api-keys.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "api-keys.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "api-keys.reload", NULL, reload_action);
}

static void
vd_api_keys_page_init (VdApiKeysPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_signal_connect_object (self->create_window, "hide", G_CALLBACK (create_window_hidden_cb), self,
                           G_CONNECT_SWAPPED);
  /* Escape closes the dialog */
  {
    GtkEventController *controller = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (GTK_WIDGET (self->create_window), controller);
  }

  update_visible_page (self);
}
