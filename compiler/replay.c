/* replay: statement dispatch and the helpers every handler uses.
 *
 * The dispatch table is the explicit list the README promises: each
 * statement kind is either applied, skipped by rule (it cannot change the
 * schema), or unsupported (warned, or an error under --strict). */
#include "replay_int.h"

#include <stdarg.h>

void replayer_init(replayer *rp, catalog *cat, diaglist *dl, replay_opts opts)
{
    memset(rp, 0, sizeof(*rp));
    rp->cat = cat;
    rp->dl = dl;
    rp->opts = opts;
}

static size_t where(replayer *rp, int location)
{
    if (!rp->st)
        return DIAG_NOPOS;
    if (location >= 0 && rp->st->base != (size_t)-1)
        return rp->st->base + (size_t)location;
    return rp->st->off;
}

static void vreport(replayer *rp, diag_severity sev, int location, const char *fmt, va_list ap)
{
    strbuf sb = STRBUF_INIT;
    sb_vaddf(&sb, fmt, ap);
    diag_add(rp->dl, sev, rp->src, where(rp, location), "%s", sb.buf);
    sb_release(&sb);
}

int rp_error(replayer *rp, int location, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(rp, DIAG_ERROR, location, fmt, ap);
    va_end(ap);
    return -1;
}

void rp_warn(replayer *rp, int location, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(rp, DIAG_WARNING, location, fmt, ap);
    va_end(ap);
}

void rp_notice(replayer *rp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(rp, DIAG_NOTE, -1, fmt, ap);
    va_end(ap);
}

int rp_unsupported(replayer *rp, int location, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf sb = STRBUF_INIT;
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    rp->nunsupported++;
    diag_add(rp->dl, rp->opts.strict ? DIAG_ERROR : DIAG_WARNING, rp->src,
             where(rp, location), "unsupported: %s%s", sb.buf,
             rp->opts.strict ? "" : "; the catalog may differ from the server's");
    sb_release(&sb);
    return rp->opts.strict ? -1 : 0;
}

void rp_touch(replayer *rp, cat_obj *o)
{
    o->loc.path = rp->src ? cat_intern_path(rp->cat, rp->src->path) : NULL;
    o->loc.line = rp->st ? rp->st->line : 0;
}

void rp_discard(replayer *rp, cat_obj *o)
{
    strbuf err = STRBUF_INIT;
    cat_drop(rp->cat, o, true, &err, NULL);
    sb_release(&err);
}

size_t rp_paren_end(const char *e)
{
    int depth = 0;
    char quote = 0;
    size_t k = 0;
    for (; e[k]; k++) {
        if (quote) {
            /* '' and "" inside a literal or identifier are the quote itself */
            if (e[k] == quote && e[k + 1] == quote)
                k++;
            else if (e[k] == quote)
                quote = 0;
        } else if (e[k] == '\'' || e[k] == '"') {
            quote = e[k];
        } else if (e[k] == '(') {
            depth++;
        } else if (e[k] == ')' && --depth == 0) {
            break;
        }
    }
    return k;
}

char *rp_qualified(const char *schema, const char *name)
{
    strbuf sb = STRBUF_INIT;
    if (schema) {
        pgident_quote_sb(&sb, schema);
        sb_addc(&sb, '.');
    }
    pgident_quote_sb(&sb, name);
    return sb_detach(&sb);
}

cat_schema *rp_target_schema(replayer *rp, const char *schemaname, int location)
{
    if (schemaname && *schemaname) {
        cat_schema *s = cat_schema_get(rp->cat, schemaname);
        if (!s)
            rp_error(rp, location, "schema \"%s\" does not exist", schemaname);
        return s;
    }
    cat_schema *s = cat_creation_schema(rp->cat);
    if (!s)
        rp_error(rp, location, "no schema has been selected to create in");
    return s;
}

cat_rel *rp_rel(replayer *rp, const PgQuery__RangeVar *rv, bool missing_ok)
{
    const char *schema = rv->schemaname && *rv->schemaname ? rv->schemaname : NULL;
    if (schema && !cat_schema_get(rp->cat, schema)) {
        if (!missing_ok)
            rp_error(rp, rv->location, "schema \"%s\" does not exist", schema);
        return NULL;
    }
    cat_rel *r = cat_rel_lookup(rp->cat, schema, rv->relname);
    if (!r && !missing_ok) {
        if (schema)
            rp_error(rp, rv->location, "relation \"%s.%s\" does not exist", schema, rv->relname);
        else
            rp_error(rp, rv->location, "relation \"%s\" does not exist", rv->relname);
    }
    return r;
}

