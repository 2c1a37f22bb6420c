/* replay_func: functions, procedures and triggers.
 *
 * A function's identity is its name plus its input argument types, as in
 * pg_proc; OR REPLACE may change everything but the return type.  Bodies
 * are kept exactly as written between the quotes: pg_dump prints prosrc
 * verbatim, so text equality is the right comparison.  Function bodies are
 * not parsed for dependencies, as the server does not record any. */
#include "replay_int.h"

static char mode_of(PgQuery__FunctionParameterMode m)
{
    switch (m) {
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT: return 'o';
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT: return 'b';
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC: return 'v';
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE: return 't';
    default: return 'i';
    }
}

/* "name(type, type)" from canonical input types. */
static char *identity_of(const char *name, const cat_funcarg *args, size_t n)
{
    strbuf sb = STRBUF_INIT;
    pgident_quote_sb(&sb, name);
    sb_addc(&sb, '(');
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (args[i].mode == 'o' || args[i].mode == 't')
            continue;
        sb_addf(&sb, "%s%s", first ? "" : ", ", args[i].type);
        first = false;
    }
    sb_addc(&sb, ')');
    return sb_detach(&sb);
}

static void free_args(cat_funcarg *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].name);
        free(a[i].type);
        free(a[i].default_expr);
    }
    free(a);
}

/* Resolves a function by name and, when given, argument types. */
cat_func *rp_lookup_func(replayer *rp, PgQuery__Node **names, size_t n, PgQuery__Node **args,
                         size_t nargs, bool args_given, bool missing_ok, int location)
{
    const char *schema, *name;
    if (rp_qualname(rp, names, n, &schema, &name, location) < 0)
        return NULL;
    if (schema && !strcmp(schema, "pg_catalog"))
        schema = NULL;
    if (args_given) {
        cat_funcarg *fa = xcalloc(nargs + 1, sizeof(cat_funcarg));
        for (size_t i = 0; i < nargs; i++) {
            fa[i].mode = 'i';
            PgQuery__TypeName *tn = args[i]->node_case == PG_QUERY__NODE__NODE_TYPE_NAME
                                        ? args[i]->type_name
                                        : args[i]->function_parameter->arg_type;
            if (args[i]->node_case == PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
                fa[i].mode = mode_of(args[i]->function_parameter->mode);
            fa[i].type = rp_type(rp, tn, NULL);
            if (!fa[i].type) {
                free_args(fa, nargs);
                return NULL;
            }
        }
        char *id = identity_of(name, fa, nargs);
        free_args(fa, nargs);
        cat_func *f = NULL;
        if (schema)
            f = cat_func_get(rp->cat, schema, id);
        else
            for (size_t i = 0; i < rp->cat->search_path.n && !f; i++)
                f = cat_func_get(rp->cat, rp->cat->search_path.v[i], id);
        if (!f && !missing_ok)
            rp_error(rp, location, "function %s does not exist", id);
        free(id);
        return f;
    }
    cat_func *found = NULL;
    int count = 0;
    for (size_t i = 0; i < rp->cat->nfuncs; i++) {
        cat_func *f = rp->cat->funcs[i];
        if (strcmp(f->name, name))
            continue;
        if (schema ? strcmp(f->schema->name, schema) : !strvec_has(&rp->cat->search_path, f->schema->name))
            continue;
        found = f;
        count++;
    }
    if (count > 1) {
        rp_error(rp, location, "function name \"%s\" is not unique", name);
        return NULL;
    }
    if (!found && !missing_ok)
        rp_error(rp, location, "could not find a function named \"%s\"", name);
    return found;
}

static double number_arg(PgQuery__Node *a)
{
    if (!a)
        return 0;
    if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
        return a->integer->ival;
    if (a->node_case == PG_QUERY__NODE__NODE_FLOAT)
        return strtod(a->float_->fval, NULL);
    return 0;
}

static bool bool_arg(PgQuery__Node *a)
{
    if (!a)
        return true;
    if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
        return a->boolean->boolval;
    if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
        return a->integer->ival != 0;
    return true;
}

static const char *string_arg(PgQuery__Node *a)
{
    return a && a->node_case == PG_QUERY__NODE__NODE_STRING ? a->string->sval : NULL;
}

/* "key=value" the way pg_proc.proconfig stores a SET clause. */
static char *set_option(PgQuery__VariableSetStmt *vs)
{
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "%s=", vs->name);
    for (size_t i = 0; i < vs->n_args; i++) {
        PgQuery__Node *a = vs->args[i];
        if (i)
            sb_adds(&sb, ", ");
        if (a->node_case == PG_QUERY__NODE__NODE_A_CONST) {
            PgQuery__AConst *c = a->a_const;
            if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
                sb_adds(&sb, c->sval->sval);
            else if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
                sb_addf(&sb, "%d", c->ival->ival);
            else if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL)
                sb_adds(&sb, c->fval->fval);
            else if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL)
                sb_adds(&sb, c->boolval->boolval ? "on" : "off");
        }
    }
    return sb_detach(&sb);
}

