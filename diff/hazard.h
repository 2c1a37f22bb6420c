/* hazard: the one table of operational risks, shared by the diff (for
 * the changes it generates) and by lint (for the statements people write).
 *
 * A hazard is a stable code, a severity and a one-line reason in
 * PostgreSQL 15's terms.  Codes are part of the interface: they appear in
 * JSON, in generated revision headers and in `-- sqlc:lint-ignore CODE`
 * comments, so they are never renamed, only added. */
#ifndef SQLC_HAZARD_H
#define SQLC_HAZARD_H

#include <stdbool.h>

typedef enum hazard {
    HZ_DATA_LOSS,          /* a table, column, or type with values goes */
    HZ_TABLE_REWRITE,      /* the whole table is rewritten under ACCESS EXCLUSIVE */
    HZ_TABLE_SCAN,         /* a full scan under ACCESS EXCLUSIVE (SET NOT NULL, validation) */
    HZ_INDEX_BUILD,        /* an index is built while writes wait */
    HZ_POSSIBLE_RENAME,    /* a drop + create that may have been a rename */
    HZ_NOT_IN_TRANSACTION, /* must run outside a transaction block */
    HZ__COUNT
} hazard;

typedef enum { SEV_INFO, SEV_WARNING, SEV_ERROR } hz_severity;

typedef struct hazard_info {
    const char *code;   /* "data-loss" */
    hz_severity sev;       /* default severity */
    const char *reason; /* why, in one line */
} hazard_info;

const hazard_info *hazard_get(hazard h);
/* Looks a code up; returns -1 when unknown. */
int hazard_from_code(const char *code);
const char *severity_name(hz_severity s);

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
 * nextval() and any function sqlc does not know are. */
bool default_is_volatile(const char *expr);

#endif
