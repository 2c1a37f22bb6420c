/* source: where a schema comes from, for diff, check and autogenerate.
 *
 *   rev:REV       replay of the history up to REV (head, heads, an id, ...)
 *   dump:FILE     a pg_dump --schema-only file, through the dump reader
 *   schema:FILE   a desired schema: one plain SQL file of CREATE statements,
 *                 replayed like a revision; its "-- sqlc:renamed-from"
 *                 annotations are read as rename hints
 *   db:DSN        a live database, through the introspector ("db:" alone:
 *                 the configured database_url / PG* variables)
 *
 * Every kind lands in the same catalog, so the diff never knows which it
 * got.  Errors are diagnostics (file:line) or one line in err. */
#include "cli.h"

#include <string.h>

#include "dumpread.h"
#include "parallel.h"
#include "pgconn.h"
#include "replay.h"
#include "version_table.h"

int project_replay(project *p, const char *spec, catalog *cat, replay_opts ro, diaglist *dl)
{
    revset target = REVSET_INIT;
    bool *sel = NULL;
    if (spec) {
        resolve_or_die(&p->graph, spec, &target);
        sel = xcalloc(p->graph.n + 1, sizeof(bool));
        for (size_t i = 0; i < target.n; i++)
            graph_mark_ancestors(&p->graph, target.ix[i], true, sel);
    }
    replayer rp;
    replayer_init(&rp, cat, dl, ro);
    int rc = replay_graph(&rp, &p->graph, sel);
    if (rc == 0)
        rc = replay_finish(&rp);
    free(sel);
    revset_clear(&target);
    return rc;
}

static int load_schema_file(const char *path, catalog *cat, rename_hints *hints, diaglist *dl, strbuf *err)
{
    revgraph g = {0};
    const char *paths[] = {path};
    int rc = history_load_files(paths, 1, &g, dl);
    if (rc == 0 && hints) {
        strbuf text = STRBUF_INIT;
        rc = read_file(path, &text, err);
        if (rc == 0)
            rc = rename_hints_read(path, sb_str(&text), text.len, hints, err);
        sb_release(&text);
    }
    if (rc == 0) {
        replayer rp;
        replayer_init(&rp, cat, dl, (replay_opts){0});
        rc = replay_graph(&rp, &g, NULL);
        if (rc == 0)
            rc = replay_finish(&rp);
    }
    graph_release(&g);
    return rc;
}

void source_db_opts(const config *cfg, introspect_opts *io)
{
    /* sqlc's own bookkeeping is not part of the schema a history builds. */
    vtable vt;
    vt_init(&vt, cfg->version_schema, cfg->version_table);
    strvec_push_nodup(&io->exclude_tables, xasprintf("%s.%s", vt.schema, vt.table));
    strvec_push_nodup(&io->exclude_tables, xasprintf("%s.%s", vt.schema, vt.history));
    vt_release(&vt);
}

int source_load_db(const config *cfg, const char *dsn, introspect_opts *io, catalog *cat, diaglist *dl, strbuf *err)
{
    char *shown = pgc_redact(dsn);
    char *source = xasprintf("db:%s", shown);
    free(shown);
    io->source = source;
    source_db_opts(cfg, io);
    int rc = -1;
    PGconn *conn = pgc_connect(dsn, err);
    if (conn) {
        rc = introspect_db(conn, io, cat, dl, err);
        PQfinish(conn);
    }
    free(source);
    io->source = NULL;
    return rc;
}

