/* catalog: the one model of a PostgreSQL schema.
 *
 * Replay fills it from revision ASTs, the pg_dump reader fills it by
 * replaying a dump, live introspection fills it from pg_catalog, and the
 * diff compares two of them.  It is shaped after PostgreSQL's own catalogs,
 * simplified to what a schema *means*:
 *
 *   catalog
 *     schemas            pg_namespace
 *     rels               pg_class: tables, partitioned tables, views,
 *                        materialized views, sequences
 *       columns          pg_attribute + pg_attrdef
 *       constraints      pg_constraint (PK, unique, FK, check, exclusion)
 *       indexes          pg_index (tables and materialized views)
 *       triggers         pg_trigger
 *       policies         pg_policy
 *     types              pg_type: enum, composite, domain, range
 *     funcs              pg_proc: functions, procedures, aggregates
 *     extensions         pg_extension
 *
 * Every object starts with a cat_obj header: its kind, parent, comment,
 * owner, privileges, the file:line of the statement that last changed it,
 * and its *dependencies*: pointers to the objects it needs (a view to the
 * columns it reads, a default to its sequence, a trigger to its function).
 * Dependencies are pointers, not names, so renames never have to chase
 * them; the invariant that makes this safe is that an object is freed only
 * after every object depending on it is gone (cat_drop enforces RESTRICT or
 * CASCADE exactly like pg_depend does).
 *
 * Expressions (defaults, checks, index expressions, WHERE clauses, view
 * queries, generated columns, policy quals, trigger WHEN) are stored as
 * canonical text: the normalised AST deparsed by libpg_query (see canon.h).
 * Parsing that text gives the canonical AST back, so the text is both the
 * comparison key and a faithful carrier of the tree. */
#ifndef SQLC_CATALOG_H
#define SQLC_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

#include <pg_query/pg_query.pb-c.h>

#include "hashmap.h"
#include "util.h"

typedef enum obj_kind {
    OBJ_SCHEMA,
    OBJ_REL,        /* see cat_rel.relkind */
    OBJ_COLUMN,
    OBJ_CONSTRAINT,
    OBJ_INDEX,
    OBJ_TRIGGER,
    OBJ_POLICY,
    OBJ_TYPE,
    OBJ_FUNCTION,
    OBJ_EXTENSION,
} obj_kind;

typedef struct cat_loc {
    const char *path; /* interned in the catalog; NULL when unknown */
    int line;
} cat_loc;

typedef struct cat_obj cat_obj;

/* A dependency, as pg_depend records it. */
typedef struct cat_dep {
    cat_obj *target;
    char how; /* DEP_NORMAL, DEP_AUTO or DEP_DEFAULT */
} cat_dep;

enum {
    DEP_NORMAL = 'n',  /* RESTRICT blocks the drop; CASCADE drops the dependent */
    DEP_AUTO = 'a',    /* the dependent goes silently (an index on a dropped column) */
    DEP_DEFAULT = 'd', /* a column default reads it: CASCADE removes only the default */
};

struct cat_obj {
    obj_kind kind;
    cat_obj *parent;   /* owning object: the table of a column, ... */
    char *comment;     /* COMMENT ON, or NULL */
    char *owner;       /* ALTER ... OWNER TO, or NULL */
    strvec acl;        /* "GRANT SELECT ON ... TO role" lines, canonical */
    cat_loc loc;       /* the statement that last changed it */
    cat_dep *deps;     /* what this object needs */
    size_t ndeps, deps_alloc;
    char *ext;         /* member of this extension (pg_depend 'e'), or NULL */
    bool dropping;     /* scratch mark used by cat_drop */
    uint64_t serial;   /* creation order, unique in the process: lint tells
                          the objects a revision made from older ones by it */
};

typedef struct cat_schema {
    cat_obj obj;
    char *name;
} cat_schema;

typedef struct cat_column {
    cat_obj obj;
    char *name;
    char *type;        /* format_type text; user types schema-qualified */
    bool not_null;
    char *default_expr;/* canonical, or NULL */
    char *collation;   /* explicit COLLATE, or NULL */
    char identity;     /* 0, 'a' ALWAYS, 'd' BY DEFAULT */
    char *generated;   /* GENERATED ALWAYS AS (expr) STORED, canonical */
    bool is_local;     /* false for columns only inherited */
    int inh_count;     /* number of parents it is inherited from */
} cat_column;

