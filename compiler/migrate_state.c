/* migrate_state: the session half of the online commands: connecting,
 * sqlc's advisory lock, and reading the version table back (head rows,
 * dirty marks, the checksum each applied revision was recorded with).
 * The contract is in migrate.h; every query is printed by version_table.c,
 * so the tables are defined in one place. */
#include "migrate.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "checksum.h"
#include "pgconn.h"

/* libpq calls this for NOTICE, WARNING and friends; without it they would
 * go straight to stderr, outside the caller's printing policy. */
static void on_notice(void *arg, const PGresult *res)
{
    migrator *m = arg;
    if (!m->notice)
        return;
    const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY);
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    m->notice(m->arg, sev ? sev : "NOTICE", msg ? msg : "");
}

int mg_open(migrator *m, const revgraph *g, const char *dsn, const char *vt_schema,
            const char *vt_table, const char *tool_version, strbuf *err)
{
    /* The callbacks may have been set before: keep them. */
    void (*notice)(void *, const char *, const char *) = m->notice;
    void (*progress)(void *, const mg_event *) = m->progress;
    void *arg = m->arg;
    memset(m, 0, sizeof(*m));
    m->notice = notice;
    m->progress = progress;
    m->arg = arg;
    m->g = g;
    m->tool_version = tool_version;
    vt_init(&m->vt, vt_schema, vt_table);
    m->conn = pgc_connect(dsn, err);
    if (!m->conn)
        return MG_INPUT;
    PQsetNoticeReceiver(m->conn, on_notice, m);
    return MG_OK;
}

static void state_release(mg_state *st)
{
    strvec_clear(&st->rows);
    strvec_clear(&st->dirty);
    strvec_clear(&st->unknown);
    revset_clear(&st->current);
    memset(st, 0, sizeof(*st));
}

