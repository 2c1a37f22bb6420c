/* util: allocation, error reporting, whole-file I/O and string vectors.
 * See util.h for the contracts. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("sqlc: fatal: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fputs("sqlc: fatal: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("sqlc: fatal: out of memory\n", stderr);
        abort();
    }
    return q;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    return sb_detach(&sb);
}

static void report(const char *prefix, const char *fmt, va_list ap)
{
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, prefix);
    sb_vaddf(&sb, fmt, ap);
    sb_addc(&sb, '\n');
    fflush(stdout);
    fputs(sb.buf, stderr);
    sb_release(&sb);
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report("sqlc: error: ", fmt, ap);
    va_end(ap);
    exit(2);
}

int error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report("sqlc: error: ", fmt, ap);
    va_end(ap);
    return -1;
}

void warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report("sqlc: warning: ", fmt, ap);
    va_end(ap);
}

int read_file(const char *path, strbuf *out, strbuf *err)
{
    /* O_NONBLOCK: opening a FIFO that has no writer would block forever
     * (a FIFO left in a versions folder hung `sqlc check`).  Non-blocking,
     * open returns at once; blocking reads are restored below, so a pipe
     * with a writer (--from-dump <(pg_dump ...)) still streams, and one
     * without reads as empty. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        sb_addf(err, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
        sb_addf(err, "cannot stat %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        sb_addf(err, "cannot read %s: it is a directory", path);
        close(fd);
        return -1;
    }
    if (S_ISREG(st.st_mode) && (size_t)st.st_size > SQLC_MAX_FILE_BYTES) {
        sb_addf(err, "%s is %.1f MiB, over the %zu MiB limit for one file",
                path, (double)st.st_size / (1 << 20), SQLC_MAX_FILE_BYTES >> 20);
        close(fd);
        return -1;
    }
    sb_reset(out);
    /* A regular file's size is known: one buffer that fits it and a spare
     * byte to see the end (a 64 KiB guess per file would make every small
     * revision file its own mmap). */
    sb_grow(out, S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536);
    for (;;) {
        if (out->alloc - out->len < 2)
            sb_grow(out, 65536);
        ssize_t n = read(fd, out->buf + out->len, out->alloc - out->len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            sb_addf(err, "cannot read %s: %s", path, strerror(errno));
            close(fd);
            return -1;
        }
        if (n == 0)
            break;
        out->len += (size_t)n;
        out->buf[out->len] = '\0';
        if (out->len > SQLC_MAX_FILE_BYTES) {
            sb_addf(err, "%s is over the %zu MiB limit for one file", path,
                    SQLC_MAX_FILE_BYTES >> 20);
            close(fd);
            return -1;
        }
    }
    close(fd);
    sb_grow(out, 0); /* make sure buf exists and is terminated */
    out->buf[out->len] = '\0';
    return 0;
}

/* The folder path's file goes in: what O_TMPFILE opens. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

/* Gives the nameless file open on fd the name to, or fails with errno
 * (EEXIST when to exists: link(2) never replaces). */
static int link_tmpfile(int fd, const char *to)
{
    char proc[64];
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    return linkat(AT_FDCWD, proc, AT_FDCWD, to, AT_SYMLINK_FOLLOW);
}

/* Every message names path, the file the user asked for, never the temp
 * file (whose name holds a PID and means nothing to the reader).
 *
 * The data goes first into a file with no name (O_TMPFILE), which gets one
 * only once it is complete and on disk: a write error, a full disk or a
 * kill -9 at any moment before that leaves nothing in the folder.  Where
 * the filesystem cannot make nameless files (or /proc is absent, which
 * linking one needs), the temp file is PATH.tmp.PID, removed on every
 * error path; only a kill -9 mid-write can leave it behind, never a
 * half-written PATH. */
int write_file_atomic(const char *path, const char *data, size_t len,
                      bool exclusive, strbuf *err)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    char *dir = dir_of(path);
    bool nameless = access("/proc/self/fd", X_OK) == 0;
    int fd = nameless ? open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644) : -1;
    bool named_tmp = false; /* tmp exists on disk and must go on failure */
    bool named_path = false; /* path was created here (exclusive) */
    if (fd < 0) {
        nameless = false;
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            sb_addf(err, "cannot create %s: %s", path, strerror(errno));
            goto fail;
        }
        named_tmp = true;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            sb_addf(err, "cannot write %s: %s", path, n < 0 ? strerror(errno) : "no progress");
            goto fail;
        }
        off += (size_t)n;
    }
    if (fsync(fd) < 0) {
        sb_addf(err, "cannot write %s: %s", path, strerror(errno));
        goto fail;
    }
    if (nameless) {
        /* Exclusive: the final name at once, atomically refused if it
         * exists.  Replacing: a temp name first, renamed below. */
        if (link_tmpfile(fd, exclusive ? path : tmp) < 0) {
            sb_addf(err, "cannot create %s: %s", path, strerror(errno));
            goto fail;
        }
        if (exclusive)
            named_path = true;
        else
            named_tmp = true;
    }
    int crc = close(fd);
    fd = -1;
    if (crc < 0) {
        sb_addf(err, "cannot write %s: %s", path, strerror(errno));
        goto fail;
    }
    if (exclusive && !nameless) {
        /* link(2) fails with EEXIST instead of replacing: no race with a
         * concurrent writer of the same name. */
        if (link(tmp, path) < 0) {
            sb_addf(err, "cannot create %s: %s", path, strerror(errno));
            goto fail;
        }
        unlink(tmp);
    } else if (!exclusive && rename(tmp, path) < 0) {
        sb_addf(err, "cannot replace %s: %s", path, strerror(errno));
        goto fail;
    }
    free(dir);
    free(tmp);
    return 0;
fail:
    if (fd >= 0)
        close(fd);
    if (named_tmp)
        unlink(tmp);
    if (named_path)
        unlink(path);
    free(dir);
    free(tmp);
    return -1;
}

bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_special_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode);
}

bool path_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

char *path_join(const char *dir, const char *name)
{
    if (!*dir || !strcmp(dir, "."))
        return xstrdup(name);
    size_t n = strlen(dir);
    return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

void strvec_push_nodup(strvec *sv, char *s)
{
    ALLOC_GROW(sv->v, sv->n + 2, sv->alloc);
    sv->v[sv->n++] = s;
    sv->v[sv->n] = NULL;
}

void strvec_push(strvec *sv, const char *s) { strvec_push_nodup(sv, xstrdup(s)); }

void strvec_clear(strvec *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->alloc = 0;
}

bool strvec_has(const strvec *sv, const char *s)
{
    for (size_t i = 0; i < sv->n; i++)
        if (!strcmp(sv->v[i], s))
            return true;
    return false;
}

void strvec_split_commas(strvec *sv, const char *s)
{
    const char *p = s;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *item = str_trim(xstrndup(p, n));
        if (*item)
            strvec_push(sv, item);
        free(item);
        p += n;
        if (*p == ',')
            p++;
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void strvec_sort(strvec *sv)
{
    if (sv->n > 1)
        qsort(sv->v, sv->n, sizeof(char *), cmp_str);
}

bool str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *str_trim(char *s)
{
    char *p = s;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' ||
                 p[n - 1] == '\n'))
        n--;
    memmove(s, p, n);
    s[n] = '\0';
    return s;
}