typedef enum con_type {
    CON_PRIMARY = 'p',
    CON_UNIQUE = 'u',
    CON_FOREIGN = 'f',
    CON_CHECK = 'c',
    CON_EXCLUDE = 'x',
} con_type;

typedef struct cat_constraint {
    cat_obj obj;
    char *name;
    char type;           /* con_type */
    strvec columns;      /* key columns (PK, unique, FK local side) */
    strvec include;      /* INCLUDE columns */
    char *expr;          /* CHECK expression, canonical */
    char *exclusion;     /* EXCLUDE USING ... (elems) [WHERE], canonical */
    bool deferrable, deferred;
    bool not_valid;
    bool no_inherit;
    bool nulls_not_distinct;
    bool is_local;       /* false when only inherited */
    /* foreign keys */
    struct cat_rel *ref;
    strvec ref_columns;
    char match;          /* 's' simple, 'f' full, 'p' partial */
    char on_update, on_delete; /* 'a' no action, 'r' restrict, 'c' cascade, 'n' set null, 'd' set default */
    strvec on_delete_columns;  /* ON DELETE SET NULL (cols) */
    struct cat_index *index;   /* backing index of PK/unique/exclusion */
    strvec index_options;      /* WITH (...) of the backing index */
} cat_constraint;

typedef struct cat_index {
    cat_obj obj;
    char *name;
    bool unique, nulls_not_distinct;
    char *method;        /* "btree", "gin", ... */
    strvec elems;        /* canonical element text: col or (expr), opclass, order */
    strvec include;
    char *where;         /* canonical, or NULL */
    strvec options;      /* reloptions "key=value" */
    char *tablespace;
    cat_constraint *constraint; /* owning constraint, or NULL */
    bool invalid;        /* never true after replay; introspection may set it */
} cat_index;

typedef struct cat_trigger {
    cat_obj obj;
    char *name;
    char timing;         /* 'B' before, 'A' after, 'I' instead of */
    int events;          /* TRIG_* bits */
    strvec update_columns;
    bool for_each_row;
    char *when;          /* canonical, or NULL */
    struct cat_func *func;
    strvec args;
    bool is_constraint;
    bool deferrable, deferred;
    char *constr_ref;    /* FROM table of a constraint trigger, qualified */
    char *old_table, *new_table; /* REFERENCING transition table names */
    char enabled;        /* 'O' origin (default), 'D' disabled, 'R' replica, 'A' always */
} cat_trigger;

enum { TRIG_INSERT = 1, TRIG_DELETE = 2, TRIG_UPDATE = 4, TRIG_TRUNCATE = 8 };

typedef struct cat_policy {
    cat_obj obj;
    char *name;
    bool permissive;
    char cmd;            /* '*' all, 'r' select, 'a' insert, 'w' update, 'd' delete */
    strvec roles;        /* "public" when none given */
    char *using_expr, *check_expr;
} cat_policy;

typedef struct cat_seqopts {
    char *type;          /* "bigint" unless AS given */
    int64_t start, increment, min, max, cache;
    bool cycle;
} cat_seqopts;

typedef struct cat_rel {
    cat_obj obj;
    cat_schema *schema;
    char *name;
    char relkind;        /* 'r' table, 'p' partitioned table, 'v' view, 'm' matview, 'S' sequence */
    bool unlogged;
    cat_column **cols;   /* in attnum order; dropped columns are removed */
    size_t ncols, cols_alloc;
    cat_constraint **cons;
    size_t ncons, cons_alloc;
    cat_index **idx;
    size_t nidx, idx_alloc;
    cat_trigger **trig;
    size_t ntrig, trig_alloc;
    cat_policy **pol;
    size_t npol, pol_alloc;
    strvec options;      /* reloptions "key=value" */
    char *tablespace;
    /* partitioning and inheritance */
    char *partition_key; /* "RANGE (created_at)", canonical */
    struct cat_rel *partition_of;
    char *partition_bound; /* "FOR VALUES ..." or "DEFAULT", canonical */
    struct cat_rel **inherits;
    size_t ninherits;
    /* row-level security */
    bool rls_enabled, rls_forced;
    /* views and materialized views */
    char *query;         /* canonical SELECT; NULL while query_ast holds it */
    PgQuery__Node *query_ast; /* canonical tree awaiting deparse (owned) */
    char *check_option;  /* "local", "cascaded" or NULL */
    bool with_no_data;   /* matview created WITH NO DATA */
    /* sequences */
    cat_seqopts seq;
    cat_column *owned_by; /* OWNED BY column, or NULL */
    bool identity_seq;   /* the implicit sequence of an identity column */
} cat_rel;

