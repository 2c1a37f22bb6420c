/* pgconn: DSN redaction (no password may ever be printed) and the
 * one-line connection error, against the harness server when present. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pgconn.h"

static void redacts(const char *dsn, const char *want)
{
    char *got = pgc_redact(dsn);
    assert_string_equal(got, want);
    free(got);
}

static void test_redact_uri(void **state)
{
    (void)state;
    redacts("postgresql://app:s3cret@db.example:5432/app", "postgresql://app:xxxxx@db.example:5432/app");
    redacts("postgres://app@db/app", "postgres://app@db/app");
    redacts("postgresql://a:b@c@h/db", "postgresql://a:xxxxx@h/db");
    redacts("postgresql:///app?host=/tmp&password=hunter2&sslmode=disable",
            "postgresql:///app?host=/tmp&password=xxxxx&sslmode=disable");
    redacts("postgresql://u:p@h1,h2/db?password=x", "postgresql://u:xxxxx@h1,h2/db?password=xxxxx");
}

static void test_redact_conninfo(void **state)
{
    (void)state;
    redacts("host=/tmp dbname=app password=hunter2", "host=/tmp dbname=app password=xxxxx");
    redacts("password = 'a b\\' c' user=x", "password = xxxxx user=x");
    redacts("dbname=app", "dbname=app");
    redacts("", "the default database (PG* variables)");
}

static void test_connect_failure_is_one_redacted_line(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    PGconn *c = pgc_connect("postgresql://u:topsecret@/nodb?host=/nonexistent-sqlc-dir&connect_timeout=2", &err);
    assert_null(c);
    assert_null(strstr(sb_str(&err), "topsecret"));
    assert_non_null(strstr(sb_str(&err), "could not connect to postgresql://u:xxxxx@/nodb"));
    assert_null(strchr(sb_str(&err), '\n'));
    sb_release(&err);
}

/* libpq's parse errors quote the DSN; the password must not survive. */
static void bad_dsn(const char *dsn, const char *want)
{
    strbuf err = STRBUF_INIT;
    assert_int_equal(pgc_check_dsn(dsn, &err), -1);
    assert_string_equal(sb_str(&err), want);
    assert_null(strstr(sb_str(&err), "secret"));
    sb_release(&err);
    PGconn *c = pgc_connect(dsn, &err);
    assert_null(c);
    assert_null(strstr(sb_str(&err), "secret"));
    assert_null(strchr(sb_str(&err), '\n'));
    sb_release(&err);
}

static void test_bad_dsn_hides_the_password(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pgc_check_dsn("", &err), 0);
    assert_int_equal(pgc_check_dsn("postgresql://u:secret@h:5432/db?sslmode=disable", &err), 0);
    assert_int_equal(pgc_check_dsn("host=/tmp password=secret", &err), 0);
    assert_int_equal(err.len, 0);
    bad_dsn("postgres://u:p%zzsecret@h/db",
            "postgres://u:xxxxx@h/db is not a valid libpq connection string or URI: "
            "invalid percent-encoded token: \"xxxxx\"");
    bad_dsn("postgres://u:secret@[::1/db",
            "postgres://u:xxxxx@[::1/db is not a valid libpq connection string or URI: "
            "end of string reached when looking for matching \"]\" in IPv6 host address in URI: "
            "\"postgres://u:xxxxx@[::1/db\"");
    bad_dsn("mysql://u:secret@h/db",
            "mysql://u:xxxxx@h/db is not a valid libpq connection string or URI: "
            "missing \"=\" after \"mysql://u:xxxxx@h/db\" in connection info string");
    bad_dsn("postgresql://h/db?password=p%zzsecret",
            "postgresql://h/db?password=xxxxx is not a valid libpq connection string or URI: "
            "invalid percent-encoded token: \"xxxxx\"");
    bad_dsn("host='h password=secret",
            "host=xxxxx is not a valid libpq connection string or URI: "
            "unterminated quoted string in connection info string");
}

static void test_connect_sets_application_name(void **state)
{
    (void)state;
    if (!getenv("PGHOST")) /* no harness server: see test_pg */
        skip();
    strbuf err = STRBUF_INIT;
    PGconn *c = pgc_connect("", &err); /* PG* variables choose the server */
    assert_non_null(c);
    PGresult *r = pgc_exec(c, "SELECT current_setting('application_name')", &err);
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "sqlc");
    PQclear(r);
    assert_null(pgc_exec(c, "SELECT 1/0", &err));
    assert_string_equal(sb_str(&err), "division by zero (SQLSTATE 22012)");
    PQfinish(c);
    sb_release(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_redact_uri),
        cmocka_unit_test(test_redact_conninfo),
        cmocka_unit_test(test_connect_failure_is_one_redacted_line),
        cmocka_unit_test(test_bad_dsn_hides_the_password),
        cmocka_unit_test(test_connect_sets_application_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
