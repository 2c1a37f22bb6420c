/* canon: canonical expressions.  See canon.h for the contract and
 * canon_int.h for how the files divide the work.
 *
 * One post-order walk (cn_expr) rewrites each node and returns its type as
 * far as canon_types.c can tell.  Node kinds with a rule are handled
 * explicitly; every other node is descended generically through the
 * protobuf-c descriptors, so an unknown construct is kept as written rather
 * than lost.  Rewrites that replace a node (IN, BETWEEN, a dropped cast)
 * move the children into the new node and free the old one, so the tree
 * stays owned by the caller's parse result. */
#include "canon_int.h"
#include "pgnames.h"

#include <string.h>

void cn_dep(cn_state *st, cat_obj *o)
{
    if (st->cx->owner && o && o != st->cx->owner)
        cat_dep_add(st->cx->owner, o, st->cx->how);
}

/* ---- the types of casts already canonicalised ---------------------------- */

/* cn_expr() returns a cast's target type; the parent rules also need the
 * type of what is inside.  Casts are few, so a list searched from the end
 * (a freed cast's address may be reused by a later one) is enough. */
static void note_cast(cn_state *st, const PgQuery__TypeCast *tc, const char *argtype)
{
    ALLOC_GROW(st->notes, st->nnotes + 1, st->notes_alloc);
    st->notes[st->nnotes].tc = tc;
    st->notes[st->nnotes++].argtype = argtype;
}

static const char *cast_argtype(cn_state *st, const PgQuery__Node *n)
{
    if (!n || n->node_case != PG_QUERY__NODE__NODE_TYPE_CAST || cn_is_literal(n->type_cast->arg))
        return NULL;
    for (size_t i = st->nnotes; i-- > 0;)
        if (st->notes[i].tc == n->type_cast)
            return st->notes[i].argtype;
    return NULL;
}

/* ---- generic descent ----------------------------------------------------- */

void cn_children(cn_state *st, ProtobufCMessage *m)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        char *base = (char *)m;
        bool isnode = f->descriptor == &pg_query__node__descriptor;
        bool istype = f->descriptor == &pg_query__type_name__descriptor;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(size_t *)(base + f->quantifier_offset);
            ProtobufCMessage **arr = *(ProtobufCMessage ***)(base + f->offset);
            for (size_t k = 0; k < n; k++) {
                if (isnode)
                    cn_expr(st, (PgQuery__Node *)arr[k], 0);
                else if (istype)
                    cn_typename(st, (PgQuery__TypeName **)&arr[k]);
                else if (arr[k])
                    cn_children(st, arr[k]);
            }
        } else {
            ProtobufCMessage **p = (ProtobufCMessage **)(base + f->offset);
            if (!*p)
                continue;
            if (isnode)
                cn_expr(st, (PgQuery__Node *)*p, 0);
            else if (istype)
                cn_typename(st, (PgQuery__TypeName **)p);
            else
                cn_children(st, *p);
        }
    }
}

/* ---- names ------------------------------------------------------------- */

/* Operators are not catalog objects here: any qualification goes. */
void cn_strip_opname(PgQuery__Node ***names, size_t *n)
{
    while (*n > 1) {
        ast_free((*names)[0]);
        memmove(*names, *names + 1, (*n - 1) * sizeof(**names));
        (*n)--;
    }
}

/* ---- operators ----------------------------------------------------------- */

static bool has_colref(PgQuery__Node *n);

static bool colref_visit(PgQuery__Node *n, void *ctx)
{
    if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
        *(bool *)ctx = true;
    return !*(bool *)ctx;
}

static bool has_colref(PgQuery__Node *n)
{
    bool found = false;
    ast_walk_node(n, colref_visit, &found);
    return found;
}

/* A literal, or a literal with a cast. */
static bool lit_or_cast(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        n = n->type_cast->arg;
    return n && cn_is_literal(n);
}

/* x IN (a, b, y) becomes what transformAExprIn builds: the constant items
 * in one x = ANY (ARRAY[...]) when there are two or more, then one x = y
 * per remaining item, OR-ed (NOT IN: <> ALL, AND-ed). */
