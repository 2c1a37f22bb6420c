/* introspect: what sqlc sends to a server, and how a live database reads.
 *
 * The batch is parsed back with libpg_query and checked statement by
 * statement: it opens one REPEATABLE READ READ ONLY transaction, sends
 * only SELECTs and SET LOCALs, and commits; the version-dependent columns
 * follow the server version.  Against the harness's server (skipped
 * without PGHOST): the caller's session settings survive an introspection,
 * the statement order follows dependencies (a view before the view that
 * reads it, a CHECK calling a function of the table's row type split out
 * of CREATE TABLE), an index left invalid by a failed CREATE INDEX
 * CONCURRENTLY is marked invalid, and objects of kinds the catalog does
 * not model are warnings (errors under strict).  The asynchronous form
 * (introspect_start / introspect_feed / introspect_finish on a nonblocking
 * connection from pgc_connect_start, as fleet drift drives it) reads the
 * same catalog, byte for byte in JSON; a failed query of its batch is an
 * error; a failed connection is one redacted line. */
#include "helpers.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "catalog_json.h"
#include "introspect.h"
#include "pgconn.h"
#include "sqlparse.h"

static const char *defelem_str(PgQuery__DefElem *d)
{
    PgQuery__AConst *c = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_A_CONST ? d->arg->a_const : NULL;
    return c && c->val_case == PG_QUERY__A__CONST__VAL_SVAL ? c->sval->sval : NULL;
}

static void check_batch(int version, bool privileges)
{
    introspect_opts o = {0};
    o.privileges = privileges;
    strvec_push(&o.schemas, "it's");
    strbuf sql = STRBUF_INIT;
    introspect_batch_sql(version, &o, &sql);
    assert_non_null(strstr(sql.buf, "'it''s'")); /* names are literals, quoted */
    assert_int_equal(strstr(sql.buf, "tgparentid") != NULL, version >= 130000);
    assert_int_equal(strstr(sql.buf, "rngmultitypid") != NULL, version >= 140000);
    assert_int_equal(strstr(sql.buf, "aclexplode") != NULL, privileges);
    size_t len = sql.len;
    srcfile f;
    srcfile_init(&f, "batch.sql", sb_detach(&sql), len);
    diaglist dl = DIAGLIST_INIT;
    parsed_sql p = {0};
    assert_int_equal(sql_parse(&f, 0, f.len, &p, &dl), 0);
    assert_true(p.n > 10);

    PgQuery__Node *first = p.stmts[0].node, *last = p.stmts[p.n - 1].node;
    assert_int_equal(first->node_case, PG_QUERY__NODE__NODE_TRANSACTION_STMT);
    assert_int_equal(first->transaction_stmt->kind, PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN);
    bool repeatable = false, read_only = false;
    for (size_t i = 0; i < first->transaction_stmt->n_options; i++) {
        PgQuery__DefElem *d = first->transaction_stmt->options[i]->def_elem;
        const char *v = defelem_str(d);
        if (!strcmp(d->defname, "transaction_isolation"))
            repeatable = v && !strcmp(v, "repeatable read");
        if (!strcmp(d->defname, "transaction_read_only"))
            read_only = d->arg->a_const->ival->ival == 1;
    }
    assert_true(repeatable);
    assert_true(read_only);
    assert_int_equal(last->node_case, PG_QUERY__NODE__NODE_TRANSACTION_STMT);
    assert_int_equal(last->transaction_stmt->kind, PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT);
    /* Between them only reads and transaction-local settings. */
    size_t selects = 0;
    for (size_t i = 1; i + 1 < p.n; i++) {
        PgQuery__Node *n = p.stmts[i].node;
        if (n->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
            selects++;
            continue;
        }
        assert_int_equal(n->node_case, PG_QUERY__NODE__NODE_VARIABLE_SET_STMT);
        assert_true(n->variable_set_stmt->is_local);
    }
    /* set_config, then one query per object kind: a handful, whatever
     * the size of the schema. */
    assert_int_equal(selects, privileges ? 17 : 16);
    parsed_sql_release(&p);
    srcfile_release(&f);
    diag_clear(&dl);
    introspect_opts_release(&o);
}

static void test_batch_is_one_read_only_snapshot(void **state)
{
    (void)state;
    const int versions[] = {120000, 130000, 140000, 150000, 160000, 170000};
    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        check_batch(versions[i], false);
        check_batch(versions[i], true);
    }
}

/* ---- against the harness's server ------------------------------------------- */

static char dbname[64];

static PGconn *connect_db(const char *db)
{
    strbuf err = STRBUF_INIT;
    char *dsn = xasprintf("dbname=%s", db);
    PGconn *c = pgc_connect(dsn, &err);
    if (!c)
        fail_msg("%s", err.buf);
    free(dsn);
    sb_release(&err);
    return c;
}

