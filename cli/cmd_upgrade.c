/* upgrade, downgrade, bundle: a range of revisions as one SQL script.
 *
 *   sqlc upgrade TARGET --sql [-o FILE]      TARGET: T (= base:T) or FROM:TO
 *   sqlc downgrade TARGET --sql [-o FILE]    TARGET: T (= heads:T) or FROM:TO
 *   sqlc bundle FROM:TO [-o FILE]            either, by direction (for CI)
 *
 * The three share one parser and one code path; they differ only in the
 * direction they ask bundle_resolve for.  Nothing is written unless the
 * whole range replays: the script goes to stdout or, atomically, to FILE.
 *
 * Without --sql, upgrade and downgrade apply TARGET to the database
 * (compiler/migrate.h does the work; this file only prints):
 *
 *   sqlc upgrade TARGET [--lock-timeout S] [--ignore-checksums] [-v]
 *   sqlc downgrade TARGET ...                 TARGET: one term, +N/-N
 *                                             counting from the database */
#include "bundle.h"
#include "cli.h"
#include "migrate.h"

#include <string.h>
#include <unistd.h>

enum { OPT_SQL = OPT_FIRST_COMMAND_OPT, OPT_NO_PSQL, OPT_SINGLE, OPT_ALLOW_EMPTY,
       OPT_STAMP, OPT_STRICT, OPT_LOCK_TIMEOUT, OPT_IGNORE_CHECKSUMS };

static int run_online(const char *name, bundle_dir dir, const char *target, const mg_apply_opts *base,
                      bool verbose)
{
    project p;
    project_open(&p);
    migrator m;
    online_open(&p, &m, name, verbose);
    mg_apply_opts o = *base;
    o.target = target;
    o.dir = dir;
    mg_result res;
    diaglist dl = DIAGLIST_INIT;
    strbuf err = STRBUF_INIT;
    int rc = mg_apply(&m, &o, &res, &dl, &err);
    diag_sort(&dl);
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].sev != DIAG_NOTE || verbose)
            diag_print_one(&dl.items[i], stderr);
    diag_print(&res.server, stderr);
    if (rc != MG_OK) {
        fprintf(stderr, "sqlc %s: error: %s\n", name, err.buf);
    } else if (online_chatty(verbose)) {
        if (res.nothing)
            fputs("Nothing to do: the database is at ", stderr);
        else
            fprintf(stderr, "%s to ", dir == BUNDLE_DOWNGRADE ? "Downgraded" : "Upgraded");
        online_print_rows(stderr, &res.end_rows);
        if (!res.nothing)
            fprintf(stderr, ": %zu revision%s in %.3f s", res.ndone, res.ndone == 1 ? "" : "s", res.seconds);
        fputc('\n', stderr);
    }
    diag_clear(&dl);
    sb_release(&err);
    mg_result_release(&res);
    mg_close(&m);
    project_close(&p);
    return rc;
}

static char *stamp_line(void)
{
    char host[256] = "";
    if (gethostname(host, sizeof(host) - 1) < 0)
        strcpy(host, "unknown");
    char *now = rev_timestamp_now();
    char *s = xasprintf("Generated at %s on %s.", now, host);
    free(now);
    return s;
}

