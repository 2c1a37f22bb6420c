/* introspect_int: what the introspection files share (see introspect.h).
 *
 *   introspect_sql.c    the batch of catalog queries (one per object kind)
 *   introspect.c        runs it, indexes the rows, makes the graph nodes,
 *                       replays the script
 *   introspect_ddl.c    one node -> the DDL PostgreSQL prints for it
 *   introspect_order.c  the dependency graph and its deterministic order
 *
 * Each query's select list is an X-macro list of (column, expression), so
 * the SQL and the enum that reads its columns cannot drift apart. */
#ifndef SQLC_INTROSPECT_INT_H
#define SQLC_INTROSPECT_INT_H

#include <stdint.h>

#include "hashmap.h"
#include "introspect.h"

/* A SQL expression naming a collation as pg_dump prints it
 * ("pg_catalog.\"C\""), from an expression giving its oid. */
#define ISP_COLLNAME(x)                                                              \
    "(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co " \
    "JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = " x ")"

#define ISP_NSP_COLS(X)                                                        \
    X(NSP_OID, "n.oid")                                                        \
    X(NSP_NAME, "n.nspname")                                                   \
    X(NSP_OWNER, "pg_get_userbyid(n.nspowner)")

#define ISP_EXT_COLS(X)                                                        \
    X(EXT_OID, "x.oid")                                                        \
    X(EXT_NAME, "x.extname")                                                   \
    X(EXT_NSP, "n.nspname")

#define ISP_TYPE_COLS(X)                                                       \
    X(TYP_OID, "t.oid")                                                        \
    X(TYP_NSP, "n.nspname")                                                    \
    X(TYP_NAME, "t.typname")                                                   \
    X(TYP_TYPE, "t.typtype")                                                   \
    X(TYP_ARRAY, "t.typarray")                                                 \
    X(TYP_RELID, "t.typrelid")                                                 \
    X(TYP_BASE, "CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END") \
    X(TYP_NOTNULL, "t.typnotnull")                                             \
    X(TYP_DEFAULT, "CASE WHEN t.typtype = 'd' THEN COALESCE(pg_get_expr(t.typdefaultbin, 0), t.typdefault) END") \
    X(TYP_COLL, "CASE WHEN t.typtype = 'd' AND t.typcollation <> (SELECT b.typcollation FROM pg_type b " \
                "WHERE b.oid = t.typbasetype) THEN " ISP_COLLNAME("t.typcollation") " END") \
    X(TYP_SUBTYPE, "format_type(r.rngsubtype, NULL)")                          \
    X(TYP_OPCLASS, "(SELECT quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) FROM pg_opclass oc " \
                   "JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace WHERE oc.oid = r.rngsubopc AND NOT oc.opcdefault)") \
    X(TYP_RCOLL, "CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> (SELECT s.typcollation FROM pg_type s " \
                 "WHERE s.oid = r.rngsubtype) THEN " ISP_COLLNAME("r.rngcollation") " END") \
    X(TYP_CANONICAL, "CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END") \
    X(TYP_DIFF, "CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END") \
    X(TYP_MULTI, "@multirange")                                               \
    X(TYP_MULTIOID, "@multirangeoid")                                         \
    X(TYP_OWNER, "pg_get_userbyid(t.typowner)")

#define ISP_ENUM_COLS(X)                                                       \
    X(ENUM_TYPE, "e.enumtypid")                                                \
    X(ENUM_LABEL, "e.enumlabel")

#define ISP_FUNC_COLS(X)                                                       \
    X(FN_OID, "p.oid")                                                         \
    X(FN_NSP, "n.nspname")                                                     \
    X(FN_NAME, "p.proname")                                                    \
    X(FN_KIND, "p.prokind")                                                    \
    X(FN_IDARGS, "pg_get_function_identity_arguments(p.oid)")                  \
    X(FN_DEF, "pg_get_functiondef(p.oid)")                                     \
    X(FN_OWNER, "pg_get_userbyid(p.proowner)")

