/* Unit tests for replay: objects other than tables, one small test per
 * rule.
 *
 * Sequences (every option, ALTER, OWNED BY), views and materialized views
 * (CREATE OR REPLACE rules), functions and procedures (identity by input
 * types, OR REPLACE limits, attributes), triggers (constraint triggers,
 * WHEN, UPDATE OF), enums (ADD VALUE placement, RENAME VALUE following
 * into defaults), composite, domain and range types, extensions, comments
 * on every kind, row-level security and policies, GRANT/REVOKE and OWNER
 * TO, and the search path (SET and set_config).
 *
 * Every expectation was checked against a real PostgreSQL 15 while these
 * tests were written (psql, pg_dump, and the server's error texts). */
#include "helpers.h"

#include <stdint.h>
#include <string.h>


/* ---- sequences ------------------------------------------------------------ */

static void test_sequence_options(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE SEQUENCE s1 AS integer START WITH 5 INCREMENT BY 2 MINVALUE 1 MAXVALUE 1000 CACHE 10 CYCLE;\n"
              "CREATE SEQUENCE s2 INCREMENT BY -1;\n"
              "CREATE SEQUENCE s3 AS smallint;\n"
              "CREATE SEQUENCE IF NOT EXISTS s3;\n"
              "CREATE UNLOGGED SEQUENCE s4;\n");
    cat_seqopts *a = &rpx_rel(x, "s1")->seq;
    assert_string_equal(a->type, "integer");
    assert_true(a->start == 5 && a->increment == 2 && a->min == 1 && a->max == 1000 && a->cache == 10 && a->cycle);
    /* a descending sequence counts down from -1 */
    cat_seqopts *b = &rpx_rel(x, "s2")->seq;
    assert_string_equal(b->type, "bigint");
    assert_true(b->increment == -1 && b->max == -1 && b->min == INT64_MIN && b->start == -1);
    cat_seqopts *c = &rpx_rel(x, "s3")->seq;
    assert_true(c->max == 32767 && c->min == 1);
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "relation \"s3\" already exists, skipping");
    assert_true(rpx_rel(x, "s4")->unlogged);
    rpx_free(x);
}

static void test_alter_sequence(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE SEQUENCE s1 AS integer START 5 INCREMENT 2 MAXVALUE 1000 CACHE 10 CYCLE;\n"
              "CREATE SEQUENCE s3 AS smallint;\n"
              "ALTER SEQUENCE s1 INCREMENT BY 3 NO CYCLE RESTART WITH 7;\n"
              /* bounds that were defaults follow a new type */
              "ALTER SEQUENCE s3 AS bigint;\n"
              "ALTER SEQUENCE IF EXISTS nope START 1;\n");
    cat_seqopts *a = &rpx_rel(x, "s1")->seq;
    assert_true(a->increment == 3 && !a->cycle && a->start == 5 && a->max == 1000);
    cat_seqopts *c = &rpx_rel(x, "s3")->seq;
    assert_string_equal(c->type, "bigint");
    assert_true(c->max == INT64_MAX);
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "relation \"nope\" does not exist, skipping");
    rpx_free(x);
}

static void test_sequence_owned_by(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (id int, b int);\n"
              "CREATE SEQUENCE s OWNED BY t.id;\n"
              "CREATE SEQUENCE s2;\n"
              "ALTER SEQUENCE s2 OWNED BY t.b;\n"
              "ALTER SEQUENCE s2 OWNED BY NONE;\n");
    assert_ptr_equal(rpx_rel(x, "s")->owned_by, rpx_col(x, "t", "id"));
    assert_null(rpx_rel(x, "s2")->owned_by);
    /* an owned sequence goes with its column */
    rpx_ok(x, "ALTER TABLE t DROP COLUMN id;");
    assert_null(rpx_rel_or_null(x, "s"));
    assert_non_null(rpx_rel_or_null(x, "s2"));
    rpx_free(x);
}

static void test_sequence_errors(void **state)
{
    (void)state;
    rpx_fails("CREATE SEQUENCE s;\nCREATE SEQUENCE s;", 2, "relation \"s\" already exists");
    rpx_fails("CREATE SEQUENCE s MINVALUE 10 MAXVALUE 5;", 1, "MINVALUE (10) must be less than MAXVALUE (5)");
    rpx_fails("CREATE SEQUENCE s START 0;", 1, "START value (0) cannot be less than MINVALUE (1)");
    rpx_fails("CREATE SEQUENCE s AS text;", 1, "sequence type must be smallint, integer, or bigint");
    rpx_fails("CREATE SEQUENCE s INCREMENT 0;", 1, "INCREMENT must not be zero");
    rpx_fails("CREATE SEQUENCE s CACHE 0;", 1, "CACHE (0) must be greater than zero");
    rpx_fails("CREATE SEQUENCE s AS smallint MAXVALUE 100000;", 1,
              "MAXVALUE (100000) is out of range for sequence data type smallint");
    rpx_fails("CREATE TABLE t (a int);\nCREATE SEQUENCE s OWNED BY t.b;", 2, "column \"b\" of relation \"t\" does not exist");
    rpx_fails("CREATE SCHEMA x;\nCREATE TABLE x.t (a int);\nCREATE SEQUENCE s OWNED BY x.t.a;", 3,
              "sequence must be in same schema as table it is linked to");
    rpx_fails("CREATE TABLE t (a int);\nALTER SEQUENCE t INCREMENT 2;", 2, "\"t\" is not a sequence");
}

