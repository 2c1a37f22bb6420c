/* bench_bundle: where does the time of a bundle go?
 *
 *   bench_bundle VERSIONS_DIR [ROUNDS]
 *
 * Loads a sqlc history, then measures in one process, each as the best of
 * ROUNDS runs:
 *   load    history_load (read every file, parse headers, build the graph);
 *   parse   libpg_query's parse (pg_query_parse_protobuf + unpack) of every
 *           upgrade section, nothing else: the floor any tool that reads
 *           SQL with PostgreSQL's parser pays;
 *   bundle  bundle_resolve + bundle_build for base:heads (parse once,
 *           replay check, print).
 * bench_bundle.sh adds the whole-process time and the Alembic comparison.
 * Timings are printed, never asserted. */
#include "bundle.h"
#include "bench.h"
#include "history.h"
#include "sqlparse.h"

#include <stdio.h>
#include <string.h>

static double bundle_once(const revgraph *g, const char *dir, size_t *bytes)
{
    double t0 = bench_now();
    bundle_range r;
    strbuf err = STRBUF_INIT, out = STRBUF_INIT;
    diaglist dl = DIAGLIST_INIT;
    if (bundle_resolve(g, "base:heads", BUNDLE_UPGRADE, &r, &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.buf);
        exit(1);
    }
    bundle_opts o = {0};
    o.psql = true;
    o.spec = "base:heads";
    o.tool_version = SQLC_VERSION;
    o.versions_dir = dir;
    if (bundle_build(g, &r, &o, &out, &dl) < 0) {
        diag_print(&dl, stderr);
        fprintf(stderr, "bench: bundle failed\n");
        exit(1);
    }
    *bytes = out.len;
    bundle_range_release(&r);
    diag_clear(&dl);
    sb_release(&err);
    sb_release(&out);
    return bench_now() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_bundle VERSIONS_DIR [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 7;
    double best_load = 1e9, best_parse = 1e9, best_bundle = 1e9;
    size_t n = 0, bytes = 0;
    for (int k = 0; k < rounds; k++) {
        revgraph g = {0};
        diaglist dl = DIAGLIST_INIT;
        double t0 = bench_now();
        if (history_load(argv[1], HISTORY_SQLC, &g, &dl) < 0) {
            diag_print(&dl, stderr);
            return 2;
        }
        double t = bench_now() - t0;
        if (t < best_load)
            best_load = t;
        n = g.n;
        t = bench_parse_only(&g);
        if (t < best_parse)
            best_parse = t;
        t = bundle_once(&g, argv[1], &bytes);
        if (t < best_bundle)
            best_bundle = t;
        graph_release(&g);
        diag_clear(&dl);
    }
    printf("  in-process, best of %d, %zu revisions:\n", rounds, n);
    printf("    load the history (read, headers, graph)  %7.1f ms\n", best_load * 1e3);
    printf("    libpg_query parse alone (upgrades)       %7.1f ms\n", best_parse * 1e3);
    printf("    bundle (parse once, replay, print)       %7.1f ms  (%zu bytes; %.1fx the parse alone)\n",
           best_bundle * 1e3, bytes, best_bundle / best_parse);
    return 0;
}