#define ISP_REL_COLS(X)                                                        \
    X(REL_OID, "c.oid")                                                        \
    X(REL_NSP, "n.nspname")                                                    \
    X(REL_NAME, "c.relname")                                                   \
    X(REL_KIND, "c.relkind")                                                   \
    X(REL_PERSIST, "c.relpersistence")                                         \
    X(REL_ISPART, "c.relispartition")                                          \
    X(REL_TYPE, "c.reltype")                                                   \
    X(REL_TYPEARR, "(SELECT t.typarray FROM pg_type t WHERE t.oid = c.reltype)") \
    X(REL_RLS, "c.relrowsecurity")                                             \
    X(REL_FORCERLS, "c.relforcerowsecurity")                                   \
    X(REL_PARTKEY, "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END") \
    X(REL_BOUND, "CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END") \
    X(REL_PARENT, "CASE WHEN c.relispartition THEN (SELECT h.inhparent FROM pg_inherits h WHERE h.inhrelid = c.oid) END") \
    X(REL_OPTIONS, "CASE WHEN c.reloptions IS NOT NULL OR c.reltoastrelid <> 0 THEN "                    \
                   "(SELECT string_agg(o.k || '=' || quote_literal(o.v), ', ') FROM ("                  \
                   "SELECT quote_ident(r.option_name) AS k, r.option_value AS v FROM pg_options_to_table(c.reloptions) r " \
                   "WHERE r.option_name <> 'check_option' UNION ALL "                                     \
                   "SELECT 'toast.' || quote_ident(r.option_name), r.option_value FROM pg_class tc, "    \
                   "pg_options_to_table(tc.reloptions) r WHERE tc.oid = c.reltoastrelid) o) END")        \
    X(REL_CHECKOPT, "(SELECT r.option_value FROM pg_options_to_table(c.reloptions) r WHERE r.option_name = 'check_option')") \
    X(REL_TBLSPC, "(SELECT s.spcname FROM pg_tablespace s WHERE s.oid = c.reltablespace)") \
    X(REL_VIEWDEF, "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END") \
    X(REL_RULE, "(SELECT r.oid FROM pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename = '_RETURN')") \
    X(REL_SEQTYPE, "format_type(s.seqtypid, NULL)")                            \
    X(REL_SEQSTART, "s.seqstart")                                              \
    X(REL_SEQINC, "s.seqincrement")                                            \
    X(REL_SEQMIN, "s.seqmin")                                                  \
    X(REL_SEQMAX, "s.seqmax")                                                  \
    X(REL_SEQCACHE, "s.seqcache")                                              \
    X(REL_SEQCYCLE, "s.seqcycle")                                              \
    X(REL_OWNREL, "d.refobjid")                                                \
    X(REL_OWNCOL, "d.refobjsubid")                                             \
    X(REL_OWNDEP, "d.deptype")                                                 \
    X(REL_OWNER, "pg_get_userbyid(c.relowner)")

#define ISP_ATT_COLS(X)                                                        \
    X(ATT_REL, "a.attrelid")                                                   \
    X(ATT_NUM, "a.attnum")                                                     \
    X(ATT_NAME, "a.attname")                                                   \
    X(ATT_TYPE, "format_type(a.atttypid, a.atttypmod)")                        \
    X(ATT_NOTNULL, "a.attnotnull")                                             \
    X(ATT_DEFOID, "ad.oid")                                                    \
    X(ATT_DEFAULT, "pg_get_expr(ad.adbin, ad.adrelid)")                        \
    X(ATT_IDENTITY, "a.attidentity")                                           \
    X(ATT_GENERATED, "a.attgenerated")                                         \
    X(ATT_COLL, "CASE WHEN a.attcollation <> t.typcollation THEN " ISP_COLLNAME("a.attcollation") " END") \
    X(ATT_LOCAL, "a.attislocal")                                               \
    X(ATT_INHCOUNT, "a.attinhcount")

#define ISP_CON_COLS(X)                                                        \
    X(CON_OID, "co.oid")                                                       \
    X(CON_REL, "co.conrelid")                                                  \
    X(CON_TYPID, "co.contypid")                                                \
    X(CON_NAME, "co.conname")                                                  \
    X(CON_TYPE, "co.contype")                                                  \
    X(CON_DEF, "pg_get_constraintdef(co.oid)")                                 \
    X(CON_VALID, "co.convalidated")                                            \
    X(CON_LOCAL, "co.conislocal")                                              \
    X(CON_PARENT, "co.conparentid")

