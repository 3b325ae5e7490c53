/* vd-server.h — vidinfra-local: the Vidinfra HTTP API served from SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vd-database.h"

G_BEGIN_DECLS

typedef struct
{
  char    *data_dir;
  gint64   access_ttl;       /* seconds */
  gint64   refresh_ttl;      /* seconds */
  gint64   invitation_ttl;   /* seconds */
} VdServerConfig;

#define VD_TYPE_SERVER (vd_server_get_type ())
G_DECLARE_FINAL_TYPE (VdServer, vd_server, VD, SERVER, GObject)

VdServer   *vd_server_new            (const VdServerConfig  *config,
                                      GError               **error);
/* Listens on host:port (port 0: any free port); returns the base URL
 * "http://HOST:PORT/v1" through base_url. */
gboolean    vd_server_listen         (VdServer              *self,
                                      const char            *host,
                                      guint                  port,
                                      const char            *tls_cert_file,
                                      const char            *tls_key_file,
                                      char                 **base_url,
                                      GError               **error);
/* Stops accepting; calls callback once the requests in flight are answered. */
void        vd_server_shutdown       (VdServer              *self,
                                      GCallback              callback,
                                      gpointer               user_data);
VdDatabase *vd_server_get_database   (VdServer              *self);

G_END_DECLS
