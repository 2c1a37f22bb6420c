/* diff_objects: one matched pair of objects -> ALTERs, or a rebuild.
 *
 * Equality is decided on the printer's text of each object without its
 * COMMENT (diff_signature), so "different" means "would print
 * differently", which the canonical catalog makes "means something
 * different".  Only then does a kind-specific rule look for an in-place
 * form: ALTER SEQUENCE, ALTER TYPE ... ADD VALUE, ALTER DOMAIN, CREATE OR
 * REPLACE FUNCTION, ALTER EXTENSION UPDATE.  Everything else (views,
 * indexes, constraints, triggers, policies, ranges, composites) is
 * rebuilt, which is always correct and, for those kinds, loses no data.
 * Comments and, when asked, owners and grants are compared for every pair
 * apart from its definition. */
#include "diff_int.h"

#include <string.h>

/* ---- rendering ---------------------------------------------------------------------- */

void diff_render(const dctx *d, const cat_obj *o, bool in_b, strvec *out)
{
    const sql_plan *p = in_b ? &d->pb : &d->pa;
    sqlr_object(p, o, out);
    if (o->kind != OBJ_REL)
        return;
    const cat_rel *r = (const cat_rel *)o;
    if (r->relkind != 'r' && r->relkind != 'p')
        return;
    /* What the printer prints as separate items right after the table
     * and that a created table needs at once: identity columns and RLS.
     * (Defaults reading sequences are separate changes: the sequence is
     * created after its table.) */
    for (size_t i = 0; i < r->ncols; i++) {
        cat_rel *seq = sqlp_identity_seq(p->cat, r->cols[i]);
        if (seq)
            sqlr_object(p, &seq->obj, out);
    }
    sqlr_rls(r, out);
}

char *diff_signature(const dctx *d, const cat_obj *o, bool in_b)
{
    strvec sv = STRVEC_INIT;
    diff_render(d, o, in_b, &sv);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < sv.n; i++)
        if (!str_starts_with(sv.v[i], "COMMENT ON "))
            sb_adds(&sb, sv.v[i]);
    strvec_clear(&sv);
    return sb_detach(&sb);
}

/* "TABLE public.t", "COLUMN public.t.c", "CONSTRAINT k ON public.t", ...:
 * the object as DROP, COMMENT ON and ALTER ... OWNER name it. */
static void target(const cat_obj *o, strbuf *sb)
{
    strbuf q = STRBUF_INIT;
    switch (o->kind) {
    case OBJ_SCHEMA:
        sb_adds(sb, "SCHEMA ");
        pgident_quote_sb(sb, ((const cat_schema *)o)->name);
        break;
    case OBJ_EXTENSION:
        sb_adds(sb, "EXTENSION ");
        pgident_quote_sb(sb, ((const cat_extension *)o)->name);
        break;
    case OBJ_TYPE: {
        const cat_type *t = (const cat_type *)o;
        sb_adds(sb, t->typkind == 'd' ? "DOMAIN " : "TYPE ");
        sqlr_qname(sb, t->schema->name, t->name);
        break;
    }
    case OBJ_FUNCTION: {
        const cat_func *f = (const cat_func *)o;
        sb_adds(sb, f->prokind == 'p' ? "PROCEDURE " : f->prokind == 'a' ? "AGGREGATE " : "FUNCTION ");
        sqlr_func_sig(sb, f);
        break;
    }
    case OBJ_REL: {
        const cat_rel *r = (const cat_rel *)o;
        sb_adds(sb, r->relkind == 'v' ? "VIEW " : r->relkind == 'm' ? "MATERIALIZED VIEW "
                  : r->relkind == 'S' ? "SEQUENCE " : "TABLE ");
        sqlr_rel_qname(sb, r);
        break;
    }
    case OBJ_COLUMN:
        sqlr_rel_qname(&q, (const cat_rel *)o->parent);
        sb_addf(sb, "COLUMN %s.", q.buf);
        pgident_quote_sb(sb, ((const cat_column *)o)->name);
        break;
    case OBJ_INDEX: {
        const cat_rel *r = (const cat_rel *)o->parent;
        sb_adds(sb, "INDEX ");
        sqlr_qname(sb, r->schema->name, ((const cat_index *)o)->name);
        break;
    }
    case OBJ_CONSTRAINT: case OBJ_TRIGGER: case OBJ_POLICY: {
        const char *name = o->kind == OBJ_CONSTRAINT ? ((const cat_constraint *)o)->name
                         : o->kind == OBJ_TRIGGER ? ((const cat_trigger *)o)->name
                         : ((const cat_policy *)o)->name;
        sb_adds(sb, o->kind == OBJ_CONSTRAINT ? "CONSTRAINT " : o->kind == OBJ_TRIGGER ? "TRIGGER " : "POLICY ");
        pgident_quote_sb(sb, name);
        sb_adds(sb, " ON ");
        if (o->parent->kind == OBJ_TYPE) {
            const cat_type *t = (const cat_type *)o->parent;
            sb_adds(sb, "DOMAIN ");
            sqlr_qname(sb, t->schema->name, t->name);
        } else {
            sqlr_rel_qname(sb, (const cat_rel *)o->parent);
        }
        break;
    }
    }
    sb_release(&q);
}

