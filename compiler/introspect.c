/* introspect: reading a live database into the catalog.  See introspect.h
 * for the contract and introspect_int.h for how the files divide the work.
 *
 * Flow: one batch of set-based queries in one read-only repeatable-read
 * transaction (introspect_sql.c); the rows are indexed by owner (a table's
 * columns, constraints, indexes, ...); every printable unit becomes a node
 * of the dependency graph (the nodes_* functions below), whose order
 * (introspect_order.c) gives a pg_dump-like script (introspect_ddl.c); the
 * script is replayed by the same engine as a pg_dump file (replay_script),
 * so every expression is canonicalised exactly as a replayed history's is.
 * Facts no DDL can carry (an index left invalid by a failed CREATE INDEX
 * CONCURRENTLY) are set on the catalog after replay. */
#include "introspect_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "parsepool.h"
#include "pgconn.h"

void introspect_opts_release(introspect_opts *o)
{
    strvec_clear(&o->schemas);
    strvec_clear(&o->exclude_schemas);
    strvec_clear(&o->exclude_tables);
}

/* ---- rows ----------------------------------------------------------------------- */

const char *isp_val(const isp *s, isp_query q, int row, int col)
{
    assert(s->res[q] && row >= 0 && row < PQntuples(s->res[q]));
    return PQgetisnull(s->res[q], row, col) ? NULL : PQgetvalue(s->res[q], row, col);
}

bool isp_bool(const isp *s, isp_query q, int row, int col)
{
    const char *v = isp_val(s, q, row, col);
    return v && v[0] == 't';
}

unsigned isp_oid(const isp *s, isp_query q, int row, int col)
{
    const char *v = isp_val(s, q, row, col);
    return v ? (unsigned)strtoul(v, NULL, 10) : 0;
}

int isp_rows(const isp *s, isp_query q)
{
    return s->res[q] ? PQntuples(s->res[q]) : 0;
}

int isp_map_row(const hashmap *m, const char *key)
{
    return (int)(intptr_t)hm_get(m, key) - 1;
}

const char *isp_key(ikey *k, int nparts, unsigned a, unsigned b, unsigned c)
{
    assert(nparts >= 1 && nparts <= 3);
    unsigned v[3] = {a, b, c};
    char *p = k->s;
    for (int i = 0; i < nparts; i++) {
        char digits[12];
        int n = 0;
        do
            digits[n++] = (char)('0' + v[i] % 10);
        while (v[i] /= 10);
        if (i)
            *p++ = ':';
        while (n)
            *p++ = digits[--n];
    }
    *p = '\0';
    return k->s;
}

static void map_put(hashmap *m, const char *key, int row)
{
    hm_put(m, key, (void *)(intptr_t)(row + 1));
}

/* Records the first row of each owner in a query sorted by owner. */
static void group_index(isp *s, hashmap *m, isp_query q, int ownercol)
{
    unsigned prev = 0;
    for (int r = 0; r < isp_rows(s, q); r++) {
        unsigned owner = isp_oid(s, q, r, ownercol);
        ikey k;
        if (owner && owner != prev)
            map_put(m, isp_key(&k, 1, owner, 0, 0), r);
        prev = owner;
    }
}

int isp_group(const isp *s, const hashmap *m, isp_query q, int ownercol, unsigned owner, int *count)
{
    ikey k;
    int first = isp_map_row(m, isp_key(&k, 1, owner, 0, 0));
    *count = 0;
    if (first < 0)
        return 0;
    while (first + *count < isp_rows(s, q) && isp_oid(s, q, first + *count, ownercol) == owner)
        (*count)++;
    return first;
}

/* ---- the batch ------------------------------------------------------------------ */

/* The batch in flight: which result answers which query (the prelude's
 * statements first, then the queries that were sent, in order), the next
 * result's index and the first failure.  Sending and taking results are
 * apart so that a caller with many connections can wait on all of them
 * (introspect_start / introspect_feed). */
typedef struct batch {
    int sent[Q_COUNT], nsent;
    int next;
    int rc;
    strbuf err;
} batch;

