/* catalog_sql_order: which statements the SQL printer emits and in what
 * order.  See catalog_sql.h for the overall order.
 *
 * In the spirit of pg_dump_sort.c: every unit of output is an item
 * (catalog_sql_int.h); items are first sorted by (kind, schema, name,
 * sub-name), which gives each a rank; then a topological sort over their
 * dependencies repeatedly emits the lowest-ranked item whose dependencies
 * are all out (Kahn's algorithm with a min-heap).  The result is the
 * priority order wherever dependencies allow it, is fully determined by
 * names (never by insertion order), and puts a dependent right after the
 * last thing it waited for (a serial's sequence right after its table).
 *
 * Dependencies come from the catalog's cat_obj.deps (a view on what it
 * reads, a column on its type, a default on its sequence, ...) plus the
 * structural ones the model keeps as plain pointers: schema membership,
 * partition parents, inheritance parents, OWNED BY, a trigger's function,
 * a foreign key's referenced table and unique key.  A dependency on an
 * object is resolved to the item that creates it through a registry of
 * (object -> item); an object that is not printed resolves through its
 * owner, or to its extension's item when it belongs to one.
 *
 * Loop repair, in the spirit of pg_dump's repairDependencyLoop: a column
 * default or CHECK printed inside CREATE TABLE makes the table depend on
 * what the expression reads.  The first attempt splits out only defaults
 * that read a sequence (pg_dump's serial layout).  If the sort then finds
 * a cycle (a table's default calls a function that takes the table's row
 * type), every table on that cycle gets its outside-reading defaults and
 * CHECKs split out into ALTER TABLE statements, and the sort runs again;
 * a cycle that no split changes is reported, naming its members. */
#include "catalog_sql_int.h"

#include <stdint.h>
#include <string.h>

#include "pgident.h"

/* ---- decisions ------------------------------------------------------------ */

bool sqlp_split(const sql_plan *p, const cat_rel *r)
{
    for (size_t i = 0; i < p->nsplit; i++)
        if (p->split[i] == r)
            return true;
    return false;
}

/* Is the column written out in its table's CREATE TABLE?  Partitions are
 * printed with PARTITION OF, so none of their columns is. */
static bool col_printed(const cat_rel *r, const cat_column *col)
{
    return !r->partition_of && col->is_local;
}

static bool is_inside(const cat_obj *o, const cat_rel *r)
{
    for (; o; o = o->parent)
        if (o == &r->obj)
            return true;
    return false;
}

/* Does o (with dependencies of kind how, or any when how is 0) read
 * anything outside r? */
static bool reads_outside(const cat_obj *o, const cat_rel *r, char how)
{
    for (size_t i = 0; i < o->ndeps; i++)
        if ((!how || o->deps[i].how == how) && !is_inside(o->deps[i].target, r))
            return true;
    return false;
}

bool sqlp_default_separate(const sql_plan *p, const cat_rel *r, const cat_column *col)
{
    if (!col->default_expr || col->identity || col->generated)
        return false;
    if (r->relkind == 'v' || r->relkind == 'm')
        return true; /* a view's defaults are always ALTER VIEW statements */
    /* nextval('seq'): the sequence is created after (and owned by) the
     * table.  The text test also covers defaults copied into partitions
     * and inheritance children without their dependencies. */
    if (strstr(col->default_expr, "nextval("))
        return true;
    for (size_t i = 0; i < col->obj.ndeps; i++) {
        const cat_dep *d = &col->obj.deps[i];
        if (d->how == DEP_DEFAULT && d->target->kind == OBJ_REL && d->target != &r->obj)
            return true;
    }
    return sqlp_split(p, r) && reads_outside(&col->obj, r, DEP_DEFAULT);
}

bool sqlp_check_inline(const sql_plan *p, const cat_rel *r, const cat_constraint *k)
{
    if (k->type != CON_CHECK || !k->is_local || k->not_valid)
        return false;
    return !sqlp_split(p, r) || !reads_outside(&k->obj, r, 0);
}

/* The parent column a child's column comes from: the partitioned table's,
 * or the first inheritance parent that has it. */