/* ---- views ------------------------------------------------------------------ */

static void test_views(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int, b text, c int);\n"
              "CREATE VIEW v AS SELECT a, b FROM t WHERE c > 0;\n"
              "CREATE VIEW v2 (x, y) AS SELECT a, b FROM t;\n"
              "CREATE VIEW v3 WITH (security_barrier) AS SELECT * FROM t WITH LOCAL CHECK OPTION;\n");
    cat_rel *v = rpx_rel(x, "v");
    assert_int_equal(v->relkind, 'v');
    assert_string_equal(colnames(v), "a, b");
    assert_string_equal(rpx_query(x, "v"), "SELECT t.a AS a, t.b AS b FROM public.t WHERE t.c > 0");
    assert_true(rpx_depends(&v->obj, &rpx_rel(x, "t")->obj));
    assert_true(rpx_depends(&v->obj, &rpx_col(x, "t", "c")->obj));
    assert_string_equal(colnames(rpx_rel(x, "v2")), "x, y");
    assert_string_equal(rpx_query(x, "v2"), "SELECT t.a AS x, t.b AS y FROM public.t");
    /* * is expanded when the view is made */
    cat_rel *v3 = rpx_rel(x, "v3");
    assert_string_equal(colnames(v3), "a, b, c");
    assert_string_equal(sv(&v3->options), "security_barrier=true");
    assert_string_equal(v3->check_option, "local");
    rpx_free(x);
}

static void test_create_or_replace_view(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int, b text, c int);\n"
              "CREATE VIEW v AS SELECT a, b FROM t WHERE c > 0;\n"
              "CREATE OR REPLACE VIEW v AS SELECT a, b, c AS extra FROM t;\n");
    /* columns may be added at the end */
    assert_string_equal(colnames(rpx_rel(x, "v")), "a, b, extra");
    assert_string_equal(rpx_query(x, "v"), "SELECT t.a AS a, t.b AS b, t.c AS extra FROM public.t");
    rpx_error(x, "CREATE OR REPLACE VIEW v AS SELECT a, b FROM t;", 1, "cannot drop columns from view");
    rpx_error(x, "CREATE OR REPLACE VIEW v AS SELECT b, a, c AS extra FROM t;", 1,
              "cannot change name of view column \"a\" to \"b\"\n"
              "HINT: Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
    rpx_free(x);
    rpx_fails("CREATE TABLE t (a int);\nCREATE VIEW t AS SELECT 1;", 2, "relation \"t\" already exists");
    rpx_fails("CREATE TABLE t (a int);\nCREATE OR REPLACE VIEW t AS SELECT 1;", 2, "\"t\" is not a view");
    rpx_fails("CREATE VIEW v (x, y) AS SELECT 1;", 1, "CREATE VIEW specifies more column names than columns");
    rpx_fails("CREATE VIEW v AS SELECT 1 AS a, 2 AS a;", 1, "column \"a\" specified more than once");
    rpx_fails("CREATE TYPE v AS ENUM ('a');\nCREATE VIEW v AS SELECT 1;", 2,
              "type \"v\" already exists\n"
              "HINT: A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.");
}

static void test_materialized_view(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int);\n"
              "CREATE MATERIALIZED VIEW m AS SELECT a, count(*) AS n FROM t GROUP BY a WITH NO DATA;\n"
              "CREATE UNIQUE INDEX m_a ON m (a);\n"
              "CREATE MATERIALIZED VIEW m2 AS SELECT 1 AS one;\n");
    cat_rel *m = rpx_rel(x, "m");
    assert_int_equal(m->relkind, 'm');
    assert_true(m->with_no_data);
    assert_string_equal(colnames(m), "a, n");
    assert_true(rpx_idx(x, "m", "m_a")->unique);
    assert_false(rpx_rel(x, "m2")->with_no_data);
    rpx_ok(x, "REFRESH MATERIALIZED VIEW m;");
    assert_false(m->with_no_data);
    rpx_error(x, "CREATE OR REPLACE VIEW m AS SELECT 1 AS a;", 1, "\"m\" is not a view");
    rpx_free(x);
}

/* ---- functions and procedures --------------------------------------------------- */

