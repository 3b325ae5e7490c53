/* vd-test-ui.c — what the widget tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vd-test-ui.h"
#include "vd-ui-util.h"
#include "vd-window.h"

/* The app's own style sheets, as AdwApplication gives them to the app:
 * style.css always, style-hc.css in high contrast */
static void
high_contrast_cb (AdwStyleManager *manager,
                  GParamSpec      *pspec,
                  GtkCssProvider  *hc)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (adw_style_manager_get_high_contrast (manager))
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (hc),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  else
    gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (hc));
}

static void
load_app_style (void)
{
  static GtkCssProvider *style, *hc;
  AdwStyleManager *manager = adw_style_manager_get_default ();

  style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (style, "/com/vidinfra/Admin/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  hc = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (hc, "/com/vidinfra/Admin/style-hc.css");
  g_signal_connect (manager, "notify::high-contrast", G_CALLBACK (high_contrast_cb), hc);
  high_contrast_cb (manager, NULL, hc);
}

VdTestServer *
vd_test_ui_init (int    *argc,
                 char ***argv)
{
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
  load_app_style ();

  return vd_test_server_start ("--demo", NULL);
}

int
vd_test_ui_run (VdTestServer *server)
{
  int status = g_test_run ();

  vd_test_server_free (server);
  return status;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
vd_test_ui_wait_until (gboolean (*done) (gpointer data),
                       gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (100, tick_cb, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out");
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (tick);
}

void
vd_test_ui_flush (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

void
vd_test_ui_got_result (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

void
vd_test_ui_wait_result (GAsyncResult **result)
{
  vd_test_ui_wait_until (result_set, result);
}

VdAccount *
vd_test_ui_sign_in (VdTestServer *server,
                    const char   *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) client = vd_client_new (server->base_url, &error);
  g_autoptr(VdAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  account = vd_account_new (client, NULL);
  vd_account_sign_in_async (account, email, VD_TEST_PASSWORD, TRUE, NULL, vd_test_ui_got_result, &result);
  vd_test_ui_wait_result (&result);
  g_assert_true (vd_account_sign_in_finish (account, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&account);
}

static gboolean
members_loaded (gpointer data)
{
  return vd_organization_store_get_members_loaded (data);
}

VdOrganizationStore *
vd_test_ui_load_store (VdAccount *account)
{
  VdOrganization *organization = vd_account_get_current_organization (account);
  g_autoptr(VdOrganizationStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (organization);
  store = vd_organization_store_new (vd_account_get_client (account), vd_organization_get_id (organization));

  vd_organization_store_load_async (store, NULL, vd_test_ui_got_result, &result);
  vd_test_ui_wait_result (&result);
  g_assert_true (vd_organization_store_load_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  vd_test_ui_wait_until (members_loaded, store);

  /* Members see no invitations: that is not a failure here */
  if (vd_organization_get_role (organization) == VD_ROLE_OWNER ||
      vd_organization_get_role (organization) == VD_ROLE_ADMIN)
    {
      vd_organization_store_load_invitations_async (store, NULL, vd_test_ui_got_result, &result);
      vd_test_ui_wait_result (&result);
      g_assert_true (vd_organization_store_load_invitations_finish (store, result, &error));
      g_assert_no_error (error);
    }

  return g_steal_pointer (&store);
}

GtkWidget *
vd_test_ui_find_by_type (GtkWidget *root,
                         GType      type)
{
  return vd_ui_find_descendant (root, type);
}

/* "_Save" → "Save" */
static gboolean
text_matches (const char *text,
              const char *label)
{
  g_autoptr(GString) plain = NULL;

  if (text == NULL)
    return FALSE;

  plain = g_string_new (text);
  g_string_replace (plain, "_", "", 0);
  return g_str_equal (plain->str, label) || g_str_equal (text, label);
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (ADW_IS_BUTTON_CONTENT (widget))
    return adw_button_content_get_label (ADW_BUTTON_CONTENT (widget));
  if (ADW_IS_SPLIT_BUTTON (widget) && adw_split_button_get_label (ADW_SPLIT_BUTTON (widget)) != NULL)
    return adw_split_button_get_label (ADW_SPLIT_BUTTON (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (ADW_IS_STATUS_PAGE (widget))
    return adw_status_page_get_title (ADW_STATUS_PAGE (widget));
  return NULL;
}

GtkWidget *
vd_test_ui_find_by_label (GtkWidget  *root,
                          const char *label)
{
  if (!gtk_widget_get_visible (root))
    return NULL;

  if (text_matches (widget_text (root), label) || text_matches (gtk_widget_get_tooltip_text (root), label))
    {
      /* A label or content inside a button stands for the button */
      GtkWidget *button = GTK_IS_BUTTON (root) ? root : gtk_widget_get_ancestor (root, GTK_TYPE_BUTTON);

      if (button != NULL && (GTK_IS_LABEL (root) || ADW_IS_BUTTON_CONTENT (root)))
        return button;
      return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vd_test_ui_find_by_label (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
vd_test_ui_get_by_label (GtkWidget  *root,
                         const char *label)
{
  GtkWidget *found = vd_test_ui_find_by_label (root, label);

  if (found == NULL)
    g_error ("No visible widget labelled “%s”", label);
  return found;
}

GtkWidget *
vd_test_ui_find_mapped (GtkWidget  *root,
                        const char *label)
{
  GtkWidget *widget = vd_test_ui_find_by_label (root, label);

  return widget != NULL && gtk_widget_get_mapped (widget) ? widget : NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} LabelWait;

static gboolean
label_mapped (gpointer data)
{
  LabelWait *wait = data;

  return vd_test_ui_find_mapped (wait->root, wait->label) != NULL;
}

void
vd_test_ui_wait_for_label (GtkWidget  *root,
                           const char *label)
{
  LabelWait wait = { root, label };

  vd_test_ui_wait_until (label_mapped, &wait);
}

void
vd_test_ui_activate (GtkWidget *widget)
{
  g_assert_true (gtk_widget_is_sensitive (widget));

  if (GTK_IS_BUTTON (widget))
    g_signal_emit_by_name (widget, "clicked");
  else if (GTK_IS_LIST_BOX_ROW (widget))
    g_signal_emit_by_name (widget, "activate");
  else
    g_assert_true (gtk_widget_activate (widget));
}

guint
vd_test_ui_count_rows (GtkWidget *list_box)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (list_box))
    return 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_box); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

GtkWidget *
vd_test_ui_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  GtkWidget *dialog = vd_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  const char *heading = data;

  return dialog != NULL &&
         (heading == NULL || g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), heading) == 0);
}

AdwMessageDialog *
vd_test_ui_wait_message_dialog (const char *heading)
{
  vd_test_ui_wait_until (message_dialog_shown, (gpointer) heading);
  return ADW_MESSAGE_DIALOG (vd_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

void
vd_test_ui_answer_dialog (AdwMessageDialog *dialog,
                          const char       *response)
{
  adw_message_dialog_response (dialog, response);
  if (vd_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == GTK_WIDGET (dialog))
    gtk_window_destroy (GTK_WINDOW (dialog));
}

void
vd_test_ui_click_response (AdwMessageDialog *dialog,
                           const char       *label)
{
  vd_test_ui_activate (vd_test_ui_get_by_label (GTK_WIDGET (dialog), label));
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  guint frames;
  guint wanted;
} FrameWait;

static gboolean
frames_drawn (gpointer data)
{
  FrameWait *wait = data;

  return wait->frames >= wait->wanted;
}

void
vd_test_ui_wait_frames (GtkWidget *widget,
                        guint      n_frames)
{
  FrameWait wait = { 0, n_frames };
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &wait.frames, NULL);

  vd_test_ui_wait_until (frames_drawn, &wait);
  gtk_widget_remove_tick_callback (widget, id);
}

typedef struct
{
  GtkWidget *window;
  int        width;
} WidthWait;

static gboolean
content_narrow (gpointer data)
{
  WidthWait *wait = data;

  return gtk_widget_get_width (gtk_window_get_child (GTK_WINDOW (wait->window))) <= wait->width;
}

void
vd_test_ui_set_width (GtkWidget *window,
                      int        width)
{
  WidthWait wait = { window, width };
  int old_width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &old_width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  vd_test_ui_wait_until (content_narrow, &wait);
}

char *
vd_test_ui_screenshot (GtkWidget  *widget,
                       const char *name)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autofree char *directory = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                                 "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (directory, file, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width, height;

  g_assert_nonnull (renderer);

  /* Let layout and the frame clock settle first */
  vd_test_ui_flush ();
  vd_test_ui_wait_frames (window, 3);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  g_assert_cmpint (width, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_assert_cmpint (g_mkdir_with_parents (directory, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return g_steal_pointer (&path);
}

void
vd_test_ui_screenshot_styles (GtkWidget  *widget,
                              const char *name,
                              guint       n_frames)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwColorScheme scheme = adw_style_manager_get_color_scheme (style);
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autofree char *light = g_strconcat (name, "-light", NULL);
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  if (n_frames > 0)
    vd_test_ui_wait_frames (window, n_frames);
  g_free (vd_test_ui_screenshot (widget, light));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  if (n_frames > 0)
    vd_test_ui_wait_frames (window, n_frames);
  g_free (vd_test_ui_screenshot (widget, dark));
  adw_style_manager_set_color_scheme (style, scheme);
}

gboolean
vd_test_ui_window_shows_members (gpointer data)
{
  VdWindow *window = data;
  VdOrganizationStore *store = vd_window_get_store (window);

  return g_strcmp0 (vd_window_get_mode (window), "main") == 0 && store != NULL &&
         vd_organization_store_get_members_loaded (store);
}

void
vd_test_ui_window_sign_in (gpointer    window,
                           const char *email)
{
  g_assert_true (VD_IS_WINDOW (window));

  gtk_window_present (GTK_WINDOW (window));
  vd_window_sign_in (window, email, VD_TEST_PASSWORD);
  vd_test_ui_wait_until (vd_test_ui_window_shows_members, window);
}

/* A spinner spins where it can be seen */
static gboolean
spinning (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_SPINNER (widget) && gtk_spinner_get_spinning (GTK_SPINNER (widget)))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (spinning (child))
      return TRUE;

  return FALSE;
}

static gboolean
settled (gpointer data)
{
  return gtk_widget_get_mapped (data) && !spinning (data);
}

void
vd_test_ui_settle (GtkWidget *widget)
{
  vd_test_ui_wait_until (settled, widget);
  vd_test_ui_flush ();
}
