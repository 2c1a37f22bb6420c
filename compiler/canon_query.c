/* canon_query: the range tables of a SELECT and the column references
 * into them, in the form pg_get_viewdef prints a view.  (canon_select.c
 * drives one SELECT level; this file holds what it resolves against.)
 *
 * The server stores a view as an analysed query and prints it back with
 * ruleutils.c.  What that printer does to the query, and what canon
 * therefore does to both the written and the stored text:
 *   - every column reference is qualified by its range-table entry's name
 *     (PG 15: even with one table, since a view's rule carries old/new);
 *     a column of an unnamed join is its input's column, a merged FULL
 *     JOIN USING column stays bare;
 *   - `*` and `t.*` in a select list are expanded to the columns, and a
 *     bare whole-row reference `t` is `t.*`;
 *   - every output column is named (here: always, also when the name
 *     equals the column's, which ruleutils leaves implicit);
 *   - a set operation's branches all carry the view's column names;
 *   - ORDER BY / GROUP BY / DISTINCT ON entries that name an output
 *     column or its position print as that column's expression (in a set
 *     operation, as the position);
 *   - range-table entry names are made unique across the query and its
 *     enclosing levels (set_rtable_names): an inner `users u` under an
 *     outer `u` becomes `u_1`, and at the view's top level "old" and "new"
 *     are taken;
 *   - tables, CTE references, subqueries and functions carry exactly the
 *     alias needed to print that name; NATURAL JOIN is its USING list.
 * Levels are processed the way ruleutils names them: all range-table
 * names of a level first, then its sub-queries (CTE bodies, FROM
 * subqueries, sublinks), which see those names as taken. */
#include "canon_int.h"
#include "pgbuiltins.h"
#include "pgident.h"
#include "pgnames.h"

#include <string.h>

/* ---- bookkeeping --------------------------------------------------------- */

cn_item *cn_item_new(cn_level *l)
{
    ALLOC_GROW(l->items, l->nitems + 1, l->items_alloc);
    cn_item *it = xcalloc(1, sizeof(*it));
    l->items[l->nitems++] = it;
    it->filled = true;
    return it;
}

void cn_cols_free(cn_col *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(c[i].name);
    free(c);
}

void cn_level_free(cn_level *l)
{
    for (size_t i = 0; i < l->nitems; i++) {
        cn_item *it = l->items[i];
        free(it->written);
        free(it->schema);
        free(it->refname);
        cn_cols_free(it->cols, it->ncols);
        free(it->src);
        free(it->srccol);
        free(it);
    }
    free(l->items);
    strvec_clear(&l->reserved);
    for (size_t i = 0; i < l->nctes; i++) {
        free(l->ctes[i]->name);
        cn_cols_free(l->ctes[i]->cols, l->ctes[i]->ncols);
        free(l->ctes[i]);
    }
    free(l->ctes);
}

void cn_out_free(cn_out *o)
{
    cn_cols_free(o->cols, o->n);
    o->cols = NULL;
    o->n = 0;
}

void cn_out_add(cn_out *o, const char *name, const char *type, cat_column *col)
{
    o->cols = xrealloc(o->cols, (o->n + 1) * sizeof(*o->cols));
    o->cols[o->n].name = xstrdup(name);
    o->cols[o->n].type = type;
    o->cols[o->n++].col = col;
}

void cn_item_set_cols(cn_item *it, const cn_col *cols, size_t n)
{
    it->cols = xcalloc(n + 1, sizeof(*it->cols));
    it->ncols = n;
    for (size_t i = 0; i < n; i++) {
        it->cols[i] = cols[i];
        it->cols[i].name = xstrdup(cols[i].name);
    }
}

/* Alias column names rename the first columns: FROM users u(a, b). */
static void apply_colnames(cn_item *it, PgQuery__Node **names, size_t n)
{
    for (size_t i = 0; i < n && i < it->ncols; i++)
        if (ast_str(names[i])) {
            free(it->cols[i].name);
            it->cols[i].name = xstrdup(ast_str(names[i]));
        }
}

cn_cte *cn_find_cte(cn_level *l, const char *name)
{
    for (; l; l = l->names_up)
        for (size_t i = 0; i < l->nctes; i++)
            if (!strcmp(l->ctes[i]->name, name))
                return l->ctes[i];
    return NULL;
}