static void test_function_identity_and_attributes(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int);\n"
              "CREATE FUNCTION add(a integer, b int DEFAULT 1) RETURNS int LANGUAGE sql\n"
              "  IMMUTABLE STRICT PARALLEL SAFE COST 5 AS 'SELECT a + b';\n"
              "CREATE FUNCTION add(a text, b text) RETURNS text LANGUAGE sql AS $$SELECT a || b$$;\n"
              "CREATE FUNCTION outs(IN a int, OUT b int, OUT c text) LANGUAGE sql AS 'SELECT a, a::text';\n"
              "CREATE FUNCTION tbl(a int) RETURNS TABLE (x int, y text) LANGUAGE sql ROWS 10 AS 'SELECT a, a::text';\n"
              "CREATE FUNCTION sf() RETURNS SETOF t LANGUAGE sql STABLE SECURITY DEFINER\n"
              "  SET search_path = public, pg_temp AS 'SELECT * FROM t';\n"
              "CREATE PROCEDURE p(a int) LANGUAGE plpgsql AS $$BEGIN NULL; END$$;\n");
    /* overloads are told apart by their input types */
    cat_func *f = rpx_func(x, "add(integer, integer)");
    assert_int_equal(f->prokind, 'f');
    assert_string_equal(f->returns, "integer");
    assert_string_equal(f->language, "sql");
    assert_string_equal(f->body, "SELECT a + b");
    assert_int_equal(f->volatility, 'i');
    assert_true(f->strict);
    assert_int_equal(f->parallel, 's');
    assert_true(f->cost == 5);
    assert_string_equal(f->args[1].default_expr, "1");
    cat_func *g = rpx_func(x, "add(text, text)");
    assert_int_equal(g->volatility, 'v');
    assert_false(g->strict);
    assert_int_equal(g->parallel, 'u');
    assert_true(g->cost == 0); /* the default, 100, is stored as unset */
    /* OUT parameters are not part of the identity */
    cat_func *o = rpx_func(x, "outs(integer)");
    assert_string_equal(o->returns, "record");
    cat_func *tb = rpx_func(x, "tbl(integer)");
    assert_string_equal(tb->returns, "TABLE(x integer, y text)");
    assert_true(tb->rows == 10);
    cat_func *sf = rpx_func(x, "sf()");
    assert_string_equal(sf->returns, "SETOF public.t");
    assert_true(sf->security_definer);
    assert_int_equal(sf->volatility, 's');
    assert_string_equal(sv(&sf->set_options), "search_path=public, pg_temp");
    cat_func *p = rpx_func(x, "p(integer)");
    assert_int_equal(p->prokind, 'p');
    assert_null(p->returns);
    assert_string_equal(p->language, "plpgsql");
    rpx_free(x);
}

static void test_alter_function(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql SET search_path = public AS 'SELECT a';\n"
              "ALTER FUNCTION f(text) IMMUTABLE LEAKPROOF COST 10 PARALLEL RESTRICTED;\n"
              "ALTER FUNCTION f RESET search_path;\n");
    cat_func *f = rpx_func(x, "f(text)");
    assert_int_equal(f->volatility, 'i');
    assert_true(f->leakproof);
    assert_true(f->cost == 10);
    assert_int_equal(f->parallel, 'r');
    assert_int_equal(f->set_options.n, 0);
    rpx_ok(x, "ALTER FUNCTION f(text) RENAME TO g;");
    assert_string_equal(rpx_func(x, "g(text)")->name, "g");
    assert_null(cat_func_get(x->cat, "public", "f(text)"));
    rpx_free(x);
}

static void test_create_or_replace_function(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql STRICT COST 7 AS 'SELECT 1';\n"
              "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN a; END';\n");
    /* attributes not restated go back to their defaults */
    cat_func *f = rpx_func(x, "f(integer)");
    assert_false(f->strict);
    assert_true(f->cost == 0);
    assert_string_equal(f->language, "plpgsql");
    assert_string_equal(f->body, "BEGIN RETURN a; END");
    assert_int_equal(x->cat->nfuncs, 1);
    /* an unnamed parameter may be given a name */
    rpx_ok(x, "CREATE FUNCTION g(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE OR REPLACE FUNCTION g(b int) RETURNS int LANGUAGE sql AS 'SELECT 2';\n");
    assert_string_equal(rpx_func(x, "g(integer)")->args[0].name, "b");
    rpx_free(x);
}

static void test_sql_standard_bodies(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN x * 2;");
    assert_string_equal(rpx_func(x, "twice(integer)")->body, "RETURN x * 2");
    /* BEGIN ATOMIC is kept, and reported: the server stores it resolved */
    int rc = rpx_run(x, "CREATE FUNCTION one(x int) RETURNS int LANGUAGE sql\n"
                        "BEGIN ATOMIC SELECT x + 1; END;");
    assert_int_equal(rc, 0);
    assert_string_equal(rpx_func(x, "one(integer)")->body, "BEGIN ATOMIC\n SELECT x + 1;\nEND");
    assert_int_equal(rpx_count(x, DIAG_WARNING), 1);
    assert_string_equal(rpx_diag(x, DIAG_WARNING, 0)->msg,
                        "unsupported: BEGIN ATOMIC function bodies are kept as written, not as the server resolves them; "
                        "the catalog may differ from the server's");
    rpx_free(x);
}

static void test_function_errors(void **state)
{
    (void)state;
    rpx_fails("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE FUNCTION f(b int) RETURNS int LANGUAGE sql AS 'SELECT 2';", 2,
              "function \"f\" already exists with same argument types");
    rpx_fails("CREATE FUNCTION f(a int, b text) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE OR REPLACE FUNCTION f(a int, b text) RETURNS bigint LANGUAGE sql AS 'SELECT 1';", 2,
              "cannot change return type of existing function\nHINT: Use DROP FUNCTION f(integer,text) first.");
    rpx_fails("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE OR REPLACE FUNCTION f(b int) RETURNS int LANGUAGE sql AS 'SELECT 1';", 2,
              "cannot change name of input parameter \"a\"\nHINT: Use DROP FUNCTION f(integer) first.");
    rpx_fails("CREATE FUNCTION f(a int DEFAULT 1) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';", 2,
              "cannot remove parameter defaults from existing function\nHINT: Use DROP FUNCTION f(integer) first.");
    rpx_fails("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE OR REPLACE PROCEDURE f(a int) LANGUAGE sql AS 'SELECT 1';", 2,
              "cannot change routine kind\nDETAIL: \"f\" is a function.");
    rpx_fails("CREATE TYPE mood AS ENUM ('a');\n"
              "CREATE FUNCTION f(a mood) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE OR REPLACE FUNCTION f(a mood) RETURNS text LANGUAGE sql AS 'SELECT 1';", 3,
              "cannot change return type of existing function\nHINT: Use DROP FUNCTION f(mood) first.");
    rpx_fails("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\nDROP FUNCTION f();\nDROP FUNCTION f();", 3,
              "function f() does not exist");
}

