/* catalog_sql: renders the ordered items of catalog_sql_order.c as SQL;
 * the shared text helpers, the objects outside relations (schemas,
 * extensions, types, functions, sequences), GRANTs, and the driver.
 * Relations and what hangs off them are in catalog_sql_rel.c.  See
 * catalog_sql.h for what the output promises.
 *
 * Each item renders to one or more statements (its CREATE, then fix-ups
 * and COMMENT ON for what it created); statements are separated by a
 * blank line, as pg_dump separates its entries.  Statement texts follow
 * what pg_dump 15 prints (observed from a 15.20 server): pg_get_*def
 * clause order, four-space continuation lines, a tab before domain
 * CHECKs and composite attributes, dollar quotes chosen the way
 * appendStringLiteralDQ chooses them.  Expressions, types and queries are
 * the catalog's canonical texts, printed as they are; every identifier
 * the printer itself writes goes through pgident, and every object name
 * is schema-qualified because the preamble empties search_path. */
#include "catalog_sql_int.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "pgident.h"

/* ---- text helpers --------------------------------------------------------- */

void sqlr_qname(strbuf *sb, const char *schema, const char *name)
{
    if (schema) {
        pgident_quote_sb(sb, schema);
        sb_addc(sb, '.');
    }
    pgident_quote_sb(sb, name);
}

void sqlr_rel_qname(strbuf *sb, const cat_rel *r)
{
    sqlr_qname(sb, r->schema->name, r->name);
}

/* "schema.name(argtypes)": the identity is already "name(types)" with the
 * name quoted. */
void sqlr_func_sig(strbuf *sb, const cat_func *f)
{
    pgident_quote_sb(sb, f->schema->name);
    sb_addc(sb, '.');
    sb_adds(sb, f->identity);
}

/* A string literal; the preamble turns standard_conforming_strings on, so
 * only quotes need doubling. */
void sqlr_literal(strbuf *sb, const char *s)
{
    sb_addc(sb, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            sb_addc(sb, '\'');
        sb_addc(sb, *s);
    }
    sb_addc(sb, '\'');
}

/* A dotted name stored as written (range support functions, opclasses):
 * each part quoted. */
void sqlr_dotted(strbuf *sb, const char *s)
{
    const char *dot;
    while ((dot = strchr(s, '.'))) {
        char *part = xstrndup(s, (size_t)(dot - s));
        pgident_quote_sb(sb, part);
        free(part);
        sb_addc(sb, '.');
        s = dot + 1;
    }
    pgident_quote_sb(sb, s);
}

void sqlr_ident_list(strbuf *sb, const strvec *sv)
{
    for (size_t i = 0; i < sv->n; i++) {
        if (i)
            sb_adds(sb, ", ");
        pgident_quote_sb(sb, sv->v[i]);
    }
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A sorted borrowed copy of sv->v (sets whose stored order is incidental). */
const char **sqlr_sorted_copy(const strvec *sv)
{
    const char **v = xcalloc(sv->n + 1, sizeof(char *));
    for (size_t i = 0; i < sv->n; i++)
        v[i] = sv->v[i];
    if (sv->n > 1)
        qsort(v, sv->n, sizeof(char *), cmp_cstr);
    return v;
}

/* "WITH (a='1', ns.b='x y')" from "key=value" strings, sorted; like
 * pg_dump, names are quoted as identifiers and values always as strings. */
void sqlr_reloptions(strbuf *sb, const char *prefix, const strvec *opts)
{
    if (!opts->n)
        return;
    const char **v = sqlr_sorted_copy(opts);
    sb_adds(sb, prefix);
    sb_addc(sb, '(');
    for (size_t i = 0; i < opts->n; i++) {
        const char *eq = strchr(v[i], '=');
        char *key = eq ? xstrndup(v[i], (size_t)(eq - v[i])) : xstrdup(v[i]);
        if (i)
            sb_adds(sb, ", ");
        sqlr_dotted(sb, key);
        free(key);
        if (eq) {
            sb_addc(sb, '=');
            sqlr_literal(sb, eq + 1);
        }
    }
    sb_addc(sb, ')');
    free(v);
}

/* Statements are collected per item, then joined by blank lines. */
void sqlr_emit(strvec *out, strbuf *sb)
{
    sb_adds(sb, ";\n");
    strvec_push_nodup(out, sb_detach(sb));
}

void sqlr_comment_on(strvec *out, const cat_obj *o, const char *what, const char *target_fmt, ...)
{
    if (!o->comment)
        return;
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "COMMENT ON %s ", what);
    va_list ap;
    va_start(ap, target_fmt);
    sb_vaddf(&sb, target_fmt, ap);
    va_end(ap);
    sb_adds(&sb, " IS ");
    sqlr_literal(&sb, o->comment);
    sqlr_emit(out, &sb);
}

