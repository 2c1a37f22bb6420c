/* Unit tests for replay: ALTER TABLE, RENAME, SET SCHEMA and DROP, one
 * small test per rule.
 *
 * Columns added with their constraints, dropped with what hangs on them
 * (indexes and constraints silently, views only under CASCADE), defaults
 * and NOT NULL set and dropped, types changed, identity and generated
 * columns altered; renames of tables, columns, constraints and indexes
 * with every stored text that names them rewritten; SET SCHEMA; and DROP
 * with IF EXISTS, RESTRICT and CASCADE exactly as the server reports them.
 *
 * Every expectation was checked against a real PostgreSQL 15 while these
 * tests were written (psql, pg_dump, and the server's error texts). */
#include "helpers.h"

#include <string.h>


/* ---- ADD / DROP COLUMN ------------------------------------------------------ */

static void test_add_column(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE u (id int PRIMARY KEY);\n"
              "CREATE TABLE t (a int);\n"
              "ALTER TABLE t ADD COLUMN d int NOT NULL DEFAULT 0 UNIQUE CHECK (d >= 0) REFERENCES u;\n"
              "ALTER TABLE t ADD COLUMN IF NOT EXISTS d text;\n"
              "ALTER TABLE t ADD e serial, ADD f varchar(5);\n");
    assert_string_equal(colnames(rpx_rel(x, "t")), "a, d, e, f");
    cat_column *d = rpx_col(x, "t", "d");
    assert_string_equal(d->type, "integer");
    assert_true(d->not_null);
    assert_string_equal(d->default_expr, "0");
    assert_string_equal(connames(rpx_rel(x, "t")), "t_d_check, t_d_fkey, t_d_key");
    assert_string_equal(rpx_col(x, "t", "e")->default_expr, "nextval('public.t_e_seq'::regclass)");
    assert_string_equal(rpx_col(x, "t", "f")->type, "character varying(5)");
    assert_int_equal(rpx_count(x, DIAG_NOTE), 1);
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "column \"d\" of relation \"t\" already exists, skipping");
    assert_int_equal(rpx_diag(x, DIAG_NOTE, 0)->line, 4);
    rpx_free(x);
}

static void test_drop_column_takes_indexes_and_constraints(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE u (id int PRIMARY KEY);\n"
              "CREATE TABLE t (a int, b int REFERENCES u, c int, UNIQUE (a, b), CHECK (a < b), CHECK (c > 0));\n"
              "CREATE INDEX t_ab ON t (a, b);\n"
              "CREATE INDEX t_expr ON t ((a + c)) WHERE b > 0;\n"
              "CREATE INDEX t_c ON t (c);\n"
              "ALTER TABLE t DROP COLUMN b;\n"
              "ALTER TABLE t DROP COLUMN IF EXISTS zz;\n");
    cat_rel *t = rpx_rel(x, "t");
    assert_string_equal(colnames(t), "a, c");
    /* multi-column indexes and constraints go too, and so does an index
     * whose predicate reads the column */
    assert_string_equal(connames(t), "t_c_check");
    assert_string_equal(idxnames(t), "t_c");
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "column \"zz\" of relation \"t\" does not exist, skipping");
    /* a serial's sequence goes with its column */
    rpx_ok(x, "CREATE TABLE s (id serial, x int);\nALTER TABLE s DROP COLUMN id;\n");
    assert_null(rpx_rel_or_null(x, "s_id_seq"));
    rpx_free(x);
}

static void test_drop_column_used_by_view(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int, b int);\n"
              "CREATE VIEW v AS SELECT a FROM t;\n");
    rpx_error(x, "ALTER TABLE t DROP COLUMN a;", 1,
              "cannot drop column a of table t because other objects depend on it\n"
              "DETAIL: view v depends on column a of table t\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    assert_string_equal(colnames(rpx_rel(x, "t")), "a, b");
    /* a column the view does not read can go */
    rpx_ok(x, "ALTER TABLE t DROP COLUMN b;");
    rpx_ok(x, "ALTER TABLE t DROP COLUMN a CASCADE;");
    assert_null(rpx_rel_or_null(x, "v"));
    assert_string_equal(colnames(rpx_rel(x, "t")), "");
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "drop cascades to view v");
    rpx_free(x);
}