/* ---- triggers --------------------------------------------------------------------- */

static const char trg_setup[] =
    "CREATE TABLE t (a int, b int);\n"
    "CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n";

static void test_triggers(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, trg_setup);
    rpx_ok(x, "CREATE TRIGGER t_bi BEFORE INSERT OR UPDATE OF a, b ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION trg();\n"
              "CREATE TRIGGER t_ai AFTER INSERT ON t REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT\n"
              "  EXECUTE PROCEDURE trg('x', 1);\n"
              "CREATE CONSTRAINT TRIGGER t_c AFTER DELETE ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION trg();\n"
              "CREATE TRIGGER t_tr AFTER TRUNCATE ON t EXECUTE FUNCTION trg();\n"
              "CREATE VIEW tv AS SELECT a FROM t;\n"
              "CREATE TRIGGER tv_i INSTEAD OF INSERT ON tv FOR EACH ROW EXECUTE FUNCTION trg();\n");
    cat_rel *t = rpx_rel(x, "t");
    cat_trigger *bi = cat_trigger_get(t, "t_bi");
    assert_int_equal(bi->timing, 'B');
    assert_int_equal(bi->events, TRIG_INSERT | TRIG_UPDATE);
    assert_string_equal(sv(&bi->update_columns), "a, b");
    assert_true(bi->for_each_row);
    assert_string_equal(bi->when, "new.a > 0");
    assert_ptr_equal(bi->func, rpx_func(x, "trg()"));
    assert_int_equal(bi->enabled, 'O');
    cat_trigger *ai = cat_trigger_get(t, "t_ai");
    assert_int_equal(ai->timing, 'A');
    assert_false(ai->for_each_row);
    assert_string_equal(ai->new_table, "newrows");
    assert_string_equal(sv(&ai->args), "x, 1");
    cat_trigger *c = cat_trigger_get(t, "t_c");
    assert_true(c->is_constraint && c->deferrable && c->deferred);
    assert_int_equal(c->events, TRIG_DELETE);
    assert_int_equal(cat_trigger_get(t, "t_tr")->events, TRIG_TRUNCATE);
    assert_int_equal(cat_trigger_get(rpx_rel(x, "tv"), "tv_i")->timing, 'I');

    rpx_ok(x, "ALTER TABLE t DISABLE TRIGGER t_ai;\n"
              "CREATE OR REPLACE TRIGGER t_bi BEFORE DELETE ON t FOR EACH ROW EXECUTE FUNCTION trg();\n"
              "ALTER TRIGGER t_tr ON t RENAME TO t_trunc;\n");
    assert_int_equal(cat_trigger_get(t, "t_ai")->enabled, 'D');
    bi = cat_trigger_get(t, "t_bi");
    assert_int_equal(bi->events, TRIG_DELETE);
    assert_null(bi->when);
    assert_non_null(cat_trigger_get(t, "t_trunc"));
    /* a trigger goes with its table, and holds on to its function */
    rpx_error(x, "DROP FUNCTION trg();", 1,
              "cannot drop function trg() because other objects depend on it\n"
              "DETAIL: trigger t_bi on table t depends on function trg()\n"
              "trigger t_ai on table t depends on function trg()\n"
              "trigger t_c on table t depends on function trg()\n"
              "trigger t_trunc on table t depends on function trg()\n"
              "trigger tv_i on view tv depends on function trg()\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    rpx_ok(x, "DROP TRIGGER t_ai ON t;\nDROP TRIGGER IF EXISTS nope ON t;\n");
    assert_null(cat_trigger_get(t, "t_ai"));
    rpx_free(x);
}

static void test_trigger_errors(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, trg_setup);
    rpx_ok(x, "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();");
    rpx_error(x, "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();", 1,
              "trigger \"tr\" for relation \"t\" already exists");
    rpx_error(x, "CREATE TRIGGER t2 BEFORE UPDATE OF zz ON t FOR EACH ROW EXECUTE FUNCTION trg();", 1,
              "column \"zz\" of relation \"t\" does not exist");
    rpx_error(x, "CREATE TRIGGER t2 BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION nope();", 1,
              "function nope() does not exist");
    rpx_error(x, "CREATE FUNCTION notrg() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                 "CREATE TRIGGER t2 BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION notrg();", 2,
              "function notrg must return type trigger");
    rpx_error(x, "CREATE MATERIALIZED VIEW m AS SELECT a FROM t;\n"
                 "CREATE TRIGGER t2 BEFORE INSERT ON m FOR EACH ROW EXECUTE FUNCTION trg();", 2,
              "relation \"m\" cannot have triggers\nDETAIL: This operation is not supported for materialized views.");
    rpx_error(x, "ALTER TABLE t DISABLE TRIGGER nope;", 1, "trigger \"nope\" for table \"t\" does not exist");
    rpx_free(x);
}

/* ---- types --------------------------------------------------------------------------- */

