/* catalog: construction, lookup, renames and dependency-aware drops.
 * See catalog.h for the model.
 *
 * Drops work like PostgreSQL's dependency.c, simplified: mark the object
 * and everything it owns; then repeatedly scan all objects for ones that
 * depend on something marked: AUTO dependents are marked silently, NORMAL
 * ones are marked under CASCADE or reported under RESTRICT, DEFAULT ones
 * lose just their default.  Finally one sweep unlinks and frees everything
 * marked.  The scan is over the whole catalog, which is what makes the
 * answer exact without maintaining reverse edges through renames. */
#include "catalog.h"
#include "deparse.h"

#include <assert.h>
#include <string.h>

/* ---- keys and interning -------------------------------------------------- */

char *cat_key(const char *schema, const char *name)
{
    return xasprintf("%s\x1f%s", schema ? schema : "", name);
}

const char *cat_intern_path(catalog *c, const char *path)
{
    if (!path)
        return NULL;
    const char *p = hm_get(&c->paths, path);
    if (p)
        return p;
    char *copy = xstrdup(path);
    hm_put(&c->paths, path, copy);
    return copy;
}

catalog *catalog_new(void)
{
    catalog *c = xcalloc(1, sizeof(*c));
    strvec_push(&c->search_path, "$user");
    strvec_push(&c->search_path, "public");
    cat_schema_add(c, "public");
    return c;
}

/* ---- lookups --------------------------------------------------------------- */

static void *map_get2(const hashmap *m, const char *schema, const char *name)
{
    char *k = cat_key(schema, name);
    void *v = hm_get(m, k);
    free(k);
    return v;
}

cat_schema *cat_schema_get(const catalog *c, const char *name)
{
    return hm_get(&c->schema_map, name);
}

cat_rel *cat_rel_get(const catalog *c, const char *schema, const char *name)
{
    return map_get2(&c->rel_map, schema, name);
}

cat_index *cat_index_get(const catalog *c, const char *schema, const char *name)
{
    return map_get2(&c->index_map, schema, name);
}

cat_type *cat_type_get(const catalog *c, const char *schema, const char *name)
{
    return map_get2(&c->type_map, schema, name);
}

cat_func *cat_func_get(const catalog *c, const char *schema, const char *identity)
{
    return map_get2(&c->func_map, schema, identity);
}

cat_extension *cat_ext_get(const catalog *c, const char *name)
{
    return hm_get(&c->ext_map, name);
}

cat_schema *cat_creation_schema(const catalog *c)
{
    for (size_t i = 0; i < c->search_path.n; i++) {
        const char *s = c->search_path.v[i];
        if (!strcmp(s, "$user"))
            continue; /* no role schema exists unless created; see README */
        cat_schema *sc = cat_schema_get(c, s);
        if (sc)
            return sc;
    }
    return NULL;
}

cat_rel *cat_rel_lookup(const catalog *c, const char *schema, const char *name)
{
    if (schema)
        return cat_rel_get(c, schema, name);
    for (size_t i = 0; i < c->search_path.n; i++) {
        cat_rel *r = cat_rel_get(c, c->search_path.v[i], name);
        if (r)
            return r;
    }
    return NULL;
}

cat_index *cat_index_lookup(const catalog *c, const char *schema, const char *name)
{
    if (schema)
        return cat_index_get(c, schema, name);
    for (size_t i = 0; i < c->search_path.n; i++) {
        cat_index *ix = cat_index_get(c, c->search_path.v[i], name);
        if (ix)
            return ix;
    }
    return NULL;
}

cat_type *cat_type_lookup(const catalog *c, const char *schema, const char *name)
{
    if (schema)
        return cat_type_get(c, schema, name);
    for (size_t i = 0; i < c->search_path.n; i++) {
        cat_type *t = cat_type_get(c, c->search_path.v[i], name);
        if (t)
            return t;
    }
    return NULL;
}

bool cat_relname_taken(const catalog *c, const cat_schema *s, const char *name)
{
    if (cat_rel_get(c, s->name, name) || cat_index_get(c, s->name, name))
        return true;
    cat_type *t = cat_type_get(c, s->name, name);
    return t && t->typkind == 'c';
}

/* ---- constructors ------------------------------------------------------------ */

