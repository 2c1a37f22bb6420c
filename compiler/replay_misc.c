/* replay_misc: statements that name an existing object of any kind:
 * COMMENT ON, ALTER ... RENAME, DROP, ALTER ... OWNER TO, ALTER ... SET
 * SCHEMA, GRANT/REVOKE.
 *
 * They share one resolver, resolve_object(), which turns the grammar's
 * per-kind object designators (a name list, a TypeName, an
 * ObjectWithArgs, ...) into a catalog object, with the server's wording
 * when it does not exist. */
#include "replay_int.h"

typedef PgQuery__ObjectType otype;
#define OT(x) PG_QUERY__OBJECT_TYPE__OBJECT_##x

static const char *kind_word(otype t)
{
    switch (t) {
    case OT(TABLE): return "table";
    case OT(VIEW): return "view";
    case OT(MATVIEW): return "materialized view";
    case OT(SEQUENCE): return "sequence";
    case OT(INDEX): return "index";
    case OT(FOREIGN_TABLE): return "foreign table";
    case OT(TYPE): return "type";
    case OT(DOMAIN): return "domain";
    case OT(FUNCTION): return "function";
    case OT(PROCEDURE): return "procedure";
    case OT(SCHEMA): return "schema";
    case OT(EXTENSION): return "extension";
    default: return "object";
    }
}

/* DROP's hint when the name is a relation of another kind
 * (DropErrorMsgWrongType). */
static const char *drop_hint(char relkind)
{
    switch (relkind) {
    case 'S': return "Use DROP SEQUENCE to remove a sequence.";
    case 'v': return "Use DROP VIEW to remove a view.";
    case 'm': return "Use DROP MATERIALIZED VIEW to remove a materialized view.";
    default: return "Use DROP TABLE to remove a table.";
    }
}

static bool relkind_fits(otype t, char k)
{
    switch (t) {
    case OT(TABLE): return k == 'r' || k == 'p';
    case OT(VIEW): return k == 'v';
    case OT(MATVIEW): return k == 'm';
    case OT(SEQUENCE): return k == 'S';
    default: return true;
    }
}

/* Splits the tail name off a name list: [schema.]table.name. */
static int split_sub(replayer *rp, PgQuery__List *l, PgQuery__RangeVar *rv, const char **sub)
{
    size_t n = l->n_items;
    if (n < 2 || n > 3)
        return rp_error(rp, -1, "improper qualified name");
    *sub = ast_str(l->items[n - 1]);
    rv->relname = (char *)ast_str(l->items[n - 2]);
    rv->schemaname = n == 3 ? (char *)ast_str(l->items[0]) : (char *)"";
    rv->location = -1;
    return 0;
}

/* A named object is missing: under IF EXISTS a notice and 1, else the
 * server's error and -1.  what reads like `schema "s"`. */
static int missing(replayer *rp, bool missing_ok, const char *what)
{
    if (missing_ok) {
        rp_notice(rp, "%s does not exist, skipping", what);
        return 1;
    }
    return rp_error(rp, -1, "%s does not exist", what);
}

static int missing_named(replayer *rp, bool missing_ok, const char *kind, const char *name)
{
    char *what = xasprintf("%s \"%s\"", kind, name ? name : "");
    int rc = missing(rp, missing_ok, what);
    free(what);
    return rc;
}

/* 0: found (*out); 1: missing and missing_ok (a notice was printed);
 * -1: error reported. */
static int resolve_object_in(replayer *rp, otype t, PgQuery__Node *node, bool missing_ok, cat_obj **out, bool drop);

static int resolve_object(replayer *rp, otype t, PgQuery__Node *node, bool missing_ok, cat_obj **out)
{
    return resolve_object_in(rp, t, node, missing_ok, out, false);
}

