/* sqlerror: turning libpg_query's parse errors into one clear line.
 *
 * libpg_query reports PostgreSQL's own message, which is right but not
 * always helpful to someone reading a migration:
 *   - "at or near" quotes the rest of the input for an unterminated string,
 *     dollar quote or comment: many lines, sometimes the whole file.  The
 *     quote is cut at the end of its first line (and at 40 characters).
 *   - A psql meta-command (\i, \set, \gset ...) is just "syntax error at or
 *     near "\"".  It is named instead: revisions are plain SQL.
 *   - Syntax that a later PostgreSQL accepts but 15 does not ("GRANT ...
 *     WITH INHERIT", "MERGE ... RETURNING", JSON_TABLE, ...) is a bare
 *     syntax error.  A small table, below and nowhere else, recognises the
 *     common ones from the tokens around the error and appends which
 *     version introduced them.  A hint is added only on a match, so plain
 *     typos keep PostgreSQL's message unchanged.
 *
 * Context comes from a small forward scan of the text up to the error: it
 * skips strings, quoted identifiers, dollar quotes and comments the way
 * PostgreSQL's lexer does, and tracks the statement's first word, the last
 * three tokens and the function whose parentheses enclose the error.  The
 * parser already accepted everything before the error, so the scan only
 * has to be right on valid SQL. */
#include "sqlparse.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Later-version syntax PostgreSQL 15's grammar rejects.  A row matches
 * when every field it sets matches: the statement's first word, the
 * innermost enclosing call, the token at the error (tok; ";" or "" for
 * the end), the tokens right before it (prev1 nearest; "*" = any) and the
 * one right after it (next). */
static const struct later_syntax {
    const char *first, *call, *prev2, *prev1, *tok, *next;
    const char *what;
    int version;
} later_syntax[] = {
    {"GRANT", NULL, NULL, "WITH", "INHERIT", NULL, "GRANT ... WITH INHERIT", 16},
    {"GRANT", NULL, NULL, "WITH", "SET", NULL, "GRANT ... WITH SET", 16},
    {NULL, NULL, NULL, "IS", "JSON", NULL, "IS JSON", 16},
    {NULL, NULL, "IS", "NOT", "JSON", NULL, "IS NOT JSON", 16},
    {NULL, "JSON_OBJECT", NULL, NULL, NULL, NULL, "JSON_OBJECT(key VALUE value)", 16},
    {NULL, "JSON_ARRAY", NULL, NULL, NULL, NULL, "JSON_ARRAY(... RETURNING ...)", 16},
    {NULL, "JSON_OBJECTAGG", NULL, NULL, NULL, NULL, "JSON_OBJECTAGG", 16},
    {NULL, "JSON_ARRAYAGG", NULL, NULL, NULL, NULL, "JSON_ARRAYAGG", 16},
    {"REINDEX", NULL, NULL, "DATABASE", ";", NULL, "REINDEX DATABASE without a name", 16},
    {"REINDEX", NULL, NULL, "SYSTEM", ";", NULL, "REINDEX SYSTEM without a name", 16},
    {"CREATE", NULL, NULL, NULL, "STORAGE", NULL, "STORAGE in a CREATE TABLE column", 16},
    {NULL, "JSON_TABLE", NULL, NULL, NULL, NULL, "JSON_TABLE", 17},
    {NULL, "JSON_QUERY", NULL, NULL, NULL, NULL, "JSON_QUERY", 17},
    {NULL, "JSON_VALUE", NULL, NULL, NULL, NULL, "JSON_VALUE", 17},
    {NULL, "JSON_EXISTS", NULL, NULL, NULL, NULL, "JSON_EXISTS", 17},
    {NULL, "JSON_SERIALIZE", NULL, NULL, NULL, NULL, "JSON_SERIALIZE", 17},
    {NULL, "JSON_SCALAR", NULL, NULL, NULL, NULL, "JSON_SCALAR", 17},
    {"MERGE", NULL, NULL, NULL, "RETURNING", NULL, "MERGE ... RETURNING", 17},
    {"MERGE", NULL, NULL, "MATCHED", "BY", NULL, "MERGE ... WHEN NOT MATCHED BY SOURCE", 17},
    {"ALTER", NULL, NULL, "SET", "EXPRESSION", NULL, "ALTER COLUMN ... SET EXPRESSION", 17},
    {NULL, NULL, NULL, NULL, "VIRTUAL", NULL, "a VIRTUAL generated column", 18},
    {NULL, NULL, NULL, "NOT", "ENFORCED", NULL, "NOT ENFORCED", 18},
    {NULL, NULL, NULL, NULL, "ENFORCED", NULL, "ENFORCED", 18},
    {NULL, NULL, NULL, "RETURNING", "WITH", NULL, "RETURNING WITH (OLD/NEW AS ...)", 18},
    {NULL, NULL, NULL, NULL, "WITHOUT", "OVERLAPS", "WITHOUT OVERLAPS", 18},
    {NULL, NULL, "CONSTRAINT", "*", "NOT", "NULL", "a named NOT NULL table constraint", 18},
};

