/* migrate: the online runner's pieces.  Without a server: the version
 * table's online SQL (dirty protocol, lock key, queries) and the online
 * range (bundle_resolve_from).  With the harness's server: mg_apply's
 * results, events and error positions, a dirty failure, stamp, and the
 * lock timing out while another session holds it. */
#include "helpers.h"

#include <string.h>
#include <unistd.h>

#include "migrate.h"
#include "pgconn.h"

/* ---- version_table: the online SQL --------------------------------------- */

static void test_vt_notx_protocol(void **state)
{
    (void)state;
    vtable vt;
    vt_init(&vt, "public", "sqlc_version");
    strvec a = STRVEC_INIT, b = STRVEC_INIT, none = STRVEC_INIT;
    strvec_push(&a, "a");
    strvec_push(&b, "b");
    strbuf sb = STRBUF_INIT;
    /* A step that reaches b marks b dirty, then cleans it. */
    vt_notx_begin(&vt, &a, &b, &sb);
    assert_string_equal(sb.buf, "UPDATE public.sqlc_version SET version_id = 'b', dirty = true WHERE version_id = 'a';\n");
    sb_reset(&sb);
    vt_notx_end(&vt, &a, &b, &sb);
    assert_string_equal(sb.buf, "UPDATE public.sqlc_version SET dirty = false WHERE version_id = 'b';\n");
    sb_reset(&sb);
    /* Undoing a first revision reaches no row: its own row is marked, and
     * only deleted once the statements succeeded. */
    vt_notx_begin(&vt, &a, &none, &sb);
    assert_string_equal(sb.buf, "UPDATE public.sqlc_version SET dirty = true WHERE version_id = 'a';\n");
    sb_reset(&sb);
    vt_notx_end(&vt, &a, &none, &sb);
    assert_string_equal(sb.buf, "DELETE FROM public.sqlc_version WHERE version_id = 'a';\n");
    sb_reset(&sb);
    vt_purge(&vt, &sb);
    assert_string_equal(sb.buf, "DELETE FROM public.sqlc_version;\n");
    strvec_clear(&a);
    strvec_clear(&b);
    sb_release(&sb);
    vt_release(&vt);
}

static void test_vt_lock_and_queries(void **state)
{
    (void)state;
    vtable one, same, other, quoted;
    vt_init(&one, NULL, NULL);
    vt_init(&same, "public", "sqlc_version");
    vt_init(&other, "public", "other_version");
    vt_init(&quoted, "Ops", "v");
    /* The key follows the qualified name: the same table, the same lock;
     * another table, another lock. */
    assert_int_equal(vt_lock_key(&one), vt_lock_key(&same));
    assert_int_not_equal(vt_lock_key(&one), vt_lock_key(&other));
    strbuf sb = STRBUF_INIT;
    vt_advisory_lock(&one, &sb);
    char *want = xasprintf("SELECT pg_try_advisory_lock(1936813155, %d)", vt_lock_key(&one));
    assert_string_equal(sb.buf, want);
    free(want);
    sb_reset(&sb);
    vt_exists_query(&quoted, &sb);
    assert_string_equal(sb.buf, "SELECT to_regclass('\"Ops\".v') IS NOT NULL, to_regclass('\"Ops\".v_history') IS NOT NULL");
    sb_reset(&sb);
    vt_heads_query(&quoted, &sb);
    assert_string_equal(sb.buf, "SELECT version_id, dirty FROM \"Ops\".v ORDER BY version_id COLLATE \"C\"");
    sb_reset(&sb);
    vt_checksums_query(&quoted, &sb);
    assert_non_null(strstr(sb.buf, "DISTINCT ON (version_id) version_id, operation, checksum FROM \"Ops\".v_history"));
    assert_non_null(strstr(sb.buf, "ORDER BY version_id, id DESC"));
    sb_release(&sb);
    vt_release(&one);
    vt_release(&same);
    vt_release(&other);
    vt_release(&quoted);
}

/* ---- bundle_resolve_from: the range of an online run ----------------------- */

/* "UP|DOWN steps | end rows", "nothing: ...", or "error: ...", from the
 * rows given as short ids separated by blanks ("" = base). */
