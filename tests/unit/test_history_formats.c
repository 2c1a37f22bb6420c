/* Unit tests for the foreign history formats and explicit file lists
 * (history_formats.c, history_markers.c): each test writes a small folder
 * of migrations into a fresh temp folder, loads it, and checks ids, order,
 * parents, sections (as text and as parsed statements with their lines) and
 * the exact error messages.  The corpus tests compare the list loader with
 * the folder loaders on ../shared/corpora and skip when it is absent. */
#include "config.h"
#include "helpers.h"
#include "history.h"
#include "sqlparse.h"

#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- scaffolding ---------------------------------------------------------- */

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "%s/sqlc-hf.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(tmpdir));
    return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    (void)state;
    nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

/* Writes tmpdir/rel (creating folders); a NULL text makes a folder. */
static void put(const char *rel, const char *text)
{
    char *path = path_join(tmpdir, rel);
    for (char *p = path + strlen(tmpdir) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    if (!text) {
        assert_int_equal(mkdir(path, 0755), 0);
    } else {
        strbuf err = STRBUF_INIT;
        assert_int_equal(write_file_atomic(path, text, strlen(text), false, &err), 0);
        sb_release(&err);
    }
    free(path);
}

/* tmpdir + "/" + rel, in a rotating static buffer. */
static const char *at(const char *rel)
{
    static char buf[4][512];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, sizeof(buf[0]), "%s/%s", tmpdir, rel);
    return b;
}

/* Loads folder dir as fmt; expects success. */
static void load_ok(const char *dir, history_format fmt, revgraph *g)
{
    memset(g, 0, sizeof(*g));
    diaglist dl = DIAGLIST_INIT;
    int rc = history_load(dir, fmt, g, &dl);
    if (rc != 0)
        diag_print(&dl, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(dl.n, 0);
    diag_clear(&dl);
}

/* Loads tmpdir/sub as fmt; expects failure with exactly the given errors,
 * each rendered "PATH-RELATIVE-TO-TMPDIR[:LINE]: MESSAGE", in diag order. */
static void load_fails(const char *sub, history_format fmt, const char *const *want)
{
    revgraph g;
    memset(&g, 0, sizeof(g));
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(history_load(at(sub), fmt, &g, &dl), -1);
    diag_sort(&dl);
    size_t n = 0;
    while (want[n])
        n++;
    if (dl.n != n)
        diag_print(&dl, stderr);
    assert_int_equal(dl.n, n);
    for (size_t i = 0; i < n; i++) {
        const diag *d = &dl.items[i];
        assert_non_null(d->path);
        assert_true(str_starts_with(d->path, tmpdir));
        char *got = d->line ? xasprintf("%s:%d: %s", d->path + strlen(tmpdir) + 1, d->line, d->msg)
                            : xasprintf("%s: %s", d->path + strlen(tmpdir) + 1, d->msg);
        assert_string_equal(got, want[i]);
        free(got);
    }
    diag_clear(&dl);
    graph_release(&g);
}

/* The ids in topological order, joined by ' '. */
static char *order(const revgraph *g)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < g->n; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", g->revs[g->topo[i]]->id);
    return sb_detach(&sb);
}

static void assert_order(const revgraph *g, const char *want)
{
    char *got = order(g);
    assert_string_equal(got, want);
    free(got);
}

static const revision *rev(const revgraph *g, const char *id)
{
    int ix = graph_find(g, id);
    assert_true(ix >= 0);
    return g->revs[ix];
}

static const srcfile *down_file(const revision *r)
{
    return r->down_src ? r->down_src : &r->src;
}

/* The text of a section. */
static char *sect(const revision *r, bool down)
{
    const section *s = down ? &r->downgrade : &r->upgrade;
    assert_true(s->present);
    const srcfile *f = down ? down_file(r) : &r->src;
    assert_true(s->off + s->len <= f->len);
    return xstrndup(f->text + s->off, s->len);
}

static void assert_section(const revision *r, bool down, const char *want)
{
    char *got = sect(r, down);
    assert_string_equal(got, want);
    free(got);
}

/* Parses a section and checks the number of statements and the first
 * statement's line in its file. */
