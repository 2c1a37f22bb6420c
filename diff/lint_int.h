/* lint_int: what the files of lint share.  Not for use outside diff/.
 *
 *   lint.c        the driver: per-head replay, revisions, statements,
 *                 lint-ignore comments, the downgrade check
 *   lint_rules.c  the rules: one statement against the catalog
 *   lint_print.c  text, JSON and GitHub output */
#ifndef SQLC_LINT_INT_H
#define SQLC_LINT_INT_H

#include <stdint.h>

#include "lint.h"
#include "replay.h"

/* A column or table rename, judged again when the revision ends: its
 * old name may be back (a new column, a compatibility view), or its
 * functions replaced. */
typedef struct lint_rename {
    size_t clients;      /* its rename-breaks-clients finding, or (size_t)-1 */
    size_t functions;    /* its rename-breaks-functions finding, or (size_t)-1 */
    size_t nfuncs;       /* how many functions that one names */
    char *what;          /* "renames column a of table public.t to b" */
    char *schema, *table;/* the table as it is named after the rename */
    char *old_table;     /* table rename: the old name */
    char *old_column;    /* column rename: the old name */
} lint_rename;

typedef struct lint_ctx {
    const revgraph *g;
    const lint_opts *o;
    lint_report *out;
    catalog *cat;
    replayer rp;
    /* the revision being linted */
    const revision *rev;
    uint64_t mark;         /* objects with a serial above were made by it */
    strvec labels;         /* enum labels it added, while in one transaction */
    strvec label_at;       /* "file:line" of each */
    lint_rename *renames;
    size_t nrenames, renames_alloc;
    /* the statement being judged */
    const srcfile *f;
    const stmt *st;
} lint_ctx;

/* Was o made by the revision being linted? */
static inline bool lint_is_new(const lint_ctx *x, const cat_obj *o)
{
    return o->serial > x->mark;
}

/* Adds a finding about the current statement at node location loc (-1:
 * the statement's start).  fix NULL takes the code's; rewrite may be NULL.
 * Returns its index in x->out, or (size_t)-1 when the code is off. */
size_t lint_add(lint_ctx *x, hazard code, int loc, const char *fix, char *rewrite,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ---- lint_rules.c ---- */

/* What a rule remembers between the catalog before the statement and
 * after it (see lint_rules.c). */
typedef struct lint_pending lint_pending;

/* Judges x->st against the catalog before it; returns what to look at
 * after the replay (NULL: nothing). */
lint_pending *lint_rules_before(lint_ctx *x);
/* Judges what the statement did (when it replayed), and frees p. */
void lint_rules_after(lint_ctx *x, lint_pending *p, bool replayed);
/* End of the revision: renames whose functions were fixed meanwhile
 * withdraw their finding. */
void lint_rules_finish(lint_ctx *x);

#endif
