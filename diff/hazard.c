/* hazard: the table behind hazard.h.  Reasons name the lock and the cost
 * as PostgreSQL 15 documents them (ALTER TABLE's "Notes"). */
#include "hazard.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "astwalk.h"
#include "deparse.h"
#include "pgident.h"

static const hazard_info hazards[HZ__COUNT] = {
    [HZ_DATA_LOSS] = {"data-loss", SEV_WARNING, HZ_BY_DIFF | HZ_BY_LINT,
                      "drops stored data that no later statement brings back",
                      "stop using it in the application, keep a copy of the data if it may be needed, then drop it in a revision of its own"},
    [HZ_TABLE_REWRITE] = {"table-rewrite", SEV_WARNING, HZ_BY_DIFF | HZ_BY_LINT,
                          "rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock",
                          "add a new column, backfill it in batches, and switch to it in a later revision"},
    [HZ_TABLE_SCAN] = {"table-scan", SEV_WARNING, HZ_BY_DIFF | HZ_BY_LINT,
                       "scans the whole table under an ACCESS EXCLUSIVE lock",
                       "prove it first with a CHECK (col IS NOT NULL) NOT VALID and VALIDATE CONSTRAINT, which let writes go on; SET NOT NULL then skips the scan"},
    [HZ_INDEX_BUILD] = {"index-build", SEV_WARNING, HZ_BY_DIFF | HZ_BY_LINT,
                        "builds an index; without CONCURRENTLY, writes to the table wait until it is done",
                        "build it with CREATE INDEX CONCURRENTLY in a revision marked '-- sqlc:transaction off'"},
    [HZ_POSSIBLE_RENAME] = {"possible-rename", SEV_WARNING, HZ_BY_DIFF,
                            "an object disappears and a similar one appears: if it was renamed, drop + create loses its data",
                            "annotate the desired schema with '-- sqlc:renamed-from OLD' if it was a rename"},
    [HZ_NOT_IN_TRANSACTION] = {"not-in-transaction", SEV_INFO, HZ_BY_DIFF,
                               "cannot run inside a transaction block: the revision needs '-- sqlc:transaction off'",
                               "put the change in a revision marked '-- sqlc:transaction off'"},
    [HZ_NOT_NULL_NO_DEFAULT] = {"not-null-without-default", SEV_ERROR, HZ_BY_DIFF | HZ_BY_LINT,
                                "a NOT NULL column with no default has no value for the rows already there: on a table with rows it fails with 'column contains null values'",
                                "add it with a constant DEFAULT (no rewrite since PostgreSQL 11), or add it nullable, backfill, then SET NOT NULL the safe way"},
    [HZ_CONSTRAINT_VALIDATION] = {"constraint-validation", SEV_WARNING, HZ_BY_DIFF | HZ_BY_LINT,
                                  "checks every existing row while writes wait (ACCESS EXCLUSIVE for a CHECK, SHARE ROW EXCLUSIVE on both tables for a foreign key)",
                                  "add it NOT VALID (new rows are checked at once), then VALIDATE CONSTRAINT, which lets reads and writes go on"},
    [HZ_RENAME_CLIENTS] = {"rename-breaks-clients", SEV_WARNING, HZ_BY_DIFF | HZ_BY_LINT,
                           "a running application that still uses the old name fails from this statement until it is deployed with the new one",
                           "deploy code that works with both names first (for a table, leave a view with the old name behind), or add the new column, copy, and drop the old one later"},
    [HZ_RENAME_FUNCTIONS] = {"rename-breaks-functions", SEV_WARNING, HZ_BY_DIFF | HZ_BY_LINT,
                             "function bodies are text to the server: views follow a rename, but PL/pgSQL and SQL functions (trigger functions included) that use the old name fail when they run",
                             "CREATE OR REPLACE each function with the new name in the same revision"},
    [HZ_NEEDS_TRANSACTION_OFF] = {"needs-transaction-off", SEV_ERROR, HZ_BY_LINT,
                                  "PostgreSQL refuses it inside a transaction block, and the revision is not marked to run outside one",
                                  "mark the revision '-- sqlc:transaction off' (dbmate: transaction:false, goose: NO TRANSACTION, diesel: run_in_transaction = false), ideally with this statement alone in it"},
    [HZ_UNSAFE_ENUM_VALUE] = {"unsafe-enum-value", SEV_ERROR, HZ_BY_LINT,
                              "a label added by ALTER TYPE ... ADD VALUE cannot be used until its transaction commits: PostgreSQL 15 fails with 'unsafe use of new value'",
                              "add the value in a revision of its own (or one marked '-- sqlc:transaction off') before the revision that uses it"},
    [HZ_DOWNGRADE_MISMATCH] = {"downgrade-mismatch", SEV_ERROR, HZ_BY_LINT,
                               "the catalog after the upgrade and then the downgrade differs from the one before the upgrade, so a downgrade does not restore the schema",
                               "make the downgrade undo exactly what the upgrade does, in reverse order"},
    [HZ_INVALID_IGNORE] = {"invalid-ignore", SEV_ERROR, HZ_BY_LINT,
                           "a '-- sqlc:lint-ignore' comment needs a known code and a reason, and must stand on the line before a statement",
                           "write '-- sqlc:lint-ignore CODE why this is safe here' on the line before the statement"},
};