static int run(const char *name, bundle_dir dir, int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"sql", no_argument, NULL, OPT_SQL},
        {"output", required_argument, NULL, 'o'},
        {"no-psql", no_argument, NULL, OPT_NO_PSQL},
        {"single-transaction", no_argument, NULL, OPT_SINGLE},
        {"allow-empty-downgrade", no_argument, NULL, OPT_ALLOW_EMPTY},
        {"stamp-time", no_argument, NULL, OPT_STAMP},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"verbose", no_argument, NULL, 'v'},
        {"lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT},
        {"ignore-checksums", no_argument, NULL, OPT_IGNORE_CHECKSUMS},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command(name);
    char **args = argv_protect_relative(&argc, argv, COMMON_SHORTOPTS "o:v", longopts);
    argv = args;
    const char *out = NULL;
    bool sql = dir == BUNDLE_AUTO, stamp = false, verbose = g_opts.verbose;
    bundle_opts o = {0};
    o.psql = true;
    mg_apply_opts ao = {0};
    ao.lock_timeout = MG_DEFAULT_LOCK_TIMEOUT;
    bool online_flag = false;
    int c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS "o:v", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_SQL: sql = true; break;
        case 'o': out = optarg; break;
        case OPT_NO_PSQL: o.psql = false; break;
        case OPT_SINGLE: o.single_transaction = true; break;
        case OPT_ALLOW_EMPTY: o.allow_empty_downgrade = true; break;
        case OPT_STAMP: stamp = true; break;
        case OPT_STRICT: o.strict = true; break;
        case 'v': verbose = true; break;
        case OPT_LOCK_TIMEOUT: ao.lock_timeout = online_lock_timeout(self, optarg); online_flag = true; break;
        case OPT_IGNORE_CHECKSUMS: ao.ignore_checksums = true; online_flag = true; break;
        default: common_option(self, c, optopt, argv);
        }
    }
    int nargs = argc - optind;
    if (nargs == 0)
        usage_error(self, "%s", dir == BUNDLE_AUTO ? "missing the range FROM:TO" : "missing the target revision");
    if (nargs > 1)
        usage_error(self, "unexpected argument '%s'", argv[optind + 1]);
    if (!sql) {
        if (out || !o.psql || stamp)
            usage_error(self, "-o, --no-psql and --stamp-time only go with --sql");
        ao.single_transaction = o.single_transaction;
        ao.allow_empty_downgrade = o.allow_empty_downgrade;
        ao.strict = o.strict;
        int rc = run_online(name, dir, argv[optind], &ao, verbose);
        free(args);
        return rc;
    }
    if (online_flag)
        usage_error(self, "--lock-timeout and --ignore-checksums are for online runs, not --sql");
    const char *spec = argv[optind];
    project p;
    project_open(&p);
    bundle_range range;
    strbuf err = STRBUF_INIT, text = STRBUF_INIT;
    int status = EXIT_OK;
    if (bundle_resolve(&p.graph, spec, dir, &range, &err) < 0) {
        fprintf(stderr, "sqlc %s: error: %s\n", name, err.buf);
        status = EXIT_USAGE;
        goto done;
    }
    char *stamp_text = stamp ? stamp_line() : NULL;
    o.spec = spec;
    o.stamp = stamp_text;
    o.tool_version = SQLC_VERSION;
    o.versions_dir = p.cfg.versions;
    o.vt_schema = p.cfg.version_schema;
    o.vt_table = p.cfg.version_table;
    diaglist dl = DIAGLIST_INIT;
    int rc = bundle_build(&p.graph, &range, &o, &text, &dl);
    diag_sort(&dl);
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].sev != DIAG_NOTE || verbose)
            diag_print_one(&dl.items[i], stderr);
    if (rc < 0) {
        fprintf(stderr, "sqlc %s: no bundle written: %zu error%s\n", name, dl.nerrors,
                dl.nerrors == 1 ? "" : "s");
        status = EXIT_USAGE;
    } else if (out) {
        if (write_file_atomic(out, text.buf, text.len, false, &err) < 0) {
            fprintf(stderr, "sqlc: error: %s\n", err.buf);
            status = EXIT_USAGE;
        } else {
            printf("wrote %s: %s of %zu revision%s\n", out,
                   range.dir == BUNDLE_DOWNGRADE ? "downgrade" : "upgrade", range.nsteps,
                   range.nsteps == 1 ? "" : "s");
        }
    } else {
        fwrite(text.buf, 1, text.len, stdout);
    }
    diag_clear(&dl);
    free(stamp_text);
    bundle_range_release(&range);
done:
    sb_release(&err);
    sb_release(&text);
    project_close(&p);
    free(args);
    return status;
}

int cmd_upgrade(int argc, char **argv)
{
    return run("upgrade", BUNDLE_UPGRADE, argc, argv);
}

int cmd_downgrade(int argc, char **argv)
{
    return run("downgrade", BUNDLE_DOWNGRADE, argc, argv);
}

int cmd_bundle(int argc, char **argv)
{
    return run("bundle", BUNDLE_AUTO, argc, argv);
}