static int batch_send(isp *s, PGconn *conn, batch *b, strbuf *err)
{
    memset(b, 0, sizeof(*b));
    strbuf scratch = STRBUF_INIT;
    for (int q = 0; q < Q_COUNT; q++) {
        if (isp_query_sql((isp_query)q, s->version, s->o, &scratch))
            b->sent[b->nsent++] = q;
        sb_reset(&scratch);
    }
    sb_release(&scratch);
    strbuf sql = STRBUF_INIT;
    introspect_batch_sql(s->version, s->o, &sql);
    int sent = PQsendQuery(conn, sql.buf);
    sb_release(&sql);
    if (!sent) {
        sb_adds(err, "cannot send the introspection queries: ");
        pgc_result_error(conn, NULL, err);
        return -1;
    }
    return 0;
}

/* Takes the batch's next result (and ownership of it); the first failure
 * is kept in b->err. */
static void batch_take(isp *s, PGconn *conn, batch *b, PGresult *r)
{
    ExecStatusType st = PQresultStatus(r);
    int q = b->next++ - isp_prelude_count();
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        if (!b->rc) {
            if (q >= 0 && q < b->nsent)
                sb_addf(&b->err, "reading %s: ", isp_query_name((isp_query)b->sent[q]));
            pgc_result_error(conn, r, &b->err);
        }
        b->rc = -1;
        PQclear(r);
        return;
    }
    if (q >= 0 && q < b->nsent && !b->rc) {
        assert(st == PGRES_TUPLES_OK);
        /* The select lists come from the same X-macros as the enums. */
        assert(PQnfields(r) == isp_query_ncols((isp_query)b->sent[q]));
        s->res[b->sent[q]] = r;
    } else {
        PQclear(r);
    }
}

static int run_batch(isp *s, PGconn *conn, strbuf *err)
{
    batch b;
    if (batch_send(s, conn, &b, err) < 0)
        return -1;
    PGresult *r;
    while ((r = PQgetResult(conn)))
        batch_take(s, conn, &b, r);
    if (b.rc < 0) {
        sb_adds(err, sb_str(&b.err));
        if (PQtransactionStatus(conn) != PQTRANS_IDLE) {
            strbuf ignored = STRBUF_INIT;
            pgc_command(conn, "ROLLBACK", &ignored);
            sb_release(&ignored);
        }
    }
    sb_release(&b.err);
    return b.rc;
}

/* ---- nodes ---------------------------------------------------------------------- */

static const char *rv(const isp *s, int row, int col)
{
    return isp_val(s, Q_REL, row, col);
}

static int rel_row(const isp *s, unsigned oid)
{
    ikey k;
    return isp_map_row(&s->rels, isp_key(&k, 1, oid, 0, 0));
}

static int rel_node(const isp *s, unsigned oid)
{
    return isp_obj_node(s, CLS_PG_CLASS, oid);
}

bool isp_con_inline(const isp *s, int con, int relrow)
{
    if (s->con_split[con])
        return false;
    switch (isp_val(s, Q_CON, con, CON_TYPE)[0]) {
    case 'c': /* as pg_dump prints it; a partition is created standalone
               * and then attached, so it carries its inherited CHECKs */
        return isp_bool(s, Q_CON, con, CON_VALID) &&
               (isp_bool(s, Q_CON, con, CON_LOCAL) || isp_bool(s, Q_REL, relrow, REL_ISPART));
    case 'p': case 'u': case 'x': /* keys of a table outside any tree */
        return !s->family[relrow] && isp_val(s, Q_REL, relrow, REL_KIND)[0] == 'r';
    default:
        return false;
    }
}

static bool excluded_table(const isp *s, const char *schema, const char *name)
{
    for (size_t i = 0; i < s->o->exclude_tables.n; i++) {
        const char *t = s->o->exclude_tables.v[i];
        size_t n = strlen(schema);
        if (!strncmp(t, schema, n) && t[n] == '.' && !strcmp(t + n + 1, name))
            return true;
    }
    return false;
}