static void test_drop_column_referenced_by_foreign_key(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE u (id int PRIMARY KEY, n int);\n"
              "CREATE TABLE t (u_id int REFERENCES u);\n");
    rpx_error(x, "ALTER TABLE u DROP COLUMN id;", 1,
              "cannot drop column id of table u because other objects depend on it\n"
              "DETAIL: constraint t_u_id_fkey on table t depends on column id of table u\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    rpx_ok(x, "ALTER TABLE u DROP COLUMN id CASCADE;");
    assert_string_equal(connames(rpx_rel(x, "t")), "");
    assert_string_equal(connames(rpx_rel(x, "u")), "");
    assert_string_equal(colnames(rpx_rel(x, "t")), "u_id");
    rpx_free(x);
}

/* ---- defaults, NOT NULL, types ------------------------------------------------------ */

static void test_default_and_not_null(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int, b boolean, c timestamp, d bytea);\n"
              "ALTER TABLE t ALTER COLUMN a SET DEFAULT 42, ALTER COLUMN a SET NOT NULL;\n"
              /* literal defaults are stored as the server stores them */
              "ALTER TABLE t ALTER COLUMN b SET DEFAULT 't';\n"
              "ALTER TABLE t ALTER COLUMN c SET DEFAULT '2024-01-02 03:04:05+00:00';\n"
              "ALTER TABLE t ALTER COLUMN d SET DEFAULT '';\n");
    cat_column *a = rpx_col(x, "t", "a");
    assert_string_equal(a->default_expr, "42");
    assert_true(a->not_null);
    assert_string_equal(rpx_col(x, "t", "b")->default_expr, "true");
    assert_string_equal(rpx_col(x, "t", "c")->default_expr, "'2024-01-02 03:04:05'");
    assert_string_equal(rpx_col(x, "t", "d")->default_expr, "E'\\\\x'");
    rpx_ok(x, "ALTER TABLE t ALTER COLUMN a DROP DEFAULT, ALTER COLUMN a DROP NOT NULL;");
    assert_null(a->default_expr);
    assert_false(a->not_null);
    rpx_free(x);
}

static void test_sequence_default_dependency(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE SEQUENCE s;\n"
              "CREATE TABLE t (a bigint DEFAULT nextval('s'));\n");
    assert_string_equal(rpx_col(x, "t", "a")->default_expr, "nextval('public.s'::regclass)");
    rpx_error(x, "DROP SEQUENCE s;", 1,
              "cannot drop sequence s because other objects depend on it\n"
              "DETAIL: default value for column a of table t depends on sequence s\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    /* CASCADE removes just the default */
    rpx_ok(x, "DROP SEQUENCE s CASCADE;");
    assert_null(rpx_col(x, "t", "a")->default_expr);
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "drop cascades to default value for column a of table t");
    /* a replaced default no longer needs the sequence */
    rpx_ok(x, "CREATE SEQUENCE s2;\n"
              "ALTER TABLE t ALTER COLUMN a SET DEFAULT nextval('s2');\n"
              "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1;\n"
              "DROP SEQUENCE s2;\n");
    rpx_free(x);
}

static void test_alter_type(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int DEFAULT 1, c text DEFAULT 'x', d varchar(3));\n"
              "CREATE INDEX t_a ON t (a);\n"
              "ALTER TABLE t ALTER COLUMN a TYPE bigint USING a::bigint;\n"
              "ALTER TABLE t ALTER COLUMN c TYPE varchar(10), ALTER COLUMN d SET DATA TYPE text;\n");
    assert_string_equal(rpx_col(x, "t", "a")->type, "bigint");
    assert_string_equal(rpx_col(x, "t", "a")->default_expr, "1");
    assert_string_equal(rpx_col(x, "t", "c")->type, "character varying(10)");
    assert_string_equal(rpx_col(x, "t", "c")->default_expr, "'x'");
    assert_string_equal(rpx_col(x, "t", "d")->type, "text");
    /* indexes on the column survive */
    assert_string_equal(sv(&rpx_idx(x, "t", "t_a")->elems), "a");
    rpx_free(x);
}