/* Process-wide, so serials never repeat across catalogs; atomic, though
 * catalogs are built on one thread, because it costs nothing. */
static uint64_t serial_counter;

uint64_t cat_serial_now(void)
{
    return __atomic_load_n(&serial_counter, __ATOMIC_RELAXED);
}

static void obj_init(cat_obj *o, obj_kind k, cat_obj *parent)
{
    memset(o, 0, sizeof(*o));
    o->kind = k;
    o->parent = parent;
    o->serial = __atomic_add_fetch(&serial_counter, 1, __ATOMIC_RELAXED);
}

cat_schema *cat_schema_add(catalog *c, const char *name)
{
    cat_schema *s = xcalloc(1, sizeof(*s));
    obj_init(&s->obj, OBJ_SCHEMA, NULL);
    s->name = xstrdup(name);
    ALLOC_GROW(c->schemas, c->nschemas + 1, c->schemas_alloc);
    c->schemas[c->nschemas++] = s;
    hm_put(&c->schema_map, name, s);
    return s;
}

cat_rel *cat_rel_new(catalog *c, cat_schema *s, const char *name, char relkind)
{
    cat_rel *r = xcalloc(1, sizeof(*r));
    obj_init(&r->obj, OBJ_REL, &s->obj);
    r->schema = s;
    r->name = xstrdup(name);
    r->relkind = relkind;
    ALLOC_GROW(c->rels, c->nrels + 1, c->rels_alloc);
    c->rels[c->nrels++] = r;
    char *k = cat_key(s->name, name);
    hm_put(&c->rel_map, k, r);
    free(k);
    return r;
}

cat_column *cat_column_add(cat_rel *r, const char *name, const char *type)
{
    cat_column *col = xcalloc(1, sizeof(*col));
    obj_init(&col->obj, OBJ_COLUMN, &r->obj);
    col->name = xstrdup(name);
    col->type = xstrdup(type);
    col->is_local = true;
    ALLOC_GROW(r->cols, r->ncols + 1, r->cols_alloc);
    r->cols[r->ncols++] = col;
    return col;
}

cat_column *cat_column_get(const cat_rel *r, const char *name)
{
    for (size_t i = 0; i < r->ncols; i++)
        if (!strcmp(r->cols[i]->name, name))
            return r->cols[i];
    return NULL;
}

cat_constraint *cat_constraint_add(cat_rel *r, const char *name, char type)
{
    cat_constraint *k = xcalloc(1, sizeof(*k));
    obj_init(&k->obj, OBJ_CONSTRAINT, &r->obj);
    k->name = xstrdup(name);
    k->type = type;
    k->match = 's';
    k->on_update = k->on_delete = 'a';
    k->is_local = true;
    ALLOC_GROW(r->cons, r->ncons + 1, r->cons_alloc);
    r->cons[r->ncons++] = k;
    return k;
}

cat_constraint *cat_constraint_get(const cat_rel *r, const char *name)
{
    for (size_t i = 0; i < r->ncons; i++)
        if (!strcmp(r->cons[i]->name, name))
            return r->cons[i];
    return NULL;
}

cat_index *cat_index_add(catalog *c, cat_rel *r, const char *name)
{
    cat_index *ix = xcalloc(1, sizeof(*ix));
    obj_init(&ix->obj, OBJ_INDEX, &r->obj);
    ix->name = xstrdup(name);
    ix->method = xstrdup("btree");
    ALLOC_GROW(r->idx, r->nidx + 1, r->idx_alloc);
    r->idx[r->nidx++] = ix;
    char *k = cat_key(r->schema->name, name);
    hm_put(&c->index_map, k, ix);
    free(k);
    return ix;
}

cat_trigger *cat_trigger_add(cat_rel *r, const char *name)
{
    cat_trigger *t = xcalloc(1, sizeof(*t));
    obj_init(&t->obj, OBJ_TRIGGER, &r->obj);
    t->name = xstrdup(name);
    t->enabled = 'O';
    ALLOC_GROW(r->trig, r->ntrig + 1, r->trig_alloc);
    r->trig[r->ntrig++] = t;
    return t;
}

cat_trigger *cat_trigger_get(const cat_rel *r, const char *name)
{
    for (size_t i = 0; i < r->ntrig; i++)
        if (!strcmp(r->trig[i]->name, name))
            return r->trig[i];
    return NULL;
}

