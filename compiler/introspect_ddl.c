/* introspect_ddl: one graph node -> the DDL that recreates it, in the form
 * pg_dump prints (and the dump reader already replays faithfully).
 *
 * The texts inside come from the server itself (format_type, pg_get_expr,
 * pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef,
 * pg_get_functiondef, pg_get_triggerdef, pg_get_partkeydef), printed with
 * an empty search_path so every name is qualified; sqlc only adds the
 * statement around them, quoting identifiers with pgident and values with
 * sql_literal.  The split follows pg_dump, with fewer statements where
 * nothing depends on the split: CREATE TABLE holds the columns (type,
 * collation, default, identity or generation, NOT NULL), the local CHECKs
 * and, outside inheritance trees, the keys; defaults, identities and keys
 * in inheritance trees, indexes, triggers,
 * foreign keys and policies are their own statements; a partition is a
 * plain CREATE TABLE plus ATTACH PARTITION.  Comments, and with
 * privileges owners and grants, follow the object they are about. */
#include "introspect_int.h"

#include <assert.h>
#include <string.h>

#include "pgident.h"
#include "version_table.h"

void isp_qname(strbuf *sb, const char *schema, const char *name)
{
    pgident_quote_sb(sb, schema);
    sb_addc(sb, '.');
    pgident_quote_sb(sb, name);
}

static const char *V(const isp *s, isp_query q, int row, int col)
{
    return isp_val(s, q, row, col);
}

/* "schema.name" of the relation with this oid, or NULL when unknown. */
static bool rel_qname(const isp *s, unsigned oid, strbuf *out)
{
    ikey k;
    int r = isp_map_row(&s->rels, isp_key(&k, 1, oid, 0, 0));
    if (r < 0)
        return false;
    isp_qname(out, V(s, Q_REL, r, REL_NSP), V(s, Q_REL, r, REL_NAME));
    return true;
}

static void comment(const isp *s, strbuf *out, unsigned cls, unsigned oid, int sub, const char *target)
{
    ikey k;
    const char *text = hm_get(&s->comments, isp_key(&k, 3, cls, oid, (unsigned)sub));
    if (!text)
        return;
    sb_addf(out, "COMMENT ON %s IS ", target);
    sql_literal(out, text);
    sb_adds(out, ";\n");
}

/* ALTER <what> <target> OWNER TO ..., and the grants that differ from the
 * owner's defaults; only when privileges were asked for. */
static void privileges(const isp *s, strbuf *out, const char *alter, const char *grant_on, const char *target,
                       const char *owner, unsigned cls, unsigned oid)
{
    if (!s->o->privileges)
        return;
    if (owner) {
        sb_addf(out, "ALTER %s %s OWNER TO ", alter, target);
        pgident_quote_sb(out, owner);
        sb_adds(out, ";\n");
    }
    ikey k;
    int r = isp_map_row(&s->acl, isp_key(&k, 2, cls, oid, 0));
    for (; r >= 0 && r < isp_rows(s, Q_ACL) && isp_oid(s, Q_ACL, r, ACL_CLASS) == cls &&
           isp_oid(s, Q_ACL, r, ACL_OBJ) == oid; r++)
        sb_addf(out, "GRANT %s ON %s %s TO %s%s;\n", V(s, Q_ACL, r, ACL_PRIVS), grant_on, target,
                V(s, Q_ACL, r, ACL_GRANTEE), isp_bool(s, Q_ACL, r, ACL_GRANTABLE) ? " WITH GRANT OPTION" : "");
}

/* COMMENT ON CONSTRAINT name ON <on> ("public.t", "DOMAIN public.d"). */
static void con_comment(const isp *s, int c, const char *on, strbuf *out)
{
    strbuf t = STRBUF_INIT;
    sb_adds(&t, "CONSTRAINT ");
    pgident_quote_sb(&t, V(s, Q_CON, c, CON_NAME));
    sb_addf(&t, " ON %s", on);
    comment(s, out, CLS_PG_CONSTRAINT, isp_oid(s, Q_CON, c, CON_OID), 0, t.buf);
    sb_release(&t);
}

/* "<alter> ADD CONSTRAINT name <definition>;" and its comment. */
static void add_constraint(const isp *s, int c, const char *alter, const char *on, strbuf *out)
{
    sb_addf(out, "%s ADD CONSTRAINT ", alter);
    pgident_quote_sb(out, V(s, Q_CON, c, CON_NAME));
    sb_addf(out, " %s;\n", V(s, Q_CON, c, CON_DEF));
    con_comment(s, c, on, out);
}

