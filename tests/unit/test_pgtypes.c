/* Unit tests for pgtypes (format_type() spelling) and pgident (quote_ident()).
 *
 * Every expectation below was observed on a real PostgreSQL 15 server
 * (15.20): each type was declared as "CREATE TABLE tt (c <type>)" and read
 * back with format_type(atttypid, atttypmod); each error is the server's
 * ERROR text for the same declaration; identifier pairs come from
 * SELECT quote_ident(...).  The only deliberate differences are noted inline
 * (user types keep the qualification they were written with). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "pgident.h"
#include "pgtypes.h"

/* Parses sql and hands the first statement to fn; frees everything. */
typedef void (*stmt_fn)(const PgQuery__Node *stmt, void *ctx);

static void with_stmt(const char *sql, stmt_fn fn, void *ctx)
{
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
    if (r.error)
        fail_msg("parse of <%s> failed: %s", sql, r.error->message);
    PgQuery__ParseResult *pr = pg_query__parse_result__unpack(
        NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
    assert_non_null(pr);
    assert_true(pr->n_stmts >= 1);
    fn(pr->stmts[0]->stmt, ctx);
    pg_query__parse_result__free_unpacked(pr, NULL);
    pg_query_free_protobuf_parse_result(r);
}

struct fmt_out {
    char *text; /* formatted type, or "ERROR: message" */
};

static void fmt_column(const PgQuery__Node *stmt, void *ctx)
{
    struct fmt_out *out = ctx;
    assert_int_equal(stmt->node_case, PG_QUERY__NODE__NODE_CREATE_STMT);
    const PgQuery__CreateStmt *cs = stmt->create_stmt;
    assert_int_equal(cs->n_table_elts, 1);
    const PgQuery__TypeName *tn = cs->table_elts[0]->column_def->type_name;
    char *err = NULL;
    char *s = pgtype_format(tn, &err);
    if (s) {
        assert_null(err);
        out->text = s;
    } else {
        assert_non_null(err);
        size_t n = strlen(err) + 8;
        out->text = malloc(n);
        snprintf(out->text, n, "ERROR: %s", err);
        free(err);
    }
}

/* format_type text (or "ERROR: ...") for "CREATE TABLE t (c <type>)". */
static char *format_decl(const char *type)
{
    char sql[512];
    struct fmt_out out = {NULL};
    snprintf(sql, sizeof(sql), "CREATE TABLE t (c %s)", type);
    with_stmt(sql, fmt_column, &out);
    return out.text;
}

static const struct { const char *decl, *want; } type_cases[] = {
    {"int", "integer"},
    {"integer", "integer"},
    {"int4", "integer"},
    {"int2", "smallint"},
    {"smallint", "smallint"},
    {"int8", "bigint"},
    {"bigint", "bigint"},
    {"pg_catalog.int4", "integer"},
    {"real", "real"},
    {"float4", "real"},
    {"float", "double precision"},
    {"float(1)", "real"},
    {"float(24)", "real"},
    {"float(25)", "double precision"},
    {"float(53)", "double precision"},
    {"double precision", "double precision"},
    {"float8", "double precision"},
    {"numeric", "numeric"},
    {"numeric(10)", "numeric(10,0)"},
    {"numeric(10,2)", "numeric(10,2)"},
    {"decimal", "numeric"},
    {"decimal(5,1)", "numeric(5,1)"},
    {"dec(5)", "numeric(5,0)"},
    {"numeric(5,-2)", "numeric(5,-2)"},
    {"char", "character(1)"},
    {"character", "character(1)"},
    {"char(5)", "character(5)"},
    {"character(5)", "character(5)"},
    {"bpchar", "bpchar"},
    {"bpchar(7)", "character(7)"},
    {"\"char\"", "\"char\""},
    {"varchar", "character varying"},
    {"varchar(20)", "character varying(20)"},
    {"character varying", "character varying"},
    {"character varying(20)", "character varying(20)"},
    {"char varying(3)", "character varying(3)"},
    {"national character varying(4)", "character varying(4)"},
    {"nchar(3)", "character(3)"},
    {"national char", "character(1)"},
    {"bit", "bit(1)"},
    {"bit(3)", "bit(3)"},
    {"bit varying", "bit varying"},
    {"bit varying(5)", "bit varying(5)"},
    {"varbit", "bit varying"},
    {"varbit(6)", "bit varying(6)"},
    {"boolean", "boolean"},
    {"bool", "boolean"},
    {"text", "text"},
    {"uuid", "uuid"},
    {"json", "json"},
    {"jsonb", "jsonb"},
    {"bytea", "bytea"},
    {"inet", "inet"},
    {"cidr", "cidr"},
    {"macaddr", "macaddr"},
    {"money", "money"},
    {"oid", "oid"},
    {"regclass", "regclass"},
    {"regtype", "regtype"},
    {"name", "name"},
    {"xml", "xml"},
    {"date", "date"},
    {"time", "time without time zone"},
    {"time(3)", "time(3) without time zone"},
    {"time without time zone", "time without time zone"},
    {"time(2) without time zone", "time(2) without time zone"},
    {"time with time zone", "time with time zone"},
    {"time(4) with time zone", "time(4) with time zone"},
    {"timetz", "time with time zone"},
    {"timetz(1)", "time(1) with time zone"},
    {"timestamp", "timestamp without time zone"},
    {"timestamp(3)", "timestamp(3) without time zone"},
    {"timestamp without time zone", "timestamp without time zone"},
    {"timestamp(0) with time zone", "timestamp(0) with time zone"},
    {"timestamptz", "timestamp with time zone"},
    {"timestamptz(6)", "timestamp(6) with time zone"},
    {"interval", "interval"},
    {"interval(3)", "interval(3)"},
    {"interval year", "interval year"},
    {"interval month", "interval month"},
    {"interval day", "interval day"},
    {"interval hour", "interval hour"},
    {"interval minute", "interval minute"},
    {"interval second", "interval second"},
    {"interval second(2)", "interval second(2)"},
    {"interval year to month", "interval year to month"},
    {"interval day to hour", "interval day to hour"},
    {"interval day to minute", "interval day to minute"},
    {"interval day to second", "interval day to second"},
    {"interval day to second(3)", "interval day to second(3)"},
    {"interval hour to minute", "interval hour to minute"},
    {"interval hour to second", "interval hour to second"},
    {"interval hour to second(1)", "interval hour to second(1)"},
    {"interval minute to second", "interval minute to second"},
    {"interval minute to second(5)", "interval minute to second(5)"},
    {"int[]", "integer[]"},
    {"int[3][]", "integer[]"},
    {"integer array", "integer[]"},
    {"integer array[4]", "integer[]"},
    {"text[][]", "text[]"},
    {"varchar(10)[]", "character varying(10)[]"},
    {"timestamp(3) with time zone[]", "timestamp(3) with time zone[]"},
    {"\"char\"[]", "\"char\"[]"},
    {"numeric(10,2)[]", "numeric(10,2)[]"},
    {"bit(3)[]", "bit(3)[]"},
    {"pg_catalog.varchar(5)", "character varying(5)"},
    {"pg_catalog.bpchar", "bpchar"},
    {"pg_catalog.bool", "boolean"},
    {"pg_catalog.float8", "double precision"},
    {"pg_catalog.timestamptz(2)", "timestamp(2) with time zone"},
    {"pg_catalog.interval", "interval"},
    {"tsvector", "tsvector"},
    {"point", "point"},
    {"int4range", "int4range"},
    {"jsonpath", "jsonpath"},
    {"pg_catalog.text", "text"},
    {"\"int4\"", "integer"},
    {"\"varchar\"(5)", "character varying(5)"},
    {"\"timestamptz\"", "timestamp with time zone"},
    {"\"numeric\"(3,1)", "numeric(3,1)"},
    {"\"bit\"", "\"bit\""},
    {"\"bpchar\"", "bpchar"},
    {"pg_catalog.\"char\"", "\"char\""},
    {"\"interval\"", "interval"},
    {"\"time\"(3)", "time(3) without time zone"},
    {"\"timestamp\"", "timestamp without time zone"},
    {"\"float4\"", "real"},
    {"\"float8\"", "double precision"},
    {"\"bool\"", "boolean"},
    {"regproc", "regproc"},
    {"txid_snapshot", "txid_snapshot"},
    {"pg_lsn", "pg_lsn"},
    /* limits, clamping, generic-syntax typmods */
    {"char(10485760)", "character(10485760)"},
    {"bit(83886080)", "bit(83886080)"},
    {"numeric(1000)", "numeric(1000,0)"},
    {"time(7)", "time(6) without time zone"},
    {"timestamp(7)", "timestamp(6) without time zone"},
    {"timestamptz(100)", "timestamp(6) with time zone"},
    {"interval(7)", "interval(6)"},
    {"interval second(7)", "interval second(6)"},
    {"timestamp(6)", "timestamp(6) without time zone"},
    {"time(0)", "time(0) without time zone"},
    {"char(5)[3]", "character(5)[]"},
    {"uuid[]", "uuid[]"},
    {"jsonb[][]", "jsonb[]"},
    {"int2vector", "int2vector"},
    {"double precision[]", "double precision[]"},
    {"\"varchar\"('5')", "character varying(5)"},
    {"\"varchar\"(' 5 ')", "character varying(5)"},
    {"\"numeric\"('10', 2)", "numeric(10,2)"},
    {"\"bpchar\"(5)", "character(5)"},
    {"pg_catalog.time(3)", "time(3) without time zone"},
    {"\"timestamp\"(3)", "timestamp(3) without time zone"},
    {"\"bit\"(3)", "bit(3)"},
    {"pg_catalog.varbit(2)", "bit varying(2)"},
    {"\"timetz\"(2)", "time(2) with time zone"},
    {"pg_catalog.int4[]", "integer[]"},
    {"\"time\"(3)[]", "time(3) without time zone[]"},
    {"\"bpchar\"[]", "bpchar[]"},
    {"\"bit\"[]", "\"bit\"[]"},
    {"pg_catalog.int4 array[3]", "integer[]"},
    {"pg_catalog.\"char\"", "\"char\""},
    {"pg_catalog.bit", "\"bit\""},
    {"pg_catalog.varbit", "bit varying"},
    {"\"interval\"(4,3)", "interval year(3)"},
    {"\"interval\"(32767)", "interval"},
    {"\"interval\"(4)", "interval year"},
    {"\"interval\"(6)", "interval year to month"},
    {"\"interval\"(7176, 9)", "interval day to second(6)"},
    /* internal array type names */
    {"_int4", "integer[]"},
    {"pg_catalog._varchar(5)", "character varying(5)[]"},
    {"_bpchar", "bpchar[]"},
    {"_bit", "\"bit\"[]"},
    {"_char", "\"char\"[]"},
    /* user types: quoted like quote_ident(), qualification kept as written */
    {"\"My S\".\"Mood\"", "\"My S\".\"Mood\""},
    {"\"My S\".\"Mood\"[]", "\"My S\".\"Mood\"[]"},
    {"\"user\"", "\"user\""},
    {"\"Ünï\"", "\"Ünï\""},
    {"\"a$b\"", "\"a$b\""},
    {"mood", "mood"},
    {"pg_catalog.tsvector", "tsvector"},
    {"pg_class", "pg_class"},
};

static void test_format_observed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(type_cases) / sizeof(type_cases[0]); i++) {
        char *got = format_decl(type_cases[i].decl);
        if (strcmp(got, type_cases[i].want) != 0)
            fail_msg("type <%s>: got <%s>, want <%s>", type_cases[i].decl, got,
                     type_cases[i].want);
        free(got);
    }
}

