/* helpers: building small revision graphs for unit tests.
 *
 * tg_build("a b c\nb a\nc a", ...) builds a graph from lines of
 * "ID [PARENT...] [@label] [+dep]" where short ids are padded to 12 hex
 * digits ("a" -> "a00000000000"), so tests read like the picture they draw. */
#ifndef SQLC_TEST_HELPERS_H
#define SQLC_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "revgraph.h"

/* Pads a short test id to a valid one: "a" -> "a00000000000". */
const char *tid(const char *short_id);
/* Returns 0 and a built graph, or -1 with diagnostics. */
int tg_build(revgraph *g, const char *spec, diaglist *dl);
/* The ids of a revset (or topo list), as short ids joined by ' ' in order. */
char *tg_names(const revgraph *g, const int *ix, size_t n);

#endif
