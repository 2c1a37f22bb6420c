/* replay_alter: ALTER TABLE (and ALTER INDEX / VIEW / MATERIALIZED VIEW /
 * SEQUENCE forms that share its grammar), one subcommand at a time.
 *
 * Each subcommand checks what the server checks before changing anything,
 * so a failing subcommand leaves the catalog as the server would: the
 * whole statement is one transaction there, and replay stops at the error. */
#include "replay_int.h"

int rp_attach_partition(replayer *rp, cat_rel *parent, cat_rel *child, PgQuery__PartitionBoundSpec *b);

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

static int alter_type(replayer *rp, cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    cat_column *col = need_column(rp, r, cmd->name);
    if (!col)
        return -1;
    PgQuery__ColumnDef *cd = cmd->def->column_def;
    pin_ctx pin = {col, NULL};
    cat_foreach(rp->cat, find_pin, &pin);
    if (pin.by) {
        strbuf d = STRBUF_INIT;
        cat_describe(pin.by, &d);
        int rc = rp_error(rp, -1, "cannot alter type of a column used by a view or rule\nDETAIL: %s depends on column \"%s\"",
                          d.buf, col->name);
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
    if (cmd->def) {
        col->default_expr = rp_expr_typed(rp, cmd->def, r, &col->obj, DEP_DEFAULT, col->type);
        if (!col->default_expr)
            return -1;
    }
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
    if (!col->is_local && col->inh_count > 0)
        return rp_error(rp, -1, "cannot drop inherited column \"%s\"", col->name);
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
            if (cmd->missing_ok)
                return 0;
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

static int options_cmd(cat_rel *r, PgQuery__AlterTableCmd *cmd, bool reset)
{
    PgQuery__List *l = cmd->def->list;
    strvec now = STRVEC_INIT;
    rp_reloptions(l->items, l->n_items, &now);
    for (size_t i = 0; i < now.n; i++) {
        size_t klen = strcspn(now.v[i], "=");
        size_t w = 0;
        for (size_t k = 0; k < r->options.n; k++) {
            if (!strncmp(r->options.v[k], now.v[i], klen) && r->options.v[k][klen] == '=')
                free(r->options.v[k]);
            else
                r->options.v[w++] = r->options.v[k];
        }
        r->options.n = w;
        if (r->options.v)
            r->options.v[w] = NULL;
        if (!reset)
            strvec_push(&r->options, now.v[i]);
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
        for (size_t i = 0; i < p->ncols; i++) {
            cat_column *c = cat_column_get(r, p->cols[i]->name);
            if (!c)
                return rp_error(rp, -1, "child table is missing column \"%s\"", p->cols[i]->name);
            c->inh_count++;
        }
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
        return rp_attach_partition(rp, r, child, pc->bound);
    if (child->partition_of != r)
        return rp_error(rp, -1, "relation \"%s\" is not a partition of relation \"%s\"", child->name, r->name);
    child->partition_of = NULL;
    free(child->partition_bound);
    child->partition_bound = NULL;
    for (size_t i = 0; i < child->ncols; i++) {
        child->cols[i]->is_local = true;
        child->cols[i]->inh_count = 0;
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
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions: return options_cmd(r, cmd, false);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions: return options_cmd(r, cmd, true);
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

int rp_alter_table(replayer *rp, PgQuery__AlterTableStmt *at)
{
    cat_rel *r = rp_rel(rp, at->relation, at->missing_ok);
    if (!r) {
        if (!at->missing_ok)
            return -1;
        if (at->relation->relname && cat_index_get(rp->cat, at->relation->schemaname && *at->relation->schemaname ? at->relation->schemaname : "public", at->relation->relname))
            goto index;
        rp_notice(rp, "relation \"%s\" does not exist, skipping", at->relation->relname);
        return 0;
    }
    if (at->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
        goto index;
    for (size_t i = 0; i < at->n_cmds; i++)
        if (one_cmd(rp, r, at->cmds[i]->alter_table_cmd) < 0)
            return -1;
    rp_touch(rp, &r->obj);
    return 0;
index:
    /* ALTER INDEX ... SET (...) / SET TABLESPACE: physical only. */
    return 0;
}