static void nodes_schemas_types_funcs(isp *s)
{
    bool have_public = false;
    for (int r = 0; r < isp_rows(s, Q_NSP); r++) {
        const char *name = isp_val(s, Q_NSP, r, NSP_NAME);
        have_public |= !strcmp(name, "public");
        int n = isp_node_add(s, NK_SCHEMA, r, name, NULL, NULL);
        isp_obj_map(s, CLS_PG_NAMESPACE, isp_oid(s, Q_NSP, r, NSP_OID), n);
    }
    /* Every catalog starts with public; a database may have dropped it. */
    bool public_wanted = !strvec_has(&s->o->exclude_schemas, "public") &&
                         (!s->o->schemas.n || strvec_has(&s->o->schemas, "public"));
    if (!have_public && public_wanted)
        isp_node_add(s, NK_DROP_PUBLIC, -1, "public", NULL, NULL);
    for (int r = 0; r < isp_rows(s, Q_EXT); r++) {
        int n = isp_node_add(s, NK_EXTENSION, r, isp_val(s, Q_EXT, r, EXT_NAME), NULL, NULL);
        isp_obj_map(s, CLS_PG_EXTENSION, isp_oid(s, Q_EXT, r, EXT_OID), n);
    }
    for (int r = 0; r < isp_rows(s, Q_TYPE); r++) {
        int n = isp_node_add(s, NK_TYPE, r, isp_val(s, Q_TYPE, r, TYP_NSP), isp_val(s, Q_TYPE, r, TYP_NAME), NULL);
        isp_obj_map(s, CLS_PG_TYPE, isp_oid(s, Q_TYPE, r, TYP_OID), n);
        isp_obj_map(s, CLS_PG_TYPE, isp_oid(s, Q_TYPE, r, TYP_ARRAY), n);
        isp_obj_map(s, CLS_PG_TYPE, isp_oid(s, Q_TYPE, r, TYP_MULTIOID), n);
        isp_obj_map(s, CLS_PG_CLASS, isp_oid(s, Q_TYPE, r, TYP_RELID), n);
        if (isp_val(s, Q_TYPE, r, TYP_TYPE)[0] != 'd')
            continue;
        int cnt, first = isp_group(s, &s->domcons, Q_CON, CON_TYPID, isp_oid(s, Q_TYPE, r, TYP_OID), &cnt);
        for (int c = first; c < first + cnt; c++) {
            int cn = n;
            if (!isp_bool(s, Q_CON, c, CON_VALID)) {
                cn = isp_node_add(s, NK_DOMCHECK, c, isp_val(s, Q_TYPE, r, TYP_NSP),
                                  isp_val(s, Q_TYPE, r, TYP_NAME), isp_val(s, Q_CON, c, CON_NAME));
                isp_dep_add(s, cn, n);
            }
            isp_obj_map(s, CLS_PG_CONSTRAINT, isp_oid(s, Q_CON, c, CON_OID), cn);
        }
    }
    for (int r = 0; r < isp_rows(s, Q_FUNC); r++) {
        int n = isp_node_add(s, NK_FUNC, r, isp_val(s, Q_FUNC, r, FN_NSP), isp_val(s, Q_FUNC, r, FN_NAME),
                             isp_val(s, Q_FUNC, r, FN_IDARGS));
        isp_obj_map(s, CLS_PG_PROC, isp_oid(s, Q_FUNC, r, FN_OID), n);
    }
}

static void nodes_relations(isp *s)
{
    int nrel = isp_rows(s, Q_REL);
    /* Left out: excluded tables, and sequences owned by them. */
    for (int r = 0; r < nrel; r++)
        s->rel_skip[r] = excluded_table(s, rv(s, r, REL_NSP), rv(s, r, REL_NAME));
    for (int r = 0; r < nrel; r++) {
        if (rv(s, r, REL_KIND)[0] != 'S' || !rv(s, r, REL_OWNREL))
            continue;
        int owner = rel_row(s, isp_oid(s, Q_REL, r, REL_OWNREL));
        if (owner >= 0 && s->rel_skip[owner])
            s->rel_skip[r] = true;
    }
    for (int r = 0; r < nrel; r++) {
        const char *dep = rv(s, r, REL_OWNDEP);
        if (s->rel_skip[r])
            continue;
        if (dep && dep[0] == 'i') { /* an identity's sequence: printed with its column */
            ikey k;
            map_put(&s->identity, isp_key(&k, 2, isp_oid(s, Q_REL, r, REL_OWNREL), isp_oid(s, Q_REL, r, REL_OWNCOL), 0), r);
            continue;
        }
        int n = isp_node_add(s, NK_REL, r, rv(s, r, REL_NSP), rv(s, r, REL_NAME), NULL);
        isp_obj_map(s, CLS_PG_CLASS, isp_oid(s, Q_REL, r, REL_OID), n);
        isp_obj_map(s, CLS_PG_TYPE, isp_oid(s, Q_REL, r, REL_TYPE), n);
        isp_obj_map(s, CLS_PG_TYPE, isp_oid(s, Q_REL, r, REL_TYPEARR), n);
        isp_obj_map(s, CLS_PG_REWRITE, isp_oid(s, Q_REL, r, REL_RULE), n);
    }
    /* Second pass: edges between relations, now that all have nodes. */
    for (int r = 0; r < nrel; r++) {
        if (s->rel_skip[r])
            continue;
        const char *dep = rv(s, r, REL_OWNDEP);
        int self = rel_node(s, isp_oid(s, Q_REL, r, REL_OID));
        int owner = dep ? rel_node(s, isp_oid(s, Q_REL, r, REL_OWNREL)) : -1;
        if (dep && dep[0] == 'i') {
            if (owner >= 0)
                isp_obj_map(s, CLS_PG_CLASS, isp_oid(s, Q_REL, r, REL_OID), owner);
            continue;
        }
        if (dep && owner >= 0) {
            int n = isp_node_add(s, NK_OWNED, r, rv(s, r, REL_NSP), rv(s, r, REL_NAME), NULL);
            isp_dep_add(s, n, self);
            isp_dep_add(s, n, owner);
        }
        if (isp_bool(s, Q_REL, r, REL_ISPART)) {
            int parent = rel_node(s, isp_oid(s, Q_REL, r, REL_PARENT));
            if (parent >= 0) {
                int n = isp_node_add(s, NK_ATTACH, r, rv(s, r, REL_NSP), rv(s, r, REL_NAME), NULL);
                isp_dep_add(s, n, self);
                isp_dep_add(s, n, parent);
            }
        }
        int cnt, first = isp_group(s, &s->groups[Q_INH], Q_INH, INH_REL, isp_oid(s, Q_REL, r, REL_OID), &cnt);
        for (int i = first; i < first + cnt; i++) {
            int parent = rel_node(s, isp_oid(s, Q_INH, i, INH_PARENT));
            if (parent >= 0)
                isp_dep_add(s, self, parent);
        }
    }
}