const hazard_info *hazard_get(hazard h)
{
    assert(h >= 0 && h < HZ__COUNT);
    return &hazards[h];
}

int hazard_from_code(const char *code)
{
    for (int i = 0; i < HZ__COUNT; i++)
        if (!strcmp(hazards[i].code, code))
            return i;
    return -1;
}

const char *severity_name(hz_severity s)
{
    return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "info";
}

bool severity_from_name(const char *name, hz_severity *out)
{
    for (hz_severity s = SEV_INFO; s <= SEV_ERROR; s++)
        if (!strcmp(name, severity_name(s))) {
            *out = s;
            return true;
        }
    return false;
}

/* ---- type changes ---------------------------------------------------------------- */

/* Splits "character varying(20)" into base "character varying" and the
 * typmod numbers; returns how many numbers there were (0 when none). */
static int split_type(const char *t, char *base, size_t cap, long mod[2])
{
    const char *paren = strchr(t, '(');
    size_t n = paren ? (size_t)(paren - t) : strlen(t);
    if (n >= cap)
        n = cap - 1;
    memcpy(base, t, n);
    base[n] = '\0';
    if (!paren)
        return 0;
    int k = sscanf(paren, "(%ld,%ld)", &mod[0], &mod[1]);
    return k < 0 ? 0 : k;
}

bool type_change_rewrites(const char *from, const char *to)
{
    if (!strcmp(from, to))
        return false;
    if (strchr(from, '[') || strchr(to, '['))
        return true; /* arrays: no shortcut worth guessing */
    char bf[128], bt[128];
    long mf[2] = {0, 0}, mt[2] = {0, 0};
    int nf = split_type(from, bf, sizeof(bf), mf), nt = split_type(to, bt, sizeof(bt), mt);
    bool vf = !strcmp(bf, "character varying"), vt = !strcmp(bt, "character varying");
    if ((vf || !strcmp(bf, "text")) && !strcmp(bt, "text"))
        return false;
    if ((vf || !strcmp(bf, "text")) && vt)
        return nt > 0 && (!vf || nf == 0 || mt[0] < mf[0]);
    if (!strcmp(bf, bt) && (!strcmp(bf, "numeric") || !strcmp(bf, "bit varying"))) {
        if (nt == 0)
            return false;
        if (nf == 0)
            return true;
        if (!strcmp(bf, "bit varying"))
            return mt[0] < mf[0];
        return mt[1] != mf[1] || mt[0] < mf[0];
    }
    return true;
}

/* ---- volatility ------------------------------------------------------------------- */

/* Functions that may appear in defaults without making them volatile. */
static const char *const stable_funcs[] = {
    "now", "current_date", "current_timestamp", "localtimestamp", "statement_timestamp",
    "transaction_timestamp", "current_setting", "lower", "upper", "btrim", "concat",
    "length", "coalesce", "jsonb_build_object", "json_build_object", "to_jsonb", "array_length",
    "timezone", "date_trunc", "make_interval", "to_timestamp", NULL,
};

typedef struct vol_ctx {
    const catalog *cat;
    bool vol;
} vol_ctx;

/* A user function is known when every overload with that name (in that
 * schema, if the call names one) is declared STABLE or IMMUTABLE. */
static bool user_func_stable(const catalog *cat, const char *schema, const char *name)
{
    size_t found = 0;
    for (size_t i = 0; cat && i < cat->nfuncs; i++) {
        const cat_func *f = cat->funcs[i];
        if (strcmp(f->name, name) || (schema && strcmp(f->schema->name, schema)))
            continue;
        if (f->volatility == 'v')
            return false;
        found++;
    }
    return found > 0;
}

