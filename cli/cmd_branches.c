/* branches: list the branch points (revisions with more than one child),
 * each followed by the revisions it branches into. */
#include "cli.h"

int cmd_branches(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("branches");
    bool verbose = false;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS "v", longopts, NULL)) != -1) {
        if (c == 'v')
            verbose = true;
        else
            common_option(self, c, optopt, argv);
    }
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    project p;
    project_open(&p);
    const revgraph *g = &p.graph;
    for (size_t i = 0; i < g->n; i++) {
        int ix = g->topo[i];
        const revision *r = g->revs[ix];
        if (r->nchildren < 2)
            continue;
        if (verbose)
            print_rev_verbose(stdout, g, ix);
        else
            print_rev_line(stdout, g, ix);
        for (size_t k = 0; k < r->nchildren; k++) {
            fputs("    -> ", stdout);
            print_rev_short(stdout, g, r->child_ix[k]);
        }
    }
    project_close(&p);
    return EXIT_OK;
}