static void rewrite_in(PgQuery__Node *n)
{
    PgQuery__AExpr *e = n->a_expr;
    const char *op = e->n_name ? ast_str(e->name[e->n_name - 1]) : NULL;
    if (!op || !e->rexpr || e->rexpr->node_case != PG_QUERY__NODE__NODE_LIST || !e->lexpr ||
        e->lexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
        return;
    bool is_or = !strcmp(op, "=");
    PgQuery__List *l = e->rexpr->list;
    size_t nconst = 0;
    for (size_t i = 0; i < l->n_items; i++)
        if (!has_colref(l->items[i]))
            nconst++;
    PgQuery__Node *lexpr = e->lexpr;
    e->lexpr = NULL;
    PgQuery__Node *result = NULL;
    bool lexpr_used = false;
    if (nconst > 1) {
        PgQuery__AArrayExpr *arr = xmalloc(sizeof(*arr));
        pg_query__a__array_expr__init(arr);
        arr->elements = xmalloc(nconst * sizeof(*arr->elements));
        arr->location = -1;
        for (size_t i = 0; i < l->n_items; i++)
            if (!has_colref(l->items[i])) {
                arr->elements[arr->n_elements++] = l->items[i];
                l->items[i] = NULL;
            }
        result = cn_mk_aexpr(is_or ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY
                                   : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL,
                             op, lexpr, cn_node(PG_QUERY__NODE__NODE_A_ARRAY_EXPR, arr));
        lexpr_used = true;
    }
    for (size_t i = 0; i < l->n_items; i++) {
        if (!l->items[i])
            continue;
        PgQuery__Node *left = lexpr_used ? cn_copy(lexpr) : lexpr;
        lexpr_used = true;
        PgQuery__Node *cmp = cn_mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, op, left, l->items[i]);
        l->items[i] = NULL;
        result = result ? cn_mk_bool(is_or ? PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR
                                           : PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR,
                                     result, cmp)
                        : cmp;
    }
    if (!lexpr_used)
        ast_free(lexpr);
    l->n_items = 0;
    if (result)
        ast_replace(n, result);
}

/* x >= lo AND x <= hi, or for NOT: x < lo OR x > hi.  Takes x, lo, hi. */
static PgQuery__Node *between(PgQuery__Node *x, PgQuery__Node *lo, PgQuery__Node *hi,
                              bool negated)
{
    PgQuery__Node *a = cn_mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, negated ? "<" : ">=",
                                   cn_copy(x), lo);
    PgQuery__Node *b = cn_mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, negated ? ">" : "<=", x, hi);
    return cn_mk_bool(negated ? PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR
                              : PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR,
                      a, b);
}

/* BETWEEN as transformAExprBetween expands it.  SYMMETRIC tries both
 * orders: (x >= a AND x <= b) OR (x >= b AND x <= a); NOT BETWEEN
 * SYMMETRIC: (x < a OR x > b) AND (x < b OR x > a). */
static void rewrite_between(PgQuery__Node *n, bool negated, bool symmetric)
{
    PgQuery__AExpr *e = n->a_expr;
    if (!e->rexpr || e->rexpr->node_case != PG_QUERY__NODE__NODE_LIST ||
        e->rexpr->list->n_items != 2 || !e->lexpr)
        return;
    PgQuery__List *l = e->rexpr->list;
    PgQuery__Node *x = e->lexpr, *lo = l->items[0], *hi = l->items[1];
    e->lexpr = NULL;
    l->n_items = 0;
    PgQuery__Node *r;
    if (symmetric) {
        PgQuery__Node *first = between(cn_copy(x), cn_copy(lo), cn_copy(hi), negated);
        r = cn_mk_bool(negated ? PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR
                               : PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR,
                       first, between(x, hi, lo, negated));
    } else {
        r = between(x, lo, hi, negated);
    }
    ast_replace(n, r);
}

static bool is_comparison(const char *op)
{
    static const char *const ops[] = {"=", "<>", "!=", "<", ">", "<=", ">=", "~~", "!~~",
                                      "~~*", "!~~*", "~", "!~", "~*", "!~*"};
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (!strcmp(op, ops[i]))
            return true;
    return false;
}

/* Drops side's cast when the server would have made the same cast to
 * apply the operator: the other operand already has the cast's type and
 * the cast crosses operator families (integer -> numeric, char -> text). */
static const char *op_cast(cn_state *st, PgQuery__Node *side, const char *t, const char *other)
{
    const char *at = cast_argtype(st, side);
    if (at && t && other && !strcmp(t, other) && cn_implicit(at, t) && cn_cross_family(at, t)) {
        cn_unwrap_cast(side);
        return at;
    }
    return t;
}

