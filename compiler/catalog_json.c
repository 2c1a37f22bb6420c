/* catalog_json: the catalog as JSON.  See catalog_json.h for the shape.
 *
 * Built as a json-c tree and serialised once, so escaping is json-c's and
 * never ours.  json-c keeps object keys in insertion order, which makes
 * the key order below part of the format.  Object lists are copied into a
 * scratch array of (key1, key2, pointer) and sorted by the keys with
 * strcmp (byte order, locale-independent), so the output never depends on
 * the order objects were inserted in the catalog.  The put_* helpers
 * encode the omission rule in one place: NULL strings, false booleans and
 * empty lists are never written. */
#include "catalog_json.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "pgident.h"

typedef json_object jobj;

/* ---- small writers ------------------------------------------------------ */

static void put(jobj *o, const char *k, jobj *v)
{
    json_object_object_add(o, k, v);
}

static void put_str(jobj *o, const char *k, const char *v)
{
    if (v)
        put(o, k, json_object_new_string(v));
}

static void put_bool(jobj *o, const char *k, bool v)
{
    if (v)
        put(o, k, json_object_new_boolean(1));
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static jobj *strvec_array(const strvec *sv, bool sorted)
{
    jobj *a = json_object_new_array();
    const char **v = xcalloc(sv->n + 1, sizeof(char *));
    for (size_t i = 0; i < sv->n; i++)
        v[i] = sv->v[i];
    if (sorted && sv->n > 1)
        qsort(v, sv->n, sizeof(char *), cmp_cstr);
    for (size_t i = 0; i < sv->n; i++)
        json_object_array_add(a, json_object_new_string(v[i]));
    free(v);
    return a;
}

static void put_strvec(jobj *o, const char *k, const strvec *sv, bool sorted)
{
    if (sv->n)
        put(o, k, strvec_array(sv, sorted));
}

/* A number the way PostgreSQL prints a float8 setting: no binary noise. */
static void put_number(jobj *o, const char *k, double d)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%.15g", d);
    put(o, k, json_object_new_double_s(d, buf));
}

/* Fields every object may carry. */
static void put_common(jobj *o, const cat_obj *ob, const json_opts *opt)
{
    /* An extension's comment is set by the extension's own script (pg_dump
     * restates it; a history never does), so it is not part of the schema
     * a history defines and is left out to keep catalogs comparable. */
    if (ob->kind != OBJ_EXTENSION)
        put_str(o, "comment", ob->comment);
    put_str(o, "extension", ob->ext);
    if (opt->privileges) {
        put_str(o, "owner", ob->owner);
        put_strvec(o, "acl", &ob->acl, true);
    }
    if (opt->locations && ob->loc.path) {
        char *l = xasprintf("%s:%d", ob->loc.path, ob->loc.line);
        put_str(o, "location", l);
        free(l);
    }
}

/* ---- deterministic order ------------------------------------------------ */

typedef struct keyed {
    const char *k1, *k2;
    void *p;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int r = strcmp(x->k1, y->k1);
    return r ? r : strcmp(x->k2, y->k2);
}

/* Sorts n entries in place; entries must have k1 and k2 set (use "" for
 * an unused key). */
static void sort_keyed(keyed *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof(keyed), cmp_keyed);
}

/* ---- pieces -------------------------------------------------------------- */

static jobj *qualified_ref(const char *schema, const char *name, const char *namekey)
{
    jobj *o = json_object_new_object();
    put_str(o, "schema", schema);
    put_str(o, namekey, name);
    return o;
}

static jobj *column_json(const cat_column *col, bool inheritance, const json_opts *opt)
{
    jobj *o = json_object_new_object();
    put_str(o, "name", col->name);
    if (col->type && *col->type)
        put_str(o, "type", col->type);
    put_bool(o, "not_null", col->not_null);
    put_str(o, "default", col->default_expr);
    put_str(o, "collation", col->collation);
    if (col->identity)
        put_str(o, "identity", col->identity == 'a' ? "always" : "by default");
    put_str(o, "generated", col->generated);
    if (inheritance) {
        if (!col->is_local)
            put(o, "local", json_object_new_boolean(0));
        if (col->inh_count)
            put(o, "inh_count", json_object_new_int(col->inh_count));
    }
    put_common(o, &col->obj, opt);
    return o;
}