void diff_render_drop(const cat_obj *o, strvec *out)
{
    strbuf sb = STRBUF_INIT;
    if (o->kind == OBJ_COLUMN || o->kind == OBJ_CONSTRAINT) {
        const cat_obj *p = o->parent;
        if (p->kind == OBJ_TYPE) {
            sb_adds(&sb, "ALTER DOMAIN ");
            sqlr_qname(&sb, ((const cat_type *)p)->schema->name, ((const cat_type *)p)->name);
        } else {
            /* Not ONLY: inherited copies and partitions follow. */
            sb_adds(&sb, "ALTER TABLE ");
            sqlr_rel_qname(&sb, (const cat_rel *)p);
        }
        sb_adds(&sb, o->kind == OBJ_COLUMN ? " DROP COLUMN " : " DROP CONSTRAINT ");
        pgident_quote_sb(&sb, o->kind == OBJ_COLUMN ? ((const cat_column *)o)->name
                                                     : ((const cat_constraint *)o)->name);
    } else {
        sb_adds(&sb, "DROP ");
        target(o, &sb);
    }
    sv_add_stmt(out, &sb);
}

void diff_comment_stmt(const cat_obj *o, const char *comment, strvec *out)
{
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "COMMENT ON ");
    target(o, &sb);
    sb_adds(&sb, " IS ");
    if (comment)
        sqlr_literal(&sb, comment);
    else
        sb_adds(&sb, "NULL");
    sv_add_stmt(out, &sb);
}

/* ---- kind rules ------------------------------------------------------------------------ */

static change *alter(dctx *d, cat_obj *a, cat_obj *b, const char *detail)
{
    change *c = diff_add(d, CH_ALTER, a, b, PH_ALTER);
    c->detail = detail ? xstrdup(detail) : NULL;
    return c;
}

static void seq_clause(strbuf *sb, const char *word, int64_t from, int64_t to)
{
    if (from != to)
        sb_addf(sb, " %s %lld", word, (long long)to);
}

/* ALTER SEQUENCE with just the options that differ. */
static void seq_alter_sql(const cat_rel *from, const cat_rel *to, strbuf *sb)
{
    const cat_seqopts *f = &from->seq, *t = &to->seq;
    sb_adds(sb, "ALTER SEQUENCE ");
    sqlr_rel_qname(sb, to);
    if (!str_eq(f->type ? f->type : "bigint", t->type ? t->type : "bigint"))
        sb_addf(sb, " AS %s", t->type ? t->type : "bigint");
    seq_clause(sb, "INCREMENT BY", f->increment, t->increment);
    seq_clause(sb, "MINVALUE", f->min, t->min);
    seq_clause(sb, "MAXVALUE", f->max, t->max);
    seq_clause(sb, "START WITH", f->start, t->start);
    seq_clause(sb, "CACHE", f->cache, t->cache);
    if (f->cycle != t->cycle)
        sb_adds(sb, t->cycle ? " CYCLE" : " NO CYCLE");
}

