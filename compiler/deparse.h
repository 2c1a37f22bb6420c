/* deparse: ASTs back to SQL text through libpg_query's deparser.
 *
 * libpg_query deparses whole parse results, so a lone expression is wrapped
 * as "SELECT <expr>" (and a type as "SELECT NULL::<type>"), packed to
 * protobuf, deparsed, and the wrapper stripped.  The wrapper nodes live on
 * the stack and only borrow the caller's tree, which is never modified. */
#ifndef SQLC_DEPARSE_H
#define SQLC_DEPARSE_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "strbuf.h"

/* Each returns malloc'd text, or NULL with a message in err. */
char *deparse_expr(const PgQuery__Node *expr, strbuf *err);
/* A whole statement (a SelectStmt for a view query, any DDL). */
char *deparse_stmt(const PgQuery__Node *stmt, strbuf *err);

/* Parses "SELECT <text>" and returns the expression node, owned by *owner
 * (free with pg_query__parse_result__free_unpacked). */
PgQuery__Node *parse_expr(const char *text, PgQuery__ParseResult **owner, strbuf *err);
/* Parses one statement. */
PgQuery__Node *parse_stmt(const char *text, PgQuery__ParseResult **owner, strbuf *err);

#endif