typedef struct cat_type {
    cat_obj obj;
    cat_schema *schema;
    char *name;
    char typkind;        /* 'e' enum, 'c' composite, 'd' domain, 'r' range */
    strvec labels;       /* enum labels in sort order */
    cat_column **attrs;  /* composite attributes */
    size_t nattrs, attrs_alloc;
    /* domains */
    char *base_type;
    bool not_null;
    char *default_expr;
    char *collation;
    cat_constraint **checks; /* domain CHECK constraints (type 'c') */
    size_t nchecks, checks_alloc;
    /* ranges */
    char *subtype, *subtype_opclass, *canonical_fn, *subtype_diff_fn, *multirange;
} cat_type;

typedef struct cat_funcarg {
    char mode;           /* 'i' in, 'o' out, 'b' inout, 'v' variadic, 't' table */
    char *name;          /* or NULL */
    char *type;
    char *default_expr;  /* canonical, or NULL */
} cat_funcarg;

typedef struct cat_func {
    cat_obj obj;
    cat_schema *schema;
    char *name;
    char prokind;        /* 'f' function, 'p' procedure, 'a' aggregate, 'w' window */
    cat_funcarg *args;
    size_t nargs;
    char *identity;      /* "name(type, type)": input types only, the lookup key */
    char *returns;       /* "integer", "SETOF text", "TABLE(a integer)", "trigger"; NULL for procedures */
    char *language;
    char *body;          /* prosrc as written between the quotes, or the
                            canonical BEGIN ATOMIC body; C: "obj_file symbol" */
    char volatility;     /* 'v', 's', 'i' */
    bool strict, security_definer, leakproof;
    char parallel;       /* 'u', 's', 'r' */
    double cost, rows;   /* 0 = default */
    strvec set_options;  /* "search_path=public" */
    strvec transforms;
} cat_func;

typedef struct cat_extension {
    cat_obj obj;
    char *name;
    char *schema;        /* WITH SCHEMA, or NULL */
    char *version;       /* VERSION, or NULL */
} cat_extension;

typedef struct catalog {
    cat_schema **schemas;
    size_t nschemas, schemas_alloc;
    cat_rel **rels;
    size_t nrels, rels_alloc;
    cat_type **types;
    size_t ntypes, types_alloc;
    cat_func **funcs;
    size_t nfuncs, funcs_alloc;
    cat_extension **exts;
    size_t nexts, exts_alloc;
    /* Lookup maps, keyed by cat_key(): "schema\x1fname" (functions add
     * their identity). */
    hashmap schema_map, rel_map, index_map, type_map, func_map, ext_map;
    hashmap paths;       /* interned file paths for cat_loc */
    strvec search_path;  /* current search_path, "$user" kept literally */
} catalog;

catalog *catalog_new(void);
void catalog_free(catalog *c);
/* The serial of the newest object made so far (cat_obj.serial). */
uint64_t cat_serial_now(void);

/* Map key for schema-qualified names; the separator cannot appear in a
 * quoted identifier that PostgreSQL would accept in practice. */
char *cat_key(const char *schema, const char *name);
const char *cat_intern_path(catalog *c, const char *path);

cat_schema *cat_schema_get(const catalog *c, const char *name);
cat_schema *cat_schema_add(catalog *c, const char *name);
cat_rel *cat_rel_get(const catalog *c, const char *schema, const char *name);
cat_index *cat_index_get(const catalog *c, const char *schema, const char *name);
cat_type *cat_type_get(const catalog *c, const char *schema, const char *name);
cat_func *cat_func_get(const catalog *c, const char *schema, const char *identity);
cat_extension *cat_ext_get(const catalog *c, const char *name);
/* First schema of the search path that exists (where CREATE puts an
 * unqualified name), or NULL. */