cat_policy *cat_policy_add(cat_rel *r, const char *name)
{
    cat_policy *p = xcalloc(1, sizeof(*p));
    obj_init(&p->obj, OBJ_POLICY, &r->obj);
    p->name = xstrdup(name);
    p->permissive = true;
    p->cmd = '*';
    ALLOC_GROW(r->pol, r->npol + 1, r->pol_alloc);
    r->pol[r->npol++] = p;
    return p;
}

cat_policy *cat_policy_get(const cat_rel *r, const char *name)
{
    for (size_t i = 0; i < r->npol; i++)
        if (!strcmp(r->pol[i]->name, name))
            return r->pol[i];
    return NULL;
}

cat_type *cat_type_new(catalog *c, cat_schema *s, const char *name, char typkind)
{
    cat_type *t = xcalloc(1, sizeof(*t));
    obj_init(&t->obj, OBJ_TYPE, &s->obj);
    t->schema = s;
    t->name = xstrdup(name);
    t->typkind = typkind;
    ALLOC_GROW(c->types, c->ntypes + 1, c->types_alloc);
    c->types[c->ntypes++] = t;
    char *k = cat_key(s->name, name);
    hm_put(&c->type_map, k, t);
    free(k);
    return t;
}

cat_func *cat_func_new(catalog *c, cat_schema *s, const char *name, const char *identity)
{
    cat_func *f = xcalloc(1, sizeof(*f));
    obj_init(&f->obj, OBJ_FUNCTION, &s->obj);
    f->schema = s;
    f->name = xstrdup(name);
    f->identity = xstrdup(identity);
    f->prokind = 'f';
    f->volatility = 'v';
    f->parallel = 'u';
    ALLOC_GROW(c->funcs, c->nfuncs + 1, c->funcs_alloc);
    c->funcs[c->nfuncs++] = f;
    char *k = cat_key(s->name, identity);
    hm_put(&c->func_map, k, f);
    free(k);
    return f;
}

cat_extension *cat_ext_new(catalog *c, const char *name)
{
    cat_extension *e = xcalloc(1, sizeof(*e));
    obj_init(&e->obj, OBJ_EXTENSION, NULL);
    e->name = xstrdup(name);
    ALLOC_GROW(c->exts, c->nexts + 1, c->exts_alloc);
    c->exts[c->nexts++] = e;
    hm_put(&c->ext_map, name, e);
    return e;
}

/* ---- renames ---------------------------------------------------------------------- */

static void rekey(hashmap *m, const char *os, const char *on, const char *ns,
                  const char *nn, void *v)
{
    char *k = cat_key(os, on);
    void *old = hm_del(m, k);
    assert(old == v);
    (void)old;
    free(k);
    k = cat_key(ns, nn);
    hm_put(m, k, v);
    free(k);
}

void cat_rel_rename(catalog *c, cat_rel *r, const char *name)
{
    rekey(&c->rel_map, r->schema->name, r->name, r->schema->name, name, r);
    free(r->name);
    r->name = xstrdup(name);
}

void cat_rel_set_schema(catalog *c, cat_rel *r, cat_schema *s)
{
    rekey(&c->rel_map, r->schema->name, r->name, s->name, r->name, r);
    for (size_t i = 0; i < r->nidx; i++)
        rekey(&c->index_map, r->schema->name, r->idx[i]->name, s->name, r->idx[i]->name, r->idx[i]);
    r->schema = s;
    r->obj.parent = &s->obj;
}

void cat_index_rename(catalog *c, cat_index *i, const char *name)
{
    cat_rel *r = as_rel(i->obj.parent);
    rekey(&c->index_map, r->schema->name, i->name, r->schema->name, name, i);
    free(i->name);
    i->name = xstrdup(name);
}

void cat_type_rename(catalog *c, cat_type *t, const char *name)
{
    rekey(&c->type_map, t->schema->name, t->name, t->schema->name, name, t);
    free(t->name);
    t->name = xstrdup(name);
}

void cat_func_rename(catalog *c, cat_func *f, const char *name, const char *identity)
{
    rekey(&c->func_map, f->schema->name, f->identity, f->schema->name, identity, f);
    free(f->name);
    free(f->identity);
    f->name = xstrdup(name);
    f->identity = xstrdup(identity);
}

