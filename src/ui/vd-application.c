/* vd-application.c — the application: command line, actions, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "vd-application.h"
#include "vd-client.h"
#include "vd-ui-util.h"
#include "vd-window.h"

struct _VdApplication
{
  AdwApplication  parent_instance;

  char           *server_url;
  VdCredentials  *credentials;
  GSubprocess    *local_server;   /* vidinfra-local started by --local or Try It Locally */
  char           *local_url;      /* where it listens, once it said so */
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


/* --local: vidinfra-local as a subprocess */

/* Installed beside the app, or in the build tree when run from it */
static char *
find_local_server (void)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self_path ? g_path_get_dirname (self_path) : NULL;
  const char *env = g_getenv ("VIDINFRA_LOCAL");
  const char *candidates[3] = { NULL, NULL, NULL };
  g_autofree char *built = dir ? g_build_filename (dir, "..", "server", "vidinfra-local", NULL) : NULL;
  g_autofree char *installed = g_build_filename (LIBEXECDIR, "vidinfra-local", NULL);

  candidates[0] = env;
  candidates[1] = installed;
  candidates[2] = built;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
      return g_strdup (candidates[i]);

  return NULL;
}

/* The demo owner, signed in at once, in the window there is or a new one */
static void
sign_in_locally (VdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!VD_IS_WINDOW (window))
    window = GTK_WINDOW (vd_window_new (self, self->local_url));
  vd_window_sign_in_to (VD_WINDOW (window), self->local_url, "owner@acme.test", "Demo-password-1");
  gtk_window_present (window);
}

/* It could not start: say so where the person is looking */
static void
local_failed (VdApplication *self,
              const char    *reason)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *message = g_strdup_printf (_("The local server could not start: %s"), reason);

  g_warning ("%s", message);
  if (window == NULL)
    g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    vd_ui_toast (GTK_WIDGET (window), message);
}

static void
local_line_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                    result, NULL, &error);

  if (line == NULL || !g_str_has_prefix (line, "vidinfra-local listening on "))
    {
      /* Translators: why the local server could not start, after "The local server could not start: " */
      local_failed (self, error ? error->message : (line ? line : _("it stopped before it was ready")));
      if (self->local_server != NULL)
        g_subprocess_force_exit (self->local_server);
      g_clear_object (&self->local_server);
      g_application_release (G_APPLICATION (self));
      return;
    }

  g_free (self->local_url);
  self->local_url = g_strdup (line + strlen ("vidinfra-local listening on "));
  sign_in_locally (self);
  g_application_release (G_APPLICATION (self));
}

/* Should the app die without its shutdown, the server goes too */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_local_server (VdApplication *self)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *binary = find_local_server ();
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "vidinfra-admin", "local", NULL);

  /* Already running: sign in again (or wait for it to say where it is) */
  if (self->local_url != NULL)
    {
      sign_in_locally (self);
      return;
    }
  if (self->local_server != NULL)
    return;

  if (binary == NULL)
    {
      local_failed (self, _("vidinfra-local is not installed"));
      return;
    }

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* --background: it shares this machine's CPUs with the window, and a
   * frame waiting for the display server should not wait behind it */
  self->local_server = g_subprocess_launcher_spawn (launcher, &error, binary, "--port=0", "--demo",
                                                    "--background", "--data-dir", data_dir, NULL);
  if (self->local_server == NULL)
    {
      local_failed (self, error->message);
      return;
    }

  /* Held until the server says where it listens */
  g_application_hold (G_APPLICATION (self));
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->local_server));
  g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, NULL, local_line_cb, g_object_ref (self));
}

static void
vd_application_shutdown (GApplication *app)
{
  VdApplication *self = VD_APPLICATION (app);

  /* The server goes with the app: it finishes what is under way and exits */
  if (self->local_server != NULL)
    {
      g_subprocess_send_signal (self->local_server, SIGTERM);
      g_subprocess_wait (self->local_server, NULL, NULL);
      g_clear_object (&self->local_server);
    }

  G_APPLICATION_CLASS (vd_application_parent_class)->shutdown (app);
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

  if (g_variant_dict_contains (options, "local"))
    {
      start_local_server (self);
      return 0;
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
                        "developer-name", _("The Vidinfra Admin developers"),
                        "website", "https://www.vidinfra.com",
                        "copyright", "© 2026 The Vidinfra Admin developers",
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
try_local_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  start_local_server (VD_APPLICATION (user_data));
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
  { "try-local", try_local_activated_cb },
  { "quit", quit_activated_cb },
};

static gboolean
quit_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
vd_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (vd_application_parent_class)->startup (app);

  /* Ctrl+C or a service manager: quit through shutdown, which stops a
   * vidinfra-local started with --local */
  g_unix_signal_add (SIGINT, quit_signal_cb, app);
  g_unix_signal_add (SIGTERM, quit_signal_cb, app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  /* Screen readers get names GTK 4.8 leaves out or garbles, in every window */
  vd_ui_fix_accessible_names_of_windows ();
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
}

static void
vd_application_finalize (GObject *object)
{
  VdApplication *self = VD_APPLICATION (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->local_url, g_free);
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
  app_class->shutdown = vd_application_shutdown;
}

static void
vd_application_init (VdApplication *self)
{
  static const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL, N_("The Vidinfra server to sign in to"), N_("URL") },
    { "local", 'l', 0, G_OPTION_ARG_NONE, NULL, N_("Try it locally: start vidinfra-local with demo data and sign in to it"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Manage the members of your Vidinfra organization."));
}
