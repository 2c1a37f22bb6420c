/* replay_table: CREATE TABLE, columns and constraints.
 *
 * CREATE TABLE names its implicit objects in the server's phases, because
 * names can collide across them (see pgnames.h): serial and identity
 * sequences while columns are added, then CHECK constraints, then the
 * primary key, then UNIQUE and EXCLUDE constraints, then foreign keys.
 * Column-level constraints join the table-level ones of the same phase in
 * the order they were written.  The same constraint code serves ALTER
 * TABLE ... ADD CONSTRAINT / ADD COLUMN. */
#include "replay_int.h"

typedef struct taken_ctx {
    const catalog *c;
    const cat_schema *s;
    bool rels, cons;
} taken_ctx;

static bool name_taken(const char *name, void *ctx)
{
    taken_ctx *t = ctx;
    return (t->rels && cat_relname_taken(t->c, t->s, name)) ||
           (t->cons && rp_constraint_name_taken(t->c, t->s, name));
}

static char *choose(replayer *rp, cat_rel *r, const char *name2, const char *label,
                    bool rels, bool cons)
{
    taken_ctx t = {rp->cat, r->schema, rels, cons};
    return pgname_choose(r->name, name2, label, name_taken, &t);
}

/* ---- sequences for serial and identity ---------------------------------------- */

void rp_seq_defaults(cat_seqopts *s, const char *type)
{
    free(s->type);
    s->type = xstrdup(type);
    s->increment = 1;
    s->min = 1;
    if (!strcmp(type, "smallint"))
        s->max = 32767;
    else if (!strcmp(type, "integer"))
        s->max = 2147483647;
    else
        s->max = INT64_MAX;
    s->start = 1;
    s->cache = 1;
    s->cycle = false;
}

/* An identity's "SEQUENCE NAME x" option, as pg_dump writes it. */
static const char *option_seq_name(PgQuery__Node **opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = opts[i]->def_elem;
        if (!strcmp(d->defname, "sequence_name") && d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_LIST)
            return ast_str(d->arg->list->items[d->arg->list->n_items - 1]);
    }
    return NULL;
}

cat_rel *rp_new_owned_seq(replayer *rp, cat_rel *r, cat_column *col, const char *type, bool identity)
{
    char *name = choose(rp, r, col->name, "seq", true, false);
    if (rp->seq_name_hint) {
        free(name);
        name = xstrdup(rp->seq_name_hint);
        rp->seq_name_hint = NULL;
    }
    cat_rel *seq = cat_rel_new(rp->cat, r->schema, name, 'S');
    free(name);
    rp_seq_defaults(&seq->seq, type);
    seq->owned_by = col;
    seq->identity_seq = identity;
    seq->unlogged = r->unlogged;
    rp_touch(rp, &seq->obj);
    return seq;
}

/* The "nextval('t_c_seq'::regclass)" default of a serial column, built as
 * an AST so it goes through the same canonicalisation as a written one. */
static int serial_default(replayer *rp, cat_rel *r, cat_column *col, cat_rel *seq)
{
    char *qual = rp_qualified(seq->schema->name, seq->name);
    strbuf lit = STRBUF_INIT;
    for (const char *p = qual; *p; p++) {
        if (*p == '\'')
            sb_addc(&lit, '\'');
        sb_addc(&lit, *p);
    }
    char *text = xasprintf("nextval('%s'::regclass)", lit.buf);
    if (!strchr(qual, '\'') && !strchr(qual, '\\')) {
        /* This text is already canonical (canon resolves the literal to the
         * same qualified name and deparse prints it back unchanged), so the
         * parse and deparse round trip is skipped: serial columns are
         * common enough for it to show in replay time. */
        col->default_expr = text;
        cat_dep_add(&col->obj, &seq->obj, DEP_DEFAULT);
        sb_release(&lit);
        free(qual);
        return 0;
    }
    strbuf err = STRBUF_INIT;
    PgQuery__ParseResult *owner;
    PgQuery__Node *e = parse_expr(text, &owner, &err);
    int rc = -1;
    if (e) {
        col->default_expr = rp_expr(rp, e, r, &col->obj, DEP_DEFAULT);
        cat_dep_add(&col->obj, &seq->obj, DEP_DEFAULT);
        pg_query__parse_result__free_unpacked(owner, NULL);
        rc = col->default_expr ? 0 : -1;
    } else {
        rc = rp_error(rp, -1, "%s", err.buf);
    }
    sb_release(&err);
    sb_release(&lit);
    free(text);
    free(qual);
    return rc;
}

/* ---- columns ------------------------------------------------------------------ */

int rp_recoerce_default(replayer *rp, cat_rel *r, cat_column *col)
{
    if (!col->default_expr || !*col->type)
        return 0;
    strbuf err = STRBUF_INIT;
    PgQuery__ParseResult *pr;
    PgQuery__Node *e = parse_expr(col->default_expr, &pr, &err);
    if (!e) {
        int rc = rp_error(rp, -1, "internal: cannot re-read stored default %s: %s", col->default_expr, err.buf);
        sb_release(&err);
        return rc;
    }
    sb_release(&err);
    char *n = rp_expr_typed(rp, e, r, &col->obj, DEP_DEFAULT, col->type);
    pg_query__parse_result__free_unpacked(pr, NULL);
    if (!n)
        return -1;
    free(col->default_expr);
    col->default_expr = n;
    return 0;
}

/* Unquotes a plain '...' literal; NULL for anything else. */
static char *plain_literal(const char *e)
{
    size_t n = strlen(e);
    if (n < 2 || e[0] != '\'' || e[n - 1] != '\'')
        return NULL;
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "");
    for (size_t i = 1; i + 1 < n; i++) {
        if (e[i] == '\'') {
            if (e[i + 1] != '\'' || i + 2 >= n)
                return sb_release(&sb), NULL;
            i++;
        }
        sb_addc(&sb, e[i]);
    }
    return sb_detach(&sb);
}

int rp_check_enum_default(replayer *rp, const cat_column *col)
{
    if (!col->default_expr || !col->type)
        return 0;
    size_t tl = strlen(col->type);
    bool array = tl > 2 && !strcmp(col->type + tl - 2, "[]");
    cat_type *et = NULL;
    for (size_t i = 0; i < rp->cat->ntypes && !et; i++) {
        cat_type *t = rp->cat->types[i];
        if (t->typkind != 'e')
            continue;
        char *q = rp_qualified(t->schema->name, t->name);
        if (strlen(q) == tl - (array ? 2 : 0) && !strncmp(q, col->type, strlen(q)))
            et = t;
        free(q);
    }
    char *lit = et ? plain_literal(col->default_expr) : NULL;
    if (!lit)
        return 0;
    strvec vals = STRVEC_INIT;
    size_t ll = strlen(lit);
    if (!array) {
        strvec_push(&vals, lit);
    } else if (ll >= 2 && lit[0] == '{' && lit[ll - 1] == '}') {
        /* '{a,"b c"}': elements, unquoted (no escapes inside) */
        lit[ll - 1] = '\0';
        for (char *p = lit + 1, *save = NULL, *tok; (tok = strtok_r(p, ",", &save)); p = NULL) {
            size_t k = strlen(tok);
            if (k >= 2 && tok[0] == '"' && tok[k - 1] == '"') {
                tok[k - 1] = '\0';
                tok++;
            }
            if (strcasecmp(tok, "NULL"))
                strvec_push(&vals, tok);
        }
    }
    int rc = 0;
    for (size_t i = 0; i < vals.n && rc == 0; i++)
        if (!strvec_has(&et->labels, vals.v[i])) {
            /* format_type_be: qualified only when not on the search path */
            bool visible = strvec_has(&rp->cat->search_path, et->schema->name);
            char *tn = visible ? pgident_quote(et->name) : rp_qualified(et->schema->name, et->name);
            rc = rp_error(rp, -1, "invalid input value for enum %s: \"%s\"", tn, vals.v[i]);
            free(tn);
        }
    strvec_clear(&vals);
    free(lit);
    return rc;
}

