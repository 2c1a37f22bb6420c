/* Unit tests for sqlerror.c: what a syntax error says.  Every row of the
 * later-syntax table is hit once (so a row that stops matching, or starts
 * matching the wrong thing, fails here), plus the "at or near" clipping,
 * psql meta-commands, and plain errors that must stay unchanged. */
#include "helpers.h"
#include "sqlparse.h"
#include "util.h"

#include <string.h>

/* Parses sql as a file "t.sql" and expects one error with message want. */
static void says(const char *sql, const char *want)
{
    srcfile f;
    srcfile_init(&f, "t.sql", xstrdup(sql), strlen(sql));
    diaglist dl = DIAGLIST_INIT;
    parsed_sql ps;
    assert_int_equal(sql_parse(&f, 0, f.len, &ps, &dl), -1);
    assert_int_equal(dl.nerrors, 1);
    assert_string_equal(dl.items[0].msg, want);
    diag_clear(&dl);
    srcfile_release(&f);
}

#define PG(n) " is PostgreSQL " #n " syntax, and sqlc parses PostgreSQL 15"

static void test_later_syntax_table(void **state)
{
    (void)state;
    says("GRANT a TO b WITH INHERIT TRUE;", "syntax error at or near \"INHERIT\"; GRANT ... WITH INHERIT" PG(16));
    says("GRANT a TO b WITH SET FALSE;", "syntax error at or near \"SET\"; GRANT ... WITH SET" PG(16));
    says("SELECT x IS JSON FROM t;", "syntax error at or near \"JSON\"; IS JSON" PG(16));
    says("SELECT x IS NOT JSON FROM t;", "syntax error at or near \"JSON\"; IS NOT JSON" PG(16));
    says("SELECT json_object('a' VALUE 1);", "syntax error at or near \"VALUE\"; JSON_OBJECT(key VALUE value)" PG(16));
    says("SELECT json_array(1 RETURNING jsonb);", "syntax error at or near \"RETURNING\"; JSON_ARRAY(... RETURNING ...)" PG(16));
    says("SELECT json_objectagg(k VALUE v) FROM t;", "syntax error at or near \"VALUE\"; JSON_OBJECTAGG" PG(16));
    says("SELECT json_arrayagg(x ORDER BY x RETURNING jsonb) FROM t;", "syntax error at or near \"RETURNING\"; JSON_ARRAYAGG" PG(16));
    says("REINDEX DATABASE;", "syntax error at or near \";\"; REINDEX DATABASE without a name" PG(16));
    says("REINDEX SYSTEM;", "syntax error at or near \";\"; REINDEX SYSTEM without a name" PG(16));
    says("CREATE TABLE t (a text STORAGE EXTERNAL);", "syntax error at or near \"STORAGE\"; STORAGE in a CREATE TABLE column" PG(16));
    says("SELECT * FROM (SELECT 1);", "subquery in FROM must have an alias; a subquery in FROM without an alias" PG(16));
    says("SELECT 0x1F;", "trailing junk after numeric literal at or near \"0x\"; a hexadecimal, octal or binary integer literal" PG(16));
    says("SELECT 1_000;", "trailing junk after numeric literal at or near \"1_\"; a numeric literal with '_' separators" PG(16));
    says("SELECT * FROM json_table('[]'::jsonb, '$' COLUMNS (a int));", "syntax error at or near \"COLUMNS\"; JSON_TABLE" PG(17));
    says("SELECT json_query(j, '$' WITH WRAPPER) FROM t;", "syntax error at or near \"WITH\"; JSON_QUERY" PG(17));
    says("SELECT json_value(j, '$' RETURNING int) FROM t;", "syntax error at or near \"RETURNING\"; JSON_VALUE" PG(17));
    says("SELECT json_exists(j, '$' TRUE ON ERROR) FROM t;", "syntax error at or near \"TRUE\"; JSON_EXISTS" PG(17));
    says("SELECT json_serialize(j RETURNING bytea) FROM t;", "syntax error at or near \"RETURNING\"; JSON_SERIALIZE" PG(17));
    says("SELECT json_scalar(1 RETURNING json);", "syntax error at or near \"RETURNING\"; JSON_SCALAR" PG(17));
    says("MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE RETURNING *;",
         "syntax error at or near \"RETURNING\"; MERGE ... RETURNING" PG(17));
    says("MERGE INTO t USING s ON t.a = s.a WHEN NOT MATCHED BY SOURCE THEN DELETE;",
         "syntax error at or near \"BY\"; MERGE ... WHEN NOT MATCHED BY SOURCE" PG(17));
    says("ALTER TABLE t ALTER COLUMN a SET EXPRESSION AS (1);",
         "syntax error at or near \"EXPRESSION\"; ALTER COLUMN ... SET EXPRESSION" PG(17));
    says("CREATE TABLE t (a int GENERATED ALWAYS AS (1) VIRTUAL);",
         "syntax error at or near \"VIRTUAL\"; a VIRTUAL generated column" PG(18));
    says("ALTER TABLE t ADD CHECK (a > 0) NOT ENFORCED;", "syntax error at or near \"ENFORCED\"; NOT ENFORCED" PG(18));
    says("ALTER TABLE t ADD CHECK (a > 0) ENFORCED;", "syntax error at or near \"ENFORCED\"; ENFORCED" PG(18));
    says("UPDATE t SET a = 1 RETURNING WITH (OLD AS o) o.a;",
         "syntax error at or near \"WITH\"; RETURNING WITH (OLD/NEW AS ...)" PG(18));
    says("CREATE TABLE t (a int, b tsrange, PRIMARY KEY (a, b WITHOUT OVERLAPS));",
         "syntax error at or near \"WITHOUT\"; WITHOUT OVERLAPS" PG(18));
    says("CREATE TABLE t (a int, CONSTRAINT n NOT NULL a);",
         "syntax error at or near \"NOT\"; a named NOT NULL table constraint" PG(18));
}