static void owned_by_sql(const cat_rel *s, strbuf *sb)
{
    sb_adds(sb, "ALTER SEQUENCE ");
    sqlr_rel_qname(sb, s);
    sb_adds(sb, " OWNED BY ");
    if (!s->owned_by) {
        sb_adds(sb, "NONE");
        return;
    }
    sqlr_rel_qname(sb, (const cat_rel *)s->owned_by->obj.parent);
    sb_addc(sb, '.');
    pgident_quote_sb(sb, s->owned_by->name);
}

static char *owned_key(const cat_rel *s)
{
    return s->owned_by ? diff_key(&s->owned_by->obj) : xstrdup("");
}

static void diff_sequence(dctx *d, cat_rel *a, cat_rel *b)
{
    strbuf fwd = STRBUF_INIT, rev = STRBUF_INIT;
    seq_alter_sql(a, b, &fwd);
    seq_alter_sql(b, a, &rev);
    strbuf head = STRBUF_INIT;
    sb_adds(&head, "ALTER SEQUENCE ");
    sqlr_rel_qname(&head, b);
    if (strcmp(fwd.buf, head.buf)) {
        change *c = alter(d, &a->obj, &b->obj, "sequence options");
        sv_add_stmt(&c->sql, &fwd);
        sv_add_stmt(&c->reverse, &rev);
        diff_index_change(d, d->cs->n - 1);
    }
    sb_release(&fwd);
    sb_release(&rev);
    sb_release(&head);
    char *ka = owned_key(a), *kb = owned_key(b);
    if (strcmp(ka, kb)) {
        change *c = alter(d, &a->obj, &b->obj, "owning column");
        strbuf sb = STRBUF_INIT;
        owned_by_sql(b, &sb);
        sv_add_stmt(&c->sql, &sb);
        owned_by_sql(a, &sb);
        sv_add_stmt(&c->reverse, &sb);
        diff_index_change(d, d->cs->n - 1);
    }
    free(ka);
    free(kb);
}

/* "public.mood" or "public.mood[]" -> the USING cast for its column. */
static void enum_cast(strbuf *sb, const cat_column *col, const char *qtype)
{
    pgident_quote_sb(sb, col->name);
    bool array = str_starts_with(col->type + strlen(qtype), "[]");
    sb_addf(sb, "::text%s::%s", array ? "[]" : "", col->type);
}

/* Labels removed or reordered: PostgreSQL cannot do that in place, so
 * the type is re-created under its name and every column moves over
 * through text.  A row holding a removed label makes the cast fail, so
 * nothing is lost silently, but the change is flagged as data loss. */
