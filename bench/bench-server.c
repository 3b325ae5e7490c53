/* bench-server.c — how fast vidinfra-local lists the members of a large organization
 *
 * Starts vidinfra-local with a fresh data directory and --seed-members N,
 * signs in as the demo owner, and measures GET /members: the latency of
 * sequential requests on one keep-alive connection, then the throughput of
 * C concurrent clients for a fixed time. It measures; it never fails on a
 * number (exit status 1 only when it could not run).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-server"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OWNER_EMAIL    "owner@acme.test"
#define OWNER_PASSWORD "Demo-password-1"
#define PAGE_SIZE      100

typedef struct
{
  GSubprocess *process;
  char        *data_dir;
  char        *base_url;
  double       startup_seconds;
} Server;

typedef struct
{
  guint    status;
  gsize    size;
  double   msec;
  gint64   total;     /* meta.pagination.total, or -1 */
} Answer;

static gint  n_members = 100000;
static gint  n_clients = 8;
static gint  duration = 10;
static gint  n_requests = 200;
static gint  n_searches = 20;
static gint  seed = 0;
static char *search_text = NULL;
static char *server_path = NULL;

static const GOptionEntry entries[] = {
  { "members", 'n', 0, G_OPTION_ARG_INT, &n_members, "Members to seed (default 100000)", "N" },
  { "clients", 'c', 0, G_OPTION_ARG_INT, &n_clients, "Concurrent clients for throughput (default 8)", "C" },
  { "duration", 'd', 0, G_OPTION_ARG_INT, &duration, "Seconds of throughput (default 10)", "SECONDS" },
  { "requests", 'r', 0, G_OPTION_ARG_INT, &n_requests, "Sequential page requests (default 200)", "R" },
  { "searches", 's', 0, G_OPTION_ARG_INT, &n_searches, "Sequential search requests (default 20)", "S" },
  { "search", 0, 0, G_OPTION_ARG_STRING, &search_text, "The search text (default seed-00999)", "TEXT" },
  { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the random pages (default: random)", "SEED" },
  { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "vidinfra-local (default $VIDINFRA_LOCAL)", "PATH" },
  { NULL }
};

/* The machine */

static char *
cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return g_strdup ("unknown");

  lines = g_strsplit (cpuinfo, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');

        if (colon != NULL)
          return g_strstrip (g_strdup (colon + 1));
      }

  return g_strdup ("unknown");
}

static double
memory_gib (void)
{
  g_autofree char *meminfo = NULL;
  const char *total;

  if (!g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL) ||
      (total = strstr (meminfo, "MemTotal:")) == NULL)
    return 0;

  return g_ascii_strtod (total + strlen ("MemTotal:"), NULL) / (1024.0 * 1024.0);
}

/* Other work on the machine skews every number: say how busy it was */
static char *
load_average (void)
{
  g_autofree char *loadavg = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    return g_strdup ("unknown");

  fields = g_strsplit (loadavg, " ", 4);
  if (g_strv_length (fields) < 3)
    return g_strdup ("unknown");

  return g_strdup_printf ("%s %s %s", fields[0], fields[1], fields[2]);
}

/* The server */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }

  g_rmdir (path);
}

static void
print_server_log (Server *server)
{
  g_autofree char *path = g_build_filename (server->data_dir, "server.log", NULL);
  g_autofree char *log = NULL;

  if (g_file_get_contents (path, &log, NULL, NULL) && *log != '\0')
    g_printerr ("vidinfra-local said:\n%s\n", log);
}

static gboolean
server_start (Server      *server,
              const char  *binary,
              GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) output = NULL;
  g_autofree char *log = NULL;
  g_autofree char *line = NULL;
  g_autofree char *seed_members = g_strdup_printf ("--seed-members=%d", n_members);
  const char *argv[] = {
    binary, "--port=0", "--data-dir", NULL, seed_members, "--access-ttl=86400", NULL
  };
  gint64 start;

  server->data_dir = g_dir_make_tmp ("vd-bench-XXXXXX", error);
  if (server->data_dir == NULL)
    return FALSE;
  argv[3] = server->data_dir;

  /* The server's messages go to a file, so that they neither fill a pipe nor
   * mix with the table */
  log = g_build_filename (server->data_dir, "server.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);

  start = g_get_monotonic_time ();
  server->process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (server->process == NULL)
    return FALSE;

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "vidinfra-local listening on "))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "vidinfra-local did not start");
      print_server_log (server);
      return FALSE;
    }

  server->startup_seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  server->base_url = g_strdup (line + strlen ("vidinfra-local listening on "));
  return TRUE;
}

