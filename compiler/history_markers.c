/* history_markers: one migration file -> its up and down sections, for the
 * formats that keep both in one file, and the byte checks every foreign
 * file gets.  See history_formats.h.
 *
 * The sections stay byte ranges into the file (the markers themselves are
 * outside them), so statements keep their file:line.  Markers are only
 * recognised at the very start of a line, as the tools themselves do:
 *   dbmate  "-- migrate:up [transaction:false]", "-- migrate:down [...]"
 *   goose   "-- +goose Up", "-- +goose Down", "-- +goose StatementBegin",
 *           "-- +goose StatementEnd", "-- +goose NO TRANSACTION"
 * goose's StatementBegin/End only tell goose not to split on ';' inside;
 * the lines are SQL comments, so the section keeps them and libpg_query
 * parses the statements as usual.  They are still checked to pair up.  SQL
 * before the up marker is an error in both tools, and here. */
#include "history_formats.h"

#include <ctype.h>
#include <string.h>

long history_text_start(const srcfile *f, diaglist *dl)
{
    return srcfile_check_text(f, "SQL files", dl);
}

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static bool blank_or_comment(const char *s, const char *e)
{
    while (s < e && blank(*s))
        s++;
    return s == e || (e - s >= 2 && s[0] == '-' && s[1] == '-');
}

static int line_of(const srcfile *f, size_t off)
{
    int line, col;
    srcfile_locate(f, off, &line, &col);
    return line;
}

/* ---- dbmate ------------------------------------------------------------ */

/* 'u' or 'd' when line [s,e) is "--", blanks, "migrate:up"/"migrate:down"
 * and then blanks or the end; *opts is set to what follows the word. */
static int dbmate_marker(const char *s, const char *e, const char **opts)
{
    if (e - s < 2 || s[0] != '-' || s[1] != '-')
        return 0;
    const char *p = s + 2;
    while (p < e && blank(*p))
        p++;
    int kind;
    size_t n;
    if (e - p >= 10 && !strncmp(p, "migrate:up", 10))
        kind = 'u', n = 10;
    else if (e - p >= 12 && !strncmp(p, "migrate:down", 12))
        kind = 'd', n = 12;
    else
        return 0;
    p += n;
    if (p < e && !blank(*p))
        return 0; /* "-- migrate:upgrade" is a comment */
    *opts = p;
    return kind;
}

/* dbmate's only option is transaction:true|false.  Either block asking
 * for no transaction makes the revision non-transactional: running a
 * transactional block outside a transaction is harmless, the reverse is not. */
static void dbmate_options(revision *r, const char *p, const char *e, diaglist *dl)
{
    while (p < e) {
        while (p < e && blank(*p))
            p++;
        const char *q = p;
        while (q < e && !blank(*q))
            q++;
        if (q == p)
            break;
        size_t n = (size_t)(q - p);
        if (n == 17 && !strncmp(p, "transaction:false", n))
            r->transactional = false;
        else if (!(n == 16 && !strncmp(p, "transaction:true", n)))
            diag_add(dl, DIAG_ERROR, &r->src, (size_t)(p - r->src.text),
                     "unknown dbmate option '%.*s' (known: transaction:false, transaction:true)",
                     (int)n, p);
        p = q;
    }
}

int history_split_dbmate(revision *r, size_t start, diaglist *dl)
{
    const srcfile *f = &r->src;
    size_t nerr0 = dl->nerrors, up_at = 0, down_at = 0;
    enum { NONE, UP, DOWN } st = NONE;
    for (size_t s = start; s < f->len;) {
        const char *nl = memchr(f->text + s, '\n', f->len - s);
        size_t e = nl ? (size_t)(nl - f->text) : f->len;
        size_t next = nl ? e + 1 : f->len;
        const char *opts;
        int kind = dbmate_marker(f->text + s, f->text + e, &opts);
        if (kind == 'u') {
            if (st == UP)
                diag_add(dl, DIAG_ERROR, f, s,
                         "second '-- migrate:up' marker (the first is on line %d)",
                         line_of(f, up_at));
            else if (st == DOWN)
                diag_add(dl, DIAG_ERROR, f, s,
                         "'-- migrate:up' after '-- migrate:down'; the up block comes first");
            else {
                st = UP;
                up_at = s;
                r->upgrade = (section){true, next, 0};
            }
            dbmate_options(r, opts, f->text + e, dl);
        } else if (kind == 'd') {
            if (st == NONE) {
                diag_add(dl, DIAG_ERROR, f, s,
                         "'-- migrate:down' before '-- migrate:up'; the up block comes first");
                return -1;
            } else if (st == DOWN)
                diag_add(dl, DIAG_ERROR, f, s,
                         "second '-- migrate:down' marker (the first is on line %d)",
                         line_of(f, down_at));
            else {
                st = DOWN;
                down_at = s;
                r->upgrade.len = s - r->upgrade.off;
                r->downgrade = (section){true, next, 0};
            }
            dbmate_options(r, opts, f->text + e, dl);
        } else if (st == NONE && !blank_or_comment(f->text + s, f->text + e)) {
            diag_add(dl, DIAG_ERROR, f, s,
                     "SQL before the '-- migrate:up' marker; dbmate runs only the up and down blocks");
            return -1;
        }
        s = next;
    }
    if (st == UP)
        r->upgrade.len = f->len - r->upgrade.off;
    else if (st == DOWN)
        r->downgrade.len = f->len - r->downgrade.off;
    else
        diag_add(dl, DIAG_ERROR, f, DIAG_NOPOS,
                 "no '-- migrate:up' marker; a dbmate migration has an up block");
    return dl->nerrors == nerr0 ? 0 : -1;
}

