/* Unit tests for the revision file header parser and writer. */
#include "helpers.h"
#include "sqlparse.h"

#include <string.h>

/* Parses text; returns the revision or NULL, leaving messages in dl. */
static revision *parse(const char *text, diaglist *dl)
{
    return revfile_parse("v/r.sql", xstrdup(text), strlen(text), dl);
}

/* Expects text to fail with exactly one error equal to msg at line:col. */
static void expect_error(const char *text, int line, int col, const char *msg)
{
    diaglist dl = DIAGLIST_INIT;
    revision *r = parse(text, &dl);
    assert_null(r);
    if (dl.nerrors != 1)
        diag_print(&dl, stderr);
    assert_int_equal(dl.nerrors, 1);
    assert_string_equal(dl.items[0].msg, msg);
    assert_int_equal(dl.items[0].line, line);
    assert_int_equal(dl.items[0].col, col);
    diag_clear(&dl);
}

static const char good[] =
    "-- sqlc:revision 3b1c2d4e5f6a\n"
    "-- sqlc:parents 2b6c1f3e4d5b\n"
    "-- sqlc:message add phone_number column to users\n"
    "-- sqlc:created 2026-11-22T03:42:00Z\n"
    "\n"
    "-- sqlc:upgrade\n"
    "ALTER TABLE users ADD COLUMN phone_number text;\n"
    "\n"
    "-- sqlc:downgrade\n"
    "ALTER TABLE users DROP COLUMN phone_number;\n";

static void test_good_file(void **state)
{
    (void)state;
    diaglist dl = DIAGLIST_INIT;
    revision *r = parse(good, &dl);
    assert_non_null(r);
    assert_string_equal(r->id, "3b1c2d4e5f6a");
    assert_int_equal(r->parents.n, 1);
    assert_string_equal(r->parents.v[0], "2b6c1f3e4d5b");
    assert_string_equal(r->message, "add phone_number column to users");
    assert_string_equal(r->created, "2026-11-22T03:42:00Z");
    assert_true(r->transactional);
    assert_true(r->upgrade.present && r->downgrade.present);
    assert_memory_equal(r->src.text + r->upgrade.off,
                        "ALTER TABLE users ADD COLUMN phone_number text;\n\n",
                        r->upgrade.len);
    /* Statements keep file positions. */
    parsed_sql ps;
    assert_int_equal(sql_parse(&r->src, r->downgrade.off, r->downgrade.len, &ps, &dl), 0);
    assert_int_equal(ps.n, 1);
    assert_int_equal(ps.stmts[0].line, 10);
    parsed_sql_release(&ps);
    revision_free(r);
    diag_clear(&dl);
}

static void test_optional_headers_and_merge(void **state)
{
    (void)state;
    diaglist dl = DIAGLIST_INIT;
    revision *r = parse("-- sqlc:revision aaaaaaaaaaaa\n"
                        "--sqlc:parents bbbbbbbbbbbb,cccccccccccc  dddddddddddd\n"
                        "-- sqlc:branch-labels feature-x, billing\n"
                        "-- sqlc:depends-on eeeeeeeeeeee\n"
                        "-- sqlc:transaction off\n"
                        "-- sqlc:upgrade\n", &dl);
    assert_non_null(r);
    assert_int_equal(r->parents.n, 3);
    assert_string_equal(r->parents.v[2], "dddddddddddd");
    assert_int_equal(r->branch_labels.n, 2);
    assert_string_equal(r->branch_labels.v[1], "billing");
    assert_string_equal(r->depends_on.v[0], "eeeeeeeeeeee");
    assert_false(r->transactional);
    assert_string_equal(r->message, "");
    assert_true(r->upgrade.present);
    assert_int_equal(r->upgrade.len, 0);
    assert_false(r->downgrade.present);
    revision_free(r);
    diag_clear(&dl);
}

static void test_bom_crlf_comments(void **state)
{
    (void)state;
    diaglist dl = DIAGLIST_INIT;
    const char *t = "\xEF\xBB\xBF-- a free comment\r\n"
                    "-- sqlc:revision aaaaaaaaaaaa\r\n"
                    "-- sqlc:parents\r\n"
                    "-- sqlc:upgrade\r\n"
                    "/* block /* nested */ */ CREATE TABLE t (a int);\r\n"
                    "-- sqlc:downgrade\r\n";
    revision *r = parse(t, &dl);
    assert_non_null(r);
    assert_int_equal(r->parents.n, 0);
    parsed_sql ps;
    assert_int_equal(sql_parse(&r->src, r->upgrade.off, r->upgrade.len, &ps, &dl), 0);
    assert_int_equal(ps.n, 1);
    assert_int_equal(ps.stmts[0].line, 5);
    int line, col;
    srcfile_locate(&r->src, ps.stmts[0].off, &line, &col);
    assert_int_equal(col, 26); /* after the nested comment */
    parsed_sql_release(&ps);
    revision_free(r);
    diag_clear(&dl);
}

