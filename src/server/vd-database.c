/* vd-database.c — vidinfra-local's SQLite store
 *
 * One connection, WAL, foreign keys on, synchronous=FULL so that whatever the
 * server answered with success survives a crash. Every statement is a cached
 * prepared statement whose SQL text is a literal of this program; values are
 * always bound, never pasted into SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-database"

#include "config.h"

#include <stdarg.h>

#include "vd-database.h"

struct _VdDatabase
{
  GObject     parent_instance;

  sqlite3    *handle;
  GHashTable *statements;   /* const char *sql (literal) → sqlite3_stmt * */
  int         schema_version;
};

struct _VdTransaction
{
  VdDatabase *db;
  gboolean    done;
};

G_DEFINE_FINAL_TYPE (VdDatabase, vd_database, G_TYPE_OBJECT)
G_DEFINE_QUARK (vd-database-error-quark, vd_database_error)

/* Each entry migrates from version (index) to version (index + 1). */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE users ("
  "  id TEXT PRIMARY KEY,"
  "  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  first_name TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  newsletter INTEGER NOT NULL DEFAULT 0,"
  "  email_verified_at INTEGER,"
  "  current_organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE organizations ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  owner_id TEXT NOT NULL REFERENCES users (id),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE members ("
  "  id TEXT PRIMARY KEY,"
  "  organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),"
  "  permissions TEXT NOT NULL DEFAULT '[]',"
  "  joined_at INTEGER NOT NULL,"
  "  UNIQUE (organization_id, user_id));"
  "CREATE INDEX members_by_org_joined ON members (organization_id, joined_at);"
  "CREATE INDEX members_by_user ON members (user_id);"
  "CREATE TABLE sessions ("
  "  id TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  user_agent TEXT NOT NULL DEFAULT '',"
  "  ip_address TEXT NOT NULL DEFAULT '',"
  "  current_organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  last_active_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  revoked_at INTEGER);"
  "CREATE INDEX sessions_by_user ON sessions (user_id);"
  "CREATE TABLE refresh_tokens ("
  "  token_hash TEXT PRIMARY KEY,"
  "  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  used_at INTEGER);"
  "CREATE TABLE access_tokens ("
  "  token_hash TEXT PRIMARY KEY,"
  "  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  expires_at INTEGER NOT NULL);"
  "CREATE INDEX access_tokens_by_session ON access_tokens (session_id);"
  "CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);"
  "CREATE TABLE email_codes ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset')),"
  "  code_hash TEXT NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at INTEGER);"
  "CREATE INDEX email_codes_by_user ON email_codes (user_id, purpose);"
  "CREATE TABLE reset_tokens ("
  "  token_hash TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at INTEGER);"
  "CREATE TABLE projects ("
  "  id TEXT PRIMARY KEY,"
  "  organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX projects_by_org ON projects (organization_id);"
  "CREATE TABLE folders ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  parent_id TEXT REFERENCES folders (id) ON DELETE CASCADE);"
  "CREATE INDEX folders_by_project ON folders (project_id);"
  "CREATE TABLE invitations ("
  "  id TEXT PRIMARY KEY,"
  "  organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  email TEXT NOT NULL COLLATE NOCASE,"
  "  role TEXT NOT NULL CHECK (role IN ('admin', 'member')),"
  "  permissions TEXT NOT NULL DEFAULT '[]',"
  "  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'revoked')),"
  "  invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  token_nonce TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  responded_at INTEGER);"
  "CREATE INDEX invitations_by_org ON invitations (organization_id, created_at);"
  "CREATE INDEX invitations_by_email ON invitations (email);"
  "CREATE TABLE audits ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,"
  "  action TEXT NOT NULL,"
  "  entity_type TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL,"
  "  metadata TEXT NOT NULL DEFAULT '{}',"
  "  ip_address TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX audits_by_org ON audits (organization_id, created_at);"
  "CREATE TABLE api_keys ("
  "  id TEXT PRIMARY KEY,"
  "  organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  origin TEXT NOT NULL,"
  "  permissions TEXT NOT NULL,"
  "  permissions_format TEXT NOT NULL CHECK (permissions_format IN ('array', 'string')),"
  "  key_hash TEXT NOT NULL UNIQUE,"
  "  key_prefix TEXT NOT NULL,"
  "  created_by TEXT REFERENCES users (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER);"
  "CREATE INDEX api_keys_by_org ON api_keys (organization_id, created_at);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VD_DATABASE_SCHEMA_VERSION);

static void
vd_database_finalize (GObject *object)
{
  VdDatabase *self = (VdDatabase *)object;

  vd_database_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);

  G_OBJECT_CLASS (vd_database_parent_class)->finalize (object);
}

static void
vd_database_class_init (VdDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vd_database_finalize;
}

static void
vd_database_init (VdDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
}

static gboolean
exec_script (VdDatabase  *self,
             const char  *sql,
             GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, VD_DATABASE_ERROR, 0, "%s", message ? message : "sqlite error");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (VdDatabase  *self,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > VD_DATABASE_SCHEMA_VERSION)
    {
      g_set_error (error, VD_DATABASE_ERROR, 0,
                   "The database has schema version %d; this vidinfra-local knows up to %d",
                   version, VD_DATABASE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < VD_DATABASE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!exec_script (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_script (self, migrations[version], error) ||
          !exec_script (self, bump, error))
        {
          exec_script (self, "ROLLBACK", NULL);
          g_prefix_error (error, "Migrating to schema version %d: ", version + 1);
          return FALSE;
        }
      if (!exec_script (self, "COMMIT", error))
        return FALSE;
    }

  self->schema_version = version;
  return TRUE;
}