static void enum_recreate(dctx *d, cat_type *a, cat_type *b)
{
    char *detail = xasprintf("labels (%zu) re-created as (%zu)", a->labels.n, b->labels.n);
    change *c = alter(d, &a->obj, &b->obj, detail);
    free(detail);
    size_t ix = d->cs->n - 1;
    change_hazard(c, HZ_DATA_LOSS);
    change_hazard(c, HZ_TABLE_REWRITE);
    strbuf q = STRBUF_INIT, sb = STRBUF_INIT;
    sqlr_qname(&q, b->schema->name, b->name);
    char *old = xasprintf("%.50s__sqlc_old", b->name);
    sb_addf(&sb, "ALTER TYPE %s RENAME TO ", q.buf);
    pgident_quote_sb(&sb, old);
    sv_add_stmt(&c->sql, &sb);
    strvec create = STRVEC_INIT;
    diff_render(d, &b->obj, true, &create);
    for (size_t i = 0; i < create.n; i++)
        if (!str_starts_with(create.v[i], "COMMENT ON "))
            strvec_push(&c->sql, create.v[i]);
    strvec_clear(&create);
    const dep_list *l = diff_dependents(d, &a->obj);
    for (size_t i = 0; l && i < l->n; i++) {
        cat_obj *y = l->v[i];
        if (y->kind != OBJ_COLUMN) {
            if (!diff_ignored(y) && diff_counterpart(d, y, true))
                diff_rebuild(d, y, c->object);
            continue;
        }
        cat_column *col = (cat_column *)y, *nb = (cat_column *)diff_counterpart(d, y, true);
        if (!nb || y->parent->kind != OBJ_REL || !str_eq(col->type, nb->type))
            continue; /* dropped, or changed by its own column change */
        const cat_rel *r = (const cat_rel *)nb->obj.parent;
        if (col->default_expr) {
            sb_adds(&sb, "ALTER TABLE ");
            sqlr_rel_qname(&sb, r);
            sb_adds(&sb, " ALTER COLUMN ");
            pgident_quote_sb(&sb, col->name);
            sb_adds(&sb, " DROP DEFAULT");
            sv_add_stmt(&c->sql, &sb);
        }
        sb_adds(&sb, "ALTER TABLE ");
        sqlr_rel_qname(&sb, r);
        sb_adds(&sb, " ALTER COLUMN ");
        pgident_quote_sb(&sb, col->name);
        sb_addf(&sb, " TYPE %s USING ", nb->type);
        enum_cast(&sb, nb, q.buf);
        sv_add_stmt(&c->sql, &sb);
        if (nb->default_expr) {
            sb_adds(&sb, "ALTER TABLE ");
            sqlr_rel_qname(&sb, r);
            sb_adds(&sb, " ALTER COLUMN ");
            pgident_quote_sb(&sb, nb->name);
            sb_addf(&sb, " SET DEFAULT %s", nb->default_expr);
            sv_add_stmt(&c->sql, &sb);
        }
        diff_mark_altered(d, y, ix);
        diff_rebuild_dependents(d, y, c->object, true);
    }
    sb_adds(&sb, "DROP TYPE ");
    sqlr_qname(&sb, b->schema->name, old);
    sv_add_stmt(&c->sql, &sb);
    strvec_push(&c->reverse, "-- the previous enum labels come back only by re-creating the type again\n");
    diff_index_change(d, ix);
    free(old);
    sb_release(&q);
}

/* Enum labels can only be added (PostgreSQL cannot drop or reorder
 * them): when "from" is a subsequence of "to", each new label goes in
 * with ADD VALUE ... BEFORE/AFTER its neighbour. */
static void diff_enum(dctx *d, cat_type *a, cat_type *b)
{
    size_t j = 0;
    for (size_t i = 0; i < b->labels.n && j < a->labels.n; i++)
        if (!strcmp(b->labels.v[i], a->labels.v[j]))
            j++;
    if (j < a->labels.n) {
        enum_recreate(d, a, b);
        return;
    }
    j = 0;
    for (size_t i = 0; i < b->labels.n; i++) {
        if (j < a->labels.n && !strcmp(b->labels.v[i], a->labels.v[j])) {
            j++;
            continue;
        }
        char *detail = xasprintf("add value '%s'", b->labels.v[i]);
        change *c = alter(d, &a->obj, &b->obj, detail);
        free(detail);
        strbuf sb = STRBUF_INIT;
        sb_adds(&sb, "ALTER TYPE ");
        sqlr_qname(&sb, b->schema->name, b->name);
        sb_adds(&sb, " ADD VALUE ");
        sqlr_literal(&sb, b->labels.v[i]);
        if (i > 0) {
            sb_adds(&sb, " AFTER ");
            sqlr_literal(&sb, b->labels.v[i - 1]);
        } else if (b->labels.n > 1) {
            sb_adds(&sb, " BEFORE ");
            sqlr_literal(&sb, b->labels.v[1]);
        }
        sv_add_stmt(&c->sql, &sb);
        strvec_push(&c->reverse, "-- PostgreSQL cannot remove an enum value\n");
        diff_index_change(d, d->cs->n - 1);
    }
}

