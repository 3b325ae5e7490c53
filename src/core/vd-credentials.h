/* vd-credentials.h — the refresh token in the Secret Service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VD_TYPE_CREDENTIALS (vd_credentials_get_type ())
G_DECLARE_FINAL_TYPE (VdCredentials, vd_credentials, VD, CREDENTIALS, GObject)

/*
 * Remembers one session per (server URL, email): the refresh token, in the Secret
 * Service (gnome-keyring, KWallet, KeePassXC …) through libsecret. The access token is
 * never stored. Items use the secret schema "com.vidinfra.Admin.Session" with the
 * string attributes "server" (the URL exactly as given), "email" and "stored_at" (a
 * decimal count of microseconds, increasing with every store on a server: it orders
 * the accounts of a server without trusting the clock), plus libsecret's own
 * "xdg:schema". The secret is the token as text/plain; the label is
 * "Vidinfra session for EMAIL on SERVER" (translated).
 *
 * Everything is asynchronous and completes in the thread-default main context of
 * the caller; use one object from one thread (the app keeps one). An object runs its
 * operations one at a time, in call order: a lookup sees every store called before
 * it, and overlapping stores of one account leave the last one called. An operation
 * cancelled while it waits for its turn ends at once with G_IO_ERROR_CANCELLED.
 * No token is logged; the tokens kept while an operation runs are in libsecret's
 * wiped memory.
 *
 * Errors are libsecret's and GDBus's, as they come:
 *   - no Secret Service on the session bus: G_DBUS_ERROR_SERVICE_UNKNOWN, at once
 *     (the bus answers; nothing waits for a timeout);
 *   - no session bus at all: g_bus_get ()'s G_IO_ERROR_FAILED ("Cannot autolaunch
 *     D-Bus without X11 $DISPLAY");
 *   - the keyring is locked and its unlock prompt dismissed or impossible (no
 *     prompter, e.g. headless): SECRET_ERROR_IS_LOCKED, within milliseconds when
 *     there is no prompter.
 * The caller should treat any error other than G_IO_ERROR_CANCELLED as "cannot
 * remember (or restore) the session": sign in as usual, perhaps log it, never block
 * on it. Invalid UTF-8 in an argument gives G_IO_ERROR_INVALID_ARGUMENT.
 *
 * Beware: when the keyring is locked, or has no default collection yet, the Secret
 * Service shows a prompt and the operation waits for the person, with no time limit.
 * Pass a GCancellable if that must end (sign-in pages cancel theirs in dispose).
 */
VdCredentials *vd_credentials_new            (void);

/*
 * Stores refresh_token for (server_url, email) in the default collection and removes
 * the older items of that account, so that exactly one remains. It becomes the most
 * recently stored session of server_url (what lookup returns). On error the new
 * token may or may not have been stored. With gnome-keyring unlocked a store takes
 * about 10 ms (four round trips, and gnome-keyring rewrites its file), a lookup a
 * few ms; the first call also opens the Secret Service session.
 */
void           vd_credentials_store_async    (VdCredentials       *self,
                                              const char          *server_url,
                                              const char          *email,
                                              const char          *refresh_token,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       vd_credentials_store_finish   (VdCredentials       *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/*
 * The session to restore for server_url: of the accounts stored for it, the one stored
 * last. Locked items are unlocked (which may prompt). Returns TRUE with *email and
 * *refresh_token NULL when nothing is stored for the server; that is not an error.
 * Both out strings are g_malloc'd: free *email with g_free () and wipe *refresh_token
 * before freeing it (secret_password_free () or vd_client_free_secret () do both).
 * On FALSE both are NULL.
 */
void           vd_credentials_lookup_async   (VdCredentials       *self,
                                              const char          *server_url,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       vd_credentials_lookup_finish  (VdCredentials       *self,
                                              GAsyncResult        *result,
                                              char               **email,
                                              char               **refresh_token,
                                              GError             **error);

/*
 * Forgets the session of (server_url, email), on sign-out. Other accounts and other
 * servers are untouched. TRUE also when nothing was stored.
 */
void           vd_credentials_clear_async    (VdCredentials       *self,
                                              const char          *server_url,
                                              const char          *email,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       vd_credentials_clear_finish   (VdCredentials       *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
