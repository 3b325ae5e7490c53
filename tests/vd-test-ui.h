/* vd-test-ui.h — what the widget tests share: waiting on the main loop,
 * signing in against vidinfra-local, finding widgets, writing screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vd-account.h"
#include "vd-organization-store.h"
#include "vd-test-server.h"

G_BEGIN_DECLS

/* g_test_init(), gtk_init() and adw_init(), then starts vidinfra-local
 * with its demo data: what every widget test's main() begins with */
VdTestServer *vd_test_ui_init           (int          *argc,
                                         char       ***argv);
/* Runs the tests, then stops @server; returns g_test_run()'s status */
int           vd_test_ui_run            (VdTestServer *server);

/* Iterates the main loop until @done returns TRUE; fails the test after
 * 60 s. A 100 ms tick wakes the loop so that the deadline is seen. */
void          vd_test_ui_wait_until     (gboolean    (*done) (gpointer data),
                                         gpointer      data);
/* Iterates until every pending event (and frame) is handled */
void          vd_test_ui_flush          (void);
/* A GAsyncReadyCallback storing a ref of the result in *(GAsyncResult **) user_data */
void          vd_test_ui_got_result     (GObject      *object,
                                         GAsyncResult *result,
                                         gpointer      user_data);
/* Waits until *result is set (by vd_test_ui_got_result) */
void          vd_test_ui_wait_result    (GAsyncResult **result);

/* Signs in @email (VD_TEST_PASSWORD) on @server; the account's current
 * organization is the user's first. */
VdAccount    *vd_test_ui_sign_in        (VdTestServer *server,
                                         const char   *email);
/* A store of the account's current organization with its members (all
 * pages), projects and invitations loaded */
VdOrganizationStore *vd_test_ui_load_store (VdAccount *account);

/* Depth first, the first widget of @type under @root (itself included) */
GtkWidget    *vd_test_ui_find_by_type   (GtkWidget    *root,
                                         GType         type);
/* The first visible widget under @root whose visible text is @label: a
 * button's label (mnemonics stripped), an AdwButtonContent's, a
 * GtkLabel's, an AdwPreferencesRow's title, an AdwStatusPage's title, a
 * widget's tooltip. For a label inside a button, the button. */
GtkWidget    *vd_test_ui_find_by_label  (GtkWidget    *root,
                                         const char   *label);
/* The same, failing the test when there is none */
GtkWidget    *vd_test_ui_get_by_label   (GtkWidget    *root,
                                         const char   *label);
/* The widget vd_test_ui_find_by_label() finds if it is mapped (on screen,
 * not only visible in a hidden parent), else NULL */
GtkWidget    *vd_test_ui_find_mapped    (GtkWidget    *root,
                                         const char   *label);
/* Waits until vd_test_ui_find_mapped (@root, @label) finds a widget */
void          vd_test_ui_wait_for_label (GtkWidget    *root,
                                         const char   *label);
/* Clicks a button (or activates a row / widget) as the user would */
void          vd_test_ui_activate       (GtkWidget    *widget);
/* How many GtkListBoxRows @list_box holds; 0 while it is not mapped */
guint         vd_test_ui_count_rows     (GtkWidget    *list_box);

/* The first visible toplevel window of @type (or a subtype), or NULL */
GtkWidget    *vd_test_ui_find_toplevel  (GType         type);
/* Waits until a message dialog is shown, headed @heading unless that is
 * NULL, and returns it */
AdwMessageDialog *vd_test_ui_wait_message_dialog (const char *heading);
/* Answers @dialog with @response, and closes it if it is still shown
 * (adw_message_dialog_response() alone leaves it open in libadwaita 1.2) */
void          vd_test_ui_answer_dialog  (AdwMessageDialog *dialog,
                                         const char       *response);
/* Clicks @dialog's response button labelled @label, as the user would: it
 * answers and closes */
void          vd_test_ui_click_response (AdwMessageDialog *dialog,
                                         const char       *label);

/* Waits until @widget's frame clock has ticked @n_frames times: layout
 * that was pending has happened and the result was drawn */
void          vd_test_ui_wait_frames    (GtkWidget    *widget,
                                         guint         n_frames);
/* Sets @window's default width to @width (the height stays) and waits
 * until its content is at most that wide */
/* A vd_test_ui_wait_until() condition: the VdWindow @window shows its main
 * page with the current organization's members all loaded */
gboolean      vd_test_ui_window_shows_members (gpointer window);
/* Presents the VdWindow @window, signs @email in with the test password and
 * waits until it shows the members */
void          vd_test_ui_window_sign_in (gpointer      window,
                                         const char   *email);
/* Waits until @widget is mapped and no spinner spins in it where it can be
 * seen (what showing a page or dialog started has loaded), then flushes */
void          vd_test_ui_settle         (GtkWidget    *widget);
void          vd_test_ui_set_width      (GtkWidget    *window,
                                         int           width);

/* Renders @widget's window as it is now into $G_TEST_BUILDDIR/screenshots/@name.png
 * and returns the path */
char         *vd_test_ui_screenshot     (GtkWidget    *widget,
                                         const char   *name);
/* Two screenshots of @widget's window, @name-light and @name-dark, each
 * after @n_frames frames (none: 0), then the colour scheme it had before */
void          vd_test_ui_screenshot_styles (GtkWidget  *widget,
                                            const char *name,
                                            guint       n_frames);

G_END_DECLS
