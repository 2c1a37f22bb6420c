/* failwrite: an LD_PRELOAD shim that makes file writes fail on demand, for
 * tests/scripts/nothing_lost.sh.
 *
 * Only writes to regular files count (never the terminal, pipes or fds
 * 0-2), so a command's messages still come out.  Set in the environment:
 *
 *   SQLC_FAIL_AFTER=N    the first N bytes written to regular files go
 *                        through (a write crossing N is cut short there);
 *                        after that a write fails (SQLC_FAIL_MODE=enospc,
 *                        the default: a full disk) or the process is
 *                        killed with SIGKILL on the spot (SQLC_FAIL_MODE=
 *                        kill: a crash mid-write, nothing can clean up);
 *   SQLC_FAIL_CALL=NAME[,NAME]  fsync, rename, link or linkat fails with EIO;
 *                        "tmpfile": open(O_TMPFILE) fails with EOPNOTSUPP,
 *                        as on a filesystem without it;
 *   SQLC_PROBE_TMPFILE=DIR  only reports, by exit status (0 yes, 1 no),
 *                        whether DIR's filesystem makes O_TMPFILE files,
 *                        then exits before main (run it with /bin/true).
 *
 * The real functions are found with dlsym(RTLD_NEXT), so the shim also
 * sits correctly in front of AddressSanitizer's interceptors (the ASan
 * suite runs it with verify_asan_link_order=0). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long long written; /* bytes that went to regular files */

static bool counts(int fd)
{
    struct stat st;
    return fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* SQLC_FAIL_CALL is a comma-separated list of names. */
static bool call_fails(const char *name)
{
    const char *c = getenv("SQLC_FAIL_CALL");
    size_t n = strlen(name);
    while (c && *c) {
        size_t len = strcspn(c, ",");
        if (len == n && !strncmp(c, name, n))
            return true;
        c += len + (c[len] == ',');
    }
    return false;
}

/* SQLC_FAIL_CALL=tmpfile: O_TMPFILE is refused as by a filesystem without
 * it, so sqlc takes its named-temp-file path.  (sqlc calls open, not
 * open64: on x86-64 glibc they are one function under two names.) */
int open(const char *path, int flags, ...)
{
    static int (*real)(const char *, int, ...);
    if (!real)
        real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    if ((flags & O_TMPFILE) == O_TMPFILE && call_fails("tmpfile")) {
        errno = EOPNOTSUPP;
        return -1;
    }
    return real(path, flags, mode);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    const char *after = getenv("SQLC_FAIL_AFTER");
    if (!after || !counts(fd))
        return real(fd, buf, n);
    long long limit = atoll(after);
    if (written >= limit) {
        const char *mode = getenv("SQLC_FAIL_MODE");
        if (mode && !strcmp(mode, "kill"))
            raise(SIGKILL);
        errno = ENOSPC;
        return -1;
    }
    if ((long long)n > limit - written)
        n = (size_t)(limit - written);
    ssize_t r = real(fd, buf, n);
    if (r > 0)
        written += r;
    return r;
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (call_fails("fsync") && counts(fd)) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

/* rename and link: the real call, unless SQLC_FAIL_CALL names it. */
static int two_paths(const char *name, const char *from, const char *to)
{
    int (*real)(const char *, const char *) = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, name);
    if (call_fails(name)) {
        errno = EIO;
        return -1;
    }
    return real(from, to);
}

int rename(const char *from, const char *to) { return two_paths("rename", from, to); }
int link(const char *from, const char *to) { return two_paths("link", from, to); }

int linkat(int fromdir, const char *from, int todir, const char *to, int flags)
{
    static int (*real)(int, const char *, int, const char *, int);
    if (!real)
        real = (int (*)(int, const char *, int, const char *, int))dlsym(RTLD_NEXT, "linkat");
    if (call_fails("linkat")) {
        errno = EIO;
        return -1;
    }
    return real(fromdir, from, todir, to, flags);
}

__attribute__((constructor)) static void probe(void)
{
    const char *dir = getenv("SQLC_PROBE_TMPFILE");
    if (!dir)
        return;
    int fd = open(dir, O_TMPFILE | O_WRONLY, 0600);
    _exit(fd >= 0 ? 0 : 1);
}
