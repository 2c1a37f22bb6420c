/* revgraph: building, checking and walking the revision graph.
 *
 * The checks run in an order where each one can trust the previous: ids are
 * made unique first (duplicates reported and dropped), then edges are
 * resolved (missing targets reported and dropped), then Kahn's algorithm
 * orders the nodes; whatever it cannot order lies on or behind a cycle, and a
 * depth-first walk among those nodes names one cycle exactly. */
#include "revgraph.h"

#include <assert.h>
#include <string.h>

#include "rankheap.h"

void graph_add(revgraph *g, revision *r)
{
    ALLOC_GROW(g->revs, g->n + 1, g->alloc);
    g->revs[g->n++] = r;
}

static int cmp_rev_id(const void *a, const void *b)
{
    const revision *x = *(revision *const *)a, *y = *(revision *const *)b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return strcmp(x->src.path ? x->src.path : "", y->src.path ? y->src.path : "");
}

int graph_find(const revgraph *g, const char *id)
{
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(g->revs[mid]->id, id);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int graph_prefix(const revgraph *g, const char *prefix, size_t *count)
{
    size_t plen = strlen(prefix);
    size_t lo = 0, hi = g->n;
    while (lo < hi) { /* first id >= prefix */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->revs[mid]->id, prefix) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < g->n && !strncmp(g->revs[end]->id, prefix, plen))
        end++;
    *count = end - lo;
    return (int)lo;
}

int graph_find_label(const revgraph *g, const char *label)
{
    for (size_t i = 0; i < g->n; i++)
        if (strvec_has(&g->revs[i]->branch_labels, label))
            return (int)i;
    return -1;
}

size_t graph_nparents(const revgraph *g, int ix) { return g->revs[ix]->parents.n; }
size_t graph_ndeps(const revgraph *g, int ix) { return g->revs[ix]->depends_on.n; }
bool graph_is_head(const revgraph *g, int ix) { return g->revs[ix]->nchildren == 0; }

/* Drops revisions whose id repeats an earlier one, reporting each pair. */
static void dedupe_ids(revgraph *g, diaglist *dl)
{
    if (g->n)
        qsort(g->revs, g->n, sizeof(revision *), cmp_rev_id);
    size_t w = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (w && !strcmp(g->revs[w - 1]->id, g->revs[i]->id)) {
            revision *keep = g->revs[w - 1], *dup = g->revs[i];
            diag_add(dl, DIAG_ERROR, &dup->src, dup->header_off,
                     "duplicate revision id %s (also in %s)", dup->id, keep->src.path);
            revision_free(dup);
            continue;
        }
        g->revs[w++] = g->revs[i];
    }
    g->n = w;
}

/* Resolves a list of ids to indices; reports and drops the missing. */
static int *resolve_edges(revgraph *g, revision *r, strvec *ids, size_t off,
                          const char *what, diaglist *dl)
{
    int *ix = xcalloc(ids->n ? ids->n : 1, sizeof(int));
    size_t w = 0;
    for (size_t i = 0; i < ids->n; i++) {
        int t = graph_find(g, ids->v[i]);
        if (t < 0) {
            diag_add(dl, DIAG_ERROR, &r->src, off,
                     "%s %s of revision %s does not exist", what, ids->v[i], r->id);
            free(ids->v[i]);
            continue;
        }
        ids->v[w] = ids->v[i];
        ix[w++] = t;
    }
    ids->n = w;
    if (ids->v)
        ids->v[w] = NULL;
    return ix;
}

static void check_labels(revgraph *g, diaglist *dl)
{
    for (size_t i = 0; i < g->n; i++) {
        revision *r = g->revs[i];
        for (size_t k = 0; k < r->branch_labels.n; k++) {
            const char *lab = r->branch_labels.v[k];
            if (graph_find(g, lab) >= 0)
                diag_add(dl, DIAG_ERROR, &r->src, r->labels_off,
                         "branch label '%s' is also a revision id", lab);
            for (size_t j = 0; j < i; j++) {
                if (strvec_has(&g->revs[j]->branch_labels, lab)) {
                    diag_add(dl, DIAG_ERROR, &r->src, r->labels_off,
                             "branch label '%s' is claimed by revisions %s (%s) and %s (%s)",
                             lab, g->revs[j]->id, g->revs[j]->src.path, r->id, r->src.path);
                    break;
                }
            }
        }
    }
}

/* Order rank: (created, id).  A revision without a timestamp sorts by id
 * among the others, after those that have one. */