/* ---- goose ------------------------------------------------------------- */

/* When line [s,e) is "--", blanks, "+goose" and then blanks or the end,
 * puts the rest in cmd (lowercased, runs of blanks made one space), the
 * rest as written in raw, and returns true. */
static bool goose_annotation(const char *s, const char *e, strbuf *cmd, strbuf *raw)
{
    if (e - s < 2 || s[0] != '-' || s[1] != '-')
        return false;
    const char *p = s + 2;
    while (p < e && blank(*p))
        p++;
    if (e - p < 6 || strncmp(p, "+goose", 6) != 0 || (e - p > 6 && !blank(p[6])))
        return false;
    p += 6;
    while (p < e && blank(*p))
        p++;
    while (e > p && blank(e[-1]))
        e--;
    sb_reset(cmd);
    sb_reset(raw);
    sb_add(raw, p, (size_t)(e - p));
    for (; p < e; p++) {
        if (blank(*p)) {
            if (cmd->len && cmd->buf[cmd->len - 1] != ' ')
                sb_addc(cmd, ' ');
        } else {
            sb_addc(cmd, (char)tolower((unsigned char)*p));
        }
    }
    return true;
}

int history_split_goose(revision *r, size_t start, diaglist *dl)
{
    const srcfile *f = &r->src;
    size_t nerr0 = dl->nerrors, up_at = 0, down_at = 0, begin_at = 0;
    bool in_stmt = false;
    enum { NONE, UP, DOWN } st = NONE;
    strbuf cmd = STRBUF_INIT, raw = STRBUF_INIT;
    for (size_t s = start; s < f->len;) {
        const char *nl = memchr(f->text + s, '\n', f->len - s);
        size_t e = nl ? (size_t)(nl - f->text) : f->len;
        size_t next = nl ? e + 1 : f->len;
        if (!goose_annotation(f->text + s, f->text + e, &cmd, &raw)) {
            if (st == NONE && !blank_or_comment(f->text + s, f->text + e)) {
                diag_add(dl, DIAG_ERROR, f, s, "SQL before the '-- +goose Up' annotation");
                break;
            }
        } else if (!strcmp(sb_str(&cmd), "up")) {
            if (st != NONE)
                diag_add(dl, DIAG_ERROR, f, s,
                         "second '-- +goose Up' annotation (the first is on line %d)",
                         line_of(f, up_at));
            else {
                st = UP;
                up_at = s;
                r->upgrade = (section){true, next, 0};
            }
        } else if (!strcmp(sb_str(&cmd), "down")) {
            if (in_stmt) { /* reported once, here, not again at the end */
                diag_add(dl, DIAG_ERROR, f, s,
                         "'-- +goose Down' inside the StatementBegin block opened on line %d",
                         line_of(f, begin_at));
                in_stmt = false;
            }
            if (st == NONE)
                diag_add(dl, DIAG_ERROR, f, s,
                         "'-- +goose Down' before '-- +goose Up'; the up section comes first");
            else if (st == DOWN)
                diag_add(dl, DIAG_ERROR, f, s,
                         "second '-- +goose Down' annotation (the first is on line %d)",
                         line_of(f, down_at));
            else {
                st = DOWN;
                down_at = s;
                r->upgrade.len = s - r->upgrade.off;
                r->downgrade = (section){true, next, 0};
            }
        } else if (!strcmp(sb_str(&cmd), "statementbegin")) {
            if (st == NONE)
                diag_add(dl, DIAG_ERROR, f, s,
                         "'-- +goose StatementBegin' before '-- +goose Up'");
            else if (in_stmt)
                diag_add(dl, DIAG_ERROR, f, s,
                         "'-- +goose StatementBegin' inside the StatementBegin block opened on line %d",
                         line_of(f, begin_at));
            else {
                in_stmt = true;
                begin_at = s;
            }
        } else if (!strcmp(sb_str(&cmd), "statementend")) {
            if (!in_stmt)
                diag_add(dl, DIAG_ERROR, f, s,
                         "'-- +goose StatementEnd' without a StatementBegin");
            in_stmt = false;
        } else if (!strcmp(sb_str(&cmd), "no transaction")) {
            r->transactional = false;
        } else if (str_starts_with(sb_str(&cmd), "envsub")) {
            diag_add(dl, DIAG_ERROR, f, s,
                     "'-- +goose %s' is not supported: sqlc reads the SQL as written, without environment substitution",
                     sb_str(&raw));
        } else {
            diag_add(dl, DIAG_ERROR, f, s,
                     "unknown goose annotation '-- +goose %s' (known: Up, Down, StatementBegin, StatementEnd, NO TRANSACTION)",
                     sb_str(&raw));
        }
        s = next;
    }
    if (in_stmt)
        diag_add(dl, DIAG_ERROR, f, begin_at,
                 "'-- +goose StatementBegin' without a StatementEnd");
    if (st == UP)
        r->upgrade.len = f->len - r->upgrade.off;
    else if (st == DOWN)
        r->downgrade.len = f->len - r->downgrade.off;
    else if (dl->nerrors == nerr0)
        diag_add(dl, DIAG_ERROR, f, DIAG_NOPOS,
                 "no '-- +goose Up' annotation; a goose migration has an up section");
    sb_release(&cmd);
    sb_release(&raw);
    return dl->nerrors == nerr0 ? 0 : -1;
}
