/* Unit tests for what bundles are made of: checksums and sqlc.sum, the
 * detection of statements that cannot run in a transaction, the version
 * table's head updates, and range resolution on a graph with a branch and
 * a merge. */
#include "helpers.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "history.h"
#include "checksum.h"
#include "notx.h"
#include "version_table.h"

static void test_checksum_normalises(void **state)
{
    (void)state;
    const char *lf = "a\nb\n", *crlf = "a\r\nb\r\n", *bom = "\xEF\xBB\xBF" "a\r\nb\n";
    uint64_t h = checksum_text(lf, strlen(lf));
    assert_true(h == checksum_text(crlf, strlen(crlf)));
    assert_true(h == checksum_text(bom, strlen(bom)));
    /* A lone CR is content; so is a BOM anywhere but the start. */
    assert_false(h == checksum_text("a\rb\n", 4));
    assert_false(h == checksum_text("a\n\xEF\xBB\xBF" "b\n", 7));
    char hex[17];
    checksum_hex(0xabcULL, hex);
    assert_string_equal(hex, "0000000000000abc");
    /* The chain depends on order. */
    uint64_t c1 = checksum_chain(checksum_chain(0, "a", 1), "b", 2);
    uint64_t c2 = checksum_chain(checksum_chain(0, "b", 2), "a", 1);
    assert_false(c1 == c2);
}

static void test_sum_roundtrip(void **state)
{
    (void)state;
    revgraph g, g2;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a\nb a\nc b", &dl), 0);
    char *text = sum_render(&g);
    srcfile f;
    srcfile_init(&f, "sqlc.sum", text, strlen(text));
    assert_int_equal(sum_verify(&g, &f, &dl), 0);
    assert_int_equal(dl.nerrors, 0);
    /* One more revision: named as missing from the file. */
    assert_int_equal(tg_build(&g2, "a\nb a\nc b\nd c", &dl), 0);
    assert_int_equal(sum_verify(&g2, &f, &dl), -1);
    assert_int_equal(dl.nerrors, 1);
    assert_non_null(strstr(dl.items[0].msg, "revision d00000000000"));
    assert_non_null(strstr(dl.items[0].msg, "is not in it"));
    srcfile_release(&f);
    graph_release(&g);
    graph_release(&g2);
    diag_clear(&dl);
}

static const char *reason_of(const char *sql)
{
    static char out[128];
    srcfile f;
    srcfile_init(&f, "t.sql", xstrdup(sql), strlen(sql));
    diaglist dl = DIAGLIST_INIT;
    parsed_sql ps;
    assert_int_equal(sql_parse(&f, 0, f.len, &ps, &dl), 0);
    const char *r = notx_reason(ps.stmts[0].node);
    snprintf(out, sizeof(out), "%s", r ? r : "-");
    parsed_sql_release(&ps);
    srcfile_release(&f);
    return out;
}

static void test_notx_reasons(void **state)
{
    (void)state;
    assert_string_equal(reason_of("CREATE INDEX CONCURRENTLY i ON t (a)"), "CREATE INDEX CONCURRENTLY");
    assert_string_equal(reason_of("CREATE INDEX i ON t (a)"), "-");
    assert_string_equal(reason_of("DROP INDEX CONCURRENTLY IF EXISTS i"), "DROP INDEX CONCURRENTLY");
    assert_string_equal(reason_of("REINDEX TABLE CONCURRENTLY t"), "REINDEX CONCURRENTLY");
    assert_string_equal(reason_of("REINDEX (CONCURRENTLY) INDEX i"), "REINDEX CONCURRENTLY");
    assert_string_equal(reason_of("REINDEX TABLE t"), "-");
    assert_string_equal(reason_of("REINDEX DATABASE d"), "REINDEX DATABASE");
    assert_string_equal(reason_of("VACUUM (ANALYZE) t"), "VACUUM");
    assert_string_equal(reason_of("ANALYZE t"), "-");
    assert_string_equal(reason_of("CREATE DATABASE d"), "CREATE DATABASE");
    assert_string_equal(reason_of("DROP DATABASE d"), "DROP DATABASE");
    assert_string_equal(reason_of("ALTER SYSTEM SET work_mem = '1MB'"), "ALTER SYSTEM");
    assert_string_equal(reason_of("ALTER TABLE p DETACH PARTITION c CONCURRENTLY"), "ALTER TABLE ... DETACH PARTITION CONCURRENTLY");
    assert_string_equal(reason_of("ALTER TABLE p DETACH PARTITION c"), "-");
    assert_string_equal(reason_of("COMMIT"), "transaction control (COMMIT)");
    assert_string_equal(reason_of("SAVEPOINT s"), "-");
    assert_string_equal(reason_of("REFRESH MATERIALIZED VIEW CONCURRENTLY v"), "-");
    assert_string_equal(reason_of("ALTER TYPE mood ADD VALUE 'x'"), "-");
}