static void exec_ok(PGconn *c, const char *sql)
{
    strbuf err = STRBUF_INIT;
    if (pgc_command(c, sql, &err) < 0)
        fail_msg("%s: %s", sql, err.buf);
    sb_release(&err);
}

static int setup_db(void **state)
{
    (void)state;
    if (!getenv("PGHOST"))
        return 0;
    snprintf(dbname, sizeof(dbname), "isp_unit_%ld", (long)getpid());
    PGconn *c = connect_db("postgres");
    char *sql = xasprintf("CREATE DATABASE %s", dbname);
    exec_ok(c, sql);
    free(sql);
    PQfinish(c);
    return 0;
}

static int teardown_db(void **state)
{
    (void)state;
    if (!getenv("PGHOST"))
        return 0;
    PGconn *c = connect_db("postgres");
    char *sql = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
    exec_ok(c, sql);
    free(sql);
    PQfinish(c);
    return 0;
}

/* A fresh public schema for each test. */
static PGconn *fresh(void)
{
    if (!getenv("PGHOST"))
        return NULL;
    PGconn *c = connect_db(dbname);
    exec_ok(c, "SET client_min_messages = warning; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
    return c;
}

static const char *show(PGconn *c, const char *setting)
{
    static char buf[256];
    strbuf err = STRBUF_INIT;
    char *sql = xasprintf("SHOW %s", setting);
    PGresult *r = pgc_exec(c, sql, &err);
    assert_non_null(r);
    snprintf(buf, sizeof(buf), "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    free(sql);
    sb_release(&err);
    return buf;
}

static void test_session_settings_survive(void **state)
{
    (void)state;
    PGconn *c = fresh();
    if (!c)
        skip();
    exec_ok(c, "CREATE TABLE t (a int PRIMARY KEY, b text DEFAULT 'x')");
    exec_ok(c, "SET search_path = pg_catalog, public; SET client_encoding = 'LATIN1'; "
               "SET default_transaction_read_only = on; SET default_transaction_isolation = 'serializable'");
    catalog *cat = catalog_new();
    diaglist dl = DIAGLIST_INIT;
    strbuf err = STRBUF_INIT;
    introspect_opts o = {0};
    assert_int_equal(introspect_db(c, &o, cat, &dl, &err), 0);
    assert_int_equal(dl.n, 0);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_IDLE);
    assert_string_equal(show(c, "search_path"), "pg_catalog, public");
    assert_string_equal(show(c, "client_encoding"), "LATIN1");
    assert_string_equal(show(c, "DateStyle"), "ISO, MDY");
    cat_rel *t = cat_rel_get(cat, "public", "t");
    assert_non_null(t);
    assert_string_equal(t->cols[1]->default_expr, "'x'");
    catalog_free(cat);
    sb_release(&err);
    PQfinish(c);
}

/* The DDL introspection builds, for the checks on its order. */
static char *ddl_of(PGconn *c, diaglist *dl)
{
    strbuf ddl = STRBUF_INIT, err = STRBUF_INIT;
    introspect_opts o = {0};
    if (introspect_ddl(c, &o, &ddl, dl, &err) < 0)
        fail_msg("%s", err.buf);
    sb_release(&err);
    return sb_detach(&ddl);
}

static void before(const char *text, const char *a, const char *b)
{
    const char *pa = strstr(text, a), *pb = strstr(text, b);
    if (!pa || !pb || pa > pb)
        fail_msg("want \"%s\" before \"%s\" in:\n%s", a, b, text);
}

static void test_order_follows_dependencies(void **state)
{
    (void)state;
    PGconn *c = fresh();
    if (!c)
        skip();
    /* Names against the alphabet: only the dependencies can order them. */
    exec_ok(c, "CREATE TABLE z_base (id serial PRIMARY KEY, n int);"
               "CREATE VIEW b_view AS SELECT id FROM z_base;"
               "CREATE VIEW a_view AS SELECT id FROM b_view;"
               "CREATE FUNCTION ok(r z_base) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1.n > 0';"
               "ALTER TABLE z_base ADD CONSTRAINT z_ok CHECK (ok(z_base.*));"
               "CREATE FUNCTION pick(r z_base) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';"
               "ALTER TABLE z_base ALTER COLUMN n SET DEFAULT pick(NULL::z_base);"
               "CREATE TABLE a_ref (id int REFERENCES z_base);");
    diaglist dl = DIAGLIST_INIT;
    char *ddl = ddl_of(c, &dl);
    assert_int_equal(dl.n, 0);
    before(ddl, "CREATE TABLE public.z_base", "CREATE VIEW public.b_view");
    before(ddl, "CREATE VIEW public.b_view", "CREATE VIEW public.a_view");
    /* serial: the sequence, the table whose default reads it, OWNED BY */
    before(ddl, "CREATE SEQUENCE public.z_base_id_seq", "CREATE TABLE public.z_base");
    before(ddl, "id integer DEFAULT nextval('public.z_base_id_seq'::regclass) NOT NULL", "OWNED BY public.z_base.id");
    /* the CHECK needs ok() and the default pick(), which need the table's
     * row type: both are split out of CREATE TABLE */
    before(ddl, "CREATE TABLE public.z_base", "FUNCTION public.ok(r public.z_base)");
    before(ddl, "FUNCTION public.ok(r public.z_base)", "ADD CONSTRAINT z_ok CHECK");
    before(ddl, "FUNCTION public.pick(r public.z_base)", "ALTER TABLE ONLY public.z_base ALTER COLUMN n SET DEFAULT public.pick(");
    /* a foreign key after the key it references */
    before(ddl, "CONSTRAINT z_base_pkey PRIMARY KEY", "ADD CONSTRAINT a_ref_id_fkey");
    /* the same database, the same text */
    char *again = ddl_of(c, &dl);
    assert_string_equal(ddl, again);
    free(again);
    free(ddl);
    PQfinish(c);
}

static void test_invalid_index_is_marked(void **state)
{
    (void)state;
    PGconn *c = fresh();
    if (!c)
        skip();
    exec_ok(c, "CREATE TABLE t (a int); INSERT INTO t VALUES (1), (1)");
    PGresult *r = PQexec(c, "CREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a)");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR); /* duplicate key: left invalid */
    PQclear(r);
    catalog *cat = catalog_new();
    diaglist dl = DIAGLIST_INIT;
    strbuf err = STRBUF_INIT;
    introspect_opts o = {0};
    assert_int_equal(introspect_db(c, &o, cat, &dl, &err), 0);
    cat_index *ix = cat_index_get(cat, "public", "t_a");
    assert_non_null(ix);
    assert_true(ix->invalid);
    catalog_free(cat);
    sb_release(&err);
    PQfinish(c);
}

