/* vd-sign-in-page.c — STUB: being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vd-sign-in-page.h"

struct _VdSignInPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (VdSignInPage, vd_sign_in_page, ADW_TYPE_BIN)

static void
vd_sign_in_page_class_init (VdSignInPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/com/vidinfra/Admin/ui/vd-sign-in-page.ui");
}

static void
vd_sign_in_page_init (VdSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
vd_sign_in_page_set_server_url (VdSignInPage *self, const char *server_url)
{
  /* TODO */
}

void
vd_sign_in_page_show_error (VdSignInPage *self, const char *message)
{
  /* TODO */
}

void
vd_sign_in_page_sign_in (VdSignInPage *self, const char *email, const char *password)
{
  /* TODO */
}
