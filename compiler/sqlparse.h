/* sqlparse: one section of SQL text -> typed libpg_query ASTs.
 *
 * This is the only place that calls the PostgreSQL parser on revision text.
 * It uses the protobuf API (pg_query_parse_protobuf, then unpacking into
 * PgQuery__Node trees), so the rest of sqlc walks typed C structs.  Each
 * statement keeps its byte range in the *file*, not the section, so every
 * later error can name file:line:col; the range starts at the first token,
 * after any leading blanks and comments that PostgreSQL folds into it. */
#ifndef SQLC_SQLPARSE_H
#define SQLC_SQLPARSE_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "diag.h"
#include "strbuf.h"

typedef struct stmt {
    PgQuery__Node *node; /* owned by the parsed_sql's result */
    size_t off;          /* byte offset of the first token in the file */
    size_t len;          /* bytes up to, not including, the ';' */
    int line;            /* 1-based line of off */
    size_t base;         /* file offset of the parsed text: node locations
                            (byte offsets into that text) + base = file offset */
} stmt;

typedef struct parsed_sql {
    PgQuery__ParseResult *result;
    stmt *stmts;
    size_t n;
} parsed_sql;

/* Parses f->text[off, off+len).  On a syntax error adds one diagnostic at
 * the error's position and returns -1 (out is then empty). */
int sql_parse(const srcfile *f, size_t off, size_t len, parsed_sql *out,
              diaglist *dl);
void parsed_sql_release(parsed_sql *p);
/* Skips blanks, "--" comments and nested C-style comments from off. */
size_t sql_skip_space(const char *s, size_t off, size_t end);
/* Appends the one-line message for libpg_query's error msg at byte pos of
 * text[0..len): the "at or near" quote cut to one line, a psql
 * meta-command named as such, and a note when the syntax belongs to a
 * later PostgreSQL (sqlerror.c). */
void sql_explain_error(const char *text, size_t len, size_t pos, const char *msg, strbuf *out);
/* The statement's source text (malloc'd). */
char *stmt_text(const srcfile *f, const stmt *st);

#endif
