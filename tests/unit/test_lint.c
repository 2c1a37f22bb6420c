/* lint: for every rule, a revision that triggers it with the exact
 * finding expected (code, severity, line:col, message and the safe SQL
 * where it is mechanical), and a look-alike that must not trigger it: the
 * table made in the same revision, the constant default, the varchar
 * widening, the NOT VALID form, ...  Then lint-ignore comments, [lint]
 * settings, and the diff reaching the same verdicts through the same
 * judgements (hazard.c).
 *
 * Each case is two revisions: the first builds the schema (`before`),
 * the second is linted.  Lines are counted from the linted upgrade's
 * first line. */
#include "helpers.h"

#include <string.h>

#include "diff.h"
#include "lint.h"

typedef struct lcase {
    const char *before;  /* the parent revision's upgrade: the schema */
    const char *up;      /* the linted revision's upgrade */
    const char *down;    /* its downgrade, or NULL for none */
    bool notx;           /* marked '-- sqlc:transaction off' */
    const int *levels;   /* [lint] settings, or NULL */
} lcase;

/* Lines of the linted file above its upgrade's first line. */
static int header_lines(const lcase *c)
{
    return 3 + c->notx;
}

static void run(const lcase *c, lint_report *rep)
{
    memset(rep, 0, sizeof(*rep));
    revgraph g;
    memset(&g, 0, sizeof(g));
    diaglist dl = DIAGLIST_INIT;
    char *t1 = xasprintf("-- sqlc:revision aa0000000001\n-- sqlc:upgrade\n%s\n", c->before ? c->before : "");
    char *t2 = xasprintf("-- sqlc:revision aa0000000002\n-- sqlc:parents aa0000000001\n%s-- sqlc:upgrade\n%s\n%s%s",
                         c->notx ? "-- sqlc:transaction off\n" : "", c->up, c->down ? "-- sqlc:downgrade\n" : "",
                         c->down ? c->down : "");
    revision *r1 = revfile_parse("a.sql", t1, strlen(t1), &dl);
    revision *r2 = revfile_parse("b.sql", t2, strlen(t2), &dl);
    if (!r1 || !r2) {
        diag_print(&dl, stderr);
        fail_msg("a test revision does not load");
    }
    graph_add(&g, r1);
    graph_add(&g, r2);
    assert_int_equal(graph_build(&g, &dl), 0);
    bool sel[3] = {false, false, false};
    sel[graph_find(&g, "aa0000000002")] = true;
    lint_opts o = {0};
    o.levels = c->levels;
    int rc = lint_graph(&g, sel, &o, rep, &dl);
    if (rc < 0 || dl.nerrors) {
        diag_print(&dl, stderr);
        fail_msg("lint failed");
    }
    /* The report borrows revision ids from the graph: keep them. */
    for (size_t i = 0; i < rep->n; i++)
        rep->v[i].rev = "aa0000000002";
    diag_clear(&dl);
    graph_release(&g);
}

static void print_report(const lint_report *rep)
{
    strbuf sb = STRBUF_INIT;
    lint_print_text(rep, false, &sb);
    fprintf(stderr, "%s", sb.buf);
    sb_release(&sb);
}

/* The codes found, in order, joined by ' '. */
static char *codes(const lint_report *rep)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < rep->n; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", hazard_get(rep->v[i].code)->code);
    return sb_detach(&sb);
}

/* Exactly one finding, with this code, severity, place, message and safe
 * SQL (NULL: none). */
static void expect(const lcase *c, hazard code, hz_severity sev, int line, int col, const char *msg,
                   const char *rewrite)
{
    lint_report rep;
    run(c, &rep);
    if (rep.n != 1) {
        print_report(&rep);
        fail_msg("want 1 finding, got %zu", rep.n);
    }
    const lint_finding *fd = &rep.v[0];
    assert_string_equal(hazard_get(fd->code)->code, hazard_get(code)->code);
    assert_string_equal(severity_name(fd->sev), severity_name(sev));
    assert_int_equal(fd->line - header_lines(c), line);
    assert_int_equal(fd->col, col);
    assert_string_equal(fd->message, msg);
    if (rewrite)
        assert_string_equal(fd->rewrite ? fd->rewrite : "(none)", rewrite);
    else
        assert_null(fd->rewrite);
    lint_report_release(&rep);
}

