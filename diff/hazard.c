/* hazard: the table behind hazard.h.  Reasons name the lock and the cost
 * as PostgreSQL 15 documents them (ALTER TABLE's "Notes"). */
#include "hazard.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "astwalk.h"
#include "deparse.h"

static const hazard_info table[HZ__COUNT] = {
    [HZ_DATA_LOSS] = {"data-loss", SEV_ERROR,
                      "drops stored data that no later statement brings back"},
    [HZ_TABLE_REWRITE] = {"table-rewrite", SEV_WARNING,
                          "rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock"},
    [HZ_TABLE_SCAN] = {"table-scan", SEV_WARNING,
                       "scans the whole table while holding a lock that blocks writes"},
    [HZ_INDEX_BUILD] = {"index-build", SEV_WARNING,
                        "builds an index; without CONCURRENTLY, writes to the table wait until it is done"},
    [HZ_POSSIBLE_RENAME] = {"possible-rename", SEV_WARNING,
                            "an object disappears and a similar one appears: if it was renamed, drop + create loses its data"},
    [HZ_NOT_IN_TRANSACTION] = {"not-in-transaction", SEV_INFO,
                               "cannot run inside a transaction block: the revision needs '-- sqlc:transaction off'"},
};

const hazard_info *hazard_get(hazard h)
{
    assert(h >= 0 && h < HZ__COUNT);
    return &table[h];
}

int hazard_from_code(const char *code)
{
    for (int i = 0; i < HZ__COUNT; i++)
        if (!strcmp(table[i].code, code))
            return i;
    return -1;
}

const char *severity_name(hz_severity s)
{
    return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "info";
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

static bool volatile_visit(PgQuery__Node *n, void *ctx)
{
    bool *vol = ctx;
    if (n->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return true;
    const PgQuery__FuncCall *f = n->func_call;
    const PgQuery__Node *last = f->n_funcname ? f->funcname[f->n_funcname - 1] : NULL;
    const char *name = last && last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : "";
    bool known = false;
    for (size_t i = 0; stable_funcs[i]; i++)
        if (!strcmp(stable_funcs[i], name))
            known = true;
    if (!known)
        *vol = true;
    return true;
}

bool default_is_volatile(const char *expr)
{
    if (!expr)
        return false;
    PgQuery__ParseResult *owner = NULL;
    strbuf err = {NULL, 0, 0};
    PgQuery__Node *n = parse_expr(expr, &owner, &err);
    bool vol = n == NULL; /* unparsable: assume the worst */
    if (n)
        ast_walk_node(n, volatile_visit, &vol);
    if (owner)
        pg_query__parse_result__free_unpacked(owner, NULL);
    sb_release(&err);
    return vol;
}
