/* canon_int.h: what the canon*.c files share.  Not a public interface.
 *
 * canon is split by concern:
 *   canon.c        entry points, the expression walker and its rewrite
 *                  rules (IN, BETWEEN, LIKE, AND/OR, casts in operators and
 *                  common-type constructs), FigureColname;
 *   canon_func.c   function calls and 'name'::regclass resolved through
 *                  the catalog;
 *   canon_types.c  the little type model that decides which casts are the
 *                  server's (implicit) and which the author's, type names,
 *                  literals, node constructors;
 *   canon_lit.c    literal text as types' output functions print it;
 *   canon_query.c  range tables, column resolution, refname uniquification;
 *   canon_select.c one SELECT level: WITH, FROM, stars, output names,
 *                  ORDER/GROUP BY references, set operations.
 *
 * Types are tracked as format_type() text without type modifiers
 * ("integer", "character varying", "public.mood", "text[]"), "unknown" for
 * an untyped string literal or NULL, and NULL when the type is not known.
 * Every rule that needs a type only fires when the type is known, so an
 * unknown type can only leave a cast in place, never drop one wrongly. */
#ifndef SQLC_CANON_INT_H
#define SQLC_CANON_INT_H

#include <stdbool.h>

#include "astwalk.h"
#include "canon.h"
#include "deparse.h"

/* Flags for cn_expr(); they apply to the node passed, never to its
 * descendants. */
enum {
    /* The whole value of a select-list entry of a plain SELECT: the
     * server coerces nothing there, so casts the author wrote are kept
     * (they decide the view column's type). */
    CN_TARGET = 1,
    /* An input of a common-type resolution (COALESCE, GREATEST, CASE
     * results, ARRAY elements): the parent decides about its cast. */
    CN_COMMON = 2,
    /* A select-list entry of a set-operation branch: the server coerces
     * literals there to the union's type. */
    CN_SETOP_TARGET = 4,
    /* A cast that cannot go without changing the syntax: the operand of
     * a subscript or field selection, ('{1,2}'::int[])[1]. */
    CN_KEEP = 8,
};

typedef struct cn_col {
    char *name;
    const char *type;   /* interned, or NULL */
    cat_column *col;    /* the catalog column, for dependencies, or NULL */
} cn_col;

typedef struct cn_item cn_item;

/* One range-table entry of a query level. */
struct cn_item {
    char *written;      /* the name the query text uses: alias, relation or
                           CTE name; NULL for a join without alias */
    char *schema;       /* schema of an unaliased relation (schema.t.col) */
    char *refname;      /* final name, unique as pg_get_viewdef makes it */
    cat_rel *rel;       /* catalog relation read, or NULL */
    cn_col *cols;
    size_t ncols;
    /* Joins: where each column comes from.  src[i] NULL means a merged
     * FULL JOIN USING column, which prints unqualified. */
    cn_item **src;
    size_t *srccol;
    bool is_join;
    bool rel_visible;   /* may qualify a column reference */
    bool cols_visible;  /* its columns may be named unqualified */
    bool bare;          /* canon_expr's table: its columns print unqualified
                           at the top level */
    bool filled;        /* columns known: visible to later references */
    bool top;           /* a direct entry of the FROM list (SELECT *) */
    bool unknown;       /* columns not knowable (relation not in catalog) */
    struct cn_cte *cte; /* a reference to this CTE, or NULL */
};

typedef struct cn_cte {
    char *name;
    cn_col *cols;
    size_t ncols;
    bool ready;         /* columns known (a recursive CTE's are not, yet) */
} cn_cte;

typedef struct cn_level cn_level;

/* One query level (a SELECT without set operations, or the table scope of
 * canon_expr). */
struct cn_level {
    cn_level *up;        /* where outer references resolve, or NULL */
    cn_level *names_up;  /* whose names this level must not reuse, or NULL */
    cn_item **items;     /* range table in the server's order */
    size_t nitems, items_alloc;
    strvec reserved;     /* further names in use ("old", "new") */
    cn_cte **ctes;
    size_t nctes, ctes_alloc;
};

typedef struct cn_cast_note {
    const PgQuery__TypeCast *tc;
    const char *argtype;
} cn_cast_note;