/* ---- schemas, extensions, types, functions -------------------------------------- */

static void ddl_schema(const isp *s, int r, strbuf *out)
{
    const char *name = V(s, Q_NSP, r, NSP_NAME);
    unsigned oid = isp_oid(s, Q_NSP, r, NSP_OID);
    strbuf t = STRBUF_INIT;
    sb_adds(&t, "SCHEMA ");
    pgident_quote_sb(&t, name);
    bool public = !strcmp(name, "public");
    if (!public) {
        sb_addf(out, "CREATE %s;\n", t.buf);
        privileges(s, out, "SCHEMA", "SCHEMA", t.buf + 7, V(s, Q_NSP, r, NSP_OWNER), CLS_PG_NAMESPACE, oid);
    }
    /* public comes with every database, with this comment (pg_dump too
     * leaves both out). */
    ikey k;
    const char *c = hm_get(&s->comments, isp_key(&k, 3, CLS_PG_NAMESPACE, oid, 0));
    if (!public || !c || strcmp(c, "standard public schema"))
        comment(s, out, CLS_PG_NAMESPACE, oid, 0, t.buf);
    sb_release(&t);
}

static void ddl_extension(const isp *s, int r, strbuf *out)
{
    sb_adds(out, "CREATE EXTENSION IF NOT EXISTS ");
    pgident_quote_sb(out, V(s, Q_EXT, r, EXT_NAME));
    sb_adds(out, " WITH SCHEMA ");
    pgident_quote_sb(out, V(s, Q_EXT, r, EXT_NSP));
    sb_adds(out, ";\n");
}

/* One column of CREATE TABLE or CREATE TYPE ... AS: name type [COLLATE]. */
static void column_head(const isp *s, int a, strbuf *out)
{
    pgident_quote_sb(out, V(s, Q_ATT, a, ATT_NAME));
    sb_addf(out, " %s", V(s, Q_ATT, a, ATT_TYPE));
    if (V(s, Q_ATT, a, ATT_COLL))
        sb_addf(out, " COLLATE %s", V(s, Q_ATT, a, ATT_COLL));
}

