/* sqlparse: libpg_query protobuf parsing with file positions.  See sqlparse.h. */
#include "sqlparse.h"
#include "util.h"

#include <string.h>

size_t sql_skip_space(const char *s, size_t off, size_t end)
{
    return sql_skip_space_depth(s, off, end, NULL);
}

size_t sql_skip_space_depth(const char *s, size_t off, size_t end, int *max_nest)
{
    while (off < end) {
        char c = s[off];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            off++;
        } else if (c == '-' && off + 1 < end && s[off + 1] == '-') {
            while (off < end && s[off] != '\n')
                off++;
        } else if (c == '/' && off + 1 < end && s[off + 1] == '*') {
            /* PostgreSQL block comments nest. */
            int depth = 0;
            do {
                if (off + 1 < end && s[off] == '/' && s[off + 1] == '*') {
                    depth++;
                    off += 2;
                    if (max_nest && depth > *max_nest)
                        *max_nest = depth;
                } else if (off + 1 < end && s[off] == '*' && s[off + 1] == '/') {
                    depth--;
                    off += 2;
                } else {
                    off++;
                }
            } while (depth > 0 && off < end);
        } else {
            break;
        }
    }
    return off;
}

int sql_parse(const srcfile *f, size_t off, size_t len, parsed_sql *out,
              diaglist *dl)
{
    memset(out, 0, sizeof(*out));
    /* The parser wants a NUL-terminated string of just this section. */
    char *text = xstrndup(f->text + off, len);
    bool in_comments;
    long deep = sql_depth_scan(text, len, SQL_MAX_TEXT_DEPTH, &in_comments);
    if (deep >= 0) {
        /* libpg_query would recurse once per level, past the stack, or
         * take minutes over the comments. */
        if (in_comments)
            diag_add(dl, DIAG_ERROR, f, off + (size_t)deep,
                     "comments nested over %d deep; sqlc refuses them (PostgreSQL's lexer takes time quadratic in the nesting)",
                     SQL_MAX_COMMENT_NESTING);
        else
            diag_add(dl, DIAG_ERROR, f, off + (size_t)deep,
                     "statement nested too deeply (over %d parentheses and chained operators); PostgreSQL 15 refuses it too (stack depth limit exceeded)",
                     SQL_MAX_TEXT_DEPTH);
        free(text);
        return -1;
    }
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
    if (r.error) {
        /* cursorpos is a 1-based *character* position in text; 0 means
         * "no position" (e.g. unterminated input reported at the end). */
        size_t pos = r.error->cursorpos > 0
                         ? utf8_char_offset(text, len, (size_t)r.error->cursorpos)
                         : len;
        strbuf msg = STRBUF_INIT;
        sql_explain_error(text, len, pos, r.error->message, &msg);
        diag_add(dl, DIAG_ERROR, f, off + pos, "%s", msg.buf);
        sb_release(&msg);
        pg_query_free_protobuf_parse_result(r);
        free(text);
        return -1;
    }
    size_t deep_at;
    if (sql_too_deep_stmt((const uint8_t *)r.parse_tree.data, r.parse_tree.len, SQL_MAX_DEPTH, &deep_at) >= 0) {
        /* Unpacking (and every walk after it) recurses once per level. */
        diag_add(dl, DIAG_ERROR, f, off + sql_skip_space(text, deep_at, len),
                 "statement nested too deeply (over %d levels in its parse tree); PostgreSQL 15 refuses it too (stack depth limit exceeded)",
                 SQL_MAX_DEPTH);
        pg_query_free_protobuf_parse_result(r);
        free(text);
        return -1;
    }
    out->result = pg_query__parse_result__unpack(
        NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
    pg_query_free_protobuf_parse_result(r);
    if (!out->result) {
        free(text);
        diag_add(dl, DIAG_ERROR, f, off, "libpg_query returned an unreadable parse tree");
        return -1;
    }
    out->n = out->result->n_stmts;
    out->stmts = xcalloc(out->n, sizeof(stmt));
    for (size_t i = 0; i < out->n; i++) {
        PgQuery__RawStmt *rs = out->result->stmts[i];
        size_t s = (size_t)rs->stmt_location;
        /* stmt_len 0 means "to the end of the string". */
        size_t e = rs->stmt_len ? s + (size_t)rs->stmt_len : len;
        if (e > len)
            e = len;
        size_t first = sql_skip_space(text, s, e);
        stmt *st = &out->stmts[i];
        st->node = rs->stmt;
        st->base = off;
        st->off = off + first;
        st->len = e - first;
        int col;
        srcfile_locate(f, st->off, &st->line, &col);
    }
    free(text);
    return 0;
}

void parsed_sql_release(parsed_sql *p)
{
    if (p->result)
        pg_query__parse_result__free_unpacked(p->result, NULL);
    free(p->stmts);
    memset(p, 0, sizeof(*p));
}

char *stmt_text(const srcfile *f, const stmt *st)
{
    return xstrndup(f->text + st->off, st->len);
}