static int
server_stop (Server *server)
{
  int status = -1;

  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      if (g_subprocess_wait (server->process, NULL, NULL) && g_subprocess_get_if_exited (server->process))
        status = g_subprocess_get_exit_status (server->process);
      g_clear_object (&server->process);
    }

  if (server->data_dir != NULL)
    remove_tree (server->data_dir);
  g_clear_pointer (&server->data_dir, g_free);
  g_clear_pointer (&server->base_url, g_free);

  return status;
}

static goffset
database_size (Server *server)
{
  static const char * const files[] = { "vidinfra.db", "vidinfra.db-wal" };
  goffset size = 0;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (server->data_dir, files[i], NULL);
      GStatBuf buf;

      if (g_stat (path, &buf) == 0)
        size += buf.st_size;
    }

  return size;
}

/* HTTP */

static SoupSession *
session_new (void)
{
  /* One connection, kept alive; loopback needs no proxy */
  return soup_session_new_with_options ("max-conns", 1, "max-conns-per-host", 1, "timeout", 120,
                                        "proxy-resolver", NULL, "user-agent", "bench-server/1.0", NULL);
}

static SoupMessage *
message_new (const char *method,
             const char *url,
             const char *token)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }

  return msg;
}

static gint64
pagination_total (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *node;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  static const char * const path[] = { "meta", "pagination", "total" };

  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return -1;

  node = json_parser_get_root (parser);
  for (guint i = 0; i < G_N_ELEMENTS (path); i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return -1;
      node = json_object_get_member (json_node_get_object (node), path[i]);
    }

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : -1;
}

static gboolean
get (SoupSession  *session,
     const char   *url,
     const char   *token,
     gboolean      parse,
     Answer       *answer,
     GError      **error)
{
  g_autoptr(SoupMessage) msg = message_new ("GET", url, token);
  g_autoptr(GBytes) bytes = NULL;
  gint64 start = g_get_monotonic_time ();

  bytes = soup_session_send_and_read (session, msg, NULL, error);
  answer->msec = (g_get_monotonic_time () - start) / 1000.0;
  if (bytes == NULL)
    return FALSE;

  answer->status = soup_message_get_status (msg);
  answer->size = g_bytes_get_size (bytes);
  answer->total = parse ? pagination_total (bytes) : -1;
  return TRUE;
}

static char *
login (SoupSession  *session,
       const char   *base_url,
       GError      **error)
{
  static const char body[] = "{\"email\": \"" OWNER_EMAIL "\", \"password\": \"" OWNER_PASSWORD "\"}";
  g_autofree char *url = g_strconcat (base_url, "/auth/login", NULL);
  g_autoptr(SoupMessage) msg = message_new ("POST", url, NULL);
  g_autoptr(GBytes) request = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  const char *token;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  bytes = soup_session_send_and_read (session, msg, NULL, error);
  if (bytes == NULL)
    return NULL;

  if (soup_message_get_status (msg) != SOUP_STATUS_OK ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (token = json_object_get_string_member_with_default (json_node_get_object (root), "access_token", NULL)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot sign in as %s: HTTP %u",
                   OWNER_EMAIL, soup_message_get_status (msg));
      return NULL;
    }

  return g_strdup (token);
}

/* Statistics */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Linear interpolation between the closest ranks of a sorted array */
static double
percentile (GArray *sorted,
            double  p)
{
  double rank;
  guint lower;

  if (sorted->len == 0)
    return 0;

  rank = p / 100.0 * (sorted->len - 1);
  lower = (guint) rank;
  if (lower + 1 >= sorted->len)
    return g_array_index (sorted, double, sorted->len - 1);

  return g_array_index (sorted, double, lower) +
         (rank - lower) * (g_array_index (sorted, double, lower + 1) - g_array_index (sorted, double, lower));
}