static void test_header_errors(void **state)
{
    (void)state;
    expect_error("", 0, 0, "empty file: a revision file starts with '-- sqlc:revision <id>'");
    expect_error("CREATE TABLE t (a int);\n", 0, 0,
                 "no sqlc header: a revision file starts with '-- sqlc:revision <id>'");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:upgrade\nSELECT 1;\n-- sqlc:upgrade\n", 4, 1,
                 "second '-- sqlc:upgrade' marker (the first is on line 2)");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:downgrade\n-- sqlc:upgrade\n", 2, 1,
                 "'-- sqlc:downgrade' before '-- sqlc:upgrade'; the upgrade section comes first");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:upgrade\n-- sqlc:downgrade\n-- sqlc:downgrade\n", 4, 1,
                 "second '-- sqlc:downgrade' marker (the first is on line 3)");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:parent bbbbbbbbbbbb\n-- sqlc:upgrade\n", 2, 1,
                 "unknown directive 'sqlc:parent' (known: revision, parents, message, created, branch-labels, depends-on, transaction, upgrade, downgrade)");
    /* One error per directive line, the first problem in it. */
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:parents x, y, x, y, x\n-- sqlc:upgrade\n", 2, 1,
                 "parent id 'x' is not 12 lowercase hex digits");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:parents bbbbbbbbbbbb, cccccccccccc, cccccccccccc, bbbbbbbbbbbb\n"
                 "-- sqlc:upgrade\n", 2, 1, "parent lists 'bbbbbbbbbbbb' twice");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:branch-labels 1a, 2b, base\n-- sqlc:upgrade\n", 2, 1,
                 "branch label '1a' must start with a letter");
    /* One malformed line is one error, not also "no revision directive". */
    expect_error("-- sqlc:revisionaaaaaaaaaaaa\n-- sqlc:upgrade\n", 1, 1,
                 "malformed directive 'sqlc:revisionaaaaaaaaaaaa': put a blank between 'sqlc:revision' and its value");
    expect_error("-- sqlc: revision aaaaaaaaaaaa\n-- sqlc:upgrade\n", 1, 1,
                 "malformed directive: a directive is '-- sqlc:KEY VALUE', with no blank after 'sqlc:'");
    /* The SQL under a misplaced downgrade marker is not a second error. */
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:downgrade\nDROP TABLE t;\n-- sqlc:upgrade\n", 2, 1,
                 "'-- sqlc:downgrade' before '-- sqlc:upgrade'; the upgrade section comes first");
    expect_error("-- sqlc:revision AAAAAAAAAAAA\n-- sqlc:upgrade\n", 1, 1,
                 "revision id 'AAAAAAAAAAAA' is not 12 lowercase hex digits");
    expect_error("-- sqlc:revision abc\n-- sqlc:upgrade\n", 1, 1,
                 "revision id 'abc' is not 12 lowercase hex digits");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:parents bbbb\n-- sqlc:upgrade\n", 2, 1,
                 "parent id 'bbbb' is not 12 lowercase hex digits");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:revision bbbbbbbbbbbb\n-- sqlc:upgrade\n", 2, 1,
                 "directive 'sqlc:revision' repeated (first on line 1)");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\nSELECT 1;\n-- sqlc:upgrade\n", 2, 1,
                 "SQL before the '-- sqlc:upgrade' marker");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n", 0, 0,
                 "no '-- sqlc:upgrade' marker; every revision has an upgrade section");
    expect_error("-- sqlc:message hi\n-- sqlc:upgrade\n", 0, 0,
                 "no '-- sqlc:revision <id>' directive in the header");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:upgrade\n-- sqlc:parents bbbbbbbbbbbb\n", 3, 1,
                 "header directive 'sqlc:parents' inside the upgrade section; move it above '-- sqlc:upgrade'");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:transaction maybe\n-- sqlc:upgrade\n", 2, 1,
                 "transaction must be 'on' or 'off', not 'maybe'");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:created yesterday\n-- sqlc:upgrade\n", 2, 1,
                 "created 'yesterday' is not a UTC timestamp like 2026-11-22T03:42:00Z");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:branch-labels head\n-- sqlc:upgrade\n", 2, 1,
                 "branch label 'head' is a reserved word");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:branch-labels v-2\n-- sqlc:upgrade\n", 2, 1,
                 "branch label 'v-2' must not end in '-N', which reads as N steps down");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:parents bbbbbbbbbbbb, bbbbbbbbbbbb\n-- sqlc:upgrade\n", 2, 1,
                 "parent lists 'bbbbbbbbbbbb' twice");
}