static const char *con_type_word(char t)
{
    switch (t) {
    case CON_PRIMARY: return "primary key";
    case CON_UNIQUE: return "unique";
    case CON_FOREIGN: return "foreign key";
    case CON_CHECK: return "check";
    case CON_EXCLUDE: return "exclude";
    default: return "unknown";
    }
}

static const char *fk_action_word(char a)
{
    switch (a) {
    case 'r': return "restrict";
    case 'c': return "cascade";
    case 'n': return "set null";
    case 'd': return "set default";
    default: return NULL; /* no action: the default */
    }
}

static jobj *constraint_json(const cat_constraint *k, bool inheritance, const json_opts *opt)
{
    jobj *o = json_object_new_object();
    put_str(o, "name", k->name);
    put_str(o, "type", con_type_word(k->type));
    put_strvec(o, "columns", &k->columns, false);
    put_strvec(o, "include", &k->include, false);
    put_str(o, "expr", k->expr);
    put_str(o, "exclusion", k->exclusion);
    put_bool(o, "nulls_not_distinct", k->nulls_not_distinct);
    put_bool(o, "deferrable", k->deferrable);
    put_bool(o, "deferred", k->deferred);
    put_bool(o, "not_valid", k->not_valid);
    put_bool(o, "no_inherit", k->no_inherit);
    if (inheritance && !k->is_local)
        put(o, "local", json_object_new_boolean(0));
    if (k->type == CON_FOREIGN) {
        if (k->ref) {
            jobj *r = qualified_ref(k->ref->schema->name, k->ref->name, "table");
            put(r, "columns", strvec_array(&k->ref_columns, false));
            put(o, "references", r);
        }
        if (k->match == 'f')
            put_str(o, "match", "full");
        else if (k->match == 'p')
            put_str(o, "match", "partial");
        put_str(o, "on_update", fk_action_word(k->on_update));
        put_str(o, "on_delete", fk_action_word(k->on_delete));
        put_strvec(o, "on_delete_columns", &k->on_delete_columns, false);
    }
    put_strvec(o, "index_options", &k->index_options, true);
    put_common(o, &k->obj, opt);
    return o;
}

static jobj *index_json(const cat_index *ix, const json_opts *opt)
{
    jobj *o = json_object_new_object();
    put_str(o, "name", ix->name);
    put_bool(o, "unique", ix->unique);
    put_bool(o, "nulls_not_distinct", ix->nulls_not_distinct);
    put_str(o, "method", ix->method);
    put(o, "elems", strvec_array(&ix->elems, false));
    put_strvec(o, "include", &ix->include, false);
    put_str(o, "where", ix->where);
    put_strvec(o, "options", &ix->options, true);
    put_str(o, "tablespace", ix->tablespace);
    if (ix->constraint)
        put_str(o, "constraint", ix->constraint->name);
    put_bool(o, "invalid", ix->invalid);
    put_common(o, &ix->obj, opt);
    return o;
}

static jobj *trigger_json(const cat_trigger *t, const json_opts *opt)
{
    jobj *o = json_object_new_object();
    put_str(o, "name", t->name);
    put_str(o, "timing", t->timing == 'B' ? "before" : t->timing == 'I' ? "instead of" : "after");
    jobj *ev = json_object_new_array();
    static const struct { int bit; const char *word; } evs[] = {
        {TRIG_INSERT, "insert"}, {TRIG_DELETE, "delete"}, {TRIG_UPDATE, "update"}, {TRIG_TRUNCATE, "truncate"}};
    for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
        if (t->events & evs[i].bit)
            json_object_array_add(ev, json_object_new_string(evs[i].word));
    put(o, "events", ev);
    put_strvec(o, "update_columns", &t->update_columns, false);
    put_str(o, "level", t->for_each_row ? "row" : "statement");
    put_str(o, "when", t->when);
    if (t->func)
        put(o, "function", qualified_ref(t->func->schema->name, t->func->identity, "identity"));
    put_strvec(o, "args", &t->args, false);
    put_bool(o, "constraint", t->is_constraint);
    put_bool(o, "deferrable", t->deferrable);
    put_bool(o, "deferred", t->deferred);
    put_str(o, "from", t->constr_ref);
    put_str(o, "old_table", t->old_table);
    put_str(o, "new_table", t->new_table);
    if (t->enabled == 'D')
        put_str(o, "enabled", "disabled");
    else if (t->enabled == 'R')
        put_str(o, "enabled", "replica");
    else if (t->enabled == 'A')
        put_str(o, "enabled", "always");
    put_common(o, &t->obj, opt);
    return o;
}

