/* canon: expressions and queries in canonical form.
 *
 * A migration says `DEFAULT 0`, pg_dump says `DEFAULT '0'::integer`; a
 * migration says `s IN ('a','b')`, the server stores
 * `(s)::text = ANY ((ARRAY['a'::varchar, 'b'::varchar])::text[])`.  Both
 * must become the same catalog entry, without a server to resolve types.
 * canon rewrites the AST in place into one normal form and deparses it
 * (libpg_query), so the written and the server-printed spelling of one
 * thing give the same text.  The normal form (every rule was checked
 * against PostgreSQL 15; see tests/unit/test_canon.c):
 *   - literals are uncast, in the text the type's output function prints
 *     ('-1'::integer -> -1, '1 week'::interval -> '7 days', a date string
 *     compared with a timestamp column gets its 00:00:00); casts of array
 *     literals and NULL go too.  In a view's select list (not a set
 *     operation branch) a literal keeps a cast its author wrote, since it
 *     decides the column's type; only the server's own ::text goes;
 *   - casts of values are dropped where the server would have inserted the
 *     same one implicitly: to the type the value already has; varchar to
 *     text; a cross-family cast in an operator whose other side already
 *     has the target type (integer -> numeric against a numeric); in
 *     COALESCE, GREATEST, LEAST, CASE and ARRAY when the other inputs
 *     already agree on the target type; to a user function's parameter
 *     type.  Types come from the catalog's columns, literals and casts; an
 *     unknown type never drops a cast;
 *   - IN (...) -> = ANY (ARRAY[...]) (NOT IN -> <> ALL), with one item
 *     -> =, items that reference columns as separate OR-ed comparisons;
 *     BETWEEN [SYMMETRIC] -> >= AND <=; LIKE/ILIKE/SIMILAR -> operators;
 *     nested AND/OR flattened; CASE's ELSE NULL dropped;
 *   - names: user objects in the catalog (functions, types, relations,
 *     sequences in nextval / 'x'::regclass) are schema-qualified and
 *     become dependencies; everything else (builtins, extension objects)
 *     is unqualified, operators included;
 *   - in a table's own expressions (cx->rel) columns are bare (new.x and
 *     old.x stay) and each one read is a dependency;
 *   - queries: see canon_query.c -- columns qualified by their range
 *     entry, stars expanded, every output named, ORDER/GROUP BY references
 *     resolved, entry names made unique as pg_get_viewdef makes them.
 * While walking, canon records what the expression depends on on
 * cx->owner (with cx->how).  The rules only ever map two spellings of the
 * same meaning to one text; anything not covered stays as written, so a
 * difference shows up as a difference, never as a false match. */
#ifndef SQLC_CANON_H
#define SQLC_CANON_H

#include <pg_query/pg_query.pb-c.h>

#include "catalog.h"

typedef struct canon_ctx {
    catalog *cat;
    cat_rel *rel;    /* whose columns bare names refer to, or NULL */
    cat_obj *owner;  /* receives dependencies, or NULL */
    char how;        /* how dependencies are recorded (DEP_*) */
    strbuf *err;     /* why canonicalisation failed */
    /* canon_expr: the type of the value at hand (format_type text), or
     * NULL: a column's type for its DEFAULT and GENERATED expressions, a
     * domain's base type for the domain's DEFAULT and CHECK.  A bare
     * literal then reads as that type (DEFAULT '0' on an integer column is
     * stored as 0, DEFAULT 't' on a boolean as true), and with rel NULL,
     * VALUE has that type (a varchar domain's CHECK compares
     * (VALUE)::text). */
    const char *type;
    /* canon_query: CREATE VIEW v (a, b) column names, or NULL.  They
     * rename the first output columns, as pg_dump prints them (AS a). */
    const strvec *aliases;
} canon_ctx;

/* Canonical text of expr (which is rewritten in place), or NULL. */
char *canon_expr(canon_ctx *cx, PgQuery__Node *expr);
/* Canonical text of a view's query; fills colnames with the output column
 * names PostgreSQL would give (explicit aliases, else derived). */
char *canon_query(canon_ctx *cx, PgQuery__Node *query, strvec *colnames);
/* canon_query without the deparse: query is left in canonical form (the
 * text is deparse_stmt(query)).  Replay keeps the tree and deparses only
 * when the text is needed, since most views in long histories are
 * replaced before anything reads them.  Returns 0 or -1. */
int canon_query_ast(canon_ctx *cx, PgQuery__Node *query, strvec *colnames);
/* x = ANY (ARRAY[consts]) -> x IN (consts), in place (see canon.c). */
void canon_in_lists(PgQuery__Node *n);
/* The name PostgreSQL gives an unnamed select-list item (FigureColname):
 * the column or function name, or "?column?". */
const char *canon_figure_colname(const PgQuery__Node *expr);

#endif