int sqlr_cmp_con_name(const void *a, const void *b)
{
    return strcmp((*(cat_constraint *const *)a)->name, (*(cat_constraint *const *)b)->name);
}

/* A role as GRANT and CREATE POLICY spell it. */
void sqlr_role(strbuf *sb, const char *r)
{
    if (!strcmp(r, "public"))
        sb_adds(sb, "PUBLIC");
    else if (!strcmp(r, "CURRENT_USER") || !strcmp(r, "SESSION_USER") || !strcmp(r, "CURRENT_ROLE"))
        sb_adds(sb, r);
    else
        pgident_quote_sb(sb, r);
}

/* ---- schemas, extensions, types ---------------------------------------------- */

static void render_schema(const cat_schema *s, strvec *out)
{
    strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
    pgident_quote_sb(&q, s->name);
    if (strcmp(s->name, "public")) {
        sb_addf(&sb, "CREATE SCHEMA %s", q.buf);
        sqlr_emit(out, &sb);
    }
    sqlr_comment_on(out, &s->obj, "SCHEMA", "%s", q.buf);
    sb_release(&q);
}

static void render_extension(const cat_extension *e, strvec *out)
{
    strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
    pgident_quote_sb(&q, e->name);
    sb_addf(&sb, "CREATE EXTENSION IF NOT EXISTS %s", q.buf);
    if (e->schema) {
        sb_adds(&sb, " WITH SCHEMA ");
        pgident_quote_sb(&sb, e->schema);
    }
    if (e->version) {
        sb_adds(&sb, " VERSION ");
        sqlr_literal(&sb, e->version);
    }
    sqlr_emit(out, &sb);
    sqlr_comment_on(out, &e->obj, "EXTENSION", "%s", q.buf);
    sb_release(&q);
}

