/* Unit tests for replay: what inheritance children and partitions take
 * from their parents.
 *
 * ALTER TABLE on a parent reaches its children unless ONLY (new columns
 * and CHECKs, defaults, NOT NULL, types, renames); a partition gets its
 * parent's CHECKs, indexes, keys, foreign keys and row triggers, when it
 * is made and when the parent gets new ones (an equivalent index it
 * already has standing in on ATTACH), and keeps them, made its own, on
 * DETACH; partition key columns cannot be dropped or retyped; ALTER INDEX.
 *
 * Every expectation was checked against a real PostgreSQL 15 while these
 * tests were written (psql, pg_dump, and the server's error texts). */
#include "helpers.h"

#include <string.h>

/* ---- inheritance ----------------------------------------------------------- */

static void test_alter_reaches_children(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE p (a int);\n"
              "CREATE TABLE c (b int) INHERITS (p);\n"
              "CREATE TABLE c2 (a int, z text);\n"
              "ALTER TABLE c2 INHERIT p;\n"
              "CREATE TABLE g () INHERITS (c);\n"
              "ALTER TABLE p ADD COLUMN x int NOT NULL DEFAULT 3 CHECK (x > 0);\n"
              "ALTER TABLE p ADD CONSTRAINT pa CHECK (a > 0);\n"
              "ALTER TABLE p ADD CONSTRAINT pn CHECK (a < 100) NO INHERIT;\n"
              "ALTER TABLE p ALTER COLUMN a SET DEFAULT 7;\n"
              "ALTER TABLE p ALTER COLUMN a SET NOT NULL;\n"
              "ALTER TABLE p ALTER COLUMN a TYPE bigint;\n");
    /* a new column goes last in each child, inherited */
    assert_string_equal(colnames(rpx_rel(x, "c")), "a, b, x");
    assert_string_equal(colnames(rpx_rel(x, "c2")), "a, z, x");
    assert_string_equal(colnames(rpx_rel(x, "g")), "a, b, x");
    cat_column *cx = rpx_col(x, "g", "x");
    assert_false(cx->is_local);
    assert_int_equal(cx->inh_count, 1);
    assert_true(cx->not_null);
    assert_string_equal(cx->default_expr, "3");
    /* inheritable CHECKs reach every descendant; NO INHERIT ones do not */
    assert_string_equal(connames(rpx_rel(x, "c")), "p_x_check, pa");
    assert_string_equal(connames(rpx_rel(x, "g")), "p_x_check, pa");
    assert_false(rpx_con(x, "g", "pa")->is_local);
    /* defaults, NOT NULL and types recurse */
    cat_column *ga = rpx_col(x, "g", "a");
    assert_string_equal(ga->type, "bigint");
    assert_string_equal(ga->default_expr, "7");
    assert_true(ga->not_null);
    assert_string_equal(rpx_col(x, "c2", "a")->type, "bigint");
    /* ONLY stops the recursion where the server allows it */
    rpx_ok(x, "ALTER TABLE ONLY p ALTER COLUMN a SET DEFAULT 8;");
    assert_string_equal(rpx_col(x, "c", "a")->default_expr, "7");
    /* dropping the parent's CHECK drops the inherited copies */
    rpx_ok(x, "ALTER TABLE p DROP CONSTRAINT pa;");
    assert_string_equal(connames(rpx_rel(x, "g")), "p_x_check");
    rpx_free(x);
}

static void test_add_merges_into_children(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE p (a int);\n"
              "CREATE TABLE c (a int, x int, CONSTRAINT pa CHECK (a > 0)) INHERITS (p);\n"
              "ALTER TABLE p ADD COLUMN x int;\n"
              "ALTER TABLE p ADD CONSTRAINT pa CHECK (a > 0);\n");
    cat_column *cx = rpx_col(x, "c", "x");
    assert_true(cx->is_local);
    assert_int_equal(cx->inh_count, 1);
    assert_true(rpx_con(x, "c", "pa")->is_local);
    assert_string_equal(colnames(rpx_rel(x, "c")), "a, x");
    rpx_free(x);
}

