/* bench-ui.c — frames of the members page with a large organization, and
 * the time from start to the first frame
 *
 * 1. Start to first frame: the program runs itself as a child, once showing
 *    a minimal libadwaita window (a header bar and a status page) and once
 *    the app's VdWindow, and measures from spawning the child to the child
 *    saying its window painted its first frame. Both are measured the same
 *    way, interleaved, in the same run.
 * 2. Loading and filtering: vidinfra-local seeded with N members; once the
 *    window has painted its first frames (its start, timed in 1.), the
 *    members page shows the store while it loads them all, then a search is
 *    typed into it one letter at a time and cleared. A tick callback keeps
 *    frames coming (as any animation would) and for each frame the time from
 *    its start (::before-paint) to the end of its paint is taken; the longest main-loop
 *    iteration (work, not time in poll()) is taken as well, since a long
 *    iteration delays the next frame.
 *
 * It prints numbers; it never passes or fails on them.
 *
 * Usage: bench-ui [--members N] [--runs N] [--search-focused] [-v]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1  /* RUSAGE_THREAD */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <adwaita.h>

#include "vd-account.h"
#include "vd-frame-memory.h"
#include "vd-member-list.h"
#include "vd-member-window.h"
#include "vd-members-page.h"
#include "vd-test-server.h"
#include "vd-ui-util.h"
#include "vd-window.h"

/* --- Main-loop iterations ------------------------------------------------ */

static gint64 poll_time;
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
  gint64 longest_iteration;   /* µs of work */
  gint64 longest_frame;       /* µs from before-paint to after-paint */
  gint64 all_frames;          /* µs, summed */
  guint  frames;
  guint  frames_over_16ms;
  gint64 frame_start;
} Stats;

static Stats *current;
static const char *phase = "";          /* what the page is doing, for --verbose */
static gboolean verbose;
static int verbose_over = 16;          /* ms: the frames --verbose prints */
static gboolean search_focused;        /* load with the caret in the search entry */
static gint64 phase_started;           /* µs: the load's or the search's start */

static void
iterate (void)
{
  gint64 start = g_get_monotonic_time ();
  gint64 work;

  poll_time = 0;
  g_main_context_iteration (NULL, TRUE);
  work = g_get_monotonic_time () - start - poll_time;
  if (current != NULL && work > current->longest_iteration)
    current->longest_iteration = work;
  /* An iteration that holds the main loop for a frame's time delays the
   * frame after it, whatever that frame then takes */
  if (verbose && current != NULL && work > MAX (verbose_over, 16) * 1000)
    printf ("    [@%.3f, +%.0f ms] iteration of %.0f ms while %s\n",
            start / 1e3, (start - phase_started) / 1e3, work / 1e3, phase);
}

/* Every frame emits ::before-paint, runs the phases asked for (update,
 * layout, paint: GDK's own handlers of each run before these, so these
 * mark where a phase ended), then emits ::after-paint. */
static gint64 layout_end, paint_end;
/* The main thread's counters, read when a frame begins and ends */
typedef struct
{
  long   faults;     /* minor page faults */
  long   preempted;  /* times another process was given its CPU */
  gint64 cpu;        /* µs on the CPU */
} Usage;

static Usage frame_usage;

static void
read_usage (Usage *usage)
{
  struct rusage rusage;
  struct timespec cpu;

  getrusage (RUSAGE_THREAD, &rusage);
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu);
  usage->faults = rusage.ru_minflt;
  usage->preempted = rusage.ru_nivcsw;
  usage->cpu = cpu.tv_sec * G_USEC_PER_SEC + cpu.tv_nsec / 1000;
}

static void
frame_start_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (current != NULL)
    current->frame_start = g_get_monotonic_time ();
  layout_end = paint_end = 0;
  read_usage (&frame_usage);
}

static void
frame_layout_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  layout_end = g_get_monotonic_time ();
}

static void
frame_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  paint_end = g_get_monotonic_time ();
}

static guint frames_painted;   /* all, measured or not */