static void render_type(const cat_type *t, strvec *out)
{
    strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
    sqlr_qname(&q, t->schema->name, t->name);
    cat_constraint **checks = NULL;
    switch (t->typkind) {
    case 'e':
        sb_addf(&sb, "CREATE TYPE %s AS ENUM (\n", q.buf);
        for (size_t i = 0; i < t->labels.n; i++) {
            sb_adds(&sb, "    ");
            sqlr_literal(&sb, t->labels.v[i]);
            sb_adds(&sb, i + 1 < t->labels.n ? ",\n" : "\n");
        }
        sb_addc(&sb, ')');
        sqlr_emit(out, &sb);
        break;
    case 'c':
        sb_addf(&sb, "CREATE TYPE %s AS (", q.buf);
        for (size_t i = 0; i < t->nattrs; i++) {
            const cat_column *a = t->attrs[i];
            sb_adds(&sb, i ? ",\n\t" : "\n\t");
            pgident_quote_sb(&sb, a->name);
            sb_addf(&sb, " %s", a->type);
            if (a->collation)
                sb_addf(&sb, " COLLATE %s", a->collation);
        }
        sb_adds(&sb, "\n)");
        sqlr_emit(out, &sb);
        break;
    case 'd':
        sb_addf(&sb, "CREATE DOMAIN %s AS %s", q.buf, t->base_type ? t->base_type : "text");
        if (t->collation)
            sb_addf(&sb, " COLLATE %s", t->collation);
        if (t->not_null)
            sb_adds(&sb, " NOT NULL");
        if (t->default_expr)
            sb_addf(&sb, " DEFAULT %s", t->default_expr);
        checks = xcalloc(t->nchecks + 1, sizeof(*checks));
        for (size_t i = 0; i < t->nchecks; i++)
            checks[i] = t->checks[i];
        if (t->nchecks > 1)
            qsort(checks, t->nchecks, sizeof(*checks), sqlr_cmp_con_name);
        for (size_t i = 0; i < t->nchecks; i++) {
            if (checks[i]->not_valid)
                continue;
            sb_adds(&sb, "\n\tCONSTRAINT ");
            pgident_quote_sb(&sb, checks[i]->name);
            sb_addf(&sb, " CHECK (%s)", checks[i]->expr);
        }
        sqlr_emit(out, &sb);
        for (size_t i = 0; i < t->nchecks; i++) {
            if (!checks[i]->not_valid)
                continue;
            sb_addf(&sb, "ALTER DOMAIN %s\n    ADD CONSTRAINT ", q.buf);
            pgident_quote_sb(&sb, checks[i]->name);
            sb_addf(&sb, " CHECK (%s) NOT VALID", checks[i]->expr);
            sqlr_emit(out, &sb);
        }
        break;
    case 'r':
        sb_addf(&sb, "CREATE TYPE %s AS RANGE (\n    subtype = %s", q.buf, t->subtype ? t->subtype : "?");
        if (t->multirange) {
            sb_adds(&sb, ",\n    multirange_type_name = ");
            if (strchr(t->multirange, '.'))
                sqlr_dotted(&sb, t->multirange);
            else
                sqlr_qname(&sb, t->schema->name, t->multirange);
        }
        static const struct { size_t off; const char *word; } attrs[] = {
            {offsetof(cat_type, subtype_opclass), "subtype_opclass"},
            {offsetof(cat_type, collation), "collation"},
            {offsetof(cat_type, canonical_fn), "canonical"},
            {offsetof(cat_type, subtype_diff_fn), "subtype_diff"},
        };
        for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
            const char *v = *(char *const *)((const char *)t + attrs[i].off);
            if (v) {
                sb_addf(&sb, ",\n    %s = ", attrs[i].word);
                sqlr_dotted(&sb, v);
            }
        }
        sb_adds(&sb, "\n)");
        sqlr_emit(out, &sb);
        break;
    default:
        break;
    }
    sqlr_comment_on(out, &t->obj, t->typkind == 'd' ? "DOMAIN" : "TYPE", "%s", q.buf);
    for (size_t i = 0; i < t->nattrs; i++) {
        strbuf a = STRBUF_INIT;
        pgident_quote_sb(&a, t->attrs[i]->name);
        sqlr_comment_on(out, &t->attrs[i]->obj, "COLUMN", "%s.%s", q.buf, a.buf);
        sb_release(&a);
    }
    for (size_t i = 0; checks && i < t->nchecks; i++) {
        strbuf a = STRBUF_INIT;
        pgident_quote_sb(&a, checks[i]->name);
        sqlr_comment_on(out, &checks[i]->obj, "CONSTRAINT", "%s ON DOMAIN %s", a.buf, q.buf);
        sb_release(&a);
    }
    free(checks);
    sb_release(&q);
}

/* ---- functions ------------------------------------------------------------------ */

/* appendStringLiteralDQ: "$" plus suffix characters until the delimiter
 * (without its closing "$") does not occur in the body. */
static void dollar_quote(strbuf *sb, const char *body)
{
    static const char suffixes[] = "_XXXXXXX";
    strbuf d = STRBUF_INIT;
    sb_addc(&d, '$');
    size_t next = 0;
    while (strstr(body, d.buf)) {
        sb_addc(&d, suffixes[next++]);
        next %= sizeof(suffixes) - 1;
    }
    sb_addc(&d, '$');
    sb_addf(sb, "%s%s%s", d.buf, body, d.buf);
    sb_release(&d);
}

static bool starts_with_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    return !strncasecmp(s, word, n) && (s[n] == ' ' || s[n] == '\n' || s[n] == '\t' || s[n] == '(');
}