static void test_alter_type_pinned(void **state)
{
    (void)state;
    rpx_fails("CREATE TABLE t (a int, b int);\n"
              "CREATE VIEW v AS SELECT a FROM t;\n"
              "ALTER TABLE t ALTER COLUMN a TYPE bigint;", 3,
              "cannot alter type of a column used by a view or rule\n"
              "DETAIL: rule _RETURN on view v depends on column \"a\"");
    rpx_fails("CREATE TABLE t (a int);\n"
              "CREATE MATERIALIZED VIEW m AS SELECT a FROM t;\n"
              "ALTER TABLE t ALTER COLUMN a TYPE bigint;", 3,
              "cannot alter type of a column used by a view or rule\n"
              "DETAIL: rule _RETURN on materialized view m depends on column \"a\"");
    rpx_fails("CREATE TABLE t (a int);\n"
              "CREATE POLICY p ON t USING (a > 0);\n"
              "ALTER TABLE t ALTER COLUMN a TYPE bigint;", 3,
              "cannot alter type of a column used in a policy definition\n"
              "DETAIL: policy p on table t depends on column \"a\"");
    rpx_fails("CREATE TABLE t (a int);\n"
              "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';\n"
              "CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW WHEN (new.a > 0) EXECUTE FUNCTION f();\n"
              "ALTER TABLE t ALTER COLUMN a TYPE bigint;", 4,
              "cannot alter type of a column used in a trigger definition\n"
              "DETAIL: trigger tr on table t depends on column \"a\"");
}

static void test_primary_key_keeps_not_null(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (id int PRIMARY KEY, b int);");
    rpx_error(x, "ALTER TABLE t ALTER COLUMN id DROP NOT NULL;", 1, "column \"id\" is in a primary key");
    assert_true(rpx_col(x, "t", "id")->not_null);
    /* dropping the key leaves the NOT NULL it set */
    rpx_ok(x, "ALTER TABLE t DROP CONSTRAINT t_pkey;");
    assert_true(rpx_col(x, "t", "id")->not_null);
    assert_string_equal(idxnames(rpx_rel(x, "t")), "");
    rpx_ok(x, "ALTER TABLE t ALTER COLUMN id DROP NOT NULL;");
    assert_false(rpx_col(x, "t", "id")->not_null);
    rpx_free(x);
}

/* ---- identity, generated, constraints, inheritance --------------------------------- */

static void test_identity_alter(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE g (i int GENERATED BY DEFAULT AS IDENTITY);\n"
              "ALTER TABLE g ALTER COLUMN i SET GENERATED ALWAYS, ALTER COLUMN i SET INCREMENT BY 10,\n"
              "  ALTER COLUMN i RESTART WITH 5;\n"
              "CREATE TABLE k (a int NOT NULL);\n"
              "ALTER TABLE k ALTER COLUMN a ADD GENERATED BY DEFAULT AS IDENTITY (START WITH 100);\n"
              "CREATE TABLE h (a int GENERATED ALWAYS AS IDENTITY);\n"
              "ALTER TABLE h ALTER COLUMN a DROP IDENTITY;\n"
              "ALTER TABLE h ALTER COLUMN a DROP IDENTITY IF EXISTS;\n");
    assert_int_equal(rpx_col(x, "g", "i")->identity, 'a');
    cat_rel *gs = rpx_rel(x, "g_i_seq");
    assert_true(gs->seq.increment == 10 && gs->seq.start == 1);
    assert_int_equal(rpx_col(x, "k", "a")->identity, 'd');
    assert_true(rpx_rel(x, "k_a_seq")->seq.start == 100);
    assert_true(rpx_rel(x, "k_a_seq")->identity_seq);
    /* DROP IDENTITY drops the sequence and keeps NOT NULL */
    assert_int_equal(rpx_col(x, "h", "a")->identity, 0);
    assert_true(rpx_col(x, "h", "a")->not_null);
    assert_null(rpx_rel_or_null(x, "h_a_seq"));
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg,
                        "column \"a\" of relation \"h\" is not an identity column, skipping");
    rpx_free(x);
}

static void test_drop_expression(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
              "ALTER TABLE g ALTER COLUMN b DROP EXPRESSION;\n"
              /* without the expression, a no longer pins b */
              "ALTER TABLE g DROP COLUMN a;\n");
    assert_null(rpx_col(x, "g", "b")->generated);
    assert_string_equal(colnames(rpx_rel(x, "g")), "b");
    rpx_free(x);
}

static void test_alter_constraint(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE u (id int PRIMARY KEY);\n"
              "CREATE TABLE f (u_id int CONSTRAINT f_u REFERENCES u);\n"
              "ALTER TABLE f ALTER CONSTRAINT f_u DEFERRABLE INITIALLY DEFERRED;\n");
    cat_constraint *k = rpx_con(x, "f", "f_u");
    assert_true(k->deferrable && k->deferred);
    rpx_ok(x, "ALTER TABLE f ALTER CONSTRAINT f_u NOT DEFERRABLE;");
    assert_false(k->deferrable || k->deferred);
    rpx_free(x);
}