/* Applies the attribute options shared by CREATE and ALTER FUNCTION. */
static int apply_option(replayer *rp, cat_func *f, PgQuery__DefElem *d)
{
    const char *k = d->defname;
    if (!strcmp(k, "volatility")) {
        const char *v = string_arg(d->arg);
        f->volatility = v ? v[0] : 'v';
    } else if (!strcmp(k, "strict")) {
        f->strict = bool_arg(d->arg);
    } else if (!strcmp(k, "security")) {
        f->security_definer = bool_arg(d->arg);
    } else if (!strcmp(k, "leakproof")) {
        f->leakproof = bool_arg(d->arg);
    } else if (!strcmp(k, "parallel")) {
        const char *v = string_arg(d->arg);
        f->parallel = v ? v[0] : 'u';
    } else if (!strcmp(k, "cost")) {
        f->cost = number_arg(d->arg);
    } else if (!strcmp(k, "rows")) {
        f->rows = number_arg(d->arg);
    } else if (!strcmp(k, "set")) {
        PgQuery__VariableSetStmt *vs = d->arg->variable_set_stmt;
        if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL) {
            strvec_clear(&f->set_options);
            return 0;
        }
        size_t nl = strlen(vs->name);
        size_t w = 0;
        for (size_t i = 0; i < f->set_options.n; i++) {
            if (!strncmp(f->set_options.v[i], vs->name, nl) && f->set_options.v[i][nl] == '=')
                free(f->set_options.v[i]);
            else
                f->set_options.v[w++] = f->set_options.v[i];
        }
        f->set_options.n = w;
        if (f->set_options.v)
            f->set_options.v[w] = NULL;
        if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
            strvec_push_nodup(&f->set_options, set_option(vs));
        else if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT)
            return rp_unsupported(rp, -1, "SET ... FROM CURRENT (depends on the session)");
    } else if (!strcmp(k, "window")) {
        f->prokind = 'w';
    } else if (!strcmp(k, "support") || !strcmp(k, "transform")) {
        return rp_unsupported(rp, d->location, "function option %s", k);
    } else {
        return rp_error(rp, d->location, "option \"%s\" not recognized", k);
    }
    return 0;
}

/* The server's defaults are stored as "unset" so two spellings compare
 * equal: COST 100 for non-C languages, ROWS 1000 for set-returning. */
static void normalise_costs(cat_func *f)
{
    bool c_like = f->language && (!strcmp(f->language, "c") || !strcmp(f->language, "internal"));
    if (f->cost == (c_like ? 1 : 100))
        f->cost = 0;
    bool setof = f->returns && (!strncmp(f->returns, "SETOF ", 6) || !strncmp(f->returns, "TABLE(", 6));
    if (f->rows == (setof ? 1000 : 0))
        f->rows = 0;
}

/* format_procedure(): name(type,type), types as format_type_be prints
 * them (a type in a schema on the search path unqualified). */
static char *format_procedure(replayer *rp, const cat_func *f)
{
    strbuf sb = STRBUF_INIT;
    pgident_quote_sb(&sb, f->name);
    sb_addc(&sb, '(');
    bool first = true;
    for (size_t i = 0; i < f->nargs; i++) {
        const cat_funcarg *a = &f->args[i];
        if (a->mode == 'o' || a->mode == 't')
            continue;
        const char *t = a->type, *dot = strchr(t, '.');
        if (dot && !strchr(t, '(') && !strchr(t, '"')) {
            char *sch = xstrndup(t, (size_t)(dot - t));
            if (strvec_has(&rp->cat->search_path, sch))
                t = dot + 1;
            free(sch);
        }
        sb_addf(&sb, "%s%s", first ? "" : ",", t);
        first = false;
    }
    sb_addc(&sb, ')');
    return sb_detach(&sb);
}

