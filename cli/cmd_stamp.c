/* stamp: set the database's revision without running any SQL.
 *
 *   sqlc stamp REV... [--purge] [--lock-timeout S] [-v]
 *
 * The version table's head rows become exactly those of REV (several REVs:
 * their union; "base": none), the tables are created when missing, dirty
 * marks are cleared and each revision whose applied state changes gets a
 * 'stamp' history row.  This is how an operator records the state after
 * repairing a failed revision by hand, or adopts an existing database.
 * Without --purge the rows must name known revisions; --purge deletes them
 * unread.  The work is compiler/migrate.c's mg_stamp; this file prints. */
#include "cli.h"
#include "migrate.h"

enum { OPT_PURGE = OPT_FIRST_COMMAND_OPT, OPT_LOCK_TIMEOUT };

int cmd_stamp(int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"purge", no_argument, NULL, OPT_PURGE},
        {"lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const command *self = find_command("stamp");
    char **args = argv_protect_relative(&argc, argv, COMMON_SHORTOPTS "v", longopts);
    argv = args;
    bool verbose = g_opts.verbose, purge = false;
    int lock_timeout = MG_DEFAULT_LOCK_TIMEOUT, c;
    while ((c = getopt_long(argc, argv, ":" COMMON_SHORTOPTS "v", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_PURGE: purge = true; break;
        case OPT_LOCK_TIMEOUT: lock_timeout = online_lock_timeout(self, optarg); break;
        case 'v': verbose = true; break;
        default: common_option(self, c, optopt, argv);
        }
    }
    if (optind >= argc)
        usage_error(self, "missing the revision to stamp (base for none)");
    project p;
    project_open(&p);
    migrator m;
    online_open(&p, &m, "stamp", verbose);
    mg_result res;
    strbuf err = STRBUF_INIT;
    int rc = mg_stamp(&m, argv + optind, (size_t)(argc - optind), purge, lock_timeout, &res, &err);
    if (rc != MG_OK) {
        fprintf(stderr, "sqlc stamp: error: %s\n", err.buf);
    } else if (online_chatty(verbose)) {
        fputs("Stamped ", stderr);
        online_print_rows(stderr, &res.end_rows);
        fputs(" (was ", stderr);
        online_print_rows(stderr, &res.start_rows);
        fprintf(stderr, "); %zu history row%s\n", res.ndone, res.ndone == 1 ? "" : "s");
    }
    sb_release(&err);
    mg_result_release(&res);
    mg_close(&m);
    project_close(&p);
    free(args);
    return rc;
}