static void assert_stmts(const revision *r, bool down, size_t n, int first_line)
{
    const section *s = down ? &r->downgrade : &r->upgrade;
    diaglist dl = DIAGLIST_INIT;
    parsed_sql ps;
    assert_int_equal(sql_parse(down ? down_file(r) : &r->src, s->off, s->len, &ps, &dl), 0);
    assert_int_equal(ps.n, n);
    if (n)
        assert_int_equal(ps.stmts[0].line, first_line);
    parsed_sql_release(&ps);
    diag_clear(&dl);
}

/* ---- golang-migrate --------------------------------------------------------- */

static void test_golang_migrate(void **state)
{
    (void)state;
    put("m/1_create_users.up.sql", "CREATE TABLE users (id int);\n");
    put("m/1_create_users.down.sql", "-- undo\nDROP TABLE users;\n");
    put("m/2_add_email.up.sql", "ALTER TABLE users ADD email text;\n");
    put("m/10_index_email.up.sql", "CREATE INDEX ON users (email);\n");
    put("m/README.md", "not a migration\n");
    put("m/.hidden", "not a migration\n");
    revgraph g;
    load_ok(at("m"), HISTORY_GOLANG_MIGRATE, &g);
    assert_order(&g, "1 2 10"); /* numbers, not strings */
    const revision *r1 = rev(&g, "1"), *r2 = rev(&g, "2"), *r10 = rev(&g, "10");
    assert_string_equal(r1->message, "create users");
    assert_int_equal(r1->parents.n, 0);
    assert_string_equal(r2->parents.v[0], "1");
    assert_string_equal(r10->parents.v[0], "2");
    assert_true(r1->transactional);
    assert_null(r1->created);
    assert_string_equal(r1->src.path, at("m/1_create_users.up.sql"));
    assert_non_null(r1->down_src);
    assert_string_equal(r1->down_src->path, at("m/1_create_users.down.sql"));
    assert_section(r1, false, "CREATE TABLE users (id int);\n");
    assert_section(r1, true, "-- undo\nDROP TABLE users;\n");
    assert_stmts(r1, true, 1, 2); /* line 2 of the down file */
    assert_false(r2->downgrade.present);
    assert_null(r2->down_src);
    assert_int_equal(g.nheads, 1);
    assert_ptr_equal(g.revs[g.heads[0]], r10);
    graph_release(&g);
}

static void test_golang_migrate_errors(void **state)
{
    (void)state;
    put("m/1_a.up.sql", "SELECT 1;\n");
    put("m/001_b.up.sql", "SELECT 1;\n");
    put("m/2_c.down.sql", "SELECT 1;\n");
    put("m/3_d.sql", "SELECT 1;\n");
    put("m/4_e.up.sql", NULL);
    char *dup = xasprintf("m/1_a.up.sql: duplicate version 1 (also in %s)", at("m/001_b.up.sql"));
    load_fails("m", HISTORY_GOLANG_MIGRATE, (const char *const[]){
        dup,
        "m/2_c.down.sql: down migration for version 2 has no up migration",
        "m/3_d.sql: not a golang-migrate migration file (expected N_name.up.sql or N_name.down.sql)",
        "m/4_e.up.sql: is a directory, not a golang-migrate migration file",
        NULL});
    free(dup);
}

/* ---- dbmate ------------------------------------------------------------------- */

static void test_dbmate(void **state)
{
    (void)state;
    put("m/20240102000000_second.sql",
        "-- migrate:up transaction:false\n"
        "CREATE INDEX CONCURRENTLY i ON t (a);\n"
        "-- migrate:down\n"
        "DROP INDEX i;\n");
    put("m/20240101000000_first.sql",
        "-- the table\n"
        "\n"
        "-- migrate:up\n"
        "CREATE TABLE t (a int);\n"
        "\n"
        "-- migrate:down\n"
        "DROP TABLE t;\n");
    put("m/20240103000000_no_down.sql", "--migrate:up\nSELECT 1;\n-- migrate:upgrade is a comment\n");
    revgraph g;
    load_ok(at("m"), HISTORY_DBMATE, &g);
    assert_order(&g, "20240101000000 20240102000000 20240103000000");
    const revision *a = rev(&g, "20240101000000"), *b = rev(&g, "20240102000000"),
                   *c = rev(&g, "20240103000000");
    assert_string_equal(a->message, "first");
    assert_true(a->transactional);
    assert_false(b->transactional);
    assert_null(a->down_src);
    assert_section(a, false, "CREATE TABLE t (a int);\n\n");
    assert_section(a, true, "DROP TABLE t;\n");
    assert_stmts(a, false, 1, 4);
    assert_stmts(a, true, 1, 7);
    assert_section(c, false, "SELECT 1;\n-- migrate:upgrade is a comment\n");
    assert_false(c->downgrade.present);
    graph_release(&g);
}

