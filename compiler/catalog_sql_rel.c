/* catalog_sql_rel: the SQL of relations and what hangs off them: CREATE
 * TABLE (with inline CHECKs and the NOT NULL / DEFAULT fix-ups that
 * inheritance and partitions need), views and materialized views,
 * separate column defaults, constraints, indexes, triggers, row-level
 * security and policies.  Which of these exist as separate statements,
 * and in what order, is decided in catalog_sql_order.c; this file only
 * writes them, in pg_dump 15's wording. */
#include "catalog_sql_int.h"

#include <string.h>

#include "pgident.h"

/* ---- tables ------------------------------------------------------------------------- */

static void column_comments(const cat_rel *r, const char *q, strvec *out)
{
    for (size_t i = 0; i < r->ncols; i++) {
        strbuf a = STRBUF_INIT;
        pgident_quote_sb(&a, r->cols[i]->name);
        sqlr_comment_on(out, &r->cols[i]->obj, "COLUMN", "%s.%s", q, a.buf);
        sb_release(&a);
    }
}

static void column_def(const sql_plan *p, const cat_rel *r, const cat_column *col, strbuf *sb)
{
    sb_adds(sb, "    ");
    pgident_quote_sb(sb, col->name);
    sb_addf(sb, " %s", col->type);
    if (col->generated)
        sb_addf(sb, " GENERATED ALWAYS AS (%s) STORED", col->generated);
    else if (col->identity && !sqlp_identity_seq(p->cat, col))
        sb_addf(sb, " GENERATED %s AS IDENTITY", col->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
    else if (col->default_expr && !sqlp_default_separate(p, r, col))
        sb_addf(sb, " DEFAULT %s", col->default_expr);
    if (col->not_null || col->identity)
        sb_adds(sb, " NOT NULL");
    if (col->collation)
        sb_addf(sb, " COLLATE %s", col->collation);
}

static void check_def(const cat_constraint *k, strbuf *sb)
{
    sb_addf(sb, "CHECK (%s)", k->expr ? k->expr : "true");
    if (k->no_inherit)
        sb_adds(sb, " NO INHERIT");
}

void sqlr_table(const sql_plan *p, const cat_rel *r, strvec *out)
{
    strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
    sqlr_rel_qname(&q, r);
    sb_addf(&sb, "CREATE %sTABLE %s", r->unlogged ? "UNLOGGED " : "", q.buf);
    if (r->partition_of) {
        sb_adds(&sb, " PARTITION OF ");
        sqlr_rel_qname(&sb, r->partition_of);
    }
    strvec elems = STRVEC_INIT;
    for (size_t i = 0; i < r->ncols && !r->partition_of; i++) {
        if (!r->cols[i]->is_local)
            continue;
        strbuf e = STRBUF_INIT;
        column_def(p, r, r->cols[i], &e);
        strvec_push_nodup(&elems, sb_detach(&e));
    }
    cat_constraint **cons = xcalloc(r->ncons + 1, sizeof(*cons));
    for (size_t i = 0; i < r->ncons; i++)
        cons[i] = r->cons[i];
    if (r->ncons > 1)
        qsort(cons, r->ncons, sizeof(*cons), sqlr_cmp_con_name);
    for (size_t i = 0; i < r->ncons; i++) {
        if (!sqlp_check_inline(p, r, cons[i]))
            continue;
        strbuf e = STRBUF_INIT;
        sb_adds(&e, "    CONSTRAINT ");
        pgident_quote_sb(&e, cons[i]->name);
        sb_addc(&e, ' ');
        check_def(cons[i], &e);
        strvec_push_nodup(&elems, sb_detach(&e));
    }
    if (elems.n || !r->partition_of) {
        sb_adds(&sb, " (\n");
        for (size_t i = 0; i < elems.n; i++)
            sb_addf(&sb, "%s%s\n", elems.v[i], i + 1 < elems.n ? "," : "");
        sb_addc(&sb, ')');
    }
    strvec_clear(&elems);
    if (r->partition_of)
        sb_addf(&sb, "\n%s", r->partition_bound ? r->partition_bound : "DEFAULT");
    if (r->ninherits && !r->partition_of) {
        sb_adds(&sb, "\nINHERITS (");
        for (size_t i = 0; i < r->ninherits; i++) {
            if (i)
                sb_adds(&sb, ", ");
            sqlr_rel_qname(&sb, r->inherits[i]);
        }
        sb_addc(&sb, ')');
    }
    if (r->partition_key)
        sb_addf(&sb, "\nPARTITION BY %s", r->partition_key);
    sqlr_reloptions(&sb, "\nWITH ", &r->options);
    if (r->tablespace) {
        sb_adds(&sb, "\nTABLESPACE ");
        pgident_quote_sb(&sb, r->tablespace);
    }
    sqlr_emit(out, &sb);

    /* Fix-ups for what CREATE TABLE could not say: NOT NULL and defaults
     * that differ from what the parent hands down. */
    for (size_t i = 0; i < r->ncols; i++) {
        const cat_column *col = r->cols[i];
        strbuf cn = STRBUF_INIT;
        pgident_quote_sb(&cn, col->name);
        bool nn = sqlp_notnull_after_create(r, col);
        if (nn != (col->not_null || col->identity)) {
            sb_addf(&sb, "ALTER TABLE ONLY %s ALTER COLUMN %s %s NOT NULL", q.buf, cn.buf, nn ? "DROP" : "SET");
            sqlr_emit(out, &sb);
        }
        const char *now = sqlp_default_after_create(p, r, col);
        const char *want = col->identity || col->generated ? NULL : col->default_expr;
        bool same = now == want || (now && want && !strcmp(now, want));
        if (!same && !(want && sqlp_default_separate(p, r, col))) {
            sb_addf(&sb, "ALTER TABLE ONLY %s ALTER COLUMN %s ", q.buf, cn.buf);
            if (want)
                sb_addf(&sb, "SET DEFAULT %s", want);
            else
                sb_adds(&sb, "DROP DEFAULT");
            sqlr_emit(out, &sb);
        }
        sb_release(&cn);
    }
    sqlr_comment_on(out, &r->obj, "TABLE", "%s", q.buf);
    column_comments(r, q.buf, out);
    for (size_t i = 0; i < r->ncons; i++) {
        const cat_constraint *k = cons[i];
        if (sqlp_partition_copy_con(r, k) || !(sqlp_check_inline(p, r, k) || !k->is_local))
            continue;
        strbuf a = STRBUF_INIT;
        pgident_quote_sb(&a, k->name);
        sqlr_comment_on(out, &k->obj, "CONSTRAINT", "%s ON %s", a.buf, q.buf);
        sb_release(&a);
    }
    free(cons);
    sb_release(&q);
}

void sqlr_view(const cat_rel *v, strvec *out)
{
    strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
    sqlr_rel_qname(&q, v);
    bool mat = v->relkind == 'm';
    sb_addf(&sb, "CREATE %sVIEW %s", mat ? "MATERIALIZED " : "", q.buf);
    if (v->ncols) {
        sb_adds(&sb, " (");
        for (size_t i = 0; i < v->ncols; i++) {
            if (i)
                sb_adds(&sb, ", ");
            pgident_quote_sb(&sb, v->cols[i]->name);
        }
        sb_addc(&sb, ')');
    }
    sqlr_reloptions(&sb, " WITH ", &v->options);
    if (mat && v->tablespace) {
        sb_adds(&sb, " TABLESPACE ");
        pgident_quote_sb(&sb, v->tablespace);
    }
    sb_addf(&sb, " AS\n%s", v->query ? v->query : "SELECT");
    if (mat)
        sb_adds(&sb, "\n  WITH NO DATA");
    else if (v->check_option)
        sb_addf(&sb, "\n  WITH %s CHECK OPTION", !strcmp(v->check_option, "local") ? "LOCAL" : "CASCADED");
    sqlr_emit(out, &sb);
    sqlr_comment_on(out, &v->obj, mat ? "MATERIALIZED VIEW" : "VIEW", "%s", q.buf);
    column_comments(v, q.buf, out);
    sb_release(&q);
}

void sqlr_default(const cat_rel *r, const cat_column *col, strvec *out)
{
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "ALTER TABLE ONLY ");
    sqlr_rel_qname(&sb, r);
    sb_adds(&sb, " ALTER COLUMN ");
    pgident_quote_sb(&sb, col->name);
    sb_addf(&sb, " SET DEFAULT %s", col->default_expr);
    sqlr_emit(out, &sb);
}