static const char *policy_cmd_word(char c)
{
    switch (c) {
    case 'r': return "select";
    case 'a': return "insert";
    case 'w': return "update";
    case 'd': return "delete";
    default: return "all";
    }
}

static jobj *policy_json(const cat_policy *p, const json_opts *opt)
{
    jobj *o = json_object_new_object();
    put_str(o, "name", p->name);
    put_bool(o, "restrictive", !p->permissive);
    put_str(o, "command", policy_cmd_word(p->cmd));
    put(o, "roles", strvec_array(&p->roles, true));
    put_str(o, "using", p->using_expr);
    put_str(o, "check", p->check_expr);
    put_common(o, &p->obj, opt);
    return o;
}

/* ---- relations -------------------------------------------------------------- */

static const char *relkind_word(char k)
{
    switch (k) {
    case 'p': return "partitioned_table";
    case 'v': return "view";
    case 'm': return "materialized_view";
    case 'S': return "sequence";
    default: return "table";
    }
}

/* Adds key -> array of fn(item) for n items sorted by name. */
#define PUT_SORTED_BY_NAME(obj, key, arr, n, type, fn, ...)                    \
    do {                                                                       \
        if ((n) > 0) {                                                         \
            keyed *kv_ = xcalloc((n), sizeof(keyed));                          \
            for (size_t i_ = 0; i_ < (n); i_++)                                \
                kv_[i_] = (keyed){(arr)[i_]->name, "", (arr)[i_]};             \
            sort_keyed(kv_, (n));                                              \
            jobj *a_ = json_object_new_array();                                \
            for (size_t i_ = 0; i_ < (n); i_++)                                \
                json_object_array_add(a_, fn((type *)kv_[i_].p, __VA_ARGS__)); \
            put((obj), (key), a_);                                             \
            free(kv_);                                                         \
        }                                                                      \
    } while (0)

static jobj *rel_json(const cat_rel *r, const json_opts *opt)
{
    jobj *o = json_object_new_object();
    put_str(o, "schema", r->schema->name);
    put_str(o, "name", r->name);
    put_str(o, "kind", relkind_word(r->relkind));
    put_bool(o, "unlogged", r->unlogged);
    /* attislocal/attinhcount are meaningful for inheritance only; see the
     * header for why partitions leave them out. */
    bool inheritance = r->partition_of == NULL;
    if (r->ncols) {
        jobj *a = json_object_new_array();
        for (size_t i = 0; i < r->ncols; i++)
            json_object_array_add(a, column_json(r->cols[i], inheritance, opt));
        put(o, "columns", a);
    }
    PUT_SORTED_BY_NAME(o, "constraints", r->cons, r->ncons, cat_constraint, constraint_json, inheritance, opt);
    PUT_SORTED_BY_NAME(o, "indexes", r->idx, r->nidx, cat_index, index_json, opt);
    PUT_SORTED_BY_NAME(o, "triggers", r->trig, r->ntrig, cat_trigger, trigger_json, opt);
    PUT_SORTED_BY_NAME(o, "policies", r->pol, r->npol, cat_policy, policy_json, opt);
    put_strvec(o, "options", &r->options, true);
    put_str(o, "tablespace", r->tablespace);
    put_str(o, "partition_key", r->partition_key);
    if (r->partition_of)
        put(o, "partition_of", qualified_ref(r->partition_of->schema->name, r->partition_of->name, "name"));
    put_str(o, "partition_bound", r->partition_bound);
    if (r->ninherits) {
        jobj *a = json_object_new_array();
        for (size_t i = 0; i < r->ninherits; i++)
            json_object_array_add(a, qualified_ref(r->inherits[i]->schema->name, r->inherits[i]->name, "name"));
        put(o, "inherits", a);
    }
    put_bool(o, "rls_enabled", r->rls_enabled);
    put_bool(o, "rls_forced", r->rls_forced);
    put_str(o, "query", r->query);
    put_str(o, "check_option", r->check_option);
    if (r->relkind == 'S') {
        const cat_seqopts *s = &r->seq;
        jobj *so = json_object_new_object();
        put_str(so, "type", s->type ? s->type : "bigint");
        put(so, "start", json_object_new_int64(s->start));
        put(so, "increment", json_object_new_int64(s->increment));
        put(so, "min", json_object_new_int64(s->min));
        put(so, "max", json_object_new_int64(s->max));
        put(so, "cache", json_object_new_int64(s->cache));
        put_bool(so, "cycle", s->cycle);
        put(o, "sequence", so);
        if (r->owned_by) {
            const cat_rel *t = (const cat_rel *)r->owned_by->obj.parent;
            strbuf sb = STRBUF_INIT;
            pgident_quote_sb(&sb, t->name);
            sb_addc(&sb, '.');
            pgident_quote_sb(&sb, r->owned_by->name);
            put_str(o, "owned_by", sb.buf);
            sb_release(&sb);
        }
        put_bool(o, "identity", r->identity_seq);
    }
    put_common(o, &r->obj, opt);
    return o;
}

