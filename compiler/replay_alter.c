/* replay_alter: ALTER TABLE (and ALTER INDEX / VIEW / MATERIALIZED VIEW /
 * SEQUENCE forms that share its grammar), one subcommand at a time.
 *
 * Each subcommand checks what the server checks before changing anything,
 * so a failing subcommand leaves the catalog as the server would: the
 * whole statement is one transaction there, and replay stops at the error. */
#include "replay_int.h"

int rp_attach_partition(replayer *rp, cat_rel *parent, cat_rel *child, PgQuery__PartitionBoundSpec *b, bool attach);

static cat_column *need_column(replayer *rp, cat_rel *r, const char *name)
{
    cat_column *c = cat_column_get(r, name);
    if (!c)
        rp_error(rp, -1, "column \"%s\" of relation \"%s\" does not exist", name, r->name);
    return c;
}

/* Views, rules and policies pin a column's type (the server's
 * "cannot alter type of a column used by a view or rule"). */
typedef struct pin_ctx {
    cat_column *col;
    cat_obj *by;
} pin_ctx;

static void find_pin(cat_obj *o, void *ctx)
{
    pin_ctx *p = ctx;
    if (p->by)
        return;
    bool viewish = (o->kind == OBJ_REL && (as_rel(o)->relkind == 'v' || as_rel(o)->relkind == 'm')) ||
                   o->kind == OBJ_POLICY || o->kind == OBJ_TRIGGER;
    if (!viewish)
        return;
    for (size_t i = 0; i < o->ndeps; i++)
        if (o->deps[i].target == &p->col->obj)
            p->by = o;
}

/* Is col one of the columns r's partition key reads?  (The key records
 * them as r's own dependencies.) */
static bool in_partition_key(const cat_rel *r, const cat_column *col)
{
    if (!r->partition_key)
        return false;
    for (size_t i = 0; i < r->obj.ndeps; i++)
        if (r->obj.deps[i].target == &col->obj)
            return true;
    return false;
}

static int alter_type(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    cat_column *col = need_column(rp, r, cmd->name);
    if (!col)
        return -1;
    if (in_partition_key(r, col))
        return rp_error(rp, -1, "cannot alter column \"%s\" because it is part of the partition key of relation \"%s\"",
                        col->name, r->name);
    PgQuery__ColumnDef *cd = cmd->def->column_def;
    pin_ctx pin = {col, NULL};
    cat_foreach(rp->cat, find_pin, &pin);
    if (pin.by) {
        /* ATExecAlterColumnType's words: a view is pinned by its rule */
        strbuf d = STRBUF_INIT;
        const char *what = "used by a view or rule";
        if (pin.by->kind == OBJ_REL)
            sb_adds(&d, "rule _RETURN on ");
        else
            what = pin.by->kind == OBJ_POLICY ? "used in a policy definition" : "used in a trigger definition";
        cat_describe(pin.by, &d);
        int rc = rp_error(rp, -1, "cannot alter type of a column %s\nDETAIL: %s depends on column \"%s\"",
                          what, d.buf, col->name);
        sb_release(&d);
        return rc;
    }
    cat_deps_clear(&col->obj, DEP_NORMAL);
    char *type = rp_type(rp, cd->type_name, &col->obj);
    if (!type)
        return -1;
    if (col->identity && strcmp(type, "smallint") && strcmp(type, "integer") && strcmp(type, "bigint")) {
        free(type);
        return rp_error(rp, -1, "identity column type must be smallint, integer, or bigint");
    }
    free(col->type);
    col->type = type;
    free(col->collation);
    col->collation = NULL;
    if (cd->coll_clause) {
        const char *cs, *cn;
        if (rp_qualname(rp, cd->coll_clause->collname, cd->coll_clause->n_collname, &cs, &cn, -1) < 0)
            return -1;
        col->collation = rp_qualified(cs && strcmp(cs, "pg_catalog") ? cs : NULL, cn);
    }
    /* The default is coerced to the new type; index expressions and check
     * constraints keep their text: the server rebuilds them from the same
     * definition. */
    if (rp_recoerce_default(rp, r, col) < 0)
        return -1;
    rp_touch(rp, &col->obj);
    return 0;
}

