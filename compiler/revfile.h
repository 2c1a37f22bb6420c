/* revfile: one revision, and the sqlc revision file format.
 *
 *   -- sqlc:revision 3b1c2d4e5f6a
 *   -- sqlc:parents 2b6c1f3e4d5b[,id...]
 *   -- sqlc:message add phone_number column to users
 *   -- sqlc:created 2026-11-22T03:42:00Z
 *   [-- sqlc:branch-labels name[,name]]
 *   [-- sqlc:depends-on id[,id]]
 *   [-- sqlc:transaction off]
 *
 *   -- sqlc:upgrade
 *   ...SQL...
 *   -- sqlc:downgrade
 *   ...SQL...
 *
 * The parser is strict about the header, because a typo there silently
 * changes the graph: an unknown directive, a repeated one, SQL before the
 * upgrade marker, a second marker or markers out of order are all errors.
 * Bodies are kept as byte ranges into the file so every statement can be
 * traced back to file:line.  A revision struct is also what the foreign
 * history formats (golang-migrate, diesel, ...) produce, so nothing above
 * this layer knows which format a history came from. */
#ifndef SQLC_REVFILE_H
#define SQLC_REVFILE_H

#include <stdbool.h>

#include "diag.h"
#include "util.h"

#define REV_ID_LEN 12

/* A byte range of the file holding one section's SQL. */
typedef struct section {
    bool present;
    size_t off, len;
} section;

typedef struct revision {
    char *id;
    strvec parents;       /* in header order; empty for a base revision */
    strvec branch_labels;
    strvec depends_on;
    char *message;        /* may be "" */
    char *created;        /* ISO 8601 UTC, or NULL */
    bool transactional;   /* false for "-- sqlc:transaction off" */
    srcfile src;          /* path and full text */
    srcfile *down_src;    /* the downgrade's own file, when it is not src
                           * (golang-migrate, diesel, flyway); NULL = src */
    section upgrade, downgrade; /* downgrade is a range of down_src if set */
    size_t header_off;    /* where the revision directive is, for messages */
    size_t parents_off, labels_off, depends_off; /* their directives' offsets */

    /* Filled by the graph; indices into revgraph.revs. */
    int *parent_ix;
    int *child_ix;
    size_t nchildren, children_alloc;
    int *dep_ix;
} revision;

/* Parses the file text (ownership of text passes to the revision).
 * Returns NULL and adds diagnostics on any error.  A file with no sqlc
 * header at all gets the single error "no sqlc header". */
revision *revfile_parse(const char *path, char *text, size_t len, diaglist *dl);
revision *revfile_load(const char *path, diaglist *dl);
void revision_free(revision *r);

bool rev_id_valid(const char *id);
/* Why a branch label is not acceptable, or NULL when it is. */
const char *rev_label_problem(const char *label);
/* 12 random lowercase hex digits from getrandom(2). */
char *rev_id_generate(void);
/* Alembic-style slug for file names: lowercase words joined by '_', at most
 * 40 bytes, cut at a word boundary. */
char *rev_slug(const char *message);
/* The text of a new revision file. */
char *revfile_render(const char *id, const strvec *parents, const char *message,
                     const char *created, const strvec *branch_labels,
                     const strvec *depends_on, bool transactional,
                     const char *upgrade_sql, const char *downgrade_sql);
/* Current UTC time as 2026-11-22T03:42:00Z, honouring SOURCE_DATE_EPOCH. */
char *rev_timestamp_now(void);

#endif