static void test_inherit_no_inherit(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE par (x int);\n"
              "CREATE TABLE chi (x int, y int);\n"
              "ALTER TABLE chi INHERIT par;\n"
              "CREATE TABLE chi2 (y int) INHERITS (par);\n"
              "ALTER TABLE chi2 NO INHERIT par;\n");
    cat_rel *chi = rpx_rel(x, "chi");
    assert_int_equal(chi->ninherits, 1);
    assert_ptr_equal(chi->inherits[0], rpx_rel(x, "par"));
    assert_int_equal(rpx_col(x, "chi", "x")->inh_count, 1);
    cat_rel *chi2 = rpx_rel(x, "chi2");
    assert_int_equal(chi2->ninherits, 0);
    /* the formerly inherited column stays, now local */
    assert_string_equal(colnames(chi2), "x, y");
    assert_true(rpx_col(x, "chi2", "x")->is_local);
    assert_int_equal(rpx_col(x, "chi2", "x")->inh_count, 0);
    rpx_error(x, "ALTER TABLE chi DROP COLUMN y;\nALTER TABLE chi INHERIT par;", 2,
              "relation \"par\" would be inherited from more than once");
    /* an inherited column cannot be dropped from the child, even when it
     * is also defined there */
    rpx_error(x, "ALTER TABLE chi DROP COLUMN x;", 1, "cannot drop inherited column \"x\"");
    rpx_free(x);
}

static void test_inherit_checks(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    /* an inherited CHECK must be restated by the child; it becomes the
     * child's own again on NO INHERIT */
    rpx_ok(x, "CREATE TABLE par (x int CONSTRAINT c CHECK (x > 0));\n"
              "CREATE TABLE chi (x int CONSTRAINT c CHECK (x > 0));\n"
              "ALTER TABLE chi INHERIT par;\n"
              "CREATE TABLE chi2 () INHERITS (par);\n"
              "ALTER TABLE chi2 NO INHERIT par;\n");
    assert_true(rpx_con(x, "chi", "c")->is_local);
    assert_true(rpx_con(x, "chi2", "c")->is_local);
    assert_true(rpx_col(x, "chi2", "x")->is_local);
    rpx_free(x);
    rpx_fails("CREATE TABLE par (x int);\nCREATE TABLE chi (y int);\nALTER TABLE chi INHERIT par;", 3,
              "child table is missing column \"x\"");
    rpx_fails("CREATE TABLE par (x int);\nCREATE TABLE chi (x text);\nALTER TABLE chi INHERIT par;", 3,
              "child table \"chi\" has different type for column \"x\"");
    rpx_fails("CREATE TABLE par (x int NOT NULL);\nCREATE TABLE chi (x int);\nALTER TABLE chi INHERIT par;", 3,
              "column \"x\" in child table must be marked NOT NULL");
    rpx_fails("CREATE TABLE par (x int CHECK (x > 0));\nCREATE TABLE chi (x int);\nALTER TABLE chi INHERIT par;", 3,
              "child table is missing constraint \"par_x_check\"");
    rpx_fails("CREATE TABLE par (x int CONSTRAINT c CHECK (x > 0));\nCREATE TABLE chi (x int CONSTRAINT c CHECK (x > 1));\n"
              "ALTER TABLE chi INHERIT par;", 3,
              "child table \"chi\" has different definition for check constraint \"c\"");
    rpx_fails("CREATE TABLE par (x int);\nCREATE TABLE chi () INHERITS (par);\nALTER TABLE par INHERIT chi;", 3,
              "circular inheritance not allowed\nDETAIL: \"chi\" is already a child of \"par\".");
}

/* ---- renames ---------------------------------------------------------------------------- */

