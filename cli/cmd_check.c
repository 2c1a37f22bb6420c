/* check: is the history sound?  Every file loads, the graph has no cycle,
 * missing parent, duplicate id or doubly claimed label, every section
 * parses with PostgreSQL's own grammar, replaying the history to each head
 * succeeds, every downgrade that has statements replays right after its
 * upgrade and gives back the catalog from before the upgrade (compared as
 * catalog JSON, object by object: jsondiff.h), and sqlc.sum matches the
 * files (checksum.h).  sqlc.sum is required in a sqlc-format history with
 * at least one revision; a foreign history is checked against one only
 * when it has one.
 *
 * Downgrades are verified during the per-head replay: before a revision's
 * upgrade the catalog is printed, the upgrade and the downgrade are
 * replayed, the catalog is printed again and compared, and the upgrade is
 * replayed once more to go on.  After a downgrade that fails or differs,
 * the catalog is rebuilt from the upgrades, so the revisions after it are
 * still verified.  A revision shared by several heads is verified once.
 *
 * Unlike the other commands, a broken history is this command's *finding*,
 * not an input error: problems go to stderr as file:line:col and the exit
 * code is 1.  All problems are listed, not just the first; replay stops at
 * the first error of each head, since later statements build on it. */
#include "catalog_json.h"
#include "checksum.h"
#include "cli.h"
#include "jsondiff.h"
#include "replay.h"
#include "sqlparse.h"

#include <string.h>

static size_t parse_section(const revision *r, const section *s, diaglist *dl,
                            size_t *nstmts)
{
    if (!s->present)
        return 0;
    const srcfile *f = s == &r->downgrade && r->down_src ? r->down_src : &r->src;
    parsed_sql ps;
    size_t n = 0;
    if (sql_parse(f, s->off, s->len, &ps, dl) == 0) {
        n = ps.n;
        *nstmts += ps.n;
        parsed_sql_release(&ps);
    }
    return n;
}

/* What verifying downgrades needs to carry along the per-head replays. */
typedef struct downcheck {
    const bool *has_down;   /* per revision: the downgrade has statements */
    bool *done;             /* per revision: verified already */
    size_t nverified;
} downcheck;

static int snapshot(catalog *cat, strbuf *out, diaglist *dl, const srcfile *f, size_t at)
{
    strbuf err = STRBUF_INIT;
    sb_reset(out);
    int rc = catalog_materialize(cat, &err);
    if (rc == 0)
        rc = catalog_to_json(cat, NULL, out);
    if (rc < 0)
        diag_add(dl, DIAG_ERROR, f, at, "cannot print the catalog to compare: %s",
                 err.len ? err.buf : "out of memory");
    sb_release(&err);
    return rc;
}

/* Replays r's upgrade, and when asked verifies its downgrade on the way.
 * Returns 0, -1 when the upgrade fails (this head's replay stops), or 1
 * when the downgrade failed or left a different catalog: the catalog is
 * then in no known state, and the caller rebuilds it. */
static int replay_revision(replayer *rp, const revision *r, bool verify, downcheck *dc)
{
    const srcfile *df = r->down_src ? r->down_src : &r->src;
    size_t at = sql_skip_space(df->text, r->downgrade.off, r->downgrade.off + r->downgrade.len);
    strbuf before = STRBUF_INIT, after = STRBUF_INIT;
    int rc = 0;
    if (verify && snapshot(rp->cat, &before, rp->dl, df, at) < 0)
        verify = false;
    if (replay_text(rp, &r->src, r->upgrade.off, r->upgrade.len) < 0)
        rc = -1;
    if (rc == 0 && verify) {
        dc->nverified++;
        if (replay_text(rp, df, r->downgrade.off, r->downgrade.len) < 0 ||
            snapshot(rp->cat, &after, rp->dl, df, at) < 0) {
            rc = 1;
        } else if (strcmp(before.buf, after.buf)) {
            strvec msgs = STRVEC_INIT;
            if (jsondiff_catalogs(before.buf, after.buf, &msgs) <= 0)
                strvec_push(&msgs, "the catalog differs (no single object; see 'sqlc schema --format json')");
            for (size_t i = 0; i < msgs.n; i++)
                diag_add(rp->dl, DIAG_ERROR, df, at, "the downgrade of %s does not restore the schema from before its upgrade: %s",
                         r->id, msgs.v[i]);
            strvec_clear(&msgs);
            rc = 1;
        } else {
            /* Back to the state after the upgrade, to go on; its
             * unsupported statements were counted the first time. */
            size_t nunsupported = rp->nunsupported;
            if (replay_text(rp, &r->src, r->upgrade.off, r->upgrade.len) < 0)
                rc = 1;
            rp->nunsupported = nunsupported;
        }
    }
    sb_release(&before);
    sb_release(&after);
    return rc;
}

/* A fresh catalog holding the upgrades of the selected revisions up to
 * topological position upto, which all replayed before. */