/* These codes, in this order ("" for no finding at all). */
static void expect_codes(const lcase *c, const char *want)
{
    lint_report rep;
    run(c, &rep);
    char *got = codes(&rep);
    if (strcmp(got, want))
        print_report(&rep);
    assert_string_equal(got, want);
    free(got);
    lint_report_release(&rep);
}

static void expect_none(const lcase *c)
{
    expect_codes(c, "");
}

#define USERS "CREATE TABLE users (id int PRIMARY KEY, name varchar(50), email text, age int, price numeric(10,2), status text);"

/* ---- CREATE INDEX ------------------------------------------------------------------ */

static void test_index_without_concurrently(void **state)
{
    (void)state;
    lcase c = {USERS, "CREATE INDEX users_email_idx ON users (email);"};
    expect(&c, HZ_INDEX_BUILD, SEV_WARNING, 1, 1,
           "CREATE INDEX without CONCURRENTLY on table public.users, which existed before this revision",
           "CREATE INDEX CONCURRENTLY users_email_idx ON users USING btree (email);\n");
    /* Look-alikes: a table of the same revision has no rows; CONCURRENTLY
     * in a revision that runs outside a transaction is the safe form. */
    lcase same = {"", "CREATE TABLE fresh (id int);\nCREATE INDEX fresh_id_idx ON fresh (id);"};
    expect_none(&same);
    lcase conc = {USERS, "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);", NULL, true};
    expect_none(&conc);
    lcase there = {USERS "\nCREATE INDEX users_email_idx ON users (email);",
                   "CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);"};
    expect_none(&there);
}

static void test_index_on_partitioned_table(void **state)
{
    (void)state;
    lcase c = {"CREATE TABLE ev (id int, at date) PARTITION BY RANGE (at);", "CREATE INDEX ON ev (id);"};
    lint_report rep;
    run(&c, &rep);
    assert_int_equal(rep.n, 1);
    assert_null(rep.v[0].rewrite); /* PostgreSQL 15 refuses CONCURRENTLY here */
    assert_non_null(strstr(rep.v[0].fix, "ON ONLY the parent"));
    lint_report_release(&rep);
}

/* ---- ADD COLUMN --------------------------------------------------------------------- */

static void test_add_column_not_null_without_default(void **state)
{
    (void)state;
    lcase c = {USERS, "ALTER TABLE users ADD COLUMN must text NOT NULL;"};
    expect(&c, HZ_NOT_NULL_NO_DEFAULT, SEV_ERROR, 1, 30,
           "ADD COLUMN must NOT NULL without a default on table public.users, which existed before this revision", NULL);
    lcase with_default = {USERS, "ALTER TABLE users ADD COLUMN must text NOT NULL DEFAULT 'x';"};
    expect_none(&with_default);
    lcase nullable = {USERS, "ALTER TABLE users ADD COLUMN may text;"};
    expect_none(&nullable);
    lcase same = {"", "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN must text NOT NULL;"};
    expect_none(&same);
}

static void test_add_column_volatile_default(void **state)
{
    (void)state;
    lcase c = {USERS, "ALTER TABLE users ADD COLUMN r float8 DEFAULT random();"};
    expect(&c, HZ_TABLE_REWRITE, SEV_WARNING, 1, 30,
           "ADD COLUMN r with the volatile default random() rewrites table public.users, which existed before this revision",
           NULL);
    lcase uuid = {USERS, "ALTER TABLE users ADD COLUMN u uuid NOT NULL DEFAULT gen_random_uuid();"};
    expect_codes(&uuid, "table-rewrite");
    lcase clock = {USERS, "ALTER TABLE users ADD COLUMN at timestamptz DEFAULT clock_timestamp();"};
    expect_codes(&clock, "table-rewrite");
    lcase serial = {USERS, "ALTER TABLE users ADD COLUMN n bigserial;"};
    expect_codes(&serial, "table-rewrite");
    /* A constant (or stable) default is stored once, not written to every
     * row, since PostgreSQL 11. */
    lcase constant = {USERS, "ALTER TABLE users ADD COLUMN c int NOT NULL DEFAULT 0;\n"
                             "ALTER TABLE users ADD COLUMN at timestamptz DEFAULT now();"};
    expect_none(&constant);
    /* The catalog knows user functions' volatility. */
    lcase immutable = {USERS "\nCREATE FUNCTION one() RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT 1';",
                       "ALTER TABLE users ADD COLUMN c int DEFAULT one();"};
    expect_none(&immutable);
    lcase vol = {USERS "\nCREATE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';",
                 "ALTER TABLE users ADD COLUMN c int DEFAULT one();"};
    expect_codes(&vol, "table-rewrite");
}

