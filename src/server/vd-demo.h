/* vd-demo.h — vidinfra-local's demo organization and scale seeding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vd-server.h"

G_BEGIN_DECLS

#define VD_DEMO_OWNER_EMAIL "owner@acme.test"
#define VD_DEMO_ADMIN_EMAIL "admin@acme.test"
#define VD_DEMO_PASSWORD    "Demo-password-1"

/* Creates the demo organization "Acme Studios" unless it exists, then makes
 * sure it has at least seed_members seeded members (seed-NNNNNNN@acme.test). */
gboolean vd_demo_ensure (VdServer  *server,
                         guint      seed_members,
                         GError   **error);

G_END_DECLS
