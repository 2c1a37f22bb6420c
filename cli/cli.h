/* cli: what every command file shares.
 *
 * Like git's builtin/, each command lives in its own cmd_*.c with one entry
 * point `int cmd_NAME(int argc, char **argv)` returning the exit code:
 *   0  ok
 *   1  problems found (check failed, drift, ...)
 *   2  usage or input error (bad flag, unreadable file, broken graph)
 * Shared here: the global options, opening a project (config + graph), and
 * the one-line rendering of a revision that history, heads and branches use. */
#ifndef SQLC_CLI_H
#define SQLC_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "config.h"
#include "history.h"
#include "revspec.h"

enum { EXIT_OK = 0, EXIT_PROBLEMS = 1, EXIT_USAGE = 2 };

/* Options every command accepts, before or after the command name. */
typedef struct global_opts {
    const char *config;   /* -c, --config */
    const char *versions; /* --versions */
    const char *db;       /* --db */
} global_opts;
extern global_opts g_opts;

enum { OPT_VERSIONS = 1000, OPT_DB, OPT_FIRST_COMMAND_OPT };

#define COMMON_LONGOPTS                                                        \
    {"config", required_argument, NULL, 'c'},                                  \
    {"versions", required_argument, NULL, OPT_VERSIONS},                       \
    {"db", required_argument, NULL, OPT_DB},                                   \
    {"help", no_argument, NULL, 'h'}
#define COMMON_SHORTOPTS "c:h"

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
    const char *usage; /* full help text, ending in a newline */
} command;

const command *find_command(const char *name);

/* Handles a common option or a getopt error; returns -1 for "not common".
 * Exits for --help (0) and for bad options (2). */
int common_option(const command *cmd, int c, int optopt_, char **argv);
/* Returns a copy of argv (free it; not its strings) in which words like
 * "-1" that are not option values are placed after "--". */
char **argv_protect_relative(int *argc, char **argv, const char *shortopts,
                             const struct option *longopts);
/* Prints "usage: ..." to stderr and exits 2. */
void usage_error(const command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

typedef struct project {
    config cfg;
    revgraph graph;
} project;

/* Reads the config (flags applied).  Dies with exit 2 on error. */
void project_config(project *p);
/* Exits 2 unless the versions folder exists and is a folder. */
void project_require_versions(const project *p);
/* Config plus the revision graph; prints every problem and exits 2 when the
 * history cannot be loaded. */
void project_open(project *p);
void project_close(project *p);

/* "a -> b (label) (head) (mergepoint), message" as in `alembic history`. */
void print_rev_line(FILE *out, const revgraph *g, int ix);
/* "b (label) (head), message": the line without its parents. */
void print_rev_short(FILE *out, const revgraph *g, int ix);
/* The multi-line form used by --verbose and show. */
void print_rev_verbose(FILE *out, const revgraph *g, int ix);

/* Resolves a single specifier or exits 2 with the resolver's message. */
void resolve_or_die(const revgraph *g, const char *spec, revset *out);
/* Validates --rev-id, or generates a fresh id; exits on a bad one. */
char *choose_rev_id(const command *self, const revgraph *g, const char *rev_id);
/* Checks --branch-label values against the grammar and the graph. */
void check_new_labels(const command *self, const revgraph *g, const strvec *labels);
/* Writes a new revision file (exclusive) and prints its path. */
int write_revision(project *p, const char *id, const strvec *parents,
                   const char *message, const strvec *labels,
                   const strvec *depends, bool transactional);

int cmd_init(int argc, char **argv);
int cmd_revision(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_heads(int argc, char **argv);
int cmd_branches(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_upgrade(int argc, char **argv);
int cmd_downgrade(int argc, char **argv);
int cmd_bundle(int argc, char **argv);
int cmd_hash(int argc, char **argv);

#endif