/* ---- ALTER COLUMN TYPE --------------------------------------------------------------------- */

static void test_type_change_that_rewrites(void **state)
{
    (void)state;
    lcase c = {USERS, "ALTER TABLE users ALTER COLUMN age TYPE bigint;"};
    expect(&c, HZ_TABLE_REWRITE, SEV_WARNING, 1, 32,
           "ALTER COLUMN age TYPE bigint rewrites table public.users, which existed before this revision (integer to bigint is not a change PostgreSQL makes in place)",
           NULL);
    lcase to_int = {USERS, "ALTER TABLE users ALTER COLUMN status TYPE integer USING status::integer;"};
    expect_codes(&to_int, "table-rewrite");
    lcase narrower = {USERS, "ALTER TABLE users ALTER COLUMN name TYPE varchar(20);"};
    expect_codes(&narrower, "table-rewrite");
    lcase scale = {USERS, "ALTER TABLE users ALTER COLUMN price TYPE numeric(12,3);"};
    expect_codes(&scale, "table-rewrite");
    lcase computed = {USERS, "ALTER TABLE users ALTER COLUMN name TYPE text USING upper(name);"};
    expect(&computed, HZ_TABLE_REWRITE, SEV_WARNING, 1, 32,
           "ALTER COLUMN name TYPE text USING an expression rewrites table public.users, which existed before this revision",
           NULL);
}

static void test_type_change_in_place(void **state)
{
    (void)state;
    lcase widen = {USERS, "ALTER TABLE users ALTER COLUMN name TYPE varchar(100);"};
    expect_none(&widen);
    lcase to_text = {USERS, "ALTER TABLE users ALTER COLUMN name TYPE text USING name::text;"};
    expect_none(&to_text);
    lcase precision = {USERS, "ALTER TABLE users ALTER COLUMN price TYPE numeric(12,2);"};
    expect_none(&precision);
    lcase same = {"", "CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;"};
    expect_none(&same);
}

/* ---- SET NOT NULL ----------------------------------------------------------------------------- */

static void test_set_not_null(void **state)
{
    (void)state;
    lcase c = {USERS, "ALTER TABLE users ALTER COLUMN status SET NOT NULL;"};
    expect(&c, HZ_TABLE_SCAN, SEV_WARNING, 1, 1,
           "SET NOT NULL on column status of table public.users, which existed before this revision, with no valid CHECK (status IS NOT NULL) to prove it",
           "ALTER TABLE public.users ADD CONSTRAINT status_not_null CHECK (status IS NOT NULL) NOT VALID;\n"
           "ALTER TABLE public.users VALIDATE CONSTRAINT status_not_null;\n"
           "ALTER TABLE public.users ALTER COLUMN status SET NOT NULL;\n"
           "ALTER TABLE public.users DROP CONSTRAINT status_not_null;\n");
    /* A validated CHECK proves it: PostgreSQL 15 skips the scan. */
    lcase proven = {USERS "\nALTER TABLE users ADD CONSTRAINT s_nn CHECK (status IS NOT NULL) NOT VALID;\n"
                          "ALTER TABLE users VALIDATE CONSTRAINT s_nn;",
                    "ALTER TABLE users ALTER COLUMN status SET NOT NULL;"};
    expect_none(&proven);
    lcase conj = {USERS "\nALTER TABLE users ADD CHECK (age > 0 AND status IS NOT NULL);",
                  "ALTER TABLE users ALTER COLUMN status SET NOT NULL;"};
    expect_none(&conj);
    /* Not yet validated, it proves nothing. */
    lcase not_valid = {USERS "\nALTER TABLE users ADD CONSTRAINT s_nn CHECK (status IS NOT NULL) NOT VALID;",
                       "ALTER TABLE users ALTER COLUMN status SET NOT NULL;"};
    expect_codes(&not_valid, "table-scan");
    lcase already = {USERS, "ALTER TABLE users ALTER COLUMN id SET NOT NULL;"};
    expect_none(&already);
}

/* ---- constraints -------------------------------------------------------------------------------- */