/* Declarations the server rejects, with its ERROR text. */
static const struct { const char *decl, *want; } error_cases[] = {
    {"char(0)", "length for type char must be at least 1"},
    {"varchar(0)", "length for type varchar must be at least 1"},
    {"char(10485761)", "length for type char cannot exceed 10485760"},
    {"varchar(10485761)", "length for type varchar cannot exceed 10485760"},
    {"bit(0)", "length for type bit must be at least 1"},
    {"bit(83886081)", "length for type bit cannot exceed 83886080"},
    {"varbit(0)", "length for type varbit must be at least 1"},
    {"\"varbit\"(0)", "length for type varbit must be at least 1"},
    {"numeric(0)", "NUMERIC precision 0 must be between 1 and 1000"},
    {"numeric(1001)", "NUMERIC precision 1001 must be between 1 and 1000"},
    {"numeric(10,1001)", "NUMERIC scale 1001 must be between -1000 and 1000"},
    {"numeric(10,-1001)", "NUMERIC scale -1001 must be between -1000 and 1000"},
    {"numeric(1,2,3)", "invalid NUMERIC type modifier"},
    {"pg_catalog.numeric(-1)", "NUMERIC precision -1 must be between 1 and 1000"},
    {"text(5)", "type modifier is not allowed for type \"text\""},
    {"bool(1)", "type modifier is not allowed for type \"bool\""},
    {"pg_catalog.text(1)", "type modifier is not allowed for type \"pg_catalog.text\""},
    {"pg_catalog.bool(1)", "type modifier is not allowed for type \"pg_catalog.bool\""},
    {"\"char\"(3)", "type modifier is not allowed for type \"char\""},
    {"\"int4\"(3)", "type modifier is not allowed for type \"int4\""},
    {"int4range(1)", "type modifier is not allowed for type \"int4range\""},
    {"_text(1)", "type modifier is not allowed for type \"_text\""},
    {"pg_catalog.varchar(5,6)", "invalid type modifier"},
    {"\"bit\"(1,2)", "invalid type modifier"},
    {"\"bpchar\"(1,2)", "invalid type modifier"},
    {"\"timestamp\"(1,2)", "invalid type modifier"},
    {"\"numeric\"(10.5)", "invalid input syntax for type integer: \"10.5\""},
    {"\"varchar\"(x)", "invalid input syntax for type integer: \"x\""},
    {"\"varchar\"('5x')", "invalid input syntax for type integer: \"5x\""},
    {"\"numeric\"(null)", "type modifiers must be simple constants or identifiers"},
    {"\"numeric\"(true)", "type modifiers must be simple constants or identifiers"},
    {"\"numeric\"(1+1)", "type modifiers must be simple constants or identifiers"},
    {"\"numeric\"(b'101')", "type modifiers must be simple constants or identifiers"},
    {"pg_catalog.interval(3)", "invalid INTERVAL type modifier"},
    {"\"interval\"(3,4)", "invalid INTERVAL type modifier"},
    {"\"interval\"(32767,-1)", "INTERVAL(-1) precision must not be negative"},
    {"\"time\"(-1)", "TIME(-1) precision must not be negative"},
    {"\"timetz\"(-2)", "TIME(-2) WITH TIME ZONE precision must not be negative"},
    {"\"timestamptz\"(-1)", "TIMESTAMP(-1) WITH TIME ZONE precision must not be negative"},
    {"pg_catalog.integer", "type \"pg_catalog.integer\" does not exist"},
    {"pg_catalog.float", "type \"pg_catalog.float\" does not exist"},
    {"x.y.z", "cross-database references are not implemented: x.y.z"},
    {"a.b.c.d", "improper qualified name (too many dotted names): a.b.c.d"},
    {"\"_timestamptz\"(3)[]", "type \"_timestamptz[]\" does not exist"},
};