static void test_enum(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
              "ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';\n"
              "ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy';\n"
              "ALTER TYPE mood ADD VALUE 'angry';\n"
              "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad';\n"
              "CREATE TABLE t (m mood DEFAULT 'ok', n mood[] DEFAULT '{}');\n"
              "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';\n");
    cat_type *m = rpx_type(x, "mood");
    assert_int_equal(m->typkind, 'e');
    assert_string_equal(sv(&m->labels), "sad, meh, fine, happy, ecstatic, angry");
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "enum label \"sad\" already exists, skipping");
    assert_int_equal(rpx_diag(x, DIAG_NOTE, 0)->line, 5);
    /* a default naming the old label follows the rename */
    assert_string_equal(rpx_col(x, "t", "m")->default_expr, "'fine'");
    assert_string_equal(rpx_col(x, "t", "m")->type, "public.mood");
    rpx_free(x);
}

static void test_enum_errors(void **state)
{
    (void)state;
    rpx_fails("CREATE TYPE mood AS ENUM ('a', 'b');\nALTER TYPE mood ADD VALUE 'a';", 2, "enum label \"a\" already exists");
    rpx_fails("CREATE TYPE mood AS ENUM ('a', 'a');", 1,
              "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"");
    rpx_fails("CREATE TYPE mood AS ENUM ('a');\nALTER TYPE mood ADD VALUE 'b' BEFORE 'zz';", 2,
              "\"zz\" is not an existing enum label");
    rpx_fails("CREATE TYPE mood AS ENUM ('a', 'b');\nALTER TYPE mood RENAME VALUE 'zz' TO 'c';", 2,
              "\"zz\" is not an existing enum label");
    rpx_fails("CREATE TYPE mood AS ENUM ('a', 'b');\nALTER TYPE mood RENAME VALUE 'a' TO 'b';", 2,
              "enum label \"b\" already exists");
    rpx_fails("CREATE TYPE mood AS ENUM ('a');\nCREATE TYPE mood AS ENUM ('b');", 2, "type \"mood\" already exists");
    rpx_fails("CREATE TABLE mood (a int);\nCREATE TYPE mood AS ENUM ('b');", 2, "type \"mood\" already exists");
    rpx_fails("CREATE DOMAIN d AS int;\nALTER TYPE d ADD VALUE 'x';", 2, "d is not an enum");
    rpx_fails("ALTER TYPE nope ADD VALUE 'x';", 1, "type \"nope\" does not exist");
    /* a literal default is checked against the labels */
    rpx_fails("CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE t (m mood DEFAULT 'zz');", 2,
              "invalid input value for enum mood: \"zz\"");
    rpx_fails("CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE t (m mood[] DEFAULT '{a,zz}');", 2,
              "invalid input value for enum mood: \"zz\"");
    rpx_fails("CREATE SCHEMA x;\nCREATE TYPE x.mood AS ENUM ('a');\nCREATE TABLE t (m x.mood);\n"
              "ALTER TABLE t ALTER COLUMN m SET DEFAULT 'zz';", 4,
              "invalid input value for enum x.mood: \"zz\"");
}

static void test_composite_type(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TYPE pair AS (a int, b text COLLATE \"C\");\n"
              "CREATE TABLE u (p pair);\n"
              "ALTER TYPE pair RENAME TO couple;\n");
    cat_type *c = rpx_type(x, "couple");
    assert_int_equal(c->typkind, 'c');
    assert_int_equal(c->nattrs, 2);
    assert_string_equal(c->attrs[0]->name, "a");
    assert_string_equal(c->attrs[0]->type, "integer");
    assert_string_equal(c->attrs[1]->collation, "\"C\"");
    /* a column of the type follows the rename */
    assert_string_equal(rpx_col(x, "u", "p")->type, "public.couple");
    rpx_free(x);
    rpx_fails("CREATE TYPE p AS (a int, a text);", 1, "column \"a\" specified more than once");
    rpx_fails("CREATE TYPE p AS (a int);\nCREATE TABLE p (a int);", 2, "relation \"p\" already exists");
}

static void test_domain(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0);\n"
              "CREATE DOMAIN email AS text CONSTRAINT email_at CHECK (VALUE LIKE '%@%');\n"
              "ALTER DOMAIN posint ADD CONSTRAINT small CHECK (VALUE < 1000) NOT VALID;\n"
              "CREATE TABLE t (p posint, e email);\n");
    cat_type *p = rpx_type(x, "posint");
    assert_int_equal(p->typkind, 'd');
    assert_string_equal(p->base_type, "integer");
    assert_true(p->not_null);
    assert_string_equal(p->default_expr, "1");
    assert_int_equal(p->nchecks, 2);
    assert_string_equal(p->checks[0]->name, "posint_check");
    assert_string_equal(p->checks[0]->expr, "value > 0");
    assert_string_equal(p->checks[1]->name, "small");
    assert_true(p->checks[1]->not_valid);
    assert_string_equal(rpx_col(x, "t", "p")->type, "public.posint");
    rpx_ok(x, "ALTER DOMAIN posint VALIDATE CONSTRAINT small;\n"
              "ALTER DOMAIN posint DROP NOT NULL;\n"
              "ALTER DOMAIN email DROP CONSTRAINT email_at;\n"
              "ALTER DOMAIN email SET DEFAULT 'x@y';\n"
              "ALTER DOMAIN posint DROP DEFAULT;\n");
    assert_false(p->checks[1]->not_valid);
    assert_false(p->not_null);
    assert_null(p->default_expr);
    cat_type *e = rpx_type(x, "email");
    assert_int_equal(e->nchecks, 0);
    assert_string_equal(e->default_expr, "'x@y'");
    /* a domain in use cannot go */
    rpx_error(x, "DROP DOMAIN email;", 1,
              "cannot drop type email because other objects depend on it\n"
              "DETAIL: column e of table t depends on type email\n"
              "HINT: Use DROP ... CASCADE to drop the dependent objects too.");
    rpx_free(x);
    rpx_fails("CREATE DOMAIN d AS int CONSTRAINT c CHECK (VALUE > 0);\nALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 1);", 2,
              "constraint \"c\" for domain \"d\" already exists");
    rpx_fails("CREATE DOMAIN d AS int;\nALTER DOMAIN d DROP CONSTRAINT nope;", 2,
              "constraint \"nope\" of domain \"d\" does not exist");
}