/* drop: for DROP, which adds a hint when the name is of another kind. */
static int resolve_object_in(replayer *rp, otype t, PgQuery__Node *node, bool missing_ok, cat_obj **out, bool drop)
{
    *out = NULL;
    switch (t) {
    case OT(TABLE): case OT(VIEW): case OT(MATVIEW): case OT(SEQUENCE): case OT(INDEX): case OT(FOREIGN_TABLE): {
        PgQuery__List *l = node->list;
        const char *s, *n;
        if (rp_qualname(rp, l->items, l->n_items, &s, &n, -1) < 0)
            return -1;
        if (s && !cat_schema_get(rp->cat, s))
            goto missing_schema;
        if (t == OT(INDEX)) {
            cat_index *ix = cat_index_lookup(rp->cat, s, n);
            if (ix) {
                *out = &ix->obj;
                return 0;
            }
            cat_rel *r = cat_rel_lookup(rp->cat, s, n);
            if (r)
                return rp_error(rp, -1, "\"%s\" is not an index%s%s", n, drop ? "\nHINT: " : "",
                                drop ? drop_hint(r->relkind) : "");
        } else {
            cat_rel *r = cat_rel_lookup(rp->cat, s, n);
            if (r) {
                if (!relkind_fits(t, r->relkind))
                    return rp_error(rp, -1, "\"%s\" is not a %s%s%s", n, kind_word(t), drop ? "\nHINT: " : "",
                                    drop ? drop_hint(r->relkind) : "");
                *out = &r->obj;
                return 0;
            }
            if (drop) {
                cat_index *ix = cat_index_lookup(rp->cat, s, n);
                if (ix)
                    return rp_error(rp, -1, "\"%s\" is not a %s\nHINT: Use DROP INDEX to remove an index.", n, kind_word(t));
            }
        }
        if (missing_ok) {
            rp_notice(rp, "%s \"%s\" does not exist, skipping", kind_word(t), n);
            return 1;
        }
        if (!drop) /* COMMENT, OWNER TO, ...: relation_openrv's words */
            return s ? rp_error(rp, -1, "relation \"%s.%s\" does not exist", s, n)
                     : rp_error(rp, -1, "relation \"%s\" does not exist", n);
        if (t == OT(TABLE) || t == OT(INDEX) || t == OT(SEQUENCE))
            return rp_error(rp, -1, "%s \"%s\" does not exist", t == OT(TABLE) ? "table" : t == OT(INDEX) ? "index" : "sequence", n);
        return rp_error(rp, -1, "%s \"%s\" does not exist", kind_word(t), n);
    missing_schema:
        return missing_named(rp, missing_ok, "schema", s);
    }
    case OT(COLUMN): case OT(TABCONSTRAINT): case OT(TRIGGER): case OT(POLICY): {
        PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
        const char *sub = NULL;
        if (split_sub(rp, node->list, &rv, &sub) < 0)
            return -1;
        const char *rs = *rv.schemaname ? rv.schemaname : NULL;
        cat_type *ct = t == OT(COLUMN) && (!rs || cat_schema_get(rp->cat, rs)) && !cat_rel_lookup(rp->cat, rs, rv.relname)
                           ? cat_type_lookup(rp->cat, rs, rv.relname) : NULL;
        if (ct && ct->typkind == 'c') { /* a composite type's attribute: its pg_class row is the type's */
            for (size_t i = 0; i < ct->nattrs; i++)
                if (!strcmp(ct->attrs[i]->name, sub)) {
                    *out = &ct->attrs[i]->obj;
                    return 0;
                }
            if (missing_ok) {
                rp_notice(rp, "column \"%s\" for relation \"%s\" does not exist, skipping", sub, ct->name);
                return 1;
            }
            return rp_error(rp, -1, "column \"%s\" of relation \"%s\" does not exist", sub, ct->name);
        }
        cat_rel *r = rp_rel(rp, &rv, missing_ok);
        if (!r) {
            if (missing_ok) {
                rp_notice(rp, "relation \"%s\" does not exist, skipping", rv.relname);
                return 1;
            }
            return -1;
        }
        cat_obj *o = NULL;
        const char *what = "column";
        if (t == OT(COLUMN)) {
            cat_column *c = cat_column_get(r, sub);
            o = c ? &c->obj : NULL;
        } else if (t == OT(TABCONSTRAINT)) {
            cat_constraint *c = cat_constraint_get(r, sub);
            o = c ? &c->obj : NULL;
            what = "constraint";
        } else if (t == OT(TRIGGER)) {
            cat_trigger *c = cat_trigger_get(r, sub);
            o = c ? &c->obj : NULL;
            what = "trigger";
        } else {
            cat_policy *c = cat_policy_get(r, sub);
            o = c ? &c->obj : NULL;
            what = "policy";
        }
        if (!o) {
            if (missing_ok) {
                rp_notice(rp, "%s \"%s\" for relation \"%s\" does not exist, skipping", what, sub, r->name);
                return 1;
            }
            if (t == OT(COLUMN))
                return rp_error(rp, -1, "column \"%s\" of relation \"%s\" does not exist", sub, r->name);
            if (t == OT(TABCONSTRAINT))
                return rp_error(rp, -1, "constraint \"%s\" for table \"%s\" does not exist", sub, r->name);
            return rp_error(rp, -1, "%s \"%s\" for table \"%s\" does not exist", what, sub, r->name);
        }
        *out = o;
        return 0;
    }
    case OT(DOMCONSTRAINT): { /* CONSTRAINT name ON DOMAIN type */
        PgQuery__List *l = node->list;
        cat_obj *dom;
        int r = resolve_object_in(rp, OT(DOMAIN), l->items[0], missing_ok, &dom, drop);
        if (r)
            return r;
        cat_type *ty = (cat_type *)dom;
        const char *name = ast_str(l->items[1]);
        for (size_t i = 0; i < ty->nchecks; i++)
            if (!strcmp(ty->checks[i]->name, name)) {
                *out = &ty->checks[i]->obj;
                return 0;
            }
        if (missing_ok) {
            rp_notice(rp, "constraint \"%s\" for domain \"%s\" does not exist, skipping", name, ty->name);
            return 1;
        }
        return rp_error(rp, -1, "constraint \"%s\" for domain \"%s\" does not exist", name, ty->name);
    }
    case OT(TYPE): case OT(DOMAIN): {
        PgQuery__TypeName *tn = node->node_case == PG_QUERY__NODE__NODE_TYPE_NAME ? node->type_name : NULL;
        PgQuery__Node **names = tn ? tn->names : node->list->items;
        size_t nn = tn ? tn->n_names : node->list->n_items;
        const char *s, *n;
        if (rp_qualname(rp, names, nn, &s, &n, -1) < 0)
            return -1;
        cat_type *ty = cat_type_lookup(rp->cat, s, n);
        if (!ty)
            return missing_named(rp, missing_ok, "type", n);
        if (t == OT(DOMAIN) && ty->typkind != 'd')
            return rp_error(rp, -1, "\"%s\" is not a domain", n);
        *out = &ty->obj;
        return 0;
    }
    case OT(FUNCTION): case OT(PROCEDURE): case OT(ROUTINE): case OT(AGGREGATE): {
        PgQuery__ObjectWithArgs *o = node->object_with_args;
        size_t nargs = o->n_objfuncargs ? o->n_objfuncargs : o->n_objargs;
        PgQuery__Node **args = o->n_objfuncargs ? o->objfuncargs : o->objargs;
        size_t errors = rp->dl->nerrors;
        cat_func *f = rp_lookup_func(rp, o->objname, o->n_objname, args, nargs, !o->args_unspecified, missing_ok, -1);
        if (!f) {
            if (!missing_ok || rp->dl->nerrors != errors)
                return -1;
            /* does_not_exist_skipping: the name list and the argument
             * types as the grammar wrote them ("pg_catalog.int4") */
            strbuf sb = STRBUF_INIT;
            for (size_t i = 0; i < o->n_objname; i++)
                sb_addf(&sb, "%s%s", i ? "." : "", ast_str(o->objname[i]));
            sb_addc(&sb, '(');
            for (size_t i = 0; i < nargs; i++) {
                PgQuery__TypeName *tn = args[i]->node_case == PG_QUERY__NODE__NODE_TYPE_NAME
                                            ? args[i]->type_name : args[i]->function_parameter->arg_type;
                sb_adds(&sb, i ? "," : "");
                for (size_t k = 0; k < tn->n_names; k++)
                    sb_addf(&sb, "%s%s", k ? "." : "", ast_str(tn->names[k]));
                for (size_t k = 0; k < tn->n_array_bounds; k++)
                    sb_adds(&sb, "[]");
            }
            sb_addc(&sb, ')');
            rp_notice(rp, "%s %s does not exist, skipping",
                      t == OT(PROCEDURE) ? "procedure" : t == OT(ROUTINE) ? "routine" : t == OT(AGGREGATE) ? "aggregate" : "function",
                      sb.buf);
            sb_release(&sb);
            return 1;
        }
        *out = &f->obj;
        return 0;
    }
    case OT(SCHEMA): {
        const char *n = ast_str(node);
        cat_schema *s = n ? cat_schema_get(rp->cat, n) : NULL;
        if (!s)
            return missing_named(rp, missing_ok, "schema", n);
        *out = &s->obj;
        return 0;
    }
    case OT(EXTENSION): {
        const char *n = ast_str(node);
        cat_extension *e = n ? cat_ext_get(rp->cat, n) : NULL;
        if (!e)
            return missing_named(rp, missing_ok, "extension", n);
        *out = &e->obj;
        return 0;
    }
    default: {
        const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(&pg_query__object_type__descriptor, t);
        rp_unsupported(rp, -1, "objects of kind %s", v ? v->name : "?");
        return rp->opts.strict ? -1 : 1;
    }
    }
}

