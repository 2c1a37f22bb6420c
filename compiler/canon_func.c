/* canon_func: names resolved through the catalog in expressions --
 * function calls and relations named by 'name'::regclass literals.
 *
 * A user function (one the catalog holds) is written schema-qualified and
 * becomes a dependency; any other function is a builtin or belongs to an
 * extension (whose members the catalog does not model) and is written
 * unqualified, so pg_dump's public.uuid_generate_v4() and a migration's
 * uuid_generate_v4() agree.  Knowing a user function's parameter types
 * also tells which argument casts are the server's own coercions. */
#include "canon_int.h"
#include "pgident.h"

#include <string.h>

/* A relation named by a string literal ('users'::regclass,
 * nextval('users_id_seq')): resolved and written schema-qualified. */
void cn_regclass_literal(cn_state *st, PgQuery__AConst *c)
{
    if (c->val_case != PG_QUERY__A__CONST__VAL_SVAL || !st->cx->cat)
        return;
    const char *s = c->sval->sval;
    if (strchr(s, '"'))
        return; /* quoted parts: rare; keep as written */
    char *copy = xstrdup(s);
    for (char *p = copy; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p += 'a' - 'A';
    char *dot = strchr(copy, '.');
    const char *schema = NULL, *name = copy;
    if (dot) {
        *dot = '\0';
        schema = copy;
        name = dot + 1;
        if (strchr(name, '.')) {
            free(copy);
            return;
        }
    }
    cat_rel *r = cat_rel_lookup(st->cx->cat, schema, name);
    free(copy);
    if (!r)
        return;
    strbuf sb = STRBUF_INIT;
    pgident_quote_sb(&sb, r->schema->name);
    sb_addc(&sb, '.');
    pgident_quote_sb(&sb, r->name);
    cn_set_str(&c->sval->sval, sb_str(&sb));
    sb_release(&sb);
    cn_dep(st, &r->obj);
}

/* User functions named fname visible from schema (or the search path):
 * the ones in the first schema that has any. */
static size_t find_funcs(cn_state *st, const char *schema, const char *fname,
                         cat_func **out, size_t max)
{
    catalog *c = st->cx->cat;
    if (!c)
        return 0;
    size_t npath = schema ? 1 : c->search_path.n;
    for (size_t p = 0; p < npath; p++) {
        const char *sn = schema ? schema : c->search_path.v[p];
        size_t n = 0;
        for (size_t i = 0; i < c->nfuncs; i++)
            if (!strcmp(c->funcs[i]->name, fname) && !strcmp(c->funcs[i]->schema->name, sn) &&
                n < max)
                out[n++] = c->funcs[i];
        if (n)
            return n;
    }
    return 0;
}

static size_t input_args(const cat_func *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->nargs; i++)
        if (f->args[i].mode == 'i' || f->args[i].mode == 'b' || f->args[i].mode == 'v' ||
            !f->args[i].mode)
            n++;
    return n;
}

static const char *builtin_result(const char *fname)
{
    static const struct { const char *f, *t; } tab[] = {
        {"count", "bigint"},
        {"now", "timestamp with time zone"},
        {"lower", "text"}, {"upper", "text"}, {"btrim", "text"}, {"concat", "text"},
        {"length", "integer"}, {"char_length", "integer"},
        {"random", "double precision"},
    };
    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
        if (!strcmp(tab[i].f, fname))
            return tab[i].t;
    return NULL;
}

static PgQuery__Node *mk_regclass_cast(PgQuery__Node *arg)
{
    PgQuery__TypeCast *tc = xmalloc(sizeof(*tc));
    pg_query__type_cast__init(tc);
    tc->arg = arg;
    tc->type_name = xmalloc(sizeof(*tc->type_name));
    pg_query__type_name__init(tc->type_name);
    tc->type_name->n_names = 1;
    tc->type_name->names = xmalloc(sizeof(PgQuery__Node *));
    tc->type_name->names[0] = ast_string("regclass");
    tc->type_name->typemod = -1;
    tc->location = -1;
    return cn_node(PG_QUERY__NODE__NODE_TYPE_CAST, tc);
}