static char *resolve_from(const revgraph *g, const char *rows, const char *target, bundle_dir dir)
{
    revset from = REVSET_INIT;
    char *copy = xstrdup(rows), *save = NULL;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int ix = graph_find(g, tid(w));
        assert_true(ix >= 0);
        revset_add(&from, ix);
    }
    free(copy);
    bundle_range r;
    strbuf err = STRBUF_INIT;
    char *out;
    int rc = bundle_resolve_from(g, &from, target, dir, &r, &err);
    if (rc < 0) {
        out = xasprintf("error: %s", err.buf);
    } else if (rc == 1) {
        out = xasprintf("nothing: %s", err.buf);
    } else {
        char *steps = tg_names(g, r.steps, r.nsteps);
        strbuf end = STRBUF_INIT;
        for (size_t i = 0; i < r.end_rows.n; i++)
            sb_addf(&end, " %.2s", r.end_rows.v[i]);
        out = xasprintf("%s %s |%s", r.dir == BUNDLE_DOWNGRADE ? "DOWN" : "UP", steps, sb_str(&end));
        free(steps);
        sb_release(&end);
        bundle_range_release(&r);
    }
    sb_release(&err);
    revset_clear(&from);
    return out;
}

#define EXPECT_FROM(rows, target, dir, want)                                   \
    do {                                                                       \
        char *got = resolve_from(&g, rows, target, dir);                       \
        assert_string_equal(got, want);                                        \
        free(got);                                                             \
    } while (0)

static void test_resolve_from(void **state)
{
    (void)state;
    /* a - b1 (left) - e - f, a - b2 - c2 - e */
    revgraph g;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(tg_build(&g, "a\nb1 a @left\nb2 a\nc2 b2\ne b1 c2\nf e", &dl), 0);
    EXPECT_FROM("", "head", BUNDLE_UPGRADE, "UP a b1 b2 c2 e f | f0");
    EXPECT_FROM("", "+1", BUNDLE_UPGRADE, "UP a | a0");
    EXPECT_FROM("a", "+1", BUNDLE_UPGRADE,
                "error: cannot step up from a00000000000 in '+1': it branches to b10000000000, b20000000000");
    EXPECT_FROM("b1", "c2", BUNDLE_UPGRADE, "UP b2 c2 | b1 c2");
    EXPECT_FROM("b1 c2", "+1", BUNDLE_UPGRADE,
                "error: '+1' is ambiguous: it starts from 2 revisions (b10000000000, c20000000000)");
    EXPECT_FROM("b1 c2", "heads", BUNDLE_UPGRADE, "UP e f | f0");
    /* Already there is not an error online: a second run finds the work done. */
    EXPECT_FROM("f", "head", BUNDLE_UPGRADE,
                "nothing: 'head' holds nothing to upgrade: f00000000000 and f00000000000 are the same state");
    EXPECT_FROM("", "base", BUNDLE_DOWNGRADE,
                "nothing: 'base' holds nothing to downgrade: nothing applied at base lies above base");
    EXPECT_FROM("f", "a", BUNDLE_UPGRADE,
                "error: 'a' goes down from f00000000000 to a00000000000; that is a downgrade ('sqlc downgrade a')");
    EXPECT_FROM("f", "-1", BUNDLE_DOWNGRADE, "DOWN f | e0");
    EXPECT_FROM("f", "left", BUNDLE_DOWNGRADE, "DOWN f e | b1 c2");
    EXPECT_FROM("b1 c2", "base", BUNDLE_DOWNGRADE, "DOWN c2 b2 b1 a |");
    EXPECT_FROM("a", "f:a", BUNDLE_DOWNGRADE,
                "error: 'f:a' is a range; online the start is the database's revision, so give only the target (ranges are for --sql)");
    /* Rows that are not a set of heads were written by hand. */
    EXPECT_FROM("a b1", "head", BUNDLE_UPGRADE,
                "error: the version table holds a00000000000 together with a revision that descends from it, so it is not a set of heads");
    graph_release(&g);
    diag_clear(&dl);
}

/* ---- against the harness's server ------------------------------------------- */

static PGconn *admin;
static char *dbname;

static bool have_pg(void)
{
    if (getenv("PGHOST"))
        return true;
    if (getenv("SQLC_TEST_REQUIRE_PG"))
        fail_msg("SQLC_TEST_REQUIRE_PG is set but PGHOST is not: the harness did not start");
    return false;
}

static void quiet(void *arg, const PGresult *res)
{
    (void)arg;
    (void)res;
}

