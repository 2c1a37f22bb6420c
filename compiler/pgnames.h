/* pgnames: the names PostgreSQL 15 invents for objects the user did not
 * name -- indexes, index-backed constraints, CHECK and FOREIGN KEY
 * constraints, serial/identity sequences -- reproduced byte for byte.
 *
 * Every generated name is name1 "_" name2 "_" label (name2 optional), cut to
 * 63 bytes by shortening the longer of name1/name2 one byte at a time and
 * then backing each off to a UTF-8 character boundary; on a collision the
 * label gets a counter ("idx1", "idx2", ...) and the name is rebuilt.
 *
 * What counts as a collision differs by object, and the caller's taken()
 * callback must implement exactly this (checked against a PG 15 server):
 *  - index names ("idx", CREATE INDEX without a name): any relation name in
 *    the index's schema -- tables, indexes, sequences, views, materialized
 *    views, composite types, foreign tables (they share pg_class).
 *  - index-backed constraints ("pkey", "key", "excl"): the same, and also
 *    any constraint name in that schema (every table's and every domain's
 *    constraints).  The constraint and its index share the chosen name.
 *  - CHECK ("check") and FOREIGN KEY ("fkey") constraints, table or domain:
 *    any constraint name in the schema -- relation names do not matter --
 *    plus, for CHECK, names already picked for other CHECK constraints of
 *    the same command.
 *  - serial and identity sequences ("seq"): relation names in the schema.
 *  - NOT NULL constraints have no name in PG 15.
 * The name parts are:
 *    pkey    name1 = table, no name2          t_pkey
 *    key     table, index column names        t_a_b_key
 *    excl    table, index column names        t_c_excl
 *    idx     table, index column names        t_lower_idx
 *    fkey    table, referencing columns       t_a_fkey
 *    check   table, the one column referenced t_a_check / t_check
 *            (pgname_check_column()), or none; domain: domain, none
 *    seq     table, column                    t_id_seq
 * Column lists include INCLUDE columns and come from
 * pgname_index_colnames() then pgname_join_colnames().
 *
 * Order matters when names could collide.  CREATE TABLE names things in
 * phases, element order within each (observed by oid order on PG 15):
 * serial/identity sequences, CHECK constraints, the PRIMARY KEY, the other
 * UNIQUE/EXCLUDE constraints, then FOREIGN KEYs.  A UNIQUE constraint whose
 * index would duplicate the primary key's or an earlier one's (same columns,
 * INCLUDE list, options) is dropped there and gets no name at all:
 * "id int primary key unique" makes only t_pkey. */
#ifndef SQLC_PGNAMES_H
#define SQLC_PGNAMES_H

#include <stdbool.h>
#include <stddef.h>

#include <pg_query/pg_query.pb-c.h>

#include "util.h"

/* NAMEDATALEN: names hold at most PG_NAMEDATALEN - 1 bytes. */
#define PG_NAMEDATALEN 64

/* Answers "is this name already in use?" for pgname_choose(). */
typedef bool (*pgname_taken_fn)(const char *name, void *ctx);

/* Byte length of the longest prefix of s[0..len) that is at most limit
 * bytes and ends on a UTF-8 character boundary, like the server's
 * pg_mbcliplen() (not called that here: libpg_query exports that symbol). */
size_t pgname_mbcliplen(const char *s, size_t len, size_t limit);

/* name1_name2_label cut to 63 bytes as described above (makeObjectName).
 * name2 and label may be NULL.  Returns a malloc'd string. */
char *pgname_make(const char *name1, const char *name2, const char *label);

/* The first of pgname_make(name1, name2, label), then with label "1",
 * label "2", ... for which taken(name, ctx) is false (taken may be NULL).
 * Returns a malloc'd string. */
char *pgname_choose(const char *name1, const char *name2, const char *label,
                    pgname_taken_fn taken, void *ctx);

/* The column name an index element contributes to an index name:
 *  - IndexElem: its indexcolname, else its column name, else the name
 *    pgname_figure_colname() derives from its expression, else "expr";
 *  - String (the column lists of PRIMARY KEY / UNIQUE / FOREIGN KEY): it;
 *  - List [IndexElem, operators] (an EXCLUDE element): the IndexElem's.
 * NULL for any other node.  Points into the tree. */
const char *pgname_index_elem_name(const PgQuery__Node *node);

/* Appends the name of each of elems (as above) to cols, adding a counter
 * to one that repeats an earlier entry ("a", "a1", "a2"), within 63 bytes.
 * Call it once for the key elements and again for the INCLUDE list. */
void pgname_index_colnames(strvec *cols, PgQuery__Node *const *elems, size_t n);

/* Appends one name to cols with the same de-duplication. */
void pgname_index_colname_add(strvec *cols, const char *name);

/* cols joined with "_", stopping once 64 bytes are reached (the final cut
 * is pgname_make()'s).  For index names and for foreign keys, whose list is
 * the referencing columns as written.  Returns a malloc'd string. */
char *pgname_join_colnames(const strvec *cols);

/* The name PostgreSQL derives from an index expression: a function's name
 * ("lower"), a column's, "coalesce", "case", a cast's target type name as
 * parsed ("int4"), ...; NULL when it has none (the caller then uses "expr"). */
const char *pgname_figure_colname(const PgQuery__Node *expr);

/* The column an unnamed CHECK constraint on table relname is named after:
 * the one distinct column expr references, or NULL when it references none,
 * several, or the whole row.  is_column(name, ctx) tells whether relname has
 * such a column; it decides a bare reference that equals the table name
 * (PG prefers the column).  With is_column NULL such a reference is taken as
 * the whole row.  Points into the tree. */
const char *pgname_check_column(const PgQuery__Node *expr, const char *relname,
                                pgname_taken_fn is_column, void *ctx);

#endif