static catalog *rebuild(const revgraph *g, const bool *sel, size_t upto, replay_opts o)
{
    catalog *cat = catalog_new();
    diaglist scratch = DIAGLIST_INIT;
    replayer rp;
    replayer_init(&rp, cat, &scratch, o);
    int rc = g->prelude ? replay_text(&rp, g->prelude, 0, g->prelude->len) : 0;
    for (size_t i = 0; i <= upto && rc == 0; i++) {
        const revision *r = g->revs[g->topo[i]];
        if (sel[g->topo[i]])
            rc = replay_text(&rp, &r->src, r->upgrade.off, r->upgrade.len);
    }
    diag_clear(&scratch);
    return cat;
}

static void replay_heads(const revgraph *g, bool strict, diaglist *dl, size_t *nunsupported,
                         downcheck *dc)
{
    for (size_t h = 0; h < g->nheads; h++) {
        bool *sel = xcalloc(g->n + 1, sizeof(bool));
        graph_mark_ancestors(g, g->heads[h], true, sel);
        catalog *cat = catalog_new();
        replayer rp;
        replay_opts o = {0};
        o.strict = strict;
        diaglist local = DIAGLIST_INIT;
        replayer_init(&rp, cat, &local, o);
        int rc = 0;
        if (g->prelude)
            rc = replay_text(&rp, g->prelude, 0, g->prelude->len);
        for (size_t i = 0; i < g->n && rc == 0; i++) {
            int ix = g->topo[i];
            if (!sel[ix])
                continue;
            bool verify = dc->has_down[ix] && !dc->done[ix];
            dc->done[ix] = true;
            rc = replay_revision(&rp, g->revs[ix], verify, dc);
            if (rc == 1) {
                size_t nun = rp.nunsupported;
                catalog_free(cat);
                cat = rebuild(g, sel, i, o);
                replayer_init(&rp, cat, &local, o);
                rp.nunsupported = nun;
                rc = 0;
            }
        }
        if (rc == 0)
            replay_finish(&rp);
        *nunsupported += rp.nunsupported;
        /* Shared ancestry would repeat the same warnings once per head. */
        diag_move_new(dl, &local);
        catalog_free(cat);
        free(sel);
    }
}

/* Compares VERSIONS/sqlc.sum with the history: 1 when it matches, 0 when
 * there is none and none is needed, -1 with a problem added. */
static int check_sum(const project *p, diaglist *dl)
{
    char *path = path_join(p->cfg.versions, SQLC_SUM_FILE);
    int rc;
    if (!path_exists(path)) {
        rc = 0;
        if (p->cfg.history_format == HISTORY_SQLC && p->graph.n) {
            diag_add_path(dl, DIAG_ERROR, path, "missing: run 'sqlc hash' to write it (it pins the checksum of every revision, so an edited or reordered history is caught)");
            rc = -1;
        }
    } else {
        strbuf text = STRBUF_INIT, err = STRBUF_INIT;
        if (read_file(path, &text, &err) < 0) {
            diag_add_path(dl, DIAG_ERROR, path, "%s", err.buf);
            sb_release(&text);
            rc = -1;
        } else {
            srcfile f;
            size_t len = text.len;
            srcfile_init(&f, path, sb_detach(&text), len);
            rc = sum_verify(&p->graph, &f, dl) == 0 ? 1 : -1;
            srcfile_release(&f);
        }
        sb_release(&err);
    }
    free(path);
    return rc;
}

enum { F_TEXT, F_JSON, F_GITHUB };

/* Like `alembic check`: the heads must equal the desired schema.  Returns
 * the number of differences (printed as the change list, or added to doc
 * as "desired"), or 1 when the comparison itself failed (reported). */
static size_t check_desired(project *p, int format, json_object *doc)
{
    char *to = xasprintf("schema:%s", p->cfg.schema);
    changeset cs = {0};
    diff_opts o = {0};
    size_t n = 1;
    if (diff_sources(p, "rev:heads", to, &o, &cs) == 0) {
        n = cs.n;
        strbuf text = STRBUF_INIT;
        if (format == F_JSON) {
            diff_print_json(&cs, &text);
            json_object *d = json_tokener_parse(text.buf);
            json_object_object_add(d, "schema", json_object_new_string(p->cfg.schema));
            json_object_object_add(doc, "desired", d);
        } else if (n && format == F_GITHUB) {
            for (size_t i = 0; i < cs.n; i++) {
                const change *c = cs.v[i];
                char *msg = xasprintf("the heads differ from %s: %c %s %s%s%s", p->cfg.schema, c->op,
                                      c->kind, c->object, c->detail ? ": " : "", c->detail ? c->detail : "");
                gh_annotation(&text, "error", c->file ? c->file : p->cfg.schema, c->file ? c->line : 0, 0, msg);
                free(msg);
            }
        } else if (n) {
            diff_print_text(&cs, NULL, &text);
        }
        fputs(sb_str(&text), stdout);
        if (n && format != F_JSON)
            fprintf(stderr, "sqlc check: the heads differ from %s: %zu change%s (run 'sqlc revision --autogenerate -m MSG')\n",
                    p->cfg.schema, n, n == 1 ? "" : "s");
        sb_release(&text);
    }
    changeset_release(&cs);
    free(to);
    return n;
}

