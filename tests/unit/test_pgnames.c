/* Unit tests for pgnames: generated index, constraint and sequence names.
 *
 * Every expected name below was observed on a real PostgreSQL 15 server
 * (15.20) by running the quoted DDL in a fresh database and reading
 * pg_class.relname / pg_constraint.conname back, in creation order.  The
 * replays keep a model of the schema's relation and constraint names and
 * ask pgnames for each unnamed object in statement order, which is exactly
 * what the replay engine will do. */
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

#include "pgnames.h"
#include "util.h"

/* A schema's names, as far as name choice cares. */
struct schema {
    strvec rels; /* pg_class names */
    strvec cons; /* pg_constraint names (tables and domains) */
    strvec got;  /* every name chosen, in order */
};

static bool taken_rel(const char *name, void *ctx)
{
    return strvec_has(&((struct schema *)ctx)->rels, name);
}

static bool taken_rel_or_con(const char *name, void *ctx)
{
    struct schema *s = ctx;
    return strvec_has(&s->rels, name) || strvec_has(&s->cons, name);
}

static bool taken_con(const char *name, void *ctx)
{
    return strvec_has(&((struct schema *)ctx)->cons, name);
}

static void schema_free(struct schema *s)
{
    strvec_clear(&s->rels);
    strvec_clear(&s->cons);
    strvec_clear(&s->got);
}

static void expect_names(const struct schema *s, const char *const *want, size_t n)
{
    for (size_t i = 0; i < n && i < s->got.n; i++)
        if (strcmp(s->got.v[i], want[i]) != 0)
            fail_msg("name %zu: got <%s>, want <%s>", i, s->got.v[i], want[i]);
    assert_int_equal(s->got.n, n);
}

/* Files a chosen name under the namespaces it occupies. */
static void chosen(struct schema *s, char *name, bool rel, bool con)
{
    if (rel)
        strvec_push(&s->rels, name);
    if (con)
        strvec_push(&s->cons, name);
    strvec_push_nodup(&s->got, name);
}

/* Index-backed name: idx (relations only) or pkey/key/excl (relations and
 * constraints); the constraint kinds also add a constraint. */
static void add_index(struct schema *s, const char *table, const strvec *cols,
                      const char *label)
{
    bool con = strcmp(label, "idx") != 0;
    char *part = cols ? pgname_join_colnames(cols) : NULL;
    chosen(s, pgname_choose(table, part, label, con ? taken_rel_or_con : taken_rel, s),
           true, con);
    free(part);
}

/* Records a name the user gave; only unnamed objects reach pgnames. */
static bool explicit_name(struct schema *s, const PgQuery__Constraint *c)
{
    if (!c->conname || !*c->conname)
        return false;
    strvec_push(&s->cons, c->conname);
    if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
        c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
        c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION)
        strvec_push(&s->rels, c->conname);
    return true;
}

static void add_constraint(struct schema *s, const char *table, const char *colname,
                           const PgQuery__Constraint *c)
{
    strvec cols = STRVEC_INIT;
    if (explicit_name(s, c))
        return;
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        /* Earlier CHECKs of this command are in s->cons already. */
        chosen(s, pgname_choose(table, pgname_check_column(c->raw_expr, table, NULL, NULL),
                                "check", taken_con, s),
               false, true);
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        add_index(s, table, NULL, "pkey");
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        if (colname)
            pgname_index_colname_add(&cols, colname);
        pgname_index_colnames(&cols, c->keys, c->n_keys);
        pgname_index_colnames(&cols, c->including, c->n_including);
        add_index(s, table, &cols, "key");
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
        pgname_index_colnames(&cols, c->exclusions, c->n_exclusions);
        pgname_index_colnames(&cols, c->including, c->n_including);
        add_index(s, table, &cols, "excl");
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        /* FK column lists are joined as written, no de-duplication. */
        if (colname)
            strvec_push(&cols, colname);
        for (size_t i = 0; i < c->n_fk_attrs; i++)
            strvec_push(&cols, c->fk_attrs[i]->string->sval);
        char *part = pgname_join_colnames(&cols);
        chosen(s, pgname_choose(table, part, "fkey", taken_con, s), false, true);
        free(part);
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        chosen(s, pgname_choose(table, colname, "seq", taken_rel, s), true, false);
        break;
    default:
        break;
    }
    strvec_clear(&cols);
}