int rp_column_default(replayer *rp, cat_rel *r, cat_column *col, PgQuery__Node *expr)
{
    col->default_expr = rp_expr_typed(rp, expr, r, &col->obj, DEP_DEFAULT, col->type);
    if (!col->default_expr || rp_check_enum_default(rp, col) < 0)
        return -1;
    /* A NULL constant is no default at all (AddRelationNewConstraints
     * stores no pg_attrdef row for it): pg_dump's DEFAULT NULL on an
     * attached partition, for instance. */
    if (!strcmp(col->default_expr, "NULL")) {
        free(col->default_expr);
        col->default_expr = NULL;
        cat_deps_clear(&col->obj, DEP_DEFAULT);
    }
    return 0;
}

static int set_identity(replayer *rp, cat_rel *r, cat_column *col, PgQuery__Constraint *c)
{
    if (col->identity)
        return rp_error(rp, c->location, "multiple identity specifications for column \"%s\" of table \"%s\"",
                        col->name, r->name);
    if (strcmp(col->type, "smallint") && strcmp(col->type, "integer") && strcmp(col->type, "bigint"))
        return rp_error(rp, c->location, "identity column type must be smallint, integer, or bigint");
    col->identity = c->generated_when && c->generated_when[0] == 'a' ? 'a' : 'd';
    col->not_null = true;
    rp->seq_name_hint = option_seq_name(c->options, c->n_options);
    cat_rel *seq = rp_new_owned_seq(rp, r, col, col->type, true);
    return rp_seq_options(rp, seq, c->options, c->n_options, true);
}

/* Adds one column definition; table-level constraints it carries are
 * appended to pending (as Constraint nodes with this column as key). */
int rp_add_column(replayer *rp, cat_rel *r, PgQuery__ColumnDef *cd, strvec *unused)
{
    (void)unused;
    if (cat_column_get(r, cd->colname))
        return rp_error(rp, cd->location, "column \"%s\" of relation \"%s\" already exists",
                        cd->colname, r->name);
    const char *serial_base = NULL;
    char *type;
    if (cd->type_name && pgtype_is_serial(cd->type_name, &serial_base)) {
        if (cd->type_name->n_array_bounds)
            return rp_error(rp, cd->location, "array of serial is not implemented");
        if (cd->type_name->n_typmods)
            return rp_error(rp, cd->location, "type modifier is not allowed for type \"%s\"", serial_base);
        type = xstrdup(serial_base);
    } else {
        type = cd->type_name ? rp_type(rp, cd->type_name, NULL) : NULL;
        if (!type)
            return cd->type_name ? -1 : rp_error(rp, cd->location, "column \"%s\" has no type", cd->colname);
    }
    cat_column *col = cat_column_add(r, cd->colname, type);
    free(type);
    rp_touch(rp, &col->obj);
    if (cd->type_name && !serial_base) {
        /* Record the type dependency on the column now that it exists. */
        char *again = rp_type(rp, cd->type_name, &col->obj);
        free(again);
    }
    if (cd->coll_clause) {
        PgQuery__CollateClause *cc = cd->coll_clause;
        const char *cs, *cn;
        if (rp_qualname(rp, cc->collname, cc->n_collname, &cs, &cn, cc->location) < 0)
            return -1;
        col->collation = rp_qualified(cs && strcmp(cs, "pg_catalog") ? cs : NULL, cn);
    }
    if (serial_base) {
        col->not_null = true;
        cat_rel *seq = rp_new_owned_seq(rp, r, col, serial_base, false);
        if (serial_default(rp, r, col, seq) < 0)
            return -1;
    }
    bool saw_null = false, saw_notnull = false, saw_default = false, saw_generated = false;
    for (size_t i = 0; i < cd->n_constraints; i++) {
        PgQuery__Constraint *c = cd->constraints[i]->constraint;
        switch (c->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
            if (saw_notnull)
                return rp_error(rp, c->location, "conflicting NULL/NOT NULL declarations for column \"%s\" of table \"%s\"",
                                col->name, r->name);
            saw_null = true;
            if (!serial_base && !col->identity)
                col->not_null = false;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
            if (saw_null)
                return rp_error(rp, c->location, "conflicting NULL/NOT NULL declarations for column \"%s\" of table \"%s\"",
                                col->name, r->name);
            saw_notnull = true;
            col->not_null = true;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
            if (saw_default || serial_base)
                return rp_error(rp, c->location, "multiple default values specified for column \"%s\" of table \"%s\"",
                                col->name, r->name);
            if (saw_generated) /* the server's transformColumnDefinition */
                return rp_error(rp, c->location, "both default and generation expression specified for column \"%s\" of table \"%s\"",
                                col->name, r->name);
            saw_default = true;
            if (rp_column_default(rp, r, col, c->raw_expr) < 0)
                return -1;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
            if (serial_base || saw_default)
                return rp_error(rp, c->location, "both default and identity specified for column \"%s\" of table \"%s\"",
                                col->name, r->name);
            if (saw_generated)
                return rp_error(rp, c->location, "both identity and generation expression specified for column \"%s\" of table \"%s\"",
                                col->name, r->name);
            if (set_identity(rp, r, col, c) < 0)
                return -1;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
            if (saw_generated)
                return rp_error(rp, c->location, "multiple generation clauses specified for column \"%s\" of table \"%s\"",
                                col->name, r->name);
            if (col->identity)
                return rp_error(rp, c->location, "both identity and generation expression specified for column \"%s\" of table \"%s\"",
                                col->name, r->name);
            if (saw_default || serial_base)
                return rp_error(rp, c->location, "both default and generation expression specified for column \"%s\" of table \"%s\"",
                                col->name, r->name);
            saw_generated = true;
            col->generated = rp_expr_typed(rp, c->raw_expr, r, &col->obj, DEP_NORMAL, col->type);
            if (!col->generated)
                return -1;
            break;
        default:
            break; /* keyed constraints: the caller's phases */
        }
    }
    if (col->identity && saw_default)
        return rp_error(rp, cd->location, "both default and identity specified for column \"%s\" of table \"%s\"",
                        col->name, r->name);
    return 0;
}

/* ---- constraints ------------------------------------------------------------------ */

static bool same_strvec(const strvec *a, const strvec *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]))
            return false;
    return true;
}

