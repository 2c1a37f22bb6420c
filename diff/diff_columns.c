/* diff_columns: tables that exist on both sides, column by column.
 *
 * A table is never rebuilt for a column change: that would lose its rows.
 * Each column difference is one ALTER TABLE ... ALTER COLUMN, in the order
 * PostgreSQL needs (a default that no longer fits the new type goes
 * first), with the hazard PostgreSQL 15's ALTER TABLE notes give it: a
 * type change rewrites unless binary-coercible (hazard.c decides), SET NOT
 * NULL scans, a volatile default on ADD COLUMN rewrites.  Views, policies
 * and triggers that read a column whose type changes are rebuilt around
 * it, because ALTER COLUMN TYPE refuses to run under them.
 *
 * Table-level properties (persistence, storage options, row-level
 * security, inheritance, partition attachment) have their own ALTERs; a
 * changed partition key cannot be altered and rebuilds the table, with the
 * data-loss hazard that implies. */
#include "diff_int.h"

#include <string.h>

static void alter_table(strbuf *sb, const cat_rel *r)
{
    sb_adds(sb, "ALTER TABLE ");
    sqlr_rel_qname(sb, r);
}

static void alter_column(strbuf *sb, const cat_rel *r, const cat_column *col)
{
    alter_table(sb, r);
    sb_adds(sb, " ALTER COLUMN ");
    pgident_quote_sb(sb, col->name);
}