static const char *elem_type(cn_state *st, const char *t)
{
    size_t l = t ? strlen(t) : 0;
    if (l < 3 || strcmp(t + l - 2, "[]"))
        return NULL;
    char *e = xstrndup(t, l - 2);
    const char *r = cn_intern(st, e);
    free(e);
    return r;
}

static const char *a_expr(cn_state *st, PgQuery__Node *n, unsigned flags)
{
    PgQuery__AExpr *e = n->a_expr;
    switch (e->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        rewrite_in(n);
        if (n->node_case == PG_QUERY__NODE__NODE_A_EXPR &&
            n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN) {
            cn_children(st, &n->a_expr->base);
            return "boolean";
        }
        return cn_expr(st, n, flags);
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
        rewrite_between(n,
                        e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
                            e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM,
                        e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM ||
                            e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM);
        if (n->node_case == PG_QUERY__NODE__NODE_A_EXPR) {
            cn_children(st, &n->a_expr->base);
            return "boolean";
        }
        return cn_expr(st, n, flags);
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
        /* The server stores NOT (a IS DISTINCT FROM b). */
        e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT;
        PgQuery__BoolExpr *b = xmalloc(sizeof(*b));
        pg_query__bool_expr__init(b);
        b->boolop = PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR;
        b->n_args = 1;
        b->args = xmalloc(sizeof(*b->args));
        b->args[0] = cn_node(PG_QUERY__NODE__NODE_A_EXPR, e);
        b->location = -1;
        n->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
        n->bool_expr = b;
        return cn_expr(st, n, flags);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
        /* The grammar already named the operator (~~, !~~*, ~ ...). */
        e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
        /* fall through */
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL: {
        cn_strip_opname(&e->name, &e->n_name);
        /* Between two literals a cast is the only thing that picks the
         * operator ('now'::timestamp - '1 mon'::interval): without both,
         * two unknowns have no unique one.  Such casts stay. */
        unsigned keep = lit_or_cast(e->lexpr) && lit_or_cast(e->rexpr) ? CN_KEEP : 0;
        const char *lt = cn_expr(st, e->lexpr, keep);
        const char *rt = cn_expr(st, e->rexpr, keep);
        bool any = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ||
                   e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL;
        const char *op = e->n_name ? ast_str(e->name[0]) : NULL;
        if (e->lexpr && e->rexpr && !any) {
            /* An untyped literal takes the other operand's type. */
            if (rt && !strcmp(rt, "unknown") && lt && strcmp(lt, "unknown"))
                cn_literal_for_type(e->rexpr, lt), rt = cn_expr(st, e->rexpr, 0);
            else if (lt && !strcmp(lt, "unknown") && rt && strcmp(rt, "unknown"))
                cn_literal_for_type(e->lexpr, rt), lt = cn_expr(st, e->lexpr, 0);
        }
        if (e->lexpr && e->rexpr && op) {
            const char *rel = any ? elem_type(st, rt) : rt;
            lt = op_cast(st, e->lexpr, lt, rel);
            if (!any)
                rt = op_cast(st, e->rexpr, rt, lt);
        }
        if (any || e->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP)
            return e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF ? lt : "boolean";
        if (op && is_comparison(op))
            return "boolean";
        if (op && (!strcmp(op, "+") || !strcmp(op, "-") || !strcmp(op, "*") ||
                   !strcmp(op, "/") || !strcmp(op, "%"))) {
            const char *ts[2] = {lt, rt};
            if (!e->lexpr)
                return rt && cn_type_numeric(rt) ? rt : NULL;
            const char *c = cn_common(ts, 2, 2);
            return c && cn_type_numeric(c) ? c : NULL;
        }
        if (op && !strcmp(op, "||") && ((lt && !strcmp(lt, "text")) || (rt && !strcmp(rt, "text"))))
            return "text";
        return NULL;
    }
    default:
        cn_children(st, &e->base);
        return NULL;
    }
}

/* ---- common-type constructs ------------------------------------------- */

/* Inputs of one select_common_type(): a cast that the server would have
 * added anyway (the others already agree on its type, and it is an
 * implicit one) is dropped. */
static const char *common_casts(cn_state *st, PgQuery__Node **nodes, const char **types, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *at = cast_argtype(st, nodes[i]);
        if (!at || !types[i] || !strcmp(at, types[i]) || !cn_implicit(at, types[i]))
            continue;
        const char *c = cn_common(types, n, i);
        if (c && !strcmp(c, types[i])) {
            cn_unwrap_cast(nodes[i]);
            types[i] = at;
        }
    }
    return cn_common(types, n, n);
}

