/* test-credentials.c — VdCredentials against a real gnome-keyring
 *
 * The test owns its session bus (GTestDBus) and starts its own gnome-keyring-daemon on
 * it, with a private home and runtime directory and the login keyring unlocked with a
 * password on its standard input. It works the same when run directly and under
 * build-aux/headless, whose bus and keyring it never sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <libsecret/secret.h>

#include "vd-account.h"
#include "vd-credentials.h"
#include "vd-test-server.h"

#define WAIT_SECONDS      10
#define KEYRING_PASSWORD  "test"
#define SECRETS_BUS_NAME  "org.freedesktop.secrets"

#define SERVER_A  "https://a.vidinfra.test/v1"
#define SERVER_B  "https://b.vidinfra.test/v1"
#define EMAIL_1   "ada@example.com"
#define EMAIL_2   "grace@example.com"
#define TOKEN_1   "rt-1-5f0c9a7e2b1d4c83a6f1e09d7b2c4a11"
#define TOKEN_2   "rt-2-0d3e8b6a1c2f4e97b5a8c61d0e2f3b22"
#define TOKEN_3   "rt-3-9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c33"

/* 2100-01-01 in microseconds: an item written while the clock was far ahead */
#define FUTURE_STAMP "4102444800000000"

/* The error first, so that a failure says why */
#define assert_succeeded(call, error) \
  G_STMT_START { gboolean succeeded_ = (call); g_assert_no_error (error); g_assert_true (succeeded_); } G_STMT_END

/* The format VdCredentials promises, written out independently */
static const SecretSchema session_schema = {
  "com.vidinfra.Admin.Session", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "stored_at", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static GTestDBus   *test_bus;
static char       **test_environ;      /* as at start, with the private bus */
static char        *keyring_dir;
static GSubprocess *keyring;
static gboolean     keyring_exited;

/*
 * Waiting, always with a deadline: a hang fails the test instead of the CI run.
 * (It aborts: a callback still pending must never write into a returned frame.)
 */

typedef gboolean (*DoneFunc) (gconstpointer data);

static gboolean
deadline_passed_cb (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (DoneFunc       done,
            gconstpointer  data,
            const char    *what)
{
  gboolean passed = FALSE;
  guint deadline_id = g_timeout_add_seconds (WAIT_SECONDS, deadline_passed_cb, &passed);

  while (!done (data) && !passed)
    g_main_context_iteration (NULL, TRUE);

  if (!done (data))
    g_error ("%s: nothing after %d s", what, WAIT_SECONDS);

  if (!passed)
    g_source_remove (deadline_id);
}

static gboolean
pointer_set (gconstpointer data)
{
  return *(gpointer const *) data != NULL;
}

static gboolean
flag_set (gconstpointer data)
{
  return *(const gboolean *) data;
}

static void
result_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot,
                 const char    *what)
{
  wait_until (pointer_set, slot, what);
  return g_steal_pointer (slot);
}

/*
 * VdCredentials, synchronously for the tests
 */

static gboolean
store (VdCredentials  *credentials,
       const char     *server_url,
       const char     *email,
       const char     *token,
       GCancellable   *cancellable,
       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vd_credentials_store_async (credentials, server_url, email, token, cancellable,
                              result_ready_cb, &slot);
  result = wait_for_result (&slot, "store");
  return vd_credentials_store_finish (credentials, result, error);
}

static gboolean
lookup (VdCredentials  *credentials,
        const char     *server_url,
        GCancellable   *cancellable,
        char          **email,
        char          **token,
        GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vd_credentials_lookup_async (credentials, server_url, cancellable, result_ready_cb, &slot);
  result = wait_for_result (&slot, "lookup");
  return vd_credentials_lookup_finish (credentials, result, email, token, error);
}

static gboolean
clear (VdCredentials  *credentials,
       const char     *server_url,
       const char     *email,
       GCancellable   *cancellable,
       GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vd_credentials_clear_async (credentials, server_url, email, cancellable,
                              result_ready_cb, &slot);
  result = wait_for_result (&slot, "clear");
  return vd_credentials_clear_finish (credentials, result, error);
}

static void
store_ok (VdCredentials *credentials,
          const char    *server_url,
          const char    *email,
          const char    *token)
{
  g_autoptr(GError) error = NULL;

  assert_succeeded (store (credentials, server_url, email, token, NULL, &error), error);
}

static void
assert_lookup (VdCredentials *credentials,
               const char    *server_url,
               const char    *expected_email,
               const char    *expected_token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  char *token = NULL;

  assert_succeeded (lookup (credentials, server_url, NULL, &email, &token, &error), error);
  g_assert_cmpstr (email, ==, expected_email);
  g_assert_cmpstr (token, ==, expected_token);
  secret_password_free (token);
}

static void
clear_ok (VdCredentials *credentials,
          const char    *server_url,
          const char    *email)
{
  g_autoptr(GError) error = NULL;

  assert_succeeded (clear (credentials, server_url, email, NULL, &error), error);
}

/*
 * The keyring's items as they are, through libsecret directly
 */

static GList *
find_items (const char *server_url,
            const char *email)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GList *items;

  if (server_url != NULL)
    g_hash_table_insert (attributes, (gpointer) "server", (gpointer) server_url);
  if (email != NULL)
    g_hash_table_insert (attributes, (gpointer) "email", (gpointer) email);

  secret_service_search (NULL, &session_schema, attributes,
                         SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                         NULL, result_ready_cb, &slot);
  result = wait_for_result (&slot, "search");
  items = secret_service_search_finish (NULL, result, &error);
  g_assert_no_error (error);
  return items;
}