enum { MAX_TOKEN = 64, CALL_DEPTH = 32 };

typedef struct scan {
    const char *s;
    size_t len, off;
    char first[MAX_TOKEN]; /* first word of the current statement */
    char prev[2][MAX_TOKEN]; /* [0] the token before, [1] the one before it */
    char calls[CALL_DEPTH][MAX_TOKEN]; /* word before each open '(' */
    int depth;
} scan;

/* Copies token s[0..n), upper-cased and cut to fit, into dst. */
static void set_token(char *dst, const char *s, size_t n)
{
    if (n >= MAX_TOKEN)
        n = MAX_TOKEN - 1;
    for (size_t i = 0; i < n; i++)
        dst[i] = (char)toupper((unsigned char)s[i]);
    dst[n] = '\0';
}

static bool ident_start(char c)
{
    return isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

static bool ident_char(char c)
{
    return ident_start(c) || isdigit((unsigned char)c) || c == '$';
}

size_t sql_token_len(const char *s, size_t len, size_t off)
{
    size_t i = off;
    if (i >= len)
        return 0;
    char c = s[i];
    if (ident_start(c)) {
        /* E'...' is one string token: backslash escapes inside. */
        if ((c == 'E' || c == 'e') && i + 1 < len && s[i + 1] == '\'') {
            for (i += 2; i < len && s[i] != '\''; i++)
                if (s[i] == '\\' && i + 1 < len)
                    i++;
            return (i < len ? i + 1 : len) - off;
        }
        while (i < len && ident_char(s[i]))
            i++;
        return i - off;
    }
    if (isdigit((unsigned char)c)) {
        while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '_'))
            i++;
        return i - off;
    }
    if (c == '\'' || c == '"') {
        /* A doubled quote is the quote itself. */
        for (i++; i < len; i++) {
            if (s[i] == c) {
                if (i + 1 < len && s[i + 1] == c)
                    i++;
                else
                    return i + 1 - off;
            }
        }
        return len - off;
    }
    if (c == '$') {
        size_t t = i + 1;
        if (t < len && isdigit((unsigned char)s[t])) { /* $1 */
            while (t < len && isdigit((unsigned char)s[t]))
                t++;
            return t - off;
        }
        while (t < len && (isalnum((unsigned char)s[t]) || s[t] == '_'))
            t++;
        if (t < len && s[t] == '$') { /* $tag$ ... $tag$ */
            size_t taglen = t + 1 - i;
            for (size_t k = t + 1; k + taglen <= len; k++)
                if (!memcmp(s + k, s + i, taglen))
                    return k + taglen - off;
            return len - off;
        }
        return 1;
    }
    return 1;
}

static void scan_until(scan *sc, size_t pos)
{
    while (sc->off < pos) {
        size_t at = sql_skip_space(sc->s, sc->off, sc->len);
        if (at >= pos || at >= sc->len) {
            sc->off = at;
            break;
        }
        size_t n = sql_token_len(sc->s, sc->len, at);
        const char *t = sc->s + at;
        if (*t == ';') {
            sc->first[0] = sc->prev[0][0] = sc->prev[1][0] = '\0';
            sc->depth = 0;
        } else if (*t == '(') {
            if (sc->depth < CALL_DEPTH) /* the word before '(' names the call */
                snprintf(sc->calls[sc->depth], MAX_TOKEN, "%s",
                         ident_start(sc->prev[0][0]) ? sc->prev[0] : "");
            sc->depth++;
        } else if (*t == ')' && sc->depth > 0) {
            sc->depth--;
        }
        if (*t != ';') {
            if (!sc->first[0])
                set_token(sc->first, t, n);
            memcpy(sc->prev[1], sc->prev[0], MAX_TOKEN);
            set_token(sc->prev[0], t, n);
        }
        sc->off = at + n;
    }
}

