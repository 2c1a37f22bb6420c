/* replay_index: CREATE INDEX, and sequences (CREATE/ALTER SEQUENCE and the
 * option lists that serial and identity columns share with them). */
#include "pgbuiltins.h"
#include "replay_int.h"

#include <errno.h>
#include <limits.h>

typedef struct taken_ctx {
    const catalog *c;
    const cat_schema *s;
} taken_ctx;

static bool relname_taken(const char *name, void *ctx)
{
    taken_ctx *t = ctx;
    return cat_relname_taken(t->c, t->s, name);
}

/* The canonical text of one index element: a column or (expression),
 * then collation, operator class and ordering where not the default. */
static char *index_elem(replayer *rp, cat_rel *r, cat_index *ix, PgQuery__IndexElem *e)
{
    strbuf sb = STRBUF_INIT;
    if (e->name && *e->name) {
        cat_column *col = cat_column_get(r, e->name);
        if (!col) {
            rp_error(rp, -1, "column \"%s\" does not exist", e->name);
            sb_release(&sb);
            return NULL;
        }
        cat_dep_add(&ix->obj, &col->obj, DEP_AUTO);
        pgident_quote_sb(&sb, e->name);
    } else {
        char *x = rp_expr(rp, e->expr, r, &ix->obj, DEP_AUTO);
        if (!x) {
            sb_release(&sb);
            return NULL;
        }
        sb_addf(&sb, "(%s)", x);
        free(x);
    }
    if (e->n_collation) {
        const char *s, *n;
        rp_qualname(rp, e->collation, e->n_collation, &s, &n, -1);
        sb_adds(&sb, " COLLATE ");
        if (s && strcmp(s, "pg_catalog"))
            sb_addf(&sb, "%s.", s);
        pgident_quote_sb(&sb, n);
    }
    if (e->n_opclass) {
        const char *s, *n;
        rp_qualname(rp, e->opclass, e->n_opclass, &s, &n, -1);
        sb_addc(&sb, ' ');
        /* Built-in operator classes print bare; others (extensions') by
         * schema, as pg_get_indexdef does under pg_dump's empty path. */
        if (!(s ? !strcmp(s, "pg_catalog") : pgbuiltin_opclass(n))) {
            cat_schema *cs = s ? NULL : cat_creation_schema(rp->cat);
            pgident_quote_sb(&sb, s ? s : cs ? cs->name : "public");
            sb_addc(&sb, '.');
        }
        pgident_quote_sb(&sb, n);
        if (e->n_opclassopts) {
            strvec o = STRVEC_INIT;
            rp_reloptions(e->opclassopts, e->n_opclassopts, &o);
            sb_adds(&sb, " (");
            for (size_t i = 0; i < o.n; i++)
                sb_addf(&sb, "%s%s", i ? ", " : "", o.v[i]);
            sb_addc(&sb, ')');
            strvec_clear(&o);
        }
    }
    bool desc = e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    if (desc)
        sb_adds(&sb, " DESC");
    /* NULLS LAST is the default for ASC, NULLS FIRST for DESC. */
    if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST && !desc)
        sb_adds(&sb, " NULLS FIRST");
    if (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && desc)
        sb_adds(&sb, " NULLS LAST");
    return sb_detach(&sb);
}

