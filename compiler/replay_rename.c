/* replay_rename: keeping stored expressions right after a rename.
 *
 * The server stores expressions by object id, so after
 * `ALTER TABLE t RENAME COLUMN a TO b` a view, a check or an index on t.a
 * prints `b`; after renaming a sequence, defaults print the new name.
 * Catalog expressions are canonical *text*, so every object that depends
 * on the renamed one has its texts re-parsed, the old name replaced where
 * it denotes the renamed object, and the result canonicalised again.
 * Dependencies are pointers (catalog.h), so finding the dependents is a
 * scan, and nothing else about them changes. */
#include "replay_int.h"

typedef struct rename_ctx {
    replayer *rp;
    cat_obj *renamed;
    const char *old, *new_;
    const char *schema;      /* schema of the renamed object */
    cat_rel *col_table;      /* for column renames: the column's table */
    cat_rel *scope;          /* table of the expression being rewritten */
    strvec aliases;          /* range names that denote col_table in a query */
    const char *new_schema;  /* SET SCHEMA: where the object went (old == new_) */
    bool trig;               /* rewriting a trigger's WHEN: NEW and OLD denote col_table */
    bool rel_bare;           /* the renamed relation appears in the query without alias */
    int changed;
} rename_ctx;

static bool names_match(PgQuery__Node **names, size_t n, const char *schema, const char *old)
{
    if (n == 0)
        return false;
    const char *last = ast_str(names[n - 1]);
    if (!last || strcmp(last, old))
        return false;
    if (n >= 2) {
        const char *s = ast_str(names[n - 2]);
        return s && !strcmp(s, schema);
    }
    return true;
}

static void set_str_node(PgQuery__Node *n, const char *v)
{
    ast_set_string(&n->string->sval, v);
}

static bool collect_aliases(PgQuery__Node *n, void *vctx)
{
    rename_ctx *c = vctx;
    if (n->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
        PgQuery__RangeVar *rv = n->range_var;
        cat_rel *r = cat_rel_lookup(c->rp->cat, rv->schemaname && *rv->schemaname ? rv->schemaname : NULL,
                                    rv->relname);
        if (r == c->col_table)
            strvec_push(&c->aliases, rv->alias && rv->alias->aliasname ? rv->alias->aliasname : rv->relname);
    }
    return true;
}

/* Does the query name the renamed relation without an alias?  Then its
 * columns are qualified by the relation's own name, which the server
 * prints as the new one. */
static bool collect_bare(PgQuery__Node *n, void *vctx)
{
    rename_ctx *c = vctx;
    if (n->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
        PgQuery__RangeVar *rv = n->range_var;
        if (!strcmp(rv->relname, c->old) && !(rv->alias && rv->alias->aliasname) &&
            !(rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, c->schema)))
            c->rel_bare = true;
    }
    return true;
}