/* ---- range-table names ------------------------------------------------- */

typedef struct names {
    strvec v;
    int *counter;
} names;

static long names_find(const names *n, const char *s)
{
    for (size_t i = 0; i < n->v.n; i++)
        if (!strcmp(n->v.v[i], s))
            return (long)i;
    return -1;
}

static void names_add(names *n, const char *s)
{
    if (names_find(n, s) >= 0)
        return;
    strvec_push(&n->v, s);
    n->counter = xrealloc(n->counter, n->v.n * sizeof(*n->counter));
    n->counter[n->v.n - 1] = 0;
}

/* set_rtable_names(): names of the enclosing levels are taken; each entry
 * keeps its name if free, else gets name_N with its own counter, cut to
 * fit NAMEDATALEN. */
void cn_assign_refnames(cn_level *l)
{
    names used = {STRVEC_INIT, NULL};
    for (cn_level *p = l->names_up; p; p = p->names_up) {
        for (size_t i = 0; i < p->nitems; i++)
            if (p->items[i]->refname)
                names_add(&used, p->items[i]->refname);
        for (size_t i = 0; i < p->reserved.n; i++)
            names_add(&used, p->reserved.v[i]);
    }
    for (size_t i = 0; i < l->reserved.n; i++)
        names_add(&used, l->reserved.v[i]);
    for (size_t i = 0; i < l->nitems; i++) {
        cn_item *it = l->items[i];
        if (!it->written || it->refname)
            continue;
        long k = names_find(&used, it->written);
        if (k < 0) {
            names_add(&used, it->written);
            it->refname = xstrdup(it->written);
            continue;
        }
        char *mod = NULL;
        do {
            free(mod);
            used.counter[k]++;
            size_t len = strlen(it->written);
            for (;;) {
                mod = xasprintf("%.*s_%d", (int)len, it->written, used.counter[k]);
                if (strlen(mod) < PG_NAMEDATALEN)
                    break;
                free(mod);
                len = pgname_mbcliplen(it->written, len, len - 1);
            }
        } while (names_find(&used, mod) >= 0);
        names_add(&used, mod);
        it->refname = mod;
    }
    strvec_clear(&used.v);
    free(used.counter);
}

/* ---- FROM, pass 1: the range table -------------------------------------- */

static const char *func_name(const PgQuery__RangeFunction *rf)
{
    if (!rf->n_functions || rf->functions[0]->node_case != PG_QUERY__NODE__NODE_LIST)
        return NULL;
    const PgQuery__List *l = rf->functions[0]->list;
    if (!l->n_items || l->items[0]->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return NULL;
    const PgQuery__FuncCall *fc = l->items[0]->func_call;
    return fc->n_funcname ? ast_str(fc->funcname[fc->n_funcname - 1]) : NULL;
}

static bool has_alias(const PgQuery__Alias *a) { return a && cn_str_set(a->aliasname); }

/* Creates the entries of one FROM item in the server's range-table order
 * (a join's inputs, then the join). */
void cn_collect(cn_state *st, cn_level *l, PgQuery__Node *n, bool top)
{
    cn_item *it;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
        PgQuery__RangeVar *rv = n->range_var;
        it = cn_item_new(l);
        const char *alias = has_alias(rv->alias) ? rv->alias->aliasname : NULL;
        it->cte = cn_str_set(rv->schemaname) ? NULL : cn_find_cte(l, rv->relname);
        if (it->cte) {
            it->written = xstrdup(alias ? alias : rv->relname);
        } else {
            catalog *c = st->cx->cat;
            it->rel = c ? cat_rel_lookup(c, cn_str_set(rv->schemaname) ? rv->schemaname : NULL,
                                         rv->relname)
                        : NULL;
            /* A relation that is neither in the catalog nor a system one
             * does not exist: the server would refuse the view. */
            const char *rs = cn_str_set(rv->schemaname) ? rv->schemaname : NULL;
            if (c && !it->rel && !pgbuiltin_relation(rs, rv->relname) && !st->failed) {
                st->failed = true;
                if (st->cx->err) {
                    if (rs)
                        sb_addf(st->cx->err, "relation \"%s.%s\" does not exist", rs, rv->relname);
                    else
                        sb_addf(st->cx->err, "relation \"%s\" does not exist", rv->relname);
                }
            }
            it->written = xstrdup(alias ? alias : it->rel ? it->rel->name : rv->relname);
            if (!alias)
                it->schema = it->rel ? xstrdup(it->rel->schema->name)
                             : cn_str_set(rv->schemaname) ? xstrdup(rv->schemaname) : NULL;
        }
        break;
    }
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
        it = cn_item_new(l);
        if (has_alias(n->range_subselect->alias))
            it->written = xstrdup(n->range_subselect->alias->aliasname);
        break;
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
        it = cn_item_new(l);
        const char *fn = func_name(n->range_function);
        if (has_alias(n->range_function->alias))
            it->written = xstrdup(n->range_function->alias->aliasname);
        else if (fn)
            it->written = xstrdup(fn);
        break;
    }
    case PG_QUERY__NODE__NODE_JOIN_EXPR:
        cn_collect(st, l, n->join_expr->larg, false);
        cn_collect(st, l, n->join_expr->rarg, false);
        it = cn_item_new(l);
        it->is_join = true;
        if (has_alias(n->join_expr->alias))
            it->written = xstrdup(n->join_expr->alias->aliasname);
        break;
    default:
        it = cn_item_new(l);
        it->unknown = true;
        break;
    }
    it->top = top;
    it->filled = false;
    it->rel_visible = it->cols_visible = true;
}