/* The node of the relation owning row `row` of q (owner in column col) and
 * its Q_REL row, or -1. */
static int owner_of(const isp *s, isp_query q, int row, int col, int *relrow)
{
    unsigned oid = isp_oid(s, q, row, col);
    *relrow = rel_row(s, oid);
    if (*relrow < 0 || s->rel_skip[*relrow])
        return -1;
    return rel_node(s, oid);
}

/* One node per row of q for objects that live in a table's namespace of
 * names (triggers, policies): each needs its table. */
static void nodes_named_parts(isp *s, isp_query q, int oidcol, int relcol, int namecol, isp_kind kind, unsigned cls)
{
    int relrow, self;
    for (int r = 0; r < isp_rows(s, q); r++) {
        if ((self = owner_of(s, q, r, relcol, &relrow)) < 0)
            continue;
        int n = isp_node_add(s, kind, r, rv(s, relrow, REL_NSP), rv(s, relrow, REL_NAME), isp_val(s, q, r, namecol));
        isp_dep_add(s, n, self);
        isp_obj_map(s, cls, isp_oid(s, q, r, oidcol), n);
    }
}

/* ALTER TABLE ONLY ... SET DEFAULT for column row a of relation relrow. */
static int default_node(isp *s, int a, int relrow, int self)
{
    int n = isp_node_add(s, NK_DEFAULT, a, rv(s, relrow, REL_NSP), rv(s, relrow, REL_NAME), isp_val(s, Q_ATT, a, ATT_NAME));
    isp_dep_add(s, n, self);
    return n;
}

/* Tables in an inheritance tree or partitioned: a child's CREATE TABLE
 * would copy its parents' defaults, so theirs are all set afterwards, each
 * table's own, with ONLY. */
static bool *family_tables(isp *s)
{
    bool *fam = xcalloc((size_t)isp_rows(s, Q_REL) + 1, sizeof(bool));
    for (int r = 0; r < isp_rows(s, Q_REL); r++) {
        if (isp_bool(s, Q_REL, r, REL_ISPART)) {
            fam[r] = true;
            int p = rel_row(s, isp_oid(s, Q_REL, r, REL_PARENT));
            if (p >= 0)
                fam[p] = true;
        }
        if (rv(s, r, REL_KIND)[0] == 'p')
            fam[r] = true;
    }
    for (int i = 0; i < isp_rows(s, Q_INH); i++) {
        int c = rel_row(s, isp_oid(s, Q_INH, i, INH_REL)), p = rel_row(s, isp_oid(s, Q_INH, i, INH_PARENT));
        if (c >= 0)
            fam[c] = true;
        if (p >= 0)
            fam[p] = true;
    }
    return fam;
}

