/* migrate: the online runner (upgrade, downgrade, stamp).  The protocol
 * is described in migrate.h; the SQL of sqlc's own tables comes from
 * version_table.c and the plan (which revisions, in which order, inside a
 * transaction or not) from bundle_resolve_from and bundle_check, exactly
 * as a bundle would have it.
 *
 * Design: a revision's statements are sent one at a time, as written
 * (each statement's own text from the parse, so comments between them and
 * a missing final ';' do not matter).  That is what lets a failure point
 * at file:line:col: the server's error position is a character offset
 * into the one statement it was given.  sqlc's own bookkeeping goes in
 * separate round trips inside the same transaction. */
#include "migrate.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checksum.h"
#include "pgconn.h"
#include "sqlparse.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs sqlc's own SQL.  On failure err gets "<what>: <server message>". */
static int exec_ours(migrator *m, const char *sql, const char *what, strbuf *err)
{
    strbuf why = STRBUF_INIT;
    int rc = pgc_command(m->conn, sql, &why);
    if (rc < 0)
        sb_addf(err, "%s: %s", what, why.buf);
    sb_release(&why);
    return rc;
}

static void rollback(migrator *m)
{
    if (PQstatus(m->conn) != CONNECTION_OK)
        return;
    if (PQtransactionStatus(m->conn) == PQTRANS_IDLE)
        return;
    PQclear(PQexec(m->conn, "ROLLBACK"));
}

/* BEGIN, body, COMMIT; ROLLBACK on failure. */
static int exec_tx(migrator *m, const char *body, const char *what, strbuf *err)
{
    if (exec_ours(m, "BEGIN", what, err) < 0)
        return -1;
    if (exec_ours(m, body, what, err) < 0 || exec_ours(m, "COMMIT", what, err) < 0) {
        rollback(m);
        return -1;
    }
    return 0;
}

/* ---- running a revision's statements -------------------------------------- */

/* A statement may start COPY; nothing is sent (COPY FROM STDIN fails) and
 * anything received is dropped.  Returns the final result. */
static PGresult *finish_copy(PGconn *c, PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COPY_IN) {
        PQputCopyEnd(c, "sqlc sends no COPY data; COPY ... FROM STDIN needs psql");
    } else if (st == PGRES_COPY_OUT) {
        char *buf;
        while (PQgetCopyData(c, &buf, 0) > 0)
            PQfreemem(buf);
    } else {
        return res;
    }
    PQclear(res);
    PGresult *last = NULL, *r;
    while ((r = PQgetResult(c)) != NULL) {
        PQclear(last);
        last = r;
    }
    return last;
}

/* The server's error for one statement, at its position in the file when
 * the server gives one (a character offset into the statement's text). */
static void report_stmt_error(migrator *m, diaglist *server, const srcfile *f, const stmt *st,
                              const char *text, const PGresult *res)
{
    size_t off = st->off;
    const char *pos = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
    if (pos && atoi(pos) > 0)
        off += utf8_char_offset(text, strlen(text), (size_t)atoi(pos));
    strbuf msg = STRBUF_INIT;
    pgc_result_error(m->conn, res, &msg);
    diag_add(server, DIAG_ERROR, f, off, "%s", msg.buf);
    static const struct { int field; const char *name; } extra[] = {
        {PG_DIAG_MESSAGE_DETAIL, "detail"},
        {PG_DIAG_MESSAGE_HINT, "hint"},
        {PG_DIAG_CONTEXT, "context"},
    };
    for (size_t i = 0; res && i < sizeof(extra) / sizeof(extra[0]); i++) {
        const char *v = PQresultErrorField(res, extra[i].field);
        if (v && *v)
            diag_add_path(server, DIAG_NOTE, f->path, "%s: %.*s", extra[i].name,
                          (int)strcspn(v, "\n"), v);
    }
    sb_release(&msg);
}

static int run_section(migrator *m, const bundle_step *s, diaglist *server)
{
    if (!s->sec.present)
        return 0;
    parsed_sql ps;
    /* bundle_check parsed this section already, so this cannot fail. */
    if (sql_parse(s->f, s->sec.off, s->sec.len, &ps, server) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < ps.n && rc == 0; i++) {
        char *text = stmt_text(s->f, &ps.stmts[i]);
        PGresult *res = PQexec(m->conn, text);
        if (res)
            res = finish_copy(m->conn, res);
        ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
            report_stmt_error(m, server, s->f, &ps.stmts[i], text, res);
            rc = -1;
        }
        PQclear(res);
        free(text);
    }
    parsed_sql_release(&ps);
    return rc;
}

/* ---- one run ------------------------------------------------------------------ */

