/* canon_types: types, literals and node plumbing for canon.  See canon_int.h.
 *
 * The server inserts casts while resolving types -- `COALESCE(a, 0)` on a
 * bigint prints `(0)::bigint`, `total > age` on numeric/integer prints
 * `(age)::numeric` -- and prints literals through their type's output
 * function.  Telling its casts from the author's needs to know types, so
 * this file keeps a deliberately small model: the catalog's column types,
 * literal types, cast targets and a few result types.  The cast rules here
 * are applied to the *canonical* form of both spellings, so they make the
 * same decision for a written and a stored expression; they only drop a
 * cast where the server would have added the same one implicitly. */
#include "canon_int.h"
#include "hashmap.h"
#include "pgident.h"
#include "pgtypes.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- strings and types ------------------------------------------------- */

const char *cn_intern(cn_state *st, const char *s)
{
    if (!s)
        return NULL;
    for (size_t i = 0; i < st->pool.n; i++)
        if (!strcmp(st->pool.v[i], s))
            return st->pool.v[i];
    strvec_push(&st->pool, s);
    return st->pool.v[st->pool.n - 1];
}

bool cn_str_set(const char *s) { return s && *s; }

/* Protobuf leaves absent strings pointing at a shared "", which must never
 * be freed. */
void cn_set_str(char **field, const char *v)
{
    if (*field && *field != protobuf_c_empty_string)
        free(*field);
    *field = xstrdup(v);
}

/* Type text without modifiers: "character varying(20)[]" -> "character
 * varying[]", "timestamp(3) with time zone" -> "timestamp with time zone";
 * "bpchar" (format_type's name for unsized char) -> "character". */
const char *cn_type_base(cn_state *st, const char *type)
{
    if (!type)
        return NULL;
    strbuf sb = STRBUF_INIT;
    int depth = 0;
    for (const char *p = type; *p; p++) {
        if (*p == '(' && p[1] != ')')
            depth++;
        else if (*p == ')' && depth)
            depth--;
        else if (!depth)
            sb_addc(&sb, *p);
    }
    if (!strcmp(sb_str(&sb), "bpchar"))
        sb_reset(&sb), sb_adds(&sb, "character");
    if (!strcmp(sb_str(&sb), "bpchar[]"))
        sb_reset(&sb), sb_adds(&sb, "character[]");
    const char *r = cn_intern(st, sb_str(&sb));
    sb_release(&sb);
    return r;
}

static int num_rank(const char *t)
{
    static const char *const tower[] = {"smallint", "integer", "bigint", "numeric",
                                        "real", "double precision"};
    for (int i = 0; t && i < 6; i++)
        if (!strcmp(t, tower[i]))
            return i + 1;
    return 0;
}

bool cn_type_numeric(const char *t) { return num_rank(t) > 0; }

static bool is_string_type(const char *t)
{
    return t && (!strcmp(t, "text") || !strcmp(t, "character varying") ||
                 !strcmp(t, "character"));
}

static int time_rank(const char *t)
{
    if (!t)
        return 0;
    if (!strcmp(t, "date"))
        return 1;
    if (!strcmp(t, "timestamp without time zone"))
        return 2;
    if (!strcmp(t, "timestamp with time zone"))
        return 3;
    return 0;
}

/* Is there an implicit cast from -> to (pg_cast castcontext 'i'), among
 * the types this model knows? */
bool cn_implicit(const char *from, const char *to)
{
    if (!from || !to)
        return false;
    if (!strcmp(from, to))
        return true;
    if (num_rank(from) && num_rank(to))
        return num_rank(from) < num_rank(to);
    if (is_string_type(from) && is_string_type(to))
        return true;
    if (time_rank(from) && time_rank(to))
        return time_rank(from) < time_rank(to);
    return false;
}

/* Operator families with cross-type operators: the server finds int4 <
 * int8 directly, but casts integer to numeric, numeric to float, and
 * char(n) or varchar to text before applying an operator. */
