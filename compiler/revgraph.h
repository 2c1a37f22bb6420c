/* revgraph: the revision graph and the questions asked of it.
 *
 * Revisions are nodes; "parents" are the edges that shape history (heads,
 * branches, merges); "depends-on" edges only constrain order, as in Alembic.
 * graph_build() checks the graph whole and reports *every* problem it finds
 * (duplicate ids, missing parents or dependencies, cycles, a branch label
 * claimed twice) so that `sqlc check` can list them all at once.
 *
 * After a successful build:
 *   - revs[] is sorted by id, so exact lookup and prefix lookup are binary
 *     searches, and revision indices are stable for the graph's lifetime;
 *   - topo[] lists every revision with all its parents and dependencies
 *     before it; ties are broken by (created, id), so the order is the same on
 *     every machine and, for hand-written histories, chronological. */
#ifndef SQLC_REVGRAPH_H
#define SQLC_REVGRAPH_H

#include "revfile.h"

typedef struct revgraph {
    revision **revs; /* sorted by id after graph_build */
    size_t n, alloc;
    int *topo;       /* n indices, ancestors first */
    int *topo_pos;   /* inverse of topo */
    int *heads;      /* revisions nothing names as parent, in topo order */
    size_t nheads;
    int *bases;      /* revisions with no parents, in topo order */
    size_t nbases;
    srcfile *prelude; /* SQL that runs before the first revision (the
                         history tool's own table), or NULL */
} revgraph;

/* Adds a revision (the graph takes ownership). */
void graph_add(revgraph *g, revision *r);
/* Links and checks the graph.  Returns 0, or -1 with diagnostics added; on
 * -1 only graph_release() may be called. */
int graph_build(revgraph *g, diaglist *dl);
void graph_release(revgraph *g);

/* Index of the revision with exactly this id, or -1. */
int graph_find(const revgraph *g, const char *id);
/* Revisions whose id starts with prefix: returns the first index and sets
 * *count (the matches are contiguous because revs[] is sorted). */
int graph_prefix(const revgraph *g, const char *prefix, size_t *count);
/* Index of the revision carrying this branch label, or -1. */
int graph_find_label(const revgraph *g, const char *label);

/* Sets mark[i] for ix and each of its ancestors.  With deps, depends-on
 * edges are followed too (what must be applied before ix). */
void graph_mark_ancestors(const revgraph *g, int ix, bool deps, bool *mark);
void graph_mark_descendants(const revgraph *g, int ix, bool *mark);
/* True when a is b or one of b's ancestors (parents only). */
bool graph_is_ancestor(const revgraph *g, int a, int b);
size_t graph_nparents(const revgraph *g, int ix);
size_t graph_ndeps(const revgraph *g, int ix);
bool graph_is_head(const revgraph *g, int ix);

#endif
