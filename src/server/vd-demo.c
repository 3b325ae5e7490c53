/* vd-demo.c — vidinfra-local's demo organization and scale seeding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-demo"

#include "config.h"

#include <string.h>

#include "vd-demo.h"
#include "vd-permissions.h"
#include "vd-server-private.h"

#define DEMO_OWNER_EMAIL "owner@acme.test"
#define DEMO_DAY G_TIME_SPAN_DAY

typedef struct
{
  VdDatabase *db;
  gint64      now;
  char       *password_hash;
  char       *org_id;
  char       *owner_id;
  char       *admin_id;
  char       *projects[3];
  char       *folders[3][4];
} Demo;

static void
demo_clear (Demo *demo)
{
  g_clear_pointer (&demo->password_hash, g_free);
  g_clear_pointer (&demo->org_id, g_free);
  g_clear_pointer (&demo->owner_id, g_free);
  g_clear_pointer (&demo->admin_id, g_free);
  for (guint i = 0; i < 3; i++)
    {
      g_clear_pointer (&demo->projects[i], g_free);
      for (guint j = 0; j < 4; j++)
        g_clear_pointer (&demo->folders[i][j], g_free);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

static char *
add_user (Demo       *demo,
          const char *first_name,
          const char *last_name,
          const char *email,
          gint64      created_at)
{
  char *id = vd_id_new ();

  if (!vd_database_exec (demo->db,
                         "INSERT INTO users (id, email, first_name, last_name, password_hash, newsletter,"
                         " email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
                         "sssssiii", id, email, first_name, last_name, demo->password_hash,
                         created_at, created_at, created_at))
    g_clear_pointer (&id, g_free);

  return id;
}

static char *
add_member (Demo       *demo,
            const char *org_id,
            const char *user_id,
            const char *role,
            const char *permissions,
            gint64      joined_at)
{
  char *id = vd_id_new ();

  vd_database_exec (demo->db,
                    "INSERT INTO members (id, organization_id, user_id, role, permissions, joined_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    "sssssi", id, org_id, user_id, role, permissions, joined_at);
  return id;
}

static void
add_audit (Demo       *demo,
           const char *org_id,
           const char *actor_id,
           const char *action,
           const char *entity_type,
           const char *entity_id,
           const char *metadata,
           gint64      created_at)
{
  g_autofree char *id = vd_id_new ();

  vd_database_exec (demo->db,
                    "INSERT INTO audits (id, organization_id, actor_id, action, entity_type, entity_id,"
                    " metadata, ip_address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '127.0.0.1', ?)",
                    "sssssssi", id, org_id, actor_id, action, entity_type, entity_id,
                    metadata ? metadata : "{}", created_at);
}

static char *
add_organization (Demo       *demo,
                  const char *name,
                  const char *owner_id,
                  gint64      created_at)
{
  char *id = vd_id_new ();
  g_autofree char *member = NULL;
  g_autofree char *metadata = g_strdup_printf ("{\"name\":\"%s\"}", name);

  vd_database_exec (demo->db,
                    "INSERT INTO organizations (id, name, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    "sssii", id, name, owner_id, created_at, created_at);
  member = add_member (demo, id, owner_id, "owner", "[]", created_at);
  add_audit (demo, id, owner_id, "organization.created", "organization", id, metadata, created_at);
  return id;
}

static char *
add_project (Demo       *demo,
             const char *org_id,
             const char *name,
             const char *description,
             gint64      created_at)
{
  char *id = vd_id_new ();
  g_autofree char *metadata = g_strdup_printf ("{\"name\":\"%s\"}", name);

  vd_database_exec (demo->db,
                    "INSERT INTO projects (id, organization_id, name, description, created_at) VALUES (?, ?, ?, ?, ?)",
                    "ssssi", id, org_id, name, description, created_at);
  add_audit (demo, org_id, demo->owner_id, "project.created", "project", id, metadata, created_at);
  return id;
}

static char *
add_folder (Demo       *demo,
            const char *project_id,
            const char *name,
            const char *parent_id)
{
  char *id = vd_id_new ();

  vd_database_exec (demo->db, "INSERT INTO folders (id, project_id, name, parent_id) VALUES (?, ?, ?, ?)",
                    "ssss", id, project_id, name, parent_id);
  return id;
}

/* The grants of demo member number i: a spread of what real teams hand out */
static char *
demo_grants (Demo  *demo,
             guint  i)
{
  g_autoptr(VdPermissions) permissions = vd_permissions_new (demo->org_id);
  g_autoptr(JsonNode) node = NULL;
  VdGrant *grant;

  switch (i % 8)
    {
    case 0: /* an editor on marketing, with billing */
      vd_grant_set_access (vd_permissions_ensure_grant (permissions, demo->projects[0]), VD_ACCESS_FULL);
      vd_permissions_set_billing (permissions, TRUE);
      break;

    case 1: /* tutorials, no delete */
      vd_grant_set_access (vd_permissions_ensure_grant (permissions, demo->projects[1]), VD_ACCESS_FULL_NO_DELETE);
      break;

    case 2: /* live producer: custom rights on live events */
      grant = vd_permissions_ensure_grant (permissions, demo->projects[2]);
      vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
      vd_grant_set_rights (grant, VD_RESOURCE_LIVESTREAMS, VD_RIGHTS_ALL);
      vd_grant_set_rights (grant, VD_RESOURCE_ANALYTICS, VD_RIGHTS_READ);
      vd_grant_set_rights (grant, VD_RESOURCE_PLAYERS, VD_RIGHTS_READ | VD_RIGHTS_WRITE);
      break;

    case 3: /* developer: API access and full access to tutorials */
      vd_grant_set_access (vd_permissions_ensure_grant (permissions, demo->projects[1]), VD_ACCESS_FULL);
      vd_permissions_set_api (permissions, TRUE);
      break;

    case 4: /* a freelancer limited to two folders */
      grant = vd_permissions_ensure_grant (permissions, demo->projects[0]);
      vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
      vd_grant_set_folders_custom (grant, TRUE);
      vd_grant_set_folder_rights (grant, demo->folders[0][2], VD_RIGHTS_READ | VD_RIGHTS_WRITE);
      vd_grant_set_folder_rights (grant, demo->folders[0][3], VD_RIGHTS_READ);
      vd_grant_set_rights (grant, VD_RESOURCE_ANALYTICS, VD_RIGHTS_READ);
      break;

    case 5: /* finance: billing only */
      vd_permissions_set_billing (permissions, TRUE);
      break;

    case 6: /* everything in all projects, with API */
      for (guint p = 0; p < 3; p++)
        vd_grant_set_access (vd_permissions_ensure_grant (permissions, demo->projects[p]), VD_ACCESS_FULL);
      vd_permissions_set_api (permissions, TRUE);
      break;

    default: /* ad operations */
      grant = vd_permissions_ensure_grant (permissions, demo->projects[0]);
      vd_grant_set_access (grant, VD_ACCESS_CUSTOM);
      vd_grant_set_rights (grant, VD_RESOURCE_ADVERTISEMENTS, VD_RIGHTS_ALL);
      vd_grant_set_rights (grant, VD_RESOURCE_ANALYTICS, VD_RIGHTS_READ);
      vd_grant_set_rights (grant, VD_RESOURCE_SETTINGS, VD_RIGHTS_READ);
      break;
    }

  node = vd_permissions_to_json (permissions);
  return json_to_string (node, FALSE);
}

