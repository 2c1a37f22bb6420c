/* bench_replay: how much does replay add on top of parsing?
 *
 * Loads a history from an ORDER list (default: lemmy's), then measures in
 * the same process and run:
 *   parse   libpg_query's parse (pg_query_parse_protobuf + unpack) of every
 *           upgrade section, nothing else;
 *   replay  sqlc's parse plus replay of the same sections into a fresh
 *           catalog;
 * each as the best of R rounds, and prints both and their ratio.  The goal
 * (issue: replay adds at most 30% over parsing) is read off the ratio; no
 * threshold is asserted, since timings are not tests. */
#include "bench.h"
#include "history.h"
#include "replay.h"

#include <stdio.h>
#include <string.h>

static double parse_and_replay(const revgraph *g, size_t *nstmts)
{
    double t0 = bench_now();
    catalog *cat = catalog_new();
    diaglist dl = DIAGLIST_INIT;
    replayer rp;
    replay_opts o = {0};
    replayer_init(&rp, cat, &dl, o);
    if (replay_graph(&rp, g, NULL) < 0) {
        diag_print(&dl, stderr);
        fprintf(stderr, "bench: replay failed\n");
        exit(1);
    }
    *nstmts = rp.nstmts;
    catalog_free(cat);
    diag_clear(&dl);
    return bench_now() - t0;
}

int main(int argc, char **argv)
{
    const char *list = argc > 1 ? argv[1] : "../shared/corpora/lemmy/ORDER.list";
    int rounds = argc > 2 ? atoi(argv[2]) : 7;
    revgraph g = {0};
    diaglist dl = DIAGLIST_INIT;
    if (history_load_list(list, &g, &dl) < 0) {
        diag_print(&dl, stderr);
        return 2;
    }
    size_t bytes = 0, nstmts = 0;
    for (size_t i = 0; i < g.n; i++)
        bytes += g.revs[i]->upgrade.len;
    double best_parse = 1e9, best_replay = 1e9;
    for (int r = 0; r < rounds; r++) {
        double p = bench_parse_only(&g), q = parse_and_replay(&g, &nstmts);
        if (p < best_parse)
            best_parse = p;
        if (q < best_replay)
            best_replay = q;
    }
    printf("history: %s (%zu files, %zu bytes, %zu statements), best of %d rounds\n", list, g.n, bytes, nstmts, rounds);
    printf("  libpg_query parse only:  %8.2f ms\n", best_parse * 1e3);
    printf("  sqlc parse + replay:     %8.2f ms\n", best_replay * 1e3);
    printf("  ratio replay/parse:      %8.2f  (goal: <= 1.30)\n", best_replay / best_parse);
    graph_release(&g);
    diag_clear(&dl);
    return 0;
}