/* ---- FROM, pass 2: columns --------------------------------------------- */

/* The range-table entry and column a reference to (it, i) really reads:
 * an unnamed join passes through to its input; NULL for a merged FULL
 * JOIN column. */
static cn_item *leaf_of(cn_item *it, size_t i, size_t *li)
{
    *li = i;
    if (it->is_join && it->src && !it->rel_visible) {
        *li = it->srccol[i];
        return it->src[i];
    }
    return it;
}

/* The canonical reference to column i of it, and its dependencies. */
PgQuery__Node *cn_ref_to(cn_state *st, cn_item *it, size_t i, bool same_level,
                             const char **type)
{
    size_t li;
    cn_item *leaf = leaf_of(it, i, &li);
    *type = it->cols[i].type;
    if (!leaf)
        return cn_mk_colref(NULL, it->cols[i].name);
    if (leaf->cols[li].col)
        cn_dep(st, &leaf->cols[li].col->obj);
    if (leaf->bare && same_level)
        return cn_mk_colref(NULL, leaf->cols[li].name);
    return cn_mk_colref(leaf->refname ? leaf->refname : leaf->written, leaf->cols[li].name);
}

long cn_col_index(const cn_item *it, const char *name)
{
    for (size_t i = 0; i < it->ncols; i++)
        if (!strcmp(it->cols[i].name, name))
            return (long)i;
    return -1;
}

void cn_set_alias(PgQuery__Alias **ap, const char *name)
{
    if (!*ap) {
        *ap = xmalloc(sizeof(**ap));
        pg_query__alias__init(*ap);
    }
    cn_set_str(&(*ap)->aliasname, name);
}

static void drop_alias(PgQuery__Alias **ap)
{
    if (*ap)
        protobuf_c_message_free_unpacked(&(*ap)->base, NULL);
    *ap = NULL;
}

/* A table or CTE reference prints with an alias only when its name is not
 * the relation's own. */
static void fix_rangevar(cn_item *it, PgQuery__RangeVar *rv)
{
    const char *own = it->cte ? it->cte->name : it->rel ? it->rel->name : rv->relname;
    if (it->rel) {
        cn_set_str(&rv->schemaname, it->rel->schema->name);
        cn_set_str(&rv->relname, it->rel->name);
    }
    bool colnames = rv->alias && rv->alias->n_colnames;
    if (it->refname && (strcmp(it->refname, own) || colnames))
        cn_set_alias(&rv->alias, it->refname);
    else
        drop_alias(&rv->alias);
}