static const char * const first_names[] = {
  "Aiko", "Baptiste", "Chiara", "Dmitri", "Elif", "Farah", "Gustavo", "Hanna", "Ines", "Jonas",
  "Kwame", "Leila", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Santiago", "Tomoko",
  "Umar", "Valentina", "Wen", "Ximena", "Yusuf", "Zofia",
};

static const char * const last_names[] = {
  "Nakamura", "Lefèvre", "Bianchi", "Volkov", "Yılmaz", "Haddad", "Pereira", "Schmidt", "Moreau",
  "Berg", "Mensah", "Rahman", "García", "Kowalski", "Lindqvist", "Iyer", "Dubois", "Rossi",
  "Fernández", "Sato", "Okafor", "Costa", "Zhang", "Ortiz", "Demir", "Nowak",
};

static gboolean
insert_invitation (Demo       *demo,
                   VdServer   *server,
                   const char *org_id,
                   const char *email,
                   const char *role,
                   const char *permissions,
                   const char *status,
                   const char *invited_by,
                   gint64      created_at,
                   gint64      expires_at,
                   gint64      responded_at)
{
  g_autofree char *id = vd_id_new ();
  g_autofree char *nonce = vd_token_new ("");
  g_autofree char *token = vd_server_derive_token (server, "vdi_", nonce);
  g_autofree char *hash = vd_token_hash (token);

  if (responded_at > 0)
    return vd_database_exec (demo->db,
                             "INSERT INTO invitations (id, organization_id, email, role, permissions, status,"
                             " invited_by, token_hash, token_nonce, created_at, expires_at, responded_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             "sssssssssiii", id, org_id, email, role, permissions, status, invited_by,
                             hash, nonce, created_at, expires_at, responded_at);

  return vd_database_exec (demo->db,
                           "INSERT INTO invitations (id, organization_id, email, role, permissions, status,"
                           " invited_by, token_hash, token_nonce, created_at, expires_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           "sssssssssii", id, org_id, email, role, permissions, status, invited_by,
                           hash, nonce, created_at, expires_at);
}