int rp_qualname(replayer *rp, PgQuery__Node **names, size_t n, const char **schema,
                const char **name, int location)
{
    *schema = NULL;
    if (n == 1) {
        *name = ast_str(names[0]);
    } else if (n == 2) {
        *schema = ast_str(names[0]);
        *name = ast_str(names[1]);
    } else {
        return rp_error(rp, location, "improper qualified name (too many dotted names)");
    }
    if (!*name)
        return rp_error(rp, location, "improper qualified name");
    return 0;
}

int rp_check_rowtype(replayer *rp, const cat_schema *s, const char *name, int location)
{
    if (!cat_type_get(rp->cat, s->name, name))
        return 0;
    return rp_error(rp, location, "type \"%s\" already exists\nHINT: A relation has an associated type of the same name, "
                    "so you must use a name that doesn't conflict with any existing type.", name);
}

bool rp_constraint_name_taken(const catalog *c, const cat_schema *s, const char *name)
{
    for (size_t i = 0; i < c->nrels; i++) {
        cat_rel *r = c->rels[i];
        if (r->schema != s)
            continue;
        for (size_t k = 0; k < r->ncons; k++)
            if (!strcmp(r->cons[k]->name, name))
                return true;
    }
    for (size_t i = 0; i < c->ntypes; i++) {
        cat_type *t = c->types[i];
        if (t->schema != s)
            continue;
        for (size_t k = 0; k < t->nchecks; k++)
            if (!strcmp(t->checks[k]->name, name))
                return true;
    }
    return false;
}

/* Pseudo-types: valid as argument and result types, never in a table. */
static bool pseudo_type(const char *name)
{
    static const char *const names[] = {
        "trigger", "event_trigger", "void", "record", "internal", "cstring", "unknown",
        "anyelement", "anyarray", "anynonarray", "anyenum", "anyrange", "anymultirange",
        "anycompatible", "anycompatiblearray", "anycompatiblenonarray", "anycompatiblerange",
        "anycompatiblemultirange", "language_handler", "fdw_handler", "table_am_handler",
        "index_am_handler", "tsm_handler", "pg_ddl_command", "opaque", NULL,
    };
    for (size_t i = 0; names[i]; i++)
        if (!strcmp(name, names[i]))
            return true;
    return false;
}

/* Builtin type names need no catalog; everything else is a user or
 * extension type, resolved to its schema. */
char *rp_type(replayer *rp, const PgQuery__TypeName *tn, cat_obj *owner)
{
    size_t n = tn->n_names;
    const char *first = n ? ast_str(tn->names[0]) : NULL;
    const char *last = n ? ast_str(tn->names[n - 1]) : NULL;
    if (tn->setof)
        return rp_error(rp, tn->location, "SETOF type not allowed here"), NULL;
    if (tn->pct_type)
        return rp_unsupported(rp, tn->location, "%%TYPE references"), NULL;
    bool builtin = (n == 2 && first && !strcmp(first, "pg_catalog")) ||
                   (n == 1 && last && (pgtype_builtin_canonical(last) || pseudo_type(last)));
    char *err = NULL;
    if (builtin || !last) {
        char *s = pgtype_format(tn, &err);
        if (!s) {
            rp_error(rp, tn->location, "%s", err);
            free(err);
        }
        return s;
    }
    /* A user type: find it (or a table's row type) and name it by its
     * schema, so that "mood" and "public.mood" are one type. */
    const char *schema = n >= 2 ? ast_str(tn->names[n - 2]) : NULL;
    /* An extension's type may be unknown to the catalog, but it lives in
     * an existing schema: a missing schema is the server's error. */
    if (schema && !cat_schema_get(rp->cat, schema) && strcmp(schema, "pg_catalog") && strcmp(schema, "information_schema"))
        return rp_error(rp, tn->location, "schema \"%s\" does not exist", schema), NULL;
    cat_type *t = cat_type_lookup(rp->cat, schema, last);
    cat_rel *row = t ? NULL : cat_rel_lookup(rp->cat, schema, last);
    const char *resolved_schema = schema;
    if (t) {
        resolved_schema = t->schema->name;
        if (owner)
            cat_dep_add(owner, &t->obj, DEP_NORMAL);
    } else if (row) {
        resolved_schema = row->schema->name;
        if (owner)
            cat_dep_add(owner, &row->obj, DEP_NORMAL);
    } else if (!schema) {
        /* Not in the catalog: a type from an extension (ltree, citext,
         * ...).  Extensions install into the creation schema by default. */
        cat_schema *s = cat_creation_schema(rp->cat);
        resolved_schema = s ? s->name : "public";
    }
    PgQuery__TypeName copy = *tn;
    PgQuery__Node *parts[2];
    PgQuery__Node *sn = ast_string(resolved_schema), *nn = ast_string(last);
    parts[0] = sn;
    parts[1] = nn;
    copy.names = parts;
    copy.n_names = 2;
    char *s = pgtype_format(&copy, &err);
    ast_free(sn);
    ast_free(nn);
    if (!s) {
        rp_error(rp, tn->location, "%s", err);
        free(err);
    }
    return s;
}