typedef struct
{
  guint  count;
  guint  errors;
  double median;
  double p90;
  double p99;
  double min;
  double max;
  double mean;
  gsize  bytes;
} Summary;

static void
summarize (GArray  *latencies,
           Summary *summary)
{
  double sum = 0;

  g_array_sort (latencies, compare_doubles);
  summary->count = latencies->len;
  summary->median = percentile (latencies, 50);
  summary->p90 = percentile (latencies, 90);
  summary->p99 = percentile (latencies, 99);
  summary->min = latencies->len ? g_array_index (latencies, double, 0) : 0;
  summary->max = latencies->len ? g_array_index (latencies, double, latencies->len - 1) : 0;
  for (guint i = 0; i < latencies->len; i++)
    sum += g_array_index (latencies, double, i);
  summary->mean = latencies->len ? sum / latencies->len : 0;
}

/* Sequential requests on one keep-alive connection. first_url is asked once
 * before, unmeasured, to open the connection. */
static gboolean
measure_sequential (SoupSession  *session,
                    const char   *token,
                    GStrv         urls,
                    Summary      *summary,
                    gint64       *total,
                    GError      **error)
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  Answer answer = { 0, };

  memset (summary, 0, sizeof *summary);
  if (!get (session, urls[0], token, TRUE, &answer, error))
    return FALSE;
  if (total != NULL)
    *total = answer.total;

  for (guint i = 0; urls[i] != NULL; i++)
    {
      if (!get (session, urls[i], token, FALSE, &answer, error))
        return FALSE;
      if (answer.status != SOUP_STATUS_OK)
        summary->errors++;
      summary->bytes += answer.size;
      g_array_append_val (latencies, answer.msec);
    }

  summarize (latencies, summary);
  return TRUE;
}

/* Throughput: n_clients sessions on one main loop, each with one request in
 * flight at a time, until the deadline */
typedef struct _Throughput Throughput;

typedef struct
{
  Throughput  *run;
  SoupSession *session;
  SoupMessage *msg;
  gint64       started;
} Client;

struct _Throughput
{
  const char *base_url;
  const char *token;
  GRand      *prng;
  gint64      pages;
  gint64      deadline;
  guint       in_flight;
  guint       ok;
  guint       errors;
  gsize       bytes;
  GArray     *latencies;
  GMainLoop  *loop;
  GError     *first_error;
};

static void client_send (Client *client);

static void
client_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *client = user_data;
  Throughput *run = client->run;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  double msec = (g_get_monotonic_time () - client->started) / 1000.0;

  if (bytes != NULL && soup_message_get_status (client->msg) == SOUP_STATUS_OK)
    {
      run->ok++;
      run->bytes += g_bytes_get_size (bytes);
      g_array_append_val (run->latencies, msec);
    }
  else
    {
      run->errors++;
      if (run->first_error == NULL)
        run->first_error = error ? g_error_copy (error)
                                 : g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "HTTP %u",
                                                soup_message_get_status (client->msg));
    }
  g_clear_object (&client->msg);

  if (g_get_monotonic_time () < run->deadline)
    client_send (client);
  else if (--run->in_flight == 0)
    g_main_loop_quit (run->loop);
}

static void
client_send (Client *client)
{
  Throughput *run = client->run;
  gint64 page = g_rand_int_range (run->prng, 1, (gint32) run->pages + 1);
  g_autofree char *url = g_strdup_printf ("%s/members?limit=%d&page=%" G_GINT64_FORMAT,
                                          run->base_url, PAGE_SIZE, page);

  client->msg = message_new ("GET", url, run->token);
  client->started = g_get_monotonic_time ();
  soup_session_send_and_read_async (client->session, client->msg, G_PRIORITY_DEFAULT, NULL,
                                    client_done_cb, client);
}