/* ---- COMMENT -------------------------------------------------------------------- */

int rp_comment(replayer *rp, PgQuery__CommentStmt *cs)
{
    cat_obj *o;
    int rc = resolve_object(rp, cs->objtype, cs->object, false, &o);
    if (rc)
        return rc < 0 ? -1 : 0;
    free(o->comment);
    o->comment = cs->comment && *cs->comment ? xstrdup(cs->comment) : NULL;
    return 0;
}

/* ---- DROP ---------------------------------------------------------------------------- */

int rp_drop(replayer *rp, PgQuery__DropStmt *ds)
{
    bool cascade = ds->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    cat_obj **objs = xcalloc(ds->n_objects + 1, sizeof(cat_obj *));
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < ds->n_objects && rc == 0; i++) {
        cat_obj *o;
        int r = resolve_object_in(rp, ds->remove_type, ds->objects[i], ds->missing_ok, &o, true);
        if (r < 0)
            rc = -1;
        else if (r == 0) {
            if (o->kind == OBJ_INDEX && ((cat_index *)o)->constraint) {
                cat_index *ix = (cat_index *)o;
                rc = rp_error(rp, -1, "cannot drop index %s because constraint %s on table %s requires it\nHINT: You can drop constraint %s on table %s instead.",
                              ix->name, ix->constraint->name, as_rel(o->parent)->name, ix->constraint->name,
                              as_rel(o->parent)->name);
            } else if (o->kind == OBJ_REL && as_rel(o)->identity_seq && as_rel(o)->owned_by) {
                /* an identity's sequence is an internal part of its column */
                cat_column *col = as_rel(o)->owned_by;
                cat_rel *t = as_rel(col->obj.parent);
                rc = rp_error(rp, -1, "cannot drop sequence %s because column %s of table %s requires it\n"
                              "HINT: You can drop column %s of table %s instead.",
                              as_rel(o)->name, col->name, t->name, col->name, t->name);
            } else if (o->kind == OBJ_CONSTRAINT || o->kind == OBJ_COLUMN) {
                rc = rp_error(rp, -1, "use ALTER TABLE to drop this object");
            } else {
                objs[n++] = o;
            }
        }
    }
    if (rc == 0 && n) {
        strbuf err = STRBUF_INIT;
        strvec notices = STRVEC_INIT;
        rc = cat_drop_many(rp->cat, objs, n, cascade, &err, &notices);
        if (rc < 0)
            rp_error(rp, -1, "%s", err.buf);
        for (size_t i = 0; i < notices.n; i++)
            rp_notice(rp, "%s", notices.v[i]);
        strvec_clear(&notices);
        sb_release(&err);
    }
    free(objs);
    return rc;
}