static void test_notx_labels(void **state)
{
    (void)state;
    const char *sql = "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' AFTER 'sad';\n"
                      "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';\n"
                      "CREATE VIEW v AS SELECT * FROM t WHERE m = 'happy';\n"
                      "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'happy' $$;\n";
    srcfile f;
    srcfile_init(&f, "t.sql", xstrdup(sql), strlen(sql));
    diaglist dl = DIAGLIST_INIT;
    parsed_sql ps;
    assert_int_equal(sql_parse(&f, 0, f.len, &ps, &dl), 0);
    assert_string_equal(notx_added_label(ps.stmts[0].node), "happy");
    assert_null(notx_added_label(ps.stmts[1].node));
    strvec labels = STRVEC_INIT;
    strvec_push(&labels, "other");
    strvec_push(&labels, "happy");
    assert_int_equal(notx_uses_label(ps.stmts[2].node, &labels), 1);
    /* A function body is a string, not a use: it is not run here. */
    assert_int_equal(notx_uses_label(ps.stmts[3].node, &labels), -1);
    strvec_clear(&labels);
    parsed_sql_release(&ps);
    srcfile_release(&f);
}

static void test_version_table_sql(void **state)
{
    (void)state;
    vtable vt;
    vt_init(&vt, "public", "sqlc_version");
    strvec a = STRVEC_INIT, b = STRVEC_INIT, none = STRVEC_INIT;
    strbuf sb = STRBUF_INIT;
    strvec_push(&a, "a");
    strvec_push(&b, "b");
    vt_change(&vt, &a, &b, false, &sb);
    assert_string_equal(sb.buf, "UPDATE public.sqlc_version SET version_id = 'b' WHERE version_id = 'a';\n");
    sb_reset(&sb);
    strvec_push(&a, "c");
    vt_change(&vt, &a, &b, true, &sb);
    assert_string_equal(sb.buf, "DELETE FROM public.sqlc_version WHERE version_id IN ('a', 'c');\n"
                                "INSERT INTO public.sqlc_version (version_id, dirty) VALUES ('b', true);\n");
    sb_reset(&sb);
    vt_change(&vt, &none, &a, false, &sb);
    assert_string_equal(sb.buf, "INSERT INTO public.sqlc_version (version_id) VALUES ('a'), ('c');\n");
    sb_reset(&sb);
    vt_change(&vt, &b, &none, false, &sb);
    assert_string_equal(sb.buf, "DELETE FROM public.sqlc_version WHERE version_id = 'b';\n");
    sb_reset(&sb);
    sql_literal(&sb, "it's");
    assert_string_equal(sb.buf, "'it''s'");
    vt_release(&vt);
    vt_init(&vt, "Ops", "user");
    assert_string_equal(vt.qtable, "\"Ops\".\"user\"");
    assert_string_equal(vt.qhistory, "\"Ops\".user_history");
    vt_release(&vt);
    strvec_clear(&a);
    strvec_clear(&b);
    sb_release(&sb);
}

