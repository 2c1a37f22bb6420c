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
/* The same, raising *max_nest to the deepest comment nesting seen. */
size_t sql_skip_space_depth(const char *s, size_t off, size_t end, int *max_nest);
/* Appends the one-line message for libpg_query's error msg at byte pos of
 * text[0..len): the "at or near" quote cut to one line, a psql
 * meta-command named as such, and a note when the syntax belongs to a
 * later PostgreSQL (sqlerror.c). */
void sql_explain_error(const char *text, size_t len, size_t pos, const char *msg, strbuf *out);
/* Length of the SQL token at s[off] (0 at the end): a word, a number, a
 * string, quoted name or dollar-quoted body, or one punctuation mark. */
size_t sql_token_len(const char *s, size_t len, size_t off);
/* Deepest statements sql_parse() accepts (sqldepth.c): SQL_MAX_TEXT_DEPTH
 * parentheses plus chained operators in the text, SQL_MAX_DEPTH protobuf
 * message levels in the tree (two per chained operator).  PostgreSQL 15
 * itself refuses about 4,500 chained operators ("stack depth limit
 * exceeded"). */
#define SQL_MAX_TEXT_DEPTH 5000
#define SQL_MAX_DEPTH 12000
/* PostgreSQL's lexer takes time quadratic in the nesting of comments
 * (20,000 levels: 4 s), so deeper nesting than this is refused. */
#define SQL_MAX_COMMENT_NESTING 1000
/* The offset of the first statement in s[0, len) whose text may nest
 * deeper than limit, or whose comments nest deeper than
 * SQL_MAX_COMMENT_NESTING (then *in_comments), or -1. */
long sql_depth_scan(const char *s, size_t len, int limit, bool *in_comments);
/* For serialized ParseResult buf[0, len): the index of the first statement
 * nested deeper than limit, with its stmt_location in *stmt_off, or -1
 * (sqldepth.c; an explicit stack, so it cannot overflow itself). */
long sql_too_deep_stmt(const uint8_t *buf, size_t len, int limit, size_t *stmt_off);
/* The statement's source text (malloc'd). */
char *stmt_text(const srcfile *f, const stmt *st);

#endif
