/* lint: catalog-aware safety checks on revisions (diff/lint.h).
 *
 *   sqlc lint [RANGE] [--all] [--strict] [--format text|json|github]
 *   sqlc lint --from-list FILE | --from-files FILE...
 *   sqlc lint --list-rules
 *
 * Which revisions: RANGE when given (one term: those revisions; FROM:TO:
 * what `sqlc upgrade FROM:TO` would run); --all: every revision; else,
 * when a database is configured (--db, SQLC_DATABASE_URL, database_url)
 * and answers, the revisions it does not hold yet; else the heads' own
 * revisions.  PG* variables alone do not count as a configured database,
 * so a CI job without one is not slowed down or changed by them.
 *
 * Exit status: 1 when a finding is an error (or a warning, with
 * --strict), 0 otherwise, 2 for usage and input errors (a history that
 * does not load or replay, a version table naming unknown revisions). */
#include "cli.h"
#include "lint.h"
#include "migrate.h"

#include <string.h>
#include <unistd.h>

enum { OPT_ALL = OPT_FIRST_COMMAND_OPT, OPT_STRICT, OPT_FORMAT, OPT_FROM_LIST, OPT_FROM_FILES,
       OPT_LIST_RULES };

/* RANGE: one term selects its revisions; FROM:TO what TO has that FROM
 * has not (as an upgrade from FROM to TO runs them). */
static void select_range(const revgraph *g, const char *spec, bool *sel)
{
    revset from = REVSET_INIT, to = REVSET_INIT;
    if (!resolve_range_or_die(g, spec, &from, &to)) {
        for (size_t i = 0; i < to.n; i++)
            sel[to.ix[i]] = true;
    } else {
        bool *a = bundle_applied(g, &to), *b = bundle_applied(g, &from);
        for (size_t i = 0; i < g->n; i++)
            sel[i] = a[i] && !b[i];
        free(a);
        free(b);
    }
    revset_clear(&from);
    revset_clear(&to);
}

/* The revisions the configured database does not hold.  Returns false
 * (with a note on stderr) when it cannot be reached; exits 2 when its
 * version table names a revision the versions folder lacks. */
static bool select_pending(project *p, bool *sel)
{
    migrator m;
    memset(&m, 0, sizeof(m));
    strbuf err = STRBUF_INIT;
    bool ok = mg_open(&m, &p->graph, p->cfg.database_url, p->cfg.version_schema, p->cfg.version_table,
                      SQLC_VERSION, &err) == MG_OK;
    if (ok && mg_read_state(&m, &err) != MG_OK)
        ok = false;
    if (!ok) {
        fprintf(stderr, "sqlc lint: note: %s; linting the heads' own revisions\n", err.buf);
    } else if (mg_state_usable(&m, true, &err) != MG_OK) {
        fprintf(stderr, "sqlc lint: error: %s\n", err.buf);
        exit(EXIT_USAGE);
    } else {
        bool *applied = bundle_applied(&p->graph, &m.st.current);
        for (size_t i = 0; i < p->graph.n; i++)
            sel[i] = !applied[i];
        free(applied);
    }
    mg_close(&m);
    sb_release(&err);
    return ok;
}

int cmd_lint(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"all", no_argument, NULL, OPT_ALL},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"from-list", required_argument, NULL, OPT_FROM_LIST},
        {"from-files", no_argument, NULL, OPT_FROM_FILES},
        {"list-rules", no_argument, NULL, OPT_LIST_RULES},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("lint");
    char **args = argv_protect_relative(&argc, argv, COMMON_SHORTOPTS, longopts);
    argv = args;
    const char *format = "text", *from_list = NULL;
    bool all = false, strict = false, from_files = false, list_rules = false;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        switch (c) {
        case OPT_ALL: all = true; break;
        case OPT_STRICT: strict = true; break;
        case OPT_FORMAT: format = optarg; break;
        case OPT_FROM_LIST: from_list = optarg; break;
        case OPT_FROM_FILES: from_files = true; break;
        case OPT_LIST_RULES: list_rules = true; break;
        default: common_option(self, c, optopt, argv);
        }
    }
    if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "github"))
        usage_error(self, "--format must be text, json or github, not '%s'", format);
    int nargs = argc - optind;
    if (from_list && from_files)
        usage_error(self, "--from-list and --from-files exclude each other");
    if (from_files && !nargs)
        usage_error(self, "--from-files needs at least one file");
    if (!from_files && nargs > 1)
        usage_error(self, "unexpected argument '%s'", argv[optind + 1]);
    const char *range = !from_files && nargs ? argv[optind] : NULL;
    if (range && all)
        usage_error(self, "a RANGE and --all exclude each other");

    project p;
    bool listed = from_list || from_files;
    project_config_opt(&p, !listed && !list_rules);
    if (list_rules) {
        strbuf text = STRBUF_INIT;
        lint_print_rules(p.cfg.lint, &text);
        fputs(text.buf, stdout);
        sb_release(&text);
        project_close(&p);
        free(args);
        return EXIT_OK;
    }
    if (listed) {
        diaglist dl = DIAGLIST_INIT;
        int rc = from_list ? history_load_list(from_list, &p.graph, &dl)
                           : history_load_files((const char **)argv + optind, (size_t)nargs, &p.graph, &dl);
        diag_print(&dl, stderr);
        diag_clear(&dl);
        if (rc < 0)
            die("the files do not load as a history");
        p.have_graph = true;
    } else {
        config_release(&p.cfg);
        project_open(&p);
    }
    const revgraph *g = &p.graph;
    bool *sel = xcalloc(g->n + 1, sizeof(bool));
    const char *scope;
    if (all) {
        memset(sel, 1, g->n * sizeof(bool));
        scope = "all";
    } else if (range) {
        select_range(g, range, sel);
        scope = range;
    } else if (!listed && *p.cfg.database_url && select_pending(&p, sel)) {
        scope = "not yet in the database";
    } else {
        for (size_t i = 0; i < g->nheads; i++)
            sel[g->heads[i]] = true;
        scope = "heads only";
    }

    lint_opts o = {0};
    o.levels = p.cfg.lint;
    lint_report rep = {0};
    rep.scope = scope;
    diaglist dl = DIAGLIST_INIT;
    int rc = lint_graph(g, sel, &o, &rep, &dl);
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].sev != DIAG_NOTE)
            diag_print_one(&dl.items[i], stderr);
    int status;
    if (rc < 0) {
        fprintf(stderr, "sqlc lint: error: the history does not replay (%zu error%s above); nothing was linted\n",
                dl.nerrors, dl.nerrors == 1 ? "" : "s");
        status = EXIT_USAGE;
    } else {
        strbuf text = STRBUF_INIT;
        if (!strcmp(format, "json"))
            lint_print_json(&rep, &text);
        else if (!strcmp(format, "github"))
            lint_print_github(&rep, &text);
        else
            lint_print_text(&rep, isatty(STDOUT_FILENO) && !getenv("NO_COLOR"), &text);
        fwrite(sb_str(&text), 1, text.len, stdout);
        sb_release(&text);
        status = rep.count[SEV_ERROR] || (strict && rep.count[SEV_WARNING]) ? EXIT_PROBLEMS : EXIT_OK;
    }
    diag_clear(&dl);
    lint_report_release(&rep);
    free(sel);
    project_close(&p);
    free(args);
    return status;
}
