/* parsepool: parse many sections ahead of their use, on worker threads.
 *
 * A bundle parses every section of its range once and replays the
 * statements in order; replay must stay sequential (each statement sees
 * the catalog the previous one left), but parsing a section depends on
 * nothing else.  So the sections are handed to worker threads in order
 * while the caller replays: by the time it asks for section i, i has
 * usually been parsed already, and the parse (about half of a bundle's
 * time) overlaps the replay.
 *
 * Safe because libpg_query keeps its parser state per thread, protobuf-c
 * allocates with malloc, and each request gets its own diagnostics, which
 * the caller receives with the result.  The caller takes requests in any
 * order; a request no worker has started yet is parsed by the caller
 * itself (with no spare core there are no workers, and everything is
 * parsed inline, in order).  Freeing a parse tree costs a tenth of making
 * it, so results the caller is done with go back to the workers too. */
#ifndef SQLC_PARSEPOOL_H
#define SQLC_PARSEPOOL_H

#include "sqlparse.h"

typedef struct parse_req {
    const srcfile *f;
    size_t off, len;
    bool present;       /* false: an absent section, parsed as empty */
} parse_req;

typedef struct parsepool parsepool;

/* Starts parsing reqs[0..n) (the array must outlive the pool). */
parsepool *parsepool_start(const parse_req *reqs, size_t n);
/* Waits for request i and hands over its result (empty when absent) and
 * diagnostics.  Returns 0, or -1 on a syntax error.  Each i once. */
int parsepool_take(parsepool *p, size_t i, parsed_sql *out, diaglist *dl);
/* Hands a taken result back to be freed off the caller's thread. */
void parsepool_release(parsepool *p, parsed_sql *ps);
/* Stops the workers and frees every result not taken or not yet freed. */
void parsepool_finish(parsepool *p);

#endif