static int cmp_rank(const void *a, const void *b, void *ctx)
{
    const revgraph *g = ctx;
    const revision *x = g->revs[*(const int *)a], *y = g->revs[*(const int *)b];
    int c;
    if (x->created && y->created)
        c = strcmp(x->created, y->created);
    else
        c = (x->created ? 0 : 1) - (y->created ? 0 : 1);
    return c ? c : strcmp(x->id, y->id);
}

static int *order_ranks(revgraph *g)
{
    int *byrank = xmalloc(g->n * sizeof(int) + 1);
    for (size_t i = 0; i < g->n; i++)
        byrank[i] = (int)i;
    qsort_r(byrank, g->n, sizeof(int), cmp_rank, g);
    int *rank = xmalloc(g->n * sizeof(int) + 1);
    for (size_t i = 0; i < g->n; i++)
        rank[byrank[i]] = (int)i;
    free(byrank);
    return rank;
}

/* Finds and reports one cycle among the unordered nodes (indeg > 0). */
static void report_cycle(revgraph *g, const int *indeg, diaglist *dl)
{
    /* Walk backwards along parent/dependency edges staying inside the
     * unordered set; in a finite set the walk must revisit a node. */
    int *seen_at = xmalloc(g->n * sizeof(int));
    int *path = xmalloc((g->n + 1) * sizeof(int));
    for (size_t i = 0; i < g->n; i++)
        seen_at[i] = -1;
    int cur = -1;
    for (size_t i = 0; i < g->n; i++)
        if (indeg[i] > 0) {
            cur = (int)i;
            break;
        }
    assert(cur >= 0);
    size_t len = 0;
    while (seen_at[cur] < 0) {
        seen_at[cur] = (int)len;
        path[len++] = cur;
        revision *r = g->revs[cur];
        int next = -1;
        for (size_t k = 0; k < r->parents.n && next < 0; k++)
            if (indeg[r->parent_ix[k]] > 0)
                next = r->parent_ix[k];
        for (size_t k = 0; k < r->depends_on.n && next < 0; k++)
            if (indeg[r->dep_ix[k]] > 0)
                next = r->dep_ix[k];
        assert(next >= 0);
        cur = next;
    }
    strbuf sb = STRBUF_INIT;
    /* path[seen_at[cur]..len) is the cycle, child to parent; print it
     * parent to child, the way history reads. */
    for (size_t i = len; i-- > (size_t)seen_at[cur];)
        sb_addf(&sb, "%s -> ", g->revs[path[i]]->id);
    sb_adds(&sb, g->revs[path[len - 1]]->id);
    for (size_t i = (size_t)seen_at[cur]; i < len; i++) {
        revision *r = g->revs[path[i]];
        diag_add(dl, DIAG_ERROR, &r->src, r->parents_off,
                 "revision %s is on a cycle: %s", r->id, sb_str(&sb));
    }
    sb_release(&sb);
    free(seen_at);
    free(path);
}

static int order_graph(revgraph *g, diaglist *dl)
{
    int *indeg = xcalloc(g->n + 1, sizeof(int));
    /* Out-edges for the walk: children via parents, and dependents. */
    size_t *nout = xcalloc(g->n + 1, sizeof(size_t));
    for (size_t i = 0; i < g->n; i++) {
        revision *r = g->revs[i];
        indeg[i] = (int)(r->parents.n + r->depends_on.n);
        for (size_t k = 0; k < r->depends_on.n; k++)
            nout[r->dep_ix[k]]++;
    }
    int **dependents = xcalloc(g->n + 1, sizeof(int *));
    for (size_t i = 0; i < g->n; i++) {
        dependents[i] = xcalloc(nout[i] + 1, sizeof(int));
        nout[i] = 0;
    }
    for (size_t i = 0; i < g->n; i++) {
        revision *r = g->revs[i];
        for (size_t k = 0; k < r->depends_on.n; k++)
            dependents[r->dep_ix[k]][nout[r->dep_ix[k]]++] = (int)i;
    }
    int *rank = order_ranks(g);
    rankheap h = {xmalloc(g->n * sizeof(int) + 1), 0, rank};
    for (size_t i = 0; i < g->n; i++)
        if (indeg[i] == 0)
            rankheap_push(&h, (int)i);
    g->topo = xmalloc(g->n * sizeof(int) + 1);
    size_t done = 0;
    while (h.n) {
        int x = rankheap_pop(&h);
        g->topo[done++] = x;
        revision *r = g->revs[x];
        for (size_t k = 0; k < r->nchildren; k++)
            if (--indeg[r->child_ix[k]] == 0)
                rankheap_push(&h, r->child_ix[k]);
        for (size_t k = 0; k < nout[x]; k++)
            if (--indeg[dependents[x][k]] == 0)
                rankheap_push(&h, dependents[x][k]);
    }
    int rc = 0;
    if (done < g->n) {
        report_cycle(g, indeg, dl);
        rc = -1;
    }
    for (size_t i = 0; i < g->n; i++)
        free(dependents[i]);
    free(dependents);
    free(nout);
    free(h.v);
    free(rank);
    free(indeg);
    return rc;
}