/* ---- dependencies ------------------------------------------------------------------- */

void cat_dep_add(cat_obj *o, cat_obj *target, char how)
{
    if (!target || target == o)
        return;
    for (size_t i = 0; i < o->ndeps; i++)
        if (o->deps[i].target == target && o->deps[i].how == how)
            return;
    ALLOC_GROW(o->deps, o->ndeps + 1, o->deps_alloc);
    o->deps[o->ndeps++] = (cat_dep){target, how};
}

void cat_deps_clear(cat_obj *o, char how)
{
    size_t w = 0;
    for (size_t i = 0; i < o->ndeps; i++)
        if (how && o->deps[i].how != how)
            o->deps[w++] = o->deps[i];
    o->ndeps = w;
}

/* ---- enumeration ------------------------------------------------------------------------ */

void cat_foreach(const catalog *c, void (*fn)(cat_obj *o, void *ctx), void *ctx)
{
    for (size_t i = 0; i < c->nschemas; i++)
        fn(&c->schemas[i]->obj, ctx);
    for (size_t i = 0; i < c->nexts; i++)
        fn(&c->exts[i]->obj, ctx);
    for (size_t i = 0; i < c->ntypes; i++) {
        cat_type *t = c->types[i];
        fn(&t->obj, ctx);
        for (size_t k = 0; k < t->nattrs; k++)
            fn(&t->attrs[k]->obj, ctx);
        for (size_t k = 0; k < t->nchecks; k++)
            fn(&t->checks[k]->obj, ctx);
    }
    for (size_t i = 0; i < c->nfuncs; i++)
        fn(&c->funcs[i]->obj, ctx);
    for (size_t i = 0; i < c->nrels; i++) {
        cat_rel *r = c->rels[i];
        fn(&r->obj, ctx);
        for (size_t k = 0; k < r->ncols; k++)
            fn(&r->cols[k]->obj, ctx);
        for (size_t k = 0; k < r->ncons; k++)
            fn(&r->cons[k]->obj, ctx);
        for (size_t k = 0; k < r->nidx; k++)
            fn(&r->idx[k]->obj, ctx);
        for (size_t k = 0; k < r->ntrig; k++)
            fn(&r->trig[k]->obj, ctx);
        for (size_t k = 0; k < r->npol; k++)
            fn(&r->pol[k]->obj, ctx);
    }
}

/* ---- descriptions -------------------------------------------------------------------------- */

static void qualified(strbuf *sb, const cat_schema *s, const char *name)
{
    if (s && strcmp(s->name, "public") != 0)
        sb_addf(sb, "%s.", s->name);
    sb_adds(sb, name);
}

static const char *relkind_word(char k)
{
    switch (k) {
    case 'v': return "view";
    case 'm': return "materialized view";
    case 'S': return "sequence";
    default: return "table";
    }
}

void cat_describe(const cat_obj *o, strbuf *sb)
{
    switch (o->kind) {
    case OBJ_SCHEMA:
        sb_addf(sb, "schema %s", ((const cat_schema *)o)->name);
        break;
    case OBJ_REL: {
        const cat_rel *r = (const cat_rel *)o;
        sb_addf(sb, "%s ", relkind_word(r->relkind));
        qualified(sb, r->schema, r->name);
        break;
    }
    case OBJ_COLUMN:
        if (o->parent->kind == OBJ_TYPE) {
            sb_addf(sb, "attribute %s of ", ((const cat_column *)o)->name);
        } else {
            sb_addf(sb, "column %s of ", ((const cat_column *)o)->name);
        }
        cat_describe(o->parent, sb);
        break;
    case OBJ_CONSTRAINT:
        sb_addf(sb, "constraint %s on ", ((const cat_constraint *)o)->name);
        cat_describe(o->parent, sb);
        break;
    case OBJ_INDEX: {
        const cat_rel *r = (const cat_rel *)o->parent;
        sb_adds(sb, "index ");
        qualified(sb, r->schema, ((const cat_index *)o)->name);
        break;
    }
    case OBJ_TRIGGER:
        sb_addf(sb, "trigger %s on ", ((const cat_trigger *)o)->name);
        cat_describe(o->parent, sb);
        break;
    case OBJ_POLICY:
        sb_addf(sb, "policy %s on ", ((const cat_policy *)o)->name);
        cat_describe(o->parent, sb);
        break;
    case OBJ_TYPE: {
        const cat_type *t = (const cat_type *)o;
        sb_adds(sb, "type "); /* getObjectDescription says "type" for domains too */
        qualified(sb, t->schema, t->name);
        break;
    }
    case OBJ_FUNCTION: {
        const cat_func *f = (const cat_func *)o;
        sb_adds(sb, f->prokind == 'p' ? "procedure " : "function ");
        qualified(sb, f->schema, f->identity);
        break;
    }
    case OBJ_EXTENSION:
        sb_addf(sb, "extension %s", ((const cat_extension *)o)->name);
        break;
    }
}