int rp_create_index(replayer *rp, PgQuery__IndexStmt *is)
{
    cat_rel *r = rp_rel(rp, is->relation, false);
    if (!r)
        return -1;
    if (r->relkind != 'r' && r->relkind != 'p' && r->relkind != 'm')
        return rp_error(rp, is->relation->location, "cannot create index on relation \"%s\"", r->name);
    char *name;
    if (is->idxname && *is->idxname) {
        if (cat_relname_taken(rp->cat, r->schema, is->idxname)) {
            if (is->if_not_exists) {
                rp_notice(rp, "relation \"%s\" already exists, skipping", is->idxname);
                return 0;
            }
            return rp_error(rp, -1, "relation \"%s\" already exists", is->idxname);
        }
        name = xstrdup(is->idxname);
    } else {
        strvec parts = STRVEC_INIT;
        pgname_index_colnames(&parts, is->index_params, is->n_index_params);
        pgname_index_colnames(&parts, is->index_including_params, is->n_index_including_params);
        char *joined = pgname_join_colnames(&parts);
        taken_ctx t = {rp->cat, r->schema};
        name = pgname_choose(r->name, joined, is->primary ? "pkey" : "idx", relname_taken, &t);
        free(joined);
        strvec_clear(&parts);
    }
    cat_index *ix = cat_index_add(rp->cat, r, name);
    free(name);
    rp_touch(rp, &ix->obj);
    ix->unique = is->unique;
    ix->nulls_not_distinct = is->nulls_not_distinct;
    if (is->access_method && *is->access_method) {
        free(ix->method);
        ix->method = xstrdup(is->access_method);
    }
    int rc = 0;
    for (size_t i = 0; i < is->n_index_params && rc == 0; i++) {
        char *e = index_elem(rp, r, ix, is->index_params[i]->index_elem);
        if (e)
            strvec_push_nodup(&ix->elems, e);
        else
            rc = -1;
    }
    for (size_t i = 0; i < is->n_index_including_params && rc == 0; i++) {
        PgQuery__IndexElem *e = is->index_including_params[i]->index_elem;
        cat_column *col = e->name ? cat_column_get(r, e->name) : NULL;
        if (!col)
            rc = rp_error(rp, -1, "column \"%s\" does not exist", e->name ? e->name : "?");
        else {
            strvec_push(&ix->include, e->name);
            cat_dep_add(&ix->obj, &col->obj, DEP_AUTO);
        }
    }
    if (rc == 0 && is->where_clause) {
        ix->where = rp_expr(rp, is->where_clause, r, &ix->obj, DEP_AUTO);
        if (!ix->where)
            rc = -1;
    }
    rp_reloptions(is->options, is->n_options, &ix->options);
    if (is->table_space && *is->table_space)
        ix->tablespace = xstrdup(is->table_space);
    if (rc < 0) {
        rp_discard(rp, &ix->obj);
        return rc;
    }
    /* An index on a partitioned table is made (or an equivalent one
     * attached) on every partition, unless ON ONLY. */
    if (r->relkind == 'p' && is->relation->inh)
        for (size_t i = 0; i < rp->cat->nrels && rc == 0; i++)
            if (rp->cat->rels[i]->partition_of == r)
                rc = rp_clone_index(rp, rp->cat->rels[i], ix, true);
    return rc;
}

/* ---- sequences ---------------------------------------------------------------- */

static int def_int64(replayer *rp, PgQuery__DefElem *d, int64_t *out)
{
    PgQuery__Node *a = d->arg;
    if (a && a->node_case == PG_QUERY__NODE__NODE_INTEGER) {
        *out = a->integer->ival;
        return 0;
    }
    if (a && a->node_case == PG_QUERY__NODE__NODE_FLOAT) {
        errno = 0;
        char *end;
        long long v = strtoll(a->float_->fval, &end, 10);
        if (!errno && !*end) {
            *out = v;
            return 0;
        }
    }
    return rp_error(rp, d->location, "%s requires a numeric value", d->defname);
}

static void type_bounds(const char *type, int64_t *min, int64_t *max)
{
    if (!strcmp(type, "smallint"))
        *min = -32768, *max = 32767;
    else if (!strcmp(type, "integer"))
        *min = INT32_MIN, *max = INT32_MAX;
    else
        *min = INT64_MIN, *max = INT64_MAX;
}