static void ddl_type(const isp *s, int r, strbuf *out)
{
    char k = V(s, Q_TYPE, r, TYP_TYPE)[0];
    unsigned oid = isp_oid(s, Q_TYPE, r, TYP_OID);
    strbuf q = STRBUF_INIT;
    isp_qname(&q, V(s, Q_TYPE, r, TYP_NSP), V(s, Q_TYPE, r, TYP_NAME));
    int cnt, first;
    if (k == 'e') {
        sb_addf(out, "CREATE TYPE %s AS ENUM (", q.buf);
        first = isp_group(s, &s->groups[Q_ENUM], Q_ENUM, ENUM_TYPE, oid, &cnt);
        for (int i = first; i < first + cnt; i++) {
            sb_adds(out, i > first ? ",\n    " : "\n    ");
            sql_literal(out, V(s, Q_ENUM, i, ENUM_LABEL));
        }
        sb_adds(out, "\n);\n");
    } else if (k == 'c') {
        unsigned relid = isp_oid(s, Q_TYPE, r, TYP_RELID);
        sb_addf(out, "CREATE TYPE %s AS (", q.buf);
        first = isp_group(s, &s->groups[Q_ATT], Q_ATT, ATT_REL, relid, &cnt);
        for (int i = first; i < first + cnt; i++) {
            sb_adds(out, i > first ? ",\n    " : "\n    ");
            column_head(s, i, out);
        }
        sb_adds(out, "\n);\n");
        for (int i = first; i < first + cnt; i++) {
            strbuf t = STRBUF_INIT;
            sb_addf(&t, "COLUMN %s.", q.buf);
            pgident_quote_sb(&t, V(s, Q_ATT, i, ATT_NAME));
            comment(s, out, CLS_PG_CLASS, relid, (int)isp_oid(s, Q_ATT, i, ATT_NUM), t.buf);
            sb_release(&t);
        }
    } else if (k == 'd') {
        sb_addf(out, "CREATE DOMAIN %s AS %s", q.buf, V(s, Q_TYPE, r, TYP_BASE));
        if (V(s, Q_TYPE, r, TYP_COLL))
            sb_addf(out, " COLLATE %s", V(s, Q_TYPE, r, TYP_COLL));
        if (V(s, Q_TYPE, r, TYP_DEFAULT))
            sb_addf(out, " DEFAULT %s", V(s, Q_TYPE, r, TYP_DEFAULT));
        if (isp_bool(s, Q_TYPE, r, TYP_NOTNULL))
            sb_adds(out, " NOT NULL");
        first = isp_group(s, &s->domcons, Q_CON, CON_TYPID, oid, &cnt);
        for (int i = first; i < first + cnt; i++) {
            if (!isp_bool(s, Q_CON, i, CON_VALID))
                continue; /* ALTER DOMAIN ... NOT VALID: its own node */
            sb_adds(out, "\n    CONSTRAINT ");
            pgident_quote_sb(out, V(s, Q_CON, i, CON_NAME));
            sb_addf(out, " %s", V(s, Q_CON, i, CON_DEF));
        }
        sb_adds(out, ";\n");
        strbuf on = STRBUF_INIT;
        sb_addf(&on, "DOMAIN %s", q.buf);
        for (int i = first; i < first + cnt; i++)
            if (isp_bool(s, Q_CON, i, CON_VALID))
                con_comment(s, i, on.buf, out);
        sb_release(&on);
    } else {
        assert(k == 'r');
        sb_addf(out, "CREATE TYPE %s AS RANGE (\n    subtype = %s", q.buf, V(s, Q_TYPE, r, TYP_SUBTYPE));
        static const struct { int col; const char *opt; } opts[] = {
            {TYP_OPCLASS, "subtype_opclass"}, {TYP_RCOLL, "collation"}, {TYP_CANONICAL, "canonical"},
            {TYP_DIFF, "subtype_diff"}, {TYP_MULTI, "multirange_type_name"},
        };
        for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
            if (V(s, Q_TYPE, r, opts[i].col))
                sb_addf(out, ",\n    %s = %s", opts[i].opt, V(s, Q_TYPE, r, opts[i].col));
        sb_adds(out, "\n);\n");
    }
    const char *word = k == 'd' ? "DOMAIN" : "TYPE";
    strbuf t = STRBUF_INIT;
    sb_addf(&t, "%s %s", word, q.buf);
    comment(s, out, CLS_PG_TYPE, oid, 0, t.buf);
    privileges(s, out, word, word, q.buf, V(s, Q_TYPE, r, TYP_OWNER), CLS_PG_TYPE, oid);
    sb_release(&t);
    sb_release(&q);
}

/* A domain CHECK added NOT VALID (CREATE DOMAIN cannot say so). */
static void ddl_domcheck(const isp *s, int c, strbuf *out)
{
    unsigned typ = isp_oid(s, Q_CON, c, CON_TYPID);
    int r;
    for (r = 0; r < isp_rows(s, Q_TYPE) && isp_oid(s, Q_TYPE, r, TYP_OID) != typ; r++)
        ;
    assert(r < isp_rows(s, Q_TYPE));
    strbuf q = STRBUF_INIT, alter = STRBUF_INIT, on = STRBUF_INIT;
    isp_qname(&q, V(s, Q_TYPE, r, TYP_NSP), V(s, Q_TYPE, r, TYP_NAME));
    sb_addf(&alter, "ALTER DOMAIN %s", q.buf);
    sb_addf(&on, "DOMAIN %s", q.buf);
    add_constraint(s, c, alter.buf, on.buf, out);
    sb_release(&on);
    sb_release(&alter);
    sb_release(&q);
}

static void ddl_func(const isp *s, int r, strbuf *out)
{
    const char *def = V(s, Q_FUNC, r, FN_DEF);
    size_t n = strlen(def);
    while (n && (def[n - 1] == '\n' || def[n - 1] == ' ' || def[n - 1] == ';'))
        n--;
    sb_add(out, def, n);
    sb_adds(out, ";\n");
    const char *word = V(s, Q_FUNC, r, FN_KIND)[0] == 'p' ? "PROCEDURE" : "FUNCTION";
    strbuf sig = STRBUF_INIT, t = STRBUF_INIT;
    isp_qname(&sig, V(s, Q_FUNC, r, FN_NSP), V(s, Q_FUNC, r, FN_NAME));
    sb_addf(&sig, "(%s)", V(s, Q_FUNC, r, FN_IDARGS));
    sb_addf(&t, "%s %s", word, sig.buf);
    unsigned oid = isp_oid(s, Q_FUNC, r, FN_OID);
    comment(s, out, CLS_PG_PROC, oid, 0, t.buf);
    privileges(s, out, word, word, sig.buf, V(s, Q_FUNC, r, FN_OWNER), CLS_PG_PROC, oid);
    sb_release(&sig);
    sb_release(&t);
}