/* The diagnostics: compiler-style on stderr, a list in the JSON document,
 * or one annotation each. */
static void report_diags(const diaglist *dl, int format, json_object *doc)
{
    if (format == F_TEXT) {
        for (size_t i = 0; i < dl->n; i++)
            if (!g_opts.quiet || dl->items[i].sev == DIAG_ERROR)
                diag_print_one(&dl->items[i], stderr);
        return;
    }
    if (format == F_JSON) {
        json_object *arr = json_object_new_array();
        for (size_t i = 0; i < dl->n; i++)
            json_object_array_add(arr, diag_json(&dl->items[i]));
        json_object_object_add(doc, "diagnostics", arr);
        return;
    }
    strbuf out = STRBUF_INIT;
    for (size_t i = 0; i < dl->n; i++) {
        const diag *d = &dl->items[i];
        gh_annotation(&out, d->sev == DIAG_ERROR ? "error" : d->sev == DIAG_WARNING ? "warning" : "notice",
                      d->path, d->line, d->col, d->msg);
    }
    fputs(sb_str(&out), stdout);
    sb_release(&out);
}

int cmd_check(int argc, char **argv)
{
    enum { OPT_STRICT = OPT_FIRST_COMMAND_OPT };
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"strict", no_argument, NULL, OPT_STRICT},
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"text", "json", "github", NULL};
    const command *self = find_command("check");
    bool strict = false;
    int format = F_TEXT;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (c == OPT_STRICT)
            strict = true;
        else if (c == 'f')
            format = cli_format(self, optarg, formats);
        else
            common_option(self, c, optopt, argv);
    }
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    project p;
    project_config(&p);
    project_require_versions(&p);
    diaglist dl = DIAGLIST_INIT;
    size_t nstmts = 0, nunsupported = 0;
    downcheck dc = {0};
    int sum = -1;
    int loaded = history_load(p.cfg.versions, p.cfg.history_format, &p.graph, &dl);
    p.have_graph = true;
    if (loaded == 0) {
        bool *has_down = xcalloc(p.graph.n + 1, sizeof(bool));
        for (size_t i = 0; i < p.graph.n; i++) {
            const revision *r = p.graph.revs[p.graph.topo[i]];
            parse_section(r, &r->upgrade, &dl, &nstmts);
            has_down[p.graph.topo[i]] = parse_section(r, &r->downgrade, &dl, &nstmts) > 0;
        }
        dc.has_down = has_down;
        dc.done = xcalloc(p.graph.n + 1, sizeof(bool));
        if (!dl.nerrors)
            replay_heads(&p.graph, strict, &dl, &nunsupported, &dc);
        sum = check_sum(&p, &dl);
        free(has_down);
        free(dc.done);
    }
    diag_sort(&dl);
    json_object *doc = format == F_JSON ? cli_json_doc() : NULL;
    report_diags(&dl, format, doc);
    int rc;
    size_t drift = 0;
    bool desired = !dl.nerrors && path_exists(p.cfg.schema);
    if (desired)
        drift = check_desired(&p, format, doc);
    if (doc) {
        json_object_object_add(doc, "ok", json_object_new_boolean(!drift && !dl.nerrors));
        json_object_object_add(doc, "revisions", json_object_new_int64((int64_t)p.graph.n));
        json_object_object_add(doc, "heads", json_object_new_int64((int64_t)p.graph.nheads));
        json_object_object_add(doc, "statements", json_object_new_int64((int64_t)nstmts));
        json_object_object_add(doc, "downgrades_verified", json_object_new_int64((int64_t)dc.nverified));
        json_object_object_add(doc, "unsupported", json_object_new_int64((int64_t)nunsupported));
        json_object_object_add(doc, "errors", json_object_new_int64((int64_t)dl.nerrors));
        json_object_object_add(doc, "sum", json_object_new_string(sum > 0 ? "match" : sum == 0 ? "none" : "problem"));
        cli_json_print(doc, stdout);
        rc = drift || dl.nerrors ? EXIT_PROBLEMS : EXIT_OK;
    } else if (drift) {
        rc = EXIT_PROBLEMS;
    } else if (dl.nerrors) {
        fprintf(stderr, "sqlc check: %zu problem%s found\n", dl.nerrors,
                dl.nerrors == 1 ? "" : "s");
        rc = EXIT_PROBLEMS;
    } else {
        printf("ok: %zu revision%s, %zu head%s, %zu statement%s parsed, replayed to every head",
               p.graph.n, p.graph.n == 1 ? "" : "s", p.graph.nheads,
               p.graph.nheads == 1 ? "" : "s", nstmts, nstmts == 1 ? "" : "s");
        if (p.graph.n)
            printf(", %zu downgrade%s verified", dc.nverified, dc.nverified == 1 ? "" : "s");
        if (sum > 0)
            printf(", sqlc.sum matches");
        if (nunsupported)
            printf(", %zu unsupported (see warnings)", nunsupported);
        if (desired)
            printf(", heads match %s", p.cfg.schema);
        putchar('\n');
        rc = EXIT_OK;
    }
    diag_clear(&dl);
    project_close(&p);
    return rc;
}
