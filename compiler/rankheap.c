/* rankheap: see rankheap.h. */
#include "rankheap.h"

#include <assert.h>

void rankheap_push(rankheap *h, int x)
{
    size_t i = h->n++;
    h->v[i] = x;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h->rank[h->v[p]] <= h->rank[h->v[i]])
            break;
        int t = h->v[p];
        h->v[p] = h->v[i];
        h->v[i] = t;
        i = p;
    }
}

int rankheap_pop(rankheap *h)
{
    assert(h->n > 0);
    int top = h->v[0];
    h->v[0] = h->v[--h->n];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h->rank[h->v[l]] < h->rank[h->v[m]])
            m = l;
        if (r < h->n && h->rank[h->v[r]] < h->rank[h->v[m]])
            m = r;
        if (m == i)
            break;
        int t = h->v[m];
        h->v[m] = h->v[i];
        h->v[i] = t;
        i = m;
    }
    return top;
}