/* ---- RENAME --------------------------------------------------------------------------- */

static bool name_too_long(replayer *rp, const char *name)
{
    if (strlen(name) < 64)
        return false;
    rp_error(rp, -1, "name \"%s\" is too long (at most 63 bytes)", name);
    return true;
}

int rp_rename_propagate(replayer *rp, cat_obj *renamed, const char *oldname, const char *newname);
int rp_schema_propagate(replayer *rp, cat_rel *moved, const char *old_schema);
int rp_view_columns_renamed(replayer *rp, cat_rel *v);

/* Renames column c of r, and the inherited column in r's children and
 * partitions, down the tree (under ONLY that is an error). */
static int rename_column(replayer *rp, cat_rel *r, cat_column *c, const char *newname, bool inh)
{
    if (cat_column_get(r, newname))
        return rp_error(rp, -1, "column \"%s\" of relation \"%s\" already exists", newname, r->name);
    for (size_t i = 0; i < rp->cat->nrels; i++) {
        cat_rel *ch = rp->cat->rels[i];
        bool child = ch->partition_of == r;
        for (size_t k = 0; k < ch->ninherits && !child; k++)
            child = ch->inherits[k] == r;
        cat_column *cc = child ? cat_column_get(ch, c->name) : NULL;
        if (!cc)
            continue;
        if (!inh)
            return rp_error(rp, -1, "inherited column \"%s\" must be renamed in child tables too", c->name);
        if (rename_column(rp, ch, cc, newname, true) < 0)
            return -1;
    }
    char *old = c->name;
    c->name = xstrdup(newname);
    rp_touch(rp, &c->obj);
    /* Key column lists name columns by text. */
    for (size_t i = 0; i < rp->cat->nrels; i++) {
        cat_rel *o = rp->cat->rels[i];
        for (size_t k = 0; k < o->ncons; k++) {
            cat_constraint *con = o->cons[k];
            strvec *lists[] = {o == r ? &con->columns : NULL, o == r ? &con->include : NULL,
                               con->ref == r ? &con->ref_columns : NULL};
            for (size_t li = 0; li < 3; li++)
                for (size_t m = 0; lists[li] && m < lists[li]->n; m++)
                    if (!strcmp(lists[li]->v[m], old)) {
                        free(lists[li]->v[m]);
                        lists[li]->v[m] = xstrdup(newname);
                    }
        }
    }
    for (size_t k = 0; k < r->ntrig; k++)
        for (size_t m = 0; m < r->trig[k]->update_columns.n; m++)
            if (!strcmp(r->trig[k]->update_columns.v[m], old)) {
                free(r->trig[k]->update_columns.v[m]);
                r->trig[k]->update_columns.v[m] = xstrdup(newname);
            }
    int rc = rp_rename_propagate(rp, &c->obj, old, newname);
    free(old);
    if (rc == 0 && (r->relkind == 'v' || r->relkind == 'm'))
        rc = rp_view_columns_renamed(rp, r);
    return rc;
}

