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
        if (!p->have_graph) {
            config_release(&p->cfg); /* project_open reads it again */
            project_open(p);
        }
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

int diff_sources(project *p, const char *from, const char *to, const diff_opts *o, changeset *cs)
{
    catalog *a = catalog_new(), *b = catalog_new();
    diaglist dl = DIAGLIST_INIT;
    rename_hints hints = {0};
    strbuf err = STRBUF_INIT;
    int rc = source_load(p, from, a, &hints, &dl, &err);
    /* A desired schema on the "from" side (a downgrade being generated)
     * names its renames the other way round. */
    for (size_t i = 0; i < hints.n; i++) {
        char *t = hints.v[i].name;
        hints.v[i].name = hints.v[i].from;
        hints.v[i].from = t;
    }
    if (rc == 0)
        rc = source_load(p, to, b, &hints, &dl, &err);
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].sev != DIAG_NOTE)
            diag_print_one(&dl.items[i], stderr);
    if (rc == 0 && dl.nerrors)
        rc = -1;
    if (rc == 0) {
        diff_opts eff = *o;
        eff.hints = &hints;
        rc = diff_catalogs(a, b, &eff, cs, &err);
    }
    if (rc < 0 && err.len)
        fprintf(stderr, "sqlc: error: %s\n", err.buf);
    else if (rc < 0)
        fprintf(stderr, "sqlc: error: cannot read the schema (%zu error%s above)\n", dl.nerrors,
                dl.nerrors == 1 ? "" : "s");
    rename_hints_release(&hints);
    diag_clear(&dl);
    sb_release(&err);
    catalog_free(a);
    catalog_free(b);
    return rc;
}
