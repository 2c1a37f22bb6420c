/* history: list revisions newest first, optionally within a range.
 *
 *   sqlc history [-r RANGE] [-v] [--graph] [--format text|json|dot|ids]
 *
 * A range START:END selects every revision that is an ancestor of (or is)
 * some END revision and a descendant of (or is) some START revision; base as
 * START means "no lower bound".  Both ends are included, as in Alembic's
 * history, because the point is to *see* them.
 *
 * --graph draws the lanes (history_graph.c) and marks the database's
 * revision when one is reachable: it only reads the version table, and a
 * database that cannot be reached is simply not marked (-v says why),
 * since the picture is about the files. */
#include "cli.h"
#include "migrate.h"

#include <string.h>

void history_draw_graph(const revgraph *g, const bool *keep, const bool *current, FILE *out);
void history_draw_dot(const revgraph *g, const bool *keep, const bool *current, FILE *out);

/* The revisions the database is at, or NULL when it cannot be read. */
static bool *database_current(project *p)
{
    migrator m;
    memset(&m, 0, sizeof(m));
    strbuf err = STRBUF_INIT;
    bool *cur = NULL;
    if (mg_open(&m, &p->graph, p->cfg.database_url, p->cfg.version_schema, p->cfg.version_table,
                SQLC_VERSION, &err) == MG_OK && mg_read_state(&m, &err) == MG_OK) {
        cur = xcalloc(p->graph.n + 1, sizeof(bool));
        for (size_t i = 0; i < m.st.current.n; i++)
            cur[m.st.current.ix[i]] = true;
    } else if (g_opts.verbose) {
        fprintf(stderr, "sqlc history: the current revision is not marked: %s\n", err.buf);
    }
    mg_close(&m);
    sb_release(&err);
    return cur;
}

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
        {"graph", no_argument, NULL, 'g'},
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"text", "json", "dot", "ids", NULL};
    enum { F_TEXT, F_JSON, F_DOT, F_IDS };
    const command *self = find_command("history");
    const char *range = NULL;
    bool graph = false;
    int format = F_TEXT;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS "r:", longopts, NULL)) != -1) {
        switch (c) {
        case 'r': range = optarg; break;
        case 'g': graph = true; break;
        case 'f': format = cli_format(self, optarg, formats); break;
        default: common_option(self, c, optopt, argv);
        }
    }
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    if (graph && format != F_TEXT)
        usage_error(self, "--graph draws text; it does not go with --format %s", formats[format]);
    project p;
    project_open(&p);
    const revgraph *g = &p.graph;
    bool *keep = xcalloc(g->n + 1, sizeof(bool));
    if (range)
        select_range(g, range, keep);
    else
        memset(keep, 1, g->n * sizeof(bool));
    bool *current = graph || format == F_DOT ? database_current(&p) : NULL;
    json_object *doc = NULL, *arr = NULL;
    if (format == F_JSON) {
        doc = cli_json_doc();
        arr = json_object_new_array();
        json_object_object_add(doc, "revisions", arr);
    }
    if (graph)
        history_draw_graph(g, keep, current, stdout);
    else if (format == F_DOT)
        history_draw_dot(g, keep, current, stdout);
    for (size_t i = g->n; i-- > 0 && !graph && format != F_DOT;) {
        int ix = g->topo[i];
        if (!keep[ix])
            continue;
        if (format == F_JSON)
            json_object_array_add(arr, rev_json(g, ix));
        else if (format == F_IDS)
            printf("%s\n", g->revs[ix]->id);
        else if (g_opts.verbose)
            print_rev_verbose(stdout, g, ix);
        else
            print_rev_line(stdout, g, ix);
    }
    if (doc)
        cli_json_print(doc, stdout);
    free(current);
    free(keep);
    project_close(&p);
    return EXIT_OK;
}