static const cat_column *parent_col(const cat_rel *r, const char *name, const cat_rel **pr)
{
    if (r->partition_of) {
        *pr = r->partition_of;
        return cat_column_get(r->partition_of, name);
    }
    for (size_t i = 0; i < r->ninherits; i++) {
        const cat_column *pc = cat_column_get(r->inherits[i], name);
        if (pc) {
            *pr = r->inherits[i];
            return pc;
        }
    }
    return NULL;
}

static const char *after_create(const sql_plan *p, const cat_rel *r, const cat_column *col, int depth);

/* The column's default once its table's whole item has run: the wanted
 * one, unless a separate statement sets it later. */
static const char *after_item(const sql_plan *p, const cat_rel *r, const cat_column *col, int depth)
{
    if (sqlp_default_separate(p, r, col))
        return after_create(p, r, col, depth);
    return col->default_expr;
}

static const char *after_create(const sql_plan *p, const cat_rel *r, const cat_column *col, int depth)
{
    if (col_printed(r, col) && col->default_expr && !sqlp_default_separate(p, r, col))
        return col->default_expr;
    const cat_rel *pr = NULL;
    const cat_column *pc = depth < 64 ? parent_col(r, col->name, &pr) : NULL;
    return pc ? after_item(p, pr, pc, depth + 1) : NULL;
}

const char *sqlp_default_after_create(const sql_plan *p, const cat_rel *r, const cat_column *col)
{
    return after_create(p, r, col, 0);
}

bool sqlp_notnull_after_create(const cat_rel *r, const cat_column *col)
{
    if (col_printed(r, col) && (col->not_null || col->identity))
        return true;
    if (r->partition_of) {
        const cat_column *pc = cat_column_get(r->partition_of, col->name);
        return pc && pc->not_null;
    }
    for (size_t i = 0; i < r->ninherits; i++) {
        const cat_column *pc = cat_column_get(r->inherits[i], col->name);
        if (pc && pc->not_null)
            return true;
    }
    return false;
}

cat_rel *sqlp_identity_seq(const catalog *c, const cat_column *col)
{
    for (size_t i = 0; i < c->nrels; i++) {
        cat_rel *s = c->rels[i];
        if (s->relkind == 'S' && s->identity_seq && s->owned_by == col && !s->obj.ext)
            return s;
    }
    return NULL;
}

static bool same_strvec(const strvec *a, const strvec *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]))
            return false;
    return true;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static const cat_constraint *con_source(const cat_rel *r, const cat_constraint *k)
{
    const cat_rel *pr = r->partition_of;
    if (!pr || k->type == CON_CHECK)
        return NULL;
    for (size_t i = 0; i < pr->ncons; i++) {
        const cat_constraint *pk = pr->cons[i];
        if (pk->type == k->type && same_strvec(&pk->columns, &k->columns) &&
            same_strvec(&pk->include, &k->include) && same_str(pk->exclusion, k->exclusion) &&
            (k->type != CON_FOREIGN ||
             (pk->ref == k->ref && same_strvec(&pk->ref_columns, &k->ref_columns))))
            return pk;
    }
    return NULL;
}

bool sqlp_partition_copy_con(const cat_rel *r, const cat_constraint *k)
{
    return con_source(r, k) != NULL;
}

static const cat_index *index_source(const cat_rel *r, const cat_index *ix)
{
    const cat_rel *pr = r->partition_of;
    if (!pr)
        return NULL;
    for (size_t i = 0; i < pr->nidx; i++) {
        const cat_index *pi = pr->idx[i];
        if (pi->unique == ix->unique && pi->nulls_not_distinct == ix->nulls_not_distinct &&
            same_str(pi->method, ix->method) && same_strvec(&pi->elems, &ix->elems) &&
            same_strvec(&pi->include, &ix->include) && same_str(pi->where, ix->where) &&
            !pi->constraint == !ix->constraint)
            return pi;
    }
    return NULL;
}

bool sqlp_partition_copy_index(const cat_rel *r, const cat_index *ix)
{
    return index_source(r, ix) != NULL;
}

