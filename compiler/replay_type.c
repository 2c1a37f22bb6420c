/* replay_type: user-defined types (enum, composite, domain, range),
 * schemas, extensions and row-level security policies. */
#include "replay_int.h"

/* Creates the type's catalog entry after the name checks the server does:
 * types share a namespace with tables' row types. */
static cat_type *new_type(replayer *rp, PgQuery__Node **names, size_t n, char kind, int location)
{
    const char *sname, *name;
    if (rp_qualname(rp, names, n, &sname, &name, location) < 0)
        return NULL;
    cat_schema *s = rp_target_schema(rp, sname, location);
    if (!s)
        return NULL;
    if (cat_type_get(rp->cat, s->name, name) || cat_rel_get(rp->cat, s->name, name)) {
        rp_error(rp, location, "type \"%s\" already exists", name);
        return NULL;
    }
    cat_type *t = cat_type_new(rp->cat, s, name, kind);
    rp_touch(rp, &t->obj);
    return t;
}

static cat_type *find_type(replayer *rp, PgQuery__Node **names, size_t n, int location)
{
    const char *sname, *name;
    if (rp_qualname(rp, names, n, &sname, &name, location) < 0)
        return NULL;
    cat_type *t = cat_type_lookup(rp->cat, sname, name);
    if (!t)
        rp_error(rp, location, "type \"%s\" does not exist", name);
    return t;
}

