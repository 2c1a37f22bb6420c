/* introspect_sql: the catalog queries introspection sends, one per object
 * kind, and the batch that wraps them.
 *
 * Design: every query is set-based (all tables' columns in one query, all
 * constraints in another, ...), so the number of round trips does not grow
 * with the schema; in fact the whole batch goes out as one simple-protocol
 * message and comes back as one result per statement.  The batch opens
 * `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`, so every query sees
 * one snapshot and none can write, and sets, for that transaction only,
 * what makes the server print names and values as pg_dump has them
 * printed: an empty search_path (every name is schema-qualified), ISO
 * dates, postgres interval style, shortest-exact floats, UTF-8.
 *
 * Templates: "$F" is the schema filter on the alias n (system schemas out,
 * then --schema / --exclude-schema); "$E{class:expr}" excludes members of
 * extensions (pg_depend deptype 'e'); "$I{class:expr}" also internal
 * parts of other objects (deptype 'i': a range type's constructor
 * functions, the cast to its multirange), which their owner's DDL makes
 * (not for pg_class: a partitioned table depends internally on its own key
 * columns); "@name" in a select list is a
 * column whose expression depends on the server version (vexpr()). */
#include "introspect_int.h"

#include <assert.h>
#include <string.h>

#include "version_table.h"

#define ISP_EXPR(name, expr) expr,
static const char *const nsp_cols[] = {ISP_NSP_COLS(ISP_EXPR)};
static const char *const ext_cols[] = {ISP_EXT_COLS(ISP_EXPR)};
static const char *const type_cols[] = {ISP_TYPE_COLS(ISP_EXPR)};
static const char *const enum_cols[] = {ISP_ENUM_COLS(ISP_EXPR)};
static const char *const func_cols[] = {ISP_FUNC_COLS(ISP_EXPR)};
static const char *const rel_cols[] = {ISP_REL_COLS(ISP_EXPR)};
static const char *const att_cols[] = {ISP_ATT_COLS(ISP_EXPR)};
static const char *const con_cols[] = {ISP_CON_COLS(ISP_EXPR)};
static const char *const idx_cols[] = {ISP_IDX_COLS(ISP_EXPR)};
static const char *const trig_cols[] = {ISP_TRIG_COLS(ISP_EXPR)};
static const char *const pol_cols[] = {ISP_POL_COLS(ISP_EXPR)};
static const char *const inh_cols[] = {ISP_INH_COLS(ISP_EXPR)};
static const char *const desc_cols[] = {ISP_DESC_COLS(ISP_EXPR)};
static const char *const dep_cols[] = {ISP_DEP_COLS(ISP_EXPR)};
static const char *const unsup_cols[] = {ISP_UNSUP_COLS(ISP_EXPR)};
static const char *const acl_cols[] = {ISP_ACL_COLS(ISP_EXPR)};
#undef ISP_EXPR

#define COLS(a) a, (int)(sizeof(a) / sizeof(a[0]))

/* Kinds the catalog does not model, found so that each can be reported
 * (the statement that makes one in a history is "unsupported" too).  The
 * first group is per schema; the second has no schema and is only looked
 * for when no --schema filter narrows the run. */
