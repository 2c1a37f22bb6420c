/* parsepool: sections parsed on worker threads, ahead of a sequential
 * consumer.  See parsepool.h.
 *
 * One mutex guards the hand-out counter and the done flags; a condition
 * variable wakes the consumer.  Requests are claimed strictly in order, so
 * the workers run ahead of the consumer by as much as they can; there is
 * no bound, since a parsed section of a migration is small and each is
 * freed as soon as it has been replayed. */
#include "parsepool.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_WORKERS 4

typedef struct job {
    parsed_sql ps;
    diaglist dl;
    int rc;
    bool done, taken;
} job;

struct parsepool {
    const parse_req *reqs;
    job *jobs;
    size_t n, next;
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t threads[MAX_WORKERS];
    size_t nthreads;
    parsed_sql *trash;      /* taken results handed back, to free */
    size_t ntrash, trash_alloc;
};

static void run_job(parsepool *p, size_t i)
{
    job *j = &p->jobs[i];
    const parse_req *r = &p->reqs[i];
    parsed_sql ps = {0};
    diaglist dl = DIAGLIST_INIT;
    int rc = r->present ? sql_parse(r->f, r->off, r->len, &ps, &dl) : 0;
    pthread_mutex_lock(&p->mu);
    j->ps = ps;
    j->dl = dl;
    j->rc = rc;
    j->done = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Claims the next request, or returns n when there is none (or a stop). */
static size_t claim(parsepool *p)
{
    pthread_mutex_lock(&p->mu);
    size_t i = p->stop ? p->n : p->next;
    if (i < p->n)
        p->next++;
    pthread_mutex_unlock(&p->mu);
    return i;
}

/* Frees handed-back results until the pool stops. */
static void empty_trash(parsepool *p)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->ntrash && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        if (!p->ntrash)
            break;
        parsed_sql ps = p->trash[--p->ntrash];
        pthread_mutex_unlock(&p->mu);
        parsed_sql_release(&ps);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
    parsepool *p = arg;
    for (size_t i; (i = claim(p)) < p->n;)
        run_job(p, i);
    empty_trash(p);
    return NULL;
}

parsepool *parsepool_start(const parse_req *reqs, size_t n)
{
    parsepool *p = xcalloc(1, sizeof(*p));
    p->reqs = reqs;
    p->n = n;
    p->jobs = xcalloc(n + 1, sizeof(job));
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    /* The consumer keeps one core; small ranges are not worth a thread. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t want = cores > 1 ? (size_t)cores - 1 : 0;
    if (want > MAX_WORKERS)
        want = MAX_WORKERS;
    if (n < 8)
        want = 0;
    /* SQLC_PARSE_THREADS=N overrides (0: parse inline), for measuring. */
    const char *env = getenv("SQLC_PARSE_THREADS");
    if (env && *env)
        want = (size_t)atoi(env) > MAX_WORKERS ? MAX_WORKERS : (size_t)atoi(env);
    for (size_t k = 0; k < want; k++)
        if (pthread_create(&p->threads[p->nthreads], NULL, worker, p) == 0)
            p->nthreads++;
    return p;
}

int parsepool_take(parsepool *p, size_t i, parsed_sql *out, diaglist *dl)
{
    /* Parse inline whatever no worker has claimed yet, up to i. */
    for (;;) {
        pthread_mutex_lock(&p->mu);
        bool claimed = p->next > i;
        pthread_mutex_unlock(&p->mu);
        if (claimed)
            break;
        size_t k = claim(p);
        if (k >= p->n)
            break;
        run_job(p, k);
    }
    pthread_mutex_lock(&p->mu);
    while (!p->jobs[i].done)
        pthread_cond_wait(&p->cv, &p->mu);
    job *j = &p->jobs[i];
    j->taken = true;
    pthread_mutex_unlock(&p->mu);
    *out = j->ps;
    memset(&j->ps, 0, sizeof(j->ps));
    diag_move(dl, &j->dl);
    diag_clear(&j->dl);
    return j->rc;
}

void parsepool_release(parsepool *p, parsed_sql *ps)
{
    if (!p->nthreads) {
        parsed_sql_release(ps);
        return;
    }
    pthread_mutex_lock(&p->mu);
    ALLOC_GROW(p->trash, p->ntrash + 1, p->trash_alloc);
    p->trash[p->ntrash++] = *ps;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    memset(ps, 0, sizeof(*ps));
}

void parsepool_finish(parsepool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (size_t k = 0; k < p->nthreads; k++)
        pthread_join(p->threads[k], NULL);
    for (size_t i = 0; i < p->n; i++) {
        if (p->jobs[i].done && !p->jobs[i].taken) {
            parsed_sql_release(&p->jobs[i].ps);
            diag_clear(&p->jobs[i].dl);
        }
    }
    for (size_t i = 0; i < p->ntrash; i++)
        parsed_sql_release(&p->trash[i]);
    free(p->trash);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->jobs);
    free(p);
}
