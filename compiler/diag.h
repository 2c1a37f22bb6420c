/* diag: source files, positions and the diagnostics that point into them.
 *
 * Every message sqlc prints about a user's file goes through here so that
 * they all look alike, compiler-style:
 *
 *   versions/3b1c2d4e5f6a_add_phone.sql:9:30: error: syntax error at or near "txt"
 *       9 | ALTER TABLE users ADD COLUMN phone txt;
 *         |                              ^
 *
 * A srcfile owns the bytes of one file and a table of line starts, so a byte
 * offset (what libpg_query reports for statements) turns into line:column in
 * O(log lines).  Columns count characters, not bytes, as PostgreSQL does. */
#ifndef SQLC_DIAG_H
#define SQLC_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

typedef struct srcfile {
    char *path;          /* as the user would type it */
    char *text;          /* whole contents, NUL-terminated, owned */
    size_t len;
    size_t *line_starts; /* byte offset of each line's first byte */
    size_t nlines;
} srcfile;

/* Takes ownership of text. */
void srcfile_init(srcfile *f, const char *path, char *text, size_t len);
void srcfile_release(srcfile *f);
/* 1-based line and character column of byte offset off (clamped to len). */
void srcfile_locate(const srcfile *f, size_t off, int *line, int *col);
/* The byte offset of the start of 1-based line. */
size_t srcfile_line_start(const srcfile *f, int line);
/* The text of 1-based line, without its line ending (malloc'd). */
char *srcfile_line_text(const srcfile *f, int line);

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_severity;

typedef struct diag {
    diag_severity sev;
    char *path;     /* NULL when not about a file */
    int line, col;  /* 0 when unknown */
    char *msg;
    char *excerpt;  /* the source line, for the caret display; may be NULL */
} diag;

typedef struct diaglist {
    diag *items;
    size_t n, alloc;
    size_t nerrors, nwarnings;
} diaglist;

#define DIAGLIST_INIT {NULL, 0, 0, 0, 0}
#define DIAG_NOPOS ((size_t)-1)

/* Adds a diagnostic at byte offset off of f (f may be NULL; off may be
 * DIAG_NOPOS for "the whole file"). */
void diag_add(diaglist *dl, diag_severity sev, const srcfile *f, size_t off,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Same, for a path that has no loaded srcfile (unreadable file, folder). */
void diag_add_path(diaglist *dl, diag_severity sev, const char *path,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_print(const diaglist *dl, FILE *out);
void diag_print_one(const diag *d, FILE *out);
/* "   12 | <excerpt>" and a caret line under column col, as diagnostics
 * print them (lint prints its findings with it). */
void diag_excerpt(strbuf *sb, int line, int col, const char *excerpt);
/* Moves all items of src to the end of dst. */
void diag_move(diaglist *dst, diaglist *src);
/* The same, dropping notes and the items dst already has (same place and
 * message): replaying shared history once per head repeats them. */
void diag_move_new(diaglist *dst, diaglist *src);
void diag_clear(diaglist *dl);
/* Stable order: by path, line, column, then insertion. */
void diag_sort(diaglist *dl);

/* Offset of the first invalid UTF-8 sequence in s[0..len) (overlong forms
 * and surrogates rejected, as PostgreSQL's UTF8 check does), or len. */
size_t utf8_invalid_at(const unsigned char *s, size_t len);
/* Checks a file's bytes before anything parses it: no NUL byte, a
 * byte-order mark only at the very start, valid UTF-8.  Returns the offset
 * where the text starts (3 after a BOM, else 0), or -1 with a diagnostic
 * ("NUL byte in file; <kind> are UTF-8 text", ...). */
long srcfile_check_text(const srcfile *f, const char *kind, diaglist *dl);
/* Number of UTF-8 characters in s[0..n), counting invalid bytes as one. */
size_t utf8_chars(const char *s, size_t n);
/* Byte offset of the 1-based character position pos in s[0..n). */
size_t utf8_char_offset(const char *s, size_t n, size_t pos);

#endif