static const cat_trigger *trigger_source(const cat_rel *r, const cat_trigger *t)
{
    const cat_rel *pr = r->partition_of;
    if (!pr || !t->for_each_row)
        return NULL;
    const cat_trigger *pt = cat_trigger_get(pr, t->name);
    return pt && pt->for_each_row ? pt : NULL;
}

bool sqlp_partition_copy_trigger(const cat_rel *r, const cat_trigger *t)
{
    return trigger_source(r, t) != NULL;
}

/* ---- collecting items ------------------------------------------------------- */

typedef struct reg_entry {
    const cat_obj *obj;
    size_t item;    /* or SIZE_MAX for an alias */
    const cat_obj *alias; /* resolve through this object instead */
} reg_entry;

typedef struct collector {
    sql_plan *p;
    reg_entry *reg;
    size_t nreg, reg_alloc;
} collector;

static size_t add_item(collector *cl, item_kind k, const char *k1, const char *k2, const char *k3, cat_obj *obj)
{
    sql_plan *p = cl->p;
    ALLOC_GROW(p->items, p->nitems + 1, p->items_alloc);
    sql_item *it = &p->items[p->nitems];
    memset(it, 0, sizeof(*it));
    it->kind = k;
    it->k1 = k1 ? k1 : "";
    it->k2 = k2 ? k2 : "";
    it->k3 = k3 ? k3 : "";
    it->obj = obj;
    return p->nitems++;
}

static void reg(collector *cl, const cat_obj *o, const cat_obj *alias)
{
    ALLOC_GROW(cl->reg, cl->nreg + 1, cl->reg_alloc);
    cl->reg[cl->nreg++] = (reg_entry){o, SIZE_MAX, alias};
}

static void collect_rel_parts(collector *cl, cat_rel *r)
{
    const char *s = r->schema->name;
    bool table = r->relkind == 'r' || r->relkind == 'p';
    for (size_t i = 0; i < r->ncols; i++) {
        cat_column *col = r->cols[i];
        if (!sqlp_default_separate(cl->p, r, col))
            continue;
        if (same_str(sqlp_default_after_create(cl->p, r, col), col->default_expr))
            continue;
        size_t it = add_item(cl, IT_DEFAULT, s, r->name, col->name, &r->obj);
        cl->p->items[it].col = col;
    }
    for (size_t i = 0; i < r->ncons; i++) {
        cat_constraint *k = r->cons[i];
        const cat_constraint *src = con_source(r, k);
        if (src) {
            reg(cl, &k->obj, &src->obj);
            if (k->index)
                reg(cl, &k->index->obj, &src->obj);
            continue;
        }
        if (!k->is_local || (table && sqlp_check_inline(cl->p, r, k))) {
            reg(cl, &k->obj, &r->obj);
            if (k->index)
                reg(cl, &k->index->obj, &r->obj);
            continue;
        }
        reg(cl, &k->obj, NULL);
        if (k->index)
            reg(cl, &k->index->obj, &k->obj);
        add_item(cl, k->type == CON_FOREIGN ? IT_FK : IT_CONSTRAINT, s, r->name, k->name, &k->obj);
    }
    for (size_t i = 0; i < r->nidx; i++) {
        cat_index *ix = r->idx[i];
        if (ix->constraint)
            continue; /* printed (or implied) with its constraint */
        const cat_index *src = index_source(r, ix);
        if (src) {
            reg(cl, &ix->obj, &src->obj);
            continue;
        }
        reg(cl, &ix->obj, NULL);
        add_item(cl, IT_INDEX, s, ix->name, NULL, &ix->obj);
    }
    for (size_t i = 0; i < r->ntrig; i++) {
        cat_trigger *t = r->trig[i];
        const cat_trigger *src = trigger_source(r, t);
        if (src) {
            reg(cl, &t->obj, &src->obj);
            continue;
        }
        reg(cl, &t->obj, NULL);
        add_item(cl, IT_TRIGGER, s, r->name, t->name, &t->obj);
    }
    if (r->rls_enabled || r->rls_forced)
        add_item(cl, IT_RLS, s, r->name, NULL, &r->obj);
    for (size_t i = 0; i < r->npol; i++) {
        reg(cl, &r->pol[i]->obj, NULL);
        add_item(cl, IT_POLICY, s, r->name, r->pol[i]->name, &r->pol[i]->obj);
    }
}