/* "SET name TO 'v1', 'v2'" from a stored "name=v1, v2". */
static void set_clause(strbuf *sb, const char *opt)
{
    const char *eq = strchr(opt, '=');
    if (!eq) {
        sb_addf(sb, "\n    SET %s", opt);
        return;
    }
    sb_adds(sb, "\n    SET ");
    sb_add(sb, opt, (size_t)(eq - opt));
    sb_adds(sb, " TO ");
    const char *v = eq + 1;
    for (;;) {
        const char *sep = strstr(v, ", ");
        char *part = sep ? xstrndup(v, (size_t)(sep - v)) : xstrdup(v);
        sqlr_literal(sb, part);
        free(part);
        if (!sep)
            break;
        sb_adds(sb, ", ");
        v = sep + 2;
    }
}

static void render_function(const cat_func *f, strvec *out)
{
    strbuf sb = STRBUF_INIT, sig = STRBUF_INIT;
    sqlr_func_sig(&sig, f);
    if (f->prokind == 'a') {
        sb_addf(&sb, "-- sqlc: aggregate %s is not printed: the catalog does not keep its definition\n",
                sig.buf);
        strvec_push_nodup(out, sb_detach(&sb));
        sb_release(&sig);
        return;
    }
    bool proc = f->prokind == 'p';
    sb_addf(&sb, "CREATE %s ", proc ? "PROCEDURE" : "FUNCTION");
    sqlr_qname(&sb, f->schema->name, f->name);
    sb_addc(&sb, '(');
    bool first = true, table = false;
    for (size_t i = 0; i < f->nargs; i++) {
        const cat_funcarg *a = &f->args[i];
        if (a->mode == 't') {
            table = true;
            continue;
        }
        if (!first)
            sb_adds(&sb, ", ");
        first = false;
        if (a->mode == 'o')
            sb_adds(&sb, "OUT ");
        else if (a->mode == 'b')
            sb_adds(&sb, "INOUT ");
        else if (a->mode == 'v')
            sb_adds(&sb, "VARIADIC ");
        if (a->name) {
            pgident_quote_sb(&sb, a->name);
            sb_addc(&sb, ' ');
        }
        sb_adds(&sb, a->type);
        if (a->default_expr)
            sb_addf(&sb, " DEFAULT %s", a->default_expr);
    }
    sb_addc(&sb, ')');
    if (table) {
        sb_adds(&sb, " RETURNS TABLE(");
        first = true;
        for (size_t i = 0; i < f->nargs; i++) {
            const cat_funcarg *a = &f->args[i];
            if (a->mode != 't')
                continue;
            if (!first)
                sb_adds(&sb, ", ");
            first = false;
            if (a->name) {
                pgident_quote_sb(&sb, a->name);
                sb_addc(&sb, ' ');
            }
            sb_adds(&sb, a->type);
        }
        sb_addc(&sb, ')');
    } else if (!proc) {
        sb_addf(&sb, " RETURNS %s", f->returns ? f->returns : "void");
    }
    sb_adds(&sb, "\n    LANGUAGE ");
    pgident_quote_sb(&sb, f->language ? f->language : "sql");
    if (f->transforms.n) {
        sb_adds(&sb, " TRANSFORM ");
        for (size_t i = 0; i < f->transforms.n; i++)
            sb_addf(&sb, "%sFOR TYPE %s", i ? ", " : "", f->transforms.v[i]);
    }
    if (f->prokind == 'w')
        sb_adds(&sb, " WINDOW");
    if (f->volatility == 'i')
        sb_adds(&sb, " IMMUTABLE");
    else if (f->volatility == 's')
        sb_adds(&sb, " STABLE");
    if (f->strict)
        sb_adds(&sb, " STRICT");
    if (f->security_definer)
        sb_adds(&sb, " SECURITY DEFINER");
    if (f->leakproof)
        sb_adds(&sb, " LEAKPROOF");
    if (f->cost != 0)
        sb_addf(&sb, " COST %.15g", f->cost);
    if (f->rows != 0)
        sb_addf(&sb, " ROWS %.15g", f->rows);
    if (f->parallel == 's')
        sb_adds(&sb, " PARALLEL SAFE");
    else if (f->parallel == 'r')
        sb_adds(&sb, " PARALLEL RESTRICTED");
    const char **sets = sqlr_sorted_copy(&f->set_options);
    for (size_t i = 0; i < f->set_options.n; i++)
        set_clause(&sb, sets[i]);
    free(sets);
    const char *body = f->body ? f->body : "";
    const char *lang = f->language ? f->language : "";
    const char *sp = strrchr(body, ' ');
    if (!strcmp(lang, "sql") && (starts_with_word(body, "BEGIN") || starts_with_word(body, "RETURN"))) {
        sb_addf(&sb, "\n    %s", body); /* SQL-standard body */
    } else if (!strcmp(lang, "c") && sp) {
        char *file = xstrndup(body, (size_t)(sp - body));
        sb_adds(&sb, "\n    AS ");
        sqlr_literal(&sb, file);
        sb_adds(&sb, ", ");
        sqlr_literal(&sb, sp + 1);
        free(file);
    } else {
        sb_adds(&sb, "\n    AS ");
        dollar_quote(&sb, body);
    }
    sqlr_emit(out, &sb);
    sqlr_comment_on(out, &f->obj, proc ? "PROCEDURE" : "FUNCTION", "%s", sig.buf);
    sb_release(&sig);
}

