/* replay_do: DO blocks.
 *
 * A DO block's effect cannot be known without running it, but most blocks
 * in real histories only move data (harbor's dedup loops, backfills).  So
 * the body is parsed with libpg_query's PL/pgSQL parser and every SQL
 * statement inside is classified: a block whose statements are all
 * data-only, with no dynamic EXECUTE, cannot change the schema and is
 * skipped by rule.  Anything else stays *unsupported* (a warning naming
 * what it would run; an error under --strict): sqlc never guesses whether
 * a condition around DDL holds. */
#include "replay_int.h"

#include <json-c/json.h>

typedef struct do_scan {
    int ddl, dynamic, statements;
    strbuf first_ddl;
} do_scan;

/* Statements that cannot change the schema. */
bool rp_stmt_is_data(const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
    case PG_QUERY__NODE__NODE_SELECT_STMT:
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
    case PG_QUERY__NODE__NODE_LOCK_STMT:
        return true;
    default:
        return false;
    }
}

static void classify_sql(do_scan *s, const char *query)
{
    s->statements++;
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(query);
    bool data = false;
    if (!r.error) {
        PgQuery__ParseResult *pr = pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
        data = pr != NULL;
        for (size_t i = 0; pr && i < pr->n_stmts; i++)
            data = data && rp_stmt_is_data(pr->stmts[i]->stmt);
        if (pr)
            pg_query__parse_result__free_unpacked(pr, NULL);
    }
    pg_query_free_protobuf_parse_result(r);
    if (!data) {
        if (!s->ddl++) {
            size_t n = strcspn(query, "\n");
            sb_addf(&s->first_ddl, "%.*s%s", (int)(n > 60 ? 60 : n), query, n > 60 ? "..." : "");
        }
    }
}

static void walk(do_scan *s, json_object *o)
{
    if (json_object_is_type(o, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(o); i++)
            walk(s, json_object_array_get_idx(o, i));
        return;
    }
    if (!json_object_is_type(o, json_type_object))
        return;
    json_object_object_foreach(o, key, val) {
        if (!strcmp(key, "PLpgSQL_stmt_dynexecute") || !strcmp(key, "PLpgSQL_stmt_dynfors")) {
            s->dynamic++;
            continue;
        }
        if (!strcmp(key, "PLpgSQL_stmt_execsql")) {
            json_object *sql, *expr, *q;
            if (json_object_object_get_ex(val, "sqlstmt", &sql) &&
                json_object_object_get_ex(sql, "PLpgSQL_expr", &expr) &&
                json_object_object_get_ex(expr, "query", &q))
                classify_sql(s, json_object_get_string(q));
            continue;
        }
        walk(s, val);
    }
}

/* ---- guards: IF [NOT] EXISTS (SELECT ... FROM <system catalog> WHERE ...) ---- */

/* One equality filter of a guard query: column = 'literal'. */
typedef struct guard_eq {
    const char *col, *val;
} guard_eq;

static const char *eq_value(guard_eq *eqs, size_t n, const char *col)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(eqs[i].col, col))
            return eqs[i].val;
    return NULL;
}