static int setup_db(void **state)
{
    (void)state;
    if (!getenv("PGHOST"))
        return 0;
    strbuf err = STRBUF_INIT;
    admin = pgc_connect("", &err);
    if (!admin) {
        fprintf(stderr, "%s\n", err.buf);
        return -1;
    }
    PQsetNoticeReceiver(admin, quiet, NULL);
    dbname = xasprintf("sqlc_unit_migrate_%d", (int)getpid());
    char *sql = xasprintf("DROP DATABASE IF EXISTS %s", dbname);
    PQclear(PQexec(admin, sql));
    free(sql);
    sql = xasprintf("CREATE DATABASE %s", dbname);
    int rc = pgc_command(admin, sql, &err);
    free(sql);
    sb_release(&err);
    return rc;
}

static int teardown_db(void **state)
{
    (void)state;
    if (!admin)
        return 0;
    char *sql = xasprintf("DROP DATABASE IF EXISTS %s", dbname);
    PQclear(PQexec(admin, sql));
    free(sql);
    PQfinish(admin);
    free(dbname);
    return 0;
}

typedef struct rev_spec {
    const char *id, *parent, *up, *down;
    bool transactional;
} rev_spec;

static void build_graph(revgraph *g, const rev_spec *specs, size_t n)
{
    memset(g, 0, sizeof(*g));
    diaglist dl = DIAGLIST_INIT;
    for (size_t i = 0; i < n; i++) {
        strvec parents = STRVEC_INIT, none = STRVEC_INIT;
        if (specs[i].parent)
            strvec_push(&parents, tid(specs[i].parent));
        char *id = xstrdup(tid(specs[i].id));
        char created[32];
        snprintf(created, sizeof(created), "2026-01-01T00:00:%02dZ", (int)(i % 60));
        char *text = revfile_render(id, &parents, specs[i].id, created, &none, &none,
                                    specs[i].transactional, specs[i].up, specs[i].down);
        char *path = xasprintf("v/%s_m.sql", id);
        revision *r = revfile_parse(path, text, strlen(text), &dl);
        assert_non_null(r);
        graph_add(g, r);
        free(path);
        free(id);
        strvec_clear(&parents);
    }
    assert_int_equal(graph_build(g, &dl), 0);
    diag_clear(&dl);
}

static int events[3];
static void count_event(void *arg, const mg_event *ev)
{
    (void)arg;
    events[ev->kind]++;
}

static void open_db(migrator *m, const revgraph *g)
{
    memset(m, 0, sizeof(*m));
    m->progress = count_event;
    char *dsn = xasprintf("dbname=%s", dbname);
    strbuf err = STRBUF_INIT;
    assert_int_equal(mg_open(m, g, dsn, "public", "sqlc_version", "test", &err), MG_OK);
    free(dsn);
    sb_release(&err);
}

static void test_apply_failure_and_stamp(void **state)
{
    (void)state;
    if (!have_pg()) {
        skip();
        return;
    }
    static const rev_spec specs[] = {
        {"a", NULL, "CREATE TABLE ta (id int);", "DROP TABLE ta;", true},
        {"b", "a", "CREATE TABLE tb (id int);\nINSERT INTO tb\n  SELECT 1 FROM missing_table;", "DROP TABLE tb;", true},
        {"c", "b", "CREATE TABLE tc (id int);", "DROP TABLE tc;", true},
    };
    revgraph g;
    build_graph(&g, specs, 3);
    migrator m;
    open_db(&m, &g);
    memset(events, 0, sizeof(events));
    mg_apply_opts o = {0};
    o.target = "head";
    o.dir = BUNDLE_UPGRADE;
    o.lock_timeout = 10;
    mg_result res;
    diaglist dl = DIAGLIST_INIT;
    strbuf err = STRBUF_INIT;
    assert_int_equal(mg_apply(&m, &o, &res, &dl, &err), MG_PROBLEM);
    assert_int_equal(res.nsteps, 3);
    assert_int_equal(res.ndone, 1);
    assert_false(res.dirty);
    assert_int_equal(events[MG_EV_START], 2);
    assert_int_equal(events[MG_EV_DONE], 1);
    assert_int_equal(events[MG_EV_FAILED], 1);
    assert_int_equal(res.end_rows.n, 1);
    assert_string_equal(res.end_rows.v[0], tid("a"));
    /* The server's position, as a line and column of the revision file:
     * "missing_table" on the section's third line. */
    assert_int_equal(res.server.nerrors, 1);
    const diag *d = &res.server.items[0];
    assert_string_equal(d->msg, "relation \"missing_table\" does not exist (SQLSTATE 42P01)");
    const revision *rb = g.revs[graph_find(&g, tid("b"))];
    int line, col;
    srcfile_locate(&rb->src, rb->upgrade.off + strlen("CREATE TABLE tb (id int);\nINSERT INTO tb\n  SELECT 1 FROM "),
                   &line, &col);
    assert_int_equal(d->line, line);
    assert_int_equal(d->col, col);
    assert_non_null(strstr(err.buf, "upgrade of revision b00000000000 failed and was rolled back; the database is at a00000000000"));
    mg_result_release(&res);
    sb_reset(&err);
    diag_clear(&dl);

    /* stamp: the rows move without running SQL (tb is not created). */
    char *specs_c[] = {"c"};
    assert_int_equal(mg_stamp(&m, specs_c, 1, false, 10, &res, &err), MG_OK);
    assert_int_equal(res.ndone, 2); /* b and c became applied */
    mg_result_release(&res);
    assert_int_equal(mg_read_state(&m, &err), MG_OK);
    assert_int_equal(m.st.rows.n, 1);
    assert_string_equal(m.st.rows.v[0], tid("c"));
    PGresult *r = pgc_exec(m.conn, "SELECT to_regclass('tb') IS NULL", &err);
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    mg_close(&m);
    graph_release(&g);
    sb_release(&err);
}

