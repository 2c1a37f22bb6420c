/* diff: one test per object kind and change kind, each with the exact SQL
 * expected, plus the invariant every case also checks: replaying the
 * generated SQL onto the "from" schema gives a catalog the diff finds
 * equal to "to" (the in-catalog half of the round trip; the real-server
 * half is tests/scripts/diff_roundtrip.sh). */
#include "helpers.h"

#include <string.h>

#include "diff.h"

/* Asserts that from + diff(from, to) is to, as the diff sees it. */
static void round_trip(const char *from, const char *to, const diff_opts *o)
{
    rpx *x = rpx_new(), *y = rpx_new();
    rpx_ok(x, from);
    rpx_ok(y, to);
    changeset cs = {0};
    strbuf err = STRBUF_INIT, sql = STRBUF_INIT;
    if (diff_catalogs(x->cat, y->cat, o, &cs, &err) < 0)
        fail_msg("diff failed: %s", err.buf);
    diff_print_sql(&cs, NULL, &sql);
    changeset_release(&cs);
    rpx *z = rpx_new(), *w = rpx_new();
    rpx_ok(z, from);
    if (sql.len)
        rpx_ok(z, sql.buf);
    rpx_ok(w, to);
    if (diff_catalogs(z->cat, w->cat, o, &cs, &err) < 0)
        fail_msg("diff again failed: %s", err.buf);
    if (cs.n)
        fail_msg("applying the diff does not reach the target: %zu changes left, first %c %s %s\nSQL was:\n%s",
                 cs.n, cs.v[0]->op, cs.v[0]->kind, cs.v[0]->object, sql.buf);
    changeset_release(&cs);
    rpx_free(x);
    rpx_free(y);
    rpx_free(z);
    rpx_free(w);
    sb_release(&err);
    sb_release(&sql);
}

/* Diffs schema A -> B and returns the bare SQL; checks the round trip
 * both ways.  o may be NULL. */
static char *diff_sql(const char *a, const char *b, const diff_opts *o, unsigned *hazards)
{
    round_trip(a, b, o);
    round_trip(b, a, o);
    rpx *x = rpx_new(), *y = rpx_new();
    rpx_ok(x, a);
    rpx_ok(y, b);
    changeset cs = {0};
    strbuf err = STRBUF_INIT, out = STRBUF_INIT;
    if (diff_catalogs(x->cat, y->cat, o, &cs, &err) < 0)
        fail_msg("diff failed: %s", err.buf);
    for (size_t i = 0; i < cs.n; i++)
        for (size_t k = 0; k < cs.v[i]->sql.n; k++)
            sb_adds(&out, cs.v[i]->sql.v[k]);
    if (hazards)
        *hazards = changeset_hazards(&cs);
    changeset_release(&cs);
    rpx_free(x);
    rpx_free(y);
    sb_release(&err);
    return sb_detach(&out);
}

static void expect(const char *a, const char *b, const char *want)
{
    char *got = diff_sql(a, b, NULL, NULL);
    assert_string_equal(got, want);
    free(got);
}

static void test_equal_schemas_written_differently(void **state)
{
    (void)state;
    expect("CREATE TABLE t (a int4 DEFAULT (1), b varchar(5) CHECK (b IN ('x','y')), c text DEFAULT 'a'::text);",
           "create table public.t (a integer default 1, b character varying(5) check (b = any (array['x','y'])), c text default 'a');",
           "");
}

static void test_table_create_and_drop(void **state)
{
    (void)state;
    expect("", "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);",
           "CREATE TABLE public.t (\n    id integer NOT NULL,\n    name text NOT NULL\n);\n"
           "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n");
    unsigned h = 0;
    char *got = diff_sql("CREATE TABLE t (id int);", "", NULL, &h);
    assert_string_equal(got, "DROP TABLE public.t;\n");
    assert_true(h & (1u << HZ_DATA_LOSS));
    free(got);
}