static const char *list_common(cn_state *st, PgQuery__Node **args, size_t n)
{
    const char **types = xcalloc(n + 1, sizeof(*types));
    for (size_t i = 0; i < n; i++)
        types[i] = cn_expr(st, args[i], CN_COMMON);
    const char *r = common_casts(st, args, types, n);
    free(types);
    return r;
}

static bool is_null_const(const PgQuery__Node *n)
{
    return cn_is_literal(n) && n->a_const->isnull;
}

static const char *case_expr(cn_state *st, PgQuery__CaseExpr *c)
{
    cn_expr(st, c->arg, 0);
    size_t n = c->n_args + 1;
    PgQuery__Node **res = xcalloc(n, sizeof(*res));
    const char **types = xcalloc(n, sizeof(*types));
    size_t k = 0;
    for (size_t i = 0; i < c->n_args; i++) {
        if (c->args[i]->node_case != PG_QUERY__NODE__NODE_CASE_WHEN) {
            cn_expr(st, c->args[i], 0);
            continue;
        }
        PgQuery__CaseWhen *w = c->args[i]->case_when;
        cn_expr(st, w->expr, 0);
        types[k] = cn_expr(st, w->result, CN_COMMON);
        res[k++] = w->result;
    }
    if (c->defresult) {
        types[k] = cn_expr(st, c->defresult, CN_COMMON);
        /* The server spells out the implicit ELSE NULL; drop it instead. */
        if (is_null_const(c->defresult)) {
            ast_free(c->defresult);
            c->defresult = NULL;
        } else {
            res[k++] = c->defresult;
        }
    }
    const char *r = common_casts(st, res, types, k);
    free(res);
    free(types);
    return r;
}

static void flatten_bool(PgQuery__BoolExpr *b)
{
    if (b->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR)
        return;
    for (size_t i = 0; i < b->n_args; i++) {
        PgQuery__Node *a = b->args[i];
        if (a->node_case != PG_QUERY__NODE__NODE_BOOL_EXPR || a->bool_expr->boolop != b->boolop)
            continue;
        PgQuery__BoolExpr *in = a->bool_expr;
        size_t m = in->n_args;
        b->args = xrealloc(b->args, (b->n_args + m) * sizeof(*b->args));
        memmove(b->args + i + m, b->args + i + 1, (b->n_args - i - 1) * sizeof(*b->args));
        memcpy(b->args + i, in->args, m * sizeof(*b->args));
        b->n_args += m - 1;
        in->n_args = 0;
        ast_free(a);
        i--; /* the spliced-in first argument may itself be nested */
    }
}

static const char *sqlvalue_type(PgQuery__SQLValueFunctionOp op)
{
    switch (op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
        return "date";
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
        return "timestamp with time zone";
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
        return "timestamp without time zone";
    default:
        return NULL;
    }
}

static const char *sub_link(cn_state *st, PgQuery__SubLink *sl)
{
    cn_expr(st, sl->testexpr, 0);
    if (sl->n_oper_name)
        cn_strip_opname(&sl->oper_name, &sl->n_oper_name);
    if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK && sl->n_oper_name == 1 &&
        ast_str(sl->oper_name[0]) && !strcmp(ast_str(sl->oper_name[0]), "=")) {
        /* x = ANY (SELECT ...) is x IN (SELECT ...), as printed. */
        ast_free(sl->oper_name[0]);
        free(sl->oper_name);
        sl->oper_name = NULL;
        sl->n_oper_name = 0;
    }
    const char *t = NULL;
    if (sl->subselect && sl->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
        cn_out out = {0};
        cn_select(st, sl->subselect->select_stmt, st->lv, st->lv, 0, NULL, &out);
        if (out.n)
            t = out.cols[0].type;
        cn_out_free(&out);
    } else {
        cn_expr(st, sl->subselect, 0);
    }
    switch (sl->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
        return t;
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
        if (t) {
            char *a = xasprintf("%s[]", t);
            t = cn_intern(st, a);
            free(a);
        }
        return t;
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK:
        return "boolean";
    default:
        return NULL;
    }
}

/* ---- the walk -------------------------------------------------------------- */

