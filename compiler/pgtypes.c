/* pgtypes: format_type() spelling of parsed type names.  See pgtypes.h.
 *
 * Two tables drive everything.  builtins[] is keyed by pg_type.typname --
 * the only spelling a TypeName can carry once the grammar is done -- and says
 * how the type prints and which family of typmod rules it follows.
 * aliases[] exists only for pgtype_builtin_canonical(): it adds the
 * keyword spellings ("int", "double precision") that are not type names at
 * all, which is why pgtype_format() never consults it: "pg_catalog.integer"
 * is an error on the server too.
 *
 * Typmods are checked the way the server's per-type typmodin functions check
 * them, with their error wording, because a migration the server would
 * reject must not replay cleanly here. */
#include "pgtypes.h"
#include "pgident.h"
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum tmkind { TM_NONE, TM_CHAR, TM_BIT, TM_NUMERIC, TM_TIME, TM_INTERVAL };

struct builtin {
    const char *name;    /* pg_type.typname */
    const char *display; /* format_type() output without a typmod */
    const char *canon;   /* name-only canonical form (pgtype_builtin_canonical) */
    enum tmkind tm;
    const char *modname; /* printed before "(n)" when there is a typmod */
    const char *errname; /* the type as typmodin's messages name it */
    bool tz;             /* time types: "with time zone" */
};

/* Builtins whose display differs from the typname or that take typmods. */
static const struct builtin builtins[] = {
    {"bool", "boolean", "boolean", TM_NONE, NULL, NULL, false},
    {"int2", "smallint", "smallint", TM_NONE, NULL, NULL, false},
    {"int4", "integer", "integer", TM_NONE, NULL, NULL, false},
    {"int8", "bigint", "bigint", TM_NONE, NULL, NULL, false},
    {"float4", "real", "real", TM_NONE, NULL, NULL, false},
    {"float8", "double precision", "double precision", TM_NONE, NULL, NULL, false},
    {"numeric", "numeric", "numeric", TM_NUMERIC, "numeric", "NUMERIC", false},
    /* Without a length the server prints the internal name: "character"
     * alone would read back as character(1). */
    {"bpchar", "bpchar", "character", TM_CHAR, "character", "char", false},
    {"varchar", "character varying", "character varying", TM_CHAR,
     "character varying", "varchar", false},
    /* Likewise bare bit would mean bit(1), so the unlimited one is quoted. */
    {"bit", "\"bit\"", "bit", TM_BIT, "bit", "bit", false},
    {"varbit", "bit varying", "bit varying", TM_BIT, "bit varying", "varbit", false},
    /* The one-byte internal type; always quoted to keep it apart from
     * the SQL char keyword. */
    {"char", "\"char\"", "\"char\"", TM_NONE, NULL, NULL, false},
    {"time", "time without time zone", "time without time zone", TM_TIME,
     "time", "TIME", false},
    {"timetz", "time with time zone", "time with time zone", TM_TIME,
     "time", "TIME", true},
    {"timestamp", "timestamp without time zone", "timestamp without time zone",
     TM_TIME, "timestamp", "TIMESTAMP", false},
    {"timestamptz", "timestamp with time zone", "timestamp with time zone",
     TM_TIME, "timestamp", "TIMESTAMP", true},
    {"interval", "interval", "interval", TM_INTERVAL, "interval", "INTERVAL", false},
};

/* The remaining pg_catalog base, range and multirange types, which print as
 * their own name and take no typmod.  Listed so that a stray modifier is an
 * error and so "_name" resolves to their array type. */