static const char UNSUP_IN_SCHEMA[] =
    "SELECT 'pg_proc'::regclass AS classid, p.oid AS objid FROM pg_proc p "
    "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prokind = 'a' AND $F "
    "UNION ALL SELECT 'pg_class'::regclass, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE (c.relkind = 'f' OR (c.reloftype <> 0 AND c.relkind IN ('r', 'p'))) AND $F "
    "UNION ALL SELECT 'pg_type'::regclass, t.oid FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE (t.typtype = 'p' OR (t.typtype = 'b' AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid))) AND $F "
    "UNION ALL SELECT 'pg_rewrite'::regclass, r.oid FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE r.rulename <> '_RETURN' AND $F "
    "UNION ALL SELECT 'pg_operator'::regclass, o.oid FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE $F "
    "UNION ALL SELECT 'pg_opclass'::regclass, o.oid FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace WHERE $F "
    "UNION ALL SELECT 'pg_opfamily'::regclass, o.oid FROM pg_opfamily o JOIN pg_namespace n ON n.oid = o.opfnamespace WHERE $F "
    "UNION ALL SELECT 'pg_collation'::regclass, o.oid FROM pg_collation o JOIN pg_namespace n ON n.oid = o.collnamespace WHERE $F "
    "UNION ALL SELECT 'pg_conversion'::regclass, o.oid FROM pg_conversion o JOIN pg_namespace n ON n.oid = o.connamespace WHERE $F "
    "UNION ALL SELECT 'pg_statistic_ext'::regclass, o.oid FROM pg_statistic_ext o JOIN pg_namespace n ON n.oid = o.stxnamespace WHERE $F "
    "UNION ALL SELECT 'pg_ts_config'::regclass, o.oid FROM pg_ts_config o JOIN pg_namespace n ON n.oid = o.cfgnamespace WHERE $F "
    "UNION ALL SELECT 'pg_ts_dict'::regclass, o.oid FROM pg_ts_dict o JOIN pg_namespace n ON n.oid = o.dictnamespace WHERE $F "
    "UNION ALL SELECT 'pg_ts_parser'::regclass, o.oid FROM pg_ts_parser o JOIN pg_namespace n ON n.oid = o.prsnamespace WHERE $F "
    "UNION ALL SELECT 'pg_ts_template'::regclass, o.oid FROM pg_ts_template o JOIN pg_namespace n ON n.oid = o.tmplnamespace WHERE $F";
static const char UNSUP_GLOBAL[] =
    " UNION ALL SELECT 'pg_cast'::regclass, oid FROM pg_cast WHERE oid >= 16384"
    " UNION ALL SELECT 'pg_event_trigger'::regclass, oid FROM pg_event_trigger"
    " UNION ALL SELECT 'pg_publication'::regclass, oid FROM pg_publication"
    " UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass, oid FROM pg_foreign_data_wrapper"
    " UNION ALL SELECT 'pg_foreign_server'::regclass, oid FROM pg_foreign_server"
    " UNION ALL SELECT 'pg_language'::regclass, oid FROM pg_language WHERE oid >= 16384"
    " UNION ALL SELECT 'pg_transform'::regclass, oid FROM pg_transform"
    " UNION ALL SELECT 'pg_am'::regclass, oid FROM pg_am WHERE oid >= 16384"
    " UNION ALL SELECT 'pg_default_acl'::regclass, oid FROM pg_default_acl";

/* Grants that differ from the owner's defaults, one row per object and
 * grantee, privileges in pg_dump's order, or "ALL" when the grantee holds
 * every one of several privileges the owner has (acldefault): a function's
 * lone EXECUTE stays EXECUTE, as a history would have written it. */
static const char ACL_FROM[] =
    "(SELECT o.classid, o.objid, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee, "
    "CASE WHEN count(*) > 1 AND count(*) = (SELECT count(*) FROM aclexplode(acldefault(o.kind, o.owner)) d WHERE d.grantee = o.owner) "
    "THEN 'ALL' ELSE string_agg(a.privilege_type, ',' ORDER BY array_position(ARRAY['USAGE', 'SELECT', 'INSERT', "
    "'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN', 'CREATE', 'EXECUTE'], a.privilege_type)) END AS privs, "
    "a.is_grantable AS grantable FROM ("
    "SELECT 'pg_namespace'::regclass::oid AS classid, n.oid AS objid, 'n'::\"char\" AS kind, n.nspowner AS owner, n.nspacl AS acl "
    "FROM pg_namespace n WHERE $F "
    "UNION ALL SELECT 'pg_class'::regclass::oid, c.oid, CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner, c.relacl "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND $F "
    "UNION ALL SELECT 'pg_type'::regclass::oid, t.oid, 'T', t.typowner, t.typacl "
    "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype IN ('e', 'd', 'r', 'c') AND $F "
    "UNION ALL SELECT 'pg_proc'::regclass::oid, p.oid, 'f', p.proowner, p.proacl "
    "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE $F"
    ") o, aclexplode(o.acl) a "
    "WHERE a.grantee <> o.owner AND (a.grantee, a.privilege_type) NOT IN "
    "(SELECT d.grantee, d.privilege_type FROM aclexplode(acldefault(o.kind, o.owner)) d) "
    "GROUP BY o.classid, o.objid, o.kind, o.owner, a.grantee, a.is_grantable) x "
    "ORDER BY x.classid, x.objid, x.grantee, x.grantable";