static void test_rename_column_reaches_children(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE p (a int);\n"
              "CREATE TABLE c (b int) INHERITS (p);\n"
              "CREATE TABLE g () INHERITS (c);\n"
              "ALTER TABLE p RENAME COLUMN a TO z;\n"
              "CREATE TABLE m (a int, b text) PARTITION BY LIST (a);\n"
              "CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);\n"
              "ALTER TABLE m RENAME COLUMN a TO k;\n"
              "CREATE TABLE n (a int, b text) PARTITION BY RANGE ((a + 1), lower(b));\n"
              "ALTER TABLE n RENAME COLUMN b TO bb;\n");
    assert_string_equal(colnames(rpx_rel(x, "c")), "z, b");
    assert_string_equal(colnames(rpx_rel(x, "g")), "z, b");
    assert_string_equal(colnames(rpx_rel(x, "m1")), "k, b");
    /* the partition key follows the column */
    assert_string_equal(rpx_rel(x, "m")->partition_key, "LIST (k)");
    assert_string_equal(rpx_rel(x, "n")->partition_key, "RANGE ((a + 1), (lower(bb)))");
    rpx_free(x);
}

static void test_inheritance_errors(void **state)
{
    (void)state;
    rpx_fails("CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\nALTER TABLE ONLY p ADD COLUMN x int;", 3,
              "column must be added to child tables too");
    rpx_fails("CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\nALTER TABLE ONLY p ADD CONSTRAINT k CHECK (a > 0);", 3,
              "constraint must be added to child tables too");
    rpx_fails("CREATE TABLE p (a int);\nCREATE TABLE c (x text) INHERITS (p);\nALTER TABLE p ADD COLUMN x int;", 3,
              "child table \"c\" has different type for column \"x\"");
    rpx_fails("CREATE TABLE p (a int);\nCREATE TABLE c (a int, CONSTRAINT pa CHECK (a > 1)) INHERITS (p);\n"
              "ALTER TABLE p ADD CONSTRAINT pa CHECK (a > 0);", 3,
              "constraint \"pa\" for relation \"c\" already exists");
    rpx_fails("CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\n"
              "ALTER TABLE p ADD CONSTRAINT pa CHECK (a > 0);\nALTER TABLE c DROP CONSTRAINT pa;", 4,
              "cannot drop inherited constraint \"pa\" of relation \"c\"");
    rpx_fails("CREATE TABLE p (a int);\nCREATE TABLE c (b int) INHERITS (p);\nALTER TABLE ONLY p RENAME COLUMN a TO z;", 3,
              "inherited column \"a\" must be renamed in child tables too");
    rpx_fails("CREATE TABLE p (a int);\nCREATE TABLE c (a int) INHERITS (p);\nALTER TABLE c RENAME COLUMN a TO z;", 3,
              "cannot rename inherited column \"a\"");
}

/* ---- partitions ------------------------------------------------------------------ */

static const char part_setup[] =
    "CREATE TABLE u (id int PRIMARY KEY);\n"
    "CREATE TABLE m (id int NOT NULL, u_id int REFERENCES u, v int, CONSTRAINT pos CHECK (id > 0),\n"
    "  UNIQUE (id, v)) PARTITION BY LIST (id);\n"
    "CREATE INDEX m_v ON m (v) WHERE v > 0;\n"
    "CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';\n"
    "CREATE TRIGGER m_row BEFORE UPDATE OF v ON m FOR EACH ROW WHEN (new.v > 0) EXECUTE FUNCTION trg();\n"
    "CREATE TRIGGER m_stmt AFTER INSERT ON m FOR EACH STATEMENT EXECUTE FUNCTION trg();\n";