static void test_format_errors(void **state)
{
    (void)state;
    char want[256];
    for (size_t i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
        char *got = format_decl(error_cases[i].decl);
        snprintf(want, sizeof(want), "ERROR: %s", error_cases[i].want);
        if (strcmp(got, want) != 0)
            fail_msg("type <%s>: got <%s>, want <%s>", error_cases[i].decl, got, want);
        free(got);
    }
}

/* Our own wording: the server's is about the column ("column "c" cannot be
 * declared SETOF"), which this module does not know. */
static void test_format_setof(void **state)
{
    (void)state;
    char *got = format_decl("setof int");
    assert_string_equal(got, "ERROR: SETOF is only allowed in a function's return type");
    free(got);
}

/* Differs from the server on purpose: it would print "mood" because public
 * is on its search_path; resolving visibility is the caller's job. */
static void test_format_keeps_qualification(void **state)
{
    (void)state;
    char *got = format_decl("public.mood[]");
    assert_string_equal(got, "public.mood[]");
    free(got);
    got = format_decl("\"Public\".\"order\"(1, x)");
    assert_string_equal(got, "\"Public\".\"order\"(1,x)");
    free(got);
}

static void fmt_param(const PgQuery__Node *stmt, void *ctx)
{
    struct fmt_out *out = ctx;
    const PgQuery__CreateFunctionStmt *cf = stmt->create_function_stmt;
    char *err = NULL;
    assert_null(pgtype_format(cf->parameters[0]->function_parameter->arg_type, &err));
    out->text = err;
    /* err may be NULL: only the message is skipped */
    assert_null(pgtype_format(cf->parameters[0]->function_parameter->arg_type, NULL));
}