const char *cn_expr(cn_state *st, PgQuery__Node *n, unsigned flags)
{
    if (!n)
        return NULL;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return cn_columnref(st, n);
    case PG_QUERY__NODE__NODE_A_CONST:
        return cn_const_type(n->a_const);
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        PgQuery__TypeCast *tc = n->type_cast;
        const char *target = cn_typename(st, &tc->type_name);
        if (target && !strcmp(target, "regclass") && cn_is_literal(tc->arg)) {
            cn_regclass_literal(st, tc->arg->a_const);
            return target;
        }
        const char *at = cn_expr(st, tc->arg, 0);
        if (!target)
            return NULL;
        const char *r = cn_cast_rule(n, at, target, flags);
        if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
            note_cast(st, n->type_cast, at);
        return r;
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
        return a_expr(st, n, flags);
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        for (size_t i = 0; i < n->bool_expr->n_args; i++)
            cn_expr(st, n->bool_expr->args[i], 0);
        flatten_bool(n->bool_expr);
        return "boolean";
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return cn_func_call(st, n);
    case PG_QUERY__NODE__NODE_SUB_LINK:
        return sub_link(st, n->sub_link);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return list_common(st, n->coalesce_expr->args, n->coalesce_expr->n_args);
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        return list_common(st, n->min_max_expr->args, n->min_max_expr->n_args);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: {
        const char *t = list_common(st, n->a_array_expr->elements, n->a_array_expr->n_elements);
        if (!t || strstr(t, "[]"))
            return NULL;
        char *a = xasprintf("%s[]", t);
        t = cn_intern(st, a);
        free(a);
        return t;
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        return case_expr(st, n->case_expr);
    case PG_QUERY__NODE__NODE_NULL_TEST:
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
        cn_children(st, ast_inner(n));
        return "boolean";
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
        PgQuery__AIndirection *ind = n->a_indirection;
        cn_expr(st, ind->arg, CN_KEEP);
        for (size_t i = 0; i < ind->n_indirection; i++)
            cn_expr(st, ind->indirection[i], 0);
        return NULL;
    }
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        return sqlvalue_type(n->sqlvalue_function->op);
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
        cn_out out = {0};
        cn_select(st, n->select_stmt, st->lv, st->lv, 0, NULL, &out);
        cn_out_free(&out);
        return NULL;
    }
    default: {
        ProtobufCMessage *m = ast_inner(n);
        if (m)
            cn_children(st, m);
        return NULL;
    }
    }
}

/* ---- entry points ----------------------------------------------------- */

static void state_done(cn_state *st)
{
    strvec_clear(&st->pool);
    free(st->notes);
}

/* The table scope: cx->rel's columns by bare name (printed bare), and as
 * new.x / old.x in trigger WHEN clauses. */
static void table_scope(cn_state *st, cn_level *l)
{
    cat_rel *r = st->cx->rel;
    const char *names[] = {r->name, "new", "old"};
    for (size_t k = 0; k < 3; k++) {
        cn_item *it = cn_item_new(l);
        it->written = xstrdup(names[k]);
        it->refname = xstrdup(names[k]);
        it->schema = k == 0 ? xstrdup(r->schema->name) : NULL;
        it->rel_visible = true;
        it->cols_visible = k == 0;
        it->bare = k == 0;
        it->ncols = r->ncols;
        it->cols = xcalloc(r->ncols + 1, sizeof(*it->cols));
        for (size_t i = 0; i < r->ncols; i++) {
            it->cols[i].name = xstrdup(r->cols[i]->name);
            it->cols[i].type = cn_type_base(st, r->cols[i]->type);
            it->cols[i].col = r->cols[i];
        }
    }
}

/* The last step of canonicalisation: x = ANY (ARRAY[c1, c2]) over
 * constants prints as x IN (c1, c2) (and <> ALL as NOT IN).  Both mean
 * the same, but only the IN form loads back for every type: ARRAY['a',
 * 'b'] alone resolves to text[], and mood = text or uuid = text has no
 * operator, while the items of an IN list take x's type. */
