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

#include <pg_query.h>
#include <string.h>

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

int main(int argc, char **argv)
{
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