/* The columns of a key.  kind names the constraint in the server's
 * "appears twice" error ("unique", "primary key"); NULL where the server
 * accepts a repeated column (INCLUDE lists, the referencing side of a
 * foreign key).  fk: a missing column is reported in foreign key words. */
static int key_columns(replayer *rp, cat_rel *r, PgQuery__Node **keys, size_t n,
                       const char *colname, strvec *out, int location, const char *kind, bool fk)
{
    if (colname && n == 0) {
        strvec_push(out, colname);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        const char *k = ast_str(keys[i]);
        if (!k)
            return rp_error(rp, location, "unexpected key element");
        if (!cat_column_get(r, k))
            return rp_error(rp, location, fk ? "column \"%s\" referenced in foreign key constraint does not exist"
                                             : "column \"%s\" named in key does not exist", k);
        if (kind && strvec_has(out, k))
            return rp_error(rp, location, "column \"%s\" appears twice in %s constraint", k, kind);
        strvec_push(out, k);
    }
    return 0;
}

static void deps_on_columns(cat_rel *r, cat_obj *o, const strvec *cols, char how)
{
    for (size_t i = 0; i < cols->n; i++)
        cat_dep_add(o, &cat_column_get(r, cols->v[i])->obj, how);
}

static int add_check(replayer *rp, cat_rel *r, PgQuery__Constraint *c)
{
    char *name;
    if (c->conname && *c->conname) {
        cat_constraint *old = cat_constraint_get(r, c->conname);
        if (old && rp->in_create_table && old->type == CON_CHECK && old->is_local)
            /* Two CHECKs of one CREATE TABLE: AddRelationNewConstraints
             * compares the names it is adding among themselves first. */
            return rp_error(rp, c->location, "check constraint \"%s\" already exists", c->conname);
        if (old && rp->in_create_table && old->type == CON_CHECK && !old->is_local) {
            /* A local CHECK that restates an inherited one is merged into it
             * (MergeWithExistingConstraint); a different expression is an
             * error. */
            char *e = rp_expr(rp, c->raw_expr, r, NULL, DEP_AUTO);
            if (!e)
                return -1;
            bool same = !strcmp(e, old->expr);
            free(e);
            if (same) {
                rp_notice(rp, "merging constraint \"%s\" with inherited definition", c->conname);
                old->is_local = true;
                return 0;
            }
        }
        if (old)
            return rp_error(rp, c->location, "constraint \"%s\" for relation \"%s\" already exists",
                            c->conname, r->name);
        name = xstrdup(c->conname);
    } else {
        const char *col = pgname_check_column(c->raw_expr, r->name, NULL, NULL);
        name = choose(rp, r, col, "check", false, true);
    }
    cat_constraint *k = cat_constraint_add(r, name, CON_CHECK);
    free(name);
    rp_touch(rp, &k->obj);
    k->no_inherit = c->is_no_inherit;
    k->not_valid = c->skip_validation;
    k->expr = rp_expr(rp, c->raw_expr, r, &k->obj, DEP_AUTO);
    return k->expr ? 0 : -1;
}

static int add_keyed(replayer *rp, cat_rel *r, PgQuery__Constraint *c, const char *colname)
{
    bool primary = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
    bool excl = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION;
    if (c->indexname && *c->indexname)
        return rp_unsupported(rp, c->location, "ADD CONSTRAINT ... USING INDEX");
    strvec cols = STRVEC_INIT, incl = STRVEC_INIT;
    int rc = -1;
    if (excl) {
        if (rp_unsupported(rp, c->location, "EXCLUDE constraints are recorded without their elements") < 0)
            goto out;
    } else if (key_columns(rp, r, c->keys, c->n_keys, colname, &cols, c->location,
                           primary ? "primary key" : "unique", false) < 0) {
        goto out;
    }
    if (key_columns(rp, r, c->including, c->n_including, NULL, &incl, c->location, NULL, false) < 0)
        goto out;
    if (primary) {
        for (size_t i = 0; i < r->ncons; i++)
            if (r->cons[i]->type == CON_PRIMARY) {
                rc = rp_error(rp, c->location, "multiple primary keys for table \"%s\" are not allowed", r->name);
                goto out;
            }
    } else if (!excl && !(c->conname && *c->conname) && rp->in_create_table) {
        /* Within one CREATE TABLE, a unique constraint identical to the
         * primary key or an earlier unique one is dropped silently, as the
         * server does; ALTER TABLE ADD makes a second one. */
        for (size_t i = 0; i < r->ncons; i++) {
            cat_constraint *o = r->cons[i];
            if ((o->type == CON_PRIMARY || o->type == CON_UNIQUE) && same_strvec(&o->columns, &cols) &&
                same_strvec(&o->include, &incl) && o->nulls_not_distinct == c->nulls_not_distinct) {
                rc = 0;
                goto out;
            }
        }
    }
    char *name;
    if (c->conname && *c->conname) {
        if (cat_constraint_get(r, c->conname)) {
            rc = rp_error(rp, c->location, "constraint \"%s\" for relation \"%s\" already exists", c->conname, r->name);
            goto out;
        }
        if (cat_relname_taken(rp->cat, r->schema, c->conname)) {
            rc = rp_error(rp, c->location, "relation \"%s\" already exists", c->conname);
            goto out;
        }
        name = xstrdup(c->conname);
    } else {
        strvec parts = STRVEC_INIT;
        for (size_t i = 0; i < cols.n; i++)
            pgname_index_colname_add(&parts, cols.v[i]);
        for (size_t i = 0; i < incl.n; i++)
            pgname_index_colname_add(&parts, incl.v[i]);
        char *joined = pgname_join_colnames(&parts);
        name = choose(rp, r, primary ? NULL : joined, primary ? "pkey" : excl ? "excl" : "key", true, true);
        free(joined);
        strvec_clear(&parts);
    }
    cat_constraint *k = cat_constraint_add(r, name, primary ? CON_PRIMARY : excl ? CON_EXCLUDE : CON_UNIQUE);
    rp_touch(rp, &k->obj);
    k->deferrable = c->deferrable;
    k->deferred = c->initdeferred;
    k->nulls_not_distinct = c->nulls_not_distinct;
    for (size_t i = 0; i < cols.n; i++)
        strvec_push(&k->columns, cols.v[i]);
    for (size_t i = 0; i < incl.n; i++)
        strvec_push(&k->include, incl.v[i]);
    rp_reloptions(c->options, c->n_options, &k->index_options);
    cat_index *ix = cat_index_add(rp->cat, r, name);
    free(name);
    rp_touch(rp, &ix->obj);
    ix->unique = !excl;
    ix->nulls_not_distinct = c->nulls_not_distinct;
    if (excl && c->access_method && *c->access_method) {
        free(ix->method);
        ix->method = xstrdup(c->access_method);
    }
    for (size_t i = 0; i < cols.n; i++)
        strvec_push_nodup(&ix->elems, pgident_quote(cols.v[i]));
    for (size_t i = 0; i < incl.n; i++)
        strvec_push(&ix->include, incl.v[i]);
    for (size_t i = 0; i < k->index_options.n; i++)
        strvec_push(&ix->options, k->index_options.v[i]);
    if (c->indexspace && *c->indexspace)
        ix->tablespace = xstrdup(c->indexspace);
    ix->constraint = k;
    k->index = ix;
    deps_on_columns(r, &k->obj, &cols, DEP_AUTO);
    deps_on_columns(r, &k->obj, &incl, DEP_AUTO);
    if (primary) /* a primary key makes its columns NOT NULL */
        for (size_t i = 0; i < cols.n; i++)
            cat_column_get(r, cols.v[i])->not_null = true;
    rc = 0;
out:
    strvec_clear(&cols);
    strvec_clear(&incl);
    return rc;
}