static void collect(collector *cl, bool privileges)
{
    const catalog *c = cl->p->cat;
    for (size_t i = 0; i < c->nschemas; i++) {
        cat_schema *s = c->schemas[i];
        if (s->obj.ext)
            continue;
        reg(cl, &s->obj, NULL);
        /* public exists in every database; only its comment or grants
         * need printing. */
        if (!strcmp(s->name, "public") && !s->obj.comment && !(privileges && s->obj.acl.n))
            continue;
        add_item(cl, IT_SCHEMA, s->name, NULL, NULL, &s->obj);
    }
    for (size_t i = 0; i < c->nexts; i++) {
        reg(cl, &c->exts[i]->obj, NULL);
        add_item(cl, IT_EXTENSION, c->exts[i]->name, NULL, NULL, &c->exts[i]->obj);
    }
    for (size_t i = 0; i < c->ntypes; i++) {
        cat_type *t = c->types[i];
        item_kind k;
        switch (t->typkind) {
        case 'e': k = IT_ENUM; break;
        case 'd': k = IT_DOMAIN; break;
        case 'c': k = IT_COMPOSITE; break;
        case 'r': k = IT_RANGE; break;
        default: continue;
        }
        if (t->obj.ext)
            continue;
        reg(cl, &t->obj, NULL);
        for (size_t a = 0; a < t->nattrs; a++)
            reg(cl, &t->attrs[a]->obj, &t->obj);
        for (size_t a = 0; a < t->nchecks; a++)
            reg(cl, &t->checks[a]->obj, &t->obj);
        add_item(cl, k, t->schema->name, t->name, NULL, &t->obj);
    }
    for (size_t i = 0; i < c->nfuncs; i++) {
        cat_func *f = c->funcs[i];
        if (f->obj.ext)
            continue;
        reg(cl, &f->obj, NULL);
        add_item(cl, IT_FUNCTION, f->schema->name, f->identity, NULL, &f->obj);
    }
    for (size_t i = 0; i < c->nrels; i++) {
        cat_rel *r = c->rels[i];
        if (r->obj.ext)
            continue;
        item_kind k;
        switch (r->relkind) {
        case 'S': k = IT_SEQUENCE; break;
        case 'r': case 'p': k = IT_TABLE; break;
        case 'v': k = IT_VIEW; break;
        case 'm': k = IT_MATVIEW; break;
        default: continue;
        }
        reg(cl, &r->obj, NULL);
        for (size_t a = 0; a < r->ncols; a++)
            reg(cl, &r->cols[a]->obj, &r->obj);
        add_item(cl, k, r->schema->name, r->name, NULL, &r->obj);
        collect_rel_parts(cl, r);
    }
}

/* ---- resolving dependencies -------------------------------------------------- */

static int cmp_items(const void *a, const void *b)
{
    const sql_item *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    int r = strcmp(x->k1, y->k1);
    if (!r)
        r = strcmp(x->k2, y->k2);
    if (!r)
        r = strcmp(x->k3, y->k3);
    return r;
}

static int cmp_reg(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const reg_entry *)a)->obj, y = (uintptr_t)((const reg_entry *)b)->obj;
    return x < y ? -1 : x > y;
}

static reg_entry *reg_find(const collector *cl, const cat_obj *o)
{
    reg_entry key = {o, 0, NULL};
    return bsearch(&key, cl->reg, cl->nreg, sizeof(reg_entry), cmp_reg);
}