static bool rewrite(PgQuery__Node *n, void *vctx)
{
    rename_ctx *c = vctx;
    cat_obj *o = c->renamed;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
        PgQuery__ColumnRef *cr = n->column_ref;
        if (o->kind == OBJ_REL && c->rel_bare && cr->n_fields >= 2) {
            PgQuery__Node *qual = cr->fields[cr->n_fields - 2];
            const char *q = ast_str(qual);
            const char *qs = cr->n_fields >= 3 ? ast_str(cr->fields[cr->n_fields - 3]) : NULL;
            if (q && !strcmp(q, c->old) && (!qs || !strcmp(qs, c->schema))) {
                set_str_node(qual, c->new_);
                c->changed++;
            }
            break;
        }
        if (o->kind != OBJ_COLUMN)
            break;
        PgQuery__Node *last = cr->fields[cr->n_fields - 1];
        const char *name = ast_str(last);
        if (!name || strcmp(name, c->old))
            break;
        bool hit = false;
        if (cr->n_fields == 1)
            hit = c->scope == c->col_table || c->aliases.n == 1;
        else {
            const char *q = ast_str(cr->fields[cr->n_fields - 2]);
            hit = q && (strvec_has(&c->aliases, q) || (c->scope == c->col_table && !strcmp(q, c->col_table->name)) ||
                        (c->trig && c->scope == c->col_table && (!strcmp(q, "new") || !strcmp(q, "old"))));
        }
        if (hit) {
            set_str_node(last, c->new_);
            c->changed++;
        }
        break;
    }
    case PG_QUERY__NODE__NODE_RES_TARGET: {
        /* A view's column keeps its old name: make it explicit before the
         * reference under it is renamed. */
        PgQuery__ResTarget *rt = n->res_target;
        if (o->kind == OBJ_COLUMN && (!rt->name || !*rt->name) && rt->val &&
            rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
            PgQuery__ColumnRef *cr = rt->val->column_ref;
            const char *name = ast_str(cr->fields[cr->n_fields - 1]);
            if (name && !strcmp(name, c->old)) {
                ast_set_string(&rt->name, c->old);
            }
        }
        break;
    }
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
        PgQuery__RangeVar *rv = n->range_var;
        if (o->kind != OBJ_REL || !c->old || strcmp(rv->relname, c->old))
            break;
        if (rv->schemaname && *rv->schemaname && strcmp(rv->schemaname, c->schema))
            break;
        if (c->new_schema)
            ast_set_string(&rv->schemaname, c->new_schema);
        else
            ast_set_string(&rv->relname, c->new_);
        c->changed++;
        break;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
        PgQuery__FuncCall *fc = n->func_call;
        if (o->kind == OBJ_FUNCTION && names_match(fc->funcname, fc->n_funcname, c->schema, c->old)) {
            set_str_node(fc->funcname[fc->n_funcname - 1], c->new_);
            c->changed++;
        }
        /* nextval('schema.seq'): the sequence is named by a literal. */
        const char *fname = ast_str(fc->funcname[fc->n_funcname - 1]);
        if (o->kind == OBJ_REL && c->old && fname && fc->n_args >= 1 &&
            (!strcmp(fname, "nextval") || !strcmp(fname, "currval") || !strcmp(fname, "setval"))) {
            PgQuery__Node *a = fc->args[0];
            while (a->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
                a = a->type_cast->arg;
            if (a->node_case == PG_QUERY__NODE__NODE_A_CONST && a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
                char *oldq = rp_qualified(c->schema, c->old);
                const char *v = a->a_const->sval->sval;
                if (!strcmp(v, oldq) || !strcmp(v, c->old)) {
                    char *nq = rp_qualified(c->new_schema ? c->new_schema : c->schema, c->new_);
                    ast_set_string(&a->a_const->sval->sval, nq);
                    free(nq);
                    c->changed++;
                }
                free(oldq);
            }
        }
        break;
    }
    case PG_QUERY__NODE__NODE_TYPE_NAME: {
        PgQuery__TypeName *tn = n->type_name;
        if (o->kind == OBJ_TYPE && names_match(tn->names, tn->n_names, c->schema, c->old)) {
            set_str_node(tn->names[tn->n_names - 1], c->new_);
            c->changed++;
        }
        break;
    }
    default:
        break;
    }
    return true;
}

/* Rewrites one stored text; is_query for view definitions. */
static int rewrite_text(rename_ctx *c, char **text, cat_rel *scope, cat_obj *owner, char how, bool is_query)
{
    if (!*text)
        return 0;
    strbuf err = STRBUF_INIT;
    PgQuery__ParseResult *pr;
    PgQuery__Node *n = is_query ? parse_stmt(*text, &pr, &err) : parse_expr(*text, &pr, &err);
    if (!n) {
        int rc = rp_error(c->rp, -1, "internal: cannot re-read stored text %s: %s", *text, err.buf);
        sb_release(&err);
        return rc;
    }
    c->scope = scope;
    c->changed = 0;
    strvec_clear(&c->aliases);
    if (c->col_table)
        ast_walk_node(n, collect_aliases, c);
    c->rel_bare = false;
    if (is_query && c->renamed->kind == OBJ_REL && !c->new_schema)
        ast_walk_node(n, collect_bare, c);
    ast_walk_node(n, rewrite, c);
    int rc = 0;
    if (c->changed) {
        canon_ctx cx = {c->rp->cat, scope, owner, how, &err};
        strvec names = STRVEC_INIT;
        char *s = is_query ? canon_query(&cx, n, &names) : canon_expr(&cx, n);
        strvec_clear(&names);
        if (!s)
            rc = rp_error(c->rp, -1, "%s", err.buf);
        else {
            free(*text);
            *text = s;
        }
    }
    pg_query__parse_result__free_unpacked(pr, NULL);
    sb_release(&err);
    return rc;
}

/* An index's elements, INCLUDE list and predicate. */
static int rewrite_index(rename_ctx *c, cat_index *ix)
{
    cat_obj *o = &ix->obj;
    cat_rel *scope = as_rel(o->parent);
    int rc = 0;
    for (size_t i = 0; i < ix->elems.n && rc == 0; i++) {
        char *e = ix->elems.v[i];
        if (e[0] == '(') {
            /* "(expr) opclass...": rewrite the parenthesised part. */
            size_t k = rp_paren_end(e);
            char *inner = xstrndup(e + 1, k - 1);
            rc = rewrite_text(c, &inner, scope, o, DEP_AUTO, false);
            char *ne = xasprintf("(%s)%s", inner, e[k] ? e + k + 1 : "");
            free(inner);
            free(ix->elems.v[i]);
            ix->elems.v[i] = ne;
        } else if (c->renamed->kind == OBJ_COLUMN) {
            char *q = pgident_quote(c->old);
            size_t ql = strlen(q);
            if (!strncmp(e, q, ql) && (e[ql] == '\0' || e[ql] == ' ')) {
                char *nq = pgident_quote(c->new_);
                char *ne = xasprintf("%s%s", nq, e + ql);
                free(ix->elems.v[i]);
                ix->elems.v[i] = ne;
                free(nq);
            }
            free(q);
        }
    }
    if (c->renamed->kind == OBJ_COLUMN)
        for (size_t i = 0; i < ix->include.n; i++)
            if (!strcmp(ix->include.v[i], c->old)) {
                free(ix->include.v[i]);
                ix->include.v[i] = xstrdup(c->new_);
            }
    if (rc == 0)
        rc = rewrite_text(c, &ix->where, scope, o, DEP_AUTO, false);
    return rc;
}