/* "UP|DOWN steps... | start rows | end rows", or "error: ...". */
static char *resolve(const revgraph *g, const char *spec, bundle_dir dir)
{
    bundle_range r;
    strbuf err = STRBUF_INIT;
    char *out;
    if (bundle_resolve(g, spec, dir, &r, &err) < 0) {
        out = xasprintf("error: %s", err.buf);
    } else {
        char *steps = tg_names(g, r.steps, r.nsteps);
        strbuf rows = STRBUF_INIT;
        for (size_t i = 0; i < r.start_rows.n; i++)
            sb_addf(&rows, "%s%.2s", i ? " " : "", r.start_rows.v[i]);
        sb_adds(&rows, " |");
        for (size_t i = 0; i < r.end_rows.n; i++)
            sb_addf(&rows, " %.2s", r.end_rows.v[i]);
        out = xasprintf("%s %s | %s", r.dir == BUNDLE_DOWNGRADE ? "DOWN" : "UP", steps, rows.buf);
        free(steps);
        sb_release(&rows);
        bundle_range_release(&r);
    }
    sb_release(&err);
    return out;
}

#define EXPECT(spec, dir, want)                                                \
    do {                                                                       \
        char *got = resolve(&g, spec, dir);                                    \
        assert_string_equal(got, want);                                        \
        free(got);                                                             \
    } while (0)

static void test_resolve_ranges(void **state)
{
    (void)state;
    /*      b1 (left)
     *    /          \
     *  a              e - f
     *    \          /
     *      b2 - c2
     * and then a second graph where d depends on b. */
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a\nb1 a @left\nb2 a\nc2 b2\ne b1 c2\nf e", &dl), 0);
    EXPECT("head", BUNDLE_UPGRADE, "UP a b1 b2 c2 e f |  | f0");
    EXPECT("a:b1", BUNDLE_UPGRADE, "UP b1 | a0 | b1");
    EXPECT("b1:c2", BUNDLE_UPGRADE, "UP b2 c2 | b1 | b1 c2");
    EXPECT("b1:+1", BUNDLE_UPGRADE, "UP b2 c2 e | b1 | e0");
    EXPECT("f:a", BUNDLE_UPGRADE, "error: 'f:a' goes down from f00000000000 to a00000000000; that is a downgrade ('sqlc downgrade f:a --sql')");
    EXPECT("f:f", BUNDLE_UPGRADE, "error: 'f:f' holds nothing to upgrade: f00000000000 and f00000000000 are the same state");
    EXPECT("-1:f", BUNDLE_UPGRADE, "error: the start of '-1:f' is relative; a range starts at a named revision, base or heads (REV-1 counts from REV)");
    EXPECT("head:-1", BUNDLE_DOWNGRADE, "DOWN f | f0 | e0");
    EXPECT("-2", BUNDLE_DOWNGRADE, "error: cannot step down from merge revision e00000000000 in '-2': it has parents b10000000000, c20000000000");
    EXPECT("f:b2", BUNDLE_DOWNGRADE, "DOWN f e c2 | f0 | b1 b2");
    EXPECT("f:left", BUNDLE_DOWNGRADE, "DOWN f e | f0 | b1 c2");
    EXPECT("f:base", BUNDLE_DOWNGRADE, "DOWN f e c2 b2 b1 a | f0 |");
    EXPECT("b1:c2", BUNDLE_DOWNGRADE, "error: 'b1:c2' cannot downgrade to c20000000000: it is not applied at b10000000000");
    EXPECT("b1:b1", BUNDLE_DOWNGRADE, "error: 'b1:b1' holds nothing to downgrade: nothing applied at b10000000000 lies above b10000000000");
    EXPECT("f:a", BUNDLE_AUTO, "DOWN f e c2 b2 b1 | f0 | a0");
    EXPECT("a:f", BUNDLE_AUTO, "UP b1 b2 c2 e f | a0 | f0");
    EXPECT("f", BUNDLE_AUTO, "error: 'f' is not a range; a bundle needs FROM:TO (for example base:head)");
    graph_release(&g);
    /* depends-on: undoing a revision undoes what depends on it. */
    assert_int_equal(tg_build(&g, "a\nb a\nc\nd c +b", &dl), 0);
    EXPECT("heads:a", BUNDLE_DOWNGRADE, "DOWN d b | b0 d0 | a0 c0");
    EXPECT("base:d", BUNDLE_UPGRADE, "UP a b c d |  | b0 d0");
    graph_release(&g);
    diag_clear(&dl);
}