static void test_rename_column_rewrites_dependents(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE u (id int PRIMARY KEY, code text UNIQUE);\n"
              "CREATE TABLE t (a int DEFAULT 1, b int, c int GENERATED ALWAYS AS (a + 1) STORED,\n"
              "  u_id int REFERENCES u, CHECK (a > b), UNIQUE (b) INCLUDE (a));\n"
              "CREATE INDEX t_expr ON t ((a + b)) WHERE a > 0;\n"
              "CREATE INDEX t_plain ON t (a DESC);\n"
              "CREATE VIEW v AS SELECT t.a, b FROM t;\n"
              "CREATE VIEW v2 AS SELECT x.a AS xa FROM t x JOIN u ON u.id = x.u_id;\n"
              "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';\n"
              "CREATE TRIGGER tr BEFORE UPDATE OF a ON t FOR EACH ROW WHEN (new.a > 0) EXECUTE FUNCTION f();\n"
              "CREATE POLICY p ON t USING (a > 0) WITH CHECK (b > 0);\n"
              "ALTER TABLE t RENAME COLUMN a TO aa;\n"
              "ALTER TABLE u RENAME COLUMN id TO uid;\n");
    assert_string_equal(colnames(rpx_rel(x, "t")), "aa, b, c, u_id");
    assert_string_equal(rpx_col(x, "t", "c")->generated, "aa + 1");
    assert_string_equal(rpx_con(x, "t", "t_check")->expr, "aa > b");
    assert_string_equal(sv(&rpx_con(x, "t", "t_b_a_key")->include), "aa");
    assert_string_equal(sv(&rpx_idx(x, "t", "t_b_a_key")->include), "aa");
    cat_index *ex = rpx_idx(x, "t", "t_expr");
    assert_string_equal(sv(&ex->elems), "(aa + b)");
    assert_string_equal(ex->where, "aa > 0");
    assert_string_equal(sv(&rpx_idx(x, "t", "t_plain")->elems), "aa DESC");
    /* a view's column keeps its name; the reference follows the column */
    assert_string_equal(rpx_query(x, "v"), "SELECT t.aa AS a, t.b AS b FROM public.t");
    assert_string_equal(colnames(rpx_rel(x, "v")), "a, b");
    assert_string_equal(rpx_query(x, "v2"), "SELECT x.aa AS xa FROM public.t x JOIN public.u ON u.uid = x.u_id");
    cat_trigger *tr = cat_trigger_get(rpx_rel(x, "t"), "tr");
    assert_string_equal(sv(&tr->update_columns), "aa");
    assert_string_equal(tr->when, "new.aa > 0");
    cat_policy *p = cat_policy_get(rpx_rel(x, "t"), "p");
    assert_string_equal(p->using_expr, "aa > 0");
    /* keys on the referenced side follow too */
    assert_string_equal(sv(&rpx_con(x, "t", "t_u_id_fkey")->ref_columns), "uid");
    assert_string_equal(sv(&rpx_con(x, "u", "u_pkey")->columns), "uid");
    assert_string_equal(sv(&rpx_idx(x, "u", "u_pkey")->elems), "uid");
    rpx_free(x);
}

static void test_rename_table_sequence_index_constraint(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (id serial PRIMARY KEY, a int CHECK (a > 0));\n"
              "CREATE INDEX t_a ON t (a);\n"
              "CREATE VIEW v AS SELECT id, a FROM t;\n"
              "CREATE SEQUENCE s;\n"
              "CREATE TABLE w (x int DEFAULT nextval('s'));\n"
              "ALTER TABLE t RENAME TO tt;\n"
              "ALTER SEQUENCE s RENAME TO s2;\n"
              "ALTER INDEX t_a RENAME TO tt_a;\n"
              "ALTER TABLE tt RENAME CONSTRAINT t_a_check TO tt_a_check;\n"
              "ALTER INDEX t_pkey RENAME TO tt_pk;\n");
    assert_null(rpx_rel_or_null(x, "t"));
    cat_rel *tt = rpx_rel(x, "tt");
    /* the serial's sequence keeps its name; the default still reads it */
    assert_string_equal(rpx_col(x, "tt", "id")->default_expr, "nextval('public.t_id_seq'::regclass)");
    assert_string_equal(rpx_query(x, "v"), "SELECT tt.id AS id, tt.a AS a FROM public.tt");
    assert_string_equal(rpx_col(x, "w", "x")->default_expr, "nextval('public.s2'::regclass)");
    assert_string_equal(idxnames(tt), "tt_a, tt_pk");
    assert_non_null(cat_index_get(x->cat, "public", "tt_a"));
    assert_null(cat_index_get(x->cat, "public", "t_a"));
    /* renaming a key's index renames the constraint, and back */
    assert_string_equal(connames(tt), "tt_a_check, tt_pk");
    rpx_ok(x, "ALTER TABLE tt RENAME CONSTRAINT tt_pk TO tt_pkey;");
    assert_string_equal(idxnames(tt), "tt_a, tt_pkey");
    rpx_free(x);
}