static void test_context_is_lexed_not_guessed(void **state)
{
    (void)state;
    /* Strings, quoted names, dollar quotes and comments holding "(" or
     * "IS" do not fool the scan; the statement before the ';' is done. */
    says("SELECT 'IS (', \"json_table(\", $q$ ( $q$ /* ( */ FROM t; SELECT a IS JSON;",
         "syntax error at or near \"JSON\"; IS JSON" PG(16));
    /* The enclosing call is the innermost one: json_value inside coalesce
     * is named, coalesce's own arguments are not a later construct. */
    says("SELECT coalesce(json_value(j, '$' RETURNING int), 0) FROM t;",
         "syntax error at or near \"RETURNING\"; JSON_VALUE" PG(17));
    says("SELECT coalesce(1 RETURNING int);", "syntax error at or near \"RETURNING\"");
    /* A previous statement's MERGE is not this statement's. */
    says("MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE; SELECT 1 RETURNING 2;",
         "syntax error at or near \"RETURNING\"");
}

static void test_plain_errors_unchanged(void **state)
{
    (void)state;
    says("CREATE TABLE t (a int NOT NUL);", "syntax error at or near \"NUL\"");
    says("CREATE TABLE t (a int,, b int);", "syntax error at or near \",\"");
    says("SELECT 1 +", "syntax error at end of input");
    says("GRANT a TO b WITH GRANT FOO;", "syntax error at or near \"GRANT\"");
}

static void test_at_or_near_is_one_line(void **state)
{
    (void)state;
    says("SELECT 'abc;\nSELECT 2;\n", "unterminated quoted string at or near \"'abc;...\"");
    says("SELECT 'abc;\n", "unterminated quoted string at or near \"'abc;\"");
    says("SELECT 'abc;\r\nSELECT 2;", "unterminated quoted string at or near \"'abc;...\"");
    says("CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1;\n", "unterminated dollar-quoted string at or near \"$$...\"");
    says("SELECT 1; /* open", "unterminated /* comment at or near \"/* open\"");
    /* At most 40 characters, counted as characters. */
    says("SELECT 'ééééééééééééééééééééééééééééééééééééééééééééé",
         "unterminated quoted string at or near \"'ééééééééééééééééééééééééééééééééééééééé...\"");
}

static void test_psql_meta_commands(void **state)
{
    (void)state;
    says("\\i other.sql\n", "psql meta-command '\\i' is not SQL: revisions are plain SQL, not psql scripts");
    says("CREATE TABLE t (a int);\n\\set ON_ERROR_STOP on\n",
         "psql meta-command '\\set' is not SQL: revisions are plain SQL, not psql scripts");
    says("SELECT 1 \\gset\n", "psql meta-command '\\gset' is not SQL: revisions are plain SQL, not psql scripts");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_later_syntax_table),
        cmocka_unit_test(test_context_is_lexed_not_guessed),
        cmocka_unit_test(test_plain_errors_unchanged),
        cmocka_unit_test(test_at_or_near_is_one_line),
        cmocka_unit_test(test_psql_meta_commands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