/* ---- types, functions, schemas, extensions ----------------------------------- */

static const char *typkind_word(char k)
{
    switch (k) {
    case 'e': return "enum";
    case 'c': return "composite";
    case 'd': return "domain";
    case 'r': return "range";
    default: return "unknown";
    }
}

static jobj *domain_check_json(const cat_constraint *k, const json_opts *opt)
{
    jobj *o = json_object_new_object();
    put_str(o, "name", k->name);
    put_str(o, "expr", k->expr);
    put_bool(o, "not_valid", k->not_valid);
    put_common(o, &k->obj, opt);
    return o;
}

static jobj *type_json(const cat_type *t, const json_opts *opt)
{
    jobj *o = json_object_new_object();
    put_str(o, "schema", t->schema->name);
    put_str(o, "name", t->name);
    put_str(o, "kind", typkind_word(t->typkind));
    switch (t->typkind) {
    case 'e':
        put(o, "labels", strvec_array(&t->labels, false));
        break;
    case 'c': {
        jobj *a = json_object_new_array();
        for (size_t i = 0; i < t->nattrs; i++)
            json_object_array_add(a, column_json(t->attrs[i], false, opt));
        put(o, "attributes", a);
        break;
    }
    case 'd':
        put_str(o, "base_type", t->base_type);
        put_bool(o, "not_null", t->not_null);
        put_str(o, "default", t->default_expr);
        put_str(o, "collation", t->collation);
        PUT_SORTED_BY_NAME(o, "checks", t->checks, t->nchecks, cat_constraint, domain_check_json, opt);
        break;
    case 'r':
        put_str(o, "subtype", t->subtype);
        put_str(o, "subtype_opclass", t->subtype_opclass);
        put_str(o, "collation", t->collation);
        put_str(o, "canonical", t->canonical_fn);
        put_str(o, "subtype_diff", t->subtype_diff_fn);
        put_str(o, "multirange", t->multirange);
        break;
    default:
        break;
    }
    put_common(o, &t->obj, opt);
    return o;
}

static const char *prokind_word(char k)
{
    switch (k) {
    case 'p': return "procedure";
    case 'a': return "aggregate";
    case 'w': return "window";
    default: return "function";
    }
}

static const char *argmode_word(char m)
{
    switch (m) {
    case 'o': return "out";
    case 'b': return "inout";
    case 'v': return "variadic";
    case 't': return "table";
    default: return NULL; /* in */
    }
}