static const char *const plain_builtins[] = {
    "aclitem", "box", "bytea", "cid", "cidr", "circle", "date",
    "datemultirange", "daterange", "gtsvector", "inet", "int2vector",
    "int4multirange", "int4range", "int8multirange", "int8range", "json",
    "jsonb", "jsonpath", "line", "lseg", "macaddr", "macaddr8", "money",
    "name", "nummultirange", "numrange", "oid", "oidvector", "path",
    "pg_brin_bloom_summary", "pg_brin_minmax_multi_summary",
    "pg_dependencies", "pg_lsn", "pg_mcv_list", "pg_ndistinct",
    "pg_node_tree", "pg_snapshot", "point", "polygon", "refcursor",
    "regclass", "regcollation", "regconfig", "regdictionary", "regnamespace",
    "regoper", "regoperator", "regproc", "regprocedure", "regrole", "regtype",
    "text", "tid", "tsmultirange", "tsquery", "tsrange", "tstzmultirange",
    "tstzrange", "tsvector", "txid_snapshot", "uuid", "xid", "xid8", "xml",
};

/* Keyword spellings for pgtype_builtin_canonical(); see pgtypes.h. */
static const struct { const char *alias, *canon; } aliases[] = {
    {"int", "integer"}, {"integer", "integer"}, {"smallint", "smallint"},
    {"bigint", "bigint"}, {"real", "real"}, {"float", "double precision"},
    {"double precision", "double precision"}, {"decimal", "numeric"},
    {"dec", "numeric"}, {"boolean", "boolean"}, {"char", "character"},
    {"character", "character"}, {"nchar", "character"},
    {"national char", "character"}, {"national character", "character"},
    {"character varying", "character varying"},
    {"char varying", "character varying"},
    {"nchar varying", "character varying"},
    {"national char varying", "character varying"},
    {"national character varying", "character varying"},
    {"bit varying", "bit varying"},
    {"time without time zone", "time without time zone"},
    {"time with time zone", "time with time zone"},
    {"timestamp without time zone", "timestamp without time zone"},
    {"timestamp with time zone", "timestamp with time zone"},
};

/* Interval field bits as the grammar encodes them in the first typmod. */
#define IV_MONTH (1 << 1)
#define IV_YEAR (1 << 2)
#define IV_DAY (1 << 3)
#define IV_HOUR (1 << 10)
#define IV_MINUTE (1 << 11)
#define IV_SECOND (1 << 12)
#define IV_FULL_RANGE 0x7FFF

/* The field combinations the grammar can produce, and how they print. */
static const struct { int mask; const char *text; } interval_fields[] = {
    {IV_FULL_RANGE, ""},
    {IV_YEAR, " year"},
    {IV_MONTH, " month"},
    {IV_DAY, " day"},
    {IV_HOUR, " hour"},
    {IV_MINUTE, " minute"},
    {IV_SECOND, " second"},
    {IV_YEAR | IV_MONTH, " year to month"},
    {IV_DAY | IV_HOUR, " day to hour"},
    {IV_DAY | IV_HOUR | IV_MINUTE, " day to minute"},
    {IV_DAY | IV_HOUR | IV_MINUTE | IV_SECOND, " day to second"},
    {IV_HOUR | IV_MINUTE, " hour to minute"},
    {IV_HOUR | IV_MINUTE | IV_SECOND, " hour to second"},
    {IV_MINUTE | IV_SECOND, " minute to second"},
};

#define MAX_CHAR_LEN 10485760   /* character, character varying */
#define MAX_BIT_LEN 83886080    /* bit, bit varying */
#define MAX_NUMERIC_PREC 1000
#define MAX_TIME_PREC 6         /* time, timestamp and interval seconds */

#define ARRAYLEN(a) (sizeof(a) / sizeof((a)[0]))