int rp_create_enum(replayer *rp, PgQuery__CreateEnumStmt *ce)
{
    cat_type *t = new_type(rp, ce->type_name, ce->n_type_name, 'e', -1);
    if (!t)
        return -1;
    for (size_t i = 0; i < ce->n_vals; i++) {
        const char *v = ast_str(ce->vals[i]);
        if (strvec_has(&t->labels, v)) /* the server trips over its unique index */
            return rp_error(rp, -1, "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"");
        if (strlen(v) > 63)
            return rp_error(rp, -1, "invalid enum label \"%s\"\nDETAIL: Labels must be 63 bytes or less.", v);
        strvec_push(&t->labels, v);
    }
    return 0;
}

/* A default that is a label of the enum is stored as the label's oid, so
 * it prints the new name after RENAME VALUE. */
static void rename_enum_defaults(replayer *rp, cat_type *t, const char *oldv, const char *newv)
{
    char *q = rp_qualified(t->schema->name, t->name);
    strbuf lit = STRBUF_INIT;
    sb_addc(&lit, '\'');
    for (const char *p = oldv; *p; p++) {
        if (*p == '\'')
            sb_addc(&lit, '\'');
        sb_addc(&lit, *p);
    }
    sb_addc(&lit, '\'');
    for (size_t i = 0; i < rp->cat->nrels; i++) {
        cat_rel *r = rp->cat->rels[i];
        for (size_t k = 0; k < r->ncols; k++) {
            cat_column *c = r->cols[k];
            if (strcmp(c->type, q) || !c->default_expr || strcmp(c->default_expr, lit.buf))
                continue;
            strbuf nl = STRBUF_INIT;
            sb_addc(&nl, '\'');
            for (const char *p = newv; *p; p++) {
                if (*p == '\'')
                    sb_addc(&nl, '\'');
                sb_addc(&nl, *p);
            }
            sb_addc(&nl, '\'');
            free(c->default_expr);
            c->default_expr = sb_detach(&nl);
        }
    }
    sb_release(&lit);
    free(q);
}

int rp_alter_enum(replayer *rp, PgQuery__AlterEnumStmt *ae)
{
    cat_type *t = find_type(rp, ae->type_name, ae->n_type_name, -1);
    if (!t)
        return -1;
    if (t->typkind != 'e')
        return rp_error(rp, -1, "%s is not an enum", t->name);
    strvec *l = &t->labels;
    if (ae->old_val && *ae->old_val) { /* RENAME VALUE */
        size_t i;
        for (i = 0; i < l->n && strcmp(l->v[i], ae->old_val); i++)
            ;
        if (i == l->n)
            return rp_error(rp, -1, "\"%s\" is not an existing enum label", ae->old_val);
        if (strvec_has(l, ae->new_val))
            return rp_error(rp, -1, "enum label \"%s\" already exists", ae->new_val);
        free(l->v[i]);
        l->v[i] = xstrdup(ae->new_val);
        rp_touch(rp, &t->obj);
        rename_enum_defaults(rp, t, ae->old_val, ae->new_val);
        return 0;
    }
    if (strvec_has(l, ae->new_val)) {
        if (ae->skip_if_new_val_exists) {
            rp_notice(rp, "enum label \"%s\" already exists, skipping", ae->new_val);
            return 0;
        }
        return rp_error(rp, -1, "enum label \"%s\" already exists", ae->new_val);
    }
    size_t pos = l->n;
    if (ae->new_val_neighbor && *ae->new_val_neighbor) {
        size_t i;
        for (i = 0; i < l->n && strcmp(l->v[i], ae->new_val_neighbor); i++)
            ;
        if (i == l->n)
            return rp_error(rp, -1, "\"%s\" is not an existing enum label", ae->new_val_neighbor);
        pos = ae->new_val_is_after ? i + 1 : i;
    }
    strvec_push(l, ae->new_val);
    char *v = l->v[l->n - 1];
    memmove(&l->v[pos + 1], &l->v[pos], (l->n - 1 - pos) * sizeof(char *));
    l->v[pos] = v;
    rp_touch(rp, &t->obj);
    return 0;
}

int rp_create_composite(replayer *rp, PgQuery__CompositeTypeStmt *ct)
{
    PgQuery__RangeVar *rv = ct->typevar;
    cat_schema *s = rp_target_schema(rp, rv->schemaname, rv->location);
    if (!s)
        return -1;
    if (cat_type_get(rp->cat, s->name, rv->relname) || cat_relname_taken(rp->cat, s, rv->relname))
        return rp_error(rp, rv->location, "type \"%s\" already exists", rv->relname);
    cat_type *t = cat_type_new(rp->cat, s, rv->relname, 'c');
    rp_touch(rp, &t->obj);
    for (size_t i = 0; i < ct->n_coldeflist; i++) {
        PgQuery__ColumnDef *cd = ct->coldeflist[i]->column_def;
        for (size_t k = 0; k < t->nattrs; k++)
            if (!strcmp(t->attrs[k]->name, cd->colname))
                return rp_error(rp, cd->location, "column \"%s\" specified more than once", cd->colname);
        char *type = rp_type(rp, cd->type_name, &t->obj);
        if (!type)
            return -1;
        cat_column *a = xcalloc(1, sizeof(*a));
        a->obj.kind = OBJ_COLUMN;
        a->obj.parent = &t->obj;
        a->name = xstrdup(cd->colname);
        a->type = type;
        a->is_local = true;
        if (cd->coll_clause) {
            const char *cs, *cn;
            rp_qualname(rp, cd->coll_clause->collname, cd->coll_clause->n_collname, &cs, &cn, -1);
            a->collation = rp_qualified(cs && strcmp(cs, "pg_catalog") ? cs : NULL, cn);
        }
        ALLOC_GROW(t->attrs, t->nattrs + 1, t->attrs_alloc);
        t->attrs[t->nattrs++] = a;
    }
    return 0;
}

typedef struct taken_ctx {
    const catalog *c;
    const cat_schema *s;
} taken_ctx;

static bool con_taken(const char *name, void *ctx)
{
    taken_ctx *t = ctx;
    return rp_constraint_name_taken(t->c, t->s, name);
}

static int domain_check(replayer *rp, cat_type *t, PgQuery__Constraint *c)
{
    char *name;
    if (c->conname && *c->conname) {
        for (size_t i = 0; i < t->nchecks; i++)
            if (!strcmp(t->checks[i]->name, c->conname))
                return rp_error(rp, c->location, "constraint \"%s\" for domain \"%s\" already exists", c->conname, t->name);
        name = xstrdup(c->conname);
    } else {
        taken_ctx tc = {rp->cat, t->schema};
        name = pgname_choose(t->name, NULL, "check", con_taken, &tc);
    }
    cat_constraint *k = xcalloc(1, sizeof(*k));
    k->obj.kind = OBJ_CONSTRAINT;
    k->obj.parent = &t->obj;
    k->name = name;
    k->type = CON_CHECK;
    k->is_local = true;
    k->not_valid = c->skip_validation;
    rp_touch(rp, &k->obj);
    ALLOC_GROW(t->checks, t->nchecks + 1, t->checks_alloc);
    t->checks[t->nchecks++] = k;
    /* VALUE in a domain check is a bare column reference named "value". */
    k->expr = rp_expr_typed(rp, c->raw_expr, NULL, &k->obj, DEP_NORMAL, t->base_type);
    return k->expr ? 0 : -1;
}

int rp_create_domain(replayer *rp, PgQuery__CreateDomainStmt *cd)
{
    cat_type *t = new_type(rp, cd->domainname, cd->n_domainname, 'd', -1);
    if (!t)
        return -1;
    t->base_type = rp_type(rp, cd->type_name, &t->obj);
    if (!t->base_type)
        return -1;
    if (cd->coll_clause) {
        const char *cs, *cn;
        rp_qualname(rp, cd->coll_clause->collname, cd->coll_clause->n_collname, &cs, &cn, -1);
        t->collation = rp_qualified(cs && strcmp(cs, "pg_catalog") ? cs : NULL, cn);
    }
    for (size_t i = 0; i < cd->n_constraints; i++) {
        PgQuery__Constraint *c = cd->constraints[i]->constraint;
        switch (c->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: t->not_null = true; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: t->not_null = false; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
            t->default_expr = rp_expr_typed(rp, c->raw_expr, NULL, &t->obj, DEP_NORMAL, t->base_type);
            if (!t->default_expr)
                return -1;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
            if (domain_check(rp, t, c) < 0)
                return -1;
            break;
        default:
            return rp_error(rp, c->location, "this constraint is not supported for domains");
        }
    }
    return 0;
}

int rp_alter_domain(replayer *rp, PgQuery__AlterDomainStmt *ad)
{
    cat_type *t = find_type(rp, ad->type_name, ad->n_type_name, -1);
    if (!t)
        return -1;
    if (t->typkind != 'd')
        return rp_error(rp, -1, "\"%s\" is not a domain", t->name);
    switch (ad->subtype ? ad->subtype[0] : 0) {
    case 'T': /* SET/DROP DEFAULT */
        free(t->default_expr);
        t->default_expr = ad->def ? rp_expr_typed(rp, ad->def, NULL, &t->obj, DEP_NORMAL, t->base_type) : NULL;
        return ad->def && !t->default_expr ? -1 : 0;
    case 'N': t->not_null = false; return 0;
    case 'O': t->not_null = true; return 0;
    case 'C': return domain_check(rp, t, ad->def->constraint);
    case 'X':
    case 'V':
        for (size_t i = 0; i < t->nchecks; i++) {
            if (strcmp(t->checks[i]->name, ad->name))
                continue;
            if (ad->subtype[0] == 'V') {
                t->checks[i]->not_valid = false;
                return 0;
            }
            strbuf err = STRBUF_INIT;
            int rc = cat_drop(rp->cat, &t->checks[i]->obj, ad->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE, &err, NULL);
            if (rc < 0)
                rp_error(rp, -1, "%s", err.buf);
            sb_release(&err);
            return rc;
        }
        if (ad->missing_ok)
            return 0;
        return rp_error(rp, -1, "constraint \"%s\" of domain \"%s\" does not exist", ad->name, t->name);
    default:
        return rp_unsupported(rp, -1, "ALTER DOMAIN form '%s'", ad->subtype);
    }
}

int rp_create_range(replayer *rp, PgQuery__CreateRangeStmt *cr)
{
    cat_type *t = new_type(rp, cr->type_name, cr->n_type_name, 'r', -1);
    if (!t)
        return -1;
    for (size_t i = 0; i < cr->n_params; i++) {
        PgQuery__DefElem *d = cr->params[i]->def_elem;
        char **slot = NULL;
        if (!strcmp(d->defname, "subtype")) {
            t->subtype = rp_type(rp, d->arg->type_name, &t->obj);
            if (!t->subtype)
                return -1;
            continue;
        }
        if (!strcmp(d->defname, "subtype_opclass"))
            slot = &t->subtype_opclass;
        else if (!strcmp(d->defname, "collation"))
            slot = &t->collation;
        else if (!strcmp(d->defname, "canonical"))
            slot = &t->canonical_fn;
        else if (!strcmp(d->defname, "subtype_diff"))
            slot = &t->subtype_diff_fn;
        else if (!strcmp(d->defname, "multirange_type_name"))
            slot = &t->multirange;
        else
            return rp_error(rp, d->location, "type attribute \"%s\" not recognized", d->defname);
        PgQuery__Node *a = d->arg;
        strbuf sb = STRBUF_INIT;
        if (a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
            for (size_t k = 0; k < a->type_name->n_names; k++)
                sb_addf(&sb, "%s%s", k ? "." : "", ast_str(a->type_name->names[k]));
        } else if (a->node_case == PG_QUERY__NODE__NODE_LIST) {
            for (size_t k = 0; k < a->list->n_items; k++)
                sb_addf(&sb, "%s%s", k ? "." : "", ast_str(a->list->items[k]));
        } else if (ast_str(a)) {
            sb_adds(&sb, ast_str(a));
        }
        /* Stored as pg_dump prints them: a multirange name or a user
         * function schema-qualified (a built-in function bare). */
        if (!strchr(sb.buf ? sb.buf : "", '.')) {
            const char *qual = NULL;
            if (slot == &t->multirange) {
                cat_schema *cs = cat_creation_schema(rp->cat);
                qual = cs ? cs->name : NULL;
            } else if (slot == &t->canonical_fn || slot == &t->subtype_diff_fn) {
                for (size_t k = 0; k < rp->cat->search_path.n && !qual; k++)
                    for (size_t m = 0; m < rp->cat->nfuncs && !qual; m++) {
                        cat_func *f = rp->cat->funcs[m];
                        if (!strcmp(f->name, sb.buf) && !strcmp(f->schema->name, rp->cat->search_path.v[k])) {
                            qual = f->schema->name;
                            cat_dep_add(&t->obj, &f->obj, DEP_NORMAL);
                        }
                    }
            }
            if (qual) {
                char *q = xasprintf("%s.%s", qual, sb.buf);
                sb_release(&sb);
                sb_adds(&sb, q);
                free(q);
            }
        }
        free(*slot);
        *slot = sb_detach(&sb);
    }
    if (!t->subtype)
        return rp_error(rp, -1, "type attribute \"subtype\" is required");
    if (!t->multirange) {
        /* The server derives "<name>_multirange", or replaces "range" in
         * the name with "multirange". */
        char *p = strstr(t->name, "range");
        t->multirange = p ? xasprintf("%s.%.*smultirange%s", t->schema->name, (int)(p - t->name), t->name, p + 5)
                          : xasprintf("%s.%s_multirange", t->schema->name, t->name);
    }
    return 0;
}

int rp_create_schema(replayer *rp, PgQuery__CreateSchemaStmt *cs)
{
    const char *name = cs->schemaname && *cs->schemaname ? cs->schemaname
                       : cs->authrole && cs->authrole->rolename ? cs->authrole->rolename : NULL;
    if (!name)
        return rp_error(rp, -1, "schema name missing");
    if (cat_schema_get(rp->cat, name)) {
        if (cs->if_not_exists) {
            rp_notice(rp, "schema \"%s\" already exists, skipping", name);
            return 0;
        }
        return rp_error(rp, -1, "schema \"%s\" already exists", name);
    }
    cat_schema *s = cat_schema_add(rp->cat, name);
    rp_touch(rp, &s->obj);
    if (cs->authrole && cs->authrole->rolename && *cs->authrole->rolename)
        s->obj.owner = xstrdup(cs->authrole->rolename);
    if (cs->n_schema_elts)
        return rp_unsupported(rp, -1, "CREATE SCHEMA with schema elements");
    return 0;
}

int rp_create_extension(replayer *rp, PgQuery__CreateExtensionStmt *ce)
{
    if (cat_ext_get(rp->cat, ce->extname)) {
        if (ce->if_not_exists) {
            rp_notice(rp, "extension \"%s\" already exists, skipping", ce->extname);
            return 0;
        }
        return rp_error(rp, -1, "extension \"%s\" already exists", ce->extname);
    }
    cat_extension *e = cat_ext_new(rp->cat, ce->extname);
    rp_touch(rp, &e->obj);
    for (size_t i = 0; i < ce->n_options; i++) {
        PgQuery__DefElem *d = ce->options[i]->def_elem;
        const char *v = ast_str(d->arg);
        if (!strcmp(d->defname, "schema") && v) {
            if (!cat_schema_get(rp->cat, v))
                return rp_error(rp, -1, "schema \"%s\" does not exist", v);
            e->schema = xstrdup(v);
        } else if (!strcmp(d->defname, "new_version") && v) {
            e->version = xstrdup(v);
        }
    }
    if (!e->schema) {
        /* Installed into the creation schema; pg_dump always names it. */
        cat_schema *s = cat_creation_schema(rp->cat);
        e->schema = xstrdup(s ? s->name : "public");
    }
    return 0;
}

int rp_alter_extension(replayer *rp, PgQuery__AlterExtensionStmt *ae)
{
    cat_extension *e = cat_ext_get(rp->cat, ae->extname);
    if (!e)
        return rp_error(rp, -1, "extension \"%s\" does not exist", ae->extname);
    for (size_t i = 0; i < ae->n_options; i++) {
        PgQuery__DefElem *d = ae->options[i]->def_elem;
        if (!strcmp(d->defname, "new_version") && ast_str(d->arg)) {
            free(e->version);
            e->version = xstrdup(ast_str(d->arg));
        }
    }
    return 0;
}

/* ---- policies ------------------------------------------------------------------ */

static void policy_roles(cat_policy *p, PgQuery__Node **roles, size_t n)
{
    strvec_clear(&p->roles);
    for (size_t i = 0; i < n; i++) {
        PgQuery__RoleSpec *r = roles[i]->role_spec;
        if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC)
            strvec_push(&p->roles, "public");
        else if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER)
            strvec_push(&p->roles, "CURRENT_USER");
        else if (r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER)
            strvec_push(&p->roles, "SESSION_USER");
        else
            strvec_push(&p->roles, r->rolename);
    }
    if (!p->roles.n)
        strvec_push(&p->roles, "public");
}