/* ---- relations ------------------------------------------------------------------- */

/* Sequence options as pg_dump prints them: NO MINVALUE / NO MAXVALUE when
 * the bound is the default for the type and direction. */
static void seq_options(const isp *s, int r, bool identity, strbuf *out)
{
    const char *type = V(s, Q_REL, r, REL_SEQTYPE);
    long long inc = strtoll(V(s, Q_REL, r, REL_SEQINC), NULL, 10);
    long long min = strtoll(V(s, Q_REL, r, REL_SEQMIN), NULL, 10);
    long long max = strtoll(V(s, Q_REL, r, REL_SEQMAX), NULL, 10);
    long long tmin = INT64_MIN, tmax = INT64_MAX;
    if (!strcmp(type, "integer"))
        tmin = INT32_MIN, tmax = INT32_MAX;
    else if (!strcmp(type, "smallint"))
        tmin = INT16_MIN, tmax = INT16_MAX;
    if (!identity && strcmp(type, "bigint"))
        sb_addf(out, "    AS %s\n", type);
    sb_addf(out, "    START WITH %s\n    INCREMENT BY %s\n", V(s, Q_REL, r, REL_SEQSTART), V(s, Q_REL, r, REL_SEQINC));
    if (min == (inc > 0 ? 1 : tmin))
        sb_adds(out, "    NO MINVALUE\n");
    else
        sb_addf(out, "    MINVALUE %lld\n", min);
    if (max == (inc > 0 ? tmax : -1))
        sb_adds(out, "    NO MAXVALUE\n");
    else
        sb_addf(out, "    MAXVALUE %lld\n", max);
    sb_addf(out, "    CACHE %s", V(s, Q_REL, r, REL_SEQCACHE));
    if (isp_bool(s, Q_REL, r, REL_SEQCYCLE))
        sb_adds(out, "\n    CYCLE");
}

/* pg_get_indexdef and pg_get_constraintdef leave the tablespace out. */
static void index_tablespace(const isp *s, int i, strbuf *out)
{
    if (!V(s, Q_IDX, i, IDX_TBLSPC))
        return;
    sb_adds(out, "ALTER INDEX ");
    isp_qname(out, V(s, Q_IDX, i, IDX_NSP), V(s, Q_IDX, i, IDX_NAME));
    sb_adds(out, " SET TABLESPACE ");
    pgident_quote_sb(out, V(s, Q_IDX, i, IDX_TBLSPC));
    sb_adds(out, ";\n");
}

/* The tablespace of the index behind key constraint row c, if any. */
static void constraint_index_tablespace(const isp *s, int c, strbuf *out)
{
    int n, i0 = isp_group(s, &s->groups[Q_IDX], Q_IDX, IDX_REL, isp_oid(s, Q_CON, c, CON_REL), &n);
    for (int i = i0; i < i0 + n; i++)
        if (isp_oid(s, Q_IDX, i, IDX_CON) == isp_oid(s, Q_CON, c, CON_OID))
            index_tablespace(s, i, out);
}

static void column_comments(const isp *s, unsigned oid, const char *q, int first, int cnt, strbuf *out)
{
    for (int i = first; i < first + cnt; i++) {
        strbuf t = STRBUF_INIT;
        sb_addf(&t, "COLUMN %s.", q);
        pgident_quote_sb(&t, V(s, Q_ATT, i, ATT_NAME));
        comment(s, out, CLS_PG_CLASS, oid, (int)isp_oid(s, Q_ATT, i, ATT_NUM), t.buf);
        sb_release(&t);
    }
}

/* The Q_REL row of column row a's identity sequence, or -1. */
static int identity_seq(const isp *s, unsigned reloid, int a)
{
    const char *ident = V(s, Q_ATT, a, ATT_IDENTITY);
    ikey k;
    return ident && ident[0] ? isp_map_row(&s->identity, isp_key(&k, 2, reloid, isp_oid(s, Q_ATT, a, ATT_NUM), 0)) : -1;
}

/* GENERATED ... AS IDENTITY (SEQUENCE NAME ... options): inside CREATE
 * TABLE, or after ALTER COLUMN ... ADD for a table in an inheritance tree. */