void diff_column_add_sql(const cat_rel *r, const cat_column *col, strvec *out)
{
    strbuf sb = STRBUF_INIT;
    alter_table(&sb, r);
    sb_adds(&sb, " ADD COLUMN ");
    pgident_quote_sb(&sb, col->name);
    sb_addf(&sb, " %s", col->type);
    if (col->collation)
        sb_addf(&sb, " COLLATE %s", col->collation);
    if (col->generated)
        sb_addf(&sb, " GENERATED ALWAYS AS (%s) STORED", col->generated);
    else if (col->identity)
        sb_addf(&sb, " GENERATED %s AS IDENTITY", col->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
    else if (col->default_expr)
        sb_addf(&sb, " DEFAULT %s", col->default_expr);
    if (col->not_null && !col->identity)
        sb_adds(&sb, " NOT NULL");
    sv_add_stmt(out, &sb);
    if (col->obj.comment)
        diff_comment_stmt(&col->obj, col->obj.comment, out);
}

/* ---- one column ------------------------------------------------------------------- */

static void set_default(strbuf *sb, const cat_rel *r, const cat_column *col, const char *expr)
{
    alter_column(sb, r, col);
    if (expr)
        sb_addf(sb, " SET DEFAULT %s", expr);
    else
        sb_adds(sb, " DROP DEFAULT");
}

static void set_type(strbuf *sb, const cat_rel *r, const cat_column *from, const cat_column *to)
{
    alter_column(sb, r, to);
    sb_addf(sb, " TYPE %s", to->type);
    if (to->collation)
        sb_addf(sb, " COLLATE %s", to->collation);
    /* An explicit cast: the assignment cast PostgreSQL tries otherwise
     * does not exist between many types (text -> integer). */
    if (type_change_rewrites(from->type, to->type)) {
        sb_adds(sb, " USING ");
        pgident_quote_sb(sb, to->name);
        /* A user type (an enum, a domain) casts to and from little but
         * text; going through text at least parses, and a value that does
         * not fit fails loudly instead of silently. */
        bool user = strchr(from->type, '.') || strchr(to->type, '.');
        sb_addf(sb, "%s::%s", user ? "::text" : "", to->type);
    }
}

static void set_identity(strbuf *sb, const cat_rel *r, const cat_column *from, const cat_column *to)
{
    alter_column(sb, r, to);
    if (!to->identity)
        sb_adds(sb, " DROP IDENTITY");
    else if (!from->identity)
        sb_addf(sb, " ADD GENERATED %s AS IDENTITY", to->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
    else
        sb_addf(sb, " SET GENERATED %s", to->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
}

/* The statements that turn column `from` into `to` (both of table r). */
static void column_steps(const dctx *d, const cat_rel *r, const cat_column *from, const cat_column *to,
                         strvec *out, unsigned *hazards)
{
    strbuf sb = STRBUF_INIT;
    bool type = !str_eq(from->type, to->type) || !str_eq(from->collation, to->collation);
    bool dflt = !str_eq(from->default_expr, to->default_expr);
    if (from->identity && from->identity != to->identity && !to->identity) {
        set_identity(&sb, r, from, to);
        sv_add_stmt(out, &sb);
    }
    if (type) {
        /* A default is cast along with the column only when an
         * assignment cast exists (text -> an enum has none): move it out
         * of the way and set it again after. */
        if (from->default_expr) {
            set_default(&sb, r, to, NULL);
            sv_add_stmt(out, &sb);
            dflt = to->default_expr != NULL;
        }
        set_type(&sb, r, from, to);
        sv_add_stmt(out, &sb);
        if (type_change_rewrites(from->type, to->type))
            *hazards |= 1u << HZ_TABLE_REWRITE;
    }
    if (dflt && (to->default_expr || !type)) {
        set_default(&sb, r, to, to->default_expr);
        sv_add_stmt(out, &sb);
    }
    bool from_nn = from->not_null || from->identity, to_nn = to->not_null || to->identity;
    if (from_nn != to_nn && !(from->identity && to->identity)) {
        if (to_nn && d->o->online) {
            /* PostgreSQL 15 skips the scan of SET NOT NULL when a valid
             * CHECK (col IS NOT NULL) proves it: build that check without
             * a long lock first (the sequence lint suggests, too). */
            strbuf qt = STRBUF_INIT;
            sqlr_rel_qname(&qt, r);
            safe_set_not_null(qt.buf, to->name, out);
            sb_release(&qt);
        } else {
            alter_column(&sb, r, to);
            sb_adds(&sb, to_nn ? " SET NOT NULL" : " DROP NOT NULL");
            sv_add_stmt(out, &sb);
            /* A valid CHECK (col IS NOT NULL) already there spares the scan. */
            if (to_nn && !check_proves_not_null((const cat_rel *)from->obj.parent, from->name))
                *hazards |= 1u << HZ_TABLE_SCAN;
        }
    }
    if (to->identity && from->identity != to->identity) {
        set_identity(&sb, r, from, to);
        sv_add_stmt(out, &sb);
    }
}

static char *column_detail(const cat_column *a, const cat_column *b)
{
    strbuf sb = STRBUF_INIT;
    if (!str_eq(a->type, b->type))
        sb_addf(&sb, "type %s -> %s; ", a->type, b->type);
    if (!str_eq(a->collation, b->collation))
        sb_addf(&sb, "collation %s -> %s; ", a->collation ? a->collation : "default",
                b->collation ? b->collation : "default");
    if (!str_eq(a->default_expr, b->default_expr))
        sb_addf(&sb, "default %s -> %s; ", a->default_expr ? a->default_expr : "none",
                b->default_expr ? b->default_expr : "none");
    if (a->not_null != b->not_null)
        sb_addf(&sb, "%s; ", b->not_null ? "set not null" : "drop not null");
    if (a->identity != b->identity)
        sb_addf(&sb, "identity %s -> %s; ", a->identity == 'a' ? "always" : a->identity == 'd' ? "by default" : "none",
                b->identity == 'a' ? "always" : b->identity == 'd' ? "by default" : "none");
    if (!str_eq(a->generated, b->generated))
        sb_adds(&sb, "generation expression; ");
    if (sb.len >= 2)
        sb.buf[sb.len -= 2] = '\0';
    return sb_detach(&sb);
}

void diff_column(dctx *d, cat_column *a, cat_column *b)
{
    const cat_rel *rb = (const cat_rel *)b->obj.parent;
    const cat_rel *ra = (const cat_rel *)a->obj.parent;
    if (str_eq(a->type, b->type) && str_eq(a->collation, b->collation)
        && str_eq(a->default_expr, b->default_expr) && a->not_null == b->not_null
        && a->identity == b->identity && str_eq(a->generated, b->generated))
        return;
    char *detail = column_detail(a, b);
    change *c = diff_add(d, CH_ALTER, &a->obj, &b->obj, PH_ALTER);
    c->detail = detail;
    if (!str_eq(a->generated, b->generated)) {
        /* A generation expression cannot be altered: the column is
         * dropped and added again (its values are derived, none is lost). */
        diff_render_drop(&a->obj, &c->sql);
        diff_column_add_sql(rb, b, &c->sql);
        diff_render_drop(&b->obj, &c->reverse);
        diff_column_add_sql(ra, a, &c->reverse);
        change_hazard(c, HZ_TABLE_REWRITE);
        diff_index_change(d, d->cs->n - 1);
        char *why = xasprintf("column %s", c->object);
        diff_rebuild_dependents(d, &a->obj, why, false);
        free(why);
        return;
    }
    column_steps(d, rb, a, b, &c->sql, &c->hazards);
    unsigned ignored = 0;
    column_steps(d, ra, b, a, &c->reverse, &ignored);
    diff_index_change(d, d->cs->n - 1);
    if (!str_eq(a->type, b->type) || !str_eq(a->collation, b->collation)) {
        char *why = xasprintf("the type of column %s", c->object);
        diff_rebuild_dependents(d, &a->obj, why, true);
        free(why);
    }
}

/* ---- the table ------------------------------------------------------------------------ */

static change *table_change(dctx *d, cat_rel *a, cat_rel *b, const char *detail)
{
    change *c = diff_add(d, CH_ALTER, &a->obj, &b->obj, PH_ALTER);
    c->detail = xstrdup(detail);
    return c;
}

static void reloptions_sql(const cat_rel *r, const strvec *from, const strvec *to, strvec *out)
{
    strbuf set = STRBUF_INIT, reset = STRBUF_INIT;
    for (size_t i = 0; i < to->n; i++)
        if (!strvec_has(from, to->v[i])) {
            const char *eq = strchr(to->v[i], '=');
            sb_addf(&set, "%s%.*s = ", set.len ? ", " : "", (int)(eq ? eq - to->v[i] : (long)strlen(to->v[i])), to->v[i]);
            sqlr_literal(&set, eq ? eq + 1 : "true");
        }
    for (size_t i = 0; i < from->n; i++) {
        const char *eq = strchr(from->v[i], '=');
        size_t klen = eq ? (size_t)(eq - from->v[i]) : strlen(from->v[i]);
        bool kept = false;
        for (size_t j = 0; j < to->n; j++)
            if (!strncmp(to->v[j], from->v[i], klen) && (to->v[j][klen] == '=' || !to->v[j][klen]))
                kept = true;
        if (!kept)
            sb_addf(&reset, "%s%.*s", reset.len ? ", " : "", (int)klen, from->v[i]);
    }
    strbuf sb = STRBUF_INIT;
    if (set.len) {
        alter_table(&sb, r);
        sb_addf(&sb, " SET (%s)", set.buf);
        sv_add_stmt(out, &sb);
    }
    if (reset.len) {
        alter_table(&sb, r);
        sb_addf(&sb, " RESET (%s)", reset.buf);
        sv_add_stmt(out, &sb);
    }
    sb_release(&set);
    sb_release(&reset);
}

static bool same_options(const strvec *a, const strvec *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (!strvec_has(b, a->v[i]))
            return false;
    return true;
}

static void rls_sql(const cat_rel *r, const cat_rel *from, const cat_rel *to, strvec *out)
{
    strbuf sb = STRBUF_INIT;
    if (from->rls_enabled != to->rls_enabled) {
        alter_table(&sb, r);
        sb_adds(&sb, to->rls_enabled ? " ENABLE ROW LEVEL SECURITY" : " DISABLE ROW LEVEL SECURITY");
        sv_add_stmt(out, &sb);
    }
    if (from->rls_forced != to->rls_forced) {
        alter_table(&sb, r);
        sb_adds(&sb, to->rls_forced ? " FORCE ROW LEVEL SECURITY" : " NO FORCE ROW LEVEL SECURITY");
        sv_add_stmt(out, &sb);
    }
}

static char *rel_key(const cat_rel *r)
{
    return r ? diff_key(&r->obj) : xstrdup("");
}

static void partition_sql(const cat_rel *r, const cat_rel *parent, const char *bound, bool attach, strvec *out)
{
    strbuf sb = STRBUF_INIT;
    alter_table(&sb, parent);
    sb_adds(&sb, attach ? " ATTACH PARTITION " : " DETACH PARTITION ");
    sqlr_rel_qname(&sb, r);
    if (attach)
        sb_addf(&sb, " %s", bound ? bound : "DEFAULT");
    sv_add_stmt(out, &sb);
}

static void inherit_sql(const cat_rel *r, const cat_rel *parent, bool inherit, strvec *out)
{
    strbuf sb = STRBUF_INIT;
    alter_table(&sb, r);
    sb_adds(&sb, inherit ? " INHERIT " : " NO INHERIT ");
    sqlr_rel_qname(&sb, parent);
    sv_add_stmt(out, &sb);
}

static bool has_parent(const cat_rel *r, const char *key)
{
    for (size_t i = 0; i < r->ninherits; i++) {
        char *k = diff_key(&r->inherits[i]->obj);
        bool eq = !strcmp(k, key);
        free(k);
        if (eq)
            return true;
    }
    return false;
}

static void diff_inherits(dctx *d, cat_rel *a, cat_rel *b)
{
    for (size_t i = 0; i < b->ninherits; i++) {
        char *k = diff_key(&b->inherits[i]->obj);
        if (!has_parent(a, k)) {
            change *c = table_change(d, a, b, "inherits");
            c->needs = &b->inherits[i]->obj;
            inherit_sql(b, b->inherits[i], true, &c->sql);
            inherit_sql(b, b->inherits[i], false, &c->reverse);
            diff_index_change(d, d->cs->n - 1);
        }
        free(k);
    }
    for (size_t i = 0; i < a->ninherits; i++) {
        char *k = diff_key(&a->inherits[i]->obj);
        if (!has_parent(b, k)) {
            change *c = table_change(d, a, b, "no longer inherits");
            inherit_sql(a, a->inherits[i], false, &c->sql);
            inherit_sql(a, a->inherits[i], true, &c->reverse);
            diff_index_change(d, d->cs->n - 1);
        }
        free(k);
    }
}

static void column_order(dctx *d, cat_rel *a, cat_rel *b)
{
    strbuf oa = STRBUF_INIT, ob = STRBUF_INIT;
    for (size_t i = 0; i < a->ncols; i++)
        if (cat_column_get(b, a->cols[i]->name))
            sb_addf(&oa, "%s%s", oa.len ? ", " : "", a->cols[i]->name);
    for (size_t i = 0; i < b->ncols; i++)
        if (cat_column_get(a, b->cols[i]->name))
            sb_addf(&ob, "%s%s", ob.len ? ", " : "", b->cols[i]->name);
    if (strcmp(sb_str(&oa), sb_str(&ob))) {
        char *detail = xasprintf("column order (%s) -> (%s)", sb_str(&oa), sb_str(&ob));
        change *c = table_change(d, a, b, detail);
        free(detail);
        strvec_push(&c->sql, "-- column order differs: only rebuilding the table can change it\n");
        diff_index_change(d, d->cs->n - 1);
    }
    sb_release(&oa);
    sb_release(&ob);
}

void diff_table(dctx *d, cat_rel *a, cat_rel *b)
{
    if (!str_eq(a->partition_key, b->partition_key)) {
        diff_rebuild(d, &a->obj, NULL);
        return;
    }
    strbuf sb = STRBUF_INIT;
    if (a->unlogged != b->unlogged) {
        change *c = table_change(d, a, b, b->unlogged ? "unlogged" : "logged");
        alter_table(&sb, b);
        sb_adds(&sb, b->unlogged ? " SET UNLOGGED" : " SET LOGGED");
        sv_add_stmt(&c->sql, &sb);
        alter_table(&sb, a);
        sb_adds(&sb, a->unlogged ? " SET UNLOGGED" : " SET LOGGED");
        sv_add_stmt(&c->reverse, &sb);
        change_hazard(c, HZ_TABLE_REWRITE);
        diff_index_change(d, d->cs->n - 1);
    }
    if (!same_options(&a->options, &b->options)) {
        change *c = table_change(d, a, b, "storage parameters");
        reloptions_sql(b, &a->options, &b->options, &c->sql);
        reloptions_sql(a, &b->options, &a->options, &c->reverse);
        diff_index_change(d, d->cs->n - 1);
    }
    if (!str_eq(a->tablespace, b->tablespace)) {
        change *c = table_change(d, a, b, "tablespace");
        alter_table(&sb, b);
        sb_adds(&sb, " SET TABLESPACE ");
        pgident_quote_sb(&sb, b->tablespace ? b->tablespace : "pg_default");
        sv_add_stmt(&c->sql, &sb);
        alter_table(&sb, a);
        sb_adds(&sb, " SET TABLESPACE ");
        pgident_quote_sb(&sb, a->tablespace ? a->tablespace : "pg_default");
        sv_add_stmt(&c->reverse, &sb);
        change_hazard(c, HZ_TABLE_REWRITE);
        diff_index_change(d, d->cs->n - 1);
    }
    if (a->rls_enabled != b->rls_enabled || a->rls_forced != b->rls_forced) {
        change *c = table_change(d, a, b, "row level security");
        rls_sql(b, a, b, &c->sql);
        rls_sql(a, b, a, &c->reverse);
        diff_index_change(d, d->cs->n - 1);
    }
    char *pa = rel_key(a->partition_of), *pb = rel_key(b->partition_of);
    if (strcmp(pa, pb) || !str_eq(a->partition_bound, b->partition_bound)) {
        change *c = table_change(d, a, b, "partition attachment");
        if (a->partition_of) {
            partition_sql(a, a->partition_of, NULL, false, &c->sql);
            partition_sql(a, a->partition_of, a->partition_bound, true, &c->reverse);
        }
        if (b->partition_of) {
            c->needs = &b->partition_of->obj;
            partition_sql(b, b->partition_of, b->partition_bound, true, &c->sql);
            partition_sql(b, b->partition_of, NULL, false, &c->reverse);
            change_hazard(c, HZ_TABLE_SCAN);
        }
        diff_index_change(d, d->cs->n - 1);
    }
    free(pa);
    free(pb);
    diff_inherits(d, a, b);
    if (d->o->strict_column_order)
        column_order(d, a, b);
}

void diff_table_created(dctx *d, cat_rel *b)
{
    if (b->relkind != 'r' && b->relkind != 'p')
        return;
    for (size_t i = 0; i < b->ncols; i++) {
        cat_column *col = b->cols[i];
        if (!col->default_expr || !sqlp_default_separate(&d->pb, b, col)
            || str_eq(sqlp_default_after_create(&d->pb, b, col), col->default_expr))
            continue;
        change *c = diff_add(d, CH_ALTER, NULL, &col->obj, PH_CREATE);
        c->detail = xstrdup("default (after its sequence)");
        c->finishing = true;
        sqlr_default(b, col, &c->sql);
        diff_index_change(d, d->cs->n - 1);
    }
}