static guint
count_items (const char *server_url,
             const char *email)
{
  GList *items = find_items (server_url, email);
  guint n = g_list_length (items);

  g_list_free_full (items, g_object_unref);
  return n;
}

static char *
item_dup_secret_text (SecretItem *item)
{
  g_autoptr(SecretValue) value = secret_item_get_secret (item);

  g_assert_nonnull (value);
  return g_strdup (secret_value_get_text (value));
}

static void
delete_all_items (void)
{
  GList *items = find_items (NULL, NULL);

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      GAsyncResult *slot = NULL;

      secret_item_delete (l->data, NULL, result_ready_cb, &slot);
      result = wait_for_result (&slot, "delete");
      assert_succeeded (secret_item_delete_finish (l->data, result, &error), error);
    }
  g_list_free_full (items, g_object_unref);
}

/* An item written by someone else than VdCredentials (an older build, another clock) */
static void
store_raw_item (const char *server_url,
                const char *email,
                const char *stored_at,
                const char *token)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) value = secret_value_new (token, -1, "text/plain");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  g_hash_table_insert (attributes, (gpointer) "server", (gpointer) server_url);
  g_hash_table_insert (attributes, (gpointer) "email", (gpointer) email);
  g_hash_table_insert (attributes, (gpointer) "stored_at", (gpointer) stored_at);

  secret_service_store (NULL, &session_schema, attributes, SECRET_COLLECTION_DEFAULT,
                        "raw test item", value, NULL, result_ready_cb, &slot);
  result = wait_for_result (&slot, "raw store");
  assert_succeeded (secret_service_store_finish (NULL, result, &error), error);
}

/*
 * The private keyring
 */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_remove (path);
    }
}