static void test_foreign_key_and_check_without_not_valid(void **state)
{
    (void)state;
    lcase fk = {USERS "\nCREATE TABLE orders (id int, user_id int);",
                "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);"};
    expect(&fk, HZ_CONSTRAINT_VALIDATION, SEV_WARNING, 1, 24,
           "ADD CONSTRAINT orders_user_fk FOREIGN KEY without NOT VALID on table public.orders, which existed before this revision: every row is checked against public.users while writes to both wait",
           "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
           "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_fk;\n");
    lcase check = {USERS, "ALTER TABLE users ADD CHECK (age > 0);"};
    expect(&check, HZ_CONSTRAINT_VALIDATION, SEV_WARNING, 1, 23,
           "ADD CONSTRAINT users_age_check CHECK without NOT VALID on table public.users, which existed before this revision: every row is checked while writes wait",
           "ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0) NOT VALID;\n"
           "ALTER TABLE public.users VALIDATE CONSTRAINT users_age_check;\n");
    /* The NOT VALID form, and VALIDATE, lock nothing for long. */
    lcase nv = {USERS "\nCREATE TABLE orders (id int, user_id int);",
                "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;\n"
                "ALTER TABLE users ADD CHECK (age > 0) NOT VALID;"};
    expect_none(&nv);
    lcase same = {USERS, "CREATE TABLE orders (id int, user_id int);\n"
                         "ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);"};
    expect_none(&same);
}

static void test_unique_without_using_index(void **state)
{
    (void)state;
    lcase c = {USERS, "ALTER TABLE users ADD UNIQUE (email);"};
    expect(&c, HZ_INDEX_BUILD, SEV_WARNING, 1, 23,
           "ADD CONSTRAINT users_email_key UNIQUE without USING INDEX on table public.users, which existed before this revision, builds its index while writes wait",
           "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON public.users (email);\n"
           "ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;\n");
    lcase pk = {"CREATE TABLE t (a int NOT NULL);", "ALTER TABLE t ADD PRIMARY KEY (a);"};
    expect_codes(&pk, "index-build");
    /* The index built CONCURRENTLY beforehand (in a revision of its own),
     * the constraint only takes it over. */
    lcase using = {USERS "\nCREATE UNIQUE INDEX users_email_key ON users (email);",
                   "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;"};
    expect_none(&using);
    lcase same = {"", "CREATE TABLE t (a int);\nALTER TABLE t ADD UNIQUE (a);"};
    expect_none(&same);
}

/* ---- renames ------------------------------------------------------------------------------------ */

#define WITH_TRIGGER USERS "\n" \
    "CREATE FUNCTION norm() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := lower(NEW.name); RETURN NEW; END $$;\n" \
    "CREATE TRIGGER users_norm BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION norm();\n" \
    "CREATE FUNCTION n_users() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM users $$;\n" \
    "CREATE VIEW names AS SELECT name FROM users;"

static void test_rename_column(void **state)
{
    (void)state;
    lcase c = {WITH_TRIGGER, "ALTER TABLE users RENAME COLUMN name TO full_name;"};
    lint_report rep;
    run(&c, &rep);
    char *got = codes(&rep);
    assert_string_equal(got, "rename-breaks-clients rename-breaks-functions");
    free(got);
    assert_string_equal(rep.v[0].message, "renames column name of table public.users to full_name: a running application that still uses \"name\" fails until it is deployed with the new name");
    assert_int_equal(rep.v[0].line - header_lines(&c), 1);
    /* The trigger function's NEW.name breaks; the view follows by itself,
     * and n_users() does not use the column. */
    assert_string_equal(rep.v[1].message, "renames column name of table public.users to full_name, but the body of function public.norm() still uses the old name \"name\"");
    assert_string_equal(severity_name(rep.v[1].sev), "warning");
    lint_report_release(&rep);
    /* Replaced in the same revision: only the application is at risk. */
    lcase fixed = {WITH_TRIGGER, "ALTER TABLE users RENAME COLUMN name TO full_name;\n"
                                 "CREATE OR REPLACE FUNCTION norm() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.full_name := lower(NEW.full_name); RETURN NEW; END $$;"};
    expect_codes(&fixed, "rename-breaks-clients");
    /* The old name taken again by a new column: clients and bodies use that. */
    lcase back = {WITH_TRIGGER, "ALTER TABLE users RENAME COLUMN name TO old_name;\nALTER TABLE users ADD COLUMN name text;"};
    expect_none(&back);
    /* A column the revision made has no clients yet. */
    lcase same = {USERS, "ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users RENAME COLUMN nick TO handle;"};
    expect_none(&same);
    /* SQL-standard bodies are parsed and tracked by the server, like views. */
    lcase atomic = {USERS "\nCREATE FUNCTION n() RETURNS bigint LANGUAGE sql RETURN (SELECT count(name) FROM users);",
                    "ALTER TABLE users RENAME COLUMN name TO full_name;"};
    expect_codes(&atomic, "rename-breaks-clients");
}