static void test_column_changes(void **state)
{
    (void)state;
    expect("CREATE TABLE t (a int);", "CREATE TABLE t (a int, b text DEFAULT 'x' NOT NULL);",
           "ALTER TABLE public.t ADD COLUMN b text DEFAULT 'x' NOT NULL;\n");
    expect("CREATE TABLE t (a int, b text);", "CREATE TABLE t (a int);",
           "ALTER TABLE public.t DROP COLUMN b;\n");
    expect("CREATE TABLE t (a int DEFAULT 1);", "CREATE TABLE t (a int DEFAULT 2 NOT NULL);",
           "ALTER TABLE public.t ALTER COLUMN a SET DEFAULT 2;\nALTER TABLE public.t ALTER COLUMN a SET NOT NULL;\n");
    expect("CREATE TABLE t (a int NOT NULL DEFAULT 1);", "CREATE TABLE t (a int);",
           "ALTER TABLE public.t ALTER COLUMN a DROP DEFAULT;\nALTER TABLE public.t ALTER COLUMN a DROP NOT NULL;\n");
    expect("CREATE TABLE t (a int);", "CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY);",
           "ALTER TABLE public.t ALTER COLUMN a SET NOT NULL;\n"
           "ALTER TABLE public.t ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY;\n");
}

static void test_type_change_hazards(void **state)
{
    (void)state;
    unsigned h = 0;
    char *got = diff_sql("CREATE TABLE t (a int);", "CREATE TABLE t (a bigint);", NULL, &h);
    assert_string_equal(got, "ALTER TABLE public.t ALTER COLUMN a TYPE bigint USING a::bigint;\n");
    assert_true(h & (1u << HZ_TABLE_REWRITE));
    free(got);
    got = diff_sql("CREATE TABLE t (a varchar(50));", "CREATE TABLE t (a varchar(100));", NULL, &h);
    assert_string_equal(got, "ALTER TABLE public.t ALTER COLUMN a TYPE character varying(100);\n");
    assert_false(h & (1u << HZ_TABLE_REWRITE));
    free(got);
    assert_false(type_change_rewrites("character varying(20)", "text"));
    assert_false(type_change_rewrites("numeric(10,2)", "numeric(12,2)"));
    assert_true(type_change_rewrites("numeric(10,2)", "numeric(12,3)"));
    assert_true(type_change_rewrites("text", "integer"));
    assert_true(type_change_rewrites("character varying(100)", "character varying(50)"));
}

static void test_type_change_rebuilds_views(void **state)
{
    (void)state;
    expect("CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t;",
           "CREATE TABLE t (a bigint); CREATE VIEW v AS SELECT a FROM t;",
           "DROP VIEW public.v;\n"
           "ALTER TABLE public.t ALTER COLUMN a TYPE bigint USING a::bigint;\n"
           "CREATE VIEW public.v (a) AS\nSELECT t.a AS a FROM public.t;\n");
}

static void test_set_not_null_online(void **state)
{
    (void)state;
    diff_opts o = {0};
    o.online = true;
    unsigned h = 0;
    char *got = diff_sql("CREATE TABLE t (a int);", "CREATE TABLE t (a int NOT NULL);", &o, &h);
    assert_string_equal(got,
                        "ALTER TABLE public.t ADD CONSTRAINT a_not_null CHECK (a IS NOT NULL) NOT VALID;\n"
                        "ALTER TABLE public.t VALIDATE CONSTRAINT a_not_null;\n"
                        "ALTER TABLE public.t ALTER COLUMN a SET NOT NULL;\n"
                        "ALTER TABLE public.t DROP CONSTRAINT a_not_null;\n");
    assert_false(h & (1u << HZ_TABLE_SCAN));
    free(got);
}

static void test_constraints_and_indexes(void **state)
{
    (void)state;
    expect("CREATE TABLE t (a int);", "CREATE TABLE t (a int CHECK (a > 0));",
           "ALTER TABLE public.t\n    ADD CONSTRAINT t_a_check CHECK (a > 0);\n");
    expect("CREATE TABLE t (a int); CREATE INDEX t_a ON t (a);",
           "CREATE TABLE t (a int); CREATE INDEX t_a ON t (a) WHERE a > 0;",
           "DROP INDEX public.t_a;\nCREATE INDEX t_a ON public.t USING btree (a) WHERE (a > 0);\n");
    expect("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int);",
           "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p);",
           "ALTER TABLE ONLY public.c\n    ADD CONSTRAINT c_p_fkey FOREIGN KEY (p) REFERENCES public.p(id);\n");
}

