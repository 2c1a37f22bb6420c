/* Unit tests for replay: what happens to each kind of statement.
 *
 * Statements that cannot change the schema (DML, SELECT, transaction
 * control, VACUUM, ...) are skipped by rule and change nothing; statements
 * replay cannot model are reported as unsupported (a warning naming the
 * line, an error under --strict, where the statement is not applied); DO
 * blocks are skipped when they only move data, evaluated when they are one
 * existence guard around plain DDL, and unsupported otherwise; tables made
 * by CREATE TABLE AS are reported at the end; objects remember the
 * statement that last changed them.
 *
 * Every statement here was run on a real PostgreSQL 15 while these tests
 * were written, to check that it is valid and what it leaves behind. */
#include "helpers.h"

#include "catalog_json.h"

#include <string.h>

static char *json_of(rpx *x)
{
    strbuf sb = STRBUF_INIT;
    json_opts o = {true, true};
    assert_int_equal(catalog_to_json(x->cat, &o, &sb), 0);
    return sb_detach(&sb);
}

static const char setup[] =
    "CREATE TABLE t (a int PRIMARY KEY, b text);\n"
    "CREATE VIEW v AS SELECT a FROM t;\n"
    "CREATE SEQUENCE s;\n";

/* ---- skipped by rule ----------------------------------------------------- */

static void test_skipped_statements_change_nothing(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, setup);
    char *before = json_of(x);
    size_t applied = x->rp.napplied;
    rpx_ok(x, "INSERT INTO t VALUES (1, 'x');\n"
              "UPDATE t SET b = 'y' WHERE a = 1;\n"
              "DELETE FROM t WHERE a = 2;\n"
              "MERGE INTO t USING (SELECT 3 AS a) s ON t.a = s.a WHEN NOT MATCHED THEN INSERT VALUES (s.a, 'z');\n"
              "SELECT * FROM t;\n"
              "SELECT nextval('s');\n"
              "SELECT setval('s', 10);\n"
              "BEGIN;\n"
              "SAVEPOINT sp;\n"
              "LOCK TABLE t IN ACCESS EXCLUSIVE MODE;\n"
              "RELEASE SAVEPOINT sp;\n"
              "COMMIT;\n"
              "VACUUM t;\n"
              "ANALYZE t;\n"
              "VACUUM ANALYZE;\n"
              "TRUNCATE t;\n"
              "COPY t TO STDOUT;\n"
              "NOTIFY chan, 'x';\n"
              "LISTEN chan;\n"
              "UNLISTEN chan;\n"
              "CLUSTER t USING t_pkey;\n"
              "REINDEX TABLE t;\n"
              "CHECKPOINT;\n"
              "EXPLAIN SELECT 1;\n"
              "SHOW search_path;\n"
              "SET statement_timeout = 0;\n"
              "SET lock_timeout TO '5s';\n"
              "SET client_min_messages = warning;\n"
              "SET CONSTRAINTS ALL DEFERRED;\n"
              "DISCARD ALL;\n"
              "PREPARE q AS SELECT 1;\n"
              "EXECUTE q;\n"
              "DEALLOCATE q;\n"
              "CREATE ROLE r;\n"
              "ALTER ROLE r SET search_path = app;\n"
              "GRANT r TO postgres;\n"
              "DROP ROLE r;\n"
              "ALTER DATABASE postgres SET timezone = 'UTC';\n"
              "CREATE TEMP TABLE tmp (a int);\n"
              "CREATE TEMP SEQUENCE tmp_s;\n"
              "CREATE TEMP VIEW tmp_v AS SELECT 1;\n");
    char *after = json_of(x);
    assert_string_equal(before, after);
    free(before);
    free(after);
    assert_int_equal(x->rp.nunsupported, 0);
    /* SET is applied (it may set search_path), everything else skipped */
    assert_int_equal(x->rp.napplied - applied, 3);
    assert_int_equal(x->rp.nstmts, 3 + 41);
    assert_int_equal(x->rp.nskipped, 41 - 3);
    rpx_free(x);
}

/* ---- unsupported ------------------------------------------------------------------ */