static void test_rename_table(void **state)
{
    (void)state;
    lcase c = {WITH_TRIGGER, "ALTER TABLE users RENAME TO people;"};
    lint_report rep;
    run(&c, &rep);
    char *got = codes(&rep);
    assert_string_equal(got, "rename-breaks-clients rename-breaks-functions");
    free(got);
    assert_string_equal(rep.v[0].rewrite, "ALTER TABLE public.users RENAME TO people;\n"
                                          "CREATE VIEW public.users AS SELECT * FROM public.people;\n");
    assert_string_equal(rep.v[1].message, "renames table public.users to people, but the body of function public.n_users() still uses the old name \"users\"");
    lint_report_release(&rep);
    lcase same = {"", "CREATE TABLE t (a int);\nALTER TABLE t RENAME TO u;"};
    expect_none(&same);
    /* The safe rewrite passes: the view keeps the old name working. */
    lcase view = {WITH_TRIGGER, "ALTER TABLE public.users RENAME TO people;\n"
                                "CREATE VIEW public.users AS SELECT * FROM public.people;"};
    expect_none(&view);
}

/* ---- drops -------------------------------------------------------------------------------------- */

static void test_drops_lose_data(void **state)
{
    (void)state;
    lcase table = {USERS, "DROP TABLE users;"};
    expect(&table, HZ_DATA_LOSS, SEV_WARNING, 1, 1,
           "drops table public.users, which existed before this revision, with the data in it", NULL);
    lcase column = {USERS, "ALTER TABLE users DROP COLUMN email, DROP COLUMN age;"};
    expect(&column, HZ_DATA_LOSS, SEV_WARNING, 1, 1,
           "drops column email of public.users, column age of public.users, which existed before this revision, with the data in them",
           NULL);
    lcase type = {"CREATE TYPE mood AS ENUM ('ok');", "DROP TYPE mood;"};
    expect(&type, HZ_DATA_LOSS, SEV_WARNING, 1, 1, "drops type public.mood, which existed before this revision", NULL);
    lcase cascade = {"CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE t (id int, m mood);", "DROP TYPE mood CASCADE;"};
    expect(&cascade, HZ_DATA_LOSS, SEV_WARNING, 1, 1,
           "drops column m of public.t, type public.mood, which existed before this revision, with the data in them", NULL);
    /* Made in the same revision, or holding no data. */
    lcase same = {"", "CREATE TABLE t (a int);\nALTER TABLE t DROP COLUMN a;\nDROP TABLE t;"};
    expect_none(&same);
    lcase view = {USERS "\nCREATE VIEW v AS SELECT id FROM users;", "DROP VIEW v;"};
    expect_none(&view);
}

/* ---- transactions --------------------------------------------------------------------------------- */

static void test_concurrently_in_a_transaction(void **state)
{
    (void)state;
    lcase c = {USERS, "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);"};
    expect(&c, HZ_NEEDS_TRANSACTION_OFF, SEV_ERROR, 1, 1,
           "CREATE INDEX CONCURRENTLY in revision aa0000000002, which runs in a transaction", NULL);
    lcase drop = {USERS "\nCREATE INDEX i ON users (email);", "DROP INDEX CONCURRENTLY i;"};
    expect_codes(&drop, "needs-transaction-off");
    lcase marked = {USERS, "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);", NULL, true};
    expect_none(&marked);
}

static void test_new_enum_value_used(void **state)
{
    (void)state;
    lcase c = {"CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE t (m mood);",
               "ALTER TYPE mood ADD VALUE 'sad';\nUPDATE t SET m = 'sad';"};
    expect(&c, HZ_UNSAFE_ENUM_VALUE, SEV_ERROR, 2, 1,
           "uses the enum label 'sad', added at b.sql:4 in the same transaction", NULL);
    lcase marked = {c.before, c.up, NULL, true};
    expect_none(&marked);
    lcase old_label = {c.before, "ALTER TYPE mood ADD VALUE 'sad';\nUPDATE t SET m = 'ok';"};
    expect_none(&old_label);
}