/* Writes revision k (1-based) of a linear history into dir. */
static void write_rev(const char *dir, int k, const char *header_extra, const char *upgrade)
{
    char *path = xasprintf("%s/%012x_r%d.sql", dir, k, k);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "-- sqlc:revision %012x\n", k);
    if (k > 1)
        fprintf(f, "-- sqlc:parents %012x\n", k - 1);
    fprintf(f, "-- sqlc:message r%d\n%s\n-- sqlc:upgrade\n%s\n-- sqlc:downgrade\nDROP TABLE t%d;\n",
            k, header_extra, upgrade, k);
    fclose(f);
    free(path);
}

static char *many_dir(int n)
{
    char tmpl[] = "/tmp/sqlc-unit-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    for (int k = 1; k <= n; k++) {
        char *sql = xasprintf("CREATE TABLE t%d (id bigserial PRIMARY KEY, v text DEFAULT 'x');", k);
        write_rev(tmpl, k, "", sql);
        free(sql);
    }
    return xstrdup(tmpl);
}

static void rm_dir(const char *dir, int n)
{
    for (int k = 1; k <= n; k++) {
        char *path = xasprintf("%s/%012x_r%d.sql", dir, k, k);
        unlink(path);
        free(path);
    }
    rmdir(dir);
}

/* Enough revisions for the parallel loader and the parse workers: the
 * results and the order of diagnostics are those of a sequential run. */
static void test_many_revisions(void **state)
{
    (void)state;
    const int n = 90;
    char *dir = many_dir(n);
    write_rev(dir, 70, "-- sqlc:bogus x", "SELECT 1;");
    write_rev(dir, 75, "-- sqlc:bogus y", "SELECT 1;");
    revgraph g = {0};
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(history_load(dir, HISTORY_SQLC, &g, &dl), -1);
    assert_int_equal(dl.nerrors, 2);
    assert_non_null(strstr(dl.items[0].path, "_r70.sql"));
    assert_non_null(strstr(dl.items[1].path, "_r75.sql"));
    graph_release(&g);
    diag_clear(&dl);

    write_rev(dir, 70, "", "CREATE TABLE t70 (id int);");
    write_rev(dir, 75, "", "CREATE TABLE t75 (id int)");
    memset(&g, 0, sizeof(g));
    assert_int_equal(history_load(dir, HISTORY_SQLC, &g, &dl), 0);
    assert_int_equal(g.n, (size_t)n);
    bundle_range r;
    strbuf err = STRBUF_INIT, out = STRBUF_INIT;
    assert_int_equal(bundle_resolve(&g, "base:heads", BUNDLE_UPGRADE, &r, &err), 0);
    bundle_opts o = {0};
    o.spec = "base:heads";
    o.tool_version = "test";
    o.versions_dir = dir;
    assert_int_equal(bundle_build(&g, &r, &o, &out, &dl), 0);
    assert_int_equal(dl.nerrors, 0);
    size_t blocks = 0;
    for (const char *p = out.buf; (p = strstr(p, "-- Running upgrade ")); p++)
        blocks++;
    assert_int_equal(blocks, (size_t)n);
    assert_non_null(strstr(out.buf, "CREATE TABLE t75 (id int);\n"));
    bundle_range_release(&r);
    graph_release(&g);
    sb_release(&out);

    /* A replay error deep in the range: reported once, at its file. */
    write_rev(dir, 60, "", "ALTER TABLE nowhere ADD COLUMN c int;");
    memset(&g, 0, sizeof(g));
    assert_int_equal(history_load(dir, HISTORY_SQLC, &g, &dl), 0);
    assert_int_equal(bundle_resolve(&g, "base:heads", BUNDLE_UPGRADE, &r, &err), 0);
    assert_int_equal(bundle_build(&g, &r, &o, &out, &dl), -1);
    assert_int_equal(dl.nerrors, 1);
    assert_non_null(strstr(dl.items[0].path, "_r60.sql"));
    assert_int_equal(out.len, 0);
    bundle_range_release(&r);
    graph_release(&g);
    diag_clear(&dl);
    sb_release(&err);
    sb_release(&out);
    rm_dir(dir, n);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checksum_normalises),
        cmocka_unit_test(test_sum_roundtrip),
        cmocka_unit_test(test_notx_reasons),
        cmocka_unit_test(test_notx_labels),
        cmocka_unit_test(test_version_table_sql),
        cmocka_unit_test(test_resolve_ranges),
        cmocka_unit_test(test_many_revisions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