static gboolean
create_demo (Demo      *demo,
             VdServer  *server,
             GError   **error)
{
  static const struct { const char *name; const char *description; const char *folders[4]; } projects[] = {
    { "Marketing Videos", "Campaigns, social clips and the footage behind them",
      { "Campaigns", "Spring 2026", "Social Clips", "Raw Footage" } },
    { "Product Tutorials", "How-to videos for customers",
      { "Getting Started", "Advanced", "Webinars", "Release Notes" } },
    { "Live Events", "Keynotes and workshops streamed live",
      { "Keynotes", "Workshops", "Rehearsals", "Archive" } },
  };
  const VdServerConfig *config = vd_server_get_config (server);
  gint64 start = demo->now - 400 * DEMO_DAY;
  gint64 ttl = config->invitation_ttl * G_USEC_PER_SEC;
  g_autofree char *member = NULL;
  g_autofree char *labs = NULL;
  g_autofree char *northwind_owner = NULL;
  g_autofree char *northwind = NULL;
  g_autofree char *grants = NULL;

  demo->owner_id = add_user (demo, "Amelia", "Hart", DEMO_OWNER_EMAIL, start);
  demo->admin_id = add_user (demo, "Bruno", "Díaz", "admin@acme.test", start + DEMO_DAY);
  if (demo->owner_id == NULL || demo->admin_id == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create the demo users: %s",
                   vd_database_get_error (demo->db));
      return FALSE;
    }

  demo->org_id = add_organization (demo, "Acme Studios", demo->owner_id, start);
  member = add_member (demo, demo->org_id, demo->admin_id, "admin", "[]", start + DEMO_DAY);

  for (guint p = 0; p < G_N_ELEMENTS (projects); p++)
    {
      demo->projects[p] = add_project (demo, demo->org_id, projects[p].name, projects[p].description,
                                       start + (p + 2) * DEMO_DAY);
      demo->folders[p][0] = add_folder (demo, demo->projects[p], projects[p].folders[0], NULL);
      /* The second folder lives inside the first */
      demo->folders[p][1] = add_folder (demo, demo->projects[p], projects[p].folders[1], demo->folders[p][0]);
      demo->folders[p][2] = add_folder (demo, demo->projects[p], projects[p].folders[2], NULL);
      demo->folders[p][3] = add_folder (demo, demo->projects[p], projects[p].folders[3], NULL);
    }

  for (guint i = 0; i < 24; i++)
    {
      const char *first = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last = last_names[(i * 7) % G_N_ELEMENTS (last_names)];
      g_autofree char *local = g_ascii_strdown (first, -1);
      g_autofree char *email = g_strdup_printf ("%s%u@acme.test", local, i + 1);
      gint64 joined = start + (10 + i * 15) * DEMO_DAY;
      g_autofree char *user_id = add_user (demo, first, last, email, joined - DEMO_DAY);
      g_autofree char *member_id = NULL;
      g_autofree char *metadata = NULL;

      grants = (g_free (grants), demo_grants (demo, i));
      member_id = add_member (demo, demo->org_id, user_id, i == 5 ? "admin" : "member", grants, joined);
      metadata = g_strdup_printf ("{\"email\":\"%s\",\"role\":\"member\",\"permissions\":%s}", email, grants);
      add_audit (demo, demo->org_id, demo->admin_id, "member.invited", "invitation", member_id, metadata,
                 joined - 2 * DEMO_DAY);
      add_audit (demo, demo->org_id, user_id, "invitation.accepted", "invitation", member_id, NULL, joined);
    }

  /* Invitations in every state */
  grants = (g_free (grants), demo_grants (demo, 0));
  insert_invitation (demo, server, demo->org_id, "new.editor@example.com", "member", grants, "pending",
                     demo->owner_id, demo->now - 2 * DEMO_DAY, demo->now - 2 * DEMO_DAY + ttl, 0);
  grants = (g_free (grants), demo_grants (demo, 3));
  insert_invitation (demo, server, demo->org_id, "contractor@example.org", "member", grants, "pending",
                     demo->admin_id, demo->now - DEMO_DAY, demo->now - DEMO_DAY + ttl, 0);
  insert_invitation (demo, server, demo->org_id, "late.reply@example.com", "member", "[]", "pending",
                     demo->admin_id, demo->now - 30 * DEMO_DAY, demo->now - 23 * DEMO_DAY, 0);
  insert_invitation (demo, server, demo->org_id, "wrong.address@example.com", "member", "[]", "revoked",
                     demo->owner_id, demo->now - 12 * DEMO_DAY, demo->now - 5 * DEMO_DAY, demo->now - 11 * DEMO_DAY);
  insert_invitation (demo, server, demo->org_id, "not.interested@example.net", "member", "[]", "rejected",
                     demo->owner_id, demo->now - 20 * DEMO_DAY, demo->now - 13 * DEMO_DAY, demo->now - 19 * DEMO_DAY);

  /* A second organization of the owner's, to switch to */
  labs = add_organization (demo, "Acme Labs", demo->owner_id, start + 100 * DEMO_DAY);
  {
    g_autofree char *m = add_member (demo, labs, demo->admin_id, "member", "[]", start + 101 * DEMO_DAY);
  }

  /* An organization that invites the owner, to accept or reject */
  northwind_owner = add_user (demo, "Nora", "Lind", "nora@northwind.test", start);
  northwind = add_organization (demo, "Northwind Media", northwind_owner, start + 50 * DEMO_DAY);
  insert_invitation (demo, server, northwind, DEMO_OWNER_EMAIL, "member", "[]", "pending",
                     northwind_owner, demo->now - DEMO_DAY, demo->now - DEMO_DAY + ttl, 0);

  vd_database_exec (demo->db, "UPDATE users SET current_organization_id = ? WHERE id IN (?, ?)",
                    "sss", demo->org_id, demo->owner_id, demo->admin_id);

  return TRUE;
}