static bool in_list_visit(PgQuery__Node *n, void *ctx)
{
    (void)ctx;
    if (n->node_case != PG_QUERY__NODE__NODE_A_EXPR)
        return true;
    PgQuery__AExpr *e = n->a_expr;
    bool any = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
    bool all = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL;
    const char *op = e->n_name == 1 ? ast_str(e->name[0]) : NULL;
    if (!(any && op && !strcmp(op, "=")) && !(all && op && !strcmp(op, "<>")))
        return true;
    if (!e->rexpr || e->rexpr->node_case != PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
        return true;
    PgQuery__AArrayExpr *arr = e->rexpr->a_array_expr;
    if (!arr->n_elements)
        return true;
    for (size_t i = 0; i < arr->n_elements; i++)
        if (arr->elements[i]->node_case != PG_QUERY__NODE__NODE_A_CONST || arr->elements[i]->a_const->isnull)
            return true;
    PgQuery__List *l = xmalloc(sizeof(*l));
    pg_query__list__init(l);
    l->items = arr->elements;
    l->n_items = arr->n_elements;
    arr->elements = NULL;
    arr->n_elements = 0;
    protobuf_c_message_free_unpacked(&arr->base, NULL);
    e->rexpr->node_case = PG_QUERY__NODE__NODE_LIST;
    e->rexpr->list = l;
    e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_IN;
    return true;
}

void canon_in_lists(PgQuery__Node *n)
{
    ast_walk_node(n, in_list_visit, NULL);
}

char *canon_expr(canon_ctx *cx, PgQuery__Node *expr)
{
    cn_state st = {.cx = cx};
    cn_level l = {0};
    if (cx->rel)
        table_scope(&st, &l);
    st.lv = &l;
    cn_expr(&st, expr, 0);
    /* A bare literal assigned to a column reads as that column's type:
     * DEFAULT '0' on an integer is stored as 0. */
    if (cx->type)
        cn_literal_for_type(expr, cn_type_base(&st, cx->type));
    cn_level_free(&l);
    bool failed = st.failed;
    state_done(&st);
    if (!failed)
        canon_in_lists(expr);
    return failed ? NULL : deparse_expr(expr, cx->err);
}

int canon_query_ast(canon_ctx *cx, PgQuery__Node *query, strvec *colnames)
{
    if (!query || query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        if (cx->err)
            sb_adds(cx->err, "a view query must be a SELECT");
        return -1;
    }
    cn_state st = {.cx = cx};
    cn_out out = {0};
    cn_select(&st, query->select_stmt, NULL, NULL, SEL_TOP_VIEW, cx->aliases, &out);
    for (size_t i = 0; i < out.n; i++)
        strvec_push(colnames, out.cols[i].name);
    cn_out_free(&out);
    bool failed = st.failed;
    state_done(&st);
    if (!failed)
        canon_in_lists(query);
    return failed ? -1 : 0;
}

char *canon_query(canon_ctx *cx, PgQuery__Node *query, strvec *colnames)
{
    if (canon_query_ast(cx, query, colnames) < 0)
        return NULL;
    return deparse_stmt(query, cx->err);
}

/* FigureColname over a raw expression.  Only sublinks need more than
 * pgnames knows: a scalar subquery is named after its own first output. */
const char *cn_figure(const PgQuery__Node *n, bool *strong)
{
    *strong = false;
    if (!n)
        return NULL;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SUB_LINK:
        if (n->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK &&
            n->sub_link->subselect &&
            n->sub_link->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
            const PgQuery__SelectStmt *s = n->sub_link->subselect->select_stmt;
            while (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE && s->larg)
                s = s->larg;
            if (!s->n_target_list ||
                s->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
                return NULL;
            const PgQuery__ResTarget *rt = s->target_list[0]->res_target;
            if (cn_str_set(rt->name)) {
                *strong = true;
                return rt->name;
            }
            const char *r = cn_figure(rt->val, strong);
            *strong = true;
            return r ? r : "?column?";
        }
        break;
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        const char *r = cn_figure(n->type_cast->arg, strong);
        if (r && *strong)
            return r;
        const PgQuery__TypeName *tn = n->type_cast->type_name;
        if (tn && tn->n_names && ast_str(tn->names[tn->n_names - 1])) {
            *strong = false;
            return ast_str(tn->names[tn->n_names - 1]);
        }
        return r;
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR: {
        const char *r = cn_figure(n->case_expr->defresult, strong);
        if (r && *strong)
            return r;
        *strong = false;
        return "case";
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return cn_figure(n->collate_clause->arg, strong);
    default:
        break;
    }
    const char *r = pgname_figure_colname(n);
    *strong = r != NULL;
    return r;
}

const char *canon_figure_colname(const PgQuery__Node *expr)
{
    bool strong;
    const char *n = cn_figure(expr, &strong);
    return n ? n : "?column?";
}