/* The item that creates o, or SIZE_MAX. */
static size_t resolve(const collector *cl, const cat_obj *o)
{
    for (int guard = 0; o && guard < 64; guard++) {
        if (o->ext) {
            cat_extension *e = cat_ext_get(cl->p->cat, o->ext);
            if (!e)
                return SIZE_MAX;
            o = &e->obj;
        }
        reg_entry *e = reg_find(cl, o);
        if (e && e->item != SIZE_MAX)
            return e->item;
        o = e && e->alias ? e->alias : o->parent;
    }
    return SIZE_MAX;
}

static void add_edge(sql_item *it, size_t self, size_t dep)
{
    if (dep == SIZE_MAX || dep == self)
        return;
    for (size_t i = 0; i < it->ndeps; i++)
        if (it->deps[i] == dep)
            return;
    ALLOC_GROW(it->deps, it->ndeps + 1, it->deps_alloc);
    it->deps[it->ndeps++] = dep;
}

static void need(collector *cl, size_t self, const cat_obj *target)
{
    add_edge(&cl->p->items[self], self, resolve(cl, target));
}

/* Every dependency of o, except those of kind skip (0: none skipped). */
static void need_deps(collector *cl, size_t self, const cat_obj *o, char skip)
{
    for (size_t i = 0; i < o->ndeps; i++)
        if (!skip || o->deps[i].how != skip)
            need(cl, self, o->deps[i].target);
}

/* The PRIMARY KEY / UNIQUE constraint or unique index a foreign key
 * needs on the referenced table. */
static const cat_obj *fk_key(const cat_constraint *k)
{
    const cat_rel *ref = k->ref;
    if (!ref)
        return NULL;
    for (size_t i = 0; i < ref->ncons; i++) {
        const cat_constraint *u = ref->cons[i];
        if (u->type != CON_PRIMARY && u->type != CON_UNIQUE)
            continue;
        if (u->columns.n != k->ref_columns.n)
            continue;
        bool all = true;
        for (size_t c = 0; c < k->ref_columns.n && all; c++)
            all = strvec_has(&u->columns, k->ref_columns.v[c]);
        if (all)
            return &u->obj;
    }
    for (size_t i = 0; i < ref->nidx; i++) {
        const cat_index *ix = ref->idx[i];
        if (!ix->unique || ix->where || ix->elems.n != k->ref_columns.n)
            continue;
        bool all = true;
        for (size_t c = 0; c < k->ref_columns.n && all; c++) {
            char *q = pgident_quote(k->ref_columns.v[c]);
            all = strvec_has(&ix->elems, q);
            free(q);
        }
        if (all)
            return &ix->obj;
    }
    return NULL;
}