static char *
make_private_dir (const char *name)
{
  char *path = g_build_filename (keyring_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static void
keyring_exited_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  keyring_exited = TRUE;
}

static void
secrets_name_appeared_cb (GDBusConnection *connection,
                          const char      *name,
                          const char      *name_owner,
                          gpointer         user_data)
{
  gboolean *appeared = user_data;

  *appeared = TRUE;
}

/* Should this program die without stopping it, the daemon goes too */
static void
keyring_child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

typedef struct
{
  const gboolean *appeared;
  const gboolean *exited;
} StartWait;

static gboolean
keyring_ready_or_exited (gconstpointer data)
{
  const StartWait *wait = data;

  return *wait->appeared || *wait->exited;
}

/*
 * gnome-keyring-daemon --foreground stays our child (so we can stop it), reads the
 * password up to the end of its standard input, creates and unlocks the login keyring
 * (the default collection, so no prompt), then takes org.freedesktop.secrets. Its
 * environment points only at our bus and our directories: with the headless wrapper's
 * GNOME_KEYRING_CONTROL or XDG_RUNTIME_DIR it would hand the unlock to that keyring.
 */
static void
keyring_start (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *cache_home = NULL;
  g_autofree char *runtime_dir = NULL;
  g_auto(GStrv) env = g_strdupv (test_environ);
  static const char * const unset[] = {
    "GNOME_KEYRING_CONTROL", "GNOME_KEYRING_PID", "SSH_AUTH_SOCK", "DISPLAY",
    "WAYLAND_DISPLAY", "DBUS_STARTER_ADDRESS", "DBUS_STARTER_BUS_TYPE", "G_DEBUG",
    "LD_PRELOAD", "XDG_CONFIG_DIRS", "XDG_DATA_DIRS",
  };
  GOutputStream *input;
  gboolean appeared = FALSE;
  StartWait wait = { &appeared, &keyring_exited };
  guint watch_id;
  gint64 start = g_get_monotonic_time ();

  keyring_exited = FALSE;
  keyring_dir = g_dir_make_tmp ("vd-test-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  home = make_private_dir ("home");
  data_home = make_private_dir ("data");
  config_home = make_private_dir ("config");
  cache_home = make_private_dir ("cache");
  runtime_dir = make_private_dir ("run");

  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    env = g_environ_unsetenv (env, unset[i]);
  env = g_environ_setenv (env, "HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config_home, TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", cache_home, TRUE);
  env = g_environ_setenv (env, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  env = g_environ_setenv (env, "DBUS_SESSION_BUS_ADDRESS",
                          g_test_dbus_get_bus_address (test_bus), TRUE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_cwd (launcher, keyring_dir);
  g_subprocess_launcher_set_child_setup (launcher, keyring_child_setup, NULL, NULL);

  watch_id = g_bus_watch_name (G_BUS_TYPE_SESSION, SECRETS_BUS_NAME,
                               G_BUS_NAME_WATCHER_FLAGS_NONE,
                               secrets_name_appeared_cb, NULL, &appeared, NULL);

  keyring = g_subprocess_launcher_spawn (launcher, &error,
                                         "gnome-keyring-daemon", "--foreground", "--unlock",
                                         "--components=secrets", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (keyring, NULL, keyring_exited_cb, NULL);

  input = g_subprocess_get_stdin_pipe (keyring);
  g_output_stream_write_all (input, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  wait_until (keyring_ready_or_exited, &wait, "gnome-keyring-daemon to own " SECRETS_BUS_NAME);
  g_bus_unwatch_name (watch_id);

  if (!appeared)
    g_error ("gnome-keyring-daemon exited before owning %s", SECRETS_BUS_NAME);

  g_test_message ("gnome-keyring-daemon (pid %s) ready after %.0f ms",
                  g_subprocess_get_identifier (keyring),
                  (g_get_monotonic_time () - start) / 1000.0);
}

static void
keyring_stop (void)
{
  if (keyring == NULL)
    return;

  /* libsecret's shared service and its bus connection go first */
  secret_service_disconnect ();

  if (!keyring_exited)
    {
      gint64 start = g_get_monotonic_time ();

      g_subprocess_send_signal (keyring, SIGTERM);
      wait_until (flag_set, &keyring_exited, "gnome-keyring-daemon to exit");
      g_test_message ("gnome-keyring-daemon stopped after %.0f ms",
                      (g_get_monotonic_time () - start) / 1000.0);
    }

  g_clear_object (&keyring);
  remove_tree (keyring_dir);
  g_clear_pointer (&keyring_dir, g_free);
}

/*
 * Fixture: the keyring running and holding none of our items
 */

typedef struct
{
  VdCredentials *credentials;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  if (keyring == NULL)
    keyring_start ();
  g_assert_false (keyring_exited);

  delete_all_items ();
  fixture->credentials = vd_credentials_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->credentials);
}

/*
 * Cases
 */

/* Registered first: it runs before the fixture starts the keyring */
static void
test_no_service (void)
{
  g_autoptr(VdCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  static char not_touched[] = "not touched";
  char *email = not_touched;   /* finish sets the out-arguments even on failure */
  char *token = not_touched;
  gint64 start;
  double elapsed_ms;

  /* Registered first, so that it runs before any case starts the keyring */
  g_assert_null (keyring);

  credentials = vd_credentials_new ();
  start = g_get_monotonic_time ();

  g_assert_false (lookup (credentials, SERVER_A, NULL, &email, &token, &error));
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN);
  g_assert_null (email);
  g_assert_null (token);
  g_test_message ("no Secret Service: %s", error->message);
  g_clear_error (&error);

  g_assert_false (store (credentials, SERVER_A, EMAIL_1, TOKEN_1, NULL, &error));
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN);
  g_clear_error (&error);

  g_assert_false (clear (credentials, SERVER_A, EMAIL_1, NULL, &error));
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN);

  elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("three failed calls took %.1f ms", elapsed_ms);
  g_assert_cmpfloat (elapsed_ms, <, 2000.0);
}

static void
test_store_lookup (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gint64 start = g_get_monotonic_time ();

  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);
  g_test_message ("a first store took %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  start = g_get_monotonic_time ();
  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);
  g_test_message ("a lookup took %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* Another object (the next start of the app) finds it too */
  {
    g_autoptr(VdCredentials) other = vd_credentials_new ();

    assert_lookup (other, SERVER_A, EMAIL_1, TOKEN_1);
  }

  /* NULL out-arguments are fine */
  {
    g_autoptr(GError) error = NULL;

    assert_succeeded (lookup (fixture->credentials, SERVER_A, NULL, NULL, NULL, &error), error);
  }
}

static void
test_replace (Fixture       *fixture,
              gconstpointer  user_data)
{
  GList *items;
  g_autofree char *secret = NULL;

  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);
  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_2);

  items = find_items (SERVER_A, EMAIL_1);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  secret = item_dup_secret_text (items->data);
  g_assert_cmpstr (secret, ==, TOKEN_2);
  g_list_free_full (items, g_object_unref);

  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_2);

  /* A second object replaces the first one's item as well */
  {
    g_autoptr(VdCredentials) other = vd_credentials_new ();

    store_ok (other, SERVER_A, EMAIL_1, TOKEN_3);
  }
  g_assert_cmpuint (count_items (SERVER_A, NULL), ==, 1);
  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_3);
}