/* ---- downgrades ---------------------------------------------------------------------------------------- */

static void test_downgrade_that_does_not_undo(void **state)
{
    (void)state;
    lcase c = {USERS, "ALTER TABLE users ADD COLUMN phone text;\nCREATE INDEX users_phone_idx ON users (phone);",
               "DROP INDEX users_phone_idx;\n"};
    lint_report rep;
    run(&c, &rep);
    char *got = codes(&rep);
    assert_string_equal(got, "index-build downgrade-mismatch");
    free(got);
    const lint_finding *fd = &rep.v[1];
    assert_string_equal(fd->message, "the downgrade of aa0000000002 does not restore the schema from before its upgrade: table public.users differs (- before the upgrade, + after the downgrade):");
    assert_int_equal(fd->line - header_lines(&c), 4); /* the downgrade's first statement */
    assert_int_equal(fd->detail.n, 4);
    assert_string_equal(fd->detail.v[2], "    +       \"name\": \"phone\",");
    assert_string_equal(fd->detail.v[3], "    +       \"type\": \"text\"");
    lint_report_release(&rep);
    lcase failing = {USERS, "ALTER TABLE users ADD COLUMN phone text;", "DROP TABLE nope;\n"};
    expect(&failing, HZ_DOWNGRADE_MISMATCH, SEV_ERROR, 3, 1,
           "the downgrade of aa0000000002 does not replay after its upgrade: table \"nope\" does not exist", NULL);
    lcase good = {USERS, "ALTER TABLE users ADD COLUMN phone text;", "ALTER TABLE users DROP COLUMN phone;\n"};
    expect_none(&good);
}

/* ---- lint-ignore and settings ----------------------------------------------------------------------------- */

static void test_lint_ignore(void **state)
{
    (void)state;
    lcase c = {USERS, "-- sqlc:lint-ignore index-build the table has 40 rows\nCREATE INDEX ON users (email);"};
    lint_report rep;
    run(&c, &rep);
    assert_int_equal(rep.n, 0);
    assert_int_equal(rep.nignored, 1);
    lint_report_release(&rep);
    /* Several codes, and other comment lines in between. */
    lcase two = {USERS, "-- sqlc:lint-ignore table-rewrite,data-loss rebuilt from a backup\n-- a note\n"
                        "ALTER TABLE users DROP COLUMN email, ALTER COLUMN age TYPE bigint;"};
    expect_none(&two);
    /* No reason: the ignore is a finding itself, and ignores nothing. */
    lcase bare = {USERS, "-- sqlc:lint-ignore index-build\nCREATE INDEX ON users (email);"};
    run(&bare, &rep);
    char *got = codes(&rep);
    assert_string_equal(got, "invalid-ignore index-build");
    free(got);
    assert_string_equal(rep.v[0].message, "'-- sqlc:lint-ignore index-build' gives no reason: say why it is safe here");
    assert_int_equal(rep.v[0].line - header_lines(&bare), 1);
    assert_string_equal(severity_name(rep.v[0].sev), "error");
    lint_report_release(&rep);
    lcase unknown = {USERS, "-- sqlc:lint-ignore index-built typo\nSELECT 1;"};
    expect(&unknown, HZ_INVALID_IGNORE, SEV_ERROR, 1, 1,
           "'-- sqlc:lint-ignore' names 'index-built', which is not a lint code", NULL);
    lcase stray = {USERS, "CREATE TABLE t (a int);\n\n-- sqlc:lint-ignore data-loss nothing below\n"};
    expect(&stray, HZ_INVALID_IGNORE, SEV_ERROR, 3, 1,
           "'-- sqlc:lint-ignore' stands above no statement: put it on the line right before the one it is for", NULL);
    /* Above a downgrade's first statement, it can ignore the comparison. */
    lcase down = {USERS, "ALTER TABLE users ADD COLUMN phone text;",
                  "-- sqlc:lint-ignore downgrade-mismatch the column is dropped by hand\nSELECT 1;\n"};
    run(&down, &rep);
    assert_int_equal(rep.n, 0);
    assert_int_equal(rep.nignored, 1);
    lint_report_release(&rep);
    /* Another code than the finding's ignores nothing. */
    lcase other = {USERS, "-- sqlc:lint-ignore data-loss fine\nCREATE INDEX ON users (email);"};
    expect_codes(&other, "index-build");
}