static void test_dbmate_errors(void **state)
{
    (void)state;
    put("m/1_sql_first.sql", "SELECT 1;\n-- migrate:up\n");
    put("m/2_empty.sql", "");
    put("m/3_down_first.sql", "-- migrate:down\n-- migrate:up\n");
    put("m/4_option.sql", "-- migrate:up transaction:maybe\n");
    put("m/4_twice.sql", "-- migrate:up\n-- migrate:down\n-- migrate:down\n");
    put("m/name_only.sql", "-- migrate:up\n");
    char *dup = xasprintf("m/4_twice.sql: duplicate version 4 (also in %s)", at("m/4_option.sql"));
    load_fails("m", HISTORY_DBMATE, (const char *const[]){
        "m/1_sql_first.sql:1: SQL before the '-- migrate:up' marker; dbmate runs only the up and down blocks",
        "m/2_empty.sql: no '-- migrate:up' marker; a dbmate migration has an up block",
        "m/3_down_first.sql:1: '-- migrate:down' before '-- migrate:up'; the up block comes first",
        "m/4_option.sql:1: unknown dbmate option 'transaction:maybe' (known: transaction:false, transaction:true)",
        dup,
        "m/name_only.sql: not a dbmate migration file (expected VERSION_name.sql)",
        NULL});
    free(dup);
}

/* ---- goose -------------------------------------------------------------------- */

static void test_goose(void **state)
{
    (void)state;
    put("m/9_nine.sql", "-- +goose Up\nSELECT 9;\n");
    put("m/00010_ten.sql",
        "-- +goose NO TRANSACTION\n"
        "-- +goose Up\n"
        "-- +goose StatementBegin\n"
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "    RETURN 1;\n"
        "END;\n"
        "$$;\n"
        "-- +goose StatementEnd\n"
        "SELECT f();\n"
        "--  +goose   down  \n"
        "DROP FUNCTION f();\n");
    revgraph g;
    load_ok(at("m"), HISTORY_GOOSE, &g);
    assert_order(&g, "9 00010");
    const revision *r = rev(&g, "00010");
    assert_string_equal(r->message, "ten");
    assert_false(r->transactional);
    assert_true(rev(&g, "9")->transactional);
    assert_section(r, true, "DROP FUNCTION f();\n");
    assert_stmts(r, false, 2, 4); /* the function (kept whole) and the SELECT */
    assert_stmts(r, true, 1, 12);
    graph_release(&g);
}

static void test_goose_errors(void **state)
{
    (void)state;
    put("m/1_go.go", "package m\n");
    put("m/2_open.sql", "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n");
    put("m/3_unknown.sql", "-- +goose Up\n-- +goose Upgrade\n");
    put("m/4_no_up.sql", "-- just a comment\n");
    put("m/5_twice.sql", "-- +goose Up\n-- +goose Down\n-- +goose Up\n");
    load_fails("m", HISTORY_GOOSE, (const char *const[]){
        "m/1_go.go: goose Go migrations are not supported; sqlc reads only SQL migrations",
        "m/2_open.sql:2: '-- +goose StatementBegin' without a StatementEnd",
        "m/3_unknown.sql:2: unknown goose annotation '-- +goose Upgrade' (known: Up, Down, StatementBegin, StatementEnd, NO TRANSACTION)",
        "m/4_no_up.sql: no '-- +goose Up' annotation; a goose migration has an up section",
        "m/5_twice.sql:3: second '-- +goose Up' annotation (the first is on line 1)",
        NULL});
}

/* ---- diesel ------------------------------------------------------------------- */