/* ---- constraints, indexes, triggers, policies ------------------------------------------ */

static const char *fk_action(char a)
{
    switch (a) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return NULL;
    }
}

static void deferrable(strbuf *sb, bool deferrable_, bool deferred)
{
    if (deferrable_)
        sb_adds(sb, " DEFERRABLE");
    if (deferred)
        sb_adds(sb, " INITIALLY DEFERRED");
}

void sqlr_constraint(const cat_constraint *k, strvec *out)
{
    const cat_rel *r = (const cat_rel *)k->obj.parent;
    strbuf sb = STRBUF_INIT, q = STRBUF_INIT, name = STRBUF_INIT;
    sqlr_rel_qname(&q, r);
    pgident_quote_sb(&name, k->name);
    /* ONLY, except where the statement must reach the children: a
     * partitioned table's keys and indexes, inherited CHECKs. */
    bool only = r->relkind != 'p' && k->type != CON_CHECK;
    sb_addf(&sb, "ALTER TABLE %s%s\n    ADD CONSTRAINT %s ", only ? "ONLY " : "", q.buf, name.buf);
    const strvec *iopts = k->index_options.n || !k->index ? &k->index_options : &k->index->options;
    const char *ispc = k->index ? k->index->tablespace : NULL;
    switch (k->type) {
    case CON_PRIMARY:
    case CON_UNIQUE:
        sb_adds(&sb, k->type == CON_PRIMARY ? "PRIMARY KEY " : "UNIQUE ");
        if (k->nulls_not_distinct)
            sb_adds(&sb, "NULLS NOT DISTINCT ");
        sb_addc(&sb, '(');
        sqlr_ident_list(&sb, &k->columns);
        sb_addc(&sb, ')');
        break;
    case CON_EXCLUDE:
        if (k->exclusion)
            sb_addf(&sb, "%s%s", str_starts_with(k->exclusion, "EXCLUDE") ? "" : "EXCLUDE ", k->exclusion);
        else
            sb_adds(&sb, "EXCLUDE ()"); /* elements unknown: fails loudly on load */
        break;
    case CON_CHECK:
        check_def(k, &sb);
        break;
    case CON_FOREIGN:
        sb_adds(&sb, "FOREIGN KEY (");
        sqlr_ident_list(&sb, &k->columns);
        sb_adds(&sb, ") REFERENCES ");
        if (k->ref)
            sqlr_rel_qname(&sb, k->ref);
        sb_addc(&sb, '(');
        sqlr_ident_list(&sb, &k->ref_columns);
        sb_addc(&sb, ')');
        if (k->match == 'f')
            sb_adds(&sb, " MATCH FULL");
        else if (k->match == 'p')
            sb_adds(&sb, " MATCH PARTIAL");
        if (fk_action(k->on_update))
            sb_addf(&sb, " ON UPDATE %s", fk_action(k->on_update));
        if (fk_action(k->on_delete)) {
            sb_addf(&sb, " ON DELETE %s", fk_action(k->on_delete));
            if (k->on_delete_columns.n) {
                sb_adds(&sb, " (");
                sqlr_ident_list(&sb, &k->on_delete_columns);
                sb_addc(&sb, ')');
            }
        }
        break;
    }
    if (k->type == CON_PRIMARY || k->type == CON_UNIQUE) {
        if (k->include.n) {
            sb_adds(&sb, " INCLUDE (");
            sqlr_ident_list(&sb, &k->include);
            sb_addc(&sb, ')');
        }
        sqlr_reloptions(&sb, " WITH ", iopts);
        if (ispc) {
            sb_adds(&sb, " USING INDEX TABLESPACE ");
            pgident_quote_sb(&sb, ispc);
        }
    }
    deferrable(&sb, k->deferrable, k->deferred);
    if (k->not_valid && (k->type == CON_CHECK || k->type == CON_FOREIGN))
        sb_adds(&sb, " NOT VALID");
    sqlr_emit(out, &sb);
    sqlr_comment_on(out, &k->obj, "CONSTRAINT", "%s ON %s", name.buf, q.buf);
    if (k->index && k->index->obj.comment) {
        strbuf iq = STRBUF_INIT;
        sqlr_qname(&iq, r->schema->name, k->index->name);
        sqlr_comment_on(out, &k->index->obj, "INDEX", "%s", iq.buf);
        sb_release(&iq);
    }
    sb_release(&name);
    sb_release(&q);
}