static void domain_check_sql(const cat_type *t, const cat_constraint *k, bool add, strbuf *sb)
{
    sb_adds(sb, "ALTER DOMAIN ");
    sqlr_qname(sb, t->schema->name, t->name);
    sb_adds(sb, add ? " ADD CONSTRAINT " : " DROP CONSTRAINT ");
    pgident_quote_sb(sb, k->name);
    if (add)
        sb_addf(sb, " CHECK (%s)%s", k->expr, k->not_valid ? " NOT VALID" : "");
}

static const cat_constraint *domain_check(const cat_type *t, const char *name)
{
    for (size_t i = 0; i < t->nchecks; i++)
        if (!strcmp(t->checks[i]->name, name))
            return t->checks[i];
    return NULL;
}

static void domain_default_sql(const cat_type *t, const char *expr, strbuf *sb)
{
    sb_adds(sb, "ALTER DOMAIN ");
    sqlr_qname(sb, t->schema->name, t->name);
    if (expr)
        sb_addf(sb, " SET DEFAULT %s", expr);
    else
        sb_adds(sb, " DROP DEFAULT");
}

static void diff_domain(dctx *d, cat_type *a, cat_type *b)
{
    if (!str_eq(a->base_type, b->base_type) || !str_eq(a->collation, b->collation)) {
        diff_rebuild(d, &a->obj, NULL);
        return;
    }
    change *c = alter(d, &a->obj, &b->obj, "domain");
    strbuf sb = STRBUF_INIT;
    if (!str_eq(a->default_expr, b->default_expr)) {
        domain_default_sql(b, b->default_expr, &sb);
        sv_add_stmt(&c->sql, &sb);
        domain_default_sql(a, a->default_expr, &sb);
        sv_add_stmt(&c->reverse, &sb);
    }
    if (a->not_null != b->not_null) {
        sb_adds(&sb, "ALTER DOMAIN ");
        sqlr_qname(&sb, b->schema->name, b->name);
        sb_adds(&sb, b->not_null ? " SET NOT NULL" : " DROP NOT NULL");
        sv_add_stmt(&c->sql, &sb);
        sb_adds(&sb, "ALTER DOMAIN ");
        sqlr_qname(&sb, a->schema->name, a->name);
        sb_adds(&sb, a->not_null ? " SET NOT NULL" : " DROP NOT NULL");
        sv_add_stmt(&c->reverse, &sb);
        if (b->not_null)
            change_hazard(c, HZ_TABLE_SCAN);
    }
    for (size_t i = 0; i < a->nchecks; i++) {
        const cat_constraint *k = a->checks[i], *kb = domain_check(b, k->name);
        if (kb && str_eq(k->expr, kb->expr) && k->not_valid == kb->not_valid)
            continue;
        domain_check_sql(a, k, false, &sb);
        sv_add_stmt(&c->sql, &sb);
        domain_check_sql(a, k, true, &sb);
        sv_add_stmt(&c->reverse, &sb);
    }
    for (size_t i = 0; i < b->nchecks; i++) {
        const cat_constraint *k = b->checks[i], *ka = domain_check(a, k->name);
        if (ka && str_eq(k->expr, ka->expr) && k->not_valid == ka->not_valid)
            continue;
        domain_check_sql(b, k, true, &sb);
        sv_add_stmt(&c->sql, &sb);
        domain_check_sql(b, k, false, &sb);
        sv_add_stmt(&c->reverse, &sb);
        if (!k->not_valid)
            change_hazard(c, HZ_TABLE_SCAN);
    }
    diff_index_change(d, d->cs->n - 1);
}

/* CREATE OR REPLACE works when the signature, the result and the
 * parameter names stay (PostgreSQL refuses to change those in place). */
static bool replaceable(const cat_func *a, const cat_func *b)
{
    if (a->prokind != b->prokind || !str_eq(a->returns, b->returns) || a->nargs != b->nargs)
        return false;
    for (size_t i = 0; i < a->nargs; i++)
        if (a->args[i].mode != b->args[i].mode || !str_eq(a->args[i].name, b->args[i].name)
            || !str_eq(a->args[i].type, b->args[i].type)
            || (a->args[i].default_expr && !b->args[i].default_expr))
            return false;
    return true;
}