static void test_diesel(void **state)
{
    (void)state;
    put("m/00000000000000_diesel_initial_setup/up.sql", "SELECT 0;\n");
    put("m/00000000000000_diesel_initial_setup/down.sql", "SELECT 0;\n");
    put("m/2019-02-26-002946_create_user/up.sql", "CREATE TABLE u (id int);\n");
    put("m/2019-02-26-002946_create_user/down.sql", "\n\nDROP TABLE u;\n");
    put("m/2019-03-01-000000_no-down/up.sql", "\xEF\xBB\xBFSELECT 1;\n");
    put("m/2019-03-01-000000_no-down/metadata.toml",
        "# comment\nrun_in_transaction=false # trailing comment\n[other]\nrun_in_transaction = true\n");
    put("m/2019-03-01-000000_no-down/README", "notes\n");
    put("m/.gitkeep", "");
    put("m/.keep", "");
    revgraph g;
    load_ok(at("m"), HISTORY_DIESEL, &g);
    assert_order(&g, "00000000000000 20190226002946 20190301000000");
    const revision *init = rev(&g, "00000000000000"), *u = rev(&g, "20190226002946"),
                   *nd = rev(&g, "20190301000000");
    assert_string_equal(init->message, "diesel initial setup");
    assert_string_equal(u->message, "create user");
    assert_string_equal(nd->message, "no-down");
    assert_string_equal(u->src.path, at("m/2019-02-26-002946_create_user/up.sql"));
    assert_string_equal(u->down_src->path, at("m/2019-02-26-002946_create_user/down.sql"));
    assert_stmts(u, true, 1, 3);
    assert_true(u->transactional);
    assert_false(nd->transactional); /* only the top-level key counts */
    assert_false(nd->downgrade.present);
    assert_int_equal(nd->upgrade.off, 3); /* after the byte-order mark */
    assert_section(nd, false, "SELECT 1;\n");
    graph_release(&g);
}

static void test_diesel_errors(void **state)
{
    (void)state;
    put("m/2020-01-01-000000_no_up/down.sql", "SELECT 1;\n");
    put("m/2020-01-02-000000_extra/up.sql", "SELECT 1;\n");
    put("m/2020-01-02-000000_extra/notes.txt", "x\n");
    put("m/2020-01-03-000000_meta/up.sql", "SELECT 1;\n");
    put("m/2020-01-03-000000_meta/metadata.toml", "run_in_transaction = no\n");
    put("m/2020-01-04-000000_bad_utf8/up.sql", "SELECT '\xff';\n");
    put("m/init", NULL);
    put("m/up.sql", "SELECT 1;\n");
    load_fails("m", HISTORY_DIESEL, (const char *const[]){
        "m/2020-01-01-000000_no_up: diesel migration folder has no up.sql",
        "m/2020-01-02-000000_extra/notes.txt: not part of a diesel migration (expected up.sql, down.sql or metadata.toml)",
        "m/2020-01-03-000000_meta/metadata.toml:1: run_in_transaction must be true or false, not 'no'",
        "m/2020-01-04-000000_bad_utf8/up.sql:1: invalid UTF-8 byte sequence (byte 0xff)",
        "m/init: not a diesel migration folder name (expected VERSION_name, like 2019-02-26-002946_create_user)",
        "m/up.sql: not a diesel migration folder (expected VERSION_name/ holding up.sql and down.sql)",
        NULL});
}

/* ---- flyway ------------------------------------------------------------------- */

static void test_flyway(void **state)
{
    (void)state;
    put("m/V2__two.sql", "SELECT 2;\n");
    put("m/V1.10__one_ten.sql", "SELECT 110;\n");
    put("m/V1_9__one_nine.sql", "SELECT 19;\n");
    put("m/U1_9__one_nine.sql", "SELECT -19;\n");
    put("m/V1__one.sql", "SELECT 1;\n");
    revgraph g;
    load_ok(at("m"), HISTORY_FLYWAY, &g);
    assert_order(&g, "1 1.9 1.10 2");
    const revision *r = rev(&g, "1.9");
    assert_string_equal(r->message, "one nine");
    assert_string_equal(r->parents.v[0], "1");
    assert_string_equal(r->down_src->path, at("m/U1_9__one_nine.sql"));
    assert_section(r, true, "SELECT -19;\n");
    assert_false(rev(&g, "2")->downgrade.present);
    graph_release(&g);
}

