/* notx: detection of statements that cannot run in a transaction block,
 * from the parse tree.  The list and the reasoning are in notx.h; the
 * conditions mirror PostgreSQL 15's PreventInTransactionBlock() callers. */
#include "notx.h"

#include <string.h>

#include "astwalk.h"

static bool has_option(PgQuery__Node **opts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
            !strcmp(opts[i]->def_elem->defname, name))
            return true;
    return false;
}

static const char *transaction_reason(const PgQuery__TransactionStmt *t)
{
    switch (t->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN: return "transaction control (BEGIN)";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: return "transaction control (START TRANSACTION)";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT: return "transaction control (COMMIT)";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK: return "transaction control (ROLLBACK)";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE: return "transaction control (PREPARE TRANSACTION)";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED: return "COMMIT PREPARED";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED: return "ROLLBACK PREPARED";
    default: return NULL; /* SAVEPOINT and friends work inside ours */
    }
}

const char *notx_reason(const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return n->index_stmt->concurrent ? "CREATE INDEX CONCURRENTLY" : NULL;
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return n->drop_stmt->concurrent ? "DROP INDEX CONCURRENTLY" : NULL;
    case PG_QUERY__NODE__NODE_REINDEX_STMT: {
        const PgQuery__ReindexStmt *r = n->reindex_stmt;
        if (has_option(r->params, r->n_params, "concurrently"))
            return "REINDEX CONCURRENTLY";
        if (r->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM)
            return "REINDEX SYSTEM";
        if (r->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE)
            return "REINDEX DATABASE";
        return NULL;
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
        return n->vacuum_stmt->is_vacuumcmd ? "VACUUM" : NULL;
    case PG_QUERY__NODE__NODE_CREATEDB_STMT: return "CREATE DATABASE";
    case PG_QUERY__NODE__NODE_DROPDB_STMT: return "DROP DATABASE";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT: return "CREATE TABLESPACE";
    case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT: return "DROP TABLESPACE";
    case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT: return "ALTER SYSTEM";
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
        return transaction_reason(n->transaction_stmt);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
        const PgQuery__AlterTableStmt *a = n->alter_table_stmt;
        for (size_t i = 0; i < a->n_cmds; i++) {
            const PgQuery__Node *c = a->cmds[i];
            if (c->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
                continue;
            const PgQuery__AlterTableCmd *cmd = c->alter_table_cmd;
            if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition && cmd->def &&
                cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
                cmd->def->partition_cmd->concurrent)
                return "ALTER TABLE ... DETACH PARTITION CONCURRENTLY";
        }
        return NULL;
    }
    default:
        return NULL;
    }
}

const char *notx_added_label(const PgQuery__Node *n)
{
    if (n->node_case != PG_QUERY__NODE__NODE_ALTER_ENUM_STMT)
        return NULL;
    const PgQuery__AlterEnumStmt *e = n->alter_enum_stmt;
    /* RENAME VALUE has old_val; ADD VALUE only new_val. */
    if (e->old_val && *e->old_val)
        return NULL;
    return e->new_val && *e->new_val ? e->new_val : NULL;
}

typedef struct use_ctx {
    const strvec *labels;
    int found;
} use_ctx;

static bool visit_use(PgQuery__Node *n, void *vctx)
{
    use_ctx *ctx = vctx;
    if (ctx->found >= 0)
        return false;
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && n->a_const->sval) {
        const char *s = n->a_const->sval->sval;
        for (size_t i = 0; i < ctx->labels->n; i++)
            if (!strcmp(s, ctx->labels->v[i])) {
                ctx->found = (int)i;
                return false;
            }
    }
    return true;
}

int notx_uses_label(PgQuery__Node *n, const strvec *labels)
{
    if (!labels->n)
        return -1;
    use_ctx ctx = {labels, -1};
    ast_walk_node(n, visit_use, &ctx);
    return ctx.found;
}
