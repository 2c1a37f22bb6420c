/* bench: shared timing and the parse-only reference.  See bench.h. */
#include "bench.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

double bench_parse_only(const revgraph *g)
{
    double t0 = bench_now();
    for (size_t i = 0; i < g->n; i++) {
        const revision *r = g->revs[g->topo[i]];
        char *text = xstrndup(r->src.text + r->upgrade.off, r->upgrade.len);
        PgQueryProtobufParseResult pr = pg_query_parse_protobuf(text);
        if (!pr.error) {
            PgQuery__ParseResult *u = pg_query__parse_result__unpack(NULL, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
            pg_query__parse_result__free_unpacked(u, NULL);
        }
        pg_query_free_protobuf_parse_result(pr);
        free(text);
    }
    return bench_now() - t0;
}