static bool field_ok(const char *want, const char *have)
{
    return !want || !strcmp(want, "*") || !strcmp(want, have);
}

static const struct later_syntax *find_later_syntax(const char *text, size_t len, size_t pos)
{
    scan sc;
    memset(&sc, 0, sizeof(sc));
    sc.s = text;
    sc.len = len;
    scan_until(&sc, pos);
    char tok[MAX_TOKEN], next[MAX_TOKEN];
    size_t n = sql_token_len(text, len, pos);
    set_token(tok, text + pos, n);
    size_t after = sql_skip_space(text, pos + n, len);
    set_token(next, text + after, sql_token_len(text, len, after));
    const char *call = sc.depth > 0 && sc.depth <= CALL_DEPTH ? sc.calls[sc.depth - 1] : "";
    for (size_t i = 0; i < sizeof(later_syntax) / sizeof(later_syntax[0]); i++) {
        const struct later_syntax *l = &later_syntax[i];
        if (field_ok(l->first, sc.first) && field_ok(l->call, call) &&
            field_ok(l->prev2, sc.prev[1]) && field_ok(l->prev1, sc.prev[0]) &&
            field_ok(l->tok, tok) && field_ok(l->next, next))
            return l;
    }
    return NULL;
}

/* A number the lexer cut short: "1_000" and "0x1F" are PostgreSQL 16. */
static const char *later_number(const char *text, size_t len, size_t pos)
{
    if (pos + 1 >= len || !isdigit((unsigned char)text[pos]))
        return NULL;
    if (text[pos] == '0' && strchr("xXoObB", text[pos + 1]))
        return "a hexadecimal, octal or binary integer literal";
    size_t i = pos;
    while (i < len && isdigit((unsigned char)text[i]))
        i++;
    return i < len && text[i] == '_' ? "a numeric literal with '_' separators" : NULL;
}

/* Appends msg with its "at or near" quote cut to one line. */
static void add_clipped(strbuf *out, const char *msg)
{
    enum { MAX_NEAR = 40 };
    const char *near = strstr(msg, " at or near \"");
    size_t mlen = strlen(msg);
    if (!near || mlen < 1 || msg[mlen - 1] != '"') {
        sb_adds(out, msg);
        return;
    }
    const char *q = near + strlen(" at or near \"");
    const char *end = msg + mlen - 1; /* the closing quote */
    size_t n = 0, chars = 0;
    while (q + n < end && q[n] != '\n' && q[n] != '\r' && chars < MAX_NEAR) {
        n++;
        while (q + n < end && ((unsigned char)q[n] & 0xC0) == 0x80)
            n++;
        chars++;
    }
    sb_add(out, msg, (size_t)(q - msg));
    sb_add(out, q, n);
    /* A quote cut short says so; a newline right before the end is not
     * worth an ellipsis. */
    size_t rest = (size_t)(end - (q + n));
    if (rest && !(rest == 1 && q[n] == '\n') && !(rest == 2 && q[n] == '\r'))
        sb_adds(out, "...");
    sb_addc(out, '"');
}

void sql_explain_error(const char *text, size_t len, size_t pos, const char *msg, strbuf *out)
{
    if (pos < len && text[pos] == '\\') {
        size_t n = 1;
        while (pos + n < len && !isspace((unsigned char)text[pos + n]) && n < 20)
            n++;
        sb_addf(out, "psql meta-command '%.*s' is not SQL: revisions are plain SQL, not psql scripts",
                (int)n, text + pos);
        return;
    }
    add_clipped(out, msg);
    const char *what = NULL;
    int version = 16;
    if (str_starts_with(msg, "trailing junk after numeric literal")) {
        what = later_number(text, len, pos);
    } else if (str_starts_with(msg, "subquery in FROM must have an alias")) {
        what = "a subquery in FROM without an alias";
    } else if (str_starts_with(msg, "syntax error")) {
        const struct later_syntax *l = find_later_syntax(text, len, pos);
        if (l) {
            what = l->what;
            version = l->version;
        }
    }
    if (what)
        sb_addf(out, "; %s is PostgreSQL %d syntax, and sqlc parses PostgreSQL 15", what, version);
}
