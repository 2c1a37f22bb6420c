/* online: what the commands that talk to a database share (upgrade and
 * downgrade without --sql, current, stamp, verify): connecting with the
 * project's settings, and the printing policy for progress and server
 * notices, which compiler/migrate.c leaves to its caller.
 *
 * Policy: results go to stdout, everything else to stderr.  Progress (one
 * line per revision with its time, then a total) is shown on a terminal or
 * with -v, so scripts and CI logs stay quiet; server notices only with -v,
 * since revisions often hold "IF EXISTS" statements whose notices say
 * nothing new. */
#include "cli.h"
#include "migrate.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

static bool g_verbose;

bool online_chatty(bool verbose)
{
    if (g_opts.quiet)
        return false;
    return verbose || g_opts.verbose || isatty(STDERR_FILENO);
}

void online_print_rows(FILE *out, const strvec *rows)
{
    if (!rows->n)
        fputs("base", out);
    for (size_t i = 0; i < rows->n; i++)
        fprintf(out, "%s%s", i ? ", " : "", rows->v[i]);
}

static void on_notice(void *arg, const char *severity, const char *msg)
{
    (void)arg;
    if (g_verbose || g_opts.verbose)
        fprintf(stderr, "server %s: %s\n", severity, msg);
}

static void print_ids(const revgraph *g, const revision *r, bool parents)
{
    if (!parents) {
        fputs(r->id, stderr);
        return;
    }
    if (!r->parents.n)
        fputs("base", stderr);
    for (size_t i = 0; i < r->parents.n; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", g->revs[r->parent_ix[i]]->id);
}

/* "Running upgrade A -> B, message ... 0.012 s", the time added when the
 * step ends, so a slow revision shows what is running. */
static void on_progress(void *arg, const mg_event *ev)
{
    const migrator *m = arg;
    switch (ev->kind) {
    case MG_EV_START:
        fprintf(stderr, "Running %s ", ev->down ? "downgrade" : "upgrade");
        print_ids(m->g, ev->rev, !ev->down);
        fputs(" -> ", stderr);
        print_ids(m->g, ev->rev, ev->down);
        fprintf(stderr, ", %s%s ...", ev->rev->message, ev->notx ? " (outside a transaction)" : "");
        break;
    case MG_EV_DONE:
        fprintf(stderr, " %.3f s\n", ev->seconds);
        break;
    case MG_EV_FAILED:
        fprintf(stderr, " failed after %.3f s\n", ev->seconds);
        break;
    }
    fflush(stderr);
}

void online_open(project *p, migrator *m, const char *cmd, bool verbose)
{
    g_verbose = verbose;
    memset(m, 0, sizeof(*m));
    m->notice = on_notice;
    if (online_chatty(verbose))
        m->progress = on_progress;
    m->arg = m;
    strbuf err = STRBUF_INIT;
    if (mg_open(m, &p->graph, p->cfg.database_url, p->cfg.version_schema, p->cfg.version_table,
                SQLC_VERSION, &err) != MG_OK) {
        fprintf(stderr, "sqlc %s: error: %s\n", cmd, err.buf);
        exit(EXIT_USAGE);
    }
    sb_release(&err);
}

int online_lock_timeout(const command *self, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < 0 || v > INT_MAX / 1000)
        usage_error(self, "--lock-timeout takes whole seconds (0 waits forever), not '%s'", arg);
    return (int)v;
}

bool online_json_only(const command *self, int argc, char **argv)
{
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"format", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"text", "json", NULL};
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
    return json;
}