static void test_settings(void **state)
{
    (void)state;
    int levels[HZ__COUNT];
    for (int i = 0; i < HZ__COUNT; i++)
        levels[i] = LINT_DEFAULT;
    levels[HZ_INDEX_BUILD] = LINT_OFF;
    levels[HZ_DATA_LOSS] = SEV_ERROR;
    lcase c = {USERS, "CREATE INDEX ON users (email);\nDROP TABLE users;", NULL, false, levels};
    lint_report rep;
    run(&c, &rep);
    char *got = codes(&rep);
    assert_string_equal(got, "data-loss");
    free(got);
    assert_string_equal(severity_name(rep.v[0].sev), "error");
    assert_int_equal(rep.count[SEV_ERROR], 1);
    lint_report_release(&rep);
}

/* Every safe SQL lint prints passes lint itself (in a revision marked
 * transaction off, as the fixes say for CONCURRENTLY). */
static void test_rewrites_pass(void **state)
{
    (void)state;
    static const char *const risky[] = {
        "CREATE INDEX users_email_idx ON users (email);",
        "ALTER TABLE users ALTER COLUMN status SET NOT NULL;",
        "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
        "ALTER TABLE users ADD CHECK (age > 0);",
        "ALTER TABLE users ADD UNIQUE (email);",
        "ALTER TABLE orders RENAME TO purchases;",
        NULL,
    };
    const char *before = USERS "\nCREATE TABLE orders (id int, user_id int);";
    for (size_t i = 0; risky[i]; i++) {
        lcase c = {before, risky[i]};
        lint_report rep;
        run(&c, &rep);
        assert_int_equal(rep.n, 1);
        assert_non_null(rep.v[0].rewrite);
        lcase safe = {before, rep.v[0].rewrite, NULL, true};
        expect_none(&safe);
        lint_report_release(&rep);
    }
}

/* Two branches from one base: each is judged against its own history, and
 * the shared base once. */
static void test_branches(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "-- sqlc:revision bb0000000001\n-- sqlc:upgrade\nCREATE TABLE t (a int);\n",
        "-- sqlc:revision bb0000000002\n-- sqlc:parents bb0000000001\n-- sqlc:upgrade\nCREATE INDEX t_a_idx ON t (a);\n",
        "-- sqlc:revision bb0000000003\n-- sqlc:parents bb0000000001\n-- sqlc:upgrade\n"
        "CREATE INDEX t_a_idx ON t (a);\nALTER TABLE t ADD COLUMN r float8 DEFAULT random();\n",
    };
    revgraph g;
    memset(&g, 0, sizeof(g));
    diaglist dl = DIAGLIST_INIT;
    for (size_t i = 0; i < 3; i++) {
        char *path = xasprintf("r%zu.sql", i + 1);
        graph_add(&g, revfile_parse(path, xstrdup(texts[i]), strlen(texts[i]), &dl));
        free(path);
    }
    assert_int_equal(graph_build(&g, &dl), 0);
    assert_int_equal(g.nheads, 2);
    bool sel[4] = {true, true, true, false};
    lint_report rep = {0};
    /* The same index name on both branches is no replay error: neither
     * branch sees the other. */
    assert_int_equal(lint_graph(&g, sel, NULL, &rep, &dl), 0);
    assert_int_equal(dl.nerrors, 0);
    assert_int_equal(rep.nrevs, 3);
    char *got = codes(&rep);
    assert_string_equal(got, "index-build index-build table-rewrite");
    free(got);
    assert_string_equal(rep.v[0].path, "r2.sql");
    assert_string_equal(rep.v[1].path, "r3.sql");
    lint_report_release(&rep);
    diag_clear(&dl);
    graph_release(&g);
}

/* ---- one engine: the diff's verdicts on the same changes ---------------------------------------------- */

static unsigned diff_hazards(const char *from, const char *to)
{
    rpx *x = rpx_new(), *y = rpx_new();
    rpx_ok(x, from);
    rpx_ok(y, to);
    changeset cs = {0};
    strbuf err = STRBUF_INIT;
    if (diff_catalogs(x->cat, y->cat, NULL, &cs, &err) < 0)
        fail_msg("diff failed: %s", err.buf);
    unsigned h = changeset_hazards(&cs);
    changeset_release(&cs);
    sb_release(&err);
    rpx_free(x);
    rpx_free(y);
    return h;
}

