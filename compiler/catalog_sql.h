/* catalog_sql: the catalog as canonical, loadable SQL.
 *
 * The output is in the style of `pg_dump --schema-only --no-owner`
 * (optionally --no-privileges): every object name schema-qualified, every
 * identifier quoted exactly when quote_ident() would, one statement per
 * paragraph, and a preamble that sets search_path to '' and
 * check_function_bodies off, as pg_dump does.  It is ordered so that it
 * loads into an empty PostgreSQL 15 with `psql -v ON_ERROR_STOP=1`:
 *
 *   schemas, extensions, types (enums, domains, composites, ranges),
 *   functions, sequences, tables (partitions and inheritance children
 *   after their parents; a serial's sequence right after its table),
 *   separate column defaults (ALTER TABLE ONLY ... SET DEFAULT, for
 *   defaults that read a sequence), PRIMARY KEY / UNIQUE / EXCLUDE and
 *   NOT VALID CHECK constraints, indexes, views, materialized views,
 *   foreign keys, triggers, row-level security, policies; GRANTs last.
 *
 * That list is only the tie-break: the real order is a topological sort
 * over the catalog's dependencies (see catalog_sql_order.c), so a view on
 * a view, a function taking a table's row type or a domain whose CHECK
 * calls a function all come out after what they need.  COMMENT ON follows
 * each object.  Objects that belong to an extension are not printed (the
 * extension creates them).
 *
 * Equal catalogs give byte-identical SQL, whatever order their objects
 * were inserted in. */
#ifndef SQLC_CATALOG_SQL_H
#define SQLC_CATALOG_SQL_H

#include <stdbool.h>

#include "catalog.h"
#include "strbuf.h"

typedef struct sql_opts {
    bool privileges;  /* print GRANTs from the ACLs (owners are never printed) */
    bool no_preamble; /* leave out the SET lines (for tests and diffs) */
} sql_opts;

/* Appends the SQL to out.  o may be NULL for the defaults.  Returns 0, or
 * -1 with a message in err when the objects cannot be ordered (a
 * dependency cycle, which the message lists). */
int catalog_to_sql(const catalog *c, const sql_opts *o, strbuf *out, strbuf *err);

#endif