static void test_concurrently_and_online(void **state)
{
    (void)state;
    diff_opts o = {0};
    o.concurrently = true;
    o.online = true;
    unsigned h = 0;
    char *got = diff_sql("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (a int, b int); CREATE INDEX t_b ON t (b);",
                         "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (a int REFERENCES p, b int); CREATE INDEX t_a ON t (a);",
                         &o, &h);
    assert_string_equal(got,
                        "DROP INDEX CONCURRENTLY public.t_b;\n"
                        "CREATE INDEX CONCURRENTLY t_a ON public.t USING btree (a);\n"
                        "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES public.p(id) NOT VALID;\n"
                        "ALTER TABLE public.t VALIDATE CONSTRAINT t_a_fkey;\n");
    assert_true(h & (1u << HZ_NOT_IN_TRANSACTION));
    assert_false(h & (1u << HZ_INDEX_BUILD));
    assert_false(h & (1u << HZ_TABLE_SCAN));
    free(got);
    got = diff_sql("CREATE TABLE t (a int);", "CREATE TABLE t (a int); CREATE INDEX t_a ON t (a);", NULL, &h);
    assert_true(h & (1u << HZ_INDEX_BUILD));
    free(got);
}

static void test_tables_before_their_foreign_keys(void **state)
{
    (void)state;
    expect("", "CREATE TABLE a (id int PRIMARY KEY, b int); CREATE TABLE b (id int PRIMARY KEY, a int REFERENCES a);"
               "ALTER TABLE a ADD FOREIGN KEY (b) REFERENCES b;",
           "CREATE TABLE public.a (\n    id integer NOT NULL,\n    b integer\n);\n"
           "CREATE TABLE public.b (\n    id integer NOT NULL,\n    a integer\n);\n"
           "ALTER TABLE ONLY public.a\n    ADD CONSTRAINT a_pkey PRIMARY KEY (id);\n"
           "ALTER TABLE ONLY public.b\n    ADD CONSTRAINT b_pkey PRIMARY KEY (id);\n"
           "ALTER TABLE ONLY public.a\n    ADD CONSTRAINT a_b_fkey FOREIGN KEY (b) REFERENCES public.b(id);\n"
           "ALTER TABLE ONLY public.b\n    ADD CONSTRAINT b_a_fkey FOREIGN KEY (a) REFERENCES public.a(id);\n");
}

static void test_enum_values_are_added_in_place(void **state)
{
    (void)state;
    expect("CREATE TYPE m AS ENUM ('a', 'c');", "CREATE TYPE m AS ENUM ('a', 'b', 'c', 'd');",
           "ALTER TYPE public.m ADD VALUE 'b' AFTER 'a';\nALTER TYPE public.m ADD VALUE 'd' AFTER 'c';\n");
    expect("CREATE TYPE m AS ENUM ('b');", "CREATE TYPE m AS ENUM ('a', 'b');",
           "ALTER TYPE public.m ADD VALUE 'a' BEFORE 'b';\n");
}

static void test_functions_replace_or_rebuild(void **state)
{
    (void)state;
    expect("CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';",
           "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1';",
           "CREATE OR REPLACE FUNCTION public.f(x integer) RETURNS integer\n    LANGUAGE sql\n    AS $$SELECT x + 1$$;\n");
    expect("CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';",
           "CREATE FUNCTION f(x int) RETURNS bigint LANGUAGE sql AS 'SELECT x::bigint';",
           "DROP FUNCTION public.f(integer);\n"
           "CREATE FUNCTION public.f(x integer) RETURNS bigint\n    LANGUAGE sql\n    AS $$SELECT x::bigint$$;\n");
}