/* The phases of CREATE TABLE, in the order PG 15 names things (observed by
 * oid order): serial/identity sequences, CHECK constraints, the primary
 * key, other UNIQUE/EXCLUDE constraints, foreign keys; element order
 * within each phase. */
enum phase { PH_SEQ, PH_CHECK, PH_PKEY, PH_INDEX, PH_FKEY, PH_COUNT };

static enum phase phase_of(const PgQuery__Constraint *c)
{
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        return PH_SEQ;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        return PH_CHECK;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        return PH_PKEY;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
        return PH_INDEX;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        return PH_FKEY;
    default:
        return PH_COUNT;
    }
}

static void column_phase(struct schema *s, const char *table,
                         const PgQuery__ColumnDef *cd, enum phase ph)
{
    const PgQuery__TypeName *tn = cd->type_name;
    const char *tname = tn->names[tn->n_names - 1]->string->sval;
    if (ph == PH_SEQ && tn->n_names == 1 && strstr(tname, "serial"))
        chosen(s, pgname_choose(table, cd->colname, "seq", taken_rel, s), true, false);
    for (size_t j = 0; j < cd->n_constraints; j++)
        if (phase_of(cd->constraints[j]->constraint) == ph)
            add_constraint(s, table, cd->colname, cd->constraints[j]->constraint);
}

static void replay_create_table(struct schema *s, const PgQuery__CreateStmt *cs)
{
    const char *table = cs->relation->relname;
    strvec_push(&s->rels, table);
    for (enum phase ph = PH_SEQ; ph < PH_COUNT; ph++) {
        for (size_t i = 0; i < cs->n_table_elts; i++) {
            const PgQuery__Node *e = cs->table_elts[i];
            if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
                if (phase_of(e->constraint) == ph)
                    add_constraint(s, table, NULL, e->constraint);
            } else {
                column_phase(s, table, e->column_def, ph);
            }
        }
    }
}

static void replay_index(struct schema *s, const PgQuery__IndexStmt *is)
{
    if (is->idxname && *is->idxname) {
        strvec_push(&s->rels, is->idxname);
        return;
    }
    strvec cols = STRVEC_INIT;
    pgname_index_colnames(&cols, is->index_params, is->n_index_params);
    pgname_index_colnames(&cols, is->index_including_params,
                          is->n_index_including_params);
    add_index(s, is->relation->relname, &cols, "idx");
    strvec_clear(&cols);
}

static void replay_domain(struct schema *s, const PgQuery__CreateDomainStmt *cd)
{
    const char *domain =
        cd->domainname[cd->n_domainname - 1]->string->sval;
    for (size_t i = 0; i < cd->n_constraints; i++) {
        const PgQuery__Constraint *c = cd->constraints[i]->constraint;
        if (explicit_name(s, c) || c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
            continue;
        chosen(s, pgname_choose(domain, NULL, "check", taken_con, s), false, true);
    }
}

static void replay_alter(struct schema *s, const PgQuery__AlterTableStmt *at)
{
    const char *table = at->relation->relname;
    for (size_t j = 0; j < at->n_cmds; j++) {
        const PgQuery__AlterTableCmd *cmd = at->cmds[j]->alter_table_cmd;
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint)
            add_constraint(s, table, NULL, cmd->def->constraint);
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn)
            for (enum phase ph = PH_SEQ; ph < PH_COUNT; ph++)
                column_phase(s, table, cmd->def->column_def, ph);
    }
}