/* "RANGE (a, (lower(b)) opclass)": each element is a column or a
 * parenthesised expression, like an index element. */
static int rewrite_partition_key(rename_ctx *c, cat_rel *r)
{
    const char *pk = r->partition_key, *open = strchr(pk, '(');
    size_t len = strlen(pk);
    if (!open || pk[len - 1] != ')')
        return 0;
    cat_index tmp;
    memset(&tmp, 0, sizeof(tmp));
    tmp.obj.kind = OBJ_INDEX;
    tmp.obj.parent = &r->obj;
    /* split the list at top-level commas */
    const char *p = open + 1, *end = pk + len - 1;
    int depth = 0;
    bool quoted = false;
    const char *start = p;
    for (; p <= end; p++) {
        if (p < end && *p == '\'' )
            quoted = !quoted;
        if (quoted && p < end)
            continue;
        if (p < end && *p == '(')
            depth++;
        else if (p < end && *p == ')')
            depth--;
        else if (p == end || (*p == ',' && depth == 0)) {
            while (*start == ' ')
                start++;
            strvec_push_nodup(&tmp.elems, xstrndup(start, (size_t)(p - start)));
            start = p + 1;
        }
    }
    int rc = rewrite_index(c, &tmp);
    if (rc == 0) {
        strbuf sb = STRBUF_INIT;
        sb_addf(&sb, "%.*s(", (int)(open - pk), pk);
        for (size_t i = 0; i < tmp.elems.n; i++)
            sb_addf(&sb, "%s%s", i ? ", " : "", tmp.elems.v[i]);
        sb_addc(&sb, ')');
        free(r->partition_key);
        r->partition_key = sb_detach(&sb);
    }
    strvec_clear(&tmp.elems);
    free(tmp.obj.deps);
    return rc;
}

static bool depends_on(const cat_obj *o, const cat_obj *target)
{
    for (size_t i = 0; i < o->ndeps; i++)
        if (o->deps[i].target == target)
            return true;
    return false;
}

typedef struct walk_ctx {
    rename_ctx *rc;
    int status;
} walk_ctx;

static void visit(cat_obj *o, void *vctx)
{
    walk_ctx *w = vctx;
    rename_ctx *c = w->rc;
    if (w->status < 0 || !depends_on(o, c->renamed))
        return;
    int rc = 0;
    switch (o->kind) {
    case OBJ_COLUMN: {
        cat_column *col = (cat_column *)o;
        cat_rel *scope = o->parent->kind == OBJ_REL ? as_rel(o->parent) : NULL;
        rc = rewrite_text(c, &col->default_expr, scope, o, DEP_DEFAULT, false);
        if (rc == 0)
            rc = rewrite_text(c, &col->generated, scope, o, DEP_NORMAL, false);
        if (rc == 0 && c->renamed->kind == OBJ_TYPE) {
            /* "schema.old" or "schema.old[]" */
            char *oldq = rp_qualified(c->schema, c->old);
            size_t ol = strlen(oldq);
            if (!strncmp(col->type, oldq, ol) && (col->type[ol] == '\0' || col->type[ol] == '[' || col->type[ol] == '(')) {
                char *nq = rp_qualified(c->schema, c->new_);
                char *t = xasprintf("%s%s", nq, col->type + ol);
                free(col->type);
                col->type = t;
                free(nq);
            }
            free(oldq);
        }
        break;
    }
    case OBJ_CONSTRAINT: {
        cat_constraint *k = (cat_constraint *)o;
        cat_rel *scope = o->parent->kind == OBJ_REL ? as_rel(o->parent) : NULL;
        rc = rewrite_text(c, &k->expr, scope, o, DEP_AUTO, false);
        /* A key's index depends on its columns only through the
         * constraint, and names them too. */
        if (rc == 0 && k->index && c->renamed->kind == OBJ_COLUMN)
            rc = rewrite_index(c, k->index);
        break;
    }
    case OBJ_INDEX:
        rc = rewrite_index(c, (cat_index *)o);
        break;
    case OBJ_TRIGGER:
        c->trig = true;
        rc = rewrite_text(c, &((cat_trigger *)o)->when, as_rel(o->parent), o, DEP_AUTO, false);
        c->trig = false;
        break;
    case OBJ_POLICY: {
        cat_policy *p = (cat_policy *)o;
        rc = rewrite_text(c, &p->using_expr, as_rel(o->parent), o, DEP_NORMAL, false);
        if (rc == 0)
            rc = rewrite_text(c, &p->check_expr, as_rel(o->parent), o, DEP_NORMAL, false);
        break;
    }
    case OBJ_REL: {
        cat_rel *r = as_rel(o);
        strbuf err = STRBUF_INIT;
        if ((r->query || r->query_ast) && !cat_rel_query(r, &err))
            rc = rp_error(c->rp, -1, "%s", err.buf);
        sb_release(&err);
        if (rc == 0 && r->query)
            rc = rewrite_text(c, &r->query, NULL, o, DEP_NORMAL, true);
        if (rc == 0 && r->partition_key && c->renamed->kind == OBJ_COLUMN && c->col_table == r)
            rc = rewrite_partition_key(c, r);
        break;
    }
    case OBJ_FUNCTION:
        if (c->renamed->kind == OBJ_TYPE)
            rc = rp_unsupported(c->rp, -1, "renaming a type used in a function signature (the signature keeps the old name)");
        break;
    default:
        break;
    }
    if (rc < 0)
        w->status = -1;
}