/* CREATE OR REPLACE of an existing routine: what ProcedureCreate refuses
 * to change, in its order.  The hint names the routine to drop first. */
static int check_replace(replayer *rp, const cat_func *f, const cat_funcarg *args, size_t n, const char *returns)
{
    bool proc = f->prokind == 'p';
    if ((returns == NULL) != proc)
        return rp_error(rp, -1, "cannot change routine kind\nDETAIL: \"%s\" is a %s.", f->name, proc ? "procedure" : "function");
    const char *why = NULL, *what = NULL;
    if ((f->returns || returns) && (!f->returns || !returns || strcmp(f->returns, returns)))
        why = "cannot change return type of existing function";
    /* input parameters pair up by position (OUT ones are not inputs) */
    size_t ndef_old = 0, ndef_new = 0;
    for (size_t i = 0, k = 0; !why && i < f->nargs; i++) {
        const cat_funcarg *o = &f->args[i];
        if (o->mode == 'o' || o->mode == 't')
            continue;
        ndef_old += o->default_expr != NULL;
        while (k < n && (args[k].mode == 'o' || args[k].mode == 't'))
            k++;
        if (k < n && o->name && *o->name && (!args[k].name || strcmp(o->name, args[k].name))) {
            why = "cannot change name of input parameter \"%s\"";
            what = o->name;
        }
        k++;
    }
    for (size_t i = 0; i < n; i++)
        ndef_new += args[i].mode != 'o' && args[i].mode != 't' && args[i].default_expr;
    if (!why && ndef_new < ndef_old)
        why = "cannot remove parameter defaults from existing function";
    if (!why)
        return 0;
    char *fp = format_procedure(rp, f);
    strbuf msg = STRBUF_INIT;
    sb_addf(&msg, why, what);
    int rc = rp_error(rp, -1, "%s\nHINT: Use DROP %s %s first.", msg.buf, proc ? "PROCEDURE" : "FUNCTION", fp);
    sb_release(&msg);
    free(fp);
    return rc;
}

/* A SQL-standard body: "RETURN expr", or "BEGIN ATOMIC stmt; ... END"
 * (the grammar's list of one list of statements, which the deparser does
 * not take whole, so each statement is deparsed on its own).  The server
 * stores a BEGIN ATOMIC body analysed (names qualified, INSERT column
 * lists filled in) and prints it so; replay keeps it as written, which is
 * reported as unsupported rather than compared as if it were the same. */
static int sql_body(replayer *rp, cat_func *f, PgQuery__Node *body)
{
    strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
    int rc = 0;
    if (body->node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
        char *e = deparse_expr(body->return_stmt->returnval, &err);
        if (e)
            sb_addf(&sb, "RETURN %s", e);
        else
            rc = rp_error(rp, -1, "%s", err.buf);
        free(e);
    } else if (body->node_case == PG_QUERY__NODE__NODE_LIST) {
        sb_adds(&sb, "BEGIN ATOMIC\n");
        PgQuery__List *outer = body->list;
        for (size_t i = 0; i < outer->n_items && rc == 0; i++) {
            PgQuery__Node *inner = outer->items[i];
            size_t n = inner->node_case == PG_QUERY__NODE__NODE_LIST ? inner->list->n_items : 1;
            for (size_t k = 0; k < n && rc == 0; k++) {
                PgQuery__Node *st = inner->node_case == PG_QUERY__NODE__NODE_LIST ? inner->list->items[k] : inner;
                char *t = deparse_stmt(st, &err);
                if (t)
                    sb_addf(&sb, " %s;\n", t);
                else
                    rc = rp_error(rp, -1, "%s", err.buf);
                free(t);
            }
        }
        sb_adds(&sb, "END");
        if (rc == 0)
            rc = rp_unsupported(rp, -1, "BEGIN ATOMIC function bodies are kept as written, not as the server resolves them");
    } else {
        char *t = deparse_stmt(body, &err);
        if (t)
            sb_adds(&sb, t);
        else
            rc = rp_error(rp, -1, "%s", err.buf);
        free(t);
    }
    sb_release(&err);
    if (rc == 0) {
        free(f->body);
        f->body = sb_detach(&sb);
    }
    sb_release(&sb);
    return rc;
}