void sqlr_index(const cat_index *ix, strvec *out)
{
    const cat_rel *r = (const cat_rel *)ix->obj.parent;
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "CREATE %sINDEX ", ix->unique ? "UNIQUE " : "");
    pgident_quote_sb(&sb, ix->name);
    sb_adds(&sb, " ON ");
    sqlr_rel_qname(&sb, r);
    sb_adds(&sb, " USING ");
    pgident_quote_sb(&sb, ix->method ? ix->method : "btree");
    sb_adds(&sb, " (");
    for (size_t i = 0; i < ix->elems.n; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", ix->elems.v[i]);
    sb_addc(&sb, ')');
    if (ix->include.n) {
        sb_adds(&sb, " INCLUDE (");
        sqlr_ident_list(&sb, &ix->include);
        sb_addc(&sb, ')');
    }
    if (ix->nulls_not_distinct)
        sb_adds(&sb, " NULLS NOT DISTINCT");
    sqlr_reloptions(&sb, " WITH ", &ix->options);
    if (ix->tablespace) {
        sb_adds(&sb, " TABLESPACE ");
        pgident_quote_sb(&sb, ix->tablespace);
    }
    if (ix->where)
        sb_addf(&sb, " WHERE (%s)", ix->where);
    sqlr_emit(out, &sb);
    strbuf iq = STRBUF_INIT;
    sqlr_qname(&iq, r->schema->name, ix->name);
    sqlr_comment_on(out, &ix->obj, "INDEX", "%s", iq.buf);
    sb_release(&iq);
}