static void test_rename_view_column(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int);\n"
              "CREATE VIEW v AS SELECT a FROM t;\n"
              "ALTER TABLE t RENAME TO t2;\n"
              "ALTER VIEW v RENAME COLUMN a TO aa;\n"
              "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;\n"
              "ALTER MATERIALIZED VIEW mv RENAME COLUMN x TO y;\n"
              /* SET SCHEMA to where it already is changes nothing */
              "ALTER VIEW v SET SCHEMA public;\n");
    assert_string_equal(colnames(rpx_rel(x, "v")), "aa");
    assert_string_equal(rpx_query(x, "v"), "SELECT t2.a AS aa FROM public.t2");
    assert_string_equal(rpx_query(x, "mv"), "SELECT 1 AS y");
    rpx_free(x);
}

static void test_rename_errors(void **state)
{
    (void)state;
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN b TO c;", 2, "column \"b\" does not exist");
    rpx_fails("CREATE TABLE t (a int, b int);\nALTER TABLE t RENAME COLUMN a TO b;", 2,
              "column \"b\" of relation \"t\" already exists");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t RENAME CONSTRAINT x TO y;", 2,
              "constraint \"x\" for table \"t\" does not exist");
    rpx_fails("CREATE TABLE t (a int);\nCREATE TABLE u ();\nALTER TABLE t RENAME TO u;", 3,
              "relation \"u\" already exists");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE nope RENAME TO u;", 2, "relation \"nope\" does not exist");
}

/* ---- SET SCHEMA -------------------------------------------------------------------------- */

static void test_set_schema(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE SCHEMA app;\n"
              "CREATE TABLE t (id serial PRIMARY KEY, a int);\n"
              "CREATE INDEX t_a ON t (a);\n"
              "CREATE VIEW v AS SELECT id, a FROM t;\n"
              "CREATE SEQUENCE s;\n"
              "CREATE TABLE w (x int DEFAULT nextval('s'));\n"
              "ALTER TABLE t SET SCHEMA app;\n"
              "ALTER SEQUENCE s SET SCHEMA app;\n");
    assert_null(rpx_rel_or_null(x, "t"));
    cat_rel *t = rpx_rel(x, "app.t");
    /* indexes, constraints and owned sequences move along */
    assert_non_null(cat_index_get(x->cat, "app", "t_a"));
    assert_non_null(cat_index_get(x->cat, "app", "t_pkey"));
    assert_null(cat_index_get(x->cat, "public", "t_a"));
    assert_non_null(rpx_rel(x, "app.t_id_seq"));
    assert_string_equal(rpx_col(x, "app.t", "id")->default_expr, "nextval('app.t_id_seq'::regclass)");
    assert_string_equal(rpx_query(x, "v"), "SELECT t.id AS id, t.a AS a FROM app.t");
    assert_string_equal(rpx_col(x, "w", "x")->default_expr, "nextval('app.s'::regclass)");
    assert_string_equal(t->schema->name, "app");
    rpx_free(x);
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t SET SCHEMA nope;", 2, "schema \"nope\" does not exist");
}

/* ---- DROP ----------------------------------------------------------------------------------- */

static void test_drop_if_exists(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "DROP TABLE IF EXISTS nope;\n"
              "DROP INDEX IF EXISTS nope;\n"
              "DROP VIEW IF EXISTS nope;\n"
              "DROP SEQUENCE IF EXISTS nope;\n"
              "DROP TYPE IF EXISTS nope;\n"
              "DROP FUNCTION IF EXISTS nope(int, text);\n"
              "DROP SCHEMA IF EXISTS nope;\n"
              "DROP TABLE IF EXISTS nope.t;\n"
              "ALTER TABLE IF EXISTS nope ADD COLUMN a int;\n");
    static const char *const want[] = {
        "table \"nope\" does not exist, skipping",
        "index \"nope\" does not exist, skipping",
        "view \"nope\" does not exist, skipping",
        "sequence \"nope\" does not exist, skipping",
        "type \"nope\" does not exist, skipping",
        "function nope(pg_catalog.int4,text) does not exist, skipping",
        "schema \"nope\" does not exist, skipping",
        "schema \"nope\" does not exist, skipping",
        "relation \"nope\" does not exist, skipping",
    };
    assert_int_equal(rpx_count(x, DIAG_NOTE), sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_string_equal(rpx_diag(x, DIAG_NOTE, i)->msg, want[i]);
        assert_int_equal(rpx_diag(x, DIAG_NOTE, i)->line, (int)i + 1);
    }
    assert_int_equal(x->cat->nrels, 0);
    rpx_free(x);
}

