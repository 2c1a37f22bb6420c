/* fleet: one schema against many databases, concurrently.
 *
 *   sqlc diff [--from SRC] --to db:DSN1 --to db:DSN2 ... [--targets FILE] [--jobs N]
 *
 * Real teams run one schema on many databases (per-tenant databases,
 * staging, regions).  Each database gets one connection; at most N are
 * open at once.  Everything that waits on the network is libpq's
 * asynchronous API driven by one poll(2) loop: the connection
 * (pgc_connect_start + PQconnectPoll), then the introspection batch
 * (introspect_start sends it; PQconsumeInput / PQisBusy / PQgetResult
 * collect the results as they arrive, handed to introspect_feed).  The
 * servers therefore work on all N batches at the same time, and the
 * client's own work per database (building its catalog, replaying the
 * FROM source, the diff) runs as each batch completes, while the others
 * are still on the wire.
 *
 * Output: one line per database, in the order given, as soon as it and
 * those before it are done: "<redacted dsn>: ok", ": drift: N changes"
 * or ": error: <one line>".  Exit status: 1 when any database drifted,
 * else 2 when any could not be checked, else 0.
 *
 * Most databases of a healthy fleet equal FROM, so FROM is loaded once
 * and printed as catalog JSON; a database whose JSON is the same text is
 * "ok" with no diff at all (equal catalogs cannot differ).  Any other goes
 * through the full diff, which tells real changes from what the diff
 * ignores (column order, say) and counts them; it loads FROM afresh,
 * since the diff applies the renames it finds to its "from" catalog. */
#include "catalog_json.h"
#include "cli.h"
#include "introspect.h"
#include "pgconn.h"

#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <string.h>

typedef enum { T_WAITING, T_CONNECTING, T_READING, T_DONE } target_state;

typedef struct target {
    const char *dsn;
    char *shown;                /* pgc_redact(dsn) */
    char *source;               /* "db:<shown>", what diagnostics name */
    introspect_opts io;         /* the shared options with that source */
    target_state state;
    PGconn *conn;
    PostgresPollingStatusType poll; /* while connecting: what libpq waits for */
    introspect_job *job;
    int status;                 /* EXIT_OK, EXIT_PROBLEMS (drift), EXIT_USAGE (error) */
    size_t nchanges;
    strbuf error;
} target;

/* What every comparison shares. */
typedef struct fleet {
    project *p;
    const char *from;
    const diff_opts *o;
    json_opts jo;
    strbuf from_json;     /* FROM as catalog JSON */
} fleet;

/* The catalog as JSON text, or -1 with err. */
static int catalog_text(catalog *cat, const json_opts *jo, strbuf *out, strbuf *err)
{
    if (catalog_materialize(cat, err) < 0)
        return -1;
    if (catalog_to_json(cat, jo, out) < 0) {
        sb_adds(err, "out of memory printing a catalog");
        return -1;
    }
    return 0;
}

static void fail(target *t, const char *msg)
{
    if (!t->error.len)
        sb_adds(&t->error, msg);
    t->status = EXIT_USAGE;
}

/* The database's catalog is complete: compare it with FROM. */
static void compare(fleet *f, target *t)
{
    catalog *a = catalog_new(), *b = catalog_new();
    diaglist dl = DIAGLIST_INIT;
    strbuf err = STRBUF_INIT, json = STRBUF_INIT;
    if (introspect_finish(t->job, b, &dl, &err) < 0) {
        t->job = NULL;
        fail(t, err.len ? err.buf : "the database's schema could not be read");
        goto done;
    }
    t->job = NULL;
    diag_clear(&dl);
    if (catalog_text(b, &f->jo, &json, &err) < 0) {
        fail(t, err.buf);
        goto done;
    }
    if (json.len == f->from_json.len && !memcmp(json.buf, f->from_json.buf, json.len)) {
        t->status = EXIT_OK;
        goto done;
    }
    if (source_load(f->p, f->from, a, NULL, &dl, &err) < 0 || dl.nerrors) {
        fail(t, err.len ? err.buf : "the FROM schema could not be read (see 'sqlc diff --to' on this database)");
        goto done;
    }
    changeset cs = {0};
    if (diff_catalogs(a, b, f->o, &cs, &err) < 0) {
        fail(t, err.buf);
    } else {
        t->nchanges = cs.n;
        t->status = cs.n ? EXIT_PROBLEMS : EXIT_OK;
    }
    changeset_release(&cs);
done:
    diag_clear(&dl);
    sb_release(&err);
    sb_release(&json);
    catalog_free(a);
    catalog_free(b);
}