static void join_columns(cn_item *j, cn_item *l, cn_item *r, PgQuery__JoinExpr *je)
{
    strvec using = STRVEC_INIT;
    if (je->is_natural) {
        for (size_t i = 0; i < l->ncols; i++)
            if (cn_col_index(r, l->cols[i].name) >= 0)
                strvec_push(&using, l->cols[i].name);
    } else {
        for (size_t i = 0; i < je->n_using_clause; i++)
            if (ast_str(je->using_clause[i]))
                strvec_push(&using, ast_str(je->using_clause[i]));
    }
    size_t max = l->ncols + r->ncols;
    j->cols = xcalloc(max + 1, sizeof(*j->cols));
    j->src = xcalloc(max + 1, sizeof(*j->src));
    j->srccol = xcalloc(max + 1, sizeof(*j->srccol));
    size_t n = 0;
#define ADD(from, idx, merged_src)                                                         \
    do {                                                                                  \
        size_t li_;                                                                       \
        cn_item *lf_ = leaf_of((from), (idx), &li_);                                      \
        j->cols[n].name = xstrdup((from)->cols[(idx)].name);                              \
        j->cols[n].type = (from)->cols[(idx)].type;                                       \
        j->cols[n].col = (from)->cols[(idx)].col;                                         \
        j->src[n] = (merged_src) ? lf_ : NULL;                                            \
        j->srccol[n++] = li_;                                                             \
    } while (0)
    for (size_t u = 0; u < using.n; u++) {
        long li = cn_col_index(l, using.v[u]), ri = cn_col_index(r, using.v[u]);
        if (li < 0 || ri < 0)
            continue;
        if (je->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT)
            ADD(r, (size_t)ri, true);
        else
            ADD(l, (size_t)li, je->jointype != PG_QUERY__JOIN_TYPE__JOIN_FULL);
    }
    for (size_t i = 0; i < l->ncols; i++)
        if (!strvec_has(&using, l->cols[i].name))
            ADD(l, i, true);
    for (size_t i = 0; i < r->ncols; i++)
        if (!strvec_has(&using, r->cols[i].name))
            ADD(r, i, true);
#undef ADD
    j->ncols = n;
    if (je->is_natural && !l->unknown && !r->unknown) {
        /* Stored as the USING list it stands for. */
        je->is_natural = false;
        je->using_clause = xcalloc(using.n + 1, sizeof(*je->using_clause));
        for (size_t u = 0; u < using.n; u++)
            je->using_clause[u] = ast_string(using.v[u]);
        je->n_using_clause = using.n;
    }
    strvec_clear(&using);
}