static gboolean
measure_throughput (const char  *base_url,
                    const char  *token,
                    GRand       *prng,
                    gint64       pages,
                    Summary     *summary,
                    double      *seconds,
                    double      *rps,
                    GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree Client *clients = g_new0 (Client, n_clients);
  Throughput run = { base_url, token, prng, pages, 0, 0, 0, 0, 0, latencies, NULL, NULL };
  gint64 start;

  g_main_context_push_thread_default (context);
  run.loop = g_main_loop_new (context, FALSE);

  for (int i = 0; i < n_clients; i++)
    {
      clients[i].run = &run;
      clients[i].session = session_new ();
    }

  start = g_get_monotonic_time ();
  run.deadline = start + (gint64) duration * G_USEC_PER_SEC;
  run.in_flight = (guint) n_clients;
  for (int i = 0; i < n_clients; i++)
    client_send (&clients[i]);
  g_main_loop_run (run.loop);
  *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  for (int i = 0; i < n_clients; i++)
    g_clear_object (&clients[i].session);
  g_clear_pointer (&run.loop, g_main_loop_unref);
  g_main_context_pop_thread_default (context);

  memset (summary, 0, sizeof *summary);
  summarize (latencies, summary);
  summary->errors = run.errors;
  summary->bytes = run.bytes;
  *rps = run.ok / *seconds;

  if (run.first_error != NULL)
    {
      g_printerr ("bench-server: %u failed requests, the first: %s\n", run.errors, run.first_error->message);
      g_clear_error (&run.first_error);
    }

  return TRUE;
}

/* Output */