static int set_default(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    cat_column *col = need_column(rp, r, cmd->name);
    if (!col)
        return -1;
    if (cmd->def && col->identity)
        return rp_error(rp, -1, "column \"%s\" of relation \"%s\" is an identity column", col->name, r->name);
    if (col->generated)
        return rp_error(rp, -1, "column \"%s\" of relation \"%s\" is a generated column", col->name, r->name);
    free(col->default_expr);
    col->default_expr = NULL;
    cat_deps_clear(&col->obj, DEP_DEFAULT);
    if (cmd->def && rp_column_default(rp, r, col, cmd->def) < 0)
        return -1;
    rp_touch(rp, &col->obj);
    return 0;
}

static int drop_not_null(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    cat_column *col = need_column(rp, r, cmd->name);
    if (!col)
        return -1;
    for (size_t i = 0; i < r->ncons; i++)
        if (r->cons[i]->type == CON_PRIMARY && strvec_has(&r->cons[i]->columns, col->name))
            return rp_error(rp, -1, "column \"%s\" is in a primary key", col->name);
    if (col->identity)
        return rp_error(rp, -1, "column \"%s\" of relation \"%s\" is an identity column", col->name, r->name);
    col->not_null = false;
    rp_touch(rp, &col->obj);
    return 0;
}

static int drop_object(replayer *rp, cat_obj *o, bool cascade)
{
    strbuf err = STRBUF_INIT;
    strvec notices = STRVEC_INIT;
    int rc = cat_drop(rp->cat, o, cascade, &err, &notices);
    if (rc < 0)
        rp_error(rp, -1, "%s", err.buf);
    for (size_t i = 0; i < notices.n; i++)
        rp_notice(rp, "%s", notices.v[i]);
    strvec_clear(&notices);
    sb_release(&err);
    return rc;
}

static int drop_column(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    cat_column *col = cat_column_get(r, cmd->name);
    if (!col) {
        if (cmd->missing_ok) {
            rp_notice(rp, "column \"%s\" of relation \"%s\" does not exist, skipping", cmd->name, r->name);
            return 0;
        }
        return rp_error(rp, -1, "column \"%s\" of relation \"%s\" does not exist", cmd->name, r->name);
    }
    /* attinhcount > 0 blocks the drop even when the column is also local */
    if (col->inh_count > 0)
        return rp_error(rp, -1, "cannot drop inherited column \"%s\"", col->name);
    if (in_partition_key(r, col))
        return rp_error(rp, -1, "cannot drop column \"%s\" because it is part of the partition key of relation \"%s\"",
                        col->name, r->name);
    /* Indexes and constraints on the column, multi-column ones included,
     * go with it through their AUTO dependencies, as on the server. */
    /* Children that inherited the column lose it too. */
    for (size_t i = 0; i < rp->cat->nrels; i++) {
        cat_rel *ch = rp->cat->rels[i];
        bool child = ch->partition_of == r;
        for (size_t k = 0; k < ch->ninherits && !child; k++)
            child = ch->inherits[k] == r;
        if (!child)
            continue;
        cat_column *cc = cat_column_get(ch, col->name);
        if (cc && cc->inh_count <= 1 && !cc->is_local && drop_object(rp, &cc->obj, cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) < 0)
            return -1;
        if (cc && (cc->inh_count > 1 || cc->is_local))
            cc->inh_count--;
    }
    return drop_object(rp, &col->obj, cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE);
}

/* A parent's CHECK goes from the children that only inherited it; a child
 * that also defines it keeps its own (RemoveConstraintById's recursion). */