static void item_deps(collector *cl, size_t self)
{
    sql_item *it = &cl->p->items[self];
    cat_obj *o = it->obj;
    switch (it->kind) {
    case IT_SCHEMA:
        break;
    case IT_EXTENSION: {
        const cat_extension *e = (const cat_extension *)o;
        cat_schema *s = e->schema ? cat_schema_get(cl->p->cat, e->schema) : NULL;
        if (s)
            need(cl, self, &s->obj);
        need_deps(cl, self, o, 0); /* extensions it requires, if recorded */
        break;
    }
    case IT_ENUM: case IT_DOMAIN: case IT_COMPOSITE: case IT_RANGE: {
        const cat_type *t = (const cat_type *)o;
        need(cl, self, o->parent);
        need_deps(cl, self, o, 0);
        for (size_t i = 0; i < t->nattrs; i++)
            need_deps(cl, self, &t->attrs[i]->obj, 0);
        for (size_t i = 0; i < t->nchecks; i++)
            need_deps(cl, self, &t->checks[i]->obj, 0);
        break;
    }
    case IT_FUNCTION:
        need(cl, self, o->parent);
        need_deps(cl, self, o, 0);
        break;
    case IT_SEQUENCE: {
        const cat_rel *r = (const cat_rel *)o;
        need(cl, self, o->parent);
        need_deps(cl, self, o, 0);
        if (r->owned_by)
            need(cl, self, &r->owned_by->obj);
        break;
    }
    case IT_TABLE: case IT_VIEW: case IT_MATVIEW: {
        const cat_rel *r = (const cat_rel *)o;
        need(cl, self, o->parent);
        need_deps(cl, self, o, 0);
        for (size_t i = 0; i < r->ncols; i++) {
            const cat_column *col = r->cols[i];
            need_deps(cl, self, &col->obj, sqlp_default_separate(cl->p, r, col) ? DEP_DEFAULT : 0);
        }
        for (size_t i = 0; i < r->ncons; i++)
            if (sqlp_check_inline(cl->p, r, r->cons[i]))
                need_deps(cl, self, &r->cons[i]->obj, 0);
        if (r->partition_of)
            need(cl, self, &r->partition_of->obj);
        for (size_t i = 0; i < r->ninherits; i++)
            need(cl, self, &r->inherits[i]->obj);
        break;
    }
    case IT_DEFAULT:
        need(cl, self, o);
        need_deps(cl, self, &it->col->obj, 0);
        break;
    case IT_CONSTRAINT: case IT_FK: {
        const cat_constraint *k = (const cat_constraint *)o;
        need(cl, self, o->parent);
        need_deps(cl, self, o, 0);
        if (k->index)
            need_deps(cl, self, &k->index->obj, 0);
        if (k->type == CON_FOREIGN && k->ref) {
            need(cl, self, &k->ref->obj);
            const cat_obj *key = fk_key(k);
            if (key)
                need(cl, self, key);
        }
        break;
    }
    case IT_INDEX: case IT_POLICY:
        need(cl, self, o->parent);
        need_deps(cl, self, o, 0);
        break;
    case IT_TRIGGER: {
        const cat_trigger *t = (const cat_trigger *)o;
        need(cl, self, o->parent);
        need_deps(cl, self, o, 0);
        if (t->func)
            need(cl, self, &t->func->obj);
        break;
    }
    case IT_RLS:
        need(cl, self, o);
        break;
    }
}

/* ---- ordering ------------------------------------------------------------------ */