int rp_rename(replayer *rp, PgQuery__RenameStmt *rs)
{
    otype t = rs->rename_type;
    const char *newname = rs->newname;
    if (name_too_long(rp, newname))
        return -1;
    switch (t) {
    case OT(TABLE): case OT(VIEW): case OT(MATVIEW): case OT(SEQUENCE): case OT(INDEX): case OT(FOREIGN_TABLE): {
        cat_rel *r = NULL;
        cat_index *ix = NULL;
        const char *s = rs->relation->schemaname && *rs->relation->schemaname ? rs->relation->schemaname : NULL;
        if (t == OT(INDEX))
            ix = cat_index_lookup(rp->cat, s, rs->relation->relname);
        if (!ix)
            r = rp_rel(rp, rs->relation, rs->missing_ok);
        if (!ix && !r) {
            if (rs->missing_ok) {
                rp_notice(rp, "relation \"%s\" does not exist, skipping", rs->relation->relname);
                return 0;
            }
            return -1;
        }
        cat_schema *sch = ix ? as_rel(ix->obj.parent)->schema : r->schema;
        if (cat_relname_taken(rp->cat, sch, newname) || cat_type_get(rp->cat, sch->name, newname))
            return rp_error(rp, -1, "relation \"%s\" already exists", newname);
        if (ix) {
            char *old = xstrdup(ix->name);
            cat_index_rename(rp->cat, ix, newname);
            /* A constraint's index and the constraint share the name. */
            if (ix->constraint) {
                free(ix->constraint->name);
                ix->constraint->name = xstrdup(newname);
            }
            free(old);
            rp_touch(rp, &ix->obj);
            return 0;
        }
        char *old = xstrdup(r->name);
        cat_rel_rename(rp->cat, r, newname);
        rp_touch(rp, &r->obj);
        int rc = rp_rename_propagate(rp, &r->obj, old, newname);
        free(old);
        return rc;
    }
    case OT(COLUMN): case OT(ATTRIBUTE): {
        if (t == OT(ATTRIBUTE))
            return rp_unsupported(rp, -1, "ALTER TYPE ... RENAME ATTRIBUTE");
        cat_rel *r = rp_rel(rp, rs->relation, rs->missing_ok);
        if (!r)
            return rs->missing_ok ? 0 : -1;
        cat_column *c = cat_column_get(r, rs->subname);
        if (!c)
            return rp_error(rp, -1, "column \"%s\" does not exist", rs->subname);
        /* renameatt: an inherited column is renamed only from its parent */
        if (c->inh_count > 0)
            return rp_error(rp, -1, "cannot rename inherited column \"%s\"", c->name);
        return rename_column(rp, r, c, newname, rs->relation->inh);
    }
    case OT(TABCONSTRAINT): {
        cat_rel *r = rp_rel(rp, rs->relation, rs->missing_ok);
        if (!r)
            return rs->missing_ok ? 0 : -1;
        cat_constraint *k = cat_constraint_get(r, rs->subname);
        if (!k)
            return rp_error(rp, -1, "constraint \"%s\" for table \"%s\" does not exist", rs->subname, r->name);
        if (cat_constraint_get(r, newname))
            return rp_error(rp, -1, "constraint \"%s\" for relation \"%s\" already exists", newname, r->name);
        if (k->index) {
            if (cat_relname_taken(rp->cat, r->schema, newname))
                return rp_error(rp, -1, "relation \"%s\" already exists", newname);
            cat_index_rename(rp->cat, k->index, newname);
        }
        free(k->name);
        k->name = xstrdup(newname);
        rp_touch(rp, &k->obj);
        return 0;
    }
    case OT(TRIGGER): case OT(POLICY): {
        cat_rel *r = rp_rel(rp, rs->relation, rs->missing_ok);
        if (!r)
            return rs->missing_ok ? 0 : -1;
        if (t == OT(TRIGGER)) {
            cat_trigger *tr = cat_trigger_get(r, rs->subname);
            if (!tr)
                return rp_error(rp, -1, "trigger \"%s\" for table \"%s\" does not exist", rs->subname, r->name);
            if (cat_trigger_get(r, newname))
                return rp_error(rp, -1, "trigger \"%s\" for relation \"%s\" already exists", newname, r->name);
            free(tr->name);
            tr->name = xstrdup(newname);
            rp_touch(rp, &tr->obj);
        } else {
            cat_policy *p = cat_policy_get(r, rs->subname);
            if (!p)
                return rp_error(rp, -1, "policy \"%s\" for table \"%s\" does not exist", rs->subname, r->name);
            if (cat_policy_get(r, newname))
                return rp_error(rp, -1, "policy \"%s\" for table \"%s\" already exists", newname, r->name);
            free(p->name);
            p->name = xstrdup(newname);
            rp_touch(rp, &p->obj);
        }
        return 0;
    }
    case OT(TYPE): case OT(DOMAIN): {
        cat_obj *o;
        int rc = resolve_object(rp, t, rs->object, rs->missing_ok, &o);
        if (rc)
            return rc < 0 ? -1 : 0;
        cat_type *ty = (cat_type *)o;
        if (cat_type_get(rp->cat, ty->schema->name, newname) || cat_rel_get(rp->cat, ty->schema->name, newname))
            return rp_error(rp, -1, "type \"%s\" already exists", newname);
        char *old = xstrdup(ty->name);
        cat_type_rename(rp->cat, ty, newname);
        rp_touch(rp, &ty->obj);
        rc = rp_rename_propagate(rp, &ty->obj, old, newname);
        free(old);
        return rc;
    }
    case OT(FUNCTION): case OT(PROCEDURE): case OT(ROUTINE): {
        cat_obj *o;
        int rc = resolve_object(rp, t, rs->object, rs->missing_ok, &o);
        if (rc)
            return rc < 0 ? -1 : 0;
        cat_func *f = (cat_func *)o;
        /* The identity is name(types): swap the name part. */
        const char *paren = strchr(f->identity, '(');
        char *qn = pgident_quote(newname);
        char *id = xasprintf("%s%s", qn, paren);
        free(qn);
        if (cat_func_get(rp->cat, f->schema->name, id)) {
            free(id);
            return rp_error(rp, -1, "function %s already exists in schema \"%s\"", newname, f->schema->name);
        }
        char *old = xstrdup(f->name);
        cat_func_rename(rp->cat, f, newname, id);
        free(id);
        rp_touch(rp, &f->obj);
        rc = rp_rename_propagate(rp, &f->obj, old, newname);
        free(old);
        return rc;
    }
    case OT(SCHEMA): {
        cat_schema *s = cat_schema_get(rp->cat, rs->subname);
        if (!s)
            return rp_error(rp, -1, "schema \"%s\" does not exist", rs->subname);
        if (cat_schema_get(rp->cat, newname))
            return rp_error(rp, -1, "schema \"%s\" already exists", newname);
        return rp_unsupported(rp, -1, "ALTER SCHEMA ... RENAME (every qualified name in the schema would change)");
    }
    default: {
        const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(&pg_query__object_type__descriptor, t);
        return rp_unsupported(rp, -1, "renaming objects of kind %s", v ? v->name : "?");
    }
    }
}

