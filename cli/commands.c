/* commands: the command table, with each command's help text.
 *
 * One table drives dispatch, `sqlc --help`, `sqlc help CMD` and
 * `CMD --help`, so a command cannot exist without its documentation. */
#include "cli.h"

#include <string.h>

#define COMMON_HELP                                                            \
    "\nCommon options:\n"                                                      \
    "  -c, --config FILE   read FILE instead of ./sqlc.ini\n"                  \
    "      --versions DIR  use DIR as the versions folder\n"                   \
    "      --db URL        libpq conninfo or URI of the database\n"            \
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
     "  -m, --message MSG       the revision's message (required)\n"
     "      --head REV          parent to build on (a head, or 'base' for a new root)\n"
     "      --splice            allow --head to name a revision that is not a head\n"
     "      --branch-label NAME label the new revision (repeatable)\n"
     "      --depends-on REV    add an ordering dependency (repeatable)\n"
     "      --rev-id ID         use ID (12 lowercase hex digits) instead of a random one\n"
     "      --no-transaction    mark the revision '-- sqlc:transaction off'\n\n"
     "Example:\n  sqlc revision -m \"add phone_number to users\"\n" COMMON_HELP},
    {"merge", cmd_merge, "write a revision that merges two or more heads",
     "usage: sqlc merge REV REV... -m MSG [--rev-id ID] [--branch-label NAME]\n\n"
     "Writes a revision whose parents are the given revisions ('heads' names\n"
     "all heads).  None may be an ancestor of another.\n\n"
     "Example:\n  sqlc merge heads -m \"merge feature branches\"\n" COMMON_HELP},
    {"history", cmd_history, "list revisions, newest first",
     "usage: sqlc history [-r RANGE] [--verbose]\n\n"
     "Lists revisions newest first.  RANGE is START:END (either may be empty);\n"
     "both ends are included.\n\n"
     "Options:\n"
     "  -r, --rev-range RANGE   only revisions in RANGE\n"
     "  -v, --verbose           show parents, labels, path and date\n\n"
     "Example:\n  sqlc history -r base:head\n" COMMON_HELP},
    {"heads", cmd_heads, "list the head revisions",
     "usage: sqlc heads [--verbose]\n\nExample:\n  sqlc heads\n" COMMON_HELP},
    {"branches", cmd_branches, "list branch points and where they lead",
     "usage: sqlc branches [--verbose]\n\nExample:\n  sqlc branches\n" COMMON_HELP},
    {"show", cmd_show, "show one revision in full",
     "usage: sqlc show REV\n\nShows the header, path and both sections of REV.\n\n"
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
     "  sqlc schema --from-db postgresql:///app --schema public --format json\n" COMMON_HELP},
    {"check", cmd_check, "check that every revision parses and the graph is sound",
     "usage: sqlc check [--strict]\n\n"
     "Loads every revision file, checks the revision graph, parses every\n"
     "upgrade and downgrade section with PostgreSQL's parser and replays the\n"
     "history to every head.  Prints each problem as file:line:col and exits 1\n"
     "when there are any.  Unsupported statements are warnings; --strict makes\n"
     "them problems.\n\n"
     "Example:\n  sqlc check\n" COMMON_HELP},
    {"upgrade", cmd_upgrade, "print the SQL that upgrades a database over a range (--sql)",
     "usage: sqlc upgrade TARGET --sql [-o FILE] [options]\n\n"
     "Prints one SQL script that upgrades a database from the start of TARGET\n"
     "to its end, for a DBA to read and run with psql: a header listing each\n"
     "revision with its file checksum, a guard that stops unless the database\n"
     "is at the start, the version table (when starting at base), then each\n"
     "revision's upgrade section as written with its version-table update.\n"
     "TARGET is T (from base to T) or FROM:TO; a relative end counts from the\n"
     "start (A:+2).  The range is replayed offline first: a replay error\n"
     "prints file:line and writes nothing.  Only --sql exists yet; applying to\n"
     "a database directly comes later.\n\n"
     "Options:\n"
     "      --sql                    print the script (required for now)\n"
     "  -o, --output FILE            write FILE atomically instead of stdout\n"
     "      --single-transaction     one transaction for everything (default: one\n"
     "                               per revision)\n"
     "      --no-psql                plain SQL: no '\\set ON_ERROR_STOP on'\n"
     "      --stamp-time             add the time and host to the header (otherwise\n"
     "                               the same input gives the same bytes)\n"
     "      --strict                 unsupported statements are replay errors\n"
     "  -v, --verbose                also show replay notices\n\n"
     "Example:\n  sqlc upgrade base:head --sql -o upgrade.sql\n" COMMON_HELP},
    {"downgrade", cmd_downgrade, "print the SQL that downgrades a database over a range (--sql)",
     "usage: sqlc downgrade TARGET --sql [-o FILE] [options]\n\n"
     "Prints one SQL script that runs the downgrade sections from the start of\n"
     "TARGET down to its end, newest first, with matching version-table\n"
     "updates.  TARGET is FROM:TO, or T alone (from heads down to T); a relative\n"
     "end counts from the start (head:-1, A:-2).  Revisions above TO that\n"
     "descend from it are undone; other branches stay.  A revision whose\n"
     "downgrade is absent or empty (while its upgrade is not) is an error.\n\n"
     "Options:\n"
     "      --sql                    print the script (required for now)\n"
     "  -o, --output FILE            write FILE atomically instead of stdout\n"
     "      --allow-empty-downgrade  let such revisions pass, with a warning\n"
     "      --single-transaction     one transaction for everything\n"
     "      --no-psql                plain SQL: no '\\set ON_ERROR_STOP on'\n"
     "      --stamp-time             add the time and host to the header\n"
     "      --strict                 unsupported statements are replay errors\n"
     "  -v, --verbose                also show replay notices\n\n"
     "Example:\n  sqlc downgrade head:-1 --sql\n" COMMON_HELP},
    {"bundle", cmd_bundle, "write the upgrade or downgrade script for FROM:TO (CI)",
     "usage: sqlc bundle FROM:TO [-o FILE] [options]\n\n"
     "The same script as 'sqlc upgrade FROM:TO --sql' or, when TO lies below\n"
     "FROM, 'sqlc downgrade FROM:TO --sql'.  Takes their options.\n\n"
     "Example:\n  sqlc bundle base:head -o release.sql\n" COMMON_HELP},
    {"hash", cmd_hash, "write sqlc.sum, the checksums that pin the history",
     "usage: sqlc hash\n\n"
     "Writes sqlc.sum in the versions folder: one line per revision in graph\n"
     "order with the XXH3-64 checksum of its file(s) and a checksum chained\n"
     "over the lines before it.  'sqlc check' fails when it is missing (in a\n"
     "sqlc history with revisions) or does not match.  Line endings (CRLF or\n"
     "LF) and a leading BOM do not change a checksum.\n\n"
     "Example:\n  sqlc hash\n" COMMON_HELP},
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