static void
test_most_recent (Fixture       *fixture,
                  gconstpointer  user_data)
{
  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);
  store_ok (fixture->credentials, SERVER_A, EMAIL_2, TOKEN_2);
  g_assert_cmpuint (count_items (SERVER_A, NULL), ==, 2);
  assert_lookup (fixture->credentials, SERVER_A, EMAIL_2, TOKEN_2);

  /* Stored again, the first account is the latest again (not the first-created) */
  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_3);
  g_assert_cmpuint (count_items (SERVER_A, NULL), ==, 2);
  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_3);

  /* Also as seen by a new object, within the same second */
  {
    g_autoptr(VdCredentials) other = vd_credentials_new ();

    store_ok (other, SERVER_A, EMAIL_2, TOKEN_2);
    assert_lookup (fixture->credentials, SERVER_A, EMAIL_2, TOKEN_2);
  }
}

static void
test_other_server (Fixture       *fixture,
                   gconstpointer  user_data)
{
  /* An empty keyring */
  assert_lookup (fixture->credentials, SERVER_B, NULL, NULL);

  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);
  assert_lookup (fixture->credentials, SERVER_B, NULL, NULL);

  /* Servers are compared exactly */
  assert_lookup (fixture->credentials, SERVER_A "/", NULL, NULL);
  assert_lookup (fixture->credentials, "https://a.vidinfra.test", NULL, NULL);

  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);
}