static jobj *func_json(const cat_func *f, const json_opts *opt)
{
    jobj *o = json_object_new_object();
    put_str(o, "schema", f->schema->name);
    put_str(o, "name", f->name);
    put_str(o, "identity", f->identity);
    put_str(o, "kind", prokind_word(f->prokind));
    if (f->nargs) {
        jobj *a = json_object_new_array();
        for (size_t i = 0; i < f->nargs; i++) {
            const cat_funcarg *fa = &f->args[i];
            jobj *ao = json_object_new_object();
            put_str(ao, "mode", argmode_word(fa->mode));
            put_str(ao, "name", fa->name);
            put_str(ao, "type", fa->type);
            put_str(ao, "default", fa->default_expr);
            json_object_array_add(a, ao);
        }
        put(o, "args", a);
    }
    put_str(o, "returns", f->returns);
    put_str(o, "language", f->language);
    put_str(o, "body", f->body);
    put_str(o, "volatility", f->volatility == 'i' ? "immutable" : f->volatility == 's' ? "stable" : "volatile");
    put_bool(o, "strict", f->strict);
    put_bool(o, "security_definer", f->security_definer);
    put_bool(o, "leakproof", f->leakproof);
    if (f->parallel == 's')
        put_str(o, "parallel", "safe");
    else if (f->parallel == 'r')
        put_str(o, "parallel", "restricted");
    if (f->cost != 0)
        put_number(o, "cost", f->cost);
    if (f->rows != 0)
        put_number(o, "rows", f->rows);
    put_strvec(o, "set", &f->set_options, true);
    put_strvec(o, "transforms", &f->transforms, false);
    put_common(o, &f->obj, opt);
    return o;
}

/* ---- the document ---------------------------------------------------------------- */

int catalog_to_json(const catalog *c, const json_opts *o, strbuf *out)
{
    static const json_opts defaults = {0};
    const json_opts *opt = o ? o : &defaults;
    size_t most = c->nschemas;
    if (c->nexts > most)
        most = c->nexts;
    if (c->ntypes > most)
        most = c->ntypes;
    if (c->nfuncs > most)
        most = c->nfuncs;
    if (c->nrels > most)
        most = c->nrels;
    keyed *kv = xcalloc(most + 1, sizeof(keyed));

    jobj *root = json_object_new_object();
    put(root, "version", json_object_new_int(1));

    jobj *a = json_object_new_array();
    for (size_t i = 0; i < c->nschemas; i++)
        kv[i] = (keyed){c->schemas[i]->name, "", c->schemas[i]};
    sort_keyed(kv, c->nschemas);
    for (size_t i = 0; i < c->nschemas; i++) {
        const cat_schema *s = kv[i].p;
        jobj *so = json_object_new_object();
        put_str(so, "name", s->name);
        put_common(so, &s->obj, opt);
        json_object_array_add(a, so);
    }
    put(root, "schemas", a);

    a = json_object_new_array();
    for (size_t i = 0; i < c->nexts; i++)
        kv[i] = (keyed){c->exts[i]->name, "", c->exts[i]};
    sort_keyed(kv, c->nexts);
    for (size_t i = 0; i < c->nexts; i++) {
        const cat_extension *e = kv[i].p;
        jobj *eo = json_object_new_object();
        put_str(eo, "name", e->name);
        put_str(eo, "schema", e->schema);
        put_str(eo, "version", e->version);
        put_common(eo, &e->obj, opt);
        json_object_array_add(a, eo);
    }
    put(root, "extensions", a);

    a = json_object_new_array();
    for (size_t i = 0; i < c->ntypes; i++)
        kv[i] = (keyed){c->types[i]->schema->name, c->types[i]->name, c->types[i]};
    sort_keyed(kv, c->ntypes);
    for (size_t i = 0; i < c->ntypes; i++)
        json_object_array_add(a, type_json(kv[i].p, opt));
    put(root, "types", a);

    a = json_object_new_array();
    for (size_t i = 0; i < c->nfuncs; i++)
        kv[i] = (keyed){c->funcs[i]->schema->name, c->funcs[i]->identity, c->funcs[i]};
    sort_keyed(kv, c->nfuncs);
    for (size_t i = 0; i < c->nfuncs; i++)
        json_object_array_add(a, func_json(kv[i].p, opt));
    put(root, "functions", a);

    a = json_object_new_array();
    for (size_t i = 0; i < c->nrels; i++)
        kv[i] = (keyed){c->rels[i]->schema->name, c->rels[i]->name, c->rels[i]};
    sort_keyed(kv, c->nrels);
    for (size_t i = 0; i < c->nrels; i++)
        json_object_array_add(a, rel_json(kv[i].p, opt));
    put(root, "relations", a);
    free(kv);

    const char *text = json_object_to_json_string_ext(
        root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = -1;
    if (text) {
        sb_adds(out, text);
        sb_addc(out, '\n');
        rc = 0;
    }
    json_object_put(root);
    return rc;
}
