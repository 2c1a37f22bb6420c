/* introspect_order: the statements of an introspected database as a
 * dependency graph, and one deterministic order for them.
 *
 * Design, after pg_dump's pg_dump_sort.c: a node is one printable unit (a
 * CREATE TABLE with its columns and inline CHECKs, a column default, a
 * foreign key, ...).  Its edges come from two places: structural ones the
 * node makers add (a default needs its table, an ATTACH PARTITION needs
 * both tables), and pg_depend's normal dependencies, mapped from (class
 * oid, object oid) to the node that prints the object; a dependency on an
 * extension's member (citext, gin_trgm_ops) is a dependency on the
 * extension.  The order is Kahn's algorithm with a heap: among the nodes
 * whose dependencies are all printed, the smallest (kind, key) goes next,
 * the kind order being pg_dump's priorities, so the output is identical on
 * every run and reads like a dump.
 *
 * Cycles: printing every default as its own ALTER ... SET DEFAULT removes
 * the classic one (serial sequence OWNED BY the table whose default reads
 * it): the sequence comes first, its OWNED BY after the table.  A CHECK or
 * a default printed inside CREATE TABLE that calls a function taking the
 * table's row type closes another; when the sort stalls, such CHECKs and
 * defaults are split out into ALTER TABLE statements and the sort redone.
 * Any cycle left (a view and a function that need each other, which only
 * pg_dump's view-as-table trick could print) is broken at its smallest
 * node with a warning: replay then reports what is missing. */
#include "introspect_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "rankheap.h"

int isp_node_add(isp *s, isp_kind kind, int row, const char *schema, const char *name, const char *sub)
{
    ALLOC_GROW(s->nodes, s->nnodes + 1, s->nodes_alloc);
    isp_node *n = &s->nodes[s->nnodes];
    memset(n, 0, sizeof(*n));
    n->kind = kind;
    n->row = row;
    n->nstruct = -1;
    n->key = xasprintf("%s\x1f%s\x1f%s", schema ? schema : "", name ? name : "", sub ? sub : "");
    return (int)s->nnodes++;
}

void isp_dep_add(isp *s, int node, int target)
{
    assert(node >= 0 && (size_t)node < s->nnodes && target >= 0 && (size_t)target < s->nnodes);
    if (node == target)
        return;
    isp_node *n = &s->nodes[node];
    for (size_t i = 0; i < n->ndeps; i++)
        if (n->deps[i] == target)
            return;
    ALLOC_GROW(n->deps, n->ndeps + 1, n->deps_alloc);
    n->deps[n->ndeps++] = target;
}

void isp_obj_map(isp *s, unsigned cls, unsigned oid, int node)
{
    ikey k;
    if (oid)
        hm_put(&s->objs, isp_key(&k, 2, cls, oid, 0), (void *)(intptr_t)(node + 1));
}

int isp_obj_node(const isp *s, unsigned cls, unsigned oid)
{
    ikey k;
    return isp_map_row(&s->objs, isp_key(&k, 2, cls, oid, 0));
}

void isp_deps_from_pg_depend(isp *s)
{
    /* Structural edges were all added before the first call; later calls
     * recompute only pg_depend's part. */
    for (size_t i = 0; i < s->nnodes; i++) {
        isp_node *n = &s->nodes[i];
        if (n->nstruct < 0)
            n->nstruct = (long)n->ndeps;
        else
            n->ndeps = (size_t)n->nstruct;
    }
    int rows = isp_rows(s, Q_DEP);
    if (!s->members.n) {
        for (int r = 0; r < rows; r++) {
            if (isp_val(s, Q_DEP, r, DEP_TYPE)[0] != 'e')
                continue;
            int ext = isp_obj_node(s, CLS_PG_EXTENSION, isp_oid(s, Q_DEP, r, DEP_REFOBJ));
            if (ext < 0)
                continue;
            ikey k;
            isp_key(&k, 2, isp_oid(s, Q_DEP, r, DEP_CLASS), isp_oid(s, Q_DEP, r, DEP_OBJ), 0);
            hm_put(&s->members, k.s, (void *)(intptr_t)(ext + 1));
        }
    }
    for (int r = 0; r < rows; r++) {
        if (isp_val(s, Q_DEP, r, DEP_TYPE)[0] != 'n')
            continue;
        int a = isp_obj_node(s, isp_oid(s, Q_DEP, r, DEP_CLASS), isp_oid(s, Q_DEP, r, DEP_OBJ));
        if (a < 0)
            continue;
        unsigned rc = isp_oid(s, Q_DEP, r, DEP_REFCLASS), ro = isp_oid(s, Q_DEP, r, DEP_REFOBJ);
        int b = isp_obj_node(s, rc, ro);
        ikey k;
        if (b < 0)
            b = isp_map_row(&s->members, isp_key(&k, 2, rc, ro, 0));
        if (b >= 0)
            isp_dep_add(s, a, b);
    }
}

