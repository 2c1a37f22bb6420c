/* bundle: a range of revisions -> one SQL script a DBA can read and run.
 *
 * Two steps, both free of I/O (the caller reads the history and writes the
 * text):
 *
 *   bundle_resolve  FROM:TO (or one term) -> which revisions run, in which
 *                   order, and the version-table rows before and after;
 *   bundle_build    replays the range offline (the schema at FROM, then each
 *                   section in order), refuses anything the database would
 *                   refuse, and prints the script.
 *
 * Range semantics (Alembic's):
 *   - The applied set of a term is it plus all its ancestors, depends-on
 *     edges included.  The head rows of an applied set are its members no
 *     applied revision names as parent.
 *   - upgrade FROM:TO runs applied(TO) - applied(FROM) in topological order;
 *     the database ends at applied(FROM) + applied(TO).  A single term T is
 *     base:T.
 *   - downgrade FROM:TO undoes, in reverse order, every revision applied at
 *     FROM that descends from TO (or everything, for base), plus whatever
 *     depends on those; other branches stay.  A single term T is heads:T.
 *   - A bare relative term (-1, +2) in TO counts from the range's start:
 *     head:-1 is head-1; a range's start cannot be relative.
 *   - bundle (direction BUNDLE_AUTO) is a downgrade when applied(TO) is a
 *     proper subset of applied(FROM), else an upgrade.
 *
 * The script, byte-identical for the same input unless a stamp is given:
 *   1. a header comment: tool version, range, each revision with its file
 *      names and checksums (checksum.h), and the XXH3-64 of the body, which
 *      is every byte after the header's terminating blank line;
 *   2. "\set ON_ERROR_STOP on" (unless plain SQL is asked for);
 *   3. the guard (version_table.h): nothing runs unless the database holds
 *      exactly the starting head rows; it comes before any change;
 *   4. at base, the version tables (and a foreign history tool's own table,
 *      which its migrations expect);
 *   5. one block per revision: "-- Running upgrade A -> B: message", the
 *      section text exactly as written (a missing final ';' is added), the
 *      head update and the history row.  By default each block is its own
 *      transaction; with single_transaction one transaction holds
 *      everything; a revision marked "transaction off", or holding a
 *      statement PostgreSQL refuses in a transaction (notx.h; a warning when
 *      unmarked, an error with single_transaction), runs outside one, with
 *      its head row marked dirty before and cleaned after. */
#ifndef SQLC_BUNDLE_H
#define SQLC_BUNDLE_H

#include "revgraph.h"
#include "revspec.h"
#include "strbuf.h"

typedef enum { BUNDLE_AUTO, BUNDLE_UPGRADE, BUNDLE_DOWNGRADE } bundle_dir;

typedef struct bundle_range {
    bundle_dir dir;        /* UPGRADE or DOWNGRADE once resolved */
    bool *from_applied;    /* g->n flags */
    bool *end_applied;     /* what is applied when the bundle has run */
    int *steps;            /* revision indices in the order they run */
    size_t nsteps;
    strvec start_rows;     /* head rows before and after, sorted */
    strvec end_rows;
} bundle_range;

/* Resolves spec for direction want.  Returns 0, or -1 with a message. */
int bundle_resolve(const revgraph *g, const char *spec, bundle_dir want,
                   bundle_range *out, strbuf *err);
/* The online form: FROM is the database's head rows (graph indices; the
 * empty set is base) and target one term, whose +N/-N count from them.
 * Returns 0; 1 when the target is already reached (nothing to run; err
 * says why); or -1 with a message (a range, an unknown name, an upgrade
 * that goes down, rows that are not a set of heads). */
int bundle_resolve_from(const revgraph *g, const revset *from, const char *target,
                        bundle_dir want, bundle_range *out, strbuf *err);
void bundle_range_release(bundle_range *r);

/* The applied set of s (s and its ancestors, depends-on included), g->n
 * flags, and the head rows of an applied set, sorted. */
bool *bundle_applied(const revgraph *g, const revset *s);
void bundle_rows(const revgraph *g, const bool *applied, strvec *out);
/* The head rows one step changes: running revision ix (undoing it when
 * down) on the applied set cur, which is updated.  removed and added are
 * what vt_change() takes. */
void bundle_step_rows(const revgraph *g, bool *cur, int ix, bool down,
                      strvec *removed, strvec *added);

typedef struct bundle_opts {
    bool psql;                  /* emit \set ON_ERROR_STOP on */
    bool single_transaction;
    bool allow_empty_downgrade;
    bool strict;                /* unsupported statements are replay errors */
    const char *spec;           /* the range as written, for the header */
    const char *stamp;          /* an extra header line (--stamp-time), or NULL */
    const char *tool_version;
    const char *versions_dir;   /* file names are printed relative to it */
    const char *vt_schema, *vt_table;
} bundle_opts;

/* One step of a checked range: what runs and how. */
typedef struct bundle_step {
    int ix;                 /* the revision */
    const srcfile *f;       /* the section's file */
    section sec;            /* the upgrade or downgrade section */
    const char *notx;       /* why it runs outside a transaction, or NULL */
    size_t semi_at;         /* file offset where a ';' is added, or DIAG_NOPOS */
} bundle_step;

/* Every check bundle_build makes (replay from FROM, statements that cannot
 * run in a transaction, empty downgrades), without printing: returns
 * r->nsteps steps in order (free() them), or NULL with errors in dl.
 * The online runner (migrate.h) applies what this returns, so a bundle and
 * an online run make the same decisions. */
bundle_step *bundle_check(const revgraph *g, const bundle_range *r, const bundle_opts *o,
                          diaglist *dl);

/* Replays and prints the bundle into out.  Returns 0, or -1 with errors in
 * dl (out is then left empty).  Warnings go to dl either way. */
int bundle_build(const revgraph *g, const bundle_range *r, const bundle_opts *o,
                 strbuf *out, diaglist *dl);

#endif