static int family(const char *t)
{
    int r = num_rank(t);
    if (r >= 1 && r <= 3)
        return 1;
    if (r == 4)
        return 2;
    if (r >= 5)
        return 3;
    if (t && !strcmp(t, "text"))
        return 4;
    if (t && !strcmp(t, "character varying"))
        return 4; /* varchar and text share their operators */
    if (t && !strcmp(t, "character"))
        return 5;
    if (time_rank(t))
        return 6;
    return 0;
}

bool cn_cross_family(const char *from, const char *to)
{
    return family(from) && family(to) && family(from) != family(to);
}

/* select_common_type() over types[] without types[skip] (skip >= n: none):
 * "unknown" inputs adapt, so they are ignored; a later type wins only when
 * the current one converts to it implicitly and not back (the numeric and
 * datetime ladders; string types convert both ways, so the first stays);
 * any input of unmodelled type makes the answer unknown (NULL). */
const char *cn_common(const char *const *types, size_t n, size_t skip)
{
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        if (i == skip)
            continue;
        const char *t = types[i];
        if (!t)
            return NULL;
        if (!strcmp(t, "unknown"))
            continue;
        if (!best || !strcmp(best, t)) {
            best = t;
            continue;
        }
        if (num_rank(best) && num_rank(t))
            best = num_rank(t) > num_rank(best) ? t : best;
        else if (time_rank(best) && time_rank(t))
            best = time_rank(t) > time_rank(best) ? t : best;
        else if (!is_string_type(best) || !is_string_type(t))
            return NULL;
        /* string types convert both ways implicitly: the first one stays */
    }
    return best;
}

/* ---- literals ------------------------------------------------------------ */

bool cn_is_literal(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST;
}

/* An integer that fits int32 is an Integer node, as the grammar makes it;
 * anything longer is a Float node holding the digits. */
static bool all_digits(const char *s)
{
    if (*s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static bool numeric_text(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    bool digits = false, dot = false;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits = true;
        else if (*p == '.' && !dot)
            dot = true;
        else
            return false;
    }
    return digits;
}

const char *cn_const_type(const PgQuery__AConst *c)
{
    if (c->isnull)
        return "unknown";
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        return "integer";
    case PG_QUERY__A__CONST__VAL_FVAL:
        if (all_digits(c->fval->fval)) {
            errno = 0;
            (void)strtoll(c->fval->fval, NULL, 10);
            return errno ? "numeric" : "bigint";
        }
        return "numeric";
    case PG_QUERY__A__CONST__VAL_SVAL:
        return "unknown";
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        return "boolean";
    default:
        return NULL;
    }
}

static void aconst_clear(PgQuery__AConst *c)
{
    ProtobufCMessage *old = NULL;
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL: old = &c->ival->base; break;
    case PG_QUERY__A__CONST__VAL_FVAL: old = &c->fval->base; break;
    case PG_QUERY__A__CONST__VAL_BOOLVAL: old = &c->boolval->base; break;
    case PG_QUERY__A__CONST__VAL_SVAL: old = &c->sval->base; break;
    case PG_QUERY__A__CONST__VAL_BSVAL: old = &c->bsval->base; break;
    default: break;
    }
    if (old)
        protobuf_c_message_free_unpacked(old, NULL);
    c->val_case = PG_QUERY__A__CONST__VAL__NOT_SET;
}

/* Makes a string literal the number it spells, the way the server prints
 * a numeric constant: '-1' -> -1, '1.50' -> 1.50. */
static void aconst_to_number(PgQuery__AConst *c, const char *text)
{
    char *s = xstrdup(text);
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    aconst_clear(c);
    if (all_digits(s) && !errno && !*end && v >= INT32_MIN && v <= INT32_MAX) {
        c->ival = xmalloc(sizeof(*c->ival));
        pg_query__integer__init(c->ival);
        c->ival->ival = (int32_t)v;
        c->val_case = PG_QUERY__A__CONST__VAL_IVAL;
        free(s);
    } else {
        c->fval = xmalloc(sizeof(*c->fval));
        pg_query__float__init(c->fval);
        c->fval->fval = s;
        c->val_case = PG_QUERY__A__CONST__VAL_FVAL;
    }
}