static void or_replace(const dctx *d, const cat_obj *o, bool in_b, strvec *out)
{
    strvec sv = STRVEC_INIT;
    diff_render(d, o, in_b, &sv);
    for (size_t i = 0; i < sv.n; i++) {
        if (str_starts_with(sv.v[i], "COMMENT ON "))
            continue;
        const char *s = sv.v[i];
        if (str_starts_with(s, "CREATE "))
            strvec_push_nodup(out, xasprintf("CREATE OR REPLACE %s", s + 7));
        else
            strvec_push(out, s);
    }
    strvec_clear(&sv);
}

static void diff_function(dctx *d, cat_func *a, cat_func *b)
{
    if (!replaceable(a, b)) {
        diff_rebuild(d, &a->obj, NULL);
        return;
    }
    change *c = alter(d, &a->obj, &b->obj, "definition");
    or_replace(d, &b->obj, true, &c->sql);
    or_replace(d, &a->obj, false, &c->reverse);
    diff_index_change(d, d->cs->n - 1);
}

static void diff_extension(dctx *d, cat_extension *a, cat_extension *b)
{
    if (!str_eq(a->schema, b->schema) || !b->version) {
        diff_rebuild(d, &a->obj, NULL);
        return;
    }
    change *c = alter(d, &a->obj, &b->obj, "version");
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "ALTER EXTENSION ");
    pgident_quote_sb(&sb, b->name);
    sb_adds(&sb, " UPDATE TO ");
    sqlr_literal(&sb, b->version);
    sv_add_stmt(&c->sql, &sb);
    if (a->version) {
        sb_adds(&sb, "ALTER EXTENSION ");
        pgident_quote_sb(&sb, a->name);
        sb_adds(&sb, " UPDATE TO ");
        sqlr_literal(&sb, a->version);
        sv_add_stmt(&c->reverse, &sb);
    }
    diff_index_change(d, d->cs->n - 1);
}

/* ---- comments and privileges ----------------------------------------------------------------- */

static void diff_comment(dctx *d, cat_obj *a, cat_obj *b)
{
    /* An extension's comment comes from its own script (catalog_json.h). */
    if (str_eq(a->comment, b->comment) || a->kind == OBJ_EXTENSION)
        return;
    change *c = diff_add(d, CH_ALTER, a, b, PH_COMMENT);
    c->detail = xstrdup(b->comment ? (a->comment ? "comment changed" : "comment added") : "comment removed");
    diff_comment_stmt(b, b->comment, &c->sql);
    diff_comment_stmt(a, a->comment, &c->reverse);
    diff_index_change(d, d->cs->n - 1);
}

/* "GRANT p ON x TO r" -> "REVOKE p ON x FROM r" (the catalog keeps one
 * canonical GRANT line per privilege set and grantee). */
static char *revoke_of(const char *grant)
{
    const char *to = strstr(grant, " TO ");
    if (!str_starts_with(grant, "GRANT ") || !to)
        return NULL;
    const char *end = strstr(to, " WITH GRANT OPTION");
    size_t tail = end ? (size_t)(end - (to + 4)) : strcspn(to + 4, ";");
    return xasprintf("REVOKE %.*s FROM %.*s;\n", (int)(to - grant - 6), grant + 6, (int)tail, to + 4);
}