static void test_sequences_and_comments(void **state)
{
    (void)state;
    expect("CREATE SEQUENCE s;", "CREATE SEQUENCE s INCREMENT BY 5 CACHE 10;",
           "ALTER SEQUENCE public.s INCREMENT BY 5 CACHE 10;\n");
    expect("CREATE TABLE t (a int); COMMENT ON COLUMN t.a IS 'x';", "CREATE TABLE t (a int);",
           "COMMENT ON COLUMN public.t.a IS NULL;\n");
}

static void test_renames(void **state)
{
    (void)state;
    /* Evidence: same type, nullability, default and position. */
    expect("CREATE TABLE users (id int, name text NOT NULL);",
           "CREATE TABLE users (id int, full_name text NOT NULL);",
           "ALTER TABLE public.users RENAME COLUMN name TO full_name;\n");
    expect("CREATE TABLE a (id int, v text); CREATE INDEX a_v ON a (v);",
           "CREATE TABLE b (id int, v text); CREATE INDEX a_v ON b (v);",
           "ALTER TABLE public.a RENAME TO b;\n");
    /* Turned off: drop + create, flagged. */
    diff_opts o = {0};
    o.no_rename_detection = true;
    unsigned h = 0;
    char *got = diff_sql("CREATE TABLE users (id int, name text);", "CREATE TABLE users (id int, full_name text);", &o, &h);
    assert_string_equal(got, "ALTER TABLE public.users DROP COLUMN name;\nALTER TABLE public.users ADD COLUMN full_name text;\n");
    assert_true(h & (1u << HZ_POSSIBLE_RENAME));
    assert_true(h & (1u << HZ_DATA_LOSS));
    free(got);
}

static void test_rename_hints(void **state)
{
    (void)state;
    const char *b = "CREATE TABLE people (\n  id int,\n  -- sqlc:renamed-from name\n  label text\n);\n"
                    "-- sqlc:renamed-from \"Users\"\nCREATE TABLE other (x int);\n";
    rename_hints hs = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(rename_hints_read("s.sql", b, strlen(b), &hs, &err), 0);
    assert_int_equal(hs.n, 2);
    assert_string_equal(hs.v[0].kind, "column");
    assert_string_equal(hs.v[0].parent, "people");
    assert_string_equal(hs.v[0].name, "label");
    assert_string_equal(hs.v[0].from, "name");
    assert_string_equal(hs.v[0].where, "s.sql:3");
    assert_string_equal(hs.v[1].kind, "table");
    assert_string_equal(hs.v[1].from, "Users");
    rename_hints_release(&hs);
    const char *bad = "-- sqlc:renamed-from a b\nCREATE TABLE t (x int);\n";
    assert_int_equal(rename_hints_read("s.sql", bad, strlen(bad), &hs, &err), -1);
    assert_string_equal(err.buf, "s.sql:1: '-- sqlc:renamed-from' needs exactly one name after it");
    rename_hints_release(&hs);
    sb_release(&err);
}

static void test_volatile_defaults(void **state)
{
    (void)state;
    assert_false(default_is_volatile("0", NULL));
    assert_false(default_is_volatile("now()", NULL));
    assert_true(default_is_volatile("random()", NULL));
    assert_true(default_is_volatile("gen_random_uuid()", NULL));
    assert_false(default_is_volatile(NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_schemas_written_differently),
        cmocka_unit_test(test_table_create_and_drop),
        cmocka_unit_test(test_column_changes),
        cmocka_unit_test(test_type_change_hazards),
        cmocka_unit_test(test_type_change_rebuilds_views),
        cmocka_unit_test(test_set_not_null_online),
        cmocka_unit_test(test_constraints_and_indexes),
        cmocka_unit_test(test_concurrently_and_online),
        cmocka_unit_test(test_tables_before_their_foreign_keys),
        cmocka_unit_test(test_enum_values_are_added_in_place),
        cmocka_unit_test(test_functions_replace_or_rebuild),
        cmocka_unit_test(test_sequences_and_comments),
        cmocka_unit_test(test_renames),
        cmocka_unit_test(test_rename_hints),
        cmocka_unit_test(test_volatile_defaults),
    };
    return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