char *rp_expr(replayer *rp, PgQuery__Node *expr, cat_rel *rel, cat_obj *owner, char how)
{
    return rp_expr_typed(rp, expr, rel, owner, how, NULL);
}

char *rp_expr_typed(replayer *rp, PgQuery__Node *expr, cat_rel *rel, cat_obj *owner, char how,
                    const char *type)
{
    strbuf err = STRBUF_INIT;
    canon_ctx cx = {rp->cat, rel, owner, how, &err, type, NULL};
    char *s = canon_expr(&cx, expr);
    if (!s)
        rp_error(rp, -1, "%s", err.buf);
    sb_release(&err);
    return s;
}

/* "fillfactor=70", "autovacuum_enabled=false": reloptions as pg_class
 * stores them (namespace.key when qualified). */
void rp_reloptions(PgQuery__Node **opts, size_t n, strvec *out)
{
    for (size_t i = 0; i < n; i++) {
        if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            continue;
        PgQuery__DefElem *d = opts[i]->def_elem;
        strbuf sb = STRBUF_INIT;
        if (d->defnamespace && *d->defnamespace)
            sb_addf(&sb, "%s.", d->defnamespace);
        sb_adds(&sb, d->defname);
        sb_addc(&sb, '=');
        PgQuery__Node *a = d->arg;
        if (!a)
            sb_adds(&sb, "true");
        else if (a->node_case == PG_QUERY__NODE__NODE_STRING)
            sb_adds(&sb, a->string->sval);
        else if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
            sb_addf(&sb, "%d", a->integer->ival);
        else if (a->node_case == PG_QUERY__NODE__NODE_FLOAT)
            sb_adds(&sb, a->float_->fval);
        else if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
            sb_adds(&sb, a->boolean->boolval ? "true" : "false");
        else if (a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
            char *t = pgtype_format(a->type_name, NULL);
            sb_adds(&sb, t ? t : "?");
            free(t);
        }
        /* The server lower-cases option values it parses as words. */
        for (char *p = strchr(sb.buf, '='); p && *p; p++)
            if (*p >= 'A' && *p <= 'Z' && !(a && a->node_case == PG_QUERY__NODE__NODE_STRING))
                *p = (char)(*p - 'A' + 'a');
        strvec_push_nodup(out, sb_detach(&sb));
    }
}

/* ---- search_path ------------------------------------------------------------ */

static void set_search_path(replayer *rp, const char *text)
{
    strvec_clear(&rp->cat->search_path);
    /* The value is a comma-separated list of possibly quoted names. */
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        strbuf item = STRBUF_INIT;
        if (*p == '"') {
            p++;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"')
                    p++;
                sb_addc(&item, *p++);
            }
            if (*p == '"')
                p++;
        } else {
            while (*p && *p != ',' && *p != ' ') {
                sb_addc(&item, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
                p++;
            }
        }
        strvec_push_nodup(&rp->cat->search_path, sb_detach(&item));
    }
}