static void test_flyway_errors(void **state)
{
    (void)state;
    put("m/V1__a.sql", "SELECT 1;\n");
    put("m/V1.0.0__b.sql", "SELECT 1;\n");
    put("m/R__views.sql", "SELECT 1;\n");
    put("m/U3__c.sql", "SELECT 1;\n");
    put("m/V4..1__d.sql", "SELECT 1;\n");
    put("m/V5__e.SQL", "SELECT 1;\n");
    char *dup = xasprintf("m/V1__a.sql: duplicate version 1 (also in %s)", at("m/V1.0.0__b.sql"));
    load_fails("m", HISTORY_FLYWAY, (const char *const[]){
        "m/R__views.sql: repeatable flyway migrations (R__) are not supported; sqlc reads a linear history of versioned migrations",
        "m/U3__c.sql: undo migration for version 3 has no versioned migration",
        dup,
        "m/V4..1__d.sql: not a flyway migration file (expected V<version>__<description>.sql or U<version>__<description>.sql)",
        "m/V5__e.SQL: not a flyway migration file (expected V<version>__<description>.sql or U<version>__<description>.sql)",
        NULL});
    free(dup);
}

/* ---- explicit files and lists ------------------------------------------------- */

static void test_files(void **state)
{
    (void)state;
    put("b.sql", "CREATE TABLE b (id int);\n");
    put("a.sql", "\n-- after b\nCREATE TABLE a (id int);\n");
    const char *paths[] = {at("b.sql"), at("a.sql")};
    revgraph g;
    memset(&g, 0, sizeof(g));
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(history_load_files(paths, 2, &g, &dl), 0);
    assert_order(&g, "1 2");
    const revision *r = rev(&g, "2");
    assert_string_equal(r->message, at("a.sql"));
    assert_string_equal(r->parents.v[0], "1");
    assert_false(r->downgrade.present);
    assert_stmts(r, false, 1, 3);
    graph_release(&g);

    const char *missing[] = {at("b.sql"), at("nope.sql")};
    memset(&g, 0, sizeof(g));
    assert_int_equal(history_load_files(missing, 2, &g, &dl), -1);
    assert_int_equal(dl.n, 1);
    char *want = xasprintf("cannot open %s: No such file or directory", at("nope.sql"));
    assert_string_equal(dl.items[0].msg, want);
    free(want);
    diag_clear(&dl);
    graph_release(&g);
}

static void test_list(void **state)
{
    (void)state;
    put("sub/one.sql", "CREATE TABLE one (id int);\n");
    put("sub/two.sql", "CREATE INDEX CONCURRENTLY i ON one (id);\n");
    put("list/ORDER.list", "# the order\n\n../sub/one.sql\t\n../sub/two.sql\tnotx\r\n");
    revgraph g;
    memset(&g, 0, sizeof(g));
    diaglist dl = DIAGLIST_INIT;
    assert_int_equal(history_load_list(at("list/ORDER.list"), &g, &dl), 0);
    assert_order(&g, "1 2");
    assert_string_equal(rev(&g, "1")->message, "../sub/one.sql");
    assert_string_equal(rev(&g, "1")->src.path, at("list/../sub/one.sql"));
    assert_true(rev(&g, "1")->transactional);
    assert_false(rev(&g, "2")->transactional);
    graph_release(&g);

    put("list/BOM.list", "\xEF\xBB\xBF../sub/one.sql\n");
    memset(&g, 0, sizeof(g));
    assert_int_equal(history_load_list(at("list/BOM.list"), &g, &dl), 0);
    assert_string_equal(rev(&g, "1")->message, "../sub/one.sql");
    graph_release(&g);

    put("list/BAD.list", "../sub/one.sql\tnotxx\n../sub/three.sql\n\tnotx\n");
    memset(&g, 0, sizeof(g));
    assert_int_equal(history_load_list(at("list/BAD.list"), &g, &dl), -1);
    assert_int_equal(dl.n, 3);
    assert_string_equal(dl.items[0].msg, "unknown flag 'notxx' after the TAB (known: notx)");
    assert_int_equal(dl.items[0].line, 1);
    char *want = xasprintf("cannot open %s: No such file or directory", at("list/../sub/three.sql"));
    assert_string_equal(dl.items[1].msg, want);
    assert_int_equal(dl.items[1].line, 2);
    free(want);
    assert_string_equal(dl.items[2].msg, "no path before the TAB");
    assert_int_equal(dl.items[2].line, 3);
    diag_clear(&dl);
    graph_release(&g);
}

/* ---- config ------------------------------------------------------------------- */