typedef struct qdef {
    const char *name;
    const char *const *cols;
    int ncols;
    const char *from; /* FROM ... WHERE ... ORDER BY ..., with templates */
} qdef;

static const qdef queries[Q_COUNT] = {
    [Q_NSP] = {"schemas", COLS(nsp_cols),
               "pg_namespace n WHERE $F AND $E{pg_namespace:n.oid}"},
    [Q_EXT] = {"extensions", COLS(ext_cols),
               "pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.oid >= 16384 AND $F"},
    [Q_TYPE] = {"types", COLS(type_cols),
                "pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_range r ON r.rngtypid = t.oid "
                "WHERE $F AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND "
                "(SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')) AND $I{pg_type:t.oid}"},
    [Q_ENUM] = {"enum labels", COLS(enum_cols),
                "pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace "
                "WHERE $F ORDER BY e.enumtypid, e.enumsortorder"},
    [Q_FUNC] = {"functions", COLS(func_cols),
                "pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE $F AND p.prokind <> 'a' AND $I{pg_proc:p.oid}"},
    [Q_REL] = {"relations", COLS(rel_cols),
               "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
               "LEFT JOIN pg_sequence s ON s.seqrelid = c.oid "
               "LEFT JOIN pg_depend d ON c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid "
               "AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i') "
               "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.reloftype = 0 AND $F AND $E{pg_class:c.oid}"},
    [Q_ATT] = {"columns", COLS(att_cols),
               "pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
               "JOIN pg_type t ON t.oid = a.atttypid "
               "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
               "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'c') AND $F "
               "ORDER BY a.attrelid, a.attnum"},
    [Q_CON] = {"constraints", COLS(con_cols),
               "pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace "
               "WHERE co.contype IN ('p', 'u', 'f', 'c', 'x') AND $F ORDER BY co.conrelid, co.contypid, co.conname"},
    [Q_IDX] = {"indexes", COLS(idx_cols),
               "pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace "
               "WHERE $F ORDER BY i.indrelid, ic.relname"},
    [Q_TRIG] = {"triggers", COLS(trig_cols), "@triggers"},
    [Q_POL] = {"policies", COLS(pol_cols),
               "pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE $F ORDER BY p.polrelid, p.polname"},
    [Q_INH] = {"inheritance", COLS(inh_cols),
               "pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND $F ORDER BY h.inhrelid, h.inhseqno"},
    [Q_DESC] = {"comments", COLS(desc_cols),
                "pg_description d WHERE d.objoid >= 16384 OR d.classoid = 'pg_namespace'::regclass"},
    [Q_DEP] = {"dependencies", COLS(dep_cols),
               "pg_depend d WHERE (d.deptype = 'n' AND d.objid >= 16384 AND d.refobjid >= 16384) OR d.deptype = 'e'"},
    [Q_UNSUP] = {"unsupported objects", COLS(unsup_cols), "@unsupported"},
    [Q_ACL] = {"privileges", COLS(acl_cols), "@acl"},
};

/* PG 13 added pg_trigger.tgparentid; before, a trigger cloned onto a
 * partition was marked tgisinternal. */
static const char TRIG_FROM_13[] =
    "pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_trigger u ON u.oid = t.tgparentid "
    "WHERE $F AND ((NOT t.tgisinternal AND t.tgparentid = 0) OR (t.tgparentid <> 0 AND t.tgenabled <> u.tgenabled)) "
    "ORDER BY t.tgrelid, t.tgname";
static const char TRIG_FROM_12[] =
    "pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE $F AND NOT t.tgisinternal ORDER BY t.tgrelid, t.tgname";

static const char *vexpr(const char *name, int version)
{
    if (!strcmp(name, "@multirange")) /* pg_range.rngmultitypid: PG 14 */
        return version >= 140000 ? "format_type(r.rngmultitypid, NULL)" : "NULL::text";
    if (!strcmp(name, "@multirangeoid"))
        return version >= 140000 ? "r.rngmultitypid" : "0::oid";
    if (!strcmp(name, "@tgparentid"))
        return version >= 130000 ? "t.tgparentid" : "0::oid";
    assert(!"unknown version-dependent column");
    return "NULL";
}