static void test_drop_restrict_lists_every_dependent(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int);\n"
              "CREATE VIEW v AS SELECT a FROM t;\n"
              "CREATE VIEW w AS SELECT * FROM v;\n");
    rpx_error(x, "\n\nDROP TABLE t;", 3,
              "cannot drop table t because other objects depend on it\n"
              "DETAIL: view v depends on table t\n"
              "view w depends on view v\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    /* nothing was dropped */
    assert_non_null(rpx_rel_or_null(x, "t"));
    assert_non_null(rpx_rel_or_null(x, "w"));
    /* RESTRICT is the default, and says the same */
    rpx_error(x, "DROP TABLE t RESTRICT;", 1,
              "cannot drop table t because other objects depend on it\n"
              "DETAIL: view v depends on table t\n"
              "view w depends on view v\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    /* dependents dropped in the same statement do not block */
    rpx_ok(x, "DROP VIEW v, w;");
    assert_null(rpx_rel_or_null(x, "v"));
    rpx_free(x);
}

static void test_drop_cascade(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE u (id int PRIMARY KEY);\n"
              "CREATE TABLE t (u_id int REFERENCES u, a int);\n"
              "CREATE VIEW v AS SELECT a FROM t;\n"
              "CREATE VIEW w AS SELECT * FROM v;\n");
    rpx_error(x, "DROP TABLE u;", 1,
              "cannot drop table u because other objects depend on it\n"
              "DETAIL: constraint t_u_id_fkey on table t depends on table u\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    /* CASCADE takes the foreign key, not the referencing table */
    rpx_ok(x, "DROP TABLE u CASCADE;");
    assert_string_equal(connames(rpx_rel(x, "t")), "");
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "drop cascades to constraint t_u_id_fkey on table t");
    rpx_ok(x, "DROP TABLE t CASCADE;");
    assert_null(rpx_rel_or_null(x, "v"));
    assert_null(rpx_rel_or_null(x, "w"));
    assert_int_equal(x->cat->nrels, 0);
    rpx_free(x);
}

static void test_drop_key_referenced_by_foreign_key(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE u (id int PRIMARY KEY);\n"
              "CREATE TABLE t (u_id int REFERENCES u);\n");
    rpx_error(x, "ALTER TABLE u DROP CONSTRAINT u_pkey;", 1,
              "cannot drop constraint u_pkey on table u because other objects depend on it\n"
              "DETAIL: constraint t_u_id_fkey on table t depends on index u_pkey\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    rpx_error(x, "DROP INDEX u_pkey;", 1,
              "cannot drop index u_pkey because constraint u_pkey on table u requires it\n"
              "HINT: You can drop constraint u_pkey on table u instead.");
    rpx_ok(x, "ALTER TABLE u DROP CONSTRAINT u_pkey CASCADE;");
    assert_string_equal(connames(rpx_rel(x, "t")), "");
    assert_string_equal(idxnames(rpx_rel(x, "u")), "");
    rpx_free(x);
}

static void test_drop_schema(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE SCHEMA app;\n"
              "CREATE TABLE app.t (a int);\n"
              "CREATE VIEW app.v AS SELECT * FROM app.t;\n");
    rpx_error(x, "DROP SCHEMA app;", 1,
              "cannot drop schema app because other objects depend on it\n"
              "DETAIL: table app.t depends on schema app\n"
              "view app.v depends on schema app\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    rpx_ok(x, "DROP SCHEMA app CASCADE;");
    assert_null(cat_schema_get(x->cat, "app"));
    assert_int_equal(x->cat->nrels, 0);
    rpx_free(x);
}

static void test_drop_errors(void **state)
{
    (void)state;
    rpx_fails("DROP TABLE nope;", 1, "table \"nope\" does not exist");
    rpx_fails("DROP INDEX nope;", 1, "index \"nope\" does not exist");
    rpx_fails("DROP SEQUENCE nope;", 1, "sequence \"nope\" does not exist");
    rpx_fails("DROP VIEW nope;", 1, "view \"nope\" does not exist");
    rpx_fails("CREATE TABLE t (a int);\nDROP VIEW t;", 2, "\"t\" is not a view\nHINT: Use DROP TABLE to remove a table.");
    rpx_fails("CREATE TABLE t (a int);\nDROP INDEX t;", 2, "\"t\" is not an index\nHINT: Use DROP TABLE to remove a table.");
    rpx_fails("CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nDROP TABLE i;", 3,
              "\"i\" is not a table\nHINT: Use DROP INDEX to remove an index.");
    rpx_fails("CREATE SEQUENCE s;\nDROP TABLE s;", 2, "\"s\" is not a table\nHINT: Use DROP SEQUENCE to remove a sequence.");
    rpx_fails("CREATE VIEW v AS SELECT 1 AS a;\nDROP TABLE v;", 2, "\"v\" is not a table\nHINT: Use DROP VIEW to remove a view.");
    /* an identity's sequence belongs to its column */
    rpx_fails("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);\nDROP SEQUENCE t_id_seq;", 2,
              "cannot drop sequence t_id_seq because column id of table t requires it\n"
              "HINT: You can drop column id of table t instead.");
}

