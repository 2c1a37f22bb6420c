/* parallel: run fn(i) for i in [0, n) on a few threads.
 *
 * For independent work over many small items, like loading 1,000 revision
 * files (mostly system calls: open, stat, read).  Items are claimed one at
 * a time from a shared counter, so uneven items balance; the caller's
 * thread works too, and below min_n items (or on one core) everything runs
 * inline, in order.  fn must touch only item i's own state. */
#ifndef SQLC_PARALLEL_H
#define SQLC_PARALLEL_H

#include <stddef.h>

void parallel_for(size_t n, size_t min_n, void (*fn)(size_t i, void *ctx), void *ctx);

#endif