static void nodes_parts(isp *s)
{
    int relrow, self;
    for (int r = 0; r < isp_rows(s, Q_ATT); r++) {
        if (!isp_val(s, Q_ATT, r, ATT_DEFOID) || (self = owner_of(s, Q_ATT, r, ATT_REL, &relrow)) < 0)
            continue;
        unsigned defoid = isp_oid(s, Q_ATT, r, ATT_DEFOID);
        const char *gen = isp_val(s, Q_ATT, r, ATT_GENERATED);
        char kind = rv(s, relrow, REL_KIND)[0];
        /* A generation expression is part of CREATE TABLE; so is a default
         * of a table outside any inheritance tree, as pg_dump prints it,
         * unless it closes a cycle (isp_split_inline). */
        s->att_inline[r] = !(gen && gen[0]) && !s->family[relrow] && kind == 'r';
        if ((gen && gen[0]) || s->att_inline[r])
            isp_obj_map(s, CLS_PG_ATTRDEF, defoid, self);
        else
            isp_obj_map(s, CLS_PG_ATTRDEF, defoid, default_node(s, r, relrow, self));
    }
    for (int r = 0; r < isp_rows(s, Q_CON); r++) {
        if (!isp_oid(s, Q_CON, r, CON_REL) || (self = owner_of(s, Q_CON, r, CON_REL, &relrow)) < 0)
            continue;
        char t = isp_val(s, Q_CON, r, CON_TYPE)[0];
        unsigned oid = isp_oid(s, Q_CON, r, CON_OID);
        if (t == 'f' && isp_oid(s, Q_CON, r, CON_PARENT))
            continue; /* cloned onto a partition: ATTACH makes it */
        if (isp_con_inline(s, r, relrow) || (t == 'c' && !isp_bool(s, Q_CON, r, CON_LOCAL))) {
            isp_obj_map(s, CLS_PG_CONSTRAINT, oid, self);
            continue;
        }
        int n = isp_node_add(s, t == 'f' ? NK_FK : NK_CONSTRAINT, r, rv(s, relrow, REL_NSP),
                             rv(s, relrow, REL_NAME), isp_val(s, Q_CON, r, CON_NAME));
        isp_dep_add(s, n, self);
        isp_obj_map(s, CLS_PG_CONSTRAINT, oid, n);
    }
    for (int r = 0; r < isp_rows(s, Q_IDX); r++) {
        if ((self = owner_of(s, Q_IDX, r, IDX_REL, &relrow)) < 0)
            continue;
        unsigned oid = isp_oid(s, Q_IDX, r, IDX_OID);
        int n;
        if (isp_val(s, Q_IDX, r, IDX_CON)) {
            n = isp_obj_node(s, CLS_PG_CONSTRAINT, isp_oid(s, Q_IDX, r, IDX_CON));
            if (n < 0)
                continue;
        } else {
            n = isp_node_add(s, NK_INDEX, r, isp_val(s, Q_IDX, r, IDX_NSP), isp_val(s, Q_IDX, r, IDX_NAME), NULL);
            isp_dep_add(s, n, self);
            if (!isp_bool(s, Q_IDX, r, IDX_VALID) && rv(s, relrow, REL_KIND)[0] != 'p')
                strvec_push_nodup(&s->invalid, xasprintf("%s\x1f%s", isp_val(s, Q_IDX, r, IDX_NSP),
                                                         isp_val(s, Q_IDX, r, IDX_NAME)));
        }
        isp_obj_map(s, CLS_PG_CLASS, oid, n);
    }
    /* Attaching an index partition needs both indexes. */
    for (int r = 0; r < isp_rows(s, Q_IDX); r++) {
        if (!isp_val(s, Q_IDX, r, IDX_PARENT) || owner_of(s, Q_IDX, r, IDX_REL, &relrow) < 0)
            continue;
        int self_ix = isp_obj_node(s, CLS_PG_CLASS, isp_oid(s, Q_IDX, r, IDX_OID));
        int parent = isp_obj_node(s, CLS_PG_CLASS, isp_oid(s, Q_IDX, r, IDX_PARENT));
        if (self_ix < 0 || parent < 0)
            continue;
        int n = isp_node_add(s, NK_IDXATTACH, r, isp_val(s, Q_IDX, r, IDX_NSP), isp_val(s, Q_IDX, r, IDX_NAME), NULL);
        isp_dep_add(s, n, self_ix);
        isp_dep_add(s, n, parent);
    }
    nodes_named_parts(s, Q_TRIG, TRG_OID, TRG_REL, TRG_NAME, NK_TRIGGER, CLS_PG_TRIGGER);
    /* A partition's trigger whose enabled state differs from its parent's
     * is printed after the parent's trigger. */
    for (int r = 0; r < isp_rows(s, Q_TRIG); r++) {
        unsigned parent = isp_oid(s, Q_TRIG, r, TRG_PARENT);
        int n = isp_obj_node(s, CLS_PG_TRIGGER, isp_oid(s, Q_TRIG, r, TRG_OID));
        int p = parent ? isp_obj_node(s, CLS_PG_TRIGGER, parent) : -1;
        if (n >= 0 && p >= 0)
            isp_dep_add(s, n, p);
    }
    nodes_named_parts(s, Q_POL, POL_OID, POL_REL, POL_NAME, NK_POLICY, CLS_PG_POLICY);
}