static void
test_clear (Fixture       *fixture,
            gconstpointer  user_data)
{
  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);
  store_ok (fixture->credentials, SERVER_A, EMAIL_2, TOKEN_2);
  store_ok (fixture->credentials, SERVER_B, EMAIL_1, TOKEN_3);

  /* Signing out of the latest account falls back to the other one of that server */
  clear_ok (fixture->credentials, SERVER_A, EMAIL_2);
  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);

  clear_ok (fixture->credentials, SERVER_A, EMAIL_1);
  assert_lookup (fixture->credentials, SERVER_A, NULL, NULL);
  g_assert_cmpuint (count_items (SERVER_A, NULL), ==, 0);

  /* The same email on another server is another session */
  assert_lookup (fixture->credentials, SERVER_B, EMAIL_1, TOKEN_3);
  g_assert_cmpuint (count_items (NULL, NULL), ==, 1);

  /* Nothing to clear is no error */
  clear_ok (fixture->credentials, SERVER_A, EMAIL_1);
  clear_ok (fixture->credentials, "https://never.vidinfra.test", EMAIL_2);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *token = NULL;

  g_cancellable_cancel (cancellable);

  g_assert_false (store (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (count_items (NULL, NULL), ==, 0);

  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);

  g_assert_false (lookup (fixture->credentials, SERVER_A, cancellable, &email, &token, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (email);
  g_assert_null (token);
  g_clear_error (&error);

  g_assert_false (clear (fixture->credentials, SERVER_A, EMAIL_1, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);

  /* Cancelled while talking to the keyring */
  {
    g_autoptr(GCancellable) in_flight = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *slot = NULL;

    vd_credentials_store_async (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_2, in_flight,
                                result_ready_cb, &slot);
    g_main_context_iteration (NULL, FALSE);
    g_cancellable_cancel (in_flight);
    result = wait_for_result (&slot, "cancelled store");
    g_assert_false (vd_credentials_store_finish (fixture->credentials, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* The object stays usable, and the next store leaves one item for the account */
  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_3);
  g_assert_cmpuint (count_items (SERVER_A, EMAIL_1), ==, 1);
  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_3);
}

static void
test_attributes (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;
  gint64 before = g_get_real_time ();
  gint64 after;
  GHashTableIter iter;
  const char *key;
  const char *text;
  guint64 stamp;
  SecretItem *item;
  GList *items;

  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);
  after = g_get_real_time ();

  items = find_items (NULL, NULL);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  item = items->data;

  /* server, email, stored_at and libsecret's own schema name; nothing else */
  attributes = secret_item_get_attributes (item);
  g_assert_cmpuint (g_hash_table_size (attributes), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, "com.vidinfra.Admin.Session");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "server"), ==, SERVER_A);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "email"), ==, EMAIL_1);
  text = g_hash_table_lookup (attributes, "stored_at");
  g_assert_nonnull (text);
  g_assert_true (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &stamp, NULL));
  g_assert_cmpint ((gint64) stamp, >=, before);
  g_assert_cmpint ((gint64) stamp, <=, after);

  /* The token is in no attribute and not in the label */
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &text))
    {
      g_assert_null (strstr (key, TOKEN_1));
      g_assert_null (strstr (text, TOKEN_1));
    }
  label = secret_item_get_label (item);
  g_assert_cmpstr (label, ==, "Vidinfra session for " EMAIL_1 " on " SERVER_A);

  /* It is the secret, as text */
  value = secret_item_get_secret (item);
  g_assert_nonnull (value);
  g_assert_cmpstr (secret_value_get_content_type (value), ==, "text/plain");
  g_assert_cmpstr (secret_value_get_text (value), ==, TOKEN_1);

  g_list_free_full (items, g_object_unref);
}