/* ---- drops ------------------------------------------------------------------------------------- */

typedef struct drop_ctx {
    catalog *c;
    bool cascade;
    bool changed;
    strbuf *detail;      /* RESTRICT: one line per dependent CASCADE would drop */
    strvec *notices;
    size_t nblocking;
    cat_obj **seen;      /* RESTRICT: columns whose default was reported */
    size_t nseen, seen_alloc;
} drop_ctx;

static void mark_owned(catalog *c, cat_obj *o);

static void mark_rel_children(catalog *c, cat_rel *r)
{
    for (size_t k = 0; k < r->ncols; k++)
        mark_owned(c, &r->cols[k]->obj);
    for (size_t k = 0; k < r->ncons; k++)
        mark_owned(c, &r->cons[k]->obj);
    for (size_t k = 0; k < r->nidx; k++)
        mark_owned(c, &r->idx[k]->obj);
    for (size_t k = 0; k < r->ntrig; k++)
        mark_owned(c, &r->trig[k]->obj);
    for (size_t k = 0; k < r->npol; k++)
        mark_owned(c, &r->pol[k]->obj);
    /* Partitions go with their partitioned table. */
    for (size_t i = 0; i < c->nrels; i++)
        if (c->rels[i]->partition_of == r)
            mark_owned(c, &c->rels[i]->obj);
}

static void mark_owned(catalog *c, cat_obj *o)
{
    if (o->dropping)
        return;
    o->dropping = true;
    switch (o->kind) {
    case OBJ_REL:
        mark_rel_children(c, as_rel(o));
        break;
    case OBJ_COLUMN:
        /* Sequences OWNED BY the column. */
        for (size_t i = 0; i < c->nrels; i++)
            if (c->rels[i]->owned_by == (cat_column *)o)
                mark_owned(c, &c->rels[i]->obj);
        break;
    case OBJ_CONSTRAINT: {
        cat_constraint *k = (cat_constraint *)o;
        if (k->index)
            mark_owned(c, &k->index->obj);
        break;
    }
    case OBJ_INDEX: {
        cat_index *i = (cat_index *)o;
        if (i->constraint)
            mark_owned(c, &i->constraint->obj);
        break;
    }
    case OBJ_TYPE: {
        cat_type *t = (cat_type *)o;
        for (size_t k = 0; k < t->nattrs; k++)
            mark_owned(c, &t->attrs[k]->obj);
        for (size_t k = 0; k < t->nchecks; k++)
            mark_owned(c, &t->checks[k]->obj);
        break;
    }
    default:
        break;
    }
}

static void add_line(drop_ctx *d, cat_obj *dependent, cat_obj *target, bool dflt)
{
    /* A column of a relation dropped whole is not an object of its own in
     * the server's report: "view v depends on table t". */
    if (target->kind == OBJ_COLUMN && target->parent && target->parent->dropping)
        target = target->parent;
    strbuf sb = STRBUF_INIT;
    if (dflt) {
        sb_adds(&sb, "default value for ");
        cat_describe(dependent, &sb);
    } else {
        cat_describe(dependent, &sb);
    }
    if (d->cascade) {
        if (d->notices) {
            strbuf n = STRBUF_INIT;
            sb_addf(&n, "drop cascades to %s", sb.buf);
            strvec_push_nodup(d->notices, sb_detach(&n));
        }
    } else {
        sb_adds(&sb, " depends on ");
        cat_describe(target, &sb);
        sb_addf(d->detail, "\n%s%s", d->nblocking ? "" : "DETAIL: ", sb.buf);
        d->nblocking++;
    }
    sb_release(&sb);
}