void mg_close(migrator *m)
{
    /* Closing the session releases the advisory lock; unlocking first
     * only makes the release explicit in the server's log. */
    if (m->conn && m->locked && PQstatus(m->conn) == CONNECTION_OK &&
        PQtransactionStatus(m->conn) == PQTRANS_IDLE) {
        strbuf sql = STRBUF_INIT, err = STRBUF_INIT;
        vt_advisory_unlock(&m->vt, &sql);
        PQclear(pgc_exec(m->conn, sql.buf, &err));
        sb_release(&sql);
        sb_release(&err);
    }
    PQfinish(m->conn);
    state_release(&m->st);
    vt_release(&m->vt);
    memset(m, 0, sizeof(*m));
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int mg_lock(migrator *m, int timeout_s, strbuf *err)
{
    if (m->locked) /* a session lock: once is enough for the session */
        return MG_OK;
    strbuf sql = STRBUF_INIT, why = STRBUF_INIT;
    vt_advisory_lock(&m->vt, &sql);
    double deadline = mono_now() + timeout_s;
    long pause_ms = 10; /* doubled up to 200 ms: quick when the holder is */
    int rc = MG_OK;
    for (;;) {
        PGresult *res = pgc_exec(m->conn, sql.buf, &why);
        if (!res) {
            sb_addf(err, "could not take the migration lock: %s", why.buf);
            rc = MG_PROBLEM;
            break;
        }
        bool taken = !strcmp(PQgetvalue(res, 0, 0), "t");
        PQclear(res);
        if (taken) {
            m->locked = true;
            break;
        }
        if (timeout_s > 0 && mono_now() >= deadline) {
            sb_addf(err, "another sqlc run holds the migration lock of %s (advisory lock %d, %d) and did not finish within %d s; nothing was changed",
                    m->vt.qtable, VT_LOCK_CLASS, vt_lock_key(&m->vt), timeout_s);
            rc = MG_PROBLEM;
            break;
        }
        struct timespec ts = {pause_ms / 1000, (pause_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        if (pause_ms < 200)
            pause_ms *= 2;
    }
    sb_release(&sql);
    sb_release(&why);
    return rc;
}

int mg_read_state(migrator *m, strbuf *err)
{
    state_release(&m->st);
    mg_state *st = &m->st;
    strbuf sql = STRBUF_INIT, why = STRBUF_INIT;
    int rc = MG_PROBLEM;
    vt_exists_query(&m->vt, &sql);
    PGresult *res = pgc_exec(m->conn, sql.buf, &why);
    if (!res)
        goto done;
    st->has_table = !strcmp(PQgetvalue(res, 0, 0), "t");
    st->has_history = !strcmp(PQgetvalue(res, 0, 1), "t");
    PQclear(res);
    if (st->has_table) {
        sb_reset(&sql);
        vt_heads_query(&m->vt, &sql);
        res = pgc_exec(m->conn, sql.buf, &why);
        if (!res)
            goto done;
        for (int i = 0; i < PQntuples(res); i++) {
            const char *id = PQgetvalue(res, i, 0);
            strvec_push(&st->rows, id);
            if (!strcmp(PQgetvalue(res, i, 1), "t"))
                strvec_push(&st->dirty, id);
            int ix = graph_find(m->g, id);
            if (ix < 0)
                strvec_push(&st->unknown, id);
            else
                revset_add(&st->current, ix);
        }
        PQclear(res);
    }
    rc = MG_OK;
done:
    if (rc != MG_OK)
        sb_addf(err, "cannot read the version table %s: %s", m->vt.qtable, why.buf);
    sb_release(&sql);
    sb_release(&why);
    return rc;
}

static void join(strbuf *out, const strvec *v)
{
    for (size_t i = 0; i < v->n; i++)
        sb_addf(out, "%s%s", i ? ", " : "", v->v[i]);
}

int mg_state_usable(const migrator *m, bool allow_dirty, strbuf *err)
{
    const mg_state *st = &m->st;
    if (st->unknown.n) {
        sb_addf(err, "the version table %s holds %s ", m->vt.qtable,
                st->unknown.n == 1 ? "revision" : "revisions");
        join(err, &st->unknown);
        sb_addf(err, ", which %s not in the versions folder: the database was migrated with another history; use the matching versions folder, or replace the rows with 'sqlc stamp REV --purge'",
                st->unknown.n == 1 ? "is" : "are");
        return MG_INPUT;
    }
    if (st->dirty.n && !allow_dirty) {
        sb_addf(err, "the version table %s marks ", m->vt.qtable);
        join(err, &st->dirty);
        sb_adds(err, " dirty: a revision that runs outside a transaction started and did not finish, so the database may hold part of it; repair the database by hand, record the revision it is at with 'sqlc stamp REV', then run again");
        return MG_PROBLEM;
    }
    return MG_OK;
}

int mg_mismatches(migrator *m, mg_mismatch **out, size_t *n, size_t *unrecorded, strbuf *err)
{
    *out = NULL;
    *n = 0;
    const revgraph *g = m->g;
    bool *applied = bundle_applied(g, &m->st.current);
    bool *seen = xcalloc(g->n + 1, sizeof(bool));
    size_t alloc = 0;
    int rc = MG_OK;
    if (m->st.has_history) {
        strbuf sql = STRBUF_INIT, why = STRBUF_INIT;
        vt_checksums_query(&m->vt, &sql);
        PGresult *res = pgc_exec(m->conn, sql.buf, &why);
        if (!res) {
            sb_addf(err, "cannot read the version history %s: %s", m->vt.qhistory, why.buf);
            rc = MG_PROBLEM;
        }
        for (int i = 0; res && i < PQntuples(res); i++) {
            int ix = graph_find(g, PQgetvalue(res, i, 0));
            /* A newest row that undid the revision cannot describe an
             * applied state; only hand edits make one. */
            if (ix < 0 || !applied[ix] || !strcmp(PQgetvalue(res, i, 1), "downgrade"))
                continue;
            seen[ix] = true;
            char now[17];
            checksum_hex(checksum_revision(g->revs[ix]), now);
            const char *rec = PQgetvalue(res, i, 2);
            if (!strcmp(rec, now))
                continue;
            ALLOC_GROW(*out, *n + 1, alloc);
            mg_mismatch *mm = &(*out)[(*n)++];
            mm->ix = ix;
            snprintf(mm->recorded, sizeof(mm->recorded), "%s", rec);
            memcpy(mm->now, now, sizeof(now));
        }
        PQclear(res);
        sb_release(&sql);
        sb_release(&why);
    }
    *unrecorded = 0;
    for (size_t i = 0; i < g->n; i++)
        *unrecorded += applied[i] && !seen[i];
    /* Graph order, so messages read like the history. */
    for (size_t a = 1; a < *n; a++)
        for (size_t b = a; b > 0 && g->topo_pos[(*out)[b].ix] < g->topo_pos[(*out)[b - 1].ix]; b--) {
            mg_mismatch t = (*out)[b];
            (*out)[b] = (*out)[b - 1];
            (*out)[b - 1] = t;
        }
    free(applied);
    free(seen);
    return rc;
}

void mg_describe_mismatches(const revgraph *g, const mg_mismatch *mm, size_t n, strbuf *out)
{
    for (size_t i = 0; i < n; i++)
        sb_addf(out, "%s%s (applied %s, file now %s)", i ? ", " : "", g->revs[mm[i].ix]->id,
                mm[i].recorded, mm[i].now);
}