static void
print_row (const char    *label,
           const Summary *s)
{
  printf ("  %-40s %6u %5u %9.2f %9.2f %9.2f %9.2f %9.2f\n",
          label, s->count, s->errors, s->median, s->p90, s->p99, s->min, s->max);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = g_option_context_new ("[VIDINFRA-LOCAL]");
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GRand) prng = NULL;
  g_autoptr(GStrvBuilder) page_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) first_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) last_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) search_builder = g_strv_builder_new ();
  g_auto(GStrv) page_urls = NULL;
  g_auto(GStrv) first_urls = NULL;
  g_auto(GStrv) last_urls = NULL;
  g_auto(GStrv) search_urls = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cpu = cpu_model ();
  g_autofree char *load = load_average ();
  g_autofree char *load_after = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *search_url = NULL;
  g_autofree char *first_url = NULL;
  g_autofree char *last_url = NULL;
  Server server = { 0, };
  Summary pages_summary, first_summary, last_summary, search_summary, load_summary;
  gint64 total = -1, search_total = -1, pages;
  double seconds = 0, rps = 0;
  const char *binary;
  int status;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", FALSE);

  g_option_context_set_summary (options,
                                "Measures GET /members of vidinfra-local on a large seeded organization.\n"
                                "The server is VIDINFRA-LOCAL, --server or $VIDINFRA_LOCAL.");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("bench-server: %s\n", error->message);
      return 2;
    }
  if (n_members < 1 || n_clients < 1 || n_clients > 256 || duration < 1 || n_requests < 1 || n_searches < 1)
    {
      g_printerr ("bench-server: --members, --requests, --searches and --duration are at least 1,"
                  " --clients 1 to 256\n");
      return 2;
    }

  binary = argc > 1 ? argv[1] : server_path ? server_path : g_getenv ("VIDINFRA_LOCAL");
  if (binary == NULL)
    {
      g_printerr ("bench-server: give the path of vidinfra-local (argument, --server or $VIDINFRA_LOCAL)\n");
      return 1;
    }
  if (seed == 0)
    seed = (gint) (g_random_int () & 0x7fffffff);
  prng = g_rand_new_with_seed ((guint32) seed);
  if (search_text == NULL)
    search_text = g_strdup ("seed-00999");

  printf ("vidinfra-local: listing members of a %d-member organization\n", n_members);
  printf ("  machine: %u CPUs, %s, %.1f GiB RAM; load average %s\n",
          g_get_num_processors (), cpu, memory_gib (), load);
  printf ("  server:  %s\n", binary);
  printf ("  seed %d, %d sequential pages, %d searches, %d clients for %d s\n\n",
          seed, n_requests, n_searches, n_clients, duration);
  fflush (stdout);

  if (!server_start (&server, binary, &error))
    {
      g_printerr ("bench-server: cannot start %s: %s\n", binary, error->message);
      server_stop (&server);
      return 1;
    }
  printf ("  seeding and start-up (spawn → “listening”):  %.2f s, database %.1f MiB\n",
          server.startup_seconds, database_size (&server) / (1024.0 * 1024.0));
  fflush (stdout);

  session = session_new ();
  token = login (session, server.base_url, &error);
  if (token == NULL)
    goto failed;

  /* The number of pages, from the first answer */
  {
    g_autofree char *url = g_strdup_printf ("%s/members?limit=%d", server.base_url, PAGE_SIZE);
    Answer answer = { 0, };

    if (!get (session, url, token, TRUE, &answer, &error))
      goto failed;
    total = answer.total;
    if (answer.status != SOUP_STATUS_OK || total < 1)
      {
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "GET /members answered %u", answer.status);
        goto failed;
      }
    pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
  }

  for (int i = 0; i < n_requests; i++)
    {
      gint64 page = g_rand_int_range (prng, 1, (gint32) pages + 1);

      g_autofree char *url = g_strdup_printf ("%s/members?limit=%d&page=%" G_GINT64_FORMAT,
                                              server.base_url, PAGE_SIZE, page);

      g_strv_builder_add (page_builder, url);
    }
  first_url = g_strdup_printf ("%s/members?limit=%d&page=1", server.base_url, PAGE_SIZE);
  last_url = g_strdup_printf ("%s/members?limit=%d&page=%" G_GINT64_FORMAT, server.base_url, PAGE_SIZE, pages);
  for (int i = 0; i < n_searches; i++)
    {
      g_strv_builder_add (first_builder, first_url);
      g_strv_builder_add (last_builder, last_url);
    }
  escaped = g_uri_escape_string (search_text, NULL, FALSE);
  search_url = g_strdup_printf ("%s/members?limit=%d&search=%s", server.base_url, PAGE_SIZE, escaped);
  for (int i = 0; i < n_searches; i++)
    g_strv_builder_add (search_builder, search_url);
  page_urls = g_strv_builder_end (page_builder);
  first_urls = g_strv_builder_end (first_builder);
  last_urls = g_strv_builder_end (last_builder);
  search_urls = g_strv_builder_end (search_builder);

  if (!measure_sequential (session, token, page_urls, &pages_summary, NULL, &error) ||
      !measure_sequential (session, token, first_urls, &first_summary, NULL, &error) ||
      !measure_sequential (session, token, last_urls, &last_summary, NULL, &error) ||
      !measure_sequential (session, token, search_urls, &search_summary, &search_total, &error) ||
      !measure_throughput (server.base_url, token, prng, pages, &load_summary, &seconds, &rps, &error))
    goto failed;

  printf ("  members listed: %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " pages of %d); “%s” matches %"
          G_GINT64_FORMAT "\n\n", total, pages, PAGE_SIZE, search_text, search_total);

  printf ("  %-40s %6s %5s %9s %9s %9s %9s %9s\n", "latency, one keep-alive connection (ms)",
          "n", "err", "median", "p90", "p99", "min", "max");
  print_row ("GET /members?limit=100&page=<random>", &pages_summary);
  print_row ("GET /members?limit=100&page=1", &first_summary);
  {
    g_autofree char *label = g_strdup_printf ("GET /members?limit=100&page=%" G_GINT64_FORMAT, pages);
    print_row (label, &last_summary);
  }
  {
    g_autofree char *label = g_strdup_printf ("GET /members?limit=100&search=%s", search_text);
    print_row (label, &search_summary);
  }

  printf ("\n  throughput, %d concurrent clients, %.1f s, GET /members?limit=100&page=<random>\n", n_clients, seconds);
  printf ("    requests/s: %.1f    completed: %u    errors: %u    median %.2f ms, p99 %.2f ms\n",
          rps, load_summary.count, load_summary.errors, load_summary.median, load_summary.p99);
  printf ("    answer size: %.1f KiB on average\n",
          load_summary.count ? load_summary.bytes / 1024.0 / load_summary.count : 0.0);
  fflush (stdout);

  load_after = load_average ();
  printf ("    load average at the end: %s\n", load_after);
  fflush (stdout);

  status = server_stop (&server);
  if (status != 0)
    g_printerr ("bench-server: vidinfra-local exited with status %d\n", status);
  return 0;

failed:
  g_printerr ("bench-server: %s\n", error ? error->message : "failed");
  print_server_log (&server);
  server_stop (&server);
  return 1;
}