static int bool_word(const char *s)
{
    static const char *const t[] = {"t", "true", "y", "yes", "on", "1"};
    static const char *const f[] = {"f", "false", "n", "no", "off", "0"};
    for (size_t i = 0; i < 6; i++) {
        if (!strcasecmp(s, t[i]))
            return 1;
        if (!strcasecmp(s, f[i]))
            return 0;
    }
    return -1;
}

/* A string literal read as a value of type (its cast target, or the
 * column a default is assigned to) becomes the constant the server would
 * print for it, where that is simple: numbers and booleans. */
void cn_literal_for_type(PgQuery__Node *n, const char *type)
{
    if (!cn_is_literal(n) || !type || n->a_const->isnull)
        return;
    PgQuery__AConst *c = n->a_const;
    if (c->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        return;
    const char *s = c->sval->sval;
    if (cn_type_numeric(type) && numeric_text(s)) {
        aconst_to_number(c, s);
    } else if (!strcmp(type, "boolean") && bool_word(s) >= 0) {
        bool b = bool_word(s) == 1;
        aconst_clear(c);
        c->boolval = xmalloc(sizeof(*c->boolval));
        pg_query__boolean__init(c->boolval);
        c->boolval->boolval = b;
        c->val_case = PG_QUERY__A__CONST__VAL_BOOLVAL;
    } else {
        char *t = cn_literal_text(type, s);
        if (t)
            cn_set_str(&c->sval->sval, t);
        free(t);
    }
}

/* ---- node plumbing ----------------------------------------------------- */

PgQuery__Node *cn_node(PgQuery__Node__NodeCase c, void *inner)
{
    PgQuery__Node *n = xmalloc(sizeof(*n));
    pg_query__node__init(n);
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, c);
    n->node_case = c;
    *(void **)((char *)n + f->offset) = inner;
    return n;
}

PgQuery__Node *cn_mk_colref(const char *qual, const char *col)
{
    PgQuery__ColumnRef *cr = xmalloc(sizeof(*cr));
    pg_query__column_ref__init(cr);
    cr->n_fields = qual ? 2 : 1;
    cr->fields = xmalloc(cr->n_fields * sizeof(*cr->fields));
    size_t i = 0;
    if (qual)
        cr->fields[i++] = ast_string(qual);
    cr->fields[i] = ast_string(col);
    cr->location = -1;
    return cn_node(PG_QUERY__NODE__NODE_COLUMN_REF, cr);
}

PgQuery__Node *cn_mk_aexpr(PgQuery__AExprKind kind, const char *op, PgQuery__Node *l,
                           PgQuery__Node *r)
{
    PgQuery__AExpr *e = xmalloc(sizeof(*e));
    pg_query__a__expr__init(e);
    e->kind = kind;
    e->n_name = 1;
    e->name = xmalloc(sizeof(*e->name));
    e->name[0] = ast_string(op);
    e->lexpr = l;
    e->rexpr = r;
    e->location = -1;
    return cn_node(PG_QUERY__NODE__NODE_A_EXPR, e);
}

PgQuery__Node *cn_mk_bool(PgQuery__BoolExprType op, PgQuery__Node *a, PgQuery__Node *b)
{
    PgQuery__BoolExpr *e = xmalloc(sizeof(*e));
    pg_query__bool_expr__init(e);
    e->boolop = op;
    e->n_args = 2;
    e->args = xmalloc(2 * sizeof(*e->args));
    e->args[0] = a;
    e->args[1] = b;
    e->location = -1;
    return cn_node(PG_QUERY__NODE__NODE_BOOL_EXPR, e);
}