static char fk_action(const char *a)
{
    return a && *a ? a[0] : 'a';
}

static int add_foreign(replayer *rp, cat_rel *r, PgQuery__Constraint *c, const char *colname)
{
    cat_rel *ref = rp_rel(rp, c->pktable, false);
    if (!ref)
        return -1;
    if (ref->relkind != 'r' && ref->relkind != 'p')
        return rp_error(rp, c->location, "referenced relation \"%s\" is not a table", ref->name);
    strvec cols = STRVEC_INIT, refcols = STRVEC_INIT;
    int rc = -1;
    if (key_columns(rp, r, c->fk_attrs, c->n_fk_attrs, colname, &cols, c->location, NULL, true) < 0)
        goto out;
    cat_index *target = NULL;
    if (c->n_pk_attrs) {
        for (size_t i = 0; i < c->n_pk_attrs; i++) {
            const char *k = ast_str(c->pk_attrs[i]);
            if (!cat_column_get(ref, k)) {
                rc = rp_error(rp, c->location, "column \"%s\" referenced in foreign key constraint does not exist", k);
                goto out;
            }
            strvec_push(&refcols, k);
        }
        /* The referenced columns must be exactly the keys of a unique
         * index (in any order): a PK or UNIQUE constraint's, or a plain
         * CREATE UNIQUE INDEX without predicate or expressions, as
         * transformFkeyCheckAttrs accepts.  A deferrable one matches but
         * cannot be used, which the server reports as such. */
        bool found_deferrable = false;
        for (size_t i = 0; i < ref->nidx && !target; i++) {
            cat_index *ix = ref->idx[i];
            if (!ix->unique || ix->where || ix->elems.n != refcols.n)
                continue;
            bool all = true;
            for (size_t k = 0; k < ix->elems.n && all; k++) {
                bool hit = false;
                for (size_t m = 0; m < refcols.n && !hit; m++) {
                    char *q = pgident_quote(refcols.v[m]);
                    size_t ql = strlen(q);
                    hit = !strncmp(ix->elems.v[k], q, ql) && (ix->elems.v[k][ql] == '\0' || ix->elems.v[k][ql] == ' ');
                    free(q);
                }
                all = hit;
            }
            if (all && ix->constraint && ix->constraint->deferrable)
                found_deferrable = true;
            else if (all)
                target = ix;
        }
        if (!target) {
            rc = rp_error(rp, c->location, found_deferrable
                          ? "cannot use a deferrable unique constraint for referenced table \"%s\""
                          : "there is no unique constraint matching given keys for referenced table \"%s\"",
                          ref->name);
            goto out;
        }
    } else {
        cat_constraint *pk = NULL;
        for (size_t i = 0; i < ref->ncons; i++)
            if (ref->cons[i]->type == CON_PRIMARY)
                pk = ref->cons[i];
        if (!pk) {
            rc = rp_error(rp, c->location, "there is no primary key for referenced table \"%s\"", ref->name);
            goto out;
        }
        if (pk->deferrable) {
            rc = rp_error(rp, c->location, "cannot use a deferrable primary key for referenced table \"%s\"", ref->name);
            goto out;
        }
        target = pk->index;
        for (size_t i = 0; i < pk->columns.n; i++)
            strvec_push(&refcols, pk->columns.v[i]);
    }
    if (refcols.n != cols.n) {
        rc = rp_error(rp, c->location, "number of referencing and referenced columns for foreign key disagree");
        goto out;
    }
    char *name;
    if (c->conname && *c->conname) {
        if (cat_constraint_get(r, c->conname)) {
            rc = rp_error(rp, c->location, "constraint \"%s\" for relation \"%s\" already exists", c->conname, r->name);
            goto out;
        }
        name = xstrdup(c->conname);
    } else {
        /* The referencing columns as written, repeats kept: (a, a) gives
         * t_a_a_fkey (ChooseForeignKeyConstraintNameAddition). */
        char *joined = pgname_join_colnames(&cols);
        name = choose(rp, r, joined, "fkey", false, true);
        free(joined);
    }
    cat_constraint *k = cat_constraint_add(r, name, CON_FOREIGN);
    free(name);
    rp_touch(rp, &k->obj);
    k->ref = ref;
    for (size_t i = 0; i < cols.n; i++)
        strvec_push(&k->columns, cols.v[i]);
    for (size_t i = 0; i < refcols.n; i++)
        strvec_push(&k->ref_columns, refcols.v[i]);
    k->match = c->fk_matchtype && *c->fk_matchtype ? c->fk_matchtype[0] : 's';
    k->on_update = fk_action(c->fk_upd_action);
    k->on_delete = fk_action(c->fk_del_action);
    for (size_t i = 0; i < c->n_fk_del_set_cols; i++)
        strvec_push(&k->on_delete_columns, ast_str(c->fk_del_set_cols[i]));
    k->deferrable = c->deferrable;
    k->deferred = c->initdeferred;
    k->not_valid = c->skip_validation;
    deps_on_columns(r, &k->obj, &cols, DEP_AUTO);
    if (ref != r) {
        deps_on_columns(ref, &k->obj, &refcols, DEP_NORMAL);
        if (target)
            cat_dep_add(&k->obj, &target->obj, DEP_NORMAL);
    }
    rc = 0;
out:
    strvec_clear(&cols);
    strvec_clear(&refcols);
    return rc;
}

int rp_add_constraint(replayer *rp, cat_rel *r, PgQuery__Constraint *c, const char *colname)
{
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        return add_check(rp, r, c);
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
        return add_keyed(rp, r, c, colname);
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        return add_foreign(rp, r, c, colname);
    default:
        return 0;
    }
}

/* ---- CREATE TABLE ------------------------------------------------------------------ */

/* One keyed constraint waiting for its phase, with the column it was
 * written on (NULL for table constraints). */
typedef struct pending {
    PgQuery__Constraint *c;
    const char *col;
} pending;

static int phase_of(PgQuery__ConstrType t)
{
    switch (t) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: return 0;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: return 1;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: return 2;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: return 3;
    default: return -1;
    }
}

/* Applies the column-level attribute constraints DEFERRABLE / INITIALLY
 * DEFERRED to the keyed constraint before them. */
static void fold_attrs(PgQuery__Node **list, size_t n)
{
    PgQuery__Constraint *last = NULL;
    for (size_t i = 0; i < n; i++) {
        PgQuery__Constraint *c = list[i]->constraint;
        switch (c->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE: if (last) last->deferrable = true; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE: if (last) last->deferrable = false; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED: if (last) last->initdeferred = true; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE: if (last) last->initdeferred = false; break;
        default:
            if (phase_of(c->contype) >= 0)
                last = c;
        }
    }
}

