/* branches: list the branch points (revisions with more than one child),
 * each followed by the revisions it branches into.
 *
 *   sqlc branches [-v] [--format text|json] */
#include "cli.h"

int cmd_branches(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"text", "json", NULL};
    const command *self = find_command("branches");
    bool json = false;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (c == 'f')
            json = cli_format(self, optarg, formats) == 1;
        else
            common_option(self, c, optopt, argv);
    }
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    project p;
    project_open(&p);
    const revgraph *g = &p.graph;
    json_object *doc = json ? cli_json_doc() : NULL, *arr = json ? json_object_new_array() : NULL;
    for (size_t i = 0; i < g->n; i++) {
        int ix = g->topo[i];
        const revision *r = g->revs[ix];
        if (r->nchildren < 2)
            continue;
        if (json) {
            json_object_array_add(arr, rev_json(g, ix)); /* "children" names the branches */
            continue;
        }
        if (g_opts.verbose)
            print_rev_verbose(stdout, g, ix);
        else
            print_rev_line(stdout, g, ix);
        for (size_t k = 0; k < r->nchildren; k++) {
            fputs("    -> ", stdout);
            print_rev_short(stdout, g, r->child_ix[k]);
        }
    }
    if (doc) {
        json_object_object_add(doc, "branchpoints", arr);
        cli_json_print(doc, stdout);
    }
    project_close(&p);
    return EXIT_OK;
}