/* The schema an object lives in, for DROP SCHEMA. */
static cat_schema *schema_of(cat_obj *o)
{
    while (o && o->kind != OBJ_SCHEMA)
        o = o->parent;
    return (cat_schema *)o;
}

static void scan_dependents(cat_obj *o, void *ctx)
{
    drop_ctx *d = ctx;
    if (o->dropping)
        return;
    /* Objects of a dropped schema depend on it. */
    if (o->kind == OBJ_REL || o->kind == OBJ_TYPE || o->kind == OBJ_FUNCTION) {
        cat_schema *s = schema_of(o);
        if (s && s->obj.dropping) {
            add_line(d, o, &s->obj, false);
            mark_owned(d->c, o);
            d->changed = true;
            return;
        }
    }
    for (size_t i = 0; i < o->ndeps; i++) {
        cat_dep *dep = &o->deps[i];
        if (!dep->target->dropping)
            continue;
        if (dep->how == DEP_AUTO) {
            mark_owned(d->c, o);
            d->changed = true;
            return;
        }
        if (dep->how == DEP_DEFAULT) {
            if (d->cascade) {
                add_line(d, o, dep->target, true);
                cat_column *col = (cat_column *)o;
                free(col->default_expr);
                col->default_expr = NULL;
                cat_deps_clear(o, DEP_DEFAULT);
                d->changed = true;
            } else {
                for (size_t k = 0; k < d->nseen; k++)
                    if (d->seen[k] == o)
                        return;
                add_line(d, o, dep->target, true);
                ALLOC_GROW(d->seen, d->nseen + 1, d->seen_alloc);
                d->seen[d->nseen++] = o;
            }
            return;
        }
        /* Marked under RESTRICT too, so that what depends on it is found
         * and listed as well: the server's DETAIL names every object
         * CASCADE would drop, not only the direct dependents. */
        add_line(d, o, dep->target, false);
        mark_owned(d->c, o);
        d->changed = true;
        return;
    }
}

static void free_obj_common(cat_obj *o)
{
    free(o->comment);
    free(o->owner);
    strvec_clear(&o->acl);
    free(o->deps);
    free(o->ext);
}

static void free_column(cat_column *col)
{
    free_obj_common(&col->obj);
    free(col->name);
    free(col->type);
    free(col->default_expr);
    free(col->collation);
    free(col->generated);
    free(col);
}

static void free_constraint(cat_constraint *k)
{
    free_obj_common(&k->obj);
    free(k->name);
    strvec_clear(&k->columns);
    strvec_clear(&k->include);
    free(k->expr);
    free(k->exclusion);
    strvec_clear(&k->ref_columns);
    strvec_clear(&k->on_delete_columns);
    strvec_clear(&k->index_options);
    free(k);
}

static void free_index(cat_index *i)
{
    free_obj_common(&i->obj);
    free(i->name);
    free(i->method);
    strvec_clear(&i->elems);
    strvec_clear(&i->include);
    free(i->where);
    strvec_clear(&i->options);
    free(i->tablespace);
    free(i);
}

static void free_trigger(cat_trigger *t)
{
    free_obj_common(&t->obj);
    free(t->name);
    strvec_clear(&t->update_columns);
    free(t->when);
    strvec_clear(&t->args);
    free(t->constr_ref);
    free(t->old_table);
    free(t->new_table);
    free(t);
}

static void free_policy(cat_policy *p)
{
    free_obj_common(&p->obj);
    free(p->name);
    strvec_clear(&p->roles);
    free(p->using_expr);
    free(p->check_expr);
    free(p);
}

static void free_rel(cat_rel *r)
{
    for (size_t k = 0; k < r->ncols; k++)
        free_column(r->cols[k]);
    for (size_t k = 0; k < r->ncons; k++)
        free_constraint(r->cons[k]);
    for (size_t k = 0; k < r->nidx; k++)
        free_index(r->idx[k]);
    for (size_t k = 0; k < r->ntrig; k++)
        free_trigger(r->trig[k]);
    for (size_t k = 0; k < r->npol; k++)
        free_policy(r->pol[k]);
    free(r->cols);
    free(r->cons);
    free(r->idx);
    free(r->trig);
    free(r->pol);
    free_obj_common(&r->obj);
    free(r->name);
    strvec_clear(&r->options);
    free(r->tablespace);
    free(r->partition_key);
    free(r->partition_bound);
    free(r->inherits);
    free(r->query);
    if (r->query_ast)
        protobuf_c_message_free_unpacked(&r->query_ast->base, NULL);
    free(r->check_option);
    free(r->seq.type);
    free(r);
}

