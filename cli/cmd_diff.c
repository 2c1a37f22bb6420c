/* diff: compare two schemas; report drift or print the change script.
 *
 *   sqlc diff [--from SRC] [--to SRC] [--format text|json|sql|html|github] [-o FILE]
 *
 * SRC is rev:REV, db:DSN, dump:FILE or schema:FILE (source.c).  The
 * default compares the history's heads with the configured database:
 * drift.  Exit codes follow `git diff --exit-code`: 0 no difference, 1
 * differences, 2 an error.  The SQL form is a generation, so a data-loss
 * hazard refuses it unless --allow-destructive: a script that drops data
 * should never be one flag away from a pipe into psql. */
#include "cli.h"
#include "pgconn.h"

#include <string.h>
#include <unistd.h>

enum { OPT_FROM = OPT_FIRST_COMMAND_OPT, OPT_TO, OPT_FORMAT, OPT_TARGETS, OPT_JOBS, OPT_STRICT_ORDER, OPT_PRIVS,
       OPT_CONCURRENTLY, OPT_ONLINE, OPT_NO_RENAMES, OPT_DESTRUCTIVE, OPT_THRESHOLD };

/* Shared with revision --autogenerate and check: refuses a change list
 * with data loss unless allowed; prints the offending changes. */
int diff_refuse_destructive(const changeset *cs, const char *cmd)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->n; i++)
        if (cs->v[i]->hazards & (1u << HZ_DATA_LOSS)) {
            if (!n++)
                fprintf(stderr, "sqlc %s: error: the changes would lose data; review them and add --allow-destructive to generate them anyway:\n", cmd);
            fprintf(stderr, "  %c %s %s%s%s\n", cs->v[i]->op, cs->v[i]->kind, cs->v[i]->object,
                    cs->v[i]->detail ? ": " : "", cs->v[i]->detail ? cs->v[i]->detail : "");
        }
    return n ? -1 : 0;
}

/* A source as the report may show it: a db: DSN redacted. */
static char *source_label(const project *p, const char *spec)
{
    if (!str_starts_with(spec, "db:"))
        return xstrdup(spec);
    char *dsn = pgc_redact(spec[3] ? spec + 3 : p->cfg.database_url);
    char *s = xasprintf("db:%s", dsn);
    free(dsn);
    return s;
}

/* One annotation per change, on the file that defines the object when it
 * is one (a revision or the desired schema), else on no file. */
static void print_github(const changeset *cs, const char *from, const char *to, strbuf *out)
{
    for (size_t i = 0; i < cs->n; i++) {
        const change *c = cs->v[i];
        char *msg = xasprintf("schema drift (%s -> %s): %c %s %s%s%s", from, to, c->op, c->kind, c->object,
                              c->detail ? ": " : "", c->detail ? c->detail : "");
        bool file = c->file && path_exists(c->file) && !is_dir(c->file);
        gh_annotation(out, "error", file ? c->file : NULL, file ? c->line : 0, 0, msg);
        free(msg);
    }
}

