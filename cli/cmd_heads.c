/* heads: list the revisions nothing builds on yet. */
#include "cli.h"

int cmd_heads(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("heads");
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
    for (size_t i = 0; i < p.graph.nheads; i++) {
        if (verbose)
            print_rev_verbose(stdout, &p.graph, p.graph.heads[i]);
        else
            print_rev_line(stdout, &p.graph, p.graph.heads[i]);
    }
    project_close(&p);
    return EXIT_OK;
}