#define ISP_IDX_COLS(X)                                                        \
    X(IDX_OID, "i.indexrelid")                                                 \
    X(IDX_REL, "i.indrelid")                                                   \
    X(IDX_NSP, "n.nspname")                                                    \
    X(IDX_NAME, "ic.relname")                                                  \
    X(IDX_DEF, "CASE WHEN NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid " \
               "AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x')) THEN pg_get_indexdef(i.indexrelid) END") \
    X(IDX_VALID, "i.indisvalid")                                               \
    X(IDX_PARENT, "(SELECT h.inhparent FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)") \
    X(IDX_CON, "(SELECT co.oid FROM pg_constraint co WHERE co.conindid = i.indexrelid " \
               "AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x'))")          \
    X(IDX_TBLSPC, "(SELECT s.spcname FROM pg_tablespace s WHERE s.oid = ic.reltablespace)")

#define ISP_TRIG_COLS(X)                                                       \
    X(TRG_OID, "t.oid")                                                        \
    X(TRG_REL, "t.tgrelid")                                                    \
    X(TRG_NAME, "t.tgname")                                                    \
    X(TRG_DEF, "pg_get_triggerdef(t.oid)")                                     \
    X(TRG_ENABLED, "t.tgenabled")                                              \
    X(TRG_PARENT, "@tgparentid")

#define ISP_POL_COLS(X)                                                        \
    X(POL_OID, "p.oid")                                                        \
    X(POL_REL, "p.polrelid")                                                   \
    X(POL_NAME, "p.polname")                                                   \
    X(POL_PERMISSIVE, "p.polpermissive")                                       \
    X(POL_CMD, "p.polcmd")                                                     \
    X(POL_ROLES, "array_to_string(ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' " \
                 "ELSE quote_ident(pg_get_userbyid(r)) END FROM unnest(p.polroles) AS r), ', ')") \
    X(POL_USING, "pg_get_expr(p.polqual, p.polrelid)")                         \
    X(POL_CHECK, "pg_get_expr(p.polwithcheck, p.polrelid)")

#define ISP_INH_COLS(X)                                                        \
    X(INH_REL, "h.inhrelid")                                                   \
    X(INH_PARENT, "h.inhparent")

#define ISP_DESC_COLS(X)                                                       \
    X(DESC_CLASS, "d.classoid")                                                \
    X(DESC_OBJ, "d.objoid")                                                    \
    X(DESC_SUB, "d.objsubid")                                                  \
    X(DESC_TEXT, "d.description")

#define ISP_DEP_COLS(X)                                                        \
    X(DEP_CLASS, "d.classid")                                                  \
    X(DEP_OBJ, "d.objid")                                                      \
    X(DEP_REFCLASS, "d.refclassid")                                            \
    X(DEP_REFOBJ, "d.refobjid")                                                \
    X(DEP_TYPE, "d.deptype")

#define ISP_UNSUP_COLS(X)                                                      \
    X(UNS_DESC, "pg_describe_object(x.classid, x.objid, 0)")

/* Owners' grants: one row per object and grantee (privileges only). */
#define ISP_ACL_COLS(X)                                                        \
    X(ACL_CLASS, "x.classid")                                                  \
    X(ACL_OBJ, "x.objid")                                                      \
    X(ACL_GRANTEE, "x.grantee")                                                \
    X(ACL_PRIVS, "x.privs")                                                    \
    X(ACL_GRANTABLE, "x.grantable")

