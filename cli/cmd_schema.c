/* schema: print the schema a history (or a dump) produces.
 *
 *   sqlc schema [REV]                 replay the revisions up to REV
 *   sqlc schema --from-dump FILE      load a pg_dump --schema-only file
 *   sqlc schema --from-files F...     replay plain SQL files in order
 *   sqlc schema --from-list FILE      the same, files listed one per line
 *   sqlc schema --from-db DSN         introspect a live database
 *                                     [--schema S]... [--exclude-schema S]...
 *
 * Output is canonical SQL (pg_dump style, loadable with psql) or the
 * documented JSON form.  Replay warnings (unsupported statements) go to
 * stderr; --strict makes them errors.  A replay error exits 2 with the
 * statement's file:line: the history cannot produce a schema.  With
 * --from-db, sqlc's own version tables (sqlc.ini's version_table, or the
 * default) are left out, so a migrated database compares equal to its
 * history; a connection failure is one line and exit 2. */
#include "catalog_json.h"
#include "catalog_sql.h"
#include "cli.h"
#include "dumpread.h"
#include "introspect.h"
#include "replay.h"

#include <string.h>

enum { OPT_FROM_DUMP = OPT_FIRST_COMMAND_OPT, OPT_FROM_FILES, OPT_FROM_LIST, OPT_FORMAT,
       OPT_STRICT, OPT_PRIVS, OPT_LOCATIONS, OPT_FROM_DB, OPT_SCHEMA, OPT_EXCLUDE_SCHEMA };

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

/* Introspects the database at dsn into cat.  A connection or query
 * failure is one line on stderr (the DSN redacted) and -2; replay
 * problems are diagnostics in dl. */
static int load_db(const char *dsn, introspect_opts *io, catalog *cat, diaglist *dl)
{
    config cfg; /* for the version tables' names; no sqlc.ini is fine */
    strbuf err = STRBUF_INIT;
    if (config_load(&cfg, g_opts.config, g_opts.config != NULL, &err) < 0)
        die("%s", err.buf);
    int rc = source_load_db(&cfg, dsn, io, cat, dl, &err);
    config_release(&cfg);
    bool failed = rc < 0 && err.len;
    if (failed)
        fprintf(stderr, "sqlc schema: error: %s\n", err.buf);
    sb_release(&err);
    return failed ? -2 : rc;
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
        {"from-db", required_argument, NULL, OPT_FROM_DB},
        {"schema", required_argument, NULL, OPT_SCHEMA},
        {"exclude-schema", required_argument, NULL, OPT_EXCLUDE_SCHEMA},
        {"output", required_argument, NULL, 'o'},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("schema");
    char **args = argv_protect_relative(&argc, argv, COMMON_SHORTOPTS "o:v", longopts);
    argv = args;
    const char *from_dump = NULL, *from_list = NULL, *from_db = NULL, *format = "sql", *out = NULL;
    introspect_opts io = {0};
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
        case OPT_FROM_DB: from_db = optarg; break;
        case OPT_SCHEMA: strvec_push(&io.schemas, optarg); break;
        case OPT_EXCLUDE_SCHEMA: strvec_push(&io.exclude_schemas, optarg); break;
        case 'o': out = optarg; break;
        case 'v': verbose = true; break;
        default: common_option(self, c, optopt, argv);
        }
    }
    if (strcmp(format, "sql") && strcmp(format, "json"))
        usage_error(self, "--format must be sql or json, not '%s'", format);
    if ((from_dump != NULL) + (from_list != NULL) + (from_db != NULL) + from_files > 1)
        usage_error(self, "--from-dump, --from-files, --from-list and --from-db exclude each other");
    if ((io.schemas.n || io.exclude_schemas.n) && !from_db)
        usage_error(self, "--schema and --exclude-schema need --from-db");
    int nargs = argc - optind;
    if (from_files && nargs == 0)
        usage_error(self, "--from-files needs at least one file");
    if (!from_files && nargs > 1)
        usage_error(self, "unexpected argument '%s'", argv[optind + 1]);
    if ((from_dump || from_list || from_db) && nargs)
        usage_error(self, "a revision makes no sense with --from-dump, --from-list or --from-db");

    catalog *cat = catalog_new();
    diaglist dl = DIAGLIST_INIT;
    int rc = 0;
    revgraph g = {0};
    project p;
    bool have_project = false;
    if (from_dump) {
        rc = dump_load(from_dump, cat, &dl, ro);
    } else if (from_db) {
        io.privileges = privileges;
        io.replay = ro;
        if ((rc = load_db(from_db, &io, cat, &dl)) == -2) {
            diag_clear(&dl);
            catalog_free(cat);
            introspect_opts_release(&io);
            free(args);
            return EXIT_USAGE;
        }
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
    introspect_opts_release(&io);
    graph_release(&g);
    if (have_project)
        project_close(&p);
    free(args);
    return status;
}