int rp_seq_options(replayer *rp, cat_rel *seq, PgQuery__Node **opts, size_t n, bool create)
{
    cat_seqopts *s = &seq->seq;
    bool have_min = false, have_max = false, have_start = false, no_min = false, no_max = false;
    int64_t tmin, tmax;
    type_bounds(s->type, &tmin, &tmax);
    bool old_min_default = s->min == 1 || s->min == tmin;
    bool old_max_default = s->max == tmax || s->max == -1;
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = opts[i]->def_elem;
        const char *k = d->defname;
        if (!strcmp(k, "as")) {
            char *t = rp_type(rp, d->arg->type_name, NULL);
            if (!t)
                return -1;
            if (strcmp(t, "smallint") && strcmp(t, "integer") && strcmp(t, "bigint")) {
                free(t);
                return rp_error(rp, d->location, "sequence type must be smallint, integer, or bigint");
            }
            free(s->type);
            s->type = t;
        } else if (!strcmp(k, "increment")) {
            if (def_int64(rp, d, &s->increment) < 0)
                return -1;
            if (s->increment == 0)
                return rp_error(rp, d->location, "INCREMENT must not be zero");
        } else if (!strcmp(k, "minvalue")) {
            if (!d->arg)
                no_min = true;
            else if (def_int64(rp, d, &s->min) < 0)
                return -1;
            else
                have_min = true;
        } else if (!strcmp(k, "maxvalue")) {
            if (!d->arg)
                no_max = true;
            else if (def_int64(rp, d, &s->max) < 0)
                return -1;
            else
                have_max = true;
        } else if (!strcmp(k, "start")) {
            if (def_int64(rp, d, &s->start) < 0)
                return -1;
            have_start = true;
        } else if (!strcmp(k, "restart")) {
            /* RESTART changes the current value, not the definition. */
        } else if (!strcmp(k, "cache")) {
            if (def_int64(rp, d, &s->cache) < 0)
                return -1;
            if (s->cache <= 0)
                return rp_error(rp, d->location, "CACHE (%lld) must be greater than zero", (long long)s->cache);
        } else if (!strcmp(k, "cycle")) {
            s->cycle = !d->arg || (d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN ? d->arg->boolean->boolval
                                                                                      : d->arg->integer->ival != 0);
        } else if (!strcmp(k, "owned_by")) {
            PgQuery__List *l = d->arg->list;
            const char *last = ast_str(l->items[l->n_items - 1]);
            if (l->n_items == 1 && last && !strcmp(last, "none")) {
                seq->owned_by = NULL;
                continue;
            }
            if (l->n_items < 2)
                return rp_error(rp, d->location, "invalid OWNED BY option");
            PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
            rv.relname = (char *)ast_str(l->items[l->n_items - 2]);
            rv.schemaname = l->n_items >= 3 ? (char *)ast_str(l->items[l->n_items - 3]) : (char *)"";
            rv.location = d->location;
            cat_rel *t = rp_rel(rp, &rv, false);
            if (!t)
                return -1;
            if (t->schema != seq->schema)
                return rp_error(rp, d->location, "sequence must be in same schema as table it is linked to");
            cat_column *col = cat_column_get(t, last);
            if (!col)
                return rp_error(rp, d->location, "column \"%s\" of relation \"%s\" does not exist", last, t->name);
            seq->owned_by = col;
        } else if (!strcmp(k, "sequence_name") || !strcmp(k, "generated") || !strcmp(k, "logged") ||
                   !strcmp(k, "unlogged")) {
            /* identity sequence name, ALWAYS/BY DEFAULT: handled by the caller */
        } else {
            return rp_error(rp, d->location, "option \"%s\" not recognized", k);
        }
    }
    int64_t nmin, nmax;
    type_bounds(s->type, &nmin, &nmax);
    bool asc = s->increment > 0;
    /* Defaults follow the server: bounds come from the type and direction
     * unless given; a changed AS type moves bounds that were defaults. */
    if (!have_max && (create || no_max || old_max_default))
        s->max = asc ? nmax : -1;
    if (!have_min && (create || no_min || old_min_default))
        s->min = asc ? 1 : nmin;
    if (!have_start && create)
        s->start = asc ? s->min : s->max;
    if (s->min >= s->max)
        return rp_error(rp, -1, "MINVALUE (%lld) must be less than MAXVALUE (%lld)", (long long)s->min, (long long)s->max);
    if (s->start < s->min)
        return rp_error(rp, -1, "START value (%lld) cannot be less than MINVALUE (%lld)", (long long)s->start, (long long)s->min);
    if (s->start > s->max)
        return rp_error(rp, -1, "START value (%lld) cannot be greater than MAXVALUE (%lld)", (long long)s->start, (long long)s->max);
    if (s->max > nmax || s->min < nmin)
        return rp_error(rp, -1, "MAXVALUE (%lld) is out of range for sequence data type %s", (long long)s->max, s->type);
    rp_touch(rp, &seq->obj);
    return 0;
}

int rp_create_seq(replayer *rp, PgQuery__CreateSeqStmt *cs)
{
    PgQuery__RangeVar *rv = cs->sequence;
    if (rv->relpersistence && rv->relpersistence[0] == 't') {
        rp->nskipped++;
        return 0;
    }
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
    cat_rel *seq = cat_rel_new(rp->cat, s, rv->relname, 'S');
    seq->unlogged = rv->relpersistence && rv->relpersistence[0] == 'u';
    rp_seq_defaults(&seq->seq, "bigint");
    if (rp_seq_options(rp, seq, cs->options, cs->n_options, true) < 0) {
        rp_discard(rp, &seq->obj);
        return -1;
    }
    return 0;
}

int rp_alter_seq(replayer *rp, PgQuery__AlterSeqStmt *as)
{
    cat_rel *seq = rp_rel(rp, as->sequence, as->missing_ok);
    if (!seq) {
        if (as->missing_ok) {
            rp_notice(rp, "relation \"%s\" does not exist, skipping", as->sequence->relname);
            return 0;
        }
        return -1;
    }
    if (seq->relkind != 'S')
        return rp_error(rp, as->sequence->location, "\"%s\" is not a sequence", seq->name);
    return rp_seq_options(rp, seq, as->options, as->n_options, false);
}