static void test_range_type(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE FUNCTION my_diff(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT a - b';\n"
              "CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = my_diff);\n"
              "CREATE TYPE r2 AS RANGE (subtype = int4, multirange_type_name = r2_multi);\n"
              "CREATE TYPE r3 AS RANGE (subtype = date, subtype_diff = daterange_subdiff);\n"
              "CREATE TYPE mytype AS RANGE (subtype = text);\n");
    cat_type *f = rpx_type(x, "floatrange");
    assert_int_equal(f->typkind, 'r');
    assert_string_equal(f->subtype, "double precision");
    /* names are kept as pg_dump prints them: user objects qualified */
    assert_string_equal(f->subtype_diff_fn, "public.my_diff");
    assert_string_equal(f->multirange, "public.floatmultirange");
    assert_true(rpx_depends(&f->obj, &rpx_func(x, "my_diff(double precision, double precision)")->obj));
    assert_string_equal(rpx_type(x, "r2")->multirange, "public.r2_multi");
    assert_string_equal(rpx_type(x, "r3")->subtype_diff_fn, "daterange_subdiff");
    assert_string_equal(rpx_type(x, "mytype")->multirange, "public.mytype_multirange");
    rpx_free(x);
    rpx_fails("CREATE TYPE r AS RANGE (subtype_diff = float8mi);", 1, "type attribute \"subtype\" is required");
}

/* ---- schemas and extensions ----------------------------------------------------------------- */

static void test_schemas_and_extensions(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE SCHEMA app;\n"
              "CREATE SCHEMA IF NOT EXISTS app;\n"
              "CREATE SCHEMA AUTHORIZATION bob;\n"
              "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;\n"
              "CREATE SCHEMA ext;\n"
              "CREATE EXTENSION hstore WITH SCHEMA ext VERSION '1.7';\n"
              "ALTER EXTENSION hstore UPDATE TO '1.8';\n"
              "CREATE EXTENSION citext;\n"
              "CREATE EXTENSION IF NOT EXISTS citext;\n");
    assert_non_null(cat_schema_get(x->cat, "app"));
    assert_string_equal(cat_schema_get(x->cat, "bob")->obj.owner, "bob");
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "schema \"app\" already exists, skipping");
    cat_extension *h = cat_ext_get(x->cat, "hstore");
    assert_string_equal(h->schema, "ext");
    assert_string_equal(h->version, "1.8");
    /* without a schema, an extension goes into the creation schema */
    assert_string_equal(cat_ext_get(x->cat, "citext")->schema, "public");
    assert_null(cat_ext_get(x->cat, "citext")->version);
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 1)->msg, "extension \"citext\" already exists, skipping");
    /* an extension's type is resolved in the extension's schema */
    rpx_ok(x, "CREATE TABLE t (e citext);");
    assert_string_equal(rpx_col(x, "t", "e")->type, "public.citext");
    rpx_ok(x, "DROP EXTENSION pgcrypto;\nDROP EXTENSION IF EXISTS pgcrypto;\n");
    assert_null(cat_ext_get(x->cat, "pgcrypto"));
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 2)->msg, "extension \"pgcrypto\" does not exist, skipping");
    rpx_free(x);
    rpx_fails("CREATE EXTENSION pgcrypto;\nCREATE EXTENSION pgcrypto;", 2, "extension \"pgcrypto\" already exists");
    rpx_fails("CREATE EXTENSION pgcrypto SCHEMA nope;", 1, "schema \"nope\" does not exist");
    rpx_fails("CREATE SCHEMA s;\nCREATE SCHEMA s;", 2, "schema \"s\" already exists");
}

/* ---- comments ------------------------------------------------------------------------------ */