const char *cn_func_call(cn_state *st, PgQuery__Node *n)
{
    PgQuery__FuncCall *fc = n->func_call;
    size_t nn = fc->n_funcname;
    const char *fname = nn ? ast_str(fc->funcname[nn - 1]) : NULL;
    const char *schema = nn >= 2 ? ast_str(fc->funcname[nn - 2]) : NULL;
    if (!fname) {
        cn_children(st, &fc->base);
        return NULL;
    }
    cat_func *cands[16];
    size_t nc = 0;
    if (!schema || strcmp(schema, "pg_catalog"))
        nc = find_funcs(st, schema, fname, cands, 16);
    /* nextval('seq') takes a regclass: make the conversion explicit so the
     * sequence is resolved like any 'name'::regclass. */
    if (!nc && fc->n_args >= 1 && cn_is_literal(fc->args[0]) &&
        fc->args[0]->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
        (!strcmp(fname, "nextval") || !strcmp(fname, "currval") || !strcmp(fname, "setval")))
        fc->args[0] = mk_regclass_cast(fc->args[0]);
    cn_children(st, &fc->base);
    const char *result = NULL;
    if (nc) {
        /* Schema-qualified, and a dependency on the function called: the
         * one overload taking this many arguments, else every candidate. */
        cat_func *f = NULL;
        size_t nmatch = 0;
        for (size_t i = 0; i < nc; i++)
            if (input_args(cands[i]) == fc->n_args)
                f = cands[i], nmatch++;
        if (nmatch != 1)
            f = NULL;
        for (size_t i = 0; i < nc; i++)
            if (!f || f == cands[i])
                cn_dep(st, &cands[i]->obj);
        PgQuery__Node *last = fc->funcname[nn - 1];
        for (size_t i = 0; i + 1 < nn; i++)
            ast_free(fc->funcname[i]);
        fc->n_funcname = 2;
        fc->funcname = xrealloc(fc->funcname, 2 * sizeof(*fc->funcname));
        fc->funcname[0] = ast_string(cands[0]->schema->name);
        fc->funcname[1] = last;
        if (f) {
            /* The server coerces each argument to the parameter type; an
             * explicit cast to that same type is the same call. */
            size_t k = 0;
            for (size_t i = 0; i < f->nargs && k < fc->n_args; i++) {
                if (f->args[i].mode == 'o' || f->args[i].mode == 't')
                    continue;
                PgQuery__Node *a = fc->args[k++];
                if (a->node_case != PG_QUERY__NODE__NODE_TYPE_CAST || !f->args[i].type)
                    continue;
                PgQuery__TypeName *tn = a->type_cast->type_name;
                if (tn && tn->n_typmods)
                    continue;
                const char *want = cn_type_base(st, f->args[i].type);
                const char *have = cn_typename(st, &a->type_cast->type_name);
                if (have && want && !strcmp(have, want))
                    cn_unwrap_cast(a);
            }
            if (f->returns && strncmp(f->returns, "SETOF ", 6) && strncmp(f->returns, "TABLE(", 6))
                result = cn_type_base(st, f->returns);
        }
    } else if (fc->funcformat != PG_QUERY__COERCION_FORM__COERCE_SQL_SYNTAX) {
        /* Not a catalog function: a builtin (or an extension's, which the
         * catalog does not hold), written unqualified.  Calls the grammar
         * made from SQL syntax (EXTRACT, POSITION, AT TIME ZONE) keep
         * pg_catalog so they print as that syntax again. */
        if (nn > 1) {
            for (size_t i = 0; i + 1 < nn; i++)
                ast_free(fc->funcname[i]);
            fc->funcname[0] = fc->funcname[nn - 1];
            fc->n_funcname = 1;
        }
        result = builtin_result(fname);
    }
    return result;
}