int rp_create_policy(replayer *rp, PgQuery__CreatePolicyStmt *cp)
{
    cat_rel *r = rp_rel(rp, cp->table, false);
    if (!r)
        return -1;
    if (cat_policy_get(r, cp->policy_name))
        return rp_error(rp, -1, "policy \"%s\" for table \"%s\" already exists", cp->policy_name, r->name);
    cat_policy *p = cat_policy_add(r, cp->policy_name);
    rp_touch(rp, &p->obj);
    p->permissive = cp->permissive;
    const char *c = cp->cmd_name;
    p->cmd = !strcmp(c, "all") ? '*' : !strcmp(c, "select") ? 'r' : !strcmp(c, "insert") ? 'a'
           : !strcmp(c, "update") ? 'w' : 'd';
    policy_roles(p, cp->roles, cp->n_roles);
    if (cp->qual && !(p->using_expr = rp_expr(rp, cp->qual, r, &p->obj, DEP_NORMAL)))
        return -1;
    if (cp->with_check && !(p->check_expr = rp_expr(rp, cp->with_check, r, &p->obj, DEP_NORMAL)))
        return -1;
    return 0;
}

int rp_alter_policy(replayer *rp, PgQuery__AlterPolicyStmt *ap)
{
    cat_rel *r = rp_rel(rp, ap->table, false);
    if (!r)
        return -1;
    cat_policy *p = cat_policy_get(r, ap->policy_name);
    if (!p)
        return rp_error(rp, -1, "policy \"%s\" for table \"%s\" does not exist", ap->policy_name, r->name);
    if (ap->n_roles)
        policy_roles(p, ap->roles, ap->n_roles);
    if (ap->qual || ap->with_check)
        cat_deps_clear(&p->obj, 0);
    if (ap->qual) {
        free(p->using_expr);
        if (!(p->using_expr = rp_expr(rp, ap->qual, r, &p->obj, DEP_NORMAL)))
            return -1;
    }
    if (ap->with_check) {
        free(p->check_expr);
        if (!(p->check_expr = rp_expr(rp, ap->with_check, r, &p->obj, DEP_NORMAL)))
            return -1;
    }
    rp_touch(rp, &p->obj);
    return 0;
}
