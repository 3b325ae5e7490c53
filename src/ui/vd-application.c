/* vd-application.c — the application: command line, actions, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vd-application.h"
#include "vd-client.h"
#include "vd-window.h"

struct _VdApplication
{
  AdwApplication  parent_instance;

  char           *server_url;
  VdCredentials  *credentials;
};

G_DEFINE_FINAL_TYPE (VdApplication, vd_application, ADW_TYPE_APPLICATION)

VdApplication *
vd_application_new (void)
{
  return g_object_new (VD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/com/vidinfra/Admin",
                       NULL);
}

const char *
vd_application_get_server_url (VdApplication *self)
{
  g_return_val_if_fail (VD_IS_APPLICATION (self), NULL);

  return self->server_url ? self->server_url : DEFAULT_SERVER_URL;
}

/* One keyring access for the whole application, so that its operations run
 * one at a time */
VdCredentials *
vd_application_get_credentials (VdApplication *self)
{
  g_return_val_if_fail (VD_IS_APPLICATION (self), NULL);

  if (self->credentials == NULL)
    self->credentials = vd_credentials_new ();

  return self->credentials;
}

static void
vd_application_activate (GApplication *app)
{
  VdApplication *self = VD_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (vd_window_new (self, vd_application_get_server_url (self)));

  gtk_window_present (window);
}

static int
vd_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  VdApplication *self = VD_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *server = NULL;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autoptr(GError) error = NULL;

      /* The same rule as the client's: https, or http to this computer */
      if (!vd_client_check_url (server, &error))
        {
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          return 2;
        }

      g_free (self->server_url);
      self->server_url = g_strdup (server);
    }

  g_application_activate (app);
  return 0;
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VdApplication *self = user_data;
  static const char *developers[] = { "The Vidinfra Admin developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Vidinfra Admin"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("Manage the members of your Vidinfra organization"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_activated_cb },
  { "quit", quit_activated_cb },
};

static void
vd_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (vd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
}

static void
vd_application_finalize (GObject *object)
{
  VdApplication *self = VD_APPLICATION (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (vd_application_parent_class)->finalize (object);
}

static void
vd_application_class_init (VdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = vd_application_finalize;
  app_class->activate = vd_application_activate;
  app_class->startup = vd_application_startup;
  app_class->command_line = vd_application_command_line;
}

static void
vd_application_init (VdApplication *self)
{
  static const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL, N_("The Vidinfra server to sign in to"), N_("URL") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Manage the members of your Vidinfra organization."));
}