int source_load(project *p, const char *spec, catalog *cat, rename_hints *hints, diaglist *dl, strbuf *err)
{
    if (str_starts_with(spec, "rev:")) {
        if (!p->have_graph)
            project_load_history(p); /* the config is loaded: reloading it would leak it */
        const char *rev = spec + 4;
        if (!strcmp(rev, "base"))
            return 0; /* nothing applied: the empty schema */
        return project_replay(p, *rev && strcmp(rev, "heads") ? rev : NULL, cat, (replay_opts){0}, dl);
    }
    if (str_starts_with(spec, "dump:"))
        return dump_load(spec + 5, cat, dl, (replay_opts){0});
    if (str_starts_with(spec, "schema:"))
        return load_schema_file(spec + 7, cat, hints, dl, err);
    if (str_starts_with(spec, "db:")) {
        introspect_opts io = {0};
        int rc = source_load_db(&p->cfg, spec[3] ? spec + 3 : p->cfg.database_url, &io, cat, dl, err);
        introspect_opts_release(&io);
        return rc;
    }
    sb_addf(err, "unknown schema source '%s': use rev:REV, db:DSN, dump:FILE or schema:FILE", spec);
    return -1;
}

/* One side of a diff, loaded on its own thread. */
typedef struct side {
    project *p;
    const char *spec;
    catalog *cat;
    rename_hints hints;
    diaglist dl;
    strbuf err;
    int rc;
} side;

static void load_side(size_t i, void *ctx)
{
    side *s = (side *)ctx + i;
    s->rc = source_load(s->p, s->spec, s->cat, &s->hints, &s->dl, &s->err);
}

int diff_sources(project *p, const char *from, const char *to, const diff_opts *o, changeset *cs)
{
    side sides[2] = {
        {p, from, catalog_new(), {0}, DIAGLIST_INIT, STRBUF_INIT, 0},
        {p, to, catalog_new(), {0}, DIAGLIST_INIT, STRBUF_INIT, 0},
    };
    /* The two sides are independent (two databases are two connections
     * and two replays), so they load at once; only a history is shared
     * state (the project's graph), so two rev: sides load in turn. */
    bool both_rev = str_starts_with(from, "rev:") && str_starts_with(to, "rev:");
    if (!both_rev && !p->have_graph && (str_starts_with(from, "rev:") || str_starts_with(to, "rev:")))
        project_load_history(p); /* before the threads: neither writes p */
    parallel_for(2, both_rev ? 3 : 2, load_side, sides);
    /* A desired schema on the "from" side (a downgrade being generated)
     * names its renames the other way round. */
    rename_hints hints = {0};
    for (size_t i = 0; i < sides[0].hints.n; i++) {
        rename_hint h = sides[0].hints.v[i];
        char *t = h.name;
        h.name = h.from;
        h.from = t;
        ALLOC_GROW(hints.v, hints.n + 1, hints.alloc);
        hints.v[hints.n++] = h;
    }
    for (size_t i = 0; i < sides[1].hints.n; i++) {
        ALLOC_GROW(hints.v, hints.n + 1, hints.alloc);
        hints.v[hints.n++] = sides[1].hints.v[i];
    }
    free(sides[0].hints.v);
    free(sides[1].hints.v);
    int rc = 0;
    size_t nerrors = 0;
    strbuf err = STRBUF_INIT;
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < sides[k].dl.n; i++)
            if (sides[k].dl.items[i].sev != DIAG_NOTE)
                diag_print_one(&sides[k].dl.items[i], stderr);
        nerrors += sides[k].dl.nerrors;
        if (sides[k].rc < 0 || sides[k].dl.nerrors)
            rc = -1;
        if (sides[k].err.len && !err.len)
            sb_adds(&err, sides[k].err.buf);
    }
    if (rc == 0) {
        diff_opts eff = *o;
        eff.hints = &hints;
        rc = diff_catalogs(sides[0].cat, sides[1].cat, &eff, cs, &err);
    }
    if (rc < 0 && err.len)
        fprintf(stderr, "sqlc: error: %s\n", err.buf);
    else if (rc < 0)
        fprintf(stderr, "sqlc: error: cannot read the schema (%zu error%s above)\n", nerrors,
                nerrors == 1 ? "" : "s");
    rename_hints_release(&hints);
    for (int k = 0; k < 2; k++) {
        diag_clear(&sides[k].dl);
        sb_release(&sides[k].err);
        catalog_free(sides[k].cat);
    }
    sb_release(&err);
    return rc;
}