static char *fail(char **err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sets *err (when wanted) and returns NULL, so callers can "return fail()". */
static char *fail(char **err, const char *fmt, ...)
{
    if (err) {
        strbuf sb = STRBUF_INIT;
        va_list ap;
        va_start(ap, fmt);
        sb_vaddf(&sb, fmt, ap);
        va_end(ap);
        *err = sb_detach(&sb);
    }
    return NULL;
}

static const struct builtin *find_builtin(const char *name)
{
    for (size_t i = 0; i < ARRAYLEN(builtins); i++)
        if (!strcmp(builtins[i].name, name))
            return &builtins[i];
    return NULL;
}

static bool is_plain_builtin(const char *name)
{
    for (size_t i = 0; i < ARRAYLEN(plain_builtins); i++)
        if (!strcmp(plain_builtins[i], name))
            return true;
    return false;
}

const char *pgtype_builtin_canonical(const char *name)
{
    for (size_t i = 0; i < ARRAYLEN(aliases); i++)
        if (!strcmp(aliases[i].alias, name))
            return aliases[i].canon;
    if (!strcmp(name, "\"char\""))
        return "\"char\"";
    const struct builtin *b = find_builtin(name);
    if (b && strcmp(name, "char") != 0)
        return b->canon;
    for (size_t i = 0; i < ARRAYLEN(plain_builtins); i++)
        if (!strcmp(plain_builtins[i], name))
            return plain_builtins[i];
    return NULL;
}

/* The name as the user wrote it, for messages: parts joined with '.'. */
static void dotted_name(strbuf *sb, const PgQuery__TypeName *tn)
{
    for (size_t i = 0; i < tn->n_names; i++) {
        if (i)
            sb_addc(sb, '.');
        sb_adds(sb, tn->names[i]->string->sval);
    }
}

/* A typmod as the text the server would hand to typmodin, or NULL when it is
 * not one of the accepted shapes (integer, float or string constant, or a
 * bare identifier).  *buf holds a formatted integer. */
static const char *typmod_text(const PgQuery__Node *n, char buf[16])
{
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST) {
        const PgQuery__AConst *c = n->a_const;
        if (c->isnull)
            return NULL;
        switch (c->val_case) {
        case PG_QUERY__A__CONST__VAL_IVAL:
            snprintf(buf, 16, "%d", c->ival ? c->ival->ival : 0);
            return buf;
        case PG_QUERY__A__CONST__VAL_FVAL:
            return c->fval->fval;
        case PG_QUERY__A__CONST__VAL_SVAL:
            return c->sval->sval;
        default:
            return NULL;
        }
    }
    if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
        n->column_ref->n_fields == 1 &&
        n->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING)
        return n->column_ref->fields[0]->string->sval;
    return NULL;
}

/* Integer input the way the server's int4 parser accepts it: optional
 * blanks, sign, digits, optional blanks. */
static bool parse_int32(const char *s, int32_t *out, char **err)
{
    const char *p = s;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    bool neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    if (!(*p >= '0' && *p <= '9')) {
        fail(err, "invalid input syntax for type integer: \"%s\"", s);
        return false;
    }
    int64_t v = 0;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        if (v > (int64_t)INT32_MAX + 1) {
            fail(err, "value \"%s\" is out of range for type integer", s);
            return false;
        }
    }
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    if (*p) {
        fail(err, "invalid input syntax for type integer: \"%s\"", s);
        return false;
    }
    if (neg)
        v = -v;
    if (v > INT32_MAX) {
        fail(err, "value \"%s\" is out of range for type integer", s);
        return false;
    }
    *out = (int32_t)v;
    return true;
}

/* All typmods of a builtin as integers, as typenameTypeMod + typmodin do. */
static bool typmod_ints(const PgQuery__TypeName *tn, int32_t *mods, char **err)
{
    for (size_t i = 0; i < tn->n_typmods; i++) {
        char buf[16];
        const char *txt = typmod_text(tn->typmods[i], buf);
        if (!txt) {
            fail(err, "type modifiers must be simple constants or identifiers");
            return false;
        }
        if (!parse_int32(txt, &mods[i], err))
            return false;
    }
    return true;
}

/* Length-style typmods: character, character varying, bit, bit varying. */
static bool add_length(strbuf *sb, const struct builtin *b, const int32_t *mods,
                       size_t n, char **err)
{
    int32_t max = b->tm == TM_BIT ? MAX_BIT_LEN : MAX_CHAR_LEN;
    if (n != 1) {
        fail(err, "invalid type modifier");
        return false;
    }
    if (mods[0] < 1) {
        fail(err, "length for type %s must be at least 1", b->errname);
        return false;
    }
    if (mods[0] > max) {
        fail(err, "length for type %s cannot exceed %d", b->errname, (int)max);
        return false;
    }
    sb_addf(sb, "%s(%d)", b->modname, (int)mods[0]);
    return true;
}