static void test_partition_of_takes_parent_objects(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, part_setup);
    rpx_ok(x, "CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);");
    cat_rel *m1 = rpx_rel(x, "m1");
    /* indexes and keys are named after the partition */
    assert_string_equal(idxnames(m1), "m1_id_v_key, m1_v_idx");
    assert_string_equal(rpx_idx(x, "m1", "m1_v_idx")->where, "v > 0");
    /* CHECKs and foreign keys keep their names */
    assert_string_equal(connames(m1), "m1_id_v_key, m_u_id_fkey, pos");
    assert_false(rpx_con(x, "m1", "pos")->is_local);
    cat_constraint *fk = rpx_con(x, "m1", "m_u_id_fkey");
    assert_ptr_equal(fk->ref, rpx_rel(x, "u"));
    assert_false(fk->is_local);
    /* row triggers are cloned, statement triggers are not */
    assert_int_equal(m1->ntrig, 1);
    cat_trigger *t = cat_trigger_get(m1, "m_row");
    assert_string_equal(t->when, "new.v > 0");
    assert_string_equal(sv(&t->update_columns), "v");
    rpx_free(x);
}

static void test_attach_partition(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, part_setup);
    rpx_ok(x, "CREATE TABLE m4 (id int NOT NULL, u_id int, v int, CONSTRAINT pos CHECK (id > 0));\n"
              "CREATE INDEX m4_v_custom ON m4 (v) WHERE v > 0;\n"
              "ALTER TABLE m ATTACH PARTITION m4 FOR VALUES IN (4);\n");
    cat_rel *m4 = rpx_rel(x, "m4");
    /* an equivalent index stands in for the parent's; the rest are made */
    assert_string_equal(idxnames(m4), "m4_id_v_key, m4_v_custom");
    assert_string_equal(connames(m4), "m4_id_v_key, m_u_id_fkey, pos");
    /* the partition's columns and CHECKs become inherited */
    assert_false(rpx_col(x, "m4", "id")->is_local);
    assert_int_equal(rpx_col(x, "m4", "id")->inh_count, 1);
    assert_false(rpx_con(x, "m4", "pos")->is_local);
    assert_non_null(cat_trigger_get(m4, "m_row"));
    rpx_free(x);
}

static void test_parent_gets_new_index_key_fk(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, part_setup);
    rpx_ok(x, "CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);\n"
              "CREATE TABLE w (id int PRIMARY KEY);\n"
              "CREATE INDEX ON m (lower(v::text));\n"
              "CREATE INDEX m_u ON ONLY m (u_id);\n"
              "ALTER TABLE m ADD PRIMARY KEY (id);\n"
              "ALTER TABLE m ADD CONSTRAINT m_w FOREIGN KEY (v) REFERENCES w;\n"
              "ALTER TABLE m ADD COLUMN note text DEFAULT 'n';\n");
    cat_rel *m1 = rpx_rel(x, "m1");
    /* ON ONLY makes the index on the parent alone */
    assert_string_equal(idxnames(m1), "m1_id_v_key, m1_lower_idx, m1_pkey, m1_v_idx");
    assert_true(rpx_col(x, "m1", "id")->not_null);
    assert_string_equal(connames(m1), "m1_id_v_key, m1_pkey, m_u_id_fkey, m_w, pos");
    assert_string_equal(colnames(m1), "id, u_id, v, note");
    assert_string_equal(rpx_col(x, "m1", "note")->default_expr, "'n'");
    rpx_free(x);
}

static void test_detach_partition_keeps_copies(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, part_setup);
    rpx_ok(x, "CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);\n"
              "ALTER TABLE m DETACH PARTITION m1;\n");
    cat_rel *m1 = rpx_rel(x, "m1");
    assert_null(m1->partition_of);
    assert_string_equal(idxnames(m1), "m1_id_v_key, m1_v_idx");
    assert_string_equal(connames(m1), "m1_id_v_key, m_u_id_fkey, pos");
    assert_true(rpx_con(x, "m1", "pos")->is_local);
    assert_true(rpx_con(x, "m1", "m_u_id_fkey")->is_local);
    /* the cloned row trigger goes */
    assert_int_equal(m1->ntrig, 0);
    rpx_free(x);
}