static int inherit_from(replayer *rp, cat_rel *r, cat_rel *parent)
{
    for (size_t i = 0; i < parent->ncols; i++) {
        cat_column *pc = parent->cols[i];
        cat_column *col = cat_column_get(r, pc->name);
        if (col) {
            if (strcmp(col->type, pc->type))
                return rp_error(rp, -1, "inherited column \"%s\" has a type conflict\nDETAIL: %s versus %s",
                                pc->name, col->type, pc->type);
            col->inh_count++;
            col->not_null |= pc->not_null;
            continue;
        }
        col = cat_column_add(r, pc->name, pc->type);
        rp_touch(rp, &col->obj);
        col->not_null = pc->not_null;
        col->is_local = false;
        col->inh_count = 1;
        if (pc->collation)
            col->collation = xstrdup(pc->collation);
        if (pc->default_expr)
            col->default_expr = xstrdup(pc->default_expr);
        if (pc->generated)
            col->generated = xstrdup(pc->generated);
    }
    for (size_t i = 0; i < parent->ncons; i++) {
        cat_constraint *pk = parent->cons[i];
        if (pk->type != CON_CHECK || pk->no_inherit)
            continue;
        cat_constraint *k = cat_constraint_get(r, pk->name);
        if (!k) {
            k = cat_constraint_add(r, pk->name, CON_CHECK);
            k->expr = xstrdup(pk->expr);
            k->is_local = false;
            k->not_valid = pk->not_valid;
            rp_touch(rp, &k->obj);
        }
    }
    r->inherits = xrealloc(r->inherits, (r->ninherits + 1) * sizeof(cat_rel *));
    r->inherits[r->ninherits++] = parent;
    cat_dep_add(&r->obj, &parent->obj, DEP_NORMAL);
    return 0;
}

/* A local definition of a column that is also inherited: the server
 * merges the two (MergeAttributes).  The types must agree; the local NOT
 * NULL and DEFAULT apply to the merged column, which keeps the inherited
 * position; its keyed and CHECK constraints are added by the caller. */
static int merge_local_column(replayer *rp, cat_rel *r, cat_column *col, PgQuery__ColumnDef *cd)
{
    const char *serial_base = NULL;
    if (cd->type_name && pgtype_is_serial(cd->type_name, &serial_base))
        return rp_unsupported(rp, cd->location, "a serial column merged with an inherited column");
    char *type = cd->type_name ? rp_type(rp, cd->type_name, NULL) : NULL;
    if (!type)
        return -1;
    if (strcmp(type, col->type)) {
        int rc = rp_error(rp, cd->location, "column \"%s\" has a type conflict\nDETAIL: %s versus %s",
                          col->name, col->type, type);
        free(type);
        return rc;
    }
    free(type);
    rp_notice(rp, "merging column \"%s\" with inherited definition", col->name);
    col->is_local = true;
    rp_touch(rp, &col->obj);
    for (size_t i = 0; i < cd->n_constraints; i++) {
        PgQuery__Constraint *c = cd->constraints[i]->constraint;
        switch (c->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
            col->not_null = true;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
            break; /* an inherited NOT NULL stays */
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
            free(col->default_expr);
            cat_deps_clear(&col->obj, DEP_DEFAULT);
            if (rp_column_default(rp, r, col, c->raw_expr) < 0)
                return -1;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
            if (rp_unsupported(rp, c->location, "identity or generated column merged with an inherited column") < 0)
                return -1;
            break;
        default:
            break; /* keyed and CHECK constraints: the caller's phases */
        }
    }
    return 0;
}

static char *partition_key(replayer *rp, cat_rel *r, PgQuery__PartitionSpec *ps)
{
    strbuf sb = STRBUF_INIT;
    const char *st = ps->strategy;
    sb_adds(&sb, !strcmp(st, "list") ? "LIST" : !strcmp(st, "range") ? "RANGE" : "HASH");
    sb_adds(&sb, " (");
    for (size_t i = 0; i < ps->n_part_params; i++) {
        PgQuery__PartitionElem *pe = ps->part_params[i]->partition_elem;
        if (i)
            sb_adds(&sb, ", ");
        if (pe->name && *pe->name) {
            cat_column *col = cat_column_get(r, pe->name);
            if (!col) {
                rp_error(rp, pe->location, "column \"%s\" named in partition key does not exist", pe->name);
                sb_release(&sb);
                return NULL;
            }
            cat_dep_add(&r->obj, &col->obj, DEP_AUTO);
            pgident_quote_sb(&sb, pe->name);
        } else {
            /* the key depends on the columns it reads, as a plain key
             * column does (dropping or retyping them is refused) */
            char *e = rp_expr(rp, pe->expr, r, &r->obj, DEP_AUTO);
            if (!e) {
                sb_release(&sb);
                return NULL;
            }
            sb_addf(&sb, "(%s)", e);
            free(e);
        }
        if (pe->n_opclass) {
            const char *s, *n;
            rp_qualname(rp, pe->opclass, pe->n_opclass, &s, &n, pe->location);
            sb_addf(&sb, " %s", n);
        }
    }
    sb_addc(&sb, ')');
    return sb_detach(&sb);
}

static int bound_list(replayer *rp, cat_rel *r, strbuf *sb, PgQuery__Node **d, size_t n)
{
    sb_addc(sb, '(');
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_adds(sb, ", ");
        PgQuery__Node *v = d[i];
        if (v->node_case == PG_QUERY__NODE__NODE_PARTITION_RANGE_DATUM) {
            PgQuery__PartitionRangeDatum *prd = v->partition_range_datum;
            if (prd->kind == PG_QUERY__PARTITION_RANGE_DATUM_KIND__PARTITION_RANGE_DATUM_MINVALUE) {
                sb_adds(sb, "MINVALUE");
                continue;
            }
            if (prd->kind == PG_QUERY__PARTITION_RANGE_DATUM_KIND__PARTITION_RANGE_DATUM_MAXVALUE) {
                sb_adds(sb, "MAXVALUE");
                continue;
            }
            v = prd->value;
        }
        /* MINVALUE/MAXVALUE arrive as bare column references in PG 15's
         * raw grammar. */
        if (v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && v->column_ref->n_fields == 1) {
            const char *w = ast_str(v->column_ref->fields[0]);
            if (w && (!strcmp(w, "minvalue") || !strcmp(w, "maxvalue"))) {
                sb_adds(sb, !strcmp(w, "minvalue") ? "MINVALUE" : "MAXVALUE");
                continue;
            }
        }
        char *e = rp_expr(rp, v, NULL, &r->obj, DEP_NORMAL);
        if (!e)
            return -1;
        sb_adds(sb, e);
        free(e);
    }
    sb_addc(sb, ')');
    return 0;
}