static bool volatile_visit(PgQuery__Node *n, void *vctx)
{
    vol_ctx *ctx = vctx;
    if (n->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return true;
    const PgQuery__FuncCall *f = n->func_call;
    size_t k = f->n_funcname;
    const char *name = k ? ast_str(f->funcname[k - 1]) : NULL;
    const char *schema = k >= 2 ? ast_str(f->funcname[k - 2]) : NULL;
    bool known = false;
    for (size_t i = 0; name && stable_funcs[i]; i++)
        if (!strcmp(stable_funcs[i], name))
            known = true;
    if (!known && name && !(schema && !strcmp(schema, "pg_catalog")))
        known = user_func_stable(ctx->cat, schema, name);
    if (!known)
        ctx->vol = true;
    return true;
}

bool default_is_volatile(const char *expr, const catalog *cat)
{
    if (!expr)
        return false;
    PgQuery__ParseResult *owner = NULL;
    strbuf err = {NULL, 0, 0};
    PgQuery__Node *n = parse_expr(expr, &owner, &err);
    vol_ctx ctx = {cat, n == NULL}; /* unparsable: assume the worst */
    if (n)
        ast_walk_node(n, volatile_visit, &ctx);
    if (owner)
        pg_query__parse_result__free_unpacked(owner, NULL);
    sb_release(&err);
    return ctx.vol;
}

/* ---- columns ---------------------------------------------------------------------- */

unsigned hazards_add_column(const cat_column *col, const catalog *cat)
{
    unsigned h = 0;
    /* Identity and stored generated columns compute a value per row;
     * serial is a volatile nextval() default. */
    if (col->identity || col->generated || default_is_volatile(col->default_expr, cat))
        h |= 1u << HZ_TABLE_REWRITE;
    else if (col->not_null && !col->default_expr)
        h |= 1u << HZ_NOT_NULL_NO_DEFAULT;
    return h;
}

/* Is n "col IS NOT NULL", or an AND with such a conjunct? */
static bool proves_not_null(const PgQuery__Node *n, const char *col)
{
    if (!n)
        return false;
    if (n->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
        n->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
        for (size_t i = 0; i < n->bool_expr->n_args; i++)
            if (proves_not_null(n->bool_expr->args[i], col))
                return true;
        return false;
    }
    if (n->node_case != PG_QUERY__NODE__NODE_NULL_TEST ||
        n->null_test->nulltesttype != PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL)
        return false;
    const PgQuery__Node *arg = n->null_test->arg;
    if (!arg || arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || !arg->column_ref->n_fields)
        return false;
    const char *name = ast_str(arg->column_ref->fields[arg->column_ref->n_fields - 1]);
    return name && !strcmp(name, col);
}

bool check_proves_not_null(const cat_rel *r, const char *col)
{
    for (size_t i = 0; i < r->ncons; i++) {
        const cat_constraint *k = r->cons[i];
        if (k->type != CON_CHECK || k->not_valid || !k->expr)
            continue;
        PgQuery__ParseResult *owner = NULL;
        strbuf err = STRBUF_INIT;
        const PgQuery__Node *n = parse_expr(k->expr, &owner, &err);
        bool yes = proves_not_null(n, col);
        if (owner)
            pg_query__parse_result__free_unpacked(owner, NULL);
        sb_release(&err);
        if (yes)
            return true;
    }
    return false;
}

void safe_set_not_null(const char *qtable, const char *col, strvec *out)
{
    char *k = xasprintf("%s_not_null", col);
    char *kq = pgident_quote(k), *cq = pgident_quote(col);
    strvec_push_nodup(out, xasprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;\n", qtable, kq, cq));
    strvec_push_nodup(out, xasprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s;\n", qtable, kq));
    strvec_push_nodup(out, xasprintf("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;\n", qtable, cq));
    strvec_push_nodup(out, xasprintf("ALTER TABLE %s DROP CONSTRAINT %s;\n", qtable, kq));
    free(k);
    free(kq);
    free(cq);
}

/* ---- renames and function bodies ------------------------------------------------ */

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

bool text_has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    if (!text || !n)
        return false;
    for (const char *p = strcasestr(text, word); p; p = strcasestr(p + 1, word))
        if ((p == text || !ident_char(p[-1])) && !ident_char(p[n]))
            return true;
    return false;
}

static bool trigger_function_of(const cat_rel *r, const cat_func *f)
{
    for (size_t i = 0; r && i < r->ntrig; i++)
        if (r->trig[i]->func == f)
            return true;
    return false;
}

size_t stale_function_bodies(const catalog *cat, const cat_rel *table, const char *old_table,
                             const char *old_column, strvec *out)
{
    size_t n = 0;
    for (size_t i = 0; i < cat->nfuncs; i++) {
        const cat_func *f = cat->funcs[i];
        if (!f->body || !f->language || (strcmp(f->language, "plpgsql") && strcmp(f->language, "sql")))
            continue;
        if (str_starts_with(f->body, "BEGIN ATOMIC") || str_starts_with(f->body, "RETURN "))
            continue; /* SQL-standard bodies are parsed and tracked */
        bool hit;
        if (!old_column)
            hit = old_table && text_has_word(f->body, old_table);
        else
            hit = text_has_word(f->body, old_column) &&
                  ((table && text_has_word(f->body, table->name)) ||
                   (old_table && text_has_word(f->body, old_table)) || trigger_function_of(table, f));
        if (hit) {
            strvec_push_nodup(out, xasprintf("%s.%s", f->schema->name, f->identity));
            n++;
        }
    }
    return n;
}