static void test_comments(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE SCHEMA app;\n"
              "CREATE TABLE t (a int PRIMARY KEY, b int CONSTRAINT b_pos CHECK (b > 0));\n"
              "CREATE INDEX t_b ON t (b);\n"
              "CREATE VIEW v AS SELECT a FROM t;\n"
              "CREATE MATERIALIZED VIEW m AS SELECT a FROM t;\n"
              "CREATE SEQUENCE s;\n"
              "CREATE TYPE mood AS ENUM ('a');\n"
              "CREATE DOMAIN d AS int;\n"
              "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';\n"
              "CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';\n"
              "CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';\n"
              "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();\n"
              "CREATE POLICY pol ON t USING (a > 0);\n"
              "CREATE EXTENSION pgcrypto;\n"
              "COMMENT ON SCHEMA app IS 'the app';\n"
              "COMMENT ON TABLE t IS 'tab';\n"
              "COMMENT ON COLUMN t.a IS 'col';\n"
              "COMMENT ON CONSTRAINT b_pos ON t IS 'con';\n"
              "COMMENT ON INDEX t_b IS 'idx';\n"
              "COMMENT ON VIEW v IS 'view';\n"
              "COMMENT ON COLUMN v.a IS 'view col';\n"
              "COMMENT ON MATERIALIZED VIEW m IS 'mv';\n"
              "COMMENT ON SEQUENCE s IS 'seq';\n"
              "COMMENT ON TYPE mood IS 'type';\n"
              "COMMENT ON DOMAIN d IS 'dom';\n"
              "COMMENT ON FUNCTION f(int) IS 'fn';\n"
              "COMMENT ON PROCEDURE p() IS 'proc';\n"
              "COMMENT ON TRIGGER tr ON t IS 'trig';\n"
              "COMMENT ON POLICY pol ON t IS 'pol';\n"
              "COMMENT ON EXTENSION pgcrypto IS 'ext';\n"
              "COMMENT ON INDEX t_pkey IS 'pk';\n"
              "COMMENT ON TABLE t IS NULL;\n");
    assert_string_equal(cat_schema_get(x->cat, "app")->obj.comment, "the app");
    assert_null(rpx_rel(x, "t")->obj.comment);
    assert_string_equal(rpx_col(x, "t", "a")->obj.comment, "col");
    assert_string_equal(rpx_con(x, "t", "b_pos")->obj.comment, "con");
    assert_string_equal(rpx_idx(x, "t", "t_b")->obj.comment, "idx");
    assert_string_equal(rpx_idx(x, "t", "t_pkey")->obj.comment, "pk");
    assert_string_equal(rpx_rel(x, "v")->obj.comment, "view");
    assert_string_equal(rpx_col(x, "v", "a")->obj.comment, "view col");
    assert_string_equal(rpx_rel(x, "m")->obj.comment, "mv");
    assert_string_equal(rpx_rel(x, "s")->obj.comment, "seq");
    assert_string_equal(rpx_type(x, "mood")->obj.comment, "type");
    assert_string_equal(rpx_type(x, "d")->obj.comment, "dom");
    assert_string_equal(rpx_func(x, "f(integer)")->obj.comment, "fn");
    assert_string_equal(rpx_func(x, "p()")->obj.comment, "proc");
    assert_string_equal(cat_trigger_get(rpx_rel(x, "t"), "tr")->obj.comment, "trig");
    assert_string_equal(cat_policy_get(rpx_rel(x, "t"), "pol")->obj.comment, "pol");
    assert_string_equal(cat_ext_get(x->cat, "pgcrypto")->obj.comment, "ext");
    rpx_free(x);
    rpx_fails("COMMENT ON TABLE nope IS 'x';", 1, "relation \"nope\" does not exist");
    rpx_fails("COMMENT ON VIEW public.nope IS 'x';", 1, "relation \"public.nope\" does not exist");
    rpx_fails("CREATE TABLE t (a int);\nCOMMENT ON COLUMN t.b IS 'x';", 2, "column \"b\" of relation \"t\" does not exist");
    rpx_fails("CREATE TABLE t (a int);\nCOMMENT ON CONSTRAINT c ON t IS 'x';", 2, "constraint \"c\" for table \"t\" does not exist");
    rpx_fails("CREATE TABLE t (a int);\nCOMMENT ON VIEW t IS 'x';", 2, "\"t\" is not a view");
}

/* ---- row-level security, privileges ----------------------------------------------------------- */

static void test_row_level_security(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int, b int);\n"
              "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
              "ALTER TABLE t FORCE ROW LEVEL SECURITY;\n"
              "CREATE POLICY pol ON t FOR SELECT TO PUBLIC USING (a > 0);\n"
              "CREATE POLICY pol2 ON t AS RESTRICTIVE FOR UPDATE TO app_rw, app_ro USING (true) WITH CHECK (b > 1);\n"
              "CREATE POLICY pol3 ON t FOR INSERT WITH CHECK (b > 0);\n"
              "ALTER POLICY pol ON t USING (a > 1);\n"
              "ALTER POLICY pol2 ON t RENAME TO pol4;\n");
    cat_rel *t = rpx_rel(x, "t");
    assert_true(t->rls_enabled && t->rls_forced);
    cat_policy *p = cat_policy_get(t, "pol");
    assert_true(p->permissive);
    assert_int_equal(p->cmd, 'r');
    assert_string_equal(sv(&p->roles), "public");
    assert_string_equal(p->using_expr, "a > 1");
    assert_null(p->check_expr);
    cat_policy *p4 = cat_policy_get(t, "pol4");
    assert_false(p4->permissive);
    assert_int_equal(p4->cmd, 'w');
    assert_string_equal(sv(&p4->roles), "app_rw, app_ro");
    assert_string_equal(p4->check_expr, "b > 1");
    cat_policy *p3 = cat_policy_get(t, "pol3");
    assert_int_equal(p3->cmd, 'a');
    assert_null(p3->using_expr);
    rpx_ok(x, "ALTER TABLE t NO FORCE ROW LEVEL SECURITY;\n"
              "ALTER TABLE t DISABLE ROW LEVEL SECURITY;\n"
              "DROP POLICY pol3 ON t;\n"
              "DROP POLICY IF EXISTS nope ON t;\n");
    assert_false(t->rls_enabled || t->rls_forced);
    assert_null(cat_policy_get(t, "pol3"));
    rpx_free(x);
    rpx_fails("CREATE TABLE t (a int);\nCREATE POLICY p ON t USING (true);\nCREATE POLICY p ON t USING (true);", 3,
              "policy \"p\" for table \"t\" already exists");
    rpx_fails("CREATE TABLE t (a int);\nALTER POLICY p ON t USING (true);", 2, "policy \"p\" for table \"t\" does not exist");
}