static void finish(target *t, size_t *active)
{
    if (t->job)
        introspect_abort(t->job);
    t->job = NULL;
    PQfinish(t->conn);
    t->conn = NULL;
    t->state = T_DONE;
    (*active)--;
}

static void start(target *t, size_t *active)
{
    (*active)++;
    t->conn = pgc_connect_start(t->dsn, &t->error);
    if (!t->conn) {
        t->status = EXIT_USAGE;
        finish(t, active);
        return;
    }
    t->state = T_CONNECTING;
    t->poll = PGRES_POLLING_WRITING;
}

/* Advances one target whose socket is ready. */
static void step(fleet *f, target *t, size_t *active)
{
    if (t->state == T_CONNECTING) {
        t->poll = PQconnectPoll(t->conn);
        if (t->poll == PGRES_POLLING_FAILED) {
            pgc_connect_error(t->conn, t->dsn, &t->error);
            t->status = EXIT_USAGE;
            finish(t, active);
        } else if (t->poll == PGRES_POLLING_OK) {
            strbuf err = STRBUF_INIT;
            t->job = PQsetnonblocking(t->conn, 1) == 0 ? introspect_start(t->conn, &t->io, &err) : NULL;
            if (!t->job) {
                fail(t, err.len ? err.buf : "cannot switch the connection to nonblocking mode");
                finish(t, active);
            } else {
                t->state = T_READING;
            }
            sb_release(&err);
        }
        return;
    }
    assert(t->state == T_READING);
    if (!PQconsumeInput(t->conn)) {
        strbuf err = STRBUF_INIT;
        pgc_result_error(t->conn, NULL, &err);
        fail(t, err.buf);
        sb_release(&err);
        finish(t, active);
        return;
    }
    while (!PQisBusy(t->conn)) {
        PGresult *r = PQgetResult(t->conn);
        if (!r) { /* the whole batch is in */
            compare(f, t);
            finish(t, active);
            return;
        }
        introspect_feed(t->job, r);
    }
}

static void print_line(const target *t)
{
    if (t->status == EXIT_OK)
        printf("%s: ok\n", t->shown);
    else if (t->status == EXIT_PROBLEMS)
        printf("%s: drift: %zu change%s\n", t->shown, t->nchanges, t->nchanges == 1 ? "" : "s");
    else
        printf("%s: error: %s\n", t->shown, t->error.buf);
    fflush(stdout);
}

void fleet_read_targets(const command *self, const char *path, strvec *out)
{
    strbuf text = STRBUF_INIT, err = STRBUF_INIT;
    if (read_file(path, &text, &err) < 0)
        usage_error(self, "--targets: %s", err.buf);
    for (char *line = text.buf; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        size_t len = strlen(s);
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
            s[--len] = '\0';
        if (*s && *s != '#') {
            char *src = str_starts_with(s, "db:") ? xstrdup(s) : xasprintf("db:%s", s);
            strvec_push(out, src);
            free(src);
        }
        line = nl ? nl + 1 : NULL;
    }
    sb_release(&text);
    sb_release(&err);
}