static void free_type(cat_type *t)
{
    for (size_t k = 0; k < t->nattrs; k++)
        free_column(t->attrs[k]);
    for (size_t k = 0; k < t->nchecks; k++)
        free_constraint(t->checks[k]);
    free(t->attrs);
    free(t->checks);
    free_obj_common(&t->obj);
    free(t->name);
    strvec_clear(&t->labels);
    free(t->base_type);
    free(t->default_expr);
    free(t->collation);
    free(t->subtype);
    free(t->subtype_opclass);
    free(t->canonical_fn);
    free(t->subtype_diff_fn);
    free(t->multirange);
    free(t);
}

static void free_func(cat_func *f)
{
    for (size_t k = 0; k < f->nargs; k++) {
        free(f->args[k].name);
        free(f->args[k].type);
        free(f->args[k].default_expr);
    }
    free(f->args);
    free_obj_common(&f->obj);
    free(f->name);
    free(f->identity);
    free(f->returns);
    free(f->language);
    free(f->body);
    strvec_clear(&f->set_options);
    strvec_clear(&f->transforms);
    free(f);
}

static void free_ext(cat_extension *e)
{
    free_obj_common(&e->obj);
    free(e->name);
    free(e->schema);
    free(e->version);
    free(e);
}

static void free_schema(cat_schema *s)
{
    free_obj_common(&s->obj);
    free(s->name);
    free(s);
}

/* Removes marked elements from an array of object pointers, calling drop
 * on each. */
#define SWEEP(arr, n, freefn)                                                  \
    do {                                                                       \
        size_t w_ = 0;                                                         \
        for (size_t i_ = 0; i_ < (n); i_++) {                                  \
            if ((arr)[i_]->obj.dropping)                                       \
                freefn((arr)[i_]);                                             \
            else                                                               \
                (arr)[w_++] = (arr)[i_];                                       \
        }                                                                      \
        (n) = w_;                                                              \
    } while (0)

static void unmap(hashmap *m, const char *schema, const char *name)
{
    char *k = cat_key(schema, name);
    hm_del(m, k);
    free(k);
}

static void sweep(catalog *c)
{
    /* Unmap first, while names are still readable. */
    for (size_t i = 0; i < c->nrels; i++) {
        cat_rel *r = c->rels[i];
        for (size_t k = 0; k < r->nidx; k++)
            if (r->idx[k]->obj.dropping)
                unmap(&c->index_map, r->schema->name, r->idx[k]->name);
        if (r->obj.dropping)
            unmap(&c->rel_map, r->schema->name, r->name);
        if (r->owned_by && r->owned_by->obj.dropping)
            r->owned_by = NULL;
        for (size_t k = 0; k < r->ncons; k++) {
            cat_constraint *con = r->cons[k];
            if (con->index && con->index->obj.dropping && !con->obj.dropping)
                con->index = NULL;
        }
        for (size_t k = 0; k < r->nidx; k++)
            if (r->idx[k]->constraint && r->idx[k]->constraint->obj.dropping)
                r->idx[k]->constraint = NULL;
    }
    for (size_t i = 0; i < c->ntypes; i++)
        if (c->types[i]->obj.dropping)
            unmap(&c->type_map, c->types[i]->schema->name, c->types[i]->name);
    for (size_t i = 0; i < c->nfuncs; i++)
        if (c->funcs[i]->obj.dropping)
            unmap(&c->func_map, c->funcs[i]->schema->name, c->funcs[i]->identity);
    for (size_t i = 0; i < c->nexts; i++)
        if (c->exts[i]->obj.dropping)
            hm_del(&c->ext_map, c->exts[i]->name);
    for (size_t i = 0; i < c->nschemas; i++)
        if (c->schemas[i]->obj.dropping)
            hm_del(&c->schema_map, c->schemas[i]->name);

    for (size_t i = 0; i < c->nrels; i++) {
        cat_rel *r = c->rels[i];
        if (r->obj.dropping)
            continue; /* freed whole below */
        SWEEP(r->cols, r->ncols, free_column);
        SWEEP(r->cons, r->ncons, free_constraint);
        SWEEP(r->idx, r->nidx, free_index);
        SWEEP(r->trig, r->ntrig, free_trigger);
        SWEEP(r->pol, r->npol, free_policy);
    }
    for (size_t i = 0; i < c->ntypes; i++) {
        cat_type *t = c->types[i];
        if (t->obj.dropping)
            continue;
        SWEEP(t->attrs, t->nattrs, free_column);
        SWEEP(t->checks, t->nchecks, free_constraint);
    }
    SWEEP(c->rels, c->nrels, free_rel);
    SWEEP(c->types, c->ntypes, free_type);
    SWEEP(c->funcs, c->nfuncs, free_func);
    SWEEP(c->exts, c->nexts, free_ext);
    SWEEP(c->schemas, c->nschemas, free_schema);
}