int rp_rename_propagate(replayer *rp, cat_obj *renamed, const char *oldname, const char *newname);
int rp_rename_propagate(replayer *rp, cat_obj *renamed, const char *oldname, const char *newname)
{
    if (!oldname)
        return 0;
    rename_ctx c = {.rp = rp, .renamed = renamed, .old = oldname, .new_ = newname, .aliases = STRVEC_INIT};
    switch (renamed->kind) {
    case OBJ_COLUMN:
        c.col_table = as_rel(renamed->parent);
        c.schema = c.col_table->schema->name;
        break;
    case OBJ_REL: c.schema = as_rel(renamed)->schema->name; break;
    case OBJ_TYPE: c.schema = ((cat_type *)renamed)->schema->name; break;
    case OBJ_FUNCTION: c.schema = ((cat_func *)renamed)->schema->name; break;
    default: return 0;
    }
    walk_ctx w = {&c, 0};
    cat_foreach(rp->cat, visit, &w);
    strvec_clear(&c.aliases);
    return w.status;
}

/* ALTER TABLE/VIEW/SEQUENCE ... SET SCHEMA: texts that name the relation
 * (a view's FROM, a default's nextval('schema.seq')) name it in its new
 * schema, as the server's, which stores them by oid, prints them. */
int rp_schema_propagate(replayer *rp, cat_rel *moved, const char *old_schema);
int rp_schema_propagate(replayer *rp, cat_rel *moved, const char *old_schema)
{
    rename_ctx c = {.rp = rp, .renamed = &moved->obj, .old = moved->name, .new_ = moved->name,
                    .schema = old_schema, .new_schema = moved->schema->name, .aliases = STRVEC_INIT};
    walk_ctx w = {&c, 0};
    cat_foreach(rp->cat, visit, &w);
    strvec_clear(&c.aliases);
    return w.status;
}

/* ALTER VIEW ... RENAME COLUMN: the query's output column takes the new
 * name (pg_get_viewdef prints "AS new"); re-canonicalising the query with
 * the view's column names as aliases does that. */
int rp_view_columns_renamed(replayer *rp, cat_rel *v);
int rp_view_columns_renamed(replayer *rp, cat_rel *v)
{
    strbuf err = STRBUF_INIT;
    const char *q = cat_rel_query(v, &err);
    PgQuery__ParseResult *pr = NULL;
    PgQuery__Node *n = q ? parse_stmt(q, &pr, &err) : NULL;
    int rc = 0;
    if (!n) {
        rc = rp_error(rp, -1, "internal: cannot re-read the query of view %s: %s", v->name, err.buf);
    } else {
        strvec names = STRVEC_INIT, out = STRVEC_INIT;
        for (size_t i = 0; i < v->ncols; i++)
            strvec_push(&names, v->cols[i]->name);
        canon_ctx cx = {rp->cat, NULL, &v->obj, DEP_NORMAL, &err, NULL, &names};
        char *t = canon_query(&cx, n, &out);
        if (!t)
            rc = rp_error(rp, -1, "%s", err.buf);
        else {
            free(v->query);
            v->query = t;
        }
        strvec_clear(&names);
        strvec_clear(&out);
    }
    if (pr)
        pg_query__parse_result__free_unpacked(pr, NULL);
    sb_release(&err);
    return rc;
}