static void test_unsupported_objects_are_reported(void **state)
{
    (void)state;
    PGconn *c = fresh();
    if (!c)
        skip();
    exec_ok(c, "CREATE AGGREGATE total(integer) (sfunc = int4pl, stype = integer);"
               "CREATE TABLE t (a int); CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING");
    for (int strict = 0; strict <= 1; strict++) {
        catalog *cat = catalog_new();
        diaglist dl = DIAGLIST_INIT;
        strbuf err = STRBUF_INIT;
        introspect_opts o = {0};
        o.replay.strict = strict;
        o.source = "db:test";
        assert_int_equal(introspect_db(c, &o, cat, &dl, &err), strict ? -1 : 0);
        assert_int_equal(dl.n, 2);
        assert_int_equal(strict ? dl.nerrors : dl.nwarnings, 2);
        assert_string_equal(dl.items[0].path, "db:test");
        assert_string_equal(dl.items[0].msg, "unsupported: function public.total(integer) is not modelled; "
                                             "the catalog leaves it out");
        assert_string_equal(dl.items[1].msg, "unsupported: rule r on table public.t is not modelled; "
                                             "the catalog leaves it out");
        diag_clear(&dl);
        catalog_free(cat);
        sb_release(&err);
    }
    PQfinish(c);
}

/* ---- asynchronous (introspect_start / feed / finish), as fleet drift drives it ---- */

static char *catalog_text(catalog *cat)
{
    strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    assert_int_equal(catalog_materialize(cat, &err), 0);
    assert_int_equal(catalog_to_json(cat, NULL, &out), 0);
    sb_release(&err);
    return sb_detach(&out);
}

/* Waits until conn's socket is ready for what libpq wants. */
static void wait_for(PGconn *conn, bool write)
{
    struct pollfd p = {PQsocket(conn), (short)(write ? POLLOUT : POLLIN), 0};
    assert_true(poll(&p, 1, 30000) == 1);
}

/* The connection, started without blocking and polled to the end. */
static PGconn *connect_async(const char *dsn, strbuf *err)
{
    PGconn *conn = pgc_connect_start(dsn, err);
    if (!conn)
        return NULL;
    PostgresPollingStatusType st = PGRES_POLLING_WRITING;
    while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
        wait_for(conn, st == PGRES_POLLING_WRITING);
        st = PQconnectPoll(conn);
    }
    if (st == PGRES_POLLING_FAILED) {
        pgc_connect_error(conn, dsn, err);
        PQfinish(conn);
        return NULL;
    }
    assert_int_equal(PQsetnonblocking(conn, 1), 0);
    return conn;
}