static char *partition_bound(replayer *rp, cat_rel *r, PgQuery__PartitionBoundSpec *b)
{
    strbuf sb = STRBUF_INIT;
    int rc = 0;
    if (b->is_default) {
        sb_adds(&sb, "DEFAULT");
    } else if (!strcmp(b->strategy, "h")) {
        sb_addf(&sb, "FOR VALUES WITH (modulus %d, remainder %d)", b->modulus, b->remainder);
    } else if (!strcmp(b->strategy, "l")) {
        sb_adds(&sb, "FOR VALUES IN ");
        rc = bound_list(rp, r, &sb, b->listdatums, b->n_listdatums);
    } else {
        sb_adds(&sb, "FOR VALUES FROM ");
        rc = bound_list(rp, r, &sb, b->lowerdatums, b->n_lowerdatums);
        if (rc == 0) {
            sb_adds(&sb, " TO ");
            rc = bound_list(rp, r, &sb, b->upperdatums, b->n_upperdatums);
        }
    }
    if (rc < 0) {
        sb_release(&sb);
        return NULL;
    }
    return sb_detach(&sb);
}

/* ---- partitions: what a partition takes from its parent ---------------------------- */

/* Two indexes with the same definition (CompareIndexInfo, simplified to
 * the catalog's canonical texts). */
static bool same_index(const cat_index *a, const cat_index *b)
{
    return a->unique == b->unique && a->nulls_not_distinct == b->nulls_not_distinct &&
           !strcmp(a->method, b->method) && same_strvec(&a->elems, &b->elems) &&
           same_strvec(&a->include, &b->include) &&
           ((!a->where && !b->where) || (a->where && b->where && !strcmp(a->where, b->where))) &&
           (a->constraint ? b->constraint && a->constraint->type == b->constraint->type : !b->constraint);
}

/* The column names a cloned index is named after: a key column's name, or
 * what the server derives from an expression ("lower", else "expr"). */
static void clone_colnames(const cat_index *ix, strvec *parts)
{
    for (size_t i = 0; i < ix->elems.n + ix->include.n; i++) {
        const char *e = i < ix->elems.n ? ix->elems.v[i] : ix->include.v[i - ix->elems.n];
        if (i >= ix->elems.n || e[0] != '(') {
            char *name;
            if (e[0] == '"') { /* "Quoted" name, "" doubled */
                strbuf sb = STRBUF_INIT;
                for (const char *p = e + 1; *p && !(*p == '"' && p[1] != '"'); p++) {
                    if (*p == '"')
                        p++;
                    sb_addc(&sb, *p);
                }
                name = sb_detach(&sb);
            } else {
                name = xstrndup(e, strcspn(e, " "));
            }
            pgname_index_colname_add(parts, name);
            free(name);
            continue;
        }
        size_t k = rp_paren_end(e);
        char *inner = xstrndup(e + 1, k - 1);
        strbuf err = STRBUF_INIT;
        PgQuery__ParseResult *pr = NULL;
        PgQuery__Node *x = parse_expr(inner, &pr, &err);
        const char *fig = x ? pgname_figure_colname(x) : NULL;
        pgname_index_colname_add(parts, fig ? fig : "expr");
        if (pr)
            pg_query__parse_result__free_unpacked(pr, NULL);
        sb_release(&err);
        free(inner);
    }
}

/* Records child index elements' dependencies on the child's columns. */
static int index_deps(replayer *rp, cat_rel *child, cat_index *ix)
{
    for (size_t i = 0; i < ix->elems.n + ix->include.n; i++) {
        const char *e = i < ix->elems.n ? ix->elems.v[i] : ix->include.v[i - ix->elems.n];
        if (i >= ix->elems.n || e[0] != '(') {
            for (size_t k = 0; k < child->ncols; k++) {
                char *q = i < ix->elems.n ? pgident_quote(child->cols[k]->name) : xstrdup(child->cols[k]->name);
                size_t ql = strlen(q);
                if (!strncmp(e, q, ql) && (e[ql] == '\0' || e[ql] == ' '))
                    cat_dep_add(&ix->obj, &child->cols[k]->obj, DEP_AUTO);
                free(q);
            }
            continue;
        }
        size_t k = rp_paren_end(e);
        char *inner = xstrndup(e + 1, k - 1);
        strbuf err = STRBUF_INIT;
        PgQuery__ParseResult *pr = NULL;
        PgQuery__Node *x = parse_expr(inner, &pr, &err);
        char *t = x ? rp_expr(rp, x, child, &ix->obj, DEP_AUTO) : NULL;
        free(t);
        if (pr)
            pg_query__parse_result__free_unpacked(pr, NULL);
        sb_release(&err);
        free(inner);
    }
    if (ix->where) {
        strbuf err = STRBUF_INIT;
        PgQuery__ParseResult *pr = NULL;
        PgQuery__Node *x = parse_expr(ix->where, &pr, &err);
        char *t = x ? rp_expr(rp, x, child, &ix->obj, DEP_AUTO) : NULL;
        free(t);
        if (pr)
            pg_query__parse_result__free_unpacked(pr, NULL);
        sb_release(&err);
    }
    return 0;
}

/* The index (and key constraint) a partition gets for its parent's index
 * pix: an equivalent one it has is attached (ATTACH only), else one is
 * made and named after the partition (DefineIndex recursing, with the
 * names ChooseIndexName / ChooseConstraintName give); then on down to the
 * partition's own partitions. */
int rp_clone_index(replayer *rp, cat_rel *child, const cat_index *pix, bool attach)
{
    cat_index *ix = NULL;
    for (size_t i = 0; attach && i < child->nidx && !ix; i++)
        if (same_index(child->idx[i], pix))
            ix = child->idx[i];
    if (ix) {
        if (ix->constraint)
            ix->constraint->is_local = false;
    } else {
        const cat_constraint *pk = pix->constraint;
        strvec parts = STRVEC_INIT;
        clone_colnames(pix, &parts);
        char *joined = pgname_join_colnames(&parts);
        strvec_clear(&parts);
        bool primary = pk && pk->type == CON_PRIMARY;
        char *name = pk ? choose(rp, child, primary ? NULL : joined, primary ? "pkey" : "key", true, true)
                        : choose(rp, child, joined, "idx", true, false);
        free(joined);
        ix = cat_index_add(rp->cat, child, name);
        rp_touch(rp, &ix->obj);
        ix->unique = pix->unique;
        ix->nulls_not_distinct = pix->nulls_not_distinct;
        free(ix->method);
        ix->method = xstrdup(pix->method);
        for (size_t i = 0; i < pix->elems.n; i++)
            strvec_push(&ix->elems, pix->elems.v[i]);
        for (size_t i = 0; i < pix->include.n; i++)
            strvec_push(&ix->include, pix->include.v[i]);
        for (size_t i = 0; i < pix->options.n; i++)
            strvec_push(&ix->options, pix->options.v[i]);
        if (pix->where)
            ix->where = xstrdup(pix->where);
        if (pk) {
            cat_constraint *k = cat_constraint_add(child, name, pk->type);
            rp_touch(rp, &k->obj);
            k->is_local = false;
            k->deferrable = pk->deferrable;
            k->deferred = pk->deferred;
            k->nulls_not_distinct = pk->nulls_not_distinct;
            for (size_t i = 0; i < pk->columns.n; i++)
                strvec_push(&k->columns, pk->columns.v[i]);
            for (size_t i = 0; i < pk->include.n; i++)
                strvec_push(&k->include, pk->include.v[i]);
            for (size_t i = 0; i < pk->index_options.n; i++)
                strvec_push(&k->index_options, pk->index_options.v[i]);
            k->index = ix;
            ix->constraint = k;
            for (size_t i = 0; i < k->columns.n + k->include.n; i++) {
                const char *cn = i < k->columns.n ? k->columns.v[i] : k->include.v[i - k->columns.n];
                cat_column *col = cat_column_get(child, cn);
                if (col) {
                    cat_dep_add(&k->obj, &col->obj, DEP_AUTO);
                    if (primary && i < k->columns.n)
                        col->not_null = true;
                }
            }
        } else {
            index_deps(rp, child, ix);
        }
        free(name);
    }
    for (size_t i = 0; i < rp->cat->nrels; i++)
        if (rp->cat->rels[i]->partition_of == child && rp_clone_index(rp, rp->cat->rels[i], ix, attach) < 0)
            return -1;
    return 0;
}