static bool add_numeric(strbuf *sb, const int32_t *mods, size_t n, char **err)
{
    if (n > 2) {
        fail(err, "invalid NUMERIC type modifier");
        return false;
    }
    if (mods[0] < 1 || mods[0] > MAX_NUMERIC_PREC) {
        fail(err, "NUMERIC precision %d must be between 1 and %d", (int)mods[0],
             MAX_NUMERIC_PREC);
        return false;
    }
    int32_t scale = n == 2 ? mods[1] : 0;
    if (scale < -MAX_NUMERIC_PREC || scale > MAX_NUMERIC_PREC) {
        fail(err, "NUMERIC scale %d must be between %d and %d", (int)scale,
             -MAX_NUMERIC_PREC, MAX_NUMERIC_PREC);
        return false;
    }
    sb_addf(sb, "numeric(%d,%d)", (int)mods[0], (int)scale);
    return true;
}

/* time, timetz, timestamp, timestamptz: "time(3) with time zone". */
static bool add_time(strbuf *sb, const struct builtin *b, const int32_t *mods,
                     size_t n, char **err)
{
    const char *zone = b->tz ? " with time zone" : " without time zone";
    if (n != 1) {
        fail(err, "invalid type modifier");
        return false;
    }
    if (mods[0] < 0) {
        fail(err, "%s(%d)%s precision must not be negative", b->errname,
             (int)mods[0], b->tz ? " WITH TIME ZONE" : "");
        return false;
    }
    /* The server clamps with a WARNING; the result is what it stores. */
    int32_t prec = mods[0] > MAX_TIME_PREC ? MAX_TIME_PREC : mods[0];
    sb_addf(sb, "%s(%d)%s", b->modname, (int)prec, zone);
    return true;
}

/* interval: first typmod is the field mask, the optional second the
 * fractional-seconds precision. */
static bool add_interval(strbuf *sb, const int32_t *mods, size_t n, char **err)
{
    const char *fields = NULL;
    if (n <= 2)
        for (size_t i = 0; i < ARRAYLEN(interval_fields); i++)
            if (interval_fields[i].mask == mods[0])
                fields = interval_fields[i].text;
    if (!fields) {
        fail(err, "invalid INTERVAL type modifier");
        return false;
    }
    sb_addf(sb, "interval%s", fields);
    if (n == 2) {
        if (mods[1] < 0) {
            fail(err, "INTERVAL(%d) precision must not be negative", (int)mods[1]);
            return false;
        }
        sb_addf(sb, "(%d)", (int)(mods[1] > MAX_TIME_PREC ? MAX_TIME_PREC : mods[1]));
    }
    return true;
}

/* Builtin name plus modifiers.  Returns false with *err set. */
static bool add_builtin(strbuf *sb, const PgQuery__TypeName *tn,
                        const struct builtin *b, const char *plain,
                        const char *written, char **err)
{
    size_t n = tn->n_typmods;
    if (n == 0) {
        sb_adds(sb, b ? b->display : plain);
        return true;
    }
    if (!b || b->tm == TM_NONE) {
        fail(err, "type modifier is not allowed for type \"%s\"", written);
        return false;
    }
    int32_t *mods = xcalloc(n, sizeof(*mods));
    bool ok = typmod_ints(tn, mods, err);
    if (ok) {
        switch (b->tm) {
        case TM_CHAR:
        case TM_BIT:
            ok = add_length(sb, b, mods, n, err);
            break;
        case TM_NUMERIC:
            ok = add_numeric(sb, mods, n, err);
            break;
        case TM_TIME:
            ok = add_time(sb, b, mods, n, err);
            break;
        case TM_INTERVAL:
            ok = add_interval(sb, mods, n, err);
            break;
        case TM_NONE:
            break;
        }
    }
    free(mods);
    return ok;
}

