/* lint_rules: one statement, judged against the catalog just before it.
 *
 * Each rule reads the statement's parse tree and the catalog as it stands
 * before the statement runs (lint.c replays it afterwards).  What a rule
 * can only know once the statement has run (the column an ADD COLUMN made,
 * the name the server gives an unnamed constraint, what DROP ... CASCADE
 * took with it) it notes in a lint_pending and judges in
 * lint_rules_after().  The verdicts themselves come from hazard.c, which
 * the diff asks too: whether a type change rewrites, what adding a column
 * costs, whether a CHECK proves NOT NULL, which function bodies use a
 * name, and the safe SET NOT NULL sequence.
 *
 * The rules and their PostgreSQL 15 reasons are documented in the README
 * ("sqlc lint"); each has a test that triggers it and a look-alike that
 * must not (tests/unit/test_lint.c).  Safe rewrites are printed through
 * libpg_query's deparser from a copy of the statement's own tree, so they
 * keep the user's names and options. */
#include "lint_int.h"

#include <string.h>

#include "astwalk.h"
#include "catalog_sql_int.h"
#include "deparse.h"
#include "notx.h"
#include "pgident.h"

/* A constraint an ALTER TABLE adds, judged once the server named it. */
typedef struct held_con {
    const PgQuery__AlterTableCmd *cmd;
    const PgQuery__Constraint *con;
} held_con;

/* A table, column or type that existed before the revision, and which a
 * drop may take. */
typedef struct held_obj {
    const cat_obj *o;
    uint64_t serial;
    char *desc;
    const cat_obj *table;  /* a column's table */
    bool data;             /* a table or a column (a type holds none itself) */
} held_obj;

struct lint_pending {
    cat_rel *rel;          /* ALTER TABLE: its table */
    uint64_t stmt_mark;    /* the serial before the statement */
    strvec old_types;      /* ALTER TABLE: per command, the column's type before, or "" */
    held_con *cons;
    size_t ncons, cons_alloc;
    held_obj *held;        /* drops: what might go */
    size_t nheld, held_alloc;
    const char *label;     /* ALTER TYPE ... ADD VALUE: the label */
};

static char *rel_qname(const cat_rel *r)
{
    strbuf sb = STRBUF_INIT;
    sqlr_rel_qname(&sb, r);
    return sb_detach(&sb);
}

static cat_rel *rel_of(const lint_ctx *x, const PgQuery__RangeVar *rv)
{
    if (!rv || !rv->relname)
        return NULL;
    const char *schema = rv->schemaname && *rv->schemaname ? rv->schemaname : NULL;
    if (schema && !cat_schema_get(x->cat, schema))
        return NULL;
    return cat_rel_lookup(x->cat, schema, rv->relname);
}

/* A table (or materialized view) that existed before this revision, so
 * it may hold rows that a lock or a rewrite would make wait. */
static bool has_rows(const lint_ctx *x, const cat_rel *r)
{
    return r && (r->relkind == 'r' || r->relkind == 'p' || r->relkind == 'm') && !lint_is_new(x, &r->obj);
}

/* The statement text of a deparsed tree, with ";\n", or NULL. */
static char *deparse_sql(const PgQuery__Node *n)
{
    strbuf err = STRBUF_INIT;
    char *s = deparse_stmt(n, &err);
    sb_release(&err);
    if (!s)
        return NULL;
    char *t = xasprintf("%s;\n", s);
    free(s);
    return t;
}

/* ---- CREATE INDEX ----------------------------------------------------------------- */

static void index_rule(lint_ctx *x, const PgQuery__IndexStmt *is)
{
    cat_rel *r = rel_of(x, is->relation);
    if (is->concurrent || !has_rows(x, r))
        return;
    if (is->if_not_exists && is->idxname && *is->idxname && cat_index_get(x->cat, r->schema->name, is->idxname))
        return; /* there already: nothing is built */
    char *q = rel_qname(r);
    char *rewrite = NULL;
    const char *fix = NULL;
    if (r->relkind == 'p') {
        fix = "PostgreSQL 15 cannot build an index on a partitioned table CONCURRENTLY: create it ON ONLY the parent, build each partition's index CONCURRENTLY, then ALTER INDEX ... ATTACH PARTITION each one";
    } else {
        PgQuery__IndexStmt copy = *is;
        copy.concurrent = 1;
        PgQuery__Node n = *x->st->node;
        n.index_stmt = &copy;
        rewrite = deparse_sql(&n);
    }
    lint_add(x, HZ_INDEX_BUILD, -1, fix, rewrite,
             "CREATE %sINDEX without CONCURRENTLY on table %s, which existed before this revision",
             is->unique ? "UNIQUE " : "", q);
    free(q);
}