typedef struct run {
    migrator *m;
    const mg_apply_opts *o;
    const bundle_range *r;
    const bundle_step *steps;
    mg_result *res;
    bool *cur;        /* applied set as the steps so far leave it */
    bool down;
    strbuf *err;      /* why sqlc's own SQL failed, if it did */
    size_t failed;    /* the step that failed, or nsteps */
} run;

static void bookkeeping(const run *x, const bundle_step *s, const strvec *removed,
                        const strvec *added, bool notx_end, strbuf *sql)
{
    const revision *rev = x->m->g->revs[s->ix];
    char sum[17];
    checksum_hex(checksum_revision(rev), sum);
    if (notx_end)
        vt_notx_end(&x->m->vt, removed, added, sql);
    else
        vt_change(&x->m->vt, removed, added, false, sql);
    vt_history(&x->m->vt, rev->id, x->down ? "downgrade" : "upgrade", sum, x->m->tool_version, sql);
}

/* A step inside a transaction: its own, or the run's (single). */
static int run_tx_step(run *x, const bundle_step *s, const strvec *removed, const strvec *added)
{
    migrator *m = x->m;
    bool single = x->o->single_transaction;
    strbuf sql = STRBUF_INIT;
    int rc = -1;
    if (!single) {
        vt_lock(&m->vt, &sql);
        if (exec_ours(m, "BEGIN", "cannot start a transaction", x->err) < 0 ||
            exec_ours(m, sql.buf, "cannot lock the version table", x->err) < 0)
            goto done;
        sb_reset(&sql);
    }
    if (run_section(m, s, &x->res->server) < 0)
        goto done;
    bookkeeping(x, s, removed, added, false, &sql);
    if (exec_ours(m, sql.buf, "cannot record the revision in the version table", x->err) < 0)
        goto done;
    if (!single && exec_ours(m, "COMMIT", "COMMIT failed", x->err) < 0)
        goto done;
    rc = 0;
done:
    if (rc < 0 && !single)
        rollback(m);
    sb_release(&sql);
    return rc;
}

/* A step outside a transaction: dirty mark, statements, clean. */
static int run_notx_step(run *x, const bundle_step *s, const strvec *removed, const strvec *added)
{
    migrator *m = x->m;
    strbuf sql = STRBUF_INIT;
    int rc = -1;
    vt_lock(&m->vt, &sql);
    vt_notx_begin(&m->vt, removed, added, &sql);
    if (exec_tx(m, sql.buf, "cannot mark the version row dirty", x->err) < 0)
        goto done;
    x->res->dirty = true;
    if (run_section(m, s, &x->res->server) < 0)
        goto done;
    if (PQtransactionStatus(m->conn) != PQTRANS_IDLE) {
        sb_addf(x->err, "revision %s left a transaction open", m->g->revs[s->ix]->id);
        rollback(m);
        goto done;
    }
    sb_reset(&sql);
    vt_lock(&m->vt, &sql);
    bookkeeping(x, s, removed, added, true, &sql);
    if (exec_tx(m, sql.buf, "cannot clear the dirty mark", x->err) < 0)
        goto done;
    x->res->dirty = false;
    rc = 0;
done:
    sb_release(&sql);
    return rc;
}

static void event(const run *x, mg_event_kind kind, size_t i, double secs)
{
    if (!x->m->progress)
        return;
    mg_event ev = {0};
    ev.kind = kind;
    ev.rev = x->m->g->revs[x->steps[i].ix];
    ev.down = x->down;
    ev.notx = x->o->single_transaction ? NULL : x->steps[i].notx;
    ev.index = i;
    ev.total = x->r->nsteps;
    ev.seconds = secs;
    x->m->progress(x->m->arg, &ev);
}

/* The version tables (and, at base, a foreign tool's own table). */
static void ddl(const run *x, strbuf *sql)
{
    const revgraph *g = x->m->g;
    if (!x->m->st.has_table && x->r->start_rows.n == 0 && g->prelude)
        sb_add(sql, g->prelude->text, g->prelude->len);
    vt_ddl(&x->m->vt, sql);
}