static void test_grant_revoke_owner(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int, b int);\n"
              "CREATE SEQUENCE s;\n"
              "CREATE SCHEMA app;\n"
              "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';\n"
              "GRANT SELECT ON t TO app_ro;\n"
              "GRANT SELECT, INSERT, UPDATE ON TABLE t TO app_rw WITH GRANT OPTION;\n"
              "GRANT USAGE ON SEQUENCE s TO app_rw;\n"
              "GRANT USAGE ON SCHEMA app TO app_ro;\n"
              "GRANT EXECUTE ON FUNCTION f(int) TO app_ro;\n"
              "GRANT ALL ON t TO admin;\n"
              "REVOKE ALL ON t FROM admin;\n"
              "REVOKE EXECUTE ON FUNCTION f(int) FROM app_ro;\n"
              "ALTER TABLE t OWNER TO app_rw;\n"
              "ALTER SEQUENCE s OWNER TO app_rw;\n"
              "ALTER SCHEMA app OWNER TO app_ro;\n"
              "ALTER FUNCTION f(int) OWNER TO app_rw;\n");
    cat_rel *t = rpx_rel(x, "t");
    assert_string_equal(sv(&t->obj.acl), "app_ro:SELECT, app_rw:SELECT,INSERT,UPDATE WITH GRANT OPTION");
    assert_string_equal(t->obj.owner, "app_rw");
    assert_string_equal(sv(&rpx_rel(x, "s")->obj.acl), "app_rw:USAGE");
    assert_string_equal(rpx_rel(x, "s")->obj.owner, "app_rw");
    assert_string_equal(sv(&cat_schema_get(x->cat, "app")->obj.acl), "app_ro:USAGE");
    assert_string_equal(cat_schema_get(x->cat, "app")->obj.owner, "app_ro");
    cat_func *f = rpx_func(x, "f(integer)");
    assert_int_equal(f->obj.acl.n, 0);
    assert_string_equal(f->obj.owner, "app_rw");
    rpx_free(x);
}

/* ---- search_path --------------------------------------------------------------------------------- */

static void test_search_path(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE SCHEMA app;\n"
              /* an unqualified CREATE lands in the first existing schema */
              "SET search_path TO nope, app, public;\n"
              "CREATE TABLE t (id serial PRIMARY KEY);\n"
              "CREATE TYPE mood AS ENUM ('a');\n"
              "CREATE TABLE u (m mood, t_id int REFERENCES t);\n"
              "SELECT pg_catalog.set_config('search_path', 'public', false);\n"
              "CREATE TABLE t (x int);\n"
              "SET search_path = DEFAULT;\n"
              "CREATE TABLE w (x app.mood);\n");
    assert_non_null(rpx_rel(x, "app.t"));
    assert_string_equal(rpx_col(x, "app.t", "id")->default_expr, "nextval('app.t_id_seq'::regclass)");
    assert_string_equal(rpx_type(x, "app.mood")->schema->name, "app");
    assert_string_equal(rpx_col(x, "app.u", "m")->type, "app.mood");
    assert_ptr_equal(rpx_con(x, "app.u", "u_t_id_fkey")->ref, rpx_rel(x, "app.t"));
    assert_string_equal(colnames(rpx_rel(x, "t")), "x");
    assert_non_null(rpx_rel(x, "w"));
    assert_string_equal(sv(&x->cat->search_path), "$user, public");
    rpx_free(x);
    rpx_fails("SET search_path = '';\nCREATE TABLE t (a int);", 2, "no schema has been selected to create in");
    rpx_fails("SELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE t (a int);", 2,
              "no schema has been selected to create in");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sequence_options),
        cmocka_unit_test(test_alter_sequence),
        cmocka_unit_test(test_sequence_owned_by),
        cmocka_unit_test(test_sequence_errors),
        cmocka_unit_test(test_views),
        cmocka_unit_test(test_create_or_replace_view),
        cmocka_unit_test(test_materialized_view),
        cmocka_unit_test(test_function_identity_and_attributes),
        cmocka_unit_test(test_alter_function),
        cmocka_unit_test(test_create_or_replace_function),
        cmocka_unit_test(test_sql_standard_bodies),
        cmocka_unit_test(test_function_errors),
        cmocka_unit_test(test_triggers),
        cmocka_unit_test(test_trigger_errors),
        cmocka_unit_test(test_enum),
        cmocka_unit_test(test_enum_errors),
        cmocka_unit_test(test_composite_type),
        cmocka_unit_test(test_domain),
        cmocka_unit_test(test_range_type),
        cmocka_unit_test(test_schemas_and_extensions),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_row_level_security),
        cmocka_unit_test(test_grant_revoke_owner),
        cmocka_unit_test(test_search_path),
    };
    return cmocka_run_group_tests_name("replay_objects", tests, NULL, NULL);
}