/* ---- ALTER TABLE ------------------------------------------------------------------------- */

static const PgQuery__Constraint *cmd_constraint(const PgQuery__AlterTableCmd *cmd)
{
    return cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT ? cmd->def->constraint : NULL;
}

static int cmd_location(const PgQuery__AlterTableCmd *cmd)
{
    if (!cmd->def)
        return -1;
    if (cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
        return cmd->def->constraint->location;
    if (cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
        return cmd->def->column_def->location;
    return -1;
}

/* Is a USING expression just the column, perhaps cast?  Then the types
 * alone decide whether the table is rewritten. */
static bool using_is_column(const PgQuery__Node *e, const char *col)
{
    if (e && e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        e = e->type_cast->arg;
    if (!e || e->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || e->column_ref->n_fields != 1)
        return false;
    const char *name = ast_str(e->column_ref->fields[0]);
    return name && !strcmp(name, col);
}

static void set_not_null_rule(lint_ctx *x, cat_rel *r, const PgQuery__AlterTableCmd *cmd)
{
    cat_column *col = cat_column_get(r, cmd->name);
    if (!col || col->not_null || col->identity || check_proves_not_null(r, col->name))
        return;
    char *q = rel_qname(r);
    strvec steps = STRVEC_INIT;
    safe_set_not_null(q, col->name, &steps);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < steps.n; i++)
        sb_adds(&sb, steps.v[i]);
    strvec_clear(&steps);
    lint_add(x, HZ_TABLE_SCAN, -1, NULL, sb_detach(&sb),
             "SET NOT NULL on column %s of table %s, which existed before this revision, with no valid CHECK (%s IS NOT NULL) to prove it",
             col->name, q, col->name);
    free(q);
}

static lint_pending *pending_new(void)
{
    lint_pending *p = xcalloc(1, sizeof(*p));
    p->stmt_mark = cat_serial_now();
    return p;
}

static void alter_table_rule(lint_ctx *x, const PgQuery__AlterTableStmt *at, lint_pending **pp)
{
    cat_rel *r = rel_of(x, at->relation);
    if (!has_rows(x, r))
        return;
    lint_pending *p = *pp ? *pp : (*pp = pending_new());
    p->rel = r;
    for (size_t i = 0; i < at->n_cmds; i++) {
        const PgQuery__AlterTableCmd *cmd =
            at->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ? at->cmds[i]->alter_table_cmd : NULL;
        const char *old_type = "";
        if (cmd && cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType && cmd->name) {
            const cat_column *col = cat_column_get(r, cmd->name);
            if (col && col->type)
                old_type = col->type;
        }
        strvec_push(&p->old_types, old_type);
        if (!cmd)
            continue;
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull && cmd->name) {
            set_not_null_rule(x, r, cmd);
        } else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint) {
            const PgQuery__Constraint *k = cmd_constraint(cmd);
            if (!k)
                continue;
            bool validates = (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ||
                              k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) && !k->skip_validation;
            bool builds = (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
                           k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) && !(k->indexname && *k->indexname);
            if (validates || builds) {
                ALLOC_GROW(p->cons, p->ncons + 1, p->cons_alloc);
                p->cons[p->ncons++] = (held_con){cmd, k};
            }
        }
    }
}