static void clear_mark(cat_obj *o, void *ctx)
{
    (void)ctx;
    o->dropping = false;
}

int cat_drop_many(catalog *c, cat_obj **objs, size_t n, bool cascade, strbuf *err, strvec *notices)
{
    for (size_t i = 0; i < n; i++)
        mark_owned(c, objs[i]);
    strbuf detail = STRBUF_INIT;
    /* Dependents are marked as they are found (each once), under RESTRICT
     * as under CASCADE; CASCADE writes notices, RESTRICT one DETAIL line
     * per dependent, and then unmarks everything and fails. */
    drop_ctx d = {c, cascade, true, &detail, notices, 0, NULL, 0, 0};
    while (d.changed) {
        d.changed = false;
        cat_foreach(c, scan_dependents, &d);
    }
    free(d.seen);
    if (!cascade && d.nblocking) {
        sb_adds(err, "cannot drop ");
        cat_describe(objs[0], err);
        sb_addf(err, " because other objects depend on it%s", detail.buf);
        sb_adds(err, "\nHINT: Use DROP ... CASCADE to drop the dependent objects too.");
        sb_release(&detail);
        cat_foreach(c, clear_mark, NULL);
        return -1;
    }
    sb_release(&detail);
    sweep(c);
    return 0;
}

int cat_drop(catalog *c, cat_obj *o, bool cascade, strbuf *err, strvec *notices)
{
    return cat_drop_many(c, &o, 1, cascade, err, notices);
}

void catalog_free(catalog *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nrels; i++)
        free_rel(c->rels[i]);
    for (size_t i = 0; i < c->ntypes; i++)
        free_type(c->types[i]);
    for (size_t i = 0; i < c->nfuncs; i++)
        free_func(c->funcs[i]);
    for (size_t i = 0; i < c->nexts; i++)
        free_ext(c->exts[i]);
    for (size_t i = 0; i < c->nschemas; i++)
        free_schema(c->schemas[i]);
    free(c->rels);
    free(c->types);
    free(c->funcs);
    free(c->exts);
    free(c->schemas);
    hm_clear(&c->schema_map);
    hm_clear(&c->rel_map);
    hm_clear(&c->index_map);
    hm_clear(&c->type_map);
    hm_clear(&c->func_map);
    hm_clear(&c->ext_map);
    for (size_t i = 0; i < c->paths.cap; i++)
        if (c->paths.e[i].key)
            free(c->paths.e[i].val);
    hm_clear(&c->paths);
    strvec_clear(&c->search_path);
    free(c);
}

const char *cat_rel_query(cat_rel *r, strbuf *err)
{
    if (r->query_ast) {
        char *q = deparse_stmt(r->query_ast, err);
        if (!q)
            return NULL;
        protobuf_c_message_free_unpacked(&r->query_ast->base, NULL);
        r->query_ast = NULL;
        free(r->query);
        r->query = q;
    }
    return r->query;
}

int catalog_materialize(catalog *c, strbuf *err)
{
    for (size_t i = 0; i < c->nrels; i++)
        if (c->rels[i]->query_ast && !cat_rel_query(c->rels[i], err))
            return -1;
    return 0;
}