static void identity_clause(const isp *s, unsigned reloid, int a, strbuf *out)
{
    int seq = identity_seq(s, reloid, a);
    sb_addf(out, "GENERATED %s AS IDENTITY (\n    SEQUENCE NAME ",
            V(s, Q_ATT, a, ATT_IDENTITY)[0] == 'a' ? "ALWAYS" : "BY DEFAULT");
    isp_qname(out, V(s, Q_REL, seq, REL_NSP), V(s, Q_REL, seq, REL_NAME));
    sb_addc(out, '\n');
    seq_options(s, seq, true, out);
    sb_adds(out, "\n)");
}

static void ddl_table(const isp *s, int r, const char *q, strbuf *out)
{
    unsigned oid = isp_oid(s, Q_REL, r, REL_OID);
    bool part = isp_bool(s, Q_REL, r, REL_ISPART);
    int ncol, col0 = isp_group(s, &s->groups[Q_ATT], Q_ATT, ATT_REL, oid, &ncol);
    int ncon, con0 = isp_group(s, &s->groups[Q_CON], Q_CON, CON_REL, oid, &ncon);
    sb_addf(out, "CREATE %sTABLE %s (", V(s, Q_REL, r, REL_PERSIST)[0] == 'u' ? "UNLOGGED " : "", q);
    int items = 0;
    for (int a = col0; a < col0 + ncol; a++) {
        /* Inherited columns come from INHERITS; a partition lists all. */
        if (!isp_bool(s, Q_ATT, a, ATT_LOCAL) && !part)
            continue;
        sb_adds(out, items++ ? ",\n    " : "\n    ");
        column_head(s, a, out);
        if (!s->family[r] && identity_seq(s, oid, a) >= 0) {
            sb_addc(out, ' ');
            identity_clause(s, oid, a, out);
        }
        const char *gen = V(s, Q_ATT, a, ATT_GENERATED);
        if (gen && gen[0] == 's')
            sb_addf(out, " GENERATED ALWAYS AS (%s) STORED", V(s, Q_ATT, a, ATT_DEFAULT));
        else if (s->att_inline[a])
            sb_addf(out, " DEFAULT %s", V(s, Q_ATT, a, ATT_DEFAULT));
        if (isp_bool(s, Q_ATT, a, ATT_NOTNULL))
            sb_adds(out, " NOT NULL");
    }
    for (int c = con0; c < con0 + ncon; c++) {
        if (!isp_con_inline(s, c, r))
            continue;
        sb_adds(out, items++ ? ",\n    CONSTRAINT " : "\n    CONSTRAINT ");
        pgident_quote_sb(out, V(s, Q_CON, c, CON_NAME));
        sb_addf(out, " %s", V(s, Q_CON, c, CON_DEF));
    }
    sb_adds(out, "\n)");
    int ninh, inh0 = isp_group(s, &s->groups[Q_INH], Q_INH, INH_REL, oid, &ninh);
    for (int i = inh0; i < inh0 + ninh; i++) {
        sb_adds(out, i == inh0 ? "\nINHERITS (" : ", ");
        rel_qname(s, isp_oid(s, Q_INH, i, INH_PARENT), out);
    }
    if (ninh)
        sb_addc(out, ')');
    if (V(s, Q_REL, r, REL_PARTKEY))
        sb_addf(out, "\nPARTITION BY %s", V(s, Q_REL, r, REL_PARTKEY));
    if (V(s, Q_REL, r, REL_OPTIONS))
        sb_addf(out, "\nWITH (%s)", V(s, Q_REL, r, REL_OPTIONS));
    if (V(s, Q_REL, r, REL_TBLSPC)) {
        sb_adds(out, "\nTABLESPACE ");
        pgident_quote_sb(out, V(s, Q_REL, r, REL_TBLSPC));
    }
    sb_adds(out, ";\n");
    for (int a = col0; a < col0 + ncol; a++) {
        const char *name = V(s, Q_ATT, a, ATT_NAME);
        if (!isp_bool(s, Q_ATT, a, ATT_LOCAL) && !part && isp_bool(s, Q_ATT, a, ATT_NOTNULL)) {
            sb_addf(out, "ALTER TABLE ONLY %s ALTER COLUMN ", q);
            pgident_quote_sb(out, name);
            sb_adds(out, " SET NOT NULL;\n");
        }
        if (s->family[r] && identity_seq(s, oid, a) >= 0) {
            sb_addf(out, "ALTER TABLE %s ALTER COLUMN ", q);
            pgident_quote_sb(out, name);
            sb_adds(out, " ADD ");
            identity_clause(s, oid, a, out);
            sb_adds(out, ";\n");
        }
    }
    if (isp_bool(s, Q_REL, r, REL_RLS))
        sb_addf(out, "ALTER TABLE %s ENABLE ROW LEVEL SECURITY;\n", q);
    if (isp_bool(s, Q_REL, r, REL_FORCERLS))
        sb_addf(out, "ALTER TABLE ONLY %s FORCE ROW LEVEL SECURITY;\n", q);
    column_comments(s, oid, q, col0, ncol, out);
    for (int c = con0; c < con0 + ncon; c++) {
        if (!isp_con_inline(s, c, r))
            continue;
        con_comment(s, c, q, out);
        constraint_index_tablespace(s, c, out);
    }
}