/* ---- OWNER TO, SET SCHEMA, GRANT -------------------------------------------------------- */

static const char *role_name(PgQuery__RoleSpec *r)
{
    switch (r->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC: return "public";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER: return "CURRENT_USER";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER: return "SESSION_USER";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE: return "CURRENT_ROLE";
    default: return r->rolename;
    }
}

int rp_alter_owner(replayer *rp, PgQuery__AlterOwnerStmt *ao)
{
    cat_obj *o;
    int rc = resolve_object(rp, ao->object_type, ao->object, false, &o);
    if (rc)
        return rc < 0 ? -1 : 0;
    free(o->owner);
    o->owner = xstrdup(role_name(ao->newowner));
    return 0;
}

int rp_alter_object_schema(replayer *rp, PgQuery__AlterObjectSchemaStmt *as)
{
    cat_schema *ns = cat_schema_get(rp->cat, as->newschema);
    if (!ns)
        return rp_error(rp, -1, "schema \"%s\" does not exist", as->newschema);
    otype t = as->object_type;
    if (t == OT(TABLE) || t == OT(VIEW) || t == OT(MATVIEW) || t == OT(SEQUENCE)) {
        cat_rel *r = rp_rel(rp, as->relation, as->missing_ok);
        if (!r)
            return as->missing_ok ? 0 : -1;
        if (r->schema == ns)
            return 0; /* already there: the server does nothing */
        if (cat_relname_taken(rp->cat, ns, r->name))
            return rp_error(rp, -1, "relation \"%s\" already exists in schema \"%s\"", r->name, ns->name);
        const char *old = r->schema->name; /* the schema object stays */
        cat_rel_set_schema(rp->cat, r, ns);
        int rc = rp_schema_propagate(rp, r, old);
        /* Owned sequences move along, as on the server. */
        for (size_t i = 0; i < rp->cat->nrels && rc == 0; i++) {
            cat_rel *q = rp->cat->rels[i];
            if (q->owned_by && q->owned_by->obj.parent == &r->obj && q->schema != ns) {
                const char *qold = q->schema->name;
                cat_rel_set_schema(rp->cat, q, ns);
                rc = rp_schema_propagate(rp, q, qold);
            }
        }
        rp_touch(rp, &r->obj);
        return rc;
    }
    return rp_unsupported(rp, -1, "ALTER ... SET SCHEMA for this kind of object");
}

