/* catalog_sql_int: what catalog_sql.c, catalog_sql_rel.c (rendering) and
 * catalog_sql_order.c (collecting and ordering) share, and what the diff
 * (diff/) borrows so that a CREATE in a change list is the exact text the
 * schema printer would print.  Not for use elsewhere.
 *
 * The printer works on *items*: one item is one unit of output (a CREATE
 * TABLE with its inline parts and fix-ups, one ADD CONSTRAINT, one CREATE
 * INDEX, ...), created by exactly one of the kinds below.  The kinds are
 * listed in output priority order; the topological sort uses (kind, k1,
 * k2, k3) as its tie-break. */
#ifndef SQLC_CATALOG_SQL_INT_H
#define SQLC_CATALOG_SQL_INT_H

#include "catalog_sql.h"

typedef enum item_kind {
    IT_SCHEMA,
    IT_EXTENSION,
    IT_ENUM,
    IT_DOMAIN,
    IT_COMPOSITE,
    IT_RANGE,
    IT_FUNCTION,
    IT_SEQUENCE,   /* CREATE SEQUENCE + OWNED BY, or an identity's ADD GENERATED */
    IT_TABLE,      /* CREATE TABLE, inline CHECKs, NOT NULL/DEFAULT fix-ups */
    IT_DEFAULT,    /* ALTER TABLE ONLY ... ALTER COLUMN ... SET DEFAULT */
    IT_CONSTRAINT, /* PK, UNIQUE, EXCLUDE, separate CHECK */
    IT_INDEX,
    IT_VIEW,
    IT_MATVIEW,
    IT_FK,
    IT_TRIGGER,
    IT_RLS,        /* ENABLE / FORCE ROW LEVEL SECURITY */
    IT_POLICY,
} item_kind;

typedef struct sql_item {
    item_kind kind;
    const char *k1, *k2, *k3; /* tie-break after kind: schema, name, sub-name */
    cat_obj *obj;             /* the object printed */
    cat_column *col;          /* IT_DEFAULT: the column */
    size_t *deps;             /* items that must come first */
    size_t ndeps, deps_alloc;
} sql_item;

/* Per-run decisions that both sides need to agree on. */
typedef struct sql_plan {
    const catalog *cat;
    bool privileges; /* GRANTs are printed, so public may need an item */
    /* Tables whose inline defaults and CHECKs that read anything outside
     * the table are printed as separate statements, to break a cycle. */
    const cat_rel **split;
    size_t nsplit, split_alloc;
    sql_item *items;
    size_t nitems, items_alloc;
    size_t *order;  /* item indices in output order */
} sql_plan;

/* ---- decisions (catalog_sql_order.c) ---------------------------------- */

/* Was r split to break a dependency cycle? */
bool sqlp_split(const sql_plan *p, const cat_rel *r);
/* Is this CHECK constraint printed inside its CREATE TABLE? */
bool sqlp_check_inline(const sql_plan *p, const cat_rel *r, const cat_constraint *k);
/* Is a column's default printed by a separate IT_DEFAULT statement? */
bool sqlp_default_separate(const sql_plan *p, const cat_rel *r, const cat_column *col);
/* The column's default right after CREATE TABLE (inline or inherited),
 * or NULL. */
const char *sqlp_default_after_create(const sql_plan *p, const cat_rel *r, const cat_column *col);
/* Is the column NOT NULL right after CREATE TABLE? */
bool sqlp_notnull_after_create(const cat_rel *r, const cat_column *col);
/* The implicit sequence of an identity column, or NULL. */
cat_rel *sqlp_identity_seq(const catalog *c, const cat_column *col);
/* Is this constraint / index / trigger of a partition a copy the server
 * makes from the partitioned parent (so it is not printed)? */
bool sqlp_partition_copy_con(const cat_rel *r, const cat_constraint *k);
bool sqlp_partition_copy_index(const cat_rel *r, const cat_index *ix);
bool sqlp_partition_copy_trigger(const cat_rel *r, const cat_trigger *t);

/* Collects the items and sorts them into p->order, splitting tables out
 * of cycles as needed.  Returns 0, or -1 with a message naming the cycle
 * in err. */
int sqlp_plan(sql_plan *p, strbuf *err);
/* Frees the items and the order (not the split list). */
void sqlp_free(sql_plan *p);

/* ---- text helpers (catalog_sql.c) ------------------------------------------ */

/* "schema.name" with each part quoted as needed. */
void sqlr_qname(strbuf *sb, const char *schema, const char *name);
void sqlr_rel_qname(strbuf *sb, const cat_rel *r);
/* "schema.name(argtypes)" from a function's identity. */
void sqlr_func_sig(strbuf *sb, const cat_func *f);
/* A string literal (standard_conforming_strings is on). */
void sqlr_literal(strbuf *sb, const char *s);
/* A dotted name stored as written: each part quoted. */
void sqlr_dotted(strbuf *sb, const char *s);
/* "a, b" with each identifier quoted. */
void sqlr_ident_list(strbuf *sb, const strvec *sv);
/* A sorted, borrowed copy of sv->v (free only the array). */
const char **sqlr_sorted_copy(const strvec *sv);
/* prefix + "(key='value', ...)" from "key=value" strings, sorted. */
void sqlr_reloptions(strbuf *sb, const char *prefix, const strvec *opts);
/* Ends the statement in sb with ";\n" and moves it to out. */
void sqlr_emit(strvec *out, strbuf *sb);
/* COMMENT ON what target IS '...' when o has a comment. */
void sqlr_comment_on(strvec *out, const cat_obj *o, const char *what, const char *target_fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* qsort comparator for cat_constraint pointers, by name. */
int sqlr_cmp_con_name(const void *a, const void *b);
/* A role as GRANT and CREATE POLICY spell it (public -> PUBLIC). */
void sqlr_role(strbuf *sb, const char *r);
/* A short description for messages: "table public.users". */
void sqlr_describe(strbuf *sb, const sql_item *it);

/* ---- relations (catalog_sql_rel.c) --------------------------------------------- */

void sqlr_table(const sql_plan *p, const cat_rel *r, strvec *out);
void sqlr_view(const cat_rel *v, strvec *out);
void sqlr_default(const cat_rel *r, const cat_column *col, strvec *out);
void sqlr_constraint(const cat_constraint *k, strvec *out);
void sqlr_index(const cat_index *ix, strvec *out);
void sqlr_trigger(const cat_trigger *t, strvec *out);
void sqlr_policy(const cat_policy *pol, strvec *out);
void sqlr_rls(const cat_rel *r, strvec *out);
/* The CREATE statements (and COMMENTs) of any one object, as the printer
 * prints them; a table is its CREATE TABLE item alone. */
void sqlr_object(const sql_plan *p, const cat_obj *o, strvec *out);

#endif