static void diff_privileges(dctx *d, cat_obj *a, cat_obj *b)
{
    bool owner = !str_eq(a->owner, b->owner) && b->owner;
    strvec fwd = STRVEC_INIT, rev = STRVEC_INIT;
    for (size_t i = 0; i < b->acl.n; i++)
        if (!strvec_has(&a->acl, b->acl.v[i])) {
            strvec_push_nodup(&fwd, xasprintf("%s;\n", b->acl.v[i]));
            char *r = revoke_of(b->acl.v[i]);
            if (r)
                strvec_push_nodup(&rev, r);
        }
    for (size_t i = 0; i < a->acl.n; i++)
        if (!strvec_has(&b->acl, a->acl.v[i])) {
            char *r = revoke_of(a->acl.v[i]);
            if (r)
                strvec_push_nodup(&fwd, r);
            strvec_push_nodup(&rev, xasprintf("%s;\n", a->acl.v[i]));
        }
    if (!owner && !fwd.n) {
        strvec_clear(&fwd);
        strvec_clear(&rev);
        return;
    }
    change *c = diff_add(d, CH_ALTER, a, b, PH_COMMENT);
    c->detail = xstrdup(owner ? "owner and privileges" : "privileges");
    if (owner) {
        strbuf sb = STRBUF_INIT;
        sb_adds(&sb, "ALTER ");
        target(b, &sb);
        sb_adds(&sb, " OWNER TO ");
        pgident_quote_sb(&sb, b->owner);
        sv_add_stmt(&c->sql, &sb);
        if (a->owner) {
            sb_adds(&sb, "ALTER ");
            target(a, &sb);
            sb_adds(&sb, " OWNER TO ");
            pgident_quote_sb(&sb, a->owner);
            sv_add_stmt(&c->reverse, &sb);
        }
    }
    for (size_t i = 0; i < fwd.n; i++)
        strvec_push(&c->sql, fwd.v[i]);
    for (size_t i = 0; i < rev.n; i++)
        strvec_push(&c->reverse, rev.v[i]);
    strvec_clear(&fwd);
    strvec_clear(&rev);
    diff_index_change(d, d->cs->n - 1);
}

/* ---- the pair ------------------------------------------------------------------------------------ */

static bool is_table(const cat_obj *o)
{
    return o->kind == OBJ_REL && (((const cat_rel *)o)->relkind == 'r' || ((const cat_rel *)o)->relkind == 'p');
}

static void diff_definition(dctx *d, cat_obj *a, cat_obj *b)
{
    if (a->kind == OBJ_COLUMN) {
        diff_column(d, (cat_column *)a, (cat_column *)b);
        return;
    }
    if (is_table(a) && is_table(b) && ((cat_rel *)a)->relkind == ((cat_rel *)b)->relkind) {
        diff_table(d, (cat_rel *)a, (cat_rel *)b);
        return;
    }
    char *sa = diff_signature(d, a, false), *sb = diff_signature(d, b, true);
    bool same = !strcmp(sa, sb);
    free(sa);
    free(sb);
    if (same)
        return;
    if (a->kind == OBJ_REL && b->kind == OBJ_REL && ((cat_rel *)a)->relkind == 'S'
        && ((cat_rel *)b)->relkind == 'S') {
        diff_sequence(d, (cat_rel *)a, (cat_rel *)b);
        return;
    }
    if (a->kind == OBJ_TYPE && ((cat_type *)a)->typkind == ((cat_type *)b)->typkind) {
        if (((cat_type *)a)->typkind == 'e') {
            diff_enum(d, (cat_type *)a, (cat_type *)b);
            return;
        }
        if (((cat_type *)a)->typkind == 'd') {
            diff_domain(d, (cat_type *)a, (cat_type *)b);
            return;
        }
    }
    if (a->kind == OBJ_FUNCTION) {
        diff_function(d, (cat_func *)a, (cat_func *)b);
        return;
    }
    if (a->kind == OBJ_EXTENSION) {
        diff_extension(d, (cat_extension *)a, (cat_extension *)b);
        return;
    }
    diff_rebuild(d, a, NULL); /* also a table that became a view */
}

void diff_pair(dctx *d, cat_obj *a, cat_obj *b)
{
    diff_definition(d, a, b);
    if (diff_is_dropped(d, a))
        return; /* rebuilt: the CREATE carries the comment and grants */
    diff_comment(d, a, b);
    if (d->o->privileges)
        diff_privileges(d, a, b);
}
