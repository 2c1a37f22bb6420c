/* The diff's round-trip invariant on real histories: for every pair of
 * consecutive revisions A, B of each corpus in ../shared/corpora (lemmy,
 * ssoready, harbor, temporal), applying diff(A, B) to A gives B, and
 * applying diff(B, A) to B gives A, as the diff itself sees it (a second
 * diff is empty).  Schemas travel as sqlc's printed SQL, loaded through
 * the dump reader, which is exactly how `sqlc diff --from dump:` reads
 * them.  States a history cannot describe offline (a table made by
 * CREATE TABLE AS has no column types until it is dropped) are skipped and
 * counted.  The same check against a real server, on a sample, is
 * tests/scripts/diff_roundtrip.sh.  Skips when the corpora are absent. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog_sql.h"
#include "diff.h"
#include "dumpread.h"
#include "history.h"

static catalog *load(const char *sql, size_t len)
{
    catalog *c = catalog_new();
    diaglist dl = DIAGLIST_INIT;
    int rc = dump_load_text("<schema>", xstrndup(sql, len), len, c, &dl, (replay_opts){0});
    if (rc < 0 || dl.nerrors) {
        catalog_free(c);
        c = NULL;
    }
    diag_clear(&dl);
    return c;
}

static char *print(catalog *c)
{
    strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    if (catalog_materialize(c, &err) < 0 || catalog_to_sql(c, NULL, &out, &err) < 0) {
        sb_release(&out);
        sb_release(&err);
        return NULL;
    }
    sb_release(&err);
    return sb_detach(&out);
}

/* Returns 0 when from + diff(from, to) diffs empty against to.  `to`
 * is only read by the diff, so one load of it serves both diffs. */
static int one_way(const char *from, const char *to, const char *what, strbuf *report)
{
    catalog *a = load(from, strlen(from)), *b = load(to, strlen(to)), *z = NULL;
    if (!a || !b) {
        catalog_free(a);
        catalog_free(b);
        return 1; /* not describable offline: skipped */
    }
    changeset cs = {0};
    strbuf err = STRBUF_INIT, sql = STRBUF_INIT;
    int rc = -1;
    diff_opts o = {0};
    if (diff_catalogs(a, b, &o, &cs, &err) < 0) {
        sb_addf(report, "%s: diff failed: %s\n", what, err.buf);
        goto done;
    }
    sb_adds(&sql, from);
    sb_addc(&sql, '\n');
    diff_print_sql(&cs, NULL, &sql);
    changeset_release(&cs);
    z = load(sql.buf, sql.len);
    if (!z) {
        sb_addf(report, "%s: the generated SQL does not replay onto the schema\n", what);
        goto done;
    }
    if (diff_catalogs(z, b, &o, &cs, &err) < 0)
        sb_addf(report, "%s: second diff failed: %s\n", what, err.buf);
    else if (cs.n)
        sb_addf(report, "%s: %zu changes left, first: %c %s %s\n", what, cs.n, cs.v[0]->op,
                cs.v[0]->kind, cs.v[0]->object);
    else
        rc = 0;
done:
    changeset_release(&cs);
    catalog_free(a);
    catalog_free(b);
    catalog_free(z);
    sb_release(&err);
    sb_release(&sql);
    return rc;
}

typedef struct tally {
    size_t pairs, skipped, failed;
} tally;

static void corpus(const char *list, tally *t, strbuf *report)
{
    const char *env = getenv("SQLC_TEST_SAMPLE");
    int sample = env && atoi(env) > 1 ? atoi(env) : 1;
    revgraph g = {0};
    diaglist dl = DIAGLIST_INIT;
    if (history_load_list(list, &g, &dl) < 0) {
        diag_print(&dl, stderr);
        fail_msg("cannot load %s", list);
    }
    catalog *cur = catalog_new();
    replayer rp;
    replayer_init(&rp, cur, &dl, (replay_opts){0});
    if (g.prelude)
        replay_text(&rp, g.prelude, 0, g.prelude->len);
    char *prev = print(cur);
    for (size_t i = 0; i < g.n; i++) {
        const revision *r = g.revs[g.topo[i]];
        if (replay_text(&rp, &r->src, r->upgrade.off, r->upgrade.len) < 0) {
            diag_print(&dl, stderr);
            fail_msg("%s does not replay", r->message);
        }
        char *now = print(cur);
        /* Under the sanitizers (ten times slower) every SAMPLE-th pair. */
        bool sampled = i % (size_t)sample == 0;
        if (!prev || !now) {
            t->skipped++;
        } else if (sampled) {
            char *what = xasprintf("%s (forward)", r->message);
            int f = one_way(prev, now, what, report);
            free(what);
            if (f > 0) {
                t->skipped++;
            } else {
                what = xasprintf("%s (reverse)", r->message);
                t->failed += (f < 0) + (one_way(now, prev, what, report) < 0);
                free(what);
                t->pairs++;
            }
        }
        free(prev);
        prev = now;
    }
    free(prev);
    catalog_free(cur);
    diag_clear(&dl);
    graph_release(&g);
}

