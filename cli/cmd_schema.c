/* schema: print the schema a history (or a dump) produces.
 *
 *   sqlc schema [REV]                 replay the revisions up to REV
 *   sqlc schema --from-dump FILE      load a pg_dump --schema-only file
 *   sqlc schema --from-files F...     replay plain SQL files in order
 *   sqlc schema --from-list FILE      the same, files listed one per line
 *
 * Output is canonical SQL (pg_dump style, loadable with psql) or the
 * documented JSON form.  Replay warnings (unsupported statements) go to
 * stderr; --strict makes them errors.  A replay error exits 2 with the
 * statement's file:line: the history cannot produce a schema. */
#include "catalog_json.h"
#include "catalog_sql.h"
#include "cli.h"
#include "dumpread.h"
#include "replay.h"

#include <string.h>

enum { OPT_FROM_DUMP = OPT_FIRST_COMMAND_OPT, OPT_FROM_FILES, OPT_FROM_LIST, OPT_FORMAT,
       OPT_STRICT, OPT_PRIVS, OPT_LOCATIONS };

/* Replays the upgrade sections of target's ancestors (all when NULL). */
static int replay_to(catalog *cat, revgraph *g, const revset *target, bool all, replay_opts o, diaglist *dl)
{
    bool *sel = NULL;
    if (!all) {
        sel = xcalloc(g->n + 1, sizeof(bool));
        for (size_t i = 0; i < target->n; i++)
            graph_mark_ancestors(g, target->ix[i], true, sel);
    }
    replayer rp;
    replayer_init(&rp, cat, dl, o);
    int rc = replay_graph(&rp, g, sel);
    if (rc == 0)
        rc = replay_finish(&rp);
    free(sel);
    return rc;
}

static void print_diags(const diaglist *dl, bool verbose)
{
    for (size_t i = 0; i < dl->n; i++)
        if (dl->items[i].sev == DIAG_ERROR || (!g_opts.quiet && (dl->items[i].sev != DIAG_NOTE || verbose)))
            diag_print_one(&dl->items[i], stderr);
}

int cmd_schema(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"from-dump", required_argument, NULL, OPT_FROM_DUMP},
        {"from-files", no_argument, NULL, OPT_FROM_FILES},
        {"from-list", required_argument, NULL, OPT_FROM_LIST},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"with-privileges", no_argument, NULL, OPT_PRIVS},
        {"with-locations", no_argument, NULL, OPT_LOCATIONS},
        {"output", required_argument, NULL, 'o'},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("schema");
    char **args = argv_protect_relative(&argc, argv, COMMON_SHORTOPTS "o:v", longopts);
    argv = args;
    const char *from_dump = NULL, *from_list = NULL, *format = "sql", *out = NULL;
    bool from_files = false, privileges = false, locations = false, verbose = g_opts.verbose;
    replay_opts ro = {0};
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS "o:v", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_FROM_DUMP: from_dump = optarg; break;
        case OPT_FROM_FILES: from_files = true; break;
        case OPT_FROM_LIST: from_list = optarg; break;
        case OPT_FORMAT: format = optarg; break;
        case OPT_STRICT: ro.strict = true; break;
        case OPT_PRIVS: privileges = true; break;
        case OPT_LOCATIONS: locations = true; break;
        case 'o': out = optarg; break;
        case 'v': verbose = true; break;
        default: common_option(self, c, optopt, argv);
        }
    }
    if (strcmp(format, "sql") && strcmp(format, "json"))
        usage_error(self, "--format must be sql or json, not '%s'", format);
    if ((from_dump != NULL) + (from_list != NULL) + from_files > 1)
        usage_error(self, "--from-dump, --from-files and --from-list exclude each other");
    int nargs = argc - optind;
    if (from_files && nargs == 0)
        usage_error(self, "--from-files needs at least one file");
    if (!from_files && nargs > 1)
        usage_error(self, "unexpected argument '%s'", argv[optind + 1]);
    if ((from_dump || from_list) && nargs)
        usage_error(self, "a revision makes no sense with --from-dump or --from-list");

    catalog *cat = catalog_new();
    diaglist dl = DIAGLIST_INIT;
    int rc = 0;
    revgraph g = {0};
    project p;
    bool have_project = false;
    if (from_dump) {
        rc = dump_load(from_dump, cat, &dl, ro);
    } else if (from_files || from_list) {
        rc = from_files ? history_load_files((const char **)argv + optind, (size_t)nargs, &g, &dl)
                        : history_load_list(from_list, &g, &dl);
        if (rc == 0) {
            replayer rp;
            replayer_init(&rp, cat, &dl, ro);
            rc = replay_graph(&rp, &g, NULL);
            if (rc == 0)
                rc = replay_finish(&rp);
        }
    } else {
        project_open(&p);
        have_project = true;
        revset target = REVSET_INIT;
        bool all = nargs == 0;
        if (!all)
            resolve_or_die(&p.graph, argv[optind], &target);
        rc = replay_to(cat, &p.graph, &target, all, ro, &dl);
        revset_clear(&target);
    }
    print_diags(&dl, verbose);
    int status = EXIT_OK;
    if (rc < 0 || dl.nerrors) {
        fprintf(stderr, "sqlc schema: no schema printed: %zu error%s\n", dl.nerrors, dl.nerrors == 1 ? "" : "s");
        status = EXIT_USAGE;
    } else {
        strbuf text = STRBUF_INIT, err = STRBUF_INIT;
        int prc = catalog_materialize(cat, &err);
        if (prc < 0) {
            /* reported below */
        } else if (!strcmp(format, "json")) {
            json_opts jo = {0};
            jo.privileges = privileges;
            jo.locations = locations;
            prc = catalog_to_json(cat, &jo, &text);
        } else {
            sql_opts so = {0};
            so.privileges = privileges;
            prc = catalog_to_sql(cat, &so, &text, &err);
        }
        if (prc < 0) {
            fprintf(stderr, "sqlc schema: error: %s\n", err.len ? err.buf : "cannot print the catalog");
            status = EXIT_USAGE;
        } else if (out) {
            if (write_file_atomic(out, text.buf, text.len, false, &err) < 0) {
                fprintf(stderr, "sqlc: error: %s\n", err.buf);
                status = EXIT_USAGE;
            }
        } else {
            fwrite(text.buf, 1, text.len, stdout);
        }
        sb_release(&text);
        sb_release(&err);
    }
    diag_clear(&dl);
    catalog_free(cat);
    graph_release(&g);
    if (have_project)
        project_close(&p);
    free(args);
    return status;
}
