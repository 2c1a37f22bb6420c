/* hazard: the one table of operational risks, shared by the diff (for
 * the changes it generates) and by lint (for the statements people write).
 *
 * A hazard is a stable code, a severity, a one-line reason in PostgreSQL
 * 15's terms and a one-line safe way to do the same thing.  Codes are part
 * of the interface: they appear in JSON, in generated revision headers, in
 * sqlc.ini's [lint] section and in `-- sqlc:lint-ignore CODE` comments, so
 * they are never renamed or reordered, only added at the end.
 *
 * The judgements both callers need live here too, so a generated change
 * and a hand-written statement doing the same thing get the same verdict:
 * whether a type change rewrites, whether a default is volatile, what
 * adding a column costs, which function bodies still use a renamed name,
 * whether a CHECK proves a column NOT NULL, and the safe SET NOT NULL
 * sequence. */
#ifndef SQLC_HAZARD_H
#define SQLC_HAZARD_H

#include <stdbool.h>

#include "catalog.h"

typedef enum hazard {
    HZ_DATA_LOSS,          /* a table, column, or type with values goes */
    HZ_TABLE_REWRITE,      /* the whole table is rewritten under ACCESS EXCLUSIVE */
    HZ_TABLE_SCAN,         /* a full scan under ACCESS EXCLUSIVE (SET NOT NULL, validation) */
    HZ_INDEX_BUILD,        /* an index is built while writes wait */
    HZ_POSSIBLE_RENAME,    /* a drop + create that may have been a rename */
    HZ_NOT_IN_TRANSACTION, /* must run outside a transaction block */
    /* Added with lint; the diff reports those that apply to its changes. */
    HZ_NOT_NULL_NO_DEFAULT,  /* ADD COLUMN NOT NULL with no value for existing rows */
    HZ_CONSTRAINT_VALIDATION,/* FK or CHECK validated while writes wait */
    HZ_RENAME_CLIENTS,       /* a running application uses the old name */
    HZ_RENAME_FUNCTIONS,     /* a function body uses the old name */
    HZ_NEEDS_TRANSACTION_OFF,/* lint: CONCURRENTLY & co. in a transactional revision */
    HZ_UNSAFE_ENUM_VALUE,    /* lint: a new enum label used in its own transaction */
    HZ_DOWNGRADE_MISMATCH,   /* lint: the downgrade does not undo the upgrade */
    HZ_INVALID_IGNORE,       /* lint: a lint-ignore comment without reason or code */
    HZ__COUNT
} hazard;

typedef enum { SEV_INFO, SEV_WARNING, SEV_ERROR } hz_severity;

/* A setting for one code (sqlc.ini's [lint]): an hz_severity, or these. */
enum { LINT_DEFAULT = -1, LINT_OFF = -2 };

/* Who reports a hazard. */
enum { HZ_BY_DIFF = 1, HZ_BY_LINT = 2 };

typedef struct hazard_info {
    const char *code;   /* "data-loss" */
    hz_severity sev;    /* default severity */
    unsigned by;        /* HZ_BY_DIFF | HZ_BY_LINT */
    const char *reason; /* why, in one line */
    const char *fix;    /* how to do it safely, in one line */
} hazard_info;

const hazard_info *hazard_get(hazard h);
/* Looks a code up; returns -1 when unknown. */
int hazard_from_code(const char *code);
const char *severity_name(hz_severity s);
/* "info", "warning" or "error"; false when name is none of them. */
bool severity_from_name(const char *name, hz_severity *out);

/* Does ALTER COLUMN TYPE from one format_type text to another rewrite
 * the table?  PostgreSQL 15 skips the rewrite only for binary-coercible
 * changes that cannot fail: varchar(n) -> varchar(m >= n) or text, an
 * unconstrained varchar <-> text, numeric(p,s) -> numeric(q >= p, s) or
 * unconstrained numeric, and the same for bit varying; timestamp ->
 * timestamptz only when the session time zone is UTC, which sqlc cannot
 * know, so that counts as a rewrite. */
bool type_change_rewrites(const char *from, const char *to);

/* Could this canonical default expression be volatile (so ADD COLUMN
 * with it rewrites the table)?  A constant or a stable function such as
 * now() is not; random(), clock_timestamp(), gen_random_uuid(),
 * nextval() and any function sqlc does not know are.  With a catalog, a
 * user function every overload of which is declared STABLE or IMMUTABLE
 * is known too. */
bool default_is_volatile(const char *expr, const catalog *cat);

/* What adding column col (as the catalog holds it after the ADD COLUMN)
 * costs on a table that has rows, as hazard bits: HZ_TABLE_REWRITE when
 * every row must be written (a volatile default, serial, identity, a
 * stored generated column), HZ_NOT_NULL_NO_DEFAULT when it is NOT NULL
 * with no value for the existing rows, which fails ("column contains null
 * values").  A constant default costs nothing since PostgreSQL 11. */
unsigned hazards_add_column(const cat_column *col, const catalog *cat);

/* Does a valid CHECK constraint of r prove column col NOT NULL (CHECK
 * (col IS NOT NULL), alone or ANDed with more)?  Then PostgreSQL 15's SET
 * NOT NULL skips its full-table scan. */
bool check_proves_not_null(const cat_rel *r, const char *col);

/* The safe form of ALTER TABLE qtable ALTER COLUMN col SET NOT NULL: a
 * CHECK (col IS NOT NULL) NOT VALID, its VALIDATE (which lets writes go
 * on), the SET NOT NULL that the check makes scan-free, and the check's
 * drop.  Appends four statements, each ending in ";\n". */
void safe_set_not_null(const char *qtable, const char *col, strvec *out);

/* Functions of cat whose PL/pgSQL or SQL body still uses a renamed name.
 * Bodies are text to the server (except SQL-standard BEGIN ATOMIC and
 * RETURN bodies, which it tracks like views and which are skipped), so a
 * rename leaves them failing at run time.  The test is a case-insensitive
 * word search in the body text:
 *   - a table rename (old_column NULL): old_table appears;
 *   - a column rename: old_column appears, and the body either names the
 *     table (table->name or old_table) or is a trigger function of table.
 * Appends "schema.name(args)" per function to out; returns how many. */
size_t stale_function_bodies(const catalog *cat, const cat_rel *table, const char *old_table,
                             const char *old_column, strvec *out);

/* Does text contain word, case-insensitively, as a whole identifier (not
 * preceded or followed by a letter, digit, '_' or '$')? */
bool text_has_word(const char *text, const char *word);

#endif