/* Items written while the clock was ahead, or by hand, do not outrank a new store */
static void
test_clock_skew (Fixture       *fixture,
                 gconstpointer  user_data)
{
  store_raw_item (SERVER_A, EMAIL_1, FUTURE_STAMP, TOKEN_1);
  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_2);
  g_assert_cmpuint (count_items (SERVER_A, EMAIL_1), ==, 1);
  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_2);

  store_raw_item (SERVER_B, EMAIL_2, FUTURE_STAMP, TOKEN_1);
  store_raw_item (SERVER_B, "broken@example.com", "not a number", TOKEN_3);
  store_ok (fixture->credentials, SERVER_B, EMAIL_1, TOKEN_2);
  assert_lookup (fixture->credentials, SERVER_B, EMAIL_1, TOKEN_2);
  g_assert_cmpuint (count_items (SERVER_B, NULL), ==, 3);
}

/* Token rotations may overlap: the calls take effect in call order */
static void
test_concurrent (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char * const tokens[] = { TOKEN_1, TOKEN_2, TOKEN_3, TOKEN_1 "x", TOKEN_2 "x" };
  GAsyncResult *slots[G_N_ELEMENTS (tokens)] = { NULL, };
  GAsyncResult *lookup_slot = NULL;
  GAsyncResult *later_slot = NULL;
  g_autoptr(GAsyncResult) lookup_result = NULL;
  g_autoptr(GAsyncResult) later_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  char *token = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    vd_credentials_store_async (fixture->credentials, SERVER_A, EMAIL_1, tokens[i], NULL,
                                result_ready_cb, &slots[i]);
  /* Asked for while the stores run: it sees all of them, and not the store after it */
  vd_credentials_lookup_async (fixture->credentials, SERVER_A, NULL, result_ready_cb, &lookup_slot);
  vd_credentials_store_async (fixture->credentials, SERVER_A, EMAIL_2, TOKEN_3, NULL,
                              result_ready_cb, &later_slot);

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(GAsyncResult) result = wait_for_result (&slots[i], "overlapping store");

      assert_succeeded (vd_credentials_store_finish (fixture->credentials, result, &error), error);
    }

  lookup_result = wait_for_result (&lookup_slot, "lookup behind the stores");
  assert_succeeded (vd_credentials_lookup_finish (fixture->credentials, lookup_result,
                                                  &email, &token, &error), error);
  g_assert_cmpstr (email, ==, EMAIL_1);
  g_assert_cmpstr (token, ==, TOKEN_2 "x");
  secret_password_free (token);

  later_result = wait_for_result (&later_slot, "the later store");
  assert_succeeded (vd_credentials_store_finish (fixture->credentials, later_result, &error), error);

  g_assert_cmpuint (count_items (SERVER_A, EMAIL_1), ==, 1);
  g_assert_cmpuint (count_items (SERVER_A, NULL), ==, 2);
  assert_lookup (fixture->credentials, SERVER_A, EMAIL_2, TOKEN_3);
}