/* ---- sequences --------------------------------------------------------------------- */

static void seq_body(strbuf *sb, const cat_seqopts *s)
{
    const char *type = s->type ? s->type : "bigint";
    int64_t tmin = INT64_MIN, tmax = INT64_MAX;
    if (!strcmp(type, "smallint"))
        tmin = -32768, tmax = 32767;
    else if (!strcmp(type, "integer"))
        tmin = INT32_MIN, tmax = INT32_MAX;
    bool asc = s->increment > 0;
    bool min_default = asc ? s->min == 1 : s->min == tmin;
    bool max_default = asc ? s->max == tmax : s->max == -1;
    sb_addf(sb, "    START WITH %lld\n    INCREMENT BY %lld\n", (long long)s->start, (long long)s->increment);
    if (min_default)
        sb_adds(sb, "    NO MINVALUE\n");
    else
        sb_addf(sb, "    MINVALUE %lld\n", (long long)s->min);
    if (max_default)
        sb_adds(sb, "    NO MAXVALUE\n");
    else
        sb_addf(sb, "    MAXVALUE %lld\n", (long long)s->max);
    sb_addf(sb, "    CACHE %lld", (long long)s->cache);
    if (s->cycle)
        sb_adds(sb, "\n    CYCLE");
}

static void render_sequence(const cat_rel *s, strvec *out)
{
    strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
    sqlr_rel_qname(&q, s);
    const cat_column *col = s->owned_by;
    const cat_rel *t = col ? (const cat_rel *)col->obj.parent : NULL;
    if (s->identity_seq && col && col->identity) {
        sb_adds(&sb, "ALTER TABLE ");
        sqlr_rel_qname(&sb, t);
        sb_adds(&sb, " ALTER COLUMN ");
        pgident_quote_sb(&sb, col->name);
        sb_addf(&sb, " ADD GENERATED %s AS IDENTITY (\n    SEQUENCE NAME %s\n",
                col->identity == 'a' ? "ALWAYS" : "BY DEFAULT", q.buf);
        seq_body(&sb, &s->seq);
        sb_adds(&sb, "\n)");
        sqlr_emit(out, &sb);
    } else {
        sb_addf(&sb, "CREATE %sSEQUENCE %s\n", s->unlogged ? "UNLOGGED " : "", q.buf);
        if (s->seq.type && strcmp(s->seq.type, "bigint"))
            sb_addf(&sb, "    AS %s\n", s->seq.type);
        seq_body(&sb, &s->seq);
        sqlr_emit(out, &sb);
        if (col) {
            sb_addf(&sb, "ALTER SEQUENCE %s OWNED BY ", q.buf);
            sqlr_rel_qname(&sb, t);
            sb_addc(&sb, '.');
            pgident_quote_sb(&sb, col->name);
            sqlr_emit(out, &sb);
        }
    }
    sqlr_comment_on(out, &s->obj, "SEQUENCE", "%s", q.buf);
    sb_release(&q);
}