static void
frame_painted_cb (GdkFrameClock *clock,
                  gpointer       user_data)
{
  gint64 frame;

  frames_painted++;
  if (current == NULL || current->frame_start == 0)
    return;

  frame = g_get_monotonic_time () - current->frame_start;
  /* Where a long frame's time went: update and layout, then paint */
  if (verbose && frame > verbose_over * 1000)
    {
      gint64 laid_out = layout_end ? layout_end : current->frame_start;
      Usage usage;

      read_usage (&usage);

      /* [@ms of CLOCK_MONOTONIC], to find the frame in a `perf record -k mono`;
       * its time on the CPU and how often another process took it (here,
       * vidinfra-local or the X server, on the same two cores) */
      printf ("    [@%.3f, +%.0f ms] frame of %.0f ms while %s: update and layout %.0f, paint %.0f ms, "
              "%ld page faults; on the CPU %.0f ms, preempted %ld times\n",
              current->frame_start / 1e3, (current->frame_start - phase_started) / 1e3, frame / 1e3, phase,
              (laid_out - current->frame_start) / 1e3, ((paint_end ? paint_end : laid_out) - laid_out) / 1e3,
              usage.faults - frame_usage.faults, (usage.cpu - frame_usage.cpu) / 1e3,
              usage.preempted - frame_usage.preempted);
    }
  current->frame_start = 0;
  current->frames++;
  current->all_frames += frame;
  if (frame > current->longest_frame)
    current->longest_frame = frame;
  if (frame > 16000)
    current->frames_over_16ms++;
}

static gboolean
keep_ticking_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
print_stats (const char  *what,
             const Stats *stats)
{
  printf ("  %-28s frames %6u   mean %5.2f ms   longest frame %7.2f ms   over 16 ms %4u   longest iteration %7.2f ms\n",
          what, stats->frames, stats->frames ? stats->all_frames / 1e3 / stats->frames : 0,
          stats->longest_frame / 1e3, stats->frames_over_16ms, stats->longest_iteration / 1e3);
}

/* --- First frame (child side) -------------------------------------------- */

static void
first_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  printf ("painted\n");
  fflush (stdout);
  exit (0);
}

static void
window_mapped_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (first_paint_cb), NULL);
}

static int
run_first_frame (const char *kind,
                 const char *server_url)
{
  GtkWidget *window;

  gtk_init ();
  adw_init ();

  if (g_str_equal (kind, "minimal"))
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *status = adw_status_page_new ();

      window = adw_window_new ();
      adw_status_page_set_title (ADW_STATUS_PAGE (status), "Hello");
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "system-users-symbolic");
      gtk_widget_set_vexpand (status, TRUE);
      gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
      gtk_box_append (GTK_BOX (box), status);
      adw_window_set_content (ADW_WINDOW (window), box);
      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
    }
  else
    window = g_object_new (VD_TYPE_WINDOW, "server-url", server_url, NULL);

  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));

  /* first_paint_cb exits */
  for (;;)
    g_main_context_iteration (NULL, TRUE);

  return 1;
}

/* --- First frame (parent side) ------------------------------------------- */

static double
time_child (const char *self_path,
            const char *kind,
            const char *server_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *out = NULL;
  g_autofree char *kind_arg = g_strdup_printf ("--first-frame=%s", kind);
  g_autofree char *server_arg = g_strdup_printf ("--server=%s", server_url);
  gint64 start = g_get_monotonic_time ();

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_path, kind_arg, server_arg, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (out == NULL || !g_str_has_prefix (out, "painted"))
    g_error ("The %s window did not paint", kind);

  return (g_get_monotonic_time () - start) / 1e3;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* --- Members page -------------------------------------------------------- */

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}


/* The page's list has caught up: no filter or sort of it is still running,
 * and the rows on screen show its result */