int rp_variable_set(replayer *rp, PgQuery__VariableSetStmt *vs)
{
    if (!vs->name || strcmp(vs->name, "search_path") != 0)
        return 0; /* other settings do not change the schema */
    if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT ||
        vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET) {
        set_search_path(rp, "\"$user\", public");
        return 0;
    }
    if (vs->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
        return rp_unsupported(rp, -1, "this form of SET search_path");
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < vs->n_args; i++) {
        PgQuery__Node *a = vs->args[i];
        const char *v = NULL;
        if (a->node_case == PG_QUERY__NODE__NODE_A_CONST && a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
            v = a->a_const->sval->sval;
        if (!v)
            return sb_release(&sb), rp_unsupported(rp, -1, "SET search_path with a non-literal value");
        /* Each arg is one name, already unquoted by the grammar. */
        sb_addf(&sb, "%s\"", i ? ", " : "");
        for (const char *q = v; *q; q++) {
            if (*q == '"')
                sb_addc(&sb, '"');
            sb_addc(&sb, *q);
        }
        sb_addc(&sb, '"');
    }
    set_search_path(rp, sb.buf);
    sb_release(&sb);
    return 0;
}

/* SELECT pg_catalog.set_config('search_path', '...', false): pg_dump's
 * way of setting the path.  Other SELECTs are skipped. */