cat_schema *cat_creation_schema(const catalog *c);
/* Resolves an unqualified relation/type name through the search path
 * (pg_catalog types are not in the catalog and are not found here). */
cat_rel *cat_rel_lookup(const catalog *c, const char *schema, const char *name);
cat_type *cat_type_lookup(const catalog *c, const char *schema, const char *name);
cat_index *cat_index_lookup(const catalog *c, const char *schema, const char *name);
/* Is name used in schema's pg_class namespace (relations, indexes,
 * composite types)?  Used for generated names and for CREATE errors. */
bool cat_relname_taken(const catalog *c, const cat_schema *s, const char *name);

cat_rel *cat_rel_new(catalog *c, cat_schema *s, const char *name, char relkind);
cat_column *cat_column_add(cat_rel *r, const char *name, const char *type);
cat_column *cat_column_get(const cat_rel *r, const char *name);
cat_constraint *cat_constraint_add(cat_rel *r, const char *name, char type);
cat_constraint *cat_constraint_get(const cat_rel *r, const char *name);
cat_index *cat_index_add(catalog *c, cat_rel *r, const char *name);
cat_trigger *cat_trigger_add(cat_rel *r, const char *name);
cat_trigger *cat_trigger_get(const cat_rel *r, const char *name);
cat_policy *cat_policy_add(cat_rel *r, const char *name);
cat_policy *cat_policy_get(const cat_rel *r, const char *name);
cat_type *cat_type_new(catalog *c, cat_schema *s, const char *name, char typkind);
cat_func *cat_func_new(catalog *c, cat_schema *s, const char *name, const char *identity);
cat_extension *cat_ext_new(catalog *c, const char *name);

/* Renames keep every map and pointer consistent. */
void cat_rel_rename(catalog *c, cat_rel *r, const char *name);
void cat_rel_set_schema(catalog *c, cat_rel *r, cat_schema *s);
void cat_index_rename(catalog *c, cat_index *i, const char *name);
void cat_type_rename(catalog *c, cat_type *t, const char *name);
void cat_func_rename(catalog *c, cat_func *f, const char *name, const char *identity);

/* Records that o depends on target (duplicates are ignored). */
void cat_dep_add(cat_obj *o, cat_obj *target, char how);
/* Forgets o's dependencies of one kind (how), or all when how is 0. */
void cat_deps_clear(cat_obj *o, char how);

/* Drops o (and, with cascade, everything that depends on it).  Without
 * cascade, fails like PostgreSQL when another object depends on it: returns
 * -1 with "cannot drop X because other objects depend on it" and a DETAIL
 * line per dependent in err.  Owned objects (a table's columns, indexes,
 * constraints, triggers, policies, owned sequences) go with their owner.
 * With cascade, dropped dependents are reported in notices (may be NULL). */
int cat_drop(catalog *c, cat_obj *o, bool cascade, strbuf *err, strvec *notices);
/* Drops several objects as one command (DROP VIEW a, b): dependencies
 * among them do not block. */
int cat_drop_many(catalog *c, cat_obj **objs, size_t n, bool cascade, strbuf *err, strvec *notices);
/* "table public.users", "column email of table public.users", ... */
void cat_describe(const cat_obj *o, strbuf *sb);
/* Calls fn for every object in a deterministic order. */
void cat_foreach(const catalog *c, void (*fn)(cat_obj *o, void *ctx), void *ctx);

/* The canonical text of a view's query, deparsing a pending tree first
 * (see canon_query_ast).  NULL only on a deparse failure, with err set. */
const char *cat_rel_query(cat_rel *r, strbuf *err);
/* Deparses every pending view query; call before printing a catalog.
 * Returns -1 (err set) if any fails. */
int catalog_materialize(catalog *c, strbuf *err);

/* Small typed views. */
static inline cat_rel *as_rel(cat_obj *o) { return (cat_rel *)o; }

#endif
