/* canon_select: one SELECT level -- WITH, FROM, the select list, clauses
 * that refer back to it, and set operations.  See canon_query.c for the
 * forms pg_get_viewdef prints and why, and canon_int.h for the layout.
 *
 * Order inside a level follows the server: CTE names are registered,
 * the FROM list's range-table entries are created and named, CTE bodies
 * and FROM items are analysed left to right (a LATERAL item sees the ones
 * before it), then the select list (stars expanded, every entry named from
 * its raw expression as FigureColname would), then WHERE, GROUP BY,
 * HAVING, WINDOW, DISTINCT ON, ORDER BY and LIMIT. */
#include "canon_int.h"

#include <string.h>

/* The select list as ORDER BY / GROUP BY see it: each entry's name and a
 * copy of its value taken before canonicalisation, so a reference to it is
 * canonicalised in the clause's own context, exactly as the expression
 * the server prints there would be. */
typedef struct tinfo {
    PgQuery__Node **raw;
    char **names; /* the query's own names, before a view's column list */
    size_t n;
} tinfo;

static void tinfo_free(tinfo *t)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->raw)
            ast_free(t->raw[i]);
        if (t->names)
            free(t->names[i]);
    }
    free(t->raw);
    free(t->names);
}

static bool is_star(const PgQuery__Node *v)
{
    return v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && v->column_ref->n_fields &&
           v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
               PG_QUERY__NODE__NODE_A_STAR;
}

static PgQuery__Node *mk_target(const char *name, PgQuery__Node *val)
{
    PgQuery__ResTarget *rt = xmalloc(sizeof(*rt));
    pg_query__res_target__init(rt);
    rt->name = xstrdup(name);
    rt->val = val;
    rt->location = -1;
    return cn_node(PG_QUERY__NODE__NODE_RES_TARGET, rt);
}

typedef struct tlist {
    PgQuery__Node **v;
    const char **types; /* types of expanded entries */
    bool *done;         /* expanded: already canonical */
    size_t n, alloc;
} tlist;

static void tl_push(tlist *t, PgQuery__Node *n, bool done, const char *type)
{
    if (t->n + 1 > t->alloc) {
        t->alloc = t->alloc ? 2 * t->alloc : 16;
        t->v = xrealloc(t->v, t->alloc * sizeof(*t->v));
        t->types = xrealloc(t->types, t->alloc * sizeof(*t->types));
        t->done = xrealloc(t->done, t->alloc * sizeof(*t->done));
    }
    t->types[t->n] = type;
    t->done[t->n] = done;
    t->v[t->n++] = n;
}

/* Expands `*` (every FROM entry) and `t.*` into one entry per column,
 * named after the column.  A star over something whose columns are not
 * known (a relation missing from the catalog) stays as written. */
static void expand_stars(cn_state *st, cn_level *l, PgQuery__SelectStmt *s, tlist *out)
{
    for (size_t i = 0; i < s->n_target_list; i++) {
        PgQuery__Node *tn = s->target_list[i];
        PgQuery__Node *v = tn->node_case == PG_QUERY__NODE__NODE_RES_TARGET ? tn->res_target->val : NULL;
        if (!is_star(v)) {
            tl_push(out, tn, false, NULL);
            continue;
        }
        PgQuery__ColumnRef *cr = v->column_ref;
        cn_item **items = xcalloc(l->nitems + 1, sizeof(*items));
        size_t ni = 0;
        bool ok = true;
        if (cr->n_fields == 1) {
            for (size_t k = 0; k < l->nitems; k++)
                if (l->items[k]->top && l->items[k]->filled)
                    items[ni++] = l->items[k];
        } else {
            const char *q = ast_str(cr->fields[cr->n_fields - 2]);
            const char *sch = cr->n_fields >= 3 ? ast_str(cr->fields[cr->n_fields - 3]) : NULL;
            cn_item *it = q ? cn_find_item(l, sch, q) : NULL;
            if (it)
                items[ni++] = it;
            else
                ok = false;
        }
        for (size_t k = 0; k < ni; k++)
            if (items[k]->unknown)
                ok = false;
        if (!ok) {
            tl_push(out, tn, false, NULL);
            free(items);
            continue;
        }
        for (size_t k = 0; k < ni; k++)
            for (size_t c = 0; c < items[k]->ncols; c++) {
                const char *type;
                PgQuery__Node *ref = cn_ref_to(st, items[k], c, false, &type);
                tl_push(out, mk_target(items[k]->cols[c].name, ref), true, type);
            }
        free(items);
        ast_free(tn);
    }
    free(s->target_list);
    s->target_list = out->v;
    s->n_target_list = out->n;
    out->v = NULL;
}

