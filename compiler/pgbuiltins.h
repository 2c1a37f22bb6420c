/* pgbuiltins: is a name one of PostgreSQL 15's built-in catalog objects?
 * The data (pgbuiltins.c) is generated from a real server by
 * gen_pgbuiltins.sh, never typed in by hand. */
#ifndef SQLC_PGBUILTINS_H
#define SQLC_PGBUILTINS_H

#include <stdbool.h>

/* A built-in operator class (pg_catalog): text_pattern_ops, int4_ops... */
bool pgbuiltin_opclass(const char *name);
/* A system table or view: pg_catalog's (schema NULL or "pg_catalog") or
 * information_schema's. */
bool pgbuiltin_relation(const char *schema, const char *name);

#endif