/* pg_get_viewdef's text ends in ';'. */
static void view_query(const char *def, strbuf *out)
{
    size_t n = strlen(def);
    while (n && (def[n - 1] == ';' || def[n - 1] == '\n' || def[n - 1] == ' '))
        n--;
    sb_add(out, def, n);
}

static void ddl_rel(const isp *s, int r, strbuf *out)
{
    char kind = V(s, Q_REL, r, REL_KIND)[0];
    unsigned oid = isp_oid(s, Q_REL, r, REL_OID);
    strbuf q = STRBUF_INIT, t = STRBUF_INIT;
    isp_qname(&q, V(s, Q_REL, r, REL_NSP), V(s, Q_REL, r, REL_NAME));
    const char *opts = V(s, Q_REL, r, REL_OPTIONS), *word = "TABLE";
    int ncol, col0 = isp_group(s, &s->groups[Q_ATT], Q_ATT, ATT_REL, oid, &ncol);
    if (kind == 'r' || kind == 'p') {
        ddl_table(s, r, q.buf, out);
    } else if (kind == 'v' || kind == 'm') {
        word = kind == 'v' ? "VIEW" : "MATERIALIZED VIEW";
        sb_addf(out, "CREATE %s %s", word, q.buf);
        if (opts)
            sb_addf(out, " WITH (%s)", opts);
        if (kind == 'm' && V(s, Q_REL, r, REL_TBLSPC)) {
            sb_adds(out, " TABLESPACE ");
            pgident_quote_sb(out, V(s, Q_REL, r, REL_TBLSPC));
        }
        sb_adds(out, " AS\n");
        view_query(V(s, Q_REL, r, REL_VIEWDEF), out);
        const char *chk = V(s, Q_REL, r, REL_CHECKOPT);
        if (kind == 'v' && chk)
            sb_addf(out, "\n  WITH %s CHECK OPTION", !strcmp(chk, "local") ? "LOCAL" : "CASCADED");
        if (kind == 'm')
            sb_adds(out, "\n  WITH NO DATA");
        sb_adds(out, ";\n");
        column_comments(s, oid, q.buf, col0, ncol, out);
    } else {
        assert(kind == 'S');
        word = "SEQUENCE";
        sb_addf(out, "CREATE %sSEQUENCE %s\n", V(s, Q_REL, r, REL_PERSIST)[0] == 'u' ? "UNLOGGED " : "", q.buf);
        seq_options(s, r, false, out);
        sb_adds(out, ";\n");
    }
    sb_addf(&t, "%s %s", word, q.buf);
    comment(s, out, CLS_PG_CLASS, oid, 0, t.buf);
    privileges(s, out, word, kind == 'S' ? "SEQUENCE" : "TABLE", q.buf, V(s, Q_REL, r, REL_OWNER), CLS_PG_CLASS, oid);
    sb_release(&t);
    sb_release(&q);
}

static void ddl_attach(const isp *s, int r, strbuf *out)
{
    sb_adds(out, "ALTER TABLE ONLY ");
    rel_qname(s, isp_oid(s, Q_REL, r, REL_PARENT), out);
    sb_adds(out, " ATTACH PARTITION ");
    isp_qname(out, V(s, Q_REL, r, REL_NSP), V(s, Q_REL, r, REL_NAME));
    sb_addf(out, " %s;\n", V(s, Q_REL, r, REL_BOUND));
}

