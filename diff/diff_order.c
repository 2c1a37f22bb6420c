/* diff_order: the change list as a graph, sorted.
 *
 * Edges come from the two catalogs' dependency pointers, the way
 * pg_dump_sort.c orders a dump:
 *   - a change that makes object y (create, or alter, on the "to" side)
 *     comes after whatever change makes each object y needs there: its
 *     dependencies, its parent, and `needs`;
 *   - a change that removes or alters x (on the "from" side) comes before
 *     the drop of each object x needs there (a view goes before the
 *     column it reads, a column's old type goes after the column changed),
 *     and a drop comes before an alteration of what it reads (a view goes
 *     before ALTER COLUMN TYPE under it);
 *   - a rebuilt object's drop comes before its create;
 *   - changes of one object keep the order they were made in (enum
 *     values added one after another).
 * Ties are broken by phase (drops, alterations, creates, comments), then a
 * per-kind priority (schemas before types before tables ..., reversed for
 * drops), then the object's name, then creation order: the same input
 * always gives the same script. */
#include "diff_int.h"
#include "rankheap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int create_rank(const cat_obj *o)
{
    switch (o->kind) {
    case OBJ_SCHEMA: return 0;
    case OBJ_EXTENSION: return 1;
    case OBJ_TYPE: return 2;
    case OBJ_FUNCTION: return 4;
    case OBJ_COLUMN: return 8;
    case OBJ_CONSTRAINT: return ((const cat_constraint *)o)->type == CON_FOREIGN ? 13 : 10;
    case OBJ_INDEX: return 11;
    case OBJ_TRIGGER: return 14;
    case OBJ_POLICY: return 15;
    case OBJ_REL:
        switch (((const cat_rel *)o)->relkind) {
        case 'S': return 5;
        case 'v': return 12;
        case 'm': return 12;
        default: return 6;
        }
    }
    return 20;
}

static size_t lookup(const hashmap *m, const cat_obj *o)
{
    char key[32];
    snprintf(key, sizeof(key), "%p", (const void *)o);
    return (size_t)hm_get(m, key); /* index + 1, or 0 */
}

static void edge(change *to, size_t from_ix)
{
    for (size_t i = 0; i < to->nafter; i++)
        if (to->after[i] == from_ix)
            return;
    ALLOC_GROW(to->after, to->nafter + 1, to->after_alloc);
    to->after[to->nafter++] = from_ix;
}

/* The change that produces o on the "to" side: o's own create or
 * alteration, or its owner's create (a column of a created table). */
static size_t producer(const dctx *d, const cat_obj *o)
{
    for (const cat_obj *p = o; p; p = p->parent) {
        size_t j = lookup(&d->created, p);
        if (j)
            return j;
        if (p->kind == OBJ_SCHEMA || p->kind == OBJ_TYPE || p->kind == OBJ_FUNCTION)
            break;
    }
    size_t j = lookup(&d->altered_b, o);
    if (j && d->cs->v[j - 1]->phase != PH_COMMENT && !d->cs->v[j - 1]->finishing)
        return j;
    /* Objects inside a schema need the schema. */
    if (o->kind == OBJ_REL || o->kind == OBJ_TYPE || o->kind == OBJ_FUNCTION) {
        const cat_schema *s = o->kind == OBJ_REL ? ((const cat_rel *)o)->schema
                            : o->kind == OBJ_TYPE ? ((const cat_type *)o)->schema
                            : ((const cat_func *)o)->schema;
        return lookup(&d->created, &s->obj);
    }
    return 0;
}

/* The change that removes (or alters) o on the "from" side. */
static size_t remover(const dctx *d, const cat_obj *o, bool *is_drop)
{
    for (const cat_obj *p = o; p; p = p->parent) {
        size_t j = lookup(&d->dropped, p);
        if (j) {
            *is_drop = true;
            return j;
        }
        if (p == o && (j = lookup(&d->altered_a, p)) && d->cs->v[j - 1]->phase != PH_COMMENT) {
            *is_drop = false;
            return j;
        }
    }
    return 0;
}