static int run_steps(run *x)
{
    migrator *m = x->m;
    const bundle_range *r = x->r;
    bool single = x->o->single_transaction;
    strbuf sql = STRBUF_INIT;
    int rc = -1;
    x->failed = r->nsteps;
    bool need_ddl = !m->st.has_table || !m->st.has_history;
    if (single) {
        if (exec_ours(m, "BEGIN", "cannot start a transaction", x->err) < 0)
            goto done;
        if (need_ddl)
            ddl(x, &sql);
        vt_lock(&m->vt, &sql);
        if (exec_ours(m, sql.buf, "cannot create or lock the version table", x->err) < 0)
            goto done;
    } else if (need_ddl) {
        ddl(x, &sql);
        if (exec_tx(m, sql.buf, "cannot create the version table", x->err) < 0)
            goto done;
    }
    for (size_t i = 0; i < r->nsteps; i++) {
        const bundle_step *s = &x->steps[i];
        strvec removed = STRVEC_INIT, added = STRVEC_INIT;
        bundle_step_rows(m->g, x->cur, s->ix, x->down, &removed, &added);
        event(x, MG_EV_START, i, 0);
        double t0 = now_s();
        int k = s->notx && !single ? run_notx_step(x, s, &removed, &added)
                                   : run_tx_step(x, s, &removed, &added);
        event(x, k == 0 ? MG_EV_DONE : MG_EV_FAILED, i, now_s() - t0);
        strvec_clear(&removed);
        strvec_clear(&added);
        if (k < 0) {
            x->failed = i;
            goto done;
        }
        if (!single)
            x->res->ndone++;
    }
    if (single) {
        if (exec_ours(m, "COMMIT", "COMMIT failed", x->err) < 0)
            goto done;
        x->res->ndone = r->nsteps;
    }
    rc = 0;
done:
    if (rc < 0 && single)
        rollback(m);
    sb_release(&sql);
    return rc;
}

/* Where the database is now: read back when the connection still works. */
static void final_rows(migrator *m, const bool *fallback, strvec *out)
{
    strbuf err = STRBUF_INIT;
    if (PQstatus(m->conn) == CONNECTION_OK && mg_read_state(m, &err) == MG_OK) {
        for (size_t i = 0; i < m->st.rows.n; i++)
            strvec_push(out, m->st.rows.v[i]);
    } else if (fallback) {
        bundle_rows(m->g, fallback, out);
    }
    sb_release(&err);
}

static void add_rows(strbuf *out, const strvec *rows)
{
    if (!rows->n)
        sb_adds(out, "base");
    for (size_t i = 0; i < rows->n; i++)
        sb_addf(out, "%s%s", i ? ", " : "", rows->v[i]);
}

int mg_apply(migrator *m, const mg_apply_opts *o, mg_result *res, diaglist *dl, strbuf *err)
{
    memset(res, 0, sizeof(*res));
    assert(o->dir == BUNDLE_UPGRADE || o->dir == BUNDLE_DOWNGRADE);
    double t0 = now_s();
    int rc = mg_lock(m, o->lock_timeout, err);
    if (rc == MG_OK)
        rc = mg_read_state(m, err);
    if (rc == MG_OK)
        rc = mg_state_usable(m, false, err);
    /* Even when there is nothing to run: an edited applied revision is
     * news whatever the target (Flyway validates on migrate, too). */
    if (rc == MG_OK && !o->ignore_checksums) {
        mg_mismatch *mm;
        size_t n, unrecorded;
        rc = mg_mismatches(m, &mm, &n, &unrecorded, err);
        if (rc == MG_OK && n) {
            sb_adds(err, "applied revisions differ from their files: ");
            mg_describe_mismatches(m->g, mm, n, err);
            sb_adds(err, "; restore the files as they were applied, accept them as they are with 'sqlc stamp' of the current revision, or pass --ignore-checksums; nothing was changed");
            rc = MG_PROBLEM;
        }
        free(mm);
    }
    if (rc != MG_OK)
        return rc;
    for (size_t i = 0; i < m->st.rows.n; i++)
        strvec_push(&res->start_rows, m->st.rows.v[i]);
    bundle_range r;
    int k = bundle_resolve_from(m->g, &m->st.current, o->target, o->dir, &r, err);
    if (k < 0)
        return MG_INPUT;
    if (k == 1) {
        sb_reset(err);
        res->nothing = true;
        for (size_t i = 0; i < m->st.rows.n; i++)
            strvec_push(&res->end_rows, m->st.rows.v[i]);
        return MG_OK;
    }
    res->nsteps = r.nsteps;
    bundle_step *steps = NULL;
    bool *cur = NULL;
    bundle_opts bo = {0};
    bo.single_transaction = o->single_transaction;
    bo.allow_empty_downgrade = o->allow_empty_downgrade;
    bo.strict = o->strict;
    bo.spec = o->target;
    bo.tool_version = m->tool_version;
    bo.vt_schema = m->vt.schema;
    bo.vt_table = m->vt.table;
    steps = bundle_check(m->g, &r, &bo, dl);
    if (!steps) {
        sb_addf(err, "nothing was changed: %zu error%s in the revisions to run", dl->nerrors,
                dl->nerrors == 1 ? "" : "s");
        rc = MG_INPUT;
        goto done;
    }
    cur = xcalloc(m->g->n + 1, sizeof(bool));
    memcpy(cur, r.from_applied, m->g->n * sizeof(bool));
    strbuf why = STRBUF_INIT;
    run x = {m, o, &r, steps, res, cur, r.dir == BUNDLE_DOWNGRADE, &why, r.nsteps};
    if (run_steps(&x) < 0) {
        final_rows(m, NULL, &res->end_rows);
        if (x.failed < r.nsteps)
            sb_addf(err, "%s of revision %s failed", x.down ? "downgrade" : "upgrade",
                    m->g->revs[steps[x.failed].ix]->id);
        if (why.len)
            sb_addf(err, "%s%s", x.failed < r.nsteps ? ": " : "", why.buf);
        if (res->dirty) {
            sb_adds(err, " outside a transaction: the statements before the failing one stay applied, and the version table marks ");
            add_rows(err, &res->end_rows);
            sb_adds(err, " dirty; repair the database by hand, record the revision it is at with 'sqlc stamp REV', then run again");
        } else {
            sb_adds(err, x.failed == r.nsteps ? "; "
                         : o->single_transaction ? "; the whole run was rolled back (--single-transaction); "
                                                 : " and was rolled back; ");
            sb_adds(err, "the database is at ");
            add_rows(err, &res->end_rows);
        }
        rc = MG_PROBLEM;
    } else {
        final_rows(m, cur, &res->end_rows);
    }
    sb_release(&why);
done:
    res->seconds = now_s() - t0;
    free(cur);
    free(steps);
    bundle_range_release(&r);
    return rc;
}