PgQuery__Node *cn_mk_int(int32_t v)
{
    PgQuery__AConst *c = xmalloc(sizeof(*c));
    pg_query__a__const__init(c);
    c->ival = xmalloc(sizeof(*c->ival));
    pg_query__integer__init(c->ival);
    c->ival->ival = v;
    c->val_case = PG_QUERY__A__CONST__VAL_IVAL;
    c->location = -1;
    return cn_node(PG_QUERY__NODE__NODE_A_CONST, c);
}

/* A deep copy through protobuf (system allocator, so free_unpacked works). */
PgQuery__Node *cn_copy(const PgQuery__Node *n)
{
    size_t len = protobuf_c_message_get_packed_size(&n->base);
    uint8_t *buf = xmalloc(len);
    protobuf_c_message_pack(&n->base, buf);
    PgQuery__Node *c = (PgQuery__Node *)protobuf_c_message_unpack(
        &pg_query__node__descriptor, NULL, len, buf);
    free(buf);
    if (!c)
        abort(); /* only allocation can fail on a message we just packed */
    return c;
}

/* Replaces TypeCast node n by its argument. */
void cn_unwrap_cast(PgQuery__Node *n)
{
    PgQuery__Node *arg = n->type_cast->arg;
    n->type_cast->arg = NULL;
    ast_replace(n, arg);
}

/* ---- type names -------------------------------------------------------- */

static void add_bounds(strbuf *sb, const PgQuery__TypeName *tn)
{
    if (tn->n_array_bounds)
        sb_adds(sb, "[]");
}

/* The parser's TypeName for a type's text (as in "NULL::text"), or NULL.
 * The same text always parses to the same tree, and parsing was a third
 * of canonicalising an expression, so each text is parsed once per thread
 * and kept packed; a copy is unpacked for each use. */
typedef struct packed_tn {
    size_t len; /* 0: the text is not a type name */
    uint8_t data[];
} packed_tn;

static PgQuery__TypeName *parsed_typename(const char *text)
{
    static __thread hashmap cache;
    packed_tn *p = hm_get(&cache, text);
    if (!p) {
        char *sql = xasprintf("NULL::%s", text);
        PgQuery__ParseResult *own = NULL;
        strbuf err = STRBUF_INIT;
        PgQuery__Node *n = parse_expr(sql, &own, &err);
        PgQuery__TypeName *tn = n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST ? n->type_cast->type_name : NULL;
        size_t len = tn ? protobuf_c_message_get_packed_size(&tn->base) : 0;
        p = xmalloc(sizeof(*p) + len + 1);
        p->len = len;
        if (tn)
            protobuf_c_message_pack(&tn->base, p->data);
        hm_put(&cache, text, p);
        if (own)
            pg_query__parse_result__free_unpacked(own, NULL);
        sb_release(&err);
        free(sql);
    }
    return p->len ? pg_query__type_name__unpack(NULL, p->len, p->data) : NULL;
}

/* Rewrites *tnp into the one spelling of its type and returns the type's
 * text without modifiers (interned), or NULL when it is left as written
 * (%TYPE, SETOF, a modifier pgtypes rejects).  Catalog types (and row
 * types of catalog relations) are schema-qualified and become
 * dependencies; every other type -- builtins, and extension types, which
 * the catalog does not hold -- is written unqualified. */