static void test_alter_errors(void **state)
{
    (void)state;
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t DROP COLUMN b;", 2, "column \"b\" of relation \"t\" does not exist");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN b SET DEFAULT 1;", 2,
              "column \"b\" of relation \"t\" does not exist");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN a int;", 2, "column \"a\" of relation \"t\" already exists");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t DROP CONSTRAINT nope;", 2,
              "constraint \"nope\" of relation \"t\" does not exist");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE nope ADD COLUMN b int;", 2, "relation \"nope\" does not exist");
    rpx_fails("CREATE TABLE t (a int PRIMARY KEY);\nALTER TABLE t ADD PRIMARY KEY (a);", 2,
              "multiple primary keys for table \"t\" are not allowed");
    rpx_fails("CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0));\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 1);", 2,
              "constraint \"c\" for relation \"t\" already exists");
    rpx_fails("CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY);\nALTER TABLE t ALTER COLUMN a SET DEFAULT 1;", 2,
              "column \"a\" of relation \"t\" is an identity column");
    rpx_fails("CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY);\nALTER TABLE t ALTER COLUMN a DROP NOT NULL;", 2,
              "column \"a\" of relation \"t\" is an identity column");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY;", 2,
              "column \"a\" of relation \"t\" must be declared NOT NULL before identity can be added");
    rpx_fails("CREATE TABLE t (a int NOT NULL DEFAULT 1);\nALTER TABLE t ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY;", 2,
              "column \"a\" of relation \"t\" already has a default value");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a DROP IDENTITY;", 2,
              "column \"a\" of relation \"t\" is not an identity column");
    rpx_fails("CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a) STORED);\nALTER TABLE t ALTER COLUMN b SET DEFAULT 1;", 2,
              "column \"b\" of relation \"t\" is a generated column");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a DROP EXPRESSION;", 2,
              "column \"a\" of relation \"t\" is not a stored generated column");
    rpx_fails("CREATE TABLE t (a int);\nALTER TABLE t ADD UNIQUE (b);", 2, "column \"b\" named in key does not exist");
    rpx_fails("DROP FUNCTION nope(int);", 1, "function nope(integer) does not exist");
    rpx_fails("DROP FUNCTION nope;", 1, "could not find a function named \"nope\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_column),
        cmocka_unit_test(test_drop_column_takes_indexes_and_constraints),
        cmocka_unit_test(test_drop_column_used_by_view),
        cmocka_unit_test(test_drop_column_referenced_by_foreign_key),
        cmocka_unit_test(test_default_and_not_null),
        cmocka_unit_test(test_sequence_default_dependency),
        cmocka_unit_test(test_alter_type),
        cmocka_unit_test(test_alter_type_pinned),
        cmocka_unit_test(test_primary_key_keeps_not_null),
        cmocka_unit_test(test_identity_alter),
        cmocka_unit_test(test_drop_expression),
        cmocka_unit_test(test_alter_constraint),
        cmocka_unit_test(test_inherit_no_inherit),
        cmocka_unit_test(test_inherit_checks),
        cmocka_unit_test(test_rename_column_rewrites_dependents),
        cmocka_unit_test(test_rename_table_sequence_index_constraint),
        cmocka_unit_test(test_rename_view_column),
        cmocka_unit_test(test_rename_errors),
        cmocka_unit_test(test_set_schema),
        cmocka_unit_test(test_drop_if_exists),
        cmocka_unit_test(test_drop_restrict_lists_every_dependent),
        cmocka_unit_test(test_drop_cascade),
        cmocka_unit_test(test_drop_key_referenced_by_foreign_key),
        cmocka_unit_test(test_drop_schema),
        cmocka_unit_test(test_drop_errors),
        cmocka_unit_test(test_alter_errors),
    };
    return cmocka_run_group_tests_name("replay_alter", tests, NULL, NULL);
}
