/* check: is the history sound?  Every file loads, the graph has no cycle,
 * missing parent, duplicate id or doubly claimed label, and every section
 * parses with PostgreSQL's own grammar.
 *
 * Unlike the other commands, a broken history is this command's *finding*,
 * not an input error: problems go to stderr as file:line:col and the exit
 * code is 1.  All problems are listed, not just the first. */
#include "cli.h"
#include "sqlparse.h"

static void parse_section(const revision *r, const section *s, diaglist *dl,
                          size_t *nstmts)
{
    if (!s->present)
        return;
    parsed_sql ps;
    const srcfile *f = s == &r->downgrade && r->down_src ? r->down_src : &r->src;
    if (sql_parse(f, s->off, s->len, &ps, dl) == 0) {
        *nstmts += ps.n;
        parsed_sql_release(&ps);
    }
}

int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    const command *self = find_command("check");
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS, longopts, NULL)) != -1)
        common_option(self, c, optopt, argv);
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    project p;
    project_config(&p);
    if (!is_dir(p.cfg.versions))
        die("versions folder '%s' does not exist", p.cfg.versions);
    diaglist dl = DIAGLIST_INIT;
    size_t nstmts = 0;
    if (history_load(p.cfg.versions, p.cfg.history_format, &p.graph, &dl) == 0) {
        for (size_t i = 0; i < p.graph.n; i++) {
            const revision *r = p.graph.revs[p.graph.topo[i]];
            parse_section(r, &r->upgrade, &dl, &nstmts);
            parse_section(r, &r->downgrade, &dl, &nstmts);
        }
    }
    diag_sort(&dl);
    diag_print(&dl, stderr);
    int rc;
    if (dl.nerrors) {
        fprintf(stderr, "sqlc check: %zu problem%s found\n", dl.nerrors,
                dl.nerrors == 1 ? "" : "s");
        rc = EXIT_PROBLEMS;
    } else {
        printf("ok: %zu revision%s, %zu head%s, %zu statement%s parsed\n",
               p.graph.n, p.graph.n == 1 ? "" : "s", p.graph.nheads,
               p.graph.nheads == 1 ? "" : "s", nstmts, nstmts == 1 ? "" : "s");
        rc = EXIT_OK;
    }
    diag_clear(&dl);
    project_close(&p);
    return rc;
}
