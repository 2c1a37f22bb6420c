/* pgconn: the one way sqlc opens a libpq connection and talks about it.
 *
 * Every command that reaches a server goes through pgc_connect(), so
 * they all share the same rules:
 *   - the DSN is a libpq conninfo string or URI (empty: libpq's PG*
 *     variables, .pgpass and service files decide; sqlc re-implements none
 *     of that);
 *   - application_name is "sqlc" unless the DSN sets its own;
 *   - a failure is one line, "could not connect to DSN: reason", where DSN
 *     is the *redacted* form (pgc_redact): no password ever reaches a
 *     message, a log or a report.
 * Query helpers turn a failed result into one message carrying the
 * server's text and SQLSTATE. */
#ifndef SQLC_PGCONN_H
#define SQLC_PGCONN_H

#include <libpq-fe.h>

#include "strbuf.h"

/* Opens a connection.  On failure returns NULL with err set to
 * "could not connect to <redacted dsn>: <libpq's first line>". */
PGconn *pgc_connect(const char *dsn, strbuf *err);
/* The same connection, started without blocking (PQconnectStartParams)
 * for callers that drive many at once: poll PQsocket and call
 * PQconnectPoll until it says OK or FAILED; on FAILED report with
 * pgc_connect_error.  NULL (err set) when it cannot even start. */
PGconn *pgc_connect_start(const char *dsn, strbuf *err);
/* "could not connect to <redacted dsn>: <libpq's first line>". */
void pgc_connect_error(PGconn *conn, const char *dsn, strbuf *err);

/* A copy of dsn safe to print: the password of a URI's userinfo, any
 * password query parameter and any password=... conninfo keyword become
 * "xxxxx".  An empty dsn prints as "the default database (PG* variables)". */
char *pgc_redact(const char *dsn);

/* Checks the DSN's syntax with libpq (no connection).  An empty dsn is
 * fine.  On error returns -1 with err set to "<redacted dsn> is not a
 * valid libpq connection string or URI: <libpq's reason, passwords
 * replaced>". */
int pgc_check_dsn(const char *dsn, strbuf *err);

/* Runs sql (no parameters).  Returns the result when its status is
 * PGRES_COMMAND_OK or PGRES_TUPLES_OK; otherwise clears it, sets err to
 * "<server message> (SQLSTATE xxxxx)" and returns NULL. */
PGresult *pgc_exec(PGconn *conn, const char *sql, strbuf *err);
/* pgc_exec for commands whose result is not needed: 0 or -1. */
int pgc_command(PGconn *conn, const char *sql, strbuf *err);

/* Appends the server's primary message and SQLSTATE of a failed result
 * (or of the connection when res is NULL), without the trailing newline. */
void pgc_result_error(PGconn *conn, const PGresult *res, strbuf *err);

#endif
