/* main: global options, then dispatch to one command.
 *
 *   sqlc [-c FILE] [--versions DIR] [--db URL] [-q|-v] COMMAND [ARGS]
 *   sqlc --help | --version | help COMMAND
 *   sqlc help --commands | --flags COMMAND   (for the completion scripts)
 *
 * The completion scripts ask the binary for the command list and each
 * command's flags rather than carrying copies, so a new row in
 * commands.c is completed, documented and listed with no other edit. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <pg_query.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

global_opts g_opts;

void list_commands(FILE *out);
void list_command_names(FILE *out);

static void main_usage(FILE *out)
{
    fputs("usage: sqlc [-c FILE] [--versions DIR] [--db URL] [-q|-v] COMMAND [ARGS]\n\n"
          "Plain-SQL schema migrations for PostgreSQL.\n\nCommands:\n", out);
    list_commands(out);
    fputs("\nRun 'sqlc help COMMAND' for a command's options.\n"
          "Exit codes: 0 ok, 1 problems found, 2 usage or input error.\n", out);
}

/* Output that could not be written is an error, not a silent success
 * (`sqlc schema > /dev/full` used to exit 0): checked once, at exit, on
 * every path out of the program, like gnulib's close_stdout.  A closed
 * pipe never gets here: SIGPIPE is at its default (see main), so
 * `sqlc history | head -1` ends sqlc quietly, status 141 in the shell. */
static void check_stdout(void)
{
    errno = 0;
    bool flushed = fflush(stdout) == 0;
    int err = errno;
    if (flushed && !ferror(stdout))
        return;
    if (flushed) /* an earlier write failed; its errno is gone */
        fputs("sqlc: error: cannot write to standard output\n", stderr);
    else
        fprintf(stderr, "sqlc: error: cannot write to standard output: %s\n", strerror(err));
    _exit(EXIT_USAGE);
}

/* A caller may start sqlc with fd 0, 1 or 2 closed; the next open() would
 * then get that number, and output meant for the terminal would land in a
 * file sqlc is writing.  They are pointed at /dev/null instead, as git does. */
static void sanitize_std_fds(void)
{
    int fd;
    while ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0 && fd <= 2)
        fcntl(fd, F_SETFD, 0); /* stays open as 0, 1 or 2 for good */
    if (fd > 2)
        close(fd);
}

/* Parse trees are walked recursively (libpg_query, protobuf-c, canon,
 * replay, deparse), one or more frames per level.  PostgreSQL accepts
 * about 4,500 chained operators, which takes about 10 MiB (more under
 * AddressSanitizer), more than the usual 8 MiB;
 * sqldepth.c refuses what is deeper than its limits, and this gives the
 * main thread and the worker threads the stack those limits need.  The
 * main stack grows on demand up to RLIMIT_STACK as it is at the time, and
 * thread stacks are reserved address space, touched only as used. */
enum { STACK_BYTES = 64 << 20 };

static void grow_stacks(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < STACK_BYTES) {
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > STACK_BYTES ? STACK_BYTES : rl.rlim_max;
        setrlimit(RLIMIT_STACK, &rl);
    }
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) == 0) {
        if (pthread_attr_setstacksize(&attr, STACK_BYTES) == 0)
            pthread_setattr_default_np(&attr);
        pthread_attr_destroy(&attr);
    }
}

int main(int argc, char **argv)
{
    sanitize_std_fds();
    grow_stacks();
    /* Whatever the parent left (some shells and CI runners ignore
     * SIGPIPE), a reader that goes away ends sqlc at once and quietly. */
    signal(SIGPIPE, SIG_DFL);
    atexit(check_stdout);
    static const struct option longopts[] = {
        COMMON_LONGOPTS,
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+:" COMMON_SHORTOPTS "V", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            main_usage(stdout);
            return EXIT_OK;
        case 'V':
            /* The grammar is the PostgreSQL release libpg_query was cut from. */
            printf("sqlc %s\nlibpg_query %s\nPostgreSQL grammar %s (%d)\n", SQLC_VERSION,
                   SQLC_PGQ_VERSION, PG_VERSION, PG_VERSION_NUM);
            return EXIT_OK;
        default:
            if (common_option(NULL, c, optopt, argv) < 0) {
                main_usage(stderr);
                return EXIT_USAGE;
            }
        }
    }
    if (optind >= argc) {
        main_usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[optind];
    if (!strcmp(name, "help")) {
        if (optind + 1 >= argc) {
            main_usage(stdout);
            return EXIT_OK;
        }
        if (!strcmp(argv[optind + 1], "--commands")) {
            list_command_names(stdout);
            return EXIT_OK;
        }
        bool flags = !strcmp(argv[optind + 1], "--flags");
        if (flags && optind + 2 >= argc) {
            fprintf(stderr, "sqlc: error: help --flags needs a command\n");
            return EXIT_USAGE;
        }
        const command *cmd = find_command(argv[optind + 1 + flags]);
        if (cmd && flags) {
            strvec v = STRVEC_INIT;
            help_flags(cmd, &v);
            for (size_t i = 0; i < v.n; i++)
                printf("--%s\n", v.v[i]);
            strvec_clear(&v);
            return EXIT_OK;
        }
        if (!cmd) {
            fprintf(stderr, "sqlc: error: unknown command '%s'\n", argv[optind + 1 + flags]);
            return EXIT_USAGE;
        }
        fputs(cmd->usage, stdout);
        return EXIT_OK;
    }
    const command *cmd = find_command(name);
    if (!cmd) {
        fprintf(stderr, "sqlc: error: unknown command '%s'; run 'sqlc --help' for the list\n", name);
        return EXIT_USAGE;
    }
    /* The command parses its own argv, starting at its name. */
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    optind = 0; /* full getopt reset for the command's own parse */
    return cmd->fn(sub_argc, sub_argv);
}