static bool collect_eqs(PgQuery__Node *w, guard_eq *eqs, size_t *n, size_t max)
{
    if (!w)
        return true;
    if (w->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && w->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
        for (size_t i = 0; i < w->bool_expr->n_args; i++)
            if (!collect_eqs(w->bool_expr->args[i], eqs, n, max))
                return false;
        return true;
    }
    if (w->node_case != PG_QUERY__NODE__NODE_A_EXPR || w->a_expr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP ||
        w->a_expr->n_name != 1 || strcmp(ast_str(w->a_expr->name[0]), "=") || *n >= max)
        return false;
    PgQuery__Node *l = w->a_expr->lexpr, *r = w->a_expr->rexpr;
    if (l->node_case == PG_QUERY__NODE__NODE_A_CONST)
        l = w->a_expr->rexpr, r = w->a_expr->lexpr;
    while (r->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        r = r->type_cast->arg;
    if (l->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || r->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        r->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        return false;
    PgQuery__ColumnRef *cr = l->column_ref;
    eqs[*n].col = ast_str(cr->fields[cr->n_fields - 1]);
    eqs[*n].val = r->a_const->sval->sval;
    if (!eqs[*n].col)
        return false;
    (*n)++;
    return true;
}

/* Does any catalog object satisfy the guard?  -1 when the query is not a
 * shape sqlc can answer exactly. */
static int guard_exists(replayer *rp, PgQuery__SelectStmt *sel)
{
    if (sel->n_from_clause != 1 || sel->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
        return -1;
    PgQuery__RangeVar *rv = sel->from_clause[0]->range_var;
    guard_eq eqs[4];
    size_t n = 0;
    if (!collect_eqs(sel->where_clause, eqs, &n, 4) || n == 0)
        return -1;
    const char *t = rv->relname;
    catalog *c = rp->cat;
    if (!strcmp(t, "pg_extension")) {
        const char *name = eq_value(eqs, n, "extname");
        return name && n == 1 ? cat_ext_get(c, name) != NULL : -1;
    }
    if (!strcmp(t, "pg_constraint")) {
        const char *name = eq_value(eqs, n, "conname");
        if (!name || n != 1)
            return -1;
        for (size_t i = 0; i < c->nrels; i++)
            if (cat_constraint_get(c->rels[i], name))
                return 1;
        return 0;
    }
    if (!strcmp(t, "pg_class") || !strcmp(t, "pg_tables") || !strcmp(t, "tables") || !strcmp(t, "pg_indexes")) {
        const char *name = eq_value(eqs, n, !strcmp(t, "pg_class") ? "relname" : !strcmp(t, "pg_tables") ? "tablename"
                                             : !strcmp(t, "pg_indexes") ? "indexname" : "table_name");
        if (!name)
            return -1;
        for (size_t i = 0; i < c->nschemas; i++)
            if (cat_relname_taken(c, c->schemas[i], name))
                return 1;
        return 0;
    }
    if (!strcmp(t, "columns")) { /* information_schema.columns */
        const char *tn = eq_value(eqs, n, "table_name"), *cn = eq_value(eqs, n, "column_name");
        const char *sn = eq_value(eqs, n, "table_schema");
        if (!tn || !cn || n != (size_t)(2 + (sn != NULL)))
            return -1;
        for (size_t i = 0; i < c->nrels; i++) {
            cat_rel *r = c->rels[i];
            if (!strcmp(r->name, tn) && (!sn || !strcmp(r->schema->name, sn)) && cat_column_get(r, cn))
                return 1;
        }
        return 0;
    }
    if (!strcmp(t, "pg_type")) {
        const char *name = eq_value(eqs, n, "typname");
        if (!name || n != 1)
            return -1;
        for (size_t i = 0; i < c->ntypes; i++)
            if (!strcmp(c->types[i]->name, name))
                return 1;
        return 0;
    }
    return -1;
}

/* Evaluates an IF condition: 1 true, 0 false, -1 unknown. */
static int eval_guard(replayer *rp, const char *cond)
{
    strbuf err = STRBUF_INIT;
    PgQuery__ParseResult *pr;
    PgQuery__Node *e = parse_expr(cond, &pr, &err);
    sb_release(&err);
    if (!e)
        return -1;
    bool negate = false;
    if (e->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && e->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR &&
        e->bool_expr->n_args == 1) {
        negate = true;
        e = e->bool_expr->args[0];
    }
    int v = -1;
    if (e->node_case == PG_QUERY__NODE__NODE_SUB_LINK &&
        e->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK &&
        e->sub_link->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
        v = guard_exists(rp, e->sub_link->subselect->select_stmt);
    pg_query__parse_result__free_unpacked(pr, NULL);
    return v < 0 ? -1 : negate ? !v : v;
}

static const char *expr_query(json_object *o, const char *key)
{
    json_object *x, *e, *q;
    if (json_object_object_get_ex(o, key, &x) && json_object_object_get_ex(x, "PLpgSQL_expr", &e) &&
        json_object_object_get_ex(e, "query", &q))
        return json_object_get_string(q);
    return NULL;
}

/* Replays a list of PL/pgSQL statements that are all plain SQL. */
static int run_branch(replayer *rp, json_object *list)
{
    size_t n = list ? json_object_array_length(list) : 0;
    for (size_t i = 0; i < n; i++) {
        json_object *st = json_object_array_get_idx(list, i), *ex;
        if (!json_object_object_get_ex(st, "PLpgSQL_stmt_execsql", &ex))
            return -2;
        const char *q = expr_query(ex, "sqlstmt");
        strbuf err = STRBUF_INIT;
        PgQuery__ParseResult *pr;
        PgQuery__Node *node = q ? parse_stmt(q, &pr, &err) : NULL;
        sb_release(&err);
        if (!node)
            return -2;
        /* Errors point at the DO statement: the inner text has no place
         * in the file of its own. */
        const stmt *outer = rp->st;
        stmt inner = *outer;
        inner.node = node;
        inner.base = (size_t)-1;
        int rc = replay_stmt(rp, rp->src, &inner);
        rp->st = outer;
        pg_query__parse_result__free_unpacked(pr, NULL);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The one modelled shape: the block's body is a single IF whose condition
 * is an existence guard sqlc can answer, with plain SQL in its branches.
 * Returns 1 when handled, 0 when not this shape, -1 on a replay error. */
static int guarded_ddl(replayer *rp, json_object *root)
{
    json_object *fn, *action, *block, *body;
    if (!json_object_is_type(root, json_type_array) || json_object_array_length(root) != 1 ||
        !json_object_object_get_ex(json_object_array_get_idx(root, 0), "PLpgSQL_function", &fn) ||
        !json_object_object_get_ex(fn, "action", &action) ||
        !json_object_object_get_ex(action, "PLpgSQL_stmt_block", &block) ||
        !json_object_object_get_ex(block, "body", &body))
        return 0;
    size_t n = json_object_array_length(body);
    /* The wrapper function ends with an implicit RETURN. */
    json_object *last = n ? json_object_array_get_idx(body, n - 1) : NULL, *tmp;
    if (last && json_object_object_get_ex(last, "PLpgSQL_stmt_return", &tmp))
        n--;
    json_object *ifst;
    if (n != 1 || !json_object_object_get_ex(json_object_array_get_idx(body, 0), "PLpgSQL_stmt_if", &ifst))
        return 0;
    json_object *then_body = NULL, *else_body = NULL, *elsif;
    if (json_object_object_get_ex(ifst, "elsif_list", &elsif))
        return 0;
    json_object_object_get_ex(ifst, "then_body", &then_body);
    json_object_object_get_ex(ifst, "else_body", &else_body);
    const char *cond = expr_query(ifst, "cond");
    int v = cond ? eval_guard(rp, cond) : -1;
    if (v < 0)
        return 0;
    int rc = run_branch(rp, v ? then_body : else_body);
    if (rc == -2)
        return 0;
    return rc < 0 ? -1 : 1;
}

int rp_do(replayer *rp, PgQuery__DoStmt *ds)
{
    const char *body = NULL, *lang = "plpgsql";
    for (size_t i = 0; i < ds->n_args; i++) {
        PgQuery__DefElem *d = ds->args[i]->def_elem;
        if (!strcmp(d->defname, "as"))
            body = ast_str(d->arg);
        else if (!strcmp(d->defname, "language"))
            lang = ast_str(d->arg);
    }
    if (!body || !lang || strcmp(lang, "plpgsql") != 0)
        return rp_unsupported(rp, -1, "DO block in language %s: its effect cannot be known without running it",
                              lang ? lang : "?");
    /* Wrap the body as a function so the PL/pgSQL parser accepts it; the
     * dollar tag is chosen so it cannot occur in the body. */
    strbuf tag = STRBUF_INIT;
    sb_adds(&tag, "$sqlc_do$");
    while (strstr(body, tag.buf)) {
        tag.len--;
        sb_adds(&tag, "x$");
    }
    char *fn = xasprintf("CREATE FUNCTION sqlc_do() RETURNS void LANGUAGE plpgsql AS %s%s%s", tag.buf, body, tag.buf);
    sb_release(&tag);
    PgQueryPlpgsqlParseResult pr = pg_query_parse_plpgsql(fn);
    free(fn);
    if (pr.error) {
        int rc = rp_error(rp, -1, "in DO block: %s", pr.error->message);
        pg_query_free_plpgsql_parse_result(pr);
        return rc;
    }
    json_object *root = json_tokener_parse(pr.plpgsql_funcs);
    pg_query_free_plpgsql_parse_result(pr);
    do_scan s = {0, 0, 0, STRBUF_INIT};
    if (root)
        walk(&s, root);
    int rc = 0, handled = 0;
    if (root && s.ddl && !s.dynamic) {
        handled = guarded_ddl(rp, root);
        if (handled < 0)
            rc = -1;
    }
    json_object_put(root);
    if (handled)
        ;
    else if (!root)
        rc = rp_unsupported(rp, -1, "DO block: its body could not be analysed");
    else if (s.dynamic)
        rc = rp_unsupported(rp, -1, "DO block runs dynamic SQL (EXECUTE): its effect cannot be known without running it");
    else if (s.ddl)
        rc = rp_unsupported(rp, -1, "DO block runs %d schema statement%s (first: %s) under conditions sqlc does not evaluate",
                            s.ddl, s.ddl == 1 ? "" : "s", s.first_ddl.buf);
    else
        rp->nskipped++;
    sb_release(&s.first_ddl);
    return rc;
}
