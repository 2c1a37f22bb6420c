/* commands: the command table, with each command's help text.
 *
 * One table drives dispatch, `sqlc --help`, `sqlc help CMD` and
 * `CMD --help`, so a command cannot exist without its documentation. */
#include "cli.h"

#include <string.h>

/* Every command takes these (COMMON_LONGOPTS); a command whose -v means
 * something of its own documents it in its options and ends with
 * COMMON_HELP_OWN_V instead. */
#define COMMON_HELP_HEAD                                                       \
    "\nCommon options:\n"                                                      \
    "  -c, --config FILE   read FILE instead of ./sqlc.ini\n"                  \
    "      --versions DIR  use DIR as the versions folder\n"                   \
    "      --db URL        libpq conninfo or URI of the database\n"            \
    "  -q, --quiet         no progress, notices or warnings on stderr\n"
#define COMMON_HELP_OWN_V COMMON_HELP_HEAD "  -h, --help          show this help\n"
#define COMMON_HELP                                                            \
    COMMON_HELP_HEAD                                                           \
    "  -v, --verbose       more detail on stderr, where there is any\n"        \
    "  -h, --help          show this help\n"

static const command commands[] = {
    {"init", cmd_init, "create sqlc.ini and the versions folder",
     "usage: sqlc init [DIR]\n\n"
     "Creates DIR (default: the current folder) with sqlc.ini, a versions/\n"
     "folder and versions/README.  Refuses to overwrite anything.\n\n"
     "Example:\n  sqlc init myapp-db\n" COMMON_HELP},
    {"revision", cmd_revision, "write a new revision file",
     "usage: sqlc revision -m MSG [options]\n\n"
     "Writes versions/<id>_<slug>.sql whose parent is the current head and\n"
     "prints its path.\n\n"
     "Options:\n"
     "  -m, --message MSG         the revision's message (required)\n"
     "      --head REV            parent to build on (a head, or 'base' for a new root)\n"
     "      --splice              allow --head to name a revision that is not a head\n"
     "      --branch-label NAME   label the new revision (repeatable)\n"
     "      --depends-on REV      add an ordering dependency (repeatable)\n"
     "      --rev-id ID           use ID (12 lowercase hex digits) instead of a random one\n"
     "      --no-transaction      mark the revision '-- sqlc:transaction off'\n\n"
     "With --autogenerate, the upgrade section is the diff from the head to the\n"
     "desired schema ('schema' in sqlc.ini, or --to SRC) and the downgrade the\n"
     "diff back, with a review header listing hazards and renames.\n\n"
     "Autogenerate options:\n"
     "      --autogenerate        fill both sections from the schema diff\n"
     "      --to SRC              the schema to reach (default schema:<schema>)\n"
     "      --allow-empty         write the revision even when nothing differs\n"
     "      --allow-destructive   generate changes that lose data\n"
     "      --no-rename-detection  never guess renames (annotations still apply)\n"
     "      --concurrently        build and drop indexes CONCURRENTLY\n"
     "      --online              NOT VALID + VALIDATE for checks, FKs, NOT NULL\n\n"
     "Examples:\n  sqlc revision -m \"add phone_number to users\"\n"
     "  sqlc revision --autogenerate -m \"display name\"\n" COMMON_HELP},
    {"merge", cmd_merge, "write a revision that merges two or more heads",
     "usage: sqlc merge REV REV... -m MSG [--rev-id ID] [--branch-label NAME]\n\n"
     "Writes a revision whose parents are the given revisions ('heads' names\n"
     "all heads).  None may be an ancestor of another.\n\n"
     "Options:\n"
     "  -m, --message MSG         the revision's message (required)\n"
     "      --rev-id ID           use ID instead of a random one\n"
     "      --branch-label NAME   label the merge revision (repeatable)\n\n"
     "Example:\n  sqlc merge heads -m \"merge feature branches\"\n" COMMON_HELP},
    {"history", cmd_history, "list revisions, newest first",
     "usage: sqlc history [-r RANGE] [--verbose] [--graph] [--format text|json|dot|ids]\n\n"
     "Lists revisions newest first.  RANGE is START:END (either may be empty);\n"
     "both ends are included.  --graph draws the graph as 'git log --graph'\n"
     "does (branches, merges, heads) and marks the revisions the database is at\n"
     "'(current)' when the database can be reached; so does --format dot.\n\n"
     "Options:\n"
     "  -r, --rev-range RANGE   only revisions in RANGE\n"
     "  -v, --verbose           show parents, labels, path and date\n"
     "      --graph             draw the revision graph\n"
     "      --format FORMAT     text (default), json, dot (Graphviz) or ids (one\n"
     "                          id per line, for scripts and completion)\n\n"
     "Examples:\n  sqlc history -r base:head\n  sqlc history --graph\n"
     "  sqlc history --format dot | dot -Tsvg -o history.svg\n" COMMON_HELP_OWN_V},
    {"heads", cmd_heads, "list the head revisions",
     "usage: sqlc heads [--verbose] [--format text|json]\n\n"
     "Lists the revisions nothing builds on yet.\n\n"
     "Options:\n"
     "  -v, --verbose           show parents, labels, path and date\n"
     "      --format text|json  output form (JSON: see the README)\n\n"
     "Example:\n  sqlc heads\n" COMMON_HELP_OWN_V},
    {"branches", cmd_branches, "list branch points and where they lead",
     "usage: sqlc branches [--verbose] [--format text|json]\n\n"
     "Lists each branch point and the revisions it branches into.\n\n"
     "Options:\n"
     "  -v, --verbose           show the branch points in full\n"
     "      --format text|json  output form (JSON: see the README)\n\n"
     "Example:\n  sqlc branches\n" COMMON_HELP_OWN_V},
    {"show", cmd_show, "show one revision in full",
     "usage: sqlc show REV [--format text|json]\n\nShows the header, path and both sections of REV.\n\n"
     "Options:\n"
     "      --format text|json  output form (JSON: see the README)\n\n"
     "Example:\n  sqlc show head\n" COMMON_HELP},
    {"schema", cmd_schema, "print the schema at a revision, or of a dump, as SQL or JSON",
     "usage: sqlc schema [REV] [--format sql|json] [-o FILE]\n"
     "       sqlc schema --from-dump FILE | --from-list FILE | --from-files FILE...\n"
     "       sqlc schema --from-db DSN [--schema S]... [--exclude-schema S]...\n\n"
     "Replays every upgrade up to REV (default: all heads) offline and prints\n"
     "the resulting schema: canonical SQL in pg_dump's style that loads into an\n"
     "empty PostgreSQL 15, or the JSON form documented in the README.  With\n"
     "--from-db it reads a live database instead (PostgreSQL 12 or later, one\n"
     "read-only transaction), leaving out system schemas, extension members\n"
     "and sqlc's own version tables.\n\n"
     "Options:\n"
     "      --format sql|json   output form (default sql)\n"
     "  -o, --output FILE       write FILE atomically instead of stdout\n"
     "      --from-dump FILE    load a pg_dump --schema-only file instead\n"
     "      --from-list FILE    replay the files listed in FILE, one per line\n"
     "      --from-files        replay the files given as arguments, in order\n"
     "      --from-db DSN       introspect the database at DSN (a libpq conninfo\n"
     "                          or URI; '' leaves it to the PG* variables)\n"
     "      --schema S          --from-db: only schema S (repeatable)\n"
     "      --exclude-schema S  --from-db: leave schema S out (repeatable)\n"
     "      --strict            unsupported statements are errors\n"
     "      --with-privileges   include owners and grants\n"
     "      --with-locations    JSON: include each object's file:line\n"
     "  -v, --verbose           also show replay notices\n\n"
     "Examples:\n  sqlc schema head --format json\n"
     "  sqlc schema --from-db postgresql:///app --schema public --format json\n" COMMON_HELP_OWN_V},
    {"check", cmd_check, "check that every revision parses and the graph is sound",
     "usage: sqlc check [--strict] [--format text|json|github]\n\n"
     "Loads every revision file, checks the revision graph, parses every\n"
     "upgrade and downgrade section with PostgreSQL's parser and replays the\n"
     "history to every head.  Prints each problem as file:line:col and exits 1\n"
     "when there are any.  Unsupported statements are warnings; --strict makes\n"
     "them problems.  When the desired schema ('schema' in sqlc.ini) exists,\n"
     "the heads must also equal it.\n\n"
     "Options:\n"
     "      --strict            unsupported statements are problems\n"
     "      --format FORMAT     text (default); json (README); github: one GitHub\n"
     "                          Actions annotation per problem (::error file=...)\n\n"
     "Examples:\n  sqlc check\n  sqlc check --format github\n" COMMON_HELP},
    {"upgrade", cmd_upgrade, "upgrade the database to TARGET, or print the SQL (--sql)",
     "usage: sqlc upgrade TARGET [--lock-timeout S] [--ignore-checksums] [options]\n"
     "       sqlc upgrade TARGET --sql [-o FILE] [options]\n\n"
     "Applies to the database (--db, SQLC_DATABASE_URL, sqlc.ini, or libpq's PG*\n"
     "variables) every revision TARGET needs that it lacks, in graph order, each\n"
     "in its own transaction together with its version-table update.  TARGET is\n"
     "one revision (head, heads, an id, LABEL@head) or +N from the database's\n"
     "revision.  A revision marked 'transaction off' (or holding a statement\n"
     "that cannot run in a transaction) runs outside one, its version row marked\n"
     "dirty until it has finished.  sqlc holds an advisory lock for the whole run,\n"
     "so a second run waits and then finds the work done.  Before anything runs\n"
     "it refuses a dirty version row, a revision it does not know, and applied\n"
     "revisions whose files have changed since (see 'sqlc verify').  A failing\n"
     "statement is shown at file:line:col with the server's message; its\n"
     "revision is rolled back and the exit status is 1.\n\n"
     "With --sql, prints one SQL script instead, for a DBA to read and run with\n"
     "psql: a header listing each revision with its file checksum, a guard that\n"
     "stops unless the database is at the start, the version table (when\n"
     "starting at base), then each revision's upgrade section as written with its\n"
     "version-table update.  TARGET is then T (from base to T) or FROM:TO; a\n"
     "relative end counts from the start (A:+2).  The range is replayed offline\n"
     "first (online too): a replay error prints file:line and changes nothing.\n\n"
     "Options:\n"
     "      --lock-timeout S         wait at most S seconds for another run's lock\n"
     "                               (default 60; 0 waits forever); then exit 1\n"
     "      --ignore-checksums       apply even when applied files have changed\n"
     "      --single-transaction     one transaction for everything (default: one\n"
     "                               per revision)\n"
     "      --allow-empty-downgrade  (downgrade's; accepted and ignored here)\n"
     "      --strict                 unsupported statements are replay errors\n"
     "  -v, --verbose                progress (also shown on a terminal), notices\n"
     "      --sql                    print the script instead of applying it\n"
     "  -o, --output FILE            --sql: write FILE atomically instead of stdout\n"
     "      --no-psql                --sql: plain SQL, no '\\set ON_ERROR_STOP on'\n"
     "      --stamp-time             --sql: add the time and host to the header\n"
     "                               (otherwise the same input gives the same bytes)\n\n"
     "Examples:\n  sqlc upgrade head\n  sqlc upgrade base:head --sql -o upgrade.sql\n" COMMON_HELP_OWN_V},
    {"downgrade", cmd_downgrade, "downgrade the database to TARGET, or print the SQL (--sql)",
     "usage: sqlc downgrade TARGET [--lock-timeout S] [--ignore-checksums] [options]\n"
     "       sqlc downgrade TARGET --sql [-o FILE] [options]\n\n"
     "Runs the downgrade sections of every applied revision that descends from\n"
     "TARGET, newest first, each in its own transaction with its version-table\n"
     "update, under the same lock and checks as 'sqlc upgrade'.  TARGET is one\n"
     "revision, base, or -N from the database's revision.  Other branches stay.\n"
     "A revision whose downgrade is absent or empty (while its upgrade is not)\n"
     "is an error.\n\n"
     "With --sql, prints the script instead: TARGET is FROM:TO, or T alone (from\n"
     "heads down to T); a relative end counts from the start (head:-1, A:-2).\n\n"
     "Options:\n"
     "      --lock-timeout S         wait at most S seconds for another run's lock\n"
     "      --ignore-checksums       run even when applied files have changed\n"
     "      --allow-empty-downgrade  let such revisions pass, with a warning\n"
     "      --single-transaction     one transaction for everything\n"
     "      --strict                 unsupported statements are replay errors\n"
     "  -v, --verbose                progress (also shown on a terminal), notices\n"
     "      --sql                    print the script instead of running it\n"
     "  -o, --output FILE            --sql: write FILE atomically instead of stdout\n"
     "      --no-psql                --sql: plain SQL, no '\\set ON_ERROR_STOP on'\n"
     "      --stamp-time             --sql: add the time and host to the header\n\n"
     "Examples:\n  sqlc downgrade -1\n  sqlc downgrade head:-1 --sql\n" COMMON_HELP_OWN_V},
    {"bundle", cmd_bundle, "write the upgrade or downgrade script for FROM:TO (CI)",
     "usage: sqlc bundle FROM:TO [-o FILE] [options]\n\n"
     "The same script as 'sqlc upgrade FROM:TO --sql' or, when TO lies below\n"
     "FROM, 'sqlc downgrade FROM:TO --sql'.\n\n"
     "Options:\n"
     "  -o, --output FILE            write FILE atomically instead of stdout\n"
     "      --sql                    accepted for symmetry: a bundle is always SQL\n"
     "      --no-psql                plain SQL, no '\\set ON_ERROR_STOP on'\n"
     "      --stamp-time             add the time and host to the header\n"
     "      --single-transaction     one transaction for everything\n"
     "      --allow-empty-downgrade  let empty downgrades pass, with a warning\n"
     "      --strict                 unsupported statements are replay errors\n"
     "  -v, --verbose                also show replay notices\n"
     "      --lock-timeout S, --ignore-checksums\n"
     "                               refused: they are for online runs\n\n"
     "Example:\n  sqlc bundle base:head -o release.sql\n" COMMON_HELP_OWN_V},
    {"hash", cmd_hash, "write sqlc.sum, the checksums that pin the history",
     "usage: sqlc hash\n\n"
     "Writes sqlc.sum in the versions folder: one line per revision in graph\n"
     "order with the XXH3-64 checksum of its file(s) and a checksum chained\n"
     "over the lines before it.  'sqlc check' fails when it is missing (in a\n"
     "sqlc history with revisions) or does not match.  Line endings (CRLF or\n"
     "LF) and a leading BOM do not change a checksum.\n\n"
     "Example:\n  sqlc hash\n" COMMON_HELP},
    {"diff", cmd_diff, "compare two schemas: drift report or change script",
     "usage: sqlc diff [--from SRC] [--to SRC] [--format text|json|sql|html|github] [-o FILE]\n"
     "       sqlc diff [--from SRC] --to db:DSN --to db:DSN... | --targets FILE [--jobs N]\n\n"
     "Compares two schemas semantically and prints what turns FROM into TO.\n"
     "SRC is one of:\n"
     "  rev:REV       the history replayed up to REV (rev:heads: every head)\n"
     "  db:DSN        a live database (db: alone: the configured database)\n"
     "  dump:FILE     a pg_dump --schema-only file\n"
     "  schema:FILE   a desired schema: CREATE statements, with optional\n"
     "                '-- sqlc:renamed-from OLD' annotations\n"
     "The default is --from rev:heads --to db:, which reports drift between\n"
     "the history and the configured database.  Exit status: 0 no difference,\n"
     "1 differences, 2 error.\n\n"
     "With several databases (--to db:... repeated, or --targets), FROM is\n"
     "checked against all of them at once, at most N connections open, and\n"
     "one line is printed per database, in the order given: 'DSN: ok',\n"
     "'DSN: drift: N changes' or 'DSN: error: ...' (DSNs without passwords).\n"
     "Exit status: 1 when any drifted, else 2 when any could not be checked.\n\n"
     "Options:\n"
     "      --from SRC              the schema to start from (default rev:heads)\n"
     "      --to SRC                the schema to reach (default db:); repeat it\n"
     "                              with db: sources to check several databases\n"
     "      --targets FILE          check the databases in FILE, one DSN a line\n"
     "                              (# comments and blank lines are skipped)\n"
     "      --jobs N                at most N databases at once (default 8)\n"
     "      --format FORMAT         text (the report), json (README), sql (the\n"
     "                              change script), html (a self-contained drift\n"
     "                              report) or github (Actions annotations)\n"
     "  -o, --output FILE           write FILE atomically instead of stdout\n"
     "      --strict-column-order   report columns in a different order\n"
     "      --with-privileges       compare owners and grants too\n"
     "      --concurrently          build and drop indexes CONCURRENTLY\n"
     "      --online                NOT VALID + VALIDATE for checks, FKs, NOT NULL\n"
     "      --no-rename-detection   never guess renames (annotations still apply)\n"
     "      --rename-threshold X    confidence needed to use RENAME (default 0.8)\n"
     "      --allow-destructive     print a script that loses data (--format sql)\n\n"
     "Examples:\n  sqlc diff --from rev:head --to schema:schema.sql --format sql\n"
     "  sqlc diff --format html -o drift.html\n"
     "  sqlc diff --targets tenants.txt --jobs 16\n" COMMON_HELP},
    {"current", cmd_current, "show the database's revision(s)",
     "usage: sqlc current [-v] [--format text|json]\n\n"
     "Prints each head row of the database's version table: the revision id\n"
     "and its tags, as 'alembic current' does.  Base (no version table, or an\n"
     "empty one) prints nothing.  A row naming a revision that is not in the\n"
     "versions folder is flagged '(not in the versions folder)', a row left by a\n"
     "failed non-transactional revision '(dirty)'; either makes the exit\n"
     "status 1.  Takes no lock.\n\n"
     "Options:\n"
     "  -v, --verbose           also name the database, the version table and its\n"
     "                          lock key, and show each revision in full\n"
     "      --format text|json  output form (JSON: see the README)\n\n"
     "Example:\n  sqlc current\n" COMMON_HELP_OWN_V},
    {"stamp", cmd_stamp, "set the database's revision without running SQL",
     "usage: sqlc stamp REV... [--purge] [--lock-timeout S] [-v]\n\n"
     "Makes the version table say the database is at REV (several: all of\n"
     "them; base: none) without running any revision: the tables are created\n"
     "when missing, dirty marks are cleared, and every revision whose applied\n"
     "state changes gets a 'stamp' history row with its file's checksum.  Use it\n"
     "to adopt an existing database, or after repairing a failed revision by\n"
     "hand.  The rows must name known revisions unless --purge is given.\n\n"
     "Options:\n"
     "      --purge           delete the current rows without reading them (for\n"
     "                        revisions that are not in the versions folder)\n"
     "      --lock-timeout S  wait at most S seconds for another run's lock\n"
     "  -v, --verbose         say what changed (also shown on a terminal)\n\n"
     "Example:\n  sqlc stamp head\n" COMMON_HELP_OWN_V},
    {"verify", cmd_verify, "check that applied revisions still match their files",
     "usage: sqlc verify [-v] [--format text|json]\n\n"
     "Compares the checksum recorded when each applied revision was run (or\n"
     "stamped) with its file's checksum now, and prints one line per revision\n"
     "that differs; the exit status is then 1.  'sqlc upgrade' and 'sqlc\n"
     "downgrade' make the same check before they run anything.  Takes no lock.\n\n"
     "Options:\n"
     "  -v, --verbose           also count the revisions that match\n"
     "      --format text|json  output form (JSON: see the README)\n\n"
     "Example:\n  sqlc verify\n" COMMON_HELP_OWN_V},
    {"lint", cmd_lint, "check revisions for statements that lock, rewrite, fail or lose data",
     "usage: sqlc lint [RANGE] [--all] [--strict] [--format text|json|github]\n"
     "       sqlc lint --from-list FILE | --from-files FILE... [options]\n"
     "       sqlc lint --list-rules\n\n"
     "Judges each statement of the chosen revisions against the schema as it\n"
     "stands just before it (the history replayed offline): CREATE INDEX\n"
     "without CONCURRENTLY on a table that existed before the revision, ADD\n"
     "COLUMN NOT NULL without a default or with a volatile default, type\n"
     "changes that rewrite the table, SET NOT NULL without a CHECK proving it,\n"
     "foreign keys and CHECKs without NOT VALID, UNIQUE and PRIMARY KEY\n"
     "without USING INDEX, renames under a running application or in function\n"
     "bodies, drops of tables, columns and types, CONCURRENTLY in a revision\n"
     "that runs in a transaction, a new enum value used in its own transaction,\n"
     "and downgrades that do not undo their upgrade.  Each finding has a code,\n"
     "a severity, file:line:col with a caret, why it matters, how to do it\n"
     "safely and, where that is mechanical, the safe SQL.\n\n"
     "Which revisions: RANGE (one revision, or FROM:TO: what 'sqlc upgrade\n"
     "FROM:TO' would run); --all; by default those the configured database\n"
     "(--db, SQLC_DATABASE_URL, database_url) does not hold yet, or the heads'\n"
     "own revisions when none is configured or it cannot be reached.\n\n"
     "Turn a rule off or change its severity in sqlc.ini's [lint] section\n"
     "(RULE = off|info|warning|error).  Silence one statement with a comment\n"
     "on the line before it: '-- sqlc:lint-ignore CODE why it is safe here'.\n\n"
     "Exit status: 1 when a finding is an error (or a warning, with --strict),\n"
     "0 otherwise, 2 when the history does not load or replay.\n\n"
     "Options:\n"
     "      --all                      lint every revision\n"
     "      --strict                   warnings fail too (exit 1)\n"
     "      --format text|json|github  report form (default text; github prints\n"
     "                                 workflow commands that annotate the lines)\n"
     "      --from-list FILE           lint the files listed in FILE, one per line\n"
     "      --from-files               lint the files given as arguments, in order\n"
     "      --list-rules               print every rule with its severity, why and fix\n\n"
     "Examples:\n  sqlc lint\n  sqlc lint head --format github\n  sqlc lint --all --strict\n" COMMON_HELP},
    {NULL, NULL, NULL, NULL},
};

const command *find_command(const char *name)
{
    for (const command *c = commands; c->name; c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

void list_commands(FILE *out);
void list_commands(FILE *out)
{
    for (const command *c = commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
}

void list_command_names(FILE *out);
void list_command_names(FILE *out)
{
    for (const command *c = commands; c->name; c++)
        fprintf(out, "%s\n", c->name);
}
