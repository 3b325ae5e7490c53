/* test-ui-join.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-join-dialog.h"
#include "vd-test-ui.h"

static VdTestServer *demo;

static void
test_constructs (void)
{
  GtkWidget *widget = g_object_ref_sink (g_object_new (VD_TYPE_JOIN_DIALOG, NULL));

  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (widget, VD_TYPE_JOIN_DIALOG));
  if (GTK_IS_WINDOW (widget))
    gtk_window_destroy (GTK_WINDOW (widget));
  g_object_unref (widget);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  demo = vd_test_server_start ("--demo", NULL);
  g_test_add_func ("/vd/ui-join/constructs", test_constructs);

  status = g_test_run ();
  vd_test_server_free (demo);
  return status;
}