static void name_list(strbuf *out, const strvec *v)
{
    for (size_t i = 0; i < v->n; i++) {
        sb_adds(out, i ? ", " : "");
        sql_literal(out, v->v[i]);
    }
}

static void schema_filter(strbuf *out, const introspect_opts *o)
{
    sb_adds(out, "(n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'");
    if (o->schemas.n) {
        sb_adds(out, " AND n.nspname IN (");
        name_list(out, &o->schemas);
        sb_addc(out, ')');
    }
    if (o->exclude_schemas.n) {
        sb_adds(out, " AND n.nspname NOT IN (");
        name_list(out, &o->exclude_schemas);
        sb_addc(out, ')');
    }
    sb_addc(out, ')');
}

/* Expands $F and $E{class:expr}. */
static void expand(strbuf *out, const char *t, const introspect_opts *o)
{
    while (*t) {
        if (t[0] == '$' && t[1] == 'F') {
            schema_filter(out, o);
            t += 2;
        } else if (t[0] == '$' && (t[1] == 'E' || t[1] == 'I') && t[2] == '{') {
            const char *colon = strchr(t, ':'), *end = strchr(t, '}');
            assert(colon && end && colon < end);
            sb_addf(out, "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '%.*s'::regclass "
                         "AND e.objid = %.*s AND e.deptype %s)",
                    (int)(colon - t - 3), t + 3, (int)(end - colon - 1), colon + 1,
                    t[1] == 'E' ? "= 'e'" : "IN ('e', 'i')");
            t = end + 1;
        } else {
            sb_addc(out, *t++);
        }
    }
}

const char *isp_query_name(isp_query q)
{
    return queries[q].name;
}

int isp_query_ncols(isp_query q)
{
    return queries[q].ncols;
}

bool isp_query_sql(isp_query q, int version, const introspect_opts *o, strbuf *out)
{
    const qdef *d = &queries[q];
    if (q == Q_ACL && !o->privileges)
        return false;
    sb_adds(out, "SELECT ");
    for (int i = 0; i < d->ncols; i++) {
        const char *e = d->cols[i];
        sb_adds(out, i ? ", " : "");
        sb_adds(out, e[0] == '@' ? vexpr(e, version) : e);
    }
    sb_adds(out, " FROM ");
    if (q == Q_TRIG) {
        expand(out, version >= 130000 ? TRIG_FROM_13 : TRIG_FROM_12, o);
    } else if (q == Q_UNSUP) {
        sb_adds(out, "(");
        expand(out, UNSUP_IN_SCHEMA, o);
        if (!o->schemas.n)
            sb_adds(out, UNSUP_GLOBAL);
        sb_adds(out, ") x WHERE NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = x.classid "
                     "AND e.objid = x.objid AND e.deptype IN ('e', 'i')) ORDER BY 1");
    } else if (q == Q_ACL) {
        expand(out, ACL_FROM, o);
    } else {
        expand(out, d->from, o);
    }
    return true;
}

/* One snapshot, and nothing may write.  The settings are LOCAL: they end
 * with the transaction and never leak into the caller's session. */
static const char *const prelude[] = {
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    "SELECT pg_catalog.set_config('search_path', '', true)",
    "SET LOCAL client_encoding = 'UTF8'",
    "SET LOCAL standard_conforming_strings = on",
    "SET LOCAL DateStyle = 'ISO'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 3",
    "SET LOCAL quote_all_identifiers = off",
};

int isp_prelude_count(void)
{
    return (int)(sizeof(prelude) / sizeof(prelude[0]));
}

void introspect_batch_sql(int version, const introspect_opts *o, strbuf *out)
{
    for (int i = 0; i < isp_prelude_count(); i++)
        sb_addf(out, "%s;\n", prelude[i]);
    for (int q = 0; q < Q_COUNT; q++) {
        if (isp_query_sql((isp_query)q, version, o, out))
            sb_adds(out, ";\n");
    }
    sb_adds(out, "COMMIT;\n");
}
