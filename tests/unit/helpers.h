/* helpers: building small revision graphs and replaying SQL snippets for
 * unit tests.
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

#include "catalog.h"
#include "replay.h"
#include "revgraph.h"

/* Pads a short test id to a valid one: "a" -> "a00000000000". */
const char *tid(const char *short_id);
/* Returns 0 and a built graph, or -1 with diagnostics. */
int tg_build(revgraph *g, const char *spec, diaglist *dl);
/* The ids of a revset (or topo list), as short ids joined by ' ' in order. */
char *tg_names(const revgraph *g, const int *ix, size_t n);

/* ---- replay fixtures ------------------------------------------------------
 *
 * rpx_new() makes a fresh catalog and replayer; rpx_run() replays one SQL
 * snippet (its own srcfile "t.sql", line 1 = the snippet's first line) into
 * it.  rpx_ok() asserts the snippet replays with no error and no warning
 * (diagnostics are printed on failure); rpx_error() asserts it fails with
 * exactly one error, with that message and line. */
typedef struct rpx {
    catalog *cat;
    diaglist dl;
    replayer rp;
    srcfile **files;
    size_t nfiles;
} rpx;

rpx *rpx_new(void);
rpx *rpx_new_opts(replay_opts o);
void rpx_free(rpx *x);
int rpx_run(rpx *x, const char *sql);
void rpx_ok(rpx *x, const char *sql);
void rpx_error(rpx *x, const char *sql, int line, const char *msg);
/* A fresh fixture, sql replayed into it, the error asserted, freed. */
void rpx_fails(const char *sql, int line, const char *msg);
/* The n-th diagnostic of a severity (0-based), or NULL. */
const diag *rpx_diag(const rpx *x, diag_severity sev, size_t n);
size_t rpx_count(const rpx *x, diag_severity sev);
void rpx_print(const rpx *x);

/* Lookups that fail the test when the object is missing.  Relation names
 * may be "schema.name"; unqualified means public. */
cat_rel *rpx_rel(rpx *x, const char *name);
cat_column *rpx_col(rpx *x, const char *rel, const char *col);
cat_constraint *rpx_con(rpx *x, const char *rel, const char *name);
cat_index *rpx_idx(rpx *x, const char *rel, const char *name);
cat_type *rpx_type(rpx *x, const char *name);
cat_func *rpx_func(rpx *x, const char *identity);
/* Non-failing variants: NULL when missing. */
cat_rel *rpx_rel_or_null(rpx *x, const char *name);

/* A strvec joined by ", " (the buffer lives until the next 8 calls). */
const char *sv(const strvec *v);
/* The relation's column names joined by ", ". */
const char *colnames(const cat_rel *r);
/* The names of the relation's constraints / indexes, sorted, joined by ", ". */
const char *connames(const cat_rel *r);
const char *idxnames(const cat_rel *r);
/* Does o depend on target (any kind)? */
bool rpx_depends(const cat_obj *o, const cat_obj *target);

/* The canonical text of a view's query (deparsed on demand). */
const char *rpx_query(rpx *x, const char *view);

#endif