/* A whole row in a select list must keep a cast, or t.* would read back
 * as a star to expand: ruleutils prints t.*::schema.t. */
static void row_cast(PgQuery__ResTarget *rt, const char *type)
{
    char *sql = xasprintf("NULL::%s", type);
    PgQuery__ParseResult *own = NULL;
    strbuf err = STRBUF_INIT;
    PgQuery__Node *n = parse_expr(sql, &own, &err);
    free(sql);
    sb_release(&err);
    if (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
        PgQuery__TypeCast *tc = n->type_cast;
        ast_free(tc->arg);
        tc->arg = rt->val;
        rt->val = cn_node(PG_QUERY__NODE__NODE_TYPE_CAST, tc);
        n->type_cast = NULL;
        n->node_case = PG_QUERY__NODE__NODE__NOT_SET;
    }
    if (own)
        pg_query__parse_result__free_unpacked(own, NULL);
}

static void targets(cn_state *st, cn_level *l, PgQuery__SelectStmt *s, unsigned mode,
                    const strvec *aliases, tinfo *ti, cn_out *out)
{
    tlist tl = {0};
    expand_stars(st, l, s, &tl);
    /* Raw copies serve ORDER BY / GROUP BY / DISTINCT ON references only;
     * copying goes through protobuf, so skip it when nothing refers back. */
    bool need_raw = s->n_sort_clause || s->n_group_clause || s->n_distinct_clause;
    ti->n = s->n_target_list;
    ti->raw = xcalloc(ti->n + 1, sizeof(*ti->raw));
    ti->names = xcalloc(ti->n + 1, sizeof(*ti->names));
    for (size_t i = 0; i < s->n_target_list; i++) {
        if (s->target_list[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
            continue;
        PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        if (!cn_str_set(rt->name))
            cn_set_str(&rt->name, canon_figure_colname(rt->val));
        if (rt->val && need_raw)
            ti->raw[i] = cn_copy(rt->val);
        const char *type = tl.types[i];
        if (!tl.done[i])
            type = cn_expr(st, rt->val, (mode & SEL_BRANCH) ? CN_SETOP_TARGET : CN_TARGET);
        if (is_star(rt->val) && type)
            row_cast(rt, type);
        ti->names[i] = xstrdup(rt->name);
        if ((mode & SEL_TOP_VIEW) && aliases && i < aliases->n)
            cn_set_str(&rt->name, aliases->v[i]);
        cn_out_add(out, rt->name, type, NULL);
    }
    free(tl.types);
    free(tl.done);
}

/* The output column a bare name in ORDER BY / GROUP BY denotes: the one
 * entry of that name (the server rejects an ambiguous one). */
static long output_named(const tinfo *ti, const char *name)
{
    for (size_t i = 0; i < ti->n; i++)
        if (ti->names[i] && !strcmp(ti->names[i], name))
            return (long)i;
    return -1;
}

enum { REF_ORDER, REF_GROUP };

/* ORDER BY 2, ORDER BY alias, GROUP BY 1: the server resolves these to the
 * select-list entry and prints its expression (in a set operation, the
 * position). */
static void clause_ref(cn_state *st, cn_level *l, PgQuery__Node *n, const tinfo *ti, int kind,
                       bool setop)
{
    if (!n)
        return;
    long idx = -1;
    if (cn_is_literal(n) && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        long k = n->a_const->ival->ival;
        if (k >= 1 && (size_t)k <= ti->n)
            idx = k - 1;
        if (setop)
            return;
    } else if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
               ast_str(n->column_ref->fields[0])) {
        const char *name = ast_str(n->column_ref->fields[0]);
        size_t dummy;
        idx = output_named(ti, name);
        if (idx >= 0 && kind == REF_GROUP && l && cn_find_column(l, name, &dummy))
            idx = -1; /* GROUP BY prefers an input column */
        if (idx >= 0 && setop) {
            ast_replace(n, cn_mk_int((int32_t)idx + 1));
            return;
        }
    }
    if (idx >= 0 && ti->raw && ti->raw[idx])
        ast_replace(n, cn_copy(ti->raw[idx]));
    cn_expr(st, n, 0);
}

static void sort_clause(cn_state *st, cn_level *l, PgQuery__Node **items, size_t n,
                        const tinfo *ti, bool setop)
{
    for (size_t i = 0; i < n; i++) {
        if (items[i]->node_case == PG_QUERY__NODE__NODE_SORT_BY) {
            clause_ref(st, l, items[i]->sort_by->node, ti, REF_ORDER, setop);
            for (size_t k = 0; k < items[i]->sort_by->n_use_op; k++)
                cn_expr(st, items[i]->sort_by->use_op[k], 0);
        } else {
            cn_expr(st, items[i], 0);
        }
    }
}

/* ---- WITH ------------------------------------------------------------------ */

static void ctes_register(cn_level *l, PgQuery__WithClause *w)
{
    for (size_t i = 0; w && i < w->n_ctes; i++) {
        if (w->ctes[i]->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
            continue;
        PgQuery__CommonTableExpr *ce = w->ctes[i]->common_table_expr;
        cn_cte *c = xcalloc(1, sizeof(*c));
        c->name = xstrdup(ce->ctename);
        if (ce->n_aliascolnames) {
            /* Known up front, so a recursive reference can use them. */
            c->cols = xcalloc(ce->n_aliascolnames + 1, sizeof(*c->cols));
            for (size_t k = 0; k < ce->n_aliascolnames; k++)
                c->cols[k].name = xstrdup(ast_str(ce->aliascolnames[k]) ? ast_str(ce->aliascolnames[k]) : "?");
            c->ncols = ce->n_aliascolnames;
            c->ready = true;
        }
        ALLOC_GROW(l->ctes, l->nctes + 1, l->ctes_alloc);
        l->ctes[l->nctes++] = c;
    }
}

static void ctes_analyse(cn_state *st, cn_level *l, PgQuery__WithClause *w, cn_level *up)
{
    size_t k = 0;
    for (size_t i = 0; w && i < w->n_ctes; i++) {
        if (w->ctes[i]->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
            continue;
        PgQuery__CommonTableExpr *ce = w->ctes[i]->common_table_expr;
        cn_cte *c = l->ctes[k++];
        if (!ce->ctequery || ce->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
            cn_expr(st, ce->ctequery, 0);
            continue;
        }
        cn_out o = {0};
        cn_select(st, ce->ctequery->select_stmt, l, up, 0, NULL, &o);
        for (size_t j = 0; j < ce->n_aliascolnames && j < o.n; j++)
            if (ast_str(ce->aliascolnames[j])) {
                free(o.cols[j].name);
                o.cols[j].name = xstrdup(ast_str(ce->aliascolnames[j]));
            }
        cn_cols_free(c->cols, c->ncols);
        c->cols = o.cols;
        c->ncols = o.n;
        c->ready = true;
    }
}

/* ---- set operations ---------------------------------------------------- */

static bool is_setop(const PgQuery__SelectStmt *s)
{
    return s->op != PG_QUERY__SET_OPERATION__SETOP_NONE &&
           s->op != PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED && s->larg && s->rarg;
}

/* The leaves of one set-operation tree.  A parenthesised inner set
 * operation with its own ORDER BY, LIMIT or WITH is a subquery, so a leaf. */
static void leaves(PgQuery__SelectStmt *s, PgQuery__SelectStmt ***v, size_t *n, size_t *alloc,
                   bool root)
{
    if (is_setop(s) && (root || (!s->n_sort_clause && !s->limit_count && !s->limit_offset &&
                                 !s->with_clause))) {
        leaves(s->larg, v, n, alloc, false);
        leaves(s->rarg, v, n, alloc, false);
        return;
    }
    ALLOC_GROW(*v, *n + 1, *alloc);
    (*v)[(*n)++] = s;
}

static void setop(cn_state *st, PgQuery__SelectStmt *s, cn_level *names_up, cn_level *up,
                  unsigned mode, const strvec *aliases, cn_out *out)
{
    /* The set operation's own level holds no FROM entries, only the names
     * the branches must avoid (the view's old/new) and the WITH list. */
    cn_level *p = xcalloc(1, sizeof(*p));
    p->names_up = names_up;
    p->up = up;
    if (mode & SEL_TOP_VIEW) {
        strvec_push(&p->reserved, "old");
        strvec_push(&p->reserved, "new");
    }
    cn_level *saved = st->lv;
    st->lv = p;
    ctes_register(p, s->with_clause);
    ctes_analyse(st, p, s->with_clause, up);
    PgQuery__SelectStmt **lv = NULL;
    size_t nl = 0, al = 0;
    leaves(s, &lv, &nl, &al, true);
    for (size_t k = 0; k < nl; k++) {
        cn_out o = {0};
        cn_select(st, lv[k], p, up, SEL_BRANCH, NULL, &o);
        if (k == 0)
            *out = o;
        else
            cn_out_free(&o);
    }
    tinfo ti = {0};
    ti.n = out->n;
    ti.names = xcalloc(ti.n + 1, sizeof(*ti.names));
    for (size_t i = 0; i < out->n; i++)
        ti.names[i] = xstrdup(out->cols[i].name);
    if (mode & SEL_TOP_VIEW) {
        /* pg_get_viewdef names every branch's columns after the view's. */
        for (size_t i = 0; aliases && i < aliases->n && i < out->n; i++) {
            free(out->cols[i].name);
            out->cols[i].name = xstrdup(aliases->v[i]);
        }
        for (size_t k = 0; k < nl; k++)
            for (size_t i = 0; i < lv[k]->n_target_list && i < out->n; i++)
                if (lv[k]->target_list[i]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
                    cn_set_str(&lv[k]->target_list[i]->res_target->name, out->cols[i].name);
    }
    free(lv);
    sort_clause(st, NULL, s->sort_clause, s->n_sort_clause, &ti, true);
    tinfo_free(&ti);
    cn_expr(st, s->limit_offset, 0);
    cn_expr(st, s->limit_count, 0);
    st->lv = saved;
    cn_level_free(p);
    free(p);
}

/* ---- one level --------------------------------------------------------- */

static void values(cn_state *st, PgQuery__SelectStmt *s, cn_out *out)
{
    for (size_t r = 0; r < s->n_values_lists; r++) {
        PgQuery__Node *row = s->values_lists[r];
        if (row->node_case != PG_QUERY__NODE__NODE_LIST) {
            cn_expr(st, row, 0);
            continue;
        }
        for (size_t c = 0; c < row->list->n_items; c++) {
            /* VALUES columns are coerced to a common type, like a union. */
            const char *t = cn_expr(st, row->list->items[c], CN_SETOP_TARGET);
            if (r == 0) {
                char *name = xasprintf("column%zu", c + 1);
                cn_out_add(out, name, t, NULL);
                free(name);
            }
        }
    }
}

void cn_select(cn_state *st, PgQuery__SelectStmt *s, cn_level *names_up, cn_level *up,
               unsigned mode, const strvec *aliases, cn_out *out)
{
    if (is_setop(s)) {
        setop(st, s, names_up, up, mode, aliases, out);
        return;
    }
    cn_level *l = xcalloc(1, sizeof(*l));
    l->names_up = names_up;
    l->up = up;
    if (mode & SEL_TOP_VIEW) {
        /* A PG 15 view's rule has old and new as its first two entries. */
        strvec_push(&l->reserved, "old");
        strvec_push(&l->reserved, "new");
    }
    cn_level *saved = st->lv;
    st->lv = l;
    ctes_register(l, s->with_clause);
    for (size_t i = 0; i < s->n_from_clause; i++)
        cn_collect(st, l, s->from_clause[i], true);
    cn_assign_refnames(l);
    ctes_analyse(st, l, s->with_clause, up);
    size_t ix = 0;
    for (size_t i = 0; i < s->n_from_clause; i++)
        cn_fill(st, l, s->from_clause[i], &ix);
    tinfo ti = {0};
    if (s->n_values_lists)
        values(st, s, out);
    else
        targets(st, l, s, mode, aliases, &ti, out);
    cn_expr(st, s->where_clause, 0);
    for (size_t i = 0; i < s->n_group_clause; i++)
        clause_ref(st, l, s->group_clause[i], &ti, REF_GROUP, false);
    cn_expr(st, s->having_clause, 0);
    for (size_t i = 0; i < s->n_window_clause; i++)
        cn_expr(st, s->window_clause[i], 0);
    for (size_t i = 0; i < s->n_distinct_clause; i++)
        clause_ref(st, l, s->distinct_clause[i], &ti, REF_ORDER, false);
    sort_clause(st, l, s->sort_clause, s->n_sort_clause, &ti, false);
    cn_expr(st, s->limit_offset, 0);
    cn_expr(st, s->limit_count, 0);
    tinfo_free(&ti);
    st->lv = saved;
    cn_level_free(l);
    free(l);
}