static int drop_inherited_checks(replayer *rp, cat_rel *r, const char *name)
{
    for (size_t i = 0; i < rp->cat->nrels; i++) {
        cat_rel *ch = rp->cat->rels[i];
        bool child = ch->partition_of == r;
        for (size_t k = 0; k < ch->ninherits && !child; k++)
            child = ch->inherits[k] == r;
        cat_constraint *k = child ? cat_constraint_get(ch, name) : NULL;
        if (!k || k->type != CON_CHECK || k->is_local)
            continue;
        if (drop_inherited_checks(rp, ch, name) < 0 || drop_object(rp, &k->obj, false) < 0)
            return -1;
        i = (size_t)-1; /* the relation list is unchanged, but restart to be safe */
    }
    return 0;
}

static int drop_constraint(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    cat_constraint *k = cat_constraint_get(r, cmd->name);
    if (!k) {
        if (cmd->missing_ok) {
            rp_notice(rp, "constraint \"%s\" of relation \"%s\" does not exist, skipping", cmd->name, r->name);
            return 0;
        }
        return rp_error(rp, -1, "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, r->name);
    }
    if (!k->is_local)
        return rp_error(rp, -1, "cannot drop inherited constraint \"%s\" of relation \"%s\"", k->name, r->name);
    if (k->type == CON_CHECK && !k->no_inherit && drop_inherited_checks(rp, r, k->name) < 0)
        return -1;
    return drop_object(rp, &k->obj, cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE);
}

static int identity_cmd(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    cat_column *col = need_column(rp, r, cmd->name);
    if (!col)
        return -1;
    cat_rel *seq = NULL;
    for (size_t i = 0; i < rp->cat->nrels; i++)
        if (rp->cat->rels[i]->owned_by == col && rp->cat->rels[i]->identity_seq)
            seq = rp->cat->rels[i];
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: {
        PgQuery__Constraint *c = cmd->def->constraint;
        if (col->identity)
            return rp_error(rp, -1, "column \"%s\" of relation \"%s\" is already an identity column", col->name, r->name);
        if (col->default_expr)
            return rp_error(rp, -1, "column \"%s\" of relation \"%s\" already has a default value", col->name, r->name);
        if (!col->not_null)
            return rp_error(rp, -1, "column \"%s\" of relation \"%s\" must be declared NOT NULL before identity can be added",
                            col->name, r->name);
        col->identity = c->generated_when && c->generated_when[0] == 'a' ? 'a' : 'd';
        for (size_t i = 0; i < c->n_options; i++) {
            PgQuery__DefElem *d = c->options[i]->def_elem;
            if (!strcmp(d->defname, "sequence_name") && d->arg->node_case == PG_QUERY__NODE__NODE_LIST)
                rp->seq_name_hint = ast_str(d->arg->list->items[d->arg->list->n_items - 1]);
        }
        seq = rp_new_owned_seq(rp, r, col, col->type, true);
        return rp_seq_options(rp, seq, c->options, c->n_options, true);
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity: {
        if (!col->identity || !seq)
            return rp_error(rp, -1, "column \"%s\" of relation \"%s\" is not an identity column", col->name, r->name);
        PgQuery__Node **opts = cmd->def->list->items;
        size_t n = cmd->def->list->n_items;
        for (size_t i = 0; i < n; i++) {
            PgQuery__DefElem *d = opts[i]->def_elem;
            if (!strcmp(d->defname, "generated"))
                col->identity = d->arg->integer->ival == 'a' ? 'a' : 'd';
        }
        return rp_seq_options(rp, seq, opts, n, false);
    }
    default: /* DROP IDENTITY */
        if (!col->identity) {
            if (cmd->missing_ok) {
                rp_notice(rp, "column \"%s\" of relation \"%s\" is not an identity column, skipping", col->name, r->name);
                return 0;
            }
            return rp_error(rp, -1, "column \"%s\" of relation \"%s\" is not an identity column", col->name, r->name);
        }
        col->identity = 0;
        return seq ? drop_object(rp, &seq->obj, false) : 0;
    }
}

static int set_triggers(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd, char state, int which)
{
    /* which: 0 the named trigger, 1 all user triggers, 2 all (same here:
     * internal FK triggers are not modelled). */
    if (which == 0) {
        cat_trigger *t = cat_trigger_get(r, cmd->name);
        if (!t)
            return rp_error(rp, -1, "trigger \"%s\" for table \"%s\" does not exist", cmd->name, r->name);
        t->enabled = state;
        return 0;
    }
    for (size_t i = 0; i < r->ntrig; i++)
        r->trig[i]->enabled = state;
    return 0;
}

static int options_cmd(strvec *options, PgQuery__AlterTableCmd *cmd, bool reset)
{
    PgQuery__List *l = cmd->def->list;
    strvec now = STRVEC_INIT;
    rp_reloptions(l->items, l->n_items, &now);
    for (size_t i = 0; i < now.n; i++) {
        size_t klen = strcspn(now.v[i], "=");
        size_t w = 0;
        for (size_t k = 0; k < options->n; k++) {
            if (!strncmp(options->v[k], now.v[i], klen) && options->v[k][klen] == '=')
                free(options->v[k]);
            else
                options->v[w++] = options->v[k];
        }
        options->n = w;
        if (options->v)
            options->v[w] = NULL;
        if (!reset)
            strvec_push(options, now.v[i]);
    }
    strvec_clear(&now);
    return 0;
}

static int inherit_cmd(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd, bool add)
{
    cat_rel *p = rp_rel(rp, cmd->def->range_var, false);
    if (!p)
        return -1;
    if (add) {
        /* The checks of ATExecAddInherit, in its order: no second link, no
         * cycle, then every parent column present with the same type and
         * NOT NULL, and every inheritable CHECK present with the same
         * expression.  Nothing changes until all of them pass. */
        for (size_t i = 0; i < r->ninherits; i++)
            if (r->inherits[i] == p)
                return rp_error(rp, -1, "relation \"%s\" would be inherited from more than once", p->name);
        for (size_t i = 0; i < p->ninherits; i++)
            if (p->inherits[i] == r || p == r)
                return rp_error(rp, -1, "circular inheritance not allowed\nDETAIL: \"%s\" is already a child of \"%s\".",
                                p->name, r->name);
        for (size_t i = 0; i < p->ncols; i++) {
            cat_column *pc = p->cols[i], *c = cat_column_get(r, pc->name);
            if (!c)
                return rp_error(rp, -1, "child table is missing column \"%s\"", pc->name);
            if (strcmp(c->type, pc->type))
                return rp_error(rp, -1, "child table \"%s\" has different type for column \"%s\"", r->name, pc->name);
            if (pc->not_null && !c->not_null)
                return rp_error(rp, -1, "column \"%s\" in child table must be marked NOT NULL", pc->name);
        }
        for (size_t i = 0; i < p->ncons; i++) {
            cat_constraint *pk = p->cons[i];
            if (pk->type != CON_CHECK || pk->no_inherit)
                continue;
            cat_constraint *k = cat_constraint_get(r, pk->name);
            if (!k)
                return rp_error(rp, -1, "child table is missing constraint \"%s\"", pk->name);
            if (k->type != CON_CHECK || !k->expr || !pk->expr || strcmp(k->expr, pk->expr))
                return rp_error(rp, -1, "child table \"%s\" has different definition for check constraint \"%s\"",
                                r->name, pk->name);
        }
        for (size_t i = 0; i < p->ncols; i++)
            cat_column_get(r, p->cols[i]->name)->inh_count++;
        r->inherits = xrealloc(r->inherits, (r->ninherits + 1) * sizeof(cat_rel *));
        r->inherits[r->ninherits++] = p;
        cat_dep_add(&r->obj, &p->obj, DEP_NORMAL);
        return 0;
    }
    size_t w = 0;
    bool found = false;
    for (size_t i = 0; i < r->ninherits; i++) {
        if (r->inherits[i] == p)
            found = true;
        else
            r->inherits[w++] = r->inherits[i];
    }
    if (!found)
        return rp_error(rp, -1, "relation \"%s\" is not a parent of relation \"%s\"", p->name, r->name);
    r->ninherits = w;
    for (size_t i = 0; i < p->ncols; i++) {
        cat_column *c = cat_column_get(r, p->cols[i]->name);
        if (c && c->inh_count > 0 && --c->inh_count == 0)
            c->is_local = true;
    }
    /* Constraints inherited from p become the child's own (RemoveInheritance). */
    for (size_t i = 0; i < p->ncons; i++) {
        cat_constraint *pk = p->cons[i];
        cat_constraint *k = pk->type == CON_CHECK && !pk->no_inherit ? cat_constraint_get(r, pk->name) : NULL;
        if (k && k->type == CON_CHECK)
            k->is_local = true;
    }
    size_t dw = 0;
    for (size_t i = 0; i < r->obj.ndeps; i++)
        if (r->obj.deps[i].target != &p->obj)
            r->obj.deps[dw++] = r->obj.deps[i];
    r->obj.ndeps = dw;
    return 0;
}

static int partition_cmd(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd, bool attach)
{
    PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
    cat_rel *child = rp_rel(rp, pc->name, false);
    if (!child)
        return -1;
    if (attach)
        return rp_attach_partition(rp, r, child, pc->bound, true);
    if (child->partition_of != r)
        return rp_error(rp, -1, "relation \"%s\" is not a partition of relation \"%s\"", child->name, r->name);
    child->partition_of = NULL;
    free(child->partition_bound);
    child->partition_bound = NULL;
    for (size_t i = 0; i < child->ncols; i++) {
        child->cols[i]->is_local = true;
        child->cols[i]->inh_count = 0;
    }
    /* ATExecDetachPartition: the copied constraints become the table's
     * own; the row triggers cloned from the parent are dropped. */
    for (size_t i = 0; i < child->ncons; i++)
        child->cons[i]->is_local = true;
    for (size_t i = 0; i < r->ntrig; i++) {
        cat_trigger *t = r->trig[i]->for_each_row ? cat_trigger_get(child, r->trig[i]->name) : NULL;
        if (t && drop_object(rp, &t->obj, false) < 0)
            return -1;
    }
    return 0;
}

static int validate_or_alter_constraint(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    bool validate = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint;
    const char *name = validate ? cmd->name : cmd->def->constraint->conname;
    cat_constraint *k = cat_constraint_get(r, name);
    if (!k)
        return rp_error(rp, -1, "constraint \"%s\" of relation \"%s\" does not exist", name, r->name);
    if (validate) {
        k->not_valid = false;
    } else {
        if (k->type != CON_FOREIGN)
            return rp_error(rp, -1, "constraint \"%s\" of relation \"%s\" is not a foreign key constraint", name, r->name);
        k->deferrable = cmd->def->constraint->deferrable;
        k->deferred = cmd->def->constraint->initdeferred;
    }
    rp_touch(rp, &k->obj);
    return 0;
}

static int one_cmd(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
        PgQuery__ColumnDef *cd = cmd->def->column_def;
        if (cmd->missing_ok && cat_column_get(r, cd->colname)) {
            rp_notice(rp, "column \"%s\" of relation \"%s\" already exists, skipping", cd->colname, r->name);
            return 0;
        }
        if (rp_add_column(rp, r, cd, NULL) < 0)
            return -1;
        for (int phase = 0; phase < 2; phase++) {
            for (size_t i = 0; i < cd->n_constraints; i++) {
                PgQuery__Constraint *c = cd->constraints[i]->constraint;
                bool fk = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN;
                if ((phase == 1) == fk && rp_add_constraint(rp, r, c, cd->colname) < 0)
                    return -1;
            }
        }
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: return set_default(rp, r, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: return drop_not_null(rp, r, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: {
        cat_column *col = need_column(rp, r, cmd->name);
        if (!col)
            return -1;
        col->not_null = true;
        rp_touch(rp, &col->obj);
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression: {
        cat_column *col = need_column(rp, r, cmd->name);
        if (!col)
            return -1;
        if (!col->generated) {
            if (cmd->missing_ok)
                return 0;
            return rp_error(rp, -1, "column \"%s\" of relation \"%s\" is not a stored generated column", col->name, r->name);
        }
        free(col->generated);
        col->generated = NULL;
        cat_deps_clear(&col->obj, DEP_NORMAL);
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: return drop_column(rp, r, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: return rp_add_constraint(rp, r, cmd->def->constraint, NULL);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint: return validate_or_alter_constraint(rp, r, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint: return drop_constraint(rp, r, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: return alter_type(rp, r, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity: return identity_cmd(rp, r, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity: r->rls_enabled = true; return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity: r->rls_enabled = false; return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity: r->rls_forced = true; return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity: r->rls_forced = false; return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions: return options_cmd(&r->options, cmd, false);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions: return options_cmd(&r->options, cmd, true);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged: r->unlogged = false; return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged: r->unlogged = true; return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
        free(r->tablespace);
        r->tablespace = xstrdup(cmd->name);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig: return set_triggers(rp, r, cmd, 'O', 0);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig: return set_triggers(rp, r, cmd, 'A', 0);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig: return set_triggers(rp, r, cmd, 'R', 0);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig: return set_triggers(rp, r, cmd, 'D', 0);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser: return set_triggers(rp, r, cmd, 'O', 1);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser: return set_triggers(rp, r, cmd, 'D', 1);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit: return inherit_cmd(rp, r, cmd, true);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit: return inherit_cmd(rp, r, cmd, false);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: return partition_cmd(rp, r, cmd, true);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition: return partition_cmd(rp, r, cmd, false);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        free(r->obj.owner);
        r->obj.owner = xstrdup(cmd->newowner && cmd->newowner->rolename ? cmd->newowner->rolename : "");
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
        /* Physical properties outside the model; listed in the README. */
        return 0;
    default: {
        const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(&pg_query__alter_table_type__descriptor, cmd->subtype);
        return rp_unsupported(rp, -1, "ALTER TABLE subcommand %s", v ? v->name : "?");
    }
    }
}

/* ---- recursion to inheritance children and partitions ----------------------- */

/* The direct children of r: partitions and tables that inherit from it. */
static size_t children_of(catalog *c, const cat_rel *r, cat_rel ***out)
{
    size_t n = 0;
    *out = NULL;
    for (size_t i = 0; i < c->nrels; i++) {
        cat_rel *ch = c->rels[i];
        bool child = ch->partition_of == r;
        for (size_t k = 0; k < ch->ninherits && !child; k++)
            child = ch->inherits[k] == r;
        if (child) {
            *out = xrealloc(*out, (n + 1) * sizeof(**out));
            (*out)[n++] = ch;
        }
    }
    return n;
}

/* A column added to a parent is added to (or merged into) each child, as
 * ATExecAddColumn does; 1 when added (the recursion goes on), 0 when
 * merged (it stops there). */
static int add_inherited_column(replayer *rp, cat_rel *child, const cat_column *pc)
{
    cat_column *c = cat_column_get(child, pc->name);
    if (c) {
        if (strcmp(c->type, pc->type))
            return rp_error(rp, -1, "child table \"%s\" has different type for column \"%s\"", child->name, pc->name);
        rp_notice(rp, "merging definition of column \"%s\" for child \"%s\"", pc->name, child->name);
        c->inh_count++;
        return 0;
    }
    c = cat_column_add(child, pc->name, pc->type);
    rp_touch(rp, &c->obj);
    c->is_local = false;
    c->inh_count = 1;
    c->not_null = pc->not_null;
    if (pc->collation)
        c->collation = xstrdup(pc->collation);
    if (pc->default_expr) {
        c->default_expr = xstrdup(pc->default_expr);
        for (size_t i = 0; i < pc->obj.ndeps; i++)
            if (pc->obj.deps[i].how == DEP_DEFAULT)
                cat_dep_add(&c->obj, pc->obj.deps[i].target, DEP_DEFAULT);
    }
    if (pc->generated)
        c->generated = xstrdup(pc->generated);
    return 1;
}

/* A CHECK added to a parent is added to (or merged into) each child. */
static int add_inherited_check(replayer *rp, cat_rel *child, const cat_constraint *pk)
{
    cat_constraint *k = cat_constraint_get(child, pk->name);
    if (k) {
        if (k->type != CON_CHECK || !k->expr || strcmp(k->expr, pk->expr))
            return rp_error(rp, -1, "constraint \"%s\" for relation \"%s\" already exists", pk->name, child->name);
        rp_notice(rp, "merging constraint \"%s\" with inherited definition", pk->name);
        return 0;
    }
    strbuf err = STRBUF_INIT;
    PgQuery__ParseResult *pr;
    PgQuery__Node *e = parse_expr(pk->expr, &pr, &err);
    if (!e) {
        int rc = rp_error(rp, -1, "internal: cannot re-read stored text %s: %s", pk->expr, err.buf);
        sb_release(&err);
        return rc;
    }
    sb_release(&err);
    k = cat_constraint_add(child, pk->name, CON_CHECK);
    rp_touch(rp, &k->obj);
    k->is_local = false;
    k->not_valid = pk->not_valid;
    k->expr = rp_expr(rp, e, child, &k->obj, DEP_AUTO);
    pg_query__parse_result__free_unpacked(pr, NULL);
    return k->expr ? 0 : -1;
}

/* What ADD COLUMN / ADD CONSTRAINT gave r (the column named colname, or
 * NULL, and the constraints r->cons[from..]) reaches r's children: the
 * column and the inheritable CHECKs, down the tree. */
static int propagate_add(replayer *rp, cat_rel *r, const char *colname, size_t from)
{
    cat_rel **kids;
    size_t nk = children_of(rp->cat, r, &kids);
    int rc = 0;
    for (size_t i = 0; i < nk && rc == 0; i++) {
        cat_rel *ch = kids[i];
        size_t chfrom = ch->ncons;
        const char *added = NULL;
        if (colname) {
            rc = add_inherited_column(rp, ch, cat_column_get(r, colname));
            added = rc > 0 ? colname : NULL;
            rc = rc < 0 ? -1 : 0;
        }
        for (size_t k = from; k < r->ncons && rc == 0; k++)
            if (r->cons[k]->type == CON_CHECK && !r->cons[k]->no_inherit)
                rc = add_inherited_check(rp, ch, r->cons[k]);
        if (rc == 0 && (added || ch->ncons > chfrom))
            rc = propagate_add(rp, ch, added, chfrom);
    }
    free(kids);
    return rc;
}

/* After cmd was applied to r (which then had from constraints): apply it
 * to r's children as the server's ALTER TABLE recursion does; under ONLY,
 * adding a column or an inheritable CHECK to a table with children is an
 * error instead. */
static int recurse_cmd(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd, bool inh, size_t from)
{
    /* Most commands never reach children; finding them is a scan of every
     * relation, too slow to do for each of a large dump's ALTER TABLEs. */
    PgQuery__AlterTableType t = cmd->subtype;
    bool check = t == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint &&
                 cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK &&
                 !cmd->def->constraint->is_no_inherit;
    bool column = t == PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault || t == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull ||
                  t == PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull || t == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType;
    if (!(inh && r->relkind == 'p' && from < r->ncons) && t != PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn && !check &&
        !(inh && column))
        return 0;
    cat_rel **kids;
    size_t nk = children_of(rp->cat, r, &kids);
    int rc = 0;
    /* Keys and foreign keys added to a partitioned table reach its
     * partitions (indexes are cloned or matched, as by DefineIndex). */
    if (inh && r->relkind == 'p')
        for (size_t k = from; k < r->ncons && rc == 0; k++) {
            cat_constraint *con = r->cons[k];
            for (size_t i = 0; i < nk && rc == 0; i++) {
                if (kids[i]->partition_of != r)
                    continue;
                if ((con->type == CON_PRIMARY || con->type == CON_UNIQUE) && con->index)
                    rc = rp_clone_index(rp, kids[i], con->index, true);
                else if (con->type == CON_FOREIGN)
                    rc = rp_clone_fk(rp, kids[i], con);
            }
        }
    if (rc < 0) {
        free(kids);
        return -1;
    }
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        if (nk && !inh)
            rc = rp_error(rp, -1, "column must be added to child tables too");
        else if (nk)
            rc = propagate_add(rp, r, cmd->def->column_def->colname, from);
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: {
        PgQuery__Constraint *c = cmd->def->constraint;
        if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK || c->is_no_inherit || !nk)
            break;
        if (!inh)
            rc = rp_error(rp, -1, "constraint must be added to child tables too");
        else
            rc = propagate_add(rp, r, NULL, from);
        break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        for (size_t i = 0; i < nk && rc == 0 && inh; i++) {
            rc = one_cmd(rp, kids[i], cmd);
            if (rc == 0)
                rc = recurse_cmd(rp, kids[i], cmd, true, kids[i]->ncons);
        }
        break;
    default:
        break;
    }
    free(kids);
    return rc;
}

/* ALTER INDEX: the name is an index, not a relation of the catalog's
 * rel map.  Its reloptions and tablespace are kept; ATTACH PARTITION links
 * a partition's index to its parent's, which the catalog does not record
 * (both must exist); the rest (statistics targets) is physical. */
static int alter_index(replayer *rp, PgQuery__AlterTableStmt *at)
{
    PgQuery__RangeVar *rv = at->relation;
    const char *s = rv->schemaname && *rv->schemaname ? rv->schemaname : NULL;
    cat_index *ix = cat_index_lookup(rp->cat, s, rv->relname);
    if (!ix) {
        cat_rel *r = rp_rel(rp, rv, at->missing_ok);
        if (r)
            return rp_error(rp, rv->location, "\"%s\" is not an index", r->name);
        if (!at->missing_ok)
            return -1;
        rp_notice(rp, "relation \"%s\" does not exist, skipping", rv->relname);
        return 0;
    }
    for (size_t i = 0; i < at->n_cmds; i++) {
        PgQuery__AlterTableCmd *cmd = at->cmds[i]->alter_table_cmd;
        switch (cmd->subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions: options_cmd(&ix->options, cmd, false); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions: options_cmd(&ix->options, cmd, true); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
            free(ix->tablespace);
            ix->tablespace = xstrdup(cmd->name);
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: {
            PgQuery__RangeVar *crv = cmd->def->partition_cmd->name;
            const char *cs = crv->schemaname && *crv->schemaname ? crv->schemaname : NULL;
            cat_index *child = cat_index_lookup(rp->cat, cs, crv->relname);
            if (!child)
                return cs ? rp_error(rp, crv->location, "relation \"%s.%s\" does not exist", cs, crv->relname)
                          : rp_error(rp, crv->location, "relation \"%s\" does not exist", crv->relname);
            break;
        }
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
            break;
        default: {
            const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(&pg_query__alter_table_type__descriptor, cmd->subtype);
            return rp_unsupported(rp, -1, "ALTER INDEX subcommand %s", v ? v->name : "?");
        }
        }
    }
    rp_touch(rp, &ix->obj);
    return 0;
}

int rp_alter_table(replayer *rp, PgQuery__AlterTableStmt *at)
{
    if (at->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
        return alter_index(rp, at);
    cat_rel *r = rp_rel(rp, at->relation, at->missing_ok);
    if (!r) {
        if (!at->missing_ok)
            return -1;
        rp_notice(rp, "relation \"%s\" does not exist, skipping", at->relation->relname);
        return 0;
    }
    for (size_t i = 0; i < at->n_cmds; i++) {
        PgQuery__AlterTableCmd *cmd = at->cmds[i]->alter_table_cmd;
        /* ADD COLUMN IF NOT EXISTS that found the column does nothing */
        bool had = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn &&
                   cat_column_get(r, cmd->def->column_def->colname);
        size_t from = r->ncons;
        if (one_cmd(rp, r, cmd) < 0)
            return -1;
        if (!had && recurse_cmd(rp, r, cmd, at->relation->inh, from) < 0)
            return -1;
    }
    rp_touch(rp, &r->obj);
    return 0;
}