static gboolean
load_demo (Demo *demo)
{
  g_autoptr(VdStmt) stmt = NULL;
  guint p = 0;

  demo->owner_id = vd_database_query_string (demo->db, "SELECT id FROM users WHERE email = ?", "s", DEMO_OWNER_EMAIL);
  if (demo->owner_id == NULL)
    return FALSE;

  demo->org_id = vd_database_query_string (demo->db,
                                           "SELECT id FROM organizations WHERE owner_id = ? AND name = 'Acme Studios'",
                                           "s", demo->owner_id);
  demo->password_hash = vd_database_query_string (demo->db, "SELECT password_hash FROM users WHERE id = ?",
                                                  "s", demo->owner_id);
  if (demo->org_id == NULL)
    return FALSE;

  stmt = vd_database_query (demo->db, "SELECT id FROM projects WHERE organization_id = ? ORDER BY created_at LIMIT 3",
                            "s", demo->org_id);
  while (sqlite3_step (stmt) == SQLITE_ROW && p < 3)
    demo->projects[p++] = g_strdup (vd_stmt_text (stmt, 0));

  return p == 3;
}

gboolean
vd_demo_ensure (VdServer  *server,
                guint      seed_members,
                GError   **error)
{
  VdDatabase *db = vd_server_get_database (server);
  g_auto(Demo) demo = { 0 };
  g_autoptr(VdTransaction) tx = NULL;
  g_autoptr(VdStmt) stmt = NULL;
  gint64 existing;

  demo.db = db;
  demo.now = g_get_real_time ();

  tx = vd_database_begin (db);
  if (!load_demo (&demo))
    {
      demo_clear (&demo);
      demo.db = db;
      demo.now = g_get_real_time ();
      demo.password_hash = vd_password_hash_sync (VD_DEMO_PASSWORD);
      if (demo.password_hash == NULL || !create_demo (&demo, server, error))
        return FALSE;
      g_message ("Created the demo organization “Acme Studios”; sign in as %s", DEMO_OWNER_EMAIL);
    }

  existing = vd_database_query_int (db, 0,
                                    "SELECT count(*) FROM members m JOIN users u ON u.id = m.user_id"
                                    " WHERE m.organization_id = ? AND u.email LIKE 'seed-%@acme.test'",
                                    "s", demo.org_id);

  for (gint64 i = existing; i < (gint64) seed_members; i++)
    {
      g_autofree char *email = g_strdup_printf ("seed-%07" G_GINT64_FORMAT "@acme.test", i + 1);
      g_autofree char *user_id = vd_id_new ();
      g_autofree char *member_id = vd_id_new ();
      g_autofree char *grants = NULL;
      gint64 joined = demo.now - 300 * DEMO_DAY + i * G_USEC_PER_SEC;
      const char *first = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last = last_names[(i / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)];

      /* A quarter of them get grants (tutorials without delete, or billing) */
      grants = (i % 4 == 0 && demo.projects[0] != NULL) ? demo_grants (&demo, (guint) (i / 4) % 4 == 0 ? 1 : 5)
                                                        : g_strdup ("[]");

      if (!vd_database_exec (db,
                             "INSERT INTO users (id, email, first_name, last_name, password_hash, newsletter,"
                             " email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
                             "sssssiii", user_id, email, first, last, demo.password_hash, joined, joined, joined) ||
          !vd_database_exec (db,
                             "INSERT INTO members (id, organization_id, user_id, role, permissions, joined_at)"
                             " VALUES (?, ?, ?, 'member', ?, ?)",
                             "ssssi", member_id, demo.org_id, user_id, grants, joined))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot seed members: %s",
                       vd_database_get_error (db));
          return FALSE;
        }
    }

  if (!vd_transaction_commit (tx))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot store the demo data: %s",
                   vd_database_get_error (db));
      return FALSE;
    }

  return TRUE;
}
