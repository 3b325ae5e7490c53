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
/* Clicks a button (or activates a row / widget) as the user would */
void          vd_test_ui_activate       (GtkWidget    *widget);

/* Renders @widget's window as it is now into $G_TEST_BUILDDIR/screenshots/@name.png
 * and returns the path */
char         *vd_test_ui_screenshot     (GtkWidget    *widget,
                                         const char   *name);

G_END_DECLS