/* Introspects dbname the asynchronous way: flush, then each result as it
 * arrives.  extra (may be NULL) is fed first, as if the batch had
 * answered with it.  Returns introspect_finish's result. */
static int read_async(PGresult *extra, catalog *cat, strbuf *err)
{
    introspect_opts o = {0};
    diaglist dl = DIAGLIST_INIT;
    char *dsn = xasprintf("dbname=%s", dbname);
    PGconn *conn = connect_async(dsn, err);
    assert_non_null(conn);
    introspect_job *j = introspect_start(conn, &o, err);
    assert_non_null(j);
    if (extra)
        introspect_feed(j, extra);
    int f;
    while ((f = PQflush(conn)) == 1)
        wait_for(conn, true);
    assert_int_equal(f, 0);
    int rc;
    for (;;) {
        while (PQisBusy(conn)) {
            wait_for(conn, false);
            assert_int_equal(PQconsumeInput(conn), 1);
        }
        PGresult *r = PQgetResult(conn);
        if (!r) {
            rc = introspect_finish(j, cat, &dl, err);
            break;
        }
        introspect_feed(j, r);
    }
    assert_int_equal(PQtransactionStatus(conn), PQTRANS_IDLE); /* the batch ended its transaction */
    PQfinish(conn);
    free(dsn);
    diag_clear(&dl);
    return rc;
}

static void test_async_reads_what_sync_reads(void **state)
{
    (void)state;
    PGconn *c = fresh();
    if (!c)
        skip();
    exec_ok(c, "CREATE TYPE mood AS ENUM ('sad', 'ok');"
               "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL, m mood DEFAULT 'ok',"
               "  email text CHECK (email LIKE '%@%'));"
               "CREATE UNIQUE INDEX users_email ON users (lower(email));"
               "CREATE TABLE orders (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
               "  user_id bigint REFERENCES users ON DELETE CASCADE, total numeric(12,2));"
               "CREATE VIEW big AS SELECT * FROM orders WHERE total > 100;"
               "CREATE FUNCTION n_orders(u bigint) RETURNS bigint LANGUAGE sql STABLE"
               "  AS $$ SELECT count(*) FROM orders WHERE user_id = u $$;"
               "COMMENT ON TABLE users IS 'people';");
    introspect_opts o = {0};
    strbuf err = STRBUF_INIT;
    diaglist dl = DIAGLIST_INIT;
    catalog *a = catalog_new(), *b = catalog_new();
    assert_int_equal(introspect_db(c, &o, a, &dl, &err), 0);
    char *want = catalog_text(a);
    assert_non_null(strstr(want, "\"n_orders(bigint)\""));
    assert_int_equal(read_async(NULL, b, &err), 0);
    char *got = catalog_text(b);
    assert_string_equal(got, want);
    free(got);
    free(want);
    catalog_free(a);
    catalog_free(b);
    diag_clear(&dl);
    sb_release(&err);
    PQfinish(c);
}

static void test_async_failed_query_is_an_error(void **state)
{
    (void)state;
    PGconn *c = fresh();
    if (!c)
        skip();
    /* A failed result, from another session, stands for a query of the
     * batch that failed. */
    PGresult *bad = PQexec(c, "SELECT 1 / 0");
    assert_int_equal(PQresultStatus(bad), PGRES_FATAL_ERROR);
    strbuf err = STRBUF_INIT;
    catalog *cat = catalog_new();
    assert_int_equal(read_async(bad, cat, &err), -1);
    assert_non_null(strstr(err.buf, "division by zero (SQLSTATE 22012)"));
    catalog_free(cat);
    sb_release(&err);
    PQfinish(c);
}

static void test_async_connect_failure_is_one_line(void **state)
{
    (void)state;
    if (!getenv("PGHOST"))
        skip();
    strbuf err = STRBUF_INIT;
    assert_null(connect_async("dbname=isp_async_nowhere password=sekret", &err));
    assert_non_null(strstr(err.buf, "could not connect to dbname=isp_async_nowhere password=xxxxx: "));
    assert_non_null(strstr(err.buf, "\"isp_async_nowhere\" does not exist"));
    assert_null(strstr(err.buf, "sekret"));
    assert_null(strchr(err.buf, '\n'));
    sb_release(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_is_one_read_only_snapshot),
        cmocka_unit_test(test_session_settings_survive),
        cmocka_unit_test(test_order_follows_dependencies),
        cmocka_unit_test(test_invalid_index_is_marked),
        cmocka_unit_test(test_unsupported_objects_are_reported),
        cmocka_unit_test(test_async_reads_what_sync_reads),
        cmocka_unit_test(test_async_failed_query_is_an_error),
        cmocka_unit_test(test_async_connect_failure_is_one_line),
    };
    return cmocka_run_group_tests_name("introspect", tests, setup_db, teardown_db);
}
