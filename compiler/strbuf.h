/* strbuf: a growable, always NUL-terminated byte buffer.
 *
 * The one string builder the whole tool uses, in the spirit of git's strbuf:
 * callers append, and the buffer owns its memory until strbuf_detach() hands
 * it over.  Allocation failure aborts (see xmalloc in util.h), so no append
 * can fail and call sites stay simple. */
#ifndef SQLC_STRBUF_H
#define SQLC_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *buf;    /* always NUL-terminated once anything was appended */
    size_t len;   /* bytes used, not counting the NUL */
    size_t alloc; /* bytes allocated */
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void sb_grow(strbuf *sb, size_t extra);
void sb_add(strbuf *sb, const void *data, size_t len);
void sb_adds(strbuf *sb, const char *s);
void sb_addc(strbuf *sb, char c);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(strbuf *sb, const char *fmt, va_list ap);
void sb_reset(strbuf *sb);
void sb_release(strbuf *sb);
/* The contents as a string: "" for an empty buffer, never NULL. */
const char *sb_str(const strbuf *sb);
/* Hands the malloc'd string to the caller and leaves sb empty. */
char *sb_detach(strbuf *sb);

#endif