static void test_config_key(void **state)
{
    (void)state;
    put("ok.ini", "[sqlc]\nhistory_format = diesel\n");
    put("bad.ini", "[sqlc]\nhistory_format = Diesel\n");
    config c;
    strbuf err = STRBUF_INIT;
    assert_int_equal(config_load(&c, at("ok.ini"), true, &err), 0);
    assert_int_equal(c.history_format, HISTORY_DIESEL);
    config_release(&c);
    assert_int_equal(config_load(&c, at("bad.ini"), true, &err), -1);
    char *want = xasprintf("%s:2: unknown history_format 'Diesel' (valid: sqlc, golang-migrate, dbmate, goose, diesel, flyway)",
                           at("bad.ini"));
    assert_string_equal(err.buf, want);
    free(want);
    config_release(&c);
    sb_release(&err);
    history_format f;
    assert_true(history_format_from_name("golang-migrate", &f));
    assert_int_equal(f, HISTORY_GOLANG_MIGRATE);
    assert_string_equal(history_format_name(HISTORY_FLYWAY), "flyway");
    assert_false(history_format_from_name("alembic", &f));
}

/* ---- the real corpora ----------------------------------------------------------- */

static const char *shared_dir(void)
{
    const char *shared = getenv("SHARED");
    return shared && *shared ? shared : "../shared";
}

static char *corpus(const char *rel)
{
    char *p = xasprintf("%s/corpora/%s", shared_dir(), rel);
    if (!path_exists(p)) {
        free(p);
        return NULL;
    }
    return p;
}

/* The list loader on ORDER.list and the folder loader on the migrations
 * folder agree, step by step, on which up file comes next. */
static void compare_corpus(const char *list_rel, const char *dir_rel, history_format fmt,
                           size_t want_n)
{
    char *list = corpus(list_rel), *dir = corpus(dir_rel);
    if (!list || !dir) {
        free(list);
        free(dir);
        print_message("%s/corpora/%s is absent; corpus test skipped\n", shared_dir(), list_rel);
        skip();
    }
    revgraph gl, gf;
    memset(&gl, 0, sizeof(gl));
    diaglist dl = DIAGLIST_INIT;
    int rc = history_load_list(list, &gl, &dl);
    if (rc)
        diag_print(&dl, stderr);
    assert_int_equal(rc, 0);
    load_ok(dir, fmt, &gf);
    assert_int_equal(gl.n, want_n);
    assert_int_equal(gf.n, want_n);
    for (size_t i = 0; i < want_n; i++) {
        const char *a = gl.revs[gl.topo[i]]->src.path, *b = gf.revs[gf.topo[i]]->src.path;
        char ra[4096], rb[4096];
        assert_non_null(realpath(a, ra));
        assert_non_null(realpath(b, rb));
        assert_string_equal(ra, rb);
    }
    diag_clear(&dl);
    graph_release(&gl);
    graph_release(&gf);
    free(list);
    free(dir);
}

static void test_corpus_lemmy(void **state)
{
    (void)state;
    compare_corpus("lemmy/ORDER.list", "lemmy/migrations", HISTORY_DIESEL, 205);
}

static void test_corpus_ssoready(void **state)
{
    (void)state;
    compare_corpus("ssoready/ORDER.list", "ssoready/cmd/migrate/migrations",
                   HISTORY_GOLANG_MIGRATE, 53);
}

/* temporal is in no tool's format, but its ORDER lists are plain lists. */
static void test_corpus_temporal_lists(void **state)
{
    (void)state;
    static const struct { const char *list; size_t n; } lists[] = {
        {"temporal/ORDER.temporal.list", 25},
        {"temporal/ORDER.visibility.list", 15},
    };
    for (size_t i = 0; i < 2; i++) {
        char *list = corpus(lists[i].list);
        if (!list) {
            print_message("%s/corpora/%s is absent; corpus test skipped\n", shared_dir(), lists[i].list);
            skip();
        }
        revgraph g;
        memset(&g, 0, sizeof(g));
        diaglist dl = DIAGLIST_INIT;
        int rc = history_load_list(list, &g, &dl);
        if (rc)
            diag_print(&dl, stderr);
        assert_int_equal(rc, 0);
        assert_int_equal(g.n, lists[i].n);
        assert_int_equal(g.nheads, 1);
        diag_clear(&dl);
        graph_release(&g);
        free(list);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_golang_migrate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_golang_migrate_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dbmate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dbmate_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_goose, setup, teardown),
        cmocka_unit_test_setup_teardown(test_goose_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diesel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diesel_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flyway, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flyway_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_key, setup, teardown),
        cmocka_unit_test(test_corpus_lemmy),
        cmocka_unit_test(test_corpus_ssoready),
        cmocka_unit_test(test_corpus_temporal_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