static void test_partition_errors(void **state)
{
    (void)state;
    rpx_fails("CREATE TABLE m (a int, b int) PARTITION BY LIST (a);\nALTER TABLE m DROP COLUMN a;", 2,
              "cannot drop column \"a\" because it is part of the partition key of relation \"m\"");
    rpx_fails("CREATE TABLE m (a int, b int) PARTITION BY LIST ((a + b));\nALTER TABLE m DROP COLUMN b;", 2,
              "cannot drop column \"b\" because it is part of the partition key of relation \"m\"");
    rpx_fails("CREATE TABLE m (a int, b int) PARTITION BY LIST (a);\nALTER TABLE m ALTER COLUMN a TYPE bigint;", 2,
              "cannot alter column \"a\" because it is part of the partition key of relation \"m\"");
    rpx_fails("CREATE TABLE m (id int, CONSTRAINT pos CHECK (id > 0)) PARTITION BY LIST (id);\n"
              "CREATE TABLE m2 (id int);\nALTER TABLE m ATTACH PARTITION m2 FOR VALUES IN (2);", 3,
              "child table is missing constraint \"pos\"");
    rpx_fails("CREATE TABLE m (id int) PARTITION BY LIST (id);\n"
              "CREATE TABLE m2 (id int, z text);\nALTER TABLE m ATTACH PARTITION m2 FOR VALUES IN (2);", 3,
              "table \"m2\" contains column \"z\" not found in parent \"m\"\n"
              "DETAIL: The new partition may contain only the columns present in parent.");
    rpx_fails("CREATE TABLE m (id int, z text) PARTITION BY LIST (id);\n"
              "CREATE TABLE m2 (id int);\nALTER TABLE m ATTACH PARTITION m2 FOR VALUES IN (2);", 3,
              "child table is missing column \"z\"");
    rpx_fails("CREATE TABLE m (id int NOT NULL) PARTITION BY LIST (id);\n"
              "CREATE TABLE m2 (id int);\nALTER TABLE m ATTACH PARTITION m2 FOR VALUES IN (2);", 3,
              "column \"id\" in child table must be marked NOT NULL");
    rpx_fails("CREATE TABLE m (id int) PARTITION BY LIST (id);\n"
              "CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);\nALTER TABLE m DETACH PARTITION u;", 3,
              "relation \"u\" does not exist");
}

/* ---- ALTER INDEX ------------------------------------------------------------------------ */

static void test_alter_index(void **state)
{
    (void)state;
    rpx *x = rpx_new();
    rpx_ok(x, "CREATE TABLE t (a int);\n"
              "CREATE INDEX i ON t (a) WITH (fillfactor=70);\n"
              "ALTER INDEX i SET (fillfactor=50, deduplicate_items=off);\n"
              "ALTER INDEX i RESET (fillfactor);\n"
              "ALTER INDEX IF EXISTS nope SET (fillfactor=50);\n"
              /* what pg_dump writes for a partitioned index */
              "CREATE TABLE m (a int) PARTITION BY LIST (a);\n"
              "CREATE TABLE m1 (a int);\n"
              "ALTER TABLE ONLY m ATTACH PARTITION m1 FOR VALUES IN (1);\n"
              "CREATE INDEX m_a_idx ON ONLY m USING btree (a);\n"
              "CREATE INDEX m1_a_idx ON m1 USING btree (a);\n"
              "ALTER INDEX m_a_idx ATTACH PARTITION m1_a_idx;\n");
    assert_string_equal(sv(&rpx_idx(x, "t", "i")->options), "deduplicate_items=off");
    assert_string_equal(rpx_diag(x, DIAG_NOTE, 0)->msg, "relation \"nope\" does not exist, skipping");
    assert_string_equal(idxnames(rpx_rel(x, "m1")), "m1_a_idx");
    rpx_free(x);
    rpx_fails("CREATE TABLE t (a int);\nALTER INDEX t SET (fillfactor=50);", 2, "\"t\" is not an index");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alter_reaches_children),
        cmocka_unit_test(test_add_merges_into_children),
        cmocka_unit_test(test_rename_column_reaches_children),
        cmocka_unit_test(test_inheritance_errors),
        cmocka_unit_test(test_partition_of_takes_parent_objects),
        cmocka_unit_test(test_attach_partition),
        cmocka_unit_test(test_parent_gets_new_index_key_fk),
        cmocka_unit_test(test_detach_partition_keeps_copies),
        cmocka_unit_test(test_partition_errors),
        cmocka_unit_test(test_alter_index),
    };
    return cmocka_run_group_tests_name("replay_inherit", tests, NULL, NULL);
}