static gboolean
filter_settled (GtkWidget *page)
{
  GtkWidget *view = vd_ui_find_descendant (page, GTK_TYPE_COLUMN_VIEW);
  GtkSelectionModel *model = view ? gtk_column_view_get_model (GTK_COLUMN_VIEW (view)) : NULL;

  VdMemberWindow *rows = VD_MEMBER_WINDOW (model);

  if (rows == NULL)
    return TRUE;
  return !vd_member_list_get_busy (vd_member_window_get_list (rows)) && !vd_member_window_get_busy (rows);
}

static void
wait_frames (guint n)
{
  guint target = current->frames + n;

  while (current->frames < target)
    iterate ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_frame = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *members_arg = NULL;
  g_autoptr(VdTestServer) server = NULL;
  g_autoptr(VdClient) client = NULL;
  g_autoptr(VdAccount) account = NULL;
  g_autoptr(VdOrganizationStore) store = NULL;
  g_autoptr(GtkCssProvider) provider = NULL;
  g_autoptr(GArray) minimal = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app = g_array_new (FALSE, FALSE, sizeof (double));
  GAsyncResult *result = NULL;
  int members = 100000;
  int runs = 7;
  GtkWidget *window, *page;
  GtkEditable *search;
  Stats loading = { 0 }, filtering = { 0 }, scrolling = { 0 };
  gint64 started, loaded;
  const char *query = "amelia";
  const GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Seeded members (default 100000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Start-ups of each window (default 7)", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Print each frame over 16 ms (when, its phases, page faults, CPU time) and each main loop iteration that long", NULL },
    { "verbose-over", 0, 0, G_OPTION_ARG_INT, &verbose_over, "With --verbose, print the frames over MS instead (and the iterations, if MS is over 16)", "MS" },
    { "search-focused", 0, 0, G_OPTION_ARG_NONE, &search_focused, "Load with the focus in the search entry (as after Ctrl+F), not where the app puts it", NULL },
    { "first-frame", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &first_frame, NULL, NULL },
    { "server", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &server_url, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (first_frame != NULL)
    return run_first_frame (first_frame, server_url);

  /* 1. Start to first frame, interleaved */
  server = vd_test_server_start ("--demo", NULL);
  for (int i = 0; i < runs; i++)
    {
      double t = time_child (argv[0], "minimal", server->base_url);

      g_array_append_val (minimal, t);
      t = time_child (argv[0], "app", server->base_url);
      g_array_append_val (app, t);
    }
  printf ("Start to first frame (median of %d, spawn to first paint):\n", runs);
  printf ("  minimal libadwaita window    %8.1f ms\n", median (minimal));
  printf ("  Vidinfra Admin window        %8.1f ms   (%.2f× the minimal window)\n",
          median (app), median (app) / median (minimal));
  g_clear_pointer (&server, vd_test_server_free);

  /* 2. The members page with a large organization */
  gtk_init ();
  adw_init ();
  /* The app's own stylesheet, as AdwApplication loads it */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/com/vidinfra/Admin/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  members_arg = g_strdup_printf ("%d", members);
  started = g_get_monotonic_time ();
  /* On this machine, as the app's --local runs it (docs/benchmarks.md) */
  server = vd_test_server_start ("--seed-members", members_arg, "--background", NULL);
  printf ("\nvidinfra-local seeded with %d members in %.1f s\n", members, (g_get_monotonic_time () - started) / 1e6);

  client = vd_client_new (server->base_url, &error);
  g_assert_no_error (error);
  account = vd_account_new (client, NULL);
  vd_account_sign_in_async (account, VD_TEST_OWNER, VD_TEST_PASSWORD, TRUE, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!vd_account_sign_in_finish (account, result, &error))
    g_error ("Cannot sign in: %s", error->message);
  g_clear_object (&result);

  window = gtk_window_new ();
  page = g_object_new (VD_TYPE_MEMBERS_PAGE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), page);
  /* As VdWindow, the app's, does */
  vd_frame_memory_keep (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_frame_clock (window) == NULL)
    g_main_context_iteration (NULL, TRUE);

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);
  g_signal_connect (gtk_widget_get_frame_clock (window), "before-paint", G_CALLBACK (frame_start_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "layout", G_CALLBACK (frame_layout_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "paint", G_CALLBACK (frame_paint_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (frame_painted_cb), NULL);
  gtk_widget_add_tick_callback (window, keep_ticking_cb, NULL, NULL);
  /* The window's first frames (every widget drawn for the first time, the
   * fonts' glyphs made) are its start, timed above, not the load: the page
   * is on screen, empty, before the load starts. (Until 2026-11-29 they
   * were counted as frames while loading.) */
  while (frames_painted < 3)
    iterate ();

  /* The focus where the app's window has it when the members load: on a
   * header bar button (a window of just the page would give it to the
   * search entry, whose caret fades in and out every frame and so adds
   * its damage to every frame) */
  search = GTK_EDITABLE (vd_ui_find_descendant (page, GTK_TYPE_SEARCH_ENTRY));
  g_assert_nonnull (search);
  if (search_focused)
    gtk_widget_grab_focus (GTK_WIDGET (search));
  else
    gtk_window_set_focus (GTK_WINDOW (window), NULL);

  /* Loading: from the first request until every member is in the list */
  store = vd_organization_store_new (client, vd_organization_get_id (vd_account_get_current_organization (account)));
  current = &loading;
  phase_started = started = g_get_monotonic_time ();
  vd_members_page_set_store (VD_MEMBERS_PAGE (page), store);
  vd_organization_store_load_async (store, NULL, done_cb, &result);
  while (result == NULL || !vd_organization_store_get_members_loaded (store) || !filter_settled (page))
    {
      phase = !vd_organization_store_get_members_loaded (store) ? "loading" : "sorting after the load";
      iterate ();
    }
  loaded = g_get_monotonic_time ();
  if (!vd_organization_store_load_finish (store, result, &error))
    g_error ("Cannot load: %s", error->message);
  g_clear_object (&result);
  wait_frames (3);

  /* Filtering: a search typed a letter at a time into the focused entry,
   * each frame-paced, then cleared */
  gtk_widget_grab_focus (GTK_WIDGET (search));
  current = &filtering;
  phase_started = g_get_monotonic_time ();
  for (size_t i = 1; i <= strlen (query) + 1; i++)
    {
      g_autofree char *typed = g_strndup (query, i <= strlen (query) ? i : 0);

      gtk_editable_set_text (search, typed);
      phase = i <= strlen (query) ? "searching (typing)" : "searching (cleared)";
      /* The search entry waits a moment before it searches */
      wait_frames (20);
      while (!filter_settled (page))
        iterate ();
      wait_frames (2);
    }

  /* Scrolling: three rows a frame, as a mouse wheel turned steadily does
   * (each click moves the rows by three), down 150 frames and back up */
  {
    GtkWidget *view = vd_ui_find_descendant (page, GTK_TYPE_COLUMN_VIEW);
    VdMemberWindow *rows = VD_MEMBER_WINDOW (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));

    current = &scrolling;
    phase = "scrolling";
    phase_started = g_get_monotonic_time ();
    for (int i = 0; i < 300; i++)
      {
        guint offset = vd_member_window_get_offset (rows);

        vd_member_window_set_offset (rows, i < 150 ? offset + 3 : (offset >= 3 ? offset - 3 : 0));
        wait_frames (1);
      }
  }
  current = NULL;

  printf ("\nMembers page, %u members (1100×720 window, GSK_RENDERER=%s):\n",
          g_list_model_get_n_items (vd_organization_store_get_members (store)),
          g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  printf ("  all loaded and shown in %.1f s\n", (loaded - started) / 1e6);
  {
    struct rusage usage;

    /* The process's: the window, the store and the list (the server is another) */
    getrusage (RUSAGE_SELF, &usage);
    printf ("  peak memory: %.0f MB resident\n", usage.ru_maxrss / 1024.);
  }
  print_stats ("while loading", &loading);
  print_stats ("while filtering (search)", &filtering);
  print_stats ("while scrolling (wheel)", &scrolling);
  printf ("  (targets: frames under 16 ms)\n");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
