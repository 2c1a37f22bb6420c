/* The real-PostgreSQL harness works: connect through libpq to the server
 * that tests/run.sh started (PGHOST is its socket folder) and run SELECT 1. */
#include "helpers.h"

#include <libpq-fe.h>
#include <string.h>

static void test_select_1(void **state)
{
    (void)state;
    if (!getenv("PGHOST")) {
        /* tests/run.sh always starts a server and says so; a lone run of
         * this binary has none and skips. */
        if (getenv("SQLC_TEST_REQUIRE_PG"))
            fail_msg("SQLC_TEST_REQUIRE_PG is set but PGHOST is not: the harness did not start");
        skip();
        return;
    }
    PGconn *c = PQconnectdb("application_name=sqlc-test");
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connect: %s", PQerrorMessage(c));
    /* A unix socket, never TCP: the harness must not open a port. */
    assert_string_equal(PQhost(c), getenv("PGHOST"));
    PGresult *r = PQexec(c, "SELECT 1, current_setting('server_version_num')::int / 10000");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "1");
    assert_string_equal(PQgetvalue(r, 0, 1), "15");
    PQclear(r);
    PQfinish(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_1),
    };
    return cmocka_run_group_tests_name("pg", tests, NULL, NULL);
}
