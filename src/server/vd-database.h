/* vd-database.h — vidinfra-local's SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define VD_DATABASE_ERROR (vd_database_error_quark ())
GQuark vd_database_error_quark (void);

#define VD_TYPE_DATABASE (vd_database_get_type ())
G_DECLARE_FINAL_TYPE (VdDatabase, vd_database, VD, DATABASE, GObject)

/* The schema version this build writes (PRAGMA user_version). */
#define VD_DATABASE_SCHEMA_VERSION 1

VdDatabase   *vd_database_open          (const char  *path,
                                         GError     **error);
void          vd_database_close         (VdDatabase  *self);
sqlite3      *vd_database_get_handle    (VdDatabase  *self);
int           vd_database_get_schema_version (VdDatabase *self);

/*
 * A cached prepared statement for sql (a string literal of the caller's: the
 * SQL text never comes from input), reset and bound from the varargs described
 * by types: 's' const char * (NULL binds NULL), 'i' gint64, 'b' gboolean,
 * 'n' NULL (no argument). Release with vd_stmt_release (or g_autoptr(VdStmt)).
 * Returns NULL only on a programming error (logged as critical).
 */
typedef sqlite3_stmt VdStmt;
VdStmt       *vd_database_query         (VdDatabase  *self,
                                         const char  *sql,
                                         const char  *types,
                                         ...);
void          vd_stmt_release           (VdStmt      *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdStmt, vd_stmt_release)

/* Runs a statement that returns no rows. SQLITE_DONE → TRUE. */
gboolean      vd_database_exec          (VdDatabase  *self,
                                         const char  *sql,
                                         const char  *types,
                                         ...);
/* The first column of the first row as a string / integer, or NULL / default. */
char         *vd_database_query_string  (VdDatabase  *self,
                                         const char  *sql,
                                         const char  *types,
                                         ...);
gint64        vd_database_query_int     (VdDatabase  *self,
                                         gint64       default_value,
                                         const char  *sql,
                                         const char  *types,
                                         ...);
/* The last sqlite error of a failed step, for the log */
const char   *vd_database_get_error     (VdDatabase  *self);

/* BEGIN IMMEDIATE; rolls back on release unless committed. */
typedef struct _VdTransaction VdTransaction;
VdTransaction *vd_database_begin        (VdDatabase    *self);
gboolean       vd_transaction_commit    (VdTransaction *tx);
void           vd_transaction_free      (VdTransaction *tx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VdTransaction, vd_transaction_free)

/* Column accessors that never return NULL for TEXT NOT NULL columns */
static inline const char *
vd_stmt_text (VdStmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static inline gint64
vd_stmt_int (VdStmt *stmt, int col)
{
  return sqlite3_column_int64 (stmt, col);
}

static inline gboolean
vd_stmt_is_null (VdStmt *stmt, int col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL;
}

G_END_DECLS