/* ---- the sort ----------------------------------------------------------------- */

static int node_cmp(const void *a, const void *b, void *ctx)
{
    const isp *s = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    const isp_node *x = &s->nodes[i], *y = &s->nodes[j];
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return i < j ? -1 : i > j;
}

/* rank[i]: node i's place in (kind, key) order. */
static int *node_ranks(isp *s)
{
    size_t n = s->nnodes;
    int *by = xmalloc((n + 1) * sizeof(int)), *rank = xmalloc((n + 1) * sizeof(int));
    for (size_t i = 0; i < n; i++)
        by[i] = (int)i;
    qsort_r(by, n, sizeof(int), node_cmp, s);
    for (size_t i = 0; i < n; i++)
        rank[by[i]] = (int)i;
    free(by);
    return rank;
}

/* One Kahn pass.  Returns the number of nodes ordered; when it is short of
 * nnodes, waiting[] marks the rest.  With force, a stall is broken at the
 * smallest waiting node instead (reported in dl). */
static size_t kahn(isp *s, int *order, bool *waiting, bool force, diaglist *dl)
{
    size_t n = s->nnodes;
    int *indeg = xcalloc(n + 1, sizeof(int));
    /* Reverse edges in one flat array (CSR): who waits for node i. */
    size_t *start = xcalloc(n + 2, sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < s->nodes[i].ndeps; k++)
            start[s->nodes[i].deps[k] + 1]++;
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    int *rev = xmalloc((start[n] + 1) * sizeof(int));
    size_t *fill = xcalloc(n + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        indeg[i] = (int)s->nodes[i].ndeps;
        for (size_t k = 0; k < s->nodes[i].ndeps; k++) {
            int t = s->nodes[i].deps[k];
            rev[start[t] + fill[t]++] = (int)i;
        }
    }
    int *rank = node_ranks(s);
    rankheap h = {xmalloc((n + 1) * sizeof(int)), 0, rank};
    for (size_t i = 0; i < n; i++) {
        waiting[i] = true;
        if (!indeg[i])
            rankheap_push(&h, (int)i);
    }
    size_t done = 0;
    while (done < n) {
        if (!h.n) {
            if (!force)
                break;
            int pick = -1;
            for (size_t i = 0; i < n; i++)
                if (waiting[i] && (pick < 0 || rank[i] < rank[pick]))
                    pick = (int)i;
            const char *key = s->nodes[pick].key;
            strbuf what = STRBUF_INIT;
            for (const char *p = key; *p; p++)
                sb_addc(&what, *p == '\x1f' ? (p[1] && p[1] != '\x1f' ? '.' : ' ') : *p);
            diag_add_path(dl, DIAG_WARNING, s->o->source ? s->o->source : "db",
                          "dependency cycle: %s printed before what it depends on", str_trim(what.buf));
            sb_release(&what);
            indeg[pick] = 0;
            rankheap_push(&h, pick);
        }
        int x = rankheap_pop(&h);
        if (!waiting[x])
            continue; /* pushed twice: forced, then freed by a dependency */
        waiting[x] = false;
        order[done++] = x;
        for (size_t k = start[x]; k < start[x + 1]; k++)
            if (--indeg[rev[k]] == 0 && waiting[rev[k]])
                rankheap_push(&h, rev[k]);
    }
    free(h.v);
    free(rank);
    free(fill);
    free(rev);
    free(start);
    free(indeg);
    return done;
}

int *isp_order(isp *s, diaglist *dl)
{
    int *order = xmalloc((s->nnodes + 1) * sizeof(int));
    bool *waiting = xcalloc(s->nnodes + 1, sizeof(bool));
    while (kahn(s, order, waiting, false, dl) < s->nnodes) {
        size_t before = s->nnodes;
        if (!isp_split_inline(s, waiting)) {
            kahn(s, order, waiting, true, dl);
            break;
        }
        isp_deps_from_pg_depend(s);
        if (s->nnodes != before) {
            order = xrealloc(order, (s->nnodes + 1) * sizeof(int));
            waiting = xrealloc(waiting, (s->nnodes + 1) * sizeof(bool));
        }
    }
    free(waiting);
    return order;
}
