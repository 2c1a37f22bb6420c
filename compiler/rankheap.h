/* rankheap: a min-heap of indices, keyed by a rank per index.
 *
 * The deterministic topological sorts (the revision graph, introspection's
 * statement graph) are Kahn's algorithm where, among the ready nodes, the
 * one with the smallest precomputed rank goes next.  Ranks are distinct,
 * so the order never depends on insertion order.  The caller owns v (room
 * for every index) and rank. */
#ifndef SQLC_RANKHEAP_H
#define SQLC_RANKHEAP_H

#include <stddef.h>

typedef struct rankheap {
    int *v;
    size_t n;
    const int *rank;
} rankheap;

void rankheap_push(rankheap *h, int x);
/* Removes and returns the index of smallest rank; h must not be empty. */
int rankheap_pop(rankheap *h);

#endif
