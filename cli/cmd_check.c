/* check: is the history sound?  Every file loads, the graph has no cycle,
 * missing parent, duplicate id or doubly claimed label, every section
 * parses with PostgreSQL's own grammar, and replaying the history to each
 * head succeeds.
 *
 * Unlike the other commands, a broken history is this command's *finding*,
 * not an input error: problems go to stderr as file:line:col and the exit
 * code is 1.  All problems are listed, not just the first; replay stops at
 * the first error of each head, since later statements build on it. */
#include "cli.h"
#include "replay.h"
#include "sqlparse.h"

#include <string.h>

static void parse_section(const revision *r, const section *s, diaglist *dl,
                          size_t *nstmts)
{
    if (!s->present)
        return;
    const srcfile *f = s == &r->downgrade && r->down_src ? r->down_src : &r->src;
    parsed_sql ps;
    if (sql_parse(f, s->off, s->len, &ps, dl) == 0) {
        *nstmts += ps.n;
        parsed_sql_release(&ps);
    }
}

/* Replays each head's ancestry into a fresh catalog; a history whose heads
 * each replay can still conflict when merged, which the merge revision's
 * own check will catch. */
static void replay_heads(const revgraph *g, bool strict, diaglist *dl, size_t *nunsupported)
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
        if (replay_graph(&rp, g, sel) == 0)
            replay_finish(&rp);
        *nunsupported += rp.nunsupported;
        /* Shared ancestry would repeat the same warnings once per head. */
        for (size_t i = 0; i < local.n; i++) {
            diag *d = &local.items[i];
            bool dup = d->sev == DIAG_NOTE;
            for (size_t k = 0; k < dl->n && !dup; k++)
                dup = dl->items[k].line == d->line && dl->items[k].col == d->col &&
                      !strcmp(dl->items[k].msg, d->msg) && dl->items[k].path && d->path &&
                      !strcmp(dl->items[k].path, d->path);
            if (dup) {
                free(d->path);
                free(d->msg);
                free(d->excerpt);
                continue;
            }
            ALLOC_GROW(dl->items, dl->n + 1, dl->alloc);
            dl->items[dl->n++] = *d;
            if (d->sev == DIAG_ERROR)
                dl->nerrors++;
            else if (d->sev == DIAG_WARNING)
                dl->nwarnings++;
        }
        free(local.items);
        catalog_free(cat);
        free(sel);
    }
}

int cmd_check(int argc, char **argv)
{
    enum { OPT_STRICT = OPT_FIRST_COMMAND_OPT };
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"strict", no_argument, NULL, OPT_STRICT},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("check");
    bool strict = false;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (c == OPT_STRICT)
            strict = true;
        else
            common_option(self, c, optopt, argv);
    }
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    project p;
    project_config(&p);
    if (!is_dir(p.cfg.versions))
        die("versions folder '%s' does not exist", p.cfg.versions);
    diaglist dl = DIAGLIST_INIT;
    size_t nstmts = 0, nunsupported = 0;
    if (history_load(p.cfg.versions, p.cfg.history_format, &p.graph, &dl) == 0) {
        for (size_t i = 0; i < p.graph.n; i++) {
            const revision *r = p.graph.revs[p.graph.topo[i]];
            parse_section(r, &r->upgrade, &dl, &nstmts);
            parse_section(r, &r->downgrade, &dl, &nstmts);
        }
        if (!dl.nerrors)
            replay_heads(&p.graph, strict, &dl, &nunsupported);
    }
    diag_sort(&dl);
    diag_print(&dl, stderr);
    int rc;
    if (dl.nerrors) {
        fprintf(stderr, "sqlc check: %zu problem%s found\n", dl.nerrors,
                dl.nerrors == 1 ? "" : "s");
        rc = EXIT_PROBLEMS;
    } else {
        printf("ok: %zu revision%s, %zu head%s, %zu statement%s parsed, replayed to every head",
               p.graph.n, p.graph.n == 1 ? "" : "s", p.graph.nheads,
               p.graph.nheads == 1 ? "" : "s", nstmts, nstmts == 1 ? "" : "s");
        if (nunsupported)
            printf(", %zu unsupported (see warnings)", nunsupported);
        putchar('\n');
        rc = EXIT_OK;
    }
    diag_clear(&dl);
    project_close(&p);
    return rc;
}