/* Does object (cls, oid), printed inside node self, depend on a node that
 * still waits? */
static bool blocked_by_waiting(const isp *s, unsigned cls, unsigned oid, int self, const bool *waiting)
{
    for (int d = 0; d < isp_rows(s, Q_DEP); d++) {
        if (isp_oid(s, Q_DEP, d, DEP_CLASS) != cls || isp_oid(s, Q_DEP, d, DEP_OBJ) != oid ||
            isp_val(s, Q_DEP, d, DEP_TYPE)[0] != 'n')
            continue;
        int t = isp_obj_node(s, isp_oid(s, Q_DEP, d, DEP_REFCLASS), isp_oid(s, Q_DEP, d, DEP_REFOBJ));
        if (t >= 0 && t != self && waiting[t])
            return true;
    }
    return false;
}

int isp_split_inline(isp *s, const bool *waiting)
{
    int split = 0, relrow;
    for (int r = 0; r < isp_rows(s, Q_CON); r++) {
        int self = isp_oid(s, Q_CON, r, CON_REL) ? owner_of(s, Q_CON, r, CON_REL, &relrow) : -1;
        if (self < 0 || !waiting[self] || !isp_con_inline(s, r, relrow))
            continue;
        unsigned oid = isp_oid(s, Q_CON, r, CON_OID);
        if (!blocked_by_waiting(s, CLS_PG_CONSTRAINT, oid, self, waiting))
            continue;
        s->con_split[r] = true;
        int n = isp_node_add(s, NK_CONSTRAINT, r, rv(s, relrow, REL_NSP), rv(s, relrow, REL_NAME),
                             isp_val(s, Q_CON, r, CON_NAME));
        isp_dep_add(s, n, self);
        isp_obj_map(s, CLS_PG_CONSTRAINT, oid, n);
        split++;
    }
    for (int r = 0; r < isp_rows(s, Q_ATT); r++) {
        int self = s->att_inline[r] ? owner_of(s, Q_ATT, r, ATT_REL, &relrow) : -1;
        unsigned oid = isp_oid(s, Q_ATT, r, ATT_DEFOID);
        if (self < 0 || !waiting[self] || !blocked_by_waiting(s, CLS_PG_ATTRDEF, oid, self, waiting))
            continue;
        s->att_inline[r] = false;
        isp_obj_map(s, CLS_PG_ATTRDEF, oid, default_node(s, r, relrow, self));
        split++;
    }
    return split;
}