/* An operation cancelled while it waits for its turn ends without running */
static void
test_cancelled_waiting (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *first_slot = NULL;
  GAsyncResult *second_slot = NULL;

  vd_credentials_store_async (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1, NULL,
                              result_ready_cb, &first_slot);
  vd_credentials_store_async (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_2, cancellable,
                              result_ready_cb, &second_slot);
  g_cancellable_cancel (cancellable);

  second = wait_for_result (&second_slot, "the waiting store");
  g_assert_false (vd_credentials_store_finish (fixture->credentials, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  first = wait_for_result (&first_slot, "the running store");
  assert_succeeded (vd_credentials_store_finish (fixture->credentials, first, &error), error);

  assert_lookup (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);
}

/*
 * A locked keyring with nobody to answer the unlock prompt (no prompter on this bus):
 * an error, not a hang
 */
static void
test_locked (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autofree char *email = NULL;
  g_autofree char *token = NULL;
  GList *items;
  gint64 start;

  store_ok (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_1);

  items = find_items (SERVER_A, NULL);
  secret_service_lock (NULL, items, NULL, result_ready_cb, &slot);
  result = wait_for_result (&slot, "lock");
  assert_succeeded (secret_service_lock_finish (NULL, result, NULL, &error), error);
  g_list_free_full (items, g_object_unref);

  start = g_get_monotonic_time ();
  g_assert_false (lookup (fixture->credentials, SERVER_A, NULL, &email, &token, &error));
  g_assert_error (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED);
  g_assert_null (email);
  g_assert_null (token);
  g_clear_error (&error);

  g_assert_false (store (fixture->credentials, SERVER_A, EMAIL_1, TOKEN_2, NULL, &error));
  g_assert_error (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED);
  g_clear_error (&error);

  g_assert_false (clear (fixture->credentials, SERVER_A, EMAIL_1, NULL, &error));
  g_assert_error (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED);
  g_test_message ("three calls on a locked keyring took %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  /* Unlocking needs a prompt: the next case starts a fresh, unlocked keyring instead */
  keyring_stop ();
}

/* libsecret would warn and never answer: VdCredentials answers with an error */
static void
test_invalid_text (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (store (fixture->credentials, SERVER_A, "bad\xff@example.com", TOKEN_1,
                         NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (lookup (fixture->credentials, "https://\xc3", NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (clear (fixture->credentials, SERVER_A, "bad\xff", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_assert_cmpuint (count_items (NULL, NULL), ==, 0);
}

#define ADD_CASE(path, func) \
  g_test_add ("/vd/credentials/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* Nothing left to restore for this account's server, asked through the
 * account's own instance (after its sign-out's clear) */
static gboolean
no_session_stored (gconstpointer data)
{
  VdAccount *account = (VdAccount *) data;
  g_autoptr(VdCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *token = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_object_get (account, "credentials", &credentials, NULL);
  vd_credentials_lookup_async (credentials, vd_client_get_base_url (vd_account_get_client (account)),
                               NULL, result_ready_cb, &slot);
  result = wait_for_result (&slot, "a lookup");
  vd_credentials_lookup_finish (credentials, result, &email, &token, &error);
  g_assert_no_error (error);

  return token == NULL;
}

/*
 * A session survives a restart: VdAccount keeps the rotating refresh token in
 * the keyring, and a new account (a new run of the app) restores from it.
 */

static VdAccount *
new_account (VdTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VdClient) client = vd_client_new (server->base_url, &error);
  g_autoptr(VdCredentials) credentials = vd_credentials_new ();

  g_assert_no_error (error);
  return vd_account_new (client, credentials);
}

static gboolean
account_restore (VdAccount  *account,
                 GError    **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vd_account_restore_async (account, NULL, result_ready_cb, &slot);
  result = wait_for_result (&slot, "the restore");
  return vd_account_restore_finish (account, result, error);
}

/* The keyring item has been rewritten with the token now in use */
static gboolean
stored_token_is_current (gconstpointer data)
{
  VdAccount *account = (VdAccount *) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *current = vd_client_dup_refresh_token (vd_account_get_client (account));
  g_autofree char *email = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(VdCredentials) credentials = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  /* Through the account's own instance, which runs one operation at a time:
   * a search from another instance while the account replaces its item can
   * make libsecret 0.20 return its task twice */
  g_object_get (account, "credentials", &credentials, NULL);
  vd_credentials_lookup_async (credentials, vd_client_get_base_url (vd_account_get_client (account)),
                               NULL, result_ready_cb, &slot);
  result = wait_for_result (&slot, "a lookup");
  vd_credentials_lookup_finish (credentials, result, &email, &stored, &error);
  g_assert_no_error (error);

  return current != NULL && g_strcmp0 (current, stored) == 0;
}

/* VdCredentials runs its operations one at a time: a lookup through the
 * account's own instance returns after everything the account started */
static void
drain_credentials (VdAccount *account)
{
  g_autoptr(VdCredentials) credentials = NULL;
  g_autofree char *email = NULL;
  g_autofree char *token = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_object_get (account, "credentials", &credentials, NULL);
  vd_credentials_lookup_async (credentials, "https://drain.vidinfra.test/v1", NULL, result_ready_cb, &slot);
  result = wait_for_result (&slot, "the account's keyring work");
  vd_credentials_lookup_finish (credentials, result, &email, &token, NULL);
}

static void
test_account_restore (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(VdTestServer) server = vd_test_server_start ("--demo", NULL);
  g_autoptr(VdAccount) first = new_account (server);
  g_autoptr(VdAccount) second = NULL;
  g_autoptr(VdAccount) third = NULL;
  g_autoptr(VdAccount) after_sign_out = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  /* Nothing stored yet: nothing restored, and no error */
  g_assert_false (account_restore (first, &error));
  g_assert_no_error (error);

  vd_account_sign_in_async (first, "admin@acme.test", "Demo-password-1", TRUE, NULL, result_ready_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_for_result (&slot, "the sign-in");
    assert_succeeded (vd_account_sign_in_finish (first, result, &error), error);
  }
  wait_until (stored_token_is_current, first, "the keyring to hold the session");

  /* A restart: a new account restores the session, with a rotated token */
  second = new_account (server);
  assert_succeeded (account_restore (second, &error), error);
  g_assert_cmpstr (vd_user_get_email (vd_account_get_user (second)), ==, "admin@acme.test");
  g_assert_cmpstr (vd_organization_get_name (vd_account_get_current_organization (second)), ==, "Acme Studios");

  /* The keyring followed the rotation: a second restart works too (a used
   * token would be taken for theft and end the session) */
  wait_until (stored_token_is_current, second, "the keyring to hold the rotated token");
  third = new_account (server);
  assert_succeeded (account_restore (third, &error), error);

  /* Signing out forgets it */
  vd_account_sign_out_async (third, NULL, result_ready_cb, &slot);
  {
    g_autoptr(GAsyncResult) result = wait_for_result (&slot, "the sign-out");
    assert_succeeded (vd_account_sign_out_finish (third, result, &error), error);
  }
  g_assert_false (vd_account_get_signed_in (third));
  g_assert_true (no_session_stored (third));

  after_sign_out = new_account (server);
  g_assert_false (account_restore (after_sign_out, &error));
  g_assert_no_error (error);

  /* Let every account's keyring work finish before the bus goes away */
  drain_credentials (first);
  drain_credentials (second);
  drain_credentials (third);
  drain_credentials (after_sign_out);

  g_assert_finalize_object (g_steal_pointer (&first));
  g_assert_finalize_object (g_steal_pointer (&second));
  g_assert_finalize_object (g_steal_pointer (&third));
  g_assert_finalize_object (g_steal_pointer (&after_sign_out));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Our own session bus: never the user's, never the headless wrapper's */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  test_environ = g_get_environ ();

  g_test_add_func ("/vd/credentials/no-service", test_no_service);
  ADD_CASE ("store-lookup", test_store_lookup);
  ADD_CASE ("replace", test_replace);
  ADD_CASE ("most-recent", test_most_recent);
  ADD_CASE ("other-server", test_other_server);
  ADD_CASE ("clear", test_clear);
  ADD_CASE ("cancelled", test_cancelled);
  ADD_CASE ("attributes", test_attributes);
  ADD_CASE ("clock-skew", test_clock_skew);
  ADD_CASE ("concurrent", test_concurrent);
  ADD_CASE ("cancelled-waiting", test_cancelled_waiting);
  ADD_CASE ("locked", test_locked);
  ADD_CASE ("invalid-text", test_invalid_text);
  ADD_CASE ("account-restore", test_account_restore);

  status = g_test_run ();

  keyring_stop ();
  secret_service_disconnect ();
  g_test_dbus_down (test_bus);
  g_clear_object (&test_bus);
  g_strfreev (test_environ);

  return status;
}