static void test_diff_shares_the_judgements(void **state)
{
    (void)state;
    const char *t = "CREATE TABLE t (id int PRIMARY KEY, a int);";
    assert_true(diff_hazards(t, "CREATE TABLE t (id int PRIMARY KEY, a int, r float8 DEFAULT random());") &
                (1u << HZ_TABLE_REWRITE));
    assert_false(diff_hazards(t, "CREATE TABLE t (id int PRIMARY KEY, a int, c int NOT NULL DEFAULT 0);") &
                 (1u << HZ_TABLE_REWRITE));
    assert_true(diff_hazards(t, "CREATE TABLE t (id int PRIMARY KEY, a int, m text NOT NULL);") &
                (1u << HZ_NOT_NULL_NO_DEFAULT));
    assert_true(diff_hazards(t, "CREATE TABLE t (id int PRIMARY KEY, a int CHECK (a > 0));") &
                (1u << HZ_CONSTRAINT_VALIDATION));
    assert_false(diff_hazards("", "CREATE TABLE t (id int PRIMARY KEY, a int CHECK (a > 0));") &
                 (1u << HZ_CONSTRAINT_VALIDATION));
    /* A proven SET NOT NULL scans nothing, in the diff too. */
    assert_true(diff_hazards(t, "CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL);") & (1u << HZ_TABLE_SCAN));
    assert_false(diff_hazards("CREATE TABLE t (id int PRIMARY KEY, a int CONSTRAINT a_nn CHECK (a IS NOT NULL));",
                              "CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL CONSTRAINT a_nn CHECK (a IS NOT NULL));") &
                 (1u << HZ_TABLE_SCAN));
    /* A rename the diff finds warns like the rename lint reads. */
    unsigned h = diff_hazards("CREATE TABLE t (id int PRIMARY KEY, a int);\n"
                              "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM t $$;",
                              "CREATE TABLE t2 (id int PRIMARY KEY, a int);\n"
                              "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM t $$;");
    assert_true(h & (1u << HZ_RENAME_CLIENTS));
    assert_true(h & (1u << HZ_RENAME_FUNCTIONS));
}

static void test_judgements(void **state)
{
    (void)state;
    assert_true(text_has_word("SELECT Name FROM t", "name"));
    assert_false(text_has_word("SELECT names FROM t", "name"));
    assert_false(text_has_word("SELECT first_name FROM t", "name"));
    assert_true(text_has_word("NEW.name := 1", "name"));
    assert_false(type_change_rewrites("character varying(50)", "character varying(100)"));
    assert_false(type_change_rewrites("character varying", "text"));
    assert_false(type_change_rewrites("numeric(10,2)", "numeric(12,2)"));
    assert_true(type_change_rewrites("integer", "bigint"));
    assert_true(type_change_rewrites("text", "integer"));
    for (int h = 0; h < HZ__COUNT; h++) {
        /* Codes are unique, and every code has a reason and a fix. */
        assert_int_equal(hazard_from_code(hazard_get(h)->code), h);
        assert_true(strlen(hazard_get(h)->reason) > 10);
        assert_true(strlen(hazard_get(h)->fix) > 10);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_without_concurrently),
        cmocka_unit_test(test_index_on_partitioned_table),
        cmocka_unit_test(test_add_column_not_null_without_default),
        cmocka_unit_test(test_add_column_volatile_default),
        cmocka_unit_test(test_type_change_that_rewrites),
        cmocka_unit_test(test_type_change_in_place),
        cmocka_unit_test(test_set_not_null),
        cmocka_unit_test(test_foreign_key_and_check_without_not_valid),
        cmocka_unit_test(test_unique_without_using_index),
        cmocka_unit_test(test_rename_column),
        cmocka_unit_test(test_rename_table),
        cmocka_unit_test(test_drops_lose_data),
        cmocka_unit_test(test_concurrently_in_a_transaction),
        cmocka_unit_test(test_new_enum_value_used),
        cmocka_unit_test(test_downgrade_that_does_not_undo),
        cmocka_unit_test(test_lint_ignore),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_rewrites_pass),
        cmocka_unit_test(test_diff_shares_the_judgements),
        cmocka_unit_test(test_judgements),
    };
    return cmocka_run_group_tests_name("lint", tests, NULL, NULL);
}