static void index_rows(isp *s)
{
    ikey k;
    for (int r = 0; r < isp_rows(s, Q_REL); r++)
        map_put(&s->rels, isp_key(&k, 1, isp_oid(s, Q_REL, r, REL_OID), 0, 0), r);
    for (int r = 0; r < isp_rows(s, Q_ATT); r++)
        map_put(&s->cols, isp_key(&k, 2, isp_oid(s, Q_ATT, r, ATT_REL), isp_oid(s, Q_ATT, r, ATT_NUM), 0), r);
    for (int r = 0; r < isp_rows(s, Q_IDX); r++)
        map_put(&s->idxs, isp_key(&k, 1, isp_oid(s, Q_IDX, r, IDX_OID), 0, 0), r);
    for (int r = 0; r < isp_rows(s, Q_DESC); r++)
        hm_put(&s->comments, isp_key(&k, 3, isp_oid(s, Q_DESC, r, DESC_CLASS), isp_oid(s, Q_DESC, r, DESC_OBJ),
                                     isp_oid(s, Q_DESC, r, DESC_SUB)),
               (void *)isp_val(s, Q_DESC, r, DESC_TEXT));
    group_index(s, &s->groups[Q_ENUM], Q_ENUM, ENUM_TYPE);
    group_index(s, &s->groups[Q_ATT], Q_ATT, ATT_REL);
    group_index(s, &s->groups[Q_CON], Q_CON, CON_REL);
    group_index(s, &s->domcons, Q_CON, CON_TYPID);
    group_index(s, &s->groups[Q_INH], Q_INH, INH_REL);
    group_index(s, &s->groups[Q_IDX], Q_IDX, IDX_REL);
    group_index(s, &s->groups[Q_TRIG], Q_TRIG, TRG_REL);
    group_index(s, &s->groups[Q_POL], Q_POL, POL_REL);
    if (s->res[Q_ACL])
        for (int r = 0; r < isp_rows(s, Q_ACL); r++) {
            isp_key(&k, 2, isp_oid(s, Q_ACL, r, ACL_CLASS), isp_oid(s, Q_ACL, r, ACL_OBJ), 0);
            if (!hm_get(&s->acl, k.s))
                map_put(&s->acl, k.s, r);
        }
}

static void isp_release(isp *s)
{
    for (size_t i = 0; i < s->nnodes; i++) {
        free(s->nodes[i].key);
        free(s->nodes[i].deps);
    }
    free(s->nodes);
    hm_clear(&s->objs);
    hm_clear(&s->rels);
    hm_clear(&s->cols);
    hm_clear(&s->idxs);
    for (int q = 0; q < Q_COUNT; q++) {
        hm_clear(&s->groups[q]);
        PQclear(s->res[q]);
    }
    hm_clear(&s->domcons);
    hm_clear(&s->members);
    hm_clear(&s->comments);
    hm_clear(&s->identity);
    hm_clear(&s->acl);
    free(s->con_split);
    free(s->att_inline);
    free(s->family);
    free(s->rel_skip);
    strvec_clear(&s->invalid);
}

/* Builds the script; s stays alive for the caller's after-replay fixes.
 * cuts (may be NULL) receives offsets in ddl where a statement starts, one
 * about every SECTION bytes, where the script may be split for parsing. */
enum { SECTION = 32 << 10 };
static int build_start(isp *s, PGconn *conn, const introspect_opts *o, strbuf *err)
{
    memset(s, 0, sizeof(*s));
    s->o = o;
    s->version = PQserverVersion(conn);
    if (s->version < INTROSPECT_MIN_SERVER) {
        sb_addf(err, "PostgreSQL %d.%d is not supported: introspection needs PostgreSQL 12 or later",
                s->version / 10000, s->version % 10000 / 100);
        return -1;
    }
    return 0;
}

/* The script, from the batch's results. */
static int build_script(isp *s, strbuf *ddl, diaglist *dl, strvec *cuts)
{
    const introspect_opts *o = s->o;
    s->con_split = xcalloc((size_t)isp_rows(s, Q_CON) + 1, sizeof(bool));
    s->att_inline = xcalloc((size_t)isp_rows(s, Q_ATT) + 1, sizeof(bool));
    s->rel_skip = xcalloc((size_t)isp_rows(s, Q_REL) + 1, sizeof(bool));
    index_rows(s);
    s->family = family_tables(s);
    nodes_schemas_types_funcs(s);
    nodes_relations(s);
    nodes_parts(s);
    isp_deps_from_pg_depend(s);
    int *order = isp_order(s, dl);
    /* pg_dump's line: an empty search path, so every name is qualified. */
    sb_adds(ddl, "SELECT pg_catalog.set_config('search_path', '', false);\n");
    size_t last_cut = 0;
    for (size_t i = 0; i < s->nnodes; i++) {
        if (cuts && ddl->len - last_cut >= SECTION) {
            strvec_push_nodup(cuts, xasprintf("%zu", ddl->len));
            last_cut = ddl->len;
        }
        isp_ddl(s, &s->nodes[order[i]], ddl);
    }
    free(order);
    const char *src = o->source ? o->source : "db";
    for (int r = 0; r < isp_rows(s, Q_UNSUP); r++)
        diag_add_path(dl, o->replay.strict ? DIAG_ERROR : DIAG_WARNING, src,
                      "unsupported: %s is not modelled; the catalog leaves it out",
                      isp_val(s, Q_UNSUP, r, UNS_DESC));
    return 0;
}

