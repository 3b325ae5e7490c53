/* test-ui-screenshots.c — every page and dialog of the signed-in window as a
 * PNG, in light and dark style, wide and at 360 px, into
 * $G_TEST_BUILDDIR/screenshots/ (build/tests/screenshots/), to be looked at.
 *
 * What it asserts is what a screenshot needs to be worth looking at: the
 * window reached each page, the picture has the window's size, and the
 * page did not come out blank.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-invite-dialog.h"
#include "vd-join-dialog.h"
#include "vd-member-editor.h"
#include "vd-organization-settings.h"
#include "vd-test-ui.h"
#include "vd-window.h"

static VdTestServer *demo;


/* Not a blank picture: more than one colour in it */
static void
assert_picture (const char *path,
                int         width)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  g_autofree guchar *pixels = NULL;
  gsize stride;
  int height;
  gboolean varied = FALSE;

  g_assert_no_error (error);
  /* The window's size, less what client-side decorations take */
  if (width > 0)
    g_assert_cmpint (ABS (gdk_texture_get_width (texture) - width), <=, 16);

  height = gdk_texture_get_height (texture);
  stride = gdk_texture_get_width (texture) * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * height && !varied; i += 4)
    varied = memcmp (pixels, pixels + i, 3) != 0;
  g_assert_true (varied);
}

static void
shoot (GtkWidget  *widget,
       const char *name,
       int         width)
{
  g_autofree char *path = vd_test_ui_screenshot (widget, name);

  assert_picture (path, width);
  g_test_message ("%s", path);
}

static void
shoot_dialog (GtkWindow  *dialog,
              const char *name)
{
  gtk_window_present (dialog);
  vd_test_ui_settle (GTK_WIDGET (dialog));
  shoot (GTK_WIDGET (dialog), name, 0);
  gtk_window_destroy (dialog);
}

static void
shoot_all (int         width,
           const char *suffix)
{
  const char *pages[] = { "members", "invitations", "audit", "api-keys", "account" };
  VdWindow *window = g_object_new (VD_TYPE_WINDOW, "server-url", demo->base_url, NULL);
  VdOrganizationStore *store;
  g_autoptr(VdMember) member = NULL;
  g_autoptr(GtkBuilder) builder = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), width, 720);
  vd_test_ui_window_sign_in (window, VD_TEST_OWNER);
  store = vd_window_get_store (window);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("page-%s-%s", pages[i], suffix);

      g_assert_true (vd_window_show_page (window, pages[i]));
      if (width < 600)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]);
      vd_test_ui_settle (GTK_WIDGET (window));
      g_assert_cmpstr (vd_window_get_page (window), ==, pages[i]);
      shoot (GTK_WIDGET (window), name, width);
    }

  /* The sidebar on its own when narrow */
  if (width < 600)
    {
      g_autofree char *name = g_strdup_printf ("sidebar-%s", suffix);

      gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
      vd_test_ui_settle (GTK_WIDGET (window));
      shoot (GTK_WIDGET (window), name, width);
    }

  /* The dialogs */
  {
    g_autofree char *invite = g_strdup_printf ("dialog-invite-%s", suffix);
    g_autofree char *editor = g_strdup_printf ("dialog-member-editor-%s", suffix);
    g_autofree char *join = g_strdup_printf ("dialog-join-%s", suffix);
    g_autofree char *settings = g_strdup_printf ("dialog-organization-settings-%s", suffix);
    g_autofree char *create = g_strdup_printf ("dialog-create-organization-%s", suffix);
    g_autofree char *shortcuts = g_strdup_printf ("dialog-shortcuts-%s", suffix);
    GtkWidget *dialog;

    member = g_list_model_get_item (vd_organization_store_get_members (store), 3);
    shoot_dialog (GTK_WINDOW (vd_invite_dialog_new (GTK_WINDOW (window), store)), invite);
    shoot_dialog (GTK_WINDOW (vd_member_editor_new (GTK_WINDOW (window), store, member)), editor);
    shoot_dialog (GTK_WINDOW (vd_join_dialog_new (GTK_WINDOW (window), vd_window_get_account (window), NULL)), join);
    shoot_dialog (GTK_WINDOW (vd_organization_settings_new (GTK_WINDOW (window), vd_window_get_account (window), store)),
                  settings);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.create-organization", NULL));
    dialog = vd_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    shoot_dialog (GTK_WINDOW (dialog), create);

    builder = gtk_builder_new_from_resource ("/com/vidinfra/Admin/gtk/help-overlay.ui");
    dialog = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
    shoot_dialog (GTK_WINDOW (dialog), shortcuts);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_light (void)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  shoot_all (1100, "light");
}

static void
test_dark (void)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shoot_all (1100, "dark");
}

static void
test_narrow (void)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  shoot_all (360, "360px");
}

int
main (int   argc,
      char *argv[])
{
  demo = vd_test_ui_init (&argc, &argv);

  g_test_add_func ("/vd/ui-screenshots/light", test_light);
  g_test_add_func ("/vd/ui-screenshots/dark", test_dark);
  g_test_add_func ("/vd/ui-screenshots/360px", test_narrow);

  return vd_test_ui_run (demo);
}