VdDatabase *
vd_database_open (const char  *path,
                  GError     **error)
{
  g_autoptr(VdDatabase) self = g_object_new (VD_TYPE_DATABASE, NULL);
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VD_DATABASE_ERROR, rc, "Cannot open %s: %s", path,
                   self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);

  if (!exec_script (self,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = FULL;"
                    "PRAGMA foreign_keys = ON;"
                    "PRAGMA temp_store = MEMORY;",
                    error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
vd_database_close (VdDatabase *self)
{
  g_return_if_fail (VD_IS_DATABASE (self));

  if (self->handle == NULL)
    return;

  g_hash_table_remove_all (self->statements);
  exec_script (self, "PRAGMA optimize", NULL);
  sqlite3_close (self->handle);
  self->handle = NULL;
}

sqlite3 *
vd_database_get_handle (VdDatabase *self)
{
  g_return_val_if_fail (VD_IS_DATABASE (self), NULL);

  return self->handle;
}

int
vd_database_get_schema_version (VdDatabase *self)
{
  g_return_val_if_fail (VD_IS_DATABASE (self), 0);

  return self->schema_version;
}

const char *
vd_database_get_error (VdDatabase *self)
{
  return self->handle ? sqlite3_errmsg (self->handle) : "closed";
}

static VdStmt *
query_valist (VdDatabase *self,
              const char *sql,
              const char *types,
              va_list     args)
{
  sqlite3_stmt *stmt;
  int i;

  g_return_val_if_fail (VD_IS_DATABASE (self), NULL);
  g_return_val_if_fail (self->handle != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

      if (rc != SQLITE_OK)
        {
          g_critical ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->handle));
          return NULL;
        }
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  else
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }

  for (i = 0; types != NULL && types[i] != '\0'; i++)
    {
      switch (types[i])
        {
        case 's':
          {
            const char *value = va_arg (args, const char *);

            if (value != NULL)
              sqlite3_bind_text (stmt, i + 1, value, -1, SQLITE_TRANSIENT);
            else
              sqlite3_bind_null (stmt, i + 1);
          }
          break;

        case 'i':
          sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
          break;

        case 'b':
          sqlite3_bind_int (stmt, i + 1, va_arg (args, gboolean) ? 1 : 0);
          break;

        case 'n':
          sqlite3_bind_null (stmt, i + 1);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return stmt;
}

VdStmt *
vd_database_query (VdDatabase *self,
                   const char *sql,
                   const char *types,
                   ...)
{
  va_list args;
  VdStmt *stmt;

  va_start (args, types);
  stmt = query_valist (self, sql, types, args);
  va_end (args);

  return stmt;
}

void
vd_stmt_release (VdStmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

gboolean
vd_database_exec (VdDatabase *self,
                  const char *sql,
                  const char *types,
                  ...)
{
  g_autoptr(VdStmt) stmt = NULL;
  va_list args;
  int rc;

  va_start (args, types);
  stmt = query_valist (self, sql, types, args);
  va_end (args);

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_warning ("“%s” failed: %s", sql, sqlite3_errmsg (self->handle));
      return FALSE;
    }

  return TRUE;
}

char *
vd_database_query_string (VdDatabase *self,
                          const char *sql,
                          const char *types,
                          ...)
{
  g_autoptr(VdStmt) stmt = NULL;
  va_list args;

  va_start (args, types);
  stmt = query_valist (self, sql, types, args);
  va_end (args);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && !vd_stmt_is_null (stmt, 0))
    return g_strdup (vd_stmt_text (stmt, 0));

  return NULL;
}

gint64
vd_database_query_int (VdDatabase *self,
                       gint64      default_value,
                       const char *sql,
                       const char *types,
                       ...)
{
  g_autoptr(VdStmt) stmt = NULL;
  va_list args;

  va_start (args, types);
  stmt = query_valist (self, sql, types, args);
  va_end (args);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && !vd_stmt_is_null (stmt, 0))
    return vd_stmt_int (stmt, 0);

  return default_value;
}

VdTransaction *
vd_database_begin (VdDatabase *self)
{
  VdTransaction *tx;

  g_return_val_if_fail (VD_IS_DATABASE (self), NULL);

  if (!exec_script (self, "BEGIN IMMEDIATE", NULL))
    g_warning ("BEGIN failed: %s", sqlite3_errmsg (self->handle));

  tx = g_new0 (VdTransaction, 1);
  tx->db = g_object_ref (self);
  return tx;
}

gboolean
vd_transaction_commit (VdTransaction *tx)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (tx != NULL && !tx->done, FALSE);

  tx->done = TRUE;
  if (!exec_script (tx->db, "COMMIT", &error))
    {
      g_warning ("COMMIT failed: %s", error->message);
      exec_script (tx->db, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

void
vd_transaction_free (VdTransaction *tx)
{
  if (tx == NULL)
    return;

  if (!tx->done && tx->db->handle != NULL)
    exec_script (tx->db, "ROLLBACK", NULL);

  g_object_unref (tx->db);
  g_free (tx);
}
