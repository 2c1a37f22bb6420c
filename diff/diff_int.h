/* diff_int: what the files of diff/ share.  Not for use outside diff/.
 *
 *   diff.c          the driver: keys, matching, drops/creates, dependents
 *   diff_objects.c  per-kind comparison: in-place ALTERs or a rebuild
 *   diff_columns.c  tables: columns, table-level properties
 *   diff_order.c    the change graph and its topological sort
 *   diff_rename.c   rename detection and application to "from"
 *   diff_hints.c    "-- sqlc:renamed-from" annotations
 *   diff_print.c    text, SQL and JSON */
#ifndef SQLC_DIFF_INT_H
#define SQLC_DIFF_INT_H

#include "catalog_sql_int.h"
#include "diff.h"
#include "pgident.h"

/* Phases: the first part of the tie-break in the topological sort. */
enum { PH_DROP = 0, PH_ALTER = 1, PH_CREATE = 2, PH_COMMENT = 3 };

typedef struct dctx {
    catalog *a, *b;          /* from, to */
    const diff_opts *o;
    sql_plan pa, pb;         /* printer plans: rendering and item order */
    hashmap akeys, bkeys;    /* identity key -> cat_obj */
    changeset *cs;
    /* object pointer (as "%p") -> change index + 1, per side and role */
    hashmap dropped;         /* A objects dropped (or dropped for a rebuild) */
    hashmap created;         /* B objects created (or re-created) */
    hashmap altered_a, altered_b; /* in-place alterations, by either side */
    hashmap rdeps;           /* A object -> its dependents (a dep_list) */
    /* Pairs that may be renames, below the threshold: a hazard on their
     * drop and create. */
    struct possible_rename {
        const cat_obj *a, *b;
        char *evidence;
        double score;
    } *poss;
    size_t nposs, poss_alloc;
    strbuf err;              /* the first refusal found while diffing */
    bool stale_keys;         /* a rename changed "from": akeys needs a rebuild */
} dctx;

typedef struct dep_list {
    cat_obj **v;
    size_t n, alloc;
} dep_list;

/* ---- diff.c ------------------------------------------------------------------ */

/* The identity key of an object: kind, schema and name(s).  Equal keys in
 * the two catalogs mean "the same object". */
char *diff_key(const cat_obj *o);
/* "public.users.email": the object's display name. */
char *diff_display(const cat_obj *o);
/* The object's own name (a function's without its arguments), and the
 * schema it (or its table or type) lives in. */
const char *diff_name(const cat_obj *o);
const char *diff_schema(const cat_obj *o);
const char *diff_kind(const cat_obj *o);
/* The object with o's key on the other side, or NULL. */
cat_obj *diff_counterpart(const dctx *d, const cat_obj *o, bool in_b);
/* Is o skipped entirely (extension member, partition copy, inherited,
 * identity sequence, aggregate)? */
bool diff_ignored(const cat_obj *o);

/* Appends a change; the change is owned by the set. */
change *diff_add(dctx *d, char op, const cat_obj *a, const cat_obj *b, int phase);
void change_hazard(change *c, hazard h);
/* Registers the change under its objects for the order. */
void diff_index_change(dctx *d, size_t ix);

/* Marks o (from A) for drop + re-create from its B counterpart. */
void diff_rebuild(dctx *d, cat_obj *a, const char *why);

/* Rebuilds what depends on o in "from": everything, or (views_only) the
 * views, policies and triggers that ALTER COLUMN TYPE refuses to run
 * under (it rebuilds indexes and constraints itself). */
void diff_rebuild_dependents(dctx *d, cat_obj *o, const char *why, bool views_only);
/* Records that change ix alters a (from A) too, for the order. */
void diff_mark_altered(dctx *d, const cat_obj *a, size_t ix);
/* The objects of "from" whose dependencies name o, or NULL. */
const dep_list *diff_dependents(const dctx *d, const cat_obj *o);
/* Is o (from A) dropped, for good or for a rebuild? */
bool diff_is_dropped(const dctx *d, const cat_obj *o);

/* Rendering through the printer: CREATE statements (with COMMENTs) of o in
 * its catalog, and o's signature (the same minus COMMENTs). */
void diff_render(const dctx *d, const cat_obj *o, bool in_b, strvec *out);
char *diff_signature(const dctx *d, const cat_obj *o, bool in_b);
/* DROP statement(s) of o. */
void diff_render_drop(const cat_obj *o, strvec *out);
/* COMMENT ON <target of o> IS <comment or NULL>. */
void diff_comment_stmt(const cat_obj *o, const char *comment, strvec *out);

/* ---- diff_objects.c ------------------------------------------------------------------ */

/* Compares a matched pair (same key).  Emits ALTER changes, or calls
 * diff_rebuild.  Tables go to diff_table. */
void diff_pair(dctx *d, cat_obj *a, cat_obj *b);

/* ---- diff_columns.c -------------------------------------------------------------------- */

void diff_table(dctx *d, cat_rel *a, cat_rel *b);
void diff_column(dctx *d, cat_column *a, cat_column *b);
/* For a created table: its defaults that read a sequence, set after the
 * sequence exists, as the printer does. */
void diff_table_created(dctx *d, cat_rel *b);
/* "ALTER TABLE t ADD COLUMN ..." for a column of an existing table. */
void diff_column_add_sql(const cat_rel *r, const cat_column *col, strvec *out);

/* ---- diff_order.c ---------------------------------------------------------------------- */

/* Adds the edges and sorts d->cs in place.  Returns 0, or -1 naming a cycle. */
int diff_order(dctx *d, strbuf *err);

/* ---- diff_rename.c --------------------------------------------------------------------- */

/* Detects renames (hints first, then evidence unless turned off), applies
 * them to d->a and records CH_RENAME changes.  Possible renames below the
 * threshold are remembered for a hazard on the drop + create.  Returns 0,
 * or -1 with err (a hint naming an object that does not exist). */
int diff_renames(dctx *d, strbuf *err);

/* ---- small helpers ------------------------------------------------------------------------ */

void sv_add_stmt(strvec *sv, strbuf *sb); /* appends ";" and moves sb */
bool str_eq(const char *a, const char *b); /* NULL-safe */

#endif