static void privs_text(PgQuery__GrantStmt *gs, strbuf *sb)
{
    if (!gs->n_privileges) {
        sb_adds(sb, "ALL");
        return;
    }
    for (size_t i = 0; i < gs->n_privileges; i++) {
        PgQuery__AccessPriv *p = gs->privileges[i]->access_priv;
        sb_addf(sb, "%s", i ? "," : "");
        for (const char *c = p->priv_name; *c; c++)
            sb_addc(sb, (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c));
        if (p->n_cols) {
            sb_addc(sb, '(');
            for (size_t k = 0; k < p->n_cols; k++)
                sb_addf(sb, "%s%s", k ? "," : "", ast_str(p->cols[k]));
            sb_addc(sb, ')');
        }
    }
}

int rp_grant(replayer *rp, PgQuery__GrantStmt *gs)
{
    if (gs->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT)
        return rp_unsupported(rp, -1, "GRANT/REVOKE ... ON ALL ... IN SCHEMA");
    otype t = gs->objtype;
    strbuf privs = STRBUF_INIT;
    privs_text(gs, &privs);
    int rc = 0;
    for (size_t i = 0; i < gs->n_objects && rc == 0; i++) {
        cat_obj *o = NULL;
        PgQuery__Node *obj = gs->objects[i];
        if (t == OT(TABLE) || t == OT(SEQUENCE)) {
            cat_rel *r = rp_rel(rp, obj->range_var, false);
            if (!r) {
                rc = -1;
                break;
            }
            o = &r->obj;
        } else if (t == OT(SCHEMA) || t == OT(FUNCTION) || t == OT(PROCEDURE) || t == OT(TYPE) || t == OT(DOMAIN)) {
            int r = resolve_object(rp, t, obj, false, &o);
            if (r) {
                rc = r < 0 ? -1 : 0;
                continue;
            }
        } else {
            rc = rp_unsupported(rp, -1, "GRANT/REVOKE on this kind of object");
            break;
        }
        for (size_t g = 0; g < gs->n_grantees; g++) {
            const char *who = role_name(gs->grantees[g]->role_spec);
            char *entry = xasprintf("%s:%s%s", who, privs.buf, gs->grant_option ? " WITH GRANT OPTION" : "");
            if (gs->is_grant) {
                if (!strvec_has(&o->acl, entry))
                    strvec_push(&o->acl, entry);
            } else {
                /* REVOKE removes entries for this grantee with exactly these
                 * privileges; partial revokes are recorded as such. */
                size_t w = 0;
                for (size_t k = 0; k < o->acl.n; k++) {
                    if (!strcmp(o->acl.v[k], entry) ||
                        (!strcmp(privs.buf, "ALL") && !strncmp(o->acl.v[k], who, strlen(who)) && o->acl.v[k][strlen(who)] == ':'))
                        free(o->acl.v[k]);
                    else
                        o->acl.v[w++] = o->acl.v[k];
                }
                o->acl.n = w;
                if (o->acl.v)
                    o->acl.v[w] = NULL;
            }
            free(entry);
        }
        strvec_sort(&o->acl);
    }
    sb_release(&privs);
    return rc;
}