static void test_byte_errors(void **state)
{
    (void)state;
    diaglist dl = DIAGLIST_INIT;
    const char nul[] = "-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:upgrade\nSEL\0ECT 1;\n";
    assert_null(revfile_parse("v/r.sql", xstrndup(nul, sizeof(nul) - 1), sizeof(nul) - 1, &dl));
    assert_string_equal(dl.items[0].msg, "NUL byte in file; revision files are UTF-8 text");
    assert_int_equal(dl.items[0].line, 3);
    assert_int_equal(dl.items[0].col, 4);
    diag_clear(&dl);
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:upgrade\nSELECT 1;\xEF\xBB\xBF\n", 3, 10,
                 "byte-order mark (U+FEFF) in the middle of the file");
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:upgrade\nSELECT '\xC3\x28';\n", 3, 9,
                 "invalid UTF-8 byte sequence (byte 0xc3)");
    /* an overlong encoding of '/' */
    expect_error("-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:upgrade\n\xC0\xAF\n", 3, 1,
                 "invalid UTF-8 byte sequence (byte 0xc0)");
}

static void test_syntax_error_position(void **state)
{
    (void)state;
    diaglist dl = DIAGLIST_INIT;
    const char *t = "-- sqlc:revision aaaaaaaaaaaa\n-- sqlc:upgrade\n"
                    "CREATE TABLE ü (a int);\nCREATE TABLE t (a int,);\n";
    revision *r = parse(t, &dl);
    assert_non_null(r);
    parsed_sql ps;
    assert_int_equal(sql_parse(&r->src, r->upgrade.off, r->upgrade.len, &ps, &dl), -1);
    assert_int_equal(dl.nerrors, 1);
    assert_string_equal(dl.items[0].msg, "syntax error at or near \")\"");
    assert_int_equal(dl.items[0].line, 4);
    assert_int_equal(dl.items[0].col, 23);
    assert_string_equal(dl.items[0].excerpt, "CREATE TABLE t (a int,);");
    revision_free(r);
    diag_clear(&dl);
}

static void test_render_roundtrip(void **state)
{
    (void)state;
    strvec parents = STRVEC_INIT, labels = STRVEC_INIT, deps = STRVEC_INIT;
    strvec_push(&parents, "bbbbbbbbbbbb");
    strvec_push(&parents, "cccccccccccc");
    strvec_push(&labels, "x");
    strvec_push(&deps, "dddddddddddd");
    char *text = revfile_render("aaaaaaaaaaaa", &parents, "two\nlines", "2026-01-02T03:04:05Z",
                                &labels, &deps, false, "SELECT 1;", "SELECT 2;\n");
    diaglist dl = DIAGLIST_INIT;
    revision *r = parse(text, &dl);
    assert_non_null(r);
    assert_string_equal(r->message, "two lines");
    assert_int_equal(r->parents.n, 2);
    assert_string_equal(r->depends_on.v[0], "dddddddddddd");
    assert_string_equal(r->branch_labels.v[0], "x");
    assert_false(r->transactional);
    assert_memory_equal(r->src.text + r->upgrade.off, "SELECT 1;\n\n", r->upgrade.len);
    revision_free(r);
    free(text);
    strvec_clear(&parents);
    strvec_clear(&labels);
    strvec_clear(&deps);
    diag_clear(&dl);
}

static void test_slug_and_ids(void **state)
{
    (void)state;
    char *s = rev_slug("Add phone_number column to users!");
    assert_string_equal(s, "add_phone_number_column_to_users");
    free(s);
    s = rev_slug("a very long message that goes on and on past forty bytes");
    assert_string_equal(s, "a_very_long_message_that_goes_on_and_on");
    assert_true(strlen(s) <= 40);
    free(s);
    s = rev_slug("¡¿!?");
    assert_string_equal(s, "");
    free(s);
    char *id1 = rev_id_generate(), *id2 = rev_id_generate();
    assert_true(rev_id_valid(id1));
    assert_string_not_equal(id1, id2);
    free(id1);
    free(id2);
    assert_false(rev_id_valid("3b1c2d4e5f6"));
    assert_false(rev_id_valid("3b1c2d4e5f6g"));
    assert_true(rev_id_valid("3b1c2d4e5f6a"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_optional_headers_and_merge),
        cmocka_unit_test(test_bom_crlf_comments),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_byte_errors),
        cmocka_unit_test(test_syntax_error_position),
        cmocka_unit_test(test_render_roundtrip),
        cmocka_unit_test(test_slug_and_ids),
    };
    return cmocka_run_group_tests_name("revfile", tests, NULL, NULL);
}