/* ADD COLUMN, judged on the column the catalog holds afterwards. */
static void add_column_after(lint_ctx *x, const lint_pending *p, const PgQuery__AlterTableCmd *cmd)
{
    const PgQuery__ColumnDef *def = cmd->def->column_def;
    cat_column *col = def->colname ? cat_column_get(p->rel, def->colname) : NULL;
    if (!col || col->obj.serial <= p->stmt_mark)
        return; /* ADD COLUMN IF NOT EXISTS of a column that was there */
    char *q = rel_qname(p->rel);
    unsigned h = hazards_add_column(col, x->cat);
    int loc = def->location;
    if (h & (1u << HZ_TABLE_REWRITE)) {
        char *what = col->identity ? xstrdup("GENERATED AS IDENTITY")
                     : col->generated ? xstrdup("a stored generated expression")
                     : xasprintf("the volatile default %s", col->default_expr);
        lint_add(x, HZ_TABLE_REWRITE, loc,
                 "add the column without a default (or with a constant one), set the default afterwards, and fill the existing rows in batches",
                 NULL, "ADD COLUMN %s with %s rewrites table %s, which existed before this revision",
                 col->name, what, q);
        free(what);
    }
    if (h & (1u << HZ_NOT_NULL_NO_DEFAULT))
        lint_add(x, HZ_NOT_NULL_NO_DEFAULT, loc, NULL, NULL,
                 "ADD COLUMN %s NOT NULL without a default on table %s, which existed before this revision",
                 col->name, q);
    for (size_t i = 0; i < def->n_constraints; i++) {
        const PgQuery__Node *c = def->constraints[i];
        if (c->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            continue;
        PgQuery__ConstrType t = c->constraint->contype;
        if (t == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE || t == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
            lint_add(x, HZ_INDEX_BUILD, c->constraint->location,
                     "add the column alone, build the index with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX",
                     NULL, "ADD COLUMN %s %s builds an index on table %s, which existed before this revision, while writes wait",
                     col->name, t == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? "UNIQUE" : "PRIMARY KEY", q);
    }
    free(q);
}

static void alter_type_after(lint_ctx *x, const lint_pending *p, const PgQuery__AlterTableCmd *cmd,
                             const char *old_type)
{
    const cat_column *col = cat_column_get(p->rel, cmd->name);
    if (!col || !*old_type)
        return;
    const PgQuery__Node *using = cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF
                                 ? cmd->def->column_def->raw_default : NULL;
    bool computed = using && !using_is_column(using, cmd->name);
    if (!computed && !type_change_rewrites(old_type, col->type))
        return;
    char *q = rel_qname(p->rel);
    if (computed)
        lint_add(x, HZ_TABLE_REWRITE, cmd_location(cmd), NULL, NULL,
                 "ALTER COLUMN %s TYPE %s USING an expression rewrites table %s, which existed before this revision",
                 col->name, col->type, q);
    else if (!strcmp(old_type, "timestamp without time zone") && !strcmp(col->type, "timestamp with time zone"))
        lint_add(x, HZ_TABLE_REWRITE, cmd_location(cmd), NULL, NULL,
                 "ALTER COLUMN %s TYPE %s rewrites table %s, which existed before this revision (unless the session's TimeZone is UTC)",
                 col->name, col->type, q);
    else
        lint_add(x, HZ_TABLE_REWRITE, cmd_location(cmd), NULL, NULL,
                 "ALTER COLUMN %s TYPE %s rewrites table %s, which existed before this revision (%s to %s is not a change PostgreSQL makes in place)",
                 col->name, col->type, q, old_type, col->type);
    free(q);
}

/* The constraint an ADD CONSTRAINT made: by its name, or the k-th new
 * one of its type. */
static const cat_constraint *added_constraint(const lint_pending *p, const PgQuery__Constraint *k, size_t nth)
{
    if (k->conname && *k->conname)
        return cat_constraint_get(p->rel, k->conname);
    char type = k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? CON_FOREIGN
                : k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? CON_CHECK
                : k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? CON_UNIQUE : CON_PRIMARY;
    for (size_t i = 0; i < p->rel->ncons; i++) {
        const cat_constraint *c = p->rel->cons[i];
        if (c->type == type && c->obj.serial > p->stmt_mark && nth-- == 0)
            return c;
    }
    return NULL;
}

/* ALTER TABLE t ADD CONSTRAINT name ... NOT VALID; then its VALIDATE. */
static char *not_valid_rewrite(const lint_ctx *x, const held_con *h, const char *name, const char *q)
{
    PgQuery__Constraint kc = *h->con;
    kc.skip_validation = 1;
    kc.initially_valid = 0;
    kc.conname = (char *)name;
    PgQuery__Node kn = *h->cmd->def;
    kn.constraint = &kc;
    PgQuery__AlterTableCmd cc = *h->cmd;
    cc.def = &kn;
    PgQuery__Node cn = PG_QUERY__NODE__INIT;
    cn.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_CMD;
    cn.alter_table_cmd = &cc;
    PgQuery__Node *cmds[1] = {&cn};
    PgQuery__AlterTableStmt as = *x->st->node->alter_table_stmt;
    as.cmds = cmds;
    as.n_cmds = 1;
    PgQuery__Node sn = *x->st->node;
    sn.alter_table_stmt = &as;
    char *add = deparse_sql(&sn);
    if (!add)
        return NULL;
    char *qn = pgident_quote(name);
    char *s = xasprintf("%sALTER TABLE %s VALIDATE CONSTRAINT %s;\n", add, q, qn);
    free(qn);
    free(add);
    return s;
}

/* CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX. */
static char *using_index_rewrite(const cat_constraint *c, const char *q)
{
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "CREATE UNIQUE INDEX CONCURRENTLY ");
    pgident_quote_sb(&sb, c->name);
    sb_addf(&sb, " ON %s (", q);
    sqlr_ident_list(&sb, &c->columns);
    sb_adds(&sb, ")");
    if (c->include.n) {
        sb_adds(&sb, " INCLUDE (");
        sqlr_ident_list(&sb, &c->include);
        sb_adds(&sb, ")");
    }
    if (c->nulls_not_distinct)
        sb_adds(&sb, " NULLS NOT DISTINCT");
    sb_addf(&sb, ";\nALTER TABLE %s ADD CONSTRAINT ", q);
    pgident_quote_sb(&sb, c->name);
    sb_addf(&sb, " %s USING INDEX ", c->type == CON_PRIMARY ? "PRIMARY KEY" : "UNIQUE");
    pgident_quote_sb(&sb, c->name);
    if (c->deferrable)
        sb_adds(&sb, c->deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
    sb_adds(&sb, ";\n");
    return sb_detach(&sb);
}

static void constraint_after(lint_ctx *x, const lint_pending *p, const held_con *h, size_t nth)
{
    const cat_constraint *c = added_constraint(p, h->con, nth);
    if (!c)
        return;
    char *q = rel_qname(p->rel);
    char *qn = pgident_quote(c->name);
    if (c->type == CON_FOREIGN || c->type == CON_CHECK) {
        bool fk = c->type == CON_FOREIGN;
        char *ref = fk && c->ref ? rel_qname(c->ref) : NULL;
        const char *fix = NULL;
        char *rewrite = NULL;
        if (fk && p->rel->relkind == 'p')
            fix = "PostgreSQL 15 cannot add a foreign key NOT VALID to a partitioned table: add it to each partition NOT VALID and VALIDATE it there first, so the parent's check finds them valid";
        else
            rewrite = not_valid_rewrite(x, h, c->name, q);
        if (fk)
            lint_add(x, HZ_CONSTRAINT_VALIDATION, h->con->location, fix, rewrite,
                     "ADD CONSTRAINT %s FOREIGN KEY without NOT VALID on table %s, which existed before this revision: every row is checked against %s while writes to both wait",
                     qn, q, ref ? ref : "the referenced table");
        else
            lint_add(x, HZ_CONSTRAINT_VALIDATION, h->con->location, fix, rewrite,
                     "ADD CONSTRAINT %s CHECK without NOT VALID on table %s, which existed before this revision: every row is checked while writes wait",
                     qn, q);
        free(ref);
    } else {
        bool pk = c->type == CON_PRIMARY;
        lint_add(x, HZ_INDEX_BUILD, h->con->location,
                 pk ? "build the index with CREATE UNIQUE INDEX CONCURRENTLY in a revision marked '-- sqlc:transaction off', make its columns NOT NULL the safe way, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX"
                    : "build the index with CREATE UNIQUE INDEX CONCURRENTLY in a revision marked '-- sqlc:transaction off', then ADD CONSTRAINT ... UNIQUE USING INDEX",
                 using_index_rewrite(c, q),
                 "ADD CONSTRAINT %s %s without USING INDEX on table %s, which existed before this revision, builds its index while writes wait",
                 qn, pk ? "PRIMARY KEY" : "UNIQUE", q);
    }
    free(qn);
    free(q);
}

/* ---- renames ------------------------------------------------------------------------------- */

/* "the body of function public.f() still uses ..." for a rename. */
static char *stale_message(const char *what, const strvec *funcs, const char *old)
{
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "%s, but the body of %s", what, funcs->n == 1 ? "function" : "functions");
    for (size_t i = 0; i < funcs->n; i++)
        sb_addf(&sb, "%s %s", i ? "," : "", funcs->v[i]);
    sb_addf(&sb, " still use%s the old name \"%s\"", funcs->n == 1 ? "s" : "", old);
    return sb_detach(&sb);
}

static void rename_rule(lint_ctx *x, const PgQuery__RenameStmt *rs)
{
    bool table = rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
    bool column = rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
                  rs->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
    if (!table && !column)
        return;
    cat_rel *r = rel_of(x, rs->relation);
    if (!r || (r->relkind != 'r' && r->relkind != 'p') || !rs->newname)
        return;
    cat_column *col = column && rs->subname ? cat_column_get(r, rs->subname) : NULL;
    if (column && !col)
        return;
    const char *old = table ? r->name : col->name;
    char *q = rel_qname(r);
    char *what = table ? xasprintf("renames table %s to %s", q, rs->newname)
                       : xasprintf("renames column %s of table %s to %s", col->name, q, rs->newname);
    size_t clients = (size_t)-1, functions = (size_t)-1;
    if (!lint_is_new(x, &r->obj) && (!col || !lint_is_new(x, &col->obj))) {
        char *rewrite = NULL;
        if (table) {
            /* A simple view is updatable: the old name keeps working. */
            strbuf sb = STRBUF_INIT;
            char *nq = pgident_quote(rs->newname);
            sb_addf(&sb, "ALTER TABLE %s RENAME TO %s;\nCREATE VIEW %s AS SELECT * FROM ", q, nq, q);
            sqlr_qname(&sb, r->schema->name, rs->newname);
            sb_adds(&sb, ";\n");
            free(nq);
            rewrite = sb_detach(&sb);
        }
        clients = lint_add(x, HZ_RENAME_CLIENTS, -1, NULL, rewrite,
                           "%s: a running application that still uses \"%s\" fails until it is deployed with the new name",
                           what, old);
    }
    strvec funcs = STRVEC_INIT;
    if (stale_function_bodies(x->cat, r, table ? old : NULL, column ? old : NULL, &funcs)) {
        char *msg = stale_message(what, &funcs, old);
        functions = lint_add(x, HZ_RENAME_FUNCTIONS, -1, NULL, NULL, "%s", msg);
        free(msg);
    }
    if (clients != (size_t)-1 || functions != (size_t)-1) {
        ALLOC_GROW(x->renames, x->nrenames + 1, x->renames_alloc);
        lint_rename *rn = &x->renames[x->nrenames++];
        rn->clients = clients;
        rn->functions = functions;
        rn->nfuncs = funcs.n;
        rn->what = xstrdup(what);
        rn->schema = xstrdup(r->schema->name);
        rn->table = xstrdup(table ? rs->newname : r->name);
        rn->old_table = table ? xstrdup(old) : NULL;
        rn->old_column = column ? xstrdup(old) : NULL;
    }
    strvec_clear(&funcs);
    free(what);
    free(q);
}

/* ---- drops ---------------------------------------------------------------------------------- */

/* Statements that may drop a table, a column or a type. */
static bool may_drop(const PgQuery__Node *n)
{
    if (n->node_case == PG_QUERY__NODE__NODE_DROP_STMT || n->node_case == PG_QUERY__NODE__NODE_DROP_OWNED_STMT)
        return true;
    if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
        return false;
    const PgQuery__AlterTableStmt *at = n->alter_table_stmt;
    for (size_t i = 0; i < at->n_cmds; i++)
        if (at->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
            at->cmds[i]->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn)
            return true;
    return false;
}

static void hold(lint_pending *p, const cat_obj *o, char *desc, const cat_obj *table)
{
    ALLOC_GROW(p->held, p->nheld + 1, p->held_alloc);
    p->held[p->nheld++] = (held_obj){o, o->serial, desc, table, o->kind != OBJ_TYPE};
}

static void hold_data(lint_ctx *x, lint_pending *p)
{
    for (size_t i = 0; i < x->cat->nrels; i++) {
        const cat_rel *r = x->cat->rels[i];
        if ((r->relkind != 'r' && r->relkind != 'p') || lint_is_new(x, &r->obj))
            continue;
        char *q = rel_qname(r);
        hold(p, &r->obj, xasprintf("table %s", q), NULL);
        for (size_t k = 0; k < r->ncols; k++)
            if (!lint_is_new(x, &r->cols[k]->obj) && r->cols[k]->is_local)
                hold(p, &r->cols[k]->obj, xasprintf("column %s of %s", r->cols[k]->name, q), &r->obj);
        free(q);
    }
    for (size_t i = 0; i < x->cat->ntypes; i++) {
        const cat_type *t = x->cat->types[i];
        if (lint_is_new(x, &t->obj))
            continue;
        strbuf sb = STRBUF_INIT;
        sb_adds(&sb, t->typkind == 'd' ? "domain " : "type ");
        sqlr_qname(&sb, t->schema->name, t->name);
        hold(p, &t->obj, sb_detach(&sb), NULL);
    }
}

static char *live_key(const cat_obj *o, uint64_t serial)
{
    return xasprintf("%p:%llu", (const void *)o, (unsigned long long)serial);
}

static void drop_after(lint_ctx *x, lint_pending *p)
{
    hashmap live = HASHMAP_INIT;
    for (size_t i = 0; i < x->cat->nrels; i++) {
        const cat_rel *r = x->cat->rels[i];
        char *k = live_key(&r->obj, r->obj.serial);
        hm_put(&live, k, (void *)r);
        free(k);
        for (size_t c = 0; c < r->ncols; c++) {
            k = live_key(&r->cols[c]->obj, r->cols[c]->obj.serial);
            hm_put(&live, k, (void *)r);
            free(k);
        }
    }
    for (size_t i = 0; i < x->cat->ntypes; i++) {
        char *k = live_key(&x->cat->types[i]->obj, x->cat->types[i]->obj.serial);
        hm_put(&live, k, x->cat->types[i]);
        free(k);
    }
    strbuf gone = STRBUF_INIT;
    size_t ngone = 0;
    bool data = false;  /* a table or a column, not only types */
    for (size_t i = 0; i < p->nheld; i++) {
        const held_obj *h = &p->held[i];
        char *k = live_key(h->o, h->serial);
        bool alive = hm_get(&live, k) != NULL;
        free(k);
        if (alive)
            continue;
        if (h->table) {
            /* A column goes with its table: the table says it all. */
            char *tk = NULL;
            for (size_t j = 0; j < p->nheld && !tk; j++)
                if (p->held[j].o == h->table)
                    tk = live_key(h->table, p->held[j].serial);
            bool table_alive = tk && hm_get(&live, tk);
            free(tk);
            if (!table_alive)
                continue;
        }
        sb_addf(&gone, "%s%s", ngone++ ? ", " : "", h->desc);
        data |= h->data; /* h->o itself may be freed by now */
    }
    if (ngone)
        lint_add(x, HZ_DATA_LOSS, -1, NULL, NULL, "drops %s, which existed before this revision%s", gone.buf,
                 !data ? "" : ngone == 1 ? ", with the data in it" : ", with the data in them");
    sb_release(&gone);
    hm_clear(&live);
}

/* ---- entry points ------------------------------------------------------------------------- */

lint_pending *lint_rules_before(lint_ctx *x)
{
    PgQuery__Node *n = x->st->node;
    lint_pending *p = NULL;
    /* Cannot run in the revision's transaction at all. */
    const char *reason = notx_reason(n);
    if (reason && x->rev->transactional && n->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
        lint_add(x, HZ_NEEDS_TRANSACTION_OFF, -1, NULL, NULL,
                 "%s in revision %s, which runs in a transaction", reason, x->rev->id);
    if (x->rev->transactional) {
        int used = notx_uses_label(n, &x->labels);
        if (used >= 0)
            lint_add(x, HZ_UNSAFE_ENUM_VALUE, -1, NULL, NULL,
                     "uses the enum label '%s', added at %s in the same transaction",
                     x->labels.v[used], x->label_at.v[used]);
    }
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        index_rule(x, n->index_stmt);
        break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        alter_table_rule(x, n->alter_table_stmt, &p);
        break;
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        rename_rule(x, n->rename_stmt);
        break;
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
        if (notx_added_label(n)) {
            p = pending_new();
            p->label = notx_added_label(n);
        }
        break;
    default:
        break;
    }
    if (may_drop(n)) {
        if (!p)
            p = pending_new();
        hold_data(x, p);
    }
    return p;
}

void lint_rules_after(lint_ctx *x, lint_pending *p, bool replayed)
{
    if (!p)
        return;
    if (replayed && p->rel) {
        const PgQuery__AlterTableStmt *at = x->st->node->alter_table_stmt;
        for (size_t i = 0; i < at->n_cmds && i < p->old_types.n; i++) {
            if (at->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
                continue;
            const PgQuery__AlterTableCmd *cmd = at->cmds[i]->alter_table_cmd;
            if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn && cmd->def &&
                cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
                add_column_after(x, p, cmd);
            else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType && cmd->name)
                alter_type_after(x, p, cmd, p->old_types.v[i]);
        }
        size_t nth[4] = {0, 0, 0, 0};
        for (size_t i = 0; i < p->ncons; i++) {
            int t = p->cons[i].con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? 0
                    : p->cons[i].con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? 1
                    : p->cons[i].con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? 2 : 3;
            bool named = p->cons[i].con->conname && *p->cons[i].con->conname;
            constraint_after(x, p, &p->cons[i], named ? 0 : nth[t]++);
        }
    }
    if (replayed && p->nheld)
        drop_after(x, p);
    if (replayed && p->label && x->rev->transactional) {
        strvec_push(&x->labels, p->label);
        strvec_push_nodup(&x->label_at, xasprintf("%s:%d", x->f->path, x->st->line));
    }
    for (size_t i = 0; i < p->nheld; i++)
        free(p->held[i].desc);
    free(p->held);
    free(p->cons);
    strvec_clear(&p->old_types);
    free(p);
}

static void withdraw(lint_ctx *x, size_t ix)
{
    if (ix != (size_t)-1)
        x->out->v[ix].dropped = true;
}

void lint_rules_finish(lint_ctx *x)
{
    for (size_t i = 0; i < x->nrenames; i++) {
        lint_rename *rn = &x->renames[i];
        /* The table's name at the end, unless a later statement renamed
         * or dropped it: then the findings stand as made. */
        cat_rel *r = cat_rel_get(x->cat, rn->schema, rn->table);
        strvec funcs = STRVEC_INIT;
        /* The old name back again (a new column, a view left with the old
         * name, as the safe rewrite does): clients and bodies find it. */
        bool back = r && (rn->old_column ? cat_column_get(r, rn->old_column) != NULL
                                         : cat_rel_get(x->cat, rn->schema, rn->old_table) != NULL);
        if (back) {
            withdraw(x, rn->clients);
            withdraw(x, rn->functions);
        } else if (r && rn->functions != (size_t)-1) {
            lint_finding *fd = &x->out->v[rn->functions];
            size_t n = stale_function_bodies(x->cat, r, rn->old_table, rn->old_column, &funcs);
            if (!n) {
                fd->dropped = true; /* replaced with the new name in this revision */
            } else if (n != rn->nfuncs) {
                free(fd->message);
                fd->message = stale_message(rn->what, &funcs, rn->old_column ? rn->old_column : rn->old_table);
            }
        }
        strvec_clear(&funcs);
        free(rn->what);
        free(rn->schema);
        free(rn->table);
        free(rn->old_table);
        free(rn->old_column);
    }
    x->nrenames = 0;
}
