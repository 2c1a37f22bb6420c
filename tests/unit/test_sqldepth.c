/* Unit tests for sqldepth.c: the two nesting checks that keep deep
 * statements from overflowing the stack, each with small limits so the
 * boundaries are exact, and sql_parse() refusing a deep statement at its
 * own line. */
#include "helpers.h"
#include "sqlparse.h"
#include "util.h"

#include <string.h>

/* "SELECT 1 + 1 ... " with n operators. */
static char *chain(const char *prefix, int n, const char *op)
{
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "%s1", prefix);
    for (int i = 0; i < n; i++)
        sb_addf(&sb, " %s 1", op);
    sb_adds(&sb, ";");
    return sb_detach(&sb);
}

static long scan(const char *s, int limit, bool *comments)
{
    return sql_depth_scan(s, strlen(s), limit, comments);
}

static void test_text_bound(void **state)
{
    (void)state;
    bool c;
    char *ten = chain("SELECT ", 10, "+");
    assert_int_equal(scan(ten, 10, &c), -1);
    assert_int_equal(scan(ten, 9, &c), 0);
    assert_false(c);
    free(ten);
    /* One operator is a run of operator characters; "::" chains too. */
    char *cat = chain("SELECT ", 10, "||");
    assert_int_equal(scan(cat, 10, &c), -1);
    free(cat);
    char *casts = chain("SELECT ", 10, "::int +");
    assert_int_equal(scan(casts, 19, &c), 0);
    assert_int_equal(scan(casts, 20, &c), -1);
    free(casts);
    /* Parentheses add a level each, and their runs add up. */
    assert_int_equal(scan("SELECT ((((1))));", 4, &c), -1);
    assert_int_equal(scan("SELECT ((((1))));", 3, &c), 0);
    assert_int_equal(scan("SELECT 1 + (1 + (1 + 1));", 5, &c), -1);
    assert_int_equal(scan("SELECT 1 + (1 + (1 + 1));", 4, &c), 0);
    /* Flat lists end a run: commas, AND/OR, CASE branches. */
    assert_int_equal(scan("SELECT 1 + 1, 1 + 1, 1 + 1;", 1, &c), -1);
    assert_int_equal(scan("SELECT a = 1 AND b = 1 OR c = 1 WHERE d = 1;", 1, &c), -1);
    assert_int_equal(scan("SELECT CASE WHEN a = 1 THEN 1 + 1 WHEN a = 2 THEN 2 END;", 1, &c), -1);
    /* Strings, quoted names, dollar quotes and comments hold no operators. */
    assert_int_equal(scan("SELECT '+ + + +', \"- - -\", $$ * * * $$ /* / / / */ -- + + +\n;", 0, &c), -1);
    /* Each statement starts afresh; the offset is the deep statement's. */
    const char *two = "SELECT 1 + 1;\n  SELECT 1 + 1 + 1 + 1;";
    assert_int_equal(scan(two, 2, &c), 16);
    assert_int_equal(scan(two, 3, &c), -1);
}

static void test_comment_nesting(void **state)
{
    (void)state;
    bool c;
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "SELECT 1; ");
    for (int i = 0; i < SQL_MAX_COMMENT_NESTING; i++)
        sb_adds(&sb, "/*");
    for (int i = 0; i < SQL_MAX_COMMENT_NESTING; i++)
        sb_adds(&sb, "*/");
    sb_adds(&sb, " SELECT 2;");
    assert_int_equal(scan(sb.buf, 10, &c), -1);
    sb_reset(&sb);
    sb_adds(&sb, "SELECT 1; ");
    for (int i = 0; i <= SQL_MAX_COMMENT_NESTING; i++)
        sb_adds(&sb, "/*");
    assert_int_equal(scan(sb.buf, 10, &c), 10); /* where the comment begins */
    assert_true(c);
    sb_release(&sb);
}

static void test_tree_depth(void **state)
{
    (void)state;
    PgQueryProtobufParseResult r = pg_query_parse_protobuf("SELECT 1;\nSELECT NOT NOT NOT NOT true;");
    assert_null(r.error);
    const uint8_t *b = (const uint8_t *)r.parse_tree.data;
    size_t off = 99;
    /* SELECT 1 is 9 message levels deep (ParseResult, RawStmt, Node,
     * SelectStmt, Node, ResTarget, Node, A_Const, Integer); each NOT adds
     * a Node and a BoolExpr. */
    assert_int_equal(sql_too_deep_stmt(b, r.parse_tree.len, 17, &off), -1);
    assert_int_equal(sql_too_deep_stmt(b, r.parse_tree.len, 16, &off), 1);
    assert_int_equal(off, 9); /* libpg_query's stmt_location: after the ';' */
    assert_int_equal(sql_too_deep_stmt(b, r.parse_tree.len, 8, &off), 0);
    pg_query_free_protobuf_parse_result(r);
}

static void test_sql_parse_refuses_at_the_statement(void **state)
{
    (void)state;
    char *deep = chain("SELECT ", SQL_MAX_TEXT_DEPTH + 1, "+");
    char *text = xasprintf("CREATE TABLE t (a int);\n%s\n", deep);
    srcfile f;
    srcfile_init(&f, "t.sql", text, strlen(text));
    diaglist dl = DIAGLIST_INIT;
    parsed_sql ps;
    assert_int_equal(sql_parse(&f, 0, f.len, &ps, &dl), -1);
    assert_int_equal(dl.nerrors, 1);
    assert_int_equal(dl.items[0].line, 2);
    assert_int_equal(dl.items[0].col, 1);
    assert_non_null(strstr(dl.items[0].msg, "nested too deeply"));
    diag_clear(&dl);
    srcfile_release(&f);
    free(deep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_bound),
        cmocka_unit_test(test_comment_nesting),
        cmocka_unit_test(test_tree_depth),
        cmocka_unit_test(test_sql_parse_refuses_at_the_statement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
