/* introspect: a live PostgreSQL database -> the catalog, through replay.
 *
 * The catalog a database holds is read from pg_catalog with a handful of
 * set-based queries (one per object kind, never one per table), all sent
 * in one round trip inside one `BEGIN ISOLATION LEVEL REPEATABLE READ READ
 * ONLY` transaction, so the snapshot is consistent and nothing can be
 * changed.  Each object is then turned into the DDL the server itself
 * prints for it (pg_get_indexdef, pg_get_constraintdef, pg_get_viewdef,
 * pg_get_functiondef, pg_get_triggerdef, pg_get_expr, format_type, ...),
 * with every name qualified as in pg_dump, the statements are ordered as a
 * dependency graph (pg_depend), and the text is replayed into the catalog
 * by the same engine that reads pg_dump files.  Expressions therefore go
 * through the same canonicalisation as a replayed history: a live database
 * and the history that built it give the same catalog, byte for byte in
 * the JSON form.
 *
 * Excluded, as pg_dump excludes them: system schemas (pg_catalog,
 * information_schema, pg_toast*, pg_temp*) and every object that belongs
 * to an extension (pg_depend deptype 'e').  Objects of kinds the catalog
 * does not model (aggregates, operators, casts, foreign tables, rules, ...)
 * are reported as unsupported warnings, like the statements that make
 * them in a history.  Requires PostgreSQL 12 or later (see
 * docs/ARCHITECTURE.md, "Introspection", for what differs by version). */
#ifndef SQLC_INTROSPECT_H
#define SQLC_INTROSPECT_H

#include <libpq-fe.h>

#include "catalog.h"
#include "diag.h"
#include "replay.h"
#include "strbuf.h"
#include "util.h"

typedef struct introspect_opts {
    strvec schemas;         /* --schema: only these schemas (empty: all) */
    strvec exclude_schemas; /* --exclude-schema */
    strvec exclude_tables;  /* "schema.table" (raw names, joined by '.'),
                               left out with their sequences: sqlc's own
                               version tables */
    bool privileges;        /* owners and grants too */
    const char *source;     /* the path replay diagnostics name, e.g.
                               "db:<redacted dsn>" (default "db") */
    replay_opts replay;     /* strict: unsupported objects are errors */
} introspect_opts;

#define INTROSPECT_MIN_SERVER 120000

/* Reads the database on conn into cat (a fresh catalog_new()).  Returns 0,
 * or -1 with either a server/connection problem in err (one line, with
 * the SQLSTATE) or replay diagnostics in dl.  Warnings for unsupported
 * objects go to dl.  conn is left idle (the transaction is over). */
int introspect_db(PGconn *conn, const introspect_opts *o, catalog *cat, diaglist *dl, strbuf *err);

/* The DDL script introspect_db replays, without replaying it: what sqlc
 * believes the database holds, in pg_dump's form.  Returns 0 or -1 (err). */
int introspect_ddl(PGconn *conn, const introspect_opts *o, strbuf *ddl, diaglist *dl, strbuf *err);

/* The one batch of SQL sent to a server of version server_version
 * (PQserverVersion form, e.g. 150004): BEGIN ... READ ONLY, settings that
 * make the server print names as pg_dump does, one query per object kind,
 * COMMIT.  Exposed so tests can check what is sent. */
void introspect_batch_sql(int server_version, const introspect_opts *o, strbuf *out);

/* The same read without waiting, for callers that check many databases
 * at once over libpq's asynchronous API (sqlc diff --to db:A --to db:B):
 *   introspect_start   sends the batch on conn (PQsendQuery; call
 *                      PQflush while it returns 1 on a nonblocking conn);
 *   introspect_feed    hands over each PGresult the caller's loop gets
 *                      (PQconsumeInput, then PQgetResult while !PQisBusy);
 *   introspect_finish  once PQgetResult returned NULL: builds the catalog
 *                      as introspect_db does (0, or -1 with err or dl),
 *                      and frees the job;
 *   introspect_abort   frees a job that will not finish.
 * o must outlive the job.  The transaction ends with the batch's COMMIT. */
typedef struct introspect_job introspect_job;
introspect_job *introspect_start(PGconn *conn, const introspect_opts *o, strbuf *err);
void introspect_feed(introspect_job *j, PGresult *r);
int introspect_finish(introspect_job *j, catalog *cat, diaglist *dl, strbuf *err);
void introspect_abort(introspect_job *j);

void introspect_opts_release(introspect_opts *o);

#endif
