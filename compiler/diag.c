/* diag: source positions and compiler-style diagnostics.  See diag.h. */
#include "diag.h"
#include "util.h"

#include <stdarg.h>
#include <string.h>

void srcfile_init(srcfile *f, const char *path, char *text, size_t len)
{
    memset(f, 0, sizeof(*f));
    f->path = xstrdup(path);
    f->text = text;
    f->len = len;
    size_t alloc = 0;
    ALLOC_GROW(f->line_starts, 1, alloc);
    f->line_starts[f->nlines++] = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            ALLOC_GROW(f->line_starts, f->nlines + 1, alloc);
            f->line_starts[f->nlines++] = i + 1;
        }
    }
}

void srcfile_release(srcfile *f)
{
    free(f->path);
    free(f->text);
    free(f->line_starts);
    memset(f, 0, sizeof(*f));
}

size_t utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

size_t utf8_char_offset(const char *s, size_t n, size_t pos)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (++c == pos)
                return i;
        }
    }
    return n;
}

void srcfile_locate(const srcfile *f, size_t off, int *line, int *col)
{
    if (off > f->len)
        off = f->len;
    /* Last line start <= off. */
    size_t lo = 0, hi = f->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = f->line_starts[lo];
    *line = (int)lo + 1;
    *col = (int)utf8_chars(f->text + start, off - start) + 1;
}

size_t srcfile_line_start(const srcfile *f, int line)
{
    if (line < 1)
        line = 1;
    if ((size_t)line > f->nlines)
        return f->len;
    return f->line_starts[line - 1];
}

static size_t utf8_seq_len(const unsigned char *s, size_t len);

/* A copy of a source line that is safe to print: the file may hold
 * invalid UTF-8 (the very error being reported) or control characters
 * (an escape sequence would reach the terminal).  Each such character
 * becomes '?' and a stray continuation byte is dropped, which keeps the
 * character count, and so the caret, where utf8_chars() puts it. */
static char *excerpt_text(const char *line, size_t n)
{
    const unsigned char *u = (const unsigned char *)line;
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq_len(u + i, n - i);
        if (k == 1 && (u[i] < 0x20 || u[i] == 0x7F) && u[i] != '\t') {
            sb_addc(&sb, '?');
        } else if (k) {
            sb_add(&sb, line + i, k);
        } else {
            if ((u[i] & 0xC0) != 0x80)
                sb_addc(&sb, '?');
            k = 1;
        }
        i += k;
    }
    return sb_detach(&sb);
}

static diag *diag_new(diaglist *dl, diag_severity sev)
{
    ALLOC_GROW(dl->items, dl->n + 1, dl->alloc);
    diag *d = &dl->items[dl->n++];
    memset(d, 0, sizeof(*d));
    d->sev = sev;
    if (sev == DIAG_ERROR)
        dl->nerrors++;
    else if (sev == DIAG_WARNING)
        dl->nwarnings++;
    return d;
}

static diag *diag_vnew(diaglist *dl, diag_severity sev, const char *fmt, va_list ap)
{
    diag *d = diag_new(dl, sev);
    strbuf sb = STRBUF_INIT;
    sb_vaddf(&sb, fmt, ap);
    /* Messages quote file content ("parent id '...'"); control characters
     * in it must not reach the terminal.  Newlines stay: they separate
     * PostgreSQL's DETAIL and HINT lines. */
    for (size_t i = 0; i < sb.len; i++)
        if (((unsigned char)sb.buf[i] < 0x20 && sb.buf[i] != '\n' && sb.buf[i] != '\t') ||
            sb.buf[i] == 0x7F)
            sb.buf[i] = '?';
    d->msg = sb_detach(&sb);
    return d;
}

void diag_add(diaglist *dl, diag_severity sev, const srcfile *f, size_t off,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag *d = diag_vnew(dl, sev, fmt, ap);
    va_end(ap);
    if (!f)
        return;
    d->path = xstrdup(f->path);
    if (off == DIAG_NOPOS)
        return;
    srcfile_locate(f, off, &d->line, &d->col);
    d->excerpt = srcfile_line_text(f, d->line);
}

char *srcfile_line_text(const srcfile *f, int line)
{
    size_t s = srcfile_line_start(f, line), e = s;
    while (e < f->len && f->text[e] != '\n')
        e++;
    if (e > s && f->text[e - 1] == '\r')
        e--;
    return excerpt_text(f->text + s, e - s);
}

void diag_add_path(diaglist *dl, diag_severity sev, const char *path,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag *d = diag_vnew(dl, sev, fmt, ap);
    va_end(ap);
    d->path = path ? xstrdup(path) : NULL;
}

static const char *sev_name(diag_severity s)
{
    switch (s) {
    case DIAG_ERROR: return "error";
    case DIAG_WARNING: return "warning";
    case DIAG_NOTE: return "note";
    }
    return "error";
}