int fleet_diff(project *p, const char *from, const strvec *dsns, int jobs, const diff_opts *o)
{
    assert(jobs > 0);
    fleet f = {p, from, o, {false, o->privileges}, STRBUF_INIT};
    {
        /* FROM once, up front: when it does not load, no database is checked. */
        catalog *a = catalog_new();
        diaglist dl = DIAGLIST_INIT;
        strbuf err = STRBUF_INIT;
        int rc = source_load(p, from, a, NULL, &dl, &err);
        for (size_t i = 0; i < dl.n; i++)
            if (dl.items[i].sev == DIAG_ERROR)
                diag_print_one(&dl.items[i], stderr);
        if (rc == 0 && !dl.nerrors)
            rc = catalog_text(a, &f.jo, &f.from_json, &err);
        if (rc < 0 || dl.nerrors)
            fprintf(stderr, "sqlc diff: error: %s\n", err.len ? err.buf : "cannot read the FROM schema (errors above)");
        diag_clear(&dl);
        sb_release(&err);
        catalog_free(a);
        if (rc < 0 || !f.from_json.len) {
            sb_release(&f.from_json);
            return EXIT_USAGE;
        }
    }
    size_t n = dsns->n, active = 0, next = 0, printed = 0;
    target *t = xcalloc(n + 1, sizeof(*t));
    struct pollfd *fds = xcalloc(n + 1, sizeof(*fds));
    size_t *who = xcalloc(n + 1, sizeof(*who));
    introspect_opts io;
    memset(&io, 0, sizeof(io));
    source_db_opts(&p->cfg, &io);
    io.privileges = o->privileges;
    for (size_t i = 0; i < n; i++) {
        assert(str_starts_with(dsns->v[i], "db:"));
        t[i].dsn = dsns->v[i][3] ? dsns->v[i] + 3 : p->cfg.database_url; /* "db:" alone: the project's */
        t[i].shown = pgc_redact(t[i].dsn);
        t[i].source = xasprintf("db:%s", t[i].shown);
        t[i].io = io; /* shares io's lists, released once below */
        t[i].io.source = t[i].source;
    }
    while (printed < n) {
        while (active < (size_t)jobs && next < n)
            start(&t[next++], &active);
        size_t nfds = 0;
        for (size_t i = 0; i < next; i++) {
            if (t[i].state != T_CONNECTING && t[i].state != T_READING)
                continue;
            fds[nfds].fd = PQsocket(t[i].conn);
            fds[nfds].events = t[i].state == T_CONNECTING && t[i].poll == PGRES_POLLING_WRITING ? POLLOUT
                               : t[i].state == T_READING && PQflush(t[i].conn) == 1 ? POLLIN | POLLOUT
                               : POLLIN;
            fds[nfds].revents = 0;
            who[nfds++] = i;
        }
        if (nfds && poll(fds, nfds, -1) < 0 && errno != EINTR)
            die("poll: %s", strerror(errno));
        for (size_t k = 0; k < nfds; k++)
            if (fds[k].revents)
                step(&f, &t[who[k]], &active);
        while (printed < n && t[printed].state == T_DONE)
            print_line(&t[printed++]);
    }
    int status = EXIT_OK;
    size_t drift = 0, errors = 0;
    for (size_t i = 0; i < n; i++) {
        drift += t[i].status == EXIT_PROBLEMS;
        errors += t[i].status == EXIT_USAGE;
        free(t[i].shown);
        free(t[i].source);
        sb_release(&t[i].error);
    }
    if (!g_opts.quiet)
        fprintf(stderr, "sqlc diff: %zu database%s: %zu ok, %zu with drift, %zu not checked\n", n,
                n == 1 ? "" : "s", n - drift - errors, drift, errors);
    status = drift ? EXIT_PROBLEMS : errors ? EXIT_USAGE : EXIT_OK;
    introspect_opts_release(&io);
    sb_release(&f.from_json);
    free(who);
    free(fds);
    free(t);
    return status;
}
