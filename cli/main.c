/* main: global options, then dispatch to one command.
 *
 *   sqlc [-c FILE] [--versions DIR] [--db URL] COMMAND [ARGS]
 *   sqlc --help | --version | help COMMAND */
#include "cli.h"

#include <string.h>

global_opts g_opts;

void list_commands(FILE *out);

static void main_usage(FILE *out)
{
    fputs("usage: sqlc [-c FILE] [--versions DIR] [--db URL] COMMAND [ARGS]\n\n"
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
            printf("sqlc %s\n", SQLC_VERSION);
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
        const command *cmd = find_command(argv[optind + 1]);
        if (!cmd) {
            fprintf(stderr, "sqlc: error: unknown command '%s'\n", argv[optind + 1]);
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