cn_item *cn_fill(cn_state *st, cn_level *l, PgQuery__Node *n, size_t *ix)
{
    size_t first = *ix;
    if (n->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR) {
        PgQuery__JoinExpr *je = n->join_expr;
        cn_item *li = cn_fill(st, l, je->larg, ix);
        cn_item *ri = cn_fill(st, l, je->rarg, ix);
        cn_item *it = l->items[(*ix)++];
        join_columns(it, li, ri, je);
        /* ON sees the inputs as they are before the join hides them. */
        cn_expr(st, je->quals, 0);
        for (size_t i = first; i < *ix - 1; i++) {
            l->items[i]->cols_visible = false;
            if (has_alias(je->alias))
                l->items[i]->rel_visible = false;
        }
        it->rel_visible = has_alias(je->alias);
        if (has_alias(je->alias)) {
            apply_colnames(it, je->alias->colnames, je->alias->n_colnames);
            cn_set_alias(&je->alias, it->refname);
        }
        it->filled = true;
        return it;
    }
    cn_item *it = l->items[(*ix)++];
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
        PgQuery__RangeVar *rv = n->range_var;
        if (it->cte && it->cte->ready) {
            cn_item_set_cols(it, it->cte->cols, it->cte->ncols);
        } else if (it->rel) {
            cat_rel *r = it->rel;
            it->cols = xcalloc(r->ncols + 1, sizeof(*it->cols));
            it->ncols = r->ncols;
            for (size_t i = 0; i < r->ncols; i++) {
                it->cols[i].name = xstrdup(r->cols[i]->name);
                it->cols[i].type = cn_type_base(st, r->cols[i]->type);
                it->cols[i].col = r->cols[i];
            }
            cn_dep(st, &r->obj);
        } else {
            it->unknown = true;
        }
        if (rv->alias)
            apply_colnames(it, rv->alias->colnames, rv->alias->n_colnames);
        fix_rangevar(it, rv);
        break;
    }
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
        PgQuery__RangeSubselect *rs = n->range_subselect;
        cn_out o = {0};
        if (rs->subquery && rs->subquery->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
            cn_select(st, rs->subquery->select_stmt, l, rs->lateral ? l : l->up, 0, NULL, &o);
        cn_item_set_cols(it, o.cols, o.n);
        cn_out_free(&o);
        if (rs->alias) {
            apply_colnames(it, rs->alias->colnames, rs->alias->n_colnames);
            if (it->refname)
                cn_set_alias(&rs->alias, it->refname);
        }
        break;
    }
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
        PgQuery__RangeFunction *rf = n->range_function;
        for (size_t i = 0; i < rf->n_functions; i++)
            cn_expr(st, rf->functions[i], 0);
        for (size_t i = 0; i < rf->n_coldeflist; i++)
            cn_expr(st, rf->coldeflist[i], 0);
        if (rf->alias && rf->alias->n_colnames) {
            cn_col *c = xcalloc(rf->alias->n_colnames + 1, sizeof(*c));
            for (size_t i = 0; i < rf->alias->n_colnames; i++)
                c[i].name = (char *)(ast_str(rf->alias->colnames[i]) ? ast_str(rf->alias->colnames[i]) : "?");
            cn_item_set_cols(it, c, rf->alias->n_colnames);
            free(c);
        } else if (rf->n_coldeflist) {
            cn_col *c = xcalloc(rf->n_coldeflist + 1, sizeof(*c));
            for (size_t i = 0; i < rf->n_coldeflist; i++)
                c[i].name = rf->coldeflist[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF
                                ? rf->coldeflist[i]->column_def->colname
                                : "?";
            cn_item_set_cols(it, c, rf->n_coldeflist);
            free(c);
        } else if (rf->n_functions == 1 && it->written) {
            /* A scalar function's one column is named after the entry;
             * ruleutils prints that as a column alias: f(1) f(f). */
            cn_col c = {it->written, NULL, NULL};
            cn_item_set_cols(it, &c, 1);
            cn_set_alias(&rf->alias, it->written);
            rf->alias->colnames = xmalloc(sizeof(*rf->alias->colnames));
            rf->alias->colnames[0] = ast_string(it->written);
            rf->alias->n_colnames = 1;
        } else {
            it->unknown = true;
        }
        if (it->refname)
            cn_set_alias(&rf->alias, it->refname);
        break;
    }
    default:
        cn_expr(st, n, 0);
        break;
    }
    it->filled = true;
    return it;
}

/* ---- column references ------------------------------------------------- */

static PgQuery__Node *mk_star(void)
{
    PgQuery__AStar *a = xmalloc(sizeof(*a));
    pg_query__a__star__init(a);
    return cn_node(PG_QUERY__NODE__NODE_A_STAR, a);
}

/* The composite type of a whole-row reference, spelled as cn_typename()
 * spells the relation's row type. */
static const char *row_type(cn_state *st, const cn_item *it)
{
    if (!it->rel)
        return NULL;
    strbuf sb = STRBUF_INIT;
    pgident_quote_sb(&sb, it->rel->schema->name);
    sb_addc(&sb, '.');
    pgident_quote_sb(&sb, it->rel->name);
    const char *t = cn_intern(st, sb_str(&sb));
    sb_release(&sb);
    return t;
}

cn_item *cn_find_item(cn_level *l, const char *schema, const char *name)
{
    for (size_t i = 0; i < l->nitems; i++) {
        cn_item *it = l->items[i];
        if (it->filled && it->rel_visible && it->written && !strcmp(it->written, name) &&
            (!schema || (it->schema && !strcmp(it->schema, schema))))
            return it;
    }
    return NULL;
}

cn_item *cn_find_column(cn_level *l, const char *col, size_t *idx)
{
    for (size_t i = 0; i < l->nitems; i++) {
        cn_item *it = l->items[i];
        if (!it->filled || !it->cols_visible)
            continue;
        long k = cn_col_index(it, col);
        if (k >= 0) {
            *idx = (size_t)k;
            return it;
        }
    }
    return NULL;
}