static int build(isp *s, PGconn *conn, const introspect_opts *o, strbuf *ddl, diaglist *dl, strbuf *err,
                 strvec *cuts)
{
    if (build_start(s, conn, o, err) < 0 || run_batch(s, conn, err) < 0)
        return -1;
    return build_script(s, ddl, dl, cuts);
}

int introspect_ddl(PGconn *conn, const introspect_opts *o, strbuf *ddl, diaglist *dl, strbuf *err)
{
    isp s;
    int rc = build(&s, conn, o, ddl, dl, err, NULL);
    isp_release(&s);
    return rc;
}

/* Replays the script the way dumpread replays a pg_dump file, except that
 * its sections are parsed on worker threads ahead of the replay
 * (parsepool.h): the parse is about half of the client's work, and it
 * overlaps the other half. */
static int replay_script(const char *path, strbuf *ddl, const strvec *cuts, catalog *cat, diaglist *dl,
                         replay_opts ro)
{
    size_t len = ddl->len, n = cuts->n + 1;
    srcfile f;
    srcfile_init(&f, path, sb_detach(ddl), len);
    parse_req *reqs = xcalloc(n, sizeof(parse_req));
    for (size_t i = 0, off = 0; i < n; i++) {
        size_t end = i < cuts->n ? strtoul(cuts->v[i], NULL, 10) : len;
        reqs[i] = (parse_req){&f, off, end - off, true};
        off = end;
    }
    parsepool *pool = parsepool_start(reqs, n);
    replayer rp;
    ro.dump = true;
    replayer_init(&rp, cat, dl, ro);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        parsed_sql ps;
        if (parsepool_take(pool, i, &ps, dl) < 0) {
            rc = -1;
            break;
        }
        for (size_t k = 0; k < ps.n && rc == 0; k++)
            rc = replay_stmt(&rp, &f, &ps.stmts[k]);
        parsepool_release(pool, &ps);
    }
    rp.st = NULL;
    parsepool_finish(pool);
    free(reqs);
    srcfile_release(&f);
    return rc;
}

/* From the batch's results to the catalog: the script, its replay, and
 * what no DDL carries. */
static int catalog_from(isp *s, catalog *cat, diaglist *dl)
{
    const introspect_opts *o = s->o;
    strbuf ddl = STRBUF_INIT;
    strvec cuts = STRVEC_INIT;
    int rc = build_script(s, &ddl, dl, &cuts);
    if (rc == 0)
        rc = replay_script(o->source ? o->source : "db", &ddl, &cuts, cat, dl, o->replay);
    strvec_clear(&cuts);
    if (rc == 0 && dl->nerrors)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < s->invalid.n; i++) {
        char *sep = strchr(s->invalid.v[i], '\x1f');
        *sep = '\0';
        cat_index *ix = cat_index_get(cat, s->invalid.v[i], sep + 1);
        if (ix)
            ix->invalid = true;
        *sep = '\x1f';
    }
    sb_release(&ddl);
    return rc;
}

int introspect_db(PGconn *conn, const introspect_opts *o, catalog *cat, diaglist *dl, strbuf *err)
{
    isp s;
    int rc = build_start(&s, conn, o, err);
    if (rc == 0)
        rc = run_batch(&s, conn, err);
    if (rc == 0)
        rc = catalog_from(&s, cat, dl);
    isp_release(&s);
    return rc;
}

/* ---- asynchronous ------------------------------------------------------------------ */

struct introspect_job {
    isp s;
    batch b;
    PGconn *conn;
};

introspect_job *introspect_start(PGconn *conn, const introspect_opts *o, strbuf *err)
{
    introspect_job *j = xcalloc(1, sizeof(*j));
    j->conn = conn;
    if (build_start(&j->s, conn, o, err) < 0 || batch_send(&j->s, conn, &j->b, err) < 0) {
        introspect_abort(j);
        return NULL;
    }
    return j;
}

void introspect_feed(introspect_job *j, PGresult *r)
{
    batch_take(&j->s, j->conn, &j->b, r);
}

int introspect_finish(introspect_job *j, catalog *cat, diaglist *dl, strbuf *err)
{
    int rc = j->b.rc;
    if (rc < 0)
        sb_adds(err, sb_str(&j->b.err));
    else
        rc = catalog_from(&j->s, cat, dl);
    introspect_abort(j);
    return rc;
}

void introspect_abort(introspect_job *j)
{
    isp_release(&j->s);
    sb_release(&j->b.err);
    free(j);
}
