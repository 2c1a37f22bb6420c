/* util: the small helpers every other file leans on.
 *
 * Memory: x*alloc() abort on exhaustion; a CLI that cannot allocate a few
 * bytes has no useful way to go on, and checking every call would bury the
 * logic.  Files: read_file() slurps a whole file with a hard size limit;
 * write_file_atomic() writes through a temp file and rename(2) so a reader
 * never sees half a file.  strvec: a NULL-terminated, growable string array. */
#ifndef SQLC_UTIL_H
#define SQLC_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include "strbuf.h"

/* Largest file sqlc reads (revision files, SQL files, dumps, sqlc.sum).
 * Parsing holds about 60 bytes of parse tree per byte of SQL (10 MB of
 * INSERTs peak at 620 MB), so 32 MiB keeps one file under about 2 GB; a
 * larger file is refused up front with a message naming this limit. */
#define SQLC_MAX_FILE_BYTES ((size_t)32 << 20)

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (of elements of size elem) so that it holds at least need. */
#define ALLOC_GROW(arr, need, alloc)                                           \
    do {                                                                       \
        if ((size_t)(need) > (alloc)) {                                        \
            size_t _n = (alloc) ? (alloc) * 2 : 8;                             \
            while (_n < (size_t)(need))                                        \
                _n *= 2;                                                       \
            (arr) = xrealloc((arr), _n * sizeof(*(arr)));                      \
            (alloc) = _n;                                                      \
        }                                                                      \
    } while (0)

/* Print "sqlc: error: ..." to stderr and exit 2 (usage or input error). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Print "sqlc: error: ..." to stderr and return -1. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "sqlc: warning: ..." to stderr. */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads all of path into out (NUL-terminated).  On failure returns -1 and
 * puts a one-line reason, naming the path, in err. */
int read_file(const char *path, strbuf *out, strbuf *err);
/* Writes data to path atomically: a nameless temp file (O_TMPFILE; else
 * "path.tmp.PID") is written, fsynced, then linked in (exclusive: fails if
 * path exists, atomically) or renamed over path.  On failure nothing is
 * left and err names path, never the temp file. */
int write_file_atomic(const char *path, const char *data, size_t len,
                      bool exclusive, strbuf *err);
bool is_dir(const char *path);
/* True for a FIFO, socket or device (after following symlinks): never a
 * file sqlc should find by listing a folder. */
bool is_special_file(const char *path);
bool path_exists(const char *path);
/* dir + "/" + name, without doubling the slash; dir "" or "." gives name. */
char *path_join(const char *dir, const char *name);

typedef struct strvec {
    char **v;  /* NULL-terminated */
    size_t n;
    size_t alloc;
} strvec;
#define STRVEC_INIT {NULL, 0, 0}
void strvec_push(strvec *sv, const char *s);
void strvec_push_nodup(strvec *sv, char *s);
void strvec_clear(strvec *sv);
bool strvec_has(const strvec *sv, const char *s);
/* Splits s on commas, trims blanks, drops empty items. */
void strvec_split_commas(strvec *sv, const char *s);
void strvec_sort(strvec *sv);

bool str_starts_with(const char *s, const char *prefix);
/* Trim leading and trailing ASCII blanks in place; returns s. */
char *str_trim(char *s);

#endif
