/* bench: what every benchmark shares.  The reference measurement in
 * particular is one definition, so every ratio sqlc reports is against the
 * same libpg_query work. */
#ifndef SQLC_BENCH_H
#define SQLC_BENCH_H

#include "revgraph.h"

/* Monotonic seconds. */
double bench_now(void);
/* libpg_query's parse alone (pg_query_parse_protobuf, unpack, free) of every
 * upgrade section of g, in topological order; seconds taken. */
double bench_parse_only(const revgraph *g);

#endif
