/* main.c — vidinfra-local: the Vidinfra API on SQLite, for running and
 * testing Vidinfra Admin with no account and no network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vidinfra-local"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <unistd.h>

#include "vd-demo.h"
#include "vd-server.h"

static GMainLoop *main_loop;

static void
stopped_cb (gpointer user_data)
{
  g_main_loop_quit (main_loop);
}

static gboolean
signal_cb (gpointer user_data)
{
  VdServer *server = user_data;

  vd_server_shutdown (server, G_CALLBACK (stopped_cb), NULL);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_seconds (const char *value,
               gint64     *seconds,
               const char *option,
               GError    **error)
{
  guint64 parsed;

  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT32, &parsed, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s takes a whole number of seconds from 1", option);
      return FALSE;
    }

  *seconds = (gint64) parsed;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *host = g_strdup ("127.0.0.1");
  g_autofree char *data_dir = NULL;
  g_autofree char *access_ttl = NULL;
  g_autofree char *refresh_ttl = NULL;
  g_autofree char *invitation_ttl = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VdServer) server = NULL;
  VdServerConfig config = { 0 };
  gboolean demo = FALSE;
  gboolean version = FALSE;
  gboolean background = FALSE;
  int port = 0;
  int seed_members = 0;
  const GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, "The address to listen on (default 127.0.0.1)", "ADDRESS" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The port to listen on (default 0: any free port)", "PORT" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Where the database and the outbox live", "DIR" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Create the demo organization “Acme Studios” once", NULL },
    { "seed-members", 0, 0, G_OPTION_ARG_INT, &seed_members, "Give the demo organization N more members", "N" },
    { "access-ttl", 0, 0, G_OPTION_ARG_STRING, &access_ttl, "Access token lifetime (default 900)", "SECONDS" },
    { "refresh-ttl", 0, 0, G_OPTION_ARG_STRING, &refresh_ttl, "Refresh token lifetime (default 30 days)", "SECONDS" },
    { "invitation-ttl", 0, 0, G_OPTION_ARG_STRING, &invitation_ttl, "Invitation lifetime (default 7 days)", "SECONDS" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "TLS certificate (PEM), needed off loopback", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "TLS private key (PEM)", "FILE" },
    { "background", 0, 0, G_OPTION_ARG_NONE, &background, "Run at a lower priority (nice +10), beside the app on the same machine", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Serves the Vidinfra HTTP API from a SQLite database, so that Vidinfra Admin\n"
                                "can be run and tested with no account and no network.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vidinfra-local: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("vidinfra-local %s\n", PACKAGE_VERSION);
      return 0;
    }

  config.access_ttl = 15 * 60;
  config.refresh_ttl = 30 * 24 * 60 * 60;
  config.invitation_ttl = 7 * 24 * 60 * 60;
  if ((access_ttl && !parse_seconds (access_ttl, &config.access_ttl, "--access-ttl", &error)) ||
      (refresh_ttl && !parse_seconds (refresh_ttl, &config.refresh_ttl, "--refresh-ttl", &error)) ||
      (invitation_ttl && !parse_seconds (invitation_ttl, &config.invitation_ttl, "--invitation-ttl", &error)))
    {
      g_printerr ("vidinfra-local: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || seed_members < 0)
    {
      g_printerr ("vidinfra-local: --port is 0 to 65535 and --seed-members at least 0\n");
      return 2;
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("vidinfra-local: give both --tls-cert and --tls-key, or neither\n");
      return 2;
    }

  /* Started by the app (--local): on a small machine the window, the X
   * server or compositor, and this server share the CPUs, and a frame that
   * waits for the display server waits behind whoever has the CPU. */
  if (background)
    {
      /* 10 lower than it was started with (setpriority () would set 10,
       * which from a niced start is a raise a user may not make) */
      errno = 0;
      if (nice (10) == -1 && errno != 0)
        g_printerr ("vidinfra-local: could not lower the priority: %s\n", g_strerror (errno));
    }

  if (sodium_init () < 0)
    {
      g_printerr ("vidinfra-local: libsodium could not start\n");
      return 1;
    }

  if (data_dir == NULL)
    data_dir = g_build_filename (g_get_user_data_dir (), "vidinfra-local", NULL);
  config.data_dir = data_dir;

  /* A client that goes away mid-answer must not kill the server */
  signal (SIGPIPE, SIG_IGN);

  server = vd_server_new (&config, &error);
  if (server == NULL)
    {
      g_printerr ("vidinfra-local: %s\n", error->message);
      return 1;
    }

  if ((demo || seed_members > 0) && !vd_demo_ensure (server, (guint) seed_members, &error))
    {
      g_printerr ("vidinfra-local: %s\n", error->message);
      return 1;
    }

  if (!vd_server_listen (server, host, (guint) port, tls_cert, tls_key, &base_url, &error))
    {
      g_printerr ("vidinfra-local: %s\n", error->message);
      return 1;
    }

  main_loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, signal_cb, server);
  g_unix_signal_add (SIGTERM, signal_cb, server);

  printf ("vidinfra-local listening on %s\n", base_url);
  fflush (stdout);

  g_main_loop_run (main_loop);
  g_clear_pointer (&main_loop, g_main_loop_unref);

  return 0;
}
