/* canon: expressions and queries in canonical form.
 *
 * A migration says `DEFAULT 0`, pg_dump says `DEFAULT '0'::integer`; a
 * migration says `s IN ('a','b')`, the server stores
 * `(s)::text = ANY ((ARRAY['a'::varchar, 'b'::varchar])::text[])`.  Both
 * must become the same catalog entry, without a server to resolve types.
 * canon rewrites the AST in place into one normal form and deparses it:
 *   - casts the server adds are dropped (casts of literals, of array
 *     literals, and of column references to text types), and a literal
 *     whose text is a number becomes that number;
 *   - IN (...) becomes = ANY (ARRAY[...]), NOT IN becomes <> ALL (...),
 *     BETWEEN becomes >= AND <=, LIKE/ILIKE become ~~ / ~~*;
 *   - names are qualified the one way: pg_catalog. is dropped from
 *     functions and types; tables and sequences named in expressions are
 *     resolved through the search path and written schema-qualified;
 *   - in a table's own expressions, a column qualified by its table loses
 *     the qualifier.
 * While walking, canon records what the expression depends on (columns,
 * sequences via nextval, user functions, user types) on cx->owner.
 * The rules only ever map two spellings of the same meaning to one text;
 * anything not covered stays as written, so a difference shows up as a
 * difference, never as a false match. */
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
} canon_ctx;

/* Canonical text of expr (which is rewritten in place), or NULL. */
char *canon_expr(canon_ctx *cx, PgQuery__Node *expr);
/* Canonical text of a view's query; fills colnames with the output column
 * names PostgreSQL would give (explicit aliases, else derived). */
char *canon_query(canon_ctx *cx, PgQuery__Node *query, strvec *colnames);
/* The name PostgreSQL gives an unnamed select-list item (FigureColname):
 * the column or function name, or "?column?". */
const char *canon_figure_colname(const PgQuery__Node *expr);

#endif
