/* parallel: a minimal parallel for; see parallel.h.  At most 4 threads:
 * the work it is for is bound by system calls and memory, not cores. */
#include "parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_THREADS 4

typedef struct pf {
    size_t n, next;
    void (*fn)(size_t i, void *ctx);
    void *ctx;
} pf;

static void *run(void *arg)
{
    pf *p = arg;
    for (size_t i; (i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->n;)
        p->fn(i, p->ctx);
    return NULL;
}

void parallel_for(size_t n, size_t min_n, void (*fn)(size_t i, void *ctx), void *ctx)
{
    pf p = {n, 0, fn, ctx};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t extra = n >= min_n && cores > 1 ? (size_t)cores - 1 : 0;
    const char *env = getenv("SQLC_PARSE_THREADS");
    if (env && *env && (size_t)atoi(env) < extra)
        extra = (size_t)atoi(env);
    if (extra > MAX_THREADS - 1)
        extra = MAX_THREADS - 1;
    pthread_t t[MAX_THREADS];
    size_t started = 0;
    for (size_t k = 0; k < extra; k++)
        if (pthread_create(&t[started], NULL, run, &p) == 0)
            started++;
    run(&p);
    for (size_t k = 0; k < started; k++)
        pthread_join(t[k], NULL);
}