int rp_create_function(replayer *rp, PgQuery__CreateFunctionStmt *cf)
{
    const char *sname, *name;
    if (rp_qualname(rp, cf->funcname, cf->n_funcname, &sname, &name, -1) < 0)
        return -1;
    cat_schema *s = rp_target_schema(rp, sname, -1);
    if (!s)
        return -1;
    size_t n = cf->n_parameters;
    cat_funcarg *args = xcalloc(n + 1, sizeof(cat_funcarg));
    cat_obj scratch; /* collects type dependencies until the function exists */
    memset(&scratch, 0, sizeof(scratch));
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        PgQuery__FunctionParameter *p = cf->parameters[i]->function_parameter;
        args[i].mode = mode_of(p->mode);
        args[i].name = p->name && *p->name ? xstrdup(p->name) : NULL;
        args[i].type = rp_type(rp, p->arg_type, &scratch);
        if (!args[i].type)
            rc = -1;
        else if (p->defexpr) {
            args[i].default_expr = rp_expr(rp, p->defexpr, NULL, &scratch, DEP_NORMAL);
            if (!args[i].default_expr)
                rc = -1;
        }
    }
    char *returns = NULL;
    if (rc == 0) {
        strbuf tbl = STRBUF_INIT;
        for (size_t i = 0; i < n; i++)
            if (args[i].mode == 't') {
                sb_adds(&tbl, tbl.len ? ", " : "TABLE(");
                if (args[i].name)
                    sb_addf(&tbl, "%s ", args[i].name);
                sb_adds(&tbl, args[i].type);
            }
        if (tbl.len) {
            sb_addc(&tbl, ')');
            returns = sb_detach(&tbl);
        } else if (cf->return_type) {
            char *t = NULL;
            PgQuery__TypeName copy = *cf->return_type;
            copy.setof = false;
            t = rp_type(rp, &copy, &scratch);
            if (!t)
                rc = -1;
            else
                returns = cf->return_type->setof ? xasprintf("SETOF %s", t) : xstrdup(t);
            free(t);
        } else if (!cf->is_procedure) {
            /* Derived from OUT parameters: one gives its type, several a record. */
            int nout = 0;
            const char *only = NULL;
            for (size_t i = 0; i < n; i++)
                if (args[i].mode == 'o' || args[i].mode == 'b') {
                    nout++;
                    only = args[i].type;
                }
            if (!nout)
                rc = rp_error(rp, -1, "function result type must be specified");
            else
                returns = xstrdup(nout == 1 ? only : "record");
        }
        sb_release(&tbl);
    }
    /* The options are checked before anything changes, so a refused
     * statement leaves the catalog as it was: for OR REPLACE, the old
     * function whole.  (Found by fuzz_replay: OR REPLACE without LANGUAGE
     * freed the old language, kept the pointer, and the printer read it;
     * LANGUAGE given twice leaked.)  The server's order: repeated options,
     * then the language, then the body. */
    bool has_language = false, has_body = cf->sql_body != NULL;
    for (size_t i = 0; i < cf->n_options && rc == 0; i++) {
        const char *opt = cf->options[i]->def_elem->defname;
        for (size_t j = 0; j < i && rc == 0; j++)
            if (!strcmp(cf->options[j]->def_elem->defname, opt))
                rc = rp_error(rp, -1, "conflicting or redundant options");
        has_language |= !strcmp(opt, "language");
        has_body |= !strcmp(opt, "as");
    }
    if (rc == 0 && !has_language && !cf->sql_body)
        rc = rp_error(rp, -1, "no language specified");
    if (rc == 0 && !has_body)
        rc = rp_error(rp, -1, "no function body specified");
    char *id = rc == 0 ? identity_of(name, args, n) : NULL;
    cat_func *f = id ? cat_func_get(rp->cat, s->name, id) : NULL;
    if (rc == 0 && f) {
        if (!cf->replace)
            rc = rp_error(rp, -1, "function \"%s\" already exists with same argument types", name);
        else
            rc = check_replace(rp, f, args, n, returns);
    }
    if (rc < 0) {
        free_args(args, n);
        free(returns);
        free(id);
        free(scratch.deps);
        return -1;
    }
    if (f) {
        /* OR REPLACE resets every attribute not restated. */
        free_args(f->args, f->nargs);
        free(f->returns);
        free(f->language);
        free(f->body);
        f->language = f->body = NULL;
        strvec_clear(&f->set_options);
        f->strict = f->security_definer = f->leakproof = false;
        f->volatility = 'v';
        f->parallel = 'u';
        f->cost = f->rows = 0;
        cat_deps_clear(&f->obj, 0);
    } else {
        f = cat_func_new(rp->cat, s, name, id);
    }
    free(id);
    f->args = args;
    f->nargs = n;
    f->returns = returns;
    f->prokind = cf->is_procedure ? 'p' : 'f';
    for (size_t i = 0; i < scratch.ndeps; i++)
        cat_dep_add(&f->obj, scratch.deps[i].target, scratch.deps[i].how);
    free(scratch.deps);
    for (size_t i = 0; i < cf->n_options && rc == 0; i++) {
        PgQuery__DefElem *d = cf->options[i]->def_elem;
        if (!strcmp(d->defname, "as")) {
            PgQuery__List *l = d->arg->list;
            const char *b0 = ast_str(l->items[0]);
            if (l->n_items == 2)
                f->body = xasprintf("%s %s", b0, ast_str(l->items[1]));
            else
                f->body = xstrdup(b0 ? b0 : "");
        } else if (!strcmp(d->defname, "language")) {
            const char *l = string_arg(d->arg);
            f->language = xstrdup(l ? l : "");
            for (char *p = f->language; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
        } else {
            rc = apply_option(rp, f, d);
        }
    }
    if (rc == 0 && cf->sql_body) {
        rc = sql_body(rp, f, cf->sql_body);
        if (!f->language)
            f->language = xstrdup("sql");
    }
    normalise_costs(f);
    rp_touch(rp, &f->obj);
    return rc;
}