#define ISP_ENUM_ENTRY(name, expr) name,
enum { ISP_NSP_COLS(ISP_ENUM_ENTRY) NSP_NCOLS };
enum { ISP_EXT_COLS(ISP_ENUM_ENTRY) EXT_NCOLS };
enum { ISP_TYPE_COLS(ISP_ENUM_ENTRY) TYP_NCOLS };
enum { ISP_ENUM_COLS(ISP_ENUM_ENTRY) ENUM_NCOLS };
enum { ISP_FUNC_COLS(ISP_ENUM_ENTRY) FN_NCOLS };
enum { ISP_REL_COLS(ISP_ENUM_ENTRY) REL_NCOLS };
enum { ISP_ATT_COLS(ISP_ENUM_ENTRY) ATT_NCOLS };
enum { ISP_CON_COLS(ISP_ENUM_ENTRY) CON_NCOLS };
enum { ISP_IDX_COLS(ISP_ENUM_ENTRY) IDX_NCOLS };
enum { ISP_TRIG_COLS(ISP_ENUM_ENTRY) TRG_NCOLS };
enum { ISP_POL_COLS(ISP_ENUM_ENTRY) POL_NCOLS };
enum { ISP_INH_COLS(ISP_ENUM_ENTRY) INH_NCOLS };
enum { ISP_DESC_COLS(ISP_ENUM_ENTRY) DESC_NCOLS };
enum { ISP_DEP_COLS(ISP_ENUM_ENTRY) DEP_NCOLS };
enum { ISP_UNSUP_COLS(ISP_ENUM_ENTRY) UNS_NCOLS };
enum { ISP_ACL_COLS(ISP_ENUM_ENTRY) ACL_NCOLS };
#undef ISP_ENUM_ENTRY

/* The queries, in the order they are sent. */
typedef enum isp_query {
    Q_NSP, Q_EXT, Q_TYPE, Q_ENUM, Q_FUNC, Q_REL, Q_ATT, Q_CON, Q_IDX, Q_TRIG,
    Q_POL, Q_INH, Q_DESC, Q_DEP, Q_UNSUP, Q_ACL, Q_COUNT
} isp_query;

/* Builds query q for the server version, or returns false when it is not
 * sent (Q_ACL without privileges). */
bool isp_query_sql(isp_query q, int version, const introspect_opts *o, strbuf *out);
/* The number of columns query q returns. */
int isp_query_ncols(isp_query q);
const char *isp_query_name(isp_query q);

/* System catalog oids: fixed by PostgreSQL (pg_class.h & co.), the same
 * in every version. */
enum {
    CLS_PG_TYPE = 1247, CLS_PG_PROC = 1255, CLS_PG_CLASS = 1259,
    CLS_PG_ATTRDEF = 2604, CLS_PG_CONSTRAINT = 2606, CLS_PG_NAMESPACE = 2615,
    CLS_PG_REWRITE = 2618, CLS_PG_TRIGGER = 2620, CLS_PG_EXTENSION = 3079,
    CLS_PG_POLICY = 3256,
};

/* ---- the graph ----------------------------------------------------------- */

/* Node kinds, in the order pg_dump's priorities give them (pg_dump_sort.c):
 * the kind is the first sort key among nodes whose dependencies are met. */
typedef enum isp_kind {
    NK_DROP_PUBLIC, /* the database has no public schema */
    NK_SCHEMA, NK_EXTENSION, NK_TYPE, NK_FUNC, NK_REL, NK_ATTACH, NK_OWNED,
    NK_DEFAULT, NK_DOMCHECK, NK_CONSTRAINT, NK_INDEX, NK_IDXATTACH,
    NK_TRIGGER, NK_FK, NK_POLICY, NK_COUNT
} isp_kind;

typedef struct isp_node {
    isp_kind kind;
    int row;            /* the row of the kind's query it prints */
    char *key;          /* tie-break: "schema\x1fname\x1fsub" */
    int *deps;          /* nodes that must come first: first the structural
                           ones (a default needs its table), then those
                           pg_depend gives, which are recomputed when a
                           CHECK is split out of its table */
    size_t ndeps, deps_alloc;
    long nstruct;       /* how many deps are structural; -1 until known */
} isp_node;