/* A user type's modifiers, echoed since its typmodout is unknown. */
static bool add_user_typmods(strbuf *sb, const PgQuery__TypeName *tn, char **err)
{
    if (!tn->n_typmods)
        return true;
    sb_addc(sb, '(');
    for (size_t i = 0; i < tn->n_typmods; i++) {
        char buf[16];
        const char *txt = typmod_text(tn->typmods[i], buf);
        if (!txt) {
            fail(err, "type modifiers must be simple constants or identifiers");
            return false;
        }
        if (i)
            sb_addc(sb, ',');
        sb_adds(sb, txt);
    }
    sb_addc(sb, ')');
    return true;
}

static char *format_names(const PgQuery__TypeName *tn, const char *written,
                          char **err);

char *pgtype_format(const PgQuery__TypeName *tn, char **err)
{
    if (err)
        *err = NULL;
    if (!tn || tn->n_names == 0)
        return fail(err, "type name is missing");
    for (size_t i = 0; i < tn->n_names; i++)
        if (tn->names[i]->node_case != PG_QUERY__NODE__NODE_STRING)
            return fail(err, "type name has an unexpected part");

    if (tn->setof)
        return fail(err, "SETOF is only allowed in a function's return type");
    strbuf sb = STRBUF_INIT;
    dotted_name(&sb, tn);
    char *written = sb_detach(&sb); /* for messages */
    char *res = format_names(tn, written, err);
    free(written);
    return res;
}

/* pgtype_format() once the name parts are known to be strings. */
static char *format_names(const PgQuery__TypeName *tn, const char *written,
                          char **err)
{
    if (tn->pct_type)
        return fail(err, "%%TYPE references are not supported: %s%%TYPE", written);
    if (tn->n_names == 3)
        return fail(err, "cross-database references are not implemented: %s",
                    written);
    if (tn->n_names > 3)
        return fail(err, "improper qualified name (too many dotted names): %s",
                    written);

    strbuf sb = STRBUF_INIT;
    const char *schema = tn->n_names == 2 ? tn->names[0]->string->sval : NULL;
    const char *name = tn->names[tn->n_names - 1]->string->sval;
    bool catalog = !schema || !strcmp(schema, "pg_catalog");
    bool ok = true;

    /* "_int4" is the array type of int4; its typmods are the element's. */
    bool internal_array = false;
    const struct builtin *b = catalog ? find_builtin(name) : NULL;
    bool plain = catalog && !b && is_plain_builtin(name);
    if (catalog && !b && !plain && name[0] == '_') {
        b = find_builtin(name + 1);
        plain = !b && is_plain_builtin(name + 1);
        internal_array = b || plain;
    }

    if (internal_array && tn->n_array_bounds)
        return fail(err, "type \"%s[]\" does not exist", written);

    if (b || plain) {
        ok = add_builtin(&sb, tn, b, internal_array ? name + 1 : name, written, err);
    } else if (schema && catalog && pgtype_builtin_canonical(name)) {
        /* Keyword spellings are grammar sugar, not pg_type entries. */
        return fail(err, "type \"%s\" does not exist", written);
    } else {
        if (schema && !catalog) {
            pgident_quote_sb(&sb, schema);
            sb_addc(&sb, '.');
        }
        pgident_quote_sb(&sb, name);
        ok = add_user_typmods(&sb, tn, err);
    }
    if (!ok) {
        sb_release(&sb);
        return NULL;
    }
    if (tn->n_array_bounds || internal_array)
        sb_adds(&sb, "[]");
    return sb_detach(&sb);
}

bool pgtype_is_serial(const PgQuery__TypeName *tn, const char **base)
{
    static const struct { const char *name, *base; } serials[] = {
        {"smallserial", "smallint"}, {"serial2", "smallint"},
        {"serial", "integer"},       {"serial4", "integer"},
        {"bigserial", "bigint"},     {"serial8", "bigint"},
    };
    if (!tn || tn->n_names != 1 || tn->pct_type ||
        tn->names[0]->node_case != PG_QUERY__NODE__NODE_STRING)
        return false;
    for (size_t i = 0; i < ARRAYLEN(serials); i++) {
        if (!strcmp(tn->names[0]->string->sval, serials[i].name)) {
            if (base)
                *base = serials[i].base;
            return true;
        }
    }
    return false;
}