void sqlr_trigger(const cat_trigger *t, strvec *out)
{
    const cat_rel *r = (const cat_rel *)t->obj.parent;
    strbuf sb = STRBUF_INIT, q = STRBUF_INIT, name = STRBUF_INIT;
    sqlr_rel_qname(&q, r);
    pgident_quote_sb(&name, t->name);
    sb_addf(&sb, "CREATE %sTRIGGER %s %s", t->is_constraint ? "CONSTRAINT " : "", name.buf,
            t->timing == 'B' ? "BEFORE" : t->timing == 'I' ? "INSTEAD OF" : "AFTER");
    static const struct { int bit; const char *word; } evs[] = {
        {TRIG_INSERT, "INSERT"}, {TRIG_DELETE, "DELETE"}, {TRIG_UPDATE, "UPDATE"}, {TRIG_TRUNCATE, "TRUNCATE"}};
    bool first = true;
    for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
        if (!(t->events & evs[i].bit))
            continue;
        sb_addf(&sb, "%s%s", first ? " " : " OR ", evs[i].word);
        first = false;
        if (evs[i].bit == TRIG_UPDATE && t->update_columns.n) {
            sb_adds(&sb, " OF ");
            sqlr_ident_list(&sb, &t->update_columns);
        }
    }
    sb_addf(&sb, " ON %s", q.buf);
    if (t->is_constraint) {
        if (t->constr_ref)
            sb_addf(&sb, " FROM %s", t->constr_ref);
        sb_addf(&sb, " %sDEFERRABLE INITIALLY %s", t->deferrable ? "" : "NOT ", t->deferred ? "DEFERRED" : "IMMEDIATE");
    }
    if (t->old_table || t->new_table) {
        sb_adds(&sb, " REFERENCING");
        if (t->old_table) {
            sb_adds(&sb, " OLD TABLE AS ");
            pgident_quote_sb(&sb, t->old_table);
        }
        if (t->new_table) {
            sb_adds(&sb, " NEW TABLE AS ");
            pgident_quote_sb(&sb, t->new_table);
        }
    }
    sb_addf(&sb, " FOR EACH %s", t->for_each_row ? "ROW" : "STATEMENT");
    if (t->when)
        sb_addf(&sb, " WHEN (%s)", t->when);
    sb_adds(&sb, " EXECUTE FUNCTION ");
    if (t->func)
        sqlr_qname(&sb, t->func->schema->name, t->func->name);
    sb_addc(&sb, '(');
    for (size_t i = 0; i < t->args.n; i++) {
        if (i)
            sb_adds(&sb, ", ");
        sqlr_literal(&sb, t->args.v[i]);
    }
    sb_addc(&sb, ')');
    sqlr_emit(out, &sb);
    if (t->enabled == 'D' || t->enabled == 'R' || t->enabled == 'A') {
        sb_addf(&sb, "ALTER TABLE %s %s TRIGGER %s", q.buf,
                t->enabled == 'D' ? "DISABLE" : t->enabled == 'R' ? "ENABLE REPLICA" : "ENABLE ALWAYS", name.buf);
        sqlr_emit(out, &sb);
    }
    sqlr_comment_on(out, &t->obj, "TRIGGER", "%s ON %s", name.buf, q.buf);
    sb_release(&name);
    sb_release(&q);
}