static void test_format_pct_type(void **state)
{
    (void)state;
    struct fmt_out out = {NULL};
    with_stmt("CREATE FUNCTION f(a t.c%TYPE) RETURNS int LANGUAGE sql AS 'select 1'",
              fmt_param, &out);
    assert_string_equal(out.text, "%TYPE references are not supported: t.c%TYPE");
    free(out.text);
}

struct serial_out {
    bool is;
    const char *base;
};

static void serial_column(const PgQuery__Node *stmt, void *ctx)
{
    struct serial_out *out = ctx;
    const PgQuery__TypeName *tn =
        stmt->create_stmt->table_elts[0]->column_def->type_name;
    out->base = NULL;
    out->is = pgtype_is_serial(tn, &out->base);
}

static void test_is_serial(void **state)
{
    (void)state;
    /* Observed: format_type of the column each creates. */
    static const struct { const char *decl, *base; } cases[] = {
        {"serial", "integer"},      {"serial4", "integer"},
        {"SERIAL", "integer"},      {"\"serial\"", "integer"},
        {"serial2", "smallint"},    {"smallserial", "smallint"},
        {"serial8", "bigint"},      {"bigserial", "bigint"},
        /* "type ... does not exist" on the server: not serial */
        {"public.serial", NULL},    {"pg_catalog.serial", NULL},
        {"int", NULL},              {"\"Serial\"", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char sql[128];
        struct serial_out out;
        snprintf(sql, sizeof(sql), "CREATE TABLE t (c %s)", cases[i].decl);
        with_stmt(sql, serial_column, &out);
        if (cases[i].base) {
            assert_true(out.is);
            assert_string_equal(out.base, cases[i].base);
        } else {
            assert_false(out.is);
        }
    }
    assert_false(pgtype_is_serial(NULL, NULL));
}

static void test_builtin_canonical(void **state)
{
    (void)state;
    static const struct { const char *in, *want; } cases[] = {
        {"int4", "integer"},
        {"int", "integer"},
        {"integer", "integer"},
        {"int2", "smallint"},
        {"int8", "bigint"},
        {"varchar", "character varying"},
        {"character varying", "character varying"},
        {"bool", "boolean"},
        {"timestamptz", "timestamp with time zone"},
        {"timestamp", "timestamp without time zone"},
        {"timetz", "time with time zone"},
        {"time", "time without time zone"},
        {"float8", "double precision"},
        {"float", "double precision"},
        {"float4", "real"},
        {"bpchar", "character"},
        {"char", "character"},
        {"\"char\"", "\"char\""},
        {"decimal", "numeric"},
        {"numeric", "numeric"},
        {"varbit", "bit varying"},
        {"bit", "bit"},
        {"interval", "interval"},
        {"text", "text"},
        {"jsonb", "jsonb"},
        {"uuid", "uuid"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = pgtype_builtin_canonical(cases[i].in);
        if (!got || strcmp(got, cases[i].want) != 0)
            fail_msg("alias <%s>: got <%s>, want <%s>", cases[i].in,
                     got ? got : "(null)", cases[i].want);
    }
    assert_null(pgtype_builtin_canonical("mood"));
    assert_null(pgtype_builtin_canonical("INT4"));
    assert_null(pgtype_builtin_canonical("serial"));
}

/* SELECT quote_ident(w) on PostgreSQL 15. */
static void test_quote_ident(void **state)
{
    (void)state;
    static const struct { const char *in, *want; } cases[] = {
        {"user", "\"user\""},       {"order", "\"order\""},
        {"name", "name"},           {"type", "type"},
        {"Mixed", "\"Mixed\""},     {"with space", "\"with space\""},
        {"a\"b", "\"a\"\"b\""},     {"a$b", "\"a$b\""},
        {"$a", "\"$a\""},           {"_x", "_x"},
        {"x1", "x1"},               {"1x", "\"1x\""},
        {"über", "\"über\""},       {"日本", "\"日本\""},
        {"select", "\"select\""},   {"int", "\"int\""},
        {"integer", "\"integer\""}, {"between", "\"between\""},
        {"left", "\"left\""},       {"authorization", "\"authorization\""},
        {"abort", "abort"},         {"character", "\"character\""},
        {"varchar", "\"varchar\""}, {"time", "\"time\""},
        {"char", "\"char\""},       {"bit", "\"bit\""},
        {"none", "\"none\""},       {"nulls", "nulls"},
        {"text", "text"},           {"xmltable", "\"xmltable\""},
        {"values", "\"values\""},   {"", "\"\""},
        {"true", "\"true\""},       {"null", "\"null\""},
        {"current_user", "\"current_user\""}, {"analyse", "\"analyse\""},
        {"do", "\"do\""},           {"inout", "\"inout\""},
        {"over", "over"},           {"filter", "filter"},
        {"row", "\"row\""},         {"setof", "\"setof\""},
        {"precision", "\"precision\""}, {"double", "double"},
        {"real", "\"real\""},       {"bigint", "\"bigint\""},
        {"bool", "bool"},           {"grouping", "\"grouping\""},
        {"cube", "cube"},           {"xml", "xml"},
        {"primary", "\"primary\""}, {"key", "key"},
        {"a-b", "\"a-b\""},         {"A", "\"A\""},
        {"TABLE", "\"TABLE\""},     {"table", "\"table\""},
        {"column", "\"column\""},   {"Ünïcode", "\"Ünïcode\""},
        {"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop",
         "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = pgident_quote(cases[i].in);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("quote_ident <%s>: got <%s>, want <%s>", cases[i].in, got,
                     cases[i].want);
        assert_int_equal(pgident_is_plain(cases[i].in),
                         strcmp(got, cases[i].in) == 0);
        free(got);
    }
    assert_int_equal(pgident_keyword_kind("user"), PG_QUERY__KEYWORD_KIND__RESERVED_KEYWORD);
    assert_int_equal(pgident_keyword_kind("name"), PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD);
    assert_int_equal(pgident_keyword_kind("int"), PG_QUERY__KEYWORD_KIND__COL_NAME_KEYWORD);
    assert_int_equal(pgident_keyword_kind("left"), PG_QUERY__KEYWORD_KIND__TYPE_FUNC_NAME_KEYWORD);
    assert_int_equal(pgident_keyword_kind("users"), PG_QUERY__KEYWORD_KIND__NO_KEYWORD);
    assert_int_equal(pgident_keyword_kind("user user"), PG_QUERY__KEYWORD_KIND__NO_KEYWORD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_observed),
        cmocka_unit_test(test_format_errors),
        cmocka_unit_test(test_format_setof),
        cmocka_unit_test(test_format_keeps_qualification),
        cmocka_unit_test(test_format_pct_type),
        cmocka_unit_test(test_is_serial),
        cmocka_unit_test(test_builtin_canonical),
        cmocka_unit_test(test_quote_ident),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pg_query_exit();
    return rc;
}