/* ---- privileges ------------------------------------------------------------------------- */

/* "SELECT(a,b),UPDATE" with column names quoted. */
static void privileges_text(strbuf *sb, const char *p)
{
    while (*p) {
        if (*p == '(') {
            sb_addc(sb, '(');
            p++;
            for (;;) {
                size_t n = strcspn(p, ",)");
                char *col = xstrndup(p, n);
                pgident_quote_sb(sb, col);
                free(col);
                p += n;
                if (*p != ',')
                    break;
                sb_adds(sb, ", ");
                p++;
            }
            if (*p == ')')
                sb_addc(sb, *p++);
            continue;
        }
        sb_addc(sb, *p++);
    }
}

static void render_acl(const sql_item *it, strvec *out)
{
    const cat_obj *o = it->obj;
    if (!o->acl.n)
        return;
    strbuf target = STRBUF_INIT;
    switch (it->kind) {
    case IT_SCHEMA:
        sb_adds(&target, "SCHEMA ");
        pgident_quote_sb(&target, ((const cat_schema *)o)->name);
        break;
    case IT_ENUM: case IT_COMPOSITE: case IT_RANGE: case IT_DOMAIN: {
        const cat_type *t = (const cat_type *)o;
        sb_adds(&target, it->kind == IT_DOMAIN ? "DOMAIN " : "TYPE ");
        sqlr_qname(&target, t->schema->name, t->name);
        break;
    }
    case IT_FUNCTION: {
        const cat_func *f = (const cat_func *)o;
        sb_adds(&target, f->prokind == 'p' ? "PROCEDURE " : "FUNCTION ");
        sqlr_func_sig(&target, f);
        break;
    }
    case IT_SEQUENCE: case IT_TABLE: case IT_VIEW: case IT_MATVIEW:
        sb_adds(&target, it->kind == IT_SEQUENCE ? "SEQUENCE " : "TABLE ");
        sqlr_rel_qname(&target, (const cat_rel *)o);
        break;
    default:
        sb_release(&target);
        return;
    }
    const char **v = sqlr_sorted_copy(&o->acl);
    for (size_t i = 0; i < o->acl.n; i++) {
        const char *colon = strchr(v[i], ':');
        if (!colon)
            continue;
        char *who = xstrndup(v[i], (size_t)(colon - v[i]));
        const char *privs = colon + 1;
        const char *grant_opt = strstr(privs, " WITH GRANT OPTION");
        char *pv = grant_opt ? xstrndup(privs, (size_t)(grant_opt - privs)) : xstrdup(privs);
        strbuf sb = STRBUF_INIT;
        sb_adds(&sb, "GRANT ");
        privileges_text(&sb, pv);
        sb_addf(&sb, " ON %s TO ", target.buf);
        sqlr_role(&sb, who);
        if (grant_opt)
            sb_adds(&sb, " WITH GRANT OPTION");
        sqlr_emit(out, &sb);
        free(pv);
        free(who);
    }
    free(v);
    sb_release(&target);
}

/* ---- driver -------------------------------------------------------------------------------- */

void sqlr_describe(strbuf *sb, const sql_item *it)
{
    switch (it->kind) {
    case IT_DEFAULT:
        sb_addf(sb, "default for column %s of ", it->col->name);
        cat_describe(it->obj, sb);
        break;
    case IT_RLS:
        sb_adds(sb, "row level security of ");
        cat_describe(it->obj, sb);
        break;
    default:
        cat_describe(it->obj, sb);
    }
}