const char *cn_typename(cn_state *st, PgQuery__TypeName **tnp)
{
    PgQuery__TypeName *tn = *tnp;
    if (!tn || tn->pct_type || tn->setof || !tn->n_names)
        return NULL;
    size_t nn = tn->n_names;
    const char *name = ast_str(tn->names[nn - 1]);
    const char *schema = nn >= 2 ? ast_str(tn->names[nn - 2]) : NULL;
    if (!name)
        return NULL;
    bool pgcat = schema && !strcmp(schema, "pg_catalog");
    strbuf sb = STRBUF_INIT;
    cat_obj *dep = NULL;
    const char *tschema = NULL, *tname = NULL;
    if (!pgcat) {
        catalog *c = st->cx->cat;
        cat_type *t = c ? cat_type_lookup(c, schema, name) : NULL;
        cat_rel *r = !t && c ? cat_rel_lookup(c, schema, name) : NULL;
        if (r && r->relkind == 'S')
            r = NULL;
        if (t)
            dep = &t->obj, tschema = t->schema->name, tname = t->name;
        else if (r)
            dep = &r->obj, tschema = r->schema->name, tname = r->name;
    }
    if (tname) {
        if (tn->n_typmods)
            return NULL; /* a user type's modifiers: keep as written */
        pgident_quote_sb(&sb, tschema);
        sb_addc(&sb, '.');
        pgident_quote_sb(&sb, tname);
        add_bounds(&sb, tn);
        if (st->cx->owner)
            cat_dep_add(st->cx->owner, dep, st->cx->how);
    } else {
        PgQuery__TypeName tmp = *tn;
        tmp.n_names = pgcat ? 2 : 1;
        tmp.names = &tn->names[nn - tmp.n_names];
        char *err = NULL;
        char *f = pgtype_format(&tmp, &err);
        if (!f) {
            free(err);
            return NULL;
        }
        sb_adds(&sb, f);
        free(f);
    }
    PgQuery__TypeName *parsed = parsed_typename(sb_str(&sb));
    const char *result = NULL;
    if (parsed) {
        protobuf_c_message_free_unpacked(&tn->base, NULL);
        *tnp = parsed;
        result = cn_type_base(st, sb_str(&sb));
    }
    sb_release(&sb);
    return result;
}

/* ---- the cast rule ----------------------------------------------------- */

/* Decides about TypeCast n, whose argument is canonical and of type
 * argtype, cast to target (its canonical type text).  Returns the type of
 * what is left. */
const char *cn_cast_rule(PgQuery__Node *n, const char *argtype, const char *target,
                         unsigned flags)
{
    PgQuery__TypeCast *tc = n->type_cast;
    PgQuery__Node *arg = tc->arg;
    bool typmod = tc->type_name && tc->type_name->n_typmods > 0;
    if (cn_is_literal(arg))
        cn_literal_for_type(arg, target);
    if ((flags & CN_KEEP) &&
        (cn_is_literal(arg) || (arg && arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)))
        return target;
    if (cn_is_literal(arg)) {
        if (flags & CN_TARGET) {
            /* A select-list literal keeps the type its author gave it,
             * except the server's own spellings: text for a string or
             * NULL, the natural type of a number. */
            const char *nat = cn_const_type(arg->a_const);
            bool strnull = arg->a_const->isnull ||
                           arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL;
            if (!typmod && ((strnull && !strcmp(target, "text")) ||
                            (nat && !strcmp(nat, target) && strcmp(nat, "unknown")))) {
                cn_unwrap_cast(n);
                return nat;
            }
            return target;
        }
        if (typmod)
            return target; /* 'abcdef'::varchar(3) is 'abc': the author's */
        cn_unwrap_cast(n);
        return cn_const_type(n->a_const);
    }
    if (arg && arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR) {
        /* ARRAY[] needs its cast to have a type at all. */
        if (!arg->a_array_expr->n_elements || (flags & CN_TARGET))
            return target;
        cn_unwrap_cast(n);
        return argtype;
    }
    if (argtype && !typmod && !strcmp(argtype, target)) {
        /* A cast to the type the value already has is a no-op the parser
         * drops. */
        cn_unwrap_cast(n);
        return argtype;
    }
    if (!(flags & (CN_TARGET | CN_COMMON)) && !typmod && !strcmp(target, "text") &&
        argtype && !strcmp(argtype, "character varying")) {
        /* varchar has no operators or functions of its own: the server
         * relabels it to text wherever it is used. */
        cn_unwrap_cast(n);
        return argtype;
    }
    return target;
}