static void test_unsupported_warns(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, setup);
    rpx_ok(x, "CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE TYPE pair AS (a int, b int);\n");
    int rc = rpx_run(x, "CREATE RULE r AS ON INSERT TO t DO NOTHING;\n"
                        "CREATE AGGREGATE myagg (int) (sfunc = int4pl, stype = int);\n"
                        "CALL p();\n"
                        "ALTER TYPE pair RENAME ATTRIBUTE a TO c;\n"
                        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_ro;\n"
                        "ALTER SCHEMA public RENAME TO pub;\n");
    assert_int_equal(rc, 0);
    assert_int_equal(rpx_count(x, DIAG_ERROR), 0);
    static const char *const want[] = {
        "unsupported: statement rule_stmt; the catalog may differ from the server's",
        "unsupported: statement define_stmt; the catalog may differ from the server's",
        "unsupported: CALL runs a procedure whose effect cannot be replayed offline; the catalog may differ from the server's",
        "unsupported: ALTER TYPE ... RENAME ATTRIBUTE; the catalog may differ from the server's",
        "unsupported: GRANT/REVOKE ... ON ALL ... IN SCHEMA; the catalog may differ from the server's",
        "unsupported: ALTER SCHEMA ... RENAME (every qualified name in the schema would change); "
        "the catalog may differ from the server's",
    };
    size_t n = sizeof(want) / sizeof(want[0]);
    assert_int_equal(rpx_count(x, DIAG_WARNING), n);
    for (size_t i = 0; i < n; i++) {
        const diag *d = rpx_diag(x, DIAG_WARNING, i);
        assert_string_equal(d->msg, want[i]);
        assert_int_equal(d->line, (int)i + 1);
        assert_string_equal(d->path, "t.sql");
    }
    assert_int_equal(x->rp.nunsupported, n);
    rpx_free(x);
}

static void test_unsupported_strict_is_error(void **state)
{
    (void)state;
    replay_opts strict = {true, false};
    rpx *x = rpx_new_opts(strict);
    rpx_ok(x, setup);
    rpx_error(x, "CREATE TABLE u (a int);\n"
                 "CREATE RULE r AS ON INSERT TO t DO NOTHING;\n"
                 "CREATE TABLE w (a int);\n",
              2, "unsupported: statement rule_stmt");
    /* replay stops at the error: what came before stays */
    assert_non_null(rpx_rel_or_null(x, "u"));
    assert_null(rpx_rel_or_null(x, "w"));
    rpx_free(x);
}

static void test_create_table_as_reported_at_end(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, setup);
    rpx_ok(x, "CREATE TABLE copy AS SELECT a, b FROM t;\n"
              "CREATE TABLE gone AS SELECT 1 AS one;\n"
              "DROP TABLE gone;\n");
    /* the columns are known by name; their types need the server */
    assert_string_equal(colnames(rpx_rel(x, "copy")), "a, b");
    assert_string_equal(rpx_col(x, "copy", "a")->type, "");
    assert_int_equal(replay_finish(&x->rp), 0);
    assert_int_equal(rpx_count(x, DIAG_WARNING), 1);
    const diag *d = rpx_diag(x, DIAG_WARNING, 0);
    assert_int_equal(d->line, 1);
    assert_string_equal(d->msg, "unsupported: the types of 2 columns of table copy (made by CREATE TABLE AS) "
                                "need the server's type resolution; the catalog records them as unknown");
    rpx_free(x);
}

/* ---- DO blocks --------------------------------------------------------------------- */

static void test_do_data_only_skipped(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, setup);
    char *before = json_of(x);
    size_t skipped = x->rp.nskipped;
    rpx_ok(x, "DO $$\n"
              "DECLARE r record;\n"
              "BEGIN\n"
              "  FOR r IN SELECT a FROM t LOOP\n"
              "    UPDATE t SET b = 'x' WHERE a = r.a;\n"
              "  END LOOP;\n"
              "  INSERT INTO t VALUES (1, 'y') ON CONFLICT DO NOTHING;\n"
              "  PERFORM setval('s', 5);\n"
              "END$$;\n");
    char *after = json_of(x);
    assert_string_equal(before, after);
    free(before);
    free(after);
    assert_int_equal(x->rp.nskipped, skipped + 1);
    rpx_free(x);
}

static void test_do_guard_evaluated(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, setup);
    const char *guarded =
        "DO $$\n"
        "BEGIN\n"
        "  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'b_len') THEN\n"
        "    ALTER TABLE t ADD CONSTRAINT b_len CHECK (length(b) < 10);\n"
        "  END IF;\n"
        "END$$;\n";
    rpx_ok(x, guarded);
    assert_string_equal(rpx_con(x, "t", "b_len")->expr, "length(b) < 10");
    /* the second time the guard is false, and nothing is added */
    rpx_ok(x, guarded);
    assert_string_equal(connames(rpx_rel(x, "t")), "b_len, t_pkey");
    /* other answerable guards: columns, types, relations, extensions */
    rpx_ok(x, "DO $$ BEGIN\n"
              "  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 't' AND column_name = 'b') THEN\n"
              "    ALTER TABLE t RENAME COLUMN b TO c;\n"
              "  END IF;\n"
              "END $$;\n"
              "DO $$ BEGIN\n"
              "  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN\n"
              "    CREATE TYPE mood AS ENUM ('a');\n"
              "  ELSE\n"
              "    CREATE TYPE other AS ENUM ('b');\n"
              "  END IF;\n"
              "END $$;\n"
              "DO $$ BEGIN\n"
              "  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'nope') THEN\n"
              "    DROP TABLE nope;\n"
              "  END IF;\n"
              "END $$;\n"
              "DO $$ BEGIN\n"
              "  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgcrypto') THEN\n"
              "    CREATE EXTENSION pgcrypto;\n"
              "  END IF;\n"
              "END $$;\n");
    assert_string_equal(colnames(rpx_rel(x, "t")), "a, c");
    assert_non_null(cat_type_get(x->cat, "public", "mood"));
    assert_null(cat_type_get(x->cat, "public", "other"));
    assert_non_null(cat_ext_get(x->cat, "pgcrypto"));
    rpx_free(x);
}