static void ddl_owned(const isp *s, int r, strbuf *out)
{
    ikey k;
    int a = isp_map_row(&s->cols, isp_key(&k, 2, isp_oid(s, Q_REL, r, REL_OWNREL), isp_oid(s, Q_REL, r, REL_OWNCOL), 0));
    if (a < 0)
        return;
    sb_adds(out, "ALTER SEQUENCE ");
    isp_qname(out, V(s, Q_REL, r, REL_NSP), V(s, Q_REL, r, REL_NAME));
    sb_adds(out, " OWNED BY ");
    rel_qname(s, isp_oid(s, Q_REL, r, REL_OWNREL), out);
    sb_addc(out, '.');
    pgident_quote_sb(out, V(s, Q_ATT, a, ATT_NAME));
    sb_adds(out, ";\n");
}

static int relrow_of(const isp *s, isp_query q, int row, int col)
{
    ikey k;
    int r = isp_map_row(&s->rels, isp_key(&k, 1, isp_oid(s, q, row, col), 0, 0));
    assert(r >= 0);
    return r;
}

static void ddl_default(const isp *s, int a, strbuf *out)
{
    int r = relrow_of(s, Q_ATT, a, ATT_REL);
    bool view = V(s, Q_REL, r, REL_KIND)[0] == 'v';
    sb_adds(out, view ? "ALTER VIEW " : "ALTER TABLE ONLY ");
    isp_qname(out, V(s, Q_REL, r, REL_NSP), V(s, Q_REL, r, REL_NAME));
    sb_adds(out, " ALTER COLUMN ");
    pgident_quote_sb(out, V(s, Q_ATT, a, ATT_NAME));
    sb_addf(out, " SET DEFAULT %s;\n", V(s, Q_ATT, a, ATT_DEFAULT));
}

static void ddl_constraint(const isp *s, int c, strbuf *out)
{
    int r = relrow_of(s, Q_CON, c, CON_REL);
    char t = V(s, Q_CON, c, CON_TYPE)[0];
    /* ONLY, except where the constraint must reach the children too: a
     * CHECK, or a foreign key on a partitioned table. */
    bool only = t != 'c' && !(t == 'f' && V(s, Q_REL, r, REL_KIND)[0] == 'p');
    strbuf q = STRBUF_INIT, alter = STRBUF_INIT;
    isp_qname(&q, V(s, Q_REL, r, REL_NSP), V(s, Q_REL, r, REL_NAME));
    sb_addf(&alter, "ALTER TABLE %s%s\n   ", only ? "ONLY " : "", q.buf);
    add_constraint(s, c, alter.buf, q.buf, out);
    constraint_index_tablespace(s, c, out);
    sb_release(&alter);
    sb_release(&q);
}

static void ddl_index(const isp *s, int i, strbuf *out)
{
    sb_addf(out, "%s;\n", V(s, Q_IDX, i, IDX_DEF));
    index_tablespace(s, i, out);
    strbuf t = STRBUF_INIT;
    sb_adds(&t, "INDEX ");
    isp_qname(&t, V(s, Q_IDX, i, IDX_NSP), V(s, Q_IDX, i, IDX_NAME));
    comment(s, out, CLS_PG_CLASS, isp_oid(s, Q_IDX, i, IDX_OID), 0, t.buf);
    sb_release(&t);
}

static void ddl_idxattach(const isp *s, int i, strbuf *out)
{
    ikey k;
    int p = isp_map_row(&s->idxs, isp_key(&k, 1, isp_oid(s, Q_IDX, i, IDX_PARENT), 0, 0));
    assert(p >= 0);
    sb_adds(out, "ALTER INDEX ");
    isp_qname(out, V(s, Q_IDX, p, IDX_NSP), V(s, Q_IDX, p, IDX_NAME));
    sb_adds(out, " ATTACH PARTITION ");
    isp_qname(out, V(s, Q_IDX, i, IDX_NSP), V(s, Q_IDX, i, IDX_NAME));
    sb_adds(out, ";\n");
}

