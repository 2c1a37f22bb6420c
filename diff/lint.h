/* lint: catalog-aware safety checks on hand-written revisions.
 *
 * The diff judges the changes it generates; lint judges the statements
 * people write, with the same hazard codes and judgements (hazard.h): one
 * engine, two callers.  What lint adds is the schema each statement runs
 * against.  The history is replayed (replay.h) in graph order, and each
 * statement of a linted revision is judged against the catalog as it
 * stands just before that statement, then replayed, so the next one sees
 * its effect:
 *
 *   - "a table that existed before this revision" is an object whose
 *     creation serial (catalog.h) is below the serial at the revision's
 *     start; a table the revision made itself has no rows yet and is
 *     exempt from the rules about locks and rewrites;
 *   - the rules (lint_rules.c) read the statement's parse tree and the
 *     catalog before it; a few look again after it (what an added column
 *     turned out to be, the name the server gave a constraint, which
 *     objects a DROP ... CASCADE took);
 *   - function bodies still using a renamed name are checked again at the
 *     end of the revision, so a rename followed by CREATE OR REPLACE of the
 *     functions passes;
 *   - the downgrade of a linted revision is replayed after its upgrade and
 *     the catalog compared with the one from before, as `sqlc check` does
 *     (jsondiff.h); the catalog is then rebuilt if it differs;
 *   - `-- sqlc:lint-ignore CODE[,CODE] reason` in the comment lines right
 *     above a statement drops that statement's findings of CODE; one with
 *     no reason or an unknown code, or that stands above no statement, is
 *     itself a finding (invalid-ignore), and ignores nothing.
 *
 * Only upgrade sections are judged statement by statement: a downgrade
 * drops what its upgrade made by design.  Statements inside DO blocks are
 * not judged (the block is replayed as replay models it). */
#ifndef SQLC_LINT_H
#define SQLC_LINT_H

#include "hazard.h"
#include "revgraph.h"

typedef struct lint_finding {
    hazard code;
    hz_severity sev;     /* after the [lint] settings */
    const char *rev;     /* the revision's id (owned by the graph) */
    char *path;          /* the file it points into */
    int line, col;
    char *excerpt;       /* that line, for the caret */
    char *message;       /* what this statement does, one line */
    char *fix;           /* how to do it safely, one line */
    char *rewrite;       /* the safe SQL when it is mechanical, or NULL */
    strvec detail;       /* more lines: a downgrade's differences */
    bool dropped;        /* withdrawn (ignored, or fixed later in the revision) */
} lint_finding;

typedef struct lint_report {
    lint_finding *v;
    size_t n, alloc;
    size_t nrevs, nstmts;   /* revisions and statements judged */
    size_t nignored;        /* findings dropped by lint-ignore comments */
    size_t count[3];        /* findings per hz_severity */
    const char *scope;      /* which revisions, for the summary ("the
                               heads' own revisions"), or NULL; the
                               caller's, not freed */
} lint_report;

typedef struct lint_opts {
    const int *levels;   /* per hazard: LINT_DEFAULT, LINT_OFF or a severity
                            (config.h); NULL: every code at its default */
    bool strict;         /* unsupported statements are replay errors */
} lint_opts;

/* Lints the revisions marked in sel (g->n flags), in graph order, each
 * against the schema the revisions before it in that order produce (what
 * `sqlc upgrade` runs before it).  Returns 0, or -1 when the history does
 * not replay up to there (errors in dl); replay warnings go to dl. */
int lint_graph(const revgraph *g, const bool *sel, const lint_opts *o, lint_report *out, diaglist *dl);
void lint_report_release(lint_report *r);

/* Printers (lint_print.c).  text: compiler-style, each finding with the
 * caret, why, fix and rewrite, then a summary line; colour when asked.
 * json: {"version": 1, ...} as documented in the README.  github: one
 * workflow command per finding (::error file=F,line=L,col=C,title=CODE::...). */
void lint_print_text(const lint_report *r, bool color, strbuf *out);
void lint_print_json(const lint_report *r, strbuf *out);
void lint_print_github(const lint_report *r, strbuf *out);
/* Every rule lint reports: code, default severity (or the [lint]
 * setting), why and fix. */
void lint_print_rules(const int *levels, strbuf *out);

#endif