int graph_build(revgraph *g, diaglist *dl)
{
    size_t nerr0 = dl->nerrors;
    dedupe_ids(g, dl);
    for (size_t i = 0; i < g->n; i++) {
        revision *r = g->revs[i];
        r->parent_ix = resolve_edges(g, r, &r->parents, r->parents_off, "parent", dl);
        r->dep_ix = resolve_edges(g, r, &r->depends_on, r->depends_off, "depends-on revision", dl);
    }
    for (size_t i = 0; i < g->n; i++) {
        revision *r = g->revs[i];
        for (size_t k = 0; k < r->parents.n; k++) {
            revision *p = g->revs[r->parent_ix[k]];
            ALLOC_GROW(p->child_ix, p->nchildren + 1, p->children_alloc);
            p->child_ix[p->nchildren++] = (int)i;
        }
    }
    check_labels(g, dl);
    if (order_graph(g, dl) < 0 || dl->nerrors != nerr0)
        return -1;

    g->topo_pos = xmalloc(g->n * sizeof(int) + 1);
    for (size_t i = 0; i < g->n; i++)
        g->topo_pos[g->topo[i]] = (int)i;
    g->heads = xmalloc(g->n * sizeof(int) + 1);
    g->bases = xmalloc(g->n * sizeof(int) + 1);
    for (size_t i = 0; i < g->n; i++) {
        int x = g->topo[i];
        if (g->revs[x]->nchildren == 0)
            g->heads[g->nheads++] = x;
        if (g->revs[x]->parents.n == 0)
            g->bases[g->nbases++] = x;
    }
    /* Children in topo order, so walks print deterministically. */
    for (size_t i = 0; i < g->n; i++) {
        revision *r = g->revs[i];
        for (size_t a = 1; a < r->nchildren; a++) {
            int t = r->child_ix[a];
            size_t b = a;
            while (b > 0 && g->topo_pos[r->child_ix[b - 1]] > g->topo_pos[t]) {
                r->child_ix[b] = r->child_ix[b - 1];
                b--;
            }
            r->child_ix[b] = t;
        }
    }
    return 0;
}

void graph_release(revgraph *g)
{
    for (size_t i = 0; i < g->n; i++)
        revision_free(g->revs[i]);
    free(g->revs);
    free(g->topo);
    free(g->topo_pos);
    free(g->heads);
    free(g->bases);
    if (g->prelude) {
        srcfile_release(g->prelude);
        free(g->prelude);
    }
    memset(g, 0, sizeof(*g));
}

static void mark_walk(const revgraph *g, int ix, bool deps, bool up, bool *mark)
{
    int *stack = xmalloc((g->n + 1) * sizeof(int));
    size_t sp = 0;
    if (!mark[ix]) {
        mark[ix] = true;
        stack[sp++] = ix;
    }
    while (sp) {
        revision *r = g->revs[stack[--sp]];
        size_t n = up ? r->parents.n : r->nchildren;
        const int *next = up ? r->parent_ix : r->child_ix;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t k = 0; k < n; k++) {
                if (!mark[next[k]]) {
                    mark[next[k]] = true;
                    stack[sp++] = next[k];
                }
            }
            if (!(up && deps))
                break;
            n = r->depends_on.n;
            next = r->dep_ix;
        }
    }
    free(stack);
}

void graph_mark_ancestors(const revgraph *g, int ix, bool deps, bool *mark)
{
    mark_walk(g, ix, deps, true, mark);
}

void graph_mark_descendants(const revgraph *g, int ix, bool *mark)
{
    mark_walk(g, ix, false, false, mark);
}

bool graph_is_ancestor(const revgraph *g, int a, int b)
{
    if (a == b)
        return true;
    if (g->topo_pos && g->topo_pos[a] > g->topo_pos[b])
        return false;
    bool *mark = xcalloc(g->n, sizeof(bool));
    graph_mark_ancestors(g, b, false, mark);
    bool r = mark[a];
    free(mark);
    return r;
}
