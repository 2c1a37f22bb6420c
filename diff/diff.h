/* diff: two catalogs -> the ordered list of changes that turns one into
 * the other.
 *
 * The comparison is semantic because the catalog is: expressions, types
 * and names are stored in canonical form by replay (and by the dump reader
 * and the introspector, which go through replay), so equal schemas written
 * differently are equal catalogs.  Each object is compared through the
 * text the SQL printer (catalog_sql) renders for it, minus its COMMENT:
 * one renderer defines both what a CREATE looks like and when two objects
 * are the same.
 *
 * The pipeline (diff.c drives it):
 *   1. renames (diff_rename.c): annotations from the desired schema, then
 *      evidence; every accepted rename is *applied to the "from" catalog*
 *      by replaying the ALTER ... RENAME through the replay engine, which
 *      also rewrites dependent views and defaults, so step 2 sees no
 *      rename at all;
 *   2. matching and comparison (diff_objects.c): objects pair up by kind
 *      and identity; each pair yields nothing, in-place ALTERs, or a drop
 *      and a create (a "rebuild");
 *   3. dependents (diff.c): whatever depends, in the "from" catalog, on a
 *      rebuilt object or on a column whose type changes is rebuilt too (a
 *      view over the column, an index, an FK);
 *   4. order (diff_order.c): a graph over the changes, edges from both
 *      catalogs' dependencies (drops of dependents before drops of what
 *      they need; creates after what they need), ties broken by a fixed
 *      priority and the object's name, so the order is stable.
 *
 * Each change carries forward and reverse SQL and its hazards (hazard.h).
 * The reverse of a whole change list is not the reversed list: it is the
 * diff the other way round, which callers compute for downgrades. */
#ifndef SQLC_DIFF_H
#define SQLC_DIFF_H

#include <stdbool.h>

#include "catalog.h"
#include "hazard.h"
#include "strbuf.h"

typedef enum change_op {
    CH_CREATE = '+',
    CH_DROP = '-',
    CH_ALTER = '~',
    CH_RENAME = '>',
} change_op;

typedef struct change {
    char op;             /* change_op */
    const char *kind;    /* "table", "column", "index", ... (static) */
    char *object;        /* "public.users.email", identifiers quoted as needed */
    char *group;         /* its top-level object, "table public.users" */
    char *detail;        /* one line: "type integer -> bigint", or NULL */
    strvec sql;          /* forward statements, each ending in ";" */
    strvec reverse;      /* statements that undo this change alone */
    unsigned hazards;    /* 1u << hazard */
    char *evidence;      /* renames and possible renames: why */
    double confidence;   /* renames: 0..1 */
    bool notx;           /* must run outside a transaction (CONCURRENTLY) */
    char *file;          /* where the object is written: the "to" side's
                            file, else the "from" side's; NULL if unknown */
    int line;            /* and its line there (0: unknown) */
    /* ordering (diff_order.c) */
    int phase, prio;
    char *sortkey;
    cat_obj *a, *b;      /* the object in "from" / "to", either may be NULL;
                            valid only while the two catalogs live */
    cat_obj *needs;      /* another object of "to" that must exist first */
    bool finishing;      /* completes a created object (a default set after
                            its sequence): nothing else waits for it */
    bool split_owner;    /* a created sequence whose OWNED BY is separate */
    size_t *after;       /* changes that must come first */
    size_t nafter, after_alloc;
} change;

typedef struct changeset {
    change **v;
    size_t n, alloc;
} changeset;

/* A rename the user asked for: in the desired schema, object `kind` named
 * `name` (in parent `parent`, a qualified table or type name, or the
 * schema for top-level objects) was called `from`. */
typedef struct rename_hint {
    const char *kind;    /* "table", "column", "index", "constraint",
                            "enum value", "type", "view", "function" */
    char *schema;        /* the schema of the object or of its parent */
    char *parent;        /* table or type name for columns, constraints,
                            enum values; NULL otherwise */
    char *name;          /* the new name */
    char *from;          /* the old name */
    char *where;         /* "schema.sql:12", for messages */
} rename_hint;

typedef struct rename_hints {
    rename_hint *v;
    size_t n, alloc;
} rename_hints;

typedef struct diff_opts {
    bool strict_column_order;
    bool privileges;       /* compare owners and grants */
    bool concurrently;     /* CREATE/DROP INDEX CONCURRENTLY */
    bool online;           /* NOT VALID + VALIDATE for FKs, CHECKs and NOT NULL */
    bool no_rename_detection;
    double rename_threshold; /* 0 means the default (DIFF_RENAME_THRESHOLD) */
    const rename_hints *hints;
} diff_opts;

#define DIFF_RENAME_THRESHOLD 0.8

/* Computes the changes from `from` to `to`.  Renames are applied to
 * `from` in place (see above), so callers pass a catalog they own.
 * Returns 0, or -1 with a message in err (e.g. a dependency cycle). */
int diff_catalogs(catalog *from, catalog *to, const diff_opts *o, changeset *out, strbuf *err);
void changeset_release(changeset *cs);

/* The union of the changes' hazards. */
unsigned changeset_hazards(const changeset *cs);
/* Any change that must run outside a transaction? */
bool changeset_notx(const changeset *cs);

/* Printers (diff_print.c). */
typedef struct diff_print_opts {
    bool color;
    bool reverse;        /* sql: print each change's reverse, in reverse order */
} diff_print_opts;
void diff_print_text(const changeset *cs, const diff_print_opts *o, strbuf *out);
void diff_print_sql(const changeset *cs, const diff_print_opts *o, strbuf *out);
/* {"version":1,"changes":[...]} (documented in the README). */
void diff_print_json(const changeset *cs, strbuf *out);
/* A self-contained HTML drift report (diff_html.c); from and to name the
 * sources as they may be shown (DSNs redacted). */
void diff_print_html(const changeset *cs, const char *from, const char *to, strbuf *out);

/* Reads "-- sqlc:renamed-from OLD" annotations from a desired schema file
 * (diff_hints.c).  Returns 0, or -1 with a message naming file:line. */
int rename_hints_read(const char *path, const char *text, size_t len, rename_hints *out, strbuf *err);
void rename_hints_release(rename_hints *h);

#endif