void diag_print_one(const diag *d, FILE *out)
{
    if (d->path && d->line)
        fprintf(out, "%s:%d:%d: ", d->path, d->line, d->col);
    else if (d->path)
        fprintf(out, "%s: ", d->path);
    else
        fputs("sqlc: ", out);
    fprintf(out, "%s: %s\n", sev_name(d->sev), d->msg);
    if (!d->excerpt)
        return;
    strbuf sb = STRBUF_INIT;
    diag_excerpt(&sb, d->line, d->col, d->excerpt);
    fputs(sb.buf, out);
    sb_release(&sb);
}

void diag_excerpt(strbuf *sb, int line, int col, const char *excerpt)
{
    /* The caret line repeats the excerpt's tabs so it lines up however the
     * terminal expands them; every other character becomes one space. */
    /* The number's column widens past 99999 lines so the bars align. */
    int width = snprintf(NULL, 0, "%d", line);
    if (width < 5)
        width = 5;
    sb_addf(sb, "%*d | %s\n%*s | ", width, line, excerpt, width, "");
    int c = 1;
    for (const char *p = excerpt; *p && c < col; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        sb_addc(sb, *p == '\t' ? '\t' : ' ');
        c++;
    }
    sb_adds(sb, "^\n");
}

void diag_print(const diaglist *dl, FILE *out)
{
    for (size_t i = 0; i < dl->n; i++)
        diag_print_one(&dl->items[i], out);
}

void diag_move(diaglist *dst, diaglist *src)
{
    for (size_t i = 0; i < src->n; i++) {
        ALLOC_GROW(dst->items, dst->n + 1, dst->alloc);
        dst->items[dst->n++] = src->items[i];
    }
    dst->nerrors += src->nerrors;
    dst->nwarnings += src->nwarnings;
    free(src->items);
    memset(src, 0, sizeof(*src));
}

void diag_move_new(diaglist *dst, diaglist *src)
{
    for (size_t i = 0; i < src->n; i++) {
        diag *d = &src->items[i];
        bool dup = d->sev == DIAG_NOTE;
        for (size_t k = 0; k < dst->n && !dup; k++)
            dup = dst->items[k].line == d->line && dst->items[k].col == d->col &&
                  !strcmp(dst->items[k].msg, d->msg) && dst->items[k].path && d->path &&
                  !strcmp(dst->items[k].path, d->path);
        if (dup) {
            free(d->path);
            free(d->msg);
            free(d->excerpt);
            continue;
        }
        ALLOC_GROW(dst->items, dst->n + 1, dst->alloc);
        dst->items[dst->n++] = *d;
        if (d->sev == DIAG_ERROR)
            dst->nerrors++;
        else if (d->sev == DIAG_WARNING)
            dst->nwarnings++;
    }
    free(src->items);
    memset(src, 0, sizeof(*src));
}

void diag_clear(diaglist *dl)
{
    for (size_t i = 0; i < dl->n; i++) {
        free(dl->items[i].path);
        free(dl->items[i].msg);
        free(dl->items[i].excerpt);
    }
    free(dl->items);
    memset(dl, 0, sizeof(*dl));
}

static int cmp_diag(const void *a, const void *b)
{
    const diag *x = a, *y = b;
    int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return 0;
}

void diag_sort(diaglist *dl)
{
    /* Insertion sort: stable, and lists are short. */
    for (size_t i = 1; i < dl->n; i++) {
        diag t = dl->items[i];
        size_t j = i;
        while (j > 0 && cmp_diag(&dl->items[j - 1], &t) > 0) {
            dl->items[j] = dl->items[j - 1];
            j--;
        }
        dl->items[j] = t;
    }
}

/* Offset of the first invalid UTF-8 sequence, or len when all is valid.
 * Overlong forms and surrogates are rejected as PostgreSQL's UTF8 encoding
 * check does. */
/* Length of the valid UTF-8 sequence at s (len > 0), or 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t len)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    else if ((c & 0xE0) == 0xC0)
        n = 2, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
        n = 3, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
        n = 4, min = 0x10000;
    else
        return 0;
    if (n > len)
        return 0;
    unsigned cp = c & (0xFF >> (n + 1));
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq_len(s + i, len - i);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

long srcfile_check_text(const srcfile *f, const char *kind, diaglist *dl)
{
    const char *nul = memchr(f->text, '\0', f->len);
    if (nul) {
        diag_add(dl, DIAG_ERROR, f, (size_t)(nul - f->text), "NUL byte in file; %s are UTF-8 text", kind);
        return -1;
    }
    size_t start = f->len >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    for (size_t i = start; i + 3 <= f->len; i++) {
        if (!memcmp(f->text + i, "\xEF\xBB\xBF", 3)) {
            diag_add(dl, DIAG_ERROR, f, i, "byte-order mark (U+FEFF) in the middle of the file");
            return -1;
        }
    }
    size_t bad = utf8_invalid_at((const unsigned char *)f->text, f->len);
    if (bad < f->len) {
        diag_add(dl, DIAG_ERROR, f, bad, "invalid UTF-8 byte sequence (byte 0x%02x)",
                 (unsigned char)f->text[bad]);
        return -1;
    }
    return (long)start;
}