int cmd_diff(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"strict-column-order", no_argument, NULL, OPT_STRICT_ORDER},
        {"with-privileges", no_argument, NULL, OPT_PRIVS},
        {"concurrently", no_argument, NULL, OPT_CONCURRENTLY},
        {"online", no_argument, NULL, OPT_ONLINE},
        {"no-rename-detection", no_argument, NULL, OPT_NO_RENAMES},
        {"rename-threshold", required_argument, NULL, OPT_THRESHOLD},
        {"allow-destructive", no_argument, NULL, OPT_DESTRUCTIVE},
        {"targets", required_argument, NULL, OPT_TARGETS},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("diff");
    const char *from = "rev:heads", *format = "text", *out = NULL;
    strvec tos = STRVEC_INIT;  /* every --to, and --targets' lines as db: sources */
    bool targets = false;
    int jobs = FLEET_DEFAULT_JOBS;
    bool destructive = false;
    diff_opts o = {0};
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS "o:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_FROM: from = optarg; break;
        case OPT_TO: strvec_push(&tos, optarg); break;
        case OPT_TARGETS: fleet_read_targets(self, optarg, &tos); targets = true; break;
        case OPT_JOBS: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 1000)
                usage_error(self, "--jobs takes a number from 1 to 1000, not '%s'", optarg);
            jobs = (int)v;
            break;
        }
        case OPT_FORMAT: format = optarg; break;
        case 'o': out = optarg; break;
        case OPT_STRICT_ORDER: o.strict_column_order = true; break;
        case OPT_PRIVS: o.privileges = true; break;
        case OPT_CONCURRENTLY: o.concurrently = true; break;
        case OPT_ONLINE: o.online = true; break;
        case OPT_NO_RENAMES: o.no_rename_detection = true; break;
        case OPT_DESTRUCTIVE: destructive = true; break;
        case OPT_THRESHOLD: {
            char *end;
            o.rename_threshold = strtod(optarg, &end);
            if (*end || o.rename_threshold <= 0 || o.rename_threshold > 1)
                usage_error(self, "--rename-threshold must be a number in (0, 1], not '%s'", optarg);
            break;
        }
        default: common_option(self, c, optopt, argv);
        }
    }
    static const char *const formats[] = {"text", "json", "sql", "html", "github", NULL};
    enum { F_TEXT, F_JSON, F_SQL, F_HTML, F_GITHUB };
    int fmt = cli_format(self, format, formats);
    if (optind < argc)
        usage_error(self, "unexpected argument '%s'", argv[optind]);
    if (tos.n > 1 || targets) {
        /* Fleet drift: FROM against every database, one summary line each. */
        for (size_t i = 0; i < tos.n; i++)
            if (!str_starts_with(tos.v[i], "db:"))
                usage_error(self, "with several targets every --to is a db: source, not '%s'", tos.v[i]);
        if (fmt != F_TEXT || out || destructive)
            usage_error(self, "several databases print one line each: no --format, -o or --allow-destructive");
        if (!tos.n)
            usage_error(self, "--targets names no database");
        project p;
        project_config_opt(&p, str_starts_with(from, "rev:"));
        int rc = fleet_diff(&p, from, &tos, jobs, &o);
        project_close(&p);
        strvec_clear(&tos);
        return rc;
    }
    const char *to = tos.n ? tos.v[0] : "db:";
    project p;
    bool needs_project = str_starts_with(from, "rev:") || str_starts_with(to, "rev:")
                         || !strcmp(from, "db:") || !strcmp(to, "db:");
    project_config_opt(&p, needs_project);
    changeset cs = {0};
    int status = EXIT_PROBLEMS;
    if (diff_sources(&p, from, to, &o, &cs) < 0) {
        status = EXIT_USAGE;
        goto done;
    }
    if (!strcmp(format, "sql") && !destructive && diff_refuse_destructive(&cs, "diff") < 0) {
        status = EXIT_USAGE;
        goto done;
    }
    strbuf text = STRBUF_INIT;
    diff_print_opts po = {0};
    po.color = !out && cli_color(stdout);
    char *from_label = source_label(&p, from), *to_label = source_label(&p, to);
    if (fmt == F_JSON)
        diff_print_json(&cs, &text);
    else if (fmt == F_SQL)
        diff_print_sql(&cs, &po, &text);
    else if (fmt == F_HTML)
        diff_print_html(&cs, from_label, to_label, &text);
    else if (fmt == F_GITHUB)
        print_github(&cs, from_label, to_label, &text);
    else
        diff_print_text(&cs, &po, &text);
    free(from_label);
    free(to_label);
    if (out) {
        strbuf err = STRBUF_INIT;
        if (write_file_atomic(out, text.buf, text.len, false, &err) < 0) {
            fprintf(stderr, "sqlc diff: error: %s\n", err.buf);
            status = EXIT_USAGE;
        }
        sb_release(&err);
    } else {
        fwrite(sb_str(&text), 1, text.len, stdout);
    }
    sb_release(&text);
    if (status != EXIT_USAGE)
        status = cs.n ? EXIT_PROBLEMS : EXIT_OK;
done:
    changeset_release(&cs);
    project_close(&p);
    strvec_clear(&tos);
    return status;
}