/* Runs the DDL through the model, naming what PostgreSQL would name. */
static void replay(struct schema *s, const char *sql)
{
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
    if (r.error)
        fail_msg("parse failed: %s", r.error->message);
    PgQuery__ParseResult *pr = pg_query__parse_result__unpack(
        NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
    assert_non_null(pr);
    for (size_t i = 0; i < pr->n_stmts; i++) {
        const PgQuery__Node *st = pr->stmts[i]->stmt;
        switch (st->node_case) {
        case PG_QUERY__NODE__NODE_CREATE_STMT:
            replay_create_table(s, st->create_stmt);
            break;
        case PG_QUERY__NODE__NODE_INDEX_STMT:
            replay_index(s, st->index_stmt);
            break;
        case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
            replay_alter(s, st->alter_table_stmt);
            break;
        case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
            replay_domain(s, st->create_domain_stmt);
            break;
        default:
            fail_msg("statement kind %d not modelled", st->node_case);
        }
    }
    pg_query__parse_result__free_unpacked(pr, NULL);
    pg_query_free_protobuf_parse_result(r);
}

#define ARRAYLEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_index_expressions(void **state)
{
    (void)state;
    struct schema s = {STRVEC_INIT, STRVEC_INIT, STRVEC_INIT};
    replay(&s,
           "create table t (a int, b int, \"Mixed Col\" text, x text, arr int[],"
           "  c int check (c > 0), check (a > b), check (1 > 0),"
           "  check (a > 0 and t.a < 10), e int check (e > 0) check (e < 9));"
           "create index on t (lower(x));"
           "create index on t (lower(x));"
           "create index on t (a, a);"
           "create index on t ((a + 1));"
           "create index on t ((a::bigint));"
           "create index on t (((a + 1)::bigint));"
           "create index on t ((x::text || 'a'));"
           "create index on t ((coalesce(a, b)));"
           "create index on t ((greatest(a, b)));"
           "create index on t ((case when a > 0 then b end));"
           "create index on t ((case when a > 0 then b else a end));"
           "create index on t ((arr[1]));"
           "create index on t ((\"Mixed Col\"));"
           "create index on t (\"Mixed Col\");"
           "create index on t ((nullif(a, b)));"
           "create index on t (a) include (b);"
           "create index on t (pg_catalog.upper(x));"
           "create index on t ((array[a,b]));"
           "create index on t (a, (a), a);"
           "create index on t (x collate \"C\");"
           "create index on t ((x collate \"C\"));"
           "create index on t ((1::int + a));"
           "create index on t (((a+1)::int));"
           "create index on t (((a+1)::int4));"
           "create index on t (((a+1)::double precision));"
           "create unique index on t (b);"
           "alter table t add unique (b);"
           "alter table t add primary key (a);"
           "create table \"T2\" (id serial, \"Big\" bigserial, s smallserial,"
           "  g int generated always as identity);");
    static const char *const want[] = {
        "t_c_check", "t_check", "t_check1", "t_a_check", "t_e_check", "t_e_check1",
        "t_lower_idx", "t_lower_idx1", "t_a_a1_idx", "t_expr_idx", "t_a_idx",
        "t_int8_idx", "t_expr_idx1", "t_coalesce_idx", "t_greatest_idx",
        "t_case_idx", "t_a_idx1", "t_arr_idx", "t_Mixed Col_idx",
        "t_Mixed Col_idx1", "t_nullif_idx", "t_a_b_idx", "t_upper_idx",
        "t_array_idx", "t_a_a1_a2_idx", "t_x_idx", "t_x_idx1", "t_expr_idx2",
        "t_int4_idx", "t_int4_idx1", "t_float8_idx", "t_b_idx", "t_b_key",
        "t_pkey", "T2_id_seq", "T2_Big_seq", "T2_s_seq", "T2_g_seq",
    };
    expect_names(&s, want, ARRAYLEN(want));
    schema_free(&s);
}

/* Which names each kind must avoid; three separate databases. */
static void test_collision_scopes(void **state)
{
    (void)state;
    struct schema s = {STRVEC_INIT, STRVEC_INIT, STRVEC_INIT};
    replay(&s,
           "create table a (x int, constraint b_pkey check (x > 0));"
           "create table b (y int primary key);"
           "create table c (y int, constraint d_y_check check (y > 0));"
           "create table d (y int check (y > 0));"
           "create index d_y_key on d (y);"
           "alter table d add unique (y);"
           "create table e (y int, z int, unique (y) include (z),"
           "  exclude using btree (z with =), exclude using btree ((z+1) with =),"
           "  exclude using btree (lower(y::text) with =));"
           "create unique index e_z_y_key on e (z, y);"
           "create table f2 (z int, y int, foreign key (z, y) references e (z, y),"
           "  foreign key (z, y) references e (z, y));"
           "create table \"f_z_y_fkey\" (i int);"
           "create domain dom as int check (value > 0) check (value < 10);"
           "create domain dom2 as int constraint dom3_check check (value > 0);"
           "create domain dom3 as int check (value > 0);"
           "create table dom4 (i int check (i > 0));");
    static const char *const want1[] = {
        "b_pkey1",    /* b_pkey is a CHECK constraint of table a */
        "d_y_check1", /* d_y_check belongs to table c */
        "d_y_key1",   /* d_y_key is a plain index */
        "e_y_z_key", "e_z_excl", "e_expr_excl", "e_lower_excl",
        "f2_z_y_fkey", "f2_z_y_fkey1",
        "dom_check", "dom_check1",
        "dom3_check1", /* domains share the constraint namespace */
        "dom4_i_check",
    };
    expect_names(&s, want1, ARRAYLEN(want1));
    schema_free(&s);

    replay(&s,
           "create table p (y int unique, z int, unique (z, y));"
           "create table f (y int references p (y), z int,"
           "  foreign key (z, y) references p (z, y),"
           "  foreign key (z, y) references p (z, y));"
           "create table f_y_fkey1 (i int);"
           "create table g (y int, constraint f_y_fkey2 check (y>0));"
           "create table f_a (y int references p(y));"
           "alter table f add foreign key (y) references p (y);");
    static const char *const want2[] = {
        "p_y_key", "p_z_y_key", "f_y_fkey", "f_z_y_fkey", "f_z_y_fkey1",
        "f_a_y_fkey",
        "f_y_fkey1", /* a table of that name does not matter */
    };
    expect_names(&s, want2, ARRAYLEN(want2));
    schema_free(&s);

    replay(&s,
           "create table t (a int, constraint t_a_idx check (a > 0),"
           "  constraint t_b_seq check (a > 1));"
           "create index on t (a);"
           "create table t_a_idx1 ();"
           "create table u (x int, constraint t_b_key check (x > 0));"
           "alter table t add column b serial;"
           "alter table t add unique (b);");
    static const char *const want3[] = {
        "t_a_idx",  /* plain indexes ignore constraint names */
        "t_b_seq",  /* so do sequences */
        "t_b_key1", /* index-backed constraints do not */
    };
    expect_names(&s, want3, ARRAYLEN(want3));
    schema_free(&s);
}

/* CREATE TABLE names things in phases, not in element order. */
static void test_create_table_order(void **state)
{
    (void)state;
    struct schema s = {STRVEC_INIT, STRVEC_INIT, STRVEC_INIT};
    replay(&s,
           "create table o (a int unique, b int check (b>0), id serial primary key,"
           "  c int references o(a), check (a > 0), unique (b), e serial);");
    static const char *const want[] = {
        "o_id_seq", "o_e_seq", "o_b_check", "o_a_check", "o_pkey", "o_a_key",
        "o_b_key", "o_c_fkey",
    };
    expect_names(&s, want, ARRAYLEN(want));
    schema_free(&s);
}

/* Long and multibyte names, cut at 63 bytes on character boundaries. */
static void test_truncation(void **state)
{
    (void)state;
    struct schema s = {STRVEC_INIT, STRVEC_INIT, STRVEC_INIT};
    replay(&s,
           "create table abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij ("
           "  colcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolc serial primary key,"
           "  short int unique,"
           "  c2colcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolc int,"
           "  check (c2colcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolc > 0),"
           "  check (c2colcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolc > 1));"
           "create index on abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij"
           "  (short, c2colcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolc);"
           "create index on abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij"
           "  (short, c2colcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolcolc);"
           "create index on abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij (short);"
           "create index on abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij (short);"
           "create table s (a int, b int, c int, d int);"
           "create index on s (a,b,c,d, (a+b), (a+c), (a+d), (b+c), (b+d), (c+d),"
           "  (a*b), (a*c), (a*d), (b*c), (b*d), (c*d), (a-b), (a-c));"
           "create table \"ééééééééééééééééééééééééééééééé\" ("
           "  \"üüüüüüüüüüüüüüüüüüüüüüüüüüüüüü\" int primary key, \"ç\" serial);"
           "create index on \"ééééééééééééééééééééééééééééééé\" (\"üüüüüüüüüüüüüüüüüüüüüüüüüüüüüü\");"
           "create index on \"ééééééééééééééééééééééééééééééé\" (\"üüüüüüüüüüüüüüüüüüüüüüüüüüüüüü\");"
           "create table \"日本語テーブル名前日本語テーブル名前日本語テー\" ("
           "  \"列名列名列名列名列名列名列名列名列名列名列名\" text unique);");
    static const char *const want[] = {
        "abcdefghijklmnopqrstuvwxyzabc_colcolcolcolcolcolcolcolcolco_seq",
        "abcdefghijklmnopqrstuvwxyzab_c2colcolcolcolcolcolcolcolco_check",
        "abcdefghijklmnopqrstuvwxyzab_c2colcolcolcolcolcolcolcolc_check1",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdef_pkey",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyza_short_key",
        "abcdefghijklmnopqrstuvwxyzabc_short_c2colcolcolcolcolcolcol_idx",
        "abcdefghijklmnopqrstuvwxyzabc_short_c2colcolcolcolcolcolco_idx1",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyza_short_idx",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz_short_idx1",
        "s_a_b_c_d_expr_expr1_expr2_expr3_expr4_expr5_expr6_expr7_ex_idx",
        "éééééééééééééééééééééééééééé_ç_seq",
        "ééééééééééééééééééééééééééééé_pkey",
        "éééééééééééééé_üüüüüüüüüüüüüü_idx",
        "éééééééééééééé_üüüüüüüüüüüüüü_idx1",
        "日本語テーブル名前_列名列名列名列名列_key",
    };
    expect_names(&s, want, ARRAYLEN(want));
    schema_free(&s);

    /* A second database: repeated long columns, 2-byte and 3-byte names,
     * identity sequences and foreign keys. */
    replay(&s,
           "create table \"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\" (c int);"
           "create index on \"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\" (c);"
           "create index on \"tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\" (c);"
           "create table s (cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc1 int,"
           "  \"éééééééééééééééééééééééééééééééé\" int, k int);"
           "create index on s (cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc1);"
           "create index on s (cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc1,"
           "  cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc1, k);"
           "create index on s (\"éééééééééééééééééééééééééééééééé\","
           "  \"éééééééééééééééééééééééééééééééé\");"
           "alter table s add unique (k);"
           "create table \"€€€€€€€€€€€€€€€€€€€€€\" (\"€€€€€€€€€€€€€€€€€€€€€\" int"
           "  generated by default as identity, k int references s(k));"
           "create table fk (\"éééééééééééééééééééééééééééééééé\" int references s(k), b int);"
           "alter table s add unique (k, cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc1);"
           "create table fk2 (a int, b int, foreign key (a, b) references s"
           "  (k, cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc1));"
           "create table fk3 (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa int,"
           "  bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb int, foreign key (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,"
           "  bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb) references s"
           "  (k, cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc1));");
    static const char *const want2[] = {
        "ttttttttttttttttttttttttttttttttttttttttttttttttttttttttt_c_idx",
        "tttttttttttttttttttttttttttttttttttttttttttttttttttttttt_c_idx1",
        "s_ccccccccccccccccccccccccccccccccccccccccccccccccccccccccc_idx",
        "s_cccccccccccccccccccccccccccccccccccccccccccccccccccccccc_idx1",
        "s_éééééééééééééééééééééééééééé_idx",
        "s_k_key",
        "€€€€€€€€€_€€€€€€€€€_seq",
        "€€€€€€€€€€€€€€€€€€_k_fkey",
        "fk_ééééééééééééééééééééééééééé_fkey",
        "s_k_ccccccccccccccccccccccccccccccccccccccccccccccccccccccc_key",
        "fk2_a_b_fkey",
        "fk3_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_bbbbbbbbbbbb_fkey",
    };
    expect_names(&s, want2, ARRAYLEN(want2));
    schema_free(&s);
}

static void test_make_and_choose(void **state)
{
    (void)state;
    /* API edge, not a server case: no label. */
    char *n = pgname_make("t", "a", NULL);
    assert_string_equal(n, "t_a");
    free(n);
    /* Observed: CREATE INDEX ON <35 a's> (<35 b's>). */
    n = pgname_make("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "idx");
    assert_string_equal(n, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_idx");
    free(n);
    /* Observed: a column REFERENCES in table <35 a's>2, column <35 b's>;
     * the parts draw level and then name2 gives way first. */
    n = pgname_make("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                    "fkey");
    assert_string_equal(n, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbb_fkey");
    free(n);
    /* Observed: t_a_idx and t_a_idx1 exist, CREATE INDEX ON t (a). */
    strvec taken = STRVEC_INIT;
    strvec_push(&taken, "t_a_idx");
    strvec_push(&taken, "t_a_idx1");
    struct schema s = {taken, STRVEC_INIT, STRVEC_INIT};
    n = pgname_choose("t", "a", "idx", taken_rel, &s);
    assert_string_equal(n, "t_a_idx2");
    free(n);
    n = pgname_choose("t", "a", "idx", NULL, NULL);
    assert_string_equal(n, "t_a_idx");
    free(n);
    schema_free(&s);
}

static void test_mbcliplen(void **state)
{
    (void)state;
    assert_int_equal(pgname_mbcliplen("abc", 3, 2), 2);
    assert_int_equal(pgname_mbcliplen("abc", 3, 5), 3);
    assert_int_equal(pgname_mbcliplen("éé", 4, 3), 2);   /* 2-byte chars */
    assert_int_equal(pgname_mbcliplen("日本", 6, 5), 3);  /* 3-byte chars */
    assert_int_equal(pgname_mbcliplen("a😀", 5, 4), 1);  /* 4-byte char */
    assert_int_equal(pgname_mbcliplen("a😀", 5, 5), 5);
    /* Never past len, even mid-character (the server never asks that). */
    assert_int_equal(pgname_mbcliplen("日本", 4, 6), 3);
}

/* Repeated index columns get a counter, clipped to stay within 63 bytes. */
static void test_colname_dedup(void **state)
{
    (void)state;
    strvec cols = STRVEC_INIT;
    const char *c63 = "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    pgname_index_colname_add(&cols, c63);
    pgname_index_colname_add(&cols, c63);
    pgname_index_colname_add(&cols, "ééééééééééééééééééééééééééééééé"); /* 62 bytes */
    pgname_index_colname_add(&cols, "ééééééééééééééééééééééééééééééé");
    pgname_index_colname_add(&cols, "a");
    pgname_index_colname_add(&cols, "a");
    pgname_index_colname_add(&cols, "a");
    assert_int_equal(cols.n, 7);
    assert_int_equal(strlen(cols.v[1]), 63);
    assert_string_equal(cols.v[1] + 62, "1");
    assert_string_equal(cols.v[3], "ééééééééééééééééééééééééééééééé1"); /* 62 + 1 bytes */
    assert_string_equal(cols.v[5], "a1");
    assert_string_equal(cols.v[6], "a2");
    char *j = pgname_join_colnames(&cols);
    assert_int_equal(strlen(j), 63 + 1 + 63); /* stops once past 63 bytes */
    free(j);
    strvec_clear(&cols);
}

struct fig_case {
    const char *expr;
    const char *want; /* NULL: no name, the index uses "expr" */
};

static void test_figure_colname(void **state)
{
    (void)state;
    /* Beyond the replayed indexes: the server names select-list columns
     * with the same function, so these were observed as the column names of
     * SELECT <expr> FROM ft on PG 15 (ft having c comp, arr int[], a int;
     * "?column?" there is NULL here). */
    static const struct fig_case cases[] = {
        {"pg_catalog.lower('x')", "lower"}, {"(c).x", "x"},
        {"arr[1]", "arr"}, {"row(1, 2)", "row"},
        {"current_user", "current_user"}, {"current_timestamp(3)", "current_timestamp"},
        {"localtime", "localtime"}, {"least(1, 2)", "least"},
        {"1 + 2", NULL}, /* "?column?" */
        {"'x'::text", "text"}, {"cast(1 as int)", "int4"},
        {"case when true then 1 end", "case"},
        {"xmlconcat('<a/>', '<b/>')", "xmlconcat"}, {"exists (select 1)", "exists"},
        {"array(select 1)", "array"}, {"(select 1)", NULL},
        {"a is null", NULL}, {"case when true then 1 else a end", "a"},
        {"nullif(1,2)", "nullif"}, {"coalesce(1,2)", "coalesce"},
        {"greatest(1,2)", "greatest"}, {"current_date", "current_date"},
        {"session_user", "session_user"}, {"current_schema", "current_schema"},
        {"(a::text)::int", "a"}, {"((1+a)::text)", "text"},
        {"('x' collate \"C\")::text", "text"},
    };
    for (size_t i = 0; i < ARRAYLEN(cases); i++) {
        char sql[256];
        snprintf(sql, sizeof(sql), "select %s", cases[i].expr);
        PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
        assert_null(r.error);
        PgQuery__ParseResult *pr = pg_query__parse_result__unpack(
            NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
        const PgQuery__SelectStmt *ss = pr->stmts[0]->stmt->select_stmt;
        const char *got = pgname_figure_colname(ss->target_list[0]->res_target->val);
        if (cases[i].want ? !got || strcmp(got, cases[i].want) : got != NULL)
            fail_msg("<%s>: got <%s>, want <%s>", cases[i].expr, got ? got : "(null)",
                     cases[i].want ? cases[i].want : "(null)");
        pg_query__parse_result__free_unpacked(pr, NULL);
        pg_query_free_protobuf_parse_result(r);
    }
}

static bool has_column_w(const char *name, void *ctx)
{
    (void)ctx;
    return !strcmp(name, "w");
}

/* CHECK naming: one distinct column, else none. */
static void test_check_column(void **state)
{
    (void)state;
    struct schema s = {STRVEC_INIT, STRVEC_INIT, STRVEC_INIT};
    replay(&s,
           "create table v (a int, b int, c int, check (a > b), check (b > c),"
           "  check (c > 0), check ((v.c) > 1), check (v.a + a > 0));"
           "create table w (c int, f comp, g int, h int[],"
           "  check (c > 0 and w.c < 10), check (w.* is not null),"
           "  check ((f).x > 0), check (n5.public.w.g > 0), check (h[1] > 0),"
           "  check ((f).x > (f).y), check (public.w.g > 1), check (w is not null),"
           "  check (c::text <> ''));");
    static const char *const want[] = {
        "v_check", "v_check1", "v_c_check", "v_c_check1", "v_a_check",
        "w_c_check", "w_check", "w_f_check", "w_g_check", "w_h_check",
        "w_f_check1", "w_g_check1", "w_check1", "w_c_check1",
    };
    expect_names(&s, want, ARRAYLEN(want));
    schema_free(&s);

    /* A column named like its table wins over the whole-row reading. */
    PgQueryProtobufParseResult r = pg_query_parse_protobuf("select w > 0");
    PgQuery__ParseResult *pr = pg_query__parse_result__unpack(
        NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
    const PgQuery__Node *e = pr->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
    assert_string_equal(pgname_check_column(e, "w", has_column_w, NULL), "w");
    assert_null(pgname_check_column(e, "w", NULL, NULL));
    assert_string_equal(pgname_check_column(e, "t", NULL, NULL), "w");
    assert_null(pgname_check_column(NULL, "t", NULL, NULL));
    pg_query__parse_result__free_unpacked(pr, NULL);
    pg_query_free_protobuf_parse_result(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_make_and_choose),
        cmocka_unit_test(test_mbcliplen),
        cmocka_unit_test(test_colname_dedup),
        cmocka_unit_test(test_index_expressions),
        cmocka_unit_test(test_collision_scopes),
        cmocka_unit_test(test_create_table_order),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_figure_colname),
        cmocka_unit_test(test_check_column),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pg_query_exit();
    return rc;
}