static const char *corpora_dir(void)
{
    const char *shared = getenv("SHARED");
    static char path[4096];
    char rel[4096];
    snprintf(rel, sizeof(rel), "%s/corpora", shared ? shared : "../shared");
    /* Absolute: the harbor list written to /tmp names files by it. */
    return realpath(rel, path) ? path : NULL;
}

static void run_list(const char *rel)
{
    const char *dir = corpora_dir();
    if (!dir) {
        printf("no ../shared/corpora (test data kept outside the project): diff round trip on real histories not checked\n");
        skip();
    }
    char *list = xasprintf("%s/%s", dir, rel);
    if (access(list, R_OK) != 0) {
        printf("no %s: skipped\n", list);
        free(list);
        skip();
    }
    tally t = {0};
    strbuf report = STRBUF_INIT;
    corpus(list, &t, &report);
    printf("%s: %zu consecutive pairs round-tripped both ways, %zu states skipped (not describable offline), %zu failures\n",
           rel, t.pairs, t.skipped, t.failed);
    if (t.failed)
        fail_msg("%s", report.buf);
    assert_true(t.pairs > 0);
    sb_release(&report);
    free(list);
}

static void test_lemmy(void **state) { (void)state; run_list("lemmy/ORDER.list"); }
static void test_ssoready(void **state) { (void)state; run_list("ssoready/ORDER.list"); }
static void test_temporal(void **state) { (void)state; run_list("temporal/ORDER.temporal.list"); }
static void test_visibility(void **state) { (void)state; run_list("temporal/ORDER.visibility.list"); }

/* harbor's list starts with golang-migrate's own table, which its first
 * migration expects; it is a line of the list, not a file. */
static void test_harbor(void **state)
{
    (void)state;
    const char *dir = corpora_dir();
    if (!dir)
        skip();
    char tmpl[] = "/tmp/sqlc-harbor-XXXXXX";
    char *tmp = mkdtemp(tmpl);
    assert_non_null(tmp);
    char *pre = xasprintf("%s/schema_migrations.sql", tmp), *list = xasprintf("%s/harbor.list", tmp);
    FILE *f = fopen(pre, "w");
    fputs("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);\n", f);
    fclose(f);
    char *src = xasprintf("%s/harbor/ORDER.list", dir);
    strbuf text = STRBUF_INIT, err = STRBUF_INIT;
    assert_int_equal(read_file(src, &text, &err), 0);
    f = fopen(list, "w");
    fprintf(f, "%s\n", pre);
    const char *nl = strchr(text.buf, '\n');
    for (const char *p = nl ? nl + 1 : ""; *p;) {
        size_t n = strcspn(p, "\n");
        if (n)
            fprintf(f, "%s/harbor/%.*s\n", dir, (int)n, p);
        p += n + (p[n] == '\n');
    }
    fclose(f);
    tally t = {0};
    strbuf report = STRBUF_INIT;
    corpus(list, &t, &report);
    printf("harbor: %zu consecutive pairs round-tripped both ways, %zu states skipped, %zu failures\n",
           t.pairs, t.skipped, t.failed);
    unlink(pre);
    unlink(list);
    rmdir(tmp);
    if (t.failed)
        fail_msg("%s", report.buf);
    assert_true(t.pairs > 0);
    free(pre);
    free(list);
    free(src);
    sb_release(&text);
    sb_release(&err);
    sb_release(&report);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ssoready),
        cmocka_unit_test(test_harbor),
        cmocka_unit_test(test_temporal),
        cmocka_unit_test(test_visibility),
        cmocka_unit_test(test_lemmy),
    };
    return cmocka_run_group_tests_name("diff_corpora", tests, NULL, NULL);
}