int rp_select(replayer *rp, PgQuery__SelectStmt *ss)
{
    if (ss->n_target_list != 1 || ss->n_from_clause)
        return 0;
    PgQuery__Node *v = ss->target_list[0]->res_target->val;
    if (!v || v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return 0;
    PgQuery__FuncCall *fc = v->func_call;
    const char *fname = ast_str(fc->funcname[fc->n_funcname - 1]);
    if (!fname || strcmp(fname, "set_config") != 0 || fc->n_args < 2)
        return 0;
    PgQuery__Node *a0 = fc->args[0], *a1 = fc->args[1];
    if (a0->node_case != PG_QUERY__NODE__NODE_A_CONST || a0->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
        strcmp(a0->a_const->sval->sval, "search_path") != 0)
        return 0;
    if (a1->node_case != PG_QUERY__NODE__NODE_A_CONST || a1->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        return rp_unsupported(rp, -1, "set_config('search_path', ...) with a non-literal value");
    set_search_path(rp, a1->a_const->sval->sval);
    return 0;
}

/* ---- dispatch ---------------------------------------------------------------------- */

int replay_stmt(replayer *rp, const srcfile *f, const stmt *st)
{
    rp->src = f;
    rp->st = st;
    rp->nstmts++;
    PgQuery__Node *n = st->node;
    size_t skipped = rp->nskipped;
    int rc;
    switch (n->node_case) {
    /* Applied. */
    case PG_QUERY__NODE__NODE_CREATE_STMT: rc = rp_create_table(rp, n->create_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: rc = rp_alter_table(rp, n->alter_table_stmt); break;
    case PG_QUERY__NODE__NODE_INDEX_STMT: rc = rp_create_index(rp, n->index_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: rc = rp_create_seq(rp, n->create_seq_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: rc = rp_alter_seq(rp, n->alter_seq_stmt); break;
    case PG_QUERY__NODE__NODE_VIEW_STMT: rc = rp_create_view(rp, n->view_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: rc = rp_create_table_as(rp, n->create_table_as_stmt); break;
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: rc = rp_refresh_matview(rp, n->refresh_mat_view_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: rc = rp_create_function(rp, n->create_function_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT: rc = rp_alter_function(rp, n->alter_function_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: rc = rp_create_trigger(rp, n->create_trig_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: rc = rp_create_enum(rp, n->create_enum_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: rc = rp_alter_enum(rp, n->alter_enum_stmt); break;
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT: rc = rp_create_composite(rp, n->composite_type_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: rc = rp_create_domain(rp, n->create_domain_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: rc = rp_alter_domain(rp, n->alter_domain_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: rc = rp_create_range(rp, n->create_range_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: rc = rp_create_extension(rp, n->create_extension_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT: rc = rp_alter_extension(rp, n->alter_extension_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: rc = rp_create_schema(rp, n->create_schema_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: rc = rp_create_policy(rp, n->create_policy_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT: rc = rp_alter_policy(rp, n->alter_policy_stmt); break;
    case PG_QUERY__NODE__NODE_COMMENT_STMT: rc = rp_comment(rp, n->comment_stmt); break;
    case PG_QUERY__NODE__NODE_RENAME_STMT: rc = rp_rename(rp, n->rename_stmt); break;
    case PG_QUERY__NODE__NODE_DROP_STMT: rc = rp_drop(rp, n->drop_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT: rc = rp_alter_owner(rp, n->alter_owner_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: rc = rp_alter_object_schema(rp, n->alter_object_schema_stmt); break;
    case PG_QUERY__NODE__NODE_GRANT_STMT: rc = rp_grant(rp, n->grant_stmt); break;
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: rc = rp_variable_set(rp, n->variable_set_stmt); break;
    case PG_QUERY__NODE__NODE_SELECT_STMT: rc = rp_select(rp, n->select_stmt); rp->nskipped++; return rc;

    /* Skipped by rule: these cannot change the schema. */
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
    case PG_QUERY__NODE__NODE_COPY_STMT:
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
    case PG_QUERY__NODE__NODE_LISTEN_STMT:
    case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
    case PG_QUERY__NODE__NODE_LOCK_STMT:
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
    case PG_QUERY__NODE__NODE_DISCARD_STMT:
    case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT:
    case PG_QUERY__NODE__NODE_PREPARE_STMT:
    case PG_QUERY__NODE__NODE_EXECUTE_STMT:
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
    case PG_QUERY__NODE__NODE_FETCH_STMT:
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
    case PG_QUERY__NODE__NODE_CALL_STMT: /* a procedure's DDL is invisible offline: see DO */
        if (n->node_case == PG_QUERY__NODE__NODE_CALL_STMT)
            return rp_unsupported(rp, -1, "CALL runs a procedure whose effect cannot be replayed offline");
        rp->nskipped++;
        return 0;
    /* Roles and databases are cluster-wide, not part of a schema. */
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_ROLE_SET_STMT:
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_SET_STMT:
        rp->nskipped++;
        return 0;
    case PG_QUERY__NODE__NODE_DO_STMT:
        return rp_do(rp, n->do_stmt);
    default: {
        const ProtobufCFieldDescriptor *fd =
            protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, n->node_case);
        return rp_unsupported(rp, -1, "statement %s", fd ? fd->name : "?");
    }
    }
    /* a handler that skipped its statement (a TEMP table) counted it */
    if (rc == 0 && rp->nskipped == skipped)
        rp->napplied++;
    return rc;
}

int replay_text(replayer *rp, const srcfile *f, size_t off, size_t len)
{
    parsed_sql ps;
    if (sql_parse(f, off, len, &ps, rp->dl) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < ps.n && rc == 0; i++)
        rc = replay_stmt(rp, f, &ps.stmts[i]);
    rp->st = NULL;
    parsed_sql_release(&ps);
    return rc;
}

int replay_finish(replayer *rp)
{
    int rc = 0;
    for (size_t i = 0; i < rp->cat->nrels; i++) {
        cat_rel *r = rp->cat->rels[i];
        if (r->relkind != 'r' && r->relkind != 'p')
            continue;
        size_t unknown = 0;
        for (size_t k = 0; k < r->ncols; k++)
            unknown += !*r->cols[k]->type;
        if (!unknown)
            continue;
        rp->nunsupported++;
        diag_severity sev = rp->opts.strict ? DIAG_ERROR : DIAG_WARNING;
        strbuf m = STRBUF_INIT;
        sb_addf(&m, "unsupported: the types of %zu column%s of table %s (made by CREATE TABLE AS) need the server's type resolution; the catalog records them as unknown",
                unknown, unknown == 1 ? "" : "s", r->name);
        if (r->obj.loc.path)
            diag_add_path(rp->dl, sev, r->obj.loc.path, "%s", m.buf);
        else
            diag_add_path(rp->dl, sev, NULL, "%s", m.buf);
        if (r->obj.loc.path)
            rp->dl->items[rp->dl->n - 1].line = r->obj.loc.line, rp->dl->items[rp->dl->n - 1].col = 1;
        sb_release(&m);
        if (rp->opts.strict)
            rc = -1;
    }
    return rc;
}

int replay_graph(replayer *rp, const revgraph *g, const bool *selected)
{
    if (g->prelude && replay_text(rp, g->prelude, 0, g->prelude->len) < 0)
        return -1;
    for (size_t i = 0; i < g->n; i++) {
        int ix = g->topo[i];
        if (selected && !selected[ix])
            continue;
        const revision *r = g->revs[ix];
        if (replay_text(rp, &r->src, r->upgrade.off, r->upgrade.len) < 0)
            return -1;
    }
    return 0;
}