static void test_do_guard_error_points_at_do(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, setup);
    /* the DDL inside fails as it would on the server, at the DO's line */
    rpx_error(x, "\n"
                 "DO $$ BEGIN\n"
                 "  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'x') THEN\n"
                 "    ALTER TABLE t ADD COLUMN a int;\n"
                 "  END IF;\n"
                 "END $$;\n",
              2, "column \"a\" of relation \"t\" already exists");
    rpx_free(x);
}

static void test_do_unsupported(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, setup);
    int rc = rpx_run(x, "DO $$ BEGIN EXECUTE 'CREATE TABLE x (a int)'; END $$;\n"
                        "DO $$ BEGIN IF now() > '2020-01-01' THEN CREATE TABLE y (a int); END IF; END $$;\n"
                        "DO LANGUAGE plperl $$ 1; $$;\n");
    assert_int_equal(rc, 0);
    assert_int_equal(rpx_count(x, DIAG_WARNING), 3);
    assert_string_equal(rpx_diag(x, DIAG_WARNING, 0)->msg,
                        "unsupported: DO block runs dynamic SQL (EXECUTE): its effect cannot be known without running it; "
                        "the catalog may differ from the server's");
    assert_string_equal(rpx_diag(x, DIAG_WARNING, 1)->msg,
                        "unsupported: DO block runs 1 schema statement (first: CREATE TABLE y (a int)) under conditions "
                        "sqlc does not evaluate; the catalog may differ from the server's");
    assert_int_equal(rpx_diag(x, DIAG_WARNING, 1)->line, 2);
    assert_string_equal(rpx_diag(x, DIAG_WARNING, 2)->msg,
                        "unsupported: DO block in language plperl: its effect cannot be known without running it; "
                        "the catalog may differ from the server's");
    assert_null(rpx_rel_or_null(x, "x"));
    assert_null(rpx_rel_or_null(x, "y"));
    assert_int_equal(x->rp.nunsupported, 3);
    rpx_free(x);
}

/* ---- bookkeeping ----------------------------------------------------------------------- */

static void test_locations(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int);\n"
              "\n"
              "-- a comment\n"
              "ALTER TABLE t ADD COLUMN b int;\n"
              "CREATE INDEX t_b ON t (b);\n");
    /* each object remembers the statement that last changed it */
    assert_string_equal(rpx_rel(x, "t")->obj.loc.path, "t.sql");
    assert_int_equal(rpx_rel(x, "t")->obj.loc.line, 4);
    assert_int_equal(rpx_col(x, "t", "a")->obj.loc.line, 1);
    assert_int_equal(rpx_col(x, "t", "b")->obj.loc.line, 4);
    assert_int_equal(rpx_idx(x, "t", "t_b")->obj.loc.line, 5);
    rpx_free(x);
}

static void test_syntax_error(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    assert_int_equal(rpx_run(x, "CREATE TABLE t (a int);\nCREATE TABEL u (a int);\n"), -1);
    const diag *d = rpx_diag(x, DIAG_ERROR, 0);
    assert_string_equal(d->msg, "syntax error at or near \"TABEL\"");
    assert_int_equal(d->line, 2);
    /* nothing of a file that does not parse is applied */
    assert_null(rpx_rel_or_null(x, "t"));
    rpx_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skipped_statements_change_nothing),
        cmocka_unit_test(test_unsupported_warns),
        cmocka_unit_test(test_unsupported_strict_is_error),
        cmocka_unit_test(test_create_table_as_reported_at_end),
        cmocka_unit_test(test_do_data_only_skipped),
        cmocka_unit_test(test_do_guard_evaluated),
        cmocka_unit_test(test_do_guard_error_points_at_do),
        cmocka_unit_test(test_do_unsupported),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_syntax_error),
    };
    return cmocka_run_group_tests_name("replay_stmts", tests, NULL, NULL);
}