typedef struct isp {
    const introspect_opts *o;
    int version;
    PGresult *res[Q_COUNT];
    isp_node *nodes;
    size_t nnodes, nodes_alloc;
    hashmap objs;       /* "class:oid" -> node + 1: what pg_depend rows name */
    hashmap rels;       /* "oid" -> Q_REL row + 1 */
    hashmap cols;       /* "reloid:attnum" -> Q_ATT row + 1 */
    hashmap idxs;       /* "oid" -> Q_IDX row + 1 */
    hashmap groups[Q_COUNT]; /* owner oid -> first row + 1 (rows sorted by owner) */
    hashmap domcons;    /* domain oid -> first Q_CON row + 1 */
    hashmap members;    /* "class:oid" of an extension member -> its extension's node + 1 */
    hashmap comments;   /* "class:oid:sub" -> description (borrowed) */
    hashmap identity;   /* "reloid:attnum" -> Q_REL row + 1 of an identity sequence */
    hashmap acl;        /* "class:oid" -> first Q_ACL row + 1 */
    bool *con_split;    /* per Q_CON row: a CHECK printed by itself */
    bool *att_inline;   /* per Q_ATT row: its default is printed in CREATE TABLE */
    bool *family;       /* per Q_REL row: in an inheritance tree or partitioned */
    bool *rel_skip;     /* per Q_REL row: left out (excluded table, its sequences) */
    strvec invalid;     /* indexes to mark invalid: "schema\x1fname" */
} isp;

/* Map keys for oids and numbers: "a", "a:b" or "a:b:c" in decimal, built
 * without printf (the maps are read tens of thousands of times). */
typedef struct ikey {
    char s[48];
} ikey;
const char *isp_key(ikey *k, int nparts, unsigned a, unsigned b, unsigned c);

/* Row helpers. */
const char *isp_val(const isp *s, isp_query q, int row, int col);   /* NULL when SQL NULL */
bool isp_bool(const isp *s, isp_query q, int row, int col);
unsigned isp_oid(const isp *s, isp_query q, int row, int col);
int isp_rows(const isp *s, isp_query q);
/* Looks up a "row + 1" map entry: the row or -1. */
int isp_map_row(const hashmap *m, const char *key);
/* The rows of q owned by owner, q being sorted by ownercol and m mapping
 * owners to their first row: returns the first row and sets count (0 when
 * there are none). */
int isp_group(const isp *s, const hashmap *m, isp_query q, int ownercol, unsigned owner, int *count);
/* The number of statements introspect_batch_sql sends before the first
 * query. */
int isp_prelude_count(void);
/* Splits out the CHECK constraints and defaults printed inside a CREATE
 * TABLE still waiting in a stalled sort (waiting[node]) whose
 * dependencies wait too; returns how many (introspect.c). */
int isp_split_inline(isp *s, const bool *waiting);

/* Is constraint row con printed inside its table's CREATE TABLE?  CHECKs
 * as pg_dump prints them (valid, local or on a partition); primary key,
 * unique and exclusion constraints of tables outside inheritance trees;
 * none that isp_split_inline split out. */
bool isp_con_inline(const isp *s, int con, int relrow);

/* Graph (introspect_order.c). */
int isp_node_add(isp *s, isp_kind kind, int row, const char *schema, const char *name, const char *sub);
void isp_dep_add(isp *s, int node, int target);
/* Maps a catalog object (class oid, object oid) to a node. */
void isp_obj_map(isp *s, unsigned cls, unsigned oid, int node);
int isp_obj_node(const isp *s, unsigned cls, unsigned oid);
/* Adds the edges pg_depend gives (Q_DEP, deptype 'n'; extension members
 * count as their extension). */
void isp_deps_from_pg_depend(isp *s);
/* Orders the nodes: every node after its dependencies, ties broken by
 * kind then key.  CHECK constraints printed inside CREATE TABLE that close
 * a cycle are split out (isp_split_inline) and the sort redone; any cycle left
 * is broken at its first node with a warning in dl.  Returns the order
 * (s->nnodes entries; free it). */
int *isp_order(isp *s, diaglist *dl);

/* DDL (introspect_ddl.c): appends the statements of node n. */
void isp_ddl(isp *s, const isp_node *n, strbuf *out);
/* "schema.name", each part quoted as quote_ident would. */
void isp_qname(strbuf *sb, const char *schema, const char *name);

#endif
