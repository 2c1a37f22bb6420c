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

#include "catalog.h"
#include "config.h"
#include "diff.h"
#include "replay.h"
#include "history.h"
#include "introspect.h"
#include "revspec.h"

enum { EXIT_OK = 0, EXIT_PROBLEMS = 1, EXIT_USAGE = 2 };

/* Options every command accepts, before or after the command name. */
typedef struct global_opts {
    const char *config;   /* -c, --config */
    const char *versions; /* --versions */
    const char *db;       /* --db */
    bool quiet;           /* -q, --quiet: no progress, notices or warnings */
    bool verbose;         /* -v, --verbose: more detail */
} global_opts;
extern global_opts g_opts;

enum { OPT_VERSIONS = 1000, OPT_DB, OPT_FIRST_COMMAND_OPT };

#define COMMON_LONGOPTS                                                        \
    {"config", required_argument, NULL, 'c'},                                  \
    {"versions", required_argument, NULL, OPT_VERSIONS},                       \
    {"db", required_argument, NULL, OPT_DB},                                   \
    {"quiet", no_argument, NULL, 'q'},                                         \
    {"verbose", no_argument, NULL, 'v'},                                       \
    {"help", no_argument, NULL, 'h'}
#define COMMON_SHORTOPTS "c:hqv"

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
    bool have_graph;     /* project_open loaded the history */
} project;

/* Reads the config (flags applied).  Dies with exit 2 on error. */
void project_config(project *p);
/* The same, but a missing default sqlc.ini is not an error unless needed
 * (diff between two files needs no project). */
void project_config_opt(project *p, bool needed);
/* Exits 2 unless the versions folder exists and is a folder. */
void project_require_versions(const project *p);
/* Config plus the revision graph; prints every problem and exits 2 when the
 * history cannot be loaded. */
void project_open(project *p);
/* The history alone, for a project whose config is loaded. */
void project_load_history(project *p);
void project_close(project *p);

/* "a -> b (label) (head) (mergepoint), message" as in `alembic history`. */
void print_rev_line(FILE *out, const revgraph *g, int ix);
/* "b (label) (head), message": the line without its parents. */
void print_rev_short(FILE *out, const revgraph *g, int ix);
/* The multi-line form used by --verbose and show. */
void print_rev_verbose(FILE *out, const revgraph *g, int ix);
/* " (label) (head) (mergepoint)": the tags the lines above print. */
void print_rev_tags(FILE *out, const revgraph *g, int ix);

/* Resolves a single specifier or exits 2 with the resolver's message. */
void resolve_or_die(const revgraph *g, const char *spec, revset *out);
/* Resolves one term (into to) or a range FROM:TO; exits 2 the same way.
 * Returns whether spec is a range. */
bool resolve_range_or_die(const revgraph *g, const char *spec, revset *from, revset *to);
/* Validates --rev-id, or generates a fresh id; exits on a bad one. */
char *choose_rev_id(const command *self, const revgraph *g, const char *rev_id);
/* Checks --branch-label values against the grammar and the graph. */
void check_new_labels(const command *self, const revgraph *g, const strvec *labels);
/* Writes a new revision file (exclusive) and prints its path.  upgrade
 * and downgrade are the section bodies (NULL: empty). */
int write_revision(project *p, const char *id, const strvec *parents,
                   const char *message, const strvec *labels,
                   const strvec *depends, bool transactional,
                   const char *upgrade, const char *downgrade);

/* Replays the history up to spec (every head when NULL) into cat. */
int project_replay(project *p, const char *spec, catalog *cat, replay_opts ro, diaglist *dl);
/* Loads a schema source ("rev:REV", "db:DSN", "dump:FILE",
 * "schema:FILE"; see source.c) into cat.  p must have its config; the
 * history is opened on demand.  hints (may be NULL) receive a desired
 * schema's rename annotations.  Returns 0, or -1 with diagnostics in dl
 * or a message in err. */