static void ddl_trigger(const isp *s, int t, strbuf *out)
{
    int r = relrow_of(s, Q_TRIG, t, TRG_REL);
    strbuf q = STRBUF_INIT;
    isp_qname(&q, V(s, Q_REL, r, REL_NSP), V(s, Q_REL, r, REL_NAME));
    bool cloned = isp_oid(s, Q_TRIG, t, TRG_PARENT) != 0;
    if (!cloned)
        sb_addf(out, "%s;\n", V(s, Q_TRIG, t, TRG_DEF));
    const char *state = NULL;
    switch (V(s, Q_TRIG, t, TRG_ENABLED)[0]) {
    case 'D': state = "DISABLE"; break;
    case 'R': state = "ENABLE REPLICA"; break;
    case 'A': state = "ENABLE ALWAYS"; break;
    default: state = cloned ? "ENABLE" : NULL; break;
    }
    if (state) {
        sb_addf(out, "ALTER TABLE %s %s TRIGGER ", q.buf, state);
        pgident_quote_sb(out, V(s, Q_TRIG, t, TRG_NAME));
        sb_adds(out, ";\n");
    }
    if (!cloned) {
        strbuf target = STRBUF_INIT;
        sb_adds(&target, "TRIGGER ");
        pgident_quote_sb(&target, V(s, Q_TRIG, t, TRG_NAME));
        sb_addf(&target, " ON %s", q.buf);
        comment(s, out, CLS_PG_TRIGGER, isp_oid(s, Q_TRIG, t, TRG_OID), 0, target.buf);
        sb_release(&target);
    }
    sb_release(&q);
}

static void ddl_policy(const isp *s, int p, strbuf *out)
{
    int r = relrow_of(s, Q_POL, p, POL_REL);
    strbuf q = STRBUF_INIT, name = STRBUF_INIT;
    isp_qname(&q, V(s, Q_REL, r, REL_NSP), V(s, Q_REL, r, REL_NAME));
    pgident_quote_sb(&name, V(s, Q_POL, p, POL_NAME));
    sb_addf(out, "CREATE POLICY %s ON %s", name.buf, q.buf);
    if (!isp_bool(s, Q_POL, p, POL_PERMISSIVE))
        sb_adds(out, " AS RESTRICTIVE");
    switch (V(s, Q_POL, p, POL_CMD)[0]) {
    case 'r': sb_adds(out, " FOR SELECT"); break;
    case 'a': sb_adds(out, " FOR INSERT"); break;
    case 'w': sb_adds(out, " FOR UPDATE"); break;
    case 'd': sb_adds(out, " FOR DELETE"); break;
    default: break;
    }
    const char *roles = V(s, Q_POL, p, POL_ROLES);
    if (roles && *roles && strcmp(roles, "PUBLIC"))
        sb_addf(out, " TO %s", roles);
    if (V(s, Q_POL, p, POL_USING))
        sb_addf(out, " USING (%s)", V(s, Q_POL, p, POL_USING));
    if (V(s, Q_POL, p, POL_CHECK))
        sb_addf(out, " WITH CHECK (%s)", V(s, Q_POL, p, POL_CHECK));
    sb_adds(out, ";\n");
    strbuf target = STRBUF_INIT;
    sb_addf(&target, "POLICY %s ON %s", name.buf, q.buf);
    comment(s, out, CLS_PG_POLICY, isp_oid(s, Q_POL, p, POL_OID), 0, target.buf);
    sb_release(&target);
    sb_release(&name);
    sb_release(&q);
}

void isp_ddl(isp *s, const isp_node *n, strbuf *out)
{
    switch (n->kind) {
    case NK_DROP_PUBLIC: sb_adds(out, "DROP SCHEMA public;\n"); break;
    case NK_SCHEMA: ddl_schema(s, n->row, out); break;
    case NK_EXTENSION: ddl_extension(s, n->row, out); break;
    case NK_TYPE: ddl_type(s, n->row, out); break;
    case NK_DOMCHECK: ddl_domcheck(s, n->row, out); break;
    case NK_FUNC: ddl_func(s, n->row, out); break;
    case NK_REL: ddl_rel(s, n->row, out); break;
    case NK_ATTACH: ddl_attach(s, n->row, out); break;
    case NK_OWNED: ddl_owned(s, n->row, out); break;
    case NK_DEFAULT: ddl_default(s, n->row, out); break;
    case NK_CONSTRAINT: case NK_FK: ddl_constraint(s, n->row, out); break;
    case NK_INDEX: ddl_index(s, n->row, out); break;
    case NK_IDXATTACH: ddl_idxattach(s, n->row, out); break;
    case NK_TRIGGER: ddl_trigger(s, n->row, out); break;
    case NK_POLICY: ddl_policy(s, n->row, out); break;
    case NK_COUNT: assert(!"not a node kind"); break;
    }
}
