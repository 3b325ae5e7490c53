/* bench-store.c — loading a large organization into VdOrganizationStore
 *
 * Starts vidinfra-local with N seeded members, signs in, loads the
 * organization's members into the store and prints: the time to the first
 * page, the time until every member is in the list model, the peak resident
 * memory and its growth per member, and the longest single main-loop
 * iteration during the load (time spent working, not waiting in poll()).
 * A measuring program: it prints numbers and never passes or fails.
 *
 * Usage: bench-store [--members N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "vd-account.h"
#include "vd-organization-store.h"
#include "vd-test-server.h"

static gint64 poll_time;                /* µs spent in poll() during the current iteration */
static GPollFunc default_poll;

static int
timed_poll (GPollFD *fds,
            guint    nfds,
            int      timeout)
{
  gint64 start = g_get_monotonic_time ();
  int result = default_poll (fds, nfds, timeout);

  poll_time += g_get_monotonic_time () - start;
  return result;
}

typedef struct
{
  gint64 longest;        /* µs of work in the longest iteration */
  guint  longest_at;     /* which iteration it was */
  guint  over_16ms;      /* iterations with more than 16 ms of work */
  gint64 total_work;
  guint  iterations;
} LoopStats;

/* One iteration of the default context; its work time is the iteration
 * minus what it spent waiting in poll() */
static void
iterate (LoopStats *stats)
{
  gint64 start = g_get_monotonic_time ();
  gint64 work;

  poll_time = 0;
  g_main_context_iteration (NULL, TRUE);
  work = g_get_monotonic_time () - start - poll_time;

  if (work > stats->longest)
    {
      stats->longest = work;
      stats->longest_at = stats->iterations;
    }
  if (work > 16000)
    stats->over_16ms++;
  stats->total_work += work;
  stats->iterations++;
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VdTestServer) server = NULL;
  g_autoptr(VdClient) client = NULL;
  g_autoptr(VdAccount) account = NULL;
  g_autoptr(VdOrganizationStore) store = NULL;
  g_autofree char *members_arg = NULL;
  GAsyncResult *result = NULL;
  LoopStats stats = { 0 };
  int members = 100000;
  gint64 seed_start, started, first_page, all_loaded;
  long rss_before, rss_after;
  guint n;
  const GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Seeded members (default 100000)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  /* Loopback needs no proxy lookup */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  members_arg = g_strdup_printf ("%d", members);

  seed_start = g_get_monotonic_time ();
  server = vd_test_server_start ("--seed-members", members_arg, NULL);
  printf ("vidinfra-local seeded with %d members in %.1f s\n", members,
          (g_get_monotonic_time () - seed_start) / 1e6);

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  client = vd_client_new (server->base_url, &error);
  g_assert_no_error (error);
  account = vd_account_new (client, NULL);
  vd_account_sign_in_async (account, VD_TEST_OWNER, VD_TEST_PASSWORD, TRUE, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!vd_account_sign_in_finish (account, result, &error))
    {
      g_printerr ("Cannot sign in: %s\n", error->message);
      return 1;
    }
  g_clear_object (&result);

  rss_before = peak_rss_kib ();
  store = vd_organization_store_new (client, vd_organization_get_id (vd_account_get_current_organization (account)));

  started = g_get_monotonic_time ();
  vd_organization_store_load_async (store, NULL, done_cb, &result);
  while (result == NULL)
    iterate (&stats);
  first_page = g_get_monotonic_time ();
  if (!vd_organization_store_load_finish (store, result, &error))
    {
      g_printerr ("Cannot load: %s\n", error->message);
      return 1;
    }
  g_clear_object (&result);

  while (!vd_organization_store_get_members_loaded (store))
    iterate (&stats);
  all_loaded = g_get_monotonic_time ();
  rss_after = peak_rss_kib ();
  n = g_list_model_get_n_items (vd_organization_store_get_members (store));

  printf ("\nLoading %u members into VdOrganizationStore (pages of 500):\n", n);
  printf ("  first page in the list        %8.1f ms\n", (first_page - started) / 1e3);
  printf ("  every member in the list      %8.1f ms\n", (all_loaded - started) / 1e3);
  printf ("  main-loop iterations          %8u\n", stats.iterations);
  printf ("  longest iteration (work)      %8.2f ms   (target: under 16 ms)\n", stats.longest / 1e3);
  printf ("  longest was iteration          %8u\n", stats.longest_at);
  printf ("  iterations over 16 ms          %8u\n", stats.over_16ms);
  printf ("  mean iteration (work)         %8.3f ms\n", stats.iterations ? stats.total_work / 1e3 / stats.iterations : 0);
  printf ("  peak RSS before / after       %8ld / %ld KiB\n", rss_before, rss_after);
  printf ("  growth per loaded member      %8.2f KiB  (target: under 1 KiB)\n",
          n ? (double) (rss_after - rss_before) / n : 0);

  return 0;
}