static void test_lock_held_elsewhere(void **state)
{
    (void)state;
    if (!have_pg()) {
        skip();
        return;
    }
    static const rev_spec specs[] = {{"d", NULL, "SELECT 1;", "SELECT 2;", true}};
    revgraph g;
    build_graph(&g, specs, 1);
    migrator holder, waiter;
    open_db(&holder, &g);
    open_db(&waiter, &g);
    strbuf err = STRBUF_INIT;
    assert_int_equal(mg_lock(&holder, 1, &err), MG_OK);
    assert_int_equal(mg_lock(&waiter, 1, &err), MG_PROBLEM);
    assert_non_null(strstr(err.buf, "another sqlc run holds the migration lock of public.sqlc_version"));
    sb_reset(&err);
    /* Released when the holder's session ends. */
    mg_close(&holder);
    assert_int_equal(mg_lock(&waiter, 1, &err), MG_OK);
    mg_close(&waiter);
    graph_release(&g);
    sb_release(&err);
}

static void test_dirty_after_notx_failure(void **state)
{
    (void)state;
    if (!have_pg()) {
        skip();
        return;
    }
    static const rev_spec specs[] = {
        {"e", NULL, "CREATE TABLE te (id int);", "DROP TABLE te;", true},
        {"f", "e", "CREATE INDEX CONCURRENTLY te_idx ON te (id);\nSELECT 1/0;", "DROP INDEX te_idx;", false},
    };
    revgraph g;
    build_graph(&g, specs, 2);
    migrator m;
    open_db(&m, &g);
    strbuf err = STRBUF_INIT;
    char *base[] = {"base"};
    mg_result res;
    assert_int_equal(mg_stamp(&m, base, 1, true, 10, &res, &err), MG_OK); /* the table from the test before */
    mg_result_release(&res);
    mg_apply_opts o = {0};
    o.target = "head";
    o.dir = BUNDLE_UPGRADE;
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(mg_apply(&m, &o, &res, &dl, &err), MG_PROBLEM);
    assert_true(res.dirty);
    assert_int_equal(res.ndone, 1);
    assert_non_null(strstr(err.buf, "marks f00000000000 dirty"));
    mg_result_release(&res);
    sb_reset(&err);
    /* Every later run refuses before doing anything. */
    assert_int_equal(mg_apply(&m, &o, &res, &dl, &err), MG_PROBLEM);
    assert_non_null(strstr(err.buf, "marks f00000000000 dirty: a revision that runs outside a transaction"));
    assert_int_equal(res.ndone, 0);
    mg_result_release(&res);
    diag_clear(&dl);
    mg_close(&m);
    graph_release(&g);
    sb_release(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vt_notx_protocol),
        cmocka_unit_test(test_vt_lock_and_queries),
        cmocka_unit_test(test_resolve_from),
        cmocka_unit_test(test_apply_failure_and_stamp),
        cmocka_unit_test(test_lock_held_elsewhere),
        cmocka_unit_test(test_dirty_after_notx_failure),
    };
    return cmocka_run_group_tests_name("migrate", tests, setup_db, teardown_db);
}