void sqlr_policy(const cat_policy *pol, strvec *out)
{
    const cat_rel *r = (const cat_rel *)pol->obj.parent;
    strbuf sb = STRBUF_INIT, q = STRBUF_INIT, name = STRBUF_INIT;
    sqlr_rel_qname(&q, r);
    pgident_quote_sb(&name, pol->name);
    sb_addf(&sb, "CREATE POLICY %s ON %s", name.buf, q.buf);
    if (!pol->permissive)
        sb_adds(&sb, " AS RESTRICTIVE");
    switch (pol->cmd) {
    case 'r': sb_adds(&sb, " FOR SELECT"); break;
    case 'a': sb_adds(&sb, " FOR INSERT"); break;
    case 'w': sb_adds(&sb, " FOR UPDATE"); break;
    case 'd': sb_adds(&sb, " FOR DELETE"); break;
    default: break;
    }
    bool only_public = pol->roles.n == 0 || (pol->roles.n == 1 && !strcmp(pol->roles.v[0], "public"));
    if (!only_public) {
        const char **v = sqlr_sorted_copy(&pol->roles);
        sb_adds(&sb, " TO ");
        for (size_t i = 0; i < pol->roles.n; i++) {
            if (i)
                sb_adds(&sb, ", ");
            sqlr_role(&sb, v[i]);
        }
        free(v);
    }
    if (pol->using_expr)
        sb_addf(&sb, " USING (%s)", pol->using_expr);
    if (pol->check_expr)
        sb_addf(&sb, " WITH CHECK (%s)", pol->check_expr);
    sqlr_emit(out, &sb);
    sqlr_comment_on(out, &pol->obj, "POLICY", "%s ON %s", name.buf, q.buf);
    sb_release(&name);
    sb_release(&q);
}

void sqlr_rls(const cat_rel *r, strvec *out)
{
    strbuf sb = STRBUF_INIT;
    if (r->rls_enabled) {
        sb_adds(&sb, "ALTER TABLE ");
        sqlr_rel_qname(&sb, r);
        sb_adds(&sb, " ENABLE ROW LEVEL SECURITY");
        sqlr_emit(out, &sb);
    }
    if (r->rls_forced) {
        sb_adds(&sb, "ALTER TABLE ONLY ");
        sqlr_rel_qname(&sb, r);
        sb_adds(&sb, " FORCE ROW LEVEL SECURITY");
        sqlr_emit(out, &sb);
    }
}