static void render_item(const sql_plan *p, const sql_item *it, strvec *out)
{
    const cat_obj *o = it->obj;
    switch (it->kind) {
    case IT_SCHEMA: render_schema((const cat_schema *)o, out); break;
    case IT_EXTENSION: render_extension((const cat_extension *)o, out); break;
    case IT_ENUM: case IT_DOMAIN: case IT_COMPOSITE: case IT_RANGE:
        render_type((const cat_type *)o, out);
        break;
    case IT_FUNCTION: render_function((const cat_func *)o, out); break;
    case IT_SEQUENCE: render_sequence((const cat_rel *)o, out); break;
    case IT_TABLE: sqlr_table(p, (const cat_rel *)o, out); break;
    case IT_DEFAULT: sqlr_default((const cat_rel *)o, it->col, out); break;
    case IT_CONSTRAINT: case IT_FK: sqlr_constraint((const cat_constraint *)o, out); break;
    case IT_INDEX: sqlr_index((const cat_index *)o, out); break;
    case IT_VIEW: case IT_MATVIEW: sqlr_view((const cat_rel *)o, out); break;
    case IT_TRIGGER: sqlr_trigger((const cat_trigger *)o, out); break;
    case IT_RLS: sqlr_rls((const cat_rel *)o, out); break;
    case IT_POLICY: sqlr_policy((const cat_policy *)o, out); break;
    }
}

void sqlr_object(const sql_plan *p, const cat_obj *o, strvec *out)
{
    switch (o->kind) {
    case OBJ_SCHEMA: render_schema((const cat_schema *)o, out); break;
    case OBJ_EXTENSION: render_extension((const cat_extension *)o, out); break;
    case OBJ_TYPE: render_type((const cat_type *)o, out); break;
    case OBJ_FUNCTION: render_function((const cat_func *)o, out); break;
    case OBJ_REL: {
        const cat_rel *r = (const cat_rel *)o;
        if (r->relkind == 'S')
            render_sequence(r, out);
        else if (r->relkind == 'v' || r->relkind == 'm')
            sqlr_view(r, out);
        else
            sqlr_table(p, r, out);
        break;
    }
    case OBJ_CONSTRAINT: sqlr_constraint((const cat_constraint *)o, out); break;
    case OBJ_INDEX: sqlr_index((const cat_index *)o, out); break;
    case OBJ_TRIGGER: sqlr_trigger((const cat_trigger *)o, out); break;
    case OBJ_POLICY: sqlr_policy((const cat_policy *)o, out); break;
    case OBJ_COLUMN: break; /* printed by its table or type */
    }
}

static const char preamble[] =
    "SET statement_timeout = 0;\n"
    "SET lock_timeout = 0;\n"
    "SET idle_in_transaction_session_timeout = 0;\n"
    "SET client_encoding = 'UTF8';\n"
    "SET standard_conforming_strings = on;\n"
    "SELECT pg_catalog.set_config('search_path', '', false);\n"
    "SET check_function_bodies = false;\n"
    "SET xmloption = content;\n"
    "SET client_min_messages = warning;\n"
    "SET row_security = off;\n"
    "SET default_tablespace = '';\n"
    "SET default_table_access_method = heap;\n";

int catalog_to_sql(const catalog *c, const sql_opts *o, strbuf *out, strbuf *err)
{
    static const sql_opts defaults = {0};
    const sql_opts *opt = o ? o : &defaults;
    sql_plan p;
    memset(&p, 0, sizeof(p));
    p.cat = c;
    p.privileges = opt->privileges;
    if (sqlp_plan(&p, err) < 0) {
        sqlp_free(&p);
        free(p.split);
        return -1;
    }
    strvec stmts = STRVEC_INIT;
    for (size_t i = 0; i < p.nitems; i++)
        render_item(&p, &p.items[p.order[i]], &stmts);
    if (opt->privileges)
        for (size_t i = 0; i < p.nitems; i++)
            render_acl(&p.items[p.order[i]], &stmts);
    if (!opt->no_preamble)
        sb_adds(out, preamble);
    for (size_t i = 0; i < stmts.n; i++) {
        if (i || !opt->no_preamble)
            sb_addc(out, '\n');
        sb_adds(out, stmts.v[i]);
    }
    strvec_clear(&stmts);
    sqlp_free(&p);
    free(p.split);
    return 0;
}