static void need_on_b(dctx *d, size_t i, const cat_obj *o, bool skip_defaults)
{
    change *c = d->cs->v[i];
    for (size_t k = 0; k < o->ndeps; k++) {
        if (skip_defaults && o->deps[k].how == DEP_DEFAULT)
            continue; /* that default is its own change, after the sequence */
        size_t j = producer(d, o->deps[k].target);
        if (j && j - 1 != i)
            edge(c, j - 1);
    }
    if (o->parent) {
        size_t j = producer(d, o->parent);
        if (j && j - 1 != i)
            edge(c, j - 1);
    }
    size_t j;
    if (o->kind == OBJ_REL && ((const cat_rel *)o)->owned_by && !c->split_owner) {
        /* OWNED BY needs the column to exist; a change of that column
         * (its type, its default on this sequence) does not matter. */
        j = producer(d, &((const cat_rel *)o)->owned_by->obj);
        if (j && j - 1 != i && d->cs->v[j - 1]->op == CH_CREATE)
            edge(c, j - 1);
    }
}

static void release_target(dctx *d, size_t i, const cat_obj *target, bool drops_only)
{
    change *c = d->cs->v[i];
    bool drop = false;
    size_t j = remover(d, target, &drop);
    if (drops_only && !drop)
        return;
    /* What is dropped goes after what reads it; an altered column goes
     * after the drops of what reads it (ALTER COLUMN TYPE refuses to run
     * under a view), but other alterations (a sequence changing owner)
     * need nothing gone first. */
    if (j && j - 1 != i
        && (drop || (c->op == CH_DROP && (target->kind == OBJ_COLUMN || target->kind == OBJ_TYPE))))
        edge(d->cs->v[j - 1], i); /* this change first */
}

static void release_on_a(dctx *d, size_t i, const cat_obj *o)
{
    for (size_t k = 0; k < o->ndeps; k++)
        release_target(d, i, o->deps[k].target, false);
    /* A sequence must leave a table before the table is dropped, or the
     * drop takes the sequence with it. */
    if (o->kind == OBJ_REL && ((const cat_rel *)o)->owned_by)
        release_target(d, i, &((const cat_rel *)o)->owned_by->obj, true);
}

static void add_edges(dctx *d)
{
    hashmap last = HASHMAP_INIT;
    for (size_t i = 0; i < d->cs->n; i++) {
        change *c = d->cs->v[i];
        if (c->b) {
            need_on_b(d, i, c->b, false);
            if (c->op == CH_CREATE && c->b->kind == OBJ_REL) {
                const cat_rel *r = (const cat_rel *)c->b;
                for (size_t k = 0; k < r->ncols; k++)
                    need_on_b(d, i, &r->cols[k]->obj, sqlp_default_separate(&d->pb, r, r->cols[k]));
                for (size_t k = 0; k < r->ncons; k++)
                    if (r->cons[k]->type == CON_CHECK && sqlp_check_inline(&d->pb, r, r->cons[k]))
                        need_on_b(d, i, &r->cons[k]->obj, false);
            }
            cat_obj *twin = diff_counterpart(d, c->b, false);
            size_t j = twin ? lookup(&d->dropped, twin) : 0;
            if (c->op == CH_CREATE && j)
                edge(c, j - 1);
        }
        if (c->op == CH_DROP && c->a->parent) {
            /* A part dropped on its own goes before its owner. */
            size_t j = lookup(&d->dropped, c->a->parent);
            if (j && j - 1 != i)
                edge(d->cs->v[j - 1], i);
        }
        if (c->needs) {
            size_t j = producer(d, c->needs);
            if (j && j - 1 != i)
                edge(c, j - 1);
        }
        if (c->a) {
            release_on_a(d, i, c->a);
            if (c->op == CH_DROP && c->a->kind == OBJ_REL) {
                /* Dropping a table releases what all its parts read. */
                const cat_rel *r = (const cat_rel *)c->a;
                for (size_t k = 0; k < r->ncols; k++)
                    release_on_a(d, i, &r->cols[k]->obj);
                for (size_t k = 0; k < r->ncons; k++)
                    if (!lookup(&d->dropped, &r->cons[k]->obj))
                        release_on_a(d, i, &r->cons[k]->obj); /* else dropped on its own */
                for (size_t k = 0; k < r->nidx; k++)
                    release_on_a(d, i, &r->idx[k]->obj);
                for (size_t k = 0; k < r->ntrig; k++)
                    release_on_a(d, i, &r->trig[k]->obj);
                for (size_t k = 0; k < r->npol; k++)
                    release_on_a(d, i, &r->pol[k]->obj);
            }
        }
        /* Changes of one object stay in the order they were made. */
        const cat_obj *o = c->b ? c->b : c->a;
        if (!o)
            continue;
        char key[32];
        snprintf(key, sizeof(key), "%p", (const void *)o);
        size_t prev = (size_t)hm_get(&last, key);
        if (prev && c->op == CH_ALTER && d->cs->v[prev - 1]->op == CH_ALTER)
            edge(c, prev - 1);
        hm_put(&last, key, (void *)(i + 1));
    }
    hm_clear(&last);
}

