/* heads: list the revisions nothing builds on yet.
 *
 *   sqlc heads [-v] [--format text|json] */
#include "cli.h"

int cmd_heads(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"text", "json", NULL};
    const command *self = find_command("heads");
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
    if (json) {
        json_object *doc = cli_json_doc(), *arr = json_object_new_array();
        for (size_t i = 0; i < p.graph.nheads; i++)
            json_object_array_add(arr, rev_json(&p.graph, p.graph.heads[i]));
        json_object_object_add(doc, "heads", arr);
        cli_json_print(doc, stdout);
    }
    for (size_t i = 0; i < p.graph.nheads && !json; i++) {
        if (g_opts.verbose)
            print_rev_verbose(stdout, &p.graph, p.graph.heads[i]);
        else
            print_rev_line(stdout, &p.graph, p.graph.heads[i]);
    }
    project_close(&p);
    return EXIT_OK;
}
