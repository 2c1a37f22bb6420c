/* replay_view: views and materialized views.
 *
 * A view keeps its canonical query text and its output column names (types
 * are not knowable without a server's type resolution; the names are what
 * dependents and CREATE OR REPLACE care about).  The query's dependencies
 * on relations and columns are recorded by canon_query, which is what makes
 * DROP TABLE / DROP COLUMN / ALTER COLUMN TYPE fail or cascade exactly when
 * the server's would. */
#include "replay_int.h"

static int fill_view(replayer *rp, cat_rel *v, PgQuery__Node *query, PgQuery__Node **aliases,
                     size_t naliases, strvec *names)
{
    strbuf err = STRBUF_INIT;
    strvec alias_names = STRVEC_INIT;
    for (size_t i = 0; i < naliases; i++)
        strvec_push(&alias_names, ast_str(aliases[i]));
    canon_ctx cx = {rp->cat, NULL, &v->obj, DEP_NORMAL, &err, NULL, naliases ? &alias_names : NULL};
    int crc = canon_query_ast(&cx, query, names);
    strvec_clear(&alias_names);
    if (crc < 0) {
        int rc = rp_error(rp, -1, "%s", err.buf);
        sb_release(&err);
        return rc;
    }
    sb_release(&err);
    if (naliases > names->n)
        return rp_error(rp, -1, "CREATE VIEW specifies more column names than columns");
    for (size_t i = 0; i < naliases; i++) {
        free(names->v[i]);
        names->v[i] = xstrdup(ast_str(aliases[i]));
    }
    for (size_t i = 0; i < names->n; i++)
        for (size_t k = 0; k < i; k++)
            if (!strcmp(names->v[i], names->v[k]))
                return rp_error(rp, -1, "column \"%s\" specified more than once", names->v[i]);
    /* Keep the canonical tree, detached from the statement's parse result
     * (which is freed after replay), and deparse it only when needed. */
    free(v->query);
    v->query = NULL;
    if (v->query_ast)
        protobuf_c_message_free_unpacked(&v->query_ast->base, NULL);
    v->query_ast = xmalloc(sizeof(PgQuery__Node));
    *v->query_ast = *query;
    pg_query__node__init(query); /* the statement no longer owns it */
    return 0;
}

static void set_columns(cat_rel *v, const strvec *names)
{
    for (size_t i = v->ncols; i < names->n; i++)
        cat_column_add(v, names->v[i], "");
}

int rp_create_view(replayer *rp, PgQuery__ViewStmt *vs)
{
    PgQuery__RangeVar *rv = vs->view;
    if (rv->relpersistence && rv->relpersistence[0] == 't') {
        rp->nskipped++;
        return 0;
    }
    cat_schema *s = rp_target_schema(rp, rv->schemaname, rv->location);
    if (!s)
        return -1;
    cat_rel *old = cat_rel_get(rp->cat, s->name, rv->relname);
    if (old || cat_relname_taken(rp->cat, s, rv->relname)) {
        if (!vs->replace || !old)
            return rp_error(rp, rv->location, "relation \"%s\" already exists", rv->relname);
        if (old->relkind != 'v')
            return rp_error(rp, rv->location, "\"%s\" is not a view", rv->relname);
    } else if (rp_check_rowtype(rp, s, rv->relname, rv->location) < 0) {
        return -1;
    }
    strvec names = STRVEC_INIT;
    cat_rel *v = old;
    if (old) {
        /* Replace: dependencies are recomputed from the new query; the old
         * columns must survive by name and position. */
        cat_deps_clear(&old->obj, 0);
        if (fill_view(rp, old, vs->query, vs->aliases, vs->n_aliases, &names) < 0) {
            strvec_clear(&names);
            return -1;
        }
        if (names.n < old->ncols) {
            strvec_clear(&names);
            return rp_error(rp, -1, "cannot drop columns from view");
        }
        for (size_t i = 0; i < old->ncols; i++)
            if (strcmp(old->cols[i]->name, names.v[i])) {
                int rc = rp_error(rp, -1, "cannot change name of view column \"%s\" to \"%s\"\n"
                                  "HINT: Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.",
                                  old->cols[i]->name, names.v[i]);
                strvec_clear(&names);
                return rc;
            }
    } else {
        v = cat_rel_new(rp->cat, s, rv->relname, 'v');
        if (fill_view(rp, v, vs->query, vs->aliases, vs->n_aliases, &names) < 0) {
            rp_discard(rp, &v->obj);
            strvec_clear(&names);
            return -1;
        }
    }
    set_columns(v, &names);
    strvec_clear(&names);
    strvec_clear(&v->options);
    rp_reloptions(vs->options, vs->n_options, &v->options);
    free(v->check_option);
    v->check_option = NULL;
    if (vs->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION)
        v->check_option = xstrdup("local");
    else if (vs->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
        v->check_option = xstrdup("cascaded");
    rp_touch(rp, &v->obj);
    return 0;
}

int rp_create_table_as(replayer *rp, PgQuery__CreateTableAsStmt *cs)
{
    PgQuery__IntoClause *into = cs->into;
    bool table = cs->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
    PgQuery__RangeVar *rv = into->rel;
    if (table && rv->relpersistence && rv->relpersistence[0] == 't') {
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
    if (rp_check_rowtype(rp, s, rv->relname, rv->location) < 0)
        return -1;
    cat_rel *m = cat_rel_new(rp->cat, s, rv->relname, table ? 'r' : 'm');
    strvec names = STRVEC_INIT;
    if (fill_view(rp, m, cs->query, into->col_names, into->n_col_names, &names) < 0) {
        rp_discard(rp, &m->obj);
        strvec_clear(&names);
        return -1;
    }
    set_columns(m, &names);
    strvec_clear(&names);
    if (table) {
        /* A table keeps no query; its column types are unknown offline
         * (empty), which replay_finish reports if the table survives. */
        free(m->query);
        m->query = NULL;
        if (m->query_ast)
            protobuf_c_message_free_unpacked(&m->query_ast->base, NULL);
        m->query_ast = NULL;
        m->unlogged = rv->relpersistence && rv->relpersistence[0] == 'u';
        cat_deps_clear(&m->obj, 0);
        for (size_t i = 0; i < m->ncols; i++)
            m->cols[i]->obj.loc = m->obj.loc;
        rp_touch(rp, &m->obj);
        for (size_t i = 0; i < m->ncols; i++)
            rp_touch(rp, &m->cols[i]->obj);
        return 0;
    }
    m->with_no_data = into->skip_data;
    rp_reloptions(into->options, into->n_options, &m->options);
    if (into->table_space_name && *into->table_space_name)
        m->tablespace = xstrdup(into->table_space_name);
    rp_touch(rp, &m->obj);
    return 0;
}

int rp_refresh_matview(replayer *rp, PgQuery__RefreshMatViewStmt *rs)
{
    cat_rel *m = rp_rel(rp, rs->relation, false);
    if (!m)
        return -1;
    if (m->relkind != 'm')
        return rp_error(rp, -1, "\"%s\" is not a materialized view", m->name);
    /* REFRESH ... WITH NO DATA leaves it unscannable; pg_dump records that
     * as WITH NO DATA, so it is part of the definition. */
    m->with_no_data = rs->skip_data;
    return 0;
}
