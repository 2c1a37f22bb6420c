/* notx: statements that must not be wrapped in a transaction.
 *
 * PostgreSQL refuses some statements inside a transaction block ("cannot
 * run inside a transaction block"): CREATE/DROP INDEX CONCURRENTLY, REINDEX
 * ... CONCURRENTLY and REINDEX SYSTEM/DATABASE, VACUUM, CREATE/DROP
 * DATABASE, CREATE/DROP TABLESPACE, ALTER SYSTEM and ALTER TABLE ... DETACH
 * PARTITION ... CONCURRENTLY.  A revision's own transaction control (BEGIN,
 * COMMIT, ...) cannot be wrapped either.  And ALTER TYPE ... ADD VALUE runs
 * in a transaction, but the new label cannot be *used* until that
 * transaction commits ("unsafe use of new value"), so a later statement in
 * the same transaction that mentions the label as a string constant makes
 * the ADD VALUE non-transactional too.
 *
 * Everything is decided from the parse tree (sqlparse.h), never from the
 * text, so comments and string contents cannot fool it.  The string-constant
 * test is deliberately broad: any constant equal to the label counts as a
 * use, which at worst runs one revision outside a transaction. */
#ifndef SQLC_NOTX_H
#define SQLC_NOTX_H

#include <stdbool.h>

#include "sqlparse.h"
#include "util.h"

/* What makes n impossible inside a transaction block, as a short phrase
 * ("CREATE INDEX CONCURRENTLY"), or NULL when it can run in one. */
const char *notx_reason(const PgQuery__Node *n);
/* The label an ALTER TYPE ... ADD VALUE adds, or NULL. */
const char *notx_added_label(const PgQuery__Node *n);
/* Index in labels of a label n uses as a string constant, or -1. */
int notx_uses_label(PgQuery__Node *n, const strvec *labels);

#endif