typedef struct cn_state {
    canon_ctx *cx;
    cn_level *lv;        /* current level */
    strvec pool;         /* interned type strings */
    cn_cast_note *notes; /* the argument type of each cast kept */
    size_t nnotes, notes_alloc;
    bool failed;         /* an error was written to cx->err */
} cn_state;

/* Output of a SELECT: column names and types, in order. */
typedef struct cn_out {
    cn_col *cols;
    size_t n;
} cn_out;

/* canon.c */
const char *cn_expr(cn_state *st, PgQuery__Node *n, unsigned flags);
void cn_children(cn_state *st, ProtobufCMessage *m);
void cn_dep(cn_state *st, cat_obj *o);
void cn_strip_opname(PgQuery__Node ***names, size_t *n);

/* canon_func.c */
const char *cn_func_call(cn_state *st, PgQuery__Node *n);
void cn_regclass_literal(cn_state *st, PgQuery__AConst *c);
const char *cn_figure(const PgQuery__Node *n, bool *strong);

/* canon_types.c */
const char *cn_intern(cn_state *st, const char *s);
const char *cn_type_base(cn_state *st, const char *type);
const char *cn_typename(cn_state *st, PgQuery__TypeName **tnp);
const char *cn_const_type(const PgQuery__AConst *c);
bool cn_type_numeric(const char *t);
bool cn_implicit(const char *from, const char *to);
bool cn_cross_family(const char *from, const char *to);
const char *cn_common(const char *const *types, size_t n, size_t skip);
const char *cn_cast_rule(PgQuery__Node *n, const char *argtype, const char *target,
                         unsigned flags);
void cn_literal_for_type(PgQuery__Node *n, const char *type);
void cn_unwrap_cast(PgQuery__Node *n);
bool cn_is_literal(const PgQuery__Node *n);
PgQuery__Node *cn_node(PgQuery__Node__NodeCase c, void *inner);
PgQuery__Node *cn_mk_colref(const char *qual, const char *col);
PgQuery__Node *cn_mk_aexpr(PgQuery__AExprKind kind, const char *op,
                           PgQuery__Node *l, PgQuery__Node *r);
PgQuery__Node *cn_mk_bool(PgQuery__BoolExprType op, PgQuery__Node *a, PgQuery__Node *b);
PgQuery__Node *cn_mk_int(int32_t v);
PgQuery__Node *cn_copy(const PgQuery__Node *n);
void cn_set_str(char **field, const char *v);
bool cn_str_set(const char *s);

/* canon_lit.c: the output-function text of string literal s read as
 * type, or NULL when it is not a simple spelling of that type. */
char *cn_literal_text(const char *type, const char *s);

/* canon_query.c */
enum {
    SEL_TOP_VIEW = 1, /* the view's own query: its names are the view's */
    SEL_BRANCH = 2,   /* a leaf of a set operation */
};
void cn_select(cn_state *st, PgQuery__SelectStmt *s, cn_level *names_up, cn_level *up,
               unsigned mode, const strvec *aliases, cn_out *out);
const char *cn_columnref(cn_state *st, PgQuery__Node *n);
void cn_collect(cn_state *st, cn_level *l, PgQuery__Node *n, bool top);
void cn_assign_refnames(cn_level *l);
cn_item *cn_fill(cn_state *st, cn_level *l, PgQuery__Node *n, size_t *ix);
cn_item *cn_find_item(cn_level *l, const char *schema, const char *name);
cn_item *cn_find_column(cn_level *l, const char *col, size_t *idx);
long cn_col_index(const cn_item *it, const char *name);
cn_cte *cn_find_cte(cn_level *l, const char *name);
PgQuery__Node *cn_ref_to(cn_state *st, cn_item *it, size_t i, bool same_level, const char **type);
void cn_out_add(cn_out *o, const char *name, const char *type, cat_column *col);
void cn_cols_free(cn_col *c, size_t n);
void cn_item_set_cols(cn_item *it, const cn_col *cols, size_t n);
void cn_set_alias(PgQuery__Alias **ap, const char *name);
void cn_out_free(cn_out *o);
void cn_level_free(cn_level *l);
cn_item *cn_item_new(cn_level *l);

#endif