/* A partition's copy of its parent's foreign key: same name, same
 * reference (CloneFkReferencing); then on down. */
int rp_clone_fk(replayer *rp, cat_rel *child, const cat_constraint *pf)
{
    if (!cat_constraint_get(child, pf->name)) {
        cat_constraint *k = cat_constraint_add(child, pf->name, CON_FOREIGN);
        rp_touch(rp, &k->obj);
        k->is_local = false;
        k->ref = pf->ref;
        for (size_t i = 0; i < pf->columns.n; i++) {
            strvec_push(&k->columns, pf->columns.v[i]);
            cat_column *col = cat_column_get(child, pf->columns.v[i]);
            if (col)
                cat_dep_add(&k->obj, &col->obj, DEP_AUTO);
        }
        for (size_t i = 0; i < pf->ref_columns.n; i++)
            strvec_push(&k->ref_columns, pf->ref_columns.v[i]);
        for (size_t i = 0; i < pf->on_delete_columns.n; i++)
            strvec_push(&k->on_delete_columns, pf->on_delete_columns.v[i]);
        k->match = pf->match;
        k->on_update = pf->on_update;
        k->on_delete = pf->on_delete;
        k->deferrable = pf->deferrable;
        k->deferred = pf->deferred;
        k->not_valid = pf->not_valid;
        for (size_t i = 0; i < pf->obj.ndeps; i++)
            if (pf->obj.deps[i].target->parent != &as_rel(pf->obj.parent)->obj)
                cat_dep_add(&k->obj, pf->obj.deps[i].target, pf->obj.deps[i].how);
    }
    for (size_t i = 0; i < rp->cat->nrels; i++)
        if (rp->cat->rels[i]->partition_of == child && rp_clone_fk(rp, rp->cat->rels[i], pf) < 0)
            return -1;
    return 0;
}

/* Makes child a partition of parent.  Like the server (MergeAttributes for
 * PARTITION OF, ATExecAttachPartition for ATTACH): an attached table must
 * have exactly the parent's columns, with its types and NOT NULLs, and its
 * inheritable CHECKs; its columns and those CHECKs become inherited; it
 * gets the parent's CHECKs (PARTITION OF), indexes, keys and foreign
 * keys, an equivalent index it already has standing in for a new one. */
int rp_attach_partition(replayer *rp, cat_rel *parent, cat_rel *child, PgQuery__PartitionBoundSpec *b, bool attach);
int rp_attach_partition(replayer *rp, cat_rel *parent, cat_rel *child, PgQuery__PartitionBoundSpec *b, bool attach)
{
    if (parent->relkind != 'p')
        return rp_error(rp, -1, "table \"%s\" is not partitioned", parent->name);
    if (child->partition_of)
        return rp_error(rp, -1, "\"%s\" is already a partition", child->name);
    if (attach) {
        for (size_t i = 0; i < child->ncols; i++)
            if (!cat_column_get(parent, child->cols[i]->name))
                return rp_error(rp, -1, "table \"%s\" contains column \"%s\" not found in parent \"%s\"\n"
                                "DETAIL: The new partition may contain only the columns present in parent.",
                                child->name, child->cols[i]->name, parent->name);
        for (size_t i = 0; i < parent->ncols; i++) {
            cat_column *pc = parent->cols[i], *c = cat_column_get(child, pc->name);
            if (!c)
                return rp_error(rp, -1, "child table is missing column \"%s\"", pc->name);
            if (strcmp(c->type, pc->type))
                return rp_error(rp, -1, "child table \"%s\" has different type for column \"%s\"", child->name, pc->name);
            if (pc->not_null && !c->not_null)
                return rp_error(rp, -1, "column \"%s\" in child table must be marked NOT NULL", pc->name);
        }
    }
    for (size_t i = 0; i < parent->ncons; i++) {
        cat_constraint *pk = parent->cons[i];
        if (pk->type != CON_CHECK || pk->no_inherit)
            continue;
        cat_constraint *k = cat_constraint_get(child, pk->name);
        if (k && (k->type != CON_CHECK || !k->expr || strcmp(k->expr, pk->expr)))
            return rp_error(rp, -1, "child table \"%s\" has different definition for check constraint \"%s\"",
                            child->name, pk->name);
        if (!k && attach)
            return rp_error(rp, -1, "child table is missing constraint \"%s\"", pk->name);
    }
    child->partition_bound = partition_bound(rp, child, b);
    if (!child->partition_bound)
        return -1;
    child->partition_of = parent;
    if (attach)
        for (size_t i = 0; i < child->ncols; i++) {
            child->cols[i]->is_local = false;
            child->cols[i]->inh_count = 1;
        }
    for (size_t i = 0; i < parent->ncons; i++) {
        cat_constraint *pk = parent->cons[i];
        if (pk->type != CON_CHECK || pk->no_inherit)
            continue;
        cat_constraint *k = cat_constraint_get(child, pk->name);
        if (k) {
            k->is_local = false;
            continue;
        }
        k = cat_constraint_add(child, pk->name, CON_CHECK);
        rp_touch(rp, &k->obj);
        k->is_local = false;
        k->not_valid = pk->not_valid;
        strbuf err = STRBUF_INIT;
        PgQuery__ParseResult *pr = NULL;
        PgQuery__Node *x = parse_expr(pk->expr, &pr, &err);
        k->expr = x ? rp_expr(rp, x, child, &k->obj, DEP_AUTO) : NULL;
        if (pr)
            pg_query__parse_result__free_unpacked(pr, NULL);
        sb_release(&err);
        if (!k->expr)
            return -1;
    }
    for (size_t i = 0; i < parent->nidx; i++) {
        cat_index *pix = parent->idx[i];
        if (pix->constraint && pix->constraint->type == CON_EXCLUDE)
            continue;
        if (rp_clone_index(rp, child, pix, attach) < 0)
            return -1;
    }
    for (size_t i = 0; i < parent->ncons; i++)
        if (parent->cons[i]->type == CON_FOREIGN && rp_clone_fk(rp, child, parent->cons[i]) < 0)
            return -1;
    for (size_t i = 0; i < parent->ntrig; i++)
        if (parent->trig[i]->for_each_row && rp_clone_trigger(rp, child, parent->trig[i]) < 0)
            return -1;
    return 0;
}