/* ---- the sort ---------------------------------------------------------------------------- */

static int cmp_change(const change *x, const change *y, size_t xi, size_t yi)
{
    if (x->phase != y->phase)
        return x->phase - y->phase;
    if (x->prio != y->prio)
        return x->prio - y->prio;
    int c = strcmp(x->sortkey, y->sortkey);
    if (c)
        return c;
    return xi < yi ? -1 : xi > yi;
}

/* qsort over change indices by the tie-break, to rank them once. */
static const change *const *sort_cs;

static int cmp_ix(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return cmp_change(sort_cs[a], sort_cs[b], a, b);
}

int diff_order(dctx *d, strbuf *err)
{
    changeset *cs = d->cs;
    size_t n = cs->n;
    for (size_t i = 0; i < n; i++) {
        change *c = cs->v[i];
        if (c->op == CH_RENAME) {
            /* Renames run first, in the order they were found (a table
             * before the columns found inside it). */
            c->prio = -1;
            c->sortkey = xasprintf("%08zu", i);
            continue;
        }
        const cat_obj *o = c->b ? c->b : c->a;
        int rank = create_rank(o);
        c->prio = c->op == CH_DROP ? 100 - rank : rank;
        c->sortkey = xstrdup(c->object);
    }
    add_edges(d);
    size_t *indeg = xcalloc(n + 1, sizeof(size_t));
    size_t **out = xcalloc(n + 1, sizeof(size_t *));
    size_t *nout = xcalloc(n + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < cs->v[i]->nafter; k++) {
            size_t j = cs->v[i]->after[k];
            out[j] = xrealloc(out[j], (nout[j] + 1) * sizeof(size_t));
            out[j][nout[j]++] = i;
            indeg[i]++;
        }
    /* Ranks from the tie-break, computed once, feed the shared heap. */
    size_t *byrank = xcalloc(n + 1, sizeof(size_t));
    int *rank = xcalloc(n + 1, sizeof(int));
    for (size_t i = 0; i < n; i++)
        byrank[i] = i;
    sort_cs = (const change *const *)cs->v;
    qsort(byrank, n, sizeof(size_t), cmp_ix);
    for (size_t r = 0; r < n; r++)
        rank[byrank[r]] = (int)r;
    free(byrank);
    rankheap h = {xcalloc(n + 1, sizeof(int)), 0, rank};
    for (size_t i = 0; i < n; i++)
        if (!indeg[i])
            rankheap_push(&h, (int)i);
    change **sorted = xcalloc(n + 1, sizeof(change *));
    size_t done = 0;
    while (h.n) {
        size_t i = (size_t)rankheap_pop(&h);
        sorted[done++] = cs->v[i];
        for (size_t k = 0; k < nout[i]; k++)
            if (--indeg[out[i][k]] == 0)
                rankheap_push(&h, (int)out[i][k]);
    }
    int rc = 0;
    if (getenv("SQLC_DEBUG_DIFF"))
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < cs->v[i]->nafter; k++)
                fprintf(stderr, "edge: %c%s %s -> %c%s %s\n", cs->v[cs->v[i]->after[k]]->op, cs->v[cs->v[i]->after[k]]->kind,
                        cs->v[cs->v[i]->after[k]]->object, cs->v[i]->op, cs->v[i]->kind, cs->v[i]->object);
    if (done < n) {
        sb_adds(err, "the changes depend on each other in a cycle:");
        for (size_t i = 0; i < n; i++)
            if (indeg[i])
                sb_addf(err, " %c%s %s;", cs->v[i]->op, cs->v[i]->kind, cs->v[i]->object);
        rc = -1;
        free(sorted);
    } else {
        free(cs->v);
        cs->v = sorted;
        cs->alloc = n + 1;
    }
    for (size_t i = 0; i < n; i++)
        free(out[i]);
    free(out);
    free(nout);
    free(indeg);
    free(h.v);
    free(rank);
    return rc;
}