/* Are all range entries visible from here known column by column?  Only
 * then is a name that matches none of them certainly wrong. */
static bool certain_scope(const cn_state *st)
{
    if (!st->lv || !st->lv->nitems)
        return false;
    for (const cn_level *l = st->lv; l; l = l->up) {
        if (!l->nitems)
            return false;
        for (size_t i = 0; i < l->nitems; i++) {
            const cn_item *it = l->items[i];
            if (it->unknown || !it->filled)
                return false;
        }
    }
    return true;
}

const char *cn_columnref(cn_state *st, PgQuery__Node *n)
{
    PgQuery__ColumnRef *cr = n->column_ref;
    size_t nf = cr->n_fields;
    if (!nf)
        return NULL;
    bool star = cr->fields[nf - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
    size_t nn = star ? nf - 1 : nf;
    for (size_t i = 0; i < nn; i++)
        if (!ast_str(cr->fields[i]))
            return NULL; /* subscripts and the like: leave alone */
    const char *col = star ? NULL : ast_str(cr->fields[nn - 1]);
    size_t nq = star ? nn : nn - 1; /* qualifier parts */
    const char *q = nq ? ast_str(cr->fields[nq - 1]) : NULL;
    const char *schema = nq >= 2 ? ast_str(cr->fields[nq - 2]) : NULL;
    if (star && !nq)
        return NULL;
    for (cn_level *l = st->lv; l; l = l->up) {
        cn_item *it = NULL;
        size_t idx = 0;
        if (!q) {
            it = cn_find_column(l, col, &idx);
        } else {
            it = cn_find_item(l, schema, q);
            if (it && !star) {
                long k = cn_col_index(it, col);
                if (k < 0)
                    it = it->unknown ? it : NULL;
                else
                    idx = (size_t)k;
            }
        }
        if (!it)
            continue;
        if (star || it->unknown) {
            /* Whole row, or a column of something we cannot see into: the
             * qualifier is all we can normalise. */
            if (it->refname && q && cn_str_set(it->refname)) {
                /* col points into the fields about to be freed. */
                PgQuery__Node *last = star ? mk_star() : ast_string(col);
                for (size_t i = 0; i < nf; i++)
                    ast_free(cr->fields[i]);
                cr->fields[0] = ast_string(it->refname);
                cr->fields[1] = last;
                cr->n_fields = 2;
            }
            if (it->rel)
                cn_dep(st, &it->rel->obj);
            return star ? row_type(st, it) : NULL;
        }
        const char *type;
        PgQuery__Node *ref = cn_ref_to(st, it, idx, l == st->lv, &type);
        ast_replace(n, ref);
        return type;
    }
    if (!q && !st->cx->rel && st->cx->type && !strcmp(col, "value")) {
        /* VALUE in a domain's CHECK: the domain's base type. */
        return cn_type_base(st, st->cx->type);
    }
    if (!q) {
        /* A bare name that is no column but a range-table entry is its
         * whole row, which the server prints as t.*. */
        for (cn_level *l = st->lv; l; l = l->up) {
            cn_item *it = cn_find_item(l, NULL, col);
            if (!it || !it->refname || it->bare)
                continue;
            if (it->rel)
                cn_dep(st, &it->rel->obj);
            PgQuery__Node *ref = cn_mk_colref(it->refname, "x");
            ast_free(ref->column_ref->fields[1]);
            ref->column_ref->fields[1] = mk_star();
            ast_replace(n, ref);
            return row_type(st, it);
        }
    }
    if (!star && col && certain_scope(st) && !(q && (!strcmp(q, "new") || !strcmp(q, "old")))) {
        /* Every range entry in scope is known, and none has the column:
         * the server refuses the reference, and so does replay. */
        if (!st->failed && st->cx->err) {
            if (q)
                sb_addf(st->cx->err, "column %s.%s does not exist", q, col);
            else
                sb_addf(st->cx->err, "column \"%s\" does not exist", col);
        }
        st->failed = true;
    }
    return NULL;
}
