/* replay: statements -> catalog, with no server.
 *
 * Each parsed statement is applied to the catalog the way PostgreSQL 15
 * would apply it: names are resolved through the search path, generated
 * names follow the server's rules, dependencies are recorded, and where the
 * server would raise an error, replay reports one at the statement's
 * file:line and stops.  What replay does with each statement kind is
 * explicit:
 *   - schema-changing DDL is applied (replay_*.c, one file per area);
 *   - statements that cannot change the schema are skipped by rule (DML,
 *     SELECT, transaction control, VACUUM, ANALYZE, NOTIFY, ...; the list is
 *     in replay.c);
 *   - anything else, including DO blocks, is *unsupported*: a warning that
 *     names file:line, an error under --strict.  Nothing that could change
 *     the schema is ever dropped silently. */
#ifndef SQLC_REPLAY_H
#define SQLC_REPLAY_H

#include "catalog.h"
#include "revgraph.h"
#include "sqlparse.h"

typedef struct replay_opts {
    bool strict;      /* unsupported statements are errors */
    bool dump;        /* the input is a pg_dump file (see dumpread.c) */
} replay_opts;

typedef struct replayer {
    catalog *cat;
    diaglist *dl;
    replay_opts opts;
    const srcfile *src;   /* the statement being replayed */
    const stmt *st;
    size_t nstmts, napplied, nskipped, nunsupported;
    const char *seq_name_hint; /* SEQUENCE NAME of the identity being added */
    bool in_create_table;      /* naming rules differ inside CREATE TABLE */
} replayer;

void replayer_init(replayer *rp, catalog *cat, diaglist *dl, replay_opts opts);
/* Parses and replays f[off, off+len).  Returns 0, or -1 at the first
 * error (statements before it stay applied, the failing one is not). */
int replay_text(replayer *rp, const srcfile *f, size_t off, size_t len);
/* Replays one parsed statement. */
int replay_stmt(replayer *rp, const srcfile *f, const stmt *st);
/* Replays the upgrade sections of the selected revisions in topological
 * order (selected == NULL: all). */
int replay_graph(replayer *rp, const revgraph *g, const bool *selected);
/* After the last statement: reports what replay could not know about the
 * objects that survived (tables made by CREATE TABLE AS, whose column
 * types need a server), as unsupported at the statement that made them. */
int replay_finish(replayer *rp);

#endif
