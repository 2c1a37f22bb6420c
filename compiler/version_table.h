/* version_table: sqlc's own bookkeeping in the database, as SQL text.
 *
 * Two tables, in version_table_schema (default public), named by
 * version_table (default sqlc_version):
 *
 *   sqlc_version (
 *       version_id text PRIMARY KEY,          -- one row per current head
 *       dirty boolean NOT NULL DEFAULT false  -- a non-transactional revision
 *   )                                         -- started and has not finished
 *   sqlc_version_history (
 *       id bigserial PRIMARY KEY,
 *       version_id text NOT NULL,             -- the revision applied/undone
 *       operation text NOT NULL CHECK (operation IN ('upgrade','downgrade','stamp')),
 *       checksum text NOT NULL,               -- checksum.h, 16 hex digits
 *       applied_at timestamptz NOT NULL DEFAULT now(),
 *       tool_version text NOT NULL            -- the sqlc that wrote the row
 *   )
 *
 * An empty sqlc_version (or none) is base.  Head rows change as Alembic's
 * do: a linear step A -> B updates A's row to B; a merge deletes its
 * parents' rows and inserts itself; a revision starting a branch (its
 * parent stays a head) or a history (no parent) inserts itself; downgrades
 * do the reverse.  version_id is the primary key, so two writers can never
 * record the same head twice.
 *
 * Everything here only *prints* SQL, so the offline bundles (bundle.c) and
 * the online commands share one definition: the DDL, the guard that checks
 * the database is where a script expects it, the head updates and the
 * history row.  Online use adds vt_lock() at the start of each transaction,
 * which serialises concurrent migrators on the version table; a revision
 * that cannot run in a transaction is recorded with dirty = true *before*
 * its statements run and cleared after, so a failure in the middle leaves a
 * dirty row that every later guard refuses (vt_notx_begin/vt_notx_end).
 *
 * The online commands (migrate.h) also read the tables back (vt_*_query)
 * and hold a session advisory lock for a whole run:
 *
 *   pg_advisory_lock(VT_LOCK_CLASS, vt_lock_key(vt))
 *
 * VT_LOCK_CLASS is "sqlc" in ASCII (0x73716c63); the key is the low 32 bits
 * of XXH3-64 of the quoted qualified table name (qtable, e.g.
 * public.sqlc_version), as a signed int4.  So two projects with different
 * version tables in one database never wait for each other, and the lock
 * shows in pg_locks as an advisory lock with classid 1936813155. */
#ifndef SQLC_VERSION_TABLE_H
#define SQLC_VERSION_TABLE_H

#include <stdbool.h>

#include "strbuf.h"
#include "util.h"

typedef struct vtable {
    char *schema;     /* raw names */
    char *table;
    char *history;    /* table + "_history" */
    char *qtable;     /* schema.table, quoted as quote_ident would */
    char *qhistory;
} vtable;

void vt_init(vtable *vt, const char *schema, const char *table);
void vt_release(vtable *vt);

/* Appends s as a single-quoted SQL literal (quotes doubled; E'' never
 * needed since standard_conforming_strings is on since 9.1). */
void sql_literal(strbuf *out, const char *s);

/* CREATE [SCHEMA,] TABLE IF NOT EXISTS for both tables. */
void vt_ddl(const vtable *vt, strbuf *out);
/* A DO block that raises unless the head rows are exactly expected (an
 * empty set = base: no table, or an empty one) and none is dirty.  what
 * names the script in the message ("this bundle"). */
void vt_guard(const vtable *vt, const strvec *expected, const char *what, strbuf *out);
/* LOCK TABLE ... IN SHARE ROW EXCLUSIVE MODE: for online transactions. */
void vt_lock(const vtable *vt, strbuf *out);
/* Rows removed and added by one step, as UPDATE (one for one) or DELETE +
 * INSERT.  dirty marks the added rows dirty. */
void vt_change(const vtable *vt, const strvec *removed, const strvec *added,
               bool dirty, strbuf *out);
/* Clears the dirty flag of the given rows. */
void vt_clean(const vtable *vt, const strvec *rows, strbuf *out);
/* INSERT of one history row. */
void vt_history(const vtable *vt, const char *id, const char *operation,
                const char *checksum, const char *tool_version, strbuf *out);

/* The dirty protocol of a step that runs outside a transaction, one
 * transaction before its statements and one after.  The row marked dirty
 * is the one the step moves to (added); a downgrade of a first revision
 * adds none, so there the row being removed is marked instead and deleted
 * at the end.  Either way a failure in between leaves a dirty row. */
void vt_notx_begin(const vtable *vt, const strvec *removed, const strvec *added, strbuf *out);
void vt_notx_end(const vtable *vt, const strvec *removed, const strvec *added, strbuf *out);
/* DELETE of every head row (stamp). */
void vt_purge(const vtable *vt, strbuf *out);

/* ---- reading the tables back (online) ---- */

#define VT_LOCK_CLASS 1936813155 /* 'sqlc' */
/* The second half of the advisory lock key (see above). */
int vt_lock_key(const vtable *vt);
/* SELECT pg_try_advisory_lock(...) (one row, 't' when taken) and
 * pg_advisory_unlock(...).  Waiting is the caller's loop: see migrate.h. */
void vt_advisory_lock(const vtable *vt, strbuf *out);
void vt_advisory_unlock(const vtable *vt, strbuf *out);
/* One row: two booleans, whether the head table and the history table
 * exist. */
void vt_exists_query(const vtable *vt, strbuf *out);
/* version_id, dirty ('t'/'f') of every head row, in byte order of the id. */
void vt_heads_query(const vtable *vt, strbuf *out);
/* version_id, operation, checksum of the newest history row of each
 * revision: what was last done to it and with which file. */
void vt_checksums_query(const vtable *vt, strbuf *out);

#endif