static int like_clause(replayer *rp, cat_rel *r, PgQuery__TableLikeClause *lc)
{
    cat_rel *src = rp_rel(rp, lc->relation, false);
    if (!src)
        return -1;
    /* CREATE_TABLE_LIKE_* bits: COMMENTS 1, COMPRESSION 2, CONSTRAINTS 4,
     * DEFAULTS 8, GENERATED 16, IDENTITY 32, INDEXES 64, STATISTICS 128,
     * STORAGE 256. */
    uint32_t o = lc->options;
    if (o & (4 | 32 | 64))
        if (rp_unsupported(rp, lc->relation->location, "LIKE ... INCLUDING CONSTRAINTS/IDENTITY/INDEXES copies only columns here") < 0)
            return -1;
    for (size_t i = 0; i < src->ncols; i++) {
        cat_column *sc = src->cols[i];
        if (cat_column_get(r, sc->name))
            return rp_error(rp, -1, "column \"%s\" specified more than once", sc->name);
        cat_column *col = cat_column_add(r, sc->name, sc->type);
        rp_touch(rp, &col->obj);
        col->not_null = sc->not_null;
        if (sc->collation)
            col->collation = xstrdup(sc->collation);
        if ((o & 8) && sc->default_expr)
            col->default_expr = xstrdup(sc->default_expr);
        if ((o & 16) && sc->generated)
            col->generated = xstrdup(sc->generated);
        if ((o & 1) && sc->obj.comment)
            col->obj.comment = xstrdup(sc->obj.comment);
    }
    return 0;
}

int rp_create_table(replayer *rp, PgQuery__CreateStmt *cs)
{
    PgQuery__RangeVar *rv = cs->relation;
    if (rv->relpersistence && rv->relpersistence[0] == 't') {
        rp->nskipped++;
        return 0; /* temporary tables vanish with the session */
    }
    if (cs->of_typename)
        return rp_unsupported(rp, rv->location, "CREATE TABLE ... OF type");
    cat_schema *s = rp_target_schema(rp, rv->schemaname, rv->location);
    if (!s)
        return -1;
    if (cat_relname_taken(rp->cat, s, rv->relname)) {
        if (cs->if_not_exists) {
            rp_notice(rp, "relation \"%s\" already exists, skipping", rv->relname);
            return 0;
        }
        return rp_error(rp, rv->location, "relation \"%s\" already exists", rv->relname);
    }
    /* IF NOT EXISTS looks at relations only */
    if (rp_check_rowtype(rp, s, rv->relname, rv->location) < 0)
        return -1;
    cat_rel *r = cat_rel_new(rp->cat, s, rv->relname, cs->partspec ? 'p' : 'r');
    rp_touch(rp, &r->obj);
    r->unlogged = rv->relpersistence && rv->relpersistence[0] == 'u';
    rp_reloptions(cs->options, cs->n_options, &r->options);
    if (cs->tablespacename && *cs->tablespacename)
        r->tablespace = xstrdup(cs->tablespacename);

    cat_rel *parent = NULL;
    int rc = 0;
    for (size_t i = 0; i < cs->n_inh_relations && rc == 0; i++) {
        cat_rel *p = rp_rel(rp, cs->inh_relations[i]->range_var, false);
        if (!p) {
            rc = -1;
        } else if (cs->partbound) {
            if (p->relkind != 'p') {
                /* MergeAttributes' wording, not ATTACH PARTITION's */
                rc = rp_error(rp, cs->inh_relations[i]->range_var->location, "\"%s\" is not partitioned", p->name);
                break;
            }
            parent = p;
            /* A partition's columns are its parent's. */
            for (size_t k = 0; k < p->ncols; k++) {
                cat_column *col = cat_column_add(r, p->cols[k]->name, p->cols[k]->type);
                rp_touch(rp, &col->obj);
                col->not_null = p->cols[k]->not_null;
                col->is_local = false;
                col->inh_count = 1;
                if (p->cols[k]->default_expr)
                    col->default_expr = xstrdup(p->cols[k]->default_expr);
            }
        } else {
            rc = inherit_from(rp, r, p);
        }
    }
    if (rc < 0) {
        /* Leave no half-made table behind. */
        rp_discard(rp, &r->obj);
        return -1;
    }

    size_t cap = 1 + cs->n_table_elts + cs->n_constraints;
    for (size_t i = 0; i < cs->n_table_elts; i++)
        if (cs->table_elts[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            cap += cs->table_elts[i]->column_def->n_constraints;
    pending *pend = xcalloc(cap, sizeof(pending));
    size_t np = 0;
    for (size_t i = 0; i < cs->n_table_elts && rc == 0; i++) {
        PgQuery__Node *e = cs->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            PgQuery__ColumnDef *cd = e->column_def;
            if (parent && cat_column_get(r, cd->colname)) {
                /* "PARTITION OF p (c WITH OPTIONS NOT NULL ...)" */
                cat_column *col = cat_column_get(r, cd->colname);
                for (size_t k = 0; k < cd->n_constraints; k++) {
                    PgQuery__Constraint *c = cd->constraints[k]->constraint;
                    if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
                        col->not_null = true;
                    else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT) {
                        free(col->default_expr);
                        col->default_expr = rp_expr(rp, c->raw_expr, r, &col->obj, DEP_DEFAULT);
                    } else if (phase_of(c->contype) >= 0)
                        pend[np++] = (pending){c, cd->colname};
                }
                continue;
            }
            cat_column *existing = cat_column_get(r, cd->colname);
            fold_attrs(cd->constraints, cd->n_constraints);
            if (existing && existing->is_local) {
                rc = rp_error(rp, cd->location, "column \"%s\" specified more than once", cd->colname);
                break;
            }
            if (existing)
                rc = merge_local_column(rp, r, existing, cd);
            else
                rc = rp_add_column(rp, r, cd, NULL);
            for (size_t k = 0; k < cd->n_constraints; k++) {
                PgQuery__Constraint *c = cd->constraints[k]->constraint;
                if (phase_of(c->contype) >= 0)
                    pend[np++] = (pending){c, cd->colname};
            }
        } else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            pend[np++] = (pending){e->constraint, NULL};
        } else if (e->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
            rc = like_clause(rp, r, e->table_like_clause);
        } else {
            rc = rp_unsupported(rp, rv->location, "table element");
        }
    }
    for (size_t i = 0; i < cs->n_constraints; i++)
        pend[np++] = (pending){cs->constraints[i]->constraint, NULL};
    rp->in_create_table = true;
    for (int phase = 0; phase < 4 && rc == 0; phase++)
        for (size_t i = 0; i < np && rc == 0; i++)
            if (phase_of(pend[i].c->contype) == phase)
                rc = rp_add_constraint(rp, r, pend[i].c, pend[i].col);
    rp->in_create_table = false;
    free(pend);
    if (rc == 0 && cs->partspec) {
        r->partition_key = partition_key(rp, r, cs->partspec);
        if (!r->partition_key)
            rc = -1;
    }
    if (rc == 0 && parent)
        rc = rp_attach_partition(rp, parent, r, cs->partbound, false);
    if (rc < 0) {
        /* Leave no half-made table behind. */
        rp_discard(rp, &r->obj);
    }
    return rc;
}