static void heap_push(size_t *h, size_t *n, size_t v)
{
    size_t i = (*n)++;
    h[i] = v;
    while (i && h[(i - 1) / 2] > h[i]) {
        size_t t = h[i];
        h[i] = h[(i - 1) / 2];
        h[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static size_t heap_pop(size_t *h, size_t *n)
{
    size_t top = h[0];
    h[0] = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < *n && h[l] < h[m])
            m = l;
        if (r < *n && h[r] < h[m])
            m = r;
        if (m == i)
            break;
        size_t t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
    return top;
}

/* One cycle among the items not emitted: from the first of them, follow
 * not-emitted dependencies until an item repeats.  Fills cyc with the
 * cycle, each item needing the next (and the last needing the first). */
static void find_cycle(const sql_plan *p, const bool *done, size_t *cyc, size_t *ncyc)
{
    size_t n = p->nitems;
    size_t *path = xcalloc(n + 1, sizeof(size_t));
    size_t *pos = xcalloc(n + 1, sizeof(size_t)); /* 1 + index in path; 0: not on it */
    size_t len = 0, u = 0;
    while (done[u])
        u++;
    while (!pos[u]) {
        pos[u] = ++len;
        path[len - 1] = u;
        const sql_item *it = &p->items[u];
        size_t next = SIZE_MAX;
        for (size_t i = 0; i < it->ndeps && next == SIZE_MAX; i++)
            if (!done[it->deps[i]])
                next = it->deps[i];
        u = next;
    }
    *ncyc = 0;
    for (size_t i = pos[u] - 1; i < len; i++)
        cyc[(*ncyc)++] = path[i];
    free(path);
    free(pos);
}

/* Sorts the items into p->order.  On a cycle returns -1 with the cycle
 * in cyc (room for nitems entries) and *ncyc. */
static int topo_sort(sql_plan *p, size_t *cyc, size_t *ncyc)
{
    size_t n = p->nitems;
    size_t *indeg = xcalloc(n + 1, sizeof(size_t));
    size_t *nrev = xcalloc(n + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++) {
        indeg[i] = p->items[i].ndeps;
        for (size_t d = 0; d < p->items[i].ndeps; d++)
            nrev[p->items[i].deps[d]]++;
    }
    /* Dependents of each item, as one flat array with offsets. */
    size_t *off = xcalloc(n + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        off[i + 1] = off[i] + nrev[i];
    size_t *rev = xcalloc(off[n] + 1, sizeof(size_t));
    size_t *fill = xcalloc(n + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        for (size_t d = 0; d < p->items[i].ndeps; d++) {
            size_t t = p->items[i].deps[d];
            rev[off[t] + fill[t]++] = i;
        }
    size_t *heap = xcalloc(n + 1, sizeof(size_t));
    size_t nheap = 0, nout = 0;
    p->order = xcalloc(n + 1, sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        if (!indeg[i])
            heap_push(heap, &nheap, i);
    bool *done = xcalloc(n + 1, sizeof(bool));
    while (nheap) {
        size_t u = heap_pop(heap, &nheap);
        done[u] = true;
        p->order[nout++] = u;
        for (size_t k = off[u]; k < off[u + 1]; k++)
            if (--indeg[rev[k]] == 0)
                heap_push(heap, &nheap, rev[k]);
    }
    int rc = 0;
    if (nout < n) {
        find_cycle(p, done, cyc, ncyc);
        rc = -1;
    }
    free(done);
    free(heap);
    free(fill);
    free(rev);
    free(off);
    free(nrev);
    free(indeg);
    return rc;
}

void sqlp_free(sql_plan *p)
{
    for (size_t i = 0; i < p->nitems; i++)
        free(p->items[i].deps);
    free(p->items);
    free(p->order);
    p->items = NULL;
    p->order = NULL;
    p->nitems = p->items_alloc = 0;
}

static int plan_pass(sql_plan *p, size_t **cyc, size_t *ncyc)
{
    collector cl = {p, NULL, 0, 0};
    collect(&cl, p->privileges);
    if (p->nitems > 1)
        qsort(p->items, p->nitems, sizeof(sql_item), cmp_items);
    if (cl.nreg > 1)
        qsort(cl.reg, cl.nreg, sizeof(reg_entry), cmp_reg);
    /* Now that items have their final positions, point the registry at
     * the item that creates each object.  IT_DEFAULT and IT_RLS items
     * carry their table as obj but do not create it. */
    for (size_t i = 0; i < p->nitems; i++) {
        sql_item *it = &p->items[i];
        if (it->kind == IT_DEFAULT || it->kind == IT_RLS)
            continue;
        reg_entry *e = reg_find(&cl, it->obj);
        if (e && !e->alias)
            e->item = i;
    }
    for (size_t i = 0; i < p->nitems; i++)
        item_deps(&cl, i);
    free(cl.reg);
    *cyc = xcalloc(p->nitems + 1, sizeof(size_t));
    return topo_sort(p, *cyc, ncyc);
}

int sqlp_plan(sql_plan *p, strbuf *err)
{
    for (;;) {
        size_t *cyc = NULL, ncyc = 0;
        if (plan_pass(p, &cyc, &ncyc) == 0) {
            free(cyc);
            return 0;
        }
        /* Repair: split the inline defaults and CHECKs of the tables on
         * the cycle out of their CREATE TABLE.  Only when that changes
         * nothing is the cycle real. */
        bool changed = false;
        for (size_t i = 0; i < ncyc; i++) {
            const sql_item *it = &p->items[cyc[i]];
            const cat_rel *r = (const cat_rel *)it->obj;
            if (it->kind != IT_TABLE || sqlp_split(p, r))
                continue;
            ALLOC_GROW(p->split, p->nsplit + 1, p->split_alloc);
            p->split[p->nsplit++] = r;
            changed = true;
        }
        if (!changed) {
            sb_adds(err, "cannot order the schema: dependency cycle: ");
            for (size_t i = 0; i < ncyc; i++) {
                sqlr_describe(err, &p->items[cyc[i]]);
                sb_adds(err, " needs ");
            }
            sqlr_describe(err, &p->items[cyc[0]]);
            free(cyc);
            return -1;
        }
        free(cyc);
        sqlp_free(p);
    }
}