int rp_alter_function(replayer *rp, PgQuery__AlterFunctionStmt *af)
{
    PgQuery__ObjectWithArgs *o = af->func;
    cat_func *f = rp_lookup_func(rp, o->objname, o->n_objname, o->objargs, o->n_objargs,
                                 !o->args_unspecified, false, -1);
    if (!f)
        return -1;
    for (size_t i = 0; i < af->n_actions; i++)
        if (apply_option(rp, f, af->actions[i]->def_elem) < 0)
            return -1;
    normalise_costs(f);
    rp_touch(rp, &f->obj);
    return 0;
}

/* ---- triggers --------------------------------------------------------------------- */

int rp_create_trigger(replayer *rp, PgQuery__CreateTrigStmt *ct)
{
    cat_rel *r = rp_rel(rp, ct->relation, false);
    if (!r)
        return -1;
    if (r->relkind == 'S' || r->relkind == 'm')
        return rp_error(rp, ct->relation->location, "relation \"%s\" cannot have triggers\n"
                        "DETAIL: This operation is not supported for %s.", r->name,
                        r->relkind == 'S' ? "sequences" : "materialized views");
    cat_func *fn = rp_lookup_func(rp, ct->funcname, ct->n_funcname, NULL, 0, true, true, -1);
    if (!fn) {
        const char *s, *n;
        rp_qualname(rp, ct->funcname, ct->n_funcname, &s, &n, -1);
        return rp_error(rp, -1, "function %s() does not exist", n);
    }
    if (!fn->returns || strcmp(fn->returns, "trigger"))
        return rp_error(rp, -1, "function %s must return type trigger", fn->name);
    cat_trigger *t = cat_trigger_get(r, ct->trigname);
    size_t pos = r->ntrig;
    if (t) {
        if (!ct->replace)
            return rp_error(rp, -1, "trigger \"%s\" for relation \"%s\" already exists", ct->trigname, r->name);
        for (pos = 0; r->trig[pos] != t; pos++)
            ;
        rp_discard(rp, &t->obj);
    }
    t = cat_trigger_add(r, ct->trigname);
    /* OR REPLACE updates the trigger in place (it keeps its oid, and with
     * it its place among the table's triggers) */
    memmove(&r->trig[pos + 1], &r->trig[pos], (r->ntrig - 1 - pos) * sizeof(*r->trig));
    r->trig[pos] = t;
    rp_touch(rp, &t->obj);
    t->timing = (ct->timing & 2) ? 'B' : (ct->timing & 64) ? 'I' : 'A';
    if (ct->events & 4)
        t->events |= TRIG_INSERT;
    if (ct->events & 8)
        t->events |= TRIG_DELETE;
    if (ct->events & 16)
        t->events |= TRIG_UPDATE;
    if (ct->events & 32)
        t->events |= TRIG_TRUNCATE;
    t->for_each_row = ct->row;
    t->func = fn;
    cat_dep_add(&t->obj, &fn->obj, DEP_NORMAL);
    for (size_t i = 0; i < ct->n_args; i++)
        strvec_push(&t->args, ast_str(ct->args[i]) ? ast_str(ct->args[i]) : "");
    for (size_t i = 0; i < ct->n_columns; i++) {
        const char *c = ast_str(ct->columns[i]);
        cat_column *col = cat_column_get(r, c);
        if (!col)
            return rp_error(rp, -1, "column \"%s\" of relation \"%s\" does not exist", c, r->name);
        strvec_push(&t->update_columns, c);
        cat_dep_add(&t->obj, &col->obj, DEP_AUTO);
    }
    if (ct->when_clause) {
        t->when = rp_expr(rp, ct->when_clause, r, &t->obj, DEP_AUTO);
        if (!t->when)
            return -1;
    }
    for (size_t i = 0; i < ct->n_transition_rels; i++) {
        PgQuery__TriggerTransition *tt = ct->transition_rels[i]->trigger_transition;
        char **slot = tt->is_new ? &t->new_table : &t->old_table;
        free(*slot);
        *slot = xstrdup(tt->name);
    }
    t->is_constraint = ct->isconstraint;
    t->deferrable = ct->deferrable;
    t->deferred = ct->initdeferred;
    if (ct->constrrel) {
        cat_rel *cr = rp_rel(rp, ct->constrrel, false);
        if (!cr)
            return -1;
        t->constr_ref = rp_qualified(cr->schema->name, cr->name);
        cat_dep_add(&t->obj, &cr->obj, DEP_AUTO);
    }
    /* A row trigger on a partitioned table is on every partition too */
    if (r->relkind == 'p' && t->for_each_row)
        for (size_t i = 0; i < rp->cat->nrels; i++)
            if (rp->cat->rels[i]->partition_of == r && rp_clone_trigger(rp, rp->cat->rels[i], t) < 0)
                return -1;
    return 0;
}

