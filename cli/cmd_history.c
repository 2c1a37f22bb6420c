/* history: list revisions newest first, optionally within a range.
 *
 * A range START:END selects every revision that is an ancestor of (or is)
 * some END revision and a descendant of (or is) some START revision; base as
 * START means "no lower bound".  Both ends are included, as in Alembic's
 * history, because the point is to *see* them. */
#include "cli.h"

#include <string.h>

static void select_range(const revgraph *g, const char *spec, bool *keep)
{
    revset from = REVSET_INIT, to = REVSET_INIT;
    bool range = resolve_range_or_die(g, spec, &from, &to);
    if (!range) {
        for (size_t i = 0; i < to.n; i++)
            keep[to.ix[i]] = true;
    } else {
        for (size_t i = 0; i < to.n; i++)
            graph_mark_ancestors(g, to.ix[i], false, keep);
        if (from.n) {
            bool *below = xcalloc(g->n + 1, sizeof(bool));
            for (size_t i = 0; i < from.n; i++)
                graph_mark_descendants(g, from.ix[i], below);
            for (size_t i = 0; i < g->n; i++)
                keep[i] = keep[i] && below[i];
            free(below);
        }
    }
    revset_clear(&from);
    revset_clear(&to);
}

int cmd_history(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"rev-range", required_argument, NULL, 'r'},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("history");
    const char *range = NULL;
    bool verbose = false;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS "r:v", longopts, NULL)) != -1) {
        switch (c) {
        case 'r': range = optarg; break;
        case 'v': verbose = true; break;
        default: common_option(self, c, optopt, argv);
        }
    }
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    project p;
    project_open(&p);
    const revgraph *g = &p.graph;
    bool *keep = xcalloc(g->n + 1, sizeof(bool));
    if (range)
        select_range(g, range, keep);
    else
        memset(keep, 1, g->n * sizeof(bool));
    for (size_t i = g->n; i-- > 0;) {
        int ix = g->topo[i];
        if (!keep[ix])
            continue;
        if (verbose)
            print_rev_verbose(stdout, g, ix);
        else
            print_rev_line(stdout, g, ix);
    }
    free(keep);
    project_close(&p);
    return EXIT_OK;
}