/* ---- stamp ------------------------------------------------------------------------ */

int mg_stamp(migrator *m, char *const *specs, size_t nspecs, bool purge, int lock_timeout,
             mg_result *res, strbuf *err)
{
    memset(res, 0, sizeof(*res));
    const revgraph *g = m->g;
    int rc = mg_lock(m, lock_timeout, err);
    if (rc == MG_OK)
        rc = mg_read_state(m, err);
    if (rc == MG_OK && !purge)
        rc = mg_state_usable(m, true, err);
    if (rc != MG_OK)
        return rc;
    for (size_t i = 0; i < m->st.rows.n; i++)
        strvec_push(&res->start_rows, m->st.rows.v[i]);
    revset target = REVSET_INIT, one = REVSET_INIT;
    for (size_t i = 0; i < nspecs; i++) {
        if (revspec_resolve_one(g, specs[i], &m->st.current, &one, err) < 0) {
            revset_clear(&target);
            revset_clear(&one);
            return MG_INPUT;
        }
        for (size_t k = 0; k < one.n; k++)
            if (!revset_has(&target, one.ix[k]))
                revset_add(&target, one.ix[k]);
    }
    revset_clear(&one);
    /* Applied revisions whose files changed get a row too: stamping is
     * how an operator accepts the files as they are now. */
    bool *repin = xcalloc(g->n + 1, sizeof(bool));
    if (!purge) {
        mg_mismatch *mm;
        size_t n, unrecorded;
        rc = mg_mismatches(m, &mm, &n, &unrecorded, err);
        for (size_t i = 0; i < n; i++)
            repin[mm[i].ix] = true;
        free(mm);
        if (rc != MG_OK) {
            free(repin);
            revset_clear(&target);
            return rc;
        }
    }
    bool *to = bundle_applied(g, &target);
    bool *from = purge ? xcalloc(g->n + 1, sizeof(bool)) : bundle_applied(g, &m->st.current);
    bundle_rows(g, to, &res->end_rows);
    strbuf sql = STRBUF_INIT;
    if (!m->st.has_table || !m->st.has_history)
        vt_ddl(&m->vt, &sql);
    vt_lock(&m->vt, &sql);
    vt_purge(&m->vt, &sql);
    strvec none = STRVEC_INIT;
    vt_change(&m->vt, &none, &res->end_rows, false, &sql);
    for (size_t i = 0; i < g->n; i++) {
        const revision *rev = g->revs[g->topo[i]];
        bool cleared = to[g->topo[i]] && (strvec_has(&m->st.dirty, rev->id) || repin[g->topo[i]]);
        if (from[g->topo[i]] == to[g->topo[i]] && !cleared)
            continue;
        char sum[17];
        checksum_hex(checksum_revision(rev), sum);
        vt_history(&m->vt, rev->id, "stamp", sum, m->tool_version, &sql);
        res->ndone++;
    }
    if (exec_tx(m, sql.buf, "cannot stamp the version table", err) < 0)
        rc = MG_PROBLEM;
    sb_release(&sql);
    free(to);
    free(from);
    free(repin);
    revset_clear(&target);
    return rc;
}

void mg_result_release(mg_result *res)
{
    strvec_clear(&res->start_rows);
    strvec_clear(&res->end_rows);
    diag_clear(&res->server);
    memset(res, 0, sizeof(*res));
}