/* A partition's copy of its parent's row trigger: same name, function,
 * events, arguments and condition (CloneRowTriggersToPartition); then on
 * down. */
int rp_clone_trigger(replayer *rp, cat_rel *child, const cat_trigger *pt)
{
    if (cat_trigger_get(child, pt->name))
        return rp_error(rp, -1, "trigger \"%s\" for relation \"%s\" already exists", pt->name, child->name);
    cat_trigger *t = cat_trigger_add(child, pt->name);
    rp_touch(rp, &t->obj);
    t->timing = pt->timing;
    t->events = pt->events;
    t->for_each_row = pt->for_each_row;
    t->func = pt->func;
    cat_dep_add(&t->obj, &pt->func->obj, DEP_NORMAL);
    for (size_t i = 0; i < pt->args.n; i++)
        strvec_push(&t->args, pt->args.v[i]);
    for (size_t i = 0; i < pt->update_columns.n; i++) {
        strvec_push(&t->update_columns, pt->update_columns.v[i]);
        cat_column *col = cat_column_get(child, pt->update_columns.v[i]);
        if (col)
            cat_dep_add(&t->obj, &col->obj, DEP_AUTO);
    }
    if (pt->when) {
        strbuf err = STRBUF_INIT;
        PgQuery__ParseResult *pr = NULL;
        PgQuery__Node *x = parse_expr(pt->when, &pr, &err);
        t->when = x ? rp_expr(rp, x, child, &t->obj, DEP_AUTO) : NULL;
        if (pr)
            pg_query__parse_result__free_unpacked(pr, NULL);
        sb_release(&err);
        if (!t->when)
            return -1;
    }
    t->is_constraint = pt->is_constraint;
    t->deferrable = pt->deferrable;
    t->deferred = pt->deferred;
    if (pt->old_table)
        t->old_table = xstrdup(pt->old_table);
    if (pt->new_table)
        t->new_table = xstrdup(pt->new_table);
    t->enabled = pt->enabled;
    for (size_t i = 0; i < rp->cat->nrels; i++)
        if (rp->cat->rels[i]->partition_of == child && rp_clone_trigger(rp, rp->cat->rels[i], pt) < 0)
            return -1;
    return 0;
}