int source_load(project *p, const char *spec, catalog *cat, rename_hints *hints, diaglist *dl, strbuf *err);
/* Introspects the database at dsn into cat (introspect.h), leaving out
 * cfg's version tables; diagnostics name "db:<redacted dsn>".  A
 * connection or query failure is -1 with one line in err. */
int source_load_db(const config *cfg, const char *dsn, introspect_opts *io, catalog *cat, diaglist *dl, strbuf *err);
/* What every db: source leaves out: sqlc's own version tables. */
void source_db_opts(const config *cfg, introspect_opts *io);

/* Loads both sources and diffs them; prints any problem to stderr and
 * returns -1 on it.  o->hints is ignored: a schema: source brings its own. */
int diff_sources(project *p, const char *from, const char *to, const diff_opts *o, changeset *cs);

/* Fleet drift (cli/fleet.c): FROM against every db: source in dsns,
 * concurrently, at most jobs connections at once; one line per database
 * on stdout.  Returns 1 when any drifted, else 2 when any could not be
 * checked, else 0. */
enum { FLEET_DEFAULT_JOBS = 8 };
int fleet_diff(project *p, const char *from, const strvec *dsns, int jobs, const diff_opts *o);
/* Appends FILE's DSNs (one a line; blank lines and # comments skipped;
 * "db:" optional) to out as db: sources, or a usage error. */
void fleet_read_targets(const command *self, const char *path, strvec *out);

/* Prints the data-loss changes and returns -1 when there are any. */
int diff_refuse_destructive(const changeset *cs, const char *cmd);

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
int cmd_diff(int argc, char **argv);
int cmd_lint(int argc, char **argv);

/* ---- online commands (cli/online.c) ----
 * Connect with the project's DSN and version table, or print the one-line
 * error and exit 2.  Progress and server notices are printed to stderr
 * when verbose or stderr is a terminal (notices: verbose only). */
struct migrator;
void online_open(project *p, struct migrator *m, const char *cmd, bool verbose);
/* --lock-timeout's value, or a usage error. */
int online_lock_timeout(const command *self, const char *arg);
/* Parses the options of a command whose only own flag is --format
 * text|json; true for json. */
bool online_json_only(const command *self, int argc, char **argv);
/* Whether progress lines are wanted. */
bool online_chatty(bool verbose);
/* "a, b" or "base". */
void online_print_rows(FILE *out, const strvec *rows);
int cmd_current(int argc, char **argv);
int cmd_stamp(int argc, char **argv);
int cmd_verify(int argc, char **argv);

/* ---- output conventions (cli/output.c) ----
 * Results go to stdout, everything else to stderr; colour only on a
 * terminal and never with NO_COLOR set; machine formats through json-c,
 * every document carrying "version": 1. */
#include <json-c/json.h>
/* Colour on f?  A terminal, and NO_COLOR unset. */
bool cli_color(FILE *f);
/* The index of --format's value in the NULL-terminated list `allowed`, or
 * a usage error naming them. */
int cli_format(const command *self, const char *arg, const char *const *allowed);
/* {"version": 1}: the start of every JSON document sqlc prints. */
json_object *cli_json_doc(void);
/* Prints doc (pretty, one trailing newline) to out and frees it. */
void cli_json_print(json_object *doc, FILE *out);
/* A revision as JSON (README, "JSON shapes"). */
json_object *rev_json(const revgraph *g, int ix);
/* A diagnostic as JSON: {"severity", "file", "line", "column", "message"}. */
json_object *diag_json(const diag *d);
/* A GitHub Actions annotation line: "::error file=F,line=L,col=C::msg"
 * (file NULL and line/col 0 when unknown), escaped as the runner wants. */
void gh_annotation(strbuf *out, const char *level, const char *file, int line, int col,
                   const char *msg);
/* The flags a command's help documents in its option lines ("--name"),
 * which tests/scripts/help_flags.sh proves equal to what it accepts. */
void help_flags(const command *cmd, strvec *out);
/* Levenshtein distance, for "did you mean". */
size_t edit_distance(const char *a, const char *b);

#endif
